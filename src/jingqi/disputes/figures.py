"""Figures that do not flatter: the mediation centre's results, computed from the records.

- **success rate** = settled by agreement ÷ (agreement + settled without agreement + failed + transferred), with
  its numerator and denominator; withdrawn disputes and those not accepted (referred elsewhere) are counted and
  listed apart, never in the denominator nor in the numerator;
- **settled low** (小事不出企业、大事不出园区) = settled at the enterprise or park level ÷ settled (agreement or not);
- **medians** (wall-clock) from the report to the first contact, to the arrival on site (group disputes) and to
  the settlement, each with the mean beside it;
- **response targets met**: contact by ``contact_due_at``, arrival by ``onsite_due_at``; a clock that ran out
  with nothing recorded counts as missed, unless the dispute ended first;
- **instalments paid on time** = paid in full on or before the due date ÷ instalments that fell due.

Each figure keeps its sample; below ``STATS_MIN_SAMPLE`` its value is ``None`` (the figure card then says there
is not enough data). Every figure is taken over its own period column: outcomes, levels and the time to settle
over the disputes whose mediation *ended* in the period; reports, contact and arrival over those *reported* in
it; instalments over those *due* in it (and before today). The same figures are given per type, park, office
and month.

Who sees what: everyone gets the figures over ``Dispute.objects.visible_to(user)`` — supervisors their station,
officers their office's parks, a liaison only the disputes their enterprise is a party to, department staff and
volunteers those they sat on. The city/county viewer, who sees no dispute, gets aggregates only: over their
station if the account has one, else over the installation (as the registry's dashboard figures do), and no
reference of any dispute.

The number of queries is fixed (four), whatever the number of disputes: counts are grouped in the database by
type, park, office and month and rolled up here; the medians are taken over one list of timestamps.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time
from statistics import mean, median

from django.conf import settings
from django.db.models import Count, DateField, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from jingqi.accounts.choices import Role
from jingqi.core.figures import Figure

from .choices import Kind, Level, Outcome
from .models import Dispute, Instalment

# Outcomes in the success rate's denominator; only the first one is a success.
JUDGED = (Outcome.AGREEMENT, Outcome.NO_AGREEMENT, Outcome.FAILED, Outcome.TRANSFERRED)
SETTLED = (Outcome.AGREEMENT, Outcome.NO_AGREEMENT)
LOW_LEVELS = (Level.ENTERPRISE, Level.PARK)
OUTCOME_KEYS = [*(o.value for o in Outcome), "referred"]  # referred: ended without an outcome (not accepted)
GROUPINGS = ("kind", "park", "office", "month")


@dataclass(frozen=True)
class Share(Figure):
    """A share: ``numerator`` of ``n``; ``value`` (0–1) is None below the minimum sample."""

    numerator: int = 0


@dataclass(frozen=True)
class Duration(Figure):
    """A wall-clock duration over ``n`` disputes: ``median`` and ``value`` (the mean) in hours, None below the
    minimum sample. ``median_minutes`` for the short ones (a blockade's arrival)."""

    @property
    def median_minutes(self) -> int | None:
        return None if self.median is None else round(self.median * 60)


def _enough(n: int) -> bool:
    return n >= settings.STATS_MIN_SAMPLE


def share(numerator: int, n: int) -> Share:
    return Share(n=n, value=numerator / n if n and _enough(n) else None, numerator=numerator)


def duration(hours: list[float]) -> Duration:
    if not hours or not _enough(len(hours)):
        return Duration(n=len(hours), value=None, median=None)
    return Duration(n=len(hours), value=mean(hours), median=median(hours))


def _aware(value) -> datetime | None:
    """A date is its local midnight (an end date is excluded: ``end=date(2026, 4, 1)`` ends Q1)."""
    if value is None or isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, time.min))


def _pk(value):
    return getattr(value, "pk", value)


def _scope(user):
    """The disputes the figures are taken over, and whether only aggregates may be shown."""
    if user is not None and user.is_authenticated and user.is_active and not user.is_superuser \
            and user.role == Role.VIEWER:
        rows = Dispute.objects.all()
        return (rows.filter(station_id=user.station_id) if user.station_id else rows), True
    return Dispute.objects.visible_to(user), False


def _between(field: str, start, end) -> Q:
    q = Q(**{f"{field}__isnull": False})
    if start is not None:
        q &= Q(**{f"{field}__gte": start})
    if end is not None:
        q &= Q(**{f"{field}__lt": end})
    return q


