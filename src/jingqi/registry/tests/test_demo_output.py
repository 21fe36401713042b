"""What `make run` and `jingqi demo` print while loading: named stages, each bar only going forward, and
the login table once."""

import re
from contextlib import redirect_stderr
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from jingqi.core.testing.demo import FAST_HASHERS
from jingqi.registry import demo


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS  # the demo creates many accounts; these tests need no strong hashes


RUN_SH = Path(__file__).resolve().parents[4] / "scripts" / "run.sh"


def test_demo_progress_names_each_stage_no_bar_goes_backwards_and_no_login_is_printed(migrated_db):
    """One load through the command, as `make run`'s first step runs it (progress on stderr, --no-logins)."""
    progress, out = StringIO(), StringIO()
    with translation.override("en"), redirect_stderr(progress):
        call_command("demo", "--scale", "0.05", "--no-logins", verbosity=1, stdout=out)
    readings: dict[str, list[int]] = {}
    for frame in re.split(r"[\r\n]", progress.getvalue()):
        match = re.search(r"(Loading demo data \d+/\d+: [^:]+):\s*(\d+)%", frame)
        if match:
            readings.setdefault(match.group(1), []).append(int(match.group(2)))
    numbers = sorted(int(re.search(r"data (\d+)/", stage).group(1)) for stage in readings)
    assert numbers == list(range(1, len(demo.DEMO_PARTS) + 2)), progress.getvalue()[-500:]
    for stage, percents in readings.items():
        assert percents == sorted(percents), (stage, percents)
    assert out.getvalue().strip()
    assert "sz_supervisor" not in out.getvalue() + progress.getvalue()
    assert demo.DEMO_PASSWORD not in out.getvalue() + progress.getvalue()


def test_make_run_prints_the_login_table_once():
    script = RUN_SH.read_text()
    commands = [line.strip() for line in script.splitlines() if re.match(r"\s*\$bin/jingqi demo\b", line)]
    printing = [c for c in commands if "--print-logins" in c or "--no-logins" not in c]
    assert len(printing) == 1, commands


def test_make_run_serves_on_jingqi_port_and_the_readme_says_so():
    assert 'port=${JINGQI_PORT:-8000}' in RUN_SH.read_text()
    assert "JINGQI_PORT" in (RUN_SH.parents[1] / "README.md").read_text()
