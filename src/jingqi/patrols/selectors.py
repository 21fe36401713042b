"""Read queries for the patrol pages, the API and the printed documents."""

from datetime import datetime, time, timedelta

from django.db.models import Case, Count, IntegerField, Prefetch, Q, Sum, Value, When
from django.utils import timezone
from django.utils.dates import WEEKDAYS

from jingqi.accounts.choices import Role
from jingqi.accounts.models import User
from jingqi.registry.models import Enterprise, Park

from .choices import FindingStatus, OperationStatus, PatrolStatus, PlaceKind, VolunteerStatus
from .models import (
    AvailabilityWindow,
    CheckIn,
    Finding,
    GuardOperation,
    Patrol,
    PatrolMember,
    Place,
    Recognition,
    Team,
    Volunteer,
)
from .services import is_police

# --- teams, volunteers, places, patrols, findings (views/teams.py, places.py, patrols.py) ---------------------------


def can_see_patrols(user) -> bool:
    """Police, volunteers and enterprise liaisons have patrol pages; the others none (figures only)."""
    return is_police(user) or user.role in (Role.VOLUNTEER, Role.LIAISON)


def parks_for(user):
    """The parks a form or a filter may name: those the police user handles."""
    if not is_police(user):
        return Park.objects.none()
    return Park.objects.visible_to(user).order_by("code")


def teams_for(user):
    """The team list, park by park (served by ``patrol_team_list_idx``), with member counts in the same query."""
    return (Team.objects.visible_to(user).select_related("park", "enterprise")
            .annotate(member_count=Count("members", filter=~Q(members__status=VolunteerStatus.LEFT)),
                      to_vet=Count("members", filter=Q(members__status=VolunteerStatus.APPLIED)))
            .order_by("park__name", "name", "pk"))


def volunteers_for(user, *, status: str = "", team=None, skill: str = "", q: str = ""):
    """The volunteer list, team by team then name (``patrol_volunteer_team_idx`` serves the status filter)."""
    qs = Volunteer.objects.visible_to(user).select_related("team__park", "person")
    if status:
        qs = qs.filter(status=status)
    if team is not None:
        qs = qs.filter(team=team)
    if skill:
        qs = qs.filter(skills__contains=skill) if _json_contains() else qs.filter(skills__icontains=f'"{skill}"')
    if q:
        qs = qs.filter(person__full_name__icontains=q)
    return qs.order_by("team__name", "person__full_name", "pk")


def _json_contains() -> bool:
    """JSON ``contains`` works on PostgreSQL; SQLite lacks it, where the stored text is searched instead."""
    from django.db import connection

    return connection.vendor == "postgresql"


def volunteer_page(user, volunteer) -> dict:
    # Through their own scope: a volunteer may open a teammate's page but reads only their own hours and awards.
    windows = AvailabilityWindow.objects.visible_to(user).filter(volunteer=volunteer)
    return {
        "windows": [{"day": WEEKDAYS[w.weekday], "start": w.start, "end": w.end} for w in windows],
        "recognitions": list(Recognition.objects.visible_to(user).filter(volunteer=volunteer)
                             .select_related("awarded_by")[:50]),
        "patrols": list(Patrol.objects.visible_to(user).filter(members__volunteer=volunteer)
                        .select_related("park").order_by("-starts_at")[:10]),
        # Volunteers and liaisons never see another volunteer's ID or phone; the police see them masked.
        "show_personal": is_police(user),
        "own": volunteer.user_id == user.pk,
    }


def places_for(user, *, kind: str = "", park=None, q: str = ""):
    """The place list, park, kind and name (``patrol_place_list_idx``)."""
    qs = Place.objects.visible_to(user).select_related("park", "route")
    if kind:
        qs = qs.filter(kind=kind)
    if park is not None:
        qs = qs.filter(park=park)
    if q:
        qs = qs.filter(name__icontains=q)
    return qs.order_by("park__name", "kind", "name", "pk")


def routes_for(user, park=None):
    """Routes and areas a patrol may follow (or a checkpoint lie on): active ones the police user handles."""
    qs = Place.objects.visible_to(user, "change").filter(active=True).exclude(kind=PlaceKind.CHECKPOINT)
    if park is not None:
        qs = qs.filter(park=park)
    return qs.select_related("park").order_by("park__name", "kind", "name")


