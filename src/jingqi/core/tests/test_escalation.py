"""The shared escalation sweep (core.escalation), on plain rows: requests and their resolution deadline."""

import threading
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.db.models import F

from jingqi.core import escalation
from jingqi.tickets import services
from jingqi.tickets.models import Ticket

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 5, 6, 10, 0, tzinfo=UTC)
GRACE = timedelta(hours=24)


def rows(world, count: int) -> list[Ticket]:
    made = [services.do_submit_ticket(world.officer_a, enterprise=world.enterprise_a, channel="phone",
                                      title=f"第{n}件", description="升级测试", service_item=world.item_consult)
            for n in range(count)]
    return sorted(made, key=lambda ticket: ticket.pk)


def ours():
    """The rows these tests made (the cast brings requests of its own)."""
    return Ticket.objects.filter(description="升级测试")


def due(ticket, when) -> None:
    Ticket.objects.filter(pk=ticket.pk).update(resolution_due_at=when)


def level(ticket) -> int:
    return Ticket.objects.get(pk=ticket.pk).escalation_level


class Recorder:
    """An app's on_escalate: remembers each batch as (level it had, level it got, pk)."""

    def __init__(self):
        self.calls = []

    def __call__(self, batch, to):
        self.calls.append([(row.escalation_level, to, row.pk) for row in batch])

    @property
    def steps(self):
        return [step for call in self.calls for step in call]


def run(recorder, now=NOW, queryset=None, **kwargs):
    return escalation.sweep(queryset if queryset is not None else ours(), due="resolution_due_at",
                            grace=GRACE, now=now, on_escalate=recorder, **kwargs)


@pytest.mark.parametrize(("offset", "expected"), [
    (timedelta(hours=1), 0),          # not due yet
    (timedelta(0), 0),                # due this very moment: not missed yet
    (-timedelta(seconds=1), 1),       # just missed
    (-GRACE, 1),                      # missed exactly the grace ago: still the assignee's
    (-GRACE - timedelta(seconds=1), 2),
])
def test_level_for_a_deadline(offset, expected):
    assert escalation.level_for(NOW + offset, NOW, GRACE) == expected


def test_no_deadline_is_never_due():
    assert escalation.level_for(None, NOW, GRACE) == 0


def test_each_step_happens_once_and_late_rows_go_straight_to_the_supervisor(world):
    ahead, missed, long_missed = rows(world, 3)
    due(ahead, NOW + timedelta(hours=1))
    due(missed, NOW - timedelta(hours=1))
    due(long_missed, NOW - GRACE - timedelta(hours=1))
    recorder = Recorder()

    assert run(recorder) == 2
    # One step each: the long-missed row skips level 1; on_escalate sees the level the row had.
    assert sorted(recorder.steps) == [(0, 1, missed.pk), (0, 2, long_missed.pk)]
    assert (level(ahead), level(missed), level(long_missed)) == (0, 1, 2)

    assert run(recorder) == 0  # nothing twice
    assert run(recorder, now=NOW + GRACE) == 2  # ahead missed by 23 h, missed by 25 h
    assert sorted(recorder.steps[2:]) == sorted([(0, 1, ahead.pk), (1, 2, missed.pk)])
    assert run(recorder, now=NOW + GRACE + timedelta(hours=2)) == 1  # ahead, past the grace too
    assert recorder.steps[4:] == [(1, 2, ahead.pk)]
    assert run(recorder, now=NOW + 10 * GRACE) == 0


def test_rows_outside_the_queryset_are_left_alone(world):
    first, second = rows(world, 2)
    due(first, NOW - timedelta(hours=1))
    due(second, NOW - timedelta(hours=1))
    recorder = Recorder()
    assert run(recorder, queryset=ours().exclude(pk=second.pk)) == 1
    assert (level(first), level(second)) == (1, 0)


def test_the_deadline_can_be_an_expression_and_other_fields_change_in_the_same_update(world):
    (ticket,) = rows(world, 1)
    due(ticket, NOW + timedelta(hours=1))
    version = Ticket.objects.get(pk=ticket.pk).version
    recorder = Recorder()
    count = escalation.sweep(ours(), due=F("resolution_due_at") - timedelta(hours=2), grace=GRACE,
                             now=NOW, on_escalate=recorder, update={"version": F("version") + 1})
    assert count == 1 and recorder.steps == [(0, 1, ticket.pk)]
    assert Ticket.objects.get(pk=ticket.pk).version == version + 1


def test_batches_go_by_key_and_each_commits_on_its_own(world):
    tickets = rows(world, 5)
    for ticket in tickets:
        due(ticket, NOW - timedelta(hours=1))
    recorder = Recorder()
    assert run(recorder, batch_size=2) == 5
    assert [[pk for _old, _new, pk in call] for call in recorder.calls] == [
        [tickets[0].pk, tickets[1].pk], [tickets[2].pk, tickets[3].pk], [tickets[4].pk]]


