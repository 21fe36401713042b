"""The fast path (Arrow's CSV reader, vectorised normalisation) and the row path (Python's csv module, or the
platform's rows) give identical ``Complaints`` for the same messy file, and the vectorised normalisers agree
with the one-cell functions the importer uses (issue 12)."""

import csv
import dataclasses

import numpy as np
import pytest

from jingqi.claims.engine import reading
from jingqi.claims.engine.generator import generate
from jingqi.claims.engine.reading import COLUMNS, read_complaints
from jingqi.core.testing.factories import valid_id_number

from .conftest import complaint


def assert_same(a: reading.Complaints, b: reading.Complaints):
    """Every column, code table, pair list, counter and error of two readings, compared."""
    assert len(a) == len(b)
    assert list(a.complaint_ids) == list(b.complaint_ids)
    assert list(a.names) == list(b.names)
    assert a.cols.keys() == b.cols.keys()
    for name in a.cols:
        assert a.cols[name].dtype == b.cols[name].dtype, name
        assert np.array_equal(a.cols[name], b.cols[name], equal_nan=a.cols[name].dtype.kind == "f"), name
    assert a.keys.keys() == b.keys.keys()
    for name in a.keys:
        assert np.array_equal(a.keys[name], b.keys[name]), name
    for f in ("name_rows", "text_sig", "account_rows", "account_codes", "text_phone_rows", "text_phone_codes",
              "text_phone_roles", "evidence_rows", "evidence_codes"):
        x, y = getattr(a, f), getattr(b, f)
        assert x.dtype == y.dtype and np.array_equal(x, y), f
    assert {k: v.values for k, v in a.interners.items()} == {k: v.values for k, v in b.interners.items()}
    assert a.merchant_names == b.merchant_names
    assert [dataclasses.astuple(e) for e in a.errors] == [dataclasses.astuple(e) for e in b.errors]
    for f in ("rows_read", "unreadable_phones", "invalid_id_numbers", "oddities", "unknown_outcomes"):
        assert getattr(a, f) == getattr(b, f), f


def _odd_rows() -> list[list[str]]:
    """Rows as the held-out exports have them, cell by cell (the header is COLUMNS)."""
    number = valid_id_number(5)

    def row(**fields):
        r = complaint(**fields)
        return [r[c] for c in COLUMNS]

    rows = [
        row(complaint_id="'Q1", complainant_id_number="'" + number.lower(), complainant_phone="155****8826",
            received_at="45356.5972", purchase_date="45350", outcome="调解不成", purchase_quantity="2箱"),
        row(complaint_id="Q2", complainant_name="王先生", complainant_phone="86-13812345678",
            outcome="撤回（双方和解）", compensation_amount="￥2,000.00", merchant_uscc="9133 0106 mapr 7jy3 8g"),
        row(complaint_id="Q3", text="赔偿款请转至账户６２１２ ２６８５ ０３４５ ７５１２ ９９９。\n"
            "本人手机１３８－１２３４－５６７８。我是执业律师，要求退一赔十，依据第一百四十八條。",
            received_at="２０２４年３月５日"),
        row(complaint_id="Q4", complainant_phone="13800000000（本人）", outcome="某种新结果",
            evidence_files="a.jpg；b.png, ,c.jpg"),
        row(complaint_id="Q2", complainant_name="宋女士"),  # the same ID again: refused
        row(complaint_id="Q5", received_at="0000-00-00"),  # not a date: refused
        row(complaint_id="Q5", complainant_address="杭州市西湖区文三路1号"),  # its ID's first readable row
        row(complaint_id="Q6", text='他说"没问题"，结果还是坏的，\r\n第二行 text, with a comma'),
        row(complaint_id="Q7")[:9],  # cut short
        row(complaint_id="Q8") + ["", " "],  # trailing empty cells
        row(complaint_id="Q9") + ["surplus"],  # one cell too many: refused
        [],  # a blank line
        ["", "  ", ""],  # spaces only: blank too
        row(complaint_id=" ", received_at="2024-01-01"),  # no ID: refused
    ]
    return rows


