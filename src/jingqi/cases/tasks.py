"""The cases app's periodic work, run by the Huey consumer: each task only calls a service.

Huey reads its crontabs in UTC: 18:30 UTC is 02:30 in Asia/Shanghai, when nobody is answering checks.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services_checks


@db_periodic_task(crontab(minute="30", hour="18"))
def purge_background_checks():
    """Every night: the background checks whose retention has ended are deleted (the audit keeps that they were)."""
    return services_checks.do_purge_expired_checks()
