"""The enterprise list and its indexes, on SQLite and PostgreSQL (see core/testing/plans.py)."""

import pytest

from jingqi.core.testing.plans import api_list_queryset, query_plan
from jingqi.registry.api.views import EnterpriseViewSet

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["supervisor", "officer_a"])
def test_enterprise_list_reads_each_park_through_the_park_index(world, who):
    # Both police scopes join through the park (its station, its office): no enterprise index can lead with them, so
    # each park's enterprises are read through the park index and the page is sorted by name.
    plan = query_plan(api_list_queryset(EnterpriseViewSet, getattr(world, who))[:50])
    assert "registry_enterprise_park_id" in plan, plan
