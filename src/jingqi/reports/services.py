"""Risk report actions: the only code that writes reports and their runs.

- ``do_request_reports`` queues a run for a park (every enterprise and the park report) or for one enterprise;
  ``run_generation`` (the background job) computes the figures set-based (``risk.park_risks``: one set of grouped
  queries for the whole park) and writes the drafts in batches, keeping the run's progress for the page. A report
  already sent is never rewritten: it is counted as kept.
- ``do_push_reports`` sends a run's drafts to the enterprises (their liaisons' inboxes); ``do_acknowledge_report``
  is the enterprise's receipt (签收); ``chase_unacknowledged`` (daily) reminds the enterprises that have not
  acknowledged within ``REPORT_ACKNOWLEDGE_DAYS`` and, again, every as many days.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jingqi.accounts.choices import Role
from jingqi.accounts.models import User
from jingqi.core import audit
from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.notify import Notice, notify_many_on_commit
from jingqi.core.scoping import access
from jingqi.core.scoping import acts_as_police as is_police
from jingqi.registry.models import Enterprise, Park

from . import risk
from .choices import REPORT_MACHINE, ReportKind, ReportStatus, RunStatus
from .models import ReportRun, RiskReport

BATCH = 200


def check_police(actor) -> None:
    if not is_police(actor):
        raise PermissionDenied(_("Only the police prepare risk reports."))


# --- generation ------------------------------------------------------------------------------------------------


@transaction.atomic
def do_request_reports(actor, *, park, period: risk.Period, enterprise=None) -> ReportRun:
    """A run for the park's enterprises (and the park report), or for one of them; computed in the background."""
    check_police(actor)
    park = Park.objects.visible_to(actor).select_related("station").filter(pk=getattr(park, "pk", park)).first()
    if park is None:
        raise ActionError(_("Choose one of your parks."), field="park")
    if enterprise is not None:
        enterprise = Enterprise.objects.visible_to(actor).filter(pk=getattr(enterprise, "pk", enterprise),
                                                                 park=park).first()
        if enterprise is None:
            raise ActionError(_("Choose an enterprise of this park."), field="enterprise")
    if period.start > timezone.localdate():
        raise ActionError(_("Choose a half-year that has begun."), field="period")
    # One run at a time per park and half-year: two would write the same reports.
    Park.objects.select_for_update().filter(pk=park.pk).first()
    if ReportRun.objects.filter(park=park, period_start=period.start,
                                status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists():
        raise ActionError(_("The reports of this park and half-year are being computed already."), code="busy")
    run = ReportRun.objects.create(station=park.station, park=park, enterprise=enterprise,
                                   period_start=period.start, period_end=period.end, requested_by=actor)
    audit.record(actor, "report.request", run, {"park": park.pk, "enterprise": getattr(enterprise, "pk", None),
                                                "period": period.label})
    from .tasks import generate_reports

    transaction.on_commit(lambda: generate_reports(run.pk))
    return run


def run_generation(run_pk: int) -> ReportRun:
    """Compute a run's reports: the figures of the whole park at once, the drafts written in batches (each batch
    its own transaction, so the page sees the progress), the park report last."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update(of=("self",)).select_related("park", "enterprise").get(pk=run_pk)
        if run.status != RunStatus.QUEUED:
            return run
        run.status, run.started_at = RunStatus.RUNNING, timezone.now()
        run.save(update_fields=["status", "started_at", "updated_at"])
    period = risk.Period(run.period_start, run.period_end)
    try:
        park_ids = list(Enterprise.objects.filter(park=run.park).order_by("pk").values_list("pk", flat=True))
        targets = [run.enterprise_id] if run.enterprise_id else park_ids
        ReportRun.objects.filter(pk=run.pk).update(total=len(targets) + (0 if run.enterprise_id else 1))
        risks = risk.park_risks(park_ids, period)
        for start in range(0, len(targets), BATCH):
            with transaction.atomic():
                kept = _write_reports(run, period, [risks[pk] for pk in targets[start:start + BATCH]])
                ReportRun.objects.filter(pk=run.pk).update(done=F("done") + len(targets[start:start + BATCH]),
                                                           kept=F("kept") + kept)
        if not run.enterprise_id:
            with transaction.atomic():
                kept = _write_park_report(run, period, risks)
                ReportRun.objects.filter(pk=run.pk).update(done=F("done") + 1, kept=F("kept") + kept)
    except Exception as exc:  # the page says the run failed; the error is logged by the task runner too
        ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=str(exc)[:2000],
                                                   finished_at=timezone.now())
        raise
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, finished_at=timezone.now())
    run.refresh_from_db()
    return run


def _payload(item: risk.EnterpriseRisk) -> dict:
    return {"figures": _plain(item.figures), "previous": _plain(item.previous),
            "park_median": _plain(item.park_median),
            "recommendations": [{"code": r.code, "text": r.text, "figure": r.figure, "value": _plain_value(r.value)}
                                for r in item.recommendations]}


def _plain_value(value):
    from decimal import Decimal

    return float(value) if isinstance(value, Decimal) else value


def _plain(figures: dict) -> dict:
    return {name: _plain_value(value) for name, value in figures.items()}


def _write_reports(run: ReportRun, period: risk.Period, items: list) -> int:
    """Drafts for ``items`` (created, or computed again where still drafts); reports already sent are kept.
    Returns how many were kept."""
    existing = {r.enterprise_id: r for r in RiskReport.objects.select_for_update(of=("self",)).filter(
        kind=ReportKind.ENTERPRISE, period_start=period.start, enterprise__in=[i.enterprise_id for i in items])}
    now = timezone.now()
    create, update, kept = [], [], 0
    for item in items:
        report = existing.get(item.enterprise_id)
        if report is not None and not report.can("regenerate"):
            kept += 1
            continue
        values = {**_payload(item), "generated_at": now, "run": run, "period_end": period.end, "label": period.label}
        if report is None:
            create.append(RiskReport(station_id=run.station_id, park_id=run.park_id, enterprise_id=item.enterprise_id,
                                     kind=ReportKind.ENTERPRISE, period_start=period.start, **values))
        else:
            for name, value in values.items():
                setattr(report, name, value)
            report.version += 1
            update.append(report)
    RiskReport.objects.bulk_create(create)
    RiskReport.objects.bulk_update(update, ["figures", "previous", "park_median", "recommendations", "generated_at",
                                            "run", "period_end", "label", "version"])
    return kept


def _write_park_report(run: ReportRun, period: risk.Period, risks: dict) -> int:
    totals = risk.grouped(risks)
    before = risk.grouped({pk: risk.EnterpriseRisk(pk, period, r.previous, {}, {}, []) for pk, r in risks.items()})
    counts: dict[str, int] = {}
    for item in risks.values():
        for rec in item.recommendations:
            counts[rec.code] = counts.get(rec.code, 0) + 1
    medians = next(iter(risks.values())).park_median if risks else {}
    values = {"figures": _plain(totals), "previous": _plain(before), "park_median": _plain(medians),
              "recommendations": [{"code": code, "enterprises": n} for code, n in sorted(counts.items())],
              "generated_at": timezone.now(), "run": run, "period_end": period.end, "label": period.label}
    report = RiskReport.objects.select_for_update(of=("self",)).filter(kind=ReportKind.PARK, park=run.park,
                                                           period_start=period.start).first()
    if report is None:
        RiskReport.objects.create(station_id=run.station_id, park_id=run.park_id, kind=ReportKind.PARK,
                                  period_start=period.start, **values)
        return 0
    for name, value in values.items():
        setattr(report, name, value)
    report.version += 1
    report.save()
    return 0


# --- sending, acknowledging, chasing ----------------------------------------------------------------------------


def _liaisons(enterprise_ids) -> dict[int, list]:
    users: dict[int, list] = {}
    for user in User.objects.filter(role=Role.LIAISON, is_active=True, enterprise__in=enterprise_ids):
        users.setdefault(user.enterprise_id, []).append(user)
    return users


def _notices(reports, verb: str, title) -> list[Notice]:
    liaisons = _liaisons([r.enterprise_id for r in reports])
    return [Notice(tuple(liaisons[r.enterprise_id]), verb, title % {"label": r.label}, "",
                   reverse("reports:report_detail", args=[r.pk]), {"report": r.pk, "period": r.label})
            for r in reports if liaisons.get(r.enterprise_id)]


@transaction.atomic
def do_push_reports(actor, *, park, period: risk.Period) -> int:
    """Send the park's draft enterprise reports of the half-year to the enterprises. Returns how many were sent."""
    check_police(actor)
    park = access(Park.objects.all(), actor, getattr(park, "pk", park))
    if period.end > timezone.localdate():
        raise ActionError(_("The half-year has not ended: its reports can be computed to look at, and are sent once "
                            "it is over."), code="unfinished")
    drafts = list(RiskReport.objects.visible_to(actor, "change").select_for_update(of=("self",))
                  .filter(park=park, period_start=period.start, kind=ReportKind.ENTERPRISE,
                          status=ReportStatus.DRAFT).order_by("pk"))
    if not drafts:
        raise ActionError(_("There is no draft report of this half-year to send."), code="nothing_to_send")
    now = timezone.now()
    RiskReport.objects.filter(pk__in=[r.pk for r in drafts]).update(
        status=ReportStatus.PUSHED, pushed_at=now, pushed_by=actor, version=F("version") + 1, updated_at=now)
    audit.record_many(actor, "report.push", [(r, {"status": [ReportStatus.DRAFT, ReportStatus.PUSHED]})
                                             for r in drafts])
    notify_many_on_commit(_notices(drafts, "report.pushed", _("Your risk report for %(label)s is ready")))
    return len(drafts)


@transaction.atomic
def do_acknowledge_report(actor, report) -> RiskReport:
    """The enterprise's receipt (签收): by one of its liaisons, once."""
    report = access(RiskReport.objects.select_for_update(of=("self",)), actor, report.pk, "acknowledge")
    before = audit.snapshot(report, ["status", "acknowledged_at"])
    REPORT_MACHINE.move(report, "acknowledge")
    report.acknowledged_at, report.acknowledged_by = timezone.now(), actor
    report.version += 1
    report.save(update_fields=["status", "acknowledged_at", "acknowledged_by", "version", "updated_at"])
    audit.record(actor, "report.acknowledge", report, audit.diff(before, audit.snapshot(
        report, ["status", "acknowledged_at"])))
    return report


def chase_unacknowledged(now=None) -> int:
    """Remind the enterprises whose report was sent ``REPORT_ACKNOWLEDGE_DAYS`` ago or more and is not
    acknowledged (and not reminded within as many days). Set-based: one read, one update, one batch of notices."""
    now = now or timezone.now()
    wait = timedelta(days=settings.REPORT_ACKNOWLEDGE_DAYS)
    # An hour's slack: the daily job starting a few minutes earlier than last time must not slip a day.
    due_by = now - wait + timedelta(hours=1)
    with transaction.atomic():
        due = list(RiskReport.objects.select_for_update(of=("self",))
                   .filter(status=ReportStatus.PUSHED, pushed_at__lte=due_by)
                   .filter(Q(chased_at__isnull=True) | Q(chased_at__lte=due_by)).order_by("pk"))
        if not due:
            return 0
        RiskReport.objects.filter(pk__in=[r.pk for r in due]).update(chased_at=now, chase_count=F("chase_count") + 1)
        audit.record_many(None, "report.chase", [(r, {"chase_count": r.chase_count + 1}) for r in due])
        notify_many_on_commit(_notices(due, "report.chased",
                                       _("Please acknowledge your risk report for %(label)s")), at=now)
    return len(due)
