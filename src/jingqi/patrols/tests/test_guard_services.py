"""Guard operations, the spec: operations, segments and the split of a line, the pool and the hours a volunteer's
weekly pattern and exceptions leave free, the roster as the solver's job stores it, hand edits that the
independent check refuses unless confirmed, a volunteer's shifts (check-in and out credit hours and points) and
swaps (accepted, refused by the rules, approved or declined by an officer, declined, withdrawn). The solve job
itself is in test_solve_task.py."""

from datetime import datetime, timedelta

import pytest
from django.http import Http404
from django.utils import timezone, translation

from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.models import AuditEvent, Notification
from jingqi.patrols import services
from jingqi.patrols.models import (
    CheckIn,
    GuardOperation,
    GuardPerson,
    GuardSegment,
    GuardShift,
    Place,
    SwapRequest,
)

from .builders import (
    EVERY_DAY,
    ROUTE,
    audits,
    fresh,
    operation,
    rostered,
    squad,
    volunteer,
    volunteer_user,
)
from .test_services import refused

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """These tests read the messages' English wording (the interface is Chinese by default)."""
    with translation.override("en"):
        yield

MONDAY = timezone.make_aware(datetime(2026, 3, 2, 0, 0))  # a Monday, local time


def op_footprint(op) -> tuple:
    op = fresh(op)
    return (op.status, op.version, op.hours, op.min_shift, op.solve_status, op.uncovered,
            sorted(op.segments.values_list("code", "need", "night_need", "officer_at_night")),
            sorted(op.people.values_list("pk", "available")),
            sorted(op.shifts.values_list("pk", "person", "segment", "start", "end", "source", "confirmed_at",
                                         "checked_in_at", "checked_out_at", "credited_minutes")),
            SwapRequest.objects.count(), list(SwapRequest.objects.values_list("status", flat=True)),
            CheckIn.objects.count(), audits())


def pool_of(op):
    """The operation's pool members by who they are: {volunteer pk or "officer": GuardPerson}."""
    return {p.volunteer_id or "officer": p for p in op.people.all()}


def guarded(world, **kw):
    """An operation tomorrow in park a with S01 and S02, the pool (volunteer_a's member, a second volunteer with
    an account, officer_a), rostered with a1 on S01 0–8 and a2 on S02 12–20."""
    _t, a1, a2 = squad(world)
    taker_user = volunteer_user("volunteer_a2")
    a2.user = taker_user
    a2.save()
    op = operation(world, **kw)
    services.do_add_to_pool(world.officer_a, op, volunteers=[a1, a2], officers=[world.officer_a])
    pool = pool_of(op)
    op = rostered(world, op, [(pool[a1.pk], "S01", 0, 8), (pool[a2.pk], "S02", 12, 20)])
    return op, pool[a1.pk], pool[a2.pk], pool["officer"], taker_user


# --- operations ----------------------------------------------------------------------------------------------------

def test_police_create_an_operation_with_rules_and_it_is_audited(world):
    op = operation(world, segments=(), geometry=ROUTE, hours=336, max_nights_in_row=2, swap_needs_officer="")
    assert (op.status, op.hours, op.max_nights_in_row, op.swap_needs_officer) == ("draft", 336, 2, False)
    assert op.ends_at == op.starts_at + timedelta(days=14) and op.geometry["type"] == "LineString"
    assert AuditEvent.objects.filter(action="patrol.operation.create").count() == 1
    area = operation(world, segments=(), geometry={"type": "Polygon", "coordinates": [[[120.8, 29.6], [120.81, 29.6],
                                                                                       [120.81, 29.61]]]})
    assert area.geometry["type"] == "Polygon"


@pytest.mark.parametrize(("changes", "field"), [
    ({"starts_at": MONDAY + timedelta(minutes=30)}, "starts_at"),
    ({"starts_at": "tomorrow"}, "starts_at"),
    ({"hours": 0}, "hours"),
    ({"hours": 24 * 62 + 1}, "hours"),
    ({"min_shift": 6, "max_shift": 4}, "max_shift"),
    ({"night_start": 6, "night_end": 6}, "night_end"),
    ({"night_start": 24}, "night_start"),
    ({"min_rest": 73}, "min_rest"),
    ({"max_week_hours": 0}, "max_week_hours"),
    ({"time_limit": 601}, "time_limit"),
    ({"name": ""}, "name"),
    ({"geometry": {"type": "Point", "coordinates": [120.8, 29.6]}}, "geometry"),
])
def test_operation_bad_input_is_refused(world, changes, field):
    refused(lambda: operation(world, segments=(), **changes), field=field)
    assert not GuardOperation.objects.exists()


