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


def test_the_page_shows_the_parks_and_departments_side_by_side_and_the_viewer_the_stations(refreshed, client_for):
    from jingqi.registry.models import Department

    supervisor = refreshed["supervisor"]
    page = client_for(supervisor).get("/figures/", {"start": "2020-01-01", "end": "2029-12-31"})
    assert [b["by"] for b in page.context["breakdowns"]] == ["park", "department"]
    body = page.content.decode()
    assert 'id="breakdown-park"' in body and 'id="breakdown-department"' in body
    for name in [*Park.objects.filter(station=supervisor.station).values_list("name", flat=True),
                 *Department.objects.filter(station=supervisor.station).values_list("name", flat=True)]:
        assert name in body
    viewer_page = client_for(refreshed["viewer"]).get("/figures/")
    assert [b["by"] for b in viewer_page.context["breakdowns"]] == ["station"]
    assert all(name in viewer_page.content.decode() for name in Station.objects.values_list("name", flat=True))
    liaison_page = client_for(refreshed["liaison_a"]).get("/figures/")
    assert liaison_page.context["breakdowns"] == [] and "breakdown-" not in liaison_page.content.decode()
