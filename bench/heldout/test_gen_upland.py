"""Tests for the held-out "upland" complaint generator (峪州市)."""

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_upland as gen  # noqa: E402

SEP = re.compile(r"[;；，,|、]")
FW_TABLE = str.maketrans("０１２３４５６７８９", "0123456789")


def read(out: Path) -> tuple[list[str], list[list[str]], dict]:
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    text = (out / "complaints.csv").read_bytes().decode(truth["encoding"])
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], rows[1:], truth


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    out = tmp_path_factory.mktemp("upland10k")
    gen.generate(out, seed=7, rows=10_000, pictures=False)
    return out


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("upland1200")
    gen.generate(out, seed=3, rows=1200, pictures=True)
    return out


def test_header_and_row_count(big):
    header, rows, truth = read(big)
    assert tuple(header) == gen.COLUMNS
    assert len(rows) == 10_000 == truth["rows"]
    assert truth["generator"] == "gen_upland" and truth["seed"] == 7
    assert all(len(r) <= len(header) for r in rows)
    assert sum(len(r) < len(header) for r in rows) > 5  # short rows exist


def test_deterministic_and_pictures_do_not_change_data(tmp_path, small):
    a, b = tmp_path / "a", tmp_path / "b"
    gen.generate(a, seed=3, rows=1200, pictures=False)
    gen.generate(b, seed=3, rows=1200, pictures=False)
    for name in ("complaints.csv", "truth.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
        assert (a / name).read_bytes() == (small / name).read_bytes()
    assert not (a / "evidence").exists()
    c = tmp_path / "c"
    gen.generate(c, seed=4, rows=1200, pictures=False)
    assert (c / "complaints.csv").read_bytes() != (a / "complaints.csv").read_bytes()


def test_truth_groups(big):
    _, rows, truth = read(big)
    ids = [r[1] for r in rows]
    assert len(set(ids)) == len(ids)
    known = set(ids)
    seen: set[str] = set()
    counts: dict[str, int] = {}
    members = {"schemes": 0, "traps": 0}
    for cat, kinds in (("schemes", gen.SCHEMES), ("traps", gen.TRAPS)):
        for group in truth[cat].values():
            assert group["kind"] in kinds
            assert len(group["complaint_ids"]) >= 2
            for cid in group["complaint_ids"]:
                assert cid in known
                assert cid not in seen
                seen.add(cid)
            counts[group["kind"]] = counts.get(group["kind"], 0) + 1
            members[cat] += len(group["complaint_ids"])
    for kind in gen.SCHEMES:
        assert counts.get(kind, 0) >= 3, kind
    for kind in gen.TRAPS:
        assert counts.get(kind, 0) >= 2, kind
    assert 0.04 <= members["schemes"] / len(rows) <= 0.07
    assert 0.10 <= members["traps"] / len(rows) <= 0.15


def test_small_run_has_every_kind(small):
    _, rows, truth = read(small)
    kinds = {g["kind"] for g in truth["schemes"].values()} | {g["kind"] for g in truth["traps"].values()}
    assert kinds == set(gen.SCHEMES) | set(gen.TRAPS)
    assert len(rows) == 1200


def test_identifiers_valid(big):
    header, rows, _ = read(big)
    col = {name: i for i, name in enumerate(header)}
    n_id = n_uscc = n_card = 0
    for r in rows:
        if len(r) <= col["merchant_uscc"]:
            continue
        idn = r[col["complainant_id_number"]].strip().translate(FW_TABLE).upper()
        if idn:
            assert gen.valid_id_number(idn), idn
            n_id += 1
        uscc = r[col["merchant_uscc"]].strip()
        if uscc:
            assert gen.valid_uscc(uscc), uscc
            n_uscc += 1
        text = r[col["text"]].translate(FW_TABLE)
        for m in re.finditer(r"卡号[:：]?\s*(\d[\d \-]{14,30}\d)", text):
            digits = re.sub(r"[ \-]", "", m.group(1))
            assert 16 <= len(digits) <= 19 and gen.luhn_ok(digits), digits
            n_card += 1
    assert n_id > 500 and n_uscc > 5000 and n_card > 10


def test_helpers_against_known_values():
    assert gen.valid_id_number("11010519491231002X")
    assert not gen.valid_id_number("110105194912310021")
    assert gen.valid_uscc("91350100M000100Y43")
    assert gen.luhn_ok("4539578763621486")


def test_messy_cells_present(big):
    header, rows, _ = read(big)
    col = {name: i for i, name in enumerate(header)}

    def cells(name):
        return [r[col[name]] for r in rows if len(r) > col[name]]

    received = cells("received_at")
    assert any(re.fullmatch(r"4[5-6]\d{3}", v) for v in received)  # Excel serial dates
    assert any(re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", v) for v in received)
    assert any("０" in v or "１" in v or "２" in v for v in received)
    phones = cells("complainant_phone")
    assert any("****" in v for v in phones)
    assert any(v.startswith("+86") for v in phones)
    assert any(" " in v.strip() for v in phones)
    money = cells("purchase_amount") + cells("claim_amount") + cells("compensation_amount")
    for token in ("约", "左右", "¥", "元", ","):
        assert any(token in v for v in money), token
    texts = cells("text")
    assert any(ch in t for t in texts for ch in "賠訴貨買")  # traditional characters
    outcomes = set(cells("outcome"))
    assert {"已办结", "终止调解", "转交执法", "协商不成", "其他"} <= outcomes
    assert len({r[0] for r in rows}) == 5


def test_encodings_vary_by_seed(tmp_path):
    seen = set()
    for seed in range(12):
        out = tmp_path / str(seed)
        truth = gen.generate(out, seed=seed, rows=60, pictures=False)
        raw = (out / "complaints.csv").read_bytes()
        seen.add(truth["encoding"])
        assert raw.startswith(b"\xef\xbb\xbf") == (truth["encoding"] == "utf-8-sig")
        raw.decode(truth["encoding"])
    assert seen == {"utf-8", "utf-8-sig", "gb18030"}


def test_pictures(small):
    from PIL import Image

    header, rows, truth = read(small)
    col = {name: i for i, name in enumerate(header)}
    names = [n for r in rows if len(r) > col["evidence_files"] for n in SEP.split(r[col["evidence_files"]]) if n]
    assert len(names) > 300
    files = {p.name for p in (small / "evidence").iterdir()}
    assert set(names) == files
    for n in names[:400]:
        p = small / "evidence" / n
        assert p.read_bytes()[:3] == b"\xff\xd8\xff"
        with Image.open(p) as im:
            assert im.format == "JPEG" and max(im.size) <= 256
    # the extortion picture is edited per use: the files differ
    byid = {r[1]: r for r in rows}
    for g in truth["schemes"].values():
        if g["kind"] == "evidence_extortion":
            pics = [SEP.split(byid[c][col["evidence_files"]])[0] for c in g["complaint_ids"]]
            blobs = {(small / "evidence" / p).read_bytes() for p in pics}
            assert len(blobs) >= len(pics) - 1


def test_cli(tmp_path):
    script = Path(gen.__file__)
    cmd = [sys.executable, str(script), str(tmp_path / "o"), "--seed", "5", "--rows", "300", "--no-pictures"]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)  # noqa: S603
    assert res.returncode == 0, res.stderr
    _, rows, truth = read(tmp_path / "o")
    assert len(rows) == 300 and truth["seed"] == 5
    assert not (tmp_path / "o" / "evidence").exists()
