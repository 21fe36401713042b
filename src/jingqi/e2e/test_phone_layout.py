"""Every main page on a phone (390 px wide): nothing scrolls sideways, and the menu folds behind a button.

Each page is saved as a PNG (JINGQI_SCREENSHOT_DIR, or the test's tmp folder) so that a person looks at
them: a page can fit and still be ugly.
"""

import functools

import pytest
from django.utils import timezone

from jingqi.core.testing import factories as f
from jingqi.core.testing.personas import DISPUTE_WAGES

pytestmark = [pytest.mark.django_db(transaction=True)]

@pytest.fixture
def phone_as(open_as):
    return functools.partial(open_as, phone=True)


def overflow(page) -> dict | None:
    """What sticks out past the right edge of a 390-px screen, or None when the page fits."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= 390) return null;
        const culprits = [];
        for (const el of document.querySelectorAll("body *")) {
            const box = el.getBoundingClientRect();
            if (box.right > width + 1 && box.width > 0) {
                const classes = typeof el.className === "string" ? el.className.trim().split(/\\s+/) : [];
                culprits.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                              + classes.filter(Boolean).map(c => "." + c).join("")
                              + " right=" + Math.round(box.right));
            }
        }
        return {scrollWidth: document.documentElement.scrollWidth, culprits: culprits.slice(0, 8)};
    }""")


def session_to_record(world):
    """A mediation session planned and not yet held (the shared cast's are recorded): its record form is the
    page used on a phone at the site."""
    from jingqi.disputes import services

    officer = world.officer_a
    dispute = services.do_report_dispute(officer, source="phone", park=world.park_a, data={
        **DISPUTE_WAGES, "title": "12 名装卸工讨要加班费", "people_involved": 12, "blocking": True})
    services.do_add_party(officer, dispute, side="applicant", full_name="赵明亮", headcount=12,
                          phone=f.valid_mobile(39_121_212), representative="装卸工代表")
    services.do_add_party(officer, dispute, side="respondent", enterprise=world.enterprise_a)
    services.do_accept_dispute(officer, dispute)
    return services.do_plan_session(officer, dispute, planned_at=timezone.now(), place="A工业园 3 号门",
                                    mediators=[{"role": "officer", "user": officer}])


def visit_all(page, shots, pages: list[tuple[str, str]]) -> list[str]:
    problems = []
    for name, url in pages:
        response = page.goto(url)
        assert response.status == 200, (name, url, response.status)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
        sticking_out = overflow(page)
        if sticking_out:
            problems.append(f"{name} ({url}): {sticking_out}")
    return problems


@pytest.mark.dispute_cast
@pytest.mark.patrol_cast
def test_officer_pages_fit_a_phone_screen(world, phone_as, shots):
    session = session_to_record(world)
    page = phone_as("officer_a")
    problems = visit_all(page, shots, [
        ("officer-home", "/"),
        ("request-list", "/requests/"),
        ("request-page", f"/requests/{world.ticket_a.pk}/"),
        ("enterprise-list", "/registry/enterprises/"),
        ("enterprise-page", f"/registry/enterprises/{world.enterprise_a.pk}/"),
        ("park-page", f"/registry/parks/{world.park_a.pk}/"),
        ("clue-list", "/claims/"),
        ("clue-page", f"/claims/clues/{world.clue_s.pk}/"),
        ("directory", "/directory/"),
        ("inbox", "/inbox/"),
        ("organisation", "/registry/organisation/"),
        ("park-list", "/registry/parks/"),
        ("person-lookup", "/registry/people/lookup/"),
        ("visit-form", f"/registry/enterprises/{world.enterprise_a.pk}/visits/new/"),
        ("request-form", "/requests/new/"),
        ("claims-imports", "/claims/imports/"),
        ("dispute-list", "/disputes/"),
        ("dispute-workbench", "/disputes/workbench/"),
        ("dispute-page", f"/disputes/{world.dispute_a.pk}/"),
        ("dispute-group-page", f"/disputes/{session.dispute_id}/"),
        ("dispute-report-form", "/disputes/new/"),
        ("dispute-party-form", f"/disputes/{session.dispute_id}/parties/new/"),
        ("session-plan-form", f"/disputes/{session.dispute_id}/sessions/new/"),
        ("session-record-form", f"/disputes/sessions/{session.pk}/record/"),
        ("session-recorded", f"/disputes/sessions/{world.session_a2.pk}/record/"),
        ("agreement-form", f"/disputes/agreements/{world.agreement_a.pk}/edit/"),
        ("payment-form", f"/disputes/instalments/{world.instalments_a[1].pk}/pay/"),
        ("agreement-document", f"/disputes/agreements/{world.agreement_a.pk}/document/"),
        ("dispute-map", "/disputes/map/"),
        ("dispute-figures", "/disputes/figures/"),
        ("patrols-overview", "/patrols/"),
        ("patrol-teams", "/patrols/teams/"),
        ("patrol-team", f"/patrols/teams/{world.team_a.pk}/"),
        ("patrol-volunteers", "/patrols/volunteers/"),
        ("patrol-volunteer", f"/patrols/volunteers/{world.volunteer_a1.pk}/"),
        ("patrol-places", "/patrols/places/"),
        ("patrol-map", "/patrols/places/map/"),
        ("patrol-place", f"/patrols/places/{world.route_a.pk}/"),
        ("patrol-calendar", "/patrols/calendar/"),
        ("patrol-plan-form", "/patrols/patrols/new/"),
        ("patrol-page", f"/patrols/patrols/{world.patrol_a.pk}/"),
        ("patrol-findings", "/patrols/findings/"),
        ("patrol-finding", f"/patrols/findings/{world.finding_a.pk}/"),
        ("guard-operations", "/patrols/operations/"),
        ("guard-operation", f"/patrols/operations/{world.operation_a.pk}/"),
        ("guard-operation-form", "/patrols/operations/new/"),
        ("guard-segments", f"/patrols/operations/{world.operation_a.pk}/segments/"),
        ("guard-pool", f"/patrols/operations/{world.operation_a.pk}/pool/"),
        ("guard-shift-form", f"/patrols/shifts/{world.shift_a.pk}/edit/"),
        ("guard-coverage-report", f"/patrols/operations/{world.operation_a.pk}/coverage/"),
    ])
    assert not problems, "\n".join(problems)


