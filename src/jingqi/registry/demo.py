"""Demo data: the two published settings, Shengzhou (嵊州) and Majiahe (马家河), built as records.

Every record is written through the account and registry services, so loading the demo exercises the
same permission checks and audit trail as real use, and every figure the pages show later (214
enterprises, 26 above designated size, 35.97 km², ...) is computed from these records, never typed
in. Generation is seeded: one seed gives the same names, codes, shapes and texts on every run.

All people, ID numbers and phone numbers are synthetic (Faker names, generated numbers).
"""

import math
import os
import random
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from importlib import import_module
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from faker import Faker
from shapely.geometry import Point, shape
from stdnum.cn import ric, uscc
from tqdm import tqdm

from jingqi.accounts.choices import Role
from jingqi.accounts.models import User
from jingqi.accounts.services import do_create_user, do_set_reveal_right
from jingqi.core.errors import ActionError
from jingqi.core.pii import normalize_phone

from . import geo
from .choices import ContactRole, ParkKind, StationingMode, TeamRole, VisitKind
from .models import Enterprise, Park, Station, Visit
from .services import (
    do_add_contact,
    do_add_team_member,
    do_create_department,
    do_create_enterprise,
    do_create_office,
    do_create_station,
    do_log_visit,
    do_save_park,
    do_set_stationing,
    do_update_strategy,
)

DEMO_PASSWORD = "jingqi-demo-2026"
DEFAULT_SEED = 2026
# Other apps' demo data, loaded after the registry's in the same transaction. Each module has
# ``load(loader, *, seed, scale)`` (the loader gives ``plan``, ``users``, ``scopes``, and ``bar``: the
# progress bar of the module's own stage, which it may lengthen by the work it plans) and
# ``summary() -> list[str]``.
DEMO_PARTS = ("jingqi.tickets.demo", "jingqi.claims.demo", "jingqi.disputes.demo", "jingqi.patrols.demo",
              "jingqi.inspections.demo", "jingqi.cases.demo", "jingqi.cases.demo_outreach",
              "jingqi.cases.demo_checks", "jingqi.reports.demo")
DEMO_STAGES = {"jingqi.tickets.demo": gettext_lazy("enterprise requests"),
               "jingqi.claims.demo": gettext_lazy("false-claim clues"),
               "jingqi.disputes.demo": gettext_lazy("disputes and mediation"),
               "jingqi.patrols.demo": gettext_lazy("volunteer police, patrols and the cable guard"),
               "jingqi.inspections.demo": gettext_lazy("inspections and hazards"),
               "jingqi.cases.demo": gettext_lazy("enterprise-related cases"),
               "jingqi.cases.demo_outreach": gettext_lazy("outreach events"),
               "jingqi.cases.demo_checks": gettext_lazy("pre-employment background checks"),
               "jingqi.reports.demo": gettext_lazy("half-yearly risk reports")}

# Shengzhou published its enterprise community's figures for a year of work: 470+ problems solved, 99.4 % of the
# disputes mediated, more than 2 million yuan of losses recovered. The demo gives its station that year as history
# (the requests, disputes and cases demos each write their share, through the services like the rest): the twelve
# months before the month in which the demo's recent records begin (the disputes go back a year), so the two never
# mix. Asked for those months, the figures page shows the published figures, counted from the records.
PUBLISHED_STATION = "SZ-YX"
RECENT_DAYS = 365  # how far back the demo's recent records go (the Shengzhou disputes' year: disputes.demo)


def published_year(today: date) -> tuple[date, date]:
    """The first and last day of Shengzhou's published year, for a demo loaded on ``today``."""
    recent = (today - timedelta(days=RECENT_DAYS)).replace(day=1)
    return recent.replace(year=recent.year - 1), recent - timedelta(days=1)


# --- reference data ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Industry:
    words: tuple[str, ...]  # what the trade name is followed by in a company name
    profile: str  # which risks, strategy and partner department fit


# GB/T 4754-2017 classes (四位码).
INDUSTRIES = {
    "C3841": Industry(("锂电科技", "新能源科技", "电池科技"), "energy"),
    "C3825": Industry(("光伏科技", "光能设备", "新能源装备"), "energy"),
    "C3854": Industry(("厨具", "电器", "集成灶具", "厨房电器"), "appliance"),
    "C3857": Industry(("电器配件", "燃气具配件"), "appliance"),
    "C3381": Industry(("厨业", "不锈钢制品"), "appliance"),
    "C3973": Industry(("微电子", "芯片科技", "半导体"), "tech"),
    "C3982": Industry(("电子", "电路科技"), "tech"),
    "I6513": Industry(("软件", "信息技术"), "tech"),
    "M7320": Industry(("检测技术", "技术研发"), "tech"),
    "C3812": Industry(("电机", "电机制造"), "heavy"),
    "C3489": Industry(("机械", "精密机械"), "heavy"),
    "C3714": Industry(("轨道交通装备", "轨道交通科技"), "heavy"),
    "C3715": Industry(("轨道交通配件", "机车配件"), "heavy"),
    "C3744": Industry(("航空科技", "航空装备"), "heavy"),
    "C3240": Industry(("硬质合金", "合金材料"), "heavy"),
    "C3670": Industry(("汽车零部件", "汽车部件"), "heavy"),
    "C3599": Industry(("装备", "环保设备"), "heavy"),
    "C3831": Industry(("电缆", "线缆"), "heavy"),
    "C2661": Industry(("新材料", "化工"), "chemical"),
    "C2720": Industry(("制药", "医药"), "chemical"),
    "C2929": Industry(("塑业", "塑胶制品"), "chemical"),
    "C3360": Industry(("表面处理", "热处理"), "chemical"),
    "C1830": Industry(("领带", "服饰"), "light"),
    "C1810": Industry(("服装",), "light"),
    "C1530": Industry(("茶业",), "light"),
    "F5179": Industry(("机电设备", "贸易"), "logistics"),
    "G5920": Industry(("仓储", "物流"), "logistics"),
}

# The department that joins the team of an enterprise with this profile (一企一团队).
PROFILE_PARTNER = {
    "energy": "fire", "appliance": "market", "tech": "market", "heavy": "labour",
    "chemical": "fire", "light": "labour", "logistics": "transport",
}

