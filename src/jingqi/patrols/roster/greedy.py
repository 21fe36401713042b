"""A plain greedy roster: the benchmark's baseline and the solver's starting hint.

Hour by hour, each segment that is short gets the eligible person who can stand longest (up to the
maximum shift, while the segment still needs someone), the one with fewest hours so far on ties; at
night an officer first where one is required. It never breaks a rule, so its roster always passes
the checker; it may leave gaps a smarter plan would close.
"""

from __future__ import annotations

import time

from .diagnose import diagnose
from .instance import Instance
from .model_data import usable_hours, week_of
from .result import Assignment, Roster, roster_stats


def longest_run_ok(dates: set[int], new: set[int], limit: int) -> bool:
    """Whether adding ``new`` night dates keeps every run of consecutive dates at most ``limit`` long."""
    if not new:
        return True
    all_dates = dates | new
    for d in new:
        lo = d
        while lo - 1 in all_dates:
            lo -= 1
        hi = d
        while hi + 1 in all_dates:
            hi += 1
        if hi - lo + 1 > limit:
            return False
    return True


def greedy_assignments(inst: Instance) -> list[Assignment]:
    rules = inst.rules
    usable = usable_hours(inst)
    n_seg, horizon = len(inst.segments), inst.hours
    need = [[inst.required(s, h) for h in range(horizon)] for s in range(n_seg)]
    officer_need = [[inst.officer_required(s, h) for h in range(horizon)] for s in range(n_seg)]
    count = [[0] * horizon for _ in range(n_seg)]
    officers = [[0] * horizon for _ in range(n_seg)]
    candidates = [[] for _ in range(n_seg)]
    for i, p in enumerate(inst.people):
        for s in p.segments:
            candidates[s].append(i)
    busy_until = [-(10**9)] * len(inst.people)  # end of the person's last shift
    total = [0] * len(inst.people)
    week_hours = [{} for _ in inst.people]
    nights = [set() for _ in inst.people]
    out: list[Assignment] = []
    # Segments needing an officer at night are served first, so the few officers go where only they will do.
    order = sorted(range(n_seg), key=lambda s: (not inst.segments[s].officer_at_night, s))

    def best_length(i: int, s: int, h: int) -> int:
        """Longest allowed shift for person i from hour h on segment s (0 if none)."""
        end = usable[i].range_end.get(h)
        if end is None or h < busy_until[i] + rules.min_rest:
            return 0
        cap = min(rules.max_shift, end - h)
        # Stop where the segment no longer needs anyone, but never below the minimum shift.
        want = 0
        while want < cap and count[s][h + want] < need[s][h + want]:
            want += 1
        length = min(cap, max(want, rules.min_shift))
        while length >= rules.min_shift:
            weeks: dict[int, int] = {}
            new_nights = set()
            for k in range(h, h + length):
                weeks[week_of(k)] = weeks.get(week_of(k), 0) + 1
                if inst.night_of[k] is not None:
                    new_nights.add(inst.night_of[k])
            if all(week_hours[i].get(w, 0) + n <= rules.max_week_hours for w, n in weeks.items()) and \
                    longest_run_ok(nights[i], new_nights - nights[i], rules.max_nights_in_row):
                return length
            length -= 1
        return 0

    for h in range(horizon):
        for s in order:
            while count[s][h] < need[s][h] or (officer_need[s][h] and not officers[s][h]):
                want_officer = officer_need[s][h] and not officers[s][h]
                best = None
                for i in candidates[s]:
                    if want_officer and not inst.people[i].officer:
                        continue
                    if busy_until[i] > h:
                        continue
                    length = best_length(i, s, h)
                    if not length:
                        continue
                    # Officers are kept for the night posts that need them when anyone else will do.
                    spare = inst.people[i].officer and not want_officer
                    key = (spare, -length, total[i], len(inst.people[i].segments))
                    if best is None or key < best[0]:
                        best = (key, i, length)
                if best is None:
                    if want_officer and count[s][h] < need[s][h]:
                        officer_need[s][h] = False  # no officer to be had: at least fill the post
                        continue
                    break
                _key, i, length = best
                p = inst.people[i]
                out.append(Assignment(p.id, inst.segments[s].id, h, h + length))
                busy_until[i] = h + length
                total[i] += length
                for k in range(h, h + length):
                    count[s][k] += 1
                    officers[s][k] += p.officer
                    week_hours[i][week_of(k)] = week_hours[i].get(week_of(k), 0) + 1
                    if inst.night_of[k] is not None:
                        nights[i].add(inst.night_of[k])
    return sorted(out, key=lambda a: (a.start, a.segment, a.person))


def greedy(inst: Instance) -> Roster:
    """The greedy baseline as a :class:`Roster` (``solver`` = "greedy"), gaps diagnosed."""
    t0 = time.perf_counter()
    assignments = greedy_assignments(inst)
    uncovered = diagnose(inst, assignments)
    missing = sum(u.missing for u in uncovered)
    return Roster(status="partial" if uncovered else "feasible", assignments=assignments, uncovered=uncovered,
                  seconds=time.perf_counter() - t0, solver="greedy",
                  stats=roster_stats(inst, assignments, missing))