@pytest.mark.dispute_cast
@pytest.mark.patrol_cast
def test_other_roles_home_and_work_pages_fit_a_phone_screen(world, phone_as, shots):
    problems = []
    for username, pages in (
        ("supervisor", [("supervisor-home", "/"), ("supervisor-requests", "/requests/"),
                        ("enterprise-form", f"/registry/enterprises/{world.enterprise_a.pk}/edit/")]),
        ("liaison_a", [("liaison-home", "/"), ("liaison-request-page", f"/requests/{world.ticket_a.pk}/"),
                       ("liaison-enterprise", f"/registry/enterprises/{world.enterprise_a.pk}/"),
                       ("liaison-disputes", "/disputes/"), ("liaison-dispute-page", f"/disputes/{world.dispute_a.pk}/"),
                       ("liaison-dispute-report", "/disputes/new/"), ("liaison-teams", "/patrols/teams/"),
                       ("liaison-team", f"/patrols/teams/{world.team_a.pk}/")]),
        ("dept_transport", [("department-home", "/"), ("workbench", "/requests/workbench/")]),
        ("viewer", [("viewer-home", "/")]),
        ("volunteer_a", [("volunteer-home", "/"), ("volunteer-dispute-page", f"/disputes/{world.dispute_a.pk}/"),
                         ("my-duty", "/patrols/me/"), ("my-availability", "/patrols/me/availability/"),
                         ("volunteer-swap-ask", f"/patrols/shifts/{world.shift_a.pk}/swap/"),
                         ("volunteer-patrol", f"/patrols/patrols/{world.patrol_a.pk}/"),
                         ("volunteer-patrol-check-in", f"/patrols/patrols/{world.patrol_a.pk}/check-in/"),
                         ("volunteer-patrol-finding", f"/patrols/patrols/{world.patrol_a.pk}/finding/"),
                         ("volunteer-operation", f"/patrols/operations/{world.operation_a.pk}/"),
                         ("volunteer-calendar", "/patrols/calendar/")]),
        ("root", [("admin-home", "/")]),
    ):
        if username == "root":
            f.UserFactory(username="root", is_superuser=True, is_staff=True)
        problems += visit_all(phone_as(username), shots, pages)
    assert not problems, "\n".join(problems)


def inspection_to_fill(world):
    """The police checklist of park A's planned visit, begun, with one item failed and its photo kept: the card of a
    failure shows all its fields. (The cast's fire inspection is submitted: its fill page is only a notice.)"""
    from jingqi.inspections import services

    inspection = services.do_start_inspection(world.officer_a, world.visit_a, world.insp_type_police)
    first = inspection.checklist.items.order_by("number").first()
    services.do_save_answer(world.officer_a, inspection, item=first, result="fail",
                            note="消防通道被货物堵塞，需立即清理", photo=f.png_upload("通道.png"))
    return inspection


