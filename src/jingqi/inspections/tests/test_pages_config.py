"""The configuration pages: types, versioned checklists, cadence rules, key dates and safety profiles."""

import re

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jingqi.core.models import AuditEvent
from jingqi.core.testing import factories as f
from jingqi.core.testing.plans import assert_served_by_index, query_plan
from jingqi.inspections import services
from jingqi.inspections.models import CadenceRule, ChecklistVersion, InspectionType, KeyDate, SafetyProfile

pytestmark = [pytest.mark.django_db, pytest.mark.inspection_cast]

NOT_POLICE = ("liaison_a", "liaison_b", "dept_transport", "volunteer_a", "viewer")
NOT_SUPERVISOR = ("officer_a", "auxiliary_a", "officer_b", *NOT_POLICE)


def field_errors(content: str, name: str) -> list[str]:
    """The errors shown in the form field whose input is called ``name``."""
    pattern = r'<div class="field invalid">((?:(?!<div class="field).)*?name="' + re.escape(name) + r'".*?)</div>'
    block = re.search(pattern, content, re.S)
    return re.findall(r'<p class="error" role="alert">(.*?)</p>', block.group(1)) if block else []


def state():
    """Everything the configuration pages may write, to prove a refusal changed nothing."""
    return ([model_to_dict(o) for o in InspectionType.objects.order_by("pk")],
            [model_to_dict(o) for o in CadenceRule.objects.order_by("pk")],
            [model_to_dict(o) for o in KeyDate.objects.order_by("pk")],
            [model_to_dict(o) for o in SafetyProfile.objects.order_by("pk")],
            ChecklistVersion.objects.count(), AuditEvent.objects.count())


# --- the configuration page --------------------------------------------------------------------------------------


def test_supervisor_sees_types_rules_key_dates_and_profiles_with_edit_links(world, client_for):
    content = client_for(world.supervisor).get(reverse("inspections:config")).content.decode()
    for text in ("消防安全检查", "治安检查", "国庆节", world.rule_s.name, world.enterprise_a.name):
        assert text in content
    for url in (reverse("inspections:type_edit", args=[world.insp_type_fire.pk]),
                reverse("inspections:checklist_edit", args=[world.insp_type_fire.pk]),
                reverse("inspections:rule_edit", args=[world.rule_s.pk]),
                reverse("inspections:key_date_edit", args=[world.key_date_s.pk]),
                reverse("inspections:profile_edit", args=[world.enterprise_a.pk]), reverse("inspections:type_create")):
        assert url in content
    assert "城西" not in content and world.enterprise_t.name not in content  # station T's


def test_officer_reads_the_configuration_but_edits_only_profiles_of_their_parks(world, client_for):
    content = client_for(world.officer_a).get(reverse("inspections:config")).content.decode()
    assert "消防安全检查" in content and world.rule_s.name in content
    assert reverse("inspections:type_edit", args=[world.insp_type_fire.pk]) not in content
    assert reverse("inspections:type_create") not in content
    assert reverse("inspections:profile_edit", args=[world.enterprise_a.pk]) in content
    assert world.enterprise_b.name not in content  # park B is office B's


@pytest.mark.parametrize("persona", NOT_POLICE)
def test_config_page_is_not_found_for_anyone_but_the_police(world, client_for, persona):
    assert client_for(world.personas[persona]).get(reverse("inspections:config")).status_code == 404


@pytest.mark.parametrize("persona", NOT_SUPERVISOR)
def test_only_the_supervisor_may_create_types_rules_and_key_dates_and_a_refusal_changes_nothing(world, client_for,
                                                                                                 persona):
    client, before = client_for(world.personas[persona]), state()
    for name, data in (("type_create", {"code": "NEW", "name": "新类型", "kind": "fire", "active": "on"}),
                       ("rule_create", {"name": "新规则", "inspection_type": world.insp_type_fire.pk, "every": 3}),
                       ("key_date_create", {"name": "春节", "on": "2030-02-01", "lead_days": 7})):
        assert client.get(reverse(f"inspections:{name}")).status_code == 404
        assert client.post(reverse(f"inspections:{name}"), data).status_code == 404
    assert state() == before


def test_config_page_costs_the_same_queries_for_more_types_rules_key_dates_and_enterprises(world, client_for):
    client = client_for(world.supervisor)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("inspections:config")).status_code == 200
        return len(ctx)

    few = queries()
    for n in range(3):
        kind = services.do_save_inspection_type(world.supervisor, data={"code": f"X{n}", "name": f"类型{n}",
                                                                         "kind": "production"})
        services.do_publish_checklist(world.supervisor, kind, items=[{"text": "项目"}])
        services.do_save_rule(world.supervisor, data={"name": f"规则{n}", "inspection_type": kind.pk, "every": 6,
                                                      "industry_prefixes": "C26"})
        services.do_save_key_date(world.supervisor, data={"name": f"节日{n}", "on": world.key_date_s.on,
                                                          "lead_days": 5})
        enterprise = f.EnterpriseFactory(park=world.park_a)
        services.do_save_profile(world.officer_a, enterprise, risk_level=2)
    assert queries() == few