@pytest.mark.parametrize("persona", ["liaison_a", "volunteer_a", "viewer", "officer_b", "supervisor_t"])
def test_others_cannot_create_or_change_operations(world, persona):
    op = operation(world)
    with pytest.raises((Http404, PermissionDenied)):
        services.do_create_operation(world.objects[persona], park=world.park_a, data={
            "name": "x", "starts_at": MONDAY, "hours": 24})
    before = op_footprint(op)
    for call in (lambda: services.do_update_operation(world.objects[persona], op, data={"hours": 24},
                                                      expected_version=op.version),
                 lambda: services.do_set_segments(world.objects[persona], op, segments=[{"code": "X"}]),
                 lambda: services.do_request_solve(world.objects[persona], op),
                 lambda: services.do_close_operation(world.objects[persona], op, loss=False)):
        refused(call, exc=Http404)
    assert op_footprint(op) == before and GuardOperation.objects.count() == 1


def test_rules_of_a_rostered_operation_can_change_but_not_cut_its_shifts(world):
    op, *_ = guarded(world)
    services.do_update_operation(world.officer_a, op, data={"min_rest": 6}, expected_version=op.version)
    op = fresh(op)
    assert op.min_rest == 6 and op.status == "rostered"
    before = op_footprint(op)
    refused(lambda: services.do_update_operation(world.officer_a, op, data={"hours": 18}, expected_version=op.version),
            field="hours")
    refused(lambda: services.do_update_operation(world.officer_a, op, data={"hours": 30}, expected_version=1),
            code="stale")
    assert op_footprint(op) == before


def test_a_closed_operation_takes_no_more_changes(world):
    op, a1, _a2, _officer, _u = guarded(world)
    services.do_close_operation(world.officer_a, op, loss=False, expected_version=op.version)
    op = fresh(op)
    assert op.status == "closed"
    before = op_footprint(op)
    for call in (lambda: services.do_update_operation(world.officer_a, op, data={"hours": 30},
                                                      expected_version=op.version),
                 lambda: services.do_set_segments(world.officer_a, op, segments=[{"code": "S01"}, {"code": "S02"}]),
                 lambda: services.do_request_solve(world.officer_a, op),
                 lambda: services.do_add_shift(world.officer_a, op, person=a1, segment=op.segments.first(), start=20,
                                               end=24, confirm=True),
                 lambda: services.do_close_operation(world.officer_a, op, loss=False)):
        refused(call, code="illegal_transition")
    refused(lambda: services.do_shift_check_in(world.volunteer_a, op.shifts.get(person=a1), at=timezone.now()))
    assert op_footprint(op) == before


def test_closing_says_whether_anything_was_lost(world):
    op, *_rest = guarded(world)
    before = op_footprint(op)
    refused(lambda: services.do_close_operation(world.officer_a, op, loss=None))
    refused(lambda: services.do_close_operation(world.officer_a, op, loss=True, loss_note="  "))
    assert op_footprint(op) == before
    services.do_close_operation(world.officer_a, op, loss=True, loss_note=" 电缆被盗割约20米 ")
    op = fresh(op)
    assert (op.status, op.loss, op.loss_note) == ("closed", True, "电缆被盗割约20米")
    assert op.closed_at is not None


def test_no_loss_keeps_no_note(world):
    op, *_rest = guarded(world)
    services.do_close_operation(world.officer_a, op, loss=False, loss_note="ignored")
    op = fresh(op)
    assert (op.loss, op.loss_note) == (False, "")


# --- segments ------------------------------------------------------------------------------------------------------

def test_segments_are_replaced_and_kept_codes_keep_their_shifts(world):
    op, a1, *_ = guarded(world)
    shift = op.shifts.get(person=a1)
    services.do_set_segments(world.officer_a, op, segments=[
        {"code": "S01", "need": 2, "night_need": 3, "officer_at_night": "on"}, {"code": "S02"}, {"code": "S03"}])
    s01 = GuardSegment.objects.get(operation=op, code="S01")
    assert (s01.need, s01.night_need, s01.officer_at_night) == (2, 3, True)
    assert fresh(shift).segment == s01 and op.segments.count() == 3


@pytest.mark.parametrize(("rows", "field"), [
    ([], "segments"),
    ("S01", "segments"),
    ([{"code": ""}], "code"),
    ([{"code": "S01"}, {"code": "S01"}], "segments"),
    ([{"code": "S01", "need": 21}], "need"),
    ([{"code": "S01", "night_need": -1}], "night_need"),
    ([{"code": "S01", "geometry": {"type": "Point", "coordinates": [1, 2]}}], "geometry"),
    ([{"code": "S02"}], "segments"),  # S01 has a shift: it cannot go
])
def test_segment_bad_input_is_refused(world, rows, field):
    op, *_ = guarded(world)
    before = op_footprint(op)
    refused(lambda: services.do_set_segments(world.officer_a, op, segments=rows), field=field)
    assert op_footprint(op) == before


