"""Open311 (GeoReport v2) throughput of Jingqi, and of a peer server on the same data, side by side (issue 13).

For each database (the embedded SQLite file, a throwaway PostgreSQL cluster) the bench makes a fresh database,
migrates it and seeds ``--rows`` requests (100,000 by default: one station, 10 services, 500 enterprises,
submitted evenly over the last 90 days, 70 % closed, a third with a department task), starts Jingqi under
gunicorn (2 sync workers, DEBUG off, as deployed) and drives it with wrk (8 connections, 2 threads) through five
scenarios::

    services.json                          the service list
    requests.json?page_size=100            a page of the newest requests (the default 90-day window)
    requests.json?service_request_id=ID    one request by the filter
    requests/ID.json                       one request by its path
    POST requests.json                     a new request (with an api_key)

A peer server already running on the same data (``--peer-sqlite URL``, ``--peer-postgres URL``; see
``bench/README.md`` for installing the peer by hand in a folder of its own) is driven the same way, turn
and turn about with Jingqi (``--rounds``), so that the ratios come from one run on one machine. The peer's
paths and form fields are given in a JSON file (``--peer-paths``; the keys of ``SCENARIOS``, each a path with
``{id}`` for a request id, ``post_body``, and ``ids_path``, a list path with ``{page}`` from which the newest
1,000 request ids are read, as Jingqi's newest 1,000 are used for its own single-request scenarios).

    apt-get install wrk                                  # the load generator (Debian's package)
    .venv/bin/python bench/open311_bench.py              # Jingqi alone, SQLite and PostgreSQL
    .venv/bin/python bench/open311_bench.py --db sqlite --rows 10000 --duration 5   # quick
    .venv/bin/python bench/open311_bench.py --peer-sqlite http://127.0.0.1:8311 --peer-paths peer.json

Results go to bench/RESULTS.md under their own heading (the previous Open311 section is replaced).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
HEADING = "# Open311 (GeoReport v2): benchmark results"
STATION = "BENCH"
SCENARIOS = ("services", "list", "by_filter", "by_path", "post")
TITLES = {"services": "services.json", "list": "requests.json?page_size=100",
          "by_filter": "requests.json?service_request_id=", "by_path": "requests/{id}.json",
          "post": "POST requests.json"}
OURS = {"services": "/open311/v2/services.json", "list": "/open311/v2/requests.json?page_size=100",
        "by_filter": "/open311/v2/requests.json?service_request_id={id}",
        "by_path": "/open311/v2/requests/{id}.json", "post": "/open311/v2/requests.json"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the databases --------------------------------------------------------------------------------------------


@contextmanager
def postgres_cluster():
    """A throwaway PostgreSQL cluster (as scripts/test.sh makes one), yielding its DATABASE_URL."""
    pg_bin = next((d for d in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
                   if (d / "initdb").exists()), None)
    if pg_bin is None:
        raise SystemExit("PostgreSQL server binaries (initdb, pg_ctl) were not found")
    folder = Path(tempfile.mkdtemp(prefix="jingqi-pg-"))
    run_as: list[str] = []
    if os.getuid() == 0:
        import pwd

        try:
            user = pwd.getpwnam("postgres").pw_name
        except KeyError:
            user = "nobody"
        shutil.chown(folder, user)
        run_as = ["runuser", "-u", user, "--"]
    port = free_port()

    def pg(*args):
        subprocess.run([*run_as, *args], cwd=folder, check=True, capture_output=True)  # noqa: S603

    pg(str(pg_bin / "initdb"), "-D", str(folder / "data"), "-U", "jingqi", "--auth=trust", "-E", "UTF8",
       "--locale=C.UTF-8")
    # Durable settings as a deployment has them (fsync on): the figures are for serving, not for tests.
    pg(str(pg_bin / "pg_ctl"), "-D", str(folder / "data"), "-l", str(folder / "log"), "-w", "-o",
       f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c shared_buffers=256MB", "start")
    try:
        pg(str(pg_bin / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "jingqi", "jingqi")
        yield f"postgres://jingqi@127.0.0.1:{port}/jingqi"
    finally:
        subprocess.run([*run_as, str(pg_bin / "pg_ctl"), "-D", str(folder / "data"), "-m", "fast", "stop"],  # noqa: S603
                       cwd=folder, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def environment(database_url: str, var: Path) -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "jingqi.settings", "DATABASE_URL": database_url,
            "JINGQI_VAR_DIR": str(var), "DEBUG": "0", "JINGQI_DEFAULT_STATION": STATION,
            "JINGQI_TWO_FACTOR": "off", "HUEY_IMMEDIATE": "0",
            # The bench measures serving, not the rate limits (wrk sends everything from one address).
            "JINGQI_API_RATE_USER": "1000000/s", "JINGQI_API_RATE_ADDRESS": "1000000/s"}


def seed(rows: int, *, overdue: bool = False) -> dict:
    """In a child process with the bench's environment: migrate and seed; returns ids for the scenarios.

    ``overdue`` (bench/sweep_bench.py): every request open and past its deadline, a fifth of them by less than
    the supervisor's grace (they are due a first escalation), the rest by more (straight to the second)."""
    import random
    from datetime import timedelta

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from jingqi.core.testing import factories as f
    from jingqi.tickets import services
    from jingqi.tickets.choices import Status, TaskStatus
    from jingqi.tickets.models import Ticket, TicketTask

    call_command("migrate", verbosity=0)
    rng = random.Random(311)
    station = f.StationFactory(code=STATION, name="基准派出所")
    park = f.ParkFactory(station=station)
    officer = f.UserFactory(role="officer", office=park.office, email="officer@bench.invalid")
    f.UserFactory(role="supervisor", station=station, email="supervisor@bench.invalid")
    departments = [f.DepartmentFactory(station=station) for _ in range(8)]
    bundle = f.BundleFactory()
    items = [f.ServiceItemFactory(bundle=bundle) for _ in range(10)]
    enterprises = [f.EnterpriseFactory(park=park) for _ in range(500)]
    now = timezone.now()
    span = timedelta(days=90).total_seconds()
    statuses = [Status.CLOSED] * 5 + [Status.RESOLVED, Status.REJECTED] + [Status.SUBMITTED, Status.ACCEPTED,
                                                                            Status.IN_PROGRESS]
    batch = 5000

    def late(n):  # when an overdue request fell due: an hour to a day ago for a fifth, days ago for the rest
        return now - (timedelta(hours=1 + n % 20) if n % 5 == 0 else timedelta(days=2, hours=n % 500))

    for first in range(0, rows, batch):
        tickets, tasks = [], []
        for n in range(first, min(rows, first + batch)):
            at = now - timedelta(seconds=span * (1 - (n + 0.5) / rows))
            status = statuses[n % len(statuses)] if not overdue else statuses[7 + n % 3]
            done = status not in (Status.SUBMITTED, Status.ACCEPTED, Status.IN_PROGRESS)
            enterprise = enterprises[rng.randrange(len(enterprises))]
            tickets.append(Ticket(
                reference=f"B{n:08d}", station=station, enterprise=enterprise, service_item=items[n % len(items)],
                kind="resolution", channel="portal", title=f"基准诉求{n}",
                description=f"企业反映园区道路夜间照明不足，货车进出存在安全隐患，请协调有关部门处理（编号{n}）。",
                address=f"工业园{n % 40}号路{n % 300}号", status=status, submitted_by=officer,
                submitted_at=at if not overdue else late(n) - timedelta(days=5),
                accepted_at=at + timedelta(hours=1) if status != Status.SUBMITTED else None,
                resolved_at=at + timedelta(days=2) if done else None,
                closed_at=at + timedelta(days=3) if status == Status.CLOSED else None,
                response_due_at=at + timedelta(hours=4) if not overdue else late(n),
                resolution_due_at=at + timedelta(days=5) if not overdue else late(n),
                handler=officer if status != Status.SUBMITTED else None))
        with transaction.atomic():
            made = Ticket.objects.bulk_create(tickets)
            for t in made:
                if t.pk % 3 == 0 and t.status != Status.SUBMITTED:
                    tasks.append(TicketTask(ticket=t, department=departments[t.pk % len(departments)],
                                            status=TaskStatus.DONE if t.status in (Status.CLOSED, Status.RESOLVED)
                                            else TaskStatus.OPEN,
                                            due_at=t.submitted_at + timedelta(days=3) if not overdue
                                            else t.resolution_due_at))
            TicketTask.objects.bulk_create(tasks)
        print(f"seeded {min(rows, first + batch)}/{rows}", file=sys.stderr, flush=True)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the planner's statistics after a bulk load, as autovacuum would leave them
            # The bulk load's writes to disk settled, as they would be long before a backlog is swept: without
            # it, the checkpoint the load's log volume calls for fell inside the sweep that followed.
            cursor.execute("CHECKPOINT")
    _key, raw = services.do_create_open311_key(None, name="bench", station=station)
    newest = Ticket.objects.filter(station=station).order_by("-submitted_at").values_list("pk", flat=True)[:1000]
    return {"ids": list(newest), "api_key": raw, "service_code": items[0].code, "uscc": enterprises[0].uscc}


