"""What the cases API shows. Outreach events: read-only; a liaison sees its own enterprise's invitation only (the
attendance rows come through ``OutreachAttendance.visible_to``) and not the event's total over the others."""

from rest_framework import serializers

from jingqi.accounts.choices import Role

from ..models import OutreachAttendance, OutreachEvent


class OutreachAttendanceSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = OutreachAttendance
        fields = ["enterprise", "enterprise_name", "attendees", "outside_hours"]
        read_only_fields = fields


class OutreachEventSerializer(serializers.ModelSerializer):
    park_name = serializers.CharField(source="park.name", read_only=True)
    attendance_total = serializers.SerializerMethodField()
    invitations = OutreachAttendanceSerializer(source="rows", many=True, read_only=True)

    class Meta:
        model = OutreachEvent
        fields = ["id", "station", "park", "park_name", "topic", "title", "starts_at", "ends_at", "place", "speaker",
                  "materials", "summary", "status", "attendance_total", "invitations", "version"]
        read_only_fields = fields

    def get_attendance_total(self, event) -> int | None:
        user = self.context["request"].user
        return None if user.role == Role.LIAISON else event.attendance_total
