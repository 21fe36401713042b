from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="*/10"))
def refresh_figures():
    """The dashboards' figures, brought up to date with the records changed since the last run."""
    return services.do_refresh_figures().records
