"""The text matcher's similarity threshold, measured on held-out data (issue 12).

Pairs of complaints from an independent generator's file (``bench/heldout/``), with its answer key:

- positive: two complaints of one scheme (a ring's or a professional's script, however retyped);
- negative: two different complainants' ordinary complaints about the same merchant or the same product,
  and two complaints of one genuine group (trap): a contaminated batch quoting the same recall notice,
  one complaint filed on two channels, members filed for by a volunteer organisation, households, ...

Each pair's similarity is the one ``texts.near_duplicate_clusters`` compares with its threshold (MinHash
over normalised 2-grams, merchant and product cut out as the reader does, boilerplate slots left out,
document frequency counted over the whole file). Per threshold the script prints pair precision and
recall, and what the clustering itself (LSH candidates, connected components) does: scheme complaints
clustered with their own scheme, genuine groups' complaints clustered together, ordinary complaints in
any cluster, and from these a complaint-level F1. A ring is found through a few strong pairs, not all of
its pairs, so the threshold is the one with the best complaint-level F1; then per scheme kind and per
negative kind at that threshold.

Discipline: the threshold is chosen on the tuning sets only (hangzhou seeds 1 and 2); ``--report`` scans
other sets with that threshold and tunes nothing.

    .venv/bin/python bench/claims_texts.py                           # tune on hangzhou:1 hangzhou:2
    .venv/bin/python bench/claims_texts.py --report parkline:11      # then report, threshold fixed
    .venv/bin/python bench/claims_texts.py --threshold 0.25 --timing 1000000   # sign and cluster a million
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jingqi.settings")

import django  # noqa: E402

django.setup()

from jingqi.claims.engine import reading, texts  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
GENERATORS = {"hangzhou": ROOT / "bench/heldout/gen_hangzhou.py", "parkline": ROOT / "bench/heldout/gen_parkline.py"}
TUNE_SETS = ["hangzhou:1", "hangzhou:2"]
THRESHOLDS = [round(t, 2) for t in np.arange(0.10, 0.95, 0.05)]


def generate(item: str, rows: int, work: Path) -> Path:
    name, seed = item.split(":")
    out = work / f"{name}-{seed}-{rows}"
    if not (out / "truth.json").exists():
        cmd = [PY, str(GENERATORS[name]), str(out), "--seed", seed, "--rows", str(rows), "--no-pictures"]
        # Our own interpreter and generator with arguments built here: no shell, no outside input.
        subprocess.run(cmd, check=True, capture_output=True)  # noqa: S603
    return out


def read(folder: Path) -> dict:
    """The file's complaints: texts and masks as the reader passes them to the hasher, and the columns
    the pairs are formed on."""
    ids, text, masks, who, merchant, product = [], [], [], [], [], []
    seen = set()
    for _n, cells in reading.iter_raw(folder / "complaints.csv"):
        cid = cells.get("complaint_id", "")
        if not cid or cid in seen:
            continue
        seen.add(cid)
        ids.append(cid)
        text.append(reading.squeeze(reading.clean(cells.get("text", ""))))
        who.append(reading.squeeze(reading.clean(cells.get("complainant_name", ""))))
        name = reading.squeeze(reading.clean(cells.get("merchant_name", "")))
        merchant.append(cells.get("merchant_uscc", "") or name)
        product.append(reading.squeeze(reading.clean(cells.get("product", ""))))
        masks.append((name, product[-1]))
    return {"ids": ids, "texts": text, "masks": masks, "who": who, "merchant": merchant, "product": product}


def load(folder: Path) -> dict:
    """The file's texts as the reader passes them to the hasher, its pairs, and each pair's kind."""
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    cols = read(folder)
    ids, who, merchant, product = cols["ids"], cols["who"], cols["merchant"], cols["product"]
    row_of = {cid: i for i, cid in enumerate(ids)}
    grouped = np.zeros(len(ids), dtype=bool)
    pairs: list[tuple[np.ndarray, np.ndarray, str, bool]] = []  # a, b, kind, positive

    def within(complaint_ids, kind, positive):
        rows = np.array(sorted({row_of[c] for c in complaint_ids if c in row_of}), dtype=np.int64)
        grouped[rows] = True
        if len(rows) > 1:
            a, b = np.triu_indices(len(rows), 1)
            pairs.append((rows[a], rows[b], kind, positive))

    for scheme in truth["schemes"].values():
        within(scheme["complaint_ids"], scheme["kind"], True)
    for trap in truth["traps"].values():
        within(trap["complaint_ids"], trap["kind"], False)
    # Ordinary complaints about one merchant or one product, by different complainants.
    by_key = defaultdict(list)
    for i in np.flatnonzero(~grouped):
        by_key["m", merchant[i]].append(i)
        by_key["p", product[i]].append(i)
    bg_a, bg_b = [], []
    for rows in by_key.values():
        if len(rows) > 1:
            rows = np.array(rows)
            a, b = np.triu_indices(len(rows), 1)
            bg_a.append(rows[a])
            bg_b.append(rows[b])
    a, b = np.concatenate(bg_a), np.concatenate(bg_b)
    key = np.unique(np.minimum(a, b) * len(ids) + np.maximum(a, b))
    a, b = key // len(ids), key % len(ids)
    names = np.array(who, dtype=object)
    other = names[a] != names[b]
    pairs.append((a[other], b[other], "ordinary, same merchant or product", False))
    return {"texts": cols["texts"], "masks": cols["masks"], "pairs": pairs, "truth": truth, "ids": ids}


def measure(data: dict) -> dict:
    started = time.perf_counter()
    sig = texts.MinHasher().signatures(data["texts"], data["masks"])
    common = texts.common_minima(sig)
    seconds = time.perf_counter() - started
    scored = []
    for a, b, kind, positive in data["pairs"]:
        scored.append((texts.pair_similarity(sig, common, a, b), kind, positive))
    return {"sig": sig, "scored": scored, "seconds": seconds}


def pooled(results: list[dict]) -> tuple[np.ndarray, np.ndarray, dict, dict]:
    pos = np.concatenate([s for r in results for s, _k, p in r["scored"] if p])
    neg = np.concatenate([s for r in results for s, _k, p in r["scored"] if not p])
    kinds: dict[str, list[np.ndarray]] = defaultdict(list)
    traps: dict[str, list[np.ndarray]] = defaultdict(list)
    for r in results:
        for s, k, p in r["scored"]:
            (kinds if p else traps)[k].append(s)
    return pos, neg, {k: np.concatenate(v) for k, v in kinds.items()}, {k: np.concatenate(v) for k, v in traps.items()}


def clustered(data_list: list[dict], results: list[dict], threshold: float) -> dict:
    """What the clustering does at ``threshold``, per group kind: complaints in a cluster with another
    complaint of their own group; and ordinary complaints (in no group) in any cluster."""
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    traps: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    ordinary = [0, 0]
    for data, result in zip(data_list, results, strict=True):
        labels = texts.near_duplicate_clusters(result["sig"], threshold=threshold)
        row_of = {cid: i for i, cid in enumerate(data["ids"])}
        grouped = np.zeros(len(labels), dtype=bool)
        for table, groups in ((kinds, data["truth"]["schemes"]), (traps, data["truth"]["traps"])):
            for group in groups.values():
                rows = np.array([row_of[c] for c in group["complaint_ids"] if c in row_of], dtype=np.int64)
                grouped[rows] = True
                lab = labels[rows]
                _values, inverse, counts = np.unique(lab, return_inverse=True, return_counts=True)
                together = (lab >= 0) & (counts[inverse] > 1)
                table[group["kind"]][0] += int(together.sum())
                table[group["kind"]][1] += len(rows)
        free = np.flatnonzero(~grouped)
        ordinary[0] += int((labels[free] >= 0).sum())
        ordinary[1] += len(free)
    return {"kinds": dict(kinds), "traps": dict(traps), "ordinary": ordinary}


def share(pair: list[int]) -> float:
    return pair[0] / max(pair[1], 1)


def report(sets: list[str], rows: int, work: Path, threshold: float | None) -> float:
    data_list = [load(generate(item, rows, work)) for item in sets]
    results = [measure(d) for d in data_list]
    pos, neg, kinds, traps = pooled(results)
    lines = ["| threshold | pair precision | pair recall | pair F1 | negative pairs matched | scheme complaints "
             "clustered with their scheme | genuine-group complaints clustered with their group | ordinary "
             "complaints in a cluster | complaint-level F1 |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    rows_of: dict[float, tuple] = {}
    for t in THRESHOLDS:
        tp, fp = int((pos >= t).sum()), int((neg >= t).sum())
        p, r = tp / max(tp + fp, 1), tp / max(len(pos), 1)
        f1 = 2 * p * r / max(p + r, 1e-9)
        c = clustered(data_list, results, t)
        sch = [sum(v[i] for v in c["kinds"].values()) for i in (0, 1)]
        gen = [sum(v[i] for v in c["traps"].values()) for i in (0, 1)]
        # Complaint level: a scheme complaint clustered with its own scheme is found; an ordinary complaint
        # in any cluster, or a genuine group's complaint clustered with its group, is a false link.
        wrong = c["ordinary"][0] + gen[0]
        cp, cr = sch[0] / max(sch[0] + wrong, 1), share(sch)
        cf1 = 2 * cp * cr / max(cp + cr, 1e-9)
        rows_of[t] = (p, r, cf1, c)
        lines.append(f"| {t:.2f} | {p:.3f} | {r:.3f} | {f1:.3f} | {fp}/{len(neg)} | {share(sch):.1%} | "
                     f"{share(gen):.1%} | {share(c['ordinary']):.2%} | {cf1:.3f} |")
    if threshold is None:
        threshold = max(THRESHOLDS, key=lambda t: rows_of[t][2])
        how = ("chosen: the best complaint-level F1 — pair matching alone cannot choose, since ring members "
               "are clustered through a few strong pairs, not all pairs")
    else:
        how = "fixed, not tuned on these sets"
    p, r, f1, c = rows_of[threshold] if threshold in rows_of else (*[0.0] * 3, clustered(data_list, results, threshold))
    out = [f"### Text matching on {', '.join(sets)} ({rows} rows each)", "",
           f"{len(pos)} positive pairs (two complaints of one scheme), {len(neg)} negative pairs (different "
           "complainants' ordinary complaints about one merchant or one product; two complaints of one genuine "
           "group).", "", *lines, "",
           f"**Threshold {threshold:.2f}** ({how}).", "",
           "| scheme kind | pairs matched | complaints clustered with their scheme |", "| --- | ---: | ---: |"]
    out += [f"| {k} | {(s >= threshold).sum()}/{len(s)} ({(s >= threshold).mean():.0%}) | "
            f"{c['kinds'][k][0]}/{c['kinds'][k][1]} ({share(c['kinds'][k]):.0%}) |" for k, s in sorted(kinds.items())]
    out += ["", "| negative pairs | pairs matched | complaints clustered with their group |", "| --- | ---: | ---: |"]
    for k, s in sorted(traps.items()):
        group = c["traps"].get(k)
        cell = f"{group[0]}/{group[1]} ({share(group):.1%})" if group else "—"
        out.append(f"| {k} | {(s >= threshold).sum()}/{len(s)} ({(s >= threshold).mean():.2%}) | {cell} |")
    out += ["", f"Ordinary complaints in any cluster: {c['ordinary'][0]}/{c['ordinary'][1]} "
            f"({share(c['ordinary']):.2%}).", ""]
    print("\n".join(out), flush=True)
    return threshold


def timing(n: int, work: Path) -> None:
    """Sign (in the reader's batches) and cluster the texts of a tuning generator's file of ``n`` rows."""
    cols = read(generate(TUNE_SETS[0], n, work))
    batch, masks = cols["texts"], cols["masks"]
    hasher = texts.MinHasher()
    texts.tokens(batch[:10])  # the tables, built once a process
    started = time.perf_counter()
    sig = np.concatenate([hasher.signatures(batch[i:i + 4096], masks[i:i + 4096])
                          for i in range(0, len(batch), 4096)])
    signed = time.perf_counter() - started
    started = time.perf_counter()
    labels = texts.near_duplicate_clusters(sig, threshold=texts.THRESHOLD)
    clustered = time.perf_counter() - started
    chars = sum(map(len, batch)) / max(len(batch), 1)
    print(f"### Speed: {len(batch):,} texts of {TUNE_SETS[0]} (mean {chars:.0f} characters), {platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}\n\n"
          f"sign {signed:.2f} s, cluster {clustered:.2f} s ({(labels >= 0).sum():,} rows in clusters)\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--work", default=str(ROOT / "var" / "claims-texts"))
    parser.add_argument("--report", nargs="*", default=[], help="generator:seed sets scored with the tuned threshold")
    parser.add_argument("--threshold", type=float, help="skip tuning and use this threshold")
    parser.add_argument("--timing", type=int, default=0, help="also sign and cluster this many texts")
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    threshold = args.threshold
    if threshold is None:
        threshold = report(TUNE_SETS, args.rows, work, None)
    if args.report:
        report(args.report, args.rows, work, threshold)
    if args.timing:
        timing(args.timing, work)


if __name__ == "__main__":
    main()
