"""Evidence-picture matching measured on the independent generators' pictures (issue 12).

The pictures and the answer key come from the held-out generators in ``bench/heldout/``. Which picture is a
copy of which is not in ``truth.json``; the bench asks the generator itself (it re-runs the generator's
plan for the same seed, deterministic, and reads each picture's recipe: the base picture and the edits made
to it). Two pictures are **the same picture** when they come from one base. Reported:

- pair precision and recall (pairs of pictures put in one cluster) per Hamming distance and similarity
  threshold, and the recall per kind of edit (turns/mirroring, screenshot frame, crop; "plain" for
  re-encoding, scaling, brightness and tint only);
- per trap kind, pairs of pictures of different complainants in one trap group put in one cluster (these are
  other people's photos of the same product or lot: every such pair is a false match);
- per scheme kind, the share of same-picture pairs found;
- time: pictures read and hashed per second, and the matching (CPU seconds of this process).

Discipline: thresholds are chosen on the tuning sets (hangzhou seeds 1 and 2) only; ``--report`` runs the
report set (parkline seed 11) once with the chosen constants and nothing is tuned after.

    .venv/bin/python bench/claims_images.py                 # tuning sets, threshold sweep
    .venv/bin/python bench/claims_images.py --report        # parkline seed 11 with the chosen thresholds
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from jingqi.claims.engine import images  # noqa: E402
from jingqi.claims.engine.unionfind import components  # noqa: E402

HELDOUT = ROOT / "bench" / "heldout"
TUNE_SETS = ["hangzhou:1", "hangzhou:2"]
REPORT_SETS = ["parkline:11"]
DISTANCES = [2, 4, 6, 8]
SIMILARITIES = [0.9, 0.94, 0.96, 0.97, 0.98]


def _generator(name: str):
    spec = importlib.util.spec_from_file_location(f"gen_{name}", HELDOUT / f"gen_{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def folder_for(name: str, seed: int, rows: int) -> Path:
    """The harness's files when it made them already (read only), else our own under var/."""
    shared = ROOT / "var" / "claims-heldout" / f"{name}-{seed}-{rows}"
    if (shared / "truth.json").exists() and (shared / "evidence").is_dir():
        return shared
    own = ROOT / "var" / "claims-images" / f"{name}-{seed}-{rows}"
    if not (own / "truth.json").exists():
        subprocess.run([sys.executable, str(HELDOUT / f"gen_{name}.py"), str(own), "--seed", str(seed),  # noqa: S603
                        "--rows", str(rows)], check=True)
    return own


def recipes_hangzhou(seed: int, rows: int) -> dict[str, dict]:
    g = _generator("hangzhou")
    w = g.World(seed, rows)
    g.plan(w)
    g.assign_ids(w)
    g.name_pictures(w, random.Random(seed * 7919 + 17))  # as generate() does, before anything else draws
    out = {}
    for row in w.rows:
        for pic in row.pics:
            if pic.spec is None or pic.spec[0] == "broken":
                continue
            spec, ops = pic.spec, []
            while spec[0] == "edit":
                ops = list(spec[2]) + ops
                spec = spec[1]
            out[pic.name] = {"root": repr(spec), "edits": [op[0] for op in ops], "group": row.group and row.group[1],
                             "person": id(row.person), "cid": row.cid}
    return out


def recipes_parkline(seed: int, rows: int) -> dict[str, dict]:
    g = _generator("parkline")
    gen = g._Gen(seed, rows)
    gen.build()
    out = {}
    for rec in gen.recs:
        for pic in rec.pics:
            edits = [e[0] for e in pic.edits if e[0] != "closeup"]
            out[pic.name] = {"root": repr((pic.kind, pic.key, pic.shot)), "edits": edits, "group": rec.group,
                             "person": id(rec.person),
                             "cid": rec.cid}
    return out


def edit_kind(a: dict, b: dict) -> str:
    ops = set(a["edits"]) | set(b["edits"])
    parts = []
    if ops & {"rot", "flip", "mirror"}:
        parts.append("turn/mirror")
    if "frame" in ops:
        parts.append("frame")
    if "crop" in ops:
        parts.append("crop" if not ({"crop"} <= set(a["edits"]) and {"crop"} <= set(b["edits"])) else "crop both")
    return "+".join(parts) or "plain"


