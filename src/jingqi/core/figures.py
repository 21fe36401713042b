"""A figure with the sample it stands on: every app's honest figures are built of these.

Below ``STATS_MIN_SAMPLE`` a figure is not shown as a rate or a time (``enough`` is False and the
``figure_card`` tag says how many it would need), so a handful of records never passes for a trend.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import FloatField, Func
from django.utils import timezone


@dataclass(frozen=True)
class Figure:
    n: int
    value: float | None
    median: float | None = None

    @property
    def enough(self) -> bool:
        from django.conf import settings

        return self.n >= settings.STATS_MIN_SAMPLE


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start, end) in local days, as aware datetimes (for a period with its last day included, pass the day after)."""
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tzinfo=tz), datetime.combine(end, time.min, tzinfo=tz)


# --- computed by the database -------------------------------------------------------------------------------
#
# Figures over a whole station's records (a hundred thousand requests) are aggregated where the rows are: reading
# every row into Python to take a mean and a median cost a list page more than a second at that size.


class HoursBetween(Func):
    """The hours from ``start`` to ``end`` (a float; NULL if either is), computed by the database."""

    output_field = FloatField()
    arg_joiner = " - "

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # Stored as ISO text in UTC: julianday() reads it in C, where Django's own datetime arithmetic on SQLite
        # calls back into Python for every row.
        return self.as_sql(compiler, connection, template="((julianday(%(expressions)s)) * 24.0)",
                           arg_joiner=") - julianday(", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 3600.0)",
                           **extra)


def median_of(queryset, expression, n: int) -> float | None:
    """The median of ``expression`` over the ``n`` rows of ``queryset`` where it is not NULL (``n`` as counted by
    the caller's aggregate): the middle one or two values, read in the expression's order, no other rows."""
    if not n:
        return None
    middle = (queryset.annotate(_median_value=expression).filter(_median_value__isnull=False)
              .order_by("_median_value").values_list("_median_value", flat=True)[(n - 1) // 2:n // 2 + 1])
    values = [float(value) for value in middle]
    return sum(values) / len(values) if values else None
