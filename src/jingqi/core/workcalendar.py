"""The official working calendar and deadline arithmetic in working hours and working days.

Which days are worked: the administrator's table (``CalendarDay``) first, then the chinese-calendar
package (holidays and make-up working days up to the last year it knows), and for a year neither
knows, weekends only — such a deadline is marked ``estimated`` and shown with a warning.

Business hours are a list of (start, end) intervals per day, local time (Asia/Shanghai), given by the
station, e.g. ``[(08:30, 12:00), (13:30, 17:30)]``.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import chinese_calendar
from django.utils import timezone
from django.utils.translation import gettext as _

from .compiled import CompiledRead
from .errors import ActionError

DEFAULT_HOURS = "08:30-12:00,13:30-17:30"
_INTERVAL = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_business_hours(text: str) -> tuple[tuple[time, time], ...]:
    """``"08:30-12:00,13:30-17:30"`` → intervals; ordered, non-overlapping, within one day."""
    intervals = []
    for part in (text or "").split(","):
        match = _INTERVAL.match(part)
        if not match:
            raise ActionError(_("Write business hours like 08:30-12:00,13:30-17:30."), field="business_hours")
        h1, m1, h2, m2 = map(int, match.groups())
        if not (h1 < 24 and h2 <= 24 and m1 < 60 and m2 < 60):
            raise ActionError(_("Write business hours like 08:30-12:00,13:30-17:30."), field="business_hours")
        start, end = time(h1, m1), time(23, 59, 59) if h2 == 24 else time(h2, m2)
        if start >= end or (intervals and start < intervals[-1][1]):
            raise ActionError(_("Business hours must be in order and must not overlap."), field="business_hours")
        intervals.append((start, end))
    return tuple(intervals)


@dataclass(frozen=True)
class DayInfo:
    working: bool
    official: bool  # False when only weekends were known for that year


@dataclass(frozen=True)
class Deadline:
    at: datetime
    estimated: bool  # some day on the way came from a year with no official schedule


def _calendar_days():
    from .models import CalendarDay

    return CalendarDay.objects.values_list("date", "kind")


# Read by every deadline computed (each request submitted): compiled once per connection (core.compiled).
_CALENDAR_DAYS = CompiledRead(_calendar_days)


class WorkCalendar:
    """Working-day facts, read once per instance (overrides are loaded for the years asked)."""

    def __init__(self, overrides: dict[date, str] | None = None):
        self._overrides = overrides
        self._override_years: set[int] | None = None

    def _load(self):
        if self._overrides is None:
            self._overrides = dict(_CALENDAR_DAYS())
        if self._override_years is None:
            self._override_years = {d.year for d in self._overrides}

    def day(self, d: date) -> DayInfo:
        self._load()
        kind = self._overrides.get(d)
        if kind is not None:
            return DayInfo(kind == "workday", True)
        known = _package_workday(d)
        if known is not None:
            return DayInfo(known, True)
        # No package data: an administrator who entered any day of this year entered its schedule.
        return DayInfo(d.weekday() < 5, d.year in self._override_years)

    def is_workday(self, d: date) -> bool:
        return self.day(d).working

    def workdays(self, first: date, last: date) -> list[date]:
        """The working days from ``first`` to ``last``, both included."""
        return [first + timedelta(days=n) for n in range((last - first).days + 1)
                if self.is_workday(first + timedelta(days=n))]

    def add_working_days(self, start: datetime, days: int, hours) -> Deadline:
        """End of business on the ``days``-th working day after the day of ``start``."""
        local = timezone.localtime(start)
        d, estimated, counted = local.date(), not self.day(local.date()).official, 0
        while counted < days:
            d += timedelta(days=1)
            info = self.day(d)
            estimated |= not info.official
            counted += info.working
        end = hours[-1][1]
        return Deadline(timezone.make_aware(datetime.combine(d, end)), estimated)

    def add_working_hours(self, start: datetime, work_hours: float, hours) -> Deadline:
        """The moment when ``work_hours`` of business time have passed since ``start``."""
        remaining = timedelta(hours=work_hours)
        local = timezone.localtime(start)
        d, estimated = local.date(), False
        cursor = local.replace(tzinfo=None)
        for _guard in range(3660):  # ten years of days: a limit, not an expectation
            info = self.day(d)
            estimated |= not info.official
            if info.working:
                for begin, end in hours:
                    lo = max(cursor, datetime.combine(d, begin))
                    hi = datetime.combine(d, end)
                    if lo >= hi:
                        continue
                    if hi - lo >= remaining:
                        return Deadline(timezone.make_aware(lo + remaining), estimated)
                    remaining -= hi - lo
            d += timedelta(days=1)
            cursor = datetime.combine(d, time(0))
        raise ActionError(_("No working time found within ten years."))

    def working_time_between(self, start: datetime, end: datetime, hours) -> timedelta:
        """Business time elapsed from ``start`` to ``end`` (for on-time figures)."""
        if end <= start:
            return timedelta(0)
        a, b = timezone.localtime(start).replace(tzinfo=None), timezone.localtime(end).replace(tzinfo=None)
        total, d = timedelta(0), a.date()
        while d <= b.date():
            if self.is_workday(d):
                for begin, finish in hours:
                    lo, hi = max(a, datetime.combine(d, begin)), min(b, datetime.combine(d, finish))
                    if hi > lo:
                        total += hi - lo
            d += timedelta(days=1)
        return total


@lru_cache(maxsize=4096)
def _package_workday(d: date) -> bool | None:
    try:
        return chinese_calendar.is_workday(d)
    except NotImplementedError:
        return None
