"""Figures for a scope and a period, read from the roll-up (a liaison's, from its enterprise's facts).

A period is whole days, Asia/Shanghai, both ends included; its whole months are read from month cells and the
days at either edge from day cells, so a year costs about as much as a month. Two queries whatever the rows:
the sums per figure, the histograms of the durations (and one for the refresh's state); a third for the distinct
figures (volunteers active), which cells cannot add up, from the facts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from jingqi.accounts.choices import Role

from .definitions import (
    AMOUNT,
    BY_KEY,
    COUNT,
    DEFINITIONS,
    DISTINCT,
    DURATION,
    RATE,
    Definition,
    bucket_hours,
    next_month,
)
from .models import CITY_GRAINS, PARK_GRAINS, STATION_GRAINS, Cell, Fact, RefreshState
from .querysets import parks_of_office


@dataclass(frozen=True)
class Scope:
    """Narrows what the user may see anyway (``visible_to``) to one station, office, park or department."""

    station: int | None = None
    office: int | None = None
    park: int | None = None
    department: int | None = None

    def q(self) -> Q:
        q = Q()
        if self.station:
            q &= Q(station_id=self.station)
        if self.office:
            q &= Q(park__in=parks_of_office(self.office))
        if self.park:
            q &= Q(park_id=self.park)
        if self.department:
            q &= Q(department_id=self.department)
        return q


@dataclass(frozen=True)
class FigureValue:
    definition: Definition
    facts: int = 0
    numerator: int = 0
    denominator: int = 0
    total: Decimal = Decimal(0)
    median: float | None = None

    @classmethod
    def of(cls, definition: Definition, row: dict, median: float | None = None) -> FigureValue:
        """From a row of sums (records ``n``, ``num``, ``den``, ``total``; empty for none)."""
        return cls(definition, facts=row.get("n") or 0, numerator=row.get("num") or 0,
                   denominator=row.get("den") or 0, total=row.get("total") or Decimal(0), median=median)

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def sample(self) -> int:
        """What the figure stands on: the denominator of a rate, the records of anything else."""
        return self.denominator if self.definition.kind == RATE else self.facts

    @property
    def enough(self) -> bool:
        return self.sample >= settings.STATS_MIN_SAMPLE

    @property
    def value(self):
        """The figure itself: a count, an amount, a share (0–1) or a mean in hours; a share or a mean is None
        below the minimum sample (the numbers it would be made of are still given)."""
        kind = self.definition.kind
        if kind in (COUNT, DISTINCT):
            return self.numerator
        if kind == AMOUNT:
            return self.total
        if not self.enough:
            return None
        if kind == RATE:
            return self.numerator / self.denominator
        return float(self.total) / self.facts

    @property
    def shown_median(self) -> float | None:
        return self.median if self.definition.kind == DURATION and self.enough else None


def period_parts(start: date, end: date, grains: tuple[str, str] = PARK_GRAINS) -> list[Q]:
    """The cells that make up ``start``..``end``, as separate filters (each one range of one index): month cells for
    the whole months inside, day cells for the days before the first of them and after the last (``grains``: the
    day and month grains of the level read)."""
    day_grain, month_grain = grains
    first_month = start if start.day == 1 else next_month(start)
    month, months = first_month, []
    while next_month(month) - timedelta(days=1) <= end:
        months.append(month)
        month = next_month(month)
    if not months:
        return [Q(grain=day_grain, day__gte=start, day__lte=end)]
    parts = [Q(grain=month_grain, day__in=months)]
    if start < months[0]:
        parts.append(Q(grain=day_grain, day__gte=start, day__lt=months[0]))
    if month <= end:
        parts.append(Q(grain=day_grain, day__gte=month, day__lte=end))
    return parts


def period_cells(cells, start: date, end: date, *fields, grains: tuple[str, str] = PARK_GRAINS, **sums):
    """``cells`` of the period, ``values(*fields)`` (summed as ``sums`` if given), one part of the period after
    another in a single query (UNION ALL): each part is read through its own index range, where one filter with an
    OR of the parts would make the database read every cell of the scope."""
    parts = []
    for q in period_parts(start, end, grains):
        part = cells.filter(q).values(*fields).order_by()
        parts.append(part.annotate(**sums) if sums else part)
    return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]


def summed_histograms(cells) -> list[tuple[str, str, int]]:
    """(figure, bucket, count) summed over ``cells`` (a ``values("figure", "histogram")`` queryset) by the database:
    each cell's histogram is opened where it lies (``json_each``, ``jsonb_each_text``), so a city's thousands of
    cells come back as a few hundred buckets rather than as documents to decode one by one."""
    from django.core.exceptions import EmptyResultSet
    from django.db import connections

    connection = connections[cells.db]
    try:
        sql, params = cells.query.sql_with_params()
    except EmptyResultSet:  # nothing the user may see
        return []
    if connection.vendor == "postgresql":
        each, count = "jsonb_each_text(part.histogram) AS bucket(key, value)", "bucket.value::integer"
    else:
        each, count = "json_each(part.histogram) AS bucket", "bucket.value"
    # The inner statement is Django's own, with its parameters; nothing here comes from the request.
    query = (f"SELECT part.figure, bucket.key, SUM({count}) FROM ({sql}) AS part CROSS JOIN {each} "  # noqa: S608
             "GROUP BY part.figure, bucket.key")
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def _median(histogram: dict[int, int]) -> float | None:
    n = sum(histogram.values())
    if not n:
        return None
    lower, upper = (n - 1) // 2, n // 2
    seen, found = 0, []
    for bucket in sorted(histogram):
        count = histogram[bucket]
        for rank in (lower, upper):
            if seen <= rank < seen + count:
                found.append(bucket_hours(bucket))
        seen += count
    return sum(found) / len(found)


SUMS = ("n", "num", "den", "total")


def _add(sums: dict, key, row: dict) -> None:
    """Add a row of partial sums (records, numerator, denominator, total) into ``sums[key]``."""
    into = sums.setdefault(key, {"n": 0, "num": 0, "den": 0, "total": Decimal(0)})
    for field in SUMS:
        into[field] += row[field] or 0


def grains_for(user, scope: Scope) -> tuple[str, str]:
    """The level of the roll-up ``user``'s figures are read from: the city's cells when they cover every station
    (the city/county viewer of no one station, an administrator, not narrowed), the stations' own cells when they
    cover whole stations (a supervisor's, a viewer's, narrowed to a station at most), else the parks'."""
    if scope.office or scope.park or scope.department:
        return PARK_GRAINS
    if not scope.station and (user.is_superuser or (user.role == Role.VIEWER and not user.station_id)):
        return CITY_GRAINS
    whole = user.is_superuser or user.role in (Role.SUPERVISOR, Role.VIEWER)
    return STATION_GRAINS if whole else PARK_GRAINS


