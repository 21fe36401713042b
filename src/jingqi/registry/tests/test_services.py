"""The registry's main spec: each action, each permission rule, each bad input."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.models import AuditEvent
from jingqi.core.pii import blind_index
from jingqi.core.testing import factories as f
from jingqi.registry import services
from jingqi.registry.models import Contact, Enterprise, Park, Person, Strategy, TeamMember, Visit

pytestmark = pytest.mark.django_db


def enterprise_data(world, **overrides):
    data = {"park": world.park_a, "name": "嵊州新质储能科技有限公司", "uscc": f.valid_uscc(990001),
            "industry_code": "C3841", "headcount": 80, "above_designated_size": True}
    data.update(overrides)
    return data


class TestCreateEnterprise:
    def test_officer_registers_enterprise_in_own_park_with_audit_and_strategy(self, world):
        events = AuditEvent.objects.count()
        enterprise = services.do_create_enterprise(world.officer_a, enterprise_data(world))
        assert enterprise.park == world.park_a and enterprise.version == 1
        assert Strategy.objects.filter(enterprise=enterprise).exists()
        event = AuditEvent.objects.get(seq=events + 1)
        assert event.action == "enterprise.create" and event.actor == world.officer_a
        assert event.changes["uscc"] == enterprise.uscc

    def test_credit_code_is_normalised(self, world):
        code = f.valid_uscc(990002)
        enterprise = services.do_create_enterprise(world.officer_a, enterprise_data(world, uscc=f" {code.lower()} "))
        assert enterprise.uscc == code

    @pytest.mark.parametrize(("uscc", "message"), [
        ("91330683000990001", "18"),
        ("91330683000990001B", "校验"),
        ("9133068300099000I1", ""),
        ("", ""),
    ])
    def test_invalid_credit_code_is_refused_and_nothing_is_created(self, world, uscc, message):
        count, events = Enterprise.objects.count(), AuditEvent.objects.count()
        with pytest.raises(ActionError) as exc:
            services.do_create_enterprise(world.officer_a, enterprise_data(world, uscc=uscc))
        assert exc.value.field == "uscc"
        assert message in str(exc.value.message) or not message
        assert Enterprise.objects.count() == count and AuditEvent.objects.count() == events

    def test_wrong_check_character_message_is_translated(self, world):
        with pytest.raises(ActionError) as exc:
            services.do_create_enterprise(world.officer_a, enterprise_data(world, uscc="91330683000990001B"))
        assert "校验" in exc.value.message

    @pytest.mark.parametrize("code", ["Z12", "C99", "C3", "38", "C384123"])
    def test_invalid_industry_code_is_refused(self, world, code):
        with pytest.raises(ActionError) as exc:
            services.do_create_enterprise(world.officer_a, enterprise_data(world, industry_code=code))
        assert exc.value.field == "industry_code"
        assert not Enterprise.objects.filter(name="嵊州新质储能科技有限公司").exists()

    def test_duplicate_credit_code_is_refused_without_naming_the_holder(self, world):
        with pytest.raises(ActionError) as exc:
            services.do_create_enterprise(world.officer_a, enterprise_data(world, uscc=world.enterprise_t.uscc))
        assert world.enterprise_t.name not in exc.value.message

    def test_officer_cannot_register_in_another_office_park(self, world):
        with pytest.raises(ActionError) as exc:
            services.do_create_enterprise(world.officer_a, enterprise_data(world, park=world.park_b))
        assert exc.value.field == "park"
        assert not Enterprise.objects.filter(name="嵊州新质储能科技有限公司").exists()

    @pytest.mark.parametrize("persona", ["auxiliary_a", "liaison_a", "dept_transport", "volunteer_a", "viewer"])
    def test_roles_without_the_right_cannot_register(self, world, persona):
        with pytest.raises((PermissionDenied, ActionError)):
            services.do_create_enterprise(world.personas[persona], enterprise_data(world))
        assert not Enterprise.objects.filter(name="嵊州新质储能科技有限公司").exists()

    @pytest.mark.parametrize(("field", "value"), [("latitude", "91"), ("longitude", "abc"), ("headcount", -1),
                                                  ("name", "  "), ("production_hours", "8点到17点"),
                                                  ("production_hours", "13:00-17:00,08:00-12:00"),
                                                  ("production_hours", "08:00-25:00"),
                                                  ("production_hours", ",".join(f"{h}:00-{h}:30" for h in range(9)))])
    def test_bad_fields_are_refused(self, world, field, value):
        with pytest.raises(ActionError) as exc:
            services.do_create_enterprise(world.officer_a, enterprise_data(world, **{field: value}))
        assert exc.value.field == field


class TestUpdateEnterprise:
    def test_update_bumps_version_and_records_diff(self, world):
        enterprise = world.enterprise_a
        updated = services.do_update_enterprise(world.officer_a, enterprise, {"headcount": 300},
                                                expected_version=1)
        assert updated.headcount == 300 and updated.version == 2
        assert AuditEvent.objects.last().changes == {"headcount": [120, 300]}

    def test_production_hours_are_tidied_and_read_as_the_calendar_reads_them(self, world):
        updated = services.do_update_enterprise(world.officer_a, world.enterprise_a,
                                                {"production_hours": " 7:30-11:30， 12:30-16:30 "}, expected_version=1)
        assert updated.production_hours == "07:30-11:30,12:30-16:30"
        assert [f"{a:%H:%M}-{b:%H:%M}" for a, b in updated.production_intervals] == ["07:30-11:30", "12:30-16:30"]
        cleared = services.do_update_enterprise(world.officer_a, updated, {"production_hours": ""}, expected_version=2)
        assert cleared.production_intervals == world.station.business_intervals

    def test_bad_production_hours_change_nothing(self, world):
        from django.utils import translation

        with translation.override("en"), pytest.raises(ActionError) as exc:
            services.do_update_enterprise(world.officer_a, world.enterprise_a, {"production_hours": "08:00-07:00"},
                                          expected_version=1)
        assert exc.value.field == "production_hours" and "Production periods" in str(exc.value.message)
        saved = Enterprise.objects.get(pk=world.enterprise_a.pk)
        assert saved.production_hours == "" and saved.version == 1

    def test_stale_version_is_refused_and_nothing_changes(self, world):
        services.do_update_enterprise(world.officer_a, world.enterprise_a, {"headcount": 300}, expected_version=1)
        with pytest.raises(ActionError) as exc:
            services.do_update_enterprise(world.supervisor, world.enterprise_a, {"headcount": 5}, expected_version=1)
        assert exc.value.code == "stale"
        assert Enterprise.objects.get(pk=world.enterprise_a.pk).headcount == 300

    def test_officer_cannot_move_enterprise_out_of_own_parks(self, world):
        with pytest.raises(ActionError):
            services.do_update_enterprise(world.officer_a, world.enterprise_a, {"park": world.park_b},
                                          expected_version=1)
        assert Enterprise.objects.get(pk=world.enterprise_a.pk).park == world.park_a

    @pytest.mark.parametrize("persona", ["officer_b", "auxiliary_a", "liaison_a", "supervisor_t", "viewer"])
    def test_others_cannot_edit(self, world, persona):
        from django.http import Http404

        with pytest.raises(Http404):
            services.do_update_enterprise(world.personas[persona], world.enterprise_a, {"headcount": 1},
                                          expected_version=1)
        assert Enterprise.objects.get(pk=world.enterprise_a.pk).headcount == 120


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)")
def test_two_concurrent_edits_never_lose_an_update():
    from jingqi.core.testing.personas import fresh_world

    world = fresh_world()
    barrier, outcomes = threading.Barrier(2), []

    def edit(user, headcount):
        from django.db import connections

        try:
            barrier.wait()
            services.do_update_enterprise(user, world.enterprise_a, {"headcount": headcount}, expected_version=1)
            outcomes.append("saved")
        except ActionError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit, args=(world.officer_a, 200)),
               threading.Thread(target=edit, args=(world.supervisor, 300))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["saved", "stale"]
    enterprise = Enterprise.objects.get(pk=world.enterprise_a.pk)
    assert enterprise.version == 2 and enterprise.headcount in (200, 300)


class TestContactsAndPeople:
    def test_contact_stores_id_and_phone_encrypted_with_blind_index(self, world):
        contact = services.do_add_contact(world.officer_a, world.enterprise_a, full_name="王小明", role="liaison",
                                          id_number="11010519491231002x", phone="138 0013 8000")
        person = contact.person
        assert person.id_number == "11010519491231002X"
        assert person.phone == "+8613800138000"
        with connection.cursor() as cursor:
            cursor.execute("SELECT id_number, phone FROM registry_person WHERE id = %s", [person.pk])
            raw_id, raw_phone = cursor.fetchone()
        assert "1101051949" not in raw_id and "13800138000" not in raw_phone
        assert person.id_number_index == blind_index("id", "11010519491231002X")
        assert "[encrypted]" in str(AuditEvent.objects.last().changes)
        assert "11010519491231002X" not in str(AuditEvent.objects.last().changes)

    def test_same_id_number_links_to_the_same_person(self, world):
        first = services.do_add_contact(world.officer_a, world.enterprise_a, full_name="王小明", role="liaison",
                                        id_number="11010519491231002X")
        second = services.do_add_contact(world.supervisor, world.enterprise_b, full_name="王小明",
                                         role="security_head", id_number="11010519491231002X")
        assert first.person_id == second.person_id

    @pytest.mark.parametrize(("field", "kwargs"), [
        ("id_number", {"id_number": "110105194912310021"}),
        ("id_number", {"id_number": "12345"}),
        ("phone", {"phone": "12345"}),
        ("phone", {"phone": "+86 138 0013 800"}),
        ("full_name", {"full_name": " "}),
    ])
    def test_bad_personal_data_is_refused_and_nothing_is_saved(self, world, field, kwargs):
        people = Person.objects.count()
        args = {"full_name": "李四", "role": "liaison", **kwargs}
        with pytest.raises(ActionError) as exc:
            services.do_add_contact(world.officer_a, world.enterprise_a, **args)
        assert exc.value.field == field
        assert Person.objects.count() == people

    def test_liaison_cannot_add_contacts(self, world):
        from django.http import Http404

        with pytest.raises(Http404):
            services.do_add_contact(world.liaison_a, world.enterprise_a, full_name="李四", role="other")
        assert not Contact.objects.filter(person__full_name="李四").exists()

    def test_remove_contact_is_audited(self, world):
        services.do_remove_contact(world.officer_a, world.contact_a)
        assert not Contact.objects.filter(pk=world.contact_a.pk).exists()
        assert AuditEvent.objects.last().action == "contact.delete"

    def test_reveal_needs_the_right_and_is_audited(self, world):
        person = world.contact_a.person
        assert services.do_reveal_person(world.supervisor, person, "id_number") == person.id_number
        event = AuditEvent.objects.last()
        assert event.action == "person.reveal_id_number" and event.actor == world.supervisor
        events = AuditEvent.objects.count()
        with pytest.raises(PermissionDenied):
            services.do_reveal_person(world.officer_a, person, "id_number")
        assert AuditEvent.objects.count() == events

    def test_lookup_by_id_number_is_scoped_and_audited(self, world):
        person = world.contact_b.person
        assert services.find_person_by_id_number(world.officer_b, person.id_number) == person
        assert services.find_person_by_id_number(world.officer_a, person.id_number) is None
        assert AuditEvent.objects.filter(action="person.lookup").count() == 2

    def test_liaison_cannot_look_people_up(self, world):
        with pytest.raises(PermissionDenied):
            services.find_person_by_id_number(world.liaison_a, world.contact_a.person.id_number)


class TestTeamStrategyVisits:
    def test_assign_responsible_officer(self, world):
        member = services.do_add_team_member(world.officer_a, world.enterprise_a, role="officer",
                                             user=world.officer_a)
        assert member in TeamMember.objects.filter(enterprise=world.enterprise_a)

    def test_department_partner_must_be_a_department_handler_of_the_station(self, world):
        services.do_add_team_member(world.supervisor, world.enterprise_a, role="department",
                                    user=world.dept_transport)
        with pytest.raises(ActionError):
            services.do_add_team_member(world.supervisor, world.enterprise_a, role="department",
                                        user=world.officer_b)
        with pytest.raises(ActionError):
            services.do_add_team_member(world.supervisor_t, world.enterprise_t, role="department",
                                        user=world.dept_transport)

    def test_contact_of_another_enterprise_cannot_join(self, world):
        with pytest.raises(ActionError):
            services.do_add_team_member(world.supervisor, world.enterprise_a, role="enterprise",
                                        contact=world.contact_b)

    def test_strategy_update_with_version_check(self, world):
        strategy = services.do_update_strategy(world.officer_a, world.enterprise_a,
                                               {"service_package": "上门服务、反诈宣传"}, expected_version=1)
        assert strategy.version == 2 and strategy.updated_by == world.officer_a
        with pytest.raises(ActionError):
            services.do_update_strategy(world.officer_a, world.enterprise_a, {"measures": "x"}, expected_version=1)
        assert Strategy.objects.get(pk=strategy.pk).measures == ""

    def test_auxiliary_logs_a_visit(self, world):
        visit = services.do_log_visit(world.auxiliary_a, world.enterprise_a, kind="routine",
                                      visited_at=timezone.now(), summary="了解用工情况", collected=["staff_changes"])
        assert visit.officer == world.auxiliary_a

    @pytest.mark.parametrize(("kwargs", "field"), [
        ({"kind": "party"}, "kind"),
        ({"summary": ""}, "summary"),
        ({"collected": ["gossip"]}, "collected"),
        ({"visited_at": None}, "visited_at"),
    ])
    def test_bad_visits_are_refused(self, world, kwargs, field):
        args = {"kind": "routine", "visited_at": timezone.now(), "summary": "走访", **kwargs}
        with pytest.raises(ActionError) as exc:
            services.do_log_visit(world.officer_a, world.enterprise_a, **args)
        assert exc.value.field == field
        assert Visit.objects.filter(enterprise=world.enterprise_a).count() == 1

    def test_visit_in_the_future_is_refused(self, world):
        with pytest.raises(ActionError):
            services.do_log_visit(world.officer_a, world.enterprise_a, kind="routine", summary="x",
                                  visited_at=timezone.now() + timedelta(days=1))

    def test_liaison_cannot_log_visits(self, world):
        with pytest.raises(PermissionDenied):
            services.do_log_visit(world.liaison_a, world.enterprise_a, kind="routine", summary="x",
                                  visited_at=timezone.now())


class TestParks:
    BOUNDARY = {"type": "Polygon", "coordinates": [[[113.0, 27.8], [113.02, 27.8], [113.02, 27.82],
                                                    [113.0, 27.82], [113.0, 27.8]]]}

    def test_supervisor_creates_park_and_area_is_computed(self, world):
        park = services.do_save_park(world.supervisor, {"code": "PN", "name": "新园", "kind": "industrial_park",
                                                        "office": world.office_a, "boundary": self.BOUNDARY})
        assert park.station == world.station
        assert 4.3 < float(park.area_km2) < 4.5  # 0.02° × 0.02° at 27.8°N ≈ 4.4 km²

    @pytest.mark.parametrize("boundary", [
        "{not json", {"type": "Point", "coordinates": [113, 27]},
        {"type": "Polygon", "coordinates": [[[113, 27], [114, 27], [113, 28]]]},
        {"type": "Polygon", "coordinates": [[[113, 27], [114, 27], [114, 28], [113, 28], [113, 27.5]]]},
        {"type": "Polygon", "coordinates": [[[113, 27], [114, 28], [114, 27], [113, 28], [113, 27]]]},
        {"type": "Polygon", "coordinates": [[[200, 27], [114, 27], [114, 28], [200, 27]]]},
        {"type": "Polygon", "coordinates": [[["a", 27], [114, 27], [114, 28], ["a", 27]]]},
    ])
    def test_bad_geojson_is_refused_and_nothing_changes(self, world, boundary):
        before = Park.objects.get(pk=world.park_a.pk).boundary
        with pytest.raises(ActionError) as exc:
            services.do_save_park(world.supervisor, {"boundary": boundary}, world.park_a)
        assert exc.value.field == "boundary"
        assert Park.objects.get(pk=world.park_a.pk).boundary == before

    def test_officer_cannot_create_or_edit_parks(self, world):
        from django.http import Http404

        with pytest.raises(PermissionDenied):
            services.do_save_park(world.officer_a, {"code": "PX", "name": "x", "kind": "industrial_park"})
        with pytest.raises(Http404):
            services.do_save_park(world.officer_a, {"name": "改名"}, world.park_a)
        assert Park.objects.get(pk=world.park_a.pk).name == "A工业园"

    def test_office_of_another_station_is_refused(self, world):
        with pytest.raises(ActionError):
            services.do_save_park(world.supervisor, {"office": world.office_t}, world.park_a)
