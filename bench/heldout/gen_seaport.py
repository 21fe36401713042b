"""Held-out complaint generator "seaport" (independent third author).

A coastal city's market-regulation bureau (the invented 澜港市) merges four exports into one CSV:

* the bureau's 12315 case register (full names, ID numbers, the escalation channels 举报/行政复议/法院诉讼),
* the city 12345 hotline work orders (operator summaries, 王先生-style callers, 转办),
* a cross-border e-commerce platform's dispute export (masked phones, buyer handles, ISO/Excel dates),
* the 渔人码头 seafood wholesale market's complaint book (hand-typed, 2024年3月31日 dates, 约300元 amounts).

``generate(out_dir, seed, rows, pictures)`` writes ``complaints.csv``, ``evidence/*.jpg`` and ``truth.json`` and
returns the truth. Everything is synthetic; identifiers carry valid check digits (GB 11643 ID numbers, GB 32100 USCC
with the GB 11714 organisation-code digit, Luhn bank cards).

Schemes (``SCHEMES``; group counts at 10,000 rows, scaled with ``rows``): professional_claimant (one person, many
shops, 退一赔十 scripts, 投诉→举报→行政复议→法院诉讼 chains, a second phone), one_person_many_names (rotating names
and phones over own, relatives' and shared ID numbers), regional_gang (one hometown area code, two rented flats, one
script retyped with synonyms, the leader's card in some texts), evidence_extortion (one injury/foreign-object picture,
edited per use, media or lawyer threats), private_payment_withdrawal (withdrawn within hours after a payment 12-45x
the price), paraphrased_ring (one template: synonyms, reordered clauses, traditional characters, full-width digits,
typos, a stock picture passed round), slow_ring (members over a year and many cities, tied only by a coordinator's
phone or card written messily in the text, or by phones from one virtual-operator block), split_purchases (one test
purchase split into many orders, each claiming the 1,000 yuan minimum).

Traps (``TRAPS``, genuine): bad_lot, family_phone, dormitory_or_ship_crew, heavy_shopper, rights_volunteers,
duplicate_on_two_channels, hotline_honorific, honest_law_citer, refund_then_withdraw, similar_product_photos,
merchant_phone_in_text, and this author's own: school_canteen_parents (parents of one school, some pasting the parents'
committee paragraph), tour_group_seafood_stall (one hometown, one hotel, one stall, one day), lawyer_single_client,
elderly_children_file (a child's phone on several elderly parents' complaints), platform_reason_template (the
platform's own form text in front of every buyer's note), name_typo_same_person (the operator wrote the given name
with a homophone).

The CSV does not depend on ``pictures``: picture specifications are fixed while the rows are made and drawn afterwards
from their own seeds.

CLI: ``python bench/heldout/gen_seaport.py OUT_DIR --seed N --rows N [--no-pictures]``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFont, ImageOps

GENERATOR = "gen_seaport"

COLUMNS = [
    "source_system", "complaint_id", "channel", "received_at", "complainant_name", "complainant_phone",
    "complainant_id_number", "complainant_address", "merchant_name", "merchant_uscc", "product", "order_no",
    "purchase_date", "purchase_quantity", "purchase_amount", "claim_amount", "legal_basis", "text",
    "evidence_files", "handler", "outcome", "compensation_amount", "closed_at", "remark",
]

SOURCES = ("register", "hotline", "platform", "market")
SOURCE_LABEL = {"register": "市监局12315登记簿", "hotline": "12345工单", "platform": "跨境平台纠纷导出",
                "market": "渔人码头投诉本"}
SOURCE_SHARE = {"register": 0.40, "hotline": 0.24, "platform": 0.25, "market": 0.11}

START = dt.datetime(2024, 1, 2, 8, 0)
DAYS = 540  # through mid-2025

# ---------------------------------------------------------------------------------------------------------------
# identifiers


AREAS_LOCAL = ["330203", "330205", "330206", "330211", "330212", "330902", "330903", "350203", "350206", "350211"]
AREAS_AWAY = ["110101", "310101", "320102", "340102", "360102", "370102", "410102", "420102", "430102", "440103",
              "440304", "450102", "500101", "510104", "520102", "330102", "350102", "441302", "430521", "445281"]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
                   "156", "157", "158", "159", "166", "173", "176", "177", "180", "181", "182", "183", "185", "186",
                   "187", "188", "189", "191", "198", "199"]
BLOCK_PREFIXES = ["170", "171", "167", "162"]  # virtual-operator blocks a ring buys numbers from
CARD_BINS = ["622202", "621700", "622848", "623061", "621226", "622588", "621483", "622262"]


def id_check(body17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=True)) % 11]


def valid_id(number: str) -> bool:
    return len(number) == 18 and number[:17].isdigit() and id_check(number[:17]) == number[17]


def uscc_check(body17: str) -> str:
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(body17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def valid_uscc(code: str) -> bool:
    return len(code) == 18 and all(c in USCC_CHARS for c in code) and uscc_check(code[:17]) == code[17]


def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def valid_luhn(number: str) -> bool:
    return number.isdigit() and luhn_digit(number[:-1]) == number[-1]


# ---------------------------------------------------------------------------------------------------------------
# vocabulary

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任"
            "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN_M = "伟强磊军洋勇杰涛明超辉刚平华飞鹏斌波宇浩凯健俊帆帅旭宁龙林欢阳建国峰海亮成荣新志东海生学祥德"
GIVEN_F = "芳娜敏静丽艳娟霞秀玲桂英兰红梅琳燕萍莉雪倩婷颖慧洁琴云蓉月凤丹佳怡欣瑶露晶"
HANDLES = ["海风吹过", "小鱼干儿", "momo妈", "jd_", "tb", "深海蓝鲸", "潮汐", "米粒", "阿Ken", "橘子汽水", "sunny",
           "老船长", "浪花一朵朵", "Lily", "星河", "大白"]

CITY = "澜港市"
DISTRICTS = ["海晏区", "东屿区", "北礁区", "金沙湾区", "潮门区", "渔山县"]
ROADS = ["海晏路", "望潮街", "渔光路", "东屿大道", "鲸湾路", "潮音路", "盐仓街", "沙尾巷", "船坞路", "灯塔路",
         "听涛路", "礁石街", "半岛路", "帆影路", "蟹浦街", "观澜路"]
ESTATES = ["海悦花园", "观澜府", "东屿新村", "渔港小区", "望潮苑", "金沙湾公寓", "鲸湾家园", "潮音里", "盐仓新苑",
           "蓝湾名邸"]
AWAY_CITIES = ["溪州市", "云岭市", "湘阳市", "汀城市", "北漳市", "鹿川市", "禾丰市", "江渚市", "梧城市", "青屿市"]
MEDIA = ["澜港晚报", "潮声新闻", "海峡都市频道", "东屿电视台", "某短视频平台", "抖音", "微博"]
LAW_FIRMS = ["澜港衡海律师事务所", "观澜律师事务所", "东屿明正律师事务所", "潮门信达律师事务所"]


class Product:
    __slots__ = ("name", "cat", "unit", "lo", "hi", "shape", "origin")

    def __init__(self, name, cat, unit, lo, hi, shape, origin=""):
        self.name, self.cat, self.unit, self.lo, self.hi, self.shape, self.origin = (
            name, cat, unit, lo, hi, shape, origin)


PRODUCTS = [
    Product("冰鲜带鱼", "seafood", "斤", 25, 60, "fish"), Product("梭子蟹", "seafood", "斤", 60, 180, "crab"),
    Product("野生大黄鱼", "seafood", "条", 80, 320, "fish"), Product("烤鱼片", "snack", "袋", 12, 40, "bag"),
    Product("虾皮", "seafood", "袋", 10, 30, "bag"), Product("淡菜干", "seafood", "袋", 30, 80, "bag"),
    Product("冻虾仁", "seafood", "袋", 30, 90, "bag"), Product("鱿鱼丝", "snack", "袋", 10, 35, "bag"),
    Product("头水紫菜", "seafood", "包", 10, 30, "bag"), Product("即食海参", "seafood", "盒", 300, 1800, "box"),
    Product("手打鱼丸", "seafood", "袋", 12, 30, "bag"), Product("黄鱼鲞", "seafood", "条", 40, 150, "fish"),
    Product("青蟹", "seafood", "只", 40, 120, "crab"), Product("基围虾", "seafood", "斤", 45, 110, "fish"),
    Product("进口婴儿奶粉", "import", "罐", 180, 420, "jar", "荷兰"),
    Product("婴儿米粉", "import", "盒", 60, 150, "box", "新西兰"),
    Product("益生菌粉", "import", "盒", 150, 400, "box", "澳大利亚"),
    Product("深海鱼油软胶囊", "import", "瓶", 100, 300, "bottle", "挪威"),
    Product("维生素软糖", "import", "瓶", 60, 200, "bottle", "美国"),
    Product("进口红葡萄酒", "import", "瓶", 80, 600, "bottle", "法国"),
    Product("黄油曲奇", "import", "盒", 30, 120, "box", "丹麦"),
    Product("初榨橄榄油", "import", "瓶", 60, 180, "bottle", "西班牙"),
    Product("麦卢卡蜂蜜", "import", "瓶", 200, 800, "jar", "新西兰"),
    Product("保湿面霜", "cosmetic", "瓶", 200, 900, "jar", "日本"),
    Product("修护精华液", "cosmetic", "瓶", 300, 1200, "bottle", "韩国"),
    Product("防晒乳", "cosmetic", "支", 100, 300, "bottle", "日本"),
    Product("即食燕窝", "import", "盒", 200, 1500, "box", "马来西亚"),
    Product("进口巧克力", "import", "盒", 25, 90, "box", "比利时"),
    Product("牛肉干", "snack", "袋", 20, 60, "bag"), Product("月饼礼盒", "snack", "盒", 88, 398, "box"),
    Product("代餐奶昔粉", "snack", "罐", 90, 260, "jar"), Product("散装白酒", "snack", "斤", 20, 90, "bottle"),
    Product("蓝牙耳机", "device", "副", 60, 600, "device"), Product("充电宝", "device", "个", 50, 200, "device"),
    Product("空气炸锅", "device", "台", 150, 600, "device"), Product("电动牙刷", "device", "支", 80, 400, "device"),
    Product("保温杯", "device", "个", 40, 200, "bottle"),
]
CHEAP_FOOD = [p for p in PRODUCTS if p.cat in ("import", "snack") and p.lo < 130]
SEAFOOD = [p for p in PRODUCTS if p.cat == "seafood"]

PROBLEMS = {
    "seafood": [
        "称重时商家的秤有问题，回家复秤少了{short}两", "冰衣特别厚，化冻以后实际分量只剩一半多一点",
        "说是野生的，回家一看明显是养殖的", "买的时候说是活的，到家发现好几只已经死了，肚子都是空的",
        "打开就闻到一股臭味，明显不新鲜", "里面好多沙子和杂质，根本没法吃", "结账时价格跟标价不一样，多收了{over}元",
        "虾头发黑，里面像是注了胶", "下面一层全是碎的，上面摆的是好的", "用泡沫箱装的冰块算进了重量",
    ],
    "import": [
        "收到的时候外包装破损，封口也开了", "批号和品牌官网查到的对不上，怀疑是假货",
            "页面写的{origin}直邮，实际是国内仓发货",
        "保质期只剩一个多月，页面上没写是临期商品", "罐底有结块，冲出来有一股怪味", "少发了一件，客服说仓库已经发齐了",
        "申请退货后商家一直不处理，已经超过十五天", "收到的包装和页面图片不一样，像是旧版",
    ],
    "cosmetic": [
        "用了两天脸上过敏起红疹", "瓶身没有中文标签，也查不到备案", "质地和以前买的正品不一样，味道刺鼻",
        "赠品小样是过期的", "说好的正装发来的是试用装",
    ],
    "snack": [
        "吃到一半发现里面有头发", "打开包装里面有小虫子", "生产日期看不清，像是被涂改过", "味道发酸，家里人吃了拉肚子",
        "实际重量比标注的少很多", "包装里有一块硬的塑料片",
    ],
    "device": [
        "用了一周就坏了，充不进电", "收到的像是翻新机，外壳有划痕", "商家承诺的赠品一直没给",
            "保修期内要求维修，商家推说人为损坏",
        "用的时候发烫冒烟，差点出事", "说明书上的功能一半都没有",
    ],
}
REQUESTS = ["要求退款", "要求退货退款", "希望商家退一半的钱", "要求换一个新的", "请求调解", "希望相关部门管一管",
            "要求商家赔礼道歉并退款", "要求补回差价", "要求商家给个说法", "希望尽快处理", "要求按规定处理"]
ASIDES = ["打了好几次电话都没人接。", "商家说我是故意找茬。", "我是外地来旅游的，第二天就要走。",
          "东西是家里老人买的。", "孩子吃了以后有点不舒服。", "这是第二次碰到这种情况了。", "客服一直是机器人回复。",
          "店主态度很差，还骂人。", "当时人多没仔细看。", "我有付款记录和聊天截图。", "", "", "", ""]
RESPONSES = ["联系商家，商家说不是他们的问题", "找店主理论，店主不承认", "联系客服，客服让等通知", "商家只同意退一半",
             "商家说过了七天不给退", "商家让我自己去找厂家", "商家一直拖着不处理", "商家说可以换但不能退"]

FLAWS = [
    "外包装无中文标签", "标签未标注生产日期", "已超过保质期", "无法提供进口报关单和检验检疫证明",
    "标签宣称具有治疗功效", "普通食品宣传保健功能", "配料表中有未经批准的新食品原料", "标签标示的净含量与实际不符",
    "未标注生产者名称和地址",
]
FLAWS_DOMESTIC = ["标签未标注生产日期", "已超过保质期", "普通食品宣传保健功能", "标签标示的净含量与实际不符",
                  "未标注生产者名称和地址", "未标注食品生产许可证编号"]
LEGAL_PUNITIVE = [
    "《食品安全法》第一百四十八条第二款", "食品安全法第148条", "食安法148条第二款",
    "《中华人民共和国食品安全法》第一百四十八条",
]
LEGAL_FRAUD = ["《消费者权益保护法》第五十五条", "消法第55条", "《消费者权益保护法》第五十五条第一款", "消法五十五条"]
LEGAL_PLAIN = ["《消费者权益保护法》第二十四条", "消法第24条", "《产品质量法》第四十条", "消费者权益保护法"]

TRAD = dict(zip(
    "这说买卖后发现们为对时个货请赔偿价钱费质问题处给没关规条据标签过进门东区话电号单网订态应该让还与无实际经营执报"
    "举诉鱼虾场称两检验证严责罚觉样种产务总长头鲜联系马见让贵办",
    "這說買賣後發現們為對時個貨請賠償價錢費質問題處給沒關規條據標簽過進門東區話電號單網訂態應該讓還與無實際經營執報"
    "舉訴魚蝦場稱兩檢驗證嚴責罰覺樣種產務總長頭鮮聯係馬見讓貴辦",
    strict=True))
TYPOS = [("的", "得"), ("在", "再"), ("已经", "以经"), ("账", "帐"), ("登记", "登计"), ("反映", "反应"),
         ("原因", "原应"), ("商品", "商口"), ("部门", "步门"), ("投诉", "头诉"), ("要求", "要球")]
SYNONYMS = [
    ("购买", ("买了", "购入", "采购", "下单买了")), ("发现", ("察觉", "看到", "注意到", "一看")),
    ("要求", ("请求", "希望", "恳请", "申请")), ("商家", ("店家", "卖家", "经营者", "店主")),
    ("退款", ("退钱", "返还货款", "退还价款")), ("赔偿", ("赔付", "补偿", "赔偿金")),
    ("严重", ("非常", "十分", "极其")), ("违反", ("不符合", "违背", "违反了")),
    ("依法", ("依照法律", "按照法律规定", "依规")), ("处理", ("处置", "查处", "解决")),
    ("本人", ("我", "消费者本人", "投诉人")), ("贵局", ("你局", "市场监管部门", "贵单位")),
    ("立即", ("马上", "尽快", "及时")), ("产品", ("商品", "货品", "东西")),
]
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def to_trad(text: str, rng: random.Random, share: float = 0.8) -> str:
    return "".join(TRAD[c] if c in TRAD and rng.random() < share else c for c in text)


def add_typos(text: str, rng: random.Random, n: int = 2) -> str:
    for a, b in rng.sample(TYPOS, n):
        if a in text:
            i = text.find(a)
            text = text[:i] + b + text[i + len(a):]
    return text


def synonymise(text: str, rng: random.Random, share: float) -> str:
    for a, alts in SYNONYMS:
        if a in text and rng.random() < share:
            text = text.replace(a, rng.choice(alts))
    return text


def fullwidth_digits(text: str) -> str:
    return text.translate(FULLWIDTH)


# ---------------------------------------------------------------------------------------------------------------
# people and merchants


class Person:
    __slots__ = ("name", "id_number", "phone", "address", "area", "surname", "female", "birth")

    def __init__(self, name, id_number, phone, address, area, surname, female, birth):
        self.name, self.id_number, self.phone, self.address = name, id_number, phone, address
        self.area, self.surname, self.female, self.birth = area, surname, female, birth

    def honorific(self) -> str:
        return self.surname + ("女士" if self.female else "先生")


class Merchant:
    __slots__ = ("name", "uscc", "kind", "phone", "district", "products", "aliases")

    def __init__(self, name, uscc, kind, phone, district, products, aliases):
        self.name, self.uscc, self.kind, self.phone = name, uscc, kind, phone
        self.district, self.products, self.aliases = district, products, aliases


class World:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.ids: set[str] = set()
        self.phones: set[str] = set()
        self.usccs: set[str] = set()
        self.merchants: list[Merchant] = []
        self.by_kind: dict[str, list[Merchant]] = {}

    # -- identifiers
    def phone(self, prefix: str | None = None) -> str:
        while True:
            p = (prefix or self.rng.choice(MOBILE_PREFIXES))
            p += "".join(str(self.rng.randint(0, 9)) for _ in range(11 - len(p)))
            if p not in self.phones:
                self.phones.add(p)
                return p

    def id_number(self, area: str, birth: dt.date, female: bool) -> str:
        while True:
            seq = self.rng.randint(0, 99) * 10 + self.rng.choice((0, 2, 4, 6, 8) if female else (1, 3, 5, 7, 9))
            body = f"{area}{birth:%Y%m%d}{seq:03d}"
            number = body + id_check(body)
            if number not in self.ids:
                self.ids.add(number)
                return number

    def uscc(self, area: str, individual: bool) -> str:
        while True:
            body8 = "".join(str(self.rng.randint(0, 9)) for _ in range(8))
            c = 11 - sum(int(d) * w for d, w in zip(body8, [3, 7, 9, 10, 5, 8, 4, 2], strict=True)) % 11
            org = body8 + ("X" if c == 10 else "0" if c == 11 else str(c))
            body = ("92" if individual else "91") + area + org
            code = body + uscc_check(body)
            if code not in self.usccs:
                self.usccs.add(code)
                return code

    def card(self) -> str:
        body = self.rng.choice(CARD_BINS) + "".join(str(self.rng.randint(0, 9)) for _ in range(12))
        return body + luhn_digit(body)

    # -- people
    def given(self, female: bool) -> str:
        pool = GIVEN_F if female else GIVEN_M
        return "".join(self.rng.choice(pool) for _ in range(self.rng.choice((1, 2, 2, 2))))

    def local_address(self, district: str | None = None) -> str:
        r = self.rng
        d = district or r.choice(DISTRICTS)
        if r.random() < 0.5:
            return f"{CITY}{d}{r.choice(ESTATES)}{r.randint(1, 30)}幢{r.randint(1, 28)}0{r.randint(1, 4)}室"
        return f"{CITY}{d}{r.choice(ROADS)}{r.randint(1, 400)}号"

    def away_address(self) -> str:
        r = self.rng
        return f"{r.choice(AWAY_CITIES)}{r.choice(['城关', '新华', '人民', '解放', '建设'])}路{r.randint(1, 300)}号"

    def person(self, *, surname: str | None = None, area: str | None = None, address: str | None = None,
               female: bool | None = None, age: tuple[int, int] = (20, 70), phone: str | None = None) -> Person:
        r = self.rng
        female = r.random() < 0.52 if female is None else female
        surname = surname or r.choice(SURNAMES)
        local = r.random() < 0.7
        area = area or r.choice(AREAS_LOCAL if local else AREAS_AWAY)
        year = 2024 - r.randint(*age)
        birth = dt.date(year, r.randint(1, 12), r.randint(1, 28))
        if address is None:
            address = self.local_address() if local or r.random() < 0.6 else self.away_address()
        return Person(surname + self.given(female), self.id_number(area, birth, female), phone or self.phone(),
                      address, area, surname, female, birth)

    # -- merchants
    def build_merchants(self, n: int) -> None:
        r = self.rng
        words = "海鑫港福顺丰源盛隆泰华宝金瑞祥兴旺鸿达利新鲜渔鲸潮澜汇合嘉诚"
        food = [p for p in PRODUCTS if p.cat in ("seafood", "snack", "import")]
        names: set[str] = set()
        for _ in range(n):
            kind = r.choices(["shop", "stall", "online", "restaurant", "supermarket"], [30, 22, 28, 12, 8])[0]
            district = r.choice(DISTRICTS)
            area = r.choice(AREAS_LOCAL)
            name = ""
            while not name or name in names:
                w = r.choice(words) + r.choice(words)
                if kind == "stall":
                    name = f"{CITY}{district}{r.choice(SURNAMES)}记水产{r.choice(['摊', '档', '商行'])}"
                    prods = r.sample(SEAFOOD, 4)
                elif kind == "online":
                    name = r.choice([f"{w}海外旗舰店", f"{w}跨境优选", f"{w}全球购专营店", f"{w}进口母婴店"])
                    prods = r.sample([p for p in PRODUCTS if p.cat in ("import", "cosmetic")], 4)
                elif kind == "restaurant":
                    name = f"{CITY}{district}{w}{r.choice(['海鲜大排档', '渔家菜馆', '海鲜酒楼', '海鲜面馆'])}"
                    prods = r.sample(SEAFOOD, 3)
                elif kind == "supermarket":
                    name = f"{CITY}{w}超市有限公司{district[:2]}店"
                    prods = r.sample(food, 7) + r.sample(PRODUCTS, 2)
                else:
                    trade = r.choice(["商贸", "食品", "贸易", "电器", "百货", "进口食品"])
                    name = f"{CITY}{w}{trade}有限公司"
                    pool = {"电器": [p for p in PRODUCTS if p.cat == "device"], "食品": food,
                            "进口食品": [p for p in PRODUCTS if p.cat == "import"]}.get(trade, PRODUCTS)
                    prods = r.sample(pool, min(5, len(pool)))
            names.add(name)
            uscc = self.uscc(area, kind == "stall") if kind != "online" or r.random() < 0.7 else ""
            phone = self.phone() if r.random() < 0.6 else f"0580-{r.randint(2000000, 8999999)}"
            aliases = [name]
            if name.startswith(CITY):
                aliases.append(name[len(CITY):])
            if "有限公司" in name:
                aliases.append(name.replace("有限公司", ""))
            m = Merchant(name, uscc, kind, phone, district, list(dict.fromkeys(prods)), aliases)
            self.merchants.append(m)
            self.by_kind.setdefault(kind, []).append(m)

    def selling(self, ok, kinds: tuple[str, ...] | None = None) -> tuple[Merchant, Product]:
        """A merchant (of these kinds) with a product that satisfies ok, and that product."""
        while True:
            m = self.merchant(kinds)
            goods = [p for p in m.products if ok(p)]
            if goods:
                return m, self.rng.choice(goods)

    def merchant(self, kinds: tuple[str, ...] | None = None) -> Merchant:
        pool = self.merchants if kinds is None else [m for k in kinds for m in self.by_kind.get(k, [])]
        # skewed: a few merchants draw many complaints
        idx = min(int(self.rng.paretovariate(1.1)) - 1, len(pool) - 1)
        return pool[(idx * 7919 + self.rng.randint(0, 3)) % len(pool)] if self.rng.random() < 0.15 else \
            self.rng.choice(pool)


# ---------------------------------------------------------------------------------------------------------------
# rows


def new_row(**kw) -> dict:
    row = {"source": "register", "channel": "", "person": None, "name": None, "phone": None, "id_number": None,
           "address": None, "merchant": None, "product": None, "qty": 1, "amount": None, "claim": None, "legal": "",
           "text": "", "evidence": [], "outcome": "", "comp": None, "received": None, "purchase": None,
           "closed": None, "order_no": "", "remark": "", "group": None, "mask_phone": None, "style": {}}
    row.update(kw)
    return row


def when(rng: random.Random, lo_day: float = 0, hi_day: float = DAYS) -> dt.datetime:
    day = rng.uniform(lo_day, hi_day)
    t = START + dt.timedelta(days=day)
    return t.replace(hour=rng.choice([8, 9, 9, 10, 10, 11, 13, 14, 14, 15, 16, 17, 19, 20, 21, 22]),
                     minute=rng.randint(0, 59), second=rng.randint(0, 59))


def price(rng: random.Random, p: Product, cheap: bool = False) -> float:
    hi = p.lo + (p.hi - p.lo) * (0.25 if cheap else 1.0)
    v = rng.uniform(p.lo, hi)
    return round(v, rng.choice((0, 0, 1, 2)))


def cn_date(d: dt.date | dt.datetime) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def short_date(d: dt.date | dt.datetime) -> str:
    return f"{d.month}月{d.day}日"


def fmt_money(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))


def genuine_text(rng: random.Random, row: dict, style: str) -> str:
    p: Product = row["product"]
    m: Merchant = row["merchant"]
    pd = row["purchase"]
    amount = fmt_money(row["amount"])
    prob = rng.choice(PROBLEMS[p.cat]).format(short=rng.randint(1, 6), over=rng.randint(5, 80), origin=p.origin)
    req = rng.choice(REQUESTS)
    resp = rng.choice(RESPONSES)
    aside = rng.choice(ASIDES)
    qty = f"{row['qty']}{p.unit}"
    if style == "hotline":
        who = rng.choice(["市民来电反映", "来电人反映", "来电人称", "市民反映"])
        s = rng.choice([
            f"{who}：其于{short_date(pd)}在{m.name}购买{p.name}{qty}（{amount}元），{prob}。{resp}。"
            f"{aside}来电人{req}，请相关部门核实处理。",
            f"{who}，{short_date(pd)}在{m.district}{m.name}买了{p.name}，{prob}，{resp}。诉求：{req}。",
            f"{who}：{m.name}销售的{p.name}{prob}。来电人已与商家沟通未果，{req}。（来电人要求回电）",
        ])
    elif style == "platform":
        s = rng.choice([
            f"买家描述：{prob}。{resp}。{req}。{aside}",
            f"{short_date(pd)}下单的{p.name}，{prob}，{resp}，{req}。{aside}",
            f"订单商品{p.name}×{row['qty']}，{prob}。{aside}{req}！",
        ])
    elif style == "market":
        s = rng.choice([
            f"{short_date(pd)}在{m.name}买{p.name}{qty}，{prob}。{resp}。{req}。",
            f"顾客称在{m.name}摊位买了{p.name}，{prob}，{req}。{aside}",
            f"{p.name}{qty}共{amount}元，{prob}，{resp}，{req}",
        ])
    else:
        s = rng.choice([
            f"我于{cn_date(pd)}在{m.name}购买了{p.name}{qty}，花了{amount}元。{prob}。{resp}。{aside}{req}。",
            f"{short_date(pd)}在{m.name}买的{p.name}，{prob}。{aside}{resp}，{req}。",
            f"本人在{m.name}购买{p.name}，付款{amount}元，{prob}。{resp}，{req}，谢谢！",
            f"{prob}。东西是{short_date(pd)}在{m.name}买的{p.name}，{qty}。{resp}。{req}。{aside}",
            f"投诉{m.name}：{prob}。{req}。",
            f"你好，{short_date(pd)}我家在{m.name}买了{amount}元的{p.name}，{prob}，{aside}{resp}，实在没办法才来投诉，"
            f"{req}。",
        ])
    if rng.random() < 0.04:
        s = s.replace("。", "。\n", 1)
    return s


def set_outcome(rng: random.Random, row: dict, kind: str = "normal") -> None:
    """Outcome label, compensation and closing time by source and a broad kind."""
    src = row["source"]
    amt = row["amount"] or 0
    rec: dt.datetime = row["received"]
    labels = {
        "register": [("办结", 14), ("调解成功", 16), ("终止调解", 6), ("调解不成", 5), ("撤诉", 3), ("消费者撤回", 4),
                     ("不予受理", 4), ("已转执法", 2), ("已赔偿", 6), ("部分赔偿", 3), ("和解", 3), ("处理中", 5),
                     ("待处理", 3), ("中止调解", 0.4), ("视为撤回", 0.4), ("移送公安机关", 0.2), ("closed", 0.3)],
        "hotline": [("转办", 18), ("办结", 20), ("已回复", 8), ("已退款", 8), ("调解成功", 8), ("处理中", 6),
                    ("退回重派", 0.6), ("无法联系来电人", 0.6), ("重复工单", 0.5)],
        "platform": [("已退款", 30), ("部分退款", 8), ("驳回", 10), ("买家撤销", 5), ("平台判定支持买家", 6),
                     ("卖家已赔付", 5), ("处理中", 6), ("pending", 0.5), ("compensated", 0.4), ("mediated", 0.3)],
        "market": [("当场调解", 20), ("已退款", 15), ("调解成功", 10), ("协商不成", 6), ("办结", 6), ("摊主赔偿", 1),
                   ("已和解", 1)],
    }
    if kind == "normal":
        names, weights = zip(*labels[src], strict=True)
        out = rng.choices(names, weights)[0]
    elif kind == "refund_withdraw":
        out = rng.choice(["消费者撤回", "撤回", "撤诉", "已退款，消费者撤回投诉",
                          "买家撤销" if src == "platform" else "撤回"])
    elif kind == "private_withdraw":
        out = rng.choice(["消费者撤回", "撤诉", "撤回", "投诉人撤回", "撤回投诉", "和解撤回"])
    elif kind == "compensated":
        out = rng.choice(["已赔偿", "调解成功", "已赔偿", "已退款", "和解"])
    elif kind == "failed":
        out = rng.choice(["调解不成", "终止调解", "不予受理", "驳回" if src == "platform" else "终止调解", "办结"])
    else:
        out = kind
    comp = None
    if out in ("已退款", "调解成功", "和解", "已和解", "当场调解", "平台判定支持买家", "compensated", "mediated",
               "已退款，消费者撤回投诉") or kind == "refund_withdraw":
        comp = amt if rng.random() < 0.8 else round(amt * rng.uniform(1.0, 1.5), 0)
    elif out in ("已赔偿", "卖家已赔付", "摊主赔偿"):
        comp = round(amt * rng.uniform(1.0, 3.0), 0) if amt else None
    elif out in ("部分赔偿", "部分退款"):
        comp = round(amt * rng.uniform(0.3, 0.8), 0)
    if out in ("处理中", "待处理", "pending", "转办"):
        closed = None
    else:
        closed = rec + dt.timedelta(days=rng.uniform(0.5, 40))
        if src == "market" and out == "当场调解":
            closed = rec + dt.timedelta(hours=rng.uniform(0.2, 3))
    row["outcome"], row["comp"], row["closed"] = out, comp, closed


def basic_row(world: World, rng: random.Random, *, person: Person | None = None, source: str | None = None,
              merchant: Merchant | None = None, product: Product | None = None, received: dt.datetime | None = None,
              cheap: bool = False) -> dict:
    source = source or rng.choices(SOURCES, [SOURCE_SHARE[s] for s in SOURCES])[0]
    if merchant is None:
        kinds = {"market": ("stall",), "platform": ("online",)}.get(source)
        merchant = world.merchant(kinds)
    product = product or rng.choice(merchant.products)
    received = received or when(rng)
    qty = rng.choice((1, 1, 1, 1, 2, 2, 3)) if product.unit not in ("台", "副") else 1
    amount = round(price(rng, product, cheap) * qty, 2)
    purchase = (received - dt.timedelta(days=rng.choice((0, 1, 1, 2, 3, 5, 8, 14, 30)) + rng.random())).date()
    row = new_row(source=source, person=person or world.person(), merchant=merchant, product=product, qty=qty,
                  amount=amount, received=received, purchase=purchase)
    row["channel"] = default_channel(rng, source)
    return row


def default_channel(rng: random.Random, source: str) -> str:
    if source == "register":
        names = ["12315平台", "12315热线", "全国12315平台", "来信", "来访", "微信小程序"]
        return rng.choices(names, [40, 20, 10, 3, 4, 6])[0]
    if source == "hotline":
        return rng.choice(["12345热线", "12345热线", "12345政务服务热线", "12345网络"])
    if source == "platform":
        return rng.choice(["平台纠纷", "平台客服投诉", "跨境平台纠纷"])
    return rng.choice(["市场投诉站", "市场服务台", "现场投诉"])


def photo(kind: str, key: str, variant: int, edits: tuple = ()) -> dict:
    return {"kind": kind, "key": key, "variant": variant, "edits": list(edits)}


def random_edits(rng: random.Random, n: int | None = None) -> list:
    ops = ["rot90", "rot180", "rot270", "mirror", "crop", "screenshot", "recompress", "bright", "colour", "caption",
           "chat"]
    n = n if n is not None else rng.randint(1, 3)
    return [(op, rng.randint(0, 10**6)) for op in rng.sample(ops, n)]


def product_photos(rng: random.Random, row: dict, n: int | None = None) -> list:
    key = f"{row['product'].name}|{row['merchant'].name}"
    n = n if n is not None else rng.choice((1, 1, 2, 2, 3))
    return [photo("product", key, rng.randint(0, 10**9)) for _ in range(n)]


# ---------------------------------------------------------------------------------------------------------------
# schemes


def flaw_for(rng: random.Random, p: Product) -> str:
    if p.cat == "import":
        return rng.choice(FLAWS)
    if p.cat == "device":
        return rng.choice(["与宣传参数不符", "无中文说明书和合格证", "虚标电池容量"])
    if p.cat == "cosmetic":
        return rng.choice(["无中文标签", "查不到备案信息", "宣称具有医疗作用"])
    return rng.choice(FLAWS_DOMESTIC)


def _punitive(rng: random.Random, amount: float, food: bool) -> tuple[float, str]:
    if food:
        return max(1000.0, round(amount * 10, 2)), rng.choice(LEGAL_PUNITIVE)
    return max(500.0, round(amount * 3, 2)), rng.choice(LEGAL_FRAUD)


def scheme_professional_claimant(world: World, rng: random.Random) -> list[dict]:
    p = world.person(age=(25, 50))
    style = rng.randint(0, 2)
    district = rng.choice(DISTRICTS)
    out = []
    t0 = rng.uniform(0, DAYS - 330)
    second_phone = world.phone()
    for _ in range(rng.randint(8, 13)):
        source = rng.choice(("register", "register", "register", "register", "platform", "platform", "hotline"))
        m, prod = world.selling(lambda x: x in CHEAP_FOOD,
                                ("online",) if source == "platform" else ("shop", "supermarket", "online"))
        r = basic_row(world, rng, person=p, source=source, merchant=m, product=prod,
                      received=when(rng, t0, t0 + 180), cheap=True)
        r["qty"] = rng.choice((1, 2, 3, 5, 6, 10))
        if rng.random() < 0.3:
            r["phone"] = second_phone
        r["amount"] = round(price(rng, prod, True) * r["qty"], 2)
        flaw = flaw_for(rng, prod)
        food = prod.cat != "device"
        r["claim"], r["legal"] = _punitive(rng, r["amount"], food)
        a = fmt_money(r["amount"])
        texts = [
            f"本人于{cn_date(r['purchase'])}在{m.name}购买{prod.name}{r['qty']}{prod.unit}，共支付{a}元。收货后发现"
                f"该商品"
            f"{flaw}，属于不符合食品安全标准的食品。依据{r['legal']}，要求被投诉人退还货款{a}元，并支付价款十倍赔偿金，"
            f"不足一千元的按一千元计算。请贵局依法调解。",
            f"投诉请求：1.退货退款{a}元；2.支付十倍赔偿{fmt_money(r['claim'])}元。事实与理由：投诉人在{m.name}购得"
            f"{prod.name}{r['qty']}{prod.unit}，经查看{flaw}，违反食品安全法第三十四条、第九十七条之规定，"
            f"根据食品安全法第一百四十八条，经营者应承担赔偿责任。",
            f"{short_date(r['purchase'])}从{m.name}买了{prod.name}×{r['qty']}，{flaw}。经营明知是不符合食品安全标准"
                f"的食品"
            f"仍然销售，依{r['legal']}要求退一赔十，不足一千元按一千元赔偿。不接受调解的话我会向贵局举报并申请信息公"
                f"开。",
        ]
        r["text"] = texts[style]
        if source == "hotline":
            r["text"] = (f"来电人反映：其在{m.name}购买的{prod.name}{flaw}，来电人认为商家销售不符合"
                         f"食品安全标准的食品，要求退一赔十，请相关部门处理。")
        r["evidence"] = [photo("label", f"{prod.name}|{m.name}", rng.randint(0, 10**9)),
                         photo("receipt", f"{p.name}|{m.name}", rng.randint(0, 10**9))]
        if source == "hotline":
            r["evidence"] = []
        set_outcome(rng, r, rng.choice(["failed", "failed", "compensated", "refund_withdraw"]))
        if r["outcome"] in ("已赔偿", "和解"):
            r["comp"] = r["claim"]
        out.append(r)
        if source == "register" and rng.random() < 0.55:
            r2 = dict(r, channel="举报", received=r["received"] + dt.timedelta(days=rng.uniform(3, 25)),
                      evidence=[photo("label", f"{prod.name}|{m.name}", rng.randint(0, 10**9))])
            r2["text"] = (f"举报{m.name}销售{flaw}的{prod.name}。请依法立案查处，并根据有关规定给予举报奖励，"
                          f"在法定期限内书面告知是否立案。")
            set_outcome(rng, r2, rng.choice(["不予立案", "已立案", "已转执法", "办结"]))
            r2["comp"], r2["claim"] = None, None
            out.append(r2)
            if rng.random() < 0.5:
                r3 = dict(r2, channel="行政复议", received=r2["received"] + dt.timedelta(days=rng.uniform(20, 60)),
                          evidence=[])
                r3["text"] = (f"申请人不服{CITY}{district}市场监督管理局对{m.name}举报作出的不予立案决定，"
                              f"依据《行政复议法》申请行政复议，请求撤销该决定并责令被申请人重新作出处理。")
                set_outcome(rng, r3, rng.choice(["维持原决定", "复议终止", "驳回复议申请", "撤销原决定"]))
                out.append(r3)
                if rng.random() < 0.5:
                    r4 = dict(r3, channel="法院诉讼", received=r3["received"] + dt.timedelta(days=rng.uniform(15, 70)))
                    r4["claim"] = r["claim"]
                    r4["text"] = (f"原告{p.name}诉被告{m.name}买卖合同纠纷：请求判令被告退还货款{a}元，支付十倍赔偿金"
                                  f"{fmt_money(r['claim'])}元，诉讼费由被告承担。")
                    set_outcome(rng, r4, rng.choice(["撤诉", "调解结案", "判决驳回", "判决支持"]))
                    out.append(r4)
    return out


def scheme_one_person_many_names(world: World, rng: random.Random) -> list[dict]:
    base = world.person(age=(28, 55))
    home = base.address
    relatives = [world.person(surname=base.surname, area=base.area, address=home, age=(20, 75)) for _ in range(2)]
    aliases = [world.person().name for _ in range(rng.randint(3, 6))]
    names = [base.name] + [r.name for r in relatives] + aliases
    phones = [base.phone] + [world.phone() for _ in range(rng.randint(1, 3))]
    ids = [base.id_number] + [r.id_number for r in relatives]
    out = []
    t0 = rng.uniform(0, DAYS - 160)
    for _ in range(rng.randint(10, 16)):
        source = rng.choice(("register", "register", "hotline", "platform"))
        r = basic_row(world, rng, person=base, source=source, received=when(rng, t0, t0 + 150), cheap=True)
        r["name"] = rng.choice(names)
        r["phone"] = rng.choice(phones)
        roll = rng.random()
        r["id_number"] = ids[0] if roll < 0.3 else rng.choice(ids[1:]) if roll < 0.55 else ""
        r["address"] = home if rng.random() < 0.6 else world.local_address()
        food = r["product"].cat != "device"
        r["claim"], r["legal"] = _punitive(rng, r["amount"], food)
        flaw = flaw_for(rng, r["product"])
        r["text"] = rng.choice([
            f"在{r['merchant'].name}买的{r['product'].name}{flaw}，商家欺骗消费者，要求按{r['legal']}赔偿"
            f"{fmt_money(r['claim'])}元。",
            f"{short_date(r['purchase'])}购买{r['product'].name}，发现{flaw}。商家拒不处理，请求依法赔偿，"
            f"{'退一赔十' if food else '退一赔三'}。",
            f"我买的{r['product'].name}{flaw}，已经留存证据，要求{r['merchant'].name}依法赔偿，否则继续举报。",
        ])
        r["evidence"] = product_photos(rng, r, rng.choice((0, 1, 1, 2)))
        set_outcome(rng, r, rng.choice(["normal", "failed", "compensated"]))
        out.append(r)
    return out


GANG_SCRIPTS = [
    "本人在{m}购买{p}，当场称重{w}斤，回去用标准秤复秤只有{w2}斤，商家使用作弊秤短斤缺两，属于欺诈消费者。"
    "根据消费者权益保护法第五十五条，要求商家退还货款并赔偿价款三倍，不足五百元按五百元。请市场监管部门依法处理。",
    "本人在{m}购买{p}，商家宣称是野生的，经了解是养殖冒充野生，价格高出一倍多，商家存在欺诈。"
    "依据消费者权益保护法第五十五条，要求退一赔三，不足五百元按五百元赔偿，并请依法查处。",
]


def scheme_regional_gang(world: World, rng: random.Random) -> list[dict]:
    area = rng.choice(["430521", "445281", "360102", "520102", "450102"])
    flats = [world.local_address(rng.choice(DISTRICTS)) for _ in range(2)]
    surname = rng.choice(SURNAMES)
    members = [world.person(area=area, surname=surname if rng.random() < 0.4 else None,
                            address=rng.choice(flats) if rng.random() < 0.75 else world.away_address(),
                            age=(22, 48)) for _ in range(rng.randint(5, 8))]
    card = world.card()
    script = rng.choice(GANG_SCRIPTS)
    t0 = rng.uniform(0, DAYS - 40)
    out = []
    for mem in members:
        for _ in range(rng.randint(2, 4)):
            source = rng.choice(("market", "market", "register", "hotline"))
            m = world.merchant(("stall", "restaurant"))
            prod = rng.choice(m.products)
            r = basic_row(world, rng, person=mem, source=source, merchant=m, product=prod,
                          received=when(rng, t0, t0 + rng.uniform(14, 30)))
            w = rng.randint(3, 8)
            text = script.format(m=m.name, p=prod.name, w=w, w2=round(w * rng.uniform(0.7, 0.85), 1))
            text = synonymise(text, rng, 0.5)
            if rng.random() < 0.5:
                text = add_typos(text, rng, 1)
            if rng.random() < 0.45:
                c = card if rng.random() < 0.5 else " ".join(card[i:i + 4] for i in range(0, len(card), 4))
                text += rng.choice([f"赔偿款请转到卡号{c}（户名{members[0].name}）。", f"请将赔款打入{c}。",
                                    f"收款账户：{c}"])
            r["text"] = text
            r["claim"] = max(500.0, round(r["amount"] * 3, 0))
            r["legal"] = rng.choice(LEGAL_FRAUD)
            r["evidence"] = product_photos(rng, r, rng.choice((0, 1, 1)))
            set_outcome(rng, r, rng.choice(["normal", "failed", "compensated"]))
            out.append(r)
    return out


def scheme_evidence_extortion(world: World, rng: random.Random) -> list[dict]:
    p = world.person(age=(25, 50))
    alt = world.person()
    key = f"injury-{p.id_number}"
    kind = rng.choice(("injury", "foreign"))
    role = rng.choice([f"本人系{rng.choice(LAW_FIRMS)}执业律师", f"本人是{rng.choice(MEDIA)}的记者",
                       "我是做自媒体的，有几十万粉丝", f"我朋友在{rng.choice(MEDIA)}上班"])
    t0 = rng.uniform(0, DAYS - 120)
    out = []
    for i in range(rng.randint(8, 14)):
        source = rng.choice(("register", "register", "hotline"))
        m, prod = world.selling(lambda x: x.cat in ("seafood", "snack") and x.shape != "bottle",
                                ("restaurant", "restaurant", "supermarket"))
        r = basic_row(world, rng, person=p if rng.random() < 0.75 else alt, source=source, merchant=m, product=prod,
                      received=when(rng, t0, t0 + 110))
        thing = "玻璃碴" if kind == "foreign" else rng.choice(["碎骨头", "钢丝球的钢丝", "玻璃碴"])
        demand = rng.choice((5000, 8000, 10000, 20000, 30000, 50000))
        threat = rng.choice([f"如果三天内不给说法，我就把视频发到网上，并联系{rng.choice(MEDIA)}曝光",
                             "不赔钱的话我会让全网都知道你们店是什么样子",
                                 f"不解决我就找{rng.choice(MEDIA)}报道，后果自负"])
        r["text"] = (f"{short_date(r['purchase'])}在{m.name}吃{prod.name}，吃出{thing}，嘴里被划破出血（照片为证）"
                     f"。{role}，"
                     f"要求赔偿医药费、误工费、精神损失费共计{demand}元。{threat}。")
        if i % 3 == 1:
            r["text"] = synonymise(r["text"], rng, 0.4)
        r["claim"] = float(demand)
        r["legal"] = rng.choice(["", "《消费者权益保护法》第四十九条", "民法典第一千一百七十九条"])
        edits = random_edits(rng) if i else []
        r["evidence"] = [photo(kind, key, 7, edits)]
        if rng.random() < 0.4:
            r["evidence"].append(photo("receipt", f"hospital-{p.name}-{i}", rng.randint(0, 10**9)))
        set_outcome(rng, r, rng.choice(["failed", "failed", "private_withdraw", "已转执法"]))
        if r["outcome"] in ("消费者撤回", "撤诉", "撤回", "投诉人撤回", "撤回投诉", "和解撤回"):
            r["comp"] = float(rng.choice((2000, 3000, 5000)))
        out.append(r)
    return out


def scheme_private_payment_withdrawal(world: World, rng: random.Random) -> list[dict]:
    p = world.person(age=(25, 60))
    phones = [p.phone, world.phone()]
    t0 = rng.uniform(0, DAYS - 200)
    out = []
    for _ in range(rng.randint(6, 12)):
        source = rng.choice(("register", "register", "platform", "hotline"))
        r = basic_row(world, rng, person=p, source=source, received=when(rng, t0, t0 + 190), cheap=True)
        r["phone"] = rng.choice(phones)
        if r["amount"] > 120:
            r["amount"] = round(rng.uniform(15, 90), 1)
        food = r["product"].cat not in ("device", "cosmetic")
        r["claim"], r["legal"] = _punitive(rng, r["amount"], food) if rng.random() < 0.7 else (None, "")
        flaw = flaw_for(rng, r["product"])
        r["text"] = rng.choice([
            f"{short_date(r['purchase'])}在{r['merchant'].name}买的{r['product'].name}{flaw}，商家应当承担责任，请求"
                f"处理。",
            f"购买的{r['product'].name}{flaw}，要求商家赔偿，可以先协商。",
            f"{r['merchant'].name}销售的{r['product'].name}{flaw}，消费者要求赔偿，联系电话见登记。",
        ])
        r["evidence"] = product_photos(rng, r, rng.choice((0, 1, 1)))
        set_outcome(rng, r, "private_withdraw")
        r["comp"] = float(round(r["amount"] * rng.uniform(12, 45), -2) or 800)
        r["closed"] = r["received"] + dt.timedelta(hours=rng.uniform(5, 70))
        if rng.random() < 0.4:
            r["remark"] = rng.choice(["双方已自行协商", "消费者称已与商家私下和解", "商家已另行处理", ""])
        out.append(r)
    return out


RING_CLAUSES = [
    ["我在{m}买了{p}", "本人通过{m}购买{p}", "{d}在{m}下单{p}", "从{m}店铺购入{p}一件"],
    ["到货后发现外包装没有任何中文标签", "收货后看到产品上没有中文标签", "商品通体没有中文标识",
        "拿到手发现没贴中文标签"],
    ["也没有报关单和检验检疫证明", "商家拿不出入境检验检疫证明", "无法提供进口报关材料", "查不到任何进口手续"],
    ["属于不符合食品安全标准的食品", "这是不符合食品安全国家标准的产品", "依法属于不合格食品"],
    ["要求退款并按价款十倍赔偿", "请求退一赔十", "要求十倍赔偿并退货款", "诉求为退款加十倍赔偿金"],
    ["不足一千元的按一千元", "赔偿金不足1000元的按1000元计", "最低赔付一千元"],
    ["请监管部门依法处理", "望贵局依法查处", "请依法调解并查处商家", "恳请主管部门处理"],
]


def scheme_paraphrased_ring(world: World, rng: random.Random) -> list[dict]:
    t0 = rng.uniform(0, DAYS - 70)
    stock = f"ring-label-{rng.randint(0, 10**9)}"
    out = []
    for _ in range(rng.randint(10, 18)):
        source = rng.choice(("register", "register", "platform"))
        m, prod = world.selling(lambda x: x in CHEAP_FOOD and x.cat == "import", ("online", "shop", "supermarket"))
        r = basic_row(world, rng, source=source, received=when(rng, t0, t0 + rng.uniform(20, 60)), cheap=True,
                      merchant=m, product=prod)
        parts = [rng.choice(c).format(m=r["merchant"].name, p=r["product"].name, d=short_date(r["purchase"]))
                 for c in RING_CLAUSES]
        mid = parts[1:4]
        rng.shuffle(mid)
        parts = [parts[0]] + mid + parts[4:]
        if rng.random() < 0.4:
            parts[4], parts[5] = parts[5], parts[4]
        text = "，".join(parts) + "。"
        text = synonymise(text, rng, 0.6)
        if rng.random() < 0.35:
            text = to_trad(text, rng)
        if rng.random() < 0.3:
            text = fullwidth_digits(text)
        if rng.random() < 0.45:
            text = add_typos(text, rng, rng.randint(1, 3))
        r["text"] = text
        r["claim"], r["legal"] = _punitive(rng, r["amount"], True)
        r["evidence"] = product_photos(rng, r, rng.choice((0, 1, 1)))
        if rng.random() < 0.45:  # the picture passed round the ring, edited by each
            r["evidence"].append(photo("label", stock, 3, random_edits(rng)))
        set_outcome(rng, r, rng.choice(["normal", "failed"]))
        out.append(r)
    return out


def _messy_number(rng: random.Random, number: str) -> str:
    if len(number) == 11:
        s = rng.choice([number, f"{number[:3]} {number[3:7]} {number[7:]}", f"{number[:3]}-{number[3:7]}-{number[7:]}",
                        f"{number[:4]}-{number[4:8]}-{number[8:]}", f"+86 {number}", " ".join(number)])
    else:
        s = rng.choice([number, " ".join(number[i:i + 4] for i in range(0, len(number), 4)),
                        "-".join(number[i:i + 4] for i in range(0, len(number), 4))])
    return fullwidth_digits(s) if rng.random() < 0.35 else s


def scheme_slow_ring(world: World, rng: random.Random) -> list[dict]:
    mode = rng.choice(("phone", "card", "block"))
    coord_phone = world.phone()
    coord_card = world.card()
    coord_name = world.person().name
    block = rng.choice(BLOCK_PREFIXES) + str(rng.randint(1000, 9999))
    t0 = rng.uniform(0, DAYS - 420)
    out = []
    for _ in range(rng.randint(6, 10)):
        mem = world.person(phone=world.phone(block) if mode == "block" else None,
                           address=world.away_address() if rng.random() < 0.6 else None)
        for _ in range(rng.randint(1, 3)):
            source = rng.choice(SOURCES)
            r = basic_row(world, rng, person=mem, source=source, received=when(rng, t0, t0 + rng.uniform(300, 420)),
                          cheap=True)
            text = genuine_text(rng, r, "hotline" if source == "hotline" else "first")
            food = r["product"].cat not in ("device", "cosmetic")
            r["claim"], r["legal"] = _punitive(rng, r["amount"], food)
            text = text.rstrip("。") + f"。依据{r['legal']}要求赔偿。"
            if mode == "phone":
                text += rng.choice(["有事请联系我的代理人，电话{x}。", "联系人：{n} {x}", "如需调解请打{x}（{n}）。",
                                    "电话：{x}"]).format(x=_messy_number(rng, coord_phone), n=coord_name)
            elif mode == "card":
                text += rng.choice(["赔偿款请转至{x}（{n}）。", "收款卡号：{x}", "钱打到{x}，户名{n}。"]).format(
                    x=_messy_number(rng, coord_card), n=coord_name)
            r["text"] = text
            r["evidence"] = product_photos(rng, r, rng.choice((0, 1)))
            set_outcome(rng, r, rng.choice(["normal", "compensated", "failed"]))
            out.append(r)
    return out


def scheme_split_purchases(world: World, rng: random.Random) -> list[dict]:
    p = world.person(age=(25, 55))
    source = rng.choice(("register", "platform", "register"))
    m0, prod = world.selling(lambda x: x in CHEAP_FOOD,
                             ("online",) if source == "platform" else ("shop", "supermarket", "online"))
    merchants = [m0]
    if rng.random() < 0.3:
        merchants.append(world.selling(lambda x: x is prod, ("shop", "online", "supermarket"))[0])
    unit = price(rng, prod, True)
    day = when(rng, 0, DAYS - 30)
    order0 = rng.randint(10**15, 9 * 10**15)
    flaw = flaw_for(rng, prod)
    out = []
    for i in range(rng.randint(8, 15)):
        m = rng.choice(merchants)
        r = basic_row(world, rng, person=p, source=source, merchant=m, product=prod,
                      received=day + dt.timedelta(hours=rng.uniform(0, 60)))
        r["purchase"] = (day - dt.timedelta(days=rng.choice((3, 4)))).date()
        r["qty"] = 1
        r["amount"] = unit
        r["order_no"] = str(order0 + i * rng.randint(1, 3))
        r["claim"], r["legal"] = 1000.0, rng.choice(LEGAL_PUNITIVE)
        r["text"] = (f"订单号{r['order_no']}：本人在{m.name}购买{prod.name}一{prod.unit}，单价{fmt_money(unit)}元，"
                     f"{flaw}。依据{r['legal']}要求退还货款并赔偿一千元。")
        if i % 2:
            r["text"] = synonymise(r["text"], rng, 0.3)
        r["evidence"] = [photo("receipt", f"{p.name}|{r['order_no']}", rng.randint(0, 10**9))]
        if rng.random() < 0.5:
            r["evidence"].append(photo("label", f"{prod.name}|{m.name}", rng.randint(0, 10**9)))
        set_outcome(rng, r, rng.choice(["normal", "failed", "failed"]))
        out.append(r)
    return out


# ---------------------------------------------------------------------------------------------------------------
# traps (genuine)


def trap_bad_lot(world: World, rng: random.Random) -> list[dict]:
    m, prod = world.selling(lambda x: x.cat in ("seafood", "import", "snack") and x.lo < 200, ("supermarket", "shop"))
    t0 = rng.uniform(30, DAYS - 10)
    made = START + dt.timedelta(days=t0 - rng.uniform(15, 60))
    lot = f"{made:%Y%m%d}{rng.choice('ABCDK')}"
    notice = (f"{CITY}市场监督管理局关于{prod.name}（批号{lot}）的召回公告（{(START + dt.timedelta(days=t0)).year}年"
              f"第{rng.randint(2, 19)}号）")
    out = []
    for _ in range(rng.randint(25, 45)):
        r = basic_row(world, rng, merchant=m, product=prod, received=when(rng, t0, t0 + rng.uniform(2, 6)),
                      source=rng.choice(("register", "register", "hotline", "platform")))
        r["purchase"] = (START + dt.timedelta(days=t0 - rng.uniform(2, 12))).date()
        sym = rng.choice(["吃了以后上吐下泻", "孩子吃了肚子疼", "打开发现胀袋", "有一股刺鼻的味道",
                          "家里两个人都拉肚子了",
                          "看到新闻说这批有问题"])
        r["text"] = rng.choice([
            f"在{m.name}买的{prod.name}，批号{lot}，{sym}。看到{notice}，要求退货退款。",
            f"{sym}，我买的正好是召回批次{lot}的{prod.name}。根据{notice}，请商家退款并赔偿医药费。",
            f"市场监管局发了召回公告，批号{lot}，我家{short_date(r['purchase'])}在{m.name}买"
                f"了{r['qty']}{prod.unit}{prod.name}"
                f"，{sym}。",
        ])
        if r["source"] == "hotline":
            r["text"] = "来电人反映：" + r["text"]
        r["evidence"] = [photo("product", f"{prod.name}|{m.name}", rng.randint(0, 10**9)),
                         photo("label", f"lot-{lot}-{prod.name}", rng.randint(0, 10**9))][:rng.randint(1, 2)]
        if rng.random() < 0.25:
            set_outcome(rng, r, "refund_withdraw")
        else:
            set_outcome(rng, r, "compensated")
            if rng.random() < 0.3:
                r["claim"] = round(r["amount"] * 10, 0)
                r["legal"] = "《食品安全法》第一百四十八条"
                r["comp"] = max(1000.0, r["claim"]) if rng.random() < 0.5 else r["amount"]
        out.append(r)
    return out


def trap_family_phone(world: World, rng: random.Random) -> list[dict]:
    head = world.person(age=(35, 65))
    family = [head] + [world.person(surname=head.surname if rng.random() < 0.6 else None, area=head.area,
                                    address=head.address, phone=head.phone, age=(15, 80))
                       for _ in range(rng.randint(1, 3))]
    out = []
    for mem in family:
        for _ in range(rng.randint(1, 2)):
            r = basic_row(world, rng, person=mem)
            r["text"] = genuine_text(rng, r, {"hotline": "hotline", "platform": "platform", "market": "market"}.get(
                r["source"], "first"))
            r["evidence"] = product_photos(rng, r, rng.choice((0, 0, 1, 2)))
            set_outcome(rng, r)
            out.append(r)
    return out


def trap_dormitory_or_ship_crew(world: World, rng: random.Random) -> list[dict]:
    if rng.random() < 0.5:
        address = f"{CITY}渔山县沈湾渔港 澜渔{rng.randint(10000, 99999)}号渔船"
        about = "船员"
    else:
        address = f"{CITY}北礁区{rng.choice(['海丰', '远洋', '鲜港'])}水产加工厂员工宿舍{rng.randint(1, 6)}号楼"
        about = "宿舍"
    out = []
    for _ in range(rng.randint(8, 14)):
        mem = world.person(area=rng.choice(AREAS_AWAY), address=address, age=(20, 55))
        r = basic_row(world, rng, person=mem)
        r["text"] = genuine_text(rng, r, {"hotline": "hotline", "platform": "platform", "market": "market"}.get(
            r["source"], "first"))
        if rng.random() < 0.3:
            r["text"] += rng.choice(["我在船上跑海，回来才看到。", "我是厂里的工人，住宿舍。",
                                     f"平时住{about}，收快递不方便。"])
        r["evidence"] = product_photos(rng, r, rng.choice((0, 1)))
        set_outcome(rng, r)
        out.append(r)
    return out


def trap_heavy_shopper(world: World, rng: random.Random) -> list[dict]:
    p = world.person(age=(25, 60))
    out = []
    for _ in range(rng.randint(12, 20)):
        r = basic_row(world, rng, person=p)
        r["text"] = genuine_text(rng, r, {"hotline": "hotline", "platform": "platform", "market": "market"}.get(
            r["source"], "first"))
        r["claim"] = r["amount"] if rng.random() < 0.5 else None
        r["evidence"] = product_photos(rng, r, rng.choice((0, 1, 1, 2)))
        set_outcome(rng, r)
        out.append(r)
    return out


def trap_rights_volunteers(world: World, rng: random.Random) -> list[dict]:
    district = rng.choice(DISTRICTS)
    station = f"{district}{rng.choice(ESTATES)}社区消费维权服务站"
    phone = world.phone()
    addr = world.local_address(district)
    out = []
    for _ in range(rng.randint(10, 18)):
        mem = world.person(age=(30, 85))
        r = basic_row(world, rng, person=mem, source=rng.choice(("register", "register", "hotline")))
        r["phone"] = phone
        r["address"] = addr if rng.random() < 0.6 else mem.address
        lead = rng.choice([f"本站受会员{mem.name}委托代为投诉：", f"{station}受消费者{mem.name}委托，代其反映：",
                           f"（代投诉）{station}志愿者代会员{mem.name}登记：", f"受社区居民{mem.name}委托代为投诉。"])
        r["text"] = lead + genuine_text(rng, r, "first")
        r["evidence"] = product_photos(rng, r, rng.choice((0, 1)))
        r["remark"] = rng.choice([station, "代投诉", ""])
        set_outcome(rng, r)
        out.append(r)
    return out


def trap_duplicate_on_two_channels(world: World, rng: random.Random) -> list[dict]:
    p = world.person()
    r1 = basic_row(world, rng, person=p, source="register")
    r1["text"] = genuine_text(rng, r1, "first")
    r1["evidence"] = product_photos(rng, r1, rng.choice((1, 2)))
    set_outcome(rng, r1)
    r2 = dict(r1, source="hotline", channel=default_channel(rng, "hotline"),
              received=r1["received"] + dt.timedelta(hours=rng.uniform(-30, 72)))
    r2["text"] = genuine_text(rng, r2, "hotline")
    r2["evidence"] = []
    r2["name"] = p.honorific() if rng.random() < 0.3 else None
    set_outcome(rng, r2, rng.choice(["转办", "重复工单", "办结"]))
    out = [r1, r2]
    if rng.random() < 0.2:
        r3 = dict(r1, source="register", channel="全国12315平台",
                  received=r1["received"] + dt.timedelta(hours=rng.uniform(2, 96)))
        r3["text"] = synonymise(r1["text"], rng, 0.3)
        set_outcome(rng, r3)
        out.append(r3)
    return out


def trap_hotline_honorific(world: World, rng: random.Random) -> list[dict]:
    p = world.person()
    out = []
    for i in range(rng.randint(2, 3)):
        source = "register" if i == 1 else "hotline"
        r = basic_row(world, rng, person=p, source=source)
        r["text"] = genuine_text(rng, r, source if source == "hotline" else "first")
        if source == "hotline":
            r["name"] = rng.choice([p.honorific(), p.honorific(), "老" + p.surname, p.surname + "师傅"])
        set_outcome(rng, r)
        out.append(r)
    return out


def trap_honest_law_citer(world: World, rng: random.Random) -> list[dict]:
    p = world.person()
    r = basic_row(world, rng, person=p, source=rng.choice(("register", "register", "platform")))
    r["amount"] = round(rng.uniform(300, 3000), 0)
    fake = rng.choice(["是假货，专柜验过了", "不是页面宣传的原装进口，是国内灌装", "说是新机，其实是翻新的"])
    r["legal"] = rng.choice(LEGAL_FRAUD)
    r["claim"] = round(r["amount"] * 3, 0)
    r["text"] = (f"{cn_date(r['purchase'])}我在{r['merchant'].name}花{fmt_money(r['amount'])}元买"
                 f"了{r['product'].name}，"
                 f"后来发现{fake}。我查了一下，消法第五十五条规定经营者欺诈要退一赔三，所以要求商家退款并赔偿。"
                 f"{rng.choice(ASIDES)}")
    r["evidence"] = product_photos(rng, r, rng.choice((1, 2)))
    set_outcome(rng, r)
    out = [r]
    if rng.random() < 0.3:
        r2 = dict(r, channel="举报", received=r["received"] + dt.timedelta(days=rng.uniform(10, 40)), evidence=[])
        r2["text"] = f"之前投诉的{r['merchant'].name}卖假货的事情一直没处理，现在举报这家店，请查一查。"
        r2["claim"] = None
        set_outcome(rng, r2)
        out.append(r2)
    return out


def trap_refund_then_withdraw(world: World, rng: random.Random) -> list[dict]:
    p = world.person()
    out = []
    for _ in range(rng.choice((1, 1, 1, 2))):
        r = basic_row(world, rng, person=p)
        r["text"] = genuine_text(rng, r, {"hotline": "hotline", "platform": "platform", "market": "market"}.get(
            r["source"], "first"))
        r["evidence"] = product_photos(rng, r, rng.choice((0, 1)))
        set_outcome(rng, r, "refund_withdraw")
        r["closed"] = r["received"] + dt.timedelta(hours=rng.uniform(4, 80))
        out.append(r)
    return out


def trap_similar_product_photos(world: World, rng: random.Random) -> list[dict]:
    m = world.merchant(("stall", "shop", "online"))
    prod = rng.choice(m.products)
    out = []
    for _ in range(rng.randint(6, 10)):
        r = basic_row(world, rng, merchant=m, product=prod)
        r["text"] = genuine_text(rng, r, {"hotline": "hotline", "platform": "platform", "market": "market"}.get(
            r["source"], "first"))
        r["evidence"] = [photo("product", f"{prod.name}|{m.name}", rng.randint(0, 10**9))
                         for _ in range(rng.randint(1, 2))]
        set_outcome(rng, r)
        out.append(r)
    return out


def trap_merchant_phone_in_text(world: World, rng: random.Random) -> list[dict]:
    m = world.merchant(("stall", "shop", "restaurant"))
    m_phone = m.phone
    out = []
    for _ in range(rng.randint(10, 16)):
        r = basic_row(world, rng, merchant=m)
        text = genuine_text(rng, r, {"hotline": "hotline", "market": "market"}.get(r["source"], "first"))
        num = _messy_number(rng, m_phone) if len(m_phone) == 11 else m_phone
        text += rng.choice([f"商家电话{num}一直不接。", f"打了店里电话{num}，说老板不在。", f"店主电话：{num}",
                            f"（商家联系方式{num}）"])
        r["text"] = text
        r["evidence"] = product_photos(rng, r, rng.choice((0, 1)))
        set_outcome(rng, r)
        out.append(r)
    return out


def trap_school_canteen_parents(world: World, rng: random.Random) -> list[dict]:
    district = rng.choice(DISTRICTS)
    school = f"{CITY}{district}第{rng.choice('一二三四五六七')}实验小学"
    w = rng.choice("鑫港顺丰源泰华") + rng.choice("味膳康禾嘉")
    m = Merchant(f"{CITY}{w}{rng.choice(['膳食', '餐饮管理', '团餐'])}有限公司",
                 world.uscc(rng.choice(AREAS_LOCAL), False), "canteen", world.phone(), district,
                 [Product("学生午餐", "snack", "份", 12, 18, "box")], [])
    shared = (f"本学期起{school}的学生午餐由{m.name}配送，多名学生吃完后出现呕吐、腹痛，"
              f"家委会已在家长群统计，请求相关部门调查配餐公司的食品安全问题。")
    t0 = rng.uniform(20, DAYS - 10)
    estate = rng.choice(ESTATES)
    out = []
    for _ in range(rng.randint(10, 16)):
        parent = world.person(age=(28, 45),
                              address=f"{CITY}{district}{estate}{rng.randint(1, 30)}幢{rng.randint(1, 20)}0"
                                      f"{rng.randint(1, 4)}室")
        r = basic_row(world, rng, person=parent, merchant=m, product=m.products[0],
                      received=when(rng, t0, t0 + rng.uniform(1, 3)), source=rng.choice(("register", "hotline")))
        r["amount"] = round(rng.uniform(12, 18) * 20, 0)
        own = (f"我家孩子在{rng.randint(1, 6)}年级{rng.randint(1, 8)}班，{short_date(r['received'])}中午吃了学校配餐，"
               f"{rng.choice(['下午就发烧了', '回家一直吐', '肚子疼去了医院', '拉肚子两天'])}。")
        if rng.random() < 0.4:
            text = own + shared
        else:
            text = own + rng.choice(["希望查一查配餐公司。", "学校说会处理但没下文。", "请求调查。", "要求给个说法。"])
        r["text"] = ("来电人反映：" + text) if r["source"] == "hotline" else text
        r["evidence"] = [photo("product", f"lunch|{m.name}", rng.randint(0, 10**9))] if rng.random() < 0.5 else []
        set_outcome(rng, r, rng.choice(["normal", "处理中", "已转执法"]))
        out.append(r)
    return out


def trap_tour_group_seafood_stall(world: World, rng: random.Random) -> list[dict]:
    m = world.merchant(("stall", "restaurant"))
    area = rng.choice(AREAS_AWAY)
    hometown = rng.choice(AWAY_CITIES)
    hotel = f"{CITY}潮门区{rng.choice(['海景', '观澜', '渔港'])}大酒店"
    t0 = when(rng, 10, DAYS - 5)
    out = []
    for _ in range(rng.randint(8, 14)):
        tourist = world.person(area=area, age=(30, 75), address=hotel if rng.random() < 0.4 else
                               f"{hometown}{rng.choice(['城关', '新华'])}路{rng.randint(1, 300)}号")
        prod = rng.choice(m.products)
        r = basic_row(world, rng, person=tourist, merchant=m, product=prod,
                      received=t0 + dt.timedelta(hours=rng.uniform(0, 20)), source=rng.choice(("market", "hotline")))
        r["purchase"] = t0.date()
        over = rng.randint(100, 900)
        r["amount"] = round(r["amount"] + over, 0)
        r["claim"] = float(over)
        r["text"] = rng.choice([
            f"我们是{hometown}来的旅游团，在{m.name}买{prod.name}，称重时明显缺斤少两，多收了{over}元。",
            f"跟团来澜港，导游带到{m.name}，{prod.name}标价和结账价不一样，一斤按一两算，多付了{over}元，要求退还。",
            f"旅游团一起在{m.name}吃海鲜，加工费另算，{prod.name}被掉包成小的，多收{over}元左右。",
        ])
        if rng.random() < 0.15:
            r["legal"] = rng.choice(LEGAL_FRAUD)
            r["text"] += "听说消法规定可以退一赔三。"
        r["evidence"] = product_photos(rng, r, rng.choice((0, 1)))
        set_outcome(rng, r, rng.choice(["当场调解", "compensated", "已退款"]))
        out.append(r)
    return out


def trap_lawyer_single_client(world: World, rng: random.Random) -> list[dict]:
    client = world.person(age=(30, 70))
    lawyer = world.person(age=(28, 55))
    firm = rng.choice(LAW_FIRMS)
    m = world.merchant(("restaurant", "supermarket", "shop"))
    prod = rng.choice(m.products)
    r = basic_row(world, rng, person=client, merchant=m, product=prod, source="register")
    r["phone"] = lawyer.phone
    r["claim"], r["legal"] = _punitive(rng, r["amount"], True)
    r["claim"] = max(r["claim"], float(rng.choice((8000, 15000, 30000))))
    r["text"] = (f"本人系{firm}律师{lawyer.name}，受{client.name}委托代为投诉：{client.name}"
                 f"于{cn_date(r['purchase'])}在{m.name}"
                 f"食用{prod.name}后急性肠胃炎住院{rng.randint(3, 9)}天，医院诊断书及发票附后。依据{r['legal']}，请"
                     f"求赔偿医疗费、"
                 f"误工费及十倍赔偿金。")
    r["evidence"] = [photo("receipt", f"hospital-{client.name}", rng.randint(0, 10**9)),
                     photo("product", f"{prod.name}|{m.name}", rng.randint(0, 10**9))]
    set_outcome(rng, r, "failed")
    out = [r]
    if rng.random() < 0.7:
        r2 = dict(r, channel="法院诉讼", received=r["received"] + dt.timedelta(days=rng.uniform(30, 90)))
        r2["text"] = (f"原告{client.name}（委托诉讼代理人{lawyer.name}，{firm}律师）诉被告{m.name}产品责任纠纷，"
                      f"请求赔偿医疗费等损失及十倍赔偿金。")
        set_outcome(rng, r2, rng.choice(["调解结案", "判决支持", "处理中"]))
        out.append(r2)
    return out


def trap_elderly_children(world: World, rng: random.Random) -> list[dict]:
    child = world.person(age=(30, 50))
    elders = [world.person(surname=child.surname if rng.random() < 0.5 else None, age=(66, 90), phone=child.phone)
              for _ in range(rng.randint(2, 3))]
    shop = world.merchant(("shop",))
    out = []
    for e in elders:
        r = basic_row(world, rng, person=e, merchant=shop if rng.random() < 0.6 else None,
                      source=rng.choice(("register", "hotline")))
        age = 2024 - e.birth.year
        rel = rng.choice(["父亲", "母亲", "岳母", "外婆", "公公"])
        r["amount"] = round(rng.uniform(1000, 12000), 0)
        r["text"] = rng.choice([
            f"我替我{rel}投诉。老人今年{age}岁，被{r['merchant'].name}拉去听健康讲座，买了{fmt_money(r['amount'])}元的"
            f"“保健品”，说能治高血压。要求退款。",
            f"代家里老人反映：我{rel}{e.name}在{r['merchant'].name}花了{fmt_money(r['amount'])}元买东西，"
            f"店员天天上门送鸡蛋，老人糊涂了才买的，希望帮忙退钱。",
        ])
        if r["source"] == "hotline":
            r["text"] = "来电人反映：" + r["text"]
            r["name"] = child.honorific() if rng.random() < 0.5 else e.name
        r["evidence"] = [photo("receipt", f"elder-{e.name}", rng.randint(0, 10**9))] if rng.random() < 0.5 else []
        set_outcome(rng, r)
        out.append(r)
    return out


HOMOPHONES = dict(zip("伟军洋静丽明华斌敏杰芳娜涛红平林燕婷辉峰刚波慧玲霞磊凯",
                      "玮君阳婧莉鸣桦彬民洁方那滔宏萍琳艳亭晖锋钢博惠琳侠蕾恺", strict=True))


def trap_name_typo_same_person(world: World, rng: random.Random) -> list[dict]:
    """One genuine caller whose given name the hotline operator wrote with a homophone (same phone, two names)."""
    p = world.person()
    while not any(c in HOMOPHONES for c in p.name[1:]):
        p = world.person()
    typo = p.name[0] + "".join(HOMOPHONES.get(c, c) for c in p.name[1:])
    out = []
    for i in range(rng.choice((2, 2, 3))):
        source = "register" if i == 0 else "hotline"
        r = basic_row(world, rng, person=p, source=source)
        r["text"] = genuine_text(rng, r, "first" if source == "register" else "hotline")
        if source == "hotline":
            r["name"] = typo
        r["evidence"] = product_photos(rng, r, rng.choice((0, 1))) if source == "register" else []
        set_outcome(rng, r)
        out.append(r)
    return out


PLATFORM_BOILER = [
    "【退款原因】商品与描述不符【问题描述】",
    "【售后类型】仅退款【退款原因】质量问题【买家留言】",
]


def trap_platform_reason_template(world: World, rng: random.Random) -> list[dict]:
    boiler = rng.choice(PLATFORM_BOILER)
    out = []
    for _ in range(rng.randint(22, 36)):
        r = basic_row(world, rng, source="platform")
        note = rng.choice(PROBLEMS[r["product"].cat]).format(short=2, over=rng.randint(5, 50),
                                                             origin=r["product"].origin)
        r["text"] = boiler + (note if rng.random() < 0.85 else rng.choice(["无", "见图", "如题"]))
        r["evidence"] = product_photos(rng, r, rng.choice((0, 1, 2)))
        set_outcome(rng, r)
        out.append(r)
    return out


SCHEMES = {
    "professional_claimant": (scheme_professional_claimant, 5),
    "one_person_many_names": (scheme_one_person_many_names, 5),
    "regional_gang": (scheme_regional_gang, 4),
    "evidence_extortion": (scheme_evidence_extortion, 4),
    "private_payment_withdrawal": (scheme_private_payment_withdrawal, 5),
    "paraphrased_ring": (scheme_paraphrased_ring, 5),
    "slow_ring": (scheme_slow_ring, 5),
    "split_purchases": (scheme_split_purchases, 5),
}
TRAPS = {
    "bad_lot": (trap_bad_lot, 3),
    "family_phone": (trap_family_phone, 30),
    "dormitory_or_ship_crew": (trap_dormitory_or_ship_crew, 6),
    "heavy_shopper": (trap_heavy_shopper, 8),
    "rights_volunteers": (trap_rights_volunteers, 3),
    "duplicate_on_two_channels": (trap_duplicate_on_two_channels, 60),
    "hotline_honorific": (trap_hotline_honorific, 35),
    "honest_law_citer": (trap_honest_law_citer, 60),
    "refund_then_withdraw": (trap_refund_then_withdraw, 60),
    "similar_product_photos": (trap_similar_product_photos, 8),
    "merchant_phone_in_text": (trap_merchant_phone_in_text, 5),
    "school_canteen_parents": (trap_school_canteen_parents, 2),
    "tour_group_seafood_stall": (trap_tour_group_seafood_stall, 3),
    "lawyer_single_client": (trap_lawyer_single_client, 10),
    "elderly_children_file": (trap_elderly_children, 12),
    "platform_reason_template": (trap_platform_reason_template, 2),
    "name_typo_same_person": (trap_name_typo_same_person, 20),
}


# ---------------------------------------------------------------------------------------------------------------
# cells

EXCEL_EPOCH = dt.date(1899, 12, 30)


def excel_serial(d: dt.date | dt.datetime) -> str:
    d = d.date() if isinstance(d, dt.datetime) else d
    return str((d - EXCEL_EPOCH).days)


def fmt_time(rng: random.Random, t: dt.datetime | dt.date | None, source: str, what: str) -> str:
    if t is None:
        return ""
    if not isinstance(t, dt.datetime):
        t = dt.datetime(t.year, t.month, t.day)
    if what != "received" and rng.random() < 0.1 and source in ("register", "platform"):
        return excel_serial(t)
    if what == "purchase" and source == "market" and rng.random() < 0.05:
        return f"{t.month}月{t.day}日"  # no year: unreadable, counts as empty
    x = rng.random()
    if source == "register":
        if x < 0.90:
            s = t.strftime("%Y-%m-%d %H:%M:%S") if what != "purchase" else t.strftime("%Y-%m-%d")
        elif x < 0.95:
            s = f"{t:%Y/%m/%d %H:%M}"
        elif x < 0.975:
            s = cn_date(t)
        elif x < 0.99:
            s = excel_serial(t)
        else:
            s = f"{t:%Y-%m-%d %H:%M}"
    elif source == "hotline":
        if x < 0.85:
            s = f"{t.year}/{t.month}/{t.day} {t:%H:%M}"
        elif x < 0.95:
            s = t.strftime("%Y-%m-%d %H:%M:%S")
        elif x < 0.99:
            s = f"{t.year}.{t.month}.{t.day} {t:%H:%M}"
        else:
            s = excel_serial(t)
    elif source == "platform":
        if x < 0.80:
            s = t.strftime("%Y-%m-%dT%H:%M:%S")
        elif x < 0.95:
            s = t.strftime("%Y-%m-%d %H:%M:%S")
        elif x < 0.98:
            s = excel_serial(t)
        else:
            s = t.strftime("%Y-%m-%dT%H:%M:%S+08:00")
    else:
        if x < 0.5:
            s = cn_date(t)
        elif x < 0.8:
            s = f"{t.year}.{t.month}.{t.day}"
        elif x < 0.95:
            s = f"{t.year}.{t.month}.{t.day} {t:%H:%M}"
        else:
            s = f"{t.year}/{t.month}/{t.day}"
        if rng.random() < 0.004:
            s = fullwidth_digits(s)
    return s


def fmt_amount(rng: random.Random, v: float | None, source: str) -> str:
    if v is None:
        return ""
    num = fmt_money(round(v, 2))
    comma = f"{v:,.2f}" if v >= 1000 and rng.random() < 0.5 else num
    x = rng.random()
    if source == "register":
        return f"{v:.2f}" if x < 0.6 else comma if x < 0.9 else f"{num}元"
    if source == "hotline":
        return f"{num}元" if x < 0.6 else num if x < 0.9 else f"人民币{comma}元"
    if source == "platform":
        return f"¥{v:.2f}" if x < 0.5 else f"￥{comma}" if x < 0.8 else f"{v:.2f}"
    return f"约{num}元" if x < 0.2 else f"{num}元" if x < 0.6 else num


def fmt_phone(rng: random.Random, phone: str, source: str) -> str:
    if not phone:
        return ""
    if len(phone) != 11:  # a landline or two numbers, written as given
        return phone
    if source == "platform" and rng.random() < 0.65:
        return f"{phone[:3]}****{phone[7:]}"
    x = rng.random()
    if source == "market":
        return f"{phone[:3]}-{phone[3:7]}-{phone[7:]}" if x < 0.4 else f"{phone[:3]} {phone[3:7]} {phone[7:]}" \
            if x < 0.5 else phone
    if x < 0.78:
        return phone
    if x < 0.86:
        return f"{phone[:3]} {phone[3:7]} {phone[7:]}"
    if x < 0.92:
        return f"{phone[:3]}-{phone[3:7]}-{phone[7:]}"
    if x < 0.96:
        return f"+86 {phone}"
    if x < 0.98:
        return f"0086{phone}"
    return f"+86-{phone[:3]}-{phone[3:7]}-{phone[7:]}"


def fmt_id(rng: random.Random, number: str, source: str) -> str:
    if not number:
        return ""
    keep = {"register": 0.85, "hotline": 0.2, "platform": 0.15, "market": 0.3}[source]
    if rng.random() > keep:
        return ""
    if source == "platform" and rng.random() < 0.5:
        return number[:4] + "*" * 10 + number[14:]
    x = rng.random()
    if x < 0.84:
        return number
    if x < 0.92:
        return f"{number[:6]} {number[6:14]} {number[14:]}"
    if x < 0.96:
        return number.lower() if number.endswith("X") else f"'{number}"
    return " ".join(number[i:i + 6] for i in range(0, 18, 6))


def fmt_name(rng: random.Random, row: dict) -> str:
    if row["name"] is not None:
        return row["name"]
    p: Person = row["person"]
    x = rng.random()
    src = row["source"]
    if src == "hotline" and x < 0.45:
        return p.honorific()
    if src == "platform" and x < 0.15:
        return rng.choice(HANDLES) + str(rng.randint(1, 99999))
    if src == "market" and x < 0.06:
        return "老" + p.surname
    if x > 0.985:
        return p.name[0] + " " + p.name[1:]
    return p.name


def fmt_address(rng: random.Random, row: dict) -> str:
    addr = row["address"] if row["address"] is not None else row["person"].address
    src = row["source"]
    if src == "hotline":
        x = rng.random()
        if x < 0.3:
            return ""
        if x < 0.55:
            return addr[:min(len(addr), 9)]
    if src == "market" and rng.random() < 0.5:
        return ""
    return addr


def photo_name(rng: random.Random, t: dt.datetime, cid: str, k: int) -> str:
    x = rng.random()
    t = t - dt.timedelta(minutes=rng.randint(5, 60 * 24 * 3))
    if x < 0.3:
        return f"IMG_{t:%Y%m%d_%H%M%S}.jpg"
    if x < 0.5:
        return f"mmexport{int(t.timestamp() * 1000) + rng.randint(0, 999)}.jpg"
    if x < 0.65:
        return f"微信图片_{t:%Y%m%d%H%M%S}.jpg"
    if x < 0.75:
        return f"Screenshot_{t:%Y-%m-%d-%H-%M-%S}.jpg"
    return f"{cid}_{k}.jpg"


# ---------------------------------------------------------------------------------------------------------------
# pictures

PALETTES = [(214, 69, 65), (52, 110, 180), (240, 200, 60), (60, 160, 90), (150, 90, 170), (240, 140, 40),
            (90, 90, 90), (200, 200, 210), (120, 70, 40), (30, 60, 110)]
SHAPE_BY_NAME = {p.name: p.shape for p in PRODUCTS}
_FONTS: dict[int, ImageFont.ImageFont] = {}


def font(size: int):
    if size not in _FONTS:
        try:
            _FONTS[size] = ImageFont.load_default(size=size)
        except (TypeError, OSError):
            _FONTS[size] = ImageFont.load_default()
    return _FONTS[size]


def _jit(rng: random.Random, c: tuple, d: int = 25) -> tuple:
    return tuple(max(0, min(255, v + rng.randint(-d, d))) for v in c)


def _draw_object(d: ImageDraw.ImageDraw, shape: str, krng: random.Random, s: int) -> None:
    c1, c2 = krng.choice(PALETTES), krng.choice(PALETTES)
    c = s // 2
    if shape == "fish":
        d.ellipse([s * 0.12, s * 0.35, s * 0.75, s * 0.65], fill=_jit(krng, (170, 175, 185)), outline=(60, 60, 70))
        d.polygon([(s * 0.72, c), (s * 0.92, s * 0.3), (s * 0.92, s * 0.7)], fill=(150, 150, 160))
        d.ellipse([s * 0.2, s * 0.44, s * 0.25, s * 0.49], fill=(10, 10, 10))
        for i in range(krng.randint(2, 5)):
            x = s * (0.3 + 0.08 * i)
            d.line([(x, s * 0.38), (x, s * 0.62)], fill=_jit(krng, (120, 120, 130)), width=2)
    elif shape == "crab":
        body = _jit(krng, (190, 80, 50), 30)
        d.ellipse([s * 0.25, s * 0.35, s * 0.75, s * 0.65], fill=body, outline=(90, 30, 20))
        for i in range(4):
            y = s * (0.4 + 0.06 * i)
            d.line([(s * 0.27, y), (s * 0.08, y + s * 0.08)], fill=body, width=3)
            d.line([(s * 0.73, y), (s * 0.92, y + s * 0.08)], fill=body, width=3)
        d.ellipse([s * 0.15, s * 0.2, s * 0.33, s * 0.35], fill=body)
        d.ellipse([s * 0.67, s * 0.2, s * 0.85, s * 0.35], fill=body)
    elif shape == "bottle":
        d.rectangle([s * 0.38, s * 0.12, s * 0.62, s * 0.22], fill=c2)
        d.rounded_rectangle([s * 0.3, s * 0.2, s * 0.7, s * 0.9], radius=s // 12, fill=c1, outline=(30, 30, 30))
        d.rectangle([s * 0.32, s * 0.45, s * 0.68, s * 0.68], fill=(245, 245, 240))
        d.text((s * 0.34, s * 0.5), krng.choice(["VITA", "OLIO", "VIN", "SUN", "PURE", "ROUGE"]), fill=c2,
               font=font(max(8, s // 14)))
    elif shape == "jar":
        d.rectangle([s * 0.25, s * 0.3, s * 0.75, s * 0.85], fill=c1, outline=(30, 30, 30))
        d.ellipse([s * 0.25, s * 0.22, s * 0.75, s * 0.38], fill=c2, outline=(30, 30, 30))
        d.rectangle([s * 0.3, s * 0.5, s * 0.7, s * 0.7], fill=(250, 250, 250))
        d.text((s * 0.33, s * 0.55), krng.choice(["MILK", "HONEY", "CREAM", "NUTRI"]), fill=c1,
               font=font(max(8, s // 14)))
    elif shape == "bag":
        d.polygon([(s * 0.2, s * 0.2), (s * 0.8, s * 0.18), (s * 0.84, s * 0.85), (s * 0.16, s * 0.86)], fill=c1,
                  outline=(40, 40, 40))
        d.ellipse([s * 0.35, s * 0.4, s * 0.65, s * 0.65], fill=c2)
        d.line([(s * 0.2, s * 0.26), (s * 0.8, s * 0.24)], fill=(250, 250, 250), width=2)
    elif shape == "device":
        d.rounded_rectangle([s * 0.2, s * 0.3, s * 0.8, s * 0.75], radius=s // 8, fill=c1, outline=(20, 20, 20))
        d.ellipse([s * 0.42, s * 0.45, s * 0.58, s * 0.6], fill=c2)
        d.rectangle([s * 0.3, s * 0.65, s * 0.7, s * 0.68], fill=(220, 220, 220))
    else:  # box
        d.polygon([(s * 0.2, s * 0.3), (s * 0.35, s * 0.18), (s * 0.85, s * 0.18), (s * 0.7, s * 0.3)],
                  fill=_jit(krng, c1, 30))
        d.polygon([(s * 0.7, s * 0.3), (s * 0.85, s * 0.18), (s * 0.85, s * 0.72), (s * 0.7, s * 0.85)],
                  fill=_jit(krng, c1, 50))
        d.rectangle([s * 0.2, s * 0.3, s * 0.7, s * 0.85], fill=c1, outline=(30, 30, 30))
        d.rectangle([s * 0.25, s * 0.45, s * 0.65, s * 0.6], fill=c2)
        d.text((s * 0.27, s * 0.48), krng.choice(["BEST", "GOLD", "PRO", "KIDS", "FRESH"]), fill=(255, 255, 255),
               font=font(max(8, s // 14)))


def _background(vrng: random.Random, w: int, h: int) -> Image.Image:
    base = np.array(vrng.choice([(230, 225, 215), (200, 170, 130), (240, 240, 240), (120, 130, 140), (180, 200, 220),
                                 (90, 70, 50), (215, 230, 215)]), dtype=np.float32)
    base = base + np.array([vrng.uniform(-20, 20) for _ in range(3)], dtype=np.float32)
    gy = np.linspace(-1, 1, h, dtype=np.float32)[:, None, None] * vrng.uniform(-30, 30)
    gx = np.linspace(-1, 1, w, dtype=np.float32)[None, :, None] * vrng.uniform(-30, 30)
    arr = np.clip(base + gx + gy, 0, 255).astype(np.uint8)
    img = Image.fromarray(arr, "RGB")
    d = ImageDraw.Draw(img)
    for _ in range(vrng.randint(0, 6)):
        y = vrng.randint(0, h)
        d.line([(0, y), (w, y + vrng.randint(-20, 20))], fill=_jit(vrng, tuple(int(v) for v in base), 30), width=1)
    return img


def render_base(spec: dict, seed: int) -> Image.Image:
    kind, key, variant = spec["kind"], spec["key"], spec["variant"]
    krng = random.Random(f"{seed}|look|{kind}|{key}")
    vrng = random.Random(f"{seed}|view|{kind}|{key}|{variant}")
    w, h = vrng.choice([(224, 224), (256, 192), (192, 256), (240, 240), (256, 256), (208, 256)])
    if kind in ("product", "label"):
        img = _background(vrng, w, h)
        s = int(min(w, h) * vrng.uniform(0.7, 1.0))
        layer = Image.new("RGBA", (s, s), (0, 0, 0, 0))
        d = ImageDraw.Draw(layer)
        if kind == "product":
            _draw_object(d, SHAPE_BY_NAME.get(key.split("|")[0], "box"), krng, s)
        else:
            d.rectangle([s * 0.05, s * 0.15, s * 0.95, s * 0.85], fill=_jit(krng, (245, 240, 225), 10),
                        outline=(40, 40, 40))
            for i in range(krng.randint(4, 7)):
                d.text((s * 0.1, s * (0.2 + 0.09 * i)), "".join(krng.choice("ABCDEFGHKLMNPRSTUVXYZ0123456789 ")
                                                               for _ in range(krng.randint(6, 14))),
                       fill=(20, 20, 20), font=font(max(8, s // 16)))
            for i in range(krng.randint(15, 30)):
                x = s * 0.55 + i * s * 0.012
                d.line([(x, s * 0.65), (x, s * 0.8)], fill=(0, 0, 0), width=krng.choice((1, 1, 2)))
        layer = layer.rotate(vrng.uniform(-30, 30), resample=Image.BILINEAR, expand=False)
        img.paste(layer, (vrng.randint(0, max(0, w - s)), vrng.randint(0, max(0, h - s))), layer)
    elif kind == "receipt":
        img = _background(vrng, w, h)
        paper = Image.new("RGB", (int(w * 0.6), int(h * 0.9)), _jit(vrng, (248, 248, 244), 6))
        d = ImageDraw.Draw(paper)
        pw, ph = paper.size
        for i in range(krng.randint(8, 14)):
            y = 8 + i * (ph - 16) // 14
            d.line([(6, y), (6 + krng.randint(pw // 3, pw - 12), y)], fill=(90, 90, 90), width=2)
            d.text((pw - 40, y - 6), f"{krng.randint(1, 999)}.{krng.randint(0, 99):02d}", fill=(40, 40, 40),
                   font=font(9))
        paper = paper.convert("RGBA").rotate(vrng.uniform(-8, 8), resample=Image.BILINEAR, expand=True)
        paper = paper.resize((min(w, paper.width), min(h, paper.height)))
        img.paste(paper, (vrng.randint(0, w // 5), 2), paper)
    elif kind == "injury":
        arr = np.zeros((h, w, 3), dtype=np.float32) + np.array(_jit(krng, (225, 180, 150), 15), dtype=np.float32)
        img = Image.fromarray(arr.astype(np.uint8), "RGB")
        d = ImageDraw.Draw(img)
        for _ in range(krng.randint(2, 4)):
            x, y, r = krng.randint(40, w - 60), krng.randint(40, h - 60), krng.randint(12, 40)
            d.ellipse([x, y, x + r * 1.6, y + r], fill=_jit(krng, (170, 40, 50), 20))
            d.line([(x, y + r // 2), (x + r * 2, y + r // 3)], fill=(120, 20, 30), width=3)
    else:  # foreign object in food
        img = _background(vrng, w, h)
        d = ImageDraw.Draw(img)
        cx, cy, r = w // 2, h // 2, min(w, h) // 2 - 10
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(250, 250, 250), outline=(150, 150, 150), width=3)
        d.ellipse([cx - r + 14, cy - r + 14, cx + r - 14, cy + r - 14], fill=_jit(krng, (200, 140, 60), 30))
        pts = [(cx + krng.randint(-30, 30), cy + krng.randint(-30, 30)) for _ in range(4)]
        d.polygon(pts, fill=(190, 230, 240), outline=(90, 120, 130))
    nrng = np.random.default_rng(vrng.randint(0, 2**32 - 1))
    arr = np.asarray(img, dtype=np.int16) + nrng.normal(0, vrng.uniform(2, 9), (img.height, img.width, 1)).astype(
        np.int16)
    light = vrng.uniform(0.85, 1.15)
    return Image.fromarray(np.clip(arr * light, 0, 255).astype(np.uint8), "RGB")


def apply_edit(img: Image.Image, op: str, param: int, seed: int) -> Image.Image:
    er = random.Random(f"{seed}|edit|{op}|{param}")
    w, h = img.size
    if op == "rot90":
        return img.transpose(Image.Transpose.ROTATE_90)
    if op == "rot180":
        return img.transpose(Image.Transpose.ROTATE_180)
    if op == "rot270":
        return img.transpose(Image.Transpose.ROTATE_270)
    if op == "mirror":
        return ImageOps.mirror(img)
    if op == "crop":
        f = er.uniform(0.7, 0.9)
        cw, ch = int(w * f), int(h * f)
        x, y = er.randint(0, w - cw), er.randint(0, h - ch)
        return img.crop((x, y, x + cw, y + ch)).resize((w, h))
    if op in ("screenshot", "chat"):
        canvas = Image.new("RGB", (w, h), (245, 245, 245) if op == "screenshot" else (235, 235, 235))
        d = ImageDraw.Draw(canvas)
        if op == "screenshot":
            d.rectangle([0, 0, w, 14], fill=(20, 20, 20))
            d.text((4, 1), f"{er.randint(8, 23)}:{er.randint(0, 59):02d}", fill=(255, 255, 255), font=font(10))
            d.rectangle([w - 24, 3, w - 6, 10], outline=(255, 255, 255))
            d.rectangle([0, h - 16, w, h], fill=(250, 250, 250))
            inner = img.resize((w - 8, h - 34))
            canvas.paste(inner, (4, 16))
        else:
            inner = img.resize((int(w * 0.72), int(h * 0.72)))
            x0 = 10 if er.random() < 0.5 else w - inner.width - 10
            d.rounded_rectangle([x0 - 5, 15, x0 + inner.width + 5, 25 + inner.height], radius=8, fill=(160, 230, 120),
                                outline=(120, 180, 90), width=2)
            canvas.paste(inner, (x0, 20))
            d.ellipse([w - 28 if x0 < w // 2 else 4, 6, w - 6 if x0 < w // 2 else 26, 28], fill=(100, 140, 200))
        return canvas
    if op == "recompress":
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=er.randint(15, 40))
        buf.seek(0)
        return Image.open(buf).convert("RGB")
    if op == "bright":
        return ImageEnhance.Brightness(img).enhance(er.uniform(0.65, 1.35))
    if op == "colour":
        out = ImageEnhance.Color(img).enhance(er.uniform(0.4, 1.6))
        r, g, b = out.split()
        shift = er.randint(-25, 25)
        return Image.merge("RGB", (r.point(lambda v: max(0, min(255, v + shift))), g, b))
    if op == "caption":
        out = img.copy()
        d = ImageDraw.Draw(out)
        d.text((er.randint(2, w // 2), er.randint(2, h - 14)), er.choice(["IMG", "@wx", "2024", "proof", "EVID"]) +
               str(er.randint(1, 99)), fill=er.choice([(255, 255, 255), (255, 0, 0), (0, 0, 0)]), font=font(11))
        return out
    return img


def render_file(path: Path, spec: dict, seed: int) -> None:
    img = render_base(spec, seed)
    for op, param in spec["edits"]:
        img = apply_edit(img, op, param, seed)
    if max(img.size) > 256:
        img.thumbnail((256, 256))
    q = random.Random(f"{seed}|q|{path.name}").randint(70, 92)
    img.save(path, "JPEG", quality=q)


# ---------------------------------------------------------------------------------------------------------------
# assembling


def background_rows(world: World, rng: random.Random, n: int) -> list[dict]:
    out: list[dict] = []
    while len(out) < n:
        p = world.person()
        for _ in range(2 if rng.random() < 0.07 else 1):
            r = basic_row(world, rng, person=p)
            style = {"hotline": "hotline", "platform": "platform", "market": "market"}.get(r["source"], "first")
            r["text"] = genuine_text(rng, r, style)
            if rng.random() < 0.02:
                r["text"] = to_trad(r["text"], rng, 0.9)
            if rng.random() < 0.03:
                r["text"] = fullwidth_digits(r["text"])
            x = rng.random()
            r["claim"] = r["amount"] if x < 0.45 else None if x < 0.9 else round(r["amount"] * rng.uniform(1.2, 2), 0)
            if rng.random() < 0.06:
                r["legal"] = rng.choice(LEGAL_PLAIN)
            x = rng.random()
            if x < 0.01:
                r["phone"] = f"0580-{rng.randint(2000000, 8999999)}"
            elif x < 0.015:
                r["phone"] = f"{p.phone}/{world.phone()}"
            r["evidence"] = product_photos(rng, r) if rng.random() < (0.08 if r["source"] == "hotline" else 0.45) \
                else []
            set_outcome(rng, r)
            out.append(r)
    return out[:n]


def _id_prefix(src: str, t: dt.datetime, rng: random.Random, seq: int) -> str:
    if src == "register":
        return f"1231533{t:%Y%m%d}{seq:05d}"
    if src == "hotline":
        return f"GD{t:%Y%m%d}{seq:05d}"
    if src == "platform":
        return f"DSP-{t:%y%m}{rng.randint(10**8, 10**9 - 1)}"
    return f"SC{t:%y}-{seq:04d}"


def generate(out_dir: Path, seed: int = 1, rows: int = 10000, pictures: bool = True) -> dict:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"seaport|{seed}")
    encoding = rng.choice(["utf-8", "utf-8-sig", "gb18030", "gbk"])
    newline = rng.choice(["\r\n", "\n"])
    world = World(rng)
    world.build_merchants(max(60, rows // 14))
    scale = rows / 10000
    planted: list[tuple[str, str, list[dict]]] = []
    for cat, table in (("schemes", SCHEMES), ("traps", TRAPS)):
        for kind, (fn, n) in table.items():
            for _ in range(max(1, round(n * scale))):
                planted.append((cat, kind, fn(world, rng)))
    # keep planted rows at most half the file (small files): drop repeated groups of the most common kinds
    while sum(len(g[2]) for g in planted) > rows // 2:
        counts: dict[str, int] = {}
        for g in planted:
            counts[g[1]] = counts.get(g[1], 0) + 1
        kind = max(counts, key=lambda k: (counts[k], k))
        if counts[kind] == 1:
            break
        planted.remove(next(g for g in reversed(planted) if g[1] == kind))
    all_rows: list[dict] = []
    truth: dict = {"generator": GENERATOR, "seed": seed, "rows": rows, "encoding": encoding, "schemes": {}, "traps": {}}
    counters = {"schemes": 0, "traps": 0}
    for cat, kind, grp in planted:
        counters[cat] += 1
        gid = f"{'S' if cat == 'schemes' else 'T'}{counters[cat]:03d}-{kind}"
        for r in grp:
            r["group"] = (cat, gid, kind)
        all_rows.extend(grp)
    all_rows = all_rows[:rows]
    all_rows.extend(background_rows(world, rng, rows - len(all_rows)))
    for r in all_rows:  # clamp the time window and keep purchase <= received <= closed
        lo, hi = START, START + dt.timedelta(days=DAYS + 30)
        r["received"] = min(max(r["received"], lo), hi)
        if r["purchase"] and r["purchase"] > r["received"].date():
            r["purchase"] = r["received"].date()
        if r["closed"] and r["closed"] < r["received"]:
            r["closed"] = r["received"] + dt.timedelta(hours=2)

    # complaint ids by source, in order received
    by_source: dict[str, list[dict]] = {s: [] for s in SOURCES}
    for r in all_rows:
        by_source[r["source"]].append(r)
    used: set[str] = set()
    for src, lst in by_source.items():
        lst.sort(key=lambda r: r["received"])
        seq = rng.randint(100, 900)
        for r in lst:
            seq += rng.choice((1, 1, 1, 2, 3))
            cid = _id_prefix(src, r["received"], rng, seq)
            while cid in used:
                cid += str(rng.randint(0, 9))
            used.add(cid)
            r["cid"] = cid
        for i in range(len(lst) - 1):  # a few entries typed in late
            if rng.random() < 0.01:
                lst[i], lst[i + 1] = lst[i + 1], lst[i]
    order = list(SOURCES)
    rng.shuffle(order)
    ordered = [r for s in order for r in by_source[s]]

    # cells
    photo_jobs: list[tuple[str, dict]] = []
    names_used: set[str] = set()
    reused: dict[str, str] = {}
    lines: list[list[str]] = []
    handlers = [f"{d[:2]}所-{world.person().name}" for d in DISTRICTS]
    for r in ordered:
        src = r["source"]
        m: Merchant = r["merchant"]
        files = []
        for k, spec in enumerate(r["evidence"], 1):
            if spec["kind"] in ("injury", "foreign") and spec["key"] in reused and rng.random() < 0.15:
                files.append(reused[spec["key"]])  # the very same file sent again
                continue
            name = photo_name(rng, r["received"], r["cid"], k)
            while name in names_used:
                name = name[:-4] + f"_{rng.randint(1, 99)}.jpg"
            names_used.add(name)
            photo_jobs.append((name, spec))
            files.append(name)
            if spec["kind"] in ("injury", "foreign"):
                reused.setdefault(spec["key"], name)
        sep = rng.choice([";", ";", "；", "，", ","]) if src != "platform" else ";"
        product = r["product"].name
        if src == "platform" and rng.random() < 0.5:
            product = f"【{rng.choice(['保税仓', '海外直邮', '跨境'])}】{r['product'].origin}{product}"
        merchant_name = rng.choice(m.aliases) if m.aliases and rng.random() < 0.15 else m.name
        uscc_keep = {"register": 0.85, "hotline": 0.3, "platform": 0.5, "market": 0.6}[src]
        text = r["text"]
        if rng.random() < 0.015 and r["group"] is None:
            text = to_trad(text, rng, 0.7)
        cells = {
            "source_system": SOURCE_LABEL[src],
            "complaint_id": r["cid"],
            "channel": r["channel"],
            "received_at": fmt_time(rng, r["received"], src, "received"),
            "complainant_name": fmt_name(rng, r),
            "complainant_phone": fmt_phone(rng, r["phone"] if r["phone"] is not None else r["person"].phone, src),
            "complainant_id_number": fmt_id(rng, r["id_number"] if r["id_number"] is not None
                                            else r["person"].id_number, src),
            "complainant_address": fmt_address(rng, r),
            "merchant_name": merchant_name,
            "merchant_uscc": m.uscc if rng.random() < uscc_keep else "",
            "product": product,
            "order_no": r["order_no"] or (str(rng.randint(10**15, 10**16 - 1)) if src == "platform" else ""),
            "purchase_date": fmt_time(rng, r["purchase"], src, "purchase"),
            "purchase_quantity": (str(r["qty"]) if rng.random() < 0.8 else f"{r['qty']}{r['product'].unit}")
            if src != "hotline" or rng.random() < 0.5 else "",
            "purchase_amount": fmt_amount(rng, r["amount"], src),
            "claim_amount": fmt_amount(rng, r["claim"], src),
            "legal_basis": r["legal"],
            "text": text,
            "evidence_files": sep.join(files),
            "handler": rng.choice(handlers) if src == "register" else f"话务员{rng.randint(1, 60):03d}"
            if src == "hotline" else f"客服{rng.randint(100, 999)}" if src == "platform" else "市场管理办",
            "outcome": r["outcome"],
            "compensation_amount": fmt_amount(rng, r["comp"], src),
            "closed_at": fmt_time(rng, r["closed"], src, "closed"),
            "remark": r["remark"],
        }
        line = [cells[c] for c in COLUMNS]
        if r["group"] is None and rng.random() < 0.0015:
            if rng.random() < 0.5:
                line = line[:-3]  # a row cut short
            else:
                i = COLUMNS.index("text")  # an unquoted comma split the text cell
                head, _, tail = line[i].partition("，")
                line = line[:i] + [head, tail] + line[i + 1:]
        lines.append(line)
        if r["group"] is not None:
            cat, gid, kind = r["group"]
            truth[cat].setdefault(gid, {"kind": kind, "complaint_ids": []})["complaint_ids"].append(r["cid"])

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=newline)
    writer.writerow(COLUMNS)
    writer.writerows(lines)
    data = buf.getvalue()
    if encoding == "gbk":
        data = data.replace("¥", "￥")
        data = data.encode("gbk", errors="replace").decode("gbk")
    (out_dir / "complaints.csv").write_bytes(data.encode(encoding))
    for cat in ("schemes", "traps"):
        truth[cat] = dict(sorted(truth[cat].items()))
    (out_dir / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    if pictures:
        ev = out_dir / "evidence"
        ev.mkdir(exist_ok=True)
        for name, spec in photo_jobs:
            render_file(ev / name, spec, seed)
    return truth


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Held-out complaint generator: a seaport city's merged exports.")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--no-pictures", action="store_true")
    args = ap.parse_args(argv)
    t = time.monotonic()
    truth = generate(args.out_dir, seed=args.seed, rows=args.rows, pictures=not args.no_pictures)
    n_s = sum(len(g["complaint_ids"]) for g in truth["schemes"].values())
    n_t = sum(len(g["complaint_ids"]) for g in truth["traps"].values())
    print(f"{args.out_dir}: {args.rows} rows ({truth['encoding']}), {len(truth['schemes'])} scheme groups / {n_s} ro"
          f"ws, "
          f"{len(truth['traps'])} trap groups / {n_t} rows, {time.monotonic() - t:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