def uses_facts(user) -> bool:
    """A liaison's figures are its enterprise's, which the roll-up (by park) does not keep apart."""
    return user.role == Role.LIAISON and not user.is_superuser


def figures_for(user, *, start: date, end: date, scope: Scope = Scope(),
                keys: list[str] | None = None) -> list[FigureValue]:
    """Every figure (or those of ``keys``) over what ``user`` may see, narrowed to ``scope``, in the period."""
    definitions = [BY_KEY[k] for k in keys] if keys else DEFINITIONS
    wanted = [d.key for d in definitions]
    durations = [d.key for d in definitions if d.kind == DURATION]
    sums: dict[str, dict] = {}
    histograms: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    if uses_facts(user):
        facts = Fact.objects.visible_to(user).filter(scope.q(), figure__in=wanted, day__gte=start, day__lte=end)
        for row in (facts.values("figure", "bucket").order_by()
                    .annotate(n=Count("id"), num=Sum("numerator"), den=Sum("denominator"), total=Sum("value"))):
            _add(sums, row["figure"], row)
            if row["bucket"] is not None:
                histograms[row["figure"]][row["bucket"]] += row["n"]
    else:
        cells = Cell.objects.visible_to(user).filter(scope.q(), figure__in=wanted)
        grains = grains_for(user, scope)
        for row in period_cells(cells, start, end, "figure", grains=grains, n=Sum("facts"), num=Sum("numerator"),
                                den=Sum("denominator"), total=Sum("total")):
            _add(sums, row["figure"], row)
        if durations:
            for figure, bucket, count in summed_histograms(
                    period_cells(cells.filter(figure__in=durations), start, end, "figure", "histogram",
                                 grains=grains)):
                histograms[figure][int(bucket)] += count
    sums.update(_distinct(user, scope, [d.key for d in definitions if d.kind == DISTINCT], start=start, end=end))
    return [FigureValue.of(d, sums.get(d.key, {}), _median(histograms[d.key]) if d.kind == DURATION else None)
            for d in definitions]


