"""The checklist with a dropped connection, as inspection_fill.js handles it. The park's officer opens a checklist on
a phone (390 × 844) and the connection drops: each answer given is kept on the phone (localStorage under the
inspection's key; a photo only in the page's memory), its card says it is not sent yet and a banner counts them;
nothing reaches the server. When the connection comes back, the answers are sent again by themselves and saved,
photo included. Offline once more, an answer is kept, the page is closed and opened again once online: the answer
comes back into its card and is sent at once, without the photo it had (photos are not kept across a reload), and
the banner asks for the photo again; chosen again and saved, it reaches the server.

Elements are found by field names and classes, the banner's words read from its own data attributes, so the test
holds whatever language the interface speaks. What was saved is read from the database."""

import json

import pytest

from jingqi.core.testing import factories as f
from jingqi.e2e.test_phone_layout import overflow
from jingqi.inspections import services
from jingqi.inspections.models import InspectionAnswer

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.inspection_cast]


def picture(name):
    return {"name": name, "mimeType": "image/png", "buffer": f.PNG_BYTES}


def kept_on_phone(page, inspection) -> dict:
    """The answers the page keeps until the server confirms them, by item pk."""
    return json.loads(page.evaluate(f"window.localStorage.getItem('jingqi.inspection.{inspection.pk}.pending')")
                      or "{}")


def saved(inspection) -> dict:
    return {a.item_id: a for a in InspectionAnswer.objects.filter(inspection=inspection)}


def test_answers_given_offline_are_kept_on_the_phone_and_saved_when_the_connection_is_back(world, open_as, shots):
    inspection = services.do_start_inspection(world.officer_a, world.visit_a, world.insp_type_police)
    first, second, third = inspection.checklist.items.order_by("number")
    officer = open_as("officer_a", phone=True)
    context = officer.context
    fill_url = f"/inspections/inspections/{inspection.pk}/fill/"
    officer.goto(fill_url)
    officer.locator("#checklist form.answer-form").first.wait_for()

    def card(page, item):
        return page.locator(f"form.answer-form[data-item='{item.pk}']")

    # The connection drops. A pass goes as soon as it is tapped: its send fails and it is kept.
    context.set_offline(True)
    officer.wait_for_function("navigator.onLine === false")
    card(officer, first).locator("label.result-pass").click()
    card(officer, first).locator(".save-state.warn").wait_for()
    # A failure with its note and a photo, saved.
    form = card(officer, second)
    form.locator("label.result-fail").click()
    form.locator("[name$='-note']").fill("灭火器压力表指针在红区")
    form.locator("input[name$='-photo']").set_input_files(picture("灭火器.png"))
    form.locator("button[type=submit]").click()
    form.locator(".save-state.warn").wait_for()

    banner = officer.locator("#offline-banner")
    text = banner.locator(".text")
    assert banner.is_visible()
    assert text.inner_text() == text.get_attribute("data-many").replace("%(n)s", "2")
    pending = kept_on_phone(officer, inspection)
    assert set(pending) == {str(first.pk), str(second.pk)}
    assert pending[str(first.pk)][f"i{first.pk}-result"] == "pass"
    assert pending[str(second.pk)][f"i{second.pk}-result"] == "fail"
    assert pending[str(second.pk)][f"i{second.pk}-note"] == "灭火器压力表指针在红区"
    assert overflow(officer) is None
    officer.screenshot(path=str(shots / "checklist-offline.png"), full_page=True)
    assert saved(inspection) == {}

    # The connection comes back: both are sent by themselves and saved, the photo with its answer.
    context.set_offline(False)
    officer.wait_for_function("() => document.querySelectorAll('form.answer-form .save-state.ok').length === 2")
    banner.wait_for(state="hidden")
    assert kept_on_phone(officer, inspection) == {}
    answers = saved(inspection)
    assert set(answers) == {first.pk, second.pk}
    assert answers[first.pk].result == "pass"
    assert (answers[second.pk].result, answers[second.pk].note) == ("fail", "灭火器压力表指针在红区")
    assert answers[second.pk].photo

    # Offline again: a failure with a photo is kept, and the page is closed before the connection comes back.
    context.set_offline(True)
    officer.wait_for_function("navigator.onLine === false")
    form = card(officer, third)
    form.locator("label.result-fail").click()
    form.locator("[name$='-note']").fill("值班记录缺失两天")
    form.locator("input[name$='-photo']").set_input_files(picture("值班记录.png"))
    form.locator("button[type=submit]").click()
    form.locator(".save-state.warn").wait_for()
    assert set(kept_on_phone(officer, inspection)) == {str(third.pk)}
    officer.close()
    context.set_offline(False)
    assert set(saved(inspection)) == {first.pk, second.pk}

    # Opened again online: the kept answer comes back into its card and is sent at once; the photo was only in the
    # closed page's memory, so it goes without it and the banner asks for it again.
    officer = context.new_page()
    officer.goto(fill_url)
    form = card(officer, third)
    form.locator(".save-state.ok").wait_for()
    assert form.locator("[name$='-note']").input_value() == "值班记录缺失两天"
    assert form.locator("input[name$='-result'][value=fail]").is_checked()
    banner = officer.locator("#offline-banner")
    banner.wait_for()
    assert banner.locator(".text").inner_text() == banner.locator(".text").get_attribute("data-photo")
    assert kept_on_phone(officer, inspection) == {}
    answer = saved(inspection)[third.pk]
    assert (answer.result, answer.note, bool(answer.photo)) == ("fail", "值班记录缺失两天", False)
    assert overflow(officer) is None
    officer.screenshot(path=str(shots / "checklist-reopened.png"), full_page=True)

    # The photo chosen again and saved reaches the server.
    form.locator("input[name$='-photo']").set_input_files(picture("值班记录.png"))
    form.locator("button[type=submit]").click()
    officer.wait_for_function(f"() => !localStorage.getItem('jingqi.inspection.{inspection.pk}.pending')")
    form.locator(".save-state.ok").wait_for()
    answer.refresh_from_db()
    assert answer.photo and answer.note == "值班记录缺失两天"
    assert InspectionAnswer.objects.filter(inspection=inspection).count() == 3
    # Nothing is waiting any more and no photo is missing: the banner is gone.
    banner.wait_for(state="hidden")
