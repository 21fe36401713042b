from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _


class ThrottledSignInMixin:
    """For a Django authentication form: the password is checked through ``services.authenticate``, so
    every sign-in form counts towards, and is held by, the one throttle."""

    def clean(self):
        from . import services

        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            try:
                self.user_cache = services.authenticate(self.request, username, password)
            except services.SignInThrottled as exc:
                raise exc.as_validation_error()
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data

    def is_throttled(self) -> bool:
        return self.has_error(NON_FIELD_ERRORS, code="throttled")


class SignInForm(ThrottledSignInMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("The user name or password is wrong."),
        "inactive": _("This account is disabled."),
    }


class AdminSignInForm(ThrottledSignInMixin, AdminAuthenticationForm):
    """The admin's login form (``admin.site.login_form``), under the same throttle as the sign-in page."""


class TokenForm(forms.Form):
    token = forms.CharField(label=_("Six-digit code"), max_length=8,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                          "autofocus": True}))
