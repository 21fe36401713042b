import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

DEMO = Path(__file__).resolve().parents[1] / "data"


def test_generate_then_scan_end_to_end(tmp_path, capsys):
    out = tmp_path / "gen.csv"
    call_command("claims", "generate", "--rows", "1500", "--seed", "3", "--out", str(out), "--evidence",
                 str(tmp_path / "ev"))
    truth = json.loads((tmp_path / "gen.truth.json").read_text(encoding="utf-8"))
    assert truth["schemes"] and truth["traps"]
    call_command("claims", "scan", str(out), "--evidence", str(tmp_path / "ev"), "--out", str(tmp_path / "r.json"))
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    flagged = {cid for c in data["clues"] if c["score"] >= 0.5 for cid in c["complaint_ids"]}
    fraud = {cid for s in truth["schemes"].values() for cid in s["complaint_ids"]}
    assert len(flagged & fraud) >= 0.8 * len(fraud) and len(flagged & fraud) >= 0.8 * len(flagged)
    assert data["summary"]["rows_skipped"] == 0 or data["summary"]["row_errors"]
    assert "complaints scanned" in capsys.readouterr().out


def test_scan_runs_on_the_shipped_demo_file(tmp_path):
    for fmt in ("json", "html", "xlsx"):
        call_command("claims", "scan", str(DEMO / "demo_complaints.csv"), "--evidence", str(DEMO / "demo_evidence"),
                     "--out", str(tmp_path / f"demo.{fmt}"), "--format", fmt)
    data = json.loads((tmp_path / "demo.json").read_text(encoding="utf-8"))
    assert data["summary"]["rows_skipped"] > 0 and data["summary"]["clues_flagged"] > 0


def test_missing_input_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("claims", "scan", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "r.json"))
