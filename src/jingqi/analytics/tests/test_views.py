"""The figures page, the records behind a figure, and the spreadsheet: who may open them, what they list, bad
input, and their queries."""

import io

import pytest
from django.db.models import Q
from django.shortcuts import resolve_url

from jingqi.analytics.models import Fact
from jingqi.analytics.services import do_refresh_figures
from jingqi.tickets.models import Ticket

pytestmark = pytest.mark.django_db
PAGE, RECORDS, EXPORT, SUMMARY = "/figures/", "/figures/records/", "/figures/export/", "/figures/summary.pdf"
WHOLE = {"start": "2020-01-01", "end": "2029-12-31"}


@pytest.fixture
def refreshed(world):
    do_refresh_figures(full=True)
    return world.objects


@pytest.mark.parametrize("persona, status", [
    ("supervisor", 200), ("officer_a", 200), ("auxiliary_a", 200), ("liaison_a", 200), ("dept_transport", 200),
    ("viewer", 200), ("volunteer_a", 403),
])
def test_who_may_open_the_figures(refreshed, client_for, persona, status):
    client = client_for(refreshed[persona])
    assert client.get(PAGE, WHOLE).status_code == status
    assert client.get(EXPORT, WHOLE).status_code == status
    assert client.get(SUMMARY, WHOLE).status_code == status


def test_signed_out_visitors_are_sent_to_sign_in(client):
    for url in (PAGE, RECORDS, EXPORT, SUMMARY):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(resolve_url("login"))


def test_the_page_shows_each_figure_with_its_counts_and_a_link_to_its_records(refreshed, client_for):
    body = client_for(refreshed["supervisor"]).get(PAGE, WHOLE).content.decode()
    received = Ticket.objects.filter(station=refreshed["supervisor"].station_id).count()
    assert "?figure=requests.received&amp;start=2020-01-01&amp;end=2029-12-31" in body
    assert f">{received}</a>" in body
    assert 'id="figures-trend"' in body and "echarts.min.js" in body


def test_the_viewer_sees_sums_without_a_way_to_the_records(refreshed, client_for):
    client = client_for(refreshed["viewer"])
    body = client.get(PAGE, WHOLE).content.decode()
    assert "figure=requests.received" not in body
    for ticket in Ticket.objects.all():
        assert ticket.reference not in body and ticket.enterprise.name not in body
    assert client.get(RECORDS, {**WHOLE, "figure": "requests.received"}).status_code == 403


@pytest.mark.parametrize("persona, scope", [
    ("supervisor", lambda w: Q(station=w["supervisor"].station_id)),
    ("officer_a", lambda w: Q(enterprise__park__office=w["officer_a"].office_id)),
    ("liaison_a", lambda w: Q(enterprise=w["liaison_a"].enterprise_id)),
])
def test_the_records_behind_a_figure_are_those_counted_and_visible(refreshed, client_for, persona, scope):
    response = client_for(refreshed[persona]).get(RECORDS, {**WHOLE, "figure": "requests.received"})
    assert response.status_code == 200
    tickets = Ticket.objects.filter(scope(refreshed))
    assert response.context["page"].paginator.count == tickets.count() > 0
    body = response.content.decode()
    for ticket in tickets:
        assert f"/requests/{ticket.pk}/" in body
    for ticket in Ticket.objects.exclude(scope(refreshed)):
        assert f"/requests/{ticket.pk}/\"" not in body


@pytest.mark.parametrize("params, field", [
    ({"figure": "no.such"}, "figure"),
    ({"figure": "requests.received", "start": "2026-05-01", "end": "2026-04-01"}, "end"),
    ({"figure": "requests.received", "start": "yesterday"}, "start"),
])
def test_bad_input_to_the_records_is_refused_beside_its_field(refreshed, client_for, params, field):
    response = client_for(refreshed["supervisor"]).get(RECORDS, params)
    assert response.status_code == 400
    assert response.context["form"].errors[field]


def test_a_park_of_another_office_is_not_among_the_choices(refreshed, client_for):
    other = refreshed["enterprise_b"].park_id
    response = client_for(refreshed["officer_a"]).get(PAGE, {**WHOLE, "park": other})
    assert response.status_code == 400
    assert response.context["form"].errors["park"]


