"""Why a slot is uncovered: a stable reason code and a sentence for every gap a roster leaves.

For each short slot the people who may stand on the segment and are available at that hour are
examined against the rest of the roster: for every shift that could contain the hour (any start and
length allowed by the shift rules, inside their availability), which rule it would break. A slot's
reason is the rule that keeps most of them off; ``blocked`` lists each person and their rule.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.utils.translation import gettext as _

from .instance import Instance
from .model_data import coverage_counts, longest_run, uncovered_slots, week_of
from .result import Assignment, Uncovered

# Stable codes, in the order used to break ties.
REASONS = ("nobody_available", "no_officer_available", "shift_too_short", "max_week_hours", "max_nights_in_row",
           "min_rest", "needed_elsewhere", "max_shift", "not_reached")


def reason_text(code: str, inst: Instance, segment: str) -> str:
    r = inst.rules
    texts = {
        "nobody_available": _("Nobody who may stand on %(seg)s is available at this hour."),
        "no_officer_available": _("No officer who may stand on %(seg)s is available at this night hour."),
        "shift_too_short": _("Those available here are free for less than the minimum shift of %(min)d hours."),
        "max_week_hours": _("Everyone able to stand here would work more than %(week)d hours that week."),
        "max_nights_in_row": _("Everyone able to stand here would work more than %(nights)d nights in a row."),
        "min_rest": _("Everyone able to stand here would rest less than %(rest)d hours between shifts."),
        "needed_elsewhere": _("Everyone able to stand here is needed elsewhere at that time."),
        "max_shift": _("Those able to stand here would have to stay longer than the maximum shift of %(max)d hours."),
        "not_reached": _("Someone could still stand here: the search stopped before it found that "
                         "(a longer time limit may close this gap)."),
    }
    return texts[code] % {"seg": segment, "min": r.min_shift, "max": r.max_shift, "week": r.max_week_hours,
                          "nights": r.max_nights_in_row, "rest": r.min_rest}


class _PersonState:
    def __init__(self, shifts: list[tuple[int, int, int]]):
        self.shifts = sorted(shifts)  # (start, end, segment index)
        self.week_hours: dict[int, int] = defaultdict(int)
        for a, b, _s in self.shifts:
            for h in range(a, b):
                self.week_hours[week_of(h)] += 1


def _blocking_rule(inst: Instance, state: _PersonState, nights: set[int], s: int, h: int,
                   lo: int, hi: int) -> str | None:
    """None if some shift containing hour h could be added for this person; else the rule that stops it."""
    r = inst.rules
    if any(a <= h < b for a, b, _s in state.shifts):
        return "needed_elsewhere"
    failures: list[set[str]] = []
    for start in range(max(lo, h - r.max_shift + 1), h + 1):
        for end in range(max(h + 1, start + r.min_shift), min(hi, start + r.max_shift) + 1):
            a, b = start, end
            others = []
            # A shift on the same segment that touches or overlaps the new one would simply grow.
            for sa, sb, ss in state.shifts:
                if ss == s and sa <= b and a <= sb:
                    a, b = min(a, sa), max(b, sb)
                else:
                    others.append((sa, sb))
            fail = set()
            if b - a > r.max_shift:
                fail.add("max_shift")
            for sa, sb in others:
                if sa < b and a < sb:
                    fail.add("needed_elsewhere")
                elif (a - sb if sb <= a else sa - b) < r.min_rest:
                    fail.add("min_rest")
            added: dict[int, int] = defaultdict(int)
            new_nights = set()
            for k in range(start, end):
                if not any(sa <= k < sb for sa, sb, ss in state.shifts if ss == s):
                    added[week_of(k)] += 1
                if inst.night_of[k] is not None:
                    new_nights.add(inst.night_of[k])
            if any(state.week_hours[w] + n > r.max_week_hours for w, n in added.items()):
                fail.add("max_week_hours")
            if new_nights - nights and longest_run(nights | new_nights) > r.max_nights_in_row:
                fail.add("max_nights_in_row")
            if not fail:
                return None
            failures.append(fail)
    for code in ("max_week_hours", "max_nights_in_row", "min_rest", "needed_elsewhere", "max_shift"):
        if all(code in f for f in failures):
            return code
    counts = Counter(code for f in failures for code in f)
    return min(counts, key=lambda c: (-counts[c], REASONS.index(c)))


def diagnose(inst: Instance, assignments: list[Assignment], uncovered: list[Uncovered] | None = None
             ) -> list[Uncovered]:
    """Fill in ``code``, ``reason`` and ``blocked`` for each gap (computed from the shifts when not given)."""
    if uncovered is None:
        uncovered = uncovered_slots(inst, assignments)
    if not uncovered:
        return []
    seg_index = inst.segment_index()
    person_index = inst.person_index()
    shifts: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for a in assignments:
        shifts[person_index[a.person]].append((a.start, a.end, seg_index[a.segment]))
    states: dict[int, _PersonState] = {}
    nights: dict[int, set[int]] = {}
    allowed: list[list[int]] = [[] for _ in inst.segments]
    for i, p in enumerate(inst.people):
        for s in p.segments:
            allowed[s].append(i)

    count, _officers = coverage_counts(inst, assignments)
    for u in uncovered:
        s, h = seg_index[u.segment], u.hour
        short_of_people = count[s][h] < inst.required(s, h)
        blocked: dict[str, str] = {}
        free = False
        for i in allowed[s]:
            p = inst.people[i]
            if u.officer_missing and not short_of_people and not p.officer:
                continue
            rng = next(((a, b) for a, b in p.available if a <= h < b), None)
            if rng is None:
                continue
            if any(a <= h < b and ss == s for a, b, ss in shifts.get(i, [])):
                continue  # already standing here
            if rng[1] - rng[0] < inst.rules.min_shift:
                blocked[p.id] = "shift_too_short"
                continue
            if i not in states:
                states[i] = _PersonState(shifts.get(i, []))
                nights[i] = {inst.night_of[k] for a, b, _s in states[i].shifts for k in range(a, b)
                             if inst.night_of[k] is not None}
            code = _blocking_rule(inst, states[i], nights[i], s, h, rng[0], rng[1])
            if code is None:
                free = True
                break
            blocked[p.id] = code
        officer_free = any(inst.people[i].officer and any(a <= h < b for a, b in inst.people[i].available)
                           for i in allowed[s])
        if free:
            code = "not_reached"
        elif u.officer_missing and not officer_free:
            code = "no_officer_available"  # the night post lacks its officer, whoever else could come
        elif not blocked:
            code = "nobody_available"
        else:
            counts = Counter(blocked.values())
            code = min(counts, key=lambda c: (-counts[c], REASONS.index(c)))
        u.code = code
        u.reason = reason_text(code, inst, u.segment)
        u.blocked = {} if free else blocked
    return uncovered
