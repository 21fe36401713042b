"""The guided start of the windows (roster.guided): the relaxation over the shifts people plan under prices,
rounded into a roster that keeps every rule and scores better than the repaired greedy roster."""

import time

import numpy as np

from jingqi.patrols.roster import check, generate, guided, load_instance, solve
from jingqi.patrols.roster.bound import fair_share, objective_terms
from jingqi.patrols.roster.greedy import greedy_assignments
from jingqi.patrols.roster.lp_bound import priced_shifts
from jingqi.patrols.roster.repair import repair


def two_people_one_post():
    people = [{"id": p, "officer": False, "available": [[0, 24]]} for p in ("A", "B")]
    return load_instance({"start": "2026-03-01T00:00+08:00", "hours": 24, "night": [22, 6],
                          "segments": [{"id": "S", "need": 1, "night_need": 1, "officer_at_night": False}],
                          "people": people,
                          "rules": {"min_shift": 2, "max_shift": 8, "min_rest": 8, "max_week_hours": 40,
                                    "max_nights_in_row": 3}})


def test_the_guided_start_keeps_every_rule_and_beats_the_repaired_greedy_roster():
    inst = load_instance(generate(1, segments=6, hours=168, people=60))
    fair = fair_share(inst)
    base = repair(inst, greedy_assignments(inst))
    start, info = guided.guided_start(inst, fair, base, t0=time.perf_counter(), time_limit=12)
    assert start is not None
    assert check(inst, start).rule_violations == []
    assert objective_terms(inst, start, fair).value < objective_terms(inst, base, fair).value
    assert info["guided_steps"] > guided.SKIP_STEPS and info["guided_columns"] >= len(base)


def test_rounding_takes_the_heaviest_shifts_that_are_still_needed_and_keep_the_rules():
    inst = two_people_one_post()
    # A 0-8 (weight 1); A 10-18 (0.9): within A's rest after 8; B 2-6 (0.8): the post is already stood then;
    # B 8-16 (0.7): taken.
    sh = priced_shifts(inst, [0, 0, 1, 1], [0, 0, 0, 0], [0, 10, 2, 8], [8, 8, 4, 8])
    roster = guided.rounded(inst, sh, np.array([1.0, 0.9, 0.8, 0.7]))
    assert [(a.person, a.start, a.end) for a in roster] == [("A", 0, 8), ("B", 8, 16)]
    assert check(inst, roster).rule_violations == []


def test_a_shift_of_too_little_weight_is_not_rounded_in():
    inst = two_people_one_post()
    sh = priced_shifts(inst, [0], [0], [0], [8])
    assert guided.rounded(inst, sh, np.array([guided.ROUND_MIN / 2])) == []
    assert len(guided.rounded(inst, sh, np.array([guided.ROUND_MIN]))) == 1


def test_the_guided_start_gives_up_when_the_relaxation_cannot_finish_in_time():
    inst = load_instance(generate(2, segments=4, hours=168, people=40))
    fair = fair_share(inst)
    sh = priced_shifts(inst, [0], [inst.people[0].segments[0]], [inst.people[0].available[0][0]], [2])
    assert guided.relaxed_weights(inst, sh, fair, deadline=time.perf_counter() + 30) is not None
    assert guided.relaxed_weights(inst, sh, fair, deadline=time.perf_counter() - 1) is None
    base = repair(inst, greedy_assignments(inst))
    start, info = guided.guided_start(inst, fair, base, t0=time.perf_counter() - 10, time_limit=1)
    assert start is None and "guided_relaxation" not in info


def test_the_relaxation_is_expected_to_fit_thirty_posts_in_thirty_seconds_but_not_sixty():
    thirty = load_instance(generate(1, segments=30, hours=48, people=300))
    sixty = load_instance(generate(1, segments=60, hours=48, people=600))
    assert guided.fits(thirty, 30) and not guided.fits(sixty, 30) and guided.fits(sixty, 90)


def test_the_windows_start_from_the_guided_roster_and_keep_every_rule():
    inst = load_instance(generate(3, segments=6, hours=168, people=60))
    roster = solve(inst, time_limit=12, mode="windows")
    assert roster.stats["guided"] is True
    assert check(inst, roster.assignments).undeclared(roster.uncovered) == []
    repaired = repair(inst, greedy_assignments(inst))
    assert roster.objective < objective_terms(inst, repaired).value
    assert roster.objective == objective_terms(inst, roster.assignments).value


def test_shifts_are_priced_by_the_objectives_terms():
    people = [{"id": "A", "officer": False, "available": [[0, 24]],
               "preferences": {"segments": ["S"], "avoid_nights": True}}]
    inst = load_instance({"start": "2026-03-01T00:00+08:00", "hours": 24, "night": [22, 6],
                          "segments": [{"id": "S", "need": 1, "night_need": 1, "officer_at_night": False},
                                       {"id": "T", "need": 1, "night_need": 1, "officer_at_night": False}],
                          "people": people,
                          "rules": {"min_shift": 2, "max_shift": 8, "min_rest": 8, "max_week_hours": 40,
                                    "max_nights_in_row": 3}})
    # 20 per shift, 1 per hour, 2 per hour on a post not preferred, 2 per night hour for one who avoids nights.
    sh = priced_shifts(inst, [0, 0, 0], [0, 1, 0], [8, 8, 20], [4, 4, 4])
    assert sh.cost.tolist() == [24, 24 + 8, 24 + 2 * 2]


def test_the_guided_start_can_be_switched_off():
    inst = load_instance(generate(3, segments=3, hours=96, people=30))
    roster = solve(inst, time_limit=3, mode="windows", guided_start=False)
    assert roster.stats["guided"] is False and "guided_steps" not in roster.stats
    assert check(inst, roster.assignments).undeclared(roster.uncovered) == []


def test_the_last_plans_are_kept_however_few_steps_there_were(monkeypatch):
    inst = two_people_one_post()
    monkeypatch.setattr(guided, "SKIP_STEPS", 10**6)
    sh, steps = guided.planned_shifts(inst, [], deadline=time.perf_counter() + 2)
    assert steps >= 1 and len(sh) >= 1
    rules = inst.rules
    assert all(rules.min_shift <= n <= rules.max_shift and a >= 0 and a + n <= inst.hours
               for a, n in zip(sh.start.tolist(), sh.length.tolist(), strict=True))


def test_no_guided_start_where_no_shift_fits_the_horizon():
    people = [{"id": "A", "officer": False, "available": [[0, 3]]}]
    inst = load_instance({"start": "2026-03-01T00:00+08:00", "hours": 3, "night": [22, 6],
                          "segments": [{"id": "S", "need": 1, "night_need": 1, "officer_at_night": False}],
                          "people": people,
                          "rules": {"min_shift": 4, "max_shift": 8, "min_rest": 8, "max_week_hours": 40,
                                    "max_nights_in_row": 3}})
    assert not guided.fits(inst, 30)
    roster = solve(inst, time_limit=2, mode="windows")
    assert roster.status == "partial" and roster.stats["guided"] is False


def test_a_guided_start_worse_than_the_repaired_greedy_roster_is_not_taken(monkeypatch):
    inst = load_instance(generate(3, segments=3, hours=96, people=30))
    monkeypatch.setattr(guided, "guided_start", lambda *args, **kwargs: ([], {"guided_steps": 0}))
    roster = solve(inst, time_limit=3, mode="windows")
    assert roster.stats["guided"] is False and roster.stats["guided_steps"] == 0
    assert check(inst, roster.assignments).undeclared(roster.uncovered) == []
    assert roster.assignments
