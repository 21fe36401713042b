from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingqi.core.models import TimeStampedModel
from jingqi.core.pii import EncryptedTextField
from jingqi.core.scoping import scoped
from jingqi.core.text import LONG_TEXT, SHORT_TEXT

from .choices import (
    CASE_MACHINE,
    CHECK_MACHINE,
    OPEN_CASE_STATUSES,
    OUTREACH_MACHINE,
    Advice,
    CaseEventKind,
    CaseKind,
    CaseSource,
    CaseStatus,
    CheckStatus,
    DeclineReason,
    OutreachStatus,
    OutreachTopic,
    ReasonCategory,
)
from .querysets import (
    AttendanceQuerySet,
    BackgroundCheckManager,
    CaseChildQuerySet,
    CaseEventQuerySet,
    CaseQuerySet,
    CaseVictimQuerySet,
    OutreachChildQuerySet,
    OutreachQuerySet,
)

TITLE_LIMIT = 120
MONEY = {"max_digits": 14, "decimal_places": 2}
NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


# --- cases -------------------------------------------------------------------------------------------------


@scoped
class Case(TimeStampedModel):
    """An enterprise-related case (涉企案件): from the report to the close, with its losses and what came back."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    # The number of the filing decision (立案决定书) in the police case system, once filed.
    filing_number = models.CharField(_("case number"), max_length=60, blank=True)
    station = models.ForeignKey("registry.Station", verbose_name=_("station"), on_delete=models.PROTECT,
                                related_name="cases")
    park = models.ForeignKey("registry.Park", verbose_name=_("park"), on_delete=models.PROTECT, related_name="cases")
    kind = models.CharField(_("type"), max_length=20, choices=CaseKind.choices)
    source = models.CharField(_("source"), max_length=20, choices=CaseSource.choices, default=CaseSource.ENTERPRISE)
    title = models.CharField(_("title"), max_length=TITLE_LIMIT)
    description = models.TextField(_("what happened"), max_length=LONG_TEXT)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REPORTED)
    status_note = models.TextField(_("reason or note"), blank=True)

    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    solved_at = models.DateTimeField(_("solved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    loss_amount = models.DecimalField(_("loss (yuan)"), default=Decimal("0"), validators=NOT_NEGATIVE, **MONEY)
    items_lost = models.TextField(_("items lost"), max_length=LONG_TEXT, blank=True)
    # The sum of the recoveries, kept by the services so that lists and figures need no join.
    recovered_amount = models.DecimalField(_("recovered (yuan)"), default=Decimal("0"), validators=NOT_NEGATIVE,
                                           **MONEY)
    suspects = models.PositiveSmallIntegerField(_("suspects"), default=0)
    regions = models.CharField(_("regions reached"), max_length=SHORT_TEXT, blank=True,
                               help_text=_("Cities or provinces the investigation reached, separated by commas."))

    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("lead officer"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="led_cases")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+")
    ticket = models.ForeignKey("tickets.Ticket", verbose_name=_("from request"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="cases")
    dispute = models.ForeignKey("disputes.Dispute", verbose_name=_("from dispute"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="cases")
    clue = models.OneToOneField("claims.Clue", verbose_name=_("from false-claim clue"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="case")
    version = models.PositiveIntegerField(default=1)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_at", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            # what the figures' refresh reads (changed, or a deadline passed, since its last run)
            models.Index(fields=["updated_at"], name="case_updated_idx"),
            models.Index(fields=["station", "-reported_at", "-id"], name="case_station_reported_idx"),
            models.Index(fields=["park", "-reported_at", "-id"], name="case_park_reported_idx"),
            models.Index(fields=["status", "-reported_at", "-id"], name="case_status_reported_idx"),
            models.Index(fields=["kind", "-reported_at", "-id"], name="case_kind_reported_idx"),
            models.Index(fields=["officer", "-reported_at", "-id"], name="case_officer_reported_idx"),
        ]
        constraints = [
            models.CheckConstraint(name="case_solved_has_time",
                                   condition=~models.Q(status__in=["solved", "closed"])
                                   | models.Q(solved_at__isnull=False)),
            models.CheckConstraint(name="case_amounts_not_negative",
                                   condition=models.Q(loss_amount__gte=0, recovered_amount__gte=0)),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def can(self, action: str) -> bool:
        return CASE_MACHINE.can(self.status, action)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CASE_STATUSES

    @property
    def hours_to_solve(self) -> float | None:
        if self.solved_at is None:
            return None
        return (self.solved_at - self.reported_at).total_seconds() / 3600

    @property
    def recovery_rate(self) -> float | None:
        if not self.loss_amount:
            return None
        return float(self.recovered_amount / self.loss_amount)


@scoped
class CaseVictim(models.Model):
    """An enterprise that suffered the case; a case may have several (a fraud ring, a theft across a park)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="victims")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="case_victims")
    loss_amount = models.DecimalField(_("its loss (yuan)"), null=True, blank=True, validators=NOT_NEGATIVE, **MONEY)

    objects = CaseVictimQuerySet.as_manager()

    class Meta:
        ordering = ["case", "pk"]
        verbose_name = _("victim enterprise")
        verbose_name_plural = _("victim enterprises")
        indexes = [models.Index(fields=["enterprise", "case"], name="case_victim_enterprise_idx")]
        constraints = [models.UniqueConstraint(fields=["case", "enterprise"], name="case_victim_once")]

    def __str__(self):
        return str(self.enterprise)


