"""The risk figures of a half-year, per enterprise, computed from every app's records, and the recommendations
they trigger.

For a set of enterprises (a park, or one enterprise) and a period [start, end), each figure is counted in the
database, grouped by enterprise, in one query per source whatever the number of enterprises (a park of 400
enterprises costs the same six queries as one enterprise):

- **disputes** the enterprise is a party to, reported in the period: all, labour (wages), group disputes;
- **cases** in which it is a victim, reported in the period: thefts, embezzlement (职务侵占), telecom/online fraud,
  extortion, other; its own loss (the case's, when it is the only victim) and its share of what was recovered (in
  proportion to its loss);
- **false claims**: complaints against it received in the period, and how many of them stand in a clue above the
  flag line (a sign of a scheme, not of the enterprise's fault);
- **hazards**: found in the period, closed in the period; and, as they stand today, those found before the period's
  end that are still open, and of those the ones past their deadline;
- **requests** it submitted in the period, and their satisfaction rating (mean of those rated);
- **outreach**: talks its staff attended in the period and how many staff.

The park's median of each figure is taken over all the park's enterprises (zeros included), so an enterprise is
compared with its neighbours, not with the average of those that had trouble. In a park of fewer than
``MEDIAN_MIN_ENTERPRISES`` enterprises no median is given: with three neighbours, the median is one of them.
Recommendations come from explicit rules (``RULES``): each one names the figure that triggered it, so a reader
can check why it is there.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from statistics import median

from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The figures, in the order a report shows them, with their labels.
FIGURES = {
    "disputes": _("Disputes"),
    "labour_disputes": _("Labour disputes"),
    "group_disputes": _("Group disputes"),
    "thefts": _("Thefts"),
    "embezzlements": _("Embezzlement (职务侵占)"),
    "frauds": _("Telecom / online fraud"),
    "extortions": _("Extortion"),
    "other_cases": _("Other cases"),
    "case_loss": _("Loss in cases (yuan)"),
    "case_recovered": _("Recovered (yuan)"),
    "complaints": _("Consumer complaints"),
    "flagged_complaints": _("Complaints in a false-claim clue"),
    "hazards_found": _("Hazards found"),
    "hazards_closed": _("Hazards closed"),
    "hazards_open": _("Hazards still open"),
    "hazards_overdue": _("Hazards past their deadline"),
    "requests": _("Requests"),
    "rated_requests": _("Requests rated"),
    "rating": _("Satisfaction (of 5)"),
    "outreach_events": _("Outreach talks attended"),
    "outreach_staff": _("Staff at outreach talks"),
}
# The counts of a half-year, in the groups the report's charts draw them in (the amounts have their own chart).
CHART_GROUPS = {
    "incidents": ("disputes", "labour_disputes", "group_disputes", "thefts", "embezzlements", "frauds", "extortions",
                  "other_cases"),
    "service": ("complaints", "flagged_complaints", "hazards_found", "hazards_closed", "hazards_open",
                "hazards_overdue", "requests", "outreach_events"),
}
MONEY_FIGURES = ("case_loss", "case_recovered")
CASE_COUNTS = ("thefts", "embezzlements", "frauds", "extortions", "other_cases")
# Below this many enterprises, a park's median would show a neighbour's own figures.
MEDIAN_MIN_ENTERPRISES = 5
CASE_FIGURES = {"theft": "thefts", "embezzlement": "embezzlements", "fraud": "frauds", "extortion": "extortions"}


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # not included

    @classmethod
    def half_year(cls, year: int, half: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 7, 1)) if half == 1 else cls(date(year, 7, 1), date(year + 1, 1, 1))

    @classmethod
    def containing(cls, day: date) -> "Period":
        return cls.half_year(day.year, 1 if day.month <= 6 else 2)

    @property
    def label(self) -> str:
        return f"{self.start.year}H{1 if self.start.month == 1 else 2}"

    def previous(self) -> "Period":
        if self.start.month == 1:
            return Period.half_year(self.start.year - 1, 2)
        return Period.half_year(self.start.year, 1)

    def bounds(self) -> tuple[datetime, datetime]:
        tz = timezone.get_current_timezone()
        return datetime.combine(self.start, time.min, tzinfo=tz), datetime.combine(self.end, time.min, tzinfo=tz)


def _blank() -> dict:
    return dict.fromkeys(FIGURES, 0) | {"rating": None}


def enterprise_figures(enterprise_ids: list[int], period: Period) -> dict[int, dict]:
    """``{enterprise id: {figure: value}}`` for the period, every enterprise present (zeros where nothing
    happened)."""
    from jingqi.cases.models import CaseVictim, OutreachAttendance
    from jingqi.claims.models import Complaint
    from jingqi.disputes.models import DisputeParty
    from jingqi.inspections.choices import OPEN_HAZARD_STATUSES
    from jingqi.inspections.models import Hazard
    from jingqi.tickets.models import Ticket

    begin, finish = period.bounds()
    ids = list(enterprise_ids)
    out: dict[int, dict] = {pk: _blank() for pk in ids}

    def put(rows, key="enterprise", **names):
        for row in rows:
            figures = out[row[key]]
            for target, source in names.items():
                figures[target] = row[source] if row[source] is not None else figures[target]

    put(DisputeParty.objects.filter(enterprise__in=ids, dispute__reported_at__gte=begin,
                                    dispute__reported_at__lt=finish).values("enterprise").order_by()
        .annotate(all=Count("dispute", distinct=True),
                  labour=Count("dispute", distinct=True, filter=Q(dispute__kind="labour")),
                  group=Count("dispute", distinct=True, filter=Q(dispute__is_group=True))),
        disputes="all", labour_disputes="labour", group_disputes="group")
    # Each victim's own loss (the case's whole loss when it is the only victim) and its share of what came back.
    victims = (CaseVictim.objects.filter(enterprise__in=ids, case__reported_at__gte=begin,
                                         case__reported_at__lt=finish)
               .values("enterprise", "case", "case__kind", "loss_amount", "case__loss_amount", "case__recovered_amount")
               .annotate(victims=Count("case__victims")).order_by())
    for row in victims:
        figures = out[row["enterprise"]]
        figures[CASE_FIGURES.get(row["case__kind"], "other_cases")] += 1
        case_loss, case_back = row["case__loss_amount"] or 0, row["case__recovered_amount"] or 0
        loss = row["loss_amount"] if row["loss_amount"] is not None else (case_loss if row["victims"] == 1 else 0)
        figures["case_loss"] += loss
        figures["case_recovered"] += (case_back * loss / case_loss).quantize(Decimal("0.01")) if case_loss else 0
    put(Complaint.objects.filter(enterprise__in=ids, received_at__gte=begin, received_at__lt=finish)
        .values("enterprise").order_by()
        .annotate(all=Count("pk", distinct=True),
                  flagged=Count("pk", distinct=True, filter=Q(clues__flagged=True, clues__superseded=False))),
        complaints="all", flagged_complaints="flagged")
    now = timezone.now()
    put(Hazard.objects.filter(enterprise__in=ids).values("enterprise").order_by()
        .annotate(found=Count("pk", filter=Q(reported_at__gte=begin, reported_at__lt=finish)),
                  closed=Count("pk", filter=Q(status="closed", closed_at__gte=begin, closed_at__lt=finish)),
                  open=Count("pk", filter=Q(status__in=OPEN_HAZARD_STATUSES, reported_at__lt=finish)),
                  overdue=Count("pk", filter=Q(status__in=OPEN_HAZARD_STATUSES, reported_at__lt=finish,
                                               due_at__lt=now))),
        hazards_found="found", hazards_closed="closed", hazards_open="open", hazards_overdue="overdue")
    put(Ticket.objects.filter(enterprise__in=ids, submitted_at__gte=begin, submitted_at__lt=finish)
        .values("enterprise").order_by()
        .annotate(all=Count("pk"), rated=Count("rating"), mean=Avg("rating")),
        requests="all", rated_requests="rated", rating="mean")
    put(OutreachAttendance.objects.filter(enterprise__in=ids, attendees__gt=0, event__status="held",
                                          event__starts_at__gte=begin, event__starts_at__lt=finish)
        .values("enterprise").order_by().annotate(events=Count("event", distinct=True), staff=Sum("attendees")),
        outreach_events="events", outreach_staff="staff")
    for figures in out.values():
        if figures["rating"] is not None:
            figures["rating"] = round(float(figures["rating"]), 2)
    return out


def park_medians(figures: dict[int, dict]) -> dict:
    """The median of each figure over the park's enterprises (zeros included; a rating over those rated)."""
    medians = {}
    for name in FIGURES:
        values = [f[name] for f in figures.values() if f[name] is not None]
        medians[name] = median(values) if values else None
    return medians


