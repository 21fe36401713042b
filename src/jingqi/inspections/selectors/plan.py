"""Read queries for the quarter plan, the merged visits proposed and the visit calendar. Each page reads a fixed
number of queries however many enterprises, requirements or visits there are."""

from __future__ import annotations

import re
from calendar import monthrange
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q

from jingqi.accounts.choices import POLICE_ROLES, Role
from jingqi.accounts.models import User
from jingqi.core.errors import ActionError
from jingqi.registry.models import Department, Enterprise, Park

from ..choices import OPEN_REQUIREMENT_STATUSES, RequirementStatus
from ..models import InspectionType, InspectionVisit, Requirement
from ..services import budgets_of, is_police, quarter_of, visits_by_month
from . import ledger
from .ledger import quarter_label  # noqa: F401 — the plan's pages label quarters as the ledger does

MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
PLAN_STATUSES = (*RequirementStatus.values, "overdue")


# --- who sees what ---------------------------------------------------------------------------------------------


def sees_plan(user) -> bool:
    """The quarter plan is the police's work; a department reads the inspections it owes."""
    return is_police(user) or (user.role == Role.DEPARTMENT and bool(user.department_id))


def sees_visits(user) -> bool:
    return sees_plan(user) or (user.role == Role.LIAISON and bool(user.enterprise_id))


def parks_for(user):
    if not is_police(user):
        return Park.objects.none()
    return Park.objects.visible_to(user).order_by("code")


def police_of(station_id):
    """The police of a station (its supervisor and the officers of its offices): who may lead or join a visit."""
    return (User.objects.filter(role__in=POLICE_ROLES, is_active=True)
            .filter(Q(station_id=station_id) | Q(office__station_id=station_id)).order_by("username"))


def departments_of(station_id):
    return Department.objects.filter(station_id=station_id).order_by("code")


# --- periods ---------------------------------------------------------------------------------------------------


def parse_quarter(value, today: date) -> tuple[date, date]:
    """``2026-Q4`` as the quarter's first and last days; anything else (or a year out of range): today's. (The
    ledger's reading, which refuses a bad quarter; the plan simply shows the current one.)"""
    try:
        return ledger.parse_quarter(value, today=today)
    except ActionError:
        return quarter_of(today)


def parse_month(value, today: date) -> date:
    match = MONTH.fullmatch(value or "")
    if match and 2000 <= int(match[1]) <= 2100 and 1 <= int(match[2]) <= 12:
        return date(int(match[1]), int(match[2]), 1)
    return today.replace(day=1)


# --- the quarter plan ------------------------------------------------------------------------------------------


def quarter_requirements(user, first: date, last: date, *, today: date, park=None, status: str = "", q: str = ""):
    """The requirements the user sees that fall due in the quarter, filtered as the page asks."""
    rows = Requirement.objects.visible_to(user).filter(due_on__gte=first, due_on__lte=last)
    if park is not None:
        rows = rows.filter(park=park)
    if status == "overdue":
        rows = rows.overdue(today)
    elif status:
        rows = rows.filter(status=status)
    if q:
        rows = rows.filter(enterprise__name__icontains=q)
    return rows


@dataclass
class PlanRow:
    enterprise: Enterprise
    cells: list = field(default_factory=list)  # per type column: that type's requirements
    due: int = 0
    planned: int = 0
    done: int = 0
    overdue: int = 0


def plan_totals(rows, today: date) -> dict:
    return rows.order_by().aggregate(
        due=Count("pk", filter=Q(status=RequirementStatus.DUE)),
        planned=Count("pk", filter=Q(status=RequirementStatus.PLANNED)),
        done=Count("pk", filter=Q(status=RequirementStatus.DONE)),
        waived=Count("pk", filter=Q(status=RequirementStatus.WAIVED)),
        overdue=Count("pk", filter=Q(status__in=OPEN_REQUIREMENT_STATUSES, due_on__lt=today)))


def enterprises_of(rows):
    """The enterprises the requirements concern, by name: what the plan's pages are paginated by."""
    return (Enterprise.objects.filter(pk__in=rows.order_by().values("enterprise_id")).select_related("park")
            .order_by("name", "pk"))


