"""Configuration in the admin: the station's organisation. Enterprises and people are kept in the
application's own pages, where their validation, scoping and masking apply."""

from django import forms
from django.contrib import admin

from jingqi.core.admin import AuditedModelAdmin
from jingqi.core.errors import ActionError

from . import geo
from .models import Department, Office, Park, Station, Stationing


@admin.register(Station)
class StationAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "region")
    search_fields = ("code", "name")


@admin.register(Office)
class OfficeAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "station")
    list_filter = ("station",)


class StationingInline(admin.TabularInline):
    model = Stationing
    extra = 0


@admin.register(Department)
class DepartmentAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "station", "duty_phone")
    list_filter = ("station",)
    inlines = [StationingInline]


class ParkAdminForm(forms.ModelForm):
    class Meta:
        model = Park
        fields = ["station", "office", "code", "name", "kind", "boundary", "description"]

    def clean_boundary(self):
        try:
            return geo.normalize_boundary(self.cleaned_data["boundary"])
        except ActionError as exc:
            raise forms.ValidationError(exc.message)


@admin.register(Park)
class ParkAdmin(AuditedModelAdmin):
    form = ParkAdminForm
    list_display = ("code", "name", "kind", "station", "office", "area_km2")
    list_filter = ("station", "kind")

    def save_model(self, request, obj, form, change):
        # The area always follows from the boundary, here as in the service.
        obj.area_km2 = geo.area_km2(obj.boundary)
        super().save_model(request, obj, form, change)
