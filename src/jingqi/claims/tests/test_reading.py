from openpyxl import Workbook

from jingqi.claims.engine.reading import COLUMNS, clean, fast_id_number, fast_phone, read_complaints
from jingqi.core.pii import normalize_id_number
from jingqi.core.testing.factories import valid_id_number

from .conftest import complaint


def test_messy_phone_formats_normalise_to_one_number():
    assert fast_phone("+86 138-1234-5678") == fast_phone("138 1234 5678") == fast_phone("0086-13812345678")
    assert fast_phone("+86 138-1234-5678") == "+8613812345678"


def test_unreadable_phone_is_empty_not_an_error():
    assert fast_phone("12345") == ""


def test_landline_goes_through_the_platform_validator():
    assert fast_phone("0575-83012345") == "+8657583012345"


def test_id_number_with_lower_case_x_is_canonical():
    number = next(valid_id_number(n) for n in range(100) if valid_id_number(n).endswith("X"))
    assert fast_id_number(number.lower()) == normalize_id_number(number) == number


def test_id_number_with_wrong_check_digit_is_empty():
    number = valid_id_number(3)
    wrong = number[:-1] + ("1" if number[-1] != "1" else "2")
    assert fast_id_number(wrong) == ""


def test_clean_turns_traditional_into_simplified_and_full_width_into_ascii():
    assert clean("  買的食品過期了 ＡＢＣ１２３ ") == "买的食品过期了 ABC123"


def test_bad_rows_are_reported_by_number_and_the_rest_still_runs(make_file):
    rows = [complaint(), complaint(complaint_id=""), complaint(received_at="昨天下午"), complaint(outcome="maybe"),
            complaint()]
    rows.append(dict(rows[0]))  # the same complaint twice
    c = read_complaints(make_file(rows))
    assert len(c) == 3  # an outcome no rule knows is data: the row is kept
    assert [e.row for e in c.errors] == [3, 4, 7]
    assert "empty" in c.errors[0].reason
    assert "not a date" in c.errors[1].reason
    assert "twice" in c.errors[2].reason
    assert c.rows_read == 6


def test_short_row_is_kept_and_counted_a_long_one_is_reported(tmp_path):
    path = tmp_path / "short.csv"
    good = complaint()
    line = ",".join(good[c] for c in COLUMNS)
    path.write_text(",".join(COLUMNS) + "\n" + line + "\nX1,2024-01-01\n" + line.replace(good["complaint_id"], "X2")
                    + ",extra\n", encoding="utf-8")
    c = read_complaints(path)
    assert list(c.complaint_ids) == [good["complaint_id"], "X1"]
    assert c.oddities["short_rows"] == 1
    assert c.cols["merchant"][1] == -1 and c.cols["name"][1] == -1
    assert c.errors[0].row == 4 and "21 cells" in c.errors[0].reason


def test_messy_cells_of_one_person_link_to_the_same_codes(make_file):
    number = valid_id_number(42)
    a = complaint(complainant_id_number=number, complainant_phone="13812345678", complainant_name="王伟")
    b = complaint(complainant_id_number=" " + number.lower() + " ", complainant_phone="+86 138-1234-5678",
                  complainant_name=" 王 偉 ")
    c = read_complaints(make_file([a, b]))
    assert c.cols["id_number"][0] == c.cols["id_number"][1] >= 0
    assert c.cols["phone"][0] == c.cols["phone"][1] >= 0
    assert c.cols["name"][0] == c.cols["name"][1]


def test_empty_cells_and_bad_numbers_are_counted_not_fatal(make_file):
    c = read_complaints(make_file([complaint(complainant_phone="abc", complainant_id_number="123",
                                             purchase_amount="", claim_amount="n/a")]))
    assert len(c) == 1 and not c.errors
    assert c.unreadable_phones == 1 and c.invalid_id_numbers == 1
    assert c.cols["phone"][0] == -1


def test_xlsx_reads_like_csv(tmp_path, make_file):
    rows = [complaint(), complaint(received_at="2024/3/5 10:20")]
    wb = Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    for r in rows:
        ws.append([r[c] for c in COLUMNS])
    wb.save(tmp_path / "c.xlsx")
    from_xlsx = read_complaints(tmp_path / "c.xlsx")
    from_csv = read_complaints(make_file(rows))
    assert from_xlsx.complaint_ids == from_csv.complaint_ids
    assert (from_xlsx.cols["received"] == from_csv.cols["received"]).all()


def test_missing_required_columns_is_a_clear_error(tmp_path):
    import pytest

    from jingqi.core.errors import ActionError

    path = tmp_path / "bad.csv"
    path.write_text("complaint_id,foo\n1,2\n", encoding="utf-8")
    with pytest.raises(ActionError, match="received_at"):
        read_complaints(path)


def test_string_column_reads_like_a_list_across_chunks():
    from jingqi.claims.engine.reading import StringColumn

    col = StringColumn()
    values = [f"投诉{i}" if i % 3 else "" for i in range(StringColumn.CHUNK + 10)]
    for v in values:
        col.append(v)
    assert len(col) == len(values)
    assert col[0] == values[0] and col[StringColumn.CHUNK - 1] == values[-11] and col[-1] == values[-1]
    assert col == values


def test_missing_keys_stay_missing_whatever_the_sign_of_the_others():
    import numpy as np

    from jingqi.claims.engine.reading import _dense

    codes, uniq = _dense(np.array([5, 0, -7, 5, 0, -9], dtype=np.int64))
    assert codes.tolist()[1] == codes.tolist()[4] == -1
    assert codes[0] == codes[3] >= 0 and len(set(codes.tolist()) - {-1}) == 3 == len(uniq)
    assert 0 not in uniq.tolist() and uniq[codes[2]] == -7


