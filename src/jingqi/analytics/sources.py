"""Records into facts, one source (an app's record) at a time, by the definitions in ``definitions``.

Each source says which of its records changed since a time (``changed``: edited since, or a deadline that has
passed since, because a deadline missed with nothing done changes a rate without touching the record) and turns a
batch of record ids into facts (``facts``), reading only what the figures need in a fixed number of queries. A
record's facts are always rebuilt whole, so a reopened request leaves the day it was solved on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import F, Max, Q
from django.utils import timezone

from .definitions import bucket_of


def _day(at: datetime):
    return timezone.localdate(at, timezone.get_default_timezone())


def _hours(end: datetime, start: datetime) -> float:
    return max((end - start).total_seconds(), 0.0) / 3600.0


def _fact(figure, source, row, day, *, numerator=0, denominator=0, value=None, duration=None, department=None,
          park="park_id", enterprise="enterprise_id") -> dict:
    """A fact as a row of ``Fact``'s columns (attname → value), written by ``core.bulk.insert_rows``."""
    if duration is not None:
        value = Decimal(f"{duration:.2f}")
    return {"figure": figure, "source": source, "record_id": row.get("record", row.get("id")), "day": day,
            "station_id": row["station_id"], "park_id": row.get(park), "department_id": department,
            "enterprise_id": row.get(enterprise), "numerator": numerator, "denominator": denominator,
            "value": value, "bucket": None if duration is None else bucket_of(duration),
            "kind": row.get("kind") or "", "officer_id": row.get("officer_id")}


@dataclass(frozen=True)
class Source:
    name: str
    model: Callable  # () -> the record's model (imported late: analytics reads every app)
    changed_q: Callable[[datetime, datetime], Q]
    build: Callable[[list[int]], Iterable[dict]]  # facts, as rows of Fact's columns

    def changed(self, since: datetime | None, now: datetime):
        """The ids of the records whose facts may differ from those kept (every record when ``since`` is None).
        Unordered, so that the database finds them through the indexes on the change and deadline columns rather
        than walking the table in id order; the refresh sorts them."""
        qs = self.model()._base_manager.all()
        if since is not None:
            qs = qs.filter(self.changed_q(since, now))
        return qs.order_by().values_list("pk", flat=True)


def _edited(since, now):
    return Q(updated_at__gte=since)


# --- requests -----------------------------------------------------------------------------------------------------


def _ticket_model():
    from jingqi.tickets.models import Ticket

    return Ticket


def _ticket_facts(ids):
    from jingqi.tickets.choices import Outcome, Status

    now = timezone.now()
    ended = {Status.RESOLVED, Status.CLOSED, Status.REJECTED}
    rows = _ticket_model()._base_manager.filter(pk__in=ids).values(
        "id", "station_id", "enterprise_id", "status", "outcome", "submitted_at", "first_response_at",
        "response_due_at", "resolved_at", "resolution_due_at", "closed_at", "rating", "rated_at", "updated_at", "kind",
        park_id=F("enterprise__park_id"), officer_id=F("handler_id"))
    for row in rows:
        src = "ticket"
        yield _fact("requests.received", src, row, _day(row["submitted_at"]), numerator=1)
        responded = row["first_response_at"]
        due = row["response_due_at"]
        if responded is not None or due <= now:
            on_time = responded is not None and responded <= due
            yield _fact("requests.response_rate", src, row, _day(due), numerator=int(on_time), denominator=1)
        status, outcome, resolved = row["status"], row["outcome"], row["resolved_at"]
        if resolved is not None and status in (Status.RESOLVED, Status.CLOSED):
            day = _day(resolved)
            yield _fact("requests.time_to_resolve", src, row, day, duration=_hours(resolved, row["submitted_at"]))
            if outcome == Outcome.RESOLVED:
                yield _fact("requests.solved", src, row, day, numerator=1)
                yield _fact("requests.solved_on_time", src, row, day,
                            numerator=int(resolved <= row["resolution_due_at"]), denominator=1)
        if status in ended and outcome != Outcome.DUPLICATE:
            # a rejection keeps no time of its own: the record's last change stands for it
            at = resolved or row["closed_at"] or row["updated_at"]
            yield _fact("requests.resolution_rate", src, row, _day(at),
                        numerator=int(outcome == Outcome.RESOLVED and status != Status.REJECTED), denominator=1)
        if row["rating"] is not None and row["rated_at"] is not None:
            yield _fact("requests.satisfaction", src, row, _day(row["rated_at"]),
                        numerator=int(row["rating"] >= 4), denominator=1)


