"""The dispute journey in the browser: a walk-in report of 23 workers' unpaid wages (flagged as a group
dispute) → parties → accepted → on site → facts → two mediation sessions recorded on a phone at the site →
an agreement in three instalments → the second one falls overdue (the daily sweep raises the default and
returns the dispute to its mediator), is paid late and shown so → fulfilled → follow-up visit → archived.
The enterprise's liaison reads the agreement and its schedule, never the internal notes or the workers' phone.

Elements are found by field names, URLs, classes and values, not by their text, so the test holds whatever
language the interface speaks."""

import functools
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from jingqi.core.pii import mask_id_number, mask_phone, normalize_phone
from jingqi.core.testing import factories as f
from jingqi.disputes import services
from jingqi.disputes.choices import AgreementStatus, Status
from jingqi.disputes.documents import cn_date, money
from jingqi.disputes.models import Agreement, Dispute, DisputeParty, Instalment
from jingqi.e2e.test_phone_layout import overflow

pytestmark = pytest.mark.django_db(transaction=True)

DETAIL = re.compile(r"/disputes/\d+/$")
WORKERS_ID = f.valid_id_number(2323, born=1979)
WORKERS_PHONE = "13871234567"
# What the other side's liaison never reads of the workers' representative: name, ID number, phone, not even masked.
WORKERS_SECRETS = ("张志强", WORKERS_ID, mask_id_number(WORKERS_ID), WORKERS_PHONE,
                   mask_phone(normalize_phone(WORKERS_PHONE)))
INTERNAL_NOTE = "内部备注：企业账户被冻结，分期是唯一办法。"


@pytest.fixture
def as_user(open_as):
    return functools.partial(open_as, accept_dialogs=True)


def _open_action(page, action):
    """Opens the folded form of an action on the dispute page (a <details> around the action's form)."""
    details = page.locator(f"details:has(form[action$='/{action}/'])")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details.locator(f"form[action$='/{action}/']")


def _submit_and_return(page, form):
    """Posts an action's form on the dispute page and waits for the page it comes back to (the same URL)."""
    with page.expect_navigation(url=DETAIL):
        form.locator("button[type=submit]").click()
    page.locator(".messages").wait_for()


def _plan_session(page, when, *, row: dict):
    page.click("a[href$='/sessions/new/']")
    page.wait_for_url("**/sessions/new/")
    page.fill("input[name=planned_at]", timezone.localtime(when).strftime("%Y-%m-%dT%H:%M"))
    # Row m0 holds the planning officer already; a second mediator in row m1.
    for name, value in row.items():
        if name in ("role", "user"):
            page.select_option(f"select[name=m1-{name}]", value)
        else:
            page.fill(f"input[name=m1-{name}]", value)
    page.click("button[type=submit].primary")
    page.wait_for_url(DETAIL)


def _record_session_on_the_phone(phone, url, parties, *, minutes, result, shots, shot):
    phone.goto(url)
    phone.locator("a[href*='/sessions/'][href$='/record/']").click()
    phone.wait_for_url("**/sessions/*/record/")
    for party in parties:
        phone.check(f"input[name=attended][value='{party.pk}']")
    phone.fill("textarea[name=minutes]", minutes)
    phone.check(f"input[name=result][value={result}]")
    assert phone.locator("input[name=held_at]").input_value()  # prefilled with now
    phone.screenshot(path=str(shots / shot), full_page=True)
    assert overflow(phone) is None, overflow(phone)
    phone.click("button[type=submit].primary")
    phone.wait_for_url(DETAIL)
    assert overflow(phone) is None, overflow(phone)


def _record_payment(page, url, instalment, reference):
    page.goto(url)
    page.click(f"a[href$='/instalments/{instalment.pk}/pay/']")
    page.wait_for_url("**/pay/")
    assert page.locator("input[name=amount]").input_value() == str(instalment.outstanding)
    page.fill("input[name=reference]", reference)
    page.click("button[type=submit].primary")  # confirm.js asks first; answered yes
    page.wait_for_url(DETAIL)


