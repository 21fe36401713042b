"""Filters for the inspection API lists: every model choice is scoped (``ScopedFilterSet``), so an id out of sight
answers as a missing one. Each order and filter the lists offer is served by an index of the models."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from jingqi.core.relations import ScopedFilterSet

from ..choices import OPEN_HAZARD_STATUSES, OPEN_REQUIREMENT_STATUSES
from ..models import (
    CadenceRule,
    ChecklistVersion,
    Hazard,
    Inspection,
    InspectionType,
    InspectionVisit,
    KeyDate,
    Requirement,
    SafetyProfile,
)


class SafetyProfileFilterSet(ScopedFilterSet):
    class Meta:
        model = SafetyProfile
        fields = ["enterprise", "risk_level", "hazardous_chemicals"]


class InspectionTypeFilterSet(ScopedFilterSet):
    class Meta:
        model = InspectionType
        fields = ["kind", "active"]


class ChecklistVersionFilterSet(ScopedFilterSet):
    class Meta:
        model = ChecklistVersion
        fields = ["inspection_type"]


class CadenceRuleFilterSet(ScopedFilterSet):
    class Meta:
        model = CadenceRule
        fields = ["inspection_type", "every", "active"]


class KeyDateFilterSet(ScopedFilterSet):
    since = django_filters.DateFilter(field_name="on", lookup_expr="gte", label="on or after")
    until = django_filters.DateFilter(field_name="on", lookup_expr="lte", label="on or before")

    class Meta:
        model = KeyDate
        fields = []


class RequirementFilterSet(ScopedFilterSet):
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte", label="due on or after")
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte", label="due on or before")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="open and past its due date")

    class Meta:
        model = Requirement
        fields = ["park", "enterprise", "inspection_type", "rule", "key_date", "status", "visit"]

    def filter_overdue(self, queryset, name, value):
        late = Q(status__in=OPEN_REQUIREMENT_STATUSES, due_on__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class InspectionVisitFilterSet(ScopedFilterSet):
    since = django_filters.DateFilter(field_name="planned_on", lookup_expr="gte", label="on or after")
    until = django_filters.DateFilter(field_name="planned_on", lookup_expr="lte", label="on or before")

    class Meta:
        model = InspectionVisit
        fields = ["park", "enterprise", "status", "over_budget"]


class InspectionFilterSet(ScopedFilterSet):
    class Meta:
        model = Inspection
        fields = ["visit", "park", "enterprise", "inspection_type", "status"]


class HazardFilterSet(ScopedFilterSet):
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="open and past its deadline")
    q = django_filters.CharFilter(method="filter_text", label="reference or title contains")

    class Meta:
        model = Hazard
        fields = ["park", "enterprise", "status", "severity", "source", "inspection"]

    def filter_overdue(self, queryset, name, value):
        late = Q(status__in=OPEN_HAZARD_STATUSES, due_at__lt=timezone.now())
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_text(self, queryset, name, value):
        value = value.strip()[:100]
        return queryset.filter(Q(reference__icontains=value) | Q(title__icontains=value)) if value else queryset