# --- recommendations -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    code: str
    text: str
    figure: str  # the figure that triggered it
    value: object


@dataclass(frozen=True)
class Rule:
    code: str
    figure: str
    applies: object  # (figures, park medians, previous half-year's figures) -> bool
    text: object = field(compare=False)
    title: object = field(compare=False, default="")  # a few words, for the park report's chart


def _more_than_park(name: str, at_least: int = 1):
    """At least ``at_least``, and more than the park's median."""
    return lambda f, m, p: f[name] >= at_least and f[name] > (m.get(name) or 0)


RULES = [
    Rule("labour", "labour_disputes", lambda f, m, p: f["labour_disputes"] >= 2 or f["group_disputes"] >= 1,
         _("Labour disputes recur: check that wages are paid on time and contracts signed, and name a person the "
           "workers can bring complaints to before they become disputes."),
         title=_("Labour disputes recur")),
    Rule("theft", "thefts", _more_than_park("thefts"),
         _("Thefts above the park's usual: review the night watch, lighting and camera coverage of workshops, "
           "warehouses and yards, and mark valuable moulds and tools."),
         title=_("Thefts above the park")),
    Rule("embezzlement", "embezzlements", lambda f, m, p: f["embezzlements"] >= 1,
         _("Embezzlement by staff: separate the duties of warehouse keeping, purchasing and accounting, count stock "
           "by surprise, and consider background checks for the positions that handle goods or money."),
         title=_("Embezzlement by staff")),
    Rule("fraud", "frauds", lambda f, m, p: f["frauds"] >= 1,
         _("Fraud against the enterprise: train the finance staff against impersonation of bosses and suppliers, "
           "and confirm every change of a payee's account by a telephone call to a known number."),
         title=_("Fraud against the enterprise")),
    Rule("extortion", "flagged_complaints", lambda f, m, p: f["flagged_complaints"] >= 1 or f["extortions"] >= 1,
         _("Complaints that look like a scheme: keep product records and evidence, answer through the complaint "
           "platform, never pay privately, and report demands for money to the police."),
         title=_("Complaints like a scheme")),
    Rule("hazards_overdue", "hazards_overdue", lambda f, m, p: f["hazards_overdue"] >= 1,
         _("Hazards past their deadline: fix them and report the fix with photos, or tell the office what stands in "
           "the way."),
         title=_("Hazards past deadline")),
    Rule("hazards_rising", "hazards_found",
         lambda f, m, p: p is not None and f["hazards_found"] > p["hazards_found"] and f["hazards_found"] >= 2,
         _("More hazards found than in the previous half-year: have the safety officer walk the site monthly with "
           "the checklist the inspections use."),
         title=_("More hazards found")),
    Rule("satisfaction", "rating", lambda f, m, p: f["rated_requests"] >= 3 and (f["rating"] or 5) < 4,
         _("Requests rated below 4 of 5: tell the community police office what went wrong, so that the service "
           "improves."),
         title=_("Requests rated low")),
    Rule("outreach", "outreach_events",
         lambda f, m, p: f["outreach_events"] == 0 and (f["frauds"] >= 1 or (m.get("outreach_events") or 0) >= 1),
         _("No staff at the park's outreach talks this half-year: send staff to the next anti-fraud talk (held "
           "outside production hours)."),
         title=_("No staff at outreach talks")),
]


