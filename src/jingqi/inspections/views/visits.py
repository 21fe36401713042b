"""Joint visits (综合查一次): the visit calendar, planning, changing, cancelling and finishing a visit."""

from datetime import timedelta

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
from jingqi.core.parsing import parse_day
from jingqi.core.scoping import access
from jingqi.registry.models import Enterprise

from .. import services
from ..choices import InspectionStatus, VisitStatus
from ..forms.plan import CancelVisitForm, StartInspectionForm, VisitEditForm, VisitForm
from ..models import Inspection, InspectionType, InspectionVisit, Requirement
from ..selectors import plan as selectors
from .plan import form_error, park_filter, require_police

# The fields a visit form hands to the service as they are.
VISIT_FIELDS = ("planned_on", "lead", "notice", "note")


def _visit(user, pk, action="view"):
    return access(InspectionVisit.objects.select_related("enterprise", "park", "station", "lead", "created_by"),
                  user, pk, action)


def _pks(value) -> list[int]:
    """``1,2,3`` from a link, as ids (anything that is not one is left out; the service checks the rest)."""
    return [int(p) for p in (value or "").split(",")[:50] if p.isascii() and p.isdigit() and len(p) < 10]


# --- the calendar ----------------------------------------------------------------------------------------------


@login_required
def visit_list(request):
    user = request.user
    if not selectors.sees_visits(user):
        raise Http404
    today = timezone.localdate()
    first = selectors.parse_month(request.GET.get("month", ""), today)
    park, parks = park_filter(request, user)
    status = request.GET.get("status", "")
    status = status if status in VisitStatus.values else ""
    visits = selectors.calendar_visits(user, first, park=park, status=status)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return render(request, "inspections/visit_list.html", {
        "first": first, "previous": previous, "next": following, "today": today, "visits": visits,
        "days": selectors.month_calendar(visits, first), "park": park, "parks": parks, "status": status,
        "statuses": VisitStatus.choices, "is_police": services.is_police(user),
        "is_liaison": user.role == Role.LIAISON})


# --- planning and changing -------------------------------------------------------------------------------------


def _budget(enterprise, day, exclude_visit=None) -> dict:
    used = services.visits_in_month(enterprise, day, exclude_visit=exclude_visit)
    budget = services.budget_of(enterprise)
    return {"day": day, "used": used, "budget": budget, "over": used + 1 > budget}


def _day_of(value):
    try:
        return parse_day(value, field="planned_on") if value else None
    except ActionError:
        return None


@login_required
def visit_plan(request):
    user = request.user
    require_police(user)
    source = request.POST if request.method == "POST" else request.GET
    enterprises = Enterprise.objects.visible_to(user, "change").filter(
        pk__in=Requirement.objects.visible_to(user, "change").unplanned().values("enterprise_id")).order_by("name")
    value = source.get("enterprise", "")
    enterprise = (Enterprise.objects.visible_to(user, "change").select_related("park").filter(pk=int(value)).first()
                  if value.isascii() and value.isdigit() and len(value) < 10 else None)
    if enterprise is None:
        return render(request, "inspections/visit_form.html", {
            "choose": True, "enterprises": enterprises, "title": _("Plan a joint visit")},
            status=400 if request.method == "POST" else 200)
    due = list(Requirement.objects.visible_to(user, "change").unplanned().filter(enterprise=enterprise)
               .select_related("inspection_type", "key_date").order_by("due_on", "pk"))
    today = timezone.localdate()
    day = _day_of(source.get("planned_on")) or (min(r.due_on for r in due) if due else today)
    day = max(day, today)
    budget = _budget(enterprise, day)
    form = VisitForm(request.POST or None, requirements=due, police=selectors.police_of(enterprise.park.station_id),
                     departments=selectors.departments_of(enterprise.park.station_id),
                     show_reason="over_budget_reason" in request.POST or budget["over"],
                     initial={"planned_on": day, "requirements": _pks(request.GET.get("requirements")),
                              "lead": user.pk})
    if request.method == "POST" and form.is_valid():
        x = form.cleaned_data
        try:
            visit = services.do_plan_visit(
                user, enterprise, planned_on=x["planned_on"], requirements=x["requirements"], lead=x["lead"],
                officers=list(x["officers"]), departments=list(x["departments"]), notice=x["notice"],
                note=x["note"], over_budget_reason=x.get("over_budget_reason", ""))
        except ActionError as exc:
            if exc.code == "over_budget":
                form.show_reason()
            form_error(form, exc)
        else:
            messages.success(request, _("Visit planned for %(day)s: the enterprise and the departments are told.")
                             % {"day": f"{visit.planned_on:%Y-%m-%d}"})
            return redirect("inspections:visit_detail", pk=visit.pk)
    return render(request, "inspections/visit_form.html", {
        "form": form, "enterprise": enterprise, "budget": budget, "title": _("Plan a joint visit"),
        "nothing_due": not due}, status=400 if form.errors else 200)


