"""Who sees what (querysets.py), for every persona, over the patrol cast of stations S and T: "view", "change"
(police only) and "own" (what a volunteer acts on)."""

import pytest

from jingqi.patrols.models import (
    AvailabilityWindow,
    CheckIn,
    Finding,
    GuardOperation,
    GuardPerson,
    GuardSegment,
    GuardShift,
    Patrol,
    PatrolMember,
    Place,
    SwapRequest,
    Team,
    Volunteer,
)

pytestmark = [pytest.mark.django_db, pytest.mark.patrol_cast]

POLICE_A = ["supervisor", "officer_a", "auxiliary_a"]
NOBODY = ["officer_b", "liaison_b", "dept_transport", "viewer"]


def names(world, model, user, action="view") -> set[str]:
    """The cast's names for what ``user`` sees of ``model`` (a row outside the cast shows as model:pk)."""
    by_pk = {obj.pk: name for name, obj in world.objects.items() if isinstance(obj, model)}
    return {by_pk.get(pk, f"{model.__name__}:{pk}") for pk in
            model.objects.visible_to(user, action).values_list("pk", flat=True)}


def check(world, model, expected: dict, action="view"):
    for persona in [*world.personas]:
        want = expected.get(persona, set())
        assert names(world, model, world.objects[persona], action) == want, persona


def test_teams(world):
    a, t = {"team_a"}, {"team_t"}
    check(world, Team, {**dict.fromkeys(POLICE_A, a), "supervisor_t": t, "liaison_a": a, "volunteer_a": a})
    check(world, Team, {**dict.fromkeys(POLICE_A, a), "supervisor_t": t}, action="change")
    check(world, Team, {**dict.fromkeys(POLICE_A, a), "supervisor_t": t}, action="own")


def test_volunteers(world):
    a, t = {"volunteer_a1", "volunteer_a2"}, {"volunteer_t1", "volunteer_t2"}
    check(world, Volunteer, {**dict.fromkeys(POLICE_A, a), "supervisor_t": t, "liaison_a": a, "volunteer_a": a})
    check(world, Volunteer, {**dict.fromkeys(POLICE_A, a), "supervisor_t": t}, action="change")
    check(world, Volunteer, {**dict.fromkeys(POLICE_A, a), "supervisor_t": t, "volunteer_a": {"volunteer_a1"}},
          action="own")


def test_availability_is_seen_with_the_volunteer_and_a_volunteer_sees_only_their_own(world):
    def owners(user, action="view"):
        return set(AvailabilityWindow.objects.visible_to(user, action).values_list("volunteer", flat=True))

    a = {world.volunteer_a1.pk, world.volunteer_a2.pk}
    assert owners(world.officer_a) == owners(world.officer_a, "change") == a
    assert owners(world.supervisor_t) == {world.volunteer_t1.pk, world.volunteer_t2.pk}
    assert owners(world.volunteer_a) == owners(world.volunteer_a, "own") == {world.volunteer_a1.pk}
    assert owners(world.volunteer_a, "change") == set()
    assert owners(world.liaison_a) == a and owners(world.liaison_a, "change") == set()
    for persona in NOBODY:
        assert owners(world.objects[persona]) == set(), persona


def test_places(world):
    a, t = {"route_a", "checkpoint_a"}, {"route_t", "checkpoint_t"}
    check(world, Place, {**dict.fromkeys(POLICE_A, a), "supervisor_t": t, "liaison_a": a, "volunteer_a": a})
    check(world, Place, {**dict.fromkeys(POLICE_A, a), "supervisor_t": t}, action="change")


def test_patrols_are_seen_by_the_police_and_their_volunteers(world):
    expected = {**dict.fromkeys(POLICE_A, {"patrol_a"}), "supervisor_t": {"patrol_t"}, "volunteer_a": {"patrol_a"}}
    check(world, Patrol, expected)
    check(world, Patrol, {**dict.fromkeys(POLICE_A, {"patrol_a"}), "supervisor_t": {"patrol_t"}}, action="change")
    members = PatrolMember.objects.visible_to(world.volunteer_a, "own")
    assert [m.volunteer for m in members] == [world.volunteer_a1]
    assert PatrolMember.objects.visible_to(world.volunteer_a).count() == 2  # the officer with them too
    assert not PatrolMember.objects.visible_to(world.liaison_a).exists()


def test_check_ins_and_findings_are_the_police_s_and_the_volunteer_s_own(world):
    for model, name in ((CheckIn, "check_in_a"), (Finding, "finding_a")):
        check(world, model, {**dict.fromkeys(POLICE_A, {name}), "volunteer_a": {name}})
        check(world, model, dict.fromkeys(POLICE_A, {name}), action="change")


def test_guard_operations_are_seen_by_their_pool_and_the_liaison_whose_staff_stand(world):
    a, t = {"operation_a"}, {"operation_t"}
    check(world, GuardOperation, {**dict.fromkeys(POLICE_A, a), "supervisor_t": t, "liaison_a": a,
                                  "volunteer_a": a})
    check(world, GuardOperation, {**dict.fromkeys(POLICE_A, a), "supervisor_t": t}, action="change")


def test_the_roster_grid_is_seen_whole_but_a_volunteer_owns_only_their_shift_and_pool_entry(world):
    op_a, op_t = world.operation_a, world.operation_t
    for model in (GuardSegment, GuardPerson, GuardShift):
        def ops(user, action="view", model=model):
            return set(model.objects.visible_to(user, action).values_list("operation", flat=True))

        for persona in POLICE_A:
            assert ops(world.objects[persona]) == ops(world.objects[persona], "change") == {op_a.pk}, persona
        assert ops(world.supervisor_t) == {op_t.pk}
        assert ops(world.volunteer_a) == ops(world.liaison_a) == {op_a.pk}, model
        assert ops(world.volunteer_a, "change") == ops(world.liaison_a, "change") == set(), model
        for persona in NOBODY:
            assert ops(world.objects[persona]) == set(), (persona, model)
    assert GuardShift.objects.visible_to(world.volunteer_a).count() == op_a.shifts.count() == 2
    assert list(GuardShift.objects.visible_to(world.volunteer_a, "own")) == [world.shift_a]
    assert [p.volunteer for p in GuardPerson.objects.visible_to(world.volunteer_a, "own")] == [world.volunteer_a1]
    assert not GuardSegment.objects.visible_to(world.volunteer_a, "own").exists()


def test_swaps_are_seen_by_the_police_and_the_two_volunteers(world):
    check(world, SwapRequest, {**dict.fromkeys(POLICE_A, {"swap_a"}), "volunteer_a": {"swap_a"}})
    check(world, SwapRequest, dict.fromkeys(POLICE_A, {"swap_a"}), action="change")


def test_a_volunteer_account_without_a_membership_sees_nothing(world):
    from jingqi.core.testing import factories as f

    stranger = f.UserFactory(username="stranger", role="volunteer")
    for model in (Team, Volunteer, Place, Patrol, CheckIn, Finding, GuardOperation, GuardShift, SwapRequest):
        assert not model.objects.visible_to(stranger).exists(), model
