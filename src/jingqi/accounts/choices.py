from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SUPERVISOR = "supervisor", _("Station supervisor")
    OFFICER = "officer", _("Police officer")
    AUXILIARY = "auxiliary", _("Auxiliary officer")
    DEPARTMENT = "department", _("Department handler")
    LIAISON = "liaison", _("Enterprise liaison")
    VOLUNTEER = "volunteer", _("Volunteer police")
    VIEWER = "viewer", _("City/county viewer")


POLICE_ROLES = frozenset({Role.SUPERVISOR, Role.OFFICER, Role.AUXILIARY})
