"""Every figure, over the demo, against a count made here from the raw tables by other means: ORM filters and
aggregates written from the definitions' sentences, dated with the database's own calendar arithmetic avoided
(each record's local day is taken in Python from its timestamp)."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from statistics import median
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Max, Q, Sum

from jingqi.accounts.choices import Role
from jingqi.analytics.definitions import AMOUNT, BY_KEY, DEFINITIONS, DISTINCT, DURATION, RATE
from jingqi.analytics.selectors import BREAKDOWN_FIGURES, DEPARTMENT_FIGURES, Scope, breakdown, figures_for
from jingqi.analytics.services import do_refresh_figures
from jingqi.registry.models import Park, Station

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(at: datetime) -> date:
    return at.astimezone(SHANGHAI).date()


def within(at, start, end) -> bool:
    return at is not None and start <= local(at) <= end


def expected(station, start, end, now) -> dict[str, tuple]:
    """(numerator, denominator, records, total, durations) per figure, from the raw tables."""
    from jingqi.cases.models import Case, OutreachEvent, Recovery
    from jingqi.claims.models import Clue
    from jingqi.disputes.models import Dispute
    from jingqi.inspections.models import Hazard, Inspection, InspectionVisit
    from jingqi.patrols.models import GuardOperation, GuardShift, PatrolMember
    from jingqi.tickets.models import Ticket, TicketTask

    out = {}

    def put(key, num=0, den=0, records=0, total=Decimal(0), durations=()):
        out[key] = (num, den, records, total, sorted(durations))

    tickets = list(Ticket.objects.filter(station=station))
    received = [t for t in tickets if within(t.submitted_at, start, end)]
    put("requests.received", num=len(received), records=len(received))
    solved = [t for t in tickets if t.status in ("resolved", "closed") and t.outcome == "resolved"
              and within(t.resolved_at, start, end)]
    put("requests.solved", num=len(solved), records=len(solved))
    on_time = [t for t in solved if t.resolved_at <= t.resolution_due_at]
    put("requests.solved_on_time", num=len(on_time), den=len(solved), records=len(solved))
    due = [t for t in tickets if (t.first_response_at or t.response_due_at <= now)
           and within(t.response_due_at, start, end)]
    answered = [t for t in due if t.first_response_at and t.first_response_at <= t.response_due_at]
    put("requests.response_rate", num=len(answered), den=len(due), records=len(due))
    ended = [t for t in tickets if t.status in ("resolved", "closed", "rejected") and t.outcome != "duplicate"
             and within(t.resolved_at or t.closed_at or t.updated_at, start, end)]
    put("requests.resolution_rate", num=sum(t.outcome == "resolved" for t in ended), den=len(ended),
        records=len(ended))
    rated = [t for t in tickets if t.rating is not None and within(t.rated_at, start, end)]
    put("requests.satisfaction", num=sum(t.rating >= 4 for t in rated), den=len(rated), records=len(rated))
    resolved = [t for t in tickets if t.status in ("resolved", "closed") and within(t.resolved_at, start, end)]
    put("requests.time_to_resolve", records=len(resolved),
        durations=[(t.resolved_at - t.submitted_at).total_seconds() / 3600 for t in resolved])

    tasks = [t for t in TicketTask.objects.filter(ticket__station=station)
             if (t.status == "done" or t.due_at <= now) and within(t.due_at, start, end)]
    put("tasks.on_time", num=sum(t.status == "done" and t.completed_at <= t.due_at for t in tasks), den=len(tasks),
        records=len(tasks))

    disputes = [d for d in Dispute.objects.filter(station=station) if within(d.ended_at, start, end)]
    judged = [d for d in disputes if d.outcome in ("agreement", "no_agreement", "failed", "transferred")]
    put("disputes.success", num=sum(d.outcome == "agreement" for d in judged), den=len(judged), records=len(judged))
    settled = [d for d in disputes if d.outcome in ("agreement", "no_agreement")]
    put("disputes.settled_low", num=sum(d.level in ("enterprise", "park") for d in settled), den=len(settled),
        records=len(settled))
    put("disputes.time_to_settle", records=len(settled),
        durations=[(d.ended_at - d.reported_at).total_seconds() / 3600 for d in settled])

    cases = list(Case.objects.filter(station=station))
    solved_cases = [c for c in cases if c.status in ("solved", "closed") and within(c.solved_at, start, end)]
    put("cases.solved", num=len(solved_cases), records=len(solved_cases))
    put("cases.time_to_solve", records=len(solved_cases),
        durations=[(c.solved_at - c.reported_at).total_seconds() / 3600 for c in solved_cases])
    lost = [c for c in cases if c.loss_amount and within(c.reported_at, start, end)]
    put("cases.loss_reported", records=len(lost), total=sum((c.loss_amount for c in lost), Decimal(0)))
    recoveries = Recovery.objects.filter(case__station=station, recovered_on__gte=start, recovered_on__lte=end)
    put("cases.loss_recovered", records=recoveries.count(),
        total=recoveries.aggregate(s=Sum("amount"))["s"] or Decimal(0))
    held = [e for e in OutreachEvent.objects.filter(station=station, status="held") if within(e.starts_at, start, end)]
    put("outreach.held", num=len(held), records=len(held))
    put("outreach.attendance", records=len(held), total=Decimal(sum(e.attendance_total for e in held)))

    inspections = [i for i in Inspection.objects.filter(station=station, status="submitted")
                   if within(i.submitted_at, start, end)]
    put("inspections.done", num=len(inspections), records=len(inspections))
    visits = [v for v in InspectionVisit.objects.filter(station=station, status="done")
              if within(v.finished_at, start, end)]
    put("inspections.visits", num=len(visits), records=len(visits))
    hazards = list(Hazard.objects.filter(station=station).exclude(status="void"))
    found = [h for h in hazards if within(h.reported_at, start, end)]
    put("hazards.found", num=len(found), records=len(found))
    put("hazards.fixed_on_site", num=sum(h.fixed_on_site for h in found), den=len(found), records=len(found))
    closed = [h for h in hazards if h.status == "closed" and within(h.closed_at, start, end)]
    put("hazards.closed", num=len(closed), records=len(closed))
    judged_h = [h for h in hazards if (h.status == "closed" or (h.due_at and h.due_at <= now))
                and within(h.due_at or h.closed_at, start, end)]
    put("hazards.closed_on_time", num=sum(h.status == "closed" and (h.due_at is None or h.closed_at <= h.due_at)
                                          for h in judged_h), den=len(judged_h), records=len(judged_h))

    members = [m for m in PatrolMember.objects.filter(patrol__station=station, credited_minutes__gt=0)
               .select_related("patrol") if within(m.patrol.finished_at, start, end)]
    put("patrols.hours", records=len(members),
        total=sum((Decimal(m.credited_minutes) / 60).quantize(Decimal("0.01")) for m in members))
    shifts = [g for g in GuardShift.objects.filter(operation__station=station, credited_minutes__gt=0)
              if within(g.checked_out_at, start, end)]
    # volunteers with credited time: one record each, a fact per volunteer, park and day
    days = {(m.volunteer_id, m.patrol.park_id, local(m.patrol.finished_at)) for m in members if m.volunteer_id}
    days |= {(g.person.volunteer_id, g.operation.park_id, local(g.checked_out_at))
             for g in GuardShift.objects.filter(operation__station=station, credited_minutes__gt=0,
                                                person__volunteer__isnull=False)
             .select_related("person", "operation") if within(g.checked_out_at, start, end)}
    put("patrols.volunteers_active", num=len({v for v, _park, _day in days}), records=len(days))
    put("guard.hours", records=len(shifts),
        total=sum((Decimal(g.credited_minutes) / 60).quantize(Decimal("0.01")) for g in shifts))
    operations = [o for o in GuardOperation.objects.filter(station=station, status="closed")
                  if o.loss is not None and within(o.closed_at, start, end)]
    put("guard.without_loss", num=sum(not o.loss for o in operations), den=len(operations), records=len(operations))

    clues = [c for c in Clue.objects.filter(station=station, superseded=False, state__in=("confirmed", "transferred"))
             .annotate(last=Max("complaints__batch__finished_at")) if within(c.decided_at, start, end)]
    put("claims.exposed", num=len(clues), records=len(clues))
    put("claims.time_to_expose", records=sum(c.last is not None for c in clues),
        durations=[(c.decided_at - c.last).total_seconds() / 3600 for c in clues if c.last is not None])
    assert set(out) == set(BY_KEY), "every figure is counted here"
    return out


def assert_matches(got, want, key):
    num, den, records, total, durations = want
    definition = BY_KEY[key]
    assert (got.numerator, got.denominator, got.facts) == (num, den, records), key
    if definition.kind == DURATION:
        assert got.total == pytest.approx(sum(Decimal(f"{d:.2f}") for d in durations), abs=Decimal("0.01")), key
        if got.shown_median is not None:  # read from a histogram: within half a bucket (±2.5 %)
            assert got.median == pytest.approx(median(durations), rel=0.03, abs=0.02), key
    else:
        assert got.total == pytest.approx(total, abs=Decimal("0.01")), key
    if definition.kind == RATE and got.enough:
        assert got.value == pytest.approx(num / den), key


@pytest.fixture
def refreshed(small_demo):
    do_refresh_figures(full=True)
    return small_demo


def supervisor_of(station):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(role=Role.SUPERVISOR, station=station, is_active=True).first()


@pytest.mark.parametrize("period", ["all", "half_year", "odd_edges"])
def test_every_figure_matches_an_independent_count_for_each_station(refreshed, period):
    from django.utils import timezone

    now = timezone.now()
    today = timezone.localdate()
    start, end = {"all": (date(2000, 1, 1), today + timedelta(days=400)),
                  "half_year": (today.replace(day=1) - timedelta(days=180), today),
                  "odd_edges": (today - timedelta(days=97), today - timedelta(days=3))}[period]
    stations = list(Station.objects.all())
    assert len(stations) >= 2
    nonzero = set()
    for station in stations:
        user = supervisor_of(station)
        want = expected(station, start, end, now)
        for figure in figures_for(user, start=start, end=end):
            assert_matches(figure, want[figure.key], figure.key)
            if figure.facts:
                nonzero.add(figure.key)
    if period == "all":  # the demo exercises every figure
        # the demo's one guard operation is still running: hours perhaps, closing answers not yet
        assert nonzero | {"guard.hours", "guard.without_loss"} == {d.key for d in DEFINITIONS}


def test_guard_operations_without_loss_count_the_closing_answers(refreshed):
    from django.utils import timezone

    from jingqi.patrols import services
    from jingqi.patrols.models import GuardOperation

    operation = GuardOperation.objects.exclude(status="closed").order_by("pk").first()
    user = supervisor_of(operation.station)
    services.do_close_operation(user, operation, loss=True, loss_note="一段电缆被盗割")
    do_refresh_figures()
    today = timezone.localdate()
    [got] = figures_for(user, start=today - timedelta(days=1), end=today + timedelta(days=1),
                        keys=["guard.without_loss"])
    assert (got.numerator, got.denominator, got.facts) == (0, 1, 1)
    want = expected(operation.station, today - timedelta(days=1), today + timedelta(days=1), timezone.now())
    assert_matches(got, want["guard.without_loss"], "guard.without_loss")


def test_a_station_s_figures_are_the_sum_of_its_parks_and_of_its_offices(refreshed):
    from jingqi.registry.models import Office, Park

    start, end = date(2000, 1, 1), date(2100, 1, 1)
    station = Station.objects.order_by("pk").first()
    user = supervisor_of(station)
    whole = {f.key: f for f in figures_for(user, start=start, end=end)}
    by_park = [figures_for(user, start=start, end=end, scope=Scope(park=p.pk))
               for p in Park.objects.filter(station=station)]
    by_office = [figures_for(user, start=start, end=end, scope=Scope(office=o.pk))
                 for o in Office.objects.filter(station=station)]
    without_park = {f.key for f in whole.values() if f.definition.source == "clue"}  # clues have no park
    for parts in (by_park, by_office):
        for index, definition in enumerate(DEFINITIONS):
            if definition.key in without_park:
                continue
            assert sum(p[index].facts for p in parts) == whole[definition.key].facts, definition.key
            if definition.kind == DISTINCT:  # a volunteer out in two parks is one volunteer of the station
                assert max(p[index].numerator for p in parts) <= whole[definition.key].numerator <= sum(
                    p[index].numerator for p in parts), definition.key
            else:
                assert sum(p[index].numerator for p in parts) == whole[definition.key].numerator, definition.key


def test_the_city_viewer_sees_every_station_summed(refreshed):
    from django.contrib.auth import get_user_model

    start, end = date(2000, 1, 1), date(2100, 1, 1)
    viewer = get_user_model().objects.filter(role=Role.VIEWER, station__isnull=True, is_active=True,
                                             is_superuser=False).first()
    assert viewer is not None
    city = figures_for(viewer, start=start, end=end)
    stations = [figures_for(supervisor_of(s), start=start, end=end) for s in Station.objects.all()]
    for index, figure in enumerate(city):
        assert figure.facts == sum(s[index].facts for s in stations), figure.key
        assert figure.total == sum(s[index].total for s in stations), figure.key
        assert figure.numerator == sum(s[index].numerator for s in stations), figure.key  # volunteers: one station


def test_a_volunteer_is_counted_once_however_many_days_and_parks(refreshed):
    from jingqi.analytics.selectors import monthly
    from jingqi.patrols.models import PatrolMember

    start, end = date(2000, 1, 1), date(2100, 1, 1)
    station = Station.objects.filter(patrols__members__volunteer__isnull=False).distinct().order_by("pk").first()
    user = supervisor_of(station)
    [active] = figures_for(user, start=start, end=end, keys=["patrols.volunteers_active"])
    volunteers = set(PatrolMember.objects.filter(patrol__station=station, credited_minutes__gt=0,
                                                 volunteer__isnull=False, patrol__finished_at__isnull=False)
                     .values_list("volunteer_id", flat=True))
    assert active.numerator >= len(volunteers) > 0
    assert active.facts > active.numerator  # the demo's volunteers go out on more than one day
    assert active.value == active.numerator
    months, series = monthly(user, end=timezone_today(), months=24, keys=["patrols.volunteers_active"])
    points = series["patrols.volunteers_active"]
    assert sum(p.facts for p in points) <= active.facts
    assert all(p.numerator <= active.numerator for p in points)
    assert sum(p.numerator for p in points) >= max(p.numerator for p in points) > 0


def timezone_today():
    from django.utils import timezone

    return timezone.localdate()


def test_a_liaison_sees_its_own_enterprise_s_requests_only(refreshed):
    from django.contrib.auth import get_user_model

    from jingqi.tickets.models import Ticket

    liaison = get_user_model().objects.filter(role=Role.LIAISON, is_active=True,
                                              enterprise__tickets__isnull=False).first()
    start, end = date(2000, 1, 1), date(2100, 1, 1)
    got = {f.key: f for f in figures_for(liaison, start=start, end=end)}
    assert got["requests.received"].numerator == Ticket.objects.filter(enterprise=liaison.enterprise_id).count()
    assert got["disputes.success"].facts == 0  # disputes are not the enterprise's own in the roll-up
    assert got["patrols.hours"].facts == 0


def test_a_period_inside_one_month_and_across_months_reads_the_same_as_its_days(refreshed):
    """Month cells and day cells agree: a period that ends on a month's last day (whole months) and the same
    period a day shorter (day cells at the edge) differ by exactly that day's facts."""
    from django.utils import timezone

    from jingqi.analytics.models import Fact

    today = timezone.localdate()
    end = today.replace(day=1) - timedelta(days=1)  # last day of last month
    start = (end - timedelta(days=100)).replace(day=1)
    station = Station.objects.order_by("pk").first()
    user = supervisor_of(station)
    whole = {f.key: f.facts for f in figures_for(user, start=start, end=end)}
    shorter = {f.key: f.facts for f in figures_for(user, start=start, end=end - timedelta(days=1))}
    last_day = Fact.objects.filter(station=station, day=end)
    for key in whole:
        assert whole[key] - shorter[key] == last_day.filter(figure=key).count(), key
    assert sum(whole.values()) > 0


