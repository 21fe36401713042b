"""The independent checker: every rule and the coverage, hour by hour and segment by segment.

Written apart from the solver on purpose (it shares only the file reader): it works on the list of shifts
as a person would read it, and finds nights and dates from the calendar (``start`` plus hours, in the
start's own offset), not from the solver's hour arithmetic. The platform runs it after every manual edit,
for swaps, and for the printed coverage proof.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _

from .instance import WEEK, Instance
from .result import Assignment

RULES = ("unknown_person", "unknown_segment", "bad_hours", "not_allowed", "availability", "overlap", "min_shift",
         "max_shift", "min_rest", "max_week_hours", "max_nights_in_row", "coverage", "officer_at_night",
         "declared_gap")
COVERAGE_RULES = ("coverage", "officer_at_night")


@dataclass
class Violation:
    rule: str  # one of RULES
    person: str | None
    segment: str | None
    hours: list[int]  # [from, to), half-open
    message: str

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class CoverageRow:
    segment: str
    hour: int
    required: int
    assigned: int
    officers: int
    officer_required: bool
    missing: int  # people to add (at least 1 when an officer is required and absent)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Report:
    violations: list[Violation] = field(default_factory=list)
    coverage: list[CoverageRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def rule_violations(self) -> list[Violation]:
        return [v for v in self.violations if v.rule not in COVERAGE_RULES]

    @property
    def gaps(self) -> list[CoverageRow]:
        return [row for row in self.coverage if row.missing]

    def undeclared(self, uncovered) -> list[Violation]:
        """The violations a roster does not own up to: rule breaches, gaps missing from its ``uncovered`` list
        (or declared with fewer people missing), and declared gaps that are in fact covered."""
        declared: dict[tuple[str, int], int] = {}
        for u in uncovered or []:
            seg, hour, missing = (u["segment"], u["hour"], u["missing"]) if isinstance(u, dict) else (
                u.segment, u.hour, u.missing)
            declared[(seg, hour)] = max(declared.get((seg, hour), 0), missing)
        out = [v for v in self.violations if v.rule not in COVERAGE_RULES
               or declared.get((v.segment, v.hours[0]), 0) < self._missing(v.segment, v.hours[0])]
        actual = {(r.segment, r.hour) for r in self.gaps}
        for seg, hour in sorted(set(declared) - actual):
            out.append(Violation("declared_gap", None, seg, [hour, hour + 1],
                                 _("%(seg)s at hour %(hour)d is listed as uncovered but is covered.")
                                 % {"seg": seg, "hour": hour}))
        return out

    def _missing(self, segment: str, hour: int) -> int:
        if not hasattr(self, "_missing_index"):
            self._missing_index = {(r.segment, r.hour): r.missing for r in self.coverage}
        return self._missing_index.get((segment, hour), 0)

    def to_json(self, *, coverage: bool = True) -> dict:
        out = {"ok": self.ok, "violations": [v.to_json() for v in self.violations],
               "gaps": [g.to_json() for g in self.gaps]}
        if coverage:
            out["coverage"] = [row.to_json() for row in self.coverage]
        return out


class _Calendar:
    """Night hours and the date each night belongs to, from the wall clock."""

    def __init__(self, inst: Instance):
        self.start = inst.start
        self.first, self.last = inst.night

    def night_date(self, hour: int) -> date | None:
        t = self.start + timedelta(hours=hour)
        if self.first > self.last:  # e.g. 22-6: before 06:00 is the previous evening's night
            if t.hour >= self.first:
                return t.date()
            if t.hour < self.last:
                return t.date() - timedelta(days=1)
            return None
        return t.date() if self.first <= t.hour < self.last else None


def clock(inst: Instance, hour: int) -> str:
    """Hour ``hour`` of the instance as people read it: month, day and time, in the start's own offset."""
    return f"{inst.start + timedelta(hours=hour):%m-%d %H:%M}"


