"""The request figures are computed by the database (core.figures): they equal the figures computed over the rows
in Python, on SQLite and PostgreSQL alike."""

from datetime import timedelta
from statistics import mean, median

import pytest
from django.utils import timezone

from jingqi.core.figures import HoursBetween
from jingqi.tickets import selectors, services
from jingqi.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def _reference(user) -> dict:
    """The figures as computed over every row in Python (the former way)."""
    rows = list(Ticket.objects.visible_to(user).values_list(
        "submitted_at", "accepted_at", "resolved_at", "resolution_due_at", "rating", "reopened_count", "status",
        "first_replied_at"))
    resolved = [r for r in rows if r[2] is not None]

    def hours(index):
        return [(r[index] - r[0]).total_seconds() / 3600 for r in rows if r[index] is not None]

    ended = [r for r in rows if r[6] in ("resolved", "closed") or r[5]]
    ratings = [r[4] for r in rows if r[4] is not None]
    return {
        "total": len(rows), "open": sum(1 for r in rows if r[6] in ("submitted", "accepted", "in_progress")),
        "on_time": (len(resolved), sum(r[2] <= r[3] for r in resolved) / len(resolved) if resolved else None),
        **{name: (len(values), mean(values) if values else None, median(values) if values else None)
           for name, values in (("resolve_hours", hours(2)), ("accept_hours", hours(1)),
                                ("reply_hours", hours(7)))},
        "rating": (len(ratings), mean(ratings) if ratings else None, median(ratings) if ratings else None),
        "reopened": (len(ended), sum(1 for r in ended if r[5]) / len(ended) if ended else None),
    }


def _as_tuples(figures: dict) -> dict:
    out = {"total": figures["total"], "open": figures["open"]}
    for name in ("on_time", "reopened"):
        out[name] = (figures[name].n, figures[name].value)
    for name in ("resolve_hours", "accept_hours", "reply_hours", "rating"):
        out[name] = (figures[name].n, figures[name].value, figures[name].median)
    return out


def _varied_requests(world, count):
    """Requests at every stage, with times that differ (odd and even samples, ties, late and on time)."""
    base = timezone.now() - timedelta(days=30)
    made = []
    for n in range(count):
        ticket = services.do_submit_ticket(world.liaison_a, enterprise=world.enterprise_a, channel="portal",
                                           service_item=world.item_oversize, title=f"统计{n}", description="统计测试")
        if n % 4 != 0:
            services.do_accept_ticket(world.officer_a, ticket)
        if n % 4 == 2 or n % 4 == 3:
            services.do_resolve_ticket(world.officer_a, ticket, outcome="resolved", note="已办")
        if n % 4 == 3:
            services.do_close_ticket(world.liaison_a, ticket)
        made.append(ticket)
    for n, ticket in enumerate(made):
        submitted = base + timedelta(hours=7 * n)
        Ticket.objects.filter(pk=ticket.pk).update(
            submitted_at=submitted,
            accepted_at=(submitted + timedelta(minutes=30 + 17 * n)) if n % 4 else None,
            resolved_at=(submitted + timedelta(hours=3 + (n % 5) * 11.5)) if n % 4 >= 2 else None,
            first_replied_at=(submitted + timedelta(hours=1 + n % 3)) if n % 3 else None,
            resolution_due_at=submitted + timedelta(hours=24),
            rating=(n % 5) + 1 if n % 4 == 3 else None, reopened_count=1 if n % 6 == 5 else 0)
    return made


@pytest.mark.parametrize("count", [0, 7, 12])
def test_the_figures_are_those_the_rows_give(world, count):
    _varied_requests(world, count)
    for user in (world.supervisor, world.officer_a, world.officer_b):
        expected, got = _reference(user), _as_tuples(selectors.ticket_figures(user))
        assert got.keys() == expected.keys()
        for name, value in expected.items():
            assert got[name] == pytest.approx(value, abs=1e-6), (user, name)


def test_hours_between_is_the_elapsed_time_in_hours(world):
    ticket = world.ticket_b
    start = timezone.now().replace(microsecond=250000)
    Ticket.objects.filter(pk=ticket.pk).update(submitted_at=start, resolved_at=start + timedelta(hours=30, seconds=9))
    Ticket.objects.filter(pk=world.ticket_a.pk).update(resolved_at=None)
    hours = dict(Ticket.objects.filter(pk__in=[ticket.pk, world.ticket_a.pk]).annotate(
        h=HoursBetween("resolved_at", "submitted_at")).values_list("pk", "h"))
    assert hours[ticket.pk] == pytest.approx(30 + 9 / 3600, abs=1e-6) and hours[world.ticket_a.pk] is None
