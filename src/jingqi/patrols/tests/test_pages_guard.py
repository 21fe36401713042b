"""The guard operation pages: the roster grid (red where short), the coverage proof with every gap's reason, the
solver's progress polled while it runs, hand edits that say what they break and save only when told to, swaps an
officer decides, denial (other persona, out of scope: 404 and nothing changed), query counts."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from jingqi.accounts.choices import Role
from jingqi.core.models import AuditEvent
from jingqi.core.testing import factories as f
from jingqi.patrols import services
from jingqi.patrols.models import GuardOperation, GuardShift, SwapRequest

pytestmark = pytest.mark.django_db
STALE = gettext("Someone else changed this in the meantime. Reload the page and try again.")

LINE = {"type": "LineString", "coordinates": [[120.8, 29.6], [120.81, 29.6]]}
EVERY_DAY = [{"weekday": d, "start": "00:00", "end": "00:00"} for d in range(7)]


def url(name, *args):
    return reverse(f"patrols:{name}", args=args)


def guard_world(world, *, starts_at=None, hours=48, swap_needs_officer=True):
    """A team in park A with two vetted volunteers who have accounts (volunteer_a and a second one), an operation on
    a line in two segments with both of them and officer_a in the pool, and a roster: v1 on S01 hours 0-4 and
    24-30, v2 on S02 24-30. Everything else is uncovered."""
    officer = world.officer_a
    second_user = f.UserFactory(username="volunteer_a2", role=Role.VOLUNTEER)
    team = services.do_create_team(officer, park=world.park_a, enterprise=world.enterprise_a,
                                   data={"name": "A园义警队"})
    v1 = services.do_enrol_volunteer(officer, team, full_name="义警甲", user=world.volunteer_a)
    v2 = services.do_enrol_volunteer(officer, team, full_name="义警乙", user=second_user)
    for v in (v1, v2):
        services.do_change_volunteer_status(officer, v, action="vet")
        services.do_set_availability(officer, v, windows=EVERY_DAY)
    start = starts_at or timezone.now().replace(minute=0, second=0, microsecond=0)
    op = services.do_create_operation(officer, park=world.park_a, data={
        "name": "电缆守护", "starts_at": start, "hours": hours, "geometry": LINE, "min_shift": 2, "max_shift": 12,
        "min_rest": 4, "max_week_hours": 40, "swap_needs_officer": swap_needs_officer})
    services.do_split_operation(officer, op, count=2)
    pool = services.do_add_to_pool(officer, op, volunteers=[v1, v2], officers=[officer])
    people = {p.volunteer_id or "officer": p for p in pool}
    services.do_request_solve(officer, op)
    services.store_roster(op.pk, {"status": "partial", "assignments": [
        {"person": people[v1.pk].code, "segment": "S01", "start": 0, "end": 4},
        {"person": people[v1.pk].code, "segment": "S01", "start": 24, "end": 30},
        {"person": people[v2.pk].code, "segment": "S02", "start": 24, "end": 30}],
        "uncovered": [{"segment": "S02", "hour": 0, "missing": 1, "reason": "没有人有空（测试原因）",
                       "code": "nobody_available"}], "objective": 0, "bound": 0, "seconds": 0.1})
    op = GuardOperation.objects.get(pk=op.pk)
    shifts = {(s.person_id, s.start): s for s in op.shifts.all()}
    return SimpleNamespace(
        op=op, team=team, v1=v1, v2=v2, user2=second_user, p1=people[v1.pk], p2=people[v2.pk],
        officer=people["officer"], now_shift=shifts[(people[v1.pk].pk, 0)],
        later_shift=shifts[(people[v1.pk].pk, 24)], v2_shift=shifts[(people[v2.pk].pk, 24)])


def field_error(content, name):
    return re.search(rf'class="field invalid">(?:(?!class="field).)*?name="{name}"(?:(?!class="field).)*?'
                     r'class="error"[^>]*>([^<]+)<', content, re.S)


def count(client, target, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(target, params)
    assert response.status_code == 200
    return len(ctx)


# --- the operation page ------------------------------------------------------------------------------------------


def test_operation_page_shows_the_grid_red_where_short_and_every_gap_with_its_reason(world, client_for):
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    g = guard_world(world, starts_at=midnight)
    content = client_for(world.officer_a).get(url("operation_detail", g.op.pk)).content.decode()
    grid = re.search(r'<table class="grid cards roster-grid">.*?</table>', content, re.S).group(0)
    # Day one: S01 has 4 of 24 hours covered, S02 none; both red.
    assert 'class="short"' in grid and "4/24 h" in grid and "0/24 h" in grid
    assert "义警甲" in grid and url("shift_edit", g.now_shift.pk) in grid
    assert "没有人有空（测试原因）" in content  # the solver's reason for S02 hour 0
    assert 'id="coverage"' in content and url("coverage_report", g.op.pk) in content
    assert 'data-confirm=' in content  # solving again and closing ask first


def test_a_volunteer_in_the_pool_reads_the_grid_with_names_but_no_edit_links(world, client_for):
    g = guard_world(world)
    content = client_for(world.volunteer_a).get(url("operation_detail", g.op.pk)).content.decode()
    assert "义警乙" in content
    assert url("shift_edit", g.now_shift.pk) not in content
    assert url("operation_solve", g.op.pk) not in content


def test_progress_is_polled_every_second_while_solving_and_stops_when_done(world, client_for):
    g = guard_world(world)
    client = client_for(world.officer_a)
    GuardOperation.objects.filter(pk=g.op.pk).update(status="solving", solve_progress=42, solve_message="搜索中")
    page = client.get(url("operation_detail", g.op.pk)).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="42"' in page
    partial = client.get(url("operation_progress", g.op.pk), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in partial.content.decode() and "HX-Refresh" not in partial
    GuardOperation.objects.filter(pk=g.op.pk).update(status="rostered", solve_progress=100)
    done = client.get(url("operation_progress", g.op.pk), HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in done.content.decode()
    assert done["HX-Refresh"] == "true"


def test_the_solve_button_runs_the_solver_job_and_stores_a_roster(world, client_for, monkeypatch,
                                                                 django_capture_on_commit_callbacks):
    g = guard_world(world)
    # The solver reports progress from its own thread; an in-memory SQLite test database is not shared with it.
    monkeypatch.setattr(services, "record_solve_progress", lambda *args: None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.officer_a).post(url("operation_solve", g.op.pk), {"version": g.op.version})
    assert response.status_code == 302
    op = GuardOperation.objects.get(pk=g.op.pk)
    assert op.status == "rostered" and op.solve_status in ("optimal", "feasible", "partial")
    assert op.solve_progress == 100


def test_solve_with_a_stale_version_changes_nothing(world, client_for):
    g = guard_world(world)
    before = GuardOperation.objects.get(pk=g.op.pk)
    response = client_for(world.officer_a).post(url("operation_solve", g.op.pk), {"version": g.op.version - 1},
                                                follow=True)
    assert STALE in response.content.decode()
    assert GuardOperation.objects.get(pk=g.op.pk).status == before.status == "rostered"


# --- hand edits say what they break ----------------------------------------------------------------------------


def _local(op, hour):
    return timezone.localtime(op.starts_at + timedelta(hours=hour)).strftime("%Y-%m-%dT%H:%M")


def test_an_edit_that_breaks_a_rule_is_refused_with_what_it_breaks_and_saved_when_confirmed(world, client_for):
    g = guard_world(world)
    client = client_for(world.officer_a)
    # v1 again on S02 at hours 2-6: overlaps their S01 shift 0-4.
    data = {"person": g.p1.pk, "segment": g.op.segments.get(code="S02").pk, "starts_at": _local(g.op, 2),
            "ends_at": _local(g.op, 6)}
    before = GuardShift.objects.count()
    response = client.post(url("shift_add", g.op.pk), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert 'class="breaks"' in content and field_error(content, "confirm")
    assert 'data-confirm=' in content
    assert GuardShift.objects.count() == before
    response = client.post(url("shift_add", g.op.pk), {**data, "confirm": "on"})
    assert response.status_code == 302
    assert GuardShift.objects.count() == before + 1
    event = AuditEvent.objects.filter(action="patrol.operation.roster_edit").latest("pk")
    assert event.changes["breaks"]


def test_an_edit_off_the_hour_is_refused_beside_the_field(world, client_for):
    g = guard_world(world)
    response = client_for(world.officer_a).post(url("shift_edit", g.now_shift.pk), {
        "person": g.p1.pk, "segment": g.now_shift.segment_id, "starts_at": _local(g.op, 0)[:-2] + "30",
        "ends_at": _local(g.op, 4), "version": g.now_shift.version})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "starts_at")
    assert GuardShift.objects.get(pk=g.now_shift.pk).start == 0


def test_a_stale_shift_edit_changes_nothing(world, client_for):
    g = guard_world(world)
    response = client_for(world.officer_a).post(url("shift_edit", g.now_shift.pk), {
        "person": g.p1.pk, "segment": g.now_shift.segment_id, "starts_at": _local(g.op, 0),
        "ends_at": _local(g.op, 3), "version": g.now_shift.version + 5, "confirm": "on"})
    assert response.status_code == 400
    assert STALE in response.content.decode()
    assert GuardShift.objects.get(pk=g.now_shift.pk).end == 4


def test_removing_a_shift_says_it_opens_a_gap_and_removes_only_when_confirmed(world, client_for):
    g = guard_world(world)
    client = client_for(world.officer_a)
    response = client.post(url("shift_remove", g.later_shift.pk), {})
    assert response.status_code == 400
    assert 'class="breaks"' in response.content.decode()
    assert GuardShift.objects.filter(pk=g.later_shift.pk).exists()
    assert client.post(url("shift_remove", g.later_shift.pk), {"confirm": "on"}).status_code == 302
    assert not GuardShift.objects.filter(pk=g.later_shift.pk).exists()
    page = client.get(url("operation_detail", g.op.pk)).content.decode()
    assert "Not covered since the roster was edited by hand." in page


# --- swaps an officer decides ------------------------------------------------------------------------------------


def test_officer_approves_a_consented_swap(world, client_for):
    g = guard_world(world)
    swap = services.do_ask_swap(world.volunteer_a, g.later_shift, taker=g.officer)
    SwapRequest.objects.filter(pk=swap.pk).update(status="consented")
    client = client_for(world.officer_a)
    page = client.get(url("operation_detail", g.op.pk)).content.decode()
    assert url("swap_decide", swap.pk) in page
    assert client.post(url("swap_decide", swap.pk), {"approve": "1"}).status_code == 302
    assert SwapRequest.objects.get(pk=swap.pk).status == "accepted"
    assert GuardShift.objects.get(pk=g.later_shift.pk).person_id == g.officer.pk


# --- operations, segments, pool -----------------------------------------------------------------------------------


def test_create_an_operation_with_an_error_beside_its_field(world, client_for):
    client = client_for(world.officer_a)
    before = GuardOperation.objects.count()
    data = {"park": world.park_a.pk, "name": "守护", "starts_at": "2030-03-01T00:30", "hours": 48, "night_start": 22,
            "night_end": 6, "min_shift": 2, "max_shift": 8, "min_rest": 8, "max_week_hours": 40,
            "max_nights_in_row": 3, "time_limit": 10, "geometry": ""}
    response = client.post(url("operation_create"), data)
    assert response.status_code == 400 and field_error(response.content.decode(), "starts_at")
    assert GuardOperation.objects.count() == before
    response = client.post(url("operation_create"), {**data, "starts_at": "2030-03-01T00:00",
                                                     "geometry": '{"type": "LineString", "coordinates": '
                                                                 '[[120.8, 29.6], [120.81, 29.6]]}'})
    assert response.status_code == 302
    op = GuardOperation.objects.latest("pk")
    assert response["Location"] == url("segment_edit", op.pk)
    response = client.post(url("segment_edit", op.pk), {"split": "1", "split-count": 3, "split-need": 1,
                                                        "split-night_need": 2})
    assert response.status_code == 302
    assert list(op.segments.values_list("code", "night_need")) == [("S01", 2), ("S02", 2), ("S03", 2)]


def test_segment_rows_keep_their_lines_and_a_duplicate_code_is_refused(world, client_for):
    g = guard_world(world)
    client = client_for(world.officer_a)
    rows = {"s0-code": "S01", "s0-need": 2, "s0-night_need": 2, "s1-code": "S02", "s1-need": 1,
            "s1-night_need": 1, "s2-code": "S01", "s2-need": 1}
    response = client.post(url("segment_edit", g.op.pk), rows)
    assert response.status_code == 400 and "S01" in response.content.decode()
    assert g.op.segments.get(code="S01").need == 1
    del rows["s2-code"]
    assert client.post(url("segment_edit", g.op.pk), rows).status_code == 302
    s01 = g.op.segments.get(code="S01")
    assert s01.need == 2 and s01.geometry["type"] == "LineString"


def test_pool_member_available_hours_are_edited_and_bad_ranges_refused(world, client_for):
    g = guard_world(world)
    client = client_for(world.officer_a)
    response = client.post(url("pool_edit", g.op.pk), {"action": "update", "person": g.officer.pk,
                                                       "segments": "", "available": "10-5"})
    assert response.status_code == 400
    assert g.officer.__class__.objects.get(pk=g.officer.pk).available == [[0, 48]]
    response = client.post(url("pool_edit", g.op.pk), {"action": "update", "person": g.officer.pk,
                                                       "segments": "S01", "available": "0-12, 20-48"})
    assert response.status_code == 302
    officer = g.officer.__class__.objects.get(pk=g.officer.pk)
    assert officer.available == [[0, 12], [20, 48]]
    assert [s.code for s in officer.segments.all()] == ["S01"]


# --- denial ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["officer_b", "liaison_b", "dept_transport", "viewer", "supervisor_t"])
def test_out_of_scope_personas_get_404_and_change_nothing(world, client_for, persona):
    g = guard_world(world)
    client = client_for(world.personas[persona])
    events = AuditEvent.objects.count()
    for name in ("operation_detail", "coverage_report", "coverage_pdf", "operation_progress", "shift_add"):
        assert client.get(url(name, g.op.pk)).status_code == 404, name
    for name in ("operation_solve", "operation_close"):
        assert client.post(url(name, g.op.pk), {"version": g.op.version}).status_code == 404, name
    assert client.post(url("shift_remove", g.now_shift.pk), {"confirm": "on"}).status_code == 404
    assert client.post(url("shift_edit", g.now_shift.pk), {"person": g.p2.pk, "confirm": "on"}).status_code == 404
    assert AuditEvent.objects.count() == events
    assert GuardOperation.objects.get(pk=g.op.pk).status == "rostered"
    assert GuardShift.objects.filter(pk=g.now_shift.pk, person=g.p1).exists()


def test_volunteer_and_liaison_read_but_cannot_edit(world, client_for):
    g = guard_world(world)
    for persona in (world.volunteer_a, world.liaison_a):
        client = client_for(persona)
        assert client.get(url("operation_detail", g.op.pk)).status_code == 200
        assert client.get(url("coverage_report", g.op.pk)).status_code == 200
        for name in ("operation_edit", "segment_edit", "pool_edit", "shift_add"):
            assert client.get(url(name, g.op.pk)).status_code == 404, name
        assert client.post(url("operation_close", g.op.pk), {"version": g.op.version}).status_code == 404
        assert client.post(url("shift_remove", g.now_shift.pk), {"confirm": "on"}).status_code == 404
    assert GuardOperation.objects.get(pk=g.op.pk).status == "rostered"
    assert GuardShift.objects.filter(pk=g.now_shift.pk).exists()


def test_close_asks_first_and_closes(world, client_for):
    g = guard_world(world)
    client = client_for(world.officer_a)
    page = client.get(url("operation_detail", g.op.pk)).content.decode()
    assert re.search(r'<form[^>]*/close/"[^>]*data-confirm="[^"]+"', page)
    assert client.post(url("operation_close", g.op.pk), {"version": g.op.version, "loss": "0"}).status_code == 302
    op = GuardOperation.objects.get(pk=g.op.pk)
    assert (op.status, op.loss, op.loss_note) == ("closed", False, "")
    assert op.closed_at is not None
    page = client.get(url("operation_detail", g.op.pk)).content.decode()
    assert gettext("No loss during the operation") in page


def test_close_records_a_loss_with_what_was_lost(world, client_for):
    g = guard_world(world)
    client = client_for(world.officer_a)
    answer = client.post(url("operation_close", g.op.pk),
                         {"version": g.op.version, "loss": "1", "loss_note": "一段电缆被盗割约20米"})
    assert answer.status_code == 302
    op = GuardOperation.objects.get(pk=g.op.pk)
    assert (op.status, op.loss, op.loss_note) == ("closed", True, "一段电缆被盗割约20米")
    assert AuditEvent.objects.filter(action="patrol.operation.close", object_id=str(op.pk)).exists()


@pytest.mark.parametrize("data", [{}, {"loss": "1"}, {"loss": "1", "loss_note": "   "}, {"loss": "maybe"}])
def test_close_without_saying_about_loss_is_refused_beside_the_field(world, client_for, data):
    g = guard_world(world)
    client = client_for(world.officer_a)
    events = AuditEvent.objects.count()
    answer = client.post(url("operation_close", g.op.pk), {"version": g.op.version, **data})
    assert answer.status_code == 400
    page = answer.content.decode()
    assert 'class="field invalid"' in page and 'class="error" role="alert"' in page
    op = GuardOperation.objects.get(pk=g.op.pk)
    assert (op.status, op.loss, op.closed_at) == ("rostered", None, None)
    assert AuditEvent.objects.count() == events


# --- queries do not grow with rows ---------------------------------------------------------------------------------


def test_operation_page_and_list_query_counts_do_not_grow_with_rows(world, client_for):
    g = guard_world(world)
    client = client_for(world.officer_a)
    few_page, few_list = count(client, url("operation_detail", g.op.pk)), count(client, url("operation_list"))
    few_report = count(client, url("coverage_report", g.op.pk))
    for n in range(4):  # more shifts, more pool members, more operations
        services.do_add_shift(world.officer_a, g.op, person=g.officer, segment=g.op.segments.get(code="S02"),
                              start=4 + n * 4, end=8 + n * 4, confirm=True)
        volunteer = services.do_enrol_volunteer(world.officer_a, g.team, full_name=f"义警{n}")
        services.do_change_volunteer_status(world.officer_a, volunteer, action="vet")
        services.do_create_operation(world.officer_a, park=world.park_a, data={
            "name": f"守护{n}", "starts_at": g.op.starts_at, "hours": 24})
    services.do_add_to_pool(world.officer_a, g.op, volunteers=list(g.team.members.filter(status="vetted")))
    assert count(client, url("operation_detail", g.op.pk)) == few_page
    assert count(client, url("operation_list")) == few_list
    assert count(client, url("coverage_report", g.op.pk)) == few_report
