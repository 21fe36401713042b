"""The seeded directory of enterprise service items (涉企服务事项指导目录), as loaded by migration 0002."""

import json
import re
from pathlib import Path

import pytest

from jingqi.catalog.choices import RequestKind
from jingqi.catalog.models import Bundle, ServiceItem

# The directory as the migration seeded it, without the shared cast's own items.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("migrated_db")]

DIRECTORY = Path(__file__).resolve().parent.parent / "data" / "directory.json"
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_seven_bundles_including_the_named_four():
    codes = set(Bundle.objects.values_list("code", flat=True))
    assert len(codes) == 7
    assert {"KG", "SS", "RC", "CX"} <= codes


def test_every_request_kind_is_used():
    used = set(ServiceItem.objects.values_list("kind", flat=True))
    assert used == set(RequestKind.values)


def test_items_are_consistent():
    data = json.loads(DIRECTORY.read_text(encoding="utf-8"))
    codes = [i["code"] for i in data["items"]]
    assert len(codes) == len(set(codes))
    assert 35 <= len(codes) <= 45
    assert ServiceItem.objects.count() == len(codes)
    bundle_codes = {b["code"] for b in data["bundles"]}
    for item in data["items"]:
        assert item["bundle"] is None or item["bundle"] in bundle_codes, item["code"]
    for item in ServiceItem.objects.all():
        assert item.response_limit_hours > 0 and item.resolution_limit_days > 0, item.code
        assert item.unit_list, item.code
        if item.kind == RequestKind.RESOLUTION:
            assert item.material_list, item.code


def test_every_bundle_has_items():
    for bundle in Bundle.objects.all():
        assert bundle.items.exists(), bundle.code


def test_oversized_equipment_item_names_transport_department():
    item = ServiceItem.objects.get(title__contains="超限")
    assert item.kind == RequestKind.RESOLUTION
    assert item.bundle is not None and item.bundle.code in {"TX", "KG"}
    assert "交通运输" in item.responsible_units
    assert "交警" in item.responsible_units


def test_json_is_utf8_and_chinese():
    raw = DIRECTORY.read_bytes()
    data = json.loads(raw.decode("utf-8"))  # raises on invalid UTF-8
    for bundle in data["bundles"]:
        assert HAN.search(bundle["name"]), bundle["code"]
    for item in data["items"]:
        assert HAN.search(item["title"]), item["code"]
