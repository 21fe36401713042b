"""Related objects named by a client resolve through ``visible_to(user)``, in serializers and in filters.

An id outside the user's scope must answer exactly as an id that does not exist; otherwise every
role can enumerate which records exist (a 404 from the service for one, a 400 from the field for the
other). So a serializer's related field looks the object up among those the requesting user may
see, and a list filter offers only those as choices: both answer 400 "does not exist" / "Select a
valid choice" for a missing and for an out-of-scope id alike.

- :class:`ScopedModelSerializer` builds its related fields as :class:`ScopedPrimaryKeyRelatedField`;
  declare fields explicitly with :class:`ScopedPrimaryKeyRelatedField` / :class:`ScopedSlugRelatedField`.
- :class:`ScopedFilterSet` (and :class:`ScopedFilterBackend`, the API's filter backend) scope every
  model choice filter; the backend refuses a filterset that is not one.

A relation to a model without ``visible_to`` (users) is read-only in a serializer, and a filter on it
offers only the objects that the visible rows refer to.
"""

from datetime import UTC

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters import FilterSet
from django_filters.filters import QuerySetRequestMixin
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers


def _is_scoped(queryset) -> bool:
    return hasattr(queryset, "visible_to")


class ScopedRelatedFieldMixin:
    """Look the object up in ``queryset.visible_to(request.user, scope)``; the request comes from the
    serializer's context, and without one nothing resolves."""

    def __init__(self, *args, scope: str = "view", **kwargs):
        self.scope = scope
        super().__init__(*args, **kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        if not _is_scoped(queryset):
            raise ImproperlyConfigured(f"{type(self).__name__} needs a queryset with visible_to()")
        request = self.context.get("request")
        return queryset.visible_to(getattr(request, "user", None), self.scope)


class ScopedPrimaryKeyRelatedField(ScopedRelatedFieldMixin, serializers.PrimaryKeyRelatedField):
    pass


class ScopedSlugRelatedField(ScopedRelatedFieldMixin, serializers.SlugRelatedField):
    pass


class MomentField(serializers.DateTimeField):
    """A date and time. DRF's own field fails with a server error at the ends of the calendar
    ("0001-01-01T00:00:00" in Asia/Shanghai cannot move to UTC): that is an invalid value here."""

    def to_internal_value(self, value):
        try:
            return super().to_internal_value(value)
        except OverflowError:
            raise serializers.ValidationError(_("Enter a date and time between the years 1 and 9999."),
                                              code="invalid") from None


class ScopedModelSerializer(serializers.ModelSerializer):
    """A model serializer whose writable relations resolve through ``visible_to`` and whose date-times are
    :class:`MomentField`."""

    serializer_related_field = ScopedPrimaryKeyRelatedField
    serializer_field_mapping = {**serializers.ModelSerializer.serializer_field_mapping,
                                models.DateTimeField: MomentField}

    def build_relational_field(self, field_name, relation_info):
        field_class, field_kwargs = super().build_relational_field(field_name, relation_info)
        queryset = field_kwargs.get("queryset")
        if queryset is not None and not _is_scoped(queryset):
            # Nothing says who may name such an object: the API does not let a client name one.
            field_kwargs.pop("queryset")
            field_kwargs["read_only"] = True
            field_class = serializers.PrimaryKeyRelatedField
        return field_class, field_kwargs


def _within_the_database_calendar(value) -> None:
    """A moment the database can be asked about: at the ends of the calendar ("0001-01-01T00:00:00" in
    Asia/Shanghai) the move to UTC overflows, which would be a server error when the query runs."""
    if value is None:
        return
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise ValidationError(_("Enter a date and time between the years 1 and 9999."), code="invalid") from None


class ScopedFilterSet(FilterSet):
    """A filterset whose model choices are what the requesting user may see (and whose date-time filters
    refuse a moment the database cannot compare, as an invalid value)."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        for filter_ in self.filters.values():
            if isinstance(filter_, QuerySetRequestMixin):
                filter_.queryset = self._scoped_choices(filter_, request, user)
            if issubclass(filter_.field_class, forms.DateTimeField):
                filter_.field.validators.append(_within_the_database_calendar)

    def _scoped_choices(self, filter_, request, user):
        choices = filter_.get_queryset(request)
        if choices is None:
            raise ImproperlyConfigured(f"{type(self).__name__}.{filter_.field_name} has no queryset")
        if _is_scoped(choices):
            return choices.visible_to(user)
        # No scope of its own (a user, say): the objects the rows this user sees refer to.
        rows = self._meta.model.objects.visible_to(user)
        return choices.filter(pk__in=rows.values(filter_.field_name))


class ScopedFilterBackend(DjangoFilterBackend):
    """The API's filter backend: ``filterset_fields`` build a :class:`ScopedFilterSet`, and a declared
    ``filterset_class`` must be one."""

    filterset_base = ScopedFilterSet

    def get_filterset_class(self, view, queryset=None):
        filterset_class = super().get_filterset_class(view, queryset)
        if filterset_class is not None and not issubclass(filterset_class, ScopedFilterSet):
            raise ImproperlyConfigured(f"{filterset_class.__name__} must subclass ScopedFilterSet")
        return filterset_class
