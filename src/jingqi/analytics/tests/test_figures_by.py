"""The figures by type of record and by officer: the facts carry each record's type and officer, the tables count
what the raw tables hold for each, only the police see them, and the officer's tables stay within their parks."""

import uuid

import pytest
from django.utils import timezone

from jingqi.analytics.models import Fact
from jingqi.analytics.selectors import Scope, by_kind, by_officer
from jingqi.analytics.services import do_refresh_figures
from jingqi.disputes.models import Dispute
from jingqi.inspections.choices import HazardStatus
from jingqi.inspections.models import Hazard
from jingqi.tickets.models import Ticket

pytestmark = [pytest.mark.django_db, pytest.mark.dispute_cast, pytest.mark.inspection_cast]
PAGE = "/figures/by/"
WHOLE = {"start": "2020-01-01", "end": "2029-12-31"}


@pytest.fixture
def refreshed(world):
    do_refresh_figures(full=True)
    return world


def _whole():
    from datetime import date

    return {"start": date(2020, 1, 1), "end": date(2029, 12, 31)}


def test_each_fact_carries_its_record_s_type_and_officer(refreshed):
    for model, source, kind, officer in ((Ticket, "ticket", "kind", "handler_id"),
                                         (Dispute, "dispute", "kind", "mediator_id"),
                                         (Hazard, "hazard", "source", "handler_id")):
        records = {r["pk"]: r for r in model.objects.values("pk", kind, officer)}
        facts = Fact.objects.filter(source=source).values("record_id", "kind", "officer_id")
        assert facts
        for fact in facts:
            record = records[fact["record_id"]]
            assert (fact["kind"], fact["officer_id"]) == (record[kind], record[officer]), (source, fact)


def test_requests_by_kind_count_the_requests_of_each_kind(refreshed):
    supervisor = refreshed.supervisor
    tables = dict(by_kind(supervisor, **_whole()))
    rows = {row.label: row.figures[0] for row in tables["ticket"]}  # requests.received
    from jingqi.catalog.choices import RequestKind

    received = Ticket.objects.filter(station=supervisor.station_id)
    expected = {str(RequestKind(k).label): received.filter(kind=k).count()
                for k in received.values_list("kind", flat=True).distinct()}
    assert {label: figure.value for label, figure in rows.items()} == expected and sum(expected.values()) == 2


def test_hazards_by_where_they_were_found_and_closed_by_officer_match_the_hazards(refreshed):
    supervisor = refreshed.supervisor
    hazards = Hazard.objects.filter(station=supervisor.station_id).exclude(status=HazardStatus.VOID)
    tables = dict(by_kind(supervisor, **_whole()))
    found = {row.label: row.figures[0].value for row in tables["hazard"]}  # hazards.found
    assert sum(found.values()) == hazards.count() > 0
    closed = hazards.filter(status=HazardStatus.CLOSED)
    rows = {row.pk: row for row in by_officer(supervisor, **_whole())}
    column = [d.key for d in (f.definition for f in next(iter(rows.values())).figures)].index("hazards.closed")
    for handler in set(closed.values_list("handler_id", flat=True)):
        assert rows[handler].figures[column].value == closed.filter(handler_id=handler).count()
    assert sum(row.figures[column].value for row in rows.values()) == closed.count() > 0


def test_an_officer_s_tables_hold_only_their_parks_records(refreshed):
    officer = refreshed.officer_a
    rows = by_officer(officer, **_whole())
    hazards = Hazard.objects.filter(park__office=officer.office_id).exclude(status=HazardStatus.VOID)
    handlers = {row.pk for row in rows}
    assert refreshed.officer_b.pk not in handlers and refreshed.supervisor_t.pk not in handlers
    tables = dict(by_kind(officer, **_whole()))
    assert sum(row.figures[0].value for row in tables["hazard"]) == hazards.count()
    assert sum(row.figures[0].value for row in tables["ticket"]) == 1  # ticket_a


