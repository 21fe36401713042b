"""The quarter plan: what each enterprise is due, planned, done and overdue, and the merged visits proposed."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jingqi.accounts.choices import Role
from jingqi.core.errors import ActionError
from jingqi.core.scoping import access

from .. import services
from ..choices import RequirementStatus
from ..forms.plan import WaiveForm
from ..models import Requirement
from ..selectors import plan as selectors

PAGE_SIZE = 25


def require_police(user):
    if not services.is_police(user):
        raise Http404


def form_error(form, exc: ActionError) -> None:
    """The service's refusal beside the field it names (above the form when it names none); a refusal of the
    person rather than the input answers 404, as for an object out of scope."""
    if exc.code == "permission_denied":
        raise Http404
    if exc.field and exc.field in form.fields:
        form.add_error(exc.field, exc.message)
    else:
        form.add_error(None, exc.message)


def page_of(request, queryset, size=PAGE_SIZE):
    params = request.GET.copy()
    params.pop("page", None)
    return Paginator(queryset, size).get_page(request.GET.get("page")), params.urlencode()


def park_filter(request, user):
    parks = selectors.parks_for(user)
    value = request.GET.get("park", "")
    park = parks.filter(pk=int(value)).first() if value.isascii() and value.isdigit() and len(value) < 10 else None
    return park, parks


def _plan_context(request, user):
    today = timezone.localdate()
    first, last = selectors.parse_quarter(request.GET.get("quarter", ""), today)
    park, parks = park_filter(request, user)
    status = request.GET.get("status", "")
    status = status if status in selectors.PLAN_STATUSES else ""
    q = request.GET.get("q", "").strip()[:100]
    rows = selectors.quarter_requirements(user, first, last, today=today, park=park, status=status, q=q)
    page, query_string = page_of(request, selectors.enterprises_of(rows))
    types, plan_rows = selectors.plan_rows(rows, list(page), today)
    previous = services.quarter_of(first - timedelta(days=1))[0]
    following = services.quarter_of(last + timedelta(days=1))[0]
    return {
        "first": first, "last": last, "quarter": selectors.quarter_label(first),
        "previous": selectors.quarter_label(previous), "next": selectors.quarter_label(following),
        "current": selectors.quarter_label(services.quarter_of(today)[0]),
        "park": park, "parks": parks, "status": status, "q": q, "page": page, "query_string": query_string,
        "types": types, "rows": plan_rows, "totals": selectors.plan_totals(rows, today), "today": today,
        "statuses": [*RequirementStatus.choices, ("overdue", _("Overdue"))],
        "is_police": services.is_police(user), "is_supervisor": user.role == Role.SUPERVISOR,
    }


@login_required
def plan(request):
    user = request.user
    if not selectors.sees_plan(user):
        raise Http404
    return render(request, "inspections/plan.html", _plan_context(request, user))


@login_required
@require_POST
def plan_generate(request):
    user = request.user
    require_police(user)
    first, _last = selectors.parse_quarter(request.POST.get("quarter", ""), timezone.localdate())
    try:
        added = services.do_generate_plan(user, quarter_start=first)
    except ActionError as exc:
        if exc.code == "permission_denied":
            raise Http404 from None
        messages.error(request, exc.message)
    else:
        label = selectors.quarter_label(first)
        messages.success(request, _("The plan for %(quarter)s is up to date: %(n)d inspections added.")
                         % {"quarter": label, "n": added} if added else
                         _("The plan for %(quarter)s was already complete.") % {"quarter": label})
    return redirect(f"{reverse('inspections:plan')}?{urlencode({'quarter': selectors.quarter_label(first)})}")


@login_required
def visit_suggestions(request):
    user = request.user
    require_police(user)
    today = timezone.localdate()
    park, parks = park_filter(request, user)
    q = request.GET.get("q", "").strip()[:100]
    rows = selectors.unplanned_requirements(user, park=park, q=q)
    page, query_string = page_of(request, selectors.enterprises_of(rows))
    return render(request, "inspections/plan_suggestions.html", {
        "page": page, "query_string": query_string, "park": park, "parks": parks, "q": q, "today": today,
        "suggestions": selectors.suggestions(rows, list(page), today)})


@login_required
@require_POST
def requirement_waive(request, pk):
    user = request.user
    if user.role != Role.SUPERVISOR:
        raise Http404
    requirement = access(Requirement.objects.select_related("enterprise", "inspection_type"), user, pk, "change")
    form = WaiveForm(request.POST)
    if form.is_valid():
        try:
            services.do_waive_requirement(user, requirement, reason=form.cleaned_data["reason"])
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("%(type)s for %(enterprise)s waived.") % {
                "type": requirement.inspection_type.name, "enterprise": requirement.enterprise.name})
            quarter = selectors.quarter_label(services.quarter_of(requirement.due_on)[0])
            return redirect(f"{reverse('inspections:plan')}?{urlencode({'quarter': quarter})}")
    return render(request, "inspections/plan_waive.html", {"form": form, "requirement": requirement}, status=400)


urlpatterns = [
    path("", plan, name="plan"),
    path("plan/generate/", plan_generate, name="plan_generate"),
    path("plan/suggest/", visit_suggestions, name="visit_suggestions"),
    path("requirements/<int:pk>/waive/", requirement_waive, name="requirement_waive"),
]
