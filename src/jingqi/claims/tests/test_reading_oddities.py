"""The reader keeps every usable row: oddities of real exports are read and counted, never refused (issue 12)."""

from datetime import UTC, datetime

import numpy as np
import pytest
from django.utils import translation

from jingqi.claims.engine.reading import (
    CLOSED,
    COLUMNS,
    COMPENSATED,
    MEDIATED,
    OTHER,
    OUTCOME_FAILED,
    OUTCOME_PARTIAL,
    OUTCOME_REFUND,
    OUTCOME_SETTLED,
    OUTCOME_TRANSFERRED,
    PENDING,
    REJECTED,
    TEXT_PHONE_OTHERS,
    TEXT_PHONE_OWN,
    WITHDRAWN,
    outcome_of,
    parse_amount,
    parse_time,
    read_complaints,
    split_name,
)
from jingqi.core.errors import ActionError
from jingqi.core.testing.factories import valid_id_number

from .conftest import complaint


def _at(seconds: int) -> datetime:
    return datetime.fromtimestamp(int(seconds), tz=UTC)


# --- outcomes ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("label", "meaning", "facts"), [
    ("调解成功", MEDIATED, 0), ("已办结", CLOSED, 0), ("调解不成", CLOSED, OUTCOME_FAILED),
    ("终止调解", CLOSED, OUTCOME_FAILED), ("中止调解", PENDING, 0), ("部分赔偿", COMPENSATED, OUTCOME_PARTIAL),
    ("转办", PENDING, OUTCOME_TRANSFERRED), ("已转执法", CLOSED, OUTCOME_TRANSFERRED),
    ("并案处理", CLOSED, OUTCOME_TRANSFERRED), ("不予立案", REJECTED, 0), ("维持原决定", REJECTED, 0),
    ("判决支持", COMPENSATED, 32), ("已退款", COMPENSATED, OUTCOME_REFUND), ("消费者撤回", WITHDRAWN, 0),
    ("退款后撤回", WITHDRAWN, OUTCOME_REFUND), ("撤回（双方和解）", WITHDRAWN, OUTCOME_SETTLED),
    ("终止", CLOSED, OUTCOME_FAILED), ("compensated", COMPENSATED, 0), ("", PENDING, 0),
])
def test_outcome_labels_are_read_for_their_meaning_and_facts(label, meaning, facts):
    got_meaning, got_facts, known = outcome_of(label)
    assert (got_meaning, got_facts, known) == (meaning, facts, True)


def test_unknown_outcome_label_keeps_the_row_and_is_counted_by_label(make_file):
    rows = [complaint(outcome="待定夺"), complaint(outcome="待定夺 "), complaint(outcome="其它情形"),
            complaint(outcome="调解成功")]
    c = read_complaints(make_file(rows))
    assert len(c) == 4 and not c.errors
    assert c.cols["outcome"].tolist()[2:] == [OTHER, MEDIATED]
    assert c.unknown_outcomes == {"其它情形": 1} or c.unknown_outcomes == {"待定夺": 2, "其它情形": 1}
    assert c.oddities["unknown_outcomes"] == sum(c.unknown_outcomes.values())


def test_withdrawal_after_refund_is_told_from_withdrawal_after_private_payment(make_file):
    rows = [complaint(outcome="退款后撤回", purchase_amount="59", compensation_amount="59"),
            complaint(outcome="撤回（双方和解）", purchase_amount="59", compensation_amount="2000"),
            complaint(outcome="消费者撤回", compensation_amount="")]
    c = read_complaints(make_file(rows))
    assert c.cols["outcome"].tolist() == [WITHDRAWN] * 3
    assert c.cols["outcome_facts"].tolist() == [OUTCOME_REFUND, OUTCOME_SETTLED, 0]
    assert c.cols["compensation"][:2].tolist() == [59.0, 2000.0] and np.isnan(c.cols["compensation"][2])
    assert [c.value("outcome_label", int(x)) for x in c.cols["outcome_label"]] == [
        "退款后撤回", "撤回（双方和解）", "消费者撤回"]


# --- dates -------------------------------------------------------------------------------------------