def checkpoints_for(user, patrol):
    """The checkpoints of the patrol's park: those on its route first."""
    on_route = Case(When(route_id=patrol.route_id, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (Place.objects.visible_to(user).filter(park_id=patrol.park_id, kind=PlaceKind.CHECKPOINT, active=True)
            .annotate(on_route=on_route).order_by("on_route", "name"))


def map_features(user, *, park=None) -> dict:
    """GeoJSON for the patrol map: park boundaries, then areas, routes and checkpoints the user may see."""
    features = []
    parks = Park.objects.visible_to(user).exclude(boundary=None)
    places = Place.objects.visible_to(user).filter(active=True)
    if park is not None:
        parks, places = parks.filter(pk=park.pk), places.filter(park=park)
    for row in parks.values("name", "boundary"):
        if row["boundary"]:
            features.append({"type": "Feature", "geometry": row["boundary"],
                             "properties": {"kind": "boundary", "name": row["name"]}})
    labels = dict(PlaceKind.choices)
    for row in places.values("pk", "kind", "name", "geometry", "risk_weight").order_by("kind", "name")[:2000]:
        features.append({"type": "Feature", "geometry": row["geometry"],
                         "properties": {"kind": row["kind"], "id": row["pk"], "name": row["name"],
                                        "label": str(labels.get(row["kind"], row["kind"])),
                                        "risk": row["risk_weight"]}})
    return {"type": "FeatureCollection", "features": features}


def week_start(day) -> datetime:
    """Monday 00:00 (local time) of the week holding ``day``."""
    monday = day - timedelta(days=day.weekday())
    return timezone.make_aware(datetime.combine(monday, time()))


def patrol_week(user, start: datetime, *, park=None) -> list[dict]:
    """The week's patrols, day by day (``patrol_park_start_idx`` / ``patrol_station_start_idx``), each with its
    members in one more query."""
    end = start + timedelta(days=7)
    qs = (Patrol.objects.visible_to(user).filter(starts_at__lt=end, ends_at__gt=start)
          .select_related("park", "route")
          .prefetch_related(Prefetch("members", queryset=PatrolMember.objects.select_related(
              "user", "volunteer__person")))
          .order_by("starts_at", "pk"))
    if park is not None:
        qs = qs.filter(park=park)
    days = [{"day": (start + timedelta(days=n)).date(), "patrols": []} for n in range(7)]
    for patrol in qs[:500]:
        index = (timezone.localtime(max(patrol.starts_at, start)).date() - start.date()).days
        days[min(max(index, 0), 6)]["patrols"].append(patrol)
    return days


def officers_for_park(park):
    """Who may be planned as the officers of a patrol in ``park`` (as services._members decides)."""
    return User.objects.filter(role__in=[Role.OFFICER, Role.AUXILIARY], office_id=park.office_id,
                               is_active=True).order_by("role", "username")


def officers_for(user):
    """The officers and auxiliaries of the parks the police user handles."""
    offices = parks_for(user).values("office")
    return User.objects.filter(role__in=[Role.OFFICER, Role.AUXILIARY], office__in=offices,
                               is_active=True).order_by("role", "username")


def plannable_volunteers(user):
    """Vetted volunteers of the teams the police user handles."""
    return (Volunteer.objects.visible_to(user, "change").filter(status=VolunteerStatus.VETTED)
            .select_related("person", "team").order_by("team__name", "person__full_name"))


def patrol_page(user, patrol) -> dict:
    members = list(patrol.members.select_related("user", "volunteer__person"))
    check_ins = list(CheckIn.objects.visible_to(user).filter(patrol=patrol)
                     .select_related("checkpoint", "user", "volunteer__person").order_by("at", "pk"))
    findings = list(Finding.objects.visible_to(user).filter(patrol=patrol).select_related("reported_by")
                    .order_by("-reported_at", "-pk"))
    mine = next((m for m in members if m.user_id == user.pk or (m.volunteer_id and m.volunteer.user_id == user.pk)),
                None)
    return {"members": members, "check_ins": check_ins, "findings": findings, "membership": mine,
            "is_member": mine is not None}


def findings_for(user, *, kind: str = "", status: str = "", to_open: bool = False, park=None):
    """The findings ledger, newest first (``patrol_finding_station_idx`` / ``park_idx``; ``kind_idx`` for the
    filters)."""
    qs = Finding.objects.visible_to(user).select_related("park", "reported_by", "patrol")
    if to_open:
        qs = qs.filter(status__in=(FindingStatus.RECORDED, FindingStatus.AWAITING)).exclude(kind="other")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if park is not None:
        qs = qs.filter(park=park)
    return qs.order_by("-reported_at", "-pk")


def enterprises_of(park):
    return Enterprise.objects.filter(park=park).order_by("name")


def overview(user) -> dict:
    """The police's patrol overview: today's patrols, running operations, findings to open, volunteers to vet and
    figures (active volunteers, hours credited from patrols finished this month)."""
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today, time()))
    month = timezone.make_aware(datetime.combine(today.replace(day=1), time()))
    volunteers = Volunteer.objects.visible_to(user)
    credited = (PatrolMember.objects.visible_to(user).filter(patrol__finished_at__gte=month)
                .aggregate(total=Sum("credited_minutes"))["total"] or 0)
    return {
        "today": list(Patrol.objects.visible_to(user).filter(starts_at__lt=start + timedelta(days=1),
                                                             ends_at__gt=start)
                      .select_related("park").order_by("starts_at")[:20]),
        "operations": list(GuardOperation.objects.visible_to(user).exclude(status=OperationStatus.CLOSED)
                           .select_related("park").order_by("-starts_at")[:10]),
        "to_open": list(findings_for(user, to_open=True)[:10]),
        "to_vet": list(volunteers.filter(status=VolunteerStatus.APPLIED).select_related("team", "person")[:10]),
        "active_volunteers": volunteers.filter(status=VolunteerStatus.VETTED).count(),
        "hours_this_month": round(credited / 60, 1),
        "under_way": Patrol.objects.visible_to(user).filter(status=PatrolStatus.UNDER_WAY).count(),
    }



