"""What a person meets on the team, volunteer and place pages: every page opens for those in scope and says
nothing to the others, forms keep their errors beside the fields and change nothing, stale edits are told to
reload, status changes ask first, lists keep their query count as rows grow."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from jingqi.core.models import AuditEvent
from jingqi.patrols import services
from jingqi.patrols.models import AvailabilityWindow, Place, Recognition, Team, Volunteer

pytestmark = [pytest.mark.django_db, pytest.mark.patrol_cast]
STALE = gettext("Someone else changed this in the meantime. Reload the page and try again.")


def url(name, *args):
    return reverse(f"patrols:{name}", args=args)


def field_error(content, name):
    """The error paragraph inside the field block of ``name``."""
    return re.search(rf'class="field invalid">(?:(?!class="field).)*?name="{name}"(?:(?!class="field).)*?'
                     r'class="error"[^>]*>([^<]+)<', content, re.S)


def test_every_page_opens_for_the_police(world, client_for):
    client = client_for(world.officer_a)
    for name, args in (("overview", ()), ("team_list", ()), ("team_create", ()), ("volunteer_list", ()),
                       ("team_detail", (world.team_a.pk,)), ("team_edit", (world.team_a.pk,)),
                       ("volunteer_enrol", (world.team_a.pk,)), ("volunteer_detail", (world.volunteer_a1.pk,)),
                       ("volunteer_edit", (world.volunteer_a1.pk,)), ("availability_edit", (world.volunteer_a1.pk,)),
                       ("recognition_add", (world.volunteer_a1.pk,)), ("place_list", ()), ("place_map", ()),
                       ("place_create", ()), ("place_detail", (world.route_a.pk,)),
                       ("place_edit", (world.checkpoint_a.pk,)), ("map_features", ())):
        response = client.get(url(name, *args))
        assert response.status_code == 200, (name, response.status_code)


def test_overview_sends_volunteers_and_liaisons_to_their_pages(world, client_for):
    assert client_for(world.volunteer_a).get(url("overview"))["Location"] == url("my_duty")
    assert client_for(world.liaison_a).get(url("overview"))["Location"] == url("team_list")
    assert client_for(world.viewer).get(url("overview")).status_code == 404
    assert client_for(world.dept_transport).get(url("team_list")).status_code == 404


def test_menu_has_patrols_for_each_role(world, client_for):
    assert url("overview") in client_for(world.officer_a).get(reverse("home")).content.decode()
    assert url("team_list") in client_for(world.liaison_a).get(reverse("home")).content.decode()
    assert url("my_duty") in client_for(world.volunteer_a).get(reverse("home")).content.decode()
    assert 'href="/patrols/' not in client_for(world.viewer).get(reverse("home")).content.decode()


# --- teams ---------------------------------------------------------------------------------------------------------


def test_team_without_a_name_shows_the_error_beside_it_and_creates_nothing(world, client_for):
    before = Team.objects.count()
    response = client_for(world.officer_a).post(url("team_create"), {"park": world.park_a.pk, "name": " "})
    assert response.status_code == 400 and field_error(response.content.decode(), "name")
    assert Team.objects.count() == before


def test_team_name_taken_in_the_park_is_said_beside_the_name(world, client_for):
    response = client_for(world.officer_a).post(url("team_create"), {"park": world.park_a.pk,
                                                                     "name": world.team_a.name})
    assert response.status_code == 400 and field_error(response.content.decode(), "name")


def test_officer_cannot_create_a_team_in_another_offices_park(world, client_for):
    before = Team.objects.count()
    response = client_for(world.officer_a).post(url("team_create"), {"park": world.park_b.pk, "name": "越权队"})
    assert response.status_code == 400 and field_error(response.content.decode(), "park")
    assert Team.objects.count() == before


def test_team_created_and_edited(world, client_for):
    client = client_for(world.officer_a)
    response = client.post(url("team_create"), {"park": world.park_a.pk, "enterprise": world.enterprise_a.pk,
                                                "name": "夜巡二队"})
    team = Team.objects.get(name="夜巡二队")
    assert response["Location"] == url("team_detail", team.pk) and team.enterprise == world.enterprise_a
    response = client.post(url("team_edit", team.pk), {"name": "夜巡三队", "active": "on", "version": team.version})
    assert response.status_code == 302 and Team.objects.get(pk=team.pk).name == "夜巡三队"


def test_a_stale_team_edit_is_told_to_reload_and_changes_nothing(world, client_for):
    team = Team.objects.get(pk=world.team_a.pk)
    response = client_for(world.officer_a).post(url("team_edit", team.pk), {
        "name": "改名", "active": "on", "version": team.version - 1})
    assert response.status_code == 400 and STALE in response.content.decode()
    assert Team.objects.get(pk=team.pk).name == team.name


def test_liaison_sees_their_teams_but_cannot_edit_them(world, client_for):
    client = client_for(world.liaison_a)
    assert world.team_a.name in client.get(url("team_list")).content.decode()
    assert client.get(url("team_edit", world.team_a.pk)).status_code == 404
    assert client.get(url("team_create")).status_code == 404
    assert client_for(world.liaison_b).get(url("team_detail", world.team_a.pk)).status_code == 404


def test_liaison_proposes_a_volunteer_who_waits_to_be_vetted(world, client_for):
    page = client_for(world.liaison_a).get(url("volunteer_enrol", world.team_a.pk)).content.decode()
    assert 'name="user"' not in page  # accounts are linked by the police
    response = client_for(world.liaison_a).post(url("volunteer_enrol", world.team_a.pk), {
        "full_name": "新义警", "skills": ["fire"]})
    volunteer = Volunteer.objects.get(person__full_name="新义警")
    assert response.status_code == 302 and volunteer.status == "applied" and volunteer.skills == ["fire"]


def test_enrol_with_a_bad_id_number_keeps_nothing(world, client_for):
    before = Volunteer.objects.count()
    response = client_for(world.officer_a).post(url("volunteer_enrol", world.team_a.pk), {
        "full_name": "李四", "id_number": "110101199003070000"})
    assert response.status_code == 400 and field_error(response.content.decode(), "id_number")
    assert Volunteer.objects.count() == before


# --- volunteers ----------------------------------------------------------------------------------------------------


def test_volunteers_never_see_a_colleagues_phone_or_id(world, client_for):
    phone_masked = world.volunteer_a1.person.phone_masked
    assert phone_masked
    for persona in (world.volunteer_a, world.liaison_a):
        client = client_for(persona)
        assert phone_masked not in client.get(url("volunteer_detail", world.volunteer_a1.pk)).content.decode()
        assert phone_masked not in client.get(url("volunteer_list")).content.decode()
    assert phone_masked in client_for(world.officer_a).get(url("volunteer_detail",
                                                               world.volunteer_a1.pk)).content.decode()


def test_volunteer_list_filters(world, client_for):
    client = client_for(world.officer_a)
    page = client.get(url("volunteer_list"), {"skill": "driving"}).content.decode()
    assert world.volunteer_a2.person.full_name in page and world.volunteer_a1.person.full_name not in page
    page = client.get(url("volunteer_list"), {"status": "applied"}).content.decode()
    assert world.volunteer_a2.person.full_name not in page
    page = client.get(url("volunteer_list"), {"q": "义警甲"}, HTTP_HX_REQUEST="true").content.decode()
    assert world.volunteer_a1.person.full_name in page and "<html" not in page


def test_suspending_without_a_reason_keeps_its_form_open_with_the_error(world, client_for):
    v = Volunteer.objects.get(pk=world.volunteer_a2.pk)
    response = client_for(world.officer_a).post(url("volunteer_action", v.pk, "suspend"), {
        "suspend-note": " ", "suspend-version": v.version})
    assert response.status_code == 400
    form = re.search(r"<details open>.*?</details>", response.content.decode(), re.S)
    assert form and "/suspend/" in form.group(0) and field_error(form.group(0), "suspend-note")
    assert Volunteer.objects.get(pk=v.pk).status == "vetted"


def test_suspend_asks_first_and_a_stale_page_changes_nothing(world, client_for):
    v = Volunteer.objects.get(pk=world.volunteer_a2.pk)
    client = client_for(world.officer_a)
    page = client.get(url("volunteer_detail", v.pk)).content.decode()
    assert re.search(r'<form[^>]*/suspend/"[^>]*data-confirm="[^"]+"', page)
    response = client.post(url("volunteer_action", v.pk, "suspend"), {"suspend-note": "违纪",
                                                                       "suspend-version": v.version - 1})
    assert response.status_code == 400 and Volunteer.objects.get(pk=v.pk).status == "vetted"
    response = client.post(url("volunteer_action", v.pk, "suspend"), {"suspend-note": "违纪",
                                                                       "suspend-version": v.version})
    assert response.status_code == 302 and Volunteer.objects.get(pk=v.pk).status == "suspended"


def test_volunteer_cannot_vet_or_edit(world, client_for):
    v = world.volunteer_a2
    client = client_for(world.volunteer_a)
    events = AuditEvent.objects.count()
    assert client.post(url("volunteer_action", v.pk, "suspend"), {"suspend-note": "x",
                                                                  "suspend-version": v.version}).status_code == 404
    assert client.get(url("volunteer_edit", v.pk)).status_code == 404
    assert Volunteer.objects.get(pk=v.pk).status == "vetted" and AuditEvent.objects.count() == events


def test_volunteer_sets_their_own_weekly_windows_only(world, client_for):
    client = client_for(world.volunteer_a)
    response = client.post(url("availability_edit", world.volunteer_a1.pk), {
        "what": "windows", "w0-weekday": "5", "w0-start": "08:00", "w0-end": "12:00"})
    assert response.status_code == 302
    assert list(AvailabilityWindow.objects.filter(volunteer=world.volunteer_a1).values_list("weekday", flat=True)) \
        == [5]
    before = AvailabilityWindow.objects.filter(volunteer=world.volunteer_a2).count()
    assert client.get(url("availability_edit", world.volunteer_a2.pk)).status_code == 404
    assert client.post(url("availability_edit", world.volunteer_a2.pk), {
        "what": "windows", "w0-weekday": "5", "w0-start": "08:00", "w0-end": "12:00"}).status_code == 404
    assert AvailabilityWindow.objects.filter(volunteer=world.volunteer_a2).count() == before


def test_half_filled_window_row_is_refused_and_nothing_replaced(world, client_for):
    before = AvailabilityWindow.objects.filter(volunteer=world.volunteer_a1).count()
    response = client_for(world.volunteer_a).post(url("availability_edit", world.volunteer_a1.pk), {
        "what": "windows", "w0-weekday": "5", "w0-start": "08:00"})
    assert response.status_code == 400
    assert AvailabilityWindow.objects.filter(volunteer=world.volunteer_a1).count() == before


def test_exception_ending_before_it_starts_shows_the_error_beside_the_end(world, client_for):
    response = client_for(world.volunteer_a).post(url("availability_edit", world.volunteer_a1.pk), {
        "what": "exception", "x-starts_at": "2026-03-02T10:00", "x-ends_at": "2026-03-02T08:00"})
    assert response.status_code == 400 and field_error(response.content.decode(), "x-ends_at")


def test_recognition_with_a_certificate_is_downloaded_through_the_scope_check(world, client_for):
    from jingqi.core.testing import factories as f

    response = client_for(world.officer_a).post(url("recognition_add", world.volunteer_a1.pk), {
        "kind": "certificate", "title": "优秀义警", "awarded_on": "2026-01-05",
        "certificate": f.png_upload("证书.png")})
    assert response.status_code == 302
    recognition = Recognition.objects.get(title="优秀义警")
    download = client_for(world.volunteer_a).get(url("certificate_download", recognition.pk))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert client_for(world.officer_b).get(url("certificate_download", recognition.pk)).status_code == 404
    assert client_for(world.liaison_b).get(url("certificate_download", recognition.pk)).status_code == 404


def test_a_certificate_that_is_not_a_picture_or_pdf_is_refused_beside_its_field(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(world.officer_a).post(url("recognition_add", world.volunteer_a1.pk), {
        "kind": "certificate", "title": "优秀义警", "awarded_on": "2026-01-05",
        "certificate": SimpleUploadedFile("x.png", b"not a picture")})
    assert response.status_code == 400 and field_error(response.content.decode(), "certificate")
    assert not Recognition.objects.filter(title="优秀义警").exists()


# --- places ----------------------------------------------------------------------------------------------------------


def test_place_drawn_as_the_wrong_shape_is_refused_beside_the_shape(world, client_for):
    before = Place.objects.count()
    response = client_for(world.officer_a).post(url("place_create"), {
        "park": world.park_a.pk, "kind": "route", "name": "新路线", "risk_weight": 2, "radius_m": 100,
        "geometry": '{"type": "Point", "coordinates": [120.8, 29.6]}'})
    assert response.status_code == 400 and field_error(response.content.decode(), "geometry")
    assert Place.objects.count() == before


def test_checkpoint_created_on_a_route_and_edited(world, client_for):
    client = client_for(world.officer_a)
    response = client.post(url("place_create"), {
        "park": world.park_a.pk, "kind": "checkpoint", "name": "东门", "risk_weight": 4, "radius_m": 50,
        "cover_periods": ["night", "school_end"], "route": world.route_a.pk,
        "geometry": '{"type": "Point", "coordinates": [120.801, 29.6]}'})
    place = Place.objects.get(name="东门")
    assert response["Location"] == url("place_detail", place.pk)
    assert place.route == world.route_a and place.cover_periods == ["night", "school_end"]
    response = client.post(url("place_edit", place.pk), {
        "name": "东门岗", "risk_weight": 5, "radius_m": 60, "active": "on", "version": place.version,
        "geometry": '{"type": "Point", "coordinates": [120.802, 29.6]}'})
    place.refresh_from_db()
    assert response.status_code == 302 and place.name == "东门岗" and place.geometry["coordinates"] == [120.802, 29.6]
    stale = client.post(url("place_edit", place.pk), {
        "name": "又改", "risk_weight": 5, "radius_m": 60, "version": place.version - 1,
        "geometry": '{"type": "Point", "coordinates": [120.802, 29.6]}'})
    assert stale.status_code == 400 and Place.objects.get(pk=place.pk).name == "东门岗"


def test_map_pages_load_leaflet_and_the_shared_base_without_inline_script(world, client_for):
    client = client_for(world.officer_a)
    for name, args in (("place_map", ()), ("place_create", ()), ("place_detail", (world.route_a.pk,))):
        page = client.get(url(name, *args)).content.decode()
        assert "vendor/leaflet/leaflet.js" in page and "jingqi/map_base.js" in page
        assert "jingqi/patrol_map.js" in page
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), name
        assert " style=" not in page


def test_map_features_are_scoped(world, client_for):
    names = {f["properties"]["name"] for f in client_for(world.officer_a).get(url("map_features")).json()["features"]}
    assert world.route_a.name in names and world.checkpoint_a.name in names and world.route_t.name not in names
    mine = client_for(world.volunteer_a).get(url("map_features")).json()["features"]
    assert world.route_t.name not in {f["properties"]["name"] for f in mine}


# --- query counts -----------------------------------------------------------------------------------------------


def _queries(client, path, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(queries)


def test_list_pages_do_not_grow_their_queries_with_rows(world, client_for):
    client = client_for(world.supervisor)
    pages = [url("team_list"), url("volunteer_list"), url("place_list"), url("team_detail", world.team_a.pk),
             url("overview")]
    before = [_queries(client, path) for path in pages]
    for n in range(6):
        team = services.do_create_team(world.officer_a, park=world.park_a, data={"name": f"加队{n}"})
        volunteer = services.do_enrol_volunteer(world.officer_a, world.team_a, full_name=f"加员{n}",
                                                skills=["fire"])
        services.do_enrol_volunteer(world.officer_a, team, full_name=f"加员乙{n}")
        services.do_change_volunteer_status(world.officer_a, volunteer, action="vet")
        services.do_create_place(world.officer_a, park=world.park_a, kind="checkpoint", data={
            "name": f"加点{n}", "geometry": {"type": "Point", "coordinates": [120.8, 29.6]}})
    assert [_queries(client, path) for path in pages] == before