def test_excel_serial_dates_are_read_in_every_date_column_and_counted(make_file):
    c = read_complaints(make_file([complaint(received_at="45356.5972", purchase_date="45350",
                                             closed_at="45360.25")]))
    assert not c.errors
    assert _at(c.cols["received"][0]) == datetime(2024, 3, 5, 6, 19, 58, tzinfo=UTC)  # 14:19:58 in China
    assert c.cols["purchase_day"][0] == parse_time("2024-02-28") // 86400
    assert _at(c.cols["closed"][0]) == datetime(2024, 3, 8, 22, 0, tzinfo=UTC)
    assert c.oddities["excel_serial_dates"] == 3
    assert parse_time("45356.5972") == int(c.cols["received"][0])


def test_an_unreadable_date_received_is_a_clear_translated_error(make_file):
    path = make_file([complaint(received_at="0000-00-00")])
    with translation.override("zh-hans"):
        c = read_complaints(path)
    assert len(c) == 0 and c.errors[0].row == 2
    assert "0000-00-00" in c.errors[0].reason and "received" not in c.errors[0].reason


def test_zoned_iso_times_are_read_with_their_zone(make_file):
    c = read_complaints(make_file([complaint(received_at="2024-05-01T10:00:00+08:00"),
                                   complaint(received_at="2024-05-01T02:00:00Z"),
                                   complaint(received_at="2024-05-01 10:00")]))
    assert len(set(c.cols["received"].tolist())) == 1


# --- encodings and row shapes ------------------------------------------------------------------------


def _csv_text(rows):
    import csv
    import io

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def test_bom_and_gb18030_files_read_like_plain_utf8(tmp_path):
    rows = [complaint(text="塑料片划伤手指，要求退一赔十", complainant_name="王偉"), complaint()]
    text = _csv_text(rows)
    (tmp_path / "plain.csv").write_text(text, encoding="utf-8")
    (tmp_path / "bom.csv").write_text(text, encoding="utf-8-sig")
    (tmp_path / "gb.csv").write_bytes(text.encode("gb18030"))
    plain, bom, gb = (read_complaints(tmp_path / f) for f in ("plain.csv", "bom.csv", "gb.csv"))
    for other in (bom, gb):
        assert list(other.complaint_ids) == list(plain.complaint_ids)
        assert list(other.names) == list(plain.names) == ["王伟", rows[1]["complainant_name"]]
        assert (other.text_sig == plain.text_sig).all()
        assert (other.cols["scripts"] == plain.cols["scripts"]).all() and plain.cols["scripts"][0]


# Arrow's row handler cannot decode the line and says so on its way out; the reader then takes over.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_file_that_is_not_text_is_a_clear_error(tmp_path):
    path = tmp_path / "mixed.csv"
    head = _csv_text([complaint() for _i in range(3)]).encode("utf-8")
    # Valid UTF-8 for the first MiB, then bytes no encoding the reader accepts can read.
    path.write_bytes(head + ("测" * 400_000).encode("utf-8") + b"\n" + b"\xff\xfe\xfd" * 10 + b"\n")
    with pytest.raises(ActionError, match="UTF-8"):
        read_complaints(path)


def test_rows_shorter_than_the_header_keep_what_they_have(tmp_path):
    row, other = complaint(complainant_phone="13812345678"), complaint()
    path = tmp_path / "short.csv"
    path.write_text(",".join(COLUMNS) + "\n" + ",".join(row[c] for c in COLUMNS[:8]) + "\n\n"
                    + ",".join(other[c] for c in COLUMNS) + "\n", encoding="utf-8")
    c = read_complaints(path)
    assert len(c) == 2 and c.rows_read == 2 and not c.errors  # the blank line is no row
    assert c.oddities["short_rows"] == 1 and c.cols["row_number"].tolist() == [2, 4]
    assert c.value("phone", int(c.cols["phone"][0])) == "+8613812345678"
    assert np.isnan(c.cols["amount"][0]) and c.cols["purchase_day"][0] == -1 and c.cols["product"][0] == -1


def test_duplicate_id_whose_first_row_is_broken_keeps_the_valid_one(make_file):
    first = complaint(complaint_id="D1", received_at="不详", merchant_name="第一家")
    second = complaint(complaint_id="D1", merchant_name="第二家")
    third = complaint(complaint_id="D1", merchant_name="第三家")
    c = read_complaints(make_file([first, second, third]))
    assert list(c.complaint_ids) == ["D1"] and c.value("merchant", int(c.cols["merchant"][0])) == "第二家"
    assert [(e.row, "not a date" in e.reason, "twice" in e.reason) for e in c.errors] == [
        (2, True, False), (4, False, True)]


# --- identifiers in their columns --------------------------------------------------------------------


