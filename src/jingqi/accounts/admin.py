from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from jingqi.core.admin import AuditedModelAdmin

from . import services, two_factor
from .forms import AdminSignInForm
from .models import User
from .tokens import api_token_count

# The admin's own login page shares the sign-in throttle with every other way in.
admin.site.login_form = AdminSignInForm


@admin.register(User)
class UserAdmin(AuditedModelAdmin, BaseUserAdmin):
    audit_exclude = ("password", "last_login")

    list_display = ("username", "full_name", "role", "station", "office", "department", "enterprise", "is_active")
    list_filter = ("role", "is_active", "station")
    search_fields = ("username", "full_name")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Role and scope"), {"fields": ("full_name", "role", "station", "office", "department", "enterprise")}),
    )
    actions = ["disable_accounts", "reset_two_factor", "grant_reveal", "withdraw_reveal"]

    def user_change_password(self, request, id, form_url=""):
        # The form saves the password itself (and User.save ends the API tokens); record it in the audit log.
        user = self.get_object(request, unquote(id))
        tokens_before = api_token_count(user) if user is not None else 0
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302 and user is not None:
            services.record_password_change(request.user, user, tokens_before)
        return response

    @admin.action(description=_("Disable the selected accounts and end their sessions"))
    def disable_accounts(self, request, queryset):
        for user in queryset:
            services.do_set_user_active(request.user, user, False)
        messages.success(request, _("Accounts disabled."))

    @admin.action(description=_("Reset two-factor sign-in (the user enrols again at next sign-in)"))
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            two_factor.do_reset_two_factor(request.user, user)
        messages.success(request, _("Two-factor sign-in reset."))

    @admin.action(description=_("Grant the right to reveal ID numbers and phones"))
    def grant_reveal(self, request, queryset):
        for user in queryset:
            services.do_set_reveal_right(request.user, user, True)
        messages.success(request, _("Reveal right granted."))

    @admin.action(description=_("Withdraw the right to reveal ID numbers and phones"))
    def withdraw_reveal(self, request, queryset):
        for user in queryset:
            services.do_set_reveal_right(request.user, user, False)
        messages.success(request, _("Reveal right withdrawn."))
