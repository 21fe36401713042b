"""The outreach events API (read-only): ``/api/outreach-events/``, newest first, filtered by topic, park, status and
period; every event with the invitations the caller may see. Events are planned and recorded on the pages (the
services are the only writers)."""

import django_filters
from django.db.models import Prefetch
from rest_framework import mixins

from jingqi.core.relations import ScopedFilterSet
from jingqi.core.viewsets import ScopedViewSet

from ..models import OutreachAttendance, OutreachEvent
from .serializers import OutreachEventSerializer


class OutreachEventFilterSet(ScopedFilterSet):
    starts_after = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte",
                                                    label="starts at or after")
    starts_before = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt", label="starts before")

    class Meta:
        model = OutreachEvent
        fields = ["topic", "park", "status"]


class OutreachEventViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = OutreachEvent
    select = ("park",)
    serializer_class = OutreachEventSerializer
    filterset_class = OutreachEventFilterSet
    ordering_fields = ["starts_at"]
    ordering = ["-starts_at", "-id"]
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        rows = OutreachAttendance.objects.visible_to(self.request.user).select_related("enterprise").order_by(
            "enterprise__name", "pk")
        return super().get_queryset().prefetch_related(Prefetch("attendance", queryset=rows, to_attr="rows"))
