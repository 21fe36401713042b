"""Risk report generation at the scale of a station: the Majiahe demo (930 enterprises in three parks, with the
records of every app the demo writes), each park's reports of the current half-year computed by the background job,
timed and its queries counted; the number of queries must not depend on the number of enterprises.

    .venv/bin/python bench/reports_bench.py [--no-write]

Makes a throwaway SQLite database (the demo at full scale takes a few minutes to load, with a progress bar), then
writes its section of bench/RESULTS.md with the command, the date, the machine and the commit."""

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADING = "## Risk report generation (issue 14)"


def setup(work: Path) -> None:
    os.environ["JINGQI_VAR_DIR"] = str(work)
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jingqi.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from jingqi.registry import demo

    demo.load_demo(scale=1.0, progress=sys.stderr)


def workbook(report, user) -> bytes:
    from jingqi.core.exports import workbook_bytes
    from jingqi.reports import documents

    return workbook_bytes(documents.report_sheets(report, user))


def measure() -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from jingqi.accounts.choices import Role
    from jingqi.accounts.models import User
    from jingqi.registry.models import Enterprise, Park
    from jingqi.reports import documents, services
    from jingqi.reports.models import RiskReport
    from jingqi.reports.risk import Period

    period = Period.containing(timezone.localdate())
    rows = []
    for park in Park.objects.filter(station__code="ZZ-MJH").order_by("code"):
        officer = User.objects.filter(role=Role.OFFICER, office=park.office_id).order_by("username").first()
        run = services.do_request_reports(officer, park=park, period=period)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            run = services.run_generation(run.pk)
        row = {"park": park.name, "enterprises": Enterprise.objects.filter(park=park).count(),
               "reports": run.done, "seconds": time.perf_counter() - started, "queries": len(queries)}
        # The documents: the park's PDF and workbook, and the PDF of the enterprise with the most recommendations.
        park_report = RiskReport.objects.get(park=park, period_start=period.start, kind="park")
        own = max(RiskReport.objects.filter(park=park, period_start=period.start, kind="enterprise"),
                  key=lambda r: (len(r.recommendations), r.pk))
        for key, make, report in (("park_pdf", documents.report_pdf, park_report),
                                  ("park_xlsx", workbook, park_report), ("enterprise_pdf", documents.report_pdf, own)):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                made = make(report, officer)
            row[key] = (time.perf_counter() - started, len(queries), len(made))
        rows.append(row)
    return rows


def lines_for(rows: list[dict]) -> list[str]:
    out = ["| park | enterprises | reports written | seconds | queries |", "| --- | ---: | ---: | ---: | ---: |"]
    for r in rows:
        out.append(f"| {r['park']} | {r['enterprises']} | {r['reports']} | {r['seconds']:.2f} | {r['queries']} |")
    total = sum(r["seconds"] for r in rows)
    out.append(f"| **all three** | {sum(r['enterprises'] for r in rows)} | {sum(r['reports'] for r in rows)} | "
               f"**{total:.2f}** | {sum(r['queries'] for r in rows)} |")
    out += ["", "The documents, made on request (seconds, queries, size):", "",
            "| park | park report PDF | park workbook (every enterprise) | an enterprise's PDF |",
            "| --- | ---: | ---: | ---: |"]
    for r in rows:
        cells = [f"{s:.2f} s, {q} q, {n // 1024} KB"
                 for s, q, n in (r["park_pdf"], r["park_xlsx"], r["enterprise_pdf"])]
        out.append(f"| {r['park']} | " + " | ".join(cells) + " |")
    return out


def write(lines: list[str], command: str) -> None:
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text(encoding="utf-8")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,  # noqa: S607
                            text=True).stdout.strip()
    section = [HEADING, "",
               f"Command: `{command}` (from the project root), measured on {time.strftime('%Y-%m-%d')} at commit "
               f"{commit}. Machine: {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
               f"Python {platform.python_version()}, SQLite.", "",
               "Each park's reports of the current half-year (every enterprise's and the park's), computed by the "
               "background job's function on the full Majiahe demo. The figures of a whole park come from twelve "
               "grouped queries (six per half-year); the rest are the batched writes, so the count grows with the "
               "batches (200 reports each), not with the records. The demo has computed the current half-year "
               "already, so these runs compute its drafts again: updates, slower than a first computation (0.36 s for "
               "the three parks at commit 558a9c4). The documents are made when someone downloads them, "
               "from the stored figures: a park's in a fixed number of queries whatever its size (the PDF lists the "
               "enterprises that call for attention, the workbook every enterprise); the first PDF of a process "
               "also loads the fonts (about half a second), which the park report's time includes.", "",
               *lines, ""]
    start = text.find(HEADING)
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + "\n".join(section) + "\n"
    else:
        ends = [i for i in (text.find("\n## ", start + 1), text.find("\n# ", start + 1)) if i >= 0]
        text = text[:start] + "\n".join(section) + "\n" + (text[min(ends) + 1:] if ends else "")
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        setup(Path(work))
        lines = lines_for(measure())
    print("\n".join(lines))
    if not args.no_write:
        write(lines, " ".join([".venv/bin/python", "bench/reports_bench.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