def test_types_and_key_dates_of_the_config_page_are_read_through_indexes(world):
    types = InspectionType.objects.visible_to(world.supervisor, "configure").order_by("code")
    # The (station, code) unique constraint: SQLite builds it inside the table, under a name of its own.
    assert_served_by_index(types, ("insp_type_code_uniq", "sqlite_autoindex_inspections_inspectiontype_1"))
    key_dates = KeyDate.objects.visible_to(world.supervisor, "configure").filter(on__gte=world.key_date_s.on)
    key_dates = key_dates.order_by("on", "pk")
    if connection.vendor == "sqlite":
        assert_served_by_index(key_dates, "insp_keydate_idx")
    else:
        # PostgreSQL's index entries are not in id order, the tie-breaker: it sorts the station's coming key dates.
        assert "insp_keydate_idx" in query_plan(key_dates)


# --- inspection types --------------------------------------------------------------------------------------------


def test_supervisor_creates_a_type_and_is_sent_to_write_its_checklist(world, client_for):
    response = client_for(world.supervisor).post(reverse("inspections:type_create"), {
        "code": "CHEM", "name": "危化品检查", "kind": "chemicals", "department": world.dept_transport_unit.pk,
        "active": "on"})
    kind = InspectionType.objects.get(station=world.station, code="CHEM")
    assert response.status_code == 302 and response.url == reverse("inspections:checklist_edit", args=[kind.pk])
    assert kind.department == world.dept_transport_unit and kind.active
    assert AuditEvent.objects.filter(action="inspection.type.create").exists()


def test_a_code_the_station_already_has_is_refused_beside_the_code_and_nothing_is_saved(world, client_for):
    before = state()
    response = client_for(world.supervisor).post(reverse("inspections:type_create"), {
        "code": "FIRE", "name": "重复", "kind": "fire", "active": "on"})
    assert response.status_code == 400
    assert field_errors(response.content.decode(), "code")
    assert state() == before


def test_another_stations_department_is_refused_beside_the_department(world, client_for):
    before = state()
    response = client_for(world.supervisor).post(reverse("inspections:type_create"), {
        "code": "NEW", "name": "新类型", "kind": "fire", "department": world.dept_t_unit.pk})
    assert response.status_code == 400 and field_errors(response.content.decode(), "department")
    assert state() == before


