from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ParkKind(models.TextChoices):
    INDUSTRIAL_PARK = "industrial_park", _("Industrial park")
    ENTERPRISE_COMMUNITY = "enterprise_community", _("Enterprise community")


class StationingMode(models.TextChoices):
    PERMANENT = "permanent", _("Permanent (常驻)")
    ROTATING = "rotating", _("Rotating (轮驻)")
    ON_CALL = "on_call", _("On call (随驻)")


class EnterpriseStatus(models.TextChoices):
    ACTIVE = "active", _("Operating")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", pgettext_lazy("enterprise status", "Closed")


class ContactRole(models.TextChoices):
    LEGAL_REPRESENTATIVE = "legal_representative", _("Legal representative")
    SECURITY_HEAD = "security_head", _("Head of security")
    ADMIN_HEAD = "admin_head", _("Head of administration")
    LIAISON = "liaison", _("Liaison")
    OTHER = "other", _("Other")


class TeamRole(models.TextChoices):
    RESPONSIBLE_OFFICER = "officer", _("Responsible officer")
    AUXILIARY = "auxiliary", _("Auxiliary officer")
    DEPARTMENT_PARTNER = "department", _("Department partner")
    ENTERPRISE_CONTACT = "enterprise", _("Enterprise counterpart")


class VisitKind(models.TextChoices):
    ROUTINE = "routine", _("Routine visit (日常走访)")
    INCIDENT_TRANSFER = "incident_transfer", _("Incident transfer (警情流转)")
    DYNAMIC_COLLECTION = "dynamic_collection", _("Dynamic collection (动态收集)")


class CollectedItem(models.TextChoices):
    STAFF_CHANGES = "staff_changes", _("Staff changes")
    SAFETY_HAZARD = "safety_hazard", _("Safety hazard")
    DISPUTE = "dispute", _("Dispute or grievance")
    REQUEST = "request", _("Enterprise request")
    SECURITY = "security", _("Security arrangements")
    FRAUD_RISK = "fraud_risk", _("Fraud risk")
    OTHER = "other", _("Other")
