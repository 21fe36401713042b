"""Read queries for the dispute pages; each starts from ``visible_to``."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Prefetch, Q
from django.utils import timezone

from jingqi.accounts.choices import Role
from jingqi.accounts.models import User
from jingqi.core.scoping import acts_as_police as is_police
from jingqi.registry.models import Enterprise, Park, Person

from .choices import OPEN_STATUSES, AgreementStatus, Side, Status
from .models import (
    Agreement,
    Dispute,
    DisputeDocument,
    DisputeEvent,
    DisputeParty,
    Instalment,
    MediationSession,
    Payment,
    SessionMediator,
)

WORKBENCH_ROWS = 20
DUE_SOON_DAYS = 7

# Actions the page offers through dispute_action (the others have their own pages).
PAGE_ACTIONS = ("accept", "refer", "contact", "arrive", "investigate", "settle", "fail", "transfer", "withdraw",
                "follow_up", "archive")


def can_see_disputes(user) -> bool:
    return user.is_superuser or user.role in (Role.SUPERVISOR, Role.OFFICER, Role.AUXILIARY, Role.LIAISON,
                                              Role.DEPARTMENT, Role.VOLUNTEER)


def disputes_for(user, *, status: str = "", kind: str = "", park=None, group: bool = False, mine: bool = False,
                 q: str = ""):
    """The list, newest report first (served by the ``*_reported_idx`` indexes)."""
    qs = Dispute.objects.visible_to(user).select_related("park", "mediator")
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if park is not None:
        qs = qs.filter(park=park)
    if group:
        qs = qs.filter(is_group=True)
    if mine:
        qs = qs.filter(Q(mediator=user) | Q(reported_by=user))
    if q:
        qs = qs.filter(Q(reference__icontains=q) | Q(title__icontains=q))
    return qs.order_by("-reported_at", "-pk")


def parks_for(user):
    """The parks a filter or a report may name: those the user handles."""
    if not is_police(user):
        return Park.objects.none()
    return Park.objects.visible_to(user).order_by("code")


def enterprises_for(user):
    return Enterprise.objects.visible_to(user).select_related("park").order_by("name")


def mediator_staff(dispute):
    """Who may sit as a mediator (as services._may_sit decides): the station's supervisors, the park's officers
    and auxiliaries, the station's departments' staff, and volunteers."""
    return (User.objects.filter(is_active=True)
            .filter(Q(role=Role.SUPERVISOR, station_id=dispute.station_id)
                    | Q(role__in=[Role.OFFICER, Role.AUXILIARY], office_id=dispute.park.office_id)
                    | Q(role=Role.DEPARTMENT, department__station_id=dispute.station_id)
                    | Q(role=Role.VOLUNTEER))
            .order_by("role", "username"))


def officers_for(dispute):
    """Who may lead the mediation: the police who handle the dispute's park."""
    return (User.objects.filter(is_active=True)
            .filter(Q(role=Role.SUPERVISOR, station_id=dispute.station_id)
                    | Q(role__in=[Role.OFFICER, Role.AUXILIARY], office_id=dispute.park.office_id))
            .order_by("role", "username"))


# --- the rapid-response clock --------------------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    label: str
    due: object
    done: object
    state: str  # "met", "late" (done after the target), "running", "overdue"


def response_clock(dispute, now=None) -> list[Clock]:
    from django.utils.translation import gettext as _

    now = now or timezone.now()
    clocks = []
    for label, due, done in ((_("First contact"), dispute.contact_due_at, dispute.contacted_at),
                             (_("Arrival on site"), dispute.onsite_due_at, dispute.onsite_at)):
        if due is None:
            continue
        if done is not None:
            state = "met" if done <= due else "late"
        elif not dispute.is_open:
            continue
        else:
            state = "overdue" if due < now else "running"
        clocks.append(Clock(label, due, done, state))
    return clocks


