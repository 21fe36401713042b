"""The published figures, reproduced from the demo at full scale and counted again from the raw tables.

Shengzhou's year (``registry.demo.published_year``): 470+ problems solved, 99.4 % of disputes mediated, more than
2 million yuan recovered; the 12345 enterprise hotline's three rates as the benchmark its requests are held to.
A false claim exposed within 24 hours.
Majiahe's quarter: 30 inspections (joint visits, 综合查一次), 5 hazards found, 2 fixed on site, a case solved within
48 hours. Each figure is read as its station's supervisor reads it (from the roll-up) and must equal the count
``test_figures.expected`` makes from the raw tables, then stand as published.

One load serves the module: the whole demo at full scale, as `make run` loads it. The other demos (patrols,
outreach, background checks, reports) add nothing to these figures; loading them too makes this the suite's one
full-scale load of everything, which also carries the registry's published counts (Shengzhou's 214 enterprises,
Majiahe's three parks over 35.97 km²), instead of a second full load of its own."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from jingqi.accounts.choices import Role
from jingqi.analytics.selectors import figures_for, label_records, records_behind
from jingqi.analytics.services import do_refresh_figures
from jingqi.core.audit import verify_chain
from jingqi.core.testing.demo import full_scale_demo, loaded_demo
from jingqi.inspections import demo as inspections_demo
from jingqi.inspections import services as inspections_services
from jingqi.inspections.tests.test_demo import majiahe_ledger
from jingqi.registry.choices import ParkKind
from jingqi.registry.demo import PUBLISHED_STATION, published_year
from jingqi.registry.models import Enterprise, Park, Station

from .test_figures import assert_matches, expected

pytestmark = [pytest.mark.django_db, full_scale_demo]


@pytest.fixture(scope="module")
def published(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), loaded_demo(scale=1.0) as loaded:
        do_refresh_figures(full=True)
        yield loaded


def read(code, start, end, keys):
    """The figures of ``keys`` as the station's supervisor reads them, each checked against the raw tables."""
    station = Station.objects.get(code=code)
    supervisor = get_user_model().objects.get(role=Role.SUPERVISOR, station=station, is_active=True)
    want = expected(station, start, end, timezone.now())
    figures = {f.key: f for f in figures_for(supervisor, start=start, end=end, keys=keys)}
    for key, figure in figures.items():
        assert_matches(figure, want[key], key)
    return supervisor, figures


def test_shengzhou_s_published_year_is_reproduced_from_its_records(published):
    first, last = published_year(timezone.localdate(published.started))
    _user, got = read(PUBLISHED_STATION, first, last,
                      ["requests.solved", "disputes.success", "disputes.settled_low", "cases.loss_recovered"])
    assert got["requests.solved"].value >= 470  # "470+"
    success = got["disputes.success"]
    assert (success.numerator, success.denominator) == (169, 170)
    assert f"{success.value:.1%}" == "99.4%"
    assert got["cases.loss_recovered"].value >= 2_000_000  # "2 million+"
    # most disputes settled at the enterprise or the park (小事不出企业、大事不出园区)
    assert got["disputes.settled_low"].value > 0.9


def test_the_year_s_three_rates_stand_beside_the_hotline_s(published):
    first, last = published_year(timezone.localdate(published.started))
    _user, got = read(PUBLISHED_STATION, first, last,
                      ["requests.response_rate", "requests.resolution_rate", "requests.satisfaction"])
    # the 12345 enterprise hotline's 99.7 / 92.3 / 94.5 %: resolution and satisfaction as published, and the
    # response rate one request short of it (one late answer in 520 is 99.8 %)
    assert f"{got['requests.resolution_rate'].value:.1%}" == "92.3%"
    assert f"{got['requests.satisfaction'].value:.1%}" == "94.5%"
    assert got["requests.response_rate"].value == pytest.approx(0.997, abs=0.0015)


