"""Read queries of the inspection form and the hazard pages: the board (columns by state, each a bounded query
served by an index), the park map's features, a hazard's timeline and photos as the reader may see them, and the
enterprise's own page. Every read goes through ``visible_to``."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from jingqi.accounts.choices import Role
from jingqi.registry.models import Enterprise, Park

from ..choices import HAZARD_MACHINE, HazardSource, HazardStatus, Severity, VisitStatus
from ..models import Hazard, HazardEvent, HazardPhoto, Inspection, InspectionAnswer, InspectionVisit
from ..services import is_police

#: Cards shown per column of the board, a list page's worth (the column's count says how many there are in all; a
#: filter finds the others). Four columns of 50 were a long scroll on a phone and most of the page's time.
COLUMN_SIZE = 25
#: Hazards placed on the map at most (the open ones with a position, newest first).
MAP_LIMIT = 500
BOARD_COLUMNS = (HazardStatus.REPORTED, HazardStatus.RECTIFYING, HazardStatus.FIX_REPORTED, HazardStatus.CLOSED)


def can_see_hazards(user) -> bool:
    return is_police(user) or (user.role == Role.DEPARTMENT and user.department_id is not None)


def parks_for(user):
    """The parks a police user may report in or filter by."""
    if not is_police(user):
        return Park.objects.none()
    return Park.objects.visible_to(user).order_by("code")


def enterprises_for(user):
    """The enterprises a police user may name on a hazard (each form narrows them to the park chosen)."""
    if not is_police(user):
        return Enterprise.objects.none()
    return Enterprise.objects.visible_to(user).select_related("park").order_by("park__code", "name")


@dataclass
class BoardFilters:
    park: Park | None = None
    severity: str = ""
    source: str = ""
    overdue: bool = False
    q: str = ""

    @classmethod
    def from_query(cls, params, user) -> "BoardFilters":
        park = None
        if params.get("park", "").isdigit():
            park = parks_for(user).filter(pk=int(params["park"])).first()
        q = params.get("q", "").strip()[:100]
        return cls(park=park, severity=params.get("severity", "") if params.get("severity") in Severity.values
                   else "", source=params.get("source", "") if params.get("source") in HazardSource.values else "",
                   overdue=params.get("overdue") == "1", q=q)


def _filtered(user, filters: BoardFilters, now):
    rows = Hazard.objects.visible_to(user)
    if filters.park is not None:
        rows = rows.filter(park=filters.park)
    if filters.severity:
        rows = rows.filter(severity=filters.severity)
    if filters.source:
        rows = rows.filter(source=filters.source)
    if filters.overdue:
        rows = rows.overdue(now)
    if filters.q:
        rows = rows.filter(Q(title__icontains=filters.q) | Q(reference__icontains=filters.q)
                           | Q(enterprise__name__icontains=filters.q) | Q(location__icontains=filters.q))
    return rows


# What a card shows (``partials/_hazard_card.html``) and ``is_overdue`` reads: a board draws up to 200 cards, and
# whole rows (each with its park's boundary polygon) cost more to build than the queries take.
CARD_FIELDS = ("reference", "title", "severity", "status", "reported_at", "deadline", "due_at", "fixed_on_site",
               "park__name", "enterprise__name")


def column_rows(user, status, filters: BoardFilters, now=None):
    """One column of the board: newest first, served by ``hazard_station_idx`` (the station's) or
    ``hazard_park_idx`` (one park's)."""
    return (_filtered(user, filters, now or timezone.now()).filter(status=status)
            .select_related("park", "enterprise").only(*CARD_FIELDS).order_by("-reported_at", "pk"))


@dataclass
class Column:
    status: str
    label: str
    total: int
    cards: list = field(default_factory=list)


def board(user, filters: BoardFilters) -> list[Column]:
    """The board's columns: one count query for all, then one bounded query per column."""
    now = timezone.now()
    totals = dict(_filtered(user, filters, now).order_by().values_list("status").annotate(n=Count("pk")))
    labels = dict(HazardStatus.choices)
    columns = []
    for status in BOARD_COLUMNS:
        total = totals.get(status, 0)
        cards = list(column_rows(user, status, filters, now)[:COLUMN_SIZE])
        for hazard in cards:
            hazard.overdue = hazard.is_overdue(now)
        columns.append(Column(status, str(labels[status]), total, cards))
    return columns


def map_features(user, filters: BoardFilters) -> dict:
    """GeoJSON for the board's map: the boundaries of the user's parks and the open hazards with a position."""
    features = []
    parks = Park.objects.visible_to(user).exclude(boundary=None)
    if filters.park is not None:
        parks = parks.filter(pk=filters.park.pk)
    for park in parks.values("pk", "name", "boundary"):
        if park["boundary"]:
            features.append({"type": "Feature", "geometry": park["boundary"],
                             "properties": {"kind": "boundary", "name": park["name"]}})
    located = (_filtered(user, filters, timezone.now()).open()
               .filter(latitude__isnull=False, longitude__isnull=False)
               .values("pk", "reference", "title", "status", "severity", "latitude", "longitude")
               .order_by("-reported_at")[:MAP_LIMIT])
    statuses, severities = dict(HazardStatus.choices), dict(Severity.choices)
    for row in located:
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(row["longitude"]), float(row["latitude"])]},
            "properties": {"kind": "hazard", "id": row["pk"], "name": f"{row['reference']} {row['title']}",
                           "status": str(statuses.get(row["status"], row["status"])),
                           "severity": str(severities.get(row["severity"], row["severity"])),
                           "major": row["severity"] == Severity.MAJOR},
        })
    return {"type": "FeatureCollection", "features": features}


