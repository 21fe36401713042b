"""The window search (large instances) and the independent lower bound.

Large instances are improved window by window with everything outside fixed; its rosters must pass the
checker across window edges (weeks at hour 168, nights in a row, rest, shifts running over an edge), and
the bound must never exceed what a roster achieves.
"""

import pytest

from jingqi.patrols.roster import check, generate, greedy, load_instance, solve
from jingqi.patrols.roster.bound import lower_bound, objective_terms

RULES = {"min_shift": 2, "max_shift": 8, "min_rest": 8, "max_week_hours": 40, "max_nights_in_row": 3}


def assert_passes_checker(inst, roster):
    assert check(inst, roster.assignments).undeclared(roster.uncovered) == []


@pytest.mark.parametrize(("seed", "variant", "rules"), [
    (1, "ok", {"max_nights_in_row": 1}),
    (2, "tight_week", {}),
    (3, "no_officer_night", {"max_week_hours": 20, "max_nights_in_row": 2}),
])
def test_window_rosters_pass_the_checker_across_weeks_and_night_runs(seed, variant, rules):
    # 192 hours: the week boundary at 168 and several nights fall inside and across 24-hour windows.
    inst = load_instance(generate(seed, segments=3, hours=192, people=30, variant=variant, rules=rules))
    roster = solve(inst, time_limit=4, mode="windows", window_hours=24)
    assert roster.stats["mode"] == "windows" and roster.stats["windows"] >= 1
    assert_passes_checker(inst, roster)
    assert all(u.code and u.reason for u in roster.uncovered)
    assert roster.bound <= roster.objective
    assert roster.objective == objective_terms(inst, roster.assignments).value
    assert roster.objective <= objective_terms(inst, greedy(inst).assignments).value


def test_windows_find_a_full_cover_where_there_is_one():
    people = [{"id": f"P{i}", "officer": i % 3 == 0, "available": [[0, 96]]} for i in range(24)]
    inst = load_instance({"start": "2026-03-01T00:00+08:00", "hours": 96, "night": [22, 6],
                          "segments": [{"id": "A", "need": 1, "night_need": 2, "officer_at_night": True},
                                       {"id": "B", "need": 1, "night_need": 1}],
                          "people": people, "rules": RULES})
    roster = solve(inst, time_limit=3, mode="windows", window_hours=24)
    assert roster.uncovered == [] and roster.status in ("optimal", "feasible")
    assert_passes_checker(inst, roster)


@pytest.mark.parametrize("seed", [1, 2])
def test_the_bound_is_below_the_exact_models_roster(seed):
    inst = load_instance(generate(seed, segments=2, hours=48, people=16))
    roster = solve(inst, time_limit=3, mode="exact")
    assert roster.stats["mode"] == "exact"
    lb = lower_bound(inst)
    assert lb.value <= roster.objective
    assert roster.objective == objective_terms(inst, roster.assignments).value


def test_the_bound_counts_slots_nobody_can_fill():
    inst = load_instance({"start": "2026-03-01T00:00+08:00", "hours": 24, "night": [22, 6],
                          "segments": [{"id": "A", "need": 1, "night_need": 2, "officer_at_night": True}],
                          "people": [{"id": "P1", "available": [[8, 16]]}], "rules": RULES})
    lb = lower_bound(inst)
    # 16 day hours and 2 x 8 night hours required; one person can cover at most 8 of them; 8 officer hours.
    assert lb.missing == 32 - 8 and lb.officer_missing == 8
    roster = solve(inst, time_limit=5)
    assert roster.objective == lb.value and roster.proven_optimal
