"""Patrol actions: the only code that writes teams, volunteers, places, patrols, check-ins, findings, guard
operations, rosters and swaps.

Each action checks the actor's right through ``visible_to`` (``access`` → 404), locks the row it changes, checks the
state machine (``choices``), writes, audits, and notifies after commit. Service hours and points are credited from
check-ins only (``_credit``); nobody types them in. A roster is checked by the roster package's independent
checker after every edit, and a swap is accepted only when the roster with the swap applied breaks no rule.
"""

import math
import uuid
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jingqi.accounts.choices import Role
from jingqi.accounts.models import User
from jingqi.core import audit
from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.notify import notify_on_commit
from jingqi.core.parsing import parse_coordinate, parse_int, parse_moment
from jingqi.core.scoping import access
from jingqi.core.scoping import acts_as_police as is_police
from jingqi.core.text import LONG_TEXT, SHORT_TEXT, check_text
from jingqi.core.versioning import bump as _bump
from jingqi.core.versioning import check_version as _check_version
from jingqi.registry.models import Enterprise, Park
from jingqi.registry.services import record_person

from .choices import (
    OPEN_SWAP_STATUSES,
    PLACE_GEOMETRY,
    CoverPeriod,
    FindingKind,
    FindingStatus,
    MemberRole,
    Mode,
    OperationStatus,
    PatrolStatus,
    PlaceKind,
    RecognitionKind,
    ShiftSource,
    Skill,
    SolveStatus,
    SwapStatus,
    VolunteerStatus,
)
from .models import (
    AvailabilityException,
    AvailabilityWindow,
    CheckIn,
    Finding,
    GuardOperation,
    GuardPerson,
    GuardSegment,
    GuardShift,
    Patrol,
    PatrolMember,
    Place,
    Recognition,
    SwapRequest,
    Team,
    Volunteer,
)
from .querysets import volunteer_of

MAX_MEMBERS = 30
MAX_VERTICES = 5000
MAX_SEGMENTS = 200
MAX_POOL = 1000
MAX_REPEAT = 26


# --- helpers ---------------------------------------------------------------------------------------


def _require_police(actor) -> None:
    if not is_police(actor):
        raise PermissionDenied()


def _park_for(actor, park) -> Park:
    """A park the actor handles (police), else 404."""
    _require_police(actor)
    return access(Park.objects.select_related("station"), actor, getattr(park, "pk", park), "view")


def _flag(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "on", "yes")
    return bool(value)


def _moment(value, *, field: str) -> datetime:
    """An aware datetime from a datetime or ISO text (local time when naive), in the plausible years; the error
    names the start or the end."""
    return parse_moment(value, field=field, label=_("Ends at") if field == "ends_at" else _("Starts at"))


def _url(name: str, pk: int) -> str:
    return reverse(f"patrols:{name}", args=[pk])


def officers_of_park(park) -> list[User]:
    return list(User.objects.filter(role__in=[Role.OFFICER, Role.AUXILIARY], office_id=park.office_id,
                                    is_active=True))


def supervisors_of(station) -> list[User]:
    return list(User.objects.filter(role=Role.SUPERVISOR, station=station, is_active=True))


# --- geometry --------------------------------------------------------------------------------------


def _position(pair, field: str) -> tuple[float, float]:
    if not isinstance(pair, list | tuple) or len(pair) < 2:
        raise ActionError(_("Each position is [longitude, latitude]."), field=field, code="invalid")
    lon = parse_coordinate(pair[0] if not isinstance(pair[0], bool) else None, field="longitude")
    lat = parse_coordinate(pair[1] if not isinstance(pair[1], bool) else None, field="latitude")
    if lon is None or lat is None:
        raise ActionError(_("Each position is [longitude, latitude]."), field=field, code="invalid")
    return float(lon), float(lat)


def check_geometry(geometry, *, kind: str, field: str = "geometry") -> dict:
    """A GeoJSON geometry of the type the place's kind is drawn as (a Feature's geometry is taken), with valid
    coordinates, at most MAX_VERTICES positions, a closed ring for an area; returned cleaned."""
    expected = PLACE_GEOMETRY[kind]
    if isinstance(geometry, str):
        from jingqi.core.parsing import loads_json

        try:
            geometry = loads_json(geometry)
        except (ValueError, ActionError):
            raise ActionError(_("The shape is not valid GeoJSON."), field=field, code="invalid")
    if isinstance(geometry, dict) and geometry.get("type") == "Feature":
        geometry = geometry.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") != expected:
        raise ActionError(_("Draw a %(shape)s for this kind of place.") % {"shape": {
            "Point": _("point"), "LineString": _("line"), "Polygon": _("area")}[expected]}, field=field,
            code="invalid")
    coordinates = geometry.get("coordinates")
    if expected == "Point":
        return {"type": "Point", "coordinates": list(_position(coordinates, field))}
    if expected == "LineString":
        if not isinstance(coordinates, list) or not 2 <= len(coordinates) <= MAX_VERTICES:
            raise ActionError(_("A line needs from 2 to %(n)d points.") % {"n": MAX_VERTICES}, field=field,
                              code="invalid")
        return {"type": "LineString", "coordinates": [list(_position(p, field)) for p in coordinates]}
    if not isinstance(coordinates, list) or not coordinates or not isinstance(coordinates[0], list):
        raise ActionError(_("An area needs at least 3 corners."), field=field, code="invalid")
    ring = coordinates[0]
    if not 3 <= len(ring) <= MAX_VERTICES:
        raise ActionError(_("An area needs at least 3 corners."), field=field, code="invalid")
    ring = [list(_position(p, field)) for p in ring]
    if ring[0] != ring[-1]:  # drawn on the map as corners: the ring is closed here
        ring.append(ring[0])
    if len(ring) < 4:
        raise ActionError(_("An area needs at least 3 corners."), field=field, code="invalid")
    from shapely.geometry import Polygon

    if not Polygon(ring).is_valid:
        raise ActionError(_("The area's edges cross each other; redraw it."), field=field, code="invalid")
    return {"type": "Polygon", "coordinates": [ring]}


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres between two (longitude, latitude) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371008.8 * math.asin(min(1.0, math.sqrt(h)))


def split_line(geometry: dict, count: int) -> list[dict]:
    """A LineString cut into ``count`` pieces of equal length (measured in metres on the ground, in the line's
    UTM zone)."""
    import numpy as np
    import shapely
    from pyproj import Transformer
    from shapely.geometry import LineString, mapping
    from shapely.ops import substring

    line = LineString(geometry["coordinates"])
    zone = int((line.centroid.x + 180) // 6) + 1
    utm = f"+proj=utm +zone={zone} +datum=WGS84"
    forward = Transformer.from_crs("EPSG:4326", utm, always_xy=True)
    back = Transformer.from_crs(utm, "EPSG:4326", always_xy=True)

    def through(transformer):
        return lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))

    projected = shapely.transform(line, through(forward))
    step = projected.length / count
    pieces = []
    for i in range(count):
        piece = shapely.transform(substring(projected, i * step, (i + 1) * step), through(back))
        pieces.append({"type": "LineString",
                       "coordinates": [[round(x, 6), round(y, 6)] for x, y in mapping(piece)["coordinates"]]})
    return pieces


def line_length_m(geometry: dict) -> float:
    coords = geometry.get("coordinates") or []
    return sum(distance_m(tuple(coords[i]), tuple(coords[i + 1])) for i in range(len(coords) - 1))


# --- teams and volunteers --------------------------------------------------------------------------


def _team_fields(data: dict) -> dict:
    return {
        "name": check_text(data.get("name"), field="name", limit=100, required=True, label=_("Name"),
                           empty_message=_("Give the team a name.")),
        "description": check_text(data.get("description"), field="description", limit=LONG_TEXT,
                                  label=_("Description")),
    }


@transaction.atomic
def do_create_team(actor, *, park, data: dict, enterprise=None) -> Team:
    park = _park_for(actor, park)
    clean = _team_fields(data)
    if enterprise is not None:
        enterprise = access(Enterprise.objects.all(), actor, getattr(enterprise, "pk", enterprise))
        if enterprise.park_id != park.pk:
            raise ActionError(_("The enterprise is not in this park."), field="enterprise")
    if Team.objects.filter(park=park, name=clean["name"]).exists():
        raise ActionError(_("This park already has a team of that name."), field="name")
    team = Team.objects.create(station=park.station, park=park, enterprise=enterprise, **clean)
    audit.record(actor, "patrol.team.create", team, audit.snapshot(team, ["park", "enterprise", "name"]))
    return team


@transaction.atomic
def do_update_team(actor, team, *, data: dict, expected_version) -> Team:
    team = access(Team.objects.select_for_update(of=("self",)), actor, team.pk, "change")
    _check_version(team, expected_version)
    clean = _team_fields({"name": team.name, "description": team.description, **data})
    if "active" in data:
        clean["active"] = _flag(data["active"])
    if Team.objects.filter(park=team.park_id, name=clean["name"]).exclude(pk=team.pk).exists():
        raise ActionError(_("This park already has a team of that name."), field="name")
    before = audit.snapshot(team, list(clean))
    for key, value in clean.items():
        setattr(team, key, value)
    _bump(team, *clean)
    audit.record(actor, "patrol.team.update", team, audit.diff(before, audit.snapshot(team, list(clean))))
    return team


def check_skills(skills) -> list[str]:
    if skills in (None, ""):
        return []
    if isinstance(skills, str):
        skills = [s for s in skills.split(",") if s.strip()]
    if not isinstance(skills, list | tuple) or any(s not in Skill.values for s in skills):
        raise ActionError(_("Choose skills from the list."), field="skills", code="invalid")
    return sorted(set(skills))


@transaction.atomic
def do_enrol_volunteer(actor, team, *, full_name: str, id_number: str = "", phone: str = "", skills=None,
                       user=None) -> Volunteer:
    """A new member, status "applied" until vetted. The police enrol anyone; an enterprise liaison proposes
    their own staff for their enterprise's team."""
    if actor.role == Role.LIAISON:
        team = access(Team.objects.all(), actor, team.pk, "view")
        if team.enterprise_id != actor.enterprise_id:
            raise PermissionDenied()
        if user is not None:
            raise PermissionDenied()
    else:
        team = access(Team.objects.all(), actor, team.pk, "change")
    skills = check_skills(skills)
    person = _enrolled_person(full_name, id_number, phone)
    if Volunteer.objects.filter(team=team, person=person).exists():
        raise ActionError(_("This person is already in the team."), field="full_name")
    volunteer = Volunteer.objects.create(team=team, person=person, skills=skills)
    if user is not None:
        _link_account(volunteer, user)
    audit.record(actor, "patrol.volunteer.enrol", volunteer, {
        "team": team.pk, "person": person.pk, "skills": skills, "user": getattr(user, "pk", None),
        "id_number": audit.REDACTED if id_number else "", "phone": audit.REDACTED if phone else ""})
    notify_on_commit(supervisors_of(team.station), "patrol.volunteer.applied",
                     _("New volunteer to vet: %(name)s (%(team)s)") % {"name": person.full_name, "team": team.name},
                     url=_url("volunteer_detail", volunteer.pk))
    return volunteer


