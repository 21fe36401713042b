"""The volunteer's journey in the browser, on a phone (390 × 844), around a guard operation an officer builds at
the desk: a cable line split into two segments, a pool of three volunteers and an officer, the roster solved as
a background job (its progress shown, then the roster grid). The volunteer signs in on the phone, finds the
next shift on the home page, confirms it on My duty, asks a swap the rules refuse (and reads what it would
break), then one they allow; the colleague agrees on their phone and the officer approves. The volunteer
checks in at the segment with the phone's position, reports a finding with a photo, checks out an hour later
and reads the hours and points the check-ins earned. A second journey: a check-in at a patrol's checkpoint.

Elements are found by field names, URLs, classes and values, not by their text, so the test holds whatever
language the interface speaks. No page a phone visits scrolls sideways."""

import functools
import json
import re
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from jingqi.accounts.choices import Role
from jingqi.core.testing import factories as f
from jingqi.e2e.test_phone_layout import overflow
from jingqi.patrols import services
from jingqi.patrols.choices import OperationStatus, SwapStatus
from jingqi.patrols.models import CheckIn, Finding, GuardOperation, GuardShift, SwapRequest, Volunteer

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.patrol_cast]

OPERATION = re.compile(r"/patrols/operations/\d+/$")
# The cable: about 970 m along a road of park A, split into S01 (west half) and S02 (east half).
LINE = {"type": "LineString", "coordinates": [[120.8, 29.6], [120.81, 29.6]]}
ON_S01 = {"latitude": 29.6001, "longitude": 120.8025, "accuracy": 12}  # ~11 m off the line, west half
AT_CHECKPOINT = {"latitude": 29.6, "longitude": 120.805, "accuracy": 8}  # the cast's checkpoint_a
EVERY_DAY = [{"weekday": d, "start": "00:00", "end": "00:00"} for d in range(7)]


@pytest.fixture
def as_user(open_as):
    return functools.partial(open_as, accept_dialogs=True)


@pytest.fixture
def worker(monkeypatch):
    """The solve job taken up by a worker a moment after it is queued. Tests run huey immediately, which would
    solve inside the request that asks for it and the page would never show the progress; here the job runs in a
    thread of its own (as a worker would), after a short wait, while the page polls its progress."""
    from jingqi.patrols import tasks

    job, threads = tasks.solve_operation, []

    def queue(pk):
        def work():
            try:
                time.sleep(1.5)
                job.call_local(pk)
            finally:
                connection.close()

        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        threads.append(thread)

    monkeypatch.setattr(tasks, "solve_operation", queue)
    yield threads
    for thread in threads:
        thread.join(60)


def questions(page) -> list:
    """The questions confirm.js asks on ``page`` before a final step (answered yes by the fixture)."""
    asked = []
    page.on("dialog", lambda dialog: asked.append(dialog.type))
    return asked


def fits(page):
    page.wait_for_load_state("load")
    assert overflow(page) is None, (page.url, overflow(page))


def at(page, position):
    """The phone is at ``position``: location allowed for the site, and that position given."""
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation(position)


def submit_positioned(page, form):
    """Posts a form that check_in.js fills from the phone's position, once the position is in."""
    page.wait_for_function("f => f.querySelector('input[name=latitude]').value !== ''", arg=form.element_handle())
    form.locator("button[type=submit]").click()


def colleague(world):
    """A second volunteer of team A with an account of their own, free every day."""
    user = f.UserFactory(username="volunteer_a3", full_name="A义警丙", role=Role.VOLUNTEER)
    volunteer = services.do_enrol_volunteer(world.officer_a, world.team_a, full_name="A义警丙", user=user)
    services.do_change_volunteer_status(world.officer_a, volunteer, action="vet")
    services.do_set_availability(world.officer_a, volunteer, windows=EVERY_DAY)
    return volunteer


