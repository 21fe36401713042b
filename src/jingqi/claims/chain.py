"""The evidence chain of one clue, as the clue page shows it: reasons, identity graph, text and picture groups.

Built from the engine's scan result while the run is saved; only masked identifiers go into it (the
full values stay encrypted in the complaints). Rows are mapped to complaint primary keys through
``pk_of_row`` (the platform feeds the engine each complaint's pk as its ID).
"""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np

from jingqi.core.pii import mask_id_number, mask_phone

from .engine.report import _masked_facts, complainant_key, mask_name, ring_members
from .engine.scoring import Clue, ScanResult

MAX_PEOPLE = 30
MAX_MERCHANTS = 10


def payload(result: ScanResult, clue: Clue, pk_of_row: np.ndarray, image_of_code: dict[int, int]) -> dict:
    c, links = result.complaints, result.links
    rows = clue.rows
    reasons = [
        {"rule": r.rule, "weight": round(r.weight, 4), "detail": r.detail, "facts": _masked_facts(r.facts, False),
         "complaints": sorted(int(pk_of_row[x]) for x in r.rows.tolist())}
        for r in clue.reasons
    ]
    subject = links.subject
    keys = [complainant_key(result, rows[subject[rows] == s], False) for s in clue.subjects.tolist()]
    text_clusters = {str(int(pk_of_row[r])): int(links.text_cluster[r]) for r in rows.tolist()
                     if links.text_cluster[r] >= 0}
    image_clusters = {}
    if len(c.evidence_rows):
        in_clue = np.isin(c.evidence_rows, rows)
        for code, cluster in zip(c.evidence_codes[in_clue].tolist(), links.evidence_cluster[in_clue].tolist(),
                                 strict=True):
            if code in image_of_code:
                image_clusters[str(image_of_code[code])] = int(cluster)
    members = [{"key": key, "complaints": sorted(int(pk_of_row[r]) for r in mine.tolist()),
                "ties": [{"kind": kind, "complaints": sorted(int(pk_of_row[r]) for r in tied.tolist())}
                         for kind, tied in ties]}
               for key, mine, ties in ring_members(result, clue, keys)]
    return {
        "complainant_keys": keys,
        "members": members,
        "reasons": reasons,
        "graph": graph(result, rows, pk_of_row),
        "text_clusters": text_clusters,
        "image_clusters": image_clusters,
        "complaint_count": len(rows),
        "complainant_count": len(clue.subjects),
        "merchant_count": len(np.unique(c.cols["merchant"][rows])),
    }


def graph(result: ScanResult, rows: np.ndarray, pk_of_row: np.ndarray) -> dict:
    """People (a person is one identity as written: subject and name), the identifiers two or more of them
    share, and the merchants they complained about. ECharts reads ``nodes`` and ``links`` directly."""
    c, links = result.complaints, result.links
    person_of_row: dict[int, tuple[int, int]] = {}
    complaints_of: Counter = Counter()
    for r in rows.tolist():
        key = (int(links.subject[r]), int(c.cols["name"][r]))
        person_of_row[r] = key
        complaints_of[key] += 1
    people = [key for key, _n in complaints_of.most_common(MAX_PEOPLE)]
    person_id = {key: f"p{i}" for i, key in enumerate(people)}
    nodes = [{"id": person_id[key], "category": "person",
              "name": mask_name(c.value("name", key[1])) or "—", "value": complaints_of[key]} for key in people]
    edges = []

    def shared(kind: str, label_of, carriers: dict) -> None:
        for n, (value, who) in enumerate(sorted(carriers.items(), key=lambda kv: -len(kv[1]))):
            who = [p for p in who if p in person_id]
            if len(who) < 2:
                continue
            node = f"{kind}{n}"
            nodes.append({"id": node, "category": kind, "name": label_of(value) if label_of else str(n + 1),
                          "value": len(who)})
            edges.extend({"source": person_id[p], "target": node} for p in sorted(who))

    for kind, masker in (("phone", mask_phone), ("id_number", mask_id_number)):
        carriers = defaultdict(set)
        for r in rows.tolist():
            code = int(c.cols[kind][r])
            if code >= 0:
                carriers[code].add(person_of_row[r])
        shared(kind, lambda code, kind=kind, masker=masker: masker(c.value(kind, code)), carriers)
    carriers = defaultdict(set)
    for r in rows.tolist():
        code = int(c.cols["address"][r])
        if code >= 0:
            carriers[code].add(person_of_row[r])
    shared("address", lambda code: _address_label(result, rows, code), carriers)
    if len(c.account_rows):
        carriers = defaultdict(set)
        in_clue = np.isin(c.account_rows, rows)
        for r, code in zip(c.account_rows[in_clue].tolist(), c.account_codes[in_clue].tolist(), strict=True):
            carriers[code].add(person_of_row[r])
        shared("account", None, carriers)
    if len(c.evidence_rows):
        carriers = defaultdict(set)
        in_clue = np.isin(c.evidence_rows, rows)
        for r, cluster in zip(c.evidence_rows[in_clue].tolist(), links.evidence_cluster[in_clue].tolist(),
                              strict=True):
            if cluster >= 0:
                carriers[cluster].add(person_of_row[r])
        shared("picture", None, carriers)
    carriers = defaultdict(set)
    for r in rows.tolist():
        cluster = int(links.text_cluster[r])
        if cluster >= 0:
            carriers[cluster].add(person_of_row[r])
    shared("text", None, carriers)

    merchant_counts = Counter(int(c.cols["merchant"][r]) for r in rows.tolist())
    top = [m for m, _n in merchant_counts.most_common(MAX_MERCHANTS)]
    for i, m in enumerate(top):
        nodes.append({"id": f"m{i}", "category": "merchant", "name": c.value("merchant", m),
                      "value": merchant_counts[m]})
    per_pair = Counter((person_of_row[r], int(c.cols["merchant"][r])) for r in rows.tolist())
    for (person, m), n in per_pair.items():
        if person in person_id and m in top:
            edges.append({"source": person_id[person], "target": f"m{top.index(m)}", "value": n})
    hidden = len(merchant_counts) - len(top)
    return {"nodes": nodes, "links": edges, "people_not_shown": max(len(complaints_of) - MAX_PEOPLE, 0),
            "merchants_not_shown": max(hidden, 0)}


def _address_label(result: ScanResult, rows: np.ndarray, code: int) -> str:
    # The engine keeps addresses as keys only; their region code is what can be shown without the text.
    c = result.complaints
    for r in rows.tolist():
        if int(c.cols["address"][r]) == code:
            return c.value("region", int(c.cols["region"][r]))
    return ""
