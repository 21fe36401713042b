"""The roster objective, evaluated on any list of shifts, and a lower bound computed apart from the search.

The objective (smaller is better) is one weighted sum::

    W_MISSING * (missing person-hours + night hours without a required officer)
  + W_SHIFT   * shifts                       (each shift is a handover and a trip to the post)
  + W_HOUR    * person-hours worked          (no one stands where no one is needed)
  + W_FAIR    * sum over people of max(0, hours - fair share)
  + W_PREF    * hours on a segment the person did not prefer, or at night for those who asked to avoid it

"missing person-hours" counts, per segment and hour, max(0, required - people standing); the fair share is
the required person-hours divided by the people who can work at all, rounded up.

:func:`objective_terms` evaluates it on a roster (the solvers report this figure, whatever model found the
roster). :func:`lower_bound` proves that no roster can do better than its value, from relaxations that keep
only some rules, so "within 1 % of the bound" means something whichever way the roster was found:

* **officers**: hour by hour (and within each person's weekly limit), a maximum flow of officers to the
  night posts that need one; posts beyond that flow must lack their officer.
* **shifts**: per segment, the fewest intervals (each inside some eligible person's availability range,
  ``min_shift``..``max_shift`` long, with unlimited copies) that meet the demand; a left-to-right greedy
  solves this relaxation exactly. Each uncovered person-hour can save at most one shift.
* **missing, hours, fairness, preferences**: maximum flows of person-hours to the slots (person -> week
  (<= max_week_hours) -> hour (<= 1) -> segment-hour (<= required)): as is (what can be covered at all),
  with each person capped at the fair share (hours beyond it are excess), and without the arcs that go
  against a preference.

The rest rule, the nights in a row and the shift shapes are relaxed, so the bound can be below the optimum.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .instance import WEEK, Instance
from .model_data import coverage_arrays, usable_hours
from .result import Assignment

W_MISSING = 10_000  # per uncovered person-hour (and per night hour without a required officer)
W_SHIFT = 20  # per shift
W_HOUR = 1  # per hour worked
W_FAIR = 4  # per hour a person works above the fair share
W_PREF = 2  # per hour against a preference


def fair_share(inst: Instance, usable=None) -> int:
    usable = usable if usable is not None else usable_hours(inst)
    required = sum(inst.required(s, h) for s in range(len(inst.segments)) for h in range(inst.hours))
    eligible = sum(1 for u in usable if u.hours) or 1
    return math.ceil(required / eligible)


def pref_cost(inst: Instance, i: int, s: int, h: int) -> int:
    """Hours against a preference: 0, 1 or 2 (wrong segment, and a night for one who avoids nights)."""
    p = inst.people[i]
    return int(bool(p.preferred_segments) and s not in p.preferred_segments) + int(p.avoid_nights
                                                                                 and inst.is_night[h])


@dataclass
class Terms:
    missing: int  # person-hours short
    officer_missing: int  # night hours without a required officer
    shifts: int
    hours: int
    excess: int  # hours above the fair share, summed over people
    pref: int

    @property
    def value(self) -> int:
        return W_MISSING * (self.missing + self.officer_missing) + self.soft

    @property
    def soft(self) -> int:
        """The value less the uncovered hours' part: shifts, hours, fairness, preferences."""
        return W_SHIFT * self.shifts + W_HOUR * self.hours + W_FAIR * self.excess + W_PREF * self.pref


def objective_terms(inst: Instance, assignments: list[Assignment], fair: int | None = None) -> Terms:
    fair = fair_share(inst) if fair is None else fair
    seg_index, person_index = inst.segment_index(), inst.person_index()
    req, off_req = inst.demand()
    count, officers = coverage_arrays(inst, assignments)
    per_person = np.zeros(len(inst.people), dtype=np.int64)
    nights_before = np.concatenate([[0], np.cumsum(np.array(inst.is_night[:inst.hours], dtype=np.int64))])
    pref = 0
    for a in assignments:
        i, s = person_index[a.person], seg_index[a.segment]
        length = a.end - a.start
        per_person[i] += length
        p = inst.people[i]
        if p.preferred_segments and s not in p.preferred_segments:
            pref += length
        if p.avoid_nights:
            pref += int(nights_before[a.end] - nights_before[a.start])
    missing = int(np.maximum(req - count, 0).sum())
    officer_missing = int((off_req & (officers == 0)).sum())
    return Terms(missing, officer_missing, len(assignments), int(per_person.sum()),
                 int(np.maximum(per_person - fair, 0).sum()), pref)


