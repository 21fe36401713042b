"""A worker killed during an import or a model run: the sweep notices within minutes and queues the work again
(or fails it, after too many attempts), and the tasks can run twice without writing twice."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from jingqi.claims import importing, services, tasks
from jingqi.claims.choices import BatchStatus, RunStatus
from jingqi.claims.models import Clue, Complaint, ComplaintBatch, ScanRun
from jingqi.core.models import AuditEvent
from jingqi.core.testing import factories as f

from .conftest import complaint
from .platform import csv_upload, scheme_pictures, scheme_rows, zip_upload

pytestmark = pytest.mark.django_db


def _silent_for(model, pk, minutes):
    model.objects.filter(pk=pk).update(heartbeat_at=timezone.now() - timedelta(minutes=minutes))


@pytest.fixture
def queued(world, django_capture_on_commit_callbacks):
    """An uploaded export whose import task has not run yet."""
    def make(rows, evidence=None):
        with django_capture_on_commit_callbacks(execute=False):
            return services.do_upload_batch(world.officer_a, upload=csv_upload(rows), evidence=evidence)

    return make


def test_an_import_whose_worker_died_is_resumed_by_the_sweep_and_imported_once(
        world, queued, monkeypatch, settings, django_capture_on_commit_callbacks):
    monkeypatch.setattr(services, "CREATE_CHUNK", 3)
    batch = queued([complaint(complaint_id=f"K{i}") for i in range(8)])
    # The worker is killed while writing: two chunks of three rows are in, the rest never comes.
    real_parse, calls = importing.parse_row, []

    def killed_on_the_15th_row(*args):
        calls.append(1)
        if len(calls) == 15:  # 8 rows checked, then the 7th row written
            raise SystemExit("SIGKILL")
        return real_parse(*args)

    monkeypatch.setattr(importing, "parse_row", killed_on_the_15th_row)
    with pytest.raises(SystemExit):
        services.run_import(batch.pk)
    monkeypatch.setattr(importing, "parse_row", real_parse)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.WRITING and batch.attempts == 1
    assert Complaint.objects.filter(batch=batch).count() == 6

    # A worker alive a minute ago is left alone; one silent for longer than the limit is taken for dead.
    _silent_for(ComplaintBatch, batch.pk, settings.JINGQI_CLAIMS_STALE_MINUTES - 1)
    assert services.recover_stale() == {"resumed": 0, "failed": 0}
    _silent_for(ComplaintBatch, batch.pk, settings.JINGQI_CLAIMS_STALE_MINUTES + 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_claims_work.call_local() == {"resumed": 1, "failed": 0, "given_up": 0}
    batch.refresh_from_db()
    assert batch.status == BatchStatus.IMPORTED and batch.attempts == 2 and batch.rows_imported == 8
    numbers = list(Complaint.objects.filter(batch=batch).values_list("complaint_id", flat=True))
    assert sorted(numbers) == [f"K{i}" for i in range(8)]  # every row once
    assert AuditEvent.objects.filter(action="claims.batch_resume", object_id=str(batch.pk)).count() == 1
    assert AuditEvent.objects.filter(action="claims.batch_import", object_id=str(batch.pk)).count() == 1
    assert services.recover_stale() == {"resumed": 0, "failed": 0}


def test_an_import_whose_worker_keeps_dying_fails_with_the_reason(world, settings):
    settings.JINGQI_CLAIMS_MAX_ATTEMPTS = 2
    batch = f.ComplaintBatchFactory(station=world.station, uploaded_by=world.officer_a, status="checking",
                                    attempts=2)
    f.ComplaintFactory(batch=batch, complaint_id="DEAD1")
    _silent_for(ComplaintBatch, batch.pk, settings.JINGQI_CLAIMS_STALE_MINUTES + 1)
    assert services.recover_stale() == {"resumed": 0, "failed": 1}
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and "stopped 2 times" in batch.failure
    assert not Complaint.objects.filter(complaint_id="DEAD1").exists()
    assert AuditEvent.objects.filter(action="claims.batch_give_up", object_id=str(batch.pk)).exists()


def test_running_the_import_task_twice_imports_once(world, queued, django_capture_on_commit_callbacks):
    batch = queued([complaint(complaint_id="T1"), complaint(complaint_id="T2")])
    with django_capture_on_commit_callbacks(execute=True):
        assert services.run_import(batch.pk).status == BatchStatus.IMPORTED
        assert services.run_import(batch.pk).status == BatchStatus.IMPORTED
    batch.refresh_from_db()
    assert batch.attempts == 1 and Complaint.objects.filter(batch=batch).count() == 2
    assert AuditEvent.objects.filter(action="claims.batch_import", object_id=str(batch.pk)).count() == 1


def test_a_second_delivery_while_the_first_works_leaves_the_import_to_the_first(world, queued, monkeypatch):
    batch = queued([complaint(complaint_id="W1")])
    real_count, second = importing.count_rows, []

    def count_while_delivered_again(path):
        if not second:
            second.append(services.run_import(batch.pk).status)  # the same task, delivered again meanwhile
        return real_count(path)

    monkeypatch.setattr(importing, "count_rows", count_while_delivered_again)
    assert services.run_import(batch.pk).status == BatchStatus.IMPORTED
    batch.refresh_from_db()
    assert second == [BatchStatus.CHECKING] and batch.attempts == 1
    assert Complaint.objects.filter(batch=batch).count() == 1


def test_an_import_that_lost_its_claim_writes_nothing(world, queued, monkeypatch):
    """A worker that was only slow, not dead, finds the batch queued again by the sweep: it stops."""
    batch = queued([complaint(complaint_id="Z1")])
    real_check = services._check_rows

    def check_then_swept(*args):
        result = real_check(*args)
        ComplaintBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.QUEUED)  # what the sweep does
        return result

    monkeypatch.setattr(services, "_check_rows", check_then_swept)
    assert services.run_import(batch.pk).status == BatchStatus.QUEUED
    assert not Complaint.objects.filter(batch=batch).exists()


@pytest.fixture
def scanned(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.do_upload_batch(world.officer_a, upload=csv_upload(scheme_rows()),
                                         evidence=zip_upload(scheme_pictures()))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.IMPORTED
    return batch


def _current_sets():
    return [frozenset(c.complaints.values_list("pk", flat=True)) for c in Clue.objects.current()]


def test_a_run_whose_worker_died_is_resumed_and_saves_its_clues_once(world, scanned, settings,
                                                                      django_capture_on_commit_callbacks):
    before = _current_sets()
    # The worker took the run and died while comparing texts.
    run = ScanRun.objects.create(station=world.station, started_by=world.officer_a, status=RunStatus.RUNNING,
                                 stage="texts", attempts=1)
    _silent_for(ScanRun, run.pk, settings.JINGQI_CLAIMS_STALE_MINUTES + 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.recover_stale() == {"resumed": 1, "failed": 0}
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.attempts == 2 and run.clues_found > 0
    found = Clue.objects.filter(run=run).count()
    assert services.run_model(run.pk).status == RunStatus.DONE  # delivered once more: nothing happens
    assert Clue.objects.filter(run=run).count() == found
    assert sorted(map(sorted, _current_sets())) == sorted(map(sorted, before))  # the same findings, once each
    assert AuditEvent.objects.filter(action="claims.run_resume", object_id=str(run.pk)).count() == 1


def test_a_run_whose_worker_keeps_dying_fails_and_frees_the_station(world, scanned, settings):
    run = ScanRun.objects.create(station=world.station, started_by=world.officer_a, status=RunStatus.RUNNING,
                                 attempts=settings.JINGQI_CLAIMS_MAX_ATTEMPTS)
    _silent_for(ScanRun, run.pk, settings.JINGQI_CLAIMS_STALE_MINUTES + 1)
    assert services.recover_stale() == {"resumed": 0, "failed": 1}
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "stopped 3 times" in run.failure


def test_a_run_that_lost_its_claim_saves_no_clues(world, scanned, monkeypatch):
    from jingqi.claims.engine import scoring

    run = ScanRun.objects.create(station=world.station, started_by=world.officer_a)
    real_scan = scoring.scan

    def scan_then_swept(*args, **kwargs):
        result = real_scan(*args, **kwargs)
        ScanRun.objects.filter(pk=run.pk).update(status=RunStatus.QUEUED)  # the sweep queued it again
        return result

    monkeypatch.setattr(scoring, "scan", scan_then_swept)
    assert services.run_model(run.pk).status == RunStatus.QUEUED
    assert not Clue.objects.filter(run=run).exists()


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_keeps_a_working_import_alive():
    station = f.StationFactory()
    batch = f.ComplaintBatchFactory(station=station, uploaded_by=f.UserFactory(role="supervisor", station=station),
                                    status="writing")
    beat = services._Heartbeat(ComplaintBatch, batch.pk, interval=0.05)
    beat.start()
    time.sleep(0.5)
    beat.done.set()
    beat.join(2)
    batch.refresh_from_db()
    assert not beat.is_alive() and batch.heartbeat_at is not None
    assert timezone.now() - batch.heartbeat_at < timedelta(seconds=5)


def test_a_heartbeat_stops_touching_the_row_once_its_attempt_lost_it(world):
    """A worker the sweep took for dead (its batch queued again and claimed by a new attempt) must not make
    the new attempt look alive: its beats are for the attempt it claimed."""
    batch = f.ComplaintBatchFactory(station=world.station, uploaded_by=world.officer_a, status="writing", attempts=1)
    beat = services._Heartbeat(ComplaintBatch, batch.pk, interval=60)
    assert beat.beat()
    long_ago = timezone.now() - timedelta(minutes=30)
    ComplaintBatch.objects.filter(pk=batch.pk).update(attempts=2, heartbeat_at=long_ago)
    assert not beat.beat()
    batch.refresh_from_db()
    assert batch.heartbeat_at == long_ago


def test_work_that_moves_while_the_sweep_looks_at_it_is_not_given_up(world, monkeypatch):
    """The sweep picks stale imports and runs, then gives each up in its own transaction: one that made
    progress in between (a slow worker, not a dead one) is left alone."""
    from contextlib import contextmanager

    from django.db import transaction

    from jingqi.claims.models import ScanRun as Run

    batch = f.ComplaintBatchFactory(station=world.station, uploaded_by=world.officer_a, status="writing")
    run = Run.objects.create(station=world.station_t, started_by=world.supervisor_t, status=RunStatus.RUNNING)
    hours_ago = timezone.now() - timedelta(hours=7)
    ComplaintBatch.objects.filter(pk=batch.pk).update(updated_at=hours_ago)
    Run.objects.filter(pk=run.pk).update(updated_at=hours_ago)
    real_atomic = transaction.atomic

    @contextmanager
    def progress_meanwhile(*args, **kwargs):
        ComplaintBatch.objects.filter(pk=batch.pk).update(updated_at=timezone.now())
        Run.objects.filter(pk=run.pk).update(updated_at=timezone.now())
        with real_atomic(*args, **kwargs):
            yield

    monkeypatch.setattr(services.transaction, "atomic", progress_meanwhile)
    assert services.give_up_stale() == 0
    monkeypatch.undo()
    batch.refresh_from_db()
    run.refresh_from_db()
    assert batch.status == "writing" and run.status == RunStatus.RUNNING
