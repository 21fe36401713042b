"""The independent lower bounds (roster.bound's, roster.lagrange's and roster.lp_bound's) never exceed a proven
optimum, and the
lexicographic reading (the uncovered hours, then the soft terms given as many missing) never exceeds what a roster
achieves at either level."""

import pytest

from jingqi.patrols.roster import generate, load_instance, solve
from jingqi.patrols.roster.bound import W_MISSING, lower_bound, objective_terms
from jingqi.patrols.roster.greedy import greedy_assignments
from jingqi.patrols.roster.lagrange import lagrangian_bound
from jingqi.patrols.roster.lp_bound import shift_lp_bound


# Small enough for the exact model to prove its optimum in well under a second on a quiet machine.
@pytest.mark.parametrize(("seed", "segments", "people", "variant", "rules"), [
    (1, 1, 6, "ok", {}),
    (2, 1, 6, "ok", {"max_nights_in_row": 1}),
    (3, 1, 6, "no_officer_night", {}),
    (4, 1, 6, "tight_week", {}),
    (5, 1, 6, "no_night_segment", {"min_rest": 4}),
    (4, 2, 10, "tight_week", {}),
])
def test_the_bound_never_exceeds_a_proven_optimum(seed, segments, people, variant, rules):
    inst = load_instance(generate(seed, segments=segments, hours=24, people=people, variant=variant, rules=rules))
    roster = solve(inst, time_limit=10, gap_limit=0.0, mode="exact")
    assert roster.stats["mode"] == "exact" and roster.proven_optimal
    lb = lower_bound(inst)
    optimum = objective_terms(inst, roster.assignments)
    assert lb.value <= optimum.value == roster.objective
    # The soft bound by Lagrangian relaxation (roster.lagrange) too, at the optimum's own missing hours.
    assert lagrangian_bound(inst, optimum, seconds=5, max_iterations=300).soft_given(optimum.missing) <= optimum.soft
    # The relaxation over whole shifts: below the optimum, and never below the separate relaxations.
    lp = shift_lp_bound(inst, seconds=30)
    assert lb.value <= lp.value <= optimum.value
    assert lb.missing <= optimum.missing and lb.officer_missing <= optimum.officer_missing
    # Second level: no roster with as many person-hours short has smaller soft terms than the bound says.
    assert lb.soft_given(optimum.missing) <= optimum.soft
    lex = roster.stats["lexicographic"]
    assert lex["uncovered"] == optimum.missing + optimum.officer_missing
    assert lex["uncovered_bound"] <= lex["uncovered"] and lex["soft_bound"] <= lex["soft"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_soft_bound_holds_at_any_number_of_missing_hours(seed):
    # The greedy roster leaves more hours short than the least possible: the soft bound at its own count
    # still lies below its soft terms, and the bound grows no larger as more hours are missing.
    inst = load_instance(generate(seed, segments=6, hours=120, people=50))
    lb = lower_bound(inst)
    terms = objective_terms(inst, greedy_assignments(inst))
    assert terms.missing >= lb.missing
    assert lb.soft_given(terms.missing) <= terms.soft
    assert lb.soft_given(terms.missing) <= lb.soft_given(lb.missing)
    assert lb.value == W_MISSING * (lb.missing + lb.officer_missing) + lb.soft_given(lb.missing)
