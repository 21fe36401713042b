"""States, outcomes and the transitions allowed between them, declared once."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jingqi.core.states import StateMachine


class Channel(models.TextChoices):
    PORTAL = "portal", _("Enterprise portal")
    PHONE = "phone", _("Phone")
    VISIT = "visit", _("Visit")
    INCIDENT_TRANSFER = "incident_transfer", _("Incident transfer")
    API = "api", _("API")


ENTERPRISE_CHANNELS = {Channel.PORTAL, Channel.API}
POLICE_CHANNELS = {Channel.PHONE, Channel.VISIT, Channel.INCIDENT_TRANSFER, Channel.API}


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")


OPEN_STATUSES = {Status.SUBMITTED, Status.ACCEPTED, Status.IN_PROGRESS}


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved as asked")
    RESOLVED_NOT_AS_ASKED = "resolved_not_as_asked", _("Resolved, not as asked")
    NOT_OUR_RESPONSIBILITY = "not_our_responsibility", _("Not our responsibility (referred)")
    DUPLICATE = "duplicate", _("Duplicate")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the department")
    ACCEPTED = "accepted", _("Accepted by the department")
    DONE = "done", _("Done")


# action → (states it may start from, state it leads to; None keeps the state)
TRANSITIONS = {
    "accept": ({Status.SUBMITTED}, Status.ACCEPTED),
    "reject": ({Status.SUBMITTED, Status.ACCEPTED}, Status.REJECTED),
    "whistle": ({Status.ACCEPTED, Status.IN_PROGRESS}, Status.IN_PROGRESS),
    "arrive": ({Status.ACCEPTED, Status.IN_PROGRESS}, None),
    "resolve": ({Status.ACCEPTED, Status.IN_PROGRESS}, Status.RESOLVED),
    "close": ({Status.RESOLVED}, Status.CLOSED),
    "reopen": ({Status.RESOLVED, Status.CLOSED}, Status.IN_PROGRESS),
    "rate": ({Status.CLOSED}, None),
    "comment": ({Status.SUBMITTED, Status.ACCEPTED, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED}, None),
}

TASK_TRANSITIONS = {
    "accept": ({TaskStatus.OPEN}, TaskStatus.ACCEPTED),
    "arrive": ({TaskStatus.OPEN, TaskStatus.ACCEPTED}, None),
    "complete": ({TaskStatus.OPEN, TaskStatus.ACCEPTED}, TaskStatus.DONE),
}

ACTION_LABELS = {
    "accept": _("accepted"), "reject": _("rejected"), "whistle": _("sent to departments"),
    "arrive": _("marked as arrived"), "resolve": _("resolved"), "close": _("closed"),
    "reopen": _("reopened"), "rate": _("rated"), "comment": _("commented on"),
    "complete": _("completed"),
}

MACHINE = StateMachine(TRANSITIONS, labels=ACTION_LABELS,
                       refused=lambda: gettext("This request is %(status)s: it cannot be %(action)s now."))
TASK_MACHINE = StateMachine(TASK_TRANSITIONS, labels=ACTION_LABELS,
                            refused=lambda: gettext("This task is %(status)s: it cannot be %(action)s now."))


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    COMMENT = "comment", _("Comment")
    NOTE = "note", _("Internal note")
    WHISTLED = "whistled", _("Departments called in")
    TASK_ACCEPTED = "task_accepted", _("Department accepted")
    ARRIVED = "arrived", _("Arrived on site")
    TASK_DONE = "task_done", _("Department replied")
    TASK_RECORDED = "task_recorded", _("Department's reply recorded by the police")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    RATED = "rated", _("Rated")
    ESCALATED = "escalated", _("Escalated (overdue)")
    RETURNED = "returned", _("Returned to the supervisor")
    ATTACHMENT = "attachment", _("Attachment")