def distinct_rows(user, scope: Scope, keys: list[str], *, start: date, end: date, by_month: bool = False):
    """The facts of the distinct figures ``keys`` counted per figure (and month ``by_month``): ``n`` facts, ``num``
    different records. A queryset, so that its plan can be checked."""
    facts = Fact.objects.counted_for(user).filter(scope.q(), figure__in=keys, day__gte=start, day__lte=end)
    group = ("figure", "month") if by_month else ("figure",)
    if by_month:
        facts = facts.annotate(month=TruncMonth("day"))
    return facts.values(*group).order_by().annotate(n=Count("id"), num=Count("record_id", distinct=True))


def _distinct(user, scope: Scope, keys: list[str], *, start: date, end: date, by_month: bool = False) -> dict:
    """The distinct figures of ``keys``, counted from the facts (records once each, however many days they have):
    {figure: sums}, or {(figure, month): sums} ``by_month``. One query, none without such figures."""
    if not keys:
        return {}
    out = {}
    for row in distinct_rows(user, scope, keys, start=start, end=end, by_month=by_month):
        key = (row["figure"], _as_date(row["month"])) if by_month else row["figure"]
        out[key] = {"n": row["n"], "num": row["num"], "den": 0, "total": Decimal(0)}
    return out


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def last_refresh() -> RefreshState | None:
    return RefreshState.objects.filter(key="figures").first()


def scope_choices(user) -> dict:
    """What ``user`` may narrow the figures to: stations, offices, parks, departments (querysets)."""
    from jingqi.registry.models import Department, Office, Park, Station

    if user.is_superuser or user.role == Role.VIEWER:
        stations = Station._base_manager.all()
        if not user.is_superuser and user.station_id:
            stations = stations.filter(pk=user.station_id)
        within = {"station__in": stations}
        return {"station": stations, "office": Office._base_manager.filter(**within),
                "park": Park._base_manager.filter(**within),
                "department": Department._base_manager.filter(**within)}
    if user.role == Role.DEPARTMENT:
        none = Station._base_manager.none()
        return {"station": none, "office": Office._base_manager.none(), "park": Park._base_manager.none(),
                "department": Department._base_manager.filter(pk=user.department_id)}
    return {"station": Station.objects.visible_to(user), "office": Office.objects.visible_to(user)
            .filter(**({"pk": user.office_id} if user.role in (Role.OFFICER, Role.AUXILIARY) else {})),
            "park": Park.objects.visible_to(user),
            "department": Department.objects.visible_to(user)}


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length just before ``start``..``end``."""
    length = end - start
    return start - length - timedelta(days=1), start - timedelta(days=1)


def compared(user, *, start: date, end: date, scope: Scope = Scope()) -> list[tuple[FigureValue, FigureValue]]:
    """Each figure over the period beside the same figure over the period before it (for the change, with both
    samples)."""
    before_start, before_end = previous_period(start, end)
    now = figures_for(user, start=start, end=end, scope=scope)
    before = figures_for(user, start=before_start, end=before_end, scope=scope)
    return list(zip(now, before, strict=True))


def months_until(end: date, count: int) -> list[date]:
    """The first days of the ``count`` whole months up to ``end``'s month (the last one may still be running)."""
    months, month = [], end.replace(day=1)
    for _ in range(count):
        months.append(month)
        month = (month - timedelta(days=1)).replace(day=1)
    return months[::-1]


