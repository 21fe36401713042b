"""The situation map: who may open it, what each layer holds (only what the user sees, of the period and park
asked for), the heat that counts what the points leave out, bad input, its queries and their plans."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Q
from django.shortcuts import resolve_url
from django.utils import timezone

from jingqi.analytics import selectors_map
from jingqi.core.testing.plans import assert_served_by_index
from jingqi.disputes.models import Dispute
from jingqi.inspections.models import Hazard
from jingqi.registry.models import Enterprise
from jingqi.tickets.models import Ticket

pytestmark = [pytest.mark.django_db, pytest.mark.dispute_cast, pytest.mark.inspection_cast, pytest.mark.patrol_cast]
PAGE, DATA = "/figures/map/", "/figures/map/data/"
# each park's records at one spot of its own (a 0.01° square apart, so a's and b's never share a heat cell)
SPOTS = {"PA": ("29.601000", "120.801000"), "PB": ("29.611000", "120.811000"), "PT": ("29.621000", "120.821000")}


@pytest.fixture
def placed(world):
    """Every request, dispute and hazard of the cast placed at its park's spot, reported today."""
    for code, (lat, lon) in SPOTS.items():
        Ticket.objects.filter(enterprise__park__code=code).update(latitude=lat, longitude=lon)
        Dispute.objects.filter(park__code=code).update(latitude=lat, longitude=lon)
        Hazard.objects.filter(park__code=code).update(latitude=lat, longitude=lon)
    return world


def _today():
    return timezone.localdate().isoformat()


def _layers(client, **params) -> dict:
    response = client.get(DATA, {"start": _today(), "end": _today(), **params})
    assert response.status_code == 200, response.content
    return {layer["key"]: layer for layer in response.json()["layers"]}


def _ids(layer) -> set[int]:
    return {point[2] for point in layer["points"]}


@pytest.mark.parametrize("persona, status", [
    ("supervisor", 200), ("officer_a", 200), ("auxiliary_a", 200), ("liaison_a", 200), ("dept_transport", 200),
    ("viewer", 403), ("volunteer_a", 403),
])
def test_who_may_open_the_map(placed, client_for, persona, status):
    client = client_for(placed.objects[persona])
    assert client.get(PAGE).status_code == status
    assert client.get(DATA).status_code == status


def test_signed_out_visitors_are_sent_to_sign_in(client):
    for url in (PAGE, DATA):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(resolve_url("login"))


def test_the_page_loads_the_map_libraries_from_the_site_and_asks_for_the_same_period(placed, client_for):
    body = client_for(placed.supervisor).get(PAGE, {"start": "2026-01-01", "end": "2026-03-31"}).content.decode()
    for asset in ("vendor/leaflet/leaflet.js", "vendor/leaflet-markercluster/leaflet.markercluster.js",
                  "vendor/leaflet-heat/leaflet-heat.js", "analytics/situation_map.js"):
        assert asset in body
    assert 'data-features="/figures/map/data/?start=2026-01-01&amp;end=2026-03-31"' in body
    assert "http://" not in body.replace("http://testserver", "") and "https://" not in body


@pytest.mark.parametrize("persona, scope", [
    ("supervisor", lambda w: Q(station=w.supervisor.station_id)),
    ("officer_a", lambda w: Q(enterprise__park__office=w.officer_a.office_id)),
    ("liaison_a", lambda w: Q(enterprise=w.liaison_a.enterprise_id)),
])
def test_each_layer_holds_what_the_user_sees_and_nothing_else(placed, client_for, persona, scope):
    layers = _layers(client_for(placed.objects[persona]))
    tickets = set(Ticket.objects.filter(scope(placed)).values_list("pk", flat=True))
    assert _ids(layers["requests"]) == tickets and layers["requests"]["total"] == len(tickets) > 0
    user = placed.objects[persona]
    for key, model in (("disputes", Dispute), ("hazards", Hazard)):
        assert _ids(layers[key]) == set(model.objects.visible_to(user).values_list("pk", flat=True))
    everything = Ticket.objects.count() + Dispute.objects.count() + Hazard.objects.count()
    assert sum(layer["total"] for layer in layers.values()) < everything


