"""Combine the rules into one explained score per subject and per ring, and run a whole scan.

What a score means: a probability-like strength of the suspicion, read as "the chance that at least one of
the reasons is not a coincidence" if each reason were independent evidence holding with probability equal
to its weight. It is ``1 - Π(1 - w)`` over the rules that fired, then adjusted:

1. *Contaminated batch*: a group inside a burst of complaints by many other buyers of one merchant's product,
   whose complaints mostly show no scheme conduct and who share no payment account or contact number
   (``ORGANISED``), is multiplied by
   ``batch_damping`` — judged on the whole group, not switched off by one member's withdrawal or picture.
2. *Evidence, not coincidence*: rules come in independent families (``rules.FAMILIES``: volume, wording,
   conduct, money, identity, numbers, evidence). Without two families that agree, or one strong identity fact
   (one ID number under several names), the score is capped at ``volume_only_cap``, below the flag line
   (``flag_score``, unchanged: a complaint in a clue scoring at least this much is flagged).
3. Genuine patterns that explain a clue (the same complaint on two channels, a household's shared phone)
   are listed as reasons of weight 0: they say why the clue is not more.

:func:`score_steps` lists the reasons in that order with what each adds; the amounts add up to the score.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.utils.translation import gettext as _

from . import images, linking, texts
from .arrays import unique
from .reading import Complaints, read_complaints
from .rules import (
    FAMILIES,
    RING_RULES,
    SUBJECT_RULES,
    VOLUME_RULES,
    Config,
    Context,
    Reason,
    bad_batch_outsiders,
    batch_conduct,
    build_context,
    claiming_rows,
    count,
    dense,
    distinct_count,
    family_label,
    members,
    paid_withdrawals,
    punitive_claims,
    punitive_rows,
    sum_claims,
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
ADJUSTMENTS = ("bad_batch_context", "volume_only", "one_family", "coincidences_only", "lookalike_pictures",
               "two_channels", "sent_again", "household", "representative")


# A ring rule that shows the group organised — one account to pay, one number to call — keeps the contaminated-
# batch guard off however few of its complaints show scheme conduct: the buyers of a bad lot share neither.
ORGANISED = ("shared_account", "shared_contact")


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
    is cap − score; the "one family" cap likewise); genuine-pattern notes add 0. The amounts added sum to the
    score, as :func:`score_groups` computes it.
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
                after = max(after, 0.0)
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


def _families(fired, ng: int, kind: str, tie_share: float, gid: np.ndarray,
              subject: np.ndarray, household: np.ndarray | None = None
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per group: how many independent families fired, whether a strong fact holds, whether the coincidences
    were counted as one family where they would have been two, and whether a rule's weak form (``Fired.weak``: a
    picture only alike to another, against two merchants) was left out for want of a family beside it that is
    neither volume nor its own.

    In a ring, volume is no family of its own: a ring's complaints are its members' added up, so the more
    people any link chains together, the more complaints, merchants and regions it has. Nor is wording or a
    picture that only a few of its members share (less than ``tie_share`` of them). And the coincidences
    together (wording and pictures that strangers share) count as one family at most: strangers with one kind
    of grievance (a closed gym, a fake gift box bought online) word their complaints alike and photograph alike
    for the same reason, so the two agreeing is no second, independent sign. Nor is one member's own conduct
    (a private payment, a fixed demand, a claim to be a lawyer) the ring's: such a rule is a family of a ring
    only when its complaints come from at least ``tie_share`` of the members (``gid`` and ``subject``: the
    rows' groups and complainants) — seven withdrawals by three of a hundred and seventy people tied by
    everyday sentences say nothing about the other hundred and sixty-seven. For the same reason as in a ring,
    the volume of a household (``household``, per group: see :func:`_households`, and a filer's group of the
    consumers they file for, :func:`_represented`) is no family either: four people filing once each under one
    phone are four complaints, four merchants, not one busy claimant."""
    names = sorted(set(FAMILIES.values()))
    bits = np.zeros(ng, dtype=np.int64)
    weak_bits = np.zeros(ng, dtype=np.int64)
    coincidences = np.zeros(ng, dtype=np.int64)
    strong = np.zeros(ng, dtype=bool)
    for f in fired:
        if kind == "ring" and FAMILIES.get(f.rule, "volume") == "volume":
            continue
        coincidence = kind == "ring" and f.share is not None
        on = f.weight > 0
        if household is not None and FAMILIES.get(f.rule, "volume") == "volume":
            on &= ~household
        if kind == "ring" and f.conduct_rows is not None:
            on &= _member_share(gid, subject, f.conduct_rows, ng) >= tie_share
        if coincidence:
            on &= f.share >= tie_share
        if f.decisive is not None:
            strong |= on & f.decisive
        if f.strong is not None:
            strong |= on & f.strong
            # The weak form (one phone, several people with their own ID numbers: a household) is context,
            # not a family of its own.
            on &= f.strong
        family = np.where(on, 1 << names.index(FAMILIES.get(f.rule, "volume")), 0)
        if coincidence:
            coincidences |= family
        elif f.weak is not None:
            weak_bits |= np.where(f.weak, family, 0)
            bits |= np.where(f.weak, 0, family)
        else:
            bits |= family
    # A rule's weak form is a family beside another that is neither volume nor its own.
    volume = 1 << names.index("volume")
    confirmed = (bits & ~volume & ~weak_bits) != 0
    unconfirmed = ((weak_bits & ~bits) != 0) & ~confirmed & ((bits & volume) != 0)
    bits |= np.where(confirmed, weak_bits, 0)

    def popcount(b):
        return np.asarray(sum(((b >> i) & 1) for i in range(len(names))), dtype=np.int64)

    families = popcount(bits) + ((coincidences & ~bits) != 0)
    return families, strong, popcount(bits | coincidences) > families, unconfirmed


