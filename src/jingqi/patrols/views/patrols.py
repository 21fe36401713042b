"""Patrols: the week's calendar, planning and editing, the patrol page (members, route, check-ins with their far
and no-position flags, findings), the phone's check-in and finding forms, start/finish/cancel/confirm, and the
findings ledger with the officer's "open it in its app". Thin: parse, call a service, render."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jingqi.core.errors import ActionError
from jingqi.core.parsing import parse_day
from jingqi.core.scoping import access
from jingqi.core.uploads import download

from .. import selectors, services
from ..choices import FindingKind, FindingStatus, PatrolStatus
from ..forms import CancelForm, CheckInForm, EmptyForm, FindingForm, OpenFindingForm, PatrolEditForm, PatrolForm
from ..models import Finding, Patrol
from .places import _park_filter
from .teams import form_error, page_of, require_police, require_sight, stored_file

DESCRIBING = ("title", "mode", "starts_at", "ends_at", "requires_officer", "note")


def _patrol(user, pk, action="view"):
    return access(Patrol.objects.select_related("park", "route", "station"), user, pk, action)


# --- the calendar ------------------------------------------------------------------------------------------------


@login_required
def patrol_calendar(request):
    user = request.user
    require_sight(user)
    try:
        day = parse_day(request.GET["week"], field="week") if request.GET.get("week") else timezone.localdate()
    except ActionError:
        day = timezone.localdate()
    start = selectors.week_start(day)
    park = _park_filter(request, user)
    return render(request, "patrols/patrol_calendar.html", {
        "days": selectors.patrol_week(user, start, park=park), "start": start,
        "previous": (start - timedelta(days=7)).date(), "next": (start + timedelta(days=7)).date(),
        "today": timezone.localdate(), "park": park, "parks": selectors.parks_for(user),
        "is_police": services.is_police(user)})


# --- planning and editing ----------------------------------------------------------------------------------------


def _members_kwargs(user, park=None):
    return {"routes": selectors.routes_for(user, park), "volunteers": selectors.plannable_volunteers(user),
            "officers": selectors.officers_for_park(park) if park is not None else selectors.officers_for(user)}


@login_required
def patrol_plan(request):
    user = request.user
    require_police(user)
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    form = PatrolForm(request.POST or None, parks=selectors.parks_for(user), **_members_kwargs(user),
                      initial={"starts_at": now, "ends_at": now + timedelta(hours=2), "requires_officer": True})
    if request.method == "POST" and form.is_valid():
        x = form.cleaned_data
        try:
            patrols = services.do_plan_patrol(user, park=x["park"], data={k: x[k] for k in DESCRIBING},
                                              officers=list(x["officers"]), volunteers=list(x["volunteers"]),
                                              route=x["route"], repeat_weeks=x["repeat_weeks"] or 0)
        except ActionError as exc:
            form_error(form, exc, aliases={"members": "volunteers"})
        else:
            messages.success(request, _("Patrol planned.") if len(patrols) == 1 else
                             _("%(n)d patrols planned, one a week.") % {"n": len(patrols)})
            return redirect("patrols:patrol_detail", pk=patrols[0].pk)
    return render(request, "patrols/patrol_form.html", {"form": form, "title": _("Plan a patrol")},
                  status=400 if form.errors else 200)


@login_required
def patrol_edit(request, pk):
    user = request.user
    patrol = _patrol(user, pk, "change")
    members = list(patrol.members.all())
    form = PatrolEditForm(request.POST or None, **_members_kwargs(user, patrol.park), initial={
        **{name: getattr(patrol, name) for name in DESCRIBING},
        "starts_at": timezone.localtime(patrol.starts_at), "ends_at": timezone.localtime(patrol.ends_at),
        "route": patrol.route_id, "version": patrol.version,
        "officers": [m.user_id for m in members if m.user_id],
        "volunteers": [m.volunteer_id for m in members if m.volunteer_id]})
    if request.method == "POST" and form.is_valid():
        x = form.cleaned_data
        try:
            services.do_update_patrol(user, patrol, data={k: x[k] for k in DESCRIBING},
                                      expected_version=x["version"], officers=list(x["officers"]),
                                      volunteers=list(x["volunteers"]), route=x["route"])
        except ActionError as exc:
            form_error(form, exc, aliases={"members": "volunteers"})
        else:
            messages.success(request, _("Patrol updated."))
            return redirect("patrols:patrol_detail", pk=pk)
    return render(request, "patrols/patrol_form.html", {"form": form, "patrol": patrol,
                                                        "title": _("Edit the patrol")},
                  status=400 if form.errors else 200)


# --- the patrol page and its actions ------------------------------------------------------------------------------


def _render_patrol(request, pk, *, cancel_form=None):
    user = request.user
    patrol = _patrol(user, pk)
    context = selectors.patrol_page(user, patrol)
    police = services.is_police(user)
    may_act = police or context["is_member"]
    actions = {
        "edit": police and patrol.can("edit"),
        "start": may_act and patrol.can("start"),
        "finish": may_act and patrol.can("finish"),
        "cancel": police and patrol.can("cancel"),
        "confirm": context["is_member"] and context["membership"].confirmed_at is None
                   and patrol.status in (PatrolStatus.PLANNED, PatrolStatus.UNDER_WAY),
        "check_in": context["is_member"] and patrol.can("check_in"),
        "report": context["is_member"] and patrol.can("report"),
    }
    return render(request, "patrols/patrol_detail.html", {
        **context, "patrol": patrol, "actions": actions, "is_police": police,
        "cancel_form": cancel_form or CancelForm(prefix="cancel", initial={"version": patrol.version}),
        "open_cancel": cancel_form is not None}, status=400 if cancel_form is not None else 200)


@login_required
def patrol_detail(request, pk):
    return _render_patrol(request, pk)


ACTIONS = {
    "start": lambda u, p, x: services.do_start_patrol(u, p),
    "finish": lambda u, p, x: services.do_finish_patrol(u, p),
    "confirm": lambda u, p, x: services.do_confirm_patrol(u, p),
    "cancel": lambda u, p, x: services.do_cancel_patrol(u, p, reason=x["reason"], expected_version=x["version"]),
}

DONE = {
    "start": lambda: _("Patrol started."), "finish": lambda: _("Patrol finished: hours credited from the check-ins."),
    "confirm": lambda: _("You confirmed the patrol."), "cancel": lambda: _("Patrol cancelled."),
}


@login_required
@require_POST
def patrol_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    user = request.user
    # Cancelling needs the right to change the patrol; the others are the members' (and the police's).
    patrol = _patrol(user, pk, "change" if action == "cancel" else "view")
    if not services.is_police(user) and not selectors.patrol_page(user, patrol)["is_member"]:
        raise Http404
    form = CancelForm(request.POST, prefix="cancel") if action == "cancel" else EmptyForm(request.POST)
    if form.is_valid():
        try:
            ACTIONS[action](user, patrol, form.cleaned_data)
        except ActionError as exc:
            if action != "cancel":
                messages.error(request, exc.message)
                return redirect("patrols:patrol_detail", pk=pk)
            form_error(form, exc)
        else:
            messages.success(request, DONE[action]())
            return redirect("patrols:patrol_detail", pk=pk)
    if "version" in form.errors:
        form.add_error(None, _("The form is out of date. Reload the page and try again."))
    return _render_patrol(request, pk, cancel_form=form)


def _require_member(user, patrol):
    """The check-in and finding forms are the members' (a volunteer or officer on the patrol)."""
    page = selectors.patrol_page(user, patrol)
    if not page["is_member"] and not services.is_police(user):
        raise Http404
    return page