# --- the servers and the load --------------------------------------------------------------------------------


@contextmanager
def gunicorn(env: dict, port: int):
    proc = subprocess.Popen([GUNICORN, "jingqi.wsgi:application", "-w", "2", "-k", "sync", "-b",  # noqa: S603
                             f"127.0.0.1:{port}", "--log-level", "warning"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/open311/v2/services.json", timeout=5)  # noqa: S310
                break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise SystemExit("gunicorn did not start: " + (proc.stderr.read().decode() if proc.stderr
                                                                  else ""))
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


LUA_POST = """wrk.method = "POST"
wrk.body = %s
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
"""
LUA_IDS = """local ids = {%s}
local i = 0
request = function()
  i = i %% #ids + 1
  local path = (%s):gsub("{id}", ids[i])
  return wrk.format(nil, path)
end
"""


def wrk(url: str, path: str, *, duration: int, folder: Path, ids: list[int] | None = None,
        body: str | None = None) -> dict:
    """One wrk run (2 threads, 8 connections): requests per second, p50 and p99 latency (ms), errors."""
    script = None
    if body is not None:
        script = folder / "post.lua"
        script.write_text(LUA_POST % json.dumps(body))
    elif ids and "{id}" in path:
        script = folder / "ids.lua"
        script.write_text(LUA_IDS % (",".join(f'"{i}"' for i in ids), json.dumps(path)))
    cmd = ["wrk", "-t2", "-c8", f"-d{duration}s", "--latency", "--timeout", "10s"]
    if script:
        cmd += ["-s", str(script)]
    target = url + path.replace("{id}", str(ids[0]) if ids else "")
    out = subprocess.run([*cmd, target], capture_output=True, text=True, check=True).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def ms(label):
        m = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 1)

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": ms("50%"), "p99": ms("99%"), "non_2xx": int(errors.group(1)) if errors else 0}


def check_answers(base: str, paths: dict, ids: list[int]) -> None:
    """Each read scenario answers 200 with the rows asked for, before any load."""
    for name in ("services", "list", "by_filter", "by_path"):
        url = base + paths[name].replace("{id}", str(ids[0]))
        with urllib.request.urlopen(url, timeout=30) as r:  # noqa: S310
            data = json.loads(r.read())
        rows = data if isinstance(data, list) else data.get("results", data)
        if not rows:
            raise SystemExit(f"{url} answered no rows")
        if name == "list" and len(rows) != 100:
            raise SystemExit(f"{url} answered {len(rows)} rows, not 100")


def newest_ids(base: str, path: str, count: int = 1000) -> list[str]:
    ids: list[str] = []
    page = 1
    while len(ids) < count:
        with urllib.request.urlopen(base + path.replace("{page}", str(page)), timeout=60) as r:  # noqa: S310
            rows = json.loads(r.read())
        if not rows:
            break
        ids += [row["service_request_id"] for row in rows]
        page += 1
    return ids[:count]


def run_side(name: str, base: str, paths: dict, post_body: str | None, ids: list[int], *, duration: int,
             folder: Path) -> dict:
    out = {}
    for scenario in SCENARIOS:
        if scenario == "post":
            if post_body is None:
                continue
            out[scenario] = wrk(base, paths["post"], duration=duration, folder=folder, body=post_body)
        else:
            out[scenario] = wrk(base, paths[scenario], duration=duration, folder=folder, ids=ids)
        print(f"  {name:6} {scenario:10} {out[scenario]}", file=sys.stderr, flush=True)
    return out


def bench_database(kind: str, database_url: str, args, peer: dict | None) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"jingqi-open311-{kind}-"))
    env = environment(database_url, folder)
    t = time.perf_counter()
    seeded = subprocess.run([PY, __file__, "--seed", str(args.rows)], env=env, cwd=ROOT,  # noqa: S603
                            capture_output=True, text=True)
    if seeded.returncode:
        raise SystemExit(seeded.stderr)
    info = json.loads(seeded.stdout.strip().splitlines()[-1])
    seconds = time.perf_counter() - t
    print(f"{kind}: seeded {args.rows} requests in {seconds:.0f} s", file=sys.stderr, flush=True)
    from urllib.parse import urlencode

    body = urlencode({"api_key": info["api_key"], "service_code": info["service_code"],
                      "attribute[uscc]": info["uscc"], "description": "园区东门路灯损坏，夜间货车进出有安全隐患。",
                      "lat": "29.605", "long": "120.805"})
    results: dict = {"ours": [], "peer": []}
    with gunicorn(env, free_port()) as base:
        check_answers(base, OURS, info["ids"])
        if peer:
            check_answers(peer["url"], peer["paths"], peer["ids"])
        for _round in range(args.rounds):
            results["ours"].append(run_side("jingqi", base, OURS, body, info["ids"], duration=args.duration,
                                            folder=folder))
            if peer:
                results["peer"].append(run_side("peer", peer["url"], peer["paths"], peer.get("post_body"),
                                                peer["ids"], duration=args.duration, folder=folder))
    shutil.rmtree(folder, ignore_errors=True)
    return {"seed_seconds": round(seconds, 1), **results}


