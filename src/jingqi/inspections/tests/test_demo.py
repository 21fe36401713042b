"""The demo's inspections, checked against recounts made here from the raw rows (not through the app's selectors)."""

import re
from collections import Counter
from datetime import date

import pytest
from django.utils import timezone

from jingqi.accounts.models import User
from jingqi.core.models import AuditEvent, Notification
from jingqi.inspections import demo, services
from jingqi.inspections.models import Hazard, HazardEvent, Inspection, InspectionVisit, Requirement
from jingqi.inspections.selectors import ledger as ledgers
from jingqi.registry.models import Enterprise

pytestmark = pytest.mark.django_db


def quarters(loaded):
    """(today, Majiahe's closed quarter (first, last), the running quarter's first day), as the demo chose them
    for the day it was loaded on."""
    today = timezone.localdate(loaded.started)
    told = demo.story(today)
    return today, services.quarter_of(told.closed), told.running


@pytest.mark.parametrize(("today", "closed", "running", "upcoming"), [
    ("2026-11-16", "2026-07-01", "2026-10-01", "2026-10-01"),  # mid-quarter
    ("2027-01-04", "2026-07-01", "2026-10-01", "2027-01-01"),  # a quarter's first days: the last one runs
    ("2026-12-30", "2026-07-01", "2026-10-01", "2027-01-01"),  # its last days: the next one's visits are ahead
    ("2027-01-20", "2026-10-01", "2027-01-01", "2027-01-01"),  # a visit of the new quarter is a week old
])
def test_the_demo_tells_quarters_that_fit_the_day_it_is_loaded_on(today, closed, running, upcoming):
    told = demo.story(date.fromisoformat(today))
    assert (told.closed, told.running, told.upcoming) == tuple(map(date.fromisoformat, (closed, running, upcoming)))


def test_majiahe_s_last_quarter_every_key_enterprise_had_one_joint_visit_of_three_departments(small_demo):
    _today, (first, last), _current = quarters(small_demo)
    keys = Enterprise.objects.filter(park__station__code="ZZ-MJH", key_enterprise=True)
    visits = InspectionVisit.objects.filter(station__code="ZZ-MJH", planned_on__range=(first, last))
    assert keys.exists()
    assert sorted(visits.values_list("enterprise", flat=True)) == sorted(keys.values_list("pk", flat=True))
    assert set(visits.values_list("status", flat=True)) == {"done"}
    for visit in visits:
        kinds = {i.inspection_type.code: i.department for i in visit.inspections.select_related("inspection_type")}
        assert set(kinds) == {"FIRE", "SE", "PUB"}
        assert kinds["PUB"] is None and kinds["FIRE"] != kinds["SE"]  # police, fire brigade, market regulation
        assert visit.departments.count() == 2
        assert not visit.over_budget  # within the enterprise's monthly budget
    # Every requirement of the quarter is done: the plan is fulfilled by the visits.
    rows = Requirement.objects.filter(station__code="ZZ-MJH", period_start=first, key_date__isnull=True)
    assert rows.count() == 3 * keys.count() and set(rows.values_list("status", flat=True)) == {"done"}


def majiahe_ledger(first, last):
    """Majiahe's ledger of the quarter as its supervisor reads it, and the closing message's line for it."""
    supervisor = User.objects.get(username="mjh_supervisor")
    total = ledgers.ledger(supervisor, ledgers.Scope(first, last)).total
    label = ledgers.quarter_label(first)
    line = next(line for line in demo.summary() if supervisor.station.name in line and label in line)
    return total, [int(n) for n in re.findall(r"\d+", line.replace(label, ""))]


def test_majiahe_s_last_quarter_in_the_ledger_counts_one_joint_visit_per_key_enterprise(small_demo):
    _today, (first, last), _current = quarters(small_demo)
    keys = Enterprise.objects.filter(park__station__code="ZZ-MJH", key_enterprise=True).count()
    total, told = majiahe_ledger(first, last)
    # Recounted from the rows: one joint visit per key enterprise, three departments' checklists on each.
    assert total.visits == keys and total.inspections == 3 * keys
    assert total.visits == InspectionVisit.objects.filter(
        station__code="ZZ-MJH", status="done", finished_at__date__range=(first, last)).count()
    assert told == [total.visits, total.inspections, total.found, total.fixed_on_site]


