"""The tightest bound on the roster objective: the linear relaxation of the roster written over whole shifts.

:func:`.bound.lower_bound` relaxes shifts and fairness separately and :mod:`.lagrange` plans each person's
fortnight under prices; both stay about a quarter below the rosters found. Here every shift a person could
hold is a variable in [0, 1] — person, post, start and length, inside one of their availability ranges and
on a post they may stand on — and the rules that bind a person are rows:

* **cover**: per post and hour, the shifts standing there plus a slack (``W_MISSING`` per person-hour)
  meet the requirement; per night post and hour needing an officer, the officers' shifts plus a slack
  (``W_MISSING``) reach 1;
* **one shift at a time, with the rest after it**: per person and hour at which one of their shifts may
  start, the shifts whose ``[start, end + min_rest)`` contain that hour sum to at most 1 (two shifts of
  one person are apart by the rest rule exactly when these stretches do not meet; an hour where no shift
  starts adds nothing, its shifts all contain the latest start before it);
* **hours per week**: per person and 168-hour block, at most ``max_week_hours``;
* **the fair share**: per person, a column of hours above it (``W_FAIR`` each).

The objective is the roster objective (:func:`.bound.objective_terms`) term for term, so every roster is a
0/1 point of this program and its value is at least the program's least. Only the nights-in-a-row rule is
left out: with the generator's rules (at most three nights in a row) adding it moved the relaxation by
nothing (a 2-post week). Where it binds hard the relaxation can be far below every roster: with at most one
night in a row, a 2-post, 5-day instance has a relaxation of 1,228 and a best roster of 201,188, since
rosters must leave night hours short that the relaxation covers in fractions (adding the rule's rows lifts
it only to 1,345).

The program is solved by HiGHS (dual simplex, through scipy), and the bound is then evaluated from the row
prices it returns, not taken from the solver's objective: for any prices ``pi >= 0``,

    pi . b + sum over columns of min(0, reduced cost) * upper bound

is at most the program's least (weak duality), whatever the solver's tolerances did; it is rounded up,
since every roster's objective is a whole number. With the generator's rules it is within 1-2 % of the best
roster known: a 2-post fortnight, equal (3,278, proven); a 2-post week, 1,700 against 1,715-1,720 (the bounds
of a MIP solver over every shift); a 4-post fortnight, 6,075 against 6,185 found. The separate relaxations
are 7-14 % below.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from .bound import W_FAIR, W_HOUR, W_MISSING, W_PREF, W_SHIFT, fair_share
from .instance import WEEK, Instance


@dataclass
class LPBound:
    value: int  # a lower bound on the objective of every roster
    columns: int  # shift variables
    rows: int
    seconds: float


@dataclass
class Shifts:
    """Every shift a person could hold, as parallel arrays."""

    person: np.ndarray
    post: np.ndarray
    start: np.ndarray
    length: np.ndarray
    cost: np.ndarray  # W_SHIFT + W_HOUR * length + W_PREF * hours against a preference

    def __len__(self) -> int:
        return len(self.person)


def priced_shifts(inst: Instance, person, post, start, length) -> Shifts:
    """Shifts from parallel arrays, each with its cost in the objective: per shift, per hour, and per hour
    against a preference (a post not preferred, a night hour for one who avoids nights)."""
    person, post, start, length = (np.asarray(a, dtype=np.int64) for a in (person, post, start, length))
    nights_before = np.concatenate([[0], np.cumsum(np.array(inst.is_night[:inst.hours], dtype=np.int64))])
    wrong = np.zeros((len(inst.people), len(inst.segments)), dtype=np.int64)  # a post the person did not prefer
    avoid = np.zeros(len(inst.people), dtype=np.int64)
    for i, p in enumerate(inst.people):
        if p.preferred_segments:
            wrong[i] = 1
            wrong[i, list(p.preferred_segments)] = 0
        avoid[i] = p.avoid_nights
    nights = (nights_before[start + length] - nights_before[start]) * avoid[person]
    cost = W_SHIFT + W_HOUR * length + W_PREF * (wrong[person, post] * length + nights)
    return Shifts(person, post, start, length, cost.astype(np.int64))


def enumerate_shifts(inst: Instance) -> Shifts:
    r = inst.rules
    parts = []
    for i, p in enumerate(inst.people):
        for a, b in p.available:
            for length in range(r.min_shift, min(r.max_shift, b - a) + 1):
                starts = np.arange(a, b - length + 1)
                for s in p.segments:
                    parts.append(np.stack(np.broadcast_arrays(i, s, starts, length)))
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return Shifts(empty, empty, empty, empty, empty)
    return priced_shifts(inst, *np.concatenate(parts, axis=1).astype(np.int64))


def count_shifts(inst: Instance) -> int:
    """How many shifts :func:`enumerate_shifts` would list (without listing them)."""
    r = inst.rules
    total = 0
    for p in inst.people:
        for a, b in p.available:
            lengths = range(r.min_shift, min(r.max_shift, b - a) + 1)
            total += len(p.segments) * sum(b - a - length + 1 for length in lengths)
    return total


def program(inst: Instance, sh: Shifts, fair: int, *, nights: bool = False):
    """The rows as ``A @ x >= b`` over the columns [shifts, cover slacks, officer slacks, excess per person],
    with the columns' costs and upper bounds. ``nights``: also the nights-in-a-row rule, with a column per
    person and night date (worked or not; after the excess columns) — for the integer program of
    :mod:`.price_and_branch` and the relaxation of :mod:`.guided`, whose solutions are used as rosters."""
    import scipy.sparse as sp

    r = inst.rules
    P, S, H = len(inst.people), len(inst.segments), inst.hours
    n = len(sh)
    req, off_req = inst.demand()
    officer = np.array([q.officer for q in inst.people], dtype=bool)
    weeks = (H + WEEK - 1) // WEEK
    p, s, t, L = sh.person, sh.post, sh.start, sh.length
    rows, cols, vals = [], [], []

    def add(row, col, val):
        rows.append(row)
        cols.append(col)
        vals.append(np.broadcast_to(np.asarray(val, dtype=float), row.shape))

    # Cover (rows 0 .. S*H) and officers at night (S*H .. 2*S*H): +1 per hour a shift stands there.
    for k in range(int(L.max(initial=0))):
        on = np.nonzero(k < L)[0]
        add(s[on] * H + t[on] + k, on, 1.0)
        off = on[officer[p[on]] & off_req[s[on], t[on] + k]]
        add(S * H + s[off] * H + t[off] + k, off, 1.0)
    # One shift at a time with the rest after it: -1 per hour of [start, end + min_rest), at hours where a shift
    # of the same person may start.
    base = 2 * S * H
    can_start = np.zeros((P, H), dtype=bool)
    can_start[p, t] = True
    stretch = L + r.min_rest
    for k in range(int(stretch.max(initial=0))):
        h = t + k
        on = np.nonzero((k < stretch) & (h < H))[0]
        on = on[can_start[p[on], h[on]]]
        add(base + p[on] * H + h[on], on, -1.0)
    # Hours per week.
    base += P * H
    for w in range(weeks):
        inside = np.clip(np.minimum(t + L, (w + 1) * WEEK) - np.maximum(t, w * WEEK), 0, None)
        on = np.nonzero(inside)[0]
        add(base + p[on] * weeks + w, on, -inside[on])
    # Hours above the fair share: excess - sum(length) >= -fair.
    base += P * weeks
    add(base + p, np.arange(n), -L)
    add(base + np.arange(P), n + 2 * S * H + np.arange(P), 1.0)
    # Slacks.
    slots = np.arange(S * H)
    add(slots, n + slots, 1.0)
    add(S * H + slots, n + S * H + slots, 1.0)
    n_rows, n_cols = base + P, n + 2 * S * H + P
    b = [req.ravel(), off_req.ravel(), -np.ones(P * H), np.full(P * weeks, -r.max_week_hours), np.full(P, -fair)]
    cost = [sh.cost, np.full(2 * S * H, W_MISSING), np.full(P, W_FAIR)]
    # Hours above the share are at most the horizon's: a finite upper bound keeps weak_dual_value finite when the
    # solver's price of a share row is a hair above W_FAIR.
    upper = [np.ones(n), req.ravel(), off_req.ravel(), np.full(P, H)]
    if nights:
        n_rows, n_cols = _nights_rows(inst, sh, add, b, cost, upper, n_rows, n_cols)
    A = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n_rows, n_cols))
    b, cost, upper = (np.concatenate(part).astype(float) for part in (b, cost, upper))
    used = np.diff(A.indptr) > 0  # rows with no entry (hours no one may start a shift, slots no one needs)
    return A[used], b[used], cost, upper


def _nights_rows(inst: Instance, sh: Shifts, add, b, cost, upper, n_rows: int, n_cols: int) -> tuple[int, int]:
    """Of any ``max_nights_in_row + 1`` consecutive night dates, a person works at most ``max_nights_in_row``:
    a column per person and date some shift of theirs touches (``worked - shift >= 0`` per shift and date),
    and a row per run of consecutive dates."""
    limit = inst.rules.max_nights_in_row
    night_of = np.array([-10**6 if d is None else d for d in inst.night_of[:inst.hours]], dtype=np.int64)
    pairs = set()  # (shift, person, date)
    for k in range(int(sh.length.max(initial=0))):
        on = np.nonzero(k < sh.length)[0]
        dates = night_of[sh.start[on] + k]
        on, dates = on[dates > -10**6], dates[dates > -10**6]
        pairs.update(zip(on.tolist(), sh.person[on].tolist(), dates.tolist(), strict=True))
    if not pairs:
        return n_rows, n_cols
    worked = {}  # (person, date) -> column
    for _shift, person, date in sorted(pairs, key=lambda x: (x[1], x[2])):
        worked.setdefault((person, date), n_cols + len(worked))
    shift, person, date = (np.array(col) for col in zip(*pairs, strict=True))
    col = np.array([worked[(p, d)] for p, d in zip(person.tolist(), date.tolist(), strict=True)])
    row = n_rows + np.arange(len(pairs))
    add(row, col, 1.0)
    add(row, shift, -1.0)
    b.append(np.zeros(len(pairs)))
    n_rows += len(pairs)
    runs_rows, runs_cols = [], []
    for p, d in worked:
        run = [worked.get((p, d + j)) for j in range(limit + 1)]
        if all(x is not None for x in run):
            runs_rows.extend([n_rows + len(runs_rows) // (limit + 1)] * (limit + 1))
            runs_cols.extend(run)
    if runs_cols:
        add(np.array(runs_rows), np.array(runs_cols), -1.0)
        b.append(np.full(len(runs_cols) // (limit + 1), -float(limit)))
        n_rows += len(runs_cols) // (limit + 1)
    cost.append(np.zeros(len(worked)))
    upper.append(np.ones(len(worked)))
    return n_rows, n_cols + len(worked)


def weak_dual_value(A, b, cost, upper, prices) -> float:
    """The least of ``cost @ x`` over ``A @ x >= b``, ``0 <= x <= upper`` is at least this, for any prices
    (clipped to >= 0): prices @ b plus, per column, its reduced cost times its upper bound where negative
    (minus infinity if a column without an upper bound has a negative reduced cost)."""
    prices = np.maximum(prices, 0.0)
    reduced = cost - A.T @ prices
    negative = reduced < 0
    if (negative & np.isinf(upper)).any():
        return -math.inf
    return float(prices @ b + (reduced[negative] * upper[negative]).sum())


@dataclass
class Relaxation:
    """The relaxation solved: its bound, its solution over the shift columns, and their reduced costs at the
    prices the bound was evaluated from."""

    bound: LPBound
    x: np.ndarray
    reduced: np.ndarray


def relax(inst: Instance, sh: Shifts, fair: int, *, seconds: float) -> Relaxation | None:
    """Solve the relaxation over the shifts ``sh`` (see the module doc), or None if HiGHS does not finish within
    ``seconds`` (counted from the call, building the program included)."""
    from scipy.optimize import linprog

    t0 = time.perf_counter()
    A, b, cost, upper = program(inst, sh, fair)
    left = seconds - (time.perf_counter() - t0)
    if left <= 0:
        return None
    result = linprog(cost, A_ub=-A, b_ub=-b, bounds=np.stack([np.zeros_like(upper), upper], axis=1),
                     method="highs-ds", options={"time_limit": left})
    if result.status != 0:
        return None
    prices = np.maximum(-result.ineqlin.marginals, 0.0)
    value = weak_dual_value(A, b, cost, upper, prices)
    bound = LPBound(math.ceil(value - 1e-6 * max(1.0, abs(value))), len(sh), A.shape[0], time.perf_counter() - t0)
    return Relaxation(bound, result.x[:len(sh)], (cost - A.T @ prices)[:len(sh)])


def shift_lp_bound(inst: Instance, *, seconds: float = 60.0) -> LPBound | None:
    """The relaxation's bound (see the module doc), or None if HiGHS does not finish within ``seconds``."""
    t0 = time.perf_counter()
    sh = enumerate_shifts(inst)
    relaxed = relax(inst, sh, fair_share(inst), seconds=seconds - (time.perf_counter() - t0))
    return None if relaxed is None else relaxed.bound
