from django import template

from ..choices import RULE_TITLES
from ..messages import say

register = template.Library()


@register.filter
def rule_title(rule: str) -> str:
    return RULE_TITLES.get(rule, rule)


@register.filter
def said(entry) -> str:
    """A stored row-report entry (see messages.py) in the reader's language."""
    return say(entry)
