"""Guard rosters: who stands on which segment when, computed with OR-Tools CP-SAT and checked independently.

Pure Python and OR-Tools, no models or database: the platform's guard operations and ``jingqi roster``
build an instance dict (the JSON format below), solve it, and store or write the assignments.

Instance (extra keys allowed; times are whole hours counted from ``start``)::

    {"start": "2026-03-01T00:00+08:00", "hours": 336,
     "night": [22, 6],          # night hours: hour of day >= 22 or < 6, in start's local time
     "segments": [{"id": "S01", "need": 1, "night_need": 2, "officer_at_night": true}, ...],
     "people": [{"id": "P001", "officer": false, "segments": ["S01", "S02"],   # absent: any segment
                 "available": [[0, 12], [36, 60]],                            # half-open hour ranges
                 "preferences": {"segments": ["S01"], "avoid_nights": false}}, ...],  # optional, soft
     "rules": {"min_shift": 2, "max_shift": 8, "min_rest": 8, "max_week_hours": 40, "max_nights_in_row": 3}}

A shift is one person on one segment for a contiguous range of hours inside one availability range
(touching ranges are joined). Weeks are 168-hour blocks from ``start``. Each night belongs to the date it
begins on (with [22, 6], 00:00-06:00 is the previous date's night).

API::

    inst = load_instance(data)                      # InstanceError names the bad key, person or segment
    roster = solve(inst, time_limit=30.0, workers=2, progress=None, gap_limit=0.01)  # mode: auto, lp, exact, windows
    lower_bound(inst), objective_terms(inst, assignments)   # jingqi.patrols.roster.bound: the objective, its bound
    roster.to_json()                                # the roster file
    report = check(inst, roster.assignments)        # independent: violations + coverage table
    report.undeclared(roster.uncovered)             # what the roster does not own up to ([] = passes)
    diagnose(inst, assignments)                     # the gaps of any (hand-edited) roster, with reasons
    greedy(inst)                                    # the baseline
    generate(seed, segments=30, hours=336, people=300, variant="ok")   # a synthetic instance dict
"""

from .check import CoverageRow, Report, Violation, check
from .diagnose import REASONS, diagnose
from .generate import generate
from .greedy import greedy
from .instance import Instance, InstanceError, load_instance
from .result import Assignment, Roster, Uncovered, load_assignments, roster_stats
from .solve import solve

__all__ = ["REASONS", "Assignment", "CoverageRow", "Instance", "InstanceError", "Report", "Roster", "Uncovered",
           "Violation", "check", "diagnose", "generate", "greedy", "load_assignments", "load_instance",
           "roster_stats", "solve"]