def test_nothing_else_of_the_demo_falls_in_the_published_year(published):
    """The year is history before the demo's recent records: a request, dispute or case of the recent months
    counted in it would change the published figures whenever the demo is loaded."""
    from jingqi.cases.models import Case
    from jingqi.disputes.models import Dispute
    from jingqi.tickets.models import Ticket

    first, last = published_year(timezone.localdate(published.started))
    tickets = Ticket.objects.filter(submitted_at__date__range=(first, last))
    assert tickets.exclude(station__code=PUBLISHED_STATION).count() == 0
    assert tickets.count() == 520
    assert Dispute.objects.filter(reported_at__date__range=(first, last)).count() == 175
    assert Case.objects.filter(reported_at__date__range=(first, last)).count() == 6


def test_majiahe_s_published_quarter_is_thirty_joint_visits_five_hazards_two_fixed_on_site(published):
    first, last = inspections_services.quarter_of(
        inspections_demo.story(timezone.localdate(published.started)).closed)
    _user, got = read("ZZ-MJH", first, last, ["inspections.visits", "inspections.done", "hazards.found",
                                                "hazards.fixed_on_site"])
    # the 30 are joint visits, each doing the police's, the fire brigade's and market regulation's checklists
    assert (got["inspections.visits"].value, got["inspections.done"].value) == (30, 90)
    assert got["hazards.found"].value == 5
    assert (got["hazards.fixed_on_site"].numerator, got["hazards.fixed_on_site"].denominator) == (2, 5)
    # and the quarter's ledger, and the line the demo prints for it, say the same
    total, told = majiahe_ledger(first, last)
    assert (total.visits, total.inspections, total.found, total.fixed_on_site) == (30, 90, 5, 2)
    assert told == [30, 90, 5, 2]


def test_majiahe_s_case_solved_within_48_hours_is_behind_its_time_to_solve(published):
    today = timezone.localdate(published.started)
    start, end = today.replace(year=today.year - 1), today
    supervisor, got = read("ZZ-MJH", start, end, ["cases.time_to_solve"])
    rows = label_records(records_behind(supervisor, "cases.time_to_solve", start=start, end=end))
    fastest = min(rows, key=lambda row: row.value)
    assert fastest.value <= 48 and "数控模板" in fastest.label


def test_shengzhou_s_false_claim_was_exposed_within_24_hours_of_reaching_the_station(published):
    today = timezone.localdate(published.started)
    start, end = today.replace(year=today.year - 1), today
    supervisor, got = read(PUBLISHED_STATION, start, end, ["claims.exposed", "claims.time_to_expose"])
    assert got["claims.exposed"].value >= 1
    rows = label_records(records_behind(supervisor, "claims.time_to_expose", start=start, end=end))
    assert rows and all(row.value <= 24 for row in rows)


def test_the_full_demo_has_the_registry_s_published_counts(published):
    shengzhou = Station.objects.get(code="SZ-YX")
    community = Park.objects.get(station=shengzhou)
    assert community.kind == ParkKind.ENTERPRISE_COMMUNITY
    assert "新质企业社区" in community.name
    enterprises = Enterprise.objects.filter(park=community)
    assert enterprises.count() == 214
    assert enterprises.filter(above_designated_size=True).count() == 26
    assert enterprises.filter(listed=True).count() == 1
    assert enterprises.filter(key_enterprise=True).exists()
    codes = set(enterprises.values_list("industry_code", flat=True))
    assert {"C3841", "C3825", "C3854", "C3973"} <= codes
    assert len(codes) >= 10

    majiahe = Station.objects.get(code="ZZ-MJH")
    parks = Park.objects.filter(station=majiahe)
    assert parks.count() == 3
    assert Enterprise.objects.filter(park__station=majiahe).count() >= 900
    assert sum(park.area_km2 for park in parks) == Decimal("35.97")

    for station in (shengzhou, majiahe):
        sampled = Enterprise.objects.filter(park__station=station, contacts__isnull=False).distinct()
        assert sampled.count() == 40
    assert verify_chain().ok
