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

Two modes (``solve(mode=...)``, "auto" picks by size, EXACT_LIMIT person-segment-hours):

* **exact**: one model over the whole horizon, hinted with the greedy roster; proves optimality on
  small instances (its own bound is used too).
Both start from the greedy roster with its fillable gaps closed (:func:`.repair.repair`).

* **windows**: first, for up to 60 % of the time, local moves close further gaps (free the people who
  could stand at a gap of their nearby shifts, repair again, keep it if fewer hours are missing:
  :func:`.repair.ruin_and_repair`); then the roster is improved window by window (``window_hours``, every half window,
  the windows with most uncovered hours first, sweeps repeated shifted by a quarter day): the shifts
  wholly inside the window are re-solved with everything else fixed. The state around the window —
  rest after the fixed shift before and before the one after, hours already in each 168-hour week,
  night dates already worked (for runs of nights across the edges), hours so far (for the fair share)
  and people already standing on the posts — comes from the fixed shifts, so every window's roster
  keeps every rule and the whole passes the checker. Each window starts from the current roster as a
  complete hint and is kept only if the whole roster's objective does not grow.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _
from ortools.sat.python import cp_model

from .bound import W_FAIR, W_HOUR, W_MISSING, W_PREF, W_SHIFT, fair_share, lower_bound, objective_terms
from .diagnose import diagnose
from .greedy import greedy_assignments
from .instance import WEEK, Instance
from .model_data import uncovered_slots, usable_hours
from .repair import repair, ruin_and_repair
from .result import Assignment, Roster, roster_stats

