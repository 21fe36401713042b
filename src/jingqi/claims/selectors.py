"""Read queries for the false-claim pages and API: always through ``visible_to``."""

import math
from collections import defaultdict

from django.db.models import Count, Q
from django.utils import translation

from .choices import OPEN_CLUE_STATES, TIE_KINDS
from .engine import report
from .engine.scoring import ADJUSTMENTS, MAX_WEIGHT, score_steps
from .models import Clue, ClueEvent, Complaint, ComplaintBatch, EvidenceImage, ScanRun


def clues_for(user, *, state: str = "", kind: str = "", flagged: bool = False, q: str = ""):
    clues = Clue.objects.visible_to(user).current().select_related("reviewer", "run")
    if state == "":
        clues = clues.filter(state__in=OPEN_CLUE_STATES)
    elif state != "all":
        clues = clues.filter(state=state)
    if kind:
        clues = clues.filter(kind=kind)
    if flagged:
        clues = clues.filter(flagged=True)
    if q:
        clues = clues.filter(Q(number__icontains=q) | Q(case_reference__icontains=q)
                             | Q(complaints__complaint_id=q) | Q(complaints__merchant_name__icontains=q)).distinct()
    return clues.order_by("-score", "number")


def clue_counts(user) -> dict:
    current = Clue.objects.visible_to(user).current()
    return current.aggregate(
        new=Count("pk", filter=Q(state="new", flagged=True)), reviewing=Count("pk", filter=Q(state="reviewing")),
        confirmed=Count("pk", filter=Q(state="confirmed")), transferred=Count("pk", filter=Q(state="transferred")),
        dismissed=Count("pk", filter=Q(state="dismissed")))


def latest_run(user):
    return ScanRun.objects.visible_to(user).select_related("started_by").first()


def batches_for(user):
    return ComplaintBatch.objects.visible_to(user).select_related("uploaded_by", "station")


def clue_page(user, clue: Clue) -> dict:
    """Everything the clue page shows beside the reasons: complaints, text groups, pictures, timeline."""
    complaints = list(Complaint.objects.visible_to(user).filter(clues=clue).select_related("enterprise")
                      .order_by("received_at", "pk"))
    by_pk = {c.pk: c for c in complaints}
    text_groups = defaultdict(list)
    for pk, cluster in clue.text_clusters.items():
        if int(pk) in by_pk:
            text_groups[cluster].append(by_pk[int(pk)])
    image_ids = [int(pk) for pk in clue.image_clusters]
    images = {i.pk: i for i in EvidenceImage.objects.visible_to(user).filter(pk__in=image_ids)}
    owner = {}
    for c in complaints:
        for e in c.evidence_files:
            if e.get("image"):
                owner.setdefault(e["image"], []).append(c)
    picture_groups = defaultdict(list)
    loose = []
    for pk, cluster in clue.image_clusters.items():
        image = images.get(int(pk))
        if image is None:
            continue
        entry = {"image": image, "complaints": owner.get(image.pk, [])}
        (picture_groups[cluster] if cluster >= 0 else loose).append(entry)
    reasons = []
    chinese = translation.get_language().startswith("zh")
    for r in clue.reasons:
        # Stored in English with their facts (see services.run_model); Chinese readers get the sentence the
        # Chinese clue report uses, written from the same facts.
        detail = report.reason_zh(r)[1] if chinese else r["detail"]
        reasons.append({**r, "detail": detail,
                        "complaint_numbers": [by_pk[pk].complaint_id for pk in r["complaints"] if pk in by_pk]})
    steps = score_steps(reasons)
    _hundredths(steps, clue.score)
    graph = clue.graph or {}
    related = (Clue.objects.visible_to(user).filter(complaints__in=[c.pk for c in complaints])
               .exclude(pk=clue.pk).filter(superseded=False).distinct().order_by("number"))
    members = [{
        "key": m["key"],
        "complaint_numbers": [by_pk[pk].complaint_id for pk in m["complaints"] if pk in by_pk],
        "ties": [{"label": TIE_KINDS.get(t["kind"], t["kind"]),
                  "complaint_numbers": [by_pk[pk].complaint_id for pk in t["complaints"] if pk in by_pk]}
                 for t in m["ties"]],
    } for m in clue.members]
    return {
        "complaints": complaints,
        "members": members,
        "reasons": steps,
        "score_formula": _formula(steps),
        "score_adjusted": any(step["rule"] in ADJUSTMENTS for step in steps),
        # False only for a clue scored by an older model whose weights were since changed.
        "score_rebuilt": bool(steps) and abs(steps[-1]["score_after"] - clue.score) < 0.005,
        "max_weight": MAX_WEIGHT,
        # What the graph draws as circles (a name as written, with the person it was linked to), counted from
        # the graph itself so that the sentence and the picture agree.
        "identities": sum(1 for n in graph.get("nodes", []) if n.get("category") == "person")
        + graph.get("people_not_shown", 0),
        "text_groups": sorted((g for g in text_groups.values() if len(g) >= 2), key=len, reverse=True),
        "picture_groups": sorted(picture_groups.values(), key=len, reverse=True),
        "loose_pictures": loose,
        "events": ClueEvent.objects.visible_to(user).filter(clue=clue).select_related("actor"),
        "related": list(related),
    }




def _hundredths(steps: list[dict], score: float) -> None:
    """Each step's share of the score in hundredths (``adds_shown``), rounded so that the shares shown add up
    to the score shown (largest remainders get the odd hundredth)."""
    target = round(score * 100)
    raw = [step["adds"] * 100 for step in steps]
    shown = [math.floor(x) for x in raw]
    spare = target - sum(shown)
    if 0 <= spare <= len(steps):
        for i in sorted(range(len(steps)), key=lambda i: shown[i] - raw[i])[:spare]:
            shown[i] += 1
    else:  # the stored weights do not give the stored score (an older model): show them as they are
        shown = [round(x) for x in raw]
    for step, n in zip(steps, shown, strict=True):
        step["adds_shown"] = n / 100


def _formula(steps: list[dict]) -> str:
    """``1 − (1 − 0.40) × (1 − 0.35) = 0.61``: the evidence part of the score, with the weights shown."""
    weights = [min(step["weight"], MAX_WEIGHT) for step in steps if step["rule"] not in ADJUSTMENTS]
    if not weights:
        return ""
    combined = next(step["score_after"] for step in reversed(steps) if step["rule"] not in ADJUSTMENTS)
    return "1 − " + " × ".join(f"(1 − {w:.2f})" for w in weights) + f" = {combined:.2f}"
