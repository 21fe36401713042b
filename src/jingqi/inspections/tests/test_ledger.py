"""The ledger (台账): the quarter's figures on the page, the Excel workbook stations keep, the API's summary, and an
independent count of the same records written here from scratch (plain Python over every row) — all must agree."""

import html
import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jingqi.core.models import AuditEvent
from jingqi.core.testing import factories as f
from jingqi.inspections import services
from jingqi.inspections.models import Hazard, Inspection, InspectionAnswer, InspectionVisit, Requirement
from jingqi.inspections.selectors import ledger as ledgers

pytestmark = [pytest.mark.django_db, pytest.mark.inspection_cast]

FIGURES = ["visits", "inspections", "found", "fixed_on_site", "closed", "open", "overdue"]
NOT_POLICE = ("liaison_a", "liaison_b", "dept_transport", "volunteer_a", "viewer")


def inspect(officer, visit, inspection_type, results):
    """Answers a visit's checklist (``results``: one of pass/fail/na per item) and submits it."""
    inspection = services.do_start_inspection(officer, visit, inspection_type)
    for item, result in zip(inspection.checklist.items.order_by("number"), results, strict=True):
        services.do_save_answer(officer, inspection, item=item, result=result,
                                note="发现问题" if result == "fail" else "")
    return services.do_submit_inspection(officer, inspection)


def new_visit(officer, park):
    """A visit to a new enterprise of ``park``, planned for tomorrow with the quarter's inspections it is owed."""
    enterprise = f.EnterpriseFactory(park=park)
    services.do_generate_plan(officer, quarter_start=timezone.localdate())
    due = Requirement.objects.filter(enterprise=enterprise, status="due", key_date__isnull=True)
    return services.do_plan_visit(officer, enterprise, planned_on=timezone.localdate() + timedelta(days=1),
                                  requirements=list(due.values_list("pk", flat=True)))


def moved_back(visit, days):
    """The visit and its inspections as if done ``days`` ago."""
    moment = timezone.now() - timedelta(days=days)
    InspectionVisit.objects.filter(pk=visit.pk).update(finished_at=moment)
    Inspection.objects.filter(visit=visit).update(started_at=moment, submitted_at=moment)


@pytest.fixture
def quarter(world):
    """The cast's quarter with more in it: park B's fire inspection (one failure) and the police's own checklist on
    the same joint visit; visits a and b done; in park A a visit still planned though the police submitted their
    checklist on it, in park B one cancelled and one done last quarter; station T's visit done; a hazard voided,
    one found last quarter, and hazard a run past its deadline."""
    first, last = services.quarter_of(timezone.localdate())
    inspect(world.officer_b, world.visit_b, world.insp_type_fire, ["pass", "fail", "na"])
    inspect(world.officer_b, world.visit_b, world.insp_type_police, ["pass", "pass", "pass"])  # b finishes
    services.do_finish_visit(world.officer_a, world.visit_a)  # without the police's checklist: due again
    inspect(world.officer_a, new_visit(world.officer_a, world.park_a), world.insp_type_police, ["pass", "pass", "na"])
    services.do_cancel_visit(world.officer_b, new_visit(world.officer_b, world.park_b), reason="企业停产")
    earlier_visit = new_visit(world.officer_b, world.park_b)
    inspect(world.officer_b, earlier_visit, world.insp_type_police, ["pass", "pass", "pass"])
    services.do_finish_visit(world.officer_b, earlier_visit)
    moved_back(earlier_visit, (timezone.localdate() - first).days + 10)
    inspect(world.supervisor_t, world.visit_t, world.insp_type_t, ["pass", "pass", "pass"])  # t finishes
    voided = services.do_report_hazard(world.officer_b, park=world.park_b, enterprise=world.enterprise_b,
                                       data={"title": "误报", "severity": "general"})
    services.do_void_hazard(world.supervisor, voided, reason="误报")
    earlier = services.do_report_hazard(world.officer_a, park=world.park_a, enterprise=world.enterprise_a,
                                        data={"title": "上季度隐患", "severity": "general"})
    Hazard.objects.filter(pk=earlier.pk).update(reported_at=timezone.now() - timedelta(days=(
        timezone.localdate() - first).days + 10))
    Hazard.objects.filter(pk=world.hazard_a.pk).update(due_at=timezone.now() - timedelta(hours=1))
    return first, last


