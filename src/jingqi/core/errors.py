from django.core.exceptions import ValidationError


class ActionError(Exception):
    """A domain action was refused: a guard failed or the input was wrong.

    The message is already translated and safe to show to the user who asked.
    """

    def __init__(self, message, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def as_validation_error(self) -> ValidationError:
        if self.field:
            return ValidationError({self.field: [self.message]}, code=self.code)
        return ValidationError(self.message, code=self.code)


class PermissionDenied(ActionError):
    """The actor has no right to perform this action on this object."""

    def __init__(self, message=None):
        from django.utils.translation import gettext as _

        super().__init__(message or _("You do not have permission to do this."), code="permission_denied")


def form_error(form, exc: ActionError, *, prefix: str = "") -> None:
    """A service's refusal shown on the form: beside the field it names (``prefix`` + field for a prefixed form),
    above the form when it names none of the form's fields."""
    for name in (exc.field, f"{prefix}{exc.field}" if prefix and exc.field else None):
        if name and name in form.fields:
            form.add_error(name, exc.message)
            return
    form.add_error(None, exc.message)


def flash_form_errors(request, form) -> None:
    """Every error of an invalid form as a message on the page it redirects to."""
    from django.contrib import messages

    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
