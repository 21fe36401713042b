"""The roster solver: its output passes the independent checker, and gaps are named exactly, with the right reason."""

import pytest

from jingqi.patrols.roster import check, generate, greedy, load_instance, solve

RULES = {"min_shift": 2, "max_shift": 8, "min_rest": 8, "max_week_hours": 40, "max_nights_in_row": 3}


def instance(segments, people, hours=24, **rules):
    return load_instance({"start": "2026-03-01T00:00+08:00", "hours": hours, "night": [22, 6],
                          "segments": segments, "people": people, "rules": {**RULES, **rules}})


def gaps(roster):
    return {(u.segment, u.hour): u.code for u in roster.uncovered}


def assert_passes_checker(inst, roster):
    assert check(inst, roster.assignments).undeclared(roster.uncovered) == []


def test_infeasible_instance_names_exactly_the_slots_and_why():
    segments = [
        {"id": "A", "need": 1, "night_need": 1},  # nobody free 00:00-06:00
        {"id": "B", "need": 0, "night_need": 2, "officer_at_night": True},  # no officer 22:00-24:00
        {"id": "C", "need": 1, "night_need": 0},  # 21:00-22:00 only someone free for one hour
    ]
    people = [
        {"id": "A1", "segments": ["A"], "available": [[6, 14]]},
        {"id": "A2", "segments": ["A"], "available": [[14, 22]]},
        {"id": "A3", "segments": ["A"], "available": [[22, 24]]},
        {"id": "O1", "officer": True, "segments": ["B"], "available": [[0, 6]]},
        {"id": "B1", "segments": ["B"], "available": [[0, 6]]},
        {"id": "B2", "segments": ["B"], "available": [[22, 24]]},
        {"id": "C1", "segments": ["C"], "available": [[6, 14]]},
        {"id": "C2", "segments": ["C"], "available": [[14, 21]]},
        {"id": "C3", "segments": ["C"], "available": [[21, 22]]},
    ]
    inst = instance(segments, people)
    roster = solve(inst, time_limit=10, gap_limit=0.0)
    assert roster.status == "partial" and roster.proven_optimal
    expected = {("A", h): "nobody_available" for h in range(6)}
    expected |= {("B", 22): "no_officer_available", ("B", 23): "no_officer_available"}
    expected |= {("C", 21): "shift_too_short"}
    assert gaps(roster) == expected
    b22 = next(u for u in roster.uncovered if (u.segment, u.hour) == ("B", 22))
    assert b22.missing == 1 and b22.officer_missing  # B2 stands there; one officer short
    assert all(u.reason for u in roster.uncovered)
    assert_passes_checker(inst, roster)


def test_the_rest_rule_is_named():
    people = [{"id": "R1", "available": [[6, 10], [12, 14]]}, {"id": "F1", "available": [[10, 12]]},
              {"id": "F2", "available": [[14, 22]]}]
    inst = instance([{"id": "R", "need": 1, "night_need": 0}], people)
    roster = solve(inst, time_limit=10)
    assert gaps(roster) == {("R", 12): "min_rest", ("R", 13): "min_rest"}
    assert roster.uncovered[0].blocked == {"R1": "min_rest"}
    assert_passes_checker(inst, roster)


def test_the_weekly_limit_is_named():
    people = [{"id": "K1", "available": [[6, 12], [18, 20]]}, {"id": "F1", "available": [[12, 18]]},
              {"id": "F2", "available": [[20, 22]]}]
    inst = instance([{"id": "K", "need": 1, "night_need": 0}], people, max_week_hours=6, min_rest=2)
    roster = solve(inst, time_limit=10)
    assert gaps(roster) == {("K", 18): "max_week_hours", ("K", 19): "max_week_hours"}
    assert_passes_checker(inst, roster)


def test_the_nights_in_a_row_rule_is_named():
    # 00:00-06:00 is the night of 28 February, 22:00-24:00 that of 1 March: two nights in a row.
    inst = instance([{"id": "N", "need": 0, "night_need": 1}], [{"id": "N1", "available": [[0, 6], [22, 24]]}],
                    max_nights_in_row=1)
    roster = solve(inst, time_limit=10)
    assert gaps(roster) == {("N", 22): "max_nights_in_row", ("N", 23): "max_nights_in_row"}
    assert_passes_checker(inst, roster)


def test_a_full_cover_with_two_at_night_and_an_officer_reports_progress():
    people = [{"id": f"P{i}", "officer": i < 2, "available": [[0, 48]]} for i in range(8)]
    inst = instance([{"id": "S01", "need": 1, "night_need": 2, "officer_at_night": True}], people, hours=48)
    calls = []
    roster = solve(inst, time_limit=3, progress=lambda f, m: calls.append((f, m)))
    assert roster.status in ("optimal", "feasible") and roster.uncovered == []
    assert roster.bound <= roster.objective
    assert calls[0][0] == 0.0 and calls[-1][0] == 1.0
    assert all(0.0 <= f <= 1.0 for f, _m in calls) and [f for f, _m in calls] == sorted(f for f, _m in calls)
    assert_passes_checker(inst, roster)
    data = roster.to_json()
    assert {"status", "assignments", "uncovered", "objective", "bound", "seconds"} <= data.keys()


@pytest.mark.parametrize("variant", ["ok", "no_night_segment", "tight_week", "no_officer_night"])
@pytest.mark.parametrize("seed", [1, 2])
def test_solver_and_greedy_pass_the_checker_on_generated_instances(seed, variant):
    inst = load_instance(generate(seed, segments=4, hours=72, people=40, variant=variant))
    for roster in (greedy(inst), solve(inst, time_limit=2)):
        assert_passes_checker(inst, roster)
        assert (roster.status == "partial") == bool(roster.uncovered)
        assert all(u.code and u.reason for u in roster.uncovered)


def test_generated_variants_name_their_planted_gaps():
    data = generate(5, segments=4, hours=72, people=40, variant="no_night_segment")
    inst = load_instance(data)
    roster = solve(inst, time_limit=3)
    target = data["generator"]["segment_without_night"]
    night_slots = {(target, h) for h in range(72) if inst.is_night[h]}
    assert night_slots <= set(gaps(roster))
    assert {gaps(roster)[s] for s in night_slots} == {"nobody_available"}

    # At the variant's 12 hours a week this small operation can be covered in principle: a 2-second search leaves
    # one slot or another open, for one reason or another, run to run. At 6 hours forty people cannot cover three
    # days, and the gaps are the week's.
    data = generate(5, segments=4, hours=72, people=40, variant="tight_week")
    data["rules"]["max_week_hours"] = 6
    roster = solve(load_instance(data), time_limit=2)
    reasons = list(gaps(roster).values())
    assert reasons.count("max_week_hours") > len(reasons) / 2
