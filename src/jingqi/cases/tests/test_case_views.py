"""Case pages: who sees them, forms with errors beside their fields, actions, and query counts that do not grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jingqi.cases import services
from jingqi.cases.models import Case
from jingqi.core.testing.plans import assert_served_by_index

pytestmark = [pytest.mark.django_db, pytest.mark.case_cast]

THEFT = {"kind": "theft", "title": "仓库铜材被盗", "description": "夜间仓库铜材被盗。", "loss_amount": "60000"}


@pytest.mark.parametrize("persona", ["supervisor", "officer_a", "auxiliary_a", "liaison_a"])
def test_the_list_opens_for_the_police_and_the_victims_liaison(world, client_for, persona):
    response = client_for(getattr(world, persona)).get(reverse("cases:case_list"))
    assert response.status_code == 200 and world.case_a.reference in response.content.decode()


@pytest.mark.parametrize("persona", ["dept_transport", "volunteer_a", "viewer"])
def test_the_list_and_figures_are_not_found_for_other_roles(world, client_for, persona):
    client = client_for(getattr(world, persona))
    assert client.get(reverse("cases:case_list")).status_code == 404
    assert client.get(reverse("cases:case_figures")).status_code == 404
    assert client.get(reverse("cases:case_record")).status_code == 404


def test_the_liaison_list_holds_only_its_enterprises_cases(world, client_for):
    content = client_for(world.liaison_b).get(reverse("cases:case_list")).content.decode()
    assert world.case_b.reference in content and world.case_a.reference not in content


def test_filters_narrow_the_list(world, client_for):
    client = client_for(world.supervisor)
    content = client.get(reverse("cases:case_list"), {"kind": "fraud"}).content.decode()
    assert world.case_b.reference in content and world.case_a.reference not in content
    content = client.get(reverse("cases:case_list"), {"status": "open"}).content.decode()
    assert world.case_b.reference in content and world.case_a.reference not in content
    content = client.get(reverse("cases:case_list"), {"q": "数控"}).content.decode()
    assert world.case_a.reference in content and world.case_b.reference not in content


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_list_query_count_does_not_grow_with_rows(world, client_for):
    client = client_for(world.officer_a)
    few = _count(client, reverse("cases:case_list"))
    for n in range(5):
        services.do_record_case(world.officer_a, park=world.park_a, data={**THEFT, "title": f"被盗{n}"},
                                victims=[(world.enterprise_a, None)])
    assert _count(client, reverse("cases:case_list")) == few


def test_supervisor_list_is_read_in_order_through_the_station_index(world):
    from jingqi.cases.selectors import cases_for

    assert_served_by_index(cases_for(world.supervisor)[:25], "case_station_reported_idx")
    assert_served_by_index(cases_for(world.supervisor, kind="theft").filter(station=world.station)[:25],
                           ("case_station_reported_idx", "case_kind_reported_idx"))


def test_recording_by_form_shows_errors_beside_the_fields_and_changes_nothing(world, client_for):
    before = Case.objects.count()
    response = client_for(world.officer_a).post(reverse("cases:case_record"), {
        "park": world.park_a.pk, "source": "enterprise", "kind": "theft", "title": "", "description": "x",
        "loss_amount": "-1"})
    assert response.status_code == 400 and Case.objects.count() == before
    content = response.content.decode()
    # Each error sits in its field's block, under the field.
    assert content.count('class="field invalid"') == 2 and content.count('class="error" role="alert"') == 2


def test_recording_by_form_from_a_request(world, client_for):
    client = client_for(world.officer_a)
    page = client.get(reverse("cases:case_record"), {"ticket": world.ticket_a.pk})
    assert page.status_code == 200 and world.ticket_a.reference in page.content.decode()
    response = client.post(reverse("cases:case_record") + f"?ticket={world.ticket_a.pk}", {
        "park": world.park_a.pk, "source": "request", "kind": "fraud", "title": "冒充领导诈骗",
        "description": "财务被骗。", "enterprise": world.enterprise_a.pk, "victim_loss": "5000", "loss_amount": "5000"})
    case = Case.objects.get(title="冒充领导诈骗")
    assert response.status_code == 302 and case.ticket == world.ticket_a
    assert client.get(reverse("cases:case_record"), {"ticket": world.ticket_b.pk}).status_code == 404


def test_the_case_page_shows_times_recovery_and_the_timeline(world, client_for):
    content = client_for(world.officer_a).get(reverse("cases:case_detail", args=[world.case_a.pk])).content.decode()
    assert "80000" in content and "苏州" in content and "内部：嫌疑人供述另有同伙。" in content
    assert "48.0" in content  # hours from the report to the solve


def test_the_liaison_reads_the_case_without_internal_notes_or_actions(world, client_for):
    content = client_for(world.liaison_a).get(reverse("cases:case_detail", args=[world.case_a.pk])).content.decode()
    assert "80000" in content and "内部：嫌疑人供述另有同伙。" not in content
    assert reverse("cases:case_action", args=[world.case_a.pk, "recover"]) not in content


def test_an_action_with_bad_input_answers_400_with_the_error_beside_its_field(world, client_for):
    case = world.case_a
    response = client_for(world.officer_a).post(reverse("cases:case_action", args=[case.pk, "recover"]), {
        "recover-recovered_on": timezone.localdate().isoformat(), "recover-amount": "999999"})
    assert response.status_code == 400 and 'class="field invalid"' in response.content.decode()
    case.refresh_from_db()
    assert str(case.recovered_amount) == "80000.00"


def test_filing_and_solving_by_form(world, client_for):
    client = client_for(world.officer_b)
    case = world.case_b
    response = client.post(reverse("cases:case_action", args=[case.pk, "file"]), {
        "file-filing_number": "城东公(刑)立字〔2026〕2号", "version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "filed" and case.officer == world.officer_b
    response = client.post(reverse("cases:case_action", args=[case.pk, "solve"]), {
        "solve-suspects": "3", "solve-regions": "广东", "version": case.version})
    case.refresh_from_db()
    assert response.status_code == 302 and case.status == "solved" and case.suspects == 3


def test_a_stale_form_is_refused(world, client_for):
    case = world.case_b
    response = client_for(world.officer_b).post(reverse("cases:case_action", args=[case.pk, "file"]), {
        "file-filing_number": "X", "version": case.version + 5})
    case.refresh_from_db()
    assert response.status_code == 400 and case.status == "reported"


def test_the_figures_page_opens_for_the_police_and_refuses_a_bad_period(world, client_for):
    client = client_for(world.supervisor)
    assert client.get(reverse("cases:case_figures")).status_code == 200
    assert client.get(reverse("cases:case_figures"), {"start": "2026-06-01", "end": "2026-01-01"}).status_code == 400
    assert client_for(world.liaison_a).get(reverse("cases:case_figures")).status_code == 404


def test_unknown_action_is_not_found(world, client_for):
    assert client_for(world.officer_a).post(reverse("cases:case_action", args=[world.case_a.pk, "delete"])
                                            ).status_code == 404


def test_a_liaison_reads_neither_the_other_victims_nor_the_officers_step_notes(world, client_for):
    from jingqi.core.testing import factories as f

    other = f.EnterpriseFactory(park=world.park_a, name="A园精密模具有限公司")
    case = services.do_record_case(world.officer_a, park=world.park_a, data=THEFT,
                                   victims=[(world.enterprise_a, "1000"), (other, "2000")])
    case = services.do_file_case(world.officer_a, case, note="研判：内部线索指向前员工")
    content = client_for(world.liaison_a).get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert world.enterprise_a.name in content and other.name not in content
    assert "研判：内部线索指向前员工" not in content
    body = client_for(world.liaison_a).get(f"/api/cases/{case.pk}/", HTTP_ACCEPT="application/json")
    assert other.name not in body.content.decode()


@pytest.mark.parametrize("params", [{"start": "0001-01-01"}, {"end": "9999-12-31"}, {"start": "1999-12-31"}])
def test_figures_refuse_a_date_out_of_range_without_failing(world, client_for, params):
    assert client_for(world.supervisor).get(reverse("cases:case_figures"), params).status_code == 400