def test_a_bad_period_on_the_page_is_refused_and_nothing_is_shown(refreshed, client_for):
    response = client_for(refreshed["supervisor"]).get(PAGE, {"start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 400
    assert response.context["form"].errors["end"]
    assert not response.context["sections"] and b"figures-trend" not in response.content


def test_the_page_s_queries_do_not_depend_on_the_period(refreshed, client_for, django_assert_max_num_queries):
    client = client_for(refreshed["supervisor"])
    client.get(PAGE)  # the session and the user, read once
    for params in (WHOLE, {"start": "2026-03-05", "end": "2026-03-09"}):
        # session and user, refresh state, scope choices, the period and the one before (sums, histograms,
        # distinct counts), the trend (sums, distinct counts), the parks and the departments side by side (each:
        # the list, its sums)
        with django_assert_max_num_queries(27):
            assert client.get(PAGE, params).status_code == 200


def test_the_records_page_s_queries_do_not_grow_with_the_records(refreshed, client_for,
                                                                   django_assert_max_num_queries):
    client = client_for(refreshed["supervisor"])
    for figure in ("requests.received", "requests.response_rate"):
        with django_assert_max_num_queries(14):
            assert client.get(RECORDS, {**WHOLE, "figure": figure}).status_code == 200


def test_the_spreadsheet_has_every_figure_with_its_numbers(refreshed, client_for):
    from openpyxl import load_workbook

    from jingqi.analytics.definitions import DEFINITIONS

    response = client_for(refreshed["supervisor"]).get(EXPORT, WHOLE)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming
                                     else response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + len(DEFINITIONS)
    received = Fact.objects.filter(figure="requests.received", station=refreshed["supervisor"].station_id).count()
    by_kind = {row[1]: row for row in rows[1:] if row[1] == "count"}
    assert by_kind and any(row[3] == received for row in rows[1:])


def _pdf(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_period_summary_prints_every_figure_with_its_sample(refreshed, client_for):
    from jingqi.analytics.definitions import DEFINITIONS
    from jingqi.core.testing.pdfs import pdf_text

    response = client_for(refreshed["supervisor"]).get(SUMMARY, WHOLE)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text, pages = pdf_text(_pdf(response))
    assert pages >= 2
    for definition in DEFINITIONS:
        assert "".join(str(definition.label).split()) in text, definition.key
    received = Fact.objects.filter(figure="requests.received", station=refreshed["supervisor"].station_id).count()
    assert str(received) in text
    assert str(refreshed["supervisor"].station) in text


def test_the_period_summary_puts_the_parks_and_departments_side_by_side(refreshed, client_for):
    from django.utils import translation

    from jingqi.core.testing.pdfs import pdf_text
    from jingqi.registry.models import Department, Park

    station = refreshed["supervisor"].station_id
    text, _pages = pdf_text(_pdf(client_for(refreshed["supervisor"]).get(SUMMARY, WHOLE)))
    with translation.override("zh-hans"):  # the language the page is asked in
        for heading in (translation.gettext("Park by park"), translation.gettext("Department by department")):
            assert "".join(heading.split()) in text, heading
    for unit in [*Park.objects.filter(station=station), *Department.objects.filter(station=station)]:
        assert "".join(unit.name.split()) in text, unit.name
    other = Park.objects.exclude(station=station).first()
    assert "".join(other.name.split()) not in text


def test_the_viewer_s_period_summary_names_no_record(refreshed, client_for):
    from jingqi.core.testing.pdfs import pdf_text

    text, _pages = pdf_text(_pdf(client_for(refreshed["viewer"]).get(SUMMARY, WHOLE)))
    for ticket in Ticket.objects.select_related("enterprise"):
        assert ticket.reference not in text and "".join(ticket.enterprise.name.split()) not in text


def test_a_bad_period_summary_is_refused_beside_its_field(refreshed, client_for):
    response = client_for(refreshed["supervisor"]).get(SUMMARY, {"start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 400
    assert response.context["form"].errors["end"]
