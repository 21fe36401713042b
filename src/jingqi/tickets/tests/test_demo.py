from datetime import timedelta

import pytest
from django.utils import timezone

from jingqi.accounts.choices import POLICE_ROLES, Role
from jingqi.accounts.models import User
from jingqi.core.audit import verify_chain
from jingqi.core.models import AuditEvent
from jingqi.registry.models import Station
from jingqi.tickets import demo, services
from jingqi.tickets.choices import ENTERPRISE_CHANNELS, OPEN_STATUSES, EventKind, Outcome, Status, TaskStatus
from jingqi.tickets.models import Ticket, TicketEvent, TicketTask

# Every test reads the small demo, loaded once for the module (``small_demo`` in the root conftest).
pytestmark = pytest.mark.django_db


def test_every_state_and_every_outcome_at_each_station(small_demo):
    for station in Station.objects.all():
        tickets = Ticket.objects.filter(station=station)
        assert set(tickets.values_list("status", flat=True)) == set(Status.values), station.code
        assert set(tickets.exclude(outcome="").values_list("outcome", flat=True)) == set(Outcome.values)
        assert tickets.filter(reopened_count__gt=0, status=Status.IN_PROGRESS).exists()
        assert tickets.filter(reopened_count__gt=0, status=Status.CLOSED).exists()
        rejected = tickets.filter(status=Status.REJECTED)
        assert all(ticket.status_note for ticket in rejected)
        # In progress with departments called in: one has replied, one has not.
        working = TicketTask.objects.filter(ticket__station=station, ticket__status=Status.IN_PROGRESS)
        assert working.filter(status=TaskStatus.DONE).exists()
        assert working.exclude(status=TaskStatus.DONE).exists()


def test_the_oversized_press_is_solved_within_48_hours_and_rated_5(small_demo):
    ticket = Ticket.objects.get(station__code="SZ-YX", service_item__code="TX-01", title__contains="86吨")
    assert ticket.channel == "portal"
    assert ticket.submitted_by.role == Role.LIAISON and ticket.submitted_by.enterprise_id == ticket.enterprise_id
    assert ticket.status == Status.CLOSED and ticket.outcome == Outcome.RESOLVED and ticket.rating == 5
    assert ticket.resolved_at - ticket.submitted_at < timedelta(hours=48)
    assert ticket.resolved_on_time and ticket.onsite_at
    tasks = list(ticket.tasks.select_related("department"))
    assert len(tasks) == 2
    names = "".join(task.department.name for task in tasks)
    assert "交通运输局" in names and "综合行政执法" in names
    for task in tasks:
        assert task.status == TaskStatus.DONE and task.reply
        assert ticket.submitted_at < task.onsite_at < task.completed_at <= ticket.resolved_at
        assert task.completed_at <= task.due_at
        assert task.assignee.role == Role.DEPARTMENT and task.assignee.department_id == task.department_id
    assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.ARRIVED).count() == 3


def test_history_is_replayed_through_the_services_in_the_past(small_demo):
    now = timezone.now()
    tickets = Ticket.objects.all()
    assert tickets.count() >= 2 * 13
    assert tickets.filter(submitted_at__lt=now - timedelta(days=20)).exists()
    for ticket in tickets:
        # The rows carry the replayed time, stamped by the services and Django themselves.
        assert ticket.created_at == ticket.submitted_at < now
        events = list(ticket.events.order_by("at", "pk"))
        assert events[0].kind == EventKind.SUBMITTED and events[0].at == ticket.submitted_at
        assert all(event.at < now for event in events)
    # Each action was audited; the log keeps the real clock, so its times follow its sequence.
    assert AuditEvent.objects.filter(action="ticket.submit").count() == tickets.count()
    assert AuditEvent.objects.filter(action="ticket.rate").count() == tickets.filter(rating__isnull=False).count()
    assert AuditEvent.objects.filter(action="ticket_task.complete").count() == \
        TicketTask.objects.filter(status=TaskStatus.DONE).count()
    times = list(AuditEvent.objects.order_by("seq").values_list("at", flat=True))
    assert times == sorted(times)
    assert verify_chain().ok


def test_who_acts_on_which_channel(small_demo):
    for ticket in Ticket.objects.select_related("submitted_by"):
        if ticket.channel in ENTERPRISE_CHANNELS:
            assert ticket.submitted_by.role == Role.LIAISON
            assert ticket.submitted_by.enterprise_id == ticket.enterprise_id
        else:
            assert ticket.submitted_by.role in POLICE_ROLES
    rated = Ticket.objects.filter(rating__isnull=False)
    assert rated.exists()
    liaison_enterprises = set(User.objects.filter(role=Role.LIAISON).values_list("enterprise_id", flat=True))
    assert set(rated.values_list("enterprise_id", flat=True)) <= liaison_enterprises
    for ticket in rated.filter(rating__lte=2):
        assert ticket.needs_supervisor
        assert ticket.events.filter(kind=EventKind.RETURNED).exists()
    assert rated.filter(rating__lte=2).exists()
    assert rated.filter(rating__gte=4).count() > rated.filter(rating__lte=2).count()


def test_some_open_work_is_overdue_and_some_is_not(small_demo):
    now = timezone.now()
    overdue = Ticket.objects.overdue(now)
    assert overdue.filter(status=Status.SUBMITTED).exists()
    assert TicketTask.objects.overdue(now).exists()
    assert Ticket.objects.open().exclude(pk__in=overdue).filter(status=Status.SUBMITTED).exists()
    # The escalation job ran during the replay: overdue work went up the line.
    assert all(ticket.escalation_level >= 1 for ticket in overdue)
    assert TicketEvent.objects.filter(kind=EventKind.ESCALATED).exists()


def test_figures_are_counted_from_the_records(small_demo):
    station = Station.objects.get(code="ZZ-MJH")
    figures = demo.station_figures(station)
    tickets = list(Ticket.objects.filter(station=station))
    resolved = [t for t in tickets if t.resolved_at is not None]
    on_time = [t for t in resolved if t.resolved_on_time]
    ratings = [t.rating for t in tickets if t.rating is not None]
    assert figures["total"] == len(tickets)
    assert figures["open"] == sum(t.status in OPEN_STATUSES for t in tickets)
    assert figures["overdue"] == sum(t.is_overdue() for t in tickets)
    assert figures["resolved"] == len(resolved) and figures["on_time"] == len(on_time)
    assert figures["on_time_share"] == pytest.approx(len(on_time) / len(resolved))
    assert 0 < figures["on_time_share"] < 1
    assert figures["mean_rating"] == pytest.approx(sum(ratings) / len(ratings))

    # Nothing is stored: act on a record and the figures follow.
    accepted = Ticket.objects.filter(station=station, status=Status.ACCEPTED).first()
    services.do_resolve_ticket(accepted.handler, accepted, outcome=Outcome.RESOLVED, note="已办结。")
    after = demo.station_figures(station)
    assert after["resolved"] == figures["resolved"] + 1
    assert after["open"] == figures["open"] - 1
    assert len(demo.summary()) == Station.objects.count()


def test_the_same_seed_plans_the_same_requests(small_demo):
    context = demo.DemoContext(small_demo.plan, {}, {("station", s.code): s for s in Station.objects.all()})
    now = timezone.now()

    def fingerprint(seed):
        return [(r.station, r.enterprise, r.channel, r.story.title, r.values, r.label,
                 [(s.at, s.action, s.actor) for s in r.steps])
                for r in demo.build_requests(context, seed=seed, scale=0.1, now=now)]

    assert fingerprint(7) == fingerprint(7)
    assert fingerprint(7) != fingerprint(8)
