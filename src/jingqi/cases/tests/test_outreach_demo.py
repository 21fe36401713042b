"""The outreach demo: half a year of talks in every park of the demo, replayed through the services (the whole
demo loaded once, small, for the module, and rolled back after it)."""

import pytest
from django.db.models import Sum

from jingqi.cases import demo_outreach
from jingqi.cases.models import OutreachAttendance, OutreachEvent
from jingqi.core.audit import verify_chain
from jingqi.core.models import AuditEvent
from jingqi.core.testing.demo import loaded_demo
from jingqi.registry.models import Park

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), loaded_demo(scale=0.05) as loaded:
        yield loaded


def test_every_park_has_each_story_and_every_event_was_planned_through_the_services():
    parks = Park.objects.count()
    assert OutreachEvent.objects.count() == parks * len(demo_outreach.STORIES)
    assert AuditEvent.objects.filter(action="outreach.plan").count() == OutreachEvent.objects.count()
    counts = {s: OutreachEvent.objects.filter(status=s).count() for s in ("held", "planned", "cancelled")}
    assert counts == {"held": 5 * parks, "planned": parks, "cancelled": parks}
    assert AuditEvent.objects.filter(action="outreach.attendance").count() == parks
    assert verify_chain().ok


def test_the_evening_and_saturday_anti_fraud_talks_are_outside_production_hours_and_the_drill_is_not():
    fraud = OutreachAttendance.objects.filter(event__topic="anti_fraud", event__status="held")
    assert fraud.exists() and not fraud.filter(outside_hours=False).exists()
    drill = OutreachAttendance.objects.filter(event__topic="fire")
    assert drill.exists() and not drill.filter(outside_hours=True).exists()


def test_held_events_keep_the_sum_of_their_attendance():
    for event in OutreachEvent.objects.filter(status="held"):
        assert event.attendance_total == (event.attendance.aggregate(n=Sum("attendees"))["n"] or 0)
        assert not event.attendance.filter(attendees=None).exists()


def test_the_summary_names_each_station_with_outreach():
    lines = demo_outreach.summary()
    assert len(lines) == 2 and all("outreach" in line or "宣传" in line for line in lines)
