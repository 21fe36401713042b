# ruff: noqa: E501  (CJK vocabulary lines are measured at double width)
"""Held-out complaint export generator "gen_beichuan".

Setting: 北川市, an invented northern heavy-industry city (old steel district 钢城区, 河东区, the new 北川高新区 and
two rural counties 望岭县 / 柳河县).  The market-regulation bureau merges four exports into one CSV:

* 省12315小程序导出 - JSON-ish cells flattened by a clerk, Unix-second or "2025/03/01 下午 3:15" dates, null / N/A.
* 北钢家电汽配城管理处台账 - the appliance and auto-parts wholesale market's office ledger (摊位号, 三包, 以旧换新).
* 医美口腔投诉台 - medical-aesthetic and dental clinic desk (预付卡, 办卡, 套餐, 种植牙, large amounts).
* 康泰大药房会员服务热线 - a pharmacy chain's member hotline log (会员卡号, 处方药, 医保, honorific names).

The generator writes complaints.csv, evidence/*.jpg and truth.json.  It was written without looking at any model.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from PIL import Image, ImageDraw, ImageEnhance, ImageOps

GENERATOR = "gen_beichuan"

SCHEMES = (
    "professional_claimant",
    "identity_rotation",
    "template_ring",
    "evidence_extortion",
    "private_payment_withdrawal",
    "low_and_slow_ring",
    "split_purchase",
)
TRAPS = (
    "contaminated_batch",
    "household_shared_phone",
    "dormitory",
    "power_user",
    "volunteer_representative",
    "elderly_by_child",
    "lawyer_one_client",
    "duplicate_two_channels",
    "hotline_honorific",
    "honest_law_citer",
    "refund_then_withdraw",
    "similar_product_photos",
    "signboard_name",
    "steel_retirees_association",
    "prepaid_clinic_closure",
    "trade_in_subsidy_delay",
)
COLUMNS = (
    "source_system", "complaint_id", "channel", "received_at", "complainant_name", "complainant_phone",
    "complainant_id_number", "complainant_address", "merchant_name", "merchant_uscc", "product", "order_no",
    "purchase_date", "purchase_quantity", "purchase_amount", "claim_amount", "legal_basis", "text",
    "evidence_files", "handler", "outcome", "compensation_amount", "closed_at", "remark",
)
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")
CST = timezone(timedelta(hours=8))
YEAR_START = datetime(2025, 1, 2, 8, 0, tzinfo=CST)
YEAR_DAYS = 350

# ---------------------------------------------------------------------------------------------------------------
# identifiers (GB 11643 ID numbers, GB 32100 USCC with GB 11714 organisation code, Luhn bank cards)

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def id_check_char(body17: str) -> str:
    total = sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def make_id_number(rng: random.Random, area: str, birth: date, male: bool) -> str:
    seq = rng.randint(1, 99) * 10 + rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
    body = f"{area}{birth:%Y%m%d}{seq:03d}"
    return body + id_check_char(body)


def org_check_char(body8: str) -> str:
    c = 11 - sum(int(ch) * w for ch, w in zip(body8, ORG_WEIGHTS, strict=True)) % 11
    return "X" if c == 10 else ("0" if c == 11 else str(c))


def uscc_check_char(body17: str) -> str:
    total = sum(USCC_CHARS.index(ch) * w for ch, w in zip(body17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def make_uscc(rng: random.Random, area: str, individual: bool) -> str:
    body8 = "".join(rng.choice("0123456789") for _ in range(8))
    body = ("92" if individual else "91") + area + body8 + org_check_char(body8)
    return body + uscc_check_char(body)


def luhn_check_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def make_bank_card(rng: random.Random) -> str:
    prefix = rng.choice(("622202", "621700", "622848", "621226", "622588", "623668", "621483"))
    length = rng.choice((16, 19, 19))
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - 1 - len(prefix)))
    return body + luhn_check_digit(body)


# ---------------------------------------------------------------------------------------------------------------
# vocabulary

SURNAMES = (
    "王王王李李李张张张刘刘陈杨杨赵赵黄周吴徐孙孙胡朱高高林何郭马马罗梁宋郑谢韩唐冯于于董程曹袁邓许傅沈曾"
    "彭吕苏卢蒋蔡贾丁魏薛叶阎潘杜戴夏钟田任姜姜范方石姚谭邹金陆郝孔白崔崔康毛秦史顾侯邵孟段尹常武乔贺佟关"
    "那富隋曲初宫"
)
GIVEN_M = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波宇浩凯健俊帅忠国庆志海春立东长福永生德成林峰建文斌"
GIVEN_F = "芳娜敏静丽艳娟霞秀玲桂英梅红琳慧颖雪婷莉萍燕凤丹洁晶华玉兰春翠云"
RARE = "喆堃玥旻赟珺昇琍镕祎彧垚翀燚瑄"
DISTRICTS = (
    # name, id area code, weight
    ("钢城区", "220203", 34),
    ("河东区", "220204", 27),
    ("高新区", "220271", 21),
    ("望岭县", "220221", 10),
    ("柳河县", "220222", 8),
)
OUTSIDE = (
    ("哈尔滨市南岗区", "230103"), ("沈阳市铁西区", "210106"), ("长春市朝阳区", "220104"),
    ("包头市昆都仑区", "150203"), ("唐山市路北区", "130203"), ("鞍山市铁东区", "210302"),
    ("大庆市萨尔图区", "230602"), ("石家庄市长安区", "130102"), ("太原市小店区", "140105"),
    ("呼和浩特市新城区", "150102"), ("齐齐哈尔市龙沙区", "230202"), ("本溪市平山区", "210502"),
)
MIGRANT_AREAS = ("412726", "511321", "430524", "342201", "371522", "230231", "152326", "130434", "622421")
STREETS = {
    "钢城区": ("红旗街道北钢家属区", "轧钢路", "炼铁街", "工人村", "焦化厂路", "高炉街", "钢花小区"),
    "河东区": ("滨河路", "胜利大街", "人民大街", "解放路", "铁路新村", "幸福里小区", "阳光花园"),
    "高新区": ("创新大道", "科技园路", "云谷路", "智造大街", "中海国际社区", "万科城", "锦绣华庭"),
}
TOWNS = {"望岭县": ("柳树屯镇", "三道沟乡", "望岭镇", "大营子镇"), "柳河县": ("柳河镇", "东岗子乡", "黑山镇", "双庙乡")}
WORDS = (
    "鑫隆", "恒达", "福源", "盛华", "聚丰", "广润", "金泰", "兴旺", "华联", "宏远", "惠民", "众鑫", "瑞祥", "永安",
    "德顺", "润禾", "顺发", "天和", "利民", "佳惠", "喆华", "堃泰", "百家", "北宏", "嘉禾", "益民", "康达", "新世纪",
)
PRODUCTS = {
    "food": (("进口曲奇饼干", 28, 89), ("纯牛奶整箱", 45, 79), ("速冻水饺", 16, 39), ("东北大米10斤", 38, 69),
             ("大豆油5L", 59, 99), ("椴树蜂蜜", 48, 168), ("红肠", 22, 58), ("散装白酒", 15, 60), ("月饼礼盒", 88, 298),
             ("婴幼儿奶粉", 189, 398), ("即食海参", 168, 1280), ("黑木耳礼盒", 58, 158), ("粘豆包", 12, 30),
             ("进口红酒", 68, 398), ("代餐粉", 49, 199), ("坚果礼盒", 79, 198), ("冻带鱼", 35, 88)),
    "restaurant": (("烧烤套餐", 88, 268), ("锅包肉", 38, 58), ("外卖麻辣烫", 22, 48), ("饺子宴", 120, 380),
                   ("铁锅炖", 158, 398), ("冷面", 18, 32)),
    "online": (("羽绒服", 299, 1299), ("手机", 999, 4999), ("蓝牙耳机", 59, 399), ("保健茶", 39, 168),
               ("儿童玩具", 29, 199), ("化妆品套装", 99, 699), ("电动牙刷", 99, 399)),
    "appliance": (("冰箱", 1599, 6999), ("滚筒洗衣机", 1399, 5299), ("空调挂机", 1899, 4599), ("液晶电视", 1299, 6999),
                  ("燃气热水器", 899, 3299), ("电暖器", 199, 899), ("抽油烟机", 999, 3999), ("电饭煲", 159, 799),
                  ("微波炉", 299, 899), ("燃气灶", 399, 1699)),
    "auto": (("汽车轮胎", 280, 1200), ("蓄电池", 380, 980), ("刹车片", 150, 680), ("全合成机油", 168, 520),
             ("行车记录仪", 199, 899), ("火花塞", 80, 360), ("防冻液", 45, 160), ("雨刮器", 39, 168), ("大灯总成", 600, 2800)),
    "clinic": (("种植牙", 6800, 26000), ("牙齿矫正", 9800, 32000), ("双眼皮手术", 4800, 16800), ("玻尿酸注射", 1980, 9800),
               ("光子嫩肤套餐", 1280, 6800), ("热玛吉", 9800, 28000), ("美白年卡", 2980, 19800), ("全瓷牙冠", 2800, 6800),
               ("洗牙预付卡", 1000, 3000), ("皮秒祛斑", 2680, 12800)),
    "pharmacy": (("阿托伐他汀钙片", 38, 96), ("二甲双胍缓释片", 18, 56), ("苯磺酸氨氯地平片", 25, 68), ("布洛芬缓释胶囊", 12, 28),
                 ("感冒灵颗粒", 10, 22), ("深海鱼油", 98, 398), ("蛋白粉", 168, 468), ("电子血压计", 159, 399),
                 ("血糖试纸", 68, 168), ("阿莫西林胶囊", 9, 26), ("氯雷他定片", 15, 38), ("膏药贴", 20, 88)),
}
SOURCES = {
    "wx": "省12315小程序导出",
    "mkt": "北钢家电汽配城管理处台账",
    "med": "医美口腔投诉台",
    "ph": "康泰大药房会员服务热线",
}
SOURCE_ORDER = ("wx", "mkt", "med", "ph")
CHANNELS = {
    "wx": (("微信小程序", 70), ("12345转办", 14), ("电话", 8), ("来访", 5), ("信件", 3)),
    "mkt": (("管理处来访", 60), ("电话", 30), ("市场监管所转来", 10)),
    "med": (("窗口", 45), ("电话", 35), ("12315转办", 15), ("邮件", 5)),
    "ph": (("400热线", 80), ("门店转接", 15), ("小程序留言", 5)),
}
HANDLERS = {
    "wx": ("钢城所 王海涛", "钢城所-刘建军", "河东所/赵磊", "河东所 孙丽", "高新所 李爽", "望岭所 关永", "柳河所 曲春梅",
           "12315中心 GC012", "12315中心 HD007"),
    "mkt": ("管理处 老孙", "管理处刘主任", "管理处-杜会计", "保安队 韩"),
    "med": ("投诉台 小陈", "医务部 周", "投诉台-宫医生", "客服 程晓"),
    "ph": ("坐席0123", "HL-07 张婷", "坐席0311", "HL-12 白雪", "值班 于"),
}
OUTCOMES = (("已结案", 30), ("调解成功", 20), ("已回访", 10), ("调解未果", 10), ("当事人放弃", 5), ("不予受理", 4),
            ("处理中", 7), ("移交稽查", 2), ("终止调解", 3), ("撤回", 4))
MISSING = ("", "", "null", "N/A", "无", "/")
FULLWIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
TRAD = str.maketrans({
    "买": "買", "购": "購", "货": "貨", "过": "過", "质": "質", "问": "問", "题": "題", "标": "標", "签": "簽", "没": "沒",
    "产": "產", "无": "無", "赔": "賠", "偿": "償", "请": "請", "监": "監", "门": "門", "严": "嚴", "处": "處", "这": "這",
    "说": "說", "发": "發", "现": "現", "们": "們", "场": "場", "对": "對", "给": "給", "钱": "錢", "还": "還", "时": "時",
    "经": "經", "营": "營", "关": "關", "为": "為", "实": "實", "际": "際", "态": "態", "恶": "惡", "规": "規", "条": "條",
    "应": "應", "该": "該", "单": "單", "进": "進", "来": "來", "认": "認", "识": "識", "装": "裝", "长": "長", "诉": "訴",
    "投": "投", "费": "費", "者": "者", "权": "權", "益": "益", "护": "護", "律": "律", "准": "準", "检": "檢", "验": "驗",
})
TYPOS = (("赔偿", "赔尝"), ("已经", "以经"), ("的", "得"), ("再次", "在次"), ("部门", "部们"), ("严厉", "严励"),
         ("标签", "标鉴"), ("态度", "太度"), ("投诉", "投述"), ("退款", "退歀"), ("购买", "够买"), ("日期", "日其"))


def weighted(rng: random.Random, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for item, w in pairs:
        x -= w
        if x <= 0:
            return item
    return pairs[-1][0]


# ---------------------------------------------------------------------------------------------------------------
# people and merchants


@dataclass
class Person:
    name: str
    phone: str
    idn: str
    addr: str
    birth: date
    male: bool


@dataclass
class Merchant:
    name: str
    sign: str
    uscc: str
    kind: str
    stall: str = ""


def random_name(rng: random.Random, surname: str | None = None, male: bool | None = None) -> tuple[str, bool]:
    if male is None:
        male = rng.random() < 0.5
    sur = surname or rng.choice(SURNAMES)
    pool = GIVEN_M if male else GIVEN_F
    if rng.random() < 0.04:
        given = rng.choice(RARE) + (rng.choice(pool) if rng.random() < 0.6 else "")
    elif rng.random() < 0.35:
        given = rng.choice(pool)
    else:
        given = rng.choice(pool) + rng.choice(pool)
    return sur + given, male


def random_mobile(rng: random.Random) -> str:
    head = rng.choice(("139", "138", "137", "136", "135", "158", "159", "152", "150", "186", "185", "131", "132",
                       "155", "156", "133", "153", "180", "189", "177", "199", "166", "176", "173", "191", "198"))
    return head + f"{rng.randint(0, 99999999):08d}"


def random_landline(rng: random.Random) -> str:
    return f"0436-{rng.choice('2345678')}{rng.randint(0, 999999):06d}"


def random_district(rng: random.Random) -> tuple[str, str]:
    d = weighted(rng, [((n, a), w) for n, a, w in DISTRICTS])
    return d


def random_address(rng: random.Random, district: str | None = None) -> str:
    if district is None:
        district = random_district(rng)[0]
    if district in TOWNS:
        return f"{district}{rng.choice(TOWNS[district])}{rng.choice('东西南北前后')}{rng.choice('岗沟屯台营')}村{rng.randint(1, 9)}组"
    street = rng.choice(STREETS[district])
    return f"北川市{district}{street}{rng.randint(1, 66)}栋{rng.randint(1, 6)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}室"


def new_person(rng: random.Random, *, surname: str | None = None, male: bool | None = None,
               years: tuple[int, int] = (1952, 2004), area: str | None = None, addr: str | None = None,
               phone: str | None = None) -> Person:
    name, male = random_name(rng, surname, male)
    birth = date(rng.randint(*years), rng.randint(1, 12), rng.randint(1, 28))
    if area is None:
        if rng.random() < 0.12:
            area = rng.choice(MIGRANT_AREAS)
        else:
            dname, area = random_district(rng)
            addr = addr or random_address(rng, dname)
    return Person(name, phone or random_mobile(rng), make_id_number(rng, area, birth, male), addr or random_address(rng),
                  birth, male)


def new_merchant(rng: random.Random, kind: str) -> Merchant:
    dname, area = random_district(rng)
    short = dname[:2]
    w = rng.choice(WORDS)
    sur = rng.choice(SURNAMES)
    stall = ""
    individual = False
    if kind == "food":
        name, sign = rng.choice((
            (f"北川市{short}{w}超市有限公司", f"{w}超市"),
            (f"北川市{dname}{sur}记副食商店", f"{sur}记副食"),
            (f"北川{w}商贸有限公司", f"{w}生活超市"),
            (f"北川市{dname}{w}食品经销部", f"{w}食品"),
        ))
        individual = "商店" in name or "经销部" in name
    elif kind == "restaurant":
        dish = rng.choice(("烧烤", "饺子馆", "铁锅炖", "冷面馆", "家常菜"))
        name, sign = f"北川市{dname}{w}{dish}店", f"{rng.choice((sur + '家', '老' + sur, w))}{dish}"
        individual = True
    elif kind == "online":
        name, sign = f"北川{w}电子商务有限公司", f"{w}旗舰店"
    elif kind == "appliance":
        name, sign = f"北川市{dname}{w}家电经销部", f"老{sur}家电"
        stall = f"家电城{rng.choice('ABCD')}区{rng.randint(1, 160)}号"
        individual = rng.random() < 0.7
    elif kind == "auto":
        name, sign = f"北川市{dname}{w}汽车配件商行", f"{sur}{rng.choice(('哥', '记', '氏'))}汽配"
        stall = f"汽配城{rng.choice('EFG')}区{rng.randint(1, 120)}号"
        individual = True
    elif kind == "clinic":
        if rng.random() < 0.5:
            name, sign = f"北川{w}医疗美容门诊部有限公司", f"{w}医美"
        else:
            name, sign = f"北川{w}口腔门诊部有限公司", f"{w}口腔"
    else:  # pharmacy branch
        street = rng.choice(("红旗", "轧钢", "胜利", "滨河", "创新", "云谷", "人民", "望岭", "柳河", "解放", "钢花", "炼铁",
                             "工人村", "铁路", "科技园", "智造", "幸福", "阳光", "东岗", "黑山", "柳树屯", "大营子",
                             "高炉", "焦化", "铁西", "河东", "新华", "光明"))
        name, sign = f"北川康泰大药房连锁有限公司{street}店", f"康泰大药房({street}店)"
    return Merchant(name, sign, make_uscc(rng, area, individual), kind, stall)


# ---------------------------------------------------------------------------------------------------------------
# messy formatting helpers

CN_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def capital_amount(n: int) -> str:
    """Integer yuan in financial capitals (壹万贰仟元)."""
    if n == 0:
        return "零元"

    def four(x: int) -> str:
        out, zero = "", False
        for unit_value, unit in ((1000, "仟"), (100, "佰"), (10, "拾"), (1, "")):
            d = x // unit_value % 10
            if d:
                if zero and out:
                    out += "零"
                out += CN_DIGITS[d] + unit
                zero = False
            else:
                zero = True
        return out

    hi, lo = divmod(n, 10000)
    s = ""
    if hi:
        s = four(hi) + "万"
        if 0 < lo < 1000:
            s += "零"
    s += four(lo)
    return s + "元"


def fmt_amount(rng: random.Random, v: float | None, src: str = "wx") -> str:
    if v is None:
        return rng.choice(MISSING)
    iv = round(v)
    integral = abs(v - iv) < 1e-9
    r = rng.random()
    if integral and iv >= 10000 and iv % 1000 == 0 and r < 0.12:
        rest = iv % 10000 // 1000
        return f"{iv // 10000}万{rest if rest else ''}"
    if integral and iv >= 1000 and iv % 100 == 0 and r < 0.2:
        return f"{iv / 1000:g}k"
    if integral and iv >= 100 and (src == "med" and r < 0.3 or r < 0.04):
        return capital_amount(iv)
    if r < 0.3:
        return f"{v:.2f}"
    if r < 0.4:
        return f"¥{v:,.2f}"
    if r < 0.55:
        return f"{v:g}元"
    if r < 0.6:
        return f"{v:g}".translate(FULLWIDTH)
    return f"{v:g}"


def fmt_phone(rng: random.Random, phone: str) -> str:
    if not phone:
        return rng.choice(MISSING)
    if phone.startswith("0"):
        return phone
    r = rng.random()
    if r < 0.06:
        return f"{phone[:3]} {phone[3:7]} {phone[7:]}"
    if r < 0.10:
        return f"{phone[:3]}-{phone[3:7]}-{phone[7:]}"
    if r < 0.13:
        return "+86 " + phone
    if r < 0.15:
        return phone.translate(FULLWIDTH)
    if r < 0.17:
        return f"{phone}/{random_landline(rng)}"
    return phone


def fmt_id(rng: random.Random, idn: str, src: str) -> str:
    if not idn:
        return rng.choice(MISSING)
    r = rng.random()
    if r < 0.07:
        return f"{idn[:6]} {idn[6:14]} {idn[14:]}"
    if r < 0.09:
        return f"{idn[:6]} {idn[6:10]} {idn[10:14]} {idn[14:]}"
    if r < 0.12 and idn.endswith("X"):
        return idn[:-1] + "x"
    if r < 0.14:
        return "'" + idn
    if src == "wx" and r < 0.16:
        return idn[:6] + "********" + idn[14:]
    return idn


def fmt_dt(rng: random.Random, dt: datetime | None, src: str) -> str:
    if dt is None:
        return rng.choice(MISSING)
    r = rng.random()
    if src == "wx":
        if r < 0.5:
            return str(int(dt.timestamp()))
        if r < 0.8:
            h = dt.hour
            ap = "上午" if h < 12 else "下午"
            h12 = h if h <= 12 else h - 12
            return f"{dt:%Y/%m/%d} {ap} {h12}:{dt:%M}"
        return f"{dt:%Y-%m-%d %H:%M:%S}"
    if src == "mkt":
        if r < 0.4:
            return f"{dt.year}.{dt.month}.{dt.day}"
        if r < 0.7:
            return f"{dt:%Y-%m-%d}"
        return f"{dt.year % 100}.{dt.month}.{dt.day} {dt:%H:%M}"
    if src == "med":
        return f"{dt:%Y-%m-%d %H:%M}" if r < 0.8 else f"{dt.year}年{dt.month}月{dt.day}日"
    return f"{dt.year}/{dt.month}/{dt.day} {dt:%H:%M:%S}"


def fmt_date(rng: random.Random, d: date | None) -> str:
    if d is None:
        return rng.choice(MISSING)
    r = rng.random()
    if r < 0.45:
        return f"{d:%Y-%m-%d}"
    if r < 0.65:
        return f"{d.year}/{d.month}/{d.day}"
    if r < 0.75:
        return f"{d:%Y.%m.%d}"
    if r < 0.85:
        return f"{d.year}年{d.month}月{d.day}日"
    if r < 0.92:
        return f"{d:%Y%m%d}"
    return f"{d.month}月{d.day}日"


def disguise_number(rng: random.Random, digits: str, style: int | None = None) -> str:
    """Phones / bank cards as people write them in free text."""
    style = rng.randint(0, 5) if style is None else style
    if style == 0:
        return digits
    if style == 1:
        return " ".join(digits[i:i + 4] for i in range(0, len(digits), 4))
    if style == 2:
        return "-".join(digits[i:i + 4] for i in range(0, len(digits), 4))
    if style == 3:
        return digits.translate(FULLWIDTH)
    if style == 4:
        return " ".join(digits[i:i + 4] for i in range(0, len(digits), 4)).translate(FULLWIDTH)
    if len(digits) == 11:
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    return f"{digits[:6]}-{digits[6:12]}-{digits[12:]}"


def rand_dt(rng: random.Random, start_day: float = 0, end_day: float = YEAR_DAYS) -> datetime:
    day = rng.uniform(start_day, end_day)
    base = YEAR_START + timedelta(days=int(day))
    hour = weighted(rng, [(h, w) for h, w in zip(range(7, 24), (1, 4, 8, 9, 9, 6, 6, 8, 8, 8, 6, 5, 6, 6, 4, 3, 1),
                                                       strict=True)])
    return base.replace(hour=hour, minute=rng.randint(0, 59), second=rng.randint(0, 59))


def md(d: date) -> str:
    return f"{d.month}月{d.day}日"


# ---------------------------------------------------------------------------------------------------------------
# pictures: specs are fixed while making rows, drawn afterwards from their own seeds


def pic(rng: random.Random, kind: str, **params) -> dict:
    spec = {"kind": kind, "seed": rng.randint(0, 2**31 - 1)}
    spec.update(params)
    return spec


PIC_FOR = {
    "food": ("product", "receipt", "payment", "product"),
    "restaurant": ("foreign_object", "receipt", "payment", "chat"),
    "online": ("payment", "chat", "product"),
    "appliance": ("plate", "receipt", "product", "stamped"),
    "auto": ("plate", "receipt", "stamped"),
    "clinic": ("invoice", "before_after", "payment", "chat", "stamped"),
    "pharmacy": ("prescription", "receipt", "product"),
}


def _noise(d: ImageDraw.ImageDraw, r: random.Random, w: int, h: int, n: int, base: tuple[int, int, int]) -> None:
    for _ in range(n):
        x, y = r.randint(0, w), r.randint(0, h)
        s = r.randint(2, 14)
        c = tuple(max(0, min(255, b + r.randint(-25, 25))) for b in base)
        d.rectangle((x, y, x + s, y + s // 2), fill=c)


def _text_lines(d: ImageDraw.ImageDraw, r: random.Random, x0: int, y0: int, x1: int, y1: int, gap: int = 12) -> None:
    y = y0
    while y < y1:
        d.line((x0, y, x0 + r.randint((x1 - x0) // 3, x1 - x0), y), fill=(r.randint(40, 90),) * 3, width=2)
        y += gap


def _stamp(d: ImageDraw.ImageDraw, r: random.Random, cx: int, cy: int, rad: int) -> None:
    red = (200 + r.randint(0, 40), 20, 30)
    d.ellipse((cx - rad, cy - rad, cx + rad, cy + rad), outline=red, width=3)
    d.regular_polygon((cx, cy, rad // 3), 5, fill=red)


def draw_base(spec: dict) -> Image.Image:
    r = random.Random(spec["seed"])
    kind = spec["kind"]
    label = str(spec.get("label", ""))
    if kind in ("receipt", "stamped", "prescription", "invoice"):
        w, h = r.randint(150, 200), r.randint(200, 256)
        if kind == "invoice":
            w, h = h, w
        paper = (250, 248, 240) if kind != "prescription" else (245, 250, 255)
        im = Image.new("RGB", (w, h), paper)
        d = ImageDraw.Draw(im)
        if kind == "invoice":
            d.rectangle((6, 6, w - 6, h - 6), outline=(150, 80, 60), width=2)
            for y in range(40, h - 20, 22):
                d.line((6, y, w - 6, y), fill=(150, 80, 60))
            d.text((12, 12), label or "INVOICE No." + str(r.randint(10**7, 10**8 - 1)), fill=(120, 40, 40))
        elif kind == "prescription":
            d.text((10, 8), "Rx  " + (label or str(r.randint(1000, 9999))), fill=(20, 20, 120))
            d.line((8, 24, w - 8, 24), fill=(20, 20, 120), width=2)
        else:
            d.text((10, 8), label or f"NO.{r.randint(100000, 999999)}", fill=(30, 30, 30))
        _text_lines(d, r, 12, 36, w - 12, h - 50)
        d.text((12, h - 40), f"{r.randint(10, 9999)}.{r.randint(0, 99):02d}", fill=(0, 0, 0))
        if kind in ("stamped", "invoice") or r.random() < 0.5:
            _stamp(d, r, w - 45, h - 45, 28)
        return im
    if kind == "plate":
        w, h = r.randint(200, 256), r.randint(120, 160)
        im = Image.new("RGB", (w, h), (170, 172, 176))
        d = ImageDraw.Draw(im)
        d.rectangle((10, 10, w - 10, h - 10), fill=(200, 202, 205), outline=(90, 90, 95), width=3)
        d.text((20, 20), "MODEL " + (label or f"BC-{r.randint(100, 999)}"), fill=(20, 20, 20))
        d.text((20, 40), f"S/N {r.randint(10**9, 10**10 - 1)}", fill=(20, 20, 20))
        for i in range(40):
            x = 20 + i * 4
            if x < w - 20 and r.random() < 0.6:
                d.line((x, h - 50, x, h - 20), fill=(0, 0, 0), width=r.choice((1, 2)))
        return im
    if kind in ("payment", "chat"):
        w, h = 144, 256
        bg = (237, 237, 237) if kind == "chat" else (248, 248, 248)
        im = Image.new("RGB", (w, h), bg)
        d = ImageDraw.Draw(im)
        d.rectangle((0, 0, w, 14), fill=(30, 30, 30))
        d.text((4, 2), f"{r.randint(7, 23)}:{r.randint(0, 59):02d}", fill=(255, 255, 255))
        d.rectangle((w - 24, 4, w - 6, 10), outline=(255, 255, 255))
        d.rectangle((w - 24, 4, w - 24 + r.randint(3, 18), 10), fill=(255, 255, 255))
        if kind == "payment":
            green = (7, 193, 96) if r.random() < 0.6 else (22, 119, 255)
            d.ellipse((52, 40, 92, 80), fill=green)
            d.text((40, 92), label or f"-{r.randint(10, 20000)}.00", fill=(0, 0, 0))
            _text_lines(d, r, 14, 120, w - 14, 230, gap=16)
        else:
            y = 24
            while y < 230:
                mine = r.random() < 0.5
                bw = r.randint(40, 100)
                x0 = w - bw - 8 if mine else 8
                d.rounded_rectangle((x0, y, x0 + bw, y + 18), 4, fill=(149, 236, 105) if mine else (255, 255, 255))
                y += 26
        return im
    if kind == "door_notice":
        w, h = r.randint(180, 240), r.randint(200, 256)
        im = Image.new("RGB", (w, h), (r.randint(90, 120), r.randint(70, 90), r.randint(50, 70)))
        d = ImageDraw.Draw(im)
        d.rectangle((w // 5, h // 6, 4 * w // 5, h - 10), fill=(140, 150, 160), outline=(40, 40, 40), width=3)
        d.rectangle((w // 3, h // 3, 2 * w // 3, h // 3 + 60), fill=(252, 252, 245))
        _text_lines(d, r, w // 3 + 6, h // 3 + 8, 2 * w // 3 - 6, h // 3 + 54, gap=9)
        return im
    if kind == "before_after":
        w, h = 240, 150
        im = Image.new("RGB", (w, h), (230, 230, 235))
        d = ImageDraw.Draw(im)
        skin = (r.randint(200, 240), r.randint(160, 200), r.randint(130, 170))
        for k in range(2):
            x0 = 10 + k * 120
            d.ellipse((x0 + 20, 20, x0 + 90, 130), fill=skin)
            d.line((x0 + 35, 60, x0 + 50, 60), fill=(40, 30, 30), width=2)
            d.line((x0 + 60, 60, x0 + 75, 60), fill=(40, 30, 30), width=2)
            if k == 1:
                for _ in range(r.randint(2, 7)):
                    x, y = r.randint(x0 + 30, x0 + 80), r.randint(50, 110)
                    d.ellipse((x, y, x + r.randint(3, 9), y + r.randint(3, 9)), fill=(200, 60, 60))
        d.line((120, 0, 120, h), fill=(255, 255, 255), width=3)
        return im
    if kind == "injury":
        w, h = r.randint(180, 256), r.randint(150, 200)
        skin = (r.randint(200, 240), r.randint(150, 190), r.randint(120, 160))
        im = Image.new("RGB", (w, h), skin)
        d = ImageDraw.Draw(im)
        _noise(d, r, w, h, 60, skin)
        cx, cy = r.randint(60, w - 60), r.randint(50, h - 50)
        d.ellipse((cx - 35, cy - 20, cx + 35, cy + 20), fill=(190, 50, 50))
        d.ellipse((cx - 15, cy - 8, cx + 15, cy + 8), fill=(130, 20, 30))
        return im
    if kind == "foreign_object":
        w, h = r.randint(200, 256), r.randint(160, 200)
        table = (r.randint(90, 160), r.randint(60, 110), r.randint(30, 70))
        im = Image.new("RGB", (w, h), table)
        d = ImageDraw.Draw(im)
        d.ellipse((20, 15, w - 20, h - 15), fill=(245, 245, 245), outline=(200, 200, 200), width=4)
        food = (r.randint(160, 230), r.randint(90, 150), r.randint(30, 80))
        _noise(d, r, w - 80, h - 70, 120, food)
        ox, oy = r.randint(70, w - 90), r.randint(50, h - 70)
        obj = r.choice(("wire", "bug", "hair"))
        if obj == "wire":
            d.line((ox, oy, ox + 40, oy + 18), fill=(60, 60, 70), width=3)
        elif obj == "bug":
            d.ellipse((ox, oy, ox + 14, oy + 9), fill=(20, 15, 10))
            for k in range(3):
                d.line((ox + 3 + 4 * k, oy, ox + 4 * k, oy - 6), fill=(20, 15, 10))
        else:
            d.arc((ox, oy, ox + 50, oy + 30), 10, 300, fill=(10, 10, 10), width=1)
        return im
    # product close-up (lot / date label)
    w, h = r.randint(180, 256), r.randint(150, 220)
    base = spec.get("color") or (r.randint(60, 230), r.randint(60, 230), r.randint(60, 230))
    base = tuple(base)
    bg = (r.randint(180, 240),) * 3
    im = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(im)
    ox, oy = r.randint(0, 20), r.randint(0, 20)
    d.rectangle((20 + ox, 15 + oy, w - 30 + ox, h - 20 + oy), fill=base, outline=(30, 30, 30))
    d.rectangle((30 + ox, h - 70 + oy, w - 50 + ox, h - 35 + oy), fill=(255, 255, 255))
    d.text((34 + ox, h - 66 + oy), label or f"LOT {r.randint(20240101, 20251231)}", fill=(0, 0, 0))
    _noise(d, r, w, h, 8, bg)
    return im


def phone_frame(im: Image.Image, r: random.Random) -> Image.Image:
    w, h = 150, 256
    frame = Image.new("RGB", (w, h), (237, 237, 237))
    d = ImageDraw.Draw(frame)
    d.rectangle((0, 0, w, 14), fill=(20, 20, 20))
    d.text((4, 2), f"{r.randint(7, 23)}:{r.randint(0, 59):02d}", fill=(255, 255, 255))
    d.rounded_rectangle((8, 24, 90, 40), 4, fill=(255, 255, 255))
    im = im.copy()
    im.thumbnail((134, 150))
    frame.paste(im, (8, 50))
    d.rounded_rectangle((50, 215, 140, 235), 4, fill=(149, 236, 105))
    return frame


def draw_picture(spec: dict) -> Image.Image:
    im = draw_base(spec)
    r = random.Random(spec["seed"] ^ 0x5EED + int(spec.get("use", 0)))
    for op in spec.get("edits", ()):
        if op == "rot90":
            im = im.transpose(Image.Transpose.ROTATE_90 if r.random() < 0.5 else Image.Transpose.ROTATE_270)
        elif op == "mirror":
            im = ImageOps.mirror(im)
        elif op == "crop":
            w, h = im.size
            fx, fy = r.uniform(0.05, 0.2), r.uniform(0.05, 0.2)
            im = im.crop((int(w * fx), int(h * fy), int(w * (1 - r.uniform(0.02, 0.15))), int(h * (1 - r.uniform(0.02, 0.15)))))
        elif op == "frame":
            im = phone_frame(im, r)
        elif op == "bright":
            im = ImageEnhance.Brightness(im).enhance(r.choice((r.uniform(0.6, 0.85), r.uniform(1.15, 1.4))))
    im.thumbnail((256, 256))
    return im


# ---------------------------------------------------------------------------------------------------------------
# rows


class Ctx:
    def __init__(self, rng: random.Random, rows: int):
        self.rng = rng
        self.rows = rows
        self.f = rows / 10000
        self.merchants: dict[str, list[Merchant]] = {}
        counts = {"food": 160, "restaurant": 70, "online": 40, "appliance": 110, "auto": 70, "clinic": 45, "pharmacy": 28}
        seen: set[str] = set()
        for kind, n in counts.items():
            k = max(6, round(n * max(self.f, 0.15)))
            self.merchants[kind] = []
            for _ in range(k * 3):  # registered names are unique; give up on a name after a few tries
                m = new_merchant(rng, kind)
                if m.name in seen:
                    continue
                seen.add(m.name)
                self.merchants[kind].append(m)
                if len(self.merchants[kind]) == k:
                    break
        self.groups: list[tuple[str, str, list[dict]]] = []
        self.all_rows: list[dict] = []

    def merchant(self, kind: str) -> Merchant:
        return self.rng.choice(self.merchants[kind])

    def n(self, base: float, minimum: int = 1) -> int:
        return max(minimum, round(base * self.f))

    def size(self, lo: int, hi: int) -> int:
        """Big-group sizes shrink with small exports so traps keep their share of rows."""
        return max(3, round(self.rng.randint(lo, hi) * min(1.0, max(self.f, 0.3))))

    def add_group(self, section: str, kind: str, rows: list[dict]) -> None:
        self.groups.append((section, kind, rows))
        self.all_rows.extend(rows)


def product_of(rng: random.Random, kind: str) -> tuple[str, float]:
    name, lo, hi = rng.choice(PRODUCTS[kind])
    price = rng.uniform(lo, hi)
    if hi > 1000:
        price = round(price / 100) * 100 - rng.choice((0, 0, 1, 2)) * 1.0
    elif hi > 200:
        price = round(price) - rng.choice((0.0, 0.1, 0.2))
    else:
        price = round(price, 1)
    return name, max(price, 1.0)


DENTAL = ("种植牙", "牙齿矫正", "全瓷牙冠", "洗牙预付卡")


def product_for(rng: random.Random, kind: str, merchant: Merchant) -> tuple[str, float]:
    """Product that fits the merchant (口腔 clinics sell dental work, 医美 clinics the rest)."""
    for _ in range(30):
        product, price = product_of(rng, kind)
        if kind != "clinic" or (product in DENTAL) == ("口腔" in merchant.name):
            return product, price
    return product, price


def src_for(kind: str, rng: random.Random) -> str:
    if kind in ("appliance", "auto"):
        return "mkt" if rng.random() < 0.8 else "wx"
    if kind == "clinic":
        return "med" if rng.random() < 0.75 else "wx"
    if kind == "pharmacy":
        return "ph" if rng.random() < 0.8 else "wx"
    return "wx"


def order_number(rng: random.Random, kind: str, d: date) -> str:
    if kind == "online":
        return f"{rng.randint(10**17, 10**18 - 1)}"
    if kind in ("food", "restaurant"):
        return rng.choice(("", "", f"DD{d:%Y%m%d}{rng.randint(0, 99999):05d}", f"{rng.randint(10**11, 10**12 - 1)}"))
    if kind in ("appliance", "auto"):
        return rng.choice(("", f"No.{rng.randint(1000, 99999)}", f"销货单{rng.randint(100000, 999999)}"))
    if kind == "clinic":
        return rng.choice(("", f"HY{rng.randint(10000, 99999)}", f"卡号{rng.randint(100000, 999999)}"))
    return rng.choice(("", f"XS{d:%y%m%d}{rng.randint(0, 9999):04d}"))


def make_row(ctx: Ctx, *, src: str, person: Person, merchant: Merchant, product: str, amount: float,
             recv: datetime, text: str, **kw) -> dict:
    rng = ctx.rng
    pdate = kw.pop("pdate", None) or (recv - timedelta(days=rng.choice((0, 1, 2, 3, 5, 8, 14, 30, 60)))).date()
    row = {
        "src": src, "channel": kw.pop("channel", None) or weighted(rng, CHANNELS[src]), "recv": recv,
        "name": person.name, "phone": person.phone, "idn": person.idn, "addr": person.addr,
        "merchant": merchant, "use_sign": False, "product": product, "order_no": None, "pdate": pdate, "qty": 1,
        "amount": amount, "claim": None, "law": "", "text": text, "pics": [], "handler": None, "outcome": None,
        "comp": None, "closed": None, "remark": "", "card": None,
    }
    for key, value in kw.items():
        if key not in row:
            raise KeyError(key)
        row[key] = value
    if row["order_no"] is None:
        row["order_no"] = order_number(rng, merchant.kind, pdate)
    if row["outcome"] is None:
        row["outcome"] = weighted(rng, OUTCOMES)
        if row["outcome"] in ("调解成功", "已结案") and row["comp"] is None and rng.random() < 0.6:
            row["comp"] = amount if rng.random() < 0.7 else round(amount * rng.uniform(0.3, 1.0))
    if row["closed"] is None and row["outcome"] != "处理中":
        row["closed"] = recv + timedelta(days=rng.randint(1, 40), hours=rng.randint(0, 8))
    if row["handler"] is None:
        row["handler"] = rng.choice(HANDLERS[src])
    return row


# --- ordinary texts ----------------------------------------------------------------------------------------------

PROBLEMS = {
    "food": ("已经过期{n}天了还在卖", "打开发现长毛了", "有一股哈喇味", "包装胀袋", "里面有根头发", "生产日期像是被涂改过",
             "称重少了{n}两", "价签和结账价不一样，多收了{n}元", "说好的买一送一结账时不给", "喝完孩子肚子疼，去医院看了"),
    "restaurant": ("外卖送到是凉的还少了一个菜", "吃完回家拉肚子", "菜里吃出头发", "收了餐位费事先没说", "团购券到店不让用",
                   "点的锅包肉端上来是糊的", "结账多算了一个菜"),
    "online": ("收到货和图片严重不符", "七天无理由退货商家不同意", "发来的是翻新机", "说好的赠品没给", "衣服洗一次就掉色起球",
               "客服一直不回消息"),
    "appliance": ("用了{n}天就不制冷了", "安装师傅又额外收了{n}元材料费", "以旧换新说好的补贴没给", "三包期内修了{n}次还是不好，要求换新被拒",
                  "送货到家发现外壳有划痕", "显示屏出现竖线", "噪音特别大", "说是一级能效实际标签是三级"),
    "auto": ("蓄电池用了两个月就亏电打不着火", "轮胎鼓包，商家说是我自己压的", "刹车片装上就异响", "说是原厂件结果是副厂件",
             "机油瓶盖上的防伪码查不到", "行车记录仪不到一个月就黑屏"),
    "clinic": ("种植牙做完{n}个月就松了", "办的预付卡换了老板不认", "双眼皮做完两边不一样", "打完玻尿酸起了硬包",
               "套餐里写好的项目做的时候又让加钱", "牙齿矫正做到一半医生走了没人管", "说是体验价，结果签的是分期贷款",
               "术前说没有风险，现在脸上一直红肿"),
    "pharmacy": ("会员积分莫名其妙被清零了", "医保卡被多刷了{n}元", "买的药离过期只有一个月没告诉我", "店员推销保健品说能降血压",
                 "会员价和实际结账价不一样", "处方药缺货让等了一个星期", "血压计量的不准，和医院差{n}多", "小票上的药名和拿到的不一样"),
}
PROCESS = ("找商家协商，一直推脱", "打店里电话没人接", "店长说不是他们的问题", "商家答应退款但一直拖着", "多次沟通无果",
           "商家态度很不好", "", "", "售后让我等通知，到现在也没信")
DEMANDS = ("要求退款", "要求退货退款", "要求赔偿损失", "要求商家道歉并退款", "希望给个说法", "请帮忙协调")
KIND_DEMANDS = {
    "appliance": ("要求按三包规定换新", "要求维修", "要求换货", "要求上门检测"),
    "auto": ("要求换货", "要求退货退款", "要求换原厂件"),
    "clinic": ("要求退还预付卡余额", "要求退款并承担修复费用", "要求医院给个说法", "要求退还剩余疗程费用"),
    "pharmacy": ("要求恢复积分", "要求退还多收的钱", "要求退货", "希望药店改进"),
    "online": ("要求换货", "要求退货退款"),
}


# a problem mentioning one of these words only fits products containing one of the listed substrings
PROBLEM_NEEDS = {
    "蓄电池": ("蓄电池",), "轮胎": ("轮胎",), "刹车片": ("刹车片",), "机油": ("机油",), "行车记录仪": ("行车记录仪",),
    "血压计": ("血压计",), "药": ("片", "胶囊", "颗粒", "膏药"), "种植牙": ("种植牙",), "双眼皮": ("双眼皮",),
    "玻尿酸": ("玻尿酸",), "矫正": ("矫正",), "预付卡": ("卡",), "制冷": ("冰箱", "空调"), "显示屏": ("电视",),
    "能效": ("冰箱", "空调", "洗衣机", "热水器"), "翻新机": ("手机",), "衣服": ("羽绒服",), "术前": ("双眼皮", "热玛吉", "玻尿酸"),
    "喝完": ("奶", "酒"), "称重": ("大米", "带鱼", "红肠", "木耳", "粘豆包", "散装"), "锅包肉": ("锅包肉",),
}


def fitting_problem(rng: random.Random, kind: str, product: str) -> str:
    fits = [p for p in PROBLEMS[kind]
            if all(any(x in product for x in need) for word, need in PROBLEM_NEEDS.items() if word in p)]
    return rng.choice(fits or PROBLEMS[kind]).format(n=rng.randint(2, 40))


def ordinary_text(rng: random.Random, kind: str, merchant: Merchant, product: str, amount: float, pdate: date) -> str:
    prob = fitting_problem(rng, kind, product).replace(product, "")
    shop = merchant.sign if rng.random() < 0.7 else merchant.name
    opening = rng.choice((
        f"我于{md(pdate)}在{shop}买了{product}，花了{amount:g}元，",
        f"{md(pdate)}在{shop}购买的{product}，",
        f"本人{pdate.year}年{md(pdate)}在{shop}消费{product}{amount:g}元。",
        f"{shop}卖的{product}",
        f"在{shop}买{product}，",
    ))
    demand = rng.choice(DEMANDS + KIND_DEMANDS.get(kind, ()) * 2)
    process = rng.choice(PROCESS)
    parts = [opening + prob + "。", process + ("，" if process else ""), demand + rng.choice(("。", "！", "", "。谢谢"))]
    sep = rng.choice(("", "", "", "\n", " "))
    return sep.join(p for p in parts if p)


def ordinary_pics(ctx: Ctx, kind: str, src: str) -> list[dict]:
    rng = ctx.rng
    p = {"wx": 0.5, "mkt": 0.35, "med": 0.6, "ph": 0.1}[src]
    if rng.random() > p:
        return []
    return [pic(rng, rng.choice(PIC_FOR[kind])) for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))]


def background_row(ctx: Ctx, person: Person | None = None, kind: str | None = None,
                   recv: datetime | None = None, merchant: Merchant | None = None) -> dict:
    rng = ctx.rng
    kind = kind or weighted(rng, (("food", 26), ("restaurant", 8), ("online", 8), ("appliance", 14), ("auto", 7),
                                  ("clinic", 14), ("pharmacy", 23)))
    src = src_for(kind, rng)
    person = person or new_person(rng)
    merchant = merchant or ctx.merchant(kind)
    product, amount = product_for(rng, kind, merchant)
    recv = recv or rand_dt(rng)
    pdate = (recv - timedelta(days=rng.choice((0, 1, 2, 3, 5, 8, 14, 30, 60, 120)))).date()
    text = ordinary_text(rng, kind, merchant, product, amount, pdate)
    kw: dict = {}
    r = rng.random()
    if kind == "food" and r < 0.012:
        kw["law"] = "食品安全法第148条"
        kw["claim"] = 1000.0
        text += "按食品安全法要求赔偿一千元。"
    elif r < 0.15:
        kw["claim"] = amount
    elif r < 0.2 and kind in ("appliance", "online"):
        kw["law"] = rng.choice(("消费者权益保护法第24条", "部分商品修理更换退货责任规定", "三包规定"))
    if kind == "pharmacy" and src == "ph" and rng.random() < 0.5:
        kw["card"] = f"KT{rng.randint(2019, 2025)}{rng.randint(0, 999999):06d}"
    if src == "mkt":
        kw["remark"] = rng.choice(("", f"摊位号{merchant.stall}", f"{merchant.stall}；三包期内", "以旧换新订单",
                                   f"{merchant.stall} 已通知摊主"))
    if rng.random() < 0.02:
        kw["use_sign"] = True
    if src == "ph" and rng.random() < 0.08:
        person = Person(person.name[0] + ("先生" if person.male else "女士"), person.phone, "", person.addr,
                        person.birth, person.male)
    return make_row(ctx, src=src, person=person, merchant=merchant, product=product, amount=amount, recv=recv,
                    text=text, pdate=pdate, pics=ordinary_pics(ctx, kind, src), **kw)


# --- schemes -----------------------------------------------------------------------------------------------------

CHEAP_DEFECTS = (
    ("进口预包装食品没有中文标签", "第九十七条"), ("标签未标注食品生产许可证编号", "第六十七条"),
    ("配料表中的食品添加剂未按规定标注具体名称", "第六十七条"), ("已超过保质期仍在销售", "第三十四条"),
    ("宣称具有降血糖功效", "第七十一条"), ("标注'零添加'但配料表含有山梨酸钾", "第七十一条"),
    ("未标注生产日期", "第六十七条"), ("使用了超范围的食品添加剂", "第三十四条"),
)
FAKE_DEFECTS = {
    "online": ("宣传'纯羊毛'实际吊牌成分为腈纶", "宣传'原装正品'实为高仿", "宣称'90%白鸭绒'实测含绒量不足50%"),
    "food": ("宣称'野生'实为养殖", "标称'五常大米'实为普通东北大米", "宣传'纯蜂蜜'实为糖浆勾兑", "宣称'原装进口'实为国内灌装"),
    "pharmacy": ("宣传'有机'却无有机认证", "宣称'进口原料'无法提供任何证明", "宣传'药食同源可替代降压药'"),
}
ESCALATION = (
    "",
    "如贵局不予立案，本人将依法申请行政复议。",
    "本人已于{d}就该商家实名举报，贵局逾期未答复，现再次举报，并申请举报奖励。",
    "对钢城区市场监管局作出的不予立案决定不服，已向北川市人民政府申请行政复议。",
    "本人已向北川市钢城区人民法院提起诉讼，请贵局提供执法卷宗。",
)


def scheme_professional(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    level = rng.choice(("easy", "medium", "hard"))
    p = new_person(rng, years=(1975, 1995))
    alt_phone = random_mobile(rng)
    alt_addr = random_address(rng)
    n = rng.randint(7, 15)
    start = rng.uniform(0, YEAR_DAYS - 200)
    days = sorted(rng.uniform(start, start + rng.uniform(60, 200)) for _ in range(n))
    kinds = [rng.choice(("food", "food", "food", "online", "pharmacy")) for _ in range(n)]
    used: set[str] = set()
    rows = []
    for i, (day, kind) in enumerate(zip(days, kinds, strict=True)):
        merchant = ctx.merchant(kind)
        for _ in range(10):
            if merchant.name not in used:
                break
            merchant = ctx.merchant(kind)
        used.add(merchant.name)
        product, price = product_for(rng, kind, merchant)
        price = min(price, rng.uniform(9.9, 79))
        price = round(price, 1)
        qty = rng.choice((1, 2, 3, 5, 10, 20))
        amount = round(price * qty, 1)
        recv = rand_dt(rng, day, day + 1)
        pdate = (recv - timedelta(days=rng.randint(1, 6))).date()
        stage = min(len(ESCALATION) - 1, i * len(ESCALATION) // n)
        if kind == "online" or rng.random() < 0.15:
            defect = rng.choice(FAKE_DEFECTS[kind])
            claim = max(500.0, amount * 3)
            law = rng.choice(("消费者权益保护法第55条", "《消法》五十五条", "消保法第五十五条第一款"))
            demand = f"构成欺诈。依据《消费者权益保护法》第五十五条，请求退一赔三，赔偿{claim:g}元（不足五百元按五百元）"
        else:
            defect, art = rng.choice(CHEAP_DEFECTS)
            claim = max(1000.0, amount * 10)
            law = rng.choice(("食品安全法第148条", "《食品安全法》第一百四十八条", "食安法148条第二款", "食品安全法148"))
            demand = (f"违反《中华人民共和国食品安全法》{art}。依据第一百四十八条第二款，请求：一、退还货款{amount:g}元；"
                      f"二、支付价款十倍赔偿金{claim:g}元；三、依法立案查处并书面告知处理结果")
        shop = merchant.name if rng.random() < 0.8 else merchant.sign
        text = (f"本人于{pdate.year}年{md(pdate)}在{shop}购买{product}{qty}件，共计{amount:g}元。经查，该商品{defect}，"
                f"{demand}。" + ESCALATION[stage].format(d=md(pdate - timedelta(days=30))))
        if level == "hard" and rng.random() < 0.5:
            text = text.replace("本人", "我").replace("请求：", "我的诉求是：")
        phone, idn, addr, name = p.phone, p.idn, p.addr, p.name
        if level != "easy" and rng.random() < 0.35:
            idn = ""
        if level == "hard":
            if rng.random() < 0.45:
                phone = alt_phone
            if rng.random() < 0.4:
                addr = alt_addr
            if rng.random() < 0.2:
                name = name[0] + ("先生" if p.male else "女士")
        outcome = weighted(rng, (("调解未果", 30), ("移交稽查", 12), ("不予受理", 15), ("已结案", 20), ("当事人放弃", 8),
                                 ("终止调解", 15)))
        comp = None
        if outcome == "已结案" and rng.random() < 0.5:
            comp = rng.choice((amount, 1000.0, 500.0))
        src = "ph" if kind == "pharmacy" and rng.random() < 0.5 else "wx"
        person = Person(name, phone, idn, addr, p.birth, p.male)
        pics = [pic(rng, "product", label="NO CN LABEL" if "中文" in defect else ""), pic(rng, "receipt")]
        if rng.random() < 0.5:
            pics.append(pic(rng, "payment"))
        rows.append(make_row(ctx, src=src, person=person, merchant=merchant, product=product, amount=amount,
                             recv=recv, text=text, pdate=pdate, qty=qty, claim=claim, law=law, outcome=outcome,
                             comp=comp, pics=pics,
                             remark=rng.choice(("要求书面答复", "投诉人要求出具不予立案决定书", "", "已告知诉讼途径",
                                                "投诉人录音"))))
    return rows


QUIRK_SETS = (
    ("【投诉】", "望贵局秉公处理为盼！！", "贵局"),
    ("", "谢谢！！！", "你们局"),
    ("尊敬的领导：", "特此投诉，盼复。", "贵单位"),
    ("您好，", "请尽快给我答复，不然我会继续反映。", "贵局"),
)


def scheme_identity_rotation(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    level = rng.choice(("easy", "medium", "hard"))
    operator = new_person(rng, years=(1970, 1990))
    head, tail, addressee = rng.choice(QUIRK_SETS)
    card = make_bank_card(rng)
    base_addr = operator.addr
    ids = []
    for k in range(rng.randint(3, 6)):
        if k == 0:
            ids.append(operator)
        elif rng.random() < 0.5:  # relative: same surname or spouse, same area
            ids.append(new_person(rng, surname=operator.name[0] if rng.random() < 0.7 else None,
                                  years=(1945, 2003), area=operator.idn[:6], addr=base_addr))
        else:  # bought identity from elsewhere
            ids.append(new_person(rng, area=rng.choice(MIGRANT_AREAS + tuple(a for _, a in OUTSIDE))))
    target = ctx.merchant("food") if rng.random() < 0.4 else None
    n = rng.randint(6, 12)
    start = rng.uniform(0, YEAR_DAYS - 150)
    rows = []
    last_phone = None
    for i in range(n):
        ident = ids[i % len(ids)] if i < len(ids) else rng.choice(ids)
        kind = rng.choice(("food", "food", "online", "pharmacy"))
        merchant = target or ctx.merchant(kind)
        if target is not None:
            kind = "food"
        product, price = product_for(rng, kind, merchant)
        price = round(min(price, rng.uniform(12, 99)), 1)
        recv = rand_dt(rng, start + i * rng.uniform(4, 14), start + i * 14 + 3)
        pdate = (recv - timedelta(days=rng.randint(1, 5))).date()
        defect, _ = rng.choice(CHEAP_DEFECTS)
        claim = 1000.0
        text = (f"{head}{md(pdate)}在{merchant.sign}买了{product}，{defect}，请{addressee}依法查处，"
                f"要求商家十倍赔偿{claim:g}元。")
        if level == "easy" or rng.random() < (0.6 if level == "medium" else 0.3):
            text += f"赔偿款请打到{rng.choice(('建行', '农行', '工行', '邮储'))}卡{disguise_number(rng, card)}。"
        text += tail
        if level == "easy":
            addr = base_addr
        elif level == "medium":
            addr = base_addr.replace("单元", "-").replace("栋", "号楼") if rng.random() < 0.5 else base_addr
            addr = addr.replace("北川市", "") if rng.random() < 0.5 else addr
        else:
            addr = ident.addr if rng.random() < 0.7 else base_addr.replace("北川市", "")
        phone = ident.phone
        if last_phone and rng.random() < 0.15:
            phone = last_phone
        last_phone = ident.phone
        person = Person(ident.name, phone, ident.idn, addr, ident.birth, ident.male)
        pics = [pic(rng, "product")] if rng.random() < 0.7 else []
        rows.append(make_row(ctx, src="ph" if kind == "pharmacy" else "wx", person=person, merchant=merchant,
                             product=product, amount=price, recv=recv, text=text, pdate=pdate, claim=claim,
                             law=rng.choice(("食品安全法第148条", "", "食品安全法")), pics=pics,
                             outcome=weighted(rng, (("调解未果", 4), ("已结案", 3), ("不予受理", 2), ("当事人放弃", 1)))))
    return rows


TEMPLATES = (
    [  # three-no tea / health food
        ("我在{m}买了{p}", "本人在{m}购买了{p}", "{md}于{m}购得{p}"),
        ("回家发现包装上没有生产日期和SC编号", "到家后发现外包装未标注生产日期及生产许可证号", "发现包装上缺少生产日期、SC号"),
        ("属于三无产品", "系典型三无产品", "是三无食品"),
        ("商家拒绝退货而且态度恶劣", "与商家沟通，商家拒不退货", "商家不给退，态度很差"),
        ("根据食品安全法要求退一赔十", "依据食品安全法第148条要求十倍赔偿", "按照食安法要求退一赔十，不足1000按1000"),
        ("请市场监管部门严厉查处", "恳请贵局依法严查", "希望监管部门严肃处理"),
    ],
    [  # imported goods without Chinese label
        ("{md}在{m}买了进口{p}", "本人{md}于{m}购买进口{p}", "在{m}购买的进口{p}"),
        ("外包装上没有任何中文标签", "商品没有中文标签", "产品未加贴中文标签"),
        ("也没有入境货物检验检疫证明", "商家无法提供检验检疫证明", "商家拿不出报关单和检疫证明"),
        ("违反了食品安全法第九十七条", "违反《食品安全法》97条规定", "不符合食品安全法第97条"),
        ("要求退款并支付十倍赔偿", "要求退货退款，十倍赔偿", "诉求：退一赔十"),
        ("请依法处理并书面回复", "请依法立案并书面答复本人", "请给予书面答复"),
    ],
    [  # exaggerated efficacy
        ("{m}的店员向我推荐{p}", "在{m}，店员推销{p}", "{md}去{m}，销售人员推荐{p}"),
        ("说吃了能降血压降血糖", "宣称可以治疗高血压、糖尿病", "说有降三高的功效"),
        ("我花了{a}元买了", "共花费{a}元", "付款{a}元"),
        ("后来才知道是普通食品", "事后查询只是普通食品不是药", "查了才知道是普通食品"),
        ("属于虚假宣传欺诈消费者", "构成虚假宣传", "涉嫌欺诈"),
        ("要求退一赔三", "依据消法55条要求三倍赔偿", "要求按消法第55条赔偿"),
    ],
)


def paraphrase(rng: random.Random, clauses: list[tuple[str, ...]], level: str, fill: dict) -> str:
    pick = []
    for options in clauses:
        if level == "easy":
            idx = 0 if rng.random() < 0.8 else rng.randrange(len(options))
        else:
            idx = rng.randrange(len(options))
        pick.append(options[idx].format(**fill))
    middle = pick[1:-1]
    if level != "easy":
        if rng.random() < 0.6:
            rng.shuffle(middle)
        if level == "hard" and rng.random() < 0.3:
            middle.pop(rng.randrange(len(middle)))
    text = "，".join([pick[0], *middle, pick[-1]]) + rng.choice(("。", "！", "。。", ""))
    if level == "hard" and rng.random() < 0.45:
        text = text.translate(TRAD)
    if rng.random() < (0.2 if level == "easy" else 0.45):
        text = text.translate(FULLWIDTH)
    for _ in range(rng.choice((0, 1, 1, 2)) if level != "easy" else 0):
        a, b = rng.choice(TYPOS)
        text = text.replace(a, b, 1)
    return text


def scheme_template_ring(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    level = rng.choice(("easy", "medium", "hard", "hard"))
    ti = rng.randrange(len(TEMPLATES))
    clauses = TEMPLATES[ti]
    stock = pic(rng, "product" if ti < 2 else "receipt") if rng.random() < 0.6 else None
    members = [new_person(rng, years=(1960, 2000)) for _ in range(rng.randint(4, 8))]
    start = rng.uniform(0, YEAR_DAYS - 90)
    span = rng.uniform(10, 80)
    rows = []
    for m in members:
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            kind = "pharmacy" if ti == 2 and rng.random() < 0.6 else rng.choice(("food", "food", "online"))
            merchant = ctx.merchant(kind)
            product, price = product_for(rng, kind, merchant)
            if ti == 2:
                product = rng.choice(("降压茶", "苦瓜肽胶囊", "纳豆激酶", "深海鱼油", "蜂胶软胶囊"))
                price = float(rng.choice((298, 398, 580, 980, 1280)))
            else:
                price = round(min(price, rng.uniform(15, 120)), 1)
            recv = rand_dt(rng, start, start + span)
            pdate = (recv - timedelta(days=rng.randint(1, 8))).date()
            fill = {"m": merchant.sign, "p": product, "md": md(pdate), "a": f"{price:g}"}
            text = paraphrase(rng, clauses, level, fill)
            pics = []
            if stock is not None and rng.random() < 0.7:
                s = dict(stock)
                if level != "easy" and rng.random() < 0.4:
                    s["edits"] = ["crop"]
                    s["use"] = rng.randint(1, 999)
                pics.append(s)
            elif rng.random() < 0.5:
                pics.append(pic(rng, "product"))
            claim = price * 3 if ti == 2 else max(1000.0, price * 10)
            law = ("消费者权益保护法第55条" if ti == 2 else rng.choice(("食品安全法第148条", "食品安全法", "")))
            rows.append(make_row(ctx, src="ph" if kind == "pharmacy" else "wx", person=m, merchant=merchant,
                                 product=product, amount=price, recv=recv, text=text, pdate=pdate, claim=claim,
                                 law=law, pics=pics,
                                 outcome=weighted(rng, (("调解未果", 4), ("已结案", 3), ("不予受理", 2), ("处理中", 1)))))
    return rows


OBJECTS = ("钢丝球的钢丝", "一只虫子", "一团头发", "一块碎玻璃", "一个创可贴")
THREATS = ("不给说法我就发抖音曝光", "我已经联系了北川晚报的记者", "我已经找好律师了，准备起诉", "不赔我就天天去店门口直播",
           "我会发到快手和本地论坛让大家都看看", "律师函明天就到")


def scheme_evidence_extortion(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    level = rng.choice(("easy", "medium", "hard"))
    clinic = rng.random() < 0.3
    base = pic(rng, "injury" if clinic else "foreign_object")
    actor = new_person(rng, years=(1972, 1998))
    alias = new_person(rng, years=(1972, 1998))
    obj = rng.choice(OBJECTS)
    n = rng.randint(4, 8)
    start = rng.uniform(0, YEAR_DAYS - 120)
    used: set[str] = set()
    rows = []
    for i in range(n):
        kind = "clinic" if clinic else rng.choice(("restaurant", "restaurant", "food"))
        merchant = ctx.merchant(kind)
        for _ in range(10):
            if merchant.name not in used:
                break
            merchant = ctx.merchant(kind)
        used.add(merchant.name)
        product, price = product_for(rng, kind, merchant)
        recv = rand_dt(rng, start + i * rng.uniform(5, 20), start + i * 20 + 2)
        claim = float(rng.choice((5000, 8000, 10000, 20000, 30000, 50000)) if clinic else rng.choice((2000, 3000, 5000,
                                                                                                       10000)))
        if clinic:
            text = (f"在{merchant.sign}做了{product}，回家后{rng.choice(('脸上起了大片红疹', '皮肤烫伤溃烂', '牙龈肿痛流脓'))}，"
                    f"照片为证。要求赔偿医疗费和精神损失费共{claim:g}元，{rng.choice(THREATS)}。")
        else:
            how = rng.choice(("吃饭，", "点的外卖", "堂食")) if kind == "restaurant" else "买的"
            text = (f"在{merchant.sign}{how}{product}里{'吃出' if kind == 'restaurant' else '发现'}{obj}，"
                    f"{rng.choice(('划破了嘴', '吃完一直恶心呕吐', '孩子吓哭了', '差点咽下去'))}，已拍照留证。"
                    f"要求赔偿{claim:g}元，{rng.choice(THREATS)}！")
        edits = []
        if i > 0 or level != "easy":
            ops = ["rot90", "mirror", "crop", "frame", "bright"]
            k = {"easy": 1, "medium": 2, "hard": 3}[level]
            edits = rng.sample(ops, k)
        spec = dict(base, edits=edits, use=i)
        pics = [spec]
        if rng.random() < 0.4:
            pics.append(pic(rng, "receipt" if not clinic else "invoice"))
        who = actor if (level != "hard" or rng.random() < 0.5) else alias
        outcome = weighted(rng, (("调解未果", 4), ("已结案", 3), ("当事人放弃", 2), ("移交稽查", 1)))
        comp = float(rng.choice((500, 1000, 2000, 3000))) if outcome == "已结案" else None
        rows.append(make_row(ctx, src=src_for(kind, rng), person=who, merchant=merchant, product=product,
                             amount=price, recv=recv, text=text, claim=claim,
                             law=rng.choice(("", "消费者权益保护法第49条", "民法典")), pics=pics, outcome=outcome,
                             comp=comp, remark=rng.choice(("", "投诉人情绪激动", "商家称监控未见异物", "商家要求报警处理"))))
    return rows


def scheme_private_payment(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    level = rng.choice(("easy", "medium", "hard"))
    people = [new_person(rng, years=(1970, 1995))]
    if rng.random() < 0.4:
        people.append(new_person(rng, surname=people[0].name[0], area=people[0].idn[:6], addr=people[0].addr))
    n = rng.randint(3, 6)
    start = rng.uniform(0, YEAR_DAYS - 150)
    rows = []
    for i in range(n):
        kind = rng.choice(("clinic", "online", "food", "restaurant", "clinic", "pharmacy"))
        merchant = ctx.merchant(kind)
        product, price = product_for(rng, kind, merchant)
        recv = rand_dt(rng, start + i * rng.uniform(10, 30), start + i * 30 + 5)
        mult = rng.uniform(3, 8) if price > 2000 else rng.uniform(8, 40)
        paid = float(max(1000, round(price * mult / 100) * 100))
        times = rng.choice((3, 10)) if kind != "clinic" else 3
        claim = round(price * times, 1)
        verb = "做的" if kind == "clinic" else ("吃的" if kind == "restaurant" else "买的")
        issue = rng.choice(("质量有严重问题", "是假货", "宣传与实际不符", "用了以后过敏") if kind != "restaurant" else
                           ("不新鲜，吃完上吐下泻", "里面有异物", "用的是过期食材"))
        text = (f"在{merchant.sign}{verb}{product}{issue}，"
                f"要求商家{'退一赔三' if times == 3 else '十倍赔偿'}，"
                f"{rng.choice(('否则我会向媒体反映', '不解决就一直投诉', '不然就起诉', '必须给个说法'))}。")
        closed = recv + timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 10))
        if level == "easy":
            remark = f"{md(closed.date())}投诉人来电称商家已私下支付{paid:g}元，申请撤回投诉"
            comp = paid
        elif level == "medium":
            remark = rng.choice((f"双方和解，商家微信转账{paid:g}元", f"经了解商家私下给付{paid / 1000:g}k，投诉人撤诉"))
            comp = paid if rng.random() < 0.6 else None
        else:
            remark = rng.choice(("投诉人主动撤回", "双方自行和解", "投诉人称已解决"))
            comp = paid if rng.random() < 0.7 else None
        outcome = rng.choice(("撤回", "当事人撤回", "撤诉", "已结案（和解）"))
        rows.append(make_row(ctx, src=src_for(kind, rng), person=people[i % len(people)], merchant=merchant,
                             product=product, amount=price, recv=recv, text=text, claim=claim, comp=comp,
                             closed=closed, outcome=outcome, remark=remark,
                             pics=[pic(rng, rng.choice(PIC_FOR[kind]))] if rng.random() < 0.6 else []))
    return rows


def scheme_low_and_slow(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    tie = rng.choice(("phone", "card", "block", "phone+block"))
    coordinator = random_mobile(rng)
    card = make_bank_card(rng)
    holder = rng.choice(SURNAMES) + rng.choice(("某", "姐", "哥", "某某"))
    block_head = rng.choice(("170", "171", "165", "167")) + f"{rng.randint(0, 9999):04d}"
    block_base = rng.randint(0, 9800)
    members = []
    for k in range(rng.randint(4, 9)):
        if rng.random() < 0.6:
            city, area = rng.choice(OUTSIDE)
            addr = f"{city}{rng.choice(('建设路', '和平街', '中山路', '兴华小区'))}{rng.randint(1, 200)}号"
            m = new_person(rng, area=area, addr=addr)
        else:
            m = new_person(rng)
        if "block" in tie:
            m.phone = f"{block_head}{block_base + k * rng.randint(1, 4):04d}"
        members.append(m)
    rows = []
    for m in members:
        for _ in range(rng.choice((1, 1, 1, 2))):
            kind = rng.choice(("food", "online", "food", "pharmacy"))
            merchant = ctx.merchant(kind)
            product, price = product_for(rng, kind, merchant)
            price = round(min(price, rng.uniform(19, 150)), 1)
            recv = rand_dt(rng)
            pdate = (recv - timedelta(days=rng.randint(2, 20))).date()
            defect, _ = rng.choice(CHEAP_DEFECTS)
            body = rng.choice((
                f"网购{merchant.sign}的{product}，{defect}，要求赔偿1000元",
                f"{md(pdate)}在{merchant.sign}买的{product}{defect}。按规定退一赔十，不足一千按一千",
                f"{product}（{merchant.sign}）{defect}，申请赔偿",
            ))
            extra = ""
            if "phone" in tie and rng.random() < 0.85:
                extra = rng.choice((f"本人电话不方便，请联系{disguise_number(rng, coordinator)}",
                                    f"如需核实请打{disguise_number(rng, coordinator)}（我表姐）",
                                    f"联系电话：{disguise_number(rng, coordinator)}"))
            elif tie == "card" and rng.random() < 0.85:
                extra = rng.choice((f"赔偿款请转至{disguise_number(rng, card)}，户名{holder}",
                                    f"退款打这个卡：{disguise_number(rng, card)}",
                                    f"收款账户 {disguise_number(rng, card)} {holder}"))
            text = body + ("。" if body[-1] != "。" else "") + extra
            rows.append(make_row(ctx, src="ph" if kind == "pharmacy" and rng.random() < 0.5 else "wx", person=m,
                                 merchant=merchant, product=product, amount=price, recv=recv, text=text, pdate=pdate,
                                 claim=1000.0, law=rng.choice(("食品安全法第148条", "", "食品安全法")),
                                 pics=[pic(rng, "product")] if rng.random() < 0.5 else []))
    return rows


def scheme_split_purchase(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    level = rng.choice(("easy", "medium", "hard"))
    buyer = new_person(rng, years=(1975, 1998))
    helper = new_person(rng, surname=None, area=buyer.idn[:6], addr=buyer.addr)
    kind = rng.choice(("food", "online", "food"))
    merchant = ctx.merchant(kind)
    product, price = product_for(rng, kind, merchant)
    price = round(min(price, rng.uniform(9.9, 60)), 1)
    defect, art = rng.choice(CHEAP_DEFECTS)
    n = rng.randint(6, 15)
    buy_day = rng.uniform(0, YEAR_DAYS - 40)
    buy_dt = rand_dt(rng, buy_day, buy_day + 1)
    base_no = rng.randint(10**9, 10**10 - 1)
    rows = []
    offset = 0
    for _ in range(n):
        offset += 1 if level == "easy" else rng.randint(1, 7)
        if level == "hard":
            order_no = f"{rng.randint(10**17, 10**18 - 1)}"
            recv = rand_dt(rng, buy_day + 2, buy_day + 25)
            who = buyer if rng.random() < 0.6 else helper
        else:
            order_no = f"DD{buy_dt:%Y%m%d}{base_no + offset}"
            recv = rand_dt(rng, buy_day + 1, buy_day + (2 if level == "easy" else 7))
            who = buyer
        pdate = (buy_dt + timedelta(days=rng.choice((0, 0, 0, 1)) if level != "easy" else 0)).date()
        text = rng.choice((
            f"订单号{order_no}：{md(pdate)}在{merchant.sign}购买{product}1件，金额{price:g}元，该商品{defect}，"
            f"依据食品安全法第148条，本订单要求赔偿1000元。",
            f"{md(pdate)}在{merchant.sign}下单{product}一件（订单{order_no}），{defect}，违反食品安全法{art}，"
            f"请求就本订单支付赔偿金1000元。",
        ))
        if level == "hard" and rng.random() < 0.5:
            text = text.replace("本订单", "此单").replace("1000", "一千").translate(FULLWIDTH)
        rows.append(make_row(ctx, src="wx", person=who, merchant=merchant, product=product, amount=price, recv=recv,
                             text=text, pdate=pdate, order_no=order_no, qty=1, claim=1000.0,
                             law=rng.choice(("食品安全法第148条", "食品安全法148条")),
                             pics=[pic(rng, "payment", label=f"-{price:.2f}")] if rng.random() < 0.6 else [],
                             outcome=weighted(rng, (("调解未果", 4), ("不予受理", 3), ("已结案", 2), ("处理中", 1)))))
    return rows


# --- traps -------------------------------------------------------------------------------------------------------


def trap_contaminated(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    brand = rng.choice(("北乳", "雪原", "康源", "黑土地"))
    product = rng.choice((f"{brand}原味酸奶", f"{brand}纯牛奶", f"{brand}速冻水饺", f"{brand}婴儿米粉"))
    lot = f"{rng.randint(20250101, 20251130)}"
    price = round(rng.uniform(12, 69), 1)
    color = (rng.randint(60, 230), rng.randint(60, 230), rng.randint(60, 230))
    notice = f"北市监召〔2025〕{rng.randint(3, 40)}号"
    day0 = rng.uniform(20, YEAR_DAYS - 20)
    shops = [ctx.merchant("food") for _ in range(rng.randint(4, 10))]
    rows = []
    for _ in range(ctx.size(14, 34)):
        p = new_person(rng)
        merchant = rng.choice(shops)
        recv = rand_dt(rng, day0, day0 + rng.choice((3, 5, 8)))
        pdate = (recv - timedelta(days=rng.randint(1, 6))).date()
        sym = rng.choice(("喝完全家拉肚子", "打开就是酸臭味", "盒子鼓起来了", "孩子吃完吐了", "有絮状物", "味道发苦"))
        text = f"在{merchant.sign}买的{product}，批号{lot}，{sym}。"
        if rng.random() < 0.35:
            text += f"看到市场监管局的召回公告（{notice}），就是这个批次。"
        text += rng.choice(("要求退款。", "要求退款并赔偿看病的钱。", "希望尽快处理。", "商家说厂家负责，让我等。"))
        outcome = weighted(rng, (("调解成功", 6), ("已结案", 3), ("处理中", 1)))
        comp = price if outcome != "处理中" and rng.random() < 0.8 else None
        if comp and rng.random() < 0.3:
            comp = price + rng.choice((100, 200, 500))
        pics = [pic(rng, "product", label=f"LOT {lot}", color=color)] if rng.random() < 0.75 else []
        rows.append(make_row(ctx, src="wx", person=p, merchant=merchant, product=product, amount=price, recv=recv,
                             text=text, pdate=pdate, pics=pics, outcome=outcome, comp=comp,
                             law="" if rng.random() < 0.85 else "食品安全法第148条",
                             claim=price if rng.random() < 0.5 else None,
                             remark=rng.choice(("", f"批次{lot}", "已通报生产企业", "同批次")),
                             ))
    return rows


def trap_household(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    head = new_person(rng, years=(1965, 1985))
    phone = head.phone
    area = head.idn[:6] if head.idn[:6] in {a for _, a, _ in DISTRICTS} else "220203"
    fam = [head, new_person(rng, male=not head.male, years=(1965, 1987), area=area, addr=head.addr, phone=phone)]
    for _ in range(rng.randint(0, 2)):
        fam.append(new_person(rng, surname=head.name[0], years=(1990, 2006), area=area, addr=head.addr, phone=phone))
    rows = []
    for m in fam:
        for _ in range(rng.choice((1, 1, 2))):
            rows.append(background_row(ctx, person=m))
    return rows


def trap_dormitory(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    addr = rng.choice((
        f"北川市钢城区北钢集团冷轧厂职工宿舍{rng.randint(1, 9)}号楼",
        f"北川市高新区北川职业技术学院学生公寓{rng.randint(1, 12)}栋",
        f"北川市高新区智造产业园员工宿舍{rng.choice('ABCD')}座",
        f"北川市河东区铁路工务段单身公寓{rng.randint(1, 4)}号楼",
    ))
    rows = []
    for _ in range(ctx.size(8, 18)):
        room = f"{rng.randint(1, 6)}{rng.randint(1, 30):02d}室" if rng.random() < 0.7 else ""
        p = new_person(rng, years=(1980, 2006), area=rng.choice(MIGRANT_AREAS + ("220203", "220221")),
                       addr=addr + room)
        rows.append(background_row(ctx, person=p, kind=rng.choice(("online", "food", "restaurant", "pharmacy",
                                                                   "restaurant"))))
    return rows


def trap_power_user(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    p = new_person(rng, years=(1960, 1990))
    rows = []
    for _ in range(rng.randint(8, 15)):
        r = background_row(ctx, person=p)
        r["law"] = "" if "148" in r["law"] else r["law"]
        if r["claim"] and r["claim"] > r["amount"]:
            r["claim"] = r["amount"]
        rows.append(r)
    return rows


def trap_volunteer(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    station = rng.choice((
        ("钢城区消费者协会红旗街道志愿服务站", "北川市钢城区红旗街道办事处一楼"),
        ("河东区消协胜利社区维权联络站", "北川市河东区胜利大街社区服务中心"),
        ("望岭县消协柳树屯镇消费维权服务站", "望岭县柳树屯镇政府院内"),
        ("高新区消协12315进社区志愿站", "北川市高新区云谷路党群服务中心"),
    ))
    phone = random_landline(rng) if rng.random() < 0.6 else random_mobile(rng)
    staff = random_name(rng)[0]
    rows = []
    for _ in range(rng.randint(6, 14)):
        member = new_person(rng, years=(1940, 1990))
        r = background_row(ctx, person=member)
        lead = rng.choice((f"受{member.name}委托，{station[0]}代为投诉：", f"{station[0]}代{member.name}投诉。",
                           f"（代为投诉，委托人{member.name}，经办志愿者{staff}）"))
        r["text"] = lead + r["text"]
        r["phone"] = phone
        r["addr"] = station[1] if rng.random() < 0.7 else member.addr
        r["remark"] = rng.choice((f"{station[0]}代投诉，有委托书", "志愿站代办", f"经办人{staff}"))
        rows.append(r)
    return rows


def trap_elderly(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    child = new_person(rng, years=(1968, 1990))
    parents = [new_person(rng, surname=child.name[0], male=True, years=(1936, 1955))]
    if rng.random() < 0.7:
        parents.append(new_person(rng, male=False, years=(1938, 1958), area=parents[0].idn[:6],
                                  addr=parents[0].addr))
    rows = []
    for _ in range(rng.randint(2, 5)):
        par = rng.choice(parents)
        kind = rng.choice(("pharmacy", "clinic", "food", "appliance"))
        r = background_row(ctx, person=par, kind=kind)
        rel = "儿子" if child.male else "女儿"
        r["text"] = (f"我是{par.name}的{rel}，老人{rng.choice(('不会用手机', '耳朵背', '腿脚不方便'))}，我替老人反映："
                     + r["text"])
        r["phone"] = child.phone
        rows.append(r)
    return rows


def trap_lawyer(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    firm = rng.choice(("辽北律师事务所", "北川钢都律师事务所", "北川正衡律师事务所", "北川明法律师事务所"))
    lawyer = random_name(rng)[0]
    phone = random_mobile(rng)
    client = new_person(rng, years=(1960, 1995))
    kind = rng.choice(("clinic", "appliance", "auto"))
    merchant = ctx.merchant(kind)
    rows = []
    for _ in range(rng.randint(2, 4)):
        r = background_row(ctx, person=client, kind=kind, merchant=merchant if rng.random() < 0.6 else None)
        r["text"] = f"{firm}{lawyer}律师受{client.name}委托，就以下事项代为投诉：" + r["text"]
        r["phone"] = phone
        r["addr"] = f"北川市河东区人民大街{rng.randint(10, 300)}号{firm}" if rng.random() < 0.7 else client.addr
        r["remark"] = rng.choice(("附授权委托书", f"代理律师{lawyer}", ""))
        rows.append(r)
    return rows


def trap_duplicate(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    p = new_person(rng)
    first = background_row(ctx, person=p, kind=rng.choice(("food", "online", "appliance", "restaurant")))
    first["src"], first["channel"] = "wx", "微信小程序"
    second = dict(first)
    second["pics"] = [dict(s) for s in first["pics"]]
    second["channel"] = rng.choice(("12345转办", "电话"))
    second["recv"] = first["recv"] + timedelta(days=rng.randint(0, 4), hours=rng.randint(1, 20))
    if rng.random() < 0.5:
        second["text"] = rng.choice(("来电反映：", "市民来电称：", "")) + first["text"]
    second["outcome"] = rng.choice(("重复件", "重复件", "已合并办理", "已结案"))
    second["handler"] = rng.choice(HANDLERS["wx"])
    second["closed"] = second["recv"] + timedelta(days=rng.randint(0, 3))
    return [first, second]


def trap_honorific(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    p = new_person(rng, years=(1950, 1995))
    title = "先生" if p.male else "女士"
    card = f"KT{rng.randint(2019, 2025)}{rng.randint(0, 999999):06d}"
    rows = []
    for i in range(rng.randint(2, 4)):
        r = background_row(ctx, person=p, kind="pharmacy")
        r["src"], r["channel"] = "ph", rng.choice(("400热线", "门店转接"))
        r["handler"] = rng.choice(HANDLERS["ph"])
        r["card"] = card
        if i % 2 == 1 or rng.random() < 0.3:
            r["name"] = p.name[0] + title
            r["idn"] = ""
            r["text"] = f"{p.name[0]}{title}来电反映：" + r["text"]
        rows.append(r)
    return rows


def trap_honest_law(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    rows = []
    for _ in range(rng.randint(3, 6)):
        p = new_person(rng)
        merchant = ctx.merchant("food")
        product, price = product_for(rng, "food", merchant)
        recv = rand_dt(rng)
        pdate = (recv - timedelta(days=rng.randint(0, 4))).date()
        text = (f"{md(pdate)}给孩子在{merchant.sign}买了{product}，吃的时候才发现{rng.choice(('已经过期了', '里面发霉了'))}，"
                f"{rng.choice(('孩子吃完拉肚子', '还好吃得不多', '老人吃了胃不舒服'))}。网上查了食品安全法第148条，"
                f"{rng.choice(('要求退款并赔偿一千元', '想按规定要求赔偿', '希望商家按法律赔偿'))}。")
        outcome = weighted(rng, (("调解成功", 5), ("已结案", 3), ("调解未果", 2)))
        comp = rng.choice((1000.0, price, price + 500)) if outcome != "调解未果" else None
        rows.append(make_row(ctx, src="wx", person=p, merchant=merchant, product=product, amount=price, recv=recv,
                             text=text, pdate=pdate, claim=max(1000.0, price * 10), law="食品安全法第148条",
                             pics=[pic(rng, "product"), pic(rng, "receipt")], outcome=outcome, comp=comp))
    return rows


def trap_refund_withdraw(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    kind = rng.choice(("food", "appliance", "online", "pharmacy", "restaurant"))
    merchant = ctx.merchant(kind)
    rows = []
    for _ in range(rng.randint(3, 5)):
        r = background_row(ctx, kind=kind, merchant=merchant)
        r["outcome"] = rng.choice(("撤回", "当事人撤回", "已结案"))
        r["comp"] = r["amount"]
        r["closed"] = r["recv"] + timedelta(days=rng.randint(1, 6))
        r["remark"] = rng.choice((f"商家已退款{r['amount']:g}元，消费者撤回", "已退货退款，投诉人撤诉", "退款到账后撤回"))
        rows.append(r)
    return rows


def trap_similar_photos(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    kind = rng.choice(("appliance", "food", "pharmacy"))
    merchant = ctx.merchant(kind)
    product, price = product_for(rng, kind, merchant)
    color = (rng.randint(60, 230), rng.randint(60, 230), rng.randint(60, 230))
    model = f"BC-{rng.randint(100, 999)}"
    rows = []
    for _ in range(rng.randint(3, 6)):
        r = background_row(ctx, kind=kind)
        r["merchant"], r["product"], r["amount"] = merchant, product, price
        r["text"] = ordinary_text(rng, kind, merchant, product, price, r["pdate"])
        pk = "plate" if kind == "appliance" else "product"
        r["pics"] = [pic(rng, pk, label=model, color=color) for _ in range(rng.choice((1, 1, 2)))]
        rows.append(r)
    return rows


def trap_signboard(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    p = new_person(rng)
    first = background_row(ctx, person=p, kind=rng.choice(("food", "restaurant", "appliance", "pharmacy")))
    rows = [first]
    for _ in range(rng.choice((1, 1, 2))):
        r = dict(first)
        r["pics"] = []
        r["src"] = "wx" if first["src"] != "ph" else "ph"
        r["channel"] = "12345转办" if r["src"] == "wx" else "400热线"
        r["handler"] = rng.choice(HANDLERS[r["src"]])
        r["use_sign"] = True
        r["recv"] = first["recv"] + timedelta(days=rng.randint(2, 15))
        r["text"] = rng.choice(("再次反映：", "之前反映过没人管，", "")) + first["text"]
        r["idn"] = "" if rng.random() < 0.5 else p.idn
        r["outcome"] = weighted(rng, OUTCOMES)
        r["closed"] = r["recv"] + timedelta(days=rng.randint(1, 20))
        rows.append(r)
    return rows


def trap_retirees(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    company = Merchant(f"北川{rng.choice(('康寿堂', '福寿源', '松鹤年'))}健康科技有限公司", "健康讲座会场",
                       make_uscc(rng, "220203", False), "pharmacy")
    product = rng.choice(("量子能量床垫", "纳豆激酶胶囊", "灵芝孢子粉", "负离子理疗仪"))
    secretary = random_name(rng)[0]
    assoc_phone = random_landline(rng)
    day0 = rng.uniform(10, YEAR_DAYS - 30)
    rows = []
    for _ in range(ctx.size(12, 26)):
        p = new_person(rng, years=(1938, 1962), area="220203",
                       addr=f"北川市钢城区红旗街道北钢家属区{rng.randint(1, 80)}栋{rng.randint(1, 6)}单元")
        if rng.random() < 0.4:
            p.phone = random_landline(rng)
        price = float(rng.choice((1980, 2980, 3980, 6800, 9800, 12800)))
        recv = rand_dt(rng, day0, day0 + 12)
        pdate = (recv - timedelta(days=rng.randint(20, 90))).date()
        text = (f"我是北钢{rng.choice(('炼铁厂', '轧钢厂', '焦化厂', '机修厂', '运输部'))}退休职工，"
                f"{md(pdate)}参加{company.name}组织的健康讲座（{rng.choice(('送鸡蛋', '免费体检', '送挂面'))}），"
                f"被推销{product}，说能{rng.choice(('治高血压', '降血糖', '治失眠', '治腰腿疼'))}，"
                f"花了{price:g}元，用了没效果，现在公司找不到人了。要求退款。")
        if rng.random() < 0.5:
            text = text.replace("我是北钢", "本人系北钢").replace("要求退款。", "请求帮助退款。")
        rows.append(make_row(ctx, src="wx", person=p, merchant=company, product=product, amount=price, recv=recv,
                             text=text, pdate=pdate, channel=rng.choice(("来访", "来访", "12345转办")),
                             claim=price, outcome=weighted(rng, (("处理中", 3), ("移交稽查", 4), ("调解成功", 2))),
                             remark=f"北钢退休职工协会统一收集，联系人{secretary} {assoc_phone}",
                             pics=[pic(rng, "receipt")] if rng.random() < 0.5 else []))
    return rows


def trap_clinic_closure(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    clinic = ctx.merchant("clinic")
    day0 = rng.uniform(20, YEAR_DAYS - 20)
    door = pic(rng, "door_notice")
    rows = []
    for _ in range(ctx.size(40, 90)):
        p = new_person(rng, years=(1965, 2002), male=rng.random() < 0.2)
        card_amt = float(rng.choice((1000, 2000, 3000, 5000, 6800, 10000, 20000, 30000, 50000)))
        left = round(card_amt * rng.uniform(0.2, 0.95) / 100) * 100
        recv = rand_dt(rng, day0, day0 + rng.choice((4, 7, 10)))
        pdate = (recv - timedelta(days=rng.randint(30, 400))).date()
        text = rng.choice((
            f"{clinic.sign}突然关门了，门上贴着装修通知，电话打不通。我在这办了{card_amt:g}元的卡，还剩{left:g}元没用，要求退还余额。",
            f"{clinic.sign}跑路了！{md(pdate)}充值{card_amt:g}，剩余{left:g}，请政府帮忙追回。",
            f"去{clinic.sign}做项目发现已经关门，群里说老板跑了。预付卡余额{left:g}元。",
            f"我是{clinic.sign}的会员，办卡{card_amt:g}元，{rng.choice(('种植牙只做了一半', '疗程还剩8次', '套餐还有三次'))}，"
            f"现在店没了，要求退款。",
        ))
        pics = []
        if rng.random() < 0.4:
            pics.append(dict(door, edits=[rng.choice(("crop", "bright", "crop"))], use=rng.randint(0, 9999)))
        if rng.random() < 0.4:
            pics.append(pic(rng, rng.choice(("invoice", "payment"))))
        rows.append(make_row(ctx, src="med" if rng.random() < 0.6 else "wx", person=p, merchant=clinic,
                             product=rng.choice(("预付卡", "会员卡充值", "种植牙套餐", "美容年卡")), amount=card_amt,
                             recv=recv, text=text, pdate=pdate, claim=left,
                             outcome=weighted(rng, (("处理中", 5), ("移交稽查", 3), ("已登记", 2))),
                             remark=rng.choice(("", "集中投诉", "已报公安经侦", f"{clinic.sign}关店"))))
    return rows


def trap_trade_in(ctx: Ctx) -> list[dict]:
    rng = ctx.rng
    merchant = ctx.merchant("appliance")
    day0 = rng.uniform(60, YEAR_DAYS - 40)
    rows = []
    for _ in range(ctx.size(8, 20)):
        p = new_person(rng)
        product, price = product_for(rng, "appliance", merchant)
        recv = rand_dt(rng, day0, day0 + 25)
        pdate = (recv - timedelta(days=rng.randint(15, 60))).date()
        subsidy = round(price * rng.choice((0.15, 0.2)))
        text = (f"{md(pdate)}在{merchant.stall}{merchant.sign}以旧换新买{product}，说好国补{subsidy}元"
                f"{rng.choice(('一个月到账', '当场减免', '七个工作日到账'))}，到现在没给，"
                f"{rng.choice(('摊主说平台审核没过', '打电话推给厂家', '说系统故障'))}。要求兑现补贴。")
        rows.append(make_row(ctx, src="mkt", person=p, merchant=merchant, product=product, amount=price, recv=recv,
                             text=text, pdate=pdate, claim=float(subsidy), law="",
                             remark=f"摊位号{merchant.stall}；以旧换新补贴", pics=[pic(rng, "stamped")] if
                             rng.random() < 0.5 else [],
                             outcome=weighted(rng, (("处理中", 3), ("调解成功", 4), ("已回访", 2)))))
    return rows


SCHEME_PLAN = (
    ("professional_claimant", scheme_professional, 8),
    ("identity_rotation", scheme_identity_rotation, 8),
    ("template_ring", scheme_template_ring, 7),
    ("evidence_extortion", scheme_evidence_extortion, 8),
    ("private_payment_withdrawal", scheme_private_payment, 10),
    ("low_and_slow_ring", scheme_low_and_slow, 8),
    ("split_purchase", scheme_split_purchase, 7),
)
TRAP_PLAN = (
    ("contaminated_batch", trap_contaminated, 4),
    ("household_shared_phone", trap_household, 24),
    ("dormitory", trap_dormitory, 6),
    ("power_user", trap_power_user, 6),
    ("volunteer_representative", trap_volunteer, 6),
    ("elderly_by_child", trap_elderly, 14),
    ("lawyer_one_client", trap_lawyer, 10),
    ("duplicate_two_channels", trap_duplicate, 50),
    ("hotline_honorific", trap_honorific, 30),
    ("honest_law_citer", trap_honest_law, 16),
    ("refund_then_withdraw", trap_refund_withdraw, 14),
    ("similar_product_photos", trap_similar_photos, 12),
    ("signboard_name", trap_signboard, 24),
    ("steel_retirees_association", trap_retirees, 3),
    ("prepaid_clinic_closure", trap_clinic_closure, 2),
    ("trade_in_subsidy_delay", trap_trade_in, 3),
)
GROUP_CODES = {
    "professional_claimant": "PC", "identity_rotation": "IR", "template_ring": "TR", "evidence_extortion": "EE",
    "private_payment_withdrawal": "PP", "low_and_slow_ring": "LS", "split_purchase": "SP",
    "contaminated_batch": "CB", "household_shared_phone": "HS", "dormitory": "DM", "power_user": "PU",
    "volunteer_representative": "VR", "elderly_by_child": "EC", "lawyer_one_client": "LW",
    "duplicate_two_channels": "DC", "hotline_honorific": "HH", "honest_law_citer": "HL", "refund_then_withdraw": "RW",
    "similar_product_photos": "SF", "signboard_name": "SN", "steel_retirees_association": "RA",
    "prepaid_clinic_closure": "CC", "trade_in_subsidy_delay": "TI",
}


# ---------------------------------------------------------------------------------------------------------------
# assembling and writing


def assign_ids(rng: random.Random, rows: list[dict]) -> list[dict]:
    ordered: list[dict] = []
    for src in SOURCE_ORDER:
        block = sorted((r for r in rows if r["src"] == src), key=lambda r: r["recv"], reverse=(src == "wx"))
        seq = rng.randint(100, 900)
        for r in sorted(block, key=lambda r: r["recv"]):
            seq += 1 if rng.random() < 0.93 else rng.randint(2, 5)
            d = r["recv"]
            if src == "wx":
                r["cid"] = f"WX{d:%Y%m%d}{seq:06d}"
            elif src == "mkt":
                r["cid"] = f"SC-{d.year}-{seq:05d}"
            elif src == "med":
                r["cid"] = f"YM{d:%y}-{seq:04d}"
            else:
                r["cid"] = f"KT-HL-{d:%y%m%d}-{seq:05d}"
        ordered.extend(block)
    return ordered


def jsonish_text(rng: random.Random, r: dict) -> str:
    text = r["text"].replace('"', '\\"')
    demand = rng.choice(("退款", "赔偿", "处理", "null"))
    body = f'{{"问题描述":"{text}","诉求":"{demand}","附件数":{len(r["pics"])}}}'
    if rng.random() < 0.3:
        body = body.replace('","', '",\n"')
    return body


def format_row(rng: random.Random, r: dict, pic_names: list[tuple[str, dict]], used_names: set[str]) -> list[str]:
    src = r["src"]
    m: Merchant = r["merchant"]
    cells = dict.fromkeys(COLUMNS, "")
    cells["source_system"] = SOURCES[src] + (" " if rng.random() < 0.01 else "")
    cells["complaint_id"] = r["cid"]
    cells["channel"] = r["channel"]
    cells["received_at"] = fmt_dt(rng, r["recv"], src)
    name = r["name"]
    if rng.random() < 0.01:
        name = name + " "
    cells["complainant_name"] = name
    phone = r["phone"]
    if src == "ph" and rng.random() < 0.03:
        phone = f"{random_landline(rng)}转{rng.randint(100, 899)}"
    cells["complainant_phone"] = fmt_phone(rng, phone)
    cells["complainant_id_number"] = fmt_id(rng, r["idn"], src) if (src != "ph" or rng.random() < 0.4) else \
        rng.choice(MISSING)
    addr = r["addr"]
    if src == "wx" and rng.random() < 0.12 and addr.startswith("北川市"):
        rest = addr[3:]
        addr = f'{{"province":"北辽省","city":"北川市","district":"{rest[:3]}","detail":"{rest[3:]}"}}'
    elif src == "ph" and rng.random() < 0.5:
        addr = rng.choice(MISSING)
    cells["complainant_address"] = addr
    if r["use_sign"]:
        cells["merchant_name"], cells["merchant_uscc"] = m.sign, rng.choice(MISSING)
    else:
        cells["merchant_name"] = m.name if rng.random() < 0.9 else m.sign
        cells["merchant_uscc"] = m.uscc if rng.random() < (0.93 if src != "ph" else 0.5) else rng.choice(MISSING)
    cells["product"] = r["product"]
    cells["order_no"] = r["order_no"] or rng.choice(MISSING)
    cells["purchase_date"] = fmt_date(rng, r["pdate"])
    q = r["qty"]
    cells["purchase_quantity"] = rng.choice((str(q), str(q), f"{q}件", f"{q}盒" if src in ("ph", "wx") else str(q)))
    cells["purchase_amount"] = fmt_amount(rng, r["amount"], src)
    cells["claim_amount"] = fmt_amount(rng, r["claim"], src) if r["claim"] is not None else rng.choice(MISSING)
    cells["legal_basis"] = r["law"] or rng.choice(MISSING)
    if src == "wx" and rng.random() < 0.25:
        cells["text"] = jsonish_text(rng, r)
    else:
        cells["text"] = r["text"]
    names = []
    for spec in r["pics"]:
        for _ in range(50):
            style = rng.random()
            if src == "wx":
                fname = (f"wx_{rng.randint(0, 16**12):012x}.jpg" if style < 0.6 else
                         f"微信图片_{r['recv']:%Y%m%d}{rng.randint(100000, 999999)}.jpg")
            elif src == "mkt":
                fname = f"台账扫描_{r['cid']}_{rng.randint(1, 99)}.jpg"
            elif src == "med":
                fname = f"YM_{r['cid']}_{rng.randint(1, 9)}.jpg" if style < 0.5 else f"IMG_{rng.randint(1000, 9999)}.jpg"
            else:
                fname = f"hl_{r['cid']}_{rng.randint(1, 9)}.jpg"
            if fname not in used_names:
                break
        used_names.add(fname)
        names.append(fname)
        pic_names.append((fname, spec))
    sep = rng.choice((";", ";", "；", "，", "、"))
    cells["evidence_files"] = sep.join(names) if names else ("" if rng.random() < 0.7 else rng.choice(("null", "[]")))
    cells["handler"] = r["handler"]
    cells["outcome"] = r["outcome"]
    cells["compensation_amount"] = fmt_amount(rng, r["comp"], src) if r["comp"] is not None else rng.choice(MISSING)
    cells["closed_at"] = fmt_dt(rng, r["closed"], src) if r["closed"] is not None else rng.choice(MISSING)
    remark = r["remark"]
    if r["card"]:
        remark = (remark + "；" if remark else "") + rng.choice(("会员卡号:", "会员卡 ", "卡号")) + r["card"]
    if src == "ph" and rng.random() < 0.2:
        remark = (remark + "；" if remark else "") + rng.choice(("医保统筹支付", "个人账户支付", "处方已核验", "无处方"))
    if src == "mkt" and m.stall and not remark and rng.random() < 0.5:
        remark = f"摊位{m.stall}"
    cells["remark"] = remark or ("" if rng.random() < 0.8 else rng.choice(("null", "N/A")))
    # swapped columns, the way a tired clerk pastes them
    x = rng.random()
    if x < 0.006:
        cells["complainant_name"], cells["complainant_phone"] = cells["complainant_phone"], cells["complainant_name"]
    elif x < 0.010:
        cells["purchase_date"], cells["purchase_amount"] = cells["purchase_amount"], cells["purchase_date"]
    elif x < 0.013:
        cells["merchant_name"], cells["product"] = cells["product"], cells["merchant_name"]
    return [cells[c] for c in COLUMNS]


def encoding_for(seed: int) -> str:
    return ENCODINGS[random.Random(seed * 7919 + 13).randrange(len(ENCODINGS))]


def build(seed: int, rows: int) -> tuple[list[list[str]], dict, list[tuple[str, dict]], str]:
    rng = random.Random(seed)
    encoding = encoding_for(seed)
    ctx = Ctx(rng, rows)
    truth: dict = {"generator": GENERATOR, "seed": seed, "rows": rows, "encoding": encoding, "schemes": {},
                   "traps": {}}
    budget_s, budget_t = max(1, int(rows * 0.065)), max(1, int(rows * 0.15))
    for section, plan, budget in (("schemes", SCHEME_PLAN, budget_s), ("traps", TRAP_PLAN, budget_t)):
        used = 0
        made = dict.fromkeys((k for k, _, _ in plan), 0)
        for rnd in range(max(ctx.n(base) for _, _, base in plan)):
            for kind, fn, base in plan:
                if made[kind] >= ctx.n(base):
                    continue
                group = fn(ctx)
                if rnd > 0 and used + len(group) > budget:
                    continue
                used += len(group)
                made[kind] += 1
                ctx.add_group(section, kind, group)
    # very small exports (below ~400 rows) cannot hold one group of every kind: drop the last-made groups
    while ctx.groups and sum(len(g) for _, _, g in ctx.groups) > rows * 0.4:
        ctx.groups.pop()
    ctx.all_rows = [r for _, _, g in ctx.groups for r in g]
    while len(ctx.all_rows) < rows:
        ctx.all_rows.append(background_row(ctx))
        if rng.random() < 0.04 and len(ctx.all_rows) < rows:  # genuine repeat complainant
            prev = ctx.all_rows[-1]
            p = Person(prev["name"], prev["phone"], prev["idn"], prev["addr"], date(1980, 1, 1), True)
            ctx.all_rows.append(background_row(ctx, person=p))
    grouped = {id(r) for _, _, g in ctx.groups for r in g}
    if len(ctx.all_rows) > rows:  # trim background only
        extra = len(ctx.all_rows) - rows
        keep = []
        for r in reversed(ctx.all_rows):
            if extra and id(r) not in grouped:
                extra -= 1
                continue
            keep.append(r)
        ctx.all_rows = list(reversed(keep))
    ordered = assign_ids(rng, ctx.all_rows)
    counters: dict[str, int] = {}
    for section, kind, group in ctx.groups:
        code = GROUP_CODES[kind]
        counters[code] = counters.get(code, 0) + 1
        gid = f"{'S' if section == 'schemes' else 'T'}-{code}-{counters[code]:02d}"
        truth[section][gid] = {"kind": kind, "complaint_ids": [r["cid"] for r in group]}
    pic_names: list[tuple[str, dict]] = []
    used_names: set[str] = set()
    table = [format_row(rng, r, pic_names, used_names) for r in ordered]
    return table, truth, pic_names, encoding


def generate(out_dir: Path, seed: int, rows: int, pictures: bool = True) -> dict:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    table, truth, pic_names, encoding = build(seed, rows)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(table)
    (out_dir / "complaints.csv").write_bytes(buf.getvalue().encode(encoding))
    (out_dir / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    if pictures:
        ev = out_dir / "evidence"
        ev.mkdir(exist_ok=True)
        for fname, spec in pic_names:
            im = draw_picture(spec)
            quality = 60 + spec["seed"] % 30
            im.save(ev / fname, "JPEG", quality=quality)
    return truth


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="北川市 complaint export generator (held-out)")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--no-pictures", action="store_true")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    truth = generate(args.out_dir, args.seed, args.rows, pictures=not args.no_pictures)
    n_s = sum(len(g["complaint_ids"]) for g in truth["schemes"].values())
    n_t = sum(len(g["complaint_ids"]) for g in truth["traps"].values())
    print(f"{args.out_dir}: {args.rows} rows, {len(truth['schemes'])} scheme groups ({n_s} rows), "
          f"{len(truth['traps'])} trap groups ({n_t} rows), encoding {truth['encoding']}, "
          f"{time.perf_counter() - t0:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