def test_a_failing_batch_undoes_only_itself(world):
    tickets = rows(world, 4)
    for ticket in tickets:
        due(ticket, NOW - timedelta(hours=1))
    calls = []

    def fails_second_time(batch, to):
        calls.append(batch)
        if len(calls) == 2:
            raise RuntimeError("the app could not write its events")

    with pytest.raises(RuntimeError):
        run(fails_second_time, batch_size=2)
    assert [level(ticket) for ticket in tickets] == [1, 1, 0, 0]
    # The next sweep takes up what was left.
    recorder = Recorder()
    assert run(recorder, batch_size=2) == 2
    assert [pk for _old, _new, pk in recorder.steps] == [tickets[2].pk, tickets[3].pk]


def test_only_rows_this_sweep_raised_are_handed_on(world):
    """Another sweep raises some rows between this one's read of the keys and its lock: it leaves them out."""
    tickets = rows(world, 3)
    for ticket in tickets:
        due(ticket, NOW - timedelta(hours=1))
    mine, theirs = Recorder(), Recorder()
    real_raise = escalation._raise

    competed = []

    def competing(rows_due, pks, level, **kwargs):
        if not competed:
            competed.append(True)
            # The other sweep gets to the first two rows first.
            escalation.sweep(Ticket.objects.filter(pk__in=[t.pk for t in tickets[:2]]), due="resolution_due_at",
                             grace=GRACE, now=NOW, on_escalate=theirs)
        return real_raise(rows_due, pks, level, **kwargs)

    with mock.patch.object(escalation, "_raise", competing):
        assert run(mine) == 1
    assert [pk for *_levels, pk in mine.steps] == [tickets[2].pk]
    assert sorted(pk for *_levels, pk in theirs.steps) == [tickets[0].pk, tickets[1].pk]
    assert [level(ticket) for ticket in tickets] == [1, 1, 1]


def test_a_row_closed_meanwhile_is_not_escalated(world):
    """What the app's queryset says (open requests) is checked again under the lock."""
    (ticket,) = rows(world, 1)
    due(ticket, NOW - timedelta(hours=1))
    recorder = Recorder()
    real_raise = escalation._raise

    def closing_first(rows_due, pks, level, **kwargs):
        Ticket.objects.filter(pk=ticket.pk).update(status="closed")
        return real_raise(rows_due, pks, level, **kwargs)

    with mock.patch.object(escalation, "_raise", closing_first):
        assert run(recorder, queryset=ours().open()) == 0
    assert recorder.calls == [] and level(ticket) == 0


def test_next_due_names_the_next_moment_a_sweep_has_work(world):
    first, second = rows(world, 2)
    due(first, NOW + timedelta(hours=3))
    due(second, NOW + timedelta(hours=5))
    next_due = escalation.next_due(ours(), due="resolution_due_at", grace=GRACE)
    assert next_due == NOW + timedelta(hours=3)
    recorder = Recorder()
    assert run(recorder, now=next_due) == 0  # at that moment nothing is missed yet
    assert run(recorder, now=next_due + timedelta(seconds=1)) == 1
    # first is at level 1 now: its next step is its deadline plus the grace; second's deadline comes sooner.
    assert escalation.next_due(ours(), due="resolution_due_at", grace=GRACE) == NOW + timedelta(hours=5)
    run(recorder, now=NOW + timedelta(hours=6))
    assert escalation.next_due(ours(), due="resolution_due_at", grace=GRACE) == \
        NOW + timedelta(hours=3) + GRACE
    run(recorder, now=NOW + 2 * GRACE)
    assert escalation.next_due(ours(), due="resolution_due_at", grace=GRACE) is None
    assert escalation.next_due(Ticket.objects.none(), due="resolution_due_at", grace=GRACE) is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)")
def test_two_sweeps_at_once_escalate_each_row_once():
    from jingqi.core.testing.personas import fresh_world

    tickets = rows(fresh_world(), 3)
    for ticket in tickets:
        due(ticket, NOW - timedelta(hours=1))
    first, second = Recorder(), Recorder()
    locked, release = threading.Event(), threading.Event()
    counts = {}

    def holding(batch, to):
        first(batch, to)
        locked.set()
        release.wait(10)  # keep the rows locked while the other sweep tries

    def sweep(name, recorder):
        try:
            counts[name] = run(recorder)
        finally:
            connection.close()

    one = threading.Thread(target=sweep, args=("first", holding))
    one.start()
    assert locked.wait(10)
    two = threading.Thread(target=sweep, args=("second", second))
    two.start()
    two.join(0.5)  # the second sweep is waiting on the first one's row locks
    release.set()
    one.join(10)
    two.join(10)
    assert counts == {"first": 3, "second": 0}
    assert second.calls == []
    assert [level(ticket) for ticket in tickets] == [1, 1, 1]
    assert run(Recorder()) == 0


