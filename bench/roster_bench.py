"""Benchmark of the guard-roster solver (issue 10): CP-SAT against the greedy baseline on the same instance.

One generated instance per size (seed 1, variant "ok": realistic availability, no planted gaps): 30 segments
x 336 hours x 300 people, then 60 segments x 600 people and 120 x 1200 (336 hours each). For each: the greedy
roster and the CP-SAT roster (2 workers, the given time limit for the whole call), each passed through the
independent checker; the objective of both (``bound.objective_terms``), the independent lower bound and the
gap (objective - bound) / objective and its lexicographic reading (uncovered hours against their bound,
then the soft terms against theirs given as many missing), coverage gaps, hours spread (max-min and
standard deviation over the people who could work), shifts and handovers; wall and CPU seconds of the
solve and the load average. After the solve, apart from it (``--lagrangian`` seconds, 30 by default), the
soft terms are bounded again by Lagrangian relaxation (``roster.lagrange``), and the soft gap is read
against the better of the two soft bounds.

    .venv/bin/python bench/roster_bench.py                         # 30, 60, 120 segments, 30 s each
    .venv/bin/python bench/roster_bench.py --sizes 30 --time-limit 60
    .venv/bin/python bench/roster_bench.py --sizes 30 --also-without-guided    # the guided start against none
    .venv/bin/python bench/roster_bench.py --sizes 2,4 --also-exact --lagrangian 0   # small: the "lp" mode
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from dataclasses import asdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def row(name: str, roster, report, objective=None, bound=None) -> dict:
    s = roster.stats
    objective = roster.objective if objective is None else objective
    bound = roster.bound if bound is None else bound
    gap = round((objective - bound) / objective, 4) if objective else None
    return {"solver": name, "status": roster.status, "seconds": round(roster.seconds, 1),
            "gap_slots": len(roster.uncovered), "missing_person_hours": s["missing_person_hours"],
            "rules_broken": len(report.rule_violations), "hours_spread": s["hours_spread"],
            "hours_stdev": s["hours_stdev"], "shifts": s["shifts"], "handovers": s["handovers"],
            "person_hours": s["person_hours"], "objective": objective, "bound": bound,
            "gap": gap, "reasons": dict(sorted(_reasons(roster).items()))}


def stronger(terms, lagr, lexicographic=None) -> dict:
    """The soft bound by Lagrangian relaxation at the roster's own missing hours, and the soft gap against the
    better of it and the separate relaxations' (``lexicographic``'s, or computed here)."""
    if lagr is None:
        return {}
    soft = terms.soft
    by_lagrange = lagr.soft_given(terms.missing)
    separate = (lexicographic or {}).get("soft_bound")
    best = max(by_lagrange, separate) if separate is not None else by_lagrange
    return {"soft_bound_lagrangian": by_lagrange, "lagrangian_iterations": lagr.iterations,
            "lagrangian_seconds": round(lagr.seconds, 1),
            "soft_gap_best_bound": round((soft - best) / soft, 4) if soft > 0 else 0.0}


def _reasons(roster) -> dict:
    out: dict[str, int] = {}
    for u in roster.uncovered:
        out[u.code] = out.get(u.code, 0) + 1
    return out


def main() -> None:
    import django
    from django.conf import settings

    # The roster package needs no database or app: minimal settings keep the bench apart from the other apps
    # (and from their migrations or work in progress).
    settings.configure(USE_I18N=False)
    django.setup()
    from jingqi.patrols.roster import check, generate, greedy, load_instance, solve
    from jingqi.patrols.roster.bound import lexicographic_gap, lower_bound, objective_terms
    from jingqi.patrols.roster.lagrange import lagrangian_bound

    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="30,60,120")
    ap.add_argument("--time-limit", type=float, default=30.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", help="Also write the rows here.")
    ap.add_argument("--also-exact", action="store_true",
                    help="Also solve with the CP-SAT model over the whole horizon (mode exact), same time limit.")
    ap.add_argument("--also-without-guided", action="store_true",
                    help="Also solve with the windows started from the repaired greedy roster (no guided start).")
    ap.add_argument("--lagrangian", type=float, default=30.0,
                    help="Seconds for the Lagrangian bound on the soft terms, computed after the solve (0: skip).")
    args = ap.parse_args()
    rows = []
    for segments in (int(s) for s in args.sizes.split(",")):
        people = segments * 10
        inst = load_instance(generate(args.seed, segments=segments, hours=336, people=people))
        g = greedy(inst)
        load = os.getloadavg()[0]
        t, cpu = time.perf_counter(), time.process_time()
        r = solve(inst, time_limit=args.time_limit, workers=2, progress=None)
        wall, cpu = time.perf_counter() - t, time.process_time() - cpu
        rep = check(inst, r.assignments)
        assert rep.undeclared(r.uncovered) == [], "the solver's roster must pass the checker"
        g_terms = objective_terms(inst, g.assignments)
        g_lex = lexicographic_gap(g_terms, lower_bound(inst))
        # The Lagrangian bound on the soft terms, apart from the search (its time is not the solve's), aimed at
        # the search's roster; the soft gap is then read against the better of it and the separate relaxations.
        lagr = None
        if args.lagrangian > 0:
            lagr = lagrangian_bound(inst, objective_terms(inst, r.assignments), seconds=args.lagrangian)
        rows.append({"segments": segments, "people": people,
                     **row("greedy", g, check(inst, g.assignments), g_terms.value, r.bound),
                     "terms": asdict(g_terms), "lexicographic": g_lex, **stronger(g_terms, lagr, g_lex)})
        rows.append({"segments": segments, "people": people, **row("search", r, rep),
                     "mode": r.stats.get("mode"), "windows": r.stats.get("windows"),
                     "sweeps": r.stats.get("sweeps"), "max_variables": r.stats.get("max_variables"),
                     "terms": r.stats.get("terms"), "bound_terms": r.stats.get("bound_terms"),
                     "lexicographic": r.stats.get("lexicographic"), "gap_windows": r.stats.get("gap_windows"),
                     "gap_windows_kept": r.stats.get("gap_windows_kept"), "gap_level": r.stats.get("gap_level"),
                     "polish_windows": r.stats.get("polish_windows"),
                     "gaps_done_seconds": r.stats.get("gaps_done_seconds"),
                     "missing_after_repair": r.stats.get("missing_after_repair"),
                     "missing_after_gap_windows": r.stats.get("missing_after_gap_windows"),
                     **{k: r.stats.get(k) for k in ("guided", "guided_steps", "guided_columns", "guided_relaxation",
                                                    "guided_seconds", "missing_after_guided")},
                     "wall": round(wall, 1), "cpu": round(cpu, 1), "load_before": round(load, 1),
                     **{k: r.stats.get(k) for k in ("lp_bound", "lp_seconds", "support_columns", "reduced_columns",
                                                    "shift_columns", "proven", "lp_fallback")},
                     **stronger(objective_terms(inst, r.assignments), lagr, r.stats.get("lexicographic"))})
        print(json.dumps(rows[-2]), flush=True)
        print(json.dumps(rows[-1]), flush=True)
        if args.also_without_guided:
            t = time.perf_counter()
            e = solve(inst, time_limit=args.time_limit, workers=2, progress=None, guided_start=False)
            wall = time.perf_counter() - t
            rows.append({"segments": segments, "people": people,
                         **row("search, greedy start", e, check(inst, e.assignments), e.objective, r.bound),
                         "terms": e.stats.get("terms"), "wall": round(wall, 1),
                         **stronger(objective_terms(inst, e.assignments), lagr, e.stats.get("lexicographic"))})
            print(json.dumps(rows[-1]), flush=True)
        if args.also_exact:
            t = time.perf_counter()
            e = solve(inst, time_limit=args.time_limit, workers=2, progress=None, mode="exact")
            wall = time.perf_counter() - t
            rows.append({"segments": segments, "people": people, **row("cp-sat exact", e, check(inst, e.assignments),
                                                                       e.objective, r.bound),
                         "terms": e.stats.get("terms"), "wall": round(wall, 1)})
            print(json.dumps(rows[-1]), flush=True)
    print(f"# {date.today().isoformat()} {platform.machine()} {os.cpu_count()} cores Python {platform.python_version()}"
          f" load {os.getloadavg()[0]:.1f}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
