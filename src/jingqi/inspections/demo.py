"""Demo inspections and hazards, replayed through the inspection services.

Majiahe's published quarter: its key enterprises (30 across the three parks) are inspected jointly once a quarter
by the park's officer, the fire brigade and market regulation (special equipment), one visit each (综合查一次);
the quarter's 30 inspections found 5 hazards, 2 put right on the spot, the other 3 given deadlines and tracked to
closure (跟踪销号): one fixed and closed on photo review, one sent back once before it was closed, one that ran past
its deadline (the officer, then the supervisor, were told) before it was fixed. That quarter is the last complete
one before the demo's "now"; the current quarter is under way: visits done so far, the rest planned ahead within
each enterprise's monthly visit budget (one beyond it, with the supervisor-visible reason), a major hazard past
its deadline and a fix the enterprise reported waiting for an officer to verify. (``story`` says which quarters
fit the day the demo is loaded on: near a quarter's start or end they are shifted.)

Shengzhou's key enterprises (14) are on their own cadence: fire and public security every quarter, special
equipment every half year, and one more public-security check in the days before New Year's Day (a key date).

Every write goes through the services by whoever acts in real use, in time order, with
``django.utils.timezone.now`` set to the moment of each action (the requests' replay clock); the hazard
escalation sweep runs each morning of the replay. No figure is typed in: the ledger counts the records. Photos are
synthetic pictures drawn here; all people are the registry demo's synthetic ones.
"""

from __future__ import annotations

import heapq
import io
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jingqi.accounts.choices import Role
from jingqi.accounts.models import User
from jingqi.core.replay import replayed_time
from jingqi.core.workcalendar import WorkCalendar
from jingqi.registry.demo import Planner as PeoplePlanner
from jingqi.registry.models import Enterprise, Station

from . import services
from .choices import HazardStatus, RequirementStatus, VisitStatus
from .models import Hazard, InspectionVisit, Requirement, SafetyProfile
from .selectors import ledger as ledgers

MAJIAHE, SHENGZHOU = "mjh", "sz"

# (code, name, kind, owing department's slug or None for the police, items: (section, text, major if failed))
TYPES = (
    ("FIRE", "消防安全检查", "fire", "fire", (
        ("疏散", "疏散通道、安全出口畅通，无堵塞、锁闭", True),
        ("器材", "灭火器、消火栓等消防器材完好有效，在检验期内", False),
        ("值守", "消防控制室有持证人员 24 小时值班", False),
        ("用电", "电气线路规范敷设，无私拉乱接", False),
        ("动火", "动火作业审批手续齐全，现场有监护", True),
        ("培训", "员工会报警、会使用灭火器、会组织疏散", False),
    )),
    ("SE", "特种设备安全检查", "production", "market", (
        ("检验", "叉车、起重机械定期检验合格并在有效期内", False),
        ("登记", "锅炉、压力容器已办理使用登记", True),
        ("人员", "特种设备作业人员持证上岗", False),
        ("附件", "安全附件、保护装置齐全有效", False),
        ("台账", "特种设备安全技术档案和日常检查记录完整", False),
    )),
    ("PUB", "治安保卫检查", "public_security", None, (
        ("门卫", "门卫值守，外来人员、车辆出入登记", False),
        ("技防", "视频监控覆盖出入口、仓库、财务室并正常存储 30 天", False),
        ("物防", "财务室、仓库防盗门窗和报警装置完好", False),
        ("制度", "内部治安保卫制度健全，巡查记录完整", False),
        ("物品", "易制爆、易制毒等危险物品专人专柜管理", True),
    )),
)

