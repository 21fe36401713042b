from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jingqi.core.errors import ActionError
from jingqi.core.models import TimeStampedModel
from jingqi.core.pii import EncryptedTextField, display_phone, mask_id_number, mask_phone
from jingqi.core.scoping import scoped
from jingqi.core.workcalendar import DEFAULT_HOURS, parse_business_hours

from . import industry
from .choices import (
    ContactRole,
    EnterpriseStatus,
    ParkKind,
    StationingMode,
    TeamRole,
    VisitKind,
)
from .querysets import (
    EnterpriseOwnedQuerySet,
    EnterpriseQuerySet,
    ParkQuerySet,
    PersonQuerySet,
    StationingQuerySet,
    StationOwnedQuerySet,
    StationQuerySet,
    VisitQuerySet,
)

LATITUDE = [MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))]
LONGITUDE = [MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))]


@scoped
class Station(TimeStampedModel):
    """A police station (派出所). Its code is what integrations use as the jurisdiction."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.CharField(_("region"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    business_hours = models.CharField(
        _("business hours"), max_length=100, default=DEFAULT_HOURS,
        help_text=_("Working periods of a working day, local time, e.g. 08:30-12:00,13:30-17:30."),
    )

    objects = StationQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("police station")
        verbose_name_plural = _("police stations")

    def __str__(self):
        return self.name

    def clean(self):
        try:
            parse_business_hours(self.business_hours)
        except ActionError as exc:
            raise exc.as_validation_error()

    @property
    def business_intervals(self):
        return parse_business_hours(self.business_hours)


@scoped
class Office(TimeStampedModel):
    """A community police office (警务室) that serves one or more parks."""

    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="offices")
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)

    objects = StationOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("police office")
        verbose_name_plural = _("police offices")

    def __str__(self):
        return self.name


@scoped
class Park(TimeStampedModel):
    """An industrial park or enterprise community, with its boundary (GeoJSON) and computed area."""

    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="parks")
    office = models.ForeignKey(
        Office, verbose_name=_("police office"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="parks",
    )
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=ParkKind.choices)
    boundary = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=9, decimal_places=2, null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = ParkQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("park")
        verbose_name_plural = _("parks")

    def __str__(self):
        return self.name


@scoped
class Department(TimeStampedModel):
    """A partner department (职能部门): market regulation, labour, transport, fire, tax, ..."""

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="departments"
    )
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    duty_phone = models.CharField(_("duty phone"), max_length=30, blank=True)

    objects = StationOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name


@scoped
class Stationing(TimeStampedModel):
    """How a department is present at an office: permanent, rotating or on call (常驻/轮驻/随驻)."""

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.CASCADE, related_name="stationings"
    )
    office = models.ForeignKey(Office, verbose_name=_("police office"), on_delete=models.CASCADE,
                               related_name="stationings")
    mode = models.CharField(_("mode"), max_length=20, choices=StationingMode.choices)
    schedule = models.CharField(_("schedule"), max_length=200, blank=True,
                                help_text=_("For rotating presence, e.g. “Tuesday and Thursday mornings”."))

    objects = StationingQuerySet.as_manager()

    class Meta:
        ordering = ["office", "department"]
        verbose_name = _("stationing")
        verbose_name_plural = _("stationings")
        constraints = [
            models.UniqueConstraint(fields=["department", "office"], name="stationing_department_office_uniq")
        ]

    def __str__(self):
        return f"{self.department} @ {self.office} ({self.get_mode_display()})"


@scoped
class Enterprise(TimeStampedModel):
    park = models.ForeignKey(Park, verbose_name=_("park"), on_delete=models.PROTECT, related_name="enterprises")
    name = models.CharField(_("name"), max_length=150, db_index=True)
    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    industry_code = models.CharField(_("industry code (GB/T 4754)"), max_length=5, db_index=True)
    above_designated_size = models.BooleanField(_("above designated size"), default=False)
    listed = models.BooleanField(_("listed"), default=False)
    key_enterprise = models.BooleanField(_("key enterprise"), default=False)
    headcount = models.PositiveIntegerField(_("headcount"), default=0)
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   validators=LATITUDE)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=LONGITUDE)
    status = models.CharField(_("status"), max_length=20, choices=EnterpriseStatus.choices,
                              default=EnterpriseStatus.ACTIVE)
    production_hours = models.CharField(
        _("production hours"), max_length=100, blank=True,
        help_text=_("When the enterprise works on a working day, local time, e.g. 07:30-11:30,12:30-16:30 "
                    "(00:00-24:00 for round-the-clock shifts). Empty: the station's business hours."))
    # Bumped on every change; an edit based on an older version is refused, never silently lost.
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        indexes = [
            models.Index(fields=["park", "name"], name="enterprise_park_name_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def production_intervals(self):
        """When the enterprise works on a working day: its own production hours, else its station's business
        hours (the park and station are read: select them with the enterprise when reading many)."""
        if self.production_hours:
            return parse_business_hours(self.production_hours)
        return self.park.station.business_intervals

    @property
    def industry_section(self) -> str:
        return industry.section_name(self.industry_code)

    @property
    def industry_division(self) -> str:
        return industry.division_name(self.industry_code)


@scoped
class Person(TimeStampedModel):
    """A natural person known to the registry. ID number and phone are encrypted at rest.

    ``*_index`` are keyed blind indexes of the normalised values: an exact look-up works, nothing
    else about the value can be read from them.
    """

    full_name = models.CharField(_("full name"), max_length=60)
    id_number = EncryptedTextField(_("ID number"), blank=True)
    id_number_index = models.CharField(max_length=64, blank=True, editable=False)
    phone = EncryptedTextField(_("phone"), blank=True)
    phone_index = models.CharField(max_length=64, blank=True, editable=False, db_index=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_index"], condition=~models.Q(id_number_index=""),
                name="person_id_number_index_uniq",
            )
        ]

    def __str__(self):
        return self.full_name

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone) if self.phone else ""


@scoped
class Contact(TimeStampedModel):
    """A person's role at an enterprise (legal representative, security head, liaison, ...)."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE,
                                   related_name="contacts")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="contacts")
    role = models.CharField(_("role"), max_length=30, choices=ContactRole.choices)
    title = models.CharField(_("job title"), max_length=60, blank=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "role"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "person", "role"], name="contact_uniq")
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


