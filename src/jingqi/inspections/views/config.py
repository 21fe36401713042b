"""The station's configuration (types, checklists, rules, key dates), safety profiles and the ledger (台账).

The configuration is the station supervisor's (``visible_to(user, "configure")``); the police read it. Safety
profiles are the police's (the enterprises they may change). The ledger counts what the user may see. Thin: parse,
call a service, render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jingqi.accounts.choices import Role
from jingqi.core import audit
from jingqi.core.errors import ActionError
from jingqi.core.exports import Sheet, workbook_response
from jingqi.core.parsing import parse_optional_int
from jingqi.core.scoping import access
from jingqi.registry.models import Department, Enterprise

from .. import services
from ..choices import Answer, HazardStatus
from ..forms.config import SPARE_ROWS, ChecklistForm, KeyDateForm, ProfileForm, RuleForm, TypeForm
from ..models import CadenceRule, ChecklistVersion, InspectionType, KeyDate, SafetyProfile
from ..selectors import ledger as ledgers

PAGE_SIZE = 30


def _require_police(user):
    if not services.is_police(user):
        raise Http404


def _require_supervisor(user):
    if not (user.role == Role.SUPERVISOR and user.station_id):
        raise Http404


def _form_error(form, exc: ActionError) -> None:
    """The service's refusal beside the field it names (or above the form when it names none)."""
    form.add_error(exc.field if exc.field and exc.field in form.fields else None, exc.message)


def _render_form(request, template, context, form):
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)


# --- the configuration page ------------------------------------------------------------------------------------


