from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingqi.core.models import TimeStampedModel
from jingqi.core.pii import EncryptedTextField, display_phone, mask_phone
from jingqi.core.scoping import scoped
from jingqi.core.text import LONG_TEXT, SHORT_TEXT

from .choices import (
    HAZARD_MACHINE,
    VISIT_MACHINE,
    Answer,
    Every,
    HazardEventKind,
    HazardSource,
    HazardStatus,
    InspectionKind,
    InspectionStatus,
    PhotoKind,
    RequirementStatus,
    RiskLevel,
    Severity,
    Verification,
    VisitStatus,
)
from .querysets import (
    ChecklistQuerySet,
    HazardChildQuerySet,
    HazardQuerySet,
    InspectionChildQuerySet,
    InspectionQuerySet,
    ProfileQuerySet,
    RequirementQuerySet,
    StationConfigQuerySet,
    VisitQuerySet,
)

COORD = {"max_digits": 9, "decimal_places": 6, "null": True, "blank": True}


@scoped
class SafetyProfile(TimeStampedModel):
    """What the cadence rules read about an enterprise beyond the registry: its assessed risk level, whether it
    keeps hazardous chemicals, and how many visits a month it may be asked to receive (不叫不扰)."""

    enterprise = models.OneToOneField("registry.Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE,
                                      related_name="safety_profile")
    risk_level = models.PositiveSmallIntegerField(_("risk level"), choices=RiskLevel.choices, default=RiskLevel.LOW)
    hazardous_chemicals = models.BooleanField(_("keeps hazardous chemicals"), default=False)
    #: Visits a month (inspections, liaison visits and patrol follow-ups together); empty: the station's default.
    monthly_budget = models.PositiveSmallIntegerField(_("visits a month"), null=True, blank=True,
                                                      validators=[MinValueValidator(1), MaxValueValidator(31)])
    note = models.CharField(_("note"), max_length=SHORT_TEXT, blank=True)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("safety profile")
        verbose_name_plural = _("safety profiles")
        indexes = [models.Index(fields=["risk_level", "hazardous_chemicals"], name="insp_profile_risk_idx")]

    def __str__(self):
        return f"{self.enterprise} ({self.get_risk_level_display()})"

    @property
    def budget(self) -> int:
        return self.monthly_budget or settings.INSPECTION_MONTHLY_BUDGET


@scoped
class InspectionType(TimeStampedModel):
    """A kind of inspection a station runs (fire, production safety, ...), the department that owes it (empty: the
    police) and its checklist versions."""

    station = models.ForeignKey("registry.Station", verbose_name=_("station"), on_delete=models.PROTECT,
                                related_name="inspection_types")
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices)
    department = models.ForeignKey("registry.Department", verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="inspection_types")
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = StationConfigQuerySet.as_manager()

    class Meta:
        ordering = ["station", "code"]
        verbose_name = _("inspection type")
        verbose_name_plural = _("inspection types")
        constraints = [models.UniqueConstraint(fields=["station", "code"], name="insp_type_code_uniq")]

    def __str__(self):
        return self.name


@scoped
class ChecklistVersion(TimeStampedModel):
    """One version of a type's checklist. A published version never changes: an inspection answers the version it
    started on, and editing makes the next version."""

    inspection_type = models.ForeignKey(InspectionType, verbose_name=_("inspection type"), on_delete=models.PROTECT,
                                        related_name="checklists")
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("what changed"), max_length=SHORT_TEXT, blank=True)

    objects = ChecklistQuerySet.as_manager()

    class Meta:
        ordering = ["inspection_type", "-number"]
        verbose_name = _("checklist version")
        verbose_name_plural = _("checklist versions")
        constraints = [models.UniqueConstraint(fields=["inspection_type", "number"], name="insp_checklist_number_uniq")]

    def __str__(self):
        return f"{self.inspection_type} v{self.number}"


@scoped
class ChecklistItem(models.Model):
    version = models.ForeignKey(ChecklistVersion, verbose_name=_("checklist version"), on_delete=models.CASCADE,
                                related_name="items")
    number = models.PositiveSmallIntegerField(_("number"))
    section = models.CharField(_("section"), max_length=100, blank=True)
    text = models.CharField(_("item"), max_length=SHORT_TEXT)
    guidance = models.TextField(_("how to check"), blank=True, max_length=LONG_TEXT)
    #: A failure of this item is a major hazard unless the inspector says otherwise.
    major_if_failed = models.BooleanField(_("a failure is a major hazard"), default=False)

    objects = ChecklistQuerySet.as_manager()
    checklist_path = "version__"

    class Meta:
        ordering = ["version", "number"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="insp_item_number_uniq")]

    def __str__(self):
        return f"{self.number}. {self.text}"