@dataclass
class Bound:
    """The lower bound and, term by term, what it proves (see :func:`lower_bound`)."""

    value: int
    missing: int  # person-hours short in every roster
    officer_missing: int  # night hours without their officer in every roster
    shifts: int
    hours: int
    excess: int
    pref: int
    seconds: float = 0.0
    # What the soft terms are bounded from (see lower_bound), so they can be bounded again at another m.
    required: int = 0  # R
    shift_cover: int = 0  # C
    unfillable: int = 0  # U
    fair_flow: int = 0  # F_fair
    pref_flow: int = 0  # F_pref

    def soft_given(self, missing: int) -> int:
        """A lower bound on the soft part of the objective (shifts, hours, fairness, preferences: the value less
        W_MISSING times the missing and officer-less hours) of every roster that leaves ``missing``
        person-hours short, for any ``missing`` >= :attr:`missing` (the least any roster can leave).

        This is the second level of a lexicographic reading: first the missing hours against :attr:`missing`,
        then, for rosters with as many missing as the one at hand, its soft terms against this."""
        covered = self.required - missing
        shifts = max(0, self.shift_cover - max(0, missing - self.unfillable))
        return (W_SHIFT * shifts + W_HOUR * covered + W_FAIR * max(0, covered - self.fair_flow)
                + W_PREF * max(0, covered - self.pref_flow))


def _shift_bound(inst: Instance, usable) -> tuple[int, int]:
    """Per segment: fewest intervals inside eligible availability ranges meeting the demand (see module doc),
    and the person-hours no one at all can stand (left out of that demand)."""
    r = inst.rules
    horizon = inst.hours
    total = unfillable = 0
    allowed: list[list[int]] = [[] for _ in inst.segments]
    for i, p in enumerate(inst.people):
        for s in p.segments:
            allowed[s].append(i)
    for s in range(len(inst.segments)):
        reach = [0] * horizon  # furthest end of an allowed interval covering h that starts at h or as late as it can
        able = [0] * horizon  # distinct people able to stand here at h
        for i in allowed[s]:
            u = usable[i]
            for h in u.hours:
                able[h] += 1
                end = min(u.range_end[h], h + r.max_shift)
                if end > reach[h]:
                    reach[h] = end
        cover = [0] * (horizon + 1)  # a difference array of the chosen intervals
        running = 0
        for h in range(horizon):
            running += cover[h]
            demand = min(inst.required(s, h), able[h])
            unfillable += inst.required(s, h) - demand
            if demand > running:
                k = demand - running
                total += k
                running += k
                cover[reach[h]] -= k
    return total, unfillable


def _officer_bound(inst: Instance, usable) -> int:
    from ortools.graph.python import max_flow

    slots = [(s, h) for h in range(inst.hours) for s in range(len(inst.segments)) if inst.officer_required(s, h)]
    if not slots:
        return 0
    slot_id = {sh: k for k, sh in enumerate(slots)}
    source, sink = 0, 1
    nxt = 2 + len(slots)
    tails, heads, caps = [], [], []
    for k in range(len(slots)):
        tails.append(2 + k)
        heads.append(sink)
        caps.append(1)
    r = inst.rules
    for i, p in enumerate(inst.people):
        if not p.officer:
            continue
        weeks: dict[int, int] = {}
        for h in usable[i].hours:
            arcs = [slot_id[(s, h)] for s in p.segments if (s, h) in slot_id]
            if not arcs:
                continue
            w = h // WEEK
            if w not in weeks:
                weeks[w] = nxt
                tails.append(source)
                heads.append(nxt)
                caps.append(r.max_week_hours)
                nxt += 1
            hour_node = nxt
            nxt += 1
            tails.append(weeks[w])
            heads.append(hour_node)
            caps.append(1)
            for k in arcs:
                tails.append(hour_node)
                heads.append(2 + k)
                caps.append(1)
    flow = max_flow.SimpleMaxFlow()
    flow.add_arcs_with_capacity(np.array(tails, dtype=np.int32), np.array(heads, dtype=np.int32),
                                np.array(caps, dtype=np.int64))
    flow.solve(source, sink)
    return len(slots) - flow.optimal_flow()


