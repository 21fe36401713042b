"""Patrols, the main spec (teams, volunteers, places, patrols, check-ins, findings): every transition of the
volunteer and patrol state machines, every permission rule, every bad input. Every refusal proves that nothing
was written. Guard operations, rosters and swaps are in test_guard_services.py."""

from datetime import datetime, timedelta

import pytest
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.models import AuditEvent, Notification
from jingqi.core.testing import factories as f
from jingqi.disputes.models import Dispute
from jingqi.patrols import services
from jingqi.patrols.choices import PATROL_TRANSITIONS, VOLUNTEER_TRANSITIONS, FindingStatus, PatrolStatus
from jingqi.patrols.models import CheckIn, Finding, Patrol, Place, Team, Volunteer
from jingqi.registry.models import Person
from jingqi.tickets.models import Ticket

from .builders import (
    AT_POINT,
    FAR_EAST,
    POINT,
    ROUTE,
    audits,
    fresh,
    hour_now,
    patrol,
    route_and_checkpoint,
    squad,
    team,
    volunteer,
    volunteer_user,
)

pytestmark = pytest.mark.django_db

NOT_POLICE = ["liaison_a", "dept_transport", "volunteer_a", "viewer"]


def refused(call, *, field=None, code=None, exc=ActionError):
    with pytest.raises(exc) as caught:
        call()
    if field is not None:
        assert caught.value.field == field, (caught.value.field, caught.value.message)
    if code is not None:
        assert caught.value.code == code, caught.value.code
    if exc is ActionError:
        assert str(caught.value.message).strip()
    return caught.value


def patrol_footprint(p) -> tuple:
    p = fresh(p)
    return (p.status, p.version, p.title, p.starts_at, p.started_at, p.finished_at, p.note,
            sorted(p.members.values_list("pk", "confirmed_at", "credited_minutes")), p.check_ins.count(),
            p.findings.count(), audits(),
            list(Volunteer.objects.order_by("pk").values_list("service_minutes", "points")))


def volunteer_footprint(v) -> tuple:
    v = fresh(v)
    return (v.status, v.version, v.status_note, v.vetted_by_id, v.skills, v.is_leader, v.user_id,
            v.windows.count(), v.exceptions.count(), v.recognitions.count(), audits())


# --- teams -------------------------------------------------------------------------------------------------------

def test_police_create_a_team_of_an_enterprise_and_it_is_audited(world):
    before = audits()
    t = services.do_create_team(world.officer_a, park=world.park_a, enterprise=world.enterprise_a,
                                data={"name": "A园义警队", "description": "仓库一带"})
    assert (t.station, t.park, t.enterprise, t.name) == (world.station, world.park_a, world.enterprise_a,
                                                         "A园义警队")
    assert AuditEvent.objects.filter(action="patrol.team.create").count() == 1 and audits() == before + 1


@pytest.mark.parametrize("persona", NOT_POLICE)
def test_only_police_create_teams(world, persona):
    refused(lambda: services.do_create_team(world.objects[persona], park=world.park_a, data={"name": "X"}),
            exc=PermissionDenied)
    assert not Team.objects.exists()


@pytest.mark.parametrize("persona", ["officer_b", "supervisor_t"])
def test_police_cannot_create_a_team_in_a_park_outside_their_scope(world, persona):
    refused(lambda: services.do_create_team(world.objects[persona], park=world.park_a, data={"name": "X"}),
            exc=Http404)
    assert not Team.objects.exists()


@pytest.mark.parametrize(("data", "enterprise", "field"), [
    ({"name": ""}, None, "name"),
    ({"name": "x" * 101}, None, "name"),
    ({"name": "A", "description": "x" * 5001}, None, "description"),
    ({"name": "A"}, "enterprise_b", "enterprise"),
])
def test_team_bad_input_is_refused(world, data, enterprise, field):
    refused(lambda: services.do_create_team(world.supervisor, park=world.park_a, data=data,
                                            enterprise=world.objects[enterprise] if enterprise else None),
            field=field)
    assert not Team.objects.exists()


def test_a_park_has_one_team_of_a_name(world):
    team(world)
    refused(lambda: team(world), field="name")
    assert Team.objects.count() == 1


def test_team_update_checks_the_version_and_the_scope(world):
    t = team(world)
    services.do_update_team(world.officer_a, t, data={"description": "新"}, expected_version=1)
    assert fresh(t).version == 2 and fresh(t).description == "新"
    refused(lambda: services.do_update_team(world.officer_a, t, data={"name": "旧"}, expected_version=1),
            code="stale")
    refused(lambda: services.do_update_team(world.liaison_a, t, data={"name": "旧"}, expected_version=2),
            exc=Http404)
    assert fresh(t).name == "A园义警队"


# --- volunteers: enrolment -----------------------------------------------------------------------------------------

def test_police_enrol_a_volunteer_as_applied_and_the_audit_hides_id_and_phone(world,
                                                                               django_capture_on_commit_callbacks):
    t = team(world)
    with django_capture_on_commit_callbacks(execute=True):
        v = services.do_enrol_volunteer(world.officer_a, t, full_name="张三", id_number=f.valid_id_number(3, born=1961),
                                        phone="13912340000", skills=["fire", "first_aid"], user=world.volunteer_a)
    assert (v.status, v.skills, v.user, v.person.full_name) == ("applied", ["fire", "first_aid"], world.volunteer_a,
                                                                "张三")
    row = AuditEvent.objects.get(action="patrol.volunteer.enrol")
    assert "13912340000" not in str(row.changes) and "1961" not in str(row.changes)
    assert Notification.objects.filter(user=world.supervisor, verb="patrol.volunteer.applied").count() == 1


