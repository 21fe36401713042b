"""Dispute actions: the only code that writes disputes, parties, sessions, agreements, payments and the timeline.

Each action locks the dispute row (``select_for_update``), checks the actor's right and the state machine
(``choices.MACHINE``), writes, appends to the timeline, audits, and notifies after commit. An agreement's
schedule and payments are changed under the agreement's own lock and version, so two mediators working on
one agreement queue, and the second is told when the first changed what they were looking at.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, DateTimeField, F, When
from django.db.models.functions import Coalesce, Least
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from jingqi.accounts.choices import POLICE_ROLES, Role
from jingqi.accounts.models import User
from jingqi.core import audit, escalation
from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.notify import notify_on_commit, sms_adapter
from jingqi.core.numbering import create_numbered
from jingqi.core.parsing import parse_amount, parse_coordinate, parse_day, parse_int, parse_moment
from jingqi.core.scoping import access
from jingqi.core.text import SHORT_TEXT, check_text
from jingqi.core.versioning import check_version
from jingqi.core.workcalendar import Deadline, WorkCalendar
from jingqi.registry.models import Enterprise, Park
from jingqi.registry.services import record_person

from . import events
from .choices import (
    MACHINE,
    POLICE_SOURCES,
    AgreementStatus,
    Kind,
    Level,
    MediatorRole,
    Outcome,
    SessionResult,
    Side,
    Source,
    TransferBody,
    Urgency,
)
from .models import (
    TITLE_LIMIT,
    Agreement,
    Dispute,
    DisputeDocument,
    DisputeParty,
    Instalment,
    MediationSession,
    Payment,
    SessionMediator,
)

# Refused when the page or API call read an older version (core.versioning).
STALE_DISPUTE = _lazy("Someone else changed this dispute while you were looking at it. Reload the page and try again.")
STALE_AGREEMENT = _lazy("Someone else changed this agreement while you were looking at it. Reload the page and try "
                        "again.")

AUDITED = ["status", "outcome", "level", "mediator", "status_note", "is_group", "escalation_level", "needs_mediator",
           "transfer_body", "transfer_receiver", "transferred_on", "urgency", "people_involved", "blocking", "amount",
           "kind", "title", "description", "location", "latitude", "longitude", "facts", "contacted_at", "onsite_at",
           "contact_due_at", "onsite_due_at", "follow_up_satisfied"]
MAX_INSTALMENTS = 60
MAX_MEDIATORS = 12


# --- helpers ---------------------------------------------------------------------------------------


def _is_police(actor) -> bool:
    return actor.role in POLICE_ROLES or actor.is_superuser


def _lock(actor, dispute, action: str = "change") -> Dispute:
    """The dispute, locked, if ``actor`` may act on it (else 404). Only the dispute's row is locked: the scope's
    joins (the park) must not queue every action in the park behind this one."""
    dispute = access(Dispute.objects.select_for_update(of=("self",)), actor, dispute.pk, action)
    return Dispute.objects.select_related("station", "park", "mediator").get(pk=dispute.pk)


def _save(dispute: Dispute, actor, action: str, before: dict, *fields: str):
    dispute.version += 1
    dispute.save(update_fields=[*fields, "version", "updated_at"])
    audit.record(actor, f"dispute.{action}", dispute, audit.diff(before, audit.snapshot(dispute, AUDITED)))


def _url(dispute: Dispute) -> str:
    return reverse("disputes:dispute_detail", args=[dispute.pk])


def _later(users, verb: str, title: str, dispute: Dispute, body: str = ""):
    notify_on_commit(users, verb, title, body, _url(dispute),
                     {"reference": dispute.reference, "status": dispute.status, "kind": dispute.kind})


def supervisors_of(dispute):
    return User.objects.filter(role=Role.SUPERVISOR, station_id=dispute.station_id, is_active=True)


def officers_of(dispute):
    return User.objects.filter(role__in=[Role.OFFICER, Role.AUXILIARY], office_id=dispute.park.office_id,
                               is_active=True)


def handlers_of(dispute):
    """Who acts now: the lead mediator, else (none yet, or their account was closed) the park's officers."""
    if dispute.mediator_id and dispute.mediator.is_active:
        return [dispute.mediator]
    return list(officers_of(dispute))


def liaisons_of(dispute):
    enterprises = dispute.parties.exclude(enterprise=None).values("enterprise")
    return User.objects.filter(role=Role.LIAISON, enterprise__in=enterprises, is_active=True)


def check_police(actor) -> None:
    if not _is_police(actor):
        raise PermissionDenied(_("Only the police handle disputes."))


def access_dispute(user, pk, action: str = "view") -> Dispute:
    return access(Dispute.objects.select_related("station", "park", "mediator", "ticket"), user, pk, action)


# --- the rapid-response clock ----------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseTargets:
    contact: Deadline
    onsite: Deadline | None


def is_group_dispute(people_involved: int, blocking: bool) -> bool:
    """群体性: at the configured size, or whenever a gate, road or site is blocked."""
    return blocking or people_involved >= settings.DISPUTE_GROUP_SIZE


def response_targets(station, *, urgency: str, blocking: bool, group: bool, start) -> ResponseTargets:
    """First contact for every dispute and arrival on site for a group one: minutes by the clock for a
    blockade, working hours on the official calendar (the requests' calendar) for the rest."""
    if blocking:
        return ResponseTargets(
            Deadline(start + timedelta(minutes=settings.DISPUTE_BLOCKADE_CONTACT_MINUTES), False),
            Deadline(start + timedelta(minutes=settings.DISPUTE_BLOCKADE_ARRIVAL_MINUTES), False))
    calendar, hours = WorkCalendar(), station.business_intervals
    contact = calendar.add_working_hours(start, settings.DISPUTE_CONTACT_HOURS[urgency], hours)
    onsite = calendar.add_working_hours(start, settings.DISPUTE_ARRIVAL_HOURS[urgency], hours) if group else None
    return ResponseTargets(contact, onsite)


def _flag_group(dispute: Dispute, actor, now) -> None:
    """Flag a dispute as a group one, start its arrival clock and tell the supervisor at once."""
    targets = response_targets(dispute.station, urgency=dispute.urgency, blocking=dispute.blocking, group=True,
                               start=now)
    dispute.is_group = True
    # A clock already running is only ever shortened (a group dispute that starts blocking a gate).
    if dispute.contacted_at is None:
        dispute.contact_due_at = min(dispute.contact_due_at, targets.contact.at)
    if dispute.onsite_at is None:
        dispute.onsite_due_at = min(filter(None, [dispute.onsite_due_at, targets.onsite.at]))
    dispute.deadline_estimated = dispute.deadline_estimated or targets.contact.estimated or targets.onsite.estimated
    reasons = (["blocking"] if dispute.blocking else []) + (
        ["size"] if dispute.people_involved >= settings.DISPUTE_GROUP_SIZE else [])
    events.dispute_group_event(dispute, actor, reasons)
    title = (_("Group dispute %(ref)s: %(people)s people, a gate, road or site blocked")
             if dispute.blocking else _("Group dispute %(ref)s: %(people)s people"))
    _later([*supervisors_of(dispute), *officers_of(dispute)], "dispute.group",
           title % {"ref": dispute.reference, "people": dispute.people_involved}, dispute, dispute.location)


# --- intake ----------------------------------------------------------------------------------------


