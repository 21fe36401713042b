"""Demo requests (诉求): five months of enterprise requests at both demo stations, in every state.

Every request is acted out through the request services by whoever would act in real use: the
enterprise's liaison on the portal (only enterprises with a liaison account can use it), the park's
officer or auxiliary for requests that came by phone, on a visit or as an incident transfer, the
called-in departments on their own tasks, the supervisor on returned requests. Deadlines, on-time
flags, escalations and the timeline are therefore the services' own work.

Only the clock moves. The whole history is planned first (seeded), sorted by time and replayed in
that order with ``django.utils.timezone.now`` set to each action's moment, and the escalation job
runs at its production ticks (less the runs that would find nothing to escalate: ``core.replay``).
The audit log keeps the real clock, so the chain stays in step with its sequence: it records when the
rows were written, the requests record when things happened.

No figure is stored: :func:`station_figures` counts the records.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Avg, Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jingqi.catalog.models import ServiceItem
from jingqi.core.replay import EscalationTicks, replayed_time
from jingqi.core.workcalendar import WorkCalendar
from jingqi.registry.demo import PUBLISHED_STATION, published_year
from jingqi.registry.models import Station

from . import services
from .choices import OPEN_STATUSES, Channel, Outcome
from .models import Ticket, TicketTask

# Requests per station at full scale, over about five months.
TARGETS = {"ZZ-MJH": 60, "SZ-YX": 40}
HISTORY_DAYS = 150
# Shengzhou's published year (``registry.demo.published_year``) at full scale, every request finished within it:
# (how it came, how it ended) → how many. 480 solved as asked ("470+"); with the 40 that ended otherwise, a
# resolution rate of 92.3 %, the 12345 enterprise hotline's. The portal's requests come from the liaisons, who rate
# most of them (PUBLISHED_RATINGS).
PUBLISHED_REQUESTS = {
    ("portal", Outcome.RESOLVED): 56, ("portal", Outcome.RESOLVED_NOT_AS_ASKED): 2,
    ("portal", Outcome.NOT_OUR_RESPONSIBILITY): 1, ("portal", "rejected"): 1,
    ("police", Outcome.RESOLVED): 424, ("police", Outcome.RESOLVED_NOT_AS_ASKED): 16,
    ("police", Outcome.NOT_OUR_RESPONSIBILITY): 14, ("police", "rejected"): 6,
}
# The ratings of the portal's requests the liaisons rated (52 of 55 rated 4 or 5: 94.5 %, as the hotline's), how
# many were answered late (of 520: 99.8 %) and how many resolved after their deadline.
PUBLISHED_RATINGS = {5: 38, 4: 14, 3: 2, 2: 1}
PUBLISHED_LATE = {"response": 1, "resolution": 28}
ESCALATION_EVERY = timedelta(minutes=10)  # as the production job (tasks.escalate_overdue_requests)


# --- what enterprises ask for ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    """One kind of request, with what each party writes along the way. ``{n}``, ``{k}``, ``{amount}`` and
    ``{road}`` are filled per request."""

    item: str | None  # service item code; None: no directory item, ``kind`` says what it is
    title: str
    description: str
    resolution: str  # the officer's note when it is resolved as asked
    departments: tuple[tuple[str, str], ...] = ()  # (department slug, the department's reply)
    onsite: bool = False  # the police, and departments called in, go on site
    not_as_asked: str = ""  # the note when it is resolved, but not as asked
    profiles: tuple[str, ...] = ()  # enterprise profiles it suits; empty: any
    incident: bool = False  # usually reaches the police as an incident transfer or a call
    kind: str = ""  # when there is no item
    referred_to: str = ""  # the body it belongs to, when it turns out not to be the station's to solve


STORIES = (
    Story("KG-01", "新建厂房投产前申请治安、消防联合检查",
          "我司{road}新建厂房约{n}00平方米，计划下月投产，申请开工前治安、消防联合安全检查，请告知检查时间和需准备的材料。",
          "联合检查已完成，发现的问题已复查销号，企业可按计划投产。",
          (("fire", "已会同民警完成联合检查，发现疏散指示标志缺失{k}处、灭火器过期{k}具，已开具整改通知，"
                    "三日后复查已整改到位。"),),
          onsite=True),
    Story("KG-02", "咨询新公司开工需办理哪些涉公安事项",
          "公司刚完成工商登记，准备下月开工生产，想了解涉及公安的备案、许可事项和办理顺序。",
          "已一次性告知印章刻制备案、保安员招用备案、员工住宿登记和内部治安保卫制度要求，并发送办事指南。"),
    Story("KG-03", "新设分公司印章刻制备案如何办理",
          "我司在园区新设分公司，需要刻制公章、财务章和合同章，请问备案怎么办理、需要哪些材料？",
          "已告知可在政务服务网在线办理印章刻制备案，企业当日已提交，备案已完成。"),
    Story("KG-04", "厂区扩建吊装需临时占用{road}半幅道路",
          "我司扩建工程需吊装钢结构，计划临时占用{road}半幅道路约{k}天，请协调交通组织和占道审批。",
          "交通组织方案已确定，占道手续已办结，吊装当天民警到场维护秩序。",
          (("enforcement", "已现场核定占道范围和围挡设置要求，占道手续已办理，施工期间每日巡查。"),),
          onsite=True,
          not_as_asked="占道时间按规定压缩为夜间20时至次日6时，白天须恢复通行；企业已调整吊装计划。"),
    Story("KG-06", "施工现场有人阻挠施工、强揽土方工程",
          "我司厂房基础施工期间，连续{k}天有数名社会人员到场阻挠施工车辆进出，要求承揽土方运输，影响工期。",
          "民警已依法对阻工人员进行训诫，施工恢复正常，该路段纳入重点巡逻。",
          (("enforcement", "已对现场违规停放的工程车辆依法处理，并告知相关人员不得干扰施工。"),),
          onsite=True, incident=True),
    Story("SS-01", "上市尽调需开具董事、高管无犯罪记录证明",
          "公司拟申报上市，保荐机构要求提供{k}名董事、高管的无犯罪记录证明，人员户籍分属不同地区，请指导办理。",
          "本辖区户籍和居住人员的证明已开具，企业已领取。",
          not_as_asked="本所只能为本辖区户籍或居住人员开具证明；外地户籍的人员已告知向户籍地公安机关线上申请，并协助联系。",
          profiles=("appliance", "energy", "tech", "heavy")),
    Story("SS-02", "上市辅导期申请合规风险排查",
          "公司进入上市辅导期，申请对公司及主要子公司开展涉公安、市场监管领域的合规风险排查，并出具情况说明。",
          "涉公安和市场监管领域情况说明均已出具，企业已领取。",
          (("market", "经查询，企业近三年无市场监管领域行政处罚记录，已出具情况说明。"),),
          profiles=("appliance", "energy", "tech", "heavy")),
    Story("SS-04", "员工持股平台经济犯罪风险防范咨询",
          "公司准备设立员工持股平台并实施股权激励，想了解职务侵占、挪用资金等方面需要防范的风险。",
          "已安排经侦民警上门讲解职务侵占、挪用资金等风险点和内控建议，并提供典型案例材料。"),
    Story("RC-01", "新引进{k}名研发人员申请落户",
          "公司新引进{k}名硕士研发人员，希望将户口落在园区集体户，请协助办理。",
          "落户手续已办结，{k}人已落入园区集体户。",
          (("labour", "已审核人才认定材料，{k}人符合人才引进落户条件。"),)),
    Story("RC-02", "为新入职的{n}名外地员工集体办理居住证",
          "公司本月新入职外地员工{n}人，三班倒无法到窗口排队，希望统一申报办理居住证。",
          "民警已上门集中采集信息，居住证已全部制证并送达企业。", onsite=True),
    Story("RC-04", "外籍工程师入住企业公寓如何办理住宿登记",
          "设备厂家{k}名外籍工程师下周来厂调试设备，入住我司员工公寓，需要怎么办理住宿登记？",
          "已指导企业在入住24小时内通过境外人员住宿登记系统申报，并开通了企业账号。"),
    Story("RC-05", "咨询外地员工子女随迁落户政策",
          "有员工咨询，在园区工作满两年后，子女能否随迁落户、需要什么条件。",
          "已告知随迁落户条件和所需材料，并提供窗口办理时间。"),
    Story("CX-01", "发现网店销售假冒我司商标的产品",
          "我司发现多家网店销售假冒我司注册商标的产品，价格仅为正品三成，已影响销售和品牌声誉，请求查处。",
          "市场监管部门已立案查处，查扣侵权产品{n}件，涉嫌犯罪部分已移送经侦部门。",
          (("market", "已对线索涉及的本地生产窝点开展检查，查扣侵权产品{n}件，已立案调查。"),),
          profiles=("appliance", "tech", "light")),
    Story("CX-02", "离职技术人员涉嫌带走核心技术资料",
          "公司一名技术骨干离职后加入同行企业，我们发现其离职前大量拷贝图纸和工艺文件，怀疑侵犯商业秘密。",
          "已指导企业固定证据，经初查符合立案条件，经侦部门已受理。",
          (("market", "已对涉事企业开展商业秘密侵权调查，调取相关产品资料比对。"),),
          profiles=("tech", "heavy", "energy"),
          not_as_asked="经初查，现有证据不足以认定构成侵犯商业秘密罪，已指导企业通过民事诉讼维权，并协助保全证据。"),
    Story("CX-05", "公司服务器遭勒索病毒攻击",
          "今天上午公司财务和生产管理服务器文件被加密，对方索要赎金，生产排程已受影响，请求处置。",
          "网安民警已到场固定证据，指导隔离受感染主机并从备份恢复数据，案件已受理侦查。",
          onsite=True, incident=True, profiles=("tech", "appliance", "energy", "heavy")),
    Story("PA-01", "自行招用保安员如何备案",
          "公司准备自行招用{k}名保安员负责门卫和夜间巡查，请问备案流程和保安员条件。",
          "已告知备案流程和保安员资格条件，企业已完成备案。"),
    Story("PA-03", "仓库物资短少，怀疑内部人员盗窃",
          "盘点发现仓库铜材短少约{n}公斤，监控显示夜班有人多次进出，怀疑内部人员作案。",
          "已立案侦查，嫌疑人（本企业员工）已到案，追回大部分被盗物资，已指导企业完善出入库管理。",
          onsite=True, incident=True, profiles=("heavy", "logistics", "energy")),
    Story("PA-04", "新员工入职培训申请反诈宣传",
          "公司下周有{n}名新员工入职培训，希望民警利用培训时间讲一堂反诈课。",
          "已利用非生产时间开展反诈宣传，{n}名员工参加，并指导安装国家反诈中心APP。", onsite=True),
    Story("PA-05", "财务人员被冒充老板诈骗转账，请求紧急止付",
          "财务人员被冒充董事长的聊天账号诈骗，向对方账户转账{amount}万元，发现后立即报警，请求紧急止付。",
          "已通过反诈中心对涉案账户紧急止付，被骗资金已全部冻结，案件已立案侦查。",
          incident=True,
          not_as_asked="已对涉案账户紧急止付，但部分资金在报警前已被转移，仅冻结一部分；其余资金继续追查。"),
    Story("PA-06", "长假期间厂区安保指导",
          "即将到来的长假期间厂区停产{k}天，只留少量值班人员，请民警指导安保安排，并将厂区纳入巡逻。",
          "已现场查看厂区重点部位并提出值守建议，假期间厂区纳入义警夜间巡逻路线。", onsite=True),
    Story("PA-08", "厂区门口下班时段摊贩聚集、车辆乱停",
          "下班时段厂区门口{road}两侧流动摊贩聚集，车辆乱停，员工进出和货车通行不便，夜间还有人员滋事。",
          "周边秩序已整治，警务室将该路段纳入下班时段巡逻路线。",
          (("enforcement", "已对占道经营摊贩进行劝离，划定临时疏导点，安排队员下班时段巡查。"),),
          onsite=True, referred_to="属地街道办事处"),
    Story("PA-09", "消费者以质量问题索赔{amount}万元并威胁网络曝光",
          "一名消费者称购买的我司产品存在质量问题导致财产损失，索赔{amount}万元，否则将在网络上曝光，提供的检测报告疑似伪造。",
          "经核查系虚假维权，当事人涉嫌敲诈勒索已被依法处理，企业损失已避免。",
          (("market", "经核查，消费者提供的检测报告编号在出具机构系统中不存在，系伪造。"),),
          profiles=("appliance",), incident=True),
    Story("PA-10", "仓库消防设施老化，申请检查指导",
          "公司仓库建成已十年，消防设施老化，申请消防安全检查，并指导隐患整改。",
          "消防检查和复查已完成，隐患已整改销号。",
          (("fire", "检查发现{k}处隐患，已当场整改{k}处中的大部分，其余限期整改，复查已合格。"),),
          onsite=True),
    Story("YG-01", "{n}名员工因加班费结算与公司发生纠纷",
          "{n}名一线员工认为上月加班费少算，今天上午停工聚集在办公楼前，请求协助调解。",
          "调解成功，企业已按协议补发加班费，员工恢复正常生产。",
          (("labour", "已核查考勤和工资台账，企业少计加班费，已责令按规定补发。"),
           ("justice", "已组织劳资双方调解，达成补发协议，双方签字确认。")),
          onsite=True, incident=True, profiles=("heavy", "light", "appliance", "logistics"),
          not_as_asked="加班费已按规定标准补发；员工提出的额外补偿不符合规定，已说明依据，双方接受调解结果。"),
    Story("YG-02", "承建厂房的施工队拖欠农民工工资，有人聚集讨薪",
          "承建我司厂房的施工队拖欠{n}名农民工工资，有人在厂门口聚集讨薪，影响正常生产。",
          "已督促施工总包单位支付拖欠工资，农民工已离场，企业生产恢复正常。",
          (("labour", "已约谈施工总包单位，拖欠工资已从工资保证金中支付到位。"),),
          onsite=True, incident=True, referred_to="住房和城乡建设局（建筑市场监管）"),
    Story("YG-04", "拟招聘仓库管理员和出纳，咨询岗前背景核查",
          "我司拟招聘{k}名仓库管理员和出纳，想了解岗前背景核查的办理方式和岗位适配建议。",
          "已在依法范围内出具岗位适配建议，并提醒企业须取得应聘人员书面授权。"),
    Story("YG-05", "员工集体宿舍治安、消防管理指导",
          "公司新租用员工宿舍一栋，入住约{n}人，请民警和消防部门指导治安、消防管理。",
          "宿舍治安、消防检查已完成，已指导建立住宿登记和电动车集中充电制度。",
          (("fire", "已检查宿舍消防设施，发现电动车楼道充电问题，已指导设置集中充电区。"),),
          onsite=True),
    Story("TX-01", "大型设备运输需通过限重桥梁和限高路段",
          "我司新购一台约{big}吨的大型设备，进厂需经{road}，沿线一座小桥限重30吨、一处涵洞限高4.5米，请协调运输通行方案。",
          "通行方案已落实，设备已于夜间顺利运抵厂区。",
          (("transport", "已核定绕行路线并办理超限运输许可，通行时段为夜间0时至5时。"),
           ("enforcement", "已协调临时移除沿线占道设施，运输当晚派员配合。")),
          onsite=True, profiles=("heavy", "energy", "logistics")),
    Story("TX-04", "申请{k}辆货车城区通行证",
          "我司配送货车需白天进入城区给客户送货，申请办理{k}辆货车的城区通行证。",
          "已协助企业提交材料，{k}辆货车的城区通行证已办结。",
          not_as_asked="按规定只能办理错峰时段通行证，早晚高峰不得进入城区；企业已调整配送时间。",
          profiles=("logistics", "appliance", "light")),
    Story("TX-05", "厂区门口缺少红绿灯，货车进出险情多",
          "厂区门口{road}车流量大，没有信号灯，货车进出时险情不断，请求增设信号灯或减速设施。",
          "交通运输部门已在路口增设减速带和警示标志，民警在上下班高峰到场疏导。",
          (("transport", "已现场勘察，先行增设减速带和警示标志，信号灯纳入明年建设计划。"),),
          onsite=True, referred_to="住房和城乡建设局",
          not_as_asked="信号灯需纳入明年建设计划，近期先行增设减速带、警示标志并安排高峰疏导。"),
    Story("ZH-02", "查询我司报案的被盗案件办理进度",
          "我司上月报案的仓库被盗案件，想了解目前的办理进度。",
          "已告知案件进展：嫌疑人已锁定，正在追赃，后续进展将及时告知。"),
    Story(None, "咨询企业法律顾问能否代为报案",
          "公司遇到合同诈骗，想委托法律顾问代为报案，请问需要哪些手续？",
          "已告知单位报案可由授权代理人办理，并列明授权委托书和证据材料要求。", kind="consultation"),
)

# Asked for, but not something the station can take on.
REJECTED = (
    (Story(None, "请求民警出面追讨客户拖欠货款",
           "客户拖欠我司货款{amount}万元已逾期半年，多次催讨无果，请求派出所出面帮忙追讨。", "", kind="appeal"),
     "经核实，所述事项是企业与客户之间的货款纠纷，属于民事纠纷，公安机关不能介入追讨；已告知企业可通过诉讼或仲裁解决，"
     "如发现对方有诈骗行为可再报案。"),
    (Story(None, "测试", "测试", "", kind="consultation"),
     "诉求内容没有具体事项，经电话联系企业，确认是联络人试用系统时误提交。"),
    (Story(None, "要求派出所调查竞争对手的经营情况",
           "同行企业近期大量挖我司客户，怀疑有不正当竞争，请派出所调查对方的客户和报价情况。", "", kind="appeal"),
     "调查其他企业的经营信息不属于公安机关职责；如有商业秘密被侵犯的证据，可按商业秘密侵权报案事项提交。"),
)

REFERRED = "经核实，该事项由{unit}负责，不属于公安机关和驻点部门的职责，已将诉求转交{unit}，并告知企业对接方式。"
DUPLICATE = "同一事项贵司已于{date}提交（{reference}），正在合并办理，本件不再重复处理。"

ACCEPT_COMMENTS = (
    "已受理，责任民警今天会联系贵司对接。", "已受理，我们会尽快联系相关部门，请保持电话畅通。",
    "已受理，请补充相关材料的照片或扫描件，以便尽快办理。",
)
CONFIRM_COMMENTS = ("材料已补充，请查收。", "好的，我们等通知。", "联系人电话有变，请联系行政部。")
HIGH_RATING_COMMENTS = (
    "响应及时，服务周到。", "民警上门服务，省了很多麻烦。", "吹哨即到，点赞！", "", "", "处理结果满意，谢谢。",
    "各部门配合很顺畅。",
)
MIDDLE_RATING_COMMENTS = ("问题解决了，但等待时间有点长。", "", "结果可以接受。")
LOW_RATING_COMMENTS = (
    "问题虽已处理，但拖了很久才解决，效率有待提高。", "处理结果不满意，员工的诉求没有真正解决。",
)
REOPEN_REASONS = (
    "整治后一周，摊贩和乱停车又回来了，问题没有根本解决。", "出具的材料中有一处信息不对，需要重新办理。",
    "部门答复的方案还没有落实，请继续跟进。",
)


# --- the plan ------------------------------------------------------------------------------------------


@dataclass
class Step:
    at: datetime
    action: str
    actor: str  # user name
    args: dict = field(default_factory=dict)


@dataclass
class PlannedRequest:
    station: str
    enterprise: str  # the registry plan's enterprise ref
    channel: str
    story: Story
    values: dict
    label: str = ""  # names the showcase requests, e.g. "oversize"
    steps: list[Step] = field(default_factory=list)


@dataclass
class Fate:
    """How one request goes. The stages after ``stop`` (if given) have not happened yet."""

    outcome: str = Outcome.RESOLVED
    reject: str = ""  # the reason, when it is rejected instead of handled
    stop: str = ""  # "submitted", "accepted", "whistled", "resolved", "reopened", or "" for the whole way
    open_tasks: int = 0  # departments not done yet (with stop="whistled")
    due_days: int | None = None  # the departments' deadline in working days
    late_response: bool = False
    late_resolution: bool = False
    late_task: bool = False
    hurry: bool = False  # resolved within about two working days (the showcase and the recent ones)
    confirm: bool = True  # the enterprise confirms (closes) itself; else the officer closes after a call
    reopen: str = ""  # the enterprise's reason, when it reopens after the first resolution
    rating: int | None = None
    rating_comment: str = ""
    duplicate_of: int | None = None  # index of the earlier request it repeats
    supervisor_note: str = ""  # what the supervisor notes on a request returned to them


@dataclass
class DemoContext:
    """What the tickets demo needs from the loaded registry demo."""

    plan: object  # registry.demo.Plan
    users: dict
    scopes: dict

    @classmethod
    def from_loader(cls, loader) -> "DemoContext":
        return cls(loader.plan, loader.users, loader.scopes)


class _Request:
    """Collects one request's actions in order, each after the one before, and stops at the present."""

    def __init__(self, planner: "Planner", planned: PlannedRequest, start: datetime):
        self.planner, self.planned, self.t = planner, planned, start
        self.cut = False

    def at(self, when: datetime) -> "_Request":
        self.t = max(when, self.t + timedelta(minutes=1)).replace(microsecond=0)
        return self

    def work(self, hours: float) -> "_Request":
        """``hours`` of business time later (people at work act in office hours)."""
        return self.at(self.planner.working(self.t, hours))

    def wait(self, hours: float, *, daytime: bool = True) -> "_Request":
        """``hours`` of calendar time later; an enterprise's staff act between 08:00 and 22:00."""
        when = timezone.localtime(self.t + timedelta(hours=hours))
        if daytime and not 8 <= when.hour < 22:
            day = when.date() + timedelta(days=1) if when.hour >= 22 else when.date()
            when = datetime.combine(day, time(8), tzinfo=when.tzinfo) + timedelta(
                minutes=self.planner.rng.randint(5, 90))
        return self.at(when)

    def do(self, action: str, actor: str, **args) -> None:
        if self.t >= self.planner.cutoff:
            self.cut = True
        if not self.cut:
            self.planned.steps.append(Step(self.t, action, actor, args))

    def branch(self) -> "_Request":
        """A line of actions that runs alongside this one from now on (a department's task)."""
        twin = _Request(self.planner, self.planned, self.t)
        twin.cut = self.cut
        return twin

    def join(self, branches: list["_Request"]) -> None:
        """Carry on when the last of ``branches`` is through."""
        self.at(max(b.t for b in branches))
        self.cut = self.cut or any(b.cut for b in branches)


