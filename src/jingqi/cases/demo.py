"""Demo cases, acted out through the case services at the moments they happened.

Majiahe: the CNC template theft at a machinery maker of the intelligent-equipment park, solved within 48 hours of
the report, with more than a million yuan of equipment recovered in three regions; a warehouse keeper's
embezzlement of battery materials; copper cable stolen at the logistics park; a fake-supplier fraud still under
investigation; damage to a vehicle found to be a civil matter and not filed; a theft reported this morning.
Shengzhou: the food-safety extortion that the false-claim model exposed (its clue is transferred by the claims
demo forty days ago; here it is solved and the money paid to the extortionist comes back), a telecom fraud
impersonating the boss, counterfeits of a kitchen-appliance brand, and e-bike batteries stolen from a workshop.

Every figure the case pages and figures show is counted from these records; all people and enterprises are the
registry demo's synthetic ones.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jingqi.accounts.models import User
from jingqi.core.replay import replayed_time
from jingqi.registry.demo import published_year
from jingqi.registry.models import Enterprise, Park, Station

from . import services
from .choices import CaseSource, CaseStatus
from .models import Case


@dataclass
class Story:
    park: str
    by: str
    victim: str  # a liaison's username (their enterprise) or a word the victim's name contains
    # When it was reported: so many days ago, or (a float in 0–1) that far into the last complete half-year, so
    # that the half-yearly risk reports of the demo have cases to tell whatever the day the demo is loaded.
    days_ago: float | None
    data: dict
    source: str = CaseSource.ENTERPRISE
    steps: list = field(default_factory=list)  # (hours after the report, action, arguments)
    in_last_half: float | None = None
    # or that far into Shengzhou's published year (registry.demo.published_year)
    in_published_year: float | None = None


STORIES = [
    Story("ZZ-MJH-P02", "mjh_officer_b", "mjh_liaison_b", 75, {
        "kind": "theft", "title": "数控模板及刀具被盗", "loss_amount": "1180000",
        "description": "夜班结束后，精密加工车间的数控模板、刀具及配套夹具被盗，监控显示三名男子驾驶货车进出。",
        "items_lost": "数控模板 36 套、硬质合金刀具 420 件、专用夹具 18 套"}, steps=[
        (3, "file", {"filing_number": "株天公（刑）立字〔2026〕第0163号"}),
        (47.5, "solve", {"suspects": 3, "regions": "株洲、长沙、东莞、苏州"}),
        (60, "recover", {"amount": "420000", "items": "数控模板 14 套、刀具 200 件", "region": "长沙"}),
        (150, "recover", {"amount": "380000", "items": "数控模板 12 套、夹具 10 套", "region": "东莞"}),
        (290, "recover", {"amount": "260000", "items": "数控模板 7 套、刀具 150 件", "region": "苏州"}),
        (960, "close", {"note": "三名嫌疑人移送审查起诉。"})]),
    Story("ZZ-MJH-P01", "mjh_officer_a", "mjh_liaison_a", None, in_last_half=0.55, data={
        "kind": "embezzlement", "title": "仓管员倒卖电池正极材料", "loss_amount": "240000",
        "description": "企业盘点发现正极材料短少，经查仓库管理员利用职务便利多次私自出库变卖。",
        "items_lost": "磷酸铁锂正极材料 3.2 吨"}, steps=[
        (20, "file", {"filing_number": "株天公（刑）立字〔2026〕第0098号"}),
        (150, "solve", {"suspects": 1, "regions": "株洲"}),
        (200, "recover", {"amount": "150000", "items": "退赔款", "region": "株洲"}),
        (700, "close", {})]),
    Story("ZZ-MJH-P01", "mjh_officer_a", "mjh_liaison_a", None, in_last_half=0.3, data={
        "kind": "theft", "title": "厂区围墙外成品电池被盗", "loss_amount": "26000",
        "description": "夜间有人翻越围墙，从待发货区盗走成品电池包。", "items_lost": "成品电池包 13 个"}, steps=[
        (3, "file", {}), (56, "solve", {"suspects": 2, "regions": "株洲、湘潭"}),
        (70, "recover", {"amount": "22000", "items": "电池包 11 个", "region": "湘潭"}), (400, "close", {})]),
    Story("ZZ-MJH-P03", "mjh_officer_c", "物流", 50, {
        "kind": "theft", "title": "堆场电缆被盗", "loss_amount": "38000",
        "description": "物流园堆场待安装的铜芯电缆夜间被剪断盗走。", "items_lost": "铜芯电缆 600 米"}, steps=[
        (4, "file", {}), (70, "solve", {"suspects": 2, "regions": "湘潭"}),
        (80, "recover", {"amount": "30000", "items": "电缆 480 米", "region": "湘潭"})]),
    Story("ZZ-MJH-P01", "mjh_officer_a", "科技", 21, {
        "kind": "fraud", "title": "冒充供应商变更收款账户诈骗", "loss_amount": "96000",
        "description": "财务人员收到冒充原材料供应商的邮件，称收款账户变更，按邮件转账后发现被骗。"}, steps=[
        (6, "file", {"filing_number": "株天公（刑）立字〔2026〕第0201号"})]),
    Story("ZZ-MJH-P02", "mjh_officer_b", "装备", 12, {
        "kind": "damage", "title": "厂区车辆被刮损", "loss_amount": "4200",
        "description": "企业货车停放期间被刮损，经查系相邻企业车辆倒车所致，双方对赔偿有争议。"}, steps=[
        (8, "decline", {"reason": "经查系交通事故引发的民事赔偿纠纷，不属刑事案件，已引导双方调解。"})]),
    Story("ZZ-MJH-P03", "mjh_officer_c", "物流", 0.2, {
        "kind": "theft", "title": "仓库货物疑似被盗", "loss_amount": "12000",
        "description": "仓库清点发现一批小家电短少，正在调取监控。"}),
    Story("SZ-YX-P01", "sz_officer", "sz_liaison_b", None, in_last_half=0.7, data={
        "kind": "fraud", "title": "冒充企业老板微信诈骗", "loss_amount": "186000",
        "description": "会计被拉入冒充老板的微信群，按“老板”指示向陌生账户转账。"}, steps=[
        (5, "file", {"filing_number": "嵊公（刑）立字〔2026〕第0311号"}),
        (360, "solve", {"suspects": 4, "regions": "广西南宁、云南"}),
        (380, "recover", {"amount": "120000", "items": "冻结止付资金返还", "region": "南宁"})]),
    Story("SZ-YX-P01", "sz_officer", "sz_liaison_a", 60, {
        "kind": "ip", "title": "假冒企业品牌集成灶销售", "loss_amount": "0",
        "description": "企业发现电商平台有人销售假冒本企业品牌的集成灶。"}, steps=[
        (48, "file", {}), (480, "solve", {"suspects": 4, "regions": "金华义乌、广东佛山"})]),
    Story("SZ-YX-P01", "sz_officer", "电器", 30, {
        "kind": "theft", "title": "车间电动车电池被盗", "loss_amount": "6800",
        "description": "员工停放在车间外的电动车电池被盗 8 块。", "items_lost": "电动车电池 8 块"}, steps=[
        (2, "file", {}), (30, "solve", {"suspects": 1, "regions": "嵊州"}),
        (40, "recover", {"amount": "6000", "items": "电池 7 块", "region": "嵊州"})]),
]

# Shengzhou's published year: the cases behind "more than 2 million yuan of losses recovered" (2,018,000 yuan), each
# solved and its recoveries made within the year.
PUBLISHED_YEAR = [
    Story("SZ-YX-P01", "sz_officer", "sz_liaison_a", None, in_published_year=0.12, data={
        "kind": "fraud", "title": "冒充客户发函变更收款账户，骗取设备预付款", "loss_amount": "860000",
        "description": "财务人员收到冒充海外客户的邮件，称收款账户变更，按邮件要求支付设备预付款后发现被骗。"}, steps=[
        (4, "file", {"filing_number": "嵊公（刑）立字〔2025〕第0042号"}),
        (30, "recover", {"amount": "520000", "items": "紧急止付资金返还", "region": "嵊州"}),
        (310, "solve", {"suspects": 5, "regions": "广东深圳、福建厦门"}),
        (340, "recover", {"amount": "200000", "items": "追缴赃款", "region": "深圳"}),
        (900, "close", {"note": "五名嫌疑人移送审查起诉。"})]),
    Story("SZ-YX-P01", "sz_officer", "电机", None, in_published_year=0.27, data={
        "kind": "theft", "title": "原材料仓库铜材被盗", "loss_amount": "420000",
        "description": "周末停产期间，原材料仓库内的电解铜板和漆包线被盗，仓库后窗被撬。",
        "items_lost": "电解铜板 4.1 吨、漆包线 1.6 吨"}, steps=[
        (2, "file", {}), (41, "solve", {"suspects": 3, "regions": "嵊州、绍兴上虞"}),
        (60, "recover", {"amount": "380000", "items": "电解铜板 3.8 吨、漆包线 1.4 吨", "region": "上虞"}),
        (600, "close", {"note": "三名嫌疑人移送审查起诉，收购赃物的废品站负责人另案处理。"})]),
    Story("SZ-YX-P01", "sz_officer", "sz_liaison_b", None, in_published_year=0.4, data={
        "kind": "embezzlement", "title": "销售经理截留客户货款", "loss_amount": "560000",
        "description": "企业对账发现多家经销商的回款未入账，经查销售经理让客户将货款转入其个人账户。"}, steps=[
        (24, "file", {"filing_number": "嵊公（刑）立字〔2025〕第0127号"}),
        (120, "solve", {"suspects": 1, "regions": "嵊州"}),
        (400, "recover", {"amount": "560000", "items": "全额退赔", "region": "嵊州"}),
        (800, "close", {})]),
    Story("SZ-YX-P01", "sz_officer", "科技", None, in_published_year=0.55, data={
        "kind": "fraud", "title": "财务人员遭遇虚假投资理财诈骗", "loss_amount": "310000",
        "description": "财务人员被拉入所谓投资群，挪用公司备用金投资虚假理财平台后无法提现。"}, steps=[
        (3, "file", {}), (500, "solve", {"suspects": 6, "regions": "云南、广西"}),
        (520, "recover", {"amount": "150000", "items": "冻结资金返还", "region": "昆明"})]),
    Story("SZ-YX-P01", "sz_officer", "厨具", None, in_published_year=0.66, data={
        "kind": "theft", "title": "成品集成灶夜间被盗运", "loss_amount": "185000",
        "description": "成品库的一批集成灶夜间被人用货车运走，门卫称对方自称物流公司提货。",
        "items_lost": "集成灶 46 台"}, steps=[
        (2, "file", {}), (36, "solve", {"suspects": 2, "regions": "嵊州、金华"}),
        (50, "recover", {"amount": "168000", "items": "集成灶 42 台", "region": "金华"}),
        (500, "close", {})]),
    Story("SZ-YX-P01", "sz_officer", "电器", None, in_published_year=0.78, data={
        "kind": "theft", "title": "厂区待安装电缆被盗剪", "loss_amount": "46000",
        "description": "新车间待安装的电缆夜间被剪断盗走。", "items_lost": "铜芯电缆 700 米"}, steps=[
        (3, "file", {}), (90, "solve", {"suspects": 2, "regions": "嵊州"}),
        (100, "recover", {"amount": "40000", "items": "电缆 610 米", "region": "嵊州"})]),
]

# The extortion case the claims demo transferred: hours after its transfer.
EXTORTION_STEPS = [
    (2, "edit", {"loss_amount": "8600", "items_lost": ""}),
    (50, "solve", {"suspects": 1, "regions": "嵊州、杭州"}),
    (120, "recover", {"amount": "8600", "items": "敲诈所得退还", "region": "嵊州"}),
    (400, "close", {"note": "嫌疑人以敲诈勒索罪移送审查起诉。"}),
]


def _reported(story: Story, now: datetime) -> datetime:
    if story.in_published_year is not None:
        first, last = published_year(timezone.localdate(now))
        day = first + timedelta(days=round((last - first).days * story.in_published_year))
        return timezone.make_aware(datetime.combine(day, time(10, 20)))
    if story.in_last_half is None:
        return (now - timedelta(days=story.days_ago)).replace(second=0, microsecond=0)
    from jingqi.reports.risk import Period

    last = Period.containing(timezone.localdate(now)).previous()
    begin, end = last.bounds()
    return (begin + (end - begin) * story.in_last_half).replace(hour=9, minute=40, second=0, microsecond=0)


def _victim(park: Park, hint: str) -> Enterprise | None:
    liaison = User.objects.filter(username=hint).select_related("enterprise").first()
    if liaison is not None and liaison.enterprise and liaison.enterprise.park_id == park.pk:
        return liaison.enterprise
    enterprises = Enterprise.objects.filter(park=park).order_by("name")
    return enterprises.filter(name__contains=hint).first() or enterprises.first()


def _act(actor, case: Case, action: str, args: dict) -> None:
    case.refresh_from_db()
    if action == "file":
        services.do_file_case(actor, case, **args)
    elif action == "solve":
        services.do_solve_case(actor, case, **args)
    elif action == "recover":
        services.do_record_recovery(actor, case, recovered_on=timezone.localdate(), **args)
    elif action == "close":
        services.do_close_case(actor, case, **args)
    elif action == "decline":
        services.do_decline_case(actor, case, **args)
    elif action == "edit":
        data = {name: getattr(case, name) for name in services.DESCRIBING}
        services.do_update_case(actor, case, data={**data, **args}, expected_version=case.version)


def load(loader, *, seed: int, scale: float) -> list[Case]:
    """Record the stories (every step that falls before now), in time order, after the other apps' demos."""
    now = timezone.now()
    timeline = []  # (at, order, kind, payload)
    for order, story in enumerate(STORIES + PUBLISHED_YEAR):
        park = Park.objects.filter(code=story.park).select_related("station").first()
        actor = User.objects.filter(username=story.by, is_active=True).first()
        victim = _victim(park, story.victim) if park else None
        if not (park and actor and victim):
            continue
        start = _reported(story, now)
        timeline.append((start, order, "record", (story, park, actor, victim)))
        for hours, action, args in story.steps:
            at = start + timedelta(hours=hours)
            if at < now:
                timeline.append((at, order, action, args))
    extortion = Case.objects.filter(source=CaseSource.CLUE).select_related("station").order_by("pk").first()
    if extortion is not None:
        officer = User.objects.filter(username="sz_officer", is_active=True).first() or extortion.reported_by
        for hours, action, args in EXTORTION_STEPS:
            at = extortion.reported_at + timedelta(hours=hours)
            if at < now:
                timeline.append((at, -1, action, (officer, args)))
    timeline.sort(key=lambda entry: (entry[0], entry[1]))
    loader.bar.total += len(timeline)
    loader.bar.refresh()
    cases: dict[int, Case] = {-1: extortion}
    actors: dict[int, User] = {}
    with replayed_time() as clock:
        for at, order, action, payload in timeline:
            clock.at = at
            if action == "record":
                story, park, actor, victim = payload
                cases[order] = services.do_record_case(actor, park=park, data=story.data, victims=[(victim, None)],
                                                       source=story.source, reported_at=at)
                actors[order] = actor
            elif order == -1:
                actor, args = payload
                _act(actor, cases[-1], action, args)
            else:
                _act(actors[order], cases[order], action, payload)
            loader.bar.update()
    return [case for case in cases.values() if case is not None]


def summary() -> list[str]:
    """One line per station for the demo command, counted from the records."""
    lines = []
    for station in Station.objects.order_by("code"):
        cases = Case.objects.filter(station=station)
        if not cases.exists():
            continue
        totals = cases.aggregate(loss=Sum("loss_amount"), recovered=Sum("recovered_amount"))
        lines.append(_("%(station)s — cases: %(total)d, solved %(solved)d; losses %(loss)s yuan, recovered "
                       "%(recovered)s yuan.") % {
            "station": station.name, "total": cases.count(),
            "solved": cases.filter(status__in=[CaseStatus.SOLVED, CaseStatus.CLOSED]).count(),
            "loss": totals["loss"] or 0, "recovered": totals["recovered"] or 0})
    return lines
