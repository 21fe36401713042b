"""Closing out (办结) needs the explanation to the enterprise; the first reply to the enterprise is recorded
apart from acceptance and shown beside it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jingqi.core.errors import ActionError
from jingqi.tickets import selectors, services
from jingqi.tickets.choices import Status
from jingqi.tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(world):
    return services.do_accept_ticket(world.officer_b, world.ticket_b)


def _unchanged(ticket):
    fresh = Ticket.objects.get(pk=ticket.pk)
    assert fresh.status == Status.ACCEPTED and fresh.resolved_at is None and fresh.outcome == ""
    assert not TicketEvent.objects.filter(ticket=ticket, kind="resolved").exists()


# --- 17: the explanation to the enterprise is required ----------------------------------------------------


@pytest.mark.parametrize("note", ["", "   ", None])
def test_resolving_as_asked_without_an_explanation_is_refused_by_the_service(world, accepted, note):
    with pytest.raises(ActionError) as exc:
        services.do_resolve_ticket(world.officer_b, accepted, outcome="resolved", note=note)
    assert exc.value.field == "note"
    _unchanged(accepted)


def test_resolving_without_an_explanation_is_refused_on_the_page(world, client_for, accepted):
    response = client_for(world.officer_b).post(
        reverse("tickets:ticket_action", args=[accepted.pk, "resolve"]),
        {"resolve-outcome": "resolved", "resolve-note": "", "version": accepted.version})
    assert response.status_code in (302, 400)
    _unchanged(accepted)


def test_the_resolve_form_marks_the_explanation_required(world, client_for, accepted):
    page = client_for(world.officer_b).get(reverse("tickets:ticket_detail", args=[accepted.pk])).content.decode()
    import re

    tag = re.search(r'<textarea[^>]*name="resolve-note"[^>]*>', page).group(0)
    assert "required" in tag


@pytest.mark.parametrize("payload", [{"outcome": "resolved"}, {"outcome": "resolved", "note": ""},
                                     {"outcome": "resolved", "note": "  "}])
def test_resolving_without_an_explanation_is_refused_over_the_api(world, api_for, accepted, payload):
    response = api_for(world.officer_b).post(f"/api/tickets/{accepted.pk}/resolve/", payload, format="json")
    assert response.status_code == 400
    _unchanged(accepted)


def test_resolving_with_an_explanation_tells_the_enterprise(world, accepted):
    ticket = services.do_resolve_ticket(world.officer_b, accepted, outcome="resolved", note="已协调交通部门放行")
    assert ticket.status == Status.RESOLVED and ticket.status_note == "已协调交通部门放行"


# --- 32: the first reply is not the acceptance ------------------------------------------------------------


def test_acceptance_is_not_a_reply_to_the_enterprise(world, accepted):
    assert accepted.accepted_at is not None and accepted.first_replied_at is None


def test_an_internal_note_or_the_enterprises_own_message_is_not_a_reply(world, accepted):
    services.do_comment(world.officer_b, accepted, text="内部：企业情绪激动", internal=True)
    services.do_comment(world.liaison_b, accepted, text="请尽快处理")
    assert Ticket.objects.get(pk=accepted.pk).first_replied_at is None


def test_a_comment_the_enterprise_sees_is_the_first_reply_and_is_kept(world, accepted):
    event = services.do_comment(world.officer_b, accepted, text="已联系交通部门，明日答复")
    first = Ticket.objects.get(pk=accepted.pk).first_replied_at
    assert first == event.at
    services.do_comment(world.officer_b, accepted, text="交通部门已同意")
    assert Ticket.objects.get(pk=accepted.pk).first_replied_at == first


def test_a_department_reply_passed_on_is_a_reply(world):
    services.do_complete_task(world.dept_transport, world.task_a, reply="已批准夜间绕行")
    ticket = Ticket.objects.get(pk=world.ticket_a.pk)
    assert ticket.first_replied_at == TicketEvent.objects.get(ticket=ticket, kind="task_done").at


def test_the_resolution_is_a_reply_when_nothing_came_before(world, accepted):
    services.do_resolve_ticket(world.officer_b, accepted, outcome="resolved", note="已办")
    resolved = TicketEvent.objects.get(ticket=accepted, kind="resolved")
    assert Ticket.objects.get(pk=accepted.pk).first_replied_at == resolved.at


def test_figures_give_time_to_acceptance_and_time_to_first_reply_apart_with_their_samples(world, accepted):
    Ticket.objects.filter(pk=accepted.pk).update(submitted_at=accepted.accepted_at - timedelta(hours=2))
    services.do_comment(world.officer_b, accepted, text="已受理，正在协调")
    Ticket.objects.filter(pk=accepted.pk).update(first_replied_at=accepted.accepted_at + timedelta(hours=6))
    figures = selectors.ticket_figures(world.officer_b)
    assert figures["accept_hours"].n == 1 and figures["reply_hours"].n == 1
    assert figures["accept_hours"].median == pytest.approx(2, abs=0.01)
    assert figures["reply_hours"].median == pytest.approx(8, abs=0.01)
    everyone = selectors.ticket_figures(world.supervisor)
    # Two requests were accepted in the world (a, and b here); only b has had a reply.
    assert everyone["accept_hours"].n == 2 and everyone["reply_hours"].n == 1


def test_the_request_page_shows_acceptance_and_first_reply(world, client_for, accepted):
    services.do_comment(world.officer_b, accepted, text="已联系")
    ticket = Ticket.objects.get(pk=accepted.pk)
    page = client_for(world.liaison_b).get(reverse("tickets:ticket_detail", args=[ticket.pk])).content.decode()
    for moment in (ticket.accepted_at, ticket.first_replied_at):
        assert f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" in page


def test_the_migration_backfills_the_first_reply_from_the_timeline(world, accepted):
    from importlib import import_module

    from django.apps import apps

    backfill = import_module("jingqi.tickets.migrations.0004_backfill_first_replied_at").backfill
    services.do_comment(world.officer_b, accepted, text="内部", internal=True)
    reply = services.do_comment(world.officer_b, accepted, text="已联系交通部门")
    services.do_complete_task(world.dept_transport, world.task_a, reply="已批准")
    Ticket.objects.update(first_replied_at=None)
    backfill(apps, None)
    assert Ticket.objects.get(pk=accepted.pk).first_replied_at == reply.at
    done = TicketEvent.objects.get(ticket=world.ticket_a, kind="task_done")
    assert Ticket.objects.get(pk=world.ticket_a.pk).first_replied_at == done.at
    assert Ticket.objects.get(pk=world.ticket_t.pk).first_replied_at is None