def test_liaison_proposes_their_own_staff_for_their_enterprise_team(world):
    t = team(world)
    v = services.do_enrol_volunteer(world.liaison_a, t, full_name="李四", skills="driving")
    assert v.status == "applied" and v.skills == ["driving"]


def test_liaison_cannot_propose_for_a_park_team_or_another_enterprise_or_link_accounts(world):
    park_team = team(world, name="园区队", enterprise=False)
    own = team(world)
    people = Person.objects.count()
    refused(lambda: services.do_enrol_volunteer(world.liaison_a, park_team, full_name="李四"), exc=Http404)
    refused(lambda: services.do_enrol_volunteer(world.liaison_b, own, full_name="李四"), exc=Http404)
    refused(lambda: services.do_enrol_volunteer(world.liaison_a, own, full_name="李四", user=world.volunteer_a),
            exc=PermissionDenied)
    assert not Volunteer.objects.exists() and Person.objects.count() == people


@pytest.mark.parametrize("persona", ["volunteer_a", "viewer", "dept_transport", "officer_b", "supervisor_t"])
def test_others_cannot_enrol(world, persona):
    t = team(world)
    with pytest.raises((Http404, PermissionDenied)):
        services.do_enrol_volunteer(world.objects[persona], t, full_name="王五")
    assert not Volunteer.objects.exists()


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"full_name": ""}, "full_name"),
    ({"full_name": "王五", "skills": ["juggling"]}, "skills"),
    ({"full_name": "王五", "phone": "12345"}, "phone"),
])
def test_enrolment_bad_input_is_refused(world, kwargs, field):
    t = team(world)
    people = Person.objects.count()
    refused(lambda: services.do_enrol_volunteer(world.officer_a, t, **kwargs), field=field)
    assert not Volunteer.objects.exists() and Person.objects.count() == people


def test_a_person_is_in_a_team_once(world):
    t = team(world)
    id_number = f.valid_id_number(5, born=1962)  # the registry knows a person by their ID number
    services.do_enrol_volunteer(world.officer_a, t, full_name="王五", id_number=id_number)
    refused(lambda: services.do_enrol_volunteer(world.officer_a, t, full_name="王五", id_number=id_number),
            field="full_name")
    assert Volunteer.objects.count() == 1


def test_only_a_volunteer_account_not_yet_linked_can_be_linked(world):
    t = team(world)
    first = volunteer(world, t, "甲", user=world.volunteer_a)
    second = volunteer(world, t, "乙")
    before = volunteer_footprint(second)
    refused(lambda: services.do_link_account(world.officer_a, second, user=world.volunteer_a), field="user")
    refused(lambda: services.do_link_account(world.officer_a, second, user=world.viewer), field="user")
    refused(lambda: services.do_link_account(world.liaison_a, second, user=volunteer_user("v2")), exc=Http404)
    assert volunteer_footprint(second) == before
    other = volunteer_user("v3")
    services.do_link_account(world.officer_a, second, user=other)
    assert fresh(second).user == other and fresh(first).user == world.volunteer_a


# --- volunteers: vetting, every transition -------------------------------------------------------------------------

VETTING_PATHS = {"applied": [], "vetted": ["vet"], "suspended": ["vet", "suspend"], "left": ["leave"]}


def vetting_at(world, status):
    v = volunteer(world, team(world), "甲", vetted=False, windows=None)
    for step in VETTING_PATHS[status]:
        services.do_change_volunteer_status(world.officer_a, v, action=step, note="原因")
    v = fresh(v)
    assert v.status == status
    return v


@pytest.mark.parametrize("action", list(VOLUNTEER_TRANSITIONS))
def test_vetting_transition_from_each_of_its_sources(world, action):
    sources, target = VOLUNTEER_TRANSITIONS[action]
    for i, source in enumerate(sorted(sources)):
        Volunteer.objects.all().delete()
        Team.objects.all().delete()
        v = vetting_at(world, source)
        before = audits()
        services.do_change_volunteer_status(world.officer_a, v, action=action, note="原因", expected_version=v.version)
        v = fresh(v)
        assert v.status == target and audits() == before + 1, source
        if action == "vet":
            assert v.vetted_by == world.officer_a and v.vetted_at is not None


@pytest.mark.parametrize("action", list(VOLUNTEER_TRANSITIONS))
def test_vetting_transition_is_refused_from_every_other_state_and_changes_nothing(world, action):
    for status in VETTING_PATHS:
        if status in VOLUNTEER_TRANSITIONS[action][0]:
            continue
        Volunteer.objects.all().delete()
        Team.objects.all().delete()
        v = vetting_at(world, status)
        before = volunteer_footprint(v)
        refused(lambda: services.do_change_volunteer_status(world.officer_a, v, action=action, note="原因"),
                code="illegal_transition")
        assert volunteer_footprint(v) == before, status


