from huey.contrib.djhuey import db_task

from . import services


@db_task()
def import_batch(batch_pk: int):
    """Check and import an uploaded complaint export (all rows or none)."""
    return services.run_import(batch_pk).status


@db_task()
def run_model(run_pk: int):
    """Run the false-claim model over a station's complaints."""
    return services.run_model(run_pk).status