@scoped
class CadenceRule(TimeStampedModel):
    """Which enterprises need which inspection how often. Every condition set must hold (several rules give "or")."""

    station = models.ForeignKey("registry.Station", verbose_name=_("station"), on_delete=models.PROTECT,
                                related_name="cadence_rules")
    name = models.CharField(_("name"), max_length=100)
    inspection_type = models.ForeignKey(InspectionType, verbose_name=_("inspection type"), on_delete=models.PROTECT,
                                        related_name="rules")
    every = models.PositiveSmallIntegerField(_("how often"), choices=Every.choices, default=Every.QUARTER)
    key_only = models.BooleanField(_("key enterprises only"), default=False)
    #: GB/T 4754 code prefixes ("26" chemical manufacturing, "5"... ); empty: any industry.
    industry_prefixes = models.JSONField(_("industry codes starting with"), default=list, blank=True)
    min_risk = models.PositiveSmallIntegerField(_("risk level at least"), choices=RiskLevel.choices, null=True,
                                                blank=True)
    min_headcount = models.PositiveIntegerField(_("headcount at least"), null=True, blank=True)
    chemicals_only = models.BooleanField(_("hazardous chemicals only"), default=False)
    #: Also one inspection in the days before each of the station's key dates.
    at_key_dates = models.BooleanField(_("also before key dates"), default=False)
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = StationConfigQuerySet.as_manager()

    class Meta:
        ordering = ["station", "name"]
        verbose_name = _("cadence rule")
        verbose_name_plural = _("cadence rules")
        indexes = [models.Index(fields=["station", "name"], name="insp_rule_station_idx")]

    def __str__(self):
        return self.name


@scoped
class KeyDate(TimeStampedModel):
    """A holiday or major event before which the rules marked for it ask for one more inspection."""

    station = models.ForeignKey("registry.Station", verbose_name=_("station"), on_delete=models.PROTECT,
                                related_name="inspection_key_dates")
    name = models.CharField(_("name"), max_length=100)
    on = models.DateField(_("date"))
    lead_days = models.PositiveSmallIntegerField(_("inspect within (days before)"), default=14,
                                                 validators=[MinValueValidator(1), MaxValueValidator(90)])
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = StationConfigQuerySet.as_manager()

    class Meta:
        ordering = ["station", "on"]
        verbose_name = _("key date")
        verbose_name_plural = _("key dates")
        indexes = [models.Index(fields=["station", "on"], name="insp_keydate_idx")]

    def __str__(self):
        return f"{self.name} {self.on:%Y-%m-%d}"


