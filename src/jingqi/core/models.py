from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One write, as it happened. Rows are only ever appended; each carries the hash of the one before.

    The chain is checked by ``jingqi verify-audit``; editing or deleting a row breaks it at that row.
    """

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    client_address = models.CharField(_("client address"), max_length=45, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self):
        return f"#{self.seq} {self.action} {self.object_repr}"


class AuditChainHead(models.Model):
    """The single row locked while an event is appended, so that two writers never fork the chain."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self):
        return f"#{self.last_seq}"


class LoginFailure(models.Model):
    """A failed sign-in, counted per account *and* client address (see LOGIN_FAILURE_LIMIT)."""

    username = models.CharField(max_length=150)
    client_address = models.CharField(max_length=45)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["username", "client_address", "at"], name="login_failure_idx")]

    def __str__(self):
        return f"{self.username} @ {self.client_address}"


class IdempotencyRecord(models.Model):
    """The first response to a POST carrying an Idempotency-Key, replayed for any repeat of it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response_body = models.TextField()
    content_type = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_user_key_uniq")]

    def __str__(self):
        return f"{self.method} {self.path} [{self.key}]"


class CalendarDay(models.Model):
    """An official holiday or make-up working day (调休上班), entered by an administrator.

    Extends and overrides the chinese-calendar package: the State Council publishes each year's
    schedule in the autumn before, often before the package has a release that knows it.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday (rest day)")
        WORKDAY = "workday", _("Make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=60, blank=True, help_text=_("e.g. 春节, 国庆节"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()


class Notification(models.Model):
    """An in-app inbox message for one user.

    ``created_at`` is when the event it reports happened (the services pass it), not when the row was
    written: a message sent after a transaction commits, or replayed by the demo, keeps its event's time.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    verb = models.CharField(_("event"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        # notification_inbox_idx: the unread count and list; notification_user_created_idx: the whole inbox page.
        indexes = [models.Index(fields=["user", "read_at", "-created_at"], name="notification_inbox_idx"),
                   models.Index(fields=["user", "-created_at"], name="notification_user_created_idx")]

    def __str__(self):
        return self.title


class Webhook(models.Model):
    """An integration endpoint that receives events as signed JSON POSTs (HMAC-SHA256 of the body)."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"))
    secret = models.CharField(_("signing secret"), max_length=128)
    events = models.CharField(_("events"), max_length=300, default="*",
                              help_text=_("Comma-separated event names, or * for all."))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self):
        return self.name

    def wants(self, verb: str) -> bool:
        names = {e.strip() for e in self.events.split(",")}
        return "*" in names or verb in names