@login_required
def patrol_check_in(request, pk):
    """Made for a phone: check_in.js fills the position from the phone's location; without it the check-in is
    recorded with no position."""
    user = request.user
    patrol = _patrol(user, pk)
    page = _require_member(user, patrol)
    form = CheckInForm(request.POST or None, checkpoints=selectors.checkpoints_for(user, patrol))
    if request.method == "POST" and form.is_valid():
        x = form.cleaned_data
        try:
            check_in = services.do_check_in(user, patrol, checkpoint=x["checkpoint"], latitude=x["latitude"],
                                            longitude=x["longitude"], accuracy=x["accuracy"], note=x["note"])
        except ActionError as exc:
            form_error(form, exc, aliases={"latitude": "checkpoint", "longitude": "checkpoint",
                                           "accuracy": "checkpoint"})
        else:
            if check_in.no_position:
                messages.warning(request, _("Checked in with no position: the phone gave none."))
            elif check_in.far:
                messages.warning(request, _("Checked in, %(m)s m from the checkpoint: recorded as far from it.")
                                 % {"m": check_in.distance_m})
            else:
                messages.success(request, _("Checked in."))
            return redirect("patrols:patrol_detail", pk=pk)
    return render(request, "patrols/patrol_check_in.html", {"form": form, "patrol": patrol,
                                                            "is_member": page["is_member"]},
                  status=400 if form.errors else 200)