def _enrolled_person(full_name: str, id_number: str, phone: str):
    """The registry's person with this ID number, left as it is (it may be another enterprise's contact or a
    dispute's party: enrolment never rewrites their name or phone), or a new person. A known ID number under
    another name is refused."""
    from jingqi.core.pii import blind_index, normalize_id_number
    from jingqi.registry.models import Person

    if id_number:
        name = check_text(full_name, field="full_name", limit=60, required=True, label=_("Full name"),
                          empty_message=_("Enter the person's name."))
        existing = Person.objects.filter(
            id_number_index=blind_index("id", normalize_id_number(id_number))).first()
        if existing is not None:
            if existing.full_name != name:
                raise ActionError(_("This ID number is registered under another name. Check the name and the "
                                    "ID number."), field="id_number")
            return existing
    return record_person(full_name, id_number, phone)


def _link_account(volunteer: Volunteer, user) -> None:
    if user.role != Role.VOLUNTEER:
        raise ActionError(_("Only an account of the volunteer role can be linked."), field="user")
    if Volunteer.objects.filter(user=user).exclude(pk=volunteer.pk).exists():
        raise ActionError(_("This account belongs to another volunteer."), field="user")
    volunteer.user = user
    volunteer.save(update_fields=["user", "updated_at"])


@transaction.atomic
def do_link_account(actor, volunteer, *, user) -> Volunteer:
    volunteer = access(Volunteer.objects.select_for_update(of=("self",)), actor, volunteer.pk, "change")
    _link_account(volunteer, user)
    audit.record(actor, "patrol.volunteer.link", volunteer, {"user": user.pk})
    return volunteer


@transaction.atomic
def do_change_volunteer_status(actor, volunteer, *, action: str, note: str = "", expected_version=None) -> Volunteer:
    """Vet, suspend, mark as left or re-admit (``action``): police only; a reason is needed except to vet."""
    volunteer = access(Volunteer.objects.select_for_update(of=("self",)), actor, volunteer.pk, "change")
    _check_version(volunteer, expected_version)
    if action not in volunteer.machine.transitions:
        raise ActionError(_("Unknown action."), code="invalid")
    note = check_text(note, field="note", limit=SHORT_TEXT, required=action in ("suspend", "leave"),
                      label=_("Reason"), empty_message=_("Give the reason."))
    before = volunteer.status
    volunteer.machine.move(volunteer, action)
    volunteer.status_note = note
    fields = ["status", "status_note"]
    if action == "vet":
        volunteer.vetted_by, volunteer.vetted_at = actor, timezone.now()
        fields += ["vetted_by", "vetted_at"]
    _bump(volunteer, *fields)
    audit.record(actor, f"patrol.volunteer.{action}", volunteer, {"status": [before, volunteer.status],
                                                                  "note": note})
    if volunteer.user_id:
        notify_on_commit([volunteer.user], f"patrol.volunteer.{action}",
                         _("Your volunteer status: %(status)s") % {"status": volunteer.get_status_display()},
                         body=note, url=reverse("patrols:my_duty"))
    return volunteer


@transaction.atomic
def do_update_volunteer(actor, volunteer, *, skills=None, is_leader=None, expected_version=None) -> Volunteer:
    volunteer = access(Volunteer.objects.select_for_update(of=("self",)), actor, volunteer.pk, "change")
    _check_version(volunteer, expected_version)
    before = audit.snapshot(volunteer, ["skills", "is_leader"])
    fields = []
    if skills is not None:
        volunteer.skills = check_skills(skills)
        fields.append("skills")
    if is_leader is not None:
        volunteer.is_leader = _flag(is_leader)
        fields.append("is_leader")
    _bump(volunteer, *fields)
    audit.record(actor, "patrol.volunteer.update", volunteer,
                 audit.diff(before, audit.snapshot(volunteer, ["skills", "is_leader"])))
    return volunteer


def _own_or_police(actor, volunteer) -> Volunteer:
    """The volunteer, if the actor is the police in its scope or the volunteer themselves."""
    if is_police(actor):
        return access(Volunteer.objects.select_for_update(of=("self",)), actor, volunteer.pk, "change")
    return access(Volunteer.objects.select_for_update(of=("self",)), actor, volunteer.pk, "own")


def _clock(value, *, field: str) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        try:
            return time.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ActionError(_("Give a time like 18:30."), field=field, code="invalid")


@transaction.atomic
def do_set_availability(actor, volunteer, *, windows: list[dict]) -> list[AvailabilityWindow]:
    """Replace the weekly pattern: windows of {weekday 0–6 (Monday 0), start, end}; an end before the start runs
    past midnight, an end equal to the start makes a whole day. The volunteer sets their own; the police may set it
    for them."""
    volunteer = _own_or_police(actor, volunteer)
    if not isinstance(windows, list) or len(windows) > 100:
        raise ActionError(_("Give at most 100 weekly windows."), field="windows", code="invalid")
    clean = []
    for row in windows:
        if not isinstance(row, dict):
            raise ActionError(_("Each window has a weekday, a start and an end."), field="windows", code="invalid")
        weekday = parse_int(row.get("weekday"), field="weekday", min=0, max=6)
        start, end = _clock(row.get("start"), field="start"), _clock(row.get("end"), field="end")
        clean.append(AvailabilityWindow(volunteer=volunteer, weekday=weekday, start=start, end=end))
    volunteer.windows.all().delete()
    created = AvailabilityWindow.objects.bulk_create(clean)
    audit.record(actor, "patrol.volunteer.availability", volunteer, {
        "windows": [[w.weekday, w.start.isoformat("minutes"), w.end.isoformat("minutes")] for w in clean]})
    return created


@transaction.atomic
def do_add_exception(actor, volunteer, *, starts_at, ends_at, available: bool = False,
                     note: str = "") -> AvailabilityException:
    volunteer = _own_or_police(actor, volunteer)
    starts_at, ends_at = _moment(starts_at, field="starts_at"), _moment(ends_at, field="ends_at")
    if ends_at <= starts_at:
        raise ActionError(_("The end must come after the start."), field="ends_at", code="invalid")
    note = check_text(note, field="note", limit=SHORT_TEXT, label=_("Note"))
    exception = AvailabilityException.objects.create(volunteer=volunteer, starts_at=starts_at, ends_at=ends_at,
                                                     available=_flag(available), note=note)
    audit.record(actor, "patrol.volunteer.exception", volunteer, {
        "from": starts_at.isoformat(), "until": ends_at.isoformat(), "available": exception.available})
    return exception


@transaction.atomic
def do_remove_exception(actor, exception) -> None:
    exception = access(AvailabilityException.objects.select_related("volunteer"),
                       actor, exception.pk, "change" if is_police(actor) else "own")
    audit.record(actor, "patrol.volunteer.exception_removed", exception.volunteer, {"exception": exception.pk})
    exception.delete()


def available_hours(volunteer: Volunteer, start: datetime, hours: int) -> list[list[int]]:
    """The hours (counted from ``start``, half-open ranges) the volunteer's weekly pattern and exceptions leave
    free; an hour counts when the whole hour is free."""
    windows = list(volunteer.windows.all())
    exceptions = list(volunteer.exceptions.all())
    free = []
    for h in range(hours):
        at = timezone.localtime(start + timedelta(hours=h))
        end = at + timedelta(hours=1)
        ok = any(_in_window(w, at, end) for w in windows)
        for e in exceptions:
            if e.starts_at < end and e.ends_at > at:
                ok = e.available if (e.available and e.starts_at <= at and e.ends_at >= end) else (
                    False if not e.available else ok)
        free.append(ok)
    ranges, h = [], 0
    while h < hours:
        if free[h]:
            k = h
            while k < hours and free[k]:
                k += 1
            ranges.append([h, k])
            h = k
        else:
            h += 1
    return ranges


def _in_window(window: AvailabilityWindow, at: datetime, end: datetime) -> bool:
    """Whether the hour [at, end) lies inside a weekly window (which may run past midnight)."""
    for day_offset in (0, -1):
        day = (at + timedelta(days=day_offset)).date()
        if day.weekday() != window.weekday:
            continue
        w_start = timezone.make_aware(datetime.combine(day, window.start), at.tzinfo)
        w_end_day = day if window.end > window.start else day + timedelta(days=1)
        w_end = timezone.make_aware(datetime.combine(w_end_day, window.end), at.tzinfo)
        if w_start <= at and end <= w_end:
            return True
    return False


@transaction.atomic
def do_recognise(actor, volunteer, *, kind: str, title: str, awarded_on, note: str = "",
                 certificate=None) -> Recognition:
    volunteer = access(Volunteer.objects.all(), actor, volunteer.pk, "change")
    if kind not in RecognitionKind.values:
        raise ActionError(_("Choose the kind of recognition."), field="kind")
    from jingqi.core.parsing import parse_day

    title = check_text(title, field="title", limit=SHORT_TEXT, required=True, label=_("Title"),
                       empty_message=_("Give the recognition a title."))
    note = check_text(note, field="note", limit=LONG_TEXT, label=_("Note"))
    awarded_on = parse_day(awarded_on, field="awarded_on")
    if certificate is not None:
        from jingqi.core.uploads import check_upload

        check_upload(certificate)
    recognition = Recognition.objects.create(volunteer=volunteer, kind=kind, title=title, awarded_on=awarded_on,
                                             awarded_by=actor, note=note, certificate=certificate or "")
    audit.record(actor, "patrol.volunteer.recognise", volunteer, {"kind": kind, "title": title,
                                                                  "awarded_on": awarded_on.isoformat()})
    if volunteer.user_id:
        notify_on_commit([volunteer.user], "patrol.volunteer.recognised", title, url=reverse("patrols:my_duty"))
    return recognition


# --- places ----------------------------------------------------------------------------------------


def _place_fields(data: dict, kind: str) -> dict:
    periods = data.get("cover_periods") or []
    if isinstance(periods, str):
        periods = [p for p in periods.split(",") if p.strip()]
    if not isinstance(periods, list | tuple) or any(p not in CoverPeriod.values for p in periods):
        raise ActionError(_("Choose the periods from the list."), field="cover_periods", code="invalid")
    return {
        "name": check_text(data.get("name"), field="name", limit=100, required=True, label=_("Name"),
                           empty_message=_("Give the place a name.")),
        "geometry": check_geometry(data.get("geometry"), kind=kind),
        "risk_weight": parse_int(data.get("risk_weight") or 1, field="risk_weight", min=1, max=5),
        "cover_periods": sorted(set(periods)),
        "radius_m": parse_int(data.get("radius_m") or 100, field="radius_m", min=10, max=5000),
        "description": check_text(data.get("description"), field="description", limit=LONG_TEXT,
                                  label=_("Description")),
    }


