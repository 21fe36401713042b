"""The requests' escalation sweep over a large backlog (issue 13): how long ``tickets.services.escalate_overdue``
takes when ``--rows`` requests (100,000 by default) are open and past their deadlines at once, on the embedded
SQLite database and on a throwaway PostgreSQL cluster.

The data are bench/open311_bench.py's (one station, 500 enterprises) in its ``overdue`` form: every request open,
a fifth of them less than the supervisor's grace past the deadline (a first escalation: the handler or the
office's officers are told), the rest more (straight to the second: the supervisor), a third of the accepted
ones with a department task as late. The sweep runs as the periodic task runs it; then once more, to show that
a second pass finds nothing (the URL configuration, which the notices' links need, is loaded before the
clock starts, as in the long-lived consumer). What it wrote is counted: the rows raised, timeline events, audit
events (the chain is verified), notices.

    .venv/bin/python bench/sweep_bench.py                       # SQLite and PostgreSQL, 100,000 requests
    .venv/bin/python bench/sweep_bench.py --db sqlite --rows 10000

Results go to bench/RESULTS.md under their own heading (the previous sweep section is replaced).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from open311_bench import (  # noqa: E402
    ROOT,
    checkout_commit,
    on_each_database,
    run_child,
    write_results,
)

HEADING = "# Escalation sweep over a backlog: benchmark results"


def child(rows: int) -> dict:
    import django
    from open311_bench import seed

    t = time.perf_counter()
    seed(rows, overdue=True)
    seeded = time.perf_counter() - t
    django.setup()
    from django.db import connection
    from django.urls import reverse

    from jingqi.core import audit
    from jingqi.core.models import AuditEvent, Notification
    from jingqi.tickets import services
    from jingqi.tickets.models import Ticket, TicketEvent, TicketTask

    # The periodic task runs in a long-lived consumer, whose URLconf is loaded once (the notices' links need it).
    reverse("tickets:ticket_detail", args=[1])
    t = time.perf_counter()
    escalations = services.escalate_overdue()
    first = time.perf_counter() - t
    t = time.perf_counter()
    again = services.escalate_overdue()
    second = time.perf_counter() - t
    return {"seed_seconds": round(seeded, 1), "sweep_seconds": round(first, 2), "escalations": escalations,
            "second_sweep_seconds": round(second, 2), "second_sweep_escalations": again,
            "tickets_level_1": Ticket.objects.filter(escalation_level=1).count(),
            "tickets_level_2": Ticket.objects.filter(escalation_level=2).count(),
            "tasks_raised": TicketTask.objects.filter(escalation_level__gt=0).count(),
            "events": TicketEvent.objects.filter(kind="escalated").count(),
            "audit_events": AuditEvent.objects.filter(action__endswith=".escalate").count(),
            "audit_chain_ok": audit.verify_chain().ok, "notices": Notification.objects.count(),
            "database": connection.vendor}


def _report(kind: str, result: dict) -> dict:
    print(f"{kind}: {result}", file=sys.stderr, flush=True)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    if args.child is not None:
        sys.path.insert(0, str(ROOT / "src"))
        print(json.dumps(child(args.child)))
        return
    started, load = datetime.now(UTC), os.getloadavg()[0]
    results = on_each_database(args.db, lambda kind, url: _report(kind, run_child(
        __file__, kind, url, [str(args.rows)])))
    commit = checkout_commit()
    command = " ".join([".venv/bin/python bench/sweep_bench.py", *sys.argv[1:]])
    lines = [HEADING, "",
             f"Command: `{command}`, one run, {started:%Y-%m-%d %H:%M} UTC, code of commit {commit}. Machine: "
             f"{platform.machine()}, {os.cpu_count()} cores, load average {load:.1f} at the start, Python "
             f"{platform.python_version()}. {args.rows:,} open requests past their deadlines (see the bench's "
             "docstring); the sweep as the periodic task runs it, in batches of 500.", "",
             "| database | sweep s | escalations | requests at level 1 / 2 | tasks raised | timeline events | "
             "audit events (chain ok) | notices | second sweep s (escalations) |",
             "| --- |" + " ---: |" * 8]
    for kind, r in results.items():
        lines.append(f"| {kind} | {r['sweep_seconds']} | {r['escalations']:,} | {r['tickets_level_1']:,} / "
                     f"{r['tickets_level_2']:,} | {r['tasks_raised']:,} | {r['events']:,} | {r['audit_events']:,} "
                     f"({'yes' if r['audit_chain_ok'] else 'NO'}) | {r['notices']:,} | {r['second_sweep_seconds']} "
                     f"({r['second_sweep_escalations']}) |")
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_write:
        write_results(text, HEADING)


if __name__ == "__main__":
    main()
