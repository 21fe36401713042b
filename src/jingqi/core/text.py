"""Free text as it comes in and as it goes out: one place that decides which characters a text may hold."""

import re

from django.core.validators import MaxLengthValidator

# Control characters have no place in free text, and XML 1.0 cannot carry them at all (a single
# \x01 makes an Open311 answer unparseable). Tab, line feed and carriage return stay; so does
# everything printable. Lone surrogates and U+FFFE/U+FFFF are not characters either.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

# What XML 1.0 forbids (its Char production): the same, except DEL, which XML allows.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def strip_control_characters(value: str) -> str:
    """The text without control characters (tab and line breaks kept). Used on every text input."""
    return _CONTROL.sub("", value) if value else value


def xml_safe(value: str) -> str:
    """The text without the characters XML 1.0 cannot carry, for output built from stored data."""
    return _NOT_XML.sub("", value) if value else value


# --- how long free text may be: one limit mechanism for every field -------------------------------------

# A name, a title, a case number, an address, a schedule: one line.
SHORT_TEXT = 200
# A description, comment, reason, reply, note, summary: a few paragraphs (about two pages of Chinese).
LONG_TEXT = 4000


def clean_text(value) -> str:
    """The text as it is stored and counted: control characters out, Windows line breaks as ``\\n``, stripped."""
    return strip_control_characters(str(value if value is not None else "")).replace("\r\n", "\n").strip()


def check_text(value, *, field: str, limit: int = LONG_TEXT, required: bool = False, label=None,
               empty_message=None) -> str:
    """``value`` cleaned (control characters out, Windows line breaks as ``\\n``) and stripped, or a
    translated :class:`~jingqi.core.errors.ActionError` on ``field`` that names the field.

    Every service calls it on every free-text input, so pages, API, tasks and commands share the limit.
    ``label`` is the field's name as the user knows it; ``empty_message`` replaces the generic message
    when ``required`` and there is nothing but spaces.
    """
    from django.utils.translation import gettext as _

    from .errors import ActionError

    text = clean_text(value)
    name = str(label) if label is not None else field.replace("_", " ")
    if required and not text:
        raise ActionError(str(empty_message) if empty_message else _("%(field)s: this is required.") % {"field": name},
                          field=field)
    if len(text) > limit:
        raise ActionError(_("%(field)s may be at most %(limit)s characters; this one has %(length)s.")
                          % {"field": name, "limit": limit, "length": len(text)}, field=field, code="too_long")
    return text


class TextLengthValidator(MaxLengthValidator):
    """A form's length check that counts as :func:`check_text` does. A form posts a text area's line breaks
    as CR LF, two characters each, where the page's ``maxlength`` and the services count one: a text the
    page let through must not be refused for its line breaks."""

    def clean(self, x):
        return len(clean_text(x))


def _hold_to(field, limit: int) -> None:
    """The form field is held to ``limit`` as the services count it, and the page says so (``maxlength``)."""
    field.max_length = limit
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(TextLengthValidator(limit))
    field.widget.attrs["maxlength"] = str(limit)


def limit_hint(limit: int):
    from django.utils.text import format_lazy
    from django.utils.translation import gettext_lazy

    return format_lazy(gettext_lazy("At most {limit} characters."), limit=limit)


def text_field(label, *, limit: int = LONG_TEXT, required: bool = True, rows: int | None = None, help_text="",
               **kwargs):
    """A form field for free text held to ``limit``: the page gets ``maxlength`` and, for long text, says
    the limit. ``rows`` makes it a text area. The service checks again with :func:`check_text`."""
    from django import forms
    from django.utils.text import format_lazy

    widget = kwargs.pop("widget", None)
    if widget is None and rows is not None:
        widget = forms.Textarea(attrs={"rows": rows})
    hint = limit_hint(limit) if limit > SHORT_TEXT else ""
    help_text = format_lazy("{} {}", help_text, hint) if help_text and hint else (help_text or hint)
    field = forms.CharField(label=label, max_length=limit, required=required, widget=widget, help_text=help_text,
                            **kwargs)
    _hold_to(field, limit)
    return field


class TextLimitsMixin:
    """For model forms: each free-text field is held to the limit the services apply, and shows it.

    ``text_limits`` maps field names to :data:`SHORT_TEXT` or :data:`LONG_TEXT`; text fields it does not
    name keep their model's ``max_length``, or get :data:`LONG_TEXT` when the model has none. Fields in
    ``text_exempt`` are not free text (a GeoJSON boundary, say) and are left to their own validation.
    """

    text_limits: dict[str, int] = {}
    text_exempt: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        from django import forms

        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if type(field) is not forms.CharField or field.widget.is_hidden or name in self.text_exempt:
                continue
            limit = self.text_limits.get(name) or field.max_length or LONG_TEXT
            _hold_to(field, limit)
            if limit > SHORT_TEXT and not field.help_text:
                field.help_text = limit_hint(limit)
