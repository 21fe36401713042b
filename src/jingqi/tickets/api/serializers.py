from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jingqi.catalog.models import ServiceItem
from jingqi.core.relations import ScopedModelSerializer, ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from jingqi.core.text import SHORT_TEXT
from jingqi.registry.models import Department, Enterprise

from ..choices import Outcome
from ..models import DESCRIPTION_LIMIT, TITLE_LIMIT, Ticket, TicketEvent, TicketTask


class TicketTaskSerializer(ScopedModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = TicketTask
        fields = ["id", "ticket", "department", "department_name", "assignee", "status", "instructions", "reply",
                  "due_at", "accepted_at", "onsite_at", "completed_at", "reply_recorded_by"]


class TicketSerializer(ScopedModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    service_code = serializers.CharField(source="service_item.code", read_only=True, default=None, allow_null=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Ticket
        fields = ["id", "reference", "enterprise", "enterprise_name", "service_item", "service_code", "kind",
                  "channel", "title", "description", "address", "latitude", "longitude", "status", "outcome",
                  "status_note", "handler", "submitted_at", "accepted_at", "first_response_at", "first_replied_at",
                  "onsite_at", "resolved_at", "closed_at", "response_due_at", "resolution_due_at", "deadline_estimated",
                  "overdue", "reopened_count", "rating", "rating_comment", "version"]

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue()


class TicketCreateSerializer(serializers.Serializer):
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    service_item = ScopedSlugRelatedField(slug_field="code", queryset=ServiceItem.objects.filter(active=True),
                                                required=False, allow_null=True)
    kind = serializers.CharField(required=False, allow_blank=True, default="")
    title = serializers.CharField(max_length=TITLE_LIMIT)
    description = serializers.CharField(max_length=DESCRIPTION_LIMIT)
    address = serializers.CharField(max_length=SHORT_TEXT, required=False, allow_blank=True, default="")
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True,
                                        min_value=-90, max_value=90)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True,
                                         min_value=-180, max_value=180)


class TicketEventSerializer(ScopedModelSerializer):
    actor_name = serializers.CharField(source="actor.__str__", read_only=True, default=None)

    class Meta:
        model = TicketEvent
        fields = ["id", "kind", "at", "actor", "actor_name", "message", "data", "internal", "task"]


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text=_("The version you read; a stale one is refused."))


class ReasonSerializer(VersionSerializer):
    reason = serializers.CharField()


class WhistleSerializer(VersionSerializer):
    departments = ScopedPrimaryKeyRelatedField(queryset=Department.objects.all(), many=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    due_days = serializers.IntegerField(required=False, min_value=1, max_value=60)


class ResolveSerializer(VersionSerializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    note = serializers.CharField(help_text=_("The explanation to the enterprise: required for every outcome."))


class RateSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class CommentSerializer(serializers.Serializer):
    text = serializers.CharField()
    internal = serializers.BooleanField(required=False, default=False)


class ReplySerializer(serializers.Serializer):
    reply = serializers.CharField()
