from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..definitions import KINDS, default_period, period_error


class FiguresQuerySerializer(serializers.Serializer):
    start = serializers.DateField(required=False, help_text="First day (Asia/Shanghai); default: 1 January of this "
                                                            "year.")
    end = serializers.DateField(required=False, help_text="Last day, included; default: today.")
    station = serializers.IntegerField(required=False, min_value=1)
    office = serializers.IntegerField(required=False, min_value=1)
    park = serializers.IntegerField(required=False, min_value=1)
    department = serializers.IntegerField(required=False, min_value=1)

    def validate(self, data):
        start, end = default_period(data.get("end") or timezone.localdate())
        data.setdefault("end", end)
        data.setdefault("start", start)
        error = period_error(data["start"], data["end"])
        if error:
            raise serializers.ValidationError({error[0]: [error[1]]})
        choices = self.context["choices"]
        for name in ("station", "office", "park", "department"):
            if data.get(name) is not None and not choices[name].filter(pk=data[name]).exists():
                # out of scope or missing: the same answer
                raise serializers.ValidationError({name: [_("Choose one of the list.")]})
        return data


class PublishedFigureSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="As published, e.g. \"470+\" or \"99.4 %\".")
    by = serializers.CharField()


class FigureValueSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=KINDS, help_text="distinct: records counted once each (value = numerator), "
                                   "however many days they have in the period.")
    unit = serializers.CharField()
    explanation = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text="A count, an amount (yuan, people, hours), a share "
                                   "(0–1) or a mean in hours; a share or a mean is null below min_sample.")
    numerator = serializers.IntegerField(help_text="Records counted (a rate's numerator).")
    denominator = serializers.IntegerField(help_text="A rate's denominator (0 for other kinds).")
    records = serializers.IntegerField(help_text="Records the figure is made of.")
    sample = serializers.IntegerField(help_text="What the figure stands on: the denominator of a rate, else records.")
    enough = serializers.BooleanField(help_text="Whether sample ≥ min_sample.")
    median = serializers.FloatField(allow_null=True, help_text="A duration's median in hours, to within ±2.5 % "
                                    "(read from a histogram); null for other kinds or below min_sample.")
    published = PublishedFigureSerializer(allow_null=True)


class FigureReportSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    scope = serializers.DictField(child=serializers.IntegerField(allow_null=True))
    refreshed_at = serializers.DateTimeField(allow_null=True, help_text="When the figures were last brought up to "
                                             "date with the records (they are refreshed every ten minutes).")
    min_sample = serializers.IntegerField()
    figures = FigureValueSerializer(many=True)
