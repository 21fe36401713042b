"""The outreach services, the spec: a test per transition, per permission rule and per bad input; each refusal
leaves everything as it was."""

from datetime import datetime, time, timedelta

import pytest
from django.forms.models import model_to_dict
from django.http import Http404
from django.utils import timezone

from jingqi.accounts.choices import Role
from jingqi.cases import services_outreach as services
from jingqi.cases.models import OutreachAttendance, OutreachEvent, OutreachMaterial
from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.models import AuditEvent, Notification
from jingqi.core.testing import factories as f
from jingqi.registry import services as registry

pytestmark = pytest.mark.django_db


def next_weekday(weekday: int, weeks: int = 1):
    """A day of the given weekday (0 Monday) some weeks ahead that is a working day (or, for 5-6, a weekend)."""
    from jingqi.core.workcalendar import WorkCalendar

    day = timezone.localdate() + timedelta(days=7 * weeks)
    calendar = WorkCalendar()
    while day.weekday() != weekday or calendar.is_workday(day) != (weekday < 5):
        day += timedelta(days=1)
    return day


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def fields(day=None, start=(19, 0), end=(20, 30), **overrides):
    day = day or next_weekday(2)
    return {"topic": "anti_fraud", "title": "防范电信网络诈骗讲座", "starts_at": at(day, *start),
            "ends_at": at(day, *end), "place": "园区职工之家", "speaker": "反诈中心民警",
            "materials": "宣传折页 300 份", **overrides}


def plan(world, actor=None, *, park=None, enterprises=None, **data):
    actor = actor or world.officer_a
    return services.do_plan_outreach(actor, park=park or world.park_a, data=fields(**data),
                                     enterprises=[world.enterprise_a] if enterprises is None else enterprises)


def past_event(world, actor=None, enterprises=None):
    day = timezone.localdate() - timedelta(days=2)
    return plan(world, actor, enterprises=enterprises, day=day)


def state(event):
    event = OutreachEvent.objects.get(pk=event.pk)
    rows = list(OutreachAttendance.objects.filter(event=event).order_by("pk").values())
    return model_to_dict(event), rows, AuditEvent.objects.count(), OutreachMaterial.objects.count()


# --- planning --------------------------------------------------------------------------------------------------


def test_officer_plans_an_evening_talk_in_their_park_and_its_invitation_is_outside_production_hours(world):
    event = plan(world)
    assert (event.station, event.park, event.status, event.organiser) == (
        world.station, world.park_a, "planned", world.officer_a)
    row = event.attendance.get()
    assert (row.enterprise, row.attendees, row.outside_hours) == (world.enterprise_a, None, True)
    entry = AuditEvent.objects.filter(action="outreach.plan").last()
    assert entry.object_id == str(event.pk) and entry.changes["invited"] == [world.enterprise_a.pk]


def test_a_talk_in_working_hours_on_a_working_day_is_flagged_during_production_hours(world):
    event = plan(world, start=(9, 0), end=(10, 0))
    assert event.attendance.get().outside_hours is False


def test_a_daytime_talk_on_a_saturday_is_outside_production_hours(world):
    event = plan(world, day=next_weekday(5), start=(9, 0), end=(10, 0))
    assert event.attendance.get().outside_hours is True


def test_the_stations_hours_stand_for_the_enterprises_production_hours(world):
    world.station.business_hours = "07:00-21:00"
    world.station.save()
    event = plan(world)  # 19:00-20:30, inside a long day
    assert event.attendance.get().outside_hours is False


def test_an_enterprise_working_night_shifts_has_the_evening_talk_in_its_production_hours(world):
    registry.do_update_enterprise(world.officer_a, world.enterprise_a, {"production_hours": "08:00-12:00，18:00-24:00"},
                                  expected_version=world.enterprise_a.version)
    second = f.EnterpriseFactory(park=world.park_a, name="A园白班企业")
    event = plan(world, enterprises=[world.enterprise_a, second])  # 19:00-20:30 on a working day
    flags = dict(event.attendance.values_list("enterprise", "outside_hours"))
    assert flags == {world.enterprise_a.pk: False, second.pk: True}


