"""Dispute lists are read in their order through an index, on SQLite and PostgreSQL (see core/testing/plans.py)."""

import pytest

from jingqi.core.testing.plans import api_list_queryset, assert_served_by_index, query_plan
from jingqi.disputes.api.views import DisputeViewSet

pytestmark = pytest.mark.django_db


def test_supervisor_dispute_list_is_read_in_order_through_the_station_index(world):
    assert_served_by_index(api_list_queryset(DisputeViewSet, world.supervisor)[:50], "dispute_station_reported_idx")


def test_officer_dispute_list_reads_each_park_through_the_park_index(world):
    # The office's scope joins through the park: no dispute index can lead with it, so each of the office's parks
    # is read through the park index and the page is sorted.
    plan = query_plan(api_list_queryset(DisputeViewSet, world.officer_a)[:50])
    assert "disputes_dispute_park_id" in plan, plan