@login_required
def visit_edit(request, pk):
    user = request.user
    require_police(user)
    visit = _visit(user, pk, "change")
    if not visit.can("change"):
        messages.error(request, _("A visit that has happened or was cancelled no longer changes."))
        return redirect("inspections:visit_detail", pk=pk)
    own = list(visit.requirements.select_related("inspection_type", "key_date").order_by("due_on", "pk"))
    due = list(Requirement.objects.visible_to(user, "change").unplanned().filter(enterprise=visit.enterprise)
               .select_related("inspection_type", "key_date").order_by("due_on", "pk"))
    budget = _budget(visit.enterprise, visit.planned_on, exclude_visit=visit)
    form = VisitEditForm(request.POST or None, requirements=own + due, police=selectors.police_of(visit.station_id),
                         departments=selectors.departments_of(visit.station_id),
                         show_reason="over_budget_reason" in request.POST or visit.over_budget,
                         initial={**{name: getattr(visit, name) for name in VISIT_FIELDS},
                                  "requirements": [r.pk for r in own], "officers": list(visit.officers.all()),
                                  "departments": list(visit.departments.all()),
                                  "over_budget_reason": visit.over_budget_reason, "version": visit.version})
    if request.method == "POST" and form.is_valid():
        x = form.cleaned_data
        try:
            services.do_change_visit(
                user, visit, planned_on=x["planned_on"], requirements=x["requirements"], lead=x["lead"],
                officers=list(x["officers"]), departments=list(x["departments"]), notice=x["notice"],
                note=x["note"], over_budget_reason=x.get("over_budget_reason", ""),
                expected_version=x["version"])
        except ActionError as exc:
            if exc.code == "over_budget":
                form.show_reason()
            form_error(form, exc)
        else:
            messages.success(request, _("Visit updated."))
            return redirect("inspections:visit_detail", pk=pk)
    if "version" in form.errors:
        form.add_error(None, _("The form is out of date. Reload the page and try again."))
    return render(request, "inspections/visit_form.html", {
        "form": form, "visit": visit, "enterprise": visit.enterprise, "budget": budget,
        "title": _("Change the visit")}, status=400 if form.errors else 200)


# --- the visit page and its actions ----------------------------------------------------------------------------


def _startable_types(user, visit, inspections):
    """The types this user may begin on the visit now: those planned on it and not begun yet (a department: only
    the types it owes)."""
    if not visit.can("inspect"):
        return []
    begun = {i.inspection_type_id for i in inspections}
    types = InspectionType.objects.filter(requirements__visit=visit, active=True).exclude(pk__in=begun).distinct()
    if not services.is_police(user):
        if user.role != Role.DEPARTMENT or not any(d.pk == user.department_id for d in visit.departments.all()):
            return []
        types = types.filter(department_id=user.department_id)
    return list(types.order_by("code"))


