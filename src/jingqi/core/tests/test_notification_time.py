"""A notification carries the time of the event it reports, not the time its row was written."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from jingqi.core.models import Notification
from jingqi.core.notify import notify, notify_on_commit

pytestmark = pytest.mark.django_db


def test_a_notice_sent_after_commit_keeps_the_time_of_its_event(world, django_capture_on_commit_callbacks):
    event_time = timezone.now() - timedelta(days=20)
    # The callbacks run when the capture ends, after the clock is back to the real time.
    with django_capture_on_commit_callbacks(execute=True), \
            mock.patch("django.utils.timezone.now", return_value=event_time):
        notify_on_commit([world.officer_a], "test", "三周前的事")
    assert Notification.objects.get(user=world.officer_a, verb="test").created_at == event_time


def test_notify_takes_the_event_time_and_defaults_to_now(world):
    earlier = timezone.now() - timedelta(hours=5)
    notify([world.officer_a], "test", "早先", at=earlier)
    notify([world.officer_b], "test", "现在")
    assert Notification.objects.get(user=world.officer_a, verb="test").created_at == earlier
    assert timezone.now() - Notification.objects.get(user=world.officer_b, verb="test").created_at < timedelta(
        minutes=1)


def test_a_request_notice_is_dated_when_the_action_happened(world, django_capture_on_commit_callbacks):
    from jingqi.tickets import services

    acted = timezone.now() - timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True), mock.patch("django.utils.timezone.now", return_value=acted):
        services.do_accept_ticket(world.officer_b, world.ticket_b)
    (notice,) = Notification.objects.filter(user=world.liaison_b, verb="ticket.accepted")
    assert notice.created_at == acted


def test_a_replayed_notice_is_read_when_first_seen_whether_acted_on_or_no_longer_news(world):
    from jingqi.core.notify import settle_replayed_inbox

    start = timezone.now() - timedelta(days=10)
    for user in (world.officer_a, world.officer_b, world.liaison_a):
        notify([user], "test", "旧闻", url="/r/1/", at=start)
    notify([world.liaison_b], "test", "新闻", url="/r/1/", at=start + timedelta(days=5))
    events = [(1, world.officer_a.pk, start - timedelta(days=1)),  # before the notice: not a reading
              (1, world.officer_a.pk, start + timedelta(days=1)), (1, world.officer_a.pk, start + timedelta(days=2)),
              (1, world.officer_b.pk, start + timedelta(days=6))]
    ended = start + timedelta(days=4)
    assert settle_replayed_inbox({"/r/1/": 1}, events, lambda notice, key: ended) == 3
    read = dict(Notification.objects.filter(url="/r/1/").values_list("user__username", "read_at"))
    assert read[world.officer_a.username] == start + timedelta(days=1)  # acted first
    assert read[world.officer_b.username] == ended  # stopped being news before they acted
    assert read[world.liaison_a.username] == ended
    assert read[world.liaison_b.username] is None  # arrived after it ended: still news