def _task_model():
    from jingqi.tickets.models import TicketTask

    return TicketTask


def _task_facts(ids):
    from jingqi.tickets.choices import TaskStatus

    now = timezone.now()
    rows = _task_model()._base_manager.filter(pk__in=ids).values(
        "id", "status", "department_id", "due_at", "completed_at", station_id=F("ticket__station_id"),
        park_id=F("ticket__enterprise__park_id"), enterprise_id=F("ticket__enterprise_id"))
    for row in rows:
        done = row["completed_at"] if row["status"] == TaskStatus.DONE else None
        if done is None and row["due_at"] > now:
            continue
        yield _fact("tasks.on_time", "ticket_task", row, _day(row["due_at"]),
                    numerator=int(done is not None and done <= row["due_at"]), denominator=1,
                    department=row["department_id"])


def _due_passed(field):
    return lambda since, now: Q(updated_at__gte=since) | Q(**{f"{field}__gt": since, f"{field}__lte": now})


# --- disputes -----------------------------------------------------------------------------------------------------


def _dispute_model():
    from jingqi.disputes.models import Dispute

    return Dispute


def _dispute_facts(ids):
    from jingqi.disputes.choices import Outcome
    from jingqi.disputes.figures import JUDGED, LOW_LEVELS, SETTLED

    rows = _dispute_model()._base_manager.filter(pk__in=ids, ended_at__isnull=False).values(
        "id", "station_id", "park_id", "outcome", "level", "reported_at", "ended_at", "kind",
        officer_id=F("mediator_id"))
    for row in rows:
        day = _day(row["ended_at"])
        if row["outcome"] in JUDGED:
            yield _fact("disputes.success", "dispute", row, day, numerator=int(row["outcome"] == Outcome.AGREEMENT),
                        denominator=1)
        if row["outcome"] in SETTLED:
            yield _fact("disputes.settled_low", "dispute", row, day, numerator=int(row["level"] in LOW_LEVELS),
                        denominator=1)
            yield _fact("disputes.time_to_settle", "dispute", row, day,
                        duration=_hours(row["ended_at"], row["reported_at"]))


# --- cases and outreach -------------------------------------------------------------------------------------------


def _case_model():
    from jingqi.cases.models import Case

    return Case


def _case_facts(ids):
    from jingqi.cases.figures import SOLVED
    from jingqi.cases.models import Recovery

    rows = {row["id"]: row for row in _case_model()._base_manager.filter(pk__in=ids).values(
        "id", "station_id", "park_id", "status", "reported_at", "solved_at", "loss_amount", "kind", "officer_id")}
    for row in rows.values():
        if row["loss_amount"]:
            yield _fact("cases.loss_reported", "case", row, _day(row["reported_at"]), value=row["loss_amount"])
        if row["status"] in SOLVED and row["solved_at"] is not None:
            day = _day(row["solved_at"])
            yield _fact("cases.solved", "case", row, day, numerator=1)
            yield _fact("cases.time_to_solve", "case", row, day,
                        duration=_hours(row["solved_at"], row["reported_at"]))
    for case_id, on, amount in (Recovery.objects.filter(case_id__in=ids).order_by("pk")
                                .values_list("case_id", "recovered_on", "amount")):
        yield _fact("cases.loss_recovered", "case", rows[case_id], on, value=amount)


def _outreach_model():
    from jingqi.cases.models import OutreachEvent

    return OutreachEvent


def _outreach_facts(ids):
    from jingqi.cases.choices import OutreachStatus

    rows = _outreach_model()._base_manager.filter(pk__in=ids, status=OutreachStatus.HELD).values(
        "id", "station_id", "park_id", "starts_at", "attendance_total")
    for row in rows:
        day = _day(row["starts_at"])
        yield _fact("outreach.held", "outreach", row, day, numerator=1)
        yield _fact("outreach.attendance", "outreach", row, day, value=Decimal(row["attendance_total"]))


