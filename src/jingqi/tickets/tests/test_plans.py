"""Request lists are read in their order through an index, on SQLite and PostgreSQL (see core/testing/plans.py)."""

import pytest
from django.db import connection

from jingqi.core.testing.plans import api_list_queryset, assert_served_by_index
from jingqi.tickets.api.views import TicketViewSet

pytestmark = pytest.mark.django_db


# With a status chosen, either station index serves the order (the second one skips the other statuses).
@pytest.mark.parametrize(("params", "index"), [
    ({}, "ticket_station_submitted_idx"),
    ({"status": "submitted"}, ("ticket_station_status_idx", "ticket_station_submitted_idx"))])
def test_supervisor_request_list_is_read_in_order_through_a_station_index(world, params, index):
    assert_served_by_index(api_list_queryset(TicketViewSet, world.supervisor, params)[:50], index)


def test_officer_request_lists_are_read_in_order_through_the_station_index(world):
    # The office's scope carries its station (the same rows): the station's requests are walked newest first, each
    # checked against the office's parks, until the page is full; nothing is gathered and sorted.
    from jingqi.tickets import selectors

    assert_served_by_index(api_list_queryset(TicketViewSet, world.officer_a)[:50], "ticket_station_submitted_idx")
    assert_served_by_index(selectors.tickets_for(world.officer_a, view="all")[:25], "ticket_station_submitted_idx")
    # "mine" (handled or recorded by the officer) too: the same walk, each row checked against both
    assert_served_by_index(selectors.tickets_for(world.officer_a, view="mine")[:25], "ticket_station_submitted_idx")


def test_the_office_scope_names_its_station_as_a_value(world):
    # A value, where a subquery would leave PostgreSQL to estimate "mine" over the whole table (see the statistics
    # below); the station is the office's, read with the user's office.
    from jingqi.tickets.models import Ticket

    sql, params = Ticket.objects.visible_to(world.officer_a).query.sql_with_params()
    assert "registry_office" not in sql
    assert world.officer_a.office.station_id in params


@pytest.mark.skipif(connection.vendor != "postgresql", reason="multi-column statistics: PostgreSQL")
def test_the_stations_handlers_and_recorders_have_statistics_together():
    with connection.cursor() as cursor:
        cursor.execute("SELECT stxkind, stxkeys::text FROM pg_statistic_ext WHERE stxname = %s",
                       ["ticket_station_people_stats"])
        kinds, keys = cursor.fetchone()
        cursor.execute("SELECT attnum, attname FROM pg_attribute WHERE attrelid = 'tickets_ticket'::regclass")
        names = dict(cursor.fetchall())
    assert set(kinds) >= {"m", "f"}  # the MCV list (OR of handler and recorder) and the dependencies
    assert {names[int(k)] for k in keys.split()} == {"station_id", "handler_id", "submitted_by_id"}


@pytest.mark.parametrize("full", [False, True])
@pytest.mark.parametrize("params", [{}, {"page": "3", "page_size": "10"}, {"service_code": "T-01"},
                                    {"service_code": "T-01,T-02"}, {"status": "open"}, {"status": "closed"},
                                    {"start_date": "2026-01-01T00:00:00+08:00"},
                                    {"end_date": "2026-12-01T00:00:00+08:00"}])
def test_open311_pages_are_read_in_order_through_the_station_index(world, params, full):
    from django.http import QueryDict
    from django.utils.http import urlencode

    from jingqi.tickets.open311.views import requests_page, row_values

    page, message = requests_page(world.station, QueryDict(urlencode(params)))
    assert not message
    # The query as it runs: the rows' columns with their joins (and, with a key, the enterprise's).
    assert_served_by_index(row_values(page, full=full), "ticket_station_submitted_idx")
