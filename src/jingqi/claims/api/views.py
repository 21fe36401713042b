"""Clues, imports and model runs over the API: reads scoped by ``visible_to``, review through the services.

Clues carry masked identifiers only; the full values are for the clue page, with the reveal right.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from jingqi.core.api import IdempotentCreateMixin
from jingqi.core.scoping import access
from jingqi.core.viewsets import ScopedViewSet

from .. import services
from ..models import Clue, Complaint, ComplaintBatch, ScanRun
from . import serializers as s


class ClueViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = Clue
    select = ("reviewer",)
    serializer_class = s.ClueSerializer
    filterset_fields = ["state", "kind", "flagged", "superseded", "run"]
    ordering_fields = ["score", "created_at"]
    ordering = ["-score"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related(
            Prefetch("complaints", queryset=Complaint.objects.only("pk", "complaint_id").order_by("pk")))

    def _act(self, serializer_class, call):
        # The right comes first: someone who may not decide gets 404, whatever the body says.
        clue = access(Clue.objects.all(), self.request.user, self.kwargs["pk"], "change")
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        call(clue, dict(serializer.validated_data))
        return Response(s.ClueSerializer(self.get_queryset().get(pk=clue.pk)).data)

    @extend_schema(request=s.ClueVersionSerializer, responses=s.ClueSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        return self._act(s.ClueVersionSerializer, lambda c, d: services.do_review_clue(
            request.user, c, expected_version=d["version"]))

    @extend_schema(request=s.FindingsSerializer, responses=s.ClueSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._act(s.FindingsSerializer, lambda c, d: services.do_confirm_clue(
            request.user, c, findings=d["findings"], expected_version=d["version"]))

    @extend_schema(request=s.TransferSerializer, responses=s.ClueSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        return self._act(s.TransferSerializer, lambda c, d: services.do_transfer_clue(
            request.user, c, case_reference=d["case_reference"], note=d["note"], park=d["park"],
            expected_version=d["version"]))

    @extend_schema(request=s.ClueReasonSerializer, responses=s.ClueSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        return self._act(s.ClueReasonSerializer, lambda c, d: services.do_dismiss_clue(
            request.user, c, reason=d["reason"], expected_version=d["version"]))

    @extend_schema(request=s.ClueReasonSerializer, responses=s.ClueSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._act(s.ClueReasonSerializer, lambda c, d: services.do_reopen_clue(
            request.user, c, reason=d["reason"], expected_version=d["version"]))


class ComplaintBatchViewSet(IdempotentCreateMixin, ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            mixins.CreateModelMixin):
    """Complaint imports. POST (multipart) uploads an export and its pictures: the answer is the queued
    batch; follow its ``status`` until it is ``imported`` or ``rejected`` (with ``errors`` by row)."""

    model = ComplaintBatch
    serializer_class = s.BatchSerializer
    filterset_fields = ["status"]
    parser_classes = [MultiPartParser, FormParser]

    def get_serializer_class(self):
        return s.BatchUploadSerializer if self.action == "create" else s.BatchSerializer

    @extend_schema(request={"multipart/form-data": s.BatchUploadSerializer}, responses={201: s.BatchSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def check_create(self, user):
        if not user.is_superuser:  # administrators name the station in the body
            services.check_can_work(user, None)

    def perform_create(self, serializer):
        data = serializer.validated_data
        batch = services.do_upload_batch(self.request.user, upload=data["file"], evidence=data.get("evidence"),
                                         station=data.get("station"))
        serializer.instance = batch
        serializer._data = s.BatchSerializer(batch).data


class ScanRunViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = ScanRun
    serializer_class = s.RunSerializer
    filterset_fields = ["status"]