def test_the_line_is_split_into_equal_segments(world):
    op = operation(world, segments=(), geometry=ROUTE)
    segments = services.do_split_operation(world.officer_a, op, count=3, need=1, night_need=2, officer_at_night=True)
    assert [s.code for s in segments] == ["S01", "S02", "S03"]
    lengths = [services.line_length_m(s.geometry) for s in segments]
    total = services.line_length_m(ROUTE)
    assert all(abs(n - total / 3) < 5 for n in lengths), lengths
    assert segments[0].geometry["coordinates"][0] == ROUTE["coordinates"][0]
    assert all(s.night_need == 2 and s.officer_at_night for s in segments)


def test_a_split_needs_a_line_and_a_sensible_count(world):
    op = operation(world, segments=())
    refused(lambda: services.do_split_operation(world.officer_a, op, count=3), field="count")
    op = operation(world, segments=(), geometry=ROUTE)
    refused(lambda: services.do_split_operation(world.officer_a, op, count=0), field="count")
    refused(lambda: services.do_split_operation(world.officer_a, op, count=201), field="count")
    assert not GuardSegment.objects.exists()


# --- the pool and the hours people are free ------------------------------------------------------------------------

def free(world, windows, exceptions=(), *, start=MONDAY, hours=48):
    t = services.do_create_team(world.officer_a, park=world.park_a, data={"name": f"队{GuardPerson.objects.count()}"
                                                                              f"{timezone.now().timestamp()}"})
    v = volunteer(world, t, "甲", windows=windows)
    for a, b, available in exceptions:
        services.do_add_exception(world.officer_a, v, starts_at=start + timedelta(hours=a),
                                  ends_at=start + timedelta(hours=b), available=available)
    return services.available_hours(v, start, hours)


def test_available_hours_follow_the_weekly_windows(world):
    assert free(world, [{"weekday": 0, "start": "08:00", "end": "12:00"},
                        {"weekday": 1, "start": "18:30", "end": "21:00"}]) == [[8, 12], [43, 45]]


def test_a_window_past_midnight_runs_into_the_next_day(world):
    assert free(world, [{"weekday": 0, "start": "22:00", "end": "06:00"}]) == [[22, 30]]
    # Sunday's night window covers the first hours of an operation that starts on Monday.
    assert free(world, [{"weekday": 6, "start": "20:00", "end": "04:00"}]) == [[0, 4]]


def test_a_window_that_ends_when_it_starts_is_a_whole_day(world):
    assert free(world, [{"weekday": 1, "start": "00:00", "end": "00:00"}]) == [[24, 48]]
    assert free(world, [{"weekday": 0, "start": "08:00", "end": "08:00"}]) == [[8, 32]]
    assert free(world, EVERY_DAY) == [[0, 48]]


def test_exceptions_take_hours_away_or_add_them(world):
    # Away from 10:00 to 12:30: the hour 12–13 is not whole, so it goes too.
    assert free(world, EVERY_DAY, [(10, 12.5, False)]) == [[0, 10], [13, 48]]
    # Free outside the pattern from 20:00 to 23:30: only whole hours count.
    assert free(world, [], [(20, 23.5, True)]) == [[20, 23]]


def test_volunteers_join_the_pool_with_their_free_hours_and_officers_with_all_hours(world):
    _t, a1, a2 = squad(world)
    services.do_set_availability(world.officer_a, a2, windows=[{"weekday": 0, "start": "18:00", "end": "02:00"}])
    op = operation(world, start=MONDAY, hours=48)
    added = services.do_add_to_pool(world.officer_a, op, volunteers=[a1, a2], officers=[world.auxiliary_a],
                                    segments="S01")
    pool = pool_of(op)
    assert len(added) == 3
    assert (pool[a1.pk].available, pool[a2.pk].available, pool["officer"].available) == ([[0, 48]], [[18, 26]],
                                                                                          [[0, 48]])
    assert pool["officer"].is_officer and not pool[a1.pk].is_officer
    assert [s.code for s in pool[a2.pk].segments.all()] == ["S01"]
    assert services.do_add_to_pool(world.officer_a, op, volunteers=[a1]) == []  # already in: skipped


@pytest.mark.parametrize("case", ["unvetted", "station_t", "officer_b", "liaison", "supervisor_t", "segment"])
def test_pool_bad_members_are_refused(world, case):
    t, a1, _a2 = squad(world)
    _tt, t1, _t2 = squad(world, "t")
    unvetted = volunteer(world, t, "丙", vetted=False)
    op = operation(world)
    kw, field, exc = {
        "unvetted": ({"volunteers": [unvetted]}, "volunteers", ActionError),
        "station_t": ({"volunteers": [t1]}, None, Http404),
        "officer_b": ({"officers": [world.officer_b]}, None, None),
        "liaison": ({"officers": [world.liaison_a]}, "officers", ActionError),
        "supervisor_t": ({"officers": [world.supervisor_t]}, "officers", ActionError),
        "segment": ({"volunteers": [a1], "segments": ["S09"]}, "segments", ActionError),
    }[case]
    before = op_footprint(op)
    if exc is None:  # an officer of the other office in the same station may stand guard
        services.do_add_to_pool(world.officer_a, op, **kw)
        assert op.people.count() == 1
        return
    refused(lambda: services.do_add_to_pool(world.officer_a, op, **kw), field=field, exc=exc)
    assert op_footprint(op) == before


