"""Dispute lists are read in their order through an index, on SQLite and PostgreSQL (see core/testing/plans.py)."""

import pytest
from django.db import connection

from jingqi.core.testing.plans import api_list_queryset, assert_served_by_index, query_plan
from jingqi.disputes.api.views import DisputeViewSet

pytestmark = pytest.mark.django_db


def test_supervisor_dispute_list_is_read_in_order_through_the_station_index(world):
    assert_served_by_index(api_list_queryset(DisputeViewSet, world.supervisor)[:50], "dispute_station_reported_idx")


def test_officer_dispute_list_reads_each_park_through_the_park_index(world):
    # The office's scope joins through the park: no dispute index can lead with it, so each of the office's parks
    # is read through the park index and the page is sorted. On PostgreSQL the test tables hold a row or two,
    # and with such tables the planner may as well start from the disputes (any of their indexes is a whole-table
    # read then) and find each one's park through the office index: which side it starts from depends on the
    # statistics other tests left. Either way the office's parks are found through the park's office index.
    plan = query_plan(api_list_queryset(DisputeViewSet, world.officer_a)[:50])
    if connection.vendor == "postgresql":
        assert "disputes_dispute_park_id" in plan or "registry_park_office_id" in plan, plan
    else:
        assert "disputes_dispute_park_id" in plan, plan