class Planner:
    """Decides every request and every action on it from a seed, reading but never writing."""

    def __init__(self, context: DemoContext, *, seed: int, scale: float, now: datetime):
        self.context, self.scale, self.now = context, scale, now
        self.cutoff = now - timedelta(minutes=1)
        self.rng = random.Random(f"{seed}:tickets")
        self.calendar = WorkCalendar()
        self.items = {item.code: item for item in ServiceItem.objects.all()}
        self.requests: list[PlannedRequest] = []
        self.intervals = None

    # --- time ---

    def working(self, start: datetime, hours: float) -> datetime:
        return self.calendar.add_working_hours(start, hours, self.intervals).at

    def workday_back(self, count: int) -> date:
        """The ``count``-th working day before today."""
        day = timezone.localdate(self.now)
        while count:
            day -= timedelta(days=1)
            count -= self.calendar.is_workday(day)
        return day

    def moment(self, day: date, hour: int, minute: int) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def office_hours(self, day: date) -> datetime:
        while not self.calendar.is_workday(day):
            day += timedelta(days=1)
        start = timezone.make_aware(datetime.combine(day, time(0)))
        return self.working(start, self.rng.uniform(0.1, 7.3)).replace(microsecond=0)

    def any_hour(self, day: date, first: int = 7, last: int = 22) -> datetime:
        return self.moment(day, self.rng.randint(first, last - 1), self.rng.randrange(60))

    # --- people ---

    def setting(self, code: str):
        return next(s for s in self.context.plan.settings if s.spec.station_code == code)

    def police_of(self, setting, enterprise) -> tuple[str, str]:
        """The officer and the auxiliary of the office that serves the enterprise's park."""
        spec = setting.spec
        office = next(p.office for p in spec.parks if p.code == enterprise.park)
        suffix = next(o.suffix for o in spec.offices if o.code == office)
        return f"{spec.prefix}_officer{suffix}", f"{spec.prefix}_auxiliary{suffix}"

    def liaisons(self, setting) -> dict[str, object]:
        """Liaison user name → the planned enterprise it speaks for."""
        refs = {u.username: u.scope[1] for u in setting.users if u.scope and u.scope[0] == "enterprise"}
        by_ref = {e.ref: e for e in setting.enterprises}
        return {username: by_ref[ref] for username, ref in refs.items()}

    def values(self, enterprise, setting) -> dict:
        roads = next(p.roads for p in setting.spec.parks if p.code == enterprise.park)
        return {"n": self.rng.randint(12, 90), "k": self.rng.randint(2, 6), "amount": self.rng.randint(3, 60),
                "big": self.rng.randint(45, 120), "road": self.rng.choice(roads)}

    def fitting(self, enterprise, stories=STORIES) -> list[Story]:
        return [s for s in stories if not s.profiles or enterprise.profile in s.profiles]

    # --- one request's life ---

    def request(self, setting, enterprise, story: Story, channel: str, start: datetime, fate: Fate,
                submitter: str, label: str = "") -> PlannedRequest:
        spec = setting.spec
        planned = PlannedRequest(spec.station_code, enterprise.ref, channel, story,
                                 self.values(enterprise, setting), label)
        officer, auxiliary = self.police_of(setting, enterprise)
        liaison = submitter if submitter not in (officer, auxiliary) else None
        handler = officer if self.rng.random() < 0.75 else auxiliary
        item = self.items.get(story.item)
        response_hours = item.response_limit_hours if item else settings.TICKET_DEFAULT_RESPONSE_HOURS
        resolution_days = item.resolution_limit_days if item else settings.TICKET_DEFAULT_RESOLUTION_DAYS
        r = _Request(self, planned, start)
        rng = self.rng

        r.do("submit", submitter)
        if fate.stop == "submitted":
            return self._keep(planned)
        if liaison:
            late = response_hours * rng.uniform(1.3, 3) + 1
            r.work(late if fate.late_response else response_hours * rng.uniform(0.05, 0.8))
        else:
            r.wait(rng.uniform(0.05, 0.4), daytime=False)  # recorded by the officer who took the call
        if fate.reject:
            r.do("reject", handler, reason=fate.reject)
            return self._keep(planned)
        r.do("accept", handler)
        if liaison and rng.random() < 0.5:
            r.wait(rng.uniform(0.02, 0.2), daytime=False)
            r.do("comment", handler, text=rng.choice(ACCEPT_COMMENTS))
            if rng.random() < 0.4:
                r.wait(rng.uniform(0.5, 5))
                r.do("comment", liaison, text=rng.choice(CONFIRM_COMMENTS))
        if fate.stop == "accepted":
            return self._keep(planned)
        self._handle(r, story, fate, handler, resolution_days)
        if fate.stop in ("whistled", "resolved") or r.cut:
            return self._keep(planned)
        if fate.reopen and liaison:
            r.wait(rng.uniform(20, 100))
            r.do("reopen", liaison, reason=fate.reopen)
            if fate.supervisor_note:
                r.work(rng.uniform(0.3, 3))
                r.do("comment", f"{spec.prefix}_supervisor", text=fate.supervisor_note, internal=True)
            r.work(rng.uniform(0.5, 4))
            r.do("comment", handler, text="已收到，我们会再次组织处理，并在三个工作日内回复。")
            if fate.stop == "reopened":
                return self._keep(planned)
            r.work(rng.uniform(6, 20))
            r.do("resolve", handler, outcome=Outcome.RESOLVED, note="已再次组织处理并现场复核，问题已解决。")
        if liaison and fate.confirm:
            r.wait(rng.uniform(1, 60))
            r.do("close", liaison)
        else:
            r.work(rng.uniform(4, 24))  # the officer calls back (回访) before closing
            r.do("close", handler)
        if liaison and fate.rating is not None:
            r.wait(rng.uniform(0.01, 0.3) if rng.random() < 0.7 else rng.uniform(2, 30))
            r.do("rate", liaison, rating=fate.rating, comment=fate.rating_comment)
            if fate.rating <= 2 and fate.supervisor_note:
                r.work(rng.uniform(0.5, 6))
                r.do("comment", f"{spec.prefix}_supervisor", text=fate.supervisor_note, internal=True)
        return self._keep(planned)

    def _handle(self, r: _Request, story: Story, fate: Fate, handler: str, resolution_days: int) -> None:
        """From acceptance to resolution: on site, departments called in, their replies."""
        rng, prefix = self.rng, self.setting(r.planned.station).spec.prefix
        # A duplicate or someone else's matter is told apart at the desk: nobody goes out, nobody is called in.
        handled = fate.outcome in (Outcome.RESOLVED, Outcome.RESOLVED_NOT_AS_ASKED)
        if story.onsite and handled:
            r.work(rng.uniform(0.3, 2.5))
            r.do("arrive", handler)
        budget = 14 if fate.hurry else resolution_days * 7.5
        if story.departments and handled:
            r.work(rng.uniform(0.1, 1.5))
            due_days = fate.due_days or rng.choice((2, 3, 3, 5))
            r.do("whistle", handler, slugs=[slug for slug, _reply in story.departments], due_days=due_days,
                 note="请按职责到场或答复，并在期限内回复处理意见。")
            branches = []
            for position, (slug, reply) in enumerate(story.departments):
                task = r.branch()
                branches.append(task)
                department = f"{prefix}_dept_{slug}"
                task.work(rng.uniform(0.2, 2))
                task.do("task_accept", department, slug=slug)
                if story.onsite:
                    task.work(rng.uniform(0.3, 3))
                    task.do("task_arrive", department, slug=slug)
                if position >= len(story.departments) - fate.open_tasks:
                    continue  # not replied yet
                span = due_days * 7.5
                task.work(span * rng.uniform(1.2, 2) + 8 if fate.late_task else
                          min(span * rng.uniform(0.2, 0.9), 8 if fate.hurry else span))
                task.do("task_done", department, slug=slug, reply=reply)
            r.join(branches)
            if fate.stop == "whistled" or fate.open_tasks:
                r.cut = True
                return
            r.work(rng.uniform(0.5, 6) + (resolution_days * 7.5 + 8 if fate.late_resolution else 0))
        else:
            r.work(budget * rng.uniform(1.25, 2) + 8 if fate.late_resolution else budget * rng.uniform(0.05, 0.8))
        note = {
            Outcome.RESOLVED: story.resolution,
            Outcome.RESOLVED_NOT_AS_ASKED: story.not_as_asked,
            Outcome.NOT_OUR_RESPONSIBILITY: REFERRED.format(unit=story.referred_to or "属地街道办事处"),
            Outcome.DUPLICATE: DUPLICATE,
        }[fate.outcome]
        r.do("resolve", handler, outcome=fate.outcome, note=note, duplicate_of=fate.duplicate_of)

    def _keep(self, planned: PlannedRequest) -> PlannedRequest:
        if planned.steps:
            self.requests.append(planned)
        return planned

    # --- the requests of one station ---

    def showcase(self, setting) -> None:
        """One request in every state, at fixed distances from today, so each state is always there."""
        rng = self.rng
        liaisons = self.liaisons(setting)
        (name_a, a), (name_b, b) = sorted(liaisons.items())
        others = [e for e in setting.enterprises if e.sampled and e.ref not in {a.ref, b.ref}] or [a]
        station = setting.spec.station_code
        portal = Channel.PORTAL

        def story(code):
            return next(s for s in STORIES if s.item == code)

        def police(enterprise):
            return self.police_of(setting, enterprise)[0]

        def other(*codes):
            """A sampled enterprise (and a story) for a request the police record."""
            enterprise = rng.choice(others)
            fitting = [s for s in self.fitting(enterprise) if s.item in codes] or [story(codes[0])]
            return enterprise, rng.choice(fitting)

        # Closed and rated 5: the station's showcase of departments called in.
        if station == "SZ-YX":
            self.oversize(setting, name_a, a)
        else:
            self.request(setting, b, story("YG-01"), portal, self.moment(self.workday_back(16), 9, 5),
                         Fate(hurry=True, rating=5, rating_comment="调解及时，员工当天就复工了。"), name_b,
                         label="called_in")
        # Submitted a moment ago, and submitted days ago with nobody accepting it (overdue).
        self.request(setting, a, rng.choice(self.fitting(a)), portal, self.now - timedelta(minutes=35),
                     Fate(stop="submitted"), name_a, label="fresh")
        self.request(setting, b, story("TX-04"), portal, self.moment(self.workday_back(3), 16, 20),
                     Fate(stop="submitted"), name_b, label="unanswered")
        # Accepted yesterday, still being worked on.
        enterprise, chosen = other("PA-06", "RC-02", "YG-05", "PA-04")
        self.request(setting, enterprise, chosen, Channel.PHONE, self.moment(self.workday_back(1), 15, 10),
                     Fate(stop="accepted"), police(enterprise), label="accepted")
        # In progress: one department has replied, the other not yet (not late).
        enterprise = rng.choice([e for e in others if e.profile in ("heavy", "energy", "logistics")] or others)
        self.request(setting, enterprise, story("TX-01"), Channel.VISIT, self.moment(self.workday_back(2), 9, 40),
                     Fate(stop="whistled", open_tasks=1, due_days=4, hurry=True), police(enterprise),
                     label="in_progress")
        # In progress and late: the department's deadline passed a week ago.
        enterprise, chosen = other("YG-01")
        self.request(setting, enterprise, chosen, Channel.INCIDENT_TRANSFER,
                     self.moment(self.workday_back(10), 10, 25),
                     Fate(stop="whistled", open_tasks=1, due_days=2, hurry=True), police(enterprise),
                     label="task_overdue")
        # Resolved, waiting for the enterprise's confirmation: not as asked, and not ours.
        self.request(setting, a, story("SS-01") if a.listed else story("TX-05"), portal,
                     self.moment(self.workday_back(5), 10, 0),
                     Fate(stop="resolved", outcome=Outcome.RESOLVED_NOT_AS_ASKED, hurry=True), name_a,
                     label="not_as_asked")
        enterprise, chosen = other("TX-05", "PA-08", "YG-02")
        self.request(setting, enterprise, chosen, Channel.PHONE, self.moment(self.workday_back(4), 14, 30),
                     Fate(stop="resolved", outcome=Outcome.NOT_OUR_RESPONSIBILITY, hurry=True), police(enterprise),
                     label="referred")
        # The same request twice: on the portal, then by phone to the office; the second is a duplicate.
        chosen = rng.choice([s for s in self.fitting(a) if not s.departments and s.item])
        original = len(self.requests)
        start = self.moment(self.workday_back(12), 9, 15)
        self.request(setting, a, chosen, portal, start, Fate(hurry=True, rating=5), name_a, label="original")
        self.request(setting, a, chosen, Channel.PHONE, start + timedelta(hours=2, minutes=10),
                     Fate(outcome=Outcome.DUPLICATE, duplicate_of=original, hurry=True, confirm=False),
                     police(a), label="duplicate")
        # Rated low, so it went back to the supervisor.
        self.request(setting, b, story("PA-08"), portal, self.moment(self.workday_back(25), 11, 0),
                     Fate(late_resolution=True, rating=2, rating_comment=LOW_RATING_COMMENTS[0],
                          supervisor_note="已回访企业，向企业说明情况；已要求警务室对类似诉求当天联系企业。"),
                     name_b, label="low_rating")
        # Rejected with a reason the enterprise can read.
        rejected, reason = REJECTED[0]
        self.request(setting, b, rejected, portal, self.moment(self.workday_back(8), 10, 45),
                     Fate(reject=reason), name_b, label="rejected")
        # Reopened by the enterprise: still open, and reopened once then closed.
        self.request(setting, b, story("PA-08"), portal, self.moment(self.workday_back(7), 9, 30),
                     Fate(hurry=True, reopen=REOPEN_REASONS[0], stop="reopened",
                          supervisor_note="请警务室会同执法中队本周内再次整治，并每天下班时段巡查。"),
                     name_b, label="reopened")
        self.request(setting, a, story("RC-02"), portal, self.moment(self.workday_back(20), 14, 0),
                     Fate(hurry=True, reopen=REOPEN_REASONS[1], rating=4, rating_comment="第二次处理很及时。"),
                     name_a, label="reopened_closed")

    def oversize(self, setting, username: str, enterprise) -> None:
        """Shengzhou: an 86-ton press cannot cross the park bridge (TX-01), solved within 48 hours."""
        story = Story(
            "TX-01", "86吨压力机无法通过园区桥梁，请求协调运输通行",
            "我司为新生产线购置的一台86吨四柱液压机（连同运输车辆总重约118吨），计划下周由宁波港运抵厂区。运输公司勘察后"
            "告知，进厂必经的剡兴路园区桥梁限重40吨，设备无法通过。请协调通行方案或临时措施，确保设备按期进场安装。",
            "通行方案已确定并告知企业：绕行新质大道、丹桂路，由厂区北门进场；运输当晚民警、交通运输和综合执法人员现场保障。",
            (("transport", "经现场勘察，剡兴路桥梁设计荷载不满足要求，不宜临时加固通行。已核定绕行方案："
                           "经新质大道—丹桂路进入厂区北门，全程避开桥梁；超限运输许可已办理，通行时段为凌晨0时至5时。"),
             ("enforcement", "已协调临时拆除丹桂路北门口隔离护栏及两处占道广告牌，运输当晚派员现场维持秩序，"
                             "设备进场后当日恢复。")),
            onsite=True,
        )
        spec = setting.spec
        officer = self.police_of(setting, enterprise)[0]
        day = self.workday_back(18)
        while not (self.calendar.is_workday(day) and self.calendar.is_workday(day + timedelta(days=1))):
            day -= timedelta(days=1)  # the departments reply on the next day: a working day too
        next_day = day + timedelta(days=1)
        planned = PlannedRequest(spec.station_code, enterprise.ref, Channel.PORTAL, story, {}, "oversize")
        planned.steps = [
            Step(self.moment(day, 9, 40), "submit", username),
            Step(self.moment(day, 10, 2), "accept", officer),
            Step(self.moment(day, 10, 5), "comment", officer,
                 {"text": "已受理。今天下午民警会同交通运输、综合执法部门到现场勘察。"}),
            Step(self.moment(day, 10, 12), "whistle", officer,
                 {"slugs": ["transport", "enforcement"], "due_days": 2,
                  "note": "请今天下午到剡兴路桥梁现场勘察，提出大件设备运输通行方案。"}),
            Step(self.moment(day, 10, 40), "task_accept", f"{spec.prefix}_dept_transport", {"slug": "transport"}),
            Step(self.moment(day, 10, 55), "task_accept", f"{spec.prefix}_dept_enforcement", {"slug": "enforcement"}),
            Step(self.moment(day, 14, 5), "arrive", officer),
            Step(self.moment(day, 14, 10), "task_arrive", f"{spec.prefix}_dept_transport", {"slug": "transport"}),
            Step(self.moment(day, 14, 25), "task_arrive", f"{spec.prefix}_dept_enforcement",
                 {"slug": "enforcement"}),
            Step(self.moment(next_day, 10, 30), "task_done", f"{spec.prefix}_dept_transport",
                 {"slug": "transport", "reply": story.departments[0][1]}),
            Step(self.moment(next_day, 11, 20), "task_done", f"{spec.prefix}_dept_enforcement",
                 {"slug": "enforcement", "reply": story.departments[1][1]}),
            Step(self.moment(next_day, 15, 0), "resolve", officer,
                 {"outcome": Outcome.RESOLVED, "note": story.resolution}),
            Step(self.moment(next_day, 19, 30), "close", username),
            Step(self.moment(next_day, 19, 32), "rate", username,
                 {"rating": 5, "comment": "吹哨即到，不到两天就解决了大件设备进厂的难题，非常感谢！"}),
        ]
        self.requests.append(planned)

    def history(self, setting, count: int) -> None:
        """The rest: requests spread over the past months, most of them long finished."""
        rng = self.rng
        liaisons = sorted(self.liaisons(setting).items())
        liaison_refs = {e.ref for _name, e in liaisons}
        sampled = [e for e in setting.enterprises if e.sampled and e.ref not in liaison_refs]
        unsampled = [e for e in setting.enterprises if not e.sampled]
        for _index in range(count):
            days_ago = rng.uniform(2, HISTORY_DAYS)
            day = timezone.localdate(self.now - timedelta(days=days_ago))
            if rng.random() < 0.3:
                submitter, enterprise = rng.choice(liaisons)
                channel = Channel.PORTAL
                start = self.any_hour(day)
            else:
                enterprise = rng.choice(sampled if rng.random() < 0.75 or not unsampled else unsampled)
                submitter = None
            stories = self.fitting(enterprise)
            if rng.random() < 0.05:
                chosen, reason = rng.choice(REJECTED if submitter else REJECTED[::2])
                fate = Fate(reject=reason)
            else:
                chosen = rng.choice(stories)
                roll = rng.random()
                outcome = (Outcome.RESOLVED_NOT_AS_ASKED if roll < 0.1 and chosen.not_as_asked else
                           Outcome.NOT_OUR_RESPONSIBILITY if roll > 0.8 and chosen.referred_to else Outcome.RESOLVED)
                rating = rng.choices((5, 4, 3, 2, 1), weights=(68, 22, 6, 3, 1))[0]
                comments = (HIGH_RATING_COMMENTS if rating >= 4 else MIDDLE_RATING_COMMENTS if rating == 3 else
                            LOW_RATING_COMMENTS)
                fate = Fate(outcome=outcome, late_response=rng.random() < 0.1, late_resolution=rng.random() < 0.1,
                            late_task=rng.random() < 0.1, confirm=rng.random() < 0.9,
                            reopen=rng.choice(REOPEN_REASONS) if submitter and rng.random() < 0.06 else "",
                            rating=rating, rating_comment=rng.choice(comments),
                            supervisor_note="已回访企业并督促警务室改进。" if rating <= 2 else "")
            if submitter is None:
                submitter, channel, start = self.recorded_by_police(setting, enterprise, chosen, day)
            self.request(setting, enterprise, chosen, channel, start, fate, submitter)

    def recorded_by_police(self, setting, enterprise, story: Story, day: date) -> tuple[str, str, datetime]:
        """Who of the office recorded a request that came by phone, on a visit or as an incident transfer, how it
        came, and when."""
        rng = self.rng
        officer, auxiliary = self.police_of(setting, enterprise)
        submitter = officer if rng.random() < 0.6 else auxiliary
        channel = (rng.choice((Channel.INCIDENT_TRANSFER, Channel.PHONE)) if story.incident else
                   rng.choices((Channel.PHONE, Channel.VISIT), weights=(6, 4))[0])
        start = self.any_hour(day, 0, 24) if channel == Channel.INCIDENT_TRANSFER else self.office_hours(day)
        return submitter, channel, start

    def published_year(self, setting) -> None:
        """Shengzhou's published year: PUBLISHED_REQUESTS (at the demo's scale), each finished within the year. Those
        that could run late are submitted early enough to end in it, and the portal's early enough to be rated in it."""
        rng = self.rng
        first, last = published_year(timezone.localdate(self.now))
        liaisons = sorted(self.liaisons(setting).items())
        sampled = [e for e in setting.enterprises if e.sampled]
        unsampled = [e for e in setting.enterprises if not e.sampled]
        mix = [key for key, count in PUBLISHED_REQUESTS.items() for _n in range(round(count * self.scale))]
        rng.shuffle(mix)
        handled = [i for i, (_came, ended) in enumerate(mix) if ended != "rejected"]
        portal = [i for i in handled if mix[i][0] == "portal"]
        ratings = [r for r, count in PUBLISHED_RATINGS.items() for _n in range(round(count * self.scale))]
        rated = dict(zip(rng.sample(portal, min(len(ratings), len(portal))), ratings, strict=False))
        late_response = set(rng.sample(portal, min(len(portal), round(PUBLISHED_LATE["response"] * self.scale))))
        late = set(rng.sample(handled, min(len(handled), round(PUBLISHED_LATE["resolution"] * self.scale))))
        span = (last - first).days
        for index, (came, ended) in enumerate(mix):
            # late or rated: ending (and rated) weeks after it came, so it starts in the year's first nine months
            latest = span - (90 if index in late or index in rated else 35)
            day = first + timedelta(days=rng.randint(2, latest))
            if came == "portal":
                submitter, enterprise = rng.choice(liaisons)
            else:
                enterprise = rng.choice(sampled if rng.random() < 0.75 or not unsampled else unsampled)
                submitter = None
            stories = self.fitting(enterprise)
            if ended == "rejected":
                chosen, reason = rng.choice(REJECTED if submitter else REJECTED[::2])
                fate = Fate(reject=reason)
            else:
                wanted = {Outcome.RESOLVED_NOT_AS_ASKED: lambda s: s.not_as_asked,
                          Outcome.NOT_OUR_RESPONSIBILITY: lambda s: s.referred_to}.get(ended, lambda s: True)
                chosen = rng.choice([s for s in stories if wanted(s)] or [s for s in STORIES if wanted(s)])
                rating = rated.get(index)
                comments = (HIGH_RATING_COMMENTS if (rating or 5) >= 4 else MIDDLE_RATING_COMMENTS if rating == 3
                            else LOW_RATING_COMMENTS)
                fate = Fate(outcome=ended, late_response=index in late_response, late_resolution=index in late,
                            late_task=index in late and rng.random() < 0.5, confirm=rng.random() < 0.9,
                            rating=rating, rating_comment=rng.choice(comments) if rating else "",
                            supervisor_note="已回访企业并督促警务室改进。" if rating and rating <= 2 else "")
            if submitter is None:
                submitter, channel, start = self.recorded_by_police(setting, enterprise, chosen, day)
            else:
                channel, start = Channel.PORTAL, self.any_hour(day)
            self.request(setting, enterprise, chosen, channel, start, fate, submitter, label="published_year")

    def plan(self) -> list[PlannedRequest]:
        for setting in self.context.plan.settings:
            self.intervals = self.context.scopes[("station", setting.spec.station_code)].business_intervals
            before = len(self.requests)
            self.showcase(setting)
            core = len(self.requests) - before
            target = TARGETS.get(setting.spec.station_code, 40)
            self.history(setting, max(0, round(target * self.scale) - core))
            if setting.spec.station_code == PUBLISHED_STATION:
                self.published_year(setting)
        return self.requests


