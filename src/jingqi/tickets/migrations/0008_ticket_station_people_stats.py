"""PostgreSQL statistics of who handles and who recorded the requests of each station, taken together.

An officer's own requests ("mine": handled or recorded by them) are most of their station's in a small station and a
sliver in a big one. Column by column, PostgreSQL takes the station, the handler and the recorder as unrelated and
estimates a few dozen rows where there are thousands; it then gathers and sorts them all rather than walk the
station's requests newest first and stop at the page. A multi-column MCV list gives it the combinations as they are.
SQLite has no such statistics: nothing to do there.
"""

from django.db import migrations

NAME = "ticket_station_people_stats"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE STATISTICS IF NOT EXISTS {NAME} (mcv, dependencies) "
                              "ON station_id, handler_id, submitted_by_id FROM tickets_ticket")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("tickets", "0007_add_figures_refresh_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
