"""The CP-SAT roster model, solved whole (small instances) or window by window (large ones).

Variables exist only where a person may stand and is available (inside a range at least one minimum
shift long): ``x[p, s, h]`` (p stands on s during hour h), ``w[p, h]`` (p works hour h), ``b[p, h]``
(p starts a shift at h) and ``e[p, h]`` (p's shift ends after h), ``n[p, d]`` (p works in the night of
date d). The rules:

* one shift at a time: ``sum_s x[p, s, h] = w[p, h]``;
* a shift keeps its segment: ``x[p, s, h] <= x[p, s, h-1] + b[p, h]`` and a start follows an hour off;
* length: a start in the last ``min_shift`` hours means working now; working means a start in the last
  ``max_shift`` hours;
* rest: after a shift ends, no start in the next ``min_rest`` hours (one clique per hour);
* hours per 168-hour week, and of any ``max_nights_in_row + 1`` consecutive nights one is free;
* coverage: ``sum_p x[p, s, h] + slack >= need`` and, at night where required, an officer or an
  officer slack.

The objective is the weighted sum documented in :mod:`.bound` (uncovered person-hours first, with a
dominant weight; then shifts, hours, fairness, preferences); the figure reported is that sum evaluated on
the roster, and the bound is :func:`.bound.lower_bound`, computed apart from the search.

Three modes (``solve(mode=...)``, "auto" picks by size); all start from the greedy roster with its fillable
gaps closed (:func:`.repair.repair`):

* **lp** (when the relaxation is expected to take at most LP_PICK_SHARE of the time limit, see
  :func:`lp_fits`): the relaxation over whole shifts, then integer programs over the shifts it favours
  (:mod:`.price_and_branch`); with the generator's rules its bound (:mod:`.lp_bound`) is within 1-2 % of the
  best roster, so the gap reported is nearly the roster's own (not where the nights-in-a-row rule binds hard:
  see :mod:`.lp_bound`). If it runs out of time, the windows below take what is left.
* **exact** (below EXACT_LIMIT person-segment-hours): one model over the whole horizon, hinted with that
  roster; proves optimality on tiny instances (its own bound is used too).
* **windows**: local windows, each the people near one post over about a day, re-solved with everything
  else fixed (:class:`_Indexed` keeps the state around a window, so every window keeps every rule and the
  whole passes the checker). Where :func:`.guided.fits`, they start from the rounding of the relaxation over
  the shifts people plan under Lagrangian prices (:mod:`.guided`) when it beats the repaired greedy roster
  (on the benchmark's thirty posts, about 15 % lower after the windows). First the gaps that remain
  (:func:`_close_gaps`, up to GAP_SHARE of the time): around each, the fewest uncovered hours the window allows
  (proven in it); the windows widen (GAP_LEVELS) for the gaps a narrow one cannot close. Then whole shifts go from
  people above the fair share to people below it (:func:`.repair.rebalance`), and, for the rest of the time, the
  soft terms are improved window by window (:func:`_polish`: post by post along the line, a day at a time). A
  window starts from the current roster as a complete hint and is kept only if the whole roster's objective
  does not grow.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _
from ortools.sat.python import cp_model

from . import guided
from .bound import (
    W_FAIR,
    W_HOUR,
    W_MISSING,
    W_PREF,
    W_SHIFT,
    fair_share,
    lexicographic_gap,
    lower_bound,
    objective_terms,
)
from .diagnose import diagnose
from .greedy import greedy_assignments
from .instance import WEEK, Instance
from .lp_bound import count_shifts
from .model_data import coverage_arrays, uncovered_slots, usable_hours
from .price_and_branch import price_and_branch
from .repair import rebalance, repair
from .result import Assignment, Roster, roster_stats

# Above this many person-segment-hours the whole-horizon model takes too long to build and presolve
# (measured: 10 s and 25 s at 100k); the rolling horizon takes over.
EXACT_LIMIT = 20_000
# The lp mode's relaxation takes time growing faster than the shifts it lists: measured (HiGHS dual simplex, 2
# cores) 1.3 s at 21,820 shifts, 8.6 s at 56,487, more than 40 s at 126,790, more than 20 minutes at 538,255 —
# about LP_SECONDS * (shifts / LP_SHIFTS) ** LP_GROWTH. "auto" picks the lp mode when that estimate is at most
# LP_PICK_SHARE of the time limit (with 30 s: up to about 60,000 shifts), leaving the rest to its integer programs.
LP_SECONDS, LP_SHIFTS, LP_GROWTH = 9.0, 56_000, 2.2
LP_PICK_SHARE = 0.35


def lp_fits(shifts: int, time_limit: float) -> bool:
    return LP_SECONDS * (shifts / LP_SHIFTS) ** LP_GROWTH <= LP_PICK_SHARE * time_limit

Progress = Callable[[float, str], None]


@dataclass
class _Window:
    """The hours [t0, t1) a model covers, and what earlier (committed) shifts leave each person."""

    t0: int
    t1: int
    ready: list[int]  # per person: the first hour they may start (rest after a fixed shift before)
    limit: list[int]  # per person: the hour by which their shifts must end (rest before a fixed shift after)
    week_used: list[dict[int, int]]  # per person: hours already worked per 168-hour week
    nights: list[set[int]]  # per person: night dates already worked
    total: list[int]  # per person: hours already worked
    fixed: dict[tuple[int, int], int]  # (segment, hour) -> people already standing there
    fixed_officers: dict[tuple[int, int], int]

    @classmethod
    def whole(cls, inst: Instance) -> _Window:
        n = len(inst.people)
        return cls(0, inst.hours, [0] * n, [inst.hours] * n, [{} for _ in range(n)], [set() for _ in range(n)],
                   [0] * n, {}, {})


class _Indexed:
    """The roster being improved, indexed for local windows: each person's shifts, and people and officers per
    post and hour, so that a window is cut out, and its new shifts put in, without a pass over the whole roster;
    the objective (the same sum as :func:`.bound.objective_terms`) is read off the counts.

    :meth:`window` cuts out the hours [t0, t1) for some people: their shifts wholly inside are free (returned),
    all other shifts fixed. The state around the window for those people — rest after a fixed shift before and
    before one after, hours already in each 168-hour week, night dates already worked (for runs of nights
    across the edges), hours so far (for the fair share) — and the people already standing on the posts come
    from the fixed shifts, so a window's roster keeps every rule and the whole passes the checker."""

    def __init__(self, inst: Instance, assignments: list[Assignment], fair: int):
        import numpy as np

        self.inst, self.fair = inst, fair
        self.person_index, self.seg_index = inst.person_index(), inst.segment_index()
        self.req, self.off_req = inst.demand()
        self.count, self.officers = coverage_arrays(inst, assignments)
        self.worked = np.zeros(len(inst.people), dtype=np.int64)
        self.nights_before = [0]
        for night in inst.is_night[:inst.hours]:
            self.nights_before.append(self.nights_before[-1] + night)
        self.shifts = self.pref = 0
        self.by_person: dict[int, set[Assignment]] = defaultdict(set)
        for a in assignments:
            self._count(a, 1, coverage=False)

    def _count(self, a: Assignment, sign: int, coverage: bool = True) -> None:
        i, s = self.person_index[a.person], self.seg_index[a.segment]
        p = self.inst.people[i]
        if sign > 0:
            self.by_person[i].add(a)
        else:
            self.by_person[i].discard(a)
        if coverage:
            self.count[s, a.start:a.end] += sign
            if p.officer:
                self.officers[s, a.start:a.end] += sign
        length = a.end - a.start
        self.worked[i] += sign * length
        self.shifts += sign
        if p.preferred_segments and s not in p.preferred_segments:
            self.pref += sign * length
        if p.avoid_nights:
            self.pref += sign * (self.nights_before[a.end] - self.nights_before[a.start])

    def replace(self, old: list[Assignment], new: list[Assignment]) -> None:
        for a in old:
            self._count(a, -1)
        for a in new:
            self._count(a, 1)

    def missing(self):
        import numpy as np

        officer_missing = self.off_req & (self.officers == 0)
        return np.maximum(self.req - self.count, 0), officer_missing

    def value(self) -> int:
        import numpy as np

        missing, officer_missing = self.missing()
        return (W_MISSING * int(missing.sum() + officer_missing.sum()) + W_SHIFT * self.shifts
                + W_HOUR * int(self.worked.sum()) + W_FAIR * int(np.maximum(self.worked - self.fair, 0).sum())
                + W_PREF * self.pref)

    def gaps(self) -> list[tuple[int, int]]:
        """(segment, hour) of every slot short of people or of its officer, in hour then segment order."""
        import numpy as np

        missing, officer_missing = self.missing()
        hours, segs = np.nonzero((missing > 0).T | officer_missing.T)
        return list(zip(segs.tolist(), hours.tolist(), strict=True))

    def assignments(self) -> list[Assignment]:
        return sorted((a for shifts in self.by_person.values() for a in shifts),
                      key=lambda a: (a.start, a.segment, a.person))

    def window(self, t0: int, t1: int, people: set[int]) -> tuple[_Window, list[Assignment]]:
        inst, r = self.inst, self.inst.rules
        win = _Window.whole(inst)
        win.t0, win.t1 = t0, t1
        free = []
        posts: set[int] = set()
        for i in people:
            posts.update(inst.people[i].segments)
            for a in self.by_person.get(i, ()):
                if t0 <= a.start and a.end <= t1:
                    free.append(a)
                    continue
                if a.start < t0:
                    win.ready[i] = max(win.ready[i], a.end + r.min_rest)
                if a.end > t1:
                    win.limit[i] = min(win.limit[i], a.start - r.min_rest)
                win.total[i] += a.end - a.start
                week, nights = win.week_used[i], win.nights[i]
                for h in range(a.start, a.end):
                    week[h // WEEK] = week.get(h // WEEK, 0) + 1
                    if inst.night_of[h] is not None:
                        nights.add(inst.night_of[h])
        posts_list = sorted(posts)
        fixed = self.count[posts_list, t0:t1].copy()
        fixed_officers = self.officers[posts_list, t0:t1].copy()
        row = {s: k for k, s in enumerate(posts_list)}
        for a in free:
            k = row[self.seg_index[a.segment]]
            fixed[k, a.start - t0:a.end - t0] -= 1
            if inst.people[self.person_index[a.person]].officer:
                fixed_officers[k, a.start - t0:a.end - t0] -= 1
        for k, s in enumerate(posts_list):
            for j, n in enumerate(fixed[k].tolist()):
                if n:
                    win.fixed[(s, t0 + j)] = n
            for j, n in enumerate(fixed_officers[k].tolist()):
                if n:
                    win.fixed_officers[(s, t0 + j)] = n
        return win, free


class _RosterModel:
    def __init__(self, inst: Instance, window: _Window | None = None, usable=None, fair: int | None = None,
                 only: set[int] | None = None):
        """``only``: the people the model may place (a local window); the posts are those they may stand on."""
        self.inst = inst
        win = self.window = window or _Window.whole(inst)
        t0, t1 = win.t0, win.t1
        m = self.model = cp_model.CpModel()
        r = inst.rules
        usable = usable if usable is not None else usable_hours(inst)
        self.people: dict[int, dict] = {}
        cover: dict[tuple[int, int], list] = defaultdict(list)
        officer_cover: dict[tuple[int, int], list] = defaultdict(list)
        starts, worked, excess_terms, pref_terms = [], [], [], []
        self.fair_share = fair_share(inst, usable) if fair is None else fair

        for i, p in enumerate(inst.people):
            if only is not None and i not in only:
                continue
            u = usable[i]
            if not u.hours or not p.segments:
                continue
            first, last = max(t0, win.ready[i]), min(t1, win.limit[i])
            # Availability ranges clipped to the window (and to the person's rest); too short ones dropped.
            range_start, range_end, hours = {}, {}, []
            for h in u.hours:
                if first <= h < last:
                    a, b = max(u.range_start[h], first), min(u.range_end[h], last)
                    if b - a >= r.min_shift:
                        range_start[h], range_end[h] = a, b
                        hours.append(h)
            if not hours:
                continue
            have = set(hours)
            x = {s: {h: m.new_bool_var("") for h in hours} for s in p.segments}
            if len(p.segments) == 1:
                w = x[p.segments[0]]
            else:
                w = {h: m.new_bool_var("") for h in hours}
                for h in hours:  # w = sum of x, and at most one x: exactly one of (not w, x...)
                    m.add_exactly_one([~w[h], *(x[s][h] for s in p.segments)])
            b = {h: m.new_bool_var("") for h in hours if range_end[h] - h >= r.min_shift}
            for s in p.segments:
                xs = x[s]
                for h in hours:
                    lits = [~xs[h]]
                    if h - 1 in have:
                        lits.append(xs[h - 1])
                    if h in b:
                        lits.append(b[h])
                    m.add_bool_or(lits)
            for h, bh in b.items():
                # A start follows an hour off and runs at least min_shift hours.
                m.add_bool_and([w[h + k] for k in range(r.min_shift)]).only_enforce_if(bh)
                if h - 1 in have:
                    m.add_implication(bh, ~w[h - 1])
            for h in hours:
                if h - range_start[h] >= r.max_shift:
                    m.add_bool_or([~w[h], *(b[k] for k in range(h - r.max_shift + 1, h + 1) if k in b)])
            e = {}
            for h in hours:
                later = [b[k] for k in range(h + 2, h + r.min_rest + 1) if k in b]
                if not later:
                    continue
                if h + 1 in have:
                    e[h] = m.new_bool_var("")
                    m.add_bool_or([e[h], ~w[h], w[h + 1]])
                    end = e[h]
                else:
                    end = w[h]
                m.add_at_most_one([end, *later])
            by_week: dict[int, list] = defaultdict(list)
            for h in hours:
                by_week[h // WEEK].append(w[h])
            for wk, ws in by_week.items():
                cap = r.max_week_hours - win.week_used[i].get(wk, 0)
                if len(ws) > cap:
                    m.add(cp_model.LinearExpr.sum(ws) <= max(cap, 0))
            by_night: dict[int, list] = defaultdict(list)
            for h in hours:
                if inst.night_of[h] is not None and inst.night_of[h] not in win.nights[i]:
                    by_night[inst.night_of[h]].append(w[h])
            n = {}
            done = win.nights[i]
            if by_night and len(by_night) + len(done) > r.max_nights_in_row:
                for d, ws in by_night.items():
                    n[d] = m.new_bool_var("")
                    for wh in ws:
                        m.add_implication(wh, n[d])
                for d0 in range(min(n) - r.max_nights_in_row, max(n) + 1):
                    block = [d0 + k for k in range(r.max_nights_in_row + 1)]
                    if any(k in n for k in block) and all(k in n or k in done for k in block):
                        m.add_bool_or([~n[k] for k in block if k in n])
            excess = None
            before = win.total[i]
            if before + len(hours) > self.fair_share:
                # Hours above the fair share over the whole horizon (those before the window are fixed).
                excess = m.new_int_var(0, before + len(hours), "")
                m.add(excess >= cp_model.LinearExpr.sum(list(w.values())) + before - self.fair_share)
                excess_terms.append(excess)
            if p.preferred_segments:
                pref_terms.extend(x[s][h] for s in p.segments if s not in p.preferred_segments for h in hours)
            if p.avoid_nights:
                pref_terms.extend(w[h] for h in hours if inst.is_night[h])
            for s in p.segments:
                for h in hours:
                    cover[(s, h)].append(x[s][h])
                    if p.officer:
                        officer_cover[(s, h)].append(x[s][h])
            starts.extend(b.values())
            worked.extend(w.values())
            self.people[i] = {"x": x, "w": w, "b": b, "e": e, "n": n, "excess": excess, "hours": hours}

        # Coverage with slack; slots nobody at all can fill are a constant in the objective.
        self.slack: list[tuple[object, int, int, int]] = []  # (var, segment, hour, required)
        self.officer_slack: list[tuple[object, int, int]] = []
        fixed_missing = 0
        posts = range(len(inst.segments)) if only is None else sorted({s for s, _h in cover})
        for s in posts:
            for h in range(t0, t1):
                req = inst.required(s, h) - win.fixed.get((s, h), 0)
                xs = cover.get((s, h), [])
                if req > 0 and not xs:
                    fixed_missing += req
                elif req > 0:
                    if req == 1:
                        slack = m.new_bool_var("")
                        m.add_bool_or([*xs, slack])
                    else:
                        slack = m.new_int_var(0, req, "")
                        m.add(cp_model.LinearExpr.sum(xs) + slack >= req)
                    self.slack.append((slack, s, h, req))
                if inst.officer_required(s, h) and not win.fixed_officers.get((s, h)):
                    os_ = officer_cover.get((s, h), [])
                    if not os_:
                        fixed_missing += 1
                    else:
                        slack = m.new_bool_var("")
                        m.add_bool_or([*os_, slack])
                        self.officer_slack.append((slack, s, h))
        self.fixed_missing = fixed_missing
        terms = [(v, W_MISSING) for v, *_ in self.slack] + [(v, W_MISSING) for v, *_ in self.officer_slack]
        terms += [(v, W_SHIFT) for v in starts] + [(v, W_HOUR) for v in worked]
        terms += [(v, W_FAIR) for v in excess_terms] + [(v, W_PREF) for v in pref_terms]
        variables, weights = zip(*terms, strict=True) if terms else ((), ())
        self.objective = cp_model.LinearExpr.weighted_sum(list(variables), list(weights)) + W_MISSING * fixed_missing
        m.minimize(self.objective)

    def gaps(self):
        """The model's uncovered person-hours and officer-less hours (those it can change)."""
        return cp_model.LinearExpr.sum([v for v, *_ in self.slack] + [v for v, *_ in self.officer_slack])

    def hint(self, assignments: list[Assignment]) -> int:
        """Hint every variable with the value it has in ``assignments`` (a valid roster); return the hours it
        leaves uncovered that the model can change (its value of :meth:`gaps`)."""
        inst, m = self.inst, self.model
        seg_index, person_index = inst.segment_index(), inst.person_index()
        standing: dict[int, dict[int, int]] = defaultdict(dict)
        count: dict[tuple[int, int], int] = defaultdict(int)
        officers: dict[tuple[int, int], int] = defaultdict(int)
        for a in assignments:
            i, s = person_index[a.person], seg_index[a.segment]
            for h in range(a.start, a.end):
                standing[i][h] = s
                count[(s, h)] += 1
                officers[(s, h)] += inst.people[i].officer
        for i, v in self.people.items():
            at = standing.get(i, {})
            for s, xs in v["x"].items():
                for h, var in xs.items():
                    m.add_hint(var, at.get(h) == s)
            if len(v["x"]) > 1:
                for h, var in v["w"].items():
                    m.add_hint(var, h in at)
            for h, var in v["b"].items():
                m.add_hint(var, h in at and h - 1 not in at)
            for h, var in v["e"].items():
                m.add_hint(var, h in at and h + 1 not in at)
            worked_nights = {inst.night_of[h] for h in at if inst.night_of[h] is not None}
            for d, var in v["n"].items():
                m.add_hint(var, d in worked_nights)
            if v["excess"] is not None:
                m.add_hint(v["excess"], max(0, len(at) + self.window.total[i] - self.fair_share))
        gaps = 0
        for var, s, h, req in self.slack:
            gaps += max(0, req - count[(s, h)])
            m.add_hint(var, max(0, req - count[(s, h)]))
        for var, s, h in self.officer_slack:
            gaps += officers[(s, h)] == 0
            m.add_hint(var, officers[(s, h)] == 0)
        return gaps

    def assignments(self, values) -> list[Assignment]:
        inst = self.inst
        out = []
        for i, v in self.people.items():
            pid = inst.people[i].id
            for s, xs in v["x"].items():
                run_start = None
                prev = None
                for h in v["hours"]:
                    on = values[xs[h].index] > 0
                    if on and run_start is not None and prev == h - 1:
                        prev = h
                        continue
                    if run_start is not None:
                        out.append(Assignment(pid, inst.segments[s].id, run_start, prev + 1))
                        run_start = None
                    if on:
                        run_start = prev = h
                if run_start is not None:
                    out.append(Assignment(pid, inst.segments[s].id, run_start, prev + 1))
        return sorted(out, key=lambda a: (a.start, a.segment, a.person))


class _Callback(cp_model.CpSolverSolutionCallback):
    def __init__(self, progress: Progress | None, t0: float, time_limit: float):
        super().__init__()
        self.progress, self.t0, self.time_limit = progress, t0, time_limit
        self.solutions = 0
        self.last = 0.0

    def on_solution_callback(self) -> None:
        self.solutions += 1
        self.report(_("solution %(n)d: objective %(obj).0f, bound %(bound).0f")
                    % {"n": self.solutions, "obj": self.objective_value, "bound": self.best_objective_bound})

    def report(self, message: str) -> None:
        if self.progress is not None:
            elapsed = time.perf_counter() - self.t0
            self.progress(min(0.05 + 0.94 * elapsed / self.time_limit, 0.99), message)

    def log(self, _line: str) -> None:
        # The search log arrives often; it only moves the bar on, twice a second at most.
        now = time.perf_counter()
        if now - self.last >= 0.5:
            self.last = now
            self.report(_("searching"))


class _StopAtZero(cp_model.CpSolverSolutionCallback):
    """Stops the search at a solution of objective 0 (nothing left to prove when a window's gaps are all closed)."""

    def on_solution_callback(self) -> None:
        if self.objective_value < 0.5:
            self.stop_search()


def _fewest_gaps(model: _RosterModel, solver: cp_model.CpSolver, hinted_gaps: int) -> list[int] | None:
    """The window's roster with the fewest uncovered hours it allows (quick, and proven in the window), or None
    when that is not fewer than the hinted roster's. Only the gaps are minimised here: the soft terms are left
    to the caller's check of the whole objective, to :func:`.repair.rebalance` and to :func:`_polish` (a
    second, soft phase in each gap window cost more time than it gained)."""
    m = model.model
    m.minimize(model.gaps())
    # Small models: presolve costs more than it saves (measured: 6.1 s against 8.4 s for the 28 windows of
    # the 30-segment bench instance).
    solver.parameters.cp_model_presolve = False
    status = solver.solve(m, _StopAtZero())
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) or round(solver.objective_value) >= hinted_gaps:
        return None
    return list(solver.response_proto.solution)


def _x_count(inst: Instance, usable) -> int:
    """How many x[p, s, h] the whole-horizon model would have (the bulk of its variables)."""
    return sum(len(u.hours) * len(p.segments) for p, u in zip(inst.people, usable, strict=True))


def _params(solver: cp_model.CpSolver, *, seconds: float, workers: int, gap_limit: float, seed: int) -> None:
    params = solver.parameters
    params.max_time_in_seconds = max(0.2, seconds)
    params.num_workers = workers
    params.relative_gap_limit = gap_limit
    params.random_seed = seed
    params.log_to_stdout = False


# Local windows around the gaps that remain: (hops, hours on each side of the gap). One hop frees the people who
# may stand on the gap's post; two hops also those who may stand where they may (so a chain of moves can reach it).
GAP_LEVELS = ((1, 12), (2, 12), (2, 24), (3, 24))
GAP_WINDOW_SECONDS = 2.0


def _reach(inst: Instance, hops: int) -> Callable[[int], set[int]]:
    """For a segment: the people within ``hops`` hops of it (person -> segment they may stand on -> person)."""
    allowed: list[list[int]] = [[] for _ in inst.segments]
    for i, p in enumerate(inst.people):
        for s in p.segments:
            allowed[s].append(i)
    cache: dict[int, set[int]] = {}

    def people_near(s: int) -> set[int]:
        if s not in cache:
            segs, people = {s}, set()
            for _ in range(hops):
                people |= {i for t in segs for i in allowed[t]}
                segs = {t for i in people for t in inst.people[i].segments}
            cache[s] = people
        return cache[s]

    return people_near


def _close_gaps(inst: Instance, usable, fair: int, roster: list[Assignment], *, deadline: float, workers: int,
                seed: int, progress: Progress | None = None, t0: float = 0.0) -> tuple[list[Assignment], dict]:
    """Close the gaps that remain with small CP-SAT windows: around each gap, the people near its post (see
    GAP_LEVELS) are freed of their shifts inside a day around it and re-placed, everyone and everything else
    fixed. A window is kept only when the whole roster's objective does not grow; the gaps a level cannot close
    are tried again at the next (wider) level. Every window keeps every rule (see :class:`_Indexed`).

    With ``workers`` > 1, that many windows are solved at once (one search worker each) on disjoint sets of
    people: one window's moves cannot then break a rule for another's people, and each result is judged
    against the roster as it stands when it is put in."""
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    info = {"gap_windows": 0, "gap_windows_kept": 0, "gap_max_variables": 0, "gap_level": 0}
    current = _Indexed(inst, roster, fair)
    value = current.value()
    parallel = max(1, workers)

    def run(model: _RosterModel, hinted: int, k: int) -> list[int] | None:
        solver = cp_model.CpSolver()
        _params(solver, seconds=min(GAP_WINDOW_SECONDS, deadline - time.perf_counter()), workers=1 if parallel > 1
                else workers, gap_limit=0.0, seed=seed + k)
        return _fewest_gaps(model, solver, hinted)

    with ThreadPoolExecutor(max_workers=parallel) as pool:
        for level, (hops, half) in enumerate(GAP_LEVELS):
            info["gap_level"] = level
            people_near = _reach(inst, hops)
            tried: set[tuple[int, int]] = set()
            running: dict = {}  # future -> (people, free, model)
            while True:
                # Start windows while there are workers free, gaps untried and people not already in a window.
                while len(running) < parallel and time.perf_counter() < deadline - 0.2:
                    busy = set().union(*(job[0] for job in running.values())) if running else set()
                    pick = next(((s, h) for s, h in current.gaps()
                                 if (s, h) not in tried and not (people_near(s) & busy)), None)
                    if pick is None:
                        break
                    s, h = pick
                    a, b = max(0, h - half), min(inst.hours, h + half)
                    near = people_near(s)
                    # The gaps on this post that this window holds are tried again at the next level, wider, if it
                    # leaves them open.
                    tried.update((s, k) for k in range(a, b))
                    win, free = current.window(a, b, near)
                    model = _RosterModel(inst, win, usable, fair, only=near)
                    hinted = model.hint(free)
                    info["gap_max_variables"] = max(info["gap_max_variables"], len(model.model.proto.variables))
                    running[pool.submit(run, model, hinted, info["gap_windows"])] = (near, free, model)
                    info["gap_windows"] += 1
                if not running:
                    break
                done, _pending = wait(list(running), return_when=FIRST_COMPLETED)
                for future in done:
                    _near, free, model = running.pop(future)
                    solution = future.result()
                    if solution is None:
                        continue
                    new = model.assignments(solution)
                    current.replace(free, new)
                    new_value = current.value()
                    if new_value <= value:
                        value = new_value
                        info["gap_windows_kept"] += 1
                    else:
                        current.replace(new, free)
                if progress is not None:
                    elapsed = time.perf_counter() - t0
                    progress(min(0.1 + 0.85 * elapsed / max(deadline - t0, 1e-6), 0.99),
                             _("closing gaps: %(n)d windows") % {"n": info["gap_windows"]})
            if time.perf_counter() >= deadline - 0.2:
                break
    return current.assignments(), info


POLISH_SECONDS = 0.5
GAP_SHARE = 0.85  # of the time limit, at most, for closing gaps (the rest is for the soft terms)


def _polish(inst: Instance, usable, fair: int, roster: list[Assignment], *, deadline: float, workers: int,
            seed: int, progress: Progress | None = None, t0: float = 0.0, width: int = 24
            ) -> tuple[list[Assignment], dict]:
    """The soft terms (shifts, hours, fairness, preferences), with the same local windows: the people who may
    stand on one post, over ``width`` hours, re-placed for the whole objective with the roster as the hint
    (at most POLISH_SECONDS each). Sweeps go post by post along the line, a day at a time, shifted by half a
    day on odd sweeps, until the deadline; a window is kept only when the objective does not grow. As for
    the gaps, ``workers`` windows run at once on disjoint sets of people."""
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    info = {"windows": 0, "window_hours": width, "improved": 0, "max_variables": 0, "sweeps": 0}
    current = _Indexed(inst, roster, fair)
    value = current.value()
    people_near = _reach(inst, 1)
    n_seg = len(inst.segments)
    width = max(1, min(width, inst.hours))
    step = max(1, width // 2)
    # Posts a few apart, so that consecutive windows free different people.
    stride = 3 if n_seg > 3 else 1
    posts = [s for k in range(stride) for s in range(k, n_seg, stride)]
    parallel = max(1, workers)

    def run(model: _RosterModel, k: int) -> list[int] | None:
        solver = cp_model.CpSolver()
        _params(solver, seconds=min(POLISH_SECONDS, deadline - time.perf_counter()),
                workers=1 if parallel > 1 else workers, gap_limit=0.0, seed=seed + k)
        solver.parameters.cp_model_presolve = False
        if solver.solve(model.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return list(solver.response_proto.solution)
        return None

    def windows(sweep: int) -> list[tuple[int, int, int]]:
        offset = (step // 2) * (sweep % 2)
        starts = sorted({max(0, min(t, inst.hours - width)) for t in range(-offset, inst.hours - 1, step)})
        return [(a, min(a + width, inst.hours), s) for a in starts for s in posts]

    queue = windows(0)
    running: dict = {}  # future -> (people, free, model)
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        while True:
            while len(running) < parallel and time.perf_counter() < deadline - 0.3:
                if not queue:
                    info["sweeps"] += 1
                    queue = windows(info["sweeps"])
                busy = set().union(*(job[0] for job in running.values())) if running else set()
                k = next((k for k, (_a, _b, s) in enumerate(queue[:12]) if not (people_near(s) & busy)), None)
                if k is None:
                    break
                a, b, s = queue.pop(k)
                near = people_near(s)
                win, free = current.window(a, b, near)
                model = _RosterModel(inst, win, usable, fair, only=near)
                model.hint(free)
                info["max_variables"] = max(info["max_variables"], len(model.model.proto.variables))
                running[pool.submit(run, model, info["windows"])] = (near, free, model)
                info["windows"] += 1
            if not running:
                break
            done, _pending = wait(list(running), return_when=FIRST_COMPLETED)
            for future in done:
                _near, free, model = running.pop(future)
                solution = future.result()
                if solution is None:
                    continue
                new = model.assignments(solution)
                if set(new) == set(free):
                    continue
                current.replace(free, new)
                new_value = current.value()
                if new_value <= value:
                    value = new_value
                    info["improved"] += 1
                else:
                    current.replace(new, free)
            if progress is not None:
                elapsed = time.perf_counter() - t0
                progress(min(0.1 + 0.85 * elapsed / max(deadline - t0, 1e-6), 0.99),
                         _("improving: %(n)d windows") % {"n": info["windows"]})
    return current.assignments(), info


def solve(inst: Instance, *, time_limit: float = 30.0, workers: int = 2, progress: Progress | None = None,
          gap_limit: float = 0.01, seed: int = 0, mode: str = "auto", window_hours: int = 24,
          guided_start: bool = True) -> Roster:
    """Compute a roster. Never fails: gaps come back as ``uncovered`` with reasons (status "partial").

    ``time_limit`` is wall seconds for the whole call; the search stops early once the objective is
    within ``gap_limit`` (relative) of the proven bound (0 asks for proven optimality). ``progress`` is
    called with (fraction 0..1, message) as the search advances.

    ``mode``: "lp" solves the relaxation over whole shifts and the integer program over its support
    (:mod:`.price_and_branch`), "exact" one CP-SAT model over the whole horizon (proves optimality on tiny
    instances), "windows" improves the roster in local windows (the gaps first, then the soft terms, over
    ``window_hours``; with ``guided_start`` they start from :mod:`.guided` where it fits); "auto" picks "lp"
    when :func:`lp_fits` the shifts in ``time_limit``, else "exact" below EXACT_LIMIT person-segment-hours, else
    "windows". Either way the reported objective is :func:`bound.objective_terms` of the roster and the bound
    the best of :func:`bound.lower_bound`, the relaxation's (for "lp") and the solver's own (for "exact").
    """
    t0 = time.perf_counter()
    deadline = t0 + time_limit
    if progress is not None:
        progress(0.0, _("building the model"))
    usable = usable_hours(inst)
    fair = fair_share(inst, usable)
    size = _x_count(inst, usable)
    if mode == "auto":
        mode = "lp" if lp_fits(count_shifts(inst), time_limit) else "exact" if size <= EXACT_LIMIT else "windows"
    greedy_roster = greedy_assignments(inst)
    # Gaps the greedy pass left where someone could still stand are closed before the search starts from it.
    base = repair(inst, greedy_roster, deadline=t0 + time_limit * 0.3)
    lb = lower_bound(inst, usable, fair)
    note = ""
    solver_name = "cp-sat"
    stats: dict = {"mode": mode, "bound_terms": asdict(lb)}
    solver_bound = None
    lp_bound = 0
    proven = False
    if mode == "exact":
        model = _RosterModel(inst, None, usable, fair)
        model.hint(base)
        if progress is not None:
            progress(0.05, _("searching"))
        solver = cp_model.CpSolver()
        _params(solver, seconds=deadline - time.perf_counter(), workers=workers, gap_limit=gap_limit, seed=seed)
        solver.parameters.log_search_progress = progress is not None
        callback = _Callback(progress, t0, time_limit)
        if progress is not None:
            solver.log_callback = callback.log
        status = solver.solve(model.model, callback)
        stats["variables"] = len(model.model.proto.variables)
        stats["constraints"] = len(model.model.proto.constraints)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            assignments = model.assignments(solver.response_proto.solution)
            solver_bound = solver.best_objective_bound
            proven = status == cp_model.OPTIMAL
        else:
            assignments = base
            solver_name = "greedy"
            note = _("The search found no roster in time (%(status)s); this is the greedy roster.") % {
                "status": solver.status_name(status)}
    elif mode == "lp":
        if progress is not None:
            progress(0.05, _("solving the relaxation over whole shifts"))
        found, lp, info = price_and_branch(inst, fair, base, deadline=deadline - 0.3, gap_limit=gap_limit,
                                           progress=progress)
        stats.update(info)
        if lp is not None:
            lp_bound = lp.value
            stats["lp_bound"] = lp.value
        if found is not None:
            assignments, solver_name, proven = found, "lp-mip", info["proven"]
        else:  # the relaxation or its integer program took too long: the windows have what time is left
            stats["lp_fallback"] = True
            assignments = _windows_search(inst, usable, fair, base, t0=t0, deadline=deadline, workers=workers,
                                          seed=seed, progress=progress, window_hours=window_hours, stats=stats,
                                          guided_start=False)  # its time is spent: the windows alone
            solver_name = "cp-sat-windows"
    else:
        assignments = _windows_search(inst, usable, fair, base, t0=t0, deadline=deadline, workers=workers, seed=seed,
                                      progress=progress, window_hours=window_hours, stats=stats,
                                      guided_start=guided_start)
        solver_name = "cp-sat-windows"
    terms = objective_terms(inst, assignments, fair)
    # Never worse than the baselines: the repaired start of the search, or the plain greedy pass (repairs close
    # gaps but may cost more than they gain on the objective's other terms).
    for baseline in (base, greedy_roster):
        baseline_terms = objective_terms(inst, baseline, fair)
        if baseline_terms.value < terms.value:
            assignments, terms, solver_name, proven = baseline, baseline_terms, "greedy", False
            note = _("The greedy roster scored better than the search's; it stands.")
    objective = terms.value
    bound = max(lb.value, lp_bound, math.ceil(solver_bound - 1e-6) if solver_bound is not None else 0)
    proven = proven or objective == bound
    gap = round((objective - bound) / max(abs(objective), 1), 6)
    uncovered = diagnose(inst, assignments, uncovered_slots(inst, assignments))
    missing = sum(u.missing for u in uncovered)
    # "optimal" as documented: proven best, or within gap_limit of the bound.
    state = "partial" if uncovered else "optimal" if proven or gap <= gap_limit else "feasible"
    stats.update(roster_stats(inst, assignments, missing))
    stats["terms"] = asdict(terms)
    stats["lexicographic"] = lexicographic_gap(terms, lb)
    roster = Roster(status=state, assignments=assignments, uncovered=uncovered, objective=objective, bound=bound,
                    seconds=time.perf_counter() - t0, solver=solver_name, proven_optimal=proven, gap=gap,
                    stats=stats, note=note)
    if progress is not None:
        progress(1.0, _("done"))
    return roster


def _windows_search(inst: Instance, usable, fair: int, base: list[Assignment], *, t0: float, deadline: float,
                    workers: int, seed: int, progress: Progress | None, window_hours: int, stats: dict,
                    guided_start: bool = True) -> list[Assignment]:
    """Large instances: a better start where there is time for it (:mod:`.guided`), then the gaps that remain
    (small CP-SAT windows around each, GAP_SHARE of the time at most), then the soft terms, window by window, for
    the rest of the time."""
    time_limit = deadline - t0
    stats["missing_after_repair"] = sum(u.missing for u in uncovered_slots(inst, base))
    # Where the relaxation over the planned shifts is expected to solve in time, the windows start from its
    # rounding when that scores better than the repaired greedy roster (:mod:`.guided`).
    stats["guided"] = False
    if guided_start and guided.fits(inst, time_limit):
        if progress is not None:
            progress(0.05, _("planning shifts under prices, then the relaxation over them"))
        start, info = guided.guided_start(inst, fair, base, t0=t0, time_limit=time_limit)
        stats.update(info)
        if start is not None and objective_terms(inst, start, fair).value < objective_terms(inst, base, fair).value:
            base, stats["guided"] = start, True
            stats["missing_after_guided"] = sum(u.missing for u in uncovered_slots(inst, base))
    closed, info = _close_gaps(inst, usable, fair, base, deadline=t0 + time_limit * GAP_SHARE, workers=workers,
                               seed=seed, progress=progress, t0=t0)
    stats.update(info)
    # When the gap windows stopped (all tried, or out of time), and what they left.
    stats["gaps_done_seconds"] = round(time.perf_counter() - t0, 2)
    stats["missing_after_gap_windows"] = sum(u.missing for u in uncovered_slots(inst, closed))
    # Whole shifts handed from people above the fair share to people below it (fast, and across days, which
    # the windows are not).
    closed = rebalance(inst, closed, fair, deadline=deadline - 0.3)
    assignments, info = _polish(inst, usable, fair, closed, deadline=deadline - 0.3, workers=workers, seed=seed,
                                progress=progress, t0=t0, width=window_hours)
    stats.update(info)
    stats["polish_windows"] = stats["windows"]
    stats["windows"] += stats["gap_windows"]  # every window solved
    return repair(inst, assignments, deadline=deadline)
