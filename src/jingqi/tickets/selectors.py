"""Read queries for request pages and the API; each starts from ``visible_to``."""

from django.db.models import Prefetch, Q
from django.utils import timezone

from jingqi.accounts.choices import Role
from jingqi.core.figures import Figure

from .choices import ENTERPRISE_CHANNELS, POLICE_CHANNELS, Channel, Status, TaskStatus
from .models import Ticket, TicketEvent, TicketTask

VIEWS = ("mine", "department", "overdue", "awaiting_rating", "returned", "open", "all")


def default_view(user) -> str:
    """The list each role opens on is its work: the station's open requests for a supervisor (and the
    administrator), an officer's own, a department's tasks, the enterprise's open requests."""
    return {Role.OFFICER: "mine", Role.AUXILIARY: "mine", Role.DEPARTMENT: "department"}.get(user.role, "open")


def tickets_for(user, *, view: str = "all", status: str = "", q: str = ""):
    # The departments called in are named from one prefetch (the visible tasks), whatever their state.
    tasks = Prefetch("tasks", to_attr="visible_tasks",
                     queryset=TicketTask.objects.visible_to(user).select_related("department").order_by("pk"))
    qs = (Ticket.objects.visible_to(user)
          .select_related("enterprise", "service_item", "handler")
          .prefetch_related(tasks))
    if view == "mine":
        qs = qs.filter(Q(handler=user) | Q(submitted_by=user))
    elif view == "department":
        qs = qs.filter(tasks__department_id=user.department_id).distinct() if user.department_id else qs.none()
    elif view == "overdue":
        qs = qs.overdue()
    elif view == "awaiting_rating":
        qs = qs.awaiting_rating()
    elif view == "returned":
        qs = qs.filter(needs_supervisor=True)
    elif view == "open":
        qs = qs.open()
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(reference__icontains=q) | Q(title__icontains=q) | Q(enterprise__name__icontains=q))
    return qs.order_by("-submitted_at", "-pk")


def ticket_page(user, ticket):
    return {
        "events": TicketEvent.objects.visible_to(user).filter(ticket=ticket).select_related("actor", "task"),
        "tasks": TicketTask.objects.visible_to(user).filter(ticket=ticket).select_related(
            "department", "assignee", "reply_recorded_by"),
        "now": timezone.now(),
    }


def ticket_actions(user, ticket) -> set[str]:
    """The actions ``user`` can take on ``ticket`` from its page, computed once: the page shows a button
    for each and no actions panel when the set is empty (the services still check each action)."""
    actions: set[str] = set()
    status = ticket.status
    if Ticket.objects.visible_to(user, "change").filter(pk=ticket.pk).exists():
        if status == Status.SUBMITTED:
            actions.add("accept")
        if status in (Status.ACCEPTED, Status.IN_PROGRESS):
            actions.update({"whistle", "resolve"})
            if ticket.tasks.exclude(status=TaskStatus.DONE).exists():
                actions.add("record_reply")  # a department's reply given by phone, recorded on its behalf
            if not ticket.onsite_at:
                actions.add("arrive")
        if status in (Status.SUBMITTED, Status.ACCEPTED):
            actions.add("reject")
        if status == Status.RESOLVED:
            actions.add("close")
        if ticket.needs_supervisor and user.role == Role.SUPERVISOR:
            actions.add("acknowledge")
    elif user.role == Role.LIAISON and ticket.enterprise_id == user.enterprise_id:
        if status == Status.RESOLVED:
            actions.add("close")
        if status == Status.CLOSED and not ticket.rating:
            actions.add("rate")
        if status in (Status.RESOLVED, Status.CLOSED):
            actions.add("reopen")
    return actions


def _department_tasks(user):
    return (TicketTask.objects.visible_to(user).filter(department_id=user.department_id)
            .select_related("ticket__enterprise", "department"))


def open_tasks_for_department(user):
    """The department's open work by deadline (the earliest, and so the overdue, first); served by the
    partial index ``ticket_task_open_due_idx``."""
    return _department_tasks(user).exclude(status=TaskStatus.DONE).order_by("due_at", "pk")


def finished_tasks_for_department(user):
    return _department_tasks(user).filter(status=TaskStatus.DONE).order_by("-completed_at", "-pk")

def channels_for(user) -> list[tuple[str, str]]:
    """Channels a person can pick in the page form (the API channel is set by the API itself)."""
    allowed = (ENTERPRISE_CHANNELS if user.role == Role.LIAISON else POLICE_CHANNELS) - {Channel.API}
    return [(value, label) for value, label in Channel.choices if value in allowed]


def attachments_for(user, ticket):
    from .models import Attachment

    return Attachment.objects.visible_to(user).filter(ticket=ticket).select_related("uploaded_by")


def ticket_figures(user, *, since=None) -> dict:
    """Honest service figures over the requests ``user`` may see: on-time share with its sample size,
    median as well as mean times, satisfaction, reopen rate.

    Time to acceptance and time to the first reply to the enterprise are apart: acceptance tells the
    enterprise nothing yet, the first reply (a comment it sees, a department's reply, the resolution or
    the rejection) does."""
    from statistics import mean, median

    qs = Ticket.objects.visible_to(user)
    if since is not None:
        qs = qs.filter(submitted_at__gte=since)
    rows = list(qs.values_list("submitted_at", "accepted_at", "resolved_at", "resolution_due_at", "rating",
                               "reopened_count", "status", "first_replied_at"))
    resolved = [r for r in rows if r[2] is not None]
    on_time = [r[2] <= r[3] for r in resolved]
    hours_to_resolve = [(r[2] - r[0]).total_seconds() / 3600 for r in resolved]
    hours_to_accept = [(r[1] - r[0]).total_seconds() / 3600 for r in rows if r[1] is not None]
    hours_to_reply = [(r[7] - r[0]).total_seconds() / 3600 for r in rows if r[7] is not None]
    ratings = [r[4] for r in rows if r[4] is not None]
    ended = [r for r in rows if r[6] in ("resolved", "closed") or r[5]]

    def fig(values, rate=False):
        if not values:
            return Figure(0, None, None)
        return Figure(len(values), (sum(values) / len(values)) if rate else mean(values),
                      None if rate else median(values))

    return {
        "total": len(rows),
        "open": sum(1 for r in rows if r[6] in ("submitted", "accepted", "in_progress")),
        "on_time": fig([1 if ok else 0 for ok in on_time], rate=True),
        "resolve_hours": fig(hours_to_resolve),
        "accept_hours": fig(hours_to_accept),
        "reply_hours": fig(hours_to_reply),
        "rating": fig(ratings),
        "reopened": fig([1 if r[5] else 0 for r in ended], rate=True),
    }


def open_duplicates(user, enterprise, service_item):
    """Open requests of the same enterprise for the same item (warned about before submitting)."""
    if service_item is None:
        return Ticket.objects.none()
    return Ticket.objects.visible_to(user).open().filter(enterprise=enterprise, service_item=service_item)