@pytest.mark.parametrize(("changes", "field"), [
    ({"available": [[5, 3]]}, "available"),
    ({"available": [[0, 10], [8, 12]]}, "available"),
    ({"available": [[0, 49]]}, "available"),
    ({"available": "0-10"}, "available"),
    ({"available": [[0]]}, "available"),
    ({"segments": ["S07"]}, "segments"),
    ({"preferences": ["nights"]}, "preferences"),
])
def test_pool_member_bad_input_is_refused(world, changes, field):
    op, a1, *_ = guarded(world)
    before = op_footprint(op)
    refused(lambda: services.do_update_pool_member(world.officer_a, a1, **changes), field=field)
    assert op_footprint(op) == before


def test_pool_member_edits_and_removal(world):
    op, a1, _a2, officer, _u = guarded(world)
    services.do_update_pool_member(world.officer_a, officer, available=[[30, 48], [0, 12]], segments="S02",
                                   preferences={"avoid_nights": True})
    officer = fresh(officer)
    assert officer.available == [[0, 12], [30, 48]] and officer.preferences == {"avoid_nights": True}
    refused(lambda: services.do_remove_from_pool(world.officer_a, a1))  # has shifts
    refused(lambda: services.do_update_pool_member(world.volunteer_a, a1, available=[[0, 1]]), exc=Http404)
    services.do_remove_from_pool(world.officer_a, officer)
    assert not GuardPerson.objects.filter(pk=officer.pk).exists() and op.people.count() == 2


# --- solving -------------------------------------------------------------------------------------------------------

def test_a_solve_needs_segments_and_people_and_one_at_a_time(world):
    op = operation(world, segments=())
    refused(lambda: services.do_request_solve(world.officer_a, op))
    services.do_set_segments(world.officer_a, op, segments=[{"code": "S01"}])
    refused(lambda: services.do_request_solve(world.officer_a, op))
    _t, a1, _a2 = squad(world)
    services.do_add_to_pool(world.officer_a, op, volunteers=[a1])
    refused(lambda: services.do_request_solve(world.officer_a, op, expected_version=1), code="stale")
    assert fresh(op).status == "draft"
    services.do_request_solve(world.officer_a, op)  # the job runs after commit: not in this test
    op = fresh(op)
    assert (op.status, op.solve_progress, op.solve_started_at is not None) == ("solving", 0, True)
    before = op_footprint(op)
    refused(lambda: services.do_request_solve(world.officer_a, op), code="illegal_transition")
    assert op_footprint(op) == before


def test_the_stored_roster_replaces_the_shifts_and_keeps_its_gaps(world, django_capture_on_commit_callbacks):
    op, a1, a2, officer, _u = guarded(world)
    services.do_request_solve(world.officer_a, op)
    gap = {"segment": "S01", "hour": 5, "missing": 1, "reason": "nobody available", "code": "nobody"}
    with django_capture_on_commit_callbacks(execute=True):
        services.store_roster(op.pk, {"status": "partial", "objective": 3.0, "bound": 2.5, "seconds": 1.2,
                                      "uncovered": [gap], "assignments": [
                                          {"person": officer.code, "segment": "S02", "start": 0, "end": 8}]})
    op = fresh(op)
    assert (op.status, op.solve_status, op.solve_progress, op.uncovered) == ("rostered", "partial", 100, [gap])
    assert list(op.shifts.values_list("person", "segment__code", "start", "end", "source")) == [
        (officer.pk, "S02", 0, 8, "solver")]
    assert Notification.objects.filter(user=world.officer_a, verb="patrol.operation.solved").exists()
    before = op_footprint(op)
    services.store_roster(op.pk, {"status": "optimal", "assignments": []})  # not solving: ignored
    assert op_footprint(op) == before and a1 and a2


def test_a_failed_solve_goes_back_to_draft_or_keeps_the_roster(world):
    op, *_ = guarded(world)
    services.do_request_solve(world.officer_a, op)
    services.record_solve_failure(op.pk, "infeasible model")
    op = fresh(op)
    assert (op.status, op.solve_status, op.solve_message, op.shifts.count()) == ("rostered", "failed",
                                                                                "infeasible model", 2)
    bare = operation(world)
    _t = services.do_add_to_pool(world.officer_a, bare, officers=[world.officer_a])
    services.do_request_solve(world.officer_a, bare)
    services.record_solve_failure(bare.pk, "boom")
    assert fresh(bare).status == "draft"