def test_a_park_narrows_the_tables(refreshed):
    supervisor = refreshed.supervisor
    tables = dict(by_kind(supervisor, **_whole(), scope=Scope(park=refreshed.park_b.pk)))
    assert sum(row.figures[0].value for row in tables["ticket"]) == 1  # ticket_b


@pytest.mark.parametrize("persona, status", [
    ("supervisor", 200), ("officer_a", 200), ("auxiliary_a", 200), ("liaison_a", 403), ("dept_transport", 403),
    ("viewer", 403), ("volunteer_a", 403),
])
def test_only_the_police_see_the_figures_by_type_and_officer(refreshed, client_for, persona, status):
    assert client_for(refreshed.objects[persona]).get(PAGE, WHOLE).status_code == status


def test_the_page_shows_a_table_per_source_and_the_officers_and_the_figures_lead_to_it(refreshed, client_for):
    client = client_for(refreshed.supervisor)
    body = client.get(PAGE, WHOLE).content.decode()
    for table in ("kind-ticket", "kind-dispute", "kind-case", "kind-hazard", "officer"):
        assert f'id="breakdown-{table}"' in body
    assert str(refreshed.officer_a) in body
    assert f'href="{PAGE}?start=2020-01-01&amp;end=2029-12-31"' in client.get("/figures/", WHOLE).content.decode()
    assert PAGE not in client_for(refreshed.liaison_a).get("/figures/", WHOLE).content.decode()


def test_the_page_opens_on_the_last_30_days_and_keeps_a_period_it_is_given(refreshed, client_for):
    from datetime import date, timedelta

    from django.utils import timezone

    client, today = client_for(refreshed.supervisor), timezone.localdate()
    page = client.get(PAGE)
    assert (page.context["start"], page.context["end"]) == (today - timedelta(days=29), today)
    page = client.get(PAGE, WHOLE)
    assert (page.context["start"], page.context["end"]) == (date(2020, 1, 1), date(2029, 12, 31))
    page = client.get(PAGE, {"end": "2026-06-30"})  # an end alone: the 30 days before it
    assert (page.context["start"], page.context["end"]) == (date(2026, 6, 1), date(2026, 6, 30))
    figures = client.get("/figures/")  # the figures page itself still opens on the year
    assert figures.context["start"] == today.replace(month=1, day=1)


def test_a_bad_period_is_refused_beside_its_field_and_nothing_is_shown(refreshed, client_for):
    response = client_for(refreshed.supervisor).get(PAGE, {"start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 400 and "end" in response.context["form"].errors
    assert 'id="breakdown-' not in response.content.decode()


def test_the_page_s_queries_do_not_grow_with_the_records(refreshed, client_for, django_assert_max_num_queries):
    client = client_for(refreshed.supervisor)
    with django_assert_max_num_queries(22):
        client.get(PAGE, WHOLE)
    for n in range(3):  # more requests, of another kind, handled by another officer
        ticket = Ticket.objects.get(pk=refreshed.ticket_a.pk)
        ticket.pk, ticket.reference, ticket.token = None, f"{ticket.reference}-{n}", uuid.uuid4()
        ticket.kind, ticket.handler, ticket.updated_at = "consultation", refreshed.officer_b, timezone.now()
        ticket.save()
    do_refresh_figures()
    with django_assert_max_num_queries(22):
        client.get(PAGE, WHOLE)


def test_the_tables_export_to_a_spreadsheet_a_sheet_each(refreshed, client_for):
    import io

    from openpyxl import load_workbook

    response = client_for(refreshed.supervisor).get(f"{PAGE}export/", WHOLE)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 5
    officers = [row[0] for row in book.worksheets[-1].iter_rows(min_row=2, values_only=True)]
    assert str(refreshed.officer_a) in officers
    assert client_for(refreshed.liaison_a).get(f"{PAGE}export/", WHOLE).status_code == 403