def test_leading_apostrophes_are_excels_text_marker_not_part_of_the_value(make_file):
    number = valid_id_number(11)
    c = read_complaints(make_file([
        complaint(complaint_id="'A100", complainant_id_number="'" + number, complainant_phone="'13812345678"),
        complaint(complaint_id="A101", complainant_id_number=number, complainant_phone="13812345678")]))
    assert list(c.complaint_ids) == ["A100", "A101"]
    assert c.cols["id_number"][0] == c.cols["id_number"][1] >= 0
    assert c.cols["phone"][0] == c.cols["phone"][1] >= 0
    assert c.oddities["leading_apostrophes"] == 3


def test_masked_phones_are_not_linkable_not_errors_and_counted(make_file):
    """Two people's masked numbers alike in their seven digits are not one phone (each a masked line of its own
    under its name); under no name, a masked number is none."""
    c = read_complaints(make_file([complaint(complainant_phone="155****8826"),
                                   complaint(complainant_phone="155****8826"),
                                   complaint(complainant_phone="155****8826", complainant_name="王女士")]))
    assert len(c) == 3 and len({int(k) for k in c.cols["phone"]}) == 3 and c.cols["phone"][2] == -1
    assert c.oddities["masked_phones"] == 3 and c.unreadable_phones == 0


def test_phone_spellings_read_as_one_number(make_file):
    spellings = ["13812345678", "86-13812345678", "13812345678（本人）", "１３８１２３４５６７８", "+86 138 1234 5678"]
    c = read_complaints(make_file([complaint(complainant_phone=p) for p in spellings]))
    assert len(set(c.cols["phone"].tolist())) == 1 and c.cols["phone"][0] >= 0


def test_quantities_and_amounts_with_units_or_full_width_digits(make_file):
    c = read_complaints(make_file([
        complaint(purchase_quantity="2箱", purchase_amount="￥1,225.00", claim_amount="约90元"),
        complaint(purchase_quantity="２", purchase_amount="５５元", claim_amount="n/a")]))
    assert c.cols["quantity"].tolist() == [2.0, 2.0]
    assert c.cols["amount"].tolist() == [1225.0, 55.0]
    assert c.cols["claim"][0] == 90.0 and np.isnan(c.cols["claim"][1])
    assert c.oddities["numbers_with_units"] >= 4
    assert parse_amount("2箱") == 2.0 and np.isnan(parse_amount("三箱"))


@pytest.mark.parametrize("cell, amount", [
    ("4k", 4000), ("1.2w", 12000), ("3.5 K", 3500), ("2.6万", 26000), ("1.0129万", 10129), ("１.５万元", 15000),
    ("叁仟贰佰玖拾玖元整", 3299), ("人民币贰仟元", 2000), ("-壹佰叁拾肆元整", -134), ("一百块", 100),
    ("三万三千五", 33500), ("八千二元", 8200),
])
def test_amounts_with_a_multiplier_or_in_chinese_numerals_are_read_as_written(make_file, cell, amount):
    # "4k" is four thousand yuan, not four: read as the bare number, a 4,000-yuan purchase claiming 1,000 yuan
    # looked like the floor claimed on a purchase of a few yuan.
    assert parse_amount(cell) == amount
    c = read_complaints(make_file([complaint(purchase_amount=cell, claim_amount=cell, compensation_amount=cell)]))
    assert c.cols["amount"][0] == c.cols["claim"][0] == c.cols["compensation"][0] == np.float32(amount)
    assert c.oddities["numbers_with_units"] >= 3


@pytest.mark.parametrize("cell", ["三百多", "三箱", "万", "几千", "k"])
def test_words_that_are_no_amount_read_as_none(cell):
    assert np.isnan(parse_amount(cell))


def test_a_unit_holding_a_chinese_numeral_keeps_the_number_before_it():
    assert parse_amount("300元/千克") == 300.0 and parse_amount("12元/百克") == 12.0


def test_credit_codes_in_lower_case_or_split_by_spaces_are_one_merchant(make_file):
    code = "91330106MAPR7JY38G"
    c = read_complaints(make_file([complaint(merchant_uscc=code, merchant_name="甲"),
                                   complaint(merchant_uscc=code.lower(), merchant_name="乙"),
                                   complaint(merchant_uscc="9133 0106 MAPR 7JY3 8G", merchant_name="丙")]))
    assert len(set(c.cols["merchant"].tolist())) == 1
    assert c.value("merchant", int(c.cols["merchant"][0])) == "甲"


