"""The one writer of analytics' tables: bringing the facts and their roll-up up to date with the records.

An incremental refresh (the periodic task, every few minutes) rebuilds the facts of the records changed since the
last one — edited since, or with a deadline passed since — and then the day and month cells those facts fall in,
before and after. A full refresh (``jingqi figures refresh --full``) does the same for every record. Each batch of
records is its own transaction, which first takes the refresh's row lock: two refreshes at once wait for each other
batch by batch and never double a fact; the watermark moves only when a refresh has gone through every source.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from jingqi.core.bulk import insert_rows

from .definitions import next_month
from .models import Cell, Fact, Grain, RefreshState
from .sources import SOURCES

BATCH = 1000
# A change saved in a transaction that commits later than a refresh starts still has an earlier ``updated_at``:
# each incremental refresh looks this far behind its watermark.
MARGIN = timedelta(minutes=5)


@dataclass(frozen=True)
class RefreshResult:
    records: int
    facts: int
    cells: int
    seconds: float
    full: bool


def _state() -> RefreshState:
    state, _ = RefreshState.objects.get_or_create(key="figures")
    return state


def do_refresh_figures(*, full: bool = False, progress: Callable[[int, int], None] | None = None) -> RefreshResult:
    """Bring the figures up to date: every record's facts if ``full`` (or if they were never built), else those
    of the records changed since the last refresh. ``progress(done, total)`` is told after each batch."""
    clock = time.perf_counter()
    started = timezone.now()
    state = _state()
    full = full or state.watermark is None
    since = None if full else state.watermark - MARGIN
    work = {name: sorted(source.changed(since, started)) for name, source in SOURCES.items()}
    total = sum(len(ids) for ids in work.values())
    done = facts = cells = 0
    if progress:
        progress(0, total)
    if full:
        with transaction.atomic():
            RefreshState.objects.select_for_update().get(pk=state.pk)
            Fact.objects.all().delete()
            Cell.objects.all().delete()
    touched: dict[tuple[str, int], set[date]] = defaultdict(set)
    for name, ids in work.items():
        for start in range(0, len(ids), BATCH):
            batch = ids[start:start + BATCH]
            with transaction.atomic():
                RefreshState.objects.select_for_update().get(pk=state.pk)
                keys = _replace_facts(name, batch)
                facts += keys.pop(None, 0)
                if not full:
                    cells += _rebuild_cells(keys)
                    cells += _rebuild_city_cells(keys)
                else:
                    for key, days in keys.items():
                        touched[key] |= days
            done += len(batch)
            if progress:
                progress(done, total)
    if full:
        with transaction.atomic():
            RefreshState.objects.select_for_update().get(pk=state.pk)
            cells += _rebuild_cells(touched, fresh=True)
            cells += _rebuild_city_cells(touched, fresh=True)
    RefreshState.objects.filter(pk=state.pk).update(
        watermark=started, refreshed_at=timezone.now(), seconds=round(time.perf_counter() - clock, 3),
        records=total, full=full)
    return RefreshResult(records=total, facts=facts, cells=cells, seconds=time.perf_counter() - clock, full=full)


def _replace_facts(source: str, ids: list[int]) -> dict:
    """Replace the facts of these records; the (figure, station) → days touched, before and after, and under
    ``None`` the number of facts written."""
    keys: dict = defaultdict(set)
    old = Fact.objects.filter(source=source, record_id__in=ids)
    for figure, station, day in old.values_list("figure", "station_id", "day").distinct():
        keys[(figure, station)].add(day)
    old.delete()
    new = list(SOURCES[source].build(ids))
    insert_rows(Fact, new)
    for fact in new:
        keys[(fact["figure"], fact["station_id"])].add(fact["day"])
    keys[None] = len(new)
    return keys


def _month(day: date) -> date:
    return day.replace(day=1)


STATION_GRAIN = {Grain.DAY: Grain.STATION_DAY, Grain.MONTH: Grain.STATION_MONTH}
CITY_GRAIN = {Grain.STATION_DAY: Grain.CITY_DAY, Grain.STATION_MONTH: Grain.CITY_MONTH}


def _added_up(cells, grains: dict[str, str], **blank) -> list[dict]:
    """``cells`` (of one figure) added up per day and month into the grain ``grains`` maps theirs to, with the keys
    of ``blank`` emptied: the park cells into the station's own, the station cells into the city's."""
    whole: dict[tuple, dict] = {}
    for cell in cells:
        key = (grains[cell["grain"]], cell["day"])
        into = whole.get(key)
        if into is None:
            into = whole[key] = {**cell, "grain": key[0], **blank, "histogram": dict(cell["histogram"])}
            continue
        for field in ("facts", "numerator", "denominator", "total"):
            into[field] += cell[field]
        for bucket, count in cell["histogram"].items():
            into["histogram"][bucket] = into["histogram"].get(bucket, 0) + count
    return list(whole.values())


def _station_cells(cells) -> list[dict]:
    """The station's own cells: the park cells of each day and month added up (one figure and station)."""
    return _added_up(cells, STATION_GRAIN, park_id=None, department_id=None)


