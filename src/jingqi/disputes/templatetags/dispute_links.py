"""The request page's link to its disputes (tickets ↔ disputes, linked both ways)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def disputes_of_ticket(context, ticket) -> dict:
    """The disputes opened from ``ticket`` that the viewer may see, and whether they may open one."""
    from jingqi.tickets.models import Ticket

    from ..models import Dispute
    from ..selectors import is_police

    user = context["request"].user
    linked = list(Dispute.objects.visible_to(user).filter(ticket=ticket).only("pk", "reference", "title", "status"))
    can_open = (not linked and is_police(user) and not ticket.disputes.exists()
                and Ticket.objects.visible_to(user, "change").filter(pk=ticket.pk).exists())
    return {"linked": linked, "can_open": can_open}
