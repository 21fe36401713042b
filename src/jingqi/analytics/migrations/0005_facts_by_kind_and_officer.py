import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def rebuild_on_next_refresh(apps, schema_editor):
    """The facts kept so far have no type or officer: the next refresh (the periodic task) is a full one."""
    apps.get_model("analytics", "RefreshState").objects.update(watermark=None)


class Migration(migrations.Migration):

    dependencies = [
        ('analytics', '0004_joint_visits_figure'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='fact',
            name='kind',
            field=models.CharField(blank=True, default='', max_length=20),
        ),
        migrations.AddField(
            model_name='fact',
            name='officer',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(rebuild_on_next_refresh, migrations.RunPython.noop),
    ]
