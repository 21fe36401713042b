"""Outreach events on a phone (390 px): the pages fit, attendance is typed at the door on a number pad, and a
cancellation asks first (see test_phone_layout for the overflow check)."""

import functools

import pytest

from jingqi.cases.models import OutreachEvent

from .test_phone_layout import visit_all

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.case_cast]


@pytest.fixture
def phone_as(open_as):
    return functools.partial(open_as, phone=True)


def test_outreach_pages_fit_a_phone_screen(world, phone_as, shots):
    a, b = world.outreach_a, world.outreach_b
    problems = visit_all(phone_as("officer_b"), shots, [
        ("outreach-list", "/cases/outreach/"),
        ("outreach-held", f"/cases/outreach/{b.pk}/"),
        ("outreach-correct-attendance", f"/cases/outreach/{b.pk}/attendance/"),
        ("outreach-plan-form", "/cases/outreach/new/"),
        ("enterprise-outreach-attended", f"/registry/enterprises/{world.enterprise_b.pk}/"),
    ])
    problems += visit_all(phone_as("officer_a"), shots, [
        ("outreach-planned", f"/cases/outreach/{a.pk}/"),
        ("outreach-edit-form", f"/cases/outreach/{a.pk}/edit/"),
        ("outreach-invite-form", f"/cases/outreach/{a.pk}/invite/"),
    ])
    problems += visit_all(phone_as("liaison_a"), shots, [
        ("liaison-outreach-list", "/cases/outreach/"), ("liaison-outreach-page", f"/cases/outreach/{a.pk}/")])
    assert not problems, "\n".join(problems)


def test_officer_corrects_attendance_on_a_phone_from_the_number_pad(world, phone_as):
    page = phone_as("officer_b")
    page.goto(f"/cases/outreach/{world.outreach_b.pk}/attendance/")
    field = page.locator(f"input[name=att_{world.enterprise_b.pk}]")
    assert field.get_attribute("inputmode") == "numeric"
    field.fill("41")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**/cases/outreach/{world.outreach_b.pk}/")
    assert OutreachEvent.objects.get(pk=world.outreach_b.pk).attendance_total == 41


def test_cancelling_an_event_asks_first_and_a_no_changes_nothing(world, open_as):
    page = open_as("officer_a")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.goto(f"/cases/outreach/{world.outreach_a.pk}/")
    page.click("details.actions-card summary, .actions-card details summary")
    page.fill("textarea[name=cancel-reason], input[name=cancel-reason]", "场地改作防汛物资仓库")
    page.click(".actions-card button[type=submit]")
    assert asked and OutreachEvent.objects.get(pk=world.outreach_a.pk).status == "planned"
