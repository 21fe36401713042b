"""The demo's inboxes: each notice dated when its event happened in the replayed history, and none left
unread that its reader had already seen or that is obsolete."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse

from jingqi.accounts.models import User
from jingqi.core.models import Notification
from jingqi.tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_with_inbox(small_demo):
    """When the demo (loaded once for the module, its notices sent as its commit would) began loading."""
    return small_demo.started


def _ticket_of(notice):
    return Ticket.objects.get(pk=int(notice.url.rstrip("/").rsplit("/", 1)[1]))


def test_demo_notices_carry_the_time_of_their_event_not_the_load_time(demo_with_inbox):
    notices = Notification.objects.filter(url__startswith=reverse("tickets:ticket_list"))
    assert notices.count() > 50
    times = list(notices.values_list("created_at", flat=True))
    assert max(times) - min(times) > timedelta(days=30)  # spread over the replayed history
    assert sum(1 for at in times if at < demo_with_inbox - timedelta(days=1)) > len(times) / 2
    for notice in notices.filter(verb="ticket.submitted")[:20]:
        assert notice.created_at == _ticket_of(notice).submitted_at


def test_no_demo_user_starts_with_an_overdue_notice_about_a_finished_request(demo_with_inbox):
    overdue = ["ticket.overdue", "ticket.task_overdue"]
    unread_overdue = Notification.objects.filter(verb__in=overdue, read_at__isnull=True)
    for notice in unread_overdue:
        assert _ticket_of(notice).is_open, notice.title


def test_a_notice_its_reader_acted_on_afterwards_is_read_and_recent_news_is_not(demo_with_inbox):
    # Over the whole history most of what an officer received was read; an officer with only a handful of
    # notices may hold today's news (a dispute reported on this morning's patrol) as half of them.
    for officer in User.objects.filter(role="officer", notifications__isnull=False).distinct():
        unread = officer.notifications.filter(read_at__isnull=True)
        total = officer.notifications.count()
        if total >= 5:
            assert unread.count() < total / 2, officer.username
    read = Notification.objects.filter(read_at__isnull=False)
    assert read.exists()
    assert not read.filter(read_at__lt=F("created_at")).exists()  # never read before it arrived


def test_what_arrived_before_a_request_was_finished_is_read_by_then(demo_with_inbox):
    # An officer whose colleague took the request saw it done; the news of the finish itself may still be new.
    finished = Ticket.objects.exclude(resolved_at=None)
    checked = 0
    for ticket in finished.filter(station__code="ZZ-MJH")[:30]:
        url = reverse("tickets:ticket_detail", args=[ticket.pk])
        early = Notification.objects.filter(url=url, created_at__lt=ticket.resolved_at)
        assert not early.filter(read_at__isnull=True).exists(), ticket.reference
        assert not early.filter(read_at__gt=ticket.resolved_at).exists(), ticket.reference
        checked += early.count()
    assert checked > 20