def test_suspending_needs_a_reason_and_an_unknown_action_is_refused(world):
    v = vetting_at(world, "vetted")
    before = volunteer_footprint(v)
    refused(lambda: services.do_change_volunteer_status(world.officer_a, v, action="suspend"), field="note")
    refused(lambda: services.do_change_volunteer_status(world.officer_a, v, action="promote"), code="invalid")
    refused(lambda: services.do_change_volunteer_status(world.officer_a, v, action="suspend", note="x",
                                                        expected_version=v.version - 1), code="stale")
    assert volunteer_footprint(v) == before


@pytest.mark.parametrize("persona", ["liaison_a", "volunteer_a", "officer_b", "supervisor_t", "viewer"])
def test_only_police_in_scope_vet(world, persona):
    v = vetting_at(world, "applied")
    v.user = world.volunteer_a
    v.save()
    before = volunteer_footprint(v)
    refused(lambda: services.do_change_volunteer_status(world.objects[persona], v, action="vet"), exc=Http404)
    assert volunteer_footprint(v) == before


def test_volunteer_update_checks_skills_and_version(world):
    v = vetting_at(world, "vetted")
    services.do_update_volunteer(world.officer_a, v, skills=["mediation"], is_leader="on", expected_version=v.version)
    v = fresh(v)
    assert (v.skills, v.is_leader) == (["mediation"], True)
    before = volunteer_footprint(v)
    refused(lambda: services.do_update_volunteer(world.officer_a, v, skills=["x"]), field="skills")
    refused(lambda: services.do_update_volunteer(world.officer_a, v, skills=[], expected_version=1),
            code="stale")
    assert volunteer_footprint(v) == before


# --- availability and recognition ----------------------------------------------------------------------------------

def test_a_volunteer_sets_their_own_availability_and_nobody_elses(world):
    _t, mine, other = squad(world)
    services.do_set_availability(world.volunteer_a, mine, windows=[{"weekday": 0, "start": "18:00", "end": "22:00"}])
    assert list(fresh(mine).windows.values_list("weekday", flat=True)) == [0]
    before = volunteer_footprint(other)
    refused(lambda: services.do_set_availability(world.volunteer_a, other, windows=[]), exc=Http404)
    refused(lambda: services.do_set_availability(world.liaison_a, other, windows=[]), exc=Http404)
    refused(lambda: services.do_add_exception(world.volunteer_a, other, starts_at=hour_now(),
                                              ends_at=hour_now() + timedelta(hours=1)), exc=Http404)
    assert volunteer_footprint(other) == before


@pytest.mark.parametrize(("row", "field"), [
    ({"weekday": 7, "start": "08:00", "end": "10:00"}, "weekday"),
    ({"weekday": "x", "start": "08:00", "end": "10:00"}, "weekday"),
    ({"weekday": 1, "start": "25:00", "end": "10:00"}, "start"),
    ({"weekday": 1, "start": "08:00", "end": ""}, "end"),
    ("Monday", "windows"),
])
def test_bad_weekly_windows_are_refused_and_the_old_pattern_kept(world, row, field):
    _t, mine, _other = squad(world)
    before = volunteer_footprint(mine)
    refused(lambda: services.do_set_availability(world.volunteer_a, mine, windows=[row]), field=field)
    assert volunteer_footprint(mine) == before and fresh(mine).windows.count() == 7


def test_exceptions_are_ordered_and_removed_only_by_their_owner_or_police(world):
    _t, mine, other = squad(world)
    now = hour_now()
    refused(lambda: services.do_add_exception(world.volunteer_a, mine, starts_at=now, ends_at=now), field="ends_at")
    refused(lambda: services.do_add_exception(world.volunteer_a, mine, starts_at="soon", ends_at=now),
            field="starts_at")
    away = services.do_add_exception(world.volunteer_a, mine, starts_at=now, ends_at=now + timedelta(days=1),
                                     note="出差")
    theirs = services.do_add_exception(world.officer_a, other, starts_at=now, ends_at=now + timedelta(days=1))
    refused(lambda: services.do_remove_exception(world.volunteer_a, theirs), exc=Http404)
    services.do_remove_exception(world.volunteer_a, away)
    services.do_remove_exception(world.officer_a, theirs)
    assert not fresh(mine).exceptions.exists() and not fresh(other).exceptions.exists()


