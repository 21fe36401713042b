"""The disputes demo: Majiahe's quarter and Shengzhou's year, replayed through the services.

The demo is loaded once for the module (the registry at a small scale, the disputes at full scale, as
``jingqi demo`` loads them) and rolled back at the end; each test reads it inside its own savepoint.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.db.models import F
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from jingqi.accounts.models import User
from jingqi.core.models import AuditEvent, Notification
from jingqi.core.testing.personas import as_migrated
from jingqi.disputes import demo
from jingqi.disputes.choices import (
    OPEN_STATUSES,
    AgreementStatus,
    EventKind,
    Kind,
    Level,
    MediatorRole,
    Outcome,
    Source,
    Status,
)
from jingqi.disputes.models import Agreement, Dispute, DisputeEvent, Instalment, SessionMediator
from jingqi.registry import demo as registry_demo

pytestmark = pytest.mark.django_db

SMALL = 0.1


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo with the disputes at full scale (Majiahe's "30+" quarter) over a small registry; yields the
    moment the disputes' replay took as "now" (its history lies before it; the registry's part of the load can
    take long enough for a dispute's escalation to fall due after the load began)."""
    real_load, real_build = demo.load, demo.build_disputes
    replay_now = []

    def full_scale(loader, *, seed, scale):
        return real_load(loader, seed=seed, scale=1.0)

    def build_noting_now(context, *, seed, scale, now):
        replay_now.append(now)
        return real_build(context, seed=seed, scale=scale, now=now)

    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch, override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        patch.setattr(demo, "load", full_scale)
        patch.setattr(demo, "build_disputes", build_noting_now)
        with transaction.atomic():
            as_migrated()  # the demo loads only where there are no stations: not beside the shared cast
            # The notices are written when the demo commits: run those callbacks inside the rolled-back block.
            with TestCase.captureOnCommitCallbacks(execute=True):
                registry_demo.load_demo(scale=SMALL)
            assert len(replay_now) == 1
            yield replay_now[0]
            transaction.set_rollback(True)


def majiahe():
    return Dispute.objects.filter(station__code=demo.MAJIAHE)


def test_majiahe_handles_thirty_and_more_disputes_in_a_quarter_across_types_levels_and_outcomes(loaded):
    quarter = majiahe().filter(reported_at__gte=loaded - timedelta(days=92))
    assert quarter.count() >= 30
    kinds = list(quarter.values_list("kind", flat=True))
    assert {Kind.LABOUR, Kind.CONSTRUCTION, Kind.CONTRACT, Kind.NEIGHBOUR, Kind.TRAFFIC, Kind.CONSUMER} <= set(kinds)
    assert max(set(kinds), key=kinds.count) == Kind.LABOUR  # labour and wages most
    assert len(set(quarter.values_list("source", flat=True))) >= 4
    assert len(set(quarter.values_list("urgency", flat=True))) == 3
    assert set(quarter.exclude(level="").values_list("level", flat=True)) == set(Level.values)
    outcomes = list(quarter.exclude(outcome="").values_list("outcome", flat=True))
    assert set(outcomes) == set(Outcome.values)
    assert outcomes.count(Outcome.AGREEMENT) > len(outcomes) / 2
    assert DisputeEvent.objects.filter(dispute__in=quarter, kind=EventKind.REFERRED).exists()  # not accepted
    assert quarter.filter(status=Status.ARCHIVED).count() >= 10
    assert quarter.filter(status__in=[Status.REPORTED, Status.ACCEPTED, Status.INVESTIGATING, Status.MEDIATING,
                                      Status.PERFORMING]).count() >= 4
    transfers = set(quarter.filter(outcome=Outcome.TRANSFERRED).values_list("transfer_body", flat=True))
    assert transfers & {"labour_arbitration", "court"}
    roles = set(SessionMediator.objects.filter(session__dispute__in=quarter).values_list("role", flat=True))
    assert roles == set(MediatorRole.values)
    # Workers as people with their headcount, contractors as organisations, enterprises from the registry.
    parties = [p for d in quarter.prefetch_related("parties") for p in d.parties.all()]
    assert any(p.person_id and p.headcount > 1 for p in parties)
    assert any(p.organisation for p in parties)
    assert any(p.enterprise_id for p in parties)