@scoped
class InspectionVisit(TimeStampedModel):
    """One visit to an enterprise on one date by one team, doing every inspection owed there (综合查一次)."""

    station = models.ForeignKey("registry.Station", verbose_name=_("station"), on_delete=models.PROTECT,
                                related_name="inspection_visits")
    park = models.ForeignKey("registry.Park", verbose_name=_("park"), on_delete=models.PROTECT,
                             related_name="inspection_visits")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="inspection_visits")
    planned_on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.PLANNED)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("team leader"), on_delete=models.PROTECT,
                             related_name="led_inspection_visits")
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("officers"), blank=True,
                                      related_name="inspection_visits")
    departments = models.ManyToManyField("registry.Department", verbose_name=_("departments"), blank=True,
                                         related_name="inspection_visits")
    #: What the enterprise is told in advance (documents to have ready, who to have present).
    notice = models.TextField(_("notice to the enterprise"), blank=True, max_length=LONG_TEXT)
    note = models.TextField(_("internal note"), blank=True, max_length=LONG_TEXT)
    #: A visit beyond the enterprise's monthly budget needs a reason, which the supervisor sees.
    over_budget = models.BooleanField(_("beyond the visit budget"), default=False)
    over_budget_reason = models.CharField(_("why beyond the budget"), max_length=SHORT_TEXT, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    cancel_reason = models.CharField(_("why cancelled"), max_length=SHORT_TEXT, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("planned by"), on_delete=models.PROTECT,
                                   related_name="+")
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = VisitQuerySet.as_manager()
    machine = VISIT_MACHINE

    class Meta:
        ordering = ["planned_on", "pk"]
        verbose_name = _("inspection visit")
        verbose_name_plural = _("inspection visits")
        indexes = [models.Index(fields=["station", "planned_on", "id"], name="insp_visit_station_idx"),
                   models.Index(fields=["park", "planned_on", "id"], name="insp_visit_park_idx"),
                   models.Index(fields=["enterprise", "planned_on"], name="insp_visit_enterprise_idx"),
                   models.Index(fields=["status", "planned_on"], name="insp_visit_status_idx"),
                   models.Index(fields=["updated_at"], name="insp_visit_updated_idx")]

    def __str__(self):
        return f"{self.enterprise} {self.planned_on:%Y-%m-%d}"

    def can(self, action: str) -> bool:
        return self.machine.can(self.status, action)


@scoped
class Requirement(TimeStampedModel):
    """One inspection a rule asks of one enterprise in one period (the quarter plan's rows): due until it is
    planned into a visit, done when that visit's inspection of the type is submitted."""

    station = models.ForeignKey("registry.Station", verbose_name=_("station"), on_delete=models.PROTECT,
                                related_name="inspection_requirements")
    park = models.ForeignKey("registry.Park", verbose_name=_("park"), on_delete=models.PROTECT,
                             related_name="inspection_requirements")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="inspection_requirements")
    inspection_type = models.ForeignKey(InspectionType, verbose_name=_("inspection type"), on_delete=models.PROTECT,
                                        related_name="requirements")
    rule = models.ForeignKey(CadenceRule, verbose_name=_("rule"), on_delete=models.PROTECT,
                             related_name="requirements")
    key_date = models.ForeignKey(KeyDate, verbose_name=_("key date"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="requirements")
    period_start = models.DateField(_("from"))
    due_on = models.DateField(_("due by"))
    status = models.CharField(_("status"), max_length=20, choices=RequirementStatus.choices,
                              default=RequirementStatus.DUE)
    visit = models.ForeignKey(InspectionVisit, verbose_name=_("visit"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="requirements")
    waive_reason = models.CharField(_("why waived"), max_length=SHORT_TEXT, blank=True)

    objects = RequirementQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "enterprise", "inspection_type"]
        verbose_name = _("inspection due")
        verbose_name_plural = _("inspections due")
        constraints = [
            models.UniqueConstraint(fields=["rule", "enterprise", "period_start"], condition=Q(key_date__isnull=True),
                                    name="insp_requirement_period_uniq"),
            models.UniqueConstraint(fields=["rule", "enterprise", "key_date"], condition=Q(key_date__isnull=False),
                                    name="insp_requirement_keydate_uniq"),
            models.CheckConstraint(condition=Q(due_on__gte=models.F("period_start")),
                                   name="insp_requirement_order"),
        ]
        indexes = [models.Index(fields=["station", "due_on"], name="insp_req_station_idx"),
                   models.Index(fields=["park", "due_on"], name="insp_req_park_idx"),
                   models.Index(fields=["enterprise", "status", "due_on"], name="insp_req_enterprise_idx"),
                   models.Index(fields=["status", "due_on"], name="insp_req_status_idx")]

    def __str__(self):
        return f"{self.enterprise} {self.inspection_type} {self.due_on:%Y-%m-%d}"


@scoped
class Inspection(TimeStampedModel):
    """One type's checklist answered during a visit, by the police or the department that owes it."""

    station = models.ForeignKey("registry.Station", verbose_name=_("station"), on_delete=models.PROTECT,
                                related_name="inspections")
    park = models.ForeignKey("registry.Park", verbose_name=_("park"), on_delete=models.PROTECT,
                             related_name="inspections")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="inspections")
    visit = models.ForeignKey(InspectionVisit, verbose_name=_("visit"), on_delete=models.PROTECT,
                              related_name="inspections")
    inspection_type = models.ForeignKey(InspectionType, verbose_name=_("inspection type"), on_delete=models.PROTECT,
                                        related_name="inspections")
    department = models.ForeignKey("registry.Department", verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="inspections")
    checklist = models.ForeignKey(ChecklistVersion, verbose_name=_("checklist version"), on_delete=models.PROTECT,
                                  related_name="inspections")
    status = models.CharField(_("status"), max_length=20, choices=InspectionStatus.choices,
                              default=InspectionStatus.DRAFT)
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("inspector"), on_delete=models.PROTECT,
                                  related_name="inspections")
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=LONG_TEXT)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [models.UniqueConstraint(fields=["visit", "inspection_type"], name="insp_visit_type_uniq")]
        indexes = [  # the first: what the figures' refresh reads (changed, or a deadline passed, since its last run)
                   models.Index(fields=["updated_at"], name="insp_updated_idx"),
                   models.Index(fields=["station", "-started_at"], name="insp_station_idx"),
                   models.Index(fields=["park", "-started_at"], name="insp_park_idx"),
                   models.Index(fields=["enterprise", "-started_at"], name="insp_enterprise_idx"),
                   models.Index(fields=["department", "-started_at"], name="insp_department_idx"),
                   # The ledger counts a period's submitted inspections and hazards found per station.
                   models.Index(fields=["station", "submitted_at"], name="insp_station_submitted_idx")]

    def __str__(self):
        return f"{self.inspection_type} @ {self.enterprise} {self.started_at:%Y-%m-%d}"