def test_changing_production_hours_flags_the_next_events_not_the_past_ones(world):
    event = plan(world)
    registry.do_update_enterprise(world.officer_a, world.enterprise_a, {"production_hours": "00:00-24:00"},
                                  expected_version=world.enterprise_a.version)
    assert event.attendance.get().outside_hours is True
    assert plan(world).attendance.get().outside_hours is False


def test_supervisor_and_auxiliary_plan_events_too(world):
    assert plan(world, world.supervisor, park=world.park_b, enterprises=[world.enterprise_b]).park == world.park_b
    assert plan(world, world.auxiliary_a).organiser == world.auxiliary_a


def test_inviting_all_enterprises_of_the_park_invites_every_operating_one(world):
    second = f.EnterpriseFactory(park=world.park_a, name="A园第二家")
    f.EnterpriseFactory(park=world.park_a, name="A园已注销", status="closed")
    f.EnterpriseFactory(park=world.park_b, name="B园另一家")
    event = services.do_plan_outreach(world.officer_a, park=world.park_a, data=fields(), all_enterprises=True)
    assert set(event.attendance.values_list("enterprise", flat=True)) == {world.enterprise_a.pk, second.pk}


def test_liaisons_of_invited_enterprises_are_told_without_personal_data(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event = plan(world)
    notice = Notification.objects.get(user=world.liaison_a, verb="outreach.invited")
    assert event.title in notice.title and notice.url.endswith(f"/{event.pk}/")
    text = notice.title + notice.body
    assert world.officer_a.full_name not in text and world.officer_a.username not in text
    assert not Notification.objects.filter(user=world.liaison_b, verb="outreach.invited").exists()


@pytest.mark.parametrize("who", ["liaison_a", "dept_transport", "volunteer_a", "viewer"])
def test_only_the_police_plan_events(world, who):
    with pytest.raises(PermissionDenied):
        plan(world, getattr(world, who))
    assert not OutreachEvent.objects.exists()


def test_officer_cannot_plan_in_another_offices_park(world):
    with pytest.raises(ActionError) as refused:
        plan(world, world.officer_a, park=world.park_b, enterprises=[world.enterprise_b])
    assert refused.value.field == "park"
    assert not OutreachEvent.objects.exists()


def test_supervisor_cannot_plan_in_another_stations_park(world):
    with pytest.raises(ActionError) as refused:
        plan(world, world.supervisor, park=world.park_t, enterprises=[])
    assert refused.value.field == "park"


@pytest.mark.parametrize("other", ["enterprise_b", "enterprise_t"])
def test_an_enterprise_of_another_park_or_out_of_sight_is_refused_and_nothing_is_planned(world, other):
    with pytest.raises(ActionError) as refused:
        plan(world, enterprises=[world.enterprise_a, getattr(world, other)])
    assert refused.value.field == "enterprises"
    assert not OutreachEvent.objects.exists() and not AuditEvent.objects.filter(action="outreach.plan").exists()


@pytest.mark.parametrize(("data", "field"), [
    ({"start": (20, 0), "end": (19, 0)}, "ends_at"),
    ({"start": (19, 0), "end": (19, 0)}, "ends_at"),
    ({"topic": "gossip"}, "topic"),
    ({"title": "  "}, "title"),
    ({"title": "讲" * 121}, "title"),
    ({"place": ""}, "place"),
    ({"starts_at": "not a time"}, "starts_at"),
])
def test_bad_input_is_refused_beside_its_field_and_nothing_is_planned(world, data, field):
    with pytest.raises(ActionError) as refused:
        plan(world, **data)
    assert refused.value.field == field
    assert not OutreachEvent.objects.exists()


def test_an_event_longer_than_a_day_is_refused(world):
    day = next_weekday(2)
    with pytest.raises(ActionError) as refused:
        services.do_plan_outreach(world.officer_a, park=world.park_a, enterprises=[],
                                  data=fields(starts_at=at(day, 9), ends_at=at(day + timedelta(days=2), 9)))
    assert refused.value.field == "ends_at"


# --- editing ---------------------------------------------------------------------------------------------------


def test_editing_a_planned_event_moves_it_and_flags_the_invitations_again(world, django_capture_on_commit_callbacks):
    event = plan(world)
    assert event.attendance.get().outside_hours is True
    with django_capture_on_commit_callbacks(execute=True):
        services.do_update_outreach(world.officer_a, event, data=fields(start=(10, 0), end=(11, 0), title="改到上午"),
                                    expected_version=event.version)
    event.refresh_from_db()
    assert (event.title, event.version, timezone.localtime(event.starts_at).hour) == ("改到上午", 2, 10)
    assert event.attendance.get().outside_hours is False
    assert AuditEvent.objects.filter(action="outreach.update").last().changes["title"][1] == "改到上午"
    assert Notification.objects.filter(user=world.liaison_a, verb="outreach.moved").exists()


def test_editing_with_a_stale_version_is_refused_and_changes_nothing(world):
    event = plan(world)
    before = state(event)
    with pytest.raises(ActionError) as refused:
        services.do_update_outreach(world.officer_a, event, data=fields(title="晚了"), expected_version=0)
    assert refused.value.code == "stale"
    assert state(event) == before


def test_a_held_event_cannot_be_edited(world):
    event = past_event(world)
    services.do_hold_outreach(world.officer_a, event, attendance={world.enterprise_a.pk: 5})
    before = state(event)
    with pytest.raises(ActionError) as refused:
        services.do_update_outreach(world.officer_a, event, data=fields(title="改"))
    assert refused.value.code == "illegal_transition"
    assert state(event) == before


@pytest.mark.parametrize("who", ["officer_b", "liaison_a", "supervisor_t", "volunteer_a"])
def test_someone_outside_the_events_park_cannot_edit_it_and_sees_a_404(world, who):
    event = plan(world)
    before = state(event)
    with pytest.raises(Http404):
        services.do_update_outreach(getattr(world, who), event, data=fields(title="越权"))
    assert state(event) == before


# --- inviting ----------------------------------------------------------------------------------------------------


def test_inviting_more_enterprises_tells_only_the_new_ones(world, django_capture_on_commit_callbacks):
    event = plan(world)
    second = f.EnterpriseFactory(park=world.park_a)
    liaison = f.UserFactory(role=Role.LIAISON, enterprise=second)
    with django_capture_on_commit_callbacks(execute=True):
        rows = services.do_invite_enterprises(world.officer_a, event, all_enterprises=True,
                                              expected_version=event.version)
    assert [r.enterprise for r in rows] == [second] and rows[0].outside_hours is True
    assert Notification.objects.filter(user=liaison, verb="outreach.invited").count() == 1
    # Enterprise a's liaison was told once, when the event was planned, not again.
    assert Notification.objects.filter(user=world.liaison_a, verb="outreach.invited").count() == 1
    assert OutreachEvent.objects.get(pk=event.pk).version == 2


def test_inviting_enterprises_invited_already_is_refused(world):
    event = plan(world)
    before = state(event)
    with pytest.raises(ActionError) as refused:
        services.do_invite_enterprises(world.officer_a, event, enterprises=[world.enterprise_a])
    assert refused.value.field == "enterprises"
    assert state(event) == before


def test_inviting_an_enterprise_out_of_sight_is_refused(world):
    event = plan(world, world.supervisor)
    before = state(event)
    with pytest.raises(ActionError):
        services.do_invite_enterprises(world.supervisor, event, enterprises=[world.enterprise_t])
    assert state(event) == before


def test_a_cancelled_event_takes_no_more_enterprises(world):
    event = plan(world, enterprises=[])
    services.do_cancel_outreach(world.officer_a, event, reason="场地冲突")
    with pytest.raises(ActionError) as refused:
        services.do_invite_enterprises(world.officer_a, event, enterprises=[world.enterprise_a])
    assert refused.value.code == "illegal_transition"
    assert not OutreachAttendance.objects.filter(event=event).exists()


# --- holding, attendance -------------------------------------------------------------------------------------------


def test_recording_an_event_held_keeps_the_attendance_total(world):
    second = f.EnterpriseFactory(park=world.park_a)
    event = past_event(world, enterprises=[world.enterprise_a, second])
    services.do_hold_outreach(world.officer_a, event, attendance={world.enterprise_a.pk: 30, second.pk: 0},
                              summary="讲解了冒充客服退款诈骗。", expected_version=event.version)
    event.refresh_from_db()
    assert (event.status, event.attendance_total, event.summary) == ("held", 30, "讲解了冒充客服退款诈骗。")
    assert dict(event.attendance.values_list("enterprise", "attendees")) == {world.enterprise_a.pk: 30, second.pk: 0}
    assert AuditEvent.objects.filter(action="outreach.hold").last().changes["status"] == ["planned", "held"]


def test_correcting_attendance_after_the_event_changes_the_total(world):
    event = past_event(world)
    services.do_hold_outreach(world.officer_a, event, attendance={world.enterprise_a.pk: 30})
    services.do_record_attendance(world.officer_a, event, attendance={world.enterprise_a.pk: 42})
    event.refresh_from_db()
    assert (event.attendance_total, event.version) == (42, 3)
    assert AuditEvent.objects.filter(action="outreach.attendance").last().changes["attendees"] == {
        str(world.enterprise_a.pk): [30, 42]}


@pytest.mark.parametrize("numbers", [{}, {"a": -1}, {"a": "many"}, {"a": 5, "b": 3}, {"x": 1}])
def test_attendance_must_be_a_number_of_zero_or_more_for_each_invited_enterprise(world, numbers):
    event = past_event(world)
    keys = {"a": world.enterprise_a.pk, "b": world.enterprise_b.pk, "x": "x"}
    before = state(event)
    with pytest.raises(ActionError):
        services.do_hold_outreach(world.officer_a, event, attendance={keys[k]: v for k, v in numbers.items()})
    assert state(event) == before


def test_an_event_with_no_enterprise_invited_cannot_be_held(world):
    event = past_event(world, enterprises=[])
    with pytest.raises(ActionError) as refused:
        services.do_hold_outreach(world.officer_a, event, attendance={})
    assert refused.value.field == "attendance"


def test_an_event_that_has_not_started_cannot_be_recorded_as_held(world):
    event = plan(world)
    before = state(event)
    with pytest.raises(ActionError) as refused:
        services.do_hold_outreach(world.officer_a, event, attendance={world.enterprise_a.pk: 3})
    assert refused.value.code == "not_yet"
    assert state(event) == before


def test_attendance_of_a_planned_event_is_recorded_by_holding_it_not_by_correction(world):
    event = past_event(world)
    with pytest.raises(ActionError) as refused:
        services.do_record_attendance(world.officer_a, event, attendance={world.enterprise_a.pk: 3})
    assert refused.value.code == "illegal_transition"


def test_a_held_event_cannot_be_held_again(world):
    event = past_event(world)
    services.do_hold_outreach(world.officer_a, event, attendance={world.enterprise_a.pk: 3})
    with pytest.raises(ActionError):
        services.do_hold_outreach(world.officer_a, event, attendance={world.enterprise_a.pk: 9})
    assert OutreachEvent.objects.get(pk=event.pk).attendance_total == 3


def test_a_liaison_cannot_record_attendance_and_sees_a_404(world):
    event = past_event(world)
    before = state(event)
    with pytest.raises(Http404):
        services.do_hold_outreach(world.liaison_a, event, attendance={world.enterprise_a.pk: 300})
    assert state(event) == before


# --- cancelling ---------------------------------------------------------------------------------------------------


def test_cancelling_audits_the_reason_and_tells_the_invited_liaisons(world, django_capture_on_commit_callbacks):
    event = plan(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.do_cancel_outreach(world.officer_a, event, reason="台风预警", expected_version=event.version)
    event.refresh_from_db()
    assert event.status == "cancelled"
    entry = AuditEvent.objects.filter(action="outreach.cancel").last()
    assert entry.changes["reason"] == "台风预警" and entry.changes["status"] == ["planned", "cancelled"]
    assert Notification.objects.filter(user=world.liaison_a, verb="outreach.cancelled").exists()


def test_cancelling_needs_a_reason(world):
    event = plan(world)
    before = state(event)
    with pytest.raises(ActionError) as refused:
        services.do_cancel_outreach(world.officer_a, event, reason="  ")
    assert refused.value.field == "reason"
    assert state(event) == before


def test_a_held_event_cannot_be_cancelled(world):
    event = past_event(world)
    services.do_hold_outreach(world.officer_a, event, attendance={world.enterprise_a.pk: 3})
    before = state(event)
    with pytest.raises(ActionError):
        services.do_cancel_outreach(world.officer_a, event, reason="误操作")
    assert state(event) == before


def test_cancelling_with_a_stale_version_is_refused(world):
    event = plan(world)
    before = state(event)
    with pytest.raises(ActionError) as refused:
        services.do_cancel_outreach(world.officer_a, event, reason="改期", expected_version=event.version + 1)
    assert refused.value.code == "stale"
    assert state(event) == before


# --- files --------------------------------------------------------------------------------------------------------


def test_a_picture_is_attached_with_its_sniffed_type(world):
    event = plan(world)
    material = services.do_attach_outreach_material(world.officer_a, event, upload=f.png_upload("签到表.png"))
    assert (material.content_type, material.original_name, material.event) == ("image/png", "签到表.png", event)
    assert AuditEvent.objects.filter(action="outreach.attach").exists()


def test_a_file_whose_content_does_not_match_its_name_is_refused(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    event = plan(world)
    before = state(event)
    with pytest.raises(ActionError) as refused:
        services.do_attach_outreach_material(world.officer_a, event,
                                             upload=SimpleUploadedFile("课件.pdf", b"MZ\x90\x00not a pdf"))
    assert refused.value.field == "file"
    assert state(event) == before


def test_a_cancelled_event_takes_no_files(world):
    event = plan(world)
    services.do_cancel_outreach(world.officer_a, event, reason="取消")
    with pytest.raises(ActionError):
        services.do_attach_outreach_material(world.officer_a, event, upload=f.png_upload())
    assert not OutreachMaterial.objects.exists()


# --- who sees what ---------------------------------------------------------------------------------------------------


def test_a_liaison_sees_the_events_its_enterprise_was_invited_to_and_only_its_own_attendance(world):
    shared = plan(world, world.supervisor, park=world.park_a, enterprises=[world.enterprise_a])
    other = plan(world, world.supervisor, park=world.park_b, enterprises=[world.enterprise_b])
    assert set(OutreachEvent.objects.visible_to(world.liaison_a)) == {shared}
    assert set(OutreachEvent.objects.visible_to(world.liaison_b)) == {other}
    second = f.EnterpriseFactory(park=world.park_a)
    services.do_invite_enterprises(world.supervisor, shared, enterprises=[second])
    assert [r.enterprise for r in OutreachAttendance.objects.visible_to(world.liaison_a)] == [world.enterprise_a]


def test_officers_see_their_offices_events_and_the_supervisor_the_stations(world):
    a = plan(world)
    b = plan(world, world.officer_b, park=world.park_b, enterprises=[world.enterprise_b])
    assert set(OutreachEvent.objects.visible_to(world.officer_a)) == {a}
    assert set(OutreachEvent.objects.visible_to(world.supervisor)) == {a, b}
    assert not OutreachEvent.objects.visible_to(world.supervisor_t).exists()
    assert not OutreachEvent.objects.visible_to(world.viewer).exists()
