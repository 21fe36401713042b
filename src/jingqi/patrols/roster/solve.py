"""The CP-SAT roster model.

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

The objective minimises uncovered person-hours first (a dominant weight), then the soft goals: shifts
(each one a handover), hours worked beyond need, hours above the fair share, and preferences. The
greedy roster is given as a complete hint, so the search starts from a valid plan and a partial roster
always covers everything that can be covered.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable

from django.utils.translation import gettext as _
from ortools.sat.python import cp_model

from .diagnose import diagnose
from .greedy import greedy_assignments
from .instance import WEEK, Instance
from .model_data import uncovered_slots, usable_hours
from .result import Assignment, Roster, roster_stats

W_MISSING = 10_000  # per uncovered person-hour (and per night hour without a required officer)
W_SHIFT = 20  # per shift: a handover, and a trip to the post
W_HOUR = 1  # per hour worked: no one stands where no one is needed
W_FAIR = 4  # per hour a person works above the fair share
W_PREF = 2  # per hour on a segment the person did not prefer, or at night for those who asked to avoid it

LARGE_MODEL = 100_000  # variables; see solve()

Progress = Callable[[float, str], None]


class _RosterModel:
    def __init__(self, inst: Instance):
        self.inst = inst
        m = self.model = cp_model.CpModel()
        r = inst.rules
        usable = usable_hours(inst)
        self.people: dict[int, dict] = {}
        cover: dict[tuple[int, int], list] = defaultdict(list)
        officer_cover: dict[tuple[int, int], list] = defaultdict(list)
        starts, worked, excess_terms, pref_terms = [], [], [], []

        required_hours = sum(inst.required(s, h) for s in range(len(inst.segments)) for h in range(inst.hours))
        eligible = sum(1 for u in usable if u.hours) or 1
        self.fair_share = math.ceil(required_hours / eligible)

        for i, p in enumerate(inst.people):
            u = usable[i]
            if not u.hours or not p.segments:
                continue
            hours = u.hours
            have = set(hours)
            x = {s: {h: m.new_bool_var("") for h in hours} for s in p.segments}
            if len(p.segments) == 1:
                w = x[p.segments[0]]
            else:
                w = {h: m.new_bool_var("") for h in hours}
                for h in hours:  # w = sum of x, and at most one x: exactly one of (not w, x...)
                    m.add_exactly_one([~w[h], *(x[s][h] for s in p.segments)])
            b = {h: m.new_bool_var("") for h in hours if u.range_end[h] - h >= r.min_shift}
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
                if h - u.range_start[h] >= r.max_shift:
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
            for ws in by_week.values():
                if len(ws) > r.max_week_hours:
                    m.add(cp_model.LinearExpr.sum(ws) <= r.max_week_hours)
            by_night: dict[int, list] = defaultdict(list)
            for h in hours:
                if inst.night_of[h] is not None:
                    by_night[inst.night_of[h]].append(w[h])
            n = {}
            if len(by_night) > r.max_nights_in_row:
                for d, ws in by_night.items():
                    n[d] = m.new_bool_var("")
                    for wh in ws:
                        m.add_implication(wh, n[d])
                for d in n:
                    window = [d + k for k in range(r.max_nights_in_row + 1)]
                    if all(k in n for k in window):
                        m.add_bool_or([~n[k] for k in window])
            excess = None
            if len(hours) > self.fair_share:
                excess = m.new_int_var(0, len(hours) - self.fair_share, "")
                m.add(excess >= cp_model.LinearExpr.sum(list(w.values())) - self.fair_share)
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
            for h in range(inst.hours):
                req = inst.required(s, h)
                if req <= 0:
                    continue
                xs = cover.get((s, h), [])
                if not xs:
                    fixed_missing += req
                else:
                    if req == 1:
                        slack = m.new_bool_var("")
                        m.add_bool_or([*xs, slack])
                    else:
                        slack = m.new_int_var(0, req, "")
                        m.add(cp_model.LinearExpr.sum(xs) + slack >= req)
                    self.slack.append((slack, s, h, req))
                if inst.officer_required(s, h):
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
                m.add_hint(v["excess"], max(0, len(at) - self.fair_share))
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


def solve(inst: Instance, *, time_limit: float = 30.0, workers: int = 2, progress: Progress | None = None,
          gap_limit: float = 0.01, seed: int = 0) -> Roster:
    """Compute a roster. Never fails: gaps come back as ``uncovered`` with reasons (status "partial").

    ``time_limit`` is wall seconds for the whole call; the search stops early once the objective is
    within ``gap_limit`` (relative) of the proven bound (0 asks for proven optimality). ``progress`` is
    called with (fraction 0..1, message) as the search advances.
    """
    t0 = time.perf_counter()
    if progress is not None:
        progress(0.0, _("building the model"))
    base = greedy_assignments(inst)
    model = _RosterModel(inst)
    model.hint(base)
    if progress is not None:
        progress(0.05, _("searching"))
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(1.0, time_limit - (time.perf_counter() - t0))
    params.num_workers = workers
    params.relative_gap_limit = gap_limit
    params.random_seed = seed
    params.log_search_progress = progress is not None
    params.log_to_stdout = False
    if len(model.model.proto.variables) > LARGE_MODEL:
        # On large models presolve alone takes most of a 30-second budget (measured: about 25 s at
        # 230k variables) before the search starts from the hint; search the model as built instead.
        params.cp_model_presolve = False
        params.symmetry_level = 0
    callback = _Callback(progress, t0, time_limit)
    if progress is not None:
        solver.log_callback = callback.log
    status = solver.solve(model.model, callback)

    note = ""
    objective = bound = None
    proven = False
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        assignments = model.assignments(solver.response_proto.solution)
        objective, bound = solver.objective_value, solver.best_objective_bound
        proven = objective - bound < 0.5
        solver_name = "cp-sat"
    else:
        # No solution in the time (or a solver fault): the greedy roster is valid, so it stands in.
        assignments = base
        solver_name = "greedy"
        bound = solver.best_objective_bound if status == cp_model.UNKNOWN else None
        note = _("The search found no roster in time (%(status)s); this is the greedy roster.") % {
            "status": solver.status_name(status)}
    uncovered = diagnose(inst, assignments, uncovered_slots(inst, assignments))
    missing = sum(u.missing for u in uncovered)
    gap = None
    if objective is not None and bound is not None:
        gap = round((objective - bound) / max(abs(objective), 1.0), 6)
    state = "partial" if uncovered else "optimal" if proven else "feasible"
    roster = Roster(status=state, assignments=assignments, uncovered=uncovered, objective=objective, bound=bound,
                    seconds=time.perf_counter() - t0, solver=solver_name, proven_optimal=proven, gap=gap,
                    stats=roster_stats(inst, assignments, missing), note=note)
    roster.stats["variables"] = len(model.model.proto.variables)
    roster.stats["constraints"] = len(model.model.proto.constraints)
    if progress is not None:
        progress(1.0, _("done"))
    return roster
