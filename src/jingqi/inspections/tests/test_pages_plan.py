"""The quarter plan's pages: per enterprise what is due, planned, done and overdue; generating the plan; waiving an
inspection; the merged visits proposed (interval stabbing) with each month's budget use; the denials that change
nothing and query counts that do not grow with rows."""

import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jingqi.core.models import AuditEvent
from jingqi.core.testing import factories as f
from jingqi.inspections import services
from jingqi.inspections.models import Requirement, SafetyProfile
from jingqi.inspections.selectors import plan as selectors

pytestmark = [pytest.mark.django_db, pytest.mark.inspection_cast]


def url(name, *args):
    return reverse(f"inspections:{name}", args=args)


def field_error(content, name):
    return re.search(rf'class="field invalid">(?:(?!class="field).)*?name="{name}"(?:(?!class="field).)*?'
                     r'class="error"[^>]*>([^<]+)<', content, re.S)


def next_quarter(world) -> date:
    """The next quarter's plan generated (the cast's own quarter is all planned): its first day."""
    first = services.quarter_of(services.quarter_of(timezone.localdate())[1] + timedelta(days=1))[0]
    services.do_generate_plan(world.supervisor, quarter_start=first)
    return first


def quarter(first: date) -> str:
    return selectors.quarter_label(first)


def _queries(client, path, **params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path, params).status_code == 200
    return len(ctx)


# --- the plan page -----------------------------------------------------------------------------------------------


def test_plan_opens_for_the_police_and_the_owing_department_only(world, client_for):
    for persona in (world.supervisor, world.officer_a, world.auxiliary_a, world.officer_b, world.dept_transport,
                    world.supervisor_t):
        assert client_for(persona).get(url("plan")).status_code == 200, persona
    for persona in (world.liaison_a, world.volunteer_a, world.viewer):
        assert client_for(persona).get(url("plan")).status_code == 404, persona
        assert client_for(persona).get(url("visit_suggestions")).status_code == 404, persona
    assert client_for(world.dept_transport).get(url("visit_suggestions")).status_code == 404


def test_the_police_reach_the_ledger_and_the_settings_from_the_plan_and_a_department_does_not_see_them(
        world, client_for):
    content = client_for(world.officer_a).get(url("plan")).content.decode()
    assert 'id="to-ledger"' in content and f'href="{url("config")}"' in content
    for link in (url("ledger"), url("config")):
        assert client_for(world.officer_a).get(link).status_code == 200
    content = client_for(world.dept_transport).get(url("plan")).content.decode()
    assert 'id="to-ledger"' not in content and 'id="to-config"' not in content


def test_plan_shows_each_enterprise_due_planned_done_and_overdue(world, client_for):
    response = client_for(world.supervisor).get(url("plan"))
    rows = {row.enterprise.pk: row for row in response.context["rows"]}
    assert set(rows) == {world.enterprise_a.pk, world.enterprise_b.pk}  # station T's is not the supervisor's
    a = rows[world.enterprise_a.pk]
    # The fire inspection was submitted on visit a; the police's own is planned on it.
    assert (a.due, a.planned, a.done, a.overdue) == (0, 1, 1, 0)
    assert [t.code for t in response.context["types"]] == ["FIRE", "PUB"]
    content = response.content.decode()
    assert world.enterprise_a.name in content and world.enterprise_t.name not in content
    assert url("visit_detail", world.visit_a.pk) in content
    assert response.context["totals"]["done"] == 1


def test_officer_sees_the_plan_of_their_office_parks_and_the_department_its_own_types(world, client_for):
    officer = client_for(world.officer_a).get(url("plan")).context
    assert [row.enterprise for row in officer["rows"]] == [world.enterprise_a]
    department = client_for(world.dept_transport).get(url("plan")).context
    assert [t.code for t in department["types"]] == ["FIRE"]
    assert "Generate" not in client_for(world.dept_transport).get(url("plan")).content.decode()