def build_requests(context: DemoContext, *, seed: int, scale: float, now: datetime) -> list[PlannedRequest]:
    return Planner(context, seed=seed, scale=scale, now=now).plan()


# --- acting it out -------------------------------------------------------------------------------------


class _Actor:
    def __init__(self, context: DemoContext):
        self.context = context
        self.items = {item.code: item for item in ServiceItem.objects.all()}
        self.tickets: list[Ticket | None] = []
        self.tasks: dict[tuple[int, str], TicketTask] = {}

    def department(self, station: str, slug: str):
        return self.context.scopes[("department", f"{station}-{slug.upper()}")]

    def run(self, index: int, request: PlannedRequest, step: Step) -> None:
        user = self.context.users[step.actor]
        ticket = self.tickets[index]
        args = step.args
        task = self.tasks.get((index, args.get("slug", "")))
        match step.action:
            case "submit":
                enterprise = self.context.scopes[("enterprise", request.enterprise)]
                story, values = request.story, request.values
                self.tickets[index] = services.do_submit_ticket(
                    user, enterprise=enterprise, channel=request.channel, title=story.title.format(**values),
                    description=story.description.format(**values), service_item=self.items.get(story.item),
                    kind=story.kind, address=enterprise.address, latitude=enterprise.latitude,
                    longitude=enterprise.longitude, submitted_at=step.at,
                )
            case "accept":
                services.do_accept_ticket(user, ticket)
            case "reject":
                services.do_reject_ticket(user, ticket, reason=args["reason"])
            case "comment":
                services.do_comment(user, ticket, text=args["text"], internal=args.get("internal", False))
            case "whistle":
                departments = [self.department(request.station, slug) for slug in args["slugs"]]
                tasks = services.do_whistle(user, ticket, departments=departments, note=args["note"],
                                            due_days=args["due_days"])
                for slug, created in zip(args["slugs"], tasks, strict=True):
                    self.tasks[(index, slug)] = created
            case "task_accept":
                services.do_accept_task(user, task)
            case "arrive":
                services.do_record_arrival(user, ticket)
            case "task_arrive":
                services.do_record_arrival(user, ticket, task=task)
            case "task_done":
                services.do_complete_task(user, task, reply=args["reply"].format(**request.values))
            case "resolve":
                services.do_resolve_ticket(user, ticket, outcome=args["outcome"], note=self.note(args, request))
            case "close":
                services.do_close_ticket(user, ticket)
            case "reopen":
                services.do_reopen_ticket(user, ticket, reason=args["reason"])
            case "rate":
                services.do_rate_ticket(user, ticket, rating=args["rating"], comment=args["comment"])
            case _:
                raise ValueError(step.action)

    def note(self, args: dict, request: PlannedRequest) -> str:
        note = args["note"]
        if args.get("outcome") == Outcome.DUPLICATE:
            original = self.tickets[args["duplicate_of"]]
            return note.format(reference=original.reference,
                               date=f"{timezone.localtime(original.submitted_at):%Y年%m月%d日}")
        return note.format(**request.values)


