"""The joint visit pages: the month's calendar (the enterprise's own without internal notes), planning a visit
with its errors beside the fields and the budget's reason, changing, cancelling and finishing it, beginning an
inspection on it; the denials that change nothing and query counts that do not grow with visits."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jingqi.core.models import AuditEvent
from jingqi.core.testing.plans import assert_served_by_index
from jingqi.inspections import services
from jingqi.inspections.models import Inspection, InspectionVisit, Requirement, SafetyProfile
from jingqi.inspections.selectors import plan as selectors

pytestmark = [pytest.mark.django_db, pytest.mark.inspection_cast]
NOTE = "内部：负责人不配合"


def url(name, *args):
    return reverse(f"inspections:{name}", args=args)


def field_error(content, name):
    return re.search(rf'class="field invalid">(?:(?!class="field).)*?name="{name}"(?:(?!class="field).)*?'
                     r'class="error"[^>]*>([^<]+)<', content, re.S)


def next_quarter(world):
    first = services.quarter_of(services.quarter_of(timezone.localdate())[1] + timedelta(days=1))[0]
    services.do_generate_plan(world.supervisor, quarter_start=first)
    return first


def due_of(enterprise, code=None):
    rows = Requirement.objects.filter(enterprise=enterprise, status="due").order_by("inspection_type__code")
    return list(rows.filter(inspection_type__code=code) if code else rows)


def month(visit):
    return {"month": f"{visit.planned_on:%Y-%m}"}


def unchanged(visit):
    return model_to_dict(InspectionVisit.objects.get(pk=visit.pk))


# --- the calendar --------------------------------------------------------------------------------------------


def test_calendar_opens_for_the_police_the_departments_and_the_enterprise(world, client_for):
    for persona in (world.supervisor, world.officer_a, world.dept_transport, world.liaison_a, world.liaison_b):
        assert client_for(persona).get(url("visit_list")).status_code == 200, persona
    for persona in (world.volunteer_a, world.viewer):
        assert client_for(persona).get(url("visit_list")).status_code == 404, persona


def test_calendar_shows_the_month_visits_each_persona_may_see(world, client_for):
    def shown(persona, **params):
        return client_for(persona).get(url("visit_list"), {**month(world.visit_a), **params}).context["visits"]

    assert shown(world.supervisor) == [world.visit_a, world.visit_b]
    assert shown(world.officer_a) == [world.visit_a]
    assert shown(world.liaison_b) == [world.visit_b]
    assert shown(world.dept_transport) == [world.visit_a, world.visit_b]
    assert shown(world.supervisor, park=world.park_b.pk) == [world.visit_b]
    assert shown(world.supervisor, status="done") == []
    other = (world.visit_a.planned_on + timedelta(days=40)).strftime("%Y-%m")
    assert client_for(world.supervisor).get(url("visit_list"), {"month": other}).context["visits"] == []
    for bad in ("2026-13", "abc", "99999-01"):
        assert client_for(world.supervisor).get(url("visit_list"), {"month": bad, "park": "x"}).status_code == 200


def test_the_enterprise_never_sees_the_internal_note(world, client_for):
    services.do_change_visit(world.officer_a, world.visit_a, note=NOTE)
    calendar = client_for(world.liaison_a).get(url("visit_list"), month(world.visit_a)).content.decode()
    detail = client_for(world.liaison_a).get(url("visit_detail", world.visit_a.pk)).content.decode()
    assert world.enterprise_a.name in calendar and NOTE not in calendar
    assert world.visit_a.notice in detail and NOTE not in detail
    assert NOTE in client_for(world.officer_a).get(url("visit_detail", world.visit_a.pk)).content.decode()
    liaison = client_for(world.liaison_a).get(url("visit_detail", world.visit_a.pk))
    assert liaison.context["requirements"] == [] and not any(liaison.context["actions"].values())


def test_calendar_reads_its_visits_through_an_index(world):
    first = world.visit_a.planned_on.replace(day=1)
    for park, index in ((None, "insp_visit_station_idx"), (world.park_a, "insp_visit_park_idx")):
        assert_served_by_index(selectors.month_visits(world.supervisor, first, park=park), index)


def test_calendar_and_visit_page_cost_the_same_queries_for_more_visits(world, client_for):
    client = client_for(world.supervisor)
    first = next_quarter(world)
    # One visit in the next quarter's first month, then four more that month: the pages cost the same.
    visit = services.do_plan_visit(world.officer_a, world.enterprise_a, planned_on=first,
                                   requirements=[due_of(world.enterprise_a)[0].pk])
    pages = [(url("visit_list"), month(visit)), (url("visit_detail", visit.pk), {})]

    def count(path, params):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path, params).status_code == 200
        return len(ctx)

    before = [count(*page) for page in pages]
    for enterprise, officer in ((world.enterprise_a, world.officer_a), (world.enterprise_b, world.officer_b)):
        for requirement in due_of(enterprise):
            services.do_plan_visit(officer, enterprise, planned_on=first, requirements=[requirement.pk],
                                   officers=[world.auxiliary_a.pk], departments=[world.dept_transport_unit.pk],
                                   over_budget_reason="测试：同月多次")
    assert len(client.get(url("visit_list"), month(visit)).context["visits"]) == 4
    assert [count(*page) for page in pages] == before


# --- planning a visit ------------------------------------------------------------------------------------------


def test_planning_starts_from_the_enterprise_and_the_inspections_proposed(world, client_for):
    next_quarter(world)
    client = client_for(world.officer_a)
    chooser = client.get(url("visit_plan"))
    assert chooser.context["choose"] and list(chooser.context["enterprises"]) == [world.enterprise_a]
    fire, police = due_of(world.enterprise_a)
    response = client.get(url("visit_plan"), {"enterprise": world.enterprise_a.pk,
                                              "requirements": f"{fire.pk},{police.pk}", "planned_on": "2030-01-07"})
    form = response.context["form"]
    assert form.initial["requirements"] == [fire.pk, police.pk]
    assert {pk for pk, _label in form.fields["requirements"].choices} == {fire.pk, police.pk}
    assert "over_budget_reason" not in form.fields
    content = response.content.decode()
    assert re.search(rf'name="requirements" value="{fire.pk}"[^>]*checked', content)
    for persona in (world.liaison_a, world.dept_transport, world.volunteer_a):
        assert client_for(persona).get(url("visit_plan")).status_code == 404
    # An enterprise out of the officer's parks is not offered: back to choosing.
    assert client.get(url("visit_plan"), {"enterprise": world.enterprise_b.pk}).context["choose"]


def test_an_enterprise_with_nothing_left_to_plan_says_so_instead_of_an_empty_form(world, client_for):
    """Every inspection due at enterprise A is on the cast's visit: no form with a required field and nothing to
    choose, but a sentence saying why."""
    assert not Requirement.objects.filter(enterprise=world.enterprise_a).unplanned().exists()
    response = client_for(world.officer_a).get(url("visit_plan"), {"enterprise": world.enterprise_a.pk})
    assert response.status_code == 200 and response.context["nothing_due"]
    content = response.content.decode()
    assert 'id="nothing-due"' in content and 'name="requirements"' not in content
    next_quarter(world)  # with the next quarter's inspections due, the form is back
    response = client_for(world.officer_a).get(url("visit_plan"), {"enterprise": world.enterprise_a.pk})
    assert not response.context["nothing_due"] and 'name="requirements"' in response.content.decode()


def test_officer_plans_one_joint_visit_for_every_department(world, client_for):
    next_quarter(world)
    fire, police = due_of(world.enterprise_a)
    day = services.quarter_of(fire.due_on)[0] + timedelta(days=10)
    response = client_for(world.officer_a).post(url("visit_plan"), {
        "enterprise": world.enterprise_a.pk, "planned_on": day.isoformat(), "requirements": [fire.pk, police.pk],
        "officers": [world.auxiliary_a.pk], "notice": "请准备台账", "note": NOTE})
    visit = InspectionVisit.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == url("visit_detail", visit.pk)
    assert visit.planned_on == day and visit.lead == world.officer_a and not visit.over_budget
    assert set(visit.departments.all()) == {world.dept_transport_unit}
    assert set(visit.requirements.values_list("status", flat=True)) == {"planned"}


@pytest.mark.parametrize(("changes", "field"), [
    ({"planned_on": "2020-01-01"}, "planned_on"),
    ({"planned_on": "not a date"}, "planned_on"),
    ({"requirements": []}, "requirements"),
    ({"requirements": ["999999"]}, "requirements"),
    ({"lead": "999999"}, "lead"),
    ({"notice": "长" * 5000}, "notice"),
])
def test_bad_input_is_refused_beside_its_field_and_plans_nothing(world, client_for, changes, field):
    next_quarter(world)
    fire, police = due_of(world.enterprise_a)
    data = {"enterprise": world.enterprise_a.pk, "planned_on": "2030-01-07", "requirements": [fire.pk], **changes}
    visits, events = InspectionVisit.objects.count(), AuditEvent.objects.count()
    response = client_for(world.officer_a).post(url("visit_plan"), data)
    assert response.status_code == 400
    assert field_error(response.content.decode(), field), field
    assert InspectionVisit.objects.count() == visits and AuditEvent.objects.count() == events
    assert due_of(world.enterprise_a) == [fire, police]


def test_a_visit_beyond_the_budget_asks_for_the_reason_beside_it(world, client_for):
    next_quarter(world)
    fire, police = due_of(world.enterprise_a)
    SafetyProfile.objects.filter(enterprise=world.enterprise_a).update(monthly_budget=1)
    day = services.quarter_of(fire.due_on)[0] + timedelta(days=40)
    client = client_for(world.officer_a)
    base = {"enterprise": world.enterprise_a.pk, "planned_on": day.isoformat()}
    assert client.post(url("visit_plan"), {**base, "requirements": [fire.pk]}).status_code == 302
    visits = InspectionVisit.objects.count()
    # The second visit that month: the form had no reason field; the refusal shows it with its error.
    response = client.post(url("visit_plan"), {**base, "requirements": [police.pk]})
    assert response.status_code == 400 and "over_budget_reason" in response.context["form"].fields
    assert field_error(response.content.decode(), "over_budget_reason")
    assert InspectionVisit.objects.count() == visits
    # Asked again for that month, the form shows it from the start and says how many visits were made.
    again = client.get(url("visit_plan"), {**base, "requirements": police.pk})
    assert "over_budget_reason" in again.context["form"].fields and again.context["budget"]["used"] == 1
    response = client.post(url("visit_plan"), {**base, "requirements": [police.pk],
                                               "over_budget_reason": "节前专项检查"})
    assert response.status_code == 302
    visit = InspectionVisit.objects.latest("pk")
    assert visit.over_budget and visit.over_budget_reason == "节前专项检查"
    assert "节前专项检查" in client_for(world.supervisor).get(url("visit_detail", visit.pk)).content.decode()


# --- changing, cancelling, finishing ---------------------------------------------------------------------------


def test_visit_page_opens_for_everyone_who_sees_the_visit(world, client_for):
    for persona in (world.supervisor, world.officer_a, world.dept_transport, world.liaison_a):
        assert client_for(persona).get(url("visit_detail", world.visit_a.pk)).status_code == 200
    for persona in (world.officer_b, world.liaison_b, world.volunteer_a, world.viewer, world.supervisor_t):
        assert client_for(persona).get(url("visit_detail", world.visit_a.pk)).status_code == 404
    page = client_for(world.officer_a).get(url("visit_detail", world.visit_a.pk)).content.decode()
    assert url("visit_edit", world.visit_a.pk) in page and "data-confirm" in page


def test_officer_moves_the_visit(world, client_for):
    visit = world.visit_b
    version = visit.version
    client = client_for(world.officer_b)
    form = client.get(url("visit_edit", visit.pk)).context["form"]
    assert form.initial["version"] == version
    day = visit.planned_on + timedelta(days=2)
    response = client.post(url("visit_edit", visit.pk), {
        "planned_on": day.isoformat(), "requirements": form.initial["requirements"], "notice": "改期",
        "version": visit.version})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.planned_on == day and visit.notice == "改期" and visit.version == version + 1


def test_a_stale_or_bad_change_is_refused_and_changes_nothing(world, client_for):
    visit = world.visit_b
    client = client_for(world.officer_b)
    requirements = list(visit.requirements.values_list("pk", flat=True))
    before = unchanged(visit)
    stale = client.post(url("visit_edit", visit.pk), {"planned_on": "2030-01-07", "requirements": requirements,
                                                      "version": visit.version - 1})
    assert stale.status_code == 400 and 'class="errors"' in stale.content.decode()
    past = client.post(url("visit_edit", visit.pk), {"planned_on": "2020-01-07", "requirements": requirements,
                                                     "version": visit.version})
    assert past.status_code == 400 and field_error(past.content.decode(), "planned_on")
    assert unchanged(visit) == before
    assert client_for(world.officer_a).post(url("visit_edit", visit.pk), {
        "planned_on": "2030-01-07", "requirements": requirements, "version": visit.version}).status_code == 404
    assert client_for(world.liaison_b).get(url("visit_edit", visit.pk)).status_code == 404
    assert unchanged(visit) == before


def test_cancelling_needs_a_reason_and_frees_the_inspections(world, client_for):
    client = client_for(world.officer_b)
    visit = world.visit_b
    before = unchanged(visit)
    response = client.post(url("visit_cancel", visit.pk), {"cancel-reason": ""})
    assert response.status_code == 400 and field_error(response.content.decode(), "cancel-reason")
    assert unchanged(visit) == before
    assert client_for(world.liaison_b).post(url("visit_cancel", visit.pk), {"cancel-reason": "x"}).status_code == 404
    assert client.post(url("visit_cancel", visit.pk), {"cancel-reason": "企业停产"}).status_code == 302
    visit.refresh_from_db()
    assert visit.status == "cancelled" and visit.cancel_reason == "企业停产"
    assert set(Requirement.objects.filter(enterprise=world.enterprise_b).values_list("status", flat=True)) == {"due"}
    page = client.get(url("visit_detail", visit.pk)).content.decode()
    assert "企业停产" in page and url("visit_edit", visit.pk) not in page
    assert client.get(url("visit_edit", visit.pk)).status_code == 302


def test_a_visit_with_an_inspection_begun_is_finished_not_cancelled(world, client_for):
    client = client_for(world.officer_a)
    response = client.post(url("visit_cancel", world.visit_a.pk), {"cancel-reason": "不去了"})
    assert response.status_code == 400 and 'class="errors"' in response.content.decode()
    assert InspectionVisit.objects.get(pk=world.visit_a.pk).status == "planned"
    assert client.post(url("visit_finish", world.visit_a.pk)).status_code == 302
    visit = InspectionVisit.objects.get(pk=world.visit_a.pk)
    assert visit.status == "done" and visit.finished_at is not None
    # The police's own inspection was planned but not done: it is due again.
    assert list(visit.requirements.values_list("inspection_type__code", flat=True)) == ["FIRE"]


def test_finishing_a_visit_with_no_inspection_says_why_and_changes_nothing(world, client_for):
    before = unchanged(world.visit_b)
    response = client_for(world.officer_b).post(url("visit_finish", world.visit_b.pk), follow=True)
    assert response.status_code == 200 and 'class="error"' in response.content.decode()
    assert unchanged(world.visit_b) == before
    assert client_for(world.dept_transport).post(url("visit_finish", world.visit_b.pk)).status_code == 404
    assert unchanged(world.visit_b) == before


# --- beginning an inspection ------------------------------------------------------------------------------------


def test_officer_begins_the_police_inspection_on_the_visit(world, client_for):
    page = client_for(world.officer_b).get(url("visit_detail", world.visit_b.pk))
    assert page.context["actions"]["inspect"]
    assert [label for _pk, label in page.context["start_form"].fields["inspection_type"].choices] == [
        world.insp_type_fire.name, world.insp_type_police.name]
    response = client_for(world.officer_b).post(url("inspection_start", world.visit_b.pk),
                                                {"inspection_type": world.insp_type_police.pk})
    inspection = Inspection.objects.get(visit=world.visit_b, inspection_type=world.insp_type_police)
    assert response.status_code == 302 and response["Location"] == url("inspection_fill", inspection.pk)
    page = client_for(world.officer_b).get(url("visit_detail", world.visit_b.pk)).content.decode()
    assert url("inspection_fill", inspection.pk) in page
    liaison = client_for(world.liaison_b).get(url("visit_detail", world.visit_b.pk)).content.decode()
    assert url("inspection_fill", inspection.pk) not in liaison  # a draft is not the enterprise's to read
    submitted = client_for(world.officer_a).get(url("visit_detail", world.visit_a.pk)).content.decode()
    assert url("inspection_detail", world.inspection_a.pk) in submitted
    assert inspection.inspector == world.officer_b and inspection.checklist == world.checklist_police


def test_the_department_begins_only_the_inspection_it_owes(world, client_for):
    client = client_for(world.dept_transport)
    page = client.get(url("visit_detail", world.visit_b.pk))
    assert [label for _pk, label in page.context["start_form"].fields["inspection_type"].choices] == [
        world.insp_type_fire.name]
    count = Inspection.objects.count()
    assert client.post(url("inspection_start", world.visit_b.pk),
                       {"inspection_type": world.insp_type_police.pk}).status_code == 404
    assert Inspection.objects.count() == count
    assert client.post(url("inspection_start", world.visit_b.pk),
                       {"inspection_type": world.insp_type_fire.pk}).status_code == 302
    assert Inspection.objects.filter(visit=world.visit_b, department=world.dept_transport_unit).exists()


def test_beginning_a_type_twice_or_no_type_is_refused_beside_the_field(world, client_for):
    client = client_for(world.officer_a)
    count, events = Inspection.objects.count(), AuditEvent.objects.count()
    for value in (world.insp_type_fire.pk, "", "abc"):
        response = client.post(url("inspection_start", world.visit_a.pk), {"inspection_type": value})
        assert response.status_code == 400 and field_error(response.content.decode(), "inspection_type"), value
    assert Inspection.objects.count() == count and AuditEvent.objects.count() == events
    for persona in (world.liaison_a, world.officer_b, world.volunteer_a):
        assert client_for(persona).post(url("inspection_start", world.visit_a.pk), {
            "inspection_type": world.insp_type_police.pk}).status_code == 404
    assert Inspection.objects.count() == count


# --- the site menu -------------------------------------------------------------------------------------------------


def test_menu_leads_each_role_to_its_inspection_pages(world, client_for):
    def menu(persona):
        return [link for _label, link in client_for(persona).get(url("visit_list")).context["nav_items"]]

    for persona in (world.supervisor, world.officer_a, world.dept_transport):
        assert url("plan") in menu(persona) and url("hazard_board") in menu(persona)
    assert url("my_enterprise") in menu(world.liaison_a) and url("plan") not in menu(world.liaison_a)
    for persona in (world.volunteer_a, world.viewer):
        links = [link for _label, link in client_for(persona).get(reverse("home")).context["nav_items"]]
        assert not any(link.startswith("/inspections/") for link in links)