def independent_count(station, first, last, *, park=None, office=None, department=None) -> dict:
    """The figures counted from scratch, row by row, without the selectors' queries."""
    now = timezone.now()

    def in_place(record):
        return (record.station_id == station.pk and (park is None or record.park_id == park.pk)
                and (office is None or record.park.office_id == office.pk))

    def counted(record):
        return in_place(record) and (department is None or record.department_id == department.pk)

    def in_quarter(moment):
        return moment is not None and first <= timezone.localtime(moment).date() <= last

    # A joint visit counts once however many checklists it covered: done, and finished in the quarter.
    visits = [v for v in InspectionVisit.objects.select_related("park").prefetch_related("departments")
              if in_place(v) and v.status == "done" and in_quarter(v.finished_at)
              and (department is None or department in v.departments.all())]
    inspections = [i for i in Inspection.objects.select_related("park")
                   if counted(i) and i.status == "submitted" and in_quarter(i.submitted_at)]
    hazards = [h for h in Hazard.objects.select_related("park")
               if counted(h) and h.status != "void" and in_quarter(h.reported_at)]
    still_open = [h for h in hazards if h.status in ("reported", "rectifying", "fix_reported")]
    answers = [a for a in InspectionAnswer.objects.all() if a.inspection_id in {i.pk for i in inspections}]
    return {"visits": len(visits), "inspections": len(inspections), "found": len(hazards),
            "fixed_on_site": len([h for h in hazards if h.fixed_on_site]),
            "closed": len([h for h in hazards if h.status == "closed"]), "open": len(still_open),
            "overdue": len([h for h in still_open if h.due_at and h.due_at < now]),
            "items": len(answers), "failed": len([a for a in answers if a.result == "fail"]),
            # A department's row: the visits in which it (None: the police) submitted a checklist in the quarter.
            "visits_by_department": {key: len({i.visit_id for i in inspections if i.department_id == key})
                                     for key in {i.department_id for i in inspections}}}


def only_figures(counted: dict) -> dict:
    return {k: counted[k] for k in FIGURES}


def page_totals(content: str) -> dict:
    return {name: int(re.search(rf'data-figure="{name}">(\d+)<', content).group(1)) for name in FIGURES}


def workbook(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content), read_only=True)


def sheet_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def totals_block(rows) -> list:
    """The numbers under a sheet's totals (the rows after the blank line that ends the item rows)."""
    end = next(i for i, row in enumerate(rows) if not any(v not in (None, "") for v in row))
    return [row[1] for row in rows[end + 2:]]


# --- the page and the workbook agree with an independent count ----------------------------------------------------


def test_page_totals_equal_an_independent_count_of_the_records(world, client_for, quarter):
    first, last = quarter
    expected = independent_count(world.station, first, last)
    # The cast's quarter, worked by hand: joint visits a and b done (the one still planned, the cancelled one, last
    # quarter's and station T's are not); checklists: park A's fire and the police's on the planned visit, park B's
    # fire and police ones; hazards a (overdue), a-fixed (fixed on site, closed), b, and park B's failed item; the
    # voided one and last quarter's are not counted.
    assert only_figures(expected) == {"visits": 2, "inspections": 4, "found": 4, "fixed_on_site": 1, "closed": 1,
                                      "open": 3, "overdue": 1}
    content = client_for(world.supervisor).get(reverse("inspections:ledger")).content.decode()
    assert page_totals(content) == only_figures(expected)


def test_export_totals_equal_the_page_and_the_independent_count(world, client_for, quarter):
    first, last = quarter
    client = client_for(world.supervisor)
    expected = independent_count(world.station, first, last)
    page = page_totals(client.get(reverse("inspections:ledger")).content.decode())
    book = workbook(client.get(reverse("inspections:ledger_export")))
    summary, answers, hazards = (sheet_rows(sheet) for sheet in book.worksheets)

    total_row = next(row for row in summary[1:] if len(row) > 2 and row[1] in (None, "") and isinstance(row[2], int))
    assert dict(zip(FIGURES, total_row[2:9], strict=True)) == page == only_figures(expected)
    # The hazards sheet: one row per hazard found, and its totals counted from those rows.
    hazard_items = [row for row in hazards[1:] if row and isinstance(row[0], int)]
    assert len(hazard_items) == expected["found"]
    assert totals_block(hazards) == [page["found"], page["fixed_on_site"], page["closed"], page["open"],
                                     page["overdue"]]
    # The inspections sheet: one row per checklist item answered.
    item_rows = [row for row in answers[1:] if row and isinstance(row[0], int)]
    assert len(item_rows) == expected["items"] == 12
    inspections, items, passed, failed, not_applicable, fixed = totals_block(answers)
    assert (inspections, items, failed) == (page["inspections"], expected["items"], expected["failed"])
    assert passed + failed + not_applicable == items and fixed == page["fixed_on_site"]