# What goes wrong, and what happens next. (type code, item number, what the inspector wrote, what follows)
# "on_site": put right in sight of the inspectors; "photo": fixed by the deadline and closed on the photos;
# "sent_back": the first fix is refused on re-inspection, the second closes it; "late": runs past its deadline
# (escalated to the officer, then the supervisor) before it is fixed; "overdue": still past its deadline now;
# "to_verify": the enterprise has reported its fix, an officer has yet to look.
LAST_QUARTER = (
    ("FIRE", 1, "二号车间东侧安全出口堆放成品纸箱，通道宽度不足 1 米。", "on_site"),
    ("FIRE", 2, "仓库两具干粉灭火器压力指针在红区。", "on_site"),
    ("SE", 1, "两台叉车超过检验有效期两个月未报检。", "photo"),
    ("FIRE", 4, "员工宿舍楼走廊私拉电线为电动车充电。", "sent_back"),
    ("PUB", 2, "原料仓库两路监控摄像头损坏，录像只存 7 天。", "late"),
)
THIS_QUARTER = (
    ("FIRE", 5, "焊接作业未办理动火审批，现场无人监护，附近有可燃物。", "overdue"),
    ("SE", 3, "一名叉车司机无特种设备作业人员证。", "to_verify"),
)
SHENGZHOU_QUARTER = (("FIRE", 2, "门厅灭火器过期一年。", "on_site"),)

VISIT_HOUR, DONE_HOUR = time(9, 30), time(11, 40)


def photo(seed: str, name: str) -> SimpleUploadedFile:
    """A synthetic picture (blocks of colour standing for a scene): the services only accept real images."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (160, 120), tuple(rng.randint(90, 200) for _channel in range(3)))
    draw = ImageDraw.Draw(image)
    for _block in range(6):
        x, y = rng.randint(0, 130), rng.randint(0, 90)
        draw.rectangle([x, y, x + rng.randint(10, 40), y + rng.randint(10, 40)],
                       fill=tuple(rng.randint(0, 255) for _channel in range(3)))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


# A failure's story (its deadline, a fix sent back, a fix past its deadline and the escalations) is over within
# this many days of its visit; a hazard left open is found at least OPEN_FROM days before now (its deadline past).
STORY_DAYS = 45
OPEN_FROM = 7


def visit_days(first: date, calendar: WorkCalendar | None = None) -> list[date]:
    """The working days a quarter's joint visits are spread over: from its second week to three days before its
    end (the plan comes out on its first day; the visits are announced a week ahead)."""
    _first, last = services.quarter_of(first)
    return (calendar or WorkCalendar()).workdays(first + timedelta(days=7), last - timedelta(days=3))


def planned_at(day: date, now: datetime) -> datetime:
    """When a visit on ``day`` is planned: a week ahead at 16:00, or (one coming soon) two hours before now."""
    tz = timezone.get_current_timezone()
    return min(datetime.combine(day - timedelta(days=7), time(16, 0), tzinfo=tz), now - timedelta(hours=2))


def liaison_call(day: date) -> datetime:
    """When the officer called on the enterprise about other matters in ``day``'s month (its first day, 10:00)."""
    return datetime.combine(day.replace(day=1), time(10), tzinfo=timezone.get_current_timezone())


def spread(days: list[date], count: int) -> list[date]:
    """One visit day per key enterprise, evenly from the first to the last of ``days``."""
    return [days[round(i * (len(days) - 1) / max(1, count - 1))] for i in range(count)] if days else []


@dataclass(frozen=True)
class Story:
    """Which quarters the demo tells, whatever day it is loaded on (each is the first day of a quarter)."""

    closed: date  # Majiahe's complete quarter: every visit done, every hazard closed
    running: date  # hazards still open (Majiahe), and Shengzhou's quarter
    upcoming: date  # the visits still ahead: the running quarter's, or the next one's near a quarter's end


def story(today: date, calendar: WorkCalendar | None = None) -> Story:
    """Mid-quarter, the current quarter runs and the previous one is closed. In a quarter's first weeks (no
    visit of it is old enough for an open hazard) the previous quarter runs; in its last days (no visit day
    left) the next quarter's visits are the upcoming ones."""
    current, last = services.quarter_of(today)
    days = visit_days(current, calendar)
    if days and days[0] <= today - timedelta(days=OPEN_FROM):
        running = current
    else:
        running = services.quarter_of(current - timedelta(days=1))[0]
    closed = services.quarter_of(running - timedelta(days=1))[0]
    upcoming = current if days and days[-1] >= today else last + timedelta(days=1)
    return Story(closed, running, upcoming)