def _route_for(actor, park, route):
    if route in (None, ""):
        return None
    route = access(Place.objects.all(), actor, getattr(route, "pk", route), "change")
    if route.kind != PlaceKind.ROUTE or route.park_id != park.pk:
        raise ActionError(_("Choose a route in the same park."), field="route")
    return route


@transaction.atomic
def do_create_place(actor, *, park, kind: str, data: dict) -> Place:
    park = _park_for(actor, park)
    if kind not in PlaceKind.values:
        raise ActionError(_("Choose the kind of place."), field="kind")
    clean = _place_fields(data, kind)
    clean["route"] = _route_for(actor, park, data.get("route")) if kind == PlaceKind.CHECKPOINT else None
    if Place.objects.filter(park=park, kind=kind, name=clean["name"]).exists():
        raise ActionError(_("This park already has a place of that kind and name."), field="name")
    place = Place.objects.create(park=park, kind=kind, **clean)
    audit.record(actor, "patrol.place.create", place, audit.snapshot(place, ["park", "kind", "name", "risk_weight",
                                                                            "cover_periods"]))
    return place


@transaction.atomic
def do_update_place(actor, place, *, data: dict, expected_version) -> Place:
    place = access(Place.objects.select_for_update(of=("self",)), actor, place.pk, "change")
    _check_version(place, expected_version)
    merged = {"name": place.name, "geometry": place.geometry, "risk_weight": place.risk_weight,
              "cover_periods": place.cover_periods, "radius_m": place.radius_m, "description": place.description,
              "route": place.route_id, **data}
    clean = _place_fields(merged, place.kind)
    if place.kind == PlaceKind.CHECKPOINT:
        clean["route"] = _route_for(actor, place.park, merged.get("route"))
    if "active" in data:
        clean["active"] = _flag(data["active"])
    if Place.objects.filter(park=place.park_id, kind=place.kind, name=clean["name"]).exclude(pk=place.pk).exists():
        raise ActionError(_("This park already has a place of that kind and name."), field="name")
    fields = [k for k in clean if k != "geometry"]
    before = audit.snapshot(place, fields)
    for key, value in clean.items():
        setattr(place, key, value)
    _bump(place, *clean)
    changes = audit.diff(before, audit.snapshot(place, fields))
    audit.record(actor, "patrol.place.update", place, changes)
    return place


# --- patrols ---------------------------------------------------------------------------------------


def _members(actor, park, officers, volunteers) -> tuple[list[User], list[Volunteer]]:
    officers = list(officers or [])
    volunteers = list(volunteers or [])
    if len(officers) + len(volunteers) > MAX_MEMBERS:
        raise ActionError(_("A patrol has at most %(n)d members.") % {"n": MAX_MEMBERS}, field="members")
    checked_officers = []
    for officer in officers:
        officer = officer if isinstance(officer, User) else User.objects.filter(pk=officer).first()
        if (officer is None or not officer.is_active or officer.role not in (Role.OFFICER, Role.AUXILIARY)
                or officer.office_id != park.office_id):
            raise ActionError(_("Choose officers of the park's police office."), field="officers")
        checked_officers.append(officer)
    checked_volunteers = []
    for volunteer in volunteers:
        volunteer = access(Volunteer.objects.select_related("team", "person"), actor,
                           getattr(volunteer, "pk", volunteer), "change")
        if volunteer.status != VolunteerStatus.VETTED:
            raise ActionError(_("%(name)s is not a vetted volunteer.") % {"name": volunteer.person.full_name},
                              field="volunteers")
        if volunteer.team.station_id != park.station_id:
            raise ActionError(_("Choose volunteers of this station's teams."), field="volunteers")
        checked_volunteers.append(volunteer)
    return checked_officers, checked_volunteers


def _patrol_fields(data: dict) -> dict:
    mode = data.get("mode") or Mode.FOOT
    if mode not in Mode.values:
        raise ActionError(_("Choose on foot or by car."), field="mode")
    starts_at, ends_at = _moment(data.get("starts_at"), field="starts_at"), _moment(data.get("ends_at"),
                                                                                    field="ends_at")
    if ends_at <= starts_at:
        raise ActionError(_("The end must come after the start."), field="ends_at", code="invalid")
    if ends_at - starts_at > timedelta(hours=24):
        raise ActionError(_("A patrol lasts at most 24 hours."), field="ends_at", code="invalid")
    return {
        "title": check_text(data.get("title"), field="title", limit=100, required=True, label=_("Title"),
                            empty_message=_("Give the patrol a title.")),
        "mode": mode, "starts_at": starts_at, "ends_at": ends_at,
        "requires_officer": _flag(data.get("requires_officer", True)),
        "note": check_text(data.get("note"), field="note", limit=LONG_TEXT, label=_("Note")),
    }


def _check_overlaps(officers, volunteers, starts_at, ends_at, exclude=None) -> None:
    clash = PatrolMember.objects.filter(patrol__starts_at__lt=ends_at, patrol__ends_at__gt=starts_at).exclude(
        patrol__status=PatrolStatus.CANCELLED)
    if exclude is not None:
        clash = clash.exclude(patrol=exclude)
    busy = clash.filter(volunteer__in=volunteers).select_related("volunteer__person").first() or clash.filter(
        user__in=officers).select_related("user").first()
    if busy is not None:
        raise ActionError(_("%(name)s is already on another patrol at that time.") % {"name": busy.name},
                          field="members")


@transaction.atomic
def do_plan_patrol(actor, *, park, data: dict, officers=(), volunteers=(), route=None,
                   repeat_weeks: int = 0) -> list[Patrol]:
    """A patrol (and, with ``repeat_weeks``, the same one on the same weekday for that many more weeks). A joint
    patrol whose rule says so has at least one officer or auxiliary; nobody is on two patrols at once."""
    park = _park_for(actor, park)
    clean = _patrol_fields(data)
    repeat_weeks = parse_int(repeat_weeks or 0, field="repeat_weeks", min=0, max=MAX_REPEAT)
    route = _route_for_patrol(actor, park, route)
    officers, volunteers = _members(actor, park, officers, volunteers)
    if clean["requires_officer"] and not officers:
        raise ActionError(_("A joint patrol needs at least one officer."), field="officers")
    if not officers and not volunteers:
        raise ActionError(_("Choose who goes on the patrol."), field="volunteers")
    series = uuid.uuid4().hex if repeat_weeks else ""
    patrols = []
    for week in range(repeat_weeks + 1):
        shift = timedelta(weeks=week)
        fields = {**clean, "starts_at": clean["starts_at"] + shift, "ends_at": clean["ends_at"] + shift}
        _check_overlaps(officers, volunteers, fields["starts_at"], fields["ends_at"])
        patrol = Patrol.objects.create(station=park.station, park=park, route=route, series=series,
                                       created_by=actor, **fields)
        PatrolMember.objects.bulk_create(
            [PatrolMember(patrol=patrol, role=MemberRole.OFFICER if o.role == Role.OFFICER else MemberRole.AUXILIARY,
                          user=o) for o in officers]
            + [PatrolMember(patrol=patrol, role=MemberRole.VOLUNTEER, volunteer=v) for v in volunteers])
        audit.record(actor, "patrol.plan", patrol, {
            **audit.snapshot(patrol, ["park", "title", "mode", "route", "starts_at", "ends_at", "requires_officer"]),
            "officers": [o.pk for o in officers], "volunteers": [v.pk for v in volunteers]})
        patrols.append(patrol)
    first = patrols[0]
    notify_on_commit([v.user for v in volunteers if v.user_id], "patrol.planned",
                     _("New patrol: %(title)s, %(when)s") % {
                         "title": first.title, "when": timezone.localtime(first.starts_at).strftime("%Y-%m-%d %H:%M")},
                     url=_url("patrol_detail", first.pk))
    return patrols


def _route_for_patrol(actor, park, route):
    if route in (None, ""):
        return None
    route = access(Place.objects.all(), actor, getattr(route, "pk", route), "change")
    if route.kind == PlaceKind.CHECKPOINT or route.park_id != park.pk:
        raise ActionError(_("Choose a route or area in the same park."), field="route")
    return route


def _lock_patrol(actor, patrol, action="change") -> Patrol:
    patrol = access(Patrol.objects.select_for_update(of=("self",)), actor, patrol.pk, action)
    return Patrol.objects.select_related("park", "station", "route").get(pk=patrol.pk)


@transaction.atomic
def do_update_patrol(actor, patrol, *, data: dict, expected_version, officers=None, volunteers=None,
                     route="keep") -> Patrol:
    patrol = _lock_patrol(actor, patrol)
    _check_version(patrol, expected_version)
    patrol.machine.require(patrol, "edit")
    merged = {"title": patrol.title, "mode": patrol.mode, "starts_at": patrol.starts_at, "ends_at": patrol.ends_at,
              "requires_officer": patrol.requires_officer, "note": patrol.note, **data}
    clean = _patrol_fields(merged)
    if route != "keep":
        clean["route"] = _route_for_patrol(actor, patrol.park, route)
    members = list(patrol.members.select_related("user", "volunteer"))
    if officers is None:
        officers = [m.user for m in members if m.user_id]
    if volunteers is None:
        volunteers = [m.volunteer for m in members if m.volunteer_id]
    officers, volunteers = _members(actor, patrol.park, officers, volunteers)
    if clean["requires_officer"] and not officers:
        raise ActionError(_("A joint patrol needs at least one officer."), field="officers")
    if not officers and not volunteers:
        raise ActionError(_("Choose who goes on the patrol."), field="volunteers")
    _check_overlaps(officers, volunteers, clean["starts_at"], clean["ends_at"], exclude=patrol)
    fields = list(clean)
    before = audit.snapshot(patrol, fields)
    for key, value in clean.items():
        setattr(patrol, key, value)
    _bump(patrol, *fields)
    kept_users = {o.pk for o in officers}
    kept_volunteers = {v.pk for v in volunteers}
    patrol.members.exclude(user__in=kept_users).exclude(volunteer__in=kept_volunteers).delete()
    have_users = set(patrol.members.filter(user__isnull=False).values_list("user", flat=True))
    have_volunteers = set(patrol.members.filter(volunteer__isnull=False).values_list("volunteer", flat=True))
    PatrolMember.objects.bulk_create(
        [PatrolMember(patrol=patrol, role=MemberRole.OFFICER if o.role == Role.OFFICER else MemberRole.AUXILIARY,
                      user=o) for o in officers if o.pk not in have_users]
        + [PatrolMember(patrol=patrol, role=MemberRole.VOLUNTEER, volunteer=v) for v in volunteers
           if v.pk not in have_volunteers])
    audit.record(actor, "patrol.update", patrol, {**audit.diff(before, audit.snapshot(patrol, fields)),
                                                  "officers": sorted(kept_users),
                                                  "volunteers": sorted(kept_volunteers)})
    return patrol