def test_a_shop_entered_once_without_its_credit_code_is_the_same_shop(make_file):
    # One shop with its code on the platform's record and without it on the court's (either order, other
    # batches); a chain whose branches share one name but have codes of their own is left apart.
    rows = [complaint(merchant_name="澜港市鑫汇海鲜大排档"),
            complaint(merchant_name="澜港市鑫汇海鲜大排档", merchant_uscc="91330106MAPR7JY38G"),
            complaint(merchant_name="澜港市 鑫汇海鲜大排档"),
            complaint(merchant_name="惠万家超市", merchant_uscc="91330106MA2B3C4D5E"),
            complaint(merchant_name="惠万家超市", merchant_uscc="91330106MA2B3C4D6F"),
            complaint(merchant_name="惠万家超市"),
            complaint(merchant_name="别的小店")]
    c = read_complaints(make_file(rows), batch=2)
    m = c.cols["merchant"].tolist()
    assert m[0] == m[1] == m[2]
    assert len({m[3], m[4], m[5], m[6], m[0]}) == 5


# --- names -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "surname", "honorific"), [
    ("王先生", "王", True), ("宋女士", "宋", True), ("李小姐", "李", True), ("张师傅", "张", True),
    ("老王", "王", True), ("欧阳先生", "欧阳", True), ("宋琳琴", "宋", False), ("欧阳娜娜", "欧阳", False),
    ("王伟", "王", False), ("john", "", False),
])
def test_names_split_into_surname_and_whether_only_a_form_of_address(name, surname, honorific):
    assert split_name(name) == (surname, honorific)


def test_honorific_only_names_never_count_as_a_distinct_identity(make_file):
    rows = [complaint(complainant_name="宋琳琴", complainant_phone="13912345678"),
            complaint(complainant_name="宋女士", complainant_phone="13912345678"),
            complaint(complainant_name="王先生"), complaint(complainant_name="王先生"),
            complaint(complainant_name="老王")]
    c = read_complaints(make_file(rows))
    assert c.cols["name"][0] >= 0 and (c.cols["name"][1:] == -1).all()
    assert c.cols["honorific"].tolist() == [0, 1, 1, 1, 1]
    assert [c.value("surname", int(x)) for x in c.cols["surname"]] == ["宋", "宋", "王", "王", "王"]
    assert list(c.names)[1:3] == ["宋女士", "王先生"]  # kept as written for the report
    assert c.oddities["honorific_names"] == 4
    # One phone, one full name: the honorific record adds no second name to it.
    phone_rows = c.cols["phone"] == c.cols["phone"][0]
    assert len(set(c.cols["name"][phone_rows].tolist()) - {-1}) == 1


# --- identifiers written in the complaint text --------------------------------------------------------


def test_phones_and_cards_written_in_text_become_linkable_codes(make_file):
    coordinator = "13712345678"
    rows = [
        complaint(complainant_phone=coordinator,
                  text="我是本人，联系电话" + coordinator + "，请尽快处理此事，谢谢各位。"),
        complaint(text="赔偿款请转至工商银行账户６２１２ ２６８５ ０３４５ ７５１２ ９９９，户名陈明刚。"
                       "有事请打我电话１３７－１２３４－５６７８。"),
        complaint(text="调解款项请汇入6212-2685-0345-7512-999（工商银行），本人手机137 1234 5678，谢谢。"),
        complaint(text="实付358元，订单号083919904902155586。商家电话134-2743-6151，一直没人接，很着急。"),
        complaint(text="支付宝账号：pay.me@example.com，微信号：wxid_ab12cd，请尽快赔付，否则继续投诉。"),
    ]
    c = read_complaints(make_file(rows))
    own = int(c.cols["phone"][0])
    pairs = set(zip(c.text_phone_rows.tolist(), c.text_phone_codes.tolist(), strict=True))
    assert {(0, own), (1, own), (2, own)} <= pairs  # written three ways, one code: the complainant's own
    roles = dict(zip(c.text_phone_rows.tolist(), c.text_phone_roles.tolist(), strict=True))
    assert roles[2] == TEXT_PHONE_OWN and roles[3] == TEXT_PHONE_OTHERS
    merchant = [code for r, code in pairs if r == 3]
    assert c.value("phone", merchant[0]) == "+8613427436151"
    accounts = dict(zip(c.account_rows.tolist(), c.account_codes.tolist(), strict=False))
    assert accounts[1] == accounts[2] >= 0  # the same card, spaced and full-width, or dashed
    assert 3 not in accounts  # an order number is not a card
    assert sorted(c.account_rows.tolist()).count(4) == 2  # Alipay and WeChat


