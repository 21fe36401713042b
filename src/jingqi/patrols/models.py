from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingqi.core.models import TimeStampedModel
from jingqi.core.scoping import scoped
from jingqi.core.text import LONG_TEXT, SHORT_TEXT

from .choices import (
    OPERATION_MACHINE,
    PATROL_MACHINE,
    VOLUNTEER_MACHINE,
    CoverPeriod,
    FindingKind,
    FindingStatus,
    MemberRole,
    Mode,
    OperationStatus,
    PatrolStatus,
    PlaceKind,
    RecognitionKind,
    ShiftSource,
    SolveStatus,
    SwapStatus,
    VolunteerStatus,
)
from .querysets import (
    CheckInQuerySet,
    FindingQuerySet,
    GuardChildQuerySet,
    GuardOperationQuerySet,
    GuardShiftQuerySet,
    PatrolChildQuerySet,
    PatrolQuerySet,
    PlaceQuerySet,
    SwapQuerySet,
    TeamQuerySet,
    VolunteerChildQuerySet,
    VolunteerQuerySet,
)

COORD = {"max_digits": 9, "decimal_places": 6, "null": True, "blank": True}


@scoped
class Team(TimeStampedModel):
    """A volunteer police team (义警队) of one enterprise, or of a whole park when ``enterprise`` is empty."""

    station = models.ForeignKey("registry.Station", verbose_name=_("station"), on_delete=models.PROTECT,
                                related_name="volunteer_teams")
    park = models.ForeignKey("registry.Park", verbose_name=_("park"), on_delete=models.PROTECT,
                             related_name="volunteer_teams")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="volunteer_teams")
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True, max_length=LONG_TEXT)
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["park", "name"]
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="patrol_team_name_uniq")]
        indexes = [models.Index(fields=["station", "park", "name"], name="patrol_team_list_idx")]

    def __str__(self):
        return self.name


@scoped
class Volunteer(TimeStampedModel):
    """A member of a team: a registry person (ID and phone encrypted there), optionally with a sign-in account."""

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey("registry.Person", verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="volunteer_memberships")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="volunteer")
    status = models.CharField(_("vetting status"), max_length=20, choices=VolunteerStatus.choices,
                              default=VolunteerStatus.APPLIED)
    status_note = models.CharField(_("reason or note"), max_length=SHORT_TEXT, blank=True)
    vetted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("vetted by"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    vetted_at = models.DateTimeField(_("vetted at"), null=True, blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    is_leader = models.BooleanField(_("team leader"), default=False)
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    #: Credited from check-ins by the services (never typed in); kept here so lists need no sums.
    service_minutes = models.PositiveIntegerField(_("service minutes"), default=0)
    points = models.PositiveIntegerField(_("points"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = VolunteerQuerySet.as_manager()
    machine = VOLUNTEER_MACHINE

    class Meta:
        ordering = ["team", "person__full_name"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [models.UniqueConstraint(fields=["team", "person"], name="patrol_volunteer_person_uniq")]
        indexes = [models.Index(fields=["team", "status"], name="patrol_volunteer_team_idx"),
                   # what the figures' refresh reads (changed since its last run)
                   models.Index(fields=["updated_at"], name="patrol_volunteer_updated_idx")]

    def __str__(self):
        return self.person.full_name

    @property
    def service_hours(self) -> float:
        return round(self.service_minutes / 60, 1)

    def can(self, action: str) -> bool:
        return self.machine.can(self.status, action)


@scoped
class AvailabilityWindow(models.Model):
    """A weekly window when the volunteer can serve (weekday 0 = Monday; an ``end`` before ``start`` runs past
    midnight)."""

    volunteer = models.ForeignKey(Volunteer, verbose_name=_("volunteer"), on_delete=models.CASCADE,
                                  related_name="windows")
    weekday = models.PositiveSmallIntegerField(_("weekday"), validators=[MaxValueValidator(6)])
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))

    objects = VolunteerChildQuerySet.as_manager()

    class Meta:
        ordering = ["volunteer", "weekday", "start"]
        verbose_name = _("availability window")
        verbose_name_plural = _("availability windows")

    def __str__(self):
        return f"{self.weekday} {self.start:%H:%M}-{self.end:%H:%M}"


@scoped
class AvailabilityException(models.Model):
    """A dated exception to the weekly pattern: away (``available`` false) or free outside it."""

    volunteer = models.ForeignKey(Volunteer, verbose_name=_("volunteer"), on_delete=models.CASCADE,
                                  related_name="exceptions")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    available = models.BooleanField(_("available"), default=False)
    note = models.CharField(_("note"), max_length=SHORT_TEXT, blank=True)

    objects = VolunteerChildQuerySet.as_manager()

    class Meta:
        ordering = ["volunteer", "starts_at"]
        verbose_name = _("availability exception")
        verbose_name_plural = _("availability exceptions")
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                              name="patrol_exception_order")]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}-{self.ends_at:%Y-%m-%d %H:%M}"