CITY_FIELDS = ("figure", "grain", "day", "station_id", "park_id", "department_id", "facts", "numerator",
               "denominator", "total", "histogram")


def _rebuild_city_cells(keys: dict[tuple[str, int], set[date]], *, fresh: bool = False) -> int:
    """Recompute the city cells of these days and of their months, per figure, from the station cells (already
    rebuilt): whatever the stations, one read per figure. ``fresh``: none to delete (a full refresh)."""
    days_of: dict[str, set[date]] = defaultdict(set)
    for (figure, _station), days in keys.items():
        days_of[figure] |= days
    written = 0
    for figure, days in days_of.items():
        months = {_month(day) for day in days}
        if not fresh:
            Cell.objects.filter(Q(grain=Grain.CITY_DAY, day__in=days) | Q(grain=Grain.CITY_MONTH, day__in=months),
                                figure=figure, station__isnull=True).delete()
        stations = Cell.objects.filter(Q(grain=Grain.STATION_DAY, day__in=days)
                                       | Q(grain=Grain.STATION_MONTH, day__in=months), figure=figure)
        written += insert_rows(Cell, _added_up(stations.values(*CITY_FIELDS).order_by().iterator(), CITY_GRAIN,
                                               station_id=None))
    return written


def _rebuild_cells(keys: dict[tuple[str, int], set[date]], *, fresh: bool = False) -> int:
    """Recompute the day cells of these days and the month cells of their months, per figure and station, from the
    facts: one read of the months' facts, grouped by day, park, department and bucket. ``fresh``: the cells were
    all deleted first (a full refresh), so there are none to delete."""
    written = 0
    for (figure, station), days in keys.items():
        months = sorted({_month(day) for day in days})
        if not fresh:
            Cell.objects.filter(figure=figure, station_id=station, grain__in=(Grain.DAY, Grain.STATION_DAY),
                                day__in=days).delete()
            Cell.objects.filter(figure=figure, station_id=station, grain__in=(Grain.MONTH, Grain.STATION_MONTH),
                                day__in=months).delete()
        within = Q()
        for month in months:
            within |= Q(day__gte=month, day__lt=next_month(month))
        rows = (Fact.objects.filter(within, figure=figure, station_id=station)
                .values("day", "park_id", "department_id", "bucket")
                .annotate(n=Count("id"), num=Sum("numerator"), den=Sum("denominator"), total=Sum("value"))
                .order_by())
        built: dict[tuple, dict] = {}
        for row in rows:
            targets = [(Grain.MONTH, _month(row["day"]))]
            if row["day"] in days:
                targets.append((Grain.DAY, row["day"]))
            for grain, day in targets:
                key = (grain, day, row["park_id"], row["department_id"])
                cell = built.get(key)
                if cell is None:
                    cell = built[key] = {"figure": figure, "grain": grain, "day": day, "station_id": station,
                                         "park_id": row["park_id"], "department_id": row["department_id"],
                                         "facts": 0, "numerator": 0, "denominator": 0, "total": Decimal(0),
                                         "histogram": {}}
                cell["facts"] += row["n"]
                cell["numerator"] += row["num"] or 0
                cell["denominator"] += row["den"] or 0
                cell["total"] += row["total"] or 0
                if row["bucket"] is not None:
                    bucket = str(row["bucket"])
                    cell["histogram"][bucket] = cell["histogram"].get(bucket, 0) + row["n"]
        written += insert_rows(Cell, [*built.values(), *_station_cells(built.values())])
    return written
