"""Escalation of missed deadlines: one set-based sweep that every app with a clock reuses.

A row with a deadline climbs at most two steps, each once:

- level 1 (``OVERDUE``): the deadline has passed; the app tells whoever the work is assigned to;
- level 2 (``PAST_GRACE``): it passed more than ``grace`` ago; the app tells the supervisor.

A row that is already past the grace when first swept goes straight to level 2 (one step, one notice).

Used by ``tickets`` (a request's response or resolution deadline, a department task's deadline; run by a
periodic task) and by ``disputes`` (the rapid-response clock of group disputes: time to first contact,
time to arrival on site).

How a sweep works (:func:`sweep`): it reads the keys of the rows whose level must rise, in batches of
``batch_size`` ordered by primary key, and handles each batch in short transactions, one per level reached
(SQLite holds its write lock only that long); on PostgreSQL several batches at once, each in a worker thread
with its own connection (``workers``). In the transaction the batch's rows are locked and read again with the
same conditions, raised with one conditional ``UPDATE ... WHERE level < target``, and handed to the
app's ``on_escalate(rows, level)``, which writes its timeline events, audit rows and notifications for
the whole batch. Two sweeps running at once cannot both escalate a row: the second waits on the first's
row locks (PostgreSQL) or write lock (SQLite, whose transactions begin IMMEDIATE here), then finds the
level raised and leaves the row out; only rows it raised itself reach its ``on_escalate``.

A sweep over a large backlog can read its rows as dicts (``values=``, the fields its handler uses, related ones
by ``__``): building five model instances per row (the row, its enterprise, park, service, handler) was half of
a sweep's time over a hundred thousand requests.

The deadline is a field name or any expression over the row (an app with several clocks passes the one
that applies, e.g. ``Case(When(status="submitted", then=F("response_due_at")), default=...)``), and the
queryset says which rows are still on the clock (open ones); rows whose deadline is NULL are never due.

:func:`next_due` tells when the next escalation can happen, so a caller that replays time (the demo)
can skip the sweeps that would find nothing.

Example::

    def _disputes_escalated(disputes, level):
        for dispute in disputes:           # as read before the raise: dispute.escalation_level is the old one
            events.dispute_escalated_event(dispute, level)
            audit.record(None, "dispute.escalate", dispute, {"escalation_level": [dispute.escalation_level, level]})
            notify_on_commit(...)

    escalation.sweep(Dispute.objects.open().select_related("park"), due="contact_due_at",
                     grace=timedelta(hours=2), now=now, on_escalate=_disputes_escalated,
                     update={"updated_at": timezone.now()})
"""

import contextvars
import queue
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models import F, Min, Q
from django.utils import translation

OVERDUE = 1
PAST_GRACE = 2
TOP = PAST_GRACE

_DUE = "_escalation_due"


def level_for(due: datetime | None, now: datetime, grace: timedelta) -> int:
    """0 while ``due`` has not passed (or there is none), 1 once it has, 2 once it passed more than ``grace`` ago."""
    if due is None or due >= now:
        return 0
    return PAST_GRACE if now - due > grace else OVERDUE


def _with_due(queryset: models.QuerySet, due) -> models.QuerySet:
    return queryset.annotate(**{_DUE: F(due) if isinstance(due, str) else due})


def _due_q(level_field: str, level: int, now: datetime, grace: timedelta) -> Q:
    """The rows that belong at ``level`` now and are below it."""
    if level == PAST_GRACE:
        return Q(**{f"{level_field}__lt": PAST_GRACE, f"{_DUE}__lt": now - grace})
    return Q(**{f"{level_field}__lt": OVERDUE, f"{_DUE}__lt": now, f"{_DUE}__gte": now - grace})


