"""Held-out complaint generator "澜江" (Lanjiang): a south-western tourism and border-trade city.

The market-regulation bureau of the (invented) 澜江市 merges four exports into one CSV:

* the city's 12345 hotline work orders (operator transcripts, "来电人反映…", 承办单位, 回访满意度),
* the tourism complaint desk ledger (导游 / 旅行社 / 强制购物 / 景区门票 / 民宿; dates in 年月日 or Excel serials),
* the after-sales export of a live-streaming e-commerce base (nicknames, 19-digit order numbers, 仅退款, 运费险),
* the catering association's mediation log (外卖异物, 食物中毒, 堂食).

Fraudulent groups ("schemes") and genuine look-alike groups ("traps") are planted into ordinary background
complaints; ``truth.json`` lists them.  The CSV and truth file do not depend on ``pictures``: picture specs are
fixed while rows are made and drawn afterwards, each from its own seed.

CLI: ``python bench/heldout/gen_lanjiang.py OUT_DIR --seed N --rows N [--no-pictures]``
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from random import Random

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
    "tour_group_forced_shopping",
    "flash_sale_wrong_size",
    "festival_homestay_overbooking",
)

COLUMNS = (
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
)

HOTLINE, TOURISM, LIVE, FOOD = "12345热线工单", "旅游投诉台账", "直播电商售后", "餐饮协会调解"
SOURCES = (HOTLINE, TOURISM, LIVE, FOOD)
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")
START = datetime(2024, 1, 1, 8, 0)
END = datetime(2025, 11, 20, 20, 0)
MAX_SIDE = 256
EPOCH_BJ = datetime(1970, 1, 1, 8, 0)  # Unix epoch in Beijing time, so file names do not depend on the machine's TZ

# ----------------------------------------------------------------------------------------------- identifiers

_ID_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_W = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_W = (3, 7, 9, 10, 5, 8, 4, 2)


def id_check(body17: str) -> str:
    """GB 11643 check character for the first 17 digits."""
    return "10X98765432"[sum(int(c) * w for c, w in zip(body17, _ID_W, strict=True)) % 11]


def id_valid(idn: str) -> bool:
    s = idn.strip().upper()
    return len(s) == 18 and s[:17].isdigit() and id_check(s[:17]) == s[17]


def org_check(body8: str) -> str:
    """GB 11714 check character of the 9-character organisation code."""
    r = 11 - sum(_USCC_CHARS.index(c) * w for c, w in zip(body8, _ORG_W, strict=True)) % 11
    return {10: "X", 11: "0"}.get(r, str(r))


def uscc_check(body17: str) -> str:
    """GB 32100 check character for the first 17 characters."""
    r = 31 - sum(_USCC_CHARS.index(c) * w for c, w in zip(body17, _USCC_W, strict=True)) % 31
    return _USCC_CHARS[0 if r == 31 else r]


def uscc_valid(code: str) -> bool:
    s = code.strip().upper()
    return len(s) == 18 and all(c in _USCC_CHARS for c in s) and uscc_check(s[:17]) == s[17]


def luhn_check(body: str) -> str:
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(card: str) -> bool:
    s = "".join(c for c in card if c.isdigit())
    return len(s) >= 13 and luhn_check(s[:-1]) == s[-1]


# ----------------------------------------------------------------------------------------------- vocab

SURNAMES = list(
    "李王张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
SURNAMES += ["段", "字", "普", "刀", "岩", "者", "鲁", "和", "施", "李", "杨", "杨", "李", "张", "王"]
GIVEN_M = list("伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林斌云峰建国文志海")
GIVEN_F = list("芳娜敏静丽艳娟霞秀玲桂英萍红梅琳燕雪慧婷颖佳欣蕾莉倩洁月兰琴凤春晓菊")
DAI_M = ["岩温", "岩罕", "岩坎", "岩香", "岩应"]
DAI_F = ["玉香", "玉罕", "玉应", "玉叫", "玉波"]

LOCAL_DISTRICTS = [("古城区", "533202"), ("江南区", "533203"), ("边贸区", "533221"), ("新城区", "533204")]
STREETS = [
    "玉泉路",
    "银匠巷",
    "茶马古道",
    "四方街",
    "澜沧路",
    "凤鸣路",
    "边贸大道",
    "江滨路",
    "金孔雀路",
    "翡翠街",
    "兴旺路",
    "龙泉巷",
    "白塔路",
    "朝阳北路",
    "口岸路",
    "映山路",
    "彩云巷",
    "榕树街",
]
ESTATES = ["江景花园", "凤鸣小区", "金象苑", "澜湾国际", "边城印象", "锦绣家园", "茶园新村", "孔雀湖畔", "白塔公寓"]
OUTSIDE = [
    ("四川省成都市武侯区", "510107"),
    ("重庆市渝北区", "500112"),
    ("广东省深圳市南山区", "440305"),
    ("浙江省杭州市西湖区", "330106"),
    ("湖南省长沙市雨花区", "430111"),
    ("北京市朝阳区", "110105"),
    ("上海市浦东新区", "310115"),
    ("贵州省贵阳市云岩区", "520103"),
    ("河南省郑州市金水区", "410105"),
    ("江苏省南京市鼓楼区", "320106"),
    ("湖北省武汉市洪山区", "420111"),
    ("陕西省西安市雁塔区", "610113"),
    ("山东省济南市历下区", "370102"),
    ("广西壮族自治区南宁市青秀区", "450103"),
    ("福建省厦门市思明区", "350203"),
    ("安徽省合肥市蜀山区", "340104"),
    ("河北省石家庄市长安区", "130102"),
    ("辽宁省沈阳市和平区", "210102"),
    ("云南省昆明市五华区", "530102"),
    ("江西省南昌市东湖区", "360102"),
]
PREFIXES = [
    "139",
    "138",
    "137",
    "136",
    "135",
    "150",
    "151",
    "152",
    "158",
    "159",
    "182",
    "187",
    "188",
    "130",
    "131",
    "132",
    "155",
    "156",
    "185",
    "186",
    "133",
    "153",
    "180",
    "181",
    "189",
    "177",
    "173",
    "199",
    "166",
]
NICK_A = [
    "爱喝茶的",
    "小城",
    "暴躁",
    "佛系",
    "喜欢玉的",
    "流浪的",
    "吃货",
    "快乐",
    "江边",
    "不吃香菜的",
    "追光",
    "孔雀",
    "安静的",
    "夏天的",
    "努力的",
    "迷路的",
    "碎碎念",
    "淘宝达人",
    "在逃",
    "早睡",
]
NICK_B = [
    "阿娟",
    "小胖",
    "猫咪",
    "老杨",
    "大橙子",
    "茶姐",
    "木木",
    "阿飞",
    "小鱼",
    "团子",
    "宝妈",
    "老李",
    "桃子",
    "云朵",
    "阿星",
    "豆豆",
    "小王子",
    "布丁",
    "糖糖",
    "七七",
]

TRAD = dict(
    zip(
        "这个们来说为与对时间过还进会发没问题处应该让实现买卖钱单货质量银玉翡翠证书检测赔偿诉讼举报复议导游购物门票宿费"
        "网络请给关决长东车电话无头吃饭饮经营销价格产业后面务条执专业协调",
        "這個們來說為與對時間過還進會發沒問題處應該讓實現買賣錢單貨質量銀玉翡翠證書檢測賠償訴訟舉報復議導遊購物門票宿費"
        "網絡請給關決長東車電話無頭喫飯飲經營銷價格產業後麵務條執專業協調",
        strict=True,
    )
)
TYPOS = {
    "赔偿": "陪偿",
    "商家": "商加",
    "质量": "质亮",
    "已经": "以经",
    "投诉": "投述",
    "要求": "要球",
    "账户": "帐户",
    "消费者": "消废者",
    "再次": "在次",
    "希望": "希忘",
    "检测": "检侧",
    "处理": "处里",
}
EMPTY = ("", "/", "无", "-", "—", "NULL", "　")


def fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if ("0" <= c <= "9" or "A" <= c <= "Z" or "a" <= c <= "z") else c for c in s)


def to_trad(s: str, rng: Random, rate: float) -> str:
    return "".join(TRAD[c] if c in TRAD and rng.random() < rate else c for c in s)


_CN_DIG = "零一二三四五六七八九"


def cn_amount(v: float) -> str | None:
    """Colloquial Chinese amount for round numbers: 2500 -> 两千五, 12000 -> 一万二, 800 -> 八百."""
    v = int(round(v))
    if v <= 0 or v % 100 or v >= 100000:
        return None
    parts = []
    for unit, size in (("万", 10000), ("千", 1000), ("百", 100)):
        d = (v // size) % 10
        parts.append((d, unit))
    while parts and parts[0][0] == 0:
        parts.pop(0)
    while parts and parts[-1][0] == 0:
        parts.pop()
    if any(d == 0 for d, _ in parts):
        return None
    out = ""
    for i, (d, unit) in enumerate(parts):
        ch = "两" if d == 2 and i == 0 and unit in "万千" else _CN_DIG[d]
        out += ch if (i == len(parts) - 1 and i > 0) else ch + unit
    return out


# ----------------------------------------------------------------------------------------------- entities


@dataclass
class Person:
    name: str
    gender: str
    id_number: str
    phone: str
    address: str
    birth: date
    nick: str
    local: bool


@dataclass
class Merchant:
    name: str
    signboard: str
    uscc: str
    sector: str
    room: str = ""  # live room / anchor


# sector -> list of (product, price lo, price hi)
PRODUCTS = {
    "jade": [
        ("翡翠手镯", 1800, 38000),
        ("翡翠吊坠", 680, 8800),
        ("和田玉手串", 380, 3600),
        ("玉石摆件", 1200, 16000),
        ("翡翠戒面", 900, 12000),
    ],
    "tea": [
        ("普洱生茶饼357克", 88, 1280),
        ("普洱熟茶砖", 58, 460),
        ("滇红金芽", 68, 398),
        ("古树白茶", 128, 880),
        ("陈皮普洱小青柑", 39, 168),
    ],
    "silver": [("足银手镯", 280, 1680), ("银壶", 1800, 9800), ("苗银项圈", 360, 2200), ("银饰耳环", 88, 398)],
    "homestay": [("江景大床房", 268, 880), ("古城庭院套房", 388, 1680), ("家庭房两晚", 560, 2400)],
    "travel": [
        ("澜江古城三日游", 680, 2980),
        ("边境口岸一日游", 180, 598),
        ("雨林秘境二日游", 399, 1580),
        ("纯玩团四日游", 1280, 4680),
    ],
    "scenic": [
        ("雨林谷门票", 80, 160),
        ("澜江大峡谷观光车票", 40, 90),
        ("孔雀园联票", 120, 220),
        ("古城夜游船票", 60, 150),
    ],
    "live": [
        ("鲜花饼礼盒", 29, 89),
        ("野生菌干货", 39, 268),
        ("民族风连衣裙", 69, 259),
        ("傣锦手工包", 59, 199),
        ("咖啡豆500克", 45, 128),
        ("小粒咖啡挂耳", 19, 69),
        ("鲜切玫瑰", 29, 99),
        ("牛干巴", 36, 128),
    ],
    "restaurant": [("菌子火锅套餐", 168, 680), ("傣味烧烤", 88, 360), ("过桥米线", 28, 68), ("包间宴席", 880, 3600)],
    "takeaway": [
        ("黄焖鸡米饭", 18, 32),
        ("烤鱼外卖", 68, 138),
        ("奶茶两杯", 22, 46),
        ("酸汤米线", 16, 28),
        ("炸洋芋", 10, 22),
    ],
    "market": [
        ("进口椰子糖", 15, 45),
        ("泰国榴莲干", 39, 89),
        ("越南腰果", 45, 128),
        ("缅甸红糖", 12, 36),
        ("手机", 1299, 4599),
        ("进口香水", 199, 680),
    ],
}
SECTOR_WORDS = {
    "jade": (
        ["翡翠", "玉缘", "玉满堂", "宝玉", "金玉良缘", "玉之源", "缅翠"],
        ["珠宝玉器行", "玉器店", "珠宝有限公司"],
    ),
    "tea": (["茶马", "古树", "云茶", "普茗", "勐海", "老班章", "茶缘"], ["茶庄", "茶叶商行", "茶业有限公司"]),
    "silver": (["银匠", "鹤庆", "雪花银", "银器", "千足", "苗寨"], ["银器坊", "银饰店", "银器有限公司"]),
    "homestay": (["江畔", "半山", "云栖", "花间", "慢时光", "听风", "古巷"], ["民宿", "客栈", "精品酒店"]),
    "travel": (["澜江", "彩云", "孔雀", "边城", "途悦", "畅游"], ["国际旅行社有限公司", "旅行社有限公司"]),
    "scenic": (["雨林谷", "大峡谷", "孔雀园", "古城夜游", "野象谷"], ["旅游开发有限公司", "景区管理有限公司"]),
    "live": (
        ["滇味", "云品", "彩云优选", "山货", "傣家", "边贸优选", "小城好物"],
        ["电子商务有限公司", "网络科技有限公司", "直播间"],
    ),
    "restaurant": (["傣家", "老澜江", "菌王", "孔雀", "江边", "阿妹"], ["餐厅", "饭店", "餐饮管理有限公司"]),
    "takeaway": (["阿强", "好味道", "小城", "老街", "张记", "深夜"], ["外卖店", "快餐店", "小吃店"]),
    "market": (["边贸", "口岸", "东盟", "南亚", "金三角"], ["商贸有限公司", "进口商品超市", "特产店"]),
}
HOTLINE_HANDLERS = [
    "古城区市场监督管理局",
    "江南区市场监督管理局",
    "边贸区市场监管所",
    "新城区市场监督管理局",
    "澜江市文化和旅游局",
    "古城区市场监管局四方街所",
    "澜江市商务局",
]
TOUR_HANDLERS = ["市文旅局质监所", "古城景区管委会", "旅游警察大队", "市文旅局 质监科", "边贸区旅游服务中心"]
LIVE_HANDLERS = ["客服-小米粒", "客服0231", "售后专员 阿珂", "平台仲裁组", "客服-豆芽", "客服1187"]
FOOD_HANDLERS = ["调解员 杨建华", "调解员 段丽", "协会秘书处", "调解员 李国强", "古城区餐饮协会"]


class Gen:
    """Holds the random state, the entity pools, the rows and the picture specs of one run."""

    def __init__(self, seed: int, rows: int):
        self.seed = seed
        self.target_rows = rows
        self.rng = Random(seed * 7919 + 17)
        self.scale = max(0.2, min(1.0, rows / 10000))
        self.rows: list[dict] = []
        self.pics: list[dict] = []
        self.pic_names: set[str] = set()
        self.used_ids: set[str] = set()
        self.used_phones: set[str] = set()
        self.merchants: dict[str, list[Merchant]] = {}
        for sector in PRODUCTS:
            n = max(6, int({"live": 70, "takeaway": 60, "restaurant": 50}.get(sector, 35) * (0.4 + 0.6 * self.scale)))
            self.merchants[sector] = [self.new_merchant(sector) for _ in range(n)]

    # -- basic random helpers
    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def when(self, lo: datetime = START, hi: datetime = END) -> datetime:
        span = int((hi - lo).total_seconds())
        t = lo + timedelta(seconds=self.rng.randrange(max(1, span)))
        if t.hour < 7:
            t = t.replace(hour=self.rng.randint(8, 21))
        return t

    def size(self, lo: int, hi: int, big: bool = False) -> int:
        n = self.rng.randint(lo, hi)
        if big:
            n = max(3, int(n * max(0.3, self.scale)))
        return n

    # -- people
    def new_name(self, gender: str, surname: str | None = None) -> str:
        if surname is None and self.chance(0.04):
            return self.pick(DAI_M if gender == "M" else DAI_F) + ("" if self.chance(0.6) else self.pick("一二三"))
        s = surname or self.pick(SURNAMES)
        pool = GIVEN_M if gender == "M" else GIVEN_F
        g = self.pick(pool) + (self.pick(pool) if self.chance(0.7) else "")
        return s + g

    def new_id(self, region: str, birth: date, gender: str) -> str:
        while True:
            seq = self.rng.randrange(0, 500) * 2 + (1 if gender == "M" else 0)
            body = f"{region}{birth:%Y%m%d}{seq:03d}"
            idn = body + id_check(body)
            if idn not in self.used_ids:
                self.used_ids.add(idn)
                return idn

    def new_phone(self, prefix7: str | None = None) -> str:
        while True:
            p = (
                (prefix7 + f"{self.rng.randrange(10000):04d}")
                if prefix7
                else (self.pick(PREFIXES) + f"{self.rng.randrange(10**8):08d}")
            )
            if p not in self.used_phones:
                self.used_phones.add(p)
                return p

    def landline(self) -> str:
        return "0888-" + str(self.rng.randint(2100000, 8999999))

    def local_address(self, district: str | None = None) -> str:
        d = district or self.pick(LOCAL_DISTRICTS)[0]
        if self.chance(0.6):
            return (
                f"澜江市{d}{self.pick(STREETS)}{self.rng.randint(1, 300)}号{self.pick(ESTATES)}"
                f"{self.rng.randint(1, 18)}栋{self.rng.randint(1, 28)}{self.rng.randint(1, 4):02d}室"
            )
        return f"澜江市{d}{self.pick(STREETS)}{self.rng.randint(1, 300)}号"

    def new_person(
        self,
        local: bool | None = None,
        gender: str | None = None,
        age: tuple[int, int] = (19, 68),
        surname: str | None = None,
        region: str | None = None,
        address: str | None = None,
        phone: str | None = None,
    ) -> Person:
        if local is None:
            local = self.chance(0.55)
        gender = gender or self.pick("MF")
        if region is None:
            if local:
                district, region = self.pick(LOCAL_DISTRICTS)
                address = address or self.local_address(district)
            else:
                prov, region = self.pick(OUTSIDE)
                address = address or (
                    f"{prov}{self.pick(STREETS[:8]).replace('路', '街')}{self.rng.randint(1, 500)}号"
                    if self.chance(0.5)
                    else prov
                )
        address = address or self.local_address()
        year = 2025 - self.rng.randint(*age)
        birth = date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))
        nick = self.pick(NICK_A) + self.pick(NICK_B) + (str(self.rng.randint(1, 999)) if self.chance(0.4) else "")
        return Person(
            self.new_name(gender, surname),
            gender,
            self.new_id(region, birth, gender),
            phone or self.new_phone(),
            address,
            birth,
            nick,
            local,
        )

    def new_card(self) -> str:
        body = self.pick(["622202", "621700", "622848", "621226", "622588", "623668"]) + "".join(
            str(self.rng.randrange(10)) for _ in range(self.pick([10, 12]))
        )
        return body + luhn_check(body)

    # -- merchants
    def new_merchant(self, sector: str) -> Merchant:
        heads, tails = SECTOR_WORDS[sector]
        head = self.pick(heads) + self.pick(["", "", "坊", "轩", "阁", "记", "源", "堂"])
        place = self.pick(["澜江市", "澜江市古城区", "澜江", "澜江边贸区", ""])
        tail = self.pick(tails)
        if tail in ("直播间",):
            name = f"{head}{self.pick(['官方', '源头', '好物'])}直播间"
            legal = f"澜江{head}电子商务有限公司"
        else:
            legal = f"{place}{head}{tail}"
            name = legal
        sign = head + self.pick(["", "", "老店", "总店", "(古城店)", "二店"])
        kind = "92" if ("店" in tail or "行" in tail or "坊" in tail) else "91"
        region = self.pick(LOCAL_DISTRICTS)[1]
        org = "".join(self.pick(_USCC_CHARS[:10] if kind == "92" else _USCC_CHARS) for _ in range(8))
        body = kind + region + org + org_check(org)
        room = ""
        if sector == "live":
            room = self.pick(["小城好物", "阿妹带货", "云品严选", "山货老杨", "傣家小玉", "边贸姐姐"]) + str(
                self.rng.randint(1, 99)
            )
        return Merchant(name, sign, body + uscc_check(body), sector, room)

    def merchant(self, sector: str) -> Merchant:
        return self.pick(self.merchants[sector])

    # -- pictures
    def pic(
        self,
        kind: str,
        when: datetime,
        base: int | None = None,
        edits: tuple = (),
        params: dict | None = None,
        name: str | None = None,
    ) -> str:
        style = self.rng.randrange(6)
        ts = when + timedelta(minutes=self.rng.randint(-3000, 30))
        if name is None:
            if style == 0:
                name = f"IMG_{ts:%Y%m%d_%H%M%S}.jpg"
            elif style == 1:
                name = f"微信图片_{ts:%Y%m%d%H%M%S}.jpg"
            elif style == 2:
                name = f"mmexport{int((ts - EPOCH_BJ).total_seconds() * 1000) + self.rng.randrange(1000)}.jpg"
            elif style == 3:
                name = f"Screenshot_{ts:%Y-%m-%d-%H-%M-%S}.jpg"
            elif style == 4:
                name = f"{self.rng.getrandbits(64):016x}.jpg"
            else:
                name = f"证据{self.rng.randint(1, 9)}_{ts:%m%d}{self.rng.randrange(1000):03d}.jpg"
        stem = name[:-4]
        k = 1
        while name in self.pic_names:
            name = f"{stem}({k}).jpg"
            k += 1
        self.pic_names.add(name)
        self.pics.append(
            {
                "file": name,
                "kind": kind,
                "base": self.rng.getrandbits(31) if base is None else base,
                "seed": self.rng.getrandbits(31),
                "edits": list(edits),
                "params": params or {},
            }
        )
        return name

    def join_pics(self, names: list[str]) -> str:
        if not names:
            return self.pick(EMPTY[:4])
        return self.pick([";", "；", "，", ",", "; "]).join(names)

    # -- cell formatting
    def fmt_phone(self, phone: str, source: str, allow_mask: bool = True) -> str:
        if phone.startswith("0888"):
            return self.pick([phone, phone.replace("-", ""), "(0888)" + phone[5:], phone])
        r = self.rng.random()
        if source == LIVE and allow_mask and r < 0.12:
            return phone[:3] + "****" + phone[7:]
        if r < 0.55:
            return phone
        if r < 0.66:
            return "+86 " + phone
        if r < 0.76:
            return f"{phone[:3]}-{phone[3:7]}-{phone[7:]}"
        if r < 0.84:
            return f"{phone[:3]} {phone[3:7]} {phone[7:]}"
        if r < 0.9:
            return fullwidth(phone)
        if r < 0.95:
            return "86" + phone
        return phone + " "

    def fmt_id(self, idn: str | None, source: str) -> str:
        if not idn:
            return self.pick(EMPTY)
        if source == LIVE and self.chance(0.85):
            return self.pick(EMPTY)
        if source == HOTLINE and self.chance(0.45):
            return self.pick(EMPTY)
        r = self.rng.random()
        if idn.endswith("X") and r < 0.4:
            idn = idn[:-1] + "x"
        elif r < 0.08:
            idn = idn + " "
        elif r < 0.12:
            idn = "'" + idn
        elif r < 0.15:
            idn = fullwidth(idn)
        elif r < 0.19 and source == HOTLINE:
            idn = idn[:6] + "********" + idn[14:]
        return idn

    def fmt_amount(self, v: float | None, source: str) -> str:
        if v is None:
            return self.pick(EMPTY)
        r = self.rng.random()
        whole = abs(v - round(v)) < 1e-9
        if r < 0.3:
            return f"{v:.2f}" if not whole or self.chance(0.5) else str(int(round(v)))
        if r < 0.45:
            return f"￥{v:,.2f}"
        if r < 0.58:
            return f"{int(round(v))}元" if whole else f"{v:.2f}元"
        if r < 0.66 and v >= 10000:
            return f"{v / 10000:.1f}w".replace(".0w", "w") if self.chance(0.5) else f"{v / 10000:g}万"
        if r < 0.74:
            cn = cn_amount(v)
            if cn:
                return cn + self.pick(["", "元", "块"])
        if r < 0.8:
            return fullwidth(str(int(round(v)))) if whole else f"{v:.1f}"
        if r < 0.86 and source in (TOURISM, FOOD):
            return f"{v:,.0f}"
        if r < 0.9:
            return f"RMB{v:.0f}"
        return f"{v:g}"

    def fmt_dt(self, t: datetime | None, source: str, with_time: bool = True) -> str:
        if t is None:
            return self.pick(EMPTY)
        r = self.rng.random()
        if source == TOURISM:
            if r < 0.35:
                return f"{t.year}年{t.month}月{t.day}日"
            if r < 0.55:
                serial = (t - datetime(1899, 12, 30)).total_seconds() / 86400
                return f"{serial:.0f}" if not with_time or self.chance(0.5) else f"{serial:.5f}"
            if r < 0.75:
                return f"{t.month}/{t.day}/{t.year} {t:%H:%M}"
            return f"{t:%Y.%m.%d}"
        if source == LIVE:
            if r < 0.6:
                return f"{t:%Y-%m-%d %H:%M:%S}"
            if r < 0.85:
                return f"{t.month}/{t.day}/{t.year} {t:%H:%M}"
            return f"{t:%Y/%m/%d %H:%M}"
        if source == FOOD:
            if r < 0.5:
                return f"{t.year}年{t.month}月{t.day}日" + (f" {t:%H:%M}" if with_time and self.chance(0.4) else "")
            if r < 0.8:
                return f"{t:%Y-%m-%d}"
            return f"{t:%Y/%m/%d}"
        if r < 0.65:
            return f"{t:%Y-%m-%d %H:%M:%S}"
        if r < 0.85:
            return f"{t:%Y/%m/%d %H:%M}"
        if r < 0.93:
            return f"{t.year}年{t.month}月{t.day}日{t:%H:%M}"
        return f"{t.month}/{t.day}/{t.year} {t:%H:%M}"

    def fmt_short_date(self, d: datetime) -> str:
        return self.pick([f"{d.month}月{d.day}日", f"{d.month}月{d.day}号", f"{d:%Y年%m月%d日}", f"{d.month}.{d.day}"])

    def order_no(self, source: str, t: datetime) -> str:
        if source == LIVE:
            s = "".join(str(self.rng.randrange(10)) for _ in range(18))
            return self.pick(["3", "4", "6"]) + s
        if source == FOOD:
            return f"1{self.rng.randint(100, 999)}{t:%y%m%d}" + "".join(str(self.rng.randrange(10)) for _ in range(9))
        if source == TOURISM:
            return (
                f"LJ{t:%y%m%d}-{self.rng.randint(1, 40):02d}"
                if self.chance(0.6)
                else f"MP{t:%Y%m%d}{self.rng.randrange(99999):05d}"
            )
        return ""

    def fmt_order(self, no: str, source: str) -> str:
        if not no:
            return self.pick(EMPTY)
        if no.isdigit() and len(no) > 15 and self.chance(0.06):
            return f"{int(no[:6]) / 100000:.5f}E+{len(no) - 1}"
        if no.isdigit() and self.chance(0.05):
            return "'" + no
        return no

    # -- rows
    def row(
        self,
        source: str,
        t: datetime,
        person: Person,
        merchant: Merchant | None,
        product: str,
        qty: int | None,
        price: float | None,
        claim: float | None,
        basis: str,
        text: str,
        pics: list[str],
        outcome: str,
        comp: float | None,
        close_days: float | None,
        remark: str = "",
        *,
        name: str | None = None,
        phone: str | None = None,
        id_number: str | None = "",
        address: str | None = None,
        channel: str | None = None,
        order_no: str | None = None,
        merchant_name: str | None = None,
        uscc: str | None = None,
        purchase: datetime | None = None,
        handler: str | None = None,
        messy: float = 0.08,
    ) -> dict:
        if name is None:
            name = person.name
            if source == LIVE and self.chance(0.7):
                name = person.nick
            elif source == HOTLINE and self.chance(0.12):
                name = person.name[0] + ("先生" if person.gender == "M" else "女士")
        if source == LIVE and merchant is not None and merchant.room and self.chance(0.5):
            mname = merchant_name or f"{merchant.room}（{merchant.name}）"
        else:
            mname = merchant_name or (
                merchant.signboard
                if merchant and source == HOTLINE and self.chance(0.25)
                else (merchant.name if merchant else self.pick(EMPTY))
            )
        if uscc is None:
            if merchant is None or (source == HOTLINE and self.chance(0.35)) or (source == FOOD and self.chance(0.3)):
                uscc = self.pick(EMPTY)
            else:
                uscc = merchant.uscc if not self.chance(0.05) else merchant.uscc.lower()
        if channel is None:
            channel = self.pick(
                {
                    HOTLINE: [
                        "12345热线电话",
                        "12345热线电话",
                        "12345网站",
                        "12345微信公众号",
                        "市长信箱",
                        "12315转办",
                    ],
                    TOURISM: ["现场投诉", "电话", "旅游投诉小程序", "12301转办", "景区服务台"],
                    LIVE: ["APP售后", "APP售后", "客服热线", "平台仲裁", "在线客服"],
                    FOOD: ["来访", "电话", "美团转办", "饿了么转办", "12345转办"],
                }[source]
            )
        if order_no is None:
            order_no = self.order_no(source, t) if (source != HOTLINE or self.chance(0.15)) else ""
            if source == HOTLINE and order_no == "" and self.chance(0.15):
                order_no = self.order_no(LIVE, t)
        if purchase is None:
            purchase = t - timedelta(days=self.rng.randint(0, 20), hours=self.rng.randint(0, 10))
        if self.chance(messy):
            text = to_trad(text, self.rng, 0.5)
        if self.chance(messy / 2):
            text = "".join(fullwidth(c) if c.isdigit() else c for c in text)
        closed = None if close_days is None else t + timedelta(days=close_days, hours=self.rng.randint(0, 8))
        if handler is None:
            handler = self.pick(
                {HOTLINE: HOTLINE_HANDLERS, TOURISM: TOUR_HANDLERS, LIVE: LIVE_HANDLERS, FOOD: FOOD_HANDLERS}[source]
            )
        if not remark and source == HOTLINE:
            remark = self.pick(
                [
                    "回访满意度：满意",
                    "回访满意度：基本满意",
                    "回访满意度：不满意",
                    "未回访",
                    "满意",
                    "回访：基本满意",
                    "",
                ]
            )
        elif not remark:
            remark = self.pick(EMPTY) if self.chance(0.7) else self.pick(["已电话联系", "补充材料", "已回复", "见附件"])
        r = {
            "_source": source,
            "_t": t,
            "source_system": source,
            "complaint_id": "",
            "channel": channel,
            "received_at": self.fmt_dt(t, source),
            "complainant_name": name,
            "complainant_phone": self.fmt_phone(phone or person.phone, source),
            "complainant_id_number": self.fmt_id(person.id_number if id_number == "" else id_number, source),
            "complainant_address": (
                address
                if address is not None
                else (
                    person.address
                    if (source != LIVE or self.chance(0.5)) and not self.chance(0.1)
                    else self.pick(EMPTY)
                )
            ),
            "merchant_name": mname,
            "merchant_uscc": uscc,
            "product": product,
            "order_no": self.fmt_order(order_no, source),
            "purchase_date": self.fmt_dt(purchase, source, with_time=False) if self.chance(0.85) else self.pick(EMPTY),
            "purchase_quantity": (
                self.pick([str(qty), f"{qty}件", f"{qty}个", fullwidth(str(qty))])
                if qty is not None
                else self.pick(EMPTY)
            ),
            "purchase_amount": self.fmt_amount(price, source),
            "claim_amount": self.fmt_amount(claim, source),
            "legal_basis": basis or self.pick(EMPTY),
            "text": text,
            "evidence_files": self.join_pics(pics),
            "handler": handler,
            "outcome": outcome,
            "compensation_amount": self.fmt_amount(comp, source),
            "closed_at": self.fmt_dt(closed, source),
            "remark": remark,
        }
        self.rows.append(r)
        return r


# ----------------------------------------------------------------------------------------------- texts

ISSUES = {
    "jade": [
        "回酒店后扫码发现证书编号查询不到",
        "送检后鉴定为B货（酸洗充胶）",
        "店员口头承诺七天可退，现在拒绝退货",
        "手镯有明显裂纹，商家说是天然石纹",
        "店内标的“一折价”仍远高于市场价",
        "导游带去的店，价格严重虚高",
        "付款后才告知证书要另外加钱",
    ],
    "tea": [
        "茶饼打开后发霉有白点",
        "包装写古树茶，懂行的朋友说是台地茶",
        "包装上没有生产日期",
        "称重少了将近一两",
        "说好包邮到家，二十多天没发货",
        "老板说能降三高，喝了没用还拉肚子",
    ],
    "silver": [
        "戴了一周就发黑，怀疑不是足银",
        "实际克重和标签不符",
        "加工费事先没说，结账另收",
        "银壶底部有砂眼漏水",
        "同款在隔壁店便宜一半，怀疑以次充好",
    ],
    "homestay": [
        "房间和平台图片严重不符",
        "卫生间漏水，要求换房被拒",
        "到店才说房间超订了",
        "退房一周押金还没退",
        "节假日临时加价，不补差价不让入住",
        "空调坏了一晚没人修",
    ],
    "travel": [
        "导游强制购物，不买就甩脸色",
        "行程少去了一个景点",
        "导游在车上辱骂游客",
        "擅自把四星酒店换成快捷酒店",
        "提前七天取消行程，旅行社不退团费",
        "合同写纯玩团，实际进了三个购物店",
    ],
    "scenic": [
        "观光车票卖出后停运又不退",
        "门票含的项目又另外收费",
        "排队三个多小时没人疏导",
        "老年人优惠不给执行",
        "网上买的票到现场说无效",
    ],
    "live": [
        "收到的货和直播间讲的完全不一样",
        "申请7天无理由退货被拒",
        "主播说的赠品没发",
        "东西有很重的异味",
        "物流显示签收了但我没收到",
        "仅退款申请被商家驳回",
        "退货后运费险一直不理赔",
        "尺码和详情页不符",
    ],
    "restaurant": [
        "结账价格和菜单上不一样",
        "吃完回去上吐下泻",
        "菌子没煮熟，吃完头晕",
        "强收包间费和开瓶费",
        "菜里有一根头发",
        "服务员态度恶劣",
    ],
    "takeaway": [
        "外卖里吃出头发",
        "送到时汤全洒了",
        "少送了一份菜",
        "吃完半夜呕吐腹泻",
        "饭菜有馊味已经变质",
        "备注不要辣还是放了辣",
    ],
    "market": ["商品已过保质期", "进口食品没有中文标签", "买的手机是翻新机", "香水疑似假货", "价签和结账价格不一致"],
}
DEMANDS = [
    "要求退款",
    "要求退货退款",
    "要求商家赔偿",
    "请求核实处理",
    "希望相关部门查处",
    "要求换货",
    "要求商家给个说法",
    "要求退还差价",
]
OUTCOMES = {
    HOTLINE: ["已办结", "已办结", "部分解决", "诉求不合理", "无法联系", "撤诉", "转交属地", "不予受理", "已解决"],
    TOURISM: ["已调解", "已办结", "退款", "部分解决", "不予受理", "撤诉", "转交属地"],
    LIVE: ["已退款", "退货退款", "仅退款", "驳回", "撤销申请", "平台介入", "已补发"],
    FOOD: ["调解成功", "调解不成", "撤回", "转交属地", "已办结", "无法联系"],
}
PAID_OUTCOMES = {"已办结", "部分解决", "已解决", "已调解", "退款", "已退款", "退货退款", "仅退款", "调解成功"}
SOURCE_SECTORS = {
    HOTLINE: [
        "jade",
        "tea",
        "silver",
        "homestay",
        "travel",
        "scenic",
        "live",
        "restaurant",
        "takeaway",
        "market",
        "market",
        "live",
    ],
    TOURISM: ["jade", "jade", "tea", "silver", "homestay", "travel", "travel", "scenic"],
    LIVE: ["live"],
    FOOD: ["restaurant", "takeaway", "takeaway"],
}
PIC_KINDS = {
    "jade": "cert",
    "tea": "product",
    "silver": "product",
    "homestay": "room",
    "travel": "receipt",
    "scenic": "ticket",
    "live": "order",
    "restaurant": "food",
    "takeaway": "food",
    "market": "product",
}
HOTLINE_HEADS = [
    "来电人反映：",
    "市民来电反映：",
    "诉求人反映：",
    "来电人称，",
    "来电反映：",
    "市民通过12345网站反映：",
    "网民留言：",
    "来电人反映，",
]


def narrate(
    g: Gen, source: str, t: datetime, merchant_name: str, product: str, qty: int, price: float, issue: str, demand: str
) -> str:
    d = g.fmt_short_date(t)
    amount = f"{price:g}元" if g.chance(0.7) else (cn_amount(price) or f"{price:g}") + "块钱"
    if source == HOTLINE:
        who = g.pick(["其", "其于", "来电人", "他", "她"])
        body = f"{who}{d}在{merchant_name}购买{product}{qty}件，共{amount}，{issue}，{demand}。"
        return g.pick(HOTLINE_HEADS) + body + g.pick(["", "", "请相关部门处理。", "望尽快回复。", "来电人情绪激动。"])
    if source == TOURISM:
        return (
            g.pick(["游客投诉：", "投诉人称：", "", "游客现场反映："])
            + f"{d}在{merchant_name}消费{amount}（{product}），{issue}，{demand}。"
        )
    if source == LIVE:
        return (
            g.pick(["", "买家留言：", "【售后】"])
            + f"{d}在直播间拍的{product}，{issue}，{demand}"
            + g.pick(["", "！", "!!", "。", "，谢谢"])
        )
    return (
        g.pick(["当事人称，", "投诉人称：", "消费者反映："])
        + f"{d}在{merchant_name}点的{product}，花了{amount}，{issue}，{demand}。"
    )


def pick_demand(g: Gen, sector: str) -> str:
    if sector in ("homestay", "travel", "scenic", "restaurant", "takeaway"):
        return g.pick(
            ["要求退款", "要求商家赔偿", "请求核实处理", "希望相关部门查处", "要求商家给个说法", "要求退还差价"]
        )
    return g.pick(DEMANDS)


def background(
    g: Gen,
    person: Person | None = None,
    source: str | None = None,
    sector: str | None = None,
    t: datetime | None = None,
    **kw,
) -> dict:
    source = source or g.pick([HOTLINE] * 35 + [TOURISM] * 20 + [LIVE] * 30 + [FOOD] * 15)
    sector = sector or g.pick(SOURCE_SECTORS[source])
    if source == LIVE:
        sector = "live"
    person = person or g.new_person()
    t = t or g.when()
    m = g.merchant(sector)
    product, lo, hi = g.pick(PRODUCTS[sector])
    qty = 1 if g.chance(0.7) else g.rng.randint(2, 4)
    price = round(g.rng.uniform(lo, hi) * qty, g.pick([0, 0, 1, 2]))
    issue = g.pick(ISSUES[sector])
    if sector == "market":
        issue = g.pick(
            ISSUES[sector][2:4] if product in ("手机", "进口香水") else ISSUES[sector][:2] + ISSUES[sector][4:]
        )
    demand = pick_demand(g, sector)
    text = narrate(g, source, t, m.signboard if g.chance(0.6) else m.name, product, qty, price, issue, demand)
    outcome = g.pick(OUTCOMES[source])
    comp = None
    if outcome in PAID_OUTCOMES:
        comp = price if g.chance(0.6) else round(price * g.rng.uniform(0.2, 1.0))
    pics = []
    if g.chance(0.3):
        pics = [g.pic(PIC_KINDS[sector], t) for _ in range(g.pick([1, 1, 1, 2, 3]))]
    claim = price if g.chance(0.6) else (None if g.chance(0.5) else round(price * g.rng.uniform(1, 3)))
    return g.row(
        source, t, person, m, product, qty, price, claim, "", text, pics, outcome, comp, g.rng.uniform(0.5, 25), **kw
    )


# ----------------------------------------------------------------------------------------------- shared bits

FSL = [
    "《食品安全法》第一百四十八条",
    "食品安全法第148条",
    "《中华人民共和国食品安全法》第148条第二款",
    "食安法148条",
    "《食品安全法》第148条",
]
CPL = ["《消费者权益保护法》第五十五条", "消法第55条", "消费者权益保护法55条", "《消费者权益保护法》第55条第一款"]
THREATS = [
    "不赔就发抖音曝光",
    "已经联系了澜江电视台《民生关注》栏目",
    "我律师已经在准备律师函",
    "不给说法就发到小红书和微博",
    "今天下午五点前不处理就找媒体",
    "我朋友是做自媒体的，几十万粉丝",
    "再不处理直接起诉",
]
BANKS = ["工商银行", "农业银行", "建设银行", "中国银行", "邮储银行", "农村信用社"]


def obscure_digits(g: Gen, s: str, level: int) -> str:
    """Write a phone or card number the way people type it in free text."""
    choices = [
        s,
        " ".join(s[i : i + 4] for i in range(0, len(s), 4)),
        "-".join([s[:3], s[3:7], s[7:]]) if len(s) == 11 else "-".join(s[i : i + 4] for i in range(0, len(s), 4)),
        fullwidth(s),
    ]
    if level >= 1:
        choices += [
            fullwidth(" ".join(s[i : i + 4] for i in range(0, len(s), 4))),
            s[:3] + " " + s[3:],
            "".join(c + (" " if i % 3 == 2 else "") for i, c in enumerate(s)).strip(),
        ]
    if level >= 2:
        choices += [
            "".join(_CN_DIG[int(c)] if i >= len(s) - 4 else c for i, c in enumerate(s)),
            s[: len(s) // 2] + "（空格）" + s[len(s) // 2 :],
            ".".join(s[i : i + 4] for i in range(0, len(s), 4)),
        ]
    return g.pick(choices)


def addr_variant(g: Gen, addr: str) -> str:
    r = g.rng.random()
    if r < 0.3:
        return addr
    if r < 0.45:
        return addr.replace("澜江市", "")
    if r < 0.6:
        return addr.replace("栋", "幢").replace("室", "")
    if r < 0.72:
        return addr + g.pick(["（菜鸟驿站）", "(丰巢柜)", " 放门口", "（快递代收点）"])
    if r < 0.85:
        return "".join(_CN_DIG[int(c)] if c.isdigit() and g.chance(0.5) else c for c in addr)
    return fullwidth(addr)


def paraphrase(g: Gen, text: str, level: int) -> str:
    syn = {
        "购买": ["买了", "购入", "下单"],
        "要求": ["请求", "要", "强烈要求"],
        "赔偿": ["赔付", "补偿"],
        "商家": ["店家", "卖家", "老板"],
        "宣称": ["声称", "说"],
        "依法": ["依照法律", "按规定"],
        "发现": ["看到", "发觉"],
        "产品": ["商品", "东西"],
    }
    for k, vs in syn.items():
        if k in text and g.chance(0.25 + 0.2 * level):
            text = text.replace(k, g.pick(vs))
    for k, v in TYPOS.items():
        if k in text and g.chance(0.06 + 0.08 * level):
            text = text.replace(k, v, 1)
    if g.chance(0.15 + 0.15 * level):
        text = to_trad(text, g.rng, 0.3 + 0.3 * g.rng.random())
    if g.chance(0.1 + 0.1 * level):
        text = "".join(fullwidth(c) if c.isdigit() else c for c in text)
    if g.chance(0.2):
        text = text.replace("，", g.pick([",", " ", "，，"]), g.rng.randint(1, 3))
    return text


def edits_for(g: Gen, level: int) -> tuple:
    ops = ["rot90", "rot270", "mirror", "crop", "frame", "bright", "dark"]
    if level == 0 and g.chance(0.3):
        return ()
    n = g.rng.randint(1, 1 + level)
    return tuple(g.rng.sample(ops, n))


# ----------------------------------------------------------------------------------------------- schemes


def s_professional_claimant(g: Gen) -> None:
    stealth = g.rng.randrange(3)
    p = g.new_person(age=(26, 56))
    phones = [p.phone] + ([g.new_phone()] if stealth else [])
    goods = [
        ("普洱生茶饼", "无生产日期", "tea", 29, 68, "food"),
        ("进口椰子糖", "无中文标签", "market", 12, 35, "food"),
        ("鲜花饼礼盒", "已超过保质期", "live", 19, 49, "food"),
        ("野生菌干货", "标注“野生”无任何依据", "live", 39, 88, "food"),
        ("滇红茶", "标签宣称降血糖", "tea", 38, 98, "food"),
        ("泰国榴莲干", "无中文标签", "market", 29, 69, "food"),
        ("牛干巴", "未标注生产许可证编号", "live", 36, 78, "food"),
        ("足银手镯", "实测含银量不足925", "silver", 98, 260, "goods"),
        ("翡翠吊坠", "证书与实物不符", "jade", 180, 480, "goods"),
    ]
    specialty = g.rng.sample(goods, g.rng.randint(1, 3))
    t0 = g.when(START, END - timedelta(days=220))
    courts = ["澜江市古城区人民法院", "澜江市江南区人民法院", "澜江市中级人民法院"]
    for _ in range(g.size(4, 9)):
        prod, defect, sector, lo, hi, kind = g.pick(specialty)
        m = g.merchant(sector)
        qty = g.rng.randint(3, 24) if kind == "food" else g.rng.randint(1, 3)
        unit = round(g.rng.uniform(lo, hi), 1)
        amount = round(unit * qty, 2)
        if kind == "food":
            claim, basis = round(amount + max(1000, amount * 10), 2), g.pick(FSL)
            ask = g.pick(["退一赔十", "退还货款并支付价款十倍的赔偿金", "十倍赔偿"])
        else:
            claim, basis = round(amount + max(500, amount * 3), 2), g.pick(CPL)
            ask = g.pick(["退一赔三", "假一赔三", "退还货款并三倍赔偿"])
        t = t0 + timedelta(days=g.rng.randint(0, 200), hours=g.rng.randint(0, 9))
        buy = t - timedelta(days=g.rng.randint(1, 12))
        src = (
            LIVE
            if sector == "live" and g.chance(0.6)
            else (TOURISM if sector in ("jade", "silver") and g.chance(0.4) else HOTLINE)
        )
        d = g.fmt_short_date(buy)
        text = (
            f"本人于{d}在{m.name}购买{prod}{qty}件，共计{amount:g}元。经查看，该产品{defect}，"
            f"不符合食品安全标准。根据{basis}之规定，要求{ask}，合计{claim:g}元。"
        )
        if kind == "goods":
            text = text.replace("不符合食品安全标准", "商家构成欺诈")
        if src == HOTLINE:
            text = "来电人反映：" + text if g.chance(0.6) else text
        if stealth == 2:
            text = paraphrase(g, text, 1)
        name = p.name if stealth == 0 or g.chance(0.7) else p.name[0] + ("先生" if p.gender == "M" else "女士")
        addr = p.address if stealth < 2 else addr_variant(g, p.address)
        pics = [g.pic("product", t, params={"label": defect[:2]})] + ([g.pic("order", t)] if g.chance(0.5) else [])
        outcome = g.pick(["诉求不合理", "部分解决", "已办结", "不予受理"] if src == HOTLINE else OUTCOMES[src])
        comp = round(g.rng.uniform(200, 1000)) if outcome in PAID_OUTCOMES and g.chance(0.5) else None
        g.row(
            src,
            t,
            p,
            m,
            prod,
            qty,
            amount,
            claim,
            basis,
            text,
            pics,
            outcome,
            comp,
            g.rng.uniform(3, 20),
            name=None if src == LIVE else name,
            phone=g.pick(phones),
            address=addr,
            purchase=buy,
        )
        steps = [("举报", 0.75), ("复议", 0.45), ("诉讼", 0.5)]
        tt = t
        for step, prob in steps:
            if not g.chance(prob):
                break
            tt = tt + timedelta(days=g.rng.randint(6, 45), hours=g.rng.randint(0, 6))
            if step == "举报":
                txt = (
                    f"实名举报{m.name}（统一社会信用代码：{m.uscc}）销售{defect}的{prod}，请依法立案查处，"
                    f"并依据《市场监督管理投诉举报处理暂行办法》书面告知处理结果，申请举报奖励。"
                )
                outc = g.pick(["不予受理", "已办结", "转交属地", "诉求不合理"])
            elif step == "复议":
                txt = (
                    f"对{g.pick(HOTLINE_HANDLERS[:4])}就{m.signboard}销售{prod}一案作出的不予立案决定不服，已向"
                    f"澜江市人民政府申请行政复议，请求撤销原决定并责令重新处理。"
                )
                outc = g.pick(["已办结", "不予受理"])
            else:
                txt = f"已就{m.name}销售{prod}一事向{g.pick(courts)}提起诉讼，要求{ask}，请提供该案投诉处理材料。"
                outc = g.pick(["已办结", "诉求不合理", "转交属地"])
            if stealth == 2:
                txt = paraphrase(g, txt, 1)
            g.row(
                HOTLINE,
                tt,
                p,
                m,
                prod,
                qty,
                amount,
                claim,
                basis,
                txt,
                [],
                outc,
                None,
                g.rng.uniform(5, 30),
                name=name,
                phone=g.pick(phones),
                address=addr,
                purchase=buy,
                channel=g.pick(["12345网站", "信件", "来访", "12345热线电话"]),
                uscc=m.uscc,
                merchant_name=m.name,
            )


def s_identity_rotation(g: Gen) -> None:
    stealth = g.rng.randrange(3)
    op = g.new_person(age=(25, 50))
    region = op.id_number[:6]
    idents = [op]
    for _ in range(g.rng.randint(1, 2)):
        idents.append(
            g.new_person(
                local=op.local,
                surname=op.name[0] if g.chance(0.7) else None,
                region=region,
                address=op.address,
                age=(20, 75),
            )
        )
    for _ in range(g.rng.randint(1, 4)):
        idents.append(g.new_person(local=False, address=op.address))
    shared_phone = stealth == 0 or g.chance(0.5 - 0.2 * stealth)
    card = g.new_card()
    use_card = g.chance(0.5)
    quirk = g.pick(
        [
            "请尽快给我答复！！！",
            "望贵平台主持公道。。。",
            "我要的不多，只要个说法",
            "请不要敷衍了事！",
            "（此件已多次反映）",
        ]
    )
    scen = g.pick(["live", "jade", "takeaway"])
    prev_phone = op.phone
    t0 = g.when(START, END - timedelta(days=250))
    for i, ident in enumerate(idents):
        if i and shared_phone and g.chance(0.6):
            ident.phone = prev_phone
        prev_phone = ident.phone
        for _ in range(g.rng.randint(1, 3)):
            t = t0 + timedelta(days=g.rng.randint(0, 60 + 90 * stealth), hours=g.rng.randint(0, 12))
            if scen == "live":
                src, m = LIVE, g.merchant("live")
                prod, lo, hi = g.pick(PRODUCTS["live"])
                price = round(g.rng.uniform(lo, hi) * 2, 1)
                issue = g.pick(["收到时包装破损，东西全碎了", "快递只收到空盒子", "少发了两件", "商品发霉无法食用"])
                text = f"{g.fmt_short_date(t)}买的{prod}，{issue}，申请仅退款{price:g}元。"
                basis, claim = "", price
            elif scen == "jade":
                src, m = g.pick([TOURISM, HOTLINE]), g.merchant("jade")
                prod, lo, hi = g.pick(PRODUCTS["jade"][1:3])
                price = round(g.rng.uniform(lo, hi), -1)
                text = (
                    f"在{m.signboard}买的{prod}，附带的鉴定证书在NGTC官网查不到，属于假证书，商家欺诈，要求退一赔三。"
                )
                basis, claim = g.pick(CPL), price * 4
            else:
                src, m = FOOD, g.merchant("takeaway")
                prod, lo, hi = g.pick(PRODUCTS["takeaway"])
                price = round(g.rng.uniform(lo, hi), 1)
                thing = g.pick(["头发", "钢丝", "虫子", "塑料片"])
                text = f"点的{prod}里面有{thing}，吃了一半才发现，要求退款并赔偿500元。"
                basis, claim = "", 500 + price
            if use_card and g.chance(0.6):
                text += f"退款请打到{g.pick(BANKS)}卡{obscure_digits(g, card, stealth)}。"
            if g.chance(0.7 - 0.2 * stealth):
                text += quirk
            text = paraphrase(g, text, stealth)
            addr = ident.address if stealth == 0 else addr_variant(g, op.address)
            outcome = g.pick(OUTCOMES[src])
            comp = price if outcome in PAID_OUTCOMES else None
            pics = [g.pic({"live": "order", "jade": "cert", "takeaway": "food"}[scen], t)] if g.chance(0.6) else []
            g.row(
                src,
                t,
                ident,
                m,
                prod,
                1,
                price,
                claim,
                basis,
                text,
                pics,
                outcome,
                comp,
                g.rng.uniform(1, 12),
                address=addr,
            )


TEMPLATES = [
    (
        "live",
        ["辣木籽", "三七粉", "铁皮石斛粉", "苦荞茶", "玛卡片"],
        [
            ["我在{room}直播间购买了{prod}", "本人通过{room}直播间下单{prod}", "在{room}的直播里买了{prod}"],
            [
                "主播在直播中宣称该产品可以治疗糖尿病、降血压",
                "主播直播时说这个产品能降血糖降血压，还能治糖尿病",
                "直播间主播反复强调产品具有治疗三高的功效",
            ],
            [
                "该产品为普通食品，宣传疾病治疗功能属于虚假宣传",
                "普通食品宣称治疗功效，涉嫌虚假宣传",
                "这是普通食品却宣传治病，属于欺诈",
            ],
            [
                "根据《食品安全法》第一百四十八条，要求退一赔十",
                "依据食品安全法148条要求十倍赔偿",
                "要求按照食品安全法第148条退款并十倍赔偿",
            ],
            ["请贵局依法查处", "请监管部门严查", "希望贵局依法处理并书面答复"],
        ],
    ),
    (
        "jade",
        ["翡翠手镯", "翡翠吊坠", "翡翠戒面"],
        [
            [
                "{d}随旅游团在{merchant}购买{prod}",
                "{d}跟团旅游时被导游带到{merchant}，买了{prod}",
                "本人{d}在{merchant}购得{prod}",
            ],
            ["导游称该店是政府指定的扶贫店，保真", "店员说是A货天然翡翠，假一赔十", "销售人员保证是缅甸老坑天然翡翠"],
            ["回家后送检，结果为B+C货", "到检测中心鉴定是处理过的翡翠", "鉴定结论为充胶染色翡翠"],
            [
                "商家构成欺诈，依据《消费者权益保护法》第五十五条要求退一赔三",
                "按消法55条要求假一赔三",
                "要求退款并三倍赔偿",
            ],
            ["请予以处理", "望主管部门督促商家", "请依法处理"],
        ],
    ),
    (
        "market",
        ["泰国榴莲干", "越南腰果", "进口椰子糖", "缅甸红糖"],
        [
            [
                "{d}在{merchant}购买进口{prod}",
                "本人于{d}在{merchant}买了进口的{prod}",
                "在{merchant}购买了{prod}（进口）",
            ],
            ["该商品外包装没有中文标签", "产品无中文标签，也无进口商信息", "包装上全是外文，没有任何中文标识"],
            ["违反《食品安全法》第九十七条", "不符合食品安全法第97条的规定", "属于违法销售"],
            ["依据第一百四十八条要求十倍赔偿，不足一千元按一千元", "要求退一赔十，最低一千元", "要求按148条赔偿1000元"],
            ["请贵局立案调查", "请查处", "望尽快处理"],
        ],
    ),
    (
        "homestay",
        ["江景大床房", "古城庭院套房"],
        [
            ["{d}通过平台预订了{merchant}的{prod}", "我们{d}入住{merchant}，订的是{prod}", "{d}在{merchant}订了{prod}"],
            ["入住后发现房间有大量霉斑和蟑螂", "床单上有明显污渍，房间有霉味", "卫生极差，被子有虫"],
            ["身上起了很多红疙瘩，去医院看了皮肤科", "当晚全身过敏，花了医药费", "孩子被咬后皮肤红肿"],
            ["要求全额退款并赔偿医药费和精神损失费", "要求退房费并赔偿三千元", "要求商家赔偿各项损失"],
            ["否则将在网上曝光", "请文旅部门处理", "请依法处理"],
        ],
    ),
]


def s_template_ring(g: Gen) -> None:
    stealth = g.rng.randrange(3)
    sector, prods, clauses = g.pick(TEMPLATES)
    stock = g.rng.getrandbits(31) if g.chance(0.6) else None
    stock_kind = {"live": "product", "jade": "cert", "market": "product", "homestay": "injury"}[sector]
    t0 = g.when(START, END - timedelta(days=200))
    same_merchant = g.merchant(sector) if g.chance(0.35) else None
    district = g.pick(LOCAL_DISTRICTS)
    for _ in range(g.size(4, 9)):
        if stealth == 0 and g.chance(0.6):
            person = g.new_person(local=True, region=district[1], address=g.local_address(district[0]))
        else:
            person = g.new_person()
        for _ in range(1 if g.chance(0.6) else 2):
            m = same_merchant or g.merchant(sector)
            t = t0 + timedelta(days=g.rng.randint(0, 30 + 60 * stealth), hours=g.rng.randint(0, 12))
            prod = g.pick(prods)
            parts = [g.pick(c) for c in clauses]
            if g.chance(0.3 + 0.2 * stealth):
                parts[1], parts[2] = parts[2], parts[1]
            if stealth and g.chance(0.3):
                parts.pop(4)
            text = "，".join(parts) + "。"
            text = text.format(
                room=m.room or m.signboard,
                prod=prod,
                d=g.fmt_short_date(t - timedelta(days=5)),
                merchant=m.signboard if g.chance(0.5) else m.name,
            )
            text = paraphrase(g, text, stealth + 1)
            lo, hi = {"live": (59, 298), "jade": (1800, 16800), "market": (19, 68), "homestay": (288, 980)}[sector]
            price = round(g.rng.uniform(lo, hi), -1 if sector != "market" else 1)
            if sector in ("live", "market"):
                claim, basis = price + max(1000, 10 * price), g.pick(FSL)
            elif sector == "jade":
                claim, basis = price * 4, g.pick(CPL)
            else:
                claim, basis = price + 3000, ""
            src = {"live": LIVE, "jade": TOURISM, "market": HOTLINE, "homestay": TOURISM}[sector]
            if g.chance(0.25):
                src = HOTLINE
            pics = []
            if stock is not None and g.chance(0.75):
                pics.append(g.pic(stock_kind, t, base=stock, edits=("recompress",) if g.chance(0.5) else ()))
            elif g.chance(0.4):
                pics.append(g.pic(PIC_KINDS[sector], t))
            outcome = g.pick(OUTCOMES[src])
            comp = round(price * g.rng.uniform(0.5, 2)) if outcome in PAID_OUTCOMES else None
            g.row(
                src,
                t,
                person,
                m,
                prod,
                1,
                price,
                claim,
                basis,
                text,
                pics,
                outcome,
                comp,
                g.rng.uniform(2, 20),
                messy=0,
            )


def s_evidence_extortion(g: Gen) -> None:
    stealth = g.rng.randrange(3)
    p = g.new_person(age=(22, 48))
    alt = g.new_person(address=p.address) if stealth == 2 else None
    mode = g.pick(["food", "food", "injury"])
    base = g.rng.getrandbits(31)
    obj = g.pick(["钢丝球碎丝", "一只苍蝇", "一根长头发", "塑料碎片", "创可贴", "蟑螂"])
    t0 = g.when(START, END - timedelta(days=150))
    for _ in range(g.size(4, 8)):
        who = alt if (alt and g.chance(0.4)) else p
        t = t0 + timedelta(days=g.rng.randint(0, 40 + 50 * stealth), hours=g.rng.randint(0, 10))
        threat = g.pick(THREATS)
        if mode == "food":
            sector = g.pick(["takeaway", "restaurant"])
            m = g.merchant(sector)
            prod, lo, hi = g.pick(PRODUCTS[sector])
            price = round(g.rng.uniform(lo, hi), 1)
            claim = g.pick([3000, 5000, 8000, 10000, 20000, 6666])
            text = (
                f"在{m.signboard}{'点外卖' if sector == 'takeaway' else '吃饭'}，{prod}里吃出{obj}，"
                f"{g.pick(['已经拍照', '照片为证', '有图有真相'])}，现在肠胃不舒服。要求赔偿{claim}元，{threat}。"
            )
            src = g.pick([FOOD, FOOD, HOTLINE])
            pics = [g.pic("food", t, base=base, edits=edits_for(g, stealth), params={"obj": obj})]
            if g.chance(0.35):
                pics.append(g.pic("bill", t))
        else:
            sector = g.pick(["homestay", "scenic"])
            m = g.merchant(sector)
            prod, lo, hi = g.pick(PRODUCTS[sector])
            price = round(g.rng.uniform(lo, hi))
            claim = g.pick([5000, 8000, 12000, 20000, 30000])
            where = "房间的床板断裂" if sector == "homestay" else "栈道木板松动"
            text = (
                f"在{m.signboard}{where}，导致小腿被划伤流血，去医院缝了针。要求赔偿医药费、误工费、精神损失费共"
                f"{claim}元，{threat}。"
            )
            src = g.pick([TOURISM, TOURISM, HOTLINE])
            pics = [g.pic("injury", t, base=base, edits=edits_for(g, stealth)), g.pic("bill", t)]
        if stealth:
            text = paraphrase(g, text, stealth - 1)
        if src == HOTLINE:
            text = g.pick(HOTLINE_HEADS) + text
        outcome = g.pick(["调解成功", "调解不成", "撤回", "已办结"] if src != HOTLINE else OUTCOMES[HOTLINE])
        comp = g.pick([300, 500, 800, 1000, 1500, 2000]) if outcome in PAID_OUTCOMES else None
        g.row(src, t, who, m, prod, 1, price, claim, "", text, pics, outcome, comp, g.rng.uniform(1, 10))


def s_private_payment_withdrawal(g: Gen) -> None:
    stealth = g.rng.randrange(3)
    p = g.new_person(age=(24, 55))
    partner = g.new_person(address=p.address, local=p.local) if g.chance(0.35) else None
    t0 = g.when(START, END - timedelta(days=200))
    for _ in range(g.size(4, 8)):
        who = partner if partner and g.chance(0.4) else p
        src = g.pick([HOTLINE, TOURISM, FOOD, LIVE])
        sector = g.pick(SOURCE_SECTORS[src])
        m = g.merchant(sector)
        prod, lo, hi = g.pick(PRODUCTS[sector])
        price = round(g.rng.uniform(lo, min(hi, lo * 4)), 1)
        paid = max(800, round(price * g.rng.uniform(6, 40), -2))
        t = t0 + timedelta(days=g.rng.randint(0, 60 + 80 * stealth), hours=g.rng.randint(0, 10))
        issue = g.pick(ISSUES[sector])
        threat = (
            g.pick(
                [
                    "否则向媒体曝光",
                    "不解决就一直投诉",
                    "要求三倍赔偿",
                    "要求给个说法，不然天天来店门口",
                    "要求赔偿精神损失",
                ]
            )
            if g.chance(0.7)
            else ""
        )
        text = narrate(g, src, t, m.signboard, prod, 1, price, issue, g.pick(DEMANDS))
        if threat:
            text = text.rstrip("。！!") + "，" + threat + "。"
        if stealth:
            text = paraphrase(g, text, stealth - 1)
        withdraw = {HOTLINE: "撤诉", TOURISM: "撤诉", FOOD: "撤回", LIVE: "撤销申请"}[src]
        if stealth == 0:
            remark = g.pick(
                [
                    f"诉求人来电称商家已微信转账{paid:g}元，申请撤回",
                    f"双方私下协商，商家支付{paid:g}元，投诉人撤诉",
                    f"商家称已私下赔付{paid:g}元",
                ]
            )
            comp = paid
        elif stealth == 1:
            remark = g.pick(["双方自行和解，撤回投诉", "已私下协商解决", "投诉人主动撤诉"])
            comp = paid if g.chance(0.6) else None
        else:
            remark = g.pick(["撤诉", "已和解", "诉求人表示不再追究", ""])
            comp = paid if g.chance(0.3) else None
        g.row(
            src,
            t,
            who,
            m,
            prod,
            1,
            price,
            round(price * g.rng.uniform(3, 10)),
            "",
            text,
            [g.pic(PIC_KINDS[sector], t)] if g.chance(0.5) else [],
            withdraw,
            comp,
            g.rng.uniform(0.1, 3),
            remark=remark or g.pick(EMPTY),
        )


def s_low_and_slow_ring(g: Gen) -> None:
    stealth = g.rng.randrange(3)
    mode = g.pick(["phone", "card", "block"])
    coord = g.new_person(age=(28, 50))
    card = g.new_card()
    block = g.pick(["170", "171", "165", "167"]) + f"{g.rng.randrange(10000):04d}"
    t0 = g.when(START, START + timedelta(days=120))
    span = g.rng.randint(300, 640)
    for _ in range(g.size(6, 12)):
        phone = g.new_phone(block) if mode == "block" else None
        person = g.new_person(local=g.chance(0.15), phone=phone, age=(22, 60))
        for _ in range(1 if g.chance(0.7) else 2):
            t = t0 + timedelta(days=g.rng.randint(0, span), hours=g.rng.randint(0, 10))
            src = g.pick([HOTLINE, TOURISM, LIVE, FOOD])
            sector = g.pick(SOURCE_SECTORS[src])
            m = g.merchant(sector)
            prod, lo, hi = g.pick(PRODUCTS[sector])
            price = round(g.rng.uniform(lo, min(hi, lo * 3)), 1)
            text = narrate(
                g,
                src,
                t,
                m.signboard,
                prod,
                1,
                price,
                g.pick(ISSUES[sector]),
                g.pick(["要求赔偿", "要求三倍赔偿", "要求退款并赔偿损失"]),
            )
            if mode == "phone" or (mode == "block" and g.chance(0.2)):
                tie = g.pick(
                    [
                        f"如需核实请联系我朋友{coord.name[0]}先生{obscure_digits(g, coord.phone, stealth)}",
                        f"联系人电话：{obscure_digits(g, coord.phone, stealth)}",
                        f"本人不方便接电话，有事打{obscure_digits(g, coord.phone, stealth)}",
                        f"代理人{coord.name}，电话{obscure_digits(g, coord.phone, stealth)}",
                    ]
                )
                text = text.rstrip("。") + "。" + tie + "。"
            elif mode == "card":
                tie = g.pick(
                    [
                        f"赔偿款请转至{g.pick(BANKS)}卡号{obscure_digits(g, card, stealth)}（户名{coord.name}）",
                        f"钱打到这张卡：{obscure_digits(g, card, stealth)}",
                        f"收款账户{obscure_digits(g, card, stealth)} {g.pick(BANKS)}",
                    ]
                )
                text = text.rstrip("。") + "。" + tie + "。"
            claim = round(price * g.rng.uniform(3, 6) + g.pick([0, 500, 1000]))
            outcome = g.pick(OUTCOMES[src])
            comp = round(price * g.rng.uniform(1, 3)) if outcome in PAID_OUTCOMES else None
            g.row(
                src,
                t,
                person,
                m,
                prod,
                1,
                price,
                claim,
                g.pick(["", "", g.pick(CPL)]),
                text,
                [g.pic(PIC_KINDS[sector], t)] if g.chance(0.4) else [],
                outcome,
                comp,
                g.rng.uniform(1, 20),
            )


def s_split_purchase(g: Gen) -> None:
    stealth = g.rng.randrange(3)
    p = g.new_person(age=(24, 50))
    nicks = [p.nick] + ([g.pick(NICK_A) + g.pick(NICK_B)] if stealth else [])
    phones = [p.phone] + ([g.new_phone()] if stealth == 2 else [])
    m = g.merchant(g.pick(["live", "live", "market"]))
    prod, defect = g.pick(
        [
            ("鲜花饼礼盒", "已过保质期"),
            ("牛干巴", "标签未标注生产许可证编号"),
            ("野生菌干货", "无生产日期"),
            ("进口椰子糖", "无中文标签"),
            ("咖啡豆500克", "标签标注的生产日期晚于收货日期"),
        ]
    )
    unit = g.pick([9.9, 12.8, 15.9, 19.9, 29.9, 39.0])
    buy0 = g.when(START, END - timedelta(days=60))
    prefix = "".join(str(g.rng.randrange(10)) for _ in range(11))
    n = g.size(8, 20)
    seq = g.rng.randrange(10**7)
    for i in range(n):
        buy = buy0 + timedelta(days=g.rng.randint(0, stealth), minutes=i * g.rng.randint(1, 7))
        seq += g.rng.randint(1, 40 if stealth < 2 else 4000)
        order = "3" + prefix + f"{seq % 10**7:07d}"
        t = buy + timedelta(days=g.rng.randint(3, 9 + 8 * stealth), hours=g.rng.randint(0, 8))
        qty = 1 if g.chance(0.8) else 2
        amount = round(unit * qty, 2)
        src = LIVE if (m.sector == "live" and g.chance(0.8)) else HOTLINE
        text = (
            f"订单{order}，购买{prod}{qty}件，收货后发现{defect}。依据{g.pick(FSL)}，要求退还货款{amount:g}元"
            f"并支付赔偿金1000元（价款十倍不足一千元的按一千元计）。"
        )
        if stealth:
            text = paraphrase(g, text, stealth - 1)
        who = g.pick(nicks)
        outcome = g.pick(
            ["驳回", "平台介入", "已退款", "仅退款"] if src == LIVE else ["诉求不合理", "已办结", "转交属地"]
        )
        comp = amount if outcome in PAID_OUTCOMES else None
        g.row(
            src,
            t,
            p,
            m,
            prod,
            qty,
            amount,
            amount + 1000,
            g.pick(FSL),
            text,
            [g.pic("order", t)] if g.chance(0.5) else [],
            outcome,
            comp,
            g.rng.uniform(1, 10),
            name=who if src == LIVE else p.name,
            phone=g.pick(phones),
            order_no=order,
            purchase=buy,
        )


# ----------------------------------------------------------------------------------------------- traps


def t_contaminated_batch(g: Gen) -> None:
    sector = g.pick(["market", "live", "tea"])
    m = g.merchant(sector)
    prod = g.pick(
        {
            "market": ["缅甸红糖", "越南腰果", "泰国榴莲干"],
            "live": ["鲜花饼礼盒", "牛干巴", "野生菌干货"],
            "tea": ["普洱熟茶砖", "陈皮普洱小青柑"],
        }[sector]
    )
    lot = f"{g.rng.randint(2024, 2025)}{g.rng.randint(1, 12):02d}{g.rng.randint(1, 28):02d}{g.pick('ABC')}"
    notice = f"澜市监食召〔{g.rng.randint(2024, 2025)}〕{g.rng.randint(3, 40)}号"
    defect = g.pick(["霉菌超标", "检出异物", "菌落总数超标", "二氧化硫残留超标"])
    t0 = g.when(START, END - timedelta(days=30))
    base_price = round(g.rng.uniform(19, 89), 1)
    for _ in range(g.size(10, 35, big=True)):
        p = g.new_person()
        t = t0 + timedelta(days=g.rng.randint(0, 9), hours=g.rng.randint(0, 12))
        qty = g.rng.randint(1, 3)
        amount = round(base_price * qty, 2)
        src = g.pick([HOTLINE, HOTLINE, LIVE if sector == "live" else TOURISM, HOTLINE])
        quote = g.chance(0.4)
        if quote:
            text = (
                f"看到市场监管局发布的召回公告（{notice}），我买的{prod}正是批号{lot}的，{defect}，"
                f"家里还剩{qty}包没吃，要求退货退款。"
            )
            if g.chance(0.3):
                text += f"按{g.pick(FSL)}要求赔偿。"
        else:
            text = g.pick(
                [
                    f"买的{prod}打开有一股霉味，里面有白毛",
                    f"{prod}吃了以后孩子拉肚子，看包装批号是{lot}",
                    f"{prod}颜色不对，闻着发酸",
                    f"听邻居说{prod}这批有问题，我家买的也是这个批号",
                ]
            )
            text += "，" + g.pick(DEMANDS) + "。"
        if src == HOTLINE:
            text = g.pick(HOTLINE_HEADS) + text
        outcome = g.pick(["已办结", "已办结", "已退款" if src == LIVE else "已解决", "部分解决", "无法联系"])
        if src == TOURISM:
            outcome = g.pick(["已办结", "退款", "已调解"])
        comp = None
        if outcome in PAID_OUTCOMES:
            comp = amount if g.chance(0.6) else round(amount + 1000 if quote and g.chance(0.4) else amount * 2, 2)
        pics = [g.pic("product", t, params={"lot": lot, "close": 1}) for _ in range(g.pick([1, 1, 2]))]
        g.row(
            src,
            t,
            p,
            m,
            prod,
            qty,
            amount,
            amount if g.chance(0.7) else amount + 1000,
            g.pick(FSL) if "赔偿" in text and g.chance(0.6) else "",
            text,
            pics,
            outcome,
            comp,
            g.rng.uniform(1, 12),
        )


def t_household_shared_phone(g: Gen) -> None:
    head = g.new_person(local=True, age=(35, 60))
    region = head.id_number[:6]
    members = [
        head,
        g.new_person(
            local=True,
            region=region,
            address=head.address,
            phone=head.phone,
            age=(33, 60),
            gender="F" if head.gender == "M" else "M",
        ),
    ]
    for _ in range(g.rng.randint(0, 2)):
        members.append(
            g.new_person(
                local=True, region=region, address=head.address, phone=head.phone, surname=head.name[0], age=(18, 30)
            )
        )
    for mem in members:
        for _ in range(g.rng.randint(1, 2)):
            background(g, person=mem)


def t_dormitory(g: Gen) -> None:
    addr = g.pick(
        [
            f"澜江经济技术开发区{g.pick(['立讯', '鸿达', '澜电', '金象'])}电子厂员工宿舍{g.pick('ABCD')}栋",
            f"澜江职业技术学院学生公寓{g.rng.randint(1, 12)}栋",
            f"澜江边贸区{g.pick(['物流园', '冷链园'])}职工宿舍",
            f"澜江市第一人民医院规培生宿舍{g.rng.randint(1, 3)}号楼",
        ]
    )
    for _ in range(g.size(6, 15, big=True)):
        p = g.new_person(age=(18, 30))
        room = f"{g.rng.randint(1, 6)}{g.rng.randint(1, 30):02d}"
        a = addr + g.pick([f"{room}室", f"{room}", f"-{room}", ""])
        background(g, person=p, source=g.pick([LIVE, FOOD, HOTLINE, FOOD]), address=a)


def t_power_user(g: Gen) -> None:
    p = g.new_person(local=True, age=(25, 45))
    t0 = g.when(START, END - timedelta(days=300))
    for _ in range(g.size(10, 24, big=True)):
        t = t0 + timedelta(days=g.rng.randint(0, 300), hours=g.rng.randint(0, 12))
        background(g, person=p, t=t)


def t_volunteer_representative(g: Gen) -> None:
    station = g.pick(
        [
            f"{g.pick(['四方街', '凤鸣', '白塔', '江滨'])}社区消费维权志愿服务站",
            "澜江市消费者协会古城区分会",
            "边贸区消费维权联络站",
            "澜江老年协会维权小组",
        ]
    )
    phone = g.landline()
    rep = g.new_person(local=True, age=(45, 68))
    t0 = g.when(START, END - timedelta(days=120))
    for _ in range(g.size(6, 16, big=True)):
        mem = g.new_person(local=True, age=(30, 82), phone=phone)
        t = t0 + timedelta(days=g.rng.randint(0, 110), hours=g.rng.randint(0, 8))
        src = g.pick([HOTLINE, HOTLINE, TOURISM, FOOD])
        sector = g.pick(SOURCE_SECTORS[src])
        m = g.merchant(sector)
        prod, lo, hi = g.pick(PRODUCTS[sector])
        price = round(g.rng.uniform(lo, hi), 1)
        head = g.pick(
            [
                f"{station}受{mem.name}委托，代为投诉：",
                f"受{mem.name}委托代为投诉。",
                f"本站志愿者{rep.name}代{mem.name}投诉：",
            ]
        )
        text = head + narrate(g, src, t, m.signboard, prod, 1, price, g.pick(ISSUES[sector]), g.pick(DEMANDS))
        outcome = g.pick(OUTCOMES[src])
        comp = price if outcome in PAID_OUTCOMES else None
        g.row(
            src,
            t,
            mem,
            m,
            prod,
            1,
            price,
            price,
            "",
            text,
            [g.pic(PIC_KINDS[sector], t)] if g.chance(0.3) else [],
            outcome,
            comp,
            g.rng.uniform(2, 20),
            remark=f"代理人：{station} {rep.name}",
            phone=phone,
            address=g.pick([mem.address, station]),
        )


def t_elderly_by_child(g: Gen) -> None:
    child = g.new_person(age=(30, 50))
    parents = [g.new_person(local=child.local, surname=child.name[0], age=(68, 88), address=child.address)]
    if g.chance(0.5):
        parents.append(
            g.new_person(
                local=child.local, age=(66, 85), address=child.address, gender="F" if parents[0].gender == "M" else "M"
            )
        )
    t0 = g.when(START, END - timedelta(days=90))
    for par in parents:
        for _ in range(g.rng.randint(1, 3)):
            t = t0 + timedelta(days=g.rng.randint(0, 80), hours=g.rng.randint(0, 8))
            rel = (
                ("父亲" if par.gender == "M" else "母亲")
                if par.name[0] == child.name[0]
                else ("岳父" if par.gender == "M" else "岳母")
            )
            src, sector = g.pick([(HOTLINE, "tea"), (TOURISM, "jade"), (HOTLINE, "market"), (TOURISM, "travel")])
            m = g.merchant(sector)
            prod, lo, hi = g.pick(PRODUCTS[sector])
            price = round(g.rng.uniform(lo, hi), -1)
            text = (
                f"我{rel}{par.name}今年{2025 - par.birth.year}岁，{g.fmt_short_date(t - timedelta(days=3))}在"
                f"{m.signboard}被店员{g.pick(['连哄带骗', '一直推销', '说能治病'])}买了{prod}，花了{price:g}元，"
                f"老人不会用手机，我帮老人投诉，{g.pick(['要求退款', '希望能退货', '要求商家退钱'])}。"
            )
            if src == HOTLINE:
                text = "来电人反映：" + text.replace("我帮老人投诉", "其代老人投诉").replace("我", "其", 1)
            outcome = g.pick(OUTCOMES[src])
            g.row(
                src,
                t,
                par,
                m,
                prod,
                1,
                price,
                price,
                "",
                text,
                [],
                outcome,
                price if outcome in PAID_OUTCOMES else None,
                g.rng.uniform(2, 15),
                phone=child.phone,
            )


def t_lawyer_one_client(g: Gen) -> None:
    lawyer = g.new_person(local=True, age=(30, 55))
    firm = g.pick(["云岭", "澜沧", "正衡", "天平", "德衡"]) + "律师事务所"
    firm_phone = g.landline()
    client = g.new_person(age=(30, 65))
    t0 = g.when(START, END - timedelta(days=120))
    for _ in range(g.rng.randint(3, 6)):
        t = t0 + timedelta(days=g.rng.randint(0, 100), hours=g.rng.randint(0, 8))
        src, sector = g.pick([(TOURISM, "jade"), (HOTLINE, "jade"), (TOURISM, "travel"), (HOTLINE, "silver")])
        m = g.merchant(sector)
        prod, lo, hi = g.pick(PRODUCTS[sector])
        price = round(g.rng.uniform(max(lo, hi / 3), hi), -2)
        text = (
            f"{firm}{lawyer.name}律师受{client.name}委托，就其于{g.fmt_short_date(t - timedelta(days=20))}在"
            f"{m.name}购买{prod}（价款{price:g}元）一事投诉：{g.pick(ISSUES[sector])}，请求责令商家退款。"
        )
        outcome = g.pick(OUTCOMES[src])
        g.row(
            src,
            t,
            client,
            m,
            prod,
            1,
            price,
            price,
            g.pick(["", g.pick(CPL)]),
            text,
            [g.pic(PIC_KINDS[sector], t), g.pic("receipt", t)] if g.chance(0.6) else [],
            outcome,
            price if outcome in PAID_OUTCOMES else None,
            g.rng.uniform(5, 30),
            phone=firm_phone,
            remark=f"委托代理人：{firm} {lawyer.name}律师",
            address=g.pick([client.address, firm]),
        )


def t_duplicate_two_channels(g: Gen) -> None:
    p = g.new_person()
    t = g.when()
    first = background(g, person=p, source=g.pick([TOURISM, LIVE, FOOD]), t=t)
    t2 = t + timedelta(days=g.rng.randint(0, 5), hours=g.rng.randint(1, 20))
    text2 = g.pick(HOTLINE_HEADS) + first["text"].split("：", 1)[-1]
    g.row(
        HOTLINE,
        t2,
        p,
        None,
        first["product"],
        None,
        None,
        None,
        "",
        paraphrase(g, text2, 0),
        [],
        g.pick(["转交属地", "已办结", "撤诉"]),
        None,
        g.rng.uniform(1, 10),
        merchant_name=first["merchant_name"],
        remark=g.pick(["重复件", "", "已在其他渠道受理"]),
    )


def t_hotline_honorific(g: Gen) -> None:
    p = g.new_person(local=True)
    t0 = g.when(START, END - timedelta(days=200))
    for i in range(g.rng.randint(2, 4)):
        name = p.name if i % 2 == 0 else p.name[0] + ("先生" if p.gender == "M" else "女士")
        background(g, person=p, source=HOTLINE, t=t0 + timedelta(days=g.rng.randint(0, 200)), name=name)


def t_honest_law_citer(g: Gen) -> None:
    p = g.new_person()
    t = g.when()
    sector = g.pick(["market", "tea", "restaurant"])
    m = g.merchant(sector)
    prod, lo, hi = g.pick(PRODUCTS[sector][:3])
    price = round(g.rng.uniform(lo, min(hi, lo * 2)), 1)
    issue = g.pick(
        ["已经过期两个月了", "里面长了霉", "吃出一只虫子"]
        if sector != "restaurant"
        else ["里面有虫子", "肉已经变质发臭"]
    )
    text = (
        f"{g.fmt_short_date(t)}在{m.signboard}买了{prod}一份，{price:g}元，回家发现{issue}。"
        f"我查了一下，{g.pick(FSL)}规定可以要求十倍赔偿，不足一千按一千，所以要求退款并赔偿1000元。"
    )
    src = HOTLINE if sector != "restaurant" else FOOD
    outcome = g.pick(["已办结", "部分解决", "调解成功" if src == FOOD else "已解决"])
    g.row(
        src,
        t,
        p,
        m,
        prod,
        1,
        price,
        price + 1000,
        g.pick(FSL),
        text,
        [g.pic("product", t)] if g.chance(0.6) else [],
        outcome,
        g.pick([price, price + 1000, 500]),
        g.rng.uniform(3, 15),
    )
    for _ in range(g.rng.randint(0, 2)):
        background(g, person=p)


def t_refund_then_withdraw(g: Gen) -> None:
    p = g.new_person()
    for _ in range(g.rng.randint(1, 3)):
        src = g.pick([HOTLINE, TOURISM, FOOD, LIVE])
        r = background(g, person=p, source=src)
        price = r["purchase_amount"]
        r["outcome"] = {HOTLINE: "撤诉", TOURISM: "撤诉", FOOD: "撤回", LIVE: "撤销申请"}[src]
        r["compensation_amount"] = price
        r["remark"] = g.pick([f"商家已退款{price}，诉求人撤回", "已退款，撤诉", "商家全额退款后投诉人申请撤回"])


def t_similar_product_photos(g: Gen) -> None:
    sector = g.pick(["silver", "live", "tea", "jade"])
    m = g.merchant(sector)
    prod, lo, hi = g.pick(PRODUCTS[sector])
    shape = g.rng.randrange(4)
    price = round(g.rng.uniform(lo, hi), -1)
    t0 = g.when(START, END - timedelta(days=180))
    for _ in range(g.size(4, 8)):
        p = g.new_person()
        t = t0 + timedelta(days=g.rng.randint(0, 170))
        src = LIVE if sector == "live" else g.pick([TOURISM, HOTLINE])
        text = narrate(g, src, t, m.signboard, prod, 1, price, g.pick(ISSUES[sector]), g.pick(DEMANDS))
        outcome = g.pick(OUTCOMES[src])
        pics = [g.pic("product", t, params={"shape": shape, "same_product": 1}) for _ in range(g.pick([1, 2]))]
        g.row(
            src,
            t,
            p,
            m,
            prod,
            1,
            price,
            price,
            "",
            text,
            pics,
            outcome,
            price if outcome in PAID_OUTCOMES else None,
            g.rng.uniform(2, 20),
        )


def t_signboard_name(g: Gen) -> None:
    p = g.new_person()
    t = g.when(START, END - timedelta(days=40))
    first = background(g, person=p, source=HOTLINE, t=t, sector=g.pick(["jade", "tea", "silver", "restaurant"]))
    mname = first["merchant_name"]
    sign = mname
    for ms in g.merchants.values():
        for mm in ms:
            if mm.name == mname or mm.signboard == mname:
                sign = mm.signboard
    for _ in range(g.rng.randint(1, 2)):
        t = t + timedelta(days=g.rng.randint(5, 20))
        text = (
            g.pick(HOTLINE_HEADS)
            + g.pick(["之前反映过的问题至今没有解决，", "上次投诉后商家一直没联系，", "再次反映："])
            + first["text"].split("：", 1)[-1]
        )
        g.row(
            HOTLINE,
            t,
            p,
            None,
            first["product"],
            None,
            None,
            None,
            "",
            text,
            [],
            g.pick(OUTCOMES[HOTLINE]),
            None,
            g.rng.uniform(2, 10),
            merchant_name=sign,
            uscc=g.pick(EMPTY),
            name=first["complainant_name"],
        )


def t_tour_group_forced_shopping(g: Gen) -> None:
    agency = g.merchant("travel")
    shop = g.merchant("jade")
    prov, region = g.pick(OUTSIDE)
    t0 = g.when(START, END - timedelta(days=10))
    tour = f"LJ{t0 - timedelta(days=g.rng.randint(1, 3)):%y%m%d}-{g.rng.randint(1, 30):02d}"
    guide = g.new_name(g.pick("MF"))
    leader_phone = g.new_phone()
    for _ in range(g.size(15, 40, big=True)):
        p = g.new_person(local=False, region=region, address=prov if g.chance(0.5) else None, age=(40, 75))
        t = t0 + timedelta(days=g.rng.randint(0, 3), hours=g.rng.randint(0, 10))
        bought = g.chance(0.6)
        price = round(g.rng.uniform(2800, 38000), -2) if bought else round(g.rng.uniform(680, 1980), -1)
        facts = [
            f"团号{tour}",
            f"导游{guide[0]}{g.pick(['导', '姐', '哥'])}把全团带到{shop.signboard}",
            f"在店里关了两个多小时{g.pick(['不让走', '不买不让上车', '一直被推销'])}",
        ]
        g.rng.shuffle(facts)
        text = (
            "，".join(facts)
            + "，"
            + (
                f"我被迫买了{g.pick(PRODUCTS['jade'])[0]}，花了{price:g}元，要求退货。"
                if bought
                else "行程被严重耽误，要求旅行社赔偿。"
            )
        )
        text = paraphrase(g, text, 0)
        src = TOURISM if g.chance(0.8) else HOTLINE
        outcome = g.pick(["退款", "已调解", "部分解决", "已办结"] if src == TOURISM else ["已办结", "转交属地"])
        m = shop if bought else agency
        g.row(
            src,
            t,
            p,
            m,
            g.pick(PRODUCTS["jade"])[0] if bought else "澜江古城三日游",
            1,
            price,
            price,
            "",
            text,
            [g.pic("receipt", t)] if bought and g.chance(0.6) else [],
            outcome,
            price if outcome in PAID_OUTCOMES and bought else None,
            g.rng.uniform(1, 15),
            phone=leader_phone if g.chance(0.15) else None,
            order_no=tour,
        )


def t_flash_sale_wrong_size(g: Gen) -> None:
    m = g.merchant("live")
    prod = g.pick(["民族风连衣裙", "登山鞋", "傣族筒裙", "防晒冰丝衬衫"])
    price = g.pick([69.0, 89.9, 129.0, 159.0])
    t0 = g.when(START, END - timedelta(days=20))
    for _ in range(g.size(20, 70, big=True)):
        p = g.new_person()
        t = t0 + timedelta(days=g.rng.randint(2, 8), hours=g.rng.randint(0, 14))
        size = g.pick(["S", "M", "L", "XL", "37", "38", "39", "40"])
        text = g.pick(
            [
                f"{size}码偏小两个码，穿不上",
                "尺码不对，申请退货",
                f"买的{size}，发来的标签是{size}但实际小很多",
                "整批尺码有问题吧，评论区好多人都说小",
                "尺码严重不符 退货退款 运费险要理赔",
                "穿不了，退",
            ]
        )
        outcome = g.pick(["退货退款", "退货退款", "已退款", "平台介入"])
        g.row(
            LIVE,
            t,
            p,
            m,
            prod,
            1,
            price,
            price,
            "",
            text,
            [g.pic("order", t)] if g.chance(0.2) else [],
            outcome,
            price if outcome in PAID_OUTCOMES else None,
            g.rng.uniform(1, 7),
            purchase=t0,
            remark=g.pick(["运费险已理赔", "秒杀活动订单", "", "退货单号已填"]),
            messy=0.02,
        )


def t_festival_homestay_overbooking(g: Gen) -> None:
    m = g.merchant("homestay")
    fest = g.pick(["泼水节", "国庆", "五一", "春节", "火把节"])
    night = g.when(START, END - timedelta(days=5))
    for _ in range(g.size(4, 10)):
        p = g.new_person(local=False)
        t = night + timedelta(hours=g.rng.randint(0, 40))
        prod, lo, hi = g.pick(PRODUCTS["homestay"])
        price = round(g.rng.uniform(lo, hi) * 1.6, -1)
        text = (
            g.pick(
                [
                    f"{fest}期间预订了{m.signboard}，到店被告知超订没房，临时找不到住处",
                    f"已经付了{price:g}元房费，晚上十点到店老板说房间卖重了",
                    f"{fest}订的{prod}，到了才说没房，让我们去别家，差价也不补",
                ]
            )
            + "，"
            + pick_demand(g, "homestay")
            + "。"
        )
        outcome = g.pick(["已调解", "退款", "已办结"])
        g.row(
            TOURISM,
            t,
            p,
            m,
            prod,
            1,
            price,
            price * 2 if g.chance(0.4) else price,
            g.pick(["", g.pick(CPL)]),
            text,
            [g.pic("chat", t)] if g.chance(0.5) else [],
            outcome,
            price if g.chance(0.5) else round(price * 1.3),
            g.rng.uniform(0.2, 5),
        )


SCHEME_FNS = {
    "professional_claimant": s_professional_claimant,
    "identity_rotation": s_identity_rotation,
    "template_ring": s_template_ring,
    "evidence_extortion": s_evidence_extortion,
    "private_payment_withdrawal": s_private_payment_withdrawal,
    "low_and_slow_ring": s_low_and_slow_ring,
    "split_purchase": s_split_purchase,
}
TRAP_FNS = {
    "contaminated_batch": t_contaminated_batch,
    "household_shared_phone": t_household_shared_phone,
    "dormitory": t_dormitory,
    "power_user": t_power_user,
    "volunteer_representative": t_volunteer_representative,
    "elderly_by_child": t_elderly_by_child,
    "lawyer_one_client": t_lawyer_one_client,
    "duplicate_two_channels": t_duplicate_two_channels,
    "hotline_honorific": t_hotline_honorific,
    "honest_law_citer": t_honest_law_citer,
    "refund_then_withdraw": t_refund_then_withdraw,
    "similar_product_photos": t_similar_product_photos,
    "signboard_name": t_signboard_name,
    "tour_group_forced_shopping": t_tour_group_forced_shopping,
    "flash_sale_wrong_size": t_flash_sale_wrong_size,
    "festival_homestay_overbooking": t_festival_homestay_overbooking,
}


# ----------------------------------------------------------------------------------------------- pictures


def _rgb(r: Random, lo: int = 0, hi: int = 255) -> tuple[int, int, int]:
    return (r.randint(lo, hi), r.randint(lo, hi), r.randint(lo, hi))


def _text_lines(d, r: Random, x: int, y: int, w: int, n: int, step: int = 12, color=(90, 90, 90)) -> None:
    for i in range(n):
        d.rectangle([x, y + i * step, x + r.randint(w // 3, w), y + i * step + 4], fill=color)


def _phone(r: Random, w: int = 150, h: int = 256):
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (w, h), (245, 245, 245))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, w, 14], fill=(30, 30, 30))
    d.text((4, 2), f"{r.randint(8, 23)}:{r.randint(0, 59):02d}", fill=(255, 255, 255))
    d.rectangle([w - 22, 4, w - 6, 10], outline=(255, 255, 255))
    return img, d


def _draw(kind: str, base: Random, inst: Random, params: dict):
    import zlib

    from PIL import Image, ImageDraw

    if kind == "cert":
        img = Image.new("RGB", (240, 170), (250, 246, 232))
        d = ImageDraw.Draw(img)
        d.rectangle([0, 0, 240, 22], fill=_rgb(base, 20, 120))
        d.text((8, 6), base.choice(["NGTC", "YNJC", "GAC", "CMA"]) + " CERTIFICATE", fill=(255, 255, 255))
        g_ = (base.randint(20, 90), base.randint(120, 200), base.randint(60, 120))
        d.ellipse([14, 40, 94, 120], fill=g_, outline=(40, 80, 40), width=3)
        d.ellipse([34, 60, 74, 100], fill=(250, 246, 232))
        d.text((106, 36), f"No.{base.randint(10**8, 10**9 - 1)}", fill=(30, 30, 30))
        _text_lines(d, base, 106, 56, 120, 6)
        d.ellipse([170, 110, 226, 166], outline=(200, 30, 30), width=3)
        return img
    if kind in ("receipt", "bill"):
        w, h = (150, 240) if kind == "receipt" else (240, 180)
        img = Image.new("RGB", (w, h), (255, 255, 255))
        d = ImageDraw.Draw(img)
        d.rectangle([0, 0, w, 20], fill=(40, 90, 170) if kind == "bill" else (230, 230, 230))
        d.text((6, 5), "RECEIPT" if kind == "receipt" else "HOSPITAL INVOICE", fill=(0, 0, 0))
        rows = base.randint(4, 9)
        for i in range(rows):
            y = 28 + i * 16
            d.line([4, y + 13, w - 4, y + 13], fill=(200, 200, 200))
            _text_lines(d, base, 6, y + 3, w // 2, 1)
            d.text((w - 60, y + 1), f"{base.randint(10, 9999)}.{base.randint(0, 99):02d}", fill=(20, 20, 20))
        d.text((6, h - 24), f"TOTAL {base.randint(100, 39999)}.00", fill=(200, 0, 0))
        return img
    if kind == "ticket":
        img = Image.new("RGB", (240, 110), _rgb(base, 120, 240))
        d = ImageDraw.Draw(img)
        d.text((10, 10), "LANJIANG SCENIC AREA", fill=(0, 0, 0))
        for i in range(40):
            x = 10 + i * 5
            d.rectangle([x, 70, x + base.randint(1, 3), 100], fill=(0, 0, 0))
        return img
    if kind == "order":
        img, d = _phone(base)
        d.rectangle([8, 24, 58, 74], fill=_rgb(base, 60, 220))
        _text_lines(d, base, 64, 28, 80, 3)
        d.text((64, 64), f"Y{base.randint(9, 399)}.{base.choice(['00', '90', '80'])}", fill=(220, 30, 30))
        d.text((8, 86), f"{base.randint(10**17, 10**18 - 1)}", fill=(60, 60, 60))
        _text_lines(d, base, 8, 104, 130, 8, 14, (150, 150, 150))
        d.rectangle([0, 230, 150, 256], fill=(255, 80, 40))
        return img
    if kind == "chat":
        img, d = _phone(base)
        y = 22
        while y < 240:
            right = base.random() < 0.5
            bw, bh = base.randint(40, 110), base.randint(14, 34)
            x0 = 150 - bw - 8 if right else 8
            d.rectangle(
                [x0, y, x0 + bw, y + bh], fill=(150, 230, 110) if right else (255, 255, 255), outline=(210, 210, 210)
            )
            y += bh + 8
        return img
    if kind == "room":
        img = Image.new("RGB", (240, 180), _rgb(base, 170, 240))
        d = ImageDraw.Draw(img)
        d.rectangle([20, 20, 100, 80], fill=(170, 210, 240), outline=(90, 90, 90), width=3)
        d.rectangle([60, 110, 220, 170], fill=(245, 245, 245), outline=(120, 100, 80), width=4)
        for _ in range(base.randint(0, 6)):
            x, y = base.randint(0, 230), base.randint(0, 170)
            d.ellipse([x, y, x + base.randint(3, 14), y + base.randint(3, 10)], fill=(80, 70, 50))
        return img
    if kind == "product":
        key = params.get("lot") or (f"shape{params.get('shape')}" if "shape" in params else None)
        c = Random(zlib.crc32(key.encode())) if key else base
        var = inst if key else base
        img = Image.new("RGB", (240, 200), _rgb(var, 150, 250))
        d = ImageDraw.Draw(img)
        dx, dy = var.randint(-25, 25), var.randint(-20, 20)
        color = _rgb(c, 30, 230)
        shape = c.randrange(4)
        if shape == 0:
            d.rectangle([60 + dx, 40 + dy, 180 + dx, 170 + dy], fill=color, outline=(20, 20, 20), width=2)
            d.rectangle([60 + dx, 90 + dy, 180 + dx, 120 + dy], fill=(250, 250, 250))
        elif shape == 1:
            d.ellipse([60 + dx, 50 + dy, 180 + dx, 170 + dy], outline=color, width=14)
        elif shape == 2:
            d.rectangle([95 + dx, 30 + dy, 145 + dx, 180 + dy], fill=color)
            d.rectangle([95 + dx, 90 + dy, 145 + dx, 130 + dy], fill=(255, 255, 240))
        else:
            d.ellipse([50 + dx, 40 + dy, 190 + dx, 180 + dy], fill=color, outline=(90, 60, 30), width=3)
        label = params.get("lot") or params.get("label") and "LOT" or f"{c.randint(1000, 9999)}"
        d.text((100 + dx, 100 + dy), str(label)[:12], fill=(0, 0, 0))
        if params.get("close"):
            for _ in range(var.randint(3, 9)):
                x, y = var.randint(60, 180), var.randint(40, 170)
                d.ellipse([x, y, x + 6, y + 6], fill=(235, 235, 225))
        return img
    if kind == "food":
        img = Image.new("RGB", (240, 200), _rgb(base, 90, 170))
        d = ImageDraw.Draw(img)
        d.ellipse([20, 20, 220, 185], fill=(245, 245, 240), outline=(200, 200, 200), width=3)
        for _ in range(base.randint(20, 45)):
            x, y = base.randint(45, 185), base.randint(40, 155)
            s = base.randint(6, 22)
            d.ellipse([x, y, x + s, y + s * 0.7], fill=_rgb(base, 60, 220))
        obj = params.get("obj", base.choice(["头发", "苍蝇", "塑料", "钢丝", ""]))
        if "头发" in obj:
            pts = [(base.randint(60, 180), base.randint(50, 150)) for _ in range(5)]
            d.line(pts, fill=(15, 10, 10), width=2)
        elif "苍蝇" in obj or "蟑螂" in obj:
            x, y = base.randint(80, 150), base.randint(70, 130)
            d.ellipse([x, y, x + 16, y + 10], fill=(20, 15, 10))
            d.ellipse([x - 6, y - 6, x + 6, y + 2], fill=(180, 180, 190))
        elif "钢丝" in obj:
            x, y = base.randint(70, 150), base.randint(60, 130)
            d.line([(x + i * 4, y + (6 if i % 2 else 0)) for i in range(10)], fill=(160, 160, 170), width=1)
        elif obj:
            x, y = base.randint(70, 160), base.randint(60, 140)
            d.polygon([(x, y), (x + 18, y + 4), (x + 10, y + 16)], fill=(230, 240, 250), outline=(120, 140, 160))
        return img
    # injury
    img = Image.new("RGB", (220, 220), (base.randint(200, 235), base.randint(160, 190), base.randint(130, 160)))
    d = ImageDraw.Draw(img)
    x, y = base.randint(40, 90), base.randint(60, 140)
    d.line([(x, y), (x + base.randint(50, 110), y + base.randint(-30, 30))], fill=(170, 20, 20), width=5)
    for _ in range(base.randint(3, 10)):
        px, py = x + base.randint(0, 100), y + base.randint(-20, 20)
        d.ellipse([px, py, px + 4, py + 4], fill=(120, 10, 10))
    return img


def _edit(img, op: str, r: Random):
    from PIL import Image, ImageEnhance, ImageOps

    if op == "rot90":
        return img.transpose(Image.Transpose.ROTATE_90)
    if op == "rot270":
        return img.transpose(Image.Transpose.ROTATE_270)
    if op == "mirror":
        return ImageOps.mirror(img)
    if op == "crop":
        w, h = img.size
        f = r.uniform(0.65, 0.9)
        cw, ch = int(w * f), int(h * f)
        x, y = r.randint(0, w - cw), r.randint(0, h - ch)
        return img.crop((x, y, x + cw, y + ch))
    if op == "frame":
        frame, _ = _phone(r, 170, 256)
        im = img.copy()
        im.thumbnail((160, 200))
        frame.paste(im, ((170 - im.size[0]) // 2, 30))
        return frame
    if op == "bright":
        return ImageEnhance.Brightness(img).enhance(r.uniform(1.25, 1.5))
    if op == "dark":
        return ImageEnhance.Brightness(img).enhance(r.uniform(0.55, 0.8))
    return img


def draw_picture(spec: dict, path: Path) -> None:
    import numpy as np
    from PIL import Image

    base, inst = Random(spec["base"]), Random(spec["seed"])
    img = _draw(spec["kind"], base, inst, spec["params"])
    if spec["kind"] in ("food", "injury", "product", "room"):
        arr = np.asarray(img, dtype=np.int16)
        noise = np.random.default_rng(spec["base"]).integers(-6, 7, size=arr.shape, dtype=np.int16)
        img = Image.fromarray(np.clip(arr + noise, 0, 255).astype(np.uint8))
    for op in spec["edits"]:
        img = _edit(img, op, inst)
    img.thumbnail((MAX_SIDE, MAX_SIDE))
    quality = inst.randint(62, 90) if "recompress" in spec["edits"] else 85
    img.save(path, "JPEG", quality=quality)


# ----------------------------------------------------------------------------------------------- driver


def _plan(g: Gen, fns: dict, target: float, min_groups: int, cap_min: float, cap: float) -> list:
    groups: list[tuple[str, list[dict]]] = []
    counts = dict.fromkeys(fns, 0)
    total = 0

    def attempt(kind: str, limit: float) -> bool:
        nonlocal total
        n_rows, n_pics = len(g.rows), len(g.pics)
        fns[kind](g)
        new = g.rows[n_rows:]
        if total + len(new) > limit:
            for spec in g.pics[n_pics:]:
                g.pic_names.discard(spec["file"])
            del g.rows[n_rows:]
            del g.pics[n_pics:]
            return False
        total += len(new)
        counts[kind] += 1
        groups.append((kind, new))
        return True

    for _ in range(min_groups):
        for kind in fns:
            attempt(kind, cap_min)
    misses = 0
    while total < target and misses < 12:
        least = min(counts.values())
        kind = g.pick([k for k in fns if counts[k] <= least])
        if not attempt(kind, max(cap, total)):
            misses += 1
    return groups


def _assign_ids(g: Gen) -> None:
    order = {s: i for i, s in enumerate(SOURCES)}
    g.rows.sort(key=lambda r: (order[r["_source"]], r["_t"]))
    counters: dict[tuple, int] = {}
    used: set[str] = set()
    for r in g.rows:
        t, s = r["_t"], r["_source"]
        if s == HOTLINE:
            k = (s, t.date())
            counters[k] = counters.get(k, 0) + 1
            cid = f"LJ{t:%Y%m%d}{counters[k]:05d}"
        elif s == TOURISM:
            k = (s, t.year)
            counters[k] = counters.get(k, 0) + 1
            cid = f"LY{t.year}-{counters[k]:04d}"
        elif s == LIVE:
            cid = f"AS{t:%y%m%d}{g.rng.randrange(10**10):010d}"
            while cid in used:
                cid = f"AS{t:%y%m%d}{g.rng.randrange(10**10):010d}"
        else:
            k = (s, t.year)
            counters[k] = counters.get(k, 0) + 1
            cid = f"澜餐调〔{t.year}〕{counters[k]}号"
        used.add(cid)
        r["complaint_id"] = cid


def build(seed: int, rows: int) -> tuple[Gen, dict, str]:
    g = Gen(seed, rows)
    k = max(1, round(rows / 10000 * 3))
    kt = max(1, round(rows / 10000 * 2))
    schemes = _plan(g, SCHEME_FNS, rows * g.rng.uniform(0.047, 0.062), k, rows * 0.25, rows * 0.068)
    traps = _plan(g, TRAP_FNS, rows * g.rng.uniform(0.11, 0.135), kt, rows * 0.35, rows * 0.145)
    regulars: list[Person] = []
    while len(g.rows) < rows:
        person = g.pick(regulars) if regulars and g.chance(0.03) else None
        r = background(g, person=person)
        if person is None and g.chance(0.05):
            regulars.append(g.new_person())
        del r
    _assign_ids(g)
    truth = {
        "generator": "gen_lanjiang",
        "seed": seed,
        "rows": rows,
        "encoding": ENCODINGS[Random(seed * 31 + 5).randrange(len(ENCODINGS))],
        "schemes": {},
        "traps": {},
    }
    for prefix, key, groups in (("LJS", "schemes", schemes), ("LJT", "traps", traps)):
        for i, (kind, grp) in enumerate(groups, 1):
            truth[key][f"{prefix}{i:03d}-{kind}"] = {"kind": kind, "complaint_ids": [r["complaint_id"] for r in grp]}
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(COLUMNS)
    for r in g.rows:
        w.writerow([r[c] for c in COLUMNS])
    return g, truth, buf.getvalue()


def generate(out_dir: Path, seed: int, rows: int, pictures: bool = True) -> dict:
    """Write complaints.csv, truth.json and (optionally) evidence/*.jpg into out_dir."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    g, truth, text = build(seed, rows)
    (out_dir / "complaints.csv").write_bytes(text.encode(truth["encoding"]))
    (out_dir / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    n_pics = 0
    if pictures:
        ev = out_dir / "evidence"
        ev.mkdir(exist_ok=True)
        for spec in g.pics:
            draw_picture(spec, ev / spec["file"])
            n_pics += 1
    return {
        "rows": rows,
        "encoding": truth["encoding"],
        "schemes": len(truth["schemes"]),
        "traps": len(truth["traps"]),
        "scheme_rows": sum(len(v["complaint_ids"]) for v in truth["schemes"].values()),
        "trap_rows": sum(len(v["complaint_ids"]) for v in truth["traps"].values()),
        "pictures": n_pics,
        "seconds": round(time.perf_counter() - started, 2),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--no-pictures", action="store_true")
    a = ap.parse_args(argv)
    print(json.dumps(generate(a.out_dir, a.seed, a.rows, pictures=not a.no_pictures), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