def test_phones_and_cards_spelled_past_a_number_filter_are_read_as_their_digits(make_file):
    # Chinese digits among Arabic ones, dots or "(空格)" between the groups: one coordinator's phone and card
    # however they were spelled. Dates with dots (a range, a birthday before a building's number), a street of
    # Chinese digits, a phone after a dotted date and a card before the word 一直 keep what they plainly say.
    rows = [
        complaint(text="代理人朱娜，电话1993.8397.244，请尽快处理。"),
        complaint(text="如需核实请联系我朋友朱先生19938（空格）397244。"),
        complaint(text="本人不方便接电话，有事打1993839七二四四。"),
        complaint(text="联系人电话：幺九九三八三九七二四四。"),
        complaint(text="钱打到这张卡：6225.8874.9947.5606.36，谢谢。"),
        complaint(text="赔偿款请转至建设银行卡号622588749947五六零六三六。"),
        complaint(text="2024.03.18在五一路一二三号店买的，共496.9元，要求退款。"),
        complaint(text="我于2024.11.15 13800138000 联系过商家，无人处理。"),
        complaint(text="3·15促销活动2025.03.01-2025.03.15期间购买，赔偿款至今未到账，要求退款。"),
        complaint(text="代老人反映：老人生日1945.05.12 168号楼，买的保健品没有效果，要求退款。"),
        complaint(text="電話１９９３．８３９７．２４４，請儘快聯繫。"),
        complaint(text="退款请打到卡号6225887499475606 一直没有到账。"),
        complaint(text="联系电话199三839七244，或1993/8397/244。"),
        complaint(text="商家收款1299.00 13800138000 是店主的电话。"),
        complaint(text="赔偿款转到卡号6225887499475606一一核对。"),
    ]
    c = read_complaints(make_file(rows))
    phones = dict(zip(c.text_phone_rows.tolist(), c.text_phone_codes.tolist(), strict=True))
    assert {r for r in phones if r < 4} == {0, 1, 2, 3}
    assert len({phones[r] for r in range(4)}) == 1 and c.value("phone", phones[0]) == "+8619938397244"
    accounts = dict(zip(c.account_rows.tolist(), c.account_codes.tolist(), strict=True))
    assert accounts[4] == accounts[5] >= 0  # one card, with dots or its last digits in Chinese
    assert 6 not in phones and 6 not in accounts
    assert c.value("phone", phones[7]) == "+8613800138000" and 7 not in accounts
    assert {8, 9}.isdisjoint(phones) and {8, 9}.isdisjoint(accounts)  # a dotted date range, a birthday
    assert phones[10] == phones[0]  # full-width dots, as typed in full-width mode
    assert list(c.account_rows).count(11) == 1  # the card, not the card and the word 一直 after it
    assert phones[12] == phones[0]  # Chinese digits apart, slashes between the groups
    assert c.value("phone", phones[13]) == "+8613800138000" and 13 not in accounts  # an amount, then a phone
    assert list(c.account_rows).count(14) == 1  # digits spelled after a plain card number are no second card


def test_a_phone_many_strangers_write_is_one_code_on_many_rows(make_file):
    rows = [complaint(text=f"我在店里买的东西坏了，商家电话0571-82180483，打了很多次都没人接，第{i}次投诉。")
            for i in range(5)]
    c = read_complaints(make_file(rows))
    assert len(c.text_phone_rows) == 5 and len(set(c.text_phone_codes.tolist())) == 1
    assert set(c.text_phone_roles.tolist()) == {TEXT_PHONE_OTHERS}
    assert not (c.cols["phone"] == c.text_phone_codes[0]).any()