@scoped
class Recognition(TimeStampedModel):
    """A commendation or certificate given to a volunteer."""

    volunteer = models.ForeignKey(Volunteer, verbose_name=_("volunteer"), on_delete=models.CASCADE,
                                  related_name="recognitions")
    kind = models.CharField(_("kind"), max_length=20, choices=RecognitionKind.choices)
    title = models.CharField(_("title"), max_length=SHORT_TEXT)
    awarded_on = models.DateField(_("awarded on"))
    awarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("awarded by"), on_delete=models.PROTECT,
                                   related_name="+")
    note = models.TextField(_("note"), blank=True, max_length=LONG_TEXT)
    certificate = models.FileField(_("certificate"), upload_to="patrols/%Y/%m/", blank=True)

    objects = VolunteerChildQuerySet.as_manager()

    class Meta:
        ordering = ["-awarded_on", "-pk"]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")

    def __str__(self):
        return self.title


@scoped
class Place(TimeStampedModel):
    """A patrol area (Polygon), route (LineString) or checkpoint (Point), drawn on the park map as GeoJSON."""

    park = models.ForeignKey("registry.Park", verbose_name=_("park"), on_delete=models.PROTECT,
                             related_name="patrol_places")
    kind = models.CharField(_("kind"), max_length=20, choices=PlaceKind.choices)
    name = models.CharField(_("name"), max_length=100)
    geometry = models.JSONField(_("geometry (GeoJSON)"))
    risk_weight = models.PositiveSmallIntegerField(_("risk weight"), default=1,
                                                   validators=[MinValueValidator(1), MaxValueValidator(5)])
    cover_periods = models.JSONField(_("periods that need cover"), default=list, blank=True)
    route = models.ForeignKey("self", verbose_name=_("on route"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="checkpoints", limit_choices_to={"kind": PlaceKind.ROUTE})
    radius_m = models.PositiveIntegerField(_("check-in radius (m)"), default=100,
                                           validators=[MinValueValidator(10), MaxValueValidator(5000)])
    description = models.TextField(_("description"), blank=True, max_length=LONG_TEXT)
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["park", "kind", "name"]
        verbose_name = _("patrol place")
        verbose_name_plural = _("patrol places")
        constraints = [models.UniqueConstraint(fields=["park", "kind", "name"], name="patrol_place_name_uniq")]
        indexes = [models.Index(fields=["park", "kind", "name"], name="patrol_place_list_idx")]

    def __str__(self):
        return self.name

    @property
    def point(self) -> tuple[float, float] | None:
        """(longitude, latitude) of a checkpoint."""
        if self.kind == PlaceKind.CHECKPOINT and isinstance(self.geometry, dict):
            lon, lat = self.geometry["coordinates"][:2]
            return float(lon), float(lat)
        return None

    def cover_period_labels(self) -> list[str]:
        labels = dict(CoverPeriod.choices)
        return [str(labels.get(p, p)) for p in self.cover_periods]


@scoped
class Patrol(TimeStampedModel):
    """One patrol shift: who goes, how, along which route, when; check-ins and findings hang off it."""

    station = models.ForeignKey("registry.Station", verbose_name=_("station"), on_delete=models.PROTECT,
                                related_name="patrols")
    park = models.ForeignKey("registry.Park", verbose_name=_("park"), on_delete=models.PROTECT,
                             related_name="patrols")
    title = models.CharField(_("title"), max_length=100)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.FOOT)
    route = models.ForeignKey(Place, verbose_name=_("route or area"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="patrols")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    requires_officer = models.BooleanField(_("joint patrol: at least one officer"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=PatrolStatus.choices,
                              default=PatrolStatus.PLANNED)
    note = models.TextField(_("note"), blank=True, max_length=LONG_TEXT)
    series = models.CharField(_("series"), max_length=32, blank=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("planned by"), on_delete=models.PROTECT,
                                   related_name="+")
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = PatrolQuerySet.as_manager()
    machine = PATROL_MACHINE

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                              name="patrol_window_order")]
        indexes = [  # the first: what the figures' refresh reads (changed, or a deadline passed, since its last run)
                   models.Index(fields=["updated_at"], name="patrol_updated_idx"),
                   models.Index(fields=["station", "starts_at", "id"], name="patrol_station_start_idx"),
                   models.Index(fields=["park", "starts_at"], name="patrol_park_start_idx")]

    def __str__(self):
        return self.title

    def can(self, action: str) -> bool:
        return self.machine.can(self.status, action)


