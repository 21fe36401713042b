# ruff: noqa: E501  (Chinese text lines are wide)
"""Held-out complaint generator "upland": 峪州市, an inland prefecture city.

The city's market-regulation bureau merges five exports into one complaints.csv:

* 云播 livestream-commerce after-sale disputes (buyer nicknames, masked phones, 主播/直播间, 7天无理由, 仅退款);
* 速达外卖 food-delivery complaint tickets (骑手, 食安, 异物, privacy numbers);
* 青崖县 12315 branch's paper register typed up by clerks (typos, 约/左右 amounts, Chinese and Excel serial dates);
* 惠万家 supermarket chain customer-service log (member cards, receipts, 标价不符);
* the city 12345 hotline's transfers (张女士/李先生, signboard names, no USCC).

Fraudulent schemes and genuine look-alike groups ("traps") are planted among ordinary background complaints and
recorded in truth.json. Written without looking at any model.

Usage: python bench/heldout/gen_upland.py OUT_DIR --seed N --rows N [--no-pictures]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import sys
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

GENERATOR = "gen_upland"

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
    "tour_group_shopping",
    "school_parents",
    "fan_club_order",
)

COLUMNS = (
    "source_system", "complaint_id", "channel", "received_at", "complainant_name", "complainant_phone",
    "complainant_id_number", "complainant_address", "merchant_name", "merchant_uscc", "product", "order_no",
    "purchase_date", "purchase_quantity", "purchase_amount", "claim_amount", "legal_basis", "text",
    "evidence_files", "handler", "outcome", "compensation_amount", "closed_at", "remark",
)

# groups per 10,000 rows and (min, max) complaints per group
SCHEME_PLAN = {
    "professional_claimant": (5, (18, 34)),
    "identity_rotation": (5, (12, 20)),
    "template_ring": (5, (16, 28)),
    "evidence_extortion": (4, (6, 10)),
    "private_payment_withdrawal": (4, (6, 10)),
    "low_and_slow_ring": (5, (12, 20)),
    "split_purchase": (5, (8, 16)),
}
TRAP_PLAN = {
    "contaminated_batch": (3, (30, 50)),
    "household_shared_phone": (24, (3, 7)),
    "dormitory": (5, (15, 30)),
    "power_user": (7, (12, 22)),
    "volunteer_representative": (3, (14, 24)),
    "elderly_by_child": (12, (3, 5)),
    "lawyer_one_client": (5, (3, 6)),
    "duplicate_two_channels": (36, (2, 2)),
    "hotline_honorific": (24, (3, 4)),
    "honest_law_citer": (6, (8, 14)),
    "refund_then_withdraw": (6, (8, 12)),
    "similar_product_photos": (8, (6, 10)),
    "signboard_name": (20, (2, 4)),
    "tour_group_shopping": (3, (10, 18)),
    "school_parents": (3, (10, 18)),
    "fan_club_order": (3, (10, 18)),
}

START = dt.datetime(2025, 1, 1)
SPAN_DAYS = 630
EXCEL_EPOCH = dt.date(1899, 12, 30)

SOURCES = ("yunbo_live", "suda_waimai", "qingya_12315", "huiwanjia_cs", "city_12345")
SOURCE_WEIGHTS = (30, 24, 14, 16, 16)

# ---------------------------------------------------------------------------------------------------------------
# identifiers

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def id_check_digit(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def valid_id_number(s: str) -> bool:
    s = s.strip().upper()
    if len(s) != 18 or not s[:17].isdigit():
        return False
    try:
        dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    return id_check_digit(s[:17]) == s[17]


def org_code_check(code8: str) -> str:
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(code8, ORG_WEIGHTS, strict=True))
    c = 11 - total % 11
    return "X" if c == 10 else ("0" if c == 11 else str(c))


def uscc_check(first17: str) -> str:
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def valid_uscc(s: str) -> bool:
    s = s.strip().upper()
    if len(s) != 18 or any(c not in USCC_CHARS for c in s):
        return False
    return uscc_check(s[:17]) == s[17]


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_complete(partial: str) -> str:
    for d in "0123456789":
        if luhn_ok(partial + d):
            return partial + d
    raise AssertionError("unreachable")


# ---------------------------------------------------------------------------------------------------------------
# the city

CITY = "峪州市"
COUNTIES = {  # name -> (id region code, towns, streets)
    "峪城区": ("513402", ("东关街道", "南门街道", "西苑街道"), ("解放路", "人民南路", "文庙街", "桥头巷", "新华路")),
    "北岭区": ("513403", ("北岭街道", "矿区街道", "工业园街道"), ("工业大道", "矿山路", "北环路", "建设路")),
    "青崖县": ("513421", ("城关镇", "青崖镇", "白水乡"), ("幸福路", "县府街", "河滨路", "青崖大道")),
    "石泉县": ("513422", ("石泉镇", "龙潭镇", "双河乡"), ("石泉大街", "泉水路", "龙潭街")),
    "安坪县": ("513423", ("安坪镇", "黄坪镇"), ("安坪路", "中山街", "汽车站路")),
    "桦沟县": ("513424", ("桦沟镇", "沟口乡"), ("桦林路", "长青街", "学府路")),
}
OTHER_CITIES = {  # neighbouring cities for rings spread over the province
    "岑阳市": "513302", "川北市": "513502", "临岳市": "513602", "白河市": "513702", "岚州市": "513802",
}
MIGRANT_REGIONS = ("411323", "512922", "522121", "431224", "500236", "622424", "360730", "421126")
COMMUNITIES = ("阳光小区", "锦绣花园", "矿务局家属院", "供销社宿舍", "金色家园", "滨河苑", "翠屏小区", "老电厂小区",
               "文化苑", "福泰新城", "山水华庭", "粮站小区")

SURNAMES = ("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余"
            "潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")
MALE_CHARS = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林欢阳建国志峰东亮成海兵"
FEMALE_CHARS = "芳娜敏静丽艳娟霞秀玲桂英华红梅兰琳萍燕雪倩婷颖莉慧佳晶月欣悦蓉琴洁彤璐"
NICK_A = ("小鱼儿", "爱吃", "不想", "努力的", "快乐", "晴天", "山里的", "月亮", "奶茶", "土豆", "阿狸", "木子", "一只",
          "芒果", "糖糖", "暴躁", "佛系", "熬夜的")
NICK_B = ("宝妈", "打工人", "小可爱", "猫", "兔子", "大叔", "姐姐", "吃货", "老铁", "喵喵", "阿姨", "胖虎", "娃他爸",
          "花花", "饭团")
PHONE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156",
                  "157", "158", "159", "166", "173", "175", "176", "177", "180", "181", "182", "183", "185", "186",
                  "187", "188", "189", "191", "198", "199")
CARD_BINS = ("622848", "621700", "622202", "623052", "621226", "622908", "625965", "621483")
BANKS = {"622848": "农业银行", "621700": "建设银行", "622202": "工商银行", "623052": "农业银行",
         "621226": "工商银行", "622908": "兴业银行", "625965": "招商银行", "621483": "招商银行"}


@dataclass
class Person:
    name: str
    gender: str  # "m" / "f"
    phone: str
    id_number: str
    address: str
    nickname: str
    county: str


@dataclass
class Merchant:
    name: str
    uscc: str  # may be "" for stalls
    sign: str  # signboard name as people say it
    kind: str  # live / food / super / shop
    host: str = ""  # livestream host


@dataclass
class Case:
    source: str
    person: Person
    merchant: Merchant
    product: str
    price: float
    qty: int
    when: dt.datetime
    text: str
    purchase: dt.datetime | None = None
    claim: float | None = None
    claim_text: str = ""
    legal: str = ""
    outcome: str = ""
    comp: float | None = None
    closed: dt.datetime | None = None
    remark: str = ""
    pics: list = field(default_factory=list)  # picture specs (dicts without names)
    name_shown: str | None = None
    phone_shown: str | None = None
    id_shown: str | None = None
    address_shown: str | None = None
    uscc_shown: str | None = None
    merchant_shown: str | None = None
    order_no: str | None = None
    handler: str | None = None
    group: str | None = None
    cid: str = ""
    clean: bool = False  # keep the cells tidy (no truncation)


# ---------------------------------------------------------------------------------------------------------------
# products

FOOD_CHEAP = (("进口巧克力礼盒", 39.9), ("麻辣辣条", 3.5), ("手撕牛肉干", 19.8), ("土蜂蜜500g", 28.0),
              ("即食燕窝", 68.0), ("槟榔", 15.0), ("网红雪花酥", 12.9), ("鸭脖", 16.5), ("进口饼干", 9.9),
              ("无糖酸奶", 6.5), ("坚果礼包", 49.0), ("自热火锅", 14.9), ("枸杞原浆", 58.0), ("老坛酸菜", 4.5),
              ("手工挂面", 8.8), ("进口红酒", 88.0), ("散装白酒", 35.0), ("黑芝麻丸", 29.9), ("鲜花饼", 18.0))
HEALTH = (("深海鱼油软胶囊", 168.0), ("降压保健茶", 128.0), ("益生菌固体饮料", 99.0), ("氨糖软骨素", 198.0),
          ("灵芝孢子粉", 298.0), ("褪黑素软糖", 59.0))
CLOTHES = (("纯棉T恤", 59.0), ("羊毛大衣", 399.0), ("羽绒服", 299.0), ("运动鞋", 189.0), ("牛仔裤", 89.0),
           ("真丝睡衣", 129.0), ("儿童棉袄", 119.0))
ELECTRONICS = (("蓝牙耳机", 129.0), ("充电宝", 69.0), ("电热水壶", 89.0), ("空气炸锅", 259.0), ("智能手表", 199.0),
               ("破壁机", 329.0), ("电动牙刷", 99.0), ("翻新手机", 899.0))
COSMETICS = (("补水面膜", 79.0), ("精华液", 159.0), ("防晒霜", 89.0), ("口红", 129.0), ("洗发水", 45.0))
DISHES = (("黄焖鸡米饭", 22.0), ("麻辣烫", 26.5), ("炸鸡套餐", 39.9), ("牛肉面", 18.0), ("烤串", 45.0),
          ("奶茶", 15.0), ("盖浇饭", 20.0), ("酸菜鱼", 58.0), ("烧烤拼盘", 68.0), ("凉皮", 12.0), ("卤肉饭", 19.0),
          ("水饺", 24.0), ("披萨", 59.0), ("汉堡套餐", 32.0))
SUPER_GOODS = (("鲜牛奶", 12.8), ("散装大米", 45.0), ("猪肉", 36.0), ("鸡蛋", 15.6), ("面包", 8.5), ("速冻汤圆", 13.9),
               ("食用油5L", 79.0), ("苹果", 18.0), ("卤味熟食", 25.0), ("洗衣液", 32.9), ("卫生纸", 29.9),
               ("酸奶", 9.9), ("火腿肠", 11.5))

# ---------------------------------------------------------------------------------------------------------------
# text helpers

TRAD = str.maketrans({
    "说": "說", "买": "買", "卖": "賣", "质": "質", "问": "問", "题": "題", "货": "貨", "东": "東", "这": "這",
    "个": "個", "们": "們", "发": "發", "现": "現", "过": "過", "时": "時", "间": "間", "还": "還", "没": "沒",
    "给": "給", "钱": "錢", "对": "對", "诉": "訴", "请": "請", "应": "應", "该": "該", "赔": "賠", "偿": "償",
    "损": "損", "费": "費", "产": "產", "标": "標", "签": "簽", "无": "無", "准": "準", "后": "後", "处": "處",
    "门": "門", "经": "經", "营": "營", "执": "執", "长": "長", "关": "關", "为": "為", "与": "與", "条": "條",
    "规": "規", "权": "權", "护": "護", "进": "進", "国": "國", "号": "號", "电": "電", "话": "話", "单": "單",
    "订": "訂", "联": "聯", "众": "眾", "检": "檢", "验": "驗", "证": "證", "据": "據", "图": "圖", "头": "頭",
    "购": "購", "装": "裝", "实": "實", "际": "際", "属": "屬", "违": "違", "反": "反", "约": "約", "额": "額",
    "价": "價", "倍": "倍", "责": "責", "任": "任", "态": "態", "度": "度", "宝": "寶", "决": "決", "认": "認",
})
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
TYPOS = (("已经", "以经"), ("的", "得"), ("账", "帐"), ("再次", "在次"), ("投诉", "投拆"), ("赔偿", "陪偿"),
         ("保质期", "保值期"), ("包装", "包妆"), ("退款", "退欵"), ("商家", "商架"), ("要求", "要球"),
         ("消费者", "消废者"), ("过期", "过其"), ("购买", "够买"), ("发现", "发觉"))
SYNONYMS = (("购买", ("买了", "购入", "下单购买", "购得")), ("发现", ("看到", "发觉", "注意到")),
            ("商家", ("店家", "卖家", "经营者", "该店")), ("要求", ("请求", "诉求为", "希望")),
            ("赔偿", ("赔付", "补偿", "给予赔偿")), ("本人", ("我", "消费者本人", "投诉人")),
            ("回家后", ("到家后", "回到家中", "拿回家")), ("现", ("现在", "故", "特此")),
            ("违反", ("不符合", "违背", "违反了")), ("严重", ("十分", "非常", "极其")))


def trad(text: str) -> str:
    return text.translate(TRAD)


def fw(text: str) -> str:
    return text.translate(FULLWIDTH)


def typo(rng: random.Random, text: str, n: int = 1) -> str:
    options = [t for t in TYPOS if t[0] in text]
    rng.shuffle(options)
    for a, b in options[:n]:
        text = text.replace(a, b, 1)
    return text


def paraphrase(rng: random.Random, text: str, strength: float) -> str:
    for word, subs in SYNONYMS:
        if word in text and rng.random() < strength:
            text = text.replace(word, rng.choice(subs), 1)
    parts = [p for p in text.split("。") if p]
    if len(parts) > 3 and rng.random() < strength:
        mid = parts[1:-1]
        rng.shuffle(mid)
        parts = [parts[0], *mid, parts[-1]]
    sep = "。" if rng.random() < 0.85 else "，"
    text = sep.join(parts) + "。"
    if rng.random() < strength * 0.5:
        text = typo(rng, text, rng.randint(1, 2))
    return text


def money_str(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))


# ---------------------------------------------------------------------------------------------------------------
# the world


class World:
    def __init__(self, rng: random.Random, rows: int):
        self.rng = rng
        self.used_ids: set[str] = set()
        self.used_phones: set[str] = set()
        self.used_cards: set[str] = set()
        self.pic_seq = 0
        n_merch = max(60, rows // 25)
        self.merchants = {k: [self.new_merchant(k) for _ in range(max(10, n_merch // 4))]
                          for k in ("live", "food", "super", "shop")}
        self.clerks = ("王建华", "刘红梅", "赵科员", "陈小燕", "周主任", "张磊", "李娜")
        self.cs_agents = ("客服-小美", "客服-阿杰", "工号1032", "工号2217", "客服-晴晴", "售后-老周", "工号0871")

    # -- people
    def name(self, gender: str, surname: str | None = None) -> str:
        rng = self.rng
        s = surname or rng.choice(SURNAMES)
        chars = MALE_CHARS if gender == "m" else FEMALE_CHARS
        return s + "".join(rng.choice(chars) for _ in range(rng.choice((1, 2, 2, 2))))

    def phone(self, prefix: str | None = None) -> str:
        while True:
            p = (prefix or self.rng.choice(PHONE_PREFIXES))
            p += "".join(self.rng.choice("0123456789") for _ in range(11 - len(p)))
            if p not in self.used_phones:
                self.used_phones.add(p)
                return p

    def id_number(self, region: str, gender: str, year: int | None = None) -> str:
        rng = self.rng
        while True:
            y = year or rng.randint(1955, 2004)
            birth = dt.date(y, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
            seq = rng.randint(0, 99) * 10 + rng.choice((1, 3, 5, 7, 9) if gender == "m" else (0, 2, 4, 6, 8))
            first = f"{region}{birth:%Y%m%d}{seq:03d}"
            full = first + id_check_digit(first)
            if full not in self.used_ids:
                self.used_ids.add(full)
                return full

    def bank_card(self) -> str:
        while True:
            b = self.rng.choice(CARD_BINS)
            length = self.rng.choice((16, 19, 19))
            partial = b + "".join(self.rng.choice("0123456789") for _ in range(length - len(b) - 1))
            card = luhn_complete(partial)
            if card not in self.used_cards:
                self.used_cards.add(card)
                return card

    def address(self, county: str | None = None) -> tuple[str, str]:
        rng = self.rng
        county = county or rng.choice(list(COUNTIES))
        _, towns, streets = COUNTIES[county]
        if rng.random() < 0.5:
            addr = (f"{CITY}{county}{rng.choice(towns)}{rng.choice(streets)}{rng.randint(1, 260)}号"
                    f"{rng.choice(COMMUNITIES)}{rng.randint(1, 16)}栋{rng.randint(1, 4)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}")
        else:
            addr = f"{county}{rng.choice(streets)}{rng.randint(1, 260)}号{rng.randint(1, 7)}0{rng.randint(1, 4)}室"
        return addr, county

    def nickname(self) -> str:
        rng = self.rng
        n = rng.choice(NICK_A) + rng.choice(NICK_B)
        if rng.random() < 0.4:
            n += str(rng.randint(1, 9999))
        return n

    def person(self, *, gender: str | None = None, county: str | None = None, region: str | None = None,
               surname: str | None = None, year: int | None = None, address: str | None = None,
               phone: str | None = None) -> Person:
        rng = self.rng
        g = gender or rng.choice("mf")
        addr, c = self.address(county)
        if region is None:
            region = COUNTIES[c][0] if rng.random() < 0.85 else rng.choice(MIGRANT_REGIONS)
        return Person(self.name(g, surname), g, phone or self.phone(), self.id_number(region, g, year),
                      address or addr, self.nickname(), c)

    # -- merchants
    def uscc(self, individual: bool, region: str) -> str:
        rng = self.rng
        org = "".join(rng.choice(USCC_CHARS[:10] if rng.random() < 0.5 else USCC_CHARS) for _ in range(8))
        org += org_code_check(org)
        head = ("92" if individual else rng.choice(("91", "91", "91", "93"))) + region + org
        return head + uscc_check(head)

    def new_merchant(self, kind: str) -> Merchant:
        rng = self.rng
        word = rng.choice(("鑫源", "佳惠", "顺发", "福满", "嘉禾", "恒通", "瑞丰", "华联", "金谷", "峪峰", "百味", "悦来",
                           "兴旺", "诚信", "老街", "山城", "蜀香", "秦源", "北岭", "青崖", "宏达", "利民", "万家乐"))
        county = rng.choice(list(COUNTIES))
        region = COUNTIES[county][0]
        if kind == "live":
            shop = rng.choice(("官方旗舰店", "甄选", "严选好物", "源头工厂店", "好物推荐", "农家特产"))
            host = rng.choice(("小杨哥", "阿珍", "乡村小芳", "峪州老李", "甜甜", "大山哥", "美美姐", "东北雨姐")) + \
                rng.choice(("", "", "的直播间", "带货"))
            company = f"{rng.choice(('杭州', '义乌', '广州', '临沂', '峪州'))}{word}电子商务有限公司"
            return Merchant(company, self.uscc(False, region), f"{word}{shop}", "live", host)
        if kind == "food":
            sign = f"{rng.choice(('老王', '张记', '川味', '老街', '阿妹', '胖哥', '好再来', '蜀香', '兰州'))}" + \
                rng.choice(("烧烤", "麻辣烫", "炸鸡", "黄焖鸡", "牛肉面", "奶茶", "快餐", "火锅", "饺子馆", "卤肉饭"))
            if rng.random() < 0.45:
                return Merchant(f"{CITY}{county}{sign}店", self.uscc(True, region), sign, "food")
            return Merchant(f"{CITY}{word}餐饮管理有限公司", self.uscc(False, region), sign, "food")
        if kind == "super":
            branch = rng.choice(("北岭店", "东关店", "人民路店", "青崖店", "石泉店", "汽车站店", "新华路店", "安坪店"))
            return Merchant(f"{CITY}惠万家超市有限公司{branch}", self.uscc(False, region), f"惠万家{branch}", "super")
        sign = word + rng.choice(("商行", "便利店", "烟酒店", "特产店", "母婴店", "数码", "副食店", "保健品店"))
        if rng.random() < 0.6:
            return Merchant(f"{county}{sign}", self.uscc(True, region), sign, "shop")
        return Merchant(f"{CITY}{word}商贸有限公司", self.uscc(False, region), sign, "shop")

    def merchant(self, kind: str | None = None) -> Merchant:
        return self.rng.choice(self.merchants[kind or self.rng.choice(("live", "food", "super", "shop"))])

    def when(self, lo: int = 0, hi: int = SPAN_DAYS) -> dt.datetime:
        rng = self.rng
        day = START + dt.timedelta(days=rng.randint(lo, hi - 1))
        hour = rng.choices(range(24), weights=[1, 1, 1, 1, 1, 2, 4, 6, 9, 12, 12, 11, 9, 10, 11, 11, 10, 9, 9,
                                              9, 8, 6, 4, 2])[0]
        return day.replace(hour=hour, minute=rng.randint(0, 59), second=rng.randint(0, 59))

    def pic(self, kind: str, **kw) -> dict:
        self.pic_seq += 1
        spec = {"kind": kind, "seed": self.rng.randrange(1 << 30)}
        spec.update(kw)
        return spec


def source_for(merchant: Merchant, rng: random.Random) -> str:
    if merchant.kind == "live":
        return rng.choice(("yunbo_live", "yunbo_live", "yunbo_live", "qingya_12315", "city_12345"))
    if merchant.kind == "food":
        return rng.choice(("suda_waimai", "suda_waimai", "suda_waimai", "qingya_12315", "city_12345"))
    if merchant.kind == "super":
        return rng.choice(("huiwanjia_cs", "huiwanjia_cs", "huiwanjia_cs", "qingya_12315", "city_12345"))
    return rng.choice(("qingya_12315", "city_12345", "city_12345"))


def merchant_kind_for(source: str, rng: random.Random) -> str:
    return {"yunbo_live": "live", "suda_waimai": "food", "huiwanjia_cs": "super"}.get(
        source, rng.choice(("shop", "shop", "food", "live", "super")))


def goods_for(kind: str, rng: random.Random) -> tuple[str, float]:
    if kind == "food":
        name, p = rng.choice(DISHES)
    elif kind == "super":
        name, p = rng.choice(SUPER_GOODS + FOOD_CHEAP[:6])
    elif kind == "live":
        name, p = rng.choice(CLOTHES + ELECTRONICS + COSMETICS + FOOD_CHEAP + HEALTH)
    else:
        name, p = rng.choice(FOOD_CHEAP + HEALTH + ELECTRONICS + COSMETICS)
    return name, round(p * rng.uniform(0.8, 1.2), 1)


# ---------------------------------------------------------------------------------------------------------------
# ordinary texts

PROBLEMS = {  # service problems of each channel, whatever was bought
    "food": ("送到时汤全洒了，袋子里都是油", "少送了一份米饭和饮料", "超时一个多小时才送到，饭都凉了",
             "骑手把餐放在门口没打电话，被人拿走了", "份量比图片少一半", "骑手态度很差还骂人",
             "备注不要辣还是放了很多辣椒，孩子没法吃", "送错了，不是我点的", "商家出餐太慢，骑手等了四十分钟"),
    "super": ("结账价格和货架标价不一样，多收了钱", "称重的时候明显不准", "促销说买一送一结账时没送",
              "会员积分被清零了没有通知", "收银员态度恶劣", "购物卡余额不对", "塑料袋收费没有告知", "小票金额和实际不符"),
    "live": ("申请7天无理由退货被商家拒绝", "仅退款申请被驳回", "直播间承诺的赠品没有发", "收到的货和直播间展示的完全不一样",
             "发货拖了半个月还没发", "退货寄回去了商家说没收到", "直播间说全网最低价，结果比别处贵",
             "主播说是正品，收到后怀疑是假货", "主播说拍下立减，结果没减"),
    "shop": ("买的东西质量有问题要求退货不给退", "收了钱不开发票", "充值办卡后店铺关门了", "价格标签模糊，结账时贵了很多",
             "卖的东西疑似假货", "店员承诺可以退换，回头就不认账"),
}
GOODS_PROBLEMS = {  # problems of the goods themselves, by category
    "dish": ("吃了两口发现里面有头发", "味道发酸，感觉是隔夜的菜", "里面吃出一根塑料丝", "肉没熟，里面还带血丝",
             "吃完全家拉肚子", "菜里有一块钢丝球的铁丝"),
    "food": ("回家打开已经变质了", "里面有霉点", "有一股怪味", "已经过了保质期还在卖", "包装是破的，漏气了",
             "没有生产日期", "吃了以后肚子不舒服", "收到时已经临期，没有告知"),
    "health": ("推销时说能治病，根本没效果", "没有保健食品批准文号", "老人吃了头晕", "说是进口的，实际是国产贴牌"),
    "clothes": ("说是纯棉，收到一看是化纤的", "颜色和尺码都发错了", "洗了一次就褪色缩水", "穿了两天就开线了",
                "有很大的异味"),
    "electronics": ("用了两次就坏了，商家不给售后", "充电的时候发烫冒烟", "用了三天就坏了", "商家承诺的保修不兑现",
                    "疑似翻新机", "插上电就跳闸"),
    "cosmetics": ("用了脸过敏红肿", "和专柜的味道不一样，怀疑是假货", "收到时已经临期", "瓶子是漏的"),
    "household": ("分量不足", "包装破损", "和标价不一样", "质量太差"),
}
GOODS_CATEGORY = {name: cat for cat, goods in (
    ("dish", DISHES), ("food", FOOD_CHEAP), ("health", HEALTH), ("clothes", CLOTHES), ("electronics", ELECTRONICS),
    ("cosmetics", COSMETICS), ("food", SUPER_GOODS)) for name, _ in goods}
GOODS_CATEGORY.update({"洗衣液": "household", "卫生纸": "household", "食用油5L": "food"})


def problem_for(rng: random.Random, kind: str, product: str) -> str:
    cat = GOODS_CATEGORY.get(product)
    if cat is None or rng.random() < 0.4:
        return rng.choice(PROBLEMS[kind])
    return rng.choice(GOODS_PROBLEMS[cat])


DEMANDS = ("要求退款", "要求退货退款", "希望商家给个说法", "要求赔偿损失", "要求换货", "要求商家道歉并退款", "请帮忙协调",
           "要求补发", "希望监管部门管一管", "要求退还差价", "要求按规定处理")


def ordinary_text(w: World, case: Case, kind: str) -> str:
    rng = w.rng
    prob = problem_for(rng, kind, case.product)
    dem = rng.choice(DEMANDS)
    p = case.product
    src = case.source
    if src == "yunbo_live":
        host = case.merchant.host or "主播"
        opts = (f"在{host}直播间买的{p}，{prob}，{dem}。", f"{prob}。{dem}", f"{p}{prob}，联系客服一直不回，{dem}。",
                f"订单{p}：{prob}！！{dem}", f"买家留言：{prob}，{dem}")
    elif src == "suda_waimai":
        opts = (f"点的{p}{prob}，{dem}。", f"{prob}。{dem}", f"外卖{p}，{prob}，联系商家不理，{dem}",
                f"【食安】{p}{prob}，{dem}。" if "发" in prob or "吃" in prob else f"【配送】{prob}，{dem}。")
    elif src == "qingya_12315":
        opts = (f"投诉人称其于{case.purchase:%m月%d日}在{case.merchant.sign}购买{p}，{prob}，{dem}。",
                f"来人反映：在{case.merchant.sign}买{p}{prob}，与商家协商未果，{dem}。",
                f"消费者来电称{prob}，{dem}。", f"投诉人反应{p}{prob}，{dem}")
    elif src == "huiwanjia_cs":
        opts = (f"顾客反映{prob}，{dem}。", f"会员来电：{p}{prob}，{dem}。", f"{case.merchant.sign}顾客投诉{prob}，{dem}")
    else:
        opts = (f"市民来电反映，其在{case.merchant.sign}购买{p}，{prob}，{dem}，请相关部门处理。",
                f"来电人称{prob}，{dem}。", f"市民反映{case.merchant.sign}{prob}，诉求：{dem}。")
    t = rng.choice(opts)
    if rng.random() < 0.03:
        t = trad(t)
    if rng.random() < 0.04:
        t = typo(rng, t)
    return t


OUTCOMES = {
    "yunbo_live": (("已退款", 30), ("仅退款完成", 12), ("平台介入-支持买家", 10), ("驳回", 12), ("买家撤销", 6),
                   ("退货退款完成", 15), ("处理中", 6), ("协商中", 4), ("其他", 2)),
    "suda_waimai": (("已赔付", 25), ("已退款", 30), ("商家已处理", 15), ("驳回", 10), ("部分退款", 10), ("红包补偿", 8),
                    ("", 2)),
    "qingya_12315": (("调解成功", 35), ("终止调解", 14), ("转交执法", 6), ("不予受理", 6), ("已办结", 18),
                     ("撤回", 5), ("协商不成", 6), ("", 6), ("其他", 4)),
    "huiwanjia_cs": (("已退换", 35), ("已赔偿", 15), ("已处理", 20), ("顾客撤销", 5), ("未解决", 10), ("待回访", 10),
                     ("", 5)),
    "city_12345": (("已办结", 40), ("已转办", 15), ("协商不成", 10), ("终止调解", 6), ("转交执法", 5), ("其他", 8),
                   ("办结-满意", 8), ("办结-不满意", 8)),
}
COMPENSATING = {"已退款", "仅退款完成", "平台介入-支持买家", "退货退款完成", "已赔付", "部分退款", "红包补偿", "调解成功",
                "已办结", "已退换", "已赔偿", "办结-满意"}


def settle(w: World, case: Case) -> None:
    rng = w.rng
    names, weights = zip(*OUTCOMES[case.source], strict=True)
    case.outcome = rng.choices(names, weights=weights)[0]
    total = case.price * case.qty
    if case.outcome in COMPENSATING:
        r = rng.random()
        case.comp = round(total, 2) if r < 0.6 else (round(total * rng.uniform(0.2, 0.8), 1) if r < 0.85 else
                                                      round(rng.choice((5, 10, 20, 30, 50, 100)), 0))
    if case.outcome not in ("处理中", "协商中", "已转办", "待回访", ""):
        case.closed = case.when + dt.timedelta(days=rng.randint(0, 25), hours=rng.randint(0, 20))
    if rng.random() < 0.12:
        case.remark = rng.choice(("已电话回访", "商家拒绝调解", "材料已存档", "消费者不接电话", "已告知诉讼途径",
                                  "复印件附后", "转辖区所", "回访满意", "回访不满意", "重复件?"))


# ---------------------------------------------------------------------------------------------------------------
# building cases


def base_case(w: World, person: Person, merchant: Merchant, *, source: str | None = None,
              when: dt.datetime | None = None, product: tuple[str, float] | None = None, qty: int | None = None,
              pics: int | None = None) -> Case:
    rng = w.rng
    src = source or source_for(merchant, rng)
    when = when or w.when()
    prod, price = product or goods_for(merchant.kind, rng)
    lag = rng.choice((0, 0, 1, 1, 2, 3, 5, 7, 12, 20))
    purchase = (when - dt.timedelta(days=lag, hours=rng.randint(0, 8))).replace(second=0)
    c = Case(src, person, merchant, prod, price, qty or rng.choice((1, 1, 1, 1, 2, 3)), when, "", purchase)
    n = pics if pics is not None else rng.choices((0, 1, 2, 3), weights=(55, 28, 12, 5))[0]
    for _ in range(n):
        kind = {"suda_waimai": ("food", "chat", "receipt"), "yunbo_live": ("product", "chat", "label"),
                "huiwanjia_cs": ("receipt", "product"), }.get(src, ("receipt", "product", "chat"))
        c.pics.append(w.pic(rng.choice(kind)))
    return c


def background(w: World) -> Case:
    rng = w.rng
    src = rng.choices(SOURCES, weights=SOURCE_WEIGHTS)[0]
    mk = merchant_kind_for(src, rng)
    c = base_case(w, w.person(), w.merchant(mk), source=src)
    c.text = ordinary_text(w, c, mk)
    if any(k in c.text for k in ("头发", "塑料丝", "铁丝", "霉点")):  # a genuine foreign-object photo
        c.pics = [w.pic("foreign" if mk in ("food", "super") else "product"), *c.pics[1:]]
    if rng.random() < 0.12:
        c.claim = round(c.price * c.qty * rng.choice((1, 1, 2, 3)), 1)
    if rng.random() < 0.02:
        c.legal = rng.choice(("消费者权益保护法", "消法第24条", "《消费者权益保护法》第二十四条"))
    settle(w, c)
    return c


class Builder:
    def __init__(self, w: World):
        self.w = w
        self.rng = w.rng
        self.groups: list[tuple[str, str, list[Case]]] = []  # (category, kind, cases)

    # ---- schemes -------------------------------------------------------------------------------------------

    def professional_claimant(self, size: int) -> list[Case]:
        w, rng = self.w, self.rng
        p = w.person(gender=rng.choice("mmmf"), year=rng.randint(1972, 1992))
        careful = rng.random() < 0.5  # careful claimants hide behind nicknames and drop their ID number
        start = rng.randint(0, SPAN_DAYS - 200)
        stages = ("投诉", "举报", "复议", "诉讼")
        cases = []
        merchants = [w.merchant(rng.choice(("shop", "super", "live", "shop"))) for _ in range(max(4, size * 3 // 4))]
        for i in range(size):
            m = merchants[i % len(merchants)] if rng.random() < 0.7 else rng.choice(merchants)
            if m.kind == "super":
                prod = rng.choice(FOOD_CHEAP)
            elif m.kind == "live":
                prod = rng.choice(FOOD_CHEAP + HEALTH)
            else:
                prod = rng.choice(FOOD_CHEAP + HEALTH[:2])
            price = round(prod[1] * rng.uniform(0.9, 1.1), 1)
            qty = rng.choice((1, 2, 5, 10, 12, 20, 30))
            when = w.when(start + i * 180 // size, start + i * 180 // size + 10)
            src = rng.choice(("qingya_12315", "qingya_12315", "city_12345", "yunbo_live" if m.kind == "live" else
                              "qingya_12315"))
            c = base_case(w, p, m, source=src, when=when, product=(prod[0], price), qty=qty,
                          pics=rng.choice((1, 2, 2, 3)))
            stage = stages[min(3, i * 4 // size + (1 if rng.random() < 0.2 else 0))]
            food = prod[0] not in dict(HEALTH)
            total = price * qty
            fault = rng.choice(("外包装无中文标签", "已超过保质期", "标签未标注生产许可证编号", "配料表与实际不符",
                                "宣称具有治疗功效", "无生产日期")) if food else rng.choice(
                ("宣称能降血压、治疗糖尿病", "无保健食品批准文号", "虚假宣传治疗功效"))
            if food:
                c.legal = rng.choice(("《食品安全法》第一百四十八条", "食品安全法第148条第二款", "食安法148条",
                                      "《中华人民共和国食品安全法》第148条"))
                c.claim = max(1000.0, round(total * 10, 2))
                demand = rng.choice(("退一赔十", "退还货款并支付价款十倍赔偿金", "按价款十倍赔偿，不足一千元的按一千元计"))
            else:
                c.legal = rng.choice(("《消费者权益保护法》第五十五条", "消法第55条", "消费者权益保护法第55条第一款"))
                c.claim = max(500.0, round(total * 3, 2))
                demand = rng.choice(("假一赔三", "退一赔三", "支付价款三倍赔偿"))
            head = (f"本人于{c.purchase:%Y年%m月%d日}在{m.sign}购买{prod[0]}{qty}件，支付{money_str(round(total, 2))}元。"
                    f"经查该商品{fault}，")
            if stage == "投诉":
                body = f"依据{c.legal}，要求：一、{demand}；二、依法对经营者立案查处。"
            elif stage == "举报":
                body = (f"现实名举报该经营者，请贵局依法立案查处并在法定期限内书面告知处理结果，同时要求{demand}，"
                        "举报奖励请按规定发放。")
            elif stage == "复议":
                body = (f"本人此前投诉举报后，贵局作出不予立案决定，本人不服，已向{CITY}人民政府申请行政复议，"
                        f"请求撤销原决定并责令经营者{demand}。")
            else:
                body = (f"因经营者拒绝{demand}，本人已向{rng.choice(list(COUNTIES))}人民法院提起诉讼，"
                        "请贵局提供该经营者的处罚信息及调查材料。")
            tail = rng.choice(("", "逾期未答复将申请行政复议。", "请在十五个工作日内答复。", "特此投诉举报。"))
            c.text = head + body + tail
            if careful:
                if src == "yunbo_live":
                    c.name_shown = p.nickname
                elif rng.random() < 0.5:
                    c.id_shown = ""
                if rng.random() < 0.3:
                    c.name_shown = p.name[0] + rng.choice(("先生", "女士")) if src == "city_12345" else c.name_shown
            c.remark = {"投诉": "", "举报": "举报件", "复议": "涉复议", "诉讼": "涉诉"}[stage]
            c.outcome = rng.choice(("终止调解", "协商不成", "转交执法", "不予受理", "已办结", "其他", "调解成功"))
            if c.outcome == "调解成功":
                c.comp = round(rng.uniform(0.3, 1.0) * c.claim, 0)
            c.closed = c.when + dt.timedelta(days=rng.randint(3, 40))
            cases.append(c)
        return cases

    def identity_rotation(self, size: int) -> list[Case]:
        w, rng = self.w, self.rng
        op = w.person(gender="m", year=rng.randint(1975, 1990))
        home_addr = op.address
        spouse = w.person(gender="f", county=op.county, address=home_addr, year=rng.randint(1975, 1992))
        mother = w.person(gender="f", county=op.county, surname=op.name[0], year=rng.randint(1948, 1960),
                          address=home_addr)
        bought = [w.person() for _ in range(rng.randint(2, 5))]  # identities bought or borrowed
        idents = [op, spouse, mother, *bought]
        phones = [op.phone, w.phone(), w.phone(), w.phone()]
        card = w.bank_card()
        sig = rng.choice(("特此投诉，望贵局秉公处理，还消费者一个公道！", "恳请贵局依法查处，维护消费者合法权益！！",
                          "请监管部门严查此类无良商家，谢谢！", "望贵部门尽快处理为盼。"))
        hard = rng.random() < 0.5
        addr_variants = [home_addr, home_addr.replace(CITY, ""), home_addr.split("号")[0] + "号附近",
                         home_addr.replace("单元", "-").replace("栋", "-")]
        start = rng.randint(0, SPAN_DAYS - 150)
        cases = []
        for i in range(size):
            ident = idents[i % len(idents)] if i < len(idents) else rng.choice(idents)
            m = w.merchant(rng.choice(("shop", "live", "food", "super")))
            prod = goods_for(m.kind, rng)
            c = base_case(w, ident, m, when=w.when(start, start + 150), product=prod, pics=rng.choice((1, 1, 2)))
            c.phone_shown = rng.choice(phones) if not hard else (phones[i % len(phones)] if rng.random() < 0.7
                                                                  else w.phone())
            # hard groups let the borrowed identities keep their own addresses now and then
            c.address_shown = ident.address if hard and ident in bought and rng.random() < 0.4 else \
                rng.choice(addr_variants)
            fault = problem_for(rng, m.kind, prod[0])
            c.text = (f"{c.purchase:%m月%d日}在{m.sign}买的{prod[0]}，{fault}。与商家多次沟通无果，"
                      f"要求退款并赔偿{rng.choice((500, 800, 1000, 2000))}元。")
            if rng.random() < (0.5 if hard else 0.7):
                c.text += f"赔偿款请打到{BANKS[card[:6]]}卡号：{self.card_fmt(card)}。"
            c.text += sig if rng.random() < 0.8 else ""
            c.claim = float(rng.choice((500, 800, 1000, 2000)))
            c.outcome = rng.choice(("调解成功", "已赔付", "协商不成", "已办结", "终止调解"))
            if c.outcome in ("调解成功", "已赔付", "已办结"):
                c.comp = float(rng.choice((200, 300, 500, 800)))
            c.closed = c.when + dt.timedelta(days=rng.randint(1, 20))
            cases.append(c)
        return cases

    def card_fmt(self, card: str) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.3:
            return card
        if r < 0.6:
            return " ".join(card[i:i + 4] for i in range(0, len(card), 4))
        if r < 0.8:
            return "-".join(card[i:i + 4] for i in range(0, len(card), 4))
        return fw(card) if rng.random() < 0.5 else fw(" ".join(card[i:i + 4] for i in range(0, len(card), 4)))

    def phone_in_text(self, phone: str) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.3:
            return phone
        if r < 0.55:
            return f"{phone[:3]} {phone[3:7]} {phone[7:]}"
        if r < 0.75:
            return f"{phone[:3]}-{phone[3:7]}-{phone[7:]}"
        if r < 0.9:
            return fw(phone)
        return "+86 " + phone

    TEMPLATES = (
        ("本人于{date}在{shop}购买{prod}{qty}件，共计{amt}元。回家后发现该商品为进口食品，外包装无中文标签，"
         "违反《食品安全法》第九十七条的规定。依据《食品安全法》第一百四十八条，现要求商家退还货款并支付价款十倍的赔偿金，"
         "不足一千元的按一千元赔偿。", "no_cn_label", "product"),
        ("{date}本人在{shop}购买了{prod}{qty}份，金额{amt}元。商家在直播间宣传该产品具有降血糖、治疗失眠的功效，"
         "属于虚假宣传，严重违反广告法及消费者权益保护法。现要求商家退一赔三，并请贵局对该经营者依法查处。",
         "false_ad", "chat"),
        ("本人{date}在{shop}买{prod}{qty}个，花费{amt}元。发现该商品已经过期，商家仍在销售，严重侵害消费者权益。"
         "要求商家按照食品安全法第148条十倍赔偿，最低一千元。如商家拒不赔偿，本人将向法院起诉。", "expired", "receipt"),
        ("{date}，本人在{shop}购买{prod}{qty}件，合计{amt}元。该产品标签未标注生产许可证编号和生产者地址，"
         "属于不符合食品安全标准的食品。本人要求退还货款{amt}元并赔偿1000元。", "label_missing", "label"),
    )

    def template_ring(self, size: int) -> list[Case]:
        w, rng = self.w, self.rng
        tmpl, _, pic_kind = rng.choice(self.TEMPLATES)
        n_people = max(3, size // rng.randint(2, 4))
        people = [w.person(county=rng.choice(list(COUNTIES))) for _ in range(n_people)]
        # a ring often sits in one county and shares one contact phone on a few rows
        stock = w.pic(pic_kind)
        strength = rng.uniform(0.3, 0.9)
        prods = FOOD_CHEAP if "功效" not in tmpl else HEALTH
        start = rng.randint(0, SPAN_DAYS - 90)
        cases = []
        for i in range(size):
            p = people[i % n_people]
            m = w.merchant(rng.choice(("shop", "super", "live")))
            prod = rng.choice(prods)
            qty = rng.choice((1, 2, 3, 5, 10))
            price = round(prod[1] * rng.uniform(0.9, 1.1), 1)
            c = base_case(w, p, m, when=w.when(start, start + 90), product=(prod[0], price), qty=qty, pics=0)
            amt = money_str(round(price * qty, 2))
            t = tmpl.format(date=f"{c.purchase:%Y年%m月%d日}", shop=m.sign, prod=prod[0], qty=qty, amt=amt)
            t = paraphrase(rng, t, strength)
            if rng.random() < 0.2:
                t = trad(t)
            if rng.random() < 0.2:
                t = fw(t)
            c.text = t
            c.claim = max(1000.0, round(price * qty * (10 if "十倍" in tmpl or "148" in tmpl else 3), 2))
            c.legal = "" if rng.random() < 0.4 else rng.choice(("食品安全法第148条", "消法55条", "《食品安全法》"))
            if rng.random() < 0.45:
                c.pics.append(dict(stock))
            elif rng.random() < 0.6:
                c.pics.append(w.pic(pic_kind))
            c.outcome = rng.choice(("终止调解", "协商不成", "调解成功", "已办结", "不予受理"))
            if c.outcome == "调解成功":
                c.comp = float(rng.choice((300, 500, 1000)))
            c.closed = c.when + dt.timedelta(days=rng.randint(2, 30))
            cases.append(c)
        return cases

    def evidence_extortion(self, size: int) -> list[Case]:
        w, rng = self.w, self.rng
        base = w.pic(rng.choice(("foreign", "foreign", "injury")))
        p = w.person(year=rng.randint(1980, 1998))
        helpers = [w.person() for _ in range(rng.randint(0, 2))]
        edits = ("rot90", "mirror", "crop", "frame", "bright", "rot270", "dark")
        start = rng.randint(0, SPAN_DAYS - 120)
        cases = []
        for i in range(size):
            who = p if not helpers or rng.random() < 0.6 else rng.choice(helpers)
            m = w.merchant(rng.choice(("food", "food", "super")))
            c = base_case(w, who, m, when=w.when(start, start + 120), pics=0)
            what = "头发" if base["kind"] == "foreign" else ""
            harm = rng.choice(("孩子吃完上吐下泻，去医院花了好几百", "我吃完后肚子疼了一晚上", "牙齿被硌坏了，要去看牙医",
                               "老人吃了以后住院输液三天", "嘴里被划破流血"))
            threat = rng.choice(("如果今天不给我满意的答复，我就把视频发到抖音和本地新闻群里。",
                                 "我已经联系了律师和电视台记者，商家自己看着办。",
                                 "不赔偿的话我天天在你们店门口直播，让大家都看看。",
                                 "私了的话赔我一万，否则法庭见，顺便让媒体曝光。",
                                 "我认识报社的人，你们这种店就等着上新闻吧。"))
            thing = rng.choice(("一只虫子", "一根钢丝球的铁丝", "一块碎玻璃", "一根很长的头发", "一个创可贴")) if what else \
                "异物"
            c.text = f"在{m.sign}买的{c.product}里吃出{thing}，{harm}，有图为证。{threat}"
            if rng.random() < 0.3:
                c.text = typo(rng, c.text)
            claim = float(rng.choice((5000, 8000, 10000, 20000, 30000, 50000)))
            c.claim = claim
            c.claim_text = rng.choice(("", "", f"{int(claim)}元以上", f"{int(claim / 10000)}万" if claim >= 10000 else ""))
            ed = [edits[i % len(edits)]]
            if rng.random() < 0.4:
                ed.append(rng.choice(edits))
            c.pics.append({**base, "edit": ed, "q": rng.randint(70, 92)})
            if rng.random() < 0.4:
                c.pics.append(w.pic("receipt"))
            c.outcome = rng.choice(("协商不成", "终止调解", "已赔付", "转交执法", "其他", "处理中"))
            if c.outcome == "已赔付":
                c.comp = float(rng.choice((200, 500, 1000, 2000)))
            c.closed = None if c.outcome == "处理中" else c.when + dt.timedelta(days=rng.randint(1, 15))
            cases.append(c)
        return cases

    def private_payment_withdrawal(self, size: int) -> list[Case]:
        w, rng = self.w, self.rng
        p = w.person(year=rng.randint(1970, 1995))
        partner = w.person() if rng.random() < 0.4 else None
        start = rng.randint(0, SPAN_DAYS - 200)
        cases = []
        for _ in range(size):
            who = partner if partner and rng.random() < 0.35 else p
            m = w.merchant(rng.choice(("shop", "food", "super", "live")))
            c = base_case(w, who, m, when=w.when(start, start + 200), pics=rng.choice((0, 1, 1, 2)))
            if m.kind in ("shop", "super"):
                c.product, c.price = rng.choice(FOOD_CHEAP)
            total = c.price * c.qty
            fault = rng.choice(("过期", "无中文标签", "里面有异物", "发霉", "标签不全", "宣传与实际不符"))
            c.text = rng.choice((f"在{m.sign}购买的{c.product}{fault}，要求赔偿。",
                                 f"{c.product}{fault}，商家必须给个说法，否则向上级部门举报。",
                                 f"反映{m.sign}销售{fault}的{c.product}，要求依法处理并赔偿。"))
            c.claim = float(rng.choice((1000, 2000, 3000, 5000)))
            paid = round(max(total * rng.uniform(15, 80), rng.choice((800, 1000, 1500, 2000, 3000))), -1)
            c.outcome = rng.choice(("撤回", "买家撤销", "消费者撤诉", "申请人撤回投诉", "已办结", "其他"))
            c.closed = c.when + dt.timedelta(hours=rng.randint(5, 72))
            r = rng.random()
            if r < 0.4:
                c.remark = f"双方私下协商，商家微信转账{money_str(paid)}元，消费者撤回投诉"
                c.comp = paid if rng.random() < 0.5 else None
            elif r < 0.7:
                c.remark = rng.choice(("当事人自行和解后撤诉", "消费者表示已与商家私下解决", "投诉人来电撤销"))
                c.comp = paid if rng.random() < 0.4 else None
            else:
                c.remark = rng.choice(("", "撤回", "经营者称已私下赔偿"))
                c.comp = paid if rng.random() < 0.6 else None
            c.clean = True
            cases.append(c)
        return cases

    def low_and_slow_ring(self, size: int) -> list[Case]:
        w, rng = self.w, self.rng
        tie = rng.choice(("phone", "card", "block"))
        coord_phone = w.phone()
        coord_card = w.bank_card()
        block = rng.choice(PHONE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(rng.choice((4, 5, 5))))
        cities = list(OTHER_CITIES) + [CITY] * 2
        n_members = max(4, size * 2 // 3)
        members = []
        for _ in range(n_members):
            city = rng.choice(cities)
            region = OTHER_CITIES.get(city) or COUNTIES[rng.choice(list(COUNTIES))][0]
            phone = w.phone(block) if tie == "block" else None
            p = w.person(region=region, phone=phone)
            if city != CITY:
                p.address = f"{city}{rng.choice(('城东区', '城西区', '开发区', '新区'))}{rng.choice(COMMUNITIES)}" \
                    f"{rng.randint(1, 20)}栋{rng.randint(1, 30)}0{rng.randint(1, 4)}"
            members.append(p)
        cases = []
        for i in range(size):
            p = members[i % n_members]
            m = w.merchant()
            c = base_case(w, p, m, when=w.when(), pics=rng.choice((0, 1, 1)))
            c.text = ordinary_text(w, c, m.kind).rstrip("。") + "，要求赔偿"
            c.claim = float(rng.choice((500, 1000, 1000, 2000)))
            c.text += money_str(c.claim) + "元。"
            if tie == "phone":
                c.text += rng.choice(("如需核实请联系我的代理人", "我不方便接电话，请联系", "联系人：王先生",
                                      "有事打这个号")) + self.phone_in_text(coord_phone) + "。"
            elif tie == "card":
                c.text += rng.choice(("赔偿款请转入卡号", "退款账户 卡号:", "请打到我表哥的卡号")) + \
                    self.card_fmt(coord_card) + "。"
            c.outcome = rng.choice(("调解成功", "已赔付", "已办结", "协商不成", "终止调解"))
            if c.outcome in ("调解成功", "已赔付", "已办结"):
                c.comp = float(rng.choice((100, 200, 300, 500, 1000)))
            c.closed = c.when + dt.timedelta(days=rng.randint(1, 20))
            c.clean = True
            cases.append(c)
        return cases

    def split_purchase(self, size: int) -> list[Case]:
        w, rng = self.w, self.rng
        p = w.person(year=rng.randint(1975, 1995))
        m = w.merchant(rng.choice(("super", "shop", "live")))
        prod, price = rng.choice(FOOD_CHEAP[:12])
        price = round(price * rng.uniform(0.6, 1.0), 1)
        buy = w.when(0, SPAN_DAYS - 40).replace(hour=rng.randint(9, 19))
        fault = rng.choice(("已超过保质期", "外包装无中文标签", "无生产日期", "标签未标注生产许可证编号"))
        spread = rng.choice((1, 3, 14))
        src_choices = ("qingya_12315",) if rng.random() < 0.5 else ("qingya_12315", "city_12345", "huiwanjia_cs"
                                                                    if m.kind == "super" else "qingya_12315")
        base_no = rng.randrange(10 ** 15, 10 ** 16)
        cases = []
        for i in range(size):
            when = buy + dt.timedelta(days=rng.randint(1, spread + 1), hours=rng.randint(0, 8))
            c = base_case(w, p, m, source=rng.choice(src_choices), when=when, product=(prod, price), qty=1, pics=1)
            c.purchase = buy + dt.timedelta(minutes=i * rng.randint(1, 4))
            c.order_no = str(base_no + i * rng.randint(1, 3)) if m.kind != "super" else \
                f"POS{c.purchase:%Y%m%d}{rng.randint(1, 9)}{i + 10:03d}"
            c.text = rng.choice((f"本人于{c.purchase:%m月%d日%H:%M}在{m.sign}购买{prod}1件，价格{money_str(price)}元，"
                                 f"{fault}。依据食品安全法要求赔偿一千元。",
                                 f"购买{prod}一件（小票号{c.order_no}），{fault}，要求退款并赔偿1000元。",
                                 f"{m.sign}销售的{prod}{fault}，本人购买1件，要求按法律规定最低赔偿1000元。"))
            c.claim = 1000.0
            c.claim_text = rng.choice(("", "", "1000元（最低赔偿）", "壹仟元"))
            c.legal = rng.choice(("食品安全法第148条", "《食品安全法》第一百四十八条第二款", ""))
            c.outcome = rng.choice(("终止调解", "协商不成", "不予受理", "调解成功", "已办结"))
            if c.outcome == "调解成功":
                c.comp = float(rng.choice((100, 200, 1000)))
            c.closed = c.when + dt.timedelta(days=rng.randint(3, 20))
            if rng.random() < 0.3:
                c.name_shown = p.name[0] + ("先生" if p.gender == "m" else "女士") if c.source == "city_12345" else None
            cases.append(c)
        return cases

    # ---- traps ---------------------------------------------------------------------------------------------

    def contaminated_batch(self, size: int) -> list[Case]:
        w, rng = self.w, self.rng
        m = w.merchant(rng.choice(("super", "live")))
        prod = rng.choice((("酸奶", 9.9), ("速冻汤圆", 13.9), ("鲜牛奶", 12.8), ("火腿肠", 11.5), ("婴儿米粉", 68.0),
                           ("卤味熟食", 25.0), ("即食燕窝", 68.0), ("面包", 8.5)))
        lot = f"{rng.choice('ABCDEFGH')}{rng.randint(20250101, 20251230)}{rng.randint(1, 9)}"
        day0 = rng.randint(10, SPAN_DAYS - 30)
        notice = (f"{CITY}市场监督管理局关于{prod[0]}（批号{lot}）的召回公告", f"市场监管局发布的{lot}批次召回通知",
                  f"官方召回公告（批次{lot}）")
        look = w.pic("product", lot=lot)
        cases = []
        for i in range(size):
            p = w.person()
            c = base_case(w, p, m, when=w.when(day0, day0 + rng.randint(3, 9)), product=prod,
                          qty=rng.choice((1, 1, 2, 4, 6)), pics=0)
            sym = rng.choice(("吃了以后全家拉肚子", "打开有股酸臭味", "里面有胀袋现象", "孩子喝了呕吐",
                              "口感不对，像是变质了", "看到新闻说这批有问题"))
            t = rng.choice((f"买的{prod[0]}，批号{lot}，{sym}，要求退款。", f"{prod[0]}{sym}，生产批号{lot}，请处理。",
                            f"{sym}。{prod[0]}是{c.purchase:%m月%d日}买的，包装上写着{lot}。",
                            f"{prod[0]}有问题，{sym}。"))
            if i % 3 == 0 or rng.random() < 0.2:
                t += f"看到{rng.choice(notice)}，我买的正好是这批，要求按规定处理。"
            if rng.random() < 0.1:
                c.legal = "食品安全法第148条"
                c.claim = 1000.0
            c.text = t
            if rng.random() < 0.75:
                c.pics.append({**look, "jitter": rng.randrange(1 << 20)})
            c.outcome = rng.choice(("已退款", "已赔偿", "调解成功", "已退换", "已办结", "已退款", "处理中"))
            if c.outcome != "处理中":
                c.comp = round(prod[1] * c.qty + rng.choice((0, 0, 50, 100, 1000)), 1)
                c.closed = c.when + dt.timedelta(days=rng.randint(1, 10))
            cases.append(c)
        return cases

    def household_shared_phone(self, size: int) -> list[Case]:
        w, rng = self.w, self.rng
        head = w.person(gender=rng.choice("mf"), year=rng.randint(1965, 1985))
        fam = [head]
        surname = head.name[0]
        for _ in range(rng.randint(1, 3)):
            fam.append(w.person(surname=surname if rng.random() < 0.7 else None, county=head.county,
                                address=head.address, phone=head.phone, year=rng.randint(1945, 2006)))
        cases = []
        for i in range(size):
            p = fam[i % len(fam)]
            c = background(w)
            c.person = p
            cases.append(c)
        return cases

    def dormitory(self, size: int) -> list[Case]:
        w, rng = self.w, self.rng
        county = rng.choice(("北岭区", "峪城区", "石泉县"))
        place = rng.choice((f"{CITY}{county}工业园区富达电子厂员工宿舍{rng.randint(1, 6)}号楼",
                            f"{CITY}职业技术学院{rng.choice('东西南北')}区学生公寓{rng.randint(1, 9)}栋",
                            f"{county}峪峰煤矿单身职工宿舍", f"{CITY}第一中学教师公寓"))
        cases = []
        for _ in range(size):
            p = w.person(county=county, region=rng.choice(MIGRANT_REGIONS + (COUNTIES[county][0],)),
                         year=rng.randint(1985, 2006))
            p.address = place + (f"{rng.randint(1, 6)}{rng.randint(0, 3)}{rng.randint(1, 9)}室" if rng.random() < 0.7
                                 else "")
            c = background(w)
            c.person = p
            if rng.random() < 0.6:
                m = w.merchant("food")
                c2 = base_case(w, p, m, source="suda_waimai")
                c2.text = ordinary_text(w, c2, "food")
                settle(w, c2)
                c = c2
            cases.append(c)
        return cases

    def power_user(self, size: int) -> list[Case]:
        w, rng = self.w, self.rng
        p = w.person(gender=rng.choice(("f", "f", "m")), year=rng.randint(1980, 1998))
        cases = []
        for _ in range(size):
            c = background(w)
            c.person = p
            c.legal = ""
            cases.append(c)
        return cases

    def volunteer_representative(self, size: int) -> list[Case]:
        w, rng = self.w, self.rng
        county = rng.choice(list(COUNTIES))
        station = rng.choice((f"{county}消费者协会{rng.choice(COUNTIES[county][1])}维权服务站",
                              f"{CITY}老年人消费维权志愿服务队", f"{county}消协{rng.choice(COMMUNITIES)}社区联络站"))
        volunteer = w.person(county=county, year=rng.randint(1955, 1975))
        station_phone = w.phone() if rng.random() < 0.5 else volunteer.phone
        cases = []
        for _ in range(size):
            member = w.person(county=county, year=rng.randint(1940, 1990))
            m = w.merchant()
            c = base_case(w, member, m, source=rng.choice(("qingya_12315", "qingya_12315", "city_12345")))
            body = ordinary_text(w, c, m.kind)
            decl = rng.choice((f"受{member.name}委托，{station}志愿者{volunteer.name}代为投诉：",
                               f"{station}代为投诉（委托人{member.name}）：", f"本站受消费者{member.name}委托反映："))
            c.text = decl + body
            c.phone_shown = station_phone
            c.remark = rng.choice((f"{station}代办", "委托代理投诉，附委托书", f"代理人{volunteer.name}"))
            settle(w, c)
            cases.append(c)
        return cases

    def elderly_by_child(self, size: int) -> list[Case]:
        w, rng = self.w, self.rng
        child = w.person(year=rng.randint(1975, 1990))
        dad = w.person(gender="m", surname=child.name[0], county=child.county, year=rng.randint(1938, 1955))
        mom = w.person(gender="f", county=child.county, address=dad.address, year=rng.randint(1940, 1958))
        cases = []
        for i in range(size):
            parent = (dad, mom)[i % 2]
            rel = "父亲" if parent is dad else "母亲"
            m = w.merchant(rng.choice(("shop", "live", "shop")))
            prod = rng.choice(HEALTH + ELECTRONICS[:3])
            c = base_case(w, parent, m, product=prod)
            c.phone_shown = child.phone
            c.text = rng.choice((f"我{rel}今年八十多了，被{m.sign}的推销员忽悠买了{prod[0]}，说能治病，花了好几千，"
                                 "我替老人投诉，要求退款。",
                                 f"本人替{rel}{parent.name}反映：{rel}在{m.sign}买{prod[0]}，{problem_for(rng, 'shop', prod[0])}，"
                                 "老人不会用手机，由我代为联系，要求退货。",
                                 f"{rel}在直播间看了主播宣传买的{prod[0]}，收到后发现是三无产品，我是老人的子女，电话打我的就行。"))
            if rng.random() < 0.3:
                c.remark = f"联系人为其子女{child.name}"
            settle(w, c)
            cases.append(c)
        return cases

    def lawyer_one_client(self, size: int) -> list[Case]:
        w, rng = self.w, self.rng
        client = w.person(year=rng.randint(1960, 1990))
        lawyer = w.person(year=rng.randint(1975, 1990))
        firm = f"{rng.choice(('峪州', '山城', '北岭', '正平', '衡信'))}{rng.choice(('', '明德', '安和'))}律师事务所"
        m0 = w.merchant(rng.choice(("shop", "live")))
        cases = []
        for i in range(size):
            m = m0 if i == 0 or rng.random() < 0.5 else w.merchant(rng.choice(("shop", "live", "super")))
            c = base_case(w, client, m, source=rng.choice(("qingya_12315", "city_12345")), product=rng.choice(
                ELECTRONICS + (("装修服务", 38000.0), ("预付卡充值", 5000.0))), pics=rng.choice((1, 2)))
            c.phone_shown = lawyer.phone
            c.text = (f"{firm}{lawyer.name}律师，受{client.name}委托，就其在{m.sign}购买{c.product}"
                      f"{rng.choice(('质量纠纷', '退款纠纷', '合同纠纷', '售后不履行保修义务'))}一事代为投诉，"
                      f"请求依法调解。附授权委托书。")
            c.legal = rng.choice(("《消费者权益保护法》第二十四条", "民法典第五百七十七条", "消法第24条、第40条"))
            c.claim = round(c.price * c.qty, 2)
            c.remark = f"代理人：{lawyer.name}（{firm}）"
            settle(w, c)
            cases.append(c)
        return cases

    def duplicate_two_channels(self, size: int) -> list[Case]:
        w, rng = self.w, self.rng
        first = background(w)
        second = Case(**{**first.__dict__, "pics": [dict(p) for p in first.pics]})
        alt = [s for s in ("qingya_12315", "city_12345", "yunbo_live", "suda_waimai", "huiwanjia_cs")
               if s != first.source]
        second.source = rng.choice([s for s in alt if s in ("qingya_12315", "city_12345")])
        second.when = first.when + dt.timedelta(days=rng.randint(0, 4), hours=rng.randint(1, 20))
        second.text = rng.choice(("之前在平台投诉过没人管，", "再次反映：", "", "重复投诉，")) + first.text
        settle(w, second)
        return [first, second]

    def hotline_honorific(self, size: int) -> list[Case]:
        w = self.w
        p = w.person()
        cases = []
        for i in range(size):
            c = background(w)
            c.source = "city_12345"
            c.person = p
            c.text = ordinary_text(w, c, c.merchant.kind)
            c.name_shown = p.name if i % 2 == 0 else p.name[0] + ("先生" if p.gender == "m" else "女士")
            settle(w, c)
            cases.append(c)
        return cases

    def honest_law_citer(self, size: int) -> list[Case]:
        w, rng = self.w, self.rng
        cases = []
        for _ in range(size):
            c = background(w)
            c.legal = rng.choice(("食品安全法第148条", "《食品安全法》第一百四十八条", "食安法148条"))
            c.text = c.text.rstrip("。") + rng.choice(("，听说食品安全法第148条可以要求赔偿，我想问问。",
                                                     "。网上查了食品安全法第148条，要求商家按规定赔偿。",
                                                     "，按照食品安全法148条应该可以退一赔十吧？"))
            c.claim = round(max(c.price * c.qty * 10, 1000), 1) if rng.random() < 0.5 else None
            cases.append(c)
        return cases

    def refund_then_withdraw(self, size: int) -> list[Case]:
        w, rng = self.w, self.rng
        cases = []
        for _ in range(size):
            c = background(w)
            c.outcome = rng.choice(("撤回", "买家撤销", "顾客撤销", "申请人撤回投诉", "已办结"))
            c.comp = round(c.price * c.qty, 2)
            c.closed = c.when + dt.timedelta(days=rng.randint(1, 6))
            c.remark = rng.choice(("商家已退款，消费者撤回", "已全额退款，投诉人撤诉", f"退款{money_str(c.comp)}元后撤回", ""))
            c.clean = True
            cases.append(c)
        return cases

    def similar_product_photos(self, size: int) -> list[Case]:
        w, rng = self.w, self.rng
        m = w.merchant(rng.choice(("live", "shop", "super")))
        prod = goods_for(m.kind, rng)
        look = w.pic("product")
        cases = []
        for _ in range(size):
            c = base_case(w, w.person(), m, product=prod, pics=0, when=w.when())
            c.text = ordinary_text(w, c, m.kind)
            c.pics.append({**look, "jitter": rng.randrange(1 << 20)})
            settle(w, c)
            cases.append(c)
        return cases

    def signboard_name(self, size: int) -> list[Case]:
        w, rng = self.w, self.rng
        p = w.person()
        m = w.merchant(rng.choice(("food", "shop")))
        first = base_case(w, p, m, source="qingya_12315" if rng.random() < 0.5 else "suda_waimai")
        first.text = ordinary_text(w, first, m.kind)
        settle(w, first)
        cases = [first]
        for i in range(1, size):
            c = base_case(w, p, m, source="city_12345", when=first.when + dt.timedelta(days=rng.randint(3, 20) * i),
                          product=(first.product, first.price), qty=first.qty)
            c.merchant_shown = m.sign if rng.random() < 0.7 else rng.choice(("", "", "解放路上")) + m.sign[:2] + "那家店"
            c.uscc_shown = ""
            c.text = rng.choice(("上次反映的问题到现在没解决，", "再次来电：", "之前投诉过，")) + first.text
            settle(w, c)
            cases.append(c)
        return cases

    def tour_group_shopping(self, size: int) -> list[Case]:
        w, rng = self.w, self.rng
        shop = Merchant(f"{CITY}{rng.choice(('玉泉', '青崖山', '峪峰'))}旅游商品有限公司", w.uscc(False, "513421"),
                        rng.choice(("玉石购物中心", "青崖山特产超市", "翡翠文化馆")), "shop")
        item = rng.choice((("翡翠手镯", 3800.0), ("和田玉吊坠", 1680.0), ("野生灵芝", 980.0), ("古树普洱茶", 1200.0)))
        agency = rng.choice(("夕阳红旅行社", "快乐行旅行社", "峪州国旅"))
        day = w.when(20, SPAN_DAYS - 20)
        cases = []
        for _ in range(size):
            p = w.person(region=rng.choice(MIGRANT_REGIONS), year=rng.randint(1945, 1965))
            price = round(item[1] * rng.uniform(0.5, 2.0), 0)
            c = base_case(w, p, shop, source=rng.choice(("city_12345", "qingya_12315")),
                          when=day + dt.timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 9)),
                          product=(item[0], price), qty=1)
            c.purchase = day
            c.text = rng.choice((f"跟{agency}的团来峪州旅游，导游带到{shop.sign}，买了{item[0]}花了{money_str(price)}元，"
                                 "回去鉴定说不值这个价，要求退货。",
                                 f"参加{agency}低价团，被安排进{shop.sign}强制购物，买的{item[0]}怀疑是假的。",
                                 f"{c.purchase:%m月%d日}随团在{shop.sign}买了{item[0]}，店员说保真，现在要求退款。"))
            settle(w, c)
            cases.append(c)
        return cases

    def school_parents(self, size: int) -> list[Case]:
        w, rng = self.w, self.rng
        county = rng.choice(list(COUNTIES))
        school = f"{county}{rng.choice(('实验小学', '第二中学', '城关小学', '民族中学'))}"
        if rng.random() < 0.5:
            m = Merchant(f"{CITY}{rng.choice(('育才', '金桥', '阳光'))}校服有限公司", w.uscc(False, COUNTIES[county][0]),
                         "校服厂", "shop")
        else:
            m = Merchant(f"{CITY}{rng.choice(('美味', '康乐'))}餐饮配送有限公司", w.uscc(False, COUNTIES[county][0]),
                         "学生餐配送", "shop")
        is_uniform = "校服" in m.name
        prod = ("校服", 260.0) if is_uniform else ("学生营养午餐", 15.0)
        day = w.when(0, SPAN_DAYS - 30)
        cases = []
        for _ in range(size):
            p = w.person(county=county, year=rng.randint(1980, 1992))
            c = base_case(w, p, m, source=rng.choice(("city_12345", "qingya_12315", "city_12345")),
                          when=day + dt.timedelta(days=rng.randint(0, 14), hours=rng.randint(0, 10)), product=prod,
                          qty=1 if is_uniform else 20)
            grade = f"{rng.choice('一二三四五六')}年级{rng.randint(1, 8)}班"
            c.text = rng.choice(((f"我是{school}{grade}学生家长，学校统一订的校服有刺鼻气味，孩子穿了皮肤痒，怀疑甲醛超标。"
                                  if is_uniform else f"我是{school}{grade}家长，孩子说学校配送的午餐饭菜是馊的，好几个同学拉肚子。"),
                                 (f"{school}家长反映：校服质量差，洗一次就起球掉色，价格还贵，要求检测。" if is_uniform
                                  else f"{school}的学生餐分量少、有异味，作为家长要求查一下配送公司。"),
                                 f"{school}{grade}家长，反映{m.sign}的问题，希望相关部门尽快检查。"))
            settle(w, c)
            cases.append(c)
        return cases

    def fan_club_order(self, size: int) -> list[Case]:
        w, rng = self.w, self.rng
        m = w.merchant("live")
        prod = rng.choice((("应援周边礼盒", 99.0), ("主播同款连衣裙", 159.0), ("福袋", 49.9), ("粉丝专享护肤套装", 199.0)))
        club = f"{m.host}{rng.choice(('粉丝团', '家人群', '铁粉团'))}"
        day = w.when(0, SPAN_DAYS - 40)
        cases = []
        for _ in range(size):
            p = w.person(year=rng.randint(1988, 2005))
            c = base_case(w, p, m, source="yunbo_live", when=day + dt.timedelta(days=rng.randint(5, 30)), product=prod)
            c.purchase = day
            c.text = rng.choice((f"{club}一起拼的{prod[0]}，说好{day:%m月%d日}发货，到现在没发，要求退款。",
                                 f"我是{club}成员，直播间秒杀的{prod[0]}迟迟不发货，客服不回。",
                                 f"{prod[0]}和直播间展示的不一样，我们群里好多人都这样，申请仅退款。",
                                 f"粉丝团福利{prod[0]}质量太差，要求7天无理由退货。"))
            settle(w, c)
            cases.append(c)
        return cases


# ---------------------------------------------------------------------------------------------------------------
# rendering cells


def fmt_dt(rng: random.Random, t: dt.datetime | None, src: str, with_time: bool = True) -> str:
    if t is None:
        return ""
    if src == "yunbo_live":
        return f"{t:%Y-%m-%d %H:%M:%S}" if with_time else f"{t:%Y-%m-%d}"
    if src == "suda_waimai":
        return f"{t:%Y/%m/%d %H:%M}" if with_time else f"{t:%Y/%m/%d}"
    if src == "city_12345":
        if not with_time:
            return f"{t:%Y-%m-%d}"
        return f"{t:%Y-%m-%dT%H:%M:%S}" if rng.random() < 0.8 else f"{t:%Y-%m-%d %H:%M}"
    if src == "huiwanjia_cs":
        return f"{t:%Y%m%d %H%M}" if rng.random() < 0.6 else f"{t:%Y-%m-%d}"
    r = rng.random()  # the county's typed-up paper register
    if r < 0.35:
        return f"{t.year}年{t.month}月{t.day}日"
    if r < 0.55:
        return str((t.date() - EXCEL_EPOCH).days)
    if r < 0.7:
        return f"{t.year}.{t.month}.{t.day}"
    if r < 0.85:
        return f"{t.year}-{t.month}-{t.day}"
    if r < 0.93:
        return f"{t:%Y/%m/%d}"
    return fw(f"{t.year}年{t.month}月{t.day}日")


def fmt_money(rng: random.Random, v: float | None, src: str) -> str:
    if v is None:
        return ""
    s = money_str(round(v, 2))
    r = rng.random()
    if src == "qingya_12315":
        if r < 0.15:
            return f"约{money_str(round(v))}元"
        if r < 0.25:
            return f"{money_str(round(v))}左右"
        if r < 0.45:
            return s + "元"
        if r < 0.5:
            return fw(s)
        if r < 0.6 and v >= 1000:
            return f"{v:,.0f}"
        return s
    if src == "yunbo_live":
        return f"¥{v:.2f}" if r < 0.5 else f"{v:.2f}"
    if src == "huiwanjia_cs":
        return f"￥{v:,.2f}" if r < 0.3 else f"{v:.2f}"
    if src == "city_12345":
        return s + "元" if r < 0.6 else s
    return f"{v:.2f}" if r < 0.8 else f"{v:,.2f}"


def fmt_phone(rng: random.Random, phone: str, src: str) -> str:
    r = rng.random()
    if src == "yunbo_live":
        return f"{phone[:3]}****{phone[7:]}" if r < 0.92 else phone
    if src == "suda_waimai":
        if r < 0.4:
            return f"{phone[:3]}****{phone[7:]}"
        if r < 0.55:
            return f"{phone}_{rng.randint(1000, 9999)}"  # privacy-number extension
        return phone
    if src == "qingya_12315":
        if r < 0.5:
            return phone
        if r < 0.65:
            return f"{phone[:3]}-{phone[3:7]}-{phone[7:]}"
        if r < 0.8:
            return f"{phone[:3]} {phone[3:7]} {phone[7:]}"
        if r < 0.9:
            return fw(phone)
        return phone + " "
    if src == "city_12345":
        if r < 0.7:
            return phone
        if r < 0.9:
            return "+86" + phone
        return "+86 " + f"{phone[:3]} {phone[3:7]} {phone[7:]}"
    return phone if r < 0.9 else f"{phone[:3]} {phone[3:7]} {phone[7:]}"


def fmt_id(rng: random.Random, idn: str, src: str) -> str:
    if src in ("yunbo_live", "suda_waimai", "huiwanjia_cs"):
        return ""
    if src == "city_12345" and rng.random() < 0.75:
        return ""
    if src == "qingya_12315" and rng.random() < 0.12:
        return ""
    if idn.endswith("X") and rng.random() < 0.4:
        return idn[:-1] + "x"
    if rng.random() < 0.03:
        return fw(idn)
    return idn


def fmt_name(rng: random.Random, p: Person, src: str) -> str:
    r = rng.random()
    if src == "yunbo_live":
        return p.nickname if r < 0.75 else p.name
    if src == "suda_waimai":
        if r < 0.35:
            return p.name[0] + "*" * (len(p.name) - 1)
        if r < 0.55:
            return p.name[0] + ("先生" if p.gender == "m" else "女士")
        if r < 0.7:
            return p.nickname
        return p.name
    if src == "city_12345":
        return p.name if r < 0.8 else p.name[0] + ("先生" if p.gender == "m" else "女士")
    if src == "huiwanjia_cs":
        return p.name if r < 0.85 else f"会员{p.phone[-4:]}"
    return p.name if r < 0.97 else p.name + " "


CHANNELS = {
    "yunbo_live": ("APP售后", "直播间售后", "小程序", "平台客服"),
    "suda_waimai": ("APP工单", "在线客服", "电话客服", "骑手上报"),
    "qingya_12315": ("来访", "来电", "信件", "12315平台转", "窗口登记"),
    "huiwanjia_cs": ("服务台", "客服热线", "公众号留言", "门店转"),
    "city_12345": ("12345热线", "12345网络", "市长信箱", "政务微博"),
}
SOURCE_LABEL = {
    "yunbo_live": "云播直播售后", "suda_waimai": "速达外卖工单", "qingya_12315": "青崖县12315登记簿",
    "huiwanjia_cs": "惠万家客服日志", "city_12345": "市12345热线",
}


def pic_name(rng: random.Random, case: Case, k: int, used: set[str]) -> str:
    t = case.when - dt.timedelta(minutes=rng.randint(0, 600))
    r = rng.random()
    if r < 0.25:
        name = f"IMG_{t:%Y%m%d_%H%M%S}.jpg"
    elif r < 0.45:
        name = f"mmexport{int(t.timestamp() * 1000) + rng.randint(0, 999)}.jpg"
    elif r < 0.6:
        name = f"微信图片_{t:%Y%m%d%H%M%S}.jpg"
    elif r < 0.75:
        name = f"Screenshot_{t:%Y-%m-%d-%H-%M-%S}.jpg"
    else:
        name = f"{case.cid}_{k + 1}.jpg"
    base = name[:-4]
    n = 1
    while name in used:
        n += 1
        name = f"{base}({n}).jpg"
    used.add(name)
    return name


def render(rng: random.Random, case: Case, used: set[str], pic_jobs: list) -> list[str]:
    src = case.source
    p = case.person
    m = case.merchant
    name = case.name_shown if case.name_shown is not None else fmt_name(rng, p, src)
    phone = fmt_phone(rng, case.phone_shown or p.phone, src)
    idn = case.id_shown if case.id_shown is not None else fmt_id(rng, p.id_number, src)
    addr = case.address_shown if case.address_shown is not None else p.address
    if src == "yunbo_live" and case.address_shown is None:
        addr = addr.split("号")[0] + "号****" if "号" in addr else addr
    elif src in ("huiwanjia_cs",) or (src == "city_12345" and rng.random() < 0.5):
        addr = ""
    merchant = case.merchant_shown if case.merchant_shown is not None else (
        m.sign if src in ("city_12345",) and rng.random() < 0.5 else m.name)
    uscc = case.uscc_shown if case.uscc_shown is not None else (
        "" if (src == "city_12345" and rng.random() < 0.6) or (src == "qingya_12315" and rng.random() < 0.2) else
        m.uscc)
    if case.order_no is not None:
        order = case.order_no
    elif src == "yunbo_live":
        order = str(rng.randrange(10 ** 18, 10 ** 19))
    elif src == "suda_waimai":
        order = f"{case.purchase:%y%m%d}{rng.randrange(10 ** 9, 10 ** 10)}"
    elif src == "huiwanjia_cs":
        order = f"POS{case.purchase:%Y%m%d}{rng.randint(1, 9)}{rng.randint(0, 999):03d}" if rng.random() < 0.7 else ""
    else:
        order = ""
    qty = str(case.qty)
    if src == "qingya_12315" and rng.random() < 0.2:
        qty = rng.choice((f"{case.qty}件", f"{case.qty}个", f"{case.qty}袋", fw(str(case.qty))))
    amount = fmt_money(rng, case.price * case.qty, src)
    claim = case.claim_text or fmt_money(rng, case.claim, src)
    pics = []
    for k, spec in enumerate(case.pics):
        fname = pic_name(rng, case, k, used)
        pics.append(fname)
        pic_jobs.append((fname, spec))
    sep = rng.choice((";", ";", "；", "，", ",", "|")) if src != "qingya_12315" else rng.choice(("，", "、", ";"))
    handler = case.handler or (rng.choice(("王建华", "刘红梅", "赵科员", "陈小燕", "周主任", "张磊", "李娜"))
                               if src in ("qingya_12315", "city_12345") else
                               rng.choice(("客服-小美", "客服-阿杰", "工号1032", "工号2217", "客服-晴晴", "售后-老周")))
    if src == "city_12345":
        handler = rng.choice(("青崖县市场监管局", "峪城区市场监管局", "北岭区市场监管所", "市市场监管局")) + \
            ("" if rng.random() < 0.5 else "/" + handler)
    return [
        SOURCE_LABEL[src], case.cid, rng.choice(CHANNELS[src]), fmt_dt(rng, case.when, src), name, phone, idn, addr,
        merchant, uscc, case.product, order, fmt_dt(rng, case.purchase, src, with_time=False), qty, amount, claim,
        case.legal, case.text, sep.join(pics), handler, case.outcome, fmt_money(rng, case.comp, src),
        fmt_dt(rng, case.closed, src), case.remark,
    ]


def assign_ids(rng: random.Random, cases: list[Case]) -> None:
    used: set[str] = set()
    county_seq: dict[int, int] = {}
    hotline_seq: dict[str, int] = {}
    for c in cases:
        t = c.when
        while True:
            if c.source == "yunbo_live":
                cid = f"SH{t:%Y%m%d}{rng.randrange(10 ** 7, 10 ** 8)}"
            elif c.source == "suda_waimai":
                cid = f"WM{rng.randrange(10 ** 11, 10 ** 12)}"
            elif c.source == "qingya_12315":
                county_seq[t.year] = county_seq.get(t.year, 0) + 1
                cid = f"QY{t.year}-{county_seq[t.year]:04d}"
            elif c.source == "huiwanjia_cs":
                cid = f"KF{t:%y%m%d}{rng.randint(0, 9999):04d}"
            else:
                key = f"{t:%Y%m%d}"
                hotline_seq[key] = hotline_seq.get(key, 0) + 1
                cid = f"12345-{key}-{hotline_seq[key]:05d}"
            if cid not in used:
                used.add(cid)
                c.cid = cid
                break


# ---------------------------------------------------------------------------------------------------------------
# pictures


def _pic_rng(spec: dict, extra: int = 0) -> random.Random:
    return random.Random(spec["seed"] * 1000003 + extra)


def _draw_base(spec: dict):  # -> PIL.Image
    from PIL import Image, ImageDraw, ImageFont

    kind = spec["kind"]
    r = _pic_rng(spec)
    font = ImageFont.load_default()
    if kind == "receipt":
        img = Image.new("RGB", (200, 256), (r.randint(90, 140),) * 3)
        d = ImageDraw.Draw(img)
        x0 = r.randint(20, 40)
        d.rectangle((x0, 5, x0 + 130, 250), fill=(248, 246, 240))
        d.text((x0 + 20, 10), r.choice(("HUIWANJIA", "SHOP", "RECEIPT", "YUZHOU")), fill=(20, 20, 20), font=font)
        y = 30
        for _ in range(r.randint(6, 14)):
            d.text((x0 + 5, y), f"{r.randint(100000, 999999)} {r.randint(1, 99)}.{r.randint(0, 99):02d}",
                   fill=(40, 40, 40), font=font)
            y += 14
        d.line((x0 + 5, y + 2, x0 + 125, y + 2), fill=(60, 60, 60))
        d.text((x0 + 5, y + 6), f"TOTAL {r.randint(10, 999)}.{r.randint(0, 99):02d}", fill=(0, 0, 0), font=font)
        return img.rotate(r.uniform(-6, 6), fillcolor=(100, 100, 100))
    if kind == "product":
        bg = tuple(r.randint(150, 240) for _ in range(3))
        img = Image.new("RGB", (240, 200), bg)
        d = ImageDraw.Draw(img)
        col = tuple(r.randint(20, 220) for _ in range(3))
        shape = r.choice(("box", "bottle", "bag"))
        if shape == "box":
            d.rectangle((60, 40, 180, 170), fill=col, outline=(30, 30, 30))
        elif shape == "bottle":
            d.rectangle((100, 30, 140, 60), fill=(200, 200, 200))
            d.rounded_rectangle((80, 55, 160, 180), radius=18, fill=col)
        else:
            d.polygon(((60, 50), (180, 40), (190, 175), (55, 180)), fill=col)
        d.rectangle((85, 95, 155, 135), fill=(250, 250, 250))
        d.text((90, 100), spec.get("lot", f"{r.randint(1000, 9999)}")[:11], fill=(0, 0, 0), font=font)
        d.text((90, 117), r.choice(("BEST", "NEW", "100%", "PURE")), fill=(200, 0, 0), font=font)
        return img
    if kind in ("chat", "frame"):
        img = Image.new("RGB", (144, 256), (237, 237, 237))
        d = ImageDraw.Draw(img)
        d.rectangle((0, 0, 144, 14), fill=(250, 250, 250))
        d.text((4, 1), f"{r.randint(7, 23)}:{r.randint(0, 59):02d}", fill=(0, 0, 0), font=font)
        d.rectangle((118, 4, 136, 10), outline=(0, 0, 0))
        d.rectangle((119, 5, 119 + r.randint(3, 16), 9), fill=(0, 0, 0))
        d.rectangle((0, 14, 144, 34), fill=(245, 245, 245))
        y = 42
        while y < 230:
            right = r.random() < 0.5
            wdt = r.randint(40, 100)
            h = r.choice((16, 16, 28))
            x = 144 - 22 - wdt if right else 22
            d.rounded_rectangle((x, y, x + wdt, y + h), radius=4, fill=(149, 236, 105) if right else (255, 255, 255))
            for ly in range(y + 5, y + h - 3, 11):
                d.line((x + 4, ly, x + wdt - r.randint(4, 20), ly), fill=(90, 90, 90), width=2)
            d.rectangle((2 if not right else 124, y, 18 if not right else 140, y + 16),
                        fill=tuple(r.randint(60, 200) for _ in range(3)))
            y += h + 8
        return img
    if kind == "label":
        img = Image.new("RGB", (240, 170), tuple(r.randint(150, 200) for _ in range(3)))
        d = ImageDraw.Draw(img)
        d.rectangle((20, 15, 220, 155), fill=(252, 252, 252))
        x = 30
        while x < 200:
            wdt = r.choice((1, 2, 3))
            d.rectangle((x, 25, x + wdt, 60), fill=(0, 0, 0))
            x += wdt + r.choice((1, 2, 3))
        d.text((30, 66), f"SF{r.randrange(10 ** 11, 10 ** 12)}", fill=(0, 0, 0), font=font)
        for yy in range(85, 150, 14):
            d.line((30, yy, r.randint(120, 210), yy), fill=(80, 80, 80), width=3)
        return img.rotate(r.uniform(-8, 8), fillcolor=(120, 110, 100))
    if kind == "injury":
        img = Image.new("RGB", (220, 220), (r.randint(200, 235), r.randint(160, 190), r.randint(130, 160)))
        d = ImageDraw.Draw(img)
        cx, cy = r.randint(70, 150), r.randint(70, 150)
        for i in range(5, 0, -1):
            rr = i * r.randint(6, 10)
            d.ellipse((cx - rr, cy - rr * 0.7, cx + rr, cy + rr * 0.7), fill=(180 + i * 8, 40 + i * 10, 50 + i * 8))
        return img
    # foreign object in food
    img = Image.new("RGB", (240, 200), tuple(r.randint(60, 120) for _ in range(3)))
    d = ImageDraw.Draw(img)
    d.ellipse((20, 15, 220, 190), fill=(245, 245, 240))
    food = (r.randint(150, 230), r.randint(90, 170), r.randint(20, 90))
    d.ellipse((45, 35, 195, 170), fill=food)
    for _ in range(r.randint(10, 25)):
        x, y = r.randint(55, 180), r.randint(45, 155)
        rr = r.randint(3, 10)
        d.ellipse((x - rr, y - rr, x + rr, y + rr), fill=tuple(max(0, c - r.randint(10, 60)) for c in food))
    obj = r.choice(("hair", "bug", "wire")) if kind == "foreign" else ""
    if obj == "hair":
        pts = [(r.randint(70, 170), r.randint(60, 150)) for _ in range(6)]
        d.line(pts, fill=(15, 10, 5), width=2)
    elif obj == "bug":
        x, y = r.randint(90, 150), r.randint(80, 130)
        d.ellipse((x - 9, y - 5, x + 9, y + 5), fill=(20, 15, 10))
        for k in range(-1, 2):
            d.line((x + k * 5, y - 4, x + k * 7, y - 12), fill=(20, 15, 10), width=1)
            d.line((x + k * 5, y + 4, x + k * 7, y + 12), fill=(20, 15, 10), width=1)
    elif obj == "wire":
        d.line([(r.randint(70, 170), r.randint(60, 150)) for _ in range(4)], fill=(170, 170, 180), width=2)
    return img


def _draw(spec: dict):
    from PIL import Image, ImageEnhance, ImageOps

    kind = spec["kind"]
    img = _draw_base(spec if kind != "frame" else {**spec, "kind": "product"})
    if "jitter" in spec:  # another photo of the same thing: shifted, tilted, other light
        j = random.Random(spec["jitter"])
        img = img.rotate(j.uniform(-12, 12), fillcolor=tuple(j.randint(100, 220) for _ in range(3)))
        w, h = img.size
        dx, dy = j.randint(0, 30), j.randint(0, 25)
        img = img.crop((dx, dy, w - j.randint(0, 30), h - j.randint(0, 25)))
        img = ImageEnhance.Brightness(img).enhance(j.uniform(0.75, 1.25))
    for e in spec.get("edit", ()):
        e_rng = random.Random(spec["seed"] + zlib.crc32(e.encode()))
        if e == "rot90":
            img = img.transpose(Image.Transpose.ROTATE_90)
        elif e == "rot270":
            img = img.transpose(Image.Transpose.ROTATE_270)
        elif e == "mirror":
            img = ImageOps.mirror(img)
        elif e == "crop":
            w, h = img.size
            fx, fy = e_rng.uniform(0.05, 0.2), e_rng.uniform(0.05, 0.2)
            img = img.crop((int(w * fx), int(h * fy), int(w * (1 - fx / 2)), int(h * (1 - fy / 2))))
        elif e == "bright":
            img = ImageEnhance.Brightness(img).enhance(e_rng.uniform(1.2, 1.5))
        elif e == "dark":
            img = ImageEnhance.Brightness(img).enhance(e_rng.uniform(0.55, 0.8))
        elif e == "frame":  # the picture re-shot inside a phone screenshot
            frame = _draw_base({"kind": "chat", "seed": spec["seed"] + 7})
            inner = img.copy()
            inner.thumbnail((120, 150))
            frame.paste(inner, ((144 - inner.width) // 2, 60))
            img = frame
    img.thumbnail((256, 256))
    return img


def draw_pictures(out_dir: Path, jobs: list) -> None:
    ev = out_dir / "evidence"
    ev.mkdir(parents=True, exist_ok=True)
    cache: dict[str, bytes] = {}
    for fname, spec in jobs:
        key = json.dumps(spec, sort_keys=True)
        data = cache.get(key)
        if data is None:
            buf = io.BytesIO()
            _draw(spec).save(buf, "JPEG", quality=spec.get("q", 85))
            data = buf.getvalue()
            cache[key] = data
        (ev / fname).write_bytes(data)


# ---------------------------------------------------------------------------------------------------------------


def _scaled(per_10k: int, rows: int) -> int:
    return max(1, round(per_10k * rows / 10000))


def generate(out_dir: Path, seed: int, rows: int, pictures: bool = True) -> dict:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"upland-{seed}")
    encoding = rng.choice(("utf-8", "utf-8-sig", "gb18030"))
    w = World(rng, rows)
    b = Builder(w)

    plan = []  # round robin over kinds so that small runs still get every kind once
    counts = {k: _scaled(n, rows) for k, (n, _) in {**SCHEME_PLAN, **TRAP_PLAN}.items()}
    rounds = max(counts.values())
    for i in range(rounds):
        for kind in (*SCHEMES, *TRAPS):
            if i < counts[kind]:
                plan.append(kind)
    budget = int(rows * 0.3) if rows >= 2000 else int(rows * 0.45)
    groups: list[tuple[str, str, list[Case]]] = []
    used = 0
    for kind in plan:
        lo, hi = (SCHEME_PLAN.get(kind) or TRAP_PLAN[kind])[1]
        size = rng.randint(lo, hi)
        if used + size > budget:
            continue
        cases = getattr(b, kind)(size)
        for c in cases:
            c.group = kind
        used += len(cases)
        groups.append(("schemes" if kind in SCHEMES else "traps", kind, cases))

    all_cases = [c for _, _, cs in groups for c in cs]
    while len(all_cases) < rows:
        all_cases.append(background(w))

    order = {s: i for i, s in enumerate(SOURCES)}
    all_cases.sort(key=lambda c: (order[c.source], c.when))
    assign_ids(rng, all_cases)

    pic_jobs: list = []
    names: set[str] = set()
    lines = [list(COLUMNS)]
    for c in all_cases:
        row = render(rng, c, names, pic_jobs)
        if not c.clean and c.group is None and rng.random() < 0.006:
            cut = len(row)
            while cut > 20 and row[cut - 1] == "":
                cut -= 1
            row = row[:cut]  # a short row: the export dropped empty trailing cells
        lines.append(row)

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n" if encoding == "gb18030" else "\n").writerows(lines)
    (out_dir / "complaints.csv").write_bytes(buf.getvalue().encode(encoding))

    truth: dict = {"generator": GENERATOR, "seed": seed, "rows": rows, "encoding": encoding, "schemes": {},
                   "traps": {}}
    counters: dict[str, int] = {}
    for cat, kind, cases in groups:
        counters[kind] = counters.get(kind, 0) + 1
        truth[cat][f"{kind}-{counters[kind]:03d}"] = {"kind": kind, "complaint_ids": [c.cid for c in cases]}
    (out_dir / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    if pictures:
        draw_pictures(out_dir, pic_jobs)
    return truth


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--no-pictures", action="store_true")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    truth = generate(args.out_dir, args.seed, args.rows, pictures=not args.no_pictures)
    n_s = sum(len(g["complaint_ids"]) for g in truth["schemes"].values())
    n_t = sum(len(g["complaint_ids"]) for g in truth["traps"].values())
    print(f"{args.rows} rows, {len(truth['schemes'])} scheme groups ({n_s} rows), {len(truth['traps'])} trap groups "
          f"({n_t} rows), {truth['encoding']}, {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