def sweep(queryset: models.QuerySet, *, due, grace: timedelta, now: datetime,
          on_escalate: Callable[[list, int], None], level_field: str = "escalation_level",
          update: dict | None = None, batch_size: int = 500, values: tuple[str, ...] | None = None,
          workers: int | None = None) -> int:
    """Raise every row of ``queryset`` whose deadline ``due`` has passed to the level it has reached.

    - ``queryset``: the rows still on the clock (e.g. open ones), with the ``select_related`` that
      ``on_escalate`` needs; only the model's own rows are locked.
    - ``due``: the deadline, a field name or an expression.
    - ``update``: more fields to set in the same UPDATE (``{"updated_at": ..., "version": F("version") + 1}``).
    - ``on_escalate(rows, level)``: called inside the batch's transaction with the rows just raised to
      ``level``, as they were read under the lock, i.e. ``getattr(row, level_field)`` is the level they had.
      It writes the app's events, audit rows and notices (core.notify: email and webhooks after commit); it
      must not save the rows.
    - ``values``: hand ``on_escalate`` dicts of these fields (with ``"pk"`` and the level field) instead of
      instances; ``row[level_field]`` is then the level they had.

    - ``workers``: how many batches are handled at once, each in a thread with its own connection (default
      ``ESCALATION_SWEEP_WORKERS``; always one on SQLite and inside a transaction). While one batch waits on
      the database another is built in Python: on PostgreSQL, two workers sweep a backlog in about two thirds
      of the time. Batches are disjoint and locked, so workers never escalate a row twice; their audit rows
      are chained one batch after another under the chain head's lock. ``on_escalate`` must therefore use no
      connection but its thread's own (it is called in the worker's transaction).

    Returns how many escalations happened. Call it outside a transaction to keep each batch's short.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be positive")
    rows_due = _with_due(queryset, due)
    pk_name = queryset.model._meta.pk.name

    def handle(by_level: dict[int, list]) -> int:
        # A transaction per level: a handler's audit rows take the chain head's lock until the commit, so the
        # less comes after them, the less another worker waits.
        raised = 0
        for level in sorted(by_level):
            with transaction.atomic():
                raised += _raise(rows_due, by_level[level], level, now=now, grace=grace, level_field=level_field,
                                 update=update, pk_name=pk_name, on_escalate=on_escalate, values=values)
        return raised

    batches = _batches(rows_due, now=now, grace=grace, level_field=level_field, batch_size=batch_size)
    workers = _workers(workers, queryset.db)
    if workers == 1:
        return sum(handle(by_level) for by_level in batches)
    return _in_threads(handle, batches, workers)


def _batches(rows_due, *, now, grace, level_field, batch_size):
    """The keys of the rows due, a batch at a time in primary-key order, as {target level: [pk, ...]}."""
    wanted = _due_q(level_field, OVERDUE, now, grace) | _due_q(level_field, PAST_GRACE, now, grace)
    after = None
    while True:
        keys = rows_due.filter(wanted)
        if after is not None:
            keys = keys.filter(pk__gt=after)
        batch = list(keys.order_by("pk").values_list("pk", level_field, _DUE)[:batch_size])
        if not batch:
            return
        after = batch[-1][0]
        by_level: dict[int, list] = {}
        for pk, level, when in batch:
            target = level_for(when, now, grace)
            if target > level:
                by_level.setdefault(target, []).append(pk)
        yield by_level
        if len(batch) < batch_size:
            return


def _workers(asked: int | None, using: str = DEFAULT_DB_ALIAS) -> int:
    """How many batches are handled at once: ``asked`` or ``ESCALATION_SWEEP_WORKERS``, but one on SQLite (a
    single writer at a time) and inside a transaction (other connections would not see its rows)."""
    asked = settings.ESCALATION_SWEEP_WORKERS if asked is None else asked
    if asked < 1:
        raise ValueError("workers must be positive")
    connection = connections[using]
    if connection.vendor == "sqlite" or connection.in_atomic_block:
        return 1
    return asked


def _in_threads(handle: Callable[[dict], int], batches: Iterable[dict], workers: int) -> int:
    """``handle`` each of ``batches`` in one of ``workers`` threads, each with its own database connection (closed
    when it is done) and the caller's context (language, client address). The batches are read here, a few ahead
    of the threads; the first failure stops the handing out and is raised once the threads have finished."""
    jobs: queue.Queue = queue.Queue(maxsize=2 * workers)
    counts: list[int] = []
    failures: list[BaseException] = []
    stop = threading.Event()  # a failure on either side: the batches still queued are left for the next sweep
    language = translation.get_language()

    def work():
        try:
            with translation.override(language):
                while (by_level := jobs.get()) is not None:
                    if stop.is_set():
                        continue
                    try:
                        counts.append(handle(by_level))
                    except BaseException as exc:  # raised in the caller's thread below
                        failures.append(exc)
                        stop.set()
        finally:
            connections.close_all()  # this thread's connections only

    # Daemon threads: an interrupted process exits (a batch cut short is rolled back with its connection).
    threads = [threading.Thread(target=contextvars.copy_context().run, args=(work,), name=f"escalation-{n}",
                                daemon=True) for n in range(workers)]
    for thread in threads:
        thread.start()
    try:
        for by_level in batches:
            if stop.is_set():
                break
            jobs.put(by_level)
    except BaseException as exc:
        stop.set()
        if failures:  # a worker's failure too: keep it beside this one
            raise exc from failures[0]
        raise
    finally:
        for _thread in threads:
            jobs.put(None)
        for thread in threads:
            thread.join()
    if failures:
        raise failures[0]
    return sum(counts)


def _raise(rows_due, pks: Iterable, level: int, *, now, grace, level_field, update, pk_name, on_escalate,
           values) -> int:
    # Locked and read again under the same conditions: a concurrent sweep that got there first, or an
    # action that closed the row or moved its deadline meanwhile, leaves it out.
    locked = (rows_due.select_for_update(of=("self",)).filter(_due_q(level_field, level, now, grace), pk__in=pks)
              .order_by("pk"))
    if values is None:
        rows = list(locked)
        keys = [row.pk for row in rows]
    else:
        rows = list(locked.values("pk", level_field, *values))
        keys = [row["pk"] for row in rows]
    if not rows:
        return 0
    raised = (rows_due.model._base_manager.filter(**{f"{pk_name}__in": keys,
                                                     f"{level_field}__lt": level})
              .update(**{level_field: level, **(update or {})}))
    if raised != len(rows):  # cannot happen under the lock; never tell anyone twice if it somehow does
        raise RuntimeError(f"escalation: {len(rows)} rows locked but {raised} raised")
    on_escalate(rows, level)
    return raised


def next_due(queryset: models.QuerySet, *, due, grace: timedelta,
             level_field: str = "escalation_level") -> datetime | None:
    """The moment after which a sweep of ``queryset`` would escalate something (None: nothing is on the clock).

    A sweep at any ``now`` up to and including it escalates nothing; if it is already past, one is due.
    """
    found = _with_due(queryset, due).aggregate(
        first=Min(_DUE, filter=Q(**{f"{level_field}__lt": OVERDUE})),
        second=Min(_DUE, filter=Q(**{level_field: OVERDUE})),
    )
    moments = [found["first"], found["second"] + grace if found["second"] is not None else None]
    moments = [moment for moment in moments if moment is not None]
    return min(moments) if moments else None
