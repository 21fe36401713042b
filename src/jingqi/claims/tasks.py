from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_task()
def import_batch(batch_pk: int):
    """Check and import an uploaded complaint export (all rows or none)."""
    return services.run_import(batch_pk).status


@db_task()
def run_model(run_pk: int):
    """Run the false-claim model over a station's complaints."""
    return services.run_model(run_pk).status


@db_periodic_task(crontab(minute="*/30"))
def give_up_stale_claims_work():
    """Every half hour: imports and runs whose worker stopped are marked failed (see the service)."""
    return services.give_up_stale()