def test_majiahe_s_last_quarter_found_five_hazards_two_fixed_on_site_and_all_closed(small_demo):
    _today, (first, last), _current = quarters(small_demo)
    hazards = Hazard.objects.filter(station__code="ZZ-MJH", inspection__visit__planned_on__range=(first, last))
    assert hazards.count() == 5
    assert hazards.filter(fixed_on_site=True).count() == 2
    assert set(hazards.values_list("status", flat=True)) == {"closed"}
    # The deadlines' stories: one sent back once, one escalated to the officer and then the supervisor.
    assert sorted(hazards.values_list("sent_back", flat=True)) == [0, 0, 0, 0, 1]
    late = hazards.get(escalation_level=2)
    levels = [e.data["level"] for e in HazardEvent.objects.filter(hazard=late, kind="escalated").order_by("at")]
    assert levels == [1, 2]
    assert late.closed_at.date() > late.deadline
    # The failed answers and the hazards are the same records, counted from the answers.
    failed = Inspection.objects.filter(visit__in=InspectionVisit.objects.filter(
        station__code="ZZ-MJH", planned_on__range=(first, last))).filter(answers__result="fail").count()
    assert failed == 5


def test_this_quarter_has_a_hazard_past_its_deadline_and_a_fix_to_verify(small_demo):
    today, _previous, current = quarters(small_demo)
    now = small_demo.started
    hazards = Hazard.objects.filter(station__code="ZZ-MJH", reported_at__date__gte=current)
    overdue = hazards.filter(status="rectifying", due_at__lt=now)
    assert overdue.count() == 1 and overdue.get().severity == "major" and overdue.get().escalation_level >= 1
    assert hazards.filter(status="fix_reported").count() == 1
    # The officer of the overdue one was told, once per level reached.
    hazard = overdue.get()
    assert Notification.objects.filter(user=hazard.handler, verb="hazard.overdue",
                                       url=f"/inspections/hazards/{hazard.pk}/").count() == 1


def test_upcoming_visits_are_planned_within_the_budget_but_one_with_its_reason(small_demo):
    today, _previous, current = quarters(small_demo)
    planned = InspectionVisit.objects.filter(status="planned")
    assert planned.exists() and not planned.filter(planned_on__lt=today).exists()
    for visit in planned.filter(over_budget=False):
        used = services.visits_in_month(visit.enterprise, visit.planned_on)
        assert used <= services.budget_of(visit.enterprise)
    # The story needs an upcoming visit in a month that has begun; the demo says whether its days allow it.
    told = demo.story(today)
    keys = Enterprise.objects.filter(park__station__code="ZZ-MJH", key_enterprise=True).count()
    fits = demo.over_budget_index(demo.spread(demo.visit_days(told.upcoming), keys), small_demo.started)
    if fits is None:
        assert not planned.filter(over_budget=True).exists()
        return
    # The enterprise that asked for one visit a month had its liaison visit already: the joint inspection is
    # the extra one, with its reason (the supervisor was told).
    extra = planned.get(over_budget=True)
    assert extra.over_budget_reason and services.budget_of(extra.enterprise) == 1
    assert Notification.objects.filter(verb="inspection.visit.over_budget",
                                       url=f"/inspections/visits/{extra.pk}/").exists()
    assert not InspectionVisit.objects.filter(over_budget=True, over_budget_reason="").exists()


def test_shengzhou_s_key_enterprises_are_on_their_cadence(small_demo):
    today, _previous, current = quarters(small_demo)
    keys = Enterprise.objects.filter(park__station__code="SZ-YX", key_enterprise=True)
    rows = Requirement.objects.filter(station__code="SZ-YX")
    by_type = Counter(rows.filter(key_date__isnull=True).values_list("inspection_type__code", flat=True))
    assert by_type == {"FIRE": keys.count(), "SE": keys.count(), "PUB": keys.count()}
    # Special equipment is half-yearly: its period is the half year, the others the quarter.
    assert set(rows.filter(inspection_type__code="SE").values_list("period_start", flat=True)) == {
        current.replace(month=1 if current.month <= 6 else 7)}
    assert set(rows.filter(inspection_type__code="FIRE").values_list("period_start", flat=True)) == {current}
    # Each visit done so far did all three at once.
    for visit in InspectionVisit.objects.filter(station__code="SZ-YX", status="done"):
        assert visit.inspections.count() == 3


def test_every_demo_write_is_audited_and_no_visit_or_hazard_is_left_half_done(small_demo):
    assert AuditEvent.objects.filter(action="hazard.close").count() == Hazard.objects.filter(
        status="closed", fixed_on_site=False).count()
    assert not Inspection.objects.filter(status="draft").exists()
    assert not InspectionVisit.objects.filter(status="planned", inspections__isnull=False).exists()
