"""Final and destructive actions ask first, in the browser (static confirm.js, data-confirm): dismissing
the question changes nothing, accepting it does the action."""

import pytest
from django.urls import reverse

from jingqi.registry.models import Contact
from jingqi.tickets import services
from jingqi.tickets.models import Ticket

pytestmark = pytest.mark.django_db(transaction=True)


def answer_next_dialog(page, accept: bool) -> list[str]:
    asked: list[str] = []

    def handle(dialog):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", handle)
    return asked


def test_removing_a_contact_asks_first_and_dismissing_keeps_it(world, page, sign_in):
    sign_in("officer_a")
    page.goto(reverse("registry:enterprise_detail", args=[world.enterprise_a.pk]))
    remove = page.locator(f"form[action='{reverse('registry:contact_remove', args=[world.contact_a.pk])}'] button")

    asked = answer_next_dialog(page, accept=False)
    remove.click()
    page.wait_for_timeout(300)
    assert asked and world.contact_a.person.full_name in asked[0]
    assert Contact.objects.filter(pk=world.contact_a.pk).exists()

    asked = answer_next_dialog(page, accept=True)
    remove.click()
    page.locator(".messages").wait_for()
    assert asked and not Contact.objects.filter(pk=world.contact_a.pk).exists()


def test_closing_a_resolved_request_asks_first(world, page, sign_in):
    ticket = world.ticket_a
    for task in ticket.tasks.all():
        services.do_complete_task(world.dept_transport, task, reply="已答复")
    services.do_resolve_ticket(world.officer_a, ticket, outcome="resolved", note="已协调通行")
    sign_in("officer_a")
    page.goto(reverse("tickets:ticket_detail", args=[ticket.pk]))
    close = page.locator(f"form[action='{reverse('tickets:ticket_action', args=[ticket.pk, 'close'])}'] button")

    asked = answer_next_dialog(page, accept=False)
    close.click()
    page.wait_for_timeout(300)
    assert asked and Ticket.objects.get(pk=ticket.pk).status == "resolved"

    answer_next_dialog(page, accept=True)
    close.click()
    page.locator(".status-closed").wait_for()
    assert Ticket.objects.get(pk=ticket.pk).status == "closed"
