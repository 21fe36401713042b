import json
from pathlib import Path

from django.db import migrations

# The directory ships as editable seed data: stations revise titles, units and limits in the admin
# afterwards, so the data lives in a JSON file rather than in code, and this migration only loads it.
DIRECTORY = Path(__file__).resolve().parent.parent / "data" / "directory.json"


def _load():
    with DIRECTORY.open(encoding="utf-8") as fh:
        return json.load(fh)


def seed_directory(apps, schema_editor):
    Bundle = apps.get_model("catalog", "Bundle")
    ServiceItem = apps.get_model("catalog", "ServiceItem")
    data = _load()
    # update_or_create on code: re-running (e.g. after a partial rollback) converges instead of duplicating.
    bundles = {}
    for b in data["bundles"]:
        bundles[b["code"]], _ = Bundle.objects.update_or_create(
            code=b["code"],
            defaults={"name": b["name"], "description": b["description"], "position": b["position"]},
        )
    for item in data["items"]:
        ServiceItem.objects.update_or_create(
            code=item["code"],
            defaults={
                "title": item["title"],
                "description": item["description"],
                "kind": item["kind"],
                "bundle": bundles[item["bundle"]] if item["bundle"] else None,
                "responsible_units": item["responsible_units"],
                "legal_basis": item["legal_basis"],
                # The model keeps materials one per line; the JSON keeps them as a list for readability.
                "materials": "\n".join(item["materials"]),
                "response_limit_hours": item["response_limit_hours"],
                "resolution_limit_days": item["resolution_limit_days"],
            },
        )


def unseed_directory(apps, schema_editor):
    # Delete only the codes this migration seeded, so items a station added itself survive a rollback.
    Bundle = apps.get_model("catalog", "Bundle")
    ServiceItem = apps.get_model("catalog", "ServiceItem")
    data = _load()
    ServiceItem.objects.filter(code__in=[i["code"] for i in data["items"]]).delete()
    Bundle.objects.filter(code__in=[b["code"] for b in data["bundles"]]).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(seed_directory, unseed_directory)]