# --- guard operations, the roster grid, the coverage proof, the volunteer's page (views/guard.py, me.py) ---
# Written by the guard/me pages' owner; everything above this line belongs to the other pages.

from datetime import timedelta as _timedelta  # noqa: E402 (this section keeps its imports)

from django.db.models import Count as _Count  # noqa: E402 (this section keeps its imports)
from django.db.models import DateTimeField as _DateTimeField  # noqa: E402 (this section keeps its imports)
from django.db.models import DurationField as _DurationField  # noqa: E402 (this section keeps its imports)
from django.db.models import ExpressionWrapper as _ExpressionWrapper  # noqa: E402 (this section keeps its imports)
from django.db.models import F as _F  # noqa: E402 (this section keeps its imports)
from django.db.models import IntegerField as _IntegerField  # noqa: E402 (this section keeps its imports)
from django.db.models import Prefetch as _Prefetch  # noqa: E402 (this section keeps its imports)
from django.db.models import Q as _Q  # noqa: E402 (this section keeps its imports)
from django.db.models import Value as _Value  # noqa: E402 (this section keeps its imports)
from django.utils import timezone as _timezone  # noqa: E402 (this section keeps its imports)
from django.utils.translation import gettext as _gettext  # noqa: E402 (this section keeps its imports)


def guard_operations_for(user, *, status: str = ""):
    """The operations ``user`` sees, newest first, with their counts (no query per row)."""
    from .models import GuardOperation

    operations = GuardOperation.objects.visible_to(user).select_related("park").annotate(
        segment_count=_Count("segments", distinct=True), pool_count=_Count("people", distinct=True))
    if status:
        operations = operations.filter(status=status)
    return operations.order_by("-starts_at", "-pk")


def guard_pool(operation):
    """The pool with names and segments, officers first."""
    return list(operation.people.select_related("volunteer__person", "volunteer__team", "user")
                .prefetch_related("segments").order_by("-is_officer", "pk"))


def _hour_at(operation, hour: int):
    return _timezone.localtime(operation.starts_at + _timedelta(hours=hour))


def _days(operation) -> list:
    start = _hour_at(operation, 0).date()
    end = _hour_at(operation, max(operation.hours - 1, 0)).date()
    return [start + _timedelta(days=n) for n in range((end - start).days + 1)]


def roster_grid(operation, check, segments, shifts) -> dict:
    """Segments × days: for each cell the hours covered and the hours that need cover (short when fewer), and the
    shifts that start that day. Computed from the independent check's coverage rows, hour by hour."""
    days = _days(operation)
    index = {day: n for n, day in enumerate(days)}
    day_of = [index[_hour_at(operation, h).date()] for h in range(operation.hours)]
    cells = {s.code: [{"day": day, "required": 0, "covered": 0, "shifts": []} for day in days] for s in segments}
    for row in check.report.coverage if check is not None else ():  # None: the operation cannot be checked
        if row.segment not in cells or not 0 <= row.hour < operation.hours:
            continue
        cell = cells[row.segment][day_of[row.hour]]
        if row.required:
            cell["required"] += 1
            cell["covered"] += 0 if row.missing else 1
    by_pk = {s.pk: s.code for s in segments}
    for shift in shifts:
        code = by_pk.get(shift.segment_id)
        if code is not None and 0 <= shift.start < operation.hours:
            cells[code][day_of[shift.start]]["shifts"].append(shift)
    rows = []
    for segment in segments:
        row_cells = cells[segment.code]
        for cell in row_cells:
            cell["short"] = cell["covered"] < cell["required"]
        rows.append({"segment": segment, "cells": row_cells,
                     "required": sum(c["required"] for c in row_cells),
                     "covered": sum(c["covered"] for c in row_cells)})
    return {"days": days, "rows": rows}