def test_figures_read_in_three_queries_whatever_the_period(refreshed, django_assert_num_queries):
    station = Station.objects.order_by("pk").first()
    user = supervisor_of(station)
    for start, end in ((date(2024, 1, 15), date(2026, 12, 20)), (date(2026, 3, 1), date(2026, 3, 31))):
        with django_assert_num_queries(3):  # sums, histograms, distinct counts
            figures_for(user, start=start, end=end)
        with django_assert_num_queries(1):  # figures of one kind: their sums only
            figures_for(user, start=start, end=end, keys=["requests.solved", "disputes.success"])


def test_nobody_else_reads_figures(refreshed):
    from django.contrib.auth import get_user_model

    from jingqi.analytics.models import Cell, Fact

    volunteer = get_user_model().objects.filter(role=Role.VOLUNTEER, is_active=True).first()
    assert not Cell.objects.visible_to(volunteer).exists()
    assert not Fact.objects.visible_to(volunteer).exists()
    viewer = get_user_model().objects.filter(role=Role.VIEWER, is_active=True, is_superuser=False).first()
    assert not Fact.objects.visible_to(viewer).exists()  # facts name records; the viewer reads sums only
    supervisor = supervisor_of(Station.objects.order_by("pk").first())
    assert not Cell.objects.visible_to(supervisor, "change").exists()
    assert Cell.objects.visible_to(supervisor).exclude(Q(station=supervisor.station_id)).count() == 0


