import django.db.models.deletion
from django.db import migrations, models


def rebuild_on_next_refresh(apps, schema_editor):
    """The roll-up kept so far has no city cells: the next refresh (the periodic task) is a full one."""
    apps.get_model("analytics", "RefreshState").objects.update(watermark=None)


class Migration(migrations.Migration):

    dependencies = [
        ('analytics', '0005_facts_by_kind_and_officer'),
        ('registry', '0003_enterprise_production_hours'),
    ]

    operations = [
        migrations.AlterField(
            model_name='cell',
            name='grain',
            field=models.CharField(choices=[('d', 'Day'), ('m', 'Month'), ('D', 'Station day'), ('M', 'Station month'), ('c', 'City day'), ('C', 'City month')], max_length=1),
        ),
        migrations.AlterField(
            model_name='cell',
            name='station',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='registry.station'),
        ),
        migrations.RunPython(rebuild_on_next_refresh, migrations.RunPython.noop),
    ]
