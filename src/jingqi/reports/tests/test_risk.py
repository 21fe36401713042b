"""Risk figures per enterprise from every app's records, the park's medians, and the rules behind each
recommendation."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jingqi.cases import services as cases
from jingqi.reports import risk
from jingqi.reports.risk import Period

pytestmark = [pytest.mark.django_db, pytest.mark.dispute_cast, pytest.mark.case_cast]


def now_period():
    return Period.containing(timezone.localdate())


def test_periods_are_half_years_and_know_the_one_before():
    assert Period.containing(date(2026, 6, 30)) == Period(date(2026, 1, 1), date(2026, 7, 1))
    assert Period.containing(date(2026, 7, 1)).label == "2026H2"
    assert Period.half_year(2026, 1).previous() == Period(date(2025, 7, 1), date(2026, 1, 1))
    assert Period.half_year(2026, 2).previous() == Period.half_year(2026, 1)


def test_an_enterprises_figures_come_from_its_disputes_cases_and_requests(world):
    figures = risk.enterprise_figures([world.enterprise_a.pk], now_period())[world.enterprise_a.pk]
    assert figures["disputes"] == 1 and figures["labour_disputes"] == 1
    assert figures["thefts"] == 1 and figures["case_loss"] == 120000 and figures["case_recovered"] == 80000
    assert figures["requests"] == 1 and figures["rating"] is None


def test_an_enterprise_where_nothing_happened_has_zeros_and_no_rating(world):
    figures = risk.enterprise_figures([world.enterprise_t.pk], Period.half_year(2020, 1))[world.enterprise_t.pk]
    assert {name: value for name, value in figures.items() if value} == {}
    assert figures["rating"] is None


def test_a_case_of_the_previous_half_year_is_counted_there_not_now(world):
    period = now_period()
    before = period.start - timedelta(days=10)
    reported = datetime.combine(before, time(10), tzinfo=timezone.get_current_timezone())
    cases.do_record_case(world.officer_a, park=world.park_a, victims=[(world.enterprise_a, None)],
                         reported_at=reported, data={"kind": "embezzlement", "title": "侵占", "description": "x"})
    now = risk.enterprise_figures([world.enterprise_a.pk], period)[world.enterprise_a.pk]
    earlier = risk.enterprise_figures([world.enterprise_a.pk], period.previous())[world.enterprise_a.pk]
    assert now["embezzlements"] == 0 and earlier["embezzlements"] == 1


def test_the_query_count_does_not_grow_with_the_enterprises(world):
    with CaptureQueriesContext(connection) as one:
        risk.enterprise_figures([world.enterprise_a.pk], now_period())
    with CaptureQueriesContext(connection) as three:
        risk.enterprise_figures([world.enterprise_a.pk, world.enterprise_b.pk, world.enterprise_t.pk], now_period())
    assert len(one) == len(three) == 6


def test_park_medians_count_the_enterprises_where_nothing_happened():
    figures = {1: {**risk._blank(), "thefts": 3}, 2: risk._blank(), 3: {**risk._blank(), "thefts": 1}}
    assert risk.park_medians(figures)["thefts"] == 1
    assert risk.park_medians(figures)["rating"] is None


def _with(**values):
    return {**risk._blank(), **values}


@pytest.mark.parametrize("values, medians, code", [
    ({"labour_disputes": 2}, {}, "labour"),
    ({"group_disputes": 1}, {}, "labour"),
    ({"thefts": 2}, {"thefts": 1}, "theft"),
    ({"embezzlements": 1}, {}, "embezzlement"),
    ({"frauds": 1}, {}, "fraud"),
    ({"flagged_complaints": 2}, {}, "extortion"),
    ({"hazards_overdue": 1}, {}, "hazards_overdue"),
    ({"rated_requests": 3, "rating": 3.3}, {}, "satisfaction"),
    ({}, {"outreach_events": 1}, "outreach"),
])
def test_each_rule_fires_on_its_figure_and_names_it(values, medians, code):
    found = {r.code: r for r in risk.recommendations(_with(**values), medians, None)}
    assert code in found
    rule = next(r for r in risk.RULES if r.code == code)
    assert found[code].figure == rule.figure and found[code].text


@pytest.mark.parametrize("values, medians, previous, code", [
    ({"labour_disputes": 1}, {}, None, "labour"),
    ({"thefts": 1}, {"thefts": 1}, None, "theft"),  # no more than the park's usual
    ({"rated_requests": 2, "rating": 2.0}, {}, None, "satisfaction"),  # too few ratings to judge
    ({"hazards_found": 3}, {}, {"hazards_found": 3}, "hazards_rising"),
    ({"outreach_events": 1}, {"outreach_events": 1}, None, "outreach"),
])
def test_a_rule_stays_quiet_below_its_threshold(values, medians, previous, code):
    previous = _with(**previous) if previous is not None else None
    assert code not in {r.code for r in risk.recommendations(_with(**values), medians, previous)}


def test_more_hazards_than_the_previous_half_year_is_flagged():
    found = risk.recommendations(_with(hazards_found=3), {}, _with(hazards_found=1))
    assert "hazards_rising" in {r.code for r in found}


def test_park_risks_compare_each_enterprise_with_its_park_and_the_half_year_before(world, monkeypatch):
    monkeypatch.setattr(risk, "MEDIAN_MIN_ENTERPRISES", 2)
    risks = risk.park_risks([world.enterprise_a.pk, world.enterprise_b.pk], now_period())
    a = risks[world.enterprise_a.pk]
    assert a.park_median["thefts"] == 0.5 and a.previous["thefts"] == 0
    assert "theft" in {r.code for r in a.recommendations}
    assert risk.grouped(risks)["thefts"] == 1 and risk.grouped(risks)["frauds"] == 1


def test_the_parks_satisfaction_is_the_mean_of_every_rated_request():
    def item(pk, rating, rated):
        figures = _with(rating=rating, rated_requests=rated, requests=rated)
        return risk.EnterpriseRisk(pk, None, figures, {}, {}, [])

    totals = risk.grouped({1: item(1, 4.0, 2), 2: item(2, 5.0, 6), 3: item(3, None, 0)})
    assert totals["rating"] == 4.75 and totals["rated_requests"] == 8
    assert risk.grouped({3: item(3, None, 0)})["rating"] is None


def test_a_park_too_small_to_hide_its_enterprises_gets_no_median(world):
    assert risk.MEDIAN_MIN_ENTERPRISES > 2
    risks = risk.park_risks([world.enterprise_a.pk, world.enterprise_b.pk], now_period())
    a = risks[world.enterprise_a.pk]
    assert a.park_median == {}
    # The theft rule still compares with zero: one theft is above a park's usual of none.
    assert "theft" in {r.code for r in a.recommendations}


def test_each_victim_of_a_shared_case_counts_its_own_loss_and_share_of_the_recovery(world):
    case = cases.do_record_case(world.supervisor, park=world.park_a, data={
        "kind": "fraud", "title": "团伙诈骗", "description": "x", "loss_amount": "3000"},
        victims=[(world.enterprise_a, "1000"), (world.enterprise_b, "2000")])
    case = cases.do_file_case(world.supervisor, case)
    cases.do_record_recovery(world.supervisor, case, recovered_on=timezone.localdate(), amount="1500")
    figures = risk.enterprise_figures([world.enterprise_a.pk, world.enterprise_b.pk], now_period())
    assert figures[world.enterprise_b.pk]["case_loss"] == 2000 + 50000  # with the cast's own fraud against b
    assert figures[world.enterprise_a.pk]["frauds"] == 1
    assert figures[world.enterprise_b.pk]["case_recovered"] == 1000
    assert figures[world.enterprise_a.pk]["case_recovered"] == 80000 + 500