def over_budget_index(days: list[date], now: datetime) -> int | None:
    """Which upcoming visit of ``days`` (one per enterprise, in order) goes beyond its enterprise's budget: the
    first whose month began (and the enterprise's liaison visit in it was made) before the visit was planned, a
    week ahead; None when no upcoming visit's month has begun."""
    today = timezone.localdate(now)
    for index, day in enumerate(days):
        if day >= today and liaison_call(day) < planned_at(day, now) - timedelta(hours=1):
            return index
    return None


@dataclass(order=True)
class Step:
    at: datetime
    order: int
    run: object = field(compare=False)


class InspectionDemo:
    def __init__(self, loader, *, seed: int, clock, now: datetime):
        self.loader, self.clock, self.now = loader, clock, now.replace(second=0, microsecond=0)
        self.today = timezone.localdate(self.now)
        self.rng = random.Random(f"{seed}:inspections")
        self.people = PeoplePlanner(f"{seed}:inspections", 1.0)
        self.people.phones.update(contact.phone for setting in loader.plan.settings
                                  for enterprise in setting.enterprises for contact in enterprise.contacts)
        self.users = loader.users
        self.calendar = WorkCalendar()
        self.steps: list[Step] = []
        self.count, self.running = 0, False
        self.types: dict[tuple[str, str], object] = {}

    # --- time ----------------------------------------------------------------------------------------------

    def local(self, day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, tzinfo=timezone.get_current_timezone())

    def at(self, moment: datetime) -> datetime:
        self.clock.at = moment
        return moment

    def later(self, moment: datetime, run) -> None:
        """Do ``run`` at ``moment`` of the replay (steps added while the replay runs join it in time order)."""
        self.count += 1
        step = Step(moment, self.count, run)
        if self.running:
            heapq.heappush(self.steps, step)
            self.loader.bar.total += 1
        else:
            self.steps.append(step)

    def roomy_day(self, enterprise, day: date, days: list[date], *, after: date | None = None) -> date:
        """The day of ``days`` nearest ``day`` (on the same side of today, after ``after``) whose month still has
        room in the enterprise's visit budget; ``day`` itself when none has."""
        budget = services.budget_of(enterprise)
        if not days:
            return day
        visits = services.visits_by_month([enterprise.pk], min(days), max(days))  # the months at once
        room = [d for d in sorted(days, key=lambda d: abs(d - day)) if (d < self.today) == (day < self.today)
                and (after is None or d > after) and visits.get((enterprise.pk, d.year, d.month), 0) + 1 <= budget]
        return room[0] if room else day

    def user(self, prefix: str, name: str):
        return self.users[f"{prefix}_{name}"]

    # --- the station's set-up -------------------------------------------------------------------------------

    def configure(self, setting, start: date) -> None:
        """The supervisor sets up types, checklists, rules and key dates; the officers record each key enterprise's
        safety profile (risk level, chemicals, visit budget)."""
        spec = setting.spec
        prefix = spec.prefix
        supervisor = self.user(prefix, "supervisor")
        self.at(self.local(start - timedelta(days=10), time(15, 0)))
        for code, name, kind, slug, items in TYPES:
            department = self.loader.scopes[("department", f"{spec.station_code}-{slug.upper()}")] if slug else None
            kind_type = services.do_save_inspection_type(supervisor, data={
                "code": code, "name": name, "kind": kind, "department": department.pk if department else None})
            services.do_publish_checklist(supervisor, kind_type, note="依据行业检查要点编制", items=[
                {"section": section, "text": text, "major_if_failed": major} for section, text, major in items])
            self.types[(prefix, code)] = kind_type
        every = {"FIRE": 3, "SE": 3 if prefix == MAJIAHE else 6, "PUB": 3}
        for code, name, _kind, _slug, _items in TYPES:
            services.do_save_rule(supervisor, data={
                "name": f"重点企业{name}（{'每季度' if every[code] == 3 else '每半年'}）",
                "inspection_type": self.types[(prefix, code)].pk, "every": every[code], "key_only": True,
                "at_key_dates": prefix == SHENGZHOU and code == "PUB"})
        if prefix == SHENGZHOU:
            new_year = date(self.today.year + (self.today.month > 1), 1, 1)
            services.do_save_key_date(supervisor, data={"name": "元旦", "on": new_year.isoformat(), "lead_days": 14})
        for enterprise in self.key_enterprises(spec):
            officer = self.officer_of(prefix, enterprise)
            chemicals = enterprise.industry_code.startswith(("C26", "C27"))
            risk = 4 if chemicals else (3 if enterprise.headcount >= 300 else 2)
            services.do_save_profile(officer, enterprise, risk_level=risk, hazardous_chemicals=chemicals,
                                     monthly_budget=2, assessed_on=(start - timedelta(days=12)).isoformat())

    def key_enterprises(self, spec) -> list[Enterprise]:
        return list(Enterprise.objects.filter(park__station__code=spec.station_code, key_enterprise=True)
                    .select_related("park").order_by("park__code", "pk"))

    def officer_of(self, prefix: str, enterprise, role: str = "officer"):
        setting = next(s for s in self.loader.plan.settings if s.spec.prefix == prefix)
        suffix = next(o.suffix for o in setting.spec.offices if o.code == enterprise.park.office.code)
        return self.user(prefix, f"{role}{suffix}")

    # --- a quarter --------------------------------------------------------------------------------------------

    def quarter(self, setting, first: date, failures=(), *, story_by: date | None = None,
                over_budget: bool = False) -> None:
        """The plan on the quarter's first day, one joint visit per key enterprise spread over its working days
        (planned a week ahead, within the budget), the inspections on the day, and what the failures lead to:
        they fall on visits made on or before ``story_by``, so that their stories are told by now. With
        ``over_budget``, one upcoming visit goes beyond its enterprise's budget (see ``over_budget_index``)."""
        prefix = setting.spec.prefix
        supervisor = self.user(prefix, "supervisor")
        self.later(min(self.local(first, time(8, 40)), self.now - timedelta(hours=3)),
                   lambda: services.do_generate_plan(supervisor, quarter_start=first))
        enterprises = self.key_enterprises(setting.spec)
        days = visit_days(first, self.calendar)
        if not enterprises or not days:
            return
        # Spread from the quarter's first working week to its last.
        planned = spread(days, len(enterprises))
        told = [i for i, d in enumerate(planned) if story_by is not None and d <= story_by]
        places = sorted(self.rng.sample(told, min(len(failures), len(told)))) if told else []
        # Several failures may share a visit when there are fewer visits than failures.
        by_visit: dict[int, list] = {}
        for n, failure in enumerate(failures):
            if places:
                by_visit.setdefault(places[n % len(places)], []).append(failure)
        extra = over_budget_index(planned, self.now) if over_budget else None
        for index, enterprise in enumerate(enterprises):
            # A visit with failures stays early enough for their stories; the others may move within the quarter.
            mine = [d for d in days if d <= story_by] if index in by_visit else days
            self.visit(prefix, enterprise, planned[index], by_visit.get(index, []), mine,
                       over_budget=index == extra)

    def visit(self, prefix: str, enterprise, day: date, failures, days: list[date], *,
              over_budget: bool = False) -> None:
        """Planned a week ahead for ``day``, or the nearest working day of the quarter (on the same side of today)
        whose month still has room in the enterprise's visit budget; inspected on the day if it has come."""
        officer = self.officer_of(prefix, enterprise)
        if not over_budget:
            # The officer looks at the enterprise's month before choosing the day: liaison visits logged there
            # already may have used its budget, and a week ahead the other months of the quarter are gone.
            day = self.roomy_day(enterprise, day, days)
        plan_at = planned_at(day, self.now)
        state: dict = {}

        def plan():
            planned_on, budget = day, services.budget_of(enterprise)
            if not over_budget:
                planned_on = self.roomy_day(enterprise, day, days, after=timezone.localdate())
            due = Requirement.objects.filter(enterprise=enterprise, status=RequirementStatus.DUE,
                                             key_date__isnull=True, period_start__lte=planned_on,
                                             due_on__gte=planned_on)
            rows = list(due.values_list("pk", flat=True))
            if not rows:
                return
            reason = ""
            if services.visits_in_month(enterprise, planned_on) + 1 > budget:
                reason = "季度联合检查不能推迟到下月，已征得企业同意。"
            state["visit"] = services.do_plan_visit(
                officer, enterprise, planned_on=planned_on, requirements=rows, over_budget_reason=reason,
                officers=[self.officer_of(prefix, enterprise, "auxiliary").pk],
                notice="请企业安全负责人在场，备好消防、特种设备档案和门卫登记、监控存储记录。")
            if planned_on < self.today:
                self.later(self.local(planned_on, VISIT_HOUR), lambda: self.inspect(prefix, enterprise, state,
                                                                                     failures))

        month_start = liaison_call(day)
        if over_budget and month_start < plan_at - timedelta(hours=1):
            # This enterprise asked to be visited at most once a month (不叫不扰), and its officer has already
            # called in that month about a labour matter: the joint inspection still has to happen, with a reason.
            def liaison_visit():
                from jingqi.registry.services import do_log_visit

                profile = SafetyProfile.objects.get(enterprise=enterprise)
                services.do_save_profile(officer, enterprise, risk_level=profile.risk_level,
                                         hazardous_chemicals=profile.hazardous_chemicals, monthly_budget=1,
                                         note="企业要求每月上门不超过一次", assessed_on=profile.assessed_on)
                do_log_visit(officer, enterprise, kind="routine", visited_at=month_start,
                             summary="走访了解企业节前用工和工资发放安排。", collected=["staff_changes"])

            self.later(month_start, liaison_visit)
        self.later(plan_at, plan)

    def inspect(self, prefix: str, enterprise, state: dict, failures) -> None:
        visit = state.get("visit")
        if visit is None:
            return
        visit = InspectionVisit.objects.get(pk=visit.pk)
        day = visit.planned_on
        for row in visit.requirements.select_related("inspection_type"):
            kind_type = row.inspection_type
            code = kind_type.code
            inspector = self.inspector(prefix, enterprise, kind_type)
            self.at(self.local(day, VISIT_HOUR) + timedelta(minutes=self.rng.randint(0, 20)))
            inspection = services.do_start_inspection(inspector, visit, kind_type)
            failed = {number: (text, then) for c, number, text, then in failures if c == code}
            for item in inspection.checklist.items.order_by("number"):
                self.at(self.clock.at + timedelta(minutes=self.rng.randint(2, 6)))
                if item.number in failed:
                    text, then = failed[item.number]
                    services.do_save_answer(inspector, inspection, item=item.pk, result="fail", note=text,
                                            photo=photo(f"{visit.pk}-{item.pk}", "现场.png"),
                                            fixed_on_site=then == "on_site",
                                            after_photo=photo(f"{visit.pk}-{item.pk}-after", "整改后.png")
                                            if then == "on_site" else None)
                else:
                    result = "na" if item.number == 2 and code == "SE" and self.rng.random() < 0.3 else "pass"
                    services.do_save_answer(inspector, inspection, item=item.pk, result=result)
            self.at(self.local(day, DONE_HOUR) + timedelta(minutes=self.rng.randint(0, 15)))
            inspection = services.do_submit_inspection(inspector, inspection)
            for hazard in inspection.hazards.select_related("answer__item"):
                then = failed[hazard.answer.item.number][1]
                if then != "on_site":
                    self.follow(prefix, hazard, then, day)

    def inspector(self, prefix: str, enterprise, kind_type):
        if kind_type.department_id is None:
            return self.officer_of(prefix, enterprise)
        slug = kind_type.department.code.rsplit("-", 1)[-1].lower()
        return self.user(prefix, f"dept_{slug}")

    def follow(self, prefix: str, hazard, then: str, day: date) -> None:
        """After the visit: the officer sets the deadline that afternoon; what happens next follows ``then``."""
        officer = self.officer_of(prefix, hazard.enterprise)
        liaison = next((u for u in self.users.values() if u.role == "liaison" and u.enterprise_id ==
                        hazard.enterprise_id), None)
        fixer = liaison or officer  # the enterprise's own account when it has one, else the officer records it
        self.at(self.local(day, time(15, 0)))
        if then == "overdue":
            # Given a deadline some weeks ago that has passed: set it as the officer did then.
            deadline = max(day + timedelta(days=10), self.today - timedelta(days=6))
            deadline = min(deadline, self.today - timedelta(days=4))
            if deadline <= day:
                deadline = day + timedelta(days=1)
        else:
            deadline = None
        hazard = services.do_assign_hazard(officer, hazard, deadline=deadline and deadline.isoformat(),
                                           responsible_name=self.responsible(hazard.enterprise),
                                           responsible_phone=self.phone(hazard.pk),
                                           measures="按检查意见限期整改，整改后上传照片，民警复核后销号。")
        deadline = hazard.deadline
        ref = hazard.pk

        def fix(moment, note):
            self.at(moment)
            services.do_report_hazard_fix(fixer, Hazard.objects.get(pk=ref), note=note,
                                          photos=[photo(f"{ref}-{moment:%j}", "整改照片.png")])

        def close(moment, how, note):
            self.at(moment)
            services.do_close_hazard(officer, Hazard.objects.get(pk=ref), verification=how, note=note,
                                     photos=[photo(f"{ref}-close", "复查.png")] if how == "reinspection" else [])

        def send_back(moment, reason):
            self.at(moment)
            new_day = self.calendar.workdays(timezone.localdate(moment) + timedelta(days=3),
                                        timezone.localdate(moment) + timedelta(days=20))[4]
            services.do_send_back_hazard(officer, Hazard.objects.get(pk=ref), reason=reason,
                                         deadline=new_day.isoformat())

        def local(d, hour, minute=0):
            return self.local(d, time(hour, minute))

        before, after = (lambda n: deadline - timedelta(days=n)), (lambda n: deadline + timedelta(days=n))
        steps = {
            "photo": [(local(before(3), 16), fix, ("已对两台叉车报检，检验合格，附检验报告照片。",)),
                      (local(before(2), 10), close, ("photo_review", "检验报告齐全，照片核实无误。"))],
            "sent_back": [(local(before(4), 17), fix, ("已拆除私拉电线。",)),
                          (local(before(3), 10), send_back, ("复查发现三楼仍有两处飞线充电，未设集中充电点。",)),
                          (local(after(5), 15), fix, ("已全部拆除并在楼下设集中充电车棚，安装智能断电插座。",)),
                          (local(after(6), 9, 30), close, ("reinspection", "现场复查，已整改到位。"))],
            "late": [(local(after(6), 16), fix, ("已更换摄像头并扩容硬盘，录像保存 30 天。",)),
                     (local(after(7), 10), close, ("reinspection", "现场查看监控画面和存储，合格。"))],
            "to_verify": [(min(self.now - timedelta(hours=20), local(before(1), 16)), fix,
                           ("该司机已停止驾驶叉车，报名参加取证培训，岗位调整证明附后。",))],
            "overdue": [],
        }[then]
        for moment, action, args in steps:
            if moment < self.now:
                self.later(moment, lambda a=action, m=moment, x=args: a(m, *x))

    def responsible(self, enterprise) -> str:
        from jingqi.registry.models import Contact

        contact = Contact.objects.filter(enterprise=enterprise).order_by("pk").first()
        return contact.person.full_name if contact else "企业安全负责人"

    def phone(self, n: int) -> str:
        """A synthetic mobile number from the registry demo's generator (valid, never one already used)."""
        return self.people.mobile()

    # --- the replay ---------------------------------------------------------------------------------------

    def run(self) -> None:
        """All steps in time order, with the escalation sweep each working morning."""
        if not self.steps:
            return
        day = timezone.localdate(min(step.at for step in self.steps))
        while day <= self.today:
            moment = self.local(day, time(9, 0))
            if moment < self.now:
                self.steps.append(Step(moment, -1, lambda m=moment: services.escalate_overdue_hazards(m)))
            day += timedelta(days=1)
        self.loader.bar.total += len(self.steps)
        self.loader.bar.refresh()
        heapq.heapify(self.steps)
        self.running = True
        while self.steps:
            step = heapq.heappop(self.steps)
            self.at(step.at)
            step.run()
            self.loader.bar.update()


