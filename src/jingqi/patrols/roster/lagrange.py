"""A stronger bound on the soft terms, by Lagrangian relaxation of the cover (computed apart from the search).

:func:`.bound.lower_bound` bounds shifts and fairness separately, each with copies of the best-placed person
(so a post's night can be covered with as few shifts as the longest availability allows, however many hours
those people then work). Here the cover of each post and hour is priced instead (``lam``, per person-hour
standing there, at most ``cap``) and every person then plans their own horizon alone: shifts inside their
availability ranges, ``min_shift``..``max_shift`` long, at least ``min_rest`` apart, on the posts they may stand
on, paying per shift, per hour, per hour against a preference, ``theta`` per hour towards the fair share (a
multiplier in [0, W_FAIR]: ``W_FAIR * max(0, T - fair) >= theta * (T - fair)``) and ``nu`` per hour in each week
(the weekly limit, relaxed the same way). That plan is a shortest path over the hours, solved for all people
at once in numpy. For any prices,

    sum of the people's best plans + sum(lam * fillable need) - sum(theta) * fair - sum(nu) * max_week_hours

is at most ``soft + cap * (missing - unfillable)`` for every roster (``unfillable``: person-hours no one able
may stand at all, as in :mod:`.bound`), so ``soft >= value - cap * (missing - unfillable)``. The prices are
improved by projected subgradient steps (Polyak's step towards a target, the soft terms of a known roster),
each along a blend of the new subgradient and the previous direction (see DEFLECTION), within a time budget;
every step's value is a valid bound, the best is kept. The nights-in-a-row rule and the officers at night are not
used, which can only lower the bound.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .bound import W_FAIR, W_HOUR, W_PREF, W_SHIFT, Terms, fair_share
from .instance import WEEK, Instance
from .model_data import usable_hours

CAP = 1000  # the most an hour of cover is priced at: the bound is weakened by this per missing person-hour
START_PRICE = W_SHIFT  # every hour of need priced high at first: people plan too much work, then prices fall
# Each step moves along DEFLECTION times the new subgradient plus the rest of the previous direction (a deflected
# subgradient): plain steps zigzag between the plans of neighbouring prices. The step is halved after STALL steps
# without a better bound (STALL_DEFLECTED when deflected: the smoothed direction needs longer to pay off).
# Measured on the benchmark's thirty posts, 30 s each (2026-12-06, one run each): plain 43,654; deflected by 0.3,
# halving after 10 steps 45,877, after 20 steps 46,024; by 0.15 33,046, by 0.5 45,379, by 0.2 after 30 steps
# 44,885. After 90 s, 0.3 and 20: 46,246.
DEFLECTION = 0.3
STALL = 10
STALL_DEFLECTED = 20
INF = 1e18
NO_POST = 1e12  # per hour on a post slot a person does not have (rows are padded to the longest list of posts)


@dataclass
class LagrangianBound:
    value: int  # a lower bound on soft + CAP * (missing - unfillable)
    unfillable: int
    iterations: int
    seconds: float
    cap: int = CAP

    def soft_given(self, missing: int) -> int:
        """A lower bound on the soft terms of every roster leaving ``missing`` person-hours short."""
        return self.value - self.cap * max(0, missing - self.unfillable)


class PlanningPeople:
    """Each person's options as arrays over (person, post slot, hour), built once."""

    def __init__(self, inst: Instance):
        r = inst.rules
        usable = usable_hours(inst)
        self.P, self.S, self.H = len(inst.people), len(inst.segments), inst.hours
        self.fair = fair_share(inst, usable)
        self.rest, self.week_hours = r.min_rest, r.max_week_hours
        self.weeks = (self.H + WEEK - 1) // WEEK
        width = max((len(p.segments) for p in inst.people), default=0) or 1
        self.segs = np.zeros((self.P, width), dtype=np.int64)
        self.slot_cost = np.full((self.P, width), NO_POST)  # per hour on the post: W_PREF if not preferred
        range_end = np.zeros((self.P, self.H), dtype=np.int64)  # end of the range an hour is in (0: unusable)
        able = np.zeros((self.S, self.H), dtype=np.int64)
        for i, p in enumerate(inst.people):
            k = len(p.segments)
            self.segs[i, :k], self.slot_cost[i, :k] = p.segments, 0.0
            if p.preferred_segments:
                self.slot_cost[i, :k] = [W_PREF * (s not in p.preferred_segments) for s in p.segments]
            hours = np.array(usable[i].hours, dtype=np.int64)
            if len(hours):
                range_end[i, hours] = [usable[i].range_end[h] for h in usable[i].hours]
                for s in p.segments:
                    able[s, hours] += 1
        req, _off = inst.demand()
        self.need = np.minimum(req, able).astype(float)  # the need someone able could meet
        self.unfillable = int((req - self.need).sum())
        nights = np.concatenate([[0], np.cumsum(np.array(inst.is_night[:self.H], dtype=np.int64))])
        avoid = np.array([p.avoid_nights for p in inst.people], dtype=float)
        self.lengths = np.arange(r.min_shift, min(r.max_shift, self.H) + 1)
        hh = np.arange(self.H)
        self.ends = [np.minimum(hh + n, self.H) for n in self.lengths]
        self.valid = [(range_end >= hh + n) & (hh + n <= self.H) for n in self.lengths]
        # Fixed part of a shift's cost: per shift, and the night hours of those who asked to avoid nights.
        self.fixed = [W_SHIFT + W_PREF * avoid[:, None] * (nights[e] - nights[hh])[None, :] for e in self.ends]

    def plans(self, lam, theta, nu):
        """Everyone's cheapest plan over the horizon at these prices: (sum of their costs, shifts as arrays p, s, start,
        length)."""
        P, H = self.P, self.H
        hh = np.arange(H)
        per_hour = W_HOUR + theta[:, None] + nu[:, hh // WEEK]
        hour_cost = np.concatenate([np.zeros((P, 1)), np.cumsum(per_hour, axis=1)], axis=1)
        credit = np.concatenate([np.zeros((self.S, 1)), np.cumsum(lam, axis=1)], axis=1)[self.segs]  # P, k, H+1
        cost = np.empty((len(self.lengths), P, H))
        for j, n in enumerate(self.lengths):
            e = self.ends[j]
            # The best post for a shift of this length from each hour (absent posts cost NO_POST).
            post = (self.slot_cost[:, :, None] * n - (credit[:, :, e] - credit[:, :, :H])).min(axis=1)
            cost[j] = np.where(self.valid[j], self.fixed[j] + (hour_cost[:, e] - hour_cost[:, hh]) + post, INF)
        # Backwards over the hours: from hour h, rest an hour or start the best shift of each length.
        value = np.zeros((P, H + 1))
        choice = np.full((P, H), -1, dtype=np.int64)
        after = [np.minimum(hh + n + self.rest, H) for n in self.lengths]
        for h in range(H - 1, -1, -1):
            cand = cost[:, :, h].T + value[:, [a[h] for a in after]]
            j = cand.argmin(axis=1)
            best = cand[np.arange(P), j]
            take = best < value[:, h + 1]
            value[:, h] = np.where(take, best, value[:, h + 1])
            choice[:, h] = np.where(take, j, -1)
        # Forwards: the shifts of each plan.
        at = np.zeros(P, dtype=np.int64)
        found = []
        for h in range(H):
            here = np.flatnonzero(at == h)
            if not len(here):
                continue
            j = choice[here, h]
            at[here[j < 0]] = h + 1
            go, j = here[j >= 0], j[j >= 0]
            if len(go):
                n = self.lengths[j]
                at[go] = h + n + self.rest
                gain = credit[go, :, h + n] - credit[go, :, h] - self.slot_cost[go] * n[:, None]
                found.append((go, self.segs[go, gain.argmax(axis=1)], np.full(len(go), h), n))
        if found:
            p, s, start, n = (np.concatenate(col) for col in zip(*found, strict=True))
        else:
            p = s = start = n = np.zeros(0, dtype=np.int64)
        return float(value[:, 0].sum()), p, s, start, n


@dataclass
class Step:
    """One subgradient step: the relaxed value at its prices (a valid bound), the best so far, and the plans'
    shifts as arrays (person, post, start, length)."""

    value: float
    best: float
    person: np.ndarray
    post: np.ndarray
    start: np.ndarray
    length: np.ndarray


def subgradient_steps(people: PlanningPeople, target: float, *, deadline: float, max_iterations: int = 10_000,
                      deflection: float = DEFLECTION) -> Iterator[Step]:
    """Projected subgradient steps on the prices (see the module doc), aimed at ``target`` (the relaxed objective
    of a known roster), until ``deadline`` (a ``time.perf_counter`` value) or ``max_iterations``, or until the plans
    have no subgradient left (every priced constraint met exactly, or violated only where its price is at its cap:
    the steps cannot move the prices). ``deflection``: the new subgradient's share of each step's direction (1 or
    0: plain steps)."""
    P, S, H = people.P, people.S, people.H
    need = people.need
    lam = np.where(need > 0, float(START_PRICE), 0.0)
    theta = np.ones(P)
    nu = np.zeros((P, people.weeks))
    best, alpha, stall, it = -math.inf, 1.0, 0, 0
    direction = None
    stall_limit = STALL_DEFLECTED if 0 < deflection < 1 else STALL
    while it < max_iterations and time.perf_counter() < deadline:
        it += 1
        plans, p, s, start, n = people.plans(lam, theta, nu)
        value = plans + (lam * need).sum() - theta.sum() * people.fair - nu.sum() * people.week_hours
        if value > best + 1e-6:
            best, stall = value, 0
        else:
            stall += 1
            if stall >= stall_limit:
                alpha, stall = alpha / 2, 0
        yield Step(value, best, p, s, start, n)
        # Subgradients: need less cover; hours less the fair share; hours per week less the limit.
        diff = np.zeros((S, H + 1))
        np.add.at(diff, (s, start), 1)
        np.add.at(diff, (s, start + n), -1)
        g_lam = np.where(need > 0, need - np.cumsum(diff, axis=1)[:, :H], 0.0)
        g_theta = np.bincount(p, weights=n, minlength=P) - people.fair
        g_nu = np.zeros((P, people.weeks))
        for w in range(people.weeks):
            inside = np.clip(np.minimum(start + n, (w + 1) * WEEK) - np.maximum(start, w * WEEK), 0, None)
            g_nu[:, w] = np.bincount(p, weights=inside, minlength=P) - people.week_hours
        bounds = ((lam <= 0, lam >= CAP), (theta <= 0, theta >= W_FAIR), (nu <= 0, None))
        if sum((_projected(g, *b) ** 2).sum() for g, b in zip((g_lam, g_theta, g_nu), bounds, strict=True)) == 0:
            return  # no price can move: the bound cannot rise
        if direction is not None and 0 < deflection < 1:
            g_lam, g_theta, g_nu = (deflection * g + (1 - deflection) * d
                                    for g, d in zip((g_lam, g_theta, g_nu), direction, strict=True))
        direction = (g_lam, g_theta, g_nu)
        g_lam, g_theta, g_nu = (_projected(g, *b) for g, b in zip(direction, bounds, strict=True))
        norm = (g_lam ** 2).sum() + (g_theta ** 2).sum() + (g_nu ** 2).sum()
        if norm == 0:  # the deflected direction points out of the bounds everywhere: start afresh
            direction = None
            continue
        step = alpha * (max(target, best + 1) - value) / norm
        lam = np.clip(lam + step * g_lam, 0, CAP)
        theta = np.clip(theta + step * g_theta, 0, W_FAIR)
        nu = np.maximum(nu + step * g_nu, 0)


def _projected(g: np.ndarray, at_floor: np.ndarray, at_cap: np.ndarray | None) -> np.ndarray:
    """A copy of direction ``g`` that does not push a price below its floor or above its cap."""
    out = g.copy()
    out[at_floor & (out < 0)] = 0
    if at_cap is not None:
        out[at_cap & (out > 0)] = 0
    return out


def relaxed_target(people: PlanningPeople, known: Terms) -> float:
    """A known roster's value of the relaxed objective (what the steps aim at)."""
    return known.soft + CAP * max(0, known.missing - people.unfillable)


def lagrangian_bound(inst: Instance, known: Terms, *, seconds: float = 10.0,
                     max_iterations: int = 10_000) -> LagrangianBound:
    """The best bound found within ``seconds`` or ``max_iterations`` steps (see the module doc). ``known``: the
    objective terms of a roster already found (the greedy one will do): each step aims at its value of the
    relaxed objective."""
    t0 = time.perf_counter()
    people = PlanningPeople(inst)
    target = relaxed_target(people, known)
    best, it = -math.inf, 0
    for step in subgradient_steps(people, target, deadline=t0 + seconds, max_iterations=max_iterations):
        it += 1
        best = step.best
        if math.ceil(best - 1e-6 * max(1.0, abs(best))) >= target:
            break  # the known roster is proven best for the relaxed objective: nothing left to gain
    # Every roster's relaxed objective is a whole number, so the bound may be rounded up (less a hair for the
    # floating-point sums).
    value = math.ceil(best - 1e-6 * max(1.0, abs(best))) if best > -math.inf else 0
    return LagrangianBound(value, people.unfillable, it, time.perf_counter() - t0)
