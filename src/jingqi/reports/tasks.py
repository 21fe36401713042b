"""Background work of the risk reports. Huey reads its crontabs in UTC: 01:00 UTC is 09:00 in Asia/Shanghai."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_task()
def generate_reports(run_pk: int) -> None:
    services.run_generation(run_pk)


@db_periodic_task(crontab(minute="0", hour="1"))
def chase_unacknowledged_reports() -> None:
    services.chase_unacknowledged()