def pairs_of(labels: np.ndarray) -> set[tuple[int, int]]:
    by = defaultdict(list)
    for i, lab in enumerate(labels):
        if lab >= 0:
            by[lab].append(i)
    return {(a, b) for members in by.values() for a, b in itertools.combinations(members, 2)}


def evaluate(name: str, seed: int, rows: int, grid: bool) -> dict:
    folder = folder_for(name, seed, rows)
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    recipes = (recipes_hangzhou if name == "hangzhou" else recipes_parkline)(seed, rows)
    names = sorted(p.name for p in (folder / "evidence").iterdir())
    c0, w0 = time.process_time(), time.perf_counter()
    rows_read, thumbs, missing = images.read_folder(folder / "evidence", names)
    sig = images.signatures(thumbs)
    c1, w1 = time.process_time(), time.perf_counter()
    dmax = max(DISTANCES) if grid else images.MAX_DISTANCE
    q, o, r, w, dist = images.candidates(sig, dmax)
    c2, w2 = time.process_time(), time.perf_counter()
    sim = images.verify(sig, q, o, r, w)
    c3, w3 = time.process_time(), time.perf_counter()
    names = [names[i] for i in rows_read]
    info = [recipes.get(nm) for nm in names]
    n = len(names)
    kinds = {gid: g["kind"] for bucket in ("schemes", "traps") for gid, g in truth[bucket].items()}
    bucket_of = {gid: bucket for bucket in ("schemes", "traps") for gid in truth[bucket]}
    by_root = defaultdict(list)
    for i, x in enumerate(info):
        if x:
            by_root[x["root"]].append(i)
    positives = {(a, b) for members in by_root.values() for a, b in itertools.combinations(sorted(members), 2)}
    pos_kind = {p: edit_kind(info[p[0]], info[p[1]]) for p in positives}
    pos_scheme = {}
    for a, b in positives:
        ga, gb = info[a]["group"], info[b]["group"]
        if ga and ga == gb and bucket_of.get(ga) == "schemes":
            pos_scheme[(a, b)] = kinds[ga]
    by_group = defaultdict(list)
    for i, x in enumerate(info):
        if x and x["group"] and bucket_of.get(x["group"]) == "traps":
            by_group[x["group"]].append(i)
    trap_pairs = {}
    for gid, members in by_group.items():
        for a, b in itertools.combinations(sorted(members), 2):
            if info[a]["person"] != info[b]["person"] and info[a]["root"] != info[b]["root"]:
                trap_pairs[(a, b)] = kinds[gid]
    results = []
    settings = itertools.product(DISTANCES, SIMILARITIES) if grid else [(images.MAX_DISTANCE, images.MIN_SIMILARITY)]
    for d, s in settings:
        keep = (dist <= d) & (sim >= s)
        labels = components(n, q[keep], r[keep]) if n else np.zeros(0, np.int64)
        sizes = np.bincount(labels, minlength=n)
        labels = np.where(sizes[labels] >= 2, labels, -1)
        found = pairs_of(labels)
        tp = len(found & positives)
        per_kind = Counter(pos_kind[p] for p in found & positives)
        per_scheme = Counter(pos_scheme[p] for p in found if p in pos_scheme)
        per_trap = Counter(trap_pairs[p] for p in found if p in trap_pairs)
        results.append({"distance": d, "similarity": s, "pairs": len(found), "tp": tp,
                        "precision": tp / max(len(found), 1), "recall": tp / max(len(positives), 1),
                        "per_kind": dict(per_kind), "per_scheme": dict(per_scheme), "per_trap": dict(per_trap)})
    return {"set": f"{name}:{seed}", "pictures": n, "missing": missing, "positives": len(positives),
            "kind_totals": dict(Counter(pos_kind.values())), "scheme_totals": dict(Counter(pos_scheme.values())),
            "trap_totals": dict(Counter(trap_pairs.values())), "candidates": len(q), "results": results,
            "cpu": {"read": c1 - c0, "candidates": c2 - c1, "verify": c3 - c2},
            "wall": {"read": w1 - w0, "candidates": w2 - w1, "verify": w3 - w2}}


