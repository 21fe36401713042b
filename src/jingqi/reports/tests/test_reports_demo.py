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


def test_the_current_half_year_is_computed_as_drafts_and_nothing_of_it_is_sent(small_demo):
    from jingqi.registry.models import Park

    current = RiskReport.objects.filter(period_start=Period.containing(timezone.localdate()).start)
    assert current.filter(kind="park").count() == Park.objects.count()
    assert current.filter(kind="enterprise").exists() and not current.exclude(status="draft").exists()