def load(loader, *, seed: int, scale: float) -> InspectionDemo:
    """Replay Majiahe's last quarter and both stations' current one after the other apps' demo (same
    transaction)."""
    now = timezone.now()
    with replayed_time() as clock:
        demo = InspectionDemo(loader, seed=seed, clock=clock, now=now)
        told = story(demo.today, demo.calendar)
        for setting in loader.plan.settings:
            prefix = setting.spec.prefix
            demo.configure(setting, told.closed if prefix == MAJIAHE else told.running)
            if prefix == MAJIAHE:
                demo.quarter(setting, told.closed, LAST_QUARTER, story_by=demo.today - timedelta(days=STORY_DAYS))
                demo.quarter(setting, told.running, THIS_QUARTER, story_by=demo.today - timedelta(days=OPEN_FROM),
                             over_budget=told.upcoming == told.running)
                if told.upcoming != told.running:
                    demo.quarter(setting, told.upcoming, over_budget=True)
            else:
                demo.quarter(setting, told.running, SHENGZHOU_QUARTER, story_by=demo.today - timedelta(days=1))
        demo.run()
    from django.db import transaction

    transaction.on_commit(lambda: settle_inbox(now))
    return demo


def settle_inbox(now: datetime) -> int:
    """Mark read the news of visits since done and hazards since closed: what stays new is still to act on."""
    from jingqi.core.notify import settle_replayed_inbox

    ended: dict[str, datetime] = {}
    for visit in InspectionVisit.objects.filter(status=VisitStatus.DONE).exclude(finished_at=None):
        ended[reverse("inspections:visit_detail", args=[visit.pk])] = visit.finished_at
    for hazard in Hazard.objects.filter(status=HazardStatus.CLOSED).exclude(closed_at=None):
        ended[reverse("inspections:hazard_detail", args=[hazard.pk])] = hazard.closed_at
    return settle_replayed_inbox({url: url for url in ended}, [], lambda notice, url: ended.get(url))