# 一企一策略 for key enterprises: risks, the agreed service package, measures.
STRATEGIES = {
    "energy": (
        "锂电池及光伏组件生产、仓储环节存在热失控和电气火灾风险；夜间无人值守时段较长。",
        "消防联合检查每季度一次；开工、扩产事项按“一件事”集成办理；夜间巡逻纳入园区义警路线。",
        "督促落实电池仓储区温度监测和隔离存放；每半年组织一次员工消防演练；责任民警每月走访一次。",
    ),
    "appliance": (
        "产品直接面向消费者，售后纠纷多，曾遭遇以产品质量为由的高额索赔和网络曝光威胁。",
        "纳入消费领域虚假维权监督模型重点关注；售后纠纷法律咨询与调解；上市、人才“一件事”服务。",
        "建立售后投诉台账并定期比对异常索赔；疑似敲诈第一时间报警固定证据；不叫不扰，吹哨即到。",
    ),
    "tech": (
        "核心技术人员流动频繁，存在商业秘密和知识产权泄露风险；对外合作项目多。",
        "知识产权保护咨询；创新“一件事”服务；岗前背景审查的岗位适配建议。",
        "协助企业完善保密制度和离职交接流程；涉企知识产权案件快速受理；每季度开展一次防范培训。",
    ),
    "heavy": (
        "用工规模大，劳资纠纷和内部侵占风险较高；大件设备、电缆等物资存放分散，易被盗。",
        "劳动保障监察轮驻对接；一站式纠纷调解；重点时段联合巡逻和物资看护。",
        "每季度至少一次联合检查；每月排查劳资纠纷苗头；重要物资分段看护并登记出入。",
    ),
    "chemical": (
        "涉及危险化学品使用和储存，存在泄漏、火灾隐患；外包施工动火作业多。",
        "消防救援、市场监管联合检查；隐患当场整改或限期整改并跟踪销号。",
        "每月核查危化品出入库台账；每季度联合检查一次；每年两次应急演练。",
    ),
    "light": (
        "劳动密集型，季节性用工多，工资结算和加班费易引发集体纠纷。",
        "劳动保障咨询与纠纷调解；人才“一件事”服务；员工防诈骗宣传。",
        "节前排查工资支付情况；利用非生产时间每季度开展一次反诈宣传；纠纷小事不出企业。",
    ),
    "logistics": (
        "货物进出频繁，存在内部盗窃、夜间盗窃和车辆事故风险。",
        "车巡加步巡的联合巡逻覆盖夜间及重点时段；交通运输部门随驻协调。",
        "督促完善出入库登记和监控覆盖；内部盗窃风险纳入半年风险报告并推送企业。",
    ),
}

# What a visit found, by kind. ``{n}`` is filled with a small number.
VISITS = {
    VisitKind.ROUTINE: (
        ("走访企业保卫部门，了解节前安全防范安排，查看厂区监控和门卫登记，未发现明显问题。",
         ["security"], ""),
        ("与企业行政负责人座谈，本月新招一线员工{n}名，已提示做好入职登记并开展防诈骗提醒。",
         ["staff_changes", "fraud_risk"], ""),
        ("检查仓库及充电区域，发现电动自行车在楼道内充电{n}处，已当场督促清理。",
         ["safety_hazard"], "一周后复查充电区整改情况。"),
        ("了解企业生产经营情况，企业反映园区道路夜间货车占道停放影响出入，已记录并转交通运输部门。",
         ["request"], "跟进交通运输部门处理结果并回复企业。"),
        ("利用午休时间为员工讲解刷单返利、冒充客服等诈骗手法，{n}名员工参加。",
         ["fraud_risk"], ""),
        ("走访了解企业用工情况，企业反映缺少熟练技工，已告知人才“一件事”办理渠道。",
         ["request", "staff_changes"], ""),
    ),
    VisitKind.INCIDENT_TRANSFER: (
        ("接110警情流转：仓库{n}卷铜芯电缆失窃，已会同企业调取监控，线索移交办案民警。",
         ["security"], "跟踪案件办理进度，指导企业加强仓库管理。"),
        ("警情流转：{n}名员工因加班费结算与企业发生争执，已到场劝解并引导至调解中心。",
         ["dispute"], "协调劳动保障监察部门参与调解。"),
        ("警情流转：夜间厂区围墙外有可疑人员徘徊，已安排巡逻力量加强周边巡查。",
         ["security"], ""),
        ("警情流转：消费者以产品质量问题为由索要高额赔偿并威胁网络曝光，已固定聊天记录，纳入虚假维权线索核查。",
         ["fraud_risk", "dispute"], "比对同一投诉人的其他索赔记录。"),
    ),
    VisitKind.DYNAMIC_COLLECTION: (
        ("动态收集：外包施工队{n}人进场作业，已登记负责人信息并提示动火作业审批。",
         ["staff_changes", "safety_hazard"], ""),
        ("动态收集：企业下月扩建生产线，需办理消防设计审查，已告知办理流程和所需材料。",
         ["request"], "提醒企业按时提交材料。"),
        ("动态收集：企业财务人员收到冒充老板的转账要求，经提醒核实未造成损失。",
         ["fraud_risk"], ""),
        ("动态收集：一名离职员工带走客户资料，已指导企业保全证据。",
         ["security", "dispute"], "视企业意愿依法受理。"),
    ),
}
VISIT_KIND_WEIGHTS = {
    VisitKind.ROUTINE: 55, VisitKind.DYNAMIC_COLLECTION: 25, VisitKind.INCIDENT_TRANSFER: 20,
}

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Organisation codes issued before the 2015 reform were numeric; later ones start with "MA".
OLD_ORG_PREFIXES = ("14", "25", "55", "66", "68", "70", "72", "74", "76", "77", "79")
TRADE_CHARS = (
    "华鑫达盛恒源泰瑞丰宏嘉力创卓越锦程博远德信润佳凯帅亿顺金宝"
    "荣昌晟星海正联永兴旺腾飞亚通捷汇聚弘毅尚优精诚立光明辉阳"
)
# Faker's company prefixes that name real, well-known firms are left out.
FAMOUS_PREFIXES = {"方正", "太极", "四通", "七喜", "联软", "彩虹", "趋势", "快讯", "国讯"}
MOBILE_PREFIXES = ("133", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159",
                   "177", "180", "181", "182", "183", "186", "187", "188", "189", "191", "198", "199")
# stdnum only knows most county codes from 1983 on and refuses earlier birth years with them, so the
# demo's people are born 1983-2001.
BIRTH_YEARS = (1983, 2001)


