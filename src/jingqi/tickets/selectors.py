"""Read queries for request pages and the API; each starts from ``visible_to``."""

from django.db.models import Count, Q
from django.utils import timezone

from jingqi.accounts.choices import Role

from .choices import ENTERPRISE_CHANNELS, POLICE_CHANNELS, Channel
from .models import Ticket, TicketEvent, TicketTask

VIEWS = ("mine", "department", "overdue", "awaiting_rating", "returned", "open", "all")


def default_view(user) -> str:
    return {Role.DEPARTMENT: "department", Role.LIAISON: "open"}.get(user.role, "mine")


def tickets_for(user, *, view: str = "all", status: str = "", q: str = ""):
    qs = (Ticket.objects.visible_to(user)
          .select_related("enterprise", "service_item", "handler")
          .annotate(open_tasks=Count("tasks", filter=~Q(tasks__status="done"))))
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
        "tasks": TicketTask.objects.visible_to(user).filter(ticket=ticket).select_related("department", "assignee"),
        "now": timezone.now(),
    }


def tasks_for_department(user):
    return (TicketTask.objects.visible_to(user).filter(department_id=user.department_id)
            .select_related("ticket__enterprise", "department").order_by("status", "due_at"))


def channels_for(user) -> list[tuple[str, str]]:
    """Channels a person can pick in the page form (the API channel is set by the API itself)."""
    allowed = (ENTERPRISE_CHANNELS if user.role == Role.LIAISON else POLICE_CHANNELS) - {Channel.API}
    return [(value, label) for value, label in Channel.choices if value in allowed]


def attachments_for(user, ticket):
    from .models import Attachment

    return Attachment.objects.visible_to(user).filter(ticket=ticket).select_related("uploaded_by")
