"""The figures side by side per station or park: who gets which, and the page's table. That the rows are each
station's or park's figures and add up to the whole is tested over the demo, in test_figures."""

import pytest

from jingqi.analytics.selectors import Scope, breakdown_by
from jingqi.analytics.services import do_refresh_figures
from jingqi.registry.models import Park, Station

pytestmark = pytest.mark.django_db


@pytest.fixture
def refreshed(world):
    do_refresh_figures(full=True)
    return world.objects


@pytest.mark.parametrize("persona, scope, by", [
    ("viewer", Scope(), "station"), ("supervisor", Scope(), "park"), ("officer_a", Scope(), "park"),
    ("liaison_a", Scope(), None), ("dept_transport", Scope(), None), ("supervisor", "park", None),
    ("viewer", "station", "park"),
])
def test_each_role_compares_what_it_sees_across_stations_or_parks(refreshed, persona, scope, by):
    user = refreshed[persona]
    if scope == "park":
        scope = Scope(park=Park.objects.filter(station=refreshed["supervisor"].station).first().pk)
    elif scope == "station":
        scope = Scope(station=refreshed["supervisor"].station_id)
    assert breakdown_by(user, scope) == by


def test_the_page_shows_the_parks_side_by_side_and_the_viewer_the_stations(refreshed, client_for):
    supervisor_page = client_for(refreshed["supervisor"]).get("/figures/", {"start": "2020-01-01",
                                                                            "end": "2029-12-31"})
    assert supervisor_page.context["breakdown_by"] == "park"
    body = supervisor_page.content.decode()
    assert 'id="breakdown"' in body
    for park in Park.objects.filter(station=refreshed["supervisor"].station):
        assert park.name in body
    viewer_page = client_for(refreshed["viewer"]).get("/figures/")
    assert viewer_page.context["breakdown_by"] == "station"
    assert all(name in viewer_page.content.decode() for name in Station.objects.values_list("name", flat=True))
    liaison_page = client_for(refreshed["liaison_a"]).get("/figures/")
    assert liaison_page.context["breakdown"] is None and 'id="breakdown"' not in liaison_page.content.decode()
