"""Every figure analytics reports: what it counts, over which records, on which day, and the published figure it
answers. The definitions are the ones the apps' own pages use (``tickets.selectors.ticket_figures``,
``disputes.figures``, ``cases.figures``, ``inspections.selectors.ledger``); ``sources`` turns records into facts by
them, and ``tests/test_figures.py`` counts each one again from the raw tables.

Kinds:
- ``count``: how many (Σ numerator);
- ``rate``: Σ numerator of Σ denominator — the denominator is the sample;
- ``amount``: Σ value (yuan, people, hours), over ``facts`` records;
- ``duration``: hours, the mean (Σ value ÷ facts) and the median, read from a histogram of ``BUCKETS_PER_E``
  buckets per factor e (within ±2.5 % of the exact median; the API says so);
- ``distinct``: how many different records (``record_id``) have a fact in the period, each counted once however many
  days it has: sums of cells would count a volunteer once per day, so these are counted from the facts.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

COUNT, RATE, AMOUNT, DURATION, DISTINCT = "count", "rate", "amount", "duration", "distinct"
KINDS = (COUNT, RATE, AMOUNT, DURATION, DISTINCT)
BUCKETS_PER_E = 20
# the longest period a figure is asked for over (ten years)
MAX_DAYS = 3660


def next_month(day: date) -> date:
    """The first day of the month after ``day``'s."""
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def default_period(today: date) -> tuple[date, date]:
    """The period figures are asked for when none is given: this year so far."""
    return today.replace(month=1, day=1), today


def period_error(start: date, end: date) -> tuple[str, Promise] | None:
    """What is wrong with a period, as (field, message), or None: the same answer on the pages and in the API."""
    if start > end:
        return "end", _("The period ends before it starts.")
    if (end - start).days > MAX_DAYS:
        return "start", _("Choose a period of ten years or less.")
    return None


def bucket_of(hours: float) -> int:
    """The histogram bucket of a duration: log-spaced, each about 5 % wider than the one before."""
    return round(math.log1p(max(hours, 0.0)) * BUCKETS_PER_E)


def bucket_hours(bucket: int) -> float:
    """The duration a bucket stands for (its centre)."""
    return math.expm1(bucket / BUCKETS_PER_E)


@dataclass(frozen=True)
class Definition:
    key: str
    source: str
    kind: str
    label: Promise
    unit: Promise | str = ""
    # what counts, in a sentence a reader of the figure needs (numerator and denominator for a rate)
    explanation: Promise | str = ""
    # the published figure this answers, as published ("470+"), and where
    published: str = ""
    published_by: Promise | str = ""
    # whether the figure is kept per department too (department staff see these)
    by_department: bool = False


SHENGZHOU = _("Shengzhou enterprise community policing")
MAJIAHE = _("Majiahe park policing")
HOTLINE = _("12345 enterprise hotline (three rates)")