def plan_rows(rows, enterprises, today: date) -> tuple[list[InspectionType], list[PlanRow]]:
    """One row per enterprise of the page; a cell per inspection type with that type's requirements."""
    chosen = list(rows.filter(enterprise_id__in=[e.pk for e in enterprises])
                  .select_related("inspection_type", "key_date", "visit").order_by("due_on", "pk"))
    types = sorted({r.inspection_type_id: r.inspection_type for r in chosen}.values(), key=lambda t: (t.code, t.pk))
    column = {t.pk: i for i, t in enumerate(types)}
    out = {e.pk: PlanRow(e, [[] for _ in types]) for e in enterprises}
    for r in chosen:
        row = out[r.enterprise_id]
        r.is_overdue = r.status in OPEN_REQUIREMENT_STATUSES and r.due_on < today
        row.cells[column[r.inspection_type_id]].append(r)
        row.overdue += r.is_overdue
        if r.status == RequirementStatus.DUE:
            row.due += 1
        elif r.status == RequirementStatus.PLANNED:
            row.planned += 1
        elif r.status == RequirementStatus.DONE:
            row.done += 1
    return types, list(out.values())


# --- merged visits proposed (综合查一次) ----------------------------------------------------------------------


def merge_windows(requirements, today: date) -> list[tuple[date, list[Requirement]]]:
    """Interval stabbing: sorted by due date, a visit on the earliest due date not before today takes every
    requirement whose window has begun by then (one of each inspection type); the rest make the next visits."""
    remaining = sorted(requirements, key=lambda r: (r.due_on, r.pk))
    groups = []
    while remaining:
        stab = max(remaining[0].due_on, today)
        taken, left, types = [], [], set()
        for r in remaining:
            if r.period_start <= stab and r.inspection_type_id not in types:
                taken.append(r)
                types.add(r.inspection_type_id)
            else:
                left.append(r)
        groups.append((stab, taken))
        remaining = left
    return sorted(groups, key=lambda g: g[0])


def unplanned_requirements(user, *, park=None, q: str = ""):
    rows = Requirement.objects.visible_to(user, "change").unplanned()
    if park is not None:
        rows = rows.filter(park=park)
    if q:
        rows = rows.filter(enterprise__name__icontains=q)
    return rows


@dataclass
class Suggestion:
    enterprise: Enterprise
    day: date
    requirements: list
    used: int
    budget: int

    @property
    def over_budget(self) -> bool:
        return self.used + 1 > self.budget

    @property
    def requirement_ids(self) -> str:
        return ",".join(str(r.pk) for r in self.requirements)

    @property
    def departments(self) -> list:
        return sorted({r.inspection_type.department.name for r in self.requirements
                       if r.inspection_type.department_id})


def suggestions(rows, enterprises, today: date) -> list[Suggestion]:
    """The visits proposed for the page's enterprises, each with its month's visits so far and its budget."""
    chosen = list(rows.filter(enterprise_id__in=[e.pk for e in enterprises])
                  .select_related("inspection_type__department", "key_date").order_by("due_on", "pk"))
    by_enterprise = defaultdict(list)
    for r in chosen:
        by_enterprise[r.enterprise_id].append(r)
    groups = [(e, day, taken) for e in enterprises for day, taken in merge_windows(by_enterprise[e.pk], today)]
    if not groups:
        return []
    use = visits_by_month([e.pk for e in enterprises], min(g[1] for g in groups), max(g[1] for g in groups))
    budgets = budgets_of([e.pk for e in enterprises])
    return [Suggestion(e, day, taken, use.get((e.pk, day.year, day.month), 0), budgets[e.pk])
            for e, day, taken in groups]


# --- the visit calendar ----------------------------------------------------------------------------------------


def month_visits(user, first: date, *, park=None, status: str = ""):
    last = first.replace(day=monthrange(first.year, first.month)[1])
    rows = InspectionVisit.objects.visible_to(user).filter(planned_on__gte=first, planned_on__lte=last)
    if park is not None:
        rows = rows.filter(park=park)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("planned_on", "id")


def month_calendar(visits, first: date) -> list[dict]:
    """The month's days (whole weeks, Monday first) with their visits."""
    by_day = defaultdict(list)
    for visit in visits:
        by_day[visit.planned_on].append(visit)
    last = first.replace(day=monthrange(first.year, first.month)[1])
    day = first - timedelta(days=first.weekday())
    end = last + timedelta(days=6 - last.weekday())
    days = []
    while day <= end:
        days.append({"day": day, "in_month": day.month == first.month, "visits": by_day.get(day, [])})
        day += timedelta(days=1)
    return days


def calendar_visits(user, first: date, *, park=None, status: str = "") -> list[InspectionVisit]:
    return list(month_visits(user, first, park=park, status=status)
                .select_related("enterprise", "park", "lead").prefetch_related("departments"))