def _households(ctx: Context, gid: np.ndarray, ng: int, ident) -> np.ndarray | None:
    """Per group: one phone under several people with their own ID numbers (the weak form of several
    identities), with at most ``household_per_person`` complaints a person — a household or a shared line."""
    if ident is None or ident.strong is None:
        return None
    people = distinct_count(gid, ctx.real_name, ng)
    per_person = np.bincount(gid[gid >= 0], minlength=ng) / np.maximum(people, 1)
    return (ident.weight > 0) & ~ident.strong & (per_person <= ctx.cfg.household_per_person)


def _member_share(gid: np.ndarray, subject: np.ndarray, rows: np.ndarray, ng: int) -> np.ndarray:
    """Per group: the share of its complainants who have a row marked in ``rows`` (gid -1: no group)."""
    showing = distinct_count(np.where(rows, gid, -1), subject, ng)
    return showing / np.maximum(distinct_count(gid, subject, ng), 1)


def _represented(ctx: Context, gid: np.ndarray, ng: int) -> np.ndarray:
    """Per group: at least half of its complaints say they are filed on someone's behalf (a volunteer station or
    an association for its members, a relative): one filer for several consumers."""
    on_behalf = count(gid, ctx.on_behalf, ng)
    return (on_behalf >= 1) & (2 * on_behalf >= np.bincount(gid[gid >= 0], minlength=ng))


def _per_member(ctx: Context, gid: np.ndarray, ng: int, rules, fired, groups: np.ndarray) -> None:
    """In a household, or a filer's group of the consumers they file for, each member's own conduct is that
    member's: a rule of wording, conduct or money keeps, for such a group (``groups``, per group), only the
    weight it has for its strongest single member (members: the rows of one real name; a row under no real name
    is a member of its own). Two members of one flat who each cite the law once are two citations, not one
    claimant citing twice. Changes ``fired`` in place."""
    rows = np.flatnonzero(groups[np.maximum(gid, 0)] & (gid >= 0))
    if not len(rows):
        return
    member, group_of = members(gid, rows, ctx.real_name.astype(np.int64))
    nm = len(group_of)
    for i, (rule, f) in enumerate(zip(rules, fired, strict=True)):
        if FAMILIES.get(f.rule, "volume") not in ("wording", "conduct", "money") or not (f.weight[groups] > 0).any():
            continue
        alone = rule(ctx, member, nm).weight
        best = np.zeros(ng)
        np.maximum.at(best, group_of, alone)
        fired[i].weight = np.where(groups, np.minimum(f.weight, best), f.weight)