def load(loader, *, seed: int, scale: float) -> list[Ticket]:
    """Act out the planned requests after the registry demo: same transaction, same progress bar."""
    context = DemoContext.from_loader(loader)
    now = timezone.now()
    requests = build_requests(context, seed=seed, scale=scale, now=now)
    actions = [(step.at, index, position, step)
               for index, request in enumerate(requests) for position, step in enumerate(request.steps)]
    timeline = sorted(actions, key=lambda entry: (entry[0], entry[1], entry[2]))

    bar = loader.bar
    bar.total += len(actions)
    bar.refresh()
    actor = _Actor(context)
    actor.tickets = [None] * len(requests)
    with replayed_time() as clock:
        # The escalation job at its production ticks, at those where something fell due; an action may add,
        # stop or move a deadline, so the next such tick is planned again after each.
        escalations = EscalationTicks(clock, services.escalate_overdue, services.next_escalation_at, ESCALATION_EVERY)
        for at, index, _position, step in timeline:
            escalations.run_until(at)
            clock.at = at
            actor.run(index, requests[index], step)
            escalations.plan()
            bar.update()
        escalations.run_until(now)
    # The notices are written as the history is replayed (each dated when its event happened); this runs
    # when the demo's transaction commits, once they all are.
    tickets = [ticket for ticket in actor.tickets if ticket is not None]
    transaction.on_commit(lambda: settle_inbox(tickets))
    return actor.tickets


