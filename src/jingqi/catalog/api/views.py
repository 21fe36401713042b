"""The directory over the API: public and read-only (it is maintained in the admin)."""

from rest_framework import mixins
from rest_framework.filters import SearchFilter
from rest_framework.permissions import AllowAny

from jingqi.core.relations import ScopedFilterBackend
from jingqi.core.viewsets import ScopedViewSet

from ..models import Bundle, ServiceItem
from . import serializers as s


class BundleViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = Bundle
    serializer_class = s.BundleSerializer
    permission_classes = [AllowAny]


class ServiceItemViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = ServiceItem
    select = ("bundle",)
    serializer_class = s.ServiceItemSerializer
    permission_classes = [AllowAny]
    filter_backends = [ScopedFilterBackend, SearchFilter]
    filterset_fields = ["kind", "bundle"]
    search_fields = ["title", "code", "description", "responsible_units"]
