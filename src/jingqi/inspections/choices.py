"""Risk levels, inspection kinds, visit and hazard states and their transitions, declared once."""

from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from jingqi.core.states import StateMachine


class RiskLevel(models.IntegerChoices):
    """The four safety-risk levels (安全风险分级), lowest first: a rule's "at least" compares these numbers."""

    LOW = 1, _("Low (blue)")
    GENERAL = 2, _("General (yellow)")
    SERIOUS = 3, _("Serious (orange)")
    MAJOR = 4, _("Major (red)")


class InspectionKind(models.TextChoices):
    FIRE = "fire", _("Fire safety")
    PRODUCTION = "production", _("Production safety")
    CHEMICALS = "chemicals", _("Hazardous chemicals")
    PUBLIC_SECURITY = "public_security", _("Public security")
    OTHER = "other", _("Station's own")


#: How often a rule asks for an inspection, as months; periods are aligned to the calendar year.
EVERY_MONTHS = (1, 2, 3, 4, 6, 12)


class Every(models.IntegerChoices):
    MONTH = 1, _("Every month")
    TWO_MONTHS = 2, _("Every two months")
    QUARTER = 3, _("Every quarter")
    FOUR_MONTHS = 4, _("Every four months")
    HALF_YEAR = 6, _("Every half year")
    YEAR = 12, _("Every year")


class RequirementStatus(models.TextChoices):
    DUE = "due", pgettext_lazy("inspection requirement", "Due")
    PLANNED = "planned", pgettext_lazy("inspection requirement", "Planned")
    DONE = "done", _("Done")
    WAIVED = "waived", _("Waived")


OPEN_REQUIREMENT_STATUSES = (RequirementStatus.DUE, RequirementStatus.PLANNED)


class VisitStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("inspection visit", "Planned")
    DONE = "done", pgettext_lazy("inspection visit", "Done")
    CANCELLED = "cancelled", _("Cancelled")


VISIT_TRANSITIONS = {
    "change": ({VisitStatus.PLANNED}, None),
    "inspect": ({VisitStatus.PLANNED}, None),
    "finish": ({VisitStatus.PLANNED}, VisitStatus.DONE),
    "cancel": ({VisitStatus.PLANNED}, VisitStatus.CANCELLED),
}
VISIT_MACHINE = StateMachine(
    VISIT_TRANSITIONS,
    refused=lambda: gettext("A visit that is %(status)s cannot be %(action)s."),
    labels={"change": _("changed"), "inspect": _("inspected"), "finish": _("finished"), "cancel": _("cancelled")},
)


class InspectionStatus(models.TextChoices):
    DRAFT = "draft", _("Being filled in")
    SUBMITTED = "submitted", _("Submitted")


class Answer(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    NOT_APPLICABLE = "na", _("Not applicable")


class Severity(models.TextChoices):
    GENERAL = "general", _("General hazard (一般隐患)")
    MAJOR = "major", _("Major hazard (重大隐患)")


class HazardSource(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    PATROL = "patrol", _("Patrol finding")
    REQUEST = "request", _("Enterprise request")
    REPORT = "report", _("Report")


class HazardStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    RECTIFYING = "rectifying", _("Being fixed")
    FIX_REPORTED = "fix_reported", _("Fix reported")
    CLOSED = "closed", _("Closed (销号)")
    VOID = "void", _("Void")


OPEN_HAZARD_STATUSES = (HazardStatus.REPORTED, HazardStatus.RECTIFYING, HazardStatus.FIX_REPORTED)

HAZARD_TRANSITIONS = {
    "fix_on_site": ({HazardStatus.REPORTED}, HazardStatus.CLOSED),
    "assign": ({HazardStatus.REPORTED, HazardStatus.RECTIFYING}, HazardStatus.RECTIFYING),
    "report_fix": ({HazardStatus.RECTIFYING}, HazardStatus.FIX_REPORTED),
    "close": ({HazardStatus.FIX_REPORTED}, HazardStatus.CLOSED),
    "send_back": ({HazardStatus.FIX_REPORTED}, HazardStatus.RECTIFYING),
    "void": ({HazardStatus.REPORTED, HazardStatus.RECTIFYING, HazardStatus.FIX_REPORTED}, HazardStatus.VOID),
    "comment": (set(OPEN_HAZARD_STATUSES), None),
}
HAZARD_MACHINE = StateMachine(
    HAZARD_TRANSITIONS,
    refused=lambda: gettext("A hazard that is %(status)s cannot be %(action)s."),
    labels={"fix_on_site": _("fixed on site"), "assign": _("given a deadline"), "report_fix": _("reported fixed"),
            "close": _("closed"), "send_back": _("sent back"), "void": _("voided"), "comment": _("commented on")},
)


class Verification(models.TextChoices):
    REINSPECTION = "reinspection", _("Re-inspection on site")
    PHOTO_REVIEW = "photo_review", _("Photo review")


class PhotoKind(models.TextChoices):
    BEFORE = "before", _("As found")
    AFTER = "after", _("After the fix")


class HazardEventKind(models.TextChoices):
    REPORTED = "reported", _("Reported")
    FIXED_ON_SITE = "fixed_on_site", _("Fixed on site")
    ASSIGNED = "assigned", _("Deadline set")
    FIX_REPORTED = "fix_reported", _("Fix reported")
    SENT_BACK = "sent_back", _("Sent back")
    CLOSED = "closed", _("Closed (销号)")
    VOIDED = "voided", _("Voided")
    ESCALATED = "escalated", _("Escalated")
    COMMENT = "comment", _("Comment")