def monthly(user, *, end: date, months: int = 12, scope: Scope = Scope(),
            keys: list[str] | None = None) -> tuple[list[date], dict[str, list[FigureValue]]]:
    """Each figure month by month (the ``months`` months up to ``end``'s), from the month cells in one query (a
    liaison's from its facts): for the dashboards' trend lines, every point with its own sample."""
    definitions = [BY_KEY[k] for k in keys] if keys else DEFINITIONS
    wanted = [d.key for d in definitions]
    firsts = months_until(end, months)
    sums: dict[tuple[str, date], dict] = {}
    if uses_facts(user):
        facts = Fact.objects.visible_to(user).filter(scope.q(), figure__in=wanted, day__gte=firsts[0],
                                                     day__lt=next_month(firsts[-1]))
        for row in (facts.values("figure", "day").order_by()
                    .annotate(n=Count("id"), num=Sum("numerator"), den=Sum("denominator"), total=Sum("value"))):
            _add(sums, (row["figure"], row["day"].replace(day=1)), row)
    else:
        cells = Cell.objects.visible_to(user).filter(scope.q(), grain=grains_for(user, scope)[1], day__in=firsts,
                                                     figure__in=wanted)
        for row in (cells.values("figure", "day").order_by()
                    .annotate(n=Sum("facts"), num=Sum("numerator"), den=Sum("denominator"), total=Sum("total"))):
            sums[(row["figure"], row["day"])] = row
    sums.update(_distinct(user, scope, [d.key for d in definitions if d.kind == DISTINCT], start=firsts[0],
                          end=next_month(firsts[-1]) - timedelta(days=1), by_month=True))
    series = {d.key: [FigureValue.of(d, sums.get((d.key, month), {})) for month in firsts] for d in definitions}
    return firsts, series


# --- drill-down: the records behind a figure ---------------------------------------------------------------------

# source → (model, the fields that name a record, the page that shows it, the field that page takes)
RECORD_PAGES = {
    "ticket": ("tickets.Ticket", ("reference", "title"), "tickets:ticket_detail", "pk"),
    "ticket_task": ("tickets.TicketTask", ("ticket__reference", "department__name"), "tickets:ticket_detail",
                    "ticket_id"),
    "dispute": ("disputes.Dispute", ("reference", "title"), "disputes:dispute_detail", "pk"),
    "case": ("cases.Case", ("reference", "title"), "cases:case_detail", "pk"),
    "outreach": ("cases.OutreachEvent", ("title",), "cases:outreach_detail", "pk"),
    "inspection": ("inspections.Inspection", ("enterprise__name", "inspection_type__name"),
                   "inspections:inspection_detail", "pk"),
    "inspection_visit": ("inspections.InspectionVisit", ("enterprise__name", "planned_on"),
                         "inspections:visit_detail", "pk"),
    "hazard": ("inspections.Hazard", ("reference", "title"), "inspections:hazard_detail", "pk"),
    "patrol": ("patrols.Patrol", ("title",), "patrols:patrol_detail", "pk"),
    "guard_shift": ("patrols.GuardOperation", ("name",), "patrols:operation_detail", "pk"),
    "volunteer": ("patrols.Volunteer", ("person__full_name", "team__name"), "patrols:volunteer_detail", "pk"),
    "clue": ("claims.Clue", ("number",), "claims:clue_detail", "pk"),
}


@dataclass(frozen=True)
class RecordRow:
    day: date
    label: str
    url: str
    numerator: int
    denominator: int
    value: Decimal | None


def records_behind(user, key: str, *, start: date, end: date, scope: Scope = Scope()):
    """The facts of one figure in the period, newest first, that ``user`` may see (a queryset: the page
    paginates it); ``label_records`` names them."""
    return (Fact.objects.visible_to(user).filter(scope.q(), figure=key, day__gte=start, day__lte=end)
            .order_by("-day", "-record_id"))


