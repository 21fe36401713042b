import json

from openpyxl import load_workbook

from jingqi.claims.engine import report
from jingqi.claims.engine.scoring import scan
from jingqi.core.testing.factories import valid_id_number, valid_mobile

from .conftest import complaint
from .test_rules import SCRIPT


def flagged_file(make_file):
    person = {"complainant_name": "职业甲", "complainant_id_number": valid_id_number(77),
              "complainant_phone": valid_mobile(77)}
    rows = [complaint(**person, merchant_name=f"商家{i}",
                      text=SCRIPT.format(m=f"商家{i}", n=i) + "支付宝账号：13900001111",
                      claim_amount="1000", purchase_amount="10", outcome="withdrawn", compensation_amount="800")
            for i in range(6)]
    return make_file(rows + [complaint(complaint_id="")])


def test_json_schema_every_clue_explained_and_ordered(make_file, tmp_path):
    result = scan(flagged_file(make_file))
    report.write(result, tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    s = data["summary"]
    assert s["rows_scanned"] == 6 and s["rows_skipped"] == 1 and s["row_errors"][0]["row"] == 8
    assert s["flagged_complaints"] == 6
    scores = [c["score"] for c in data["clues"]]
    assert scores == sorted(scores, reverse=True) and all(0 <= x <= 1 for x in scores)
    for clue in data["clues"]:
        assert set(clue) >= {"clue_id", "kind", "score", "complaint_ids", "complainant_keys", "reasons"}
        assert clue["kind"] in ("complainant", "ring") and clue["reasons"]
        explained = 1.0
        for r in clue["reasons"]:
            assert set(r) >= {"rule", "detail", "complaint_ids"}
            assert set(r["complaint_ids"]) <= set(clue["complaint_ids"])
            explained *= 1 - r["weight"]
        assert abs((1 - explained) - clue["score"]) < 1e-3  # the reasons are the whole score


def test_personal_data_is_masked_unless_revealed(make_file, tmp_path):
    result = scan(flagged_file(make_file))
    number = valid_id_number(77)
    masked = json.dumps(report.as_dict(result), ensure_ascii=False)
    assert number not in masked and number[:4] + "**********" + number[-4:] in masked
    revealed = json.dumps(report.as_dict(result, reveal=True), ensure_ascii=False)
    assert number in revealed
    report.write(result, tmp_path / "r.html", "html")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert number not in page and "13900001111" not in page and "职业甲" not in page
    report.write(result, tmp_path / "full.html", "html", reveal=True)
    assert "职业甲" in (tmp_path / "full.html").read_text(encoding="utf-8")


def test_html_report_is_chinese_and_self_contained(make_file, tmp_path):
    result = scan(flagged_file(make_file))
    report.write(result, tmp_path / "r.html", "html")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "消费领域虚假维权线索报告" in page and "私下获赔后撤诉" in page and "无法读取的行" in page
    assert "http://" not in page and "https://" not in page


def test_xlsx_report_has_clues_reasons_and_excerpts(make_file, tmp_path):
    result = scan(flagged_file(make_file))
    report.write(result, tmp_path / "r.xlsx", "xlsx")
    wb = load_workbook(tmp_path / "r.xlsx")
    assert wb.sheetnames == ["线索", "依据明细", "投诉节选", "概况"]
    assert wb["线索"].max_row >= 2 and wb["投诉节选"].max_row == 7


FORMULAS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)"]


def test_scan_xlsx_report_writes_formula_payloads_as_text(make_file, tmp_path):
    """Complaint numbers, merchants and products come from the export: in the report they stay text."""
    from django.core.management import call_command

    from jingqi.core.tests.test_exports import _sheet_xml

    person = {"complainant_name": "职业甲", "complainant_id_number": valid_id_number(78),
              "complainant_phone": valid_mobile(78)}
    rows = [complaint(**person, complaint_id=payload, merchant_name=payload, product=payload,
                      text=SCRIPT.format(m=f"商家{i}", n=i), claim_amount="1000", purchase_amount="10",
                      outcome="withdrawn", compensation_amount="800")
            for i, payload in enumerate(FORMULAS)]
    source = make_file(rows)
    out = tmp_path / "r.xlsx"
    call_command("claims", "scan", str(source), "--out", str(out), "--format", "xlsx", verbosity=0)
    assert "<f>" not in _sheet_xml(out.read_bytes())
    wb = load_workbook(out)
    excerpts = wb["投诉节选"]
    cells = {c.value: c for row in excerpts.iter_rows(min_row=2) for c in row}
    for payload in FORMULAS:
        assert payload in cells and cells[payload].data_type == "s" and cells[payload].quotePrefix
    numbers = wb["线索"]["G2"]
    assert numbers.value.startswith(tuple(FORMULAS)) and numbers.quotePrefix


def test_the_summary_and_the_html_report_name_the_outcome_labels_no_rule_knows(make_file, tmp_path):
    rows = [complaint(outcome="其它情形"), complaint(outcome="其它情形"), complaint(outcome="调解成功"),
            complaint(received_at="45356.5972")]
    result = scan(make_file(rows))
    s = report.summary(result)
    assert s["unknown_outcomes"] == {"其它情形": 2}
    assert s["oddities"]["unknown_outcomes"] == 2 and s["oddities"]["excel_serial_dates"] == 1
    report.write(result, tmp_path / "r.html", fmt="html")
    assert "未能识别的处理结果" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "其它情形（2 件）" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_every_rule_has_a_chinese_title_and_sentence_and_a_label_on_the_page():
    """A rule added to the engine is said in the Chinese report and named on the clue page."""
    from jingqi.claims.choices import RULE_TITLES
    from jingqi.claims.engine.rules import FAMILIES
    from jingqi.claims.engine.scoring import ADJUSTMENTS

    rules = set(FAMILIES) | set(ADJUSTMENTS)
    assert rules <= set(report.RULES_ZH) and rules <= set(RULE_TITLES)


def test_the_families_of_a_capped_clue_are_named_in_the_readers_language():
    from django.utils import translation

    from jingqi.claims.engine.rules import FAMILIES, family_label

    facts = {"cap": 0.45, "uncapped": 0.88, "families": ["identity", "numbers"]}
    with translation.override("en"):  # the Chinese report is Chinese whatever the reader's language
        assert "（身份、号码）" in report.reason_zh({"rule": "one_family", "detail": "", "facts": facts})[1]
        assert family_label("numbers") == "phone numbers"
    with translation.override("zh-hans"):
        names = {family_label(f) for f in set(FAMILIES.values())}
    assert len(names) == len(set(FAMILIES.values()))
    assert all(not name.isascii() for name in names)


def test_a_private_settlement_without_an_amount_is_said_as_such_in_chinese():
    facts = {"complaints": 3, "paid": 5000.0, "unrecorded": 2}
    reason = {"rule": "withdrawn_after_payment", "detail": "", "facts": facts}
    assert report.reason_zh(reason)[1] == ("3 件投诉在商家私下赔付后撤回，有记录的获赔共 5,000 元"
                                           "（其中 2 件注明私下和解而未登记金额）")
    reason["facts"] = {"complaints": 3, "paid": 5000.0}  # a clue saved before the remark was read
    assert report.reason_zh(reason)[1] == "3 件投诉在商家私下赔付后撤回，累计获赔 5,000 元"
