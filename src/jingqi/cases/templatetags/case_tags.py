"""The cases app's panels on other apps' pages (the enterprise page), each read through ``visible_to``."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("cases/partials/_enterprise_cases.html", takes_context=True)
def enterprise_cases(context, enterprise) -> dict:
    """The enterprise's cases as a victim (the newest ten), for whoever may see them."""
    user = context["request"].user
    return {"cases": selectors.enterprise_cases(user, enterprise), "enterprise": enterprise}
