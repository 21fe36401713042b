"""The registry API: scoped lists with flat query counts, writes through services, clear 400s."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jingqi.core.testing import factories as f
from jingqi.registry.models import Enterprise

pytestmark = pytest.mark.django_db



@pytest.mark.parametrize("path", ["/api/enterprises/", "/api/contacts/", "/api/visits/", "/api/parks/",
                                  "/api/team-members/", "/api/strategies/", "/api/stationings/"])
def test_api_list_query_count_does_not_grow_with_rows(world, api_for, path):
    client = api_for(world.supervisor)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx)

    few = count()
    for _ in range(8):
        enterprise = f.EnterpriseFactory(park=world.park_a)
        f.ContactFactory(enterprise=enterprise)
        f.TeamMemberFactory(enterprise=enterprise)
        f.VisitFactory(enterprise=enterprise, officer=world.officer_a)
    assert count() == few


def test_pagination_is_bounded(world, api_for):
    f.EnterpriseFactory.create_batch(3, park=world.park_a)
    body = api_for(world.supervisor).get("/api/enterprises/?limit=100000").json()
    assert body["count"] == 5 and len(body["results"]) == 5
    from jingqi.core.api import BoundedLimitOffsetPagination

    assert BoundedLimitOffsetPagination.max_limit == 200


def test_filter_by_credit_code_and_flags(world, api_for):
    body = api_for(world.supervisor).get("/api/enterprises/", {"q": world.enterprise_b.uscc}).json()
    assert [row["id"] for row in body["results"]] == [world.enterprise_b.pk]
    body = api_for(world.supervisor).get("/api/enterprises/", {"key_enterprise": "true"}).json()
    assert [row["id"] for row in body["results"]] == [world.enterprise_a.pk]


def test_create_with_bad_credit_code_returns_a_translated_400(world, api_for):
    response = api_for(world.officer_a).post("/api/enterprises/", {
        "park": world.park_a.pk, "name": "接口测试有限公司", "uscc": "91330683000990001B", "industry_code": "C3841"},
        format="json")
    assert response.status_code == 400 and "uscc" in response.json()
    assert not Enterprise.objects.filter(name="接口测试有限公司").exists()


def test_create_in_a_park_outside_scope_is_refused(world, api_for):
    response = api_for(world.officer_a).post("/api/enterprises/", {
        "park": world.park_t.pk, "name": "越权有限公司", "uscc": f.valid_uscc(660001), "industry_code": "C3841"},
        format="json")
    assert response.status_code == 400 and not Enterprise.objects.filter(name="越权有限公司").exists()


def test_patch_requires_the_version_and_refuses_stale_ones(world, api_for):
    client = api_for(world.officer_a)
    url = f"/api/enterprises/{world.enterprise_a.pk}/"
    assert client.patch(url, {"headcount": 9}, format="json").status_code == 400
    assert client.patch(url, {"headcount": 9, "version": 1}, format="json").json()["version"] == 2
    response = client.patch(url, {"headcount": 10, "version": 1}, format="json")
    assert response.status_code == 400
    assert Enterprise.objects.get(pk=world.enterprise_a.pk).headcount == 9


def test_contact_list_masks_personal_data(world, api_for):
    row = api_for(world.supervisor).get("/api/contacts/", {"enterprise": world.enterprise_a.pk}).json()["results"][0]
    person = world.contact_a.person
    assert row["id_number_masked"] == person.id_number_masked and "id_number" not in row


def test_lookup_and_reveal_over_the_api(world, api_for):
    person = world.contact_a.person
    client = api_for(world.supervisor)
    found = client.post("/api/people/lookup/", {"id_number": person.id_number}, format="json").json()
    assert [row["enterprise"] for row in found] == [world.enterprise_a.pk]
    revealed = client.post(f"/api/people/{person.pk}/reveal/", {"field": "id_number"}, format="json").json()
    assert revealed == {"id_number": person.id_number}


def test_token_authentication_for_integrations(world):
    token = Token.objects.create(user=world.officer_a)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/enterprises/").json()["count"] == 1


def test_schema_and_docs_are_served_without_a_cdn(world, client_for):
    client = client_for(world.officer_a)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/enterprises/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "cdn" not in docs.lower() and "/static/drf_spectacular_sidecar/" in docs