# --- roster edits: the independent check refuses what breaks a rule, unless confirmed -----------------------------

def test_an_edit_that_breaks_nothing_is_saved_and_audited(world):
    op, _a1, _a2, officer, _u = guarded(world)
    s01 = op.segments.get(code="S01")
    report = services.do_add_shift(world.officer_a, op, person=officer, segment=s01, start=8, end=16)
    assert not report.problems
    shift = op.shifts.get(person=officer)
    assert (shift.source, shift.start, shift.end) == ("manual", 8, 16)
    row = AuditEvent.objects.filter(action="patrol.operation.roster_edit").latest("seq")
    assert row.changes["breaks"] == [] and fresh(op).version == op.version + 1


@pytest.mark.parametrize(("who", "segment", "start", "end", "rule"), [
    ("a1", "S01", 10, 14, "min_rest"),  # a1 stands 0–8; 2 hours of rest < 4
    ("a1", "S02", 4, 10, "overlap"),
    ("a1", "S02", 20, 21, "min_shift"),
    ("officer", "S02", 30, 43, "max_shift"),
])
def test_an_edit_that_breaks_a_rule_is_refused_with_what_it_breaks(world, who, segment, start, end, rule):
    op, a1, _a2, officer, _u = guarded(world)
    person = {"a1": a1, "officer": officer}[who]
    seg = op.segments.get(code=segment)
    before = op_footprint(op)
    error = refused(lambda: services.do_add_shift(world.officer_a, op, person=person, segment=seg, start=start,
                                                  end=end), code="breaks_rules", field="confirm")
    assert str(error.message).strip()
    assert op_footprint(op) == before
    report = services.do_add_shift(world.officer_a, op, person=person, segment=seg, start=start, end=end,
                                   confirm=True)
    assert rule in {p.rule for p in report.problems}
    row = AuditEvent.objects.filter(action="patrol.operation.roster_edit").latest("seq")
    assert row.changes["breaks"] and op.shifts.count() == 3


def test_an_edit_outside_someone_s_free_hours_is_refused(world):
    op, _a1, a2, _officer, _u = guarded(world)
    services.do_update_pool_member(world.officer_a, a2, available=[[0, 30]])
    before = op_footprint(op)
    error = refused(lambda: services.do_add_shift(world.officer_a, op, person=a2, segment=op.segments.get(code="S01"),
                                                  start=28, end=34), code="breaks_rules")
    assert len(error.breaks) == 1 and a2.name in error.breaks[0] and error.breaks[0] in error.message
    assert op_footprint(op) == before


def test_removing_a_shift_that_opens_a_gap_needs_confirmation(world):
    op, a1, *_ = guarded(world)
    shift = op.shifts.get(person=a1)
    before = op_footprint(op)
    refused(lambda: services.do_remove_shift(world.officer_a, shift), code="breaks_rules", field="confirm")
    assert op_footprint(op) == before
    report = services.do_remove_shift(world.officer_a, shift, confirm=True)
    assert not GuardShift.objects.filter(pk=shift.pk).exists()
    assert {(g.segment, g.hour) for g in report.gaps} >= {("S01", h) for h in range(8)}


def test_changing_a_shift_checks_version_and_rules_and_a_new_person_must_confirm_again(world):
    op, a1, _a2, officer, _u = guarded(world)
    shift = op.shifts.get(person=a1)
    services.do_confirm_shift(world.volunteer_a, shift)
    shift = fresh(shift)
    before = op_footprint(op)
    refused(lambda: services.do_change_shift(world.officer_a, shift, person=a1, segment=shift.segment, start=0,
                                             end=1, expected_version=shift.version), code="breaks_rules")
    refused(lambda: services.do_change_shift(world.officer_a, shift, person=officer, segment=shift.segment, start=0,
                                             end=8, expected_version=shift.version - 1), code="stale")
    assert op_footprint(op) == before
    services.do_change_shift(world.officer_a, shift, person=officer, segment=shift.segment, start=0, end=8,
                             expected_version=shift.version)
    shift = fresh(shift)
    assert (shift.person, shift.confirmed_at, shift.source) == (officer, None, "manual")


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"person": "nobody"}, "person"),
    ({"segment": "other"}, "segment"),
    ({"start": 48, "end": 50}, "start"),
    ({"start": 10, "end": 10}, "end"),
    ({"start": "x"}, "start"),
])
def test_shift_bad_input_is_refused(world, kwargs, field):
    op, a1, *_ = guarded(world)
    other = operation(world)
    args = {"person": a1, "segment": op.segments.get(code="S02"), "start": 20, "end": 26, **kwargs}
    if args["person"] == "nobody":
        args["person"] = 999999
    if args["segment"] == "other":
        args["segment"] = other.segments.first()
    before = op_footprint(op)
    refused(lambda: services.do_add_shift(world.officer_a, op, confirm=True, **args), field=field)
    assert op_footprint(op) == before