def test_inspections_sheet_has_the_columns_officers_expect_one_row_per_item(world, client_for, quarter):
    book = workbook(client_for(world.supervisor).get(reverse("inspections:ledger_export")))
    rows = sheet_rows(book.worksheets[1])
    assert len(rows[0]) == 21
    first_item = next(row for row in rows[1:] if len(row) > 10 and row[4] == world.enterprise_a.name and row[10] == 1)
    assert first_item[5] == world.enterprise_a.uscc and first_item[6] == "消防安全检查"
    assert first_item[12] == "疏散通道畅通" and first_item[15] == "通道堆放货物"
    assert first_item[17] == world.hazard_a.reference and first_item[19].date() == world.hazard_a.deadline
    fixed = next(row for row in rows[1:] if len(row) > 17 and row[17] == world.hazard_a_fixed.reference)
    assert fixed[16] and fixed[20].date() == timezone.localtime(world.hazard_a_fixed.closed_at).date()


def test_export_is_audited_and_not_cached(world, client_for, quarter):
    response = client_for(world.supervisor).get(reverse("inspections:ledger_export"), {"park": world.park_a.pk})
    assert "no-store" in response["Cache-Control"]
    assert 'filename="inspection-ledger-' in response["Content-Disposition"]
    event = AuditEvent.objects.filter(action="inspection.ledger.export").latest("seq")
    assert event.changes["park"] == world.park_a.pk


# --- scope and filters -----------------------------------------------------------------------------------------


def test_officer_counts_only_the_parks_of_their_office(world, client_for, quarter):
    first, last = quarter
    client = client_for(world.officer_b)
    content = client.get(reverse("inspections:ledger")).content.decode()
    expected = independent_count(world.station, first, last, park=world.park_b)
    assert page_totals(content) == only_figures(expected)
    assert world.park_a.name not in content
    data = str([sheet_rows(s) for s in workbook(client.get(reverse("inspections:ledger_export"))).worksheets])
    assert world.enterprise_a.name not in data and world.hazard_a.reference not in data
    assert world.hazard_b.reference in data


@pytest.mark.parametrize("what", ["park", "office", "department"])
def test_filters_count_one_park_office_or_department(world, client_for, quarter, what):
    first, last = quarter
    value = {"park": world.park_a, "office": world.office_a, "department": world.dept_transport_unit}[what]
    client = client_for(world.supervisor)
    content = client.get(reverse("inspections:ledger"), {what: value.pk}).content.decode()
    expected = independent_count(world.station, first, last, **{what: value})
    assert page_totals(content) == only_figures(expected)
    book = workbook(client.get(reverse("inspections:ledger_export"), {what: value.pk}))
    hazards = sheet_rows(book.worksheets[2])
    assert len([row for row in hazards[1:] if row and isinstance(row[0], int)]) == expected["found"]


def test_a_past_quarter_counts_its_own_records(world, client_for, quarter):
    first, _last = quarter
    before = services.quarter_of(first - timedelta(days=1))
    label = ledgers.quarter_label(before[0])
    content = client_for(world.supervisor).get(reverse("inspections:ledger"), {"quarter": label}).content.decode()
    expected = independent_count(world.station, *before)
    assert page_totals(content) == only_figures(expected)
    assert (expected["found"], expected["visits"], expected["inspections"]) == (1, 1, 1)


# --- joint visits (综合查一次): the published count -------------------------------------------------------------