@scoped
class PatrolMember(models.Model):
    """One person on a patrol: an officer or auxiliary (``user``) or a volunteer (``volunteer``)."""

    patrol = models.ForeignKey(Patrol, verbose_name=_("patrol"), on_delete=models.CASCADE, related_name="members")
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("officer"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="patrol_memberships")
    volunteer = models.ForeignKey(Volunteer, verbose_name=_("volunteer"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="patrol_memberships")
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    credited_minutes = models.PositiveIntegerField(_("credited minutes"), default=0)

    objects = PatrolChildQuerySet.as_manager()

    class Meta:
        ordering = ["patrol", "role", "pk"]
        verbose_name = _("patrol member")
        verbose_name_plural = _("patrol members")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(user__isnull=False, volunteer__isnull=True)
                           | models.Q(user__isnull=True, volunteer__isnull=False)),
                name="patrol_member_one_person"),
            models.UniqueConstraint(fields=["patrol", "user"], name="patrol_member_user_uniq"),
            models.UniqueConstraint(fields=["patrol", "volunteer"], name="patrol_member_volunteer_uniq"),
        ]
        indexes = [models.Index(fields=["volunteer", "patrol"], name="patrol_member_volunteer_idx"),
                   models.Index(fields=["user", "patrol"], name="patrol_member_user_idx")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        if self.volunteer_id:
            return self.volunteer.person.full_name
        return self.user.full_name or self.user.username


@scoped
class CheckIn(models.Model):
    """A check-in at a checkpoint, on a patrol or a guard shift, with the phone's position when it gave one."""

    patrol = models.ForeignKey(Patrol, verbose_name=_("patrol"), null=True, blank=True, on_delete=models.CASCADE,
                               related_name="check_ins")
    shift = models.ForeignKey("GuardShift", verbose_name=_("guard shift"), null=True, blank=True,
                              on_delete=models.CASCADE, related_name="check_ins")
    checkpoint = models.ForeignKey(Place, verbose_name=_("checkpoint"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="check_ins")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked in by"), on_delete=models.PROTECT,
                             related_name="+")
    volunteer = models.ForeignKey(Volunteer, verbose_name=_("volunteer"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="check_ins")
    at = models.DateTimeField(_("time"))
    latitude = models.DecimalField(_("latitude"), **COORD)
    longitude = models.DecimalField(_("longitude"), **COORD)
    accuracy_m = models.PositiveIntegerField(_("accuracy (m)"), null=True, blank=True)
    distance_m = models.PositiveIntegerField(_("distance from the checkpoint (m)"), null=True, blank=True)
    far = models.BooleanField(_("far from the checkpoint"), default=False)
    no_position = models.BooleanField(_("no position given"), default=False)
    note = models.CharField(_("note"), max_length=SHORT_TEXT, blank=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [models.CheckConstraint(
            condition=(models.Q(patrol__isnull=False, shift__isnull=True)
                       | models.Q(patrol__isnull=True, shift__isnull=False)),
            name="patrol_checkin_one_duty")]
        indexes = [models.Index(fields=["patrol", "at"], name="patrol_checkin_patrol_idx"),
                   models.Index(fields=["shift", "at"], name="patrol_checkin_shift_idx"),
                   models.Index(fields=["volunteer", "at"], name="patrol_checkin_volunteer_idx"),
                   # The list's order: its scope joins through the patrol's or the shift's park, which no check-in
                   # index can lead with, so the list is read in order and the scope checked row by row.
                   models.Index(fields=["at", "id"], name="patrol_checkin_at_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M}"


@scoped
class Finding(TimeStampedModel):
    """Something seen on a patrol or a guard shift. A request or a dispute is opened in its own app through that
    app's service; a hazard waits (``awaiting``) for the inspections app's ledger, see ``services.FINDING_HANDLERS``."""

    station = models.ForeignKey("registry.Station", verbose_name=_("station"), on_delete=models.PROTECT,
                                related_name="patrol_findings")
    park = models.ForeignKey("registry.Park", verbose_name=_("park"), on_delete=models.PROTECT,
                             related_name="patrol_findings")
    patrol = models.ForeignKey(Patrol, verbose_name=_("patrol"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="findings")
    shift = models.ForeignKey("GuardShift", verbose_name=_("guard shift"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="findings")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("enterprise concerned"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="patrol_findings")
    kind = models.CharField(_("kind"), max_length=20, choices=FindingKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=FindingStatus.choices,
                              default=FindingStatus.RECORDED)
    description = models.TextField(_("what was seen"), max_length=LONG_TEXT)
    location = models.CharField(_("location"), max_length=SHORT_TEXT, blank=True)
    latitude = models.DecimalField(_("latitude"), **COORD)
    longitude = models.DecimalField(_("longitude"), **COORD)
    photo = models.FileField(_("photo"), upload_to="patrols/%Y/%m/", blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"),
                                    on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    ticket = models.ForeignKey("tickets.Ticket", verbose_name=_("request opened"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="patrol_findings")
    dispute = models.ForeignKey("disputes.Dispute", verbose_name=_("dispute opened"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="patrol_findings")
    #: Where a handler registered by another app (inspections' hazards) put the finding: "app.Model:pk".
    target = models.CharField(_("opened as"), max_length=80, blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_at", "-pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        indexes = [models.Index(fields=["station", "-reported_at", "-id"], name="patrol_finding_station_idx"),
                   models.Index(fields=["park", "-reported_at"], name="patrol_finding_park_idx"),
                   models.Index(fields=["kind", "status"], name="patrol_finding_kind_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description[:40]}"


@scoped
class GuardOperation(TimeStampedModel):
    """A guard operation (专项守护): a line or area in segments, guarded around the clock for a period."""

    station = models.ForeignKey("registry.Station", verbose_name=_("station"), on_delete=models.PROTECT,
                                related_name="guard_operations")
    park = models.ForeignKey("registry.Park", verbose_name=_("park"), on_delete=models.PROTECT,
                             related_name="guard_operations")
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True, max_length=LONG_TEXT)
    geometry = models.JSONField(_("line or area (GeoJSON)"), null=True, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    hours = models.PositiveIntegerField(_("length (hours)"), validators=[MinValueValidator(1),
                                                                         MaxValueValidator(24 * 62)])
    night_start = models.PositiveSmallIntegerField(_("night from (hour)"), default=22,
                                                   validators=[MaxValueValidator(23)])
    night_end = models.PositiveSmallIntegerField(_("night until (hour)"), default=6,
                                                 validators=[MaxValueValidator(23)])
    min_shift = models.PositiveSmallIntegerField(_("shortest shift (hours)"), default=2,
                                                 validators=[MinValueValidator(1), MaxValueValidator(24)])
    max_shift = models.PositiveSmallIntegerField(_("longest shift (hours)"), default=8,
                                                 validators=[MinValueValidator(1), MaxValueValidator(24)])
    min_rest = models.PositiveSmallIntegerField(_("rest between shifts (hours)"), default=8,
                                                validators=[MaxValueValidator(72)])
    max_week_hours = models.PositiveSmallIntegerField(_("most hours a week"), default=40,
                                                      validators=[MinValueValidator(1), MaxValueValidator(168)])
    max_nights_in_row = models.PositiveSmallIntegerField(_("most nights in a row"), default=3,
                                                         validators=[MaxValueValidator(62)])
    swap_needs_officer = models.BooleanField(_("a swap needs an officer's approval"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=OperationStatus.choices,
                              default=OperationStatus.DRAFT)
    # The last solve: its job's progress, and what it proved.
    solve_status = models.CharField(_("solve result"), max_length=20, choices=SolveStatus.choices, blank=True)
    solve_progress = models.PositiveSmallIntegerField(_("solve progress (%)"), default=0)
    solve_message = models.CharField(_("solve message"), max_length=SHORT_TEXT, blank=True)
    solve_started_at = models.DateTimeField(_("solve started at"), null=True, blank=True)
    solved_at = models.DateTimeField(_("solved at"), null=True, blank=True)
    solve_seconds = models.FloatField(_("solve time (s)"), null=True, blank=True)
    objective = models.FloatField(_("objective"), null=True, blank=True)
    bound = models.FloatField(_("bound"), null=True, blank=True)
    #: The slots the last solve could not cover, each with the reason the solver's diagnosis gave.
    uncovered = models.JSONField(_("uncovered slots"), default=list, blank=True)
    time_limit = models.PositiveIntegerField(_("time limit (s)"), default=30,
                                             validators=[MinValueValidator(1), MaxValueValidator(600)])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT,
                                   related_name="+")
    # Said when the operation is closed: whether anything was lost (theft, damage, injury) while it ran, and what.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    loss = models.BooleanField(_("a loss during the operation"), null=True, blank=True)
    loss_note = models.CharField(_("what was lost"), max_length=SHORT_TEXT, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = GuardOperationQuerySet.as_manager()
    machine = OPERATION_MACHINE

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("guard operation")
        verbose_name_plural = _("guard operations")
        indexes = [  # the first: what the figures' refresh reads (changed, or a deadline passed, since its last run)
                   models.Index(fields=["updated_at"], name="patrol_operation_updated_idx"),
                   models.Index(fields=["station", "-starts_at", "-id"], name="patrol_operation_station_idx"),
                   models.Index(fields=["park", "-starts_at"], name="patrol_operation_park_idx")]

    def __str__(self):
        return self.name

    def can(self, action: str) -> bool:
        return self.machine.can(self.status, action)

    @property
    def ends_at(self):
        return self.starts_at + timezone.timedelta(hours=self.hours)


@scoped
class GuardSegment(models.Model):
    """One stretch of the guarded line or area, with the people it needs by day and by night."""

    operation = models.ForeignKey(GuardOperation, verbose_name=_("guard operation"), on_delete=models.CASCADE,
                                  related_name="segments")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100, blank=True)
    geometry = models.JSONField(_("geometry (GeoJSON)"), null=True, blank=True)
    need = models.PositiveSmallIntegerField(_("people by day"), default=1, validators=[MaxValueValidator(20)])
    night_need = models.PositiveSmallIntegerField(_("people at night"), default=1, validators=[MaxValueValidator(20)])
    officer_at_night = models.BooleanField(_("an officer at night"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = GuardChildQuerySet.as_manager()

    class Meta:
        ordering = ["operation", "order", "code"]
        verbose_name = _("guard segment")
        verbose_name_plural = _("guard segments")
        constraints = [models.UniqueConstraint(fields=["operation", "code"], name="patrol_segment_code_uniq")]

    def __str__(self):
        return self.name or self.code


@scoped
class GuardPerson(models.Model):
    """Someone in an operation's pool: an officer (``user``) or a volunteer, the segments they may stand on, and the
    hours (counted from the operation's start) they are available — taken from the volunteer's pattern when added."""

    operation = models.ForeignKey(GuardOperation, verbose_name=_("guard operation"), on_delete=models.CASCADE,
                                  related_name="people")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("officer"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="guard_pools")
    volunteer = models.ForeignKey(Volunteer, verbose_name=_("volunteer"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="guard_pools")
    is_officer = models.BooleanField(_("officer"), default=False)
    segments = models.ManyToManyField(GuardSegment, verbose_name=_("may stand on"), blank=True, related_name="+")
    available = models.JSONField(_("available hours"), default=list, blank=True)
    preferences = models.JSONField(_("preferences"), default=dict, blank=True)

    objects = GuardChildQuerySet.as_manager()

    class Meta:
        ordering = ["operation", "-is_officer", "pk"]
        verbose_name = _("guard pool member")
        verbose_name_plural = _("guard pool")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(user__isnull=False, volunteer__isnull=True)
                           | models.Q(user__isnull=True, volunteer__isnull=False)),
                name="patrol_guard_person_one"),
            models.UniqueConstraint(fields=["operation", "user"], name="patrol_guard_user_uniq"),
            models.UniqueConstraint(fields=["operation", "volunteer"], name="patrol_guard_volunteer_uniq"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        if self.volunteer_id:
            return self.volunteer.person.full_name
        return self.user.full_name or self.user.username

    @property
    def code(self) -> str:
        """The id this person has in the solver's instance."""
        return f"P{self.pk}"


@scoped
class GuardShift(models.Model):
    """One person on one segment for a contiguous range of hours (counted from the operation's start)."""

    operation = models.ForeignKey(GuardOperation, verbose_name=_("guard operation"), on_delete=models.CASCADE,
                                  related_name="shifts")
    person = models.ForeignKey(GuardPerson, verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="shifts")
    segment = models.ForeignKey(GuardSegment, verbose_name=_("segment"), on_delete=models.PROTECT,
                                related_name="shifts")
    start = models.PositiveIntegerField(_("from hour"))
    end = models.PositiveIntegerField(_("until hour"))
    source = models.CharField(_("source"), max_length=20, choices=ShiftSource.choices, default=ShiftSource.SOLVER)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    credited_minutes = models.PositiveIntegerField(_("credited minutes"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = GuardShiftQuerySet.as_manager()

    class Meta:
        ordering = ["operation", "start", "segment__order", "pk"]
        verbose_name = _("guard shift")
        verbose_name_plural = _("guard shifts")
        constraints = [models.CheckConstraint(condition=models.Q(end__gt=models.F("start")),
                                              name="patrol_shift_order")]
        indexes = [  # the first: what the figures' refresh reads (changed, or a deadline passed, since its last run)
                   models.Index(fields=["checked_out_at"], name="patrol_shift_checked_out_idx"),
                   models.Index(fields=["operation", "start"], name="patrol_shift_operation_idx"),
                   models.Index(fields=["person", "start"], name="patrol_shift_person_idx")]

    def __str__(self):
        return f"{self.segment} {self.start}-{self.end}"

    @property
    def starts_at(self):
        return self.operation.starts_at + timezone.timedelta(hours=self.start)

    @property
    def ends_at(self):
        return self.operation.starts_at + timezone.timedelta(hours=self.end)

    @property
    def hours(self) -> int:
        return self.end - self.start


@scoped
class SwapRequest(TimeStampedModel):
    """A volunteer asks another in the pool to take a shift; the rules are re-checked before it is accepted."""

    shift = models.ForeignKey(GuardShift, verbose_name=_("shift"), on_delete=models.CASCADE,
                              related_name="swap_requests")
    requester = models.ForeignKey(GuardPerson, verbose_name=_("asked by"), on_delete=models.PROTECT,
                                  related_name="+")
    taker = models.ForeignKey(GuardPerson, verbose_name=_("asked of"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=SwapStatus.choices, default=SwapStatus.ASKED)
    reason = models.CharField(_("reason"), max_length=SHORT_TEXT, blank=True)
    problems = models.JSONField(_("rules it breaks"), default=list, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = SwapQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("swap request")
        verbose_name_plural = _("swap requests")
        indexes = [models.Index(fields=["shift", "status"], name="patrol_swap_shift_idx")]

    def __str__(self):
        return f"{self.shift} → {self.taker}"