# --- the dispute page --------------------------------------------------------------------------------------


@dataclass
class PartyRow:
    party: DisputeParty
    name: str
    kind: str  # "enterprise", "person", "organisation"
    id_masked: str = ""
    phone_masked: str = ""
    revealable: bool = False
    own: bool = False
    representative: str = ""


def party_rows(user, dispute) -> list[PartyRow]:
    """The parties as ``user`` may read them. Police: ID number and phone masked, with the registry's reveal
    where it offers one. A liaison: their own side's people masked at most; the other side's people by their
    family name only, never a number."""
    parties = list(DisputeParty.objects.visible_to(user).filter(dispute=dispute).select_related("enterprise",
                                                                                               "person"))
    liaison = user.role == Role.LIAISON
    own_sides = {p.side for p in parties if liaison and p.enterprise_id == user.enterprise_id}
    revealable = set()
    if not liaison and user.can_reveal:
        revealable = set(Person.objects.visible_to(user).filter(
            pk__in=[p.person_id for p in parties if p.person_id]).values_list("pk", flat=True))
    rows = []
    for party in parties:
        kind = "enterprise" if party.enterprise_id else "person" if party.person_id else "organisation"
        own = liaison and party.enterprise_id == user.enterprise_id
        row = PartyRow(party, party.name, kind, own=own, representative=party.representative)
        if party.person_id:
            if liaison and party.side not in own_sides:
                # A representative is often named ("工人代表 张某"): as private as the person they speak for.
                row.name, row.representative = party.masked_name, ""
            elif liaison:
                row.name = party.masked_name
                row.id_masked, row.phone_masked = party.person.id_number_masked, party.person.phone_masked
            else:
                row.id_masked, row.phone_masked = party.person.id_number_masked, party.person.phone_masked
                row.revealable = party.person_id in revealable
        rows.append(row)
    return rows


def sessions_for(user, dispute):
    return (MediationSession.objects.visible_to(user).filter(dispute=dispute)
            .prefetch_related(Prefetch("mediators", queryset=SessionMediator.objects.select_related("user")),
                              Prefetch("attended", queryset=DisputeParty.objects.select_related("person",
                                                                                                "enterprise")))
            .select_related("recorded_by").order_by("number"))


def agreement_for(user, dispute):
    agreement = Agreement.objects.visible_to(user).filter(dispute=dispute).first()
    if agreement is None:
        return None
    today = timezone.localdate()
    agreement.schedule = list(Instalment.objects.filter(agreement=agreement).order_by("number"))
    for instalment in agreement.schedule:
        instalment.overdue = instalment.is_overdue(today)
        instalment.due_soon = (instalment.paid_on is None and not instalment.overdue
                               and instalment.due_on <= today + timedelta(days=DUE_SOON_DAYS))
    agreement.payment_rows = list(Payment.objects.filter(agreement=agreement)
                                  .select_related("instalment", "recorded_by", "proof"))
    documents = set(DisputeDocument.objects.visible_to(user).filter(dispute=dispute).values_list("pk", flat=True))
    for payment in agreement.payment_rows:
        payment.proof_visible = payment.proof_id in documents
    agreement.paid_total = sum((i.paid_amount for i in agreement.schedule), start=0)
    return agreement


def dispute_page(user, dispute) -> dict:
    return {
        "events": DisputeEvent.objects.visible_to(user).filter(dispute=dispute).select_related("actor"),
        "parties": party_rows(user, dispute),
        "sessions": sessions_for(user, dispute),
        "agreement": agreement_for(user, dispute),
        "documents": DisputeDocument.objects.visible_to(user).filter(dispute=dispute).select_related("uploaded_by"),
        "clocks": response_clock(dispute),
        "now": timezone.now(),
    }