# Above this many person-segment-hours the whole-horizon model takes too long to build and presolve
# (measured: 10 s and 25 s at 100k); the rolling horizon takes over.
EXACT_LIMIT = 20_000
MIN_WINDOW_SECONDS = 1.5

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

    @classmethod
    def around(cls, inst: Instance, roster: list[Assignment], t0: int, t1: int) -> tuple[_Window, list[Assignment]]:
        """The window [t0, t1) of ``roster``: shifts wholly inside are free (returned), all others fixed."""
        win = cls.whole(inst)
        win.t0, win.t1 = t0, t1
        person_index, seg_index = inst.person_index(), inst.segment_index()
        r = inst.rules
        free = []
        for a in roster:
            if t0 <= a.start and a.end <= t1:
                free.append(a)
                continue
            i, s = person_index[a.person], seg_index[a.segment]
            if a.start < t0:
                win.ready[i] = max(win.ready[i], a.end + r.min_rest)
            if a.end > t1:
                win.limit[i] = min(win.limit[i], a.start - r.min_rest)
            win.total[i] += a.end - a.start
            for h in range(a.start, a.end):
                win.week_used[i][h // WEEK] = win.week_used[i].get(h // WEEK, 0) + 1
                if inst.night_of[h] is not None:
                    win.nights[i].add(inst.night_of[h])
                if t0 <= h < t1:
                    win.fixed[(s, h)] = win.fixed.get((s, h), 0) + 1
                    win.fixed_officers[(s, h)] = win.fixed_officers.get((s, h), 0) + inst.people[i].officer
        return win, free


class _RosterModel:
    def __init__(self, inst: Instance, window: _Window | None = None, usable=None, fair: int | None = None):
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
        for s in range(len(inst.segments)):
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
        m.minimize(cp_model.LinearExpr.weighted_sum(list(variables), list(weights)) + W_MISSING * fixed_missing)

    def hint(self, assignments: list[Assignment]) -> None:
        """Hint every variable with the value it has in ``assignments`` (a valid roster)."""
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
        for var, s, h, req in self.slack:
            m.add_hint(var, max(0, req - count[(s, h)]))
        for var, s, h in self.officer_slack:
            m.add_hint(var, officers[(s, h)] == 0)

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


def _windows(inst: Instance, roster: list[Assignment], width: int, step: int, sweep: int) -> list[tuple[int, int]]:
    """The windows of one sweep: every ``step`` hours (shifted by half a step on odd sweeps), those with
    the most uncovered person-hours first (then in time order)."""
    offset = (step // 2) * (sweep % 2)
    starts = sorted({max(0, min(t, inst.hours - width)) for t in range(-offset, inst.hours - 1, step)})
    missing = [0] * inst.hours
    for u in uncovered_slots(inst, roster):
        missing[u.hour] += u.missing
    return sorted(((t, min(t + width, inst.hours)) for t in starts), key=lambda w: -sum(missing[w[0]:w[1]]))


def _improve(inst: Instance, usable, fair: int, roster: list[Assignment], *, deadline: float, workers: int,
             seed: int, t0: float, progress: Progress | None, width: int, step: int) -> tuple[list[Assignment], dict]:
    """Window by window, re-solve the shifts that lie wholly inside the window with everything else fixed.

    Each window model starts from the current roster (a complete hint), so it never makes the roster
    worse; the state around the window (rest after the shift before and before the shift after, hours
    in each 168-hour week, night dates worked, hours so far for the fair share, people already standing
    on the posts) comes from the fixed shifts. Sweeps repeat, shifted by half a step, until time is up.
    """
    info: dict = {"windows": 0, "window_hours": width, "max_variables": 0, "sweeps": 0, "improved": 0}
    current = sorted(roster, key=lambda a: (a.start, a.segment, a.person))
    sweep = 0
    while time.perf_counter() < deadline - 0.5:
        windows = _windows(inst, current, width, step, sweep)
        improved_this_sweep = 0
        for k, (a, b) in enumerate(windows):
            left = deadline - time.perf_counter()
            if left < 0.5:
                break
            win, free = _Window.around(inst, current, a, b)
            model = _RosterModel(inst, win, usable, fair)
            model.hint(free)
            info["max_variables"] = max(info["max_variables"], len(model.model.proto.variables))
            solver = cp_model.CpSolver()
            # At least MIN_WINDOW_SECONDS of search each (the first windows have the gaps); a window's own
            # optimum ends it sooner.
            slice_ = max(MIN_WINDOW_SECONDS, left / (len(windows) - k))
            _params(solver, seconds=min(slice_, deadline - time.perf_counter()), workers=workers,
                    gap_limit=0.0, seed=seed + info["windows"])
            # Presolve of a window costs more than the search gains from it on a busy machine; the hint is a
            # complete solution, so the search starts from it at once.
            solver.parameters.cp_model_presolve = False
            status = solver.solve(model.model)
            info["windows"] += 1
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                new = model.assignments(solver.response_proto.solution)
                if set(new) != set(free):
                    fixed = [x for x in current if not (a <= x.start and x.end <= b)]
                    candidate = sorted(fixed + new, key=lambda x: (x.start, x.segment, x.person))
                    if objective_terms(inst, candidate, fair).value <= objective_terms(inst, current, fair).value:
                        current = candidate
                        improved_this_sweep += 1
            if progress is not None:
                elapsed = time.perf_counter() - t0
                total = deadline - t0
                progress(min(0.1 + 0.85 * elapsed / max(total, 1e-6), 0.99),
                         _("sweep %(sweep)d, window %(k)d of %(n)d (hours %(a)d-%(b)d)")
                         % {"sweep": sweep + 1, "k": k + 1, "n": len(windows), "a": a, "b": b})
        info["improved"] += improved_this_sweep
        sweep += 1
        info["sweeps"] = sweep
    return current, info


def solve(inst: Instance, *, time_limit: float = 30.0, workers: int = 2, progress: Progress | None = None,
          gap_limit: float = 0.01, seed: int = 0, mode: str = "auto", window_hours: int = 24) -> Roster:
    """Compute a roster. Never fails: gaps come back as ``uncovered`` with reasons (status "partial").

    ``time_limit`` is wall seconds for the whole call; the search stops early once the objective is
    within ``gap_limit`` (relative) of the proven bound (0 asks for proven optimality). ``progress`` is
    called with (fraction 0..1, message) as the search advances.

    ``mode``: "exact" solves one model over the whole horizon (proves optimality on small instances),
    "rolling" solves windows of ``commit_hours`` plus a ``lookahead`` (default: the longest shift plus
    four hours) in turn, "auto" picks "exact" below EXACT_LIMIT person-segment-hours. Either way the
    reported objective is :func:`bound.objective_terms` of the roster and the bound is
    :func:`bound.lower_bound` (for "exact", the better of it and the solver's own bound).
    """
    t0 = time.perf_counter()
    deadline = t0 + time_limit
    if progress is not None:
        progress(0.0, _("building the model"))
    usable = usable_hours(inst)
    fair = fair_share(inst, usable)
    size = _x_count(inst, usable)
    if mode == "auto":
        mode = "exact" if size <= EXACT_LIMIT else "windows"
    greedy_roster = greedy_assignments(inst)
    # Gaps the greedy pass left where someone could still stand are closed before the search starts from it.
    base = repair(inst, greedy_roster, deadline=t0 + time_limit * 0.3)
    lb = lower_bound(inst, usable, fair)
    note = ""
    solver_name = "cp-sat"
    stats: dict = {"mode": mode, "bound_terms": asdict(lb)}
    solver_bound = None
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
    else:
        # Large instances: first close what gaps local moves can (free the people near a gap, repair again),
        # then let CP-SAT re-solve windows of that roster for the rest of the time.
        base = ruin_and_repair(inst, base, deadline=t0 + time_limit * 0.6, seed=seed)
        assignments, info = _improve(inst, usable, fair, base, deadline=deadline - 0.3, workers=workers, seed=seed,
                                     t0=t0, progress=progress, width=window_hours, step=window_hours // 2)
        stats.update(info)
        solver_name = "cp-sat-windows"
        assignments = repair(inst, assignments, deadline=deadline)
    terms = objective_terms(inst, assignments, fair)
    # Never worse than the baselines: the repaired start of the search, or the plain greedy pass (repairs close
    # gaps but may cost more than they gain on the objective's other terms).
    for baseline in (base, greedy_roster):
        baseline_terms = objective_terms(inst, baseline, fair)
        if baseline_terms.value < terms.value:
            assignments, terms, solver_name, proven = baseline, baseline_terms, "greedy", False
            note = _("The greedy roster scored better than the search's; it stands.")
    objective = terms.value
    bound = max(lb.value, math.ceil(solver_bound - 1e-6) if solver_bound is not None else 0)
    proven = proven or objective == bound
    gap = round((objective - bound) / max(abs(objective), 1), 6)
    uncovered = diagnose(inst, assignments, uncovered_slots(inst, assignments))
    missing = sum(u.missing for u in uncovered)
    state = "partial" if uncovered else "optimal" if proven else "feasible"
    stats.update(roster_stats(inst, assignments, missing))
    stats["terms"] = asdict(terms)
    roster = Roster(status=state, assignments=assignments, uncovered=uncovered, objective=objective, bound=bound,
                    seconds=time.perf_counter() - t0, solver=solver_name, proven_optimal=proven, gap=gap,
                    stats=stats, note=note)
    if progress is not None:
        progress(1.0, _("done"))
    return roster
