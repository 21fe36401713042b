"""The clue list is read in its order through an index, on SQLite and PostgreSQL (see core/testing/plans.py)."""

import re

import pytest
from django.db import connection

from jingqi.claims.api.views import ClueViewSet
from jingqi.core.testing.plans import api_list_queryset, assert_served_by_index, query_plan

pytestmark = pytest.mark.django_db


def test_supervisor_clue_list_is_read_in_score_order_through_the_station_index(world):
    assert_served_by_index(api_list_queryset(ClueViewSet, world.supervisor)[:50], "clue_station_score_idx")


def test_officer_clue_list_reads_the_office_station_through_the_same_index(world):
    # An officer's scope is their office's station, a join through the office: SQLite sees the one office row and
    # reads the clues in order; PostgreSQL reads the station's clues through an index led by the station and sorts
    # them. Which of the two such indexes it takes depends on the statistics the tests before left (the station's
    # own index, which once made a third choice, was dropped as redundant in migration 0008).
    plan = query_plan(api_list_queryset(ClueViewSet, world.officer_a)[:50])
    if connection.vendor == "postgresql":
        assert re.search(r"(Index Scan using|Bitmap Index Scan on) clue_station_(score|state)_idx", plan), plan
    else:
        assert "clue_station_score_idx" in plan, plan