# --- one hazard ----------------------------------------------------------------------------------------------


HAZARD_RELATED = ("park", "enterprise", "handler", "department", "reported_by", "closed_by", "inspection__visit",
                  "finding", "ticket")


def hazard_for(user, pk):
    from jingqi.core.scoping import access

    return access(Hazard.objects.select_related(*HAZARD_RELATED), user, pk)


def may_act(user, hazard, action) -> bool:
    """Whether ``user``'s role lets them do ``action`` to ``hazard`` at all, whatever its state."""
    if action == "void":
        return user.role == Role.SUPERVISOR or user.is_superuser
    if action in ("report_fix", "comment"):
        own = (user.role == Role.LIAISON and hazard.enterprise_id is not None
               and hazard.enterprise_id == user.enterprise_id)
        return is_police(user) or own
    return is_police(user)


def hazard_actions(user, hazard) -> list[str]:
    """What ``user`` may do to ``hazard`` now (the services check again)."""
    return [action for action in HAZARD_MACHINE.actions_from(hazard.status) if may_act(user, hazard, action)]


def timeline(user, hazard) -> list[HazardEvent]:
    return list(HazardEvent.objects.visible_to(user).filter(hazard=hazard).select_related("actor")
                .prefetch_related("photos").order_by("at", "pk"))


def photos(user, hazard) -> list[HazardPhoto]:
    return list(HazardPhoto.objects.visible_to(user).filter(hazard=hazard).order_by("uploaded_at", "pk"))


def phone_shown(user, hazard) -> str:
    """The responsible person's phone: in full only to the police with the right to reveal it, masked otherwise."""
    if not hazard.responsible_phone:
        return ""
    if is_police(user) and user.can_reveal:
        return hazard.responsible_phone_display
    return hazard.responsible_phone_masked


# --- the enterprise's own page ---------------------------------------------------------------------------------


def my_hazards(user):
    """The liaison's enterprise's hazards, open ones first (served by ``hazard_enterprise_idx``)."""
    return (Hazard.objects.visible_to(user, "fix").filter(enterprise_id=user.enterprise_id)
            .select_related("park").order_by("-reported_at", "pk"))


def my_visits(user, today=None):
    """The enterprise's coming visits, its calendar in advance (served by ``insp_visit_enterprise_idx``); the
    internal note is never read out to it."""
    today = today or timezone.localdate()
    return list(InspectionVisit.objects.visible_to(user).filter(
        enterprise_id=user.enterprise_id, status=VisitStatus.PLANNED, planned_on__gte=today)
        .select_related("lead").prefetch_related("departments").order_by("planned_on", "pk")[:20])


# --- inspections -------------------------------------------------------------------------------------------------


def inspection_for(user, pk, action="view"):
    from jingqi.core.scoping import access

    return access(Inspection.objects.select_related("visit", "inspection_type", "checklist", "enterprise", "park",
                                                    "inspector", "department"), user, pk, action)


@dataclass
class ItemRow:
    item: object
    answer: InspectionAnswer | None


def checklist_rows(inspection) -> list[ItemRow]:
    """Every item of the version the inspection answers, with its answer if given (two queries)."""
    answers = {a.item_id: a for a in InspectionAnswer.objects.filter(inspection=inspection)}
    return [ItemRow(item, answers.get(item.pk)) for item in inspection.checklist.items.order_by("number")]


def inspection_hazards(user, inspection):
    return list(Hazard.objects.visible_to(user).filter(inspection=inspection).order_by("pk"))