def test_identifiers_read_back_from_their_codes(make_file):
    number = valid_id_number(7)
    c = read_complaints(make_file([complaint(complainant_id_number=number, complainant_phone="138 1234 5678",
                                             complainant_name="王 偉")]))
    assert c.value("id_number", int(c.cols["id_number"][0])) == number
    assert c.value("phone", int(c.cols["phone"][0])) == "+8613812345678"
    assert c.value("name", int(c.cols["name"][0])) == "王伟"
    assert c.value("phone", -1) == ""


def test_gbk_export_is_read_like_utf8(tmp_path):
    from jingqi.claims.engine.reading import csv_encoding

    source = tmp_path / "utf8.csv"
    source.write_text("complaint_id,text\nC1,塑料片划伤手指\n", encoding="utf-8")
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(source.read_text(encoding="utf-8").encode("gbk"))
    assert csv_encoding(source) == "utf-8-sig" and csv_encoding(gbk) == "gb18030"


def test_raw_rows_read_back_by_number_for_the_report(make_file):
    from jingqi.claims.engine.reading import iter_raw

    rows = [complaint(text=" 第一条 "), complaint(text="第二条")]
    got = dict(iter_raw(make_file(rows)))
    assert got[2]["text"] == "第一条" and got[3].get("text") == "第二条" and got[3].get("nothing", "") == ""
    assert dict(got[2])["complaint_id"] == rows[0]["complaint_id"] and len(got[2]) == len(COLUMNS)


def test_the_forms_of_filing_on_someones_behalf_are_read(make_file):
    declared = ["受会员陈桂英委托代为投诉：面包发霉。", "代家里老人反映：保健品没有效果。",
                "我替我外婆投诉，老人被骗买了保健品。", "帮我父亲反映一下，药店多收了钱。",
                "原告黄秀凤（委托诉讼代理人严玲月）诉被告。", "本会代会员投诉：牛奶过期。",
                "收到后发现是三无产品，我是老人的子女，电话打我的就行。", "老人不会用手机，由我代为联系，要求退货。",
                "代理投诉（委托人：林伟，73岁）：电脑频繁死机。", "志愿者赵琴，代徐斌老人反映：赠品没有兑现。",
                "城西服务站代辖区老人杨思佳投诉：保健品快过期。",
                "普娟（茶山县老年协会消费维权志愿服务站志愿者）代刘正荣投诉，委托人在农家乐吃完后肚子疼。",
                "委托人本月在菌业买了鸡枞油2瓶，收到时菌子已经发黑变质。"]
    plain = ["面包发霉了，要求退款。", "代购的化妆品是假货。", "我替换了零件还是坏的。", "帮忙处理一下，谢谢。",
             "给孩子的女儿红酒是假的。",
             "代购的老人鞋穿了一天就开胶，要求退款。", "店员代客下单，多收了钱。", "我是志愿者，在超市买的牛奶过期了。"]
    c = read_complaints(make_file([complaint(text=t) for t in declared + plain]))
    assert c.cols["representative"].tolist() == [1] * len(declared) + [0] * len(plain)


def test_unix_times_two_digit_years_and_afternoon_times_are_read():
    from datetime import datetime

    from jingqi.claims.engine.reading import CHINA, parse_time

    def at(*args):
        return int(datetime(*args, tzinfo=CHINA).timestamp())

    assert parse_time("1765975181") == 1765975181 and parse_time("1765975181000") == 1765975181
    assert parse_time("25.3.1 14:05") == at(2025, 3, 1, 14, 5)
    assert parse_time("2025/03/01 下午 3:15") == at(2025, 3, 1, 15, 15)
    assert parse_time("2025/03/01 上午 9:05") == at(2025, 3, 1, 9, 5)
    assert parse_time("2025/03/01 晚上 8点") == at(2025, 3, 1, 20, 0)
    assert parse_time("2025/03/01 中午 12:30") == at(2025, 3, 1, 12, 30)
    assert parse_time("昨天下午") is None and parse_time("12345678") is None


def test_the_column_reader_reads_unix_times_as_the_row_reader_does(make_file):
    cells = ["1765975181", "1765975181000", "25.3.1 14:05", "2025/03/01 下午 3:15"]
    c = read_complaints(make_file([complaint(received_at=v) for v in cells]))
    from jingqi.claims.engine.reading import parse_time

    assert c.cols["received"].tolist() == [parse_time(v) for v in cells]


def test_dates_with_the_year_last_are_month_first_unless_the_first_number_cannot_be_a_month(make_file):
    from datetime import datetime

    from jingqi.claims.engine.reading import CHINA, parse_time

    def at(*args):
        return int(datetime(*args, tzinfo=CHINA).timestamp())

    assert parse_time("3/1/2025 15:05") == at(2025, 3, 1, 15, 5)
    assert parse_time("11/13/2024") == at(2024, 11, 13)
    assert parse_time("13/1/2025 08:30:15") == at(2025, 1, 13, 8, 30, 15)
    assert parse_time("2/30/2025") is None and parse_time("13/13/2025") is None
    assert parse_time("12/6/2024 3:05 PM") == at(2024, 12, 6, 15, 5)
    assert parse_time("12/6/2024 12:10 am") == at(2024, 12, 6, 0, 10)
    assert parse_time("12/6/2024 09:07:30.5") == at(2024, 12, 6, 9, 7, 30)
    cells = ["3/1/2025 15:05", "11/13/2024", "13/1/2025 08:30:15", "12/6/2024 3:05 PM", "12/6/2024 12:10 a.m."]
    c = read_complaints(make_file([complaint(received_at=v) for v in cells]))
    assert c.cols["received"].tolist() == [parse_time(v) for v in cells]
