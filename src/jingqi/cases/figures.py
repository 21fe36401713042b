"""Case figures, computed from the records: how fast cases are solved and how much of the loss comes back.

- **time to solve**: hours from the report to the solve, over the cases *solved* in the period (median, with the
  mean beside it and the number of cases they stand on);
- **recovery rate** = recovered ÷ loss, over the cases *reported* in the period that have a recorded loss (the
  sums are shown beside it, so that one large case is seen for what it is);
- **solve rate** = solved (or solved and closed) ÷ filed, over the cases *filed* in the period.

Each figure keeps its sample; below ``STATS_MIN_SAMPLE`` the figure card says there is not enough data instead of
showing a rate. The figures come for all cases, per type and per park, in four queries whatever the number of
cases: counts and sums grouped by type and park in the database and rolled up here; the hours to solve of the
period's solved cases read as one column (a station solves hundreds of cases a year, not millions).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from statistics import mean, median

from django.db.models import Count, Q, Sum

from jingqi.core.figures import Figure, HoursBetween, period_bounds
from jingqi.registry.models import Park

from .choices import CaseKind, CaseStatus
from .models import Case

SOLVED = (CaseStatus.SOLVED, CaseStatus.CLOSED)
GROUPINGS = ("all", "kind", "park")


@dataclass
class _Tally:
    reported: int = 0
    with_loss: int = 0
    loss: Decimal = Decimal("0")
    recovered: Decimal = Decimal("0")
    filed: int = 0
    filed_solved: int = 0
    hours: list = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    reported: int
    solved: int
    hours_to_solve: Figure
    loss: Decimal
    recovered: Decimal
    recovery: Figure
    solve_rate: Figure


def _keys(kind: str, park: int) -> list[tuple[str, object]]:
    return [("all", ""), ("kind", kind), ("park", park)]


def case_figures(user, *, start: date, end: date) -> dict:
    """All cases, per type and per park, over the cases ``user`` may see, for the period [start, end)."""
    begin, finish = period_bounds(start, end)
    cases = Case.objects.visible_to(user).order_by()
    tallies: dict = {grouping: defaultdict(_Tally) for grouping in GROUPINGS}

    for row in (cases.filter(reported_at__gte=begin, reported_at__lt=finish).values("kind", "park")
                .annotate(reported=Count("pk"), with_loss=Count("pk", filter=Q(loss_amount__gt=0)),
                          loss=Sum("loss_amount", filter=Q(loss_amount__gt=0)),
                          recovered=Sum("recovered_amount", filter=Q(loss_amount__gt=0)))):
        for grouping, key in _keys(row["kind"], row["park"]):
            tally = tallies[grouping][key]
            tally.reported += row["reported"]
            tally.with_loss += row["with_loss"]
            tally.loss += row["loss"] or 0
            tally.recovered += row["recovered"] or 0
    for row in (cases.filter(filed_at__gte=begin, filed_at__lt=finish).values("kind", "park")
                .annotate(filed=Count("pk"), filed_solved=Count("pk", filter=Q(status__in=SOLVED)))):
        for grouping, key in _keys(row["kind"], row["park"]):
            tallies[grouping][key].filed += row["filed"]
            tallies[grouping][key].filed_solved += row["filed_solved"]
    solved = (cases.filter(status__in=SOLVED, solved_at__gte=begin, solved_at__lt=finish)
              .annotate(hours=HoursBetween("solved_at", "reported_at")).values_list("kind", "park", "hours"))
    for kind, park, hours in solved:
        for grouping, key in _keys(kind, park):
            tallies[grouping][key].hours.append(float(hours))

    park_names = dict(Park.objects.filter(pk__in=list(tallies["park"])).values_list("pk", "name"))
    labels = {"all": {"": ""}, "kind": dict(CaseKind.choices), "park": park_names}
    result = {}
    for grouping in GROUPINGS:
        rows = [_row(key, str(labels[grouping].get(key, "")), tally) for key, tally in tallies[grouping].items()]
        rows.sort(key=lambda r: (-r.reported, -r.solved, r.label))
        result[grouping] = rows
    return {"all": result["all"][0] if result["all"] else None, "by_kind": result["kind"],
            "by_park": result["park"], "start": start, "end": end}


def _row(key, label: str, tally: _Tally) -> Row:
    hours = tally.hours
    return Row(
        key=str(key), label=label, reported=tally.reported, solved=len(hours),
        hours_to_solve=Figure(len(hours), mean(hours) if hours else None, median(hours) if hours else None),
        loss=tally.loss, recovered=tally.recovered,
        recovery=Figure(tally.with_loss, float(tally.recovered / tally.loss) if tally.loss else None),
        solve_rate=Figure(tally.filed, tally.filed_solved / tally.filed if tally.filed else None))
