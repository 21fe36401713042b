"""Filters shared by the API lists (the HTML list uses the same selector underneath)."""

import django_filters

from jingqi.core.relations import ScopedFilterSet

from .models import Enterprise, Visit


class EnterpriseFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="name or credit code")
    section = django_filters.CharFilter(field_name="industry_code", lookup_expr="startswith")

    class Meta:
        model = Enterprise
        fields = ["park", "above_designated_size", "listed", "key_enterprise", "status", "uscc"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)


class VisitFilterSet(ScopedFilterSet):
    since = django_filters.IsoDateTimeFilter(field_name="visited_at", lookup_expr="gte")
    until = django_filters.IsoDateTimeFilter(field_name="visited_at", lookup_expr="lt")

    class Meta:
        model = Visit
        fields = ["enterprise", "kind", "officer"]