def _counts(reported: Q, ended: Q, now: datetime) -> dict:
    """Conditional counts, one pass: what was reported in the period, how what ended in it ended, and the
    response clocks of what was reported in it. (Named ``n_*``: ``agreement`` is a relation of Dispute.)"""
    exprs = {
        "n_reported": Count("pk", filter=reported),
        "n_group_reported": Count("pk", filter=reported & Q(is_group=True)),
        "n_ended": Count("pk", filter=ended),
        "n_referred": Count("pk", filter=ended & Q(outcome="")),
    }
    for outcome in Outcome:
        exprs[f"n_{outcome.value}"] = Count("pk", filter=ended & Q(outcome=outcome))
    for level in Level:
        exprs[f"n_level_{level.value}"] = Count("pk", filter=ended & Q(outcome__in=SETTLED, level=level))
    for clock, at, due in (("contact", "contacted_at", "contact_due_at"), ("arrival", "onsite_at", "onsite_due_at")):
        timed = reported & Q(**{f"{due}__isnull": False})
        exprs[f"n_{clock}_met"] = Count("pk", filter=timed & Q(**{f"{at}__isnull": False, f"{at}__lte": F(due)}))
        # Late, or never recorded while the clock ran out before the dispute ended (if it did).
        never = Q(**{f"{at}__isnull": True, f"{due}__lt": now}) & (
            Q(ended_at__isnull=True) | Q(ended_at__gt=F(due)))
        exprs[f"n_{clock}_missed"] = Count("pk", filter=timed & (Q(**{f"{at}__gt": F(due)}) | never))
    return exprs


def _month(value) -> str:
    return value.strftime("%Y-%m") if value is not None else ""