@login_required
def config(request):
    user = request.user
    _require_police(user)
    q = request.GET.get("q", "").strip()[:60]
    types = (InspectionType.objects.visible_to(user).select_related("department")
             .annotate(latest=Max("checklists__number")).order_by("code"))
    rules = CadenceRule.objects.visible_to(user).select_related("inspection_type").order_by("name", "pk")
    since = timezone.localdate().replace(month=1, day=1)
    key_dates = KeyDate.objects.visible_to(user).filter(on__gte=since).order_by("on", "pk")
    enterprises = (Enterprise.objects.visible_to(user).search(q).select_related("park", "safety_profile")
                   .order_by("name", "pk"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "inspections/config.html", {
        "types": types, "rules": rules, "key_dates": key_dates, "since": since, "q": q,
        "page": Paginator(enterprises, PAGE_SIZE).get_page(request.GET.get("page")), "query_string": params.urlencode(),
        "can_configure": user.role == Role.SUPERVISOR, "can_profile": user.role in (Role.SUPERVISOR, Role.OFFICER),
        "default_budget": settings.INSPECTION_MONTHLY_BUDGET})


# --- inspection types and their checklists ------------------------------------------------------------------------


def _type_data(x: dict) -> dict:
    return {"code": x["code"], "name": x["name"], "kind": x["kind"],
            "department": x["department"].pk if x["department"] else None, "active": x["active"]}


@login_required
def type_create(request):
    user = request.user
    _require_supervisor(user)
    form = TypeForm(request.POST or None, departments=Department.objects.visible_to(user).order_by("code"),
                    initial={"active": True})
    del form.fields["version"]
    if request.method == "POST" and form.is_valid():
        try:
            kind = services.do_save_inspection_type(user, data=_type_data(form.cleaned_data))
        except ActionError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Inspection type saved. Now write its checklist."))
            return redirect("inspections:checklist_edit", pk=kind.pk)
    return _render_form(request, "inspections/type_form.html", {"title": _("New inspection type")}, form)


@login_required
def type_edit(request, pk):
    user = request.user
    kind = access(InspectionType.objects.select_related("department"), user, pk, "configure")
    form = TypeForm(request.POST or None, departments=Department.objects.visible_to(user).order_by("code"),
                    initial={"code": kind.code, "name": kind.name, "kind": kind.kind, "department": kind.department_id,
                             "active": kind.active, "version": kind.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_save_inspection_type(user, data=_type_data(form.cleaned_data), inspection_type=kind,
                                             expected_version=form.cleaned_data["version"])
        except ActionError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Inspection type saved."))
            return redirect("inspections:config")
    return _render_form(request, "inspections/type_form.html", {"title": _("Edit the inspection type"),
                                                                "inspection_type": kind}, form)


def _row_count(request, current_items: int) -> int:
    asked = request.POST.get("rows") if request.method == "POST" else request.GET.get("rows")
    try:
        rows = parse_optional_int(asked, field="rows", min=1, max=200)
    except ActionError:
        rows = None
    if request.method == "POST" and rows:
        return rows
    # A page never offers fewer rows than the current version has items (a row left out would drop its item).
    return max(rows or 0, current_items + SPARE_ROWS)


@login_required
def checklist_edit(request, pk):
    """The type's current checklist as editable rows; saving publishes the next version (published ones never
    change: inspections under way keep answering theirs). Past versions are listed below."""
    user = request.user
    kind = access(InspectionType.objects.select_related("department"), user, pk, "configure")
    versions = list(ChecklistVersion.objects.visible_to(user, "configure").filter(inspection_type=kind)
                    .select_related("published_by").prefetch_related("items")
                    .annotate(answered_by=Count("inspections", distinct=True)).order_by("-number"))
    current = versions[0] if versions else None
    items = list(current.items.all()) if current else []
    initial = {}
    for n, item in enumerate(items):
        initial.update({f"item-{n}-section": item.section, f"item-{n}-text": item.text,
                        f"item-{n}-guidance": item.guidance, f"item-{n}-major": item.major_if_failed})
    form = ChecklistForm(request.POST or None, rows=_row_count(request, len(items)), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.do_publish_checklist(user, kind, items=form.cleaned_data["items"],
                                                    note=form.cleaned_data["note"])
        except ActionError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Checklist version %(n)d published.") % {"n": version.number})
            return redirect("inspections:checklist_edit", pk=kind.pk)
    return _render_form(request, "inspections/checklist_form.html", {
        "inspection_type": kind, "current": current, "versions": versions,
        "next_number": (current.number if current else 0) + 1}, form)


# --- cadence rules and key dates -------------------------------------------------------------------------------


def _rule_data(x: dict) -> dict:
    return {**{k: x[k] for k in ("name", "every", "key_only", "industry_prefixes", "min_risk", "min_headcount",
                                 "chemicals_only", "at_key_dates", "active")},
            "inspection_type": x["inspection_type"].pk}


def _station_types(user):
    return InspectionType.objects.visible_to(user, "configure").order_by("code")


@login_required
def rule_create(request):
    user = request.user
    _require_supervisor(user)
    form = RuleForm(request.POST or None, types=_station_types(user), initial={"active": True})
    del form.fields["version"]
    if request.method == "POST" and form.is_valid():
        try:
            services.do_save_rule(user, data=_rule_data(form.cleaned_data))
        except ActionError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Rule saved. The next plan generated follows it."))
            return redirect("inspections:config")
    return _render_form(request, "inspections/rule_form.html", {"title": _("New cadence rule")}, form)


@login_required
def rule_edit(request, pk):
    user = request.user
    rule = access(CadenceRule.objects.all(), user, pk, "configure")
    initial = {name: getattr(rule, name) for name in ("name", "every", "key_only", "min_risk", "min_headcount",
                                                      "chemicals_only", "at_key_dates", "active", "version")}
    initial.update(inspection_type=rule.inspection_type_id, industry_prefixes=", ".join(rule.industry_prefixes))
    form = RuleForm(request.POST or None, types=_station_types(user), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_save_rule(user, data=_rule_data(form.cleaned_data), rule=rule,
                                  expected_version=form.cleaned_data["version"])
        except ActionError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Rule saved. The next plan generated follows it."))
            return redirect("inspections:config")
    return _render_form(request, "inspections/rule_form.html", {"title": _("Edit the cadence rule"), "rule": rule},
                        form)


def _key_date_data(x: dict) -> dict:
    return {"name": x["name"], "on": x["on"].isoformat(), "lead_days": x["lead_days"]}


@login_required
def key_date_create(request):
    user = request.user
    _require_supervisor(user)
    form = KeyDateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_save_key_date(user, data=_key_date_data(form.cleaned_data))
        except ActionError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Key date saved."))
            return redirect("inspections:config")
    return _render_form(request, "inspections/key_date_form.html", {"title": _("New key date")}, form)


@login_required
def key_date_edit(request, pk):
    user = request.user
    key_date = access(KeyDate.objects.all(), user, pk, "configure")
    form = KeyDateForm(request.POST or None, initial={"name": key_date.name, "on": key_date.on,
                                                      "lead_days": key_date.lead_days})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_save_key_date(user, data=_key_date_data(form.cleaned_data), key_date=key_date)
        except ActionError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Key date saved."))
            return redirect("inspections:config")
    return _render_form(request, "inspections/key_date_form.html", {"title": _("Edit the key date"),
                                                                    "key_date": key_date}, form)


# --- safety profiles ----------------------------------------------------------------------------------------------


@login_required
def profile_edit(request, pk):
    """An enterprise's safety profile (pk: the enterprise's): what the cadence rules read, and its visit budget."""
    user = request.user
    _require_police(user)
    enterprise = access(Enterprise.objects.select_related("park"), user, pk, "change")
    profile = SafetyProfile.objects.filter(enterprise=enterprise).first()
    initial = {"version": profile.version if profile else 0}
    if profile:
        initial.update({name: getattr(profile, name) for name in ("risk_level", "hazardous_chemicals",
                                                                   "monthly_budget", "note", "assessed_on")})
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        x = form.cleaned_data
        try:
            services.do_save_profile(user, enterprise, risk_level=x["risk_level"],
                                     hazardous_chemicals=x["hazardous_chemicals"], monthly_budget=x["monthly_budget"],
                                     note=x["note"], assessed_on=x["assessed_on"], expected_version=x["version"])
        except ActionError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Safety profile of %(name)s saved.") % {"name": enterprise.name})
            return redirect("inspections:config")
    today = timezone.localdate()
    return _render_form(request, "inspections/profile_form.html", {
        "enterprise": enterprise, "profile": profile, "budget": services.budget_of(enterprise),
        "visits_this_month": services.visits_in_month(enterprise, today), "today": today}, form)


# --- the ledger (台账) -----------------------------------------------------------------------------------------


def _choice(request, field, queryset, errors):
    try:
        pk = parse_optional_int(request.GET.get(field), field=field, min=1)
    except ActionError:
        pk = -1
    if pk is None:
        return None
    found = next((obj for obj in queryset if obj.pk == pk), None)
    if found is None:
        errors[field] = _("Choose one from the list.")
    return found


def _ledger_scope(request):
    """The period, park, office and department asked for, the choices offered, and errors beside their field."""
    user, errors = request.user, {}
    today = timezone.localdate()
    try:
        first, last = ledgers.parse_quarter(request.GET.get("quarter"), today=today)
    except ActionError as exc:
        errors[exc.field] = exc.message
        first, last = services.quarter_of(today)
    choices = {"parks": list(ledgers.parks_for(user)), "offices": list(ledgers.offices_for(user)),
               "departments": list(ledgers.departments_for(user))}
    scope = ledgers.Scope(first, last, park=_choice(request, "park", choices["parks"], errors),
                          office=_choice(request, "office", choices["offices"], errors),
                          department=_choice(request, "department", choices["departments"], errors))
    quarters = ledgers.recent_quarters(today)
    label = ledgers.quarter_label(first)
    if label not in quarters:
        quarters.append(label)
    return scope, {**choices, "quarters": quarters, "quarter": label}, errors


@login_required
def ledger(request):
    user = request.user
    _require_police(user)
    scope, choices, errors = _ledger_scope(request)
    result = ledgers.ledger(user, scope)
    return render(request, "inspections/ledger.html", {
        "ledger": result, "scope": scope, "errors": errors, **choices,
        "query_string": request.GET.urlencode()}, status=400 if errors else 200)


def _office_of(park) -> str:
    return park.office.name if park.office_id else ""


def _answer_rows(user, scope, totals):
    """One row per checklist item answered, then the totals counted from those same rows."""
    inspections = set()
    for n, answer in enumerate(ledgers.answers_in(user, scope).iterator(chunk_size=500), start=1):
        inspection, hazard = answer.inspection, getattr(answer, "hazard", None)
        inspections.add(inspection.pk)
        totals["items"] += 1
        totals[answer.result] += 1
        totals["fixed_on_site"] += answer.fixed_on_site
        yield [n, timezone.localtime(inspection.submitted_at).date(), _office_of(inspection.park),
               inspection.park.name, inspection.enterprise.name, inspection.enterprise.uscc,
               inspection.inspection_type.name, inspection.checklist.number,
               inspection.department.name if inspection.department else _("Police"), str(inspection.inspector),
               answer.item.number, answer.item.section, answer.item.text, answer.get_result_display(),
               answer.get_severity_display() if answer.severity else "", answer.note,
               _("Yes") if answer.fixed_on_site else "", hazard.reference if hazard else "",
               hazard.get_status_display() if hazard else "", hazard.deadline if hazard else None,
               timezone.localtime(hazard.closed_at).date() if hazard and hazard.closed_at else None]
    yield []
    yield [_("Total")]
    for label, value in ((_("Checklists submitted"), len(inspections)), (_("Items answered"), totals["items"]),
                         (pgettext("inspection answer", "Passed"), totals[Answer.PASS]),
                         (pgettext("inspection answer", "Failed"), totals[Answer.FAIL]),
                         (_("Not applicable"), totals[Answer.NOT_APPLICABLE]),
                         (_("Fixed on site"), totals["fixed_on_site"])):
        yield [label, value]


def _hazard_rows(user, scope, now):
    counts = dict.fromkeys(("found", "fixed_on_site", "closed", "open", "overdue"), 0)
    for n, hazard in enumerate(ledgers.hazard_rows_in(user, scope).iterator(chunk_size=500), start=1):
        overdue = hazard.is_overdue(now)
        counts["found"] += 1
        counts["fixed_on_site"] += hazard.fixed_on_site
        counts["closed"] += hazard.status == HazardStatus.CLOSED
        counts["open"] += hazard.is_open
        counts["overdue"] += overdue
        yield [n, hazard.reference, timezone.localtime(hazard.reported_at).date(), _office_of(hazard.park),
               hazard.park.name, hazard.enterprise.name if hazard.enterprise else "", hazard.get_source_display(),
               hazard.get_severity_display(), hazard.title, hazard.location,
               hazard.department.name if hazard.department else _("Police"), hazard.get_status_display(),
               _("Yes") if hazard.fixed_on_site else "", hazard.deadline, _("Yes") if overdue else "",
               timezone.localtime(hazard.closed_at).date() if hazard.closed_at else None,
               hazard.get_verification_display() if hazard.verification else ""]
    yield []
    yield [_("Total")]
    for label, key in ((_("Hazards found"), "found"), (_("Fixed on site"), "fixed_on_site"),
                       (pgettext("hazard", "Closed"), "closed"), (pgettext("hazard", "Open"), "open"),
                       (_("Overdue"), "overdue")):
        yield [label, counts[key]]


def _summary_rows(result):
    for row in result.parks:
        yield [row.label, row.office, *row.figures.as_list()]
    yield [_("Total"), "", *result.total.as_list()]
    yield []
    yield [_("By department"), ""]
    for row in result.departments:
        yield [row.label, "", *row.figures.as_list()]


def _figure_headers():
    """The summary's columns, in ``ledgers.FIGURES`` order."""
    return [_("Joint visits"), _("Checklists submitted"), _("Hazards found"), _("Fixed on site"),
            pgettext("hazard", "Closed"), pgettext("hazard", "Open"), _("Overdue")]


@login_required
def ledger_export(request):
    """The ledger as stations keep it: the summary, one row per checklist item answered, one row per hazard found,
    each with its totals."""
    user = request.user
    _require_police(user)
    scope, choices, errors = _ledger_scope(request)
    if errors:
        return redirect(f"{reverse('inspections:ledger')}?{request.GET.urlencode()}")
    now = timezone.now()
    result = ledgers.ledger(user, scope, now=now)
    label = choices["quarter"]
    totals = {"items": 0, Answer.PASS: 0, Answer.FAIL: 0, Answer.NOT_APPLICABLE: 0, "fixed_on_site": 0}
    sheets = [
        Sheet(_("Summary"), _summary_rows(result), header=[_("Park"), _("Office"), *_figure_headers()],
              widths=(24, 20, 12, 12, 12, 12, 12, 12, 12)),
        Sheet(_("Inspections"), _answer_rows(user, scope, totals), header=[
            _("No."), _("Submitted on"), _("Office"), _("Park"), _("Enterprise"), _("Unified social credit code"),
            _("Inspection type"), _("Checklist version"), _("Department"), _("Inspector"), _("Item no."),
            _("Section"), _("Item"), _("Result"), _("Severity"), _("Note"), _("Fixed on site"), _("Hazard"),
            _("Hazard status"), _("Fix by"), _("Closed on")],
            widths=(6, 12, 16, 16, 24, 20, 16, 8, 16, 12, 8, 12, 30, 10, 14, 30, 8, 22, 12, 12, 12)),
        Sheet(_("Hazards"), _hazard_rows(user, scope, now), header=[
            _("No."), _("Reference"), _("Found on"), _("Office"), _("Park"), _("Enterprise"), _("Source"),
            _("Severity"), _("Hazard"), _("Location"), _("Department"), _("Status"), _("Fixed on site"),
            _("Fix by"), _("Overdue"), _("Closed on"), _("Verified by")],
            widths=(6, 22, 12, 16, 16, 24, 12, 14, 30, 20, 16, 12, 8, 12, 8, 12, 14)),
    ]
    audit.record(user, "inspection.ledger.export", None, {
        "quarter": label, "park": getattr(scope.park, "pk", None), "office": getattr(scope.office, "pk", None),
        "department": getattr(scope.department, "pk", None)})
    return workbook_response(f"inspection-ledger-{label}.xlsx", sheets)


urlpatterns = [
    path("config/", config, name="config"),
    path("types/new/", type_create, name="type_create"),
    path("types/<int:pk>/edit/", type_edit, name="type_edit"),
    path("types/<int:pk>/checklist/", checklist_edit, name="checklist_edit"),
    path("rules/new/", rule_create, name="rule_create"),
    path("rules/<int:pk>/edit/", rule_edit, name="rule_edit"),
    path("key-dates/new/", key_date_create, name="key_date_create"),
    path("key-dates/<int:pk>/edit/", key_date_edit, name="key_date_edit"),
    path("profiles/<int:pk>/edit/", profile_edit, name="profile_edit"),
    path("ledger/", ledger, name="ledger"),
    path("ledger.xlsx", ledger_export, name="ledger_export"),
]
