import pytest

from jingqi.inspections.models import Hazard, Requirement

pytestmark = [pytest.mark.django_db, pytest.mark.inspection_cast]


def test_the_cast_holds_a_plan_visits_an_inspection_and_hazards_in_each_state(world):
    assert world.visit_a.requirements.filter(status="done").exists()
    assert world.hazard_a.status == "rectifying" and world.hazard_a_fixed.status == "closed"
    assert Hazard.objects.filter(station=world.station_t).count() == 1
    assert Requirement.objects.filter(station=world.station, key_date__isnull=True).count() >= 2
