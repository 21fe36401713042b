import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jingqi.core.testing import factories as f

pytestmark = pytest.mark.django_db


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx), response


def test_directory_is_public_and_in_chinese(client):
    response = client.get(reverse("catalog:directory"))
    assert response.status_code == 200 and "涉企服务事项" in response.content.decode()


def test_directory_search_finds_the_oversized_equipment_item(client):
    _n, response = count_queries(client, reverse("catalog:directory"), q="超限")
    assert "大件设备" in response.content.decode()


def test_directory_filters_by_bundle_and_kind(world, client):
    _n, response = count_queries(client, reverse("catalog:directory"), bundle="T-KG", kind="resolution")
    content = response.content.decode()
    assert "大件设备运输通行协调" in content and "员工落户咨询" not in content


def test_retired_items_are_hidden(world, client):
    _n, response = count_queries(client, reverse("catalog:directory"), q="已停用")
    assert "已停用事项" not in response.content.decode()
    assert client.get(reverse("catalog:item_detail", args=[world.item_retired.pk])).status_code == 404


def test_item_page_lists_materials_limits_and_departments(world, client):
    content = client.get(reverse("catalog:item_detail", args=[world.item_oversize.pk])).content.decode()
    assert "营业执照复印件" in content and "公路事业发展中心" in content and "5 个工作日" in content


def test_directory_query_count_does_not_grow_with_items(world, client):
    few, _r = count_queries(client, reverse("catalog:directory"))
    for _ in range(10):
        f.ServiceItemFactory(bundle=world.bundle_start)
    many, _r = count_queries(client, reverse("catalog:directory"))
    assert many == few


def test_api_lists_items_without_signing_in(world, client):
    body = client.get("/api/service-items/", {"kind": "consultation"}).json()
    assert body["count"] >= 1 and all(row["kind"] == "consultation" for row in body["results"])
    with CaptureQueriesContext(connection) as ctx:
        client.get("/api/service-items/")
    few = len(ctx)
    f.ServiceItemFactory.create_batch(5, bundle=world.bundle_start)
    with CaptureQueriesContext(connection) as ctx:
        client.get("/api/service-items/")
    assert len(ctx) == few


def test_directory_cannot_be_changed_over_the_api(world, client_for):
    response = client_for(world.supervisor).post("/api/service-items/", {"code": "X", "title": "x"})
    assert response.status_code == 405


def test_api_search_finds_items_by_text(world, client):
    body = client.get("/api/service-items/", {"search": "大件设备"}).json()
    assert "T-01" in [row["code"] for row in body["results"]]
    assert all("大件" in row["title"] or "大件" in row["description"] for row in body["results"])
