"""Notifications: the in-app inbox for every role, email, signed webhooks, and an SMS adapter.

Services call ``notify_on_commit(...)`` inside their transaction: the inbox rows are written in it, and the
email and webhook events are queued once it commits, so that nobody is told about a change that was rolled
back. Email, webhooks and SMS go out from the Huey queue.
"""

import hashlib
import hmac
import json
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from .bulk import insert_rows
from .compiled import CompiledRead
from .models import Notification, Webhook

# Asked after every action that has news for webhooks: compiled once per connection (core.compiled).
_ANY_ACTIVE_WEBHOOK = CompiledRead(lambda: Webhook.objects.filter(active=True).values_list("pk")[:1])


class SmsAdapter(ABC):
    """Sends a text message. Deployments set JINGQI_SMS_ADAPTER to their gateway's subclass."""

    @abstractmethod
    def send(self, phone_e164: str, text: str) -> None: ...


class NoSms(SmsAdapter):
    """The default: no SMS gateway on this network; messages go to the inbox and email only."""

    def send(self, phone_e164: str, text: str) -> None:
        return None


def sms_adapter() -> SmsAdapter:
    return import_string(getattr(settings, "JINGQI_SMS_ADAPTER", "jingqi.core.notify.NoSms"))()


def sign(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class Recipient(NamedTuple):
    """A user as :func:`notify_many` needs them, for a caller holding their values rather than a User (a sweep
    reading rows as values): ``Recipient(row["handler_id"], row["handler__is_active"], row["handler__email"])``."""

    pk: int
    is_active: bool
    email: str


@dataclass(frozen=True)
class Notice:
    """One thing to tell some users (see :func:`notify`)."""

    users: tuple
    verb: str
    title: str
    body: str = ""
    url: str = ""
    payload: dict | None = None


# A key no record has, to reverse a page's path once and put each record's own key in its place.
_KEY_MARKER = 918273645546372819


def links(viewname: str, keys: Iterable[int]) -> dict[int, str]:
    """The page of each record (``reverse(viewname, args=[key])``), reversed once for a batch: a sweep's notices
    link to thousands of records, and each reverse costs tens of microseconds (the URLconf's language prefix
    and pattern matching). For a view whose only argument is an integer key."""
    keys = list(keys)
    template = reverse(viewname, args=[_KEY_MARKER])
    marker = str(_KEY_MARKER)
    if template.count(marker) != 1:  # cannot happen for an <int:pk> path; then each is reversed on its own
        return {key: reverse(viewname, args=[key]) for key in keys}
    head, tail = template.split(marker)
    return {key: f"{head}{int(key)}{tail}" for key in keys}


def notify(users: Iterable, verb: str, title: str, body: str = "", url: str = "", payload: dict | None = None,
           *, at=None):
    """Inbox rows now; email and webhooks queued. ``payload`` is what webhooks receive; ``at`` is when the
    event happened (default: now), which is the time the inbox shows."""
    notify_many([Notice(tuple(users), verb, title, body, url, payload)], at=at)


def notify_many(notices: Iterable[Notice], *, at=None) -> None:
    """:func:`notify` for many notices at once (a sweep's batch): every inbox row in one insert, every email in
    one queued task, every webhook event in another (the webhooks looked up once)."""
    _send(*_write_inbox(notices, at or timezone.now()))


def _write_inbox(notices: Iterable[Notice], at) -> tuple[list, list]:
    """The notices' inbox rows written; (the emails, the notices for webhooks) they call for."""
    rows, emails, hooks = [], [], []
    for notice in notices:
        recipients = {u.pk: u for u in notice.users if u is not None and u.is_active}.values()
        rows += [{"user_id": u.pk, "verb": notice.verb, "title": notice.title[:200], "body": notice.body,
                  "url": notice.url, "created_at": at, "read_at": None} for u in recipients]
        addresses = [u.email for u in recipients if u.email]
        if addresses:
            emails.append((addresses, notice.title, f"{notice.body}\n\n{notice.url}".strip()))
        if notice.payload is not None:
            hooks.append(notice)
    insert_rows(Notification, rows)
    return emails, hooks


def _send(emails: list, hooks: list) -> None:
    """The emails and the webhook events queued (see :func:`_write_inbox`)."""
    from . import tasks

    if emails:
        tasks.send_emails(emails)
    if hooks and _ANY_ACTIVE_WEBHOOK():
        tasks.deliver_webhook_events([(n.verb, json.dumps({"event": n.verb, **n.payload}, ensure_ascii=False,
                                                          default=str)) for n in hooks])


def notify_on_commit(users: Iterable, verb: str, title: str, body: str = "", url: str = "",
                     payload: dict | None = None, *, at=None) -> None:
    """:func:`notify` as part of the caller's transaction (see :func:`notify_many_on_commit`), dated when the
    event happened: ``at``, or the time of this call, which is the action's own time, not the commit's."""
    notify_many_on_commit([Notice(tuple(users), verb, title, body, url, payload)], at=at)


def notify_many_on_commit(notices: Iterable[Notice], *, at=None) -> None:
    """:func:`notify_many` as part of the caller's transaction: the inbox rows are written in it, so they are
    rolled back with it, and the emails and webhook events are queued once it commits, so nobody hears of a change
    that was rolled back. Dated as :func:`notify_on_commit` dates.

    Writing the rows in the transaction, not after it, spares each action a second transaction of its own (on
    PostgreSQL a second commit to wait for)."""
    notices = list(notices)
    if notices:
        emails, hooks = _write_inbox(notices, at or timezone.now())
        if emails or hooks:
            transaction.on_commit(lambda: _send(emails, hooks))


def settle_replayed_inbox(by_url: dict, events, ended_at) -> int:
    """For a replayed history (the demo): mark read, at the moment it happened, every notice its reader had
    seen by then. ``by_url`` maps a record's page to its key; ``events`` gives (key, actor id, time) rows of
    the record's timeline; ``ended_at(notice, key)`` says when the notice stopped being news (the record was
    finished, say), or None.

    A notice was seen when its reader first acted on the record after it arrived (they opened it, so they read
    the news), or when it stopped being news, whichever came first (``events`` in time order). What is left
    unread is what a user would still find new. Returns how many notices were marked read.
    """
    from .models import Notification

    acted: dict[tuple, list] = {}
    for key, actor_id, at in events:
        acted.setdefault((key, actor_id), []).append(at)
    read = []
    for notice in Notification.objects.filter(url__in=by_url, read_at__isnull=True):
        key = by_url[notice.url]
        seen = [at for at in acted.get((key, notice.user_id), []) if at >= notice.created_at][:1]
        ended = ended_at(notice, key)
        if ended is not None and ended >= notice.created_at:
            seen.append(ended)
        if seen:
            notice.read_at = min(seen)
            read.append(notice)
    Notification.objects.bulk_update(read, ["read_at"], batch_size=500)
    return len(read)
