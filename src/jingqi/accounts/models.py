from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import POLICE_ROLES, Role


class User(AbstractUser):
    """A person who signs in. The role says what kind of work they do; the scope fields say where.

    supervisor → ``station``; officer/auxiliary → ``office``; department handler → ``department``;
    enterprise liaison → ``enterprise``; volunteer and viewer need no scope object here.
    """

    full_name = models.CharField(_("full name"), max_length=60, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    station = models.ForeignKey(
        "registry.Station", verbose_name=_("station"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="staff",
    )
    office = models.ForeignKey(
        "registry.Office", verbose_name=_("police office"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="staff",
    )
    department = models.ForeignKey(
        "registry.Department", verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="staff",
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name=_("enterprise"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="liaisons",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [("reveal_personal_data", _("Can reveal ID numbers and phone numbers"))]
        constraints = [
            models.CheckConstraint(
                name="user_scope_matches_role",
                condition=(
                    models.Q(role="supervisor", station__isnull=False)
                    | models.Q(role__in=["officer", "auxiliary"], office__isnull=False)
                    | models.Q(role="department", department__isnull=False)
                    | models.Q(role="liaison", enterprise__isnull=False)
                    | models.Q(role__in=["volunteer", "viewer"])
                    | models.Q(is_superuser=True)
                ),
            )
        ]

    def __str__(self):
        return self.full_name or self.username

    # API tokens follow the password and the account's state, as sessions do through Django's session
    # hash: whatever changes the password (services, the admin's forms, ``jingqi changepassword``) or
    # disables or re-enables the account ends every token, so none survives or comes back. Done here,
    # at the one place every path goes through, not in a signal; services audit it.
    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._credentials_as_loaded = instance._credentials()
        return instance

    def _credentials(self) -> tuple:
        return (self.__dict__.get("password"), self.__dict__.get("is_active"))

    def save(self, *args, **kwargs):
        loaded = getattr(self, "_credentials_as_loaded", None)
        # Django re-hashes a password at sign-in when its hasher's settings change (``check_password`` saves the
        # same password in a new form): not a change of password, so the account's tokens live on.
        rehash = getattr(self, "_checking_password", False)
        super().save(*args, **kwargs)
        current = self._credentials()
        # A field that was deferred when loaded (None then) cannot be compared.
        if (not rehash and loaded is not None
                and any(was is not None and was != now for was, now in zip(loaded, current, strict=True))):
            from .tokens import revoke_api_tokens

            revoke_api_tokens(self)
        self._credentials_as_loaded = current

    def check_password(self, raw_password):
        self._checking_password = True
        try:
            return super().check_password(raw_password)
        finally:
            self._checking_password = False

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        # What was just read is what later saves compare with (else a save after a refresh would compare with the
        # values of the first load and take a change made elsewhere for one made here).
        self._credentials_as_loaded = self._credentials()

    def get_role_display(self) -> str:
        # A superuser is stored with the default role (viewer), but is not one: say what they are.
        if self.is_superuser:
            return str(_("Administrator"))
        return str(Role(self.role).label) if self.role in Role.values else self.role

    @property
    def is_police(self) -> bool:
        return self.role in POLICE_ROLES

    @property
    def can_reveal(self) -> bool:
        return self.is_active and self.has_perm("accounts.reveal_personal_data")
