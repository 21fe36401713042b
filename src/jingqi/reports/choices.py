"""Kinds and states of risk reports and of their generation runs, declared once."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jingqi.core.states import StateMachine


class ReportKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise report")
    PARK = "park", _("Park report")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUSHED = "pushed", _("Sent to the enterprise")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged (签收)")


REPORT_TRANSITIONS = {
    # A draft is computed again when its figures change; what the enterprise has received is never rewritten.
    "regenerate": ({ReportStatus.DRAFT}, None),
    "push": ({ReportStatus.DRAFT}, ReportStatus.PUSHED),
    "acknowledge": ({ReportStatus.PUSHED}, ReportStatus.ACKNOWLEDGED),
    "chase": ({ReportStatus.PUSHED}, None),
}
REPORT_MACHINE = StateMachine(
    REPORT_TRANSITIONS,
    labels={"regenerate": _("computed again"), "push": _("sent"), "acknowledge": _("acknowledged"),
            "chase": _("chased")},
    refused=lambda: gettext("This report is %(status)s: it cannot be %(action)s now."))


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
