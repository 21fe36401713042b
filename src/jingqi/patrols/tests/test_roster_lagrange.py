"""The Lagrangian bound on the soft terms (roster.lagrange) does better than the separate relaxations of
roster.bound where shifts and fairness pull against each other, and stays below rosters that leave hours short
(against proven optima: test_roster_bound)."""

import math
import time

import pytest

from jingqi.patrols.roster import generate, load_instance, solve
from jingqi.patrols.roster.bound import lower_bound, objective_terms
from jingqi.patrols.roster.greedy import greedy_assignments
from jingqi.patrols.roster.lagrange import (
    CAP,
    DEFLECTION,
    PlanningPeople,
    lagrangian_bound,
    relaxed_target,
    subgradient_steps,
)
from jingqi.patrols.roster.repair import repair


def test_it_bounds_higher_where_shifts_and_fairness_pull_against_each_other():
    # A post needing one person round the clock for a week. One person is free all week; six are free four hours
    # a day each (00-04, 04-08, ..., 20-24). roster.bound counts the shifts as if the long range could be used
    # without limit (21 shifts of 8 hours) and, apart from that, finds room for every hour within the fair
    # share: together far below any roster. Planned person by person, the short ranges' hours come with their
    # own shifts.
    days = range(7)
    people = [{"id": "LONG", "officer": False, "available": [[0, 168]]}]
    people += [{"id": f"S{k}", "officer": False, "available": [[24 * d + 4 * k, 24 * d + 4 * k + 4] for d in days]}
               for k in range(6)]
    inst = load_instance({
        "start": "2026-03-02T00:00+08:00", "hours": 168, "night": [22, 6],
        "segments": [{"id": "S01", "need": 1, "night_need": 1, "officer_at_night": False}], "people": people,
        "rules": {"min_shift": 2, "max_shift": 8, "min_rest": 8, "max_week_hours": 40, "max_nights_in_row": 7}})
    roster = solve(inst, time_limit=5, gap_limit=0.0, mode="exact")
    optimum = objective_terms(inst, roster.assignments)
    assert optimum.missing == 0  # a roster (not proven optimal: the exact model's own bound is as weak)
    separate = lower_bound(inst).soft_given(0)
    lb = lagrangian_bound(inst, optimum, seconds=10, max_iterations=400)
    assert separate < lb.soft_given(0) <= optimum.soft, (separate, lb, optimum.soft)


@pytest.mark.parametrize(("seed", "variant"), [(2, "ok"), (4, "no_officer_night")])
def test_a_week_of_three_posts_is_bounded_below_a_roster_that_covers_every_fillable_hour(seed, variant):
    # The bound is weakened by CAP per person-hour short, so the check that means something is against a roster
    # that leaves none short that someone could stand (the search's, here).
    inst = load_instance(generate(seed, segments=3, hours=168, people=30, variant=variant))
    terms = objective_terms(inst, solve(inst, time_limit=10, mode="windows").assignments)
    lb = lagrangian_bound(inst, terms, seconds=10, max_iterations=300)
    assert terms.missing == lb.unfillable
    assert 0 < lb.soft_given(terms.missing) <= terms.soft


def test_deflected_steps_bound_higher_than_plain_steps_in_as_many_steps():
    # Plain subgradient steps zigzag between the plans of neighbouring prices; moving along a blend of the new
    # subgradient and the previous direction gets further in the same number of steps (measured at thirty posts:
    # 43,654 plain, 46,024 deflected in 30 s). Both stay below the search's roster.
    inst = load_instance(generate(2, segments=3, hours=168, people=30))
    terms = objective_terms(inst, solve(inst, time_limit=10, mode="windows").assignments)
    people = PlanningPeople(inst)
    target = relaxed_target(people, objective_terms(inst, repair(inst, greedy_assignments(inst))))

    def best_after(steps: int, deflection: float) -> float:
        best = -math.inf
        for step in subgradient_steps(people, target, deadline=time.perf_counter() + 60, max_iterations=steps,
                                      deflection=deflection):
            best = step.best
        return best

    plain, deflected = best_after(400, 0.0), best_after(400, DEFLECTION)
    assert plain < deflected <= terms.soft + CAP * (terms.missing - people.unfillable), (plain, deflected, terms)
