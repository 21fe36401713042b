"""Guard operation pages: the list, the operation with its roster grid and coverage proof, the solver's progress,
hand edits of the roster that say what they break, the printable coverage report, swaps for an officer to decide.
Thin: parse, call a service, render."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jingqi.accounts.choices import Role
from jingqi.accounts.models import User
from jingqi.core.errors import ActionError, flash_form_errors, form_error
from jingqi.core.scoping import access
from jingqi.registry.models import Park

from .. import selectors, services
from ..choices import OperationStatus, VolunteerStatus
from ..forms_guard import (
    SEGMENT_ROWS,
    CloseOperationForm,
    ConfirmForm,
    OperationEditForm,
    OperationForm,
    PoolAddForm,
    PoolMemberForm,
    SegmentRowForm,
    ShiftEditForm,
    ShiftForm,
    SplitForm,
    SwapDecideForm,
    VersionForm,
)
from ..models import GuardOperation, GuardShift, SwapRequest, Volunteer

OPERATION_FIELDS = ("name", "description", "starts_at", "hours", "geometry", "night_start", "night_end",
                    "min_shift", "max_shift", "min_rest", "max_week_hours", "max_nights_in_row",
                    "swap_needs_officer", "time_limit")


def _require_police(user):
    if not services.is_police(user):
        raise Http404


def _operation(user, pk, action="view") -> GuardOperation:
    return access(GuardOperation.objects.select_related("park", "station"), user, pk, action)


def _status(form_or_forms) -> int:
    forms = form_or_forms if isinstance(form_or_forms, list | tuple) else [form_or_forms]
    return 400 if any(f is not None and f.errors for f in forms) else 200


# --- the list, creating and editing ---------------------------------------------------------------------


@login_required
def operation_list(request):
    user = request.user
    if not (services.is_police(user) or user.role in (Role.VOLUNTEER, Role.LIAISON)):
        raise Http404
    status = request.GET.get("status", "")
    status = status if status in OperationStatus.values else ""
    operations = list(selectors.guard_operations_for(user, status=status)[:100])
    return render(request, "patrols/operation_list.html", {
        "operations": operations, "status": status, "statuses": OperationStatus.choices,
        "is_police": services.is_police(user)})


def _operation_data(data: dict) -> dict:
    return {name: data.get(name) for name in OPERATION_FIELDS}


@login_required
def operation_create(request):
    user = request.user
    _require_police(user)
    form = OperationForm(request.POST or None, parks=Park.objects.visible_to(user).order_by("code"))
    if request.method == "POST" and form.is_valid():
        try:
            operation = services.do_create_operation(user, park=form.cleaned_data["park"],
                                                     data=_operation_data(form.cleaned_data))
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Guard operation created. Now give it its segments."))
            return redirect("patrols:segment_edit", pk=operation.pk)
    return render(request, "patrols/operation_form.html", {"form": form, "title": _("New guard operation")},
                  status=_status(form))


@login_required
def operation_edit(request, pk):
    user = request.user
    operation = _operation(user, pk, "change")
    initial = {name: getattr(operation, name) for name in OPERATION_FIELDS}
    initial["starts_at"] = timezone.localtime(operation.starts_at)
    initial["geometry"] = "" if not operation.geometry else json.dumps(operation.geometry)
    form = OperationEditForm(request.POST or None, initial={**initial, "version": operation.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_operation(user, operation, data=_operation_data(form.cleaned_data),
                                         expected_version=form.cleaned_data["version"])
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Guard operation updated."))
            return redirect("patrols:operation_detail", pk=pk)
    return render(request, "patrols/operation_form.html", {
        "form": form, "operation": operation, "title": _("Edit the guard operation")}, status=_status(form))


# --- the operation page and its progress -----------------------------------------------------------------


@login_required
def operation_detail(request, pk, *, close_form=None):
    user = request.user
    operation = _operation(user, pk)
    close_form = close_form or CloseOperationForm(initial={"version": operation.version})
    context = {"operation": operation, "close_form": close_form, **selectors.operation_page(user, operation)}
    return render(request, "patrols/operation_detail.html", context, status=400 if close_form.is_bound else 200)


@login_required
def operation_progress(request, pk):
    """The solver's progress, polled by the page every second while it solves; the partial stops the polling
    (and tells the page to reload for the new roster) once the job is done."""
    operation = _operation(request.user, pk)
    response = render(request, "patrols/partials/_progress.html", {"operation": operation,
                                                                      "polled": True})
    if operation.status != OperationStatus.SOLVING and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def operation_solve(request, pk):
    user = request.user
    operation = _operation(user, pk, "change")
    form = VersionForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("patrols:operation_detail", pk=pk)
    try:
        services.do_request_solve(user, operation, expected_version=form.cleaned_data["version"])
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The solver is running; its progress shows below."))
    return redirect("patrols:operation_detail", pk=pk)


@login_required
@require_POST
def operation_close(request, pk):
    user = request.user
    operation = _operation(user, pk, "change")
    form = CloseOperationForm(request.POST)
    if not form.is_valid():  # shown again on the operation's page, each error beside its field
        return operation_detail.__wrapped__(request, pk, close_form=form)
    try:
        services.do_close_operation(user, operation, loss=form.cleaned_data["loss"],
                                    loss_note=form.cleaned_data["loss_note"],
                                    expected_version=form.cleaned_data["version"])
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Guard operation closed."))
    return redirect("patrols:operation_detail", pk=pk)


# --- segments and the pool -----------------------------------------------------------------------------


@login_required
def segment_edit(request, pk):
    user = request.user
    operation = _operation(user, pk, "change")
    existing = list(operation.segments.all())
    data = request.POST if request.method == "POST" else None
    splitting = data is not None and "split" in data
    initial = [{"code": s.code, "name": s.name, "need": s.need, "night_need": s.night_need,
                "officer_at_night": s.officer_at_night} for s in existing]
    rows = [SegmentRowForm(None if splitting else data, prefix=f"s{n}",
                           initial=initial[n] if n < len(initial) else None)
            for n in range(len(existing) + SEGMENT_ROWS)]
    split = SplitForm(data if splitting else None, prefix="split")
    rows_error = ""
    if data is not None:
        try:
            if splitting:
                if split.is_valid():
                    x = split.cleaned_data
                    services.do_split_operation(user, operation, count=x["count"], need=x["need"],
                                                night_need=x["night_need"], officer_at_night=x["officer_at_night"])
                    messages.success(request, _("The line is split into %(n)d segments.") % {"n": x["count"]})
                    return redirect("patrols:operation_detail", pk=pk)
            elif all([row.is_valid() for row in rows]):  # noqa: C419 (every row validated, for its errors)
                geometry = {s.code: s.geometry for s in existing}
                entries = [e for e in (row.entry() for row in rows) if e is not None]
                for entry in entries:
                    entry["geometry"] = geometry.get(entry["code"])
                services.do_set_segments(user, operation, segments=entries)
                messages.success(request, _("Segments saved."))
                return redirect("patrols:operation_detail", pk=pk)
        except ActionError as exc:
            if splitting:
                form_error(split, exc)
            else:
                rows_error = exc.message
    failed = bool(rows_error or split.errors or any(row.errors for row in rows))
    return render(request, "patrols/operation_segments.html", {
        "operation": operation, "rows": rows, "split": split, "rows_error": rows_error},
        status=400 if failed else 200)


@login_required
def pool_edit(request, pk):
    user = request.user
    operation = _operation(user, pk, "change")
    pool = selectors.guard_pool(operation)
    in_pool_volunteers = {p.volunteer_id for p in pool if p.volunteer_id}
    in_pool_officers = {p.user_id for p in pool if p.user_id}
    volunteers = (Volunteer.objects.visible_to(user, "change").filter(status=VolunteerStatus.VETTED)
                  .exclude(pk__in=in_pool_volunteers).select_related("person", "team").order_by("team", "pk"))
    officers = (User.objects.filter(is_active=True, role__in=(Role.OFFICER, Role.AUXILIARY),
                                    office__station_id=operation.station_id)
                .exclude(pk__in=in_pool_officers).order_by("full_name", "pk"))
    data = request.POST if request.method == "POST" else None
    action = (data or {}).get("action", "")
    add = PoolAddForm(data if action == "add" else None, prefix="add", volunteers=volunteers, officers=officers)
    member_form, member_failed = None, None
    if data is not None:
        try:
            if action == "add":
                if add.is_valid():
                    x = add.cleaned_data
                    added = services.do_add_to_pool(user, operation, volunteers=list(x["volunteers"]),
                                                    officers=list(x["officers"]), segments=x["segments"])
                    messages.success(request, _("%(n)d people added to the pool.") % {"n": len(added)})
                    return redirect("patrols:pool_edit", pk=pk)
            elif action in ("update", "remove"):
                member_form = PoolMemberForm(data)
                if member_form.is_valid():
                    person = next((p for p in pool if p.pk == member_form.cleaned_data["person"]), None)
                    if person is None:
                        raise Http404
                    if action == "remove":
                        services.do_remove_from_pool(user, person)
                        messages.success(request, _("%(name)s taken off the pool.") % {"name": person.name})
                    else:
                        services.do_update_pool_member(user, person, segments=member_form.cleaned_data["segments"],
                                                       available=member_form.cleaned_data["available"])
                        messages.success(request, _("%(name)s updated.") % {"name": person.name})
                    return redirect("patrols:pool_edit", pk=pk)
                member_failed = member_form.data.get("person")
            else:
                raise Http404
        except ActionError as exc:
            if action == "add":
                form_error(add, exc)
            else:
                form_error(member_form, exc)
                member_failed = member_form.data.get("person")
    rows = []
    for person in pool:
        bound = member_form if member_failed and str(person.pk) == str(member_failed) else None
        form = bound or PoolMemberForm(initial={
            "person": person.pk, "segments": ", ".join(s.code for s in person.segments.all()),
            "available": ", ".join(f"{a}-{b}" for a, b in person.available)})
        rows.append((person, form))
    failed = bool(add.errors or (member_form is not None and member_form.errors))
    return render(request, "patrols/operation_pool.html", {"operation": operation, "add": add, "rows": rows},
                  status=400 if failed else 200)


# --- hand edits of the roster --------------------------------------------------------------------------


def _shift_form(operation, data=None, *, edit=False, **kwargs):
    cls = ShiftEditForm if edit else ShiftForm
    return cls(data, operation=operation, segments=operation.segments.all(),
               pool=operation.people.select_related("volunteer__person", "user"), **kwargs)


def _breaks(form, exc: ActionError) -> list[str]:
    """A refused edit: the error beside "save anyway", and the list of what it breaks for the page."""
    form_error(form, exc)
    if exc.code != "breaks_rules":
        return []
    return list(getattr(exc, "breaks", []))


def _edited(request, report):
    if report is not None and not report.ok:
        messages.warning(request, _("Saved. The roster now has %(gaps)d uncovered hours and %(rules)d rule "
                                    "breaches; see the coverage proof.") % {"gaps": report.gap_count,
                                                                            "rules": len(report.problems)})
    else:
        messages.success(request, _("Roster saved."))


@login_required
def shift_add(request, pk):
    user = request.user
    operation = _operation(user, pk, "change")
    initial = {}
    segment = request.GET.get("segment", "")
    if segment.isdigit():
        initial["segment"] = operation.segments.filter(pk=int(segment)).first()
    initial["starts_at"] = timezone.localtime(max(operation.starts_at, timezone.now().replace(
        minute=0, second=0, microsecond=0)) if operation.ends_at > timezone.now() else operation.starts_at)
    form = _shift_form(operation, request.POST or None, initial=initial)
    breaks = []
    if request.method == "POST" and form.is_valid() and form.cleaned_data["start"] is not None \
            and form.cleaned_data["end"] is not None:
        x = form.cleaned_data
        try:
            report = services.do_add_shift(user, operation, person=x["person"], segment=x["segment"],
                                           start=x["start"], end=x["end"], confirm=x["confirm"])
        except ActionError as exc:
            breaks = _breaks(form, exc)
        else:
            _edited(request, report)
            return redirect("patrols:operation_detail", pk=pk)
    return render(request, "patrols/shift_form.html", {
        "form": form, "operation": operation, "breaks": breaks, "title": _("Add a shift")}, status=_status(form))


@login_required
def shift_edit(request, pk):
    user = request.user
    shift = access(GuardShift.objects.select_related("operation__park", "segment", "person"), user, pk, "change")
    operation = shift.operation
    form = _shift_form(operation, request.POST or None, edit=True, initial={
        "person": shift.person, "segment": shift.segment, "starts_at": timezone.localtime(shift.starts_at),
        "ends_at": timezone.localtime(shift.ends_at), "version": shift.version})
    breaks = []
    if request.method == "POST" and form.is_valid() and form.cleaned_data["start"] is not None \
            and form.cleaned_data["end"] is not None:
        x = form.cleaned_data
        try:
            report = services.do_change_shift(user, shift, person=x["person"], segment=x["segment"],
                                              start=x["start"], end=x["end"], expected_version=x["version"],
                                              confirm=x["confirm"])
        except ActionError as exc:
            breaks = _breaks(form, exc)
        else:
            _edited(request, report)
            return redirect("patrols:operation_detail", pk=operation.pk)
    return render(request, "patrols/shift_form.html", {
        "form": form, "operation": operation, "shift": shift, "breaks": breaks, "title": _("Change a shift")},
        status=_status(form))


@login_required
def shift_remove(request, pk):
    user = request.user
    shift = access(GuardShift.objects.select_related("operation__park", "segment", "person__volunteer__person",
                                                     "person__user"), user, pk, "change")
    operation = shift.operation
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    breaks = []
    if request.method == "POST" and form.is_valid():
        try:
            report = services.do_remove_shift(user, shift, confirm=form.cleaned_data["confirm"])
        except ActionError as exc:
            breaks = _breaks(form, exc)
        else:
            _edited(request, report)
            return redirect("patrols:operation_detail", pk=operation.pk)
    return render(request, "patrols/shift_remove.html", {
        "form": form, "operation": operation, "shift": shift, "breaks": breaks}, status=_status(form))


# --- the coverage report ---------------------------------------------------------------------------------


@login_required
def coverage_report(request, pk):
    from ..documents import coverage_context

    operation = _operation(request.user, pk)
    return render(request, "patrols/coverage_report.html", coverage_context(operation, request.user))


@login_required
def coverage_pdf(request, pk):
    from jingqi.core.pdf import pdf_response

    from ..documents import coverage_pdf as make_pdf

    operation = _operation(request.user, pk)
    return pdf_response(make_pdf(operation, request.user), f"{operation.name}-coverage.pdf", inline=True)


# --- swaps for an officer to decide ----------------------------------------------------------------------


@login_required
@require_POST
def swap_decide(request, pk):
    user = request.user
    swap = access(SwapRequest.objects.select_related("shift"), user, pk, "change")
    form = SwapDecideForm(request.POST)
    if form.is_valid():
        try:
            swap = services.do_decide_swap(user, swap, approve=form.cleaned_data["approve"],
                                           reason=form.cleaned_data["reason"])
        except ActionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Swap %(status)s.") % {"status": swap.get_status_display()})
    else:
        flash_form_errors(request, form)
    return redirect("patrols:operation_detail", pk=swap.shift.operation_id)
