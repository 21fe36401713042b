"""The inspection services: the main spec. One test per transition, per permission rule and per bad input; every
refusal proves nothing changed."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.models import AuditEvent, Notification
from jingqi.core.testing import factories as f
from jingqi.inspections import services
from jingqi.inspections.models import (
    Hazard,
    HazardEvent,
    HazardPhoto,
    Inspection,
    InspectionVisit,
    Requirement,
    SafetyProfile,
)
from jingqi.registry.models import Enterprise, Visit

pytestmark = [pytest.mark.django_db, pytest.mark.inspection_cast]


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def today():
    return timezone.localdate()


def refused(call, exc=ActionError, field=None):
    events = AuditEvent.objects.count()
    with pytest.raises(exc) as info:
        call()
    assert AuditEvent.objects.count() == events
    if field is not None:
        assert info.value.field == field, info.value.message
    return info.value


def new_enterprise(world, park="b", **kwargs):
    """An enterprise of the park with its quarter's plan (the cast's own are planned into its visits already)."""
    enterprise = f.EnterpriseFactory(park=getattr(world, f"park_{park}"), **kwargs)
    services.do_generate_plan(world.supervisor, quarter_start=today())
    return enterprise


def plan_visit(world, enterprise=None, officer="officer_b", day=None, **kwargs):
    enterprise = enterprise or new_enterprise(world)
    due = Requirement.objects.filter(enterprise=enterprise, status="due")
    return services.do_plan_visit(getattr(world, officer), enterprise, planned_on=day or today() + timedelta(days=3),
                                  requirements=list(due.values_list("pk", flat=True)), **kwargs)


# --- the quarter's plan ------------------------------------------------------------------------------------


def test_periods_are_aligned_to_the_calendar_year():
    assert services.periods(3, date(2026, 10, 1), date(2026, 12, 31)) == [(date(2026, 10, 1), date(2026, 12, 31))]
    assert services.periods(1, date(2026, 10, 1), date(2026, 12, 31)) == [
        (date(2026, 10, 1), date(2026, 10, 31)), (date(2026, 11, 1), date(2026, 11, 30)),
        (date(2026, 12, 1), date(2026, 12, 31))]
    # A half-year or yearly rule is due once in its own period, whichever quarter's plan brings it in.
    assert services.periods(6, date(2026, 4, 1), date(2026, 6, 30)) == [(date(2026, 1, 1), date(2026, 6, 30))]
    assert services.periods(12, date(2026, 1, 1), date(2026, 3, 31)) == [(date(2026, 1, 1), date(2026, 12, 31))]
    assert services.quarter_of(date(2026, 11, 15)) == (date(2026, 10, 1), date(2026, 12, 31))


def test_the_plan_asks_each_matching_enterprise_once_per_period_and_before_each_key_date(world):
    rule = services.do_save_rule(world.supervisor, data={
        "name": "重点企业月度检查", "inspection_type": world.insp_type_police.pk, "every": 1, "key_only": True,
        "at_key_dates": True})
    key_enterprise = f.EnterpriseFactory(park=world.park_b, key_enterprise=True, name="重点企业甲")
    plain = f.EnterpriseFactory(park=world.park_b, key_enterprise=False, name="普通企业乙")
    before = Requirement.objects.count()
    added = services.do_generate_plan(world.officer_a, quarter_start=today())
    rows = Requirement.objects.filter(rule=rule)
    assert key_enterprise.pk in set(rows.values_list("enterprise", flat=True))
    assert not rows.filter(enterprise=plain).exists() and not rows.exclude(enterprise__key_enterprise=True).exists()
    first, last = services.quarter_of(today())
    months = len(services.periods(1, first, last))
    key = world.key_date_s
    key_dates = 1 if first < key.on and key.on - timedelta(days=key.lead_days) <= last else 0
    assert rows.filter(enterprise=key_enterprise).count() == months + key_dates
    # The two new enterprises also fall under the cast's two quarterly rules (every enterprise).
    assert added == Requirement.objects.count() - before == rows.count() + 2 * 2
    # Again: nothing new.
    assert services.do_generate_plan(world.supervisor, quarter_start=today()) == 0


def test_a_rule_s_conditions_must_all_hold(world):
    rule = services.do_save_rule(world.supervisor, data={
        "name": "危化品季度检查", "inspection_type": world.insp_type_fire.pk, "every": 3,
        "industry_prefixes": "c26, C25", "min_risk": 3, "min_headcount": 100, "chemicals_only": True})
    chem = f.EnterpriseFactory(park=world.park_a, industry_code="C2614", headcount=300)
    services.do_save_profile(world.officer_a, chem, risk_level=4, hazardous_chemicals=True)
    small = f.EnterpriseFactory(park=world.park_a, industry_code="C2614", headcount=20)
    services.do_save_profile(world.officer_a, small, risk_level=4, hazardous_chemicals=True)
    no_chem = f.EnterpriseFactory(park=world.park_a, industry_code="C2511", headcount=300)
    services.do_save_profile(world.officer_a, no_chem, risk_level=4, hazardous_chemicals=False)
    textile = f.EnterpriseFactory(park=world.park_a, industry_code="C1711", headcount=300)
    services.do_save_profile(world.officer_a, textile, risk_level=4, hazardous_chemicals=True)
    assert list(services.matching_enterprises(rule)) == [chem]
    assert rule.industry_prefixes == ["C25", "C26"]


@pytest.mark.parametrize(("data", "field"), [
    ({"industry_prefixes": "26"}, "industry_prefixes"), ({"industry_prefixes": "C12345"}, "industry_prefixes"),
    ({"every": 5}, "every"), ({"min_risk": 9}, "min_risk"), ({"name": ""}, "name"),
    ({"inspection_type": "t"}, "inspection_type"), ({"min_headcount": "-1"}, "min_headcount"),
])
def test_a_bad_rule_is_refused(world, data, field):
    data = {"name": "规则", "inspection_type": world.insp_type_fire.pk, "every": 3, **data}
    if data["inspection_type"] == "t":
        data["inspection_type"] = world.insp_type_t.pk
    before = world.rule_s.version
    refused(lambda: services.do_save_rule(world.supervisor, data=data, rule=world.rule_s), field=field)
    assert fresh(world.rule_s).version == before


def test_only_the_station_s_police_generate_its_plan(world):
    for persona in ("liaison_a", "dept_transport", "volunteer_a", "viewer"):
        refused(lambda p=persona: services.do_generate_plan(getattr(world, p), quarter_start=today()),
                exc=PermissionDenied)


def test_the_supervisor_waives_an_unplanned_requirement_with_a_reason(world):
    row = Requirement.objects.filter(enterprise=new_enterprise(world), status="due").first()
    refused(lambda: services.do_waive_requirement(world.officer_a, row, reason="停产"), exc=PermissionDenied)
    refused(lambda: services.do_waive_requirement(world.supervisor, row, reason=""), field="reason")
    services.do_waive_requirement(world.supervisor, row, reason="企业停产整顿")
    assert fresh(row).status == "waived"
    planned = world.visit_a.requirements.exclude(status="done").first()
    refused(lambda: services.do_waive_requirement(world.supervisor, planned, reason="x"))


# --- visits and the budget ---------------------------------------------------------------------------------


def test_three_departments_inspections_merge_into_one_visit(world):
    fire, police = world.insp_type_fire, world.insp_type_police
    labour = f.DepartmentFactory(station=world.station, code="D-LB", name="应急管理局")
    chem = services.do_save_inspection_type(world.supervisor, data={
        "code": "CHEM", "name": "危化品检查", "kind": "chemicals", "department": labour.pk})
    services.do_save_rule(world.supervisor, data={"name": "危化品", "inspection_type": chem.pk, "every": 3})
    key = f.EnterpriseFactory(park=world.park_a, key_enterprise=True)
    services.do_generate_plan(world.supervisor, quarter_start=today())
    due = Requirement.objects.filter(enterprise=key, status="due", key_date__isnull=True)
    assert set(due.values_list("inspection_type", flat=True)) == {fire.pk, police.pk, chem.pk}
    visit = services.do_plan_visit(world.officer_a, key, planned_on=today() + timedelta(days=2),
                                   requirements=list(due.values_list("pk", flat=True)), officers=[world.auxiliary_a.pk])
    assert set(visit.departments.all()) == {world.dept_transport_unit, labour}
    assert set(visit.requirements.values_list("status", flat=True)) == {"planned"}
    assert not visit.over_budget
    assert InspectionVisit.objects.filter(enterprise=key).count() == 1


def test_a_visit_beyond_the_monthly_budget_needs_a_reason_the_supervisor_sees(world):
    enterprise = f.EnterpriseFactory(park=world.park_a, key_enterprise=True)
    services.do_save_profile(world.officer_a, enterprise, risk_level=2, monthly_budget=1)
    services.do_generate_plan(world.supervisor, quarter_start=today())
    day = today() + timedelta(days=2)
    rows = list(Requirement.objects.filter(enterprise=enterprise, status="due").values_list("pk", flat=True))
    Visit.objects.create(enterprise=enterprise, officer=world.officer_a, summary="走访",
                         visited_at=timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))
                         + timedelta(hours=10))
    error = refused(lambda: services.do_plan_visit(world.officer_a, enterprise, planned_on=day, requirements=rows),
                    field="over_budget_reason")
    assert error.code == "over_budget"
    assert not InspectionVisit.objects.filter(enterprise=enterprise).exists()
    assert set(Requirement.objects.filter(pk__in=rows).values_list("status", flat=True)) == {"due"}
    with django_capture_on_commit():
        visit = services.do_plan_visit(world.officer_a, enterprise, planned_on=day, requirements=rows,
                                       over_budget_reason="节前专项检查")
    assert visit.over_budget and visit.over_budget_reason == "节前专项检查"
    assert Notification.objects.filter(user=world.supervisor, verb="inspection.visit.over_budget").exists()


def django_capture_on_commit():
    """Runs the on-commit callbacks (the notices) at the end of the block, as a commit would."""
    from contextlib import contextmanager

    from django.db import connection

    @contextmanager
    def run():
        start = len(connection.run_on_commit)
        yield
        callbacks = connection.run_on_commit[start:]
        del connection.run_on_commit[start:]
        for _sids, callback, _robust in callbacks:
            callback()

    return run()


def test_the_enterprise_and_the_departments_are_told_of_a_visit_in_advance(world):
    enterprise = new_enterprise(world)
    liaison = f.UserFactory(username="liaison_new", role="liaison", enterprise=enterprise)
    with django_capture_on_commit():
        visit = plan_visit(world, enterprise, notice="请准备特种设备台账")
    notice = Notification.objects.get(user=liaison, verb="inspection.visit.planned")
    assert enterprise.name in notice.title and notice.body == "请准备特种设备台账"
    assert notice.url == f"/inspections/visits/{visit.pk}/"


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"planned_on": "2020-01-01"}, "planned_on"),
    ({"planned_on": "明天"}, "planned_on"),
    ({"requirements": []}, "requirements"),
    ({"requirements": ["x"]}, "requirements"),
    ({"lead": "liaison_a"}, "lead"),
    ({"officers": ["officer_t"]}, "officers"),
    ({"departments": ["dept_t_unit"]}, "departments"),
    ({"notice": "x" * 5001}, "notice"),
])
def test_bad_visit_input_is_refused_and_nothing_changes(world, kwargs, field):
    enterprise = new_enterprise(world)
    due = list(Requirement.objects.filter(enterprise=enterprise, status="due").values_list("pk", flat=True))
    args = {"planned_on": (today() + timedelta(days=2)).isoformat(), "requirements": due, **kwargs}
    if args.get("lead") == "liaison_a":
        args["lead"] = world.liaison_a.pk
    if args.get("officers") == ["officer_t"]:
        args["officers"] = [world.supervisor_t.pk]
    if args.get("departments") == ["dept_t_unit"]:
        args["departments"] = [world.dept_t_unit.pk]
    before = InspectionVisit.objects.count()
    refused(lambda: services.do_plan_visit(world.officer_b, enterprise, **args), field=field)
    assert InspectionVisit.objects.count() == before
    assert set(Requirement.objects.filter(pk__in=due).values_list("status", flat=True)) == {"due"}


def test_a_visit_takes_only_the_enterprise_s_own_unplanned_requirements(world):
    refused(lambda: services.do_plan_visit(world.officer_a, world.enterprise_a, planned_on=today() + timedelta(1),
                                           requirements=[world.visit_a.requirements.first().pk]),
            field="requirements")
    b_row = Requirement.objects.filter(enterprise=new_enterprise(world), status="due").first()
    # Park b's requirement is not officer a's to plan at all.
    refused(lambda: services.do_plan_visit(world.officer_a, world.enterprise_a, planned_on=today() + timedelta(1),
                                           requirements=[b_row.pk]), field="requirements")


def test_an_officer_cannot_plan_outside_the_parks_of_the_office(world):
    enterprise = new_enterprise(world)
    due = list(Requirement.objects.filter(enterprise=enterprise, status="due").values_list("pk", flat=True))
    refused(lambda: services.do_plan_visit(world.officer_a, enterprise, planned_on=today() + timedelta(1),
                                           requirements=due), exc=Http404)
    for persona in ("liaison_b", "dept_transport"):
        refused(lambda p=persona: services.do_plan_visit(getattr(world, p), enterprise,
                                                         planned_on=today() + timedelta(1), requirements=due),
                exc=PermissionDenied)


def test_moving_a_visit_keeps_its_version_and_tells_the_enterprise(world):
    visit = plan_visit(world)
    liaison = f.UserFactory(username="liaison_new", role="liaison", enterprise=visit.enterprise)
    version = visit.version
    refused(lambda: services.do_change_visit(world.officer_b, visit, planned_on=today() + timedelta(5),
                                             expected_version=version + 1))
    with django_capture_on_commit():
        moved = services.do_change_visit(world.officer_b, visit, planned_on=today() + timedelta(5),
                                         expected_version=version)
    assert moved.planned_on == today() + timedelta(5) and moved.version == version + 1
    assert Notification.objects.filter(user=liaison, verb="inspection.visit.planned").count() == 1


def test_a_requirement_taken_off_a_visit_is_due_again(world):
    visit = plan_visit(world)
    rows = list(visit.requirements.order_by("pk"))
    services.do_change_visit(world.officer_b, visit, requirements=[rows[0].pk])
    assert fresh(rows[0]).status == "planned" and fresh(rows[1]).status == "due" and fresh(rows[1]).visit is None


def test_cancelling_a_visit_puts_its_inspections_back_on_the_plan(world):
    visit = plan_visit(world)
    refused(lambda: services.do_cancel_visit(world.officer_b, visit, reason=""), field="reason")
    services.do_cancel_visit(world.officer_b, visit, reason="企业临时停产")
    assert fresh(visit).status == "cancelled"
    assert not visit.requirements.exists()
    refused(lambda: services.do_cancel_visit(world.officer_b, visit, reason="再次"))


def test_a_visit_whose_inspection_began_cannot_be_cancelled(world):
    refused(lambda: services.do_cancel_visit(world.officer_a, world.visit_a, reason="x"))


# --- checklists and inspections ----------------------------------------------------------------------------


def test_start_and_photo_times_are_read_when_they_happen_so_a_replayed_clock_sets_them(world):
    """The demo replays its history by patching ``timezone.now``; a field default bound at import would not see
    it (every inspection and photo would carry the day the demo was loaded)."""
    from unittest import mock

    visit = plan_visit(world)
    then = timezone.now() - timedelta(days=40)
    with mock.patch("django.utils.timezone.now", return_value=then):
        inspection = services.do_start_inspection(world.officer_b, visit, world.insp_type_police)
        hazard = services.do_report_hazard(world.officer_a, park=world.park_a, enterprise=world.enterprise_a,
                                           data={"title": "消防通道堵塞"}, photo=f.png_upload())
    inspection.refresh_from_db()
    assert inspection.started_at == then
    assert [p.uploaded_at for p in hazard.photos.all()] == [then]


def test_a_new_checklist_version_leaves_inspections_under_way_on_theirs(world):
    visit = plan_visit(world)
    inspection = services.do_start_inspection(world.officer_b, visit, world.insp_type_police)
    old = inspection.checklist
    new = services.do_publish_checklist(world.supervisor, world.insp_type_police,
                                        items=[{"text": "监控正常"}, {"text": "门卫登记"}], note="改版")
    assert new.number == old.number + 1 and services.current_checklist(world.insp_type_police) == new
    # An answer to an item of the new version is refused: the inspection answers the version it began on.
    refused(lambda: services.do_save_answer(world.officer_b, inspection, item=new.items.first().pk, result="pass"),
            field="item")
    assert fresh(inspection).checklist == old


@pytest.mark.parametrize(("items", "field"), [([], "items"), ([{"text": ""}], "items"), (["x"], "items"),
                                               ([{"text": "x" * 501}], "items")])
def test_a_bad_checklist_is_refused(world, items, field):
    before = world.insp_type_police.checklists.count()
    refused(lambda: services.do_publish_checklist(world.supervisor, world.insp_type_police, items=items),
            field=field)
    assert world.insp_type_police.checklists.count() == before


def test_only_the_supervisor_configures(world):
    for persona in ("officer_a", "liaison_a", "dept_transport"):
        actor = getattr(world, persona)
        refused(lambda a=actor: services.do_publish_checklist(a, world.insp_type_police, items=[{"text": "x"}]),
                exc=(Http404, PermissionDenied))
        refused(lambda a=actor: services.do_save_rule(a, data={"name": "x", "inspection_type":
                                                               world.insp_type_police.pk}), exc=PermissionDenied)
    refused(lambda: services.do_publish_checklist(world.supervisor_t, world.insp_type_police, items=[{"text": "x"}]),
            exc=Http404)


def test_the_owing_department_fills_its_own_inspection_but_not_the_police_s(world):
    visit = plan_visit(world)
    inspection = services.do_start_inspection(world.dept_transport, visit, world.insp_type_fire)
    assert inspection.department == world.dept_transport_unit and inspection.inspector == world.dept_transport
    refused(lambda: services.do_start_inspection(world.dept_transport, visit, world.insp_type_police),
            exc=PermissionDenied)
    item = inspection.checklist.items.first()
    services.do_save_answer(world.dept_transport, inspection, item=item.pk, result="pass")
    refused(lambda: services.do_save_answer(world.liaison_b, inspection, item=item.pk, result="pass"), exc=Http404)


def test_an_answer_is_saved_again_and_again_until_submitted(world):
    visit = plan_visit(world)
    inspection = services.do_start_inspection(world.officer_b, visit, world.insp_type_police)
    item = inspection.checklist.items.first()
    services.do_save_answer(world.officer_b, inspection, item=item.pk, result="pass")
    services.do_save_answer(world.officer_b, inspection, item=item.pk, result="fail", note="门卫未登记")
    answer = inspection.answers.get()
    assert (answer.result, answer.severity) == ("fail", "major")  # item 1 is major if failed


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"result": "maybe"}, "result"),
    ({"result": "fail"}, "note"),
    ({"result": "fail", "note": "x", "severity": "huge"}, "severity"),
    ({"result": "pass", "note": "x" * 501}, "note"),
    ({"result": "fail", "note": "x", "photo": "text"}, "photo"),
])
def test_a_bad_answer_is_refused(world, kwargs, field):
    visit = plan_visit(world)
    inspection = services.do_start_inspection(world.officer_b, visit, world.insp_type_police)
    if kwargs.get("photo") == "text":
        from django.core.files.uploadedfile import SimpleUploadedFile

        kwargs = {**kwargs, "photo": SimpleUploadedFile("a.png", b"not a picture", content_type="image/png")}
    refused(lambda: services.do_save_answer(world.officer_b, inspection, item=inspection.checklist.items.first().pk,
                                            **kwargs), field=field)
    assert not inspection.answers.exists()


def test_submitting_needs_every_item_and_the_after_photo_of_an_on_site_fix(world):
    visit = plan_visit(world)
    inspection = services.do_start_inspection(world.officer_b, visit, world.insp_type_police)
    items = list(inspection.checklist.items.order_by("number"))
    services.do_save_answer(world.officer_b, inspection, item=items[0].pk, result="pass")
    error = refused(lambda: services.do_submit_inspection(world.officer_b, inspection))
    assert error.code == "incomplete" and "2, 3" in error.message
    services.do_save_answer(world.officer_b, inspection, item=items[1].pk, result="fail", note="过期",
                            fixed_on_site=True)
    services.do_save_answer(world.officer_b, inspection, item=items[2].pk, result="na")
    refused(lambda: services.do_submit_inspection(world.officer_b, inspection), field="after_photo")
    assert fresh(inspection).status == "draft" and not Hazard.objects.filter(inspection=inspection).exists()


def test_a_submitted_inspection_opens_its_hazards_and_finishes_the_visit(world):
    visit = plan_visit(world)
    done = []
    for kind in (world.insp_type_fire, world.insp_type_police):
        inspection = services.do_start_inspection(world.officer_b, visit, kind)
        items = list(inspection.checklist.items.order_by("number"))
        services.do_save_answer(world.officer_b, inspection, item=items[0].pk, result="pass")
        services.do_save_answer(world.officer_b, inspection, item=items[1].pk, result="fail", note="灭火器过期",
                                fixed_on_site=True, after_photo=f.png_upload())
        services.do_save_answer(world.officer_b, inspection, item=items[2].pk, result="fail", note="无值班记录")
        done.append(services.do_submit_inspection(world.officer_b, inspection))
    hazards = Hazard.objects.filter(inspection__in=done)
    assert hazards.count() == 4
    assert hazards.filter(fixed_on_site=True, status="closed").count() == 2
    assert hazards.filter(status="reported", severity="general").count() == 2
    assert HazardPhoto.objects.filter(hazard__in=hazards, kind="after").count() == 2
    visit = fresh(visit)
    assert visit.status == "done" and set(visit.requirements.values_list("status", flat=True)) == {"done"}
    refused(lambda: services.do_save_answer(world.officer_b, done[0], item=items[0].pk, result="fail", note="x"))


def test_a_hazard_found_in_an_inspection_is_placed_where_its_enterprise_is(world):
    visit = plan_visit(world)
    placed = {"latitude": Decimal("29.612345"), "longitude": Decimal("120.812345")}
    for located in (False, True):
        Enterprise.objects.filter(pk=visit.enterprise_id).update(
            **(placed if located else {"latitude": None, "longitude": None}))
        inspection = services.do_start_inspection(world.officer_b, fresh(visit),
                                                  world.insp_type_police if located else world.insp_type_fire)
        for item in inspection.checklist.items.order_by("number")[:1]:
            services.do_save_answer(world.officer_b, inspection, item=item.pk, result="fail", note="无值班记录")
        for item in inspection.checklist.items.order_by("number")[1:]:
            services.do_save_answer(world.officer_b, inspection, item=item.pk, result="pass")
        services.do_submit_inspection(world.officer_b, inspection)
        hazard = Hazard.objects.get(inspection=inspection)
        position = {"latitude": hazard.latitude, "longitude": hazard.longitude}
        assert position == (placed if located else {"latitude": None, "longitude": None})


def test_finishing_a_visit_with_an_inspection_not_done_puts_it_back_on_the_plan(world):
    visit = plan_visit(world)
    inspection = services.do_start_inspection(world.officer_b, visit, world.insp_type_fire)
    refused(lambda: services.do_finish_visit(world.officer_b, visit))  # still being filled in
    for item in inspection.checklist.items.all():
        services.do_save_answer(world.officer_b, inspection, item=item.pk, result="pass")
    services.do_submit_inspection(world.officer_b, inspection)
    services.do_finish_visit(world.officer_b, visit)
    police_row = Requirement.objects.get(enterprise=visit.enterprise, inspection_type=world.insp_type_police,
                                         key_date__isnull=True)
    assert police_row.status == "due" and police_row.visit is None


# --- hazards ------------------------------------------------------------------------------------------------


def test_a_hazard_is_given_a_deadline_fixed_by_the_enterprise_verified_and_closed(world):
    hazard = world.hazard_a
    assert hazard.status == "rectifying" and hazard.responsible_phone_masked == "138****0001"
    refused(lambda: services.do_report_hazard_fix(world.liaison_a, hazard, note="已清理", photos=[]), field="photos")
    refused(lambda: services.do_report_hazard_fix(world.liaison_b, hazard, note="x", photos=[f.png_upload()]),
            exc=Http404)
    with django_capture_on_commit():
        services.do_report_hazard_fix(world.liaison_a, hazard, note="已清理通道并划线", photos=[f.png_upload()])
    assert Notification.objects.filter(user=world.officer_a, verb="hazard.fix_reported").exists()
    hazard = fresh(hazard)
    assert hazard.status == "fix_reported" and hazard.photos.filter(kind="after").count() == 1
    refused(lambda: services.do_close_hazard(world.liaison_a, hazard, verification="photo_review", note="x"),
            exc=PermissionDenied)
    refused(lambda: services.do_close_hazard(world.officer_a, hazard, verification="", note="x"), field="verification")
    refused(lambda: services.do_close_hazard(world.officer_a, hazard, verification="photo_review", note=""),
            field="note")
    refused(lambda: services.do_close_hazard(world.officer_a, hazard, verification="reinspection", note="复查"),
            field="photos")
    services.do_close_hazard(world.officer_a, hazard, verification="photo_review", note="照片显示通道已清空")
    hazard = fresh(hazard)
    assert (hazard.status, hazard.closed_by, hazard.verification) == ("closed", world.officer_a, "photo_review")
    kinds = list(HazardEvent.objects.filter(hazard=hazard).values_list("kind", flat=True))
    assert kinds == ["reported", "assigned", "fix_reported", "closed"]


def test_two_officers_closing_the_same_hazard_never_both_succeed(world):
    services.do_report_hazard_fix(world.liaison_a, world.hazard_a, note="已整改", photos=[f.png_upload()])
    stale = fresh(world.hazard_a)
    services.do_close_hazard(world.officer_a, stale, verification="photo_review", note="合格")
    error = refused(lambda: services.do_close_hazard(world.auxiliary_a, stale, verification="photo_review",
                                                     note="合格"))
    assert error.code == "illegal_transition"
    assert HazardEvent.objects.filter(hazard=stale, kind="closed").count() == 1


def test_a_stale_version_is_refused(world):
    hazard = world.hazard_a
    refused(lambda: services.do_assign_hazard(world.officer_a, hazard, responsible_name="张", measures="x",
                                              expected_version=hazard.version - 1))


def test_a_fix_sent_back_goes_back_to_the_enterprise_with_a_new_deadline(world):
    services.do_report_hazard_fix(world.liaison_a, world.hazard_a, note="已整改", photos=[f.png_upload()])
    refused(lambda: services.do_send_back_hazard(world.officer_a, world.hazard_a, reason=""), field="reason")
    refused(lambda: services.do_send_back_hazard(world.officer_a, world.hazard_a, reason="x", deadline="2020-01-01"),
            field="deadline")
    new_day = today() + timedelta(days=9)
    services.do_send_back_hazard(world.officer_a, world.hazard_a, reason="通道仍有杂物", deadline=new_day.isoformat())
    hazard = fresh(world.hazard_a)
    assert (hazard.status, hazard.deadline, hazard.sent_back) == ("rectifying", new_day, 1)
    assert hazard.due_at == services.end_of_business(new_day)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"deadline": "2020-01-01"}, "deadline"),
    ({"deadline": "下周"}, "deadline"),
    ({"responsible_name": ""}, "responsible_name"),
    ({"responsible_phone": "12345"}, "responsible_phone"),
    ({"measures": ""}, "measures"),
    ({"handler": "liaison"}, "lead"),
])
def test_a_bad_deadline_or_responsible_person_is_refused(world, kwargs, field):
    args = {"responsible_name": "李工", "measures": "加锁", "deadline": (today() + timedelta(3)).isoformat(), **kwargs}
    if args.get("handler") == "liaison":
        args["handler"] = world.liaison_b.pk
    refused(lambda: services.do_assign_hazard(world.officer_b, world.hazard_b, **args), field=field)
    assert fresh(world.hazard_b).status == "reported"


def test_without_a_deadline_the_hazard_gets_working_days_on_the_calendar(world, settings):
    settings.HAZARD_DEFAULT_WORKING_DAYS = 10
    hazard = services.do_assign_hazard(world.officer_b, world.hazard_b, responsible_name="李工", measures="加锁")
    assert hazard.deadline == services.default_deadline()
    assert hazard.deadline >= today() + timedelta(days=12)  # ten working days are at least two weeks
    assert hazard.handler == world.officer_b


def test_a_hazard_fixed_on_site_is_closed_with_its_after_photo(world):
    refused(lambda: services.do_fix_hazard_on_site(world.officer_b, world.hazard_b, after_photo=None),
            field="after_photo")
    refused(lambda: services.do_fix_hazard_on_site(world.officer_a, world.hazard_b, after_photo=f.png_upload()),
            exc=Http404)
    services.do_fix_hazard_on_site(world.officer_b, world.hazard_b, after_photo=f.png_upload(), note="当场上锁")
    hazard = fresh(world.hazard_b)
    assert hazard.status == "closed" and hazard.fixed_on_site
    refused(lambda: services.do_assign_hazard(world.officer_b, hazard, responsible_name="x", measures="x"))


def test_a_major_hazard_tells_the_supervisor_and_the_department_at_once(world):
    with django_capture_on_commit():
        hazard = services.do_report_hazard(world.officer_a, park=world.park_a, enterprise=world.enterprise_a, data={
            "title": "液化气瓶靠近火源", "severity": "major", "department": world.dept_transport_unit.pk})
    assert hazard.reference.startswith("S-YH")
    told = Notification.objects.filter(verb="hazard.major", url__endswith=f"/{hazard.pk}/")
    for user in (world.supervisor, world.dept_transport):
        assert told.filter(user=user).exists()
    assert not told.filter(user=world.supervisor_t).exists()


@pytest.mark.parametrize(("data", "field"), [
    ({"title": ""}, "title"), ({"title": "x" * 501}, "title"), ({"title": "x", "severity": "huge"}, "severity"),
    ({"title": "x", "latitude": "91"}, "latitude"), ({"title": "x", "department": "dept_t"}, "department"),
])
def test_a_bad_hazard_report_is_refused(world, data, field):
    if data.get("department") == "dept_t":
        data = {**data, "department": world.dept_t_unit.pk}
    before = Hazard.objects.count()
    refused(lambda: services.do_report_hazard(world.officer_a, park=world.park_a, data=data), field=field)
    assert Hazard.objects.count() == before


def test_only_the_police_report_and_only_the_supervisor_voids(world):
    for persona in ("liaison_a", "dept_transport", "volunteer_a"):
        refused(lambda p=persona: services.do_report_hazard(getattr(world, p), park=world.park_a,
                                                            data={"title": "x"}), exc=PermissionDenied)
    refused(lambda: services.do_report_hazard(world.officer_a, park=world.park_b, data={"title": "x"}), exc=Http404)
    refused(lambda: services.do_void_hazard(world.officer_b, world.hazard_b, reason="重复"), exc=PermissionDenied)
    services.do_void_hazard(world.supervisor, world.hazard_b, reason="重复登记")
    assert fresh(world.hazard_b).status == "void"


def test_a_request_becomes_a_hazard_linked_to_it(world):
    hazard = services.do_report_hazard(world.officer_a, park=world.park_a, data={"title": "仓库消防栓无水"},
                                       ticket=world.ticket_a)
    assert (hazard.source, hazard.ticket, hazard.enterprise) == ("request", world.ticket_a, world.enterprise_a)


def test_the_enterprise_comments_openly_and_the_police_internally_by_default(world):
    services.do_comment_hazard(world.liaison_a, world.hazard_a, text="已安排人员", internal=True)
    services.do_comment_hazard(world.officer_a, world.hazard_a, text="内部：该企业多次整改不到位")
    events = HazardEvent.objects.filter(hazard=world.hazard_a, kind="comment").order_by("pk")
    assert [e.internal for e in events] == [False, True]
    seen = HazardEvent.objects.visible_to(world.liaison_a).filter(hazard=world.hazard_a, kind="comment")
    assert list(seen.values_list("message", flat=True)) == ["已安排人员"]
    refused(lambda: services.do_comment_hazard(world.liaison_b, world.hazard_a, text="x"), exc=Http404)


# --- overdue hazards escalate ------------------------------------------------------------------------------


def test_an_overdue_hazard_goes_to_its_officer_then_to_the_supervisor(world, settings):
    settings.HAZARD_ESCALATE_TO_SUPERVISOR_AFTER_HOURS = 48
    hazard = world.hazard_a
    due = hazard.due_at
    assert services.escalate_overdue_hazards(due - timedelta(minutes=1)) == 0
    with django_capture_on_commit():
        assert services.escalate_overdue_hazards(due + timedelta(minutes=1)) == 1
        assert services.escalate_overdue_hazards(due + timedelta(minutes=2)) == 0  # once per level
    assert Notification.objects.filter(user=world.officer_a, verb="hazard.overdue").count() == 1
    assert Notification.objects.filter(user=world.liaison_a, verb="hazard.overdue").count() == 1
    assert not Notification.objects.filter(verb="hazard.overdue.supervisor").exists()
    with django_capture_on_commit():
        assert services.escalate_overdue_hazards(due + timedelta(hours=49)) == 1
    assert Notification.objects.filter(user=world.supervisor, verb="hazard.overdue.supervisor").count() == 1
    assert fresh(hazard).escalation_level == 2
    assert HazardEvent.objects.filter(hazard=hazard, kind="escalated").count() == 2


def test_a_fix_reported_before_the_deadline_stops_the_clock(world):
    services.do_report_hazard_fix(world.liaison_a, world.hazard_a, note="已整改", photos=[f.png_upload()])
    assert services.escalate_overdue_hazards(world.hazard_a.due_at + timedelta(days=5)) == 0


def test_the_deadline_ends_with_the_working_day(world):
    day = date(2026, 10, 9)
    end = timezone.localtime(services.end_of_business(day))
    assert (end.date(), end.hour, end.minute) == (day, 17, 30)


# --- scoping --------------------------------------------------------------------------------------------------


def test_each_persona_sees_exactly_its_hazards(world):
    def seen(persona, action="view"):
        return set(Hazard.objects.visible_to(getattr(world, persona), action).values_list("pk", flat=True))

    a = {world.hazard_a.pk, world.hazard_a_fixed.pk}
    assert seen("officer_a") == a
    assert seen("officer_b") == {world.hazard_b.pk}
    assert seen("supervisor") == a | {world.hazard_b.pk}
    assert seen("supervisor_t") == {world.hazard_t.pk}
    assert seen("liaison_a") == a and seen("liaison_a", "fix") == a and seen("liaison_a", "change") == set()
    assert seen("dept_transport") == a  # the fire inspection's hazards are the transport department's here
    assert seen("volunteer_a") == seen("viewer") == set()


def test_the_enterprise_sees_its_visits_but_no_other_s_and_only_submitted_inspections(world):
    assert set(InspectionVisit.objects.visible_to(world.liaison_a)) == {world.visit_a}
    assert list(Inspection.objects.visible_to(world.liaison_a)) == [world.inspection_a]
    draft = services.do_start_inspection(world.officer_a, world.visit_a, world.insp_type_police)
    assert draft not in Inspection.objects.visible_to(world.liaison_a)
    assert set(InspectionVisit.objects.visible_to(world.dept_transport)) == {world.visit_a, world.visit_b}
    assert set(SafetyProfile.objects.visible_to(world.liaison_a)) == {world.profile_a}
    assert not SafetyProfile.objects.visible_to(world.liaison_a, "change").exists()


def test_a_key_date_just_after_the_quarter_is_planned_in_the_days_before_it(world):
    first, last = services.quarter_of(today())
    rule = services.do_save_rule(world.supervisor, data={
        "name": "节前检查", "inspection_type": world.insp_type_police.pk, "every": 12, "at_key_dates": True})
    new_year = services.do_save_key_date(world.supervisor, data={
        "name": "元旦", "on": (last + timedelta(days=1)).isoformat(), "lead_days": 10})
    services.do_generate_plan(world.supervisor, quarter_start=today())
    rows = Requirement.objects.filter(rule=rule, key_date=new_year)
    assert rows.exists()
    assert {(r.period_start, r.due_on) for r in rows} == {(last - timedelta(days=9), last)}


def test_a_visit_before_an_inspection_s_period_is_refused(world):
    enterprise = new_enterprise(world)
    first, last = services.quarter_of(today())
    visit = plan_visit(world, enterprise, day=last)
    services.do_generate_plan(world.supervisor, quarter_start=last + timedelta(days=1))  # next quarter's too
    later = Requirement.objects.filter(enterprise=enterprise, period_start__gt=last).first()
    refused(lambda: services.do_plan_visit(world.officer_b, enterprise, planned_on=today() + timedelta(days=1),
                                           requirements=[later.pk]), field="planned_on")
    refused(lambda: services.do_change_visit(world.officer_b, visit, planned_on=today(),
                                             requirements=[later.pk]), field="planned_on")


def test_a_department_begins_only_the_inspections_planned_on_the_visit(world):
    visit = plan_visit(world)
    services.do_change_visit(world.officer_b, visit, requirements=[
        visit.requirements.get(inspection_type=world.insp_type_police).pk], departments=[world.dept_transport_unit.pk])
    # The transport department takes part (named on the visit) but its fire inspection is not planned on it.
    refused(lambda: services.do_start_inspection(world.dept_transport, visit, world.insp_type_fire),
            exc=PermissionDenied)
    assert services.do_start_inspection(world.officer_b, visit, world.insp_type_fire).inspector == world.officer_b


def test_a_failure_changed_to_a_pass_drops_its_photos_and_answers_leave_the_submit_current(world):
    visit = plan_visit(world)
    inspection = services.do_start_inspection(world.officer_b, visit, world.insp_type_police)
    version = fresh(inspection).version
    item = inspection.checklist.items.order_by("number")[1]
    services.do_save_answer(world.officer_b, inspection, item=item.pk, result="fail", note="过期",
                            photo=f.png_upload(), fixed_on_site=True, after_photo=f.png_upload())
    services.do_save_answer(world.officer_b, inspection, item=item.pk, result="pass")
    answer = inspection.answers.get()
    assert (answer.photo.name, answer.after_photo.name, answer.severity) == ("", "", "")
    assert fresh(inspection).version == version  # another phone's submit form is not made stale


def test_a_key_date_edited_on_a_stale_version_is_refused(world):
    key = world.key_date_s
    services.do_save_key_date(world.supervisor, key_date=key, expected_version=key.version,
                              data={"name": "国庆", "on": key.on.isoformat(), "lead_days": 7})
    refused(lambda: services.do_save_key_date(world.supervisor, key_date=key, expected_version=key.version,
                                              data={"name": "中秋", "on": key.on.isoformat(), "lead_days": 7}))
    assert fresh(key).name == "国庆"