def _render_visit(request, visit, *, cancel_form=None, start_form=None):
    user = request.user
    police = services.is_police(user)
    inspections = list(Inspection.objects.visible_to(user).filter(visit=visit)
                       .select_related("inspection_type", "inspector").order_by("started_at", "pk"))
    requirements = list(Requirement.objects.visible_to(user).filter(visit=visit)
                        .select_related("inspection_type__department", "key_date").order_by("due_on", "pk"))
    types = _startable_types(user, visit, inspections)
    drafts = [i.pk for i in inspections if i.status == InspectionStatus.DRAFT]
    # A draft links to its checklist form for whoever may fill it in; everyone else reads the inspection.
    fillable = set(Inspection.objects.visible_to(user, "fill").filter(pk__in=drafts)
                   .values_list("pk", flat=True)) if drafts else set()
    bad = cancel_form is not None and cancel_form.errors or start_form is not None and start_form.errors
    return render(request, "inspections/visit_detail.html", {
        "visit": visit, "inspections": inspections, "requirements": requirements,
        "officers": list(visit.officers.all()), "departments": list(visit.departments.all()),
        "is_police": police, "sees_note": user.role != Role.LIAISON,
        "actions": {"edit": police and visit.can("change"), "cancel": police and visit.can("cancel"),
                    "finish": police and visit.can("finish"), "inspect": bool(types)},
        "drafts": len(drafts), "fillable": fillable,
        "cancel_form": cancel_form or CancelVisitForm(prefix="cancel"),
        "start_form": start_form or StartInspectionForm(types=types),
        "open_cancel": cancel_form is not None}, status=400 if bad else 200)


@login_required
def visit_detail(request, pk):
    user = request.user
    if not selectors.sees_visits(user):
        raise Http404
    return _render_visit(request, _visit(user, pk))


@login_required
@require_POST
def visit_cancel(request, pk):
    user = request.user
    require_police(user)
    visit = _visit(user, pk, "change")
    form = CancelVisitForm(request.POST, prefix="cancel")
    if form.is_valid():
        try:
            services.do_cancel_visit(user, visit, reason=form.cleaned_data["reason"])
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Visit cancelled: its inspections are due again."))
            return redirect("inspections:visit_detail", pk=pk)
    return _render_visit(request, visit, cancel_form=form)


@login_required
@require_POST
def visit_finish(request, pk):
    user = request.user
    require_police(user)
    visit = _visit(user, pk, "change")
    try:
        services.do_finish_visit(user, visit)
    except ActionError as exc:
        if exc.code == "permission_denied":
            raise Http404 from None
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Visit finished."))
    return redirect("inspections:visit_detail", pk=pk)


@login_required
@require_POST
def inspection_start(request, pk):
    user = request.user
    if not services.is_police(user) and user.role != Role.DEPARTMENT:
        raise Http404
    visit = _visit(user, pk)
    types = InspectionType.objects.filter(requirements__visit=visit).distinct()
    form = StartInspectionForm(request.POST, types=types)
    if form.is_valid():
        try:
            inspection = services.do_start_inspection(user, visit, form.cleaned_data["inspection_type"])
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("%(type)s begun.") % {"type": inspection.inspection_type.name})
            return redirect("inspections:inspection_fill", pk=inspection.pk)
    return _render_visit(request, visit, start_form=form)


urlpatterns = [
    path("visits/", visit_list, name="visit_list"),
    path("visits/new/", visit_plan, name="visit_plan"),
    path("visits/<int:pk>/", visit_detail, name="visit_detail"),
    path("visits/<int:pk>/edit/", visit_edit, name="visit_edit"),
    path("visits/<int:pk>/cancel/", visit_cancel, name="visit_cancel"),
    path("visits/<int:pk>/finish/", visit_finish, name="visit_finish"),
    path("visits/<int:pk>/inspect/", inspection_start, name="inspection_start"),
]
