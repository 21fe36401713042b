"""Guard operations keep their records whole: a re-solve keeps the shifts that have started or have check-ins or
findings, enrolment never rewrites a registry person, swaps are re-checked under the operation's lock, the pool and
the period are changed only where that is safe, and suspended volunteers stand no duty."""

from datetime import timedelta

import pytest
from django.utils import translation

from jingqi.core.models import Notification
from jingqi.core.testing import factories as f
from jingqi.patrols import services, tasks
from jingqi.patrols.models import CheckIn, GuardOperation
from jingqi.registry.models import Person

from .builders import fresh, hour_now, operation, patrol, rostered, squad
from .test_guard_services import guarded, pool_of
from .test_services import refused

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def check_in(shift, user):
    shift = fresh(shift)
    return services.do_shift_check_in(user, shift, at=shift.starts_at)


def resolve(world, op, assignments):
    """Ask for a solve and store ``assignments`` (person, code, start, end) as the solver's answer."""
    services.do_request_solve(world.officer_a, op)
    return services.store_roster(op.pk, {"status": "partial", "uncovered": [], "objective": 0, "bound": 0,
                                         "seconds": 0.1, "assignments": [
                                             {"person": p.code, "segment": s, "start": a, "end": b}
                                             for p, s, a, b in assignments]})


# --- 1. a re-solve keeps what has happened --------------------------------------------------------------------------


def test_a_resolve_keeps_shifts_with_check_ins_and_findings_and_replaces_the_rest(world):
    op, a1, a2, officer, taker_user = guarded(world)
    first = op.shifts.get(person=a1)
    second = op.shifts.get(person=a2)
    check_in(first, world.volunteer_a)
    services.do_report_finding(taker_user, kind="other", description="电缆外皮破损", shift=second)
    extra = services.do_add_shift(world.officer_a, op, person=officer, segment=op.segments.get(code="S02"),
                                  start=30, end=36, confirm=True)
    assert extra is not None
    op = resolve(world, op, [(a1, "S01", 4, 10), (officer, "S01", 24, 30)])  # a1 4–10 overlaps their kept shift
    assert op.status == "rostered"
    shifts = sorted(op.shifts.values_list("person", "segment__code", "start", "end"))
    assert shifts == sorted([(a1.pk, "S01", 0, 8), (a2.pk, "S02", 12, 20), (officer.pk, "S01", 24, 30)])
    assert CheckIn.objects.filter(shift=first).count() == 1


def test_a_resolve_keeps_shifts_that_have_started_and_the_solver_works_around_them(world):
    _t, a1, a2 = squad(world)
    op = operation(world, start=hour_now() - timedelta(hours=3))
    services.do_add_to_pool(world.officer_a, op, volunteers=[a1, a2])
    pool = pool_of(op)
    op = rostered(world, op, [(pool[a1.pk], "S01", 0, 8), (pool[a2.pk], "S02", 20, 28)])
    services.do_request_solve(world.officer_a, op)
    people = {p.pk: p for p in services.pool_for_solve(op)}
    # a1's started shift and its rest (4 hours) and the hours gone by are not offered again; a2's future shift is.
    assert people[pool[a1.pk].pk].available == [[12, 48]]
    assert people[pool[a2.pk].pk].available == [[3, 48]]
    tasks.solve_operation.call_local(op.pk)
    op = fresh(op)
    assert op.status == "rostered" and op.solve_status != "failed"
    assert op.shifts.filter(person=pool[a1.pk], segment__code="S01", start=0, end=8).exists()
    assert not op.shifts.filter(start__lt=3).exclude(person=pool[a1.pk], start=0, end=8).exists()


def test_a_resolve_whose_only_gaps_the_kept_shifts_fill_is_not_partial(world):
    op, a1, _a2, _officer, _user = guarded(world)
    kept = op.shifts.get(person=a1)
    check_in(kept, world.volunteer_a)
    services.do_request_solve(world.officer_a, op)
    # The solver did not see a1's kept shift and declared its hours a gap.
    services.store_roster(op.pk, {"status": "partial", "objective": 0, "bound": 0, "seconds": 0.1, "assignments": [],
                                  "uncovered": [{"segment": kept.segment.code, "hour": kept.start, "missing": 1,
                                                 "reason": "nobody"}]})
    op = fresh(op)
    assert op.uncovered == [] and op.solve_status == "feasible"


