"""Tests for the 凌港市 held-out complaint generator."""

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

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_linggang as g  # noqa: E402

EMPTY = {"", "NULL", "—", "暂无", "无", "/"}


def _read(out: Path) -> tuple[dict, list[dict]]:
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    raw = (out / "complaints.csv").read_bytes()
    text = raw.decode(truth["encoding"])
    rows = list(csv.DictReader(io.StringIO(text)))
    return truth, rows


def _half(s: str) -> str:
    return "".join(chr(ord(c) - 0xFEE0) if "！" <= c <= "～" else c for c in s)


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    out = tmp_path_factory.mktemp("lg10k")
    g.generate(out, seed=7, rows=10000, pictures=False)
    return out


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("lg1200")
    g.generate(out, seed=3, rows=1200, pictures=True)
    return out


def test_header_and_row_count(big):
    truth, rows = _read(big)
    assert truth["generator"] == "gen_linggang"
    assert truth["seed"] == 7 and truth["rows"] == 10000 == len(rows)
    assert list(rows[0].keys()) == g.COLUMNS
    assert truth["encoding"] in ("utf-8", "utf-8-sig", "gb18030")
    assert len({r["complaint_id"] for r in rows}) == len(rows)


def test_encodings_vary_by_seed(tmp_path):
    seen = set()
    for seed in range(8):
        t = g.generate(tmp_path / str(seed), seed=seed, rows=60, pictures=False)
        seen.add(t["encoding"])
    assert len(seen) >= 2


def test_groups_cover_ids_without_overlap_and_counts(big):
    truth, rows = _read(big)
    ids = {r["complaint_id"] for r in rows}
    seen: set[str] = set()
    for section in ("schemes", "traps"):
        for gr in truth[section].values():
            for cid in gr["complaint_ids"]:
                assert cid in ids
                assert cid not in seen
                seen.add(cid)
    sk = Counter(gr["kind"] for gr in truth["schemes"].values())
    tk = Counter(gr["kind"] for gr in truth["traps"].values())
    assert set(sk) == set(g.SCHEMES) and min(sk.values()) >= 3
    assert set(tk) == set(g.TRAPS) and min(tk.values()) >= 2
    ns = sum(len(gr["complaint_ids"]) for gr in truth["schemes"].values())
    nt = sum(len(gr["complaint_ids"]) for gr in truth["traps"].values())
    assert 0.04 <= ns / len(rows) <= 0.07
    assert 0.10 <= nt / len(rows) <= 0.15


def test_every_kind_present_at_1200(small):
    truth, rows = _read(small)
    assert len(rows) == 1200
    assert {gr["kind"] for gr in truth["schemes"].values()} == set(g.SCHEMES)
    assert {gr["kind"] for gr in truth["traps"].values()} == set(g.TRAPS)


def test_deterministic_and_pictures_do_not_change_csv(tmp_path, small):
    a = tmp_path / "a"
    g.generate(a, seed=3, rows=1200, pictures=False)
    for name in ("complaints.csv", "truth.json"):
        assert (a / name).read_bytes() == (small / name).read_bytes()
    assert not (a / "evidence").exists() or not any((a / "evidence").iterdir())
    b = tmp_path / "b"
    g.generate(b, seed=4, rows=1200, pictures=False)
    assert (b / "complaints.csv").read_bytes() != (a / "complaints.csv").read_bytes()


def test_identifiers_valid(big):
    _, rows = _read(big)
    n_id = n_old = n_x = n_uscc = 0
    for r in rows:
        idn = r["complainant_id_number"].strip()
        if idn not in EMPTY and "*" not in idn:
            assert g.id_valid(idn), idn
            n_id += 1
            n_old += len(idn) == 15
            n_x += idn.endswith("x")
        u = r["merchant_uscc"].strip()
        if u not in EMPTY:
            assert g.uscc_valid(u), u
            n_uscc += 1
    assert n_id > 7000 and n_old > 0 and n_x > 0 and n_uscc > 7000


def test_bank_cards_in_texts_pass_luhn(big):
    _, rows = _read(big)
    cards = 0
    for r in rows:
        for m in re.finditer(r"62[0-9 \-]{14,24}", _half(r["text"])):
            digits = re.sub(r"\D", "", m.group())
            if len(digits) in (16, 19):
                assert g.luhn_valid(digits), digits
                cards += 1
    assert cards > 0


def test_helpers():
    assert g.id_valid("11010519491231002X")
    assert not g.id_valid("110105194912310021")
    assert g.luhn_valid("6222021234567890126") or not g.luhn_valid("6222021234567890127")
    assert g.cn_upper(3000) == "叁仟元整"
    assert g.cn_upper(1280) == "壹仟贰佰捌拾元整"
    import random

    rng = random.Random(1)
    for _ in range(50):
        assert g.uscc_valid(g.make_uscc(rng, "211402"))
        assert g.luhn_valid(g.make_card(rng))


def test_messy_cells_present(big):
    _, rows = _read(big)
    cells = [v for r in rows for v in r.values()]
    joined = "\n".join(cells)
    assert any(v in ("NULL", "—", "暂无") for v in cells)
    assert re.search(r"\d,\d{3}元", joined)
    assert "￥ " in joined and "元整" in joined and "万" in joined
    assert re.search(r"1\d\d \d{4} \d{4}", joined)
    assert "+86-1" in joined and "(0436)" in joined
    assert re.search(r"[０-９]{3}", joined)
    assert re.search(r"\d{4}/\d{1,2}/\d{1,2} \d{1,2}:\d\d", joined)
    assert re.search(r"\d{4}年\d\d月\d\d日 [上下]午\d+点", joined)
    assert any(re.fullmatch(r"4[56]\d{3}(\.\d+)?", r["received_at"]) for r in rows)
    assert any(re.fullmatch(r"20\d{6}", r["received_at"]) for r in rows)
    assert any("·" in r["complainant_name"] for r in rows)
    assert any(r["compensation_amount"].startswith("-") for r in rows)
    assert re.search(r"[這說買賣訴賠償]", joined)
    assert any(r["source_system"].startswith("凌港市西岗区人民法院") and "民诉前调" in r["complaint_id"] for r in rows)
    assert len({r["source_system"] for r in rows}) >= 5


def test_pictures_exist_jpeg_small(small):
    from PIL import Image

    _, rows = _read(small)
    names = []
    for r in rows:
        cell = r["evidence_files"].strip()
        if cell in EMPTY:
            continue
        names += [n for n in re.split(r"[;；，, ]", cell) if n]
    assert len(names) > 100
    ev = small / "evidence"
    for n in names:
        p = ev / n
        assert p.exists(), n
    for n in names[:200]:
        with Image.open(ev / n) as im:
            assert im.format == "JPEG"
            assert max(im.size) <= 256


def test_extortion_pictures_are_edited_variants(small):
    truth, rows = _read(small)
    by = {r["complaint_id"]: r for r in rows}
    for gr in truth["schemes"].values():
        if gr["kind"] != "evidence_extortion":
            continue
        files = [by[c]["evidence_files"] for c in gr["complaint_ids"]]
        assert all(f.strip() not in EMPTY for f in files)


def test_cli(tmp_path):
    script = Path(g.__file__)
    out = tmp_path / "cli"
    res = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, str(script), str(out), "--seed", "5", "--rows", "300", "--no-pictures"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "300" in res.stdout
    truth, rows = _read(out)
    assert truth["rows"] == len(rows) == 300
    assert not (out / "evidence").exists()