def label_records(facts) -> list[RecordRow]:
    """Name the records of these facts and link their pages: one query per source among them."""
    from django.apps import apps
    from django.urls import reverse

    by_source: dict[str, set[int]] = defaultdict(set)
    for fact in facts:
        by_source[fact.source].add(fact.record_id)
    names: dict[tuple[str, int], tuple[str, int]] = {}
    for source, ids in by_source.items():
        model, fields, _page, target = RECORD_PAGES[source]
        rows = apps.get_model(model)._base_manager.filter(pk__in=ids).values_list("pk", target, *fields)
        for pk, page_pk, *parts in rows:
            names[(source, pk)] = (" ".join(str(p) for p in parts if p), page_pk)
    out = []
    for fact in facts:
        label, page_pk = names.get((fact.source, fact.record_id), ("", None))
        page = RECORD_PAGES[fact.source][2]
        out.append(RecordRow(day=fact.day, label=label or f"#{fact.record_id}",
                             url=reverse(page, args=[page_pk]) if page_pk else "",
                             numerator=fact.numerator, denominator=fact.denominator, value=fact.value))
    return out


# --- breakdowns: the same figures side by side per station or park -----------------------------------------------

# the figures compared across stations or parks (a few, so that a row fits a line): what the published models lead
# with, a count, a rate and an amount among them
BREAKDOWN_FIGURES = ["requests.solved", "requests.solved_on_time", "disputes.success", "cases.loss_recovered",
                     "hazards.found", "hazards.closed_on_time", "patrols.hours"]
# and across the departments called in: the figures kept per department
DEPARTMENT_FIGURES = [d.key for d in DEFINITIONS if d.by_department]


@dataclass(frozen=True)
class BreakdownRow:
    pk: int | None  # the station's or park's (None: the records in no park)
    label: str
    figures: list[FigureValue]  # in the order of the keys asked for


def breakdown_by(user, scope: Scope) -> str | None:
    """What ``user``'s figures are compared across: the stations for the city/county viewer (and an administrator)
    over every station, else the parks of the station or office the figures cover; nothing for a single park, an
    enterprise (a liaison) or a department."""
    if uses_facts(user) or user.role == Role.DEPARTMENT or scope.park:
        return None
    every_station = (user.is_superuser or user.role == Role.VIEWER) and not user.station_id
    return "station" if every_station and not (scope.station or scope.office or scope.department) else "park"


def breakdown(user, by: str, *, start: date, end: date, scope: Scope = Scope(),
              keys: list[str] | None = None) -> list[BreakdownRow]:
    """The figures of ``keys`` per station, park or department (``by``) that ``user`` may see within ``scope``, one
    row each, the empty ones too (a park with nothing is worth seeing), in name order; the records of no park (or of
    the police themselves, no department) last. Two queries: the stations, parks or departments, and their cells'
    sums over the period."""
    keys = keys or (DEPARTMENT_FIGURES if by == "department" else BREAKDOWN_FIGURES)
    definitions = [BY_KEY[k] for k in keys]
    units = scope_choices(user)[by].order_by("name").only("name")
    if by == "park":
        units = units.filter(**{k: v for k, v in (("station_id", scope.station), ("office_id", scope.office)) if v})
    elif by == "department":
        units = units.filter(**{k: v for k, v in (("station_id", scope.station), ("pk", scope.department)) if v})
    cells = Cell.objects.visible_to(user).filter(scope.q(), figure__in=keys)
    sums: dict = {}
    for row in period_cells(cells, start, end, by, "figure", grains=STATION_GRAINS if by == "station" else PARK_GRAINS,
                            n=Sum("facts"), num=Sum("numerator"), den=Sum("denominator"), total=Sum("total")):
        _add(sums, (row[by], row["figure"]), row)
    rows = [(unit.pk, str(unit)) for unit in units]
    if any(unit is None for unit, _figure in sums):
        from django.utils.translation import gettext as _

        rows.append((None, _("Police (no department)") if by == "department" else _("Not in a park")))
    return [BreakdownRow(pk, label, [FigureValue.of(d, sums.get((pk, d.key), {})) for d in definitions])
            for pk, label in rows]


