from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Open311Key


@admin.register(Open311Key)
class Open311KeyAdmin(admin.ModelAdmin):
    """Keys are created with `jingqi open311-key create` (which prints the key once); here they are listed
    and revoked. Nothing else about a key can be changed."""

    list_display = ("name", "prefix", "station", "created_at", "revoked_at")
    list_filter = ("station",)
    readonly_fields = ("name", "prefix", "station", "account", "created_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request, queryset):
        for key in queryset.filter(revoked_at__isnull=True):
            services.do_revoke_open311_key(request.user, key)
        messages.success(request, _("Keys revoked."))
