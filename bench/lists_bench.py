"""The requests' lists at scale (issue 13): how long the HTML list pages and the REST API's lists take, and how
many queries they run, with ``--rows`` requests (100,000 by default) at one station, on the embedded SQLite
database and on a throwaway PostgreSQL cluster.

The data are bench/open311_bench.py's (one station, one park, 500 enterprises, ten services, requests over the
last 90 days, 70 % of them finished, a third of the accepted ones with a department task). Each list is asked
for ``--repeat`` times in the web process (Django's test client, signed in; no server or network in between,
so the times are the application's and the database's), after one request to warm it; the median and the 95th
percentile are reported, with the queries one request ran.

    .venv/bin/python bench/lists_bench.py                       # SQLite and PostgreSQL, 100,000 requests
    .venv/bin/python bench/lists_bench.py --db sqlite --rows 20000 --repeat 20

Results go to bench/RESULTS.md under their own heading (the previous lists section is replaced).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
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

HEADING = "# Request lists at scale: benchmark results"

# (who, what, path): the pages an officer and a supervisor open most, and the API's lists an integration reads.
SCENARIOS = [
    ("supervisor", "HTML: the list, default view", "/requests/"),
    ("supervisor", "HTML: all, page 2", "/requests/?view=all&page=2"),
    ("supervisor", "HTML: status filter", "/requests/?view=all&status=submitted"),
    ("supervisor", "HTML: search by reference", "/requests/?view=all&q=B00099999"),
    ("supervisor", "HTML: a page far back", "/requests/?view=all&page=3000"),
    ("officer", "HTML: the officer's list", "/requests/"),
    ("supervisor", "HTML: the service figures (asked for by the list once shown)", "/requests/figures/"),
    ("supervisor", "REST: list", "/api/tickets/"),
    ("supervisor", "REST: status filter", "/api/tickets/?status=submitted"),
    ("officer", "REST: the officer's list", "/api/tickets/"),
]


def child(rows: int, repeat: int) -> dict:
    import django
    from open311_bench import seed

    seed(rows)
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jingqi.accounts.models import User

    call_command("collectstatic", interactive=False, verbosity=0)  # the pages name their hashed static files
    people = {"supervisor": User.objects.get(role="supervisor"), "officer": User.objects.get(role="officer")}
    results = []
    for who, label, path in SCENARIOS:
        client = Client()
        client.force_login(people[who])
        answer = client.get(path)  # warm: the URLconf, templates, the connection
        if answer.status_code != 200:
            raise SystemExit(f"{path} as {who}: {answer.status_code}")
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        count = len(queries)  # now: each request clears the connection's query log as it starts
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        results.append({"who": who, "label": label, "path": path, "queries": count,
                        "p50": round(statistics.median(times), 1),
                        "p95": round(times[min(len(times) - 1, int(len(times) * 0.95))], 1)})
        print(json.dumps(results[-1], ensure_ascii=False), file=sys.stderr, flush=True)
    return {"database": connection.vendor, "results": results}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=40)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    if args.child is not None:
        sys.path.insert(0, str(ROOT / "src"))
        print(json.dumps(child(args.child, args.repeat)))
        return
    started, load = datetime.now(UTC), os.getloadavg()[0]
    results = on_each_database(args.db, lambda kind, url: run_child(
        __file__, kind, url, [str(args.rows), "--repeat", str(args.repeat)]))
    commit = checkout_commit()
    command = " ".join([".venv/bin/python bench/lists_bench.py", *sys.argv[1:]])
    kinds = list(results)
    lines = [HEADING, "",
             f"Command: `{command}`, one run, {started:%Y-%m-%d %H:%M} UTC, code of commit {commit}. Machine: "
             f"{platform.machine()}, {os.cpu_count()} cores, load average {load:.1f} at the start, Python "
             f"{platform.python_version()}. {args.rows:,} requests at one station; each list asked for "
             f"{args.repeat} times in the web process, signed in (see the bench's docstring).", "",
             "| list | as | " + " | ".join(f"{kind} p50 ms | {kind} p95 ms | {kind} queries" for kind in kinds) + " |",
             "| --- | --- |" + " ---: |" * (3 * len(kinds))]
    for n, (who, label, path) in enumerate(SCENARIOS):
        cells = []
        for kind in kinds:
            r = results[kind]["results"][n]
            cells += [str(r["p50"]), str(r["p95"]), str(r["queries"])]
        lines.append(f"| {label} (`{path}`) | {who} | " + " | ".join(cells) + " |")
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_write:
        write_results(text, HEADING)


if __name__ == "__main__":
    main()
