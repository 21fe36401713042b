"""Open311 GeoReport v2: what a third-party client sees and sends, in JSON and XML."""

from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.db import connection

from jingqi.core.testing import factories as f
from jingqi.tickets import services
from jingqi.tickets.models import Ticket

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"


@pytest.fixture
def api_key(world):
    _key, raw = services.do_create_open311_key(None, name="city-hotline", station=world.station)
    return raw


def post(client, key, **extra):
    headers = {k: extra.pop(k) for k in list(extra) if k.startswith("HTTP_")}
    data = {"api_key": key, "jurisdiction_id": "S", "service_code": "T-01",
            "attribute[uscc]": extra.pop("uscc", None), "description": "86 吨压机无法通过园区桥梁", "lat": "29.605",
            "long": "120.805", **extra}
    return client.post(f"{BASE}/requests.json", {k: v for k, v in data.items() if v is not None}, **headers)


def test_discovery_lists_the_endpoint_and_formats(client):
    body = client.get(f"{BASE}/discovery.json").json()
    endpoint = body["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    root = ElementTree.fromstring(client.get(f"{BASE}/discovery.xml").content)
    assert root.tag == "discovery" and root.find("endpoints/endpoint/formats/format").text == "text/xml"


def test_services_are_public_with_string_codes(world, client):
    body = client.get(f"{BASE}/services.json").json()
    row = next(s for s in body if s["service_code"] == "T-01")
    assert row["service_name"] == "大件设备运输通行协调" and row["metadata"] is True and row["type"] == "realtime"
    assert all(isinstance(s["service_code"], str) for s in body)
    assert "T-99" not in {s["service_code"] for s in body}  # retired items are not offered
    xml = ElementTree.fromstring(client.get(f"{BASE}/services.xml").content)
    assert xml.tag == "services" and xml.find("service/service_code") is not None


def test_service_definition_names_the_uscc_attribute(world, client):
    body = client.get(f"{BASE}/services/T-01.json").json()
    uscc = next(a for a in body["attributes"] if a["code"] == "uscc")
    assert uscc["required"] is True and uscc["datatype"] == "string"
    assert client.get(f"{BASE}/services/NOPE.json").status_code == 404


def test_post_creates_a_request_for_the_enterprise_named_by_its_credit_code(world, client, api_key):
    response = post(client, api_key, uscc=world.enterprise_a.uscc)
    assert response.status_code == 200, response.content
    (row,) = response.json()
    ticket = Ticket.objects.get(pk=int(row["service_request_id"]))
    assert ticket.enterprise == world.enterprise_a and ticket.channel == "api" and ticket.service_item.code == "T-01"
    assert isinstance(row["service_request_id"], str)


def test_a_post_costs_a_fixed_number_of_queries_and_tells_the_officers_of_the_park(
        world, client, api_key, django_assert_num_queries, django_capture_on_commit_callbacks):
    from jingqi.core.models import Notification

    post(client, api_key, uscc=world.enterprise_b.uscc)  # the hot reads compiled
    with django_assert_num_queries(15) as captured, django_capture_on_commit_callbacks(execute=True):
        response = post(client, api_key, uscc=world.enterprise_a.uscc)
    assert response.status_code == 200, response.content
    # The station; the key with its station and account; the service item; the enterprise with its park; the
    # calendar; the request written (on PostgreSQL its key taken first, on SQLite its reference set after),
    # its timeline event; the officers to tell and their inbox rows; its audit event (two: the chain head); after
    # the commit, whether any webhook listens (and the savepoint the view's transaction is inside the test's).
    statements = [q["sql"].split()[0].replace("COPY", "INSERT") for q in captured.captured_queries]  # rows: COPY on PG
    assert (statements.count("SELECT"), statements.count("INSERT"), statements.count("UPDATE")) == (
        (8, 4, 1) if connection.vendor == "postgresql" else (7, 4, 2))
    ticket = Ticket.objects.get(pk=int(response.json()[0]["service_request_id"]))
    told = set(Notification.objects.filter(url__endswith=f"/{ticket.pk}/").values_list("user__username", flat=True))
    assert told == {"officer_a", "auxiliary_a"}


@pytest.mark.parametrize(("extra", "status"), [
    ({"uscc": None}, 400),
    ({"uscc": "91330683000990001B"}, 400),
    ({"service_code": ""}, 400),
    ({"service_code": "NOPE"}, 404),
    ({"description": "长" * 4001}, 400),
    ({"lat": None, "long": None}, 400),
    ({"lat": "abc"}, 400),
    ({"api_key": "wrong"}, 403),
    ({"jurisdiction_id": "NOWHERE"}, 404),
])
def test_bad_posts_get_standard_errors_and_create_nothing(world, client, api_key, extra, status):
    count = Ticket.objects.count()
    extra.setdefault("uscc", world.enterprise_a.uscc)
    response = post(client, extra.pop("api_key", api_key), **extra)
    assert response.status_code == status
    body = response.json()
    assert isinstance(body, list) and body[0]["code"] == status and body[0]["description"]
    assert Ticket.objects.count() == count


def test_enterprise_of_another_station_cannot_be_named(world, client, api_key):
    response = post(client, api_key, uscc=world.enterprise_t.uscc)
    assert response.status_code == 400


def test_errors_come_as_xml_when_xml_is_asked(world, client):
    response = client.post(f"{BASE}/requests.xml", {"service_code": "T-01", "attribute[uscc]": "x"})
    root = ElementTree.fromstring(response.content)
    assert response.status_code == 403 and root.tag == "errors" and root.find("error/code").text == "403"


def test_get_requests_maps_status_and_deadline(world, client, api_key):
    body = client.get(f"{BASE}/requests.json", {"api_key": api_key}).json()
    by_id = {row["service_request_id"]: row for row in body}
    row = by_id[str(world.ticket_a.pk)]
    assert row["status"] == "open" and "办理中" in row["status_notes"]
    assert row["expected_datetime"] and row["service_code"] == "T-01"
    assert str(world.ticket_t.pk) not in by_id  # another station's request


def test_filters_status_service_code_and_ids(world, client, api_key):
    services.do_reject_ticket(world.officer_b, world.ticket_b, reason="重复提交")
    closed = client.get(f"{BASE}/requests.json", {"api_key": api_key, "status": "closed"}).json()
    assert [r["service_request_id"] for r in closed] == [str(world.ticket_b.pk)]
    by_ids = client.get(f"{BASE}/requests.json", {"api_key": api_key,
                                                  "service_request_id": f"{world.ticket_a.pk},{world.ticket_t.pk}"})
    assert [r["service_request_id"] for r in by_ids.json()] == [str(world.ticket_a.pk)]
    assert client.get(f"{BASE}/requests.json", {"api_key": api_key, "status": "pending"}).status_code == 400
    assert client.get(f"{BASE}/requests.json", {"api_key": api_key, "start_date": "yesterday"}).status_code == 400


def test_page_and_page_size_extension(world, client, api_key):
    first = client.get(f"{BASE}/requests.json", {"api_key": api_key, "page_size": 1, "page": 1}).json()
    second = client.get(f"{BASE}/requests.json", {"api_key": api_key, "page_size": 1, "page": 2}).json()
    assert len(first) == len(second) == 1 and first != second


def test_single_request_under_both_paths_and_token_lookup(world, client, api_key):
    for path in ("requests", "request"):
        (row,) = client.get(f"{BASE}/{path}/{world.ticket_a.pk}.json", {"api_key": api_key}).json()
        assert row["service_request_id"] == str(world.ticket_a.pk)
    assert client.get(f"{BASE}/requests/{world.ticket_t.pk}.json", {"api_key": api_key}).status_code == 404
    (token,) = client.get(f"{BASE}/tokens/{world.ticket_a.token}.json", {"api_key": api_key}).json()
    assert token == {"service_request_id": str(world.ticket_a.pk), "token": str(world.ticket_a.token)}
    xml = ElementTree.fromstring(client.get(f"{BASE}/requests/{world.ticket_a.pk}.xml", {"api_key": api_key}).content)
    assert xml.tag == "service_requests" and xml.find("request/status").text == "open"


def test_revoked_or_other_station_keys_are_refused(world, client, api_key):
    _other, other_raw = services.do_create_open311_key(None, name="west", station=world.station_t)
    assert client.get(f"{BASE}/requests.json", {"api_key": other_raw}).status_code == 403
    call_command("open311-key", "revoke", "city-hotline")
    assert client.get(f"{BASE}/requests.json", {"api_key": api_key}).status_code == 403
    assert post(client, api_key, uscc=world.enterprise_a.uscc).status_code == 403


def test_without_a_key_requests_show_only_public_fields(world, client, api_key):
    public = {r["service_request_id"]: r for r in client.get(f"{BASE}/requests.json").json()}
    row = public[str(world.ticket_a.pk)]
    assert row["status"] == "open" and row["expected_datetime"]
    assert row["description"] == "" and row["address"] == "" and row["lat"] is None
    (full,) = client.get(f"{BASE}/requests/{world.ticket_a.pk}.json", {"api_key": api_key}).json()
    assert full["description"] == world.ticket_a.description
    (bare,) = client.get(f"{BASE}/requests/{world.ticket_a.pk}.json").json()
    assert bare["description"] == ""


def test_key_command_prints_the_key_on_its_last_line(world, capsys, client):
    call_command("open311-key", "create", "new-platform", "--station", "S")
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    assert client.get(f"{BASE}/requests.json", {"api_key": raw}).status_code == 200
    call_command("open311-key", "list")
    listing = capsys.readouterr().out
    assert "new-platform" in listing and raw not in listing


def test_default_jurisdiction_is_the_configured_station(world, client, api_key, settings):
    settings.JINGQI_DEFAULT_STATION = "S"
    assert client.get(f"{BASE}/requests.json", {"api_key": api_key}).status_code == 200
    settings.JINGQI_DEFAULT_STATION = "T"
    assert client.get(f"{BASE}/requests.json", {"api_key": api_key}).status_code == 403


def test_the_service_list_names_its_jurisdiction_as_the_other_endpoints_do(world, client, settings):
    """The list reads its station with the directory's stamp: an unknown code is a 404, a known one, the default
    station and (none configured) the first station all answer the list."""
    assert client.get(f"{BASE}/services.json", {"jurisdiction_id": "NOWHERE"}).status_code == 404
    listed = client.get(f"{BASE}/services.json", {"jurisdiction_id": "T"}).json()
    assert "T-01" in {s["service_code"] for s in listed}
    settings.JINGQI_DEFAULT_STATION = ""
    assert client.get(f"{BASE}/services.json").json() == listed
    settings.JINGQI_DEFAULT_STATION = "NOWHERE"
    response = client.get(f"{BASE}/services.json")
    assert response.status_code == 404 and response.json()[0]["code"] == 404


def test_journey_started_over_open311_is_followed_to_closure(world, client, api_key):
    (row,) = post(client, api_key, uscc=world.enterprise_a.uscc).json()
    ticket = Ticket.objects.get(pk=int(row["service_request_id"]))
    road = f.DepartmentFactory(station=world.station, code="D-RD", name="公路事业发展中心")
    services.do_accept_ticket(world.officer_a, ticket)
    tasks = services.do_whistle(world.officer_a, ticket, departments=[world.dept_transport_unit, road])
    services.do_complete_task(world.dept_transport, tasks[0], reply="已办理")
    services.do_record_task_reply(world.officer_a, tasks[1], reply="电话答复：已办理")
    services.do_resolve_ticket(world.officer_a, ticket, outcome="resolved", note="已协调办理")
    services.do_close_ticket(world.liaison_a, ticket)
    services.do_rate_ticket(world.liaison_a, ticket, rating=5)
    (seen,) = client.get(f"{BASE}/requests/{ticket.pk}.json", {"api_key": api_key}).json()
    assert seen["status"] == "closed" and "已关闭" in seen["status_notes"]
    assert "交通运输局" in seen["agency_responsible"] and "公路事业发展中心" in seen["agency_responsible"]


def test_post_answer_gives_the_service_request_id_and_no_token(world, client, api_key):
    # GeoReport v2: a token only stands in for an id the server cannot give at once; ours can.
    (row,) = post(client, api_key, uscc=world.enterprise_a.uscc).json()
    assert set(row) == {"service_request_id", "service_notice", "account_id"}
    (looked_up,) = client.get(f"{BASE}/requests/{row['service_request_id']}.json", {"api_key": api_key}).json()
    assert looked_up["service_request_id"] == row["service_request_id"]


def test_control_characters_posted_in_a_description_are_stripped(world, client, api_key):
    dirty = "压机\x01运输\x0b需\x1b协调\n第二行"
    (row,) = post(client, api_key, uscc=world.enterprise_a.uscc, description=dirty).json()
    ticket = Ticket.objects.get(pk=int(row["service_request_id"]))
    assert ticket.description == "压机运输需协调\n第二行"


def test_xml_answers_parse_even_when_stored_text_holds_control_characters(world, client, api_key):
    Ticket.objects.filter(pk=world.ticket_a.pk).update(description="旧数据\x01\x0b\x1b\ufffe仍可读",
                                                       status_note="说明\x07")
    for path in (f"requests/{world.ticket_a.pk}.xml", "requests.xml"):
        response = client.get(f"{BASE}/{path}", {"api_key": api_key})
        root = ElementTree.fromstring(response.content)  # raises ParseError when not well-formed
        row = next(r for r in root.iter("request") if r.find("service_request_id").text == str(world.ticket_a.pk))
        assert row.find("description").text == "旧数据仍可读" and row.find("status_notes").text.endswith("说明")


def test_a_retried_post_with_the_same_idempotency_key_creates_one_request(world, client, api_key):
    count = Ticket.objects.count()
    first = post(client, api_key, uscc=world.enterprise_a.uscc, HTTP_IDEMPOTENCY_KEY="hotline-0001")
    again = post(client, api_key, uscc=world.enterprise_a.uscc, HTTP_IDEMPOTENCY_KEY="hotline-0001")
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Ticket.objects.count() == count + 1
    xml_first = client.post(f"{BASE}/requests.xml", {"api_key": api_key, "jurisdiction_id": "S", "service_code": "T-01",
                                                      "attribute[uscc]": world.enterprise_a.uscc, "lat": "29.6",
                                                      "long": "120.8", "description": "XML 客户端"},
                            HTTP_IDEMPOTENCY_KEY="hotline-0002")
    xml_again = client.post(f"{BASE}/requests.xml", {"api_key": api_key, "jurisdiction_id": "S", "service_code": "T-01",
                                                      "attribute[uscc]": world.enterprise_a.uscc, "lat": "29.6",
                                                      "long": "120.8", "description": "XML 客户端"},
                            HTTP_IDEMPOTENCY_KEY="hotline-0002")
    assert xml_again.content == xml_first.content and xml_again["Content-Type"].startswith("text/xml")
    assert Ticket.objects.count() == count + 2


def test_an_idempotency_key_reused_for_another_request_is_refused(world, client, api_key):
    post(client, api_key, uscc=world.enterprise_a.uscc, HTTP_IDEMPOTENCY_KEY="hotline-0003")
    count = Ticket.objects.count()
    other = post(client, api_key, uscc=world.enterprise_a.uscc, description="另一件事",
                 HTTP_IDEMPOTENCY_KEY="hotline-0003")
    assert other.status_code == 422 and other.json()[0]["code"] == 422
    assert Ticket.objects.count() == count


def test_idempotency_keys_belong_to_one_open311_key(world, client, api_key):
    _other, other_raw = services.do_create_open311_key(None, name="second-hotline", station=world.station)
    count = Ticket.objects.count()
    first = post(client, api_key, uscc=world.enterprise_a.uscc, HTTP_IDEMPOTENCY_KEY="shared-0001")
    second = post(client, other_raw, uscc=world.enterprise_a.uscc, HTTP_IDEMPOTENCY_KEY="shared-0001")
    assert first.json()[0]["service_request_id"] != second.json()[0]["service_request_id"]
    assert Ticket.objects.count() == count + 2


@pytest.mark.parametrize("value", ["2026-13-45T00:00:00", "2026-02-30T10:00:00Z", "2026-01-01T25:00:00+08:00",
                                   "0001-01-01T00:00:00", "9999-12-31T23:59:59-12:00", "nonsense"])
def test_a_date_filter_out_of_range_is_a_400(world, client, value):
    # Well-formed but impossible dates made parse_datetime raise, and the ends of the calendar overflow
    # when moved to UTC: each was a server error.
    for param in ("start_date", "end_date"):
        response = client.get(f"{BASE}/requests.json", {param: value})
        assert response.status_code == 400, (param, value, response.status_code)
        assert response.json()[0]["code"] == 400


def _more_requests(world, n):
    for i in range(n):
        ticket = services.do_submit_ticket(world.liaison_a, enterprise=world.enterprise_a, channel="portal",
                                           service_item=world.item_oversize, title=f"加测{i}", description="加测诉求")
        services.do_accept_ticket(world.officer_a, ticket)
        services.do_whistle(world.officer_a, ticket, departments=[world.dept_transport_unit])


@pytest.mark.parametrize("more", [0, 4])
def test_a_page_of_requests_costs_the_same_queries_whatever_its_rows(world, client, api_key, more,
                                                                     django_assert_num_queries):
    _more_requests(world, more)
    # The station, the page, the departments called in on it; with a key, the key first.
    with django_assert_num_queries(3):
        assert len(client.get(f"{BASE}/requests.json").json()) == 2 + more
    with django_assert_num_queries(4):
        rows = client.get(f"{BASE}/requests.json", {"api_key": api_key}).json()
    assert len(rows) == 2 + more and all(r["agency_responsible"] == world.dept_transport_unit.name for r in rows
                                         if r["service_request_id"] != str(world.ticket_b.pk))
    with django_assert_num_queries(3):
        client.get(f"{BASE}/requests/{world.ticket_a.pk}.json")
    with django_assert_num_queries(3):
        client.get(f"{BASE}/requests.json", {"service_request_id": f"{world.ticket_a.pk},{world.ticket_b.pk}"})


def test_a_request_without_departments_names_the_station_as_the_agency(world, client, api_key):
    (row,) = client.get(f"{BASE}/requests/{world.ticket_b.pk}.json", {"api_key": api_key}).json()
    assert row["agency_responsible"] == world.station.name
    assert row["lat"] == float(world.enterprise_b.latitude) and row["address"] == world.enterprise_b.address


def test_pages_follow_each_other_without_a_count_and_past_the_end_are_empty(world, client, django_assert_num_queries):
    _more_requests(world, 3)
    seen = []
    for number in (1, 2, 3):
        with django_assert_num_queries(3):  # no COUNT(*): GeoReport lists carry no total
            page = client.get(f"{BASE}/requests.json", {"page_size": 2, "page": number}).json()
        seen += [r["service_request_id"] for r in page]
    assert len(seen) == len(set(seen)) == 5
    assert client.get(f"{BASE}/requests.json", {"page_size": 2, "page": 9}).json() == []
    assert client.get(f"{BASE}/requests.json", {"page": 10 ** 12}).json() == []  # far past the end: empty too
    assert client.get(f"{BASE}/requests.json", {"page": 10 ** 30}).status_code == 400  # not a number we take


def test_the_service_list_is_built_once_and_follows_a_directory_edit_at_once(world, client,
                                                                             django_assert_num_queries):
    from jingqi.catalog.models import ServiceItem

    client.get(f"{BASE}/services.json")
    with django_assert_num_queries(1):  # the station with the directory's stamp, in one read: the answer is kept
        names = {s["service_code"]: s["service_name"] for s in client.get(f"{BASE}/services.json").json()}
    assert names["T-01"] == "大件设备运输通行协调" and "T-99" not in names
    item = ServiceItem.objects.get(code="T-01")
    item.title = "大件运输通行"
    item.save()
    assert {s["service_code"]: s["service_name"] for s in client.get(f"{BASE}/services.json").json()}["T-01"] == \
        "大件运输通行"
    ServiceItem.objects.filter(code="T-99").update(active=True)  # no timestamp touched: the count still tells
    assert "T-99" in {s["service_code"] for s in client.get(f"{BASE}/services.json").json()}
    world.bundle_start.name = "开工一件事"
    world.bundle_start.save()
    (row,) = [s for s in client.get(f"{BASE}/services.json").json() if s["service_code"] == "T-01"]
    assert row["group"] == "开工一件事"
    world.bundle_start.delete()  # its items' bundle is cleared by an update that touches no item's timestamp
    (row,) = [s for s in client.get(f"{BASE}/services.json").json() if s["service_code"] == "T-01"]
    assert row["group"] == ""
    listed = client.get(f"{BASE}/services.json").json()
    xml = ElementTree.fromstring(client.get(f"{BASE}/services.xml").content)  # kept apart from the JSON answer
    assert xml.tag == "services" and len(xml.findall("service")) == len(listed)


@pytest.mark.parametrize("with_key", [False, True])
def test_one_request_by_id_reads_as_it_does_in_a_page(world, client, api_key, with_key):
    """One id (requests/{id}, or a filter naming one) is read by reads compiled once: the same row as a page
    gives, the departments in the order they were called, nothing of another station, a bad id still a 400."""
    second = f.DepartmentFactory(station=world.station, code="D-MK", name="市场监管局")
    services.do_whistle(world.officer_a, world.ticket_a, departments=[second])
    key = {"api_key": api_key} if with_key else {}
    page = {row["service_request_id"]: row for row in client.get(f"{BASE}/requests.json", key).json()}
    for ticket in (world.ticket_a, world.ticket_b):
        (by_path,) = client.get(f"{BASE}/requests/{ticket.pk}.json", key).json()
        by_filter = client.get(f"{BASE}/requests.json", {**key, "service_request_id": f" {ticket.pk} "}).json()
        assert by_path == page[str(ticket.pk)] and by_filter == [by_path]
    assert page[str(world.ticket_a.pk)]["agency_responsible"] == "交通运输局、市场监管局"  # in the order called
    assert client.get(f"{BASE}/requests.json", {**key, "service_request_id": world.ticket_t.pk}).json() == []
    assert client.get(f"{BASE}/requests.json", {**key, "service_request_id": "abc"}).status_code == 400
