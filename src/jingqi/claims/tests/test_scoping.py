"""Who sees and who decides on the false-claim model's records, persona by persona."""

import pytest

from jingqi.claims.models import Clue, ClueEvent, Complaint, ComplaintBatch, EvidenceImage, ScanRun

pytestmark = pytest.mark.django_db

# persona → (station keys seen, station keys decided on)
TABLE = {
    "supervisor": ({"s"}, {"s"}),
    "officer_a": ({"s"}, {"s"}),
    "officer_b": ({"s"}, {"s"}),
    "auxiliary_a": ({"s"}, set()),
    "supervisor_t": ({"t"}, {"t"}),
    "liaison_a": (set(), set()),
    "liaison_b": (set(), set()),
    "dept_transport": (set(), set()),
    "volunteer_a": (set(), set()),
    "viewer": (set(), set()),
}


def _keys(world, queryset, attr):
    seen = set(queryset.values_list("pk", flat=True))
    return {key for key in ("s", "t") if getattr(world, f"{attr}_{key}").pk in seen}


@pytest.mark.parametrize("persona", TABLE)
def test_clues_are_seen_by_the_station_police_and_decided_by_officers_and_supervisors(world, persona):
    user = world.personas[persona]
    seen, decided = TABLE[persona]
    assert _keys(world, Clue.objects.visible_to(user), "clue") == seen
    assert _keys(world, Clue.objects.visible_to(user, "change"), "clue") == decided
    assert _keys(world, ComplaintBatch.objects.visible_to(user), "complaint_batch") == seen
    assert _keys(world, EvidenceImage.objects.visible_to(user), "evidence") == seen
    assert _keys(world, ClueEvent.objects.visible_to(user), "clue_event") == seen
    assert not ClueEvent.objects.visible_to(user, "change").exists()
    stations = {"s": world.station.pk, "t": world.station_t.pk}
    assert {k for k, pk in stations.items() if Complaint.objects.visible_to(user).filter(station=pk).exists()} == seen
    assert {k for k, pk in stations.items() if ScanRun.objects.visible_to(user).filter(station=pk).exists()} == seen