# What the demo's people had already read. In real use each of them opened their inbox while the five
# months went by; a replayed history that left every notice unread would greet the officer with weeks-old
# "overdue" warnings about requests closed long ago. So the replay marks read what a user would have read:
OVERDUE_VERBS = ("ticket.overdue", "ticket.task_overdue")


def settle_inbox(tickets) -> int:
    """Mark read what the demo's people had seen (``core.notify.settle_replayed_inbox``): notices about a request
    its reader acted on afterwards, and whatever arrived about a request before it was finished (resolved, closed
    or rejected): an officer whose colleague took the request saw it done. The news of the finish itself, recent
    news and work still overdue stay unread. Returns how many notices were marked read."""
    from django.urls import reverse

    from jingqi.core.notify import settle_replayed_inbox

    from .models import TicketEvent

    pks = [ticket.pk for ticket in tickets]
    by_url = {reverse("tickets:ticket_detail", args=[pk]): pk for pk in pks}
    finished = {ticket.pk: _finished_at(ticket) for ticket in Ticket.objects.filter(pk__in=pks)}
    events = (TicketEvent.objects.filter(ticket__in=pks, actor__isnull=False).order_by("at", "pk")
              .values_list("ticket_id", "actor_id", "at"))
    return settle_replayed_inbox(by_url, events, lambda notice, pk: _no_longer_news(notice, finished[pk]))


