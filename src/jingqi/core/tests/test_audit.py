import pytest
from django.core.management import CommandError, call_command

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