def coverage_runs(operation, check) -> list[dict]:
    """Every segment and hour of the proof, with runs of consecutive hours that read the same (required, assigned,
    officers, missing) printed as one line: nothing is left out, and a fortnight fits on a few pages."""
    runs = []
    rows = sorted(check.report.coverage, key=lambda r: (r.segment, r.hour))
    for row in rows:
        key = (row.segment, row.required, row.assigned, row.officers, row.officer_required, row.missing)
        last = runs[-1] if runs else None
        if last and last["key"] == key and last["end"] == row.hour:
            last["end"] = row.hour + 1
            continue
        runs.append({"key": key, "segment": row.segment, "start": row.hour, "end": row.hour + 1,
                     "required": row.required, "assigned": row.assigned, "officers": row.officers,
                     "officer_required": row.officer_required, "missing": row.missing})
    for run in runs:
        run["starts_at"] = _hour_at(operation, run["start"])
        run["ends_at"] = _hour_at(operation, run["end"])
        run["hours"] = run["end"] - run["start"]
        run["ok"] = not run["missing"]
    return runs


def gaps_with_reasons(operation, check) -> list[dict]:
    """Every slot the roster leaves short, as runs of hours per segment, each with its reason: the solver's
    diagnosis (``operation.uncovered``) where the last solve named the slot, else what the check says (a gap opened
    by a hand edit, or an officer missing at night)."""
    declared = {(u.get("segment"), u.get("hour")): u for u in (operation.uncovered or []) if isinstance(u, dict)}
    gaps = []
    for row in sorted(check.gaps, key=lambda r: (r.segment, r.hour)):
        solved = declared.get((row.segment, row.hour))
        if solved and solved.get("reason"):
            reason = solved["reason"]
        elif row.officer_required and not row.officers and row.assigned >= row.required:
            reason = _gettext("No officer on duty at night where the rule needs one.")
        elif operation.solved_at and not solved:
            reason = _gettext("Not covered since the roster was edited by hand.")
        else:
            reason = _gettext("Nobody is rostered for this hour.")
        last = gaps[-1] if gaps else None
        if (last and last["segment"] == row.segment and last["end"] == row.hour and last["reason"] == reason
                and last["missing"] == row.missing):
            last["end"] = row.hour + 1
            continue
        gaps.append({"segment": row.segment, "start": row.hour, "end": row.hour + 1, "missing": row.missing,
                     "required": row.required, "assigned": row.assigned, "reason": reason})
    for gap in gaps:
        gap["starts_at"], gap["ends_at"] = _hour_at(operation, gap["start"]), _hour_at(operation, gap["end"])
        gap["hours"] = gap["end"] - gap["start"]
    return gaps


def guard_shifts(operation):
    from .models import GuardShift

    shifts = list(GuardShift.objects.filter(operation=operation).select_related(
        "person__volunteer__person", "person__user", "segment").order_by("start", "segment__order", "pk"))
    for shift in shifts:  # their clock times read the operation's start: the one already loaded
        shift.operation = operation
    return shifts


def check_or_problem(operation, segments=None):
    """The independent check of the operation's roster, and None; or None and what keeps the operation from being
    checked, in words (no segments yet, or a rule the checker cannot work with)."""
    from .roster.instance import InstanceError
    from .rostering import check_operation

    segments = list(operation.segments.all()) if segments is None else segments
    if not segments:
        return None, _gettext("The roster cannot be checked yet: split the line into segments first.")
    try:
        return check_operation(operation), None
    except InstanceError as error:
        return None, _gettext("The roster cannot be checked: %(problem)s") % {"problem": error}


