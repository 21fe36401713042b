"""Combine the rules into one explained score per subject and per ring, and run a whole scan.

The score is ``1 - Π(1 - w)`` over the rules that fired: each rule is independent evidence, no single
weak rule can flag anyone on its own (the weights stay below the flag line except for reused pictures
across merchants), and the reasons list is exactly the set of factors in the product.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.utils.translation import gettext as _

from . import images, linking, texts
from .reading import Complaints, read_complaints
from .rules import (
    RING_RULES,
    SUBJECT_RULES,
    VOLUME_RULES,
    Config,
    Context,
    Reason,
    bad_batch_outsiders,
    build_context,
)


@dataclass
class Clue:
    kind: str  # "complainant" | "ring"
    group: int
    score: float
    rows: np.ndarray
    subjects: np.ndarray
    reasons: list[Reason]
    clue_id: str = ""


@dataclass
class ScanResult:
    complaints: Complaints
    links: linking.Links
    config: Config
    clues: list[Clue]
    timings: dict[str, float] = field(default_factory=dict)
    images_hashed: int = 0
    images_missing: int = 0

    def flagged_rows(self) -> np.ndarray:
        flagged = np.zeros(len(self.complaints), dtype=bool)
        for clue in self.clues:
            if clue.score >= self.config.flag_score:
                flagged[clue.rows] = True
        return flagged


# No single reason makes a certainty.
MAX_WEIGHT = 0.95
# Reasons that adjust the combined score instead of adding evidence, in the order score_groups applies them.
ADJUSTMENTS = ("bad_batch_context", "volume_only")


def combine(weights: list[np.ndarray], ng: int) -> np.ndarray:
    keep = np.ones(ng)
    for w in weights:
        keep *= 1.0 - np.clip(w, 0.0, MAX_WEIGHT)
    return 1.0 - keep


def score_steps(reasons: list[dict]) -> list[dict]:
    """A clue's reasons in the order its score is built, each with ``adds``: what it added to the score.

    The evidence, strongest first, combines as ``1 - Π(1 - w)``: each reason removes its weight's share of
    the doubt still left, so it adds ``w × (1 - score so far)``. Then the bad-batch reduction multiplies the
    score by its factor (its weight is factor − 1) and the volume-only cap lowers it to the cap (its weight
    is cap − score). The amounts added sum to the score, as :func:`score_groups` computes it.
    """
    score, steps = 0.0, []
    for r in sorted((r for r in reasons if r["rule"] not in ADJUSTMENTS), key=lambda r: -r["weight"]):
        w = min(max(float(r["weight"]), 0.0), MAX_WEIGHT)
        after = 1.0 - (1.0 - score) * (1.0 - w)
        steps.append({**r, "adds": after - score, "score_after": after})
        score = after
    for rule in ADJUSTMENTS:
        for r in reasons:
            if r["rule"] == rule:
                after = score * (1.0 + r["weight"]) if rule == "bad_batch_context" else score + r["weight"]
                steps.append({**r, "adds": after - score, "score_after": after})
                score = after
    return steps


def _group_rows(gid: np.ndarray, wanted: np.ndarray) -> dict[int, np.ndarray]:
    """Rows of each wanted group, without a pass over all rows per group."""
    sel = np.flatnonzero(np.isin(gid, wanted))
    order = sel[np.argsort(gid[sel], kind="stable")]
    g = gid[order]
    if not len(g):
        return {}
    bounds = np.flatnonzero(np.concatenate(([True], g[1:] != g[:-1])))
    ends = np.concatenate((bounds[1:], [len(g)]))
    return {int(g[a]): order[a:b] for a, b in zip(bounds, ends, strict=True)}


def score_groups(ctx: Context, gid: np.ndarray, ng: int, rules, kind: str) -> list[Clue]:
    fired = [rule(ctx, gid, ng) for rule in rules]
    score = combine([f.weight for f in fired], ng)
    damp = np.ones(ng)
    outsiders = np.zeros(ng, dtype=np.int64)
    if kind == "ring":
        # The bad-batch guard: a real product problem brings many unrelated complainants at once.
        outsiders = bad_batch_outsiders(ctx, gid, ng)
        hard = np.zeros(ng, dtype=bool)
        for f in fired:
            if f.rule in ("withdrawn_after_payment", "reused_evidence", "shared_evidence", "shared_account"):
                hard |= f.weight > 0
        guarded = (outsiders >= ctx.cfg.batch_min_outsiders) & ~hard
        damp = np.where(guarded, ctx.cfg.batch_damping, 1.0)
        score = score * damp
    conduct = np.zeros(ng, dtype=bool)
    for f in fired:
        if f.rule not in VOLUME_RULES:
            conduct |= f.weight > 0
    capped = ~conduct & (score > ctx.cfg.volume_only_cap)
    uncapped = score.copy()
    score = np.where(capped, ctx.cfg.volume_only_cap, score)
    wanted = np.flatnonzero(score >= ctx.cfg.report_score)
    rows_of = _group_rows(gid, wanted)
    clues = []
    for g in wanted.tolist():
        rows = rows_of[g]
        reasons = [f.explain(g, rows) for f in fired if f.weight[g] > 0]
        if damp[g] < 1:
            reasons.append(Reason(
                "bad_batch_context", float(damp[g] - 1),
                _("%(n)d complaints by unrelated people about the same product at the same time point to a real "
                  "product problem; the score is reduced.") % {"n": int(outsiders[g])},
                {"other_complaints": int(outsiders[g]), "factor": float(damp[g])}, rows[:0]))
        if capped[g]:
            reasons.append(Reason(
                "volume_only", float(ctx.cfg.volume_only_cap - uncapped[g]),
                _("Only volume (number of complaints, merchants, timing, place) speaks against this complainant, "
                  "nothing about conduct: the score is capped at %(cap).2f.") % {"cap": ctx.cfg.volume_only_cap},
                {"cap": ctx.cfg.volume_only_cap, "uncapped": round(float(uncapped[g]), 4)}, rows[:0]))
        subjects = np.unique(ctx.links.subject[rows])
        clues.append(Clue(kind=kind, group=g, score=round(float(score[g]), 4), rows=np.sort(rows),
                          subjects=subjects, reasons=reasons))
    return clues


def scan(source: str | Path | Iterable[list[str]], *, evidence_dir: str | Path | None = None,
         config: Config | None = None, progress: Callable[[int], None] | None = None,
         stage: Callable[[str], None] | None = None) -> ScanResult:
    """Scan a complaint file, or rows with the header first (see ``read_complaints``).

    ``progress`` is told how many rows were read; ``stage`` the name of each stage as it starts.
    """
    stage = stage or (lambda name: None)
    cfg = config or Config()
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    stage("read")
    c = read_complaints(source, progress=progress)
    timings["read"] = time.perf_counter() - t0

    stage("texts")
    t = time.perf_counter()
    text_cluster = texts.near_duplicate_clusters(c.text_sig, threshold=cfg.text_similarity)
    timings["texts"] = time.perf_counter() - t

    stage("images")
    t = time.perf_counter()
    evidence_cluster = None
    hashed = missing = 0
    if evidence_dir:
        file_cluster, hashed, missing = images.cluster_files(
            Path(evidence_dir), c.interners["evidence"].values, max_distance=cfg.image_distance)
        evidence_cluster = file_cluster[c.evidence_codes] if len(c.evidence_codes) else np.zeros(0, np.int64)
    timings["images"] = time.perf_counter() - t

    stage("linking")
    t = time.perf_counter()
    links = linking.link(c, hub_names=cfg.hub_names, text_cluster=text_cluster, evidence_cluster=evidence_cluster)
    timings["linking"] = time.perf_counter() - t

    stage("rules")
    t = time.perf_counter()
    ctx = build_context(c, links, cfg)
    clues = score_groups(ctx, links.subject, int(links.subject.max(initial=-1)) + 1, SUBJECT_RULES, "complainant")
    multi = links.subjects_in_ring >= 2
    ring_index = np.cumsum(multi) - 1
    ring_gid = np.where(multi[links.ring], ring_index[links.ring], -1) if len(links.ring) else links.ring
    clues += score_groups(ctx, ring_gid, int(multi.sum()), RING_RULES, "ring")
    clues.sort(key=lambda cl: (-cl.score, cl.kind != "ring", c.complaint_ids[cl.rows[0]]))
    for i, clue in enumerate(clues, start=1):
        clue.clue_id = f"XS{i:06d}"
    timings["rules"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    return ScanResult(complaints=c, links=links, config=cfg, clues=clues, timings=timings,
                      images_hashed=hashed, images_missing=missing)
