"""The patrols REST API: each endpoint for a persona allowed and one refused (nothing changed), bad input, stale
versions, idempotent replays, the personal data each role reads, and list queries that do not grow with rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jingqi.core.models import AuditEvent
from jingqi.core.testing.personas import PATROL_ROUTE
from jingqi.patrols import services
from jingqi.patrols.models import (
    AvailabilityWindow,
    Finding,
    GuardOperation,
    GuardShift,
    Patrol,
    Place,
    Recognition,
    SwapRequest,
    Team,
    Volunteer,
)

pytestmark = [pytest.mark.django_db, pytest.mark.patrol_cast]

ID_NUMBER, PHONE = "110101199003078515", "13912345678"


def _ok(response, code=200):
    assert response.status_code == code, (response.status_code, response.content.decode()[:800])
    return response.json()


def _unchanged(model, pk):
    """A snapshot of the row and the audit count, to compare after a refused call."""
    return (model.objects.filter(pk=pk).values().first(), AuditEvent.objects.count())


# --- teams and volunteers ------------------------------------------------------------------------------------


def test_police_create_and_rename_a_team_with_the_version_read(world, api_for):
    officer = api_for(world.officer_a)
    body = {"park": world.park_a.pk, "enterprise": world.enterprise_a.pk, "name": "仓储义警队"}
    team = _ok(officer.post("/api/volunteer-teams/", body, format="json", HTTP_IDEMPOTENCY_KEY="team-1"), 201)
    again = officer.post("/api/volunteer-teams/", body, format="json", HTTP_IDEMPOTENCY_KEY="team-1")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true" and again.json() == team
    assert Team.objects.filter(name="仓储义警队").count() == 1
    url = f"/api/volunteer-teams/{team['id']}/"
    assert "version" in _ok(officer.patch(url, {"name": "新名"}, format="json"), 400)
    assert "detail" in _ok(officer.patch(url, {"name": "新名", "version": team["version"] + 3}, format="json"), 400)
    renamed = _ok(officer.patch(url, {"name": "新名", "version": team["version"]}, format="json"))
    assert renamed["name"] == "新名" and renamed["version"] == team["version"] + 1
    assert "name" in _ok(officer.post("/api/volunteer-teams/", {**body, "name": "新名"}, format="json"), 400)


@pytest.mark.parametrize("persona", ["liaison_a", "volunteer_a", "viewer"])
def test_a_role_that_may_not_manage_teams_changes_nothing(world, api_for, persona):
    client, team = api_for(world.personas[persona]), world.team_a
    before = _unchanged(Team, team.pk)
    assert client.post("/api/volunteer-teams/", {"park": world.park_a.pk, "name": "x"},
                       format="json").status_code == 403
    assert client.patch(f"/api/volunteer-teams/{team.pk}/", {"name": "x", "version": team.version},
                        format="json").status_code == 404
    assert _unchanged(Team, team.pk) == before and not Team.objects.filter(name="x").exists()


def test_a_liaison_proposes_their_staff_and_the_police_vet_them(world, api_for):
    liaison, officer = api_for(world.liaison_a), api_for(world.officer_a)
    body = {"team": world.team_a.pk, "full_name": "赵义警", "id_number": ID_NUMBER, "phone": PHONE,
            "skills": ["fire"]}
    enrolled = _ok(liaison.post("/api/volunteers/", body, format="json"), 201)
    assert enrolled["status"] == "applied" and enrolled["full_name"] == "赵义警"
    assert PHONE not in str(enrolled) and enrolled["phone_masked"] == "" and enrolled["id_number_masked"] == ""
    # Liaison B does not see team A: the same answer as a team that does not exist.
    other = api_for(world.liaison_b).post("/api/volunteers/", {**body, "full_name": "钱"}, format="json")
    assert other.status_code == 400 and "team" in other.json()
    assert "skills" in _ok(liaison.post("/api/volunteers/", {**body, "skills": ["flying"]}, format="json"), 400)
    # The liaison may not link an account (police only).
    linked = liaison.post("/api/volunteers/", {**body, "full_name": "孙", "user": world.volunteer_a.pk},
                          format="json")
    assert linked.status_code == 403

    url = f"/api/volunteers/{enrolled['id']}/"
    assert api_for(world.volunteer_a).post(url + "vet/", {}, format="json").status_code == 404
    assert liaison.post(url + "vet/", {}, format="json").status_code == 404
    assert Volunteer.objects.get(pk=enrolled["id"]).status == "applied"
    vetted = _ok(officer.post(url + "vet/", {"version": enrolled["version"]}, format="json"))
    assert vetted["status"] == "vetted" and vetted["phone_masked"].endswith("5678") and PHONE not in str(vetted)
    assert "note" in _ok(officer.post(url + "suspend/", {}, format="json"), 400)  # a reason is needed
    assert "detail" in _ok(officer.post(url + "rejoin/", {}, format="json"), 400)  # not one who left
    stale = officer.post(url + "suspend/", {"note": "x", "version": enrolled["version"]}, format="json")
    assert stale.status_code == 400 and Volunteer.objects.get(pk=enrolled["id"]).status == "vetted"
    changed = _ok(officer.patch(url, {"skills": ["fire", "driving"], "is_leader": True,
                                      "version": vetted["version"]}, format="json"))
    assert changed["skills"] == ["driving", "fire"] and changed["is_leader"]


def test_volunteers_and_liaisons_read_names_only(world, api_for):
    for persona in ("volunteer_a", "liaison_a"):
        rows = _ok(api_for(world.personas[persona]).get("/api/volunteers/"))["results"]
        assert {r["full_name"] for r in rows} >= {"A义警甲", "A义警乙"}
        assert all(r["phone_masked"] == "" and r["id_number_masked"] == "" and r["user"] is None for r in rows)
    police = _ok(api_for(world.officer_a).get(f"/api/volunteers/{world.volunteer_a1.pk}/"))
    assert police["phone_masked"] and "*" in police["phone_masked"] and police["user"] == world.volunteer_a.pk
    assert world.volunteer_a1.person.phone not in str(police)


def test_a_volunteer_sets_their_own_availability_only(world, api_for):
    client = api_for(world.volunteer_a)
    url = f"/api/volunteers/{world.volunteer_a1.pk}/availability/"
    windows = [{"weekday": 0, "start": "18:00", "end": "23:00"}, {"weekday": 5, "start": "22:00", "end": "06:00"}]
    assert _ok(client.put(url, {"windows": windows}, format="json")) == windows
    assert _ok(client.get(url)) == windows
    assert "windows" in _ok(client.put(url, {"windows": [{"weekday": 9, "start": "1", "end": "2"}]},
                                       format="json"), 400)
    assert "start" in _ok(client.put(url, {"windows": [{"weekday": 1, "start": "25:00", "end": "02:00"}]},
                                     format="json"), 400)
    other = f"/api/volunteers/{world.volunteer_a2.pk}/availability/"
    before = list(AvailabilityWindow.objects.filter(volunteer=world.volunteer_a2).values())
    assert client.put(other, {"windows": []}, format="json").status_code == 404
    assert api_for(world.liaison_a).get(url).status_code == 404
    assert list(AvailabilityWindow.objects.filter(volunteer=world.volunteer_a2).values()) == before
    assert len(_ok(api_for(world.officer_a).put(other, {"windows": windows}, format="json"))) == 2


def test_the_police_award_a_recognition_that_the_volunteer_reads(world, api_for):
    url = f"/api/volunteers/{world.volunteer_a1.pk}/recognitions/"
    assert api_for(world.volunteer_a).post(url, {"kind": "star", "title": "自封", "awarded_on": "2026-01-05"},
                                           format="json").status_code == 404
    assert "kind" in _ok(api_for(world.officer_a).post(url, {"kind": "x", "title": "t", "awarded_on": "2026-01-05"},
                                                       format="json"), 400)
    awarded = _ok(api_for(world.officer_a).post(url, {"kind": "star", "title": "优秀义警", "awarded_on": "2026-01-05"},
                                                format="json"), 201)
    # The cast's own certificate (awarded today) comes first, then the one just awarded.
    assert [r["title"] for r in _ok(api_for(world.volunteer_a).get(url))] == ["急救培训合格证书", "优秀义警"]
    assert Recognition.objects.filter(pk=awarded["id"], awarded_by=world.officer_a).exists()


# --- places --------------------------------------------------------------------------------------------------


def test_places_take_and_give_geojson(world, api_for):
    officer = api_for(world.officer_a)
    feature = {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [120.801, 29.601]}}
    body = {"park": world.park_a.pk, "kind": "checkpoint", "name": "北门", "geometry": feature,
            "route": world.route_a.pk, "risk_weight": 4, "cover_periods": ["night", "school_start"]}
    place = _ok(officer.post("/api/patrol-places/", body, format="json"), 201)
    assert place["geometry"] == {"type": "Point", "coordinates": [120.801, 29.601]}
    assert place["route"] == world.route_a.pk
    bad = officer.post("/api/patrol-places/", {**body, "name": "南门", "geometry": PATROL_ROUTE}, format="json")
    assert bad.status_code == 400 and "geometry" in bad.json()
    assert "cover_periods" in _ok(officer.post("/api/patrol-places/", {**body, "cover_periods": ["x"]},
                                               format="json"), 400)
    url = f"/api/patrol-places/{place['id']}/"
    moved = {"type": "Point", "coordinates": [120.802, 29.602]}
    assert "version" in _ok(officer.patch(url, {"geometry": moved}, format="json"), 400)
    assert officer.patch(url, {"geometry": moved, "version": place["version"] + 1}, format="json").status_code == 400
    changed = _ok(officer.patch(url, {"geometry": moved, "version": place["version"]}, format="json"))
    assert changed["geometry"] == moved and changed["risk_weight"] == 4
    before = _unchanged(Place, place["id"])
    assert api_for(world.officer_b).patch(url, {"name": "x", "version": changed["version"]},
                                          format="json").status_code == 404
    assert api_for(world.volunteer_a).post("/api/patrol-places/", body, format="json").status_code == 403
    assert _unchanged(Place, place["id"]) == before
    # A volunteer reads the places of their team's park, with their shapes.
    seen = {r["id"]: r for r in _ok(api_for(world.volunteer_a).get("/api/patrol-places/"))["results"]}
    assert seen[world.route_a.pk]["geometry"]["type"] == "LineString" and world.route_t.pk not in seen


# --- patrols ---------------------------------------------------------------------------------------------------


def _plan(world, start, **extra):
    return {"park": world.park_a.pk, "title": "护校安园", "mode": "foot", "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=2)).isoformat(), "officers": [world.officer_a.pk],
            "volunteers": [world.volunteer_a2.pk], "route": world.route_a.pk, **extra}


def test_a_patrol_planned_for_three_weeks_once_per_idempotency_key(world, api_for):
    officer = api_for(world.officer_a)
    start = (timezone.now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    body = _plan(world, start, repeat_weeks=2)
    planned = _ok(officer.post("/api/patrols/", body, format="json", HTTP_IDEMPOTENCY_KEY="plan-1"), 201)
    assert len(planned) == 3 and len({p["series"] for p in planned}) == 1
    assert {m["name"] for m in planned[0]["members"]} == {world.officer_a.full_name or "officer_a", "A义警乙"}
    again = officer.post("/api/patrols/", body, format="json", HTTP_IDEMPOTENCY_KEY="plan-1")
    assert again.status_code == 201 and again.json() == planned
    assert Patrol.objects.filter(series=planned[0]["series"]).count() == 3
    other = officer.post("/api/patrols/", {**body, "title": "别的"}, format="json", HTTP_IDEMPOTENCY_KEY="plan-1")
    assert other.status_code == 422
    # Nobody is on two patrols at once; a joint patrol needs an officer.
    clash = officer.post("/api/patrols/", body, format="json")
    assert clash.status_code == 400 and "members" in clash.json()
    later = start + timedelta(days=1)
    alone = officer.post("/api/patrols/", _plan(world, later, officers=[]), format="json")
    assert alone.status_code == 400 and "officers" in alone.json()
    assert "officers" in _ok(officer.post("/api/patrols/", _plan(world, later, officers=[world.supervisor_t.pk]),
                                          format="json"), 400)
    assert "ends_at" in _ok(officer.post("/api/patrols/", {**_plan(world, later), "ends_at": start.isoformat()},
                                         format="json"), 400)
    assert api_for(world.volunteer_a).post("/api/patrols/", body, format="json").status_code == 403

    url = f"/api/patrols/{planned[0]['id']}/"
    assert "version" in _ok(officer.patch(url, {"title": "改"}, format="json"), 400)
    assert officer.patch(url, {"title": "改", "version": 99}, format="json").status_code == 400
    changed = _ok(officer.patch(url, {"title": "改", "route": None, "version": planned[0]["version"]},
                                format="json"))
    assert changed["title"] == "改" and changed["route"] is None and len(changed["members"]) == 2
    cancelled = _ok(officer.post(url + "cancel/", {"reason": "下雨"}, format="json"))
    assert cancelled["status"] == "cancelled"


def test_members_check_in_report_and_finish_a_patrol(world, api_for):
    volunteer, officer = api_for(world.volunteer_a), api_for(world.officer_a)
    url = f"/api/patrols/{world.patrol_a.pk}/"
    assert _ok(volunteer.post(url + "confirm/", {}, format="json"))["members"]
    check_in = _ok(volunteer.post(url + "check-in/", {"checkpoint": world.checkpoint_a.pk, "latitude": "29.700000",
                                                      "longitude": "120.805000", "accuracy": 10}, format="json"), 201)
    assert check_in["far"] and check_in["distance_m"] > 10000 and check_in["name"] == "A义警甲"
    assert "latitude" in _ok(volunteer.post(url + "check-in/", {"latitude": "29.6"}, format="json"), 400)
    assert "checkpoint" in _ok(volunteer.post(url + "check-in/", {"checkpoint": world.checkpoint_t.pk},
                                              format="json"), 400)  # out of sight: "does not exist"
    finding = _ok(volunteer.post(url + "findings/", {"kind": "dispute", "description": "两家企业争吵",
                                                     "location": "北门"}, format="json"), 201)
    assert finding["status"] == "recorded" and finding["dispute"] is None
    assert "kind" in _ok(volunteer.post(url + "findings/", {"kind": "x", "description": "d"}, format="json"), 400)
    # The volunteer may not cancel; another office may not finish.
    before = _unchanged(Patrol, world.patrol_a.pk)
    assert volunteer.post(url + "cancel/", {"reason": "x"}, format="json").status_code == 404
    assert api_for(world.officer_b).post(url + "finish/", {}, format="json").status_code == 404
    assert api_for(world.liaison_a).post(url + "check-in/", {}, format="json").status_code == 404
    assert _unchanged(Patrol, world.patrol_a.pk) == before
    assert _ok(officer.post(url + "finish/", {}, format="json"))["status"] == "done"
    assert "detail" in _ok(officer.post(url + "start/", {}, format="json"), 400)

    check_ins = _ok(volunteer.get("/api/patrol-check-ins/", {"patrol": world.patrol_a.pk}))["results"]
    assert check_in["id"] in {c["id"] for c in check_ins}
    assert _ok(api_for(world.volunteer_a).get("/api/patrol-check-ins/", {"patrol": world.patrol_t.pk}), 400)


def test_an_officer_opens_a_volunteers_finding_in_its_app(world, api_for):
    finding = services.do_report_finding(world.volunteer_a, patrol=world.patrol_a, kind="dispute",
                                         description="两家企业因停车位争吵")
    url = f"/api/patrol-findings/{finding.pk}/open/"
    assert api_for(world.volunteer_a).post(url, {}, format="json").status_code == 404
    assert api_for(world.supervisor_t).post(url, {}, format="json").status_code == 404
    assert Finding.objects.get(pk=finding.pk).status == "recorded"
    opened = _ok(api_for(world.officer_a).post(url, {}, format="json"))
    assert opened["status"] == "opened" and opened["dispute"] and opened["target"].startswith("disputes.Dispute:")
    assert "detail" in _ok(api_for(world.officer_a).post(url, {}, format="json"), 400)
    # A finding on a guard shift, through the list's POST.
    body = {"shift": world.shift_a.pk, "kind": "other", "description": "电缆井盖松动"}
    made = _ok(api_for(world.volunteer_a).post("/api/patrol-findings/", body, format="json"), 201)
    assert made["shift"] == world.shift_a.pk and made["park"] == world.park_a.pk
    assert api_for(world.liaison_a).post("/api/patrol-findings/", body, format="json").status_code == 403
    two = api_for(world.volunteer_a).post("/api/patrol-findings/", {**body, "patrol": world.patrol_a.pk},
                                          format="json")
    assert two.status_code == 400 and "patrol" in two.json()


# --- guard operations --------------------------------------------------------------------------------------------


def test_a_guard_operation_from_creation_to_solving(world, api_for):
    officer = api_for(world.officer_a)
    start = (timezone.now() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    body = {"park": world.park_a.pk, "name": "光缆守护", "geometry": PATROL_ROUTE, "starts_at": start.isoformat(),
            "hours": 72, "min_rest": 4}
    operation = _ok(officer.post("/api/guard-operations/", body, format="json", HTTP_IDEMPOTENCY_KEY="op-1"), 201)
    assert _ok(officer.post("/api/guard-operations/", body, format="json",
                            HTTP_IDEMPOTENCY_KEY="op-1"), 201) == operation
    assert GuardOperation.objects.filter(name="光缆守护").count() == 1
    late = {**body, "starts_at": (start + timedelta(minutes=30)).isoformat()}
    assert "starts_at" in _ok(officer.post("/api/guard-operations/", late, format="json"), 400)
    assert api_for(world.volunteer_a).post("/api/guard-operations/", body, format="json").status_code == 403
    url = f"/api/guard-operations/{operation['id']}/"
    assert "detail" in _ok(officer.get(url + "coverage/"), 400)  # nothing to check before it has segments

    segments = _ok(officer.post(url + "split/", {"count": 3, "night_need": 2}, format="json"))
    assert [s["code"] for s in segments] == ["S01", "S02", "S03"] and segments[0]["geometry"]["type"] == "LineString"
    replaced = _ok(officer.put(url + "segments/", {"segments": [
        {"code": "S01", "need": 1, "night_need": 2, "officer_at_night": True}, {"code": "S02"}]}, format="json"))
    assert [s["code"] for s in replaced] == ["S01", "S02"]
    assert "segments" in _ok(officer.put(url + "segments/", {"segments": [{"code": "X"}, {"code": "X"}]},
                                         format="json"), 400)
    added = _ok(officer.post(url + "pool/", {"volunteers": [world.volunteer_a1.pk, world.volunteer_a2.pk],
                                             "officers": [world.officer_a.pk], "segments": ["S01"]},
                             format="json"), 201)
    assert len(added) == 3 and all(p["segments"] == ["S01"] for p in added)
    assert "officers" in _ok(officer.post(url + "pool/", {"officers": [world.supervisor_t.pk]}, format="json"), 400)
    pool = _ok(api_for(world.volunteer_a).get(url + "pool/"))
    assert {p["name"] for p in pool} >= {"A义警甲", "A义警乙"}

    instance = _ok(officer.get(url + "instance/"))
    assert set(instance) >= {"start", "hours", "night", "segments", "people", "rules"} and instance["hours"] == 72
    assert {p["id"] for p in instance["people"]} == {p["code"] for p in added}
    coverage = _ok(officer.get(url + "coverage/"))
    assert not coverage["ok"] and len(coverage["gaps"]) == len(coverage["coverage"]) == 72 * 2

    current = _ok(officer.get(url))
    assert "version" in _ok(officer.patch(url, {"hours": 48}, format="json"), 400)
    assert officer.patch(url, {"hours": 48, "version": current["version"] - 1}, format="json").status_code == 400
    assert _ok(officer.patch(url, {"hours": 48, "version": current["version"]}, format="json"))["hours"] == 48
    before = _unchanged(GuardOperation, operation["id"])
    assert api_for(world.volunteer_a).post(url + "solve/", {}, format="json").status_code == 404
    assert api_for(world.officer_b).post(url + "close/", {}, format="json").status_code == 404
    assert _unchanged(GuardOperation, operation["id"]) == before
    assert _ok(officer.post(url + "solve/", {}, format="json"))["status"] == "solving"


def test_closing_through_the_api_says_whether_anything_was_lost(world, api_for):
    officer, operation = api_for(world.officer_a), world.operation_a
    url = f"/api/guard-operations/{operation.pk}/close/"
    version = GuardOperation.objects.get(pk=operation.pk).version
    before = _unchanged(GuardOperation, operation.pk)
    assert "loss" in _ok(officer.post(url, {"version": version}, format="json"), 400)
    assert officer.post(url, {"version": version, "loss": True}, format="json").status_code == 400
    assert _unchanged(GuardOperation, operation.pk) == before
    closed = _ok(officer.post(url, {"version": version, "loss": True, "loss_note": "电缆被盗割"}, format="json"))
    assert (closed["status"], closed["loss"], closed["loss_note"]) == ("closed", True, "电缆被盗割")
    assert closed["closed_at"]


def test_roster_edits_say_what_they_break(world, api_for):
    officer, operation = api_for(world.officer_a), world.operation_a
    first = world.shift_a  # volunteer A1 on S01, hours 0–8
    s02 = operation.segments.get(code="S02")
    body = {"operation": operation.pk, "person": first.person_id, "segment": s02.pk, "start": 4, "end": 10}
    refused = officer.post("/api/guard-shifts/", body, format="json")
    assert refused.status_code == 400 and "confirm" in refused.json()
    assert GuardShift.objects.filter(operation=operation).count() == 2
    kept = _ok(officer.post("/api/guard-shifts/", {**body, "confirm": True}, format="json"), 201)
    assert kept["shift"]["segment_code"] == "S02" and not kept["ok"] and kept["problems"]
    url = f"/api/guard-shifts/{kept['shift']['id']}/"
    assert "version" in _ok(officer.patch(url, {"start": 12, "end": 16}, format="json"), 400)
    stale = officer.patch(url, {"start": 12, "end": 16, "version": kept["shift"]["version"] + 1}, format="json")
    assert stale.status_code == 400
    move = {"start": 12, "end": 16, "version": kept["shift"]["version"]}
    assert "confirm" in _ok(officer.patch(url, move, format="json"), 400)  # hours 8–9 of S02 left uncovered
    assert GuardShift.objects.get(pk=kept["shift"]["id"]).start == 4
    moved = _ok(officer.patch(url, {**move, "confirm": True}, format="json"))
    assert (moved["shift"]["start"], moved["shift"]["end"]) == (12, 16) and moved["gaps"] > 0
    assert "end" in _ok(officer.patch(url, {"start": 12, "end": 999, "version": moved["shift"]["version"]},
                                      format="json"), 400)
    # Others may not edit the roster, whatever they send.
    for persona in ("volunteer_a", "officer_b", "liaison_a"):
        client = api_for(world.personas[persona])
        assert client.patch(url, {"start": 0, "end": 2, "version": 1}, format="json").status_code == 404
        assert client.delete(url).status_code == 404
    assert api_for(world.volunteer_a).post("/api/guard-shifts/", body, format="json").status_code == 403
    removed = _ok(officer.delete(url + "?confirm=true"))
    assert removed["shift"] is None and not GuardShift.objects.filter(pk=kept["shift"]["id"]).exists()


def test_a_volunteer_confirms_and_swaps_their_own_shift(world, api_for):
    client, url = api_for(world.volunteer_a), f"/api/guard-shifts/{world.shift_a.pk}/"
    assert _ok(client.post(url + "confirm/", {}, format="json"))["confirmed_at"]
    early = client.post(url + "check-in/", {"latitude": "29.6", "longitude": "120.8"}, format="json")
    assert early.status_code == 400  # the shift starts tomorrow
    assert "detail" in _ok(client.post(url + "check-out/", {}, format="json"), 400)
    other = world.operation_a.people.get(volunteer=world.volunteer_a2)
    assert "taker" in _ok(client.post(url + "swap/", {"taker": world.shift_a.person_id}, format="json"), 400)
    swap = _ok(client.post(url + "swap/", {"taker": other.pk, "reason": "家中有事"}, format="json"), 201)
    assert swap["status"] in ("asked", "refused") and swap["taker_name"] == "A义警乙"
    # Not another's shift, nor another station's.
    their = world.operation_a.shifts.exclude(pk=world.shift_a.pk).first()
    for shift in (their, world.shift_t):
        before = _unchanged(GuardShift, shift.pk)
        assert client.post(f"/api/guard-shifts/{shift.pk}/confirm/", {}, format="json").status_code == 404
        assert client.post(f"/api/guard-shifts/{shift.pk}/swap/", {"taker": other.pk},
                           format="json").status_code == 404
        assert _unchanged(GuardShift, shift.pk) == before
    if swap["status"] == "asked":
        withdrawn = _ok(client.post(f"/api/shift-swaps/{swap['id']}/withdraw/", {}, format="json"))
        assert withdrawn["status"] == "withdrawn"


def test_a_swap_asked_of_a_volunteer_is_answered_and_approved(world, api_for):
    operation = world.operation_a
    s02 = operation.segments.get(code="S02")
    second = operation.people.get(volunteer=world.volunteer_a2)
    first = operation.people.get(volunteer=world.volunteer_a1)
    services.do_add_shift(world.officer_a, operation, person=second, segment=s02, start=20, end=28, confirm=True)
    shift = operation.shifts.get(person=second, start=20)
    swap = services.do_ask_swap(world.officer_a, shift, taker=first)
    assert swap.status == "asked", swap.problems
    url = f"/api/shift-swaps/{swap.pk}/"
    assert api_for(world.officer_a).post(url + "answer/", {"consent": True}, format="json").status_code == 404
    assert api_for(world.volunteer_a).post(url + "withdraw/", {}, format="json").status_code == 404
    assert "consent" in _ok(api_for(world.volunteer_a).post(url + "answer/", {}, format="json"), 400)
    assert api_for(world.volunteer_a).post(url + "decide/", {"approve": True}, format="json").status_code == 404
    assert SwapRequest.objects.get(pk=swap.pk).status == "asked"
    assert _ok(api_for(world.volunteer_a).post(url + "answer/", {"consent": True}, format="json"))["status"] == (
        "consented")
    assert api_for(world.supervisor_t).post(url + "decide/", {"approve": True}, format="json").status_code == 404
    decided = _ok(api_for(world.officer_a).post(url + "decide/", {"approve": True}, format="json"))
    assert decided["status"] == "accepted"
    assert GuardShift.objects.get(pk=shift.pk).person_id == first.pk
    listed = _ok(api_for(world.volunteer_a).get("/api/shift-swaps/"))["results"]
    assert swap.pk in {row["id"] for row in listed}


# --- list queries do not grow with rows ------------------------------------------------------------------------

LISTS = ["/api/volunteer-teams/", "/api/volunteers/", "/api/patrol-places/", "/api/patrols/",
         "/api/patrol-check-ins/", "/api/patrol-findings/", "/api/guard-operations/", "/api/guard-shifts/",
         "/api/shift-swaps/"]


def _one_more(world, n):
    """A team with a vetted volunteer, a route, a patrol with a check-in and a finding, and a rostered guard
    operation with a shift and a swap asked — all in park A, n days ahead."""
    officer = world.officer_a
    team = services.do_create_team(officer, park=world.park_a, data={"name": f"队{n}"})
    volunteer = services.do_enrol_volunteer(officer, team, full_name=f"义警{n}", phone=f"1391234{n:04d}")
    services.do_change_volunteer_status(officer, volunteer, action="vet")
    services.do_set_availability(officer, volunteer, windows=[{"weekday": d, "start": "00:00", "end": "00:00"}
                                                              for d in range(7)])
    route = services.do_create_place(officer, park=world.park_a, kind="route",
                                     data={"name": f"路线{n}", "geometry": PATROL_ROUTE})
    start = (timezone.now() + timedelta(days=10 + n)).replace(minute=0, second=0, microsecond=0)
    (patrol,) = services.do_plan_patrol(officer, park=world.park_a, route=route, officers=[officer],
                                        volunteers=[volunteer], data={"title": f"巡{n}", "starts_at": start,
                                                                      "ends_at": start + timedelta(hours=2)})
    services.do_check_in(officer, patrol, at=start)
    services.do_report_finding(officer, patrol=patrol, kind="other", description=f"发现{n}")
    operation = services.do_create_operation(officer, park=world.park_a, data={
        "name": f"守护{n}", "starts_at": start, "hours": 24, "geometry": PATROL_ROUTE})
    services.do_split_operation(officer, operation, count=2)
    people = services.do_add_to_pool(officer, operation, volunteers=[volunteer, world.volunteer_a2],
                                     officers=[officer])
    services.do_request_solve(officer, operation)
    services.store_roster(operation.pk, {"status": "partial", "assignments": [
        {"person": people[0].code, "segment": "S01", "start": 0, "end": 8},
        {"person": people[1].code, "segment": "S02", "start": 0, "end": 8}], "uncovered": []})
    shift = GuardShift.objects.get(operation=operation, person=people[0])
    services.do_ask_swap(officer, shift, taker=people[2])


@pytest.mark.parametrize("persona", ["supervisor", "officer_a", "volunteer_a"])
def test_list_query_count_is_flat(world, api_for, persona):
    client = api_for(world.personas[persona])

    def counts():
        out = {}
        for path in LISTS:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(path).status_code == 200
            out[path] = len(ctx)
        return out

    _one_more(world, 0)
    few = counts()
    for n in range(1, 4):
        _one_more(world, n)
    assert counts() == few
    assert Team.objects.count() >= 6 and GuardShift.objects.count() >= 12
