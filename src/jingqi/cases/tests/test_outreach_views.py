"""Outreach pages: who gets which page, errors beside their fields, the phone-sized markup, the list's query count,
the figures against the records, the ledger, the enterprise page's attended events."""

import io
import re
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jingqi.cases import selectors_outreach as selectors
from jingqi.cases import services_outreach as services
from jingqi.cases.models import OutreachEvent
from jingqi.core.testing import factories as f

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def plan(world, actor=None, *, park=None, enterprises=None, day=None, start=19, end=20, topic="anti_fraud",
         title="防范电信网络诈骗讲座"):
    day = day or timezone.localdate() + timedelta(days=10)
    return services.do_plan_outreach(
        actor or world.officer_a, park=park or world.park_a,
        enterprises=[world.enterprise_a] if enterprises is None else enterprises,
        data={"topic": topic, "title": title, "starts_at": at(day, start), "ends_at": at(day, end),
              "place": "职工之家"})


def held(world, actor=None, *, park=None, enterprises=None, numbers=None, days_ago=3, **kwargs):
    enterprises = [world.enterprise_a] if enterprises is None else enterprises
    event = plan(world, actor, park=park, enterprises=enterprises,
                 day=timezone.localdate() - timedelta(days=days_ago), **kwargs)
    numbers = numbers or {e.pk: 20 for e in enterprises}
    return services.do_hold_outreach(actor or world.officer_a, event, attendance=numbers)


def url(name, *args):
    return reverse(f"cases:{name}", args=args)


def form_data(day, start="19:00", end="20:30", **extra):
    return {"topic": "anti_fraud", "title": "反诈讲座", "starts_at": f"{day:%Y-%m-%d}T{start}",
            "ends_at": f"{day:%Y-%m-%d}T{end}", "place": "园区会议室", "speaker": "", "materials": "", **extra}


# --- the list ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "sees"), [("supervisor", {"a", "b"}), ("officer_a", {"a"}), ("liaison_a", {"a"}),
                                           ("liaison_b", {"b"})])
def test_list_shows_each_role_the_events_it_may_see(world, client_for, who, sees):
    events = {"a": plan(world, title="A园讲座"),
              "b": plan(world, world.officer_b, park=world.park_b, enterprises=[world.enterprise_b], title="B园讲座")}
    body = client_for(getattr(world, who)).get(url("outreach_list")).content.decode()
    assert {key for key, event in events.items() if event.title in body} == sees


@pytest.mark.parametrize("who", ["dept_transport", "volunteer_a", "viewer"])
def test_list_is_not_there_for_roles_without_outreach(world, client_for, who):
    assert client_for(getattr(world, who)).get(url("outreach_list")).status_code == 404


def test_list_filters_by_topic_park_status_and_period(world, client_for):
    plan(world, world.supervisor, title="反诈之夜", topic="anti_fraud")
    plan(world, world.supervisor, title="消防演练", topic="fire", park=world.park_b, enterprises=[world.enterprise_b])
    held(world, world.supervisor, title="去年的禁毒宣传", topic="drugs", days_ago=40)
    client = client_for(world.supervisor)

    def titles(**params):
        body = client.get(url("outreach_list"), params).content.decode()
        return {t for t in ("反诈之夜", "消防演练", "去年的禁毒宣传") if t in body}

    assert titles(topic="fire") == {"消防演练"}
    assert titles(park=world.park_b.pk) == {"消防演练"}
    assert titles(status="held") == {"去年的禁毒宣传"}
    since = timezone.localdate() - timedelta(days=10)
    assert titles(start=f"{since:%Y-%m-%d}") == {"反诈之夜", "消防演练"}
    assert titles(end=f"{since:%Y-%m-%d}") == {"去年的禁毒宣传"}
    assert titles(topic="nonsense", park="x", start="yesterday") == {"反诈之夜", "消防演练", "去年的禁毒宣传"}


