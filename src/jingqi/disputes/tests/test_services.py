"""The dispute lifecycle, the main spec: every transition of ``choices.TRANSITIONS``, every permission rule, every
bad input, the group flag and its rapid-response clock, agreements and payments, the sweeps, and the parties'
privacy. Every refusal proves that nothing was written."""

import json
from datetime import datetime, timedelta
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.models import AuditEvent, Notification
from jingqi.core.notify import SmsAdapter
from jingqi.core.pii import blind_index, normalize_id_number
from jingqi.core.testing import factories as f
from jingqi.disputes import services
from jingqi.disputes.choices import TRANSITIONS, AgreementStatus, EventKind, Outcome, Status
from jingqi.disputes.models import (
    Agreement,
    Dispute,
    DisputeDocument,
    DisputeEvent,
    DisputeParty,
    Instalment,
    MediationSession,
    Payment,
)
from jingqi.registry.models import Person

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
CASE = {"kind": "labour", "urgency": "routine", "title": "三名工人讨要工资", "description": "承包商拖欠两个月工资。",
        "amount": "20000", "people_involved": 3, "blocking": False, "location": "A工业园 2 号门"}
# Born in the 1960s: never one of the cast's contacts (factories draw theirs from 1980 on).
WORKER_ID = f.valid_id_number(7, born=1960)
WORKER_PHONE = "13912345678"
HANDLERS = ["supervisor", "officer_a", "auxiliary_a"]
OUTSIDERS = ["officer_b", "liaison_a", "liaison_b", "dept_transport", "volunteer_a", "viewer", "supervisor_t"]


def report(world, actor=None, *, park=None, source="walk_in", ticket=None, **changes) -> Dispute:
    return services.do_report_dispute(actor or world.officer_a, source=source, park=park or world.park_a,
                                      ticket=ticket, data={**CASE, **changes})


def fresh(dispute) -> Dispute:
    return Dispute.objects.get(pk=dispute.pk)


def with_parties(world, **changes) -> Dispute:
    """A reported dispute with both sides: a worker (a person, ID and phone) against enterprise A."""
    dispute = report(world, **changes)
    services.do_add_party(world.officer_a, dispute, side="applicant", full_name="王建国", id_number=WORKER_ID,
                          phone=WORKER_PHONE, headcount=3, representative="工人代表")
    services.do_add_party(world.officer_a, dispute, side="respondent", enterprise=world.enterprise_a)
    return fresh(dispute)


def footprint(dispute) -> tuple:
    """Everything an action could write for this dispute (and the audit log and people as a whole)."""
    dispute = fresh(dispute)
    agreement = Agreement.objects.filter(dispute=dispute).values_list("version", "status", "terms").first()
    return (dispute.status, dispute.version, dispute.needs_mediator, dispute.outcome, dispute.level,
            dispute.mediator_id, dispute.contacted_at, dispute.onsite_at, dispute.facts, dispute.status_note,
            dispute.events.count(), AuditEvent.objects.count(), dispute.parties.count(), Person.objects.count(),
            dispute.sessions.count(), MediationSession.objects.filter(dispute=dispute, held_at__isnull=False).count(),
            agreement, list(Instalment.objects.filter(agreement__dispute=dispute).values_list("due_on", "amount",
                                                                                             "paid_amount")),
            Payment.objects.count(), DisputeDocument.objects.count())


TODAY = timezone.localdate


def sign(world, dispute, actor=None, **changes):
    today = TODAY()
    args = {"signed_on": today, "terms": "企业分两期支付拖欠工资。", "total_amount": "20000", "level": "park",
            "instalments": [{"due_on": today + timedelta(days=10), "amount": "10000"},
                            {"due_on": today + timedelta(days=40), "amount": "10000"}], **changes}
    return services.do_sign_agreement(actor or world.officer_a, dispute, **args)


def plan(world, dispute, actor=None, mediators=None, **changes):
    args = {"planned_at": timezone.now(), "place": "一站式调解中心",
            "mediators": [{"role": "officer", "user": world.officer_a}] if mediators is None else mediators,
            **changes}
    return services.do_plan_session(actor or world.officer_a, dispute, **args)


def action(world, dispute, name, actor=None):
    """The service call for a transition, with good input; what it needs (a session to record) made first."""
    actor = actor or world.officer_a
    today = TODAY()
    if name == "record_session":
        session = dispute.sessions.filter(held_at__isnull=True).first() or MediationSession.objects.create(
            dispute=dispute, number=99, planned_at=timezone.now(), place="调解室")
        return lambda: services.do_record_session(actor, session, attended=list(dispute.parties.all()),
                                                  minutes="双方陈述意见。", result="continue")
    return {
        "accept": lambda: services.do_accept_dispute(actor, dispute),
        "refer": lambda: services.do_refer_dispute(actor, dispute, reason="属刑事案件，已移交刑侦。"),
        "contact": lambda: services.do_record_contact(actor, dispute, note="电话联系工人代表"),
        "arrive": lambda: services.do_record_arrival(actor, dispute, note="到达 2 号门"),
        "investigate": lambda: services.do_record_facts(actor, dispute, facts="拖欠 7–8 月工资。"),
        "add_party": lambda: services.do_add_party(actor, dispute, side="respondent", organisation="某劳务公司"),
        "plan_session": lambda: plan(world, dispute, actor),
        "sign_agreement": lambda: sign(world, dispute, actor),
        "settle": lambda: services.do_settle_dispute(actor, dispute, note="企业当场支付。", level="enterprise"),
        "fail": lambda: services.do_fail_dispute(actor, dispute, reason="双方分歧太大。"),
        "transfer": lambda: services.do_transfer_dispute(actor, dispute, body="labour_arbitration",
                                                         receiver="区劳动人事争议仲裁委员会", on=today),
        "withdraw": lambda: services.do_withdraw_dispute(actor, dispute, reason="申请人撤回。"),
        "follow_up": lambda: services.do_follow_up(actor, dispute, note="回访：工资已到账。", satisfied=True),
        "archive": lambda: services.do_archive_dispute(actor, dispute),
        "comment": lambda: services.do_comment(actor, dispute, text="已联系双方。"),
    }[name]


# How each state is reached through the services.
PATHS = {
    Status.REPORTED: [], Status.ACCEPTED: ["accept"], Status.INVESTIGATING: ["accept", "investigate"],
    Status.MEDIATING: ["accept", "plan_session"], Status.PERFORMING: ["accept", "plan_session", "sign_agreement"],
    Status.SETTLED: ["accept", "plan_session", "settle"], Status.FAILED: ["accept", "fail"],
    Status.TRANSFERRED: ["accept", "fail", "transfer"], Status.WITHDRAWN: ["withdraw"], Status.REFERRED: ["refer"],
    Status.FOLLOWED_UP: ["accept", "plan_session", "settle", "follow_up"], Status.ARCHIVED: ["refer", "archive"],
}


def at_state(world, status, **changes) -> Dispute:
    dispute = with_parties(world, **changes)
    for step in PATHS[status]:
        action(world, fresh(dispute), step)()
    dispute = fresh(dispute)
    assert dispute.status == status
    return dispute


def refused(call, *, field=None, code=None, exc=ActionError):
    with pytest.raises(exc) as caught:
        call()
    if field is not None:
        assert caught.value.field == field, (caught.value.field, caught.value.message)
    if code is not None:
        assert caught.value.code == code, caught.value.code
    if exc is ActionError:
        assert str(caught.value.message).strip()
    return caught.value


def test_paths_cover_every_state():
    assert set(PATHS) == set(Status.values)


# --- every transition --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [name for name in TRANSITIONS if name != "fulfil"])
def test_transition_is_allowed_from_each_of_its_source_states(world, name):
    sources, target = TRANSITIONS[name]
    for source in sorted(sources):
        dispute = at_state(world, source)
        events, audits = dispute.events.count(), AuditEvent.objects.count()
        action(world, dispute, name)()
        after = fresh(dispute)
        assert after.status == (target or source), source
        assert after.events.count() > events and AuditEvent.objects.count() > audits, source


