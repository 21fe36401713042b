"""The incremental refresh: what changed since the last one is in the figures after the next, and nothing else
moves."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from jingqi.accounts.choices import Role
from jingqi.analytics.models import Cell, Fact, RefreshState
from jingqi.analytics.selectors import figures_for
from jingqi.analytics.services import MARGIN, do_refresh_figures
from jingqi.tickets.models import Ticket

pytestmark = pytest.mark.django_db
ALL = {"start": date(2000, 1, 1), "end": date(2100, 1, 1)}


def supervisor_for(ticket):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(role=Role.SUPERVISOR, station=ticket.station_id, is_active=True).first()


def figure(user, key):
    return next(f for f in figures_for(user, **ALL) if f.key == key)


def cells_snapshot():
    return sorted(Cell.objects.values_list("figure", "grain", "day", "station_id", "park_id", "department_id",
                                           "facts", "numerator", "denominator", "total"), key=repr)


def test_a_second_refresh_with_nothing_changed_changes_nothing(small_demo):
    do_refresh_figures(full=True)
    before = (cells_snapshot(), Fact.objects.count())
    result = do_refresh_figures()
    assert not result.full
    assert (cells_snapshot(), Fact.objects.count()) == before


def assert_the_city_cells_add_up_the_stations():
    """Every city cell is its day's (or month's) station cells added up, histograms too, and every station cell's
    day and month has its city cell."""
    from collections import Counter, defaultdict

    stations = defaultdict(lambda: [0, 0, 0, 0, Counter()])
    for figure, grain, day, *sums, histogram in Cell.objects.filter(grain__in=("D", "M")).values_list(
            "figure", "grain", "day", "facts", "numerator", "denominator", "total", "histogram"):
        into = stations[(figure, {"D": "c", "M": "C"}[grain], day)]
        for i, value in enumerate(sums):
            into[i] += value
        into[4].update(histogram)
    city = {(figure, grain, day): [*sums, Counter(histogram)]
            for figure, grain, day, *sums, histogram in Cell.objects.filter(grain__in=("c", "C")).values_list(
                "figure", "grain", "day", "facts", "numerator", "denominator", "total", "histogram")}
    assert city == dict(stations)
    assert not Cell.objects.filter(grain__in=("c", "C"), station__isnull=False).exists()
    assert not Cell.objects.filter(station__isnull=True).exclude(grain__in=("c", "C")).exists()


def test_the_city_cells_add_up_the_stations_after_a_full_and_an_incremental_refresh(small_demo):
    do_refresh_figures(full=True)
    assert Cell.objects.filter(grain="C").exists()
    assert_the_city_cells_add_up_the_stations()
    ticket = Ticket.objects.filter(status__in=("resolved", "closed"), outcome="resolved").order_by("pk").first()
    ticket.status, ticket.outcome, ticket.resolved_at = "in_progress", "", None
    ticket.save()
    do_refresh_figures()
    assert_the_city_cells_add_up_the_stations()


def test_a_reopened_request_leaves_the_day_it_was_solved_on(small_demo):
    do_refresh_figures(full=True)
    ticket = Ticket.objects.filter(status__in=("resolved", "closed"), outcome="resolved").order_by("pk").first()
    user = supervisor_for(ticket)
    solved_before = figure(user, "requests.solved").numerator
    day = timezone.localdate(ticket.resolved_at)
    day_cells = Cell.objects.filter(figure="requests.solved", grain="d", day=day, station=ticket.station_id)
    on_the_day = sum(day_cells.values_list("numerator", flat=True))
    ticket.status, ticket.outcome, ticket.resolved_at = "in_progress", "", None
    ticket.save()
    result = do_refresh_figures()
    assert result.records >= 1 and not result.full
    assert figure(user, "requests.solved").numerator == solved_before - 1
    assert sum(day_cells.values_list("numerator", flat=True)) == on_the_day - 1
    assert not Fact.objects.filter(source="ticket", record_id=ticket.pk, figure="requests.solved").exists()


def test_a_response_deadline_passed_with_nothing_done_counts_as_missed(small_demo, monkeypatch):
    do_refresh_figures(full=True)
    ticket = Ticket.objects.filter(status="submitted", first_response_at__isnull=True,
                                   response_due_at__gt=timezone.now()).order_by("pk").first()
    if ticket is None:  # the demo's open requests may all be answered: make one that is not
        ticket = Ticket.objects.filter(status="submitted").order_by("pk").first()
        Ticket.objects.filter(pk=ticket.pk).update(first_response_at=None,
                                                   response_due_at=timezone.now() + timedelta(hours=2))
        do_refresh_figures(full=True)
        ticket.refresh_from_db()
    user = supervisor_for(ticket)
    before = figure(user, "requests.response_rate")
    assert not Fact.objects.filter(record_id=ticket.pk, figure="requests.response_rate").exists()
    later = ticket.response_due_at + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    do_refresh_figures()  # the record was not touched: its deadline passing is what changed
    after = figure(user, "requests.response_rate")
    assert (after.denominator, after.numerator) == (before.denominator + 1, before.numerator)


def test_a_change_saved_just_before_the_watermark_is_still_read(small_demo):
    do_refresh_figures(full=True)
    state = RefreshState.objects.get()
    ticket = Ticket.objects.filter(status__in=("resolved", "closed"), outcome="resolved").order_by("pk").first()
    # a transaction that saved the ticket before the refresh began and committed after it
    Ticket.objects.filter(pk=ticket.pk).update(status="in_progress", outcome="", resolved_at=None,
                                               updated_at=state.watermark - MARGIN / 2)
    do_refresh_figures()
    assert not Fact.objects.filter(source="ticket", record_id=ticket.pk, figure="requests.solved").exists()


def test_the_first_refresh_is_a_full_one_and_says_when_it_ran(small_demo):
    assert not RefreshState.objects.exists()
    result = do_refresh_figures()
    assert result.full and result.records > 0 and result.facts == Fact.objects.count()
    state = RefreshState.objects.get()
    assert state.full and state.refreshed_at is not None and state.watermark <= state.refreshed_at


def test_the_command_refreshes_with_a_summary(small_demo, capsys):
    from django.core.management import call_command

    with translation.override("en"):
        call_command("figures", "refresh", "--full")
    assert Fact.objects.exists() and Cell.objects.exists()
    assert "facts" in capsys.readouterr().out