@scoped
class InspectionAnswer(models.Model):
    """One checklist item answered. A failure says how serious it is and whether it was put right on the spot."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE,
                                   related_name="answers")
    item = models.ForeignKey(ChecklistItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="answers")
    result = models.CharField(_("answer"), max_length=4, choices=Answer.choices)
    note = models.CharField(_("note"), max_length=SHORT_TEXT, blank=True)
    photo = models.FileField(_("photo"), upload_to="inspections/%Y/%m/", blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, blank=True)
    fixed_on_site = models.BooleanField(_("fixed on site"), default=False)
    after_photo = models.FileField(_("photo after the fix"), upload_to="inspections/%Y/%m/", blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), on_delete=models.PROTECT,
                                    related_name="+")
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    objects = InspectionChildQuerySet.as_manager()

    class Meta:
        ordering = ["inspection", "item__number"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="insp_answer_item_uniq")]

    def __str__(self):
        return f"{self.item}: {self.get_result_display()}"


@scoped
class Hazard(TimeStampedModel):
    """A safety hazard (隐患), tracked until it is verified fixed and closed (销号)."""

    station = models.ForeignKey("registry.Station", verbose_name=_("station"), on_delete=models.PROTECT,
                                related_name="hazards")
    park = models.ForeignKey("registry.Park", verbose_name=_("park"), on_delete=models.PROTECT,
                             related_name="hazards")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="hazards")
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    source = models.CharField(_("source"), max_length=20, choices=HazardSource.choices)
    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="hazards")
    answer = models.OneToOneField(InspectionAnswer, verbose_name=_("failed item"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="hazard")
    finding = models.OneToOneField("patrols.Finding", verbose_name=_("patrol finding"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="hazard")
    ticket = models.ForeignKey("tickets.Ticket", verbose_name=_("request"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="hazards")
    #: The department answerable for this kind of hazard: told at once of a major one.
    department = models.ForeignKey("registry.Department", verbose_name=_("responsible department"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="hazards")
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.GENERAL)
    title = models.CharField(_("hazard"), max_length=SHORT_TEXT)
    description = models.TextField(_("description"), blank=True, max_length=LONG_TEXT)
    location = models.CharField(_("location"), max_length=SHORT_TEXT, blank=True)
    latitude = models.DecimalField(_("latitude"), **COORD)
    longitude = models.DecimalField(_("longitude"), **COORD)
    status = models.CharField(_("status"), max_length=20, choices=HazardStatus.choices,
                              default=HazardStatus.REPORTED)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"),
                                    on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("found at"), default=timezone.now)
    #: The officer who follows it up: told first when it runs late.
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("handling officer"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="handled_hazards")
    fixed_on_site = models.BooleanField(_("fixed on site"), default=False)
    deadline = models.DateField(_("fix by"), null=True, blank=True)
    #: End of business on the deadline (the working calendar's hours): what the escalation sweep compares.
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    measures = models.TextField(_("what must be done"), blank=True, max_length=LONG_TEXT)
    responsible_name = models.CharField(_("responsible person"), max_length=60, blank=True)
    responsible_phone = EncryptedTextField(_("responsible person's phone"), blank=True)
    fix_reported_at = models.DateTimeField(_("fix reported at"), null=True, blank=True)
    fix_note = models.TextField(_("what was done"), blank=True, max_length=LONG_TEXT)
    verification = models.CharField(_("verified by"), max_length=20, choices=Verification.choices, blank=True)
    verification_note = models.CharField(_("verification note"), max_length=SHORT_TEXT, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    void_reason = models.CharField(_("why void"), max_length=SHORT_TEXT, blank=True)
    sent_back = models.PositiveSmallIntegerField(_("times sent back"), default=0)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = HazardQuerySet.as_manager()
    machine = HAZARD_MACHINE

    class Meta:
        ordering = ["-reported_at", "-pk"]
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        indexes = [  # the first: what the figures' refresh reads (changed, or a deadline passed, since its last run)
                   models.Index(fields=["updated_at"], name="hazard_updated_idx"),
                   models.Index(fields=["due_at"], name="hazard_due_at_idx"),
                   models.Index(fields=["station", "status", "-reported_at"], name="hazard_station_idx"),
                   models.Index(fields=["park", "status", "-reported_at"], name="hazard_park_idx"),
                   # the situation map's newest hazards of a period, whatever their status
                   models.Index(fields=["station", "-reported_at"], name="hazard_station_reported_idx"),
                   models.Index(fields=["park", "-reported_at"], name="hazard_park_reported_idx"),
                   models.Index(fields=["enterprise", "-reported_at"], name="hazard_enterprise_idx"),
                   models.Index(fields=["department", "-reported_at"], name="hazard_department_idx"),
                   models.Index(fields=["status", "due_at"], name="hazard_due_idx"),
                   models.Index(fields=["station", "reported_at"], name="hazard_station_found_idx"),
                   # An officer's board column: the office's scope is a join through the park, which no hazard
                   # index can lead with, so the column is read in the board's order by state alone (the id
                   # completes the order on PostgreSQL, which would sort the ties otherwise).
                   models.Index(fields=["status", "-reported_at", "id"], name="hazard_status_board_idx")]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def can(self, action: str) -> bool:
        return self.machine.can(self.status, action)

    @property
    def is_open(self) -> bool:
        return self.status in (HazardStatus.REPORTED, HazardStatus.RECTIFYING, HazardStatus.FIX_REPORTED)

    def is_overdue(self, now=None) -> bool:
        return self.is_open and self.due_at is not None and self.due_at < (now or timezone.now())

    @property
    def responsible_phone_masked(self) -> str:
        return mask_phone(self.responsible_phone)

    @property
    def responsible_phone_display(self) -> str:
        return display_phone(self.responsible_phone) if self.responsible_phone else ""


@scoped
class HazardEvent(models.Model):
    """The hazard's timeline, written only by the services. Internal events are the police's and departments'."""

    hazard = models.ForeignKey(Hazard, verbose_name=_("hazard"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=HazardEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), default=timezone.now)
    message = models.TextField(_("message"), blank=True)
    internal = models.BooleanField(_("internal"), default=False)
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = HazardChildQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("hazard event")
        verbose_name_plural = _("hazard events")
        indexes = [models.Index(fields=["hazard", "at"], name="hazard_event_idx")]

    def __str__(self):
        return f"{self.hazard.reference} {self.get_kind_display()}"


@scoped
class HazardPhoto(models.Model):
    """A photo of the hazard as found, or of the fix (on site, by the enterprise)."""

    hazard = models.ForeignKey(Hazard, verbose_name=_("hazard"), on_delete=models.CASCADE, related_name="photos")
    kind = models.CharField(_("kind"), max_length=10, choices=PhotoKind.choices)
    file = models.FileField(_("photo"), upload_to="hazards/%Y/%m/")
    event = models.ForeignKey(HazardEvent, verbose_name=_("event"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="photos")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = HazardChildQuerySet.as_manager()

    class Meta:
        ordering = ["hazard", "uploaded_at", "pk"]
        verbose_name = _("hazard photo")
        verbose_name_plural = _("hazard photos")

    def __str__(self):
        return f"{self.hazard.reference} {self.get_kind_display()}"
