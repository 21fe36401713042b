from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="*/10"))
def escalate_overdue_requests():
    """Every ten minutes: tell the assignee about overdue work, and later the supervisor (see the service)."""
    return services.escalate_overdue()
