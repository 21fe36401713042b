"""When an outreach event is outside an enterprise's production hours: the edges of the working day, the official
calendar's holidays and make-up working days, and unusual hours (on the calendar as the package knows it; no
administrator's overrides)."""

from datetime import datetime

import pytest
from django.utils import timezone

from jingqi.cases.services_outreach import is_outside_hours
from jingqi.core.workcalendar import DEFAULT_HOURS, WorkCalendar, parse_business_hours

OFFICE = parse_business_hours(DEFAULT_HOURS)  # 08:30-12:00, 13:30-17:30
CALENDAR = WorkCalendar(overrides={})


def at(text: str) -> datetime:
    """Shanghai time, as typed into the form."""
    return timezone.make_aware(datetime.fromisoformat(text))


def outside(start: str, end: str, hours=OFFICE) -> bool:
    return is_outside_hours(at(start), at(end), hours, CALENDAR)


def test_event_ending_exactly_at_opening_time_is_outside_production_hours():
    assert outside("2025-10-15 07:30", "2025-10-15 08:30")


def test_event_overlapping_the_opening_by_a_minute_is_during_production_hours():
    assert not outside("2025-10-15 07:30", "2025-10-15 08:31")


def test_event_starting_exactly_at_closing_time_is_outside_production_hours():
    assert outside("2025-10-15 17:30", "2025-10-15 19:00")


def test_event_in_the_lunch_break_is_outside_production_hours():
    assert outside("2025-10-15 12:00", "2025-10-15 13:30")


def test_event_running_a_minute_into_the_afternoon_shift_is_during_production_hours():
    assert not outside("2025-10-15 12:00", "2025-10-15 13:31")


def test_evening_talk_on_a_working_day_is_outside_production_hours():
    assert outside("2025-10-15 19:00", "2025-10-15 20:30")


def test_daytime_event_on_an_ordinary_saturday_is_outside_production_hours():
    assert outside("2025-10-18 09:00", "2025-10-18 11:00")


def test_daytime_event_on_an_official_holiday_is_outside_production_hours():
    # 2025-10-01 is a Wednesday, and National Day.
    assert outside("2025-10-01 09:00", "2025-10-01 11:00")


@pytest.mark.parametrize("day", ["2025-09-28", "2025-10-11"])  # a Sunday and a Saturday worked to make up
def test_daytime_event_on_a_make_up_working_day_is_during_production_hours(day):
    assert not outside(f"{day} 09:00", f"{day} 11:00")


def test_event_overnight_into_a_working_morning_is_during_production_hours():
    assert not outside("2025-10-14 22:00", "2025-10-15 09:00")


def test_enterprise_working_nights_has_an_evening_talk_during_production_hours():
    nights = parse_business_hours("20:00-24:00")
    assert not outside("2025-10-15 19:00", "2025-10-15 20:30", nights)
    assert outside("2025-10-15 09:00", "2025-10-15 11:00", nights)


def test_enterprise_with_a_long_single_shift_has_an_early_evening_talk_during_production_hours():
    long_day = parse_business_hours("07:00-19:00")
    assert not outside("2025-10-15 18:30", "2025-10-15 20:00", long_day)
    assert outside("2025-10-15 19:00", "2025-10-15 20:00", long_day)


def test_times_are_read_in_shanghai_not_utc():
    # 11:00 UTC is 19:00 in Shanghai: after work there.
    start = datetime.fromisoformat("2025-10-15T11:00:00+00:00")
    end = datetime.fromisoformat("2025-10-15T12:30:00+00:00")
    assert is_outside_hours(start, end, OFFICE, CALENDAR)
