"""Query plans in tests: which index serves a list, and whether its rows are sorted apart.

A list with a bounded number of queries can still be slow when no index serves its order: every page then reads
and sorts every visible row. These helpers read the plan on SQLite (``EXPLAIN QUERY PLAN``) and on PostgreSQL
(``EXPLAIN`` with sequential scans priced out: the test tables are a few rows each, which PostgreSQL would rather
read whole, so the plan shows which index it would use on a real table). :func:`assert_served_by_index` prices
out explicit sorts too: a table of two rows is as cheap to find through any index and sort, so on PostgreSQL it
asserts that an index gives the order (a sort stays in the plan only where none does).
"""

import re

from django.db import connection, transaction
from rest_framework.test import APIRequestFactory, force_authenticate

# How each database says the ordered rows were sorted after being read, rather than read in order: SQLite's
# "USE TEMP B-TREE FOR ORDER BY" (or "FOR RIGHT PART OF ORDER BY"), PostgreSQL's "Sort" or "Incremental Sort" node
# (not its "Sort Key:" detail line).
_SQLITE_SORT = re.compile(r"USE TEMP B-TREE FOR .*ORDER BY")
_POSTGRES_SORT = re.compile(r"^\s*(?:->\s*)?(?:Incremental )?Sort\s+\(", re.M)


def query_plan(queryset, *, sorts_priced_out: bool = False) -> str:
    """The plan of ``queryset`` as text, one line per plan row (SQLite or PostgreSQL)."""
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(using=queryset.db), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # SET LOCAL ends with the savepoint's transaction: the test's other queries are planned as usual.
            cursor.execute("SET LOCAL enable_seqscan = off")
            if sorts_priced_out:
                cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def sorts_apart(plan: str) -> bool:
    """Whether ``plan`` sorts the rows it read (rather than reading them in order through an index)."""
    pattern = _POSTGRES_SORT if connection.vendor == "postgresql" else _SQLITE_SORT
    return pattern.search(plan) is not None


def assert_served_by_index(queryset, index_name: str | tuple[str, ...]) -> str:
    """Assert that ``index_name`` (or one of several, when either serves the order and the planner picks by
    table size) is in the plan of ``queryset`` and that its rows are not sorted apart; the plan is in the failure
    message. Returns the plan."""
    plan = query_plan(queryset, sorts_priced_out=True)
    names = (index_name,) if isinstance(index_name, str) else index_name
    assert any(name in plan for name in names), \
        f"{' or '.join(names)} is not in the plan ({connection.vendor}):\n{plan}"
    assert not sorts_apart(plan), f"the rows are sorted apart ({connection.vendor}):\n{plan}"
    return plan


def api_list_queryset(viewset_class, user, params: dict | None = None):
    """The queryset ``viewset_class``'s list would page through for ``user`` with the query ``params``: its scope,
    filters and ordering as the request would apply them (pagination aside)."""
    request = APIRequestFactory().get("/", params or {})
    force_authenticate(request, user=user)
    view = viewset_class(action_map={"get": "list"})
    view.action_map = {"get": "list"}
    view.request = view.initialize_request(request)
    view.request.user = user
    view.format_kwarg = None
    view.args, view.kwargs = (), {}
    view.action = "list"
    view.headers = {}
    return view.filter_queryset(view.get_queryset())