DEFINITIONS: list[Definition] = [
    # --- requests -----------------------------------------------------------------------------------------------
    Definition("requests.received", "ticket", COUNT, _("Requests received"), _("requests"),
               _("Requests submitted on the day, whatever became of them.")),
    Definition("requests.solved", "ticket", COUNT, _("Problems solved"), _("requests"),
               _("Requests resolved as asked (resolved or closed since), on the day they were resolved."),
               published="470+", published_by=SHENGZHOU),
    Definition("requests.solved_on_time", "ticket", RATE, _("Solved on time"), "",
               _("Of the requests solved, those resolved by their resolution deadline (working days).")),
    Definition("requests.response_rate", "ticket", RATE, _("Response rate"), "",
               _("Of the requests whose response was due (or given), those answered by the response deadline; "
                 "counted on the day the response fell due."),
               published="99.7 %", published_by=HOTLINE),
    Definition("requests.resolution_rate", "ticket", RATE, _("Resolution rate"), "",
               _("Of the requests that ended (resolved, closed or rejected; duplicates left out), those resolved "
                 "as asked."),
               published="92.3 %", published_by=HOTLINE),
    Definition("requests.satisfaction", "ticket", RATE, _("Satisfaction rate"), "",
               _("Of the requests the enterprise rated, those rated 4 or 5 out of 5, on the day of the rating."),
               published="94.5 %", published_by=HOTLINE),
    Definition("requests.time_to_resolve", "ticket", DURATION, _("Time to resolve"), _("hours"),
               _("Wall-clock hours from submission to resolution, over the requests resolved (any outcome).")),
    Definition("tasks.on_time", "ticket_task", RATE, _("Department tasks done on time"), "",
               _("Of the tasks whistled to a department that were done or fell due, those done by their "
                 "deadline; counted on the day they were due."),
               by_department=True),
    # --- disputes -----------------------------------------------------------------------------------------------
    Definition("disputes.success", "dispute", RATE, _("Mediation success rate"), "",
               _("Settled by agreement, of the disputes whose mediation ended with an outcome (agreement, settled "
                 "without agreement, failed, transferred); withdrawn and referred ones are in neither."),
               published="99.4 %", published_by=SHENGZHOU),
    Definition("disputes.settled_low", "dispute", RATE, _("Settled within the enterprise or park"), "",
               _("Of the disputes settled (with or without a written agreement), those settled at the enterprise "
                 "or park level (小事不出企业、大事不出园区)."), published_by=MAJIAHE),
    Definition("disputes.time_to_settle", "dispute", DURATION, _("Time to settle"), _("hours"),
               _("Wall-clock hours from the report to the end of mediation, over the disputes settled.")),
    # --- cases and outreach -------------------------------------------------------------------------------------
    Definition("cases.solved", "case", COUNT, _("Cases solved"), _("cases"),
               _("Enterprise-related cases solved (solved or closed since), on the day they were solved.")),
    Definition("cases.time_to_solve", "case", DURATION, _("Time to solve"), _("hours"),
               _("Wall-clock hours from the report to the solution, over the cases solved."),
               published="48 h", published_by=MAJIAHE),
    Definition("cases.loss_reported", "case", AMOUNT, _("Losses reported"), _("yuan"),
               _("Losses of the cases reported, on the day of the report.")),
    Definition("cases.loss_recovered", "case", AMOUNT, _("Losses recovered"), _("yuan"),
               _("Value recovered for the victims, on the day of each recovery."),
               published="2,000,000+", published_by=SHENGZHOU),
    Definition("outreach.held", "outreach", COUNT, _("Outreach events held"), pgettext_lazy("outreach", "events"),
               _("Anti-fraud, fire, traffic and other safety events held, on the day they started.")),
    Definition("outreach.attendance", "outreach", AMOUNT, _("Outreach attendance"),
               pgettext_lazy("attendance", "people"),
               _("People who attended the events held.")),
    # --- inspections and hazards --------------------------------------------------------------------------------
    Definition("inspections.visits", "inspection_visit", COUNT, _("Joint inspection visits"),
               pgettext_lazy("joint inspection", "visits"),
               _("Visits to an enterprise done by a joint team, each doing every inspection owed there (综合查一次), "
                 "on the day they were finished."),
               published="30", published_by=MAJIAHE),
    Definition("inspections.done", "inspection", COUNT, _("Inspection checklists"), _("checklists"),
               _("Inspection checklists submitted (one per type of inspection done on a visit), on the day they "
                 "were submitted."),
               by_department=True),
    Definition("hazards.found", "hazard", COUNT, _("Hazards found"), _("hazards"),
               _("Hazards reported (void ones left out), on the day they were reported."),
               published="5", published_by=MAJIAHE, by_department=True),
    Definition("hazards.fixed_on_site", "hazard", RATE, _("Hazards fixed on site"), "",
               _("Of the hazards found, those fixed on the spot."),
               published="2", published_by=MAJIAHE, by_department=True),
    Definition("hazards.closed", "hazard", COUNT, _("Hazards closed (销号)"), _("hazards"),
               _("Hazards verified and closed, on the day they were closed."), by_department=True),
    Definition("hazards.closed_on_time", "hazard", RATE, _("Hazards closed by their deadline"), "",
               _("Of the hazards closed or past their deadline, those closed by it; counted on the deadline's "
                 "day (or the closing day, if there was no deadline)."), by_department=True),
    # --- patrols ------------------------------------------------------------------------------------------------
    Definition("patrols.hours", "patrol", AMOUNT, _("Patrol hours"), _("hours"),
               _("Hours credited to patrol members from their check-ins, on the day the patrol finished.")),
    Definition("patrols.volunteers_active", "volunteer", DISTINCT, _("Volunteers active"), _("volunteers"),
               _("Volunteer police credited with time on at least one patrol or guard shift in the period, each "
                 "counted once.")),
    Definition("guard.hours", "guard_shift", AMOUNT, _("Guard hours"), _("hours"),
               _("Hours credited to guard shifts from check-in to check-out, on the day of the check-out.")),
    Definition("guard.without_loss", "guard_shift", RATE, _("Guard operations without loss"), "",
               _("Of the guard operations closed, those whose officer reported no loss (theft, damage, injury) "
                 "while they ran, on the day of closing.")),
    # --- false claims -------------------------------------------------------------------------------------------
    Definition("claims.exposed", "clue", COUNT, _("False claims exposed"), _("clues"),
               _("Clues of the false-claim model confirmed or transferred to a case, on the day of the decision."),
               published_by=SHENGZHOU),
    Definition("claims.time_to_expose", "clue", DURATION, _("Time to expose"), _("hours"),
               _("Wall-clock hours from the import of the clue's latest complaint (when the station had it) to "
                 "the clue's confirmation."),
               published="24 h", published_by=SHENGZHOU),
]

BY_KEY = {d.key: d for d in DEFINITIONS}
SOURCES = sorted({d.source for d in DEFINITIONS})
