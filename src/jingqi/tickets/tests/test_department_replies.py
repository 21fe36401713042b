"""Only a department's handlers act on its task; the police record a reply given by phone as such."""

import pytest
from django.http import Http404
from django.urls import reverse

from jingqi.core.errors import ActionError
from jingqi.core.models import AuditEvent
from jingqi.tickets import services
from jingqi.tickets.choices import EventKind, TaskStatus
from jingqi.tickets.models import TicketEvent, TicketTask

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(world):
    """An open task of the transport department on a request officer_a handles."""
    assert world.task_a.status == TaskStatus.OPEN and world.task_a.department == world.dept_transport_unit
    return world.task_a


def _unchanged(task, before_events, before_audit):
    fresh = TicketTask.objects.get(pk=task.pk)
    assert fresh.status == TaskStatus.OPEN and fresh.reply == "" and fresh.assignee is None
    assert fresh.accepted_at is None and fresh.completed_at is None and fresh.reply_recorded_by is None
    assert TicketEvent.objects.count() == before_events and AuditEvent.objects.count() == before_audit


@pytest.mark.parametrize("persona", ["officer_a", "supervisor"])
@pytest.mark.parametrize("action", ["accept", "complete", "arrive"])
def test_police_cannot_act_on_a_department_task_over_the_api(world, api_for, task, persona, action):
    events, audits = TicketEvent.objects.count(), AuditEvent.objects.count()
    response = api_for(world.personas[persona]).post(f"/api/ticket-tasks/{task.pk}/{action}/", {"reply": "代答"},
                                                     format="json")
    assert response.status_code == 404
    _unchanged(task, events, audits)


@pytest.mark.parametrize("persona", ["officer_a", "supervisor"])
@pytest.mark.parametrize("action", ["accept", "complete", "arrive"])
def test_police_cannot_act_on_a_department_task_from_the_page(world, client_for, task, persona, action):
    events, audits = TicketEvent.objects.count(), AuditEvent.objects.count()
    response = client_for(world.personas[persona]).post(reverse("tickets:task_action", args=[task.pk, action]),
                                                        {"reply-reply": "代答"})
    assert response.status_code == 404
    _unchanged(task, events, audits)


def test_police_cannot_complete_a_department_task_through_the_service(world, task):
    events, audits = TicketEvent.objects.count(), AuditEvent.objects.count()
    for persona in ("officer_a", "supervisor"):
        with pytest.raises(Http404):
            services.do_complete_task(world.personas[persona], task, reply="代答")
        with pytest.raises(Http404):
            services.do_accept_task(world.personas[persona], task)
    _unchanged(task, events, audits)


def test_the_department_still_accepts_and_completes_its_own_task(world, api_for, task):
    client = api_for(world.dept_transport)
    assert client.post(f"/api/ticket-tasks/{task.pk}/accept/").status_code == 200
    done = client.post(f"/api/ticket-tasks/{task.pk}/complete/", {"reply": "已批准夜间绕行"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == TaskStatus.DONE
    assert done.json()["reply_recorded_by"] is None
    event = TicketEvent.objects.get(task=task, kind=EventKind.TASK_DONE)
    assert event.actor == world.dept_transport and "on_behalf_of" not in event.data


def test_police_record_a_reply_given_by_phone_labelled_as_recorded_on_the_departments_behalf(world, task):
    recorded = services.do_record_task_reply(world.officer_a, task, reply="电话答复：已批准夜间绕行")
    assert recorded.status == TaskStatus.DONE and recorded.reply == "电话答复：已批准夜间绕行"
    assert recorded.reply_recorded_by == world.officer_a and recorded.assignee is None
    event = TicketEvent.objects.get(task=task)
    assert event.kind == EventKind.TASK_RECORDED and event.actor == world.officer_a
    assert event.data["on_behalf_of"] == world.dept_transport_unit.name and not event.internal
    assert AuditEvent.objects.filter(action="ticket_task.record_reply", object_id=str(task.pk)).exists()


def test_the_request_page_shows_the_recorded_reply_as_the_polices_record(world, client_for, task):
    services.do_record_task_reply(world.officer_a, task, reply="电话答复：已批准夜间绕行")
    content = client_for(world.liaison_a).get(reverse("tickets:ticket_detail", args=[task.ticket_id])).content
    content = content.decode()
    item = content[content.index("event-task_recorded"):]
    item = item[:item.index("</li>")]
    assert world.dept_transport_unit.name in item and str(world.officer_a) in item and "电话答复" in item


def test_police_record_a_reply_from_the_request_page(world, client_for, task):
    page = client_for(world.officer_a).get(reverse("tickets:ticket_detail", args=[task.ticket_id])).content.decode()
    url = reverse("tickets:task_record_reply", args=[task.pk])
    assert f'action="{url}"' in page
    response = client_for(world.officer_a).post(url, {"record-reply": "电话答复：同意"})
    assert response.status_code == 302
    assert TicketTask.objects.get(pk=task.pk).reply_recorded_by == world.officer_a


def test_police_record_a_reply_over_the_api(world, api_for, task):
    response = api_for(world.officer_a).post(f"/api/ticket-tasks/{task.pk}/record-reply/",
                                             {"reply": "电话答复：同意"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == TaskStatus.DONE and response.json()["reply_recorded_by"] == world.officer_a.pk


@pytest.mark.parametrize("persona", ["dept_transport", "liaison_a", "officer_b", "viewer", "volunteer_a"])
def test_only_the_police_handling_the_request_record_a_reply_for_a_department(world, api_for, client_for, task,
                                                                              persona):
    events, audits = TicketEvent.objects.count(), AuditEvent.objects.count()
    user = world.personas[persona]
    assert api_for(user).post(f"/api/ticket-tasks/{task.pk}/record-reply/", {"reply": "越权"},
                              format="json").status_code == 404
    assert client_for(user).post(reverse("tickets:task_record_reply", args=[task.pk]),
                                 {"record-reply": "越权"}).status_code == 404
    with pytest.raises(Http404):
        services.do_record_task_reply(user, task, reply="越权")
    _unchanged(task, events, audits)


def test_recording_a_reply_needs_the_reply_and_an_open_task(world, api_for, task):
    events, audits = TicketEvent.objects.count(), AuditEvent.objects.count()
    response = api_for(world.officer_a).post(f"/api/ticket-tasks/{task.pk}/record-reply/", {"reply": " "},
                                             format="json")
    assert response.status_code == 400
    with pytest.raises(ActionError) as exc:
        services.do_record_task_reply(world.officer_a, task, reply=" ")
    assert exc.value.field == "reply"
    _unchanged(task, events, audits)
    services.do_complete_task(world.dept_transport, task, reply="已办")
    with pytest.raises(ActionError) as exc:
        services.do_record_task_reply(world.officer_a, task, reply="再录")
    assert exc.value.code == "illegal_transition"
    assert TicketTask.objects.get(pk=task.pk).reply == "已办"