@transaction.atomic
def do_cancel_patrol(actor, patrol, *, reason: str, expected_version=None) -> Patrol:
    patrol = _lock_patrol(actor, patrol)
    _check_version(patrol, expected_version)
    reason = check_text(reason, field="reason", limit=SHORT_TEXT, required=True, label=_("Reason"),
                        empty_message=_("Give the reason."))
    patrol.machine.move(patrol, "cancel")
    patrol.note = (patrol.note + "\n" if patrol.note else "") + reason
    _bump(patrol, "status", "note")
    audit.record(actor, "patrol.cancel", patrol, {"reason": reason})
    volunteers = [m.volunteer.user for m in patrol.members.select_related("volunteer__user")
                  if m.volunteer_id and m.volunteer.user_id]
    notify_on_commit(volunteers, "patrol.cancelled", _("Patrol cancelled: %(title)s") % {"title": patrol.title},
                     body=reason, url=_url("patrol_detail", patrol.pk))
    return patrol


def _my_membership(actor, patrol) -> PatrolMember | None:
    if actor.role == Role.VOLUNTEER:
        return patrol.members.filter(volunteer__user=actor).first()
    return patrol.members.filter(user=actor).first()


def _lock_patrol_as_member(actor, patrol, *, going_on_duty: bool = False) -> tuple[Patrol, PatrolMember | None]:
    """The patrol for a member (volunteer or officer on it) or the police in its scope; ``going_on_duty`` refuses a
    volunteer who is suspended or has left (they may still finish and report what they saw)."""
    patrol = _lock_patrol(actor, patrol, "change" if is_police(actor) else "view")
    member = _my_membership(actor, patrol)
    if member is None and not is_police(actor):
        raise PermissionDenied()
    if going_on_duty and member is not None and member.volunteer_id:
        _require_serving(member.volunteer)
    return patrol, member


def _require_serving(volunteer: Volunteer | None) -> None:
    """A suspended volunteer, or one who has left, stands no duty."""
    if volunteer is not None and volunteer.status == VolunteerStatus.SUSPENDED:
        raise ActionError(_("%(name)s is suspended and cannot go on duty.") % {"name": volunteer.person.full_name},
                          code="not_serving")
    if volunteer is not None and volunteer.status == VolunteerStatus.LEFT:
        raise ActionError(_("%(name)s has left the team and cannot go on duty.") % {
            "name": volunteer.person.full_name}, code="not_serving")


@transaction.atomic
def do_confirm_patrol(actor, patrol) -> PatrolMember:
    patrol, member = _lock_patrol_as_member(actor, patrol, going_on_duty=True)
    if member is None:
        raise ActionError(_("You are not on this patrol."))
    if patrol.status not in (PatrolStatus.PLANNED, PatrolStatus.UNDER_WAY):
        raise ActionError(_("This patrol is %(status)s.") % {"status": patrol.get_status_display()})
    if member.confirmed_at is None:
        member.confirmed_at = timezone.now()
        member.save(update_fields=["confirmed_at"])
        audit.record(actor, "patrol.confirm", patrol, {"member": member.pk})
    return member


@transaction.atomic
def do_start_patrol(actor, patrol, *, at=None) -> Patrol:
    patrol, _member = _lock_patrol_as_member(actor, patrol, going_on_duty=True)
    patrol.machine.move(patrol, "start")
    patrol.started_at = at or timezone.now()
    _bump(patrol, "status", "started_at")
    audit.record(actor, "patrol.start", patrol, {"started_at": patrol.started_at.isoformat()})
    return patrol


def _position_of(latitude, longitude, accuracy):
    lat = parse_coordinate(latitude, field="latitude")
    lon = parse_coordinate(longitude, field="longitude")
    if (lat is None) != (lon is None):
        raise ActionError(_("Give both latitude and longitude, or neither."), field="latitude", code="invalid")
    accuracy = None if accuracy in (None, "") else parse_int(
        accuracy if not isinstance(accuracy, float) else int(accuracy), field="accuracy", min=0, max=100000)
    return lat, lon, accuracy


def _measure(check_in: CheckIn, checkpoint: Place | None) -> None:
    """Distance from the checkpoint; far when beyond its radius (plus the phone's stated accuracy, up to the radius
    again). A check-in without a position is kept and marked as such."""
    if check_in.latitude is None:
        check_in.no_position = True
        return
    if checkpoint is None or checkpoint.point is None:
        return
    d = distance_m((float(check_in.longitude), float(check_in.latitude)), checkpoint.point)
    check_in.distance_m = round(d)
    slack = min(check_in.accuracy_m or 0, checkpoint.radius_m)
    check_in.far = d > checkpoint.radius_m + slack


@transaction.atomic
def do_check_in(actor, patrol, *, checkpoint=None, latitude=None, longitude=None, accuracy=None, note: str = "",
                at=None, volunteer=None) -> CheckIn:
    """A member checks in on a patrol (at a checkpoint of the patrol's park when given). The first check-in starts
    a planned patrol. The police may record the check-in of a ``volunteer`` on the patrol who has no account (or no
    phone with them), as they may for a guard shift: without it such a volunteer's patrol hours could never be
    credited."""
    patrol, member = _lock_patrol_as_member(actor, patrol, going_on_duty=True)
    if volunteer not in (None, ""):
        if not is_police(actor):
            raise PermissionDenied()
        member = patrol.members.filter(volunteer=getattr(volunteer, "pk", volunteer)).select_related(
            "volunteer").first()
        if member is None:
            raise ActionError(_("This volunteer is not on this patrol."), field="volunteer")
        _require_serving(member.volunteer)
    if member is None:
        raise ActionError(_("You are not on this patrol."))
    patrol.machine.require(patrol, "check_in")
    if checkpoint not in (None, ""):
        checkpoint = access(Place.objects.all(), actor, getattr(checkpoint, "pk", checkpoint), "view")
        if checkpoint.kind != PlaceKind.CHECKPOINT or checkpoint.park_id != patrol.park_id:
            raise ActionError(_("Choose a checkpoint in the patrol's park."), field="checkpoint")
    else:
        checkpoint = None
    lat, lon, accuracy = _position_of(latitude, longitude, accuracy)
    now = at or timezone.now()
    if now < patrol.starts_at - timedelta(hours=1) or now > patrol.ends_at + timedelta(hours=1):
        raise ActionError(_("Check in during the patrol (from an hour before it starts to an hour after it ends)."),
                          code="invalid")
    check_in = CheckIn(patrol=patrol, checkpoint=checkpoint, user=actor, volunteer=member.volunteer, at=now,
                       latitude=lat, longitude=lon, accuracy_m=accuracy,
                       note=check_text(note, field="note", limit=SHORT_TEXT, label=_("Note")))
    _measure(check_in, checkpoint)
    check_in.save()
    if patrol.status == PatrolStatus.PLANNED:
        patrol.machine.move(patrol, "check_in")
        patrol.started_at = now
        _bump(patrol, "status", "started_at")
    audit.record(actor, "patrol.check_in", patrol, {"checkpoint": getattr(checkpoint, "pk", None),
                                                    "volunteer": member.volunteer_id,
                                                    "far": check_in.far, "distance_m": check_in.distance_m})
    return check_in


def _night_minutes(start: datetime, end: datetime) -> int:
    night_start, night_end = settings.PATROL_NIGHT
    minutes, at = 0, start
    while at < end:
        step = min(end, at + timedelta(minutes=15))
        hour = timezone.localtime(at).hour
        if hour >= night_start or hour < night_end:
            minutes += (step - at).total_seconds() / 60
        at = step
    return int(minutes)


