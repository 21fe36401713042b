"""What a person meets on the hazard pages: the board by state with its map, reporting (from scratch or from a
request), the hazard page and its actions with their errors beside the fields, final actions that ask first, the
enterprise's own page with its fix form, and the denials that change nothing."""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jingqi.core.models import AuditEvent
from jingqi.core.testing import factories as f
from jingqi.core.testing.plans import assert_served_by_index
from jingqi.inspections import services
from jingqi.inspections.models import Hazard, HazardEvent
from jingqi.inspections.selectors import hazards as selectors

pytestmark = [pytest.mark.django_db, pytest.mark.inspection_cast]


def url(name, *args):
    return reverse(f"inspections:{name}", args=args)


def act(hazard, action):
    return url("hazard_action", hazard.pk, action)


def field_error(content, name):
    return re.search(rf'class="field invalid">(?:(?!class="field).)*?name="{name}"(?:(?!class="field).)*?'
                     r'class="error"[^>]*>([^<]+)<', content, re.S)


def state(hazard):
    return model_to_dict(Hazard.objects.get(pk=hazard.pk)), AuditEvent.objects.count()


# --- who sees which page ---------------------------------------------------------------------------------------------


def test_pages_open_for_the_police(world, client_for):
    for persona in (world.officer_a, world.supervisor):
        client = client_for(persona)
        for path in (url("hazard_board"), url("hazard_report"), url("hazard_detail", world.hazard_a.pk),
                     url("hazard_detail", world.hazard_a_fixed.pk), url("hazard_from_ticket", world.ticket_a.pk)):
            assert client.get(path).status_code == 200, (persona, path)
        assert client.get(url("my_enterprise")).status_code == 404


def test_department_sees_its_hazards_without_actions(world, client_for):
    client = client_for(world.dept_transport)
    board = client.get(url("hazard_board")).content.decode()
    assert world.hazard_a.reference in board and world.hazard_b.reference not in board
    assert url("hazard_report") not in board
    page = client.get(url("hazard_detail", world.hazard_a.pk)).content.decode()
    assert world.hazard_a.title in page and 'id="actions"' not in page
    assert client.get(url("hazard_report")).status_code == 404
    assert client.get(url("hazard_detail", world.hazard_b.pk)).status_code == 404


def test_liaison_is_sent_to_their_own_page_with_the_fix_form(world, client_for):
    client = client_for(world.liaison_a)
    assert client.get(url("hazard_board"))["Location"] == url("my_enterprise")
    page = client.get(url("my_enterprise")).content.decode()
    assert world.hazard_a.reference in page and world.hazard_b.reference not in page
    assert f'action="{act(world.hazard_a, "report_fix")}"' in page and 'name="report_fix-photos"' in page
    assert world.visit_a.planned_on.strftime("%Y-%m-%d") in page and "请准备消防台账" in page
    assert world.visit_a.note == "" or world.visit_a.note not in page
    assert client.get(url("hazard_report")).status_code == 404
    assert client.get(url("hazard_from_ticket", world.ticket_a.pk)).status_code == 404
    assert client.get(url("hazard_detail", world.hazard_b.pk)).status_code == 404


# --- the board and its map -------------------------------------------------------------------------------------------


def test_board_puts_each_hazard_in_its_state_column(world, client_for):
    page = client_for(world.officer_a).get(url("hazard_board")).content.decode()
    rectifying = page.split('id="col-rectifying"')[1].split("</section>")[0]
    closed = page.split('id="col-closed"')[1].split("</section>")[0]
    assert world.hazard_a.reference in rectifying and world.hazard_a_fixed.reference in closed
    assert world.hazard_b.reference not in page and world.hazard_t.reference not in page


def test_board_column_shows_a_page_of_the_newest_and_says_how_many_more(world, client_for, monkeypatch):
    monkeypatch.setattr(selectors, "COLUMN_SIZE", 2)
    for n in range(3):
        services.do_report_hazard(world.officer_a, park=world.park_a, data={"title": f"新隐患{n}"},
                                  photo=f.png_upload())
    page = client_for(world.officer_a).get(url("hazard_board")).content.decode()
    reported = page.split('id="col-reported"')[1].split("</section>")[0]
    total = Hazard.objects.visible_to(world.officer_a).filter(status="reported").count()
    assert reported.count('class="hazard-card') == 2 and "新隐患2" in reported and "新隐患1" in reported
    assert "新隐患0" not in reported
    assert f"共 {total} 条，仅显示最新的 2 条" in reported


