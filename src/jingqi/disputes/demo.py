"""Demo disputes (矛盾纠纷): a quarter at Majiahe's one-stop mediation centre and a year at Shengzhou.

Majiahe's published quarter is "30+ enterprise disputes handled", among them a contractor's crowd blocking
a park gate, settled on site in about two hours with the street's governance centre called in, and a
wage-arrears dispute settled by three instalments. Both are scripted here; the rest of the quarter, and
Shengzhou's smaller year, are drawn from a seed across types, sources, urgencies, levels and outcomes.

Every dispute is acted out through the dispute services by whoever would act in real use (the park's
officer or auxiliary, the supervisor, an enterprise's liaison on the portal), in time order, with
``django.utils.timezone.now`` set to each action's moment (the requests' replay clock). The instalment
sweeps (reminders, defaults) run on the simulated mornings and the rapid-response escalation at its
five-minute ticks, so reminders, default alerts and escalations arise from the records as they would in
production. No figure is typed in: :func:`station_figures` counts the records.

All people, ID numbers and phone numbers are synthetic (the registry demo's generator).
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jingqi.core.replay import EscalationTicks, replayed_time
from jingqi.core.workcalendar import WorkCalendar
from jingqi.registry.demo import PUBLISHED_STATION, RECENT_DAYS, published_year
from jingqi.registry.demo import Planner as PeoplePlanner
from jingqi.registry.models import Station

from . import services
from .choices import (
    OPEN_STATUSES,
    EventKind,
    Kind,
    Level,
    MediatorRole,
    Outcome,
    SessionResult,
    Side,
    Source,
    TransferBody,
    Urgency,
)
from .models import Dispute, DisputeEvent, Instalment

MAJIAHE, SHENGZHOU = "ZZ-MJH", "SZ-YX"
QUARTER_DAYS = 90
YEAR_DAYS = RECENT_DAYS  # Shengzhou's year: the demo's recent window (the published year lies before it)
# Disputes at full scale: Majiahe's quarter is the published "30+", Shengzhou's year smaller. A smaller scale
# keeps the scripted ones (the gate blockade and the instalment case first) and fewer of the rest.
MAJIAHE_DISPUTES = 36
SHENGZHOU_DISPUTES = 42
SWEEP_AT = time(8, 0)  # the instalment sweeps run every morning, as the Huey tasks do (08:00 Shanghai)

# What the stations call the bodies they work with (the governance centre, courts, arbitration).
BODIES = {
    MAJIAHE: {
        "centre": "马家河一站式矛盾纠纷调处化解中心",
        "governance": "马家河街道综治中心",
        "mediation_committee": "马家河街道人民调解委员会",
        "legal_service": "马家河街道公共法律服务工作站",
        "court": "株洲市天元区人民法院",
        "court_mediation": "天元区人民法院诉前调解工作室",
        "arbitration": "株洲市天元区劳动人事争议仲裁委员会",
        "inspection": "天元区人力资源和社会保障局劳动保障监察大队",
        "volunteers": "马家河园区义警队",
        "petition": "株洲市天元区信访局",
        "land": "株洲市自然资源和规划局天元分局",
    },
    SHENGZHOU: {
        "centre": "剡溪新质企业社区警务室调解室",
        "governance": "剡溪街道综治中心",
        "mediation_committee": "剡溪街道人民调解委员会",
        "legal_service": "剡溪街道公共法律服务工作站",
        "court": "嵊州市人民法院",
        "court_mediation": "嵊州市人民法院诉前调解工作室",
        "arbitration": "嵊州市劳动人事争议仲裁委员会",
        "inspection": "嵊州市人力资源和社会保障局劳动保障监察大队",
        "volunteers": "剡溪新质企业社区义警队",
        "petition": "嵊州市信访局",
        "land": "嵊州市自然资源和规划局",
    },
}

LABOUR_PROFILES = ("heavy", "light", "logistics", "appliance", "energy", "chemical")
CONTRACTORS = ("建筑劳务有限公司", "建设工程有限公司", "钢结构工程有限公司", "装饰工程有限公司", "机电安装有限公司")
CARRIERS = ("物流有限公司", "货运有限公司", "运输有限公司")
SUPPLIERS = ("设备租赁有限公司", "包装材料有限公司", "五金机电经营部")


# --- what the disputes are about --------------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    """One kind of dispute. Texts are filled per dispute: ``{company}`` (the enterprise), ``{other}`` (the other
    side's name), ``{n}`` (people), ``{amount}`` / ``{total}`` (money in words), ``{months}``, ``{road}``."""

    key: str
    kind: str
    title: str
    description: str
    facts: str
    point: str  # what the sessions argue about
    terms: str  # the agreement's terms
    settle_note: str  # settled without a written agreement
    fail_reason: str
    transfer: str  # the body a failed one goes to
    applicant: str  # "workers", "worker", "contractor", "supplier", "carrier", "enterprise", "person", "residents"
    respondent: str = "enterprise"
    amount: tuple[int, int] | None = None
    people: tuple[int, int] = (1, 1)
    profiles: tuple[str, ...] = ()
    urgency: tuple[int, int, int] = (8, 2, 0)  # weights of routine, urgent, emergency
    sources: tuple[str, ...] = (Source.WALK_IN, Source.PHONE, Source.INCIDENT_TRANSFER)
    weight: int = 1
    money: bool = True  # the agreement is about paying money


STORIES = (
    Story("wages", Kind.LABOUR, "{n}名员工讨要拖欠工资",
          "{company}拖欠{n}名一线员工{months}个月工资共计{amount}，员工多次向企业讨要未果，今日聚集在公司办公楼前，"
          "情绪激动。",
          "经核对考勤表和工资台账，{company}确欠{n}名员工{months}个月工资合计{amount}；企业承认欠薪，称因货款未回笼"
          "资金周转困难。",
          "欠薪数额和支付时间",
          "{company}支付{n}名员工被拖欠的工资共计{total}，按约定日期通过银行转账直接发放至员工本人工资卡；员工停止"
          "聚集，恢复正常工作，不再就本次欠薪另行主张。",
          "企业当场通过银行转账补发全部欠薪，员工确认收到后离开，未签订书面协议。",
          "企业坚持只能在三个月后支付，员工不同意，调解不成。",
          TransferBody.LABOUR_INSPECTION, "workers", amount=(30000, 360000), people=(5, 28),
          profiles=LABOUR_PROFILES, urgency=(3, 6, 1),
          sources=(Source.INCIDENT_TRANSFER, Source.PHONE, Source.WALK_IN, Source.PATROL), weight=5),
    Story("overtime", Kind.LABOUR, "{n}名员工对加班费计算有异议",
          "{n}名员工认为{company}近{months}个月加班费按基本工资而非实际工资计算，少发约{amount}，要求补足。",
          "经核查工资条和加班记录，企业加班费计算基数低于规定标准，少计{amount}左右。",
          "加班费计算基数",
          "{company}按实际工资标准重新核算近{months}个月加班费，补发差额共计{total}，并自下月起按新标准计发；员工不再"
          "就此前加班费另行主张。",
          "企业同意自下月起调整加班费计算基数并补发差额，员工代表当场表示接受，未签订书面协议。",
          "双方对计算基数分歧过大，员工坚持申请仲裁。",
          TransferBody.LABOUR_ARBITRATION, "workers", amount=(8000, 90000), people=(3, 20),
          profiles=LABOUR_PROFILES, urgency=(6, 3, 0), weight=3),
    Story("severance", Kind.LABOUR, "员工要求支付解除劳动合同经济补偿",
          "员工{person}称{company}以“不能胜任工作”为由解除劳动合同，未支付经济补偿，要求支付{amount}。",
          "{person}在{company}工作{months}年，企业解除劳动合同前未进行培训或调岗，依法应支付经济补偿。",
          "经济补偿的金额",
          "{company}向{person}支付解除劳动合同经济补偿共计{total}，双方劳动关系解除，互不再追究其他责任。",
          "企业撤回解除决定，安排{person}调岗继续工作，{person}表示接受。",
          "企业认为解除合法，拒绝支付补偿，调解不成。",
          TransferBody.LABOUR_ARBITRATION, "worker", amount=(12000, 80000), profiles=LABOUR_PROFILES, weight=3,
          sources=(Source.WALK_IN, Source.PHONE)),
    Story("injury", Kind.LABOUR, "员工工伤后与企业就赔偿发生争议",
          "员工{person}在{company}车间作业时受伤，已认定工伤，双方对停工留薪期工资和一次性伤残补助数额争议较大，"
          "申请人要求赔偿{amount}。",
          "{person}工伤已认定，伤残等级鉴定为十级；企业已垫付医疗费，对一次性伤残就业补助金的计算有异议。",
          "工伤待遇的计算",
          "{company}一次性向{person}支付工伤待遇差额共计{total}，双方工伤待遇结清。",
          "企业补足停工留薪期工资，{person}表示接受，未签订书面协议。",
          "双方对伤残补助数额分歧过大，企业要求以仲裁裁决为准。",
          TransferBody.LABOUR_ARBITRATION, "worker", amount=(30000, 160000), profiles=("heavy", "chemical", "energy"),
          weight=2, sources=(Source.WALK_IN, Source.PHONE)),
    Story("construction", Kind.CONSTRUCTION, "施工单位追讨厂房工程款",
          "{other}承建{company}厂房扩建工程，工程已竣工验收，尚欠工程款{amount}，施工方多次催讨未果，"
          "称将组织工人上门讨要。",
          "工程已于{months}个月前竣工验收并结算，{company}确认尚欠工程款{amount}，因资金紧张未按合同约定支付。",
          "欠付工程款的支付期限",
          "{company}分期向{other}支付剩余工程款共计{total}，{other}保证优先用于支付农民工工资，不再组织人员上门讨要。",
          "{company}当场支付部分工程款并出具付款计划，{other}表示认可，未签订书面协议。",
          "双方对工程结算数额存在争议，调解不成，施工方表示将提起诉讼。",
          TransferBody.COURT, "contractor", amount=(150000, 1200000), people=(2, 4),
          profiles=("heavy", "energy", "chemical", "logistics", "appliance"), urgency=(5, 4, 0), weight=3),
    Story("subcontract", Kind.CONSTRUCTION, "分包工程农民工讨要劳务费",
          "{other}分包的{company}配套工程完工后，带班负责人称总包未结清劳务费，{n}名农民工共计{amount}劳务费未发放。",
          "经核对，{company}已按合同向总包付款，总包拖欠分包劳务费{amount}；{company}同意从应付尾款中代为支付。",
          "劳务费由谁支付、何时支付",
          "由{company}从应付总包的工程尾款中直接代付{n}名农民工劳务费共计{total}，款项按约定日期转入农民工工资专户。",
          "总包当场结清劳务费，农民工离开，未签订书面协议。",
          "总包单位负责人拒不到场，调解不成。",
          TransferBody.LABOUR_INSPECTION, "workers", respondent="enterprise", amount=(40000, 300000), people=(6, 25),
          urgency=(3, 5, 2), sources=(Source.PHONE, Source.INCIDENT_TRANSFER, Source.PATROL), weight=2),
    Story("goods", Kind.CONTRACT, "供应商追讨货款",
          "{other}称向{company}供应原材料，对方拖欠货款{amount}逾期半年，多次催讨无果。",
          "经核对双方对账单，{company}确认欠付货款{amount}，对其中一批货物的质量扣款存在异议。",
          "质量扣款和付款期限",
          "{company}扣除质量问题货物款后，分期向{other}支付货款共计{total}；双方继续履行供货合同。",
          "双方对账后{company}当场支付无争议部分货款，其余部分由双方自行结算，未签订书面协议。",
          "双方对质量扣款各执一词，{other}决定提起诉讼。",
          TransferBody.COURT, "supplier", amount=(50000, 600000), weight=2, sources=(Source.WALK_IN, Source.PHONE)),
    Story("freight", Kind.CONTRACT, "物流公司与企业运费结算纠纷",
          "{other}称为{company}承运货物，对方以货损为由拒付运费{amount}，双方发生争执。",
          "货损属实但金额有限，双方对货损赔偿与运费抵扣的比例有分歧。",
          "货损赔偿与运费抵扣",
          "{other}承担货损赔偿后，{company}向其支付剩余运费共计{total}。",
          "双方同意以运费抵扣货损，互不再追究，未签订书面协议。",
          "双方分歧较大，{other}表示将起诉。",
          TransferBody.COURT, "carrier", amount=(8000, 90000), profiles=("logistics", "heavy", "appliance", "light"),
          sources=(Source.WALK_IN, Source.PHONE)),
    Story("neighbour", Kind.NEIGHBOUR, "周边住户反映厂区夜间噪声扰民",
          "{n}户住户反映{company}夜间生产噪声大，影响休息，多次反映未改善，今晚聚集在厂门口。",
          "夜间检测厂界噪声超过标准限值，噪声主要来自新装的冷却塔风机。",
          "整改措施和期限",
          "{company}在冷却塔加装隔声屏障，整改期间夜间22时后停开高噪声设备；住户不再到厂门口聚集。",
          "企业当场承诺夜间停开高噪声设备并加装隔声设施，住户表示接受，未签订书面协议。",
          "住户要求企业搬迁，企业无法接受，调解不成。",
          TransferBody.PETITION_OFFICE, "residents", people=(5, 16), urgency=(4, 4, 0), money=False,
          profiles=("heavy", "chemical", "energy", "appliance"), sources=(Source.PHONE, Source.INCIDENT_TRANSFER)),
    Story("site", Kind.NEIGHBOUR, "相邻企业因围墙和排水发生纠纷",
          "{company}反映相邻的{other}新建围墙占用共用通道，雨天排水倒灌进厂区仓库。",
          "现场勘察，新建围墙向共用通道内侧延伸约半米，排水沟被部分堵塞。",
          "围墙位置和排水沟疏通",
          "{other}拆除超出部分围墙并疏通排水沟，费用自行承担；双方共同维护共用通道。",
          "双方在现场确认围墙界线，{other}当即安排人员疏通排水沟，未签订书面协议。",
          "双方对土地界线各执一词，需由自然资源部门确权。",
          TransferBody.OTHER, "enterprise", respondent="neighbour_enterprise", money=False,
          sources=(Source.WALK_IN, Source.PATROL)),
    Story("traffic", Kind.TRAFFIC, "园区道路货车剐蹭私家车赔偿纠纷",
          "{company}的货车在{road}倒车时剐蹭员工{person}的私家车，双方对维修费用争议较大，{person}索赔{amount}。",
          "交警已认定货车一方负全部责任，双方对维修费用和误工费有分歧。",
          "维修费用和误工损失",
          "{company}一次性赔偿{person}车辆维修费和误工损失共计{total}，双方再无其他纠纷。",
          "保险公司定损后{company}当场支付维修费，双方握手言和，未签订书面协议。",
          "双方差距较大，{person}表示将起诉。",
          TransferBody.COURT, "person", amount=(3000, 30000), sources=(Source.PHONE, Source.PATROL), weight=2),
    Story("consumer", Kind.CONSUMER, "消费者与企业产品质量纠纷",
          "消费者{person}称购买的{company}产品使用不到一个月出现故障，要求退货并赔偿损失{amount}。",
          "经检测，产品故障系零部件质量问题，不属于人为损坏；消费者的部分损失证据不足。",
          "退货和赔偿的数额",
          "{company}为{person}办理退货退款，另行补偿{total}，双方就此事再无争议。",
          "企业当场为消费者更换新品并延长保修期，消费者表示满意，未签订书面协议。",
          "消费者坚持要求高额赔偿，企业不同意，调解不成。",
          TransferBody.COURT, "person", amount=(2000, 20000), profiles=("appliance", "light", "logistics", "tech"),
          sources=(Source.WALK_IN, Source.PHONE)),
)


# --- the plan ---------------------------------------------------------------------------------------------


@dataclass
class Step:
    at: datetime
    action: str
    actor: str  # user name
    args: dict = field(default_factory=dict)


@dataclass
class PlannedParty:
    side: str
    enterprise: str = ""  # the registry plan's enterprise ref
    full_name: str = ""
    id_number: str = ""
    phone: str = ""
    organisation: str = ""
    headcount: int = 1
    representative: str = ""
    own: bool = False  # added by the liaison's portal report itself


@dataclass
class PlannedDispute:
    station: str
    park: str
    source: str
    reporter: str
    data: dict
    parties: list[PlannedParty]
    own_side: str = Side.APPLICANT
    label: str = ""  # names the scripted disputes: "blockade", "instalments", ...
    ticket: int | None = None  # the request it was opened from
    steps: list[Step] = field(default_factory=list)


@dataclass
class Fate:
    """How one dispute goes; ``stop`` leaves it open at a stage ("reported", "accepted", "investigating",
    "mediating"), otherwise it runs until its next step would fall after now."""

    outcome: str = Outcome.AGREEMENT
    level: str = Level.PARK
    sessions: int = 1
    stop: str = ""
    instalments: int = 1
    late: int = 0  # the number of the instalment paid late (0: none)
    referred: bool = False


# Shengzhou's published year at full scale: 169 of the 170 disputes whose mediation ended with an outcome settled by
# agreement (99.4 %, as published), most of them within the enterprise or the park; a few withdrawn or referred.
PUBLISHED_DISPUTES = [
    (Fate(Outcome.AGREEMENT, Level.ENTERPRISE), 82), (Fate(Outcome.AGREEMENT, Level.PARK), 64),
    (Fate(Outcome.AGREEMENT, Level.PARK, sessions=2), 12), (Fate(Outcome.AGREEMENT, Level.STATION, sessions=2), 11),
    (Fate(Outcome.TRANSFERRED, sessions=2), 1), (Fate(Outcome.WITHDRAWN), 3), (Fate(referred=True), 2),
]


@dataclass
class DemoContext:
    plan: object  # registry.demo.Plan
    users: dict
    scopes: dict


class _Track:
    """One dispute's actions, each after the one before, stopped at the present."""

    def __init__(self, planner: "Planner", planned: PlannedDispute, start: datetime):
        self.planner, self.planned, self.t = planner, planned, start.replace(microsecond=0)
        self.cut = False

    def at(self, when: datetime) -> "_Track":
        self.t = max(when, self.t + timedelta(minutes=1)).replace(microsecond=0)
        return self

    def minutes(self, low: float, high: float) -> "_Track":
        return self.at(self.t + timedelta(minutes=self.planner.rng.uniform(low, high)))

    def work(self, low: float, high: float) -> "_Track":
        """Some working hours later (the centre works office hours)."""
        return self.at(self.planner.working(self.t, self.planner.rng.uniform(low, high)))

    def day(self, day: date, low: int = 9, high: int = 17) -> "_Track":
        """On ``day`` (or the next working day) in office hours, never before the last step."""
        return self.at(self.planner.office_time(day, low, high))

    def do(self, action: str, actor: str, **args) -> None:
        if self.t >= self.planner.cutoff:
            self.cut = True
        if not self.cut:
            self.planned.steps.append(Step(self.t, action, actor, args))

    @property
    def today(self) -> date:
        return timezone.localtime(self.t).date()


def _money(amount: Decimal) -> str:
    """Money as a mediation document writes it: 18.6万元, 8,500元."""
    if amount >= 10000:
        return f"{(amount / 10000).normalize():f}万元"
    return f"{amount:,.0f}元"


class Planner:
    """Decides every dispute and every action on it from a seed, reading but never writing."""

    def __init__(self, context: DemoContext, *, seed: int, scale: float, now: datetime):
        self.context, self.scale, self.now = context, scale, now
        self.cutoff = now - timedelta(minutes=1)
        self.rng = random.Random(f"{seed}:disputes")
        # People come from the registry demo's generator (valid, synthetic ID numbers and phones), told which
        # numbers the registry already gave out so that no party is mistaken for an enterprise's contact.
        self.people = PeoplePlanner(f"{seed}:disputes", 1.0)
        for setting in context.plan.settings:
            for enterprise in setting.enterprises:
                for contact in enterprise.contacts:
                    self.people.id_numbers.add(contact.id_number)
                    self.people.phones.add(contact.phone)
        self.calendar = WorkCalendar()
        self.disputes: list[PlannedDispute] = []
        self.intervals = None
        self.setting = None

    # --- time ---

    def working(self, start: datetime, hours: float) -> datetime:
        return self.calendar.add_working_hours(start, hours, self.intervals).at

    def moment(self, day: date, hour: int, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def workday(self, day: date, forward: bool = True) -> date:
        while not self.calendar.is_workday(day):
            day += timedelta(days=1 if forward else -1)
        return day

    def office_time(self, day: date, low: int = 9, high: int = 17) -> datetime:
        day = self.workday(day)
        return self.moment(day, self.rng.randint(low, high - 1), self.rng.randrange(60))

    def days_ago(self, days: float) -> date:
        return timezone.localdate(self.now - timedelta(days=days))

    # --- people and places ---

    @property
    def spec(self):
        return self.setting.spec

    @property
    def bodies(self) -> dict:
        return BODIES.get(self.spec.station_code, BODIES[SHENGZHOU])

    def police_of(self, park: str) -> tuple[str, str]:
        office = next(p.office for p in self.spec.parks if p.code == park)
        suffix = next(o.suffix for o in self.spec.offices if o.code == office)
        return f"{self.spec.prefix}_officer{suffix}", f"{self.spec.prefix}_auxiliary{suffix}"

    def liaisons(self) -> dict[str, object]:
        """Liaison user name → the planned enterprise it speaks for."""
        by_ref = {e.ref: e for e in self.setting.enterprises}
        return {u.username: by_ref[u.scope[1]] for u in self.setting.users
                if u.scope and u.scope[0] == "enterprise"}

    def person(self, male: bool | None = None) -> PlannedParty:
        male = self.rng.random() < 0.7 if male is None else male
        full_name = self.people.fake.name_male() if male else self.people.fake.name_female()
        return PlannedParty(Side.APPLICANT, full_name=full_name,
                            id_number=self.people.id_number(self.spec.id_areas, male), phone=self.people.mobile())

    def organisation(self, words: tuple[str, ...]) -> str:
        return f"{self.spec.city}{self.people.trade_name()}{self.rng.choice(words)}"

    def mediator_names(self) -> dict:
        """The outside mediators who sit at this station's centre: named once per station."""
        fake = self.people.fake
        return {"peoples": [fake.name() for _n in range(3)], "lawyer": [fake.name() for _n in range(2)],
                "judge": [fake.name()], "volunteer": [fake.name() for _n in range(2)]}

    def enterprise_for(self, profiles: tuple[str, ...], park: str | None = None, exclude=()) -> object:
        pool = [e for e in self.setting.enterprises if (park is None or e.park == park) and e.ref not in exclude]
        fitting = [e for e in pool if not profiles or e.profile in profiles] or pool
        # Sampled enterprises (with contacts and a team) come up more often: they are the ones the office knows.
        weights = [4 if e.sampled else 1 for e in fitting]
        return self.rng.choices(fitting, weights=weights)[0]

    def values(self, story: Story, enterprise, people: int) -> dict:
        roads = next(p.roads for p in self.spec.parks if p.code == enterprise.park)
        amount = None
        if story.amount:
            low, high = story.amount
            amount = Decimal(self.rng.randrange(low // 100, high // 100 + 1) * 100)
        return {"company": enterprise.name, "n": people, "months": self.rng.randint(2, 5),
                "amount_value": amount, "amount": _money(amount) if amount is not None else "",
                "road": self.rng.choice(roads)}

    # --- one dispute ---

    def parties(self, story: Story, enterprise, values: dict) -> list[PlannedParty]:
        """Applicant and respondent as the story has them; fills ``other`` and ``person`` into the values."""
        applicant: PlannedParty
        n = values["n"]
        match story.applicant:
            case "workers":
                applicant = self.person()
                applicant.headcount = n
                applicant.representative = f"工人代表 {applicant.full_name}"
            case "residents":
                applicant = self.person()
                applicant.headcount = n
                applicant.representative = f"住户代表 {applicant.full_name}"
            case "worker" | "person":
                applicant = self.person()
                if self.rng.random() < 0.25:
                    applicant.representative = f"委托代理人 {self.people.fake.name()}"
            case "contractor":
                values["other"] = self.organisation(CONTRACTORS)
                applicant = PlannedParty(Side.APPLICANT, organisation=values["other"], headcount=n,
                                         representative=f"项目负责人 {self.people.fake.name()}")
            case "supplier":
                values["other"] = self.organisation(SUPPLIERS)
                applicant = PlannedParty(Side.APPLICANT, organisation=values["other"])
            case "carrier":
                values["other"] = self.organisation(CARRIERS)
                applicant = PlannedParty(Side.APPLICANT, organisation=values["other"])
            case "enterprise":
                applicant = PlannedParty(Side.APPLICANT, enterprise=enterprise.ref)
            case _:
                raise ValueError(story.applicant)
        values.setdefault("person", applicant.full_name)
        if story.respondent == "neighbour_enterprise":
            neighbour = self.enterprise_for((), enterprise.park, exclude={enterprise.ref})
            values["other"] = neighbour.name
            respondent = PlannedParty(Side.RESPONDENT, enterprise=neighbour.ref)
        else:
            respondent = PlannedParty(Side.RESPONDENT, enterprise=enterprise.ref)
        values.setdefault("other", "")
        return [applicant, respondent]

    def dispute(self, story: Story, enterprise, start: datetime, fate: Fate, *, source: str = "",
                reporter: str = "", own_side: str = Side.APPLICANT, label: str = "") -> PlannedDispute:
        rng = self.rng
        low, high = story.people
        people = rng.randint(low, high)
        values = self.values(story, enterprise, people)
        parties = self.parties(story, enterprise, values)
        urgency = rng.choices(Urgency.values, weights=story.urgency)[0]
        source = source or rng.choice(story.sources)
        officer, auxiliary = self.police_of(enterprise.park)
        reporter = reporter or (officer if rng.random() < 0.65 else auxiliary)
        if source == Source.PORTAL:
            for party in parties:
                if party.enterprise == enterprise.ref:
                    party.own, own_side = True, party.side
        latitude = Decimal(enterprise.latitude) + Decimal(rng.randint(-300, 300)) / 1_000_000
        longitude = Decimal(enterprise.longitude) + Decimal(rng.randint(-300, 300)) / 1_000_000
        data = {
            "kind": story.kind, "urgency": urgency, "title": story.title.format(**values),
            "description": story.description.format(**values),
            "amount": str(values["amount_value"]) if values["amount_value"] is not None else "",
            "people_involved": people, "blocking": False,
            "location": enterprise.address, "latitude": str(latitude), "longitude": str(longitude),
        }
        planned = PlannedDispute(self.spec.station_code, enterprise.park, source, reporter, data, parties,
                                 own_side=own_side, label=label)
        self.journey(_Track(self, planned, start), story, values, fate)
        if planned.steps:
            self.disputes.append(planned)
        return planned

    def mediators(self, level: str, story: Story, officer: str, auxiliary: str) -> list[dict]:
        rng, names, bodies = self.rng, self.names, self.bodies
        seats = [{"role": MediatorRole.OFFICER, "user": officer}]
        if level == Level.ENTERPRISE:
            if rng.random() < 0.5:
                seats.append({"role": MediatorRole.AUXILIARY, "user": auxiliary})
            if self.volunteer and (rng.random() < 0.5 or not self.volunteer_sat):
                seats.append({"role": MediatorRole.VOLUNTEER, "user": self.volunteer})
                self.volunteer_sat = True
            elif rng.random() < 0.4:
                seats.append({"role": MediatorRole.VOLUNTEER, "name": rng.choice(names["volunteer"]),
                              "organisation": bodies["volunteers"]})
            return seats
        seats.append({"role": MediatorRole.AUXILIARY, "user": auxiliary})
        seats.append({"role": MediatorRole.PEOPLES_MEDIATOR, "name": rng.choice(names["peoples"]),
                      "organisation": bodies["mediation_committee"]})
        if story.kind == Kind.LABOUR or story.kind == Kind.CONSTRUCTION:
            seats.append({"role": MediatorRole.DEPARTMENT, "user": f"{self.spec.prefix}_dept_labour"})
        elif story.kind in (Kind.NEIGHBOUR, Kind.TRAFFIC):
            slug = "enforcement" if story.kind == Kind.NEIGHBOUR else "transport"
            seats.append({"role": MediatorRole.DEPARTMENT, "user": f"{self.spec.prefix}_dept_{slug}"})
        elif story.kind == Kind.CONSUMER:
            seats.append({"role": MediatorRole.DEPARTMENT, "user": f"{self.spec.prefix}_dept_market"})
        if level in (Level.STATION, Level.BEYOND):
            if rng.random() < 0.5:
                seats.append({"role": MediatorRole.JUDGE, "name": names["judge"][0],
                              "organisation": bodies["court_mediation"]})
            else:
                seats.append({"role": MediatorRole.LAWYER, "name": rng.choice(names["lawyer"]),
                              "organisation": bodies["legal_service"]})
        return seats

    def place(self, level: str, values: dict) -> str:
        if level == Level.ENTERPRISE:
            return f"{values['company']}会议室"
        return self.bodies["centre"]

    def journey(self, r: _Track, story: Story, values: dict, fate: Fate) -> None:
        """From the report to the archive, as far as the present allows."""
        rng, planned = self.rng, r.planned
        officer, auxiliary = self.police_of(planned.park)
        mediator = officer if rng.random() < 0.7 else auxiliary
        supervisor = f"{self.spec.prefix}_supervisor"
        group = planned.data["people_involved"] >= 5

        r.do("report", planned.reporter)
        police = mediator if planned.source != Source.PORTAL else officer
        r.minutes(1, 8)
        for index, party in enumerate(planned.parties):
            if not party.own:
                r.do("party", police, index=index)
                r.minutes(0.5, 3)
        if fate.stop == "reported":
            return
        if fate.referred:
            r.work(0.3, 3)
            r.do("refer", police, reason=REFER_REASONS[story.kind])
            self.close(r, police, followed=False)
            return
        # Accepted by the mediator, or by the supervisor who names one; contact within the target, mostly.
        r.work(0.05, 0.6)
        if rng.random() < 0.2:
            r.do("accept", supervisor, mediator=mediator)
        else:
            r.do("accept", mediator, mediator=mediator)
        late = rng.random() < 0.1
        if group:
            r.minutes(5, 20)
            r.do("contact", mediator, note="已电话联系双方代表，要求保持克制、依法表达诉求，民警正赶赴现场。")
            if late:
                r.work(2.5, 6)
            else:
                r.work(0.2, 1.2)
            r.do("arrive", mediator, note=f"民警到达现场，{values['n']}名当事人情绪逐步平稳。")
        else:
            if late:
                r.work(8.5, 14)
            else:
                r.work(0.1, 3)
            r.do("contact", mediator, note=rng.choice(CONTACT_NOTES))
        if fate.stop == "accepted":
            return
        r.work(1, 10)
        r.do("facts", mediator, facts=story.facts.format(**values))
        if fate.stop == "investigating":
            return
        if fate.outcome == Outcome.WITHDRAWN:
            r.work(4, 30)
            r.do("withdraw", mediator, reason=rng.choice(WITHDRAW_REASONS))
            self.close(r, mediator, followed=False)
            return
        level = fate.level if fate.outcome in (Outcome.AGREEMENT, Outcome.NO_AGREEMENT) else Level.STATION
        seats = self.mediators(level, story, officer, auxiliary)
        place = self.place(level, values)
        for number in range(1, fate.sessions + 1):
            r.work(0.3, 2)
            # The session that is still to come is planned for the next few working days.
            ahead = max(r.t, self.now) if fate.stop == "mediating" else r.t
            planned_for = self.working(ahead, rng.uniform(3, 20))
            planned_for = planned_for.replace(minute=(planned_for.minute // 15) * 15, second=0)
            r.do("plan", mediator, planned_at=planned_for, place=place, mediators=seats)
            if fate.stop == "mediating":
                return
            last = number == fate.sessions
            result = (SessionResult.CONTINUE if not last else
                      SessionResult.AGREED if fate.outcome in (Outcome.AGREEMENT, Outcome.NO_AGREEMENT) else
                      SessionResult.FAILED)
            r.at(planned_for + timedelta(minutes=rng.randint(50, 150)))
            r.do("held", mediator, session=number, held_at=planned_for, attended=list(range(len(planned.parties))),
                 minutes=MINUTES[result].format(point=story.point, **values), result=result)
        r.minutes(5, 40)
        if fate.outcome == Outcome.AGREEMENT:
            self.agreement(r, story, values, fate, mediator, level)
        elif fate.outcome == Outcome.NO_AGREEMENT:
            r.do("settle", mediator, note=story.settle_note.format(**values), level=level)
            self.close(r, mediator, note=FOLLOW_UP_SETTLED, satisfied=True)
        else:
            r.do("fail", mediator, reason=story.fail_reason.format(**values))
            if fate.outcome == Outcome.TRANSFERRED:
                r.work(1, 8)
                body = story.transfer
                receiver = {
                    TransferBody.LABOUR_ARBITRATION: self.bodies["arbitration"],
                    TransferBody.COURT: self.bodies["court"],
                    TransferBody.LABOUR_INSPECTION: self.bodies["inspection"],
                    TransferBody.PETITION_OFFICE: self.bodies["petition"],
                    TransferBody.OTHER: self.bodies["land"],
                }[body]
                r.do("transfer", mediator, body=body, receiver=receiver, on=r.today)
                self.close(r, mediator, note=FOLLOW_UP_TRANSFERRED.format(receiver=receiver), satisfied=None)
            else:
                self.close(r, mediator, note=FOLLOW_UP_FAILED, satisfied=False)

    def schedule(self, total: Decimal, count: int, signed_on: date, first_in: int = 0) -> list[tuple[date, Decimal]]:
        """``count`` instalments adding up to ``total``: the first ``first_in`` days after signing, then monthly."""
        if count == 0 or total == 0:
            return []
        share = (total / count / 100).quantize(Decimal("1")) * 100
        amounts = [share] * (count - 1) + [total - share * (count - 1)]
        due = [signed_on + timedelta(days=first_in + 30 * n) for n in range(count)]
        return list(zip(due, amounts, strict=True))

    def agreement(self, r: _Track, story: Story, values: dict, fate: Fate, mediator: str, level: str,
                  *, schedule: list[tuple[date, Decimal]] | None = None, total: Decimal | None = None) -> None:
        rng = self.rng
        if total is None:
            amount = values["amount_value"]
            share = Decimal(rng.choice((70, 80, 85, 90, 100)))
            total = (amount * share / 10000).quantize(Decimal("1")) * 100 if story.money and amount else Decimal(0)
        if schedule is None:
            schedule = self.schedule(total, fate.instalments, r.today, rng.choice((1, 3, 5, 7)))
        terms = story.terms.format(total=_money(total) if total else "", **values)
        signed = r.today
        r.do("sign", mediator, signed_on=signed, terms=terms, total=str(total), level=level,
             instalments=[{"due_on": due.isoformat(), "amount": str(amount)} for due, amount in schedule])
        for number, (due, amount) in enumerate(schedule, start=1):
            if number == fate.late:
                # Not paid by the due date: the morning sweep flags it and hands it back to the mediator,
                # who chases the payer; it is paid a few days later.
                r.day(due + timedelta(days=1), 9, 11)
                r.do("comment", mediator, internal=True,
                     text=f"第{number}期款项逾期未付，已电话督促付款方，对方承诺三日内付清。")
                r.day(due + timedelta(days=rng.randint(2, 4)))
            else:
                # On the due date or a day or two before; not on the evening the agreement was signed.
                payday = min(due, max(due - timedelta(days=rng.choice((0, 0, 0, 1, 2))), signed + timedelta(days=1)))
                r.at(self.moment(payday, rng.randint(9, 16), rng.randrange(60)))
            r.do("pay", mediator, number=number, amount=str(amount),
                 reference=f"YH{r.today:%Y%m%d}{rng.randrange(10**6):06d}")
        self.close(r, mediator, note=FOLLOW_UP_AGREEMENT if total else FOLLOW_UP_SETTLED, satisfied=True,
                   after=(5, 15))

    def close(self, r: _Track, actor: str, *, note: str = "", satisfied: bool | None = None, followed: bool = True,
              after: tuple[int, int] = (3, 12)) -> None:
        """The follow-up visit some days later, then the archive."""
        rng = self.rng
        if followed:
            r.day(r.today + timedelta(days=rng.randint(*after)))
            r.do("follow_up", actor, note=note, satisfied=satisfied)
        r.day(r.today + timedelta(days=rng.randint(1, 6)))
        r.do("archive", actor)

    # --- the stations ---

    def begin(self, setting) -> None:
        self.setting = setting
        station = self.context.scopes[("station", setting.spec.station_code)]
        self.intervals = station.business_intervals
        self.names = self.mediator_names()
        self.volunteer = "volunteer_a" if setting.spec.station_code == MAJIAHE else ""
        self.volunteer_sat = False

    def start_between(self, oldest: float, newest: float) -> datetime:
        """A report time: office hours mostly, some at night (incident transfers, phone calls)."""
        day = self.days_ago(self.rng.uniform(newest, oldest))
        if self.rng.random() < 0.15:
            return self.moment(day, self.rng.choice((7, 18, 19, 20, 21)), self.rng.randrange(60))
        return self.office_time(day, 8, 18)

    def proportional(self, count: int, table: list[tuple[object, float]]) -> list:
        """``count`` items in the proportions of ``table`` (largest remainder), in a seeded order."""
        whole = sum(weight for _item, weight in table)
        shares = [weight * count / whole for _item, weight in table]
        counts = [int(share) for share in shares]
        for i in sorted(range(len(table)), key=lambda i: shares[i] - counts[i], reverse=True)[: count - sum(counts)]:
            counts[i] += 1
        items = [item for (item, _weight), n in zip(table, counts, strict=True) for _i in range(n)]
        self.rng.shuffle(items)
        return items

    def ordinary(self, count: int, days: int, table: list[tuple[Fate, float]], newest: int = 4) -> None:
        """The rest of the period (reported between ``days`` and ``newest`` days ago): fates and stories each in
        their proportions, paired so that what is transferred goes where such disputes go and what is referred is
        something the centre does not take."""
        parks = [p.code for p in self.spec.parks]
        fates = self.proportional(count, table)
        stories = self.proportional(count, [(story, story.weight) for story in STORIES])
        fits = {Outcome.TRANSFERRED: {"overtime", "severance", "injury", "construction", "goods", "traffic"},
                "referred": {"goods", "freight", "consumer", "severance"}}
        paired = [None] * count
        for position in sorted(range(count), key=lambda i: not (fates[i].referred or fates[i].outcome
                                                                  == Outcome.TRANSFERRED)):
            fate = fates[position]
            wanted = fits["referred"] if fate.referred else fits.get(fate.outcome) if not fate.stop else None
            story = next((s for s in stories if not wanted or s.key in wanted), stories[0])
            stories.remove(story)
            paired[position] = story
        for index, (fate, story) in enumerate(zip(fates, paired, strict=True)):
            # Every park has its share, so each office's officer finds disputes of their own.
            park = parks[index % len(parks)] if index < 2 * len(parks) else self.rng.choice(parks)
            enterprise = self.enterprise_for(story.profiles, park)
            if fate.stop:
                start = {"reported": self.now - timedelta(hours=self.rng.uniform(1, 3)),
                         "accepted": self.office_time(self.days_ago(1)),
                         "investigating": self.office_time(self.days_ago(3)),
                         "mediating": self.office_time(self.days_ago(4))}[fate.stop]
                start = min(start, self.now - timedelta(minutes=50))
            else:
                start = self.start_between(days, newest)
            self.dispute(story, enterprise, start, fate)

    def majiahe(self, setting) -> None:
        self.begin(setting)
        scripted = [self.blockade, self.wage_instalments, self.liaison_performing, self.liaison_new,
                    self.from_request]
        count = max(2, round(MAJIAHE_DISPUTES * self.scale))
        for make in scripted[:count]:
            make()
        self.ordinary(max(0, count - len(scripted)), QUARTER_DAYS, [
            (Fate(Outcome.AGREEMENT, Level.ENTERPRISE), 5), (Fate(Outcome.AGREEMENT, Level.PARK), 7),
            (Fate(Outcome.AGREEMENT, Level.PARK, sessions=2, instalments=2), 3),
            (Fate(Outcome.AGREEMENT, Level.STATION, sessions=2), 2),
            (Fate(Outcome.AGREEMENT, Level.PARK, instalments=2, late=2), 1),
            (Fate(Outcome.NO_AGREEMENT, Level.ENTERPRISE), 2), (Fate(Outcome.NO_AGREEMENT, Level.PARK), 3),
            (Fate(Outcome.TRANSFERRED, sessions=2), 3), (Fate(Outcome.FAILED, sessions=2), 1),
            (Fate(Outcome.WITHDRAWN), 2), (Fate(referred=True), 1), (Fate(stop="reported"), 1),
            (Fate(stop="accepted"), 1),
            (Fate(stop="investigating"), 1), (Fate(stop="mediating"), 1),
        ])

    def shengzhou(self, setting) -> None:
        self.begin(setting)
        scripted = [self.liaison_performing, self.liaison_new]
        count = round(SHENGZHOU_DISPUTES * self.scale)
        for make in scripted[:count]:
            make()
        self.ordinary(max(0, count - len(scripted)), YEAR_DAYS, [
            (Fate(Outcome.AGREEMENT, Level.ENTERPRISE), 16), (Fate(Outcome.AGREEMENT, Level.PARK), 13),
            (Fate(Outcome.AGREEMENT, Level.PARK, sessions=2, instalments=3), 3),
            (Fate(Outcome.AGREEMENT, Level.STATION, sessions=2), 2),
            (Fate(Outcome.NO_AGREEMENT, Level.ENTERPRISE), 4), (Fate(Outcome.NO_AGREEMENT, Level.PARK), 2),
            (Fate(Outcome.TRANSFERRED, sessions=2), 1), (Fate(Outcome.WITHDRAWN), 2),
            (Fate(referred=True), 1), (Fate(stop="reported"), 1), (Fate(stop="investigating"), 1),
            (Fate(stop="mediating"), 1),
        ])

    def published_year(self, setting) -> None:
        """Shengzhou's published year (``registry.demo.published_year``): PUBLISHED_DISPUTES, at the demo's scale,
        each ended (and followed up) within the year."""
        self.begin(setting)
        first, last = published_year(timezone.localdate(self.now))
        today = timezone.localdate(self.now)
        count = round(sum(weight for _fate, weight in PUBLISHED_DISPUTES) * self.scale)
        self.ordinary(count, (today - first).days - 2, PUBLISHED_DISPUTES, newest=(today - last).days + 40)

    # --- the scripted disputes ---

    def blockade(self) -> None:
        """Majiahe: a contractor's crowd of about 40 blocks a park gate over unpaid engineering money. Reported by
        phone, contact in minutes, on site within the 30-minute target, the street's governance centre called
        in, settled on site by agreement at park level about two hours after the report."""
        bodies = self.bodies
        park = self.spec.parks[0]
        officer, auxiliary = self.police_of(park.code)
        story = next(s for s in STORIES if s.key == "construction")
        enterprise = self.enterprise_for(story.profiles, park.code)
        contractor = self.organisation(CONTRACTORS)
        leader, mediator_name = self.people.fake.name_male(), self.names["peoples"][0]
        owed, paid_now = Decimal("1280000"), Decimal("760000")
        gate = f"{park.name}{park.roads[0]}东大门"
        lat, lon = park.centre
        planned = PlannedDispute(
            self.spec.station_code, park.code, Source.PHONE, officer, {
                "kind": Kind.CONSTRUCTION, "urgency": Urgency.EMERGENCY,
                "title": f"施工队约40人堵塞{park.name}东大门讨要工程款",
                "description": f"{contractor}承建{enterprise.name}新厂房，称尚欠工程款{_money(owed)}、工人工资无着落。"
                               f"今晨约40名施工人员聚集在{gate}，拉横幅并堵住大门，园区上班车辆和货车无法进出。"
                               "园区保安来电报警。",
                "amount": str(owed), "people_involved": 40, "blocking": True, "location": gate,
                "latitude": f"{lat:.6f}", "longitude": f"{lon:.6f}",
            },
            [PlannedParty(Side.APPLICANT, organisation=contractor, headcount=40,
                          representative=f"项目负责人 {leader}"),
             PlannedParty(Side.RESPONDENT, enterprise=enterprise.ref)],
            label="blockade")
        day = self.workday(self.days_ago(46), forward=False)
        start = self.moment(day, 7, 52)
        r = _Track(self, planned, start)
        r.do("report", officer)
        r.at(start + timedelta(minutes=1))
        r.do("accept", officer, mediator=officer)
        r.at(start + timedelta(minutes=4))
        r.do("contact", officer,
             note=f"已电话联系现场带头人{leader}，要求其劝说工人让出通道、依法表达诉求，民警正赶赴现场。")
        r.at(start + timedelta(minutes=6))
        r.do("party", officer, index=0)
        r.at(start + timedelta(minutes=7))
        r.do("party", officer, index=1)
        r.at(start + timedelta(minutes=9))
        r.do("comment", officer, internal=True,
             text=f"已报告所领导，并通知{bodies['governance']}派员、劳动保障监察大队到场联合处置。")
        r.at(start + timedelta(minutes=23))
        r.do("arrive", officer, note="民警、辅警到达东大门，劝导工人让出一条车道，园区车辆恢复单向通行。")
        r.at(start + timedelta(minutes=48))
        r.do("facts", officer, facts=f"{enterprise.name}与{contractor}的厂房工程已竣工结算，欠付工程款{_money(owed)}，"
                                    "其中约一半为工人工资；业主方称因银行贷款未到位暂缓支付。现场工人40人，情绪激动但未发生冲突。")
        seats = [
            {"role": MediatorRole.OFFICER, "user": officer}, {"role": MediatorRole.AUXILIARY, "user": auxiliary},
            {"role": MediatorRole.PEOPLES_MEDIATOR, "name": mediator_name, "organisation": bodies["governance"]},
            {"role": MediatorRole.DEPARTMENT, "user": f"{self.spec.prefix}_dept_labour"},
        ]
        first = self.moment(day, 8, 55)
        r.at(start + timedelta(minutes=52))
        r.do("plan", officer, planned_at=first, place=f"{gate}门卫值班室（现场调解）", mediators=seats)
        r.at(self.moment(day, 9, 32))
        r.do("held", officer, session=1, held_at=first, attended=[0, 1],
             minutes=f"{bodies['governance']}调解员、劳动保障监察员与民警现场组织双方协商。业主方财务负责人电话到场，同意先行"
                     "支付工人工资部分；施工方要求一次付清全部工程款，双方未达成一致。工人已全部让出大门，在值班室外等候。",
             result=SessionResult.CONTINUE)
        second = self.moment(day, 9, 40)
        r.at(self.moment(day, 9, 35))
        r.do("plan", officer, planned_at=second, place=f"{gate}门卫值班室（现场调解）", mediators=seats)
        r.at(self.moment(day, 9, 55))
        r.do("held", officer, session=2, held_at=second, attended=[0, 1],
             minutes="业主方负责人到场。经调解员释法说理，双方同意：当日支付工人工资部分，余款十日内付清；施工方负责当场"
                     "组织工人撤离。",
             result=SessionResult.AGREED)
        r.at(self.moment(day, 9, 58))
        r.do("sign", officer, signed_on=day, level=Level.PARK, total=str(owed),
             terms=f"一、{enterprise.name}于今日17时前向{contractor}农民工工资专户支付{_money(paid_now)}，用于发放"
                   f"40名工人工资；二、余款{_money(owed - paid_now)}于十日内付清；三、{contractor}立即组织工人撤离"
                   f"{gate}，今后通过合法途径主张权利。",
             instalments=[{"due_on": day.isoformat(), "amount": str(paid_now)},
                          {"due_on": (day + timedelta(days=10)).isoformat(), "amount": str(owed - paid_now)}])
        r.at(self.moment(day, 10, 12))
        r.do("comment", officer, text=f"工人已全部撤离，{gate}恢复正常通行。")
        r.at(self.moment(day, 15, 20))
        r.do("pay", officer, number=1, amount=str(paid_now), reference=f"YH{day:%Y%m%d}000318")
        payday = self.workday(day + timedelta(days=9), forward=False)
        r.at(self.moment(payday, 10, 40))
        r.do("pay", officer, number=2, amount=str(owed - paid_now), reference=f"YH{payday:%Y%m%d}000527")
        r.day(payday + timedelta(days=7))
        r.do("follow_up", officer, note="回访施工方和业主方：工程款已全部付清，40名工人工资已发放到位，未再发生聚集。",
             satisfied=True)
        r.day(r.today + timedelta(days=2))
        r.do("archive", officer)
        self.disputes.append(planned)

    def wage_instalments(self) -> None:
        """Majiahe: wage arrears settled by three instalments; the second is paid late, flagged by the morning
        sweep and returned to the mediator, then paid; fulfilled and followed up."""
        rng = self.rng
        park = self.spec.parks[1]
        story = next(s for s in STORIES if s.key == "wages")
        pool = [e for e in self.setting.enterprises if e.park == park.code and e.profile in LABOUR_PROFILES
                and e.headcount >= 40] or [e for e in self.setting.enterprises if e.park == park.code]
        enterprise = rng.choice(pool)
        officer, _auxiliary = self.police_of(park.code)
        owed = Decimal("216000")
        values = {"company": enterprise.name, "n": 18, "months": 3, "amount": _money(owed), "amount_value": owed,
                  "road": park.roads[0], "other": ""}
        workers = self.person(male=True)
        workers.headcount, workers.representative = 18, f"工人代表 {workers.full_name}"
        values["person"] = workers.full_name
        start = self.office_time(self.days_ago(78), 9, 11)
        planned = PlannedDispute(
            self.spec.station_code, park.code, Source.INCIDENT_TRANSFER, officer, {
                "kind": Kind.LABOUR, "urgency": Urgency.URGENT, "title": "18名员工讨要三个月拖欠工资",
                "description": story.description.format(**values), "amount": str(owed), "people_involved": 18,
                "blocking": False, "location": enterprise.address, "latitude": str(enterprise.latitude),
                "longitude": str(enterprise.longitude),
            },
            [workers, PlannedParty(Side.RESPONDENT, enterprise=enterprise.ref)], label="instalments")
        r = _Track(self, planned, start)
        r.do("report", officer)
        r.minutes(2, 5)
        r.do("party", officer, index=0)
        r.minutes(1, 2)
        r.do("party", officer, index=1)
        r.minutes(1, 3)
        r.do("accept", officer, mediator=officer)
        r.minutes(5, 10)
        r.do("contact", officer, note="已电话联系工人代表和企业负责人。")
        r.minutes(20, 35)
        r.do("arrive", officer, note="到达企业办公楼前，劝导员工回到车间，约定次日在调解中心协商。")
        r.work(1, 2)
        r.do("facts", officer, facts=story.facts.format(**values))
        seats = [{"role": MediatorRole.OFFICER, "user": officer},
                 {"role": MediatorRole.DEPARTMENT, "user": f"{self.spec.prefix}_dept_labour"},
                 {"role": MediatorRole.LAWYER, "name": self.names["lawyer"][0],
                  "organisation": self.bodies["legal_service"]}]
        first = self.moment(self.workday(r.today + timedelta(days=1)), 9, 30)
        r.work(0.2, 0.5)
        r.do("plan", officer, planned_at=first, place=self.bodies["centre"], mediators=seats)
        r.at(first + timedelta(minutes=100))
        r.do("held", officer, session=1, held_at=first, attended=[0, 1], minutes=(
            "企业承认欠薪，称主要客户货款三个月后才能回笼，只能先付一部分；工人要求一次付清。律师释明欠薪的法律后果，"
            "劳动保障监察员说明可依法责令限期支付。约定三日后企业带付款计划再谈。"), result=SessionResult.CONTINUE)
        second = self.moment(self.workday(r.today + timedelta(days=3)), 14, 30)
        r.minutes(10, 20)
        r.do("plan", officer, planned_at=second, place=self.bodies["centre"], mediators=seats)
        r.at(second + timedelta(minutes=90))
        r.do("held", officer, session=2, held_at=second, attended=[0, 1], minutes=(
            "企业提交分三期支付的计划并提供客户回款合同佐证；工人代表征求全体工人意见后同意分期，但要求第一期当月支付。"
            "双方达成协议。"), result=SessionResult.AGREED)
        r.minutes(10, 20)
        signed = r.today
        schedule = [(signed + timedelta(days=5), Decimal("72000")), (signed + timedelta(days=20), Decimal("72000")),
                    (signed + timedelta(days=40), Decimal("72000"))]
        self.agreement(r, story, values, Fate(instalments=3, late=2), officer, Level.PARK, schedule=schedule,
                       total=owed)
        self.disputes.append(planned)

    def liaison_performing(self) -> None:
        """What a liaison sees of an agreement: their enterprise asks the centre through the portal to mediate
        with its own workers (企业主动申请调解); settled by an agreement still being performed (paid in part,
        the rest due in the coming weeks)."""
        liaisons = sorted(self.liaisons().items())
        if liaisons:
            name, enterprise = liaisons[0]
            story = next(s for s in STORIES if s.key == "overtime")
            start = self.office_time(self.days_ago(19), 9, 12)
            self.dispute(story, enterprise, start, Fate(Outcome.AGREEMENT, Level.ENTERPRISE, instalments=3),
                         source=Source.PORTAL, reporter=name, label="liaison_performing")

    def from_request(self) -> None:
        """A request about wages or overtime pay, already in the requests demo, turns out to be a dispute: the
        officer opens it as one (linked both ways) and the centre mediates between the enterprise and its
        workers. Left out when the requests demo has no such request in the quarter."""
        from jingqi.tickets.models import Ticket

        ticket = (Ticket.objects.filter(station__code=self.spec.station_code, disputes__isnull=True,
                                        submitted_at__gte=self.now - timedelta(days=QUARTER_DAYS),
                                        submitted_at__lt=self.now - timedelta(days=2))
                  .filter(Q(title__contains="加班费") | Q(title__contains="工资"))
                  .exclude(status="rejected").select_related("enterprise").order_by("submitted_at", "pk").first())
        enterprise = next((e for e in self.setting.enterprises if ticket and e.uscc == ticket.enterprise.uscc), None)
        if enterprise is None:
            return
        story = next(s for s in STORIES if s.key == "overtime")
        people = self.rng.randint(8, 20)
        values = self.values(story, enterprise, people)
        workers = self.person()
        workers.side, workers.headcount = Side.RESPONDENT, people
        workers.representative = f"工人代表 {workers.full_name}"
        values.update(person=workers.full_name, other="")
        officer, _auxiliary = self.police_of(enterprise.park)
        planned = PlannedDispute(
            self.spec.station_code, enterprise.park, Source.REQUEST, officer, {
                "kind": story.kind, "urgency": Urgency.URGENT, "title": story.title.format(**values),
                "description": f"由企业诉求{ticket.reference}转来：" + story.description.format(**values),
                "amount": str(values["amount_value"]), "people_involved": people, "blocking": False,
                "location": enterprise.address, "latitude": str(enterprise.latitude),
                "longitude": str(enterprise.longitude),
            },
            [PlannedParty(Side.APPLICANT, enterprise=enterprise.ref, own=True), workers],
            label="from_request", ticket=ticket.pk)
        start = self.working(ticket.submitted_at, self.rng.uniform(1, 4))
        self.journey(_Track(self, planned, start), story, values,
                     Fate(Outcome.AGREEMENT, Level.PARK, sessions=2, instalments=2))
        if planned.steps:
            self.disputes.append(planned)

    def liaison_new(self) -> None:
        """The other liaison's report arrived this morning: nobody has accepted it yet."""
        liaisons = sorted(self.liaisons().items())
        if len(liaisons) > 1:
            name, enterprise = liaisons[1]
            story = next(s for s in STORIES if s.key == "freight")
            self.dispute(story, enterprise, self.now - timedelta(hours=2, minutes=10), Fate(stop="reported"),
                         source=Source.PORTAL, reporter=name, label="liaison_new")


def build_disputes(context: DemoContext, *, seed: int, scale: float, now: datetime) -> list[PlannedDispute]:
    planner = Planner(context, seed=seed, scale=scale, now=now)
    for setting in context.plan.settings:
        code = setting.spec.station_code
        if code == MAJIAHE:
            planner.majiahe(setting)
        elif code == SHENGZHOU:
            planner.shengzhou(setting)
            if code == PUBLISHED_STATION:
                planner.published_year(setting)
    return planner.disputes


CONTACT_NOTES = (
    "已电话联系双方，了解基本情况，约定时间到调解中心协商。", "已联系申请人，告知调解程序和所需材料。",
    "已上门了解情况并登记双方联系方式。", "已电话联系被申请方负责人，对方同意参加调解。",
)
WITHDRAW_REASONS = (
    "申请人表示双方已自行协商解决，撤回调解申请。",
    "申请人决定直接向劳动人事争议仲裁委员会申请仲裁，撤回调解申请。",
    "申请人表示暂不追究，撤回调解申请。",
)
REFER_REASONS = {
    Kind.CONTRACT: "经核实，对方已就该合同纠纷向人民法院起诉并已立案，不再受理调解，已告知当事人依法应诉。",
    Kind.CONSUMER: "经核实，申请人提供的票据涉嫌伪造，可能涉嫌敲诈勒索，不予调解，线索已转办案民警核查。",
    Kind.LABOUR: "经核实，该争议已由劳动人事争议仲裁委员会受理，不再重复调解，已告知当事人等待仲裁。",
    Kind.CONSTRUCTION: "经核实，该工程款纠纷已进入诉讼程序，不再受理调解。",
    Kind.NEIGHBOUR: "经核实，该事项属于生态环境部门执法范围，已移交并告知当事人。",
    Kind.TRAFFIC: "经核实，该事故尚在交警部门处理中，待事故认定后再申请调解。",
    Kind.OTHER: "经核实，不属于调解受理范围，已告知当事人向有关部门反映。",
}
MINUTES = {
    SessionResult.CONTINUE: "双方分别陈述诉求，调解员释明相关法律规定；双方对{point}分歧较大，约定下次继续调解。",
    SessionResult.AGREED: "经调解员耐心疏导、释法说理，双方就{point}达成一致，当场确认协议内容。",
    SessionResult.FAILED: "经多次协商，双方对{point}差距过大，无法达成一致，调解员告知双方可通过其他途径依法解决。",
}
FOLLOW_UP_AGREEMENT = "回访双方：协议已全部履行，申请人对调解结果表示满意，双方未再发生纠纷。"
FOLLOW_UP_SETTLED = "回访双方：纠纷已化解，双方关系恢复正常，未再发生争执。"
FOLLOW_UP_TRANSFERRED = "回访申请人：已向{receiver}提出申请，正在处理中，已告知申请人有问题可随时联系调解中心。"
FOLLOW_UP_FAILED = "回访申请人：已告知其他救济途径，申请人表示将自行处理。"


# --- acting it out ----------------------------------------------------------------------------------------


class _Actor:
    def __init__(self, context: DemoContext):
        self.context = context
        self.disputes: list[Dispute | None] = []
        self.parties: dict[int, list] = {}
        self.sessions: dict[int, list] = {}

    def user(self, username: str):
        return self.context.users[username]

    def run(self, index: int, planned: PlannedDispute, step: Step) -> None:
        user = self.user(step.actor)
        dispute = self.disputes[index]
        args = step.args
        match step.action:
            case "report":
                park = self.context.scopes[("park", planned.park)]
                if planned.ticket is not None:
                    from jingqi.tickets.models import Ticket

                    dispute = services.do_dispute_from_ticket(user, Ticket.objects.get(pk=planned.ticket),
                                                              data=planned.data)
                elif planned.source == Source.PORTAL:
                    dispute = services.do_report_dispute(user, source=planned.source, data=planned.data,
                                                         own_side=planned.own_side)
                else:
                    dispute = services.do_report_dispute(user, source=planned.source, data=planned.data, park=park)
                self.disputes[index] = dispute
                own = list(dispute.parties.all())
                self.parties[index] = [own.pop(0) if party.own else None for party in planned.parties]
            case "party":
                party = planned.parties[args["index"]]
                enterprise = self.context.scopes[("enterprise", party.enterprise)] if party.enterprise else None
                self.parties[index][args["index"]] = services.do_add_party(
                    user, dispute, side=party.side, enterprise=enterprise, full_name=party.full_name,
                    id_number=party.id_number, phone=party.phone, organisation=party.organisation,
                    headcount=party.headcount, representative=party.representative)
            case "accept":
                services.do_accept_dispute(user, dispute, mediator=self.user(args["mediator"]))
            case "refer":
                services.do_refer_dispute(user, dispute, reason=args["reason"])
            case "contact":
                services.do_record_contact(user, dispute, note=args["note"])
            case "arrive":
                services.do_record_arrival(user, dispute, note=args["note"])
            case "facts":
                services.do_record_facts(user, dispute, facts=args["facts"])
            case "plan":
                mediators = [{**seat, "user": self.user(seat["user"])} if seat.get("user") else seat
                             for seat in args["mediators"]]
                session = services.do_plan_session(user, dispute, planned_at=args["planned_at"], place=args["place"],
                                                   mediators=mediators)
                self.sessions.setdefault(index, []).append(session)
            case "held":
                session = self.sessions[index][args["session"] - 1]
                attended = [self.parties[index][i] for i in args["attended"]]
                services.do_record_session(user, session, held_at=args["held_at"], attended=attended,
                                           minutes=args["minutes"], result=args["result"])
            case "sign":
                services.do_sign_agreement(user, dispute, signed_on=args["signed_on"], terms=args["terms"],
                                           total_amount=args["total"], level=args["level"],
                                           instalments=args["instalments"])
            case "pay":
                instalment = Instalment.objects.get(agreement__dispute=dispute, number=args["number"])
                services.do_record_payment(user, instalment, amount=args["amount"],
                                           paid_on=timezone.localdate(step.at), reference=args["reference"])
            case "settle":
                services.do_settle_dispute(user, dispute, note=args["note"], level=args["level"])
            case "fail":
                services.do_fail_dispute(user, dispute, reason=args["reason"])
            case "transfer":
                services.do_transfer_dispute(user, dispute, body=args["body"], receiver=args["receiver"],
                                             on=args["on"])
            case "withdraw":
                services.do_withdraw_dispute(user, dispute, reason=args["reason"])
            case "follow_up":
                services.do_follow_up(user, dispute, note=args["note"], satisfied=args["satisfied"])
            case "archive":
                services.do_archive_dispute(user, dispute)
            case "comment":
                services.do_comment(user, dispute, text=args["text"], internal=args.get("internal", False))
            case _:
                raise ValueError(step.action)


def sweep_mornings(planned: list[PlannedDispute], now: datetime) -> list[datetime]:
    """The mornings on which the instalment sweeps can find something: from the reminder window before each
    due date (or the signing) to the morning after it. On every other morning both sweeps find nothing, so
    running them only on these gives the records that running them every morning gives, in less time."""
    days: set[date] = set()
    for dispute in planned:
        for step in dispute.steps:
            if step.action != "sign":
                continue
            signed = step.args["signed_on"]
            for instalment in step.args["instalments"]:
                due = date.fromisoformat(instalment["due_on"])
                day = max(signed, due - timedelta(days=settings.DISPUTE_REMINDER_DAYS))
                while day <= due + timedelta(days=1):
                    days.add(day)
                    day += timedelta(days=1)
    mornings = (timezone.make_aware(datetime.combine(day, SWEEP_AT)) for day in sorted(days))
    return [at for at in mornings if at < now]


# Actions that start, stop or end a rapid-response clock (first contact, arrival on site).
CLOCK_ACTIONS = {"report", "contact", "arrive", "refer", "withdraw", "fail", "settle", "sign"}
def load(loader, *, seed: int, scale: float) -> list[Dispute | None]:
    """Act out the planned disputes after the registry demo: same transaction, same progress bar."""
    context = DemoContext(loader.plan, loader.users, loader.scopes)
    now = timezone.now()
    planned = build_disputes(context, seed=seed, scale=scale, now=now)
    actions = [(step.at, index, position, step)
               for index, dispute in enumerate(planned) for position, step in enumerate(dispute.steps)]
    if not actions:
        return []
    sweeps = [(at, -1, 0, None) for at in sweep_mornings(planned, now)]
    timeline = sorted(actions + sweeps, key=lambda entry: (entry[0], entry[1], entry[2]))

    bar = loader.bar
    bar.total += len(actions)
    bar.refresh()
    actor = _Actor(context)
    actor.disputes = [None] * len(planned)
    with replayed_time() as clock:
        escalations = EscalationTicks(clock, services.escalate_overdue, services.next_escalation_at)
        for at, index, _position, step in timeline:
            escalations.run_until(at)
            clock.at = at
            if step is None:
                today = timezone.localdate(at)
                services.flag_defaults(today)
                services.remind_instalments(today)
                continue
            actor.run(index, planned[index], step)
            if step.action in CLOCK_ACTIONS:
                escalations.plan()
            bar.update()
        escalations.run_until(now)
    # The notices are written when the demo's transaction commits (each dated when its event happened);
    # this runs after them, in the order the callbacks were registered.
    disputes = [dispute for dispute in actor.disputes if dispute is not None]
    transaction.on_commit(lambda: settle_inbox(disputes))
    return actor.disputes


# Events after which a dispute needs no more work from anyone but the follow-up visit.
ENDING_EVENTS = (EventKind.FULFILLED, EventKind.SETTLED, EventKind.FAILED, EventKind.TRANSFERRED,
                 EventKind.WITHDRAWN, EventKind.REFERRED)


def settle_inbox(disputes) -> int:
    """Mark read what the demo's people had seen (``core.notify.settle_replayed_inbox``): notices about a dispute
    its reader acted on afterwards, and any notice about a dispute that has since left mediation (fulfilled,
    settled, failed, transferred, withdrawn, referred). News of disputes still in mediation stays unread.
    Returns how many notices were marked read."""
    from django.urls import reverse

    from jingqi.core.notify import settle_replayed_inbox

    pks = [dispute.pk for dispute in disputes]
    by_url = {reverse("disputes:dispute_detail", args=[pk]): pk for pk in pks}
    still_open = set(Dispute.objects.filter(pk__in=pks, status__in=OPEN_STATUSES).values_list("pk", flat=True))
    finished: dict[int, datetime] = {}
    for dispute_id, at in DisputeEvent.objects.filter(dispute__in=pks, kind__in=ENDING_EVENTS).values_list(
            "dispute_id", "at"):
        if dispute_id not in still_open:
            finished[dispute_id] = max(at, finished.get(dispute_id, at))
    events = (DisputeEvent.objects.filter(dispute__in=pks, actor__isnull=False).order_by("at", "pk")
              .values_list("dispute_id", "actor_id", "at"))
    return settle_replayed_inbox(by_url, events, lambda notice, pk: finished.get(pk))


# --- figures, counted from the records --------------------------------------------------------------------


def station_figures(station) -> dict:
    """Disputes, outcomes and the honest success rate of one station: agreement ÷ (settled + failed +
    transferred), withdrawn ones apart."""
    figures = Dispute.objects.filter(station=station).aggregate(
        total=Count("pk"),
        agreement=Count("pk", filter=Q(outcome=Outcome.AGREEMENT)),
        concluded=Count("pk", filter=Q(outcome__in=[Outcome.AGREEMENT, Outcome.NO_AGREEMENT, Outcome.FAILED,
                                                    Outcome.TRANSFERRED])),
        withdrawn=Count("pk", filter=Q(outcome=Outcome.WITHDRAWN)),
        low_level=Count("pk", filter=Q(outcome__in=[Outcome.AGREEMENT, Outcome.NO_AGREEMENT],
                                       level__in=[Level.ENTERPRISE, Level.PARK])),
        settled=Count("pk", filter=Q(outcome__in=[Outcome.AGREEMENT, Outcome.NO_AGREEMENT])),
        open=Count("pk", filter=Q(outcome="", status__in=["reported", "accepted", "investigating", "mediating"])),
    )
    figures["success_rate"] = figures["agreement"] / figures["concluded"] if figures["concluded"] else None
    return figures


def summary() -> list[str]:
    """One line per station for the demo command, counted from the records."""
    lines = []
    for station in Station.objects.order_by("code"):
        figures = station_figures(station)
        if not figures["total"]:
            continue
        rate = figures["success_rate"]
        lines.append(
            _("%(station)s — disputes: %(total)s, still in mediation %(open)s; settled by agreement %(agreement)s "
              "of %(concluded)s concluded (success rate %(rate)s), withdrawn %(withdrawn)s; settled within the "
              "enterprise or park: %(low_level)s of %(settled)s.")
            % {**figures, "station": station.name, "rate": f"{rate:.1%}" if rate is not None else "—"}
        )
    return lines
