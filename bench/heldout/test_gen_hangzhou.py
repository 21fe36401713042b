"""The Hangzhou 12315-ledger generator: deterministic, complete answer key, a file the csv module reads."""

import csv
import hashlib
import json
import re
import sys
from pathlib import Path

import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).parent))
import gen_hangzhou as gen  # noqa: E402

SPLIT = re.compile(r"[;；,，]")


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _records(out: Path, encoding: str) -> list[list[str]]:
    with open(out / "complaints.csv", encoding=encoding, newline="") as fh:
        return [rec for rec in csv.reader(fh) if rec]


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """10,000 rows for an odd (GBK) and an even (UTF-8 with BOM) seed."""
    made = {}
    for seed in (1, 2):
        out = tmp_path_factory.mktemp(f"hz{seed}")
        made[seed] = (out, gen.generate(out, seed=seed, rows=10000, pictures=False))
    return made


def test_same_seed_writes_the_same_files(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    gen.generate(a, seed=5, rows=1500, pictures=True)
    gen.generate(b, seed=5, rows=1500, pictures=True)
    assert _digest(a) == _digest(b)
    gen.generate(tmp_path / "c", seed=6, rows=1500, pictures=False)
    assert (a / "complaints.csv").read_bytes() != (tmp_path / "c" / "complaints.csv").read_bytes()


def test_pictures_do_not_change_the_csv(tmp_path):
    gen.generate(tmp_path / "with", seed=8, rows=1200, pictures=True)
    gen.generate(tmp_path / "without", seed=8, rows=1200, pictures=False)
    assert (tmp_path / "with" / "complaints.csv").read_bytes() == (tmp_path / "without" / "complaints.csv").read_bytes()
    assert not (tmp_path / "without" / "evidence").exists()


@pytest.mark.parametrize("seed", [1, 2])
def test_csv_parses_and_has_the_requested_rows(big, seed):
    out, truth = big[seed]
    raw = (out / "complaints.csv").read_bytes()
    if seed % 2:
        assert truth["encoding"] == "gbk"
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
    else:
        assert truth["encoding"] == "utf-8-sig" and raw.startswith(b"\xef\xbb\xbf")
    records = _records(out, truth["encoding"])
    assert records[0] == gen.COLUMNS
    assert len(records) - 1 == truth["rows"] == 10000
    # The planted broken rows, and nothing else, have the wrong number of cells.
    odd = {i + 1 for i, rec in enumerate(records) if len(rec) not in (len(gen.COLUMNS), len(gen.COLUMNS) - 2)}
    short_or_long = {b["row"] for b in truth["broken_rows"] if b["kind"] in ("short", "extra_cells")}
    assert odd == short_or_long and short_or_long


@pytest.mark.parametrize("seed", [1, 2])
def test_truth_ids_exist_are_disjoint_and_cover_every_kind(big, seed):
    out, truth = big[seed]
    records = _records(out, truth["encoding"])
    ids = [rec[0] for rec in records[1:]]
    broken = {b["complaint_id"] for b in truth["broken_rows"]}
    in_schemes = [cid for g in truth["schemes"].values() for cid in g["complaint_ids"]]
    in_traps = [cid for g in truth["traps"].values() for cid in g["complaint_ids"]]
    assert len(in_schemes) == len(set(in_schemes)) and len(in_traps) == len(set(in_traps))
    assert not set(in_schemes) & set(in_traps)
    assert set(in_schemes) | set(in_traps) <= set(ids)
    assert not (set(in_schemes) | set(in_traps)) & broken
    # A listed complaint's ID is not repeated by another row.
    counts = {}
    for cid in ids:
        counts[cid] = counts.get(cid, 0) + 1
    assert all(counts[cid] == 1 for cid in in_schemes + in_traps)
    for bucket, table in (("schemes", gen.SCHEMES), ("traps", gen.TRAPS)):
        kinds = [g["kind"] for g in truth[bucket].values()]
        for kind in table:
            assert kinds.count(kind) >= 3, (bucket, kind)
    sizes = sorted(len(g["complaint_ids"]) for g in truth["schemes"].values() if g["kind"] == "pro_claimant")
    assert sizes[0] < sizes[-1]  # different sizes


def test_messy_cells_are_present(big):
    out, truth = big[1]
    records = _records(out, truth["encoding"])[1:]
    col = {name: i for i, name in enumerate(gen.COLUMNS)}
    outcomes = {rec[col["outcome"]].strip() for rec in records if len(rec) > col["outcome"]}
    assert {"终止调解", "已办结", "调解不成", "不予受理", "部分赔偿", ""} <= outcomes
    received = [rec[col["received_at"]] for rec in records if len(rec) > 2]
    assert any(re.fullmatch(r"\d{5}\.\d+", v) for v in received)  # Excel serial dates
    assert sum("年" in v for v in received) > 500
    phones = [rec[col["complainant_phone"]] for rec in records if len(rec) > 4]
    assert any(p.startswith("+86") for p in phones) and any(p.startswith("0086") for p in phones)
    assert any("１" in p or "３" in p for p in phones)
    channels = {rec[col["channel"]] for rec in records if len(rec) > 1}
    assert {"12315平台", "12345热线", "消费者协会", "举报", "信访", "行政复议", "法院诉讼", "电话", "网络"} <= channels


def test_identifiers_are_valid(big):
    out, truth = big[2]
    records = _records(out, truth["encoding"])[1:]
    col = {name: i for i, name in enumerate(gen.COLUMNS)}
    fw = str.maketrans("０１２３４５６７８９ＸＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＹ",
                       "0123456789XABCDEFGHJKLMNPQRTUWY")
    ids = [re.sub(r"[\s-]", "", rec[col["complainant_id_number"]]).translate(fw).upper()
           for rec in records if len(rec) > 5 and rec[col["complainant_id_number"]].strip()]
    good = sum(1 for i in ids if len(i) == 18 and gen.id_check(i[:17]) == i[17])
    assert good / len(ids) > 0.98
    codes = [re.sub(r"\s", "", rec[col["merchant_uscc"]]).translate(fw).upper()
             for rec in records if len(rec) > 8 and rec[col["merchant_uscc"]].strip()]
    assert codes and all(len(c) == 18 and c[:2] in ("91", "92") for c in codes)


def test_pictures_exist_for_every_group_and_are_small(tmp_path):
    truth = gen.generate(tmp_path, seed=3, rows=1500, pictures=True)
    records = _records(tmp_path, truth["encoding"])
    col = gen.COLUMNS.index("evidence_files")
    by_id = {rec[0]: rec for rec in records[1:]}
    named = [name for bucket in ("schemes", "traps") for g in truth[bucket].values()
             for cid in g["complaint_ids"] for name in SPLIT.split(by_id[cid][col]) if name]
    assert named
    for name in named:
        path = tmp_path / "evidence" / name
        assert path.is_file(), name
        with Image.open(path) as img:
            assert min(img.size) >= 16 and max(img.size) <= 160
    assert json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))["generator"] == "gen_hangzhou"
