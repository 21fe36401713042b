"""The figures' reads and the refresh's finds are served by indexes, on SQLite and PostgreSQL (see
core/testing/plans.py): a city's records must not be read whole every ten minutes, nor for a dashboard."""

from datetime import date, timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone

from jingqi.analytics.models import Cell, Fact
from jingqi.analytics.selectors import Scope, grains_for, period_cells, records_behind
from jingqi.analytics.sources import SOURCES
from jingqi.core.testing.plans import assert_served_by_index, query_plan

pytestmark = pytest.mark.django_db

# source → the indexes its "changed since" find must use: the record's updated_at, and the deadline whose passing
# changes a figure
CHANGED = {
    "ticket": ("ticket_updated_idx", "ticket_response_due_idx"),
    "ticket_task": ("ticket_task_updated_idx", "ticket_task_due_idx"),
    "dispute": ("dispute_updated_idx",),
    "case": ("case_updated_idx",),
    "outreach": ("outreach_updated_idx",),
    "inspection": ("insp_updated_idx",),
    "inspection_visit": ("insp_visit_updated_idx",),
    "hazard": ("hazard_updated_idx", "hazard_due_at_idx"),
    "patrol": ("patrol_updated_idx",),
    "guard_shift": ("patrol_shift_checked_out_idx",),
    "clue": ("clue_updated_idx",),
    # the patrols and the shifts through their indexes; the volunteers themselves (a few thousand in a city) are
    # read whole on PostgreSQL, which does not OR an index with the two subqueries (as for guard operations)
    "volunteer": ("patrol_updated_idx", "patrol_shift_checked_out_idx"),
}


def test_every_source_is_planned_here():
    assert set(CHANGED) == set(SOURCES)


@pytest.mark.parametrize("name", sorted(CHANGED))
def test_the_refresh_finds_what_changed_through_indexes(world, name):
    now = timezone.now()
    plan = query_plan(SOURCES[name].changed(now - timedelta(minutes=15), now))
    for index in CHANGED[name]:
        assert index in plan, f"{index} is not in the plan:\n{plan}"


def test_a_record_s_facts_are_found_through_their_record(world):
    plan = query_plan(Fact.objects.filter(source="ticket", record_id__in=[1, 2, 3]))
    assert "fact_record_idx" in plan, plan


