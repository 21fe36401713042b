"""Gap repair: close the gaps a roster leaves where someone could still stand, without breaking a rule.

The greedy roster fills hours in order and leaves gaps that a later look shows to be fillable: a person free
at that hour, allowed on the segment, whose weekly hours, rest and nights in a row leave room for a shift
there. Repair walks the gaps, and for each one gives the best such shift (the one that closes the most
short hours on the segment; among equals, to the person with the fewest hours so far) or grows that person's
shift on the same segment when it touches the gap. It repeats until a sweep closes nothing. It only ever
adds hours, and it checks every rule the checker checks, so its roster stays valid; it is fast enough to run
before the search, whose starting point it then is.
"""

from __future__ import annotations

import time
from collections import defaultdict

from .instance import Instance
from .model_data import coverage_counts, longest_run, uncovered_slots, week_of
from .result import Assignment


class PersonShifts:
    """One person's shifts (start, end, segment index), hours per week and night dates worked."""

    def __init__(self, inst: Instance, shifts: list[tuple[int, int, int]]):
        self.shifts = sorted(shifts)  # (start, end, segment index)
        self.week = defaultdict(int)
        self.nights: set[int] = set()
        for a, b, _s in self.shifts:
            self._count(inst, a, b, 1)

    def _count(self, inst: Instance, a: int, b: int, sign: int) -> None:
        for k in range(a, b):
            self.week[week_of(k)] += sign
            if sign > 0 and inst.night_of[k] is not None:
                self.nights.add(inst.night_of[k])

    def take(self, inst: Instance, s: int, a: int, b: int) -> None:
        """Add the shift [a, b) on segment ``s`` as it is (see :func:`can_take`)."""
        self.shifts = sorted([*self.shifts, (a, b, s)])
        self._count(inst, a, b, 1)

    def hours(self) -> int:
        return sum(self.week.values())

    def busy(self, h: int) -> bool:
        return any(a <= h < b for a, b, _s in self.shifts)


def can_take(inst: Instance, i: int, person: PersonShifts, a: int, b: int) -> bool:
    """Whether person ``i`` (whose shifts ``person`` holds) can take a new shift of hours [a, b) unchanged: available
    for all of it, no shift of theirs overlapping it or within ``min_rest`` hours of it, the weekly hours and the
    nights in a row kept. The segment (one they may stand on) and the length (``min_shift``..``max_shift``) are the
    caller's to keep."""
    r = inst.rules
    if not any(lo <= a and b <= hi for lo, hi in inst.people[i].available):
        return False
    if any(sa < b + r.min_rest and a < sb + r.min_rest for sa, sb, _s in person.shifts):
        return False  # overlaps or comes within the rest of one of their shifts
    added: dict[int, int] = defaultdict(int)
    for k in range(a, b):
        added[week_of(k)] += 1
    if any(person.week[w] + n > r.max_week_hours for w, n in added.items()):
        return False
    new_nights = {inst.night_of[k] for k in range(a, b) if inst.night_of[k] is not None}
    return not (new_nights - person.nights and longest_run(person.nights | new_nights) > r.max_nights_in_row)


def _best_shift(inst: Instance, person: PersonShifts, s: int, h: int, lo: int, hi: int,
                short) -> tuple[int, int, int] | None:
    """(gain, start, end) of the best shift containing hour h on segment s within [lo, hi) that breaks no rule
    (merged with a touching shift of the person on s), or None."""
    r = inst.rules
    best = None
    for start in range(max(lo, h - r.max_shift + 1), h + 1):
        for end in range(max(h + 1, start + r.min_shift), min(hi, start + r.max_shift) + 1):
            a, b, others, merged = start, end, [], []
            for sa, sb, ss in person.shifts:
                if ss == s and sa <= b and a <= sb:
                    a, b = min(a, sa), max(b, sb)
                    merged.append((sa, sb))
                else:
                    others.append((sa, sb))
            if b - a > r.max_shift:
                continue
            if any(sa < b and a < sb for sa, sb in others):
                continue
            if any((a - sb if sb <= a else sa - b) < r.min_rest for sa, sb in others):
                continue
            new_hours = [k for k in range(a, b) if not any(sa <= k < sb for sa, sb in merged)]
            added = defaultdict(int)
            for k in new_hours:
                added[week_of(k)] += 1
            if any(person.week[w] + n > r.max_week_hours for w, n in added.items()):
                continue
            new_nights = {inst.night_of[k] for k in new_hours if inst.night_of[k] is not None}
            if new_nights - person.nights and longest_run(person.nights | new_nights) > r.max_nights_in_row:
                continue
            gain = sum(1 for k in new_hours if short(k))
            if gain and (best is None or (gain, -(len(new_hours))) > (best[0], -(best[2] - best[1]))):
                best = (gain, start, end)
    return best


