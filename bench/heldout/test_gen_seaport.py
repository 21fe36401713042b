"""Tests for the held-out "seaport" complaint generator (bench/heldout/gen_seaport.py)."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("gen_seaport", HERE / "gen_seaport.py")
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

SEPARATORS = re.compile(r"[;；,，]")


def read_csv(out: Path, encoding: str) -> tuple[list[str], list[list[str]]]:
    text = (out / "complaints.csv").read_bytes().decode(encoding)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows[0], rows[1:]


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    out = tmp_path_factory.mktemp("seaport10k")
    truth = gen.generate(out, seed=1, rows=10000, pictures=False)
    return out, truth


@pytest.fixture(scope="module")
def pictured(tmp_path_factory):
    out = tmp_path_factory.mktemp("seaport_pics")
    truth = gen.generate(out, seed=7, rows=1200, pictures=True)
    return out, truth


def test_deterministic_and_csv_independent_of_pictures(tmp_path, pictured):
    out, _ = pictured
    again = tmp_path / "again"
    gen.generate(again, seed=7, rows=1200, pictures=True)
    assert digest(out) == digest(again)
    bare = tmp_path / "bare"
    gen.generate(bare, seed=7, rows=1200, pictures=False)
    assert (bare / "complaints.csv").read_bytes() == (out / "complaints.csv").read_bytes()
    assert (bare / "truth.json").read_bytes() == (out / "truth.json").read_bytes()
    assert not (bare / "evidence").exists()
    other = tmp_path / "other"
    gen.generate(other, seed=8, rows=1200, pictures=False)
    assert (other / "complaints.csv").read_bytes() != (out / "complaints.csv").read_bytes()


def test_csv_parses_with_requested_rows(big):
    out, truth = big
    assert truth["generator"] == "gen_seaport" and truth["seed"] == 1 and truth["rows"] == 10000
    header, rows = read_csv(out, truth["encoding"])
    required = {"complaint_id", "received_at", "channel", "complainant_name", "complainant_id_number",
                "complainant_phone", "complainant_address", "merchant_name", "merchant_uscc", "product",
                "purchase_date", "purchase_quantity", "purchase_amount", "claim_amount", "legal_basis", "text",
                "evidence_files", "outcome", "compensation_amount", "closed_at"}
    assert required <= set(header)
    assert len(rows) == 10000
    broken = [r for r in rows if len(r) != len(header)]
    assert 0 < len(broken) <= 30
    ids = [r[header.index("complaint_id")] for r in rows]
    assert len(set(ids)) == len(ids)


def test_encodings_vary_by_seed(tmp_path):
    seen = set()
    for seed in range(1, 9):
        out = tmp_path / str(seed)
        truth = gen.generate(out, seed=seed, rows=250, pictures=False)
        header, rows = read_csv(out, truth["encoding"])
        assert len(rows) == 250
        seen.add(truth["encoding"])
        raw = (out / "complaints.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") == (truth["encoding"] == "utf-8-sig")
    assert len(seen) >= 3


def test_truth_groups(big):
    out, truth = big
    header, rows = read_csv(out, truth["encoding"])
    ids = {r[header.index("complaint_id")] for r in rows}
    seen: set[str] = set()
    counts = {"schemes": 0, "traps": 0}
    for cat, table in (("schemes", gen.SCHEMES), ("traps", gen.TRAPS)):
        kinds = {g["kind"] for g in truth[cat].values()}
        assert kinds == set(table), cat
        for gid, g in truth[cat].items():
            assert g["complaint_ids"], gid
            for cid in g["complaint_ids"]:
                assert cid in ids
                assert cid not in seen, cid
                seen.add(cid)
            counts[cat] += len(g["complaint_ids"])
    assert len(gen.TRAPS) >= 14  # the eleven named traps and our own
    assert 0.04 <= counts["schemes"] / 10000 <= 0.07
    assert 0.10 <= counts["traps"] / 10000 <= 0.15
    for kind in gen.SCHEMES:
        assert sum(1 for g in truth["schemes"].values() if g["kind"] == kind) >= 3, kind
    # broken rows only among background complaints
    broken = {r[header.index("complaint_id")] for r in rows if len(r) != len(header)}
    assert not broken & seen


def test_identifiers_valid(big):
    out, truth = big
    header, rows = read_csv(out, truth["encoding"])
    rows = [r for r in rows if len(r) == len(header)]
    col = {c: header.index(c) for c in header}
    n_id = n_phone = n_masked = n_uscc = n_card = 0
    for r in rows:
        number = r[col["complainant_id_number"]].replace(" ", "").lstrip("'").upper()
        if number and "*" not in number:
            assert gen.valid_id(number), number
            n_id += 1
        phone = r[col["complainant_phone"]]
        if "*" in phone:
            assert re.fullmatch(r"1\d{2}\*{4}\d{4}", phone), phone
            n_masked += 1
        elif re.fullmatch(r"0580-\d{7}", phone):
            pass  # a landline
        elif "/" in phone:
            assert all(len(x) == 11 and x[:3] in gen.MOBILE_PREFIXES for x in phone.split("/")), phone
        elif phone:
            digits = re.sub(r"\D", "", phone)
            digits = digits[4:] if digits.startswith("0086") else digits[2:] if len(digits) == 13 else digits
            assert len(digits) == 11 and digits[:3] in gen.MOBILE_PREFIXES + gen.BLOCK_PREFIXES, phone
            n_phone += 1
        uscc = r[col["merchant_uscc"]]
        if uscc:
            assert gen.valid_uscc(uscc), uscc
            n_uscc += 1
        text = r[col["text"]].translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        for run in re.findall(r"62[\d \-]{17,26}", text):
            digits = re.sub(r"\D", "", run)
            if len(digits) == 19:
                assert gen.valid_luhn(digits), run
                n_card += 1
    assert n_id > 3000 and n_phone > 5000 and n_masked > 500 and n_uscc > 4000 and n_card >= 5


def test_messy_cells_present(big):
    out, truth = big
    header, rows = read_csv(out, truth["encoding"])
    col = {c: header.index(c) for c in header}
    cells = lambda name: [r[col[name]] for r in rows if len(r) == len(header)]  # noqa: E731
    received = cells("received_at")
    assert any(re.fullmatch(r"\d{5}", v) for v in received)
    assert any("T" in v for v in received) and any("年" in v for v in received)
    assert any(v.startswith("+86") for v in cells("complainant_phone"))
    assert any("¥" in v or "￥" in v for v in cells("purchase_amount"))
    assert any("元" in v for v in cells("purchase_amount"))
    assert any(re.search("[０-９]", v) for v in cells("text"))
    outcomes = set(cells("outcome"))
    assert {"办结", "调解成功", "终止调解", "撤诉", "已退款", "转办", "不予受理"} <= outcomes
    assert len(outcomes) > 30
    assert any(v.endswith(("先生", "女士")) for v in cells("complainant_name"))


def test_pictures_exist_and_small(pictured):
    out, truth = pictured
    header, rows = read_csv(out, truth["encoding"])
    col = header.index("evidence_files")
    named = {n.strip() for r in rows if len(r) == len(header) for n in SEPARATORS.split(r[col]) if n.strip()}
    assert len(named) > 300
    on_disk = {p.name for p in (out / "evidence").iterdir()}
    assert named <= on_disk
    for name in sorted(named)[:400]:
        with Image.open(out / "evidence" / name) as img:
            assert img.format == "JPEG"
            assert max(img.size) <= 256


def test_cli(tmp_path):
    out = tmp_path / "cli"
    cmd = [sys.executable, str(HERE / "gen_seaport.py"), str(out), "--seed", "3", "--rows", "300", "--no-pictures"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603
    assert proc.returncode == 0, proc.stderr
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    assert truth["seed"] == 3 and truth["rows"] == 300
    assert (out / "complaints.csv").exists() and not (out / "evidence").exists()
