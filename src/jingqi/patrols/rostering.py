"""The bridge between a guard operation's records and the roster package (``patrols.roster``).

An operation becomes the same JSON instance that ``jingqi roster solve`` reads (people are ``P<pool id>``,
segments their codes), so the platform and the command use one solver and one independent checker.
"""

import re
from dataclasses import dataclass, field

from django.utils import timezone

from .models import GuardOperation, GuardPerson, GuardShift
from .roster.check import Report, check
from .roster.instance import load_instance
from .roster.result import Assignment


def instance_for(operation: GuardOperation, people=None, segments=None) -> dict:
    segments = list(segments if segments is not None else operation.segments.all())
    people = list(people if people is not None else operation.people.prefetch_related("segments"))
    start = timezone.localtime(operation.starts_at)
    return {
        "start": start.isoformat(timespec="minutes"),
        "hours": operation.hours,
        "night": [operation.night_start, operation.night_end],
        "segments": [{"id": s.code, "need": s.need, "night_need": s.night_need,
                      "officer_at_night": s.officer_at_night} for s in segments],
        "people": [_person(p) for p in people],
        "rules": {"min_shift": operation.min_shift, "max_shift": operation.max_shift, "min_rest": operation.min_rest,
                  "max_week_hours": operation.max_week_hours, "max_nights_in_row": operation.max_nights_in_row},
    }


def _person(person: GuardPerson) -> dict:
    row = {"id": person.code, "officer": person.is_officer, "available": person.available}
    codes = [s.code for s in person.segments.all()]
    if codes:
        row["segments"] = codes
    if person.preferences:
        row["preferences"] = person.preferences
    return row


@dataclass
class OperationCheck:
    """The independent check of an operation's roster as it stands (or with some shifts given to others)."""

    report: Report
    names: dict = field(default_factory=dict)  # "P12" -> display name

    @property
    def problems(self):
        return self.report.rule_violations

    @property
    def gaps(self):
        return self.report.gaps

    @property
    def gap_count(self) -> int:
        return len(self.report.gaps)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.gaps

    @staticmethod
    def _key(v):
        return (v.rule, v.person, v.segment, tuple(v.hours))

    def new_problems(self, before: "OperationCheck") -> list:
        """Rule breaches and gaps this check has that ``before`` did not: what an edit breaks."""
        old = {self._key(v) for v in before.report.violations}
        return [v for v in self.report.violations if self._key(v) not in old]

    def problems_for(self, person: GuardPerson) -> list:
        return [v for v in self.problems if v.person == person.code]


def check_operation(operation: GuardOperation, *, replace: dict | None = None) -> OperationCheck:
    """``replace`` maps shift ids to the pool member who would stand them instead (a swap being weighed)."""
    replace = replace or {}
    people = list(operation.people.select_related("volunteer__person", "user").prefetch_related("segments"))
    by_pk = {p.pk: p for p in people}
    segments = list(operation.segments.all())
    inst = load_instance(instance_for(operation, people, segments))
    codes = {s.pk: s.code for s in segments}
    assignments = []
    for shift in GuardShift.objects.filter(operation=operation).only("pk", "person_id", "segment_id", "start", "end"):
        person = replace.get(shift.pk) or by_pk[shift.person_id]
        assignments.append(Assignment(person.code, codes[shift.segment_id], shift.start, shift.end))
    names = {p.code: p.name for p in people}
    report = check(inst, assignments)
    for violation in report.violations:  # the checker speaks of "P12"; people read names
        if violation.person in names:
            violation.message = re.sub(rf"\b{violation.person}\b", names[violation.person], violation.message)
    return OperationCheck(report, names)


def solve_operation(operation: GuardOperation, progress=None, people=None) -> dict:
    """Solve the operation's instance with its time limit; the roster as JSON. ``people``: the pool as the
    solver should see it, when not the operation's own (a re-solve leaves out the hours of the shifts it keeps:
    see ``services.pool_for_solve``)."""
    from .roster.solve import solve

    inst = load_instance(instance_for(operation, people=people))
    roster = solve(inst, time_limit=float(operation.time_limit), progress=progress)
    return roster.to_json()