def test_the_officer_s_map_shows_none_of_the_other_office_s_records(placed, client_for):
    layers = _layers(client_for(placed.officer_a))
    others = Q(park__office=placed.office_b) | Q(park__station=placed.station_t)
    assert not _ids(layers["disputes"]) & set(Dispute.objects.filter(others).values_list("pk", flat=True))
    assert not _ids(layers["hazards"]) & set(Hazard.objects.filter(others).values_list("pk", flat=True))
    assert placed.ticket_b.pk not in _ids(layers["requests"]) and placed.ticket_t.pk not in _ids(layers["requests"])


def test_a_point_carries_its_place_its_reference_and_a_link_to_its_page(placed, client_for):
    layers = _layers(client_for(placed.officer_a))
    point = next(p for p in layers["requests"]["points"] if p[2] == placed.ticket_a.pk)
    assert point[:2] == [29.601, 120.801] and point[3].startswith(placed.ticket_a.reference)
    assert layers["requests"]["url"] == "/requests/0/"


def test_records_of_another_period_or_without_a_place_are_left_out(placed, client_for):
    Ticket.objects.filter(pk=placed.ticket_a.pk).update(submitted_at=timezone.now() - timedelta(days=40))
    Hazard.objects.filter(park=placed.park_a).update(latitude=None)
    Enterprise.objects.filter(park=placed.park_a).update(latitude=None)  # nor where its enterprise is
    layers = _layers(client_for(placed.supervisor))
    assert placed.ticket_a.pk not in _ids(layers["requests"]) and placed.ticket_b.pk in _ids(layers["requests"])
    assert not _ids(layers["hazards"]) & set(Hazard.objects.filter(park=placed.park_a).values_list("pk", flat=True))
    by_default = client_for(placed.supervisor).get(DATA).json()["layers"][0]  # the last 30 days
    assert placed.ticket_a.pk not in _ids(by_default) and placed.ticket_b.pk in _ids(by_default)
    earlier = (timezone.localdate() - timedelta(days=45)).isoformat()
    assert _ids(_layers(client_for(placed.supervisor), start=earlier)["requests"]) >= {placed.ticket_a.pk}


def test_a_request_or_hazard_without_a_place_is_drawn_where_its_enterprise_is(placed, client_for):
    Enterprise.objects.filter(pk=placed.enterprise_a.pk).update(latitude="29.605000", longitude="120.805000")
    Ticket.objects.filter(pk=placed.ticket_a.pk).update(latitude=None, longitude=None)
    Hazard.objects.filter(park=placed.park_a).update(latitude=None, longitude=None)
    Dispute.objects.filter(park=placed.park_a).update(latitude=None, longitude=None)
    layers = _layers(client_for(placed.officer_a))
    (point,) = [p for p in layers["requests"]["points"] if p[2] == placed.ticket_a.pk]
    assert point[:2] == [29.605, 120.805]
    hazards = Hazard.objects.filter(park=placed.park_a, enterprise=placed.enterprise_a)
    assert hazards and {p[2] for p in layers["hazards"]["points"]} >= set(hazards.values_list("pk", flat=True))
    assert not layers["disputes"]["points"]  # a dispute has no enterprise of its own to fall back on


def test_a_park_narrows_every_layer_and_the_patrol_places(placed, client_for):
    data = client_for(placed.supervisor).get(DATA, {"park": placed.park_b.pk}).json()
    layers = {layer["key"]: layer for layer in data["layers"]}
    assert _ids(layers["requests"]) == {placed.ticket_b.pk}
    assert _ids(layers["disputes"]) == set(Dispute.objects.filter(park=placed.park_b).values_list("pk", flat=True))
    assert {f["properties"]["name"] for f in data["places"]["features"] if f["properties"]["kind"] == "boundary"} \
        == {placed.park_b.name}


