"""Deadline arithmetic on the official calendar: known holidays, make-up days, unknown years."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jingqi.core.errors import ActionError
from jingqi.core.workcalendar import WorkCalendar, parse_business_hours

SH = ZoneInfo("Asia/Shanghai")
HOURS = parse_business_hours("08:30-12:00,13:30-17:30")  # 7.5 working hours a day


def at(y, m, d, hh=9, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=SH)


def local(dt):
    return dt.astimezone(SH)


@pytest.fixture
def cal():
    return WorkCalendar(overrides={})


class TestKnownHolidays:
    def test_national_day_2025_skips_the_week_and_counts_the_make_up_saturday(self, cal):
        # 2025-09-30 (Tue) + 1 working day: Oct 1–8 are holidays; Oct 9 (Thu) is the next working day.
        assert local(cal.add_working_days(at(2025, 9, 30), 1, HOURS).at) == at(2025, 10, 9, 17, 30)
        # 2025-09-26 (Fri) + 1: Sunday 28 September was a make-up working day.
        assert local(cal.add_working_days(at(2025, 9, 26), 1, HOURS).at) == at(2025, 9, 28, 17, 30)

    def test_spring_festival_2026(self, cal):
        # Feb 15–23 2026 are holidays, Saturday 14 and Saturday 28 February are make-up working days.
        assert cal.is_workday(date(2026, 2, 14)) and cal.is_workday(date(2026, 2, 28))
        assert not cal.is_workday(date(2026, 2, 16))
        deadline = cal.add_working_days(at(2026, 2, 13), 2, HOURS)
        assert local(deadline.at) == at(2026, 2, 24, 17, 30) and not deadline.estimated

    def test_working_hours_cross_lunch_and_the_night(self, cal):
        assert local(cal.add_working_hours(at(2026, 3, 2, 11, 0), 2, HOURS).at) == at(2026, 3, 2, 14, 30)
        assert local(cal.add_working_hours(at(2026, 3, 2, 17, 0), 1, HOURS).at) == at(2026, 3, 3, 9, 0)

    def test_working_hours_started_on_a_holiday_begin_on_the_next_working_day(self, cal):
        # 3.5 h on the morning of Oct 9, the last half hour after lunch.
        assert local(cal.add_working_hours(at(2025, 10, 3, 10, 0), 4, HOURS).at) == at(2025, 10, 9, 14, 0)

    def test_a_limit_ending_at_noon_ends_at_noon_not_after_lunch(self, cal):
        assert local(cal.add_working_hours(at(2026, 3, 2, 8, 30), 3.5, HOURS).at) == at(2026, 3, 2, 12, 0)


class TestUnknownYears:
    def test_request_filed_on_2026_12_28_gets_a_2027_deadline_marked_estimated(self, cal):
        deadline = cal.add_working_days(at(2026, 12, 28), 5, HOURS)
        # Dec 29, 30, 31 (2026, known), then 2027 is unknown: weekends only, Jan 1 (Fri) counted.
        assert local(deadline.at) == at(2027, 1, 4, 17, 30)
        assert deadline.estimated

    def test_administrator_schedule_for_2027_makes_it_official(self):
        overrides = {date(2027, 1, 1): "holiday", date(2027, 1, 2): "holiday"}
        cal = WorkCalendar(overrides=overrides)
        deadline = cal.add_working_days(at(2026, 12, 28), 5, HOURS)
        assert local(deadline.at) == at(2027, 1, 5, 17, 30)
        assert not deadline.estimated

    def test_override_beats_the_package(self):
        cal = WorkCalendar(overrides={date(2026, 3, 2): "holiday"})
        assert not cal.is_workday(date(2026, 3, 2))
        assert WorkCalendar(overrides={date(2026, 3, 7): "workday"}).is_workday(date(2026, 3, 7))

    @pytest.mark.django_db
    def test_database_table_is_read(self):
        from jingqi.core.models import CalendarDay

        CalendarDay.objects.create(date=date(2027, 2, 8), kind="holiday", name="春节")
        cal = WorkCalendar()
        assert not cal.is_workday(date(2027, 2, 8)) and cal.day(date(2027, 2, 9)).official


class TestBusinessHours:
    @pytest.mark.parametrize("text", ["", "8-12", "12:00-08:00", "08:00-12:00,11:00-13:00", "25:00-26:00"])
    def test_bad_business_hours_are_refused(self, text):
        with pytest.raises(ActionError):
            parse_business_hours(text)


starts = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 20)).map(
    lambda d: d.replace(tzinfo=SH, second=0, microsecond=0))
amounts = st.integers(min_value=0, max_value=60).map(lambda q: q / 4)  # quarter hours up to 15 h


def in_business_time(cal, moment):
    moment = local(moment)
    return cal.is_workday(moment.date()) and any(
        datetime.combine(moment.date(), b, SH) <= moment <= datetime.combine(moment.date(), e, SH) for b, e in HOURS)


@settings(max_examples=150, deadline=None)
@given(start=starts, a=amounts, b=amounts)
def test_working_hours_add_up_and_land_in_business_time(start, a, b):
    cal = WorkCalendar(overrides={})
    once = cal.add_working_hours(start, a + b, HOURS).at
    twice = cal.add_working_hours(cal.add_working_hours(start, a, HOURS).at, b, HOURS).at
    if a > 0 and b > 0:
        # Splitting a limit never moves the deadline (an interval end may equal the next start's).
        assert cal.working_time_between(start, once, HOURS) == cal.working_time_between(start, twice, HOURS)
    assert once >= start
    if a + b > 0:
        assert in_business_time(cal, once)
        assert cal.working_time_between(start, once, HOURS) == timedelta(hours=a + b)


@settings(max_examples=150, deadline=None)
@given(start=starts, days=st.integers(min_value=1, max_value=30))
def test_working_days_land_on_a_working_day_with_exactly_that_many_before_it(start, days):
    cal = WorkCalendar(overrides={})
    deadline = local(cal.add_working_days(start, days, HOURS).at)
    assert cal.is_workday(deadline.date()) and deadline.time() == time(17, 30)
    between = [start.date() + timedelta(n) for n in range(1, (deadline.date() - start.date()).days + 1)]
    assert sum(cal.is_workday(d) for d in between) == days


@settings(max_examples=100, deadline=None)
@given(start=starts, a=amounts, b=amounts)
def test_more_working_hours_never_give_an_earlier_deadline(start, a, b):
    cal = WorkCalendar(overrides={})
    low, high = sorted((a, b))
    assert cal.add_working_hours(start, low, HOURS).at <= cal.add_working_hours(start, high, HOURS).at


def test_workdays_lists_the_working_days_of_a_range_make_up_days_included():
    cal = WorkCalendar(overrides={})
    # National Day 2025: 1-8 October off, Sunday 28 September and Saturday 11 October worked instead.
    assert cal.workdays(date(2025, 9, 26), date(2025, 10, 11)) == [
        date(2025, 9, 26), date(2025, 9, 28), date(2025, 9, 29), date(2025, 9, 30), date(2025, 10, 9),
        date(2025, 10, 10), date(2025, 10, 11)]
    assert cal.workdays(date(2025, 10, 2), date(2025, 10, 1)) == []
