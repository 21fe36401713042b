"""The figures at city scale (issue 15): dashboards and list pages under load, and the cost of the figures' refresh.

A city is generated — 20 stations of 5 parks each, 100,000 enterprises, 2 million requests (a fifth with a
department task), 500,000 disputes and 300,000 hazards over the last two years — and loaded straight into the
tables (``COPY`` on PostgreSQL, batched ``INSERT`` on SQLite), past the services: it is a bench's data, not a
history of actions. ``--runs`` says which databases at which scale (``postgres:1`` is the whole city,
``sqlite:0.1`` a tenth of it). For each run:

1. the figures are built from nothing (``do_refresh_figures(full=True)``, as ``jingqi figures refresh --full``);
2. each page is asked for in the web process (Django's test client, signed in): its queries, and how its time
   splits between the database and the rest (views, templates) — where the time goes;
3. 1,000 new records arrive (500 requests, 300 disputes, 200 hazards) and an incremental refresh takes them in;
4. Jingqi runs under gunicorn (2 sync workers, DEBUG off, as deployed) and wrk (1 thread, 2 connections: as many
   users as workers, so the time is the page's, not a queue's) asks for each page for ``--duration`` seconds,
   signed in with a session cookie; p50, p95 (from wrk's own histogram) and p99 are reported.

    apt-get install wrk                                             # the load generator (Debian's package)
    .venv/bin/python bench/figures_bench.py                          # SQLite at 10 %, PostgreSQL at 10 % and 100 %
    .venv/bin/python bench/figures_bench.py --runs sqlite:0.01 --duration 3 --no-write      # a quick check

Results go to bench/RESULTS.md under their own heading (the previous figures section is replaced).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from open311_bench import (  # noqa: E402
    PY,
    ROOT,
    checkout_commit,
    environment,
    free_port,
    gunicorn,
    postgres_cluster,
    write_results,
)

HEADING = "# Figures at city scale: benchmark results"
CITY = {"enterprises": 100_000, "tickets": 2_000_000, "disputes": 500_000, "hazards": 300_000}
STATIONS, PARKS_PER_STATION, DEPARTMENTS_PER_STATION = 20, 5, 6
DAYS = 730
# (kind, who, label, path): the dashboards (target: p95 under 150 ms) and the lists (under 50 ms).
SCENARIOS = [
    ("dashboard", "supervisor", "home: work due, then the year's figures", "/"),
    ("dashboard", "officer", "home: the office's work and figures", "/"),
    ("dashboard", "supervisor", "figures page, this year, the station", "/figures/"),
    ("dashboard", "viewer", "figures page, this year, the whole city", "/figures/"),
    ("dashboard", "viewer", "figures API, this year, the whole city", "/api/figures/"),
    ("dashboard", "viewer", "figures page, last year, the whole city",
     "/figures/?start={last_year}-01-01&end={last_year}-12-31"),
    ("dashboard", "supervisor", "figures by type and by officer, last 30 days, the station", "/figures/by/"),
    ("dashboard", "officer", "figures by type and by officer, last 30 days, the office's parks", "/figures/by/"),
    ("dashboard", "supervisor", "situation map data, last 30 days, the station", "/figures/map/data/"),
    ("dashboard", "officer", "situation map data, last 30 days, the office's parks", "/figures/map/data/"),
    ("dashboard", "supervisor", "situation map data, last year, the station",
     "/figures/map/data/?start={last_year}-01-01&end={last_year}-12-31"),
    ("list", "supervisor", "records behind a figure (requests solved)", "/figures/records/?figure=requests.solved"),
    ("list", "officer", "requests, the officer's list", "/requests/"),
    ("list", "supervisor", "disputes, the station's list", "/disputes/"),
    ("list", "supervisor", "hazard board, the station's", "/inspections/hazards/"),
]
TARGET_MS = {"dashboard": 150, "list": 50}


# --- the city ---------------------------------------------------------------------------------------------------


def _write(model, rows, chunk: int = 20_000) -> int:
    """Write rows (dicts of attname → value; the rest take the model's defaults) through the project's own batch
    writer (``core.bulk.insert_rows``: COPY on PostgreSQL, multi-row INSERTs on SQLite), a chunk at a time."""
    from itertools import islice

    from jingqi.core.bulk import insert_rows

    rows, written = iter(rows), 0
    while batch := list(islice(rows, chunk)):
        written += insert_rows(model, batch)
    return written


class City:
    """The small part of the city made through the factories (stations, parks, offices, departments, people),
    and the generators of the big tables."""

    def __init__(self, scale: float, now: datetime):
        from jingqi.core.testing import factories as f

        self.rng = random.Random(15)
        self.now = now
        self.counts = {k: max(1, int(v * scale)) for k, v in CITY.items()}
        self.stations, self.parks, self.departments, self.officers = [], [], {}, {}
        for s in range(STATIONS):
            station = f.StationFactory(code=f"CITY{s:02d}", name=f"城区第{s + 1}派出所")
            office = f.OfficeFactory(station=station, code=f"CITYO{s:02d}", name=f"城区第{s + 1}警务室")
            self.stations.append(station)
            self.officers[station.pk] = f.UserFactory(role="officer", station=station, office=office,
                                                      username=f"officer{s:02d}", email=f"officer{s:02d}@bench.invalid")
            f.UserFactory(role="supervisor", station=station, username=f"supervisor{s:02d}",
                          email=f"supervisor{s:02d}@bench.invalid")
            self.departments[station.pk] = [f.DepartmentFactory(station=station).pk
                                            for _ in range(DEPARTMENTS_PER_STATION)]
            for p in range(PARKS_PER_STATION):
                self.parks.append(f.ParkFactory(station=station, office=office, code=f"CITYP{s:02d}{p}",
                                                name=f"城区第{s + 1}所第{p + 1}园区"))
        f.UserFactory(role="viewer", username="viewer", email="viewer@bench.invalid")
        self.park_station = {p.pk: p.station_id for p in self.parks}
        self.enterprise_ids: list[int] = []
        self.enterprise_park: list[int] = []

    def at(self, n: int, total: int) -> datetime:
        """The n-th of ``total`` records, spread evenly over the last two years, with a little jitter."""
        span = DAYS * 86400
        return self.now - timedelta(seconds=span * (1 - (n + 0.5) / total) + self.rng.random() * 3600)

    def enterprises(self):
        from jingqi.core.testing.factories import valid_uscc

        total = self.counts["enterprises"]
        for n in range(total):
            park = self.parks[n % len(self.parks)]
            created = self.now - timedelta(days=DAYS + 30)
            yield {"park_id": park.pk, "name": f"城区基准{n}号制造有限公司", "uscc": valid_uscc(700_000_000 + n),
                   "industry_code": "C3841", "headcount": 20 + n % 400, "address": f"城区工业大道{n % 900}号",
                   "latitude": Decimal("29.6") + Decimal(n % 997) / 100000,
                   "longitude": Decimal("120.8") + Decimal(n % 991) / 100000,
                   "created_at": created, "updated_at": created}

    def _enterprise(self):
        i = self.rng.randrange(len(self.enterprise_ids))
        park = self.enterprise_park[i]
        return self.enterprise_ids[i], park, self.park_station[park]

    def tickets(self, total: int, first: int = 0, *, prefix: str = "C"):
        from jingqi.tickets.choices import Outcome, Status

        r = self.rng
        outcomes = [Outcome.RESOLVED] * 17 + [Outcome.RESOLVED_NOT_AS_ASKED, Outcome.NOT_OUR_RESPONSIBILITY]
        for n in range(first, first + total):
            enterprise, park, station = self._enterprise()
            officer = self.officers[station]
            at = self.at(n - first, total) if prefix == "C" else self.now - timedelta(minutes=r.random() * 5)
            age = (self.now - at).days
            resolved = at + timedelta(hours=r.uniform(2, 150))
            # nothing is dated after now: a request that would be resolved later is still open
            open_ = resolved >= self.now or r.random() < (0.6 if age < 3 else 0.15 if age < 14 else 0.0)
            responded = at + timedelta(hours=r.uniform(0.2, 5.0)) if not open_ or r.random() < 0.5 else None
            if responded is not None and responded >= self.now:
                responded = None
            row = {"reference": f"{prefix}{n:09d}", "station_id": station, "enterprise_id": enterprise,
                   "kind": "resolution", "channel": "portal" if n % 3 else "phone",
                   "title": f"企业诉求{n}：园区道路照明与货车通行", "description":
                   f"企业反映园区道路夜间照明不足，货车进出存在安全隐患，请协调有关部门处理（{n}）。",
                   "address": f"城区工业大道{n % 900}号", "submitted_by_id": officer.pk, "submitted_at": at,
                   "accepted_at": responded, "first_response_at": responded,
                   "response_due_at": at + timedelta(hours=4), "resolution_due_at": at + timedelta(days=5),
                   "handler_id": officer.pk if responded else None, "created_at": at}
            last = responded or at
            if open_:
                row["status"] = Status.IN_PROGRESS if responded else Status.SUBMITTED
            elif r.random() < 0.03:
                row.update(status=Status.REJECTED, status_note="不属于受理范围")
            else:
                closed = resolved + timedelta(days=1)
                row.update(status=Status.CLOSED if closed < self.now else Status.RESOLVED,
                           outcome=outcomes[n % len(outcomes)] if n % 50 else Outcome.DUPLICATE,
                           resolved_at=resolved, closed_at=closed if closed < self.now else None)
                last = resolved
                if closed < self.now:
                    last = closed
                    if r.random() < 0.7:
                        row.update(rating=r.choice((5, 5, 5, 4, 4, 3, 2)), rated_at=closed)
            row["updated_at"] = last
            yield row

    def tasks(self, tickets_from: int):
        """A department task for every fifth request from the id ``tickets_from`` on."""
        from django.db.models.functions import Mod

        from jingqi.tickets.choices import Status, TaskStatus
        from jingqi.tickets.models import Ticket

        rows = list(Ticket.objects.filter(pk__gte=tickets_from).exclude(status=Status.SUBMITTED)
                    .annotate(fifth=Mod("pk", 5)).filter(fifth=0).order_by("pk")
                    .values_list("pk", "station_id", "submitted_at", "resolved_at"))

        def task(pk, station, at, resolved):
            depts = self.departments[station]
            done = resolved - timedelta(hours=1) if resolved else None
            return {"ticket_id": pk, "department_id": depts[pk % len(depts)],
                    "status": TaskStatus.DONE if done else TaskStatus.OPEN, "due_at": at + timedelta(days=3),
                    "completed_at": done, "created_at": at, "updated_at": done or at}

        return (task(*row) for row in rows)

    def disputes(self, total: int, first: int = 0, *, prefix: str = "D"):
        from jingqi.disputes.choices import Kind, Level, Outcome, Source, Status

        r = self.rng
        kinds = list(Kind.values)
        levels = [Level.ENTERPRISE] * 5 + [Level.PARK] * 3 + [Level.STATION]
        for n in range(first, first + total):
            _enterprise, park, station = self._enterprise()
            officer = self.officers[station]
            at = self.at(n - first, total) if prefix == "D" else self.now - timedelta(minutes=r.random() * 5)
            row = {"reference": f"{prefix}{n:09d}", "station_id": station, "park_id": park,
                   "source": Source.PORTAL if n % 2 else Source.WALK_IN, "kind": kinds[n % len(kinds)],
                   "title": f"纠纷{n}：工资结算争议", "description": f"员工与企业就加班工资结算发生争议（{n}）。",
                   "amount": Decimal(1000 + n % 50_000), "people_involved": 1 + n % 6, "reported_by_id": officer.pk,
                   "mediator_id": officer.pk, "reported_at": at,
                   "accepted_at": min(at + timedelta(minutes=30), self.now),
                   "contacted_at": min(at + timedelta(hours=1), self.now), "contact_due_at": at + timedelta(hours=2),
                   "created_at": at}
            ended = at + timedelta(hours=r.uniform(3, 400))
            if ended > self.now or (self.now - at).days < 2 and r.random() < 0.5:
                row.update(status=Status.MEDIATING, updated_at=row["contacted_at"])
            else:
                roll = r.random()
                if roll < 0.95:
                    status, outcome = Status.SETTLED, Outcome.AGREEMENT
                elif roll < 0.97:
                    status, outcome = Status.SETTLED, Outcome.NO_AGREEMENT
                elif roll < 0.995:
                    status, outcome = Status.TRANSFERRED, Outcome.TRANSFERRED
                else:
                    status, outcome = Status.FAILED, Outcome.FAILED
                row.update(status=status, outcome=outcome, ended_at=ended, updated_at=ended,
                           level=levels[n % len(levels)] if status == Status.SETTLED else "")
            yield row

    def hazards(self, total: int, first: int = 0, *, prefix: str = "H"):
        from jingqi.inspections.choices import HazardSource, HazardStatus, Severity, Verification

        r = self.rng
        for n in range(first, first + total):
            enterprise, park, station = self._enterprise()
            officer = self.officers[station]
            depts = self.departments[station]
            at = self.at(n - first, total) if prefix == "H" else self.now - timedelta(minutes=r.random() * 5)
            on_site = r.random() < 0.3
            due = at + timedelta(days=15 if n % 10 else 3)
            row = {"reference": f"{prefix}{n:09d}", "station_id": station, "park_id": park,
                   "enterprise_id": enterprise, "source": HazardSource.REPORT if n % 4 else HazardSource.PATROL,
                   "department_id": depts[n % len(depts)], "severity": Severity.MAJOR if n % 25 == 0
                   else Severity.GENERAL, "title": f"隐患{n}：消防通道堆放杂物", "reported_by_id": officer.pk,
                   "reported_at": at, "handler_id": officer.pk, "fixed_on_site": on_site, "created_at": at}
            if on_site:
                row.update(status=HazardStatus.CLOSED, closed_at=at, closed_by_id=officer.pk,
                           verification=Verification.values[0], updated_at=at)
            else:
                closed = at + timedelta(days=r.uniform(1, 20))
                row.update(deadline=due.date(), due_at=due)
                if closed < self.now and r.random() < 0.97:
                    row.update(status=HazardStatus.CLOSED, closed_at=closed, closed_by_id=officer.pk,
                               verification=Verification.values[0], updated_at=closed)
                else:
                    row.update(status=HazardStatus.RECTIFYING, updated_at=at)
            yield row


def _progress(label, total):
    from tqdm import tqdm

    return tqdm(total=total, desc=label, unit="rows", file=sys.stderr, mininterval=5, ascii=True)


def load_city(scale: float) -> tuple[City, dict]:
    from django.db import connection
    from django.utils import timezone

    from jingqi.disputes.models import Dispute
    from jingqi.inspections.models import Hazard
    from jingqi.registry.models import Enterprise
    from jingqi.tickets.models import Ticket, TicketTask

    city = City(scale, timezone.now())
    seconds = {}

    def load(model, rows, total, label):
        t = time.perf_counter()
        bar = _progress(label, total)

        def counted(it):
            for n, row in enumerate(it, 1):
                if n % 10000 == 0:
                    bar.update(10000)
                yield row

        written = _write(model, counted(rows))
        bar.close()
        seconds[label] = round(time.perf_counter() - t, 1)
        return written

    load(Enterprise, city.enterprises(), city.counts["enterprises"], "enterprises")
    city.enterprise_ids, city.enterprise_park = map(list, zip(*Enterprise.objects.order_by("pk").values_list(
        "pk", "park_id"), strict=True))
    first = (Ticket.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    load(Ticket, city.tickets(city.counts["tickets"]), city.counts["tickets"], "requests")
    load(TicketTask, city.tasks(first), city.counts["tickets"] // 5, "tasks")
    load(Dispute, city.disputes(city.counts["disputes"]), city.counts["disputes"], "disputes")
    load(Hazard, city.hazards(city.counts["hazards"]), city.counts["hazards"], "hazards")
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner's statistics after a bulk load, as autovacuum would leave them
        if connection.vendor == "postgresql":
            cursor.execute("CHECKPOINT")  # the load's writes settled before anything is timed
    seconds["analyze"] = round(time.perf_counter() - t, 1)
    return city, seconds


def arrive(city: City) -> int:
    """1,000 new records since the last refresh (saved now, as the services would save them)."""
    from django.utils import timezone

    from jingqi.disputes.models import Dispute
    from jingqi.inspections.models import Hazard
    from jingqi.tickets.models import Ticket

    def saved_now(rows):
        for row in rows:
            row["updated_at"] = timezone.now()
            yield row

    return (_write(Ticket, saved_now(city.tickets(500, 0, prefix="N")))
            + _write(Dispute, saved_now(city.disputes(300, 0, prefix="N")))
            + _write(Hazard, saved_now(city.hazards(200, 0, prefix="N"))))


# --- the child: load, refresh, look inside each page ------------------------------------------------------------


def child(scale: float) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from jingqi.accounts.models import User
    from jingqi.analytics.models import Cell, Fact
    from jingqi.analytics.services import do_refresh_figures

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the pages name their hashed static files
    city, load_seconds = load_city(scale)

    bar = _progress("figures refresh", 0)

    def progress(done, total):
        bar.total = total
        bar.n = done
        bar.refresh()

    full = do_refresh_figures(full=True, progress=progress)
    bar.close()
    sizes = {"facts": Fact.objects.count(), "cells": Cell.objects.count()}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    last_year = timezone.localdate().year - 1
    people = {who: User.objects.get(username=name) for who, name in
              (("supervisor", "supervisor00"), ("officer", "officer00"), ("viewer", "viewer"))}
    cookies, inside = {}, []
    for who, user in people.items():
        client = Client()
        client.force_login(user)
        cookies[who] = client.cookies[settings.SESSION_COOKIE_NAME].value
    for _kind, who, _label, path in SCENARIOS:
        path = path.format(last_year=last_year)
        client = Client()
        client.force_login(people[who])
        answer = client.get(path)  # warm: the URLconf, templates, the connection
        if answer.status_code != 200:
            raise SystemExit(f"{path} as {who}: {answer.status_code}")
        runs = []
        for _ in range(7):
            t = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            total = (time.perf_counter() - t) * 1000
            runs.append((total, sum(float(q["time"]) for q in queries.captured_queries) * 1000, len(queries)))
        runs.sort()
        total, sql, count = runs[len(runs) // 2]
        inside.append({"path": path, "queries": count, "ms": round(total, 1), "sql_ms": round(sql, 1)})
        print(json.dumps(inside[-1], ensure_ascii=False), file=sys.stderr, flush=True)

    quiet = do_refresh_figures()
    arrived = arrive(city)
    incremental = do_refresh_figures()
    return {"database": connection.vendor, "counts": city.counts, "load_seconds": load_seconds, **sizes,
            "full": {"records": full.records, "facts": full.facts, "cells": full.cells,
                     "seconds": round(full.seconds, 1)},
            "quiet": {"records": quiet.records, "seconds": round(quiet.seconds, 2)},
            "incremental": {"arrived": arrived, "records": incremental.records, "facts": incremental.facts,
                            "cells": incremental.cells, "seconds": round(incremental.seconds, 2)},
            "inside": inside, "cookies": cookies, "last_year": last_year}


# --- the load: wrk against gunicorn -----------------------------------------------------------------------------

LUA = """wrk.headers["Cookie"] = %s
done = function(summary, latency, requests)
  io.write(string.format("JINGQI %%.0f %%.0f %%.0f %%.0f\\n", latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.requests))
end
"""


def wrk(base: str, path: str, cookie: str, *, duration: int, folder: Path) -> dict:
    import urllib.request

    for _ in range(4):  # each worker warm (its first request reads the URLconf, templates, translations)
        ask = urllib.request.Request(base + path, headers={"Cookie": f"sessionid={cookie}"})  # noqa: S310
        with urllib.request.urlopen(ask, timeout=60) as answer:  # noqa: S310
            answer.read()
    script = folder / "cookie.lua"
    script.write_text(LUA % json.dumps(f"sessionid={cookie}"))
    command = ["wrk", "-t1", "-c2", f"-d{duration}s", "--timeout", "10s", "-s", str(script), base + path]
    done = subprocess.run(command, capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        raise SystemExit(f"wrk failed: {done.stderr or done.stdout}")
    out = done.stdout
    line = next(x for x in out.splitlines() if x.startswith("JINGQI "))
    p50, p95, p99, requests = (int(x) for x in line.split()[1:])
    errors = 0
    for x in out.splitlines():
        if "Non-2xx or 3xx responses:" in x:
            errors = int(x.split(":")[1])
    return {"p50": round(p50 / 1000, 1), "p95": round(p95 / 1000, 1), "p99": round(p99 / 1000, 1),
            "requests": requests, "non_2xx": errors}


def run(kind: str, scale: float, url: str, duration: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"jingqi-figures-{kind}-"))
    # the station Open311 serves; the code of this checkout (gunicorn would import the one installed otherwise)
    env = {**environment(url, folder), "JINGQI_DEFAULT_STATION": "CITY00", "PYTHONPATH": str(ROOT / "src")}
    try:
        t = time.perf_counter()
        out = subprocess.run([PY, __file__, "--child", str(scale)], env=env, cwd=ROOT,  # noqa: S603
                             stdout=subprocess.PIPE, text=True)
        if out.returncode:
            raise SystemExit(f"{kind} at {scale}: the child failed")
        result = json.loads(out.stdout.strip().splitlines()[-1])
        result["child_seconds"] = round(time.perf_counter() - t)
        loads = []
        with gunicorn(env, free_port()) as base:
            for (_kind, who, _label, _path), inside in zip(SCENARIOS, result["inside"], strict=True):
                loads.append(wrk(base, inside["path"], result["cookies"][who], duration=duration, folder=folder))
                print(f"  {kind} {scale}: {inside['path']} {loads[-1]}", file=sys.stderr, flush=True)
        result["load"] = loads
        return result
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def report(runs: list[tuple[str, float, dict]], command: str, started: datetime, load: float, duration: int) -> str:
    lines = [HEADING, "",
             f"Command: `{command}`, one run, {started:%Y-%m-%d %H:%M} UTC, code of commit {checkout_commit()}. "
             f"Machine: {platform.machine()}, {os.cpu_count()} cores, load average {load:.1f} at the start, Python "
             f"{platform.python_version()}. A city of {STATIONS} stations × {PARKS_PER_STATION} parks; at 100 %: "
             + ", ".join(f"{v:,} {k}" for k, v in CITY.items())
             + f" over {DAYS} days (a fifth of the requests with a department task). gunicorn 2 sync workers; "
             f"wrk 1 thread, 2 connections, {duration} s per page, signed in. Targets: dashboards p95 < "
             f"{TARGET_MS['dashboard']} ms, lists p95 < {TARGET_MS['list']} ms.", ""]
    names = [f"{kind} {scale:.0%}" for kind, scale, _ in runs]
    lines += ["## Under load (wrk against gunicorn)", "",
              "| page | as | target | " + " | ".join(f"{n} p50 / p95 / p99 ms" for n in names) + " |",
              "| --- | --- | ---: |" + " ---: |" * len(runs)]
    for i, (kind, who, label, path) in enumerate(SCENARIOS):
        cells = []
        for _k, _s, r in runs:
            x = r["load"][i]
            flag = "" if x["p95"] < TARGET_MS[kind] else " ✗"
            cells.append(f"{x['p50']} / **{x['p95']}**{flag} / {x['p99']}"
                         + (f" ({x['non_2xx']} non-2xx)" if x["non_2xx"] else ""))
        lines.append(f"| {label} (`{path}`) | {who} | {TARGET_MS[kind]} | " + " | ".join(cells) + " |")
    lines += ["", "## Where the time goes (one request in the web process, median of 7)", "",
              "| page | " + " | ".join(f"{n}: queries, total ms (SQL ms)" for n in names) + " |",
              "| --- |" + " ---: |" * len(runs)]
    for i, (_kind, who, label, _path) in enumerate(SCENARIOS):
        cells = [f"{r['inside'][i]['queries']}, {r['inside'][i]['ms']} ({r['inside'][i]['sql_ms']})"
                 for _k, _s, r in runs]
        lines.append(f"| {label} ({who}) | " + " | ".join(cells) + " |")
    lines += ["", "## The data and the refresh", "",
              "| | " + " | ".join(names) + " |", "| --- |" + " ---: |" * len(runs)]

    def row(label, fn):
        lines.append(f"| {label} | " + " | ".join(fn(r) for _k, _s, r in runs) + " |")

    for key in CITY:
        row(key, lambda r, key=key: f"{r['counts'][key]:,}")
    row("load (s): " + ", ".join(runs[0][2]["load_seconds"]),
        lambda r: " / ".join(str(v) for v in r["load_seconds"].values()))
    row("facts / cells kept", lambda r: f"{r['facts']:,} / {r['cells']:,}")
    row("full refresh: records, seconds", lambda r: f"{r['full']['records']:,}, {r['full']['seconds']} s")
    row("incremental refresh, nothing new: records, seconds",
        lambda r: f"{r['quiet']['records']:,}, {r['quiet']['seconds']} s")
    row("incremental refresh after 1,000 new records: records, facts, cells, seconds",
        lambda r: f"{r['incremental']['records']:,}, {r['incremental']['facts']:,}, {r['incremental']['cells']:,}, "
                  f"**{r['incremental']['seconds']} s**")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", type=float, help=argparse.SUPPRESS)
    ap.add_argument("--runs", default="sqlite:0.1,postgres:0.1,postgres:1",
                    help="database:scale pairs, comma-separated (scale 1 = the whole city)")
    ap.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--label", help="written after the heading, so that runs of different code keep their sections")
    args = ap.parse_args()
    if args.child is not None:
        sys.path.insert(0, str(ROOT / "src"))
        print(json.dumps(child(args.child), ensure_ascii=False))
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    started, load = datetime.now(UTC), os.getloadavg()[0]
    results = []
    for spec in args.runs.split(","):
        kind, scale = spec.split(":")
        if kind == "sqlite":
            folder = Path(tempfile.mkdtemp(prefix="jingqi-bench-db-"))
            try:
                results.append((kind, float(scale), run(kind, float(scale), f"sqlite:///{folder}/bench.sqlite3",
                                                        args.duration)))
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        else:
            with postgres_cluster() as url:
                results.append((kind, float(scale), run(kind, float(scale), url, args.duration)))
    command = " ".join([".venv/bin/python bench/figures_bench.py", *sys.argv[1:]])
    heading = f"{HEADING} ({args.label})" if args.label else HEADING
    text = report(results, command, started, load, args.duration).replace(HEADING, heading, 1)
    print(text)
    if not args.no_write:
        write_results(text, heading)


if __name__ == "__main__":
    main()
