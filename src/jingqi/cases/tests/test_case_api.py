"""Cases over the API: read only, scoped like the pages, a fixed number of queries per page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jingqi.cases import services
from jingqi.cases.api.cases import CaseViewSet
from jingqi.core.testing.plans import api_list_queryset, assert_served_by_index

pytestmark = [pytest.mark.django_db, pytest.mark.case_cast]


def test_the_list_is_scoped_like_the_pages(world, api_for):
    refs = {c["reference"] for c in api_for(world.supervisor).get("/api/cases/").json()["results"]}
    assert refs == {world.case_a.reference, world.case_b.reference}
    refs = {c["reference"] for c in api_for(world.liaison_a).get("/api/cases/").json()["results"]}
    assert refs == {world.case_a.reference}
    assert api_for(world.viewer).get("/api/cases/").json()["results"] == []
    assert api_for(world.officer_b).get(f"/api/cases/{world.case_a.pk}/").status_code == 404


def test_a_case_carries_its_times_money_and_victims(world, api_for):
    body = api_for(world.officer_a).get(f"/api/cases/{world.case_a.pk}/").json()
    assert body["hours_to_solve"] == pytest.approx(48, abs=0.1) and body["recovered_amount"] == "80000.00"
    assert [v["enterprise"] for v in body["victims"]] == [world.enterprise_a.pk]


def test_the_api_does_not_write(world, api_for):
    client = api_for(world.officer_a)
    assert client.patch(f"/api/cases/{world.case_a.pk}/", {"title": "改"}, format="json").status_code == 405
    assert client.post("/api/cases/", {"title": "新"}, format="json").status_code == 405


def test_the_list_query_count_does_not_grow_with_rows(world, api_for):
    client = api_for(world.supervisor)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/cases/")
    for n in range(4):
        services.do_record_case(world.officer_a, park=world.park_a, victims=[(world.enterprise_a, None)],
                                data={"kind": "theft", "title": f"被盗{n}", "description": "x"})
    with CaptureQueriesContext(connection) as many:
        client.get("/api/cases/")
    assert len(many) == len(few)


def test_the_supervisors_list_is_read_through_the_station_index(world):
    assert_served_by_index(api_list_queryset(CaseViewSet, world.supervisor)[:50], "case_station_reported_idx")
