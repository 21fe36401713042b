"""Outreach pages: the list with the station's or office's figures and the ledger download, planning and editing,
the event page with its invitations, attendance (entered on a phone) and files. Thin: parse, call a service,
render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jingqi.core.errors import ActionError, form_error
from jingqi.core.exports import Sheet, workbook_response
from jingqi.core.parsing import check_plausible_day, parse_day, parse_form_version, parse_optional_int
from jingqi.core.scoping import access
from jingqi.core.uploads import download

from .. import selectors_outreach as selectors
from .. import services_outreach as services
from ..choices import OutreachStatus, OutreachTopic
from ..forms_outreach import AttendanceForm, CancelForm, EditForm, InviteForm, MaterialForm, PlanForm
from ..models import OutreachMaterial

PAGE_SIZE = 25


def _require_sight(user):
    if not selectors.can_see_outreach(user):
        raise Http404


def _require_police(user):
    if not services.is_police(user):
        raise Http404


def _day(value):
    try:
        return check_plausible_day(parse_day(value, field="day"), field="day") if value else None
    except ActionError:
        return None


def _filters(request, parks) -> selectors.Filters:
    get = request.GET
    topic = get.get("topic", "") if get.get("topic", "") in OutreachTopic.values else ""
    status = get.get("status", "") if get.get("status", "") in OutreachStatus.values else ""
    try:
        park_pk = parse_optional_int(get.get("park"), field="park", min=1)
    except ActionError:
        park_pk = None
    park = parks.filter(pk=park_pk).first() if park_pk else None
    return selectors.Filters(topic=topic, park=park, status=status, start=_day(get.get("start")),
                             end=_day(get.get("end")))


# --- the list, the figures, the ledger ------------------------------------------------------------------------


@login_required
def outreach_list(request):
    user = request.user
    _require_sight(user)
    police = services.is_police(user)
    parks = services.parks_for(user)
    filters = _filters(request, parks)
    page = Paginator(selectors.events_for(user, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {"page": page, "events": selectors.list_rows(user, page.object_list), "filters": filters,
               "topics": OutreachTopic.choices, "statuses": OutreachStatus.choices, "parks": parks,
               "query_string": params.urlencode(), "is_police": police}
    if request.htmx:
        return render(request, "cases/partials/_outreach_table.html", context)
    if police:
        context["figures"] = selectors.outreach_figures(user, filters)
    return render(request, "cases/outreach_list.html", context)


@login_required
def outreach_ledger(request):
    """The event ledger (台账) as a workbook, with the list's filters."""
    user = request.user
    _require_police(user)
    filters = _filters(request, services.parks_for(user))
    topics, statuses = dict(OutreachTopic.choices), dict(OutreachStatus.choices)
    yes, no = _("Yes"), _("No")

    def rows():
        for e in selectors.ledger_rows(user, filters).iterator(chunk_size=500):
            start, end = timezone.localtime(e.starts_at), timezone.localtime(e.ends_at)
            yield [start.date(), start.strftime("%H:%M"), end.strftime("%H:%M"), e.park.name, str(topics[e.topic]),
                   e.title, e.place, e.speaker, str(statuses[e.status]), e.invited, e.attended,
                   e.attendance_total if e.status == OutreachStatus.HELD else None,
                   yes if e.invited and not e.inside else no, e.materials, e.summary, str(e.organiser)]

    header = [_("Date"), _("Starts at"), _("Ends at"), _("Park"), _("Topic"), _("Title"), _("Place"), _("Speaker"),
              _("Status"), _("Enterprises invited"), _("Enterprises attending"), _("Attendance"),
              _("Outside production hours"), _("Materials handed out"), _("Summary"), _("Organiser")]
    return workbook_response(f"outreach-{timezone.localdate():%Y%m%d}.xlsx", [Sheet(
        _("Outreach ledger"), rows(), header=header,
        widths=(12, 8, 8, 16, 12, 30, 20, 12, 8, 10, 10, 10, 12, 30, 40, 12), wrap=True)])


# --- planning and editing -------------------------------------------------------------------------------------------


def _describing(data: dict) -> dict:
    return {name: data.get(name) for name in services.DESCRIBING}


