"""Admin plumbing: configuration edits in the admin are audited like every other write."""

from django.contrib import admin
from django.db import transaction

from . import audit
from .models import AuditEvent, CalendarDay


class AuditedModelAdmin(admin.ModelAdmin):
    """Records an audit event (with the diff) for every save and delete made in the admin."""

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        before = audit.snapshot(type(obj).objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        action = f"{obj._meta.model_name}.{'update' if change else 'create'}"
        audit.record(request.user, f"admin.{action}", obj, audit.diff(before, audit.snapshot(obj)))

    @transaction.atomic
    def delete_model(self, request, obj):
        audit.record(request.user, f"admin.{obj._meta.model_name}.delete", obj, audit.snapshot(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log, read-only: nobody edits or deletes history, superusers included."""

    list_display = ("seq", "at", "actor_label", "action", "object_type", "object_repr", "client_address")
    list_filter = ("action", "object_type")
    search_fields = ("actor_label", "action", "object_repr", "object_id")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedModelAdmin):
    """Holidays and make-up working days that extend or override the chinese-calendar package."""

    list_display = ("date", "kind", "name")
    list_filter = ("kind",)
    date_hierarchy = "date"
