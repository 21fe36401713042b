"""Read queries for request pages and the API; each starts from ``visible_to``."""

from django.db.models import Avg, Count, F, Prefetch, Q
from django.utils import timezone

from jingqi.accounts.choices import Role
from jingqi.core.figures import Figure, HoursBetween, median_of

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
    the rejection) does. Computed by the database (core.figures): one aggregate, then each median's middle rows."""
    qs = Ticket.objects.visible_to(user)
    if since is not None:
        qs = qs.filter(submitted_at__gte=since)
    hours = {"resolve_hours": HoursBetween("resolved_at", "submitted_at"),
             "accept_hours": HoursBetween("accepted_at", "submitted_at"),
             "reply_hours": HoursBetween("first_replied_at", "submitted_at")}
    resolved = Q(resolved_at__isnull=False)
    ended = Q(status__in=[Status.RESOLVED, Status.CLOSED]) | Q(reopened_count__gt=0)
    totals = qs.aggregate(
        total=Count("pk"), open=Count("pk", filter=Q(status__in=[Status.SUBMITTED, Status.ACCEPTED,
                                                                 Status.IN_PROGRESS])),
        resolved=Count("pk", filter=resolved),
        on_time=Count("pk", filter=resolved & Q(resolved_at__lte=F("resolution_due_at"))),
        ratings=Count("rating"), rating_mean=Avg("rating"),
        ended=Count("pk", filter=ended), reopened=Count("pk", filter=ended & Q(reopened_count__gt=0)),
        **{f"{name}_n": Count(expression) for name, expression in hours.items()},
        **{f"{name}_mean": Avg(expression) for name, expression in hours.items()})

    def rate(part, whole):
        return Figure(whole, part / whole if whole else None, None) if whole else Figure(0, None, None)

    def timed(name):
        n = totals[f"{name}_n"]
        return Figure(n, totals[f"{name}_mean"], median_of(qs, hours[name], n)) if n else Figure(0, None, None)

    ratings = totals["ratings"]
    return {
        "total": totals["total"], "open": totals["open"],
        "on_time": rate(totals["on_time"], totals["resolved"]),
        **{name: timed(name) for name in hours},
        "rating": Figure(ratings, float(totals["rating_mean"]), median_of(qs, F("rating"), ratings))
        if ratings else Figure(0, None, None),
        "reopened": rate(totals["reopened"], totals["ended"]),
    }


def open_duplicates(user, enterprise, service_item):
    """Open requests of the same enterprise for the same item (warned about before submitting)."""
    if service_item is None:
        return Ticket.objects.none()
    return Ticket.objects.visible_to(user).open().filter(enterprise=enterprise, service_item=service_item)
