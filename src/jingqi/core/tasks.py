"""Periodic housekeeping run by the Huey consumer."""

from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task, periodic_task, task

HEARTBEAT_KEY = "jingqi:consumer-heartbeat"


@periodic_task(crontab(minute="*"))
def consumer_heartbeat():
    """Lets /healthz tell that a consumer is running, not only that the queue is reachable."""
    HUEY.storage.put_data(HEARTBEAT_KEY, timezone.now().isoformat().encode())


@db_periodic_task(crontab(minute="17"))
def purge_old_login_failures():
    from .models import LoginFailure

    LoginFailure.objects.filter(at__lt=timezone.now() - timedelta(days=7)).delete()


@task(retries=3, retry_delay=60)
def send_email(recipients: list[str], subject: str, body: str):
    """One message per recipient, so that nobody sees the others' addresses. (Notices now queue
    :func:`send_emails`; this stays for the messages an older release left in the queue.)"""
    from django.conf import settings
    from django.core.mail import send_mass_mail

    send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [r]) for r in recipients], fail_silently=False)


EMAIL_ATTEMPTS = 4
EMAIL_RETRY_SECONDS = 60


@task()
def send_emails(messages: list[tuple[list[str], str, str]], attempt: int = 1):
    """Many messages (recipients, subject, body) over one connection, each recipient apart (a sweep's batch).

    Each recipient's message is sent on its own: one that fails does not stop the others, and only the failed
    ones are queued again (after EMAIL_RETRY_SECONDS, EMAIL_ATTEMPTS times in all), so nobody gets one twice."""
    import logging

    from django.conf import settings
    from django.core.mail import EmailMessage, get_connection

    failed = []
    with get_connection() as connection:
        for recipients, subject, body in messages:
            for recipient in recipients:
                try:
                    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient],
                                 connection=connection).send()
                except Exception:  # noqa: BLE001 — any failure of one message: kept to send again, the rest go on
                    failed.append(([recipient], subject, body))
    if failed and attempt < EMAIL_ATTEMPTS:
        send_emails.schedule((failed, attempt + 1), delay=EMAIL_RETRY_SECONDS)
    elif failed:
        logging.getLogger(__name__).error("%d messages could not be sent after %d attempts", len(failed), attempt)


@db_task()
def deliver_webhook_events(events: list[tuple[str, str]]):
    """Many (verb, body) events to the active webhooks that want them, the hooks read once (a sweep's batch)."""
    from .models import Webhook

    hooks = list(Webhook.objects.filter(active=True))
    for verb, body in events:
        for hook in hooks:
            if hook.wants(verb):
                post_webhook(hook.url, hook.secret, body)


@db_task()
def deliver_webhooks(verb: str, body: str):
    from .models import Webhook

    for hook in Webhook.objects.filter(active=True):
        if hook.wants(verb):
            post_webhook(hook.url, hook.secret, body)


@task(retries=5, retry_delay=120)
def post_webhook(url: str, secret: str, body: str):
    """POST the event with ``X-Jingqi-Signature: sha256=<hex HMAC of the body>``; retried on failure."""
    import urllib.request

    from .notify import sign

    if not url.startswith(("https://", "http://")):
        raise ValueError("webhook URLs must be http(s)")
    data = body.encode()
    request = urllib.request.Request(url, data=data, method="POST", headers={  # noqa: S310 — scheme checked above
        "Content-Type": "application/json; charset=utf-8",
        "X-Jingqi-Signature": f"sha256={sign(secret, data)}",
    })
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 — scheme checked above
        if response.status >= 300:
            raise RuntimeError(f"webhook answered {response.status}")
