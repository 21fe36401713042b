"""What a person meets on the dispute pages: forms that keep their errors beside the fields and change nothing,
the session record form as a phone sends it, final actions that ask first, lists whose query count does not
grow with their rows."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jingqi.disputes import services
from jingqi.disputes.models import Agreement, Dispute, MediationSession, Payment

pytestmark = pytest.mark.django_db

FIELDS = {"kind": "labour", "urgency": "routine", "title": "工资纠纷", "description": "拖欠两个月工资。",
          "people_involved": "2", "amount": "12000"}


def url(name, *args):
    return reverse(f"disputes:{name}", args=args)


def report(world, **changes):
    return services.do_report_dispute(world.officer_a, source="walk_in", park=world.park_a,
                                      data={**FIELDS, **changes})


def mediating(world):
    """A dispute in mediation with both sides and a planned session."""
    dispute = report(world)
    worker = services.do_add_party(world.officer_a, dispute, side="applicant", full_name="张三")
    company = services.do_add_party(world.officer_a, dispute, side="respondent", enterprise=world.enterprise_a)
    services.do_accept_dispute(world.officer_a, dispute)
    session = services.do_plan_session(world.officer_a, dispute, planned_at=timezone.now(), place="调解中心",
                                       mediators=[{"role": "officer", "user": world.officer_a}])
    return Dispute.objects.get(pk=dispute.pk), session, worker, company


def signed(world):
    dispute, session, worker, company = mediating(world)
    today = timezone.localdate()
    agreement = services.do_sign_agreement(
        world.officer_a, dispute, signed_on=today, terms="分两期支付。", total_amount="12000", level="enterprise",
        instalments=[{"due_on": today, "amount": "6000"}, {"due_on": today + timedelta(days=30), "amount": "6000"}])
    return dispute, agreement


def field_error(content, name):
    """The error paragraph inside the field block of ``name``."""
    return re.search(rf'class="field invalid">(?:(?!class="field).)*?name="{name}"(?:(?!class="field).)*?'
                     r'class="error"[^>]*>([^<]+)<', content, re.S)


# --- the report form -------------------------------------------------------------------------------------------


def test_report_without_a_title_shows_the_error_beside_it_and_creates_nothing(world, client_for):
    before = Dispute.objects.count()
    response = client_for(world.officer_a).post(url("dispute_report"), {
        **FIELDS, "title": "  ", "source": "walk_in", "park": world.park_a.pk})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "title")
    assert Dispute.objects.count() == before


def test_report_with_a_bad_first_party_id_keeps_nothing(world, client_for):
    before = Dispute.objects.count()
    response = client_for(world.officer_a).post(url("dispute_report"), {
        **FIELDS, "source": "walk_in", "park": world.park_a.pk, "party_full_name": "李四",
        "party_id_number": "110101199003070000"})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "party_id_number")
    assert Dispute.objects.count() == before  # the report is not kept without its party


def test_police_report_with_a_first_party(world, client_for):
    response = client_for(world.officer_a).post(url("dispute_report"), {
        **FIELDS, "source": "phone", "park": world.park_a.pk, "party_side": "respondent",
        "party_enterprise": world.enterprise_a.pk})
    dispute = Dispute.objects.get(title="工资纠纷")
    assert response.status_code == 302 and response["Location"] == url("dispute_detail", dispute.pk)
    assert list(dispute.parties.values_list("enterprise", "side")) == [(world.enterprise_a.pk, "respondent")]


def test_officer_cannot_report_in_another_offices_park(world, client_for):
    before = Dispute.objects.count()
    response = client_for(world.officer_a).post(url("dispute_report"), {
        **FIELDS, "source": "walk_in", "park": world.park_b.pk})
    assert response.status_code == 400 and field_error(response.content.decode(), "park")
    assert Dispute.objects.count() == before


def test_liaison_reports_through_the_portal_on_the_side_they_choose(world, client_for):
    page = client_for(world.liaison_a).get(url("dispute_report")).content.decode()
    assert 'name="source"' not in page and 'name="park"' not in page and 'name="own_side"' in page
    response = client_for(world.liaison_a).post(url("dispute_report"), {**FIELDS, "own_side": "respondent"})
    dispute = Dispute.objects.latest("pk")
    assert response.status_code == 302
    assert dispute.source == "portal" and dispute.park == world.park_a
    assert list(dispute.parties.values_list("enterprise", "side")) == [(world.enterprise_a.pk, "respondent")]


# --- the dispute page's actions ------------------------------------------------------------------------------------


def test_fail_without_a_reason_keeps_its_form_open_with_the_error(world, client_for):
    dispute, *_ = mediating(world)
    response = client_for(world.officer_a).post(url("dispute_action", dispute.pk, "fail"), {
        "fail-reason": " ", "version": dispute.version})
    assert response.status_code == 400
    content = response.content.decode()
    form = re.search(r'<details open[^>]*>\s*<summary>[^<]*</summary>\s*<form[^>]*/fail/.*?</form>', content, re.S)
    assert form and field_error(form.group(0), "fail-reason")
    assert Dispute.objects.get(pk=dispute.pk).status == "mediating"


def test_a_stale_page_is_told_to_reload(world, client_for):
    dispute, *_ = mediating(world)
    response = client_for(world.officer_a).post(url("dispute_action", dispute.pk, "withdraw"), {
        "withdraw-reason": "申请人撤回", "version": dispute.version - 1})
    assert response.status_code == 400
    assert Dispute.objects.get(pk=dispute.pk).status == "mediating"


def test_final_actions_ask_for_confirmation(world, client_for):
    dispute, *_ = mediating(world)
    content = client_for(world.officer_a).get(url("dispute_detail", dispute.pk)).content.decode()
    for action in ("settle", "fail", "withdraw"):
        assert re.search(rf'<form[^>]*/{action}/"[^>]*data-confirm="[^"]+"', content), action
    assert "jingqi/confirm.js" in content
    sign = client_for(world.officer_a).get(url("agreement_sign", dispute.pk)).content.decode()
    assert re.search(r'<form[^>]*data-confirm="[^"]+"', sign)


def test_actions_follow_the_state_machine(world, client_for):
    dispute = report(world)
    content = client_for(world.officer_a).get(url("dispute_detail", dispute.pk)).content.decode()
    assert "/accept/" in content and "/refer/" in content and "/fail/" not in content
    assert "actions-card" not in client_for(world.liaison_a).get(url("dispute_detail", dispute.pk)).content.decode() \
        if dispute.parties.filter(enterprise=world.enterprise_a).exists() else True
    response = client_for(world.officer_a).post(url("dispute_action", dispute.pk, "accept"),
                                                {"version": dispute.version})
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert dispute.status == "accepted" and dispute.mediator == world.officer_a


def test_liaison_comments_and_cannot_write_an_internal_note(world, client_for):
    dispute = services.do_report_dispute(world.liaison_a, source="portal", data=FIELDS)
    client = client_for(world.liaison_a)
    page = client.get(url("dispute_detail", dispute.pk)).content.decode()
    assert 'name="comment-text"' in page and 'name="comment-internal"' not in page
    client.post(url("dispute_action", dispute.pk, "comment"), {"comment-text": "请尽快处理", "comment-internal": "on"})
    event = dispute.events.get(kind="comment")
    assert event.message == "请尽快处理" and not event.internal


def test_unknown_action_is_a_404(world, client_for):
    dispute = report(world)
    assert client_for(world.officer_a).post(url("dispute_action", dispute.pk, "delete")).status_code == 404


# --- sessions ---------------------------------------------------------------------------------------------


def test_session_plan_with_a_station_officer_and_a_peoples_mediator(world, client_for):
    dispute = report(world)
    services.do_accept_dispute(world.officer_a, dispute)
    response = client_for(world.officer_a).post(url("session_plan", dispute.pk), {
        "planned_at": "2026-03-02T09:30", "place": "一站式调解中心",
        "m0-role": "officer", "m0-user": world.officer_a.pk,
        "m1-role": "peoples_mediator", "m1-name": "李调解", "m1-organisation": "街道调委会"})
    assert response.status_code == 302, re.findall(r'class="errors?"[^>]*>([^<]*)<', response.content.decode())
    session = MediationSession.objects.get(dispute=dispute)
    assert sorted(session.mediators.values_list("name", "role")) == sorted(
        [(world.officer_a.full_name or world.officer_a.username, "officer"), ("李调解", "peoples_mediator")])


def test_session_plan_without_mediators_says_so_and_plans_nothing(world, client_for):
    dispute = report(world)
    services.do_accept_dispute(world.officer_a, dispute)
    response = client_for(world.officer_a).post(url("session_plan", dispute.pk), {
        "planned_at": "2026-03-02T09:30", "place": "一站式调解中心", "m0-user": ""})
    assert response.status_code == 400
    assert re.search(r'<fieldset class="rows invalid">.*?class="error"', response.content.decode(), re.S)
    assert not MediationSession.objects.filter(dispute=dispute).exists()


def test_session_record_as_a_phone_posts_it(world, client_for):
    dispute, session, worker, company = mediating(world)
    client = client_for(world.officer_a)
    page = client.get(url("session_record", session.pk), HTTP_USER_AGENT="Mozilla/5.0 (iPhone)").content.decode()
    assert 'type="datetime-local"' in page and 'type="checkbox"' in page and "<textarea" in page
    now = timezone.localtime().replace(second=0, microsecond=0)
    held = max(now - timedelta(minutes=30), now.replace(hour=0, minute=0))  # not on the day before the report
    response = client.post(url("session_record", session.pk), {
        "held_at": held.strftime("%Y-%m-%dT%H:%M"), "attended": [str(worker.pk), str(company.pk)],
        "minutes": "双方到场。\r\n企业同意下周付款。", "result": "continue"}, HTTP_USER_AGENT="Mozilla/5.0 (iPhone)")
    assert response.status_code == 302 and response["Location"] == url("dispute_detail", dispute.pk)
    session.refresh_from_db()
    assert session.held_at == held and session.result == "continue"
    assert session.minutes == "双方到场。\n企业同意下周付款。"
    assert set(session.attended.all()) == {worker, company}


def test_session_record_without_minutes_keeps_the_form_and_records_nothing(world, client_for):
    _dispute, session, worker, _company = mediating(world)
    response = client_for(world.officer_a).post(url("session_record", session.pk), {
        "attended": [str(worker.pk)], "minutes": "", "result": "continue"})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "minutes")
    session.refresh_from_db()
    assert session.held_at is None and not session.attended.exists()


def test_session_record_refuses_a_party_of_another_dispute(world, client_for):
    _dispute, session, _worker, _company = mediating(world)
    other = report(world, title="另一起")
    stranger = services.do_add_party(world.officer_a, other, side="applicant", organisation="外单位")
    response = client_for(world.officer_a).post(url("session_record", session.pk), {
        "attended": [str(stranger.pk)], "minutes": "纪要", "result": "continue"})
    assert response.status_code == 400
    assert MediationSession.objects.get(pk=session.pk).held_at is None


# --- agreements and payments ---------------------------------------------------------------------------


def test_agreement_whose_schedule_does_not_add_up_is_refused_beside_the_schedule(world, client_for):
    dispute, *_ = mediating(world)
    today = timezone.localdate().isoformat()
    response = client_for(world.officer_a).post(url("agreement_sign", dispute.pk), {
        "signed_on": today, "terms": "分期", "total_amount": "12000", "level": "park",
        "i0-due_on": today, "i0-amount": "5000", "i1-due_on": today, "i1-amount": "5000"})
    assert response.status_code == 400
    assert re.search(r'<fieldset class="rows invalid">.*?class="error"[^>]*>[^<]*10000', response.content.decode(),
                     re.S)
    assert not Agreement.objects.filter(dispute=dispute).exists()
    assert Dispute.objects.get(pk=dispute.pk).status == "mediating"


def test_agreement_signed_with_blank_rows_ignored(world, client_for):
    dispute, *_ = mediating(world)
    today = timezone.localdate()
    response = client_for(world.officer_a).post(url("agreement_sign", dispute.pk), {
        "signed_on": today.isoformat(), "terms": "分两期", "total_amount": "12000", "level": "park",
        "version": dispute.version, "i0-due_on": today.isoformat(), "i0-amount": "6000",
        "i2-due_on": (today + timedelta(days=30)).isoformat(), "i2-amount": "6000"})
    assert response.status_code == 302
    agreement = Agreement.objects.get(dispute=dispute)
    assert [str(i.amount) for i in agreement.instalments.order_by("number")] == ["6000.00", "6000.00"]


def test_agreement_edit_on_a_stale_version_shows_the_services_error_and_keeps_the_terms(world, client_for):
    _dispute, agreement = signed(world)
    response = client_for(world.officer_a).post(url("agreement_edit", agreement.pk), {
        "terms": "改为一次付清", "version": agreement.version - 1 if agreement.version > 1 else agreement.version + 1})
    assert response.status_code == 400
    assert "Reload" in response.content.decode() or "重新" in response.content.decode() or \
        "刷新" in response.content.decode()
    assert Agreement.objects.get(pk=agreement.pk).terms == "分两期支付。"


def test_agreement_reschedule_replaces_the_unpaid_part(world, client_for):
    _dispute, agreement = signed(world)
    later = timezone.localdate() + timedelta(days=40)
    response = client_for(world.officer_a).post(url("agreement_edit", agreement.pk), {
        "terms": "分三期支付。", "version": agreement.version, "reschedule": "on",
        "i0-due_on": later.isoformat(), "i0-amount": "4000",
        "i1-due_on": (later + timedelta(days=10)).isoformat(), "i1-amount": "4000",
        "i2-due_on": (later + timedelta(days=20)).isoformat(), "i2-amount": "4000"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.terms == "分三期支付。" and agreement.instalments.count() == 3


def test_payment_twice_with_one_reference_is_refused_beside_the_reference(world, client_for):
    _dispute, agreement = signed(world)
    first, second = agreement.instalments.order_by("number")
    client = client_for(world.officer_a)
    today = timezone.localdate().isoformat()
    assert client.post(url("payment_record", first.pk), {"amount": "6000", "paid_on": today,
                                                         "reference": "BANK-1"}).status_code == 302
    response = client.post(url("payment_record", second.pk), {"amount": "100", "paid_on": today,
                                                              "reference": "BANK-1"})
    assert response.status_code == 400 and field_error(response.content.decode(), "reference")
    response = client.post(url("payment_record", second.pk), {"amount": "6000.01", "paid_on": today,
                                                              "reference": "BANK-2"})
    assert response.status_code == 400 and field_error(response.content.decode(), "amount")
    assert Payment.objects.filter(agreement=agreement).count() == 1


def test_schedule_shows_paid_late_and_overdue(world, client_for):
    dispute, agreement = signed(world)
    first, second = agreement.instalments.order_by("number")
    type(first).objects.filter(pk=second.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    type(first).objects.filter(pk=first.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    services.do_record_payment(world.officer_a, first, amount="6000", paid_on=timezone.localdate(), reference="X1")
    content = client_for(world.officer_a).get(url("dispute_detail", dispute.pk)).content.decode()
    schedule = re.search(r"<h3>[^<]*</h3>\s*<table class=\"grid\">.*?</table>", content, re.S).group(0)
    assert 'class="overdue-row"' in schedule
    assert schedule.count('tag overdue') >= 2  # paid late, and overdue


# --- queries do not grow with rows ----------------------------------------------------------------------


def count(client, target, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(target, params)
    assert response.status_code == 200
    return len(ctx)


def test_list_and_workbench_query_counts_do_not_grow_with_rows(world, client_for):
    client = client_for(world.officer_a)
    mediating(world)
    few_list, few_bench = count(client, url("dispute_list")), count(client, url("workbench"))
    for n in range(4):
        mediating(world)
        report(world, title=f"群体{n}", people_involved="30")
    signed(world)
    assert count(client, url("dispute_list")) == few_list
    assert count(client, url("workbench")) == few_bench


def test_liaison_list_query_count_does_not_grow_with_rows(world, client_for):
    client = client_for(world.liaison_a)
    services.do_report_dispute(world.liaison_a, source="portal", data=FIELDS)
    few = count(client, url("dispute_list"))
    for n in range(4):
        services.do_report_dispute(world.liaison_a, source="portal", data={**FIELDS, "title": f"t{n}"})
    assert count(client, url("dispute_list")) == few


def test_list_filters(world, client_for):
    dispute, *_ = mediating(world)
    other = report(world, title="交通纠纷", kind="traffic")
    client = client_for(world.officer_a)
    content = client.get(url("dispute_list"), {"kind": "traffic"}).content.decode()
    assert other.reference in content and dispute.reference not in content
    content = client.get(url("dispute_list"), {"status": "mediating", "park": world.park_a.pk}).content.decode()
    assert dispute.reference in content and other.reference not in content
    content = client.get(url("dispute_list"), {"q": "交通"}).content.decode()
    assert other.reference in content and dispute.reference not in content
    assert client.get(url("dispute_list"), {"park": "x'--", "status": "bogus"}).status_code == 200
