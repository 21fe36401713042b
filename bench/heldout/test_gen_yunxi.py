"""Tests for the 云溪市 held-out complaint generator (gen_yunxi)."""

from __future__ import annotations

import csv
import importlib.util
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
_spec = importlib.util.spec_from_file_location("gen_yunxi", HERE / "gen_yunxi.py")
gen = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("gen_yunxi", gen)
_spec.loader.exec_module(gen)

EMPTY = {"", "NULL", "/", "无", "-"}
HALF = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {chr(0xFF21 + i): chr(65 + i) for i in range(26)})
SEPARATORS = re.compile(r"[;；，,]")


def read(out: Path):
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    raw = (out / "complaints.csv").read_bytes()
    text = raw.decode(truth["encoding"])
    rows = list(csv.DictReader(io.StringIO(text)))
    return truth, rows, raw


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    out = tmp_path_factory.mktemp("yunxi_big")
    gen.generate(out, seed=7, rows=10000, pictures=False)
    return out


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("yunxi_small")
    gen.generate(out, seed=11, rows=1200, pictures=True)
    return out


def files_of(rows):
    out = []
    for r in rows:
        cell = r["evidence_files"].strip()
        if cell in EMPTY:
            continue
        out.extend(f.strip() for f in SEPARATORS.split(cell) if f.strip())
    return out


def test_deterministic(big, tmp_path):
    gen.generate(tmp_path, seed=7, rows=10000, pictures=False)
    assert (tmp_path / "complaints.csv").read_bytes() == (big / "complaints.csv").read_bytes()
    assert (tmp_path / "truth.json").read_bytes() == (big / "truth.json").read_bytes()


def test_other_seed_differs(tmp_path, small):
    gen.generate(tmp_path, seed=12, rows=1200, pictures=False)
    assert (tmp_path / "complaints.csv").read_bytes() != (small / "complaints.csv").read_bytes()


def test_pictures_do_not_change_csv_or_truth(small, tmp_path):
    gen.generate(tmp_path, seed=11, rows=1200, pictures=False)
    assert (tmp_path / "complaints.csv").read_bytes() == (small / "complaints.csv").read_bytes()
    assert (tmp_path / "truth.json").read_bytes() == (small / "truth.json").read_bytes()
    assert not (tmp_path / "evidence").exists()


@pytest.mark.parametrize("which", ["big", "small"])
def test_truth_and_table_consistent(which, request):
    out = request.getfixturevalue(which)
    truth, rows, raw = read(out)
    assert truth["generator"] == "gen_yunxi"
    assert truth["rows"] == len(rows)
    assert truth["encoding"] in ("utf-8", "utf-8-sig", "gb18030")
    assert raw.startswith(b"\xef\xbb\xbf") == (truth["encoding"] == "utf-8-sig")
    assert list(rows[0].keys()) == list(gen.COLUMNS)
    ids = [r["complaint_id"] for r in rows]
    assert len(set(ids)) == len(ids)
    idset = set(ids)
    seen: set[str] = set()
    for section, kinds in (("schemes", gen.SCHEMES), ("traps", gen.TRAPS)):
        for g in truth[section].values():
            assert g["kind"] in kinds
            assert g["complaint_ids"]
            for cid in g["complaint_ids"]:
                assert cid in idset
                assert cid not in seen
                seen.add(cid)


def test_volumes_at_10000(big):
    truth, rows, _ = read(big)
    n = len(rows)
    s = sum(len(g["complaint_ids"]) for g in truth["schemes"].values())
    t = sum(len(g["complaint_ids"]) for g in truth["traps"].values())
    assert 0.04 * n <= s <= 0.07 * n
    assert 0.10 * n <= t <= 0.15 * n
    sk = Counter(g["kind"] for g in truth["schemes"].values())
    tk = Counter(g["kind"] for g in truth["traps"].values())
    assert set(sk) == set(gen.SCHEMES) and min(sk.values()) >= 3
    assert set(tk) == set(gen.TRAPS) and min(tk.values()) >= 2


def test_every_kind_in_small(small):
    truth, _, _ = read(small)
    assert {g["kind"] for g in truth["schemes"].values()} == set(gen.SCHEMES)
    assert {g["kind"] for g in truth["traps"].values()} == set(gen.TRAPS)


def test_encoding_varies_with_seed():
    encs = {gen.build(seed, 60)[3] for seed in range(12)}
    assert len(encs) >= 2


def test_identifiers_valid(big):
    _, rows, _ = read(big)
    n18 = n15 = nu = ncards = 0
    for r in rows:
        idn = r["complainant_id_number"].strip()
        if idn not in EMPTY and "*" not in idn:
            assert gen.id_valid(idn), idn
            if len(idn) == 18:
                n18 += 1
            else:
                assert len(idn) == 15
                n15 += 1
        code = r["merchant_uscc"].strip()
        if code not in EMPTY:
            assert gen.uscc_valid(code), code
            nu += 1
        for m in re.finditer(r"62[0-9][0-9 \-]{13,24}", r["text"].translate(HALF)):
            digits = re.sub(r"\D", "", m.group())
            if 16 <= len(digits) <= 19:
                assert gen.luhn_ok(digits), digits
                ncards += 1
    assert n18 > 1000 and n15 > 0 and nu > 1000 and ncards > 0