# --- inspections and hazards --------------------------------------------------------------------------------------


def _inspection_model():
    from jingqi.inspections.models import Inspection

    return Inspection


def _inspection_facts(ids):
    from jingqi.inspections.choices import InspectionStatus

    rows = _inspection_model()._base_manager.filter(pk__in=ids, status=InspectionStatus.SUBMITTED,
                                                    submitted_at__isnull=False).values(
        "id", "station_id", "park_id", "enterprise_id", "department_id", "submitted_at")
    for row in rows:
        yield _fact("inspections.done", "inspection", row, _day(row["submitted_at"]), numerator=1,
                    department=row["department_id"])


def _visit_model():
    from jingqi.inspections.models import InspectionVisit

    return InspectionVisit


def _visit_facts(ids):
    from jingqi.inspections.choices import VisitStatus

    rows = _visit_model()._base_manager.filter(pk__in=ids, status=VisitStatus.DONE, finished_at__isnull=False).values(
        "id", "station_id", "park_id", "enterprise_id", "finished_at")
    for row in rows:
        yield _fact("inspections.visits", "inspection_visit", row, _day(row["finished_at"]), numerator=1)


def _hazard_model():
    from jingqi.inspections.models import Hazard

    return Hazard


def _hazard_facts(ids):
    from jingqi.inspections.choices import HazardStatus

    now = timezone.now()
    rows = _hazard_model()._base_manager.filter(pk__in=ids).exclude(status=HazardStatus.VOID).values(
        "id", "station_id", "park_id", "enterprise_id", "department_id", "status", "fixed_on_site", "reported_at",
        "due_at", "closed_at", kind=F("source"), officer_id=F("handler_id"))
    for row in rows:
        dept = row["department_id"]
        found = _day(row["reported_at"])
        yield _fact("hazards.found", "hazard", row, found, numerator=1, department=dept)
        yield _fact("hazards.fixed_on_site", "hazard", row, found, numerator=int(row["fixed_on_site"]),
                    denominator=1, department=dept)
        closed = row["closed_at"] if row["status"] == HazardStatus.CLOSED else None
        if closed is not None:
            yield _fact("hazards.closed", "hazard", row, _day(closed), numerator=1, department=dept)
        due = row["due_at"]
        if closed is not None or (due is not None and due <= now):
            on_time = closed is not None and (due is None or closed <= due)
            yield _fact("hazards.closed_on_time", "hazard", row, _day(due or closed), numerator=int(on_time),
                        denominator=1, department=dept)


# --- patrols ------------------------------------------------------------------------------------------------------


def _patrol_model():
    from jingqi.patrols.models import Patrol

    return Patrol