def test_a_roster_that_cannot_be_stored_fails_the_solve_instead_of_leaving_it_solving(world, monkeypatch):
    op, *_rest = guarded(world)
    shifts = op.shifts.count()
    GuardOperation.objects.filter(pk=op.pk).update(status="solving")
    monkeypatch.setattr("jingqi.patrols.rostering.solve_operation", lambda o, progress, people=None: {
        "status": "optimal", "assignments": [{"person": "P999999", "segment": "S01", "start": 0, "end": 4}],
        "uncovered": [], "objective": 0, "bound": 0, "seconds": 1})
    tasks.solve_operation.call_local(op.pk)
    op = fresh(op)
    assert (op.status, op.solve_status) == ("rostered", "failed")
    assert op.shifts.count() == shifts


def test_a_resolve_withdraws_the_open_swaps_of_the_shifts_it_replaces(world, django_capture_on_commit_callbacks):
    op, a1, a2, _officer, taker_user = guarded(world)
    services.do_ask_swap(world.volunteer_a, op.shifts.get(person=a1), taker=a2)
    with django_capture_on_commit_callbacks(execute=True):
        resolve(world, op, [(a1, "S01", 0, 8)])
    assert Notification.objects.filter(user=taker_user, verb="patrol.swap.withdrawn").exists()


# --- 2. enrolment never rewrites a registry person ------------------------------------------------------------------


def test_enrolling_with_a_known_id_number_under_another_name_is_refused_and_changes_nobody(world):
    team, *_rest = squad(world)
    contact = f.PersonFactory(full_name="王建国", phone="+8613800000001")
    before = Person.objects.count()
    error = refused(lambda: services.do_enrol_volunteer(world.officer_a, team, full_name="李四",
                                                        id_number=contact.id_number, phone="13900000002"),
                    field="id_number")
    assert "another name" in str(error.message)
    contact = fresh(contact)
    assert (contact.full_name, contact.phone, Person.objects.count()) == ("王建国", "+8613800000001", before)


def test_enrolling_a_known_person_keeps_their_phone(world):
    team, *_rest = squad(world)
    contact = f.PersonFactory(full_name="王建国", phone="+8613800000001")
    v = services.do_enrol_volunteer(world.officer_a, team, full_name="王建国", id_number=contact.id_number,
                                    phone="13900000002")
    assert v.person_id == contact.pk and fresh(contact).phone == "+8613800000001"


# --- 3, 4. swaps re-checked under the operation's lock; a shift with check-ins keeps its person ---------------------


def test_a_swap_of_a_shift_given_to_someone_else_meanwhile_is_withdrawn_and_cannot_be_accepted(world):
    op, a1, a2, officer, taker_user = guarded(world, swap_needs_officer=False)
    shift = op.shifts.get(person=a1)
    swap = services.do_ask_swap(world.volunteer_a, shift, taker=a2)
    services.do_change_shift(world.officer_a, shift, person=officer, segment=shift.segment, start=0, end=8,
                             expected_version=fresh(shift).version, confirm=True)
    assert fresh(swap).status == "withdrawn"
    refused(lambda: services.do_answer_swap(taker_user, swap, consent=True))
    assert fresh(shift).person == officer


def test_a_swap_is_refused_once_the_shift_has_a_check_in(world):
    op, a1, a2, _officer, taker_user = guarded(world)
    shift = op.shifts.get(person=a1)
    swap = services.do_ask_swap(world.volunteer_a, shift, taker=a2)
    services.do_answer_swap(taker_user, swap, consent=True)
    assert fresh(swap).status == "consented"
    check_in(shift, world.volunteer_a)
    error = refused(lambda: services.do_decide_swap(world.officer_a, swap, approve=True))
    assert "checked in" in str(error.message)
    assert (fresh(swap).status, fresh(shift).person) == ("consented", a1)


def test_a_swap_is_refused_once_the_roster_is_no_longer_in_force(world):
    op, a1, a2, _officer, taker_user = guarded(world)
    swap = services.do_ask_swap(world.volunteer_a, op.shifts.get(person=a1), taker=a2)
    services.do_close_operation(world.officer_a, op, loss=False)
    refused(lambda: services.do_answer_swap(taker_user, swap, consent=True))
    assert fresh(swap).status == "asked"


def test_a_swap_is_refused_only_for_breaches_it_adds(world):
    op, a1, a2, _officer, taker_user = guarded(world, swap_needs_officer=False)
    # a2 already stands a one-hour shift (too short), kept on the officer's word.
    services.do_add_shift(world.officer_a, op, person=a2, segment=op.segments.get(code="S02"), start=30, end=31,
                          confirm=True)
    shift = op.shifts.get(person=a1)
    swap = services.do_ask_swap(world.volunteer_a, shift, taker=a2)
    assert swap.status == "asked", swap.problems
    services.do_answer_swap(taker_user, swap, consent=True)
    assert fresh(swap).status == "accepted" and fresh(shift).person == a2