def test_shengzhou_has_a_smaller_year_mostly_settled_in_the_enterprise_or_park(loaded):
    # the last year (the published year before it is analytics' test_published's)
    year = Dispute.objects.filter(station__code=demo.SHENGZHOU,
                                  reported_at__gte=loaded - timedelta(days=demo.YEAR_DAYS))
    assert 40 <= year.count() <= 60
    assert year.filter(reported_at__lt=loaded - timedelta(days=200)).exists()
    settled = year.filter(outcome__in=[Outcome.AGREEMENT, Outcome.NO_AGREEMENT])
    assert settled.filter(level__in=[Level.ENTERPRISE, Level.PARK]).count() > 0.8 * settled.count()
    assert len(set(year.values_list("kind", flat=True))) >= 5


def test_the_gate_blockade_is_reached_in_minutes_and_settled_on_site_in_about_two_hours(loaded):
    blockade = majiahe().get(blocking=True)
    assert blockade.source == Source.PHONE and blockade.kind == Kind.CONSTRUCTION
    assert blockade.is_group and blockade.people_involved >= 35
    assert blockade.contacted_at - blockade.reported_at <= timedelta(minutes=10)
    assert blockade.onsite_at <= blockade.onsite_due_at
    assert blockade.onsite_at - blockade.reported_at <= timedelta(minutes=30)
    assert blockade.outcome == Outcome.AGREEMENT and blockade.level == Level.PARK
    assert timedelta(hours=1, minutes=45) <= blockade.ended_at - blockade.reported_at <= timedelta(hours=2, minutes=20)
    seats = SessionMediator.objects.filter(session__dispute=blockade)
    assert seats.filter(role=MediatorRole.PEOPLES_MEDIATOR, organisation__contains="综治中心").exists()
    assert seats.filter(role=MediatorRole.DEPARTMENT, user__isnull=False).exists()
    assert blockade.events.filter(kind=EventKind.GROUP).exists()
    contractor = blockade.parties.get(side="applicant")
    assert contractor.organisation and contractor.headcount == 40
    assert blockade.agreement.status == AgreementStatus.FULFILLED
    assert blockade.status == Status.ARCHIVED


def test_the_wage_arrears_are_paid_in_three_instalments_one_late_and_flagged(loaded):
    dispute = majiahe().get(kind=Kind.LABOUR, title__contains="三个月拖欠工资")
    agreement = dispute.agreement
    instalments = list(agreement.instalments.order_by("number"))
    assert len(instalments) == 3
    late = [i for i in instalments if i.paid_late]
    assert len(late) == 1 and late[0].number == 2
    assert late[0].defaulted_at is not None
    assert all(i.defaulted_at is None for i in instalments if i is not late[0])
    defaults = dispute.events.filter(kind=EventKind.DEFAULT)
    assert defaults.count() == 1 and defaults.get().data["instalment"] == 2
    late_payment = dispute.events.get(kind=EventKind.PAYMENT, data__instalment=2)
    assert defaults.get().at < late_payment.at and late_payment.data["late"] is True
    assert dispute.events.filter(kind=EventKind.REMINDER).count() == 3
    assert agreement.status == AgreementStatus.FULFILLED and not dispute.needs_mediator
    assert sum(i.amount for i in instalments) == agreement.total_amount == dispute.amount
    assert dispute.sessions.count() == 2
    assert dispute.follow_up_satisfied is True and dispute.followed_up_at is not None
    party = dispute.parties.get(side="applicant")
    assert party.person_id and party.headcount == 18


