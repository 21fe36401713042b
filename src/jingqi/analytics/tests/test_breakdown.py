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


def test_the_spreadsheet_has_the_side_by_side_tables_of_the_page(refreshed, client_for):
    import io

    from django.utils import translation
    from openpyxl import load_workbook

    from jingqi.analytics.selectors import BREAKDOWN_FIGURES, breakdown

    supervisor = refreshed["supervisor"]
    with translation.override("en"):
        response = client_for(supervisor).get("/figures/export/", {"start": "2020-01-01", "end": "2029-12-31"},
                                              HTTP_ACCEPT_LANGUAGE="en")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Figures", "Park by park", "Department by department", "About"]
    header, *rows = list(book["Park by park"].iter_rows(values_only=True))
    assert header[0] == "Park" and len(header) == 1 + 2 * len(BREAKDOWN_FIGURES)
    from datetime import date

    want = breakdown(supervisor, "park", start=date(2020, 1, 1), end=date(2029, 12, 31))
    assert [row[0] for row in rows] == [row.label for row in want]
    # each figure's sample beside its value
    assert [row[2::2] for row in rows] == [tuple(f.sample for f in row.figures) for row in want]
