"""Per-person hour tables shared by the greedy baseline, the CP-SAT model and the diagnosis."""

from __future__ import annotations

from dataclasses import dataclass

from .instance import WEEK, Instance
from .result import Assignment, Uncovered


@dataclass
class PersonHours:
    """The hours a person can work at all: inside an availability range at least ``min_shift`` long."""

    hours: list[int]  # sorted
    range_end: dict[int, int]  # hour -> end of its range
    range_start: dict[int, int]  # hour -> start of its range


def usable_hours(inst: Instance) -> list[PersonHours]:
    out = []
    m = inst.rules.min_shift
    for p in inst.people:
        hours, ends, starts = [], {}, {}
        for a, b in p.available:
            if b - a < m:
                continue
            for h in range(a, b):
                hours.append(h)
                ends[h] = b
                starts[h] = a
        out.append(PersonHours(hours, ends, starts))
    return out


def required_table(inst: Instance) -> list[list[int]]:
    return [[inst.required(s, h) for h in range(inst.hours)] for s in range(len(inst.segments))]


def coverage_arrays(inst: Instance, assignments: list[Assignment]):
    """People and officers standing per segment and hour (numpy arrays); unknown ids are left out."""
    import numpy as np

    seg_index, person_index = inst.segment_index(), inst.person_index()
    n_seg, horizon = len(inst.segments), inst.hours
    diff = np.zeros((n_seg, horizon + 1), dtype=np.int32)
    odiff = np.zeros((n_seg, horizon + 1), dtype=np.int32)
    rows = [(seg_index[a.segment], max(a.start, 0), min(a.end, horizon), inst.people[person_index[a.person]].officer)
            for a in assignments if a.segment in seg_index and a.person in person_index and a.start < a.end]
    if rows:
        s, a, b, off = (np.array(col) for col in zip(*rows, strict=True))
        ok = a < b
        s, a, b, off = s[ok], a[ok], b[ok], off[ok].astype(bool)
        np.add.at(diff, (s, a), 1)
        np.add.at(diff, (s, b), -1)
        np.add.at(odiff, (s[off], a[off]), 1)
        np.add.at(odiff, (s[off], b[off]), -1)
    return np.cumsum(diff, axis=1)[:, :horizon], np.cumsum(odiff, axis=1)[:, :horizon]


def coverage_counts(inst: Instance, assignments: list[Assignment]) -> tuple[list[list[int]], list[list[int]]]:
    count, officers = coverage_arrays(inst, assignments)
    return count.tolist(), officers.tolist()


def missing_array(inst: Instance, assignments: list[Assignment]):
    """Per segment and hour: people to add (at least 1 where a required officer is absent), and whether the
    officer is what is missing."""
    import numpy as np

    req, off_req = inst.demand()
    count, officers = coverage_arrays(inst, assignments)
    officer_missing = off_req & (officers == 0)
    missing = np.maximum(req - count, 0)
    return np.where(officer_missing, np.maximum(missing, 1), missing), officer_missing


def uncovered_slots(inst: Instance, assignments: list[Assignment]) -> list[Uncovered]:
    """The slots the shifts leave short, in hour then segment order (reasons are added by diagnose)."""
    import numpy as np

    missing, officer_missing = missing_array(inst, assignments)
    hours, segs = np.nonzero(missing.T)
    return [Uncovered(inst.segments[s].id, int(h), int(missing[s, h]), officer_missing=bool(officer_missing[s, h]))
            for h, s in zip(hours.tolist(), segs.tolist(), strict=True)]


def week_of(h: int) -> int:
    return h // WEEK


def longest_run(dates: set[int]) -> int:
    """The longest run of consecutive integers (night dates) in the set."""
    best = 0
    for d in dates:
        if d - 1 not in dates:
            n = 1
            while d + n in dates:
                n += 1
            best = max(best, n)
    return best
