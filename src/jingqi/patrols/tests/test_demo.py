"""The patrols demo and the issue's cable case, end to end.

The demo is loaded once for the module — the registry at a small scale and only the patrols part (the other apps'
demo data is not needed and would double the time) — and rolled back at the end; each test reads it inside its
own savepoint. Every figure is checked against a recount of the rows done here, not by the code that made them.
"""

import json
import time
from collections import defaultdict
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import TestCase, override_settings
from django.utils import timezone

from jingqi.accounts.models import User
from jingqi.core.testing.personas import as_migrated
from jingqi.patrols import demo
from jingqi.patrols.choices import FindingKind, FindingStatus, OperationStatus, PatrolStatus, SwapStatus
from jingqi.patrols.models import (
    CheckIn,
    Finding,
    GuardOperation,
    GuardShift,
    Patrol,
    Place,
    Recognition,
    SwapRequest,
    Team,
    Volunteer,
)
from jingqi.patrols.rostering import check_operation
from jingqi.registry import demo as registry_demo
from jingqi.registry.models import Station

pytestmark = pytest.mark.django_db

SMALL = 0.1


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch, override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        patch.setattr(registry_demo, "DEMO_PARTS", ("jingqi.patrols.demo",))
        real_load = demo.load

        def timed(loader, **kwargs):
            began = time.perf_counter()
            try:
                return real_load(loader, **kwargs)
            finally:
                print(f"\npatrols demo loaded in {time.perf_counter() - began:.1f} s")

        patch.setattr(demo, "load", timed)
        with transaction.atomic():
            as_migrated()  # the demo loads only where there are no stations: not beside the shared cast
            started = timezone.now()
            with TestCase.captureOnCommitCallbacks(execute=True):
                registry_demo.load_demo(scale=SMALL)
            yield started
            transaction.set_rollback(True)


def cable():
    return GuardOperation.objects.get(park__code=demo.CABLE_PARK)


def test_the_cable_is_guarded_fourteen_days_around_the_clock_with_zero_gaps_proved_independently(loaded):
    operation = cable()
    assert operation.status == OperationStatus.ROSTERED
    assert operation.solve_status in ("optimal", "feasible"), operation.uncovered
    assert operation.uncovered == []
    assert operation.hours == 14 * 24 and operation.segments.count() == demo.CABLE_SEGMENTS
    from jingqi.patrols.services import line_length_m

    assert 2900 <= line_length_m(operation.geometry) <= 3100
    check = check_operation(operation)  # the roster package's own checker, apart from the solver
    assert check.problems == [], [p.message for p in check.problems]
    assert check.gaps == []
    rows = check.report.coverage
    assert len(rows) == demo.CABLE_SEGMENTS * operation.hours
    # Recounted here: every segment-hour has its people, and an officer at night on the posts.
    shifts = list(operation.shifts.select_related("person", "segment"))
    night = {h for h in range(operation.hours)
             if (timezone.localtime(operation.starts_at + timedelta(hours=h)).hour >= 22
                 or timezone.localtime(operation.starts_at + timedelta(hours=h)).hour < 6)}
    standing = defaultdict(list)
    for shift in shifts:
        for hour in range(shift.start, shift.end):
            standing[(shift.segment.code, hour)].append(shift.person)
    for segment in operation.segments.all():
        for hour in range(operation.hours):
            people = standing[(segment.code, hour)]
            need = segment.night_need if hour in night else segment.need
            assert len(people) >= need, (segment.code, hour)
            if segment.officer_at_night and hour in night:
                assert any(p.is_officer for p in people), (segment.code, hour)
    # Officers hold the night posts; the volunteers stand near their enterprise.
    posts = {s.code for s in operation.segments.filter(officer_at_night=True)}
    assert len(posts) == len(demo.CABLE_POSTS)
    assert all(s.segment.code in posts for s in shifts if s.person.is_officer)
    pool = operation.people.filter(is_officer=False).select_related("volunteer__team")
    assert 60 <= pool.count() <= 120
    assert all(p.volunteer.team.enterprise_id and p.volunteer.team.park_id == operation.park_id for p in pool)
    assert all(p.segments.count() <= 3 for p in pool)
    print(json.dumps({"segments": len(posts), "shifts": len(shifts), "solve_seconds": operation.solve_seconds,
                      "status": operation.solve_status}, ensure_ascii=False))


