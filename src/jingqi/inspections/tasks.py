"""The inspections' periodic work, run by the Huey consumer: each task only calls a service (see services.py).

Huey reads its crontabs in UTC: 00:10 UTC is 08:10 in Asia/Shanghai.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="10", hour="*"))
def escalate_hazards():
    """Every hour: a hazard past its deadline goes to its officer and the enterprise, then to the supervisor."""
    return services.escalate_overdue_hazards()


@db_periodic_task(crontab(minute="10", hour="0", day="1"))
def plan_quarter():
    """On the first of each month (08:10 Shanghai), each station's quarter plan gains what the rules now ask; on a
    quarter's first day that is the whole new quarter."""
    return services.plan_next_quarter()