@dataclass(frozen=True)
class DepartmentSpec:
    slug: str
    name: str
    mode: str
    schedule: str = ""


@dataclass(frozen=True)
class OfficeSpec:
    code: str
    name: str
    address: str
    suffix: str  # appended to the office's officer and auxiliary user names


@dataclass(frozen=True)
class ParkSpec:
    code: str
    name: str
    kind: str
    office: str
    centre: tuple[float, float]  # latitude, longitude
    area_km2: str  # what the boundary is shaped to measure
    enterprises: int
    above: int
    listed: int
    key: int
    roads: tuple[str, ...]
    # (GB/T 4754 class, share of the park's enterprises, likelihood of being above designated size)
    mix: tuple[tuple[str, float, float], ...]
    listed_industries: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class SettingSpec:
    prefix: str  # of user names
    station_code: str
    station_name: str
    region: str
    station_address: str
    division: str  # administrative division code in the credit codes
    province: str  # how bigger companies' names start
    city: str  # how local companies' names start
    street: str  # how addresses start
    landline: str  # area code and exchange of duty phones
    org_region: str  # third character of post-2015 organisation codes
    id_areas: tuple[str, ...]  # birth-place codes of the people; repeats weigh a code up
    offices: tuple[OfficeSpec, ...]
    departments: tuple[DepartmentSpec, ...]
    parks: tuple[ParkSpec, ...]
    sample: int  # enterprises with contacts, team and visits
    liaisons: tuple[tuple[str, str, str], ...]  # (user name, park code, "listed" or "small")


SHENGZHOU = SettingSpec(
    prefix="sz",
    station_code="SZ-YX",
    station_name="嵊州市公安局剡溪派出所",
    region="浙江省绍兴市嵊州市",
    station_address="浙江省嵊州市剡溪街道新质大道1号",
    division="330683",
    province="浙江",
    city="嵊州市",
    street="浙江省嵊州市剡溪街道",
    landline="0575-83",
    org_region="2",
    id_areas=("330683", "330683", "330623", "330623", "330624", "330602", "330621", "330681", "330682",
              "341222", "511321", "520221", "522121", "362330", "360428"),
    offices=(OfficeSpec("SZ-YX-W01", "剡溪新质企业社区警务室", "浙江省嵊州市剡溪街道丹桂路2号", ""),),
    departments=(
        DepartmentSpec("market", "剡溪市场监督管理所", StationingMode.PERMANENT, "工作日 8:30–17:00"),
        DepartmentSpec("labour", "嵊州市人力资源和社会保障局劳动保障监察大队", StationingMode.ROTATING,
                       "每周二、周四上午"),
        DepartmentSpec("transport", "嵊州市交通运输局", StationingMode.ON_CALL),
        DepartmentSpec("fire", "嵊州市消防救援大队", StationingMode.ON_CALL),
        DepartmentSpec("tax", "国家税务总局嵊州市税务局剡溪税务所", StationingMode.ROTATING,
                       "每月第一、第三周的周三全天"),
        DepartmentSpec("justice", "剡溪司法所", StationingMode.PERMANENT, "工作日 8:30–17:00"),
        DepartmentSpec("enforcement", "嵊州市综合行政执法局剡溪中队", StationingMode.ON_CALL),
    ),
    parks=(
        ParkSpec(
            code="SZ-YX-P01", name="剡溪新质企业社区", kind=ParkKind.ENTERPRISE_COMMUNITY, office="SZ-YX-W01",
            centre=(29.598, 120.812), area_km2="3.26", enterprises=214, above=26, listed=1, key=14,
            roads=("丹桂路", "新质大道", "剡兴路", "创业路", "聚贤路", "锦绣路", "智造路", "光华路"),
            mix=(("C3854", 60, 3), ("C3857", 14, 1), ("C3381", 8, 1), ("C3841", 14, 2.5), ("C3825", 10, 2),
                 ("C3973", 6, 2), ("C3982", 4, 1), ("C3812", 18, 1.5), ("C1830", 16, 1), ("C1530", 8, 0.5),
                 ("C3489", 14, 1), ("C2929", 10, 0.7), ("C3360", 4, 0.5), ("F5179", 12, 0.3),
                 ("I6513", 6, 0.3), ("M7320", 4, 0.3), ("G5920", 6, 0.3)),
            listed_industries=("C3854",),
            description="以新能源装备、智能厨电、芯片为主的企业社区，警务室与职能部门常驻、轮驻、随驻联合服务。",
        ),
    ),
    sample=40,
    liaisons=(("sz_liaison_a", "SZ-YX-P01", "listed"), ("sz_liaison_b", "SZ-YX-P01", "small")),
)

