"""Input from outside is read by one strict parser: malformed numbers, missing fields and deeply nested
JSON get a clear 400 (never a server error), and a role that may not act is refused whatever it sends."""

import json

import pytest
from django.urls import reverse

from jingqi.core.errors import ActionError
from jingqi.core.models import AuditEvent
from jingqi.core.parsing import BIGINT_MAX, check_json_depth, is_ascii_digits, parse_int, parse_optional_int
from jingqi.core.testing import factories as f
from jingqi.core.testing import matrix
from jingqi.registry.models import Contact, Strategy, Visit
from jingqi.tickets import services as tickets
from jingqi.tickets.models import Ticket

# The cast with its disputes: every dispute route has objects in and out of each persona's scope.
pytestmark = [pytest.mark.django_db, pytest.mark.dispute_cast, pytest.mark.patrol_cast,
              pytest.mark.inspection_cast, pytest.mark.case_cast]

SUPERSCRIPT = "²"  # str.isdigit() says yes, int() says no
NESTED = "[" * 100_000
BAD_NUMBERS = [SUPERSCRIPT, "١٢", "1_0", "abc", "", " ", "1.5", "1e3", "9" * 40, str(BIGINT_MAX + 1), None, True]


# --- the parser ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_parse_int_refuses_anything_but_ascii_digits_within_bigint(value):
    with pytest.raises(ActionError) as refused:
        parse_int(value, field="n")
    assert refused.value.field == "n" and refused.value.message


def test_parse_int_reads_whole_numbers_and_applies_bounds():
    assert parse_int(" 42 ", field="n") == 42
    assert parse_int("-7", field="n") == -7
    assert parse_int(7, field="n") == 7
    assert parse_int(str(BIGINT_MAX), field="n") == BIGINT_MAX
    with pytest.raises(ActionError):
        parse_int("0", field="n", min=1)
    with pytest.raises(ActionError):
        parse_int("61", field="n", max=60)
    assert parse_optional_int("", field="n") is None and parse_optional_int(None, field="n") is None


def test_only_ascii_digits_count_as_digits():
    assert is_ascii_digits("0123456789")
    assert not any(is_ascii_digits(v) for v in (SUPERSCRIPT, "١٢", "", "1 2", "-1", None))


def test_json_depth_counts_brackets_outside_strings_only():
    check_json_depth(json.dumps({"text": "[" * 1000, "list": [[[1]]]}))
    with pytest.raises(ActionError):
        check_json_depth("[" * 65 + "]" * 65)
    check_json_depth("[" * 64 + "]" * 64)


def test_json_depth_scan_takes_an_unterminated_string_to_the_end():
    # The brackets after an unterminated string are inside it: they are not nesting, and the decoder is left
    # to refuse the text. Were the closing quote required, each escaped quote would start another scan to the
    # end: a 12 MB body of them would keep a worker busy for hours.
    text = '"' + '\\"' * 10 + "[" * 100
    check_json_depth(text)
    with pytest.raises(ValueError):
        json.loads(text)
    check_json_depth('"' + '\\"' * 1_000_000)


# --- every JSON endpoint -----------------------------------------------------------------------------------


def _json_endpoints(world):
    """Every API URL that reads a body: creates on the lists, and every write on a detail route."""
    for name, model in matrix.api_list_routes():
        yield "post", reverse(name)
    for route in matrix.api_routes():
        obj = route.model.objects.first()
        for method in route.methods:
            if method not in ("get", "delete"):
                yield method, reverse(route.name, kwargs=route.kwargs(obj))


def test_a_deeply_nested_json_body_gets_a_400_from_every_api_endpoint(world, api_for):
    root = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    client = api_for(root)
    checked = 0
    for method, url in _json_endpoints(world):
        response = client.generic(method.upper(), url, NESTED, content_type="application/json",
                                  HTTP_ACCEPT_LANGUAGE="en")
        # Actions that take no body (arrive, close) may simply succeed; none may fail on the body.
        assert response.status_code < 500, (method, url, response.status_code)
        if response.status_code == 400 and "nested too deeply" in response.json().get("detail", ""):
            checked += 1
    assert checked > 20


def test_the_json_parser_refuses_a_body_larger_than_the_upload_limit_even_read_as_a_stream(settings):
    # Django refuses such a body when it reads it itself; DRF reads the stream, so the parser checks too.
    from io import BytesIO

    from rest_framework.exceptions import ParseError

    from jingqi.core.parsing import BoundedJSONParser

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    with pytest.raises(ParseError):  # valid JSON: refused for its size alone
        BoundedJSONParser().parse(BytesIO(json.dumps({"summary": "x" * 2000}).encode()))
    assert BoundedJSONParser().parse(BytesIO(b'{"summary": "ok"}')) == {"summary": "ok"}


