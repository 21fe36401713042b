"""``jingqi roster``: generate, solve and check round trip; bad files are refused with exit status 2."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """These tests read the messages' English wording (the interface is Chinese by default)."""
    with translation.override("en"):
        yield


def test_generate_solve_check_round_trip(tmp_path, capsys):
    inst, roster = tmp_path / "inst.json", tmp_path / "roster.json"
    call_command("roster", "generate", "--seed", "4", "--segments", "3", "--hours", "48", "--people", "30",
                 "--out", str(inst))
    call_command("roster", "solve", str(inst), "--out", str(roster), "--time-limit", "2", verbosity=0)
    data = json.loads(roster.read_text(encoding="utf-8"))
    assert data["status"] in ("optimal", "feasible", "partial") and data["assignments"]
    call_command("roster", "check", str(inst), str(roster), "--coverage", str(tmp_path / "cov.json"))
    out = capsys.readouterr().out
    assert "keeps every rule" in out
    coverage = json.loads((tmp_path / "cov.json").read_text(encoding="utf-8"))["coverage"]
    assert len(coverage) == 3 * 48 and {"required", "assigned", "officers", "missing"} <= coverage[0].keys()


def test_check_exits_1_and_lists_what_a_hand_edited_roster_breaks(tmp_path, capsys):
    inst, roster = tmp_path / "inst.json", tmp_path / "roster.json"
    inst.write_text(json.dumps({
        "start": "2026-03-01T00:00+08:00", "hours": 12, "night": [22, 6],
        "segments": [{"id": "S01", "need": 1}], "people": [{"id": "P1", "available": [[0, 12]]}],
        "rules": {"min_shift": 2, "max_shift": 8, "min_rest": 8, "max_week_hours": 40, "max_nights_in_row": 3}}))
    roster.write_text(json.dumps({"assignments": [{"person": "P1", "segment": "S01", "start": 0, "end": 10}]}))
    with pytest.raises(CommandError) as exc:
        call_command("roster", "check", str(inst), str(roster))
    assert exc.value.returncode == 1
    out = capsys.readouterr().out
    assert "max_shift:" in out and "coverage:" in out


@pytest.mark.parametrize(("content", "words"), [
    (None, "inst.json"),  # "No such file" (already translated)
    ("{not json", "not valid JSON"),
    ('{"start": "2026-03-01T00:00+08:00"}', '"hours" is missing'),
    ('{"start": "2026-03-01T00:00+08:00", "hours": 4, "night": [22, 6], "segments": [{"id": "S01", "need": 1}],'
     ' "people": [{"id": "P7", "segments": ["S09"], "available": [[0, 4]]}], "rules": {"min_shift": 2,'
     ' "max_shift": 8, "min_rest": 8, "max_week_hours": 40, "max_nights_in_row": 3}}', 'person P7: unknown segment'),
])
def test_bad_instance_files_exit_2_and_write_nothing(tmp_path, content, words):
    inst, out = tmp_path / "inst.json", tmp_path / "roster.json"
    if content is not None:
        inst.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=words) as exc:
        call_command("roster", "solve", str(inst), "--out", str(out), verbosity=0)
    assert exc.value.returncode == 2
    assert not out.exists()


def test_missing_output_folder_and_bad_roster_file_exit_2(tmp_path):
    inst = tmp_path / "inst.json"
    call_command("roster", "generate", "--seed", "1", "--segments", "2", "--hours", "24", "--people", "10",
                 "--out", str(inst))
    with pytest.raises(CommandError) as exc:
        call_command("roster", "solve", str(inst), "--out", str(tmp_path / "nope" / "r.json"), verbosity=0)
    assert exc.value.returncode == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"assignments": [{"person": "P001", "segment": "S01", "start": "8"}]}')
    with pytest.raises(CommandError, match="end") as exc:
        call_command("roster", "check", str(inst), str(bad))
    assert exc.value.returncode == 2
