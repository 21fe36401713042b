"""A figure with the sample it stands on: every app's honest figures are built of these.

Below ``STATS_MIN_SAMPLE`` a figure is not shown as a rate or a time (``enough`` is False and the
``figure_card`` tag says how many it would need), so a handful of records never passes for a trend.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    n: int
    value: float | None
    median: float | None = None

    @property
    def enough(self) -> bool:
        from django.conf import settings

        return self.n >= settings.STATS_MIN_SAMPLE