def _credit(volunteer: Volunteer | None, start: datetime, end: datetime) -> int:
    """Minutes of duty between two check-ins, added to the volunteer's hours and points (a point an hour, two an
    hour at night). Returns the minutes credited."""
    minutes = max(0, int((end - start).total_seconds() // 60))
    if volunteer is None or minutes == 0:
        return minutes
    points = (minutes + _night_minutes(start, end)) * settings.PATROL_POINTS_PER_HOUR // 60
    Volunteer.objects.filter(pk=volunteer.pk).update(service_minutes=F("service_minutes") + minutes,
                                                     points=F("points") + points)
    return minutes


@transaction.atomic
def do_finish_patrol(actor, patrol, *, at=None) -> Patrol:
    """Ends the patrol and credits each member the time between their first and last check-in (inside the patrol's
    window): that is the duty the records prove."""
    patrol, _member = _lock_patrol_as_member(actor, patrol)
    patrol.machine.move(patrol, "finish")
    patrol.finished_at = at or timezone.now()
    _bump(patrol, "status", "finished_at")
    credited = {}
    for member in patrol.members.select_related("volunteer"):
        key = {"volunteer": member.volunteer} if member.volunteer_id else {"user": member.user_id,
                                                                            "volunteer__isnull": True}
        times = list(patrol.check_ins.filter(**key).order_by("at").values_list("at", flat=True))
        if len(times) < 2:
            continue
        start, end = max(times[0], patrol.starts_at), min(times[-1], patrol.ends_at)
        if end <= start:
            continue
        member.credited_minutes = _credit(member.volunteer, start, end)
        member.save(update_fields=["credited_minutes"])
        credited[member.pk] = member.credited_minutes
    audit.record(actor, "patrol.finish", patrol, {"credited_minutes": credited})
    return patrol


# --- findings --------------------------------------------------------------------------------------


def _open_request(actor, finding: Finding):
    from jingqi.tickets.services import do_submit_ticket

    if finding.enterprise is None:
        raise ActionError(_("Name the enterprise the request is for."), field="enterprise")
    ticket = do_submit_ticket(actor, enterprise=finding.enterprise, channel="visit",
                              title=finding.description[:60], description=finding.description, kind="resolution",
                              address=finding.location, latitude=finding.latitude, longitude=finding.longitude)
    finding.ticket = ticket
    return ticket


def _open_dispute(actor, finding: Finding):
    from jingqi.disputes.services import do_report_dispute

    dispute = do_report_dispute(actor, source="patrol", park=finding.park, data={
        "kind": "other", "title": finding.description[:60], "description": finding.description,
        "location": finding.location, "latitude": finding.latitude, "longitude": finding.longitude})
    finding.dispute = dispute
    return dispute


#: How a finding of each kind is opened in its own app: ``handler(actor, finding)`` returns the new record and
#: sets the finding's link to it. The inspections app registers "hazard" here (``register_finding_handler``)
#: when it lands; until then a hazard finding waits (status ``awaiting``) on the findings ledger.
FINDING_HANDLERS = {FindingKind.REQUEST: _open_request, FindingKind.DISPUTE: _open_dispute}


def register_finding_handler(kind: str, handler) -> None:
    FINDING_HANDLERS[kind] = handler


def _duty_for(actor, patrol=None, shift=None):
    if (patrol is None) == (shift is None):
        raise ActionError(_("Say which patrol or guard shift the finding is from."), field="patrol")
    if patrol is not None:
        patrol, member = _lock_patrol_as_member(actor, patrol)
        patrol.machine.require(patrol, "report")
        return patrol, None, patrol.park
    shift = _shift_for_duty(actor, shift)
    return None, shift, shift.operation.park


@transaction.atomic
def do_report_finding(actor, *, kind: str, description: str, patrol=None, shift=None, enterprise=None,
                      location: str = "", latitude=None, longitude=None, photo=None) -> Finding:
    """A finding on a patrol or guard shift. Reported by the police, it opens its request or dispute at once;
    reported by a volunteer, it waits for an officer to open it (``do_open_finding``)."""
    patrol, shift, park = _duty_for(actor, patrol, shift)
    if kind not in FindingKind.values:
        raise ActionError(_("Choose what kind of finding this is."), field="kind")
    description = check_text(description, field="description", limit=LONG_TEXT, required=True,
                             label=_("What was seen"), empty_message=_("Say what you saw."))
    location = check_text(location, field="location", limit=SHORT_TEXT, label=_("Location"))
    lat, lon, _accuracy = _position_of(latitude, longitude, None)
    if enterprise not in (None, ""):
        enterprise = Enterprise.objects.filter(pk=getattr(enterprise, "pk", enterprise), park=park).first()
        if enterprise is None:
            raise ActionError(_("Choose an enterprise of the park."), field="enterprise")
    else:
        enterprise = None
    if photo is not None:
        from jingqi.core.uploads import check_upload

        check_upload(photo)
    finding = Finding.objects.create(station=park.station, park=park, patrol=patrol, shift=shift,
                                     enterprise=enterprise, kind=kind, description=description, location=location,
                                     latitude=lat, longitude=lon, photo=photo or "", reported_by=actor)
    audit.record(actor, "patrol.finding.report", finding, {"kind": kind, "patrol": getattr(patrol, "pk", None),
                                                           "shift": getattr(shift, "pk", None)})
    if is_police(actor):
        _open(actor, finding)
    else:
        notify_on_commit(officers_of_park(park), "patrol.finding",
                         _("Finding to open: %(text)s") % {"text": description[:60]},
                         url=reverse("patrols:finding_list"))
    return finding


def _open(actor, finding: Finding) -> None:
    handler = FINDING_HANDLERS.get(finding.kind)
    if finding.kind == FindingKind.OTHER:
        return
    if handler is None:
        finding.status = FindingStatus.AWAITING
        finding.save(update_fields=["status", "updated_at"])
        return
    target = handler(actor, finding)
    finding.status = FindingStatus.OPENED
    finding.target = f"{target._meta.label}:{target.pk}"
    finding.save(update_fields=["status", "ticket", "dispute", "target", "updated_at"])
    audit.record(actor, "patrol.finding.open", finding, {"target": finding.target})


@transaction.atomic
def do_open_finding(actor, finding, *, enterprise=None) -> Finding:
    """An officer opens a volunteer's finding in its app (naming the enterprise for a request if needed)."""
    finding = access(Finding.objects.select_for_update(of=("self",)), actor, finding.pk, "change")
    finding = Finding.objects.select_related("park__station", "enterprise").get(pk=finding.pk)
    if finding.status == FindingStatus.OPENED:
        raise ActionError(_("This finding has already been opened."))
    if enterprise not in (None, ""):
        enterprise = Enterprise.objects.filter(pk=getattr(enterprise, "pk", enterprise), park=finding.park).first()
        if enterprise is None:
            raise ActionError(_("Choose an enterprise of the park."), field="enterprise")
        finding.enterprise = enterprise
        finding.save(update_fields=["enterprise", "updated_at"])
    _open(actor, finding)
    return finding


# --- guard operations ------------------------------------------------------------------------------


RULES = ("min_shift", "max_shift", "min_rest", "max_week_hours", "max_nights_in_row")


def _operation_fields(data: dict) -> dict:
    clean = {
        "name": check_text(data.get("name"), field="name", limit=100, required=True, label=_("Name"),
                           empty_message=_("Give the operation a name.")),
        "description": check_text(data.get("description"), field="description", limit=LONG_TEXT,
                                  label=_("Description")),
        "starts_at": _moment(data.get("starts_at"), field="starts_at"),
        "hours": parse_int(data.get("hours"), field="hours", min=1, max=24 * 62),
        "night_start": parse_int(data.get("night_start", 22), field="night_start", min=0, max=23),
        "night_end": parse_int(data.get("night_end", 6), field="night_end", min=0, max=23),
        "min_shift": parse_int(data.get("min_shift", 2), field="min_shift", min=1, max=24),
        "max_shift": parse_int(data.get("max_shift", 8), field="max_shift", min=1, max=24),
        "min_rest": parse_int(data.get("min_rest", 8), field="min_rest", min=1, max=72),
        "max_week_hours": parse_int(data.get("max_week_hours", 40), field="max_week_hours", min=1, max=168),
        "max_nights_in_row": parse_int(data.get("max_nights_in_row", 3), field="max_nights_in_row", min=0, max=62),
        "swap_needs_officer": _flag(data.get("swap_needs_officer", True)),
        "time_limit": parse_int(data.get("time_limit", 30), field="time_limit", min=1, max=600),
    }
    if clean["starts_at"].minute or clean["starts_at"].second:
        raise ActionError(_("An operation starts on the hour."), field="starts_at", code="invalid")
    if clean["max_shift"] < clean["min_shift"]:
        raise ActionError(_("The longest shift cannot be shorter than the shortest."), field="max_shift",
                          code="invalid")
    if clean["night_start"] == clean["night_end"]:
        raise ActionError(_("Night must start and end at different hours."), field="night_end", code="invalid")
    geometry = data.get("geometry")
    if geometry not in (None, "", {}):
        kind = PlaceKind.AREA if (isinstance(geometry, dict) and geometry.get("type") == "Polygon") else PlaceKind.ROUTE
        clean["geometry"] = check_geometry(geometry, kind=kind)
    else:
        clean["geometry"] = None
    return clean


@transaction.atomic
def do_create_operation(actor, *, park, data: dict) -> GuardOperation:
    park = _park_for(actor, park)
    clean = _operation_fields(data)
    operation = GuardOperation.objects.create(station=park.station, park=park, created_by=actor, **clean)
    audit.record(actor, "patrol.operation.create", operation, audit.snapshot(operation, [
        "park", "name", "starts_at", "hours", *RULES]))
    return operation


def _lock_operation(actor, operation, action="change") -> GuardOperation:
    operation = access(GuardOperation.objects.select_for_update(of=("self",)), actor, operation.pk, action)
    return GuardOperation.objects.select_related("park", "station").get(pk=operation.pk)


@transaction.atomic
def do_update_operation(actor, operation, *, data: dict, expected_version) -> GuardOperation:
    """Changing the period or the rules of a rostered operation is allowed; the roster is then re-checked on its
    page (and may be solved again)."""
    operation = _lock_operation(actor, operation)
    _check_version(operation, expected_version)
    operation.machine.require(operation, "edit")
    merged = {k: getattr(operation, k) for k in ("name", "description", "starts_at", "hours", "night_start",
                                                 "night_end", *RULES, "swap_needs_officer", "time_limit",
                                                 "geometry")}
    merged.update(data)
    clean = _operation_fields(merged)
    if operation.shifts.filter(end__gt=clean["hours"]).exists():
        raise ActionError(_("Shifts already run past that length; shorten them first."), field="hours")
    moved = clean["starts_at"] != operation.starts_at
    if moved and CheckIn.objects.filter(shift__operation=operation).exists():
        raise ActionError(_("Someone has checked in to a shift: the start can no longer be moved."),
                          field="starts_at")
    resized = moved or clean["hours"] != operation.hours
    fields = [k for k in clean if k != "geometry"]
    before = audit.snapshot(operation, fields)
    for key, value in clean.items():
        setattr(operation, key, value)
    _bump(operation, *clean)
    if resized:
        _recompute_availability(operation, grown_from=before["hours"])
    audit.record(actor, "patrol.operation.update", operation, audit.diff(before, audit.snapshot(operation, fields)))
    return operation


def _recompute_availability(operation, *, grown_from: int) -> None:
    """After the period changed: volunteers' hours computed again from their pattern and exceptions (as when they
    were added); officers' hours cut to the new length and, when it grew, extended over the added hours."""
    people = list(operation.people.select_related("volunteer").prefetch_related(
        "volunteer__windows", "volunteer__exceptions"))
    for person in people:
        if person.volunteer_id:
            person.available = available_hours(person.volunteer, operation.starts_at, operation.hours)
        else:
            hours = {h for a, b in person.available for h in range(a, min(b, operation.hours))}
            hours.update(range(grown_from, operation.hours))
            person.available = _without([[0, operation.hours]], set(range(operation.hours)) - hours)
    GuardPerson.objects.bulk_update(people, ["available"])


def _segment_rows(rows) -> list[dict]:
    if not isinstance(rows, list) or not 1 <= len(rows) <= MAX_SEGMENTS:
        raise ActionError(_("Give from 1 to %(n)d segments.") % {"n": MAX_SEGMENTS}, field="segments",
                          code="invalid")
    clean, codes = [], set()
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise ActionError(_("Each segment has a code."), field="segments", code="invalid")
        code = check_text(row.get("code"), field="code", limit=20, required=True, label=_("Code"),
                          empty_message=_("Each segment has a code."))
        if code in codes:
            raise ActionError(_("Segment %(code)s is given twice.") % {"code": code}, field="segments")
        codes.add(code)
        geometry = row.get("geometry")
        clean.append({
            "code": code, "order": i,
            "name": check_text(row.get("name"), field="name", limit=100, label=_("Name")),
            "need": parse_int(row.get("need", 1), field="need", min=0, max=20),
            "night_need": parse_int(row.get("night_need", row.get("need", 1)), field="night_need", min=0, max=20),
            "officer_at_night": _flag(row.get("officer_at_night", False)),
            "geometry": check_geometry(geometry, kind=PlaceKind.ROUTE) if geometry not in (None, "", {}) else None,
        })
    return clean


@transaction.atomic
def do_set_segments(actor, operation, *, segments: list[dict]) -> list[GuardSegment]:
    """Replace the operation's segments (codes kept keep their shifts; a segment with shifts cannot be removed)."""
    operation = _lock_operation(actor, operation)
    operation.machine.require(operation, "edit")
    rows = _segment_rows(segments)
    codes = {r["code"] for r in rows}
    stale = operation.segments.exclude(code__in=codes)
    if GuardShift.objects.filter(segment__in=stale).exists():
        raise ActionError(_("A segment that has shifts cannot be removed; edit the roster first."), field="segments")
    stale.delete()
    existing = {s.code: s for s in operation.segments.all()}
    result = []
    for row in rows:
        segment = existing.get(row["code"])
        if segment is None:
            segment = GuardSegment.objects.create(operation=operation, **row)
        else:
            for key, value in row.items():
                setattr(segment, key, value)
            segment.save()
        result.append(segment)
    _bump(operation)
    audit.record(actor, "patrol.operation.segments", operation, {"segments": [
        [r["code"], r["need"], r["night_need"], r["officer_at_night"]] for r in rows]})
    return result


@transaction.atomic
def do_split_operation(actor, operation, *, count: int, need: int = 1, night_need: int = 1,
                       officer_at_night: bool = False) -> list[GuardSegment]:
    """Cut the operation's line into ``count`` segments of equal length, named S01, S02, ..."""
    operation = _lock_operation(actor, operation)
    count = parse_int(count, field="count", min=1, max=MAX_SEGMENTS)
    if not operation.geometry or operation.geometry.get("type") != "LineString":
        raise ActionError(_("Draw the guarded line first."), field="count")
    pieces = split_line(operation.geometry, count)
    width = max(2, len(str(count)))
    rows = [{"code": f"S{i + 1:0{width}d}", "name": "", "need": need, "night_need": night_need,
             "officer_at_night": officer_at_night, "geometry": piece} for i, piece in enumerate(pieces)]
    return do_set_segments(actor, operation, segments=rows)


@transaction.atomic
def do_add_to_pool(actor, operation, *, volunteers=(), officers=(), segments=None) -> list[GuardPerson]:
    """Add people to the operation's pool. A volunteer's available hours come from their weekly pattern and
    exceptions; an officer is available throughout unless edited. ``segments`` (codes) limits where they stand."""
    operation = _lock_operation(actor, operation)
    operation.machine.require(operation, "edit")
    allowed = _segments_by_code(operation, segments)
    volunteers, officers = list(volunteers), list(officers)
    if operation.people.count() + len(volunteers) + len(officers) > MAX_POOL:
        raise ActionError(_("An operation's pool holds at most %(n)d people.") % {"n": MAX_POOL}, field="volunteers")
    added = []
    for volunteer in volunteers:
        volunteer = access(Volunteer.objects.select_related("team"), actor, getattr(volunteer, "pk", volunteer),
                           "change")
        if volunteer.status != VolunteerStatus.VETTED:
            raise ActionError(_("Only vetted volunteers can stand guard."), field="volunteers")
        if operation.people.filter(volunteer=volunteer).exists():
            continue
        person = GuardPerson.objects.create(operation=operation, volunteer=volunteer,
                                            available=available_hours(volunteer, operation.starts_at,
                                                                      operation.hours))
        person.segments.set(allowed)
        added.append(person)
    for officer in officers:
        officer = officer if isinstance(officer, User) else User.objects.filter(pk=officer).first()
        if (officer is None or not officer.is_active or officer.role not in (Role.OFFICER, Role.AUXILIARY)
                or officer.office is None or officer.office.station_id != operation.station_id):
            raise ActionError(_("Choose officers of the station."), field="officers")
        if operation.people.filter(user=officer).exists():
            continue
        person = GuardPerson.objects.create(operation=operation, user=officer, is_officer=True,
                                            available=[[0, operation.hours]])
        person.segments.set(allowed)
        added.append(person)
    audit.record(actor, "patrol.operation.pool", operation, {"added": [p.pk for p in added]})
    return added


def _segments_by_code(operation, codes) -> list[GuardSegment]:
    if codes in (None, "", []):
        return []
    if isinstance(codes, str):
        codes = [c.strip() for c in codes.split(",") if c.strip()]
    found = list(operation.segments.filter(code__in=codes))
    if len(found) != len(set(codes)):
        raise ActionError(_("Choose segments of this operation."), field="segments")
    return found


def _ranges(value, hours: int) -> list[list[int]]:
    if not isinstance(value, list) or len(value) > 1000:
        raise ActionError(_("Available hours are a list of [from, until) hour ranges."), field="available",
                          code="invalid")
    clean = []
    for pair in value:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise ActionError(_("Available hours are a list of [from, until) hour ranges."), field="available",
                              code="invalid")
        a = parse_int(pair[0], field="available", min=0, max=hours)
        b = parse_int(pair[1], field="available", min=0, max=hours)
        if b <= a:
            raise ActionError(_("Each range must end after it starts."), field="available", code="invalid")
        clean.append([a, b])
    clean.sort()
    for (_a1, b1), (a2, _b2) in zip(clean, clean[1:], strict=False):
        if a2 < b1:
            raise ActionError(_("Ranges must not overlap."), field="available", code="invalid")
    return clean


@transaction.atomic
def do_update_pool_member(actor, person, *, segments=None, available=None, preferences=None) -> GuardPerson:
    person = access(GuardPerson.objects.select_related("operation"), actor, person.pk, "change")
    operation = _lock_operation(actor, person.operation)
    operation.machine.require(operation, "edit")
    changes = {}
    if segments is not None:
        person.segments.set(_segments_by_code(operation, segments))
        changes["segments"] = sorted(s.code for s in person.segments.all())
    if available is not None:
        person.available = _ranges(available, operation.hours)
        changes["available"] = person.available
    if preferences is not None:
        if not isinstance(preferences, dict) or len(str(preferences)) > 2000:
            raise ActionError(_("Preferences are a small set of named values."), field="preferences")
        person.preferences = preferences
        changes["preferences"] = preferences
    person.save()
    audit.record(actor, "patrol.operation.pool_member", operation, {"person": person.pk, **changes})
    return person


@transaction.atomic
def do_remove_from_pool(actor, person) -> None:
    person = access(GuardPerson.objects.select_related("operation"), actor, person.pk, "change")
    operation = _lock_operation(actor, person.operation)
    operation.machine.require(operation, "edit")
    if person.shifts.exists():
        raise ActionError(_("This person has shifts; take them off the roster first."))
    if SwapRequest.objects.filter(Q(requester=person) | Q(taker=person)).exists():
        raise ActionError(_("This person is party to a swap of a shift and stays in the pool as its record."))
    audit.record(actor, "patrol.operation.pool_remove", person.operation, {"person": person.pk})
    person.delete()


@transaction.atomic
def do_request_solve(actor, operation, *, expected_version=None) -> GuardOperation:
    """Queue the solver (a background job); the page shows its progress."""
    operation = _lock_operation(actor, operation)
    _check_version(operation, expected_version)
    if not operation.segments.exists():
        raise ActionError(_("Give the operation its segments first."))
    if not operation.people.exists():
        raise ActionError(_("Add people to the pool first."))
    operation.machine.move(operation, "solve")
    operation.solve_progress, operation.solve_message = 0, _("Waiting for the solver")
    operation.solve_started_at = timezone.now()
    _bump(operation, "status", "solve_progress", "solve_message", "solve_started_at")
    audit.record(actor, "patrol.operation.solve", operation, {"time_limit": operation.time_limit})
    from . import tasks

    pk = operation.pk
    transaction.on_commit(lambda: tasks.solve_operation(pk))
    return operation


def record_solve_progress(operation_pk: int, fraction: float, message: str) -> None:
    """Called by the solver's job while it runs: one UPDATE of two columns, outside any long transaction."""
    GuardOperation.objects.filter(pk=operation_pk, status=OperationStatus.SOLVING).update(
        solve_progress=max(0, min(99, int(fraction * 100))), solve_message=message[:SHORT_TEXT])


def hour_offset(operation, now=None) -> int:
    """The operation's current hour (hours since its start; negative before it starts)."""
    return math.floor(((now or timezone.now()) - operation.starts_at).total_seconds() / 3600)


def kept_shifts(operation, now=None):
    """The shifts a new solve keeps: those that have started, or have check-ins or findings (a record)."""
    return operation.shifts.filter(
        Q(start__lt=hour_offset(operation, now))
        | Exists(CheckIn.objects.filter(shift=OuterRef("pk")))
        | Exists(Finding.objects.filter(shift=OuterRef("pk"))))


def _without(ranges: list[list[int]], taken: set[int]) -> list[list[int]]:
    """``ranges`` less the hours in ``taken``, as the joined ranges an availability is stored in."""
    # Imported here: the roster package brings OR-Tools (and pandas), which every command would load at start.
    from .roster.instance import merge_ranges

    free = [(h, h + 1) for a, b in ranges for h in range(a, b) if h not in taken]
    return [[a, b] for a, b in merge_ranges(free)]


def pool_for_solve(operation, now=None) -> list[GuardPerson] | None:
    """The pool as a re-solve must see it: the hours of each kept shift (with the rest around it) and, once the
    operation has started, the hours gone by are taken out of the people's availability, so the new roster
    works around what is kept. None when nothing is kept and nothing has gone by (solve the pool as it is).
    The people are not saved."""
    offset = hour_offset(operation, now)
    kept = list(kept_shifts(operation, now).values_list("person_id", "start", "end"))
    if not kept and offset <= 0:
        return None
    taken: dict[int, set[int]] = {}
    for person_id, start, end in kept:
        taken.setdefault(person_id, set()).update(range(start - operation.min_rest, end + operation.min_rest))
    people = list(operation.people.prefetch_related("segments"))
    for person in people:
        person.available = _without(person.available, taken.get(person.pk, set()) | set(range(max(0, offset))))
    return people


def _withdraw_open_swaps(shifts, message: str) -> list[int]:
    """Open swaps of ``shifts`` (which are changed or deleted) are withdrawn; both sides are told."""
    swaps = list(SwapRequest.objects.filter(shift__in=shifts, status__in=OPEN_SWAP_STATUSES).select_related(
        "requester__volunteer__user", "taker__volunteer__user", "requester__user", "taker__user"))
    now = timezone.now()
    for swap in swaps:
        swap.status, swap.decided_at = SwapStatus.WITHDRAWN, now
        swap.save(update_fields=["status", "decided_at", "updated_at"])
        audit.record(None, "patrol.swap.withdraw", swap, {"why": message})
    users = {p.volunteer.user if p.volunteer_id else p.user for swap in swaps for p in (swap.requester, swap.taker)}
    users.discard(None)
    if users:
        notify_on_commit(list(users), "patrol.swap.withdrawn", message, url=reverse("patrols:my_duty"))
    return [s.pk for s in swaps]


@transaction.atomic
def store_roster(operation_pk: int, roster: dict) -> GuardOperation:
    """The solver's result replaces the roster's future, untouched shifts; shifts that have started or have
    check-ins or findings are kept (the solve worked around them, see ``pool_for_solve``), and an assignment that
    would overlap a kept shift of the same person is dropped. Written by the job, as the system."""
    operation = GuardOperation.objects.select_for_update().get(pk=operation_pk)
    if operation.status != OperationStatus.SOLVING:
        return operation
    people = {p.code: p for p in operation.people.all()}
    segments = {s.code: s for s in operation.segments.all()}
    kept = list(kept_shifts(operation))
    replaced = operation.shifts.exclude(pk__in=[s.pk for s in kept])
    withdrawn = _withdraw_open_swaps(replaced, _("A swap was withdrawn: the roster was solved again."))
    replaced.delete()
    busy: dict[int, list[tuple[int, int]]] = {}
    for shift in kept:
        busy.setdefault(shift.person_id, []).append((shift.start, shift.end))
    new = []
    for a in roster.get("assignments", []):
        person = people[a["person"]]
        if any(a["start"] < end and start < a["end"] for start, end in busy.get(person.pk, [])):
            continue
        new.append(GuardShift(operation=operation, person=person, segment=segments[a["segment"]],
                              start=a["start"], end=a["end"], source=ShiftSource.SOLVER))
    GuardShift.objects.bulk_create(new)
    uncovered = roster.get("uncovered", [])
    if kept:  # the solver did not see the kept shifts: a gap they fill is no gap
        from .rostering import check_operation

        missing = {(g.segment, g.hour): g.missing for g in check_operation(operation).gaps}
        uncovered = [{**u, "missing": missing[(u["segment"], u["hour"])]} for u in uncovered
                     if (u["segment"], u["hour"]) in missing]
    operation.machine.move(operation, "solved")
    # "partial" means gaps; when the kept shifts fill every gap the solver declared, there are none.
    operation.solve_status = "feasible" if roster["status"] == "partial" and not uncovered else roster["status"]
    operation.solve_progress, operation.solve_message = 100, ""
    operation.solved_at = timezone.now()
    operation.solve_seconds = roster.get("seconds")
    operation.objective, operation.bound = roster.get("objective"), roster.get("bound")
    operation.uncovered = uncovered
    _bump(operation, "status", "solve_status", "solve_progress", "solve_message", "solved_at", "solve_seconds",
          "objective", "bound", "uncovered")
    audit.record(None, "patrol.operation.solved", operation, {
        "status": operation.solve_status, "shifts": len(new), "kept": [s.pk for s in kept],
        "withdrawn_swaps": withdrawn, "uncovered": len(operation.uncovered), "seconds": operation.solve_seconds})
    notify_on_commit([operation.created_by], "patrol.operation.solved",
                     _("Roster ready: %(name)s") % {"name": operation.name}, url=_url("operation_detail",
                                                                                      operation.pk))
    return operation


@transaction.atomic
def record_solve_failure(operation_pk: int, message: str) -> None:
    operation = GuardOperation.objects.select_for_update().get(pk=operation_pk)
    if operation.status != OperationStatus.SOLVING:
        return
    had_roster = operation.shifts.exists()
    operation.status = OperationStatus.ROSTERED if had_roster else OperationStatus.DRAFT
    operation.solve_status, operation.solve_message = SolveStatus.FAILED, message[:SHORT_TEXT]
    operation.solve_progress = 0
    _bump(operation, "status", "solve_status", "solve_message", "solve_progress")
    audit.record(None, "patrol.operation.solve_failed", operation, {"message": message[:SHORT_TEXT]})


def _shift_fields(operation, *, person, segment, start, end) -> dict:
    person = operation.people.filter(pk=getattr(person, "pk", person)).first()
    if person is None:
        raise ActionError(_("Choose someone in the operation's pool."), field="person")
    segment = operation.segments.filter(pk=getattr(segment, "pk", segment)).first()
    if segment is None:
        raise ActionError(_("Choose a segment of this operation."), field="segment")
    start = parse_int(start, field="start", min=0, max=operation.hours - 1)
    end = parse_int(end, field="end", min=1, max=operation.hours)
    if end <= start:
        raise ActionError(_("The shift must end after it starts."), field="end", code="invalid")
    return {"person": person, "segment": segment, "start": start, "end": end}


def _apply_edit(actor, operation, *, confirm: bool, change, what: str) -> "object":
    """Run ``change()`` (which writes shifts), then the independent check; a broken rule refuses the edit (the
    transaction rolls back) unless ``confirm`` says to keep it anyway. Returns the check's report."""
    from .rostering import check_operation

    before = check_operation(operation)
    change()
    report = check_operation(operation)
    new = report.new_problems(before)
    if new and not confirm:
        breaks = [p.message for p in new]
        error = ActionError(_("This edit breaks: %(list)s") % {"list": pgettext("list separator", "; ").join(breaks)},
                            code="breaks_rules", field="confirm")
        error.breaks = breaks  # the list itself, for a page that shows it as a list
        raise error
    audit.record(actor, "patrol.operation.roster_edit", operation, {
        "edit": what, "breaks": [p.message for p in new], "gaps": report.gap_count})
    _bump(operation)
    return report


@transaction.atomic
def do_add_shift(actor, operation, *, person, segment, start, end, confirm: bool = False):
    operation = _lock_operation(actor, operation)
    operation.machine.require(operation, "edit_roster")
    fields = _shift_fields(operation, person=person, segment=segment, start=start, end=end)
    return _apply_edit(actor, operation, confirm=confirm, what=f"add {fields['person'].code} {fields['segment'].code} "
                       f"{fields['start']}-{fields['end']}",
                       change=lambda: GuardShift.objects.create(operation=operation, source=ShiftSource.MANUAL,
                                                                **fields))


@transaction.atomic
def do_change_shift(actor, shift, *, person, segment, start, end, expected_version, confirm: bool = False):
    shift = access(GuardShift.objects.all(), actor, shift.pk, "change")
    operation = _lock_operation(actor, shift.operation)  # the operation first, as swaps lock it
    shift = GuardShift.objects.select_for_update().get(pk=shift.pk)
    _check_version(shift, expected_version)
    operation.machine.require(operation, "edit_roster")
    fields = _shift_fields(operation, person=person, segment=segment, start=start, end=end)
    new_person = fields["person"].pk != shift.person_id  # read before the fields are set
    if new_person and shift.check_ins.exists():
        raise ActionError(_("Someone has checked in to this shift: it cannot be given to someone else."),
                          field="person")

    def change():
        for key, value in fields.items():
            setattr(shift, key, value)
        shift.source = ShiftSource.MANUAL
        shift.confirmed_at = None if new_person else shift.confirmed_at
        _bump(shift, *fields, "source", "confirmed_at")
        _withdraw_open_swaps([shift], _("A swap was withdrawn: the shift was changed."))

    return _apply_edit(actor, operation, confirm=confirm, change=change,
                       what=f"change {shift.pk} to {fields['person'].code} {fields['segment'].code} "
                       f"{fields['start']}-{fields['end']}")


@transaction.atomic
def do_remove_shift(actor, shift, *, confirm: bool = False):
    shift = access(GuardShift.objects.all(), actor, shift.pk, "change")
    operation = _lock_operation(actor, shift.operation)  # the operation first, as swaps lock it
    shift = GuardShift.objects.select_for_update().get(pk=shift.pk)
    operation.machine.require(operation, "edit_roster")
    if shift.check_ins.exists():
        raise ActionError(_("This shift has check-ins and is kept as a record."))

    def change():
        _withdraw_open_swaps([shift], _("A swap was withdrawn: the shift was taken off the roster."))
        shift.delete()

    return _apply_edit(actor, operation, confirm=confirm, change=change, what=f"remove {shift.pk}")


@transaction.atomic
def do_close_operation(actor, operation, *, loss: bool, loss_note: str = "", expected_version=None) -> GuardOperation:
    """Close the operation, saying whether anything was lost while it ran (the figure "guard operations without
    loss" counts the answers); a loss needs a word on what it was."""
    loss_note = (loss_note or "").strip()
    if loss is None:
        raise ActionError(_("Say whether anything was lost during the operation."))
    if loss and not loss_note:
        raise ActionError(_("Say what was lost."))
    operation = _lock_operation(actor, operation)
    _check_version(operation, expected_version)
    operation.machine.move(operation, "close")
    operation.closed_at = timezone.now()
    operation.loss = bool(loss)
    operation.loss_note = loss_note if loss else ""
    _bump(operation, "status", "closed_at", "loss", "loss_note")
    audit.record(actor, "patrol.operation.close", operation, {"loss": operation.loss})
    return operation


# --- a volunteer's shifts --------------------------------------------------------------------------


def _shift_for_duty(actor, shift, *, arriving: bool = False) -> GuardShift:
    """A shift the actor stands (volunteer or officer in the pool) — or any in the police's scope. ``arriving``
    refuses a volunteer who is suspended or has left (checking out and reporting stay open to them)."""
    shift = access(GuardShift.objects.select_for_update(of=("self",)), actor, shift.pk,
                   "change" if is_police(actor) else "own")
    shift = GuardShift.objects.select_related("operation__park__station", "person__volunteer__person",
                                              "segment").get(pk=shift.pk)
    if shift.operation.status != OperationStatus.ROSTERED:
        raise ActionError(_("This operation's roster is not in force."))
    if arriving:
        _require_serving(shift.person.volunteer)
    return shift


@transaction.atomic
def do_confirm_shift(actor, shift) -> GuardShift:
    shift = access(GuardShift.objects.select_for_update(of=("self",)), actor, shift.pk, "own")
    if not GuardOperation.objects.filter(pk=shift.operation_id, status=OperationStatus.ROSTERED).exists():
        raise ActionError(_("This operation's roster is not in force."))
    if shift.confirmed_at is None:
        shift.confirmed_at = timezone.now()
        _bump(shift, "confirmed_at")
        audit.record(actor, "patrol.shift.confirm", shift, {})
    return shift


@transaction.atomic
def do_shift_check_in(actor, shift, *, latitude=None, longitude=None, accuracy=None, checkpoint=None,
                      at=None) -> CheckIn:
    """On arrival at the segment (the first check-in) and at any checkpoint on the way."""
    shift = _shift_for_duty(actor, shift, arriving=True)
    now = at or timezone.now()
    if now < shift.starts_at - timedelta(hours=1) or now > shift.ends_at:
        raise ActionError(_("Check in during the shift (from an hour before it starts)."), code="invalid")
    if checkpoint not in (None, ""):
        checkpoint = access(Place.objects.all(), actor, getattr(checkpoint, "pk", checkpoint), "view")
        if checkpoint.kind != PlaceKind.CHECKPOINT or checkpoint.park_id != shift.operation.park_id:
            raise ActionError(_("Choose a checkpoint in the operation's park."), field="checkpoint")
    else:
        checkpoint = None
    lat, lon, accuracy = _position_of(latitude, longitude, accuracy)
    check_in = CheckIn(shift=shift, checkpoint=checkpoint, user=actor, volunteer=shift.person.volunteer, at=now,
                       latitude=lat, longitude=lon, accuracy_m=accuracy)
    _measure(check_in, checkpoint)
    if checkpoint is None and lat is not None and shift.segment.geometry:
        check_in.distance_m = round(_distance_to_line((float(lon), float(lat)), shift.segment.geometry))
        check_in.far = check_in.distance_m > settings.PATROL_SEGMENT_RADIUS_M + min(accuracy or 0, 200)
    check_in.save()
    if shift.checked_in_at is None:
        shift.checked_in_at = now
        _bump(shift, "checked_in_at")
    audit.record(actor, "patrol.shift.check_in", shift, {"far": check_in.far, "distance_m": check_in.distance_m})
    return check_in


def _distance_to_line(point: tuple[float, float], geometry: dict) -> float:
    coords = geometry.get("coordinates") or []
    if not coords:
        return 0.0
    best = min(distance_m(point, tuple(c)) for c in coords)
    # Between vertices: sample each edge (segments are short, so ten samples are metres apart).
    for a, b in zip(coords, coords[1:], strict=False):
        for k in range(1, 10):
            p = (a[0] + (b[0] - a[0]) * k / 10, a[1] + (b[1] - a[1]) * k / 10)
            best = min(best, distance_m(point, p))
    return best


@transaction.atomic
def do_shift_check_out(actor, shift, *, latitude=None, longitude=None, accuracy=None, at=None) -> GuardShift:
    """Leaving: the time between check-in and check-out, inside the shift, is credited to the volunteer."""
    shift = _shift_for_duty(actor, shift)
    if shift.checked_in_at is None:
        raise ActionError(_("Check in before you check out."))
    if shift.checked_out_at is not None:
        raise ActionError(_("You have already checked out of this shift."))
    now = at or timezone.now()
    lat, lon, accuracy = _position_of(latitude, longitude, accuracy)
    CheckIn.objects.create(shift=shift, user=actor, volunteer=shift.person.volunteer, at=now, latitude=lat,
                           longitude=lon, accuracy_m=accuracy, no_position=lat is None, note=_("Check-out"))
    shift.checked_out_at = now
    start, end = max(shift.checked_in_at, shift.starts_at), min(now, shift.ends_at)
    shift.credited_minutes = _credit(shift.person.volunteer, start, end) if end > start else 0
    _bump(shift, "checked_out_at", "credited_minutes")
    audit.record(actor, "patrol.shift.check_out", shift, {"credited_minutes": shift.credited_minutes})
    return shift


def _swap_problems(shift: GuardShift, taker: GuardPerson) -> list:
    """What the roster would newly break with ``taker`` standing ``shift`` (rules only: coverage is unchanged);
    breaches the taker has already do not count against the swap, as with a hand edit."""
    from .rostering import check_operation

    before = check_operation(shift.operation)
    after = check_operation(shift.operation, replace={shift.pk: taker})
    old = {after._key(v) for v in before.problems_for(taker)}
    return [v for v in after.problems_for(taker) if after._key(v) not in old]


@transaction.atomic
def do_ask_swap(actor, shift, *, taker, reason: str = "") -> SwapRequest:
    """A volunteer asks a colleague in the pool to take their shift. The rules are checked at once: a swap the
    rules refuse is recorded as refused, with what it would break, and goes no further."""
    shift = access(GuardShift.objects.select_for_update(of=("self",)), actor, shift.pk, "own")
    shift = GuardShift.objects.select_related("operation", "person").get(pk=shift.pk)
    if shift.operation.status != OperationStatus.ROSTERED:
        raise ActionError(_("This operation's roster is not in force."))
    if shift.starts_at <= timezone.now():
        raise ActionError(_("A shift that has started cannot be swapped."))
    taker = shift.operation.people.filter(pk=getattr(taker, "pk", taker)).select_related("volunteer__user").first()
    if taker is None or taker.pk == shift.person_id:
        raise ActionError(_("Choose someone else in the operation's pool."), field="taker")
    if shift.swap_requests.filter(status__in=OPEN_SWAP_STATUSES).exists():
        raise ActionError(_("A swap of this shift is already being asked."))
    reason = check_text(reason, field="reason", limit=SHORT_TEXT, label=_("Reason"))
    problems = _swap_problems(shift, taker)
    swap = SwapRequest.objects.create(shift=shift, requester=shift.person, taker=taker, reason=reason,
                                      status=SwapStatus.REFUSED if problems else SwapStatus.ASKED,
                                      problems=[p.message for p in problems])
    audit.record(actor, "patrol.swap.ask", swap, {"shift": shift.pk, "taker": taker.pk, "status": swap.status,
                                                  "problems": swap.problems})
    if not problems and taker.volunteer_id and taker.volunteer.user_id:
        notify_on_commit([taker.volunteer.user], "patrol.swap.asked",
                         _("Can you take a guard shift? %(when)s") % {
                             "when": timezone.localtime(shift.starts_at).strftime("%m-%d %H:%M")},
                         url=reverse("patrols:my_duty"))
    return swap


def _swap_still_possible(swap: SwapRequest) -> None:
    """Re-checked when a swap is answered or decided (the roster may have moved on since it was asked): the
    operation's roster in force, the shift still the requester's, not started and without check-ins."""
    shift = swap.shift
    if shift.operation.status != OperationStatus.ROSTERED:
        raise ActionError(_("This operation's roster is not in force."))
    if shift.person_id != swap.requester_id:
        raise ActionError(_("This shift no longer belongs to the volunteer who asked for the swap."))
    if shift.starts_at <= timezone.now():
        raise ActionError(_("A shift that has started cannot be swapped."))
    if shift.check_ins.exists():
        raise ActionError(_("Someone has checked in to this shift: it cannot be swapped."))


def _apply_swap(actor, swap: SwapRequest) -> None:
    shift = GuardShift.objects.select_for_update().get(pk=swap.shift_id)
    shift.person = swap.taker
    shift.source = ShiftSource.SWAP
    shift.confirmed_at = timezone.now()
    _bump(shift, "person", "source", "confirmed_at")
    swap.status = SwapStatus.ACCEPTED


def _lock_swap(actor, swap, action) -> SwapRequest:
    """The swap, with its operation locked first (as the roster edits lock it), then the swap and its shift."""
    found = access(SwapRequest.objects.select_related("shift"), actor, swap.pk, action)
    GuardOperation.objects.select_for_update().filter(pk=found.shift.operation_id).first()
    swap = SwapRequest.objects.select_for_update(of=("self",)).get(pk=found.pk)
    GuardShift.objects.select_for_update().filter(pk=swap.shift_id).first()
    return SwapRequest.objects.select_related("shift__operation", "taker__volunteer", "requester__volunteer").get(
        pk=swap.pk)


@transaction.atomic
def do_answer_swap(actor, swap, *, consent: bool) -> SwapRequest:
    """The colleague asked agrees or declines. On agreement the rules are checked again (the roster may have
    changed); without the officer's approval rule the swap is then made."""
    swap = _lock_swap(actor, swap, "view")
    # The taker may be a volunteer (their account) or an officer of the pool (do_ask_swap allows both).
    if not (swap.taker.user_id == actor.pk
            or (swap.taker.volunteer_id and swap.taker.volunteer.user_id == actor.pk)):
        raise PermissionDenied()
    if swap.status != SwapStatus.ASKED:
        raise ActionError(_("This swap is %(status)s.") % {"status": swap.get_status_display()})
    if not _flag(consent):
        swap.status = SwapStatus.DECLINED
    else:
        _swap_still_possible(swap)
        problems = _swap_problems(swap.shift, swap.taker)
        if problems:
            swap.status, swap.problems = SwapStatus.REFUSED, [p.message for p in problems]
        elif swap.shift.operation.swap_needs_officer:
            swap.status = SwapStatus.CONSENTED
        else:
            _apply_swap(actor, swap)
    swap.decided_at = timezone.now() if swap.status != SwapStatus.CONSENTED else None
    swap.save(update_fields=["status", "problems", "decided_at", "updated_at"])
    audit.record(actor, "patrol.swap.answer", swap, {"status": swap.status, "problems": swap.problems})
    requester = swap.requester.volunteer.user if swap.requester.volunteer_id else swap.requester.user
    recipients = [requester] if requester else []
    if swap.status == SwapStatus.CONSENTED:
        recipients += officers_of_park(swap.shift.operation.park)
    notify_on_commit(recipients, "patrol.swap.answered", _("Swap %(status)s") % {
        "status": swap.get_status_display()}, url=_url("operation_detail", swap.shift.operation_id))
    return swap


@transaction.atomic
def do_decide_swap(actor, swap, *, approve: bool, reason: str = "") -> SwapRequest:
    """An officer approves (rules checked again) or declines a swap both volunteers agreed to."""
    swap = _lock_swap(actor, swap, "change")
    if swap.status != SwapStatus.CONSENTED:
        raise ActionError(_("This swap is %(status)s.") % {"status": swap.get_status_display()})
    reason = check_text(reason, field="reason", limit=SHORT_TEXT, label=_("Reason"))
    if not _flag(approve):
        swap.status = SwapStatus.DECLINED
    else:
        _swap_still_possible(swap)
        problems = _swap_problems(swap.shift, swap.taker)
        if problems:
            swap.status, swap.problems = SwapStatus.REFUSED, [p.message for p in problems]
        else:
            _apply_swap(actor, swap)
    swap.decided_by, swap.decided_at = actor, timezone.now()
    if reason:
        swap.reason = (swap.reason + " / " if swap.reason else "") + reason
    swap.save(update_fields=["status", "problems", "decided_by", "decided_at", "reason", "updated_at"])
    audit.record(actor, "patrol.swap.decide", swap, {"status": swap.status, "problems": swap.problems})
    users = [p.volunteer.user for p in (swap.requester, swap.taker) if p.volunteer_id and p.volunteer.user_id]
    notify_on_commit(users, "patrol.swap.decided", _("Swap %(status)s") % {"status": swap.get_status_display()},
                     url=reverse("patrols:my_duty"))
    return swap


@transaction.atomic
def do_withdraw_swap(actor, swap) -> SwapRequest:
    swap = _lock_swap(actor, swap, "view")
    if not (swap.requester.volunteer_id and swap.requester.volunteer.user_id == actor.pk):
        raise PermissionDenied()
    if swap.status not in OPEN_SWAP_STATUSES:
        raise ActionError(_("This swap is %(status)s.") % {"status": swap.get_status_display()})
    swap.status, swap.decided_at = SwapStatus.WITHDRAWN, timezone.now()
    swap.save(update_fields=["status", "decided_at", "updated_at"])
    audit.record(actor, "patrol.swap.withdraw", swap, {})
    return swap


def me(actor) -> Volunteer | None:
    """The volunteer membership of a volunteer account."""
    return volunteer_of(actor)


def give_up_stale_solves(now=None) -> int:
    """Solves still "solving" long after any time limit allows (their worker died): failed with the reason, so
    the operation can be solved again. Set-based: one query finds them, each is closed under its own lock."""
    now = now or timezone.now()
    limit = now - timedelta(seconds=settings.PATROL_SOLVE_GIVE_UP_SECONDS)
    stale = list(GuardOperation.objects.filter(status=OperationStatus.SOLVING, solve_started_at__lt=limit)
                 .values_list("pk", flat=True)[:500])
    for pk in stale:
        record_solve_failure(pk, _("The solver stopped without an answer (the background worker stopped?). "
                                   "Solve again."))
    return len(stale)