def pooled(evals: list[dict]) -> list[dict]:
    out = []
    for k in range(len(evals[0]["results"])):
        rs = [e["results"][k] for e in evals]
        tp = sum(r["tp"] for r in rs)
        found = sum(r["pairs"] for r in rs)
        pos = sum(e["positives"] for e in evals)
        merged = {key: sum((Counter(r[key]) for r in rs), Counter()) for key in ("per_kind", "per_scheme", "per_trap")}
        out.append({"distance": rs[0]["distance"], "similarity": rs[0]["similarity"], "pairs": found, "tp": tp,
                    "precision": tp / max(found, 1), "recall": tp / max(pos, 1), **merged})
    return out


def totals(evals: list[dict], key: str) -> Counter:
    return sum((Counter(e[key]) for e in evals), Counter())


def report(evals: list[dict], grid: bool) -> list[str]:
    rows = pooled(evals)
    kinds = totals(evals, "kind_totals")
    schemes = totals(evals, "scheme_totals")
    traps = totals(evals, "trap_totals")
    lines = [f"Sets: {', '.join(e['set'] for e in evals)}; pictures {sum(e['pictures'] for e in evals)}, "
             f"same-picture pairs {sum(e['positives'] for e in evals)}, trap pairs (different complainants) "
             f"{sum(traps.values())}.", ""]
    kind_names = sorted(kinds)
    lines += ["| distance ≤ | similarity ≥ | pairs | precision | recall | " + " | ".join(
        f"{k} ({kinds[k]})" for k in kind_names) + " | trap pairs matched |",
        "| ---: | ---: | ---: | ---: | ---: | " + " | ".join("---:" for _ in kind_names) + " | ---: |"]
    for r in rows:
        lines.append(f"| {r['distance']} | {r['similarity']:.2f} | {r['pairs']} | {r['precision']:.3f} | "
                     f"{r['recall']:.3f} | " + " | ".join(f"{r['per_kind'].get(k, 0) / kinds[k]:.2f}"
                                                          for k in kind_names) +
                     f" | {sum(r['per_trap'].values())} |")
    chosen = [r for r in rows if r["distance"] == images.MAX_DISTANCE and r["similarity"] == images.MIN_SIMILARITY]
    if chosen:
        r = chosen[0]
        lines += ["", f"At the chosen thresholds (distance ≤ {images.MAX_DISTANCE}, similarity ≥ "
                      f"{images.MIN_SIMILARITY}):", "",
                  "| scheme kind | same-picture pairs found |", "| --- | ---: |"]
        lines += [f"| {k} | {r['per_scheme'].get(k, 0)}/{v} |" for k, v in sorted(schemes.items())]
        lines += ["", "| trap kind | pairs of different complainants matched |", "| --- | ---: |"]
        lines += [f"| {k} | {r['per_trap'].get(k, 0)}/{v} |" for k, v in sorted(traps.items())]
    n = sum(e["pictures"] for e in evals)
    cpu = {k: sum(e["cpu"][k] for e in evals) for k in ("read", "candidates", "verify")}
    wall = {k: sum(e["wall"][k] for e in evals) for k in ("read", "candidates", "verify")}
    lines += ["", f"Time ({n} pictures; CPU seconds of this process, wall in brackets; load average at the end "
                  f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores): read, trim and hash "
                  f"{cpu['read']:.1f} s ({wall['read']:.1f}) = {n / max(cpu['read'], 1e-9):.0f} pictures/s; "
                  f"candidates {cpu['candidates']:.1f} s ({wall['candidates']:.1f}); verification "
                  f"{cpu['verify']:.1f} s ({wall['verify']:.1f}) for {sum(e['candidates'] for e in evals)} "
                  f"candidates" + ("" if grid else "") + "."]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="+")
    parser.add_argument("--report", action="store_true", help="the report set, chosen thresholds only")
    parser.add_argument("--rows", type=int, default=10000)
    args = parser.parse_args()
    sets = args.sets or (REPORT_SETS if args.report else TUNE_SETS)
    grid = not args.report
    evals = []
    for item in sets:
        name, seed = item.split(":")
        evals.append(evaluate(name, int(seed), args.rows, grid))
        print(f"{item}: {evals[-1]['pictures']} pictures, {evals[-1]['candidates']} candidates", flush=True)
    out = ROOT / "var" / "claims-images" / f"bench-{'report' if args.report else 'tune'}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(evals, default=str), encoding="utf-8")
    print("\n".join(report(evals, grid)))


if __name__ == "__main__":
    main()
