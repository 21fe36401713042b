"""Gap repair: after it, no gap is left where someone could still stand, and no rule is broken."""

import pytest

from jingqi.patrols.roster import check, generate, load_instance
from jingqi.patrols.roster.diagnose import diagnose
from jingqi.patrols.roster.greedy import greedy_assignments
from jingqi.patrols.roster.model_data import uncovered_slots
from jingqi.patrols.roster.repair import repair


@pytest.mark.parametrize(("seed", "variant"), [(1, "ok"), (2, "ok"), (3, "tight_week"), (4, "no_officer_night")])
def test_repair_leaves_no_gap_someone_could_still_fill_and_breaks_no_rule(seed, variant):
    inst = load_instance(generate(seed, segments=8, hours=192, people=70, variant=variant))
    greedy = greedy_assignments(inst)
    repaired = repair(inst, greedy)
    assert check(inst, repaired).rule_violations == []
    before, after = uncovered_slots(inst, greedy), uncovered_slots(inst, repaired)
    assert sum(u.missing for u in after) <= sum(u.missing for u in before)
    assert [u for u in diagnose(inst, repaired, after) if u.code == "not_reached"] == []
    # It only adds hours: every shift of the greedy roster is still stood (possibly longer).
    for a in greedy:
        assert any(b.person == a.person and b.segment == a.segment and b.start <= a.start and a.end <= b.end
                   for b in repaired)


def test_repair_closes_a_gap_the_greedy_pass_left():
    inst = load_instance(generate(1, segments=8, hours=192, people=70))
    greedy = greedy_assignments(inst)
    fillable = [u for u in diagnose(inst, greedy) if u.code == "not_reached"]
    if not fillable:
        pytest.skip("this instance's greedy roster has no fillable gap")
    assert len(uncovered_slots(inst, repair(inst, greedy))) < len(uncovered_slots(inst, greedy))


def test_ruin_and_repair_never_misses_more_and_breaks_no_rule():
    import time

    from jingqi.patrols.roster.repair import ruin_and_repair

    inst = load_instance(generate(2, segments=8, hours=192, people=70))
    repaired = repair(inst, greedy_assignments(inst))
    improved = ruin_and_repair(inst, repaired, deadline=time.perf_counter() + 3, seed=1)
    assert check(inst, improved).rule_violations == []
    assert sum(u.missing for u in uncovered_slots(inst, improved)) <= sum(
        u.missing for u in uncovered_slots(inst, repaired))


@pytest.mark.parametrize(("seed", "variant"), [(2, "no_officer_night"), (3, "ok"), (4, "ok")])
def test_rebalance_hands_shifts_to_people_below_the_fair_share_and_keeps_every_rule(seed, variant):
    from jingqi.patrols.roster.bound import fair_share, objective_terms
    from jingqi.patrols.roster.model_data import coverage_counts
    from jingqi.patrols.roster.repair import rebalance

    inst = load_instance(generate(seed, segments=8, hours=192, people=70, variant=variant))
    fair = fair_share(inst)
    start = repair(inst, greedy_assignments(inst))
    moved = rebalance(inst, start, fair)
    assert check(inst, moved).rule_violations == []
    before, after = objective_terms(inst, start, fair), objective_terms(inst, moved, fair)
    assert after.excess < before.excess and after.value < before.value
    # The same shifts (only their people change), so coverage, officers included, is the same.
    assert coverage_counts(inst, moved) == coverage_counts(inst, start)
    assert sorted((a.segment, a.start, a.end) for a in moved) == sorted((a.segment, a.start, a.end) for a in start)
