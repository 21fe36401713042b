"""A risk report as the enterprise prints it (PDF: cover, summary, charts, figures, recommendations, notes) and as
the figures underneath (workbook), for the enterprise and for the park, and who may download them."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from jingqi.core.testing.pdfs import page_texts as pages
from jingqi.reports import documents
from jingqi.reports.choices import ReportKind
from jingqi.reports.models import RiskReport
from jingqi.reports.risk import FIGURES, RULES

with translation.override("zh-hans"):
    RULE_TEXT = {rule.code: str(rule.text) for rule in RULES}  # as the background job stores them

pytestmark = [pytest.mark.django_db, pytest.mark.dispute_cast, pytest.mark.case_cast]

KNOWN = dict.fromkeys(FIGURES, 0) | {
    "disputes": 3, "labour_disputes": 2, "thefts": 2, "frauds": 1, "case_loss": 125000.0, "case_recovered": 98000.5,
    "hazards_found": 4, "hazards_closed": 2, "hazards_open": 2, "hazards_overdue": 1, "requests": 5,
    "rated_requests": 4, "rating": 3.5}


@pytest.fixture
def known_report(world):
    """Enterprise a's sent report, with figures a reader can check, compared with a park of enough enterprises."""
    RiskReport.objects.filter(pk=world.report_a.pk).update(
        figures=KNOWN, previous=dict.fromkeys(FIGURES, 0) | {"thefts": 1, "rating": None},
        park_median=dict.fromkeys(FIGURES, 0) | {"thefts": 0.5, "rating": 4.5},
        recommendations=[{"code": "theft", "text": RULE_TEXT["theft"], "figure": "thefts", "value": 2},
                         {"code": "hazards_overdue", "text": RULE_TEXT["hazards_overdue"], "figure": "hazards_overdue",
                          "value": 1}])
    return RiskReport.objects.get(pk=world.report_a.pk)


def zh(text) -> str:
    """A label or a message as the (always Chinese) document prints it."""
    with translation.override("zh-hans"):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def test_the_enterprise_pdf_has_a_cover_then_the_summary_charts_figures_and_recommendations(world, known_report):
    texts = pages(documents.report_pdf(known_report, world.officer_a))
    cover, body = texts[0], "".join(texts[1:]).replace("\r\n", "")
    assert "企业风险研判报告" in cover and world.enterprise_a.name in cover and world.enterprise_a.uscc in cover
    assert zh(known_report.period_name) in cover and "页" not in cover
    # The summary says what the figures say, amounts as money is written.
    theft = zh(FIGURES["thefts"])
    assert "125,000.00" in body and "98,000.50" in body and "3.50" in body
    assert f"{theft} 2" in body
    # Compared with the previous half-year and with the park's median.
    assert f"{theft} 1 → 2" in body and f"{theft} 2（中位数 0.5）" in body
    # Charts, the table with the change, the recommendations with what triggered them, the notes.
    assert "纠纷与案件" in body and "园区中位数" in body and "+125,000.00" in body
    assert RULE_TEXT["theft"] in body and RULE_TEXT["hazards_overdue"] in body
    assert f"（依据：{theft} 2）" in body
    assert "统计说明" in body
    charts = body.split("二、")[1].split("三、")[0]
    assert zh(FIGURES["hazards_found"]) in charts
    assert zh(FIGURES["complaints"]) not in charts  # no bars for what is zero in both half-years
    assert texts[1].rstrip().endswith(zh("Page {page} of {pages}").format(page=1, pages=len(texts) - 1))


def test_a_park_too_small_for_a_median_says_why_there_is_none(world, known_report):
    RiskReport.objects.filter(pk=known_report.pk).update(park_median={})
    body = "".join(pages(documents.report_pdf(RiskReport.objects.get(pk=known_report.pk), world.officer_a))[1:])
    assert "园区企业少于 5 家" in body
    assert "园区中位数" not in body.replace("不提供园区中位数", "")


def test_the_pdf_is_in_chinese_whatever_the_language_of_who_downloads_it(world, known_report):
    with translation.override("en"):
        texts = pages(documents.report_pdf(known_report, world.officer_a))
    assert "企业风险研判报告" in texts[0] and "Enterprise risk report" not in texts[0]


def test_the_park_pdf_names_the_enterprises_that_call_for_attention(world, known_report):
    park_report = RiskReport.objects.get(park=world.park_a, period_start=known_report.period_start,
                                         kind=ReportKind.PARK)
    texts = pages(documents.report_pdf(park_report, world.officer_a))
    body = "".join(texts[1:])
    assert "园区风险研判报告" in texts[0] and world.park_a.name in texts[0]
    assert "需要关注的企业" in body or "重点关注" in body
    assert world.enterprise_a.name in body
    assert "园区中位数" not in body


def test_the_workbook_holds_the_figures_as_numbers(world, known_report):
    book = load_workbook(io.BytesIO(_workbook(documents.report_sheets(known_report, world.officer_a))))
    figures = book.worksheets[1]
    rows = {row[0]: row[1:] for row in figures.iter_rows(min_row=2, values_only=True)}
    assert rows[str(FIGURES["case_loss"])] == (125000, 0, 0)
    assert rows[str(FIGURES["thefts"])] == (2, 1, 0.5)
    advice = book.worksheets[2]
    assert [row[2] for row in advice.iter_rows(min_row=2, values_only=True)] == [
        str(FIGURES["thefts"]), str(FIGURES["hazards_overdue"])]