@pytest.mark.parametrize("persona", ["volunteer_a", "liaison_a", "officer_b", "supervisor_t"])
def test_only_police_in_scope_edit_the_roster(world, persona):
    op, a1, *_ = guarded(world)
    shift = op.shifts.get(person=a1)
    before = op_footprint(op)
    for call in (lambda: services.do_add_shift(world.objects[persona], op, person=a1, segment=shift.segment,
                                               start=20, end=24, confirm=True),
                 lambda: services.do_change_shift(world.objects[persona], shift, person=a1, segment=shift.segment,
                                                  start=0, end=6, expected_version=1, confirm=True),
                 lambda: services.do_remove_shift(world.objects[persona], shift, confirm=True)):
        refused(call, exc=Http404)
    assert op_footprint(op) == before


# --- a volunteer's shifts: confirm, check in and out ---------------------------------------------------------------

def night_duty(world):
    """A rostered operation from Monday 20:00 (local), a1 on S01 for hours 0–6 (20:00–02:00), along ROUTE."""
    _t, a1, _a2 = squad(world)
    op = operation(world, start=MONDAY + timedelta(hours=20), hours=24, segments=())
    services.do_set_segments(world.officer_a, op, segments=[{"code": "S01", "geometry": ROUTE}])
    services.do_add_to_pool(world.officer_a, op, volunteers=[a1])
    op = rostered(world, op, [(pool_of(op)[a1.pk], "S01", 0, 6)])
    return op, op.shifts.get(), a1


ON_LINE = {"latitude": "29.600000", "longitude": "120.803000"}
NORTH = {"latitude": "29.610000", "longitude": "120.803000"}  # ~1.1 km off the line


def test_check_in_and_out_credit_the_time_between_and_night_hours_earn_double(world):
    op, shift, a1 = night_duty(world)
    c = services.do_shift_check_in(world.volunteer_a, shift, at=shift.starts_at, accuracy=10, **ON_LINE)
    assert (c.far, c.distance_m, c.volunteer) == (False, 0, a1)
    services.do_shift_check_out(world.volunteer_a, shift, at=shift.ends_at + timedelta(hours=1), **ON_LINE)
    shift, a1 = fresh(shift), fresh(a1)
    assert shift.credited_minutes == 360  # clamped to the shift's end
    assert (a1.service_minutes, a1.points) == (360, 2 + 4 * 2)  # 20–22 by day, 22–02 at night
    before = op_footprint(op)
    refused(lambda: services.do_shift_check_out(world.volunteer_a, shift, **ON_LINE))  # already out
    assert op_footprint(op) == before


def test_a_late_check_in_credits_only_the_time_served(world):
    _op, shift, a1 = night_duty(world)
    services.do_shift_check_in(world.volunteer_a, shift, at=shift.starts_at + timedelta(hours=5), **ON_LINE)
    services.do_shift_check_out(world.volunteer_a, shift, at=shift.starts_at + timedelta(hours=5, minutes=30))
    assert (fresh(a1).service_minutes, fresh(a1).points) == (30, 1)


def test_a_far_check_in_and_one_without_a_position_are_recorded_as_such(world):
    _op, shift, _a1 = night_duty(world)
    far = services.do_shift_check_in(world.volunteer_a, shift, at=shift.starts_at, accuracy=30, **NORTH)
    assert far.far and 1000 < far.distance_m < 1200
    blind = services.do_shift_check_in(world.volunteer_a, shift, at=shift.starts_at + timedelta(hours=1))
    assert blind.no_position and not blind.far
    assert fresh(shift).checked_in_at == shift.starts_at  # the first check-in is the arrival


def test_check_in_and_out_are_refused_out_of_time_or_order(world):
    op, shift, _a1 = night_duty(world)
    before = op_footprint(op)
    refused(lambda: services.do_shift_check_out(world.volunteer_a, shift, at=shift.starts_at))
    refused(lambda: services.do_shift_check_in(world.volunteer_a, shift, at=shift.starts_at - timedelta(hours=2)),
            code="invalid")
    refused(lambda: services.do_shift_check_in(world.volunteer_a, shift, at=shift.ends_at + timedelta(minutes=1)),
            code="invalid")
    refused(lambda: services.do_shift_check_in(world.volunteer_a, shift, at=shift.starts_at, latitude="29.6"),
            field="latitude")
    assert op_footprint(op) == before


