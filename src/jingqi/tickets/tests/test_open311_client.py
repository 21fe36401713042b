"""A third-party GeoReport v2 client (the `georeport` package from PyPI), used unchanged against a live
Jingqi: services, definitions and requests in JSON and in XML."""

import pytest
import requests

from jingqi.core.testing.personas import fresh_world
from jingqi.tickets import services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db):
    return fresh_world()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_client_reads_services_and_requests(world, live_server, fmt):
    from georeport import GeoReport

    client = GeoReport(f"{live_server.url}/open311/v2", jurisdiction="S", output_format=fmt)
    codes = [s["service_code"] for s in client.get_service_list()]
    assert "T-01" in codes
    definition = client.get_service_definition("T-01")
    attributes = definition["attributes"]
    attributes = attributes["attribute"] if fmt == "xml" else attributes
    assert any(a["code"] == "uscc" for a in (attributes if isinstance(attributes, list) else [attributes]))
    listed = client.get_service_requests(status="open")
    listed = listed if isinstance(listed, list) else [listed]
    assert str(world.ticket_a.pk) in [r["service_request_id"] for r in listed]
    one = client.get_service_request(str(world.ticket_a.pk))
    assert one["status"] == "open" and one["service_code"] == "T-01"


def test_a_client_posts_with_the_standard_form_fields(world, live_server):
    _key, raw = services.do_create_open311_key(None, name="client", station=world.station)
    response = requests.post(f"{live_server.url}/open311/v2/requests.json", data={
        "api_key": raw, "jurisdiction_id": "S", "service_code": "T-01", "lat": "29.605", "long": "120.805",
        "description": "压机运输需协调", "attribute[uscc]": world.enterprise_a.uscc}, timeout=10)
    assert response.status_code == 200, response.text
    (row,) = response.json()
    assert row["service_request_id"].isdigit() and "token" not in row
