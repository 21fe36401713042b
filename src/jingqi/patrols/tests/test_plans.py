"""Patrol lists and their indexes, on SQLite and PostgreSQL (see core/testing/plans.py)."""

import pytest
from django.db import connection

from jingqi.core.testing.plans import api_list_queryset, assert_served_by_index, query_plan
from jingqi.patrols.api import views

pytestmark = [pytest.mark.django_db, pytest.mark.patrol_cast]


@pytest.mark.parametrize("who", ["supervisor", "officer_a"])
def test_check_in_list_is_read_in_time_order_through_its_index(world, who):
    # A check-in's scope is its patrol's park or its shift's operation's park: no check-in index can lead with it,
    # so the list is read in order (patrol_checkin_at_idx) and the scope checked row by row, with no sort.
    if connection.vendor == "postgresql":
        # Not proven there: on the cast's few rows PostgreSQL hash-joins the scope and sorts, whatever the costs.
        pytest.skip("on the cast's few rows PostgreSQL hash-joins the check-ins' scope and sorts them")
    assert_served_by_index(api_list_queryset(views.PatrolCheckInViewSet, getattr(world, who))[:50],
                           "patrol_checkin_at_idx")


@pytest.mark.parametrize(("viewset", "indexes"), [
    (views.PatrolViewSet, ("patrols_patrol_park_id",)),
    (views.PatrolFindingViewSet, ("patrols_finding_park_id",)),
    # either of the two that lead with the park (SQLite weighs them by the row's width, which grows with fields)
    (views.GuardOperationViewSet, ("patrols_guardoperation_park_id", "patrol_operation_park_idx"))])
def test_officer_lists_read_each_park_through_the_park_index(world, viewset, indexes):
    # An officer's scope is a filter on the park's office (querysets.police_q), a join: no index of these tables
    # can lead with it, so each park is read through its park index and the page is sorted.
    if connection.vendor == "postgresql" and viewset is views.GuardOperationViewSet:
        # Not proven there: the cast has one guard operation, and PostgreSQL (sequential scans priced out) reads it
        # through whichever of its indexes costs the same, the park's or its author's (seen in CI, 2026-12-03).
        pytest.skip("on the cast's one guard operation PostgreSQL picks between equal-cost indexes")
    plan = query_plan(api_list_queryset(viewset, world.officer_a)[:50])
    assert any(index in plan for index in indexes), plan


@pytest.mark.parametrize(("viewset", "index"), [(views.PatrolViewSet, "patrol_station_start_idx"),
                                                 (views.PatrolFindingViewSet, "patrol_finding_station_idx"),
                                                 (views.GuardOperationViewSet, "patrol_operation_station_idx")])
def test_supervisor_lists_are_read_in_order_through_the_station_index(world, viewset, index):
    # The supervisor's scope reads the rows' own station column (querysets.police_q, own_station).
    assert_served_by_index(api_list_queryset(viewset, world.supervisor)[:50], index)
