"""Pages of long lists counted up to a cap (``core.paging``)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jingqi.accounts.models import User
from jingqi.core.paging import CappedPaginator

pytestmark = pytest.mark.django_db


def test_a_list_longer_than_the_cap_is_counted_to_the_cap_and_says_so(world):
    users = User.objects.order_by("pk")
    assert users.count() > 3
    paginator = CappedPaginator(users, 2, cap=3)
    with CaptureQueriesContext(connection) as queries:
        assert (paginator.count, paginator.capped, paginator.num_pages) == (3, True, 2)
    # one count, which reads no further than the cap and one row more
    [count] = queries.captured_queries
    assert "LIMIT 4" in count["sql"] and "ORDER BY" not in count["sql"]
    assert [u.pk for u in paginator.get_page(2)] == [users[2].pk]


def test_a_list_within_the_cap_is_counted_exactly(world):
    users = User.objects.order_by("pk")
    paginator = CappedPaginator(users, 2)
    assert (paginator.count, paginator.capped) == (users.count(), False)
    exact = CappedPaginator(users, 2, cap=users.count())
    assert (exact.count, exact.capped) == (users.count(), False)