def test_the_park_workbook_has_a_row_per_enterprise_report(world, known_report):
    park_report = RiskReport.objects.get(park=world.park_a, period_start=known_report.period_start,
                                         kind=ReportKind.PARK)
    book = load_workbook(io.BytesIO(_workbook(documents.report_sheets(park_report, world.officer_a))))
    sheet = book.worksheets[-1]
    header = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    expected = RiskReport.objects.filter(park=world.park_a, period_start=known_report.period_start,
                                         kind=ReportKind.ENTERPRISE).count()
    assert len(rows) == expected >= 1
    mine = next(r for r in rows if r[0] == world.enterprise_a.name)
    assert mine[header.index(str(FIGURES["thefts"]))] == 2 and mine[4] == 2


def _workbook(sheets) -> bytes:
    from jingqi.core.exports import workbook_bytes

    return workbook_bytes(sheets)


def test_the_liaison_downloads_its_report_and_the_police_the_park_report(world, client_for, known_report):
    response = client_for(world.liaison_a).get(reverse("reports:report_pdf", args=[known_report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"] and ".pdf" in response["Content-Disposition"]
    response = client_for(world.liaison_a).get(reverse("reports:report_workbook", args=[known_report.pk]))
    assert response.status_code == 200 and ".xlsx" in response["Content-Disposition"]
    page = client_for(world.liaison_a).get(reverse("reports:report_detail", args=[known_report.pk]))
    assert reverse("reports:report_pdf", args=[known_report.pk]) in page.content.decode()


@pytest.mark.parametrize("persona", ["liaison_b", "dept_transport", "volunteer_a", "viewer"])
def test_no_one_else_downloads_an_enterprise_report(world, client_for, persona):
    for name in ("reports:report_pdf", "reports:report_workbook"):
        assert client_for(getattr(world, persona)).get(reverse(name, args=[world.report_a.pk])).status_code == 404


def test_the_liaison_cannot_download_the_park_report_nor_a_draft(world, client_for):
    park_report = RiskReport.objects.get(park=world.park_a, period_start=world.report_a.period_start,
                                         kind=ReportKind.PARK)
    liaison_a, liaison_b = client_for(world.liaison_a), client_for(world.liaison_b)
    assert liaison_a.get(reverse("reports:report_pdf", args=[park_report.pk])).status_code == 404
    assert liaison_b.get(reverse("reports:report_pdf", args=[world.report_b.pk])).status_code == 404


def test_the_park_documents_cost_a_fixed_number_of_queries(world, known_report, django_assert_num_queries):
    from jingqi.core.testing import factories as f
    from jingqi.reports import services
    from jingqi.reports.risk import Period

    for n in range(4):
        f.EnterpriseFactory(park=world.park_a, name=f"A园企业{n}")
    period = Period(known_report.period_start, known_report.period_end)
    services.run_generation(services.do_request_reports(world.officer_a, park=world.park_a, period=period).pk)
    park_report = RiskReport.objects.get(park=world.park_a, period_start=known_report.period_start,
                                         kind=ReportKind.PARK)
    assert RiskReport.objects.filter(park=world.park_a, period_start=known_report.period_start,
                                     kind=ReportKind.ENTERPRISE).count() == 5
    with django_assert_num_queries(2):  # the report with its park and station, the park's enterprise reports
        documents.report_pdf(park_report, world.officer_a)
    with django_assert_num_queries(2):
        documents.report_sheets(park_report, world.officer_a)


def test_a_park_report_with_a_retired_recommendation_still_prints(world, known_report):
    park_report = RiskReport.objects.get(park=world.park_a, period_start=known_report.period_start,
                                         kind=ReportKind.PARK)
    RiskReport.objects.filter(pk=park_report.pk).update(recommendations=[{"code": "retired", "enterprises": 2}])
    body = "".join(pages(documents.report_pdf(RiskReport.objects.get(pk=park_report.pk), world.officer_a)))
    assert "retired" in body  # named by its code, with no chart to draw it in


def test_the_workbook_names_its_sheets_as_a_report_does(world, known_report):
    sheets = documents.report_sheets(known_report, world.officer_a)
    assert [s.title for s in sheets] == [zh("About the report"), zh("Report figures"), zh("Recommendations")]
    assert sheets[0].rows[0][0] == zh("Kind of report") and zh("Report figures") == "报告数据"


def test_a_sent_report_prints_the_recommendation_it_was_sent_with(world, known_report):
    recommendations = [dict(known_report.recommendations[0], text="当时推送的建议原文。")]
    RiskReport.objects.filter(pk=known_report.pk).update(recommendations=recommendations)
    body = "".join(pages(documents.report_pdf(RiskReport.objects.get(pk=known_report.pk), world.officer_a)))
    assert "当时推送的建议原文。" in body and RULE_TEXT["theft"] not in body.replace("\r\n", "")


def test_the_page_writes_the_figures_as_the_pdf_does(world, client_for, known_report):
    page = client_for(world.liaison_a).get(reverse("reports:report_detail", args=[known_report.pk]))
    rows = {r["name"]: r for r in page.context["rows"]}
    assert rows["case_loss"]["value"] == "125,000.00" and rows["case_loss"]["change"] == "+125,000.00"
    assert rows["thefts"]["median"] == "0.5" and rows["rating"]["previous"] == "—"
    assert "125,000.00" in page.content.decode()
