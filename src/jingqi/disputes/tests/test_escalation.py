"""The rapid-response escalation (built on core.escalation) and the periodic tasks: a missed first contact or
arrival on site goes to the mediator, then past the grace to the supervisor, each once, with a timeline event
and an audit row; a blockade's grace is minutes."""

import threading
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from jingqi.core.models import AuditEvent, Notification
from jingqi.disputes import services, tasks
from jingqi.disputes.choices import EventKind
from jingqi.disputes.models import Dispute

CASE = {"kind": "labour", "urgency": "urgent", "title": "工人聚集讨薪", "description": "承包商拖欠工资。",
        "people_involved": 2, "location": "A工业园 2 号门"}
MINUTE = timedelta(minutes=1)


def report(world, **changes) -> Dispute:
    return services.do_report_dispute(world.officer_a, source="phone", park=world.park_a, data={**CASE, **changes})


def notified(user, dispute) -> list[str]:
    return list(Notification.objects.filter(user=user, verb="dispute.overdue", title__contains=dispute.reference)
                .values_list("title", flat=True))


def escalations(dispute) -> list[tuple[int, str]]:
    return [(e.data["level"], e.data["target"]) for e in dispute.events.filter(kind=EventKind.ESCALATED)]


def sweep(at, capture):
    with capture(execute=True):
        return services.escalate_overdue(now=at)


GRACE = timedelta(minutes=settings.DISPUTE_ESCALATE_TO_SUPERVISOR_AFTER_MINUTES)
BLOCKADE_GRACE = timedelta(minutes=settings.DISPUTE_BLOCKADE_ESCALATE_AFTER_MINUTES)


@pytest.fixture(autouse=True)
def only_these_disputes_on_the_clock(request):
    """The cast's own disputes (if it has any) are contacted and arrived at: only each test's are on the clock."""
    if "world" in request.fixturenames:
        request.getfixturevalue("world")
        Dispute.objects.update(contacted_at=timezone.now(), onsite_at=timezone.now())


@pytest.mark.django_db
class TestEscalation:
    def test_a_missed_first_contact_goes_to_the_parks_officers_then_the_supervisor_each_once(
            self, world, django_capture_on_commit_callbacks):
        dispute = report(world)
        due = dispute.contact_due_at
        assert sweep(due - MINUTE, django_capture_on_commit_callbacks) == 0
        assert sweep(due + MINUTE, django_capture_on_commit_callbacks) == 1
        # Not accepted yet: the park's police hear of it, not the other park's, not yet the supervisor.
        assert notified(world.officer_a, dispute) and notified(world.auxiliary_a, dispute)
        assert not notified(world.officer_b, dispute) and not notified(world.supervisor, dispute)
        assert sweep(due + 2 * MINUTE, django_capture_on_commit_callbacks) == 0  # once per level
        assert sweep(due + GRACE + MINUTE, django_capture_on_commit_callbacks) == 1
        assert len(notified(world.supervisor, dispute)) == 1 and len(notified(world.officer_a, dispute)) == 1
        assert not notified(world.supervisor_t, dispute)
        assert sweep(due + 10 * GRACE, django_capture_on_commit_callbacks) == 0
        dispute = Dispute.objects.get(pk=dispute.pk)
        assert dispute.escalation_level == 2 and escalations(dispute) == [(1, "contact"), (2, "contact")]
        assert all(e.internal for e in dispute.events.filter(kind=EventKind.ESCALATED))
        rows = AuditEvent.objects.filter(action="dispute.escalate", object_id=str(dispute.pk)).order_by("seq")
        assert [row.changes["escalation_level"] for row in rows] == [[0, 1], [1, 2]]
        assert all(row.actor is None for row in rows)

    def test_the_lead_mediator_is_told_rather_than_the_whole_office(self, world, django_capture_on_commit_callbacks):
        dispute = report(world)
        services.do_accept_dispute(world.supervisor, dispute, mediator=world.auxiliary_a)
        sweep(dispute.contact_due_at + MINUTE, django_capture_on_commit_callbacks)
        assert notified(world.auxiliary_a, dispute) and not notified(world.officer_a, dispute)

    def test_first_swept_past_the_grace_it_goes_straight_to_the_supervisor_and_the_mediator(
            self, world, django_capture_on_commit_callbacks):
        dispute = report(world)
        services.do_accept_dispute(world.officer_a, dispute)
        assert sweep(dispute.contact_due_at + GRACE + MINUTE, django_capture_on_commit_callbacks) == 1
        assert notified(world.supervisor, dispute) and notified(world.officer_a, dispute)
        assert escalations(Dispute.objects.get(pk=dispute.pk)) == [(2, "contact")]

    def test_a_blockade_reaches_the_supervisor_within_minutes(self, world, django_capture_on_commit_callbacks):
        now = timezone.now()
        blockade = report(world, blocking=True)
        ordinary = report(world)
        Dispute.objects.filter(pk=ordinary.pk).update(contact_due_at=blockade.contact_due_at)
        contact_due = blockade.contact_due_at
        assert contact_due <= now + timedelta(minutes=settings.DISPUTE_BLOCKADE_CONTACT_MINUTES) + MINUTE
        assert sweep(contact_due + MINUTE, django_capture_on_commit_callbacks) == 2
        assert sweep(contact_due + BLOCKADE_GRACE + MINUTE, django_capture_on_commit_callbacks) == 1
        assert Dispute.objects.get(pk=blockade.pk).escalation_level == 2
        assert Dispute.objects.get(pk=ordinary.pk).escalation_level == 1
        assert notified(world.supervisor, blockade) and not notified(world.supervisor, ordinary)

    def test_contact_made_in_time_stops_the_clock_and_closed_disputes_are_left_alone(
            self, world, django_capture_on_commit_callbacks):
        contacted, withdrawn = report(world), report(world)
        services.do_record_contact(world.officer_a, contacted, note="已电话联系")
        services.do_withdraw_dispute(world.officer_a, withdrawn, reason="当事人撤回")
        assert sweep(contacted.contact_due_at + 10 * GRACE, django_capture_on_commit_callbacks) == 0
        assert not Dispute.objects.filter(escalation_level__gt=0).exists()
        assert not Notification.objects.filter(verb="dispute.overdue").exists()

    def test_a_missed_arrival_is_escalated_even_after_the_contact(self, world, django_capture_on_commit_callbacks):
        dispute = report(world, people_involved=settings.DISPUTE_GROUP_SIZE)
        services.do_record_contact(world.officer_a, dispute)
        onsite_due = Dispute.objects.get(pk=dispute.pk).onsite_due_at
        assert sweep(onsite_due - MINUTE, django_capture_on_commit_callbacks) == 0
        assert sweep(onsite_due + MINUTE, django_capture_on_commit_callbacks) == 1
        assert escalations(Dispute.objects.get(pk=dispute.pk)) == [(1, "onsite")]
        assert any("site" in title or "现场" in title for title in notified(world.officer_a, dispute))
        services.do_record_arrival(world.officer_a, dispute)
        assert sweep(onsite_due + 10 * GRACE, django_capture_on_commit_callbacks) == 0

    def test_contact_made_late_keeps_the_level_until_the_arrival_is_missed_by_the_grace(
            self, world, django_capture_on_commit_callbacks):
        dispute = report(world, people_involved=settings.DISPUTE_GROUP_SIZE)
        contact_due = dispute.contact_due_at
        onsite_due = dispute.onsite_due_at
        assert onsite_due > contact_due
        assert sweep(contact_due + MINUTE, django_capture_on_commit_callbacks) == 1
        services.do_record_contact(world.officer_a, dispute)
        assert sweep(onsite_due + MINUTE, django_capture_on_commit_callbacks) == 0  # level 1 already reached
        assert sweep(onsite_due + GRACE + MINUTE, django_capture_on_commit_callbacks) == 1
        assert escalations(Dispute.objects.get(pk=dispute.pk)) == [(1, "contact"), (2, "onsite")]

    def test_escalation_leaves_the_disputes_version_alone(self, world, django_capture_on_commit_callbacks):
        dispute = report(world)
        sweep(dispute.contact_due_at + GRACE + MINUTE, django_capture_on_commit_callbacks)
        assert Dispute.objects.get(pk=dispute.pk).version == dispute.version
        # A mediator's page opened before the sweep can still act.
        services.do_accept_dispute(world.officer_a, dispute, expected_version=dispute.version)

    def test_next_escalation_at_says_when_a_sweep_can_find_something(self, world, django_capture_on_commit_callbacks):
        assert services.next_escalation_at() is None
        dispute = report(world)
        assert services.next_escalation_at() == dispute.contact_due_at
        sweep(dispute.contact_due_at + MINUTE, django_capture_on_commit_callbacks)
        assert services.next_escalation_at() == dispute.contact_due_at + GRACE
        services.do_record_contact(world.officer_a, dispute)
        assert services.next_escalation_at() is None


