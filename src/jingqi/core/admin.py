"""Admin plumbing: configuration edits in the admin are audited like every other write."""

from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import audit
from .models import AuditEvent, CalendarDay, Webhook


def _state(obj, exclude) -> dict:
    return {k: v for k, v in audit.snapshot(obj).items() if k not in exclude}


class AuditedModelAdmin(admin.ModelAdmin):
    """Records an audit event (with the diff) for every save and delete made in the admin, inline rows
    included. ``audit_exclude`` names fields never written to the log (a password hash)."""

    audit_exclude: tuple[str, ...] = ()

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        before = _state(type(obj).objects.get(pk=obj.pk), self.audit_exclude) if change else {}
        super().save_model(request, obj, form, change)
        action = f"{obj._meta.model_name}.{'update' if change else 'create'}"
        changes = audit.diff(before, _state(obj, self.audit_exclude))
        if change and not changes:
            return
        audit.record(request.user, f"admin.{action}", obj, changes)

    @transaction.atomic
    def save_formset(self, request, form, formset, change):
        befores = {f.instance.pk: _state(type(f.instance).objects.get(pk=f.instance.pk), ())
                   for f in formset.forms if f.instance.pk and f.has_changed()}
        super().save_formset(request, form, formset, change)
        for obj in formset.deleted_objects:
            audit.record(request.user, f"admin.{obj._meta.model_name}.delete", obj, befores.get(obj.pk, {}))
        for obj in formset.new_objects:
            audit.record(request.user, f"admin.{obj._meta.model_name}.create", obj, _state(obj, ()))
        for obj, _fields in formset.changed_objects:
            audit.record(request.user, f"admin.{obj._meta.model_name}.update", obj,
                         audit.diff(befores.get(obj.pk, {}), _state(obj, ())))

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


class WebhookForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), assume_scheme="https")

    class Meta:
        model = Webhook
        fields = ["name", "url", "secret", "events", "active"]


@admin.register(Webhook)
class WebhookAdmin(AuditedModelAdmin):
    """Integration endpoints that receive events as JSON POSTs signed with HMAC-SHA256 (X-Jingqi-Signature)."""

    form = WebhookForm
    list_display = ("name", "url", "events", "active")
    list_filter = ("active",)
    audit_exclude = ("secret",)
