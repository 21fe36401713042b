"""The volunteer's own page on a phone: next shifts, confirm, check in and out with or without a position (hours
credited from the check-ins), swaps asked and answered (a swap the rules refuse shows what it would break), findings
with a photo, weekly availability; only the volunteer reaches it (everyone else: 404, nothing changed); query
counts that do not grow with rows; the home page's next shift."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from jingqi.core.models import AuditEvent
from jingqi.core.testing.factories import png_upload
from jingqi.patrols import services
from jingqi.patrols.models import CheckIn, Finding, GuardShift, SwapRequest, Volunteer

from .test_pages_guard import count, field_error, guard_world

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"patrols:{name}", args=args)


def test_my_duty_lists_next_shifts_with_their_actions_and_fits_a_phone(world, client_for):
    g = guard_world(world)
    content = client_for(world.volunteer_a).get(url("my_duty")).content.decode()
    assert 'name="viewport"' in content and "jingqi/check_in.js" in content
    assert url("shift_confirm", g.now_shift.pk) in content
    assert url("shift_check_in", g.now_shift.pk) in content and "data-geolocate" in content
    assert url("swap_ask", g.later_shift.pk) in content
    assert url("swap_ask", g.now_shift.pk) not in content  # it has started
    assert "<script>" not in content and "style=" not in content  # CSP: nothing inline


def test_confirm_then_check_in_and_out_credits_the_hours(world, client_for):
    hour_ago = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    g = guard_world(world, starts_at=hour_ago)
    client = client_for(world.volunteer_a)
    assert client.post(url("shift_confirm", g.now_shift.pk)).status_code == 302
    assert GuardShift.objects.get(pk=g.now_shift.pk).confirmed_at is not None
    response = client.post(url("shift_check_in", g.now_shift.pk), {
        "latitude": "29.6000001", "longitude": "120.8010004", "accuracy": "12"}, follow=True)
    assert response.status_code == 200
    check_in = CheckIn.objects.get(shift=g.now_shift)
    assert check_in.latitude is not None and not check_in.no_position
    shift = GuardShift.objects.get(pk=g.now_shift.pk)
    GuardShift.objects.filter(pk=shift.pk).update(checked_in_at=shift.starts_at)  # arrived at the start
    response = client.post(url("shift_check_out", g.now_shift.pk), {"latitude": "", "longitude": ""}, follow=True)
    shift = GuardShift.objects.get(pk=g.now_shift.pk)
    assert shift.checked_out_at is not None and shift.credited_minutes > 0
    assert Volunteer.objects.get(pk=g.v1.pk).service_minutes == shift.credited_minutes


def test_a_check_in_without_position_is_recorded_as_such(world, client_for):
    g = guard_world(world)
    response = client_for(world.volunteer_a).post(url("shift_check_in", g.now_shift.pk), {}, follow=True)
    assert response.status_code == 200
    assert CheckIn.objects.get(shift=g.now_shift).no_position


def test_a_check_in_long_before_the_shift_is_refused_and_records_nothing(world, client_for):
    g = guard_world(world)
    response = client_for(world.volunteer_a).post(url("shift_check_in", g.later_shift.pk), {}, follow=True)
    assert gettext("Check in during the shift (from an hour before it starts).") in response.content.decode()
    assert not CheckIn.objects.filter(shift=g.later_shift).exists()


def test_a_swap_the_rules_refuse_shows_what_it_would_break(world, client_for):
    g = guard_world(world)
    # The colleague already stands S02 at the same hours: taking S01 too would overlap.
    response = client_for(world.volunteer_a).post(url("swap_ask", g.later_shift.pk), {"taker": g.p2.pk})
    assert response.status_code == 200
    content = response.content.decode()
    swap = SwapRequest.objects.get(shift=g.later_shift)
    assert swap.status == "refused" and swap.problems
    assert 'class="breaks"' in content and swap.problems[0][:20] in content
    assert GuardShift.objects.get(pk=g.later_shift.pk).person_id == g.p1.pk


def test_a_swap_asked_consented_and_made_without_an_officer(world, client_for):
    g = guard_world(world, swap_needs_officer=False)
    GuardShift.objects.filter(pk=g.v2_shift.pk).delete()  # the colleague is free
    me = client_for(world.volunteer_a)
    assert me.post(url("swap_ask", g.later_shift.pk), {"taker": g.p2.pk, "reason": "家里有事"}).status_code == 302
    swap = SwapRequest.objects.get(shift=g.later_shift)
    assert swap.status == "asked"
    colleague = client_for(g.user2)
    page = colleague.get(url("my_duty")).content.decode()
    assert url("swap_action", swap.pk, "consent") in page and "家里有事" in page
    assert colleague.post(url("swap_action", swap.pk, "consent")).status_code == 302
    assert SwapRequest.objects.get(pk=swap.pk).status == "accepted"
    assert GuardShift.objects.get(pk=g.later_shift.pk).person_id == g.p2.pk


def test_a_swap_can_be_declined_or_withdrawn(world, client_for):
    g = guard_world(world)
    GuardShift.objects.filter(pk=g.v2_shift.pk).delete()
    me, colleague = client_for(world.volunteer_a), client_for(g.user2)
    me.post(url("swap_ask", g.later_shift.pk), {"taker": g.p2.pk})
    swap = SwapRequest.objects.get(shift=g.later_shift)
    # The requester cannot answer their own request; nothing changes.
    me.post(url("swap_action", swap.pk, "consent"))
    assert SwapRequest.objects.get(pk=swap.pk).status == "asked"
    assert colleague.post(url("swap_action", swap.pk, "decline")).status_code == 302
    assert SwapRequest.objects.get(pk=swap.pk).status == "declined"
    me.post(url("swap_ask", g.later_shift.pk), {"taker": g.p2.pk})
    second = SwapRequest.objects.filter(shift=g.later_shift).latest("pk")
    assert me.post(url("swap_action", second.pk, "withdraw")).status_code == 302
    assert SwapRequest.objects.get(pk=second.pk).status == "withdrawn"


def test_swap_without_a_colleague_is_refused_beside_the_field(world, client_for):
    g = guard_world(world)
    response = client_for(world.volunteer_a).post(url("swap_ask", g.later_shift.pk), {"taker": ""})
    assert response.status_code == 400 and field_error(response.content.decode(), "taker")
    assert not SwapRequest.objects.exists()


def test_report_a_finding_with_a_photo(world, client_for):
    g = guard_world(world)
    client = client_for(world.volunteer_a)
    services.do_shift_check_in(world.volunteer_a, g.now_shift)
    response = client.post(url("shift_finding", g.now_shift.pk), {"kind": "", "description": ""})
    assert response.status_code == 400 and field_error(response.content.decode(), "description")
    assert not Finding.objects.exists()
    response = client.post(url("shift_finding", g.now_shift.pk), {
        "kind": "hazard", "description": "电缆井盖破损", "location": "S01 中段", "photo": png_upload("井盖.png")})
    assert response.status_code == 302
    finding = Finding.objects.get(shift=g.now_shift)
    assert finding.photo and finding.reported_by == world.volunteer_a


def test_weekly_availability_and_exceptions(world, client_for):
    g = guard_world(world)
    client = client_for(world.volunteer_a)
    response = client.post(url("my_availability"), {"action": "windows", "w0-weekday": "0", "w0-start": "18:00",
                                                    "w0-end": "23:00", "w1-weekday": "5", "w1-start": "",
                                                    "w1-end": "12:00"})
    assert response.status_code == 400 and field_error(response.content.decode(), "w1-start")
    assert g.v1.windows.count() == 7  # unchanged
    response = client.post(url("my_availability"), {"action": "windows", "w0-weekday": "0", "w0-start": "18:00",
                                                    "w0-end": "23:00"})
    assert response.status_code == 302
    assert list(g.v1.windows.values_list("weekday", flat=True)) == [0]
    start = timezone.localtime() + timedelta(days=3)
    response = client.post(url("my_availability"), {"action": "exception",
                                                    "x-starts_at": start.strftime("%Y-%m-%dT%H:00"),
                                                    "x-ends_at": start.strftime("%Y-%m-%dT%H:00"),
                                                    "x-note": "出差"})
    assert response.status_code == 400 and field_error(response.content.decode(), "x-ends_at")
    response = client.post(url("my_availability"), {"action": "exception",
                                                    "x-starts_at": start.strftime("%Y-%m-%dT%H:00"),
                                                    "x-ends_at": (start + timedelta(days=1)).strftime("%Y-%m-%dT%H:00"),
                                                    "x-note": "出差"})
    assert response.status_code == 302
    exception = g.v1.exceptions.get()
    assert client.post(url("my_availability"), {"action": "remove", "exception": exception.pk}).status_code == 302
    assert not g.v1.exceptions.exists()


def test_the_volunteer_home_shows_the_next_shift_and_my_duty(world, client_for):
    g = guard_world(world)
    content = client_for(world.volunteer_a).get(reverse("home")).content.decode()
    assert url("my_duty") in content and g.now_shift.segment.code in content and g.op.name in content


# --- denial -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["officer_a", "supervisor", "liaison_a", "dept_transport", "viewer"])
def test_other_personas_cannot_reach_the_volunteer_pages_and_change_nothing(world, client_for, persona):
    g = guard_world(world)
    client = client_for(world.personas[persona])
    swap = services.do_ask_swap(world.volunteer_a, g.later_shift, taker=g.officer)
    events = AuditEvent.objects.count()
    for name in ("my_duty", "my_availability"):
        assert client.get(url(name)).status_code == 404, name
    for name in ("shift_confirm", "shift_check_in", "shift_check_out"):
        assert client.post(url(name, g.now_shift.pk)).status_code == 404, name
    for name in ("shift_finding", "swap_ask"):
        assert client.get(url(name, g.later_shift.pk)).status_code == 404, name
    assert client.post(url("swap_ask", g.later_shift.pk), {"taker": g.p2.pk}).status_code == 404
    assert client.post(url("swap_action", swap.pk, "withdraw")).status_code == 404
    assert client.post(url("my_availability"), {"action": "windows", "w0-weekday": "0", "w0-start": "01:00",
                                                "w0-end": "02:00"}).status_code == 404
    assert AuditEvent.objects.count() == events
    assert SwapRequest.objects.get(pk=swap.pk).status == "asked"
    assert GuardShift.objects.get(pk=g.now_shift.pk).confirmed_at is None
    assert g.v1.windows.count() == 7


def test_a_colleague_cannot_act_on_my_shift(world, client_for):
    g = guard_world(world)
    colleague = client_for(g.user2)
    assert colleague.post(url("shift_confirm", g.now_shift.pk)).status_code == 404
    assert colleague.post(url("shift_check_in", g.now_shift.pk)).status_code == 404
    assert colleague.get(url("swap_ask", g.later_shift.pk)).status_code == 404
    assert GuardShift.objects.get(pk=g.now_shift.pk).confirmed_at is None
    assert not CheckIn.objects.exists()


# --- queries do not grow with rows ----------------------------------------------------------------------------


def test_my_duty_query_count_does_not_grow_with_rows(world, client_for):
    g = guard_world(world, hours=24 * 7)
    client = client_for(world.volunteer_a)
    few = count(client, url("my_duty"))
    for n in range(4):
        services.do_add_shift(world.officer_a, g.op, person=g.p1, segment=g.op.segments.get(code="S02"),
                              start=48 + n * 24, end=52 + n * 24, confirm=True)
    services.do_ask_swap(world.volunteer_a, g.later_shift, taker=g.officer)
    services.do_recognise(world.officer_a, g.v1, kind="commendation", title="优秀义警",
                          awarded_on=timezone.localdate())
    page = client.get(url("my_duty")).content.decode()
    assert len(re.findall(r'class="duty-card', page)) >= 6
    assert count(client, url("my_duty")) == few
