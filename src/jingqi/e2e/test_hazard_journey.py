"""The hazard journey in the browser. The park's officer, on a phone (390 × 844) at the enterprise, begins the
public-security checklist of a planned joint visit, answers it item by item (a pass goes as soon as it is tapped;
a failure with its note and photos when saved), one failure put right on the spot with a photo after the fix,
and submits it (the page asks first): the failed items are hazards, the one fixed on site closed at once. The
officer gives the other a deadline and a responsible person. The enterprise's liaison, on their own phone, finds
it on the enterprise's page and reports the fix with a photo; the officer verifies it on the photos and closes it
(销号), after the page asks. No page a phone visits scrolls sideways.

Elements are found by field names, URLs and classes, not by their text, so the test holds whatever language the
interface speaks."""

import functools
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from jingqi.core.testing import factories as f
from jingqi.e2e.test_phone_layout import overflow
from jingqi.inspections.models import Hazard, Inspection

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.inspection_cast]

PNG = f.PNG_BYTES


@pytest.fixture
def as_user(open_as):
    return functools.partial(open_as, phone=True, accept_dialogs=True)


def fits(page):
    page.wait_for_load_state("load")
    assert overflow(page) is None, (page.url, overflow(page))


def questions(page) -> list:
    asked = []
    page.on("dialog", lambda dialog: asked.append(dialog.type))
    return asked


def picture(name):
    return {"name": name, "mimeType": "image/png", "buffer": PNG}


def test_officer_inspects_on_a_phone_the_enterprise_fixes_and_the_officer_closes(world, as_user, shots):
    officer = as_user("officer_a")
    asked = questions(officer)
    visit = world.visit_a
    officer.goto(f"/inspections/visits/{visit.pk}/")
    fits(officer)
    # The fire checklist was submitted in the cast: the public-security one is left to begin.
    officer.select_option("form[action$='/inspect/'] select[name=inspection_type]", str(world.insp_type_police.pk))
    officer.click("form[action$='/inspect/'] button[type=submit]")
    officer.wait_for_url(re.compile(r"/inspections/inspections/\d+/fill/$"))
    fits(officer)
    inspection = Inspection.objects.get(visit=visit, inspection_type=world.insp_type_police)
    first, second, third = inspection.checklist.items.order_by("number")

    def card(item):
        return officer.locator(f"form.answer-form[data-item='{item.pk}']")

    # A pass goes as soon as it is tapped. (Each card's fields are named after its item: i<pk>-note, ...)
    card(first).locator("label.result-pass").click()
    card(first).locator(".save-state.ok").wait_for()
    # A failure put right on the spot: note, photo as found, fixed on site, photo after; then saved.
    form = card(second)
    form.locator("label.result-fail").click()
    form.locator("[name$='-note']").fill("两具灭火器压力不足")
    form.locator("input[name$='-photo']").set_input_files(picture("现场.png"))
    form.locator("input[name$='-fixed_on_site']").check()
    form.locator("input[name$='-after_photo']").set_input_files(picture("更换后.png"))
    form.locator("button[type=submit]").click()
    # A failure left for the enterprise.
    form = card(third)
    form.locator("label.result-fail").click()
    form.locator("[name$='-note']").fill("值班记录缺失三天")
    form.locator("button[type=submit]").click()
    officer.wait_for_function("() => document.querySelectorAll('form.answer-form .save-state.ok').length === 3")
    officer.screenshot(path=str(shots / "inspection-fill.png"), full_page=True)
    assert inspection.answers.count() == 3
    officer.click("#submit-form button[type=submit]")
    officer.wait_for_url(re.compile(r"/inspections/inspections/\d+/$"))
    assert "confirm" in asked
    inspection.refresh_from_db()
    assert inspection.status == "submitted"
    on_site = Hazard.objects.get(answer__item=second, inspection=inspection)
    hazard = Hazard.objects.get(answer__item=third, inspection=inspection)
    assert (on_site.status, on_site.fixed_on_site, hazard.status) == ("closed", True, "reported")

    # The officer gives it a deadline and a responsible person at the enterprise (each action's fields are named
    # after it: assign-deadline, ...).
    officer.goto(f"/inspections/hazards/{hazard.pk}/")
    fits(officer)
    assign = officer.locator("form[action$='/assign/']")
    officer.locator("details:has(form[action$='/assign/']) > summary").click()
    deadline = timezone.localdate() + timedelta(days=7)
    assign.locator("[name$='-deadline']").fill(deadline.isoformat())
    assign.locator("[name$='-responsible_name']").fill("企业安全主管")
    assign.locator("[name$='-responsible_phone']").fill("13800000002")
    assign.locator("[name$='-measures']").fill("补齐值班记录，落实每日交接班登记")
    assign.locator("button[type=submit]").click()
    officer.wait_for_url(re.compile(rf"/inspections/hazards/{hazard.pk}/$"))
    hazard.refresh_from_db()
    assert (hazard.status, hazard.deadline) == ("rectifying", deadline)

    # The enterprise's liaison, on their phone, finds it on the enterprise's page and reports the fix.
    liaison = as_user("liaison_a")
    liaison.goto("/inspections/my/")
    fits(liaison)
    liaison.locator(f"a[href$='/inspections/hazards/{hazard.pk}/']").first.click()
    liaison.wait_for_url(re.compile(rf"/inspections/hazards/{hazard.pk}/$"))
    fits(liaison)
    fix = liaison.locator("form[action$='/report_fix/']")
    fix.locator("[name$='-note']").fill("已补齐记录，安排专人每日登记")
    fix.locator("input[name$='-photos']").set_input_files(picture("整改.png"))
    fix.locator("button[type=submit]").click()
    liaison.wait_for_url(re.compile(rf"/inspections/hazards/{hazard.pk}/$"))
    hazard.refresh_from_db()
    assert hazard.status == "fix_reported" and hazard.photos.filter(kind="after").count() == 1
    liaison.screenshot(path=str(shots / "hazard-fix-reported.png"), full_page=True)

    # The officer verifies on the photos and closes it, after the page asks.
    officer.goto(f"/inspections/hazards/{hazard.pk}/")
    officer.locator("details:has(form[action$='/close/']) > summary").click()
    close = officer.locator("form[action$='/close/']")
    close.locator("[name$='-verification']").select_option("photo_review")
    close.locator("[name$='-note']").fill("照片核实，记录已补齐")
    asked.clear()
    close.locator("button[type=submit]").click()
    officer.wait_for_url(re.compile(rf"/inspections/hazards/{hazard.pk}/$"))
    assert "confirm" in asked
    hazard.refresh_from_db()
    assert (hazard.status, hazard.verification, hazard.closed_by) == ("closed", "photo_review", world.officer_a)
    fits(officer)
    officer.screenshot(path=str(shots / "hazard-closed.png"), full_page=True)
