"""Filters for the patrol lists, shared by the API (and the HTML lists where they fit): every model choice is
scoped (``ScopedFilterSet``), so an id out of sight answers as a missing one."""

import django_filters

from jingqi.core.relations import ScopedFilterSet

from .choices import Skill
from .models import CheckIn, Finding, GuardOperation, GuardShift, Patrol, Place, SwapRequest, Team, Volunteer


class TeamFilterSet(ScopedFilterSet):
    class Meta:
        model = Team
        fields = ["park", "enterprise", "active"]


class VolunteerFilterSet(ScopedFilterSet):
    skill = django_filters.ChoiceFilter(choices=Skill.choices, method="filter_skill", label="skill")
    q = django_filters.CharFilter(field_name="person__full_name", lookup_expr="icontains", label="name")

    class Meta:
        model = Volunteer
        fields = ["team", "status", "is_leader"]

    def filter_skill(self, queryset, name, value):
        # Skills are a JSON list of codes; the quoted code matches one whole entry on SQLite and PostgreSQL.
        return queryset.filter(skills__icontains=f'"{value}"')


class PlaceFilterSet(ScopedFilterSet):
    class Meta:
        model = Place
        fields = ["park", "kind", "route", "active"]


class PatrolFilterSet(ScopedFilterSet):
    since = django_filters.IsoDateTimeFilter(field_name="ends_at", lookup_expr="gt",
                                             label="ending after (ISO date-time)")
    until = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt",
                                             label="starting before (ISO date-time)")

    class Meta:
        model = Patrol
        fields = ["park", "status", "mode", "route", "series"]


class CheckInFilterSet(ScopedFilterSet):
    class Meta:
        model = CheckIn
        fields = ["patrol", "shift", "checkpoint", "far", "no_position"]


class FindingFilterSet(ScopedFilterSet):
    class Meta:
        model = Finding
        fields = ["park", "kind", "status", "patrol", "shift"]


class GuardOperationFilterSet(ScopedFilterSet):
    class Meta:
        model = GuardOperation
        fields = ["park", "status", "solve_status"]


class GuardShiftFilterSet(ScopedFilterSet):
    class Meta:
        model = GuardShift
        fields = ["operation", "segment", "person", "source"]


class SwapRequestFilterSet(ScopedFilterSet):
    class Meta:
        model = SwapRequest
        fields = ["shift", "status"]
