"""Registry actions: the only code that writes registry records.

Every ``do_*`` checks the actor's right first (through ``visible_to(actor, "change")``), writes in
one transaction, records an audit event, and refuses stale edits instead of losing them.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jingqi.accounts.choices import Role
from jingqi.core import audit
from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.pii import blind_index, normalize_id_number, normalize_phone
from jingqi.core.scoping import access
from jingqi.core.text import LONG_TEXT, SHORT_TEXT, check_text

from . import geo
from .choices import CollectedItem, ContactRole, StationingMode, TeamRole, VisitKind
from .industry import normalize_industry_code
from .models import (
    Contact,
    Department,
    Enterprise,
    Office,
    Park,
    Person,
    Station,
    Stationing,
    Strategy,
    TeamMember,
    Visit,
)
from .querysets import EDITOR_ROLES, POLICE_ROLES
from .validation import normalize_coordinate, normalize_production_hours, normalize_uscc

ENTERPRISE_FIELDS = [
    "park", "name", "uscc", "industry_code", "above_designated_size", "listed", "key_enterprise",
    "headcount", "address", "latitude", "longitude", "status", "production_hours",
]
STRATEGY_FIELDS = ["risk_notes", "service_package", "measures", "review_date"]


def _stale():
    return ActionError(
        _("Someone else changed this record while you were editing it. Reload the page and apply "
          "your change again."),
        code="stale",
    )


# --- enterprises -----------------------------------------------------------------------------------


def access_enterprise(user, pk, action: str = "view") -> Enterprise:
    return access(Enterprise.objects.select_related("park", "park__office", "park__station"), user, pk, action)


def check_enterprise_data(actor, data: dict) -> dict:
    """Normalise and validate enterprise fields; the park must be one the actor may change."""
    clean = dict(data)
    if "name" in clean:
        clean["name"] = check_text(clean["name"], field="name", limit=150, required=True, label=_("Name"),
                                   empty_message=_("The enterprise needs a name."))
    if "address" in clean:
        clean["address"] = check_text(clean["address"], field="address", limit=SHORT_TEXT, label=_("Address"))
    if "uscc" in clean:
        clean["uscc"] = normalize_uscc(clean["uscc"])
    if "industry_code" in clean:
        clean["industry_code"] = normalize_industry_code(clean["industry_code"])
    if "headcount" in clean and (clean["headcount"] is None or int(clean["headcount"]) < 0):
        raise ActionError(_("Headcount cannot be negative."), field="headcount")
    if "production_hours" in clean:
        clean["production_hours"] = normalize_production_hours(clean["production_hours"])
    if "latitude" in clean:
        clean["latitude"] = normalize_coordinate(clean["latitude"], field="latitude", limit=90)
    if "longitude" in clean:
        clean["longitude"] = normalize_coordinate(clean["longitude"], field="longitude", limit=180)
    if "park" in clean:
        park = clean["park"]
        park_id = getattr(park, "pk", park)
        if not Park.objects.visible_to(actor).filter(pk=park_id).exists() or not _may_edit_in_park(actor, park_id):
            raise ActionError(_("Choose a park you are responsible for."), field="park")
        clean["park"] = Park.objects.get(pk=park_id)
    return clean


def _may_edit_in_park(actor, park_id) -> bool:
    from .querysets import park_q

    q = park_q(actor, "change")
    return q is not None and Park.objects.filter(q, pk=park_id).exists()


def _check_uscc_free(uscc: str, exclude_pk=None):
    # The code is unique across the installation; say so without telling whose it is.
    if Enterprise.objects.exclude(pk=exclude_pk).filter(uscc=uscc).exists():
        raise ActionError(_("An enterprise with this credit code is already registered."), field="uscc")


def check_registry_editor(actor) -> None:
    """Only supervisors, officers and administrators register enterprises and their contacts."""
    if actor.role not in EDITOR_ROLES and not actor.is_superuser:
        raise PermissionDenied()


@transaction.atomic
def do_create_enterprise(actor, data: dict) -> Enterprise:
    check_registry_editor(actor)
    clean = check_enterprise_data(actor, data)
    for required in ("park", "name", "uscc", "industry_code"):
        if not clean.get(required):
            raise ActionError(_("This field is required."), field=required)
    _check_uscc_free(clean["uscc"])
    enterprise = Enterprise(**{k: v for k, v in clean.items() if k in ENTERPRISE_FIELDS})
    try:
        with transaction.atomic():
            enterprise.save()
    except IntegrityError:
        raise ActionError(_("An enterprise with this credit code is already registered."), field="uscc")
    Strategy.objects.create(enterprise=enterprise)
    audit.record(actor, "enterprise.create", enterprise, audit.snapshot(enterprise, ENTERPRISE_FIELDS))
    return enterprise


@transaction.atomic
def do_update_enterprise(actor, enterprise: Enterprise, data: dict, *, expected_version: int) -> Enterprise:
    enterprise = access(Enterprise.objects.select_for_update(), actor, enterprise.pk, "change")
    if enterprise.version != expected_version:
        raise _stale()
    clean = check_enterprise_data(actor, {k: v for k, v in data.items() if k in ENTERPRISE_FIELDS})
    if "uscc" in clean:
        _check_uscc_free(clean["uscc"], exclude_pk=enterprise.pk)
    before = audit.snapshot(enterprise, ENTERPRISE_FIELDS)
    for key, value in clean.items():
        setattr(enterprise, key, value)
    # The version check is repeated in the UPDATE itself, so that it holds on any database.
    updated = Enterprise.objects.filter(pk=enterprise.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **clean
    )
    if updated != 1:
        raise _stale()
    enterprise.refresh_from_db()
    changes = audit.diff(before, audit.snapshot(enterprise, ENTERPRISE_FIELDS))
    audit.record(actor, "enterprise.update", enterprise, changes)
    return enterprise


# --- parks -----------------------------------------------------------------------------------------


@transaction.atomic
def do_save_park(actor, data: dict, park: Park | None = None) -> Park:
    """Create a park or change one (supervisors of its station). The area follows from the boundary."""
    if park is not None:
        park = access(Park.objects.select_for_update(), actor, park.pk, "change")
    elif actor.role != Role.SUPERVISOR and not actor.is_superuser:
        raise PermissionDenied()
    clean = dict(data)
    for key, limit in (("code", 32), ("name", 100), ("description", LONG_TEXT)):
        if key in clean:
            clean[key] = check_text(clean[key], field=key, limit=limit, label=Park._meta.get_field(key).verbose_name)
    if "boundary" in clean:
        clean["boundary"] = geo.normalize_boundary(clean["boundary"])
        clean["area_km2"] = geo.area_km2(clean["boundary"])
    if not actor.is_superuser:
        clean["station"] = actor.station
    if park is None and not clean.get("station"):
        raise ActionError(_("Choose the park's station."), field="station")
    office = clean.get("office")
    station = clean.get("station") or (park.station if park else None)
    if office is not None and station is not None and office.station_id != station.pk:
        raise ActionError(_("The police office must belong to the park's station."), field="office")
    fields = ["station", "office", "code", "name", "kind", "boundary", "area_km2", "description"]
    before = audit.snapshot(park, fields) if park else {}
    park = park or Park()
    for key, value in clean.items():
        if key in fields:
            setattr(park, key, value)
    try:
        with transaction.atomic():
            park.full_clean(exclude=["boundary"])
            park.save()
    except IntegrityError:
        raise ActionError(_("A park with this code already exists."), field="code")
    action = "park.update" if before else "park.create"
    audit.record(actor, action, park, audit.diff(before, audit.snapshot(park, fields)))
    return park


# --- people and contacts ---------------------------------------------------------------------------


def check_find_person(actor) -> None:
    """Only the police (and administrators) look people up."""
    if actor.role not in POLICE_ROLES and not actor.is_superuser:
        raise PermissionDenied()


def find_person_by_id_number(actor, id_number: str) -> Person | None:
    """Exact look-up through the blind index; audited, since it is a search for a person."""
    check_find_person(actor)
    normalized = normalize_id_number(id_number)
    person = Person.objects.visible_to(actor).filter(id_number_index=blind_index("id", normalized)).first()
    with transaction.atomic():
        audit.record(actor, "person.lookup", person, {"found": person is not None})
    return person


def _person_for(full_name: str, id_number: str, phone: str) -> Person:
    """The person with this ID number if known (their name and phone updated), or a new one."""
    full_name = check_text(full_name, field="full_name", limit=60, required=True, label=_("Full name"),
                           empty_message=_("Enter the person's name."))
    id_clean = normalize_id_number(id_number) if id_number else ""
    phone_clean = normalize_phone(phone) if phone else ""
    person = None
    if id_clean:
        person = Person.objects.select_for_update().filter(id_number_index=blind_index("id", id_clean)).first()
    if person is None:
        person = Person(full_name=full_name)
    person.full_name = full_name
    if id_clean:
        person.id_number, person.id_number_index = id_clean, blind_index("id", id_clean)
    if phone_clean:
        person.phone, person.phone_index = phone_clean, blind_index("phone", phone_clean)
    person.save()
    return person


def record_person(full_name: str, id_number: str = "", phone: str = "") -> Person:
    """The registry's person for a name, ID number and phone given elsewhere (a dispute's party): the one with
    this ID number if known, else a new one; encrypted and indexed like every person. Call inside a transaction."""
    return _person_for(full_name, id_number, phone)


@transaction.atomic
def do_add_contact(actor, enterprise: Enterprise, *, full_name: str, role: str, id_number: str = "",
                   phone: str = "", title: str = "") -> Contact:
    enterprise = access(Enterprise.objects.all(), actor, enterprise.pk, "change")
    if role not in ContactRole.values:
        raise ActionError(_("Choose a contact role."), field="role")
    title = check_text(title, field="title", limit=60, label=_("Job title"))
    person = _person_for(full_name, id_number, phone)
    if Contact.objects.filter(enterprise=enterprise, person=person, role=role).exists():
        raise ActionError(_("This person already holds this role at the enterprise."), field="role")
    contact = Contact.objects.create(enterprise=enterprise, person=person, role=role, title=title)
    audit.record(actor, "contact.create", contact, {
        "enterprise": enterprise.pk, "person": person.pk, "role": role,
        "id_number": audit.REDACTED if id_number else "", "phone": audit.REDACTED if phone else "",
    })
    return contact


@transaction.atomic
def do_remove_contact(actor, contact: Contact) -> None:
    contact = access(Contact.objects.all(), actor, contact.pk, "change")
    audit.record(actor, "contact.delete", contact, audit.snapshot(contact))
    contact.delete()


def check_reveal(actor) -> None:
    if not actor.can_reveal:
        raise PermissionDenied(_("You do not have the right to reveal personal data."))


def do_reveal_person(actor, person: Person, field: str) -> str:
    """The plaintext of an ID number or phone, for an actor with the reveal right; audited."""
    if field not in ("id_number", "phone"):
        raise ActionError(_("Nothing to reveal."))
    person = access(Person.objects.all(), actor, person.pk)
    check_reveal(actor)
    with transaction.atomic():
        audit.record(actor, f"person.reveal_{field}", person, {"field": field})
    return person.id_number if field == "id_number" else person.phone_display


# --- team and strategy -----------------------------------------------------------------------------


@transaction.atomic
def do_add_team_member(actor, enterprise: Enterprise, *, role: str, user=None, contact: Contact | None = None):
    enterprise = access(Enterprise.objects.all(), actor, enterprise.pk, "change")
    if role not in TeamRole.values:
        raise ActionError(_("Choose a team role."), field="role")
    if (user is None) == (contact is None):
        raise ActionError(_("Choose either a staff member or one of the enterprise's contacts."))
    if contact is not None and contact.enterprise_id != enterprise.pk:
        raise ActionError(_("The contact must belong to this enterprise."), field="contact")
    expected_roles = {
        TeamRole.RESPONSIBLE_OFFICER: {Role.OFFICER, Role.SUPERVISOR},
        TeamRole.AUXILIARY: {Role.AUXILIARY},
        TeamRole.DEPARTMENT_PARTNER: {Role.DEPARTMENT},
    }
    if user is not None:
        if role not in expected_roles or user.role not in expected_roles[role] or not user.is_active:
            raise ActionError(_("This staff member cannot take that role in the team."), field="user")
        if not _staff_serves_station(user, enterprise.park.station_id):
            raise ActionError(_("This staff member does not work for the enterprise's station."), field="user")
    elif role != TeamRole.ENTERPRISE_CONTACT:
        raise ActionError(_("An enterprise contact joins the team as the enterprise counterpart."), field="role")
    if TeamMember.objects.filter(enterprise=enterprise, role=role, user=user, contact=contact).exists():
        raise ActionError(_("Already in the team in this role."))
    member = TeamMember.objects.create(enterprise=enterprise, role=role, user=user, contact=contact)
    audit.record(actor, "team.add", member, audit.snapshot(member))
    return member


def _staff_serves_station(user, station_id) -> bool:
    if user.role == Role.SUPERVISOR:
        return user.station_id == station_id
    if user.role in (Role.OFFICER, Role.AUXILIARY):
        return user.office is not None and user.office.station_id == station_id
    if user.role == Role.DEPARTMENT:
        return user.department is not None and user.department.station_id == station_id
    return False


@transaction.atomic
def do_remove_team_member(actor, member: TeamMember) -> None:
    member = access(TeamMember.objects.all(), actor, member.pk, "change")
    audit.record(actor, "team.remove", member, audit.snapshot(member))
    member.delete()


@transaction.atomic
def do_update_strategy(actor, enterprise: Enterprise, data: dict, *, expected_version: int) -> Strategy:
    enterprise = access(Enterprise.objects.all(), actor, enterprise.pk, "change")
    strategy, _created = Strategy.objects.select_for_update().get_or_create(enterprise=enterprise)
    if strategy.version != expected_version:
        raise _stale()
    before = audit.snapshot(strategy, STRATEGY_FIELDS)
    changes = {k: v for k, v in data.items() if k in STRATEGY_FIELDS}
    for key in ("risk_notes", "service_package", "measures"):
        if key in changes:
            changes[key] = check_text(changes[key], field=key, label=Strategy._meta.get_field(key).verbose_name)
    updated = Strategy.objects.filter(pk=strategy.pk, version=expected_version).update(
        version=F("version") + 1, updated_by=actor, updated_at=timezone.now(), **changes
    )
    if updated != 1:
        raise _stale()
    strategy.refresh_from_db()
    audit.record(actor, "strategy.update", strategy, audit.diff(before, audit.snapshot(strategy, STRATEGY_FIELDS)))
    return strategy


# --- visits ----------------------------------------------------------------------------------------


def check_log_visit(actor) -> None:
    """Only the police (and administrators) log visits."""
    if actor.role not in POLICE_ROLES and not actor.is_superuser:
        raise PermissionDenied()


@transaction.atomic
def do_log_visit(actor, enterprise: Enterprise, *, kind: str, visited_at, summary: str,
                 collected: list[str] | None = None, follow_up: str = "") -> Visit:
    """Officers and auxiliaries log visits to enterprises of their parks."""
    check_log_visit(actor)
    enterprise = access(Enterprise.objects.all(), actor, enterprise.pk)
    if kind not in VisitKind.values:
        raise ActionError(_("Choose the kind of visit."), field="kind")
    if visited_at is None:
        raise ActionError(_("Enter when the visit took place."), field="visited_at")
    if visited_at > timezone.now() + timedelta(minutes=5):
        raise ActionError(_("A visit cannot be logged in the future."), field="visited_at")
    summary = check_text(summary, field="summary", required=True, label=_("Summary"),
                         empty_message=_("Say what the visit found."))
    follow_up = check_text(follow_up, field="follow_up", label=_("Follow-up needed"))
    collected = list(dict.fromkeys(collected or []))
    unknown = [item for item in collected if item not in CollectedItem.values]
    if unknown:
        raise ActionError(_("Unknown item collected: %(items)s.") % {"items": ", ".join(unknown)}, field="collected")
    visit = Visit.objects.create(enterprise=enterprise, officer=actor, kind=kind, visited_at=visited_at,
                                 summary=summary, collected=collected, follow_up=follow_up)
    audit.record(actor, "visit.create", visit, audit.snapshot(visit))
    return visit


# --- stationing ------------------------------------------------------------------------------------


@transaction.atomic
def do_set_stationing(actor, *, department, office, mode: str, schedule: str = "") -> Stationing:
    department = access(Department.objects.all(), actor, department.pk, "change")
    office = access(Office.objects.all(), actor, office.pk, "change")
    if mode not in StationingMode.values:
        raise ActionError(_("Choose how the department is stationed."), field="mode")
    schedule = check_text(schedule, field="schedule", limit=SHORT_TEXT, label=_("Schedule"))
    stationing, created = Stationing.objects.select_for_update().get_or_create(
        department=department, office=office, defaults={"mode": mode, "schedule": schedule}
    )
    before = {} if created else audit.snapshot(stationing)
    stationing.mode, stationing.schedule = mode, schedule
    stationing.save()
    audit.record(actor, "stationing.set", stationing, audit.diff(before, audit.snapshot(stationing)))
    return stationing


# --- organisation (configuration: superusers, i.e. the installation's administrators) -----------------


def _code_and_name(code, name) -> tuple[str, str]:
    return (check_text(code, field="code", limit=32, required=True, label=_("Code")),
            check_text(name, field="name", limit=100, required=True, label=_("Name")))


def _require_superuser(actor):
    if not actor.is_superuser:
        raise PermissionDenied()


@transaction.atomic
def do_create_station(actor, *, code: str, name: str, region: str = "", address: str = "") -> Station:
    _require_superuser(actor)
    code, name = _code_and_name(code, name)
    region = check_text(region, field="region", limit=100, label=_("Region"))
    address = check_text(address, field="address", limit=SHORT_TEXT, label=_("Address"))
    if Station.objects.filter(code=code).exists():
        raise ActionError(_("A station with this code already exists."), field="code")
    station = Station.objects.create(code=code, name=name, region=region, address=address)
    audit.record(actor, "station.create", station, audit.snapshot(station))
    return station


@transaction.atomic
def do_create_office(actor, *, station: Station, code: str, name: str, address: str = "") -> Office:
    if not actor.is_superuser and not (actor.role == Role.SUPERVISOR and actor.station_id == station.pk):
        raise PermissionDenied()
    code, name = _code_and_name(code, name)
    address = check_text(address, field="address", limit=SHORT_TEXT, label=_("Address"))
    if Office.objects.filter(code=code).exists():
        raise ActionError(_("An office with this code already exists."), field="code")
    office = Office.objects.create(station=station, code=code, name=name, address=address)
    audit.record(actor, "office.create", office, audit.snapshot(office))
    return office


@transaction.atomic
def do_create_department(actor, *, station: Station, code: str, name: str, duty_phone: str = "") -> Department:
    if not actor.is_superuser and not (actor.role == Role.SUPERVISOR and actor.station_id == station.pk):
        raise PermissionDenied()
    code, name = _code_and_name(code, name)
    duty_phone = check_text(duty_phone, field="duty_phone", limit=30, label=_("Duty phone"))
    if Department.objects.filter(code=code).exists():
        raise ActionError(_("A department with this code already exists."), field="code")
    department = Department.objects.create(station=station, code=code, name=name, duty_phone=duty_phone)
    audit.record(actor, "department.create", department, audit.snapshot(department))
    return department
