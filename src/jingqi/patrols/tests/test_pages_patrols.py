"""What a person meets on the patrol pages: the week calendar, planning with its errors beside the fields, the
phone's check-in (with and without a position), findings with a photo, final actions that ask first, the findings
ledger an officer opens from, and the denials that change nothing."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from jingqi.core.models import AuditEvent
from jingqi.core.testing import factories as f
from jingqi.patrols import services
from jingqi.patrols.models import CheckIn, Finding, Patrol

pytestmark = [pytest.mark.django_db, pytest.mark.patrol_cast]
STALE = gettext("Someone else changed this in the meantime. Reload the page and try again.")


def url(name, *args):
    return reverse(f"patrols:{name}", args=args)


def field_error(content, name):
    return re.search(rf'class="field invalid">(?:(?!class="field).)*?name="{name}"(?:(?!class="field).)*?'
                     r'class="error"[^>]*>([^<]+)<', content, re.S)


def plan_data(world, **changes):
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    return {"park": world.park_a.pk, "title": "护校巡逻", "mode": "foot", "requires_officer": "on",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "ends_at": (start + timedelta(hours=2)).strftime(
                "%Y-%m-%dT%H:%M"), "officers": [world.officer_a.pk], "volunteers": [world.volunteer_a2.pk],
            "route": world.route_a.pk, **changes}


def test_pages_open_for_the_police_and_the_member(world, client_for):
    patrol = world.patrol_a
    for persona in (world.officer_a, world.supervisor):
        client = client_for(persona)
        for name, args in (("patrol_calendar", ()), ("patrol_plan", ()), ("finding_list", ()),
                           ("patrol_detail", (patrol.pk,)), ("patrol_edit", (patrol.pk,)),
                           ("patrol_check_in", (patrol.pk,)), ("patrol_finding", (patrol.pk,)),
                           ("finding_detail", (world.finding_a.pk,))):
            assert client.get(url(name, *args)).status_code == 200, (persona, name)
    client = client_for(world.volunteer_a)
    for name, args in (("patrol_calendar", ()), ("finding_list", ()), ("patrol_detail", (patrol.pk,)),
                       ("patrol_check_in", (patrol.pk,)), ("patrol_finding", (patrol.pk,)),
                       ("finding_detail", (world.finding_a.pk,))):
        assert client.get(url(name, *args)).status_code == 200, name
    assert client.get(url("patrol_edit", patrol.pk)).status_code == 404
    assert client.get(url("patrol_plan")).status_code == 404


def test_calendar_shows_the_weeks_patrols_in_day_rows(world, client_for):
    page = client_for(world.officer_a).get(url("patrol_calendar")).content.decode()
    assert world.patrol_a.title in page and world.patrol_t.title not in page
    assert page.count('<li class="day') == 7
    later = (timezone.localdate() + timedelta(days=14)).isoformat()
    assert world.patrol_a.title not in client_for(world.officer_a).get(url("patrol_calendar"),
                                                                       {"week": later}).content.decode()
    assert client_for(world.officer_a).get(url("patrol_calendar"), {"week": "not-a-day"}).status_code == 200


def test_joint_patrol_without_an_officer_is_refused_beside_the_officers(world, client_for):
    before = Patrol.objects.count()
    response = client_for(world.officer_a).post(url("patrol_plan"), plan_data(world, officers=[]))
    assert response.status_code == 400 and field_error(response.content.decode(), "officers")
    assert Patrol.objects.count() == before


def test_patrol_ending_before_it_starts_is_refused_beside_the_end(world, client_for):
    data = plan_data(world)
    response = client_for(world.officer_a).post(url("patrol_plan"), {**data, "ends_at": data["starts_at"]})
    assert response.status_code == 400 and field_error(response.content.decode(), "ends_at")


def test_patrol_planned_weekly_and_edited_and_a_stale_edit_is_refused(world, client_for):
    client = client_for(world.officer_a)
    response = client.post(url("patrol_plan"), plan_data(world, repeat_weeks="2"))
    patrols = list(Patrol.objects.filter(title="护校巡逻").order_by("starts_at"))
    assert response["Location"] == url("patrol_detail", patrols[0].pk) and len(patrols) == 3
    patrol = patrols[0]
    data = {**plan_data(world), "title": "护校巡逻（改）", "version": patrol.version}
    data.pop("park")
    assert client.post(url("patrol_edit", patrol.pk), data).status_code == 302
    patrol.refresh_from_db()
    assert patrol.title == "护校巡逻（改）"
    stale = client.post(url("patrol_edit", patrol.pk), {**data, "title": "又改", "version": patrol.version - 1})
    assert stale.status_code == 400 and STALE in stale.content.decode()
    assert Patrol.objects.get(pk=patrol.pk).title == "护校巡逻（改）"


def test_check_in_page_fills_the_position_from_a_static_script(world, client_for):
    page = client_for(world.volunteer_a).get(url("patrol_check_in", world.patrol_a.pk)).content.decode()
    assert "jingqi/check_in.js" in page and "data-geolocate" in page
    for name in ("latitude", "longitude", "accuracy"):
        assert re.search(rf'<input type="hidden" name="{name}"', page)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page) and " style=" not in page


def test_check_in_without_a_position_is_recorded_as_such(world, client_for):
    response = client_for(world.volunteer_a).post(url("patrol_check_in", world.patrol_a.pk), {
        "checkpoint": world.checkpoint_a.pk, "note": ""})
    assert response["Location"] == url("patrol_detail", world.patrol_a.pk)
    check_in = CheckIn.objects.latest("pk")
    assert check_in.no_position and check_in.latitude is None
    page = client_for(world.officer_a).get(url("patrol_detail", world.patrol_a.pk)).content.decode()
    assert "No position" in page or "无定位" in page or "overdue-row" in page


def test_check_in_far_from_the_checkpoint_is_flagged(world, client_for):
    client_for(world.volunteer_a).post(url("patrol_check_in", world.patrol_a.pk), {
        "checkpoint": world.checkpoint_a.pk, "latitude": "29.610000", "longitude": "120.805000", "accuracy": "10"})
    check_in = CheckIn.objects.latest("pk")
    assert check_in.far and check_in.distance_m > 1000


def test_check_in_at_another_parks_checkpoint_is_refused_beside_the_checkpoint(world, client_for):
    before = CheckIn.objects.count()
    response = client_for(world.volunteer_a).post(url("patrol_check_in", world.patrol_a.pk), {
        "checkpoint": world.checkpoint_t.pk})
    assert response.status_code == 400 and field_error(response.content.decode(), "checkpoint")
    assert CheckIn.objects.count() == before


def test_volunteer_reports_a_finding_with_a_photo_that_waits_to_be_opened(world, client_for):
    response = client_for(world.volunteer_a).post(url("patrol_finding", world.patrol_a.pk), {
        "kind": "dispute", "description": "两家企业因停车位争吵", "location": "A园北门",
        "photo": f.png_upload("现场.png")})
    finding = Finding.objects.latest("pk")
    assert response["Location"] == url("finding_detail", finding.pk)
    assert finding.status == "recorded" and finding.photo
    photo = client_for(world.officer_a).get(url("finding_photo", finding.pk))
    assert photo.status_code == 200 and "attachment" in photo["Content-Disposition"]
    assert client_for(world.officer_b).get(url("finding_photo", finding.pk)).status_code == 404
    ledger = client_for(world.officer_a).get(url("finding_list"), {"to_open": "1"}).content.decode()
    assert url("finding_detail", finding.pk) in ledger
    page = client_for(world.officer_a).get(url("finding_detail", finding.pk)).content.decode()
    assert re.search(r'<form[^>]*/open/"[^>]*data-confirm="[^"]+"', page)
    response = client_for(world.officer_a).post(url("finding_open", finding.pk), {})
    finding.refresh_from_db()
    assert response.status_code == 302 and finding.status == "opened" and finding.dispute is not None


def test_a_request_finding_needs_its_enterprise_said_beside_the_field(world, client_for):
    finding = services.do_report_finding(world.volunteer_a, patrol=world.patrol_a, kind="request",
                                         description="路灯坏了")
    response = client_for(world.officer_a).post(url("finding_open", finding.pk), {})
    assert response.status_code == 400 and field_error(response.content.decode(), "enterprise")
    assert Finding.objects.get(pk=finding.pk).status == "recorded"


def test_hazard_finding_links_to_its_hazard_in_the_ledger(world, client_for):
    finding = services.do_report_finding(world.officer_a, patrol=world.patrol_a, kind="hazard",
                                         description="消防通道堵塞")
    page = client_for(world.officer_a).get(url("finding_detail", finding.pk)).content.decode()
    assert finding.status == "opened"
    assert f"/inspections/hazards/{finding.hazard.pk}/" in page


def test_finish_asks_first_and_credits_hours(world, client_for):
    patrol = world.patrol_a
    client = client_for(world.volunteer_a)
    page = client.get(url("patrol_detail", patrol.pk)).content.decode()
    assert re.search(r'<form[^>]*/finish/"[^>]*data-confirm="[^"]+"', page)
    assert client.post(url("patrol_action", patrol.pk, "finish")).status_code == 302
    assert Patrol.objects.get(pk=patrol.pk).status == "done"


def test_cancel_without_a_reason_keeps_its_form_open_and_a_planned_patrol_is_cancelled(world, client_for):
    client = client_for(world.officer_a)
    client.post(url("patrol_plan"), plan_data(world))
    patrol = Patrol.objects.get(title="护校巡逻")
    page = client.get(url("patrol_detail", patrol.pk)).content.decode()
    assert re.search(r'<form[^>]*/cancel/"[^>]*data-confirm="[^"]+"', page)
    response = client.post(url("patrol_action", patrol.pk, "cancel"), {"cancel-reason": " ",
                                                                       "cancel-version": patrol.version})
    assert response.status_code == 400 and field_error(response.content.decode(), "cancel-reason")
    assert Patrol.objects.get(pk=patrol.pk).status == "planned"
    response = client.post(url("patrol_action", patrol.pk, "cancel"), {"cancel-reason": "暴雨",
                                                                       "cancel-version": patrol.version})
    assert response.status_code == 302 and Patrol.objects.get(pk=patrol.pk).status == "cancelled"


def test_others_get_nothing_and_change_nothing(world, client_for):
    patrol = world.patrol_a
    events = AuditEvent.objects.count()
    for persona in (world.officer_b, world.liaison_a, world.viewer, world.supervisor_t):
        client = client_for(persona)
        assert client.get(url("patrol_detail", patrol.pk)).status_code == 404
        assert client.post(url("patrol_check_in", patrol.pk), {"note": "越权"}).status_code == 404
        assert client.post(url("patrol_action", patrol.pk, "finish")).status_code == 404
        assert client.post(url("finding_open", world.finding_a.pk), {}).status_code == 404
    volunteer = client_for(world.volunteer_a)
    assert volunteer.post(url("patrol_action", patrol.pk, "cancel"), {"cancel-reason": "x"}).status_code == 404
    assert volunteer.post(url("finding_open", world.finding_a.pk), {}).status_code == 404
    assert volunteer.get(url("patrol_detail", world.patrol_t.pk)).status_code == 404
    assert Patrol.objects.get(pk=patrol.pk).status == "under_way" and AuditEvent.objects.count() == events


def _queries(client, path, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(queries)


def test_calendar_and_findings_do_not_grow_their_queries_with_rows(world, client_for):
    client = client_for(world.officer_a)
    pages = [url("patrol_calendar"), url("finding_list"), url("patrol_detail", world.patrol_a.pk)]
    before = [_queries(client, path) for path in pages]
    start = timezone.now() + timedelta(hours=3)
    for n in range(4):
        services.do_plan_patrol(world.officer_a, park=world.park_a, officers=[world.auxiliary_a],
                                volunteers=[world.volunteer_a2], data={
                                    "title": f"加巡{n}", "starts_at": start + timedelta(hours=3 * n),
                                    "ends_at": start + timedelta(hours=3 * n + 2)})
        services.do_report_finding(world.volunteer_a, patrol=world.patrol_a, kind="other", description=f"发现{n}")
        services.do_check_in(world.volunteer_a, world.patrol_a, checkpoint=world.checkpoint_a)
    assert [_queries(client, path) for path in pages] == before
