"""The plan helper itself: a list read in order through its index passes; one sorted apart, or read through
another index, fails with the plan in the message. Runs on SQLite and on PostgreSQL."""

import pytest

from jingqi.core.models import AuditEvent, LoginFailure, Notification
from jingqi.core.testing.plans import assert_served_by_index, query_plan, sorts_apart

pytestmark = pytest.mark.django_db


def test_list_read_in_order_through_its_index_is_served():
    queryset = LoginFailure.objects.filter(username="x", client_address="127.0.0.1").order_by("at")
    plan = assert_served_by_index(queryset, "login_failure_idx")
    assert "login_failure_idx" in query_plan(queryset) and not sorts_apart(plan)


def test_list_sorted_after_its_index_is_read_fails_with_the_plan():
    # audit_object_idx finds the rows but says nothing of the actor's order: they are sorted apart.
    queryset = AuditEvent.objects.filter(object_type="ticket", object_id="1").order_by("actor_label")
    with pytest.raises(AssertionError, match="sorted apart") as failure:
        assert_served_by_index(queryset, "audit_object_idx")
    assert "audit_object_idx" in str(failure.value)


def test_list_read_through_another_index_fails_naming_the_one_expected():
    queryset = LoginFailure.objects.filter(username="x", client_address="127.0.0.1").order_by("at")
    with pytest.raises(AssertionError, match="notification_inbox_idx is not in the plan") as failure:
        assert_served_by_index(queryset, "notification_inbox_idx")
    assert "login_failure_idx" in str(failure.value)


# --- the inbox ---------------------------------------------------------------------------------------------------


def test_inbox_page_is_read_in_time_order_through_the_user_index(world):
    assert_served_by_index(Notification.objects.filter(user=world.officer_a)[:30], "notification_user_created_idx")


def test_unread_messages_are_read_in_time_order_through_the_inbox_index(world):
    # On a few rows PostgreSQL may rather read the whole inbox in order and skip the read ones: either index serves
    # the order.
    assert_served_by_index(Notification.objects.filter(user=world.officer_a, read_at__isnull=True)[:30],
                           ("notification_inbox_idx", "notification_user_created_idx"))
