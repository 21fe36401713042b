"""Dispute pages: the list, the centre's workbench, the report form, the dispute page with its actions, the
session forms (the record form is used on a phone at the site), the agreement and its schedule, payments,
documents, the map. Thin: parse, call a service, render."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jingqi.accounts.choices import Role
from jingqi.core.errors import ActionError, flash_form_errors, form_error
from jingqi.core.parsing import parse_form_version, parse_optional_int
from jingqi.core.scoping import access
from jingqi.core.uploads import download

from . import selectors, services
from .choices import Kind, Status
from .forms import (
    MEDIATOR_ROWS,
    SCHEDULE_ROWS,
    AcceptForm,
    AgreementEditForm,
    AgreementForm,
    CommentForm,
    DisputeForm,
    DocumentForm,
    EditForm,
    EmptyForm,
    FactsForm,
    FollowUpForm,
    InstalmentRowForm,
    LiaisonReportForm,
    MediatorRowForm,
    NoteForm,
    PartyForm,
    PaymentForm,
    PoliceReportForm,
    ReasonForm,
    SessionPlanForm,
    SessionRecordForm,
    SettleForm,
    TransferForm,
)
from .models import Agreement, Dispute, DisputeDocument, DisputeParty, Instalment, MediationSession

DESCRIBING = ("kind", "urgency", "title", "description", "amount", "people_involved", "blocking", "location",
              "latitude", "longitude")


def _require_sight(user):
    if not selectors.can_see_disputes(user):
        raise Http404


def _require_police(user):
    if not selectors.is_police(user):
        raise Http404


def _describing(data: dict) -> dict:
    return {name: data.get(name) for name in DESCRIBING}


# --- the list, the workbench, the map --------------------------------------------------------------------


@login_required
def dispute_list(request):
    user = request.user
    _require_sight(user)
    get = request.GET
    status = get.get("status", "")
    status = status if status in Status.values or status == "open" else ""
    kind = get.get("kind", "") if get.get("kind", "") in Kind.values else ""
    parks = selectors.parks_for(user)
    try:
        park_pk = parse_optional_int(get.get("park"), field="park", min=1)
    except ActionError:
        park_pk = None
    park = parks.filter(pk=park_pk).first() if park_pk else None
    group, mine = get.get("group") == "1", get.get("mine") == "1"
    q = get.get("q", "").strip()[:100]
    disputes = selectors.disputes_for(user, status=status, kind=kind, park=park, group=group, mine=mine, q=q)
    page = Paginator(disputes, 25).get_page(get.get("page"))
    params = get.copy()
    params.pop("page", None)
    template = "disputes/partials/_dispute_table.html" if request.htmx else "disputes/dispute_list.html"
    return render(request, template, {
        "page": page, "status": status, "kind": kind, "park": park, "group": group, "mine": mine, "q": q,
        "statuses": Status.choices, "kinds": Kind.choices, "parks": parks, "query_string": params.urlencode(),
        "is_police": selectors.is_police(user)})


@login_required
def workbench(request):
    """The one-stop mediation centre's work: new reports, mine, this week's sessions, instalments due and
    overdue, group disputes with their response clocks, disputes returned to the mediator."""
    _require_police(request.user)
    return render(request, "disputes/workbench.html", selectors.workbench(request.user))


@login_required
def dispute_map(request):
    _require_sight(request.user)
    return render(request, "disputes/dispute_map.html", {})


@login_required
def map_features(request):
    _require_sight(request.user)
    return JsonResponse(selectors.map_features(request.user))


# --- reporting and editing ------------------------------------------------------------------------------------


@login_required
def dispute_report(request):
    user = request.user
    if user.role == Role.LIAISON and user.enterprise_id:
        form = LiaisonReportForm(request.POST or None)
    elif selectors.is_police(user):
        form = PoliceReportForm(request.POST or None, parks=selectors.parks_for(user),
                                enterprises=selectors.enterprises_for(user))
    else:
        raise Http404
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():  # the report and its first party, or neither
                if isinstance(form, LiaisonReportForm):
                    dispute = services.do_report_dispute(user, source="portal", data=_describing(data),
                                                         own_side=data["own_side"])
                else:
                    dispute = services.do_report_dispute(user, source=data["source"], data=_describing(data),
                                                         park=data["park"])
                    party = form.party()
                    if party is not None:
                        services.do_add_party(user, dispute, **party)
        except ActionError as exc:
            form_error(form, exc, prefix="party_")
        else:
            messages.success(request, _("Dispute %(ref)s reported.") % {"ref": dispute.reference})
            return redirect("disputes:dispute_detail", pk=dispute.pk)
    return render(request, "disputes/dispute_form.html", {"form": form, "title": _("Report a dispute")},
                  status=400 if form.errors else 200)


@login_required
def dispute_from_ticket(request, pk):
    """A request that turns out to be a dispute: opened from the request page, linked both ways."""
    from jingqi.tickets.models import Ticket

    _require_police(request.user)
    ticket = access(Ticket.objects.select_related("enterprise__park"), request.user, pk, "change")
    existing = Dispute.objects.visible_to(request.user).filter(ticket=ticket).first()
    if existing is not None:  # said, with the way to it, rather than a second dispute
        return render(request, "disputes/dispute_form.html", {"existing": existing, "ticket": ticket,
                                                              "title": _("Open the request as a dispute")})
    form = DisputeForm(request.POST or None, initial={
        "title": ticket.title[:120], "description": ticket.description, "location": ticket.address})
    if request.method == "POST" and form.is_valid():
        try:
            dispute = services.do_dispute_from_ticket(request.user, ticket, data=_describing(form.cleaned_data))
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Dispute %(ref)s opened from the request.") % {"ref": dispute.reference})
            return redirect("disputes:dispute_detail", pk=dispute.pk)
    return render(request, "disputes/dispute_form.html", {
        "form": form, "ticket": ticket, "title": _("Open the request as a dispute")},
        status=400 if form.errors else 200)


@login_required
def dispute_edit(request, pk):
    dispute = services.access_dispute(request.user, pk, "change")
    initial = {name: getattr(dispute, name) for name in DESCRIBING}
    form = EditForm(request.POST or None, initial={**initial, "version": dispute.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_dispute(request.user, dispute, data=_describing(form.cleaned_data),
                                       expected_version=form.cleaned_data["version"])
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Dispute updated."))
            return redirect("disputes:dispute_detail", pk=pk)
    return render(request, "disputes/dispute_form.html", {"form": form, "dispute": dispute,
                                                          "title": _("Edit the dispute")},
                  status=400 if form.errors else 200)


@login_required
def party_add(request, pk):
    dispute = services.access_dispute(request.user, pk, "change")
    form = PartyForm(request.POST or None, enterprises=selectors.enterprises_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_add_party(request.user, dispute, side=data["side"], enterprise=data["enterprise"],
                                  full_name=data["full_name"], id_number=data["id_number"], phone=data["phone"],
                                  organisation=data["organisation"], headcount=data["headcount"],
                                  representative=data["representative"])
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Party added."))
            return redirect("disputes:dispute_detail", pk=pk)
    return render(request, "disputes/party_form.html", {"form": form, "dispute": dispute},
                  status=400 if form.errors else 200)


# --- the dispute page and its actions ----------------------------------------------------------------------------


def _action_forms(user, dispute) -> dict:
    comment = CommentForm(prefix="comment")
    if not selectors.is_police(user):
        del comment.fields["internal"]
    return {
        "accept": AcceptForm(prefix="accept", officers=selectors.officers_for(dispute)),
        "refer": ReasonForm(prefix="refer"), "contact": NoteForm(prefix="contact"), "arrive": NoteForm(prefix="arrive"),
        "investigate": FactsForm(prefix="investigate", initial={"facts": dispute.facts}),
        "settle": SettleForm(prefix="settle"), "fail": ReasonForm(prefix="fail"),
        "transfer": TransferForm(prefix="transfer"), "withdraw": ReasonForm(prefix="withdraw"),
        "follow_up": FollowUpForm(prefix="follow_up"), "comment": comment, "attach": DocumentForm(prefix="attach"),
    }


def _render_detail(request, pk, *, failed: str = "", form=None):
    """The dispute page; after a refused action, with that action's form bound (errors beside its fields) and
    left open, answered 400 (nothing was changed)."""
    user = request.user
    dispute = services.access_dispute(user, pk)
    forms = _action_forms(user, dispute)
    if form is not None:
        forms[failed] = form
    context = {
        "dispute": dispute, "actions": selectors.dispute_actions(user, dispute), "forms": forms,
        "open_action": failed, "is_police": selectors.is_police(user), "is_liaison": user.role == Role.LIAISON,
        **selectors.dispute_page(user, dispute),
    }
    return render(request, "disputes/dispute_detail.html", context, status=400 if form is not None else 200)


@login_required
def dispute_detail(request, pk):
    return _render_detail(request, pk)


def _v(data):
    return data.get("version")


ACTIONS = {
    "accept": lambda u, d, x: services.do_accept_dispute(u, d, mediator=x.get("mediator"), expected_version=_v(x)),
    "refer": lambda u, d, x: services.do_refer_dispute(u, d, reason=x["reason"], expected_version=_v(x)),
    "contact": lambda u, d, x: services.do_record_contact(u, d, note=x["note"]),
    "arrive": lambda u, d, x: services.do_record_arrival(u, d, note=x["note"]),
    "investigate": lambda u, d, x: services.do_record_facts(u, d, facts=x["facts"], expected_version=_v(x)),
    "settle": lambda u, d, x: services.do_settle_dispute(u, d, note=x["note"], level=x["level"],
                                                        expected_version=_v(x)),
    "fail": lambda u, d, x: services.do_fail_dispute(u, d, reason=x["reason"], expected_version=_v(x)),
    "transfer": lambda u, d, x: services.do_transfer_dispute(u, d, body=x["body"], receiver=x["receiver"],
                                                            on=x["on"], expected_version=_v(x)),
    "withdraw": lambda u, d, x: services.do_withdraw_dispute(u, d, reason=x["reason"], expected_version=_v(x)),
    "follow_up": lambda u, d, x: services.do_follow_up(u, d, note=x["note"], satisfied=x["satisfied"],
                                                      expected_version=_v(x)),
    "archive": lambda u, d, x: services.do_archive_dispute(u, d, expected_version=_v(x)),
    "comment": lambda u, d, x: services.do_comment(u, d, text=x["text"], internal=x.get("internal", False)),
}

FORM_CLASSES = {
    "refer": ReasonForm, "contact": NoteForm, "arrive": NoteForm, "investigate": FactsForm, "settle": SettleForm,
    "fail": ReasonForm, "transfer": TransferForm, "withdraw": ReasonForm, "follow_up": FollowUpForm,
    "comment": CommentForm,
}

DONE = {
    "accept": lambda: _("Dispute accepted."), "refer": lambda: _("Dispute referred elsewhere."),
    "contact": lambda: _("First contact recorded."), "arrive": lambda: _("Arrival on site recorded."),
    "investigate": lambda: _("Facts recorded."), "settle": lambda: _("Dispute settled."),
    "fail": lambda: _("Mediation recorded as failed."), "transfer": lambda: _("Transfer recorded."),
    "withdraw": lambda: _("Withdrawal recorded."), "follow_up": lambda: _("Follow-up visit recorded."),
    "archive": lambda: _("Dispute archived."), "comment": lambda: _("Message added."),
}


@login_required
@require_POST
def dispute_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    user = request.user
    # Handling needs the right to handle before any input is read; a comment needs sight.
    dispute = services.access_dispute(user, pk, "view" if action == "comment" else "change")
    if action == "archive":
        form = EmptyForm(request.POST)
    else:
        form = (AcceptForm(request.POST, prefix=action, officers=selectors.officers_for(dispute))
                if action == "accept" else FORM_CLASSES[action](request.POST, prefix=action))
        if action == "comment" and not selectors.is_police(user):
            del form.fields["internal"]
    if form.is_valid():
        try:
            data = {**form.cleaned_data, "version": parse_form_version(request.POST.get("version"), required=False)}
            ACTIONS[action](user, dispute, data)
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, DONE[action]())
            return redirect("disputes:dispute_detail", pk=pk)
    if isinstance(form, EmptyForm):  # nothing to fill in again: the reason is said at the top of the page
        flash_form_errors(request, form)
        return redirect("disputes:dispute_detail", pk=pk)
    return _render_detail(request, pk, failed=action, form=form)


@login_required
@require_POST
def document_upload(request, pk):
    dispute = services.access_dispute(request.user, pk, "change")
    form = DocumentForm(request.POST, request.FILES, prefix="attach")
    if form.is_valid():
        try:
            services.do_attach_document(request.user, dispute, upload=form.cleaned_data["file"],
                                        internal=form.cleaned_data["internal"])
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("File attached."))
            return redirect("disputes:dispute_detail", pk=pk)
    return _render_detail(request, pk, failed="attach", form=form)


@login_required
def document_download(request, pk):
    """Served through the scope check (never from a public media URL), as a download."""
    return download(access(DisputeDocument.objects.all(), request.user, pk))


# --- mediation sessions -------------------------------------------------------------------------------------------


def _rows(form_class, count: int, letter: str, data=None, initial=(), **kwargs):
    initial = list(initial)
    return [form_class(data, prefix=f"{letter}{n}", initial=initial[n] if n < len(initial) else None, **kwargs)
            for n in range(count)]


@login_required
def session_plan(request, pk):
    dispute = services.access_dispute(request.user, pk, "change")
    staff = selectors.mediator_staff(dispute)
    data = request.POST if request.method == "POST" else None
    form = SessionPlanForm(data, initial={"place": _("One-stop mediation centre")})
    rows = _rows(MediatorRowForm, MEDIATOR_ROWS, "m", data, staff=staff,
                 initial=[{"role": "officer" if request.user.role != Role.AUXILIARY else "auxiliary",
                           "user": request.user}] if selectors.is_police(request.user) else ())
    rows_error = ""
    if data is not None and form.is_valid() & all(row.is_valid() for row in rows):
        mediators = [entry for entry in (row.entry() for row in rows) if entry is not None]
        try:
            services.do_plan_session(request.user, dispute, planned_at=form.cleaned_data["planned_at"],
                                     place=form.cleaned_data["place"], mediators=mediators)
        except ActionError as exc:
            if exc.field == "mediators":
                rows_error = exc.message
            else:
                form_error(form, exc)
        else:
            messages.success(request, _("Mediation session planned."))
            return redirect("disputes:dispute_detail", pk=pk)
    failed = bool(form.errors or rows_error or any(row.errors for row in rows))
    return render(request, "disputes/session_plan.html", {"form": form, "rows": rows, "rows_error": rows_error,
                                                          "dispute": dispute}, status=400 if failed else 200)


@login_required
def session_record(request, pk):
    """The form used on site, on a phone: when, who came (ticked), the minutes and the result."""
    session = access(MediationSession.objects.select_related("dispute__park"), request.user, pk, "change")
    dispute = session.dispute
    parties = DisputeParty.objects.filter(dispute=dispute).select_related("person", "enterprise")
    form = SessionRecordForm(request.POST or None, parties=parties)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_record_session(request.user, session, held_at=data["held_at"], attended=data["attended"],
                                       minutes=data["minutes"], result=data["result"])
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Session %(n)s recorded.") % {"n": session.number})
            return redirect("disputes:dispute_detail", pk=dispute.pk)
    return render(request, "disputes/session_record.html", {"form": form, "session": session, "dispute": dispute},
                  status=400 if form.errors else 200)


# --- agreement, schedule, payments -----------------------------------------------------------------------------------


@login_required
def agreement_sign(request, pk):
    dispute = services.access_dispute(request.user, pk, "change")
    data = request.POST if request.method == "POST" else None
    form = AgreementForm(data, initial={"signed_on": timezone.localdate(), "total_amount": dispute.amount or ""})
    rows = _rows(InstalmentRowForm, SCHEDULE_ROWS, "i", data)
    schedule_error = ""
    if data is not None and form.is_valid() & all(row.is_valid() for row in rows):
        instalments = [entry for entry in (row.entry() for row in rows) if entry is not None]
        x = form.cleaned_data
        try:
            services.do_sign_agreement(request.user, dispute, signed_on=x["signed_on"], terms=x["terms"],
                                       facts=x["facts"],
                                       total_amount=x["total_amount"], level=x["level"], instalments=instalments,
                                       expected_version=parse_form_version(data.get("version"), required=False))
        except ActionError as exc:
            if exc.field == "instalments":
                schedule_error = exc.message
            else:
                form_error(form, exc)
        else:
            messages.success(request, _("Agreement signed."))
            return redirect("disputes:dispute_detail", pk=pk)
    failed = bool(form.errors or schedule_error or any(row.errors for row in rows))
    return render(request, "disputes/agreement_form.html", {
        "form": form, "rows": rows, "schedule_error": schedule_error, "dispute": dispute,
        "sides_complete": selectors.sides_complete(dispute), "title": _("Sign the agreement")},
        status=400 if failed else 200)


@login_required
def agreement_edit(request, pk):
    agreement = access(Agreement.objects.select_related("dispute"), request.user, pk, "change")
    dispute = agreement.dispute
    data = request.POST if request.method == "POST" else None
    form = AgreementEditForm(data, initial={"terms": agreement.terms, "version": agreement.version})
    unpaid = agreement.instalments.filter(paid_amount=0).order_by("number")
    kept = agreement.instalments.filter(paid_amount__gt=0).order_by("number")
    rows = _rows(InstalmentRowForm, max(SCHEDULE_ROWS, len(unpaid) + 2), "i", data,
                 initial=[{"due_on": i.due_on, "amount": i.amount} for i in unpaid])
    schedule_error = ""
    if data is not None and form.is_valid() & all(row.is_valid() for row in rows):
        x = form.cleaned_data
        instalments = ([entry for entry in (row.entry() for row in rows) if entry is not None]
                       if x["reschedule"] else None)
        try:
            services.do_update_agreement(request.user, agreement, terms=x["terms"], instalments=instalments,
                                         expected_version=x["version"])
        except ActionError as exc:
            if exc.field == "instalments":
                schedule_error = exc.message
            else:
                form_error(form, exc)
        else:
            messages.success(request, _("Agreement updated."))
            return redirect("disputes:dispute_detail", pk=dispute.pk)
    failed = bool(form.errors or schedule_error or any(row.errors for row in rows))
    return render(request, "disputes/agreement_form.html", {
        "form": form, "rows": rows, "schedule_error": schedule_error, "dispute": dispute, "agreement": agreement,
        "kept": kept, "title": _("Change the agreement")}, status=400 if failed else 200)


@login_required
def payment_record(request, pk):
    instalment = access(Instalment.objects.select_related("agreement__dispute"), request.user, pk, "change")
    dispute = instalment.agreement.dispute
    form = PaymentForm(request.POST or None, request.FILES or None,
                       initial={"amount": instalment.outstanding, "paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        x = form.cleaned_data
        try:
            services.do_record_payment(request.user, instalment, amount=x["amount"], paid_on=x["paid_on"],
                                       reference=x["reference"], proof=x.get("proof"))
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Payment recorded."))
            return redirect("disputes:dispute_detail", pk=dispute.pk)
    return render(request, "disputes/payment_form.html", {"form": form, "instalment": instalment,
                                                          "dispute": dispute}, status=400 if form.errors else 200)


@login_required
def agreement_document(request, pk):
    """The mediation agreement (人民调解协议书) as a printable page, in Chinese whatever the interface language."""
    from .documents import agreement_context

    agreement = access(Agreement.objects.all(), request.user, pk)
    return render(request, "disputes/agreement_document.html", agreement_context(agreement, request.user))


@login_required
def agreement_pdf(request, pk):
    from jingqi.core.pdf import pdf_response

    from .documents import agreement_pdf as make_pdf

    agreement = access(Agreement.objects.select_related("dispute"), request.user, pk)
    return pdf_response(make_pdf(agreement, request.user), f"调解协议书-{agreement.dispute.reference}.pdf",
                        inline=True)


# --- figures ---------------------------------------------------------------------------------------------------------


@login_required
def figures(request):
    """The centre's figures with their denominators; the city/county viewer gets them as aggregates only."""
    from .figures import dispute_figures

    user = request.user
    get = request.GET
    parks = selectors.parks_for(user)
    try:
        park_pk = parse_optional_int(get.get("park"), field="park", min=1)
    except ActionError:
        park_pk = None
    park = parks.filter(pk=park_pk).first() if park_pk else None
    kind = get.get("kind", "") if get.get("kind", "") in Kind.values else ""
    start, end = _day(get.get("start")), _day(get.get("end"))
    result = dispute_figures(user, park=park, kind=kind or None, start=start,
                             end=end + timedelta(days=1) if end else None)
    return render(request, "disputes/figures.html", {
        "figures": result, "parks": parks, "park": park, "kinds": Kind.choices, "kind": kind,
        "start": start, "end": end, "groupings": [
            (_("By type"), result["by_kind"]), (_("By park"), result["by_park"]),
            (_("By office"), result["by_office"]), (_("By month"), result["by_month"])]})


def _day(value):
    from jingqi.core.parsing import parse_day

    if not value:
        return None
    try:
        return parse_day(value, field="day")
    except ActionError:
        return None