def _flag(value) -> bool:
    """A yes/no from a form ("on"), JSON (true) or a query string ("false", "0"): text is read, not its length."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "on", "yes")
    return bool(value)


def _yes_no_unknown(value, *, field: str) -> bool | None:
    """Yes, no, or not said (None or blank), from a form or JSON; anything else is refused."""
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("", "unknown", "none", "null"):
        return None
    if text in ("1", "true", "on", "yes"):
        return True
    if text in ("0", "false", "off", "no"):
        return False
    raise ActionError(_("Answer yes, no, or leave it open."), field=field)


def check_dispute_fields(data: dict) -> dict:
    """The describing fields of a dispute, cleaned, or a translated error on the first bad one."""
    kind = data.get("kind", "")
    if kind not in Kind.values:
        raise ActionError(_("Choose the type of dispute."), field="kind")
    urgency = data.get("urgency") or Urgency.ROUTINE
    if urgency not in Urgency.values:
        raise ActionError(_("Choose the urgency."), field="urgency")
    amount, people = data.get("amount"), data.get("people_involved")
    clean = {
        "kind": kind, "urgency": urgency,
        "title": check_text(data.get("title"), field="title", limit=TITLE_LIMIT, required=True, label=_("Title"),
                            empty_message=_("Give the dispute a short title.")),
        "description": check_text(data.get("description"), field="description", required=True,
                                  label=_("What happened"), empty_message=_("Say what happened.")),
        "amount": None if amount in (None, "") else parse_amount(amount, field="amount", allow_zero=True),
        "people_involved": 1 if people in (None, "") else parse_int(people, field="people_involved", min=1,
                                                                    max=100000),
        "blocking": _flag(data.get("blocking")),
        "location": check_text(data.get("location"), field="location", limit=SHORT_TEXT, label=_("Location")),
    }
    for name in ("latitude", "longitude"):
        clean[name] = parse_coordinate(data.get(name), field=name)
    return clean


def _reporting_park(actor, park: Park | None, source: str) -> tuple[Park, Enterprise | None]:
    """Where a report may come from: a liaison reports through the portal for their own enterprise's park;
    the police report from any other channel in the parks they handle."""
    if actor.role == Role.LIAISON:
        if source != Source.PORTAL:
            raise ActionError(_("Enterprises report disputes through the portal."), field="source")
        enterprise = Enterprise.objects.select_related("park__station").filter(pk=actor.enterprise_id).first()
        if enterprise is None:
            raise PermissionDenied(_("Your account is not linked to an enterprise."))
        return enterprise.park, enterprise
    if not _is_police(actor):
        raise PermissionDenied(_("Only the police and enterprise liaisons report disputes."))
    if source not in POLICE_SOURCES:
        raise ActionError(_("Choose where the report came from."), field="source")
    if park is None:
        raise ActionError(_("Choose the park."), field="park")
    parks = Park.objects.select_related("station")
    if actor.role in (Role.OFFICER, Role.AUXILIARY):
        parks = parks.filter(office_id=actor.office_id)
    elif not actor.is_superuser:
        parks = parks.filter(station_id=actor.station_id)
    found = parks.filter(pk=park.pk).first()
    if found is None:
        raise ActionError(_("Choose one of your parks."), field="park")
    return found, None


def _check_ticket(actor, ticket, park: Park):
    """The request a dispute comes from: one the reporter handles, of an enterprise in the dispute's park."""
    from jingqi.tickets.models import Ticket

    ticket = access(Ticket.objects.select_related("enterprise__park"), actor, ticket.pk, "change")
    if ticket.enterprise.park_id != park.pk:
        raise ActionError(_("The request is from an enterprise of another park."), field="park")
    return ticket


@transaction.atomic
def do_report_dispute(actor, *, source: str, data: dict, park: Park | None = None, own_side: str = Side.APPLICANT,
                      ticket=None) -> Dispute:
    """A new dispute from any channel. A liaison's enterprise becomes a party on the side it names."""
    park, own_enterprise = _reporting_park(actor, park, source)
    if ticket is not None:
        ticket = _check_ticket(actor, ticket, park)
    clean = check_dispute_fields(data)
    if own_side not in Side.values:
        raise ActionError(_("Say which side your enterprise is on."), field="own_side")
    now = timezone.now()
    group = is_group_dispute(clean["people_involved"], clean["blocking"])
    targets = response_targets(park.station, urgency=clean["urgency"], blocking=clean["blocking"], group=False,
                               start=now)
    prefix = f"{park.station.code}-JF{timezone.localtime(now):%Y%m%d}"
    dispute = create_numbered(
        Dispute, lambda pk: {"reference": f"{prefix}-{pk:05d}"}, station=park.station, park=park, source=source,
        reported_by=actor, reported_at=now, ticket=ticket, contact_due_at=targets.contact.at,
        deadline_estimated=targets.contact.estimated, **clean)
    events.dispute_reported_event(dispute, actor)
    if own_enterprise is not None:
        _add_party(dispute, actor, side=own_side, enterprise=own_enterprise)
    if ticket is not None:
        _add_party(dispute, actor, side=Side.APPLICANT, enterprise=ticket.enterprise)
    if group:
        _flag_group(dispute, actor, now)
        dispute.save(update_fields=["is_group", "contact_due_at", "onsite_due_at", "deadline_estimated"])
    audit.record(actor, "dispute.report", dispute, audit.snapshot(dispute, [
        "reference", "park", "source", "kind", "urgency", "title", "people_involved", "blocking", "is_group",
        "ticket"]))
    if not group:
        _later(officers_of(dispute), "dispute.reported", _("New dispute %(ref)s: %(title)s") % {
            "ref": dispute.reference, "title": dispute.title}, dispute)
    return dispute


@transaction.atomic
def do_dispute_from_ticket(actor, ticket, *, data: dict) -> Dispute:
    """A request that turns out to be a dispute (a wage claim, a contractor's payment) becomes one, linked both
    ways: the dispute names the request, the request's timeline says where it went."""
    from jingqi.tickets.models import Ticket
    from jingqi.tickets.services import do_comment

    # The request is locked so that two officers pressing the button at once open one dispute, not two.
    ticket = access(Ticket.objects.select_for_update(of=("self",)).select_related("enterprise__park"), actor,
                    ticket.pk, "change")
    if ticket.disputes.exists():
        raise ActionError(_("This request already has a dispute."), code="duplicate")
    dispute = do_report_dispute(actor, source=Source.REQUEST, data=data, park=ticket.enterprise.park, ticket=ticket)
    do_comment(actor, ticket, text=_("Opened as dispute %(ref)s.") % {"ref": dispute.reference}, internal=True)
    return dispute


@transaction.atomic
def do_update_dispute(actor, dispute, *, data: dict, expected_version: int) -> Dispute:
    """Correct what was reported; growing to the group size or a blockade flags it and starts the clock."""
    dispute = _lock(actor, dispute)
    check_version(dispute, expected_version, STALE_DISPUTE)
    if not dispute.is_open:
        raise ActionError(_("This dispute is %(status)s: it cannot be changed now.") % {
            "status": dispute.get_status_display()}, code="illegal_transition")
    clean = check_dispute_fields(data)
    before = audit.snapshot(dispute, AUDITED)
    starts_blocking = clean["blocking"] and not dispute.blocking
    for name, value in clean.items():
        setattr(dispute, name, value)
    fields = list(clean)
    if is_group_dispute(dispute.people_involved, dispute.blocking) and (not dispute.is_group or starts_blocking):
        # It grew into a group dispute, or a group dispute now blocks a gate: flagged (again), the supervisor
        # told at once, the clocks started or shortened to a blockade's minutes.
        _flag_group(dispute, actor, timezone.now())
        fields += ["is_group", "contact_due_at", "onsite_due_at", "deadline_estimated"]
    _save(dispute, actor, "update", before, *fields)
    return dispute