def test_board_filters_by_severity_overdue_source_and_text(world, client_for):
    client = client_for(world.supervisor)
    major = client.get(url("hazard_board"), {"severity": "major"}).content.decode()
    assert world.hazard_a.reference in major and world.hazard_b.reference not in major
    assert world.hazard_a.reference not in client.get(url("hazard_board"), {"overdue": "1"}).content.decode()
    Hazard.objects.filter(pk=world.hazard_a.pk).update(due_at=timezone.now() - timedelta(hours=1))
    overdue = client.get(url("hazard_board"), {"overdue": "1"}).content.decode()
    assert world.hazard_a.reference in overdue and world.hazard_b.reference not in overdue
    report = client.get(url("hazard_board"), {"source": "report"}).content.decode()
    assert world.hazard_b.reference in report and world.hazard_a.reference not in report
    found = client.get(url("hazard_board"), {"q": "配电箱"}).content.decode()
    assert world.hazard_b.reference in found and world.hazard_a.reference not in found
    assert client.get(url("hazard_board"), {"park": "x", "severity": "nope"}).status_code == 200


def test_map_places_the_open_hazards_that_have_a_position(world, client_for):
    services.do_report_hazard(world.officer_a, park=world.park_a, data={
        "title": "路灯倒伏", "latitude": "29.601", "longitude": "120.801"})
    unplaced = services.do_report_hazard(world.officer_a, park=world.park_a, data={"title": "围墙破损"})
    page = client_for(world.officer_a).get(url("hazard_board")).content.decode()
    data = json.loads(re.search(r'<script id="hazard-features" type="application/json">(.*?)</script>', page,
                                re.S).group(1))
    hazards = {x["properties"]["id"] for x in data["features"] if x["properties"]["kind"] == "hazard"}
    # the new one, and the cast's hazard found in an inspection (placed where its enterprise is); none without
    placed = Hazard.objects.visible_to(world.officer_a).open().filter(latitude__isnull=False)
    assert hazards == set(placed.values_list("pk", flat=True)) and len(hazards) == 2
    assert unplaced.pk not in hazards
    assert any(x["properties"]["kind"] == "boundary" for x in data["features"])
    assert 'src="/static/inspections/hazard_map.js"' in page and "<script>" not in page


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_board_hazard_page_and_own_page_do_not_grow_their_queries_with_rows(world, client_for):
    officer, liaison = client_for(world.officer_a), client_for(world.liaison_a)
    hazard = world.hazard_a
    pages = [(officer, url("hazard_board")), (officer, url("hazard_detail", hazard.pk)),
             (liaison, url("my_enterprise")), (liaison, url("hazard_detail", hazard.pk))]
    before = [_queries(client, path) for client, path in pages]
    for n in range(4):
        other = services.do_report_hazard(world.officer_a, park=world.park_a, enterprise=world.enterprise_a,
                                          data={"title": f"隐患{n}", "latitude": "29.6", "longitude": "120.8"},
                                          photo=f.png_upload())
        services.do_assign_hazard(world.officer_a, other, responsible_name="张三", measures="整改")
        services.do_comment_hazard(world.officer_a, hazard, text=f"备注{n}", internal=n % 2 == 0)
    services.do_report_hazard_fix(world.liaison_a, hazard, note="已整改", photos=[f.png_upload(), f.png_upload()])
    after = [_queries(client, path) for client, path in pages]
    assert after == before


def test_board_columns_are_read_through_an_index(world):
    if connection.vendor != "sqlite":
        pytest.skip("the plan is checked on SQLite")
    for user, filters, index in ((world.supervisor, selectors.BoardFilters(), "hazard_station_idx"),
                                 (world.officer_a, selectors.BoardFilters(park=world.park_a), "hazard_park_idx")):
        sql, params = selectors.column_rows(user, "rectifying", filters)[:50].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert index in plan and "TEMP B-TREE" not in plan, plan
    sql, params = selectors.my_hazards(world.liaison_a).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "hazard_enterprise_idx" in plan and "TEMP B-TREE" not in plan, plan


