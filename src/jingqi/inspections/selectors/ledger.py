"""The ledger (台账): a period's inspections and hazards counted per park, office and department, and the rows of
the Excel ledger stations keep (one row per checklist item answered; one row per hazard found).

Every figure is read from the records the user may see (``visible_to``), in a fixed number of queries. The
definitions, the same on the page, in the workbook and in the API:
- joint visits (联合检查, 综合查一次): visits done and finished in the period, one per visit however many
  departments' checklists it covered (the published "30 inspections a quarter" counts these). A park's row counts its
  visits; a department filter keeps the visits it took part in. A department's row counts the visits in which it
  submitted a checklist in the period (the police's row: those where the police submitted their own);
- inspections: checklists submitted in the period (a joint visit of three departments submits three);
- hazards found: hazards reported in the period, except those voided (recorded in error);
- fixed on site, closed, open: of those, as they stand now (found = closed + open);
- overdue: open ones past their deadline now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jingqi.core.errors import ActionError
from jingqi.registry.models import Department, Office, Park

from ..choices import OPEN_HAZARD_STATUSES, HazardStatus, InspectionStatus, VisitStatus
from ..models import Hazard, Inspection, InspectionAnswer, InspectionVisit
from ..services import quarter_of

QUARTER = re.compile(r"(\d{4})-Q([1-4])")
FIGURES = ("visits", "inspections", "found", "fixed_on_site", "closed", "open", "overdue")


def parse_quarter(value, *, today: date | None = None) -> tuple[date, date]:
    """``2026-Q4`` as its first and last day; empty: the quarter ``today`` is in."""
    value = (value or "").strip()
    if not value:
        return quarter_of(today or timezone.localdate())
    match = QUARTER.fullmatch(value)
    if match is None or not 2000 <= int(match.group(1)) <= 2100:
        raise ActionError(_("Choose a quarter such as 2026-Q4."), field="quarter")
    return quarter_of(date(int(match.group(1)), 3 * int(match.group(2)) - 2, 1))


def quarter_label(first: date) -> str:
    return f"{first.year}-Q{(first.month - 1) // 3 + 1}"


def recent_quarters(today: date, count: int = 8) -> list[str]:
    """The quarter ``today`` is in and the ones before it, newest first (the period picker)."""
    first, labels = quarter_of(today)[0], []
    for _i in range(count):
        labels.append(quarter_label(first))
        first = quarter_of(first - timedelta(days=1))[0]
    return labels


@dataclass
class Figures:
    visits: int = 0
    inspections: int = 0
    found: int = 0
    fixed_on_site: int = 0
    closed: int = 0
    open: int = 0
    overdue: int = 0

    def add(self, other: Figures) -> None:
        for name in FIGURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_list(self) -> list[int]:
        return [getattr(self, name) for name in FIGURES]


@dataclass
class Row:
    label: str
    office: str = ""
    figures: Figures = field(default_factory=Figures)


@dataclass
class Ledger:
    first: date
    last: date
    parks: list[Row]
    departments: list[Row]
    total: Figures


@dataclass(frozen=True)
class Scope:
    """What the ledger counts: the period and the optional park, office and department."""

    first: date
    last: date
    park: Park | None = None
    office: Office | None = None
    department: Department | None = None

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first, time.min))

    @property
    def end(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.last + timedelta(days=1), time.min))


def parks_for(user):
    return Park.objects.visible_to(user).select_related("office").order_by("code")


def offices_for(user):
    return Office.objects.visible_to(user).filter(pk__in=Park.objects.visible_to(user).values("office_id")).order_by(
        "code")


def departments_for(user):
    return Department.objects.visible_to(user).order_by("code")


def _narrow(queryset, scope: Scope):
    if scope.park is not None:
        queryset = queryset.filter(park=scope.park)
    if scope.office is not None:
        queryset = queryset.filter(park__office=scope.office)
    if scope.department is not None:
        queryset = queryset.filter(department=scope.department)
    return queryset


def inspections_in(user, scope: Scope):
    """The submitted inspections of the period that ``user`` may see."""
    return _narrow(Inspection.objects.visible_to(user).filter(
        status=InspectionStatus.SUBMITTED, submitted_at__gte=scope.start, submitted_at__lt=scope.end), scope)


def visits_in(user, scope: Scope):
    """The joint visits done in the period that ``user`` may see (finished in it; planned and cancelled ones are
    not visits done). A department's are those it took part in."""
    visits = InspectionVisit.objects.visible_to(user).filter(
        status=VisitStatus.DONE, finished_at__gte=scope.start, finished_at__lt=scope.end)
    if scope.park is not None:
        visits = visits.filter(park=scope.park)
    if scope.office is not None:
        visits = visits.filter(park__office=scope.office)
    if scope.department is not None:
        visits = visits.filter(departments=scope.department)
    return visits


