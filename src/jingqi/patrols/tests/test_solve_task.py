"""The roster solve as a background job: it stores a roster the independent check accepts, reports progress,
and a solve whose worker died is given up so that it can be started again."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jingqi.core.models import AuditEvent
from jingqi.patrols import services, tasks
from jingqi.patrols.models import GuardOperation
from jingqi.patrols.rostering import check_operation

pytestmark = [pytest.mark.django_db, pytest.mark.patrol_cast]


def test_a_requested_solve_stores_a_roster_that_passes_the_independent_check(world,
                                                                            django_capture_on_commit_callbacks):
    operation = world.operation_a
    with django_capture_on_commit_callbacks(execute=True):
        services.do_request_solve(world.officer_a, operation)
    operation = GuardOperation.objects.get(pk=operation.pk)
    assert operation.status == "rostered" and operation.solve_status in ("optimal", "feasible", "partial")
    assert operation.solve_progress == 100 and operation.solved_at is not None
    check = check_operation(operation)
    assert not check.problems
    # Every gap the check finds is one the solver declared, with its reason.
    declared = {(u["segment"], u["hour"]) for u in operation.uncovered}
    assert {(g.segment, g.hour) for g in check.gaps} == declared
    assert all(u["reason"] for u in operation.uncovered)


def test_progress_is_written_to_the_operation_while_it_solves(world, monkeypatch):
    operation = world.operation_a
    GuardOperation.objects.filter(pk=operation.pk).update(status="solving")
    seen = []

    def fake_solve(op, progress, people=None):
        progress(0.5, "searching")
        seen.append(GuardOperation.objects.values_list("solve_progress", "solve_message").get(pk=op.pk))
        return {"status": "optimal", "assignments": [], "uncovered": [], "objective": 0, "bound": 0, "seconds": 1}

    monkeypatch.setattr("jingqi.patrols.rostering.solve_operation", fake_solve)
    tasks.solve_operation.call_local(operation.pk)
    assert seen == [(50, "searching")]
    assert GuardOperation.objects.get(pk=operation.pk).status == "rostered"


def test_a_solver_error_fails_the_solve_with_the_reason_and_keeps_the_roster(world, monkeypatch):
    operation = world.operation_a
    shifts = operation.shifts.count()
    GuardOperation.objects.filter(pk=operation.pk).update(status="solving")

    def broken(op, progress, people=None):
        raise RuntimeError("model too large")

    monkeypatch.setattr("jingqi.patrols.rostering.solve_operation", broken)
    tasks.solve_operation.call_local(operation.pk)
    operation = GuardOperation.objects.get(pk=operation.pk)
    assert (operation.status, operation.solve_status) == ("rostered", "failed")
    assert "model too large" in operation.solve_message and operation.shifts.count() == shifts


def test_a_solve_whose_worker_died_is_given_up_and_can_be_started_again(world, settings):
    operation = world.operation_a
    started = timezone.now() - timedelta(seconds=settings.PATROL_SOLVE_GIVE_UP_SECONDS + 60)
    GuardOperation.objects.filter(pk=operation.pk).update(status="solving", solve_started_at=started)
    recent = world.operation_t
    GuardOperation.objects.filter(pk=recent.pk).update(status="solving", solve_started_at=timezone.now())
    assert services.give_up_stale_solves() == 1
    operation = GuardOperation.objects.get(pk=operation.pk)
    assert (operation.status, operation.solve_status) == ("rostered", "failed")
    assert GuardOperation.objects.get(pk=recent.pk).status == "solving"
    assert AuditEvent.objects.filter(action="patrol.operation.solve_failed", object_id=str(operation.pk)).exists()
    assert operation.can("solve")


def test_a_solve_delivered_after_the_roster_is_stored_does_nothing(world, monkeypatch):
    operation = world.operation_a
    assert operation.status == "rostered"

    def must_not_run(op, progress, people=None):
        raise AssertionError("solved twice")

    monkeypatch.setattr("jingqi.patrols.rostering.solve_operation", must_not_run)
    tasks.solve_operation.call_local(operation.pk)
    assert GuardOperation.objects.get(pk=operation.pk).solve_status != "failed"