def _add_party(dispute, actor, *, side, enterprise=None, person=None, organisation="", headcount=1,
               representative="") -> DisputeParty:
    if enterprise is not None and dispute.parties.filter(enterprise=enterprise).exists():
        raise ActionError(_("This enterprise is already a party."), field="enterprise")
    if person is not None and dispute.parties.filter(person=person).exists():
        raise ActionError(_("This person is already a party."), field="full_name")
    party = DisputeParty.objects.create(dispute=dispute, side=side, enterprise=enterprise, person=person,
                                        organisation=organisation, headcount=headcount, representative=representative)
    events.dispute_party_added_event(dispute, actor, party)
    audit.record(actor, "dispute.add_party", dispute, {
        "party": party.pk, "side": side, "enterprise": enterprise.pk if enterprise else None,
        "person": person.pk if person else None, "organisation": organisation})
    if enterprise is not None:
        # Its liaisons see the dispute from now on: they are told so (not the one who reported it themselves).
        liaisons = User.objects.filter(role=Role.LIAISON, enterprise=enterprise, is_active=True).exclude(pk=actor.pk)
        _later(liaisons, "dispute.party", _("Your enterprise is a party to dispute %(ref)s") % {
            "ref": dispute.reference}, dispute)
    return party


@transaction.atomic
def do_add_party(actor, dispute, *, side: str, enterprise: Enterprise | None = None, full_name: str = "",
                 id_number: str = "", phone: str = "", organisation: str = "", headcount=1,
                 representative: str = "") -> DisputeParty:
    """A party: an enterprise of the registry, a person (kept in the registry, ID number and phone encrypted),
    or an outside organisation."""
    dispute = _lock(actor, dispute)
    MACHINE.require(dispute, "add_party")
    if side not in Side.values:
        raise ActionError(_("Choose the side."), field="side")
    headcount = parse_int(headcount or 1, field="headcount", min=1, max=100000)
    representative = check_text(representative, field="representative", limit=SHORT_TEXT, label=_("Represented by"))
    organisation = check_text(organisation, field="organisation", limit=SHORT_TEXT, label=_("Organisation"))
    given = [bool(enterprise), bool((full_name or "").strip()), bool(organisation)]
    if sum(given) != 1:
        raise ActionError(_("Name one party: an enterprise, a person or an organisation."), field="enterprise")
    person = None
    if enterprise is not None:
        enterprise = Enterprise.objects.visible_to(actor).filter(pk=enterprise.pk).first()
        if enterprise is None:
            raise ActionError(_("Choose an enterprise you can see."), field="enterprise")
    elif full_name.strip():
        person = record_person(full_name, id_number, phone)
    return _add_party(dispute, actor, side=side, enterprise=enterprise, person=person, organisation=organisation,
                      headcount=headcount, representative=representative)


def find_parties(actor, *, id_number: str = "", phone: str = "") -> list[DisputeParty]:
    """The parties, in disputes the actor handles, who are the person with this ID number (or phone): found
    through the registry's blind index, so the police see whether a worker or a contractor has come before.
    Audited like every search for a person; the values themselves are never written down."""
    from jingqi.core.pii import blind_index, normalize_id_number, normalize_phone

    check_police(actor)
    if (id_number or "").strip():
        match = {"person__id_number_index": blind_index("id", normalize_id_number(id_number))}
    elif (phone or "").strip():
        match = {"person__phone_index": blind_index("phone", normalize_phone(phone))}
    else:
        raise ActionError(_("Give an ID number or a phone number."), field="id_number")
    found = list(DisputeParty.objects.visible_to(actor, "change").filter(**match)
                 .select_related("dispute", "person").order_by("-dispute__reported_at", "pk")[:100])
    with transaction.atomic():
        audit.record(actor, "dispute.find_parties", None, {
            "by": "id_number" if "person__id_number_index" in match else "phone", "found": len(found)})
    return found


# --- handling --------------------------------------------------------------------------------------


@transaction.atomic
def do_accept_dispute(actor, dispute, *, mediator: User | None = None, expected_version=None) -> Dispute:
    dispute = _lock(actor, dispute)
    check_version(dispute, expected_version, STALE_DISPUTE)
    mediator = mediator or actor
    if not Dispute.objects.visible_to(mediator, "change").filter(pk=dispute.pk).exists():
        raise ActionError(_("The mediator must be an officer of this park."), field="mediator")
    before = audit.snapshot(dispute, AUDITED)
    MACHINE.move(dispute, "accept")
    dispute.accepted_at, dispute.mediator = timezone.now(), mediator
    events.dispute_accepted_event(dispute, actor)
    _save(dispute, actor, "accept", before, "status", "accepted_at", "mediator")
    if mediator != actor:
        _later([mediator], "dispute.assigned", _("You mediate dispute %(ref)s") % {"ref": dispute.reference},
               dispute)
    _later(liaisons_of(dispute), "dispute.accepted", _("Dispute %(ref)s was accepted") % {
        "ref": dispute.reference}, dispute)
    return dispute


@transaction.atomic
def do_refer_dispute(actor, dispute, *, reason: str, expected_version=None) -> Dispute:
    """Not for mediation here (a criminal matter, another body's duty): said why, and where it was sent."""
    dispute = _lock(actor, dispute)
    check_version(dispute, expected_version, STALE_DISPUTE)
    reason = check_text(reason, field="reason", required=True, label=_("Reason"),
                        empty_message=_("Say why it is not accepted and where it was referred."))
    before = audit.snapshot(dispute, AUDITED)
    MACHINE.move(dispute, "refer")
    dispute.status_note, dispute.ended_at = reason, timezone.now()
    events.dispute_referred_event(dispute, actor, reason)
    _save(dispute, actor, "refer", before, "status", "status_note", "ended_at")
    _later(liaisons_of(dispute), "dispute.referred", _("Dispute %(ref)s was referred elsewhere") % {
        "ref": dispute.reference}, dispute, reason)
    return dispute


@transaction.atomic
def do_record_contact(actor, dispute, *, note: str = "") -> Dispute:
    """The first contact with the parties (a call, a visit): stops the first clock; kept once."""
    dispute = _lock(actor, dispute)
    MACHINE.require(dispute, "contact")
    if dispute.contacted_at is not None:
        raise ActionError(_("The first contact is already recorded."), code="duplicate")
    note = check_text(note, field="note", label=_("Note"))
    before = audit.snapshot(dispute, AUDITED)
    dispute.contacted_at = timezone.now()
    events.dispute_contacted_event(dispute, actor, note)
    _save(dispute, actor, "contact", before, "contacted_at")
    return dispute


@transaction.atomic
def do_record_arrival(actor, dispute, *, note: str = "") -> Dispute:
    """Arrival on site (a group dispute's second clock); arriving is also a first contact."""
    dispute = _lock(actor, dispute)
    MACHINE.require(dispute, "arrive")
    if dispute.onsite_at is not None:
        raise ActionError(_("The arrival on site is already recorded."), code="duplicate")
    note = check_text(note, field="note", label=_("Note"))
    before = audit.snapshot(dispute, AUDITED)
    now = timezone.now()
    dispute.onsite_at = now
    dispute.contacted_at = dispute.contacted_at or now
    events.dispute_arrived_event(dispute, actor, note)
    _save(dispute, actor, "arrive", before, "onsite_at", "contacted_at")
    return dispute


