"""Held-out complaint generator: 凌港市 (an invented northern industrial port city).

The city's market-regulation bureau merges five feeds into one export:
  * the national 12315 platform's export for the city (long consumer-written texts),
  * the 12345 government hotline (operator summaries, 张女士/李先生 style names),
  * the commerce bureau's pre-paid card (预付卡) ledger (gyms, salons, training schools, car washes),
  * the 凌百超市 chain's customer-service log (门店编号, 会员号, 小票号; short notes),
  * 凌港 district court's pre-litigation mediation list (诉前调解, 原告/被告).

Written without looking at any model.  Usage:
    python bench/heldout/gen_linggang.py OUT_DIR --seed N --rows N [--no-pictures]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import sys
from pathlib import Path

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
    "prepaid_closure",
    "short_weight_scale",
    "odometer_rollback",
)

COLUMNS = [
    "source_system",
    "complaint_id",
    "channel",
    "received_at",
    "complainant_name",
    "complainant_phone",
    "complainant_id_number",
    "complainant_address",
    "merchant_name",
    "merchant_uscc",
    "product",
    "order_no",
    "purchase_date",
    "purchase_quantity",
    "purchase_amount",
    "claim_amount",
    "legal_basis",
    "text",
    "evidence_files",
    "handler",
    "outcome",
    "compensation_amount",
    "closed_at",
    "remark",
]

# ----------------------------------------------------------------------------------------------------------------
# identifiers with valid check digits

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"


def id_check_digit(body17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=False)) % 11]


def id_valid(s: str) -> bool:
    s = s.strip().upper()
    if len(s) == 15:
        return s.isdigit()
    return len(s) == 18 and s[:17].isdigit() and id_check_digit(s[:17]) == s[17]


def make_id(rng: random.Random, area: str, birth: dt.date, male: bool) -> str:
    seq = rng.randrange(0, 100) * 10 + rng.choice([1, 3, 5, 7, 9] if male else [0, 2, 4, 6, 8])
    body = f"{area}{birth:%Y%m%d}{seq:03d}"
    return body + id_check_digit(body)


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_W = [3, 7, 9, 10, 5, 8, 4, 2]


def uscc_check(body17: str) -> str:
    s = sum(USCC_CHARS.index(c) * w for c, w in zip(body17, USCC_W, strict=False))
    return USCC_CHARS[(31 - s % 31) % 31]


def uscc_valid(s: str) -> bool:
    s = s.strip().upper()
    if len(s) != 18 or any(c not in USCC_CHARS for c in s):
        return False
    org = s[8:17]
    c = 11 - sum(int(ch) * w for ch, w in zip(org[:8], ORG_W, strict=False)) % 11
    oc = "X" if c == 10 else ("0" if c == 11 else str(c))
    return org[8] == oc and uscc_check(s[:17]) == s[17]


def make_uscc(rng: random.Random, area: str, kind: str = "91") -> str:
    org8 = "".join(rng.choice("0123456789") for _ in range(8))
    c = 11 - sum(int(ch) * w for ch, w in zip(org8, ORG_W, strict=False)) % 11
    oc = "X" if c == 10 else ("0" if c == 11 else str(c))
    body = kind + area + org8 + oc
    return body + uscc_check(body)


def luhn_valid(num: str) -> bool:
    digits = [int(c) for c in num]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def make_card(rng: random.Random) -> str:
    prefix = rng.choice(["622202", "621700", "622848", "621226", "623052", "622908", "621483"])
    length = rng.choice([16, 19, 19])
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    for d in "0123456789":
        if luhn_valid(body + d):
            return body + d
    raise AssertionError


# ----------------------------------------------------------------------------------------------------------------
# vocabulary

SURNAMES = list(
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红萍建国志东海波宁雪梅鹏辉斌宇浩凯晨琳颖欣悦子轩博文佳怡思雨嘉淑凤春玲瑞婷鑫亮飞岩松柏峰冬"
)
MINORITY = [
    "阿依古丽·买买提",
    "巴特尔·那顺",
    "古丽娜尔·阿不都",
    "吐尔逊·艾力",
    "乌兰·其木格",
    "热依拉·吾守尔",
    "阿迪力·买合木提",
    "苏和·巴雅尔",
    "娜仁·格日勒",
    "帕提古丽·托乎提",
    "额尔敦·宝力道",
    "迪丽努尔·艾山",
]

LG_AREAS = ["211402", "211403", "211404", "211411", "211421", "211422"]
OTHER_CITIES = [
    ("沈阳市和平区", "210102"),
    ("大连市中山区", "210202"),
    ("唐山市路南区", "130202"),
    ("营口市站前区", "210802"),
    ("天津市滨海新区", "120116"),
    ("烟台市芝罘区", "370602"),
    ("锦州市古塔区", "210702"),
    ("秦皇岛市海港区", "130302"),
    ("鞍山市铁东区", "210302"),
    ("丹东市振兴区", "210603"),
    ("葫芦岛市连山区", "211402"),
    ("哈尔滨市道里区", "230102"),
]
DISTRICTS = [
    ("中山区", "211402"),
    ("西岗区", "211403"),
    ("港湾区", "211404"),
    ("钢城区", "211411"),
    ("汽配新区", "211421"),
    ("高新区大学城", "211422"),
]
STREETS = [
    "海昌路",
    "渔港街",
    "钢花路",
    "炼铁北路",
    "长兴街",
    "港湾大道",
    "滨海西路",
    "轧钢新村",
    "汽配大道",
    "学府路",
    "文华街",
    "暖山路",
    "北岸街",
    "船厂路",
    "盐场路",
    "灯塔街",
    "冷库路",
    "铁西三街",
]
PHONE_PREFIX = [
    "139",
    "138",
    "137",
    "135",
    "136",
    "150",
    "151",
    "152",
    "158",
    "159",
    "182",
    "183",
    "187",
    "188",
    "130",
    "131",
    "132",
    "155",
    "156",
    "186",
    "133",
    "153",
    "180",
    "181",
    "189",
    "177",
    "199",
    "198",
]
TRAD = dict(
    zip(
        "这说买卖质问题们个时后经过还没发现里会对赔偿钱货费电话员给让为处应该门检验单额报举诉议复请权机关无与见来结谈钟变过",
        "這說買賣質問題們個時後經過還沒發現裡會對賠償錢貨費電話員給讓為處應該門檢驗單額報舉訴議復請權機關無與見來結談鐘變過",
        strict=True,
    )
)
TYPOS = {
    "的": "得",
    "在": "再",
    "已": "以",
    "赔偿": "陪偿",
    "商家": "商加",
    "投诉": "头诉",
    "质量": "质两",
    "退款": "退欵",
}
CN_DIG = "零壹贰叁肆伍陆柒捌玖"

# merchant categories: (registered-name pattern, signboard pattern, products [(name, lo, hi)], food)
CATS = {
    "supermarket": (
        "凌港凌百商贸连锁有限公司{s}店",
        "凌百超市({s}店)",
        [
            ("进口黑巧克力", 19, 69),
            ("纯牛奶整箱", 45, 89),
            ("冷冻虾仁", 39, 129),
            ("散装开心果", 28, 88),
            ("特级初榨橄榄油", 59, 189),
            ("酱牛肉", 35, 78),
            ("进口曲奇饼干", 15, 59),
            ("鲜鸡蛋30枚", 18, 32),
            ("速冻水饺", 12, 36),
            ("蜂蜜", 29, 128),
            ("儿童奶酪棒", 25, 68),
            ("进口红酒", 68, 398),
        ],
        True,
    ),
    "seafood": (
        "凌港市中山区{x}记水产经营部",
        "{x}记海鲜(水产市场{n}号摊)",
        [
            ("梭子蟹", 80, 480),
            ("活海参", 200, 1800),
            ("大对虾", 90, 360),
            ("鲍鱼", 120, 680),
            ("扇贝", 30, 160),
            ("淡干海参", 800, 6800),
            ("黄花鱼", 45, 220),
        ],
        True,
    ),
    "restaurant": (
        "凌港市{d}{x}餐饮有限公司",
        "{x}海鲜大排档",
        [
            ("海鲜套餐", 168, 988),
            ("烧烤外卖", 45, 260),
            ("饺子宴席", 300, 1600),
            ("铁锅炖", 128, 468),
            ("麻辣烫外卖", 22, 66),
        ],
        True,
    ),
    "gym": (
        "凌港市{x}健身服务有限公司",
        "{x}健身",
        [("年卡", 1280, 3980), ("私教课40节", 6000, 16000), ("次卡100次", 800, 2000)],
        False,
    ),
    "beauty": (
        "凌港市{d}{x}美容美发店",
        "{x}美业",
        [("美容储值卡", 1000, 10000), ("美发会员卡", 500, 3000), ("祛斑疗程", 2980, 19800)],
        False,
    ),
    "training": (
        "凌港{x}教育咨询有限公司",
        "{x}教育",
        [
            ("考研全程班", 6800, 19800),
            ("少儿英语课包", 4800, 15800),
            ("编程培训", 9800, 26800),
            ("驾校报名费", 3800, 5600),
        ],
        False,
    ),
    "carwash": ("凌港市{d}{x}汽车美容服务部", "{x}洗车", [("洗车储值卡", 500, 3000), ("打蜡年卡", 800, 2600)], False),
    "usedcar": (
        "凌港市{x}二手车经纪有限公司",
        "{x}二手车(二手车市场{n}号展位)",
        [
            ("2017款大众速腾", 58000, 86000),
            ("2018款丰田卡罗拉", 62000, 92000),
            ("2016款本田雅阁", 78000, 118000),
            ("2019款吉利博越", 52000, 79000),
            ("2015款宝马3系", 95000, 138000),
        ],
        False,
    ),
    "autorepair": (
        "凌港市{x}汽车维修有限公司",
        "{x}汽修",
        [("更换刹车片", 380, 1200), ("发动机大修", 4800, 16000), ("钣金喷漆", 600, 3600), ("保养套餐", 399, 1288)],
        False,
    ),
    "online": (
        "凌港{x}电子商务有限公司",
        "{x}旗舰店",
        [
            ("蓝牙耳机", 59, 399),
            ("羽绒服", 299, 1699),
            ("进口奶粉", 228, 468),
            ("减肥代餐粉", 98, 398),
            ("燕窝礼盒", 168, 1288),
            ("进口橄榄油", 88, 268),
        ],
        True,
    ),
    "health": (
        "凌港{x}健康科技有限公司",
        "{x}养生馆",
        [("灵芝孢子粉", 2980, 12800), ("磁疗床垫", 6800, 19800), ("富氢水杯", 1280, 3980), ("保健酒", 880, 3600)],
        False,
    ),
    "appliance": (
        "凌港市{x}家电经销有限公司",
        "{x}电器",
        [("电暖器", 299, 1299), ("电热毯", 89, 359), ("空调", 2599, 6999), ("燃气热水器", 1599, 4599)],
        False,
    ),
}
XNAMES = list("鑫盛源达丰泰海港凌北瑞福兴恒利通远航金宏辉祥安康德旺佳新")
PREPAID_CATS = ("gym", "beauty", "training", "carwash")
FOOD_CATS = ("supermarket", "online", "seafood", "restaurant")

LAW_148 = [
    "《食品安全法》第一百四十八条",
    "食品安全法第148条",
    "食品安全法148条第二款",
    "《中华人民共和国食品安全法》第148条",
]
LAW_55 = ["《消费者权益保护法》第五十五条", "消法第55条", "消费者权益保护法55条", "《消保法》第五十五条第一款"]
LAW_OTHER = [
    "《消费者权益保护法》第二十四条",
    "《单用途商业预付卡管理办法（试行）》",
    "《合同法》",
    "民法典第五百七十七条",
    "《产品质量法》第四十条",
    "《二手车流通管理办法》",
]

SOURCES = {
    "12315": ("全国12315平台", ["网站", "APP", "微信小程序", "支付宝小程序", "电话"]),
    "12345": ("12345政务服务热线", ["12345热线", "热线转办", "12345热线"]),
    "prepaid": ("市商务局预付卡台账", ["来访", "电话", "信函", "网上登记"]),
    "market": ("凌百超市客服系统", ["服务台", "客服电话", "会员小程序"]),
    "court": ("凌港市西岗区人民法院诉前调解", ["诉前调解", "诉调对接"]),
}
HANDLERS = {
    "12315": [
        "中山所 王晓东",
        "西岗所 刘丹",
        "港湾所 于海涛",
        "钢城所 孙莉",
        "大学城所 赵一鸣",
        "消保科 曲丽娜",
        "执法大队 郑强",
        "汽配所 林洪波",
    ],
    "12345": ["话务员1023", "话务员0871", "话务员1177", "转办专员 齐悦"],
    "prepaid": ["商务局 周文", "商务局 高翔", "市场运行科 马小玲"],
    "market": ["客服07号", "客服12号", "店长 韩冰", "客服03", "值班经理 邵军"],
    "court": ["调解员 刘玉梅", "调解员 陈国庆", "特邀调解员 唐宁", "诉调中心 何静"],
}


# ----------------------------------------------------------------------------------------------------------------
# small helpers for messy cells


def fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def trad(s: str, rng: random.Random, p: float = 0.6) -> str:
    return "".join(TRAD[c] if c in TRAD and rng.random() < p else c for c in s)


def cn_upper(n: int) -> str:
    if n == 0:
        return "零元整"
    units = ["", "拾", "佰", "仟"]
    out = ""

    def four(x: int) -> str:
        s, zero = "", False
        for i in range(3, -1, -1):
            d = x // 10**i % 10
            if d == 0:
                zero = bool(s)
            else:
                if zero:
                    s += "零"
                    zero = False
                s += CN_DIG[d] + units[i]
        return s

    wan, rest = divmod(n, 10000)
    if wan:
        out = four(wan) + "万"
        if rest and rest < 1000:
            out += "零"
    out += four(rest)
    return out + "元整"


def empty(rng: random.Random) -> str:
    return rng.choice(["", "", "", "NULL", "—", "暂无", "无", "/", "NULL"])


def money(rng: random.Random, v: float | None, allow_neg: bool = False) -> str:
    if v is None:
        return empty(rng)
    neg = v < 0
    v = abs(v)
    r = rng.random()
    iv = int(round(v))
    if r < 0.3:
        s = f"{v:.2f}" if v != iv else str(iv)
    elif r < 0.45:
        s = f"{iv:,}元"
    elif r < 0.55:
        s = f"￥ {iv}"
    elif r < 0.62:
        s = f"¥{v:,.2f}"
    elif r < 0.68 and iv >= 10000 and iv % 1000 == 0:
        s = f"{iv / 10000:g}万"
    elif r < 0.72 and v == iv and iv >= 100:
        s = cn_upper(iv)
    elif r < 0.76:
        s = fullwidth(str(iv)) + "元"
    else:
        s = f"{v:.2f}"
    return ("-" + s) if neg and allow_neg else s


def excel_serial(t: dt.datetime) -> str:
    d = (t - dt.datetime(1899, 12, 30)).total_seconds() / 86400
    return str(int(d)) if random.Random(int(d * 7)).random() < 0.6 else f"{d:.4f}"


def fmt_dt(rng: random.Random, t: dt.datetime | None, src: str) -> str:
    if t is None:
        return empty(rng)
    base = {"12315": 0, "12345": 0, "prepaid": 2, "market": 1, "court": 3}[src]
    style = base if rng.random() < 0.8 else rng.randrange(7)
    if style == 0:
        return f"{t:%Y-%m-%d %H:%M:%S}"
    if style == 1:
        return f"{t.year}/{t.month}/{t.day} {t.hour}:{t.minute:02d}"
    if style == 2:
        return rng.choice([f"{t.year}/{t.month}/{t.day}", f"{t:%Y%m%d}", f"{t:%Y-%m-%d}"])
    if style == 3:
        return f"{t.year}年{t.month}月{t.day}日"
    if style == 4:
        h = t.hour
        part = "上午" if h < 12 else "下午"
        return f"{t:%Y年%m月%d日} {part}{h if h <= 12 else h - 12}点"
    if style == 5:
        return excel_serial(t)
    return f"{t:%Y%m%d}"


def fmt_date(rng: random.Random, d: dt.date | None) -> str:
    if d is None:
        return empty(rng)
    r = rng.random()
    if r < 0.5:
        return f"{d:%Y-%m-%d}"
    if r < 0.7:
        return f"{d.year}/{d.month}/{d.day}"
    if r < 0.8:
        return f"{d:%Y%m%d}"
    if r < 0.9:
        return f"{d.year}年{d.month}月{d.day}日"
    return excel_serial(dt.datetime(d.year, d.month, d.day))


def fmt_phone(rng: random.Random, p: str, style: int | None = None) -> str:
    if not p.startswith("1"):
        return p
    r = rng.random() if style is None else style / 10
    if r < 0.6:
        return p
    if r < 0.72:
        return f"{p[:3]} {p[3:7]} {p[7:]}"
    if r < 0.8:
        return f"{p[:3]}-{p[3:7]}-{p[7:]}"
    if r < 0.87:
        return "+86-" + p
    if r < 0.92:
        return "+86 " + p
    if r < 0.97:
        return fullwidth(p)
    return "86" + p


def fmt_id(rng: random.Random, idn: str, src: str) -> str:
    if not idn:
        return empty(rng)
    if src == "market" and rng.random() < 0.7:
        return empty(rng)
    if src == "12345" and rng.random() < 0.12:
        return idn[:6] + "********" + idn[14:]
    if idn.endswith("X") and rng.random() < 0.5:
        return idn[:-1] + "x"
    return idn


def digits_messy(rng: random.Random, s: str) -> str:
    r = rng.random()
    if r < 0.3:
        return s
    if r < 0.55:
        return " ".join(s[i : i + 4] for i in range(0, len(s), 4))
    if r < 0.7:
        return "-".join(s[i : i + 4] for i in range(0, len(s), 4))
    if r < 0.85:
        return fullwidth(s)
    return f"{s[:3]} {s[3:7]} {s[7:]}"


# ----------------------------------------------------------------------------------------------------------------
# world


class World:
    def __init__(self, rng: random.Random, rows: int):
        self.rng = rng
        self.start = dt.datetime(2024, 7, 1)
        self.days = 510
        self.merchants: dict[str, list[dict]] = {}
        n_per = max(6, rows // 120)
        for cat, (reg, sign, _prods, _food) in CATS.items():
            lst = []
            used = set()
            count = n_per * (3 if cat in ("supermarket", "restaurant", "online", "seafood") else 1)
            if cat == "supermarket":
                count = 18
            for i in range(count):
                d, area = rng.choice(DISTRICTS)
                x = rng.choice(XNAMES) + rng.choice(XNAMES) if cat != "seafood" else rng.choice(SURNAMES)
                s = rng.choice(STREETS).replace("路", "").replace("街", "") + (str(i) if cat == "supermarket" else "")
                key = (x, s, d)
                if key in used:
                    x = x + rng.choice(XNAMES)
                used.add(key)
                n = rng.randint(1, 380)
                m = {
                    "cat": cat,
                    "name": reg.format(x=x, d=d.replace("区", ""), s=s, n=n),
                    "sign": sign.format(x=x, s=s, n=n),
                    "uscc": make_uscc(rng, area, rng.choice(["91", "91", "92"])),
                    "store_no": f"LB{i + 1:03d}" if cat == "supermarket" else "",
                }
                lst.append(m)
            self.merchants[cat] = lst
        self.people_made = 0
        self.used_phones: set[str] = set()

    def merchant(self, cat: str | None = None) -> dict:
        if cat is None:
            cat = self.rng.choices(list(CATS), [14, 8, 10, 5, 5, 5, 3, 4, 4, 12, 3, 5])[0]
        return self.rng.choice(self.merchants[cat])

    def product(self, m: dict) -> tuple[str, float]:
        name, lo, hi = self.rng.choice(CATS[m["cat"]][2])
        p = self.rng.uniform(lo, hi)
        p = round(p, 1) if p < 100 else (round(p, -1) if p < 5000 else round(p, -2))
        return name, p

    def phone(self, prefix: str | None = None) -> str:
        while True:
            p = prefix or self.rng.choice(PHONE_PREFIX) + str(self.rng.randint(0, 9999)).zfill(4)
            p = (p + "".join(self.rng.choice("0123456789") for _ in range(11)))[:11]
            if p not in self.used_phones:
                self.used_phones.add(p)
                return p

    def name(self, surname: str | None = None, male: bool | None = None) -> str:
        if surname is None and self.rng.random() < 0.012:
            return self.rng.choice(MINORITY)
        s = surname or (
            self.rng.choice(SURNAMES) if self.rng.random() > 0.01 else self.rng.choice(["欧阳", "司马", "上官"])
        )
        g = self.rng.choice(GIVEN) + (self.rng.choice(GIVEN) if self.rng.random() < 0.75 else "")
        return s + g

    def address(self, city: str | None = None) -> str:
        r = self.rng
        if city:
            road = r.choice(["中华路", "人民街", "解放路", "建设大街", "新华路"])
            return f"{city}{road}{r.randint(1, 300)}号{r.randint(1, 6)}-{r.randint(1, 30)}-{r.randint(1, 4)}"
        d, _ = r.choice(DISTRICTS)
        s = r.choice(STREETS)
        form = r.random()
        if form < 0.5:
            return f"凌港市{d}{s}{r.randint(1, 260)}号{r.randint(1, 8)}单元{r.randint(1, 18)}0{r.randint(1, 4)}"
        if form < 0.8:
            return f"{d}{s}{r.randint(1, 260)}-{r.randint(1, 8)}-{r.randint(1, 18)}0{r.randint(1, 4)}"
        return f"凌港{d}{r.choice(XNAMES)}{r.choice(['园', '苑', '小区', '家园'])}{r.randint(1, 30)}号楼"

    def person(
        self,
        surname: str | None = None,
        male: bool | None = None,
        city: tuple | None = None,
        age: tuple[int, int] = (20, 72),
        address: str | None = None,
        phone: str | None = None,
    ) -> dict:
        r = self.rng
        male = r.random() < 0.5 if male is None else male
        name = self.name(surname, male)
        area = city[1] if city else (r.choice(LG_AREAS) if r.random() < 0.8 else r.choice(OTHER_CITIES)[1])
        birth = dt.date(2025 - r.randint(*age), r.randint(1, 12), r.randint(1, 28))
        idn = make_id(r, area, birth, male)
        if birth.year < 1965 and r.random() < 0.15:
            idn = idn[:6] + idn[8:14] + idn[14:17]
        return {
            "name": name,
            "phone": phone or self.phone(),
            "id": idn,
            "male": male,
            "birth": birth,
            "address": address or self.address(city[0] if city else None),
            "member": f"88{r.randint(10**7, 10**8 - 1)}",
        }

    def when(self, lo: int = 0, hi: int | None = None) -> dt.datetime:
        hi = self.days if hi is None else hi
        d = self.rng.randint(lo, max(lo, hi))
        return self.start + dt.timedelta(
            days=d, hours=self.rng.randint(7, 22), minutes=self.rng.randint(0, 59), seconds=self.rng.randint(0, 59)
        )


def pic(rng: random.Random, kind: str, base: int | None = None, **kw) -> dict:
    spec = {"kind": kind, "seed": rng.randrange(1 << 30) if base is None else base}
    spec.update(kw)
    return spec


def row(w: World, src: str, p: dict, m: dict | None, t: dt.datetime, text: str, **kw) -> dict:
    r = w.rng
    prod, price = w.product(m) if m else ("", 0.0)
    qty = kw.pop("qty", 1 if r.random() < 0.8 else r.randint(2, 5))
    if "price" in kw:
        kw["price"] = kw["price"] * qty
    r0 = {
        "src": src,
        "channel": r.choice(SOURCES[src][1]),
        "t": t,
        "name": p["name"],
        "phone": p["phone"],
        "id": p["id"],
        "address": p["address"],
        "member": p.get("member", ""),
        "merchant": m,
        "product": prod,
        "price": price * qty,
        "qty": qty,
        "pdate": (t - dt.timedelta(days=r.randint(0, 25))).date(),
        "claim": None,
        "law": "",
        "text": text,
        "pics": [],
        "handler": r.choice(HANDLERS[src]),
        "outcome": None,
        "comp": None,
        "closed": None,
        "remark": "",
        "order": None,
        "use_sign": False,
        "no_uscc": False,
    }
    r0.update(kw)
    return r0


def close(w: World, rr: dict, outcome: str, comp: float | None = None, days: tuple[int, int] = (3, 40)) -> None:
    rr["outcome"] = outcome
    rr["comp"] = comp
    rr["closed"] = rr["t"] + dt.timedelta(days=w.rng.randint(*days), hours=w.rng.randint(0, 8))


# ----------------------------------------------------------------------------------------------------------------
# texts

ANGRY = [
    "太气人了！",
    "这是什么服务态度？",
    "简直欺负老百姓！",
    "希望政府管管！！",
    "我要求必须给个说法。",
    "",
    "商家一直推脱，电话也不接。",
    "已经找了好几次了，没人管。",
    "",
    "请相关部门尽快处理，谢谢。",
]


def bg_text(
    w: World, src: str, m: dict, prod: str, price: float, t: dt.datetime, pd: dt.date | None = None
) -> tuple[str, str]:
    r = w.rng
    cat = m["cat"]
    shop = m["sign"] if r.random() < 0.6 else m["name"]
    pd = pd or t.date()
    d = f"{pd.month}月{pd.day}日"
    issues = {
        "supermarket": [
            f"买的{prod}回家打开发现已经过期{r.randint(1, 30)}天",
            f"{prod}包装胀袋，里面有异味",
            f"{prod}标价和结账价格不一致，多收了{r.randint(2, 30)}元",
            f"{prod}冷冻的化了又冻上，结块严重",
        ],
        "seafood": [
            f"买的{prod}回家一称少了{r.randint(1, 8)}两",
            f"{prod}是死的，商家说是活的",
            f"{prod}注胶，煮了一锅水",
        ],
        "restaurant": [f"吃完{prod}全家拉肚子", f"{prod}里的海鲜不新鲜，有臭味", f"外卖{prod}送到时已经凉透并洒了一半"],
        "gym": [
            f"办的{prod}还没用几次健身房就说要装修停业",
            "教练离职后私教课没人上，要求退费不给退",
            "健身房换了老板，说之前的卡不认",
        ],
        "beauty": [f"充值的{prod}被强制推销升级", "做完项目脸上过敏红肿", "店里换了老板，卡里余额不认了"],
        "training": [
            f"报的{prod}老师频繁更换，承诺的退费不兑现",
            "机构突然停课，联系不上负责人",
            "上课内容和宣传严重不符",
        ],
        "carwash": ["洗车店关门了，卡里还有钱", "办卡时说不限次，现在每月限4次", "洗车把车漆划了，店家不认"],
        "usedcar": [
            f"买的{prod}开了一个月发现是泡水车",
            f"{prod}合同写无重大事故，结果查出来是事故车",
            f"{prod}过户拖了两个月还没办",
            "车辆出现变速箱故障，商家不给修",
        ],
        "autorepair": [f"{prod}之后没几天又坏了", f"{prod}收费远超报价", "修车时换了旧配件冒充新件"],
        "online": [
            f"网购{prod}收到是假货",
            f"{prod}七天无理由退货被拒",
            f"{prod}发货严重延迟，客服不回复",
            f"{prod}外包装破损，里面东西也坏了",
        ],
        "health": [f"在会销现场买的{prod}说能治高血压，吃了没用", f"{prod}说是进口的，实际是国产贴牌"],
        "appliance": [
            f"冬天用的{prod}开了两天就不热了",
            f"{prod}安装师傅另收了{r.randint(100, 600)}元材料费",
            f"{prod}漏电跳闸，售后一直不上门",
        ],
    }[cat]
    issue = r.choice(issues)
    if src == "market":
        note = r.choice([f"顾客反映{issue}，", f"会员来电：{issue}，", f"顾客到服务台称{issue}。"])
        note += r.choice(
            ["已退款。", "已退换并致歉。", "已核实，按规定处理。", "顾客要求赔偿，待店长回复。", "给予积分补偿。"]
        )
        return note, ""
    if src == "12345":
        return (
            f"市民来电反映：{d}在{shop}，{issue}，"
            f"{r.choice(['诉求退款', '要求商家处理', '希望相关部门协调', '要求赔偿损失'])}。",
            "",
        )
    if src == "court":
        return (f"原告诉称：{d}原告在被告处购买{prod}，{issue}。请求被告退还价款{int(price)}元并赔偿损失。", "")
    if src == "prepaid":
        return f"{issue}，卡内余额约{r.randint(2, 80) * 50}元。{r.choice(ANGRY)}", ""
    parts = [
        f"我于{d}在{shop}购买了{prod}，花了{int(price)}元。",
        f"{issue}。",
        r.choice(ANGRY),
        r.choice(["要求退货退款。", "要求商家赔偿。", "希望能给我退钱。", "请求监管部门介入。", "要求换货并道歉。"]),
    ]
    if r.random() < 0.06:
        parts[0] = f"投诉人于{pd.year}年{d}在被投诉人{m['name']}处购买{prod}，支付价款{int(price)}元。"
        parts[2] = ""
    elif r.random() < 0.5:
        parts.insert(
            2,
            r.choice(
                [
                    "找商家理论，对方态度恶劣，还说爱上哪告上哪告。",
                    "打了好几次电话，一会说老板不在一会说没这事。",
                    "我是在冬天最冷的时候买的，耽误了一家人的事。",
                    "我年纪大了跑不动，希望你们帮帮我。",
                ]
            ),
        )
    return "".join(parts), ""


def outcome_bg(w: World, rr: dict) -> None:
    r = w.rng
    src = rr["src"]
    if src == "market":
        o = r.choice(["已退款", "已换货", "已补偿积分", "顾客不接受方案", "已处理"])
        comp = -rr["price"] if o == "已退款" else (None if o != "已补偿积分" else r.choice([10, 20, 50]))
        close(w, rr, o, comp, (0, 3))
        return
    if src == "court":
        o = r.choices(["调解成功", "调解不成，转立案", "原告撤回申请", "终止调解"], [5, 3, 1, 1])[0]
    else:
        o = r.choices(
            [
                "调解成功",
                "调解失败",
                "终止调解",
                "消费者撤回",
                "企业拒绝调解",
                "移送执法",
                "不予受理",
                "已转诉讼",
                "处理中",
            ],
            [40, 14, 6, 6, 6, 4, 6, 3, 8],
        )[0]
    if o == "消费者撤回":
        o = r.choice(["消费者撤回", "消费者撤回", "消费者撤回", "撤回投诉", "撤诉"])
    if src == "prepaid" and r.random() < 0.1:
        o = "已登记"
    if src == "12315" and r.random() < 0.03:
        rr["channel"] = "举报"
        o = r.choice(["移送执法", "不予立案", "已告知"])
    comp = None
    if o == "调解成功":
        comp = round(rr["price"] * r.choice([1, 1, 1, 0.5, 0.3, 1.2]), 0)
    if o == "处理中":
        rr["outcome"] = o
        return
    close(w, rr, o, comp)


def background(w: World, n: int, pool: list[dict]) -> list[dict]:
    r = w.rng
    out = []
    for _ in range(n):
        src = r.choices(["12315", "12345", "prepaid", "market", "court"], [48, 12, 11, 19, 10])[0]
        if src == "prepaid":
            m = w.merchant(r.choice(PREPAID_CATS))
        elif src == "market":
            m = w.merchant("supermarket")
        else:
            m = w.merchant()
        if pool and r.random() < 0.05:
            p = r.choice(pool)
        else:
            p = w.person()
            pool.append(p)
        t = w.when()
        rr = row(w, src, p, m, t, "")
        rr["text"], _ = bg_text(w, src, m, rr["product"], rr["price"], t, rr["pdate"])
        if src == "12345" and r.random() < 0.3:
            rr["name"] = p["name"][0] + ("先生" if p["male"] else "女士")
        if r.random() < 0.12 and m["cat"] in FOOD_CATS:
            rr["claim"] = max(rr["price"], 0) * r.choice([1, 2, 3])
        elif r.random() < 0.5:
            rr["claim"] = rr["price"]
        if r.random() < 0.05:
            rr["law"] = r.choice(LAW_OTHER)
        elif src in ("12315", "court") and r.random() < 0.04:
            if m["cat"] in FOOD_CATS:
                rr["law"], rr["claim"] = r.choice(LAW_148), max(rr["price"] * 10, 1000)
            else:
                rr["law"], rr["claim"] = r.choice(LAW_55), max(rr["price"] * 3, 500)
            rr["text"] += r.choice(["要求按", "依据", "根据"]) + rr["law"] + "赔偿。"
        if r.random() < 0.35:
            kind = {
                "supermarket": "receipt",
                "seafood": "seafood",
                "gym": "card",
                "beauty": "card",
                "training": "card",
                "carwash": "card",
                "usedcar": "inspection",
                "restaurant": "food",
            }.get(m["cat"], "chat")
            rr["pics"] = [pic(r, kind) for _ in range(r.choice([1, 1, 2, 3]))]
        outcome_bg(w, rr)
        out.append(rr)
    return out


# ----------------------------------------------------------------------------------------------------------------
# schemes


def paraphrase(w: World, s: str, level: float) -> str:
    r = w.rng
    syn = [
        ("购买", "买"),
        ("发现", "发觉"),
        ("要求", "请求"),
        ("赔偿", "赔付"),
        ("商家", "店家"),
        ("严重", "明显"),
        ("退还", "返还"),
        ("该产品", "这个东西"),
        ("依法", "按照法律"),
        ("贵局", "你们"),
        ("立即", "尽快"),
    ]
    for a, b in syn:
        if a in s and r.random() < level:
            s = s.replace(a, b, 1)
    if r.random() < level * 0.5:
        s = trad(s, r, 0.7)
    if r.random() < level * 0.4:
        s = "".join(fullwidth(c) if c.isdigit() else c for c in s)
    for a, b in TYPOS.items():
        if a in s and r.random() < level * 0.15:
            s = s.replace(a, b, 1)
    return s


def s_professional(w: World, size: int) -> list[dict]:
    r = w.rng
    p = w.person(age=(28, 55))
    hard = r.random() < 0.4
    phone2 = w.phone() if hard else p["phone"]
    start = r.randint(0, w.days - 200)
    span = r.randint(60, 300)
    rows = []
    cats = ["supermarket", "online", "online", "seafood", "health"]
    merchants = []
    while len(rows) < size:
        m = w.merchant(r.choice(cats))
        if m in merchants:
            continue
        merchants.append(m)
        t = w.when(start, start + span)
        defect = r.choice(
            [
                "无中文标签",
                "超过保质期",
                "标签未标注生产日期",
                "宣称具有治疗功效",
                "配料表与实物不符",
                "超范围使用食品添加剂",
                "无生产许可证编号",
            ]
        )
        qty = r.choice([1, 2, 3, 5, 10, 12, 20])
        rr = row(w, "12315", p, m, t, "", qty=qty)
        rr["price"] = round(r.uniform(6, 49), 1) * qty if m["cat"] != "health" else rr["price"]
        if r.random() < 0.5:
            law, mult, minimum = r.choice(LAW_148), 10, 1000
        else:
            law, mult, minimum = r.choice(LAW_55), 3, 500
        claim = max(rr["price"] * mult, minimum)
        rr.update(law=law, claim=claim, phone=phone2 if hard and r.random() < 0.5 else p["phone"])
        shop = m["name"]
        body = (
            f"投诉人于{t.year}年{rr['pdate'].month}月{rr['pdate'].day}日在被投诉人{shop}处购买{rr['product']}{qty}件，"
            f"共支付{rr['price']:.1f}元。经查该商品{defect}，违反"
            f"{r.choice(['食品安全法第三十四条', '食品安全法第六十七条', '食品安全国家标准'])}的规定，"
            f"属于不符合食品安全标准的食品。根据{law}，{'要求退一赔十' if mult == 10 else '要求假一赔三'}，"
            f"即退还货款并支付赔偿金{int(claim)}元。"
        )
        if r.random() < 0.6:
            body += r.choice(
                [
                    "如贵局不予处理，投诉人将依法申请行政复议并提起行政诉讼。",
                    "同时请求对被投诉人的违法行为立案查处并书面告知结果。",
                    "请贵局依法受理并在法定期限内答复。",
                ]
            )
        if hard:
            body = paraphrase(w, body, 0.3)
        rr["text"] = body
        rr["pics"] = [pic(r, "receipt"), pic(r, "food")] if r.random() < 0.6 else [pic(r, "receipt")]
        rr["channel"] = r.choice(["网站", "APP"])
        o = r.choice(["调解失败", "企业拒绝调解", "调解成功", "不予受理", "终止调解"])
        close(
            w,
            rr,
            o,
            rr["price"] + (r.choice([200, 300, 500, 1000]) if o == "调解成功" else 0) if o == "调解成功" else None,
        )
        rows.append(rr)
        # escalation: 举报 → 复议 → 诉讼
        if len(rows) < size and r.random() < 0.45:
            t2 = t + dt.timedelta(days=r.randint(5, 30))
            e = dict(rr)
            e.update(
                t=t2,
                channel="举报",
                pics=[],
                outcome=None,
                comp=None,
                closed=None,
                text=f"举报{shop}销售{defect}的{rr['product']}，请依法查处并给予举报奖励。此前投诉调解未果。",
                remark=r.choice(["已转执法", "举报件", "与前件同一事项"]),
            )
            close(w, e, r.choice(["移送执法", "不予立案", "已告知"]), None)
            rows.append(e)
            if len(rows) < size and r.random() < 0.5:
                t3 = t2 + dt.timedelta(days=r.randint(20, 70))
                c = row(
                    w,
                    "court",
                    p,
                    m,
                    t3,
                    f"原告{p['name']}诉称：原告在被告处购买{rr['product']}，该商品{defect}。"
                    f"依据{law}请求被告支付十倍赔偿金{int(claim)}元。原告曾申请行政复议。",
                    qty=qty,
                )
                c.update(price=rr["price"], claim=claim, law=law, product=rr["product"])
                close(w, c, r.choice(["调解成功", "调解不成，转立案", "原告撤回申请"]), None)
                rows.append(c)
    return rows[:size]


def s_identity(w: World, size: int) -> list[dict]:
    r = w.rng
    hard = r.random() < 0.5
    base = w.person(age=(30, 50))
    addr = base["address"]
    variants = [
        addr,
        addr.replace("凌港市", ""),
        addr.replace("单元", "-").replace("号", "-"),
        fullwidth(addr[-4:]).join([addr[:-4], ""]),
    ]
    ids = [base]
    k = r.randint(3, 6)
    for _i in range(k - 1):
        kind = r.choice(["relative", "relative", "bought"])
        if kind == "relative":
            q = w.person(surname=base["name"][0] if r.random() < 0.6 else None, age=(20, 75))
        else:
            q = w.person(city=r.choice(OTHER_CITIES))
        if not hard and r.random() < 0.5:
            q["phone"] = r.choice(ids)["phone"]
        q["address"] = r.choice(variants) if (not hard or r.random() < 0.6) else w.address()
        ids.append(q)
    sign = r.choice(
        ["特此投诉，望贵局依法处理为盼！", "恳请依法处理，谢谢！！！", "请依法维护消费者合法权益。", "望早日回复为盼。"]
    )
    rows = []
    start = r.randint(0, w.days - 150)
    for i in range(size):
        q = ids[i % len(ids)] if i < len(ids) else r.choice(ids)
        m = w.merchant(r.choice(["online", "supermarket", "online", "health"]))
        t = w.when(start, start + r.randint(60, 200))
        rr = row(w, r.choice(["12315", "12315", "12345"]), q, m, t, "")
        defect = r.choice(["是假冒产品", "标签标注虚假", "是过期食品", "宣传的功效是假的", "与描述严重不符"])
        law, mult = (r.choice(LAW_55), 3) if r.random() < 0.6 else (r.choice(LAW_148), 10)
        claim = max(rr["price"] * mult, 500 if mult == 3 else 1000)
        rr.update(law=law, claim=claim)
        rr["text"] = paraphrase(
            w,
            f"本人在{m['sign']}购买的{rr['product']}{defect}，依据{law}，要求退款并{mult}倍赔偿，共计{int(claim)}元。{sign}",
            0.5 if hard else 0.1,
        )
        rr["pics"] = [pic(r, r.choice(["receipt", "chat"]))] if r.random() < 0.5 else []
        close(w, rr, r.choice(["调解成功", "调解失败", "企业拒绝调解", "消费者撤回"]), None)
        if rr["outcome"] == "调解成功":
            rr["comp"] = round(rr["price"] * r.choice([1, 2, 3]), 0)
        rows.append(rr)
    return rows


TEMPLATES = [
    (
        "本人于{d}在{shop}购买{prod}，食用后出现腹泻呕吐症状，经医院诊断为急性肠胃炎，花费医药费若干。该产品存在严重质量问题，"
        "要求商家立即退还货款，赔偿医药费、误工费共计{amt}元，否则将向媒体曝光并依法起诉。"
    ),
    (
        "{d}在{shop}买了{prod}，回家发现该产品已过保质期，商家销售明知是过期的食品，根据{law}要求退一赔十，"
        "共计{amt}元，请贵局依法处理并对商家立案查处。"
    ),
    (
        "{shop}在销售{prod}时虚假宣传，声称进口原装，实为国内灌装，构成欺诈。依据{law}，要求退还货款并三倍赔偿{amt}元，"
        "同时要求商家书面道歉。"
    ),
]


def s_template(w: World, size: int) -> list[dict]:
    r = w.rng
    tpl = r.choice(TEMPLATES)
    members = [w.person() for _ in range(r.randint(4, 8))]
    targets = [w.merchant(r.choice(FOOD_CATS)) for _ in range(r.randint(1, 3))]
    stock = pic(r, "food") if r.random() < 0.6 else None
    start = r.randint(0, w.days - 90)
    level = r.choice([0.2, 0.5, 0.9])
    rows = []
    for i in range(size):
        p = members[i % len(members)]
        m = r.choice(targets)
        t = w.when(start, start + r.randint(10, 80))
        rr = row(w, r.choice(["12315", "12315", "12345", "court"]), p, m, t, "")
        law = r.choice(LAW_148 + LAW_55)
        amt = (
            int(max(rr["price"] * 10, 1000)) if "148" in law or "一百四十八" in law else int(max(rr["price"] * 3, 500))
        )
        txt = tpl.format(
            d=f"{rr['pdate'].month}月{rr['pdate'].day}日",
            shop=r.choice([m["sign"], m["name"]]),
            prod=rr["product"],
            law=law,
            amt=amt,
        )
        clauses = txt.split("，")
        if r.random() < level and len(clauses) > 3:
            j = r.randrange(1, len(clauses) - 1)
            clauses[j], clauses[j + 1] = clauses[j + 1], clauses[j]
        txt = paraphrase(w, "，".join(clauses), level)
        rr.update(text=txt, claim=amt, law=law)
        if stock and r.random() < 0.8:
            rr["pics"] = [dict(stock, q=r.choice([70, 80, 90]))]
        elif r.random() < 0.5:
            rr["pics"] = [pic(r, "food")]
        close(w, rr, r.choice(["调解失败", "调解成功", "企业拒绝调解", "终止调解"]), None)
        rows.append(rr)
    return rows


def s_extortion(w: World, size: int) -> list[dict]:
    r = w.rng
    people = [w.person(age=(22, 45)) for _ in range(r.choice([1, 1, 2, 3]))]
    base = r.randrange(1 << 30)
    obj = r.choice(["hair", "bug", "metal", "glass"])
    objcn = {"hair": "头发", "bug": "虫子", "metal": "钢丝球碎片", "glass": "玻璃碴"}[obj]
    edits = ["none", "rot90", "mirror", "crop", "frame", "bright", "rot90+bright", "mirror+crop", "frame+mirror"]
    start = r.randint(0, w.days - 120)
    rows = []
    for i in range(size):
        p = r.choice(people)
        m = w.merchant(r.choice(["restaurant", "restaurant", "supermarket", "online"]))
        t = w.when(start, start + r.randint(20, 120))
        rr = row(w, r.choice(["12315", "12315", "12345"]), p, m, t, "")
        demand = r.choice([5000, 8000, 10000, 20000, 30000, 50000])
        verb = r.choice(["吃饭", "点外卖"]) if m["cat"] == "restaurant" else r.choice(["买东西", "购物", "网购"])
        threat = r.choice(
            [
                "否则我就发到抖音和快手上，让大家都看看",
                "我已经联系了电视台《凌港零距离》的记者",
                "我的律师已经准备好律师函",
                "不给个满意答复我就天天去店门口拉横幅",
                "我朋友是做自媒体的，几十万粉丝",
            ]
        )
        rr["text"] = (
            f"{rr['pdate'].month}月{rr['pdate'].day}日在{m['sign']}{verb}，"
            f"{rr['product']}里{r.choice(['吃出', '发现'])}了{objcn}，"
            f"{r.choice(['嗓子被划破了', '当场就吐了', '孩子吓哭了', '去医院看了急诊'])}。"
            f"要求赔偿{demand}元，{threat}！"
        )
        rr["claim"] = demand
        rr["pics"] = [pic(r, "foreign", base, obj=obj, edit=edits[i % len(edits)] if i else r.choice(edits))]
        if r.random() < 0.4:
            rr["pics"].append(pic(r, "hospital"))
        o = r.choice(["调解失败", "企业拒绝调解", "调解成功", "消费者撤回", "移送执法"])
        close(w, rr, o, round(rr["price"] * 2, 0) if o == "调解成功" else None)
        rows.append(rr)
    return rows


def s_private(w: World, size: int) -> list[dict]:
    r = w.rng
    p = w.person(age=(25, 55))
    hard = r.random() < 0.4
    start = r.randint(0, w.days - 200)
    rows = []
    for _i in range(size):
        m = w.merchant(r.choice(["restaurant", "supermarket", "seafood", "online", "autorepair", "beauty"]))
        t = w.when(start, start + r.randint(60, 200))
        rr = row(w, r.choice(["12315", "12315", "12345"]), p, m, t, "")
        rr["text"], _ = bg_text(w, "12315", m, rr["product"], rr["price"], t, rr["pdate"])
        rr["text"] += r.choice(["要求赔偿精神损失。", "我保留追究的权利。", "要求按法律规定赔偿。", ""])
        paid = r.choice([2000, 3000, 5000, 6000, 8000, 10000, 15000, 20000])
        paid = max(paid, int(rr["price"] * 8 // 100 * 100 + 1000))
        close(w, rr, r.choice(["消费者撤回", "消费者撤回", "消费者撤回", "撤诉", "撤回投诉"]), None, (0, 4))
        if hard:
            rr["remark"] = r.choice(["消费者来电称已与商家自行和解，申请撤回", "双方私下协商解决", "投诉人主动撤诉"])
        else:
            rr["remark"] = r.choice(
                [
                    f"消费者称商家已微信转账{paid}元，撤回投诉",
                    f"商家私下支付{money(r, paid)}，消费者撤诉",
                    f"双方自行和解（商家赔付{paid}元）",
                ]
            )
            if r.random() < 0.4:
                rr["comp"] = paid
        if r.random() < 0.4:
            rr["pics"] = [pic(r, "transfer", amount=paid)]
        rows.append(rr)
    return rows


def s_lowslow(w: World, size: int) -> list[dict]:
    r = w.rng
    mode = r.choice(["card", "phone", "block"])
    coord_phone = w.phone()
    card = make_card(r)
    block = r.choice(PHONE_PREFIX) + str(r.randint(0, 9999)).zfill(4)
    n_members = max(3, size // r.choice([1, 2, 2]))
    members = []
    for _ in range(n_members):
        city = r.choice(OTHER_CITIES) if r.random() < 0.6 else None
        members.append(w.person(city=city, phone=w.phone(block) if mode == "block" else None))
    rows = []
    for i in range(size):
        p = members[i % len(members)]
        m = w.merchant(r.choice(["online", "supermarket", "health", "appliance", "seafood"]))
        t = w.when(r.randint(0, 100) + i * (w.days - 120) // max(size, 1) // 1, None)
        t = min(t, w.start + dt.timedelta(days=w.days))
        rr = row(w, r.choice(["12315", "12315", "12345", "court"]), p, m, t, "")
        law, mult = (r.choice(LAW_148), 10) if m["cat"] in FOOD_CATS else (r.choice(LAW_55), 3)
        claim = max(rr["price"] * mult, 1000 if mult == 10 else 500)
        flaw = r.choice(["标签不合格", "实物与宣传不符", "过期了", "是三无产品"])
        txt = f"在{m['sign']}买的{rr['product']}{flaw}，按{law}要求赔偿{int(claim)}元。"
        if mode == "card":
            txt += (
                r.choice(["赔偿款请转入", "赔付请打到", "钱请汇至", "请将赔偿款打入我委托人卡号"])
                + digits_messy(r, card)
                + "。"
            )
        elif mode == "phone":
            txt += (
                r.choice(["有事请联系", "具体事宜联系我朋友", "代理人电话", "委托人联系方式"])
                + digits_messy(r, coord_phone)
                + "。"
            )
        rr.update(text=txt, law=law, claim=claim)
        close(w, rr, r.choice(["调解成功", "调解失败", "企业拒绝调解", "消费者撤回"]), None)
        if rr["outcome"] == "调解成功":
            rr["comp"] = min(claim, rr["price"] * r.choice([2, 3, 10]))
        rows.append(rr)
    return rows


def s_split(w: World, size: int) -> list[dict]:
    r = w.rng
    people = [w.person(age=(22, 50))]
    if r.random() < 0.3:
        people.append(w.person())
    m = w.merchant(r.choice(["online", "supermarket", "supermarket"]))
    prod, _ = w.product(m)
    unit = round(r.uniform(4.9, 39.9), 1)
    day = w.when(30, w.days - 60)
    spread = r.choice([2, 10, 40])
    base_order = r.randint(10**8, 10**9)
    rows = []
    for i in range(size):
        p = people[i % len(people)]
        t = day + dt.timedelta(days=r.randint(1, spread), hours=r.randint(0, 5))
        rr = row(w, r.choice(["12315", "12315", "market", "12345"]), p, m, t, "", qty=1)
        rr.update(product=prod, price=unit, pdate=day.date(), claim=1000, law=r.choice(LAW_148))
        rr["order"] = (
            f"{base_order + i * r.randint(1, 3)}"
            if m["cat"] == "online"
            else f"{m['store_no']}-{day:%Y%m%d}-{r.randint(10, 40)}{i:02d}"
        )
        rr["text"] = paraphrase(
            w,
            f"订单{rr['order']}：购买{prod}一件，价格{unit}元，该商品"
            f"{r.choice(['标签无生产日期', '超过保质期', '无中文标签'])}，"
            f"依据{rr['law']}，价款十倍不足一千元，要求赔偿一千元。",
            0.3,
        )
        if rr["src"] == "market":
            rr["text"] = f"顾客称小票{rr['order']}所购{prod}不合格，要求按食品安全法赔偿1000元。"
        rr["pics"] = [pic(r, "receipt")] if r.random() < 0.5 else []
        close(w, rr, r.choice(["调解失败", "企业拒绝调解", "调解成功", "不予受理"]), None)
        if rr["outcome"] == "调解成功":
            rr["comp"] = r.choice([unit, 100, 200])
        rows.append(rr)
    return rows


# ----------------------------------------------------------------------------------------------------------------
# traps


def ordinary(
    w: World, p: dict, m: dict | None = None, src: str | None = None, t: dt.datetime | None = None, **kw
) -> dict:
    r = w.rng
    src = src or r.choice(["12315", "12315", "12345", "market"])
    if m is None:
        m = w.merchant("supermarket") if src == "market" else w.merchant()
    t = t or w.when()
    rr = row(w, src, p, m, t, "", **kw)
    rr["text"], _ = bg_text(w, src, m, rr["product"], rr["price"], t, rr["pdate"])
    rr["claim"] = rr["price"] if r.random() < 0.6 else None
    outcome_bg(w, rr)
    return rr


def t_batch(w: World, size: int) -> list[dict]:
    r = w.rng
    m = w.merchant(r.choice(["supermarket", "supermarket", "online", "seafood"]))
    prod, price = w.product(m)
    while m["cat"] == "online" and prod not in ("进口奶粉", "减肥代餐粉", "燕窝礼盒", "进口橄榄油"):
        prod, price = w.product(m)
    day = w.when(20, w.days - 30)
    made = day - dt.timedelta(days=r.randint(10, 120))
    lot = f"{made:%Y%m%d}{r.choice('ABCD')}"
    notice = f"凌市监告〔{day.year}〕{r.randint(3, 60)}号"
    scene = r.randrange(1 << 30)
    rows = []
    for _i in range(size):
        p = w.person()
        t = day + dt.timedelta(days=r.randint(0, 6), hours=r.randint(0, 12))
        rr = row(w, r.choice(["12315", "12315", "12345", "market"]), p, m, t, "")
        rr.update(product=prod, price=price * rr["qty"])
        s = r.choice(
            [
                f"买的{prod}（批号{lot}）吃了以后孩子肚子疼，后来看到新闻说这批货有问题。",
                f"看到市场监管局发布的召回公告（{notice}），我家买的{prod}正是批号{lot}的，要求退货。",
                f"{prod}打开有哈喇味，批次{lot}，听说很多人都买到了。",
                f"{lot}批次{prod}，老人吃后呕吐，已就医，要求赔偿医药费。",
            ]
        )
        rr["text"] = s if rr["src"] != "market" else f"顾客持{lot}批次{prod}要求退货（召回批次）。"
        if r.random() < 0.2:
            rr["law"] = r.choice(LAW_148)
            rr["claim"] = max(rr["price"] * 10, 1000)
        if r.random() < 0.6:
            rr["pics"] = [pic(r, "product", scene, lot=lot, var=r.randrange(1 << 20))]
        o = r.choice(["调解成功", "调解成功", "调解成功", "已退款", "处理中"])
        close(w, rr, o, rr["price"] * r.choice([1, 1, 2]) if o != "处理中" else None)
        rows.append(rr)
    return rows


def t_household(w: World, size: int) -> list[dict]:
    r = w.rng
    head = w.person(male=True, age=(35, 60))
    fam = [head, w.person(age=(33, 58), male=False), w.person(surname=head["name"][0], age=(18, 30))]
    if r.random() < 0.5:
        fam.append(w.person(surname=head["name"][0], age=(62, 85)))
    for q in fam[1:]:
        q["phone"] = head["phone"]
        q["address"] = head["address"]
    return [ordinary(w, fam[i % len(fam)]) for i in range(size)]


def t_dorm(w: World, size: int) -> list[dict]:
    r = w.rng
    base = r.choice(
        [
            "凌港经济开发区汽配产业园{x}汽车零部件有限公司职工宿舍{b}号楼",
            "钢城区凌钢集团单身职工公寓{b}号楼",
            "高新区大学城凌港理工大学东区学生公寓{b}栋",
            "港湾区远洋渔业公司船员宿舍{b}号楼",
        ]
    )
    addr = base.format(x=r.choice(XNAMES) + r.choice(XNAMES), b=r.randint(1, 12))
    out = []
    for _i in range(size):
        p = w.person(
            age=(18, 35), address=f"{addr}{r.randint(1, 6)}{r.randint(1, 30):02d}室" if r.random() < 0.7 else addr
        )
        out.append(
            ordinary(w, p, w.merchant(r.choice(["online", "restaurant", "training", "supermarket", "appliance"])))
        )
    return out


def t_power(w: World, size: int) -> list[dict]:
    p = w.person(age=(30, 60))
    return [ordinary(w, p) for _ in range(size)]


def t_volunteer(w: World, size: int) -> list[dict]:
    r = w.rng
    org = r.choice(
        [
            "凌港市消费者协会西岗分会",
            "钢城区老年消费维权志愿服务站",
            "大学城学生消费维权服务站",
            "港湾区渔港社区消费维权联络站",
        ]
    )
    phone = r.choice(["(0436)8" + str(r.randint(100000, 999999)), w.phone()])
    rows = []
    for _i in range(size):
        p = w.person()
        rr = ordinary(w, p, src=r.choice(["12315", "12345"]))
        rr["phone"] = phone
        if r.random() < 0.5:
            rr["name"] = f"{org}（代{p['name']}）"
        rr["text"] = (
            r.choice([f"受会员{p['name']}委托，{org}代为投诉：", f"{org}代为投诉（委托人{p['name']}）："]) + rr["text"]
        )
        rr["remark"] = r.choice(["志愿者代投", "有委托书", "代为投诉"])
        rows.append(rr)
    return rows


def t_elderly(w: World, size: int) -> list[dict]:
    r = w.rng
    child = w.person(age=(30, 50))
    parents = [w.person(surname=child["name"][0], male=True, age=(65, 88)), w.person(male=False, age=(63, 86))]
    rows = []
    for i in range(size):
        par = parents[i % 2] if r.random() < 0.8 else parents[0]
        m = w.merchant(r.choice(["health", "health", "appliance", "supermarket", "online"]))
        rr = ordinary(w, par, m, src=r.choice(["12315", "12345"]))
        rr["phone"] = child["phone"]
        who = "父亲" if par["male"] else "母亲"
        rr["text"] = f"我替我{who}{par['name']}投诉，老人{2025 - par['birth'].year}岁了，" + rr["text"]
        rows.append(rr)
    return rows


def t_lawyer(w: World, size: int) -> list[dict]:
    r = w.rng
    client = w.person()
    firm = r.choice(["辽宁凌海律师事务所", "凌港正信律师事务所", "北方港城律师事务所"])
    lawyer = w.person()
    m0 = w.merchant(r.choice(["usedcar", "autorepair", "appliance", "training"]))
    rows = []
    for _i in range(size):
        m = m0 if r.random() < 0.6 else w.merchant()
        rr = ordinary(w, client, m, src=r.choice(["court", "court", "12315"]))
        rr["phone"] = lawyer["phone"]
        rr["text"] = f"{firm}律师{lawyer['name']}受{client['name']}委托代理本案。" + rr["text"]
        rr["remark"] = r.choice(["委托代理人：" + lawyer["name"], "律师代理", ""])
        rows.append(rr)
    return rows


def t_dup(w: World, size: int) -> list[dict]:
    r = w.rng
    rows = []
    while len(rows) < size:
        p = w.person()
        a = ordinary(w, p, src="12315")
        b = dict(a)
        b.update(
            src="12345",
            channel="12345热线",
            t=a["t"] + dt.timedelta(days=r.randint(0, 4), hours=r.randint(1, 9)),
            handler=r.choice(HANDLERS["12345"]),
            text="市民来电反映：" + "。".join(a["text"].split("。")[:2]) + "。",
            pics=[],
        )
        b["closed"] = None
        outcome_bg(w, b)
        b["remark"] = r.choice(["与12315重复件", "", "重复投诉"])
        rows += [a, b]
    return rows[:size]


def t_honorific(w: World, size: int) -> list[dict]:
    r = w.rng
    p = w.person()
    rows = []
    for i in range(size):
        rr = ordinary(w, p, src="12345" if i else r.choice(["12315", "12345"]))
        if i % 2 == 1 or r.random() < 0.3:
            rr["name"] = p["name"][0] + ("先生" if p["male"] else "女士")
        rows.append(rr)
    return rows


def t_law(w: World, size: int) -> list[dict]:
    r = w.rng
    rows = []
    for _ in range(size):
        p = w.person()
        m = w.merchant(r.choice(FOOD_CATS))
        rr = ordinary(w, p, m, src="12315")
        rr["law"] = r.choice(LAW_148)
        rr["claim"] = max(rr["price"] * 10, 1000)
        rr["text"] += f"听朋友说{rr['law']}规定可以十倍赔偿，我也不太懂，希望按规定处理。"
        rows.append(rr)
    return rows


def t_refund(w: World, size: int) -> list[dict]:
    r = w.rng
    rows = []
    for _ in range(size):
        rr = ordinary(w, w.person(), src=r.choice(["12315", "12345"]))
        close(w, rr, "消费者撤回", rr["price"] if r.random() < 0.6 else -rr["price"], (1, 6))
        rr["remark"] = r.choice(["商家已退款，消费者撤回", "已全额退款", f"退款{rr['price']:.0f}元后撤诉"])
        rows.append(rr)
    return rows


def t_similar(w: World, size: int) -> list[dict]:
    r = w.rng
    m = w.merchant(r.choice(["online", "supermarket", "appliance"]))
    prod, price = w.product(m)
    scene = r.randrange(1 << 30)
    rows = []
    start = r.randint(0, w.days - 120)
    for _ in range(size):
        rr = ordinary(
            w, w.person(), m, src=r.choice(["12315", "12345"]), t=w.when(start, start + 100), product=prod, price=price
        )
        rr["pics"] = [pic(r, "product", scene, lot="", var=r.randrange(1 << 20))]
        rows.append(rr)
    return rows


def t_signboard(w: World, size: int) -> list[dict]:
    r = w.rng
    rows = []
    while len(rows) < size:
        p = w.person()
        m = w.merchant(r.choice(["seafood", "restaurant", "carwash", "autorepair"]))
        a = ordinary(w, p, m, src="12315")
        b = dict(a)
        b.update(
            src="12345",
            channel="12345热线",
            t=a["t"] + dt.timedelta(days=r.randint(3, 20)),
            use_sign=True,
            no_uscc=True,
            text=f"市民反映{m['sign'].split('(')[0]}的问题，之前在12315投诉过没有结果：" + a["text"][:50],
            handler=r.choice(HANDLERS["12345"]),
            pics=[],
        )
        outcome_bg(w, b)
        rows += [a, b]
    return rows[:size]


def t_prepaid(w: World, size: int) -> list[dict]:
    r = w.rng
    m = w.merchant(r.choice(["gym", "gym", "beauty", "training", "carwash"]))
    day = w.when(10, w.days - 20)
    rows = []
    for _ in range(size):
        p = w.person(age=(18, 65))
        t = day + dt.timedelta(days=r.randint(0, 6), hours=r.randint(0, 10))
        rr = row(w, r.choice(["prepaid", "prepaid", "prepaid", "12315", "12345"]), p, m, t, "")
        bal = r.randint(3, 120) * 50
        rr["text"] = r.choice(
            [
                f"{m['sign']}一夜之间关门跑路了，我卡里还有{bal}元没用完。",
                f"{m['sign']}突然闭店，门上贴了个装修通知，老板电话关机，卡内余额{bal}元。",
                f"会员卡余额{bal}元，店里已经搬空了，群里几百人都在找老板。",
                f"刚续的{rr['product']}，第二天就人去楼空。{r.choice(ANGRY)}",
            ]
        )
        rr["claim"] = bal
        rr["order"] = f"VIP{r.randint(10000, 99999)}"
        if r.random() < 0.4:
            rr["pics"] = [pic(r, "card")]
        o = r.choice(["移送执法", "已转诉讼", "处理中", "终止调解", "已登记"])
        if o == "处理中":
            rr["outcome"] = o
        else:
            close(w, rr, o, None)
        rows.append(rr)
    return rows


def t_shortweight(w: World, size: int) -> list[dict]:
    r = w.rng
    m = w.merchant("seafood")
    day = w.when(10, w.days - 30)
    rows = []
    for _ in range(size):
        p = w.person()
        t = day + dt.timedelta(days=r.randint(0, 14))
        rr = row(w, r.choice(["12315", "12345"]), p, m, t, "")
        short = r.randint(1, 9)
        rr["text"] = r.choice(
            [
                f"看了市场监管局通报{m['sign']}用“鬼秤”，我上个月在他家买{rr['product']}，回家称少了{short}两，要求赔偿。",
                f"{m['sign']}电子秤作弊被查了，我也是受害者，买的{rr['product']}缺斤短两。",
                f"在水产市场{m['sign']}买海鲜被坑秤，少{short}两，听说执法队已经把秤封了。",
            ]
        )
        if r.random() < 0.4:
            rr["law"] = r.choice(LAW_55)
            rr["claim"] = max(rr["price"] * 3, 500)
        if r.random() < 0.5:
            rr["pics"] = [pic(r, "seafood")]
        o = r.choice(["调解成功", "调解成功", "调解失败", "移送执法"])
        close(w, rr, o, rr["price"] * r.choice([0.3, 1, 3]) if o == "调解成功" else None)
        rows.append(rr)
    return rows


def t_odometer(w: World, size: int) -> list[dict]:
    r = w.rng
    m = w.merchant("usedcar")
    start = r.randint(0, w.days - 90)
    rows = []
    for _ in range(size):
        p = w.person(age=(23, 55))
        t = w.when(start, start + 60)
        rr = row(w, r.choice(["12315", "12315", "court"]), p, m, t, "", qty=1)
        real, shown = r.randint(12, 30) * 10000, r.randint(3, 7) * 10000
        rr["text"] = (
            f"在{m['sign']}买的{rr['product']}，表显{shown}公里，去4S店查保养记录实际{real}公里，调表了。"
            f"{r.choice(['后来听说好几个人都是这样。', '新闻报道这家车行被查。', ''])}要求退车并赔偿。"
        )
        rr["law"] = r.choice(LAW_55 + ["《二手车流通管理办法》"])
        rr["claim"] = rr["price"] * r.choice([1, 3])
        rr["pics"] = [pic(r, "inspection")] if r.random() < 0.7 else []
        o = r.choice(["调解成功", "调解不成，转立案", "调解失败", "移送执法"])
        close(w, rr, o, r.randint(5, 30) * 1000 if o == "调解成功" else None)
        rows.append(rr)
    return rows


SCHEME_FN = {
    "professional_claimant": (s_professional, 8, 22),
    "identity_rotation": (s_identity, 6, 16),
    "template_ring": (s_template, 6, 16),
    "evidence_extortion": (s_extortion, 4, 9),
    "private_payment_withdrawal": (s_private, 4, 10),
    "low_and_slow_ring": (s_lowslow, 5, 12),
    "split_purchase": (s_split, 6, 18),
}
TRAP_FN = {
    "contaminated_batch": (t_batch, 10, 30),
    "household_shared_phone": (t_household, 3, 7),
    "dormitory": (t_dorm, 8, 22),
    "power_user": (t_power, 6, 15),
    "volunteer_representative": (t_volunteer, 6, 16),
    "elderly_by_child": (t_elderly, 3, 7),
    "lawyer_one_client": (t_lawyer, 3, 6),
    "duplicate_two_channels": (t_dup, 2, 2),
    "hotline_honorific": (t_honorific, 2, 5),
    "honest_law_citer": (t_law, 4, 10),
    "refund_then_withdraw": (t_refund, 4, 10),
    "similar_product_photos": (t_similar, 3, 8),
    "signboard_name": (t_signboard, 2, 2),
    "prepaid_closure": (t_prepaid, 30, 90),
    "short_weight_scale": (t_shortweight, 8, 25),
    "odometer_rollback": (t_odometer, 4, 9),
}


def build_groups(w: World, fns: dict, rows: int, frac: float, min_groups: int) -> list[tuple[str, list[dict]]]:
    r = w.rng
    scale = min(1.0, max(0.25, rows / 10000))
    budget = int(rows * frac)
    groups: list[tuple[str, list[dict]]] = []
    used = 0
    rounds = 0
    while True:
        for kind, (fn, lo, hi) in fns.items():
            size = r.randint(max(2, int(lo * scale)), max(2, int(hi * scale)))
            if kind in ("duplicate_two_channels", "signboard_name"):
                size = 2
            g = fn(w, size)
            groups.append((kind, g))
            used += len(g)
        rounds += 1
        if used >= budget and (rounds >= min_groups or rows < 10000):
            break
    return groups


# ----------------------------------------------------------------------------------------------------------------
# rendering


def assign_ids(w: World, all_rows: list[dict]) -> None:
    r = w.rng
    seen: set[str] = set()
    counters = {"12315": 0, "12345": 0, "prepaid": 0, "market": 0, "court": 0}
    for rr in all_rows:
        src = rr["src"]
        while True:
            counters[src] += 1
            c = counters[src]
            t = rr["t"]
            if src == "12315":
                cid = f"1{t:%Y%m%d}{(c * 7919) % 1000000:06d}{r.randint(10, 99)}"
            elif src == "12345":
                cid = f"12345-{t:%Y%m}-{c:06d}"
            elif src == "prepaid":
                cid = f"YFK{t:%Y}-{c:05d}"
            elif src == "market":
                cid = f"KF{t:%y%m%d}{c:05d}"
            else:
                cid = f"（{t.year}）凌0103民诉前调{c}号"
            if cid not in seen:
                seen.add(cid)
                rr["cid"] = cid
                break


def render(w: World, rr: dict, pic_names: set, pic_jobs: list) -> list[str]:
    r = w.rng
    src = rr["src"]
    m = rr["merchant"]
    label = SOURCES[src][0]
    if r.random() < 0.03:
        label = src if src != "market" else "超市客服"
    mname = m["sign"] if (rr["use_sign"] or (src in ("12345", "market") and r.random() < 0.5)) else m["name"]
    if r.random() < 0.02:
        mname = trad(mname, r)
    uscc = "" if rr["no_uscc"] else m["uscc"]
    if rr["no_uscc"] or (src == "12345" and r.random() < 0.6) or r.random() < 0.08:
        uscc = empty(r)
    order = rr["order"]
    if order is None:
        if src == "market":
            order = f"{m['store_no']}{rr['pdate']:%y%m%d}{r.randint(1000, 9999)}"
        elif src == "prepaid":
            order = f"会员卡{r.randint(100000, 999999)}"
        elif m["cat"] == "online" and r.random() < 0.9:
            order = str(r.randint(10**17, 10**18))
        else:
            order = ""
    order = order or empty(r)
    names = []
    for k, spec in enumerate(rr["pics"]):
        style = r.random()
        t = rr["t"]
        if style < 0.4:
            base = f"IMG_{t:%Y%m%d}_{r.randint(0, 235959):06d}"
        elif style < 0.7:
            base = f"微信图片_{t:%Y%m%d}{r.randint(100000, 235959)}"
        elif style < 0.85:
            base = f"mmexport{int(t.timestamp() * 1000) + r.randint(0, 99999)}"
        else:
            base = f"{rr['cid'].replace('（', '').replace('）', '').replace('-', '')[:14]}_{k + 1}"
        name = base + ".jpg"
        while name in pic_names:
            name = f"{base}_{r.randint(1, 999)}.jpg"
        pic_names.add(name)
        names.append(name)
        pic_jobs.append((name, spec))
    sep = r.choice([";", ";", "；", "，", ",", " "])
    ev = sep.join(names) if names else (empty(r) if r.random() < 0.5 else "")
    text = rr["text"]
    if r.random() < 0.04:
        text = trad(text, r, 0.5)
    if src == "court" and r.random() < 0.5:
        text = f"原告：{rr['name']}；被告：{mname}。" + text
    name = rr["name"]
    if r.random() < 0.01:
        name = " " + name
    qty = rr["qty"]
    qcell = str(qty) if r.random() < 0.8 else (f"{qty}件" if r.random() < 0.5 else fullwidth(str(qty)))
    closed = rr["closed"]
    remark = rr["remark"] or (empty(r) if r.random() < 0.3 else "")
    if src == "market" and not rr["remark"] and r.random() < 0.7:
        remark = r.choice(
            [f"门店编号{m['store_no']}；会员号{rr['member']}", f"会员号:{rr['member']}", f"{m['store_no']} 非会员"]
        )
    elif src == "12315" and rr["outcome"] and not rr["remark"] and r.random() < 0.5:
        ok = rr["outcome"] == "调解成功"
        remark = r.choice([f"是否调解成功：{'是' if ok else '否'}", f"调解成功={'Y' if ok else 'N'}"])
    comp = rr["comp"]
    return [
        label,
        rr["cid"],
        rr["channel"],
        fmt_dt(r, rr["t"], src),
        name,
        fmt_phone(r, rr["phone"]),
        fmt_id(r, rr["id"], src),
        rr["address"] if r.random() > 0.04 else empty(r),
        mname,
        uscc,
        rr["product"] or empty(r),
        order,
        fmt_date(r, rr["pdate"]),
        qcell,
        money(r, rr["price"]),
        money(r, rr["claim"]),
        rr["law"] or ("" if r.random() < 0.8 else empty(r)),
        text,
        ev,
        rr["handler"],
        rr["outcome"] or empty(r),
        money(r, comp, allow_neg=True),
        fmt_dt(r, closed, src) if closed else ("" if r.random() < 0.5 else empty(r)),
        remark,
    ]


# ----------------------------------------------------------------------------------------------------------------
# pictures


def draw_picture(spec: dict):
    from PIL import Image, ImageDraw, ImageEnhance, ImageOps

    g = random.Random(spec["seed"])
    kind = spec["kind"]
    if kind in ("receipt", "hospital"):
        img = Image.new("RGB", (150, 256), (250, 250, 244) if kind == "receipt" else (255, 255, 255))
        d = ImageDraw.Draw(img)
        if kind == "hospital":
            d.rectangle([0, 0, 150, 26], fill=(190, 30, 40))
            d.text((8, 8), "LINGGANG HOSPITAL", fill="white")
        else:
            d.text((20, 8), "LINGBAI MART", fill=(20, 20, 20))
        y = 36
        for _ in range(g.randint(5, 11)):
            d.text((8, y), f"{g.randint(100000, 999999)}", fill=(40, 40, 40))
            d.text((100, y), f"{g.randint(1, 300)}.{g.randint(0, 99):02d}", fill=(40, 40, 40))
            y += 16
        d.line([8, y + 4, 142, y + 4], fill=(0, 0, 0))
        d.text((8, y + 10), f"TOTAL {g.randint(10, 2000)}.00", fill=(0, 0, 0))
        for x in range(10, 140, 3):
            if g.random() < 0.6:
                d.line([x, 225, x, 245], fill=(0, 0, 0), width=g.choice([1, 2]))
    elif kind == "seafood":
        img = Image.new("RGB", (240, 180), (g.randint(30, 80), g.randint(90, 140), g.randint(150, 210)))
        d = ImageDraw.Draw(img)
        for _ in range(g.randint(3, 9)):
            x, y = g.randint(0, 200), g.randint(0, 150)
            d.ellipse(
                [x, y, x + g.randint(25, 60), y + g.randint(15, 35)], fill=(g.randint(180, 250), g.randint(60, 130), 40)
            )
        d.rectangle([150, 130, 235, 172], fill=(20, 20, 20))
        d.text((156, 140), f"{g.randint(0, 9)}.{g.randint(0, 99):02d}kg", fill=(90, 255, 90))
    elif kind == "card":
        img = Image.new("RGB", (240, 150), (g.randint(0, 255), g.randint(0, 120), g.randint(60, 200)))
        d = ImageDraw.Draw(img)
        d.rounded_rectangle([6, 6, 234, 144], radius=14, outline=(240, 210, 120), width=3)
        d.text((20, 24), g.choice(["VIP MEMBER", "GOLD CARD", "FITNESS CLUB", "BEAUTY SPA"]), fill="white")
        d.text((20, 110), " ".join(str(g.randint(1000, 9999)) for _ in range(3)), fill="white")
    elif kind == "inspection":
        img = Image.new("RGB", (190, 256), "white")
        d = ImageDraw.Draw(img)
        d.text((10, 6), "VEHICLE INSPECTION", fill="black")
        for i in range(11):
            y = 26 + i * 20
            d.line([6, y, 184, y], fill=(120, 120, 120))
            d.text((10, y + 4), f"item {i + 1}", fill="black")
            d.text((150, y + 4), g.choice(["OK", "OK", "X", "?"]), fill=(200, 0, 0) if g.random() < 0.3 else (0, 0, 0))
    elif kind in ("food", "foreign"):
        img = Image.new("RGB", (256, 192), (g.randint(120, 200), g.randint(90, 150), g.randint(60, 110)))
        d = ImageDraw.Draw(img)
        d.ellipse([28, 16, 228, 176], fill=(245, 245, 240), outline=(200, 200, 200), width=3)
        for _ in range(g.randint(6, 16)):
            x, y = g.randint(60, 180), g.randint(40, 140)
            d.ellipse(
                [x, y, x + g.randint(10, 30), y + g.randint(8, 22)],
                fill=(g.randint(150, 240), g.randint(80, 180), g.randint(20, 90)),
            )
        obj = spec.get("obj") or ("" if kind == "food" else "hair")
        if obj == "hair":
            pts = [(g.randint(70, 190), g.randint(50, 140)) for _ in range(5)]
            d.line(pts, fill=(15, 10, 10), width=2)
        elif obj == "bug":
            x, y = g.randint(90, 160), g.randint(60, 120)
            d.ellipse([x, y, x + 14, y + 9], fill=(30, 20, 10))
            for k in range(3):
                d.line([x + 3 + k * 4, y, x + k * 4, y - 6], fill=(30, 20, 10))
                d.line([x + 3 + k * 4, y + 9, x + k * 4, y + 15], fill=(30, 20, 10))
        elif obj in ("metal", "glass"):
            x, y = g.randint(90, 160), g.randint(60, 120)
            col = (160, 160, 170) if obj == "metal" else (200, 230, 240)
            d.polygon([(x, y), (x + 18, y + 4), (x + 10, y + 16), (x - 3, y + 10)], fill=col, outline=(80, 80, 80))
        edit = spec.get("edit", "none")
        for e in edit.split("+"):
            if e == "rot90":
                img = img.rotate(90, expand=True)
            elif e == "mirror":
                img = ImageOps.mirror(img)
            elif e == "crop":
                ww, hh = img.size
                img = img.crop((ww // 8, hh // 8, ww - ww // 10, hh - ww // 12))
            elif e == "bright":
                img = ImageEnhance.Brightness(img).enhance(1.35)
            elif e == "frame":
                ww, hh = img.size
                sc = 150 / ww
                inner = img.resize((150, int(hh * sc)))
                img = Image.new("RGB", (170, 256), (18, 18, 18))
                dd = ImageDraw.Draw(img)
                dd.rectangle([10, 6, 160, 20], fill=(40, 40, 40))
                dd.text((14, 8), "12:3" + str(g.randint(0, 9)) + "  4G", fill="white")
                img.paste(inner, (10, 24 + (200 - inner.size[1]) // 2 if inner.size[1] < 200 else 24))
    elif kind == "product":
        s = spec.get("var", 0)
        v = random.Random(s)
        img = Image.new("RGB", (220, 220), (v.randint(180, 240), v.randint(180, 240), v.randint(170, 230)))
        d = ImageDraw.Draw(img)
        x0, y0 = 40 + v.randint(-15, 15), 30 + v.randint(-15, 15)
        col = (g.randint(0, 200), g.randint(0, 200), g.randint(0, 200))
        d.rectangle([x0, y0, x0 + 130, y0 + 150], fill=col, outline=(30, 30, 30), width=2)
        d.rectangle([x0 + 10, y0 + 100, x0 + 120, y0 + 135], fill="white")
        d.text((x0 + 14, y0 + 110), "LOT " + (spec.get("lot") or str(g.randint(1000, 9999))), fill="black")
        d.text((x0 + 20, y0 + 30), "BRAND " + str(g.randint(10, 99)), fill="white")
        img = img.rotate(v.uniform(-12, 12), fillcolor=(200, 200, 200))
    elif kind == "transfer":
        img = Image.new("RGB", (160, 256), (245, 245, 245))
        d = ImageDraw.Draw(img)
        d.rectangle([0, 0, 160, 40], fill=(30, 110, 220) if g.random() < 0.5 else (30, 170, 80))
        d.text((10, 14), "TRANSFER SUCCESS", fill="white")
        d.text((30, 80), f"CNY {spec.get('amount', g.randint(100, 9999))}.00", fill="black")
        d.text((10, 120), f"to ****{g.randint(1000, 9999)}", fill=(90, 90, 90))
    else:  # chat
        img = Image.new("RGB", (150, 256), (237, 237, 237))
        d = ImageDraw.Draw(img)
        y = 10
        for _ in range(g.randint(4, 8)):
            left = g.random() < 0.5
            wdt = g.randint(40, 100)
            x = 8 if left else 142 - wdt
            d.rounded_rectangle([x, y, x + wdt, y + 20], radius=5, fill=(255, 255, 255) if left else (149, 236, 105))
            y += 28
    img.thumbnail((256, 256))
    return img


def write_pictures(out: Path, jobs: list) -> None:
    ev = out / "evidence"
    ev.mkdir(parents=True, exist_ok=True)
    for name, spec in jobs:
        img = draw_picture(spec)
        img.save(ev / name, "JPEG", quality=spec.get("q", 82))


# ----------------------------------------------------------------------------------------------------------------


def generate(out_dir: Path, seed: int, rows: int, pictures: bool = True) -> dict:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed * 7919 + 17)
    w = World(rng, rows)
    encoding = rng.choice(["utf-8", "utf-8-sig", "gb18030"])
    schemes = build_groups(w, SCHEME_FN, rows, rng.uniform(0.045, 0.055), 3)
    traps = build_groups(w, TRAP_FN, rows, rng.uniform(0.10, 0.115), 2)
    n_group = sum(len(g) for _, g in schemes + traps)
    pool: list[dict] = []
    bg = background(w, max(0, rows - n_group), pool)
    all_rows = [rr for _, g in schemes + traps for rr in g] + bg
    all_rows = all_rows[:rows] if len(all_rows) > rows else all_rows
    keep = {id(x) for x in all_rows}
    all_rows.sort(key=lambda x: (x["t"], x["src"]))
    assign_ids(w, all_rows)
    pic_names: set[str] = set()
    jobs: list = []
    buf = io.StringIO()
    wr = csv.writer(buf, lineterminator="\r\n" if encoding == "gb18030" else "\n")
    wr.writerow(COLUMNS)
    for rr in all_rows:
        wr.writerow(render(w, rr, pic_names, jobs))
    (out_dir / "complaints.csv").write_bytes(buf.getvalue().encode(encoding))

    def grouped(groups: list, prefix: str) -> dict:
        res = {}
        for i, (kind, g) in enumerate(groups):
            ids = [rr["cid"] for rr in g if id(rr) in keep]
            if ids:
                res[f"{prefix}{i + 1:03d}"] = {"kind": kind, "complaint_ids": ids}
        return res

    truth = {
        "generator": "gen_linggang",
        "seed": seed,
        "rows": len(all_rows),
        "encoding": encoding,
        "schemes": grouped(schemes, "S"),
        "traps": grouped(traps, "T"),
    }
    (out_dir / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    if pictures:
        write_pictures(out_dir, jobs)
    return truth


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--no-pictures", action="store_true")
    a = ap.parse_args(argv)
    t = generate(a.out_dir, a.seed, a.rows, pictures=not a.no_pictures)
    print(f"wrote {t['rows']} rows, {len(t['schemes'])} scheme groups, {len(t['traps'])} trap groups to {a.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