@login_required
def patrol_finding(request, pk):
    user = request.user
    patrol = _patrol(user, pk)
    page = _require_member(user, patrol)
    form = FindingForm(request.POST or None, request.FILES or None,
                       enterprises=selectors.enterprises_of(patrol.park))
    if request.method == "POST" and form.is_valid():
        x = form.cleaned_data
        try:
            finding = services.do_report_finding(user, patrol=patrol, kind=x["kind"], description=x["description"],
                                                 enterprise=x["enterprise"], location=x["location"],
                                                 latitude=x["latitude"], longitude=x["longitude"],
                                                 photo=x.get("photo"))
        except ActionError as exc:
            form_error(form, exc, aliases={"file": "photo", "latitude": "location", "longitude": "location"})
        else:
            messages.success(request, _("Finding recorded.") if finding.status != FindingStatus.OPENED
                             else _("Finding recorded and opened in its app."))
            return redirect("patrols:finding_detail", pk=finding.pk)
    return render(request, "patrols/finding_form.html", {"form": form, "patrol": patrol,
                                                         "is_member": page["is_member"]},
                  status=400 if form.errors else 200)


# --- findings ------------------------------------------------------------------------------------------------------


@login_required
def finding_list(request):
    user = request.user
    if not services.is_police(user) and user.role != "volunteer":
        raise Http404
    get = request.GET
    kind = get.get("kind", "") if get.get("kind", "") in FindingKind.values else ""
    status = get.get("status", "") if get.get("status", "") in FindingStatus.values else ""
    to_open = get.get("to_open") == "1"
    park = _park_filter(request, user)
    page, query_string = page_of(request, selectors.findings_for(user, kind=kind, status=status, to_open=to_open,
                                                                  park=park))
    template = "patrols/partials/_finding_table.html" if request.htmx else "patrols/finding_list.html"
    return render(request, template, {
        "page": page, "query_string": query_string, "kind": kind, "status": status, "to_open": to_open,
        "park": park, "parks": selectors.parks_for(user), "kinds": FindingKind.choices,
        "statuses": FindingStatus.choices, "is_police": services.is_police(user)})


def _render_finding(request, pk, *, form=None):
    user = request.user
    finding = access(Finding.objects.select_related("park", "patrol", "shift", "enterprise", "reported_by",
                                                    "ticket", "dispute"), user, pk)
    police = services.is_police(user)
    can_open = police and finding.status != FindingStatus.OPENED and finding.kind != FindingKind.OTHER
    if can_open and form is None:
        form = OpenFindingForm(enterprises=selectors.enterprises_of(finding.park),
                               initial={"enterprise": finding.enterprise_id})
    return render(request, "patrols/finding_detail.html", {
        "finding": finding, "is_police": police, "can_open": can_open, "open_form": form,
        "awaiting_ledger": finding.kind == FindingKind.HAZARD and finding.kind not in services.FINDING_HANDLERS},
        status=400 if form is not None and form.errors else 200)


@login_required
def finding_detail(request, pk):
    return _render_finding(request, pk)


@login_required
@require_POST
def finding_open(request, pk):
    user = request.user
    finding = access(Finding.objects.select_related("park"), user, pk, "change")
    form = OpenFindingForm(request.POST, enterprises=selectors.enterprises_of(finding.park))
    if form.is_valid():
        try:
            finding = services.do_open_finding(user, finding, enterprise=form.cleaned_data["enterprise"])
        except ActionError as exc:
            form_error(form, exc)
        else:
            if finding.status == FindingStatus.AWAITING:
                messages.warning(request, _("The hazard waits for the hazard ledger (inspections) to open it."))
            else:
                messages.success(request, _("Finding opened in its app."))
            return redirect("patrols:finding_detail", pk=pk)
    return _render_finding(request, pk, form=form)


@login_required
def finding_photo(request, pk):
    finding = access(Finding.objects.exclude(photo=""), request.user, pk)
    return download(stored_file(finding.photo))