def test_list_is_a_table_that_becomes_cards_on_a_phone(world, client_for):
    plan(world)
    body = client_for(world.officer_a).get(url("outreach_list")).content.decode()
    assert 'class="grid cards"' in body and 'data-label="' in body


def test_list_answers_htmx_with_the_table_alone(world, client_for):
    plan(world)
    response = client_for(world.officer_a).get(url("outreach_list"), {"topic": "anti_fraud"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert "防范电信网络诈骗讲座" in response.content.decode()


@pytest.mark.parametrize("who", ["supervisor", "liaison_a"])
def test_list_query_count_does_not_grow_with_the_rows(world, client_for, who):
    client = client_for(getattr(world, who))
    plan(world, world.supervisor)
    client.get(url("outreach_list"))  # warm: sessions, content types
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("outreach_list")).status_code == 200
    second = f.EnterpriseFactory(park=world.park_a)
    for n in range(8):
        plan(world, world.supervisor, enterprises=[world.enterprise_a, second], title=f"讲座{n}")
    held(world, world.supervisor, enterprises=[world.enterprise_a, second])
    with CaptureQueriesContext(connection) as many:
        assert client.get(url("outreach_list")).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


# --- figures and the ledger ----------------------------------------------------------------------------------------


def test_figures_count_what_the_records_say(world):
    second = f.EnterpriseFactory(park=world.park_a)
    weekday_evening = held(world, enterprises=[world.enterprise_a, second], numbers={world.enterprise_a.pk: 30,
                                                                                      second.pk: 0})
    assert all(r.outside_hours for r in weekday_evening.attendance.all())
    # An anti-fraud talk in working hours on a working day (found among the last days).
    from jingqi.core.workcalendar import WorkCalendar

    calendar, day = WorkCalendar(), timezone.localdate() - timedelta(days=5)
    while not calendar.is_workday(day):
        day -= timedelta(days=1)
    daytime = plan(world, day=day, start=10, end=11)
    services.do_hold_outreach(world.officer_a, daytime, attendance={world.enterprise_a.pk: 12})
    held(world, topic="fire", numbers={world.enterprise_a.pk: 8})
    plan(world, topic="fire")
    cancelled = plan(world, topic="law")
    services.do_cancel_outreach(world.officer_a, cancelled, reason="改期")
    held(world, world.officer_b, park=world.park_b, enterprises=[world.enterprise_b])  # not officer A's

    figures = selectors.outreach_figures(world.officer_a)
    by_topic = {t["topic"]: t for t in figures["topics"]}
    assert (by_topic["anti_fraud"]["held"], by_topic["anti_fraud"]["attendance"]) == (2, 42)
    assert (by_topic["fire"]["held"], by_topic["fire"]["planned"], by_topic["law"]["cancelled"]) == (1, 1, 1)
    assert (figures["events"], figures["held"], figures["attendance"]) == (5, 3, 50)
    assert (figures["enterprises_reached"], figures["invitations_attended"]) == (1, 3)  # the second sent no one
    share = figures["anti_fraud_outside"]
    assert (share.n, share.value) == (2, 0.5)
    assert selectors.outreach_figures(world.supervisor)["enterprises_reached"] == 2


def test_figures_take_the_same_number_of_queries_whatever_the_rows(world):
    held(world)
    with CaptureQueriesContext(connection) as few:
        selectors.outreach_figures(world.supervisor)
    for _n in range(5):
        held(world, world.supervisor, park=world.park_b, enterprises=[world.enterprise_b])
    with CaptureQueriesContext(connection) as many:
        selectors.outreach_figures(world.supervisor)
    assert len(many) == len(few) <= 6


def test_police_see_the_figures_panel_and_liaisons_do_not(world, client_for):
    held(world)
    assert "outreach-figures" in client_for(world.officer_a).get(url("outreach_list")).content.decode()
    assert "outreach-figures" not in client_for(world.liaison_a).get(url("outreach_list")).content.decode()


def test_ledger_downloads_as_a_workbook_with_one_row_per_event(world, client_for):
    from openpyxl import load_workbook

    held(world, title="=HYPERLINK(\"x\")")
    plan(world, title="晚间反诈讲座")
    response = client_for(world.officer_a).get(url("outreach_ledger"))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3
    assert rows[1][5] == "=HYPERLINK(\"x\")" and rows[1][11] == 20 and rows[2][11] is None


@pytest.mark.parametrize("who", ["liaison_a", "viewer"])
def test_ledger_is_for_the_police_only(world, client_for, who):
    assert client_for(getattr(world, who)).get(url("outreach_ledger")).status_code == 404


# --- planning and editing ------------------------------------------------------------------------------------------


def test_officer_plans_an_event_from_the_form(world, client_for):
    day = timezone.localdate() + timedelta(days=7)
    response = client_for(world.officer_a).post(url("outreach_plan"), {
        **form_data(day), "park": world.park_a.pk, "enterprises": [world.enterprise_a.pk]})
    event = OutreachEvent.objects.get()
    assert response.status_code == 302 and response["Location"] == url("outreach_detail", event.pk)
    assert timezone.localtime(event.starts_at).hour == 19 and event.attendance.count() == 1


def test_plan_form_shows_an_end_before_the_start_beside_the_end(world, client_for):
    day = timezone.localdate() + timedelta(days=7)
    response = client_for(world.officer_a).post(url("outreach_plan"), {
        **form_data(day, start="20:00", end="19:00"), "park": world.park_a.pk})
    assert response.status_code == 400
    assert response.context["form"].errors["ends_at"] and not OutreachEvent.objects.exists()


def test_plan_form_shows_an_enterprise_of_another_park_beside_the_enterprises(world, client_for):
    day = timezone.localdate() + timedelta(days=7)
    response = client_for(world.supervisor).post(url("outreach_plan"), {
        **form_data(day), "park": world.park_a.pk, "enterprises": [world.enterprise_b.pk]})
    assert response.status_code == 400 and response.context["form"].errors["enterprises"]
    assert not OutreachEvent.objects.exists()


def test_plan_form_offers_only_the_officers_parks_and_enterprises(world, client_for):
    form = client_for(world.officer_a).get(url("outreach_plan")).context["form"]
    assert list(form.fields["park"].queryset) == [world.park_a]
    assert list(form.fields["enterprises"].queryset) == [world.enterprise_a]


@pytest.mark.parametrize("who", ["liaison_a", "volunteer_a"])
def test_plan_form_is_not_there_for_others(world, client_for, who):
    assert client_for(getattr(world, who)).get(url("outreach_plan")).status_code == 404


def test_edit_form_is_filled_in_shanghai_time_and_refuses_a_stale_version(world, client_for):
    event = plan(world)
    client = client_for(world.officer_a)
    page = client.get(url("outreach_edit", event.pk))
    assert f'value="{timezone.localtime(event.starts_at):%Y-%m-%dT%H:%M}"' in page.content.decode()
    day = timezone.localdate() + timedelta(days=8)
    response = client.post(url("outreach_edit", event.pk), {**form_data(day), "version": event.version - 1})
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    assert OutreachEvent.objects.get(pk=event.pk).title == event.title
    ok = client.post(url("outreach_edit", event.pk), {**form_data(day, title="改期"), "version": event.version})
    assert ok.status_code == 302 and OutreachEvent.objects.get(pk=event.pk).title == "改期"


def test_invite_page_offers_the_parks_enterprises_not_yet_invited(world, client_for):
    event = plan(world)
    second = f.EnterpriseFactory(park=world.park_a)
    client = client_for(world.officer_a)
    form = client.get(url("outreach_invite", event.pk)).context["form"]
    assert list(form.fields["enterprises"].queryset) == [second]
    response = client.post(url("outreach_invite", event.pk), {"enterprises": [second.pk], "version": event.version})
    assert response.status_code == 302 and event.attendance.count() == 2


# --- the event page and its actions --------------------------------------------------------------------------------


def test_event_page_shows_a_liaison_only_its_own_enterprises_attendance(world, client_for):
    second = f.EnterpriseFactory(park=world.park_a, name="隔壁科技有限公司")
    event = held(world, enterprises=[world.enterprise_a, second])
    body = client_for(world.liaison_a).get(url("outreach_detail", event.pk)).content.decode()
    assert world.enterprise_a.name in body and "隔壁科技有限公司" not in body
    assert url("outreach_attendance", event.pk) not in body and url("outreach_material_upload", event.pk) not in body
    police = client_for(world.officer_a).get(url("outreach_detail", event.pk)).content.decode()
    assert "隔壁科技有限公司" in police and url("outreach_attendance", event.pk) in police


def test_event_page_offers_to_record_attendance_only_once_the_event_has_started(world, client_for):
    client = client_for(world.officer_a)
    coming, past = plan(world), plan(world, day=timezone.localdate() - timedelta(days=1))
    assert url("outreach_attendance", coming.pk) not in client.get(url("outreach_detail", coming.pk)).content.decode()
    assert url("outreach_attendance", past.pk) in client.get(url("outreach_detail", past.pk)).content.decode()


def test_figures_panel_lists_only_the_topics_with_events(world, client_for):
    held(world, topic="fire")
    body = client_for(world.officer_a).get(url("outreach_list")).content.decode()
    figures = body.split('id="outreach-figures"')[1].split("</section>")[0]
    assert "Fire safety" in figures or "消防安全" in figures
    assert "Traffic safety" not in figures and "交通安全" not in figures


def test_event_page_is_a_404_for_an_enterprise_not_invited(world, client_for):
    event = plan(world)
    assert client_for(world.liaison_b).get(url("outreach_detail", event.pk)).status_code == 404


def test_attendance_form_has_a_number_pad_field_per_enterprise_and_records_the_event_held(world, client_for):
    second = f.EnterpriseFactory(park=world.park_a)
    event = plan(world, enterprises=[world.enterprise_a, second], day=timezone.localdate() - timedelta(days=1))
    client = client_for(world.officer_a)
    body = client.get(url("outreach_attendance", event.pk)).content.decode()
    assert body.count('inputmode="numeric"') == 2
    bad = client.post(url("outreach_attendance", event.pk), {f"att_{world.enterprise_a.pk}": "-3",
                                                              f"att_{second.pk}": "4", "version": event.version})
    assert bad.status_code == 400 and bad.context["form"].errors[f"att_{world.enterprise_a.pk}"]
    ok = client.post(url("outreach_attendance", event.pk), {f"att_{world.enterprise_a.pk}": "25",
                                                             f"att_{second.pk}": "4", "summary": "效果良好",
                                                             "version": event.version})
    event.refresh_from_db()
    assert ok.status_code == 302 and (event.status, event.attendance_total) == ("held", 29)


def test_recording_a_future_event_held_is_refused_above_the_form(world, client_for):
    event = plan(world)
    response = client_for(world.officer_a).post(url("outreach_attendance", event.pk), {
        f"att_{world.enterprise_a.pk}": "5", "version": event.version})
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    assert OutreachEvent.objects.get(pk=event.pk).status == "planned"


def test_cancel_asks_for_confirmation_and_a_reason(world, client_for):
    event = plan(world)
    client = client_for(world.officer_a)
    assert "data-confirm" in client.get(url("outreach_detail", event.pk)).content.decode()
    refused = client.post(url("outreach_cancel", event.pk), {"cancel-reason": "", "version": event.version})
    assert refused.status_code == 400 and refused.context["cancel_form"].errors["reason"]
    done = client.post(url("outreach_cancel", event.pk), {"cancel-reason": "暴雨", "version": event.version})
    assert done.status_code == 302 and OutreachEvent.objects.get(pk=event.pk).status == "cancelled"


def test_files_are_uploaded_and_downloaded_through_the_scope_check(world, client_for):
    event = plan(world)
    response = client_for(world.officer_a).post(url("outreach_material_upload", event.pk),
                                                {"material-file": f.png_upload("课件.png")})
    assert response.status_code == 302
    material = event.files.get()
    download = client_for(world.liaison_a).get(url("outreach_material_download", material.pk))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert client_for(world.liaison_b).get(url("outreach_material_download", material.pk)).status_code == 404


def test_a_refused_upload_shows_its_reason_beside_the_file(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    event = plan(world)
    response = client_for(world.officer_a).post(url("outreach_material_upload", event.pk), {
        "material-file": SimpleUploadedFile("课件.pdf", b"MZ not a pdf at all")})
    assert response.status_code == 400 and response.context["material_form"].errors["file"]


# --- the enterprise page and the menu ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer_a", "supervisor", "liaison_a"])
def test_enterprise_page_lists_the_events_its_staff_attended(world, client_for, who):
    event = held(world, title="反诈进企业")
    plan(world, title="还没开的讲座")
    body = client_for(getattr(world, who)).get(reverse("registry:enterprise_detail",
                                                       args=[world.enterprise_a.pk])).content.decode()
    assert "反诈进企业" in body and url("outreach_detail", event.pk) in body and "还没开的讲座" not in body


def test_enterprise_page_leaves_out_events_where_no_one_came(world, client_for):
    held(world, title="无人到场", numbers={world.enterprise_a.pk: 0})
    body = client_for(world.officer_a).get(reverse("registry:enterprise_detail",
                                                   args=[world.enterprise_a.pk])).content.decode()
    assert "无人到场" not in body


@pytest.mark.parametrize(("who", "listed"), [("officer_a", True), ("liaison_a", True), ("volunteer_a", False),
                                             ("dept_transport", False)])
def test_outreach_is_in_the_menu_of_the_police_and_liaisons(world, client_for, who, listed):
    links = [link for _label, link in client_for(getattr(world, who)).get(reverse("home")).context["nav_items"]]
    assert (url("outreach_list") in links) is listed


def test_a_liaisons_list_does_not_show_the_other_enterprises_attendance(world, client_for):
    from datetime import datetime, time, timedelta

    from django.urls import reverse
    from django.utils import timezone

    from jingqi.cases import services_outreach
    from jingqi.core.testing import factories as f

    other = f.EnterpriseFactory(park=world.park_b, name="B园邻居企业有限公司")
    day = timezone.localdate() - timedelta(days=2)
    start = datetime.combine(day, time(19), tzinfo=timezone.get_current_timezone())
    event = services_outreach.do_plan_outreach(
        world.officer_b, park=world.park_b, enterprises=[world.enterprise_b, other],
        data={"topic": "anti_fraud", "title": "B园反诈夜校", "starts_at": start, "ends_at": start + timedelta(hours=1),
              "place": "B园职工之家"})
    services_outreach.do_hold_outreach(world.officer_b, event, attendance={world.enterprise_b.pk: 35, other.pk: 7})
    police = client_for(world.officer_b).get(reverse("cases:outreach_list")).content.decode()
    liaison = client_for(world.liaison_b).get(reverse("cases:outreach_list")).content.decode()
    assert "B园反诈夜校" in liaison

    def attendance_cell(content):
        row = re.search(r"<tr>(?:(?!</tr>).)*B园反诈夜校.*?</tr>", content, re.S).group(0)
        return re.findall(r'class="num">([^<]*)</td>', row)[-1].strip()

    assert attendance_cell(police) == "42" and attendance_cell(liaison) == "—"
