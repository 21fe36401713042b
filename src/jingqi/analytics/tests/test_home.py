"""The home page as each role's dashboard: what is overdue or due today first (police and departments), then the
role's key figures of this year; nothing that names a record for the city/county viewer."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jingqi.analytics.services import do_refresh_figures
from jingqi.tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def refreshed(world):
    do_refresh_figures(full=True)
    return world.objects


def home(client_for, user):
    response = client_for(user).get("/")
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("persona, work_due, figures", [
    ("supervisor", True, True), ("officer_a", True, True), ("auxiliary_a", True, True),
    ("dept_transport", True, True), ("liaison_a", False, True), ("viewer", False, True), ("volunteer_a", False, False),
])
def test_each_role_s_home_leads_with_its_panels(refreshed, client_for, persona, work_due, figures):
    response = home(client_for, refreshed[persona])
    assert (b'id="work-due"' in response.content) is work_due
    assert (b'id="key-figures"' in response.content) is figures


def test_the_overdue_count_is_the_requests_past_their_deadline(refreshed, client_for):
    supervisor = refreshed["supervisor"]
    ticket = Ticket.objects.filter(station=supervisor.station_id, status__in=("submitted", "accepted", "in_progress")
                                   ).first()
    Ticket.objects.filter(pk=ticket.pk).update(resolution_due_at=timezone.now() - timedelta(hours=1))
    rows = {row.label: row for row in home(client_for, supervisor).context["work_due"]}
    overdue = Ticket.objects.visible_to(supervisor).overdue().count()
    assert overdue >= 1
    assert next(iter(rows.values())).overdue == overdue


def test_a_department_s_home_has_its_tasks(refreshed, client_for):
    from django.urls import reverse

    rows = home(client_for, refreshed["dept_transport"]).context["work_due"]
    assert reverse("tickets:workbench") in [row.url for row in rows]


def test_the_key_figures_are_the_role_s_own(refreshed, client_for):
    liaison = refreshed["liaison_a"]
    figures = {f.key: f for f, _shown in home(client_for, liaison).context["key_figures"]}
    this_year = timezone.localdate().replace(month=1, day=1)
    received = Ticket.objects.filter(enterprise=liaison.enterprise_id,
                                     submitted_at__date__gte=this_year).count()
    assert figures["requests.received"].numerator == received


def test_the_viewer_s_home_names_no_record(refreshed, client_for):
    body = home(client_for, refreshed["viewer"]).content.decode()
    for ticket in Ticket.objects.all():
        assert ticket.reference not in body and ticket.title not in body


def test_the_home_page_s_queries_do_not_grow_with_the_records(refreshed, client_for, django_assert_max_num_queries):
    client = client_for(refreshed["supervisor"])
    client.get("/")
    with django_assert_max_num_queries(24):
        client.get("/")