def hazards_in(user, scope: Scope):
    """The hazards found in the period that ``user`` may see (voided ones were recorded in error)."""
    return _narrow(Hazard.objects.visible_to(user).filter(
        reported_at__gte=scope.start, reported_at__lt=scope.end).exclude(status=HazardStatus.VOID), scope)


def _hazard_counts(hazards, key: str, now: datetime) -> dict:
    open_q = Q(status__in=OPEN_HAZARD_STATUSES)
    rows = hazards.order_by().values(key).annotate(
        found=Count("pk"), fixed_on_site=Count("pk", filter=Q(fixed_on_site=True)),
        closed=Count("pk", filter=Q(status=HazardStatus.CLOSED)), open=Count("pk", filter=open_q),
        overdue=Count("pk", filter=open_q & Q(due_at__lt=now)))
    return {row.pop(key): row for row in rows}


def _inspection_counts(inspections, key: str, *, visits: bool = False) -> dict:
    """Checklists submitted per ``key``; with ``visits``, also the visits they were submitted on (one each)."""
    figures = {"inspections": Count("pk")}
    if visits:
        figures["visits"] = Count("visit", distinct=True)
    return {row.pop(key): row for row in inspections.order_by().values(key).annotate(**figures)}


def _visit_counts(visits, key: str) -> dict:
    return {value: {"visits": n} for value, n in visits.order_by().values_list(key).annotate(n=Count("pk"))}


def _figures(key, *counts: dict) -> Figures:
    figures = Figures()
    for by_key in counts:
        for name, value in by_key.get(key, {}).items():
            setattr(figures, name, value)
    return figures


def ledger(user, scope: Scope, *, now: datetime | None = None) -> Ledger:
    """The period's figures per park (with its office) and per department, and their total."""
    now = now or timezone.now()
    inspections, hazards = inspections_in(user, scope), hazards_in(user, scope)
    by_park = (_visit_counts(visits_in(user, scope), "park"), _inspection_counts(inspections, "park"),
               _hazard_counts(hazards, "park", now))
    by_department = (_inspection_counts(inspections, "department", visits=True),
                     _hazard_counts(hazards, "department", now))
    parks = parks_for(user)
    if scope.park is not None:
        parks = parks.filter(pk=scope.park.pk)
    if scope.office is not None:
        parks = parks.filter(office=scope.office)
    if scope.department is not None:  # a department's ledger lists only the parks where it has records
        parks = parks.filter(pk__in=set().union(*by_park))
    park_rows = [Row(park.name, park.office.name if park.office_id else "", _figures(park.pk, *by_park))
                 for park in parks]
    total = Figures()
    for row in park_rows:
        total.add(row.figures)
    keys = set().union(*by_department)
    names = dict(Department.objects.filter(pk__in=[k for k in keys if k]).values_list("pk", "name"))
    department_rows = [Row(names.get(key) or _("Police (no department)"), figures=_figures(key, *by_department))
                       for key in sorted(keys, key=lambda k: (k is not None, names.get(k, "")))]
    return Ledger(scope.first, scope.last, park_rows, department_rows, total)


# --- the workbook's rows --------------------------------------------------------------------------------------


def answers_in(user, scope: Scope):
    """The items answered in the period's submitted inspections, in the ledger's order (one row each)."""
    return (InspectionAnswer.objects.filter(inspection__in=inspections_in(user, scope).values("pk"))
            .select_related("inspection__park__office", "inspection__enterprise", "inspection__inspection_type",
                            "inspection__department", "inspection__inspector", "inspection__checklist", "item",
                            "hazard")
            .order_by("inspection__submitted_at", "inspection_id", "item__number"))


def hazard_rows_in(user, scope: Scope):
    return (hazards_in(user, scope).select_related("park__office", "enterprise", "department")
            .order_by("reported_at", "pk"))

