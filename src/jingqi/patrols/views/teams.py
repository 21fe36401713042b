"""Teams and volunteers: the police's overview, team and member lists, enrolment, vetting, availability,
recognitions and their certificates. Thin: parse, call a service, render."""

import mimetypes
from pathlib import PurePath
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jingqi.accounts.choices import Role
from jingqi.accounts.models import User
from jingqi.core.errors import ActionError
from jingqi.core.parsing import parse_optional_int, parse_pk
from jingqi.core.scoping import access
from jingqi.core.uploads import download
from jingqi.registry.models import Enterprise

from .. import selectors, services
from ..choices import Skill, VolunteerStatus
from ..forms import (
    WINDOW_ROWS,
    EnrolForm,
    ExceptionForm,
    RecognitionForm,
    StatusForm,
    TeamEditForm,
    TeamForm,
    VolunteerEditForm,
    WindowRowForm,
)
from ..models import AvailabilityException, Recognition, Team, Volunteer

PAGE_SIZE = 25


def require_sight(user):
    if not selectors.can_see_patrols(user):
        raise Http404


def require_police(user):
    if not services.is_police(user):
        raise Http404


def form_error(form, exc: ActionError, *, aliases: dict | None = None) -> None:
    """The service's refusal beside the field it names (or above the form when it names none)."""
    name = (aliases or {}).get(exc.field, exc.field)
    if name and name in form.fields:
        form.add_error(name, exc.message)
    else:
        form.add_error(None, exc.message)


def page_of(request, queryset):
    params = request.GET.copy()
    params.pop("page", None)
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page")), params.urlencode()


def _choice(value, choices) -> str:
    return value if value in choices else ""


def _accounts(volunteer=None):
    """Volunteer-role accounts free to link (and the one already linked)."""
    taken = Volunteer.objects.exclude(user=None)
    if volunteer is not None:
        taken = taken.exclude(pk=volunteer.pk)
    return (User.objects.filter(role=Role.VOLUNTEER, is_active=True).exclude(pk__in=taken.values("user"))
            .order_by("username"))


# --- the overview ------------------------------------------------------------------------------------------------


@login_required
def overview(request):
    user = request.user
    if user.role == Role.VOLUNTEER:
        return redirect("patrols:my_duty")
    if user.role == Role.LIAISON:
        return redirect("patrols:team_list")
    require_police(user)
    return render(request, "patrols/overview.html", selectors.overview(user))


# --- teams -------------------------------------------------------------------------------------------------------


@login_required
def team_list(request):
    user = request.user
    require_sight(user)
    page, query_string = page_of(request, selectors.teams_for(user))
    return render(request, "patrols/teams_list.html", {"page": page, "query_string": query_string,
                                                       "is_police": services.is_police(user)})