def test_overdue_requirements_are_counted_and_flagged(world, client_for):
    Requirement.objects.filter(enterprise=world.enterprise_b, status="planned").update(
        due_on=timezone.localdate() - timedelta(days=1), period_start=timezone.localdate() - timedelta(days=30))
    first = services.quarter_of(timezone.localdate() - timedelta(days=1))[0]
    response = client_for(world.officer_b).get(url("plan"), {"quarter": quarter(first), "status": "overdue"})
    (row,) = response.context["rows"]
    assert row.enterprise == world.enterprise_b and row.overdue == 2
    assert 'class="overdue-row"' in response.content.decode()


def test_plan_filters_by_status_park_and_name_and_ignores_bad_values(world, client_for):
    client = client_for(world.supervisor)

    def shown(**params):
        return [row.enterprise for row in client.get(url("plan"), params).context["rows"]]

    assert shown(status="done") == [world.enterprise_a]
    assert shown(park=world.park_b.pk) == [world.enterprise_b]
    assert shown(q="B园") == [world.enterprise_b]
    assert shown(park=world.park_t.pk) == [world.enterprise_a, world.enterprise_b]  # not the supervisor's park
    for bad in ("2026-Q5", "1999-Q1", "abc", "9999-Q1"):
        response = client.get(url("plan"), {"quarter": bad, "status": "nonsense", "park": "x", "page": "zz"})
        assert response.status_code == 200
        assert response.context["first"] == services.quarter_of(timezone.localdate())[0]


def test_plan_reads_its_requirements_through_an_index(world):
    if connection.vendor != "sqlite":
        pytest.skip("the plan is checked on SQLite")
    first, last = services.quarter_of(timezone.localdate())
    for user, park, index in ((world.supervisor, None, "insp_req_station_idx"),
                              (world.supervisor, world.park_a, "insp_req_park_idx")):
        rows = selectors.quarter_requirements(user, first, last, today=first, park=park).order_by("due_on")
        sql, params = rows.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert index in plan, plan


def test_plan_costs_the_same_queries_for_more_enterprises(world, client_for):
    client = client_for(world.supervisor)
    before = _queries(client, url("plan"))
    for n in range(4):
        f.EnterpriseFactory(park=world.park_a if n % 2 else world.park_b, name=f"加测{n}号有限公司")
    assert services.do_generate_plan(world.supervisor, quarter_start=timezone.localdate()) == 8
    assert _queries(client, url("plan")) == before
    assert len(client.get(url("plan")).context["rows"]) == 6


# --- generating the plan -----------------------------------------------------------------------------------------


def test_police_generate_the_next_quarter_plan_once(world, client_for):
    first = services.quarter_of(services.quarter_of(timezone.localdate())[1] + timedelta(days=1))[0]
    client = client_for(world.officer_a)
    response = client.post(url("plan_generate"), {"quarter": quarter(first)})
    assert response.status_code == 302 and f"quarter={quarter(first)}" in response["Location"]
    added = Requirement.objects.filter(station=world.station, due_on__gte=first).count()
    assert added == 4  # two rules × two enterprises of station S
    client.post(url("plan_generate"), {"quarter": quarter(first)})
    assert Requirement.objects.filter(station=world.station, due_on__gte=first).count() == added
    page = client.get(url("plan"), {"quarter": quarter(first)}).content.decode()
    assert "Plan a visit" in page or "安排检查" in page or url("visit_plan") in page


def test_generating_is_refused_to_anyone_but_the_police(world, client_for):
    first = services.quarter_of(services.quarter_of(timezone.localdate())[1] + timedelta(days=1))[0]
    count, events = Requirement.objects.count(), AuditEvent.objects.count()
    for persona in (world.liaison_a, world.dept_transport, world.volunteer_a, world.viewer):
        assert client_for(persona).post(url("plan_generate"), {"quarter": quarter(first)}).status_code == 404
        assert client_for(persona).get(url("plan_generate")).status_code == 405
    assert Requirement.objects.count() == count and AuditEvent.objects.count() == events


# --- waiving -----------------------------------------------------------------------------------------------------