@transaction.atomic
def do_record_facts(actor, dispute, *, facts: str, expected_version=None) -> Dispute:
    dispute = _lock(actor, dispute)
    check_version(dispute, expected_version, STALE_DISPUTE)
    facts = check_text(facts, field="facts", required=True, label=_("Facts found"),
                       empty_message=_("Write down the facts found."))
    before = audit.snapshot(dispute, AUDITED)
    MACHINE.move(dispute, "investigate")
    dispute.facts = facts
    events.dispute_investigated_event(dispute, actor, facts)
    _save(dispute, actor, "investigate", before, "status", "facts")
    return dispute


# --- mediation sessions ----------------------------------------------------------------------------


# Which Jingqi users may take which seat; people's mediators, lawyers and judges are named, not users.
SEATS_BY_ROLE = {
    Role.SUPERVISOR: {MediatorRole.OFFICER}, Role.OFFICER: {MediatorRole.OFFICER},
    Role.AUXILIARY: {MediatorRole.AUXILIARY}, Role.VOLUNTEER: {MediatorRole.VOLUNTEER},
    Role.DEPARTMENT: {MediatorRole.DEPARTMENT},
}


def _may_sit(user, dispute) -> bool:
    """A mediator from this station: its supervisors, the park's officers (who handle the dispute), the
    station's departments; volunteers have no station on their account and are chosen by the police."""
    if user.role == Role.SUPERVISOR:
        return user.station_id == dispute.station_id
    if user.role in (Role.OFFICER, Role.AUXILIARY):
        return user.office_id == dispute.park.office_id
    if user.role == Role.DEPARTMENT:
        return user.department is not None and user.department.station_id == dispute.station_id
    return user.role == Role.VOLUNTEER


def _check_mediators(dispute, mediators: list[dict]) -> list[dict]:
    """Each mediator: a role and either a Jingqi user (officer, auxiliary, volunteer, department staff) of this
    dispute's station, in the seat that fits their role, or a name with an organisation (people's mediator,
    lawyer, judge). The users are read in one query."""
    if not mediators or not isinstance(mediators, list | tuple):
        raise ActionError(_("Name at least one mediator."), field="mediators")
    if len(mediators) > MAX_MEDIATORS:
        raise ActionError(_("At most %(n)s mediators.") % {"n": MAX_MEDIATORS}, field="mediators")
    if not all(isinstance(entry, dict) for entry in mediators):
        raise ActionError(_("Choose each mediator's role."), field="mediators")
    ids = [getattr(entry.get("user"), "pk", None) for entry in mediators if entry.get("user") is not None]
    if None in ids:
        raise ActionError(_("Choose each mediator from the list."), field="mediators")
    if len(set(ids)) != len(ids):
        raise ActionError(_("Each person sits once at a session."), field="mediators")
    users = User.objects.select_related("department").in_bulk(ids)
    clean = []
    for entry in mediators:
        role = entry.get("role")
        if role not in MediatorRole.values:
            raise ActionError(_("Choose each mediator's role."), field="mediators")
        user = users.get(getattr(entry.get("user"), "pk", None)) if entry.get("user") is not None else None
        if entry.get("user") is not None:
            if user is None or not user.is_active or not _may_sit(user, dispute):
                raise ActionError(_("%(name)s cannot mediate this dispute: choose the park's police, the station's "
                                    "departments or volunteers.") % {"name": entry["user"]}, field="mediators")
            if role not in SEATS_BY_ROLE.get(user.role, ()):
                raise ActionError(_("%(name)s cannot sit as %(role)s.") % {
                    "name": user, "role": MediatorRole(role).label}, field="mediators")
            name = str(user)  # the account's full name, else its user name
        else:
            name = check_text(entry.get("name"), field="mediators", limit=60, required=True,
                              label=_("Mediator"), empty_message=_("Give each mediator's name."))
        organisation = check_text(entry.get("organisation"), field="mediators", limit=SHORT_TEXT,
                                  label=_("Organisation"))
        clean.append({"role": role, "user": user, "name": name, "organisation": organisation})
    return clean