# --- the figures side by side per station or park ------------------------------------------------------------------

START, END = date(2020, 1, 1), date(2029, 12, 31)


def sums(figure):
    return (figure.facts, figure.numerator, figure.denominator, figure.total)


def test_each_park_s_row_is_that_park_s_figures_and_the_rows_add_up_to_the_station(refreshed):
    supervisor = supervisor_of(Station.objects.get(code="ZZ-MJH"))
    rows = breakdown(supervisor, "park", start=START, end=END)
    parks = list(Park.objects.filter(station=supervisor.station).order_by("name"))
    assert [row.pk for row in rows if row.pk is not None] == [park.pk for park in parks]
    for row in rows:
        if row.pk is not None:
            own = figures_for(supervisor, start=START, end=END, scope=Scope(park=row.pk), keys=BREAKDOWN_FIGURES)
            assert [sums(f) for f in row.figures] == [sums(f) for f in own], row.label
    whole = figures_for(supervisor, start=START, end=END, keys=BREAKDOWN_FIGURES)
    for index, figure in enumerate(whole):
        added = [row.figures[index] for row in rows]
        assert sum(f.numerator for f in added) == figure.numerator, figure.key
        assert sum(f.denominator for f in added) == figure.denominator, figure.key
        assert sum(f.facts for f in added) == figure.facts, figure.key
        if figure.definition.kind == AMOUNT:
            assert sum(f.total for f in added) == figure.total, figure.key
    assert any(f.facts for row in rows for f in row.figures), "the demo's records are in the rows"


