"""The situation map: what happened where, in a period and a park (or every park the user may see).

Point layers (requests, disputes and hazards reported in the period that were placed on the map, or whose
enterprise was: a request or a hazard without a place of its own is drawn where its enterprise is) are read from
each app's own records through their ``visible_to``; the map draws them clustered when dense. A layer sends its
newest ``POINT_LIMIT`` points and says how many there were, so a year of a whole city never reaches a phone in one
piece. Its heat layer counts every record of the period in cells of about a hundred metres (one grouped query,
however many records), so the heat stays true when the points are cut. Patrol areas, routes and checkpoints, and
the park boundaries, come from the patrol map's own reader.

The map names records (a request's title, a dispute's), so it is for those who may list the records behind a
figure: not the city/county viewer, who reads sums only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, QuerySet
from django.db.models.functions import Coalesce, Round
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jingqi.core.figures import period_bounds

# the newest points a layer sends; the rest are counted (and heated), not drawn
POINT_LIMIT = 2000
# heat cells: coordinates rounded to this many decimals (0.001° is about 100 m north–south, 90 m east–west here)
HEAT_DECIMALS = 3


@dataclass(frozen=True)
class Layer:
    key: str
    label: Promise
    date_field: str
    detail_url: str  # URL name of a record's page
    # where a record with no position of its own is drawn: its enterprise's (a request or a hazard concerns one)
    fallback: str | None = None


def _tickets(user, park):
    from jingqi.tickets.models import Ticket

    qs = Ticket.objects.visible_to(user)
    return qs.filter(enterprise__park=park) if park is not None else qs


def _disputes(user, park):
    from jingqi.disputes.models import Dispute

    qs = Dispute.objects.visible_to(user)
    return qs.filter(park=park) if park is not None else qs


def _hazards(user, park):
    from jingqi.inspections.models import Hazard

    qs = Hazard.objects.visible_to(user)
    return qs.filter(park=park) if park is not None else qs


LAYERS = (
    (Layer("requests", _("Requests"), "submitted_at", "tickets:ticket_detail", fallback="enterprise"), _tickets),
    (Layer("disputes", _("Disputes"), "reported_at", "disputes:dispute_detail"), _disputes),
    (Layer("hazards", _("Hazards"), "reported_at", "inspections:hazard_detail", fallback="enterprise"), _hazards),
)


def located_in_period(qs: QuerySet, layer: Layer, start: date, end: date) -> QuerySet:
    """The layer's records of the period with a place on the map (``lat``, ``lon``): their own, else their
    fallback's."""
    since, until = period_bounds(start, end + timedelta(days=1))  # both days included
    if layer.fallback:
        qs = qs.annotate(lat=Coalesce("latitude", f"{layer.fallback}__latitude"),
                         lon=Coalesce("longitude", f"{layer.fallback}__longitude"))
    else:
        qs = qs.annotate(lat=F("latitude"), lon=F("longitude"))
    return qs.filter(**{f"{layer.date_field}__gte": since, f"{layer.date_field}__lt": until},
                     lat__isnull=False, lon__isnull=False)


def _points(qs: QuerySet, layer: Layer) -> list[list]:
    """The newest points as [latitude, longitude, id, reference and title, status, emphasis]: compact, as a year of
    points is most of what the map's answer weighs. Emphasis: a group dispute, a major hazard."""
    from jingqi.inspections.choices import Severity

    extra = {"disputes": "is_group", "hazards": "severity"}.get(layer.key)
    fields = ["pk", "reference", "title", "status", "lat", "lon", *([extra] if extra else [])]
    model = qs.model
    statuses = dict(model._meta.get_field("status").choices)
    rows = qs.order_by(f"-{layer.date_field}").values_list(*fields)[:POINT_LIMIT]
    points = []
    for pk, reference, title, status, latitude, longitude, *rest in rows:
        emphasis = bool(rest and (rest[0] is True or rest[0] == Severity.MAJOR))
        points.append([float(latitude), float(longitude), pk, f"{reference} {title}",
                       str(statuses.get(status, status)), emphasis])
    return points


def heat_cells(qs: QuerySet) -> list[list]:
    """[latitude, longitude, records] per cell of about a hundred metres: one grouped query."""
    cells = (qs.order_by().values(cell_lat=Round("lat", HEAT_DECIMALS), cell_lon=Round("lon", HEAT_DECIMALS))
             .annotate(n=Count("pk")).values_list("cell_lat", "cell_lon", "n"))
    return [[float(lat), float(lon), n] for lat, lon, n in cells]


def map_layers(user, *, start: date, end: date, park=None) -> dict:
    """Everything the situation map draws for ``user`` in the period (and park, if one is given): boundaries and
    patrol places as GeoJSON, then per layer its points, how many records it has, and its heat cells."""
    from jingqi.patrols.selectors import map_features

    layers = []
    for layer, reader in LAYERS:
        qs = located_in_period(reader(user, park), layer, start, end)
        points = _points(qs, layer)
        heat = heat_cells(qs) if points else []
        # the cells count every record of the period once: their sum is the layer's total, without a count of its own
        layers.append({"key": layer.key, "label": str(layer.label), "total": sum(cell[2] for cell in heat),
                       "points": points, "url": reverse(layer.detail_url, args=[0]), "heat": heat})
    return {"places": map_features(user, park=park), "layers": layers, "limit": POINT_LIMIT,
            "start": start.isoformat(), "end": end.isoformat()}
