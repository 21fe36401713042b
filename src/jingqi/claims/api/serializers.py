from rest_framework import serializers

from jingqi.core.relations import ScopedModelSerializer, ScopedPrimaryKeyRelatedField
from jingqi.registry.models import Station

from ..models import Clue, ComplaintBatch, ScanRun


class ClueSerializer(ScopedModelSerializer):
    complaint_numbers = serializers.SerializerMethodField()
    reviewer_name = serializers.CharField(source="reviewer.__str__", read_only=True, default=None)

    class Meta:
        model = Clue
        fields = ["id", "number", "kind", "score", "flagged", "state", "complaint_count", "complainant_count",
                  "merchant_count", "complainant_keys", "reasons", "complaint_numbers", "reviewer", "reviewer_name",
                  "findings", "case_reference", "dismiss_reason", "decided_at", "run", "superseded", "created_at",
                  "version"]

    def get_complaint_numbers(self, obj) -> list[str]:
        return [c.complaint_id for c in obj.complaints.all()]


class BatchSerializer(ScopedModelSerializer):
    class Meta:
        model = ComplaintBatch
        fields = ["id", "station", "source_name", "source_sha256", "evidence_name", "status", "rows_total",
                  "rows_checked", "rows_imported", "images_imported", "error_count", "errors", "warnings",
                  "uploaded_by", "created_at", "finished_at"]


class RunSerializer(ScopedModelSerializer):
    class Meta:
        model = ScanRun
        fields = ["id", "station", "status", "stage", "complaints", "clues_found", "summary", "started_by",
                  "created_at", "finished_at"]


class ClueVersionSerializer(serializers.Serializer):
    # Required: a client that does not say which version it read could overwrite a decision it never saw.
    version = serializers.IntegerField()


class FindingsSerializer(ClueVersionSerializer):
    findings = serializers.CharField(max_length=4000)


class TransferSerializer(ClueVersionSerializer):
    case_reference = serializers.CharField(max_length=60)
    park = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1,
                                    help_text="The park of the case, when no targeted merchant is in the registry.")
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class ClueReasonSerializer(ClueVersionSerializer):
    reason = serializers.CharField(max_length=4000)


class BatchUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The complaint export: CSV (UTF-8 or GBK) or .xlsx with the header row.")
    evidence = serializers.FileField(required=False, allow_null=True,
                                     help_text="The evidence pictures the evidence_files column names, as one ZIP.")
    station = ScopedPrimaryKeyRelatedField(queryset=Station.objects.all(), required=False, allow_null=True,
                                                 help_text="Administrators only: the station to import into.")