def test_rows_can_be_handed_on_as_values(world):
    """values=: the handler gets dicts (the key, the level the row had, the fields asked for, related ones by
    __) and no instances."""
    missed, long_missed = rows(world, 2)
    due(missed, NOW - timedelta(hours=1))
    due(long_missed, NOW - GRACE - timedelta(hours=1))
    batches = []
    count = escalation.sweep(ours(), due="resolution_due_at", grace=GRACE, now=NOW, values=("reference",
                             "enterprise__name"), on_escalate=lambda batch, to: batches.append((to, batch)))
    assert count == 2
    assert sorted(batches, key=lambda pair: pair[0]) == [
        (1, [{"pk": missed.pk, "escalation_level": 0, "reference": missed.reference,
              "enterprise__name": world.enterprise_a.name}]),
        (2, [{"pk": long_missed.pk, "escalation_level": 0, "reference": long_missed.reference,
              "enterprise__name": world.enterprise_a.name}])]
    assert (level(missed), level(long_missed)) == (1, 2)


def test_one_worker_inside_a_transaction_or_on_sqlite():
    """Other connections would not see a transaction's rows, and SQLite writes one at a time."""
    assert escalation._workers(4) == 1  # each test runs in a transaction
    with pytest.raises(ValueError):
        escalation._workers(0)


needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql",
                                    reason="workers run on PostgreSQL only (SQLite has one writer)")


class ThreadRecorder(Recorder):
    """A Recorder that also notes the thread and language each batch was handled in."""

    def __init__(self, fail_on: int | None = None):
        super().__init__()
        self.lock, self.where, self.fail_on = threading.Lock(), set(), fail_on

    def __call__(self, batch, to):
        from django.utils import translation

        with self.lock:
            if self.fail_on is not None and len(self.calls) + 1 == self.fail_on:
                self.calls.append([])
                raise RuntimeError("the app could not write its events")
            super().__call__(batch, to)
            self.where.add((threading.current_thread().name.split("-")[0], translation.get_language()))


@pytest.mark.django_db(transaction=True)
@needs_postgres
def test_workers_share_a_backlog_and_escalate_each_row_once():
    from django.utils import translation

    from jingqi.core.testing.personas import fresh_world

    tickets = rows(fresh_world(), 12)
    for n, ticket in enumerate(tickets):
        due(ticket, NOW - (timedelta(hours=1) if n % 3 else GRACE + timedelta(hours=1)))
    recorder = ThreadRecorder()
    with translation.override("en"):
        assert run(recorder, batch_size=2, workers=3) == 12
    assert sorted(pk for *_levels, pk in recorder.steps) == [ticket.pk for ticket in tickets]
    assert [level(ticket) for ticket in tickets] == [2 if n % 3 == 0 else 1 for n in range(12)]
    assert recorder.where == {("escalation", "en")}  # in the workers, in the caller's language
    assert run(ThreadRecorder(), workers=3) == 0


@pytest.mark.django_db(transaction=True)
@needs_postgres
def test_a_failing_worker_stops_the_sweep_and_its_error_is_raised():
    from jingqi.core.testing.personas import fresh_world

    tickets = rows(fresh_world(), 10)
    for ticket in tickets:
        due(ticket, NOW - timedelta(hours=1))
    with pytest.raises(RuntimeError, match="could not write"):
        run(ThreadRecorder(fail_on=2), batch_size=2, workers=2)
    raised = [ticket.pk for ticket in tickets if level(ticket) == 1]
    assert 2 <= len(raised) < 10  # the failed batch undid itself; what was not handed out waits
    recorder = ThreadRecorder()
    assert run(recorder, batch_size=2, workers=2) == 10 - len(raised)
    assert all(level(ticket) == 1 for ticket in tickets)


@pytest.mark.django_db(transaction=True)
@needs_postgres
def test_the_requests_sweep_in_workers_keeps_the_audit_chain(settings):
    """Workers chain their batches' audit rows one after another: the chain verifies, one event and one audit
    row per escalation."""
    from jingqi.core import audit
    from jingqi.core.models import AuditEvent
    from jingqi.core.testing.personas import fresh_world
    from jingqi.tickets.models import TicketEvent

    tickets = rows(fresh_world(), 9)
    for n, ticket in enumerate(tickets):
        due(ticket, NOW - (timedelta(hours=1) if n % 2 else GRACE + timedelta(hours=1)))
    settings.ESCALATION_SWEEP_WORKERS = 3
    threads = set()
    real_escalated = services._tickets_escalated

    def noting(batch, level):
        threads.add(threading.current_thread().name.split("-")[0])
        real_escalated(batch, level)

    with mock.patch.object(escalation.sweep, "__kwdefaults__", {**escalation.sweep.__kwdefaults__, "batch_size": 2}), \
            mock.patch.object(services, "_tickets_escalated", noting):
        assert services.escalate_overdue(now=NOW) >= 9
    assert threads == {"escalation"}
    assert audit.verify_chain().ok
    escalated = AuditEvent.objects.filter(action="ticket.escalate", object_id__in=[str(t.pk) for t in tickets])
    assert escalated.count() == 9
    assert TicketEvent.objects.filter(ticket__in=tickets, kind="escalated").count() == 9
