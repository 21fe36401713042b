"""The parkline held-out generator: deterministic, consistent truth, every kind planted, a parseable CSV."""

import csv
import hashlib
import io
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_parkline as gp  # noqa: E402

REQUIRED = {"complaint_id", "received_at", "complainant_name", "merchant_name", "text"}
FW = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789XX")


def read(out: Path, truth: dict) -> tuple[list[str], list[list[str]]]:
    text = (out / "complaints.csv").read_bytes().decode(truth["encoding"])
    rows = [r for r in csv.reader(io.StringIO(text, newline="")) if r]
    header = [h.strip().lower().replace(" ", "_") for h in rows[0]]
    return header, rows[1:]


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(folder).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    out = {}
    for seed in (1, 2):
        d = tmp_path_factory.mktemp(f"parkline{seed}")
        out[seed] = (d, gp.generate(d, seed=seed, rows=10000, pictures=False))
    return out


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    a = gp.generate(tmp_path / "a", seed=7, rows=1500, pictures=True)
    b = gp.generate(tmp_path / "b", seed=7, rows=1500, pictures=True)
    c = gp.generate(tmp_path / "c", seed=8, rows=1500, pictures=False)
    assert a == b and c["seed"] == 8
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert (tmp_path / "a" / "complaints.csv").read_bytes() != (tmp_path / "c" / "complaints.csv").read_bytes()
    # pictures do not change the table
    d = gp.generate(tmp_path / "d", seed=7, rows=1500, pictures=False)
    assert d == a
    assert (tmp_path / "d" / "complaints.csv").read_bytes() == (tmp_path / "a" / "complaints.csv").read_bytes()
    assert not (tmp_path / "d" / "evidence").exists()


@pytest.mark.parametrize("seed", [1, 2])
def test_truth_matches_the_csv(big, seed):
    out, truth = big[seed]
    assert truth["generator"] == "gen_parkline" and truth["seed"] == seed
    header, rows = read(out, truth)
    assert set(header) >= REQUIRED
    assert len(rows) == truth["rows"] == 10000
    good = [r for r in rows if len(r) == len(header)]
    assert len(rows) - len(good) <= 10  # a few rows lost cells
    ids = [r[0] for r in good]
    counts = {}
    for i in ids:
        counts[i] = counts.get(i, 0) + 1
    schemes = [c for v in truth["schemes"].values() for c in v["complaint_ids"]]
    traps = [c for v in truth["traps"].values() for c in v["complaint_ids"]]
    assert len(schemes) == len(set(schemes)) and len(traps) == len(set(traps))
    assert not set(schemes) & set(traps)
    assert not set(truth["schemes"]) & set(truth["traps"])
    for c in schemes + traps:
        assert counts.get(c) == 1, c  # present, and never the target of a duplicated number
    # planted complaints are valid rows: a time received and an ID
    at = header.index("received_at")
    by_id = {r[0]: r for r in good}
    assert all(by_id[c][at].strip() for c in schemes + traps)


@pytest.mark.parametrize("seed", [1, 2])
def test_every_kind_planted_at_10000_rows(big, seed):
    _, truth = big[seed]
    kinds = {v["kind"] for v in truth["schemes"].values()}
    assert kinds == set(gp.SCHEME_BASE)
    kinds = {v["kind"] for v in truth["traps"].values()}
    assert kinds == set(gp.TRAP_BASE)
    for part, base in (("schemes", gp.SCHEME_BASE), ("traps", gp.TRAP_BASE)):
        for kind, n in base.items():
            groups = [v for v in truth[part].values() if v["kind"] == kind]
            assert len(groups) == n, (kind, len(groups))
            assert all(len(v["complaint_ids"]) >= 2 for v in groups), kind


def test_identifiers_and_messy_cells(big):
    out, truth = big[1]
    header, rows = read(out, truth)
    rows = [r for r in rows if len(r) == len(header)]
    col = {c: header.index(c) for c in header}
    n_id = 0
    for r in rows:
        idn = r[col["complainant_id_number"]].translate(FW).replace(" ", "").upper()
        if re.fullmatch(r"\d{17}[\dX]", idn):
            n_id += 1
            assert gp.id_number_valid(idn), idn
        u = r[col["merchant_uscc"]].replace(" ", "").upper()
        if re.fullmatch(r"[0-9A-Z]{18}", u):
            assert gp.uscc_valid(u), u
    assert n_id > 1000
    received = [r[col["received_at"]] for r in rows]
    assert any(re.fullmatch(r"4\d{4}(\.\d+)?", x) for x in received)  # Excel serial dates
    names = [r[col["complainant_name"]] for r in rows]
    assert sum(bool(re.fullmatch(r".(先生|女士)", n)) for n in names) > 300  # hotline callers
    outcomes = {r[col["outcome"]] for r in rows}
    assert {"终止调解", "已办结", "调解不成", "不予受理", "部分赔偿", ""} <= outcomes


def test_pictures_exist_and_are_small(tmp_path):
    truth = gp.generate(tmp_path, seed=3, rows=1200, pictures=True)
    header, rows = read(tmp_path, truth)
    col = header.index("evidence_files")
    names = {n for r in rows if len(r) == len(header) for n in re.split("[;；,，]", r[col]) if n}
    files = {p.name for p in (tmp_path / "evidence").iterdir()}
    assert names and names <= files
    from PIL import Image

    for name in sorted(files)[:200]:
        with Image.open(tmp_path / "evidence" / name) as im:
            assert min(im.size) >= 64 and max(im.size) <= 160


def test_cli(tmp_path, capsys):
    assert gp.main([str(tmp_path), "--seed", "5", "--rows", "300", "--no-pictures"]) == 0
    assert (tmp_path / "truth.json").exists() and (tmp_path / "complaints.csv").exists()
    assert "300 rows" in capsys.readouterr().out
