"""Every kind of page works under the strict Content-Security-Policy: no violation in a real browser.

The policy forbids inline script, eval and foreign origins; a page that still relied on one (an inline
handler, htmx's injected indicator style, Swagger UI's inline start-up script) would log a violation.
"""

import pytest

from jingqi.core.testing.factories import UserFactory
from jingqi.e2e.test_phone_layout import inspection_pages, inspection_to_fill, session_to_record

pytestmark = [pytest.mark.django_db(transaction=True)]

# Collects what the browser refuses, from the page itself (Playwright's init script is not subject to CSP).
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " +
                    (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


def watch(page, *, errors=False):
    """What the page refuses under the policy, as a list that grows; with ``errors``, also what it logs as an
    error (a script that fails, a resource that does not load) and its uncaught exceptions."""
    console = []
    page.add_init_script(LISTEN)
    page.on("console", lambda message: console.append(message.text)
            if "Content Security Policy" in message.text or (errors and message.type == "error") else None)
    if errors:
        page.on("pageerror", lambda error: console.append(f"uncaught: {error}"))

    def violations():
        return console + page.evaluate("window.__csp || []")

    return violations


@pytest.fixture
def watched(page):
    return watch(page)


def visit(page, violations, url, ready):
    response = page.goto(url)
    assert response.status == 200, url
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    page.locator(ready).first.wait_for()
    assert violations() == [], url


@pytest.mark.dispute_cast
@pytest.mark.patrol_cast
def test_login_and_police_pages_run_without_csp_violations(world, page, sign_in, watched):
    visit(page, watched, "/accounts/login/", "input[name=username]")
    sign_in("officer_a")
    visit(page, watched, "/", "main")
    visit(page, watched, "/registry/enterprises/", "#enterprise-table")
    # htmx list filtering (its indicator would inject a <style> unless told not to).
    with page.expect_response(lambda r: "/registry/enterprises/?" in r.url and r.request.headers.get("hx-request")):
        page.locator("input[name=q]").press_sequentially(world.enterprise_a.name[:2])
    assert watched() == []
    visit(page, watched, f"/registry/enterprises/{world.enterprise_a.pk}/", "h1")
    visit(page, watched, f"/registry/parks/{world.park_a.pk}/", "#park-map[data-ready=true]")
    page.locator("#park-map path.leaflet-interactive").last.click(force=True)
    assert watched() == []
    visit(page, watched, f"/requests/{world.ticket_a.pk}/", "h1")
    clue = world.clue_s
    clue.graph = {"nodes": [{"id": "p1", "name": "王**", "value": 2, "category": "person"},
                            {"id": "p2", "name": "李**", "value": 1, "category": "person"},
                            {"id": "t1", "name": "139****1234", "value": 2, "category": "phone"},
                            {"id": "m1", "name": "某商户", "value": 2, "category": "merchant"}],
                  "links": [{"source": "p1", "target": "t1"}, {"source": "p2", "target": "t1"},
                            {"source": "p1", "target": "m1"}, {"source": "p2", "target": "m1"}]}
    clue.save(update_fields=["graph"])
    visit(page, watched, f"/claims/clues/{clue.pk}/", "#identity-graph svg")
    page.locator("#identity-graph").hover()
    assert watched() == []
    # Disputes: the list filtered through htmx, the workbench, the page (its folded actions open), the session
    # record form, the printable agreement, the map with a dispute's popup, the figures.
    session = session_to_record(world)
    visit(page, watched, "/disputes/", "table.grid")
    with page.expect_response(lambda r: "/disputes/?" in r.url and r.request.headers.get("hx-request")):
        page.select_option("form.filters select[name=status]", "open")
    visit(page, watched, "/disputes/workbench/", "main h1")
    visit(page, watched, f"/disputes/{session.dispute_id}/", "ol.timeline")
    page.locator("details:has(form[action$='/fail/']) summary").click()
    visit(page, watched, f"/disputes/{world.dispute_a.pk}/", "ol.timeline")
    visit(page, watched, f"/disputes/sessions/{session.pk}/record/", "textarea[name=minutes]")
    visit(page, watched, f"/disputes/agreements/{world.agreement_a.pk}/document/", "article.agreement-doc")
    visit(page, watched, "/disputes/map/", "#dispute-map[data-ready=true]")
    page.locator("#dispute-map path.leaflet-interactive").last.click(force=True)
    page.locator("#dispute-map .leaflet-popup-content a[href^='/disputes/']").wait_for()
    assert watched() == []
    visit(page, watched, "/disputes/figures/", "main h1")
    # The situation map: clusters drawn as HTML icons, a cluster opened, the heat painted on a canvas.
    visit(page, watched, "/figures/map/", "#situation-map[data-ready=true]")
    page.locator("#situation-map .map-cluster, #situation-map path.leaflet-interactive").first.click(force=True)
    page.locator("#situation-map .leaflet-control-layers").hover()
    overlays = page.locator("#situation-map .leaflet-control-layers-overlays input")
    overlays.nth(overlays.count() - 1).check()
    assert watched() == []
    # The language picker submits from site.js (it had an inline onchange).
    page.select_option("select[name=language]", "en")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert watched() == []


@pytest.mark.dispute_cast
@pytest.mark.patrol_cast
def test_admin_and_api_docs_run_without_csp_violations(world, page, sign_in, watched):
    UserFactory(username="root", is_superuser=True, is_staff=True)
    sign_in("root")
    visit(page, watched, "/admin/", "#content")
    visit(page, watched, "/admin/accounts/user/", "#result_list")
    visit(page, watched, "/api/docs/", ".swagger-ui .info")


@pytest.mark.dispute_cast
@pytest.mark.patrol_cast
def test_patrols_pages_run_without_csp_violations(world, page, sign_in, watched):
    """The officer's patrols pages: the map (and drawing a place on it), the volunteer list filtered through htmx,
    the calendar, a patrol, the findings, a guard operation with its roster grid — polling the solver's progress
    while it solves — and the coverage report."""
    sign_in("officer_a")
    visit(page, watched, "/patrols/", "main h1")
    visit(page, watched, "/patrols/places/map/", "#patrol-map[data-ready=true]")
    page.locator("#patrol-map path.leaflet-interactive").last.click(force=True)
    assert watched() == []
    visit(page, watched, "/patrols/places/new/", "#patrol-draw[data-ready=true]")
    page.locator("#patrol-draw").click(position={"x": 120, "y": 120})
    page.locator("#patrol-draw").click(position={"x": 200, "y": 160})
    page.locator("#draw-undo").click()
    assert watched() == []
    visit(page, watched, "/patrols/volunteers/", "#volunteer-table")
    with page.expect_response(lambda r: "/patrols/volunteers/?" in r.url and r.request.headers.get("hx-request")):
        page.select_option("form.filters select[name=status]", "vetted")
    assert watched() == []
    visit(page, watched, "/patrols/calendar/", "main h1")
    visit(page, watched, f"/patrols/patrols/{world.patrol_a.pk}/", "main h1")
    visit(page, watched, "/patrols/findings/", "#finding-table")
    visit(page, watched, f"/patrols/operations/{world.operation_a.pk}/", ".roster-grid")
    visit(page, watched, f"/patrols/operations/{world.operation_a.pk}/coverage/", "main")
    # A solve under way: the page polls its progress through htmx.
    from jingqi.patrols.models import GuardOperation

    GuardOperation.objects.filter(pk=world.operation_a.pk).update(status="solving", solve_progress=40)
    with page.expect_response(lambda r: r.url.endswith("/progress/") and r.request.headers.get("hx-request")):
        visit(page, watched, f"/patrols/operations/{world.operation_a.pk}/", "#solve-progress progress")
    assert watched() == []


@pytest.mark.dispute_cast
@pytest.mark.patrol_cast
def test_volunteer_pages_run_without_csp_violations(world, page, sign_in, watched):
    """The volunteer's phone pages: My duty and the check-in forms (check_in.js asks for the position)."""
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 29.6, "longitude": 120.805, "accuracy": 10})
    sign_in("volunteer_a")
    visit(page, watched, "/patrols/me/", "main h1")
    visit(page, watched, "/patrols/me/availability/", "main h1")
    visit(page, watched, f"/patrols/patrols/{world.patrol_a.pk}/check-in/", "#check-in-form")
    page.wait_for_function("document.querySelector('#check-in-form input[name=latitude]').value !== ''")
    visit(page, watched, f"/patrols/patrols/{world.patrol_a.pk}/finding/", "input[name=photo]")
    assert watched() == []


# Pages whose script draws or answers something, and what shows it is done.
INSPECTION_READY = {"hazard-board": "#hazard-map[data-ready=true]",
                    "department-hazard-board": "#hazard-map[data-ready=true]",
                    "inspection-fill": "#checklist form.answer-form"}


@pytest.mark.inspection_cast
def test_inspections_pages_run_without_csp_violations_or_console_errors(world, open_as):
    """The inspections pages the phone walk visits, by the same personas (one sign-in each): the hazard board's
    map drawn, and on the checklist a pass tapped and saved by its script (inspection_fill.js)."""
    inspection = inspection_to_fill(world)
    for username, pages in inspection_pages(world, inspection):
        page = open_as(username, phone=True)
        problems = watch(page, errors=True)
        for name, url in pages:
            visit(page, problems, url, INSPECTION_READY.get(name, "main h1"))
            if name == "inspection-fill":
                second = page.locator("form.answer-form").nth(1)
                second.locator("label.result-pass").click()
                second.locator(".save-state.ok").wait_for()
                assert problems() == [], url
    assert inspection.answers.filter(result="pass").count() == 1
