"""The disputes' periodic work, run by the Huey consumer: each task only calls a service (see services.py).

Huey reads its crontabs in UTC (its default): 00:00 UTC is 08:00 in Asia/Shanghai, when the day's reminders go
out and yesterday's unpaid instalments are flagged.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="*/5"))
def escalate_disputes():
    """Every five minutes: a missed first contact or arrival on site goes to the mediator, then the supervisor
    (a blockade's targets are minutes, so the sweep runs often)."""
    return services.escalate_overdue()


@db_periodic_task(crontab(minute="0", hour="0"))
def remind_dispute_instalments():
    """Every morning (08:00 Shanghai): both sides are reminded of the instalments falling due in the next days."""
    return services.remind_instalments()


@db_periodic_task(crontab(minute="5", hour="0"))
def flag_dispute_defaults():
    """Every morning (08:05 Shanghai): an instalment unpaid after its due date goes back to the mediator."""
    return services.flag_defaults()
