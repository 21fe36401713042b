from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingqi.core.models import TimeStampedModel
from jingqi.core.scoping import scoped
from jingqi.core.text import LONG_TEXT, SHORT_TEXT

from .choices import (
    MACHINE,
    OPEN_STATUSES,
    AgreementStatus,
    EventKind,
    Kind,
    Level,
    MediatorRole,
    Outcome,
    SessionResult,
    Side,
    Source,
    Status,
    TransferBody,
    Urgency,
)
from .querysets import (
    AgreementQuerySet,
    DisputeChildQuerySet,
    DisputeEventQuerySet,
    DisputeQuerySet,
    PartyQuerySet,
)

TITLE_LIMIT = 120
MONEY = {"max_digits": 14, "decimal_places": 2}


@scoped
class Dispute(TimeStampedModel):
    """A dispute (矛盾纠纷) from report to archive."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    station = models.ForeignKey("registry.Station", verbose_name=_("station"), on_delete=models.PROTECT,
                                related_name="disputes")
    park = models.ForeignKey("registry.Park", verbose_name=_("park"), on_delete=models.PROTECT,
                             related_name="disputes")
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.ROUTINE)
    title = models.CharField(_("title"), max_length=TITLE_LIMIT)
    description = models.TextField(_("what happened"), max_length=LONG_TEXT)
    amount = models.DecimalField(_("amount in dispute (yuan)"), null=True, blank=True,
                                 validators=[MinValueValidator(Decimal("0"))], **MONEY)
    people_involved = models.PositiveIntegerField(_("people involved"), default=1)
    blocking = models.BooleanField(_("a gate, road or site is blocked"), default=False)
    is_group = models.BooleanField(_("group dispute"), default=False, db_index=True)
    location = models.CharField(_("location"), max_length=SHORT_TEXT, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    ticket = models.ForeignKey("tickets.Ticket", verbose_name=_("from request"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="disputes")

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REPORTED)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    level = models.CharField(_("settled at"), max_length=20, choices=Level.choices, blank=True)
    status_note = models.TextField(_("reason or note"), blank=True)
    facts = models.TextField(_("facts found"), blank=True)
    mediator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("lead mediator"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="mediated_disputes")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"),
                                    on_delete=models.PROTECT, related_name="+")

    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    contacted_at = models.DateTimeField(_("first contact at"), null=True, blank=True)
    onsite_at = models.DateTimeField(_("on site at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("mediation ended at"), null=True, blank=True)
    followed_up_at = models.DateTimeField(_("followed up at"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    # The rapid-response clock: first contact for every dispute, arrival on site for group disputes.
    contact_due_at = models.DateTimeField(_("first contact due"))
    onsite_due_at = models.DateTimeField(_("arrival due"), null=True, blank=True)
    deadline_estimated = models.BooleanField(_("deadline estimated"), default=False)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)

    transfer_body = models.CharField(_("transferred to"), max_length=30, choices=TransferBody.choices, blank=True)
    transfer_receiver = models.CharField(_("receiving body"), max_length=SHORT_TEXT, blank=True)
    transferred_on = models.DateField(_("transferred on"), null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up visit"), blank=True)
    follow_up_satisfied = models.BooleanField(_("parties satisfied at follow-up"), null=True, blank=True)
    # An overdue instalment hands the dispute back to its mediator until someone acts on it.
    needs_mediator = models.BooleanField(_("returned to the mediator"), default=False)
    version = models.PositiveIntegerField(default=1)

    objects = DisputeQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_at", "-pk"]
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        indexes = [
            # what the figures' refresh reads (changed, or a deadline passed, since its last run)
            models.Index(fields=["updated_at"], name="dispute_updated_idx"),
            models.Index(fields=["station", "-reported_at"], name="dispute_station_reported_idx"),
            models.Index(fields=["park", "-reported_at"], name="dispute_park_reported_idx"),
            models.Index(fields=["status", "-reported_at"], name="dispute_status_reported_idx"),
            models.Index(fields=["mediator", "-reported_at"], name="dispute_mediator_reported_idx"),
            # The escalation sweep: open disputes by their first-contact deadline.
            models.Index(fields=["contact_due_at"], condition=models.Q(contacted_at__isnull=True),
                         name="dispute_contact_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(name="dispute_people_positive", condition=models.Q(people_involved__gte=1)),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def can(self, action: str) -> bool:
        return MACHINE.can(self.status, action)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def contact_overdue(self, now=None) -> bool:
        return self.is_open and self.contacted_at is None and self.contact_due_at < (now or timezone.now())

    def onsite_overdue(self, now=None) -> bool:
        return (self.is_open and self.onsite_due_at is not None and self.onsite_at is None
                and self.onsite_due_at < (now or timezone.now()))


@scoped
class DisputeParty(TimeStampedModel):
    """One side's party: an enterprise of the registry, a person (registry person: ID and phone encrypted)
    or an outside organisation; a group of workers may be one party with its headcount."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="parties")
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="dispute_parties")
    person = models.ForeignKey("registry.Person", verbose_name=_("person"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="dispute_parties")
    organisation = models.CharField(_("organisation"), max_length=SHORT_TEXT, blank=True)
    headcount = models.PositiveIntegerField(_("people in this party"), default=1)
    representative = models.CharField(_("represented by"), max_length=SHORT_TEXT, blank=True,
                                      help_text=_("Lawyer, agent or worker representative, if any."))

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["dispute", "side", "pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        indexes = [models.Index(fields=["enterprise", "dispute"], name="dispute_party_enterprise_idx")]
        constraints = [
            models.CheckConstraint(
                name="dispute_party_one_kind",
                condition=(models.Q(enterprise__isnull=False, person__isnull=True, organisation="")
                           | models.Q(enterprise__isnull=True, person__isnull=False, organisation="")
                           | models.Q(enterprise__isnull=True, person__isnull=True) & ~models.Q(organisation="")),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        if self.enterprise_id:
            return self.enterprise.name
        if self.person_id:
            return self.person.full_name
        return self.organisation

    @property
    def masked_name(self) -> str:
        """What the other side's liaison may read of a person: the family name only."""
        if self.person_id:
            return self.person.full_name[:1] + "*" * max(1, len(self.person.full_name) - 1)
        return self.name


@scoped
class MediationSession(TimeStampedModel):
    """One mediation meeting (调解会): planned, then held with its attendance and minutes."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("session"))
    planned_at = models.DateTimeField(_("planned for"))
    place = models.CharField(_("place"), max_length=SHORT_TEXT)
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    attended = models.ManyToManyField(DisputeParty, verbose_name=_("parties present"), blank=True,
                                      related_name="sessions_attended")
    minutes = models.TextField(_("minutes"), blank=True)
    result = models.CharField(_("result"), max_length=20, choices=SessionResult.choices, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    objects = DisputeChildQuerySet.as_manager()

    class Meta:
        ordering = ["dispute", "number"]
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        constraints = [models.UniqueConstraint(fields=["dispute", "number"], name="mediation_session_number_uniq")]
        indexes = [models.Index(fields=["planned_at"], name="mediation_session_planned_idx")]

    def __str__(self):
        return f"{self.dispute.reference} #{self.number}"


@scoped
class SessionMediator(models.Model):
    """Who mediated at a session: a Jingqi user (officer, volunteer, department staff) or an outside
    mediator named with their organisation (people's mediator, lawyer, judge)."""

    session = models.ForeignKey(MediationSession, on_delete=models.CASCADE, related_name="mediators")
    role = models.CharField(_("role"), max_length=20, choices=MediatorRole.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="mediation_seats")
    name = models.CharField(_("name"), max_length=60)
    organisation = models.CharField(_("organisation"), max_length=SHORT_TEXT, blank=True)

    objects = DisputeChildQuerySet.as_manager()
    dispute_path = "session__dispute"

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("mediator")
        verbose_name_plural = _("mediators")

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


@scoped
class Agreement(TimeStampedModel):
    """The mediation agreement (调解协议): its terms and a schedule of instalments."""

    dispute = models.OneToOneField(Dispute, on_delete=models.CASCADE, related_name="agreement")
    signed_on = models.DateField(_("signed on"))
    # What both sides sign as the facts of the dispute (纠纷主要事实): never the police's internal findings.
    facts = models.TextField(_("facts as agreed"), max_length=LONG_TEXT, blank=True)
    terms = models.TextField(_("terms"), max_length=LONG_TEXT)
    total_amount = models.DecimalField(_("amount agreed (yuan)"), validators=[MinValueValidator(Decimal("0"))],
                                       **MONEY)
    status = models.CharField(_("status"), max_length=20, choices=AgreementStatus.choices,
                              default=AgreementStatus.PERFORMING)
    fulfilled_on = models.DateField(_("fulfilled on"), null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("mediation agreement")
        verbose_name_plural = _("mediation agreements")
        constraints = [models.CheckConstraint(name="agreement_total_not_negative",
                                              condition=models.Q(total_amount__gte=0))]

    def __str__(self):
        return _("Agreement of %(reference)s") % {"reference": self.dispute.reference}


@scoped
class Instalment(models.Model):
    """One due amount of the schedule (分期履行)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="instalments")
    number = models.PositiveSmallIntegerField(_("instalment"))
    due_on = models.DateField(_("due on"))
    amount = models.DecimalField(_("amount (yuan)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    paid_amount = models.DecimalField(_("paid (yuan)"), default=Decimal("0"), **MONEY)
    paid_on = models.DateField(_("paid in full on"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    defaulted_at = models.DateTimeField(_("flagged overdue at"), null=True, blank=True)

    objects = DisputeChildQuerySet.as_manager()
    dispute_path = "agreement__dispute"

    class Meta:
        ordering = ["agreement", "number"]
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="instalment_number_uniq"),
            models.CheckConstraint(name="instalment_amount_positive", condition=models.Q(amount__gt=0)),
            models.CheckConstraint(name="instalment_not_overpaid",
                                   condition=models.Q(paid_amount__gte=0, paid_amount__lte=models.F("amount"))),
        ]
        # The reminder and default sweeps: unpaid instalments by due date.
        indexes = [models.Index(fields=["due_on"], condition=models.Q(paid_on__isnull=True),
                                name="instalment_unpaid_due_idx")]

    def __str__(self):
        return f"{self.agreement.dispute.reference} #{self.number}"

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.paid_amount

    @property
    def paid_late(self) -> bool:
        return self.paid_on is not None and self.paid_on > self.due_on

    def is_overdue(self, today=None) -> bool:
        return self.paid_on is None and self.due_on < (today or timezone.localdate())


@scoped
class Payment(models.Model):
    """A payment towards an instalment, with its reference (bank slip, receipt) and proof."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="payments")
    instalment = models.ForeignKey(Instalment, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("payment reference"), max_length=60)
    proof = models.ForeignKey("disputes.DisputeDocument", verbose_name=_("proof"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = DisputeChildQuerySet.as_manager()
    dispute_path = "agreement__dispute"

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "reference"], name="payment_reference_uniq"),
            models.CheckConstraint(name="payment_amount_positive", condition=models.Q(amount__gt=0)),
        ]

    def __str__(self):
        return f"{self.reference} {self.amount}"


@scoped
class DisputeEvent(models.Model):
    """The timeline: one row per thing that happened, written only by the services (events.py)."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField(default=timezone.now)
    message = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    internal = models.BooleanField(_("internal"), default=False, help_text=_("Hidden from the parties."))

    objects = DisputeEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("dispute event")
        verbose_name_plural = _("dispute events")
        indexes = [models.Index(fields=["dispute", "at"], name="dispute_event_at_idx")]

    def __str__(self):
        return f"{self.dispute.reference} {self.get_kind_display()}"


@scoped
class DisputeDocument(models.Model):
    """A document of the file: evidence, a signed agreement scan, a payment proof."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="disputes/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    internal = models.BooleanField(_("internal"), default=True)

    objects = DisputeEventQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("dispute document")
        verbose_name_plural = _("dispute documents")

    def __str__(self):
        return self.original_name
