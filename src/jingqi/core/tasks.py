"""Periodic housekeeping run by the Huey consumer."""

from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, periodic_task

HEARTBEAT_KEY = "jingqi:consumer-heartbeat"


@periodic_task(crontab(minute="*"))
def consumer_heartbeat():
    """Lets /healthz tell that a consumer is running, not only that the queue is reachable."""
    HUEY.storage.put_data(HEARTBEAT_KEY, timezone.now().isoformat().encode())


@db_periodic_task(crontab(minute="17"))
def purge_old_login_failures():
    from .models import LoginFailure

    LoginFailure.objects.filter(at__lt=timezone.now() - timedelta(days=7)).delete()
