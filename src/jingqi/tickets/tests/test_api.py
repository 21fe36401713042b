"""The request journey over the REST API, with idempotent intake and flat list queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jingqi.core.testing import factories as f
from jingqi.tickets.models import Ticket

pytestmark = pytest.mark.django_db



def test_full_journey_over_the_api(world, api_for):
    liaison, officer, dept = api_for(world.liaison_a), api_for(world.officer_a), api_for(world.dept_transport)
    road = f.DepartmentFactory(station=world.station, code="D-RD", name="公路事业发展中心")
    road_user = f.UserFactory(username="dept_road", role="department", department=road)
    created = liaison.post("/api/tickets/", {"enterprise": world.enterprise_a.pk, "service_item": "T-01",
                                             "title": "压机过桥", "description": "86 吨压机需过园区桥"},
                           format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["channel"] == "api" and body["status"] == "submitted" and body["resolution_due_at"]
    pk = body["id"]
    assert officer.post(f"/api/tickets/{pk}/accept/", {"version": body["version"]}, format="json").status_code == 200
    whistled = officer.post(f"/api/tickets/{pk}/whistle/", {"departments": [world.dept_transport_unit.pk, road.pk],
                                                            "note": "协调夜间通行"}, format="json")
    assert whistled.json()["status"] == "in_progress"
    tasks = {t["department"]: t["id"] for t in officer.get("/api/ticket-tasks/", {"ticket": pk}).json()["results"]}
    assert dept.post(f"/api/ticket-tasks/{tasks[world.dept_transport_unit.pk]}/arrive/").status_code == 200
    assert dept.post(f"/api/ticket-tasks/{tasks[world.dept_transport_unit.pk]}/complete/",
                     {"reply": "已批准夜间绕行"}, format="json").status_code == 200
    assert dept.post(f"/api/ticket-tasks/{tasks[road.pk]}/complete/", {"reply": "x"},
                     format="json").status_code == 404  # not this department's task
    api_for(road_user).post(f"/api/ticket-tasks/{tasks[road.pk]}/complete/", {"reply": "桥梁临时加固完成"},
                            format="json")
    resolved = officer.post(f"/api/tickets/{pk}/resolve/", {"outcome": "resolved", "note": "已协调夜间通行"},
                            format="json").json()
    assert resolved["status"] == "resolved"
    assert liaison.post(f"/api/tickets/{pk}/close/").json()["status"] == "closed"
    rated = liaison.post(f"/api/tickets/{pk}/rate/", {"rating": 5, "comment": "高效"}, format="json").json()
    assert rated["rating"] == 5
    kinds = [e["kind"] for e in liaison.get(f"/api/tickets/{pk}/timeline/").json()]
    assert kinds == ["submitted", "accepted", "whistled", "arrived", "task_done", "task_done", "resolved", "closed",
                     "rated"]


def test_same_idempotency_key_never_creates_two_requests(world, api_for):
    client = api_for(world.liaison_a)
    payload = {"enterprise": world.enterprise_a.pk, "kind": "consultation", "title": "落户", "description": "咨询"}
    first = client.post("/api/tickets/", payload, format="json", HTTP_IDEMPOTENCY_KEY="same")
    second = client.post("/api/tickets/", payload, format="json", HTTP_IDEMPOTENCY_KEY="same")
    assert first.json()["id"] == second.json()["id"]
    assert Ticket.objects.filter(title="落户").count() == 1


@pytest.mark.parametrize(("payload", "field"), [
    ({"title": ""}, "title"), ({"description": "长" * 4001}, "description"), ({"service_item": "NOPE"}, "service_item"),
    ({"latitude": 95}, "latitude"),
])
def test_bad_input_gets_a_400_and_creates_nothing(world, api_for, payload, field):
    count = Ticket.objects.count()
    body = {"enterprise": world.enterprise_a.pk, "kind": "consultation", "title": "t", "description": "d", **payload}
    response = api_for(world.liaison_a).post("/api/tickets/", body, format="json")
    assert response.status_code == 400 and field in response.json()
    assert Ticket.objects.count() == count


def test_illegal_transition_is_a_clear_400(world, api_for):
    response = api_for(world.liaison_a).post(f"/api/tickets/{world.ticket_b.pk}/rate/", {"rating": 5}, format="json")
    assert response.status_code == 404  # another enterprise's request
    response = api_for(world.liaison_a).post(f"/api/tickets/{world.ticket_a.pk}/rate/", {"rating": 5},
                                             format="json")
    assert response.status_code == 400 and "detail" in response.json()


@pytest.mark.parametrize("path", ["/api/tickets/", "/api/ticket-tasks/"])
def test_list_query_count_is_flat(world, api_for, path):
    from jingqi.tickets import services

    client = api_for(world.supervisor)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx)

    few = count()
    for n in range(4):
        ticket = services.do_submit_ticket(world.liaison_a, enterprise=world.enterprise_a, channel="portal",
                                           kind="consultation", title=f"t{n}", description="d")
        services.do_accept_ticket(world.officer_a, ticket)
        services.do_whistle(world.officer_a, ticket, departments=[world.dept_transport_unit])
    assert count() == few