def test_a_volunteer_cannot_act_on_someone_elses_shift(world):
    op, a1, a2, _officer, taker_user = guarded(world)
    theirs = op.shifts.get(person=a2)
    before = op_footprint(op)
    for call in (lambda: services.do_confirm_shift(world.volunteer_a, theirs),
                 lambda: services.do_shift_check_in(world.volunteer_a, theirs, at=theirs.starts_at),
                 lambda: services.do_shift_check_out(world.volunteer_a, theirs),
                 lambda: services.do_ask_swap(world.volunteer_a, theirs, taker=a1),
                 lambda: services.do_report_finding(world.volunteer_a, shift=theirs, kind="other", description="x")):
        refused(call, exc=Http404)
    assert op_footprint(op) == before and taker_user


def test_a_finding_on_a_guard_shift_is_recorded_for_the_operation_s_park(world):
    op, a1, *_ = guarded(world)
    finding = services.do_report_finding(world.volunteer_a, shift=op.shifts.get(person=a1), kind="hazard",
                                         description="电缆井盖丢失")
    assert (finding.park, finding.status) == (world.park_a, "recorded")
    services.do_open_finding(world.officer_a, finding)
    finding = fresh(finding)
    assert finding.status == "opened" and finding.hazard.park == world.park_a


# --- swaps ---------------------------------------------------------------------------------------------------------

def test_a_swap_without_the_officer_rule_is_made_when_the_colleague_agrees(world, django_capture_on_commit_callbacks):
    op, a1, a2, _officer, taker_user = guarded(world, swap_needs_officer=False)
    shift = op.shifts.get(person=a1)
    with django_capture_on_commit_callbacks(execute=True):
        swap = services.do_ask_swap(world.volunteer_a, shift, taker=a2, reason="家中有事")
    assert swap.status == "asked" and swap.problems == []
    assert Notification.objects.filter(user=taker_user, verb="patrol.swap.asked").exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.do_answer_swap(taker_user, swap, consent=True)
    swap, shift = fresh(swap), fresh(shift)
    assert swap.status == "accepted" and swap.decided_at is not None
    assert (shift.person, shift.source, shift.confirmed_at is not None) == (a2, "swap", True)
    assert Notification.objects.filter(user=world.volunteer_a, verb="patrol.swap.answered").exists()


def test_a_swap_the_rules_refuse_is_recorded_as_refused_and_goes_no_further(world):
    op, a1, a2, _officer, taker_user = guarded(world)
    services.do_add_shift(world.officer_a, op, person=a2, segment=op.segments.get(code="S02"), start=0, end=6,
                          confirm=True)
    shift = op.shifts.get(person=a1)
    swap = services.do_ask_swap(world.volunteer_a, shift, taker=a2)
    assert swap.status == "refused" and any("two shifts at once" in p for p in swap.problems)
    assert fresh(shift).person == a1
    refused(lambda: services.do_answer_swap(taker_user, swap, consent=True))
    assert fresh(swap).status == "refused" and fresh(shift).person == a1


def test_the_rules_are_checked_again_when_the_colleague_agrees(world):
    op, a1, a2, _officer, taker_user = guarded(world, swap_needs_officer=False)
    shift = op.shifts.get(person=a1)
    swap = services.do_ask_swap(world.volunteer_a, shift, taker=a2)
    # Meanwhile the roster changed: a2 now stands a shift that ends an hour before a1's begins... after it.
    services.do_add_shift(world.officer_a, op, person=a2, segment=op.segments.get(code="S02"), start=9, end=11,
                          confirm=True)
    services.do_answer_swap(taker_user, swap, consent=True)
    swap = fresh(swap)
    assert swap.status == "refused" and any("rests" in p for p in swap.problems)
    assert fresh(shift).person == a1


def test_a_swap_that_needs_the_officer_is_approved_or_declined(world, django_capture_on_commit_callbacks):
    op, a1, a2, _officer, taker_user = guarded(world)
    shift = op.shifts.get(person=a1)
    swap = services.do_ask_swap(world.volunteer_a, shift, taker=a2)
    refused(lambda: services.do_decide_swap(world.officer_a, swap, approve=True))  # not yet agreed
    with django_capture_on_commit_callbacks(execute=True):
        services.do_answer_swap(taker_user, swap, consent="true")
    assert fresh(swap).status == "consented" and fresh(shift).person == a1
    assert Notification.objects.filter(user=world.officer_a, verb="patrol.swap.answered").exists()
    for persona in ("volunteer_a", "liaison_a", "officer_b", "supervisor_t"):
        refused(lambda p=persona: services.do_decide_swap(world.objects[p], swap, approve=True), exc=Http404)
    services.do_decide_swap(world.officer_a, swap, approve=True, reason="同意")
    swap, shift = fresh(swap), fresh(shift)
    assert (swap.status, swap.decided_by, shift.person) == ("accepted", world.officer_a, a2)
    # A second swap of the same shift, declined by the officer, leaves it with a2.
    back = services.do_ask_swap(taker_user, shift, taker=a1)
    services.do_answer_swap(world.volunteer_a, back, consent=True)
    services.do_decide_swap(world.officer_a, back, approve=False, reason="人手已定")
    assert (fresh(back).status, fresh(shift).person) == ("declined", a2)