def recommendations(figures: dict, medians: dict, previous: dict | None) -> list[Recommendation]:
    return [Recommendation(rule.code, str(rule.text), rule.figure, figures[rule.figure])
            for rule in RULES if rule.applies(figures, medians, previous)]


@dataclass(frozen=True)
class EnterpriseRisk:
    enterprise_id: int
    period: Period
    figures: dict
    previous: dict
    park_median: dict
    recommendations: list


def park_risks(enterprise_ids: list[int], period: Period) -> dict[int, EnterpriseRisk]:
    """Every enterprise's figures, its previous half-year's, its park's medians (none in a park too small to
    hide its enterprises) and its recommendations: twelve queries for the whole set (six per half-year).
    ``enterprise_ids`` are all of one park's enterprises."""
    now, before = enterprise_figures(enterprise_ids, period), enterprise_figures(enterprise_ids, period.previous())
    medians = park_medians(now) if len(enterprise_ids) >= MEDIAN_MIN_ENTERPRISES else {}
    return {pk: EnterpriseRisk(pk, period, now[pk], before[pk], medians, recommendations(now[pk], medians, before[pk]))
            for pk in enterprise_ids}


def grouped(risks: dict[int, EnterpriseRisk]) -> dict:
    """The park's totals of each count (the park report's summary), and its satisfaction: the mean over every
    rated request of the park (each enterprise's mean weighted by how many it had rated)."""
    totals = defaultdict(int)
    for risk in risks.values():
        for name, value in risk.figures.items():
            if name != "rating" and value is not None:
                totals[name] += value
    rated = [(r.figures["rating"], r.figures["rated_requests"]) for r in risks.values()
             if r.figures.get("rating") is not None and r.figures.get("rated_requests")]
    count = sum(n for _, n in rated)
    totals["rating"] = round(sum(rating * n for rating, n in rated) / count, 2) if count else None
    return dict(totals)
