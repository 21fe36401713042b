"""``/api/figures/``: each persona's figures over its own scope, bad input refused, nothing that names a record."""

import pytest
from django.db.models import Q

from jingqi.analytics.services import do_refresh_figures
from jingqi.tickets.models import Ticket

pytestmark = pytest.mark.django_db
URL = "/api/figures/"
WHOLE = {"start": "2020-01-01", "end": "2029-12-31"}


@pytest.fixture
def refreshed(world):
    do_refresh_figures(full=True)
    return world.objects


def received(response) -> int:
    assert response.status_code == 200, response.content
    return next(f for f in response.json()["figures"] if f["key"] == "requests.received")["numerator"]


@pytest.mark.parametrize("persona, expected", [
    ("supervisor", lambda w: Q(station=w["supervisor"].station_id)),
    ("supervisor_t", lambda w: Q(station=w["supervisor_t"].station_id)),
    ("officer_a", lambda w: Q(enterprise__park__office=w["officer_a"].office_id)),
    ("auxiliary_a", lambda w: Q(enterprise__park__office=w["auxiliary_a"].office_id)),
    ("officer_b", lambda w: Q(enterprise__park__office=w["officer_b"].office_id)),
    ("liaison_a", lambda w: Q(enterprise=w["liaison_a"].enterprise_id)),
    ("liaison_b", lambda w: Q(enterprise=w["liaison_b"].enterprise_id)),
    ("viewer", lambda w: Q()),  # no station on the account: the whole installation, summed
    ("dept_transport", None),  # departments have figures of their own tasks only
    ("volunteer_a", None),
])
def test_each_persona_gets_the_figures_of_its_own_scope(refreshed, api_for, persona, expected):
    got = received(api_for(refreshed[persona]).get(URL, WHOLE))
    want = Ticket.objects.filter(expected(refreshed)).count() if expected else 0
    assert got == want
    if persona in ("supervisor", "viewer", "officer_a", "liaison_a"):
        assert want > 0  # the cast has requests where it looks


def test_signed_out_callers_get_nothing(client):
    assert client.get(URL).status_code in (401, 403)


def test_the_viewer_receives_sums_and_nothing_that_names_a_record(refreshed, api_for):
    body = api_for(refreshed["viewer"]).get(URL, WHOLE).content.decode()
    for ticket in Ticket.objects.all():
        assert ticket.reference not in body
        assert ticket.enterprise.name not in body
        assert ticket.title not in body


def test_a_department_sees_its_tasks(refreshed, api_for):
    from jingqi.tickets.models import TicketTask

    response = api_for(refreshed["dept_transport"]).get(URL, WHOLE)
    tasks = next(f for f in response.json()["figures"] if f["key"] == "tasks.on_time")
    assert tasks["records"] == TicketTask.objects.filter(
        department=refreshed["dept_transport"].department_id, status="done").count()


def test_narrowing_to_a_park_of_the_caller_s_office(refreshed, api_for):
    park = refreshed["enterprise_a"].park
    got = received(api_for(refreshed["officer_a"]).get(URL, {**WHOLE, "park": park.pk}))
    assert got == Ticket.objects.filter(enterprise__park=park).count() > 0


@pytest.mark.parametrize("persona, field, value", [
    ("officer_a", "park", lambda w: w["enterprise_b"].park_id),      # another office's park
    ("supervisor", "station", lambda w: w["supervisor_t"].station_id),  # another station
    ("supervisor", "park", lambda w: 999999),                       # none at all: the same answer
    ("liaison_a", "park", lambda w: w["enterprise_a"].park_id),      # a liaison narrows nothing
    ("officer_a", "department", lambda w: "x"),
])
def test_a_scope_not_one_of_the_caller_s_is_refused(refreshed, api_for, persona, field, value):
    response = api_for(refreshed[persona]).get(URL, {**WHOLE, field: value(refreshed)})
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("params, field", [
    ({"start": "2026-05-01", "end": "2026-04-30"}, "end"),
    ({"start": "2026-02-30"}, "start"),
    ({"start": "1990-01-01", "end": "2026-01-01"}, "start"),
])
def test_a_bad_period_is_refused_with_a_translated_message(refreshed, api_for, params, field):
    response = api_for(refreshed["supervisor"]).get(URL, params, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert field in response.json()


def test_the_city_viewer_may_narrow_to_any_station(refreshed, api_for):
    station = refreshed["supervisor_t"].station_id
    got = received(api_for(refreshed["viewer"]).get(URL, {**WHOLE, "station": station}))
    assert got == Ticket.objects.filter(station=station).count()


def test_every_figure_carries_its_numbers_and_the_refresh_time(refreshed, api_for):
    body = api_for(refreshed["supervisor"]).get(URL, WHOLE).json()
    assert body["refreshed_at"] and body["min_sample"] >= 1
    solved = next(f for f in body["figures"] if f["key"] == "requests.solved")
    assert solved["published"]["value"] == "470+"
    rate = next(f for f in body["figures"] if f["key"] == "requests.resolution_rate")
    assert rate["sample"] == rate["denominator"]
    assert rate["value"] is None or rate["enough"]


def test_the_query_count_does_not_depend_on_the_period(refreshed, api_for, django_assert_max_num_queries):
    client = api_for(refreshed["supervisor"])
    for params in (WHOLE, {"start": "2026-03-05", "end": "2026-03-09"}):
        with django_assert_max_num_queries(6):
            assert client.get(URL, params).status_code == 200


def test_the_figures_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/figures/" in schema and "figures_list" in schema
