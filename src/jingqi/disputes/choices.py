"""Sources, kinds, states, outcomes and levels of a dispute, and its transitions, declared once."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jingqi.core.states import StateMachine


class Source(models.TextChoices):
    PORTAL = "portal", _("Enterprise liaison (portal)")
    PATROL = "patrol", _("Officer or volunteer on patrol")
    REQUEST = "request", _("Escalated from a request")
    WALK_IN = "walk_in", _("Walk-in at the mediation centre")
    PHONE = "phone", _("Phone call")
    INCIDENT_TRANSFER = "incident_transfer", _("Incident transfer (警情流转)")


POLICE_SOURCES = {Source.PATROL, Source.REQUEST, Source.WALK_IN, Source.PHONE, Source.INCIDENT_TRANSFER}


class Kind(models.TextChoices):
    LABOUR = "labour", _("Labour / wages")
    CONTRACT = "contract", _("Economic / contract")
    CONSTRUCTION = "construction", _("Construction / engineering payment")
    NEIGHBOUR = "neighbour", _("Neighbours / site")
    TRAFFIC = "traffic", _("Traffic")
    CONSUMER = "consumer", _("Consumer")
    OTHER = "other", _("Other")


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    URGENT = "urgent", _("Urgent")
    EMERGENCY = "emergency", _("Emergency")


class Status(models.TextChoices):
    REPORTED = "reported", _("Reported")
    ACCEPTED = "accepted", _("Accepted")
    INVESTIGATING = "investigating", _("Investigating")
    MEDIATING = "mediating", _("In mediation")
    PERFORMING = "performing", _("Agreement being performed")
    SETTLED = "settled", _("Settled")
    FAILED = "failed", _("Mediation failed")
    TRANSFERRED = "transferred", _("Transferred")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REFERRED = "referred", _("Not accepted (referred elsewhere)")
    FOLLOWED_UP = "followed_up", _("Followed up")
    ARCHIVED = "archived", _("Archived")


OPEN_STATUSES = {Status.REPORTED, Status.ACCEPTED, Status.INVESTIGATING, Status.MEDIATING, Status.PERFORMING}
# Ended mediation: waiting for the follow-up visit (回访) or the archive.
ENDED_STATUSES = {Status.SETTLED, Status.FAILED, Status.TRANSFERRED, Status.WITHDRAWN}


class Outcome(models.TextChoices):
    """How a dispute ended, said honestly: only a signed agreement counts as mediated successfully."""

    AGREEMENT = "agreement", _("Settled by agreement")
    NO_AGREEMENT = "no_agreement", _("Settled without a written agreement")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    TRANSFERRED = "transferred", _("Transferred")
    FAILED = "failed", _("Mediation failed")


class Level(models.TextChoices):
    """Where it was settled: 小事不出企业、大事不出园区."""

    ENTERPRISE = "enterprise", _("Within the enterprise")
    PARK = "park", _("Within the park")
    STATION = "station", _("At the station")
    BEYOND = "beyond", _("Beyond the station")


class MediatorRole(models.TextChoices):
    OFFICER = "officer", _("Police officer")
    AUXILIARY = "auxiliary", _("Auxiliary officer")
    VOLUNTEER = "volunteer", _("Volunteer police")
    DEPARTMENT = "department", _("Department staff")
    PEOPLES_MEDIATOR = "peoples_mediator", _("People's mediator")
    LAWYER = "lawyer", _("Lawyer")
    JUDGE = "judge", _("Judge")


class TransferBody(models.TextChoices):
    LABOUR_ARBITRATION = "labour_arbitration", _("Labour arbitration commission")
    COURT = "court", _("Court")
    LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
    PETITION_OFFICE = "petition_office", _("Petition office")
    OTHER = "other", _("Other body")


class Side(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    RESPONDENT = "respondent", _("Respondent")


class SessionResult(models.TextChoices):
    CONTINUE = "continue", _("To be continued")
    AGREED = "agreed", _("Agreement reached")
    FAILED = "failed", _("No agreement possible")


class AgreementStatus(models.TextChoices):
    PERFORMING = "performing", _("Being performed")
    FULFILLED = "fulfilled", _("Fulfilled")
    BROKEN = "broken", _("Broken")


# action → (states it may start from, state it leads to; None keeps the state)
TRANSITIONS = {
    "accept": ({Status.REPORTED}, Status.ACCEPTED),
    "refer": ({Status.REPORTED}, Status.REFERRED),
    "contact": (OPEN_STATUSES, None),
    "arrive": (OPEN_STATUSES, None),
    "investigate": ({Status.ACCEPTED, Status.INVESTIGATING}, Status.INVESTIGATING),
    "add_party": (OPEN_STATUSES, None),
    "plan_session": ({Status.ACCEPTED, Status.INVESTIGATING, Status.MEDIATING}, Status.MEDIATING),
    "record_session": ({Status.MEDIATING}, None),
    "sign_agreement": ({Status.MEDIATING}, Status.PERFORMING),
    "settle": ({Status.MEDIATING}, Status.SETTLED),
    "fail": ({Status.ACCEPTED, Status.INVESTIGATING, Status.MEDIATING, Status.PERFORMING}, Status.FAILED),
    "transfer": ({Status.FAILED}, Status.TRANSFERRED),
    "withdraw": ({Status.REPORTED, Status.ACCEPTED, Status.INVESTIGATING, Status.MEDIATING}, Status.WITHDRAWN),
    "fulfil": ({Status.PERFORMING}, Status.SETTLED),
    "follow_up": ({Status.SETTLED, Status.FAILED, Status.TRANSFERRED}, Status.FOLLOWED_UP),
    "archive": ({Status.FOLLOWED_UP, Status.WITHDRAWN, Status.REFERRED}, Status.ARCHIVED),
    "comment": (OPEN_STATUSES | ENDED_STATUSES | {Status.FOLLOWED_UP}, None),
}

ACTION_LABELS = {
    "accept": _("accepted"), "refer": _("referred elsewhere"),
    "contact": _("marked as contacted"), "arrive": _("marked as arrived"),
    "investigate": _("investigated"), "add_party": _("given a new party"),
    "plan_session": _("given a mediation session"), "record_session": _("given session minutes"),
    "sign_agreement": _("settled by agreement"), "settle": _("settled"),
    "fail": _("marked as failed"), "transfer": _("transferred"),
    "withdraw": _("withdrawn"), "fulfil": _("marked as fulfilled"),
    "follow_up": _("followed up"), "archive": _("archived"), "comment": _("commented on"),
}

MACHINE = StateMachine(TRANSITIONS, labels=ACTION_LABELS,
                       refused=lambda: gettext("This dispute is %(status)s: it cannot be %(action)s now."))


class EventKind(models.TextChoices):
    REPORTED = "reported", _("Reported")
    GROUP = "group", _("Flagged as a group dispute")
    ACCEPTED = "accepted", _("Accepted")
    REFERRED = "referred", _("Referred elsewhere")
    CONTACTED = "contacted", _("First contact")
    ARRIVED = "arrived", _("Arrived on site")
    INVESTIGATED = "investigated", _("Facts recorded")
    PARTY = "party", _("Party added")
    SESSION_PLANNED = "session_planned", _("Mediation session planned")
    SESSION_HELD = "session_held", _("Mediation session held")
    AGREEMENT = "agreement", _("Agreement signed")
    AGREEMENT_CHANGED = "agreement_changed", _("Agreement changed")
    PAYMENT = "payment", _("Payment recorded")
    REMINDER = "reminder", _("Instalment reminder sent")
    DEFAULT = "default", _("Instalment overdue (default)")
    FULFILLED = "fulfilled", _("Agreement fulfilled")
    SETTLED = "settled", _("Settled without a written agreement")
    FAILED = "failed", _("Mediation failed")
    TRANSFERRED = "transferred", _("Transferred")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    FOLLOWED_UP = "followed_up", _("Follow-up visit")
    ARCHIVED = "archived", _("Archived")
    COMMENT = "comment", _("Comment")
    NOTE = "note", _("Internal note")
    ESCALATED = "escalated", _("Escalated (response target missed)")
    DOCUMENT = "document", _("Document")
