"""What analytics owns: facts (one per record and figure), their roll-up by day and by month per park, and when the
roll-up was last brought up to date. All three are derived: ``jingqi figures refresh --full`` rebuilds them from the
records, and nothing else reads the records for a figure.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jingqi.core.scoping import scoped

from .querysets import CellQuerySet, FactQuerySet

MONEY = {"max_digits": 18, "decimal_places": 2}
NO_CONSTRAINT = {"db_constraint": False}


@scoped
class Fact(models.Model):
    """One record's part in one figure, on the day it counts (Asia/Shanghai).

    A count or a rate adds ``numerator`` (and ``denominator``); an amount or a duration adds ``value`` (yuan, hours),
    a duration also its ``bucket`` (see ``definitions.bucket_of``) so that the roll-up can give a median. A fact
    names its record (``source``, ``record_id``), so a figure's records are one query away (the drill-down), and a
    changed record's facts are replaced whole.
    """

    figure = models.CharField(max_length=40)
    source = models.CharField(max_length=20)
    # The keys below are kept without database constraints (``NO_CONSTRAINT``): facts are derived, written by the
    # million in a full refresh and replaced whole, and a constraint check per key per row at each commit was a
    # sixth of the refresh's time; Django's own cascade still removes them with their station, park, ...
    record_id = models.BigIntegerField()
    day = models.DateField()
    station = models.ForeignKey("registry.Station", on_delete=models.CASCADE, related_name="+", **NO_CONSTRAINT)
    park = models.ForeignKey("registry.Park", null=True, on_delete=models.CASCADE, related_name="+",
                             db_index=False, **NO_CONSTRAINT)  # fact_park_figure_day_idx leads with it
    department = models.ForeignKey("registry.Department", null=True, on_delete=models.CASCADE, related_name="+",
                                   **NO_CONSTRAINT)
    enterprise = models.ForeignKey("registry.Enterprise", null=True, on_delete=models.CASCADE, related_name="+",
                                   db_index=False, **NO_CONSTRAINT)  # fact_enterprise_idx leads with it
    numerator = models.PositiveSmallIntegerField(default=0)
    denominator = models.PositiveSmallIntegerField(default=0)
    value = models.DecimalField(null=True, **MONEY)
    bucket = models.SmallIntegerField(null=True)
    # What the record is (a request's kind, a dispute's or a case's type, where a hazard came from) and who handles
    # it (the handling officer, the lead mediator, the lead officer): the figures by type and by officer, read from
    # the facts of a period (the roll-up keeps neither, which would multiply its cells).
    kind = models.CharField(max_length=20, blank=True, default="")
    officer = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+",
                                db_index=False, **NO_CONSTRAINT)

    objects = FactQuerySet.as_manager()

    class Meta:
        verbose_name = _("figure fact")
        verbose_name_plural = _("figure facts")
        indexes = [
            # a changed record's facts, replaced whole
            models.Index(fields=["source", "record_id"], name="fact_record_idx"),
            # a cell recomputed; a station's drill-down by period, newest first
            models.Index(fields=["figure", "station", "day", "record_id"], name="fact_figure_station_day_idx"),
            # an enterprise's own figures (its liaison's dashboard)
            models.Index(fields=["enterprise", "figure", "day"], name="fact_enterprise_idx"),
            # an office's parks' facts over a period (an officer's figures by type and by officer, its distinct
            # figures); without it the database read every fact of the city
            models.Index(fields=["park", "figure", "day"], name="fact_park_figure_day_idx"),
        ]

    def __str__(self):
        return f"{self.figure} {self.day} {self.source}#{self.record_id}"


class Grain(models.TextChoices):
    DAY = "d", pgettext_lazy("roll-up grain", "Day")
    MONTH = "m", pgettext_lazy("roll-up grain", "Month")
    # A whole station's day or month (no park, no department): what a supervisor or the city/county viewer reads when
    # the figures are not narrowed, a few rows per station where the park cells are many times more.
    STATION_DAY = "D", pgettext_lazy("roll-up grain", "Station day")
    STATION_MONTH = "M", pgettext_lazy("roll-up grain", "Station month")
    # The whole installation's day or month (every station's cells added up; no station): what the city/county viewer
    # over every station (and an administrator) reads, one row per figure where the station cells are one per station.
    CITY_DAY = "c", pgettext_lazy("roll-up grain", "City day")
    CITY_MONTH = "C", pgettext_lazy("roll-up grain", "City month")


# (day grain, month grain) of each level of the roll-up
PARK_GRAINS = (Grain.DAY, Grain.MONTH)
STATION_GRAINS = (Grain.STATION_DAY, Grain.STATION_MONTH)
CITY_GRAINS = (Grain.CITY_DAY, Grain.CITY_MONTH)


@scoped
class Cell(models.Model):
    """The facts of one figure, station, park and department on one day (or month: ``day`` is its first day),
    added up — or, at the station grains, of the whole station (park and department empty), at the city grains of
    every station (station empty too). ``histogram`` counts a duration's facts per bucket (for the median)."""

    figure = models.CharField(max_length=40)
    grain = models.CharField(max_length=1, choices=Grain.choices)
    day = models.DateField()
    # indexed below, each with the grain and the day (a column's own index would tempt the planner into reading
    # every cell of the scope and filtering the days)
    # (derived rows, as facts: no database constraints on the keys)
    # empty at the city grains only (which no police, department or station-bound scope reaches: theirs name it)
    station = models.ForeignKey("registry.Station", null=True, on_delete=models.CASCADE, related_name="+",
                                db_index=False, **NO_CONSTRAINT)
    park = models.ForeignKey("registry.Park", null=True, on_delete=models.CASCADE, related_name="+", db_index=False,
                             **NO_CONSTRAINT)
    department = models.ForeignKey("registry.Department", null=True, on_delete=models.CASCADE, related_name="+",
                                   db_index=False, **NO_CONSTRAINT)
    facts = models.PositiveIntegerField(default=0)
    numerator = models.BigIntegerField(default=0)
    denominator = models.BigIntegerField(default=0)
    total = models.DecimalField(default=0, **MONEY)
    histogram = models.JSONField(default=dict, blank=True)

    objects = CellQuerySet.as_manager()

    class Meta:
        verbose_name = _("figure cell")
        verbose_name_plural = _("figure cells")
        indexes = [
            # a station's (or a city's) figures over a period: whole months from month cells, the edges from days
            models.Index(fields=["station", "grain", "day"], name="cell_station_grain_day_idx"),
            models.Index(fields=["park", "grain", "day"], name="cell_park_grain_day_idx"),
            models.Index(fields=["department", "grain", "day"], name="cell_department_grain_day_idx"),
            # the city cells; every station's cells (the city viewer's stations side by side)
            models.Index(fields=["grain", "day"], name="cell_grain_day_idx"),
            # the cells a refresh replaces
            models.Index(fields=["figure", "station", "grain", "day"], name="cell_key_idx"),
        ]

    def __str__(self):
        return f"{self.figure} {self.grain} {self.day}"


class RefreshState(models.Model):
    """The one row that says up to when the roll-up is complete (``watermark``: every change before it is in)."""

    key = models.CharField(max_length=20, unique=True, default="figures")
    watermark = models.DateTimeField(null=True)
    refreshed_at = models.DateTimeField(null=True)
    seconds = models.FloatField(default=0)
    records = models.PositiveIntegerField(default=0)
    full = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("figures refresh")
        verbose_name_plural = _("figures refreshes")

    def __str__(self):
        return f"{self.key} {self.watermark}"