def _flow_bounds(inst: Instance, usable, fair: int) -> tuple[int, int, int, int]:
    """Maximum flows of person-hours to the slots: (required, all rules kept here, each person capped at the
    fair share, only arcs without a preference cost)."""
    from ortools.graph.python import max_flow

    r = inst.rules
    n_seg, horizon = len(inst.segments), inst.hours
    req = np.array([[inst.required(s, h) for h in range(horizon)] for s in range(n_seg)], dtype=np.int64)
    total = int(req.sum())
    if total == 0:
        return 0, 0, 0, 0
    is_night = np.array(inst.is_night[:horizon], dtype=bool)
    source, sink = 0, 1
    slot0 = 2  # slot (s, h) is node slot0 + s * horizon + h
    nxt = slot0 + n_seg * horizon
    nz = np.nonzero(req.ravel())[0]
    tails, heads, caps, prefs = [slot0 + nz], [np.full(len(nz), sink)], [req.ravel()[nz]], [np.zeros(len(nz))]
    person_arcs, person_lens = [], []
    for i, p in enumerate(inst.people):
        hours = np.array(usable[i].hours, dtype=np.int64)
        if not len(hours) or not p.segments:
            continue
        segs = np.array(p.segments, dtype=np.int64)
        useful = req[segs][:, hours] > 0  # (segments, hours)
        keep = useful.any(axis=0)
        hours, useful = hours[keep], useful[:, keep]
        if not len(hours):
            continue
        person = nxt
        nxt += 1
        person_arcs.append(sum(len(t) for t in tails))
        person_lens.append(len(hours))
        tails.append(np.array([source]))
        heads.append(np.array([person]))
        caps.append(np.array([len(hours)]))
        prefs.append(np.zeros(1))
        weeks = hours // WEEK
        uweeks, week_idx = np.unique(weeks, return_inverse=True)
        week_nodes = nxt + np.arange(len(uweeks))
        nxt += len(uweeks)
        tails.append(np.full(len(uweeks), person))
        heads.append(week_nodes)
        caps.append(np.full(len(uweeks), r.max_week_hours))
        prefs.append(np.zeros(len(uweeks)))
        hour_nodes = nxt + np.arange(len(hours))
        nxt += len(hours)
        tails.append(week_nodes[week_idx])
        heads.append(hour_nodes)
        caps.append(np.ones(len(hours), dtype=np.int64))
        prefs.append(np.zeros(len(hours)))
        k_seg, k_hour = np.nonzero(useful)
        tails.append(hour_nodes[k_hour])
        heads.append(slot0 + segs[k_seg] * horizon + hours[k_hour])
        caps.append(np.ones(len(k_seg), dtype=np.int64))
        cost = np.zeros(len(k_seg))
        if p.preferred_segments:
            cost += ~np.isin(segs[k_seg], list(p.preferred_segments))
        if p.avoid_nights:
            cost += is_night[hours[k_hour]]
        prefs.append(cost)
    tails_a = np.concatenate(tails).astype(np.int32)
    heads_a = np.concatenate(heads).astype(np.int32)
    caps_a = np.concatenate(caps).astype(np.int64)
    prefs_a = np.concatenate(prefs)

    def flow_value(capacities) -> int:
        flow = max_flow.SimpleMaxFlow()
        flow.add_arcs_with_capacity(tails_a, heads_a, capacities)
        flow.solve(source, sink)
        return flow.optimal_flow()

    full = flow_value(caps_a)
    capped = caps_a.copy()
    capped[np.array(person_arcs, dtype=np.int64)] = np.minimum(np.array(person_lens), fair)
    fair_flow = flow_value(capped)
    no_pref = np.where(prefs_a > 0, 0, caps_a)
    pref_flow = flow_value(no_pref)
    return total, full, fair_flow, pref_flow


def lower_bound(inst: Instance, usable=None, fair: int | None = None) -> Bound:
    """A proven lower bound on :func:`objective_terms` ``.value`` for every roster of ``inst``.

    With R required person-hours, m the person-hours a roster leaves short and F_all, F_fair, F_pref the
    three maximum flows: m >= R - F_all; hours >= R - m; excess >= R - m - F_fair; preference hours >=
    R - m - F_pref; shifts >= C - (m - U) (C: the shift relaxation, U: person-hours no one may stand at all,
    which C leaves out); officer-less hours >= the officer flow's
    shortfall. The sum of these, weighted, grows with m (W_MISSING outweighs the rest), so it is least at
    the smallest m. :meth:`Bound.soft_given` gives the soft part at a larger m (a roster's own), for a
    lexicographic reading of the gap.
    """
    import time

    t0 = time.perf_counter()
    usable = usable if usable is not None else usable_hours(inst)
    fair = fair_share(inst, usable) if fair is None else fair
    officer = _officer_bound(inst, usable)
    shifts, unfillable = _shift_bound(inst, usable)
    total, full, fair_flow, pref_flow = _flow_bounds(inst, usable, fair)
    m = total - full
    covered = total - m
    bound = Bound(0, m, officer, max(0, shifts - (m - unfillable)), covered, max(0, covered - fair_flow),
                  max(0, covered - pref_flow), 0.0, total, shifts, unfillable, fair_flow, pref_flow)
    # Each fillable person-hour left short may save one shift.
    bound.value = W_MISSING * (officer + m) + bound.soft_given(m)
    bound.seconds = time.perf_counter() - t0
    return bound


def lexicographic_gap(terms: Terms, lb: Bound) -> dict:
    """The gap read in two levels: the hours left uncovered (missing person-hours plus officer-less night
    hours) against the fewest any roster can leave; then, among rosters leaving as many person-hours short,
    the soft terms against their bound (:meth:`Bound.soft_given`). ``soft_gap`` is
    (soft - soft_bound) / soft."""
    soft = terms.soft
    soft_bound = lb.soft_given(max(terms.missing, lb.missing))
    return {"uncovered": terms.missing + terms.officer_missing, "uncovered_bound": lb.missing + lb.officer_missing,
            "soft": soft, "soft_bound": soft_bound,
            "soft_gap": round((soft - soft_bound) / soft, 4) if soft > 0 else 0.0}