def test_the_park_boundary_form_refuses_deeply_nested_json():
    from jingqi.registry.geo import normalize_boundary

    with pytest.raises(ActionError):
        normalize_boundary(NESTED)


# --- named defects ------------------------------------------------------------------------------------------


def test_strategy_patch_without_version_is_a_400_for_an_editor(world, api_for):
    strategy = world.strategy_a
    response = api_for(world.officer_a).patch(f"/api/strategies/{strategy.pk}/", {"risk_notes": "新"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()
    assert Strategy.objects.get(pk=strategy.pk).risk_notes == strategy.risk_notes


@pytest.mark.parametrize("persona", ["viewer", "liaison_a", "auxiliary_a", "volunteer_a"])
def test_strategy_patch_by_a_role_that_may_not_edit_is_denied_whatever_the_body(world, api_for, persona):
    for body in ({}, {"version": "x"}, {"risk_notes": "新"}):
        response = api_for(world.personas[persona]).patch(f"/api/strategies/{world.strategy_a.pk}/", body,
                                                          format="json")
        assert response.status_code in (403, 404), (persona, body, response.status_code)


def test_visit_without_kind_is_a_400_for_an_officer(world, api_for):
    before = Visit.objects.count()
    response = api_for(world.officer_a).post("/api/visits/", {
        "enterprise": world.enterprise_a.pk, "visited_at": "2026-01-05T10:00:00+08:00", "summary": "走访"},
        format="json")
    assert response.status_code == 400 and "kind" in response.json()
    assert Visit.objects.count() == before


@pytest.mark.parametrize("persona", ["viewer", "liaison_a", "dept_transport", "volunteer_a"])
def test_visit_create_by_a_role_that_may_not_log_visits_is_denied_whatever_the_body(world, api_for, persona):
    before = Visit.objects.count()
    for body in ({}, {"enterprise": world.enterprise_a.pk}, {"enterprise": "abc", "kind": 3}):
        response = api_for(world.personas[persona]).post("/api/visits/", body, format="json")
        assert response.status_code in (403, 404), (persona, body, response.status_code)
    assert Visit.objects.count() == before


@pytest.mark.parametrize("param", ["service_item", "enterprise"])
@pytest.mark.parametrize("value", ["abc", SUPERSCRIPT, "9" * 40])
def test_expected_times_with_a_malformed_id_is_a_400(world, client_for, param, value):
    response = client_for(world.liaison_a).get(reverse("tickets:expected_times"), {param: value})
    assert response.status_code == 400
    assert response.content.strip()


def test_open311_request_with_a_superscript_id_is_a_400(world, client):
    assert client.get("/open311/v2/requests/%C2%B2.json").status_code == 400
    assert client.get("/open311/v2/requests.json", {"service_request_id": SUPERSCRIPT}).status_code == 400
    assert client.get("/open311/v2/requests.json", {"page": SUPERSCRIPT}).status_code == 400


def test_ticket_action_with_a_superscript_version_changes_nothing(world, client_for):
    ticket = world.ticket_b
    response = client_for(world.officer_b).post(reverse("tickets:ticket_action", args=[ticket.pk, "accept"]),
                                                {"version": SUPERSCRIPT}, follow=True)
    assert response.status_code == 200
    assert Ticket.objects.get(pk=ticket.pk).status == ticket.status
    assert list(response.context["messages"])


def test_clue_action_with_a_superscript_version_changes_nothing(world, client_for):
    clue = world.clue_s
    response = client_for(world.officer_a).post(reverse("claims:clue_action", args=[clue.pk, "review"]),
                                                {"version": SUPERSCRIPT}, follow=True)
    assert response.status_code == 200
    assert type(clue).objects.get(pk=clue.pk).state == clue.state
    assert list(response.context["messages"])


def test_id_numbers_with_non_ascii_digits_are_refused_cleanly(world, api_for):
    odd = SUPERSCRIPT + "1" * 16 + "X"
    client = api_for(world.officer_a)
    response = client.post("/api/people/lookup/", {"id_number": odd}, format="json")
    assert response.status_code == 400 and "id_number" in response.json()
    contacts = Contact.objects.count()
    response = client.post("/api/contacts/", {"enterprise": world.enterprise_a.pk, "full_name": "张三",
                                              "role": "legal_representative", "id_number": odd}, format="json")
    assert response.status_code == 400 and "id_number" in response.json()
    assert Contact.objects.count() == contacts


def test_inbox_read_with_a_superscript_id_marks_nothing(world, client_for):
    from jingqi.core.models import Notification
    from jingqi.core.notify import notify

    notify([world.officer_a], "test", "一")
    notify([world.officer_a], "test", "二")
    unread = Notification.objects.filter(user=world.officer_a, read_at__isnull=True).count()
    # A malformed id must not fall back to "mark everything read" (the form without an id).
    response = client_for(world.officer_a).post(reverse("inbox_read"), {"id": SUPERSCRIPT})
    assert response.status_code == 400
    assert Notification.objects.filter(user=world.officer_a, read_at__isnull=True).count() == unread >= 2


def test_bad_numbers_leave_no_audit_trace(world, api_for):
    events = AuditEvent.objects.count()
    api_for(world.officer_b).post(f"/api/tickets/{world.ticket_b.pk}/accept/", {"version": SUPERSCRIPT},
                                  format="json")
    assert AuditEvent.objects.count() == events
    tickets.do_accept_ticket(world.officer_b, world.ticket_b)  # and the request still works afterwards


# --- the right before the input, on every API write -----------------------------------------------------------

ODD_BODIES = ({}, {"version": SUPERSCRIPT, "enterprise": "abc", "field": 3, "id_number": 7}, ["x"])


def test_every_api_write_refuses_a_persona_outside_its_scope_whatever_the_body(world, api_for):
    from jingqi.core.testing.personas import PERSONA_NAMES

    checked = 0
    for route in matrix.api_routes():
        for method in (m for m in route.methods if m not in ("get", "delete")):
            for persona_name in PERSONA_NAMES:
                persona = world.personas[persona_name]
                allowed = route.allowed_objects(persona, method).values("pk")
                obj = route.model.objects.exclude(pk__in=allowed).first()
                if obj is None:
                    continue
                url = reverse(route.name, kwargs=route.kwargs(obj))
                for body in ODD_BODIES:
                    response = api_for(persona).generic(method.upper(), url, json.dumps(body),
                                                        content_type="application/json")
                    assert response.status_code in (403, 404, 405), (route.name, persona_name, body,
                                                                     response.status_code)
                    checked += 1
    assert checked > 100


def test_every_api_create_refuses_a_role_that_may_not_create_whatever_the_body(world, api_for):
    from jingqi.core.errors import PermissionDenied
    from jingqi.core.testing.personas import PERSONA_NAMES

    checked = 0
    for router in matrix._api_routers():
        for _prefix, viewset, basename in router.registry:
            if not hasattr(viewset, "create"):
                continue
            for persona_name in PERSONA_NAMES:
                persona = world.personas[persona_name]
                try:
                    viewset().check_create(persona)
                except PermissionDenied:
                    pass
                else:
                    continue
                for body in ODD_BODIES:
                    response = api_for(persona).post(reverse(f"{basename}-list"), json.dumps(body),
                                                     content_type="application/json")
                    assert response.status_code == 403, (basename, persona_name, body, response.status_code)
                    checked += 1
    assert checked > 20


@pytest.mark.parametrize("persona", ["viewer", "liaison_a", "dept_transport", "volunteer_a"])
def test_person_lookup_refuses_a_role_that_may_not_look_up_whatever_the_body(world, api_for, persona):
    for body in ODD_BODIES:
        response = api_for(world.personas[persona]).post("/api/people/lookup/", json.dumps(body),
                                                         content_type="application/json")
        assert response.status_code == 403, (persona, body, response.status_code)


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00", "9999-12-31T23:59:59-12:00"])
def test_a_date_time_filter_at_the_ends_of_the_calendar_is_a_400(world, api_for, value):
    # Valid for the form, but out of the database's range once moved to UTC: the query failed with a 500.
    for param in ("since", "until"):
        response = api_for(world.officer_a).get("/api/visits/", {param: value})
        assert response.status_code == 400, (param, value, response.status_code)
        assert param in response.json()


def test_a_date_time_at_the_end_of_the_calendar_is_a_400_in_every_model_serializer(world, api_for):
    """DRF's date-time field overflowed moving "0001-01-01T00:00:00" (Shanghai) to UTC: a 500. Every model
    serializer built on ScopedModelSerializer reads date-times with core.relations.MomentField instead."""
    response = api_for(world.officer_a).post("/api/visits/", {
        "enterprise": world.enterprise_a.pk, "kind": "routine", "visited_at": "0001-01-01T00:00:00",
        "summary": "走访"}, format="json")
    assert response.status_code == 400 and "visited_at" in response.json()
