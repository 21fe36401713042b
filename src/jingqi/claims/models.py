"""Imported consumer complaints, the model's runs and the clues (线索) they produce, with their review.

A complaint's personal data (complainant name, ID number, phone, address and the free text, which
often carries account numbers) is encrypted at rest; ID numbers and phones also get a keyed blind
index for exact look-up. A clue stores only masked identifiers: the full values stay in the
complaints and are shown on the clue page to those with the reveal right, with an audit record.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from jingqi.core.models import TimeStampedModel
from jingqi.core.pii import EncryptedTextField, mask_id_number, mask_phone
from jingqi.core.scoping import scoped

from .choices import (
    BATCH_RUNNING,
    MACHINE,
    RUN_ACTIVE,
    STAGE_ORDER,
    BatchStatus,
    ClueKind,
    ClueState,
    EventKind,
    RunStage,
    RunStatus,
)
from .querysets import (
    ClueEventQuerySet,
    ClueQuerySet,
    ComplaintBatchQuerySet,
    ComplaintQuerySet,
    EvidenceImageQuerySet,
    ScanRunQuerySet,
)

OUTCOMES = [
    ("pending", gettext_lazy("Pending")),
    ("withdrawn", gettext_lazy("Withdrawn")),
    ("mediated", gettext_lazy("Mediated")),
    ("compensated", gettext_lazy("Compensated")),
    ("rejected", gettext_lazy("Rejected")),
    ("closed", gettext_lazy("Closed without a decision")),
    ("other", gettext_lazy("Other (see the label)")),
]


def _upload_path(instance, filename):
    # Never under a public URL: files are served through the scope check only.
    return f"claims/uploads/{timezone.now():%Y/%m}/{filename}"


@scoped
class ComplaintBatch(TimeStampedModel):
    """One uploaded complaint export. Imported whole or not at all; the row errors say why not."""

    station = models.ForeignKey("registry.Station", verbose_name=gettext_lazy("station"), on_delete=models.PROTECT,
                                related_name="complaint_batches")
    source_name = models.CharField(gettext_lazy("file"), max_length=200)
    source_sha256 = models.CharField(gettext_lazy("SHA-256 of the file"), max_length=64)
    source_file = models.FileField(upload_to=_upload_path, blank=True)
    evidence_name = models.CharField(gettext_lazy("evidence archive"), max_length=200, blank=True)
    evidence_file = models.FileField(upload_to=_upload_path, blank=True)
    status = models.CharField(gettext_lazy("status"), max_length=20, choices=BatchStatus.choices,
                              default=BatchStatus.QUEUED)
    rows_total = models.PositiveIntegerField(gettext_lazy("rows"), default=0)
    rows_checked = models.PositiveIntegerField(gettext_lazy("rows checked"), default=0)
    rows_imported = models.PositiveIntegerField(gettext_lazy("complaints imported"), default=0)
    images_imported = models.PositiveIntegerField(gettext_lazy("evidence pictures imported"), default=0)
    error_count = models.PositiveIntegerField(gettext_lazy("rows with errors"), default=0)
    errors = models.JSONField(gettext_lazy("row errors"), default=list, blank=True)
    warnings = models.JSONField(gettext_lazy("warnings"), default=list, blank=True)
    failure = models.TextField(gettext_lazy("failure"), blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("uploaded by"),
                                    on_delete=models.PROTECT, related_name="+")
    finished_at = models.DateTimeField(gettext_lazy("finished at"), null=True, blank=True)
    # Liveness, apart from progress (updated_at): the working task refreshes it every few seconds, so that
    # the sweep can tell a dead worker within minutes. Each start of the task is one attempt; only the
    # current attempt may write (see services.run_import).
    heartbeat_at = models.DateTimeField(gettext_lazy("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(gettext_lazy("attempts"), default=0)

    objects = ComplaintBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = gettext_lazy("complaint import")
        verbose_name_plural = gettext_lazy("complaint imports")

    def __str__(self):
        return f"#{self.pk} {self.source_name}"

    @property
    def is_running(self) -> bool:
        return self.status in BATCH_RUNNING

    @property
    def percent(self) -> int:
        """Checking is the first half of the bar, writing the second."""
        if self.status == BatchStatus.IMPORTED:
            return 100
        if not self.rows_total:
            return 0
        if self.status == BatchStatus.WRITING:
            return 50 + int(50 * self.rows_imported / self.rows_total)
        return int(50 * self.rows_checked / self.rows_total)


@scoped
class Complaint(models.Model):
    """One consumer complaint as the complaint platform exported it (normalised, personal data encrypted)."""

    batch = models.ForeignKey(ComplaintBatch, on_delete=models.PROTECT, related_name="complaints")
    station = models.ForeignKey("registry.Station", on_delete=models.PROTECT, related_name="+")
    row_number = models.PositiveIntegerField(gettext_lazy("row"))
    complaint_id = models.CharField(gettext_lazy("complaint number"), max_length=64)
    received_at = models.DateTimeField(gettext_lazy("received at"))
    channel = models.CharField(gettext_lazy("channel"), max_length=60, blank=True)
    complainant_name = EncryptedTextField(gettext_lazy("complainant"), blank=True)
    id_number = EncryptedTextField(gettext_lazy("ID number"), blank=True)
    id_number_index = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    phone = EncryptedTextField(gettext_lazy("phone"), blank=True)
    phone_index = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    address = EncryptedTextField(gettext_lazy("address"), blank=True)
    merchant_name = models.CharField(gettext_lazy("merchant"), max_length=200, blank=True)
    merchant_uscc = models.CharField(gettext_lazy("merchant credit code"), max_length=18, blank=True)
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=gettext_lazy("enterprise"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="complaints")
    product = models.CharField(gettext_lazy("product"), max_length=200, blank=True)
    # The order or receipt number of the purchase: two complaints naming different orders are two purchases,
    # never one complaint filed on two channels.
    order_no = models.CharField(gettext_lazy("order number"), max_length=64, blank=True)
    purchase_date = models.DateField(gettext_lazy("purchase date"), null=True, blank=True)
    purchase_quantity = models.DecimalField(gettext_lazy("quantity"), max_digits=12, decimal_places=2, null=True,
                                            blank=True)
    purchase_amount = models.DecimalField(gettext_lazy("amount paid"), max_digits=14, decimal_places=2, null=True,
                                          blank=True)
    claim_amount = models.DecimalField(gettext_lazy("amount claimed"), max_digits=14, decimal_places=2, null=True,
                                       blank=True)
    legal_basis = models.CharField(gettext_lazy("legal basis"), max_length=300, blank=True)
    text = EncryptedTextField(gettext_lazy("complaint text"), blank=True)
    evidence_files = models.JSONField(gettext_lazy("evidence files"), default=list, blank=True)
    outcome = models.CharField(gettext_lazy("outcome"), max_length=20, choices=OUTCOMES, default="pending")
    # The label as the export gave it (调解不成, 退款后撤回, …): ``outcome`` is its meaning, and the model reads
    # the facts it states (a refund, a settlement between the parties) from the label itself.
    outcome_label = models.CharField(gettext_lazy("outcome as exported"), max_length=60, blank=True)
    # The handler's remark on how it ended (双方私下协商解决, 已全额退款): the model reads a settlement or a refund
    # there.
    remark = models.CharField(gettext_lazy("remark"), max_length=300, blank=True)
    compensation_amount = models.DecimalField(gettext_lazy("compensation"), max_digits=14, decimal_places=2,
                                              null=True, blank=True)
    closed_at = models.DateTimeField(gettext_lazy("closed at"), null=True, blank=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["received_at", "pk"]
        verbose_name = gettext_lazy("complaint")
        verbose_name_plural = gettext_lazy("complaints")
        constraints = [models.UniqueConstraint(fields=["station", "complaint_id"],
                                               name="complaint_station_number_uniq")]

    def __str__(self):
        return self.complaint_id

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_name(self) -> str:
        from .engine.report import mask_name

        return mask_name(self.complainant_name)

    @property
    def masked_text(self) -> str:
        from .engine.report import mask_text

        return mask_text(self.text)


def _evidence_path(instance, filename):
    return f"claims/evidence/{instance.batch_id}/{filename}"


@scoped
class EvidenceImage(models.Model):
    """A picture from a batch's evidence archive, under the name the complaints use for it."""

    batch = models.ForeignKey(ComplaintBatch, on_delete=models.PROTECT, related_name="images")
    name = models.CharField(gettext_lazy("name"), max_length=255)
    file = models.FileField(upload_to=_evidence_path, max_length=300)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    objects = EvidenceImageQuerySet.as_manager()

    class Meta:
        ordering = ["batch", "name"]
        verbose_name = gettext_lazy("evidence picture")
        verbose_name_plural = gettext_lazy("evidence pictures")
        constraints = [models.UniqueConstraint(fields=["batch", "name"], name="evidence_batch_name_uniq")]

    def __str__(self):
        return self.name


