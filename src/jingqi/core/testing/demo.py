"""The demo, for the tests that read it: loaded on the database as migrated, inside a transaction that is rolled back
afterwards, so a module (or class) of tests can share one load instead of paying for one each."""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from unittest.mock import patch

import pytest
from django.db import connection, transaction
from django.test import TestCase, override_settings
from django.utils import timezone

from .personas import as_migrated

# PBKDF2 is slow on purpose and the demo creates many accounts; the tests need no strong hashes.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The demo at full scale (what `make run` loads) takes minutes to load on PostgreSQL (nine for the published figures'
# demos, five for the whole demo: half the suite's time there), so the tests that need it run on SQLite, the
# embedded database `make run` loads it into. The same loading code runs on PostgreSQL in every module's small demo.
full_scale_demo = pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="the full-scale demo is loaded on SQLite; the same code loads the small demo on PostgreSQL")


@dataclass(frozen=True)
class LoadedDemo:
    plan: object
    started: datetime  # when the load began: the demo's "now"


@contextmanager
def loaded_demo(*, scale: float = 0.1, parts: tuple[str, ...] | None = None):
    """The demo at ``scale``, loaded on the database as migrated (the shared cast taken away); everything is
    rolled back when the block ends. The notices a real load sends when it commits are sent inside the block.
    Tests that read it each run in their own savepoint (pytest-django's ``db``), so what one test changes the
    next does not see. ``parts``: only these apps' demos over the registry's (``registry.demo.DEMO_PARTS``)."""
    from jingqi.registry import demo

    with override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic(), \
            patch.object(demo, "DEMO_PARTS", demo.DEMO_PARTS if parts is None else parts):
        as_migrated()
        started = timezone.now()
        with TestCase.captureOnCommitCallbacks(execute=True):
            plan = demo.load_demo(scale=scale)
        yield LoadedDemo(plan=plan, started=started)
        transaction.set_rollback(True)
