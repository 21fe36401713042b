"""A start for the windows on large operations: the relaxation over the shifts people plan under prices, rounded.

The relaxation over every shift (:mod:`.lp_bound`) is within 1-2 % of the best roster where that is known, but at
thirty posts it has half a million columns and does not solve in the time limit; the windows of :mod:`.solve`,
started from the greedy roster, re-solve a day of one post's people at a time and end about a quarter above the
bounds. Most of those columns never carry weight, though. Under the prices of the Lagrangian relaxation
(:mod:`.lagrange`) every person plans a fortnight alone; over a few dozen price steps the plans name the shifts
worth having (about 18,000 at thirty posts, one in thirty). So:

1. subgradient steps for PLAN_SHARE of the time limit, every shift of every plan kept (after the first
   SKIP_STEPS, whose prices are still far off; the last step's always), joined by the shifts of the known roster,
   so that the relaxation below can always do as well as that roster;
2. the relaxation over those shifts, every rule a row (the nights in a row included), by HiGHS's interior point
   method (through scipy), given until LP_SHARE of the time limit; its value is no bound (it leaves shifts
   out), only a guide;
3. rounding: the shifts of weight at least ROUND_MIN, heaviest first, each taken if it still stands where
   someone is short (or an officer is needed) and keeps every rule with the shifts taken before
   (:func:`.repair.can_take`); then :func:`.repair.repair` closes what it can (until REPAIR_SHARE of the time
   limit after the relaxation's deadline).

The rounded roster may leave a few hours short; the gap windows of :mod:`.solve` close them as they do for the
greedy start, and the polishing windows follow. :func:`fits` says whether the relaxation is expected to solve in
time (its time grows with the people and their shifts); otherwise the windows start from the greedy roster as
before. Measured on the benchmark's thirty posts in 30 s (bench/RESULTS.md, 2026-12-06, one run): 50,904 after the
windows against 59,662 from the greedy start; sixty posts in 90 s, 136,234 against 176,121.
"""

from __future__ import annotations

import time

import numpy as np

from .bound import objective_terms
from .instance import Instance
from .lagrange import PlanningPeople, relaxed_target, subgradient_steps
from .lp_bound import Shifts, priced_shifts, program
from .repair import PersonShifts, as_assignments, can_take, repair
from .result import Assignment

PLAN_SHARE = 1 / 6  # of the time limit, for the price steps that name the shifts
SKIP_STEPS = 15  # the first steps' plans are not kept: their prices are still far from any balance
LP_SHARE = 0.6  # the relaxation must be solved by this share of the time limit, else the start is abandoned
REPAIR_SHARE = 0.1  # of the time limit, at most, for repair after the rounding
ROUND_MIN = 0.01  # a shift with less weight in the relaxation's solution is not rounded in
# The relaxation's time, measured on the benchmark's instances (2 cores, quiet, 2026-12-06): about 12.5 s for 300
# people (23,000 planned shifts), about 42 s for 600 (52,000). Expected: LP_SECONDS_AT * (people / LP_PEOPLE_AT) **
# LP_GROWTH, and the start is tried when that is at most FIT_SHARE of the time limit (with 30 s: up to about 330
# people; with 90 s, about 610).
LP_SECONDS_AT, LP_PEOPLE_AT, LP_GROWTH = 12.5, 300, 1.8
FIT_SHARE = 0.5


def fits(inst: Instance, time_limit: float) -> bool:
    """Whether the relaxation over the planned shifts is expected to solve within FIT_SHARE of ``time_limit`` (and
    there is a shift to plan at all: no shift fits a horizon shorter than ``min_shift``)."""
    if not inst.people or inst.rules.min_shift > inst.hours:
        return False
    return LP_SECONDS_AT * (len(inst.people) / LP_PEOPLE_AT) ** LP_GROWTH <= FIT_SHARE * time_limit


