"""The whole path of a wage-arrears dispute: report, two sessions, an agreement in three instalments (one
paid late and flagged), fulfilment, follow-up, archive — through the services, as the pages and API use them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jingqi.core.errors import ActionError
from jingqi.core.models import Notification
from jingqi.disputes import services
from jingqi.disputes.choices import EventKind, Outcome, Status
from jingqi.disputes.models import Dispute

pytestmark = pytest.mark.django_db

WAGES = {"kind": "labour", "urgency": "urgent", "title": "二十三名工人讨要工资",
         "description": "承包商拖欠三个月工资，工人聚集在厂门口。", "amount": "186000", "people_involved": 23,
         "blocking": False, "location": "A工业园 2 号门"}


def report(world, **changes):
    return services.do_report_dispute(world.officer_a, source="walk_in", park=world.park_a,
                                      data={**WAGES, **changes})


def test_wage_dispute_from_report_to_archive(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dispute = report(world)
    assert dispute.is_group and dispute.onsite_due_at is not None
    assert Notification.objects.filter(user=world.supervisor, verb="dispute.group").exists()
    workers = services.do_add_party(world.officer_a, dispute, side="applicant", full_name="王建国",
                                    id_number="", phone="13800000001", headcount=23, representative="工人代表 王建国")
    services.do_add_party(world.officer_a, dispute, side="respondent", enterprise=world.enterprise_a)
    services.do_accept_dispute(world.officer_a, dispute)
    services.do_record_arrival(world.officer_a, dispute, note="到达 2 号门")
    services.do_record_facts(world.officer_a, dispute, facts="拖欠 2026 年 7–9 月工资，合计 18.6 万元。")
    first = services.do_plan_session(world.officer_a, dispute, planned_at=timezone.now(), place="一站式调解中心",
                                     mediators=[{"role": "officer", "user": world.officer_a},
                                                {"role": "peoples_mediator", "name": "李调解",
                                                 "organisation": "街道调委会"}])
    services.do_record_session(world.officer_a, first, attended=[workers], minutes="双方陈述，企业同意分期。",
                               result="continue")
    second = services.do_plan_session(world.officer_a, dispute, planned_at=timezone.now(), place="一站式调解中心",
                                      mediators=[{"role": "officer", "user": world.officer_a}])
    services.do_record_session(world.officer_a, second, attended=[workers], minutes="达成分期协议。", result="agreed")
    today = timezone.localdate()
    agreement = services.do_sign_agreement(
        world.officer_a, dispute, signed_on=today, terms="企业分三期支付拖欠工资。", total_amount="186000",
        level="park", instalments=[{"due_on": today, "amount": "62000"},
                                   {"due_on": today + timedelta(days=30), "amount": "62000"},
                                   {"due_on": today + timedelta(days=60), "amount": "62000"}])
    dispute.refresh_from_db()
    assert (dispute.status, dispute.outcome, dispute.level) == (Status.PERFORMING, Outcome.AGREEMENT, "park")
    first_due, second_due, third_due = agreement.instalments.all()
    services.do_record_payment(world.officer_a, first_due, amount="62000", paid_on=today, reference="BANK-001")

    with pytest.raises(ActionError):  # the same bank slip twice
        services.do_record_payment(world.officer_a, second_due, amount="1000", paid_on=today, reference="BANK-001")
    with pytest.raises(ActionError):  # more than is due
        services.do_record_payment(world.officer_a, second_due, amount="62000.01", paid_on=today, reference="B-2")
    with pytest.raises(ActionError):  # before the agreement
        services.do_record_payment(world.officer_a, second_due, amount="100", paid_on=today - timedelta(days=1),
                                   reference="B-3")

    # Thirty-one days on, instalment 2 is unpaid: flagged once, back to the mediator.
    # (The cast may hold agreements of its own: this dispute's timeline is what counts.)
    services.flag_defaults(today=second_due.due_on + timedelta(days=1))
    services.flag_defaults(today=second_due.due_on + timedelta(days=1))
    dispute.refresh_from_db()
    assert dispute.needs_mediator
    assert dispute.events.filter(kind=EventKind.DEFAULT).count() == 1
    services.do_record_payment(world.officer_a, second_due, amount="62000", paid_on=today, reference="BANK-002")
    services.do_record_payment(world.officer_a, third_due, amount="62000", paid_on=today, reference="BANK-003")
    dispute.refresh_from_db()
    agreement.refresh_from_db()
    assert agreement.status == "fulfilled" and dispute.status == Status.SETTLED and not dispute.needs_mediator
    services.do_follow_up(world.officer_a, dispute, note="工资已全部到账，工人满意。", satisfied=True)
    services.do_archive_dispute(world.officer_a, dispute)
    assert Dispute.objects.get(pk=dispute.pk).status == Status.ARCHIVED
