"""The enterprise page's list of the outreach events its staff attended (registry ↔ cases)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def outreach_attended(context, enterprise) -> list:
    """The held events ``enterprise``'s staff attended, as far as the viewer may see them (``visible_to``)."""
    from ..selectors_outreach import attended_by

    return attended_by(context["request"].user, enterprise)