def build_operation(officer, world, start):
    """Created, split and given its pool at the desk; returns the operation's id."""
    officer.goto("/patrols/operations/new/")
    officer.select_option("select[name=park]", str(world.park_a.pk))
    officer.fill("input[name=name]", "A园电缆专项守护")
    officer.fill("textarea[name=description]", "新敷设电缆沿线分段守护，夜间不断人。")
    officer.fill("input[name=starts_at]", timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"))
    officer.fill("input[name=hours]", "8")
    officer.fill("textarea[name=geometry]", json.dumps(LINE))
    for name, value in (("min_shift", 2), ("max_shift", 4), ("min_rest", 2), ("max_week_hours", 40),
                        ("time_limit", 10)):
        officer.fill(f"input[name={name}]", str(value))
    assert officer.locator("input[name=swap_needs_officer]").is_checked()
    officer.click("button[type=submit].primary")
    officer.wait_for_url("**/operations/*/segments/")
    pk = int(re.search(r"/operations/(\d+)/", officer.url)[1])

    # Split the line in two (asks first: splitting replaces the segments).
    officer.fill("input[name=split-count]", "2")
    officer.click("button[name=split]")
    officer.wait_for_url(OPERATION)
    operation = GuardOperation.objects.get(pk=pk)
    assert [(s.code, s.need, s.night_need) for s in operation.segments.order_by("code")] == [
        ("S01", 1, 1), ("S02", 1, 1)]
    return operation


def fill_pool(officer, operation, people):
    """Everyone added at once, then where each may stand and when each is free (hours from the start)."""
    officer.click(f"a[href$='/operations/{operation.pk}/pool/']")
    officer.wait_for_url("**/pool/")
    for who, (_segments, _hours) in people.items():
        if isinstance(who, Volunteer):
            officer.check(f"input[name=add-volunteers][value='{who.pk}']")
        else:
            officer.check(f"input[name=add-officers][value='{who.pk}']")
    officer.locator("form:has(input[name=action][value=add]) button.primary").click()
    officer.wait_for_url("**/pool/")
    assert operation.people.count() == len(people)
    for who, (segments, hours) in people.items():
        key = {"volunteer": who} if isinstance(who, Volunteer) else {"user": who}
        person = operation.people.get(**key)
        if segments is None and hours is None:
            continue
        form = officer.locator(f"form:has(input[name=person][value='{person.pk}'])")
        form.locator("input[name=segments]").fill(segments or "")
        form.locator("input[name=available]").fill(hours)
        form.locator("button[type=submit]:not([value=remove])").click()
        officer.wait_for_url("**/pool/")
    return {who: operation.people.get(**({"volunteer": who} if isinstance(who, Volunteer) else {"user": who}))
            for who in people}


def test_volunteer_on_a_phone_confirms_swaps_checks_in_and_out_and_earns_hours(world, as_user, worker, shots):
    start = timezone.now().replace(minute=0, second=0, microsecond=0)  # the operation starts this hour
    v1, v3 = world.volunteer_a1, world.volunteer_a2  # v1 is volunteer_a's account; v3 has none
    v2 = colleague(world)

    # --- the officer, at the desk -------------------------------------------------------------------------
    officer = as_user("officer_a")
    officer_asked = questions(officer)
    operation = build_operation(officer, world, start)
    assert officer_asked == ["confirm"]  # splitting replaces the segments
    # Who is free when, chosen so that one roster is best: v1 on S01 now and again in six hours, v3 on S01 in
    # between, v2 on S02 first and the officer after. v2 is also free for v1's later shift (and rested by
    # then), but over the fair share if given it: a swap the rules allow.
    pool = fill_pool(officer, operation, {
        v1: ("S01", "0-2, 6-8"), v2: (None, None), v3: ("S01", "2-6"), world.officer_a: ("S02", "4-8")})
    officer.goto(f"/patrols/operations/{operation.pk}/")
    assert officer.locator(".roster-grid td.short").count() >= 1  # nothing covered yet

    # Solve: the progress bar while the job runs, then the page reloads with the roster.
    officer.locator(f"form[action$='/operations/{operation.pk}/solve/'] button[type=submit]").click()
    officer.wait_for_url(OPERATION)
    officer.locator("#solve-progress progress").wait_for()
    officer.screenshot(path=str(shots / "operation-solving.png"), full_page=True)
    officer.locator(".roster-grid td.covered .shift").first.wait_for(timeout=60_000)
    assert officer.locator("#solve-progress progress").count() == 0
    operation.refresh_from_db()
    assert operation.status == OperationStatus.ROSTERED and operation.solve_status == "optimal"
    assert operation.uncovered == []
    roster = sorted((s.person_id, s.segment.code, s.start, s.end) for s in operation.shifts.select_related("segment"))
    assert roster == sorted([(pool[v1].pk, "S01", 0, 2), (pool[v3].pk, "S01", 2, 6), (pool[v1].pk, "S01", 6, 8),
                             (pool[v2].pk, "S02", 0, 4), (pool[world.officer_a].pk, "S02", 4, 8)])
    assert officer.locator(".roster-grid td.short").count() == 0
    officer.screenshot(path=str(shots / "operation-rostered.png"), full_page=True)
    now_shift = operation.shifts.get(person=pool[v1], start=0)
    later_shift = operation.shifts.get(person=pool[v1], start=6)

    # --- the volunteer, on the phone ------------------------------------------------------------------------
    phone = as_user("volunteer_a", phone=True)
    asked = questions(phone)
    fits(phone)
    next_shift = phone.locator("main section.card:has(a[href='/patrols/me/'])").inner_text()
    assert operation.name in next_shift and "S01" in next_shift  # the next shift: now, on S01
    assert timezone.localtime(start).strftime("%H:%M") in next_shift
    phone.screenshot(path=str(shots / "volunteer-home.png"), full_page=True)
    phone.locator("main a.button[href='/patrols/me/']").click()
    phone.wait_for_url("**/patrols/me/")
    fits(phone)
    phone.locator(f"form[action$='/shifts/{now_shift.pk}/confirm/'] button[type=submit]").click()
    phone.wait_for_url("**/patrols/me/")
    assert GuardShift.objects.get(pk=now_shift.pk).confirmed_at is not None
    assert phone.locator(f"form[action$='/shifts/{now_shift.pk}/confirm/']").count() == 0

    # A swap the rules refuse: v3 is not free then (and would have no rest).
    phone.locator(f"a[href$='/shifts/{later_shift.pk}/swap/']").click()
    phone.wait_for_url("**/swap/")
    fits(phone)
    phone.select_option("select[name=taker]", str(pool[v3].pk))
    phone.fill("input[name=reason]", "家里有事")
    phone.click("button[type=submit].primary")
    phone.locator(".breaks li").first.wait_for()
    refused = SwapRequest.objects.get(shift=later_shift, taker=pool[v3])
    assert refused.status == SwapStatus.REFUSED and refused.problems
    assert phone.locator(".breaks li").count() == len(refused.problems)
    assert v3.person.full_name in phone.locator(".breaks").inner_text()
    fits(phone)
    phone.screenshot(path=str(shots / "swap-refused.png"), full_page=True)

    # One the rules allow: v2.
    phone.select_option("select[name=taker]", str(pool[v2].pk))
    phone.click("button[type=submit].primary")
    phone.wait_for_url("**/patrols/me/")
    swap = SwapRequest.objects.get(shift=later_shift, taker=pool[v2])
    assert swap.status == SwapStatus.ASKED and swap.problems == []
    assert phone.locator(f"a[href$='/shifts/{later_shift.pk}/swap/']").count() == 0  # asked: no second ask
    fits(phone)

    # The colleague agrees on their phone; the operation wants an officer's approval too.
    other = as_user("volunteer_a3", phone=True)
    other_asked = questions(other)
    other.goto("/patrols/me/")
    fits(other)
    other.locator(f"form[action$='/swaps/{swap.pk}/consent/'] button[type=submit]").click()
    other.wait_for_url("**/patrols/me/")
    swap.refresh_from_db()
    assert swap.status == SwapStatus.CONSENTED and other_asked == ["confirm"]
    other.screenshot(path=str(shots / "colleague-agreed.png"), full_page=True)

    officer.goto(f"/patrols/operations/{operation.pk}/")
    officer.locator(f"form[action$='/swaps/{swap.pk}/decide/'] button[name=approve][value='1']").click()
    officer.wait_for_url(OPERATION)
    swap.refresh_from_db()
    assert swap.status == SwapStatus.ACCEPTED and swap.decided_by == world.officer_a
    assert officer_asked == ["confirm", "confirm"]
    assert GuardShift.objects.get(pk=later_shift.pk).person_id == pool[v2].pk
    assert v2.person.full_name in officer.locator(".roster-grid").inner_text()

    # Back on duty: only the shift under way is v1's now. Check in on the segment with the phone's position.
    at(phone, ON_S01)
    phone.goto("/patrols/me/")
    fits(phone)
    assert phone.locator(f"a[href$='/shifts/{later_shift.pk}/swap/']").count() == 0
    submit_positioned(phone, phone.locator(f"form[action$='/shifts/{now_shift.pk}/check-in/']"))
    phone.wait_for_url("**/patrols/me/")
    check_in = CheckIn.objects.get(shift=now_shift)
    assert check_in.latitude is not None and not check_in.no_position and not check_in.far
    assert check_in.distance_m is not None and check_in.distance_m < 50
    assert phone.locator(".messages li.success").count() == 1

    # A finding on the way, with a photo and the phone's position.
    phone.locator(f"a[href$='/shifts/{now_shift.pk}/finding/']").click()
    phone.wait_for_url("**/finding/")
    fits(phone)
    phone.select_option("select[name=kind]", "hazard")
    phone.fill("textarea[name=description]", "S01 中段电缆井盖破损，已设警示。")
    phone.fill("input[name=location]", "S01 中段")
    phone.set_input_files("input[name=photo]", files=[{"name": "井盖.png", "mimeType": "image/png",
                                                        "buffer": f.PNG_BYTES}])
    submit_positioned(phone, phone.locator("form[data-geolocate]"))
    phone.wait_for_url("**/patrols/me/")
    finding = Finding.objects.get(shift=now_shift)
    assert finding.kind == "hazard" and finding.photo and finding.reported_by == world.volunteer_a
    assert finding.latitude is not None

    # Test arrangement: an hour of duty passes — the operation and the check-in move an hour into the past
    # instead of waiting.
    hour = timedelta(hours=1)
    GuardOperation.objects.filter(pk=operation.pk).update(starts_at=operation.starts_at - hour)
    GuardShift.objects.filter(pk=now_shift.pk).update(checked_in_at=check_in.at - hour)
    CheckIn.objects.filter(pk=check_in.pk).update(at=check_in.at - hour)
    before = Volunteer.objects.get(pk=v1.pk)

    # Check out (asks first); the hours and points come from the check-in and check-out.
    assert asked == []
    phone.reload()
    submit_positioned(phone, phone.locator(f"form[action$='/shifts/{now_shift.pk}/check-out/']"))
    phone.wait_for_url("**/patrols/me/")
    assert asked == ["confirm"]
    shift = GuardShift.objects.select_related("operation").get(pk=now_shift.pk)
    proved = min(shift.checked_out_at, shift.ends_at) - max(shift.checked_in_at, shift.starts_at)
    assert shift.credited_minutes == int(proved.total_seconds() // 60) >= 60
    after = Volunteer.objects.get(pk=v1.pk)
    assert after.service_minutes - before.service_minutes == shift.credited_minutes
    assert after.points > before.points
    assert str(shift.credited_minutes) in phone.locator(".messages li.success").inner_text()
    figures = phone.locator(".my-figures .figure strong")
    assert figures.nth(0).inner_text().strip() == str(after.service_hours)
    assert figures.nth(1).inner_text().strip() == str(after.points)
    fits(phone)
    phone.screenshot(path=str(shots / "my-duty-after-check-out.png"), full_page=True)


def test_volunteer_checks_in_at_a_patrol_checkpoint_on_a_phone(world, as_user, shots):
    patrol, checkpoint = world.patrol_a, world.checkpoint_a  # under way; volunteer_a and officer_a on it
    phone = as_user("volunteer_a", phone=True)
    at(phone, AT_CHECKPOINT)
    phone.goto("/patrols/me/")
    fits(phone)
    phone.locator(f".duty-card a[href$='/patrols/{patrol.pk}/']").click()
    phone.wait_for_url(f"**/patrols/patrols/{patrol.pk}/")
    fits(phone)
    phone.locator(f"a[href$='/patrols/{patrol.pk}/check-in/']").click()
    phone.wait_for_url("**/check-in/")
    fits(phone)
    phone.select_option("select[name=checkpoint]", str(checkpoint.pk))
    form = phone.locator("form#check-in-form")
    submit_positioned(phone, form)
    phone.wait_for_url(f"**/patrols/patrols/{patrol.pk}/")
    check_in = CheckIn.objects.filter(patrol=patrol, checkpoint=checkpoint).latest("at")
    assert check_in.user == world.volunteer_a and check_in.volunteer_id == world.volunteer_a1.pk
    assert not check_in.no_position and not check_in.far and check_in.distance_m is not None
    assert check_in.distance_m < 20 and check_in.accuracy_m == AT_CHECKPOINT["accuracy"]
    assert phone.locator(".messages li.success").count() == 1
    assert phone.locator("tr.overdue-row").count() == 0  # neither check-in far or without a position
    fits(phone)
    phone.screenshot(path=str(shots / "patrol-checked-in.png"), full_page=True)