def test_group_wage_dispute_mediated_to_an_agreement_paid_late_and_archived(world, as_user, shots):
    today = timezone.localdate()
    officer = as_user("officer_a")

    # Report: a walk-in at the centre, 23 workers of park A's contractor unpaid.
    officer.goto("/disputes/new/")
    officer.select_option("select[name=source]", "walk_in")
    officer.select_option("select[name=park]", str(world.park_a.pk))
    officer.select_option("select[name=kind]", "labour")
    officer.select_option("select[name=urgency]", "urgent")
    officer.fill("input[name=title]", "23 名工人讨要三个月工资")
    officer.fill("textarea[name=description]", "承包商拖欠 23 名工人三个月工资共 9 万元，工人到调解中心反映。")
    officer.fill("input[name=amount]", "90000")
    officer.fill("input[name=people_involved]", "23")
    officer.fill("input[name=location]", "A工业园 3 号门")
    officer.click("button[type=submit].primary")
    officer.wait_for_url(DETAIL)
    url = officer.url
    dispute = Dispute.objects.get(pk=int(url.rstrip("/").rsplit("/", 1)[1]))
    assert dispute.is_group and dispute.status == Status.REPORTED
    group_flag = officer.locator(".page-head .tag.warn")
    assert group_flag.is_visible() and "23" in group_flag.inner_text()
    assert officer.locator(".page-head .status.dispute-reported").count() == 1
    officer.screenshot(path=str(shots / "dispute-reported.png"), full_page=True)

    # The workbench lists it, flagged, among the group disputes (the first list) and the new reports.
    officer.goto("/disputes/workbench/")
    rows = officer.locator(f"tr:has(a[href$='/disputes/{dispute.pk}/'])")
    assert rows.count() == 2 and "23" in rows.first.locator(".tag.warn").inner_text()
    assert officer.locator("section.card").first.locator(f"a[href$='/disputes/{dispute.pk}/']").count() == 1
    officer.goto(url)

    # Parties: the workers (a person party, represented) and the enterprise as respondent.
    officer.click("a[href$='/parties/new/']")
    officer.check("input[name=side][value=applicant]")
    officer.fill("input[name=full_name]", "张志强")
    officer.fill("input[name=id_number]", WORKERS_ID)
    officer.fill("input[name=phone]", WORKERS_PHONE)
    officer.fill("input[name=headcount]", "23")
    officer.fill("input[name=representative]", "工人代表")
    officer.click("button[type=submit].primary")
    officer.wait_for_url(DETAIL)
    officer.click("a[href$='/parties/new/']")
    officer.check("input[name=side][value=respondent]")
    officer.select_option("select[name=enterprise]", str(world.enterprise_a.pk))
    officer.click("button[type=submit].primary")
    officer.wait_for_url(DETAIL)
    workers, enterprise = (DisputeParty.objects.get(dispute=dispute, side=side) for side in ("applicant", "respondent"))
    assert enterprise.enterprise_id == world.enterprise_a.pk
    assert WORKERS_PHONE not in officer.content()  # the police read it masked too
    assert mask_phone(normalize_phone(WORKERS_PHONE)) in officer.content()

    # Accepted (the officer mediates), on site, the facts.
    _submit_and_return(officer, _open_action(officer, "accept"))
    arrive = _open_action(officer, "arrive")
    arrive.locator("textarea[name=arrive-note]").fill("已到 3 号门现场，工人情绪平稳。")
    _submit_and_return(officer, arrive)
    facts = _open_action(officer, "investigate")
    facts.locator("textarea[name=investigate-facts]").fill("经核对工资表，拖欠 23 人三个月工资共 90000 元属实。")
    _submit_and_return(officer, facts)
    comment = officer.locator("form#comment")
    comment.locator("textarea[name=comment-text]").fill(INTERNAL_NOTE)
    comment.locator("input[name=comment-internal]").check()
    _submit_and_return(officer, comment)
    dispute.refresh_from_db()
    assert dispute.status == Status.INVESTIGATING and dispute.onsite_at and dispute.contacted_at

    # Session 1, planned at the desk, recorded on a phone at the site: to be continued.
    phone = as_user("officer_a", phone=True)
    _plan_session(officer, timezone.now(), row={"role": "volunteer", "user": str(world.volunteer_a.pk)})
    _record_session_on_the_phone(phone, url, [workers, enterprise],
                                 minutes="第一次调解：企业承认欠薪，提出分期，工人要求一次付清。", result="continue",
                                 shots=shots, shot="session-1-phone.png")
    # Session 2 with a people's mediator from the street: agreed.
    officer.goto(url)
    _plan_session(officer, timezone.now(),
                  row={"role": "peoples_mediator", "name": "李调解", "organisation": "街道调委会"})
    _record_session_on_the_phone(phone, url, [workers, enterprise], minutes="第二次调解：双方同意分三期支付。",
                                 result="agreed", shots=shots, shot="session-2-phone.png")
    assert [s.result for s in dispute.sessions.order_by("number")] == ["continue", "agreed"]
    assert phone.locator("article.session").count() == 2
    assert overflow(phone) is None, overflow(phone)
    phone.screenshot(path=str(shots / "dispute-phone.png"), full_page=True)

    # The agreement: three instalments, the first due today, then in 30 and 60 days.
    officer.goto(url)
    officer.click("a[href$='/agreement/new/']")
    officer.wait_for_url("**/agreement/new/")
    officer.fill("textarea[name=terms]", "被申请人分三期向 23 名工人支付拖欠工资共计 90000 元。")
    officer.fill("input[name=total_amount]", "90000")
    officer.select_option("select[name=level]", "park")
    dues = [today, today + timedelta(days=30), today + timedelta(days=60)]
    for n, due in enumerate(dues):
        officer.fill(f"input[name=i{n}-due_on]", due.isoformat())
        officer.fill(f"input[name=i{n}-amount]", "30000")
    officer.screenshot(path=str(shots / "agreement-form.png"), full_page=True)
    officer.click("button[type=submit].primary")  # confirm.js asks first; answered yes
    officer.wait_for_url(DETAIL)
    agreement = Agreement.objects.get(dispute=dispute)
    first, second, third = agreement.instalments.order_by("number")
    assert [i.due_on for i in (first, second, third)] == dues
    agreement_card = officer.locator("section.card:has(a[href$='/document/'])")
    schedule = agreement_card.locator("table.grid").first.locator("tbody tr")
    assert schedule.count() == 3

    _record_payment(officer, url, first, "ICBC-20260101-001")
    first.refresh_from_db()
    assert first.paid_on == today and not first.paid_late

    # Test arrangement: the second instalment's due date moved into the past instead of waiting a month; then
    # the daily sweep.
    Instalment.objects.filter(pk=second.pk).update(due_on=today - timedelta(days=3))
    assert services.flag_defaults() == 1
    officer.reload()
    assert officer.locator(".page-head .tag.overdue").is_visible()  # returned to the mediator
    assert officer.locator("ol.timeline li.event-default").count() == 1
    assert schedule.nth(1).evaluate("tr => tr.classList.contains('overdue-row')")
    assert schedule.nth(1).locator(".tag.overdue").count() == 1
    officer.screenshot(path=str(shots / "default-alert.png"), full_page=True)
    officer.goto("/disputes/workbench/")
    returned = officer.locator(f"tr.overdue-row a[href$='/disputes/{dispute.pk}/']")
    assert returned.count() >= 1

    # Paid late: flagged so on the schedule and its payment; the dispute is no longer returned.
    _record_payment(officer, url, second, "ICBC-20260101-002")
    second.refresh_from_db()
    assert second.paid_late and not Dispute.objects.get(pk=dispute.pk).needs_mediator
    assert schedule.nth(1).locator(".tag.overdue").count() == 1  # paid late
    assert schedule.nth(0).locator(".tag.overdue").count() == 0
    payments = agreement_card.locator("table.grid").nth(1).locator("tbody tr")
    assert payments.nth(1).locator(".tag.overdue").count() == 1  # the payment itself: late
    assert officer.locator(".page-head .tag.overdue").count() == 0
    _record_payment(officer, url, third, "ICBC-20260101-003")
    agreement.refresh_from_db()
    dispute.refresh_from_db()
    assert agreement.status == AgreementStatus.FULFILLED and dispute.status == Status.SETTLED
    assert officer.locator(".page-head .status.dispute-settled").count() == 1
    assert payments.count() == 3
    officer.screenshot(path=str(shots / "agreement-fulfilled.png"), full_page=True)

    # The printable agreement and its PDF.
    officer.goto(f"/disputes/agreements/{agreement.pk}/document/")
    rows = officer.locator("article.agreement-doc table tbody tr")
    assert rows.count() == 4  # three instalments and the total
    for n, instalment in enumerate((first, second, third)):
        assert rows.nth(n).locator("td").nth(1).inner_text().strip() == cn_date(instalment.due_on)
        assert rows.nth(n).locator("td.num").inner_text().strip() == money("30000")
    assert rows.nth(3).locator("td.num").inner_text().strip() == money("90000")
    officer.screenshot(path=str(shots / "agreement-document.png"), full_page=True)
    pdf = officer.request.get(f"/disputes/agreements/{agreement.pk}/document.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    # The follow-up visit, then the archive.
    officer.goto(url)
    follow_up = _open_action(officer, "follow_up")
    follow_up.locator("textarea[name=follow_up-note]").fill("回访：三期工资均已到账，工人表示满意。")
    follow_up.locator("select[name=follow_up-satisfied]").select_option("yes")
    _submit_and_return(officer, follow_up)
    _submit_and_return(officer, officer.locator("form[action$='/archive/']"))
    officer.locator(".page-head .status.dispute-archived").wait_for()
    dispute.refresh_from_db()
    assert dispute.status == Status.ARCHIVED and dispute.follow_up_satisfied is True
    kinds = officer.locator("ol.timeline li").evaluate_all("lis => lis.map(li => li.className)")
    for kind in ("reported", "group", "party", "accepted", "arrived", "investigated", "session_planned",
                 "session_held", "agreement", "payment", "default", "fulfilled", "followed_up", "archived"):
        assert any(f"event-{kind}" in k.split() for k in kinds), kind
    officer.screenshot(path=str(shots / "dispute-archived.png"), full_page=True)

    # The respondent enterprise's liaison: the dispute, the agreement and schedule, nothing internal, no phone.
    liaison = as_user("liaison_a")
    liaison.goto("/disputes/")
    assert liaison.locator(f"a[href$='/disputes/{dispute.pk}/']").count() == 1
    liaison.goto(url)
    assert liaison.locator(".page-head .status.dispute-archived").count() == 1
    liaison_card = liaison.locator("section.card:has(a[href$='/document/'])")
    liaison_schedule = liaison_card.locator("table.grid").first.locator("tbody tr")
    assert liaison_schedule.count() == 3
    assert liaison_schedule.nth(1).locator(".tag.overdue").count() == 1
    content = liaison.content()
    assert INTERNAL_NOTE not in content and "拖欠 23 人三个月工资共" not in content  # internal note, facts found
    assert liaison.locator("ol.timeline li.internal").count() == 0
    for secret in WORKERS_SECRETS:
        assert secret not in content, secret
    assert "张**" in content  # the other side's person by family name only
    liaison.screenshot(path=str(shots / "liaison-dispute.png"), full_page=True)
    liaison.goto(f"/disputes/agreements/{agreement.pk}/document/")
    assert liaison.locator("article.agreement-doc table tbody tr").count() == 4
    document = liaison.content()
    for secret in WORKERS_SECRETS:
        assert secret not in document, secret
