"""The read-only outreach events API: each role's rows and invitations, filters, query counts, its index."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jingqi.cases import services_outreach as services
from jingqi.cases.api.outreach import OutreachEventViewSet
from jingqi.core.testing import factories as f
from jingqi.core.testing.plans import api_list_queryset, assert_served_by_index

pytestmark = pytest.mark.django_db

LIST = "/api/outreach-events/"


def plan(world, actor, park, enterprises, topic="anti_fraud", days=10):
    day = timezone.localdate() + timedelta(days=days)
    return services.do_plan_outreach(actor, park=park, enterprises=enterprises, data={
        "topic": topic, "title": f"{park.name}讲座", "place": "职工之家",
        "starts_at": timezone.make_aware(datetime.combine(day, time(19))),
        "ends_at": timezone.make_aware(datetime.combine(day, time(20)))})


def test_a_liaison_reads_its_invitations_only_and_not_the_total(world, api_for):
    second = f.EnterpriseFactory(park=world.park_a, name="邻居公司")
    event = plan(world, world.officer_a, world.park_a, [world.enterprise_a, second])
    plan(world, world.officer_b, world.park_b, [world.enterprise_b])
    body = api_for(world.liaison_a).get(LIST).json()
    assert [row["id"] for row in body["results"]] == [event.pk]
    (shown,) = body["results"]
    assert [i["enterprise"] for i in shown["invitations"]] == [world.enterprise_a.pk]
    assert shown["attendance_total"] is None and shown["invitations"][0]["outside_hours"] is True
    police = api_for(world.officer_a).get(f"{LIST}{event.pk}/").json()
    assert len(police["invitations"]) == 2 and police["attendance_total"] == 0


def test_the_list_filters_by_topic_park_and_time(world, api_for):
    a = plan(world, world.supervisor, world.park_a, [world.enterprise_a], topic="fire", days=5)
    b = plan(world, world.supervisor, world.park_b, [world.enterprise_b], days=20)
    client = api_for(world.supervisor)

    def ids(**params):
        return [row["id"] for row in client.get(LIST, params).json()["results"]]

    assert ids() == [b.pk, a.pk]
    assert ids(topic="fire") == [a.pk]
    assert ids(park=world.park_b.pk) == [b.pk]
    assert ids(starts_after=(timezone.now() + timedelta(days=10)).isoformat()) == [b.pk]


def test_an_event_out_of_scope_is_a_404_and_nothing_can_be_written(world, api_for):
    event = plan(world, world.officer_b, world.park_b, [world.enterprise_b])
    assert api_for(world.officer_a).get(f"{LIST}{event.pk}/").status_code == 404
    assert api_for(world.officer_b).post(LIST, {}, format="json").status_code == 405
    assert api_for(world.officer_b).patch(f"{LIST}{event.pk}/", {}, format="json").status_code == 405


def test_the_list_query_count_does_not_grow_with_the_rows(world, api_for):
    client = api_for(world.supervisor)
    plan(world, world.supervisor, world.park_a, [world.enterprise_a])
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    extra = f.EnterpriseFactory(park=world.park_a)
    for n in range(6):
        plan(world, world.supervisor, world.park_a, [world.enterprise_a, extra], days=n + 1)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(LIST).json()["results"]) == 7
    assert len(many) == len(few)


def test_the_supervisors_api_list_is_read_in_order_through_the_station_index(world):
    assert_served_by_index(api_list_queryset(OutreachEventViewSet, world.supervisor)[:50],
                           "outreach_station_starts_idx")
