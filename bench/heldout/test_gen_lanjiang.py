"""Tests for the 澜江 held-out complaint generator (bench/heldout/gen_lanjiang.py)."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_lanjiang as gl  # noqa: E402

BIG_ROWS = 10000
SMALL_ROWS = 1200
EMPTY = {"", "/", "无", "-", "—", "NULL"}


def _read(out: Path) -> tuple[dict, list[dict], bytes]:
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    raw = (out / "complaints.csv").read_bytes()
    text = raw.decode(truth["encoding"])
    rows = list(csv.DictReader(io.StringIO(text)))
    return truth, rows, raw


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    out = tmp_path_factory.mktemp("lj_big")
    gl.generate(out, seed=11, rows=BIG_ROWS, pictures=False)
    return out


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("lj_small")
    gl.generate(out, seed=5, rows=SMALL_ROWS, pictures=True)
    return out


def _norm(s: str) -> str:
    return unicodedata.normalize("NFKC", s).strip().lstrip("'")


def _pics(cell: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;；，,]", cell) if p.strip().endswith(".jpg")]


# ---------------------------------------------------------------------------------------------- helpers


def test_check_digit_helpers():
    assert gl.id_valid("11010519491231002X")
    assert gl.id_valid("11010519491231002x ")
    assert not gl.id_valid("110105194912310021")
    assert gl.uscc_valid("91350100M000100Y43")
    assert not gl.uscc_valid("91350100M000100Y44")
    assert gl.luhn_valid("4111 1111 1111 1111")
    assert not gl.luhn_valid("4111111111111112")
    assert gl.cn_amount(2500) == "两千五"
    assert gl.cn_amount(12000) == "一万二"
    assert gl.cn_amount(800) == "八百"
    assert gl.cn_amount(2050) is None


# ---------------------------------------------------------------------------------------------- truth


def test_truth_and_volumes(big):
    truth, rows, _ = _read(big)
    assert truth["generator"] == "gen_lanjiang"
    assert truth["seed"] == 11 and truth["rows"] == BIG_ROWS == len(rows)
    assert truth["encoding"] in gl.ENCODINGS
    ids = [r["complaint_id"] for r in rows]
    assert len(set(ids)) == len(ids)
    known = set(ids)
    seen: set[str] = set()
    for key, kinds, lo, hi, min_groups in (("schemes", gl.SCHEMES, 0.04, 0.07, 3), ("traps", gl.TRAPS, 0.10, 0.15, 2)):
        groups = truth[key]
        counts = Counter(g["kind"] for g in groups.values())
        assert set(counts) == set(kinds), key
        assert min(counts.values()) >= min_groups, counts
        n = 0
        for g in groups.values():
            assert g["complaint_ids"], g
            for cid in g["complaint_ids"]:
                assert cid in known
                assert cid not in seen, cid
                seen.add(cid)
            n += len(g["complaint_ids"])
        assert lo <= n / BIG_ROWS <= hi, (key, n)
    assert len(gl.TRAPS) >= 15 and len(gl.SCHEMES) == 7


def test_header_and_encoding(big, small):
    for out in (big, small):
        truth, rows, raw = _read(out)
        header = next(csv.reader(io.StringIO(raw.decode(truth["encoding"]))))
        assert tuple(header) == gl.COLUMNS
        assert raw.startswith(b"\xef\xbb\xbf") == (truth["encoding"] == "utf-8-sig")
    by_seed = {s: gl.build(s, 30)[1]["encoding"] for s in range(12)}
    assert set(by_seed.values()) == set(gl.ENCODINGS)


def test_gb18030_round_trip(tmp_path):
    seed = next(s for s in range(40) if gl.build(s, 30)[1]["encoding"] == "gb18030")
    gl.generate(tmp_path, seed=seed, rows=300, pictures=False)
    truth, rows, raw = _read(tmp_path)
    assert truth["encoding"] == "gb18030" and len(rows) == 300
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


def test_deterministic(big, tmp_path):
    gl.generate(tmp_path / "again", seed=11, rows=BIG_ROWS, pictures=False)
    for name in ("complaints.csv", "truth.json"):
        assert (tmp_path / "again" / name).read_bytes() == (big / name).read_bytes()
    gl.generate(tmp_path / "other", seed=12, rows=300, pictures=False)
    gl.generate(tmp_path / "other2", seed=13, rows=300, pictures=False)
    assert (tmp_path / "other" / "complaints.csv").read_bytes() != (tmp_path / "other2" / "complaints.csv").read_bytes()


def test_pictures_do_not_change_csv(small, tmp_path):
    gl.generate(tmp_path, seed=5, rows=SMALL_ROWS, pictures=False)
    for name in ("complaints.csv", "truth.json"):
        assert (tmp_path / name).read_bytes() == (small / name).read_bytes()
    assert not (tmp_path / "evidence").exists() or not any((tmp_path / "evidence").iterdir())


def test_small_has_every_kind(small):
    truth, rows, _ = _read(small)
    assert len(rows) == SMALL_ROWS
    assert {g["kind"] for g in truth["schemes"].values()} == set(gl.SCHEMES)
    assert {g["kind"] for g in truth["traps"].values()} == set(gl.TRAPS)


# ---------------------------------------------------------------------------------------------- pictures


def test_pictures_exist_and_are_small_jpegs(small):
    from PIL import Image

    _, rows, _ = _read(small)
    referenced = set()
    for r in rows:
        referenced.update(_pics(r["evidence_files"]))
    on_disk = {p.name for p in (small / "evidence").glob("*.jpg")}
    assert referenced and referenced == on_disk
    for name in sorted(on_disk)[:400]:
        with Image.open(small / "evidence" / name) as im:
            assert im.format == "JPEG"
            assert max(im.size) <= 256


def test_extortion_pictures_reused_but_edited(small):
    """One base picture per extortion group, written as different files in different edits."""
    truth, rows, _ = _read(small)
    by_id = {r["complaint_id"]: r for r in rows}
    g = gl.build(5, SMALL_ROWS)[0]
    specs = {s["file"]: s for s in g.pics}
    for grp in truth["schemes"].values():
        if grp["kind"] != "evidence_extortion":
            continue
        files = [f for cid in grp["complaint_ids"] for f in _pics(by_id[cid]["evidence_files"])]
        bases = Counter(specs[f]["base"] for f in files if specs[f]["kind"] in ("food", "injury"))
        base, n = bases.most_common(1)[0]
        assert n >= 3
        assert len({tuple(specs[f]["edits"]) for f in files if specs[f]["base"] == base}) >= 2


# ---------------------------------------------------------------------------------------------- cells


def test_identifiers_valid(big):
    _, rows, _ = _read(big)
    n_id = n_uscc = 0
    for r in rows:
        idn = _norm(r["complainant_id_number"])
        if idn and idn not in EMPTY and "*" not in idn:
            assert gl.id_valid(idn), idn
            n_id += 1
        code = _norm(r["merchant_uscc"])
        if code and code not in EMPTY:
            assert gl.uscc_valid(code), code
            n_uscc += 1
    assert n_id > 2000 and n_uscc > 4000
    cards = []
    for r in rows:
        t = unicodedata.normalize("NFKC", r["text"])
        for m in re.finditer(r"卡号?[：:]?\s*((?:\d[ \-.]?){15,19}\d)", t):
            cards.append(re.sub(r"\D", "", m.group(1)))
    assert cards
    assert all(gl.luhn_valid(c) for c in cards), cards[:5]


def test_messy_cells_present(big):
    _, rows, _ = _read(big)
    cells = [v for r in rows for v in r.values()]
    texts = [r["text"] for r in rows]

    def some(pred, values=cells):
        return any(pred(v) for v in values)

    assert some(lambda v: v in {"/", "无", "-"})
    assert some(lambda v: v.startswith("￥") and "," in v)
    assert some(lambda v: v.endswith("w") or v.endswith("万"))
    assert some(lambda v: re.fullmatch(r"[两一二三四五六七八九][万千百][一二三四五六七八九]?[元块]?", v) is not None)
    assert some(lambda v: re.search(r"[０-９]", v) is not None)
    phones = [r["complainant_phone"] for r in rows]
    assert some(lambda v: v.startswith("+86 "), phones)
    assert some(lambda v: re.fullmatch(r"1\d{2}-\d{4}-\d{4}", v) is not None, phones)
    assert some(lambda v: "0888" in v, phones)
    ids = [r["complainant_id_number"] for r in rows]
    assert some(lambda v: v.strip().endswith("x"), ids)
    assert some(lambda v: v.endswith(" ") and len(v.strip()) == 18, ids)
    assert some(lambda t: re.search(r"[們這個買賣貨錢]", t) is not None, texts)
    tour = [r["received_at"] for r in rows if r["source_system"] == gl.TOURISM]
    assert some(lambda v: re.fullmatch(r"4\d{4}(\.\d+)?", v) is not None, tour)
    assert some(lambda v: re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", v) is not None, tour)
    assert some(lambda v: re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4} \d{2}:\d{2}", v) is not None)
    names = [r["complainant_name"] for r in rows]
    assert some(lambda v: v.endswith("女士") or v.endswith("先生"), names)
    assert {r["source_system"] for r in rows} == set(gl.SOURCES)
    outcomes = {r["outcome"] for r in rows}
    assert {"已办结", "部分解决", "诉求不合理", "无法联系", "撤诉", "转交属地", "不予受理"} <= outcomes
    assert some(lambda t: t.startswith("来电人反映"), texts)


def test_scheme_shapes(big):
    truth, rows, _ = _read(big)
    by_id = {r["complaint_id"]: r for r in rows}
    withdrawn = {"撤诉", "撤回", "撤销申请"}
    for grp in truth["schemes"].values():
        rs = [by_id[c] for c in grp["complaint_ids"]]
        if grp["kind"] == "private_payment_withdrawal":
            assert all(r["outcome"] in withdrawn for r in rs)
        if grp["kind"] == "split_purchase":
            assert len(rs) >= 8
            assert all("1000" in unicodedata.normalize("NFKC", r["text"]) for r in rs)
        if grp["kind"] == "professional_claimant":
            assert len({r["merchant_name"] for r in rs}) >= 3
    for grp in truth["traps"].values():
        rs = [by_id[c] for c in grp["complaint_ids"]]
        if grp["kind"] == "duplicate_two_channels":
            assert len({r["source_system"] for r in rs}) == 2
        if grp["kind"] == "volunteer_representative":
            assert all("委托" in r["text"] or "代" in r["text"] for r in rs)


def test_cli(tmp_path):
    script = HERE / "gen_lanjiang.py"
    res = subprocess.run(  # noqa: S603
        [sys.executable, str(script), str(tmp_path), "--seed", "3", "--rows", "250", "--no-pictures"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    assert summary["rows"] == 250
    truth, rows, _ = _read(tmp_path)
    assert len(rows) == 250 and truth["seed"] == 3
    assert not (tmp_path / "evidence").exists()