def _hours_value(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


def _patrol_facts(ids):
    from jingqi.patrols.models import PatrolMember

    rows = PatrolMember.objects.filter(patrol_id__in=ids, credited_minutes__gt=0,
                                       patrol__finished_at__isnull=False).order_by("pk").values(
        "credited_minutes", record=F("patrol_id"), station_id=F("patrol__station_id"),
        park_id=F("patrol__park_id"), finished_at=F("patrol__finished_at"))
    for row in rows:
        yield _fact("patrols.hours", "patrol", row, _day(row["finished_at"]),
                    value=_hours_value(row["credited_minutes"]))


def _operation_model():
    from jingqi.patrols.models import GuardOperation

    return GuardOperation


def _operation_changed(since, now):
    from jingqi.patrols.models import GuardShift

    return Q(updated_at__gte=since) | Q(pk__in=GuardShift.objects.filter(checked_out_at__gte=since)
                                        .values("operation_id"))


def _guard_facts(ids):
    from jingqi.patrols.choices import OperationStatus
    from jingqi.patrols.models import GuardShift

    rows = GuardShift.objects.filter(operation_id__in=ids, credited_minutes__gt=0,
                                     checked_out_at__isnull=False).order_by("pk").values(
        "credited_minutes", "checked_out_at", record=F("operation_id"), station_id=F("operation__station_id"),
        park_id=F("operation__park_id"))
    for row in rows:
        yield _fact("guard.hours", "guard_shift", row, _day(row["checked_out_at"]),
                    value=_hours_value(row["credited_minutes"]))
    closed = _operation_model()._base_manager.filter(pk__in=ids, status=OperationStatus.CLOSED, loss__isnull=False,
                                                     closed_at__isnull=False)
    for row in closed.order_by("pk").values("id", "station_id", "park_id", "closed_at", "loss"):
        yield _fact("guard.without_loss", "guard_shift", row, _day(row["closed_at"]), numerator=int(not row["loss"]),
                    denominator=1)


def _volunteer_model():
    from jingqi.patrols.models import Volunteer

    return Volunteer


def _volunteer_changed(since, now):
    """A volunteer whose patrols changed or whose guard shift was checked out since (their credited time)."""
    from jingqi.patrols.models import GuardShift, PatrolMember

    return (Q(updated_at__gte=since)
            | Q(pk__in=PatrolMember.objects.filter(patrol__updated_at__gte=since, volunteer__isnull=False)
                .values("volunteer_id"))
            | Q(pk__in=GuardShift.objects.filter(checked_out_at__gte=since, person__volunteer__isnull=False)
                .values("person__volunteer_id")))


def _volunteer_facts(ids):
    """A fact per volunteer and day (and park) with credited time: patrols on the day they finished, guard shifts
    on the day of the check-out."""
    from jingqi.patrols.models import GuardShift, PatrolMember

    seen = set()
    patrols = PatrolMember.objects.filter(volunteer_id__in=ids, credited_minutes__gt=0,
                                          patrol__finished_at__isnull=False).values_list(
        "volunteer_id", "patrol__station_id", "patrol__park_id", "patrol__finished_at")
    shifts = GuardShift.objects.filter(person__volunteer_id__in=ids, credited_minutes__gt=0,
                                       checked_out_at__isnull=False).values_list(
        "person__volunteer_id", "operation__station_id", "operation__park_id", "checked_out_at")
    for volunteer, station, park, at in [*patrols.order_by(), *shifts.order_by()]:
        key = (volunteer, station, park, _day(at))
        if key in seen:
            continue
        seen.add(key)
        yield _fact("patrols.volunteers_active", "volunteer", {"id": volunteer, "station_id": station,
                                                               "park_id": park}, key[3])


# --- false claims -------------------------------------------------------------------------------------------------


def _clue_model():
    from jingqi.claims.models import Clue

    return Clue


def _clue_facts(ids):
    from jingqi.claims.choices import ClueState

    rows = (_clue_model()._base_manager.filter(pk__in=ids, superseded=False,
                                               state__in=(ClueState.CONFIRMED, ClueState.TRANSFERRED),
                                               decided_at__isnull=False)
            .annotate(last_complaint=Max("complaints__batch__finished_at"))
            .values("id", "station_id", "decided_at", "last_complaint"))
    for row in rows:
        day = _day(row["decided_at"])
        yield _fact("claims.exposed", "clue", row, day, numerator=1)
        if row["last_complaint"] is not None:
            yield _fact("claims.time_to_expose", "clue", row, day,
                        duration=_hours(row["decided_at"], row["last_complaint"]))


SOURCES: dict[str, Source] = {s.name: s for s in (
    Source("ticket", _ticket_model, _due_passed("response_due_at"), _ticket_facts),
    Source("ticket_task", _task_model, _due_passed("due_at"), _task_facts),
    Source("dispute", _dispute_model, _edited, _dispute_facts),
    Source("case", _case_model, _edited, _case_facts),
    Source("outreach", _outreach_model, _edited, _outreach_facts),
    Source("inspection", _inspection_model, _edited, _inspection_facts),
    Source("inspection_visit", _visit_model, _edited, _visit_facts),
    Source("hazard", _hazard_model, _due_passed("due_at"), _hazard_facts),
    Source("patrol", _patrol_model, _edited, _patrol_facts),
    Source("guard_shift", _operation_model, _operation_changed, _guard_facts),
    Source("volunteer", _volunteer_model, _volunteer_changed, _volunteer_facts),
    Source("clue", _clue_model, _edited, _clue_facts),
)}