MAJIAHE = SettingSpec(
    prefix="mjh",
    station_code="ZZ-MJH",
    station_name="株洲市公安局天元分局马家河派出所",
    region="湖南省株洲市天元区",
    station_address="湖南省株洲市天元区马家河街道新马大道18号",
    division="430211",
    province="湖南",
    city="株洲",
    street="湖南省株洲市天元区马家河街道",
    landline="0731-28",
    org_region="4",
    id_areas=("430211", "430211", "430202", "430203", "430204", "430221", "430221", "430281", "430223",
              "430224", "430321", "430381", "431121", "431021", "421127", "362330"),
    offices=(
        OfficeSpec("ZZ-MJH-W01", "马家河新材料产业园警务室", "湖南省株洲市天元区马家河街道新材大道8号",
                   "_a"),
        OfficeSpec("ZZ-MJH-W02", "马家河智能装备产业园警务室", "湖南省株洲市天元区马家河街道智造大道6号",
                   "_b"),
        OfficeSpec("ZZ-MJH-W03", "马家河商贸物流园警务室", "湖南省株洲市天元区马家河街道物流大道2号",
                   "_c"),
    ),
    departments=(
        DepartmentSpec("market", "天元区市场监督管理局马家河市场监督管理所", StationingMode.PERMANENT,
                       "工作日 8:30–17:30"),
        DepartmentSpec("labour", "天元区人力资源和社会保障局劳动保障监察大队", StationingMode.ROTATING,
                       "每周一、周三下午"),
        DepartmentSpec("transport", "天元区交通运输局", StationingMode.ON_CALL),
        DepartmentSpec("fire", "天元区消防救援大队", StationingMode.ON_CALL),
        DepartmentSpec("tax", "国家税务总局株洲市天元区税务局马家河税务所", StationingMode.ROTATING,
                       "每周五上午"),
        DepartmentSpec("justice", "马家河司法所", StationingMode.PERMANENT, "工作日 8:30–17:30"),
        DepartmentSpec("enforcement", "天元区综合行政执法局马家河中队", StationingMode.ON_CALL),
    ),
    parks=(
        ParkSpec(
            code="ZZ-MJH-P01", name="马家河新材料产业园", kind=ParkKind.INDUSTRIAL_PARK, office="ZZ-MJH-W01",
            centre=(27.835, 113.000), area_km2="16.83", enterprises=400, above=52, listed=2, key=12,
            roads=("新材大道", "合金路", "金岭路", "湘材路", "栗园路", "创新路"),
            mix=(("C3240", 70, 2.5), ("C2661", 60, 1.5), ("C3841", 55, 2.5), ("C3825", 30, 2),
                 ("C2720", 30, 1.5), ("C2929", 40, 0.7), ("C3360", 30, 0.6), ("C3982", 25, 1),
                 ("M7320", 20, 0.3), ("F5179", 40, 0.3)),
            listed_industries=("C3240", "C3841"),
            description="硬质合金、新能源电池、化工新材料企业集聚，重点企业每季度联合检查。",
        ),
        ParkSpec(
            code="ZZ-MJH-P02", name="马家河智能装备产业园", kind=ParkKind.INDUSTRIAL_PARK,
            office="ZZ-MJH-W02",
            centre=(27.790, 113.050), area_km2="11.46", enterprises=330, above=44, listed=1, key=11,
            roads=("智造大道", "轨道路", "航空路", "恒力路", "启航路"),
            mix=(("C3714", 50, 3), ("C3715", 60, 2), ("C3744", 40, 2), ("C3670", 50, 1.5),
                 ("C3812", 30, 1.2), ("C3489", 45, 0.8), ("C3599", 25, 1), ("C3831", 15, 1.5),
                 ("C3973", 5, 2), ("I6513", 10, 0.3)),
            listed_industries=("C3714",),
            description="轨道交通、航空、汽车零部件装备制造园区，园区电缆分段看护。",
        ),
        ParkSpec(
            code="ZZ-MJH-P03", name="马家河商贸物流园", kind=ParkKind.INDUSTRIAL_PARK, office="ZZ-MJH-W03",
            centre=(27.770, 112.985), area_km2="7.68", enterprises=200, above=18, listed=0, key=7,
            roads=("物流大道", "通达路", "仓储路", "港湾路", "马家河路"),
            mix=(("G5920", 70, 0.8), ("F5179", 60, 0.5), ("C3670", 20, 1), ("C1810", 20, 0.5),
                 ("C2929", 15, 0.5), ("C3489", 15, 0.5)),
            listed_industries=(),
            description="仓储物流与商贸企业为主，夜间及重点时段车巡、步巡联合巡逻。",
        ),
    ),
    sample=40,
    liaisons=(("mjh_liaison_a", "ZZ-MJH-P01", "listed"), ("mjh_liaison_b", "ZZ-MJH-P02", "small")),
)

SETTINGS = (SHENGZHOU, MAJIAHE)


# --- the plan: everything decided before anything is written -----------------------------------------


@dataclass
class PlannedUser:
    username: str
    role: str
    full_name: str
    scope: tuple[str, str] | None = None  # ("station" | "office" | "department" | "enterprise", key)
    superuser: bool = False


@dataclass
class PlannedContact:
    full_name: str
    role: str
    id_number: str
    phone: str
    title: str
    counterpart: bool = False  # joins the enterprise's team as its counterpart


@dataclass
class PlannedVisit:
    by: str  # "officer" or "auxiliary" of the park's office
    kind: str
    days_ago: int
    at: time
    summary: str
    collected: list[str]
    follow_up: str


@dataclass
class PlannedEnterprise:
    ref: str
    park: str
    name: str
    uscc: str
    industry_code: str
    above: bool
    listed: bool
    key: bool
    headcount: int
    address: str
    latitude: Decimal
    longitude: Decimal
    contacts: list[PlannedContact] = field(default_factory=list)
    visits: list[PlannedVisit] = field(default_factory=list)
    strategy: tuple[str, str, str] | None = None
    review_in_days: int = 0

    @property
    def profile(self) -> str:
        return INDUSTRIES[self.industry_code].profile

    @property
    def sampled(self) -> bool:
        return bool(self.contacts)


@dataclass
class PlannedSetting:
    spec: SettingSpec
    duty_phones: dict[str, str]
    boundaries: dict[str, dict]
    enterprises: list[PlannedEnterprise]
    users: list[PlannedUser] = field(default_factory=list)  # the station's staff and liaisons


@dataclass
class Plan:
    settings: list[PlannedSetting]
    users: list[PlannedUser]

    @property
    def usernames(self) -> list[str]:
        return [user.username for user in self.users]

    @property
    def work(self) -> int:
        """Progress units: one per service call worth counting."""
        total = len(self.users) + len(self.settings)
        for setting in self.settings:
            spec = setting.spec
            total += len(spec.offices) + len(spec.parks)
            total += len(spec.departments) * (1 + len(spec.offices))
            total += len(setting.enterprises)
            total += sum(1 + len(e.visits) for e in setting.enterprises if e.sampled)
        return total


