"""Guard pages and API on awkward input and state: an operation the checker cannot read yet (no segments, no rest
between shifts) is shown with the reason instead of failing; volunteers read only what is theirs; a swap is asked
only of someone who can answer it; malformed GeoJSON and ids are refused as such; the volunteer's own page reads
only upcoming shifts from the database."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from jingqi.patrols import services
from jingqi.patrols.models import GuardOperation, SwapRequest

from . import builders as b

pytestmark = pytest.mark.django_db

FORM = {"name": "守护", "starts_at": "2030-03-01T00:00", "hours": 48, "night_start": 22, "night_end": 6,
        "min_shift": 2, "max_shift": 8, "min_rest": 8, "max_week_hours": 40, "max_nights_in_row": 3,
        "time_limit": 10, "geometry": ""}


def english(client):
    """Pages follow the browser's language: these ask for English, so the assertions read the source text."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def url(name, *args):
    return reverse(f"patrols:{name}", args=args)


def field_error(content, name):
    return re.search(rf'class="field invalid">(?:(?!class="field).)*?name="{name}"(?:(?!class="field).)*?'
                     r'class="error"[^>]*>([^<]+)<', content, re.S)


# --- an operation the checker cannot read -------------------------------------------------------------------------


def test_an_operation_without_segments_asks_for_them_on_its_page_and_report(world, client_for):
    op = b.operation(world, segments=())
    client = english(client_for(world.officer_a))
    with translation.override("en"):
        for name in ("operation_detail", "coverage_report"):
            response = client.get(url(name, op.pk))
            assert response.status_code == 200
            assert "split the line into segments first" in response.content.decode()
        response = client.get(url("coverage_pdf", op.pk))
        assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_an_operation_the_checker_refuses_shows_why(world, client_for):
    op = b.operation(world)
    GuardOperation.objects.filter(pk=op.pk).update(min_rest=0)  # refused on input now; older rows may hold it
    client = english(client_for(world.officer_a))
    with translation.override("en"):
        for name in ("operation_detail", "coverage_report"):
            response = client.get(url(name, op.pk))
            assert response.status_code == 200
            assert "rules.min_rest must be at least 1" in response.content.decode()
        assert client.get(url("coverage_pdf", op.pk)).status_code == 200


def test_the_operation_form_and_api_ask_for_at_least_an_hour_of_rest(world, client_for, api_for):
    before = GuardOperation.objects.count()
    response = client_for(world.officer_a).post(url("operation_create"), {
        **FORM, "park": world.park_a.pk, "min_rest": 0})
    assert response.status_code == 400 and field_error(response.content.decode(), "min_rest")
    body = {"park": world.park_a.pk, "name": "守护", "starts_at": "2030-03-01T00:00+08:00", "hours": 48,
            "min_rest": 0}
    response = api_for(world.officer_a).post("/api/guard-operations/", body, format="json")
    assert response.status_code == 400 and "min_rest" in response.json()
    assert GuardOperation.objects.count() == before


# --- a volunteer reads only their own hours and awards -----------------------------------------------------------


def test_a_volunteer_does_not_read_a_teammates_hours_or_awards(world, client_for):
    _team, _mine, theirs = b.squad(world)
    services.do_set_availability(world.officer_a, theirs, windows=[{"weekday": 2, "start": "07:15", "end": "09:45"}])
    services.do_recognise(world.officer_a, theirs, kind="commendation", title="夜间守护之星",
                          awarded_on=timezone.localdate())
    police = client_for(world.officer_a).get(url("volunteer_detail", theirs.pk)).content.decode()
    assert "07:15" in police and "夜间守护之星" in police
    response = client_for(world.volunteer_a).get(url("volunteer_detail", theirs.pk))
    assert response.status_code == 200
    assert "07:15" not in response.content.decode() and "夜间守护之星" not in response.content.decode()


def test_only_the_police_read_the_pool_hours_and_the_roster_instance(world, api_for):
    _team, mine, theirs = b.squad(world)
    op = b.operation(world)
    services.do_add_to_pool(world.officer_a, op, volunteers=[mine, theirs], officers=[world.officer_a])
    pool_url, instance_url = f"/api/guard-operations/{op.pk}/pool/", f"/api/guard-operations/{op.pk}/instance/"
    officer, volunteer = api_for(world.officer_a), api_for(world.volunteer_a)
    rows = officer.get(pool_url).json()
    assert len(rows) == 3 and all(row["available"] is not None and row["preferences"] is not None for row in rows)
    rows = volunteer.get(pool_url).json()
    assert len(rows) == 3 and all(row["available"] is None and row["preferences"] is None for row in rows)
    assert officer.get(instance_url).status_code == 200
    assert volunteer.get(instance_url).status_code == 404