def best(runs: list[dict], scenario: str) -> dict | None:
    """The median round (by req/s) of a scenario; None when it was not run."""
    got = sorted((r[scenario] for r in runs if scenario in r), key=lambda x: x["rps"])
    return got[len(got) // 2] if got else None


def table(kind: str, result: dict) -> list[str]:
    lines = ["| scenario | Jingqi req/s | p50 ms | p99 ms | non-2xx | peer req/s | p50 ms | p99 ms | non-2xx | "
             "req/s ratio | p99 ratio |", "| --- |" + " ---: |" * 10]
    for scenario in SCENARIOS:
        ours, peer = best(result["ours"], scenario), best(result["peer"], scenario)
        if ours is None:
            continue
        cells = [TITLES[scenario], f"{ours['rps']:,.1f}", ours["p50"], ours["p99"], ours["non_2xx"]]
        if peer:
            cells += [f"{peer['rps']:,.1f}", peer["p50"], peer["p99"], peer["non_2xx"],
                      f"**{ours['rps'] / peer['rps']:.2f}**", f"{ours['p99'] / peer['p99']:.2f}"]
        else:
            cells += ["–"] * 6
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return [f"### {kind}", "", *lines, ""]


def checkout_commit() -> str:
    """The short id of the commit checked out (read from .git, as git itself may not be installed)."""
    head = (ROOT / ".git" / "HEAD").read_text().strip()
    return ((ROOT / ".git" / head[5:]).read_text() if head.startswith("ref: ") else head).strip()[:7]


def on_each_database(which: str, run) -> dict:
    """``run(kind, database_url)`` on a fresh SQLite file and on a throwaway PostgreSQL cluster (``which``: sqlite,
    postgres or both); their results by kind."""
    results = {}
    for kind in (["sqlite", "postgres"] if which == "both" else [which]):
        if kind == "sqlite":
            folder = Path(tempfile.mkdtemp(prefix="jingqi-bench-db-"))
            try:
                results[kind] = run(kind, f"sqlite:///{folder}/bench.sqlite3")
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        else:
            with postgres_cluster() as url:
                results[kind] = run(kind, url)
    return results


def run_child(script: str, kind: str, database_url: str, args: list[str]) -> dict:
    """``script --child ARGS`` in a process of its own with the bench's environment for ``database_url``; the JSON
    of its last line of output (its result)."""
    folder = Path(tempfile.mkdtemp(prefix=f"jingqi-bench-{kind}-"))
    try:
        out = subprocess.run([PY, script, "--child", *args], env=environment(database_url, folder), cwd=ROOT,  # noqa: S603
                             capture_output=True, text=True)
        if out.returncode:
            raise SystemExit(out.stderr)
        return json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_results(text: str, heading: str = HEADING) -> None:
    """Replace the section under ``heading`` in bench/RESULTS.md (or add it at the end) with ``text``."""
    path = ROOT / "bench" / "RESULTS.md"
    current = path.read_text() if path.exists() else ""
    start = current.find(heading)
    if start >= 0:
        rest = current.find("\n# ", start + len(heading))
        current = current[:start] + (current[rest + 1:] if rest >= 0 else "")
    path.write_text(current.rstrip() + "\n\n" + text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, help=argparse.SUPPRESS)  # the child's part
    ap.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    ap.add_argument("--rounds", type=int, default=3, help="runs of every scenario per side (the median is kept)")
    ap.add_argument("--peer-sqlite", help="a peer server's base URL, on SQLite with the same rows")
    ap.add_argument("--peer-postgres", help="a peer server's base URL, on PostgreSQL with the same rows")
    ap.add_argument("--peer-paths", help="JSON: the peer's path per scenario ({id} for an id), post_body, ids")
    ap.add_argument("--no-write", action="store_true", help="print the tables, leave RESULTS.md alone")
    args = ap.parse_args()
    if args.seed is not None:
        sys.path.insert(0, str(ROOT / "src"))
        print(json.dumps(seed(args.seed)))
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    peer_spec = json.loads(Path(args.peer_paths).read_text()) if args.peer_paths else None
    if (args.peer_sqlite or args.peer_postgres) and not peer_spec:
        raise SystemExit("--peer-paths is needed with a peer")
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    results = {}
    started = datetime.now(UTC)
    load_before = os.getloadavg()
    for kind in kinds:
        peer_url = args.peer_sqlite if kind == "sqlite" else args.peer_postgres
        peer = None
        if peer_url and peer_spec:
            url = peer_url.rstrip("/")
            peer = {"url": url, "paths": peer_spec, "post_body": peer_spec.get("post_body"),
                    "ids": newest_ids(url, peer_spec["ids_path"])}
        if kind == "sqlite":
            folder = Path(tempfile.mkdtemp(prefix="jingqi-open311-db-"))
            results[kind] = bench_database(kind, f"sqlite:///{folder}/bench.sqlite3", args, peer)
            shutil.rmtree(folder, ignore_errors=True)
        else:
            with postgres_cluster() as url:
                results[kind] = bench_database(kind, url, args, peer)
    commit = checkout_commit()
    command = " ".join([".venv/bin/python bench/open311_bench.py", *sys.argv[1:]])
    text = "\n".join([
        HEADING, "",
        f"Command: `{command}`, one run, {started:%Y-%m-%d %H:%M} UTC, code of commit {commit}. Machine: "
        f"{platform.machine()}, {os.cpu_count()} cores, load average {load_before[0]:.1f} at the start, Python "
        f"{platform.python_version()}. {args.rows:,} requests per database; gunicorn 2 sync workers; wrk 2 threads, "
        f"8 connections, {args.duration} s per run, {args.rounds} rounds per side taken in turn (the median round "
        "of each scenario is shown; of an even number, the better of the middle two). Latencies are wrk's; a "
        "ratio above 1 favours Jingqi for req/s, below 1 for p99.", "",
        *[line for kind in kinds for line in table(kind, results[kind])],
    ])
    print(text)
    if not args.no_write:
        write_results(text)


if __name__ == "__main__":
    main()