@login_required
def team_create(request):
    user = request.user
    require_police(user)
    parks = selectors.parks_for(user)
    form = TeamForm(request.POST or None, parks=parks,
                    enterprises=Enterprise.objects.visible_to(user).filter(park__in=parks).order_by("name"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            team = services.do_create_team(user, park=data["park"], enterprise=data["enterprise"],
                                           data={"name": data["name"], "description": data["description"]})
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Team created."))
            return redirect("patrols:team_detail", pk=team.pk)
    return render(request, "patrols/teams_form.html", {"form": form, "title": _("New volunteer team")},
                  status=400 if form.errors else 200)


@login_required
def team_detail(request, pk):
    user = request.user
    team = access(Team.objects.select_related("park", "enterprise"), user, pk)
    members = (Volunteer.objects.visible_to(user).filter(team=team).select_related("person")
               .order_by("person__full_name", "pk"))
    page, query_string = page_of(request, members)
    return render(request, "patrols/teams_detail.html", {
        "team": team, "page": page, "query_string": query_string, "is_police": services.is_police(user),
        "skill_choices": Skill.choices,
        "can_enrol": services.is_police(user) or (user.role == Role.LIAISON and team.enterprise_id
                                                  and team.enterprise_id == user.enterprise_id)})


@login_required
def team_edit(request, pk):
    user = request.user
    team = access(Team.objects.select_related("park"), user, pk, "change")
    form = TeamEditForm(request.POST or None, initial={"name": team.name, "description": team.description,
                                                       "active": team.active, "version": team.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_update_team(user, team, data={k: data[k] for k in ("name", "description", "active")},
                                    expected_version=data["version"])
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Team updated."))
            return redirect("patrols:team_detail", pk=pk)
    return render(request, "patrols/teams_form.html", {"form": form, "team": team, "title": _("Edit the team")},
                  status=400 if form.errors else 200)


@login_required
def volunteer_enrol(request, pk):
    user = request.user
    if user.role == Role.LIAISON:
        team = access(Team.objects.all(), user, pk)
        if team.enterprise_id != user.enterprise_id:
            raise Http404
        accounts = None
    else:
        team = access(Team.objects.all(), user, pk, "change")
        accounts = _accounts()
    form = EnrolForm(request.POST or None, accounts=accounts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            volunteer = services.do_enrol_volunteer(user, team, full_name=data["full_name"],
                                                    id_number=data["id_number"], phone=data["phone"],
                                                    skills=data["skills"], user=data.get("user"))
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("%(name)s enrolled: waiting to be vetted.") % {
                "name": volunteer.person.full_name})
            return redirect("patrols:volunteer_detail", pk=volunteer.pk)
    return render(request, "patrols/volunteer_form.html", {"form": form, "team": team,
                                                           "title": _("Enrol a volunteer")},
                  status=400 if form.errors else 200)


# --- volunteers ----------------------------------------------------------------------------------------------------


@login_required
def volunteer_list(request):
    user = request.user
    require_sight(user)
    get = request.GET
    status = _choice(get.get("status", ""), VolunteerStatus.values)
    skill = _choice(get.get("skill", ""), Skill.values)
    teams = Team.objects.visible_to(user).order_by("name")
    try:
        team_pk = parse_optional_int(get.get("team"), field="team", min=1)
    except ActionError:
        team_pk = None
    team = teams.filter(pk=team_pk).first() if team_pk else None
    q = get.get("q", "").strip()[:60]
    page, query_string = page_of(request, selectors.volunteers_for(user, status=status, team=team, skill=skill,
                                                                    q=q))
    template = "patrols/partials/_volunteer_table.html" if request.htmx else "patrols/volunteer_list.html"
    return render(request, template, {
        "page": page, "query_string": query_string, "status": status, "skill": skill, "team": team, "q": q,
        "statuses": VolunteerStatus.choices, "skills": Skill.choices, "teams": teams,
        "show_personal": services.is_police(user)})


def _volunteer(user, pk, action="view"):
    return access(Volunteer.objects.select_related("team__park", "person", "user", "vetted_by"), user, pk, action)


def _render_volunteer(request, pk, *, failed: str = "", form=None):
    """The volunteer's page; after a refused status change, with that form bound (errors beside its fields) and
    left open, answered 400 (nothing was changed)."""
    user = request.user
    volunteer = _volunteer(user, pk)
    police = services.is_police(user)
    actions = [a for a in ("vet", "suspend", "leave", "rejoin") if police and volunteer.can(a)]
    forms = {a: StatusForm(prefix=a, initial={"version": volunteer.version}) for a in actions}
    if form is not None:
        forms[failed] = form
    return render(request, "patrols/volunteer_detail.html", {
        "volunteer": volunteer, "is_police": police, "actions": [(a, forms[a]) for a in actions],
        "open_action": failed, "skill_labels": [label for value, label in Skill.choices if value in volunteer.skills],
        **selectors.volunteer_page(user, volunteer)}, status=400 if form is not None else 200)


@login_required
def volunteer_detail(request, pk):
    return _render_volunteer(request, pk)


@login_required
def volunteer_edit(request, pk):
    user = request.user
    volunteer = _volunteer(user, pk, "change")
    form = VolunteerEditForm(request.POST or None, accounts=_accounts(volunteer), initial={
        "skills": volunteer.skills, "is_leader": volunteer.is_leader, "user": volunteer.user,
        "version": volunteer.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():  # the account and the rest, or neither
                services.do_update_volunteer(user, volunteer, skills=data["skills"], is_leader=data["is_leader"],
                                             expected_version=data["version"])
                if data["user"] is not None and data["user"].pk != volunteer.user_id:
                    services.do_link_account(user, volunteer, user=data["user"])
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Volunteer updated."))
            return redirect("patrols:volunteer_detail", pk=pk)
    return render(request, "patrols/volunteer_form.html", {"form": form, "volunteer": volunteer,
                                                           "team": volunteer.team, "title": _("Edit the volunteer")},
                  status=400 if form.errors else 200)


@login_required
def availability_edit(request, pk):
    """The weekly windows (replaced as a whole) and dated exceptions; the volunteer keeps their own, the police
    theirs."""
    user = request.user
    volunteer = _volunteer(user, pk, "change" if services.is_police(user) else "own")
    data = request.POST if request.method == "POST" else None
    what = (data or {}).get("what", "")
    windows = list(volunteer.windows.all())
    rows = [WindowRowForm(data if what == "windows" else None, prefix=f"w{n}", initial={
        "weekday": windows[n].weekday, "start": windows[n].start, "end": windows[n].end} if n < len(windows) else None)
        for n in range(max(WINDOW_ROWS, len(windows) + 2))]
    exception_form = ExceptionForm(data if what == "exception" else None, prefix="x")
    rows_error = ""
    if what == "windows" and all(row.is_valid() for row in rows):
        try:
            services.do_set_availability(user, volunteer,
                                         windows=[e for e in (row.entry() for row in rows) if e is not None])
        except ActionError as exc:
            rows_error = exc.message
        else:
            messages.success(request, _("Weekly availability saved."))
            return redirect("patrols:availability_edit", pk=pk)
    elif what == "exception" and exception_form.is_valid():
        x = exception_form.cleaned_data
        try:
            services.do_add_exception(user, volunteer, starts_at=x["starts_at"], ends_at=x["ends_at"],
                                      available=x["available"], note=x["note"])
        except ActionError as exc:
            form_error(exception_form, exc)
        else:
            messages.success(request, _("Exception added."))
            return redirect("patrols:availability_edit", pk=pk)
    elif what == "remove":
        try:
            exception_pk = parse_pk(data.get("exception"), field="exception")
        except ActionError:  # a missing or malformed id names no exception: as for one not found
            raise Http404 from None
        exception = access(AvailabilityException.objects.filter(volunteer=volunteer), user, exception_pk,
                           "change" if services.is_police(user) else "own")
        services.do_remove_exception(user, exception)
        messages.success(request, _("Exception removed."))
        return redirect("patrols:availability_edit", pk=pk)
    failed = bool(rows_error or exception_form.errors or any(row.errors for row in rows))
    return render(request, "patrols/volunteer_availability.html", {
        "volunteer": volunteer, "rows": rows, "rows_error": rows_error, "exception_form": exception_form,
        "exceptions": list(volunteer.exceptions.filter(ends_at__gte=timezone.now())[:50])},
        status=400 if failed else 200)


@login_required
def recognition_add(request, pk):
    user = request.user
    volunteer = _volunteer(user, pk, "change")
    form = RecognitionForm(request.POST or None, request.FILES or None,
                           initial={"awarded_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        x = form.cleaned_data
        try:
            services.do_recognise(user, volunteer, kind=x["kind"], title=x["title"], awarded_on=x["awarded_on"],
                                  note=x["note"], certificate=x.get("certificate"))
        except ActionError as exc:
            form_error(form, exc, aliases={"file": "certificate"})
        else:
            messages.success(request, _("Recognition recorded."))
            return redirect("patrols:volunteer_detail", pk=pk)
    return render(request, "patrols/volunteer_recognition.html", {"form": form, "volunteer": volunteer},
                  status=400 if form.errors else 200)


DONE = {
    "vet": lambda: _("Volunteer vetted."), "suspend": lambda: _("Volunteer suspended."),
    "leave": lambda: _("Volunteer marked as left."), "rejoin": lambda: _("Volunteer re-admitted: vet them again."),
}


@login_required
@require_POST
def volunteer_action(request, pk, action):
    if action not in DONE:
        raise Http404
    user = request.user
    volunteer = _volunteer(user, pk, "change")
    form = StatusForm(request.POST, prefix=action)
    if form.is_valid():
        try:
            services.do_change_volunteer_status(user, volunteer, action=action, note=form.cleaned_data["note"],
                                                expected_version=form.cleaned_data["version"])
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, DONE[action]())
            return redirect("patrols:volunteer_detail", pk=pk)
    if "version" in form.errors:  # no version: the form did not come from the current page
        form.add_error(None, _("The form is out of date. Reload the page and try again."))
    return _render_volunteer(request, pk, failed=action, form=form)


def stored_file(field):
    """A model's FileField as core.uploads.download sends it (the type was sniffed when it was stored)."""
    name = PurePath(field.name).name
    return SimpleNamespace(file=field, original_name=name,
                           content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")


@login_required
def certificate_download(request, pk):
    recognition = access(Recognition.objects.exclude(certificate=""), request.user, pk)
    return download(stored_file(recognition.certificate))