@scoped
class ScanRun(TimeStampedModel):
    """One run of the model over all of a station's complaints."""

    station = models.ForeignKey("registry.Station", verbose_name=gettext_lazy("station"), on_delete=models.PROTECT,
                                related_name="claim_runs")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("started by"),
                                   on_delete=models.PROTECT, related_name="+")
    status = models.CharField(gettext_lazy("status"), max_length=20, choices=RunStatus.choices,
                              default=RunStatus.QUEUED)
    stage = models.CharField(gettext_lazy("stage"), max_length=20, choices=RunStage.choices, blank=True)
    complaints = models.PositiveIntegerField(gettext_lazy("complaints scanned"), default=0)
    clues_found = models.PositiveIntegerField(gettext_lazy("clues"), default=0)
    summary = models.JSONField(gettext_lazy("summary"), default=dict, blank=True)
    failure = models.TextField(gettext_lazy("failure"), blank=True)
    finished_at = models.DateTimeField(gettext_lazy("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(gettext_lazy("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(gettext_lazy("attempts"), default=0)

    objects = ScanRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = gettext_lazy("model run")
        verbose_name_plural = gettext_lazy("model runs")
        constraints = [
            # One run at a time per station: a second would race the first when replacing clues.
            models.UniqueConstraint(fields=["station"], condition=models.Q(status__in=["queued", "running"]),
                                    name="claims_one_active_run_per_station"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in RUN_ACTIVE

    @property
    def percent(self) -> int:
        if self.status == RunStatus.DONE:
            return 100
        return int(100 * STAGE_ORDER.index(self.stage) / len(STAGE_ORDER)) if self.stage in STAGE_ORDER else 0


@scoped
class Clue(TimeStampedModel):
    """A lead (线索): one complainant or ring, its score, the evidence behind the score, and its review."""

    # No index of its own: clue_station_score_idx and clue_station_state_idx both lead with the station, and a
    # third would only give the planner a choice that reads the station's clues out of order.
    station = models.ForeignKey("registry.Station", verbose_name=gettext_lazy("station"), on_delete=models.PROTECT,
                                related_name="clues", db_index=False)
    run = models.ForeignKey(ScanRun, verbose_name=gettext_lazy("model run"), on_delete=models.PROTECT,
                            related_name="clues")
    number = models.CharField(gettext_lazy("clue number"), max_length=40, unique=True)
    kind = models.CharField(gettext_lazy("kind"), max_length=20, choices=ClueKind.choices)
    score = models.FloatField(gettext_lazy("score"))
    flagged = models.BooleanField(gettext_lazy("above the flag line"), default=False)
    complaints = models.ManyToManyField(Complaint, verbose_name=gettext_lazy("complaints"), related_name="clues")
    complaint_count = models.PositiveIntegerField(gettext_lazy("complaints"), default=0)
    complainant_count = models.PositiveIntegerField(gettext_lazy("complainants"), default=0)
    merchant_count = models.PositiveIntegerField(gettext_lazy("merchants"), default=0)
    # Masked identifiers of the people behind the clue ("phone:138****5678"), as the engine reports them.
    complainant_keys = models.JSONField(gettext_lazy("complainants"), default=list, blank=True)
    # [{rule, weight, detail, facts, complaints: [pk]}] — facts masked.
    reasons = models.JSONField(gettext_lazy("reasons"), default=list, blank=True)
    # {"nodes": [...], "links": [...]}: identities, the identifiers they share, and the merchants they target.
    graph = models.JSONField(gettext_lazy("identity graph"), default=dict, blank=True)
    # A ring's members, each with the strong ties that brought it in: [{key (masked), complaints: [pk],
    # ties: [{kind: account|text|evidence, complaints: [pk]}]}]. Empty for a single complainant.
    members = models.JSONField(gettext_lazy("ring members"), default=list, blank=True)
    # complaint pk → near-duplicate text cluster; evidence picture pk → picture cluster.
    text_clusters = models.JSONField(default=dict, blank=True)
    image_clusters = models.JSONField(default=dict, blank=True)
    state = models.CharField(gettext_lazy("state"), max_length=20, choices=ClueState.choices, default=ClueState.NEW,
                             db_index=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("reviewer"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="reviewed_clues")
    findings = models.TextField(gettext_lazy("findings"), blank=True)
    case_reference = models.CharField(gettext_lazy("case number"), max_length=60, blank=True)
    dismiss_reason = models.TextField(gettext_lazy("reason for dismissal"), blank=True)
    decided_at = models.DateTimeField(gettext_lazy("decided at"), null=True, blank=True)
    # A later run found the same people again: this clue, still untouched, gave way to the new one.
    superseded = models.BooleanField(gettext_lazy("replaced by a later run"), default=False)
    version = models.PositiveIntegerField(default=1)

    objects = ClueQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "number"]
        verbose_name = gettext_lazy("clue")
        verbose_name_plural = gettext_lazy("clues")
        # clue_station_score_idx: a station's clues in the list's order (by score) with no filter chosen.
        indexes = [  # the first: what the figures' refresh reads (changed, or a deadline passed, since its last run)
                   models.Index(fields=["updated_at"], name="clue_updated_idx"),
                   models.Index(fields=["station", "superseded", "state", "-score"], name="clue_station_state_idx"),
                   models.Index(fields=["station", "-score", "number"], name="clue_station_score_idx")]
        constraints = [
            models.CheckConstraint(name="clue_score_0_to_1", condition=models.Q(score__gte=0, score__lte=1)),
            models.CheckConstraint(name="clue_transfer_has_case",
                                   condition=~models.Q(state="transferred") | ~models.Q(case_reference="")),
            models.CheckConstraint(name="clue_dismissal_has_reason",
                                   condition=~models.Q(state="dismissed") | ~models.Q(dismiss_reason="")),
        ]

    def __str__(self):
        return self.number

    def can(self, action: str) -> bool:
        return MACHINE.can(self.state, action)

    def require_transition(self, action: str) -> None:
        MACHINE.require(self, action)

    @property
    def score_percent(self) -> int:
        return round(self.score * 100)


@scoped
class ClueEvent(models.Model):
    """The clue's timeline: written only by the services."""

    clue = models.ForeignKey(Clue, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(gettext_lazy("event"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField(default=timezone.now)
    message = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = ClueEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = gettext_lazy("clue event")
        verbose_name_plural = gettext_lazy("clue events")

    def __str__(self):
        return f"{self.clue.number} {self.get_kind_display()}"