def check(inst: Instance, assignments: list[Assignment]) -> Report:
    """Check a list of shifts against the instance's rules and cover; see :class:`Report`."""
    report = Report()
    bad = report.violations.append
    rules = inst.rules
    people = {p.id: p for p in inst.people}
    seg_ids = [s.id for s in inst.segments]
    segments = {s.id: s for s in inst.segments}
    cal = _Calendar(inst)

    valid: list[Assignment] = []
    for a in assignments:
        span = [a.start, a.end]
        if a.person not in people:
            bad(Violation("unknown_person", a.person, a.segment, span,
                          _("%(person)s is not among the instance's people.") % {"person": a.person}))
            continue
        if a.segment not in segments:
            bad(Violation("unknown_segment", a.person, a.segment, span,
                          _("%(seg)s is not a segment of the instance.") % {"seg": a.segment}))
            continue
        if not (0 <= a.start < a.end <= inst.hours):
            bad(Violation("bad_hours", a.person, a.segment, span,
                          _("A shift must run forward inside hours 0 to %(h)d, not %(a)d to %(b)d.")
                          % {"h": inst.hours, "a": a.start, "b": a.end}))
            continue
        person = people[a.person]
        if seg_ids.index(a.segment) not in person.segments:
            bad(Violation("not_allowed", a.person, a.segment, span,
                          _("%(person)s may not stand on %(seg)s.") % {"person": a.person, "seg": a.segment}))
        if not any(lo <= a.start and a.end <= hi for lo, hi in person.available):
            bad(Violation("availability", a.person, a.segment, span,
                          _("%(person)s is not available for the whole of %(a)s to %(b)s.")
                          % {"person": a.person, "a": clock(inst, a.start), "b": clock(inst, a.end)}))
        length = a.end - a.start
        if length < rules.min_shift:
            bad(Violation("min_shift", a.person, a.segment, span,
                          _("A shift of %(n)d hours is shorter than the minimum of %(min)d.")
                          % {"n": length, "min": rules.min_shift}))
        if length > rules.max_shift:
            bad(Violation("max_shift", a.person, a.segment, span,
                          _("A shift of %(n)d hours is longer than the maximum of %(max)d.")
                          % {"n": length, "max": rules.max_shift}))
        valid.append(a)

    by_person: dict[str, list[Assignment]] = defaultdict(list)
    for a in valid:
        by_person[a.person].append(a)
    for pid, shifts in by_person.items():
        shifts.sort(key=lambda a: (a.start, a.end))
        for prev, nxt in zip(shifts, shifts[1:], strict=False):
            if nxt.start < prev.end:
                bad(Violation("overlap", pid, nxt.segment, [nxt.start, min(prev.end, nxt.end)],
                              _("%(person)s holds two shifts at once (%(s1)s and %(s2)s).")
                              % {"person": pid, "s1": prev.segment, "s2": nxt.segment}))
            elif nxt.start - prev.end < rules.min_rest:
                bad(Violation("min_rest", pid, nxt.segment, [prev.end, nxt.start],
                              _("%(person)s rests %(n)d hours between shifts; the minimum is %(min)d.")
                              % {"person": pid, "n": nxt.start - prev.end, "min": rules.min_rest}))
        # Hours per week: each 168-hour block counted from the start.
        worked = set()
        for a in shifts:
            worked.update(range(a.start, a.end))
        per_week: dict[int, int] = defaultdict(int)
        for h in worked:
            per_week[h // WEEK] += 1
        for week, n in sorted(per_week.items()):
            if n > rules.max_week_hours:
                bad(Violation("max_week_hours", pid, None, [week * WEEK, min((week + 1) * WEEK, inst.hours)],
                              _("%(person)s works %(n)d hours in week %(week)d; the maximum is %(max)d.")
                              % {"person": pid, "n": n, "week": week + 1, "max": rules.max_week_hours}))
        # Nights in a row: the dates whose night the person works any hour of.
        nights: dict[date, list[int]] = defaultdict(list)
        for h in sorted(worked):
            d = cal.night_date(h)
            if d is not None:
                nights[d].append(h)
        dates = sorted(nights)
        run: list[date] = []
        for d in [*dates, None]:
            if d is not None and run and d - run[-1] == timedelta(days=1):
                run.append(d)
                continue
            if len(run) > rules.max_nights_in_row:
                bad(Violation("max_nights_in_row", pid, None, [nights[run[0]][0], nights[run[-1]][-1] + 1],
                              _("%(person)s works %(n)d nights in a row (%(first)s to %(last)s); "
                                "the maximum is %(max)d.")
                              % {"person": pid, "n": len(run), "first": run[0].isoformat(),
                                 "last": run[-1].isoformat(), "max": rules.max_nights_in_row}))
            run = [d] if d is not None else []

    # Coverage, hour by hour and segment by segment.
    standing: dict[tuple[str, int], set[str]] = defaultdict(set)
    for a in valid:
        for h in range(a.start, a.end):
            standing[(a.segment, h)].add(a.person)
    for h in range(inst.hours):
        at_night = cal.night_date(h) is not None
        for seg in inst.segments:
            here = standing.get((seg.id, h), set())
            required = seg.night_need if at_night else seg.need
            officers = sum(1 for pid in here if people[pid].officer)
            officer_required = at_night and seg.officer_at_night and required > 0
            missing = max(required - len(here), 0)
            if officer_required and not officers:
                missing = max(missing, 1)
            report.coverage.append(CoverageRow(seg.id, h, required, len(here), officers, officer_required, missing))
            if len(here) < required:
                bad(Violation("coverage", None, seg.id, [h, h + 1],
                              _("%(seg)s at %(time)s: %(n)d of %(req)d people on duty.")
                              % {"seg": seg.id, "time": clock(inst, h), "n": len(here), "req": required}))
            if officer_required and not officers:
                bad(Violation("officer_at_night", None, seg.id, [h, h + 1],
                              _("%(seg)s at %(time)s: no officer on duty at night.")
                              % {"seg": seg.id, "time": clock(inst, h)}))
    return report
