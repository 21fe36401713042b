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


def coverage_counts(inst: Instance, assignments: list[Assignment]) -> tuple[list[list[int]], list[list[int]]]:
    seg_index = inst.segment_index()
    officer = {p.id: p.officer for p in inst.people}
    count = [[0] * inst.hours for _ in inst.segments]
    officers = [[0] * inst.hours for _ in inst.segments]
    for a in assignments:
        s = seg_index[a.segment]
        for h in range(a.start, a.end):
            count[s][h] += 1
            if officer[a.person]:
                officers[s][h] += 1
    return count, officers


def uncovered_slots(inst: Instance, assignments: list[Assignment]) -> list[Uncovered]:
    """The slots the shifts leave short, in hour then segment order (reasons are added by diagnose)."""
    count, officers = coverage_counts(inst, assignments)
    out = []
    for h in range(inst.hours):
        for s, seg in enumerate(inst.segments):
            req = inst.required(s, h)
            missing = max(req - count[s][h], 0)
            officer_missing = inst.officer_required(s, h) and officers[s][h] == 0
            if officer_missing:
                missing = max(missing, 1)
            if missing:
                out.append(Uncovered(seg.id, h, missing, officer_missing=officer_missing))
    return out


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