def test_the_heat_counts_every_record_even_where_the_points_are_cut(placed, client_for, monkeypatch):
    monkeypatch.setattr(selectors_map, "POINT_LIMIT", 1)
    requests = _layers(client_for(placed.supervisor))["requests"]
    expected = Ticket.objects.filter(station=placed.station).count()
    assert len(requests["points"]) == 1 and requests["total"] == expected >= 2
    assert sum(cell[2] for cell in requests["heat"]) == expected
    spots = {(Decimal(lat).quantize(Decimal("0.001")), Decimal(lon).quantize(Decimal("0.001")))
             for code, (lat, lon) in SPOTS.items() if code != "PT"}
    assert {(Decimal(str(c[0])).quantize(Decimal("0.001")), Decimal(str(c[1])).quantize(Decimal("0.001")))
            for c in requests["heat"]} == spots


@pytest.mark.parametrize("params, field", [
    ({"start": "2026-05-01", "end": "2026-04-01"}, "end"),
    ({"start": "yesterday"}, "start"),
    ({"park": "999999"}, "park"),
])
def test_bad_input_is_refused_beside_its_field_and_nothing_is_drawn(placed, client_for, params, field):
    client = client_for(placed.supervisor)
    page = client.get(PAGE, params)
    assert page.status_code == 400 and field in page.context["form"].errors
    assert 'id="situation-map"' not in page.content.decode()
    data = client.get(DATA, params)
    assert data.status_code == 400 and field in data.json()["errors"] and "layers" not in data.json()


def test_a_park_of_another_station_is_refused_like_a_missing_one(placed, client_for):
    response = client_for(placed.supervisor).get(DATA, {"park": placed.park_t.pk})
    assert response.status_code == 400 and "park" in response.json()["errors"]


def test_the_map_s_queries_do_not_grow_with_the_records(placed, client_for, django_assert_max_num_queries):
    client = client_for(placed.supervisor)
    with django_assert_max_num_queries(13):
        _layers(client)
    for n in range(5):
        ticket = Ticket.objects.get(pk=placed.ticket_a.pk)
        ticket.pk, ticket.reference, ticket.token = None, f"{ticket.reference}-{n}", uuid.uuid4()
        ticket.save()
    with django_assert_max_num_queries(13):
        assert _layers(client)["requests"]["total"] >= 6


@pytest.mark.parametrize("persona, park, indexes", [
    ("supervisor", None, {"requests": "ticket_station_submitted_idx", "disputes": "dispute_station_reported_idx",
                          "hazards": "hazard_station_reported_idx"}),
    ("officer_a", "park_a", {"disputes": "dispute_park_reported_idx", "hazards": "hazard_park_reported_idx"}),
])
def test_the_newest_points_are_read_in_order_through_an_index(placed, persona, park, indexes):
    user, today = placed.objects[persona], timezone.localdate()
    for layer, reader in selectors_map.LAYERS:
        if layer.key not in indexes:
            continue
        qs = selectors_map.located_in_period(reader(user, placed.objects[park] if park else None), layer, today,
                                             today)
        assert_served_by_index(qs.order_by(f"-{layer.date_field}"), indexes[layer.key])


def test_the_figures_and_the_park_lead_to_the_map_for_those_who_may_open_it(placed, client_for):
    figures = client_for(placed.supervisor).get("/figures/", {"start": "2026-01-01", "end": "2026-03-31"})
    assert f'href="{PAGE}?start=2026-01-01&amp;end=2026-03-31"' in figures.content.decode()
    park = client_for(placed.officer_a).get(resolve_url("registry:park_detail", placed.park_a.pk)).content.decode()
    assert f'href="{PAGE}?park={placed.park_a.pk}"' in park
    assert PAGE not in client_for(placed.viewer).get("/figures/").content.decode()