@scoped
class Recovery(models.Model):
    """Money or goods recovered for a case, where and when: a case may recover in several regions over months."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recoveries")
    recovered_on = models.DateField(_("recovered on"))
    amount = models.DecimalField(_("value (yuan)"), validators=NOT_NEGATIVE, **MONEY)
    items = models.CharField(_("items"), max_length=SHORT_TEXT, blank=True)
    region = models.CharField(_("where"), max_length=SHORT_TEXT, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["recovered_on", "pk"]
        verbose_name = _("recovery")
        verbose_name_plural = _("recoveries")
        constraints = [models.CheckConstraint(name="recovery_amount_not_negative", condition=models.Q(amount__gte=0))]

    def __str__(self):
        return f"{self.case.reference} {self.amount}"


@scoped
class CaseEvent(models.Model):
    """The case's timeline, written only by the services (events.py)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=CaseEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField(default=timezone.now)
    message = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    internal = models.BooleanField(_("internal"), default=False, help_text=_("Hidden from the victim enterprises."))

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        indexes = [models.Index(fields=["case", "at"], name="case_event_at_idx")]

    def __str__(self):
        return f"{self.case.reference} {self.get_kind_display()}"


# --- outreach ----------------------------------------------------------------------------------------------


@scoped
class OutreachEvent(TimeStampedModel):
    """A talk or campaign (宣传/讲座) for enterprise staff: anti-fraud, fire, traffic, drugs, the law."""

    station = models.ForeignKey("registry.Station", verbose_name=_("station"), on_delete=models.PROTECT,
                                related_name="outreach_events")
    park = models.ForeignKey("registry.Park", verbose_name=_("park"), on_delete=models.PROTECT,
                             related_name="outreach_events")
    topic = models.CharField(_("topic"), max_length=20, choices=OutreachTopic.choices)
    title = models.CharField(_("title"), max_length=TITLE_LIMIT)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=SHORT_TEXT)
    speaker = models.CharField(_("speaker"), max_length=SHORT_TEXT, blank=True)
    materials = models.TextField(_("materials handed out"), max_length=LONG_TEXT, blank=True)
    summary = models.TextField(_("summary"), max_length=LONG_TEXT, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=OutreachStatus.choices,
                              default=OutreachStatus.PLANNED)
    # Kept by the services from the attendance rows, so that lists need no aggregate.
    attendance_total = models.PositiveIntegerField(_("attendance"), default=0)
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("organiser"), on_delete=models.PROTECT,
                                  related_name="organised_outreach")
    version = models.PositiveIntegerField(default=1)

    objects = OutreachQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("outreach event")
        verbose_name_plural = _("outreach events")
        indexes = [
            # what the figures' refresh reads (changed, or a deadline passed, since its last run)
            models.Index(fields=["updated_at"], name="outreach_updated_idx"),
            models.Index(fields=["station", "-starts_at", "-id"], name="outreach_station_starts_idx"),
            models.Index(fields=["park", "-starts_at", "-id"], name="outreach_park_starts_idx"),
            models.Index(fields=["topic", "-starts_at", "-id"], name="outreach_topic_starts_idx"),
        ]
        constraints = [models.CheckConstraint(name="outreach_ends_after_start",
                                              condition=models.Q(ends_at__gt=models.F("starts_at")))]

    def __str__(self):
        return self.title

    def can(self, action: str) -> bool:
        return OUTREACH_MACHINE.can(self.status, action)