def test_a_shift_with_check_ins_cannot_be_given_to_someone_else(world):
    op, a1, _a2, officer, _taker = guarded(world)
    shift = op.shifts.get(person=a1)
    check_in(shift, world.volunteer_a)
    refused(lambda: services.do_change_shift(world.officer_a, shift, person=officer, segment=shift.segment,
                                             start=0, end=8, expected_version=fresh(shift).version, confirm=True),
            field="person")
    assert fresh(shift).person == a1


# --- 5. the pool ----------------------------------------------------------------------------------------------------


def test_someone_party_to_a_swap_stays_in_the_pool(world):
    op, a1, _a2, officer, _taker = guarded(world)
    swap = services.do_ask_swap(world.volunteer_a, op.shifts.get(person=a1), taker=officer)
    assert swap.pk
    refused(lambda: services.do_remove_from_pool(world.officer_a, officer))
    assert fresh(officer).pk


def test_the_pool_is_not_changed_while_solving(world):
    op, _a1, _a2, officer, _taker = guarded(world)
    services.do_request_solve(world.officer_a, op)
    refused(lambda: services.do_remove_from_pool(world.officer_a, officer))
    assert fresh(officer).pk


# --- 6. the period --------------------------------------------------------------------------------------------------


def test_a_longer_or_moved_period_recomputes_the_pool_hours(world):
    _t, a1, _a2 = squad(world)
    services.do_set_availability(world.officer_a, a1, windows=[{"weekday": d, "start": "08:00", "end": "20:00"}
                                                               for d in range(7)])
    op = operation(world)
    services.do_add_to_pool(world.officer_a, op, volunteers=[a1], officers=[world.officer_a])
    op = fresh(op)
    services.do_update_operation(world.officer_a, op, data={"hours": 72, "starts_at": op.starts_at + timedelta(
        hours=1)}, expected_version=op.version)
    op = fresh(op)
    pool = pool_of(op)
    assert pool["officer"].available == [[0, 72]]
    assert pool[a1.pk].available == services.available_hours(fresh(a1), op.starts_at, 72)
    assert pool[a1.pk].available[-1][1] > 48


def test_the_start_cannot_move_once_someone_has_checked_in(world):
    op, a1, *_rest = guarded(world)
    check_in(op.shifts.get(person=a1), world.volunteer_a)
    op = fresh(op)
    refused(lambda: services.do_update_operation(world.officer_a, op, data={
        "starts_at": op.starts_at + timedelta(hours=2)}, expected_version=op.version), field="starts_at")
    assert fresh(op).starts_at == op.starts_at


# --- 7. dates -------------------------------------------------------------------------------------------------------


def test_a_date_past_2100_is_refused(world):
    refused(lambda: operation(world, start="9999-12-31T00:00"), field="starts_at")


# --- 8. suspended volunteers stand no duty --------------------------------------------------------------------------


def test_a_suspended_volunteer_cannot_check_in_to_a_shift(world):
    op, a1, *_rest = guarded(world)
    shift = op.shifts.get(person=a1)
    services.do_change_volunteer_status(world.officer_a, a1.volunteer, action="suspend", note="调查中")
    refused(lambda: check_in(shift, world.volunteer_a), code="not_serving")
    assert not CheckIn.objects.filter(shift=shift).exists()


def test_a_volunteer_who_left_cannot_check_in_to_a_patrol(world):
    team, first, _second = squad(world)
    p = patrol(world, volunteers=[first])
    services.do_change_volunteer_status(world.officer_a, first, action="leave", note="搬家")
    error = refused(lambda: services.do_check_in(world.volunteer_a, p), code="not_serving")
    assert "has left the team" in str(error.message)
    refused(lambda: services.do_check_in(world.officer_a, p, volunteer=first), code="not_serving")
    assert not CheckIn.objects.filter(patrol=p).exists()


def test_a_volunteer_suspended_during_a_shift_can_still_check_out(world):
    op, a1, *_rest = guarded(world)
    shift = op.shifts.get(person=a1)
    check_in(shift, world.volunteer_a)
    services.do_change_volunteer_status(world.officer_a, a1.volunteer, action="suspend", note="调查中")
    shift = fresh(shift)
    services.do_shift_check_out(world.volunteer_a, shift, at=shift.starts_at + timedelta(hours=2))
    assert fresh(shift).checked_out_at is not None
