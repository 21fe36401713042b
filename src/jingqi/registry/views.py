"""Registry pages. Thin: parse the form, call a service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jingqi.core.errors import ActionError
from jingqi.core.scoping import access

from . import selectors, services
from .forms import (
    ContactForm,
    EnterpriseFilterForm,
    EnterpriseForm,
    ParkForm,
    PersonLookupForm,
    StationingForm,
    StrategyForm,
    TeamMemberForm,
    VisitForm,
)
from .models import Contact, Enterprise, Park, Person, TeamMember
from .querysets import park_q

PAGE_SIZE = 25


def _form_error(form, exc: ActionError):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _require_police(user):
    if not (user.is_police or user.is_superuser):
        raise Http404


@login_required
def enterprise_list(request):
    _require_police(request.user)
    form = EnterpriseFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.enterprises_for(request.user, **{k: v for k, v in filters.items() if v})
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_create": park_q(request.user, "change") is not None,
               "query_string": _query_without_page(request)}
    template = "registry/partials/_enterprise_table.html" if request.htmx else "registry/enterprise_list.html"
    return render(request, template, context)


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def enterprise_detail(request, pk):
    enterprise = services.access_enterprise(request.user, pk)
    context = {
        "enterprise": enterprise,
        "can_change": Enterprise.objects.visible_to(request.user, "change").filter(pk=pk).exists(),
        "can_log_visit": request.user.is_police or request.user.is_superuser,
        **selectors.enterprise_page(request.user, enterprise),
    }
    return render(request, "registry/enterprise_detail.html", context)


@login_required
def enterprise_create(request):
    if park_q(request.user, "change") is None and not request.user.is_superuser:
        raise Http404
    form = EnterpriseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            enterprise = services.do_create_enterprise(request.user, data)
        except ActionError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Enterprise registered."))
            return redirect("registry:enterprise_detail", pk=enterprise.pk)
    return render(request, "registry/enterprise_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def enterprise_edit(request, pk):
    enterprise = services.access_enterprise(request.user, pk, "change")
    form = EnterpriseForm(request.POST or None, instance=enterprise, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.do_update_enterprise(request.user, enterprise, data,
                                          expected_version=form.cleaned_data.get("version") or 0)
        except ActionError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("registry:enterprise_detail", pk=pk)
    # A ModelForm writes cleaned values into its instance: show the record as stored, not as typed.
    enterprise.refresh_from_db()
    return render(request, "registry/enterprise_form.html", {"form": form, "enterprise": enterprise},
                  status=400 if form.errors else 200)


@login_required
def contact_add(request, pk):
    enterprise = services.access_enterprise(request.user, pk, "change")
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_add_contact(request.user, enterprise, **form.cleaned_data)
        except ActionError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Contact added."))
            return redirect("registry:enterprise_detail", pk=pk)
    return render(request, "registry/simple_form.html",
                  {"form": form, "enterprise": enterprise, "title": _("Add a contact")},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def contact_remove(request, pk):
    contact = access(Contact.objects.all(), request.user, pk, "change")
    services.do_remove_contact(request.user, contact)
    messages.success(request, _("Contact removed."))
    return redirect("registry:enterprise_detail", pk=contact.enterprise_id)


@login_required
def team_add(request, pk):
    enterprise = services.access_enterprise(request.user, pk, "change")
    form = TeamMemberForm(request.POST or None, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_add_team_member(request.user, enterprise, **form.cleaned_data)
        except ActionError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Team member added."))
            return redirect("registry:enterprise_detail", pk=pk)
    return render(request, "registry/simple_form.html",
                  {"form": form, "enterprise": enterprise, "title": _("Add a team member")},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def team_remove(request, pk):
    member = access(TeamMember.objects.all(), request.user, pk, "change")
    services.do_remove_team_member(request.user, member)
    messages.success(request, _("Team member removed."))
    return redirect("registry:enterprise_detail", pk=member.enterprise_id)


@login_required
def strategy_edit(request, pk):
    enterprise = services.access_enterprise(request.user, pk, "change")
    strategy = selectors.enterprise_page(request.user, enterprise)["strategy"]
    form = StrategyForm(request.POST or None, instance=strategy,
                        initial={"version": strategy.version if strategy else 1})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.do_update_strategy(request.user, enterprise, data,
                                        expected_version=form.cleaned_data["version"])
        except ActionError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Strategy saved."))
            return redirect("registry:enterprise_detail", pk=pk)
    return render(request, "registry/simple_form.html",
                  {"form": form, "enterprise": enterprise, "title": _("Per-enterprise strategy")},
                  status=400 if form.errors else 200)


@login_required
def visit_create(request, pk):
    _require_police(request.user)
    enterprise = services.access_enterprise(request.user, pk)
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_log_visit(request.user, enterprise, **form.cleaned_data)
        except ActionError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Visit logged."))
            return redirect("registry:enterprise_detail", pk=pk)
    return render(request, "registry/simple_form.html",
                  {"form": form, "enterprise": enterprise, "title": _("Log a visit")},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def person_reveal(request, pk, field):
    person = access(Person.objects.all(), request.user, pk)
    try:
        value = services.do_reveal_person(request.user, person, field)
    except ActionError as exc:
        return render(request, "registry/partials/_revealed.html", {"error": exc.message}, status=403)
    return render(request, "registry/partials/_revealed.html", {"value": value})


@login_required
def person_lookup(request):
    """Look a person up by ID number. The number travels in a POST body, never in a URL."""
    _require_police(request.user)
    form = PersonLookupForm(request.POST or None)
    context = {"form": form, "searched": False}
    if request.method == "POST" and form.is_valid():
        person = services.find_person_by_id_number(request.user, form.cleaned_data["id_number"])
        # The number is not echoed back into the page: a fresh form replaces the one just sent.
        context.update(form=PersonLookupForm(), searched=True, person=person,
                       contacts=selectors.roles_of_person(request.user, person) if person else [])
    return render(request, "registry/person_lookup.html", context, status=400 if form.errors else 200)


@login_required
def park_list(request):
    _require_police(request.user)
    return render(request, "registry/park_list.html", {
        "parks": selectors.parks_for(request.user),
        "can_create": request.user.role == "supervisor",
    })


@login_required
def park_detail(request, pk):
    from jingqi.analytics.querysets import may_see_records

    park = access(Park.objects.select_related("office", "station"), request.user, pk)
    enterprises = selectors.enterprises_for(request.user, park=park)
    page = Paginator(enterprises, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registry/park_detail.html", {
        "park": park, "page": page, "query_string": "",
        "can_change": Park.objects.visible_to(request.user, "change").filter(pk=pk).exists(),
        "may_map": may_see_records(request.user),
    })


@login_required
def park_map(request, pk):
    park = access(Park.objects.all(), request.user, pk)
    return JsonResponse(selectors.park_map_features(request.user, park))


@login_required
def park_form(request, pk=None):
    park = access(Park.objects.all(), request.user, pk, "change") if pk else None
    # A supervisor creates parks for their own station; administrators use the admin, which asks for one.
    if park is None and request.user.role != "supervisor":
        raise Http404
    form = ParkForm(request.POST or None, instance=park, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.do_save_park(request.user, dict(form.cleaned_data), park)
        except ActionError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Park saved."))
            return redirect("registry:park_detail", pk=saved.pk)
    return render(request, "registry/simple_form.html",
                  {"form": form, "title": _("Edit park") if park else _("New park")},
                  status=400 if form.errors else 200)


@login_required
def organisation(request):
    """Offices, parks and stationed departments; the station's supervisor sets how each is stationed."""
    _require_police(request.user)
    can_configure = request.user.role == "supervisor"
    form = StationingForm(request.POST or None, user=request.user) if can_configure else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.do_set_stationing(request.user, **form.cleaned_data)
            except ActionError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Stationing saved."))
                return redirect("registry:organisation")
    return render(request, "registry/organisation.html", {**selectors.organisation_for(request.user), "form": form},
                  status=400 if form is not None and form.errors else 200)
