"""Small pieces every page shows the same way: a status badge, a figure card, a long text collapsed."""

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

# The class of a badge is "<prefix>-<value>"; requests kept the "status-" names the stylesheet began with.
BADGE_PREFIX = {"ticket": "status", "tickettask": "task", "clue": "clue", "complaintbatch": "batch"}


@register.simple_tag
def status_badge(obj, field: str = "") -> str:
    """``<span class="status …">`` with the translated label of ``obj``'s status (or state)."""
    field = field or ("status" if hasattr(obj, "get_status_display") else "state")
    prefix = BADGE_PREFIX.get(obj._meta.model_name, obj._meta.model_name)
    return format_html('<span class="status {}-{}">{}</span>', prefix, getattr(obj, field),
                       getattr(obj, f"get_{field}_display")())


@register.inclusion_tag("core/_figure_card.html")
def figure_card(figure, label: str, kind: str = "share") -> dict:
    """A figure with its sample; below ``STATS_MIN_SAMPLE`` it says so instead of showing a rate.
    ``kind``: "share" (a percentage), "hours" (median, with the mean beside it) or "rating" (of 5)."""
    shown = detail = ""
    if figure.enough and figure.value is not None:
        if kind == "share":
            shown = f"{round(figure.value * 100)}%"
        elif kind == "hours":
            shown = _("%(hours)s h") % {"hours": floatformat(figure.median, 1)}
            detail = _("mean %(mean)s h") % {"mean": floatformat(figure.value, 1)}
        else:
            shown = f"{floatformat(figure.value, 2)} / 5"
            detail = _("median %(median)s") % {"median": floatformat(figure.median, -1)}
    return {"figure": figure, "label": label, "shown": shown, "detail": detail, "min": settings.STATS_MIN_SAMPLE}


# A text longer than this, or with more lines, is shown clamped with a "Show all" switch.
LONG_TEXT_CHARS = 400
LONG_TEXT_LINES = 8


@register.filter
def is_long(text) -> bool:
    text = str(text or "")
    return len(text) > LONG_TEXT_CHARS or text.count("\n") >= LONG_TEXT_LINES


@register.filter
def percent(value) -> str:
    """A share (0–1) as a whole percentage ("37%"); empty for None."""
    if value is None or value == "":
        return ""
    return f"{round(float(value) * 100)}%"
