"""Each role's dashboard in the browser: the home page's panels, then the figures page with its chart drawn (ECharts,
served locally), on a desktop screen and on a phone; the supervisor follows a figure to the records behind it and
picks another figure for the chart. Each page is saved as a PNG for a person to look at.

Elements are found by ids, URLs and classes, not by their text, so the test holds whatever language the interface
speaks."""

import pytest

from jingqi.analytics.services import do_refresh_figures
from jingqi.e2e.test_phone_layout import overflow

pytestmark = [pytest.mark.django_db(transaction=True)]

# persona → (has the "overdue and due today" panel, may open the records behind a figure; None: the cast gives the
# department no figure with records this year, its task being neither done nor due; the side-by-side tables: parks
# and departments within a station, the stations for the city/county viewer, none for one enterprise or department)
ROLES = {"supervisor": (True, True, 2), "officer_a": (True, True, 2), "dept_transport": (True, None, 0),
         "liaison_a": (False, True, 0), "viewer": (False, False, 1)}


@pytest.mark.parametrize("persona", sorted(ROLES))
@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_each_role_s_dashboard_and_figures_render(world, open_as, shots, persona, phone):
    do_refresh_figures(full=True)
    work_due, drill, side_by_side = ROLES[persona]
    page = open_as(persona, phone=phone)
    page.goto("/")
    page.locator("#key-figures .figure").first.wait_for()
    assert page.locator("#work-due").count() == int(work_due)
    if phone:
        assert overflow(page) is None, overflow(page)
    page.screenshot(path=str(shots / f"home-{persona}-{'phone' if phone else 'desktop'}.png"), full_page=True)

    page.locator("#key-figures a.figure").first.click()
    page.wait_for_url("**/figures/")
    page.locator("#figures-trend-chart canvas").wait_for()  # the chart was drawn by the page's own script
    assert page.locator("section:not(.breakdown) > table.figures-table").count() == 6  # a table per section
    assert page.locator("section.breakdown table.figures-table").count() == side_by_side
    records = page.locator("a[href*='/figures/records/?figure=']")
    if drill is not None:
        assert (records.count() > 0) is drill
    if phone:
        assert overflow(page) is None, overflow(page)
    page.screenshot(path=str(shots / f"figures-{persona}-{'phone' if phone else 'desktop'}.png"), full_page=True)


def test_the_supervisor_follows_a_figure_to_its_records(world, open_as, shots):
    from jingqi.tickets.models import Ticket

    do_refresh_figures(full=True)
    page = open_as("supervisor")
    page.goto("/figures/?start=2020-01-01&end=2029-12-31")
    page.locator("#figures-trend-chart canvas").wait_for()
    page.select_option("#trend-figure", "requests.response_rate")  # the chart redraws another figure
    page.locator("a[href*='/figures/records/?figure=requests.received']").click()
    page.wait_for_url("**/figures/records/**")
    tickets = Ticket.objects.filter(station=world.supervisor.station_id)
    links = page.locator("table.grid a[href^='/requests/']")
    assert links.count() == tickets.count() > 0
    page.screenshot(path=str(shots / "figure-records.png"), full_page=True)
    links.first.click()
    page.wait_for_url("**/requests/*/")


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_supervisor_opens_the_figures_by_type_and_officer(world, open_as, shots, phone):
    do_refresh_figures(full=True)
    page = open_as("supervisor", phone=phone)
    page.goto("/figures/?start=2020-01-01&end=2029-12-31")
    page.locator("#figures-trend-chart canvas").wait_for()
    page.locator("a[href^='/figures/by/']").click()
    page.wait_for_url("**/figures/by/**")
    assert page.locator("#breakdown-kind-ticket table.figures-table tbody tr").count() >= 1
    assert page.locator("#breakdown-officer").count() == 1  # the cast's requests are solved by nobody yet
    if phone:
        assert overflow(page) is None, overflow(page)
    page.screenshot(path=str(shots / f"figures-by-{'phone' if phone else 'desktop'}.png"), full_page=True)