def score_groups(ctx: Context, gid: np.ndarray, ng: int, rules, kind: str) -> list[Clue]:
    cfg = ctx.cfg
    fired = [rule(ctx, gid, ng) for rule in rules]
    by_rule = {f.rule: f for f in fired}
    household = _households(ctx, gid, ng, by_rule.get("several_identities"))
    # Judged member by member: a household whose members give one address (or none) — strangers at different
    # addresses behind one phone, each claiming once, stay one group — and a filer's consumers. The volume of
    # either is its members' added up (see _families).
    collective = household
    if kind == "complainant":
        household = np.zeros(ng, dtype=bool) if household is None else household
        one_flat = household & (distinct_count(gid, ctx.c.cols["address"], ng) <= 1)
        represented = _represented(ctx, gid, ng)
        _per_member(ctx, gid, ng, rules, fired, one_flat | represented)
        collective = household | represented
    score = combine([f.weight for f in fired], ng)
    # 1. The contaminated-batch guard, on the whole group.
    outsiders = bad_batch_outsiders(ctx, gid, ng)
    conduct_share = batch_conduct(ctx, gid, ng)
    organised = np.zeros(ng, dtype=bool)
    for rule in ORGANISED:
        if rule in by_rule:
            organised |= by_rule[rule].weight > 0
    guarded = (outsiders >= cfg.batch_min_outsiders) & (conduct_share < cfg.batch_conduct_share) & ~organised
    damp = np.where(guarded, cfg.batch_damping, 1.0)
    score = score * damp
    # 2. Evidence, not coincidence: two families, or one strong fact.
    families, strong, merged, unconfirmed = _families(fired, ng, kind, cfg.ring_tie_share, gid, ctx.links.subject,
                                                      collective)
    volume_only = np.ones(ng, dtype=bool)
    for f in fired:
        if f.rule not in VOLUME_RULES:
            volume_only &= ~(f.weight > 0)
    capped = (families < 2) & ~strong & (score > cfg.volume_only_cap)
    uncapped = score.copy()
    score = np.where(capped, cfg.volume_only_cap, score)
    wanted = np.flatnonzero(score >= cfg.report_score)
    rows_of = _group_rows(gid, wanted)
    clues = []
    for g in wanted.tolist():
        rows = rows_of[g]
        reasons = [f.explain(g, rows) for f in fired if f.weight[g] > 0]
        if damp[g] < 1:
            reasons.append(Reason(
                "bad_batch_context", float(damp[g] - 1),
                _("%(n)d complaints by other buyers of the same merchant's product within %(days)d days, and "
                  "%(share).0f%% of this group's complaints show scheme conduct: a contaminated batch, judged on "
                  "the whole group; the score is reduced.")
                % {"n": int(outsiders[g]), "days": cfg.batch_days, "share": 100 * float(conduct_share[g])},
                {"other_complaints": int(outsiders[g]), "factor": float(damp[g]),
                 "conduct_share": round(float(conduct_share[g]), 3)}, rows[:0]))
        if capped[g]:
            family = sorted({FAMILIES.get(r.rule, "volume") for r in reasons if r.weight > 0})
            cap, facts = {"cap": cfg.volume_only_cap}, {}
            if volume_only[g]:
                rule, detail = "volume_only", _(
                    "Only volume (number of complaints, merchants, repeat purchases, timing, place) speaks against "
                    "this complainant — how a busy genuine consumer looks too — and nothing about conduct: the score "
                    "is capped at %(cap).2f.") % cap
            elif unconfirmed[g]:
                rule, detail = "lookalike_pictures", _(
                    "Its pictures against fewer than %(k)d merchants are only alike, not copies of one — a busy "
                    "buyer's photos of like faults look alike by chance — and nothing but volume speaks beside them: "
                    "the score is capped at %(cap).2f.") % {"k": cfg.evidence_alike_merchants, **cap}
                facts = {"merchants": cfg.evidence_alike_merchants}
            elif merged[g]:
                rule, detail = "coincidences_only", _(
                    "Its members share only wording and pictures, as strangers with one kind of grievance do for "
                    "the same reason, and nothing in the group's conduct (set phrases, demands, payments, "
                    "identities) speaks against them: the score is capped at %(cap).2f.") % cap
            else:
                rule, detail = "one_family", _(
                    "All reasons belong to one family of evidence (%(families)s): one coincidence can explain "
                    "them all. A clue needs two independent families that agree, or one strong identity fact; "
                    "the score is capped at %(cap).2f.") % {"families": ", ".join(map(family_label, family)), **cap}
            reasons.append(Reason(rule, float(cfg.volume_only_cap - uncapped[g]), detail,
                                  {**cap, **facts, "uncapped": round(float(uncapped[g]), 4), "families": family},
                                  rows[:0]))
        dup = rows[ctx.duplicate[rows] & ~ctx.sent_again[rows]]
        again = rows[ctx.sent_again[rows]]
        if len(again):
            reasons.append(Reason(
                "sent_again", 0.0,
                _("%(n)d complaints say they follow up an earlier one by the same person about the same product at "
                  "the same price, within %(days)d days of it, whatever the shop is called there: each grievance is "
                  "counted once.") % {"n": len(again), "days": cfg.sent_again_days},
                {"complaints": len(again), "days": cfg.sent_again_days}, again))
        if len(dup):
            reasons.append(Reason(
                "two_channels", 0.0,
                _("%(n)d complaints repeat an earlier one by the same person about the same merchant and product on "
                  "another channel within %(days)d days: each is counted once.")
                % {"n": len(dup), "days": cfg.duplicate_days},
                {"complaints": len(dup), "days": cfg.duplicate_days}, dup))
        ident = by_rule.get("several_identities")
        if household is not None and household[g]:
            reasons.append(Reason(
                "household", 0.0,
                _("Several people with their own ID numbers share one phone, averaging %(k)s complaints a person or "
                  "fewer: a household or a shared line, not several identities of one person; their complaints, "
                  "merchants and timing are the members' added up and count as no evidence.")
                % {"k": f"{cfg.household_per_person:g}"}, {"per_person": cfg.household_per_person}, rows[:0]))
        elif ident is not None and ident.weight[g] > 0 and ident.strong is not None and not ident.strong[g]:
            reasons.append(Reason(
                "household", 0.0,
                _("Several people with their own ID numbers share one phone: a household or a shared line, "
                  "not several identities of one person."), {}, rows[:0]))
        on_behalf = rows[ctx.on_behalf[rows]]
        if 2 * len(on_behalf) >= len(rows):
            reasons.append(Reason(
                "representative", 0.0,
                _("%(n)d of these %(all)d complaints say they are filed on someone's behalf (a volunteer station or "
                  "association for its members, a relative): one filer for several consumers, so their names and "
                  "ID numbers under one phone or address are not identities of one person.")
                % {"n": len(on_behalf), "all": len(rows)}, {"complaints": len(on_behalf)}, on_behalf))
        subjects = unique(ctx.links.subject[rows])
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
    punitive = punitive_rows(c, cfg)
    claims = punitive_claims(c, cfg, punitive)  # in set phrases or by the sum: scripts, campaigns, ring wordings
    text_cluster = texts.near_duplicate_clusters(c.text_sig, threshold=cfg.text_similarity,
                                                 bought=dense(c.cols["merchant"], c.cols["product"]), claims=claims)
    timings["texts"] = time.perf_counter() - t

    stage("images")
    t = time.perf_counter()
    evidence_cluster = evidence_copy = None
    hashed = missing = 0
    if evidence_dir:
        found = images.cluster_pictures(
            Path(evidence_dir), c.interners["evidence"].values, max_distance=cfg.image_distance)
        hashed, missing = found.hashed, found.missing
        codes = c.evidence_codes if len(c.evidence_codes) else np.zeros(0, np.int64)
        evidence_cluster, evidence_copy = found.alike[codes], found.copies[codes]
    timings["images"] = time.perf_counter() - t

    stage("linking")
    t = time.perf_counter()
    links = linking.link(c, hub_names=cfg.hub_names, text_cluster=text_cluster, evidence_cluster=evidence_cluster,
                         evidence_copy=evidence_copy,
                         text_min_subjects=cfg.shared_text_subjects, punitive=punitive, claims=claims,
                         sum_claims=sum_claims(c, cfg, punitive),
                         asking=claiming_rows(c, cfg),
                         claimant_min=cfg.script_min, claimant_share=cfg.script_share,
                         campaign={"share": cfg.campaign_share, "days": cfg.campaign_days,
                                   "ratio": cfg.campaign_ratio, "minimum": cfg.campaign_min},
                         wording_core_share=cfg.ring_wording_core_share,
                         incidental=(cfg.ring_incidental_min, cfg.ring_incidental_share),
                         phone_block=(cfg.block_min, cfg.block_factor),
                         demand=(cfg.shared_demand_days, cfg.shared_demand_factor, cfg.shared_demand_subjects),
                         paid=paid_withdrawals(c, cfg), repeats=(cfg.duplicate_days, cfg.sent_again_days))
    timings["linking"] = time.perf_counter() - t

    stage("rules")
    t = time.perf_counter()
    ctx = build_context(c, links, cfg, punitive=punitive)
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
