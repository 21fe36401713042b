"""A roster from the relaxation over whole shifts: solve it, then integer programs over the shifts it favours.

The linear relaxation of :mod:`.lp_bound` is within 1-2 % of the best roster on the generated instances where
that is known (not where the nights-in-a-row rule binds hard: see there), but its solution is fractional. Its
support — the shifts it gives any weight — is small (about 1 % of the shifts a fortnight of four posts
allows), and good rosters are mostly made of them. So:

1. the relaxation, solved (HiGHS dual simplex through scipy); its bound is kept whatever follows;
2. the integer program over its support, joined by the shifts of a known roster (the greedy one, repaired,
   so it is feasible and never worse than that roster), with every rule, the nights in a row included;
3. unless that roster is within ``gap_limit`` of the bound, the integer program again over the shifts whose
   reduced cost is below REDUCED_COST (at most MAX_COLUMNS), then, each time it is solved to the end, below a
   threshold four times as wide. Every roster costs at least the bound plus the sum of its shifts' reduced
   costs, so once the threshold reaches the gap left, no better roster uses a shift outside the set, and an
   optimum over it is proven optimal.

Measured on a quiet machine (2 cores): a week of two posts and twenty people, 1,720 against the bound's
1,700 (1.2 %; the best a MIP solver over every shift proves in two minutes is 1,715 to 1,720, the CP-SAT
model over hours gives 1,860); a fortnight of four posts and forty people, 6,185 against 6,075 (1.8 %) in
30 s, where the CP-SAT model over hours left hours uncovered (77,325).

The price is the relaxation's size: every shift of every person is a column, about 60,000 for four posts
over a fortnight, half a million for thirty, where the relaxation alone did not finish in twenty minutes.
:func:`.solve.solve` uses it when :func:`.solve.lp_fits` the shifts in the time limit.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from .bound import objective_terms
from .instance import Instance
from .lp_bound import LPBound, Shifts, enumerate_shifts, program, relax
from .result import Assignment

MAX_COLUMNS = 20_000  # the most shifts the second integer program takes
REDUCED_COST = 2.0  # its shifts: within this of the least reduced cost (measured best of 0.5, 2 and 5)
SUPPORT = 1e-6  # a shift with at least this weight in the relaxation's solution joins the integer program


def _subset(sh: Shifts, keep: np.ndarray) -> Shifts:
    return Shifts(sh.person[keep], sh.post[keep], sh.start[keep], sh.length[keep], sh.cost[keep])


def _indices(inst: Instance, sh: Shifts, roster: list[Assignment]) -> np.ndarray:
    """The columns of a roster's shifts (those the enumeration has; a shift outside it is left out)."""
    person, post = inst.person_index(), inst.segment_index()
    key = {k: j for j, k in enumerate(zip(sh.person.tolist(), sh.post.tolist(), sh.start.tolist(),
                                          sh.length.tolist(), strict=True))}
    found = [key.get((person.get(a.person), post.get(a.segment), a.start, a.end - a.start)) for a in roster]
    return np.array([j for j in found if j is not None], dtype=np.int64)