def dispute_actions(user, dispute) -> set[str]:
    """What ``user`` can do on the page, computed once (the services check each action again)."""
    actions: set[str] = set()
    if Dispute.objects.visible_to(user, "change").filter(pk=dispute.pk).exists():
        for action in (*PAGE_ACTIONS, "add_party", "plan_session", "record_session", "sign_agreement", "comment"):
            if dispute.can(action):
                actions.add(action)
        if dispute.contacted_at is not None:
            actions.discard("contact")
        if dispute.onsite_at is not None:
            actions.discard("arrive")
        if dispute.is_open:
            actions.add("edit")
        if dispute.can("comment"):
            actions.update({"attach", "note"})
    elif user.role == Role.LIAISON and dispute.can("comment"):
        actions.add("comment")
    return actions


def sides_complete(dispute) -> bool:
    return set(dispute.parties.values_list("side", flat=True)) == {Side.APPLICANT, Side.RESPONDENT}


# --- the workbench -------------------------------------------------------------------------------------------


def workbench(user) -> dict:
    """The mediation centre's work, each list capped (a fixed number of queries however many there are)."""
    now, today = timezone.now(), timezone.localdate()
    disputes = Dispute.objects.visible_to(user).select_related("park", "mediator")
    week_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    week_start -= timedelta(days=week_start.weekday())
    sessions = (MediationSession.objects.visible_to(user)
                .filter(planned_at__gte=week_start, planned_at__lt=week_start + timedelta(days=7))
                .select_related("dispute__park").order_by("planned_at", "pk"))
    instalments = (Instalment.objects.visible_to(user)
                   .filter(paid_on__isnull=True, due_on__lte=today + timedelta(days=DUE_SOON_DAYS),
                           agreement__status=AgreementStatus.PERFORMING)
                   .select_related("agreement__dispute__park").order_by("due_on", "pk"))
    rows = {
        "new": disputes.filter(status=Status.REPORTED).order_by("contact_due_at", "pk"),
        "mine": disputes.filter(status__in=OPEN_STATUSES, mediator=user).order_by("-reported_at", "-pk"),
        "sessions": sessions,
        "instalments": instalments,
        "group": disputes.filter(status__in=OPEN_STATUSES, is_group=True).order_by("contact_due_at", "pk"),
        "returned": disputes.filter(needs_mediator=True).order_by("-reported_at", "-pk"),
    }
    context = {name: list(qs[:WORKBENCH_ROWS]) for name, qs in rows.items()}
    for name in ("new", "group", "returned", "mine"):
        for dispute in context[name]:
            dispute.clocks = response_clock(dispute, now)
    for instalment in context["instalments"]:
        instalment.overdue = instalment.is_overdue(today)
    context["limit"] = WORKBENCH_ROWS
    context["now"] = now
    return context


# --- the map --------------------------------------------------------------------------------------------------


def map_features(user) -> dict:
    """GeoJSON for the dispute map: the boundaries of the parks the user may see and the open disputes placed
    on the map (a liaison: only their own disputes; no party is named)."""
    features = []
    parks = Park.objects.visible_to(user).exclude(boundary=None).values("pk", "name", "boundary")
    for park in parks:
        if park["boundary"]:
            features.append({"type": "Feature", "geometry": park["boundary"],
                             "properties": {"kind": "boundary", "name": park["name"]}})
    located = (Dispute.objects.visible_to(user).filter(status__in=OPEN_STATUSES, latitude__isnull=False,
                                                       longitude__isnull=False)
               .values("pk", "reference", "title", "status", "is_group", "kind", "blocking", "latitude", "longitude")
               .order_by("-reported_at")[:2000])
    labels = dict(Status.choices)
    for row in located:
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(row["longitude"]), float(row["latitude"])]},
            "properties": {"kind": "dispute", "id": row["pk"], "name": f"{row['reference']} {row['title']}",
                           "status": str(labels.get(row["status"], row["status"])), "group": row["is_group"],
                           "blocking": row["blocking"]},
        })
    return {"type": "FeatureCollection", "features": features}

