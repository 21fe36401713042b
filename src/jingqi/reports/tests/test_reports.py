"""Risk reports: generation with progress, sending, the enterprise's receipt, the chase, and who sees what."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.models import AuditEvent, Notification
from jingqi.reports import services
from jingqi.reports.choices import ReportStatus, RunStatus
from jingqi.reports.models import ReportRun, RiskReport
from jingqi.reports.risk import Period

pytestmark = [pytest.mark.django_db, pytest.mark.dispute_cast, pytest.mark.case_cast]


def period():
    return Period.containing(timezone.localdate())


def last():
    """The last complete half-year: the one the cast's reports of parks a and t were sent for."""
    return period().previous()


def test_a_run_computes_every_enterprise_of_the_park_and_the_park_report(world):
    run = world.report_run_b
    assert run.status == RunStatus.DONE and run.total == run.done == 2 and run.progress == 100
    reports = RiskReport.objects.filter(run=run)
    assert {r.kind for r in reports} == {"enterprise", "park"}
    report = reports.get(enterprise=world.enterprise_b)
    assert report.figures["frauds"] == 1 and report.status == ReportStatus.DRAFT
    assert report.label == period().label


def test_computing_again_rewrites_drafts_but_keeps_what_was_sent(world):
    sent = world.report_a
    assert sent.status == ReportStatus.PUSHED
    run = services.do_request_reports(world.officer_a, park=world.park_a, period=last())
    run = services.run_generation(run.pk)
    sent.refresh_from_db()
    assert run.kept == 1 and sent.version == 2 and sent.run == world.report_run_a
    draft = world.report_b
    run = services.run_generation(services.do_request_reports(world.officer_b, park=world.park_b,
                                                              period=period()).pk)
    draft.refresh_from_db()
    assert run.kept == 0 and draft.run == run and draft.version == 2


def test_a_run_for_one_enterprise_leaves_the_park_report_alone(world):
    run = services.do_request_reports(world.officer_b, park=world.park_b, period=period(),
                                      enterprise=world.enterprise_b)
    run = services.run_generation(run.pk)
    assert run.total == run.done == 1


@pytest.mark.parametrize("persona", ["liaison_a", "dept_transport", "volunteer_a", "viewer"])
def test_only_the_police_compute_reports(world, persona):
    before = ReportRun.objects.count()
    with pytest.raises(PermissionDenied):
        services.do_request_reports(getattr(world, persona), park=world.park_a, period=period())
    assert ReportRun.objects.count() == before


def test_an_officer_cannot_compute_another_offices_park_nor_a_future_half_year(world):
    before = ReportRun.objects.count()
    with pytest.raises(ActionError) as exc:
        services.do_request_reports(world.officer_a, park=world.park_b, period=period())
    assert exc.value.field == "park"
    later = Period.half_year(timezone.localdate().year + 1, 2)
    with pytest.raises(ActionError):
        services.do_request_reports(world.officer_a, park=world.park_a, period=later)
    with pytest.raises(ActionError):
        services.do_request_reports(world.officer_a, park=world.park_a, period=period(),
                                    enterprise=world.enterprise_b)
    assert ReportRun.objects.count() == before


def test_sending_tells_the_liaisons_and_refuses_when_nothing_is_left(world, django_capture_on_commit_callbacks):
    run = services.run_generation(services.do_request_reports(world.officer_b, park=world.park_b, period=last()).pk)
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.do_push_reports(world.officer_b, park=world.park_b, period=last())
    assert sent == 1
    report = run.reports.get(enterprise=world.enterprise_b)
    notice = Notification.objects.get(user=world.liaison_b, verb="report.pushed")
    assert notice.url == reverse("reports:report_detail", args=[report.pk])
    with pytest.raises(ActionError):
        services.do_push_reports(world.officer_b, park=world.park_b, period=last())


def test_a_half_year_not_over_is_computed_but_not_sent(world):
    with pytest.raises(ActionError) as exc:
        services.do_push_reports(world.officer_b, park=world.park_b, period=period())
    assert exc.value.code == "unfinished"
    world.report_b.refresh_from_db()
    assert world.report_b.status == ReportStatus.DRAFT


def test_a_second_run_waits_for_the_first(world):
    services.do_request_reports(world.officer_b, park=world.park_b, period=last())  # queued: the task runs on commit
    with pytest.raises(ActionError) as exc:
        services.do_request_reports(world.officer_b, park=world.park_b, period=last())
    assert exc.value.code == "busy"


def test_the_liaison_sees_its_sent_report_only_and_acknowledges_it_once(world):
    assert RiskReport.objects.visible_to(world.liaison_a).count() == 1
    assert not RiskReport.objects.visible_to(world.liaison_b).exists()  # b's is still a draft
    report = services.do_acknowledge_report(world.liaison_a, world.report_a)
    assert report.status == ReportStatus.ACKNOWLEDGED and report.acknowledged_by == world.liaison_a
    assert AuditEvent.objects.filter(action="report.acknowledge", object_id=str(report.pk)).exists()
    with pytest.raises(ActionError):
        services.do_acknowledge_report(world.liaison_a, report)