def repair(inst: Instance, assignments: list[Assignment], *, deadline: float | None = None) -> list[Assignment]:
    """The roster with every gap closed that can be closed by adding or growing one person's shift."""
    seg_index = inst.segment_index()
    person_index = inst.person_index()
    shifts: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for a in assignments:
        shifts[person_index[a.person]].append((a.start, a.end, seg_index[a.segment]))
    people = {i: PersonShifts(inst, shifts.get(i, [])) for i in range(len(inst.people))}
    allowed: list[list[int]] = [[] for _ in inst.segments]
    for i, p in enumerate(inst.people):
        for s in p.segments:
            allowed[s].append(i)
    count, officers = coverage_counts(inst, assignments)

    def short_for(s: int, officer: bool):
        def short(k: int) -> bool:
            return count[s][k] < inst.required(s, k) or (officer and inst.officer_required(s, k)
                                                          and officers[s][k] == 0)
        return short

    changed = True
    while changed:
        changed = False
        for gap in uncovered_slots(inst, as_assignments(inst, people)):
            if deadline is not None and time.perf_counter() > deadline:
                return as_assignments(inst, people)
            s, h = seg_index[gap.segment], gap.hour
            if count[s][h] >= inst.required(s, h) and not (inst.officer_required(s, h) and officers[s][h] == 0):
                continue  # closed by a shift given for an earlier gap
            need_officer_only = count[s][h] >= inst.required(s, h)
            choice = None
            for i in allowed[s]:
                p = inst.people[i]
                if need_officer_only and not p.officer:
                    continue
                rng = next(((a, b) for a, b in p.available if a <= h < b), None)
                if rng is None or people[i].busy(h):
                    continue
                found = _best_shift(inst, people[i], s, h, rng[0], rng[1], short_for(s, p.officer))
                if found is not None:
                    key = (found[0], -people[i].hours())
                    if choice is None or key > choice[0]:
                        choice = (key, i, found[1], found[2])
            if choice is None:
                continue
            _key, i, start, end = choice
            _give(inst, people[i], s, start, end, count[s], officers[s] if inst.people[i].officer else None)
            changed = True
    return as_assignments(inst, people)


def _give(inst: Instance, person: PersonShifts, s: int, start: int, end: int, count: list[int],
          officers: list[int] | None) -> None:
    """Add the shift (merged with a touching one on the same segment) and update the counts."""
    a, b, kept, merged = start, end, [], []
    for sa, sb, ss in person.shifts:
        if ss == s and sa <= b and a <= sb:
            a, b = min(a, sa), max(b, sb)
            merged.append((sa, sb))
        else:
            kept.append((sa, sb, ss))
    new_hours = [k for k in range(a, b) if not any(sa <= k < sb for sa, sb in merged)]
    for k in new_hours:
        count[k] += 1
        if officers is not None:
            officers[k] += 1
        person.week[week_of(k)] += 1
        if inst.night_of[k] is not None:
            person.nights.add(inst.night_of[k])
    person.shifts = sorted([*kept, (a, b, s)])


def as_assignments(inst: Instance, people: dict[int, PersonShifts]) -> list[Assignment]:
    return sorted(Assignment(inst.people[i].id, inst.segments[s].id, a, b)
                  for i, person in people.items() for a, b, s in person.shifts)