# --- by type and by officer: read from the facts of the period ----------------------------------------------------

# per source: the figures compared across its types (a rate beside its sample; no time, whose median the facts of a
# group do not keep), and where the types' names come from
KIND_FIGURES = {
    "ticket": (["requests.received", "requests.solved", "requests.solved_on_time", "requests.satisfaction"],
               "jingqi.catalog.choices.RequestKind"),
    "dispute": (["disputes.success", "disputes.settled_low"], "jingqi.disputes.choices.Kind"),
    "case": (["cases.solved", "cases.loss_reported", "cases.loss_recovered"], "jingqi.cases.choices.CaseKind"),
    "hazard": (["hazards.found", "hazards.fixed_on_site", "hazards.closed", "hazards.closed_on_time"],
               "jingqi.inspections.choices.HazardSource"),
}
# each officer's: what they handled (requests), mediated (disputes as lead mediator), solved (cases as lead officer)
# and closed (hazards as handling officer)
OFFICER_FIGURES = ["requests.solved", "requests.solved_on_time", "requests.satisfaction", "disputes.success",
                   "cases.solved", "hazards.closed", "hazards.closed_on_time"]


def may_compare(user) -> bool:
    """Whether ``user`` may see the figures by type and by officer: the police (and an administrator). Each row names
    a colleague's work, which is the station's business, not an enterprise's, a department's or the city's."""
    return user.is_superuser or user.is_police


def fact_groups(user, by: str, keys: list[str], start: date, end: date, scope: Scope):
    """The sums of the facts of the period that ``user`` may see within ``scope``, per value of ``by`` and figure:
    one grouped query (a station's facts of each figure through ``fact_figure_station_day_idx``)."""
    return (Fact.objects.visible_to(user).filter(scope.q(), figure__in=keys, day__gte=start, day__lte=end)
            .order_by().values(by, "figure")
            .annotate(n=Count("pk"), num=Sum("numerator"), den=Sum("denominator"), total=Sum("value")))


def _fact_sums(user, by: str, keys: list[str], start: date, end: date, scope: Scope) -> dict:
    """{(value of ``by``, figure): sums} (see :func:`fact_groups`)."""
    sums: dict = {}
    for row in fact_groups(user, by, keys, start, end, scope):
        _add(sums, (row[by], row["figure"]), row)
    return sums


def by_kind(user, *, start: date, end: date, scope: Scope = Scope()) -> list[tuple[str, list[BreakdownRow]]]:
    """(source, rows) per source of ``KIND_FIGURES``: one row per type of record with any fact in the period, in the
    order the types are declared. One query per source."""
    from django.utils.module_loading import import_string

    tables = []
    for source, (keys, choices_path) in KIND_FIGURES.items():
        sums = _fact_sums(user, "kind", keys, start, end, scope)
        definitions = [BY_KEY[k] for k in keys]
        choices = import_string(choices_path)
        seen = {kind for kind, _figure in sums}
        kinds = [(value, str(label)) for value, label in choices.choices if value in seen]
        kinds += [(kind, kind or "—") for kind in sorted(seen - {value for value, _label in kinds})]
        tables.append((source, [BreakdownRow(None, label, [FigureValue.of(d, sums.get((kind, d.key), {}))
                                                           for d in definitions]) for kind, label in kinds]))
    return tables