def test_the_viewer_s_stations_add_up_to_the_city_and_an_officer_sees_only_their_office_s_parks(refreshed):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    viewer, officer = users.get(username="city_viewer"), users.get(username="mjh_officer_b")
    rows = breakdown(viewer, "station", start=START, end=END)
    assert [row.label for row in rows] == list(Station.objects.order_by("name").values_list("name", flat=True))
    city = figures_for(viewer, start=START, end=END, keys=BREAKDOWN_FIGURES)
    for index, figure in enumerate(city):
        assert sum(row.figures[index].numerator for row in rows) == figure.numerator, figure.key
    mine = breakdown(officer, "park", start=START, end=END)
    assert {row.pk for row in mine} <= set(Park.objects.filter(office=officer.office).values_list("pk", flat=True))


def test_records_in_no_park_have_a_row_of_their_own(refreshed):
    from jingqi.analytics.models import Cell

    supervisor = supervisor_of(Station.objects.get(code="ZZ-MJH"))
    cells = Cell.objects.filter(station=supervisor.station_id, figure="requests.solved").exclude(park=None)
    solved = figures_for(supervisor, start=START, end=END, keys=["requests.solved"])[0].numerator
    cells.update(park=None)
    rows = breakdown(supervisor, "park", start=START, end=END, keys=["requests.solved"])
    assert rows[-1].pk is None and rows[-1].figures[0].numerator == solved


def test_each_department_s_row_is_that_department_s_figures_and_the_rows_add_up_to_the_station(refreshed):
    from jingqi.registry.models import Department

    supervisor = supervisor_of(Station.objects.get(code="ZZ-MJH"))
    rows = breakdown(supervisor, "department", start=START, end=END)
    named = [row.pk for row in rows if row.pk is not None]
    assert named == list(Department.objects.filter(station=supervisor.station).order_by("name")
                         .values_list("pk", flat=True))
    for row in rows:
        if row.pk is not None:
            own = figures_for(supervisor, start=START, end=END, scope=Scope(department=row.pk),
                              keys=DEPARTMENT_FIGURES)
            assert [sums(f) for f in row.figures] == [sums(f) for f in own], row.label
    whole = figures_for(supervisor, start=START, end=END, keys=DEPARTMENT_FIGURES)
    for index, figure in enumerate(whole):
        assert sum(row.figures[index].numerator for row in rows) == figure.numerator, figure.key
        assert sum(row.figures[index].facts for row in rows) == figure.facts, figure.key
    assert any(f.facts for row in rows if row.pk is not None for f in row.figures), "departments have records"

