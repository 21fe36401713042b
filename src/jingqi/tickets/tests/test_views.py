"""Request pages: saved filters, the portal form with expected times and the duplicate warning."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jingqi.tickets import services
from jingqi.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def test_list_query_count_is_flat(world, client_for):
    client = client_for(world.supervisor)
    few, _ = count_queries(client, reverse("tickets:ticket_list"), view="all")
    for n in range(6):
        services.do_submit_ticket(world.liaison_a, enterprise=world.enterprise_a, channel="portal",
                                  kind="consultation", title=f"t{n}", description="d")
    many, _ = count_queries(client, reverse("tickets:ticket_list"), view="all")
    assert many == few


def test_overdue_filter_marks_overdue_work(world, client_for):
    Ticket.objects.filter(pk=world.ticket_b.pk).update(response_due_at=timezone.now() - timedelta(hours=1))
    _, content = count_queries(client_for(world.supervisor), reverse("tickets:ticket_list"), view="overdue")
    assert world.ticket_b.reference in content and world.ticket_a.reference not in content and "逾期" in content


def test_liaison_list_shows_only_own_requests(world, client_for):
    _, content = count_queries(client_for(world.liaison_a), reverse("tickets:ticket_list"), view="all")
    assert world.ticket_a.reference in content and world.ticket_b.reference not in content


def test_department_list_and_workbench_show_whistled_requests_only(world, client_for):
    client = client_for(world.dept_transport)
    _, content = count_queries(client, reverse("tickets:ticket_list"))
    assert world.ticket_a.reference in content and world.ticket_b.reference not in content
    _, content = count_queries(client, reverse("tickets:workbench"))
    assert world.ticket_a.reference in content


def test_portal_submission_shows_expected_times_and_redirects(world, client_for):
    client = client_for(world.liaison_a)
    _, partial = count_queries(client, reverse("tickets:expected_times"), service_item=world.item_consult.pk)
    assert "首次答复" in partial
    response = client.post(reverse("tickets:ticket_submit"), {
        "enterprise": world.enterprise_a.pk, "channel": "portal", "service_item": world.item_consult.pk,
        "title": "员工落户", "description": "新入职研发人员落户咨询"})
    ticket = Ticket.objects.get(title="员工落户")
    assert response.status_code == 302 and response["Location"] == reverse("tickets:ticket_detail", args=[ticket.pk])


def test_duplicate_open_request_is_warned_before_submitting(world, client_for):
    client = client_for(world.liaison_a)
    data = {"enterprise": world.enterprise_a.pk, "channel": "portal", "service_item": world.item_oversize.pk,
            "title": "再次申请", "description": "同一事项"}
    warned = client.post(reverse("tickets:ticket_submit"), data)
    assert warned.status_code == 200 and world.ticket_a.reference in warned.content.decode()
    assert not Ticket.objects.filter(title="再次申请").exists()
    client.post(reverse("tickets:ticket_submit"), {**data, "confirm_duplicate": "1"})
    assert Ticket.objects.filter(title="再次申请").exists()


def test_request_page_hides_internal_notes_from_the_enterprise(world, client_for):
    services.do_comment(world.officer_a, world.ticket_a, text="内部：企业曾拖欠工资", internal=True)
    content = client_for(world.liaison_a).get(reverse("tickets:ticket_detail", args=[world.ticket_a.pk])).content
    assert "企业曾拖欠工资" not in content.decode()
    staff = client_for(world.officer_a).get(reverse("tickets:ticket_detail", args=[world.ticket_a.pk])).content
    assert "企业曾拖欠工资" in staff.decode()


def test_whistle_form_on_the_page_creates_tasks(world, client_for):
    ticket = world.ticket_b
    client = client_for(world.officer_b)
    client.post(reverse("tickets:ticket_action", args=[ticket.pk, "accept"]))
    client.post(reverse("tickets:ticket_action", args=[ticket.pk, "whistle"]), {
        "whistle-departments": [world.dept_transport_unit.pk], "whistle-due_days": 2, "whistle-note": "请到场"})
    assert ticket.tasks.count() == 1


def test_illegal_action_on_the_page_shows_a_message_and_changes_nothing(world, client_for):
    client = client_for(world.officer_a)
    response = client.post(reverse("tickets:ticket_action", args=[world.ticket_a.pk, "close"]), follow=True)
    assert "不能" in response.content.decode()
    assert Ticket.objects.get(pk=world.ticket_a.pk).status == "in_progress"


def test_figures_show_sample_sizes_and_hide_rates_below_the_minimum(world, client_for, settings):
    from jingqi.tickets.selectors import ticket_figures

    settings.STATS_MIN_SAMPLE = 2
    figures = ticket_figures(world.supervisor)
    assert figures["total"] == 2 and figures["on_time"].n == 0 and not figures["on_time"].enough
    for ticket in Ticket.objects.filter(pk__in=[world.ticket_a.pk, world.ticket_b.pk]):
        if ticket.status == "submitted":
            services.do_accept_ticket(world.supervisor, ticket)
        for task in ticket.tasks.all():
            services.do_complete_task(world.dept_transport, task, reply="好")
        services.do_resolve_ticket(world.supervisor, ticket, outcome="resolved", note="已办结")
    Ticket.objects.filter(pk=world.ticket_b.pk).update(resolution_due_at=timezone.now() - timedelta(days=1))
    figures = ticket_figures(world.supervisor)
    assert figures["on_time"].n == 2 and figures["on_time"].value == 0.5 and figures["on_time"].enough
    assert figures["resolve_hours"].median is not None
    content = client_for(world.supervisor).get(reverse("tickets:ticket_figures"), HTTP_ACCEPT_LANGUAGE="en").content
    assert b"50%" in content and b"sample of 2" in content


def test_the_list_asks_for_its_figures_once_shown_and_only_the_police_and_viewers_get_them(world, client_for):
    """The figures aggregate every request in scope: the list page does not wait for them but asks for them
    once it has shown (htmx, on load); enterprises and departments get neither the slot nor the figures."""
    figures_url = reverse("tickets:ticket_figures")
    for user in (world.supervisor, world.officer_a, world.auxiliary_a):
        client = client_for(user)
        page = client.get(reverse("tickets:ticket_list")).content.decode()
        assert f'hx-get="{figures_url}"' in page and 'hx-trigger="load"' in page
        answer = client.get(figures_url, HTTP_ACCEPT_LANGUAGE="en")
        assert answer.status_code == 200 and b"Requests" in answer.content
    for user in (world.liaison_a, world.dept_transport):
        client = client_for(user)
        assert figures_url not in client.get(reverse("tickets:ticket_list")).content.decode()
        assert client.get(figures_url).status_code == 404
    assert Client().get(figures_url).status_code == 302  # to the sign-in page


def test_workbench_lists_waiting_work_before_finished_work(world, client_for):
    services.do_complete_task(world.dept_transport, world.task_a, reply="完成")
    second = services.do_submit_ticket(world.liaison_a, enterprise=world.enterprise_a, channel="portal",
                                       kind="consultation", title="第二件", description="d")
    services.do_accept_ticket(world.officer_a, second)
    services.do_whistle(world.officer_a, second, departments=[world.dept_transport_unit])
    response = client_for(world.dept_transport).get(reverse("tickets:workbench"))
    waiting, finished = list(response.context["page"]), list(response.context["finished"])
    assert waiting and all(t.status != "done" for t in waiting)
    assert [t.due_at for t in waiting] == sorted(t.due_at for t in waiting)
    assert world.task_a.pk in [t.pk for t in finished] and all(t.status == "done" for t in finished)


def test_whistle_form_does_not_offer_departments_already_called_in(world, client_for):
    content = client_for(world.officer_a).get(reverse("tickets:ticket_detail", args=[world.ticket_a.pk])).content
    assert f'name="whistle-departments" value="{world.dept_transport_unit.pk}"'.encode() not in content
