"""The demo's background checks: asked and answered through the services, at every stage, synthetic and encrypted."""

from collections import Counter

import pytest
from django.utils import timezone

from jingqi.cases import demo_checks
from jingqi.cases.models import BackgroundCheck
from jingqi.core import pii
from jingqi.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_each_station_has_checks_at_every_stage(small_demo):
    for code in ("SZ-YX", "ZZ-MJH"):
        checks = BackgroundCheck.objects.filter(station__code=code)
        assert Counter(checks.values_list("status", flat=True)) == {
            "requested": 1, "advised": 2, "declined": 1, "withdrawn": 1}, code
        assert set(checks.exclude(advice="").values_list("advice", flat=True)) == {"suitable", "attention"}
        for check in checks:
            assert check.requested_by.enterprise_id == check.enterprise_id
            assert pii.normalize_id_number(check.candidate_id_number) == check.candidate_id_number
            assert pii.decrypt_bytes(check.consent_document).startswith(b"%PDF-1.4")
            assert check.requested_at < timezone.now() < check.purge_after  # none purged yet
            if check.status != "requested":
                assert check.ended_at > check.requested_at and check.handled_by is not None


def test_every_step_was_audited_without_the_candidates(small_demo):
    checks = list(BackgroundCheck.objects.all())
    events = AuditEvent.objects.filter(action__startswith="background_check.")
    assert Counter(e.action for e in events) == {"background_check.request": len(checks),
                                                 "background_check.advise": 4, "background_check.decline": 2,
                                                 "background_check.withdraw": 2}
    text = " ".join(f"{e.object_repr} {e.changes}" for e in events)
    for check in checks:
        assert check.candidate_name not in text and check.candidate_id_number not in text


def test_the_summary_counts_each_station_s_checks(small_demo):
    lines = demo_checks.summary()
    assert len(lines) == 2 and all("5" in line for line in lines)


def test_the_office_has_read_the_requests_since_answered_and_not_the_answers_or_the_waiting(small_demo):
    from django.urls import reverse

    from jingqi.core.models import Notification

    for check in BackgroundCheck.objects.all():
        notices = Notification.objects.filter(url=reverse("cases:check_detail", args=[check.pk]))
        asked = notices.filter(verb="background_check.requested")
        assert asked.exists()
        if check.ended_at is None:
            assert not asked.filter(read_at__isnull=False).exists()
        else:
            assert not asked.exclude(read_at=check.ended_at).exists()  # read when it was taken care of
            answers = notices.exclude(verb="background_check.requested")
            assert answers.exists() and not answers.filter(read_at__isnull=False).exists()