def test_a_swap_is_accepted_and_another_refused_by_the_rules_which_it_names(loaded):
    operation = cable()
    accepted = SwapRequest.objects.get(shift__operation=operation, status=SwapStatus.ACCEPTED)
    refused = SwapRequest.objects.get(shift__operation=operation, status=SwapStatus.REFUSED)
    assert accepted.shift.person == accepted.taker and accepted.shift.source == "swap"
    assert accepted.decided_by.role in ("officer", "auxiliary") and accepted.problems == []
    assert accepted.requester.volunteer.user and accepted.taker.volunteer.user  # both used their duty page
    assert refused.shift.person == refused.requester  # nothing changed
    assert refused.problems
    rules = {v.rule for v in check_operation(operation, replace={refused.shift_id: refused.taker})
             .problems_for(refused.taker)}
    assert "min_rest" in rules or rules, rules
    names = refused.taker.volunteer.person.full_name
    assert any(names in message for message in refused.problems)
    print(sorted(rules), refused.problems)
    # The roster with the accepted swap still passes the check.
    assert check_operation(operation).ok


def test_check_ins_are_recorded_and_each_volunteers_hours_are_the_recount_of_their_check_ins(loaded):
    operation = cable()
    now = loaded
    past = operation.shifts.filter(start__lt=(now - operation.starts_at).total_seconds() // 3600)
    assert past.count() > 50
    checked = past.exclude(checked_in_at=None)
    assert checked.count() >= 0.9 * past.count()
    assert CheckIn.objects.filter(shift__operation=operation, far=True).exists()
    assert GuardShift.objects.filter(operation=operation).exclude(checked_out_at=None).filter(
        credited_minutes__gt=0).count() > 40
    # Independent recount: patrols (first to last check-in of each member, inside the patrol) and guard shifts
    # (arrival to check-out, inside the shift).
    minutes = defaultdict(int)
    for patrol in Patrol.objects.filter(status=PatrolStatus.DONE):
        times = defaultdict(list)
        for volunteer_id, at in patrol.check_ins.exclude(volunteer=None).values_list("volunteer_id", "at"):
            times[volunteer_id].append(at)
        for volunteer_id, ats in times.items():
            if len(ats) >= 2:
                a, b = max(min(ats), patrol.starts_at), min(max(ats), patrol.ends_at)
                minutes[volunteer_id] += max(0, int((b - a).total_seconds() // 60))
    for shift in GuardShift.objects.exclude(checked_out_at=None).select_related("person", "operation"):
        ats = sorted(shift.check_ins.values_list("at", flat=True))
        a, b = max(ats[0], shift.starts_at), min(ats[-1], shift.ends_at)
        if shift.person.volunteer_id:
            minutes[shift.person.volunteer_id] += max(0, int((b - a).total_seconds() // 60))
    volunteers = list(Volunteer.objects.all())
    assert sum(v.service_minutes for v in volunteers) > 0
    for volunteer in volunteers:
        assert volunteer.service_minutes == minutes[volunteer.pk], volunteer.person.full_name
    credited = [v for v in volunteers if v.service_minutes]
    assert len(credited) >= 40 and sum(v.points for v in credited) >= sum(v.service_minutes for v in credited) // 90


def test_the_coverage_report_prints(loaded):
    operation = cable()
    try:
        from jingqi.patrols import documents
    except ImportError:
        documents = None
    render = getattr(documents, "coverage_pdf", None)
    if render is not None:
        data = render(operation, User.objects.get(username="mjh_officer_b"))
        assert data[:4] == b"%PDF" and len(data) > 2000
        print("coverage PDF:", len(data), "bytes")
    else:
        report = check_operation(operation).report.to_json()
        assert report["ok"] and report["gaps"] == []
        print(json.dumps(report, ensure_ascii=False)[:400])


def test_teams_places_patrols_and_findings_look_like_a_station_at_work(loaded):
    for code in ("ZZ-MJH", "SZ-YX"):
        teams = Team.objects.filter(station__code=code)
        assert teams.count() >= 3 and all(t.enterprise_id for t in teams)
        volunteers = Volunteer.objects.filter(team__station__code=code)
        statuses = set(volunteers.values_list("status", flat=True))
        assert {"vetted", "applied"} <= statuses
        assert Patrol.objects.filter(station__code=code, status=PatrolStatus.DONE).count() >= 10
        assert Patrol.objects.filter(station__code=code, status=PatrolStatus.PLANNED,
                                     starts_at__gt=loaded).exists()
        assert {"car", "foot"} <= set(Patrol.objects.filter(station__code=code).values_list("mode", flat=True))
    total = Volunteer.objects.count()
    assert 60 <= total <= 140
    assert Volunteer.objects.filter(status="suspended").exists() and Volunteer.objects.filter(status="left").exists()
    assert Volunteer.objects.exclude(windows=None).count() == total
    assert Recognition.objects.count() >= 6
    assert Place.objects.filter(kind="checkpoint", route__isnull=False).count() >= 6
    assert any("school_start" in p.cover_periods and "school_end" in p.cover_periods
               for p in Place.objects.filter(kind="area"))
    assert Patrol.objects.filter(title__contains="护校安园", status=PatrolStatus.DONE).exists()
    assert CheckIn.objects.filter(patrol__isnull=False, far=True).exists()
    assert CheckIn.objects.filter(patrol__isnull=False, no_position=True).exists()
    assert Patrol.objects.filter(status=PatrolStatus.CANCELLED).exists()
    request = Finding.objects.get(kind=FindingKind.REQUEST)
    assert request.status == FindingStatus.OPENED and request.ticket_id
    dispute = Finding.objects.get(kind=FindingKind.DISPUTE)
    assert dispute.status == FindingStatus.OPENED and dispute.dispute.source == "patrol"
    hazard = Finding.objects.get(kind=FindingKind.HAZARD, patrol__isnull=False)
    assert hazard.status == FindingStatus.OPENED and hazard.hazard.source == "patrol"
    volunteer_a = User.objects.get(username="volunteer_a")
    assert volunteer_a.volunteer.status == "vetted"
    assert Patrol.objects.filter(members__volunteer__user=volunteer_a, status=PatrolStatus.PLANNED).exists()


def test_summary_and_this_months_hours_are_the_recount_of_the_check_ins(loaded):
    now = timezone.now()
    month = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    lines = demo.summary()
    for station in Station.objects.all():
        # Recount from check-ins: a patrol's volunteer from first to last check-in, a shift to its check-out.
        minutes = 0
        for patrol in Patrol.objects.filter(station=station, status=PatrolStatus.DONE, finished_at__gte=month,
                                            finished_at__lte=now):
            times = defaultdict(list)
            for volunteer_id, at in patrol.check_ins.exclude(volunteer=None).values_list("volunteer_id", "at"):
                times[volunteer_id].append(at)
            for ats in times.values():
                if len(ats) >= 2:
                    a, b = max(min(ats), patrol.starts_at), min(max(ats), patrol.ends_at)
                    minutes += max(0, int((b - a).total_seconds() // 60))
        for shift in GuardShift.objects.filter(operation__station=station, person__volunteer__isnull=False,
                                               checked_out_at__gte=month, checked_out_at__lte=now):
            ats = sorted(shift.check_ins.values_list("at", flat=True))
            a, b = max(ats[0], shift.starts_at), min(ats[-1], shift.ends_at)
            minutes += max(0, int((b - a).total_seconds() // 60))
        figures = demo.station_figures(station, now)
        assert figures["hours_month"] == round(minutes / 60, 1), station.code
        line = next(line for line in lines if station.name in line)
        assert f"{figures['hours_month']}" in line and f"{figures['volunteers']}" in line
        print(line)
