from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jingqi.core.models import TimeStampedModel
from jingqi.core.scoping import scoped

from .choices import REPORT_MACHINE, ReportKind, ReportStatus, RunStatus
from .querysets import ReportRunQuerySet, RiskReportQuerySet


@scoped
class ReportRun(TimeStampedModel):
    """One generation job: the half-year's reports of a park (or of one enterprise), with its progress."""

    station = models.ForeignKey("registry.Station", verbose_name=_("station"), on_delete=models.PROTECT,
                                related_name="+")
    park = models.ForeignKey("registry.Park", verbose_name=_("park"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until (not included)"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                     on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    total = models.PositiveIntegerField(_("reports to compute"), default=0)
    done = models.PositiveIntegerField(_("reports computed"), default=0)
    kept = models.PositiveIntegerField(_("reports already sent, kept as they were"), default=0)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        indexes = [models.Index(fields=["station", "-created_at"], name="report_run_station_idx"),
                   models.Index(fields=["park", "-created_at"], name="report_run_park_idx")]

    def __str__(self):
        return f"{self.park} {self.period_start:%Y-%m}"

    @property
    def progress(self) -> int:
        """Percent done (0–100)."""
        return 100 if self.status == RunStatus.DONE else (100 * self.done // self.total if self.total else 0)


@scoped
class RiskReport(TimeStampedModel):
    """A half-year's risk report (风险研判报告) of one enterprise, or the park's report over all its enterprises.

    The figures are stored as computed (``reports.risk``): a report the enterprise received keeps saying what it
    said, whatever is corrected in the records afterwards."""

    station = models.ForeignKey("registry.Station", verbose_name=_("station"), on_delete=models.PROTECT,
                                related_name="+")
    park = models.ForeignKey("registry.Park", verbose_name=_("park"), on_delete=models.PROTECT,
                             related_name="risk_reports")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="risk_reports")
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until (not included)"))
    label = models.CharField(_("half-year"), max_length=10)
    figures = models.JSONField(_("figures"), default=dict)
    previous = models.JSONField(_("previous half-year"), default=dict)
    park_median = models.JSONField(_("park median"), default=dict)
    recommendations = models.JSONField(_("recommendations"), default=list)
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    run = models.ForeignKey(ReportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    generated_at = models.DateTimeField(_("computed at"), default=timezone.now)
    pushed_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    pushed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("acknowledged by"), null=True,
                                        blank=True, on_delete=models.PROTECT, related_name="+")
    chased_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    chase_count = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    version = models.PositiveIntegerField(default=1)

    objects = RiskReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "park", "kind", "enterprise"]
        verbose_name = _("risk report")
        verbose_name_plural = _("risk reports")
        indexes = [
            models.Index(fields=["park", "period_start", "status"], name="risk_report_park_idx"),
            models.Index(fields=["enterprise", "-period_start"], name="risk_report_enterprise_idx"),
            # The chase: sent and not acknowledged, by when they were sent.
            models.Index(fields=["pushed_at"], condition=models.Q(status="pushed"), name="risk_report_chase_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "period_start"], condition=models.Q(kind="enterprise"),
                                    name="risk_report_one_per_enterprise"),
            models.UniqueConstraint(fields=["park", "period_start"], condition=models.Q(kind="park"),
                                    name="risk_report_one_per_park"),
            models.CheckConstraint(name="risk_report_kind_matches",
                                   condition=models.Q(kind="park", enterprise__isnull=True)
                                   | models.Q(kind="enterprise", enterprise__isnull=False)),
        ]

    def __str__(self):
        return f"{self.label} {self.enterprise or self.park}"

    def can(self, action: str) -> bool:
        return REPORT_MACHINE.can(self.status, action)

    @property
    def last_day(self):
        """The last day the report covers (``period_end`` is not included)."""
        from datetime import timedelta

        return self.period_end - timedelta(days=1)

    @property
    def period_name(self) -> str:
        """"2026, first half" (2026 年上半年)."""
        if self.period_start.month == 1:
            return gettext("%(year)s, first half") % {"year": self.period_start.year}
        return gettext("%(year)s, second half") % {"year": self.period_start.year}