@pytest.mark.parametrize("name", [name for name in TRANSITIONS if name != "fulfil"])
def test_transition_is_refused_from_every_other_state_and_changes_nothing(world, name):
    sources = TRANSITIONS[name][0]
    for status in Status.values:
        if status in sources:
            continue
        dispute = at_state(world, status)
        call = action(world, dispute, name)
        before = footprint(dispute)
        refused(call, code="illegal_transition")
        assert footprint(dispute) == before, status


def test_fulfil_is_the_last_payment_of_a_performed_agreement(world):
    dispute = at_state(world, Status.PERFORMING)
    first, second = dispute.agreement.instalments.all()
    services.do_record_payment(world.officer_a, first, amount="10000", paid_on=TODAY(), reference="B-1")
    assert fresh(dispute).status == Status.PERFORMING
    services.do_record_payment(world.officer_a, second, amount="10000", paid_on=TODAY(), reference="B-2")
    dispute = fresh(dispute)
    assert (dispute.status, dispute.outcome) == (Status.SETTLED, Outcome.AGREEMENT)
    assert dispute.agreement.status == AgreementStatus.FULFILLED and dispute.agreement.fulfilled_on == TODAY()
    assert dispute.events.filter(kind=EventKind.FULFILLED).count() == 1


@pytest.mark.parametrize("status", [Status.SETTLED, Status.FAILED])
def test_payments_are_refused_once_the_agreement_is_fulfilled_or_broken(world, status):
    dispute = at_state(world, Status.PERFORMING)
    first, second = dispute.agreement.instalments.all()
    if status == Status.SETTLED:
        services.do_record_payment(world.officer_a, first, amount="10000", paid_on=TODAY(), reference="B-1")
        services.do_record_payment(world.officer_a, second, amount="10000", paid_on=TODAY(), reference="B-2")
        second = Instalment.objects.create(agreement=dispute.agreement, number=3, due_on=TODAY(), amount=1)
    else:
        services.do_fail_dispute(world.officer_a, dispute, reason="企业拒不履行。")
    before = footprint(dispute)
    refused(lambda: services.do_record_payment(world.officer_a, second, amount="1", paid_on=TODAY(),
                                               reference="B-9"), code="illegal_transition")
    refused(lambda: services.do_update_agreement(world.officer_a, dispute.agreement, terms="改", expected_version=(
        Agreement.objects.get(pk=dispute.agreement.pk).version)), code="illegal_transition")
    assert footprint(dispute) == before


def test_a_dispute_can_only_be_corrected_while_open(world):
    dispute = at_state(world, Status.SETTLED)
    before = footprint(dispute)
    refused(lambda: services.do_update_dispute(world.officer_a, dispute, data=CASE, expected_version=dispute.version),
            code="illegal_transition")
    assert footprint(dispute) == before


def test_each_step_is_recorded_on_the_timeline_and_in_the_audit_log(world):
    dispute = at_state(world, Status.FOLLOWED_UP)
    kinds = list(dispute.events.values_list("kind", flat=True))
    assert kinds == [EventKind.REPORTED, EventKind.PARTY, EventKind.PARTY, EventKind.ACCEPTED,
                     EventKind.SESSION_PLANNED, EventKind.SETTLED, EventKind.FOLLOWED_UP]
    actions = set(AuditEvent.objects.filter(object_type="disputes.dispute", object_id=str(dispute.pk))
                  .values_list("action", flat=True))
    assert {"dispute.report", "dispute.add_party", "dispute.accept", "dispute.plan_session", "dispute.settle",
            "dispute.follow_up"} <= actions


def test_first_contact_and_arrival_are_kept_once_and_arrival_is_also_a_contact(world):
    dispute = with_parties(world)
    services.do_record_arrival(world.officer_a, dispute, note="到场")
    dispute = fresh(dispute)
    assert dispute.onsite_at and dispute.contacted_at == dispute.onsite_at
    before = footprint(dispute)
    refused(lambda: services.do_record_arrival(world.officer_a, dispute), code="duplicate")
    refused(lambda: services.do_record_contact(world.officer_a, dispute), code="duplicate")
    assert footprint(dispute) == before


def test_stale_version_is_refused_and_changes_nothing(world):
    dispute = with_parties(world)
    before = footprint(dispute)
    for call in (
        lambda: services.do_accept_dispute(world.officer_a, dispute, expected_version=dispute.version - 1),
        lambda: services.do_update_dispute(world.officer_a, dispute, data={**CASE, "title": "改"},
                                           expected_version=dispute.version + 1),
        lambda: services.do_withdraw_dispute(world.officer_a, dispute, reason="撤回", expected_version=99),
    ):
        refused(call, code="stale")
    assert footprint(dispute) == before


def test_version_counts_what_people_change_on_the_dispute(world):
    """The dispute's version (the edit guard of its page) moves with every action on the dispute, not with the
    agreement's own edits, payments or the sweeps: a mediator is not told 'someone else changed this' for those."""
    dispute = at_state(world, Status.PERFORMING)
    version = dispute.version
    agreement = dispute.agreement
    services.do_update_agreement(world.officer_a, agreement, terms="新条款", expected_version=agreement.version)
    first = agreement.instalments.first()
    services.do_record_payment(world.officer_a, first, amount="100", paid_on=TODAY(), reference="B-1")
    services.remind_instalments(today=first.due_on - timedelta(days=1))
    services.flag_defaults(today=first.due_on + timedelta(days=1))
    assert fresh(dispute).version == version and fresh(dispute).needs_mediator
    services.do_comment(world.officer_a, dispute, text="催促企业付款")
    assert fresh(dispute).version == version
    services.do_fail_dispute(world.officer_a, dispute, reason="企业拒不履行。")
    assert fresh(dispute).version == version + 1


# --- who may do what ---------------------------------------------------------------------------------------------

HANDLING = {  # the state each handling action starts from
    "accept": Status.REPORTED, "refer": Status.REPORTED, "contact": Status.REPORTED, "arrive": Status.ACCEPTED,
    "investigate": Status.ACCEPTED, "add_party": Status.ACCEPTED, "plan_session": Status.ACCEPTED,
    "record_session": Status.MEDIATING, "sign_agreement": Status.MEDIATING, "settle": Status.MEDIATING,
    "fail": Status.MEDIATING, "transfer": Status.FAILED, "withdraw": Status.ACCEPTED,
    "follow_up": Status.SETTLED, "archive": Status.REFERRED,
}


def seat_the_department_and_volunteer(world, dispute):
    """Department staff and a volunteer who sat as mediators: they see the dispute, and still may not act."""
    plan(world, dispute, mediators=[{"role": "officer", "user": world.officer_a},
                                    {"role": "department", "user": world.dept_transport},
                                    {"role": "volunteer", "user": world.volunteer_a}])


@pytest.mark.parametrize("name", list(HANDLING))
def test_only_the_parks_police_handle_and_a_denial_changes_nothing(world, name):
    for persona in OUTSIDERS:
        dispute = at_state(world, HANDLING[name])
        if dispute.status in (Status.ACCEPTED, Status.MEDIATING):
            seat_the_department_and_volunteer(world, dispute)
        call = action(world, fresh(dispute), name, actor=world.personas[persona])
        before = footprint(dispute)
        with pytest.raises((Http404, PermissionDenied)):
            call()
        assert footprint(dispute) == before, persona
    for persona in HANDLERS:
        dispute = at_state(world, HANDLING[name])
        action(world, dispute, name, actor=world.personas[persona])()
        assert fresh(dispute).events.filter(actor=world.personas[persona]).exists(), persona


def test_the_department_and_volunteer_mediators_see_the_dispute_they_sat_on(world):
    dispute = at_state(world, Status.ACCEPTED)
    other = at_state(world, Status.ACCEPTED)
    seat_the_department_and_volunteer(world, dispute)
    for persona in ("dept_transport", "volunteer_a"):
        assert services.access_dispute(world.personas[persona], dispute.pk) == dispute
        with pytest.raises(Http404):
            services.access_dispute(world.personas[persona], other.pk)


