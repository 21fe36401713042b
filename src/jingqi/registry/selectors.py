"""Read queries for registry pages, the API and exports. Each starts from ``visible_to``."""

from django.db.models import Count, Prefetch, Q

from jingqi.accounts.choices import Role
from jingqi.accounts.models import User

from .models import Contact, Department, Enterprise, Office, Park, Stationing, Strategy, TeamMember, Visit


def enterprises_for(user, *, q: str = "", park=None, section: str = "", above_designated_size=False,
                    listed=False, key_enterprise=False):
    qs = Enterprise.objects.visible_to(user).select_related("park").search(q)
    if park:
        qs = qs.filter(park=park)
    if section:
        qs = qs.filter(industry_code__startswith=section)
    if above_designated_size:
        qs = qs.filter(above_designated_size=True)
    if listed:
        qs = qs.filter(listed=True)
    if key_enterprise:
        qs = qs.filter(key_enterprise=True)
    return qs.order_by("name", "pk")


def enterprise_page(user, enterprise: Enterprise) -> dict:
    """Everything the enterprise page shows, each part scoped on its own."""
    return {
        "contacts": Contact.objects.visible_to(user).filter(enterprise=enterprise).select_related("person"),
        "team": TeamMember.objects.visible_to(user).filter(enterprise=enterprise)
        .select_related("user", "contact__person"),
        "strategy": Strategy.objects.visible_to(user).filter(enterprise=enterprise).first(),
        "visits": Visit.objects.visible_to(user).filter(enterprise=enterprise).select_related("officer")[:20],
    }


def parks_for(user):
    return (
        Park.objects.visible_to(user)
        .select_related("office", "station")
        .annotate(
            enterprise_count=Count("enterprises", distinct=True),
            above_size_count=Count("enterprises", filter=Q(enterprises__above_designated_size=True), distinct=True),
        )
        .order_by("code")
    )


def park_map_features(user, park: Park) -> dict:
    """GeoJSON for the park page: its boundary and the located enterprises the user may see."""
    features = []
    if park.boundary:
        features.append({"type": "Feature", "geometry": park.boundary,
                         "properties": {"kind": "boundary", "name": park.name}})
    located = (Enterprise.objects.visible_to(user).filter(park=park, latitude__isnull=False, longitude__isnull=False)
               .values("pk", "name", "latitude", "longitude", "key_enterprise"))
    for row in located:
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(row["longitude"]), float(row["latitude"])]},
            "properties": {"kind": "enterprise", "id": row["pk"], "name": row["name"],
                           "key": row["key_enterprise"]},
        })
    return {"type": "FeatureCollection", "features": features}


def organisation_for(user) -> dict:
    offices = Office.objects.visible_to(user).select_related("station").prefetch_related(
        Prefetch("stationings", queryset=Stationing.objects.select_related("department").order_by("mode")),
        Prefetch("parks", queryset=Park.objects.visible_to(user)),
    )
    departments = Department.objects.visible_to(user).annotate(office_count=Count("stationings"))
    return {"offices": offices, "departments": departments}


def staff_of_station(station_id):
    """Active staff who may join an enterprise's team at this station."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(role=Role.SUPERVISOR, station_id=station_id)
            | Q(role__in=[Role.OFFICER, Role.AUXILIARY], office__station_id=station_id)
            | Q(role=Role.DEPARTMENT, department__station_id=station_id)
        )
        .order_by("role", "full_name")
    )


def dashboard_figures(user) -> dict:
    """Headline counts over what the user may see; a viewer gets installation-wide aggregates only."""
    from datetime import timedelta

    from django.utils import timezone

    if user.role == Role.VIEWER:
        enterprises, parks = Enterprise.objects.all(), Park.objects.all()
    else:
        enterprises, parks = Enterprise.objects.visible_to(user), Park.objects.visible_to(user)
    figures = enterprises.aggregate(
        enterprises=Count("pk"),
        above_size=Count("pk", filter=Q(above_designated_size=True)),
        listed=Count("pk", filter=Q(listed=True)),
        key=Count("pk", filter=Q(key_enterprise=True)),
    )
    figures["parks"] = parks.count()
    if user.role != Role.VIEWER:
        since = timezone.now() - timedelta(days=30)
        figures["visits_30d"] = Visit.objects.visible_to(user).filter(visited_at__gte=since).count()
    return figures


def stationings_of_department(user):
    if user.role != Role.DEPARTMENT or not user.department_id:
        return Stationing.objects.none()
    return Stationing.objects.filter(department_id=user.department_id).select_related("office")


def strategies_due(user, *, within_days: int = 30, limit: int = 10):
    """Strategies (一企一策略) whose review date has passed or falls within ``within_days``."""
    from datetime import timedelta

    from django.utils import timezone

    horizon = timezone.localdate() + timedelta(days=within_days)
    return (Strategy.objects.visible_to(user).filter(review_date__lte=horizon)
            .select_related("enterprise").order_by("review_date")[:limit])


def recent_visits(user, *, limit: int = 10):
    return Visit.objects.visible_to(user).select_related("enterprise", "officer").order_by("-visited_at")[:limit]


def roles_of_person(user, person):
    """The person's roles at the enterprises ``user`` may see (never the others)."""
    return Contact.objects.visible_to(user).filter(person=person).select_related("enterprise")