def page_rows(content: str, table: str) -> dict:
    """A table of the page as {row label: its figures}."""
    body = re.search(rf'<table class="grid" id="{table}">.*?<tbody>(.*?)</tbody>', content, re.S).group(1)
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        rows[html.unescape(cells[0])] = dict(zip(FIGURES, map(int, cells[-len(FIGURES):]), strict=True))
    return rows


def summary_sheet_rows(response) -> tuple[dict, dict]:
    """The workbook's summary as ({park: figures}, {department: figures})."""
    rows = sheet_rows(workbook(response).worksheets[0])[1:]
    total = next(i for i, row in enumerate(rows) if row[1] in (None, "") and isinstance(row[2], int))

    def figures(part):
        return {row[0]: dict(zip(FIGURES, row[2:9], strict=True)) for row in part}

    # Then a blank line and the departments' heading.
    return figures(rows[:total]), figures(rows[total + 3:])


def api_rows(body: dict, part: str) -> dict:
    return {row["label"]: {k: row[k] for k in FIGURES} for row in body[part]}


def test_joint_visits_per_park_and_department_agree_on_page_workbook_api_and_an_independent_count(
        world, client_for, api_for, quarter):
    first, last = quarter
    client = client_for(world.supervisor)
    content = client.get(reverse("inspections:ledger")).content.decode()
    book_parks, book_departments = summary_sheet_rows(client.get(reverse("inspections:ledger_export")))
    body = api_for(world.supervisor).get("/api/inspections/summary/").json()
    parks = {park.name: only_figures(independent_count(world.station, first, last, park=park))
             for park in (world.park_a, world.park_b)}
    assert parks[world.park_a.name]["visits"] == parks[world.park_b.name]["visits"] == 1
    assert page_rows(content, "ledger-parks") == book_parks == api_rows(body, "parks") == parks
    assert body["total"] == page_totals(content) == only_figures(independent_count(world.station, first, last))

    by_department = independent_count(world.station, first, last)["visits_by_department"]
    transport = world.dept_transport_unit
    departments = page_rows(content, "ledger-departments")
    assert departments == book_departments == api_rows(body, "departments")
    assert departments[transport.name]["visits"] == by_department[transport.pk] == 2  # visits a and b
    police = next(label for label in departments if label != transport.name)
    # The police's own checklists went on visit b (done) and on the visit still planned: the row counts the visits
    # in which they submitted one, as defined; the park rows count only the visits done.
    assert departments[police]["visits"] == by_department[None] == 2
    assert departments[police]["inspections"] == 2


def test_a_visit_planned_cancelled_or_finished_last_quarter_is_not_a_joint_visit_done(world, quarter):
    first, last = quarter
    scope = ledgers.Scope(first, last)
    counted = set(ledgers.visits_in(world.supervisor, scope).values_list("pk", flat=True))
    assert counted == {world.visit_a.pk, world.visit_b.pk}
    others = InspectionVisit.objects.filter(station=world.station).exclude(pk__in=counted)
    assert sorted(others.values_list("status", flat=True)) == ["cancelled", "done", "planned"]
    assert others.get(status="planned").inspections.filter(status="submitted").exists()
    finished_before = others.get(status="done").finished_at
    assert timezone.localtime(finished_before).date() < first
    before = ledgers.Scope(*services.quarter_of(first - timedelta(days=1)))
    assert ledgers.ledger(world.supervisor, before).total.visits == 1


def test_another_station_s_visits_are_not_counted(world, client_for, quarter):
    first, last = quarter
    scope = ledgers.Scope(first, last)
    assert ledgers.ledger(world.supervisor_t, scope).total.visits == 1  # visit t, done in the quarter
    for persona in (world.supervisor, world.officer_a, world.officer_b):
        assert world.visit_t.pk not in set(ledgers.visits_in(persona, scope).values_list("pk", flat=True))
    content = client_for(world.officer_a).get(reverse("inspections:ledger")).content.decode()
    assert page_totals(content)["visits"] == 1 and world.park_t.name not in content


def test_a_department_s_visits_are_those_it_took_part_in(world, quarter):
    first, last = quarter
    other = f.DepartmentFactory(station=world.station)
    for department, visits in ((world.dept_transport_unit, 2), (other, 0)):
        result = ledgers.ledger(world.supervisor, ledgers.Scope(first, last, department=department))
        assert result.total.visits == visits == independent_count(
            world.station, first, last, department=department)["visits"]