def inspection_pages(world, inspection) -> list[tuple[str, list[tuple[str, str]]]]:
    """The inspections pages by the personas who use them: the park's officer, the station's supervisor (the
    configuration's forms are theirs), the department that owes the fire inspections, the enterprise's liaison."""
    enterprise, visit, hazard = world.enterprise_a, world.visit_a, world.hazard_a
    return [
        ("officer_a", [
            ("inspection-plan", "/inspections/"),
            ("inspection-suggestions", "/inspections/plan/suggest/"),
            ("inspection-visits", "/inspections/visits/"),
            ("inspection-visit", f"/inspections/visits/{visit.pk}/"),
            ("inspection-visit-choose", "/inspections/visits/new/"),
            ("inspection-visit-form", f"/inspections/visits/new/?enterprise={enterprise.pk}"),
            ("inspection-visit-edit", f"/inspections/visits/{visit.pk}/edit/"),
            ("inspection-fill", f"/inspections/inspections/{inspection.pk}/fill/"),
            ("inspection-page", f"/inspections/inspections/{world.inspection_a.pk}/"),
            ("inspection-submitted-fill", f"/inspections/inspections/{world.inspection_a.pk}/fill/"),
            ("hazard-board", "/inspections/hazards/"),
            ("hazard-page", f"/inspections/hazards/{hazard.pk}/"),
            ("hazard-closed-page", f"/inspections/hazards/{world.hazard_a_fixed.pk}/"),
            ("hazard-report-form", "/inspections/hazards/new/"),
            ("inspection-config", "/inspections/config/"),
            ("safety-profile-form", f"/inspections/profiles/{enterprise.pk}/edit/"),
            ("inspection-ledger", "/inspections/ledger/"),
        ]),
        ("supervisor", [
            ("supervisor-inspection-plan", "/inspections/"),
            ("supervisor-inspection-config", "/inspections/config/"),
            ("inspection-type-new", "/inspections/types/new/"),
            ("inspection-type-edit", f"/inspections/types/{world.insp_type_fire.pk}/edit/"),
            ("checklist-form", f"/inspections/types/{world.insp_type_fire.pk}/checklist/"),
            ("cadence-rule-new", "/inspections/rules/new/"),
            ("cadence-rule-edit", f"/inspections/rules/{world.rule_s.pk}/edit/"),
            ("key-date-new", "/inspections/key-dates/new/"),
            ("key-date-edit", f"/inspections/key-dates/{world.key_date_s.pk}/edit/"),
            ("supervisor-ledger", "/inspections/ledger/"),
        ]),
        ("dept_transport", [
            ("department-inspection-plan", "/inspections/"),
            ("department-visits", "/inspections/visits/"),
            ("department-visit", f"/inspections/visits/{visit.pk}/"),
            ("department-inspection-page", f"/inspections/inspections/{world.inspection_a.pk}/"),
            ("department-hazard-board", "/inspections/hazards/"),
            ("department-hazard-page", f"/inspections/hazards/{hazard.pk}/"),
        ]),
        ("liaison_a", [
            ("enterprise-inspections", "/inspections/my/"),
            ("enterprise-visits", "/inspections/visits/"),
            ("enterprise-visit", f"/inspections/visits/{visit.pk}/"),
            ("enterprise-hazard-page", f"/inspections/hazards/{hazard.pk}/"),
            ("enterprise-inspection-page", f"/inspections/inspections/{world.inspection_a.pk}/"),
        ]),
    ]


@pytest.mark.inspection_cast
def test_inspections_pages_fit_a_phone_screen(world, phone_as, shots):
    inspection = inspection_to_fill(world)
    problems = []
    for username, pages in inspection_pages(world, inspection):
        problems += visit_all(phone_as(username), shots, pages)
    assert not problems, "\n".join(problems)


@pytest.mark.dispute_cast
@pytest.mark.patrol_cast
def test_sign_in_and_missing_pages_fit_a_phone_screen(world, phone_as, shots):
    page = phone_as()
    problems = visit_all(page, shots, [("login", "/accounts/login/")])
    page.goto("/no/such/page/")
    page.screenshot(path=str(shots / "not-found.png"), full_page=True)
    assert overflow(page) is None
    assert page.locator("a.button.primary[href='/']").count() == 1
    assert not problems, "\n".join(problems)


@pytest.mark.dispute_cast
@pytest.mark.patrol_cast
def test_phone_menu_is_folded_behind_a_button_that_opens_and_closes_it(world, phone_as, shots):
    page = phone_as("officer_a")
    toggle = page.locator("button.menu-toggle")
    nav_link = page.locator("#site-menu nav a", has_text="企业")
    assert toggle.is_visible()
    assert not nav_link.is_visible()
    header_height = page.locator("header.topbar").bounding_box()["height"]
    assert header_height < 70, header_height  # one row: the brand and the button
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    nav_link.wait_for(state="visible")
    page.screenshot(path=str(shots / "menu-open.png"), full_page=True)
    assert overflow(page) is None
    toggle.click()
    nav_link.wait_for(state="hidden")
    # The menu still takes the reader anywhere: open it and follow a link.
    toggle.click()
    nav_link.click()
    page.wait_for_url("**/registry/enterprises/")


@pytest.mark.case_cast
def test_case_pages_fit_a_phone_screen(world, phone_as, shots):
    problems = visit_all(phone_as("officer_a"), shots, [
        ("case-list", "/cases/"),
        ("case-page", f"/cases/{world.case_a.pk}/"),
        ("case-form", "/cases/new/"),
        ("case-edit", f"/cases/{world.case_a.pk}/edit/"),
        ("case-figures", "/cases/figures/"),
        ("enterprise-page-with-cases", f"/registry/enterprises/{world.enterprise_a.pk}/"),
    ])
    problems += visit_all(phone_as("liaison_a"), shots, [
        ("case-list-liaison", "/cases/"), ("case-page-liaison", f"/cases/{world.case_a.pk}/")])
    assert not problems, "\n".join(problems)
