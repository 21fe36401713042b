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


def test_missing_output_folder_is_refused_before_scanning(tmp_path):
    demo = Path(__file__).resolve().parent.parent / "data" / "demo_complaints.csv"
    with pytest.raises(CommandError):
        call_command("claims", "scan", str(demo), "--out", str(tmp_path / "missing" / "out.json"))
    assert not (tmp_path / "missing").exists()


def test_html_report_says_when_it_is_not_masked(tmp_path):
    demo = Path(__file__).resolve().parent.parent / "data" / "demo_complaints.csv"
    masked, revealed = tmp_path / "masked.html", tmp_path / "revealed.html"
    call_command("claims", "scan", str(demo), "--out", str(masked), "--format", "html", verbosity=0)
    call_command("claims", "scan", str(demo), "--out", str(revealed), "--format", "html", "--reveal", verbosity=0)
    assert "个人信息已脱敏" in masked.read_text(encoding="utf-8")
    text = revealed.read_text(encoding="utf-8")
    assert "未脱敏" in text and "id_number:" not in text and "身份证" in text
