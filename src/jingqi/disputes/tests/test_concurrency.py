"""Two people (or two sweeps) acting on one dispute at the same moment, in concurrent transactions: nobody's update
is lost, nothing is written twice. PostgreSQL only (SQLite runs one writer at a time)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from jingqi.core.errors import ActionError
from jingqi.core.models import AuditEvent
from jingqi.disputes import services
from jingqi.disputes.choices import EventKind, Status
from jingqi.disputes.models import Agreement, Dispute, Instalment, Payment

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)"),
]

CASE = {"kind": "labour", "urgency": "urgent", "title": "工人讨薪", "description": "拖欠三个月工资。",
        "amount": "30000", "people_involved": 3}


def at_once(*calls) -> list:
    """Run the calls in threads (each with its own connection) released together; what each ended with."""
    barrier, outcomes, lock = threading.Barrier(len(calls)), {}, threading.Lock()

    def run(index, call):
        try:
            barrier.wait()
            result = ("ok", call())
        except ActionError as exc:
            result = (exc.code, exc)
        except Exception as exc:  # noqa: BLE001 - a crash is an outcome the test reports, not a thread's death
            result = ("error", exc)
        finally:
            connections.close_all()
        with lock:
            outcomes[index] = result

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [outcomes[i] for i in range(len(calls))]


@pytest.fixture
def performing():
    """A wage dispute in park A whose agreement (three instalments of 10 000) is being performed."""
    from jingqi.core.testing.personas import fresh_world

    world = fresh_world()
    dispute = services.do_report_dispute(world.officer_a, source="walk_in", park=world.park_a, data=CASE)
    services.do_add_party(world.officer_a, dispute, side="applicant", organisation="钢筋班组")
    services.do_add_party(world.officer_a, dispute, side="respondent", enterprise=world.enterprise_a)
    services.do_accept_dispute(world.officer_a, dispute)
    services.do_plan_session(world.officer_a, dispute, planned_at=timezone.now(), place="调解中心",
                             mediators=[{"role": "officer", "user": world.officer_a}])
    today = timezone.localdate()
    agreement = services.do_sign_agreement(
        world.officer_a, dispute, signed_on=today, terms="分三期支付。", total_amount="30000", level="park",
        instalments=[{"due_on": today + timedelta(days=d), "amount": "10000"} for d in (10, 40, 70)])
    return world, Dispute.objects.get(pk=dispute.pk), Agreement.objects.get(pk=agreement.pk)


def test_two_mediators_editing_one_agreement_never_lose_an_update(performing):
    world, dispute, agreement = performing
    version = agreement.version
    outcomes = at_once(
        lambda: services.do_update_agreement(world.officer_a, agreement, terms="甲：企业另付利息 500 元。",
                                             expected_version=version),
        lambda: services.do_update_agreement(world.supervisor, agreement, terms="乙：第二期提前支付。",
                                             expected_version=version),
    )
    assert sorted(code for code, _result in outcomes) == ["ok", "stale"]
    winner = next(result for code, result in outcomes if code == "ok")
    final = Agreement.objects.get(pk=agreement.pk)
    # The winner's terms are what is stored; nothing of the loser's was written.
    assert final.version == version + 1 and final.terms == winner.terms
    assert Dispute.objects.get(pk=dispute.pk).events.filter(kind=EventKind.AGREEMENT_CHANGED).count() == 1
    assert AuditEvent.objects.filter(action="dispute.update_agreement", object_id=str(agreement.pk)).count() == 1
    # The loser reloads (version N+1) and saves: both updates are kept, one after the other.
    services.do_update_agreement(world.officer_a, agreement, terms=final.terms + "另：利息 500 元。",
                                 expected_version=final.version)
    assert Agreement.objects.get(pk=agreement.pk).terms.startswith(winner.terms)


def test_two_mediators_rescheduling_at_once_leave_exactly_one_schedule(performing):
    world, dispute, agreement = performing
    today = timezone.localdate()
    version = agreement.version
    outcomes = at_once(*[
        (lambda days=days, actor=actor: services.do_update_agreement(
            actor, agreement, expected_version=version,
            instalments=[{"due_on": today + timedelta(days=days), "amount": "30000"}]))
        for days, actor in ((20, world.officer_a), (25, world.auxiliary_a))])
    assert sorted(code for code, _result in outcomes) == ["ok", "stale"]
    (instalment,) = Instalment.objects.filter(agreement=agreement)
    assert instalment.due_on in (today + timedelta(days=20), today + timedelta(days=25))
    assert Agreement.objects.get(pk=agreement.pk).version == version + 1


def test_the_same_payment_recorded_twice_at_once_is_kept_once(performing):
    world, dispute, agreement = performing
    first, second = agreement.instalments.all()[:2]
    outcomes = at_once(
        lambda: services.do_record_payment(world.officer_a, first, amount="10000", paid_on=timezone.localdate(),
                                           reference="BANK-20260301-01"),
        lambda: services.do_record_payment(world.auxiliary_a, second, amount="10000",
                                           paid_on=timezone.localdate(), reference="BANK-20260301-01"),
    )
    assert sorted(code for code, _result in outcomes) == ["duplicate", "ok"]
    assert Payment.objects.filter(agreement=agreement, reference="BANK-20260301-01").count() == 1
    paid = sorted(Instalment.objects.filter(agreement=agreement).values_list("paid_amount", flat=True))
    assert [str(amount) for amount in paid] == ["0.00", "0.00", "10000.00"]
    assert Agreement.objects.get(pk=agreement.pk).version == agreement.version + 1


def test_two_payments_of_one_instalment_at_once_never_overpay_it(performing):
    world, dispute, agreement = performing
    first = agreement.instalments.first()
    outcomes = at_once(*[
        (lambda ref=ref: services.do_record_payment(world.officer_a, first, amount="6000",
                                                    paid_on=timezone.localdate(), reference=ref))
        for ref in ("A-1", "A-2")])
    assert sorted(code for code, _result in outcomes) == ["invalid", "ok"]  # 4000 was left for the second
    assert Instalment.objects.get(pk=first.pk).paid_amount == 6000
    assert Payment.objects.filter(agreement=agreement).count() == 1


def test_two_default_sweeps_at_once_flag_once(performing):
    world, dispute, agreement = performing
    first = agreement.instalments.first()
    day = first.due_on + timedelta(days=1)
    outcomes = at_once(lambda: services.flag_defaults(today=day), lambda: services.flag_defaults(today=day))
    assert sorted(result for _code, result in outcomes) == [0, 1]
    dispute = Dispute.objects.get(pk=dispute.pk)
    assert dispute.needs_mediator and dispute.events.filter(kind=EventKind.DEFAULT).count() == 1
    assert AuditEvent.objects.filter(action="dispute.default", object_id=str(dispute.pk)).count() == 1


def test_a_default_sweep_and_a_payment_at_once_both_finish(performing):
    """The sweep locks the dispute before the instalment, as a payment does: they queue, never deadlock."""
    world, dispute, agreement = performing
    first = agreement.instalments.first()
    day = first.due_on + timedelta(days=1)
    outcomes = at_once(
        lambda: services.flag_defaults(today=day),
        lambda: services.do_record_payment(world.officer_a, first, amount="10000", paid_on=timezone.localdate(),
                                           reference="LATE-1"),
    )
    assert [code for code, _result in outcomes] == ["ok", "ok"]
    dispute = Dispute.objects.get(pk=dispute.pk)
    flagged = outcomes[0][1]
    # Either the payment came first (nothing to flag) or the flag was raised and the payment lowered it.
    assert flagged in (0, 1) and not dispute.needs_mediator
    assert dispute.events.filter(kind=EventKind.DEFAULT).count() == flagged


def test_two_officers_accepting_at_once_accept_once(performing):
    world, _dispute, _agreement = performing
    dispute = services.do_report_dispute(world.officer_a, source="phone", park=world.park_a, data=CASE)
    outcomes = at_once(lambda: services.do_accept_dispute(world.officer_a, dispute),
                       lambda: services.do_accept_dispute(world.auxiliary_a, dispute))
    assert sorted(code for code, _result in outcomes) == ["illegal_transition", "ok"]
    dispute = Dispute.objects.get(pk=dispute.pk)
    assert dispute.status == Status.ACCEPTED and dispute.events.filter(kind=EventKind.ACCEPTED).count() == 1