def _write(path, header, rows, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for r in rows:
            if r:
                writer.writerow(r)
            else:
                fh.write("\r\n")
    return path


@pytest.fixture(scope="module")
def messy_file(tmp_path_factory):
    """The model's own generator (messy cells, broken rows) with the held-out oddities spread through it."""
    folder = tmp_path_factory.mktemp("equivalence")
    generated = folder / "generated.csv"
    generate(1500, 7, generated, messy=True)
    with open(generated, encoding="utf-8", newline="") as fh:
        records = list(csv.reader(fh))
    header, body = records[0], records[1:]
    odd = _odd_rows()
    for i, r in enumerate(odd):
        body.insert(50 + i * 97, r)
    return _write(folder / "messy.csv", header, body)


def _rows_of(path, encoding="utf-8"):
    with open(path, encoding=encoding, newline="") as fh:
        return list(csv.reader(fh))


def test_the_fast_path_and_the_row_path_read_a_messy_file_alike(messy_file):
    fast = read_complaints(messy_file)
    slow = read_complaints(_rows_of(messy_file))
    assert len(fast) > 1400 and len(fast.errors) >= 5 and fast.oddities["short_rows"] >= 1
    assert fast.oddities["excel_serial_dates"] and fast.unknown_outcomes and len(fast.text_phone_rows)
    assert_same(fast, slow)


def test_batch_boundaries_change_nothing(messy_file, monkeypatch):
    whole = read_complaints(messy_file)
    monkeypatch.setattr(reading, "ARROW_BLOCK", 1 << 13)  # a dozen rows a block, odd rows at the edges
    monkeypatch.setattr(reading, "BATCH_ROWS", 40)  # a few blocks a batch
    monkeypatch.setattr(reading, "ROW_BATCH", 37)
    assert_same(read_complaints(messy_file), whole)
    assert_same(read_complaints(_rows_of(messy_file)), whole)


def test_gb18030_file_reads_like_its_utf8_original(messy_file, tmp_path):
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(messy_file.read_bytes().decode("utf-8").encode("gb18030"))
    assert_same(read_complaints(gbk), read_complaints(messy_file))


def test_xlsx_reads_like_the_csv(messy_file, tmp_path):
    from openpyxl import Workbook

    records = _rows_of(messy_file)[:400]
    wb = Workbook()
    ws = wb.active
    for r in records:
        ws.append(r)
    wb.save(tmp_path / "c.xlsx")
    small = tmp_path / "small.csv"
    _write(small, records[0], records[1:])
    assert_same(read_complaints(tmp_path / "c.xlsx"), read_complaints(small))


def test_a_file_arrow_will_not_parse_is_read_on_by_python(tmp_path, monkeypatch):
    rows = [complaint() for _i in range(30)]
    path = _write(tmp_path / "c.csv", COLUMNS, [[r[c] for c in COLUMNS] for r in rows])
    expected = read_complaints(_rows_of(path))
    real = reading._open_arrow

    def failing(*args):
        reader = real(*args)

        def batches():
            yield next(iter(reader))
            raise __import__("pyarrow").ArrowInvalid("simulated")

        return batches()

    monkeypatch.setattr(reading, "ARROW_BLOCK", 1 << 12)
    monkeypatch.setattr(reading, "BATCH_ROWS", 3)  # the first block is handed over before the failure
    monkeypatch.setattr(reading, "_open_arrow", failing)
    assert_same(read_complaints(path), expected)


# --- one cell at a time (the importer) and a whole column (the reader) agree ----------------------------


CELLS = [
    "", " ", "  a  b ", "ＡＢＣ１２３", "買的食品過期了", "\u3000王\u3000偉\u3000", "tab\there", "x\u00a0y",
    "line\nbreak",
    "2024-03-05", "2024/3/5 9:05", "2024年3月5日 10:20", "2024.3.5", "2024-03-05T10:20:30", "2024-03-05T10:20:30+08:00",
    "2024-03-05T02:20:30Z", "2024-03-05 10:20-05:30", "2024-3-5T10:20+08:00", "20240305", "45356.5972", "45356",
    "２０２４年３月５日", "2024-02-30", "0000-00-00", "2024-13-01", "昨天下午", "2024年3月5日下午", "2024-03-05 24:00",
    "2024-03-05 10:20", "2024-03-05T10:20:30.123456", "2024-03-05T10:20:30.123456+08:00", "2024-02-29 23:59:59",
    "2023-02-29", "2024-03-05 25:00:00", "2024-03-05x10:20", "2024-03-05T10:20:3a", "2024/03/05 10:20:30+08:00",
    "1969-12-31T23:59:59.5", "2024-03-05 10:60", "2024-3-05T10:20:30",
    "59", "1,225.00", "￥1,225.00", "¥55", "５５元", "约90元", "2箱", "２", "15.8 元", "-3", ".5", "5.", "n/a", "1e3",
    "4k", "1.2w", "3.5 K", "2.6万", "１.５万元", "叁仟贰佰玖拾玖元整", "-壹佰叁拾肆元整",
    "一百块", "三万三千五", "三箱", "三百多", "300元/千克",
    "13812345678", "+86 138-1234-5678", "0086-13812345678", "86-13812345678", "13800000000（本人）", "155****8826",
    "15649125090_8820", "15649125090#8820", "156 4912 5090 ext. 12", "15649125090-8820",
    "0575-83012345", "12345", "'13812345678", "１３８１２３４５６７８",
    valid_id_number(3), valid_id_number(3).lower(), "'" + valid_id_number(4), " ".join(valid_id_number(6)),
    valid_id_number(8)[:-1] + "0", "110101190002300011", "abc", "３３０１０６１９５７０４２７１５１５",
]


def test_vectorised_normalisers_agree_with_the_one_cell_functions():
    from collections import Counter

    import pyarrow as pa

    values = pa.array(CELLS, type=pa.string())
    assert reading.v_clean(values).to_pylist() == [reading.clean(v) for v in CELLS]
    assert reading.v_squeeze(values).to_pylist() == [reading.squeeze(reading.clean(v)) for v in CELLS]
    seconds, ok = reading.v_times(values)
    assert [int(s) if k else None for s, k in zip(seconds, ok, strict=True)] == [reading.parse_time(v) for v in CELLS]
    amounts = reading.v_amounts(values)
    expected = np.array([reading.parse_amount(v) for v in CELLS], dtype=np.float32)
    assert np.array_equal(amounts, expected, equal_nan=True)
    keys, valid, _cleaned = reading.v_id_numbers(values)
    assert [int(k) for k in keys] == [reading.id_number_key(reading.fast_id_number(v)) for v in CELLS]
    assert valid.sum() >= 4
    phones = reading.v_phones(values, Counter())
    # A mobile masked to its first three and last four digits is kept as a pattern (negative) until the file's
    # whole numbers are known; one cell alone is no number.
    masked = CELLS.index("155****8826")
    assert int(phones[masked]) == -1 - 1558826
    assert [max(int(k), 0) for k in phones] == [reading.phone_key(reading.fast_phone(v)) for v in CELLS]


def test_the_whitespace_class_is_pythons():
    import pyarrow as pa
    import pyarrow.compute as pc

    chars = [chr(c) for c in range(0x3100)] + [chr(c) for c in (0x205F, 0xFEFF, 0x180E, 0x200B)]
    matched = pc.match_substring_regex(pa.array(chars), f"^[{reading._WS}]$").to_pylist()
    assert matched == [ch.isspace() for ch in chars]