def operation_page(user, operation) -> dict:
    """Everything the operation page shows: rules, segments, pool, the roster grid, the coverage proof, the gaps
    with their reasons, the rule breaches, and the swaps waiting for an officer."""
    from . import services
    from .choices import SwapStatus
    from .models import SwapRequest
    segments = list(operation.segments.all())
    shifts = guard_shifts(operation)
    check, unchecked = check_or_problem(operation, segments)
    police = services.is_police(user)
    swaps = []
    if police:
        swaps = list(SwapRequest.objects.visible_to(user, "change").filter(
            shift__operation=operation, status=SwapStatus.CONSENTED).select_related(
            "shift__segment", "requester__volunteer__person", "requester__user", "taker__volunteer__person",
            "taker__user"))
    return {
        "segments": segments, "pool": guard_pool(operation), "shifts": shifts, "check": check,
        "unchecked": unchecked, "grid": roster_grid(operation, check, segments, shifts),
        "runs": coverage_runs(operation, check) if check else [],
        "gaps": gaps_with_reasons(operation, check) if check else [], "problems": check.problems if check else [],
        "swaps_to_decide": swaps, "is_police": police,
    }


def my_duty(user) -> dict:
    """A volunteer's page: their next shifts (with colleagues to ask for a swap), patrols, swaps asked of them and
    by them, hours, points and recognitions. Each list is one query, whatever its length."""
    from .choices import OperationStatus, PatrolStatus, SwapStatus
    from .models import (
        GuardPerson,
        GuardShift,
        Patrol,
        PatrolMember,
        Recognition,
        SwapRequest,
    )
    from .querysets import volunteer_of

    volunteer = volunteer_of(user)
    now = _timezone.now()
    # Shifts that have not ended (or that still need a check-out), chosen in the database: the model keeps hours
    # from the operation's start, so the end is that start plus ``end`` hours.
    # (Every part typed, so SQLite's date arithmetic is used as well as PostgreSQL's.)
    hours = _ExpressionWrapper(_ExpressionWrapper(_F("end"), output_field=_IntegerField())
                               * _Value(_timedelta(hours=1), output_field=_DurationField()),
                               output_field=_DurationField())
    ends_at = _ExpressionWrapper(_F("operation__starts_at") + hours, output_field=_DateTimeField())
    shifts = list(GuardShift.objects.visible_to(user, "own").filter(
        operation__status=OperationStatus.ROSTERED).alias(shift_ends_at=ends_at).filter(
        _Q(shift_ends_at__gt=now) | _Q(checked_in_at__isnull=False, checked_out_at__isnull=True))
        .select_related("operation", "segment", "person").order_by("operation__starts_at", "start")[:20])
    operations = {s.operation_id for s in shifts}
    colleagues = {}
    for person in GuardPerson.objects.filter(operation__in=operations).select_related(
            "volunteer__person", "user").order_by("-is_officer", "pk"):
        colleagues.setdefault(person.operation_id, []).append(person)
    open_swaps = set(SwapRequest.objects.filter(shift__in=[s.pk for s in shifts], status__in=(
        SwapStatus.ASKED, SwapStatus.CONSENTED)).values_list("shift_id", flat=True))
    for shift in shifts:
        shift.colleagues = [p for p in colleagues.get(shift.operation_id, []) if p.pk != shift.person_id]
        shift.swap_open = shift.pk in open_swaps
        shift.started = shift.starts_at <= now
    patrols = list(Patrol.objects.visible_to(user).filter(
        status__in=(PatrolStatus.PLANNED, PatrolStatus.UNDER_WAY), ends_at__gt=now - _timedelta(hours=1))
        .select_related("route").prefetch_related(_Prefetch(
            "members", queryset=PatrolMember.objects.filter(volunteer__user=user), to_attr="mine"))
        .order_by("starts_at")[:20])
    swaps = SwapRequest.objects.visible_to(user).select_related(
        "shift__operation", "shift__segment", "requester__volunteer__person", "requester__user",
        "taker__volunteer__person", "taker__user")
    return {
        "volunteer": volunteer,
        "shifts": shifts,
        "patrols": patrols,
        "asked_of_me": list(swaps.filter(taker__volunteer__user=user, status=SwapStatus.ASKED)),
        "my_swaps": list(swaps.filter(requester__volunteer__user=user).filter(
            _Q(status__in=(SwapStatus.ASKED, SwapStatus.CONSENTED)) | _Q(updated_at__gte=now - _timedelta(days=14)))
            [:20]),
        "recognitions": list(Recognition.objects.visible_to(user).filter(volunteer=volunteer)[:20])
        if volunteer else [],
    }


def next_shift(user):
    """A volunteer's next shift not yet over (for the home page), or None."""
    from .choices import OperationStatus
    from .models import GuardShift

    now = _timezone.now()
    for shift in GuardShift.objects.visible_to(user, "own").filter(
            operation__status=OperationStatus.ROSTERED, checked_out_at__isnull=True).select_related(
            "operation", "segment").order_by("operation__starts_at", "start")[:50]:
        if shift.ends_at > now:
            return shift
    return None
