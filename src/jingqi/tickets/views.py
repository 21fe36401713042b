"""Request pages: the list with saved filters, the request page with its timeline and actions, the
portal form, the department workbench. Thin: parse, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jingqi.accounts.choices import Role
from jingqi.catalog.models import ServiceItem
from jingqi.core.errors import ActionError, flash_form_errors
from jingqi.core.paging import CappedPaginator
from jingqi.core.parsing import parse_form_version, parse_optional_int
from jingqi.core.scoping import access
from jingqi.core.uploads import download
from jingqi.registry.models import Enterprise

from . import selectors, services
from .choices import Status
from .forms import (
    AttachmentForm,
    CommentForm,
    EmptyForm,
    RateForm,
    ReasonForm,
    RecordReplyForm,
    ReplyForm,
    ResolveForm,
    SubmitForm,
    WhistleForm,
)
from .models import Attachment, Ticket, TicketTask


def _can_see_requests(user) -> bool:
    return user.is_superuser or user.role in (Role.SUPERVISOR, Role.OFFICER, Role.AUXILIARY, Role.LIAISON,
                                              Role.DEPARTMENT)


@login_required
def ticket_list(request):
    if not _can_see_requests(request.user):
        raise Http404
    view = request.GET.get("view") or selectors.default_view(request.user)
    if view not in selectors.VIEWS:
        view = "all"
    status = request.GET.get("status", "") if request.GET.get("status", "") in Status.values else ""
    tickets = selectors.tickets_for(request.user, view=view, status=status, q=request.GET.get("q", "").strip())
    page = CappedPaginator(tickets, 25).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    template = "tickets/partials/_ticket_table.html" if request.htmx else "tickets/ticket_list.html"
    return render(request, template, {"page": page, "view": view, "status": status, "statuses": Status.choices,
                                      "show_figures": _shows_figures(request.user),
                                      "query_string": params.urlencode(), "q": request.GET.get("q", "")})


def _shows_figures(user) -> bool:
    """The police see the service figures above the list; enterprises and departments do not."""
    return user.role not in (Role.LIAISON, Role.DEPARTMENT)


@login_required
def ticket_figures(request):
    """The service figures of the requests the user may see, asked for by the list page once it has shown:
    aggregated over every request in scope (a station's hundred thousand), they take longer than the list
    itself, which therefore does not wait for them."""
    if not _can_see_requests(request.user) or not _shows_figures(request.user):
        raise Http404
    return render(request, "tickets/partials/_figures.html", {"figures": selectors.ticket_figures(request.user)})


@login_required
def ticket_detail(request, pk):
    return _render_detail(request, pk)


def _comment_form(user, *args, **kwargs):
    form = CommentForm(*args, prefix="comment", **kwargs)
    if user.role == Role.LIAISON:
        del form.fields["internal"]  # enterprise messages are never internal
    return form


def _attachment_form(user, *args, **kwargs):
    form = AttachmentForm(*args, prefix="attach", **kwargs)
    if user.role == Role.LIAISON:
        del form.fields["internal"]
    return form


def _render_detail(request, pk, *, failed: str = "", form=None, task_pk=None):
    """The request page; after a refused action, with that action's form bound (its errors beside its
    fields) and left open, answered 400 (nothing was changed)."""
    ticket = access(Ticket.objects.select_related("enterprise", "service_item", "handler", "station"),
                    request.user, pk)
    user = request.user
    forms = {
        "reject_form": ReasonForm(prefix="reject"), "reopen_form": ReasonForm(prefix="reopen"),
        "acknowledge_form": ReasonForm(prefix="acknowledge"),
        "whistle_form": WhistleForm(station=ticket.station, prefix="whistle",
                                    exclude=list(ticket.tasks.values_list("department_id", flat=True))),
        "resolve_form": ResolveForm(prefix="resolve"), "rate_form": RateForm(prefix="rate"),
        "comment_form": _comment_form(user), "reply_form": ReplyForm(prefix="reply"),
        "record_form": RecordReplyForm(prefix="record"),
        "attachment_form": _attachment_form(user),
    }
    if form is not None:
        forms[f"{failed}_form"] = form
    context = {
        "ticket": ticket, "actions": selectors.ticket_actions(user, ticket), **selectors.ticket_page(user, ticket),
        "own": user.role == Role.LIAISON and ticket.enterprise_id == user.enterprise_id,
        **forms, "blank_reply_form": ReplyForm(prefix="reply"), "open_action": failed, "failed_task": task_pk,
        "attachments": selectors.attachments_for(user, ticket),
        "is_staff_member": user.role != Role.LIAISON,
    }
    return render(request, "tickets/ticket_detail.html", context, status=400 if form is not None else 200)


def _items(user):
    return ServiceItem.objects.visible_to(user).select_related("bundle").order_by("code")


@login_required
def ticket_submit(request):
    user = request.user
    if user.role == Role.LIAISON:
        enterprises = Enterprise.objects.filter(pk=user.enterprise_id)
    elif user.is_police or user.is_superuser:
        enterprises = Enterprise.objects.visible_to(user)
    else:
        raise Http404
    form = SubmitForm(request.POST or None, enterprises=enterprises, channels=selectors.channels_for(user),
                      items=_items(user), initial={"service_item": request.GET.get("item")})
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = list(selectors.open_duplicates(user, data["enterprise"], data["service_item"]))
        if duplicates and not request.POST.get("confirm_duplicate"):
            form.data = form.data.copy()
            form.data["confirm_duplicate"] = "1"
        else:
            try:
                ticket = services.do_submit_ticket(
                    user, enterprise=data["enterprise"], channel=data["channel"], title=data["title"],
                    description=data["description"], service_item=data["service_item"], kind=data["kind"],
                    address=data["address"])
            except ActionError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Request %(ref)s submitted. Expected first response by %(due)s.") % {
                    "ref": ticket.reference, "due": _when(ticket.response_due_at)})
                return redirect("tickets:ticket_detail", pk=ticket.pk)
    return render(request, "tickets/ticket_submit.html", {"form": form, "duplicates": duplicates},
                  status=400 if form.errors else 200)


def _when(moment):
    from django.utils import timezone
    from django.utils.formats import date_format

    return date_format(timezone.localtime(moment), "Y-m-d H:i")


@login_required
def expected_times(request):
    """The limits of the chosen item, shown before submitting (htmx partial)."""
    from django.utils import timezone

    try:
        item_pk = parse_optional_int(request.GET.get("service_item"), field="service_item", min=1)
        enterprise_pk = parse_optional_int(request.GET.get("enterprise"), field="enterprise", min=1)
    except ActionError as exc:
        return HttpResponseBadRequest(exc.message, content_type="text/plain; charset=utf-8")
    item = ServiceItem.objects.visible_to(request.user).filter(pk=item_pk).first() if item_pk else None
    enterprise = Enterprise.objects.visible_to(request.user).filter(pk=enterprise_pk).first() if enterprise_pk else None
    if enterprise is None and request.user.role == Role.LIAISON:
        enterprise = request.user.enterprise
    context = {"item": item}
    if enterprise is not None:
        response, resolution = services.deadlines_for(enterprise.park.station, item, timezone.now())
        context.update(response=response, resolution=resolution)
    return render(request, "tickets/partials/_expected.html", context)


ACTIONS = {
    "accept": (EmptyForm, lambda u, t, d: services.do_accept_ticket(u, t, expected_version=d["version"]),
               lambda: _("Request accepted.")),
    "reject": (ReasonForm, lambda u, t, d: services.do_reject_ticket(u, t, reason=d["reason"],
                                                                      expected_version=d["version"]),
               lambda: _("Request rejected.")),
    "whistle": (WhistleForm, lambda u, t, d: services.do_whistle(
        u, t, departments=list(d["departments"]), note=d["note"], due_days=d["due_days"],
        expected_version=d["version"]), lambda: _("Departments called in.")),
    "arrive": (EmptyForm, lambda u, t, d: services.do_record_arrival(u, t), lambda: _("Arrival on site recorded.")),
    "resolve": (ResolveForm, lambda u, t, d: services.do_resolve_ticket(
        u, t, outcome=d["outcome"], note=d["note"], expected_version=d["version"]), lambda: _("Request resolved.")),
    "close": (EmptyForm, lambda u, t, d: services.do_close_ticket(u, t), lambda: _("Request closed.")),
    "reopen": (ReasonForm, lambda u, t, d: services.do_reopen_ticket(u, t, reason=d["reason"]),
               lambda: _("Request reopened.")),
    "rate": (RateForm, lambda u, t, d: services.do_rate_ticket(u, t, rating=d["rating"], comment=d["comment"]),
             lambda: _("Thank you for your rating.")),
    "acknowledge": (ReasonForm, lambda u, t, d: services.do_acknowledge_return(u, t, note=d["reason"]),
                    lambda: _("Review recorded.")),
    "comment": (CommentForm, lambda u, t, d: services.do_comment(u, t, text=d["text"], internal=d["internal"]),
                lambda: _("Message added.")),
}


@login_required
@require_POST
def ticket_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    # Handling actions need the right to handle before any input is read; the rest need sight.
    scope = "view" if action in ("close", "reopen", "rate", "comment") else "change"
    ticket = access(Ticket.objects.select_related("station"), request.user, pk, scope)
    form_class, call, done = ACTIONS[action]
    if form_class is EmptyForm:
        form = EmptyForm(request.POST)
    elif action == "comment":
        form = _comment_form(request.user, request.POST)
    elif form_class is WhistleForm:
        form = WhistleForm(request.POST, prefix=action, station=ticket.station,
                           exclude=list(ticket.tasks.values_list("department_id", flat=True)))
    else:
        form = form_class(request.POST, prefix=action)
    if form.is_valid():
        data = {"internal": False, **form.cleaned_data}
        try:
            data["version"] = parse_form_version(request.POST.get("version"), required=False)
            call(request.user, ticket, data)
        except ActionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, done())
            return redirect("tickets:ticket_detail", pk=pk)
    if form_class is EmptyForm:  # nothing to fill in again: the reason is said at the top of the page
        flash_form_errors(request, form)
        return redirect("tickets:ticket_detail", pk=pk)
    return _render_detail(request, pk, failed=action, form=form)


TASK_ACTIONS = {
    "accept": (EmptyForm, lambda u, task, d: services.do_accept_task(u, task), lambda: _("Task accepted.")),
    "arrive": (EmptyForm, lambda u, task, d: services.do_record_arrival(u, task.ticket, task=task),
               lambda: _("Arrival on site recorded.")),
    "complete": (ReplyForm, lambda u, task, d: services.do_complete_task(u, task, reply=d["reply"]),
                 lambda: _("Reply sent.")),
}


@login_required
@require_POST
def task_action(request, pk, action):
    if action not in TASK_ACTIONS:
        raise Http404
    task = access(TicketTask.objects.select_related("ticket"), request.user, pk, "change")
    form_class, call, done = TASK_ACTIONS[action]
    form = form_class(request.POST, prefix="reply" if form_class is ReplyForm else None)
    if form.is_valid():
        try:
            call(request.user, task, form.cleaned_data)
        except ActionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, done())
            return redirect("tickets:ticket_detail", pk=task.ticket_id)
    if form_class is EmptyForm:
        flash_form_errors(request, form)
        return redirect("tickets:ticket_detail", pk=task.ticket_id)
    return _render_detail(request, task.ticket_id, failed="reply", form=form, task_pk=task.pk)


@login_required
@require_POST
def task_record_reply(request, pk):
    """The department answered by phone or in person: the handling police record its reply on its behalf."""
    task = access(TicketTask.objects.all(), request.user, pk, "record")
    form = RecordReplyForm(request.POST, prefix="record")
    if form.is_valid():
        try:
            services.do_record_task_reply(request.user, task, reply=form.cleaned_data["reply"])
        except ActionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The department's reply is recorded on its behalf."))
            return redirect("tickets:ticket_detail", pk=task.ticket_id)
    return _render_detail(request, task.ticket_id, failed="record", form=form, task_pk=task.pk)


@login_required
def workbench(request):
    """The department's work: its open tasks by deadline (overdue first), finished ones apart."""
    if request.user.role != Role.DEPARTMENT:
        raise Http404
    page = Paginator(selectors.open_tasks_for_department(request.user), 25).get_page(request.GET.get("page"))
    finished = Paginator(selectors.finished_tasks_for_department(request.user), 25).get_page(
        request.GET.get("finished"))
    return render(request, "tickets/workbench.html", {"page": page, "finished": finished, "query_string": "",
                                                       "now": timezone.now()})


@login_required
@require_POST
def attachment_upload(request, pk):
    ticket = access(Ticket.objects.all(), request.user, pk)
    form = _attachment_form(request.user, request.POST, request.FILES)
    if form.is_valid():
        try:
            services.do_attach(request.user, ticket, upload=form.cleaned_data["file"],
                               internal=form.cleaned_data.get("internal", False))
        except ActionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("File attached."))
            return redirect("tickets:ticket_detail", pk=pk)
    return _render_detail(request, pk, failed="attachment", form=form)


@login_required
def attachment_download(request, pk):
    """Served through the scope check (never from a public media URL), as a download."""
    return download(access(Attachment.objects.all(), request.user, pk))