def test_supervisor_waives_an_inspection_with_a_reason(world, client_for):
    first = next_quarter(world)
    requirement = Requirement.objects.filter(enterprise=world.enterprise_b, due_on__gte=first).first()
    client = client_for(world.supervisor)
    page = client.get(url("plan"), {"quarter": quarter(first)}).content.decode()
    assert url("requirement_waive", requirement.pk) in page and "data-confirm" in page
    response = client.post(url("requirement_waive", requirement.pk), {"reason": "企业停产整顿"})
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.status == "waived" and requirement.waive_reason == "企业停产整顿"


def test_waiving_without_a_reason_shows_the_error_beside_it_and_changes_nothing(world, client_for):
    first = next_quarter(world)
    requirement = Requirement.objects.filter(enterprise=world.enterprise_b, due_on__gte=first).first()
    events = AuditEvent.objects.count()
    response = client_for(world.supervisor).post(url("requirement_waive", requirement.pk), {"reason": "  "})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "reason")
    requirement.refresh_from_db()
    assert requirement.status == "due" and AuditEvent.objects.count() == events


def test_a_planned_inspection_cannot_be_waived(world, client_for):
    requirement = Requirement.objects.filter(visit=world.visit_b).first()
    response = client_for(world.supervisor).post(url("requirement_waive", requirement.pk), {"reason": "不需要"})
    assert response.status_code == 400 and 'class="errors"' in response.content.decode()
    requirement.refresh_from_db()
    assert requirement.status == "planned"


def test_only_the_supervisor_waives(world, client_for):
    first = next_quarter(world)
    requirement = Requirement.objects.filter(enterprise=world.enterprise_a, due_on__gte=first).first()
    for persona in (world.officer_a, world.dept_transport, world.liaison_a, world.supervisor_t):
        response = client_for(persona).post(url("requirement_waive", requirement.pk), {"reason": "越权"})
        assert response.status_code == 404, persona
    requirement.refresh_from_db()
    assert requirement.status == "due"
    assert url("requirement_waive", requirement.pk) not in client_for(world.officer_a).get(
        url("plan"), {"quarter": quarter(first)}).content.decode()


# --- merged visits proposed ----------------------------------------------------------------------------------------


def _req(pk, type_pk, start, due):
    return SimpleNamespace(pk=pk, inspection_type_id=type_pk, period_start=start, due_on=due)


def test_windows_that_overlap_make_one_visit_on_the_earliest_due_date():
    today = date(2026, 10, 5)
    quarterly_fire = _req(1, 1, date(2026, 10, 1), date(2026, 12, 31))
    quarterly_police = _req(2, 2, date(2026, 10, 1), date(2026, 12, 31))
    before_holiday = _req(3, 3, date(2026, 10, 20), date(2026, 10, 30))
    monthly = _req(4, 4, date(2026, 12, 1), date(2026, 12, 31))
    groups = selectors.merge_windows([monthly, quarterly_fire, before_holiday, quarterly_police], today)
    assert [(day, [r.pk for r in rows]) for day, rows in groups] == [
        (date(2026, 10, 30), [3, 1, 2]), (date(2026, 12, 31), [4])]


def test_an_overdue_window_is_stabbed_today_and_a_type_is_done_once_a_visit():
    today = date(2026, 11, 10)
    late = _req(1, 1, date(2026, 10, 1), date(2026, 10, 31))
    same_type = _req(2, 1, date(2026, 11, 1), date(2026, 11, 30))
    other = _req(3, 2, date(2026, 11, 1), date(2026, 12, 31))
    groups = selectors.merge_windows([same_type, other, late], today)
    assert [(day, [r.pk for r in rows]) for day, rows in groups] == [
        (today, [1, 3]), (date(2026, 11, 30), [2])]