def price_and_branch(inst: Instance, fair: int, known: list[Assignment], *, deadline: float,
                     gap_limit: float = 0.01, lp_share: float = 0.6,
                     progress: Callable[[float, str], None] | None = None
                     ) -> tuple[list[Assignment] | None, LPBound | None, dict]:
    """(roster or None, the relaxation's bound or None, figures; ``figures["proven"]``: the roster is optimal).

    The relaxation gets ``lp_share`` of the time left; the integer program over its support half the rest,
    the ones over the shifts of smallest reduced cost what remains (skipped once the roster is within
    ``gap_limit`` of the bound). None when nothing is found in time. ``progress`` is called with (fraction,
    message) as each step starts."""
    from django.utils.translation import gettext as _

    def report(fraction: float, message: str) -> None:
        if progress is not None:
            progress(fraction, message)

    t0 = time.perf_counter()
    sh = enumerate_shifts(inst)
    info: dict = {"shift_columns": len(sh), "proven": False}
    relaxed = relax(inst, sh, fair, seconds=(deadline - t0) * lp_share)
    info["lp_seconds"] = round(time.perf_counter() - t0, 2)
    if relaxed is None:
        return None, None, info
    bound, reduced = relaxed.bound, relaxed.reduced
    value = bound.value  # the weak-duality value rounded up: still a bound, since every objective is whole

    keep = np.zeros(len(sh), dtype=bool)
    keep[relaxed.x >= SUPPORT] = True
    keep[_indices(inst, sh, known)] = True
    report(0.5, _("choosing the shifts"))
    half = time.perf_counter() + (deadline - time.perf_counter()) / 2
    roster, _optimal = _integral(inst, fair, sh, keep, half, info, "support", rel_gap=1e-4)
    if roster is None:
        return None, bound, info
    best = objective_terms(inst, roster, fair).value
    info["proven"] = best <= bound.value
    # Reduced-cost fixing: since every roster costs at least value + the sum of its shifts' reduced costs, a
    # better one uses no shift whose reduced cost is the gap or more. The shifts within REDUCED_COST of the least
    # are those a better roster most likely uses; each time their integer program is solved to the end, the
    # threshold is widened fourfold, and once it reaches the gap they are all a better roster may use.
    threshold, rounds = REDUCED_COST, 0
    while best - value > gap_limit * best and deadline - time.perf_counter() >= 0.5:
        limit = min(best - value, threshold)
        wider = reduced < limit + 1e-6  # a hair wide of the gap, for the floating-point sums
        capped = wider.sum() > MAX_COLUMNS
        if capped:
            wider[:] = False
            wider[np.argsort(reduced)[:MAX_COLUMNS]] = True
        complete = limit >= best - value and not capped
        wider[_indices(inst, sh, roster)] = True
        info["within_reduced_cost"] = int(wider.sum())
        if rounds == 0:
            report(0.75, _("improving the roster"))
        rounds += 1
        better, optimal = _integral(inst, fair, sh, wider, deadline, info, "reduced", rel_gap=0.0)
        if better is not None:
            value_better = objective_terms(inst, better, fair).value
            if value_better <= best:
                roster, best = better, value_better
        if optimal and complete:
            info["proven"] = True
        if not optimal or complete or capped:
            break
        threshold *= 4
    info["reduced_rounds"] = rounds
    info["proven"] = info["proven"] or best <= bound.value
    return roster, bound, info


def _integral(inst: Instance, fair: int, sh: Shifts, keep: np.ndarray, deadline: float, info: dict,
              name: str, *, rel_gap: float) -> tuple[list[Assignment] | None, bool]:
    """The integer program over the kept shifts, every rule included: (roster or None, proven optimal over them)."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    sub = _subset(sh, keep)
    info[f"{name}_columns"] = len(sub)
    A, b, cost, upper = program(inst, sub, fair, nights=True)
    # Shifts and the nights worked are 0/1; slacks and hours above the share follow from them.
    integral = np.zeros(A.shape[1])
    integral[:len(sub)] = 1
    integral[len(sub) + 2 * len(inst.segments) * inst.hours + len(inst.people):] = 1
    left = deadline - time.perf_counter()
    if left <= 0.1:
        return None, False
    t0 = time.perf_counter()
    found = milp(cost, constraints=LinearConstraint(A, lb=b, ub=np.inf), integrality=integral,
                 bounds=Bounds(np.zeros_like(upper), upper),
                 options={"time_limit": left, "disp": False, "mip_rel_gap": rel_gap})
    info[f"{name}_seconds"] = round(time.perf_counter() - t0, 2)
    if found.x is None:
        return None, False
    chosen = np.nonzero(found.x[:len(sub)] > 0.5)[0]
    return ([Assignment(inst.people[sub.person[j]].id, inst.segments[sub.post[j]].id, int(sub.start[j]),
                        int(sub.start[j] + sub.length[j])) for j in chosen.tolist()], found.status == 0)

