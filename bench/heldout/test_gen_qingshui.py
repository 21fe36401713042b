"""The 清水市 (Qingshui) held-out generator: deterministic, complete, and its identifiers are well formed."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from stdnum.cn import ric, uscc

HERE = Path(__file__).resolve().parent
ROWS = 2500
SCHEME_KINDS = {"professional_claimant", "template_ring", "low_and_slow_ring", "identity_rotation", "evidence_reuse",
                "split_purchase", "withdrawal_after_payment"}
TRAP_KINDS = {"contaminated_batch", "household_shared_phone", "dormitory", "power_user", "volunteer_representative",
              "duplicate_two_channels", "honest_law_citer", "refund_then_withdraw", "hotline_honorific",
              "similar_product_photos", "signboard_name"}
HALF = str.maketrans("０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ－",
                     "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-")


def _load():
    spec = importlib.util.spec_from_file_location("gen_qingshui", HERE / "gen_qingshui.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_qingshui"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


gen = _load()


def _read(folder: Path) -> tuple[dict, list[dict]]:
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    text = (folder / "complaints.csv").read_bytes().decode(truth["encoding"])  # strict: raises on a bad byte
    # A row cut short (some systems drop the last cells) reads its missing cells as empty.
    rows = [{key: value or "" for key, value in row.items()} for row in csv.DictReader(io.StringIO(text, newline=""))]
    return truth, rows


@pytest.fixture(scope="module")
def odd(tmp_path_factory):
    folder = tmp_path_factory.mktemp("qingshui") / "seed5"
    gen.generate(folder, seed=5, rows=ROWS, pictures=True)
    return folder


@pytest.fixture(scope="module")
def odd_again(tmp_path_factory):
    folder = tmp_path_factory.mktemp("qingshui") / "seed5-again"
    gen.generate(folder, seed=5, rows=ROWS, pictures=False)
    return folder


@pytest.fixture(scope="module")
def even(tmp_path_factory):
    folder = tmp_path_factory.mktemp("qingshui") / "seed8"
    gen.generate(folder, seed=8, rows=ROWS, pictures=False)
    return folder


def test_same_seed_same_files_with_or_without_pictures(odd, odd_again, even):
    assert (odd / "complaints.csv").read_bytes() == (odd_again / "complaints.csv").read_bytes()
    assert (odd / "truth.json").read_bytes() == (odd_again / "truth.json").read_bytes()
    assert (odd / "complaints.csv").read_bytes() != (even / "complaints.csv").read_bytes()
    assert not (odd_again / "evidence").exists()


def test_row_count_and_header(odd, even):
    for folder in (odd, even):
        truth, rows = _read(folder)
        assert truth["rows"] == ROWS
        assert len(rows) == ROWS  # blank lines in the file are not records
        header = {name.lower().replace(" ", "_") for name in rows[0]}
        assert {"complaint_id", "received_at", "complainant_name", "merchant_name", "text"} <= header
        assert {"outcome", "compensation_amount", "remark", "evidence_files", "merchant_uscc"} <= header


def test_encoding_recorded_and_used(odd, even):
    assert json.loads((odd / "truth.json").read_text(encoding="utf-8"))["encoding"] == "gb18030"
    assert json.loads((even / "truth.json").read_text(encoding="utf-8"))["encoding"] == "utf-8-sig"
    raw = (odd / "complaints.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # really GB18030, not UTF-8 under another name
    assert (even / "complaints.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_every_kind_is_planted(odd, even):
    for folder in (odd, even):
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        schemes = {g["kind"] for g in truth["schemes"].values()}
        traps = {g["kind"] for g in truth["traps"].values()}
        assert schemes == SCHEME_KINDS
        assert traps >= TRAP_KINDS
        assert len(traps - TRAP_KINDS) >= 2  # two traps of this generator's own
        assert not schemes & traps


def test_truth_ids_exist_once_and_in_one_group(odd, even):
    for folder in (odd, even):
        truth, rows = _read(folder)
        counts = Counter(row["Complaint_ID"] for row in rows)
        assert max(counts.values()) == 1
        seen: set[str] = set()
        for family in ("schemes", "traps"):
            for group in truth[family].values():
                assert group["complaint_ids"]
                for cid in group["complaint_ids"]:
                    assert counts[cid] == 1
                    assert cid not in seen
                    seen.add(cid)
        planted = len(seen) / ROWS
        assert 0.05 < planted < 0.3  # a small file holds at least one group of each kind


def test_volumes_at_ten_thousand_rows():
    """The plan alone (no file): about 5 % of rows in schemes and 5 % in traps."""
    city = gen.Groups(Path("unused"), 1, 10000, pictures=False)
    groups = city.plan()
    schemes = sum(g.size for g in groups if g.family == "schemes")
    traps = sum(g.size for g in groups if g.family == "traps")
    assert 350 < schemes < 700
    assert 350 < traps < 700


def test_evidence_pictures_exist(odd):
    _truth, rows = _read(odd)
    names = [name.strip() for row in rows for name in re.split(r"[;；,，]", row["evidence_files"]) if name.strip()]
    assert len(names) > 100
    for name in names:
        path = odd / "evidence" / name
        assert path.is_file(), name
    for name in names[::10]:
        with Image.open(odd / "evidence" / name) as img:
            assert 100 <= img.width <= 420 and 100 <= img.height <= 420, (name, img.size)


def _phone(cell: str) -> str | None:
    """The mobile number in a cell, None for an empty or masked cell."""
    s = cell.translate(HALF).lstrip("'").replace(" ", "").replace("-", "")
    if not s or "*" in s:
        return None
    for prefix in ("+86", "0086"):
        if s.startswith(prefix):
            s = s[len(prefix):]
    return s


def _id_number(cell: str) -> str | None:
    s = cell.translate(HALF).lstrip("'").replace(" ", "").replace("-", "").upper()
    return s or None


def test_identifiers_validate(odd, even):
    for folder in (odd, even):
        _truth, rows = _read(folder)
        phones = ids = codes = 0
        for row in rows:
            phone = _phone(row["complainant_phone"])
            if phone is not None:
                assert re.fullmatch(r"1[3-9]\d{9}", phone), row["complainant_phone"]
                phones += 1
            idn = _id_number(row["complainant_id_number"])
            if idn is not None:
                assert len(idn) == 18 and gen.id_check(idn[:17]) == idn[17], idn
                assert date(int(idn[6:10]), int(idn[10:12]), int(idn[12:14])) < date(2007, 1, 1)
                assert ric.is_valid(idn), idn  # an independent check: birth date and area code too
                ids += 1
            code = row["merchant_uscc"].strip().upper()
            if code:
                assert len(code) == 18 and gen.uscc_check(code[:17]) == code[17], code
                assert gen.org_check(code[8:16]) == code[16], code
                assert uscc.is_valid(code), code
                codes += 1
        assert phones > ROWS * 0.6 and ids > ROWS * 0.2 and codes > ROWS * 0.4


def test_check_digit_functions_on_published_examples():
    assert gen.id_check("11010519491231002") == "X"  # GB 11643's own example
    assert gen.org_check("D2143569") == "X"  # GB 11714's own example
    assert gen.uscc_check("91350100M000100Y4") == "3"
    assert gen.luhn_complete("7992739871") == "79927398713"


def test_rings_write_their_contact_into_the_texts(odd):
    """A low-and-slow ring: one coordinator's phone or bank card recurs in its members' texts."""
    truth, rows = _read(odd)
    by_id = {row["Complaint_ID"]: row for row in rows}
    for group in truth["schemes"].values():
        if group["kind"] != "low_and_slow_ring":
            continue
        runs = Counter()
        for cid in group["complaint_ids"]:
            digits = re.sub(r"[\s\-－]", "", by_id[cid]["text"].translate(HALF))
            runs.update(set(re.findall(r"\d{11,19}", digits)))
        assert runs.most_common(1)[0][1] >= 3
