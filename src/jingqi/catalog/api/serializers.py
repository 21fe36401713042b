from rest_framework import serializers

from jingqi.core.relations import ScopedModelSerializer

from ..models import Bundle, ServiceItem


class BundleSerializer(ScopedModelSerializer):
    class Meta:
        model = Bundle
        fields = ["id", "code", "name", "description", "position"]


class ServiceItemSerializer(ScopedModelSerializer):
    bundle_code = serializers.CharField(source="bundle.code", read_only=True, default=None, allow_null=True)
    materials = serializers.ListField(source="material_list", child=serializers.CharField(), read_only=True)
    responsible_units = serializers.ListField(source="unit_list", child=serializers.CharField(), read_only=True)

    class Meta:
        model = ServiceItem
        fields = ["id", "code", "title", "description", "kind", "bundle", "bundle_code", "responsible_units",
                  "legal_basis", "materials", "response_limit_hours", "resolution_limit_days"]
