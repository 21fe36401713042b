"""Kinds, states and transitions of cases, outreach events and background checks, declared once."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jingqi.core.states import StateMachine

# --- cases -------------------------------------------------------------------------------------------------


class CaseKind(models.TextChoices):
    THEFT = "theft", _("Theft")
    FRAUD = "fraud", _("Telecom / online fraud")
    EMBEZZLEMENT = "embezzlement", _("Embezzlement (职务侵占)")
    EXTORTION = "extortion", _("Extortion")
    IP = "ip", _("IP infringement")
    DAMAGE = "damage", _("Damage to property")
    OTHER = "other", _("Other")


class CaseSource(models.TextChoices):
    ENTERPRISE = "enterprise", _("Reported by the enterprise")
    PATROL = "patrol", _("Found on patrol")
    REQUEST = "request", _("From a request")
    DISPUTE = "dispute", _("From a dispute")
    CLUE = "clue", _("From a false-claim clue")
    INCIDENT = "incident", _("Incident transfer (警情流转)")


class CaseStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    FILED = "filed", _("Filed (立案)")
    SOLVED = "solved", _("Solved (破案)")
    CLOSED = "closed", _("Closed (结案)")
    NOT_FILED = "not_filed", _("Not filed")


OPEN_CASE_STATUSES = {CaseStatus.REPORTED, CaseStatus.FILED}

CASE_TRANSITIONS = {
    "file": ({CaseStatus.REPORTED}, CaseStatus.FILED),
    "decline": ({CaseStatus.REPORTED}, CaseStatus.NOT_FILED),
    "solve": ({CaseStatus.FILED}, CaseStatus.SOLVED),
    "close": ({CaseStatus.SOLVED}, CaseStatus.CLOSED),
    # Recoveries keep coming after a case is solved: goods found in another region, restitution ordered.
    "recover": ({CaseStatus.FILED, CaseStatus.SOLVED, CaseStatus.CLOSED}, None),
    "edit": ({CaseStatus.REPORTED, CaseStatus.FILED, CaseStatus.SOLVED}, None),
    "note": ({CaseStatus.REPORTED, CaseStatus.FILED, CaseStatus.SOLVED, CaseStatus.CLOSED, CaseStatus.NOT_FILED},
             None),
}
CASE_ACTION_LABELS = {
    "file": _("filed"),
    "decline": _("declined"),
    "solve": _("marked solved"),
    "close": _("closed"),
    "recover": _("given a recovery"),
    "edit": _("edited"),
    "note": _("given a note"),
}
CASE_MACHINE = StateMachine(CASE_TRANSITIONS, labels=CASE_ACTION_LABELS,
                            refused=lambda: gettext("This case is %(status)s: it cannot be %(action)s now."))


class CaseEventKind(models.TextChoices):
    REPORTED = "reported", _("Reported")
    FILED = "filed", _("Filed")
    DECLINED = "declined", _("Not filed")
    SOLVED = "solved", _("Solved")
    CLOSED = "closed", _("Case closed")
    RECOVERY = "recovery", _("Recovery")
    EDITED = "edited", _("Details changed")
    VICTIM = "victim", _("Victim enterprise added")
    LINKED = "linked", _("Linked")
    NOTE = "note", _("Note")


# --- outreach ----------------------------------------------------------------------------------------------


class OutreachTopic(models.TextChoices):
    ANTI_FRAUD = "anti_fraud", _("Anti-fraud")
    FIRE = "fire", _("Fire safety")
    TRAFFIC = "traffic", _("Traffic safety")
    DRUGS = "drugs", _("Drug prevention")
    LAW = "law", _("Law and rights")
    OTHER = "other", _("Other")


class OutreachStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


OUTREACH_TRANSITIONS = {
    "edit": ({OutreachStatus.PLANNED}, None),
    "invite": ({OutreachStatus.PLANNED}, None),
    "hold": ({OutreachStatus.PLANNED}, OutreachStatus.HELD),
    # Attendance is corrected after the event, from the sign-in sheets.
    "attendance": ({OutreachStatus.HELD}, None),
    "cancel": ({OutreachStatus.PLANNED}, OutreachStatus.CANCELLED),
}
OUTREACH_ACTION_LABELS = {
    "edit": _("edited"),
    "invite": _("given more enterprises"),
    "hold": _("recorded as held"),
    "attendance": _("given attendance"),
    "cancel": _("cancelled"),
}
OUTREACH_MACHINE = StateMachine(OUTREACH_TRANSITIONS, labels=OUTREACH_ACTION_LABELS,
                                refused=lambda: gettext("This event is %(status)s: it cannot be %(action)s now."))


# --- background checks -------------------------------------------------------------------------------------


class CheckStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ADVISED = "advised", _("Advice given")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


CHECK_TRANSITIONS = {
    "advise": ({CheckStatus.REQUESTED}, CheckStatus.ADVISED),
    "decline": ({CheckStatus.REQUESTED}, CheckStatus.DECLINED),
    "withdraw": ({CheckStatus.REQUESTED}, CheckStatus.WITHDRAWN),
}
CHECK_ACTION_LABELS = {
    "advise": _("advised on"),
    "decline": _("turned down"),
    "withdraw": _("withdrawn"),
}
CHECK_MACHINE = StateMachine(CHECK_TRANSITIONS, labels=CHECK_ACTION_LABELS,
                             refused=lambda: gettext("This check is %(status)s: it cannot be %(action)s now."))


class ConsentScope(models.TextChoices):
    """What the candidate agreed may be looked at; the advice never says what was found."""

    CRIMINAL = "criminal", _("Criminal record")
    DRUGS = "drugs", _("Drug use record")
    WANTED = "wanted", _("Wanted or under investigation")
    ADMIN = "admin", _("Administrative penalties (public security)")


class Advice(models.TextChoices):
    SUITABLE = "suitable", _("Suitable")
    ATTENTION = "attention", _("Suitable, with attention")
    NOT_ADVISED = "not_advised", _("Not advised for this position")


class ReasonCategory(models.TextChoices):
    """The only thing the enterprise learns about why: a category, never the record."""

    NONE = "none", _("No relevant record")
    RELATED_OFFENCE = "related_offence", _("A record relevant to this position's duties")
    DRUGS = "drugs", _("A drug-related record")
    PENDING = "pending", _("A matter still being handled")
    OTHER = "other", _("Another relevant reason")


class DeclineReason(models.TextChoices):
    CONSENT = "consent", _("The consent is missing, unsigned or does not cover this check")
    SCOPE = "scope", _("The position does not justify this check")
    IDENTITY = "identity", _("The candidate's identity could not be confirmed")