@transaction.atomic
def do_plan_session(actor, dispute, *, planned_at, place: str, mediators: list[dict]) -> MediationSession:
    dispute = _lock(actor, dispute)
    MACHINE.require(dispute, "plan_session")
    place = check_text(place, field="place", limit=SHORT_TEXT, required=True, label=_("Place"),
                       empty_message=_("Say where the session is held."))
    # A past time is allowed: a session held on site is often entered afterwards.
    planned_at = parse_moment(planned_at, field="planned_at", label=_("Date and time"))
    if planned_at > timezone.now() + timedelta(days=366):
        raise ActionError(_("Plan the session within a year."), field="planned_at")
    clean = _check_mediators(dispute, mediators)
    before = audit.snapshot(dispute, AUDITED)
    MACHINE.move(dispute, "plan_session")
    number = (dispute.sessions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    session = MediationSession.objects.create(dispute=dispute, number=number, planned_at=planned_at, place=place)
    SessionMediator.objects.bulk_create([SessionMediator(session=session, **entry) for entry in clean])
    events.session_planned_event(dispute, actor, session)
    _save(dispute, actor, "plan_session", before, "status")
    _later([entry["user"] for entry in clean if entry["user"] is not None and entry["user"] != actor],
           "dispute.session", _("Mediation session %(n)s of %(ref)s") % {"n": number, "ref": dispute.reference},
           dispute, place)
    return session


@transaction.atomic
def do_record_session(actor, session, *, held_at=None, attended: list[DisputeParty], minutes: str,
                      result: str) -> MediationSession:
    """What happened at a session, typed on site: who came, the minutes, and where it leaves the dispute."""
    session = access(MediationSession.objects.all(), actor, session.pk, "change")
    dispute = _lock(actor, session.dispute)
    session = MediationSession.objects.select_for_update().get(pk=session.pk)
    MACHINE.require(dispute, "record_session")
    if session.held_at is not None:
        raise ActionError(_("This session is already recorded."), code="duplicate")
    minutes = check_text(minutes, field="minutes", required=True, label=_("Minutes"),
                         empty_message=_("Write the minutes of the session."))
    if result not in SessionResult.values:
        raise ActionError(_("Choose where the session left the dispute."), field="result")
    attended = list(attended or [])
    if any(not isinstance(party, DisputeParty) or party.dispute_id != dispute.pk for party in attended):
        raise ActionError(_("Only this dispute's parties can attend."), field="attended")
    now = timezone.now()
    held_at = parse_moment(held_at, field="held_at", label=_("Held at"), blank_is_now=True)
    if held_at > now + timedelta(minutes=5):
        raise ActionError(_("A session cannot be recorded before it is held."), field="held_at")
    # By the day: mediated on site in the morning, the dispute itself entered at noon.
    if timezone.localtime(held_at).date() < timezone.localtime(dispute.reported_at).date():
        raise ActionError(_("A session cannot be held before the dispute was reported."), field="held_at")
    session.held_at, session.minutes, session.result, session.recorded_by = held_at, minutes, result, actor
    session.save(update_fields=["held_at", "minutes", "result", "recorded_by", "updated_at"])
    session.attended.set(attended)
    events.session_held_event(dispute, actor, session)
    audit.record(actor, "dispute.record_session", dispute, {
        "session": session.number, "result": result, "held_at": held_at, "attended": [p.pk for p in attended]})
    return session


# --- agreements, instalments, payments -------------------------------------------------------------


def check_schedule(signed_on: date, total: Decimal, instalments: list[dict]) -> list[tuple[date, Decimal]]:
    """The payment schedule: due dates on or after signing and in order, amounts that add up to the total."""
    instalments = [] if instalments is None else instalments
    if not isinstance(instalments, list | tuple) or not all(isinstance(entry, dict) for entry in instalments):
        raise ActionError(_("Give each instalment its due date and amount."), field="instalments")
    if len(instalments) > MAX_INSTALMENTS:
        raise ActionError(_("At most %(n)s instalments.") % {"n": MAX_INSTALMENTS}, field="instalments")
    schedule = []
    for entry in instalments:
        due_on = parse_day(entry.get("due_on"), field="instalments")
        amount = parse_amount(entry.get("amount"), field="instalments")
        if due_on < signed_on:
            raise ActionError(_("An instalment cannot fall due before %(day)s.") % {"day": signed_on.isoformat()},
                              field="instalments")
        if schedule and due_on < schedule[-1][0]:
            raise ActionError(_("List the instalments in the order they fall due."), field="instalments")
        schedule.append((due_on, amount))
    if schedule and sum(amount for _due, amount in schedule) != total:
        raise ActionError(_("The instalments add up to %(sum)s yuan, not the %(total)s yuan agreed.") % {
            "sum": sum(amount for _due, amount in schedule), "total": total}, field="instalments")
    if not schedule and total > 0:
        raise ActionError(_("Give the payment schedule: at least one instalment with its due date."),
                          field="instalments")
    return schedule


@transaction.atomic
def do_sign_agreement(actor, dispute, *, signed_on, terms: str, total_amount, level: str,
                      instalments: list[dict], facts: str = "", expected_version=None) -> Agreement:
    """The signed mediation agreement (调解协议书): settles the dispute by agreement at the level named;
    performance is then tracked instalment by instalment. ``facts`` are the facts both sides sign (the
    report's account when left blank), never the internal findings of the investigation."""
    dispute = _lock(actor, dispute)
    check_version(dispute, expected_version, STALE_DISPUTE)
    MACHINE.require(dispute, "sign_agreement")
    signed_on = parse_day(signed_on, field="signed_on")
    if signed_on > timezone.localdate():
        raise ActionError(_("An agreement cannot be dated in the future."), field="signed_on")
    if signed_on < timezone.localtime(dispute.reported_at).date():
        raise ActionError(_("An agreement cannot be dated before the dispute was reported."), field="signed_on")
    terms = check_text(terms, field="terms", required=True, label=_("Terms"),
                       empty_message=_("Write the terms the parties agreed."))
    facts = check_text(facts, field="facts", label=_("Facts as agreed")) or dispute.description
    total = parse_amount(total_amount, field="total_amount", allow_zero=True)
    if level not in Level.values:
        raise ActionError(_("Say at which level it was settled."), field="level")
    sides = set(dispute.parties.values_list("side", flat=True))
    if sides != {Side.APPLICANT, Side.RESPONDENT}:
        raise ActionError(_("An agreement needs both sides: add the applicant and the respondent first."),
                          field="parties")
    schedule = check_schedule(signed_on, total, instalments)
    before = audit.snapshot(dispute, AUDITED)
    MACHINE.move(dispute, "sign_agreement")
    agreement = Agreement.objects.create(dispute=dispute, signed_on=signed_on, facts=facts, terms=terms,
                                         total_amount=total, signed_by=actor)
    Instalment.objects.bulk_create([Instalment(agreement=agreement, number=n, due_on=due_on, amount=amount)
                                    for n, (due_on, amount) in enumerate(schedule, start=1)])
    dispute.outcome, dispute.level, dispute.ended_at = Outcome.AGREEMENT, level, timezone.now()
    dispute.needs_mediator = False
    events.agreement_signed_event(dispute, actor, agreement)
    audit.record(actor, "dispute.agreement", agreement, {
        "signed_on": signed_on, "total_amount": total, "terms": terms,
        "schedule": [(due_on.isoformat(), str(amount)) for due_on, amount in schedule]})
    _save(dispute, actor, "sign_agreement", before, "status", "outcome", "level", "ended_at", "needs_mediator")
    _later(liaisons_of(dispute), "dispute.agreement", _("Dispute %(ref)s was settled by agreement") % {
        "ref": dispute.reference}, dispute)
    if not schedule:
        # Nothing to pay (an apology, a repair done at the table): performed when signed.
        _fulfil(dispute, agreement, actor, signed_on)
    return agreement


def _lock_agreement(actor, agreement) -> tuple[Dispute, Agreement]:
    """The agreement's dispute and then the agreement itself, locked in that order (as every action does: the
    dispute first), if ``actor`` may handle the dispute."""
    agreement = access(Agreement.objects.all(), actor, agreement.pk, "change")
    dispute = _lock(actor, agreement.dispute)
    return dispute, Agreement.objects.select_for_update().get(pk=agreement.pk)


def _in_default(agreement) -> bool:
    """An instalment flagged overdue (``flag_defaults``) is still unpaid."""
    return agreement.instalments.filter(paid_on__isnull=True, defaulted_at__isnull=False).exists()


def _clear_default(dispute, agreement, actor, action: str) -> None:
    """Back from the mediator once no flagged instalment is unpaid. Only ``flag_defaults`` raises the flag (with
    its timeline event and alert); a payment or a new schedule can only lower it."""
    if dispute.needs_mediator and not _in_default(agreement):
        before = audit.snapshot(dispute, AUDITED)
        dispute.needs_mediator = False
        _save(dispute, actor, action, before, "needs_mediator")


@transaction.atomic
def do_update_agreement(actor, agreement, *, terms: str | None = None, instalments: list[dict] | None = None,
                        expected_version: int) -> Agreement:
    """Change the terms or reschedule what is still unpaid (after a default, with both sides' consent).

    ``instalments`` replaces the unpaid part of the schedule: paid and part-paid instalments stay as they are,
    new ones fall due on or after the last of those (or the signing), and the total stays what was agreed.
    The agreement's version guards against two mediators editing at once: the second is told to reload.
    The dispute's own row changes only when a reschedule ends a default (``needs_mediator``)."""
    dispute, agreement = _lock_agreement(actor, agreement)
    check_version(agreement, expected_version, STALE_AGREEMENT)
    if agreement.status != AgreementStatus.PERFORMING:
        raise ActionError(_("This agreement is %(status)s: it cannot be changed now.") % {
            "status": agreement.get_status_display()}, code="illegal_transition")
    changes, diff, fields = {}, {}, []
    if terms is not None:
        terms = check_text(terms, field="terms", required=True, label=_("Terms"),
                           empty_message=_("Write the terms the parties agreed."))
        if terms != agreement.terms:
            changes["terms"], diff["terms"] = True, [agreement.terms, terms]
            agreement.terms = terms
            fields.append("terms")
    if instalments is not None:
        kept = list(agreement.instalments.filter(paid_amount__gt=0))
        unpaid = list(agreement.instalments.filter(paid_amount=0))
        floor = max([i.due_on for i in kept], default=agreement.signed_on)
        remaining = agreement.total_amount - sum((i.amount for i in kept), Decimal("0"))
        schedule = check_schedule(floor, remaining, instalments)
        old = [(i.due_on.isoformat(), str(i.amount)) for i in unpaid]
        new = [(due_on.isoformat(), str(amount)) for due_on, amount in schedule]
        if old != new:
            # New instalments take new numbers: "instalment 2" on the timeline keeps meaning the one it was.
            start = max([i.number for i in kept + unpaid], default=0)
            Instalment.objects.filter(pk__in=[i.pk for i in unpaid]).delete()
            Instalment.objects.bulk_create([Instalment(agreement=agreement, number=start + n, due_on=due_on,
                                                       amount=amount)
                                            for n, (due_on, amount) in enumerate(schedule, start=1)])
            changes["schedule"], diff["schedule"] = new, [old, new]
    if not changes:
        return agreement
    agreement.version += 1
    agreement.save(update_fields=[*fields, "version", "updated_at"])
    events.agreement_changed_event(dispute, actor, changes)
    audit.record(actor, "dispute.update_agreement", agreement, diff)
    if "schedule" in changes:
        _clear_default(dispute, agreement, actor, "reschedule")
    _later(liaisons_of(dispute), "dispute.agreement_changed", _("The agreement of %(ref)s was changed") % {
        "ref": dispute.reference}, dispute)
    return agreement


@transaction.atomic
def do_record_payment(actor, instalment, *, amount, paid_on, reference: str, proof=None) -> Payment:
    """A payment towards an instalment. Refused: more than is still due, dated before the agreement or in the
    future, or a reference already recorded for this agreement (the same bank slip twice)."""
    instalment = access(Instalment.objects.all(), actor, instalment.pk, "change")
    dispute, agreement = _lock_agreement(actor, instalment.agreement)
    instalment = Instalment.objects.select_for_update().get(pk=instalment.pk)
    if agreement.status != AgreementStatus.PERFORMING:
        raise ActionError(_("This agreement is %(status)s: payments can no longer be recorded.") % {
            "status": agreement.get_status_display()}, code="illegal_transition")
    amount = parse_amount(amount, field="amount")
    paid_on = parse_day(paid_on, field="paid_on")
    reference = check_text(reference, field="reference", limit=60, required=True, label=_("Payment reference"),
                           empty_message=_("Give the payment's reference (bank slip or receipt number)."))
    if instalment.paid_on is not None:
        raise ActionError(_("Instalment %(n)s is already paid in full.") % {"n": instalment.number},
                          field="amount", code="duplicate")
    if amount > instalment.outstanding:
        raise ActionError(_("This pays %(amount)s yuan but only %(due)s yuan is still due on instalment %(n)s.") % {
            "amount": amount, "due": instalment.outstanding, "n": instalment.number}, field="amount")
    if paid_on < agreement.signed_on:
        raise ActionError(_("A payment cannot be dated before the agreement was signed (%(day)s).") % {
            "day": agreement.signed_on.isoformat()}, field="paid_on")
    if paid_on > timezone.localdate():
        raise ActionError(_("A payment cannot be dated in the future."), field="paid_on")
    duplicate = ActionError(_("A payment with reference %(ref)s is already recorded for this agreement.") % {
        "ref": reference}, field="reference", code="duplicate")
    if Payment.objects.filter(agreement=agreement, reference=reference).exists():
        raise duplicate
    document = _store_document(dispute, actor, proof, internal=True) if proof is not None else None
    try:
        with transaction.atomic():
            payment = Payment.objects.create(agreement=agreement, instalment=instalment, amount=amount,
                                             paid_on=paid_on, reference=reference, proof=document,
                                             recorded_by=actor, recorded_at=timezone.now())
    except IntegrityError:  # the agreement's lock makes this unreachable; the constraint is the last word
        raise duplicate
    instalment.paid_amount += amount
    if instalment.paid_amount == instalment.amount:
        # Paid in full on the day of its latest payment (payments may be recorded out of order).
        instalment.paid_on = max(instalment.payments.values_list("paid_on", flat=True))
    instalment.save(update_fields=["paid_amount", "paid_on"])
    events.payment_recorded_event(dispute, actor, payment)
    audit.record(actor, "dispute.record_payment", agreement, {
        "payment": payment.pk, "instalment": instalment.number, "amount": str(amount),
        "paid_on": paid_on.isoformat(), "reference": reference})
    agreement.version += 1
    agreement.save(update_fields=["version", "updated_at"])
    if not agreement.instalments.filter(paid_on__isnull=True).exists():
        _fulfil(dispute, agreement, actor, max(agreement.instalments.values_list("paid_on", flat=True)))
    else:
        _clear_default(dispute, agreement, actor, "payment")
    _later(liaisons_of(dispute), "dispute.payment", _("A payment of %(amount)s yuan was recorded on %(ref)s") % {
        "amount": amount, "ref": dispute.reference}, dispute)
    return payment


def _fulfil(dispute, agreement, actor, on: date) -> None:
    """Every instalment paid: the agreement is fulfilled and the dispute settled (waiting for the follow-up)."""
    before = audit.snapshot(dispute, AUDITED)
    agreement.status, agreement.fulfilled_on = AgreementStatus.FULFILLED, on
    agreement.save(update_fields=["status", "fulfilled_on", "updated_at"])
    MACHINE.move(dispute, "fulfil")
    dispute.needs_mediator = False
    events.agreement_fulfilled_event(dispute, actor)
    _save(dispute, actor, "fulfil", before, "status", "needs_mediator")
    _later(handlers_of(dispute), "dispute.fulfilled", _("The agreement of %(ref)s is fulfilled: visit the parties") % {
        "ref": dispute.reference}, dispute)


@transaction.atomic
def do_settle_dispute(actor, dispute, *, note: str, level: str, expected_version=None) -> Dispute:
    """Settled at the table without a written agreement (an apology, a refund on the spot). Counted as
    settled, but not as a success by agreement."""
    dispute = _lock(actor, dispute)
    check_version(dispute, expected_version, STALE_DISPUTE)
    note = check_text(note, field="note", required=True, label=_("How it was settled"),
                      empty_message=_("Say how it was settled."))
    if level not in Level.values:
        raise ActionError(_("Say at which level it was settled."), field="level")
    before = audit.snapshot(dispute, AUDITED)
    MACHINE.move(dispute, "settle")
    dispute.outcome, dispute.level, dispute.status_note = Outcome.NO_AGREEMENT, level, note
    dispute.ended_at = timezone.now()
    events.dispute_settled_event(dispute, actor, note)
    _save(dispute, actor, "settle", before, "status", "outcome", "level", "status_note", "ended_at")
    _later(liaisons_of(dispute), "dispute.settled", _("Dispute %(ref)s was settled") % {"ref": dispute.reference},
           dispute)
    return dispute


@transaction.atomic
def do_fail_dispute(actor, dispute, *, reason: str, expected_version=None) -> Dispute:
    """Mediation failed (or the agreement was broken): the parties are told where to go next."""
    dispute = _lock(actor, dispute)
    check_version(dispute, expected_version, STALE_DISPUTE)
    reason = check_text(reason, field="reason", required=True, label=_("Reason"),
                        empty_message=_("Say why mediation failed."))
    before = audit.snapshot(dispute, AUDITED)
    MACHINE.move(dispute, "fail")
    agreement = Agreement.objects.select_for_update().filter(dispute=dispute).first()
    if agreement is not None:
        # Failing while an agreement is performed means it was broken: said on the agreement too, and the
        # dispute no longer counts as settled by agreement (honest figures). Its schedule stops (no reminders).
        agreement.status = AgreementStatus.BROKEN
        agreement.version += 1
        agreement.save(update_fields=["status", "version", "updated_at"])
        audit.record(actor, "dispute.agreement_broken", agreement, {"status": [AgreementStatus.PERFORMING,
                                                                               AgreementStatus.BROKEN]})
    dispute.outcome, dispute.level, dispute.status_note = Outcome.FAILED, "", reason
    dispute.needs_mediator, dispute.ended_at = False, timezone.now()
    events.dispute_failed_event(dispute, actor, reason)
    _save(dispute, actor, "fail", before, "status", "outcome", "level", "status_note", "needs_mediator", "ended_at")
    _later(liaisons_of(dispute), "dispute.failed", _("Mediation of %(ref)s failed") % {"ref": dispute.reference},
           dispute, reason)
    return dispute


@transaction.atomic
def do_transfer_dispute(actor, dispute, *, body: str, receiver: str, on, expected_version=None) -> Dispute:
    """Handed to labour arbitration, a court, labour inspection or the petition office, with the receiving
    body named and the date."""
    dispute = _lock(actor, dispute)
    check_version(dispute, expected_version, STALE_DISPUTE)
    if body not in TransferBody.values:
        raise ActionError(_("Choose where it was transferred."), field="body")
    receiver = check_text(receiver, field="receiver", limit=SHORT_TEXT, required=True, label=_("Receiving body"),
                          empty_message=_("Name the receiving body."))
    on = parse_day(on, field="on")
    if on > timezone.localdate() or on < timezone.localtime(dispute.reported_at).date():
        raise ActionError(_("The transfer date must fall between the report and today."), field="on")
    before = audit.snapshot(dispute, AUDITED)
    MACHINE.move(dispute, "transfer")
    dispute.outcome, dispute.transfer_body, dispute.transfer_receiver = Outcome.TRANSFERRED, body, receiver
    dispute.transferred_on, dispute.level = on, Level.BEYOND
    events.dispute_transferred_event(dispute, actor)
    _save(dispute, actor, "transfer", before, "status", "outcome", "transfer_body", "transfer_receiver",
          "transferred_on", "level")
    _later(liaisons_of(dispute), "dispute.transferred", _("Dispute %(ref)s was transferred to %(body)s") % {
        "ref": dispute.reference, "body": receiver}, dispute)
    return dispute


@transaction.atomic
def do_withdraw_dispute(actor, dispute, *, reason: str, expected_version=None) -> Dispute:
    """The applicant withdrew: listed apart, never counted as settled or failed."""
    dispute = _lock(actor, dispute)
    check_version(dispute, expected_version, STALE_DISPUTE)
    reason = check_text(reason, field="reason", required=True, label=_("Reason"),
                        empty_message=_("Say why the applicant withdrew."))
    before = audit.snapshot(dispute, AUDITED)
    MACHINE.move(dispute, "withdraw")
    dispute.outcome, dispute.status_note, dispute.ended_at = Outcome.WITHDRAWN, reason, timezone.now()
    events.dispute_withdrawn_event(dispute, actor, reason)
    _save(dispute, actor, "withdraw", before, "status", "outcome", "status_note", "ended_at")
    _later(liaisons_of(dispute), "dispute.withdrawn", _("Dispute %(ref)s was withdrawn") % {
        "ref": dispute.reference}, dispute, reason)
    return dispute


@transaction.atomic
def do_follow_up(actor, dispute, *, note: str, satisfied: bool | None, expected_version=None) -> Dispute:
    """The follow-up visit (回访): did it hold, are the parties satisfied."""
    dispute = _lock(actor, dispute)
    check_version(dispute, expected_version, STALE_DISPUTE)
    note = check_text(note, field="note", required=True, label=_("Follow-up visit"),
                      empty_message=_("Write what the follow-up visit found."))
    satisfied = _yes_no_unknown(satisfied, field="satisfied")
    before = audit.snapshot(dispute, AUDITED)
    MACHINE.move(dispute, "follow_up")
    dispute.follow_up_note, dispute.follow_up_satisfied = note, satisfied
    dispute.followed_up_at = timezone.now()
    events.dispute_followed_up_event(dispute, actor)
    _save(dispute, actor, "follow_up", before, "status", "follow_up_note", "follow_up_satisfied", "followed_up_at")
    return dispute


@transaction.atomic
def do_archive_dispute(actor, dispute, *, expected_version=None) -> Dispute:
    dispute = _lock(actor, dispute)
    check_version(dispute, expected_version, STALE_DISPUTE)
    before = audit.snapshot(dispute, AUDITED)
    MACHINE.move(dispute, "archive")
    dispute.archived_at = timezone.now()
    events.dispute_archived_event(dispute, actor)
    _save(dispute, actor, "archive", before, "status", "archived_at")
    return dispute


@transaction.atomic
def do_comment(actor, dispute, *, text: str, internal: bool = False):
    """A comment the parties read, or (police only) an internal note.

    The police write until the dispute is archived; a party's liaison while mediation is under way (an ended
    dispute is followed up by the police, and a new complaint is a new report). Department staff and volunteers
    who sat as mediators read the dispute but do not write on it."""
    dispute = _lock(actor, dispute, "view")
    if internal and not _is_police(actor):
        raise PermissionDenied(_("Internal notes are for the police."))
    if actor.role not in (*POLICE_ROLES, Role.LIAISON) and not actor.is_superuser:
        raise PermissionDenied()
    MACHINE.require(dispute, "comment")
    if not _is_police(actor) and not dispute.is_open:
        raise ActionError(_("This dispute is %(status)s: the parties can no longer comment on it.") % {
            "status": dispute.get_status_display()}, code="illegal_transition")
    text = check_text(text, field="text", required=True, label=_("Comment"), empty_message=_("Write something."))
    event = events.dispute_commented_event(dispute, actor, text, internal=internal)
    audit.record(actor, "dispute.comment", dispute, {"internal": internal})
    if not internal:
        others = [u for u in [*handlers_of(dispute), *liaisons_of(dispute)] if u != actor]
        _later(others, "dispute.comment", _("New comment on %(ref)s") % {"ref": dispute.reference}, dispute, text)
    return event


def _store_document(dispute, actor, upload, *, internal: bool) -> DisputeDocument:
    from jingqi.core.uploads import check_upload

    content_type = check_upload(upload)
    document = DisputeDocument.objects.create(dispute=dispute, file=upload, original_name=upload.name[:200],
                                              content_type=content_type, size=upload.size, uploaded_by=actor,
                                              internal=internal)
    events.dispute_document_event(dispute, actor, document.original_name, internal=internal)
    audit.record(actor, "dispute.attach", dispute, {"document": document.pk, "name": document.original_name,
                                                    "size": document.size, "content_type": content_type})
    return document


@transaction.atomic
def do_attach_document(actor, dispute, *, upload, internal: bool = True) -> DisputeDocument:
    """Evidence, a signed scan, a receipt (type sniffed, size capped); internal ones stay with the police."""
    dispute = _lock(actor, dispute)
    MACHINE.require(dispute, "comment")
    return _store_document(dispute, actor, upload, internal=internal)


# --- sweeps ----------------------------------------------------------------------------------------


def _party_phones(dispute) -> list[str]:
    return [party.person.phone for party in dispute.parties.select_related("person")
            if party.person_id and party.person.phone]


def remind_instalments(today: date | None = None) -> int:
    """Before each due date (DISPUTE_REMINDER_DAYS ahead), once: both sides' contacts are told — liaisons in
    their inbox, people through the SMS adapter — and the mediator sees it on the timeline. Locks as
    ``flag_defaults`` does (the dispute, then a conditional claim of the instalment)."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.DISPUTE_REMINDER_DAYS)
    due = list(Instalment.objects.filter(paid_on__isnull=True, reminded_at__isnull=True, due_on__gte=today,
                                         due_on__lte=horizon, agreement__status=AgreementStatus.PERFORMING)
               .values_list("pk", "agreement__dispute_id").order_by("pk"))
    count = 0
    for pk, dispute_id in due:
        with transaction.atomic():
            dispute = Dispute.objects.select_for_update(of=("self",)).select_related("park", "mediator").get(
                pk=dispute_id)
            if not Instalment.objects.filter(pk=pk, paid_on__isnull=True, reminded_at__isnull=True).update(
                    reminded_at=timezone.now()):
                continue
            instalment = Instalment.objects.get(pk=pk)
            events.instalment_reminder_event(dispute, instalment)
            audit.record(None, "dispute.reminder", dispute, {"instalment": instalment.number,
                                                             "due_on": instalment.due_on.isoformat()})
            text = _("Instalment %(n)s of the agreement on %(ref)s, %(amount)s yuan, is due on %(day)s.") % {
                "n": instalment.number, "ref": dispute.reference, "amount": instalment.outstanding,
                "day": instalment.due_on.isoformat()}
            _later([*liaisons_of(dispute), *handlers_of(dispute)], "dispute.instalment_due", text, dispute)
            phones = _party_phones(dispute)
            transaction.on_commit(lambda phones=phones, text=text: [sms_adapter().send(p, text) for p in phones])
            count += 1
    return count


def flag_defaults(today: date | None = None) -> int:
    """An instalment unpaid after its due date raises a default alert, once: the dispute goes back to its
    mediator (``needs_mediator``) and the supervisor hears of it.

    Each instalment in its own transaction that locks the dispute first (the order every action locks in, so a
    payment recorded at that moment queues instead of deadlocking) and then claims the instalment with a
    conditional update: two sweeps running at once flag it once."""
    today = today or timezone.localdate()
    overdue = (Instalment.objects.filter(paid_on__isnull=True, defaulted_at__isnull=True, due_on__lt=today,
                                         agreement__status=AgreementStatus.PERFORMING)
               .values_list("pk", "agreement__dispute_id").order_by("pk"))
    count = 0
    for pk, dispute_id in list(overdue):
        with transaction.atomic():
            dispute = Dispute.objects.select_for_update(of=("self",)).select_related("park", "mediator").get(
                pk=dispute_id)
            if not Instalment.objects.filter(pk=pk, paid_on__isnull=True, defaulted_at__isnull=True,
                                             agreement__status=AgreementStatus.PERFORMING).update(
                    defaulted_at=timezone.now()):
                continue
            instalment = Instalment.objects.get(pk=pk)
            # A sweep changes no field a person edits: the dispute's version (the edit guard) stays.
            before = audit.snapshot(dispute, AUDITED)
            dispute.needs_mediator = True
            dispute.save(update_fields=["needs_mediator", "updated_at"])
            events.instalment_default_event(dispute, instalment)
            audit.record(None, "dispute.default", dispute, {
                **audit.diff(before, audit.snapshot(dispute, AUDITED)), "instalment": instalment.number,
                "due_on": instalment.due_on.isoformat(), "outstanding": str(instalment.outstanding)})
            _later([*handlers_of(dispute), *supervisors_of(dispute)], "dispute.default",
                   _("Instalment %(n)s of %(ref)s is overdue") % {"n": instalment.number, "ref": dispute.reference},
                   dispute)
            count += 1
    return count


# --- the rapid-response escalation -----------------------------------------------------------------

# The target a dispute is on: the earlier of first contact (until made) and arrival on site (until made; group
# disputes only). NULL when both are met: nothing is due. (Least over both orders of Coalesce: SQLite's LEAST
# gives NULL as soon as one side is NULL.)
_CONTACT_DUE = Case(When(contacted_at__isnull=True, then=F("contact_due_at")), default=None,
                    output_field=DateTimeField())
_ONSITE_DUE = Case(When(onsite_at__isnull=True, then=F("onsite_due_at")), default=None, output_field=DateTimeField())
_RESPONSE_DUE = Least(Coalesce(_CONTACT_DUE, _ONSITE_DUE), Coalesce(_ONSITE_DUE, _CONTACT_DUE))


def _escalation_clocks() -> list[tuple[bool, timedelta]]:
    """(blocking, grace before the supervisor hears): minutes for a blockade, hours for the rest."""
    return [(True, timedelta(minutes=settings.DISPUTE_BLOCKADE_ESCALATE_AFTER_MINUTES)),
            (False, timedelta(minutes=settings.DISPUTE_ESCALATE_TO_SUPERVISOR_AFTER_MINUTES))]


def _on_the_clock(blocking: bool):
    return Dispute.objects.open().filter(blocking=blocking).select_related("station", "park", "mediator")


def escalate_overdue(now=None) -> int:
    """Open disputes whose first contact or arrival on site is overdue are escalated (core.escalation's sweep):
    level 1 tells the lead mediator (or, before there is one, the park's officers); level 2, once the target
    is missed by more than the grace (DISPUTE_BLOCKADE_ESCALATE_AFTER_MINUTES for a blockade,
    DISPUTE_ESCALATE_TO_SUPERVISOR_AFTER_MINUTES otherwise), tells the supervisor. Each level once per dispute,
    with a timeline event and an audit row; a dispute first swept past the grace goes straight to level 2 and
    both are told.

    The dispute is on the earlier of its unmet targets: contact made late and arrival then missed too stays at
    the level reached (its mediator was told already) until the arrival is missed by the grace. The sweep
    changes no field a person edits, so the dispute's version (the edit guard) stays. Run every five minutes
    by tasks.escalate_disputes."""
    now = now or timezone.now()
    count = 0
    for blocking, grace in _escalation_clocks():
        count += escalation.sweep(_on_the_clock(blocking), due=_RESPONSE_DUE, grace=grace, now=now,
                                  on_escalate=lambda disputes, level, now=now: _disputes_escalated(disputes, level,
                                                                                                   now),
                                  update={"updated_at": timezone.now()})
    return count


def next_escalation_at():
    """When :func:`escalate_overdue` can next escalate something (None: no open dispute is on the clock); the
    demo's replay skips the sweeps that would find nothing."""
    moments = [escalation.next_due(_on_the_clock(blocking), due=_RESPONSE_DUE, grace=grace)
               for blocking, grace in _escalation_clocks()]
    moments = [moment for moment in moments if moment is not None]
    return min(moments) if moments else None


def _missed(dispute, now) -> list[str]:
    return [target for target, due, met in (("contact", dispute.contact_due_at, dispute.contacted_at),
                                            ("onsite", dispute.onsite_due_at, dispute.onsite_at))
            if met is None and due is not None and due < now]


def _disputes_escalated(disputes, level, now) -> None:
    """The sweep raised ``disputes`` to ``level`` (they still show the level they had): timeline, audit, notices."""
    supervisors, officers = {}, {}
    for dispute in disputes:
        missed = _missed(dispute, now) or ["contact"]
        target = missed[0]
        events.dispute_escalated_event(dispute, level, target)
        audit.record(None, "dispute.escalate", dispute, {"escalation_level": [dispute.escalation_level, level],
                                                         "target": target, "missed": missed})
        handlers = ([dispute.mediator] if dispute.mediator_id and dispute.mediator.is_active else
                    _cached(officers, dispute.park.office_id, lambda d=dispute: officers_of(d)))
        users = handlers
        if level == escalation.PAST_GRACE:
            users = _cached(supervisors, dispute.station_id, lambda d=dispute: supervisors_of(d))
            if dispute.escalation_level < escalation.OVERDUE:  # straight past the grace: nobody was told yet
                users = [*users, *handlers]
        if "onsite" in missed:
            title = (_("Dispute %(ref)s: nobody has arrived on site yet") if level == escalation.OVERDUE else
                     _("Dispute %(ref)s: still nobody on site, the arrival target is long missed"))
        else:
            title = (_("Dispute %(ref)s: the parties are not contacted yet") if level == escalation.OVERDUE else
                     _("Dispute %(ref)s: still no contact with the parties, the target is long missed"))
        _later(users, "dispute.overdue", title % {"ref": dispute.reference}, dispute, dispute.location)


def _cached(cache: dict, key, users) -> list:
    """The recipients of one batch, looked up once per station or office."""
    if key not in cache:
        cache[key] = list(users())
    return cache[key]