def ruin_and_repair(inst: Instance, assignments: list[Assignment], *, deadline: float, seed: int = 0
                    ) -> list[Assignment]:
    """Gaps that repair alone cannot close (everyone able is held by another shift, their rest or their week):
    take one such gap, free the people who could stand there of their shifts near it, and repair again; keep
    the result when fewer person-hours are missing (or as many, with no more hours worked), else go back.
    Runs until ``deadline``; never returns a roster with more missing hours than it was given."""
    import random

    rng = random.Random(seed)
    r = inst.rules
    radius = r.max_shift + r.min_rest
    seg_index = inst.segment_index()
    allowed: list[list[str]] = [[] for _ in inst.segments]
    for p in inst.people:
        for s in p.segments:
            allowed[s].append(p.id)

    def score(roster):
        missing = sum(u.missing for u in uncovered_slots(inst, roster))
        return missing, sum(a.end - a.start for a in roster)

    current = repair(inst, assignments, deadline=deadline)
    best = score(current)
    while best[0] and time.perf_counter() < deadline:
        gaps = uncovered_slots(inst, current)
        gap = rng.choice(gaps)
        s, h = seg_index[gap.segment], gap.hour
        freed = set(rng.sample(allowed[s], min(len(allowed[s]), 6)))
        lo, hi = h - radius, h + radius
        kept = [a for a in current if not (a.person in freed and a.start < hi and lo < a.end)]
        trial = repair(inst, kept, deadline=deadline)
        trial_score = score(trial)
        if trial_score <= best:
            current, best = trial, trial_score
    return current


def rebalance(inst: Instance, assignments: list[Assignment], fair: int, *, deadline: float | None = None
              ) -> list[Assignment]:
    """Hand whole shifts from people above the fair share to people below it who can stand them unchanged.

    A shift moves only to someone who may stand on its segment, is available for all of it, holds no shift
    within ``min_rest`` hours of it, stays within the weekly hours and the nights in a row, and stays at or
    below the fair share before it; an officer's shift goes only to an officer. It moves when the hours above
    the fair share fall by more (W_FAIR each) than the preferences lost cost; passes repeat until none moves.
    Coverage, shifts and hours are unchanged, and every rule the checker checks is kept."""
    from .bound import W_FAIR, W_PREF

    seg_index, person_index = inst.segment_index(), inst.person_index()
    shifts: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for a in assignments:
        shifts[person_index[a.person]].append((a.start, a.end, seg_index[a.segment]))
    people = {i: PersonShifts(inst, shifts.get(i, [])) for i in range(len(inst.people))}
    hours = {i: person.hours() for i, person in people.items()}
    allowed: list[list[int]] = [[] for _ in inst.segments]
    for i, p in enumerate(inst.people):
        for s in p.segments:
            allowed[s].append(i)

    def pref(i: int, s: int, a: int, b: int) -> int:
        p = inst.people[i]
        out = (b - a) if p.preferred_segments and s not in p.preferred_segments else 0
        if p.avoid_nights:
            out += sum(1 for k in range(a, b) if inst.is_night[k])
        return out

    moved = True
    while moved:
        moved = False
        for giver in sorted(people, key=lambda i: -hours[i]):
            if hours[giver] <= fair:
                break
            officer = inst.people[giver].officer
            for a, b, s in sorted(people[giver].shifts, key=lambda x: x[0] - x[1]):
                if deadline is not None and time.perf_counter() > deadline:
                    return as_assignments(inst, people)
                if hours[giver] <= fair:
                    break
                length = b - a
                best = None
                for i in allowed[s]:
                    if i == giver or hours[i] >= fair or inst.people[i].officer != officer:
                        continue
                    # Hours above the share the giver sheds, less those the receiver takes on; preferences.
                    fair_gain = min(length, hours[giver] - fair) - max(0, hours[i] + length - fair)
                    saving = W_FAIR * fair_gain - W_PREF * (pref(i, s, a, b) - pref(giver, s, a, b))
                    if (saving > 0 and (best is None or (saving, -hours[i]) > best[0])
                            and can_take(inst, i, people[i], a, b)):
                        best = ((saving, -hours[i]), i)
                if best is None:
                    continue
                receiver = best[1]
                people[giver] = PersonShifts(inst, [x for x in people[giver].shifts if x != (a, b, s)])
                people[receiver] = PersonShifts(inst, [*people[receiver].shifts, (a, b, s)])
                hours[giver] -= length
                hours[receiver] += length
                moved = True
    return as_assignments(inst, people)
