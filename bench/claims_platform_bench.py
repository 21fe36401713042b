"""Benchmark of the false-claim model inside the platform: importing a complaint export and running the model
over the complaints the database holds, against merely reading the same file.

Each size runs in a fresh embedded SQLite database (a temporary var folder), through the services an
officer's upload goes through (``do_upload_batch`` → ``run_import`` → ``run_model``): every row is
checked, then written with its personal data encrypted, then the model reads the station's complaints
back (decrypting them in memory) and saves its clues. Generated with scheme variant b, clean cells (the
import refuses a file with broken rows), no pictures.

    .venv/bin/python bench/claims_platform_bench.py                 # 10,000 and 100,000 rows
    .venv/bin/python bench/claims_platform_bench.py --sizes 10000   # quick

Results are appended to bench/RESULTS.md under their own heading (the previous platform section is replaced).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
JINGQI = str(ROOT / ".venv" / "bin" / "jingqi")
HEADING = "## In the platform: import and model run"


def child(size: int, folder: Path) -> dict:
    """One size in a child process of its own (fresh settings, fresh database, its own peak memory)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jingqi.settings", "JINGQI_VAR_DIR": str(folder),
           "HUEY_IMMEDIATE": "1", "JINGQI_TWO_FACTOR": "off"}
    out = subprocess.run([PY, __file__, "--child", str(size), "--folder", str(folder)], env=env,  # noqa: S603
                         capture_output=True, text=True, check=True)
    return eval(out.stdout.strip().splitlines()[-1])  # noqa: S307 — our own child's repr of a dict


def measure(size: int, folder: Path) -> dict:
    import resource

    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from jingqi.claims import importing, services
    from jingqi.claims.engine.generator import generate
    from jingqi.claims.models import Clue, ScanRun
    from jingqi.core.testing import factories as f

    call_command("migrate", verbosity=0)
    source = folder / f"complaints-{size}.csv"
    generate(size, 4242, source, variant="b", messy=False)
    t = time.perf_counter()
    rows = importing.count_rows(source)
    read = time.perf_counter() - t
    officer = f.UserFactory(role="officer", office=f.OfficeFactory(station=f.StationFactory(code="B", name="基准")))
    upload = SimpleUploadedFile(source.name, source.read_bytes())
    timings = {}
    original_import, original_model = services.run_import, services.run_model

    def timed(name, fn):
        def wrapper(pk):
            start = time.perf_counter()
            try:
                return fn(pk)
            finally:
                timings[name] = timings.get(name, 0.0) + time.perf_counter() - start
        return wrapper

    services.run_model = timed("model", original_model)
    services.run_import = timed("import", original_import)
    t = time.perf_counter()
    batch = services.do_upload_batch(officer, upload=upload)
    total = time.perf_counter() - t
    batch.refresh_from_db()
    run = ScanRun.objects.latest("pk")
    if batch.status != "imported" or run.status != "done":
        raise SystemExit(f"import {batch.status}, run {run.status}: {batch.errors[:3]} {run.failure}")
    return {"rows": rows, "read": read, "import": timings["import"] - timings.get("model", 0.0),
            "model": timings.get("model", 0.0), "total": total, "clues": Clue.objects.count(),
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            "db_mib": (folder / "jingqi.sqlite3").stat().st_size / 2**20 if (folder / "jingqi.sqlite3").exists()
            else 0.0}


def write(results: list[dict], command: str) -> None:
    lines = [HEADING, "", f"Command: `{command}` (from the project root), one run, measured on "
             f"{time.strftime('%Y-%m-%d')}. Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
             f"{platform.python_version()}; embedded SQLite, one process.", "",
             "Each row: a fresh database; the export uploaded as an officer would, every row checked and then "
             "written in one transaction with personal data encrypted, then the model run over the database.", "",
             "| rows | read file only | import (check + write) | ratio import/read | model run | ratio model/read "
             "| clues | peak memory | database |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        lines.append(f"| {r['rows']:,} | {r['read']:.1f} s | {r['import']:.1f} s | {r['import'] / r['read']:.1f} "
                     f"| {r['model']:.1f} s | {r['model'] / r['read']:.1f} | {r['clues']:,} | {r['peak_mib']} MiB "
                     f"| {r['db_mib']:.0f} MiB |")
    section = "\n".join(lines) + "\n"
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text(encoding="utf-8")
    if HEADING in text:
        before, _sep, after = text.partition(HEADING)
        # The section ends at the next heading of level 1 or 2, whichever document's it is.
        end = re.search(r"\n#{1,2} ", after)
        text = before + section + (after[end.start():] if end else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--child", type=int)
    parser.add_argument("--folder")
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT / "src"))
        print(repr(measure(args.child, Path(args.folder))))
        return
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            result = child(size, Path(folder))
        print(result, flush=True)
        results.append(result)
    write(results, "  ".join(["python bench/claims_platform_bench.py"] + (["--sizes", args.sizes]
                                                                              if args.sizes != "10000,100000" else [])))


if __name__ == "__main__":
    main()
