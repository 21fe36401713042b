"""Patrol areas, routes and checkpoints: the list, the map (drawn with Leaflet from static/vendor, as the park
and dispute maps), its GeoJSON, and the forms where a shape is drawn on the map into a hidden GeoJSON field
(with a text area as the fallback). Thin: parse, call a service, render."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jingqi.core.errors import ActionError
from jingqi.core.parsing import parse_optional_int
from jingqi.core.scoping import access
from jingqi.registry.models import Park

from .. import selectors, services
from ..choices import PlaceKind
from ..forms import PlaceEditForm, PlaceForm
from ..models import Place
from .teams import form_error, page_of, require_police, require_sight

FIELDS = ("name", "geometry", "risk_weight", "cover_periods", "radius_m", "description", "route")


def _park_filter(request, user):
    try:
        pk = parse_optional_int(request.GET.get("park"), field="park", min=1)
    except ActionError:
        return None
    return Park.objects.visible_to(user).filter(pk=pk).first() if pk else None


@login_required
def place_list(request):
    user = request.user
    require_sight(user)
    kind = request.GET.get("kind", "")
    kind = kind if kind in PlaceKind.values else ""
    park = _park_filter(request, user)
    q = request.GET.get("q", "").strip()[:60]
    page, query_string = page_of(request, selectors.places_for(user, kind=kind, park=park, q=q))
    template = "patrols/partials/_place_table.html" if request.htmx else "patrols/place_list.html"
    return render(request, template, {"page": page, "query_string": query_string, "kind": kind, "kinds":
                                      PlaceKind.choices, "park": park, "parks": selectors.parks_for(user), "q": q,
                                      "is_police": services.is_police(user)})


@login_required
def place_map(request):
    user = request.user
    require_sight(user)
    park = _park_filter(request, user)
    return render(request, "patrols/place_map.html", {"park": park, "parks": selectors.parks_for(user),
                                                      "is_police": services.is_police(user)})


@login_required
def map_features(request):
    user = request.user
    require_sight(user)
    return JsonResponse(selectors.map_features(user, park=_park_filter(request, user)))


def _data(cleaned: dict) -> dict:
    data = {name: cleaned.get(name) for name in FIELDS}
    data["route"] = cleaned["route"].pk if cleaned.get("route") else None
    return data


@login_required
def place_create(request):
    user = request.user
    require_police(user)
    parks = selectors.parks_for(user)
    kind = request.GET.get("kind", "")
    form = PlaceForm(request.POST or None, parks=parks, routes=selectors.routes_for(user).filter(
        kind=PlaceKind.ROUTE), initial={"kind": kind if kind in PlaceKind.values else PlaceKind.CHECKPOINT})
    if request.method == "POST" and form.is_valid():
        x = form.cleaned_data
        try:
            place = services.do_create_place(user, park=x["park"], kind=x["kind"], data=_data(x))
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Place saved."))
            return redirect("patrols:place_detail", pk=place.pk)
    return render(request, "patrols/place_form.html", {"form": form, "title": _("New patrol place")},
                  status=400 if form.errors else 200)


@login_required
def place_detail(request, pk):
    user = request.user
    place = access(Place.objects.select_related("park", "route"), user, pk)
    checkpoints = list(place.checkpoints.visible_to(user).order_by("name")) if place.kind == PlaceKind.ROUTE else []
    return render(request, "patrols/place_detail.html", {
        "place": place, "checkpoints": checkpoints, "is_police": services.is_police(user),
        "geometry_json": json.dumps(place.geometry)})


@login_required
def place_edit(request, pk):
    user = request.user
    place = access(Place.objects.select_related("park"), user, pk, "change")
    initial = {name: getattr(place, name) for name in FIELDS if name not in ("geometry", "route")}
    form = PlaceEditForm(request.POST or None, routes=selectors.routes_for(user, park=place.park).filter(
        kind=PlaceKind.ROUTE), initial={**initial, "geometry": json.dumps(place.geometry), "route": place.route_id,
                                        "active": place.active, "version": place.version})
    if place.kind != PlaceKind.CHECKPOINT:
        del form.fields["route"]
        del form.fields["radius_m"]
    if request.method == "POST" and form.is_valid():
        x = form.cleaned_data
        data = {k: v for k, v in _data(x).items() if k in form.fields}
        data["active"] = x["active"]
        try:
            services.do_update_place(user, place, data=data, expected_version=x["version"])
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Place updated."))
            return redirect("patrols:place_detail", pk=pk)
    return render(request, "patrols/place_form.html", {"form": form, "place": place, "title": _("Edit the place")},
                  status=400 if form.errors else 200)