@pytest.mark.django_db
class TestTasks:
    def test_the_sweeps_run_every_five_minutes_and_the_instalment_work_every_morning(self):
        def runs(task, hour, minute):
            return task.s().validate_datetime(datetime(2026, 3, 2, hour, minute))

        assert runs(tasks.escalate_disputes, 3, 5) and runs(tasks.escalate_disputes, 3, 10)
        assert not runs(tasks.escalate_disputes, 3, 7)
        # Huey's crontabs are in UTC: 00:00 and 00:05 UTC are 08:00 and 08:05 in Shanghai.
        assert runs(tasks.remind_dispute_instalments, 0, 0) and not runs(tasks.remind_dispute_instalments, 8, 0)
        assert runs(tasks.flag_dispute_defaults, 0, 5) and not runs(tasks.flag_dispute_defaults, 0, 0)

    def test_the_tasks_call_the_services(self, world, django_capture_on_commit_callbacks):
        dispute = report(world)
        Dispute.objects.filter(pk=dispute.pk).update(contact_due_at=timezone.now() - MINUTE)
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.escalate_disputes.call_local() == 1
        assert notified(world.officer_a, dispute)
        assert tasks.remind_dispute_instalments.call_local() == 0
        assert tasks.flag_dispute_defaults.call_local() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)")
def test_two_sweeps_at_once_escalate_each_dispute_once():
    from jingqi.core.testing.personas import fresh_world

    world = fresh_world()
    Dispute.objects.update(contacted_at=timezone.now(), onsite_at=timezone.now())  # the cast's own, if any
    disputes = [report(world) for _ in range(3)]
    later = max(d.contact_due_at for d in disputes) + MINUTE
    barrier, counts = threading.Barrier(2), []

    def run():
        try:
            barrier.wait()
            counts.append(services.escalate_overdue(now=later))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 3
    for dispute in disputes:
        assert escalations(Dispute.objects.get(pk=dispute.pk)) == [(1, "contact")]
    assert Notification.objects.filter(user=world.officer_a, verb="dispute.overdue").count() == 3
