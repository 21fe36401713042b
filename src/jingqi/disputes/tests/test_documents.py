"""The mediation agreement document: capital numerals, what each reader may see of the parties, and the PDF
(opened with PDFium, its text read back, page 1 drawn to a picture)."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.http import Http404
from django.utils import timezone

from jingqi.core.models import AuditEvent
from jingqi.core.testing.factories import valid_id_number, valid_mobile
from jingqi.core.testing.leaks import assert_not_shown
from jingqi.core.testing.pdfs import pdf_text
from jingqi.disputes import services
from jingqi.disputes.documents import (
    AGREEMENT_CONTEXT_KEYS,
    agreement_context,
    agreement_pdf,
    cn_count,
    rmb_upper,
)

WORKER_ID = valid_id_number(7, born=1950)
WORKER_PHONE = valid_mobile(55501234)  # shown as 13855501234
OTHER_ID = valid_id_number(8, born=1950)
PICTURE = Path("/tmp/agreement_page1.png")


@pytest.mark.parametrize(("amount", "upper"), [
    ("186000", "壹拾捌万陆仟元整"),
    ("62000.00", "陆万贰仟元整"),
    ("0", "零元整"),
    ("10", "壹拾元整"),
    ("110", "壹佰壹拾元整"),
    ("1005", "壹仟零伍元整"),
    ("1010", "壹仟零壹拾元整"),
    ("100100", "壹拾万零壹佰元整"),
    ("10001000", "壹仟万壹仟元整"),
    ("10000100", "壹仟万零壹佰元整"),
    ("100010000", "壹亿零壹万元整"),
    ("100000001", "壹亿零壹元整"),
    ("1005.30", "壹仟零伍元叁角"),
    ("100.05", "壹佰元零伍分"),
    ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
    ("0.50", "伍角"),
    ("0.07", "柒分"),
    ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
])
def test_amounts_in_capital_numerals(amount, upper):
    assert rmb_upper(Decimal(amount)) == upper


def test_a_negative_amount_has_no_capital_form():
    with pytest.raises(ValueError):
        rmb_upper("-1")


def test_small_counts_in_chinese():
    assert [cn_count(n) for n in (1, 3, 10, 12, 20, 35)] == ["一", "三", "十", "十二", "二十", "三十五"]


# --- the agreement -------------------------------------------------------------------------------


@pytest.fixture
def agreement(world):
    """A wage dispute settled by a signed agreement in three instalments: 23 workers (one person party with
    their ID number and phone) against enterprise A, two sessions with an officer and a people's mediator."""
    officer = world.officer_a
    dispute = services.do_report_dispute(officer, source="walk_in", park=world.park_a, data={
        "kind": "labour", "urgency": "urgent", "title": "二十三名工人讨要工资", "amount": "186000",
        "description": "承包商拖欠三个月工资，工人聚集在厂门口。", "people_involved": 23,
        "location": "A工业园 2 号门"})
    workers = services.do_add_party(officer, dispute, side="applicant", full_name="王建国", id_number=WORKER_ID,
                                    phone=WORKER_PHONE, headcount=23, representative="工人代表 王建国")
    services.do_add_party(officer, dispute, side="respondent", enterprise=world.enterprise_a,
                          representative="人事经理 周敏")
    services.do_accept_dispute(officer, dispute)
    services.do_record_facts(officer, dispute, facts="内部核查：企业账上资金不足，需分期。")
    outside = {"role": "peoples_mediator", "name": "李调解", "organisation": "街道人民调解委员会"}
    for n, mediators in enumerate(([{"role": "officer", "user": officer}, outside],
                                   [{"role": "officer", "user": officer}]), start=1):
        session = services.do_plan_session(officer, dispute, planned_at=timezone.now(), place="一站式调解中心",
                                           mediators=mediators)
        services.do_record_session(officer, session, attended=[workers], minutes=f"第{n}次调解。",
                                   result="agreed" if n == 2 else "continue")
    today = timezone.localdate()
    dues = [today + timedelta(days=days) for days in (10, 40, 70)]
    return services.do_sign_agreement(
        officer, dispute, signed_on=today, level="park", total_amount="186000",
        facts="A园新能源有限公司的承包商拖欠23名工人2026年7月至9月工资，合计人民币18.6万元，双方对金额无异议。",
        terms="一、被申请人于三期内向申请人支付拖欠工资共计人民币186000元；\n二、申请人收到全部款项后不再就本纠纷主张其他权利。",
        instalments=[{"due_on": due, "amount": amount} for due, amount in zip(dues, ("62000", "62000", "62000"),
                                                                               strict=True)])