@pytest.mark.parametrize("one, other, same", [
    ("凌港市钢城区汽配大道193号1单元204", "汽配大道193-1-204", True),
    ("凌港港湾区恒苑4号楼", "凌港港湾区恒苑４-楼", True),
    ("浙江省绍兴市 人民路1号", "人民路1号", True),
    ("中山区海昌路231号5单元1401室", "海昌路231 5 1401", True),
    ("汽配大道193号1单元204", "汽配大道193号1单元205", False),
    ("阳光小区3栋2单元501", "3-2-501", False),  # a community's name is no district: it stays
    ("开发区大道5号", "高新区大道5号", False),  # two streets named after their districts
    ("温州大道5号", "福州大道5号", False),
    ("凌港市开发区大道5号", "开发区大道5号", True),
    ("工业园员工宿舍", "工业园员工宿舍二期", False),
    # A delivery remark at the end, and numbers partly in Chinese digits, leave the building as it was.
    ("边贸区澜沧路62号孔雀湖畔16栋1004室", "澜沧路62号孔雀湖畔16栋1004室（菜鸟驿站）", True),
    ("边贸区澜沧路62号孔雀湖畔16栋1004室", "澜沧路62号孔雀湖畔16栋1004室 放门口", True),
    ("边贸区澜沧路62号孔雀湖畔16栋1004室", "澜沧路6二号孔雀湖畔16栋10零四室", True),
    ("边贸区澜沧路62号孔雀湖畔16栋1004室", "澜沧路六二号孔雀湖畔十六栋1004室", False),  # 十 is a word, not a digit
    ("五一路8号", "51路8号", False),  # a street named with Chinese digits keeps its name
    ("阳光小区(东门)3栋201", "阳光小区3栋201", False),  # a bracket inside the address is part of it
    ("澜沧路62号1004室", "澜沧路62号1005室(丰巢柜)", False),
])
def test_addresses_written_differently_compare_as_one_building(make_file, one, other, same):
    c = read_complaints(make_file([complaint(complainant_address=one), complaint(complainant_address=other)]))
    address = c.cols["address"]
    assert address[0] >= 0 and address[1] >= 0
    assert bool(address[0] == address[1]) is same


def test_an_address_names_a_dwelling_only_with_a_number_after_its_door_number(make_file):
    addresses = ["云溪市白岩县菌香街257号鹤溪里3栋2单元101", "菌香街257-3-2-101", "凌港港湾区恒苑4号楼1201",
                 "海晏区潮音里23幢602室", "澜沧路６二号孔雀湖畔16栋", "龙潭县大坪村一组", "桃花镇2村3组",
                 "溪口大道113号", "科技2路15号", "318国道旁12号", "工业园员工宿舍", "湖北省武汉市洪山区",
                 "菌香街２５７号****", "菌香街257号3栋****", ""]
    c = read_complaints(make_file([complaint(complainant_address=a) for a in addresses]))
    assert c.cols["flat"].tolist() == [1] * 5 + [0] * 10


@pytest.mark.parametrize("remark, facts", [
    ("双方私下协商解决", OUTCOME_SETTLED), ("消费者来电称已与商家自行和解，申请撤回", OUTCOME_SETTLED),
    ("商家私下支付12,500元", OUTCOME_SETTLED), ("已全额退款", OUTCOME_REFUND), ("退款890元后撤诉", OUTCOME_REFUND),
    ("投诉人主动撤诉", 0), ("是否调解成功：否", 0), ("", 0),
    # Said not to have happened, failed, refused or only advised: no fact.
    ("建议双方协商解决", 0), ("已告知可自行协商解决", 0), ("协商解决未果", 0), ("消费者不愿私下和解", 0),
    ("商家拒绝退款", 0), ("未退款", 0),
])
def test_a_remark_states_a_settlement_or_a_refund(make_file, remark, facts):
    c = read_complaints(make_file([complaint(outcome="撤诉", remark=remark)]))
    assert int(c.cols["remark_facts"][0]) == facts


@pytest.mark.parametrize("text, floor", [
    ("过期食品，依据食品安全法第148条，价款十倍不足一千元的按一千元赔偿。", True),
    ("本人购买1件，要求按法律规定最低赔偿1000元。", True),
    ("要求按食品安全法最低标准赔偿壹仟元。", True),
    ("请求退一赔十，最低赔付一千元。", True),
    ("要求赔偿1000元（最低赔偿）。", True),
    ("要求十倍赔偿，不足一千按一千元。", True),
    ("要求按最低赔偿标准1000元赔偿。", True),
    ("依法最低赔偿为1000元。", True),
    ("要求1000元的最低赔偿。", True),
    ("请问能否要求最低赔偿1000元？", False),  # asked about, not demanded
    ("直播间说全网最低价，结果比别处贵，要求退差价。", False),
    ("要求赔偿一千元。", False),  # a sum, not the law's floor: the sum rules read it
])
def test_the_statutory_floor_is_a_set_phrase_however_it_is_named(text, floor):
    from jingqi.claims.engine.reading import SCRIPT_BITS, clean, script_bits, squeeze

    assert bool(script_bits(squeeze(clean(text))) & SCRIPT_BITS["min1000"]) is floor