@login_required
def outreach_plan(request):
    user = request.user
    _require_police(user)
    parks = services.parks_for(user)
    enterprises = selectors.invitable_anywhere(user)
    form = PlanForm(request.POST or None, parks=parks, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.do_plan_outreach(user, park=data["park"], data=_describing(data),
                                              enterprises=data["enterprises"],
                                              all_enterprises=data["all_enterprises"])
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Event planned."))
            return redirect("cases:outreach_detail", pk=event.pk)
    return render(request, "cases/outreach_form.html", {"form": form, "title": _("Plan an outreach event")},
                  status=400 if form.errors else 200)


@login_required
def outreach_edit(request, pk):
    event = services.access_outreach(request.user, pk, "change")
    initial = {name: getattr(event, name) for name in services.DESCRIBING}
    initial["starts_at"], initial["ends_at"] = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    form = EditForm(request.POST or None, initial={**initial, "version": event.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_outreach(request.user, event, data=_describing(form.cleaned_data),
                                        expected_version=form.cleaned_data["version"])
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Event updated."))
            return redirect("cases:outreach_detail", pk=pk)
    return render(request, "cases/outreach_form.html", {"form": form, "event": event, "title": _("Edit the event"),
                                                        "possible": event.can("edit")},
                  status=400 if form.errors else 200)


@login_required
def outreach_invite(request, pk):
    user = request.user
    event = services.access_outreach(user, pk, "change")
    invited = set(event.attendance.values_list("enterprise_id", flat=True))
    form = InviteForm(request.POST or None, enterprises=services.invitable(user, event.park).exclude(pk__in=invited),
                      initial={"version": event.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rows = services.do_invite_enterprises(user, event, enterprises=data["enterprises"],
                                                  all_enterprises=data["all_enterprises"],
                                                  expected_version=data["version"])
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, ngettext("%(count)s enterprise invited.", "%(count)s enterprises invited.",
                                               len(rows)) % {"count": len(rows)})
            return redirect("cases:outreach_detail", pk=pk)
    return render(request, "cases/outreach_form.html", {"form": form, "event": event,
                                                        "title": _("Invite enterprises"),
                                                        "possible": event.can("invite")},
                  status=400 if form.errors else 200)


# --- the event page and its actions -----------------------------------------------------------------------------


def _render_detail(request, event, *, cancel_form=None, material_form=None):
    context = {"event": event, "is_police": services.is_police(request.user),
               "cancel_form": cancel_form or CancelForm(prefix="cancel"),
               "material_form": material_form or MaterialForm(prefix="material"),
               **selectors.event_page(request.user, event)}
    failed = cancel_form is not None or material_form is not None
    return render(request, "cases/outreach_detail.html", context, status=400 if failed else 200)


@login_required
def outreach_detail(request, pk):
    return _render_detail(request, services.access_outreach(request.user, pk))


@login_required
def outreach_attendance(request, pk):
    """Recording the event as held (or, once held, correcting the numbers): a number per invited enterprise,
    made for a phone at the door of the meeting room."""
    user = request.user
    event = services.access_outreach(user, pk, "change")
    rows = list(event.attendance.select_related("enterprise").order_by("enterprise__name", "pk"))
    holding = event.status == OutreachStatus.PLANNED
    form = AttendanceForm(request.POST or None, rows=rows,
                          initial={"summary": event.summary, "version": event.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if holding:
                services.do_hold_outreach(user, event, attendance=form.attendance(), summary=data["summary"],
                                          expected_version=data["version"])
            else:
                services.do_record_attendance(user, event, attendance=form.attendance(), summary=data["summary"],
                                              expected_version=data["version"])
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Event recorded as held.") if holding else _("Attendance corrected."))
            return redirect("cases:outreach_detail", pk=pk)
    possible = event.can("hold") or event.can("attendance")
    return render(request, "cases/outreach_attendance.html", {
        "form": form, "event": event, "holding": holding, "possible": possible},
        status=400 if form.errors else 200)


@login_required
@require_POST
def outreach_cancel(request, pk):
    event = services.access_outreach(request.user, pk, "change")
    form = CancelForm(request.POST, prefix="cancel")
    if form.is_valid():
        try:
            services.do_cancel_outreach(request.user, event, reason=form.cleaned_data["reason"],
                                        expected_version=_version(request))
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Event cancelled; the invited enterprises are told."))
            return redirect("cases:outreach_detail", pk=pk)
    return _render_detail(request, event, cancel_form=form)


def _version(request):
    return parse_form_version(request.POST.get("version"), required=False)


@login_required
@require_POST
def material_upload(request, pk):
    event = services.access_outreach(request.user, pk, "change")
    form = MaterialForm(request.POST, request.FILES, prefix="material")
    if form.is_valid():
        try:
            services.do_attach_outreach_material(request.user, event, upload=form.cleaned_data["file"])
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("File attached."))
            return redirect("cases:outreach_detail", pk=pk)
    return _render_detail(request, event, material_form=form)


@login_required
def material_download(request, pk):
    """Served through the scope check (never from a public media URL), as a download."""
    return download(access(OutreachMaterial.objects.all(), request.user, pk))


urlpatterns = [
    path("outreach/", outreach_list, name="outreach_list"),
    path("outreach/ledger.xlsx", outreach_ledger, name="outreach_ledger"),
    path("outreach/new/", outreach_plan, name="outreach_plan"),
    path("outreach/<int:pk>/", outreach_detail, name="outreach_detail"),
    path("outreach/<int:pk>/edit/", outreach_edit, name="outreach_edit"),
    path("outreach/<int:pk>/invite/", outreach_invite, name="outreach_invite"),
    path("outreach/<int:pk>/attendance/", outreach_attendance, name="outreach_attendance"),
    path("outreach/<int:pk>/cancel/", outreach_cancel, name="outreach_cancel"),
    path("outreach/<int:pk>/materials/", material_upload, name="outreach_material_upload"),
    path("outreach/materials/<int:pk>/", material_download, name="outreach_material_download"),
]
