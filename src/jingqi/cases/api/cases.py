"""Cases over the API, read only: integrations (the station's case system, the city's dashboards) read what the
pages show; every change goes through the pages, where each step asks for its own confirmation."""

from django.db.models import Prefetch
from rest_framework import mixins, serializers

from jingqi.core.viewsets import ScopedViewSet

from ..models import Case, CaseVictim


class CaseVictimSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = CaseVictim
        fields = ["enterprise", "enterprise_name", "loss_amount"]


class CaseSerializer(serializers.ModelSerializer):
    victims = CaseVictimSerializer(many=True, read_only=True)
    hours_to_solve = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = Case
        fields = ["id", "reference", "filing_number", "station", "park", "kind", "source", "title", "status",
                  "reported_at", "filed_at", "solved_at", "closed_at", "hours_to_solve", "loss_amount",
                  "recovered_amount", "suspects", "regions", "victims", "version"]
        read_only_fields = fields


class CaseViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Enterprise-related cases the caller may see, newest report first, with their victims."""

    model = Case
    serializer_class = CaseSerializer
    filterset_fields = ["status", "kind", "park"]
    ordering = ["-reported_at", "-id"]
    ordering_fields = ["reported_at"]

    def get_queryset(self):
        victims = CaseVictim.objects.visible_to(self.request.user).select_related("enterprise")
        return (super().get_queryset().prefetch_related(Prefetch("victims", queryset=victims))
                .order_by("-reported_at", "-id"))
