"""The OpenAPI schema says what the API really answers: nullable fields, unpaged lists, error bodies."""

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _properties(schema, component):
    return schema["components"]["schemas"][component]["properties"]


def test_codes_of_an_optional_service_item_and_bundle_are_nullable(schema):
    assert _properties(schema, "Ticket")["service_code"].get("nullable") is True
    assert _properties(schema, "ServiceItem")["bundle_code"].get("nullable") is True


def test_the_timeline_is_documented_as_the_plain_list_it_returns(schema):
    operation = schema["paths"]["/api/tickets/{id}/timeline/"]["get"]
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert body["type"] == "array" and body["items"] == {"$ref": "#/components/schemas/TicketEvent"}
    assert not [p for p in operation.get("parameters", []) if p["in"] == "query"]


def test_every_operation_documents_its_error_answers(schema):
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            expected = {"429"}
            if "{" in path:
                expected.add("404")
            if method in ("post", "patch", "put"):
                expected |= {"400", "415"}
            if not path.startswith(("/api/bundles/", "/api/service-items/")):  # the public directory
                expected.add("403")
            if expected - codes:
                missing.append(f"{method.upper()} {path}: {sorted(expected - codes)}")
    assert not missing, "\n".join(missing)


def test_error_answers_have_a_documented_body(schema):
    operation = schema["paths"]["/api/tickets/"]["post"]
    assert operation["responses"]["403"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"}
    assert operation["responses"]["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ValidationError"}
    assert "422" in operation["responses"]  # an Idempotency-Key reused for another body
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]


@pytest.mark.django_db
def test_an_api_address_no_route_matches_answers_json_not_the_site_page(world, api_for, client):
    response = api_for(world.supervisor).get("/api/tickets/1.2e-07/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json() == {"detail": response.json()["detail"]} and response.json()["detail"]
    assert client.get("/no-such-page/")["Content-Type"].startswith("text/html")