# --- a swap is asked only of someone who can answer it ------------------------------------------------------------


def _my_rostered_shift(world):
    """volunteer_a's shift tomorrow; the pool also holds officer_a and a colleague."""
    _team, mine, theirs = b.squad(world)
    op = b.operation(world)
    pool = services.do_add_to_pool(world.officer_a, op, volunteers=[mine, theirs], officers=[world.officer_a])
    people = {p.volunteer_id or "officer": p for p in pool}
    op = b.rostered(world, op, [(people[mine.pk], "S01", 0, 4)])
    return op.shifts.get(person=people[mine.pk]), people["officer"], people[theirs.pk]


def test_a_swap_cannot_be_asked_of_an_officer_on_the_page(world, client_for):
    shift, officer, colleague = _my_rostered_shift(world)
    client = english(client_for(world.volunteer_a))
    page = client.get(url("swap_ask", shift.pk)).content.decode()
    assert f'value="{colleague.pk}"' in page and f'value="{officer.pk}"' not in page
    response = client.post(url("swap_ask", shift.pk), {"taker": officer.pk, "reason": ""})
    assert response.status_code == 400 and field_error(response.content.decode(), "taker")
    assert not SwapRequest.objects.exists()


def test_a_swap_cannot_be_asked_of_an_officer_in_the_api(world, api_for):
    shift, officer, colleague = _my_rostered_shift(world)
    response = english(api_for(world.volunteer_a)).post(f"/api/guard-shifts/{shift.pk}/swap/",
                                                        {"taker": officer.pk}, format="json")
    assert response.status_code == 400 and "only a volunteer can answer" in response.json()["taker"][0]
    assert not SwapRequest.objects.exists()


# --- malformed input is refused beside its field ------------------------------------------------------------------


def test_deeply_nested_geometry_is_refused_beside_its_field(world, client_for):
    client = english(client_for(world.officer_a))
    before = GuardOperation.objects.count()
    for geometry in ("[" * 5_000 + "]" * 5_000, '{"type": "LineString", "coordinates": [[120.8, 29.6]'):
        response = client.post(url("operation_create"), {**FORM, "park": world.park_a.pk, "geometry": geometry})
        assert response.status_code == 400 and field_error(response.content.decode(), "geometry")
    assert GuardOperation.objects.count() == before


def test_removing_an_availability_exception_with_a_malformed_id_is_not_found(world, client_for):
    _team, mine, _theirs = b.squad(world)
    target = url("availability_edit", mine.pk)
    for client in (client_for(world.officer_a), client_for(world.volunteer_a)):
        for value in ("abc", "²", "1_0", "", "99999999999999999999999"):
            assert client.post(target, {"what": "remove", "exception": value}).status_code == 404
        assert client.post(target, {"what": "remove"}).status_code == 404


# --- the volunteer's own page reads only upcoming shifts --------------------------------------------------------


def test_my_duty_chooses_upcoming_shifts_in_the_database(world, client_for):
    _team, mine, _theirs = b.squad(world)
    op = b.operation(world, start=b.hour_now() - timedelta(hours=30), hours=72, min_rest=1, max_week_hours=168)
    person = services.do_add_to_pool(world.officer_a, op, volunteers=[mine])[0]
    # Ended: 0-2, 3-5 (4-6 is still open: checked in, never out); under way: 28-32; to come: 40-42.
    op = b.rostered(world, op, [(person, "S01", 0, 2), (person, "S02", 3, 5), (person, "S01", 6, 8),
                                (person, "S01", 28, 32), (person, "S01", 40, 42)])
    op.shifts.filter(start=6).update(checked_in_at=op.starts_at + timedelta(hours=6))
    with CaptureQueriesContext(connection) as ctx:
        response = client_for(world.volunteer_a).get(url("my_duty"))
    assert response.status_code == 200
    assert [(s.start, s.end) for s in response.context["shifts"]] == [(6, 8), (28, 32), (40, 42)]
    (read,) = [q["sql"] for q in ctx.captured_queries
               if 'FROM "patrols_guardshift"' in q["sql"] and '"checked_in_at"' in q["sql"]
               and "LIMIT" in q["sql"]]
    assert "LIMIT 20" in read
