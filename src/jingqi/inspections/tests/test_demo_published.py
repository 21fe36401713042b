"""Majiahe's published quarter at full scale: "30 inspections" a quarter are its 30 joint visits (综合查一次), as the
ledger and the demo's closing message count them. Its own module: the full-scale load cannot sit beside the small
demo the other demo tests share (the demo loads only into a database without stations)."""

import pytest
from django.db import transaction
from django.test import TestCase, override_settings
from django.utils import timezone

from jingqi.core.testing.demo import FAST_HASHERS
from jingqi.core.testing.personas import as_migrated
from jingqi.inspections import demo, services
from jingqi.registry import demo as registry_demo

from .test_demo import majiahe_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def published(django_db_setup, django_db_blocker):
    """Majiahe's registry at full scale (its 30 key enterprises), with only the inspections' demo over it: the other
    apps' demos cost minutes at this scale and add nothing to that quarter's figures (a full load gives the same)."""
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch, override_settings(
            PASSWORD_HASHERS=FAST_HASHERS):
        patch.setattr(registry_demo, "DEMO_PARTS", ("jingqi.inspections.demo",))
        with transaction.atomic():
            as_migrated()  # the demo loads only where there are no stations: not beside the shared cast
            started = timezone.now()
            with TestCase.captureOnCommitCallbacks(execute=True):
                registry_demo.load_demo(scale=1.0)
            yield started
            transaction.set_rollback(True)


def test_majiahe_s_published_quarter_is_thirty_joint_visits_as_published(published):
    first, last = services.quarter_of(demo.story(timezone.localdate(published)).closed)
    total, told = majiahe_ledger(first, last)
    # "30 inspections, 5 hazards, 2 fixed on site": the 30 are joint visits (综合查一次), each doing the police's,
    # the fire brigade's and market regulation's checklists: 90 checklists submitted.
    assert (total.visits, total.inspections, total.found, total.fixed_on_site) == (30, 90, 5, 2)
    assert told == [30, 90, 5, 2]
