"""Every free-text input of the request services is held to the one limit of core.text, shown in the forms."""

import re

import pytest
from django.urls import reverse

from jingqi.core.errors import ActionError
from jingqi.core.models import AuditEvent
from jingqi.core.text import LONG_TEXT, SHORT_TEXT
from jingqi.tickets import services
from jingqi.tickets.models import TITLE_LIMIT, Ticket, TicketEvent, TicketTask

pytestmark = pytest.mark.django_db

TOO_LONG = "长" * (LONG_TEXT + 1)


def _resolved(world):
    ticket = world.ticket_b
    services.do_accept_ticket(world.officer_b, ticket)
    return services.do_resolve_ticket(world.officer_b, ticket, outcome="resolved", note="已办")


def _closed(world):
    return services.do_close_ticket(world.liaison_b, _resolved(world))


def _returned(world):
    return services.do_rate_ticket(world.liaison_b, _closed(world), rating=1, comment="差")


def _accepted(world):
    return services.do_accept_ticket(world.officer_b, world.ticket_b)


def _submit(world, **fields):
    args = {"title": "标题", "description": "内容", "kind": "consultation", **fields}
    return services.do_submit_ticket(world.liaison_a, enterprise=world.enterprise_a, channel="portal", **args)


def _key(world):
    return services.do_create_open311_key(None, name="热线", station=world.station)[0]


def _open311(world, key, **fields):
    args = {"service_item": world.item_consult, "uscc": world.enterprise_a.uscc, "description": "内容", **fields}
    return services.do_submit_open311(key, **args)


def _nothing(world):
    return None


# (name, the field the error names, its limit, the state the action needs, the action with a text)
INPUTS = [
    ("submit title", "title", TITLE_LIMIT, _nothing, lambda w, t, v: _submit(w, title=v)),
    ("submit description", "description", LONG_TEXT, _nothing, lambda w, t, v: _submit(w, description=v)),
    ("submit address", "address", SHORT_TEXT, _nothing, lambda w, t, v: _submit(w, address=v)),
    ("open311 description", "description", LONG_TEXT, _key, lambda w, t, v: _open311(w, t, description=v)),
    ("open311 title", "title", TITLE_LIMIT, _key, lambda w, t, v: _open311(w, t, title=v)),
    ("open311 address", "address", SHORT_TEXT, _key, lambda w, t, v: _open311(w, t, address=v)),
    ("reject reason", "reason", LONG_TEXT, _nothing,
     lambda w, t, v: services.do_reject_ticket(w.officer_b, w.ticket_b, reason=v)),
    ("whistle instructions", "note", LONG_TEXT, _nothing, lambda w, t, v: services.do_whistle(
        w.officer_a, w.ticket_a, departments=[w.stationing_a.department], note=v)),
    ("resolve note", "note", LONG_TEXT, _accepted,
     lambda w, t, v: services.do_resolve_ticket(w.officer_b, t, outcome="resolved", note=v)),
    ("reopen reason", "reason", LONG_TEXT, _resolved,
     lambda w, t, v: services.do_reopen_ticket(w.liaison_b, t, reason=v)),
    ("rating comment", "comment", LONG_TEXT, _closed,
     lambda w, t, v: services.do_rate_ticket(w.liaison_b, t, rating=4, comment=v)),
    ("supervisor review", "note", LONG_TEXT, _returned,
     lambda w, t, v: services.do_acknowledge_return(w.supervisor, t, note=v)),
    ("comment", "text", LONG_TEXT, _nothing, lambda w, t, v: services.do_comment(w.liaison_a, w.ticket_a, text=v)),
    ("internal note", "text", LONG_TEXT, _nothing,
     lambda w, t, v: services.do_comment(w.officer_a, w.ticket_a, text=v, internal=True)),
    ("department reply", "reply", LONG_TEXT, _nothing,
     lambda w, t, v: services.do_complete_task(w.dept_transport, w.task_a, reply=v)),
    ("reply recorded for a department", "reply", LONG_TEXT, _nothing,
     lambda w, t, v: services.do_record_task_reply(w.officer_a, w.task_a, reply=v)),
]


def _state():
    return (Ticket.objects.count(), TicketEvent.objects.count(), AuditEvent.objects.count(),
            list(Ticket.objects.order_by("pk").values_list("version", "status", "status_note", "rating_comment",
                                                           "needs_supervisor")),
            list(TicketTask.objects.order_by("pk").values_list("status", "reply", "instructions")))


@pytest.mark.parametrize(("name", "field", "limit", "setup", "act"), INPUTS, ids=[i[0] for i in INPUTS])
def test_every_free_text_input_of_the_request_services_refuses_text_over_its_limit(world, name, field, limit,
                                                                                   setup, act):
    ticket = setup(world)
    before = _state()
    too_long = "长" * (limit + 1)
    with pytest.raises(ActionError) as exc:
        act(world, ticket, too_long)
    assert exc.value.field == field and exc.value.code == "too_long"
    assert str(limit) in exc.value.message and str(limit + 1) in exc.value.message
    assert _state() == before


def test_a_two_million_character_comment_is_refused_over_the_api_and_nothing_is_stored(world, api_for):
    events = TicketEvent.objects.count()
    response = api_for(world.liaison_a).post(f"/api/tickets/{world.ticket_a.pk}/comment/",
                                             {"text": "长" * 2_000_000}, format="json")
    assert response.status_code == 400
    assert TicketEvent.objects.count() == events


def test_an_over_long_comment_from_the_page_stores_nothing(world, client_for):
    events = TicketEvent.objects.count()
    response = client_for(world.officer_a).post(reverse("tickets:ticket_action", args=[world.ticket_a.pk, "comment"]),
                                                {"comment-text": TOO_LONG})
    assert response.status_code in (302, 400)
    assert TicketEvent.objects.count() == events


def test_text_is_kept_up_to_the_limit_without_control_characters(world):
    text = "甲\x00乙\x1b丙\r\n" + "长" * (LONG_TEXT - 10)
    event = services.do_comment(world.officer_a, world.ticket_a, text=text)
    assert event.message.startswith("甲乙丙\n") and len(event.message) == LONG_TEXT - 6


def test_the_request_forms_show_the_limit(world, client_for):
    page = client_for(world.officer_a).get(reverse("tickets:ticket_detail", args=[world.ticket_a.pk])).content.decode()
    for name in ("comment-text", "resolve-note", "whistle-note"):
        tag = re.search(rf'<textarea[^>]*name="{name}"[^>]*>', page).group(0)
        assert f'maxlength="{LONG_TEXT}"' in tag, name
    form = client_for(world.liaison_a).get(reverse("tickets:ticket_submit")).content.decode()
    assert re.search(rf'<textarea[^>]*name="description"[^>]*maxlength="{LONG_TEXT}"', form) or \
        re.search(rf'<textarea[^>]*maxlength="{LONG_TEXT}"[^>]*name="description"', form)
    assert str(LONG_TEXT) in re.sub(r"<[^>]+>", "", form)  # the limit is said, not only enforced


def test_a_comment_at_the_limit_with_line_breaks_posted_from_the_page_is_stored(world, client_for):
    # The browser's maxlength counts a line break once and posts it as CR LF: the form must count as it did.
    text = "甲" * 1999 + "\r\n" + "乙" * 2000
    response = client_for(world.officer_a).post(reverse("tickets:ticket_action", args=[world.ticket_a.pk, "comment"]),
                                                {"comment-text": text})
    assert response.status_code == 302
    assert TicketEvent.objects.filter(ticket=world.ticket_a, message=text.replace("\r\n", "\n")).exists()