@scoped
class TeamMember(TimeStampedModel):
    """One member of an enterprise's team (一企一团队): a staff account or one of its own contacts."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE,
                                   related_name="team")
    role = models.CharField(_("team role"), max_length=20, choices=TeamRole.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("staff member"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="enterprise_teams")
    contact = models.ForeignKey(Contact, verbose_name=_("enterprise contact"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="team_roles")

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "role"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.CheckConstraint(
                name="team_member_is_user_xor_contact",
                condition=(models.Q(user__isnull=False, contact__isnull=True)
                           | models.Q(user__isnull=True, contact__isnull=False)),
            ),
            models.UniqueConstraint(fields=["enterprise", "role", "user"], name="team_member_user_uniq"),
            models.UniqueConstraint(fields=["enterprise", "role", "contact"], name="team_member_contact_uniq"),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.user or self.contact}"


@scoped
class Strategy(TimeStampedModel):
    """The enterprise's strategy (一企一策略): what the police and the enterprise agreed on."""

    enterprise = models.OneToOneField(Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE,
                                      related_name="strategy")
    risk_notes = models.TextField(_("risks and concerns"), blank=True)
    service_package = models.TextField(_("agreed service package"), blank=True)
    measures = models.TextField(_("measures"), blank=True)
    review_date = models.DateField(_("next review"), null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self):
        return str(self.enterprise)


@scoped
class Visit(TimeStampedModel):
    """A liaison visit (走访) or other contact, with what was collected."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE,
                                   related_name="visits")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("officer"), on_delete=models.PROTECT,
                                related_name="visits")
    kind = models.CharField(_("kind"), max_length=30, choices=VisitKind.choices, default=VisitKind.ROUTINE)
    visited_at = models.DateTimeField(_("visited at"))
    collected = models.JSONField(_("collected"), default=list, blank=True)
    summary = models.TextField(_("summary"))
    follow_up = models.TextField(_("follow-up needed"), blank=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["-visited_at"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [models.Index(fields=["enterprise", "-visited_at"], name="visit_enterprise_time_idx")]

    def __str__(self):
        return f"{self.enterprise} {self.visited_at:%Y-%m-%d}"

    def collected_labels(self) -> list[str]:
        from .choices import CollectedItem

        labels = dict(CollectedItem.choices)
        return [str(labels.get(item, item)) for item in self.collected]
