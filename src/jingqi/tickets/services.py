"""Request actions: the only code that writes tickets, tasks and their timeline.

Each action locks the request row (``select_for_update``), checks the actor's right and the state
machine, writes, appends to the timeline, audits, and notifies after commit. Two officers acting at
once therefore queue on the lock; the second sees the state the first left, never a lost update.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, DateTimeField, F, When
from django.db.models.functions import Least
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from jingqi.accounts.choices import POLICE_ROLES, Role
from jingqi.accounts.models import User
from jingqi.core import audit, escalation
from jingqi.core.compiled import CompiledRead
from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.notify import Notice, Recipient, links, notify_many_on_commit, notify_on_commit
from jingqi.core.numbering import create_numbered
from jingqi.core.parsing import parse_int
from jingqi.core.scoping import access
from jingqi.core.text import SHORT_TEXT, check_text
from jingqi.core.versioning import check_version
from jingqi.core.workcalendar import Deadline, WorkCalendar
from jingqi.registry.models import Department, Enterprise

from . import events
from .choices import ENTERPRISE_CHANNELS, MACHINE, POLICE_CHANNELS, Outcome, Status, TaskStatus
from .models import DESCRIPTION_LIMIT, TITLE_LIMIT, Open311Key, Ticket, TicketTask

# Refused when the page or API call read an older version (core.versioning).
STALE_REQUEST = _lazy("Someone else changed this request while you were looking at it. Reload the page and try again.")

AUDITED = ["status", "outcome", "handler", "status_note", "rating", "reopened_count", "escalation_level"]


# --- helpers ---------------------------------------------------------------------------------------


def _lock(actor, ticket, action: str = "change") -> Ticket:
    ticket = access(Ticket.objects.select_for_update(), actor, ticket.pk, action)
    return Ticket.objects.select_related("station", "enterprise__park", "service_item").get(pk=ticket.pk)


def _save(ticket: Ticket, actor, action: str, before: dict, *fields: str):
    ticket.version += 1
    ticket.save(update_fields=[*fields, "version", "updated_at"])
    audit.record(actor, f"ticket.{action}", ticket, audit.diff(before, audit.snapshot(ticket, AUDITED)))


def _move(ticket: Ticket, action: str):
    MACHINE.move(ticket, action)


def _url(ticket: Ticket) -> str:
    return reverse("tickets:ticket_detail", args=[ticket.pk])


def _payload(ticket: Ticket) -> dict:
    return {"reference": ticket.reference, "status": ticket.status, "enterprise_uscc": ticket.enterprise.uscc,
            "service_code": ticket.service_item.code if ticket.service_item else None}


def _later(users, verb, title, ticket, body=""):
    """Told as part of the action's transaction (core.notify: the inbox in it, email and webhooks after its
    commit), dated now: the time of the action (the demo's simulated time when it replays)."""
    notify_on_commit(users, verb, title, body, _url(ticket), _payload(ticket))


def supervisors_of(ticket):
    return _supervisors(ticket.station_id)


def _supervisors(station_id):
    return User.objects.filter(role=Role.SUPERVISOR, station_id=station_id, is_active=True)


def liaisons_of(ticket):
    return User.objects.filter(role=Role.LIAISON, enterprise_id=ticket.enterprise_id, is_active=True)


def officers_of(ticket) -> list:
    """The active officers of the office serving the request's park (told of news when nobody handles it)."""
    office = ticket.enterprise.park.office_id
    return _OFFICERS_OF_OFFICE(office=office) if office is not None else list(_officers(None))


def _officers(office_id):
    return User.objects.filter(role__in=[Role.OFFICER, Role.AUXILIARY], office_id=office_id, is_active=True)


# Read on every request submitted with nobody to handle it yet: compiled once per connection (core.compiled).
_OFFICERS_OF_OFFICE = CompiledRead(lambda office: _officers(office), office=int)


def handlers_of(department):
    """The active staff of ``department`` (a Department or its id)."""
    return User.objects.filter(role=Role.DEPARTMENT, department=department, is_active=True)


def _is_police(actor) -> bool:
    return actor.role in POLICE_ROLES or actor.is_superuser


def _mark_replied(ticket: Ticket, at) -> None:
    """The first thing the enterprise can read that answers it (not the acceptance): kept once.

    A conditional update, so that a department's reply does not need the request's lock or version."""
    if ticket.first_replied_at is None:
        Ticket.objects.filter(pk=ticket.pk, first_replied_at__isnull=True).update(first_replied_at=at)
        ticket.first_replied_at = at


# --- deadlines -------------------------------------------------------------------------------------


def deadlines_for(station, service_item, start) -> tuple[Deadline, Deadline]:
    """Response (working hours) and resolution (working days) deadlines on the official calendar."""
    calendar, hours = WorkCalendar(), station.business_intervals
    response_hours = service_item.response_limit_hours if service_item else settings.TICKET_DEFAULT_RESPONSE_HOURS
    resolution_days = service_item.resolution_limit_days if service_item else settings.TICKET_DEFAULT_RESOLUTION_DAYS
    return (calendar.add_working_hours(start, response_hours, hours),
            calendar.add_working_days(start, resolution_days, hours))


# --- intake ----------------------------------------------------------------------------------------


def check_may_submit_ticket(actor) -> None:
    """Enterprises (through their liaisons) and the police submit requests; nobody else, whatever they send."""
    if actor.role != Role.LIAISON and not _is_police(actor):
        raise PermissionDenied()


def check_submit_ticket(actor, *, enterprise: Enterprise, channel: str, title: str, description: str,
                        service_item=None, kind: str = "", address: str = "") -> dict:
    if actor.role == Role.LIAISON:
        if enterprise.pk != actor.enterprise_id:
            raise PermissionDenied()
        if channel not in ENTERPRISE_CHANNELS:
            raise ActionError(_("Choose how the request reached you."), field="channel")
    elif _is_police(actor):
        access(Enterprise.objects.all(), actor, enterprise.pk)
        if channel not in POLICE_CHANNELS:
            raise ActionError(_("Choose how the request reached you."), field="channel")
    else:
        raise PermissionDenied()
    return check_submit_fields(title=title, description=description, service_item=service_item, kind=kind,
                               address=address)


def check_submit_fields(*, title: str, description: str, service_item, kind: str, address: str = "") -> dict:
    title = check_text(title, field="title", limit=TITLE_LIMIT, required=True, label=_("Title"),
                       empty_message=_("Give the request a short title."))
    description = check_text(description, field="description", limit=DESCRIPTION_LIMIT, required=True,
                             label=_("Description"), empty_message=_("Describe what the enterprise needs."))
    address = check_text(address, field="address", limit=SHORT_TEXT, label=_("Address or place"))
    if service_item is not None and not service_item.active:
        raise ActionError(_("This service item is no longer offered."), field="service_item")
    from jingqi.catalog.choices import RequestKind

    kind = service_item.kind if service_item is not None else kind
    if kind not in RequestKind.values:
        raise ActionError(_("Choose a service item or the kind of request."), field="kind")
    return {"title": title, "description": description, "kind": kind, "address": address}


@transaction.atomic
def do_submit_ticket(actor, *, enterprise: Enterprise, channel: str, title: str, description: str,
                     service_item=None, kind: str = "", address: str = "", latitude=None, longitude=None,
                     submitted_at=None) -> Ticket:
    clean = check_submit_ticket(actor, enterprise=enterprise, channel=channel, title=title,
                                description=description, service_item=service_item, kind=kind, address=address)
    enterprise = Enterprise.objects.select_related("park__station", "park__office").get(pk=enterprise.pk)
    from jingqi.registry.models import TeamMember

    responsible = TeamMember.objects.filter(enterprise=enterprise, role="officer", user__is_active=True).first()
    return _create_ticket(actor, enterprise, service_item, channel, clean, latitude=latitude,
                          longitude=longitude, submitted_at=submitted_at,
                          handler=responsible.user if responsible else None)


def _create_ticket(actor, enterprise, service_item, channel, clean: dict, *, latitude=None,
                   longitude=None, submitted_at=None, handler=None) -> Ticket:
    """The writing half of intake, once the right to submit and the fields have been checked."""
    station = enterprise.park.station
    now = submitted_at or timezone.now()
    response, resolution = deadlines_for(station, service_item, now)
    day = f"{timezone.localtime(now):%Y%m%d}"
    ticket = create_numbered(
        Ticket, lambda pk: {"reference": f"{station.code}-{day}-{pk:05d}"},
        station=station, enterprise=enterprise,
        service_item=service_item, channel=channel, submitted_by=actor, submitted_at=now, handler=handler,
        latitude=latitude, longitude=longitude,
        response_due_at=response.at, resolution_due_at=resolution.at,
        deadline_estimated=response.estimated or resolution.estimated, **clean,
    )
    events.ticket_submitted_event(ticket, actor)
    recipients = [ticket.handler] if ticket.handler else officers_of(ticket)
    _later(recipients, "ticket.submitted", _("New request %(ref)s: %(title)s") % {
        "ref": ticket.reference, "title": ticket.title}, ticket)
    # Audited last: the audit chain's head, locked by the append, is held only until the commit (integrations
    # submit requests side by side).
    audit.record(actor, "ticket.submit", ticket, audit.snapshot(ticket, ["reference", "enterprise", "service_item",
                                                                         "channel", "title", "status"]))
    return ticket


# --- handling by the police ------------------------------------------------------------------------


@transaction.atomic
def do_accept_ticket(actor, ticket, *, expected_version=None) -> Ticket:
    ticket = _lock(actor, ticket)
    check_version(ticket, expected_version, STALE_REQUEST)
    before = audit.snapshot(ticket, AUDITED)
    _move(ticket, "accept")
    now = timezone.now()
    ticket.accepted_at = now
    ticket.first_response_at = ticket.first_response_at or now
    ticket.handler = ticket.handler or actor
    events.ticket_accepted_event(ticket, actor)
    _save(ticket, actor, "accept", before, "status", "accepted_at", "first_response_at", "handler")
    _later(liaisons_of(ticket), "ticket.accepted", _("Your request %(ref)s was accepted") % {"ref": ticket.reference},
           ticket)
    return ticket


@transaction.atomic
def do_reject_ticket(actor, ticket, *, reason: str, expected_version=None) -> Ticket:
    ticket = _lock(actor, ticket)
    check_version(ticket, expected_version, STALE_REQUEST)
    reason = check_text(reason, field="reason", required=True, label=_("Reason"),
                        empty_message=_("Say why the request is rejected: the enterprise will read it."))
    before = audit.snapshot(ticket, AUDITED)
    _move(ticket, "reject")
    ticket.status_note = reason
    ticket.first_response_at = ticket.first_response_at or timezone.now()
    event = events.ticket_rejected_event(ticket, actor, reason)
    _mark_replied(ticket, event.at)  # the reason is the enterprise's answer
    _save(ticket, actor, "reject", before, "status", "status_note", "first_response_at")
    _later(liaisons_of(ticket), "ticket.rejected", _("Your request %(ref)s was rejected") % {"ref": ticket.reference},
           ticket, reason)
    return ticket


@transaction.atomic
def do_whistle(actor, ticket, *, departments: list[Department], note: str = "", due_days: int | None = None,
               expected_version=None) -> list[TicketTask]:
    """Call departments in (吹哨): one task each, with its own deadline in working days."""
    ticket = _lock(actor, ticket)
    check_version(ticket, expected_version, STALE_REQUEST)
    note = check_text(note, field="note", label=_("Instructions"))
    if not departments:
        raise ActionError(_("Choose at least one department."), field="departments")
    for department in departments:
        if department.station_id != ticket.station_id:
            raise ActionError(_("%(name)s does not work with this station.") % {"name": department},
                              field="departments")
    taken = set(ticket.tasks.values_list("department_id", flat=True))
    repeated = [d.name for d in departments if d.pk in taken]
    if repeated:
        raise ActionError(_("Already called in: %(names)s.") % {"names": "、".join(repeated)}, field="departments")
    days = due_days or settings.TICKET_DEFAULT_TASK_DAYS
    if days < 1 or days > 60:
        raise ActionError(_("A department's deadline is 1 to 60 working days."), field="due_days")
    before = audit.snapshot(ticket, AUDITED)
    if ticket.status == Status.SUBMITTED:
        raise ActionError(_("Accept the request before calling departments in."), code="illegal_transition")
    _move(ticket, "whistle")
    due = WorkCalendar().add_working_days(timezone.now(), days, ticket.station.business_intervals)
    tasks = [TicketTask.objects.create(ticket=ticket, department=d, instructions=note, due_at=due.at,
                                       due_estimated=due.estimated) for d in departments]
    events.ticket_whistled_event(ticket, actor, tasks, note)
    _save(ticket, actor, "whistle", before, "status")
    for task in tasks:
        _later(handlers_of(task.department), "ticket.whistled",
               _("%(dept)s is called in on request %(ref)s") % {"dept": task.department, "ref": ticket.reference},
               ticket, task.instructions)
    return tasks


@transaction.atomic
def do_record_arrival(actor, ticket, *, task: TicketTask | None = None) -> Ticket:
    """On-site arrival (吹哨即到): by the handling police, or by a called-in department on its task."""
    if task is not None:
        task = access(TicketTask.objects.select_for_update(), actor, task.pk, "change")
        ticket = task.ticket
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if task is None:
        ticket = _lock(actor, ticket)
    before = audit.snapshot(ticket, AUDITED)
    _move(ticket, "arrive")
    now = timezone.now()
    if task is not None:
        task.require_transition("arrive")
        task.onsite_at = task.onsite_at or now
        task.save(update_fields=["onsite_at", "updated_at"])
    ticket.onsite_at = ticket.onsite_at or now
    events.arrived_event(ticket, actor, task)
    _save(ticket, actor, "arrive", before, "onsite_at")
    return ticket


@transaction.atomic
def do_resolve_ticket(actor, ticket, *, outcome: str, note: str = "", expected_version=None) -> Ticket:
    ticket = _lock(actor, ticket)
    check_version(ticket, expected_version, STALE_REQUEST)
    if outcome not in Outcome.values:
        raise ActionError(_("Choose the outcome."), field="outcome")
    # Every outcome, "resolved as asked" included, is explained to the enterprise: it is what they read.
    note = check_text(note, field="note", required=True, label=_("Explanation to the enterprise"),
                      empty_message=_("Explain this outcome to the enterprise."))
    waiting = [t.department.name for t in ticket.tasks.select_related("department") if t.status != TaskStatus.DONE]
    if waiting:
        raise ActionError(_("Still waiting for: %(names)s. A request is resolved only when its departments are done.")
                          % {"names": "、".join(waiting)}, code="tasks_open")
    before = audit.snapshot(ticket, AUDITED)
    _move(ticket, "resolve")
    ticket.outcome, ticket.status_note, ticket.resolved_at = outcome, note, timezone.now()
    ticket.first_response_at = ticket.first_response_at or ticket.resolved_at
    event = events.ticket_resolved_event(ticket, actor, note)
    _mark_replied(ticket, event.at)
    _save(ticket, actor, "resolve", before, "status", "outcome", "status_note", "resolved_at", "first_response_at")
    _later(liaisons_of(ticket), "ticket.resolved",
           _("Your request %(ref)s is resolved: please confirm") % {"ref": ticket.reference}, ticket, note)
    return ticket


# --- the enterprise's side: close, reopen, rate ----------------------------------------------------


@transaction.atomic
def do_close_ticket(actor, ticket, *, expected_version=None) -> Ticket:
    """Closed by the handling police, or confirmed by the enterprise."""
    is_own = actor.role == Role.LIAISON and ticket.enterprise_id == actor.enterprise_id
    ticket = _lock(actor, ticket, "view" if is_own else "change")
    check_version(ticket, expected_version, STALE_REQUEST)
    before = audit.snapshot(ticket, AUDITED)
    _move(ticket, "close")
    ticket.closed_at = timezone.now()
    events.ticket_closed_event(ticket, actor)
    _save(ticket, actor, "close", before, "status", "closed_at")
    _later(liaisons_of(ticket), "ticket.closed",
           _("Request %(ref)s is closed: how did we do?") % {"ref": ticket.reference}, ticket)
    return ticket


def _require_own_enterprise(actor, ticket):
    if actor.role != Role.LIAISON or ticket.enterprise_id != actor.enterprise_id:
        raise PermissionDenied(_("Only the enterprise that made the request can do this."))


@transaction.atomic
def do_reopen_ticket(actor, ticket, *, reason: str) -> Ticket:
    ticket = _lock(actor, ticket, "view")
    _require_own_enterprise(actor, ticket)
    reason = check_text(reason, field="reason", required=True, label=_("Reason"),
                        empty_message=_("Say what is still wrong."))
    ended = ticket.closed_at or ticket.resolved_at
    window = timedelta(days=settings.TICKET_REOPEN_DAYS)
    if ticket.can("reopen") and ended and timezone.now() - ended > window:
        raise ActionError(_("A request can be reopened within %(days)s days of being resolved; submit a new one.")
                          % {"days": settings.TICKET_REOPEN_DAYS}, code="reopen_window")
    before = audit.snapshot(ticket, AUDITED)
    _move(ticket, "reopen")
    ticket.reopened_count += 1
    ticket.needs_supervisor = True
    ticket.outcome, ticket.resolved_at, ticket.closed_at = "", None, None
    events.ticket_reopened_event(ticket, actor, reason)
    events.ticket_returned_event(ticket, _("Reopened by the enterprise."))
    _save(ticket, actor, "reopen", before, "status", "reopened_count", "needs_supervisor", "outcome", "resolved_at",
          "closed_at")
    _later(supervisors_of(ticket), "ticket.reopened",
           _("Request %(ref)s was reopened by the enterprise") % {"ref": ticket.reference}, ticket, reason)
    return ticket


@transaction.atomic
def do_rate_ticket(actor, ticket, *, rating: int, comment: str = "") -> Ticket:
    ticket = _lock(actor, ticket, "view")
    _require_own_enterprise(actor, ticket)
    comment = check_text(comment, field="comment", label=_("Comment"))
    if ticket.rating is not None:
        raise ActionError(_("This request has already been rated."), code="already_rated")
    try:
        rating = parse_int(rating, field="rating")
    except ActionError:
        rating = 0
    if not 1 <= rating <= 5:
        raise ActionError(_("Rate from 1 to 5."), field="rating")
    before = audit.snapshot(ticket, AUDITED)
    _move(ticket, "rate")
    ticket.rating, ticket.rating_comment, ticket.rated_at = rating, comment, timezone.now()
    events.ticket_rated_event(ticket, actor)
    fields = ["rating", "rating_comment", "rated_at"]
    if rating <= settings.TICKET_LOW_RATING:
        ticket.needs_supervisor = True
        fields.append("needs_supervisor")
        events.ticket_returned_event(ticket, _("Low satisfaction rating."))
        _later(supervisors_of(ticket), "ticket.low_rating",
               _("Request %(ref)s was rated %(rating)s of 5") % {"ref": ticket.reference, "rating": rating}, ticket,
               ticket.rating_comment)
    _save(ticket, actor, "rate", before, *fields)
    return ticket


@transaction.atomic
def do_acknowledge_return(actor, ticket, *, note: str) -> Ticket:
    """The supervisor has reviewed a request returned by a reopen or a low rating, and says what was done."""
    if actor.role != Role.SUPERVISOR and not actor.is_superuser:
        raise PermissionDenied()
    ticket = _lock(actor, ticket)
    if not ticket.needs_supervisor:
        raise ActionError(_("This request is not waiting for the supervisor."), code="illegal_transition")
    note = check_text(note, field="note", required=True, label=_("Review"),
                      empty_message=_("Say what was done about it."))
    before = audit.snapshot(ticket, AUDITED)
    ticket.needs_supervisor = False
    events.ticket_commented_event(ticket, actor, note, internal=True)
    _save(ticket, actor, "acknowledge_return", before, "needs_supervisor")
    return ticket


# --- comments --------------------------------------------------------------------------------------


@transaction.atomic
def do_comment(actor, ticket, *, text: str, internal: bool = False):
    ticket = _lock(actor, ticket, "view")
    text = check_text(text, field="text", required=True, label=_("Message"),
                      empty_message=_("Write something first."))
    if internal and actor.role == Role.LIAISON:
        raise PermissionDenied(_("Internal notes are for staff."))
    ticket.require_transition("comment")
    event = events.ticket_commented_event(ticket, actor, text, internal=internal)
    if not internal and _is_police(actor) and ticket.first_response_at is None:
        ticket.first_response_at = event.at
        ticket.save(update_fields=["first_response_at", "updated_at"])
    if not internal and actor.role != Role.LIAISON:
        _mark_replied(ticket, event.at)
    audit.record(actor, "ticket.note" if internal else "ticket.comment", ticket, {"event": event.pk})
    if actor.role == Role.LIAISON:
        _later([ticket.handler] if ticket.handler else officers_of(ticket), "ticket.comment",
               _("The enterprise wrote on %(ref)s") % {"ref": ticket.reference}, ticket, text)
    elif not internal:
        _later(liaisons_of(ticket), "ticket.comment",
               _("New reply on your request %(ref)s") % {"ref": ticket.reference}, ticket, text)
    return event


# --- department tasks ------------------------------------------------------------------------------


def _lock_task(actor, task) -> TicketTask:
    task = access(TicketTask.objects.select_for_update(), actor, task.pk, "change")
    return TicketTask.objects.select_related("ticket", "department").get(pk=task.pk)


@transaction.atomic
def do_accept_task(actor, task) -> TicketTask:
    task = _lock_task(actor, task)
    task.require_transition("accept")
    task.status, task.accepted_at, task.assignee = TaskStatus.ACCEPTED, timezone.now(), task.assignee or actor
    task.save(update_fields=["status", "accepted_at", "assignee", "updated_at"])
    events.task_accepted_event(task, actor)
    audit.record(actor, "ticket_task.accept", task, {"status": [TaskStatus.OPEN, TaskStatus.ACCEPTED]})
    return task


@transaction.atomic
def do_complete_task(actor, task, *, reply: str) -> TicketTask:
    task = _lock_task(actor, task)
    reply = check_text(reply, field="reply", required=True, label=_("Department's reply"),
                       empty_message=_("Write the department's reply."))
    task.require_transition("complete")
    before = task.status
    task.status, task.reply, task.completed_at = TaskStatus.DONE, reply, timezone.now()
    task.assignee = task.assignee or actor
    task.save(update_fields=["status", "reply", "completed_at", "assignee", "updated_at"])
    event = events.task_completed_event(task, actor)
    audit.record(actor, "ticket_task.complete", task, {"status": [before, TaskStatus.DONE]})
    ticket = task.ticket
    _mark_replied(ticket, event.at)  # the enterprise reads the department's reply in its timeline
    _later([ticket.handler] if ticket.handler else officers_of(ticket), "ticket.task_done",
           _("%(dept)s replied on %(ref)s") % {"dept": task.department, "ref": ticket.reference}, ticket, reply)
    return task


@transaction.atomic
def do_record_task_reply(actor, task, *, reply: str) -> TicketTask:
    """A department answered by phone or in person: the handling police record its reply on its behalf.

    Only the police who may handle the request can; the task is done with the department's reply, and
    the task and the timeline say who recorded it ("recorded on behalf of …"), so it never passes for
    the department's own action. The department itself replies with :func:`do_complete_task`.
    """
    task = access(TicketTask.objects.all(), actor, task.pk, "view")
    ticket = _lock(actor, task.ticket)  # the right to handle the request (404 for anyone else)
    task = TicketTask.objects.select_for_update().select_related("department").get(pk=task.pk)
    task.ticket = ticket
    reply = check_text(reply, field="reply", required=True, label=_("Department's reply"),
                       empty_message=_("Write the reply the department gave."))
    task.require_transition("complete")
    before = task.status
    task.status, task.reply, task.completed_at = TaskStatus.DONE, reply, timezone.now()
    task.reply_recorded_by = actor
    task.save(update_fields=["status", "reply", "completed_at", "reply_recorded_by", "updated_at"])
    event = events.task_reply_recorded_event(task, actor)
    audit.record(actor, "ticket_task.record_reply", task, {"status": [before, TaskStatus.DONE],
                                                           "on_behalf_of": task.department_id})
    _mark_replied(ticket, event.at)
    _later(handlers_of(task.department), "ticket.task_recorded",
           _("The police recorded your department's reply on %(ref)s") % {"ref": ticket.reference}, ticket, reply)
    return task


# --- escalation ------------------------------------------------------------------------------------


def escalate_overdue(now=None) -> int:
    """Overdue work is escalated: first its assignee is told, then (TICKET_ESCALATE_TO_SUPERVISOR_AFTER_HOURS
    after the deadline) the supervisor.

    Run by a periodic task; each step happens once per request or task (core.escalation's sweep). A request
    waiting to be accepted is on its response deadline (or its resolution deadline, if that is earlier);
    once accepted, on its resolution deadline.
    """
    now = now or timezone.now()
    grace = _escalation_grace()
    count = escalation.sweep(Ticket.objects.open(), due=_TICKET_DUE, grace=grace, now=now, values=_SWEPT_TICKET,
                             on_escalate=_tickets_escalated,
                             update={"version": F("version") + 1, "updated_at": timezone.now()})
    count += escalation.sweep(TicketTask.objects.open(), due="due_at", grace=grace, now=now, values=_SWEPT_TASK,
                              on_escalate=_tasks_escalated, update={"updated_at": timezone.now()})
    return count


def next_escalation_at():
    """When :func:`escalate_overdue` can next escalate something (None: no open work has a deadline ahead)."""
    grace = _escalation_grace()
    moments = [escalation.next_due(Ticket.objects.open(), due=_TICKET_DUE, grace=grace),
               escalation.next_due(TicketTask.objects.open(), due="due_at", grace=grace)]
    moments = [moment for moment in moments if moment is not None]
    return min(moments) if moments else None


# The deadline a request is on: Ticket.objects.overdue()'s, as a single moment per row.
_TICKET_DUE = Case(When(status=Status.SUBMITTED, then=Least("response_due_at", "resolution_due_at")),
                   default=F("resolution_due_at"), output_field=DateTimeField())


def _escalation_grace() -> timedelta:
    return timedelta(hours=settings.TICKET_ESCALATE_TO_SUPERVISOR_AFTER_HOURS)


# The sweeps read what their handlers use (the notices' recipients, links and payloads, the audit's
# descriptions) as values, no more and no model instances: a backlog of a hundred thousand rows is read in
# batches, once. The helpers below give from these rows what _url, _payload and str() give from instances.
_SWEPT_TICKET = ("reference", "title", "status", "station_id", "enterprise__uscc", "enterprise__park__office_id",
                 "service_item__code", "handler_id", "handler__is_active", "handler__email")
_SWEPT_TASK = ("ticket_id", "department_id", "department__name", "assignee_id", "assignee__is_active",
               "assignee__email", *(f"ticket__{name}" for name in _SWEPT_TICKET
                                    if not name.startswith(("enterprise__park", "handler"))))


def _swept_payload(row: dict, prefix: str = "") -> dict:
    return {"reference": row[f"{prefix}reference"], "status": row[f"{prefix}status"],
            "enterprise_uscc": row[f"{prefix}enterprise__uscc"], "service_code": row[f"{prefix}service_item__code"]}


def _swept_user(row: dict, name: str) -> list:
    """The user a swept row is assigned to (``name``: handler, assignee), as notify needs them; none: []."""
    pk = row[f"{name}_id"]
    return [] if pk is None else [Recipient(pk, row[f"{name}__is_active"], row[f"{name}__email"])]


def _tickets_escalated(rows, level) -> None:
    """The sweep raised these requests (rows of _SWEPT_TICKET, still at their old level) to ``level``: timeline,
    audit, notices, each written for the whole batch at once."""
    supervisors, officers, notices = {}, {}, []
    urls = links("tickets:ticket_detail", [row["pk"] for row in rows])
    for row in rows:
        if level == escalation.PAST_GRACE:
            users = _cached(supervisors, row["station_id"], lambda r=row: _supervisors(r["station_id"]))
        else:
            users = _swept_user(row, "handler") or _cached(
                officers, row["enterprise__park__office_id"], lambda r=row: _officers(r["enterprise__park__office_id"]))
        notices.append(Notice(tuple(users), "ticket.overdue", _("Request %(ref)s is overdue") % {
            "ref": row["reference"]}, "", urls[row["pk"]], _swept_payload(row)))
    notify_many_on_commit(notices)
    events.escalated_events([(row["pk"], None) for row in rows], level)
    # Last, as it holds the audit chain's head until the commit (core.escalation.sweep).
    audit.record_many(None, "ticket.escalate", [
        (audit.Ref(Ticket, row["pk"], f"{row['reference']} {row['title']}"),
         {"escalation_level": [row["escalation_level"], level]}) for row in rows])


def _tasks_escalated(rows, level) -> None:
    """As _tickets_escalated, for department tasks (rows of _SWEPT_TASK)."""
    supervisors, handlers, notices = {}, {}, []
    urls = links("tickets:ticket_detail", [row["ticket_id"] for row in rows])
    for row in rows:
        if level == escalation.PAST_GRACE:
            users = _cached(supervisors, row["ticket__station_id"], lambda r=row: _supervisors(r["ticket__station_id"]))
        else:
            users = _swept_user(row, "assignee") or _cached(
                handlers, row["department_id"], lambda r=row: handlers_of(r["department_id"]))
        notices.append(Notice(tuple(users), "ticket.task_overdue", _("%(dept)s is overdue on %(ref)s") % {
            "dept": row["department__name"], "ref": row["ticket__reference"]}, "", urls[row["ticket_id"]],
            _swept_payload(row, "ticket__")))
    notify_many_on_commit(notices)
    events.escalated_events([(row["ticket_id"], row["pk"]) for row in rows], level)
    audit.record_many(None, "ticket_task.escalate", [
        (audit.Ref(TicketTask, row["pk"], f"{row['ticket__reference']} → {row['department__name']}"),
         {"escalation_level": level}) for row in rows])


def _cached(cache: dict, key, users) -> list:
    """The recipients of one batch, looked up once per station, office or department."""
    if key not in cache:
        cache[key] = list(users())
    return cache[key]


# --- attachments -----------------------------------------------------------------------------------


@transaction.atomic
def do_attach(actor, ticket, *, upload, internal: bool = False):
    """Attach a file (type sniffed, size capped) to a request; the enterprise never sees internal ones."""
    from jingqi.core.uploads import check_upload

    from .models import Attachment

    ticket = _lock(actor, ticket, "view")
    if internal and actor.role == Role.LIAISON:
        raise PermissionDenied(_("Internal notes are for staff."))
    ticket.require_transition("comment")
    content_type = check_upload(upload)
    event = events.ticket_attachment_event(ticket, actor, upload.name, internal=internal)
    attachment = Attachment.objects.create(ticket=ticket, event=event, file=upload, original_name=upload.name[:200],
                                           content_type=content_type, size=upload.size, uploaded_by=actor,
                                           internal=internal)
    audit.record(actor, "ticket.attach", ticket, {"attachment": attachment.pk, "name": attachment.original_name,
                                                  "size": attachment.size, "content_type": content_type})
    return attachment


# --- Open311 integrations --------------------------------------------------------------------------


@transaction.atomic
def do_create_open311_key(actor, *, name: str, station) -> tuple["Open311Key", str]:  # noqa: F821
    """A new key for an integration; returns it with the raw key, which is shown only this once."""
    from .models import Open311Key

    if actor is not None and not actor.is_superuser:
        raise PermissionDenied()
    name = (name or "").strip()
    if not name or Open311Key.objects.filter(name=name).exists():
        raise ActionError(_("Give the key a name that is not taken."), field="name")
    account = User(username=f"open311-{name}"[:150], full_name=f"Open311: {name}"[:60], role=Role.VIEWER)
    account.set_unusable_password()
    account.save()
    raw = Open311Key.new_raw_key()
    key = Open311Key.objects.create(name=name, key_hash=Open311Key.hash(raw), prefix=raw[:8], station=station,
                                    account=account)
    audit.record(actor, "open311_key.create", key, {"name": name, "station": station.pk})
    return key, raw


@transaction.atomic
def do_revoke_open311_key(actor, key) -> None:
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied()
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    audit.record(actor, "open311_key.revoke", key, {"name": key.name})


# An integration's every call looks its key up, and every POST its enterprise: compiled once per connection
# (core.compiled), each costs the database's time, not the ORM's.
_OPEN311_KEY = CompiledRead(lambda key_hash: Open311Key.objects.select_related("station", "account")
                            .filter(key_hash=key_hash, revoked_at__isnull=True).order_by("pk")[:1], key_hash=str)
_ENTERPRISE_AT_STATION = CompiledRead(lambda uscc, station: Enterprise.objects.select_related("park")
                                      .filter(uscc=uscc, park__station_id=station).order_by("pk")[:1],
                                      uscc=str, station=int)


def open311_key_for(raw: str):
    """The live key whose secret is ``raw`` (with its station and service account), or None."""
    if not raw:
        return None
    return next(iter(_OPEN311_KEY(key_hash=Open311Key.hash(raw))), None)


@transaction.atomic
def do_submit_open311(key, *, service_item, uscc: str, description: str, address: str = "", latitude=None,
                      longitude=None, title: str = "") -> Ticket:
    """A request posted by an integration: the enterprise is named by its credit code in the key's station."""
    from jingqi.registry.validation import normalize_uscc

    try:
        uscc = normalize_uscc(uscc)
    except ActionError as exc:
        raise ActionError(exc.message, field="attribute[uscc]")
    enterprise = next(iter(_ENTERPRISE_AT_STATION(uscc=uscc, station=key.station_id)), None)
    if enterprise is None:
        raise ActionError(_("No enterprise with this credit code is registered at this station."),
                          field="attribute[uscc]")
    description = check_text(description, field="description", limit=DESCRIPTION_LIMIT, label=_("Description"))
    title = check_text(title, field="title", limit=TITLE_LIMIT, label=_("Title")) or (
        description.splitlines()[0][:60] if description else "")
    clean = check_submit_fields(title=title, description=description, service_item=service_item, kind="",
                                address=address)
    enterprise.park.station = key.station  # read with the key: the enterprise was found among its parks'
    from .choices import Channel

    return _create_ticket(key.account, enterprise, service_item, Channel.API, clean, latitude=latitude,
                          longitude=longitude)