@pytest.mark.django_db
def test_the_context_has_what_the_template_is_told(world, agreement):
    context = agreement_context(agreement, world.officer_a)
    assert set(context) == set(AGREEMENT_CONTEXT_KEYS)
    assert context["total_upper"] == "壹拾捌万陆仟元整"
    assert [i["amount_text"] for i in context["instalments"]] == ["62,000.00"] * 3
    assert [p["side"] for p in context["parties"]] == ["applicant", "respondent"]
    assert context["parties"][0]["display_name"] == "王建国等23人"
    assert [m["name"] for m in context["mediators"]] == [world.officer_a.full_name, "李调解"]
    assert context["centre"] == "城东派出所一站式矛盾纠纷调处化解中心"
    assert "本协议一式三份" in context["effect_text"]


@pytest.mark.django_db
def test_the_pdf_of_a_three_instalment_agreement_reads_back_and_is_drawn(world, agreement):
    data = agreement_pdf(agreement, world.supervisor)
    assert data.startswith(b"%PDF-") and b"/FontFile2" in data  # the font is embedded
    text, pages = pdf_text(data)
    for expected in ("人民调解协议书", agreement.dispute.reference, "王建国等23人", "A园新能源有限公司",
                     "被申请人于三期内向申请人支付拖欠工资共计人民币186000元", "不再就本纠纷主张其他权利",
                     "纠纷主要事实", "拖欠23名工人", "壹拾捌万陆仟元整", "186,000.00", "调解员：李调解",
                     "城东派出所一站式矛盾纠纷调处化解中心", "本协议一式三份"):
        assert expected in text, expected
    for instalment in agreement.instalments.all():
        due = instalment.due_on
        assert f"{due.year}年{due.month}月{due.day}日" in text
    assert text.count("62,000.00") == 3
    # The supervisor has the reveal right: the full ID number and phone, audited once, naming what was shown.
    assert WORKER_ID in text and "13855501234" in text
    event = AuditEvent.objects.get(action="dispute.agreement_document")
    assert event.actor == world.supervisor
    assert event.changes["revealed"][0]["fields"] == ["id_number", "phone"]

    document = pdfium.PdfDocument(data)
    try:
        page = document[0]
        width, height = page.get_size()
        assert (round(width), round(height)) == (595, 842)  # A4 in points
        page.render(scale=2).to_pil().save(PICTURE)
    finally:
        document.close()
    assert PICTURE.stat().st_size > 10_000
    assert pages >= 1


@pytest.mark.django_db
def test_an_officer_without_the_reveal_right_sees_masked_values_and_nothing_is_audited(world, agreement):
    context = agreement_context(agreement, world.officer_a)
    worker = context["parties"][0]
    assert worker["id_value"] == WORKER_ID[:4] + "*" * 10 + WORKER_ID[-4:]
    assert worker["phone"] == "138****1234" and worker["masked"]
    text, _pages = pdf_text(agreement_pdf(agreement, world.officer_a))
    assert WORKER_ID not in text and "13855501234" not in text
    assert worker["id_value"] in text
    assert not AuditEvent.objects.filter(action="dispute.agreement_document").exists()


@pytest.mark.django_db
def test_a_masked_preview_reveals_nothing_even_to_the_supervisor(world, agreement):
    text, _pages = pdf_text(agreement_pdf(agreement, world.supervisor, reveal=False))
    assert WORKER_ID not in text and "13855501234" not in text
    assert not AuditEvent.objects.filter(action="dispute.agreement_document").exists()


@pytest.mark.django_db
def test_the_liaison_document_shows_nothing_personal_of_the_other_side(world, agreement):
    dispute = agreement.dispute
    # A person on the liaison's own side too: named, with masked values only.
    services.do_add_party(world.officer_a, dispute, side="respondent", full_name="周敏", id_number=OTHER_ID,
                          phone="+8613900008888")
    context = agreement_context(agreement, world.liaison_a)
    worker, _enterprise, colleague = context["parties"]
    assert worker["name"] == "王**" and worker["id_value"] == worker["phone"] == worker["representative"] == ""
    assert colleague["name"] == "周敏" and colleague["phone"] == "139****8888"
    assert colleague["id_value"] == OTHER_ID[:4] + "*" * 10 + OTHER_ID[-4:]
    text, _pages = pdf_text(agreement_pdf(agreement, world.liaison_a))
    assert "王**等23人" in text and "A园新能源有限公司" in text
    assert_not_shown(text, "王建国", WORKER_ID, WORKER_ID[-4:], WORKER_ID[:4] + "*" * 10 + WORKER_ID[-4:],
                     "13855501234", "1234", "138*", "工人代表")
    assert not AuditEvent.objects.filter(action="dispute.agreement_document").exists()
    assert dispute.reference in text


@pytest.mark.django_db
def test_others_cannot_have_the_document(world, agreement):
    for user in (world.liaison_b, world.officer_b, world.viewer, world.supervisor_t):
        with pytest.raises(Http404):
            agreement_context(agreement, user)
