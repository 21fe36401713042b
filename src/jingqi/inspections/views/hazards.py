"""The hazard board, a hazard and its actions, and the enterprise's own page (its hazards and visit calendar).
Thin: parse, call a service, render; a refused action comes back with its form open and the error beside the
field it names (400), having changed nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jingqi.accounts.choices import Role
from jingqi.core.errors import ActionError
from jingqi.core.scoping import access
from jingqi.core.uploads import download
from jingqi.patrols.views.teams import form_error, stored_file
from jingqi.registry.models import Department
from jingqi.tickets.models import Ticket

from .. import services
from ..choices import HazardSource, HazardStatus, Severity
from ..forms.hazards import ACTION_FORMS, HazardReportForm
from ..models import Hazard, HazardPhoto
from ..selectors import hazards as selectors

# --- the board -------------------------------------------------------------------------------------------------


@login_required
def hazard_board(request):
    user = request.user
    if user.role == Role.LIAISON:
        return redirect("inspections:my_enterprise")
    if not selectors.can_see_hazards(user):
        raise Http404
    filters = selectors.BoardFilters.from_query(request.GET, user)
    return render(request, "inspections/hazard_board.html", {
        "columns": selectors.board(user, filters), "filters": filters, "parks": selectors.parks_for(user),
        "severities": Severity.choices, "sources": HazardSource.choices,
        "features": selectors.map_features(user, filters), "is_police": services.is_police(user)})


# --- reporting -------------------------------------------------------------------------------------------------


def _report_form(user, data=None, files=None, **kwargs):
    parks = selectors.parks_for(user)
    departments = Department.objects.filter(station__in=parks.values("station")).order_by("code")
    return HazardReportForm(data, files, parks=parks, enterprises=selectors.enterprises_for(user),
                            departments=departments, **kwargs)


def _report(request, *, ticket=None, initial=None):
    user = request.user
    form = _report_form(user, request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        x = form.cleaned_data
        data = {k: x[k] for k in ("title", "description", "severity", "location", "latitude", "longitude")}
        data["department"] = x["department"].pk if x["department"] else None
        try:
            hazard = services.do_report_hazard(user, park=x["park"], data=data,
                                               enterprise=x["enterprise"].pk if x["enterprise"] else None,
                                               photo=x.get("photo"), ticket=ticket)
        except ActionError as exc:
            form_error(form, exc, aliases={"file": "photo"})
        else:
            messages.success(request, _("Hazard %(ref)s recorded.") % {"ref": hazard.reference})
            return redirect("inspections:hazard_detail", pk=hazard.pk)
    return render(request, "inspections/hazard_report.html", {"form": form, "ticket": ticket},
                  status=400 if form.errors else 200)


@login_required
def hazard_report(request):
    if not services.is_police(request.user):
        raise Http404
    return _report(request)


@login_required
def hazard_from_ticket(request, pk):
    """A request (诉求) that reveals a hazard: the police record it, linked to the request."""
    user = request.user
    if not services.is_police(user):
        raise Http404
    ticket = access(Ticket.objects.select_related("enterprise__park"), user, pk)
    park_ok = selectors.parks_for(user).filter(pk=ticket.enterprise.park_id).exists()
    return _report(request, ticket=ticket, initial={
        "park": ticket.enterprise.park_id if park_ok else None, "enterprise": ticket.enterprise_id,
        "title": ticket.title[:200], "description": ticket.description})


# --- one hazard ----------------------------------------------------------------------------------------------------


def _action_form(action, hazard, data=None, files=None):
    form_class = ACTION_FORMS[action]
    initial = {"version": hazard.version} if "version" in form_class.base_fields else {}
    return form_class(data, files, prefix=action, initial=initial)


def render_hazard(request, hazard, *, failed="", form=None):
    user = request.user
    actions = selectors.hazard_actions(user, hazard)
    forms = {action: _action_form(action, hazard) for action in actions}
    if failed:
        forms[failed] = form
    if "comment" in forms and not services.is_police(user):
        forms["comment"].fields.pop("internal", None)
    return render(request, "inspections/hazard_detail.html", {
        "hazard": hazard, "actions": actions, "forms": forms, "failed": failed,
        "events": selectors.timeline(user, hazard), "photos": selectors.photos(user, hazard),
        "phone": selectors.phone_shown(user, hazard), "is_police": services.is_police(user),
        "overdue": hazard.is_overdue(), "own": user.role == Role.LIAISON},
        status=400 if failed else 200)


@login_required
def hazard_detail(request, pk):
    return render_hazard(request, selectors.hazard_for(request.user, pk))


def _files(request, action, name):
    return [f for f in request.FILES.getlist(f"{action}-{name}") if f]


ACTIONS = {
    "fix_on_site": lambda u, h, x, r: services.do_fix_hazard_on_site(
        u, h, after_photo=x.get("after_photo"), note=x["note"], expected_version=x["version"]),
    "assign": lambda u, h, x, r: services.do_assign_hazard(
        u, h, deadline=x["deadline"], responsible_name=x["responsible_name"],
        responsible_phone=x["responsible_phone"], measures=x["measures"], expected_version=x["version"]),
    "report_fix": lambda u, h, x, r: services.do_report_hazard_fix(
        u, h, note=x["note"], photos=_files(r, "report_fix", "photos"), expected_version=x["version"]),
    "close": lambda u, h, x, r: services.do_close_hazard(
        u, h, verification=x["verification"], note=x["note"], photos=_files(r, "close", "photos"),
        expected_version=x["version"]),
    "send_back": lambda u, h, x, r: services.do_send_back_hazard(
        u, h, reason=x["reason"], deadline=x["deadline"], expected_version=x["version"]),
    "void": lambda u, h, x, r: services.do_void_hazard(u, h, reason=x["reason"]),
    "comment": lambda u, h, x, r: services.do_comment_hazard(u, h, text=x["text"], internal=x.get("internal", False)),
}

DONE = {
    "fix_on_site": lambda: _("Fixed on site: the hazard is closed."),
    "assign": lambda: _("Deadline set: the enterprise has been told."),
    "report_fix": lambda: _("Fix reported: an officer will verify it."),
    "close": lambda: _("Hazard closed (销号)."),
    "send_back": lambda: _("Sent back to the enterprise."),
    "void": lambda: _("Hazard voided."),
    "comment": lambda: _("Message added."),
}

#: The scope each action needs to find the hazard at all (the services check the rest).
SCOPE = {"report_fix": "fix", "comment": "fix"}


@login_required
@require_POST
def hazard_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    user = request.user
    hazard = access(Hazard.objects.select_related(*selectors.HAZARD_RELATED), user, pk, SCOPE.get(action, "change"))
    if not selectors.may_act(user, hazard, action):
        raise Http404
    if not hazard.can(action):  # someone else got there first: say so, change nothing
        messages.error(request, _("This can no longer be done: the hazard is %(status)s.") % {
            "status": hazard.get_status_display()})
        return redirect("inspections:hazard_detail", pk=pk)
    form = _action_form(action, hazard, request.POST, request.FILES)
    if form.is_valid():
        try:
            ACTIONS[action](user, hazard, form.cleaned_data, request)
        except ActionError as exc:
            form_error(form, exc, aliases={"file": "photos" if "photos" in form.fields else "after_photo"})
        else:
            messages.success(request, DONE[action]())
            return redirect("inspections:hazard_detail", pk=pk)
    if "version" in form.errors:
        form.add_error(None, _("The form is out of date. Reload the page and try again."))
    return render_hazard(request, hazard, failed=action, form=form)


@login_required
def hazard_photo(request, pk):
    photo = access(HazardPhoto.objects.all(), request.user, pk)
    return download(stored_file(photo.file))


# --- the enterprise's own page -------------------------------------------------------------------------------------


@login_required
def my_enterprise(request):
    """The liaison's page: the hazards to fix (each with its fix form) and the visits coming."""
    user = request.user
    if user.role != Role.LIAISON or not user.enterprise_id:
        raise Http404
    hazards = list(selectors.my_hazards(user)[:100])
    now = timezone.now()
    to_fix = [h for h in hazards if h.status == HazardStatus.RECTIFYING]
    for hazard in hazards:
        hazard.overdue = hazard.is_overdue(now)
        hazard.fix_form = _action_form("report_fix", hazard) if hazard in to_fix else None
    return render(request, "inspections/my_enterprise.html", {
        "to_fix": to_fix, "waiting": [h for h in hazards if h.status in (HazardStatus.REPORTED,
                                                                          HazardStatus.FIX_REPORTED)],
        "done": [h for h in hazards if h.status in (HazardStatus.CLOSED, HazardStatus.VOID)][:20],
        "visits": selectors.my_visits(user), "enterprise": user.enterprise})


urlpatterns = [
    path("hazards/", hazard_board, name="hazard_board"),
    path("hazards/new/", hazard_report, name="hazard_report"),
    path("hazards/from-request/<int:pk>/", hazard_from_ticket, name="hazard_from_ticket"),
    path("hazards/<int:pk>/", hazard_detail, name="hazard_detail"),
    path("hazards/<int:pk>/<str:action>/", hazard_action, name="hazard_action"),
    path("hazard-photos/<int:pk>/", hazard_photo, name="hazard_photo"),
    path("my/", my_enterprise, name="my_enterprise"),
]