def test_type_edit_saves_and_a_stale_version_is_refused_without_change(world, client_for):
    client, kind = client_for(world.supervisor), world.insp_type_police
    data = {"code": "PUB", "name": "治安检查（新）", "kind": "public_security", "version": kind.version}
    assert client.post(reverse("inspections:type_edit", args=[kind.pk]), data).status_code == 302
    kind.refresh_from_db()
    assert kind.name == "治安检查（新）" and not kind.active
    before = state()
    response = client.post(reverse("inspections:type_edit", args=[kind.pk]), {**data, "name": "又改"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "Reload the page" in response.content.decode()
    assert state() == before


# --- checklists --------------------------------------------------------------------------------------------------


def test_checklist_page_shows_the_current_items_as_rows_and_the_published_versions(world, client_for):
    content = client_for(world.supervisor).get(
        reverse("inspections:checklist_edit", args=[world.insp_type_fire.pk])).content.decode()
    assert 'value="疏散通道畅通"' in content and 'name="item-3-text"' in content  # 3 items and spare rows
    assert "data-confirm" in content and 'id="versions"' in content


def test_asking_for_fewer_rows_never_hides_an_item_of_the_current_version(world, client_for):
    url = reverse("inspections:checklist_edit", args=[world.insp_type_fire.pk])
    content = client_for(world.supervisor).get(url, {"rows": 1}).content.decode()
    assert 'value="值班记录完整"' in content  # item 3 of 3
    more = client_for(world.supervisor).get(url, {"rows": 9}).content.decode()
    assert 'name="item-8-text"' in more and 'name="item-9-text"' not in more


def test_publishing_makes_the_next_version_and_leaves_the_one_in_use_unchanged(world, client_for):
    kind, first = world.insp_type_fire, world.checklist_fire
    old_items = list(first.items.values_list("number", "text"))
    response = client_for(world.supervisor).post(reverse("inspections:checklist_edit", args=[kind.pk]), {
        "rows": 4, "item-0-section": "通道", "item-0-text": "疏散通道畅通", "item-0-major": "on",
        "item-1-text": "", "item-2-text": "消防控制室有人值守", "item-2-guidance": "查看值班记录", "note": "增加值守"})
    assert response.status_code == 302
    second = services.current_checklist(kind)
    assert second.number == first.number + 1 and second.note == "增加值守"
    assert list(second.items.values_list("number", "text", "major_if_failed")) == [
        (1, "疏散通道畅通", True), (2, "消防控制室有人值守", False)]
    assert list(first.items.values_list("number", "text")) == old_items
    world.inspection_a.refresh_from_db()
    assert world.inspection_a.checklist_id == first.pk


def test_a_row_with_a_section_but_no_item_is_refused_beside_that_row(world, client_for):
    before = state()
    response = client_for(world.supervisor).post(
        reverse("inspections:checklist_edit", args=[world.insp_type_fire.pk]),
        {"rows": 2, "item-0-text": "灭火器有效", "item-1-section": "器材"})
    content = response.content.decode()
    assert response.status_code == 400
    assert field_errors(content, "item-1-text") and not field_errors(content, "item-0-text")
    assert state() == before


def test_an_empty_checklist_is_refused_and_nothing_is_published(world, client_for):
    before = state()
    response = client_for(world.supervisor).post(
        reverse("inspections:checklist_edit", args=[world.insp_type_fire.pk]), {"rows": 2})
    assert response.status_code == 400 and 'class="errors"' in response.content.decode()
    assert state() == before


# --- rules and key dates -----------------------------------------------------------------------------------------


def test_supervisor_creates_a_rule_with_its_conditions(world, client_for):
    response = client_for(world.supervisor).post(reverse("inspections:rule_create"), {
        "name": "化工企业每月", "inspection_type": world.insp_type_fire.pk, "every": 1, "key_only": "on",
        "industry_prefixes": "C26，c27", "min_risk": 3, "min_headcount": 50, "chemicals_only": "on",
        "at_key_dates": "on", "active": "on"})
    assert response.status_code == 302
    rule = CadenceRule.objects.get(name="化工企业每月")
    assert (rule.every, rule.key_only, rule.industry_prefixes, rule.min_risk, rule.min_headcount) == (
        1, True, ["C26", "C27"], 3, 50)
    assert rule.chemicals_only and rule.at_key_dates


def test_bad_industry_codes_are_refused_beside_the_field(world, client_for):
    before = state()
    response = client_for(world.supervisor).post(reverse("inspections:rule_create"), {
        "name": "坏规则", "inspection_type": world.insp_type_fire.pk, "every": 3, "industry_prefixes": "26"})
    assert response.status_code == 400 and field_errors(response.content.decode(), "industry_prefixes")
    assert state() == before


def test_rule_edit_cannot_point_at_another_stations_type(world, client_for):
    before, rule = state(), world.rule_s
    response = client_for(world.supervisor).post(reverse("inspections:rule_edit", args=[rule.pk]), {
        "name": rule.name, "inspection_type": world.insp_type_t.pk, "every": 3, "version": rule.version})
    assert response.status_code == 400 and field_errors(response.content.decode(), "inspection_type")
    assert state() == before


def test_key_date_edit_saves_and_bad_lead_days_are_refused_beside_the_field(world, client_for):
    client, key_date = client_for(world.supervisor), world.key_date_s
    url = reverse("inspections:key_date_edit", args=[key_date.pk])
    assert client.post(url, {"name": "国庆", "on": key_date.on.isoformat(), "lead_days": 7}).status_code == 302
    key_date.refresh_from_db()
    assert (key_date.name, key_date.lead_days) == ("国庆", 7)
    before = state()
    response = client.post(url, {"name": "国庆", "on": "2030-13-01", "lead_days": 0})
    content = response.content.decode()
    assert response.status_code == 400 and field_errors(content, "on") and field_errors(content, "lead_days")
    assert state() == before


# --- safety profiles ---------------------------------------------------------------------------------------------


def test_officer_saves_the_profile_of_an_enterprise_in_their_park(world, client_for):
    profile = world.profile_a
    response = client_for(world.officer_a).post(reverse("inspections:profile_edit", args=[world.enterprise_a.pk]), {
        "risk_level": 4, "hazardous_chemicals": "on", "monthly_budget": 2, "note": "储存液氨",
        "assessed_on": "2026-01-05", "version": profile.version})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.risk_level, profile.hazardous_chemicals, profile.monthly_budget, profile.note) == (
        4, True, 2, "储存液氨")


def test_profile_page_shows_the_months_visits_against_the_budget(world, client_for):
    today = timezone.localdate()
    content = client_for(world.officer_a).get(reverse("inspections:profile_edit", args=[world.enterprise_a.pk]),
                                              HTTP_ACCEPT_LANGUAGE="en").content.decode()
    used = services.visits_in_month(world.enterprise_a, today)
    assert f"Visits in {today:%Y-%m}: {used} of 6 allowed." in content
    assert world.enterprise_a.name in content and 'value="储存' not in content


def test_a_budget_out_of_range_is_refused_beside_the_field_and_nothing_changes(world, client_for):
    before = state()
    response = client_for(world.officer_a).post(reverse("inspections:profile_edit", args=[world.enterprise_a.pk]), {
        "risk_level": 2, "monthly_budget": 40, "version": world.profile_a.version})
    assert response.status_code == 400 and field_errors(response.content.decode(), "monthly_budget")
    assert state() == before


def test_auxiliary_may_not_change_a_profile_and_nothing_changes(world, client_for):
    before = state()
    response = client_for(world.auxiliary_a).post(reverse("inspections:profile_edit", args=[world.enterprise_a.pk]),
                                                  {"risk_level": 1, "version": world.profile_a.version})
    assert response.status_code == 404
    assert state() == before
