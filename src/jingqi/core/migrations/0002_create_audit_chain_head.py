from django.db import migrations


def create_head(apps, schema_editor):
    # One head row from the start, so that concurrent first writers lock it instead of racing to create it.
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    AuditChainHead.objects.get_or_create(pk=1, defaults={"last_seq": 0, "last_hash": "0" * 64})


def remove_head(apps, schema_editor):
    apps.get_model("core", "AuditChainHead").objects.filter(pk=1, last_seq=0).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_head, remove_head)]