@pytest.mark.parametrize("persona", ["officer_a", "liaison_b", "supervisor", "viewer"])
def test_no_one_but_the_enterprise_acknowledges(world, persona):
    from django.http import Http404

    with pytest.raises(Http404):
        services.do_acknowledge_report(getattr(world, persona), world.report_a)
    world.report_a.refresh_from_db()
    assert world.report_a.status == ReportStatus.PUSHED


def test_unacknowledged_reports_are_chased_after_the_wait_and_again_after_as_long(world, settings,
                                                                                  django_capture_on_commit_callbacks):
    settings.REPORT_ACKNOWLEDGE_DAYS = 7
    now = timezone.now()
    assert services.chase_unacknowledged(now + timedelta(days=6)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.chase_unacknowledged(now + timedelta(days=8)) == 2  # a's and t's
    assert Notification.objects.filter(user=world.liaison_a, verb="report.chased").count() == 1
    assert services.chase_unacknowledged(now + timedelta(days=10)) == 0
    services.do_acknowledge_report(world.liaison_a, world.report_a)
    assert services.chase_unacknowledged(now + timedelta(days=16)) == 1  # t's only
    world.report_t.refresh_from_db()
    assert world.report_t.chase_count == 2


# --- pages -----------------------------------------------------------------------------------------------------


def test_the_station_page_shows_who_has_not_acknowledged(world, client_for):
    response = client_for(world.officer_a).get(reverse("reports:report_list"), {"period": last().label})
    assert response.status_code == 200 and world.enterprise_a.name in response.content.decode()


def test_starting_a_run_from_the_page(world, client_for):
    response = client_for(world.officer_b).post(reverse("reports:report_list"), {
        "park": world.park_b.pk, "period": period().label})
    assert response.status_code == 302
    assert ReportRun.objects.filter(park=world.park_b).count() == 2


def test_the_progress_partial_polls_until_the_run_ends(world, client_for):
    run = ReportRun.objects.create(station=world.station, park=world.park_a, period_start=period().start,
                                   period_end=period().end, requested_by=world.officer_a, total=10, done=4,
                                   status=RunStatus.RUNNING)
    content = client_for(world.officer_a).get(reverse("reports:run_progress", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in content and 'value="40"' in content
    content = client_for(world.officer_a).get(reverse("reports:run_progress",
                                                      args=[world.report_run_a.pk])).content.decode()
    assert "hx-trigger" not in content


def test_the_liaison_acknowledges_on_the_report_page(world, client_for):
    client = client_for(world.liaison_a)
    page = client.get(reverse("reports:report_detail", args=[world.report_a.pk])).content.decode()
    assert reverse("reports:report_acknowledge", args=[world.report_a.pk]) in page
    assert client.post(reverse("reports:report_acknowledge", args=[world.report_a.pk])).status_code == 302
    world.report_a.refresh_from_db()
    assert world.report_a.status == ReportStatus.ACKNOWLEDGED
    assert client.get(reverse("reports:report_list")).status_code == 200


@pytest.mark.parametrize("persona", ["dept_transport", "volunteer_a", "viewer"])
def test_other_roles_find_no_report_pages(world, client_for, persona):
    client = client_for(getattr(world, persona))
    assert client.get(reverse("reports:report_list")).status_code == 404
    assert client.get(reverse("reports:report_detail", args=[world.report_a.pk])).status_code == 404


def test_one_enterprise_is_computed_by_its_credit_code(world, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.officer_b).post(reverse("reports:report_list"), {
            "park": world.park_b.pk, "period": period().label, "enterprise": world.enterprise_b.uscc.lower()})
    assert response.status_code == 302
    run = ReportRun.objects.filter(park=world.park_b).latest("created_at")
    assert run.enterprise == world.enterprise_b and run.total == run.done == 1


@pytest.mark.parametrize("code", ["not-a-code", "91330683000000000X", "enterprise_a"])
def test_a_credit_code_not_of_the_park_starts_nothing(world, client_for, code):
    code = world.enterprise_a.uscc if code == "enterprise_a" else code  # another office's park
    before = ReportRun.objects.count()
    response = client_for(world.officer_b).post(reverse("reports:report_list"), {
        "park": world.park_b.pk, "period": period().label, "enterprise": code})
    assert response.status_code == 400 and response.context["form"].errors.get("enterprise")
    assert ReportRun.objects.count() == before


def test_a_draft_can_be_computed_again_from_its_page_a_sent_report_cannot(world, client_for):
    officer = client_for(world.officer_b)
    draft_page = officer.get(reverse("reports:report_detail", args=[world.report_b.pk])).content.decode()
    assert 'name="enterprise"' in draft_page and world.enterprise_b.uscc in draft_page
    sent_page = client_for(world.officer_a).get(reverse("reports:report_detail", args=[world.report_a.pk]))
    assert 'name="enterprise"' not in sent_page.content.decode()
    liaison_page = client_for(world.liaison_a).get(reverse("reports:report_detail", args=[world.report_a.pk]))
    assert 'name="enterprise"' not in liaison_page.content.decode()