def test_suggestions_merge_every_department_of_an_enterprise_into_one_visit(world, client_for):
    first = next_quarter(world)
    response = client_for(world.officer_a).get(url("visit_suggestions"))
    (suggestion,) = response.context["suggestions"]
    assert suggestion.enterprise == world.enterprise_a
    assert suggestion.day == services.quarter_of(first)[1]
    assert {r.inspection_type.code for r in suggestion.requirements} == {"FIRE", "PUB"}
    assert suggestion.departments == [world.dept_transport_unit.name]
    assert (suggestion.used, suggestion.budget) == (services.visits_in_month(world.enterprise_a, suggestion.day),
                                                    services.budget_of(world.enterprise_a))
    content = response.content.decode()
    link = (f"{url('visit_plan')}?enterprise={world.enterprise_a.pk}&amp;requirements={suggestion.requirement_ids}"
            f"&amp;planned_on={suggestion.day:%Y-%m-%d}")
    assert link in content


def test_suggestions_show_when_a_visit_would_be_beyond_the_budget(world, client_for):
    next_quarter(world)
    SafetyProfile.objects.filter(enterprise=world.enterprise_b).update(monthly_budget=1)
    day = services.quarter_of(services.quarter_of(timezone.localdate())[1] + timedelta(days=1))[1]
    f.VisitFactory(enterprise=world.enterprise_b, officer=world.officer_b,
                   visited_at=timezone.make_aware(timezone.datetime(day.year, day.month, 2, 10)))
    response = client_for(world.officer_b).get(url("visit_suggestions"))
    (suggestion,) = response.context["suggestions"]
    assert (suggestion.used, suggestion.budget, suggestion.over_budget) == (1, 1, True)
    assert 'class="budget overdue"' in response.content.decode()


def test_budget_use_counts_every_kind_of_visit_in_its_local_month(world):
    """The budget's count (services.visits_by_month, one mechanism for the pages and the services) against a count
    made here month by month from the three tables, with the month read in local time."""
    from jingqi.inspections.models import InspectionVisit
    from jingqi.patrols.models import Finding
    from jingqi.registry.models import Visit

    late = timezone.make_aware(timezone.datetime(2026, 11, 1, 0, 30))  # November in Shanghai, October in UTC
    f.VisitFactory(enterprise=world.enterprise_a, officer=world.officer_a, visited_at=late)
    f.VisitFactory(enterprise=world.enterprise_a, officer=world.officer_a)
    ids = [world.enterprise_a.pk, world.enterprise_b.pk, world.enterprise_t.pk]
    today = timezone.localdate()
    first, last = min(today - timedelta(days=70), late.date() - timedelta(days=1)), today + timedelta(days=40)
    use = services.visits_by_month(ids, first, last)
    day = first.replace(day=1)
    while day <= last:
        for pk in ids:
            month = (day.year, day.month)
            expected = sum(1 for v in InspectionVisit.objects.filter(enterprise_id=pk).exclude(status="cancelled")
                           if (v.planned_on.year, v.planned_on.month) == month)
            expected += sum(1 for v in Visit.objects.filter(enterprise_id=pk)
                            if (timezone.localtime(v.visited_at).year, timezone.localtime(v.visited_at).month) == month)
            expected += sum(1 for x in Finding.objects.filter(enterprise_id=pk)
                            if (timezone.localtime(x.reported_at).year, timezone.localtime(x.reported_at).month)
                            == month)
            assert use.get((pk, *month), 0) == expected == services.visits_in_month(pk, day), (pk, month)
        day = (day + timedelta(days=32)).replace(day=1)
    assert use[(world.enterprise_a.pk, 2026, 11)] >= 1
    assert selectors.budgets_of(ids) == {pk: services.budget_of(pk) for pk in ids}


def test_suggestions_cost_the_same_queries_for_more_enterprises(world, client_for):
    first = next_quarter(world)
    client = client_for(world.supervisor)
    before = _queries(client, url("visit_suggestions"))
    for n in range(4):
        f.EnterpriseFactory(park=world.park_a, name=f"加测{n}号有限公司")
    services.do_generate_plan(world.supervisor, quarter_start=first)
    assert _queries(client, url("visit_suggestions")) == before
    assert len(client.get(url("visit_suggestions")).context["suggestions"]) == 6
