"""Escalation of overdue requests and department tasks (services.escalate_overdue, on core.escalation)."""

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from jingqi.core.models import AuditEvent, Notification, Webhook
from jingqi.tickets import services
from jingqi.tickets.choices import EventKind
from jingqi.tickets.models import Ticket, TicketEvent, TicketTask

pytestmark = pytest.mark.django_db

LONG_AGO = timedelta(hours=30)  # past the 24 h before the supervisor is told


@pytest.fixture
def submitted(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.do_submit_ticket(
            world.liaison_a, enterprise=world.enterprise_a, channel="portal", service_item=world.item_oversize,
            title="厂区门口货车进出险情多", description="请求增设减速设施。")


def notices(verb, ticket):
    return list(Notification.objects.filter(verb=verb, title__contains=ticket.reference)
                .values_list("user__username", flat=True).order_by("user__username"))


def test_a_request_not_accepted_in_time_goes_to_the_police_of_its_park(world, submitted,
                                                                        django_capture_on_commit_callbacks):
    Ticket.objects.filter(pk=submitted.pk).update(response_due_at=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.escalate_overdue() == 1
    ticket = Ticket.objects.get(pk=submitted.pk)
    assert ticket.escalation_level == 1 and ticket.version == submitted.version + 1
    assert notices("ticket.overdue", ticket) == ["auxiliary_a", "officer_a"]  # no handler yet: the office
    (event,) = TicketEvent.objects.filter(ticket=ticket, kind=EventKind.ESCALATED)
    assert event.internal and event.data == {"level": 1} and event.actor is None and event.task is None
    (entry,) = AuditEvent.objects.filter(action="ticket.escalate", object_id=str(ticket.pk))
    assert entry.changes == {"escalation_level": [0, 1]} and entry.actor_label == "system"


def test_work_already_long_overdue_goes_straight_to_the_supervisor_once(world, submitted,
                                                                         django_capture_on_commit_callbacks):
    services.do_accept_ticket(world.officer_a, submitted)
    (task,) = services.do_whistle(world.officer_a, submitted, departments=[world.dept_transport_unit])
    Ticket.objects.filter(pk=submitted.pk).update(resolution_due_at=timezone.now() - LONG_AGO)
    TicketTask.objects.filter(pk=task.pk).update(due_at=timezone.now() - LONG_AGO)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.escalate_overdue() == 2
        assert services.escalate_overdue() == 0
    ticket = Ticket.objects.get(pk=submitted.pk)
    assert ticket.escalation_level == 2 and TicketTask.objects.get(pk=task.pk).escalation_level == 2
    assert notices("ticket.overdue", ticket) == ["supervisor"]
    assert notices("ticket.task_overdue", ticket) == ["supervisor"]
    assert list(TicketEvent.objects.filter(ticket=ticket, kind=EventKind.ESCALATED)
                .values_list("task_id", "data").order_by("pk")) == [(None, {"level": 2}), (task.pk, {"level": 2})]
    assert AuditEvent.objects.get(action="ticket.escalate", object_id=str(ticket.pk)).changes == {
        "escalation_level": [0, 2]}
    assert AuditEvent.objects.get(action="ticket_task.escalate", object_id=str(task.pk)).changes == {
        "escalation_level": 2}


def test_finished_work_is_not_escalated(world, submitted, django_capture_on_commit_callbacks):
    services.do_accept_ticket(world.officer_a, submitted)
    services.do_resolve_ticket(world.officer_a, submitted, outcome="resolved", note="已办结")
    Ticket.objects.filter(pk=submitted.pk).update(resolution_due_at=timezone.now() - LONG_AGO)
    with django_capture_on_commit_callbacks(execute=True):
        services.escalate_overdue()
    assert Ticket.objects.get(pk=submitted.pk).escalation_level == 0
    assert notices("ticket.overdue", submitted) == []


def test_nothing_is_escalated_before_the_next_escalation_moment(world, submitted):
    moment = services.next_escalation_at()
    assert moment is not None and moment <= submitted.response_due_at
    assert services.escalate_overdue(now=moment) == 0
    assert services.escalate_overdue(now=moment + timedelta(seconds=1)) >= 1
    later = services.next_escalation_at()
    assert later > moment
    assert services.escalate_overdue(now=later) == 0


def test_sweeps_run_in_a_bounded_number_of_queries(world, submitted, django_assert_max_num_queries):
    # Nothing overdue: one look per kind of work, however many open requests there are.
    with django_assert_max_num_queries(2):
        services.escalate_overdue(now=timezone.now() - timedelta(days=1))
    with django_assert_max_num_queries(2):
        services.next_escalation_at()


def test_the_sweep_tells_what_the_actions_tell_of_a_request_and_its_task(world, submitted,
                                                                        django_capture_on_commit_callbacks):
    """The sweep reads its rows as values: its notices' links and webhook payloads and its audit's descriptions
    are those the instance-based helpers give, and the handler and assignee are told."""
    Webhook.objects.create(name="监听", url="http://127.0.0.1:9/hook", secret="s")
    services.do_accept_ticket(world.officer_a, submitted)
    (task,) = services.do_whistle(world.officer_a, submitted, departments=[world.dept_transport_unit])
    services.do_accept_task(world.dept_transport, task)
    Ticket.objects.filter(pk=submitted.pk).update(resolution_due_at=timezone.now() - timedelta(minutes=5))
    TicketTask.objects.filter(pk=task.pk).update(due_at=timezone.now() - timedelta(minutes=5))
    ticket, task = Ticket.objects.get(pk=submitted.pk), TicketTask.objects.get(pk=task.pk)
    with mock.patch("jingqi.core.tasks.deliver_webhook_events") as hooks, \
            django_capture_on_commit_callbacks(execute=True):
        assert services.escalate_overdue() == 2
    told = {(n.verb, n.user.username, n.url) for n in Notification.objects.filter(
        verb__in=["ticket.overdue", "ticket.task_overdue"], title__contains=ticket.reference)}
    assert told == {("ticket.overdue", "officer_a", services._url(ticket)),
                    ("ticket.task_overdue", "dept_transport", services._url(ticket))}
    sent = [json.loads(body) for call in hooks.call_args_list for _verb, body in call.args[0]]
    assert sorted(sent, key=lambda body: body["event"]) == [
        {"event": "ticket.overdue", **services._payload(ticket)},
        {"event": "ticket.task_overdue", **services._payload(ticket)}]
    assert AuditEvent.objects.get(action="ticket.escalate", object_id=str(ticket.pk)).object_repr == str(ticket)
    assert AuditEvent.objects.get(action="ticket_task.escalate", object_id=str(task.pk)).object_repr == str(task)