def test_every_timeline_starts_with_the_report_and_no_outcome_lacks_its_events(loaded):
    expected = {
        Outcome.AGREEMENT: {EventKind.AGREEMENT}, Outcome.NO_AGREEMENT: {EventKind.SETTLED},
        Outcome.TRANSFERRED: {EventKind.FAILED, EventKind.TRANSFERRED}, Outcome.FAILED: {EventKind.FAILED},
        Outcome.WITHDRAWN: {EventKind.WITHDRAWN},
    }
    kinds_by_dispute: dict[int, list] = {}
    for dispute_id, kind, at in DisputeEvent.objects.order_by("at", "pk").values_list("dispute_id", "kind", "at"):
        kinds_by_dispute.setdefault(dispute_id, []).append((kind, at))
    disputes = list(Dispute.objects.all())
    assert disputes
    for dispute in disputes:
        timeline = kinds_by_dispute[dispute.pk]
        assert timeline[0] == (EventKind.REPORTED, dispute.reported_at), dispute.reference
        kinds = {kind for kind, _at in timeline}
        if dispute.outcome:
            assert expected[dispute.outcome] <= kinds, dispute.reference
        else:
            assert not kinds & {EventKind.AGREEMENT, EventKind.SETTLED, EventKind.FAILED, EventKind.WITHDRAWN}
        if dispute.status == Status.REFERRED or (dispute.status == Status.ARCHIVED and not dispute.outcome):
            assert EventKind.REFERRED in kinds
        if dispute.status == Status.FOLLOWED_UP or dispute.followed_up_at:
            assert EventKind.FOLLOWED_UP in kinds
        if dispute.status == Status.ARCHIVED:
            assert EventKind.ARCHIVED in kinds
    for agreement in Agreement.objects.filter(status=AgreementStatus.FULFILLED):
        assert agreement.dispute.events.filter(kind=EventKind.FULFILLED).exists()


def test_history_is_replayed_through_the_services_in_the_past(loaded):
    disputes = Dispute.objects.all()
    assert AuditEvent.objects.filter(action="dispute.report").count() == disputes.count()
    assert AuditEvent.objects.filter(action="dispute.record_payment").count() == \
        DisputeEvent.objects.filter(kind=EventKind.PAYMENT).count()
    for dispute in disputes:
        assert dispute.created_at == dispute.reported_at < loaded
    assert not DisputeEvent.objects.filter(at__gte=loaded).exclude(kind=EventKind.ESCALATED).exists()
    # The escalation sweeps ran at their task's five-minute ticks (also those the patrols' part of the demo ran
    # after the disputes' replay): never at the moment the demo happened to be loaded.
    escalated = DisputeEvent.objects.filter(kind=EventKind.ESCALATED).values_list("at", flat=True)
    assert escalated
    assert all(at.minute % 5 == at.second == at.microsecond == 0 for at in escalated)
    # The sweeps found their work in the records: reminders before due dates, defaults after them.
    assert DisputeEvent.objects.filter(kind=EventKind.REMINDER).count() > 10
    for instalment in Instalment.objects.exclude(defaulted_at=None):
        assert instalment.paid_on is None or instalment.paid_on > instalment.due_on
        assert timezone.localdate(instalment.defaulted_at) > instalment.due_on


def test_the_demo_accounts_find_disputes_to_work_on(loaded):
    def seen(username):
        return Dispute.objects.visible_to(User.objects.get(username=username))

    for username in ("mjh_supervisor", "mjh_officer_a", "mjh_officer_b", "mjh_officer_c", "mjh_auxiliary_a",
                     "sz_supervisor", "sz_officer", "volunteer_a", "mjh_dept_labour", "sz_dept_labour"):
        assert seen(username).exists(), username
    for username in ("mjh_liaison_a", "mjh_liaison_b", "sz_liaison_a", "sz_liaison_b"):
        liaison = User.objects.get(username=username)
        assert seen(username).exists(), username
        assert all(d.parties.filter(enterprise=liaison.enterprise_id).exists() for d in seen(username))
    # A liaison follows an agreement of their enterprise being performed, instalment by instalment.
    liaison = User.objects.get(username="mjh_liaison_a")
    performing = seen("mjh_liaison_a").filter(status=Status.PERFORMING, source=Source.PORTAL).get()
    instalments = list(performing.agreement.instalments.all())
    assert any(i.paid_on for i in instalments) and any(i.paid_on is None for i in instalments)
    assert performing.reported_by == liaison
    assert seen("mjh_liaison_b").filter(status=Status.REPORTED, source=Source.PORTAL).exists()
    assert not seen("city_viewer").exists()


def test_summary_counts_the_records(loaded):
    lines = demo.summary()
    assert len(lines) == 2
    for line in lines:
        station = next(s for s in ("马家河", "剡溪") if s in line)
        disputes = Dispute.objects.filter(station__name__contains=station)
        agreement = disputes.filter(outcome=Outcome.AGREEMENT).count()
        concluded = disputes.filter(outcome__in=[Outcome.AGREEMENT, Outcome.NO_AGREEMENT, Outcome.FAILED,
                                                 Outcome.TRANSFERRED]).count()
        assert f"{disputes.count()}" in line and f"{agreement}" in line and f"{concluded}" in line
        assert f"{agreement / concluded:.1%}" in line


