from django import template

from ..choices import RULE_TITLES

register = template.Library()


@register.filter
def rule_title(rule: str) -> str:
    return RULE_TITLES.get(rule, rule)
