"""Case pages: the list, the figures, recording a case (also from a request or a dispute), the case page with its
actions (file, decline, solve, close, recoveries, victims, notes) and the edit form. Thin: parse, call a service,
render."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jingqi.accounts.choices import Role
from jingqi.accounts.models import User
from jingqi.core.errors import ActionError, form_error
from jingqi.core.parsing import parse_form_version, parse_optional_int
from jingqi.core.scoping import access

from .. import figures, selectors, services
from ..choices import CaseKind, CaseSource, CaseStatus
from ..forms import (
    CloseForm,
    DeclineForm,
    EditForm,
    FileForm,
    NoteForm,
    PeriodForm,
    RecordForm,
    RecoveryForm,
    SolveForm,
    VictimForm,
)

DESCRIBING = services.DESCRIBING


def _require_police(user):
    if not services.is_police(user):
        raise Http404


def _require_sight(user):
    if not (services.is_police(user) or (user.role == Role.LIAISON and user.enterprise_id)):
        raise Http404


def _officers(case):
    return (User.objects.filter(is_active=True, role__in=[Role.OFFICER, Role.AUXILIARY], office_id=case.park.office_id)
            .order_by("username"))


# --- the list and the figures ----------------------------------------------------------------------------------


@login_required
def case_list(request):
    user = request.user
    _require_sight(user)
    get = request.GET
    status = get.get("status", "")
    status = status if status in CaseStatus.values or status == "open" else ""
    kind = get.get("kind", "") if get.get("kind", "") in CaseKind.values else ""
    parks = selectors.parks_for(user)
    try:
        park_pk = parse_optional_int(get.get("park"), field="park", min=1)
    except ActionError:
        park_pk = None
    park = parks.filter(pk=park_pk).first() if park_pk else None
    q = get.get("q", "").strip()[:100]
    page = Paginator(selectors.cases_for(user, status=status, kind=kind, park=park, q=q), 25).get_page(get.get("page"))
    params = get.copy()
    params.pop("page", None)
    template = "cases/partials/_case_table.html" if request.htmx else "cases/case_list.html"
    return render(request, template, {
        "page": page, "status": status, "kind": kind, "park": park, "q": q, "statuses": CaseStatus.choices,
        "kinds": CaseKind.choices, "parks": parks, "query_string": params.urlencode(),
        "is_police": services.is_police(user)})


def half_year(day: date) -> tuple[date, date]:
    """The half-year (H1: January–June, H2: July–December) that ``day`` falls in, as [start, end)."""
    if day.month <= 6:
        return date(day.year, 1, 1), date(day.year, 7, 1)
    return date(day.year, 7, 1), date(day.year + 1, 1, 1)


@login_required
def case_figures(request):
    _require_police(request.user)
    form = PeriodForm(request.GET or None)
    start, end = half_year(timezone.localdate())
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
        if end <= start:
            form.add_error("end", _("The end must be after the start."))
            start, end = half_year(timezone.localdate())
    computed = figures.case_figures(request.user, start=start, end=end)
    groupings = [(_("By type"), computed["by_kind"]), (_("By park"), computed["by_park"])]
    return render(request, "cases/case_figures.html", {"form": form, "groupings": groupings, **computed},
                  status=400 if form.errors else 200)


# --- recording and editing -------------------------------------------------------------------------------------


def _origin(request):
    """The request or dispute a new case comes from (``?ticket=`` / ``?dispute=``): one the officer handles."""
    from jingqi.disputes.models import Dispute
    from jingqi.tickets.models import Ticket

    for name, model in (("ticket", Ticket), ("dispute", Dispute)):
        raw = request.GET.get(name) or request.POST.get(f"from_{name}")
        if raw:
            try:
                pk = parse_optional_int(raw, field=name, min=1)
            except ActionError:
                raise Http404
            return name, access(model.objects.select_related("park" if name == "dispute" else "enterprise__park"),
                                request.user, pk, "change")
    return None, None


@login_required
def case_record(request):
    user = request.user
    _require_police(user)
    origin_name, origin = _origin(request)
    initial = {}
    if origin is not None:
        park = origin.park if origin_name == "dispute" else origin.enterprise.park
        initial = {"park": park, "title": origin.title[:120], "description": origin.description,
                   "source": CaseSource.REQUEST if origin_name == "ticket" else CaseSource.DISPUTE}
        if origin_name == "ticket":
            initial["enterprise"] = origin.enterprise
    form = RecordForm(request.POST or None, initial=initial, parks=selectors.parks_for(user),
                      enterprises=selectors.enterprises_for(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        victims = [(data["enterprise"], data["victim_loss"])] if data["enterprise"] else []
        try:
            case = services.do_record_case(
                user, park=data["park"], source=data["source"], reported_at=data["reported_at"], victims=victims,
                data={name: data[name] for name in DESCRIBING}, **({origin_name: origin} if origin else {}))
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Case %(ref)s recorded.") % {"ref": case.reference})
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/case_form.html", {
        "form": form, "title": _("Record a case"), "origin": origin, "origin_name": origin_name},
        status=400 if form.errors else 200)


@login_required
def case_edit(request, pk):
    case = services.access_case(request.user, pk, "change")
    _require_police(request.user)
    initial = {**{name: getattr(case, name) for name in DESCRIBING}, "version": case.version}
    form = EditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_update_case(request.user, case, data={name: data[name] for name in DESCRIBING},
                                    expected_version=data["version"])
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Case updated."))
            return redirect("cases:case_detail", pk=pk)
    return render(request, "cases/case_form.html", {"form": form, "case": case, "title": _("Edit the case")},
                  status=400 if form.errors else 200)


# --- the case page and its actions -----------------------------------------------------------------------------


def _forms(user, case) -> dict:
    return {
        "file": FileForm(prefix="file", officers=_officers(case), initial={"officer": case.officer_id or (
            user.pk if user.role in (Role.OFFICER, Role.AUXILIARY) else None)}),
        "decline": DeclineForm(prefix="decline"), "solve": SolveForm(prefix="solve"),
        "close": CloseForm(prefix="close"),
        "recover": RecoveryForm(prefix="recover", initial={"recovered_on": timezone.localdate()}),
        "victim": VictimForm(prefix="victim", enterprises=selectors.enterprises_for(user)),
        "note": NoteForm(prefix="note"),
    }


def _render_detail(request, case, *, failed: str = "", form=None):
    """The case page; after a refused action, with that action's form bound (errors beside its fields) and left
    open, answered 400 (nothing was changed)."""
    user = request.user
    forms = _forms(user, case)
    if form is not None:
        forms[failed] = form
    return render(request, "cases/case_detail.html", {
        "case": case, "forms": forms, "open_action": failed, **selectors.case_page(user, case)},
        status=400 if form is not None else 200)


@login_required
def case_detail(request, pk):
    return _render_detail(request, services.access_case(request.user, pk))


ACTIONS = {
    "file": lambda u, c, d: services.do_file_case(u, c, filing_number=d["filing_number"], filed_at=d["filed_at"],
                                                  officer=d["officer"], note=d["note"], expected_version=d["version"]),
    "decline": lambda u, c, d: services.do_decline_case(u, c, reason=d["reason"], expected_version=d["version"]),
    "solve": lambda u, c, d: services.do_solve_case(u, c, solved_at=d["solved_at"], suspects=d["suspects"],
                                                    regions=d["regions"], note=d["note"],
                                                    expected_version=d["version"]),
    "close": lambda u, c, d: services.do_close_case(u, c, note=d["note"], expected_version=d["version"]),
    "recover": lambda u, c, d: services.do_record_recovery(u, c, recovered_on=d["recovered_on"], amount=d["amount"],
                                                           items=d["items"], region=d["region"]),
    "victim": lambda u, c, d: services.do_add_victim(u, c, enterprise=d["enterprise"],
                                                     loss_amount=d["loss_amount"]),
    "note": lambda u, c, d: services.do_note_case(u, c, text=d["text"], internal=not d["shared"]),
}
FORM_CLASSES = {"file": FileForm, "decline": DeclineForm, "solve": SolveForm, "close": CloseForm,
                "recover": RecoveryForm, "victim": VictimForm, "note": NoteForm}
DONE = {
    "file": lambda: _("Case filed."), "decline": lambda: _("Recorded as not filed."),
    "solve": lambda: _("Case recorded as solved."), "close": lambda: _("Case closed."),
    "recover": lambda: _("Recovery recorded."), "victim": lambda: _("Victim enterprise added."),
    "note": lambda: _("Note added."),
}


@login_required
@require_POST
def case_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    user = request.user
    case = services.access_case(user, pk, "change")
    _require_police(user)
    form = FORM_CLASSES[action](request.POST, prefix=action, **_form_kwargs(user, case, action))
    if form.is_valid():
        try:
            data = {**form.cleaned_data, "version": parse_form_version(request.POST.get("version"), required=False)}
            ACTIONS[action](user, case, data)
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, DONE[action]())
            return redirect("cases:case_detail", pk=pk)
    return _render_detail(request, services.access_case(user, pk), failed=action, form=form)


def _form_kwargs(user, case, action) -> dict:
    if action == "file":
        return {"officers": _officers(case)}
    if action == "victim":
        return {"enterprises": selectors.enterprises_for(user)}
    return {}


urlpatterns = [
    path("", case_list, name="case_list"),
    path("figures/", case_figures, name="case_figures"),
    path("new/", case_record, name="case_record"),
    path("<int:pk>/", case_detail, name="case_detail"),
    path("<int:pk>/edit/", case_edit, name="case_edit"),
    path("<int:pk>/<str:action>/", case_action, name="case_action"),
]
