"""The bound of the relaxation over whole shifts (roster.lp_bound): exact where the answer is known by hand,
valid for any row prices, and far above the separate relaxations where shifts and fairness pull apart."""

import numpy as np
import pytest
from scipy.optimize import linprog

from jingqi.patrols.roster import generate, load_instance, solve
from jingqi.patrols.roster.bound import W_FAIR, W_HOUR, W_MISSING, W_SHIFT, fair_share, lower_bound, objective_terms
from jingqi.patrols.roster.lp_bound import enumerate_shifts, program, shift_lp_bound, weak_dual_value

RULES = {"min_shift": 2, "max_shift": 8, "min_rest": 8, "max_week_hours": 40, "max_nights_in_row": 7}


def _instance(people, hours=24, need=1, rules=None):
    return load_instance({
        "start": "2026-03-02T00:00+08:00", "hours": hours, "night": [22, 6],
        "segments": [{"id": "S01", "need": need, "night_need": need, "officer_at_night": False}],
        "people": people, "rules": {**RULES, **(rules or {})}})


def test_three_people_on_eight_hour_turns_is_three_shifts_exactly():
    people = [{"id": f"P{k}", "officer": False, "available": [[8 * k, 8 * k + 8]]} for k in range(3)]
    lp = shift_lp_bound(_instance(people))
    assert lp.value == 3 * W_SHIFT + 24 * W_HOUR


def test_one_person_all_day_cannot_stand_round_the_clock():
    # With 8 hours' rest after each shift, one person can stand at most 16 hours of a day: 8 person-hours are
    # missing in every roster, and the relaxation knows it (rest rows), where the separate relaxations count
    # the three shifts of unlimited copies.
    inst = _instance([{"id": "P1", "officer": False, "available": [[0, 24]]}])
    lp = shift_lp_bound(inst)
    roster = solve(inst, time_limit=10, gap_limit=0.0, mode="exact")
    assert roster.proven_optimal
    assert lower_bound(inst).value < lp.value <= roster.objective
    assert lp.value == roster.objective  # 2 shifts, 16 hours, 8 missing; the fair share is 24


def test_hours_above_the_fair_share_are_counted():
    # A post needing one person for 8 hours; two people can work, but only A may stand on it (B's post needs no
    # one). The fair share is 8 / 2 = 4, so A's shift of 8 hours is 4 above it.
    inst = load_instance({
        "start": "2026-03-02T00:00+08:00", "hours": 8, "night": [22, 6],
        "segments": [{"id": "S01", "need": 1, "night_need": 1, "officer_at_night": False},
                     {"id": "S02", "need": 0, "night_need": 0, "officer_at_night": False}],
        "people": [{"id": "A", "officer": False, "segments": ["S01"], "available": [[0, 8]]},
                   {"id": "B", "officer": False, "segments": ["S02"], "available": [[0, 8]]}],
        "rules": RULES})
    assert fair_share(inst) == 4
    lp = shift_lp_bound(inst)
    assert lp.value == W_SHIFT + 8 * W_HOUR + 4 * W_FAIR
    roster = solve(inst, time_limit=10, gap_limit=0.0, mode="exact")
    assert roster.proven_optimal and roster.objective == lp.value


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_any_prices_give_a_bound_below_the_relaxations_least(seed):
    inst = load_instance(generate(seed, segments=2, hours=48, people=12))
    A, b, cost, upper = program(inst, enumerate_shifts(inst), fair_share(inst))
    least = linprog(cost, A_ub=-A, b_ub=-b, bounds=np.stack([np.zeros_like(upper), upper], axis=1),
                    method="highs-ds").fun
    rng = np.random.default_rng(seed)
    for scale in (1, 20, 500):
        prices = rng.random(A.shape[0]) * scale
        assert weak_dual_value(A, b, cost, upper, prices) <= least + 1e-6
    assert shift_lp_bound(inst).value == pytest.approx(least, abs=1)


def test_it_is_far_above_the_separate_relaxations_on_a_generated_week():
    # Measured: 1,700 against 1,472, and the best roster a MIP solver proves is 1,715-1,720.
    inst = load_instance(generate(1, segments=2, hours=168, people=20))
    lp = shift_lp_bound(inst)
    roster = solve(inst, time_limit=10, mode="windows")
    assert objective_terms(inst, roster.assignments).value >= lp.value > lower_bound(inst).value * 1.1


def test_no_bound_when_out_of_time():
    inst = load_instance(generate(1, segments=2, hours=168, people=20))
    assert shift_lp_bound(inst, seconds=0) is None  # not even the time to list the shifts
    # 56,000 shifts: the relaxation takes about 8 s; given about one, HiGHS stops without an answer.
    inst = load_instance(generate(1, segments=4, hours=336, people=40))
    assert shift_lp_bound(inst, seconds=1.5) is None



def test_nobody_able_leaves_every_hour_missing():
    inst = _instance([{"id": "P1", "officer": False, "available": [[3, 4]]}], hours=8)
    assert shift_lp_bound(inst).value == lower_bound(inst).value == 8 * W_MISSING
