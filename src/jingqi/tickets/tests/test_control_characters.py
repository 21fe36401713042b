"""Control characters (which XML cannot carry) never get in: not over the API, the pages or Open311."""

import pytest
from django.urls import reverse

from jingqi.tickets.models import TicketEvent

pytestmark = pytest.mark.django_db

DIRTY = "压机\x01运输\x0b需\x1b协调"


def _last_comment(ticket):
    return TicketEvent.objects.filter(ticket=ticket, kind="comment").latest("pk").message


def test_a_comment_sent_over_the_api_is_stored_without_control_characters(world, api_for):
    response = api_for(world.liaison_a).post(f"/api/tickets/{world.ticket_a.pk}/comment/", {"text": DIRTY},
                                             format="json")
    assert response.status_code == 200, response.content
    assert _last_comment(world.ticket_a) == "压机运输需协调"


def test_a_comment_sent_from_the_page_is_stored_without_control_characters(world, client_for):
    client_for(world.officer_a).post(reverse("tickets:ticket_action", args=[world.ticket_a.pk, "comment"]),
                                     {"comment-text": DIRTY})
    assert _last_comment(world.ticket_a) == "压机运输需协调"
