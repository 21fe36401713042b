"""Background-check pages (入职背景审查): a liaison asks and reads the answer, an officer of the enterprise's office
answers, the supervisor and the officers read counts. Thin: parse, call a service or selector, render.

There is deliberately no API for background checks: the candidate's name, ID number and signed consent stay off
the API (and off every export); these pages are the only way in, each scoped, audited where personal data is
shown in full, and sent with ``Cache-Control: no-store``. No personal data travels in a URL: the reveal is a POST.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jingqi.accounts.choices import Role
from jingqi.core import pii
from jingqi.core.downloads import content_disposition
from jingqi.core.errors import ActionError, form_error
from jingqi.core.parsing import parse_form_version

from .. import selectors_checks as selectors
from .. import services_checks as services
from ..choices import ConsentScope
from ..forms_checks import AdviseForm, CheckRequestForm, DeclineForm

PAGE_SIZE = 25


def _no_store(response):
    # The middleware says it for every answer; these pages say it themselves, so that it holds wherever they go.
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@never_cache
def check_list(request):
    """A liaison's own checks; an officer's queue (the office's checks waiting, oldest first); a supervisor, who
    never reads a check, goes to the statistics."""
    user = request.user
    if selectors.asks_checks(user):
        rows, template = selectors.checks_of(user), "cases/check_list.html"
    elif selectors.answers_checks(user):
        rows, template = selectors.queue_for(user), "cases/check_queue.html"
    elif selectors.counts_checks(user):
        return redirect("cases:check_statistics")
    else:
        raise Http404
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return _no_store(render(request, template, {"page": page, "query_string": ""}))


@login_required
@never_cache
def check_request(request):
    user = request.user
    if not selectors.asks_checks(user):
        raise Http404
    form = CheckRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            check = services.do_request_check(user, data=form.cleaned_data, consent=form.cleaned_data["consent"])
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Background check %(ref)s asked for. The police office answers with its "
                                        "advice.") % {"ref": check.reference})
            return redirect("cases:check_detail", pk=check.pk)
    return _no_store(render(request, "cases/check_form.html", {"form": form},
                            status=400 if form.errors else 200))


def _render_detail(request, pk, *, failed: str = "", form=None):
    user = request.user
    check = services.access_check(user, pk)
    answers = selectors.answers_checks(user)
    forms = {"advise": AdviseForm(prefix="advise"), "decline": DeclineForm(prefix="decline")}
    if form is not None:
        forms[failed] = form
    scopes = dict(ConsentScope.choices)
    context = {
        "check": check, "answers": answers, "forms": forms, "open_action": failed,
        "can_withdraw": user.role == Role.LIAISON and check.can("withdraw"),
        "can_answer": answers and check.can("advise"),
    }
    if answers:
        context.update(id_masked=pii.mask_id_number(check.candidate_id_number),
                       scopes=[scopes.get(value, value) for value in check.consent_scope])
    return _no_store(render(request, "cases/check_detail.html", context, status=400 if form is not None else 200))


@login_required
@never_cache
def check_detail(request, pk):
    return _render_detail(request, pk)


@login_required
@require_POST
@never_cache
def check_reveal(request, pk):
    """The candidate's ID number in full, for an officer with the reveal right (the registry's), audited."""
    check = services.access_check(request.user, pk, "change")
    try:
        value = services.do_reveal_candidate_id(request.user, check)
    except ActionError as exc:
        return _no_store(render(request, "registry/partials/_revealed.html", {"error": exc.message}, status=403))
    return _no_store(render(request, "registry/partials/_revealed.html", {"value": value}))


@login_required
@never_cache
def check_consent(request, pk):
    """The signed consent, decrypted for the officer who answers the check, as a download; audited."""
    check = services.access_check(request.user, pk, "change")
    try:
        content, content_type, name = services.do_open_consent(request.user, check)
    except ActionError:  # answered: the consent is sealed until the purge, as if it were gone already
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)


ACTIONS = {
    "advise": (AdviseForm, "change", lambda u, c, x, v: services.do_advise_check(
        u, c, advice=x["advice"], reason_category=x["reason_category"], expected_version=v),
        lambda: _("Advice given. The enterprise is told the advice and its reason category only.")),
    "decline": (DeclineForm, "change", lambda u, c, x, v: services.do_decline_check(
        u, c, reason=x["reason"], expected_version=v), lambda: _("Check declined. The enterprise is told why.")),
    "withdraw": (None, "withdraw", lambda u, c, x, v: services.do_withdraw_check(u, c, expected_version=v),
                 lambda: _("Request withdrawn.")),
}


@login_required
@require_POST
@never_cache
def check_action(request, pk, action):
    form_class, scope, act, done = ACTIONS[action]
    # The right to act before any input is read: out of scope is a 404 whatever was posted.
    check = services.access_check(request.user, pk, scope)
    form = form_class(request.POST, prefix=action) if form_class else None
    if form is None or form.is_valid():
        try:
            act(request.user, check, form.cleaned_data if form else {},
                parse_form_version(request.POST.get("version"), required=False))
        except ActionError as exc:
            if form is None:
                messages.error(request, exc.message)
                return redirect("cases:check_detail", pk=pk)
            form_error(form, exc)
        else:
            messages.success(request, done())
            return redirect("cases:check_detail", pk=pk)
    return _render_detail(request, pk, failed=action, form=form)


@login_required
@never_cache
def check_statistics(request):
    """Counts per month by status and advice: the supervisor's for the station, an officer's for the office."""
    if not selectors.counts_checks(request.user):
        raise Http404
    return render(request, "cases/check_statistics.html", {
        "stats": selectors.statistics(request.user), "station": request.user.role == Role.SUPERVISOR,
        "retention_days": services.retention().days})


urlpatterns = [
    path("checks/", check_list, name="check_list"),
    path("checks/new/", check_request, name="check_request"),
    path("checks/statistics/", check_statistics, name="check_statistics"),
    path("checks/<int:pk>/", check_detail, name="check_detail"),
    path("checks/<int:pk>/reveal/", check_reveal, name="check_reveal"),
    path("checks/<int:pk>/consent/", check_consent, name="check_consent"),
    path("checks/<int:pk>/advise/", check_action, {"action": "advise"}, name="check_advise"),
    path("checks/<int:pk>/decline/", check_action, {"action": "decline"}, name="check_decline"),
    path("checks/<int:pk>/withdraw/", check_action, {"action": "withdraw"}, name="check_withdraw"),
]
