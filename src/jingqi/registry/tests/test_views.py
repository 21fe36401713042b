"""HTML pages: forms show clear errors and change nothing; lists keep a flat query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jingqi.core.models import AuditEvent
from jingqi.core.testing import factories as f
from jingqi.registry.models import Contact, Enterprise, Visit

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def test_enterprise_list_query_count_does_not_grow_with_rows(world, client_for):
    client = client_for(world.supervisor)
    url = reverse("registry:enterprise_list")
    few = queries_for(client, url)
    f.EnterpriseFactory.create_batch(20, park=world.park_a)
    assert queries_for(client, url) == few


def test_park_list_and_detail_query_counts_are_flat(world, client_for):
    client = client_for(world.supervisor)
    list_url, detail_url = reverse("registry:park_list"), reverse("registry:park_detail", args=[world.park_a.pk])
    few_list, few_detail = queries_for(client, list_url), queries_for(client, detail_url)
    f.EnterpriseFactory.create_batch(15, park=world.park_a)
    f.ParkFactory.create_batch(3, station=world.station, office=world.office_a)
    assert queries_for(client, list_url) == few_list
    assert queries_for(client, detail_url) == few_detail


def test_enterprise_page_query_count_is_flat(world, client_for):
    client = client_for(world.supervisor)
    url = reverse("registry:enterprise_detail", args=[world.enterprise_a.pk])
    few = queries_for(client, url)
    f.ContactFactory.create_batch(5, enterprise=world.enterprise_a)
    f.VisitFactory.create_batch(5, enterprise=world.enterprise_a, officer=world.officer_a)
    assert queries_for(client, url) == few


def test_search_by_credit_code_finds_the_enterprise(world, client_for):
    response = client_for(world.officer_a).get(reverse("registry:enterprise_list"),
                                               {"q": world.enterprise_a.uscc.lower()})
    content = response.content.decode()
    assert world.enterprise_a.name in content and world.enterprise_b.name not in content


def test_filters_by_flag_and_industry(world, client_for):
    f.EnterpriseFactory(park=world.park_a, name="厨电规上有限公司", industry_code="C3854",
                        above_designated_size=True)
    client = client_for(world.officer_a)
    content = client.get(reverse("registry:enterprise_list"), {"above_designated_size": "on"}).content.decode()
    assert "厨电规上有限公司" in content and world.enterprise_a.name not in content
    content = client.get(reverse("registry:enterprise_list"), {"section": "C"}).content.decode()
    assert "厨电规上有限公司" in content


def test_htmx_request_gets_only_the_table(world, client_for):
    response = client_for(world.officer_a).get(reverse("registry:enterprise_list"), HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content and world.enterprise_a.name.encode() in response.content


def test_enterprise_form_with_bad_credit_code_shows_error_and_creates_nothing(world, client_for):
    count, events = Enterprise.objects.count(), AuditEvent.objects.count()
    response = client_for(world.officer_a).post(reverse("registry:enterprise_create"), {
        "name": "坏码有限公司", "uscc": "91330683000990001B", "park": world.park_a.pk, "industry_code": "C3841",
        "headcount": 10, "status": "active"})
    assert response.status_code == 400
    assert "校验" in response.content.decode()
    assert Enterprise.objects.count() == count and AuditEvent.objects.count() == events


def test_enterprise_form_registers_and_redirects(world, client_for):
    response = client_for(world.officer_a).post(reverse("registry:enterprise_create"), {
        "name": "新质芯片有限公司", "uscc": f.valid_uscc(880001), "park": world.park_a.pk, "industry_code": "C3973",
        "headcount": 10, "status": "active"})
    enterprise = Enterprise.objects.get(name="新质芯片有限公司")
    assert response.status_code == 302 and response["Location"].endswith(f"/{enterprise.pk}/")


def test_stale_edit_form_is_refused_with_a_clear_message(world, client_for):
    client = client_for(world.officer_a)
    url = reverse("registry:enterprise_edit", args=[world.enterprise_a.pk])
    data = {"name": world.enterprise_a.name, "uscc": world.enterprise_a.uscc, "park": world.park_a.pk,
            "industry_code": "C3841", "headcount": 500, "status": "active", "version": 1}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "headcount": 600})
    assert response.status_code == 400 and "刷新" in response.content.decode()
    assert Enterprise.objects.get(pk=world.enterprise_a.pk).headcount == 500


def test_contact_form_with_bad_id_number_changes_nothing(world, client_for):
    contacts = Contact.objects.count()
    response = client_for(world.officer_a).post(
        reverse("registry:contact_add", args=[world.enterprise_a.pk]),
        {"full_name": "张三", "role": "liaison", "id_number": "110105194912310021"})
    assert response.status_code == 400 and Contact.objects.count() == contacts


def test_enterprise_page_masks_personal_data(world, client_for):
    person = world.contact_a.person
    content = client_for(world.supervisor).get(
        reverse("registry:enterprise_detail", args=[world.enterprise_a.pk])).content.decode()
    assert person.id_number not in content and person.id_number_masked in content
    assert person.phone_display not in content and person.phone_masked in content


def test_reveal_shows_the_value_and_audits(world, client_for):
    person = world.contact_a.person
    response = client_for(world.supervisor).post(reverse("registry:person_reveal", args=[person.pk, "phone"]))
    assert person.phone_display in response.content.decode()
    assert AuditEvent.objects.filter(action="person.reveal_phone", actor=world.supervisor).exists()


def test_reveal_without_the_right_is_refused(world, client_for):
    person = world.contact_a.person
    response = client_for(world.officer_a).post(reverse("registry:person_reveal", args=[person.pk, "phone"]))
    assert response.status_code == 403 and person.phone_display not in response.content.decode()


def test_person_lookup_takes_the_id_number_in_the_body(world, client_for):
    person = world.contact_a.person
    client = client_for(world.officer_a)
    response = client.post(reverse("registry:person_lookup"), {"id_number": person.id_number})
    assert world.enterprise_a.name in response.content.decode()
    assert person.id_number not in response.content.decode()


def test_visit_form_logs_a_visit(world, client_for):
    response = client_for(world.auxiliary_a).post(reverse("registry:visit_create", args=[world.enterprise_a.pk]), {
        "kind": "dynamic_collection", "visited_at": "2026-01-05T10:00", "summary": "新增外来务工人员 12 名",
        "collected": ["staff_changes"]})
    assert response.status_code == 302
    assert Visit.objects.filter(enterprise=world.enterprise_a, officer=world.auxiliary_a).exists()


def test_park_form_refuses_bad_geojson_with_a_message(world, client_for):
    response = client_for(world.supervisor).post(reverse("registry:park_edit", args=[world.park_a.pk]), {
        "code": "PA", "name": "A工业园", "kind": "industrial_park", "office": world.office_a.pk,
        "boundary": '{"type": "Polygon", "coordinates": [[[113, 27], [114, 27], [113, 28]]]}'})
    assert response.status_code == 400


def test_park_map_returns_boundary_and_located_enterprises(world, client_for):
    data = client_for(world.officer_a).get(reverse("registry:park_map", args=[world.park_a.pk])).json()
    kinds = [feature["properties"]["kind"] for feature in data["features"]]
    assert kinds.count("boundary") == 1 and kinds.count("enterprise") == 1


def test_liaison_home_links_to_own_enterprise_only(world, client_for):
    content = client_for(world.liaison_a).get(reverse("home")).content.decode()
    assert reverse("registry:enterprise_detail", args=[world.enterprise_a.pk]) in content
    assert f'href="{reverse("registry:enterprise_list")}"' not in content


def test_viewer_home_shows_aggregates_without_names(world, client_for):
    content = client_for(world.viewer).get(reverse("home")).content.decode()
    assert world.enterprise_a.name not in content and world.contact_a.person.full_name not in content


def test_officer_home_lists_due_strategies_and_recent_visits_in_scope(world, client_for):
    from datetime import timedelta

    from django.utils import timezone

    for strategy in (world.strategy_a, world.strategy_b):
        strategy.review_date = timezone.localdate() - timedelta(days=1)
        strategy.save()
    client = client_for(world.officer_a)
    content = client.get(reverse("home")).content.decode()
    assert world.enterprise_a.name in content and world.enterprise_b.name not in content
    assert "逾期" in content


def test_home_query_count_is_flat(world, client_for):
    client = client_for(world.supervisor)
    few = queries_for(client, reverse("home"))
    for _ in range(5):
        f.VisitFactory(enterprise=world.enterprise_a, officer=world.officer_a)
    assert queries_for(client, reverse("home")) == few


def test_person_lookup_lists_only_roles_in_scope(world, client_for):
    from jingqi.registry import services

    person = world.contact_a.person
    services.do_add_contact(world.supervisor_t, world.enterprise_t, full_name=person.full_name, role="liaison",
                            id_number=person.id_number)
    content = client_for(world.officer_a).post(reverse("registry:person_lookup"),
                                               {"id_number": person.id_number}).content.decode()
    assert world.enterprise_a.name in content and world.enterprise_t.name not in content


def test_superuser_creates_parks_in_the_admin_not_the_page(world, client_for):
    from jingqi.core.testing.factories import UserFactory

    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert client_for(admin).get(reverse("registry:park_create")).status_code == 404


def test_liaison_home_offers_the_portal_and_lists_own_open_requests(world, client_for):
    content = client_for(world.liaison_a).get(reverse("home")).content.decode()
    assert reverse("tickets:ticket_submit") in content
    assert world.ticket_a.reference in content and world.ticket_b.reference not in content


def test_department_home_lists_whistled_requests(world, client_for):
    content = client_for(world.dept_transport).get(reverse("home")).content.decode()
    assert world.ticket_a.reference in content and reverse("tickets:workbench") in content


def test_supervisor_sets_how_a_department_is_stationed(world, client_for):
    from jingqi.registry.models import Stationing

    response = client_for(world.supervisor).post(reverse("registry:organisation"), {
        "department": world.dept_transport_unit.pk, "office": world.office_b.pk, "mode": "rotating",
        "schedule": "每周二、四上午"})
    assert response.status_code == 302
    stationing = Stationing.objects.get(department=world.dept_transport_unit, office=world.office_b)
    assert stationing.mode == "rotating" and stationing.schedule == "每周二、四上午"
    assert AuditEvent.objects.filter(action="stationing.set").exists()


def test_officer_cannot_set_stationing(world, client_for):
    from jingqi.registry.models import Stationing

    count = Stationing.objects.count()
    response = client_for(world.officer_a).post(reverse("registry:organisation"), {
        "department": world.dept_transport_unit.pk, "office": world.office_a.pk, "mode": "permanent"})
    assert response.status_code == 404 and Stationing.objects.count() == count


def test_supervisor_cannot_station_another_stations_department(world, client_for):
    response = client_for(world.supervisor).post(reverse("registry:organisation"), {
        "department": world.dept_t_unit.pk, "office": world.office_a.pk, "mode": "permanent"})
    assert response.status_code == 400
