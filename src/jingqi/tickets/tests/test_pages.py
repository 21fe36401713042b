"""What a person meets on the request pages (issue 8): the actions panel only when there is an action,
each role's list opening on its work, action forms that keep their errors beside the fields, final actions
that ask first, honest figures, the department workbench and long comments."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from jingqi.core.figures import Figure
from jingqi.core.testing.plans import assert_served_by_index
from jingqi.tickets import selectors, services
from jingqi.tickets.models import Ticket, TicketEvent, TicketTask

pytestmark = pytest.mark.django_db


def page_of(client, ticket):
    response = client.get(reverse("tickets:ticket_detail", args=[ticket.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- 20: the actions panel ----------------------------------------------------------------------------


def test_actions_panel_is_absent_when_the_viewer_has_no_action(world, client_for):
    services.do_reject_ticket(world.officer_b, world.ticket_b, reason="不属于本所职责")
    assert selectors.ticket_actions(world.officer_b, Ticket.objects.get(pk=world.ticket_b.pk)) == set()
    content = page_of(client_for(world.officer_b), world.ticket_b)
    assert "actions-card" not in content
    # The enterprise, while its request is being handled, has nothing to do either.
    assert "actions-card" not in page_of(client_for(world.liaison_a), world.ticket_a)


def test_actions_panel_lists_the_actions_the_viewer_has(world, client_for):
    assert selectors.ticket_actions(world.officer_b, world.ticket_b) == {"accept", "reject"}
    content = page_of(client_for(world.officer_b), world.ticket_b)
    assert "actions-card" in content and "/accept/" in content and "/resolve/" not in content


# --- 22: each role's list opens on its work ------------------------------------------------------------


def test_supervisor_list_opens_on_the_station_open_requests(world, client_for):
    response = client_for(world.supervisor).get(reverse("tickets:ticket_list"))
    content = response.content.decode()
    assert response.context["view"] == "open"
    assert world.ticket_a.reference in content and world.ticket_b.reference in content


@pytest.mark.parametrize(("persona", "view"), [("officer_a", "mine"), ("dept_transport", "department"),
                                               ("liaison_a", "open")])
def test_other_roles_list_opens_on_their_own_work(world, client_for, persona, view):
    response = client_for(getattr(world, persona)).get(reverse("tickets:ticket_list"))
    assert response.context["view"] == view
    assert world.ticket_a.reference in response.content.decode()


def test_a_list_longer_than_its_pages_reach_says_so_instead_of_counting_everything(world, client_for, monkeypatch):
    from jingqi.core import paging

    monkeypatch.setattr(paging, "LIST_CAP", 1)
    with translation.override("en"):
        response = client_for(world.supervisor).get(reverse("tickets:ticket_list"), {"view": "all"},
                                                    HTTP_ACCEPT_LANGUAGE="en")
    page = response.context["page"]
    assert page.paginator.capped and page.paginator.count == 1 and len(page.object_list) == 1
    assert "More than 1 requests: the newest 1 are listed here" in response.content.decode()


# --- 23: action forms keep their errors beside their fields ----------------------------------------------


def test_whistle_without_department_keeps_the_form_open_with_the_error_beside_the_field(world, client_for):
    ticket = services.do_accept_ticket(world.officer_b, world.ticket_b)
    before = (ticket.tasks.count(), TicketEvent.objects.filter(ticket=ticket).count())
    response = client_for(world.officer_b).post(reverse("tickets:ticket_action", args=[ticket.pk, "whistle"]),
                                                {"whistle-due_days": 2, "version": ticket.version})
    assert response.status_code == 400
    content = response.content.decode()
    form = re.search(r'<details open[^>]*>\s*<summary>[^<]*</summary>\s*<form[^>]*/whistle/.*?</form>', content,
                     re.S)
    assert form, "the whistle form is shown open"
    assert re.search(r'class="field invalid">.*?name="whistle-departments".*?class="error"', form.group(0), re.S)
    with translation.override("en"):
        assert "Tick at least one department" in client_for(world.officer_b).post(
            reverse("tickets:ticket_action", args=[ticket.pk, "whistle"]), {"whistle-due_days": 2},
            HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (ticket.tasks.count(), TicketEvent.objects.filter(ticket=ticket).count()) == before


def test_refused_action_keeps_its_form_open_with_the_message(world, client_for):
    ticket = world.ticket_a
    response = client_for(world.officer_a).post(reverse("tickets:ticket_action", args=[ticket.pk, "resolve"]), {
        "resolve-outcome": "resolved", "resolve-note": "已协调", "version": ticket.version + 5})
    assert response.status_code == 400
    content = response.content.decode()
    assert re.search(r'<details open[^>]*>\s*<summary>[^<]*</summary>\s*<form[^>]*/resolve/', content)
    assert Ticket.objects.get(pk=ticket.pk).status == "in_progress"


def test_reply_without_text_keeps_the_department_form_with_its_error(world, client_for):
    response = client_for(world.dept_transport).post(
        reverse("tickets:task_action", args=[world.task_a.pk, "complete"]), {"reply-reply": ""})
    assert response.status_code == 400
    content = response.content.decode()
    assert re.search(r'<form[^>]*/complete/.*?class="field invalid">.*?class="error"', content, re.S)
    assert TicketTask.objects.get(pk=world.task_a.pk).status != "done"


# --- 24: final actions ask first -------------------------------------------------------------------------


def test_final_actions_on_the_request_page_ask_for_confirmation(world, client_for):
    services.do_accept_ticket(world.officer_b, world.ticket_b)
    content = page_of(client_for(world.officer_b), world.ticket_b)
    for action in ("resolve", "reject"):
        assert re.search(rf'<form[^>]*/{action}/"[^>]*data-confirm="[^"]+"', content), action
    assert "jingqi/confirm.js" in content
    services.do_resolve_ticket(world.officer_b, world.ticket_b, outcome="resolved", note="已协调")
    assert re.search(r'<form[^>]*/close/"[^>]*data-confirm="[^"]+"', page_of(client_for(world.officer_b),
                                                                           world.ticket_b))


def test_removing_a_contact_asks_for_confirmation(world, client_for):
    content = client_for(world.officer_a).get(
        reverse("registry:enterprise_detail", args=[world.enterprise_a.pk])).content.decode()
    url = reverse("registry:contact_remove", args=[world.contact_a.pk])
    assert re.search(rf'<form[^>]*action="{url}"[^>]*data-confirm="[^"]+"', content)


# --- 27: figures below the minimum sample say why ---------------------------------------------------------


def test_figure_below_the_minimum_sample_says_it_needs_more_data(settings):
    settings.STATS_MIN_SAMPLE = 10
    with translation.override("en"):
        html = Template('{% load ui %}{% figure_card fig "Satisfaction" "rating" %}').render(
            Context({"fig": Figure(9, 4.5, 5)}))
    assert "Not enough data (needs ≥ 10)" in html and "4.5" not in html


def test_request_list_figures_say_why_a_rate_is_missing(world, client_for, settings):
    settings.STATS_MIN_SAMPLE = 7
    with translation.override("en"):
        content = client_for(world.supervisor).get(reverse("tickets:ticket_figures"),
                                                   HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "≥ 7" in content


# --- 29: the department workbench -----------------------------------------------------------------------


def test_workbench_shows_open_tasks_by_deadline_then_finished_ones_apart(world, client_for):
    later = services.do_submit_ticket(world.liaison_a, enterprise=world.enterprise_a, channel="portal",
                                      kind="consultation", title="后到期", description="d")
    services.do_accept_ticket(world.officer_a, later)
    (late_task,) = services.do_whistle(world.officer_a, later, departments=[world.dept_transport_unit])
    TicketTask.objects.filter(pk=late_task.pk).update(due_at=timezone.now() + timedelta(days=30))
    TicketTask.objects.filter(pk=world.task_a.pk).update(due_at=timezone.now() - timedelta(days=1))
    done = services.do_submit_ticket(world.liaison_a, enterprise=world.enterprise_a, channel="portal",
                                     kind="consultation", title="已完成", description="d")
    services.do_accept_ticket(world.officer_a, done)
    (done_task,) = services.do_whistle(world.officer_a, done, departments=[world.dept_transport_unit])
    services.do_complete_task(world.dept_transport, done_task, reply="完成")

    content = client_for(world.dept_transport).get(reverse("tickets:workbench")).content.decode()
    open_part, _, finished_part = content.partition('id="finished-tasks"')
    assert finished_part, "finished tasks have their own section"
    assert open_part.index(world.ticket_a.reference) < open_part.index(later.reference)
    assert done.reference not in open_part and done.reference in finished_part
    assert re.search(r'<tr class="overdue-row">\s*<td><a[^>]*>' + world.ticket_a.reference, open_part)
    assert 'class="status task-open"' in open_part and 'class="status task-done"' in finished_part


def test_open_tasks_of_a_department_are_read_through_an_index(world):
    if connection.vendor != "sqlite":
        # PostgreSQL's index entries are not ordered by id, the order's tie-breaker: it sorts the department's tasks.
        pytest.skip("the order (due_at, id) is served on SQLite only: the index has no id column")
    assert_served_by_index(selectors.open_tasks_for_department(world.dept_transport), "ticket_task_open_due_idx")


# --- 31: long comments and the departments column -----------------------------------------------------------


def test_long_comment_is_collapsed_behind_show_all(world, client_for):
    services.do_comment(world.officer_a, world.ticket_a, text="很长的说明。" * 300, internal=False)
    services.do_comment(world.officer_a, world.ticket_a, text="短评", internal=False)
    content = page_of(client_for(world.officer_a), world.ticket_a)
    assert content.count('class="long-text"') == 1
    assert re.search(r'class="long-text">\s*<details class="show-all">', content)


def test_departments_column_names_the_departments_called_in_even_once_they_replied(world, client_for):
    services.do_complete_task(world.dept_transport, world.task_a, reply="已答复")
    content = client_for(world.supervisor).get(reverse("tickets:ticket_list"), {"view": "all"}).content.decode()
    row = re.search(rf"<tr[^>]*>\s*<td class=\"mono\"><a[^>]*>{world.ticket_a.reference}</a>.*?</tr>", content,
                    re.S).group(0)
    assert "交通运输局" in row


def test_departments_column_costs_the_same_queries_for_more_whistled_requests(world, client_for):
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.supervisor)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("tickets:ticket_list"), {"view": "all"}).status_code == 200
        return len(ctx)

    few = queries()
    for n in range(4):
        ticket = services.do_submit_ticket(world.liaison_a, enterprise=world.enterprise_a, channel="portal",
                                           kind="consultation", title=f"吹哨{n}", description="d")
        services.do_accept_ticket(world.officer_a, ticket)
        services.do_whistle(world.officer_a, ticket, departments=[world.dept_transport_unit])
    assert queries() == few


def test_long_rating_comment_is_collapsed_too(world, client_for):
    ticket = world.ticket_a
    services.do_complete_task(world.dept_transport, world.task_a, reply="已答复")
    services.do_resolve_ticket(world.officer_a, ticket, outcome="resolved", note="已协调")
    services.do_close_ticket(world.liaison_a, ticket)
    services.do_rate_ticket(world.liaison_a, ticket, rating=4, comment="总体满意。" * 200)
    content = page_of(client_for(world.officer_a), ticket)
    assert re.search(r'<dt>[^<]*</dt><dd>4 / 5<div class="long-text">', content)


def test_workbench_pagers_keep_each_others_page(world, client_for, monkeypatch):
    from django.core.paginator import Paginator

    from jingqi.tickets import views

    monkeypatch.setattr(views, "Paginator", lambda rows, _size: Paginator(rows, 1))
    for title in ("第二件", "已完成一", "已完成二"):
        ticket = services.do_submit_ticket(world.liaison_a, enterprise=world.enterprise_a, channel="portal",
                                           kind="consultation", title=title, description="d")
        services.do_accept_ticket(world.officer_a, ticket)
        (task,) = services.do_whistle(world.officer_a, ticket, departments=[world.dept_transport_unit])
        if title.startswith("已完成"):
            services.do_complete_task(world.dept_transport, task, reply="完成")

    content = client_for(world.dept_transport).get(reverse("tickets:workbench") + "?finished=2").content.decode()
    open_part, _, finished_part = content.partition('id="finished-tasks"')
    assert "?finished=2&amp;page=2" in open_part
    assert "?page=1&amp;finished=1#finished-tasks" not in finished_part  # no page of its own yet: not invented
    assert "?finished=1#finished-tasks" in finished_part

    content = client_for(world.dept_transport).get(reverse("tickets:workbench") + "?page=2").content.decode()
    finished_part = content.partition('id="finished-tasks"')[2]
    assert "?page=2&amp;finished=2#finished-tasks" in finished_part