@pytest.mark.parametrize("name", ["update_dispute", "update_agreement", "record_payment", "attach_document"])
def test_edits_payments_and_documents_are_for_the_parks_police(world, name):
    def call(actor, dispute):
        if name == "update_dispute":
            return services.do_update_dispute(actor, dispute, data={**CASE, "title": "改"},
                                              expected_version=dispute.version)
        agreement = Agreement.objects.get(dispute=dispute)
        if name == "update_agreement":
            return services.do_update_agreement(actor, agreement, terms="改", expected_version=agreement.version)
        if name == "record_payment":
            return services.do_record_payment(actor, agreement.instalments.first(), amount="10", paid_on=TODAY(),
                                              reference=f"R-{actor.pk}")
        return services.do_attach_document(actor, dispute, upload=f.png_upload())

    for persona in OUTSIDERS:
        dispute = at_state(world, Status.PERFORMING)
        before = footprint(dispute)
        with pytest.raises((Http404, PermissionDenied)):
            call(world.personas[persona], dispute)
        assert footprint(dispute) == before, persona
    for persona in HANDLERS:
        dispute = at_state(world, Status.PERFORMING)
        call(world.personas[persona], dispute)
        assert AuditEvent.objects.filter(actor=world.personas[persona]).exists()


class TestReporting:
    def test_officer_reports_in_their_park_with_a_reference_clock_timeline_and_audit(self, world,
                                                                                   django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            dispute = report(world)
        assert dispute.status == Status.REPORTED and dispute.station == world.station
        assert dispute.reference.startswith("S-JF") and dispute.contact_due_at > dispute.reported_at
        assert not dispute.is_group and dispute.onsite_due_at is None
        assert [e.kind for e in dispute.events.all()] == [EventKind.REPORTED]
        assert AuditEvent.objects.filter(action="dispute.report", object_id=str(dispute.pk)).exists()
        assert Notification.objects.filter(user=world.officer_a, verb="dispute.reported").exists()
        assert Notification.objects.filter(user=world.auxiliary_a, verb="dispute.reported").exists()
        assert not Notification.objects.filter(user=world.officer_b, verb="dispute.reported").exists()
        assert not Notification.objects.filter(user=world.supervisor, verb="dispute.group").exists()

    @pytest.mark.parametrize("persona", ["supervisor", "officer_a", "auxiliary_a"])
    def test_police_report_in_the_parks_they_handle(self, world, persona):
        assert report(world, world.personas[persona]).park == world.park_a

    @pytest.mark.parametrize(("persona", "park"), [("officer_b", "park_a"), ("auxiliary_a", "park_b"),
                                                   ("supervisor", "park_t"), ("supervisor_t", "park_a")])
    def test_police_cannot_report_in_a_park_they_do_not_handle(self, world, persona, park):
        disputes = Dispute.objects.count()
        refused(lambda: report(world, world.personas[persona], park=world.objects[park]), field="park")
        assert Dispute.objects.count() == disputes

    def test_liaison_reports_through_the_portal_and_their_enterprise_becomes_a_party(self, world):
        dispute = services.do_report_dispute(world.liaison_a, source="portal", data=CASE, park=world.park_b,
                                             own_side="respondent")
        assert dispute.park == world.park_a  # their enterprise's park, whatever was sent
        (party,) = dispute.parties.all()
        assert (party.enterprise, party.side) == (world.enterprise_a, "respondent")
        assert services.access_dispute(world.liaison_a, dispute.pk) == dispute
        with pytest.raises(Http404):
            services.access_dispute(world.liaison_b, dispute.pk)

    def test_liaison_reports_only_through_the_portal(self, world):
        disputes = Dispute.objects.count()
        refused(lambda: services.do_report_dispute(world.liaison_a, source="phone", data=CASE), field="source")
        refused(lambda: services.do_report_dispute(world.officer_a, source="portal", data=CASE, park=world.park_a),
                field="source")
        assert Dispute.objects.count() == disputes

    @pytest.mark.parametrize("persona", ["dept_transport", "volunteer_a", "viewer"])
    def test_others_cannot_report(self, world, persona):
        disputes = Dispute.objects.count()
        with pytest.raises(PermissionDenied):
            services.do_report_dispute(world.personas[persona], source="patrol", data=CASE, park=world.park_a)
        assert Dispute.objects.count() == disputes

    def test_request_becomes_a_dispute_linked_both_ways_once(self, world):
        dispute = services.do_dispute_from_ticket(world.officer_a, world.ticket_a, data=CASE)
        assert dispute.ticket == world.ticket_a and dispute.source == "request"
        assert dispute.parties.get().enterprise == world.enterprise_a
        assert world.ticket_a.events.filter(message__contains=dispute.reference, internal=True).exists()
        disputes = Dispute.objects.count()
        refused(lambda: services.do_dispute_from_ticket(world.supervisor, world.ticket_a, data=CASE),
                code="duplicate")
        with pytest.raises(Http404):
            services.do_dispute_from_ticket(world.officer_b, world.ticket_a, data=CASE)
        assert Dispute.objects.count() == disputes

    def test_a_request_of_another_park_cannot_be_linked(self, world):
        disputes = Dispute.objects.count()
        refused(lambda: report(world, world.supervisor, park=world.park_b, ticket=world.ticket_a), field="park")
        with pytest.raises(Http404):
            report(world, world.officer_b, park=world.park_b, ticket=world.ticket_a)
        assert Dispute.objects.count() == disputes

    def test_an_enterprise_made_a_party_is_told_and_sees_the_dispute(self, world, django_capture_on_commit_callbacks):
        dispute = report(world, world.supervisor, park=world.park_b)
        with pytest.raises(Http404):
            services.access_dispute(world.liaison_b, dispute.pk)
        with django_capture_on_commit_callbacks(execute=True):
            services.do_add_party(world.supervisor, dispute, side="respondent", enterprise=world.enterprise_b)
        assert Notification.objects.filter(user=world.liaison_b, verb="dispute.party").exists()
        assert services.access_dispute(world.liaison_b, dispute.pk) == dispute

    @pytest.mark.parametrize(("value", "expected"), [("yes", True), ("false", False), ("", None), (None, None)])
    def test_the_follow_up_says_yes_no_or_not_said(self, world, value, expected):
        dispute = at_state(world, Status.SETTLED)
        assert services.do_follow_up(world.officer_a, dispute, note="回访", satisfied=value).follow_up_satisfied \
            is expected

    def test_a_closed_mediators_work_goes_to_the_parks_officers(self, world, django_capture_on_commit_callbacks):
        dispute = at_state(world, Status.PERFORMING)
        world.officer_a.is_active = False
        world.officer_a.save()
        with django_capture_on_commit_callbacks(execute=True):
            services.flag_defaults(today=TODAY() + timedelta(days=11))
        assert Notification.objects.filter(user=world.auxiliary_a, verb="dispute.default",
                                           title__contains=dispute.reference).exists()

    @pytest.mark.parametrize(("value", "expected"), [("on", True), ("true", True), (True, True), ("false", False),
                                                     ("0", False), ("", False), (False, False), (None, False)])
    def test_blocking_reads_yes_and_no(self, world, value, expected):
        assert report(world, people_involved=1, blocking=value).blocking is expected


class TestBadInput:
    BAD_REPORT = [
        ({"title": ""}, "title"), ({"title": "   "}, "title"), ({"title": "长" * 121}, "title"),
        ({"description": ""}, "description"), ({"description": "长" * 4001}, "description"),
        ({"kind": "gossip"}, "kind"), ({"kind": ""}, "kind"), ({"urgency": "now"}, "urgency"),
        ({"amount": "abc"}, "amount"), ({"amount": "-5"}, "amount"), ({"amount": "1e3"}, "amount"),
        ({"amount": "²"}, "amount"), ({"amount": "12.345"}, "amount"),
        ({"people_involved": "²"}, "people_involved"), ({"people_involved": "0"}, "people_involved"),
        ({"people_involved": 0}, "people_involved"), ({"people_involved": "-3"}, "people_involved"),
        ({"people_involved": "abc"}, "people_involved"), ({"people_involved": "100001"}, "people_involved"),
        ({"location": "长" * 201}, "location"), ({"latitude": "91"}, "latitude"), ({"latitude": "abc"}, "latitude"),
        ({"longitude": "1e2"}, "longitude"), ({"longitude": "nan"}, "longitude"), ({"latitude": True}, "latitude"),
    ]

    def test_bad_report_is_refused_on_its_field_and_creates_nothing(self, world):
        before = (Dispute.objects.count(), DisputeEvent.objects.count(), AuditEvent.objects.count(),
                  Notification.objects.count())
        for changes, field in self.BAD_REPORT:
            error = refused(lambda changes=changes: report(world, **changes), field=field)
            assert (Dispute.objects.count(), DisputeEvent.objects.count(), AuditEvent.objects.count(),
                    Notification.objects.count()) == before, (changes, error.message)
        refused(lambda: services.do_report_dispute(world.officer_a, source="walk_in", data=CASE), field="park")
        refused(lambda: services.do_report_dispute(world.liaison_a, source="portal", data=CASE, own_side="middle"),
                field="own_side")
        assert Dispute.objects.count() == before[0]

    def test_too_long_text_says_how_long_it_may_be(self, world):
        error = refused(lambda: report(world, description="长" * 4001), field="description", code="too_long")
        assert "4000" in error.message and "4001" in error.message

    def test_bad_update_is_refused_and_changes_nothing(self, world):
        dispute = with_parties(world)
        before = footprint(dispute)
        for changes, field in self.BAD_REPORT:
            refused(lambda changes=changes: services.do_update_dispute(
                world.officer_a, dispute, data={**CASE, **changes}, expected_version=dispute.version), field=field)
        assert footprint(dispute) == before

    def test_bad_party_is_refused_and_records_no_one(self, world):
        dispute = with_parties(world)
        before = footprint(dispute)
        for kwargs, field in [
            ({"side": "middle", "organisation": "某公司"}, "side"),
            ({"side": "applicant"}, "enterprise"),
            ({"side": "applicant", "enterprise": world.enterprise_b, "organisation": "某公司"}, "enterprise"),
            ({"side": "applicant", "full_name": "李四", "organisation": "某公司"}, "enterprise"),
            ({"side": "applicant", "full_name": "李四", "id_number": WORKER_ID[:-1] + (
                "0" if WORKER_ID[-1] != "0" else "1")}, "id_number"),  # a wrong check digit
            ({"side": "applicant", "full_name": "李四", "id_number": "123"}, "id_number"),
            ({"side": "applicant", "full_name": "李四", "phone": "12"}, "phone"),
            ({"side": "applicant", "full_name": "长" * 61}, "full_name"),
            ({"side": "applicant", "organisation": "某公司", "headcount": "0"}, "headcount"),
            ({"side": "applicant", "organisation": "某公司", "headcount": "²"}, "headcount"),
            ({"side": "applicant", "organisation": "长" * 201}, "organisation"),
            ({"side": "applicant", "organisation": "某公司", "representative": "长" * 201}, "representative"),
            ({"side": "applicant", "enterprise": world.enterprise_t}, "enterprise"),
            ({"side": "applicant", "enterprise": world.enterprise_a}, "enterprise"),  # already a party
            ({"side": "respondent", "full_name": "王建国", "id_number": WORKER_ID}, "full_name"),  # already a party
        ]:
            refused(lambda kwargs=kwargs: services.do_add_party(world.officer_a, dispute, **kwargs), field=field)
            assert footprint(dispute) == before, kwargs

    def test_bad_handling_input_is_refused_on_its_field(self, world):
        today = TODAY()
        reported = with_parties(world)
        failed = at_state(world, Status.FAILED)
        mediating = at_state(world, Status.MEDIATING)
        settled = at_state(world, Status.SETTLED)
        cases = [
            (reported, lambda: services.do_refer_dispute(world.officer_a, reported, reason=" "), "reason"),
            (reported, lambda: services.do_refer_dispute(world.officer_a, reported, reason="长" * 4001), "reason"),
            (reported, lambda: services.do_withdraw_dispute(world.officer_a, reported, reason=""), "reason"),
            (reported, lambda: services.do_record_contact(world.officer_a, reported, note="长" * 4001), "note"),
            (reported, lambda: services.do_accept_dispute(world.officer_a, reported, mediator=world.officer_b),
             "mediator"),
            (reported, lambda: services.do_accept_dispute(world.officer_a, reported, mediator=world.liaison_a),
             "mediator"),
            (reported, lambda: services.do_comment(world.officer_a, reported, text=" "), "text"),
            (reported, lambda: services.do_comment(world.liaison_a, reported, text="长" * 4001), "text"),
            (mediating, lambda: services.do_fail_dispute(world.officer_a, mediating, reason=""), "reason"),
            (mediating, lambda: services.do_settle_dispute(world.officer_a, mediating, note="", level="park"),
             "note"),
            (mediating, lambda: services.do_settle_dispute(world.officer_a, mediating, note="和解", level="moon"),
             "level"),
            (failed, lambda: services.do_transfer_dispute(world.officer_a, failed, body="moon", receiver="法院",
                                                          on=today), "body"),
            (failed, lambda: services.do_transfer_dispute(world.officer_a, failed, body="court", receiver=" ",
                                                          on=today), "receiver"),
            (failed, lambda: services.do_transfer_dispute(world.officer_a, failed, body="court", receiver="法院",
                                                          on=today + timedelta(days=1)), "on"),
            (failed, lambda: services.do_transfer_dispute(world.officer_a, failed, body="court", receiver="法院",
                                                          on=today - timedelta(days=1)), "on"),
            (failed, lambda: services.do_transfer_dispute(world.officer_a, failed, body="court", receiver="法院",
                                                          on="yesterday"), "on"),
            (failed, lambda: services.do_transfer_dispute(world.officer_a, failed, body="court", receiver="法院",
                                                          on="2026-02-30"), "on"),
            (settled, lambda: services.do_follow_up(world.officer_a, settled, note="", satisfied=True), "note"),
            (settled, lambda: services.do_follow_up(world.officer_a, settled, note="回访", satisfied="maybe"),
             "satisfied"),
        ]
        for dispute, call, field in cases:
            before = footprint(dispute)
            refused(call, field=field)
            assert footprint(dispute) == before, field
        accepted = at_state(world, Status.ACCEPTED)
        before = footprint(accepted)
        refused(lambda: services.do_record_facts(world.officer_a, accepted, facts=""), field="facts")
        assert footprint(accepted) == before

    def test_bad_session_is_refused_and_plans_nothing(self, world):
        dispute = at_state(world, Status.ACCEPTED)
        before = footprint(dispute)
        officer = {"role": "officer", "user": world.officer_a}
        for kwargs, field in [
            ({"place": ""}, "place"), ({"place": "长" * 201}, "place"),
            ({"planned_at": None}, "planned_at"), ({"planned_at": "soon"}, "planned_at"),
            ({"planned_at": timezone.now() + timedelta(days=400)}, "planned_at"),
            ({"planned_at": "9999-12-31T23:00"}, "planned_at"), ({"planned_at": "1900-01-01T09:00"}, "planned_at"),
            ({"mediators": []}, "mediators"), ({"mediators": [{"role": "boss", "name": "张"}]}, "mediators"),
            ({"mediators": [{"role": "lawyer", "name": " "}]}, "mediators"),
            ({"mediators": [{"role": "lawyer", "name": "长" * 61}]}, "mediators"),
            ({"mediators": [officer] * 13}, "mediators"), ({"mediators": [officer, officer]}, "mediators"),
            ({"mediators": ["officer_a"]}, "mediators"),
            ({"mediators": [{"role": "officer", "user": world.officer_b}]}, "mediators"),
            ({"mediators": [{"role": "officer", "user": world.supervisor_t}]}, "mediators"),
            ({"mediators": [{"role": "officer", "user": world.liaison_a}]}, "mediators"),
            ({"mediators": [{"role": "officer", "user": world.viewer}]}, "mediators"),
            ({"mediators": [{"role": "volunteer", "user": world.officer_a}]}, "mediators"),
            ({"mediators": [{"role": "department", "user": f.UserFactory(role="department",
                                                                         department=world.dept_t_unit)}]},
             "mediators"),
            ({"mediators": [{"role": "volunteer", "user": f.UserFactory(role="volunteer", is_active=False)}]},
             "mediators"),
        ]:
            refused(lambda kwargs=kwargs: plan(world, dispute, **kwargs), field=field)
            assert footprint(dispute) == before, kwargs

    def test_bad_session_record_is_refused_and_records_nothing(self, world):
        dispute = at_state(world, Status.MEDIATING)
        other = with_parties(world)
        session = dispute.sessions.get()
        parties = list(dispute.parties.all())
        before = footprint(dispute)
        for kwargs, field in [
            ({"minutes": ""}, "minutes"), ({"minutes": "长" * 4001}, "minutes"), ({"result": "maybe"}, "result"),
            ({"attended": list(other.parties.all())}, "attended"),
            ({"held_at": timezone.now() + timedelta(hours=2)}, "held_at"),
            ({"held_at": dispute.reported_at - timedelta(days=1)}, "held_at"), ({"held_at": "noon"}, "held_at"),
            ({"held_at": "0001-01-01T00:00"}, "held_at"),
        ]:
            args = {"attended": parties, "minutes": "纪要", "result": "continue", **kwargs}
            refused(lambda args=args: services.do_record_session(world.officer_a, session, **args), field=field)
            assert footprint(dispute) == before, kwargs
        services.do_record_session(world.officer_a, session, attended=parties, minutes="纪要", result="continue")
        before = footprint(dispute)
        refused(lambda: services.do_record_session(world.officer_a, session, attended=parties, minutes="再记",
                                                   result="agreed"), code="duplicate")
        assert footprint(dispute) == before

    def test_bad_agreement_is_refused_and_signs_nothing(self, world):
        today = TODAY()
        dispute = at_state(world, Status.MEDIATING)
        before = footprint(dispute)
        later = today + timedelta(days=30)
        for kwargs, field in [
            ({"signed_on": "2026-13-01"}, "signed_on"), ({"signed_on": "tomorrow"}, "signed_on"),
            ({"signed_on": today + timedelta(days=1)}, "signed_on"),
            ({"signed_on": today - timedelta(days=1)}, "signed_on"),
            ({"terms": ""}, "terms"), ({"terms": "长" * 4001}, "terms"),
            ({"total_amount": "abc"}, "total_amount"), ({"total_amount": "-5"}, "total_amount"),
            ({"total_amount": "1e3"}, "total_amount"), ({"total_amount": "²"}, "total_amount"),
            ({"level": "galaxy"}, "level"),
            ({"instalments": [{"due_on": later, "amount": "10000"}]}, "instalments"),  # adds up to 10000 of 20000
            ({"instalments": [{"due_on": later, "amount": "10000"}, {"due_on": today, "amount": "10000"}]},
             "instalments"),  # out of order
            ({"instalments": [{"due_on": today - timedelta(days=1), "amount": "10000"},
                              {"due_on": later, "amount": "10000"}]}, "instalments"),  # before signing
            ({"instalments": [{"due_on": later, "amount": "abc"}]}, "instalments"),
            ({"instalments": [{"due_on": later, "amount": "-5"}, {"due_on": later, "amount": "20005"}]},
             "instalments"),
            ({"instalments": [{"due_on": later, "amount": "0"}, {"due_on": later, "amount": "20000"}]},
             "instalments"),
            ({"instalments": [{"due_on": "2026-02-30", "amount": "20000"}]}, "instalments"),
            ({"instalments": [{"amount": "20000"}]}, "instalments"),
            ({"instalments": []}, "instalments"), ({"instalments": ["20000"]}, "instalments"),
            ({"instalments": [{"due_on": later, "amount": "1"}] * 61, "total_amount": "61"}, "instalments"),
        ]:
            refused(lambda kwargs=kwargs: sign(world, dispute, **kwargs), field=field)
            assert footprint(dispute) == before, kwargs

    def test_an_agreement_needs_both_sides(self, world):
        dispute = report(world)
        services.do_add_party(world.officer_a, dispute, side="applicant", organisation="劳务队")
        services.do_accept_dispute(world.officer_a, dispute)
        plan(world, dispute)
        before = footprint(dispute)
        refused(lambda: sign(world, dispute), field="parties")
        assert footprint(dispute) == before

    def test_bad_payment_is_refused_and_records_nothing(self, world):
        today = TODAY()
        dispute = at_state(world, Status.PERFORMING)
        first, second = dispute.agreement.instalments.all()
        services.do_record_payment(world.officer_a, first, amount="4000", paid_on=today, reference="BANK-001")
        before = footprint(dispute)
        for kwargs, field in [
            ({"amount": "abc"}, "amount"), ({"amount": "-5"}, "amount"), ({"amount": "1e3"}, "amount"),
            ({"amount": "²"}, "amount"), ({"amount": "0"}, "amount"), ({"amount": ""}, "amount"),
            ({"amount": "6000.01"}, "amount"),  # 6000 still due
            ({"paid_on": today - timedelta(days=1)}, "paid_on"),  # before the agreement
            ({"paid_on": today + timedelta(days=1)}, "paid_on"),  # in the future
            ({"paid_on": "2026/01/01"}, "paid_on"), ({"paid_on": ""}, "paid_on"),
            ({"reference": ""}, "reference"), ({"reference": "长" * 61}, "reference"),
            ({"reference": "BANK-001"}, "reference"),  # the same bank slip twice
        ]:
            args = {"amount": "1000", "paid_on": today, "reference": "BANK-002", **kwargs}
            refused(lambda args=args: services.do_record_payment(world.officer_a, first, **args), field=field)
            assert footprint(dispute) == before, kwargs
        error = refused(lambda: services.do_record_payment(world.officer_a, second, amount="1", paid_on=today,
                                                           reference="BANK-001"), field="reference", code="duplicate")
        assert "BANK-001" in error.message
        services.do_record_payment(world.officer_a, first, amount="6000", paid_on=today, reference="BANK-002")
        before = footprint(dispute)
        refused(lambda: services.do_record_payment(world.officer_a, first, amount="1", paid_on=today,
                                                   reference="BANK-003"), code="duplicate")
        assert footprint(dispute) == before


# --- group disputes and the rapid-response clock -----------------------------------------------------------------


def at(moment):
    """Services see ``moment`` as now (``timezone.now`` is read through the module, as the demo's replay does)."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


class TestGroupDisputes:
    def test_group_size_flags_it_and_tells_the_supervisor_at_once(self, world, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            dispute = report(world, people_involved=settings.DISPUTE_GROUP_SIZE)
        assert dispute.is_group and dispute.onsite_due_at is not None
        event = dispute.events.get(kind=EventKind.GROUP)
        assert event.internal and event.data["reasons"] == ["size"]
        assert Notification.objects.filter(user=world.supervisor, verb="dispute.group",
                                           title__contains=dispute.reference).exists()
        assert Notification.objects.filter(user=world.officer_a, verb="dispute.group").exists()
        assert not Notification.objects.filter(user=world.officer_b).filter(title__contains=dispute.reference).exists()
        assert not Notification.objects.filter(user=world.supervisor_t).filter(
            title__contains=dispute.reference).exists()

    def test_below_the_group_size_without_a_blockade_is_not_flagged(self, world, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            dispute = report(world, people_involved=settings.DISPUTE_GROUP_SIZE - 1)
        assert not dispute.is_group and dispute.onsite_due_at is None
        assert not dispute.events.filter(kind=EventKind.GROUP).exists()
        assert not Notification.objects.filter(user=world.supervisor, title__contains=dispute.reference).exists()

    def test_blockade_is_a_group_dispute_with_minutes_by_the_clock_even_on_a_holiday_night(self, world):
        night = datetime(2025, 10, 4, 23, 40, tzinfo=SHANGHAI)  # National Day holiday, Saturday night
        with at(night):
            dispute = report(world, people_involved=1, blocking=True)
        assert dispute.is_group and dispute.events.get(kind=EventKind.GROUP).data["reasons"] == ["blocking"]
        assert dispute.contact_due_at == night + timedelta(minutes=settings.DISPUTE_BLOCKADE_CONTACT_MINUTES)
        assert dispute.onsite_due_at == night + timedelta(minutes=settings.DISPUTE_BLOCKADE_ARRIVAL_MINUTES)

    @pytest.mark.parametrize(("urgency", "contact", "onsite"), [
        # 30 minutes are left on 30 September; 1–8 October 2025 is the National Day holiday; 9 October is worked.
        ("routine", datetime(2025, 10, 9, 17, 30), datetime(2025, 10, 9, 17, 30)),
        ("urgent", datetime(2025, 10, 9, 10, 0), datetime(2025, 10, 9, 12, 0)),
        ("emergency", datetime(2025, 10, 9, 9, 0), datetime(2025, 10, 9, 10, 0)),
    ])
    def test_other_group_disputes_run_on_working_hours_across_the_holiday(self, world, urgency, contact, onsite):
        assert settings.DISPUTE_CONTACT_HOURS == {"routine": 8, "urgent": 2, "emergency": 1}
        assert settings.DISPUTE_ARRIVAL_HOURS == {"routine": 8, "urgent": 4, "emergency": 2}
        with at(datetime(2025, 9, 30, 17, 0, tzinfo=SHANGHAI)):
            dispute = report(world, urgency=urgency, people_involved=settings.DISPUTE_GROUP_SIZE + 10)
        assert timezone.localtime(dispute.contact_due_at).replace(tzinfo=None) == contact
        assert timezone.localtime(dispute.onsite_due_at).replace(tzinfo=None) == onsite
        assert not dispute.deadline_estimated

    def test_a_weekend_is_skipped(self, world):
        friday = datetime(2025, 11, 14, 16, 30, tzinfo=SHANGHAI)
        with at(friday):
            dispute = report(world, urgency="urgent")  # two working hours: one on Friday, one on Monday
        assert timezone.localtime(dispute.contact_due_at).replace(tzinfo=None) == datetime(2025, 11, 17, 9, 30)

    def test_an_update_that_grows_it_flags_it_then_and_only_once(self, world, django_capture_on_commit_callbacks):
        dispute = report(world, people_involved=2)
        assert not dispute.is_group and dispute.onsite_due_at is None
        later = timezone.now() + timedelta(hours=1)
        with django_capture_on_commit_callbacks(execute=True), at(later):
            dispute = services.do_update_dispute(world.officer_a, dispute, expected_version=dispute.version, data={
                **CASE, "people_involved": settings.DISPUTE_GROUP_SIZE})
        assert dispute.is_group and dispute.onsite_due_at > later
        assert Notification.objects.filter(user=world.supervisor, verb="dispute.group").count() == 1
        services.do_update_dispute(world.officer_a, dispute, expected_version=dispute.version, data={
            **CASE, "people_involved": settings.DISPUTE_GROUP_SIZE + 20})
        assert fresh(dispute).events.filter(kind=EventKind.GROUP).count() == 1
        updates = AuditEvent.objects.filter(action="dispute.update", object_id=str(dispute.pk))
        assert [row.changes["is_group"] for row in updates if "is_group" in row.changes] == [[False, True]]

    def test_a_group_dispute_that_starts_blocking_is_flagged_again_with_a_blockade_clock(
            self, world, django_capture_on_commit_callbacks):
        dispute = report(world, people_involved=settings.DISPUTE_GROUP_SIZE)
        onsite = dispute.onsite_due_at
        now = timezone.now()
        with django_capture_on_commit_callbacks(execute=True), at(now):
            dispute = services.do_update_dispute(world.officer_a, dispute, expected_version=dispute.version, data={
                **CASE, "people_involved": settings.DISPUTE_GROUP_SIZE, "blocking": True})
        assert dispute.onsite_due_at == min(onsite, now + timedelta(minutes=settings.DISPUTE_BLOCKADE_ARRIVAL_MINUTES))
        assert dispute.events.filter(kind=EventKind.GROUP).count() == 2
        assert Notification.objects.filter(user=world.supervisor, verb="dispute.group",
                                           title__contains=dispute.reference).exists()

    def test_overdue_queries(self, world):
        Dispute.objects.update(contacted_at=timezone.now())  # the cast's own disputes, if any, are answered
        dispute = report(world, people_involved=settings.DISPUTE_GROUP_SIZE)
        later = dispute.onsite_due_at + timedelta(minutes=1)
        assert dispute.contact_overdue(later) and dispute.onsite_overdue(later)
        assert list(Dispute.objects.contact_overdue(later)) == [dispute]
        assert list(Dispute.objects.visible_to(world.officer_a).onsite_overdue(later)) == [dispute]
        assert list(Dispute.objects.visible_to(world.officer_b).onsite_overdue(later)) == []
        services.do_record_arrival(world.officer_a, dispute)
        assert list(Dispute.objects.onsite_overdue(later)) == [] == list(Dispute.objects.contact_overdue(later))


# --- sessions and mediators --------------------------------------------------------------------------------------


class TestSessions:
    def test_sessions_are_numbered_and_mediators_told(self, world, django_capture_on_commit_callbacks):
        dispute = at_state(world, Status.ACCEPTED)
        with django_capture_on_commit_callbacks(execute=True):
            first = plan(world, dispute, mediators=[{"role": "officer", "user": world.officer_a},
                                                    {"role": "auxiliary", "user": world.auxiliary_a},
                                                    {"role": "peoples_mediator", "name": "李调解",
                                                     "organisation": "街道人民调解委员会"}])
            second = plan(world, dispute, actor=world.supervisor,
                          mediators=[{"role": "officer", "user": world.supervisor},
                                     {"role": "department", "user": world.dept_transport}])
        assert (first.number, second.number) == (1, 2) and fresh(dispute).status == Status.MEDIATING
        assert [m.name for m in first.mediators.all()][2] == "李调解"
        assert Notification.objects.filter(user=world.auxiliary_a, verb="dispute.session").exists()
        assert Notification.objects.filter(user=world.dept_transport, verb="dispute.session").exists()
        assert not Notification.objects.filter(user=world.officer_a, verb="dispute.session").exists()  # planned it

    def test_mediators_are_read_in_one_query_however_many(self, world):
        dispute = at_state(world, Status.ACCEPTED)
        crew = [{"role": "officer", "user": world.officer_a}, {"role": "auxiliary", "user": world.auxiliary_a},
                {"role": "officer", "user": world.supervisor}, {"role": "department", "user": world.dept_transport},
                {"role": "volunteer", "user": world.volunteer_a}]
        counts = []
        for mediators in (crew[:2], crew):  # (the planner is not told of their own session: the auxiliary is)
            with CaptureQueriesContext(connection) as queries:
                plan(world, dispute, mediators=mediators)
            counts.append(len(queries))
        assert counts[0] == counts[1]

    def test_recording_a_session_keeps_attendance_minutes_and_result(self, world):
        dispute = at_state(world, Status.MEDIATING)
        session = dispute.sessions.get()
        workers = dispute.parties.get(side="applicant")
        services.do_record_session(world.auxiliary_a, session, attended=[workers], minutes="企业同意分期。",
                                   result="agreed", held_at=timezone.now())
        session.refresh_from_db()
        assert list(session.attended.all()) == [workers] and session.result == "agreed"
        assert session.recorded_by == world.auxiliary_a
        event = dispute.events.get(kind=EventKind.SESSION_HELD)
        assert event.internal  # the minutes stay with the mediators
        assert fresh(dispute).status == Status.MEDIATING


# --- agreements, payments, the sweeps ----------------------------------------------------------------------------


class SentSms(SmsAdapter):
    sent: list = []

    def send(self, phone_e164, text):
        SentSms.sent.append((phone_e164, text))


class TestAgreements:
    def test_signing_settles_by_agreement_and_tells_the_parties(self, world, django_capture_on_commit_callbacks):
        dispute = at_state(world, Status.MEDIATING)
        with django_capture_on_commit_callbacks(execute=True):
            agreement = sign(world, dispute)
        dispute = fresh(dispute)
        assert (dispute.status, dispute.outcome, dispute.level) == (Status.PERFORMING, Outcome.AGREEMENT, "park")
        assert [(i.number, i.amount) for i in agreement.instalments.all()] == [(1, 10000), (2, 10000)]
        assert AuditEvent.objects.filter(action="dispute.agreement", object_id=str(agreement.pk)).exists()
        assert Notification.objects.filter(user=world.liaison_a, verb="dispute.agreement").exists()
        assert not Notification.objects.filter(user=world.liaison_b, verb="dispute.agreement").exists()

    def test_an_agreement_with_nothing_to_pay_is_performed_when_signed(self, world):
        dispute = at_state(world, Status.MEDIATING)
        agreement = sign(world, dispute, total_amount="0", instalments=[], terms="企业书面道歉。")
        assert agreement.status == AgreementStatus.FULFILLED
        assert fresh(dispute).status == Status.SETTLED and fresh(dispute).outcome == Outcome.AGREEMENT

    def test_changing_only_the_terms_leaves_the_dispute_row_alone(self, world):
        dispute = at_state(world, Status.PERFORMING)
        agreement = dispute.agreement
        updated = services.do_update_agreement(world.officer_a, agreement, terms="企业分两期支付，另付利息。",
                                               expected_version=agreement.version)
        assert updated.version == agreement.version + 1 and updated.terms == "企业分两期支付，另付利息。"
        assert footprint(dispute)[:3] == (Status.PERFORMING, dispute.version, False)
        event = fresh(dispute).events.get(kind=EventKind.AGREEMENT_CHANGED)
        assert event.internal and event.data["changes"] == {"terms": True}
        audit_row = AuditEvent.objects.get(action="dispute.update_agreement")
        assert audit_row.changes["terms"] == [agreement.terms, "企业分两期支付，另付利息。"]
        # The same terms again: nothing to write.
        assert services.do_update_agreement(world.officer_a, updated, terms=updated.terms,
                                            expected_version=updated.version).version == updated.version

    def test_a_stale_agreement_edit_is_refused_and_changes_nothing(self, world):
        dispute = at_state(world, Status.PERFORMING)
        agreement = dispute.agreement
        before = footprint(dispute)
        refused(lambda: services.do_update_agreement(world.officer_a, agreement, terms="改",
                                                     expected_version=agreement.version - 1), code="stale")
        assert footprint(dispute) == before

    def test_rescheduling_after_a_default_returns_the_dispute_from_the_mediator(self, world):
        today = TODAY()
        dispute = at_state(world, Status.PERFORMING)
        agreement = dispute.agreement
        first, second = agreement.instalments.all()
        services.do_record_payment(world.officer_a, first, amount="4000", paid_on=today, reference="B-1")
        assert services.flag_defaults(today=first.due_on + timedelta(days=1)) == 1
        dispute = fresh(dispute)
        assert dispute.needs_mediator
        agreement.refresh_from_db()
        before = footprint(dispute)
        refused(lambda: services.do_update_agreement(
            world.officer_a, agreement, expected_version=agreement.version,
            instalments=[{"due_on": today + timedelta(days=50), "amount": "16000"}]), field="instalments")
        refused(lambda: services.do_update_agreement(
            world.officer_a, agreement, expected_version=agreement.version,
            instalments=[{"due_on": first.due_on - timedelta(days=1), "amount": "10000"}]), field="instalments")
        assert footprint(dispute) == before
        # The part-paid first instalment stays; the unpaid second one is replaced by two later ones. The first
        # is still overdue, so the dispute stays with the mediator until it is paid.
        services.do_update_agreement(world.officer_a, agreement, expected_version=agreement.version, instalments=[
            {"due_on": today + timedelta(days=50), "amount": "5000"},
            {"due_on": today + timedelta(days=80), "amount": "5000"}])
        assert [(i.number, i.amount) for i in agreement.instalments.all()] == [(1, 10000), (3, 5000), (4, 5000)]
        assert fresh(dispute).needs_mediator and fresh(dispute).version == dispute.version
        services.do_record_payment(world.officer_a, first, amount="6000", paid_on=today, reference="B-2")
        dispute = fresh(dispute)
        assert not dispute.needs_mediator and dispute.version == before[1] + 1
        row = AuditEvent.objects.get(action="dispute.payment", object_id=str(dispute.pk))
        assert row.changes["needs_mediator"] == [True, False]

    def test_rescheduling_the_defaulted_instalment_itself_ends_the_default(self, world):
        today = TODAY()
        dispute = at_state(world, Status.PERFORMING)
        agreement = dispute.agreement
        services.flag_defaults(today=today + timedelta(days=11))
        assert fresh(dispute).needs_mediator
        agreement.refresh_from_db()
        services.do_update_agreement(world.officer_a, agreement, expected_version=agreement.version, instalments=[
            {"due_on": today + timedelta(days=20), "amount": "20000"}])
        assert not fresh(dispute).needs_mediator
        assert [(i.number, i.due_on) for i in agreement.instalments.all()] == [(3, today + timedelta(days=20))]

    def test_payments_add_up_and_the_instalment_is_paid_on_its_latest_payment(self, world,
                                                                              django_capture_on_commit_callbacks):
        dispute = at_state(world, Status.PERFORMING)
        agreement = dispute.agreement
        first = agreement.instalments.first()
        today = TODAY()
        with django_capture_on_commit_callbacks(execute=True):
            services.do_record_payment(world.officer_a, first, amount="6000", paid_on=today, reference="B-1")
        Agreement.objects.filter(pk=agreement.pk).update(signed_on=today - timedelta(days=5))
        services.do_record_payment(world.auxiliary_a, first, amount="4000", paid_on=today - timedelta(days=2),
                                   reference="B-2")
        first.refresh_from_db()
        assert first.paid_amount == Decimal("10000") and first.paid_on == today
        assert Notification.objects.filter(user=world.liaison_a, verb="dispute.payment").exists()
        assert Agreement.objects.get(pk=agreement.pk).version == agreement.version + 2
        payment = Payment.objects.get(reference="B-2")
        assert payment.recorded_by == world.auxiliary_a and payment.agreement == agreement

    def test_a_payment_proof_is_kept_as_an_internal_document(self, world):
        dispute = at_state(world, Status.PERFORMING)
        payment = services.do_record_payment(world.officer_a, dispute.agreement.instalments.first(), amount="100",
                                             paid_on=TODAY(), reference="B-1", proof=f.png_upload("回单.png"))
        assert payment.proof.internal and payment.proof.original_name == "回单.png"
        assert not DisputeDocument.objects.visible_to(world.liaison_a).filter(pk=payment.proof.pk).exists()

    def test_failing_a_performed_agreement_breaks_it_honestly(self, world):
        dispute = at_state(world, Status.PERFORMING)
        agreement = dispute.agreement
        services.do_fail_dispute(world.officer_a, dispute, reason="企业拒不履行第二期。")
        dispute, agreement_after = fresh(dispute), Agreement.objects.get(pk=agreement.pk)
        assert (dispute.status, dispute.outcome, dispute.level) == (Status.FAILED, Outcome.FAILED, "")
        assert agreement_after.status == AgreementStatus.BROKEN and agreement_after.version == agreement.version + 1
        assert AuditEvent.objects.filter(action="dispute.agreement_broken", object_id=str(agreement.pk)).exists()
        services.remind_instalments(today=TODAY() + timedelta(days=38))
        services.flag_defaults(today=TODAY() + timedelta(days=60))
        assert not Instalment.objects.filter(agreement=agreement).exclude(reminded_at=None, defaulted_at=None).exists()
        assert not fresh(dispute).needs_mediator
        services.do_transfer_dispute(world.officer_a, dispute, body="court", receiver="区人民法院", on=TODAY())
        assert fresh(dispute).outcome == Outcome.TRANSFERRED and fresh(dispute).level == "beyond"


class TestSweeps:
    def test_reminders_go_once_to_both_sides_and_the_mediator(self, world, settings,
                                                              django_capture_on_commit_callbacks):
        settings.JINGQI_SMS_ADAPTER = f"{__name__}.SentSms"
        SentSms.sent = []
        dispute = at_state(world, Status.PERFORMING)
        first = dispute.agreement.instalments.first()
        day = first.due_on - timedelta(days=settings.DISPUTE_REMINDER_DAYS)
        assert services.remind_instalments(today=day - timedelta(days=1)) == 0
        with django_capture_on_commit_callbacks(execute=True):
            assert services.remind_instalments(today=day) == 1
            assert services.remind_instalments(today=day) == 0
        assert Notification.objects.filter(user=world.liaison_a, verb="dispute.instalment_due").count() == 1
        assert Notification.objects.filter(user=world.officer_a, verb="dispute.instalment_due").count() == 1
        assert [phone for phone, _text in SentSms.sent] == ["+86" + WORKER_PHONE]
        assert fresh(dispute).events.filter(kind=EventKind.REMINDER, internal=True).count() == 1
        assert AuditEvent.objects.filter(action="dispute.reminder", object_id=str(dispute.pk)).count() == 1

    def test_a_default_is_flagged_once_back_to_the_mediator_and_the_supervisor_hears(
            self, world, django_capture_on_commit_callbacks):
        dispute = at_state(world, Status.PERFORMING)
        first = dispute.agreement.instalments.first()
        assert services.flag_defaults(today=first.due_on) == 0  # due today is not late yet
        with django_capture_on_commit_callbacks(execute=True):
            assert services.flag_defaults(today=first.due_on + timedelta(days=1)) == 1
            assert services.flag_defaults(today=first.due_on + timedelta(days=2)) == 0
        dispute = fresh(dispute)
        assert dispute.needs_mediator and dispute.events.filter(kind=EventKind.DEFAULT).count() == 1
        assert not dispute.events.get(kind=EventKind.DEFAULT).internal  # the parties see the default too
        assert Notification.objects.filter(user=world.officer_a, verb="dispute.default").count() == 1
        assert Notification.objects.filter(user=world.supervisor, verb="dispute.default").count() == 1
        assert not Notification.objects.filter(user=world.supervisor_t, verb="dispute.default").exists()
        assert AuditEvent.objects.filter(action="dispute.default", object_id=str(dispute.pk)).count() == 1

    def test_a_paid_instalment_is_never_flagged(self, world):
        dispute = at_state(world, Status.PERFORMING)
        first = dispute.agreement.instalments.first()
        services.do_record_payment(world.officer_a, first, amount="10000", paid_on=TODAY(), reference="B-1")
        assert services.flag_defaults(today=first.due_on + timedelta(days=1)) == 0


# --- comments ----------------------------------------------------------------------------------------------------


class TestComments:
    def test_a_partys_liaison_comments_and_the_handlers_hear(self, world, django_capture_on_commit_callbacks):
        dispute = at_state(world, Status.ACCEPTED)
        with django_capture_on_commit_callbacks(execute=True):
            event = services.do_comment(world.liaison_a, dispute, text="企业愿意协商。")
        assert event.kind == EventKind.COMMENT and not event.internal
        assert Notification.objects.filter(user=world.officer_a, verb="dispute.comment").exists()
        assert not Notification.objects.filter(user=world.liaison_a, verb="dispute.comment").exists()

    def test_internal_notes_are_for_the_police_and_hidden_from_the_parties(self, world):
        dispute = at_state(world, Status.ACCEPTED)
        before = footprint(dispute)
        refused(lambda: services.do_comment(world.liaison_a, dispute, text="x", internal=True), exc=PermissionDenied)
        assert footprint(dispute) == before
        services.do_comment(world.officer_a, dispute, text="企业负责人态度强硬", internal=True)
        services.do_comment(world.officer_a, dispute, text="已联系双方", internal=False)
        seen = list(DisputeEvent.objects.visible_to(world.liaison_a).filter(dispute=dispute)
                    .values_list("message", flat=True))
        assert "已联系双方" in seen and "企业负责人态度强硬" not in seen

    def test_who_may_comment(self, world):
        dispute = at_state(world, Status.ACCEPTED)
        seat_the_department_and_volunteer(world, dispute)
        for persona in HANDLERS + ["liaison_a"]:
            services.do_comment(world.personas[persona], dispute, text=f"{persona} 的意见")
        for persona, denial in [("dept_transport", PermissionDenied), ("volunteer_a", PermissionDenied),
                                ("liaison_b", Http404), ("officer_b", Http404), ("viewer", Http404),
                                ("supervisor_t", Http404)]:
            before = footprint(dispute)
            with pytest.raises(denial):
                services.do_comment(world.personas[persona], dispute, text="x")
            assert footprint(dispute) == before, persona

    @pytest.mark.parametrize("status", [Status.SETTLED, Status.FAILED, Status.WITHDRAWN, Status.FOLLOWED_UP])
    def test_the_parties_stop_commenting_when_mediation_ends_the_police_until_the_archive(self, world, status):
        dispute = at_state(world, status)
        before = footprint(dispute)
        refused(lambda: services.do_comment(world.liaison_a, dispute, text="还有问题"), code="illegal_transition")
        assert footprint(dispute) == before
        services.do_comment(world.officer_a, dispute, text="回访记录补充")


# --- the parties' personal data ----------------------------------------------------------------------------------


class TestPrivacy:
    def test_a_persons_id_number_and_phone_are_encrypted_at_rest(self, world):
        dispute = with_parties(world)
        person = dispute.parties.get(side="applicant").person
        assert person.id_number == WORKER_ID and person.phone == "+86" + WORKER_PHONE
        with connection.cursor() as cursor:
            cursor.execute("SELECT id_number, phone FROM registry_person WHERE id = %s", [person.pk])
            raw_id, raw_phone = cursor.fetchone()
        for raw in (raw_id, raw_phone):
            assert raw.startswith("v1:") and WORKER_ID not in raw and WORKER_PHONE not in raw
        assert person.id_number_masked != WORKER_ID and person.phone_masked != person.phone

    def test_no_plaintext_in_the_timeline_or_the_audit_log(self, world):
        with_parties(world)
        for changes in AuditEvent.objects.values_list("changes", flat=True):
            text = json.dumps(changes, ensure_ascii=False)
            assert WORKER_ID not in text and WORKER_PHONE not in text
        for data, message in DisputeEvent.objects.values_list("data", "message"):
            assert WORKER_ID not in json.dumps(data) + message and WORKER_PHONE not in json.dumps(data) + message

    def test_the_blind_index_finds_the_person_in_every_dispute_and_keeps_one_record(self, world):
        first, second = with_parties(world), with_parties(world, title="同一工人再次投诉")
        assert Person.objects.filter(id_number_index=blind_index("id", normalize_id_number(WORKER_ID))).count() == 1
        found = services.find_parties(world.officer_a, id_number=WORKER_ID.lower())
        assert {party.dispute for party in found} == {first, second}
        assert {p.dispute for p in services.find_parties(world.supervisor, phone=WORKER_PHONE)} == {first, second}
        assert services.find_parties(world.officer_b, id_number=WORKER_ID) == []
        assert AuditEvent.objects.get(action="dispute.find_parties", actor=world.officer_b).changes == {
            "by": "id_number", "found": 0}
        with pytest.raises(PermissionDenied):
            services.find_parties(world.liaison_a, id_number=WORKER_ID)
        refused(lambda: services.find_parties(world.officer_a, id_number="123"), field="id_number")
        refused(lambda: services.find_parties(world.officer_a), field="id_number")

    def test_a_partys_liaison_sees_the_dispute_and_another_enterprises_liaison_gets_404(self, world):
        dispute = with_parties(world)
        assert services.access_dispute(world.liaison_a, dispute.pk) == dispute
        assert list(DisputeParty.objects.visible_to(world.liaison_a).filter(dispute=dispute)) == list(
            dispute.parties.all())
        for persona in ("liaison_b", "viewer", "supervisor_t", "officer_b"):
            with pytest.raises(Http404):
                services.access_dispute(world.personas[persona], dispute.pk)
            with pytest.raises(Http404):
                services.do_comment(world.personas[persona], dispute, text="x")
            assert not DisputeParty.objects.visible_to(world.personas[persona]).filter(dispute=dispute).exists()

    def test_the_liaison_sees_the_timeline_without_internal_events(self, world):
        dispute = at_state(world, Status.INVESTIGATING)  # the facts found are internal
        kinds = set(DisputeEvent.objects.visible_to(world.liaison_a).filter(dispute=dispute)
                    .values_list("kind", flat=True))
        assert EventKind.INVESTIGATED not in kinds and EventKind.ACCEPTED in kinds
