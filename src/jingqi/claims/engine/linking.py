"""Who is behind the complaints: identity groups ("subjects") and the rings that join them.

A *subject* is the set of complaints joined by the complainant's own identifiers (resident ID number,
phone): one person, whatever names they gave. A *ring* joins subjects through what different people
should not share: a bank/Alipay/WeChat account for the money, an address, the same evidence image,
the same complaint text. Rings are connected components, so a chain A–B–C is one ring.

An identifier that dozens of unrelated names carry (a switchboard number, a factory dormitory, a
placeholder like 13800000000) would glue half the file together; such hubs are not used for linking
and are counted in the summary instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .reading import Complaints
from .unionfind import components, link_by_values


@dataclass
class Links:
    subject: np.ndarray  # subject id per row
    ring: np.ndarray  # ring id per row (a component of the full graph; most are a single subject)
    subjects_in_ring: np.ndarray  # per ring id: number of distinct subjects
    text_cluster: np.ndarray  # near-duplicate text cluster per row, -1 for none
    evidence_cluster: np.ndarray  # per (evidence_rows[i], evidence_codes[i]) pair: image cluster, -1 for none
    hubs: dict[str, int] = field(default_factory=dict)  # identifier kind -> number of values not linked


def distinct_per_value(values: np.ndarray, names: np.ndarray) -> np.ndarray:
    """For each value code, how many distinct names carry it (values < 0 ignored)."""
    keep = values >= 0
    if not keep.any():
        return np.zeros(0, dtype=np.int64)
    v = values[keep].astype(np.int64)
    nm = names[keep].astype(np.int64) + 1  # -1 (no name) becomes 0 and still counts as one "name"
    pairs = np.unique(v * (int(nm.max()) + 1) + nm)
    return np.bincount(pairs // (int(nm.max()) + 1), minlength=int(v.max()) + 1)


def _without_hubs(values: np.ndarray, names: np.ndarray, limit: int) -> tuple[np.ndarray, int]:
    counts = distinct_per_value(values, names)
    if len(counts) == 0:
        return values, 0
    hub = counts > limit
    out = values.copy()
    mask = out >= 0
    out[mask & hub[np.where(mask, out, 0)]] = -1
    return out, int(hub.sum())


def link(c: Complaints, *, hub_names: int, text_cluster: np.ndarray,
         evidence_cluster: np.ndarray | None = None) -> Links:
    n = len(c)
    hubs: dict[str, int] = {}
    # 1. Subjects: rows of one person, through ID numbers and phones.
    src, dst = [], []
    for kind in ("id_number", "phone"):
        values, hubs[kind] = _without_hubs(c.cols[kind], c.cols["name"], hub_names)
        s, d = link_by_values(n, values)
        src.append(s)
        dst.append(d)
    subject = components(n, np.concatenate(src), np.concatenate(dst))

    # 2. Rings: subjects joined by money, address, evidence and wording.
    address, hubs["address"] = _without_hubs(c.cols["address"], c.cols["name"], hub_names)
    s, d = link_by_values(n, address)
    src.append(s)
    dst.append(d)
    if len(c.account_rows):
        acc_names = c.cols["name"][c.account_rows]
        accounts, hubs["account"] = _without_hubs(c.account_codes, acc_names, hub_names)
        s, d = link_by_values(n, accounts, c.account_rows)
        src.append(s)
        dst.append(d)
    if evidence_cluster is None:
        evidence_cluster = np.full(len(c.evidence_rows), -1, dtype=np.int64)
    if len(evidence_cluster):
        s, d = link_by_values(n, evidence_cluster, c.evidence_rows)
        src.append(s)
        dst.append(d)
    s, d = link_by_values(n, text_cluster)
    src.append(s)
    dst.append(d)
    # Every subject edge is in the ring graph too, so a ring is a union of whole subjects.
    ring = components(n, np.concatenate(src), np.concatenate(dst))

    pairs = np.unique(ring.astype(np.int64) * (int(subject.max(initial=0)) + 1) + subject)
    subjects_in_ring = np.bincount(pairs // (int(subject.max(initial=0)) + 1), minlength=int(ring.max(initial=-1)) + 1)
    return Links(subject=subject, ring=ring, subjects_in_ring=subjects_in_ring, text_cluster=text_cluster,
                 evidence_cluster=evidence_cluster, hubs=hubs)
