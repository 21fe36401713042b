# ruff: noqa: E501
"""Tests for the held-out 北川市 generator (bench/heldout/gen_beichuan.py)."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_beichuan as gen  # noqa: E402

SEED_BIG = 20251202
SEED_SMALL = 77
MISSING = {"", "null", "N/A", "无", "/", "[]"}
SEPARATORS = re.compile(r"[;；，、,]")


def read_export(out: Path) -> tuple[dict, list[dict]]:
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    raw = (out / "complaints.csv").read_bytes()
    text = raw.decode(truth["encoding"])
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    return truth, rows


def group_rows(truth: dict, rows: list[dict], section: str, kind: str) -> list[list[dict]]:
    by_id = {r["complaint_id"]: r for r in rows}
    return [[by_id[c] for c in g["complaint_ids"]] for g in truth[section].values() if g["kind"] == kind]


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    out = tmp_path_factory.mktemp("big")
    gen.generate(out, SEED_BIG, 10000, pictures=False)
    return out


@pytest.fixture(scope="module")
def small_pics(tmp_path_factory):
    out = tmp_path_factory.mktemp("small_pics")
    gen.generate(out, SEED_SMALL, 1200, pictures=True)
    return out


@pytest.fixture(scope="module")
def small_nopics(tmp_path_factory):
    out = tmp_path_factory.mktemp("small_nopics")
    gen.generate(out, SEED_SMALL, 1200, pictures=False)
    return out


# --- determinism and the pictures switch ---------------------------------------------------------------------


def test_csv_and_truth_identical_with_and_without_pictures(small_pics, small_nopics):
    for name in ("complaints.csv", "truth.json"):
        assert (small_pics / name).read_bytes() == (small_nopics / name).read_bytes()
    assert not (small_nopics / "evidence").exists()


def test_deterministic(small_nopics, tmp_path):
    gen.generate(tmp_path, SEED_SMALL, 1200, pictures=False)
    for name in ("complaints.csv", "truth.json"):
        assert (tmp_path / name).read_bytes() == (small_nopics / name).read_bytes()


def test_other_seed_differs(small_nopics, tmp_path):
    gen.generate(tmp_path, SEED_SMALL + 1, 1200, pictures=False)
    assert (tmp_path / "complaints.csv").read_bytes() != (small_nopics / "complaints.csv").read_bytes()


def test_encodings_vary_by_seed():
    seen = {gen.encoding_for(s) for s in range(40)}
    assert seen == {"utf-8", "utf-8-sig", "gb18030"}


def test_encoding_recorded(big, small_nopics):
    for out in (big, small_nopics):
        truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
        raw = (out / "complaints.csv").read_bytes()
        assert truth["encoding"] in gen.ENCODINGS
        assert raw.startswith(b"\xef\xbb\xbf") == (truth["encoding"] == "utf-8-sig")
        raw.decode(truth["encoding"])


# --- truth -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["big", "small_nopics"])
def test_truth_consistent(fixture, request):
    out = request.getfixturevalue(fixture)
    truth, rows = read_export(out)
    n = 10000 if fixture == "big" else 1200
    assert truth["generator"] == "gen_beichuan"
    assert truth["rows"] == n and len(rows) == n
    assert truth["seed"] == (SEED_BIG if fixture == "big" else SEED_SMALL)
    assert list(rows[0].keys()) == list(gen.COLUMNS)
    ids = [r["complaint_id"] for r in rows]
    assert len(set(ids)) == len(ids)
    idset = set(ids)
    seen: set[str] = set()
    for section, kinds in (("schemes", gen.SCHEMES), ("traps", gen.TRAPS)):
        present = {g["kind"] for g in truth[section].values()}
        assert present == set(kinds)
        for g in truth[section].values():
            assert g["complaint_ids"]
            for cid in g["complaint_ids"]:
                assert cid in idset
                assert cid not in seen
                seen.add(cid)


def test_volumes_at_10000(big):
    truth, _ = read_export(big)
    n_s = sum(len(g["complaint_ids"]) for g in truth["schemes"].values())
    n_t = sum(len(g["complaint_ids"]) for g in truth["traps"].values())
    assert 0.04 <= n_s / 10000 <= 0.07
    assert 0.10 <= n_t / 10000 <= 0.15
    s_counts = Counter(g["kind"] for g in truth["schemes"].values())
    t_counts = Counter(g["kind"] for g in truth["traps"].values())
    assert all(s_counts[k] >= 3 for k in gen.SCHEMES), s_counts
    assert all(t_counts[k] >= 2 for k in gen.TRAPS), t_counts
    assert len(gen.TRAPS) >= 15  # the 13 required traps plus our own


def test_constants():
    assert len(gen.SCHEMES) == 7 and len(set(gen.SCHEMES)) == 7
    for required in ("contaminated_batch", "household_shared_phone", "dormitory", "power_user",
                     "volunteer_representative", "elderly_by_child", "lawyer_one_client", "duplicate_two_channels",
                     "hotline_honorific", "honest_law_citer", "refund_then_withdraw", "similar_product_photos",
                     "signboard_name"):
        assert required in gen.TRAPS


# --- identifiers (independent checkers) ---------------------------------------------------------------------------

FW = str.maketrans("０１２３４５６７８９－", "0123456789-")


def valid_id(s: str) -> bool:
    if not re.fullmatch(r"\d{17}[\dX]", s):
        return False
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * k for c, k in zip(s[:17], w, strict=True)) % 11] == s[17]


def valid_uscc(s: str) -> bool:
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    if len(s) != 18 or any(c not in chars for c in s):
        return False
    w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    c = 31 - sum(chars.index(ch) * k for ch, k in zip(s[:17], w, strict=True)) % 31
    if chars[c % 31] != s[17]:
        return False
    body = s[8:16]
    ow = [3, 7, 9, 10, 5, 8, 4, 2]
    oc = 11 - sum(int(ch) * k for ch, k in zip(body, ow, strict=True)) % 11
    return {10: "X", 11: "0"}.get(oc, str(oc)) == s[16]


def valid_luhn(s: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(s)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def test_id_numbers_valid(big):
    _, rows = read_export(big)
    checked = 0
    for r in rows:
        v = r["complainant_id_number"].strip().lstrip("'").replace(" ", "").upper()
        if v in {x.upper() for x in MISSING} or "*" in v:
            continue
        assert valid_id(v), r["complainant_id_number"]
        checked += 1
    assert checked > 5000


def test_uscc_valid(big):
    _, rows = read_export(big)
    checked = 0
    for r in rows:
        v = r["merchant_uscc"].strip()
        if v in MISSING:
            continue
        assert valid_uscc(v), v
        checked += 1
    assert checked > 5000


def test_bank_cards_in_texts_valid(big):
    truth, rows = read_export(big)
    cards = []
    for kind in ("low_and_slow_ring", "identity_rotation"):
        for group in group_rows(truth, rows, "schemes", kind):
            for r in group:
                t = r["text"].translate(FW)
                t = re.sub(r"(?<=\d)[\s-](?=\d)", "", t)
                cards += re.findall(r"6\d{15,18}", t)
    assert len(cards) >= 10
    assert all(valid_luhn(c) for c in cards), cards


# --- messiness ------------------------------------------------------------------------------------------------------


def test_messy_cells_present(big):
    _, rows = read_export(big)
    col = {c: [r[c] for r in rows] for c in gen.COLUMNS}
    everything = [v for vs in col.values() for v in vs]
    assert sum(v == "null" for v in everything) > 100
    assert sum(v == "N/A" for v in everything) > 100
    assert any(re.fullmatch(r"1\d{9}", v) for v in col["received_at"])  # Unix seconds
    assert any("下午" in v for v in col["received_at"])
    amounts = col["purchase_amount"] + col["claim_amount"] + col["compensation_amount"]
    assert any(re.fullmatch(r"\d+(\.\d+)?k", v) for v in amounts)
    assert any(re.fullmatch(r"\d+万\d?", v) for v in amounts)
    assert any("仟" in v or "佰" in v for v in amounts)
    assert any(re.search(r"[０-９]", v) for v in amounts)
    assert any("转" in v for v in col["complainant_phone"])
    assert any(re.fullmatch(r"\d{6} \d{8} \d{3}[\dXx]", v) for v in col["complainant_id_number"])
    assert any("\n" in v for v in col["text"])
    assert any(v.startswith('{"') for v in col["text"])
    assert any(v.startswith('{"') for v in col["complainant_address"])
    assert any('\\"' in v for v in col["text"]) or any('"' in v for v in col["text"])
    names = "".join(col["complainant_name"])
    gbk_only = [ch for ch in set(names) if _gbk_only(ch)]
    assert gbk_only
    assert any(re.search(r"[買貨賠請]", v) for v in col["text"])  # traditional characters
    outcomes = set(col["outcome"])
    for label in ("已结案", "调解未果", "移交稽查", "当事人放弃", "已回访", "重复件"):
        assert label in outcomes
    assert any(re.search(r"[；，、]", v) for v in col["evidence_files"])
    assert len(set(col["source_system"])) >= 4
    assert any(re.fullmatch(r"1[3-9]\d{9}", v) for v in col["complainant_name"])  # swapped name / phone


def _gbk_only(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        try:
            ch.encode("gbk")
        except UnicodeEncodeError:
            return False
        return True
    return False


def test_traps_and_schemes_look_right(big):
    truth, rows = read_export(big)
    for group in group_rows(truth, rows, "traps", "volunteer_representative"):
        assert all("委托" in r["text"] or "代" in r["text"] for r in group)
    for group in group_rows(truth, rows, "traps", "hotline_honorific"):
        names = {r["complainant_name"].strip() for r in group}
        assert any(n.endswith(("女士", "先生")) for n in names)
    for group in group_rows(truth, rows, "schemes", "split_purchase"):
        assert len({r["order_no"] for r in group}) == len(group)
    for group in group_rows(truth, rows, "schemes", "private_payment_withdrawal"):
        assert all("撤" in r["outcome"] or "和解" in r["outcome"] for r in group)


# --- pictures ----------------------------------------------------------------------------------------------------


def test_pictures_exist_jpeg_small(small_pics):
    _, rows = read_export(small_pics)
    referenced = set()
    for r in rows:
        v = r["evidence_files"]
        if v in MISSING:
            continue
        referenced.update(x.strip() for x in SEPARATORS.split(v) if x.strip())
    assert len(referenced) > 300
    files = {p.name for p in (small_pics / "evidence").iterdir()}
    assert referenced == files
    for name in sorted(files):
        path = small_pics / "evidence" / name
        assert path.read_bytes()[:3] == b"\xff\xd8\xff"
        with Image.open(path) as im:
            assert im.format == "JPEG"
            assert max(im.size) <= 256


def test_extortion_pictures_are_edited_copies(small_pics):
    truth, rows = read_export(small_pics)
    groups = group_rows(truth, rows, "schemes", "evidence_extortion")
    assert groups
    for group in groups:
        first = [SEPARATORS.split(r["evidence_files"])[0] for r in group if r["evidence_files"] not in MISSING]
        blobs = [(small_pics / "evidence" / f).read_bytes() for f in first]
        assert len(set(blobs)) == len(blobs)


# --- CLI -----------------------------------------------------------------------------------------------------------


def test_cli(tmp_path):
    out = tmp_path / "cli"
    proc = subprocess.run(  # noqa: S603
        [sys.executable, str(HERE / "gen_beichuan.py"), str(out), "--seed", "3", "--rows", "400", "--no-pictures"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    truth, rows = read_export(out)
    assert truth["seed"] == 3 and len(rows) == 400
    assert not (out / "evidence").exists()


@pytest.mark.parametrize("n", [1, 60, 250])
def test_tiny_exports_keep_row_count(tmp_path, n):
    truth = gen.generate(tmp_path, 5, n, pictures=False)
    _, rows = read_export(tmp_path)
    assert len(rows) == n == truth["rows"]
