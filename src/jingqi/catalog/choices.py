from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    GUIDANCE = "guidance", _("Guidance")
    RESOLUTION = "resolution", _("Resolution")
    APPEAL = "appeal", _("Appeal")
