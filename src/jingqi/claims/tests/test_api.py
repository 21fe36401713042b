"""Clues, imports and runs over the API: scoped lists with flat query counts, review through the services."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jingqi.claims.choices import ClueState
from jingqi.core.testing import factories as f

pytestmark = pytest.mark.django_db


def test_clue_list_query_count_is_flat_and_scoped(world, api_for):
    client = api_for(world.supervisor)
    with CaptureQueriesContext(connection) as few:
        first = client.get("/api/clues/")
    for _ in range(5):
        clue = f.ClueFactory(run=world.clue_s.run, station=world.station)
        clue.complaints.set(world.clue_s.complaints.all())
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/clues/")
    assert len(many) == len(few)
    numbers = [c["number"] for c in response.json()["results"]]
    assert first.json()["count"] == 1 and response.json()["count"] == 6
    assert world.clue_t.number not in numbers
    assert response.json()["results"][0]["complaint_numbers"]


def test_review_through_to_transfer_over_the_api(world, api_for):
    client, url = api_for(world.officer_a), f"/api/clues/{world.clue_s.pk}/"
    assert client.post(url + "review/", {"version": 1}, format="json").json()["state"] == "reviewing"
    assert client.post(url + "confirm/", {"findings": "同一人多名", "version": 2}, format="json").status_code == 200
    body = client.post(url + "transfer/", {"case_reference": "A-1", "park": world.park_a.pk, "version": 3},
                       format="json").json()
    assert body["state"] == ClueState.TRANSFERRED and body["case_reference"] == "A-1"
    case = world.clue_s.case
    assert case.filing_number == "A-1" and case.status == "filed" and case.park == world.park_a


def test_bad_input_and_illegal_moves_change_nothing(world, api_for):
    client, url = api_for(world.officer_a), f"/api/clues/{world.clue_s.pk}/"
    assert client.post(url + "dismiss/", {"reason": "", "version": 1}, format="json").status_code == 400
    assert client.post(url + "transfer/", {"case_reference": "A-1", "version": 1}, format="json").status_code == 400
    # Without saying which version it read, a client cannot decide anything.
    assert client.post(url + "dismiss/", {"reason": "重复"}, format="json").status_code == 400
    world.clue_s.refresh_from_db()
    assert world.clue_s.state == ClueState.NEW and world.clue_s.version == 1


def test_auxiliary_reads_but_cannot_decide(world, api_for):
    client = api_for(world.auxiliary_a)
    assert client.get(f"/api/clues/{world.clue_s.pk}/").status_code == 200
    assert client.post(f"/api/clues/{world.clue_s.pk}/review/", {"version": 1}, format="json").status_code == 404
    world.clue_s.refresh_from_db()
    assert world.clue_s.state == ClueState.NEW


def test_batches_and_runs_are_listed_for_the_station(world, api_for):
    client = api_for(world.officer_b)
    assert client.get("/api/complaint-batches/").json()["count"] == 1
    assert client.get("/api/claim-runs/").json()["count"] == 1
    assert api_for(world.liaison_a).get("/api/clues/").json()["count"] == 0


def test_batch_and_run_lists_query_count_is_flat(world, api_for):
    client = api_for(world.supervisor)
    counts = {}
    for rounds in (0, 1):
        if rounds:
            for _ in range(4):
                f.ComplaintBatchFactory(station=world.station, uploaded_by=world.officer_b)
                f.ScanRunFactory(station=world.station, started_by=world.officer_b)
        for url in ("/api/complaint-batches/", "/api/claim-runs/"):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts.setdefault(url, []).append(len(ctx))
    assert all(a == b for a, b in counts.values())


def test_an_integration_uploads_an_export_over_the_api(world, api_for, django_capture_on_commit_callbacks):
    from jingqi.claims.models import ComplaintBatch

    from .conftest import complaint
    from .platform import csv_upload

    client = api_for(world.officer_a)
    rows = [complaint(complaint_id="API1")]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/complaint-batches/", {"file": csv_upload(rows)},
                               format="multipart", HTTP_IDEMPOTENCY_KEY="upload-1")
    assert response.status_code == 201 and response.json()["status"] == "queued"
    batch = ComplaintBatch.objects.get(pk=response.json()["id"])
    assert batch.status == "imported" and batch.uploaded_by == world.officer_a
    # The same key and the same file: answered again, not imported twice.
    again = client.post("/api/complaint-batches/", {"file": csv_upload(rows)},
                        format="multipart", HTTP_IDEMPOTENCY_KEY="upload-1")
    assert again.json()["id"] == batch.pk and ComplaintBatch.objects.filter(source_name=batch.source_name).count() == 1
    # The same key with another file is refused.
    other = client.post("/api/complaint-batches/", {"file": csv_upload([complaint(complaint_id="API2")])},
                        format="multipart", HTTP_IDEMPOTENCY_KEY="upload-1")
    assert other.status_code == 422


@pytest.mark.parametrize("persona", ["auxiliary_a", "liaison_a", "viewer"])
def test_others_cannot_upload_over_the_api(world, api_for, persona):
    from jingqi.claims.models import ComplaintBatch

    from .conftest import complaint
    from .platform import csv_upload

    before = ComplaintBatch.objects.count()
    response = api_for(world.personas[persona]).post("/api/complaint-batches/", {"file": csv_upload([complaint()])},
                                                     format="multipart")
    assert response.status_code in (403, 404) and ComplaintBatch.objects.count() == before


def test_a_wrong_file_over_the_api_is_a_clear_400(world, api_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api_for(world.officer_a).post("/api/complaint-batches/",
                                             {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()
