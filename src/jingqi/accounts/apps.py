from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jingqi.accounts"
    label = "accounts"
    verbose_name = _("Accounts")


class TOTPConfig(AppConfig):
    """django_otp's authenticator-app devices, named in the interface's language (the admin showed the
    bare label "OTP_TOTP" and the untranslated "TOTP devices")."""

    name = "django_otp.plugins.otp_totp"
    label = "otp_totp"
    default_auto_field = "django.db.models.AutoField"
    verbose_name = _("Two-factor sign-in")

    def ready(self):
        model = self.get_model("TOTPDevice")
        # Only the displayed names: ``original_attrs`` (what migrations compare) stays as shipped, so no
        # migration is asked for in a third-party app.
        model._meta.verbose_name = _("authenticator app")
        model._meta.verbose_name_plural = _("authenticator apps")
