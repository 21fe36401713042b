"""The outreach list is read in its order (-starts_at, -id) through an index for each of its filters, on SQLite and
PostgreSQL (see core/testing/plans.py)."""

import pytest
from django.db import connection

from jingqi.cases.selectors_outreach import Filters, events_for
from jingqi.core.testing.plans import assert_served_by_index, query_plan

pytestmark = [pytest.mark.django_db, pytest.mark.case_cast]

STATION, PARK, TOPIC = "outreach_station_starts_idx", "outreach_park_starts_idx", "outreach_topic_starts_idx"


def test_supervisor_outreach_list_is_read_in_order_through_the_station_index(world):
    assert_served_by_index(events_for(world.supervisor)[:25], STATION)


def test_supervisor_outreach_list_of_one_park_is_read_through_the_park_or_station_index(world):
    assert_served_by_index(events_for(world.supervisor, Filters(park=world.park_a))[:25], (PARK, STATION))


def test_supervisor_outreach_list_of_one_topic_is_read_through_the_topic_or_station_index(world):
    assert_served_by_index(events_for(world.supervisor, Filters(topic="anti_fraud"))[:25], (TOPIC, STATION))


def test_officer_outreach_list_of_one_park_is_read_in_order_through_the_park_index(world):
    assert_served_by_index(events_for(world.officer_a, Filters(park=world.park_a))[:25], PARK)


def test_officer_outreach_list_finds_the_offices_parks_through_the_park_index(world):
    # The office's scope joins through the park: no event index can lead with the office, so each of the office's
    # parks is read through an index on the park (its foreign key's or the list's) and the page is sorted, as the
    # dispute list's is. On PostgreSQL, with a row or two a table, the planner may start from the parks' office
    # index instead.
    plan = query_plan(events_for(world.officer_a)[:25])
    by_park = PARK in plan or "cases_outreachevent_park_id" in plan
    if connection.vendor == "postgresql":
        assert by_park or "registry_park_office_id" in plan, plan
    else:
        assert by_park, plan
