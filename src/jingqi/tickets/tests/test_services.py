"""The request lifecycle: every transition, every permission rule, every bad input."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.http import Http404
from django.utils import timezone

from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.models import AuditEvent, Notification
from jingqi.core.testing import factories as f
from jingqi.tickets import selectors, services
from jingqi.tickets.choices import Status, TaskStatus
from jingqi.tickets.models import Ticket, TicketEvent, TicketTask

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.do_submit_ticket(
            world.liaison_a, enterprise=world.enterprise_a, channel="portal", service_item=world.item_oversize,
            title="大件设备无法通过园区桥梁", description="一台 86 吨的压机需运入厂区，园区桥梁限重 40 吨。")


@pytest.fixture
def transport_b(world):
    return f.DepartmentFactory(station=world.station, code="D-RD", name="公路事业发展中心")


def whistled(world, ticket, departments):
    services.do_accept_ticket(world.officer_a, ticket)
    return services.do_whistle(world.officer_a, ticket, departments=departments, note="请协调通行方案")


class TestSubmit:
    def test_liaison_submits_for_own_enterprise_with_deadlines_and_timeline(self, world, submitted):
        assert submitted.status == Status.SUBMITTED and submitted.station == world.station
        assert submitted.reference.startswith("S-")
        assert submitted.response_due_at > submitted.submitted_at
        assert submitted.resolution_due_at > submitted.response_due_at
        assert [e.kind for e in submitted.events.all()] == ["submitted"]
        assert AuditEvent.objects.filter(action="ticket.submit", object_id=str(submitted.pk)).exists()

    def test_police_are_notified_of_a_new_request(self, world, submitted):
        assert Notification.objects.filter(user=world.officer_a, verb="ticket.submitted").exists()
        assert not Notification.objects.filter(user=world.officer_b, title__contains=submitted.reference).exists()

    def test_liaison_cannot_submit_for_another_enterprise(self, world):
        with pytest.raises(PermissionDenied):
            services.do_submit_ticket(world.liaison_a, enterprise=world.enterprise_b, channel="portal", title="x",
                                      description="y", kind="consultation")
        assert not Ticket.objects.filter(title="x").exists()

    def test_officer_records_a_phone_request_on_behalf_of_an_enterprise(self, world):
        ticket = services.do_submit_ticket(world.officer_a, enterprise=world.enterprise_a, channel="phone",
                                           title="咨询", description="员工落户", service_item=world.item_consult)
        assert ticket.submitted_by == world.officer_a and ticket.kind == "consultation"

    @pytest.mark.parametrize(("persona", "channel"), [("liaison_a", "phone"), ("officer_a", "portal")])
    def test_channel_must_fit_who_records_it(self, world, persona, channel):
        with pytest.raises(ActionError) as exc:
            services.do_submit_ticket(world.personas[persona], enterprise=world.enterprise_a, channel=channel,
                                      title="x", description="y", kind="consultation")
        assert exc.value.field == "channel" and not Ticket.objects.filter(title="x").exists()

    @pytest.mark.parametrize(("kwargs", "field"), [
        ({"title": " "}, "title"), ({"description": ""}, "description"), ({"description": "长" * 4001}, "description"),
        ({"kind": "gossip"}, "kind"),
    ])
    def test_bad_input_creates_nothing(self, world, kwargs, field):
        args = {"title": "标题", "description": "内容", "kind": "consultation", **kwargs}
        tickets, events = Ticket.objects.count(), TicketEvent.objects.count()
        with pytest.raises(ActionError) as exc:
            services.do_submit_ticket(world.liaison_a, enterprise=world.enterprise_a, channel="portal", **args)
        assert exc.value.field == field
        assert Ticket.objects.count() == tickets and TicketEvent.objects.count() == events

    def test_retired_item_is_refused(self, world):
        with pytest.raises(ActionError):
            services.do_submit_ticket(world.liaison_a, enterprise=world.enterprise_a, channel="portal", title="x",
                                      description="y", service_item=world.item_retired)

    @pytest.mark.parametrize("persona", ["dept_transport", "volunteer_a", "viewer", "officer_b"])
    def test_others_cannot_submit(self, world, persona):
        with pytest.raises((PermissionDenied, Http404)):
            services.do_submit_ticket(world.personas[persona], enterprise=world.enterprise_a, channel="phone",
                                      title="x", description="y", kind="consultation")

    def test_duplicate_warning_finds_the_open_request_for_the_same_item(self, world, submitted):
        found = selectors.open_duplicates(world.liaison_a, world.enterprise_a, world.item_oversize)
        assert set(found) == {submitted, world.ticket_a}
        assert not selectors.open_duplicates(world.liaison_a, world.enterprise_a, world.item_consult).exists()
        assert not selectors.open_duplicates(world.liaison_b, world.enterprise_a, world.item_oversize).exists()

    def test_request_filed_on_2026_12_28_has_an_estimated_2027_deadline(self, world):
        from zoneinfo import ZoneInfo

        filed = timezone.datetime(2026, 12, 28, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
        ticket = services.do_submit_ticket(world.liaison_a, enterprise=world.enterprise_a, channel="portal",
                                           title="年底诉求", description="跨年", service_item=world.item_oversize,
                                           submitted_at=filed)
        assert timezone.localtime(ticket.resolution_due_at).year == 2027 and ticket.deadline_estimated

    def test_2027_schedule_entered_by_an_administrator_removes_the_warning(self, world):
        from zoneinfo import ZoneInfo

        from jingqi.core.models import CalendarDay

        CalendarDay.objects.create(date=timezone.datetime(2027, 1, 1).date(), kind="holiday", name="元旦")
        filed = timezone.datetime(2026, 12, 28, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
        ticket = services.do_submit_ticket(world.liaison_a, enterprise=world.enterprise_a, channel="portal",
                                           title="年底诉求", description="跨年", service_item=world.item_oversize,
                                           submitted_at=filed)
        assert not ticket.deadline_estimated


class TestHandling:
    def test_accept_sets_first_response_and_handler(self, world, submitted):
        ticket = services.do_accept_ticket(world.officer_a, submitted)
        assert ticket.status == Status.ACCEPTED and ticket.first_response_at and ticket.handler == world.officer_a

    def test_accepting_twice_is_an_illegal_transition(self, world, submitted):
        services.do_accept_ticket(world.officer_a, submitted)
        with pytest.raises(ActionError) as exc:
            services.do_accept_ticket(world.supervisor, submitted)
        assert exc.value.code == "illegal_transition"

    def test_stale_version_is_refused(self, world, submitted):
        with pytest.raises(ActionError) as exc:
            services.do_accept_ticket(world.officer_a, submitted, expected_version=submitted.version + 1)
        assert exc.value.code == "stale" and Ticket.objects.get(pk=submitted.pk).status == Status.SUBMITTED

    @pytest.mark.parametrize("persona", ["officer_b", "liaison_a", "dept_transport", "supervisor_t", "viewer"])
    def test_only_the_station_police_handle(self, world, submitted, persona):
        with pytest.raises(Http404):
            services.do_accept_ticket(world.personas[persona], submitted)
        assert Ticket.objects.get(pk=submitted.pk).status == Status.SUBMITTED

    def test_reject_needs_a_reason_the_enterprise_reads(self, world, submitted):
        with pytest.raises(ActionError):
            services.do_reject_ticket(world.officer_a, submitted, reason=" ")
        ticket = services.do_reject_ticket(world.officer_a, submitted, reason="不属于本所职责，已告知向交通部门申请")
        assert ticket.status == Status.REJECTED and ticket.status_note.startswith("不属于")

    def test_whistle_creates_one_task_per_department_with_deadlines(self, world, submitted, transport_b,
                                                                     django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            tasks = whistled(world, submitted, [world.dept_transport_unit, transport_b])
        ticket = Ticket.objects.get(pk=submitted.pk)
        assert ticket.status == Status.IN_PROGRESS and len(tasks) == 2
        assert all(t.due_at > timezone.now() and t.status == TaskStatus.OPEN for t in tasks)
        assert Notification.objects.filter(user=world.dept_transport, verb="ticket.whistled").exists()

    def test_whistle_before_accepting_is_refused(self, world, submitted):
        with pytest.raises(ActionError):
            services.do_whistle(world.officer_a, submitted, departments=[world.dept_transport_unit])
        assert not TicketTask.objects.filter(ticket=submitted).exists()

    def test_whistle_refuses_a_department_of_another_station_or_twice(self, world, submitted):
        services.do_accept_ticket(world.officer_a, submitted)
        with pytest.raises(ActionError):
            services.do_whistle(world.officer_a, submitted, departments=[world.dept_t_unit])
        services.do_whistle(world.officer_a, submitted, departments=[world.dept_transport_unit])
        with pytest.raises(ActionError):
            services.do_whistle(world.officer_a, submitted, departments=[world.dept_transport_unit])
        assert TicketTask.objects.filter(ticket=submitted).count() == 1

    def test_resolve_waits_for_every_department(self, world, submitted, transport_b):
        first, second = whistled(world, submitted, [world.dept_transport_unit, transport_b])
        services.do_complete_task(world.dept_transport, first, reply="已核定绕行路线")
        with pytest.raises(ActionError) as exc:
            services.do_resolve_ticket(world.officer_a, submitted, outcome="resolved", note="已协调通行")
        assert exc.value.code == "tasks_open" and transport_b.name in exc.value.message
        assert Ticket.objects.get(pk=submitted.pk).status == Status.IN_PROGRESS

    def test_honest_outcomes_other_than_resolved_need_an_explanation(self, world, submitted):
        services.do_accept_ticket(world.officer_a, submitted)
        with pytest.raises(ActionError) as exc:
            services.do_resolve_ticket(world.officer_a, submitted, outcome="not_our_responsibility")
        assert exc.value.field == "note"
        ticket = services.do_resolve_ticket(world.officer_a, submitted, outcome="not_our_responsibility",
                                            note="属交通运输部门职责，已转交并告知企业")
        assert ticket.outcome == "not_our_responsibility" and ticket.resolved_at

    def test_arrival_on_site_is_recorded_once(self, world, submitted):
        services.do_accept_ticket(world.officer_a, submitted)
        first = services.do_record_arrival(world.officer_a, submitted).onsite_at
        assert services.do_record_arrival(world.officer_a, submitted).onsite_at == first


class TestDepartments:
    def test_department_works_only_its_own_task(self, world, submitted, transport_b):
        mine, theirs = whistled(world, submitted, [world.dept_transport_unit, transport_b])
        services.do_accept_task(world.dept_transport, mine)
        services.do_record_arrival(world.dept_transport, submitted, task=mine)
        with pytest.raises(Http404):
            services.do_complete_task(world.dept_transport, theirs, reply="越权")
        assert TicketTask.objects.get(pk=theirs.pk).status == TaskStatus.OPEN

    def test_completing_needs_a_reply_and_tells_the_handler(self, world, submitted, django_capture_on_commit_callbacks):
        (task,) = whistled(world, submitted, [world.dept_transport_unit])
        with pytest.raises(ActionError):
            services.do_complete_task(world.dept_transport, task, reply="")
        with django_capture_on_commit_callbacks(execute=True):
            services.do_complete_task(world.dept_transport, task, reply="已审批夜间通行")
        assert Notification.objects.filter(user=world.officer_a, verb="ticket.task_done").exists()

    def test_completed_task_cannot_be_completed_again(self, world, submitted):
        (task,) = whistled(world, submitted, [world.dept_transport_unit])
        services.do_complete_task(world.dept_transport, task, reply="好")
        with pytest.raises(ActionError):
            services.do_complete_task(world.dept_transport, task, reply="再来")


class TestEnterpriseSide:
    @pytest.fixture
    def resolved(self, world, submitted):
        services.do_accept_ticket(world.officer_a, submitted)
        return services.do_resolve_ticket(world.officer_a, submitted, outcome="resolved", note="已协调夜间通行")

    def test_enterprise_confirms_and_rates(self, world, resolved):
        services.do_close_ticket(world.liaison_a, resolved)
        ticket = services.do_rate_ticket(world.liaison_a, resolved, rating=5, comment="48 小时解决，非常满意")
        assert ticket.status == Status.CLOSED and ticket.rating == 5 and not ticket.needs_supervisor

    def test_rating_twice_or_out_of_range_is_refused(self, world, resolved):
        services.do_close_ticket(world.officer_a, resolved)
        with pytest.raises(ActionError):
            services.do_rate_ticket(world.liaison_a, resolved, rating=6)
        services.do_rate_ticket(world.liaison_a, resolved, rating=4)
        with pytest.raises(ActionError):
            services.do_rate_ticket(world.liaison_a, resolved, rating=1)
        assert Ticket.objects.get(pk=resolved.pk).rating == 4

    def test_rating_an_unclosed_request_is_refused(self, world, resolved):
        with pytest.raises(ActionError):
            services.do_rate_ticket(world.liaison_a, resolved, rating=5)

    def test_low_rating_returns_the_request_to_the_supervisor(self, world, resolved,
                                                              django_capture_on_commit_callbacks):
        services.do_close_ticket(world.liaison_a, resolved)
        with django_capture_on_commit_callbacks(execute=True):
            ticket = services.do_rate_ticket(world.liaison_a, resolved, rating=1, comment="没有解决")
        assert ticket.needs_supervisor
        assert Notification.objects.filter(user=world.supervisor, verb="ticket.low_rating").exists()

    def test_supervisor_records_a_review_of_a_returned_request(self, world, resolved):
        services.do_close_ticket(world.liaison_a, resolved)
        services.do_rate_ticket(world.liaison_a, resolved, rating=1, comment="没有解决")
        with pytest.raises(PermissionDenied):
            services.do_acknowledge_return(world.officer_a, resolved, note="看过了")
        with pytest.raises(ActionError):
            services.do_acknowledge_return(world.supervisor, resolved, note="")
        ticket = services.do_acknowledge_return(world.supervisor, resolved, note="已回访企业，安排复查")
        assert not ticket.needs_supervisor
        with pytest.raises(ActionError):
            services.do_acknowledge_return(world.supervisor, resolved, note="again")

    def test_only_the_enterprise_rates_or_reopens(self, world, resolved):
        services.do_close_ticket(world.officer_a, resolved)
        with pytest.raises((PermissionDenied, Http404)):
            services.do_rate_ticket(world.officer_a, resolved, rating=5)
        with pytest.raises((PermissionDenied, Http404)):
            services.do_reopen_ticket(world.liaison_b, resolved, reason="x")

    def test_reopen_within_the_window_returns_to_work_and_supervisor(self, world, resolved,
                                                                     django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            ticket = services.do_reopen_ticket(world.liaison_a, resolved, reason="桥梁加固方案仍未落实")
        assert ticket.status == Status.IN_PROGRESS and ticket.reopened_count == 1 and ticket.needs_supervisor
        assert Notification.objects.filter(user=world.supervisor, verb="ticket.reopened").exists()

    def test_reopen_after_the_window_is_refused(self, world, resolved):
        Ticket.objects.filter(pk=resolved.pk).update(resolved_at=timezone.now() - timedelta(days=30))
        with pytest.raises(ActionError) as exc:
            services.do_reopen_ticket(world.liaison_a, resolved, reason="x")
        assert exc.value.code == "reopen_window"

    def test_liaison_cannot_write_internal_notes_and_does_not_see_them(self, world, submitted):
        with pytest.raises(PermissionDenied):
            services.do_comment(world.liaison_a, submitted, text="x", internal=True)
        services.do_comment(world.officer_a, submitted, text="企业负责人态度强硬", internal=True)
        services.do_comment(world.officer_a, submitted, text="已联系交通部门", internal=False)
        seen = list(TicketEvent.objects.visible_to(world.liaison_a).values_list("message", flat=True))
        assert "已联系交通部门" in seen and "企业负责人态度强硬" not in seen


class TestEscalation:
    def test_overdue_work_goes_to_the_handler_then_the_supervisor(self, world, submitted,
                                                                  django_capture_on_commit_callbacks):
        services.do_accept_ticket(world.officer_a, submitted)
        Ticket.objects.filter(pk=submitted.pk).update(resolution_due_at=timezone.now() - timedelta(hours=1))
        with django_capture_on_commit_callbacks(execute=True):
            assert services.escalate_overdue() == 1
        assert Notification.objects.filter(user=world.officer_a, verb="ticket.overdue").exists()
        assert not Notification.objects.filter(user=world.supervisor, verb="ticket.overdue").exists()
        with django_capture_on_commit_callbacks(execute=True):
            assert services.escalate_overdue() == 0  # once per step
            services.escalate_overdue(now=timezone.now() + timedelta(days=2))
        assert Ticket.objects.get(pk=submitted.pk).escalation_level == 2
        assert Notification.objects.filter(user=world.supervisor, verb="ticket.overdue",
                                           title__contains=submitted.reference).exists()

    def test_overdue_department_task_is_escalated_to_its_department(self, world, submitted,
                                                                    django_capture_on_commit_callbacks):
        (task,) = whistled(world, submitted, [world.dept_transport_unit])
        TicketTask.objects.filter(pk=task.pk).update(due_at=timezone.now() - timedelta(minutes=5))
        with django_capture_on_commit_callbacks(execute=True):
            services.escalate_overdue()
        assert Notification.objects.filter(user=world.dept_transport, verb="ticket.task_overdue").exists()

    def test_overdue_queries(self, world, submitted):
        Ticket.objects.filter(pk=submitted.pk).update(response_due_at=timezone.now() - timedelta(minutes=1))
        assert list(Ticket.objects.overdue()) == [submitted]
        assert list(Ticket.objects.visible_to(world.officer_b).overdue()) == []
        assert Ticket.objects.get(pk=submitted.pk).is_overdue()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)")
def test_two_officers_acting_at_once_never_lose_an_update():
    from jingqi.core.testing.personas import fresh_world

    world = fresh_world()
    ticket = services.do_submit_ticket(world.liaison_a, enterprise=world.enterprise_a, channel="portal",
                                       title="并发", description="两名民警同时处理", kind="resolution")
    services.do_accept_ticket(world.officer_a, ticket)
    barrier, outcomes = threading.Barrier(2), []

    def act(fn):
        from django.db import connections

        try:
            barrier.wait()
            fn()
            outcomes.append("ok")
        except ActionError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(lambda: services.do_resolve_ticket(
            world.officer_a, ticket, outcome="resolved", note="已协调", expected_version=2),)),
        threading.Thread(target=act, args=(lambda: services.do_reject_ticket(
            world.supervisor, ticket, reason="重复", expected_version=2),)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "stale"]
    final = Ticket.objects.get(pk=ticket.pk)
    assert final.version == 3 and final.status in (Status.RESOLVED, Status.REJECTED)


class TestAttachments:
    def test_photo_is_attached_with_its_sniffed_type(self, world, submitted):
        attachment = services.do_attach(world.liaison_a, submitted, upload=f.png_upload())
        assert attachment.content_type == "image/png" and attachment.size == len(f.PNG_BYTES)
        assert submitted.events.filter(kind="attachment").exists()

    @pytest.mark.parametrize(("name", "content"), [
        ("伪装.png", b"MZ\x90\x00 this is really a program"),
        ("notes.txt", b"plain text"),
        ("photo.pdf", f.PNG_BYTES),
        ("empty.png", b""),
    ])
    def test_wrong_or_disguised_files_are_refused(self, world, submitted, name, content):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from jingqi.tickets.models import Attachment

        count = Attachment.objects.count()
        with pytest.raises(ActionError) as exc:
            services.do_attach(world.liaison_a, submitted, upload=SimpleUploadedFile(name, content))
        assert exc.value.field == "file" and Attachment.objects.count() == count

    def test_size_is_capped(self, world, submitted, settings):
        settings.JINGQI_UPLOAD_MAX_BYTES = 50
        with pytest.raises(ActionError):
            services.do_attach(world.liaison_a, submitted, upload=f.png_upload())

    def test_enterprise_cannot_see_internal_attachments(self, world):
        from jingqi.tickets.models import Attachment

        seen = set(Attachment.objects.visible_to(world.liaison_a).values_list("pk", flat=True))
        assert world.attachment_a.pk in seen and world.attachment_a_internal.pk not in seen