def _no_longer_news(notice, finished):
    """When ``notice`` stopped being news: when its request was finished, if it arrived before that."""
    if finished is None:
        return None
    return finished if notice.verb in OVERDUE_VERBS or notice.created_at < finished else None


def _finished_at(ticket):
    """When the request stopped needing work, or None while it is open."""
    if ticket.is_open:
        return None
    if ticket.resolved_at is not None:
        return ticket.resolved_at
    return ticket.closed_at or ticket.updated_at


# --- figures, counted from the records -------------------------------------------------------------------


def station_figures(station, now: datetime | None = None) -> dict:
    """Requests, open, overdue, on-time resolution and satisfaction of one station, counted now."""
    now = now or timezone.now()
    tickets = Ticket.objects.filter(station=station)
    figures = tickets.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        resolved=Count("pk", filter=Q(resolved_at__isnull=False)),
        on_time=Count("pk", filter=Q(resolved_at__isnull=False, resolved_at__lte=F("resolution_due_at"))),
        rated=Count("pk", filter=Q(rating__isnull=False)),
        satisfied=Count("pk", filter=Q(rating__gte=4)),
        mean_rating=Avg("rating"),
        returned=Count("pk", filter=Q(needs_supervisor=True)),
    )
    figures["overdue"] = tickets.overdue(now).count()
    figures["tasks"] = TicketTask.objects.filter(ticket__station=station).count()
    figures["on_time_share"] = figures["on_time"] / figures["resolved"] if figures["resolved"] else None
    figures["satisfied_share"] = figures["satisfied"] / figures["rated"] if figures["rated"] else None
    return figures


def summary() -> list[str]:
    """One line per station for the demo command, counted from the records."""
    lines = []
    for station in Station.objects.order_by("code"):
        figures = station_figures(station)
        if not figures["total"]:
            continue
        share = figures["on_time_share"]
        mean = figures["mean_rating"]
        lines.append(
            _("%(station)s — requests: %(total)s, open %(open)s, overdue %(overdue)s; resolved on time: "
              "%(on_time)s of %(resolved)s (%(share)s); departments called in: %(tasks)s; mean rating "
              "%(mean)s of 5 from %(rated)s ratings.")
            % {**figures, "station": station.name, "share": f"{share:.0%}" if share is not None else "—",
               "mean": f"{mean:.1f}" if mean is not None else "—"}
        )
    return lines