def test_officer_board_columns_are_read_in_order_through_an_index(world):
    # The office's scope is a join through the park: no hazard index can lead with it, so the column is read in
    # its order by state (hazard_status_board_idx) and the park's office is checked row by row, with no sort.
    for status in selectors.BOARD_COLUMNS:
        assert_served_by_index(selectors.column_rows(world.officer_a, status, selectors.BoardFilters())[:50],
                               "hazard_status_board_idx")


# --- reporting -------------------------------------------------------------------------------------------------------


def report_data(world, **changes):
    return {"park": world.park_a.pk, "enterprise": world.enterprise_a.pk, "title": "消防栓被遮挡",
            "description": "货物堆放", "severity": "general", "location": "2号仓库", "latitude": "29.6",
            "longitude": "120.8", **changes}


def test_officer_reports_a_hazard_with_a_photo(world, client_for):
    response = client_for(world.officer_a).post(url("hazard_report"), {**report_data(world),
                                                                       "photo": f.png_upload()})
    hazard = Hazard.objects.get(title="消防栓被遮挡")
    assert response["Location"] == url("hazard_detail", hazard.pk)
    assert hazard.status == "reported" and hazard.photos.filter(kind="before").count() == 1
    page = client_for(world.officer_a).get(url("hazard_detail", hazard.pk)).content.decode()
    photo = hazard.photos.get()
    assert f'src="{url("hazard_photo", photo.pk)}"' in page
    assert client_for(world.officer_a).get(url("hazard_photo", photo.pk)).status_code == 200
    assert client_for(world.liaison_b).get(url("hazard_photo", photo.pk)).status_code == 404


@pytest.mark.parametrize(("changes", "field"), [
    ({"title": " "}, "title"), ({"latitude": "200"}, "latitude"), ({"severity": "huge"}, "severity"),
    ({"enterprise": "999999"}, "enterprise"), ({"photo": "not-a-photo"}, "photo")])
def test_bad_report_is_refused_beside_its_field_and_records_nothing(world, client_for, changes, field):
    before, events = Hazard.objects.count(), AuditEvent.objects.count()
    data = report_data(world, **changes)
    if field == "photo":
        from django.core.files.uploadedfile import SimpleUploadedFile

        data["photo"] = SimpleUploadedFile("x.png", b"not an image at all", content_type="image/png")
    response = client_for(world.officer_a).post(url("hazard_report"), data)
    assert response.status_code == 400 and field_error(response.content.decode(), field), field
    assert Hazard.objects.count() == before and AuditEvent.objects.count() == events


def test_enterprise_of_another_park_is_refused_beside_the_enterprise(world, client_for):
    response = client_for(world.supervisor).post(url("hazard_report"),
                                                 report_data(world, enterprise=world.enterprise_b.pk))
    assert response.status_code == 400 and field_error(response.content.decode(), "enterprise")


def test_request_becomes_a_hazard_linked_to_it(world, client_for):
    client = client_for(world.officer_a)
    page = client.get(url("hazard_from_ticket", world.ticket_a.pk)).content.decode()
    assert world.ticket_a.reference in page and world.ticket_a.title in page
    response = client.post(url("hazard_from_ticket", world.ticket_a.pk), report_data(world, title="诉求中的隐患"))
    hazard = Hazard.objects.get(title="诉求中的隐患")
    assert response.status_code == 302 and hazard.ticket_id == world.ticket_a.pk and hazard.source == "request"
    ticket_page = client.get(reverse("tickets:ticket_detail", args=[world.ticket_a.pk])).content.decode()
    assert url("hazard_from_ticket", world.ticket_a.pk) in ticket_page
    liaison_page = client_for(world.liaison_a).get(reverse("tickets:ticket_detail",
                                                           args=[world.ticket_a.pk])).content.decode()
    assert url("hazard_from_ticket", world.ticket_a.pk) not in liaison_page


# --- the hazard's actions --------------------------------------------------------------------------------------------


def test_final_actions_ask_first(world, client_for):
    reported = services.do_report_hazard(world.supervisor, park=world.park_a, data={"title": "楼梯扶手松动"})
    page = client_for(world.supervisor).get(url("hazard_detail", reported.pk)).content.decode()
    for action in ("fix_on_site", "void"):
        assert re.search(rf'<form[^>]*/{action}/"[^>]*data-confirm="[^"]+"', page), action
    services.do_report_hazard_fix(world.liaison_a, world.hazard_a, note="已整改", photos=[f.png_upload()])
    page = client_for(world.officer_a).get(url("hazard_detail", world.hazard_a.pk)).content.decode()
    for action in ("close", "send_back"):
        assert re.search(rf'<form[^>]*/{action}/"[^>]*data-confirm="[^"]+"', page), action
    assert "/void/" not in page  # the supervisor's alone


