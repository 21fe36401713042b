"""Timeline writers: one function per kind of event. Only the services call them."""

from django.utils import timezone

from jingqi.core.bulk import insert_rows

from .choices import EventKind
from .models import Ticket, TicketEvent, TicketTask


def _event(ticket: Ticket, kind: str, actor, message: str = "", *, task: TicketTask | None = None,
           internal: bool = False, **data) -> TicketEvent:
    return TicketEvent.objects.create(ticket=ticket, task=task, kind=kind, actor=actor, at=timezone.now(),
                                      message=message, internal=internal, data=data)


def ticket_submitted_event(ticket, actor):
    return _event(ticket, EventKind.SUBMITTED, actor, channel=ticket.channel)


def ticket_accepted_event(ticket, actor):
    return _event(ticket, EventKind.ACCEPTED, actor)


def ticket_rejected_event(ticket, actor, reason):
    return _event(ticket, EventKind.REJECTED, actor, reason)


def ticket_commented_event(ticket, actor, text, *, internal):
    return _event(ticket, EventKind.NOTE if internal else EventKind.COMMENT, actor, text, internal=internal)


def ticket_whistled_event(ticket, actor, tasks, note):
    return _event(ticket, EventKind.WHISTLED, actor, note,
                  departments=[t.department.name for t in tasks], task_ids=[t.pk for t in tasks])


def task_accepted_event(task, actor):
    return _event(task.ticket, EventKind.TASK_ACCEPTED, actor, task=task, department=task.department.name)


def arrived_event(ticket, actor, task=None):
    return _event(ticket, EventKind.ARRIVED, actor, task=task,
                  department=task.department.name if task else "")


def task_completed_event(task, actor):
    return _event(task.ticket, EventKind.TASK_DONE, actor, task.reply, task=task, department=task.department.name)


def task_reply_recorded_event(task, actor):
    """A department's reply given by phone or in person, typed in by the police on its behalf."""
    return _event(task.ticket, EventKind.TASK_RECORDED, actor, task.reply, task=task, department=task.department.name,
                  on_behalf_of=task.department.name)


def ticket_resolved_event(ticket, actor, note):
    return _event(ticket, EventKind.RESOLVED, actor, note, outcome=ticket.outcome)


def ticket_closed_event(ticket, actor):
    return _event(ticket, EventKind.CLOSED, actor)


def ticket_reopened_event(ticket, actor, reason):
    return _event(ticket, EventKind.REOPENED, actor, reason)


def ticket_rated_event(ticket, actor):
    return _event(ticket, EventKind.RATED, actor, ticket.rating_comment, rating=ticket.rating)


def escalated_events(items, level) -> int:
    """The escalation sweep's batch: one internal event per (ticket id, task id or None), written at once."""
    at = timezone.now()
    return insert_rows(TicketEvent, [{"ticket_id": ticket_id, "task_id": task_id,
                                      "kind": EventKind.ESCALATED, "actor_id": None, "at": at, "message": "",
                                      "internal": True, "data": {"level": level}} for ticket_id, task_id in items])


def ticket_returned_event(ticket, reason):
    return _event(ticket, EventKind.RETURNED, None, reason, internal=True)


def ticket_attachment_event(ticket, actor, name, *, internal):
    return _event(ticket, EventKind.ATTACHMENT, actor, name, internal=internal)
