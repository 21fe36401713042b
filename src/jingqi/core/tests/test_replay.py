"""The demo's replayed clock (core.replay): what reads it, what keeps the real time, and the sweep's ticks."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from jingqi.core import audit
from jingqi.core.models import Notification
from jingqi.core.replay import EscalationTicks, replayed_time
from jingqi.core.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

PAST = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.get_current_timezone())


def test_the_clock_and_the_fields_that_default_to_it_read_the_replayed_time_and_the_audit_log_does_not():
    user = UserFactory()
    with replayed_time() as clock:
        clock.at = PAST
        assert timezone.now() == PAST
        # A field declared default=timezone.now captured the function when its class was defined.
        note = Notification.objects.create(user=user, verb="test", title="t")
        event = audit.record(user, "test.replay")
    assert note.created_at == PAST
    assert event.at > PAST + timedelta(days=30)
    # Outside, the real clock again, for the function and the field alike.
    later = Notification.objects.create(user=user, verb="test", title="t")
    assert later.created_at > PAST + timedelta(days=30)
    assert timezone.now() > PAST + timedelta(days=30)


def test_a_replay_inside_another_takes_over_and_gives_back_the_outer_clock():
    user = UserFactory()
    with replayed_time() as outer:
        outer.at = PAST
        with pytest.raises(RuntimeError), replayed_time() as inner:
            inner.at = PAST + timedelta(days=1)
            note = Notification.objects.create(user=user, verb="test", title="t")
            event = audit.record(user, "test.replay")
            raise RuntimeError  # and an error inside still restores everything
        assert note.created_at == inner.at and event.at > PAST + timedelta(days=30)
        assert Notification.objects.create(user=user, verb="test", title="t").created_at == PAST
        assert audit.record(user, "test.replay").at > PAST + timedelta(days=30)
    assert Notification.objects.create(user=user, verb="test", title="t").created_at > PAST + timedelta(days=30)


def test_the_sweep_runs_only_at_its_ticks_where_something_fell_due():
    runs, due = [], [PAST + timedelta(minutes=3)]

    def escalate(now):
        runs.append(now)
        due[0] = None  # escalated: nothing more falls due until an action adds a deadline

    with replayed_time() as clock:
        ticks = EscalationTicks(clock, escalate, lambda: due[0], timedelta(minutes=10))
        ticks.plan()
        ticks.run_until(PAST + timedelta(minutes=10))
        assert runs == []  # the tick at 9:40 is not before 9:40
        ticks.run_until(PAST + timedelta(hours=1))
        assert runs == [PAST + timedelta(minutes=10)] and clock.at == runs[0]
        due[0] = PAST + timedelta(hours=2, minutes=10)  # exactly on a tick: the next one finds it
        ticks.plan()
        ticks.run_until(PAST + timedelta(hours=3))
        assert runs[1] == PAST + timedelta(hours=2, minutes=20)
        # An action at 5:03 leaves something overdue since 4:30: the job finds it at its next tick, 5:10.
        clock.at, due[0] = PAST + timedelta(hours=5, minutes=3), PAST + timedelta(hours=4, minutes=30)
        ticks.plan()
        ticks.run_until(PAST + timedelta(hours=6))
    assert runs[2] == PAST + timedelta(hours=5, minutes=10)