def test_fix_on_site_needs_the_after_photo_then_closes(world, client_for):
    hazard = services.do_report_hazard(world.officer_a, park=world.park_a, data={"title": "插线板私拉"})
    client = client_for(world.officer_a)
    before = state(hazard)
    response = client.post(act(hazard, "fix_on_site"), {"fix_on_site-version": hazard.version})
    assert response.status_code == 400 and field_error(response.content.decode(), "fix_on_site-after_photo")
    assert state(hazard) == before
    response = client.post(act(hazard, "fix_on_site"), {"fix_on_site-version": hazard.version,
                                                        "fix_on_site-note": "当场拆除",
                                                        "fix_on_site-after_photo": f.png_upload()})
    hazard.refresh_from_db()
    assert response.status_code == 302 and hazard.status == "closed" and hazard.fixed_on_site


def test_deadline_in_the_past_is_refused_beside_the_deadline(world, client_for):
    hazard = services.do_report_hazard(world.officer_a, park=world.park_a, enterprise=world.enterprise_a,
                                       data={"title": "配电房门未关"})
    before = state(hazard)
    data = {"assign-version": hazard.version, "assign-responsible_name": "李四", "assign-measures": "关门上锁",
            "assign-deadline": (timezone.localdate() - timedelta(days=1)).isoformat()}
    response = client_for(world.officer_a).post(act(hazard, "assign"), data)
    assert response.status_code == 400 and field_error(response.content.decode(), "assign-deadline")
    assert state(hazard) == before
    response = client_for(world.officer_a).post(act(hazard, "assign"), {
        **data, "assign-deadline": "", "assign-measures": " "})
    assert response.status_code == 400 and field_error(response.content.decode(), "assign-measures")
    response = client_for(world.officer_a).post(act(hazard, "assign"), {
        **data, "assign-deadline": (timezone.localdate() + timedelta(days=3)).isoformat(),
        "assign-responsible_phone": "13800000009"})
    hazard.refresh_from_db()
    assert response.status_code == 302 and hazard.status == "rectifying" and hazard.responsible_name == "李四"


def test_enterprise_reports_its_fix_with_photos_and_the_officer_closes_it(world, client_for):
    hazard, liaison, officer = world.hazard_a, client_for(world.liaison_a), client_for(world.officer_a)
    before = state(hazard)
    response = liaison.post(act(hazard, "report_fix"), {"report_fix-version": hazard.version,
                                                        "report_fix-note": "已清理"})
    assert response.status_code == 400 and field_error(response.content.decode(), "report_fix-photos")
    assert state(hazard) == before
    response = liaison.post(act(hazard, "report_fix"), {"report_fix-version": hazard.version,
                                                        "report_fix-note": "已清理通道",
                                                        "report_fix-photos": [f.png_upload(), f.png_upload()]})
    hazard.refresh_from_db()
    assert response.status_code == 302 and hazard.status == "fix_reported"
    assert hazard.photos.filter(kind="after").count() == 2
    before = state(hazard)
    response = officer.post(act(hazard, "close"), {"close-version": hazard.version, "close-note": "照片核实"})
    assert response.status_code == 400 and field_error(response.content.decode(), "close-verification")
    response = officer.post(act(hazard, "close"), {"close-version": hazard.version, "close-note": "现场复查",
                                                   "close-verification": "reinspection"})
    assert response.status_code == 400 and field_error(response.content.decode(), "close-photos")
    assert state(hazard) == before
    response = officer.post(act(hazard, "close"), {"close-version": hazard.version, "close-note": "照片核实",
                                                   "close-verification": "photo_review"})
    hazard.refresh_from_db()
    assert response.status_code == 302 and hazard.status == "closed" and hazard.closed_by == world.officer_a
    # The second officer to close it finds it closed: told so, nothing changes.
    before = state(hazard)
    response = client_for(world.supervisor).post(act(hazard, "close"), {
        "close-version": hazard.version, "close-note": "再次", "close-verification": "photo_review"})
    assert response.status_code == 302 and state(hazard) == before


