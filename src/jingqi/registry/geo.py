"""Park boundaries: GeoJSON validation and geodesic area."""

import json
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from pyproj import Geod
from shapely.geometry import shape
from shapely.validation import explain_validity

from jingqi.core.errors import ActionError
from jingqi.core.parsing import loads_json

GEOD = Geod(ellps="WGS84")
ACCEPTED_TYPES = {"Polygon", "MultiPolygon"}


def _fail(message):
    raise ActionError(message, field="boundary")


def normalize_boundary(value) -> dict | None:
    """Accept a GeoJSON Polygon/MultiPolygon (bare, as a Feature, or as text); return the geometry.

    Coordinates are longitude, latitude (WGS 84), as GeoJSON specifies. Rings must close, and the
    shape must be valid (no self-intersection).
    """
    if value in (None, "", {}):
        return None
    if isinstance(value, str):
        try:
            value = loads_json(value)
        except json.JSONDecodeError as exc:
            _fail(_("The boundary is not valid JSON (line %(line)s, column %(col)s).")
                  % {"line": exc.lineno, "col": exc.colno})
    if not isinstance(value, dict):
        _fail(_("The boundary must be a GeoJSON object."))
    if value.get("type") == "Feature":
        value = value.get("geometry") or {}
    if value.get("type") == "FeatureCollection":
        features = value.get("features") or []
        if len(features) != 1:
            _fail(_("A boundary FeatureCollection must hold exactly one feature."))
        value = features[0].get("geometry") or {}
    if value.get("type") not in ACCEPTED_TYPES:
        _fail(_("The boundary must be a Polygon or MultiPolygon."))
    polygons = value.get("coordinates")
    if value["type"] == "Polygon":
        polygons = [polygons]
    if not isinstance(polygons, list) or not polygons:
        _fail(_("The boundary has no coordinates."))
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            _fail(_("Each polygon needs at least one ring."))
        for ring in polygon:
            _check_ring(ring)
    geometry = shape(value)
    if not geometry.is_valid:
        _fail(_("The boundary is not a valid shape: %(reason)s.") % {"reason": explain_validity(geometry)})
    return {"type": value["type"], "coordinates": value["coordinates"]}


def _check_ring(ring):
    if not isinstance(ring, list) or len(ring) < 4:
        _fail(_("Each ring needs at least four positions (the first repeated at the end)."))
    for position in ring:
        if (
            not isinstance(position, list | tuple)
            or len(position) < 2
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in position[:2])
        ):
            _fail(_("Each position must be a pair of numbers: longitude, latitude."))
        lon, lat = position[0], position[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            _fail(_("Position %(pos)s is outside longitude −180…180 / latitude −90…90.") % {"pos": [lon, lat]})
    if list(ring[0][:2]) != list(ring[-1][:2]):
        _fail(_("A ring must end where it starts."))


def area_km2(geometry: dict | None) -> Decimal | None:
    """Geodesic area on the WGS 84 ellipsoid, in km², two decimals."""
    if not geometry:
        return None
    area_m2, _perimeter = GEOD.geometry_area_perimeter(shape(geometry))
    return (Decimal(abs(area_m2)) / Decimal(1_000_000)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def centroid(geometry: dict | None) -> tuple[float, float] | None:
    if not geometry:
        return None
    point = shape(geometry).centroid
    return point.y, point.x
