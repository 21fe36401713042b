"""Synthetic complaint exports with planted schemes and honest traps, and the ground truth beside them.

Everything here is made up: names from syllable pools, ID numbers and phones valid by construction
but drawn at random, merchants and USCCs invented. The schemes follow the published cases (a
professional claimant with hundreds of complaints; one man claiming under many identities with the
same injury photo; a gang from one region with one script, in a burst; a forger threatening the
media); the traps are what must *not* be flagged (a real bad batch with many genuine complaints, a
genuine consumer with a few complaints, families sharing a phone, a factory dormitory address).

``variant`` changes the schemes' parameters and wording: the benchmark scores the rules on a variant
and seeds they were not tuned on.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from jingqi.core.exports import Sheet, data_csv_writer, write_workbook

from .reading import COLUMNS

AREAS = ["330683", "330602", "330621", "430211", "430202", "110105", "310104", "440305", "320102", "420102",
         "510104", "610113", "330106", "330185", "410105", "350203", "370202", "130102", "500103", "230102"]
AREA_CITY = {"3306": "浙江省绍兴市", "4302": "湖南省株洲市", "1101": "北京市", "3101": "上海市", "4403": "广东省深圳市",
             "3201": "江苏省南京市", "4201": "湖北省武汉市", "5101": "四川省成都市", "6101": "陕西省西安市",
             "3301": "浙江省杭州市", "4101": "河南省郑州市", "3502": "福建省厦门市", "3702": "山东省青岛市",
             "1301": "河北省石家庄市", "5001": "重庆市", "2301": "黑龙江省哈尔滨市"}
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬斌浩宇轩子涵欣怡梓萱晨阳建国志强海")
STREETS = list("解放人民中山建设和平新华文化胜利东风长江黄河青年健康幸福光明")
SHOP_WORDS = ["鲜味", "百家", "惠民", "佳乐", "顺发", "华联", "天天", "好又多", "金穗", "乐购", "永辉", "旺旺", "明珠",
              "家家福", "万客隆", "阳光", "新世纪", "绿源", "丰收", "福满多"]
SHOP_KINDS = ["食品有限公司", "超市", "便利店", "生鲜超市", "食品商行", "副食品店", "烘焙坊", "餐饮管理有限公司",
              "农产品专营店", "母婴用品店"]
PRODUCTS = ["纯牛奶250ml", "酸奶", "牛肉干", "进口巧克力", "坚果礼盒", "面包", "火腿肠", "方便面", "饼干", "月饼",
            "粽子", "速冻水饺", "食用油5L", "大米10kg", "奶粉", "果汁饮料", "矿泉水", "白酒", "红酒", "茶叶", "蜂蜜",
            "保健品", "海参", "燕窝", "腊肉", "卤味鸭脖", "蛋糕", "冰淇淋", "辣条", "薯片", "罐头", "咖啡豆", "调味酱",
            "米粉", "鸡蛋", "猪肉", "水果礼盒", "儿童零食", "营养麦片", "功能饮料"]

GENUINE_OPEN = ["我于{d}在{m}购买了{p}", "{d}在贵店买的{p}", "本人{d}在{m}买了{q}份{p}", "上周（{d}）在{m}购买{p}",
                "{d}下午在{m}超市区买的{p}", "家里老人{d}在{m}买了{p}", "{d}通过{m}门店购买{p}一件",
                "孩子{d}在{m}买的{p}", "{d}在{m}网店下单{p}", "前几天{d}去{m}买了{p}"]
GENUINE_PROBLEM = ["回家打开发现已经过了保质期", "吃的时候发现里面有头发",
                   "包装鼓起来了，闻着有异味", "喝完以后肚子疼拉肚子",
                   "打开发现发霉长毛", "实际重量比标的少了很多", "里面有一只小虫子", "颜色不对味道发酸",
                   "生产日期被涂改过", "标签上没有中文说明", "吃出一块硬物硌了牙", "和宣传的完全不一样",
                   "外包装破损漏气", "保质期标签贴了两层", "口感明显变质"]
GENUINE_ASK = ["希望商家给个说法", "要求退货退款", "希望监管部门管一管", "要求赔偿医药费{a}元", "请求协调退款{a}元",
               "希望商家道歉并退款", "请帮忙处理，谢谢", "要求按规定赔偿", "商家不理睬，只好投诉",
               "希望以后别再卖这种东西", "要求商家承担责任并赔偿损失"]
GENUINE_EXTRA = ["小票还在。", "有照片为证。", "已经联系过客服没有结果。", "当时店员态度很差。", "{d2}又去问过一次。",
                 "电话{n}次都没人接。", "这已经不是第一次了。", "孩子吃了以后有点过敏。", "", "", ""]
GENUINE_DETAIL = ["花了{x}块钱", "一共买了{q}盒", "{h}点多买的", "小票上写着{x}元", "是给孩子买的", "买来准备送人的",
                  "打折促销时买的", "会员价{x}元", "当天{h}点左右打开的", "放冰箱里才{n}天", "同一批买了{q}件",
                  "家里{n}口人都吃了", "第二天早上才发现", "用手机拍了{n}张照片", "快递{n}天才到"]
GENUINE_FEEL = ["心里很不舒服", "真的很气愤", "感觉被骗了", "太让人失望了", "以后不敢在那买了", "担心对身体有影响",
                "老人吃了一直不舒服", "实在没办法了", "觉得商家很不负责任", "跑了好几趟", "本来不想投诉的",
                "想了想还是要反映一下", "请领导重视"]
LAW_NOTE = ["听说可以要求十倍赔偿。", "依法应当退一赔十吧。", "按食品安全法应该有惩罚性赔偿。"]

SCRIPTS_A = [
    "本人于{d}在{m}购买{p}{q}件，发现该商品已超过保质期，商家销售明知是不符合食品安全标准的食品。根据《中华人民共和国食品安全法》"
    "第一百四十八条，要求退一赔十，不足一千元的按一千元计算，请依法处理。",
    "{d}在{m}购买的{p}系过期食品，违反食品安全法，现依据食品安全法第一百四十八条第二款要求商家支付价款十倍赔偿，"
    "不足一千元按一千元计算，否则将向市场监管部门举报并提起诉讼。",
]
SCRIPTS_B = [
    "举报{m}销售过期{p}。本人{d}购得{q}件，已留存购物凭证及视频。依据食品安全法第148条，请求责令其承担十倍惩罚性赔偿责任，"
    "赔偿金不足1000元的按1000元计。如不处理将申请行政复议。",
    "投诉人{d}于{m}处购买{p}{q}份，经查该批商品标签不合格。根据消费者权益保护法第五十五条及食品安全法第一百四十八条，"
    "要求退一赔十并支付惩罚性赔偿，不足一千元按一千元计算，限三日内答复。",
]
INJURY_A = ("我在{m}买的{p}，吃的时候食品里有塑料，把手指割破了，流了很多血，去医院缝了针，有受伤照片和购物小票。"
            "要求赔偿医药费、误工费、精神损失费共计{a}元，{pay}")
INJURY_B = ("{d}购买{m}的{p}，食用时发现内有尖锐塑料碎片，手指被割伤出血，就医花费不少，受伤照片及小票附后。"
            "现要求贵司赔偿各项损失合计{a}元，{pay}")
GANG_A = ("{d}我们在{m}买的{p}全部是过期的，商家以次充好欺骗消费者。依据食品安全法第一百四十八条要求每人十倍赔偿，"
          "不足一千元按一千元计算。{pay}")
GANG_B = ("本人系消费者，{d}于{m}购买{p}，发现已过保质期，涉嫌销售过期食品。请求依法处罚并责令其按退一赔十赔偿，"
          "不足一千按一千元赔。{pay}")
FORGER_A = ("我是{role}，{d}在{m}购买的{p}里吃出了玻璃碴，有照片为证。"
            "限你们三天内赔偿{a}元，否则我将把视频曝光给媒体。")
FORGER_B = ("本人系{role}，已取证{m}销售的{p}存在严重安全问题（见附图），请贵司尽快联系协商赔偿{a}元事宜，"
            "逾期将通过媒体曝光并追究法律责任。")

CHANNELS_GENUINE = ["12315平台", "12315热线", "12345热线", "消费者协会", "市场监管局窗口"]
ROUTE = ["12315平台", "举报", "行政复议", "法院诉讼"]


@dataclass
class Variant:
    pro_complaints: tuple[int, int]
    pro_withdraw_share: float
    pro_scripts: list[str]
    pro_route_share: float
    multi_identities: tuple[int, int]
    multi_shared_phone: float  # chance an identity reuses an earlier identity's phone
    multi_account: float  # chance the text names a payment account
    injury: str
    gang_size: tuple[int, int]
    gang_script: str
    gang_account: float
    gang_shared_address: float
    forger: str
    forger_role: list[str]


VARIANTS = {
    # "a": what the rules were tuned on.
    "a": Variant(pro_complaints=(15, 60), pro_withdraw_share=0.5, pro_scripts=SCRIPTS_A, pro_route_share=0.4,
                 multi_identities=(4, 12), multi_shared_phone=0.3, multi_account=0.5, injury=INJURY_A,
                 gang_size=(3, 8), gang_script=GANG_A, gang_account=0.6, gang_shared_address=0.4, forger=FORGER_A,
                 forger_role=["记者", "报社记者"]),
    # "b": held out — fewer complaints per claimant, other wording, fewer shared phones and accounts.
    "b": Variant(pro_complaints=(6, 120), pro_withdraw_share=0.3, pro_scripts=SCRIPTS_B, pro_route_share=0.25,
                 multi_identities=(3, 9), multi_shared_phone=0.0, multi_account=0.3, injury=INJURY_B,
                 gang_size=(3, 12), gang_script=GANG_B, gang_account=0.3, gang_shared_address=0.2, forger=FORGER_B,
                 forger_role=["律师", "执业律师"]),
}

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


@dataclass
class Person:
    name: str
    id_number: str
    phone: str
    address: str


@dataclass
class Truth:
    seed: int
    variant: str
    rows: int = 0
    schemes: dict[str, dict] = field(default_factory=dict)
    traps: dict[str, dict] = field(default_factory=dict)

    def fraud_ids(self) -> set[str]:
        return {cid for s in self.schemes.values() for cid in s["complaint_ids"]}

    def save(self, path: Path) -> None:
        path.write_text(json.dumps({"seed": self.seed, "variant": self.variant, "rows": self.rows,
                                    "schemes": self.schemes, "traps": self.traps}, ensure_ascii=False),
                        encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Truth:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(**data)


def truth_path(csv_path: Path) -> Path:
    return csv_path.with_name(csv_path.stem + ".truth.json")


class Generator:
    def __init__(self, seed: int, variant: str = "a", start: datetime = datetime(2024, 1, 1)):
        self.rng = np.random.default_rng(seed)
        self.seed = seed
        self.v = VARIANTS[variant]
        self.variant = variant
        self.start = start
        self.serial = 0
        self.phones_used: set[str] = set()
        self.ids_used: set[str] = set()
        self.image_jobs: list[tuple[str, int, int]] = []  # (file name, base image seed, perturbation)

    # --- people and things ---
    def pick(self, seq):
        return seq[int(self.rng.integers(len(seq)))]

    def name(self) -> str:
        n = 1 + int(self.rng.random() < 0.7)
        return self.pick(SURNAMES) + "".join(self.pick(GIVEN) for _ in range(n))

    def id_number(self, area: str | None = None) -> str:
        area = area or self.pick(AREAS)
        born = datetime(1955, 1, 1) + timedelta(days=int(self.rng.integers(0, 365 * 50)))
        body = f"{area}{born:%Y%m%d}{int(self.rng.integers(0, 1000)):03d}"
        if body in self.ids_used:  # two people never share a number (the birthday paradox would make them)
            return self.id_number(area)
        self.ids_used.add(body)
        return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]

    def phone(self) -> str:
        while True:
            p = f"1{self.pick('3578')}{int(self.rng.integers(0, 10**9)):09d}"
            if p not in self.phones_used:
                self.phones_used.add(p)
                return p

    def address(self, area: str) -> str:
        city = AREA_CITY.get(area[:4], "浙江省绍兴市")
        return f"{city}{self.pick(STREETS)}路{int(self.rng.integers(1, 999))}号{int(self.rng.integers(1, 30))}幢" \
               f"{int(self.rng.integers(101, 2999))}室"

    def person(self, area: str | None = None) -> Person:
        area = area or self.pick(AREAS)
        return Person(self.name(), self.id_number(area), self.phone(), self.address(area))

    def when(self, day: float | None = None) -> datetime:
        day = float(self.rng.uniform(0, 365)) if day is None else day
        return self.start + timedelta(days=day, seconds=int(self.rng.integers(8 * 3600, 21 * 3600)))

    # --- rows ---
    def row(self, p: Person, *, received: datetime, channel: str, merchant: tuple[str, str], product: str,
            quantity: int, amount: float, claim: float, legal: str, text: str, evidence: list[str],
            outcome: str, compensation: float) -> list:
        purchase = received - timedelta(days=int(self.rng.integers(0, 6)))
        closed = "" if outcome == "pending" else (received + timedelta(days=int(self.rng.integers(1, 30)))).isoformat()
        return [None, received.isoformat(timespec="seconds"), channel, p.name, p.id_number, p.phone, p.address,
                merchant[0], merchant[1], product, purchase.date().isoformat(), quantity, f"{amount:.2f}",
                f"{claim:.2f}" if claim else "", legal, text, ";".join(evidence), outcome,
                f"{compensation:.2f}" if compensation else "", closed]

    def evidence(self, base: int, copies: int = 1, perturb: bool = False) -> list[str]:
        names = []
        for _ in range(copies):
            self.serial += 1
            name = f"IMG_{self.seed}_{self.serial:07d}.jpg"
            self.image_jobs.append((name, base, int(self.rng.integers(1, 1000)) if perturb else 0))
            names.append(name)
        return names

    def genuine_text(self, p_name: str, m: str, product: str, d: datetime, amount: float, law: bool,
                     batch: str = "") -> str:
        """Genuine consumers write in their own words: clauses drawn from pools, shuffled, with their details."""
        rng = self.rng
        fill = {"d": f"{d.month}月{d.day}日", "m": m, "p": product, "q": int(rng.integers(1, 6)),
                "a": int(amount * rng.integers(1, 5)), "d2": f"{d.month}月{min(d.day + 2, 28)}日",
                "n": int(rng.integers(2, 9)), "h": int(rng.integers(7, 22)), "x": int(amount)}
        middle = [self.pick(GENUINE_PROBLEM)]
        for pool, chance in ((GENUINE_PROBLEM, 0.4), (GENUINE_EXTRA, 0.7), (GENUINE_DETAIL, 0.8),
                             (GENUINE_FEEL, 0.6), (GENUINE_DETAIL, 0.4)):
            if rng.random() < chance:
                middle.append(self.pick(pool))
        rng.shuffle(middle)
        parts = [self.pick(GENUINE_OPEN), batch, *middle, self.pick(GENUINE_ASK)]
        if law:
            parts.append(self.pick(LAW_NOTE))
        text = "，".join(x.rstrip("。") for x in parts if x).format(**fill)
        return text + self.pick(["。", "！", "。谢谢。", "", "。。"])


def _merchants(g: Generator, n: int) -> list[tuple[str, str]]:
    from stdnum.cn import uscc

    out, seen = [], set()
    while len(out) < n:
        area = g.pick(AREAS)
        city = AREA_CITY.get(area[:4], "浙江省绍兴市").split("省")[-1]
        name = f"{city}{g.pick(SHOP_WORDS)}{g.pick(SHOP_WORDS)}{g.pick(SHOP_KINDS)}"
        if name in seen:
            continue
        seen.add(name)
        body = f"91{area}MA{int(g.rng.integers(0, 10**7)):07d}"
        body = body[:17]
        try:
            out.append((name, body + uscc.calc_check_digit(body)))
        except Exception:  # noqa: BLE001 - a body the checksum table refuses: draw another
            seen.discard(name)
    return out


def plan_schemes(g: Generator, rows: int, merchants) -> tuple[list[list], Truth, list[tuple[str, list[int]]]]:
    """Rows of the planted schemes and traps (a few per cent of the file), with their truth."""
    v = g.v
    truth = Truth(seed=g.seed, variant=g.variant)
    planted: list[list] = []
    groups: list[tuple[str, list[int]]] = []  # (scheme or trap key, indexes into planted)

    def add(key, rows_):
        idx = list(range(len(planted), len(planted) + len(rows_)))
        planted.extend(rows_)
        groups.append((key, idx))

    budget = max(rows // 40, 30)  # ~2.5 % of rows are fraud
    used = 0
    k = 0
    while used < budget:
        k += 1
        kind = ["pro", "multi", "gang", "forger"][k % 4]
        r = []
        if kind == "pro":
            p = g.person()
            lo, hi = v.pro_complaints
            n = int(g.rng.integers(lo, hi + 1))
            script = g.pick(v.pro_scripts)
            products = [g.pick(PRODUCTS) for _ in range(3)]
            t0 = float(g.rng.uniform(0, 300))
            for i in range(n):
                m = g.pick(merchants)
                product = products[i % 3]
                d = g.when(min(t0 + i * float(g.rng.uniform(0.5, 6)), 364))
                amount = float(g.rng.uniform(8, 80))
                withdrawn = g.rng.random() < v.pro_withdraw_share
                channel = g.pick(ROUTE) if g.rng.random() < v.pro_route_share else g.pick(CHANNELS_GENUINE)
                outcome = "withdrawn" if withdrawn else g.pick(["pending", "rejected", "mediated"])
                text = script.format(d=f"{d.month}月{d.day}日", m=m[0], p=product, q=int(g.rng.integers(2, 20)))
                phone_person = p if g.rng.random() < 0.8 else Person(p.name, p.id_number, "", p.address)
                r.append(g.row(phone_person, received=d, channel=channel, merchant=m, product=product,
                               quantity=int(g.rng.integers(2, 20)), amount=amount, claim=1000.0,
                               legal="食品安全法第一百四十八条" if g.rng.random() < 0.6 else "", text=text,
                               evidence=g.evidence(-1) if g.rng.random() < 0.3 else [], outcome=outcome,
                               compensation=float(g.rng.choice([500, 800, 1000])) if withdrawn else 0.0))
        elif kind == "multi":
            lo, hi = v.multi_identities
            ids = int(g.rng.integers(lo, hi + 1))
            base_photo, base_receipt = int(g.rng.integers(10**6)), int(g.rng.integers(10**6))
            account = f"支付宝账号：{g.phone()}" if g.rng.random() < v.multi_account else "请尽快联系我。"
            people = []
            for _ in range(ids):
                p = g.person()
                if people and g.rng.random() < v.multi_shared_phone:
                    p.phone = g.pick(people).phone
                people.append(p)
            chosen = [g.pick(merchants) for _ in range(12)]
            t0 = float(g.rng.uniform(0, 300))
            for i, p in enumerate(people):
                for _ in range(int(g.rng.integers(1, 3))):
                    m = g.pick(chosen)
                    product = g.pick(PRODUCTS)
                    d = g.when(min(t0 + float(g.rng.uniform(0, 60)), 364))
                    a = int(g.rng.integers(20, 50)) * 100
                    text = v.injury.format(m=m[0], p=product, a=a, d=f"{d.month}月{d.day}日", pay=account)
                    ev = g.evidence(base_photo, perturb=True) + g.evidence(base_receipt, perturb=True)
                    paid = g.rng.random() < 0.4
                    r.append(g.row(p, received=d, channel=g.pick(CHANNELS_GENUINE), merchant=m, product=product,
                                   quantity=1, amount=float(g.rng.uniform(10, 60)), claim=float(a), legal="",
                                   text=text, evidence=ev,
                                   outcome="withdrawn" if paid else g.pick(["pending", "mediated"]),
                                   compensation=float(a // 2) if paid else 0.0))
                del i
        elif kind == "gang":
            lo, hi = v.gang_size
            size = int(g.rng.integers(lo, hi + 1))
            area = g.pick(AREAS)
            shared_addr = g.address(area)
            account = f"赔偿款请转银行卡号{6222020000000000000 + int(g.rng.integers(10**12))}" \
                if g.rng.random() < v.gang_account else ""
            m = g.pick(merchants)
            product = g.pick(PRODUCTS)
            t0 = float(g.rng.uniform(0, 360))
            for _ in range(size):
                p = g.person(area)
                if g.rng.random() < v.gang_shared_address:
                    p.address = shared_addr
                for _ in range(int(g.rng.integers(1, 3))):
                    d = g.when(t0 + float(g.rng.uniform(0, 2.5)))
                    text = v.gang_script.format(d=f"{d.month}月{d.day}日", m=m[0], p=product, pay=account)
                    paid = g.rng.random() < 0.3
                    r.append(g.row(p, received=d, channel=g.pick(CHANNELS_GENUINE + ["举报"]), merchant=m,
                                   product=product, quantity=int(g.rng.integers(1, 10)),
                                   amount=float(g.rng.uniform(10, 90)), claim=1000.0, legal="食品安全法第一百四十八条",
                                   text=text, evidence=[], outcome="withdrawn" if paid else "pending",
                                   compensation=1000.0 if paid else 0.0))
        else:  # forger: few complaints, one doctored picture reused against several food companies
            p = g.person()
            base = int(g.rng.integers(10**6))
            role = g.pick(v.forger_role)
            for _ in range(int(g.rng.integers(2, 5))):
                m = g.pick(merchants)
                product = g.pick(PRODUCTS)
                d = g.when()
                a = int(g.rng.integers(5, 50)) * 1000
                text = v.forger.format(role=role, d=f"{d.month}月{d.day}日", m=m[0], p=product, a=a)
                r.append(g.row(p, received=d, channel=g.pick(CHANNELS_GENUINE), merchant=m, product=product,
                               quantity=1, amount=float(g.rng.uniform(10, 200)), claim=float(a), legal="", text=text,
                               evidence=g.evidence(base, perturb=True), outcome=g.pick(["pending", "withdrawn"]),
                               compensation=0.0))
        add(f"S{k:04d}:{kind}", r)
        used += len(r)

    # Traps: real bad batches, genuine repeat complainers, families on one phone, a dormitory address.
    trap_budget = max(rows // 50, 20)
    used, k = 0, 0
    while used < trap_budget:
        k += 1
        kind = ["bad_batch", "genuine_few", "family", "dormitory", "genuine_few"][k % 5]
        r = []
        if kind == "bad_batch":
            m, product = g.pick(merchants), g.pick(PRODUCTS)
            batch = f"批号{int(g.rng.integers(2024000, 2024999))}"
            t0 = float(g.rng.uniform(0, 360))
            for _ in range(int(g.rng.integers(15, max(16, min(150, rows // 200))))):
                p = g.person()
                d = g.when(t0 + float(g.rng.uniform(0, 3)))
                amount = float(g.rng.uniform(10, 120))
                law = g.rng.random() < 0.2
                outcome = g.pick(["compensated", "mediated", "mediated", "pending"])
                r.append(g.row(p, received=d, channel=g.pick(CHANNELS_GENUINE), merchant=m, product=product,
                               quantity=int(g.rng.integers(1, 4)), amount=amount,
                               claim=amount * 10 if law else amount, legal="", text=g.genuine_text(
                                   p.name, m[0], product, d, amount, law, batch if g.rng.random() < 0.5 else ""),
                               evidence=g.evidence(int(g.rng.integers(10**6))) if g.rng.random() < 0.5 else [],
                               outcome=outcome, compensation=amount * 2 if outcome == "compensated" else 0.0))
        elif kind == "genuine_few":
            p = g.person()
            for _ in range(int(g.rng.integers(2, 5))):
                m, product, d = g.pick(merchants), g.pick(PRODUCTS), g.when()
                amount = float(g.rng.uniform(10, 300))
                law = g.rng.random() < 0.3
                r.append(g.row(p, received=d, channel=g.pick(CHANNELS_GENUINE), merchant=m, product=product,
                               quantity=1, amount=amount, claim=amount * 10 if law else amount, legal="",
                               text=g.genuine_text(p.name, m[0], product, d, amount, law), evidence=[],
                               outcome=g.pick(["compensated", "mediated", "rejected"]), compensation=0.0))
        elif kind == "family":
            a, b = g.person(), g.person()
            b.phone, b.address = a.phone, a.address
            for p in (a, b):
                m, product, d = g.pick(merchants), g.pick(PRODUCTS), g.when()
                amount = float(g.rng.uniform(10, 300))
                r.append(g.row(p, received=d, channel=g.pick(CHANNELS_GENUINE), merchant=m, product=product,
                               quantity=1, amount=amount, claim=amount, legal="",
                               text=g.genuine_text(p.name, m[0], product, d, amount, False), evidence=[],
                               outcome=g.pick(["compensated", "mediated"]), compensation=0.0))
        else:
            area = g.pick(AREAS)
            dorm = AREA_CITY.get(area[:4], "浙江省绍兴市") + "经济开发区工业园员工宿舍"
            for _ in range(int(g.rng.integers(35, 60))):
                p = g.person(area)
                p.address = dorm
                m, product, d = g.pick(merchants), g.pick(PRODUCTS), g.when()
                amount = float(g.rng.uniform(5, 60))
                r.append(g.row(p, received=d, channel=g.pick(CHANNELS_GENUINE), merchant=m, product=product,
                               quantity=1, amount=amount, claim=amount, legal="",
                               text=g.genuine_text(p.name, m[0], product, d, amount, False), evidence=[],
                               outcome=g.pick(["compensated", "mediated", "pending"]), compensation=0.0))
        add(f"T{k:04d}:{kind}", r)
        used += len(r)
    return planted, truth, groups


def _messy(g: Generator, row: list) -> list:
    """What real exports do to cells: +86 and dashes, lower-case x, traditional characters, spaces, gaps."""
    rng = g.rng
    x = rng.random()
    if row[5] and x < 0.15:
        row[5] = "+86 " + row[5][:3] + "-" + row[5][3:7] + "-" + row[5][7:]
    elif row[5] and x < 0.25:
        row[5] = row[5][:3] + " " + row[5][3:7] + " " + row[5][7:]
    if row[4] and rng.random() < 0.1:
        row[4] = row[4].lower()
    if rng.random() < 0.12:
        row[4] = ""
    if rng.random() < 0.05:
        row[6] = ""
    if rng.random() < 0.03:
        from zhconv import convert

        row[15] = convert(row[15], "zh-tw")
    if rng.random() < 0.05:
        row[3] = " " + row[3] + " "
    return row


def _broken(g: Generator, row: list, cid: str) -> list:
    """A handful of rows no reader can use: the report must list them and go on."""
    kind = int(g.rng.integers(4))
    if kind == 0:
        row[1] = "昨天下午"
    elif kind == 1:
        row[0] = ""
    elif kind == 2:
        row[17] = "unknown-status"
    else:
        row = row[:12]
    return row


def generate(rows: int, seed: int, out: str | Path, *, evidence_dir: str | Path | None = None, variant: str = "a",
             messy: bool = True, progress=None) -> Truth:
    """Write ``rows`` complaints to ``out`` (CSV, or .xlsx for small files) and the truth beside it."""
    out = Path(out)
    g = Generator(seed, variant)
    merchants = _merchants(g, max(40, min(rows // 40, 20000)))
    planted, truth, groups = plan_schemes(g, rows, merchants)
    background = max(rows - len(planted), 0)
    # Planted rows go to random positions among the background.
    positions = np.sort(g.rng.choice(rows, size=min(len(planted), rows), replace=False)) if rows else []
    order = g.rng.permutation(len(planted))[: len(positions)]
    slot = dict(zip(positions.tolist(), order.tolist(), strict=True))
    key_of = {}
    for key, idx in groups:
        for i in idx:
            key_of[i] = key
    broken_every = min(2000, max(rows // 4, 50)) if messy else 0
    header_and_rows = _row_stream(g, rows, background, planted, slot, key_of, merchants, truth, broken_every, messy,
                                  progress)
    if out.suffix.lower() == ".xlsx":
        # Formula-like cells get the quote-prefix style: inert in a spreadsheet, the same value when read back.
        write_workbook(out, [Sheet("Sheet", header_and_rows)])
    else:
        # Test data for the importer and the benchmark: every cell exactly as generated (no apostrophes).
        with out.open("w", encoding="utf-8", newline="") as fh:
            data_csv_writer(fh).writerows(header_and_rows)
    truth.rows = rows
    truth.save(truth_path(out))
    if evidence_dir:
        write_images(g, Path(evidence_dir))
    return truth


def _row_stream(g, rows, background, planted, slot, key_of, merchants, truth, broken_every, messy, progress):
    yield COLUMNS
    genuine_people: list[Person] = []
    for n in range(rows):
        cid = f"TS{g.seed % 1000:03d}{n + 1:08d}"
        if n in slot:
            i = slot[n]
            row = list(planted[i])
            key = key_of[i]
            bucket = truth.schemes if key.startswith("S") else truth.traps
            entry = bucket.setdefault(key.split(":")[0], {"kind": key.split(":")[1], "complaint_ids": []})
            entry["complaint_ids"].append(cid)
        else:
            # Background: mostly one complaint a person; some come back once or twice.
            if genuine_people and g.rng.random() < 0.1:
                p = g.pick(genuine_people)
            else:
                p = g.person()
                if len(genuine_people) < max(1000, rows // 10):
                    genuine_people.append(p)
            m, product, d = g.pick(merchants), g.pick(PRODUCTS), g.when()
            amount = float(g.rng.uniform(5, 500))
            law = g.rng.random() < 0.03
            outcome = g.pick(["compensated", "mediated", "mediated", "rejected", "pending", "withdrawn"])
            ev = g.evidence(int(g.rng.integers(10**9))) if g.rng.random() < 0.3 else []
            row = g.row(p, received=d, channel=g.pick(CHANNELS_GENUINE), merchant=m, product=product,
                        quantity=int(g.rng.integers(1, 4)), amount=amount, claim=amount * 10 if law else amount,
                        legal="", text=g.genuine_text(p.name, m[0], product, d, amount, law), evidence=ev,
                        outcome=outcome, compensation=0.0)
        row[0] = cid
        if messy:
            row = _messy(g, row)
            if broken_every and n % broken_every == broken_every - 1 and n not in slot:
                row = _broken(g, row, cid)
        if progress and n % 10000 == 9999:
            progress(10000)
        yield row


def _image(base: int, size=(96, 72)):
    from PIL import Image, ImageDraw

    r = np.random.default_rng(base if base >= 0 else 0)
    img = Image.new("RGB", size, tuple(int(x) for x in r.integers(0, 255, 3)))
    d = ImageDraw.Draw(img)
    w, h = size
    for _ in range(10):
        x0, y0 = int(r.integers(0, w - 8)), int(r.integers(0, h - 8))
        d.ellipse([x0, y0, x0 + int(r.integers(8, w // 2)), y0 + int(r.integers(8, h // 2))],
                  fill=tuple(int(v) for v in r.integers(0, 255, 3)))
    return img


def perturb(img, k: int):
    """A copy as a forger makes one: re-saved, resized, trimmed by a few per cent at the edges."""
    from PIL import Image

    r = np.random.default_rng(k)
    w, h = img.size
    if k % 3 == 1:
        img = img.resize((int(w * r.uniform(0.7, 1.4)), int(h * r.uniform(0.7, 1.4))))
    elif k % 3 == 2:
        dx, dy = int(w * r.uniform(0, 0.04)), int(h * r.uniform(0, 0.04))
        img = img.crop((dx, dy, w - int(w * r.uniform(0, 0.03)), h))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=int(r.integers(40, 90)))
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def write_images(g: Generator, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    cache = {}
    for name, base, k in g.image_jobs:
        if base < 0:  # a picture of its own
            img = _image(int(g.rng.integers(10**9)))
        else:
            if base not in cache:
                cache[base] = _image(base)
            img = perturb(cache[base], k) if k else cache[base]
        img.save(folder / name, "JPEG", quality=70)
        if len(cache) > 256:
            cache.clear()