def test_a_bad_quarter_or_a_park_out_of_reach_is_shown_beside_its_field(world, client_for, quarter):
    client = client_for(world.officer_a)
    response = client.get(reverse("inspections:ledger"), {"quarter": "2026-Q5", "park": world.park_b.pk})
    content = response.content.decode()
    assert response.status_code == 400
    quarter_field = re.search(r'<div class="field invalid"><label for="ledger-quarter">.*?</div>', content, re.S)
    park_field = re.search(r'<div class="field invalid"><label for="ledger-park">.*?</div>', content, re.S)
    assert quarter_field and 'class="error"' in quarter_field.group(0)
    assert park_field and 'class="error"' in park_field.group(0)
    assert world.park_b.name not in content  # naming it would tell the officer it exists
    events = AuditEvent.objects.count()
    export = client.get(reverse("inspections:ledger_export"), {"quarter": "2026-Q5"})
    assert export.status_code == 302 and export.url.startswith(reverse("inspections:ledger"))
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("persona", NOT_POLICE)
def test_ledger_and_export_are_not_found_for_anyone_but_the_police(world, client_for, persona, quarter):
    client, events = client_for(world.personas[persona]), AuditEvent.objects.count()
    assert client.get(reverse("inspections:ledger")).status_code == 404
    assert client.get(reverse("inspections:ledger_export")).status_code == 404
    assert AuditEvent.objects.count() == events


# --- cost -------------------------------------------------------------------------------------------------------


def test_ledger_page_and_export_cost_the_same_queries_for_more_records(world, client_for):
    client = client_for(world.supervisor)

    def queries(name):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(f"inspections:{name}")).status_code == 200
        return len(ctx)

    queries("ledger"), queries("ledger_export")  # the first requests fill per-process caches
    few = queries("ledger"), queries("ledger_export")
    inspect(world.officer_b, world.visit_b, world.insp_type_fire, ["fail", "fail", "pass"])
    for n in range(3):
        enterprise = f.EnterpriseFactory(park=world.park_b)
        services.do_report_hazard(world.officer_b, park=world.park_b, enterprise=enterprise,
                                  data={"title": f"隐患{n}", "severity": "general"})
    assert (queries("ledger"), queries("ledger_export")) == few


def test_the_joint_visits_cost_one_grouped_query_more(world, quarter):
    first, last = quarter
    for scope in (ledgers.Scope(first, last), ledgers.Scope(first, last, department=world.dept_transport_unit)):
        with CaptureQueriesContext(connection) as ctx:
            ledgers.ledger(world.supervisor, scope)
        # Per park: the visits, the checklists, the hazards (the departments' visits come with their checklists);
        # per department: the checklists, the hazards; the parks; the departments' names.
        assert len(ctx) == 7, [q["sql"] for q in ctx.captured_queries]
        assert sum("inspections_inspectionvisit" in q["sql"] for q in ctx.captured_queries) == 1


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(str(row) for row in cursor.fetchall())


def test_the_ledger_reads_hazards_inspections_and_visits_through_the_station_indexes(world):
    if connection.vendor != "sqlite":
        pytest.skip("the plan is checked on SQLite")
    scope = ledgers.Scope(*services.quarter_of(timezone.localdate()))
    for queryset in (ledgers.hazards_in(world.supervisor, scope), ledgers.inspections_in(world.supervisor, scope),
                     ledgers.visits_in(world.supervisor, scope)):
        plan = _plan(queryset.order_by().values("park").annotate(n=Count("pk")))
        assert "USING INDEX" in plan and "SCAN inspections_" not in plan, plan


def test_a_park_without_an_office_and_formula_like_text_are_written_as_they_are(world, client_for):
    park = f.ParkFactory(station=world.station, office=None, name="无警务室园区")
    services.do_report_hazard(world.supervisor, park=park, data={"title": "=HYPERLINK(\"http://x\")",
                                                                 "severity": "general"})
    client = client_for(world.supervisor)
    assert "无警务室园区" in client.get(reverse("inspections:ledger")).content.decode()
    book = load_workbook(io.BytesIO(client.get(reverse("inspections:ledger_export")).content))
    hazards = book.worksheets[2]
    cell = next(row[8] for row in hazards.iter_rows(min_row=2) if row[4].value == "无警务室园区")
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"
