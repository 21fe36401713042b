"""Gap windows (large instances): small CP-SAT windows around each remaining gap close the gaps that adding one
shift cannot (a chain of moves), keep every rule, and never leave more hours missing than they were given."""

import time

from jingqi.patrols.roster import check, generate, load_instance, solve
from jingqi.patrols.roster.bound import fair_share, objective_terms
from jingqi.patrols.roster.greedy import greedy_assignments
from jingqi.patrols.roster.model_data import uncovered_slots, usable_hours
from jingqi.patrols.roster.repair import repair
from jingqi.patrols.roster.result import Assignment
from jingqi.patrols.roster.solve import _close_gaps, _Indexed

RULES = {"min_shift": 2, "max_shift": 8, "min_rest": 8, "max_week_hours": 40, "max_nights_in_row": 3}


def missing(inst, roster):
    return sum(u.missing for u in uncovered_slots(inst, roster))


def test_a_gap_only_a_chain_of_moves_closes_is_closed():
    # X may stand on A or B, Y only on A. X stands on A and B is empty: repair cannot close B (X is busy, Y may
    # not stand there); moving X to B and putting Y on A can.
    inst = load_instance({"start": "2026-03-01T00:00+08:00", "hours": 8, "night": [22, 6],
                          "segments": [{"id": "A", "need": 1, "night_need": 1},
                                       {"id": "B", "need": 1, "night_need": 1}],
                          "people": [{"id": "X", "segments": ["A", "B"], "available": [[0, 8]]},
                                     {"id": "Y", "segments": ["A"], "available": [[0, 8]]}],
                          "rules": RULES})
    start = [Assignment("X", "A", 0, 8)]
    assert missing(inst, repair(inst, start)) == 8
    usable = usable_hours(inst)
    closed, info = _close_gaps(inst, usable, fair_share(inst, usable), start, deadline=time.perf_counter() + 5,
                               workers=1, seed=0)
    assert missing(inst, closed) == 0 and info["gap_windows_kept"] >= 1
    assert sorted(closed) == [Assignment("X", "B", 0, 8), Assignment("Y", "A", 0, 8)]
    assert check(inst, closed).ok


def test_gap_windows_keep_every_rule_and_never_miss_more():
    inst = load_instance(generate(2, segments=8, hours=192, people=70, variant="no_officer_night",
                                  rules={"max_nights_in_row": 2}))
    usable = usable_hours(inst)
    fair = fair_share(inst, usable)
    start = repair(inst, greedy_assignments(inst))
    closed, info = _close_gaps(inst, usable, fair, start, deadline=time.perf_counter() + 3, workers=1, seed=0)
    assert info["gap_windows"] >= 1
    assert check(inst, closed).rule_violations == []
    assert missing(inst, closed) <= missing(inst, start)
    assert objective_terms(inst, closed, fair).value <= objective_terms(inst, start, fair).value


def test_the_index_reads_the_same_objective_as_the_roster():
    inst = load_instance(generate(3, segments=6, hours=120, people=50))
    fair = fair_share(inst)
    roster = greedy_assignments(inst)
    index = _Indexed(inst, roster, fair)
    assert index.value() == objective_terms(inst, roster, fair).value
    dropped = roster[::3]
    index.replace(dropped, [])
    rest = [a for a in roster if a not in set(dropped)]
    assert index.value() == objective_terms(inst, rest, fair).value
    assert index.assignments() == sorted(rest, key=lambda a: (a.start, a.segment, a.person))


def test_windows_mode_closes_more_than_repair_and_passes_the_checker():
    inst = load_instance(generate(1, segments=10, hours=168, people=100))
    start = repair(inst, greedy_assignments(inst))
    roster = solve(inst, time_limit=5, mode="windows")
    assert check(inst, roster.assignments).undeclared(roster.uncovered) == []
    assert missing(inst, roster.assignments) <= missing(inst, start)
    assert roster.stats["gap_windows"] + roster.stats["polish_windows"] == roster.stats["windows"]
