"""Demo outreach events over the last half-year, replayed through the outreach services.

In each park: an anti-fraud talk on a working-day evening (anti-fraud talks are held outside production hours,
telecom fraud against enterprises being on the rise), a fire drill in working hours, an anti-fraud session on a
Saturday morning, a traffic-safety talk in the lunch break, a law talk for managers in a working afternoon, a
drug-prevention talk called off for a typhoon warning, and a traffic-safety talk planned for the coming weeks.
Each is planned by the park's officer a week or two ahead, recorded the next morning from the sign-in sheets
(one corrected a few days later), with ``django.utils.timezone.now`` set to each moment (the replay clock). The
enterprises, officers and liaisons are the registry demo's synthetic ones; no figure is typed in, the figures
count the records.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jingqi.accounts.choices import Role
from jingqi.accounts.models import User
from jingqi.core.replay import replayed_time
from jingqi.core.workcalendar import WorkCalendar
from jingqi.registry.choices import EnterpriseStatus
from jingqi.registry.models import Enterprise, Park, Station

from . import services_outreach as services
from .choices import OutreachStatus, OutreachTopic
from .models import OutreachAttendance, OutreachEvent


@dataclass(frozen=True)
class Story:
    topic: str
    title: str
    days_ago: int  # roughly: moved to the nearest day of the kind wanted
    day_kind: str  # "workday" or "saturday"
    start: time
    end: time
    place: str
    speaker: str
    materials: str
    invite: int  # how many enterprises of the park (at most)
    ending: str  # "held", "corrected", "cancelled" or "planned"
    summary: str = ""


STORIES = (
    Story(OutreachTopic.ANTI_FRAUD, "防范电信网络诈骗专题讲座（企业财务人员）", 160, "workday", time(19, 0),
          time(20, 30), "园区职工之家", "派出所反诈民警", "反诈宣传折页、“国家反诈中心”App 安装指引", 8, "held",
          "讲解冒充老板、客服退款、刷单返利三类诈骗，现场指导安装国家反诈中心 App。"),
    Story(OutreachTopic.FIRE, "消防安全培训及疏散演练", 115, "workday", time(14, 0), time(16, 0),
          "园区消防广场", "消防救援站教官", "灭火器实操、疏散路线图", 4, "corrected",
          "演练疏散用时 4 分钟；讲解电动自行车充电安全。"),
    Story(OutreachTopic.ANTI_FRAUD, "周末反诈课堂：识破“冒充老板”转账骗局", 75, "saturday", time(9, 30), time(11, 0),
          "园区党群服务中心", "派出所反诈民警", "典型案例汇编 100 册", 6, "held",
          "以本市案例讲解财务转账核实流程。"),
    Story(OutreachTopic.TRAFFIC, "午间交通安全宣传：电动自行车头盔与货车盲区", 48, "workday", time(12, 5), time(12, 50),
          "园区食堂门口", "交警中队民警", "头盔佩戴宣传海报", 5, "held"),
    Story(OutreachTopic.LAW, "劳动用工法律风险讲座（企业管理人员）", 30, "workday", time(15, 0), time(16, 30),
          "园区会议室", "街道司法所", "劳动合同范本", 3, "held",
          "解读劳动合同解除、加班工资计算和工伤认定。"),
    Story(OutreachTopic.DRUGS, "禁毒宣传进企业", 20, "workday", time(18, 30), time(19, 30),
          "园区职工之家", "禁毒社工", "禁毒知识手册", 4, "cancelled"),
    Story(OutreachTopic.TRAFFIC, "春运前交通安全提示会", -12, "workday", time(19, 0), time(20, 0),
          "园区职工之家", "交警中队民警", "安全出行提示卡", 6, "planned"),
)


def _day(today: date, story: Story, calendar: WorkCalendar) -> date:
    day = today - timedelta(days=story.days_ago)
    for _step in range(14):
        if story.day_kind == "saturday" and day.weekday() == 5 and not calendar.is_workday(day):
            return day
        if story.day_kind == "workday" and calendar.is_workday(day):
            return day
        day += timedelta(days=1)
    return day


def _at(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


def _organiser(park: Park):
    staff = User.objects.filter(is_active=True)
    return (staff.filter(role=Role.OFFICER, office_id=park.office_id).order_by("pk").first()
            or staff.filter(role=Role.SUPERVISOR, station_id=park.station_id).order_by("pk").first())


def _park_events(clock, park: Park, rng: random.Random, now: datetime, calendar: WorkCalendar) -> int:
    organiser = _organiser(park)
    if organiser is None:
        return 0
    enterprises = list(Enterprise.objects.filter(park=park, status=EnterpriseStatus.ACTIVE).order_by("pk"))
    if not enterprises:
        return 0
    made = 0
    for story in STORIES:
        day = _day(timezone.localdate(now), story, calendar)
        starts_at, ends_at = _at(day, story.start), _at(day, story.end)
        # Planned a week or two ahead (the coming one: an hour before the demo's "now").
        clock.at = min(starts_at - timedelta(days=rng.randint(7, 14)), now - timedelta(hours=1))
        invited = rng.sample(enterprises, min(story.invite, len(enterprises)))
        event = services.do_plan_outreach(
            organiser, park=park, enterprises=invited,
            data={"topic": story.topic, "title": story.title, "starts_at": starts_at, "ends_at": ends_at,
                  "place": story.place, "speaker": story.speaker, "materials": story.materials})
        made += 1
        if story.ending == "cancelled":
            clock.at = starts_at - timedelta(days=1, hours=3)
            services.do_cancel_outreach(organiser, event, reason="台风预警，园区停止集中活动，择期再办。")
        elif story.ending in ("held", "corrected"):
            clock.at = _at(day + timedelta(days=1), time(9, 10))
            numbers = {e.pk: (0 if rng.random() < 0.15 else rng.randint(6, 45)) for e in invited}
            services.do_hold_outreach(organiser, event, attendance=numbers, summary=story.summary)
            if story.ending == "corrected":
                # The sign-in sheets of one enterprise came in late: its count goes up.
                clock.at = _at(day + timedelta(days=4), time(10, 0))
                late = invited[0].pk
                services.do_record_attendance(organiser, event, attendance={**numbers, late: numbers[late] + 12})
    return made


def load(loader, *, seed: int, scale: float) -> int:
    """The stories in every park of the demo, after the other parts (same transaction, same progress bar). A
    handful of events a park whatever the ``scale``: a station holds a talk or two a month."""
    rng = random.Random(f"outreach-{seed}")
    parks = list(Park.objects.select_related("station", "office").order_by("station__code", "code"))
    now, calendar = timezone.now(), WorkCalendar()
    loader.bar.total += len(parks)
    loader.bar.refresh()
    made = 0
    with replayed_time() as clock:
        for park in parks:
            made += _park_events(clock, park, rng, now, calendar)
            loader.bar.update()
    return made


def summary() -> list[str]:
    """Per station: its outreach events, attendance and the anti-fraud talks held outside production hours."""
    lines = []
    for station in Station.objects.order_by("code"):
        events = OutreachEvent.objects.filter(station=station)
        counts = events.aggregate(held=Count("pk", filter=Q(status=OutreachStatus.HELD)),
                                  planned=Count("pk", filter=Q(status=OutreachStatus.PLANNED)),
                                  cancelled=Count("pk", filter=Q(status=OutreachStatus.CANCELLED)),
                                  attendance=Sum("attendance_total", filter=Q(status=OutreachStatus.HELD)))
        if not any(v for k, v in counts.items() if k != "attendance"):
            continue
        reached = (OutreachAttendance.objects.filter(event__station=station, event__status=OutreachStatus.HELD,
                                                     attendees__gt=0).values("enterprise").distinct().count())
        lines.append(_("%(station)s — outreach events held: %(held)s (staff attending: %(attendance)s, enterprises "
                       "reached: %(reached)s), planned: %(planned)s, cancelled: %(cancelled)s.")
                     % {"station": station.name, "reached": reached, **counts,
                        "attendance": counts["attendance"] or 0})
    return lines