def test_police_recognise_and_the_volunteer_is_told(world, django_capture_on_commit_callbacks):
    _t, mine, _other = squad(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.do_recognise(world.officer_a, mine, kind="commendation", title="守护之星", awarded_on="2026-03-01")
    assert fresh(mine).recognitions.count() == 1
    assert Notification.objects.filter(user=world.volunteer_a, verb="patrol.volunteer.recognised").exists()
    before = volunteer_footprint(mine)
    refused(lambda: services.do_recognise(world.officer_a, mine, kind="medal", title="x", awarded_on="2026-03-01"),
            field="kind")
    refused(lambda: services.do_recognise(world.officer_a, mine, kind="star", title="", awarded_on="2026-03-01"),
            field="title")
    refused(lambda: services.do_recognise(world.volunteer_a, mine, kind="star", title="x", awarded_on="2026-03-01"),
            exc=Http404)
    assert volunteer_footprint(mine) == before


# --- places --------------------------------------------------------------------------------------------------------

AREA = {"type": "Polygon", "coordinates": [[[120.8, 29.6], [120.81, 29.6], [120.81, 29.61]]]}


def test_police_draw_routes_checkpoints_and_areas(world):
    route, checkpoint = route_and_checkpoint(world)
    area = services.do_create_place(world.officer_a, park=world.park_a, kind="area", data={
        "name": "仓储区", "geometry": {"type": "Feature", "geometry": AREA}, "risk_weight": "4",
        "cover_periods": "night,school_start"})
    assert checkpoint.route == route and checkpoint.geometry == POINT
    ring = area.geometry["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) == 4  # closed for the user
    assert (area.risk_weight, area.cover_periods) == (4, ["night", "school_start"])
    text = services.do_create_place(world.officer_a, park=world.park_a, kind="route", data={
        "name": "支路", "geometry": '{"type": "LineString", "coordinates": [[120.8, 29.6], [120.8, 29.61]]}'})
    assert text.geometry["type"] == "LineString"


@pytest.mark.parametrize(("kind", "data", "field"), [
    ("route", {"name": "x", "geometry": POINT}, "geometry"),
    ("checkpoint", {"name": "x", "geometry": ROUTE}, "geometry"),
    ("route", {"name": "x", "geometry": "{not json"}, "geometry"),
    ("route", {"name": "x", "geometry": {"type": "LineString", "coordinates": [[120.8, 29.6]]}}, "geometry"),
    ("checkpoint", {"name": "x", "geometry": {"type": "Point", "coordinates": [200, 29.6]}}, "longitude"),
    ("area", {"name": "x", "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}},
     "geometry"),
    ("area", {"name": "x", "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]}}, "geometry"),
    ("route", {"name": "", "geometry": ROUTE}, "name"),
    ("route", {"name": "x", "geometry": ROUTE, "risk_weight": 6}, "risk_weight"),
    ("route", {"name": "x", "geometry": ROUTE, "cover_periods": ["weekends"]}, "cover_periods"),
    ("route", {"name": "x", "geometry": ROUTE, "radius_m": 5}, "radius_m"),
    ("tower", {"name": "x", "geometry": ROUTE}, "kind"),
])
def test_place_bad_input_is_refused(world, kind, data, field):
    refused(lambda: services.do_create_place(world.officer_a, park=world.park_a, kind=kind, data=data), field=field)
    assert not Place.objects.exists()


def test_a_checkpoint_route_must_be_a_route_of_the_same_park(world):
    route, checkpoint = route_and_checkpoint(world)
    route_t, _cp = route_and_checkpoint(world, "t")
    places = Place.objects.count()
    refused(lambda: services.do_create_place(world.officer_a, park=world.park_a, kind="checkpoint", data={
        "name": "门岗", "geometry": POINT, "route": checkpoint.pk}), field="route")
    refused(lambda: services.do_create_place(world.officer_a, park=world.park_a, kind="checkpoint", data={
        "name": "门岗", "geometry": POINT, "route": route_t.pk}), exc=Http404)
    assert Place.objects.count() == places and route


@pytest.mark.parametrize("persona", ["officer_b", "supervisor_t", "liaison_a", "volunteer_a"])
def test_others_cannot_draw_or_change_places(world, persona):
    route, _checkpoint = route_and_checkpoint(world)
    with pytest.raises((Http404, PermissionDenied)):
        services.do_create_place(world.objects[persona], park=world.park_a, kind="route",
                                 data={"name": "y", "geometry": ROUTE})
    refused(lambda: services.do_update_place(world.objects[persona], route, data={"name": "y"},
                                             expected_version=1), exc=Http404)
    assert Place.objects.count() == 2 and fresh(route).name == "主干道"


def test_place_update_keeps_what_is_not_given_and_checks_the_version(world):
    route, checkpoint = route_and_checkpoint(world)
    services.do_update_place(world.officer_a, checkpoint, data={"radius_m": 50, "active": "false"},
                             expected_version=1)
    checkpoint = fresh(checkpoint)
    assert (checkpoint.radius_m, checkpoint.active, checkpoint.route, checkpoint.version) == (50, False, route, 2)
    refused(lambda: services.do_update_place(world.officer_a, checkpoint, data={"radius_m": 60}, expected_version=1),
            code="stale")
    assert fresh(checkpoint).radius_m == 50


# --- patrols: planning ---------------------------------------------------------------------------------------------

def test_plan_a_joint_patrol_with_members_and_the_volunteers_are_told(world, django_capture_on_commit_callbacks):
    _t, mine, other = squad(world)
    route, _cp = route_and_checkpoint(world)
    start = hour_now() + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        patrols = services.do_plan_patrol(world.officer_a, park=world.park_a, route=route, officers=[world.officer_a],
                                          volunteers=[mine, other], repeat_weeks=2, data={
                                              "title": "夜巡", "mode": "car", "starts_at": start,
                                              "ends_at": start + timedelta(hours=2)})
    assert [p.starts_at for p in patrols] == [start + timedelta(weeks=w) for w in range(3)]
    assert len({p.series for p in patrols}) == 1 and patrols[0].series
    assert sorted(patrols[0].members.values_list("role", flat=True)) == ["officer", "volunteer", "volunteer"]
    assert Notification.objects.filter(user=world.volunteer_a, verb="patrol.planned").count() == 1


@pytest.mark.parametrize("case", ["no_officer", "nobody", "officer_b", "unvetted", "station_t", "end_first",
                                  "too_long", "no_title", "mode", "route_t", "repeat"])
def test_plan_bad_input_is_refused(world, case):
    t, mine, _other = squad(world)
    unvetted = volunteer(world, t, "丙", vetted=False)
    _tt, t1, _t2 = squad(world, "t")
    route_t, _cp = route_and_checkpoint(world, "t")
    start = hour_now() + timedelta(days=1)
    data = {"title": "夜巡", "starts_at": start, "ends_at": start + timedelta(hours=2)}
    kw = {"officers": [world.officer_a], "volunteers": [mine]}
    field, exc = {
        "no_officer": ("officers", ActionError), "nobody": ("volunteers", ActionError),
        "officer_b": ("officers", ActionError), "unvetted": ("volunteers", ActionError), "station_t": (None, Http404),
        "end_first": ("ends_at", ActionError), "too_long": ("ends_at", ActionError), "no_title": ("title", ActionError),
        "mode": ("mode", ActionError), "route_t": (None, Http404), "repeat": ("repeat_weeks", ActionError)}[case]
    if case == "no_officer":
        kw["officers"] = []
    elif case == "nobody":
        kw, data = {}, {**data, "requires_officer": False}
    elif case == "officer_b":
        kw["officers"] = [world.officer_b]
    elif case == "unvetted":
        kw["volunteers"] = [unvetted]
    elif case == "station_t":
        kw["volunteers"] = [t1]
    elif case == "end_first":
        data["ends_at"] = start - timedelta(hours=1)
    elif case == "too_long":
        data["ends_at"] = start + timedelta(hours=25)
    elif case == "no_title":
        data["title"] = ""
    elif case == "mode":
        data["mode"] = "horse"
    elif case == "route_t":
        kw["route"] = route_t
    elif case == "repeat":
        kw["repeat_weeks"] = 27
    before = audits()
    refused(lambda: services.do_plan_patrol(world.officer_a, park=world.park_a, data=data, **kw), field=field,
            exc=exc)
    assert not Patrol.objects.exists() and audits() == before


def test_nobody_is_on_two_patrols_at_once(world):
    _t, mine, _other = squad(world)
    first = patrol(world, volunteers=[mine])
    refused(lambda: patrol(world, volunteers=[mine], start=first.starts_at + timedelta(hours=1)), field="members")
    refused(lambda: patrol(world, volunteers=[], start=first.starts_at + timedelta(hours=1)), field="members")
    patrol(world, volunteers=[mine], start=first.ends_at)  # back to back is fine
    services.do_cancel_patrol(world.officer_a, first, reason="下雨")
    patrol(world, volunteers=[mine], start=first.starts_at)  # a cancelled patrol frees its members
    assert Patrol.objects.count() == 3


@pytest.mark.parametrize("persona", ["officer_b", "supervisor_t", "liaison_a", "volunteer_a", "viewer"])
def test_others_cannot_plan_or_change_patrols(world, persona):
    _t, mine, _other = squad(world)
    p = patrol(world, volunteers=[mine], start=hour_now() + timedelta(days=1))
    before = patrol_footprint(p)
    with pytest.raises((Http404, PermissionDenied)):
        services.do_plan_patrol(world.objects[persona], park=world.park_a, officers=[], data={
            "title": "x", "starts_at": p.starts_at, "ends_at": p.ends_at})
    with pytest.raises((Http404, PermissionDenied)):
        services.do_update_patrol(world.objects[persona], p, data={"title": "y"}, expected_version=p.version)
    with pytest.raises((Http404, PermissionDenied)):
        services.do_cancel_patrol(world.objects[persona], p, reason="y")
    assert patrol_footprint(p) == before


def test_update_replaces_members_and_checks_the_version(world):
    _t, mine, other = squad(world)
    p = patrol(world, volunteers=[mine], start=hour_now() + timedelta(days=1))
    services.do_update_patrol(world.officer_a, p, data={"title": "早巡"}, volunteers=[other], expected_version=1)
    p = fresh(p)
    assert p.title == "早巡" and list(p.members.filter(volunteer__isnull=False).values_list("volunteer", flat=True)) \
        == [other.pk]
    assert p.members.filter(user=world.officer_a).exists()
    before = patrol_footprint(p)
    refused(lambda: services.do_update_patrol(world.officer_a, p, data={"title": "x"}, expected_version=1),
            code="stale")
    refused(lambda: services.do_update_patrol(world.officer_a, p, data={}, officers=[], expected_version=2),
            field="officers")
    assert patrol_footprint(p) == before


def test_cancelling_needs_a_reason_and_tells_the_volunteers(world, django_capture_on_commit_callbacks):
    _t, mine, _other = squad(world)
    p = patrol(world, volunteers=[mine])
    before = patrol_footprint(p)
    refused(lambda: services.do_cancel_patrol(world.officer_a, p, reason=" "), field="reason")
    assert patrol_footprint(p) == before
    with django_capture_on_commit_callbacks(execute=True):
        services.do_cancel_patrol(world.officer_a, p, reason="暴雨")
    assert fresh(p).status == "cancelled" and "暴雨" in fresh(p).note
    assert Notification.objects.filter(user=world.volunteer_a, verb="patrol.cancelled").exists()


# --- patrols: every transition -------------------------------------------------------------------------------------

PATROL_PATHS = {"planned": [], "under_way": ["start"], "done": ["start", "finish"], "cancelled": ["cancel"]}


def patrol_action(world, p, name):
    actor = world.officer_a
    return {
        "edit": lambda: services.do_update_patrol(actor, p, data={"title": "改"}, expected_version=fresh(p).version),
        "start": lambda: services.do_start_patrol(actor, p),
        "check_in": lambda: services.do_check_in(actor, p, **AT_POINT),
        "report": lambda: services.do_report_finding(actor, patrol=p, kind="other", description="路灯坏了"),
        "finish": lambda: services.do_finish_patrol(actor, p),
        "cancel": lambda: services.do_cancel_patrol(actor, p, reason="取消"),
    }[name]


def patrol_at(world, status, mine):
    # The earlier patrols of the loop move a year back, so that their members are free now.
    Patrol.objects.update(starts_at=F("starts_at") - timedelta(days=365), ends_at=F("ends_at") - timedelta(days=365))
    p = patrol(world, volunteers=[mine])
    for step in PATROL_PATHS[status]:
        patrol_action(world, p, step)()
    assert fresh(p).status == status
    return fresh(p)


def test_patrol_paths_cover_every_state():
    assert set(PATROL_PATHS) == set(PatrolStatus.values)


@pytest.mark.parametrize("name", list(PATROL_TRANSITIONS))
def test_patrol_transition_from_each_of_its_sources(world, name):
    _t, mine, _other = squad(world)
    sources, target = PATROL_TRANSITIONS[name]
    for source in sorted(sources):
        p = patrol_at(world, source, mine)
        before = audits()
        patrol_action(world, p, name)()
        assert fresh(p).status == (target or source) and audits() > before, source


@pytest.mark.parametrize("name", list(PATROL_TRANSITIONS))
def test_patrol_transition_is_refused_from_every_other_state_and_changes_nothing(world, name):
    _t, mine, _other = squad(world)
    for status in PatrolStatus.values:
        if status in PATROL_TRANSITIONS[name][0]:
            continue
        p = patrol_at(world, status, mine)
        before = patrol_footprint(p)
        refused(patrol_action(world, p, name), code="illegal_transition")
        assert patrol_footprint(p) == before, status


# --- patrols: members act on their own patrols ---------------------------------------------------------------------

def test_a_member_confirms_and_a_police_non_member_cannot(world):
    _t, mine, _other = squad(world)
    p = patrol(world, volunteers=[mine], start=hour_now() + timedelta(days=1))
    member = services.do_confirm_patrol(world.volunteer_a, p)
    assert member.confirmed_at is not None
    refused(lambda: services.do_confirm_patrol(world.auxiliary_a, p))


def test_a_volunteer_cannot_act_on_a_patrol_they_are_not_on(world):
    _t, mine, other = squad(world)
    p = patrol(world, volunteers=[other])
    before = patrol_footprint(p)
    for call in (lambda: services.do_confirm_patrol(world.volunteer_a, p),
                 lambda: services.do_start_patrol(world.volunteer_a, p),
                 lambda: services.do_check_in(world.volunteer_a, p, **AT_POINT),
                 lambda: services.do_report_finding(world.volunteer_a, patrol=p, kind="other", description="x"),
                 lambda: services.do_finish_patrol(world.volunteer_a, p),
                 lambda: services.do_cancel_patrol(world.volunteer_a, p, reason="x")):
        refused(call, exc=Http404)
    assert patrol_footprint(p) == before and mine


# --- check-ins -----------------------------------------------------------------------------------------------------

def test_the_first_check_in_starts_the_patrol_and_near_is_not_far(world):
    _t, mine, _other = squad(world)
    _route, checkpoint = route_and_checkpoint(world)
    p = patrol(world, volunteers=[mine])
    c = services.do_check_in(world.volunteer_a, p, checkpoint=checkpoint, accuracy=8, **AT_POINT)
    assert (c.far, c.distance_m, c.no_position, c.volunteer, c.user) == (False, 0, False, mine, world.volunteer_a)
    p = fresh(p)
    assert p.status == "under_way" and p.started_at == c.at


def test_a_check_in_far_from_its_checkpoint_is_recorded_as_far(world):
    _t, mine, _other = squad(world)
    _route, checkpoint = route_and_checkpoint(world)
    p = patrol(world, volunteers=[mine])
    far = services.do_check_in(world.volunteer_a, p, checkpoint=checkpoint, accuracy=20, **FAR_EAST)
    assert far.far and 480 < far.distance_m < 540
    # The phone's stated accuracy widens the radius, but by at most the radius again.
    vague = services.do_check_in(world.volunteer_a, p, checkpoint=checkpoint.pk, accuracy=5000, **FAR_EAST)
    assert vague.far
    services.do_update_place(world.officer_a, checkpoint, data={"radius_m": 300}, expected_version=1)
    near = services.do_check_in(world.volunteer_a, p, checkpoint=checkpoint, accuracy=250, **FAR_EAST)
    assert not near.far


def test_a_check_in_without_a_position_is_kept_and_flagged(world):
    _t, mine, _other = squad(world)
    _route, checkpoint = route_and_checkpoint(world)
    p = patrol(world, volunteers=[mine])
    c = services.do_check_in(world.volunteer_a, p, checkpoint=checkpoint, latitude="", longitude="")
    assert c.no_position and c.distance_m is None and not c.far


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"latitude": "29.6"}, "latitude"),
    ({"latitude": "95", "longitude": "120.8"}, "latitude"),
    ({"latitude": "29.6", "longitude": "east"}, "longitude"),
    ({**AT_POINT, "accuracy": "-3"}, "accuracy"),
    ({**AT_POINT, "note": "x" * 501}, "note"),
    ({**AT_POINT, "checkpoint": "route"}, "checkpoint"),
    ({**AT_POINT, "checkpoint": "other_park"}, None),
    ({**AT_POINT, "at": "late"}, None),
])
def test_check_in_bad_input_is_refused(world, kwargs, field):
    _t, mine, _other = squad(world)
    route, _checkpoint = route_and_checkpoint(world)
    _route_t, checkpoint_t = route_and_checkpoint(world, "t")
    p = patrol(world, volunteers=[mine])
    kwargs = dict(kwargs)
    exc = ActionError
    if kwargs.get("checkpoint") == "route":
        kwargs["checkpoint"] = route
    elif kwargs.get("checkpoint") == "other_park":
        kwargs["checkpoint"], exc = checkpoint_t, Http404
    if kwargs.get("at") == "late":
        kwargs["at"] = p.ends_at + timedelta(hours=2)
    before = patrol_footprint(p)
    refused(lambda: services.do_check_in(world.volunteer_a, p, **kwargs), field=field, exc=exc)
    assert patrol_footprint(p) == before and not CheckIn.objects.exists()


# --- finishing: hours and points from check-ins only ---------------------------------------------------------------

def test_finishing_credits_each_member_between_their_first_and_last_check_in(world):
    _t, mine, other = squad(world)
    start = timezone.make_aware(datetime(2026, 3, 2, 9, 0))  # a day patrol: a point an hour
    p = patrol(world, volunteers=[mine, other], start=start, hours=4)
    services.do_check_in(world.volunteer_a, p, at=start - timedelta(minutes=40), **AT_POINT)  # early: from start
    services.do_check_in(world.volunteer_a, p, at=start + timedelta(hours=1), **AT_POINT)
    services.do_check_in(world.volunteer_a, p, at=start + timedelta(hours=2, minutes=30), **AT_POINT)
    services.do_check_in(world.officer_a, p, at=start, **AT_POINT)
    services.do_check_in(world.officer_a, p, at=start + timedelta(hours=3), **AT_POINT)
    services.do_finish_patrol(world.officer_a, p, at=start + timedelta(hours=4))
    mine, other = fresh(mine), fresh(other)
    assert (mine.service_minutes, mine.points) == (150, 2)
    assert (other.service_minutes, other.points) == (0, 0)  # never checked in: nothing proves duty
    minutes = dict(fresh(p).members.values_list("role", "credited_minutes").order_by("role"))
    assert minutes["officer"] == 180


def test_a_single_check_in_credits_nothing(world):
    _t, mine, _other = squad(world)
    p = patrol(world, volunteers=[mine])
    services.do_check_in(world.volunteer_a, p, **AT_POINT)
    services.do_finish_patrol(world.volunteer_a, p)  # a member may finish their patrol
    assert (fresh(mine).service_minutes, fresh(mine).points) == (0, 0)


def test_night_hours_earn_double_points(world):
    _t, mine, _other = squad(world)
    start = timezone.make_aware(datetime(2026, 3, 2, 21, 0))
    p = patrol(world, volunteers=[mine], start=start, hours=4)
    services.do_check_in(world.volunteer_a, p, at=start, **AT_POINT)
    services.do_check_in(world.volunteer_a, p, at=start + timedelta(hours=4), **AT_POINT)
    services.do_finish_patrol(world.officer_a, p, at=start + timedelta(hours=4))
    mine = fresh(mine)
    assert (mine.service_minutes, mine.points) == (240, 1 + 3 * 2)  # 21–22 by day, 22–01 at night


def test_check_ins_after_the_patrol_window_do_not_add_time(world):
    _t, mine, _other = squad(world)
    start = timezone.make_aware(datetime(2026, 3, 3, 9, 0))
    p = patrol(world, volunteers=[mine], start=start, hours=2)
    services.do_check_in(world.volunteer_a, p, at=start + timedelta(hours=1), **AT_POINT)
    services.do_check_in(world.volunteer_a, p, at=start + timedelta(hours=2, minutes=50), **AT_POINT)
    services.do_finish_patrol(world.officer_a, p, at=start + timedelta(hours=3))
    assert fresh(mine).service_minutes == 60


# --- findings ------------------------------------------------------------------------------------------------------

def finding_footprint() -> tuple:
    return (Finding.objects.count(), list(Finding.objects.values_list("status", "ticket", "dispute", "target")),
            Ticket.objects.count(), Dispute.objects.count(), audits())


def test_a_police_request_finding_opens_a_request_through_tickets(world):
    p = patrol(world)
    tickets = Ticket.objects.count()
    finding = services.do_report_finding(world.officer_a, patrol=p, kind="request", enterprise=world.enterprise_a,
                                         description="企业门前道路塌陷，需协调修复", location="2 号门", **AT_POINT)
    finding = fresh(finding)
    assert finding.status == FindingStatus.OPENED and finding.ticket is not None
    assert Ticket.objects.count() == tickets + 1
    assert finding.ticket.enterprise == world.enterprise_a and finding.ticket.submitted_by == world.officer_a
    assert finding.target == f"tickets.Ticket:{finding.ticket.pk}"


def test_a_police_request_finding_needs_the_enterprise_and_nothing_is_kept_without_it(world):
    p = patrol(world)
    before = finding_footprint()
    refused(lambda: services.do_report_finding(world.officer_a, patrol=p, kind="request", description="x"),
            field="enterprise")
    refused(lambda: services.do_report_finding(world.officer_a, patrol=p, kind="request", description="x",
                                               enterprise=world.enterprise_b), field="enterprise")
    assert finding_footprint() == before


def test_a_police_dispute_finding_opens_a_dispute_through_disputes(world):
    p = patrol(world)
    finding = fresh(services.do_report_finding(world.officer_a, patrol=p, kind="dispute",
                                               description="两家企业因停车位争吵", location="停车场"))
    assert finding.status == FindingStatus.OPENED and finding.dispute.source == "patrol"
    assert finding.dispute.park == world.park_a and finding.dispute.description == "两家企业因停车位争吵"


def test_a_volunteer_finding_waits_for_an_officer_to_open_it(world, django_capture_on_commit_callbacks):
    _t, mine, _other = squad(world)
    p = patrol(world, volunteers=[mine])
    tickets = Ticket.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        finding = services.do_report_finding(world.volunteer_a, patrol=p, kind="request", description="消防通道堵塞")
    assert fresh(finding).status == FindingStatus.RECORDED and Ticket.objects.count() == tickets
    assert Notification.objects.filter(user=world.officer_a, verb="patrol.finding").exists()
    refused(lambda: services.do_open_finding(world.volunteer_a, finding, enterprise=world.enterprise_a), exc=Http404)
    refused(lambda: services.do_open_finding(world.officer_b, finding, enterprise=world.enterprise_a), exc=Http404)
    refused(lambda: services.do_open_finding(world.officer_a, finding), field="enterprise")
    assert fresh(finding).status == FindingStatus.RECORDED and Ticket.objects.count() == tickets
    services.do_open_finding(world.officer_a, finding, enterprise=world.enterprise_a)
    finding = fresh(finding)
    assert finding.status == FindingStatus.OPENED and finding.ticket.enterprise == world.enterprise_a
    before = finding_footprint()
    refused(lambda: services.do_open_finding(world.officer_a, finding))
    assert finding_footprint() == before


def test_a_volunteer_dispute_finding_is_opened_by_the_officer_through_disputes(world):
    _t, mine, _other = squad(world)
    p = patrol(world, volunteers=[mine])
    finding = services.do_report_finding(world.volunteer_a, patrol=p, kind="dispute", description="工人聚集讨薪")
    assert not Dispute.objects.filter(source="patrol").exists()
    services.do_open_finding(world.officer_a, finding)
    assert fresh(finding).dispute.source == "patrol"


def test_a_hazard_finding_awaits_the_hazard_ledger_until_a_handler_is_registered(world, monkeypatch):
    monkeypatch.delitem(services.FINDING_HANDLERS, "hazard")  # as before the inspections app registers its own
    p = patrol(world)
    hazard = services.do_report_finding(world.officer_a, patrol=p, kind="hazard", description="配电箱无盖")
    assert fresh(hazard).status == FindingStatus.AWAITING
    other = services.do_report_finding(world.officer_a, patrol=p, kind="other", description="路灯坏")
    assert fresh(other).status == FindingStatus.RECORDED

    def open_hazard(actor, finding):
        return world.enterprise_a  # any saved record stands in for the ledger's row

    monkeypatch.setitem(services.FINDING_HANDLERS, "hazard", open_hazard)
    services.do_open_finding(world.officer_a, hazard)
    hazard = fresh(hazard)
    assert hazard.status == FindingStatus.OPENED and hazard.target == f"registry.Enterprise:{world.enterprise_a.pk}"


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"kind": "rumour", "description": "x"}, "kind"),
    ({"kind": "other", "description": ""}, "description"),
    ({"kind": "other", "description": "x" * 5001}, "description"),
    ({"kind": "other", "description": "x", "location": "x" * 501}, "location"),
    ({"kind": "other", "description": "x", "latitude": "29.6"}, "latitude"),
    ({"kind": "other", "description": "x", "enterprise": "enterprise_t"}, "enterprise"),
])
def test_finding_bad_input_is_refused(world, kwargs, field):
    _t, mine, _other = squad(world)
    p = patrol(world, volunteers=[mine])
    if kwargs.get("enterprise"):
        kwargs = {**kwargs, "enterprise": world.objects[kwargs["enterprise"]]}
    before = finding_footprint()
    refused(lambda: services.do_report_finding(world.volunteer_a, patrol=p, **kwargs), field=field)
    assert finding_footprint() == before


def test_a_finding_names_exactly_one_duty(world):
    before = finding_footprint()
    refused(lambda: services.do_report_finding(world.officer_a, kind="other", description="x"), field="patrol")
    assert finding_footprint() == before


def test_me_is_the_volunteer_of_a_volunteer_account(world):
    _t, mine, _other = squad(world)
    assert services.me(world.volunteer_a) == mine
    assert services.me(world.officer_a) is None
    assert services.is_police(world.auxiliary_a) and not services.is_police(world.liaison_a)