def test_send_back_needs_a_reason_and_returns_the_hazard(world, client_for):
    hazard = services.do_report_hazard_fix(world.liaison_a, world.hazard_a, note="已整改", photos=[f.png_upload()])
    client = client_for(world.officer_a)
    before = state(hazard)
    response = client.post(act(hazard, "send_back"), {"send_back-version": hazard.version, "send_back-reason": ""})
    assert response.status_code == 400 and field_error(response.content.decode(), "send_back-reason")
    assert state(hazard) == before
    response = client.post(act(hazard, "send_back"), {"send_back-version": hazard.version,
                                                      "send_back-reason": "通道仍有杂物"})
    hazard.refresh_from_db()
    assert response.status_code == 302 and hazard.status == "rectifying" and hazard.sent_back == 1


def test_stale_form_is_refused_and_changes_nothing(world, client_for):
    hazard = world.hazard_a
    before = state(hazard)
    response = client_for(world.liaison_a).post(act(hazard, "report_fix"), {
        "report_fix-version": hazard.version - 1 if hazard.version > 1 else 99, "report_fix-note": "已清理",
        "report_fix-photos": [f.png_upload()]})
    assert response.status_code == 400 and 'class="errors"' in response.content.decode()
    assert state(hazard) == before


def test_only_the_supervisor_voids_and_must_say_why(world, client_for):
    hazard = world.hazard_a
    before = state(hazard)
    assert client_for(world.officer_a).post(act(hazard, "void"), {"void-reason": "误报"}).status_code == 404
    response = client_for(world.supervisor).post(act(hazard, "void"), {"void-reason": ""})
    assert response.status_code == 400 and field_error(response.content.decode(), "void-reason")
    assert state(hazard) == before
    assert client_for(world.supervisor).post(act(hazard, "void"), {"void-reason": "误报"}).status_code == 302
    assert Hazard.objects.get(pk=hazard.pk).status == "void"


def test_denied_actions_change_nothing(world, client_for):
    hazard = world.hazard_a
    before = state(hazard)
    data = {"assign-version": hazard.version, "assign-responsible_name": "越权", "assign-measures": "越权",
            "report_fix-version": hazard.version, "report_fix-note": "越权", "comment-text": "越权"}
    for persona, action in ((world.liaison_a, "assign"), (world.liaison_a, "close"), (world.liaison_b, "report_fix"),
                            (world.liaison_b, "comment"), (world.dept_transport, "comment"),
                            (world.dept_transport, "assign"), (world.officer_b, "assign"),
                            (world.volunteer_a, "comment"), (world.officer_a, "no_such_action")):
        assert client_for(persona).post(act(hazard, action), data).status_code == 404, (persona, action)
    assert client_for(world.officer_a).get(act(hazard, "assign")).status_code == 405
    assert state(hazard) == before


def test_enterprise_never_sees_internal_notes_or_the_phone_in_full(world, client_for):
    services.do_comment_hazard(world.officer_a, world.hazard_a, text="内部：企业负责人态度消极", internal=True)
    services.do_comment_hazard(world.officer_a, world.hazard_a, text="请尽快整改", internal=False)
    liaison = client_for(world.liaison_a).get(url("hazard_detail", world.hazard_a.pk)).content.decode()
    assert "请尽快整改" in liaison and "态度消极" not in liaison
    assert "13800000001" not in liaison and "138****0001" in liaison.replace(" ", "")
    officer = client_for(world.officer_a).get(url("hazard_detail", world.hazard_a.pk)).content.decode()
    assert "态度消极" in officer and "13800000001" not in officer.replace(" ", "")
    supervisor = client_for(world.supervisor).get(url("hazard_detail", world.hazard_a.pk)).content.decode()
    assert "13800000001" in re.sub(r"[\s-]", "", supervisor)


def test_enterprise_comment_is_never_internal(world, client_for):
    response = client_for(world.liaison_a).post(act(world.hazard_a, "comment"), {"comment-text": "我们已安排人员",
                                                                                 "comment-internal": "on"})
    assert response.status_code == 302
    event = HazardEvent.objects.filter(hazard=world.hazard_a, kind="comment").get()
    assert not event.internal and event.actor == world.liaison_a
