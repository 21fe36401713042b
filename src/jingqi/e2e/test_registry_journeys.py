"""First journeys: an officer finds an enterprise by credit code; a liaison stays inside their own."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_officer_searches_by_credit_code_and_opens_the_enterprise(world, page, sign_in):
    sign_in("officer_a")
    page.click("nav >> text=企业")
    page.fill("input[name=q]", world.enterprise_a.uscc)
    page.keyboard.press("Enter")
    link = page.locator("#enterprise-table a", has_text=world.enterprise_a.name)
    link.click()
    page.wait_for_url(f"**/registry/enterprises/{world.enterprise_a.pk}/")
    assert page.locator("h1").inner_text() == world.enterprise_a.name
    # Personal data is masked on the page.
    assert world.contact_a.person.id_number_masked in page.content()
    assert world.contact_a.person.id_number not in page.content()


def test_liaison_sees_own_enterprise_and_cannot_reach_another(world, page, sign_in):
    sign_in("liaison_a")
    page.click("nav >> text=我的企业")
    assert page.locator("h1").inner_text() == world.enterprise_a.name
    response = page.goto(f"/registry/enterprises/{world.enterprise_b.pk}/")
    assert response.status == 404
    assert world.enterprise_b.name not in page.content()
    assert page.goto("/registry/enterprises/").status == 404


def test_supervisor_reveals_a_phone_and_the_reveal_is_audited(world, page, sign_in):
    from jingqi.core.models import AuditEvent

    sign_in("supervisor")
    page.goto(f"/registry/enterprises/{world.enterprise_a.pk}/")
    page.locator(".masked button").nth(1).click()
    page.locator(".revealed").wait_for()
    assert page.locator(".revealed").inner_text() == world.contact_a.person.phone_display
    assert AuditEvent.objects.filter(action="person.reveal_phone").count() == 1


def test_park_map_draws_the_boundary_on_a_blank_base(world, page, sign_in):
    sign_in("officer_a")
    page.goto(f"/registry/parks/{world.park_a.pk}/")
    page.locator("#park-map[data-ready=true]").wait_for()
    assert page.locator("#park-map path.leaflet-interactive").count() >= 2  # boundary + enterprise marker
