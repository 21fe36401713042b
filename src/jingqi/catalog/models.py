from django.db import models
from django.utils.translation import gettext_lazy as _

from jingqi.core.models import TimeStampedModel
from jingqi.core.scoping import scoped

from .choices import RequestKind
from .querysets import BundleQuerySet, ServiceItemQuerySet


@scoped
class Bundle(TimeStampedModel):
    """A "one-thing" bundle (一件事), e.g. 开工 (start of work), 上市 (listing), 人才 (talent)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = BundleQuerySet.as_manager()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("bundle")
        verbose_name_plural = _("bundles")

    def __str__(self):
        return self.name


@scoped
class ServiceItem(TimeStampedModel):
    """One item of the directory: what an enterprise may ask for, who answers, and how fast."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("request kind"), max_length=20, choices=RequestKind.choices)
    bundle = models.ForeignKey(Bundle, verbose_name=_("bundle"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="items")
    responsible_units = models.CharField(
        _("responsible departments"), max_length=300, blank=True,
        help_text=_("The kinds of department that answer this item, separated by 、 or commas."),
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    materials = models.TextField(_("materials needed"), blank=True, help_text=_("One per line."))
    response_limit_hours = models.PositiveSmallIntegerField(
        _("response limit (working hours)"), default=4,
        help_text=_("How long until the request is accepted and first answered."),
    )
    resolution_limit_days = models.PositiveSmallIntegerField(_("resolution limit (working days)"), default=5)
    active = models.BooleanField(_("active"), default=True)

    objects = ServiceItemQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        constraints = [
            models.CheckConstraint(name="service_item_limits_positive",
                                   condition=models.Q(response_limit_hours__gt=0, resolution_limit_days__gt=0)),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def material_list(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]

    @property
    def unit_list(self) -> list[str]:
        import re

        return [u.strip() for u in re.split(r"[、,，;；]", self.responsible_units) if u.strip()]
