"""The dispute figures against an independent count.

A few dozen disputes are played through the services on a replayed clock (reports, first contacts, arrivals,
acceptances, referrals, sessions, agreements with instalments and payments on time, late or never, settlements
without agreement, failures, transfers, withdrawals, broken agreements), in two stations. Then every figure is
counted again here in plain Python over the rows — without any helper of ``figures.py`` — for each persona's
scope, each filter, and each row of the breakdowns, and the two must agree.
"""

import random
from datetime import date, datetime, time, timedelta
from statistics import mean, median

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jingqi.core.replay import replayed_time
from jingqi.disputes import services
from jingqi.disputes.choices import Kind, Level
from jingqi.disputes.figures import dispute_figures
from jingqi.disputes.models import Dispute, DisputeParty, Instalment

pytestmark = pytest.mark.django_db

START, END = date(2026, 1, 1), date(2026, 4, 1)
NOW = timezone.make_aware(datetime(2026, 6, 30, 12, 0))
FATES = ["agreement", "agreement", "instalments", "instalments", "no_agreement", "failed", "transferred",
         "withdrawn", "referred", "open", "broken"]


def local(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def play(world, clock, *, seed: int, count: int, first_day: date = date(2025, 12, 10)) -> list[Dispute]:
    """``count`` disputes of every fate, reported between ``first_day`` and 120 days later, all through the
    services. Returns them; payments are recorded at ``NOW`` (dated when they were paid)."""
    rng = random.Random(seed)
    where = [("park_a", "officer_a", "enterprise_a")] * 4 + [("park_b", "officer_b", "enterprise_b")] * 3 + [
        ("park_t", "supervisor_t", "enterprise_t")]
    payments, made = [], []
    for i in range(count):
        park, actor_name, enterprise = rng.choice(where)
        actor = getattr(world, actor_name)
        fate = FATES[i % len(FATES)] if i < len(FATES) else rng.choice(FATES)
        blocking = rng.random() < 0.2
        people = rng.choice([1, 2, 3, 8, 30])
        reported_at = local(first_day + timedelta(days=rng.randint(0, 120)), rng.randint(0, 23), rng.randint(0, 59))

        def at(moment, fn, *args, **kwargs):
            clock.at = moment
            return fn(*args, **kwargs)

        dispute = at(reported_at, services.do_report_dispute, actor, source="walk_in", park=getattr(world, park),
                     data={"kind": rng.choice(Kind.values), "urgency": rng.choice(["routine", "urgent", "emergency"]),
                           "title": f"纠纷 {i}", "description": "双方就款项发生争执。", "people_involved": people,
                           "blocking": blocking, "amount": "1000"})
        step = reported_at + timedelta(minutes=1)
        at(step, services.do_add_party, actor, dispute, side="applicant", full_name=f"当事人{i}", headcount=people)
        # Some of park A's disputes are with an outside organisation, not the park's enterprise: its liaison
        # must not count those.
        if park == "park_a" and rng.random() < 0.4:
            at(step, services.do_add_party, actor, dispute, side="respondent", organisation=f"外包公司{i}")
        else:
            at(step, services.do_add_party, actor, dispute, side="respondent",
               enterprise=getattr(world, enterprise))
        end_after = timedelta(minutes=rng.choice([90, 300, 2000, 9000, 40000]))
        ended_at = reported_at + end_after
        if fate not in ("referred",):
            at(reported_at + timedelta(minutes=2), services.do_accept_dispute, actor, dispute)
        # First contact and (group disputes) arrival, in time order; arriving first is also the first contact.
        contact_after = rng.choice([None, 4, 25, 200, 1500, 3000])
        arrive_after = rng.choice([None, 15, 45, 400]) if dispute.is_group else None
        steps = sorted((minutes, order, fn) for minutes, order, fn in (
            (contact_after, 0, services.do_record_contact), (arrive_after, 1, services.do_record_arrival))
            if minutes is not None and timedelta(minutes=minutes) < end_after)
        for minutes, _order, fn in steps:
            if fn is services.do_record_contact and dispute.contacted_at is not None:
                continue
            dispute = at(reported_at + timedelta(minutes=minutes), fn, actor, dispute)
        if fate == "open":
            made.append(dispute)
            continue
        if fate == "referred":
            at(ended_at, services.do_refer_dispute, actor, dispute, reason="属刑事案件，移交办案单位。")
            made.append(dispute)
            continue
        if fate == "withdrawn":
            at(ended_at, services.do_withdraw_dispute, actor, dispute, reason="申请人撤回。")
            made.append(dispute)
            continue
        at(ended_at - timedelta(minutes=30), services.do_plan_session, actor, dispute,
           planned_at=ended_at - timedelta(minutes=30), place="调解中心",
           mediators=[{"role": "officer", "user": actor}])
        level = rng.choice(Level.values[:3])
        signed_on = timezone.localtime(ended_at).date()
        if fate in ("agreement", "instalments", "broken"):
            plan = [] if fate == "agreement" else [
                {"due_on": signed_on + timedelta(days=days), "amount": "100"}
                for days in sorted(rng.sample(range(0, 90), rng.randint(1, 3)))]
            agreement = at(ended_at, services.do_sign_agreement, actor, dispute, signed_on=signed_on,
                           terms="分期支付。", total_amount=str(100 * len(plan)), level=level, instalments=plan)
            if fate == "broken":
                at(ended_at + timedelta(days=20), services.do_fail_dispute, actor, dispute, reason="未按期履行。")
            else:
                for instalment in agreement.instalments.all():
                    paid_on = instalment.due_on + timedelta(days=rng.choice([-3, -1, 0, 0, 2, 9]))
                    if rng.random() < 0.2 or paid_on > NOW.date():
                        continue  # never paid
                    payments.append((actor, instalment, max(paid_on, signed_on)))
        elif fate == "no_agreement":
            at(ended_at, services.do_settle_dispute, actor, dispute, note="当场道歉赔偿。", level=level)
        else:
            at(ended_at, services.do_fail_dispute, actor, dispute, reason="双方分歧过大。")
            if fate == "transferred":
                on = timezone.localtime(ended_at).date() + timedelta(days=1)
                at(local(on, 10), services.do_transfer_dispute, actor, dispute, body="labour_arbitration",
                   receiver="区劳动人事争议仲裁委员会", on=on)
        made.append(dispute)
    clock.at = NOW
    for n, (actor, instalment, paid_on) in enumerate(payments):
        services.do_record_payment(actor, instalment, amount=str(instalment.amount), paid_on=paid_on,
                                   reference=f"BANK-{seed}-{n}")
    return made


@pytest.fixture
def clock():
    with replayed_time() as replay:
        yield replay


@pytest.fixture
def played(world, clock, settings):
    settings.STATS_MIN_SAMPLE = 3
    play(world, clock, seed=9, count=44)
    clock.at = NOW
    return world


# --- the independent count ------------------------------------------------------------------------


def counted(disputes, instalments, *, start, end, now, min_sample):
    """Every figure counted again, one plain loop per figure, over ``disputes`` (model rows) and ``instalments``
    (rows of those disputes)."""

    def within(moment):
        return moment is not None and start <= moment < end

    def rate(part, whole):
        return (part, whole, part / whole if whole >= min_sample and whole else None)

    def spread(values):
        return (len(values), median(values) if values and len(values) >= min_sample else None,
                mean(values) if values and len(values) >= min_sample else None)

    def hours(a, b):
        return (b - a).total_seconds() / 3600

    reported = [d for d in disputes if within(d.reported_at)]
    ended = [d for d in disputes if within(d.ended_at)]
    outcomes = dict.fromkeys(("agreement", "no_agreement", "withdrawn", "transferred", "failed", "referred"), 0)
    for d in ended:
        outcomes[d.outcome or "referred"] += 1
    judged = outcomes["agreement"] + outcomes["no_agreement"] + outcomes["failed"] + outcomes["transferred"]
    settled = [d for d in ended if d.outcome in ("agreement", "no_agreement")]
    levels = {key: sum(1 for d in settled if d.level == key) for key in ("enterprise", "park", "station", "beyond")}

    def target(at_name, due_name):
        met = missed = 0
        for d in reported:
            at, due = getattr(d, at_name), getattr(d, due_name)
            if due is None:
                continue
            if at is not None:
                if at <= due:
                    met += 1
                else:
                    missed += 1
            elif due < now and (d.ended_at is None or d.ended_at > due):
                missed += 1
        return rate(met, met + missed)

    last_day = min(timezone.localtime(end).date(), timezone.localtime(now).date())
    due = [i for i in instalments if timezone.localtime(start).date() <= i.due_on < last_day]
    on_time = sum(1 for i in due if i.paid_on is not None and i.paid_on <= i.due_on)
    return {
        "reported": len(reported),
        "group_reported": sum(1 for d in reported if d.is_group),
        "ended": len(ended),
        "outcomes": outcomes,
        "judged": judged,
        "settled": len(settled),
        "levels": levels,
        "success": rate(outcomes["agreement"], judged),
        "low_level": rate(levels["enterprise"] + levels["park"], len(settled)),
        "contact_time": spread([hours(d.reported_at, d.contacted_at) for d in reported if d.contacted_at]),
        "arrival_time": spread([hours(d.reported_at, d.onsite_at) for d in reported if d.is_group and d.onsite_at]),
        "settle_time": spread([hours(d.reported_at, d.ended_at) for d in settled]),
        "contact_target": target("contacted_at", "contact_due_at"),
        "arrival_target": target("onsite_at", "onsite_due_at"),
        "instalments_on_time": rate(on_time, len(due)),
        "withdrawn_list": [d.reference for d in sorted(ended, key=lambda d: (d.ended_at, d.pk))
                           if d.outcome == "withdrawn"],
        "referred_list": [d.reference for d in sorted(ended, key=lambda d: (d.ended_at, d.pk)) if d.outcome == ""],
    }


def as_counted(row: dict) -> dict:
    """A row of ``dispute_figures`` in the shape of ``counted``."""
    plain = {key: row[key] for key in ("reported", "group_reported", "ended", "outcomes", "judged", "settled",
                                       "levels")}
    for key in ("success", "low_level", "contact_target", "arrival_target", "instalments_on_time"):
        plain[key] = (row[key].numerator, row[key].n, row[key].value)
    for key in ("contact_time", "arrival_time", "settle_time"):
        plain[key] = (row[key].n, row[key].median, row[key].value)
    for key in ("withdrawn_list", "referred_list"):
        if key in row:
            plain[key] = [entry["reference"] for entry in row[key]]
    return plain


def same(figures: dict, expected: dict):
    got = as_counted(figures)
    for key, value in expected.items():
        if key not in got:
            continue
        if isinstance(value, tuple):
            assert got[key] == pytest.approx(value), key
        else:
            assert got[key] == value, key


def rows_in_scope(keep):
    disputes = [d for d in Dispute.objects.select_related("park") if keep(d)]
    pks = {d.pk for d in disputes}
    instalments = [i for i in Instalment.objects.select_related("agreement") if i.agreement.dispute_id in pks]
    return disputes, instalments


def check(user, keep, settings, *, start=START, end=END, listed=True, **filters):
    start_at, end_at = local(start), local(end)
    figures = dispute_figures(user, start=start, end=end, **filters)
    disputes, instalments = rows_in_scope(keep)
    kwargs = {"start": start_at, "end": end_at, "now": NOW, "min_sample": settings.STATS_MIN_SAMPLE}
    expected = counted(disputes, instalments, **kwargs)
    if not listed:
        del expected["withdrawn_list"], expected["referred_list"]
    same(figures, expected)

    # Each breakdown row is the same count over its part (a month: the same count over that month).
    for grouping, key_of in (("kind", lambda d: d.kind), ("park", lambda d: d.park_id),
                             ("office", lambda d: d.park.office_id)):
        keys = [row["key"] for row in figures[f"by_{grouping}"]]
        assert len(keys) == len(set(keys))
        for row in figures[f"by_{grouping}"]:
            part = [d for d in disputes if key_of(d) == row["key"]]
            pks = {d.pk for d in part}
            same(row, counted(part, [i for i in instalments if i.agreement.dispute_id in pks], **kwargs))
        # No part with something in the period is left out.
        for d in disputes:
            if start_at <= d.reported_at < end_at or (d.ended_at and start_at <= d.ended_at < end_at):
                assert key_of(d) in keys, (grouping, d.reference)
    months = [row["key"] for row in figures["by_month"]]
    assert months == sorted(months) and months
    for row in figures["by_month"]:
        first = date.fromisoformat(f"{row['key']}-01")
        following = (first + timedelta(days=32)).replace(day=1)
        month_start, month_end = max(start_at, local(first)), min(end_at, local(following))
        same(row, counted(disputes, instalments, **{**kwargs, "start": month_start, "end": month_end}))
    return figures


# --- the tests -----------------------------------------------------------------------------------


def test_figures_match_an_independent_count_over_the_station_its_parks_offices_and_types(played, settings):
    station = played.station.pk
    figures = check(played.supervisor, lambda d: d.station_id == station, settings)
    # The data set is varied enough for each figure to mean something.
    assert figures["success"].value is not None and 0 < figures["success"].value < 1
    assert figures["judged"] > figures["outcomes"]["agreement"] > 0
    assert figures["outcomes"]["withdrawn"] and figures["outcomes"]["referred"]
    assert len(figures["withdrawn_list"]) == figures["outcomes"]["withdrawn"]
    assert figures["low_level"].value is not None
    assert figures["contact_time"].median is not None and figures["settle_time"].median is not None
    assert figures["instalments_on_time"].n > figures["instalments_on_time"].numerator > 0
    assert figures["contact_target"].n > 0
    assert len(figures["by_park"]) == 2 and len(figures["by_office"]) == 2
    assert not figures["aggregates_only"]

    # Another period, filters.
    check(played.supervisor, lambda d: d.station_id == station, settings, start=date(2025, 12, 1),
          end=date(2026, 7, 1))
    check(played.supervisor, lambda d: d.park_id == played.park_a.pk, settings, park=played.park_a)
    check(played.supervisor, lambda d: d.park.office_id == played.office_b.pk, settings, office=played.office_b)
    check(played.supervisor, lambda d: d.station_id == station and d.kind == "labour", settings, kind="labour")

    # No period: everything.
    figures = dispute_figures(played.supervisor)
    everything = [d for d in Dispute.objects.all() if d.station_id == station]
    assert figures["reported"] == len(everything)
    assert figures["ended"] == sum(1 for d in everything if d.ended_at)

    # Below the minimum sample a figure is None, with its sample (and the counts) still there.
    settings.STATS_MIN_SAMPLE = 1000
    figures = dispute_figures(played.supervisor, start=START, end=END)
    for key in ("success", "low_level", "contact_target", "instalments_on_time"):
        assert figures[key].value is None and figures[key].n > 0 and not figures[key].enough
    for key in ("contact_time", "settle_time"):
        assert figures[key].median is None and figures[key].median_minutes is None and figures[key].n > 0
    assert figures["success"].numerator > 0


def test_each_role_counts_only_what_it_may_see(played, settings):
    # officer_b: park B only; asking for park A gives nothing, not park A's figures.
    figures = check(played.officer_b, lambda d: d.park_id == played.park_b.pk, settings)
    assert [row["key"] for row in figures["by_park"]] == [played.park_b.pk]
    assert dispute_figures(played.officer_b, park=played.park_a, start=START, end=END)["reported"] == 0

    # A liaison: the disputes their enterprise is a party to (not the park's others).
    mine = set(DisputeParty.objects.filter(enterprise=played.enterprise_a).values_list("dispute", flat=True))
    assert 0 < len(mine) < Dispute.objects.filter(park=played.park_a).count()
    check(played.liaison_a, lambda d: d.pk in mine, settings)

    # The other station's supervisor: theirs.
    check(played.supervisor_t, lambda d: d.station_id == played.station_t.pk, settings)

    # The city viewer: aggregates over the installation, and no reference of any dispute.
    figures = check(played.viewer, lambda d: True, settings, listed=False)
    assert figures["aggregates_only"]
    assert figures["withdrawn_list"] == [] and figures["referred_list"] == []
    assert figures["outcomes"]["withdrawn"] > 0

    # Someone who sat on no dispute: nothing.
    figures = dispute_figures(played.dept_transport, start=START, end=END)
    assert figures["reported"] == figures["ended"] == figures["success"].n == 0
    assert figures["success"].value is None
    assert figures["by_kind"] == figures["by_park"] == figures["by_month"] == []


def test_withdrawn_and_referred_are_outside_the_success_rate(world, clock, settings):
    settings.STATS_MIN_SAMPLE = 1
    day = date(2026, 2, 2)
    made = []
    for n in range(3):
        clock.at = local(day, 9, n)
        made.append(services.do_report_dispute(world.officer_a, source="phone", park=world.park_a, data={
            "kind": "labour", "title": f"工资 {n}", "description": "欠薪。"}))
    clock.at = local(day, 10)
    services.do_accept_dispute(world.officer_a, made[0])
    services.do_plan_session(world.officer_a, made[0], planned_at=clock.at, place="中心",
                             mediators=[{"role": "officer", "user": world.officer_a}])
    services.do_settle_dispute(world.officer_a, made[0], note="当场结清。", level="enterprise")
    services.do_withdraw_dispute(world.officer_a, made[1], reason="撤回。")
    services.do_refer_dispute(world.officer_a, made[2], reason="转交法院。")
    clock.at = local(day, 12)
    figures = dispute_figures(world.officer_a, start=START, end=END)
    assert (figures["success"].numerator, figures["success"].n, figures["success"].value) == (0, 1, 0.0)
    assert (figures["low_level"].numerator, figures["low_level"].n) == (1, 1)
    assert [r["reference"] for r in figures["withdrawn_list"]] == [made[1].reference]
    assert [r["reference"] for r in figures["referred_list"]] == [made[2].reference]
    assert figures["settle_time"].median == pytest.approx(1.0) and figures["settle_time"].median_minutes == 60
    # Contacted never, but two of them ended before their contact was due: only the settled one was timed,
    # and its contact clock (8 working hours) has not run out either.
    assert figures["contact_target"].n == 0


def test_query_count_does_not_grow_with_the_disputes(world, clock, settings):
    play(world, clock, seed=3, count=4)
    clock.at = NOW
    with CaptureQueriesContext(connection) as few:
        small = dispute_figures(world.supervisor, start=START, end=END)
    play(world, clock, seed=4, count=12, first_day=date(2026, 1, 2))
    clock.at = NOW
    with CaptureQueriesContext(connection) as many:
        large = dispute_figures(world.supervisor, start=START, end=END)
    assert large["reported"] > small["reported"]
    assert len(many) == len(few) <= 4
