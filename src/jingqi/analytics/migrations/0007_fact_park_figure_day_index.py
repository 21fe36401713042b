import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('analytics', '0006_cell_city_grains'),
        ('registry', '0003_enterprise_production_hours'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='fact',
            name='park',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='registry.park'),
        ),
        migrations.AddIndex(
            model_name='fact',
            index=models.Index(fields=['park', 'figure', 'day'], name='fact_park_figure_day_idx'),
        ),
    ]