def by_officer(user, *, start: date, end: date, scope: Scope = Scope()) -> list[BreakdownRow]:
    """One row per officer with any fact of ``OFFICER_FIGURES`` in the period (by name), then the records nobody
    handles. Two queries: the sums, and the officers' names."""
    from django.utils.translation import gettext as _

    from jingqi.accounts.models import User

    sums = _fact_sums(user, "officer", OFFICER_FIGURES, start, end, scope)
    definitions = [BY_KEY[k] for k in OFFICER_FIGURES]
    ids = {officer for officer, _figure in sums if officer is not None}
    people = sorted(User.objects.filter(pk__in=ids).only("full_name", "username"), key=lambda u: str(u))
    rows = [(person.pk, str(person)) for person in people]
    if any(officer is None for officer, _figure in sums):
        rows.append((None, _("No officer")))
    return [BreakdownRow(pk, label, [FigureValue.of(d, sums.get((pk, d.key), {})) for d in definitions])
            for pk, label in rows]


# --- the home page's dashboard ------------------------------------------------------------------------------------

# the figures a role's home page leads with (this year so far); the figures page has them all
HOME_FIGURES = {
    "police": ["requests.solved", "requests.response_rate", "requests.satisfaction", "disputes.success",
               "cases.loss_recovered", "hazards.closed", "patrols.hours"],
    "department": ["tasks.on_time", "inspections.done", "hazards.found", "hazards.closed_on_time"],
    "liaison": ["requests.received", "requests.solved", "requests.satisfaction", "hazards.found", "hazards.closed"],
}


def home_figure_keys(user) -> list[str]:
    if user.role == Role.DEPARTMENT:
        return HOME_FIGURES["department"]
    if user.role == Role.LIAISON:
        return HOME_FIGURES["liaison"]
    return HOME_FIGURES["police"]


@dataclass(frozen=True)
class DueRow:
    label: str
    overdue: int | None
    due_today: int | None
    url: str
    waiting: int | None = None  # work with no deadline of its own (a clue to review)


def work_due(user, *, now=None) -> list[DueRow]:
    """What is overdue or due today across the apps, in ``user``'s scope, each with the list that shows it: the
    first thing a supervisor or an officer needs to see. A count query per row."""
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from jingqi.claims.models import Clue
    from jingqi.disputes.models import Instalment
    from jingqi.inspections.models import Hazard, Requirement
    from jingqi.tickets.models import Ticket, TicketTask

    now = now or timezone.now()
    today = timezone.localdate(now)
    start_of_tomorrow = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    rows = []
    tickets = Ticket.objects.visible_to(user)
    rows.append(DueRow(_("Requests"), tickets.overdue(now).count(),
                       tickets.open().filter(resolution_due_at__gte=now, resolution_due_at__lt=start_of_tomorrow)
                       .count(), reverse("tickets:ticket_list") + "?view=overdue"))
    if user.role == Role.DEPARTMENT:
        tasks = TicketTask.objects.visible_to(user)
        rows.append(DueRow(_("Department tasks"), tasks.overdue(now).count(),
                           tasks.open().filter(due_at__gte=now, due_at__lt=start_of_tomorrow).count(),
                           reverse("tickets:workbench")))
    hazards = Hazard.objects.visible_to(user)
    rows.append(DueRow(_("Hazards to fix"), hazards.overdue(now).count(),
                       hazards.open().filter(due_at__gte=now, due_at__lt=start_of_tomorrow).count(),
                       reverse("inspections:hazard_board") + "?overdue=1"))
    requirements = Requirement.objects.visible_to(user)
    rows.append(DueRow(_("Inspections owed"), requirements.overdue(today).count(),
                       requirements.open().filter(due_on=today).count(), reverse("inspections:plan")))
    if user.is_police or user.is_superuser:
        instalments = Instalment.objects.visible_to(user)
        rows.append(DueRow(_("Agreement instalments unpaid"),
                           instalments.filter(paid_on__isnull=True, due_on__lt=today).count(),
                           instalments.filter(paid_on__isnull=True, due_on=today).count(),
                           reverse("disputes:dispute_list")))
        new_clues = Clue.objects.visible_to(user).filter(superseded=False, state="new", flagged=True).count()
        rows.append(DueRow(_("False-claim clues to review"), None, None, reverse("claims:clue_list"), new_clues))
    return rows
