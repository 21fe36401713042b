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
