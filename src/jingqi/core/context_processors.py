from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jingqi.accounts.choices import Role


def navigation(request):
    """The menu for the signed-in user's role: only what they may open."""
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        items.append((_("Home"), reverse("home")))
        if user.role in (Role.SUPERVISOR, Role.OFFICER, Role.AUXILIARY, Role.LIAISON, Role.DEPARTMENT) \
                or user.is_superuser:
            items.append((_("Requests"), reverse("tickets:ticket_list")))
        if user.role == Role.DEPARTMENT:
            items.append((_("Workbench"), reverse("tickets:workbench")))
        # Police: the station's disputes; a liaison: their enterprise's; department staff and volunteers: the
        # ones they mediated.
        if user.role in (Role.SUPERVISOR, Role.OFFICER, Role.AUXILIARY, Role.LIAISON, Role.DEPARTMENT,
                         Role.VOLUNTEER) or user.is_superuser:
            items.append((_("Disputes"), reverse("disputes:dispute_list")))
        if user.role in (Role.SUPERVISOR, Role.OFFICER, Role.AUXILIARY) or user.is_superuser:
            items.append((_("Enterprises"), reverse("registry:enterprise_list")))
            items.append((_("Parks"), reverse("registry:park_list")))
            items.append((_("Organisation"), reverse("registry:organisation")))
            items.append((_("Person look-up"), reverse("registry:person_lookup")))
            items.append((_("False claims"), reverse("claims:clue_list")))
        elif user.role == Role.LIAISON and user.enterprise_id:
            items.append((_("My enterprise"), reverse("registry:enterprise_detail", args=[user.enterprise_id])))
        # Patrols: the police's overview; a volunteer's own duty page; a liaison's enterprise's volunteer teams.
        if user.role in (Role.SUPERVISOR, Role.OFFICER, Role.AUXILIARY) or user.is_superuser:
            items.append((_("Patrols"), reverse("patrols:overview")))
        elif user.role == Role.VOLUNTEER:
            items.append((_("My duty"), reverse("patrols:my_duty")))
        elif user.role == Role.LIAISON and user.enterprise_id:
            items.append((_("Volunteer teams"), reverse("patrols:team_list")))
        # Inspections: the police's quarter plan and hazard board; a department's (the inspections and hazards it
        # owes); a liaison's own enterprise page (its hazards to fix and its visit calendar).
        if user.role in (Role.SUPERVISOR, Role.OFFICER, Role.AUXILIARY, Role.DEPARTMENT) or user.is_superuser:
            items.append((_("Inspections"), reverse("inspections:plan")))
            items.append((_("Hazards"), reverse("inspections:hazard_board")))
        elif user.role == Role.LIAISON and user.enterprise_id:
            items.append((_("Inspections and hazards"), reverse("inspections:my_enterprise")))
        # Cases, outreach talks and risk reports: the police's of their parks; a liaison's, its enterprise's.
        if user.is_police or user.is_superuser or (user.role == Role.LIAISON and user.enterprise_id):
            items.append((_("Cases"), reverse("cases:case_list")))
            items.append((_("Outreach"), reverse("cases:outreach_list")))
            items.append((_("Risk reports"), reverse("reports:report_list")))
        if user.role in (Role.SUPERVISOR, Role.OFFICER, Role.AUXILIARY, Role.LIAISON):  # a supervisor: counts only
            items.append((_("Background checks"), reverse("cases:check_list")))
        from jingqi.analytics.querysets import may_see_figures

        if may_see_figures(user):
            items.append((pgettext_lazy("results", "Figures"), reverse("analytics:figures")))
        if user.is_police or user.is_superuser:  # others who may open it reach it from the figures
            items.append((_("Situation map"), reverse("analytics:map")))
        items.append((_("Service directory"), reverse("catalog:directory")))
        if user.is_superuser:
            items.append((_("Administration"), reverse("admin:index")))
    else:
        items.append((_("Service directory"), reverse("catalog:directory")))
    # The API documentation is for whoever connects other systems, not daily work: out of the menu,
    # in the footer of the roles that hold API tokens for integrations.
    footer = []
    if user is not None and user.is_authenticated and (user.is_police or user.is_superuser):
        footer.append((_("API documentation"), reverse("api-docs")))
    unread = 0
    if user is not None and user.is_authenticated:
        from .models import Notification

        unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return {"nav_items": items, "footer_items": footer, "unread_count": unread,
            "map_tile_url": settings.JINGQI_MAP_TILE_URL, "map_tile_attribution": settings.JINGQI_MAP_TILE_ATTRIBUTION}
