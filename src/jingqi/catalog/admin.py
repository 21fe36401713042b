from django.contrib import admin

from jingqi.core.admin import AuditedModelAdmin

from .models import Bundle, ServiceItem


@admin.register(Bundle)
class BundleAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "position")
    ordering = ("position",)


@admin.register(ServiceItem)
class ServiceItemAdmin(AuditedModelAdmin):
    list_display = ("code", "title", "kind", "bundle", "response_limit_hours", "resolution_limit_days", "active")
    list_filter = ("kind", "bundle", "active")
    search_fields = ("code", "title", "description", "responsible_units")
