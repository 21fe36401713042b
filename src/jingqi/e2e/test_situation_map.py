"""The situation map in the browser: the supervisor's requests drawn as a cluster in the layer's colour, the legend
counting them, the heat layer painted when turned on; the officer's map on a phone, within the screen. The map
libraries (Leaflet, its clustering and heat) are served by the site itself. Elements are found by ids and classes,
not by their text, so the test holds whatever language the interface speaks."""

import pytest

from jingqi.e2e.test_phone_layout import overflow
from jingqi.tickets.models import Ticket

pytestmark = [pytest.mark.django_db(transaction=True)]

# how many pixels of the heat layer's canvas are painted (not transparent)
PAINTED = """() => {
  const canvas = document.querySelector("canvas.leaflet-heatmap-layer");
  if (!canvas || !canvas.getBoundingClientRect().width) { return 0; }
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) { painted += 1; } }
  return painted;
}"""


def test_the_supervisor_s_map_clusters_the_requests_and_paints_their_heat(world, open_as, shots):
    station = Ticket.objects.filter(station=world.supervisor.station_id)
    assert station.count() == 2  # both at their enterprises' position (the factory's), so drawn as one cluster
    page = open_as("supervisor")
    page.goto("/figures/map/")
    page.locator("#situation-map[data-ready=true]").wait_for()
    cluster = page.locator(".map-cluster-requests")
    assert cluster.count() == 1 and cluster.inner_text().strip() == "2"
    assert "2" in page.locator("[data-count=requests]").inner_text()
    assert page.locator(".map-cluster-disputes, .map-cluster-hazards").count() == 0
    page.screenshot(path=str(shots / "situation-map.png"), full_page=True)

    assert page.evaluate(PAINTED) == 0
    page.locator(".leaflet-control-layers").hover()
    overlays = page.locator(".leaflet-control-layers-overlays input")
    overlays.nth(overlays.count() - 1).check()  # the last overlay: the heat of the only layer with records
    page.wait_for_function(PAINTED)
    page.screenshot(path=str(shots / "situation-map-heat.png"), full_page=True)


def test_the_officer_s_map_fits_a_phone(world, open_as, shots):
    page = open_as("officer_a", phone=True)
    page.goto("/figures/map/")
    page.locator("#situation-map[data-ready=true]").wait_for()
    assert page.locator(".map-cluster-requests, #situation-map path.leaflet-interactive").count() > 0
    assert overflow(page) is None, overflow(page)
    page.screenshot(path=str(shots / "situation-map-phone.png"), full_page=True)