def test_a_request_that_turned_into_a_dispute_is_linked_both_ways(loaded):
    dispute = majiahe().get(ticket__isnull=False)
    assert dispute.source == Source.REQUEST
    assert dispute.parties.filter(enterprise=dispute.ticket.enterprise_id, side="applicant").exists()
    assert dispute.ticket.events.filter(message__contains=dispute.reference).exists()
    assert dispute.reported_at > dispute.ticket.submitted_at


def test_demo_inboxes_keep_as_new_only_the_news_of_disputes_still_in_mediation(loaded):
    notices = Notification.objects.filter(url__startswith=reverse("disputes:dispute_list"))
    assert notices.filter(verb="dispute.group").exists() and notices.filter(verb="dispute.default").exists()
    assert not notices.filter(read_at__lt=F("created_at")).exists()  # never read before it arrived
    disputes = {reverse("disputes:dispute_detail", args=[d.pk]): d for d in Dispute.objects.all()}
    for notice in notices.filter(read_at__isnull=True):
        assert disputes[notice.url].status in OPEN_STATUSES, notice.title
    for officer in User.objects.filter(role="officer", notifications__url__in=list(disputes)).distinct():
        own = notices.filter(user=officer)
        assert own.filter(read_at__isnull=True).count() < own.count() / 2, officer.username


def test_escalations_arise_only_where_a_response_target_was_missed(loaded):
    # Empty while the services have no escalation sweep; then every escalation points at a missed target.
    for event in DisputeEvent.objects.filter(kind=EventKind.ESCALATED).select_related("dispute"):
        dispute, target = event.dispute, event.data["target"]
        due, met = ((dispute.contact_due_at, dispute.contacted_at) if target == "contact" else
                    (dispute.onsite_due_at, dispute.onsite_at))
        assert due < event.at and (met is None or met > event.at), dispute.reference
    assert not majiahe().get(blocking=True).events.filter(kind=EventKind.ESCALATED).exists()


def test_the_figures_page_gives_on_the_demo_what_an_independent_count_of_its_records_gives(loaded):
    """Success rate, level share and the medians for each demo station's supervisor, counted here in plain
    Python over the rows (not with figures.py), as someone checking the published claims would."""
    from statistics import median

    from jingqi.accounts.choices import Role
    from jingqi.disputes.figures import dispute_figures

    for station_code in (demo.MAJIAHE, demo.SHENGZHOU):
        supervisor = User.objects.filter(role=Role.SUPERVISOR, station__code=station_code).first()
        rows = list(Dispute.objects.filter(station__code=station_code).values(
            "outcome", "level", "ended_at", "reported_at", "contacted_at", "onsite_at", "is_group"))
        ended = [r for r in rows if r["ended_at"] is not None]
        agreement = sum(r["outcome"] == "agreement" for r in ended)
        judged = sum(r["outcome"] in ("agreement", "no_agreement", "failed", "transferred") for r in ended)
        settled = [r for r in ended if r["outcome"] in ("agreement", "no_agreement")]
        low = sum(r["level"] in ("enterprise", "park") for r in settled)

        def hours(pairs):
            values = [(b - a).total_seconds() / 3600 for a, b in pairs if a is not None and b is not None]
            return len(values), (median(values) if values else None)

        contact = hours((r["reported_at"], r["contacted_at"]) for r in rows)
        arrival = hours((r["reported_at"], r["onsite_at"]) for r in rows if r["is_group"])
        settle = hours((r["reported_at"], r["ended_at"]) for r in settled)

        figures = dispute_figures(supervisor)
        assert (figures["success"].numerator, figures["success"].n) == (agreement, judged), station_code
        assert judged >= 20 and figures["success"].value == pytest.approx(agreement / judged)
        assert (figures["low_level"].numerator, figures["low_level"].n) == (low, len(settled))
        for name, (n, middle) in (("contact_time", contact), ("arrival_time", arrival), ("settle_time", settle)):
            assert figures[name].n == n, (station_code, name)
            if figures[name].median is not None:
                assert figures[name].median == pytest.approx(middle), (station_code, name)
        assert figures["outcomes"]["withdrawn"] == sum(r["outcome"] == "withdrawn" for r in ended)
