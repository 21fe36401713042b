from django.db import migrations


def rebuild_on_next_refresh(apps, schema_editor):
    """The joint visits figure (inspections.visits) has facts only once every visit has been read, and the time to
    expose a false claim now starts at the complaint's import: the next refresh (the periodic task) is a full one."""
    apps.get_model("analytics", "RefreshState").objects.update(watermark=None)


class Migration(migrations.Migration):

    dependencies = [
        ('analytics', '0003_station_cells'),
        ('inspections', '0006_add_visit_updated_index'),
    ]

    operations = [
        migrations.RunPython(rebuild_on_next_refresh, migrations.RunPython.noop),
    ]