def summary() -> list[str]:
    """Per station: its visits and hazards, then the ledger of the last quarter and of this one as its supervisor
    reads it (the published "30 inspections a quarter" are Majiahe's joint visits, beside the checklists they
    submitted)."""
    lines = []
    told = story(timezone.localdate())
    quarters = [services.quarter_of(first) for first in dict.fromkeys((told.closed, told.running, told.upcoming))]
    for station in Station.objects.order_by("code"):
        hazards = Hazard.objects.filter(station=station)
        visits = InspectionVisit.objects.filter(station=station)
        if not visits.exists():
            continue
        lines.append(
            _("%(station)s — joint inspection visits done: %(done)s, planned: %(planned)s; hazards: %(hazards)s "
              "(fixed on site %(on_site)s, closed %(closed)s, open %(open)s, past their deadline %(overdue)s).")
            % {"station": station.name, "done": visits.filter(status=VisitStatus.DONE).count(),
               "planned": visits.filter(status=VisitStatus.PLANNED).count(), "hazards": hazards.count(),
               "on_site": hazards.filter(fixed_on_site=True).count(),
               "closed": hazards.filter(status=HazardStatus.CLOSED).count(), "open": hazards.open().count(),
               "overdue": hazards.overdue(timezone.now()).count()})
        supervisor = User.objects.filter(role=Role.SUPERVISOR, station=station, is_active=True).order_by("pk").first()
        for first, last in quarters if supervisor is not None else ():
            total = ledgers.ledger(supervisor, ledgers.Scope(first, last)).total
            if total.visits or total.inspections:
                lines.append(
                    _("%(station)s — ledger of %(quarter)s: joint visits %(visits)s (checklists submitted "
                      "%(inspections)s), hazards found %(found)s, fixed on site %(on_site)s.")
                    % {"station": station.name, "quarter": ledgers.quarter_label(first), "visits": total.visits,
                       "inspections": total.inspections, "found": total.found, "on_site": total.fixed_on_site})
    return lines