def planned_shifts(inst: Instance, known: list[Assignment], *, deadline: float) -> tuple[Shifts, int]:
    """The shifts the people's plans hold over the price steps until ``deadline``, with those of ``known``:
    (shifts, steps taken)."""
    people = PlanningPeople(inst)
    target = relaxed_target(people, objective_terms(inst, known, people.fair))
    seen: set[tuple[int, int, int, int]] = set()
    steps, last = 0, None
    # Plain steps: deflected ones reach a better bound but their plans differ more from step to step, and the
    # relaxation over the three times as many shifts they name (64,549 at thirty posts) does not solve in time.
    for step in subgradient_steps(people, target, deadline=deadline, deflection=0.0):
        steps, last = steps + 1, step
        if steps > SKIP_STEPS:
            seen.update(zip(step.person.tolist(), step.post.tolist(), step.start.tolist(), step.length.tolist(),
                            strict=True))
    if last is not None:  # the last plans are kept however few steps there were
        seen.update(zip(last.person.tolist(), last.post.tolist(), last.start.tolist(), last.length.tolist(),
                        strict=True))
    person_index, seg_index = inst.person_index(), inst.segment_index()
    seen.update((person_index[a.person], seg_index[a.segment], a.start, a.end - a.start) for a in known)
    columns = np.array(sorted(seen), dtype=np.int64).reshape(-1, 4)
    return priced_shifts(inst, *columns.T), steps


def relaxed_weights(inst: Instance, sh: Shifts, fair: int, *, deadline: float) -> tuple[np.ndarray, float] | None:
    """The relaxation over ``sh`` (every rule a row): (each shift's weight, the relaxation's value), or None if
    HiGHS does not finish by ``deadline``."""
    from scipy.optimize import linprog

    if time.perf_counter() >= deadline:
        return None
    A, b, cost, upper = program(inst, sh, fair, nights=True)
    left = deadline - time.perf_counter()
    if left <= 0:
        return None
    result = linprog(cost, A_ub=-A, b_ub=-b, bounds=np.stack([np.zeros_like(upper), upper], axis=1),
                     method="highs-ipm", options={"time_limit": left})
    if result.status != 0 or result.x is None:
        return None
    return result.x[:len(sh)], float(result.fun)


def rounded(inst: Instance, sh: Shifts, weight: np.ndarray) -> list[Assignment]:
    """The shifts of weight at least ROUND_MIN, heaviest first, each taken where it is still needed and keeps
    every rule."""
    req, off_req = inst.demand()
    count = np.zeros(req.shape, dtype=np.int64)  # people standing per post and hour, as shifts are taken
    officers = np.zeros(req.shape, dtype=np.int64)
    people = {i: PersonShifts(inst, []) for i in range(len(inst.people))}
    order = np.argsort(-weight, kind="stable")
    for j in order[weight[order] >= ROUND_MIN].tolist():
        i, s, a = int(sh.person[j]), int(sh.post[j]), int(sh.start[j])
        b = a + int(sh.length[j])
        officer = inst.people[i].officer
        needed = (count[s, a:b] < req[s, a:b]).any() or (officer and (off_req[s, a:b] & (officers[s, a:b] == 0)).any())
        if not needed or not can_take(inst, i, people[i], a, b):
            continue
        people[i].take(inst, s, a, b)
        count[s, a:b] += 1
        if officer:
            officers[s, a:b] += 1
    return as_assignments(inst, people)


def guided_start(inst: Instance, fair: int, known: list[Assignment], *, t0: float, time_limit: float
                 ) -> tuple[list[Assignment] | None, dict]:
    """A roster rounded from the relaxation over the planned shifts (see the module doc), or None if the
    relaxation did not solve in time; and what it took."""
    started = time.perf_counter()
    sh, steps = planned_shifts(inst, known, deadline=t0 + PLAN_SHARE * time_limit)
    info: dict = {"guided_steps": steps, "guided_columns": len(sh)}
    solved = relaxed_weights(inst, sh, fair, deadline=t0 + LP_SHARE * time_limit)
    if solved is None:
        info["guided_seconds"] = round(time.perf_counter() - started, 2)
        return None, info
    weight, value = solved
    roster = repair(inst, rounded(inst, sh, weight), deadline=t0 + (LP_SHARE + REPAIR_SHARE) * time_limit)
    info.update({"guided_relaxation": round(value), "guided_seconds": round(time.perf_counter() - started, 2)})
    return roster, info
