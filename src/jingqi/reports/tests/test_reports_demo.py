"""The demo's risk reports: the last complete half-year of every park, sent, acknowledged by the demo liaisons,
chased for the others."""

import pytest
from django.utils import timezone

from jingqi.reports.models import RiskReport
from jingqi.reports.risk import Period

pytestmark = pytest.mark.django_db


def test_every_park_has_the_last_half_years_reports_sent_and_chased(small_demo):
    period = Period.containing(timezone.localdate()).previous()
    reports = RiskReport.objects.filter(period_start=period.start)
    from jingqi.registry.models import Park

    assert reports.filter(kind="park").count() == Park.objects.count()
    enterprise_reports = reports.filter(kind="enterprise")
    assert enterprise_reports.exists() and not enterprise_reports.filter(status="draft").exists()
    assert enterprise_reports.filter(status="pushed", chase_count__gt=0).exists()
    acknowledged = enterprise_reports.filter(status="acknowledged")
    assert all(r.acknowledged_by.enterprise_id == r.enterprise_id for r in acknowledged)
