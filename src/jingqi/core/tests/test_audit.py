import threading
import time
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction

from jingqi.core import audit
from jingqi.core.context import client_address
from jingqi.core.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(world):
    for n in range(4):
        audit.record(world.supervisor, "test.write", world.enterprise_a, {"n": [n, n + 1]})
    return AuditEvent.objects.order_by("seq")


def test_events_are_chained_from_genesis(chain):
    events = list(chain)
    assert events[0].prev_hash == audit.GENESIS
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.hash and after.seq == before.seq + 1
    assert audit.verify_chain().ok


def test_event_records_actor_object_diff_and_client_address(world):
    token = client_address.set("10.1.2.3")
    try:
        event = audit.record(world.officer_a, "enterprise.update", world.enterprise_a, {"headcount": [1, 2]})
    finally:
        client_address.reset(token)
    assert (event.actor, event.object_type, event.object_id) == (world.officer_a, "registry.enterprise",
                                                                 str(world.enterprise_a.pk))
    assert event.client_address == "10.1.2.3" and event.changes == {"headcount": [1, 2]}


def test_verify_audit_command_passes_on_intact_chain(chain, capsys):
    call_command("verify-audit")
    assert str(chain.count()) in capsys.readouterr().out


def test_verify_audit_names_the_tampered_event(chain):
    target = chain[2]
    AuditEvent.objects.filter(pk=target.pk).update(changes={"n": [0, 999]})
    with pytest.raises(CommandError) as exc:
        call_command("verify-audit")
    assert f"#{target.seq}" in str(exc.value)


def test_verify_audit_detects_a_deleted_event(chain):
    target = chain[1]
    AuditEvent.objects.filter(pk=target.pk).delete()
    report = audit.verify_chain()
    assert not report.ok and report.broken_seq == target.seq


def test_verify_audit_detects_a_rewritten_tail(chain):
    # Removing the newest event and fixing nothing else is caught by the chain head.
    AuditEvent.objects.filter(pk=chain.last().pk).delete()
    assert not audit.verify_chain().ok


def test_verify_audit_detects_a_recomputed_forgery(chain):
    # A forger who rewrites an event and recomputes its hash still breaks the next link.
    target = chain[1]
    target.changes = {"n": [5, 6]}
    target.hash = audit.compute_hash(target)
    target.save()
    report = audit.verify_chain()
    assert not report.ok and report.broken_seq == target.seq + 1


def test_head_tracks_the_last_event(chain):
    head = AuditChainHead.objects.get(pk=1)
    assert head.last_seq == chain.last().seq and head.last_hash == chain.last().hash


def test_an_append_costs_two_statements_once_the_connection_knows_the_head(chain, django_assert_num_queries):
    # The head is moved by compare-and-swap (which takes its lock) and the event inserted: nothing else.
    with django_assert_num_queries(2):
        audit.record(None, "test.write")
    assert audit.verify_chain().ok


def test_a_stale_guess_of_the_head_is_refused_and_the_real_head_used(chain):
    # As if another writer had appended since this connection's last event: the swap matches no row.
    first, last = chain.first(), chain.last()
    audit._last_appended[connections["default"]] = (first.seq, first.hash)
    event = audit.record(None, "test.write")
    assert (event.seq, event.prev_hash) == (last.seq + 1, last.hash)
    assert AuditEvent.objects.filter(prev_hash=first.hash).count() == 1  # no fork after the first event
    assert audit.verify_chain().ok


def test_an_append_undone_by_a_rollback_is_not_linked_to(chain):
    last = chain.last()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(None, "test.undone")
        raise RuntimeError
    event = audit.record(None, "test.write")
    assert (event.seq, event.prev_hash) == (last.seq + 1, last.hash)
    assert not AuditEvent.objects.filter(action="test.undone").exists()
    assert audit.verify_chain().ok


def test_a_failed_append_takes_the_callers_transaction_with_it(chain, monkeypatch):
    # No savepoint of its own: the caller cannot catch the error and commit a write without its event.
    def failing_save(self, **kwargs):
        raise DatabaseError("disk full")

    last = chain.last()
    with transaction.atomic():
        with monkeypatch.context() as patched:
            patched.setattr(AuditEvent, "save", failing_save)
            with pytest.raises(DatabaseError):
                audit.record(None, "test.write")
        assert transaction.get_rollback()
    head = AuditChainHead.objects.get(pk=1)
    assert (head.last_seq, head.last_hash) == (last.seq, last.hash)
    assert audit.record(None, "test.write").seq == last.seq + 1
    assert audit.verify_chain().ok


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between connections: PostgreSQL")
def test_concurrent_writers_line_up_instead_of_forking_the_chain():
    writers, appends = 3, 15
    # What the chain holds already depends on the tests this worker ran before.
    before = AuditEvent.objects.count()
    head = AuditChainHead.objects.filter(pk=1).values_list("last_seq", flat=True).first() or 0
    start = threading.Barrier(writers)
    errors = []

    def write(n):
        try:
            start.wait()
            for i in range(appends):
                with transaction.atomic():
                    audit.record(None, "test.concurrent", changes={"writer": n, "i": i})
                    time.sleep(0.001 * (i % 3))  # hold the head for a moment, so that others queue
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    report = audit.verify_chain()
    assert report.ok and report.checked == before + writers * appends
    assert AuditChainHead.objects.get(pk=1).last_seq == head + writers * appends


@pytest.mark.parametrize("value", [
    {"a": [1, 2.5, None, True, "x"], "b": {"c": []}},                  # plain: kept as it is
    {"when": datetime(2026, 5, 6, 10, 0, tzinfo=UTC), "n": (1, 2)},   # a date, a tuple: made plain
    {1: "key not text"}, [float("inf")], {"d": Decimal("1.50")},
])
def test_changes_are_stored_as_the_json_round_trip_gives_them(value):
    import json

    from jingqi.core.audit import _jsonable

    assert _jsonable(value) == json.loads(json.dumps(value, default=str, ensure_ascii=False))