def assert_each_part_reads_a_day_range(plan: str, parts: int):
    """Each of the ``parts`` reads of analytics_cell goes through an index whose condition bounds the day (not
    every cell of the scope, filtered afterwards)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        assert "Seq Scan on analytics_cell" not in plan, plan
        conditions = [line for line in plan.splitlines() if "Index Cond:" in line and "day" in line]
        assert len(conditions) == parts, plan
    else:
        reads = [line for line in plan.splitlines() if "analytics_cell" in line]
        assert len(reads) == parts and all("USING INDEX" in line and "day" in line for line in reads), plan


@pytest.fixture
def city_cells(world):
    """Cells as a city's roll-up holds them, in proportion: twenty stations of two parks each, a figure's day and
    month cells over two years; then the planner's statistics, as a deployment's database keeps them."""
    from django.db import connection

    from jingqi.core.testing import factories as f

    stations = [world.supervisor.station, world.supervisor_t.station,
                *(f.StationFactory() for _ in range(18))]
    parks = {s.pk: list(s.parks.values_list("pk", flat=True)) or [None] for s in stations}
    parks[world.officer_a.office.station_id] = [world.enterprise_a.park_id, world.enterprise_b.park_id]
    first = date(2025, 1, 1)
    rows = []
    for station in stations:
        for park in parks[station.pk]:
            for offset in range(0, 730, 2):
                day = first + timedelta(days=offset)
                rows.append(Cell(figure="requests.received", grain="d", day=day, station=station, park_id=park,
                                 facts=1, numerator=1))
                if day.day <= 2:
                    rows.append(Cell(figure="requests.received", grain="m", day=day.replace(day=1),
                                     station=station, park_id=park, facts=30, numerator=30))
    Cell.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE analytics_cell" if connection.vendor == "postgresql" else "ANALYZE")
    return world


def test_a_station_s_figures_read_its_cells_through_an_index(city_cells):
    world = city_cells
    cells = period_cells(Cell.objects.visible_to(world.supervisor), date(2026, 1, 15), date(2026, 11, 20), "figure",
                         n=Sum("facts"))
    # three parts (the days before the first whole month, the months, the days after), each through an index
    assert_each_part_reads_a_day_range(query_plan(cells), 3)


def test_each_reader_reads_the_level_of_the_roll_up_that_covers_it(world):
    from jingqi.accounts.choices import Role
    from jingqi.analytics.models import CITY_GRAINS, PARK_GRAINS, STATION_GRAINS
    from jingqi.core.testing import factories as f

    station_viewer = f.UserFactory(role=Role.VIEWER, station=world.station)
    admin = f.UserFactory(is_superuser=True, role=Role.SUPERVISOR, station=world.station)
    assert grains_for(world.viewer, Scope()) == CITY_GRAINS  # every station: the city's cells
    assert grains_for(admin, Scope()) == CITY_GRAINS
    assert grains_for(world.viewer, Scope(station=world.station.pk)) == STATION_GRAINS
    assert grains_for(station_viewer, Scope()) == STATION_GRAINS  # their station's, never the city's
    assert grains_for(world.supervisor, Scope()) == STATION_GRAINS
    assert grains_for(world.viewer, Scope(park=world.park_a.pk)) == PARK_GRAINS
    assert grains_for(world.officer_a, Scope()) == PARK_GRAINS
    assert grains_for(world.dept_transport, Scope()) == PARK_GRAINS


def test_the_city_s_figures_read_the_city_cells_through_an_index(city_cells):
    from django.db import connection

    from jingqi.analytics.models import CITY_GRAINS

    first = date(2025, 1, 1)
    Cell.objects.bulk_create([Cell(figure="requests.received", grain=grain, day=first + timedelta(days=offset),
                                   facts=20, numerator=20)
                              for offset in range(730) for grain in ("c", "C") if grain == "c" or offset % 30 == 0])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE analytics_cell" if connection.vendor == "postgresql" else "ANALYZE")
    viewer = city_cells.viewer
    assert grains_for(viewer, Scope()) == CITY_GRAINS
    cells = period_cells(Cell.objects.visible_to(viewer), date(2026, 1, 15), date(2026, 11, 20), "figure",
                         grains=CITY_GRAINS, n=Sum("facts"))
    assert_each_part_reads_a_day_range(query_plan(cells), 3)


def test_an_office_s_figures_read_its_parks_cells_through_an_index(city_cells):
    world = city_cells
    cells = period_cells(Cell.objects.visible_to(world.officer_a), date(2026, 1, 15), date(2026, 11, 20), "figure",
                         n=Sum("facts"))
    assert_each_part_reads_a_day_range(query_plan(cells), 3)


def test_the_records_behind_a_figure_are_read_in_order_through_an_index(world):
    facts = records_behind(world.supervisor, "requests.solved", start=date(2026, 1, 1), end=date(2026, 12, 31),
                           scope=Scope())
    assert_served_by_index(facts, "fact_figure_station_day_idx")


def test_an_enterprise_s_figures_read_its_facts_through_an_index(world):
    facts = (Fact.objects.visible_to(world.liaison_a).filter(figure__in=["requests.received"],
                                                             day__gte=date(2026, 1, 1), day__lte=date(2026, 12, 31))
             .values("figure").annotate(n=Sum("numerator")))
    assert "fact_enterprise_idx" in query_plan(facts)


@pytest.mark.parametrize("by_month", [False, True])
def test_a_distinct_figure_is_counted_through_the_facts_index(world, by_month):
    from django.db import connection

    from jingqi.analytics.selectors import distinct_rows
    from jingqi.core.bulk import insert_rows

    # a city's facts in proportion: twenty stations, a year of days, volunteers among many other figures (the
    # keys carry no database constraint: derived rows)
    station = world.supervisor.station_id
    insert_rows(Fact, [{"figure": figure, "source": "volunteer" if figure.startswith("patrols") else "ticket",
                        "record_id": n, "day": date(2025, 6, 1) + timedelta(days=n % 500),
                        "station_id": station if n % 20 == 0 else 10_000 + n % 20, "numerator": 1}
                       for n in range(6000) for figure in ("patrols.volunteers_active", "requests.received",
                                                           "requests.solved")])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE analytics_fact")
    rows = distinct_rows(world.supervisor, Scope(), ["patrols.volunteers_active"], start=date(2026, 1, 1),
                         end=date(2026, 12, 31), by_month=by_month)
    plan = query_plan(rows)
    assert "fact_figure_station_day_idx" in plan, plan


@pytest.mark.parametrize("by", ["kind", "officer"])
def test_a_station_s_figures_by_type_and_officer_read_its_facts_through_an_index(world, by):
    from django.db import connection

    from jingqi.analytics.selectors import KIND_FIGURES, OFFICER_FIGURES, fact_groups
    from jingqi.core.bulk import insert_rows

    # a city's facts in proportion: twenty stations, two years of days, many figures besides those read
    station = world.supervisor.station_id
    figures = ["requests.received", "requests.solved", "requests.response_rate", "disputes.success",
               "hazards.found", "patrols.hours", "tasks.on_time", "cases.solved"]
    insert_rows(Fact, [{"figure": figure, "source": "ticket", "record_id": n, "kind": "resolution",
                        "day": date(2025, 1, 1) + timedelta(days=n % 700),
                        "station_id": station if n % 20 == 0 else 10_000 + n % 20, "numerator": 1}
                       for n in range(3000) for figure in figures])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE analytics_fact")
    keys = KIND_FIGURES["ticket"][0] if by == "kind" else OFFICER_FIGURES
    plan = query_plan(fact_groups(world.supervisor, by, keys, date(2026, 1, 1), date(2026, 12, 31), Scope()))
    assert "fact_figure_station_day_idx" in plan, plan


@pytest.mark.parametrize("by", ["kind", "officer", "distinct"])
def test_an_office_s_facts_are_read_through_the_park_index(world, by):
    from django.db import connection

    from jingqi.analytics.selectors import KIND_FIGURES, OFFICER_FIGURES, distinct_rows, fact_groups
    from jingqi.core.bulk import insert_rows

    # a city's facts in proportion: a hundred parks, two years of days, many figures besides those read
    parks = [world.enterprise_a.park_id, world.enterprise_b.park_id]
    figures = ["requests.received", "requests.solved", "requests.response_rate", "disputes.success",
               "hazards.found", "patrols.hours", "patrols.volunteers_active", "cases.solved"]
    insert_rows(Fact, [{"figure": figure, "source": "ticket", "record_id": n, "kind": "resolution",
                        "day": date(2025, 1, 1) + timedelta(days=n % 700), "station_id": world.station.pk,
                        "park_id": parks[n % 2] if n % 50 < 2 else 10_000 + n % 100, "numerator": 1}
                       for n in range(3000) for figure in figures])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE analytics_fact")
    start, end, officer = date(2026, 1, 1), date(2026, 12, 31), world.officer_a
    if by == "distinct":
        rows = distinct_rows(officer, Scope(), ["patrols.volunteers_active"], start=start, end=end)
    else:
        keys = KIND_FIGURES["ticket"][0] if by == "kind" else OFFICER_FIGURES
        rows = fact_groups(officer, by, keys, start, end, Scope())
    plan = query_plan(rows)
    assert "fact_park_figure_day_idx" in plan, plan
