from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services
from .models import ComplaintBatch, ScanRun


@db_task()
def import_batch(batch_pk: int):
    """Check and import an uploaded complaint export (all rows or none). Safe to deliver twice."""
    with services.heartbeat(ComplaintBatch, batch_pk):
        return services.run_import(batch_pk).status


@db_task()
def run_model(run_pk: int):
    """Run the false-claim model over a station's complaints. Safe to deliver twice."""
    with services.heartbeat(ScanRun, run_pk):
        return services.run_model(run_pk).status


@db_periodic_task(crontab(minute="*"))
def sweep_claims_work():
    """Every minute: imports and runs whose worker died are queued again or failed; those that made no
    progress for hours are given up (see the services)."""
    return {**services.recover_stale(), "given_up": services.give_up_stale()}