def _local_month(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m") if value is not None else ""


def _hours(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 3600


def _row(n: dict, times: dict, instalments: tuple[int, int]) -> dict:
    judged = sum(n[f"n_{o.value}"] for o in JUDGED)
    settled = sum(n[f"n_{o.value}"] for o in SETTLED)
    low = sum(n[f"n_level_{level.value}"] for level in LOW_LEVELS)
    return {
        "reported": n["n_reported"],
        "group_reported": n["n_group_reported"],
        "ended": n["n_ended"],
        "outcomes": {key: n[f"n_{key}"] for key in OUTCOME_KEYS},
        "judged": judged,
        "settled": settled,
        "levels": {level.value: n[f"n_level_{level.value}"] for level in Level},
        "success": share(n[f"n_{Outcome.AGREEMENT.value}"], judged),
        "low_level": share(low, settled),
        "contact_time": duration(times["contact"]),
        "arrival_time": duration(times["arrival"]),
        "settle_time": duration(times["settle"]),
        "contact_target": share(n["n_contact_met"], n["n_contact_met"] + n["n_contact_missed"]),
        "arrival_target": share(n["n_arrival_met"], n["n_arrival_met"] + n["n_arrival_missed"]),
        "instalments_on_time": share(instalments[1], instalments[0]),
    }


def dispute_figures(user, *, park=None, office=None, kind=None, start=None, end=None) -> dict:
    """The figures over the disputes ``user`` may see, optionally of one park, office or type, for the period
    [``start``, ``end``) (dates or aware datetimes; either may be None for an open end).

    Returns a dict: the figures of the whole selection (see ``_row``: ``reported``, ``group_reported``,
    ``ended``, ``outcomes`` {agreement, no_agreement, withdrawn, transferred, failed, referred}, ``judged``,
    ``settled``, ``levels`` {enterprise, park, station, beyond}, ``success``/``low_level``/``contact_target``/
    ``arrival_target``/``instalments_on_time`` (:class:`Share`), ``contact_time``/``arrival_time``/
    ``settle_time`` (:class:`Duration`)), and besides: ``withdrawn_list`` and ``referred_list`` (dicts with
    ``pk`` and ``reference``, empty for aggregates-only viewers), ``by_kind``, ``by_park``, ``by_office``,
    ``by_month`` (lists of the same rows with ``key`` and ``label``), ``aggregates_only``, ``start``, ``end``,
    ``min_sample``.
    """
    start, end = _aware(start), _aware(end)
    now = timezone.now()
    rows, aggregates_only = _scope(user)
    if park is not None:
        rows = rows.filter(park_id=_pk(park))
    if office is not None:
        rows = rows.filter(park__office_id=_pk(office))
    if kind:
        rows = rows.filter(kind=kind)
    reported, ended = _between("reported_at", start, end), _between("ended_at", start, end)
    here = rows.filter(reported | ended)

    # 1. Counts, grouped by type, park, office and both months in the database; rolled up below.
    grouped = list(
        here.annotate(reported_month=TruncMonth("reported_at", output_field=DateField()),
                      ended_month=TruncMonth("ended_at", output_field=DateField()))
        .values("kind", "park_id", "park__name", "park__office_id", "park__office__name", "reported_month",
                "ended_month")
        .annotate(**_counts(reported, ended, now)).order_by())

    # 2. The timestamps the medians are taken over.
    stamps = list(here.values_list("kind", "park_id", "park__office_id", "reported_at", "contacted_at", "onsite_at",
                                   "is_group", "ended_at", "outcome").order_by())

    # 3. Instalments due in the period (and before today), by type, park, office and due month.
    first_day = timezone.localtime(start).date() if start is not None else None
    today = timezone.localdate()
    last_day = min(timezone.localtime(end).date(), today) if end is not None else today
    due = Instalment.objects.filter(agreement__dispute__in=rows.values("pk"), due_on__lt=last_day)
    if first_day is not None:
        due = due.filter(due_on__gte=first_day)
    instalments = list(
        due.annotate(due_month=TruncMonth("due_on"))
        .values("agreement__dispute__kind", "agreement__dispute__park_id", "agreement__dispute__park__name",
                "agreement__dispute__park__office_id", "agreement__dispute__park__office__name", "due_month")
        .annotate(due=Count("pk"), on_time=Count("pk", filter=Q(paid_on__isnull=False, paid_on__lte=F("due_on"))))
        .order_by())

    # 4. What is listed apart: withdrawn and not accepted, by reference (never for an aggregates-only viewer).
    apart = [] if aggregates_only else list(
        rows.filter(ended).filter(Q(outcome=Outcome.WITHDRAWN) | Q(outcome=""))
        .order_by("ended_at", "pk").values("pk", "reference", "outcome"))

    labels = {"kind": dict(Kind.choices), "park": {}, "office": {}, "month": {}}
    count_names = list(_counts(reported, ended, now))
    counts = defaultdict(lambda: dict.fromkeys(count_names, 0))
    for g in grouped:
        labels["park"][g["park_id"]] = g["park__name"]
        labels["office"][g["park__office_id"]] = g["park__office__name"]
        keys = {"kind": g["kind"], "park": g["park_id"], "office": g["park__office_id"]}
        for name in count_names:
            value = g[name]
            if not value:
                continue
            counts[None][name] += value
            for grouping, key in keys.items():
                counts[(grouping, key)][name] += value
            # A month row counts each figure in the month of its own period column.
            month = _month(g["ended_month"] if name in _ENDED_COUNTS else g["reported_month"])
            counts[("month", month)][name] += value

    times = defaultdict(lambda: {"contact": [], "arrival": [], "settle": []})

    def in_period(at):
        return at is not None and (start is None or at >= start) and (end is None or at < end)

    for kind_, park_id, office_id, reported_at, contacted_at, onsite_at, is_group, ended_at, outcome in stamps:
        keys = [None, ("kind", kind_), ("park", park_id), ("office", office_id)]
        if in_period(reported_at):
            month = ("month", _local_month(reported_at))
            for key in (*keys, month):
                if contacted_at is not None:
                    times[key]["contact"].append(_hours(reported_at, contacted_at))
                if is_group and onsite_at is not None:
                    times[key]["arrival"].append(_hours(reported_at, onsite_at))
        if in_period(ended_at) and outcome in SETTLED:
            for key in (*keys, ("month", _local_month(ended_at))):
                times[key]["settle"].append(_hours(reported_at, ended_at))

    paid = defaultdict(lambda: [0, 0])
    for g in instalments:
        labels["park"][g["agreement__dispute__park_id"]] = g["agreement__dispute__park__name"]
        labels["office"][g["agreement__dispute__park__office_id"]] = g["agreement__dispute__park__office__name"]
        for key in (None, ("kind", g["agreement__dispute__kind"]), ("park", g["agreement__dispute__park_id"]),
                    ("office", g["agreement__dispute__park__office_id"]), ("month", _month(g["due_month"]))):
            paid[key][0] += g["due"]
            paid[key][1] += g["on_time"]

    def row(key):
        return _row(counts[key], times[key], tuple(paid[key]))

    result = row(None)
    keys = set(counts) | set(times) | set(paid)
    for grouping in GROUPINGS:
        found = sorted({key[1] for key in keys if key is not None and key[0] == grouping and key[1] != ""},
                       key=lambda k, g=grouping: _order(g, k, labels))
        result[f"by_{grouping}"] = [
            {"key": k, "label": labels[grouping].get(k, k), **row((grouping, k))} for k in found]
    listed = [{"pk": d["pk"], "reference": d["reference"]} for d in apart]
    result.update({
        "withdrawn_list": [r for r, d in zip(listed, apart, strict=True) if d["outcome"] == Outcome.WITHDRAWN],
        "referred_list": [r for r, d in zip(listed, apart, strict=True) if d["outcome"] == ""],
        "aggregates_only": aggregates_only,
        "start": start, "end": end,
        "min_sample": settings.STATS_MIN_SAMPLE,
    })
    return result


_ENDED_COUNTS = {"n_ended", "n_referred", *(f"n_{o.value}" for o in Outcome),
                 *(f"n_level_{level.value}" for level in Level)}
_KIND_ORDER = {value: n for n, value in enumerate(Kind.values)}


def _order(grouping: str, key, labels: dict):
    if grouping == "kind":
        return (_KIND_ORDER.get(key, 99), str(key))
    if grouping == "month":
        return (0, str(key))
    return (0, str(labels[grouping].get(key, "")), str(key))