def test_identifier_helpers():
    assert gen.id_valid("11010519491231002X")
    assert not gen.id_valid("110105194912310021")
    assert gen.uscc_valid("91350100M000100Y43")
    assert gen.luhn_ok("4111111111111111")
    assert gen.cn_upper(1500) == "壹仟伍佰元"
    assert gen.cn_upper(1050) == "壹仟零伍拾元"


def test_messy_cells_present(big):
    _, rows, _ = read(big)
    col = {c: [r[c] for r in rows] for c in gen.COLUMNS}

    def some(column, pattern):
        rx = re.compile(pattern)
        return any(rx.search(v) for v in col[column])

    amounts = col["purchase_amount"] + col["claim_amount"] + col["compensation_amount"]
    assert any("," in a and "元" in a for a in amounts)
    assert any(a.startswith("￥") for a in amounts)
    assert any(re.fullmatch(r"\d+(\.\d)?[wW万]", a) for a in amounts)
    assert any("仟" in a or "佰" in a for a in amounts)
    assert any(a.startswith("约") for a in amounts)
    assert any(a.startswith("-") for a in col["compensation_amount"])
    assert any(re.search("[０-９]", a) for a in amounts)
    assert some("complainant_phone", r"^1\d\d \d{4} \d{4}$")
    assert some("complainant_phone", r"^0879-\d{7}$")
    assert some("complainant_phone", r"^\+86")
    assert some("complainant_phone", r"^1\d\d\*{4}\d{4}$")
    assert some("complainant_id_number", r"x$")
    assert some("complainant_id_number", r"^\d{15}$")
    assert some("complainant_name", "[·•・]")
    assert some("complainant_name", "(女士|先生)$")
    for marker in ("NULL", "/", "无", "-"):
        assert marker in col["merchant_uscc"] or marker in col["complainant_id_number"], marker
    assert some("received_at", r"^\d{4}/\d{1,2}/\d{1,2} \d{1,2}:\d{2}$")
    assert some("purchase_date", r"^\d{8}$")
    assert some("purchase_date", r"^4\d{4}(\.\d+)?$")
    assert some("received_at", r"^\d{4}年\d{1,2}月\d{1,2}日\d{1,2}时$")
    assert some("purchase_date", r"^\d{1,2}/\d{1,2}/\d{4}$")
    assert some("text", "[買貨賠償訴]")
    assert some("text", "來電|[０-９]{3}")


def test_day_first_dates_only_in_the_ledger_and_stated(big):
    _, rows, _ = read(big)
    ledger = [r for r in rows if r["source_system"] == "市消协调解台账"]
    assert ledger
    for r in ledger:
        assert "日/月/年" in r["remark"]
        assert re.fullmatch(r"\d{2}/\d{2}/\d{4}( \d{2}:\d{2})?", r["received_at"]), r["received_at"]
    assert any(int(r["received_at"][:2]) > 12 for r in ledger)  # day first
    # other sources write slashed dates month first (US-style Excel output) or year first
    rx = re.compile(r"^(\d{1,2})/(\d{1,2})/\d{4}")
    for r in rows:
        if r["source_system"] == "市消协调解台账":
            continue
        for cell in (r["received_at"], r["purchase_date"], r["closed_at"]):
            m = rx.match(cell)
            if m:
                assert int(m.group(1)) <= 12, cell


def test_four_sources(big):
    _, rows, _ = read(big)
    sources = Counter(r["source_system"] for r in rows)
    assert set(sources) == set(gen.SOURCE_NAME.values())
    assert min(sources.values()) > 500


def test_pictures_exist_jpeg_small(small):
    _, rows, _ = read(small)
    names = files_of(rows)
    assert len(names) > 200
    assert len(set(names)) == len(names)
    folder = small / "evidence"
    on_disk = {p.name for p in folder.iterdir()}
    assert set(names) == on_disk
    for name in names[::5]:
        with Image.open(folder / name) as im:
            assert im.format == "JPEG"
            assert max(im.size) <= 256


def test_extortion_pictures_are_edited_copies(big):
    truth, rows, _ = read(big)
    byid = {r["complaint_id"]: r for r in rows}
    tables = gen.build(7, 10000)
    specs = {s["file"]: s for s in tables[2]}
    for g in truth["schemes"].values():
        if g["kind"] != "evidence_extortion":
            continue
        bases = set()
        edits = set()
        for cid in g["complaint_ids"]:
            for f in files_of([byid[cid]]):
                if specs[f]["kind"] == "foreign_object":
                    bases.add(specs[f]["base"])
                    edits.add(json.dumps(specs[f]["edit"], sort_keys=True))
        assert len(bases) == 1
        assert len(edits) >= 2


def test_cli(tmp_path):
    out = tmp_path / "cli"
    res = subprocess.run(  # noqa: S603
        [sys.executable, str(HERE / "gen_yunxi.py"), str(out), "--seed", "3", "--rows", "400"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    truth, rows, _ = read(out)
    assert len(rows) == 400 and truth["seed"] == 3
    assert (out / "evidence").is_dir()
    out2 = tmp_path / "cli2"
    res = subprocess.run(  # noqa: S603
        [sys.executable, str(HERE / "gen_yunxi.py"), str(out2), "--seed", "3", "--rows", "400", "--no-pictures"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    assert not (out2 / "evidence").exists()
    assert (out2 / "complaints.csv").read_bytes() == (out / "complaints.csv").read_bytes()
