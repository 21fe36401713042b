"""Vetting states, skills, places, patrol and guard-operation states and their transitions, declared once."""

from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from jingqi.core.states import StateMachine


class VolunteerStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    VETTED = "vetted", _("Vetted")
    SUSPENDED = "suspended", pgettext_lazy("volunteer status", "Suspended")
    LEFT = "left", _("Left")


VOLUNTEER_TRANSITIONS = {
    "vet": ({VolunteerStatus.APPLIED, VolunteerStatus.SUSPENDED}, VolunteerStatus.VETTED),
    "suspend": ({VolunteerStatus.VETTED}, VolunteerStatus.SUSPENDED),
    "leave": ({VolunteerStatus.APPLIED, VolunteerStatus.VETTED, VolunteerStatus.SUSPENDED}, VolunteerStatus.LEFT),
    "rejoin": ({VolunteerStatus.LEFT}, VolunteerStatus.APPLIED),
}
VOLUNTEER_MACHINE = StateMachine(
    VOLUNTEER_TRANSITIONS,
    refused=lambda: gettext("A volunteer who is %(status)s cannot be %(action)s."),
    labels={"vet": _("vetted"), "suspend": _("suspended"), "leave": _("marked as left"), "rejoin": _("re-admitted")},
)


class Skill(models.TextChoices):
    FIRST_AID = "first_aid", _("First aid")
    FIRE = "fire", _("Fire fighting")
    DRIVING = "driving", _("Driving")
    MEDIATION = "mediation", _("Mediation")


class RecognitionKind(models.TextChoices):
    COMMENDATION = "commendation", _("Commendation")
    CERTIFICATE = "certificate", _("Certificate")
    STAR = "star", _("Star volunteer")


class PlaceKind(models.TextChoices):
    AREA = "area", _("Patrol area")
    ROUTE = "route", _("Route")
    CHECKPOINT = "checkpoint", _("Checkpoint")


#: The GeoJSON geometry type each kind of place is drawn as.
PLACE_GEOMETRY = {PlaceKind.AREA: "Polygon", PlaceKind.ROUTE: "LineString", PlaceKind.CHECKPOINT: "Point"}


class CoverPeriod(models.TextChoices):
    NIGHT = "night", _("Night")
    SHIFT_CHANGE = "shift_change", _("Shift change")
    SCHOOL_START = "school_start", _("School start")
    SCHOOL_END = "school_end", _("School end")
    HOLIDAYS = "holidays", _("Holidays")


class Mode(models.TextChoices):
    FOOT = "foot", _("On foot")
    CAR = "car", _("By car")


class PatrolStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


PATROL_TRANSITIONS = {
    "edit": ({PatrolStatus.PLANNED}, None),
    "start": ({PatrolStatus.PLANNED}, PatrolStatus.UNDER_WAY),
    "check_in": ({PatrolStatus.PLANNED, PatrolStatus.UNDER_WAY}, PatrolStatus.UNDER_WAY),
    "report": ({PatrolStatus.PLANNED, PatrolStatus.UNDER_WAY}, None),
    "finish": ({PatrolStatus.UNDER_WAY}, PatrolStatus.DONE),
    "cancel": ({PatrolStatus.PLANNED}, PatrolStatus.CANCELLED),
}
PATROL_MACHINE = StateMachine(
    PATROL_TRANSITIONS,
    refused=lambda: gettext("A patrol that is %(status)s cannot be %(action)s."),
    labels={"edit": _("changed"), "start": _("started"), "check_in": _("checked in to"),
            "report": _("given a finding"), "finish": _("finished"), "cancel": _("cancelled")},
)


class MemberRole(models.TextChoices):
    OFFICER = "officer", _("Officer")
    AUXILIARY = "auxiliary", _("Auxiliary officer")
    VOLUNTEER = "volunteer", _("Volunteer")


class FindingKind(models.TextChoices):
    HAZARD = "hazard", _("Safety hazard")
    REQUEST = "request", _("Enterprise request or problem")
    DISPUTE = "dispute", _("Dispute")
    OTHER = "other", _("Other (recorded only)")


class FindingStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    OPENED = "opened", _("Opened in its app")
    AWAITING = "awaiting", _("Waiting for the hazard ledger")


class OperationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SOLVING = "solving", _("Solving")
    ROSTERED = "rostered", _("Rostered")
    CLOSED = "closed", _("Closed")


OPERATION_TRANSITIONS = {
    "edit": ({OperationStatus.DRAFT, OperationStatus.ROSTERED}, None),
    "solve": ({OperationStatus.DRAFT, OperationStatus.ROSTERED}, OperationStatus.SOLVING),
    "solved": ({OperationStatus.SOLVING}, OperationStatus.ROSTERED),
    "solve_failed": ({OperationStatus.SOLVING}, OperationStatus.DRAFT),
    "edit_roster": ({OperationStatus.ROSTERED}, None),
    "close": ({OperationStatus.DRAFT, OperationStatus.ROSTERED}, OperationStatus.CLOSED),
}
OPERATION_MACHINE = StateMachine(
    OPERATION_TRANSITIONS,
    refused=lambda: gettext("A guard operation that is %(status)s cannot be %(action)s."),
    labels={"edit": _("changed"), "solve": _("solved"), "solved": _("given a roster"),
            "solve_failed": _("given a failed solve"), "edit_roster": _("given a roster edit"),
            "close": _("closed")},
)


class SolveStatus(models.TextChoices):
    OPTIMAL = "optimal", _("Optimal")
    FEASIBLE = "feasible", _("Feasible (time limit reached)")
    PARTIAL = "partial", _("Partial: some slots cannot be covered")
    FAILED = "failed", _("Failed")


class ShiftSource(models.TextChoices):
    SOLVER = "solver", _("Solver")
    MANUAL = "manual", _("Edited by hand")
    SWAP = "swap", _("Swap")


class SwapStatus(models.TextChoices):
    ASKED = "asked", _("Asked")
    CONSENTED = "consented", _("Agreed by the other volunteer")
    ACCEPTED = "accepted", pgettext_lazy("swap", "Accepted")
    DECLINED = "declined", _("Declined")
    REFUSED = "refused", _("Refused by the rules")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_SWAP_STATUSES = (SwapStatus.ASKED, SwapStatus.CONSENTED)
