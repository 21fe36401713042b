import hashlib
import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from jingqi.core.models import TimeStampedModel
from jingqi.core.scoping import scoped
from jingqi.core.text import LONG_TEXT

from .choices import (
    MACHINE,
    OPEN_STATUSES,
    TASK_MACHINE,
    Channel,
    EventKind,
    Outcome,
    Status,
    TaskStatus,
)
from .querysets import AttachmentQuerySet, TicketEventQuerySet, TicketQuerySet, TicketTaskQuerySet

# Free text is held to the limits of core.text (check_text in the services, text_field in the forms).
DESCRIPTION_LIMIT = LONG_TEXT
TITLE_LIMIT = 120


@scoped
class Ticket(TimeStampedModel):
    """An enterprise's request (诉求), from intake to rating."""

    reference = models.CharField(gettext_lazy("reference"), max_length=40, unique=True)
    station = models.ForeignKey("registry.Station", verbose_name=gettext_lazy("station"),
                                on_delete=models.PROTECT, related_name="tickets")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=gettext_lazy("enterprise"),
                                   on_delete=models.PROTECT, related_name="tickets")
    service_item = models.ForeignKey("catalog.ServiceItem", verbose_name=gettext_lazy("service item"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="tickets")
    kind = models.CharField(gettext_lazy("request kind"), max_length=20)
    channel = models.CharField(gettext_lazy("channel"), max_length=20, choices=Channel.choices)
    title = models.CharField(gettext_lazy("title"), max_length=TITLE_LIMIT)
    description = models.TextField(gettext_lazy("description"), max_length=DESCRIPTION_LIMIT)
    address = models.CharField(gettext_lazy("address"), max_length=200, blank=True)
    latitude = models.DecimalField(gettext_lazy("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(gettext_lazy("longitude"), max_digits=9, decimal_places=6, null=True,
                                    blank=True)
    status = models.CharField(gettext_lazy("status"), max_length=20, choices=Status.choices,
                              default=Status.SUBMITTED, db_index=True)
    outcome = models.CharField(gettext_lazy("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    status_note = models.TextField(gettext_lazy("reason or note"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("submitted by"),
                                     on_delete=models.PROTECT, related_name="+")
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("handling officer"), null=True,
                                blank=True, on_delete=models.PROTECT, related_name="handled_tickets")
    submitted_at = models.DateTimeField(gettext_lazy("submitted at"), default=timezone.now)
    accepted_at = models.DateTimeField(gettext_lazy("accepted at"), null=True, blank=True)
    first_response_at = models.DateTimeField(gettext_lazy("first response at"), null=True, blank=True)
    # Acceptance tells the enterprise nothing yet: the first reply is the first thing it can read that
    # answers it (a staff comment it sees, a department's reply, the resolution or the rejection).
    first_replied_at = models.DateTimeField(gettext_lazy("first reply to the enterprise at"), null=True, blank=True)
    onsite_at = models.DateTimeField(gettext_lazy("on site at"), null=True, blank=True)
    resolved_at = models.DateTimeField(gettext_lazy("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(gettext_lazy("closed at"), null=True, blank=True)
    response_due_at = models.DateTimeField(gettext_lazy("response due"))
    resolution_due_at = models.DateTimeField(gettext_lazy("resolution due"), db_index=True)
    deadline_estimated = models.BooleanField(
        gettext_lazy("deadline estimated"), default=False,
        help_text=gettext_lazy("The official holiday schedule for part of the period is not known yet."),
    )
    reopened_count = models.PositiveSmallIntegerField(gettext_lazy("times reopened"), default=0)
    rating = models.PositiveSmallIntegerField(gettext_lazy("rating"), null=True, blank=True,
                                              validators=[MinValueValidator(1), MaxValueValidator(5)])
    rating_comment = models.TextField(gettext_lazy("rating comment"), blank=True)
    rated_at = models.DateTimeField(gettext_lazy("rated at"), null=True, blank=True)
    needs_supervisor = models.BooleanField(gettext_lazy("returned to the supervisor"), default=False)
    escalation_level = models.PositiveSmallIntegerField(gettext_lazy("escalation level"), default=0)
    # Handed to Open311 clients with the new request (GeoReport v2 tokens/{token}).
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    objects = TicketQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = gettext_lazy("request")
        verbose_name_plural = gettext_lazy("requests")
        # ticket_station_submitted_idx: a station's list in its default order, whatever the status, ties by id
        # (Open311's pages), so that neither database sorts any part of a page apart.
        indexes = [  # the first: what the figures' refresh reads (changed, or a deadline passed, since its last run)
                   models.Index(fields=["updated_at"], name="ticket_updated_idx"),
                   models.Index(fields=["response_due_at"], name="ticket_response_due_idx"),
                   models.Index(fields=["station", "status", "-submitted_at"], name="ticket_station_status_idx"),
                   models.Index(fields=["station", "-submitted_at", "-id"], name="ticket_station_submitted_idx"),
                   models.Index(fields=["enterprise", "status"], name="ticket_enterprise_status_idx")]
        constraints = [
            models.CheckConstraint(name="ticket_rating_1_to_5",
                                   condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5)),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def can(self, action: str) -> bool:
        return MACHINE.can(self.status, action)

    def require_transition(self, action: str) -> None:
        MACHINE.require(self, action)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, now=None) -> bool:
        return bool(self.overdue_deadline(now))

    def overdue_deadline(self, now=None) -> str:
        """Which deadline is missed: "response", "resolution" or "" (the response one counts first)."""
        now = now or timezone.now()
        if not self.is_open:
            return ""
        if self.status == Status.SUBMITTED and self.response_due_at < now:
            return "response"
        return "resolution" if self.resolution_due_at < now else ""

    @property
    def resolved_on_time(self) -> bool | None:
        if self.resolved_at is None:
            return None
        return self.resolved_at <= self.resolution_due_at


@scoped
class TicketTask(TimeStampedModel):
    """One department called in by the "whistle" (吹哨): its own assignee, deadline, status and reply."""

    ticket = models.ForeignKey(Ticket, verbose_name=gettext_lazy("request"), on_delete=models.CASCADE,
                               related_name="tasks")
    department = models.ForeignKey("registry.Department", verbose_name=gettext_lazy("department"),
                                   on_delete=models.PROTECT, related_name="ticket_tasks")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("assignee"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="ticket_tasks")
    status = models.CharField(gettext_lazy("status"), max_length=20, choices=TaskStatus.choices,
                              default=TaskStatus.OPEN)
    instructions = models.TextField(gettext_lazy("instructions"), blank=True)
    reply = models.TextField(gettext_lazy("reply"), blank=True)
    due_at = models.DateTimeField(gettext_lazy("due"))
    due_estimated = models.BooleanField(default=False)
    accepted_at = models.DateTimeField(gettext_lazy("accepted at"), null=True, blank=True)
    onsite_at = models.DateTimeField(gettext_lazy("on site at"), null=True, blank=True)
    completed_at = models.DateTimeField(gettext_lazy("completed at"), null=True, blank=True)
    # Set when the department answered by phone or in person and the police typed its reply in: the reply
    # is the department's, the record of it is theirs (shown as such, never as the department's own action).
    reply_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL,
                                          verbose_name=gettext_lazy("reply recorded on the department's behalf by"),
                                          null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    escalation_level = models.PositiveSmallIntegerField(default=0)

    objects = TicketTaskQuerySet.as_manager()

    class Meta:
        ordering = ["ticket", "pk"]
        verbose_name = gettext_lazy("department task")
        verbose_name_plural = gettext_lazy("department tasks")
        constraints = [models.UniqueConstraint(fields=["ticket", "department"], name="ticket_task_department_uniq")]
        # The department workbench: its open tasks by deadline (selectors.open_tasks_for_department).
        indexes = [  # the first: what the figures' refresh reads (changed, or a deadline passed, since its last run)
                   models.Index(fields=["updated_at"], name="ticket_task_updated_idx"),
                   models.Index(fields=["due_at"], name="ticket_task_due_idx"),
                   models.Index(fields=["department", "due_at"], condition=~models.Q(status="done"),
                                name="ticket_task_open_due_idx")]

    def __str__(self):
        return f"{self.ticket.reference} → {self.department}"

    def require_transition(self, action: str) -> None:
        TASK_MACHINE.require(self, action)

    def is_overdue(self, now=None) -> bool:
        return self.status != TaskStatus.DONE and self.due_at < (now or timezone.now())

    @property
    def completed_late(self) -> bool:
        return self.completed_at is not None and self.completed_at > self.due_at


@scoped
class TicketEvent(models.Model):
    """The timeline: one row per thing that happened, written only by the services (events.py)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    task = models.ForeignKey(TicketTask, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(gettext_lazy("kind"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField(default=timezone.now)
    message = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    internal = models.BooleanField(gettext_lazy("internal"), default=False,
                                   help_text=gettext_lazy("Hidden from the enterprise."))

    objects = TicketEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = gettext_lazy("request event")
        verbose_name_plural = gettext_lazy("request events")

    def __str__(self):
        return f"{self.ticket.reference} {self.get_kind_display()}"


@scoped
class Attachment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(TicketEvent, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="attachments")
    file = models.FileField(upload_to="tickets/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    internal = models.BooleanField(default=False)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = gettext_lazy("attachment")
        verbose_name_plural = gettext_lazy("attachments")

    def __str__(self):
        return self.original_name


class Open311Key(models.Model):
    """An integration's key for the Open311 GeoReport v2 endpoint, bound to one station.

    Only a hash of the key is kept; the key itself is printed once, when created. Requests posted
    with it are recorded as submitted by the key's own service account.
    """

    name = models.CharField(gettext_lazy("name"), max_length=60, unique=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    station = models.ForeignKey("registry.Station", verbose_name=gettext_lazy("station"), on_delete=models.PROTECT,
                                related_name="open311_keys")
    account = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="open311_key")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("Open311 key")
        verbose_name_plural = gettext_lazy("Open311 keys")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def new_raw_key() -> str:
        return secrets.token_urlsafe(32)
