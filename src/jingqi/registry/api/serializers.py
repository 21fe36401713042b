from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jingqi.core.api import VersionRequiredMixin
from jingqi.core.pii import mask_id_number, mask_phone
from jingqi.core.relations import ScopedModelSerializer, ScopedPrimaryKeyRelatedField

from ..models import Contact, Department, Enterprise, Office, Park, Station, Stationing, Strategy, TeamMember, Visit


class StationSerializer(ScopedModelSerializer):
    class Meta:
        model = Station
        fields = ["id", "code", "name", "region", "address"]


class OfficeSerializer(ScopedModelSerializer):
    class Meta:
        model = Office
        fields = ["id", "station", "code", "name", "address"]


class ParkSerializer(ScopedModelSerializer):
    class Meta:
        model = Park
        fields = ["id", "station", "office", "code", "name", "kind", "area_km2", "boundary", "description"]
        read_only_fields = ["station", "area_km2"]


class DepartmentSerializer(ScopedModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "station", "code", "name", "duty_phone"]


class StationingSerializer(ScopedModelSerializer):
    class Meta:
        model = Stationing
        fields = ["id", "department", "office", "mode", "schedule"]


class EnterpriseSerializer(ScopedModelSerializer):
    park_name = serializers.CharField(source="park.name", read_only=True)
    industry_section = serializers.CharField(read_only=True)
    industry_division = serializers.CharField(read_only=True)

    class Meta:
        model = Enterprise
        fields = ["id", "name", "uscc", "park", "park_name", "industry_code", "industry_section",
                  "industry_division", "above_designated_size", "listed", "key_enterprise", "headcount",
                  "address", "latitude", "longitude", "status", "production_hours", "version", "created_at",
                  "updated_at"]
        read_only_fields = ["version", "created_at", "updated_at"]
        # Validation (credit code, industry, park scope, uniqueness) is the service's.
        extra_kwargs = {"uscc": {"validators": []}, "park": {"queryset": Park.objects.all()}}


class EnterpriseUpdateSerializer(VersionRequiredMixin, EnterpriseSerializer):
    version = serializers.IntegerField(help_text=_("The version you read; a stale one is refused."))

    class Meta(EnterpriseSerializer.Meta):
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {**EnterpriseSerializer.Meta.extra_kwargs, "name": {"required": False},
                        "uscc": {"required": False, "validators": []}, "park": {"required": False,
                        "queryset": Park.objects.all()}, "industry_code": {"required": False}}


class MaskedPersonMixin(serializers.Serializer):
    full_name = serializers.CharField(source="person.full_name", read_only=True)
    person_id = serializers.IntegerField(source="person.pk", read_only=True)
    id_number_masked = serializers.SerializerMethodField()
    phone_masked = serializers.SerializerMethodField()

    def get_id_number_masked(self, obj) -> str:
        return mask_id_number(obj.person.id_number)

    def get_phone_masked(self, obj) -> str:
        return mask_phone(obj.person.phone)


class ContactSerializer(MaskedPersonMixin, ScopedModelSerializer):
    class Meta:
        model = Contact
        fields = ["id", "enterprise", "person_id", "full_name", "role", "title", "id_number_masked", "phone_masked"]


class ContactCreateSerializer(serializers.Serializer):
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    full_name = serializers.CharField(max_length=60)
    role = serializers.CharField(max_length=30)
    title = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    id_number = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")


class TeamMemberSerializer(ScopedModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = TeamMember
        fields = ["id", "enterprise", "role", "user", "contact", "name"]

    def get_name(self, obj) -> str:
        return str(obj.user or obj.contact.person)


class StrategySerializer(VersionRequiredMixin, ScopedModelSerializer):
    version = serializers.IntegerField(help_text=_("The version you read; a stale one is refused."))

    class Meta:
        model = Strategy
        fields = ["id", "enterprise", "risk_notes", "service_package", "measures", "review_date", "version",
                  "updated_at"]
        read_only_fields = ["enterprise", "updated_at"]


class VisitSerializer(ScopedModelSerializer):
    officer_name = serializers.CharField(source="officer.__str__", read_only=True)
    collected = serializers.ListField(child=serializers.CharField(), required=False)

    class Meta:
        model = Visit
        fields = ["id", "enterprise", "officer", "officer_name", "kind", "visited_at", "collected", "summary",
                  "follow_up"]
        read_only_fields = ["officer"]
        extra_kwargs = {"kind": {"required": True}}


class PersonLookupSerializer(serializers.Serializer):
    id_number = serializers.CharField(max_length=30)


class RevealSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=["id_number", "phone"])
