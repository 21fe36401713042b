"""The volunteer's own page, made for a phone: next shifts and patrols, confirm, check in and out with the phone's
position, ask a colleague to take a shift (the rules are checked at once and what a refused swap would break is
shown), answer swaps asked of me, report a finding with a photo, my hours, points and recognitions, my weekly
availability. Only a volunteer account with a membership reaches these pages; everyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jingqi.core.errors import ActionError, flash_form_errors, form_error
from jingqi.core.scoping import access

from .. import selectors, services
from ..choices import SwapStatus
from ..forms_guard import (
    WINDOW_ROWS,
    ExceptionForm,
    PositionForm,
    ShiftFindingForm,
    SwapAskForm,
    WindowRowForm,
)
from ..models import AvailabilityException, GuardShift, SwapRequest

#: The check-in script written for patrol check-ins (it fills latitude/longitude/accuracy from the phone).
CHECK_IN_JS = "jingqi/check_in.js"


def _me(user):
    volunteer = services.me(user)
    if volunteer is None:
        raise Http404
    return volunteer


def _my_shift(user, pk) -> GuardShift:
    _me(user)
    return access(GuardShift.objects.select_related("operation", "segment", "person"), user, pk, "own")


def _geolocation() -> bool:
    return True  # static/jingqi/check_in.js, shared with patrol check-ins


@login_required
def my_duty(request):
    user = request.user
    volunteer = _me(user)
    context = selectors.my_duty(user)
    return render(request, "patrols/my_duty.html", {
        **context, "volunteer": volunteer, "position": PositionForm(), "geolocation": _geolocation(),
        "check_in_js": CHECK_IN_JS})


@login_required
def my_availability(request):
    user = request.user
    volunteer = _me(user)
    windows = list(volunteer.windows.all())
    exceptions = list(volunteer.exceptions.all())
    data = request.POST if request.method == "POST" else None
    action = (data or {}).get("action", "")
    initial = [{"weekday": w.weekday, "start": w.start, "end": w.end} for w in windows]
    rows = [WindowRowForm(data if action == "windows" else None, prefix=f"w{n}",
                          initial=initial[n] if n < len(initial) else None)
            for n in range(len(windows) + WINDOW_ROWS)]
    exception_form = ExceptionForm(data if action == "exception" else None, prefix="x")
    rows_error = ""
    if data is not None:
        try:
            if action == "windows":
                if all([row.is_valid() for row in rows]):  # noqa: C419 (every row validated, for its errors)
                    entries = [row.entry() for row in rows]
                    if not any(row.errors for row in rows):
                        services.do_set_availability(user, volunteer, windows=[e for e in entries if e])
                        messages.success(request, _("Your weekly availability is saved."))
                        return redirect("patrols:my_availability")
            elif action == "exception":
                if exception_form.is_valid():
                    x = exception_form.cleaned_data
                    services.do_add_exception(user, volunteer, starts_at=x["starts_at"], ends_at=x["ends_at"],
                                              available=x["available"], note=x["note"])
                    messages.success(request, _("Exception added."))
                    return redirect("patrols:my_availability")
            elif action == "remove":
                exception = access(AvailabilityException.objects.all(), user, data.get("exception"), "own")
                services.do_remove_exception(user, exception)
                messages.success(request, _("Exception removed."))
                return redirect("patrols:my_availability")
            else:
                raise Http404
        except ActionError as exc:
            if action == "exception":
                form_error(exception_form, exc)
            else:
                rows_error = exc.message
    failed = bool(rows_error or exception_form.errors or any(row.errors for row in rows))
    return render(request, "patrols/my_availability.html", {
        "volunteer": volunteer, "rows": rows, "rows_error": rows_error, "exception_form": exception_form,
        "exceptions": exceptions}, status=400 if failed else 200)


@login_required
@require_POST
def shift_confirm(request, pk):
    shift = _my_shift(request.user, pk)
    try:
        services.do_confirm_shift(request.user, shift)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Shift confirmed. Thank you."))
    return redirect("patrols:my_duty")


def _position(request, shift, *, check_out: bool):
    form = PositionForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("patrols:my_duty")
    x = form.cleaned_data
    try:
        if check_out:
            shift = services.do_shift_check_out(request.user, shift, latitude=x["latitude"],
                                                longitude=x["longitude"], accuracy=x["accuracy"])
        else:
            check_in = services.do_shift_check_in(request.user, shift, latitude=x["latitude"],
                                                  longitude=x["longitude"], accuracy=x["accuracy"])
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("patrols:my_duty")
    if check_out:
        messages.success(request, _("Checked out: %(minutes)d minutes credited.") % {
            "minutes": shift.credited_minutes})
    elif check_in.no_position:
        messages.warning(request, _("Checked in without a position (the phone gave none)."))
    elif check_in.far:
        messages.warning(request, _("Checked in, %(m)d m from your segment: recorded as far.") % {
            "m": check_in.distance_m or 0})
    else:
        messages.success(request, _("Checked in."))
    return redirect("patrols:my_duty")


@login_required
@require_POST
def shift_check_in(request, pk):
    return _position(request, _my_shift(request.user, pk), check_out=False)


@login_required
@require_POST
def shift_check_out(request, pk):
    return _position(request, _my_shift(request.user, pk), check_out=True)


@login_required
def shift_finding(request, pk):
    user = request.user
    shift = _my_shift(user, pk)
    form = ShiftFindingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        x = form.cleaned_data
        try:
            services.do_report_finding(user, shift=shift, kind=x["kind"], description=x["description"],
                                       location=x["location"], latitude=x["latitude"], longitude=x["longitude"],
                                       photo=x.get("photo"))
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Finding reported; an officer will open it."))
            return redirect("patrols:my_duty")
    return render(request, "patrols/shift_finding.html", {"form": form, "shift": shift,
                                                          "geolocation": _geolocation(),
                                                          "check_in_js": CHECK_IN_JS},
                  status=400 if form.errors else 200)


@login_required
def swap_ask(request, pk):
    """Ask a colleague in the pool to take the shift. A swap the rules refuse is recorded as refused and the page
    says what it would break."""
    user = request.user
    shift = _my_shift(user, pk)
    # Only a volunteer can answer a swap: the officers in the pool are not offered.
    colleagues = [p for p in shift.operation.people.filter(is_officer=False)
                  .select_related("volunteer__person", "user").order_by("pk") if p.pk != shift.person_id]
    form = SwapAskForm(request.POST or None, colleagues=colleagues)
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            swap = services.do_ask_swap(user, shift, taker=form.cleaned_data["taker"],
                                        reason=form.cleaned_data["reason"])
        except ActionError as exc:
            form_error(form, exc)
        else:
            if swap.status == SwapStatus.REFUSED:
                refused = swap
            else:
                messages.success(request, _("Swap asked of %(name)s.") % {"name": swap.taker.name})
                return redirect("patrols:my_duty")
    return render(request, "patrols/swap_ask.html", {"form": form, "shift": shift, "refused": refused},
                  status=400 if form.errors else 200)


SWAP_DONE = {
    SwapStatus.DECLINED: lambda: _("You declined the swap."),
    SwapStatus.REFUSED: lambda: _("The rules refuse this swap now."),
    SwapStatus.CONSENTED: lambda: _("You agreed; an officer approves the swap."),
    SwapStatus.ACCEPTED: lambda: _("Swap made: the shift is yours."),
    SwapStatus.WITHDRAWN: lambda: _("Swap withdrawn."),
}


@login_required
@require_POST
def swap_action(request, pk, action):
    user = request.user
    if action not in ("consent", "decline", "withdraw"):
        raise Http404
    _me(user)
    swap = access(SwapRequest.objects.all(), user, pk)
    try:
        if action == "withdraw":
            swap = services.do_withdraw_swap(user, swap)
        else:
            swap = services.do_answer_swap(user, swap, consent=action == "consent")
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        (messages.warning if swap.status == SwapStatus.REFUSED else messages.success)(
            request, SWAP_DONE[swap.status]())
    return redirect("patrols:my_duty")
