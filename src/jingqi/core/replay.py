"""Replaying history: the demo data of every app is acted out through the services, at the moments it happened.

:func:`replayed_time` sets the clock the services read (``django.utils.timezone.now``, and the model fields whose
default is that function, which captured it when their class was defined); the audit log keeps the real clock,
so its hash chain stays in step with its sequence. :class:`EscalationTicks` runs an app's periodic escalation
sweep at its production task's ticks while the replay moves on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock

from django.apps import apps
from django.utils import timezone

from . import audit


class _ReplayClock:
    def __init__(self):
        self.at = None

    def now(self):
        return self.at


class _WallClock:
    """``django.utils.timezone`` as the audit log sees it during the replay: with the real time."""

    def __init__(self, real_now):
        self.now = real_now

    def __getattr__(self, name):
        return getattr(timezone, name)


# The real clock, kept when this module is first imported (before any replay replaces it).
_REAL_NOW = timezone.now


def _is_clock(default) -> bool:
    """The real clock, or a replay's (inside another replay: the inner one takes over, the outer comes back)."""
    return default is _REAL_NOW or isinstance(getattr(default, "__self__", None), _ReplayClock)


def _now_defaults() -> list:
    """The model fields whose default is the clock itself (``default=timezone.now``)."""
    return [f for model in apps.get_models() for f in model._meta.concrete_fields if _is_clock(f.default)]


@contextmanager
def _defaults_read(fields, clock) -> Iterator[None]:
    """The fields' default is ``clock.now`` inside. Field.get_default() reads a cached copy of the default
    (``_get_default``), which is set too and dropped afterwards, so that it is cached again from the real one."""
    saved = [(f, f.default, f.__dict__.get("_get_default")) for f in fields]
    try:
        for f in fields:
            f.default = f._get_default = clock.now
        yield
    finally:
        for f, default, cached in saved:
            f.default = default
            if cached is None:
                f.__dict__.pop("_get_default", None)
            else:
                f._get_default = cached


@contextmanager
def replayed_time():
    """Inside, ``timezone.now()`` — and every ``default=timezone.now`` field — is whatever the returned clock's
    ``at`` says; the audit log's is real."""
    clock = _ReplayClock()
    wall = _WallClock(_REAL_NOW)
    with (mock.patch("django.utils.timezone.now", clock.now), mock.patch.object(audit, "timezone", wall),
          _defaults_read(_now_defaults(), clock)):
        yield clock


class EscalationTicks:
    """An escalation sweep (``escalate(now=...)``) replayed at its production task's ticks (``every``, a divisor
    of an hour, from the hour), but only at the ticks where it can find something (``next_due()``, the earliest
    moment anything falls due): the others would change nothing. Call :meth:`plan` after an action that can
    start, stop or move a deadline and :meth:`run_until` before the clock moves on; each sweep is dated at its
    tick."""

    def __init__(self, clock, escalate: Callable, next_due: Callable[[], datetime | None],
                 every: timedelta = timedelta(minutes=5)):
        self.clock, self.escalate, self.next_due, self.every = clock, escalate, next_due, every
        self.pending = None

    def plan(self, after: datetime | None = None) -> None:
        due = self.next_due()
        if due is None:
            self.pending = None
            return
        # Something already overdue when an action made it so is found at the job's next tick, not before.
        due = max(due, self.clock.at) if self.clock.at is not None else due
        hour = due.replace(minute=0, second=0, microsecond=0)
        tick = hour + ((due - hour) // self.every + 1) * self.every
        # A tick the sweep already ran at (something due that it leaves alone) waits for the next action.
        self.pending = tick if after is None or tick > after else None

    def run_until(self, moment: datetime) -> None:
        while self.pending is not None and self.pending < moment:
            at = self.clock.at = self.pending
            self.escalate(now=at)
            self.plan(after=at)