def gb11714_check(body: str) -> str:
    """Check character of an 8-character organisation code (组织机构代码, GB 11714)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    remainder = 11 - sum(int(char, 36) * weight for char, weight in zip(body, weights, strict=True)) % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def _allocate(weights: list[float], total: int) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder), so the parts add up exactly."""
    whole = sum(weights)
    shares = [w * total / whole for w in weights]
    counts = [int(share) for share in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: shares[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def shape_boundary(rng: random.Random, centre: tuple[float, float], area_km2: str,
                   vertices: int = 11) -> dict:
    """An irregular polygon around ``centre`` whose area, as the registry computes it, is ``area_km2``.

    The vertices go round the centre in order, so the ring never crosses itself; the whole shape is
    then scaled until geo.area_km2 of the rounded coordinates gives the target exactly.
    """
    lat0, lon0 = centre
    km_per_lat = 110.574
    km_per_lon = 111.320 * math.cos(math.radians(lat0))
    step = 2 * math.pi / vertices
    outline = [((i + rng.uniform(-0.3, 0.3)) * step, rng.uniform(0.75, 1.2)) for i in range(vertices)]
    target = Decimal(area_km2)
    size = math.sqrt(float(target) / math.pi)
    for _attempt in range(60):
        ring = [
            [round(lon0 + size * r * math.cos(a) / km_per_lon, 6),
             round(lat0 + size * r * math.sin(a) / km_per_lat, 6)]
            for a, r in outline
        ]
        ring.append(list(ring[0]))
        geometry = {"type": "Polygon", "coordinates": [ring]}
        if geo.area_km2(geometry) == target:
            return geometry
        area_m2, _perimeter = geo.GEOD.geometry_area_perimeter(shape(geometry))
        size *= math.sqrt(float(target) * 1_000_000 / abs(area_m2))
    raise RuntimeError(f"no boundary of {area_km2} km² found around {centre}")


class Planner:
    """Decides every record of the demo from a seed, without touching the database."""

    def __init__(self, seed: int, scale: float):
        if not 0 < scale <= 1:
            raise ValueError("scale must be more than 0 and at most 1")
        self.seed, self.scale = seed, scale
        self.rng = random.Random(seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.credit_codes: set[str] = set()
        self.names: set[str] = set()
        self.id_numbers: set[str] = set()
        self.phones: set[str] = set()

    def scaled(self, n: int) -> int:
        return max(1, round(n * self.scale)) if n > 0 else 0

    # --- people ---

    def id_number(self, areas: tuple[str, ...], male: bool) -> str:
        while True:
            birth = date(self.rng.randint(*BIRTH_YEARS), 1, 1) + timedelta(days=self.rng.randrange(365))
            body = f"{self.rng.choice(areas)}{birth:%Y%m%d}{self.rng.randrange(100):02d}"
            body += str(self.rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8)))
            # calc_check_digit reads all but the last character: a placeholder stands in for it.
            number = body + ric.calc_check_digit(body + "0")
            if number not in self.id_numbers and ric.is_valid(number):
                self.id_numbers.add(number)
                return number

    def mobile(self) -> str:
        while True:
            number = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number in self.phones:
                continue
            try:
                normalize_phone(number)
            except ActionError:
                continue
            self.phones.add(number)
            return number

    def landline(self, prefix: str) -> str:
        while True:
            number = f"{prefix}{self.rng.randrange(10**6):06d}"
            try:
                normalize_phone(number)
            except ActionError:
                continue
            return number

    def person(self, spec: SettingSpec, role: str, title: str) -> PlannedContact:
        male = self.rng.random() < 0.62
        full_name = self.fake.name_male() if male else self.fake.name_female()
        return PlannedContact(full_name, role, self.id_number(spec.id_areas, male), self.mobile(), title)

    def staff_name(self) -> str:
        return self.fake.name()

    # --- enterprises ---

    def credit_code(self, spec: SettingSpec) -> str:
        while True:
            if self.rng.random() < 0.6:
                body = "MA" + spec.org_region + "".join(self.rng.choice(USCC_ALPHABET) for _ in range(5))
            else:
                body = self.rng.choice(OLD_ORG_PREFIXES) + f"{self.rng.randrange(10**6):06d}"
            first17 = f"91{spec.division}{body}{gb11714_check(body)}"
            code = uscc.validate(first17 + uscc.calc_check_digit(first17))
            if code not in self.credit_codes:
                self.credit_codes.add(code)
                return code

    def trade_name(self) -> str:
        if self.rng.random() < 0.3:
            # Faker's prefixes include IT words and place names ("济南亿次元"): only two Chinese
            # characters read as a trade name in front of any industry.
            prefix = self.fake.company_prefix()
            chinese = len(prefix) == 2 and all("\u4e00" <= char <= "\u9fff" for char in prefix)
            if chinese and prefix not in FAMOUS_PREFIXES:
                return prefix
        return "".join(self.rng.sample(TRADE_CHARS, 2))

    def company_name(self, spec: SettingSpec, industry: Industry, above: bool, listed: bool) -> str:
        while True:
            trade, word = self.trade_name(), self.rng.choice(industry.words)
            if listed:
                name = f"{spec.province}{trade}{word}股份有限公司"
            elif above and self.rng.random() < 0.4:
                name = f"{spec.province}{trade}{word}有限公司"
            else:
                name = f"{spec.city}{trade}{word}有限公司"
            if name not in self.names:
                self.names.add(name)
                return name

    def park_enterprises(self, spec: SettingSpec, park: ParkSpec, boundary: dict,
                         refs) -> list[PlannedEnterprise]:
        count = self.scaled(park.enterprises)
        above_count = min(count, self.scaled(park.above))
        listed_count = min(above_count, self.scaled(park.listed))
        key_count = min(count, max(listed_count, self.scaled(park.key)))

        counts = _allocate([share for _code, share, _big in park.mix], count)
        codes = [code for (code, _share, _big), n in zip(park.mix, counts, strict=True) for _ in range(n)]
        self.rng.shuffle(codes)
        big = {code: likelihood for code, _share, likelihood in park.mix}
        # Weighted sampling without replacement (Efraimidis–Spirakis): bigger likelihood, earlier pick.
        order = sorted(range(count), key=lambda i: self.rng.random() ** (1 / big[codes[i]]), reverse=True)
        above = set(order[:above_count])
        listed: set[int] = set()
        for industry_code in park.listed_industries[:listed_count]:
            pool = [i for i in order[:above_count] if codes[i] == industry_code and i not in listed]
            listed.add(pool[0] if pool else next(i for i in order[:above_count] if i not in listed))
        headcounts = []
        for i in range(count):
            if i in listed:
                headcounts.append(self.rng.randint(1500, 2600))
            elif i in above:
                headcounts.append(min(1400, int(110 * self.rng.paretovariate(1.6))))
            else:
                headcounts.append(int(self.rng.triangular(6, 160, 25)))
        # Key enterprises: the listed ones, the largest above-size ones, and a few small ones whose
        # trade carries risk of its own.
        small_keys = min(key_count - len(listed), key_count // 6)
        by_size = sorted(above - listed, key=lambda i: headcounts[i], reverse=True)
        key = listed | set(by_size[: key_count - len(listed) - small_keys])
        risky = [i for i in order[above_count:]
                 if INDUSTRIES[codes[i]].profile in ("energy", "chemical", "logistics")]
        key |= set((risky or order[above_count:])[:key_count - len(key)])

        interior = shape(boundary).buffer(-0.0008)
        minx, miny, maxx, maxy = interior.bounds
        house_numbers = dict.fromkeys(park.roads, 0)
        enterprises = []
        for i, code in enumerate(codes):
            road = self.rng.choice(park.roads)
            house_numbers[road] += self.rng.randint(2, 12)
            address = f"{spec.street}{road}{house_numbers[road]}号"
            if i not in above and self.rng.random() < 0.4:
                address += f"标准厂房{self.rng.randint(1, 12)}幢{self.rng.randint(1, 5)}楼"
            while True:
                point = Point(self.rng.uniform(minx, maxx), self.rng.uniform(miny, maxy))
                if interior.contains(point):
                    break
            enterprises.append(PlannedEnterprise(
                ref=f"{park.code}-{next(refs):04d}", park=park.code,
                name=self.company_name(spec, INDUSTRIES[code], i in above, i in listed),
                uscc=self.credit_code(spec), industry_code=code, above=i in above, listed=i in listed,
                key=i in key, headcount=headcounts[i], address=address,
                latitude=Decimal(f"{point.y:.6f}"), longitude=Decimal(f"{point.x:.6f}"),
            ))
        return enterprises

    def fill_sample(self, spec: SettingSpec, enterprise: PlannedEnterprise) -> None:
        pick = self.rng.choice
        legal = self.person(spec, ContactRole.LEGAL_REPRESENTATIVE,
                            "董事长" if enterprise.listed else pick(("总经理", "执行董事", "董事长")))
        admin = self.person(spec, ContactRole.ADMIN_HEAD, pick(("行政部经理", "综合办主任", "人事行政主管")))
        enterprise.contacts = [legal, admin]
        if enterprise.above or enterprise.key:
            security = self.person(spec, ContactRole.SECURITY_HEAD,
                                   pick(("保卫科科长", "安全主管", "安保部经理")))
            enterprise.contacts.append(security)
            liaison = self.person(spec, ContactRole.LIAISON, pick(("行政专员", "安全员", "总经理助理")))
        else:
            # In a small enterprise the head of administration is also the police's liaison.
            liaison = PlannedContact(admin.full_name, ContactRole.LIAISON, admin.id_number, admin.phone,
                                     admin.title)
        liaison.counterpart = True
        enterprise.contacts.append(liaison)
        if enterprise.key:
            enterprise.strategy = STRATEGIES[enterprise.profile]
            enterprise.review_in_days = self.rng.randint(30, 120)
        kinds = list(VISIT_KIND_WEIGHTS)
        for _visit in range(self.rng.randint(1, 4)):
            kind = self.rng.choices(kinds, weights=list(VISIT_KIND_WEIGHTS.values()))[0]
            # Extortion by false consumer claims is what consumer-goods makers meet, not suppliers.
            templates = [template for template in VISITS[kind]
                         if enterprise.profile == "appliance" or "虚假维权" not in template[0]]
            summary, collected, follow_up = self.rng.choice(templates)
            enterprise.visits.append(PlannedVisit(
                by=self.rng.choice(("officer", "officer", "auxiliary")), kind=kind,
                days_ago=self.rng.randint(1, 182), at=time(self.rng.randint(8, 17), self.rng.randrange(60)),
                summary=summary.format(n=self.rng.randint(2, 30)), collected=list(collected),
                follow_up=follow_up,
            ))

    def setting(self, spec: SettingSpec) -> PlannedSetting:
        boundaries = {
            park.code: shape_boundary(random.Random(f"{self.seed}:{park.code}"), park.centre, park.area_km2)
            for park in spec.parks
        }
        refs = iter(range(1, 100_000))
        enterprises = [e for park in spec.parks
                       for e in self.park_enterprises(spec, park, boundaries[park.code], refs)]
        keyed = [e for e in enterprises if e.key]
        others = [e for e in enterprises if not e.key]
        extra = min(len(others), max(0, self.scaled(spec.sample) - len(keyed)))
        sample = keyed + self.rng.sample(others, extra)
        for enterprise in sorted(sample, key=lambda e: e.ref):
            self.fill_sample(spec, enterprise)
        duty_phones = {d.slug: self.landline(spec.landline) for d in spec.departments}
        return PlannedSetting(spec, duty_phones, boundaries, enterprises)

    def setting_users(self, setting: PlannedSetting) -> list[PlannedUser]:
        spec = setting.spec
        prefix = spec.prefix
        users = [PlannedUser(f"{prefix}_supervisor", Role.SUPERVISOR, self.staff_name(),
                             ("station", spec.station_code))]
        for office in spec.offices:
            scope = ("office", office.code)
            users.append(PlannedUser(f"{prefix}_officer{office.suffix}", Role.OFFICER, self.staff_name(),
                                     scope))
            users.append(PlannedUser(f"{prefix}_auxiliary{office.suffix}", Role.AUXILIARY, self.staff_name(),
                                     scope))
        for department in spec.departments:
            scope = ("department", department_code(spec, department))
            users.append(PlannedUser(f"{prefix}_dept_{department.slug}", Role.DEPARTMENT, self.staff_name(),
                                     scope))
        for username, park_code, prefer in spec.liaisons:
            sampled = [e for e in setting.enterprises if e.sampled and e.park == park_code]
            wanted = [e for e in sampled if (e.listed if prefer == "listed" else not e.above)]
            enterprise = (wanted or sampled)[0]
            counterpart = next(c for c in enterprise.contacts if c.counterpart)
            users.append(PlannedUser(username, Role.LIAISON, counterpart.full_name,
                                     ("enterprise", enterprise.ref)))
        return users

    def plan(self) -> Plan:
        planned = [self.setting(spec) for spec in SETTINGS]
        users = [PlannedUser("admin", Role.VIEWER, self.staff_name(), superuser=True)]
        for setting in planned:
            setting.users = self.setting_users(setting)
            users += setting.users
        # Volunteer police are drawn from enterprise staff: the volunteer is a security head at Majiahe.
        volunteer = next(contact for e in planned[-1].enterprises for contact in e.contacts
                         if contact.role == ContactRole.SECURITY_HEAD)
        users.append(PlannedUser("volunteer_a", Role.VOLUNTEER, volunteer.full_name))
        users.append(PlannedUser("city_viewer", Role.VIEWER, self.staff_name()))
        return Plan(planned, users)


def department_code(spec: SettingSpec, department: DepartmentSpec) -> str:
    return f"{spec.station_code}-{department.slug.upper()}"


def build_plan(*, seed: int = DEFAULT_SEED, scale: float = 1.0) -> Plan:
    return Planner(seed, scale).plan()


# --- loading: every write through a service ----------------------------------------------------------


class _Loader:
    def __init__(self, plan: Plan, bar: tqdm):
        self.plan, self.bar = plan, bar
        self.scopes: dict[tuple[str, str], object] = {}
        self.users: dict[str, User] = {}
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.today = timezone.localdate()

    def step(self) -> None:
        self.bar.update()

    def user(self, planned: PlannedUser, actor) -> User:
        scope = self.scopes[planned.scope] if planned.scope else None
        user = do_create_user(actor, username=planned.username, password=DEMO_PASSWORD, role=planned.role,
                              full_name=planned.full_name, scope=scope, is_superuser=planned.superuser)
        if planned.role == Role.SUPERVISOR:
            # Supervisors may reveal masked ID numbers and phones (each reveal is audited).
            do_set_reveal_right(actor, user, True)
        self.users[planned.username] = user
        self.step()
        return user

    def run(self) -> None:
        admin = self.user(next(u for u in self.plan.users if u.superuser), None)
        for setting in self.plan.settings:
            self.organisation(admin, setting)
            # The station's staff come before its enterprises (teams, visits); liaisons after them.
            for planned in setting.users:
                if planned.role != Role.LIAISON:
                    self.user(planned, admin)
            self.enterprises(admin, setting)
        for planned in self.plan.users:
            if planned.username not in self.users:
                self.user(planned, admin)

    def organisation(self, admin, setting: PlannedSetting) -> None:
        spec = setting.spec
        station = do_create_station(admin, code=spec.station_code, name=spec.station_name, region=spec.region,
                                    address=spec.station_address)
        self.scopes[("station", spec.station_code)] = station
        self.step()
        offices = []
        for office_spec in spec.offices:
            office = do_create_office(admin, station=station, code=office_spec.code, name=office_spec.name,
                                      address=office_spec.address)
            self.scopes[("office", office.code)] = office
            offices.append(office)
            self.step()
        for department_spec in spec.departments:
            department = do_create_department(
                admin, station=station, code=department_code(spec, department_spec),
                name=department_spec.name, duty_phone=setting.duty_phones[department_spec.slug],
            )
            self.scopes[("department", department.code)] = department
            self.step()
            for office in offices:
                do_set_stationing(admin, department=department, office=office, mode=department_spec.mode,
                                  schedule=department_spec.schedule)
                self.step()
        for park_spec in spec.parks:
            park = do_save_park(admin, {
                "station": station, "office": self.scopes[("office", park_spec.office)],
                "code": park_spec.code, "name": park_spec.name, "kind": park_spec.kind,
                "boundary": setting.boundaries[park_spec.code], "description": park_spec.description,
            })
            self.scopes[("park", park.code)] = park
            self.step()

    def enterprises(self, admin, setting: PlannedSetting) -> None:
        spec = setting.spec
        # The station's supervisor registers its enterprises, as in real use (and in the audit log).
        supervisor = self.users[f"{spec.prefix}_supervisor"]
        parks = {code: park for (kind, code), park in self.scopes.items() if kind == "park"}
        office_of = {p.code: p.office for p in spec.parks}
        suffix_of = {o.code: o.suffix for o in spec.offices}
        for planned in setting.enterprises:
            enterprise = do_create_enterprise(supervisor, {
                "park": parks[planned.park], "name": planned.name, "uscc": planned.uscc,
                "industry_code": planned.industry_code, "above_designated_size": planned.above,
                "listed": planned.listed, "key_enterprise": planned.key, "headcount": planned.headcount,
                "address": planned.address, "latitude": planned.latitude, "longitude": planned.longitude,
            })
            self.scopes[("enterprise", planned.ref)] = enterprise
            self.step()
            if planned.sampled:
                suffix = suffix_of[office_of[planned.park]]
                staff = {
                    "officer": self.users[f"{spec.prefix}_officer{suffix}"],
                    "auxiliary": self.users[f"{spec.prefix}_auxiliary{suffix}"],
                    "department": self.users[f"{spec.prefix}_dept_{PROFILE_PARTNER[planned.profile]}"],
                }
                self.team_and_visits(admin, enterprise, planned, staff)

    def team_and_visits(self, admin, enterprise: Enterprise, planned: PlannedEnterprise, staff: dict) -> None:
        counterpart = None
        for contact in planned.contacts:
            created = do_add_contact(admin, enterprise, full_name=contact.full_name, role=contact.role,
                                     id_number=contact.id_number, phone=contact.phone, title=contact.title)
            if contact.counterpart:
                counterpart = created
        do_add_team_member(admin, enterprise, role=TeamRole.RESPONSIBLE_OFFICER, user=staff["officer"])
        do_add_team_member(admin, enterprise, role=TeamRole.AUXILIARY, user=staff["auxiliary"])
        do_add_team_member(admin, enterprise, role=TeamRole.DEPARTMENT_PARTNER, user=staff["department"])
        do_add_team_member(admin, enterprise, role=TeamRole.ENTERPRISE_CONTACT, contact=counterpart)
        if planned.strategy:
            risk_notes, service_package, measures = planned.strategy
            do_update_strategy(admin, enterprise, {
                "risk_notes": risk_notes, "service_package": service_package, "measures": measures,
                "review_date": self.today + timedelta(days=planned.review_in_days),
            }, expected_version=enterprise.strategy.version)
        self.step()
        for visit in planned.visits:
            day = self.today - timedelta(days=visit.days_ago)
            do_log_visit(staff[visit.by], enterprise, kind=visit.kind,
                         visited_at=datetime.combine(day, visit.at, tzinfo=self.tz), summary=visit.summary,
                         collected=visit.collected, follow_up=visit.follow_up)
            self.step()


def database_has_stations() -> bool:
    return Station.objects.exists()


def load_demo(*, seed: int = DEFAULT_SEED, scale: float = 1.0, progress=None) -> Plan:
    """Plan the demo and write it in one transaction; ``progress`` is the stream for the bar, or None.

    Refuses (ActionError, nothing written) when stations or any of the demo's user names exist.
    """
    plan = build_plan(seed=seed, scale=scale)
    with transaction.atomic():
        if database_has_stations():
            raise ActionError(
                _("The database already holds police stations; the demo loads into an empty one.")
            )
        taken = sorted(User.objects.filter(username__in=plan.usernames).values_list("username", flat=True))
        if taken:
            raise ActionError(_("These user names are taken: %(names)s.") % {"names": ", ".join(taken)})
        # One bar per stage, each named and numbered, each going from 0 to 100 %: a single bar whose
        # total grew as each app planned its work jumped from 100 % back to 70 %.
        stages = [(_("organisation, enterprises and staff"), None),
                  *((DEMO_STAGES.get(part, part), part) for part in DEMO_PARTS)]
        loader = _Loader(plan, None)
        for number, (label, part) in enumerate(stages, start=1):
            desc = _("Loading demo data %(number)d/%(stages)d: %(stage)s") % {
                "number": number, "stages": len(stages), "stage": label}
            # A part starts with one unit (itself) and may add the work it plans to the bar's total.
            with tqdm(total=plan.work if part is None else 1, file=progress, disable=progress is None,
                      desc=desc, unit="", leave=False) as loader.bar:
                if part is None:
                    loader.run()
                else:
                    import_module(part).load(loader, seed=seed, scale=scale)
                loader.bar.update(loader.bar.total - loader.bar.n)
    return plan


# --- what to tell the person who loaded it ------------------------------------------------------------


def demo_summary() -> list[str]:
    """One line per station, counted from the records."""
    lines = []
    for station in Station.objects.order_by("code"):
        # Summed in Python: SQLite's SUM over decimals comes back as a float with its noise digits.
        areas = list(Park.objects.filter(station=station).values_list("area_km2", flat=True))
        figures = Enterprise.objects.filter(park__station=station).aggregate(
            total=Count("pk"),
            above=Count("pk", filter=Q(above_designated_size=True)),
            listed=Count("pk", filter=Q(listed=True)),
            key=Count("pk", filter=Q(key_enterprise=True)),
        )
        visits = Visit.objects.filter(enterprise__park__station=station).count()
        lines.append(
            _("%(station)s — parks: %(parks)s, %(area)s km²; enterprises: %(total)s, of which above "
              "designated size %(above)s, listed %(listed)s, key %(key)s; visits: %(visits)s.")
            % {"station": station.name, "parks": len(areas), "visits": visits,
               "area": sum((area or Decimal(0) for area in areas), Decimal("0.00")), **figures}
        )
    for part in DEMO_PARTS:
        lines += import_module(part).summary()
    return lines + published_summary()


def published_summary() -> list[str]:
    """Shengzhou's published figures over its published year, as the figures page gives them (read after the
    figures' refresh, as the station's supervisor sees them)."""
    from jingqi.analytics.selectors import figures_for

    supervisor = User.objects.filter(role=Role.SUPERVISOR, station__code=PUBLISHED_STATION, is_active=True).first()
    if supervisor is None:
        return []
    first, last = published_year(timezone.localdate())
    figures = {f.key: f for f in figures_for(supervisor, start=first, end=last,
                                             keys=["requests.solved", "disputes.success", "cases.loss_recovered"])}
    success = figures["disputes.success"]
    return [_("%(station)s, published year %(first)s – %(last)s (on the figures page, ask for these dates): problems "
              "solved %(solved)s; mediation success %(success)s (%(agreed)s of %(ended)s); losses recovered "
              "%(recovered)s yuan.") % {
        "station": supervisor.station.name, "first": first, "last": last, "solved": figures["requests.solved"].value,
        "success": f"{success.value:.1%}" if success.value is not None else "—", "agreed": success.numerator,
        "ended": success.denominator, "recovered": f"{figures['cases.loss_recovered'].value:,.0f}"}]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    scope: str
    password: str


ROLE_ORDER = [Role.SUPERVISOR, Role.OFFICER, Role.AUXILIARY, Role.DEPARTMENT, Role.LIAISON, Role.VOLUNTEER,
              Role.VIEWER]


def _scope_text(user: User) -> str:
    if user.is_superuser:
        return _("whole installation")
    if user.role == Role.SUPERVISOR and user.station:
        return user.station.name
    if user.role in (Role.OFFICER, Role.AUXILIARY) and user.office:
        parks = "、".join(park.name for park in user.office.parks.all())
        return f"{user.office.name} ({parks})" if parks else user.office.name
    if user.role == Role.DEPARTMENT and user.department:
        return user.department.name
    if user.role == Role.LIAISON and user.enterprise:
        return user.enterprise.name
    if user.role == Role.VOLUNTEER:
        return _("own shifts and findings")
    return _("aggregate figures only")


def demo_logins(usernames: list[str] | None = None) -> list[DemoLogin]:
    """The demo accounts as the database holds them.

    Without ``usernames``, an account is a demo login when it still accepts the demo password; the
    hashes are checked in parallel because each check is deliberately slow. With ``usernames`` (just
    created with that password), no check is needed.
    """
    users = list(
        User.objects.filter(is_active=True)
        .select_related("station", "office", "department", "enterprise")
        .prefetch_related("office__parks")
    )
    if usernames is None:
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            accepts = list(pool.map(lambda u: check_password(DEMO_PASSWORD, u.password), users))
        users = [user for user, ok in zip(users, accepts, strict=True) if ok]
    else:
        wanted = set(usernames)
        users = [user for user in users if user.username in wanted]
    users.sort(key=lambda u: (not u.is_superuser, ROLE_ORDER.index(u.role) if u.role in ROLE_ORDER else 99,
                              u.username))
    return [
        DemoLogin(user.username, _("Administrator") if user.is_superuser else str(user.get_role_display()),
                  _scope_text(user), DEMO_PASSWORD)
        for user in users
    ]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def format_logins(rows: list[DemoLogin]) -> str:
    """A plain-text table that lines up in a terminal, Chinese (double-width) text included."""
    table = [(_("User name"), _("Role"), _("Scope"), _("Password"))]
    table += [(row.username, row.role, row.scope, row.password) for row in rows]
    widths = [max(_width(line[column]) for line in table) for column in range(4)]

    def render(cells):
        padded = (cell + " " * (width - _width(cell)) for cell, width in zip(cells, widths, strict=True))
        return "  ".join(padded)

    lines = [render(line).rstrip() for line in table]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
