"""What a solve returns: the roster, its gaps and a few figures (hours spread, handovers)."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from .instance import Instance, InstanceError


@dataclass(frozen=True, order=True)
class Assignment:
    """One shift: ``person`` stands on ``segment`` for hours ``start`` (inclusive) to ``end`` (exclusive)."""

    person: str
    segment: str
    start: int
    end: int

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Uncovered:
    """A slot the roster leaves short: ``missing`` people (``officer_missing``: no officer at night)."""

    segment: str
    hour: int
    missing: int
    reason: str = ""  # an English (translated) sentence
    code: str = ""  # stable reason code, see diagnose.REASONS
    officer_missing: bool = False
    blocked: dict[str, str] = field(default_factory=dict)  # person id -> code of the rule that keeps them off

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Roster:
    status: str  # "optimal" | "feasible" | "partial"
    assignments: list[Assignment]
    uncovered: list[Uncovered]
    objective: float | None = None
    bound: float | None = None
    seconds: float = 0.0
    solver: str = "cp-sat"  # "cp-sat" | "greedy"
    proven_optimal: bool = False
    gap: float | None = None  # (objective - bound) / objective
    stats: dict = field(default_factory=dict)
    note: str = ""

    def to_json(self) -> dict:
        return {
            "status": self.status,
            "assignments": [a.to_json() for a in self.assignments],
            "uncovered": [u.to_json() for u in self.uncovered],
            "objective": self.objective,
            "bound": self.bound,
            "seconds": round(self.seconds, 3),
            "solver": self.solver,
            "proven_optimal": self.proven_optimal,
            "gap": self.gap,
            "stats": self.stats,
            "note": self.note,
        }


def load_assignments(data) -> list[Assignment]:
    """Read the ``assignments`` of a roster dict (or a bare list); raise InstanceError on malformed entries.

    Unknown people or segments and hours out of range are not refused here: the checker reports them.
    """
    items = data.get("assignments") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InstanceError(_("The roster must have a list of assignments."))
    out = []
    for i, a in enumerate(items):
        if not isinstance(a, dict):
            raise InstanceError(_("assignments[%(i)d] must be a JSON object.") % {"i": i})
        try:
            person, segment, start, end = a["person"], a["segment"], a["start"], a["end"]
        except KeyError as exc:
            raise InstanceError(_("assignments[%(i)d]: the key \"%(key)s\" is missing.") % {"i": i, "key": exc.args[0]})
        if not isinstance(person, str) or not isinstance(segment, str):
            raise InstanceError(_("assignments[%(i)d]: person and segment must be ids (text).") % {"i": i})
        if any(isinstance(v, bool) or not isinstance(v, int) for v in (start, end)):
            raise InstanceError(_("assignments[%(i)d]: start and end must be whole hours.") % {"i": i})
        out.append(Assignment(person, segment, start, end))
    return out


def roster_stats(inst: Instance, assignments: list[Assignment], missing_hours: int | None = None) -> dict:
    """Hours spread over the people who could work at all, shifts and handovers (shifts starting after hour 0)."""
    hours = {p.id: 0 for p in inst.people if any(b - a >= inst.rules.min_shift for a, b in p.available)}
    for a in assignments:
        hours[a.person] = hours.get(a.person, 0) + (a.end - a.start)
    values = list(hours.values()) or [0]
    worked = [v for v in values if v]
    out = {
        "shifts": len(assignments),
        "handovers": sum(1 for a in assignments if a.start > 0),
        "person_hours": sum(values),
        "people_eligible": len(values),
        "people_used": len(worked),
        "hours_max": max(values),
        "hours_min": min(values),
        "hours_spread": max(values) - min(values),
        "hours_stdev": round(statistics.pstdev(values), 2),
        "hours_spread_used": (max(worked) - min(worked)) if worked else 0,
        "hours_stdev_used": round(statistics.pstdev(worked), 2) if worked else 0.0,
    }
    if missing_hours is not None:
        out["missing_person_hours"] = missing_hours
    return out
