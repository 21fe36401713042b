"""Case actions: the spec. A test per transition, per permission rule and per bad input; refusals change nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from jingqi.cases import services
from jingqi.cases.choices import CaseStatus
from jingqi.cases.figures import case_figures
from jingqi.cases.models import Case, CaseEvent, Recovery
from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.models import AuditEvent, Notification

pytestmark = [pytest.mark.django_db, pytest.mark.case_cast]

THEFT = {"kind": "theft", "title": "仓库铜材被盗", "description": "夜间仓库铜材被盗。", "loss_amount": "60000"}


def record(world, actor=None, park=None, **data):
    return services.do_record_case(actor or world.officer_a, park=park or world.park_a,
                                   victims=[(world.enterprise_a, None)], data={**THEFT, **data})


def filed(world, **data):
    case = record(world, **data)
    return services.do_file_case(world.officer_a, case, filing_number="城东公(刑)立字〔2026〕9号")


def solved(world, **data):
    return services.do_solve_case(world.officer_a, filed(world, **data), suspects=1, regions="杭州")


def frozen(case):
    """What a refusal must leave as it was: the row, its timeline, its recoveries and the audit log."""
    row = Case.objects.filter(pk=case.pk).values().first()
    return row, CaseEvent.objects.filter(case=case).count(), Recovery.objects.filter(case=case).count(), \
        AuditEvent.objects.count()


# --- recording ----------------------------------------------------------------------------------------------


def test_officer_records_a_case_in_their_park_with_its_victim(world):
    case = record(world)
    assert case.status == CaseStatus.REPORTED and case.station == world.station
    assert case.reference.startswith("S-AJ") and case.reference.endswith(f"{case.pk:05d}")
    assert list(case.victims.values_list("enterprise", flat=True)) == [world.enterprise_a.pk]
    assert list(case.events.values_list("kind", flat=True)) == ["reported", "victim"]
    assert AuditEvent.objects.filter(action="case.record", object_id=str(case.pk)).exists()


def test_the_victims_liaison_is_told_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = record(world)
    # (The cast's own cases were recorded with notices too: this case's is the one named by its reference.)
    notice = Notification.objects.get(user=world.liaison_a, verb="case.recorded", title__contains=case.reference)
    assert notice.url.endswith(f"/{case.pk}/")
    assert not Notification.objects.filter(user=world.liaison_b, verb="case.recorded",
                                           title__contains=case.reference).exists()


def test_officer_cannot_record_a_case_in_another_offices_park(world):
    before = Case.objects.count()
    with pytest.raises(ActionError) as exc:
        record(world, park=world.park_b)
    assert exc.value.field == "park" and Case.objects.count() == before


@pytest.mark.parametrize("persona", ["liaison_a", "dept_transport", "volunteer_a", "viewer"])
def test_only_the_police_record_cases(world, persona):
    before = Case.objects.count()
    with pytest.raises(PermissionDenied):
        record(world, actor=getattr(world, persona))
    assert Case.objects.count() == before


def test_a_victim_outside_the_officers_parks_is_refused(world):
    before = Case.objects.count()
    with pytest.raises(ActionError) as exc:
        services.do_record_case(world.officer_a, park=world.park_a, victims=[(world.enterprise_b, None)], data=THEFT)
    assert exc.value.field == "enterprise" and Case.objects.count() == before


def test_the_same_victim_twice_is_refused(world):
    with pytest.raises(ActionError):
        services.do_record_case(world.officer_a, park=world.park_a, data=THEFT,
                                victims=[(world.enterprise_a, None), (world.enterprise_a, "1")])


@pytest.mark.parametrize("field, value", [
    ("kind", "arson"), ("title", "  "), ("title", "长" * 121), ("description", ""), ("loss_amount", "-5"),
    ("loss_amount", "十万"), ("loss_amount", "1.234"), ("items_lost", "x" * 4001),
])
def test_bad_describing_input_is_refused_on_its_field(world, field, value):
    before = Case.objects.count()
    with pytest.raises(ActionError) as exc:
        record(world, **{field: value})
    assert exc.value.field == field and Case.objects.count() == before


def test_a_report_time_in_the_future_is_refused(world):
    with pytest.raises(ActionError) as exc:
        services.do_record_case(world.officer_a, park=world.park_a, data=THEFT,
                                reported_at=timezone.now() + timedelta(days=1))
    assert exc.value.field == "reported_at"


def test_a_case_from_a_request_links_it_and_another_parks_request_is_not_found(world):
    case = services.do_record_case(world.officer_a, park=world.park_a, data=THEFT, ticket=world.ticket_a,
                                   source="request")
    assert case.ticket == world.ticket_a
    assert case.events.filter(kind="linked", internal=True).exists()
    before = Case.objects.count()
    with pytest.raises(Http404):
        services.do_record_case(world.officer_a, park=world.park_a, data=THEFT, ticket=world.ticket_b)
    assert Case.objects.count() == before


# --- the steps ----------------------------------------------------------------------------------------------


def test_filing_sets_the_number_the_time_and_the_lead_officer(world):
    case = services.do_file_case(world.supervisor, record(world), filing_number="城东公(刑)立字〔2026〕9号",
                                 officer=world.auxiliary_a)
    assert case.status == CaseStatus.FILED and case.filed_at and case.officer == world.auxiliary_a
    assert case.filing_number == "城东公(刑)立字〔2026〕9号" and case.version == 2


def test_an_officer_filing_leads_the_case_by_default(world):
    case = services.do_file_case(world.officer_a, record(world))
    assert case.officer == world.officer_a


def test_the_lead_officer_must_work_in_the_cases_park(world):
    case = record(world)
    before = frozen(case)
    with pytest.raises(ActionError) as exc:
        services.do_file_case(world.officer_a, case, officer=world.officer_b)
    assert exc.value.field == "officer" and frozen(case) == before


def test_filing_before_the_report_is_refused(world):
    case = record(world)
    before = frozen(case)
    with pytest.raises(ActionError) as exc:
        services.do_file_case(world.officer_a, case, filed_at=case.reported_at - timedelta(hours=1))
    assert exc.value.field == "filed_at" and frozen(case) == before


def test_declining_needs_a_reason_and_tells_the_victims(world, django_capture_on_commit_callbacks):
    case = record(world)
    before = frozen(case)
    with pytest.raises(ActionError):
        services.do_decline_case(world.officer_a, case, reason=" ")
    assert frozen(case) == before
    with django_capture_on_commit_callbacks(execute=True):
        case = services.do_decline_case(world.officer_a, case, reason="经查系合同纠纷，不属刑事案件。")
    assert case.status == CaseStatus.NOT_FILED and case.status_note.startswith("经查")
    assert Notification.objects.filter(user=world.liaison_a, verb="case.declined").exists()


def test_solving_records_suspects_and_regions(world):
    case = solved(world)
    assert case.status == CaseStatus.SOLVED and case.suspects == 1 and case.regions == "杭州"
    assert case.hours_to_solve is not None and case.hours_to_solve >= 0


def test_solving_before_the_filing_or_with_negative_suspects_is_refused(world):
    case = filed(world)
    before = frozen(case)
    with pytest.raises(ActionError) as exc:
        services.do_solve_case(world.officer_a, case, solved_at=case.filed_at - timedelta(minutes=10))
    assert exc.value.field == "solved_at"
    with pytest.raises(ActionError) as exc:
        services.do_solve_case(world.officer_a, case, suspects=-1)
    assert exc.value.field == "suspects" and frozen(case) == before


def test_closing_a_solved_case(world):
    case = services.do_close_case(world.officer_a, solved(world), note="移送起诉。")
    assert case.status == CaseStatus.CLOSED and case.closed_at and case.status_note == "移送起诉。"


@pytest.mark.parametrize("start, action", [
    ("reported", "solve"), ("reported", "close"), ("filed", "file"), ("filed", "decline"), ("filed", "close"),
    ("solved", "solve"), ("solved", "file"), ("closed", "close"), ("closed", "decline"),
])
def test_illegal_transitions_are_refused_and_change_nothing(world, start, action):
    case = {"reported": record, "filed": filed, "solved": solved,
            "closed": lambda w: services.do_close_case(w.officer_a, solved(w))}[start](world)
    before = frozen(case)
    call = {"file": lambda: services.do_file_case(world.officer_a, case),
            "decline": lambda: services.do_decline_case(world.officer_a, case, reason="x"),
            "solve": lambda: services.do_solve_case(world.officer_a, case),
            "close": lambda: services.do_close_case(world.officer_a, case)}[action]
    with pytest.raises(ActionError) as exc:
        call()
    assert exc.value.code == "illegal_transition" and frozen(case) == before


def test_a_stale_version_is_refused(world):
    case = record(world)
    before = frozen(case)
    with pytest.raises(ActionError) as exc:
        services.do_file_case(world.officer_a, case, expected_version=case.version + 1)
    assert exc.value.code == "stale" and frozen(case) == before


def test_another_offices_officer_cannot_act_on_the_case(world):
    case = record(world)
    before = frozen(case)
    with pytest.raises(Http404):
        services.do_file_case(world.officer_b, case)
    with pytest.raises(Http404):
        services.do_record_recovery(world.officer_b, case, recovered_on=timezone.localdate(), amount="1")
    assert frozen(case) == before


@pytest.mark.parametrize("persona", ["liaison_a", "dept_transport", "volunteer_a", "viewer"])
def test_no_one_but_the_police_acts_on_a_case(world, persona):
    case = filed(world)
    before = frozen(case)
    with pytest.raises((PermissionDenied, Http404)):
        services.do_solve_case(getattr(world, persona), case)
    with pytest.raises((PermissionDenied, Http404)):
        services.do_note_case(getattr(world, persona), case, text="越权")
    assert frozen(case) == before


# --- recoveries -----------------------------------------------------------------------------------------------


def test_recoveries_add_up_and_never_exceed_the_loss(world):
    case = filed(world)
    services.do_record_recovery(world.officer_a, case, recovered_on=timezone.localdate(), amount="20000",
                                items="铜材 2 吨", region="绍兴")
    services.do_record_recovery(world.officer_a, case, recovered_on=timezone.localdate(), amount="30000",
                                region="宁波")
    case.refresh_from_db()
    assert case.recovered_amount == Decimal("50000") and case.recovery_rate == pytest.approx(50000 / 60000)
    before = frozen(case)
    with pytest.raises(ActionError) as exc:
        services.do_record_recovery(world.officer_a, case, recovered_on=timezone.localdate(), amount="10000.01")
    assert exc.value.field == "amount" and frozen(case) == before


@pytest.mark.parametrize("day, amount, field", [
    (1, "100", "recovered_on"), (-400, "100", "recovered_on"), (0, "0", "amount"), (0, "-3", "amount"),
    (0, "abc", "amount"),
])
def test_bad_recoveries_are_refused_on_their_field(world, day, amount, field):
    case = filed(world)
    before = frozen(case)
    with pytest.raises(ActionError) as exc:
        services.do_record_recovery(world.officer_a, case, recovered_on=timezone.localdate() + timedelta(days=day),
                                    amount=amount)
    assert exc.value.field == field and frozen(case) == before


def test_a_reported_case_recovers_nothing_until_filed_but_a_closed_one_still_does(world):
    case = record(world)
    with pytest.raises(ActionError):
        services.do_record_recovery(world.officer_a, case, recovered_on=timezone.localdate(), amount="1")
    closed = services.do_close_case(world.officer_a, solved(world))
    services.do_record_recovery(world.officer_a, closed, recovered_on=timezone.localdate(), amount="1")
    closed.refresh_from_db()
    assert closed.recovered_amount == Decimal("1")


def test_the_loss_cannot_be_edited_below_what_was_recovered(world):
    case = filed(world)
    services.do_record_recovery(world.officer_a, case, recovered_on=timezone.localdate(), amount="40000")
    case.refresh_from_db()
    before = frozen(case)
    with pytest.raises(ActionError) as exc:
        services.do_update_case(world.officer_a, case, data={**THEFT, "loss_amount": "30000"},
                                expected_version=case.version)
    assert exc.value.field == "loss_amount" and frozen(case) == before
    case = services.do_update_case(world.officer_a, case, data={**THEFT, "loss_amount": "90000"},
                                   expected_version=case.version)
    assert case.loss_amount == Decimal("90000") and case.events.filter(kind="edited").exists()


# --- victims, notes and sight -----------------------------------------------------------------------------------


def test_adding_a_victim_tells_its_liaison(world, django_capture_on_commit_callbacks):
    case = services.do_record_case(world.supervisor, park=world.park_b, data=THEFT)
    with django_capture_on_commit_callbacks(execute=True):
        services.do_add_victim(world.supervisor, case, enterprise=world.enterprise_b, loss_amount="100")
    assert Notification.objects.filter(user=world.liaison_b, verb="case.recorded").exists()
    with pytest.raises(ActionError):
        services.do_add_victim(world.supervisor, case, enterprise=world.enterprise_b)


def test_the_victims_liaison_reads_the_case_but_not_internal_notes(world):
    case = filed(world)
    services.do_note_case(world.officer_a, case, text="内部研判", internal=True)
    services.do_note_case(world.officer_a, case, text="请企业提供监控录像", internal=False)
    assert Case.objects.visible_to(world.liaison_a).filter(pk=case.pk).exists()
    assert not Case.objects.visible_to(world.liaison_a, "change").filter(pk=case.pk).exists()
    messages = set(CaseEvent.objects.visible_to(world.liaison_a).filter(case=case).values_list("message", flat=True))
    assert "请企业提供监控录像" in messages and "内部研判" not in messages


@pytest.mark.parametrize("persona", ["liaison_b", "dept_transport", "volunteer_a", "viewer", "officer_b",
                                     "supervisor_t"])
def test_no_one_else_sees_the_case(world, persona):
    assert not Case.objects.visible_to(getattr(world, persona)).filter(pk=world.case_a.pk).exists()


# --- figures --------------------------------------------------------------------------------------------------


def test_figures_give_the_median_time_to_solve_and_the_recovery_rate_with_their_samples(world, settings):
    settings.STATS_MIN_SAMPLE = 2
    now = timezone.now()
    for hours, loss, back in ((10, "1000", "500"), (30, "3000", None), (50, "0", None)):
        case = services.do_record_case(world.officer_a, park=world.park_a, data={**THEFT, "loss_amount": loss},
                                       reported_at=now - timedelta(hours=hours + 1))
        case = services.do_file_case(world.officer_a, case, filed_at=now - timedelta(hours=hours))
        services.do_solve_case(world.officer_a, case, solved_at=now - timedelta(hours=1))
        if back:
            services.do_record_recovery(world.officer_a, case, recovered_on=timezone.localdate(), amount=back)
    today = timezone.localdate()
    figures = case_figures(world.officer_a, start=today - timedelta(days=30), end=today + timedelta(days=1))
    theft = next(r for r in figures["by_kind"] if r.key == "theft")
    # The cast's own theft (solved two days after its report) is one of the four.
    assert theft.solved == 4 and theft.hours_to_solve.n == 4
    assert theft.hours_to_solve.median == pytest.approx((30 + 48) / 2, abs=0.1)
    # Recovery over the cases with a loss: (80000 + 500) of (120000 + 1000 + 3000).
    assert theft.recovery.n == 3 and theft.recovery.value == pytest.approx(80500 / 124000)
    assert figures["all"].reported == 4
    assert [r.label for r in figures["by_park"]] == [world.park_a.name]


def test_figures_only_count_the_cases_the_user_may_see(world):
    today = timezone.localdate()
    figures = case_figures(world.officer_b, start=today - timedelta(days=30), end=today + timedelta(days=1))
    assert figures["all"].reported == 1 and [r.key for r in figures["by_kind"]] == ["fraud"]
    assert case_figures(world.liaison_b, start=today - timedelta(days=30),
                        end=today + timedelta(days=1))["all"].reported == 1