@scoped
class OutreachAttendance(models.Model):
    """An enterprise invited to an event, and how many of its staff came (None until recorded)."""

    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="attendance")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="outreach_attendance")
    attendees = models.PositiveIntegerField(_("staff attending"), null=True, blank=True)
    # Whether the event fell outside this enterprise's business hours (so production was not interrupted).
    outside_hours = models.BooleanField(_("outside production hours"), default=False)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        indexes = [models.Index(fields=["enterprise", "event"], name="outreach_att_enterprise_idx")]
        constraints = [models.UniqueConstraint(fields=["event", "enterprise"], name="outreach_enterprise_once")]

    def __str__(self):
        return f"{self.event} · {self.enterprise}"


@scoped
class OutreachMaterial(models.Model):
    """A file shown or handed out at the event: slides, a leaflet, a sign-in sheet scan."""

    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="outreach/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = OutreachChildQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("outreach material")
        verbose_name_plural = _("outreach materials")

    def __str__(self):
        return self.original_name


# --- background checks -------------------------------------------------------------------------------------


@scoped
class BackgroundCheck(TimeStampedModel):
    """A pre-employment background check (入职背景审查) asked by an enterprise for a named position.

    The candidate's name, ID number and signed consent are encrypted at rest. The enterprise gets job-fit
    advice and a reason category, never the records behind them. The row is deleted when its retention ends
    (``purge_after``); the audit then keeps only that a check happened.
    """

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    station = models.ForeignKey("registry.Station", verbose_name=_("station"), on_delete=models.PROTECT,
                                related_name="+")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="background_checks")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                     on_delete=models.PROTECT, related_name="+")
    position = models.CharField(_("position"), max_length=SHORT_TEXT)
    duties = models.TextField(_("duties that call for the check"), max_length=LONG_TEXT)
    candidate_name = EncryptedTextField(_("candidate's name"))
    candidate_id_number = EncryptedTextField(_("candidate's ID number"))
    consent_scope = models.JSONField(_("what the consent covers"), default=list)
    consent_signed_on = models.DateField(_("consent signed on"))
    # The signed consent itself, encrypted (pii.encrypt_bytes), so that the purge removes it with the row.
    consent_document = models.BinaryField(_("signed consent"))
    consent_name = models.CharField(max_length=200)
    consent_content_type = models.CharField(max_length=100)
    consent_size = models.PositiveIntegerField()

    status = models.CharField(_("status"), max_length=20, choices=CheckStatus.choices, default=CheckStatus.REQUESTED)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    ended_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    advice = models.CharField(_("advice"), max_length=20, choices=Advice.choices, blank=True)
    reason_category = models.CharField(_("reason"), max_length=20, choices=ReasonCategory.choices, blank=True)
    decline_reason = models.CharField(_("why declined"), max_length=20, choices=DeclineReason.choices, blank=True)
    purge_after = models.DateTimeField(_("deleted after"))
    version = models.PositiveIntegerField(default=1)

    # The consent scan (up to the upload limit) is read only when an officer opens it: lists and actions leave it.
    objects = BackgroundCheckManager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("background check")
        verbose_name_plural = _("background checks")
        indexes = [
            models.Index(fields=["enterprise", "-requested_at", "-id"], name="bgcheck_enterprise_idx"),
            models.Index(fields=["station", "status", "-requested_at", "-id"], name="bgcheck_station_status_idx"),
            models.Index(fields=["purge_after"], name="bgcheck_purge_idx"),
        ]
        constraints = [
            models.CheckConstraint(name="bgcheck_advice_has_reason",
                                   condition=~models.Q(status="advised")
                                   | (~models.Q(advice="") & ~models.Q(reason_category=""))),
        ]

    def __str__(self):
        # Never the candidate: this text goes to the audit log, which outlives the row.
        return self.reference

    def can(self, action: str) -> bool:
        return CHECK_MACHINE.can(self.status, action)