def test_the_colleague_may_decline_and_the_requester_may_withdraw(world):
    op, a1, a2, _officer, taker_user = guarded(world)
    shift = op.shifts.get(person=a1)
    swap = services.do_ask_swap(world.volunteer_a, shift, taker=a2)
    refused(lambda: services.do_answer_swap(world.volunteer_a, swap, consent=True), exc=PermissionDenied)
    refused(lambda: services.do_withdraw_swap(taker_user, swap), exc=PermissionDenied)
    services.do_answer_swap(taker_user, swap, consent=False)
    assert fresh(swap).status == "declined" and fresh(shift).person == a1
    again = services.do_ask_swap(world.volunteer_a, shift, taker=a2)
    refused(lambda: services.do_ask_swap(world.volunteer_a, shift, taker=a2))  # one open swap at a time
    services.do_withdraw_swap(world.volunteer_a, again)
    assert fresh(again).status == "withdrawn"
    refused(lambda: services.do_withdraw_swap(world.volunteer_a, again))
    refused(lambda: services.do_answer_swap(taker_user, again, consent=True))
    assert fresh(shift).person == a1


def test_a_swap_must_be_asked_of_someone_else_in_the_pool_before_the_shift(world):
    op, a1, a2, _officer, _u = guarded(world)
    other = operation(world)
    _t, t1, _t2 = squad(world, "t")
    shift = op.shifts.get(person=a1)
    services.do_add_to_pool(world.officer_a, other, officers=[world.auxiliary_a])
    before = op_footprint(op)
    refused(lambda: services.do_ask_swap(world.volunteer_a, shift, taker=a1), field="taker")
    refused(lambda: services.do_ask_swap(world.volunteer_a, shift, taker=other.people.get()), field="taker")
    refused(lambda: services.do_ask_swap(world.volunteer_a, shift, taker=a2, reason="x" * 501), field="reason")
    GuardOperation.objects.filter(pk=op.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    refused(lambda: services.do_ask_swap(world.volunteer_a, shift, taker=a2))  # under way
    assert op_footprint(op)[2:] == before[2:] and t1


def test_a_swap_asked_of_an_officer_in_the_pool_is_answered_by_that_officer(world):
    op, a1, _a2, officer, taker_user = guarded(world, swap_needs_officer=False)
    shift = op.shifts.get(person=a1)
    swap = services.do_ask_swap(world.volunteer_a, shift, taker=officer)
    assert swap.status == "asked"
    refused(lambda: services.do_answer_swap(world.auxiliary_a, swap, consent=True), exc=PermissionDenied)
    refused(lambda: services.do_answer_swap(taker_user, swap, consent=True), exc=Http404)
    services.do_answer_swap(world.officer_a, swap, consent=True)
    assert fresh(swap).status == "accepted" and fresh(shift).person == officer


def test_a_shift_of_a_closed_operation_cannot_be_confirmed(world):
    op, a1, *_ = guarded(world)
    shift = op.shifts.get(person=a1)
    services.do_close_operation(world.officer_a, op, loss=False)
    before = op_footprint(op)
    refused(lambda: services.do_confirm_shift(world.volunteer_a, shift))
    assert op_footprint(op) == before


def test_a_shift_check_in_names_a_checkpoint_of_the_operation_s_park(world):
    from .builders import route_and_checkpoint

    _op, shift, _a1 = night_duty(world)
    route, checkpoint = route_and_checkpoint(world)
    refused(lambda: services.do_shift_check_in(world.volunteer_a, shift, at=shift.starts_at, checkpoint=route,
                                               **ON_LINE), field="checkpoint")
    services.do_create_place(world.supervisor, park=world.park_b, kind="checkpoint", data={
        "name": "B仓库", "geometry": {"type": "Point", "coordinates": [120.805, 29.6]}})
    other_park = Place.objects.get(park=world.park_b)
    refused(lambda: services.do_shift_check_in(world.officer_a, shift, at=shift.starts_at, checkpoint=other_park,
                                               **ON_LINE), exc=Http404)
    refused(lambda: services.do_shift_check_in(world.supervisor, shift, at=shift.starts_at, checkpoint=other_park,
                                               **ON_LINE), field="checkpoint")
    c = services.do_shift_check_in(world.volunteer_a, shift, at=shift.starts_at, checkpoint=checkpoint,
                                   latitude="29.6", longitude="120.805")
    assert c.checkpoint == checkpoint and not c.far
