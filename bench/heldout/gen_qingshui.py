"""清水市 (Qingshui, a fictional mid-size city): a synthetic consumer-complaint export for the false-claim scan.

Written without reading the model. Writes ``OUT/complaints.csv`` (a merged export of several intake systems:
12315, the 12345 hotline, letters and visits, the market-regulation window, online platforms, the press ...),
``OUT/evidence/`` (the pictures named in ``evidence_files``) and ``OUT/truth.json`` (which complaints belong to a
fraud scheme and which to a genuine group that only looks suspicious).

Everything is invented: people, phone numbers, ID numbers (GB 11643 check digit), unified social credit codes
(GB 32100 check character), bank cards (Luhn), shops, products and pictures. The CSV does not depend on whether
pictures are drawn, so ``--no-pictures`` gives the same file, only without ``evidence/``.

    python gen_qingshui.py OUT_DIR --seed 1 --rows 10000 [--no-pictures]
"""

from __future__ import annotations

import argparse
import bisect
import csv
import io
import json
import random
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import accumulate
from pathlib import Path

START = datetime(2023, 1, 1)
DAYS = 731  # 2023-01-01 .. 2024-12-31
EXCEL_EPOCH = datetime(1899, 12, 30)
UNIX_EPOCH_BEIJING = datetime(1970, 1, 1, 8, 0, 0)

COLUMNS = ["Complaint_ID", "received_at", "channel", "complaint_type", "complainant_name", "complainant_id_number",
           "complainant_phone", "complainant_address", "merchant_name", "merchant_uscc", "merchant_address",
           "product", "purchase_date", "Purchase Quantity", "purchase_amount", "claim_amount", "legal_basis", "text",
           "evidence_files", "outcome", "compensation_amount", "closed_at", "remark", "district", "handler"]


def _lines(block: str) -> list[str]:
    return [line.strip() for line in block.strip().splitlines() if line.strip()]


def _words(text: str) -> list[str]:
    return text.split()


def _rows(block: str) -> list[list[str]]:
    return [line.split("|") for line in _lines(block)]


class Rng(random.Random):
    """The standard generator with cheaper uniform picks (a million rows make millions of them)."""

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        if stop is None:
            start, stop = 0, start
        if step != 1:
            return super().randrange(start, stop, step)
        return start + int(self.random() * (stop - start))


class Mix:
    """Weighted choice with the sums done once."""

    def __init__(self, items: list[tuple[str, float]]) -> None:
        self.names = [i[0] for i in items]
        self.cum = list(accumulate(i[1] for i in items))
        self.total = self.cum[-1]

    def __call__(self, r: random.Random) -> str:
        return self.names[bisect.bisect(self.cum, r.random() * self.total)]


def weighted(r: random.Random, items: list[tuple[str, float]] | Mix) -> str:
    return (items if isinstance(items, Mix) else Mix(items))(r)


# ---------------------------------------------------------------------------------------------------------------
# Check digits
# ---------------------------------------------------------------------------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def id_check(body: str) -> str:
    """GB 11643 check character of the first 17 digits of a resident ID number."""
    return "10X98765432"[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def org_check(body: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return "X" if value == 10 else ("0" if value == 11 else str(value))


def uscc_check(body: str) -> str:
    """GB 32100 check character of the first 17 characters of a unified social credit code."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def luhn_complete(body: str) -> str:
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return body + str((10 - total % 10) % 10)


# ---------------------------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------------------------

# Area codes: 清水市's own people carry the codes of a mountain prefecture; the rest come from all over.
LOCAL_AREAS = ["422822", "422823", "422825", "422826", "422827", "422828", "433122", "433123", "433124", "433125",
               "433126", "433127", "433130"]
OTHER_AREAS = ["110101", "110105", "110108", "120101", "120104", "120111", "310104", "310107", "310110", "330122",
               "330127", "340121", "340421", "340621", "350121", "360121", "430121", "430321", "510121", "510321",
               "532524", "610323", "610324", "620121", "622921", "640121", "652801", "210421", "222401", "150121",
               "140121", "520203", "522701", "532923", "513401"]

DISTRICTS = [("清河区", 18), ("东湖区", 17), ("西城区", 14), ("南塘区", 12), ("北山区", 9), ("高新区", 10),
             ("经开区", 8), ("临江县", 7), ("白石县", 5)]
DISTRICT_MIX = Mix(DISTRICTS)
COUNTIES = {"临江县", "白石县"}
TOWNS = {"临江县": ["城关镇", "河口镇", "沙湾乡", "新桥镇"], "白石县": ["白石镇", "岭下乡", "石门镇", "龙潭镇"]}
VILLAGES = _words("白沙 杨柳 石桥 新屋 马家 黄泥 桃源 柏树 大坪 中和 长岭 河西 枫林 谢家 观音 鱼塘")
ROADS = _words("桂花 建设 人民 解放 文昌 青年 滨江 和平 胜利 新华 光明 朝阳 幸福 梧桐 望江 翠湖 龙泉 金山 银河 振兴 "
               "松柏 兴业 创新 学府 科技 清源 明珠 临湖 沿河 工业 纺织 五一 红星 东风 迎宾 南门 北环 西环")
ROAD_SUFFIX = ["路", "路", "路", "街", "大道", "巷"]
ESTATES = _words("阳光花园 锦绣华庭 翠湖山庄 金桂苑 御景湾 清水名都 东湖印象 滨江一号 幸福里 凤凰城 新城家园 世纪花园 "
                 "丽景苑 书香门第 玉兰苑 和谐家园 江南春晓 盛世豪庭 银河湾 学府华府 枫丹白鹭 紫荆园 清河人家 "
                 "桃李春风 国际公馆 水岸名邸 润园 铁路新村 纺织厂宿舍 粮食局家属院 棉麻公司宿舍 电力小区")

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
            "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱覃武戴"
            "孔汤庞樊兰殷向覃冉舒滕聂")
SURNAME_MIX = Mix([(s, 1.0 / (i + 4)) for i, s in enumerate(SURNAMES)])
MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁浩凯健俊帆峰建国志文东海林亮成龙宇晨阳博然旭轩睿豪泽子一天祥福德"
FEMALE = "芳娜敏静丽艳娟霞秀英玲桂兰萍红梅琳燕雪慧婷颖莉倩洁琴欣悦怡佳雨涵思梦瑶晶蓉凤春菊翠"
ZIHAO = "鑫盛隆福源华泰嘉恒瑞祥宏润佳兴达康美乐信诚和聚丰汇通万德利安金新东方天宇博鸿凯顺家惠邻优鲜品味尚"

PHONE_PREFIXES = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151", "152",
                  "153", "155", "156", "157", "158", "159", "166", "173", "176", "177", "180", "181", "182", "183",
                  "184", "185", "186", "187", "188", "189", "191", "193", "195", "198", "199", "170", "171", "165"]
RING_PREFIXES = ["162", "165", "167", "170", "171"]  # virtual-operator numbers, bought in blocks
CARD_BINS = ["622202", "621700", "622848", "621661", "622588", "621483", "622262", "623668", "621226", "622700"]
BANKS = ["工商银行", "建设银行", "农业银行", "中国银行", "招商银行", "交通银行", "邮储银行", "农商银行"]

PLATFORMS = ["网购平台", "某电商平台", "直播间", "外卖平台", "团购平台", "小程序商城", "微信群", "短视频平台"]

CHANNELS = Mix([("12315平台", 30), ("全国12315平台", 8), ("12345热线", 20), ("12315热线", 4), ("市场监管局窗口", 5),
            ("网络平台", 8), ("信访", 3), ("来信", 2), ("市长信箱", 3), ("消协", 5), ("举报", 4), ("微信公众号", 4),
            ("媒体曝光", 1), ("政务服务网", 3)])
HOTLINES = {"12345热线", "12315热线"}
LETTERS = {"信访", "来信", "市长信箱"}
HANDLERS = ["{d}市场监管局", "{d}市场监管局{t}所", "市消保委", "{d}消费者协会", "市12345中心", "{d}商务局"]
HANDLER_TOWNS = ["城东", "城西", "滨江", "新村", "工业园", "中心", "站前", "湖滨"]

# Shops: registered name | signboard | 1 company or 2 individual business | products it sells ("/", empty: all).
# Problems: text | products it fits ("/", empty: all). "@name" stands for the goods in GOODS[name].
GOODS = {"dated": "纯牛奶/酸奶/全麦面包/火腿肠/进口巧克力/坚果礼盒/月饼礼盒/速冻水饺/食用调和油/婴幼儿配方奶粉/"
                  "牛肉干/辣条/果汁饮料/螺蛳粉",
         "corner": "纯牛奶/酸奶/全麦面包/火腿肠/进口巧克力/速冻水饺/辣条/果汁饮料/鲜鸡蛋/螺蛳粉",
         "digital": "笔记本电脑/平板电脑/蓝牙耳机/充电宝/扫地机器人/智能手机",
         "appliances": "空调/冰箱/洗衣机/电热水器/液晶电视/油烟机",
         "repairs": "车辆保养/更换刹车片/钣金喷漆/发动机维修/更换轮胎"}


def _goods(spec: str) -> list[str]:
    out: list[str] = []
    for item in spec.split("/"):
        out += _goods(GOODS[item[1:]]) if item.startswith("@") else [item]
    return out


CATS: dict[str, dict] = {
    "food": {"weight": 22, "shops": _rows("""
        清水市{d}{z}超市|{z}超市|2|
        清水{z}商贸有限公司{r}店|{z}生活超市|1|
        清水市{d}{s}记副食店|{s}记副食|2|
        清水{z}便利连锁有限公司{r}分店|{z}便利|1|@corner
        清水市{d}{z}烘焙坊|{z}面包房|2|全麦面包/散装糕点/生日蛋糕/月饼礼盒
        清水市{d}{z}鲜果店|{z}水果|2|水果礼盒/进口车厘子
        清水市{d}{z}食品商行|{z}食品|2|
        清水{z}农贸市场{s}氏干货行|{s}家干货|2|坚果礼盒/牛肉干/茶叶礼盒/五常大米/土蜂蜜
        清水市{d}{z}烟酒商行|{z}烟酒|2|白酒/进口红酒/茶叶礼盒/坚果礼盒
        """), "products": _rows("""
        纯牛奶|箱|45|75
        酸奶|提|12|30
        全麦面包|袋|8|20
        火腿肠|袋|10|25
        进口巧克力|盒|39|168
        坚果礼盒|盒|88|268
        月饼礼盒|盒|98|398
        速冻水饺|袋|15|35
        食用调和油|桶|59|139
        五常大米|袋|69|159
        土蜂蜜|瓶|48|168
        婴幼儿配方奶粉|罐|198|468
        牛肉干|袋|28|68
        辣条|包|3|12
        果汁饮料|瓶|4|12
        白酒|瓶|98|598
        茶叶礼盒|盒|128|688
        进口红酒|瓶|88|398
        鲜鸡蛋|盒|12|25
        冷冻虾仁|袋|39|89
        螺蛳粉|袋|12|25
        散装糕点|斤|12|38
        卤味熟食|份|20|60
        生日蛋糕|个|68|268
        水果礼盒|盒|58|168
        进口车厘子|斤|39|89
        """), "problems": _rows("""
        回家才发现已经过期{n}天了|@dated/鲜鸡蛋/冷冻虾仁/散装糕点/卤味熟食
        打开后发现上面有霉点|全麦面包/散装糕点/生日蛋糕/月饼礼盒
        吃的时候发现里面有一根头发|全麦面包/散装糕点/生日蛋糕/卤味熟食/速冻水饺/月饼礼盒
        吃出了一只小虫子|全麦面包/散装糕点/五常大米/坚果礼盒/牛肉干/月饼礼盒
        包装胀袋，打开闻着有酸味|纯牛奶/酸奶/火腿肠/卤味熟食/牛肉干/冷冻虾仁
        称了一下实际重量比标注少了{g}克|散装糕点/卤味熟食/牛肉干/进口车厘子/冷冻虾仁/五常大米
        结账价格比货架标价高出{x}元|
        生产日期有涂改的痕迹|@dated/土蜂蜜
        外包装上没有任何中文标签|进口巧克力/进口红酒
        孩子吃完后出现腹泻|纯牛奶/酸奶/生日蛋糕/卤味熟食/速冻水饺/果汁饮料/水果礼盒
        喝起来有怪味，瓶底还有絮状沉淀物|果汁饮料/纯牛奶/酸奶
        袋子里有一小块塑料碎片|速冻水饺/火腿肠/辣条/螺蛳粉/冷冻虾仁
        生产日期竟然是三天以后（提前打码）|纯牛奶/酸奶/全麦面包/鲜鸡蛋
        散装称重的秤明显不准|散装糕点/卤味熟食/进口车厘子
        外包装完好但里面的东西已经变质了|
        蛋糕奶油有异味，和预订的款式也不一样|生日蛋糕
        买一送一活动结账时没有送|
        会员价没有给算，多付了{x}元|
        礼盒里一半都是烂的|水果礼盒/进口车厘子
        酒的味道不对，怀疑是假酒|白酒/进口红酒
        """)},
    "catering": {"weight": 12, "shops": _rows("""
        清水市{d}{z}餐馆|{z}饭店|2|堂食套餐/生日宴/年夜饭套餐/外卖订单
        清水{z}餐饮管理有限公司|{z}酒楼|1|堂食套餐/生日宴/年夜饭套餐/烤鱼
        清水市{d}{s}记面馆|老{s}家牛肉面|2|堂食套餐/外卖订单
        清水市{d}{z}火锅店|{z}火锅|2|火锅套餐/团购双人餐
        清水市{d}{z}烧烤店|{z}烧烤|2|堂食套餐/团购双人餐/外卖订单
        清水{z}餐饮有限公司{r}分店|{z}快餐|1|堂食套餐/外卖订单
        清水市{d}{z}奶茶店|{z}茶饮|2|奶茶/外卖订单
        清水市{d}{s}氏小吃店|{s}氏小吃|2|麻辣烫/外卖订单/堂食套餐
        """), "products": _rows("""
        堂食套餐|份|38|168
        外卖订单|单|25|88
        生日宴|桌|1200|3800
        年夜饭套餐|桌|988|2888
        火锅套餐|份|128|398
        奶茶|杯|12|28
        麻辣烫|份|18|45
        烤鱼|份|88|168
        团购双人餐|份|99|199
        """), "problems": _rows("""
        菜里吃出了钢丝球的碎屑|堂食套餐/外卖订单/生日宴/烤鱼/麻辣烫
        吃完饭回家后全家出现呕吐腹泻|
        结账时多收了{x}元|堂食套餐/生日宴/年夜饭套餐/火锅套餐/烤鱼
        收取了事先没有告知的包间费|生日宴/年夜饭套餐/堂食套餐
        菜品分量和图片严重不符|外卖订单/团购双人餐/火锅套餐/烤鱼
        外卖送到时已经凉了，汤全洒了|外卖订单
        预订好的年夜饭临时被取消|年夜饭套餐
        服务员态度恶劣，还出言辱骂|
        强制收取开瓶费|生日宴/年夜饭套餐
        菜单价格和实际结算价格不一致|堂食套餐/火锅套餐/烤鱼
        团购券到店后商家不让用|团购双人餐
        菜里有一只苍蝇|堂食套餐/外卖订单/麻辣烫/烤鱼/火锅套餐
        奶茶里喝出了异物|奶茶
        """), "open": _rows("""
        {d}在{m}就餐，点了{p}。|堂食套餐/火锅套餐/烤鱼/团购双人餐/麻辣烫
        {d}在{m}订了{p}，花了{a}元。|生日宴/年夜饭套餐/团购双人餐
        {d}通过{plat}点了{m}的{p}。|外卖订单/奶茶/麻辣烫
        {d}晚上和朋友在{m}吃饭，|堂食套餐/火锅套餐/烤鱼
        {d}在{m}买了一杯{p}，|奶茶
        """)},
    "cosmetics": {"weight": 6, "open": _rows("""
        {d}在{m}办了{p}，{a}元。|美容卡
        {d}在{m}做了{p}，花了{a}元。|祛斑疗程/美甲
        我于{d}在{m}购买了{p}，共{a}元。|补水面膜/精华液/口红/防晒霜/洗发水
        {d}去{m}买{p}，|补水面膜/精华液/口红/防晒霜/洗发水
        """), "shops": _rows("""
        清水市{d}{z}化妆品店|{z}美妆|2|补水面膜/精华液/口红/防晒霜/洗发水
        清水市{d}{z}美容美体馆|{z}美容院|2|美容卡/祛斑疗程
        清水{z}生物科技有限公司|{z}美妆旗舰店|1|补水面膜/精华液/防晒霜
        清水市{d}{z}美甲店|{z}美甲|2|美甲
        """), "products": _rows("""
        补水面膜|盒|69|199
        精华液|瓶|128|598
        口红|支|89|320
        防晒霜|支|59|169
        洗发水|瓶|39|99
        美容卡|张|980|5800
        祛斑疗程|次|380|2680
        美甲|次|68|198
        """), "problems": _rows("""
        用了以后脸上红肿过敏|补水面膜/精华液/防晒霜/祛斑疗程
        怀疑是假货，防伪码查询不到记录|补水面膜/精华液/口红/防晒霜/洗发水
        办卡以后门店突然不营业了|美容卡/美甲
        办卡时承诺随时可以退，现在不给退|美容卡
        推销时把效果说得天花乱坠，实际一点用没有|
        做完项目后皮肤出现色沉|祛斑疗程
        卡里还有{n}次没做，店里一直说约不上|美容卡
        做完没两天就脱落了，要求返工被拒|美甲
        """)},
    "electronics": {"weight": 10, "shops": _rows("""
        清水市{d}{z}通讯器材店|{z}手机店|2|智能手机/蓝牙耳机/充电宝/平板电脑
        清水{z}电器有限公司|{z}电器|1|@appliances
        清水市{d}{z}数码产品经营部|{z}数码|2|@digital
        清水{z}家电销售有限公司{r}店|{z}家电|1|@appliances/扫地机器人
        清水市{d}{z}电动车行|{z}电动车|2|电动自行车
        """), "products": _rows("""
        智能手机|部|899|6999
        蓝牙耳机|副|99|1299
        笔记本电脑|台|2999|8999
        平板电脑|台|1299|4999
        空调|台|1999|5999
        冰箱|台|1599|6999
        洗衣机|台|999|4599
        电热水器|台|799|2999
        液晶电视|台|1499|6999
        电动自行车|辆|1599|4599
        充电宝|个|59|199
        扫地机器人|台|899|3999
        油烟机|台|999|3999
        """), "problems": _rows("""
        用了不到一个月屏幕就出现竖线|智能手机/平板电脑/笔记本电脑/液晶电视
        开机后频繁死机重启|智能手机/平板电脑/笔记本电脑
        查询激活时间早于购买时间，怀疑是翻新机|智能手机/平板电脑/笔记本电脑
        制冷效果很差，售后上门{n}次都没修好|空调/冰箱
        安装时被收取了高额的辅材费|空调/电热水器/油烟机/洗衣机
        电池鼓包了|智能手机/充电宝/平板电脑/笔记本电脑/电动自行车
        承诺的赠品一直没有兑现|
        还在保修期内，维修却要收费|
        送货时外包装破损，机身有明显划痕|空调/冰箱/洗衣机/液晶电视/油烟机/电热水器
        续航和宣传的差得太远|电动自行车/扫地机器人/蓝牙耳机
        充不进电，送修后说是人为损坏|智能手机/蓝牙耳机/充电宝/平板电脑/扫地机器人
        洗衣机脱水时整机剧烈晃动，还漏水|洗衣机
        """)},
    "online": {"weight": 13, "online": True, "shops": _rows("""
        {z}官方旗舰店|{z}旗舰店|1|
        {z}服饰专营店|{z}服饰|1|女装连衣裙/运动鞋/羽绒服
        {z}母婴用品店|{z}母婴|2|儿童玩具/儿童安全座椅/床上四件套
        {z}生鲜直营店|{z}生鲜|1|脐橙
        {z}家居日用店|{z}日用|2|床上四件套/电饭煲
        {z}优选店|{z}优选|2|
        """), "products": _rows("""
        女装连衣裙|件|89|359
        运动鞋|双|199|899
        儿童玩具|套|49|299
        床上四件套|套|129|499
        电饭煲|台|159|599
        脐橙|箱|39|129
        羽绒服|件|299|1299
        儿童安全座椅|个|399|1299
        """), "problems": _rows("""
        物流显示已签收但本人根本没有收到|
        收到的商品和页面描述完全不符|
        申请七天无理由退货被拒绝|
        付款后商家迟迟不发货|
        收到的水果烂了一大半|脐橙
        尺码和描述严重不符，退货还要我出运费|女装连衣裙/运动鞋/羽绒服
        下单后商家以缺货为由取消订单，优惠券也没退|
        收到的是二手商品，有明显使用痕迹|运动鞋/电饭煲/儿童安全座椅/儿童玩具
        质量很差，洗一次就开线了|女装连衣裙/羽绒服/床上四件套
        羽绒服钻绒严重，含绒量和标注不符|羽绒服
        """), "open": _rows("""
        {d}通过{plat}在{m}下单购买了{p}，实付{a}元。|
        {d}在{plat}上的{m}买了{p}。|
        本人{d}在{m}网购{p}一{u}，|
        """)},
    "courier": {"weight": 5, "open": _rows("""
        {d}有个快递到了{m}，|快递包裹
        我的包裹由{m}派送，{d}显示已签收。|快递包裹
        {d}在{m}寄了一件东西，运费{a}元。|寄件服务
        """), "shops": _rows("""
        清水{z}快递服务有限公司{d}网点|{z}快递|1|
        清水市{d}{z}快递驿站|{z}驿站|2|快递包裹
        """), "products": _rows("""
        快递包裹|件|10|30
        寄件服务|件|12|45
        """), "problems": _rows("""
        包裹被放进驿站没有任何通知，还被收取超期保管费|快递包裹
        快递丢了，网点互相推诿|
        寄的东西到了对方手里已经摔坏|寄件服务
        快递员不送货上门，直接放在门口被偷|快递包裹
        快递员私自签收，我根本没见到东西|快递包裹
        """)},
    "training": {"weight": 6, "shops": _rows("""
        清水{z}教育咨询有限公司|{z}教育|1|少儿英语课程/编程课/职业资格培训
        清水市{z}培训学校|{z}培训|1|少儿英语课程/舞蹈课/编程课/职业资格培训
        清水{z}驾驶员培训有限公司|{z}驾校|1|驾驶培训
        清水市{d}{z}健身服务部|{z}健身|2|健身年卡/私教课
        清水{z}艺术培训中心|{z}艺术|1|舞蹈课
        """), "products": _rows("""
        少儿英语课程|期|3800|12800
        舞蹈课|期|1200|4800
        驾驶培训|人|3800|5800
        健身年卡|张|1288|3688
        私教课|节|200|400
        职业资格培训|期|1980|6800
        编程课|期|2980|9800
        """), "problems": _rows("""
        要求退剩余课时费被拒绝|
        老师频繁更换，教学质量很差|少儿英语课程/舞蹈课/编程课/职业资格培训
        报名时承诺包过，没考过却不退费|驾驶培训/职业资格培训
        机构搬到很远的地方也不提前通知|
        合同里有不退费的霸王条款|
        报名时被诱导办了培训贷|少儿英语课程/编程课/职业资格培训
        健身房装修停业{n}个月，会员卡也不给延期|健身年卡/私教课
        教练索要好处费，不给就不安排练车|驾驶培训
        """), "open": _rows("""
        {d}在{m}报了{p}，交了{a}元。|少儿英语课程/舞蹈课/驾驶培训/职业资格培训/编程课
        本人于{d}在{m}报名{p}，一次性交费{a}元。|少儿英语课程/舞蹈课/驾驶培训/职业资格培训/编程课
        {d}给孩子在{m}报了{p}，{a}元。|少儿英语课程/舞蹈课/编程课
        {d}在{m}办了{p}，{a}元。|健身年卡/私教课
        {d}在{m}买了{q}{u}{p}，一共{a}元。|私教课
        """)},
    "car": {"weight": 5, "shops": _rows("""
        清水市{d}{z}汽车维修服务部|{z}汽修|2|@repairs/洗车卡
        清水{z}汽车销售服务有限公司|{z}汽车4S店|1|新车/车辆保养/发动机维修/钣金喷漆
        清水市{d}{z}轮胎经营部|{z}轮胎|2|更换轮胎
        """), "products": _rows("""
        车辆保养|次|380|1280
        更换刹车片|次|300|900
        钣金喷漆|次|600|3000
        更换轮胎|条|400|1200
        发动机维修|次|2000|9000
        新车|辆|69800|189800
        洗车卡|张|300|1000
        """), "problems": _rows("""
        保养完发动机故障灯就亮了|车辆保养/发动机维修
        换上的配件怀疑是副厂件|车辆保养/更换刹车片/发动机维修/钣金喷漆
        维修费比当初的报价多出好几千|发动机维修/钣金喷漆
        车放在店里一个多月还没修好|发动机维修/钣金喷漆
        提车时发现车门有补漆痕迹|新车
        洗车卡里的余额不给退|洗车卡
        新换的轮胎没几天就鼓包了|更换轮胎
        收费时多收了没做的项目|车辆保养/更换刹车片/更换轮胎
        """), "open": _rows("""
        {d}在{m}做了{p}，|车辆保养/更换刹车片/钣金喷漆/发动机维修
        {d}在{m}进行{p}，花费{a}元。|车辆保养/更换刹车片/钣金喷漆/更换轮胎/发动机维修
        {d}在{m}换了{q}{u}轮胎，花了{a}元。|更换轮胎
        {d}在{m}买了一辆新车，落地价{a}元。|新车
        {d}在{m}办了洗车卡，充值{a}元。|洗车卡
        """)},
    "property": {"weight": 4, "shops": _rows("""
        清水{z}物业服务有限公司|{z}物业|1|
        清水{z}物业管理有限公司{r}项目部|{z}物业|1|
        """), "products": _rows("""
        物业服务|年|1200|3600
        停车费|月|150|400
        装修押金|笔|1000|3000
        """), "problems": _rows("""
        小区电梯经常停运，物业不管|物业服务
        物业费上涨没有公示也没征求业主意见|物业服务
        地下车库积水好几天无人处理|物业服务/停车费
        楼道灯坏了几个月没人修|物业服务
        停车收费标准不明确，乱收费|停车费
        装修押金迟迟不退|装修押金
        """), "open": _rows("""
        我是{e}的业主，小区物业是{m}。|
        本人住在{e}，由{m}负责物业管理。|
        """)},
    "telecom": {"weight": 3, "open": _rows("""
        {d}在{m}办理了{p}，|
        本人在{m}办的{p}，{a}元。|宽带/手机套餐
        """), "shops": _rows("""
        清水市{d}{z}通信营业厅|{z}营业厅|2|
        清水{z}网络科技有限公司|{z}宽带|1|宽带
        """), "products": _rows("""
        手机套餐|月|58|199
        宽带|年|600|1500
        流量包|个|10|50
        """), "problems": _rows("""
        被开通了没有订购过的增值业务|手机套餐/流量包
        宽带三天两头断网|宽带
        要求降低套餐被拒绝|手机套餐
        营业员办理时没说清楚合约期|手机套餐/宽带
        """)},
    "decor": {"weight": 4, "open": _rows("""
        {d}和{m}签了{p}合同，总价{a}元。|全屋装修
        {d}在{m}订了{p}，花了{a}元。|定制衣柜/实木沙发/瓷砖/木门
        """), "shops": _rows("""
        清水{z}装饰工程有限公司|{z}装饰|1|全屋装修/瓷砖
        清水市{d}{z}家居生活馆|{z}家居|2|实木沙发/木门/瓷砖
        清水{z}全屋定制有限公司|{z}定制|1|定制衣柜/木门
        """), "products": _rows("""
        全屋装修|套|38000|158000
        定制衣柜|套|6800|28000
        实木沙发|套|5800|19800
        瓷砖|批|3000|12000
        木门|樘|1200|3800
        """), "problems": _rows("""
        工期拖延了{n}个多星期|全屋装修/定制衣柜
        甲醛味道很重，孩子住进去咳嗽|定制衣柜/实木沙发
        实际用料和合同约定的不一样|
        完工不久墙面就开裂了|全屋装修
        交了定金后公司一直不开工|全屋装修/定制衣柜
        到货的颜色和样品差别很大|瓷砖/木门/实木沙发
        """)},
    "travel": {"weight": 3, "shops": _rows("""
        清水{z}国际旅行社有限公司|{z}旅行社|1|跟团游/景区门票
        清水市{d}{z}大酒店|{z}大酒店|1|酒店住宿
        清水市{d}{z}民宿|{z}民宿|2|酒店住宿
        """), "products": _rows("""
        跟团游|人|1280|4980
        酒店住宿|晚|168|688
        景区门票|张|60|180
        """), "problems": _rows("""
        导游强制进店购物|跟团游
        行程被擅自更改，景点少去了两个|跟团游
        房间卫生很差，床单上有污渍|酒店住宿
        预订成功后到店被告知没有房间|酒店住宿
        门票买了到景区才说要另外预约，进不去也不给退|景区门票
        """), "open": _rows("""
        {d}在{m}订了{p}，花了{a}元。|酒店住宿/景区门票
        {d}通过{plat}在{m}预订了{p}。|酒店住宿/景区门票
        {d}参加了{m}组织的{p}，团费{a}元。|跟团游
        {d}在{m}报了一个{p}，每人{a}元。|跟团游
        """)},
    "pharmacy": {"weight": 4, "shops": _rows("""
        清水{z}大药房连锁有限公司{r}店|{z}大药房|1|
        清水{z}健康科技有限公司|{z}健康馆|1|保健品/钙片/电子血压计
        """), "products": _rows("""
        保健品|盒|98|980
        电子血压计|台|129|399
        中药饮片|付|30|200
        医用口罩|盒|15|40
        钙片|瓶|68|268
        """), "problems": _rows("""
        推销人员说能治高血压，老人吃了{n}个月没有任何效果|保健品/钙片
        买到的东西离过期只剩几天了|中药饮片/医用口罩/钙片/保健品
        价格比别的药店贵了一倍|
        血压计测量误差很大|电子血压计
        """)},
    "services": {"weight": 5, "open": _rows("""
        {d}把一件羽绒服送到{m}干洗，花了{a}元。|干洗羽绒服
        {d}在{m}办了{p}，充了{a}元。|美发充值卡
        {d}在{m}买了一只小狗，{a}元。|宠物狗
        {d}在{m}订了{p}，{a}元。|婚纱摄影套餐
        {d}请{m}上门做{p}，|保洁服务
        """), "shops": _rows("""
        清水市{d}{z}洗衣店|{z}干洗|2|干洗羽绒服
        清水市{d}{z}美发店|{z}造型|2|美发充值卡
        清水市{d}{z}宠物店|{z}宠物|2|宠物狗
        清水{z}婚纱摄影有限公司|{z}婚纱摄影|1|婚纱摄影套餐
        清水市{d}{z}家政服务部|{z}家政|2|保洁服务
        """), "products": _rows("""
        干洗羽绒服|件|40|120
        美发充值卡|张|500|3000
        宠物狗|只|800|3500
        婚纱摄影套餐|套|3999|12999
        保洁服务|次|120|400
        """), "problems": _rows("""
        衣服洗完后严重褪色，商家拒绝赔偿|干洗羽绒服
        被推销办卡，充值后店铺转让了|美发充值卡
        买回来的小狗{n}天就病死了|宠物狗
        拍摄的底片迟迟不给，还要加钱|婚纱摄影套餐
        保洁阿姨打碎了东西不承认|保洁服务
        卡里的钱被多扣了|美发充值卡
        """)},
}
for _cat in CATS.values():
    _names = {p[0]: p for p in _cat["products"]}
    _cat["shops"] = [(s[0], s[1], s[2], [_names[x] for x in _goods(s[3])] if len(s) > 3 and s[3] else
                      list(_cat["products"])) for s in _cat["shops"]]
    for _key in ("problems", "open"):
        _cat[_key] = [(p[0], frozenset(_goods(p[1])) if len(p) > 1 and p[1] else frozenset())
                      for p in _cat.get(_key, [])]


def problems_for(cat: str, product: str) -> list[str]:
    fitting = [text for text, fits in CATS[cat]["problems"] if not fits or product in fits]
    return fitting or [text for text, _fits in CATS[cat]["problems"]]


def openings_for(cat: str, product: str) -> list[str]:
    return [text for text, fits in CATS[cat]["open"] if not fits or product in fits] or OPEN_GENERIC


CAT_NAMES = list(CATS)
CAT_WEIGHTS = [CATS[c]["weight"] for c in CAT_NAMES]

OPEN_GENERIC = _lines("""
    我于{d}在{m}购买了{p}，共{a}元。
    {d}在{m}买了{q}{u}{p}，花了{a}元。
    本人{d}在{m}消费，购买{p}{q}{u}，金额{a}元。
    {d}我在{m}买了{p}。
    {d}，在{m}买的{p}，价格{a}元。
    我是{m}的老顾客，{d}在店里买了{p}。
    {d}去{m}买{p}，
    """)
GOODS_CATS = {"food", "electronics", "online", "cosmetics", "pharmacy"}
RESPONSES = _lines("""
    联系商家后对方一直推诿
    商家说不是他们的问题
    店员态度很差，拒绝处理
    客服只会让我等待
    商家答应退款但是一直没有到账
    打商家电话一直没人接
    已经和商家沟通过好几次都没结果
    负责人一直说在处理，就是没有结果
    """)
RESPONSES_GOODS = RESPONSES + _lines("""
    商家只同意换货，不同意退款
    老板说要找厂家，让我自己等
    商家让我自己承担来回运费
    商家说要先寄回去检测，检测了一个月也没消息
    """)
DEMANDS = _lines("""
    要求退款。
    要求赔偿损失。
    请帮忙协调退款{a}元。
    希望监管部门核实处理。
    要求商家道歉并赔偿。
    希望尽快处理。
    诉求：退还费用。
    请相关部门督促商家解决。
    希望能给个说法。
    """)
DEMANDS_GOODS = DEMANDS + ["希望商家退货退款。", "要求更换新品。"]
EXTRAS = _lines("""
    订单号{k}。
    小票还在。
    聊天记录都保存了。
    有照片为证。
    已经过去{n}天了。
    这已经是第二次出现这种情况了。
    家里孩子才{c}岁。
    老人不懂这些，被店员误导。
    当时店里人很多。
    我在这家店买了好几年东西了，第一次遇到这种事。
    """)

ORDINARY_OUTCOMES = Mix([("refund", 22), ("comp", 10), ("exchange", 8), ("reject", 9), ("fail", 9), ("pending", 12),
                         ("transfer", 3), ("withdraw", 6), ("unknown", 9), ("closed", 12)])
ENGLISH_SYSTEMS = {"网络平台", "政务服务网", "微信公众号"}
OUTCOME_EN = {"办结": "closed", "已办结": "closed", "结案": "closed", "调解成功": "mediated", "已赔偿": "compensated",
              "部分赔偿": "compensated", "驳回": "rejected", "不予受理": "rejected", "待处理": "pending",
              "处理中": "pending", "撤回": "withdrawn", "消费者撤回": "withdrawn", "撤诉": "withdrawn"}
OUTCOME_ZH = {"closed": "办结", "mediated": "调解成功", "compensated": "已赔偿", "rejected": "不予受理",
              "pending": "待处理", "withdrawn": "撤回"}
OUTCOMES_UNKNOWN = ["转属地", "已回访", "挂起", "退回重派", "B类办结", "已答复", "结案（无责）", "告知处理", "满意",
                    "基本满意", "已反馈", "归档", "交办", "待回访", "不满意", "二次交办", "合并处理"]


# ---------------------------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------------------------

FULLWIDTH = str.maketrans("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-",
                          "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ－")
TYPOS = [("购买", "够买"), ("已经", "以经"), ("赔偿", "陪偿"), ("投诉", "投述"), ("要求", "要球"), ("处理", "处里"),
         ("联系", "连系"), ("希望", "希忘"), ("质量", "质亮"), ("商家", "商加"), ("发现", "发线"), ("退款", "退欵"),
         ("消费者", "消费着"), ("过期", "过其"), ("的", "得")]
_ZHCONV = None


def fullwidth(text: str) -> str:
    return text.translate(FULLWIDTH)


def traditional(text: str) -> str:
    global _ZHCONV
    if _ZHCONV is None:
        import zhconv

        _ZHCONV = zhconv
    return _ZHCONV.convert(text, "zh-tw")


def typo(text: str, r: random.Random, times: int = 1) -> str:
    for _ in range(times):
        a, b = r.choice(TYPOS)
        if a in text:
            text = text.replace(a, b, 1)
    return text


def money(x: float) -> str:
    return f"{x:.0f}" if abs(x - round(x)) < 0.005 else f"{x:.2f}".rstrip("0")


def price(r: random.Random, lo: float, hi: float) -> float:
    value = r.uniform(lo, hi)
    if value < 30:
        return round(value * 2) / 2 if r.random() < 0.6 else round(value) - 0.1
    if value < 1000:
        return float(round(value)) if r.random() < 0.5 else float(round(value / 10) * 10 - 1)
    return float(round(value / 100) * 100 - (1 if r.random() < 0.5 else 0))


class Slots(dict):
    """Placeholders for templates; the ones a template does not pass are made up on demand."""

    def __init__(self, rng: random.Random, /, **kw: str) -> None:
        super().__init__(**kw)
        self.r = rng

    def __missing__(self, key: str) -> str:
        r = self.r
        makers = {"n": lambda: str(r.randint(2, 30)), "x": lambda: str(r.randint(3, 80)),
                  "g": lambda: str(r.randint(20, 150)), "c": lambda: str(r.randint(1, 9)),
                  "k": lambda: str(r.randint(10**17, 10**19 - 1)), "plat": lambda: r.choice(PLATFORMS),
                  "e": lambda: r.choice(ESTATES), "q": lambda: "1", "u": lambda: "件", "a": lambda: "",
                  "d": lambda: "前几天", "m": lambda: "该店", "p": lambda: "商品"}
        value = makers[key]() if key in makers else ""
        self[key] = value
        return value


def fill(template: str, rng: random.Random, /, **kw: str) -> str:
    return template.format_map(Slots(rng, **kw))



# ---------------------------------------------------------------------------------------------------------------
# People and shops
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Address:
    district: str
    road: str
    no: int
    estate: str = ""
    bldg: int = 0
    unit: int = 1
    room: int = 101
    village: str = ""

    def text(self, style: int) -> str:
        d, s = self.district, style % 5
        if self.village:
            return [f"清水市{d}{self.road}{self.village}村{self.unit}组{self.no}号",
                    f"{d}{self.road}{self.village}村{self.no}号",
                    f"{self.road}{self.village}村{self.unit}组{self.no}号", f"清水{d}{self.village}村{self.no}号",
                    f"{d}{self.village}村{self.unit}组{self.no}号"][s]
        if self.estate:
            b, u, rm = self.bldg, self.unit, self.room
            return [f"清水市{d}{self.road}{self.no}号{self.estate}{b}栋{u}单元{rm}室",
                    f"{d}{self.estate}{b}栋{u}单元{rm}",
                    f"{self.estate}{b}-{u}-{rm}",
                    f"清水市{d}{self.estate}{b}幢{u}单元{rm}室",
                    f"{self.road}{self.no}号{self.estate}{b}#{u}-{rm}"][s]
        u, rm = self.unit, self.room
        return [f"清水市{d}{self.road}{self.no}号{u}单元{rm}", f"{d}{self.road}{self.no}号{u}单元{rm}室",
                f"{self.road}{self.no}-{u}-{rm}", f"清水{d}{self.road}{self.no}号{u}-{rm}",
                f"{self.road}{self.no}号{u}单元{rm}"][s]


@dataclass
class Person:
    name: str
    surname: str
    male: bool
    birth: date
    idn: str
    phone: str
    addr: Address
    style: int = 0  # the way this person writes the address

    @property
    def honorific(self) -> str:
        if self.birth.year < 1962:
            return f"{self.surname}{'大爷' if self.male else '阿姨'}"
        return f"{self.surname}{'先生' if self.male else '女士'}"


@dataclass
class Merchant:
    name: str
    sign: str
    uscc: str
    cat: str
    district: str
    address: str
    online: bool = False
    products: list = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------------------
# Pictures
# ---------------------------------------------------------------------------------------------------------------


class Evidence:
    """Names evidence pictures and, when drawing is on, draws them. Drawing uses its own random streams, so the
    CSV is the same with or without pictures."""

    def __init__(self, folder: Path, seed: int, enabled: bool) -> None:
        self.folder, self.seed, self.enabled = folder, seed, enabled
        self.count = 0
        self.used: set[str] = set()
        self.cache: dict[int, object] = {}
        if enabled:
            folder.mkdir(parents=True, exist_ok=True)
            from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont, ImageOps

            self.Image, self.ImageDraw, self.ImageEnhance = Image, ImageDraw, ImageEnhance
            self.ImageFilter, self.ImageOps = ImageFilter, ImageOps
            self.fonts = {size: ImageFont.load_default(size=size) for size in (9, 11, 13, 16, 20)}
            noise_rng = random.Random(f"qingshui-noise:{seed}")
            self.noise = [Image.effect_noise((400, 400), sigma).convert("RGB").rotate(noise_rng.choice([0, 90]))
                          for sigma in (25, 40, 55)]
            ramp = Image.linear_gradient("L").resize((400, 400), Image.BILINEAR)
            self.gradients = [ramp.rotate(angle) for angle in (0, 90, 180, 270)]

    # ----- names ---------------------------------------------------------------------------------------------
    def _name(self, r: random.Random, when: datetime, png: bool = False, kind: str = "") -> str:
        self.count += 1
        ext = "png" if png else r.choice(["jpg", "jpg", "jpg", "jpeg", "JPG"])
        secs = when.hour * 3600 + when.minute * 60 + r.randint(0, 3599)
        stamp = f"{when:%Y%m%d}{min(secs // 3600, 23):02d}{secs // 60 % 60:02d}{secs % 60:02d}"
        ms = int((when - UNIX_EPOCH_BEIJING).total_seconds()) * 1000 + r.randint(0, 99999)
        if png:
            style = r.choice([f"Screenshot_{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}-{stamp[8:10]}-{stamp[10:12]}-"
                              f"{stamp[12:]}.png", f"截图_{stamp}.png", f"Screenshot_{stamp}_com.tencent.mm.png",
                              f"{r.getrandbits(64):016x}.png"])
        else:
            style = r.choice([f"IMG_{stamp[:8]}_{stamp[8:]}.{ext}", f"mmexport{ms}.{ext}", f"微信图片_{stamp}.{ext}",
                              f"{r.getrandbits(128):032x}.{ext}", f"IMG{stamp}.{ext}",
                              f"P{stamp[2:8]}-{stamp[8:]}.{ext}",
                              f"照片{self.count}.{ext}",
                              f"{'小票' if kind == 'receipt' else '图片'}{self.count}.{ext}"])
        name, k = style, 1
        while name in self.used:
            k += 1
            stem, _, extension = style.rpartition(".")
            name = f"{stem}({k}).{extension}"
        self.used.add(name)
        return name

    def _img_rng(self, tag: str) -> random.Random:
        return random.Random(f"qingshui:{self.seed}:{tag}:{self.count}")

    # ----- public: each returns the file name -----------------------------------------------------------------
    def photo(self, r: random.Random, when: datetime, kind: str) -> str:
        """A fresh picture of a fresh object."""
        png = kind == "screen"
        name = self._name(r, when, png, kind)
        if self.enabled:
            ir = self._img_rng("photo")
            design = (kind, ir.getrandbits(48))
            img = self._screen(ir) if png else self._shot(design, ir, closeup=ir.random() < 0.3)
            self._save(img, name, ir)
        return name

    def shot(self, r: random.Random, when: datetime, design: tuple[str, int], closeup: bool = True) -> str:
        """Another photograph of the same object (same product, same lot, same notice): similar, not equal."""
        name = self._name(r, when)
        if self.enabled:
            ir = self._img_rng("shot")
            self._save(self._shot(design, ir, closeup=closeup), name, ir)
        return name

    def original(self, r: random.Random, when: datetime, kind: str) -> tuple[str, int]:
        """A picture kept to be reused; returns its name and a handle for :meth:`edited`."""
        name = self._name(r, when)
        handle = self.count
        if self.enabled:
            ir = self._img_rng("original")
            img = self._shot((kind, ir.getrandbits(48)), ir, closeup=True)
            self.cache[handle] = img
            self._save(img, name, ir, quality=90)
        return name, handle

    def edited(self, r: random.Random, when: datetime, handle: int, edit: str) -> str:
        """The kept picture again: ``same``, ``recompress``, ``rotate``, ``mirror``, ``crop``, ``frame``,
        ``resize``, ``bright`` or several joined by ``+``."""
        png = "frame" in edit
        name = self._name(r, when, png)
        if self.enabled:
            ir = self._img_rng("edit")
            img = self.cache[handle]
            quality = 90 if edit == "same" else ir.randint(55, 85)
            for step in edit.split("+"):
                img = self._edit(img, step, ir)
                if step == "recompress":
                    quality = ir.randint(30, 50)
            self._save(img, name, ir, quality=quality)
        return name

    # ----- drawing ---------------------------------------------------------------------------------------------
    def _save(self, img, name: str, ir: random.Random, quality: int | None = None) -> None:
        path = self.folder / name
        if name.lower().endswith(".png"):
            img.save(path, "PNG", compress_level=1)
        else:
            img.convert("RGB").save(path, "JPEG", quality=quality or ir.randint(62, 92))

    @staticmethod
    def _color(r: random.Random, lo: int = 0, hi: int = 255) -> tuple[int, int, int]:
        return r.randint(lo, hi), r.randint(lo, hi), r.randint(lo, hi)

    def _background(self, ir: random.Random, w: int, h: int):
        Image, ImageDraw = self.Image, self.ImageDraw
        base = Image.new("RGB", (w, h), self._color(ir, 60, 230))
        other = Image.new("RGB", (w, h), self._color(ir, 30, 240))
        grad = ir.choice(self.gradients).crop((0, 0, w, h))
        img = Image.composite(other, base, grad)
        draw = ImageDraw.Draw(img)
        for _ in range(ir.randint(2, 7)):
            x0, y0 = ir.randint(-40, w), ir.randint(-40, h)
            box = [x0, y0, x0 + ir.randint(20, 160), y0 + ir.randint(20, 160)]
            if ir.random() < 0.5:
                draw.rectangle(box, fill=self._color(ir, 40, 250))
            else:
                draw.ellipse(box, fill=self._color(ir, 40, 250))
        return img

    def _object(self, design: tuple[str, int]):
        """The object itself, the same every time for one design."""
        kind, dseed = design
        dr = random.Random(dseed)
        Image, ImageDraw = self.Image, self.ImageDraw
        ow, oh = dr.randint(120, 170), dr.randint(140, 210)
        layer = Image.new("RGBA", (ow, oh), (0, 0, 0, 0))
        d = ImageDraw.Draw(layer)
        font, small = self.fonts[13], self.fonts[9]
        ink = self._color(dr, 0, 90)
        made = date(2023 + dr.randint(0, 1), dr.randint(1, 12), dr.randint(1, 28))
        lot = f"LOT {made:%Y%m%d}{dr.choice('ABCDE')}{dr.randint(1, 9)}"
        if kind in ("pack", "card", "notice"):
            body = (250, 250, 245) if kind == "notice" else self._color(dr, 40, 250)
            radius = 2 if kind == "notice" else dr.randint(4, 16)
            d.rounded_rectangle([0, 0, ow - 1, oh - 1], radius=radius, fill=body, outline=ink)
            y0 = dr.randint(8, oh // 2)
            d.rectangle([0, y0, ow, y0 + dr.randint(22, 48)], fill=(200, 20, 20) if kind == "notice" else
                        self._color(dr, 0, 255))
            for _ in range(dr.randint(1, 4)):
                x = dr.randint(0, ow)
                d.line([x, 0, x + dr.randint(-60, 60), oh], fill=self._color(dr), width=dr.randint(1, 5))
            cx, cy, rad = dr.randint(20, ow - 20), dr.randint(20, oh - 20), dr.randint(8, 26)
            d.ellipse([cx - rad, cy - rad, cx + rad, cy + rad], fill=self._color(dr))
            label = "".join(dr.choice("ABCDEFGHKMNPRSTUWXYZ") for _ in range(dr.randint(4, 8)))
            d.text((8, y0 + 4), label, fill=(255, 255, 255), font=font)
            d.text((6, oh - 16), lot, fill=ink, font=small)
            for i in range(1, dr.randint(2, 7) if kind == "notice" else 1):
                d.rectangle([6, oh - 16 - 11 * i, 6 + dr.randint(30, ow - 20), oh - 11 - 11 * i], fill=ink)
        elif kind == "bottle":
            neck = ow // 4
            d.rectangle([ow // 2 - neck // 2, 0, ow // 2 + neck // 2, oh // 4], fill=self._color(dr, 0, 255))
            d.rounded_rectangle([4, oh // 5, ow - 4, oh - 1], radius=18, fill=self._color(dr, 20, 240))
            y0 = oh // 2
            d.rectangle([4, y0, ow - 4, y0 + oh // 4], fill=self._color(dr, 150, 255))
            d.text((10, y0 + 6), "".join(dr.choice("AEIMORSTV") for _ in range(6)), fill=ink, font=font)
            d.text((10, oh - 18), lot, fill=ink, font=small)
        elif kind == "plate":
            ow = oh = max(ow, oh)
            layer = Image.new("RGBA", (ow, oh), (0, 0, 0, 0))
            d = ImageDraw.Draw(layer)
            d.ellipse([0, 0, ow - 1, oh - 1], fill=self._color(dr, 215, 255), outline=(180, 180, 180))
            for _ in range(dr.randint(6, 14)):
                x, y, rad = dr.randint(30, ow - 30), dr.randint(30, oh - 30), dr.randint(6, 22)
                d.ellipse([x - rad, y - rad, x + rad, y + rad], fill=self._color(dr, 60, 230))
            x, y = dr.randint(40, ow - 40), dr.randint(40, oh - 40)
            if dr.random() < 0.5:
                points = [(x + 6 * i, y + dr.randint(-8, 8)) for i in range(8)]
                d.line(points, fill=(20, 15, 10), width=1)
            else:
                d.ellipse([x - 6, y - 4, x + 6, y + 4], fill=(40, 25, 10))
                for k in (-1, 1):
                    d.line([x - 5, y, x - 10, y + 6 * k], fill=(40, 25, 10), width=1)
                    d.line([x + 5, y, x + 10, y + 6 * k], fill=(40, 25, 10), width=1)
        elif kind == "device":
            d.rounded_rectangle([0, 0, ow - 1, oh - 1], radius=14, fill=self._color(dr, 10, 70))
            d.rectangle([8, 14, ow - 8, oh - 14], fill=self._color(dr, 20, 200))
            for _ in range(dr.randint(4, 12)):
                x, y = dr.randint(12, ow - 24), dr.randint(18, oh - 30)
                d.rectangle([x, y, x + 10, y + 10], fill=self._color(dr))
            if dr.random() < 0.7:
                x, y = dr.randint(20, ow - 20), dr.randint(20, oh - 20)
                for _ in range(dr.randint(3, 7)):
                    d.line([x, y, x + dr.randint(-70, 70), y + dr.randint(-90, 90)], fill=(235, 235, 235), width=1)
        elif kind == "receipt":
            d.rectangle([0, 0, ow - 1, oh - 1], fill=(248, 246, 238))
            y = 6
            d.text((8, y), "".join(dr.choice("ABCDEFGHKLMNPRSTUVWXY") for _ in range(8)), fill=(30, 30, 30), font=font)
            y += 20
            while y < oh - 24:  # lines of print, drawn as grey bars
                x = 6
                for _ in range(dr.randint(1, 4)):
                    width = dr.randint(8, 40)
                    if x + width > ow - 6:
                        break
                    d.rectangle([x, y, x + width, y + 5], fill=(70, 70, 70))
                    x += width + dr.randint(4, 12)
                y += 11
            d.text((6, oh - 18), f"TOTAL {dr.randint(5, 999)}.{dr.randint(0, 9)}0", fill=(10, 10, 10), font=font)
        else:  # "scene": a wall, a lift door, a flooded floor - fills the frame
            ow, oh = 260, 220
            layer = Image.new("RGBA", (ow, oh), self._color(dr, 120, 230) + (255,))
            d = ImageDraw.Draw(layer)
            for _ in range(dr.randint(3, 8)):
                x, y = dr.randint(-30, ow), dr.randint(-30, oh)
                d.ellipse([x, y, x + dr.randint(30, 120), y + dr.randint(20, 90)], fill=self._color(dr, 50, 160))
            for i in range(dr.randint(1, 3)):
                x = dr.randint(20, ow - 60)
                d.rectangle([x, 20 + 5 * i, x + dr.randint(40, 90), oh - 10], outline=ink, width=3)
        return layer

    def _shot(self, design: tuple[str, int], ir: random.Random, closeup: bool = False):
        w, h = ir.randint(220, 400), ir.randint(200, 400)
        img = self._background(ir, w, h)
        obj = self._object(design)
        fill = ir.uniform(0.75, 0.95) if closeup else ir.uniform(0.4, 0.75)
        scale = fill * min(w / obj.width, h / obj.height)
        obj = obj.resize((max(8, int(obj.width * scale)), max(8, int(obj.height * scale))), self.Image.BILINEAR)
        if ir.random() < 0.5:
            obj = obj.rotate(ir.uniform(-12, 12), expand=True, resample=self.Image.BILINEAR)
        x = ir.randint(min(0, w - obj.width), max(0, w - obj.width))
        y = ir.randint(min(0, h - obj.height), max(0, h - obj.height))
        img.paste(obj, (x, y), obj)
        img = self.ImageEnhance.Brightness(img).enhance(ir.uniform(0.75, 1.2))
        tile = ir.choice(self.noise)
        x, y = ir.randint(0, tile.width - w), ir.randint(0, tile.height - h)
        img = self.Image.blend(img, tile.crop((x, y, x + w, y + h)), ir.uniform(0.03, 0.1))
        if ir.random() < 0.15:
            img = img.filter(self.ImageFilter.BoxBlur(1))
        return img

    def _screen(self, ir: random.Random):
        """A chat or order-page screenshot."""
        w, h = ir.randint(220, 300), ir.randint(330, 400)
        img = self.Image.new("RGB", (w, h), self._color(ir, 225, 250))
        d = self.ImageDraw.Draw(img)
        d.rectangle([0, 0, w, 18], fill=self._color(ir, 0, 60))
        d.text((6, 3), f"{ir.randint(0, 23):02d}:{ir.randint(0, 59):02d}", fill=(255, 255, 255), font=self.fonts[11])
        d.rectangle([0, 18, w, 46], fill=self._color(ir, 30, 250))
        y = 54
        while y < h - 50:
            bw, bh = ir.randint(60, w - 50), ir.randint(18, 60)
            left = ir.random() < 0.5
            x0 = 36 if left else w - 36 - bw
            d.rounded_rectangle([x0, y, x0 + bw, y + bh], radius=6,
                                fill=(255, 255, 255) if left else self._color(ir, 120, 240))
            d.rectangle([6 if left else w - 30, y, 30 if left else w - 6, y + 24], fill=self._color(ir))
            for k in range(bh // 14):
                d.line([x0 + 6, y + 8 + 13 * k, x0 + ir.randint(20, bw - 6), y + 8 + 13 * k], fill=(70, 70, 70),
                       width=2)
            y += bh + ir.randint(8, 20)
        d.rectangle([0, h - 40, w, h], fill=self._color(ir, 200, 240))
        return img

    def _edit(self, img, step: str, ir: random.Random):
        Image = self.Image
        if step == "rotate":
            return img.transpose(ir.choice([Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270]))
        if step == "mirror":
            return self.ImageOps.mirror(img)
        if step == "crop":
            w, h = img.size
            left, top = int(w * ir.uniform(0.03, 0.15)), int(h * ir.uniform(0.03, 0.15))
            return img.crop((left, top, w - int(w * ir.uniform(0.0, 0.12)), h - int(h * ir.uniform(0.0, 0.12))))
        if step == "resize":
            f = ir.uniform(0.6, 0.85)
            return img.resize((int(img.width * f), int(img.height * f)))
        if step == "bright":
            return self.ImageEnhance.Brightness(img).enhance(ir.uniform(1.1, 1.3))
        if step == "frame":
            w = ir.randint(240, 300)
            h = min(400, int(w * ir.uniform(1.6, 1.9)))
            frame = Image.new("RGB", (w, h), (237, 237, 237))
            d = self.ImageDraw.Draw(frame)
            d.rectangle([0, 0, w, 20], fill=(20, 20, 20))
            d.text((6, 4), f"{ir.randint(7, 23)}:{ir.randint(0, 59):02d}", fill=(255, 255, 255), font=self.fonts[11])
            d.rectangle([0, 20, w, 48], fill=(248, 248, 248))
            d.rectangle([0, h - 44, w, h], fill=(246, 246, 246))
            inner_w = int(w * ir.uniform(0.62, 0.78))
            inner = img.resize((inner_w, max(10, int(img.height * inner_w / img.width))))
            if inner.height > h - 110:
                inner = inner.resize((max(10, int(inner.width * (h - 110) / inner.height)), h - 110))
            x = w - inner.width - 40 if ir.random() < 0.5 else 40
            frame.paste(inner, (x, 58))
            return frame
        return img  # "same", "recompress": the saving does it


# ---------------------------------------------------------------------------------------------------------------
# The city
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Group:
    family: str  # "schemes" or "traps"
    kind: str
    size: int
    gid: str = ""
    rows: list = field(default_factory=list)


class Qingshui:
    def __init__(self, out: Path, seed: int, rows: int, pictures: bool) -> None:
        self.out, self.seed, self.n_rows = out, seed, rows
        self.rng = Rng(seed * 7919 + 11)
        self.encoding = "gb18030" if seed % 2 else "utf-8-sig"
        self.ev = Evidence(out / "evidence", seed, pictures)
        r = self.rng
        self.phone_mult = r.randrange(10**7, 10**8) | 1
        while self.phone_mult % 5 == 0:
            self.phone_mult += 2
        self.phone_add = r.randrange(10**8)
        self.person_count = 0
        self.ids: set[int] = set()
        self.blocks: set[str] = set()
        self.zihao_used: set[str] = set()
        self.merchants: dict[str, list[Merchant]] = {}
        self.merchant_cum: dict[str, list[float]] = {}
        per_cat = max(20, min(3000, rows // 80))
        for cat in CAT_NAMES:
            count = max(12, int(per_cat * CATS[cat]["weight"] / 8))
            self.merchants[cat] = [self.new_merchant(cat) for _ in range(count)]
            self.merchant_cum[cat] = list(accumulate(1.0 / (i + 2) ** 0.8 for i in range(count)))
        self.recent: deque[Person] = deque(maxlen=4000)
        self.buf = io.StringIO()
        self.writer = csv.writer(self.buf, lineterminator="\r\n")

    # ----- identities ------------------------------------------------------------------------------------------
    def new_phone(self) -> str:
        while True:
            k = self.person_count  # a bijection of the person number: never the same eight last digits twice
            self.person_count += 1
            phone = f"{self.rng.choice(PHONE_PREFIXES)}{(self.phone_mult * k + self.phone_add) % 10**8:08d}"
            if phone[:7] not in self.blocks:  # a ring's block of numbers is the ring's alone
                return phone

    def new_block(self) -> str:
        while True:
            block = self.rng.choice(RING_PREFIXES) + f"{self.rng.randrange(10000):04d}"
            if block not in self.blocks:
                self.blocks.add(block)
                return block

    def new_idn(self, birth: date, male: bool, local: bool) -> str:
        r = self.rng
        while True:
            area = r.choice(LOCAL_AREAS if local else OTHER_AREAS)
            seq = r.randrange(0, 500) * 2 + (1 if male else 0)
            body = f"{area}{birth:%Y%m%d}{seq:03d}"
            key = int(body)
            if key not in self.ids:
                self.ids.add(key)
                return body + id_check(body)

    def new_name(self, male: bool, surname: str | None = None) -> tuple[str, str]:
        r = self.rng
        s = surname or SURNAME_MIX(r)
        pool = MALE if male else FEMALE
        given = r.choice(pool) + (r.choice(pool) if r.random() < 0.65 else "")
        return s + given, s

    def new_address(self, district: str | None = None) -> Address:
        r = self.rng
        d = district or DISTRICT_MIX(r)
        if d in COUNTIES and r.random() < 0.6:
            return Address(d, r.choice(TOWNS[d]), r.randint(1, 88), village=r.choice(VILLAGES), unit=r.randint(1, 9))
        road = r.choice(ROADS) + r.choice(ROAD_SUFFIX)
        if r.random() < 0.7:
            return Address(d, road, r.randint(1, 399), r.choice(ESTATES), r.randint(1, 32), r.randint(1, 4),
                           r.randint(1, 26) * 100 + r.randint(1, 4))
        return Address(d, road, r.randint(1, 399), unit=r.randint(1, 6), room=r.randint(1, 7) * 100 + r.randint(1, 4))

    def new_person(self, *, male: bool | None = None, age: tuple[int, int] = (20, 72), surname: str | None = None,
                   local: float = 0.8, addr: Address | None = None, district: str | None = None) -> Person:
        r = self.rng
        male = r.random() < 0.48 if male is None else male
        name, s = self.new_name(male, surname)
        year = 2024 - r.randint(*age)
        birth = date(year, r.randint(1, 12), r.randint(1, 28))
        idn = self.new_idn(birth, male, r.random() < local)
        return Person(name, s, male, birth, idn, self.new_phone(), addr or self.new_address(district),
                      r.randrange(5))

    def new_merchant(self, cat: str, district: str | None = None) -> Merchant:
        r = self.rng
        shop_name, sign, kind, products = r.choice(CATS[cat]["shops"])
        while True:
            z = r.choice(ZIHAO) + r.choice(ZIHAO)
            if z[0] != z[1] and z not in self.zihao_used:
                self.zihao_used.add(z)
                break
            if len(self.zihao_used) > len(ZIHAO) ** 2 * 0.8:  # a big file: allow three-character trade names
                z = r.choice(ZIHAO) + z
                if z not in self.zihao_used:
                    self.zihao_used.add(z)
                    break
        d = district or DISTRICT_MIX(r)
        s = SURNAME_MIX(r)
        road = r.choice(ROADS) + r.choice(ROAD_SUFFIX)
        online = bool(CATS[cat].get("online"))
        values = Slots(r, d=d, z=z, s=s, r=road.rstrip("路街巷") if r.random() < 0.5 else road)
        area = r.choice(OTHER_AREAS) if online else r.choice(LOCAL_AREAS)
        address = "网店" if online else f"清水市{d}{road}{r.randint(1, 399)}号"
        return Merchant(shop_name.format_map(values), sign.format_map(values), self.new_uscc(kind, area), cat, d,
                        address, online, products)

    def new_uscc(self, kind: str, area: str) -> str:
        """Registered by market regulation (9), a company (1) or an individual business (2)."""
        r = self.rng
        if r.random() < 0.55:  # issued since 2015: "MA" and six more characters
            org = "MA" + "".join(r.choice(USCC_ALPHABET) for _ in range(6))
        else:  # converted from an old organisation code
            org = f"{r.randrange(10**8):08d}"
        body = f"9{kind}{area}{org}{org_check(org)}"
        return body + uscc_check(body)

    def pick_merchant(self, cat: str) -> Merchant:
        cum = self.merchant_cum[cat]
        return self.merchants[cat][bisect.bisect(cum, self.rng.random() * cum[-1])]

    def pick_cat(self, choices: list[str] | None = None) -> str:
        if choices:
            return self.rng.choice(choices)
        return self.rng.choices(CAT_NAMES, weights=CAT_WEIGHTS)[0]

    def bank_card(self) -> str:
        r = self.rng
        body = r.choice(CARD_BINS) + "".join(str(r.randrange(10)) for _ in range(r.choice([9, 12])))
        return luhn_complete(body)

    # ----- time ------------------------------------------------------------------------------------------------
    def stamp(self, day: date, channel: str) -> datetime:
        r = self.rng
        if channel in ("市场监管局窗口", "信访", "消协"):
            while day.weekday() >= 5:
                day += timedelta(days=1)
            hour = r.choice([9, 9, 10, 10, 11, 14, 15, 15, 16, 17])
        elif channel in HOTLINES:
            hour = r.choice([8, 9, 9, 10, 10, 11, 12, 14, 15, 16, 17, 19, 20, 21])
        else:
            hour = r.choice([0, 1, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 21, 21, 22, 22, 23])
        return datetime(day.year, day.month, day.day, hour, r.randrange(60), r.randrange(60))

    def window(self, span: int) -> date:
        """First day of a stretch of ``span`` days inside the export's two years."""
        return (START + timedelta(days=self.rng.randint(5, max(6, DAYS - span - 5)))).date()

    # ----- formatting cells --------------------------------------------------------------------------------------
    def fmt_time(self, dt: datetime, channel: str, date_only_ok: bool = True) -> str:
        r = self.rng
        styles = {"12315平台": "iso", "全国12315平台": "iso", "12345热线": "cn_ampm", "12315热线": "slash",
                  "市场监管局窗口": "cn", "网络平台": "unix", "信访": "cn", "来信": "cn", "市长信箱": "yy",
                  "消协": "excel", "举报": "iso", "微信公众号": "unix_ms", "媒体曝光": "dot", "政务服务网": "isot",
                  "行政复议": "cn", "法院诉讼": "cn"}
        style = styles.get(channel, "iso")
        if r.random() < 0.12:
            style = r.choice(["iso", "min", "slash", "cn", "excel", "us", "isot", "dot", "unix", "yy"])
        if not date_only_ok and style in ("cn", "dot"):
            style = "min"
        return fmt_dt(dt, style, r)

    def fmt_phone(self, phone: str, channel: str) -> str:
        r = self.rng
        x = r.random()
        if channel in HOTLINES and x < 0.12:
            return phone[:3] + "****" + phone[7:]
        x = r.random()
        if x < 0.6:
            return phone
        if x < 0.68:
            return f"{phone[:3]}-{phone[3:7]}-{phone[7:]}"
        if x < 0.75:
            return f"{phone[:3]} {phone[3:7]} {phone[7:]}"
        if x < 0.79:
            return f"+86 {phone[:3]}-{phone[3:7]}-{phone[7:]}"
        if x < 0.82:
            return "+86" + phone
        if x < 0.83:
            return "0086" + phone
        if x < 0.87:
            return "'" + phone
        if x < 0.9:
            return fullwidth(phone)
        if x < 0.92:
            return phone[:3] + "****" + phone[7:]
        return ""

    def fmt_name(self, p: Person, channel: str) -> str:
        r = self.rng
        x = r.random()
        if channel in HOTLINES:
            if x < 0.45:
                return p.honorific if r.random() < 0.85 else f"老{p.surname}"
            if x < 0.52:
                return ""
        if channel == "媒体曝光":
            return "" if x < 0.6 else p.surname + "某"
        if x < 0.03:
            return p.surname + "**"
        if x < 0.045:
            return f"{p.surname}*{p.name[-1]}" if len(p.name) > 2 else p.surname + "*"
        if x < 0.055:
            return p.surname + "××"
        if x < 0.075:
            return ""
        if x < 0.085:
            return traditional(p.name)
        if x < 0.09:
            return p.name[0] + " " + p.name[1:]
        return p.name

    def fmt_idn(self, idn: str, channel: str) -> str:
        r = self.rng
        keep = {"12315平台": 0.55, "全国12315平台": 0.55, "市场监管局窗口": 0.85, "信访": 0.75, "来信": 0.5,
                "消协": 0.6, "举报": 0.4, "行政复议": 0.95, "法院诉讼": 0.95}.get(channel, 0.15)
        if channel in HOTLINES:
            keep = 0.08
        if r.random() > keep:
            return ""
        x = r.random()
        if x < 0.72:
            return idn
        if x < 0.8:
            return "'" + idn
        if x < 0.86:
            return f"{idn[:6]} {idn[6:14]} {idn[14:]}"
        if x < 0.9:
            return idn.lower()
        if x < 0.94:
            return f"{idn[:6]}-{idn[6:14]}-{idn[14:]}"
        return fullwidth(idn)

    def fmt_amount(self, x: float | None, blank: float = 0.08) -> str:
        r = self.rng
        if x is None or r.random() < blank:
            return ""
        s = money(x)
        y = r.random()
        if y < 0.5:
            return s
        if y < 0.6:
            return f"{x:.2f}"
        if y < 0.72:
            return s + "元"
        if y < 0.8:
            return "¥" + s
        if y < 0.86:
            return "￥" + f"{x:.2f}"
        if y < 0.93:
            return f"{x:,.2f}" if x >= 1000 else s
        if y < 0.96:
            return f"约{s}元"
        return f"人民币{s}元"

    def fmt_qty(self, q: int | None, unit: str) -> str:
        r = self.rng
        if q is None or r.random() < 0.15:
            return ""
        y = r.random()
        if y < 0.65:
            return str(q)
        if y < 0.9:
            return f"{q}{unit}"
        return fullwidth(str(q))

    def date_words(self, pdate: date | None, when: datetime) -> str:
        r = self.rng
        if pdate is None:
            return r.choice(["前段时间", "上个月", "之前"])
        x = r.random()
        if x < 0.62:
            return f"{pdate.month}月{pdate.day}日"
        if x < 0.75:
            return f"{pdate.year}年{pdate.month}月{pdate.day}日"
        if x < 0.82:
            return f"{pdate.month}.{pdate.day}"
        gap = (when.date() - pdate).days
        if gap <= 1:
            return "昨天"
        if gap <= 3:
            return "前天" if gap == 2 else "前几天"
        if gap <= 9:
            return "上周"
        return "上个月" if gap < 45 else f"{pdate.month}月份"

    def messy_text(self, text: str, *, trad: float = 0.02, fw: float = 0.05, typos: float = 0.04) -> str:
        r = self.rng
        if r.random() < typos:
            text = typo(text, r, r.randint(1, 2))
        if r.random() < fw:
            text = fullwidth(text)
        if r.random() < trad:
            text = traditional(text)
        if r.random() < 0.05:
            text = text.replace("，", ",")
        if r.random() < 0.02:
            text = "  " + text + " "
        return text

    # ----- texts -------------------------------------------------------------------------------------------------
    def ordinary_text(self, cat: str, m: str, product: str, unit: str, qty: int, amount: float, pdate: date | None,
                      when: datetime, channel: str, *, problem: str | None = None, demand: str | None = None,
                      extra: float = 0.35) -> str:
        r = self.rng
        goods = cat in GOODS_CATS
        kw = {"d": self.date_words(pdate, when), "m": m, "p": product, "a": money(amount), "u": unit, "q": str(qty)}
        opening = fill(r.choice(openings_for(cat, product)), r, **kw)
        parts = [opening, fill(problem or r.choice(problems_for(cat, product)), r, **kw) + "。"]
        if r.random() < 0.75:
            response = r.choice(RESPONSES_GOODS if goods else RESPONSES)
            lead = "" if response.startswith("联系") else r.choice(["", "", "联系后", "找了店里，", "后来"])
            parts.append(lead + response + "。")
        if r.random() < extra:
            parts.append(fill(r.choice(EXTRAS), r, **kw))
        parts.append(fill(demand or r.choice(DEMANDS_GOODS if goods else DEMANDS), r, **kw))
        return self.wrap(" ".join(parts) if r.random() < 0.05 else "".join(parts), channel)

    def wrap(self, body: str, channel: str) -> str:
        r = self.rng
        if channel in HOTLINES:
            body = body.replace("本人", "来电人").replace("我家", "其家").replace("我", "其")
            return r.choice(["市民来电反映：", "来电人反映，", "来电人称：", "热线来电：", ""]) + body + r.choice(
                ["", "", "请相关部门核实处理。", "来电人要求尽快回复。"])
        if channel in LETTERS and r.random() < 0.5:
            return (r.choice(["尊敬的领导：\n", "领导您好：\n"]) + body
                    + r.choice(["\n此致\n敬礼！", "\n恳请处理为盼。"]))
        if channel == "媒体曝光":
            body = body.replace("本人", "该消费者").replace("我", "其")
            return r.choice(["据本台记者了解，", "有市民向报社反映，", "网络媒体报道："]) + body
        return body

    # ----- one row -------------------------------------------------------------------------------------------------
    def outcome(self, kind: str, amount: float | None, when: datetime,
                cat: str = "") -> tuple[str, str, float | None, datetime | None]:
        """(label, remark, compensation, closed) for an ordinary complaint of a given kind."""
        r = self.rng
        amount = amount or 0.0
        closed = when + timedelta(days=r.randint(1, 45), hours=r.randint(0, 8))
        if kind == "ordinary":
            kind = ORDINARY_OUTCOMES(r)
        if kind == "refund":
            label = r.choice(["已退款", "调解成功", "办结", "已办结", "mediated", "closed", "结案"])
            remark = r.choice(["经调解，商家同意退款{a}元", "商家已退款", "已全额退款{a}元", "商家退货退款，消费者满意",
                               "调解成功，商家退还{a}元"]).format(a=money(amount))
            return label, remark, (amount if r.random() < 0.5 else None), closed
        if kind == "comp":
            c = float(r.choice([50, 100, 100, 200, 300, 500, 800])) if amount < 2000 else round(amount * 0.2)
            label = r.choice(["已赔偿", "调解成功", "部分赔偿", "compensated"])
            remark = r.choice(["商家赔偿{c}元，双方达成一致", "经调解商家补偿{c}元", "商家退款并补偿{c}元"]).format(
                c=money(c))
            return label, remark, c, closed
        if kind == "exchange":
            remarks = ["商家同意更换新品", "已安排免费维修"] if cat in GOODS_CATS else [
                "商家上门处理，问题已解决", "商家同意继续履行合同", "商家已整改并向消费者道歉"]
            return r.choice(["调解成功", "办结", "已办结"]), r.choice(remarks), None, closed
        if kind == "reject":
            return (r.choice(["不予受理", "驳回", "rejected", "不予受理（告知）"]),
                    r.choice(["不属于消费纠纷，告知向法院起诉", "投诉人无法提供购买凭证", "超出受理时限",
                              "被投诉方不在本辖区，已告知"]), None, closed)
        if kind == "fail":
            return (r.choice(["调解不成", "终止调解", "调解失败"]),
                    r.choice(["双方分歧较大，告知可通过诉讼途径解决", "商家不同意调解", "消费者不接受商家方案"]),
                    None, closed)
        if kind == "pending":
            return r.choice(["待处理", "处理中", "pending", "", "", "受理"]), "", None, None
        if kind == "transfer":
            return (r.choice(["已转执法", "已移交稽查", "转执法办案"]), "涉嫌违法经营，已转执法机构处理", None, closed)
        if kind == "withdraw":
            return (r.choice(["撤回", "消费者撤回", "撤诉", "withdrawn"]),
                    r.choice(["问题已解决，消费者主动撤回", "消费者表示不再追究", "消费者电话告知撤回投诉",
                              "已与商家沟通解决，申请撤回"]), None, closed)
        if kind == "unknown":
            return r.choice(OUTCOMES_UNKNOWN), r.choice(["", "", "已电话回访", "按程序办理"]), None, closed
        return r.choice(["办结", "已办结", "closed", "办结（已答复）"]), r.choice(["", "已答复消费者"]), None, closed

    def row(self, p: Person | None, m: Merchant | None, when: datetime, channel: str, text: str, **kw) -> dict:
        """A complaint with everything a caller does not give made up the ordinary way."""
        r = self.rng
        row = {"when": when, "channel": channel, "person": p, "merchant": m, "text": text, "ctype": "投诉",
               "product": "", "unit": "件", "pdate": None, "qty": None, "amount": None, "claim": None, "legal": "",
               "evidence": [], "outcome": None, "remark": "", "comp": None, "closed": None}
        row.update(kw)
        if row["outcome"] is None:
            label, remark, comp, closed = self.outcome("ordinary", row["amount"], when, m.cat if m else "")
            row.update(outcome=label, remark=remark, comp=comp, closed=closed)
        row.setdefault("district", (p.addr.district if p else None) or (m.district if m else "清河区"))
        if channel == "举报":
            row["ctype"] = "举报"
        elif r.random() < 0.03:
            row["ctype"] = "咨询"
        return row

    def cells(self, row: dict) -> list[str]:
        """All cells but the complaint number."""
        r = self.rng
        p: Person | None = row["person"]
        m: Merchant | None = row["merchant"]
        ch = row["channel"]
        name = row["name_cell"] if "name_cell" in row else (self.fmt_name(p, ch) if p else "")
        phone = row["phone_cell"] if "phone_cell" in row else (self.fmt_phone(p.phone, ch) if p else "")
        idn = row["id_cell"] if "id_cell" in row else (self.fmt_idn(p.idn, ch) if p else "")
        if "addr_cell" in row:
            addr = row["addr_cell"]
        elif p and r.random() < (0.45 if ch in HOTLINES else 0.75):
            addr = p.addr.text(p.style if r.random() < 0.75 else r.randrange(5))
        else:
            addr = ""
        if m is None:
            mname, uscc, maddr = row.get("merchant_cell", ""), row.get("uscc_cell", ""), ""
        else:
            sign = r.random() < 0.07
            mname = row.get("merchant_cell") or (m.sign if sign else m.name)
            if "uscc_cell" in row:
                uscc = row["uscc_cell"]
            elif sign or r.random() < 0.22:
                uscc = ""
            else:
                uscc = m.uscc if r.random() < 0.97 else m.uscc.lower()
            maddr = m.address if r.random() < 0.6 else ""
        pdate = row["pdate"]
        pdate_cell = fmt_date(pdate, r) if isinstance(pdate, date) else pdate or ""
        evidence = row["evidence"]
        sep = r.choice([";", "；", ",", "，", "; "])
        closed = row["closed"]
        handler = r.choice(HANDLERS).format(d=row["district"], t=r.choice(HANDLER_TOWNS))
        outcome = row["outcome"]  # each intake system has its own words for how a case ended
        outcome = OUTCOME_EN.get(outcome, outcome) if ch in ENGLISH_SYSTEMS else OUTCOME_ZH.get(outcome, outcome)
        product = row["product"] if r.random() > 0.04 else ""
        return [self.fmt_time(row["when"], ch), ch, row["ctype"], name, idn, phone, addr, mname, uscc, maddr,
                product, pdate_cell, self.fmt_qty(row["qty"], row["unit"]), self.fmt_amount(row["amount"]),
                self.fmt_amount(row["claim"], blank=0.02), row["legal"], row["text"], sep.join(evidence),
                outcome, self.fmt_amount(row["comp"], blank=0.0), self.fmt_time(closed, "") if closed else "",
                row["remark"], row["district"], handler]

    def serialize(self, cells: list[str]) -> str:
        self.buf.seek(0)
        self.buf.truncate()
        self.writer.writerow(cells)
        return self.buf.getvalue()

    # ----- background --------------------------------------------------------------------------------------------
    def purchase(self, cat: str, when: datetime, product: tuple | None = None,
                 m: Merchant | None = None) -> tuple[str, str, int, float, date]:
        r = self.rng
        name, unit, lo, hi = product or r.choice(m.products if m else CATS[cat]["products"])
        qty = 1 if float(hi) > 300 or r.random() < 0.7 else r.randint(2, 4)
        amount = round(price(r, float(lo), float(hi)) * qty, 2)
        back = r.randint(0, 300) if cat in ("training", "decor", "property") else r.randint(0, 40)
        return name, unit, qty, amount, (when - timedelta(days=back)).date()

    def evidence_kind(self, cat: str) -> str:
        r = self.rng
        kinds = {"food": ["pack", "bottle", "receipt", "pack"], "catering": ["plate", "receipt", "screen"],
                 "electronics": ["device", "receipt", "screen"], "online": ["screen", "pack", "screen"],
                 "courier": ["screen", "pack"], "property": ["scene", "scene", "screen"],
                 "pharmacy": ["pack", "bottle", "receipt"], "cosmetics": ["bottle", "pack", "screen"]}
        return r.choice(kinds.get(cat, ["receipt", "screen", "scene", "card"]))

    def some_evidence(self, cat: str, when: datetime, rate: float = 0.11) -> list[str]:
        r = self.rng
        if r.random() >= rate:
            return []
        return [self.ev.photo(r, when, self.evidence_kind(cat)) for _ in range(r.choice([1, 1, 1, 1, 2, 2, 3]))]

    def ordinary(self, p: Person, when: datetime, channel: str, cat: str | None = None, m: Merchant | None = None,
                 legal: float = 0.04, **kw) -> dict:
        """An ordinary complaint by ``p`` (background, and traps built of ordinary complaints)."""
        r = self.rng
        cat = cat or (m.cat if m else self.pick_cat())
        m = m or self.pick_merchant(cat)
        product, unit, qty, amount, pdate = self.purchase(cat, when, m=m)
        shown = m.sign if r.random() < 0.4 else m.name
        text = self.ordinary_text(cat, shown if r.random() < 0.8 else "该店", product, unit, qty, amount, pdate,
                                  when, channel)
        basis, claim = "", None
        if r.random() < legal:
            basis = r.choice(["《消费者权益保护法》第二十四条", "消费者权益保护法", "《产品质量法》第四十条",
                              "《部分商品修理更换退货责任规定》", "《网络购买商品七日无理由退货暂行办法》",
                              "《明码标价和禁止价格欺诈规定》"])
        if r.random() < 0.25:
            claim = amount
        kw.setdefault("evidence", self.some_evidence(cat, when))
        row = self.row(p, m, when, channel, self.messy_text(text), product=product, unit=unit, qty=qty,
                       amount=amount, pdate=pdate if r.random() < 0.8 else None, claim=claim, legal=basis, **kw)
        return row

    def background(self, pos: int) -> str:
        r = self.rng
        day = (START + timedelta(days=DAYS * (pos + r.random()) / self.n_rows)).date()
        channel = weighted(r, CHANNELS)
        when = self.stamp(day, channel)
        if self.recent and r.random() < 0.14:
            p = r.choice(self.recent)
        else:
            p = self.new_person()
            self.recent.append(p)
        row = self.ordinary(p, when, channel)
        x = r.random()
        if x < 0.006:  # an ordinary one-off settlement between the parties
            row.update(outcome=r.choice(["撤回", "消费者撤回"]), remark="双方私下协商解决",
                       comp=None if r.random() < 0.5 else float(r.choice([100, 200, 300])))
        elif x < 0.015 and row["merchant"].cat in ("food", "catering"):  # asking the punitive amount once
            row.update(legal="《食品安全法》第一百四十八条", claim=max(1000.0, (row["amount"] or 0) * 10))
        cells = self.cells(row)
        if r.random() < 0.02:  # a system without the last two columns, and Excel dropped the empty cells at the end
            cells = cells[:-2]
            while cells and cells[-1] == "":
                cells.pop()
        if r.random() < 0.0002:
            cells[0] = r.choice(["待补录", "不详", ""])
        if r.random() < 0.001:
            cells[10] = cells[10] + "\n（赠品）"
        return self.cid(channel, when, pos) + "," + self.serialize(cells)

    @staticmethod
    def cid(channel: str, when: datetime, pos: int) -> str:
        return cid_prefix(channel, when) + f"{pos + 1:07d}"


def cid_prefix(channel: str, when: datetime) -> str:
    if "12315" in channel:
        return f"QS12315{when:%y%m}"
    if channel in HOTLINES:
        return f"RX{when:%Y%m%d}"
    if channel in LETTERS:
        return f"XF{when.year}-"
    return f"QSSJ{when.year}"


def fmt_dt(dt: datetime, style: str, r: random.Random) -> str:
    h12 = dt.hour % 12 or 12
    if style == "iso":
        return f"{dt:%Y-%m-%d %H:%M:%S}"
    if style == "isot":
        return f"{dt:%Y-%m-%dT%H:%M:%S}"
    if style == "min":
        return f"{dt:%Y-%m-%d %H:%M}"
    if style == "slash":
        return f"{dt.year}/{dt.month}/{dt.day} {dt.hour}:{dt.minute:02d}"
    if style == "cn_ampm":
        if dt.hour < 6:
            return f"{dt.year}/{dt.month:02d}/{dt.day:02d} {dt.hour:02d}:{dt.minute:02d}"
        part = "上午" if dt.hour < 12 else "中午" if dt.hour == 12 else "下午" if dt.hour < 19 else "晚上"
        return f"{dt.year}/{dt.month:02d}/{dt.day:02d} {part} {h12}:{dt.minute:02d}"
    if style == "cn":
        if r.random() < 0.7:
            return f"{dt.year}年{dt.month}月{dt.day}日"
        return f"{dt.year}年{dt.month:02d}月{dt.day:02d}日"
    if style == "dot":
        return f"{dt.year}.{dt.month}.{dt.day}"
    if style == "yy":
        return f"{dt.year % 100:02d}.{dt.month}.{dt.day} {dt.hour:02d}:{dt.minute:02d}"
    if style == "us":
        return f"{dt.month}/{dt.day}/{dt.year} {h12}:{dt.minute:02d} {'AM' if dt.hour < 12 else 'PM'}"
    if style == "excel":
        serial = (dt - EXCEL_EPOCH).total_seconds() / 86400
        return str(int(serial)) if r.random() < 0.5 else f"{serial:.4f}"
    if style == "unix":
        return str(int((dt - UNIX_EPOCH_BEIJING).total_seconds()))
    if style == "unix_ms":
        return str(int((dt - UNIX_EPOCH_BEIJING).total_seconds()) * 1000 + r.randrange(1000))
    return f"{dt:%Y-%m-%d %H:%M:%S}"


def fmt_date(d: date, r: random.Random) -> str:
    x = r.random()
    if x < 0.45:
        return f"{d:%Y-%m-%d}"
    if x < 0.62:
        return f"{d.year}/{d.month}/{d.day}"
    if x < 0.75:
        return f"{d.year}年{d.month}月{d.day}日"
    if x < 0.83:
        return str((datetime(d.year, d.month, d.day) - EXCEL_EPOCH).days)
    if x < 0.88:
        return f"{d.year}.{d.month:02d}.{d.day:02d}"
    if x < 0.92:
        return f"{d.month}月{d.day}日"  # no year: unreadable, as some forms are
    if x < 0.94:
        return r.choice(["不详", "记不清", "去年"])
    return f"{d:%Y-%m-%d} 00:00:00"


# ---------------------------------------------------------------------------------------------------------------
# Vocabulary of the schemes
# ---------------------------------------------------------------------------------------------------------------

# (what is wrong with the goods, what the claimant calls the violation, which law)
PRO_ISSUES = {  # (what is wrong, what the claimant calls it, which law, the goods it fits: empty for all)
    "food": [("已经超过保质期{n}天", "经营超过保质期的食品", "food",
              ("纯牛奶", "酸奶", "全麦面包", "火腿肠", "进口巧克力", "坚果礼盒", "月饼礼盒", "速冻水饺", "牛肉干",
               "辣条", "果汁饮料", "婴幼儿配方奶粉", "土蜂蜜", "螺蛳粉", "散装糕点", "食用调和油")),
             ("外包装无中文标签，属于进口预包装食品", "经营无中文标签的进口预包装食品", "food",
              ("进口巧克力", "进口红酒", "坚果礼盒")),
             ("标签未标注食品生产许可证编号", "经营标签不符合规定的食品", "food",
              ("火腿肠", "辣条", "牛肉干", "月饼礼盒", "速冻水饺", "螺蛳粉", "土蜂蜜")),
             ("标签宣称“降血糖、降血脂”", "普通食品声称保健功能", "food",
              ("土蜂蜜", "茶叶礼盒", "坚果礼盒", "五常大米")),
             ("配料表标注“0添加”，实际含有防腐剂", "标签虚假标注", "food",
              ("酸奶", "果汁饮料", "火腿肠", "牛肉干", "辣条")),
             ("散装食品未标明生产日期和保质期", "经营未按规定标示的散装食品", "food", ("散装糕点", "卤味熟食"))],
    "pharmacy": [("宣传可以治疗高血压、糖尿病", "保健食品虚假宣传疾病治疗功能", "food", ("保健品", "钙片")),
                 ("已过有效期", "销售过期药品", "drug", ("中药饮片", "钙片", "保健品", "医用口罩"))],
    "cosmetics": [("宣称“祛痘消炎”“修复激素脸”等医疗作用", "化妆品宣称医疗作用，虚假宣传", "consumer", ()),
                  ("无特殊化妆品注册证却宣称美白祛斑", "虚假宣传，欺诈消费者", "consumer", ())],
    "online": [("详情页使用“最好”“第一”“国家级”等绝对化用语", "发布虚假广告，欺诈消费者", "consumer", ()),
               ("标注“原价999元”，但从未以该价格销售过", "虚构原价，价格欺诈", "consumer", ())],
}
LAWS = {
    "food": (["《食品安全法》第一百四十八条", "食品安全法148条", "《中华人民共和国食品安全法》第148条第2款",
              "食品安全法第一百四十八条第二款"], 10, 1000.0),
    "consumer": (["《消费者权益保护法》第五十五条", "消法55条", "《中华人民共和国消费者权益保护法》第55条第1款"],
                 3, 500.0),
    "drug": (["《药品管理法》第一百四十四条", "药品管理法144条"], 10, 1000.0),
}
PRO_TEXTS = [
    "{who}于{d}在{m}购买{p}{q}{u}，支付{a}元（有购物小票及付款记录）。经查看，该商品{issue}。商家{viol}，违反了法律"
    "规定。依据{law}，{who}要求：一、退还货款{a}元；二、支付赔偿金{c}元。同时举报该商家违法行为，请依法查处并给予"
    "举报奖励。",
    "投诉请求：{rule}（{c}元）。事实与理由：{d}，{who}在{m}购得{p}{q}{u}，发现{issue}。商家{viol}，根据{law}，"
    "经营者应承担惩罚性赔偿责任。请贵局组织调解，调解不成请依法立案查处。",
    "{d}购于{m}：{p}×{q}，金额{a}元。问题：{issue}。诉求：依法退款并赔偿{c}元（{law}）。附件：小票、商品照片。",
    "举报{m}{viol}。{who}{d}在该店购买了{p}{q}{u}（{a}元），{issue}。请求：1.责令商家{rule}，赔偿{c}元；"
    "2.对商家违法行为立案查处；3.书面告知处理结果。",
]

SCRIPTS = [
    {"cats": ["cosmetics", "online"], "law": "consumer", "sells": {"精华液", "补水面膜"},
     "products": [("美白精华液", "瓶", 199, 399), ("焕颜面膜", "盒", 129, 269)],
     "slots": [["我于{d}在{m}直播间购买了{p}", "{d}，本人通过{m}的直播间下单{p}", "本人{d}在{m}直播间买了{p}"],
               ["主播在直播中宣称该产品“七天美白、无效退款”", "直播时主播承诺7天见效，无效全额退款",
                "主播口头保证用七天就能美白，不满意包退"],
               ["使用后面部出现红肿、刺痛等过敏症状", "用了两三天脸上开始红肿发痒",
                "使用后脸部过敏，又红又肿还刺痛"],
               ["经查该产品并无特殊化妆品注册证，属于虚假宣传",
                "该产品根本没有美白特证，商家虚假宣传、欺诈消费者",
                "查询药监局网站，该产品未取得美白类特殊化妆品注册证，涉嫌欺诈"],
               ["要求商家退还货款并按价款三倍赔偿，同时承担医药费{med}元",
                "依据消法第五十五条要求退一赔三，另赔偿医疗费用{med}元",
                "要求退款并三倍赔偿，医药费{med}元由商家承担"],
               ["请监管部门严查！", "恳请贵局依法查处。", "望尽快处理。", ""]],
     "movable": [(1, 2), (3, 4)]},
    {"cats": ["catering"], "law": "food", "sells": {"外卖订单"},
     "products": [("外卖套餐", "份", 28, 58), ("外卖盖饭", "份", 22, 38)],
     "slots": [["{d}我在{plat}上点了{m}的{p}", "本人于{d}通过外卖平台向{m}订购{p}", "{d}中午在{plat}点了{m}家的{p}"],
               ["吃到一半发现里面有一只蟑螂", "进食过程中发现饭菜里有蟑螂一只", "吃了几口发现菜里有只死蟑螂"],
               ["随后出现恶心呕吐、腹泻症状，到医院就诊", "当晚上吐下泻，去医院看了急诊",
                "之后肠胃不适，去医院花了不少钱"],
               ["该店卫生条件极差，严重违反食品安全法", "商家食品安全管理缺失，涉嫌违法经营",
                "说明后厨卫生根本不达标"],
               ["要求商家退款并支付十倍赔偿（不足一千按一千元），另赔偿医疗费{med}元",
                "依据食品安全法第一百四十八条要求退一赔十，最低一千元，并承担医药费{med}元",
                "请求：退还餐费，赔偿一千元，另付医药费{med}元"],
               ["有视频和照片为证。", "已保留外卖订单截图和就医记录。", "证据齐全，请依法处理。", ""]],
     "movable": [(2, 3)]},
    {"cats": ["food"], "law": "food", "sells": {"进口红酒"},
     "products": [("进口红酒", "瓶", 128, 298), ("进口葡萄酒", "支", 98, 268)],
     "slots": [["{d}在{m}购买了{p}{q}{u}", "本人于{d}从{m}购入{p}{q}{u}", "{d}，我在{m}买了{q}{u}{p}"],
               ["回家发现酒瓶上没有中文背标", "该酒无中文标签，也无进口报关单", "仔细查看发现瓶身没有任何中文标识"],
               ["属于来源不明的走私酒", "不能证明合法进口来源，涉嫌销售假冒进口酒",
                "商家无法提供入境货物检验检疫证明"],
               ["要求按照食品安全法退一赔十", "依法要求退还货款并支付价款十倍赔偿金", "要求商家十倍赔偿，共计{c}元"],
               ["并请市场监管部门对其立案查处。", "请贵局依法查处。", "望予以处理。"]],
     "movable": [(1, 2)]},
    {"cats": ["electronics"], "law": "consumer", "sells": {"智能手机", "平板电脑"},
     "products": [("智能手机", "部", 1999, 4999), ("平板电脑", "台", 1999, 3999)],
     "slots": [["{d}在{m}购买{p}一{u}，价格{a}元", "本人{d}于{m}买了一台{p}，付款{a}元", "{d}从{m}买的{p}，花了{a}元"],
               ["后来在官网查询发现激活日期比购买日早了两个月",
                "经官方查询，该机激活时间早于购买时间，序列号显示为官换机", "拿到官方售后检测，师傅说是翻新机"],
               ["商家以翻新机冒充新机出售，构成欺诈", "店家隐瞒翻新事实，属于欺诈行为", "商家故意隐瞒，欺骗消费者"],
               ["根据消费者权益保护法第五十五条，要求退一赔三", "要求退还购机款并三倍赔偿", "要求商家假一赔三"],
               ["", "请贵局依法处理。", "望主持公道！"]],
     "movable": [(2, 3)]},
    {"cats": ["online", "pharmacy"], "law": "food", "sells": None,
     "products": [("代餐奶昔", "盒", 89, 199), ("减肥茶", "盒", 69, 159)],
     "slots": [["{d}在{m}看到{p}的广告后下单购买", "本人于{d}在{m}购买了{p}", "{d}通过{m}买了{q}{u}{p}"],
               ["商家宣称“一个月瘦二十斤、不反弹”", "宣传页面写着月瘦20斤，无效退款", "客服保证一个月能瘦二十斤"],
               ["喝了半个月一斤没瘦，反而心慌失眠", "服用后一点效果都没有，还出现心慌",
                "吃了以后失眠心慌，体重没有任何变化"],
               ["普通食品宣称减肥功效，属于虚假宣传", "该产品只是普通食品，却宣称具有减肥功能，违反食品安全法",
                "商家夸大宣传功效，欺骗消费者"],
               ["要求退一赔十，赔偿不足一千元的按一千元计算", "依据食品安全法要求十倍赔偿", "要求商家退款并十倍赔偿"],
               ["请依法处理。", "", "请予查处。"]],
     "movable": [(0, 1), (3, 4)]},
]
SYNONYMS = [("购买了", ["购入了", "买了"]), ("要求", ["请求", "要求"]), ("商家", ["店家", "商户", "卖家"]),
            ("发现", ["看到", "察觉"]), ("赔偿", ["赔付"]), ("虚假宣传", ["夸大宣传", "虚假广告"]),
            ("欺诈", ["欺骗"]), ("退还", ["返还"]), ("依据", ["根据", "按照"]), ("症状", ["反应"]),
            ("出现", ["产生"]), ("医药费", ["医疗费"]), ("严重", ["非常"]), ("该产品", ["这个产品", "此产品"])]

RING_DEMANDS = ["要求赔偿{c}元。", "要求商家赔偿损失{c}元。", "请求商家按规定赔偿{c}元。",
                "要求对方赔偿{c}元，协商解决。"]
RING_PHONE = ["协商事宜请联系{cp}（微信同号）。", "本人不方便接电话，请联系家属{cp}。", "联系电话：{cp}。",
              "有事请打{cp}，{h}。", "调解请联系我的代理人{h}，电话{cp}。"]
RING_BANK = ["赔偿款请直接转入{bank}卡{card}（户名{h}）。", "款项请打到{card}，{bank}。",
             "赔偿请汇入银行卡{card}，户名{h}。", "请将款项转至{h}的{bank}账户：{card}"]

REUSE_SCENES = [
    ("plate", "catering", ["菜里吃出了一只蟑螂", "饭里有一根很长的头发", "菜里有只虫子", "吃出了一团头发"],
     {"堂食套餐", "外卖订单", "麻辣烫", "烤鱼", "团购双人餐"}),
    ("pack", "food", ["面包里面全是霉斑", "打开发现已经发霉长毛", "糕点上有绿色的霉点"],
     {"全麦面包", "散装糕点", "月饼礼盒", "生日蛋糕"}),
    ("device", "electronics", ["收到时屏幕就是碎的", "刚买没几天屏幕就裂了，我没有摔过", "开箱发现屏幕有裂纹"],
     {"智能手机", "平板电脑"}),
    ("bottle", "food", ["饮料里有一只虫子", "瓶底有黑色的异物", "瓶子里漂着不明絮状物"],
     {"果汁饮料", "纯牛奶", "酸奶"}),
]
REUSE_EDITS = ["same", "recompress", "rotate", "mirror", "crop", "frame", "resize", "crop+recompress", "mirror+crop",
               "rotate+recompress", "bright+crop", "frame+crop"]

SPLIT_PRODUCTS = [("进口饼干", "盒", 9.9, 19.9), ("进口糖果", "袋", 6.5, 15.0), ("进口咖啡粉", "袋", 19.9, 35.0),
                  ("散装牛肉干", "袋", 15.0, 28.0), ("代用茶", "盒", 19.9, 39.0), ("进口啤酒", "罐", 8.0, 15.0)]
SPLIT_ISSUES = ["无中文标签", "已过保质期", "标签未标注生产许可证编号", "宣称具有保健功能"]
SPLIT_TEXTS = [
    "{d}在{m}购买{p}一{u}，小票号{t}，金额{a}元。该商品{issue}。要求退一赔十，不足一千元按一千元赔偿。",
    "本次投诉对应小票{t}：{p}，{a}元，购于{m}。{issue}，依据{law}要求赔偿1000元。",
    "第{i}次购买：{d}在{m}购入{p}（小票号{t}），{issue}。请求依法赔偿一千元。",
    "{m}销售的{p}{issue}，本人{d}购买（小票{t}，{a}元），要求商家承担惩罚性赔偿1000元。",
]

WITHDRAW_DEMANDS = ["要求赔偿{c}元，否则将向媒体曝光。", "要求商家赔偿{c}元，不然就发到网上。",
                    "要求十倍赔偿，不处理就一直投诉。", "要求赔偿{c}元，不给个说法我就找电视台。",
                    "要求商家赔偿{c}元。"]
WITHDRAW_REMARKS = ["双方私下协商解决，消费者申请撤回", "消费者称已与商家和解，撤回投诉",
                    "商家与投诉人自行协商，投诉人撤诉", "经双方协商，商家给予补偿，消费者撤回", "双方自行和解",
                    "当事人私了，撤回投诉", "双方已私下协商处理"]

# ----- traps -----------------------------------------------------------------------------------------------------
BATCH_PRODUCTS = [("纯牛奶", "箱", 52, 68, "乳业", "bottle", "纯牛奶"),
                  ("鲜橙汁", "箱", 39, 59, "饮品", "bottle", "果汁饮料"),
                  ("速冻汤圆", "袋", 12, 19, "食品", "pack", "速冻水饺"),
                  ("婴儿米粉", "罐", 68, 98, "营养食品", "pack", "婴幼儿配方奶粉"),
                  ("鸡蛋干", "袋", 9, 16, "食品", "pack", "辣条")]
BATCH_PROBLEMS = ["打开后发现有酸味", "包装都胀包了", "孩子喝了以后肚子疼、拉肚子", "吃起来味道不对，像变质了",
                  "里面有絮状物", "老人吃完上吐下泻", "打开一股怪味"]
FAMILY_NOTE = ["", "", "（家里人的手机）", "（用爱人手机打的）"]
VOLUNTEER_INTROS = ["受本社区居民{mem}（{age}岁）委托，代为投诉：", "我是{station}的志愿者{v}，代{mem}老人反映：",
                    "{station}代辖区老人{mem}投诉：", "代理投诉（委托人：{mem}，{age}岁）："]
ELDER_CATS = ["pharmacy", "pharmacy", "services", "electronics", "food", "travel", "telecom"]
PREPAID_OWN = ["{day}去{m}发现门口贴了停业通知，电话也打不通，我卡里还有{bal}元。",
               "刚办的{p}{a}元，用了不到两个月店就关了，老板联系不上。",
               "{m}老板跑路了，群里几十个人都联系不上他，我还有{bal}元没用。",
               "{day}{m}突然关门，说是装修，其实已经人去楼空，剩余{bal}元怎么办？"]
PREPAID_GROUP = ("本人{name}，是{m}会员，会员卡号{card}，卡内余额{bal}元。{day}该店突然闭店，老板失联，"
                 "现要求退还卡内余额。")
PROPERTY_ISSUES = [
    ("电梯", ["{e}{b}栋的电梯已经停了{k}天，老人上下楼很困难，物业一直说在等配件。",
             "我们{b}号楼电梯坏了{k}天没人修，物业不作为。", "{e}电梯停运{k}天了，家里有老人和孩子，出行太难了。"]),
    ("停水", ["{e}已经停水{k}天，物业没有任何通知。", "小区突然停水，物业说是管道坏了，{k}天了还没修好。",
             "{b}栋停水好几天了，物业电话打不通。"]),
    ("车库", ["{e}地下车库大面积渗水，车子都泡了，物业不处理。", "下雨后车库积水到小腿，物业说不归他们管。",
             "地下车库漏水{k}天了，物业一直推脱。"]),
    ("物业费", ["{e}物业费从每平方{x1}元涨到{x2}元，没有开业主大会。", "物业擅自涨物业费，服务却越来越差。",
               "物业费上涨没有公示，业主都不同意。"]),
]


@dataclass
class Plan:
    family: str
    kind: str
    per_10k: int
    sizes: tuple[int, int]


PLAN = [
    Plan("schemes", "professional_claimant", 4, (14, 26)),
    Plan("schemes", "template_ring", 4, (16, 30)),
    Plan("schemes", "low_and_slow_ring", 3, (22, 34)),
    Plan("schemes", "identity_rotation", 4, (9, 15)),
    Plan("schemes", "evidence_reuse", 4, (7, 12)),
    Plan("schemes", "split_purchase", 4, (10, 18)),
    Plan("schemes", "withdrawal_after_payment", 4, (14, 24)),
    Plan("traps", "contaminated_batch", 2, (20, 35)),
    Plan("traps", "household_shared_phone", 6, (3, 6)),
    Plan("traps", "dormitory", 2, (12, 18)),
    Plan("traps", "power_user", 3, (12, 20)),
    Plan("traps", "volunteer_representative", 2, (15, 22)),
    Plan("traps", "duplicate_two_channels", 18, (2, 2)),
    Plan("traps", "honest_law_citer", 24, (1, 2)),
    Plan("traps", "refund_then_withdraw", 22, (1, 2)),
    Plan("traps", "hotline_honorific", 9, (3, 4)),
    Plan("traps", "similar_product_photos", 3, (6, 9)),
    Plan("traps", "signboard_name", 3, (8, 12)),
    Plan("traps", "prepaid_card_collapse", 1, (30, 45)),
    Plan("traps", "property_collective", 2, (14, 22)),
]
SCHEME_KINDS = [p.kind for p in PLAN if p.family == "schemes"]
TRAP_KINDS = [p.kind for p in PLAN if p.family == "traps"]


class Groups(Qingshui):
    """The planted groups: fraud schemes and genuine look-alikes."""

    # ----- shared helpers ------------------------------------------------------------------------------------------
    def split(self, n: int, k: int) -> list[int]:
        k = max(1, min(k, n))
        counts = [1] * k
        for _ in range(n - k):
            counts[self.rng.randrange(k)] += 1
        return counts

    def distinct_merchant(self, cats: list[str], used: set[str]) -> Merchant:
        m = self.pick_merchant(self.rng.choice(cats))
        for _ in range(12):
            if m.uscc not in used:
                break
            m = self.pick_merchant(self.rng.choice(cats))
        used.add(m.uscc)
        return m

    def merchant_selling(self, cats: list[str], goods: set[str] | None, used: set[str]) -> Merchant:
        """A merchant of one of ``cats`` that sells one of ``goods`` (any, when None), not in ``used``."""
        m = self.pick_merchant(self.rng.choice(cats))
        for _ in range(60):
            if m.uscc not in used and (goods is None or any(x[0] in goods for x in m.products)):
                break
            m = self.pick_merchant(self.rng.choice(cats))
        used.add(m.uscc)
        return m

    def pro_issue(self, cat: str, product: str) -> tuple[str, str, str]:
        fitting = [i for i in PRO_ISSUES[cat] if not i[3] or product in i[3]]
        issue, viol, law, _fits = self.rng.choice(fitting or PRO_ISSUES[cat][:1])
        return issue, viol, law

    def settle(self, mix: list[tuple[str, float]], amount: float | None, when: datetime) -> dict:
        label, remark, comp, closed = self.outcome(weighted(self.rng, mix), amount, when)
        return {"outcome": label, "remark": remark, "comp": comp, "closed": closed}

    def day_in(self, start: date, span: int) -> date:
        return start + timedelta(days=self.rng.randint(0, span))

    def fmt_card(self, card: str) -> str:
        r = self.rng
        x = r.random()
        grouped = " ".join(card[i:i + 4] for i in range(0, len(card), 4))
        if x < 0.3:
            return card
        if x < 0.6:
            return grouped
        if x < 0.75:
            return grouped.replace(" ", "-")
        if x < 0.9:
            return fullwidth(card)
        return fullwidth(grouped)

    def fmt_phone_in_text(self, phone: str) -> str:
        r = self.rng
        return r.choice([phone, f"{phone[:3]} {phone[3:7]} {phone[7:]}", f"{phone[:3]}-{phone[3:7]}-{phone[7:]}",
                         fullwidth(phone), f"+86 {phone}", f"{phone[:3]}－{phone[3:7]}－{phone[7:]}"])

    def pro_outcome(self, amount: float, claim: float, when: datetime) -> dict:
        r = self.rng
        kind = weighted(r, [("reject", 22), ("fail", 22), ("transfer", 15), ("withdraw", 8), ("pay", 12),
                            ("pending", 10), ("unknown", 11)])
        if kind == "pay":
            comp = float(r.choice([500, 800, 1000, 1000, claim]))
            return {"outcome": r.choice(["部分赔偿", "和解", "调解成功"]), "remark": f"商家同意赔偿{money(comp)}元",
                        "comp": comp, "closed": when + timedelta(days=r.randint(5, 40))}
        label, remark, comp, closed = self.outcome(kind, amount, when)
        if kind == "reject":
            remark = r.choice(["投诉人以牟利为目的购买，不属于生活消费", "不予立案，已书面告知", remark])
        return {"outcome": label, "remark": remark, "comp": comp, "closed": closed}

    def paraphrase(self, text: str, style: dict) -> str:
        r = self.rng
        for word, alternatives in SYNONYMS:
            if word in text and r.random() < style["syn"]:
                text = text.replace(word, r.choice(alternatives))
        if r.random() < style["typo"]:
            text = typo(text, r, r.randint(1, 2))
        if r.random() < style["fw"]:
            text = fullwidth(text)
        if r.random() < style["trad"]:
            text = traditional(text)
        if r.random() < 0.3:
            text = text.replace("，", ",")
        return text

    # ----- schemes -----------------------------------------------------------------------------------------------
    def g_professional_claimant(self, n: int) -> list[dict]:
        r = self.rng
        p = self.new_person(age=(28, 58))
        alt_phone = self.new_phone()
        names = [p.name] * 8 + [traditional(p.name), f"{p.name[0]} {p.name[1:]}", p.surname + "**"]
        who = r.choice(["本人", "举报人", "投诉人", "我"])
        habits = r.sample(range(len(PRO_TEXTS)), 2)
        span = r.randint(150, 330)
        start = self.window(span)
        used: set[str] = set()
        rows: list[dict] = []
        day = start
        last: dict | None = None
        while len(rows) < n:
            day = day + timedelta(days=r.choice([0, 0, 1, 3, 5, 7, 9, 12, 15]))
            if (day - start).days > span:
                day = start + timedelta(days=r.randint(0, span))
            if last and r.random() < 0.12:
                rows.append(self.pro_escalation(p, last, day))
                last = None
                continue
            cat = r.choice(["food", "food", "food", "pharmacy", "cosmetics", "online"])
            m = self.distinct_merchant([cat], used)
            product, unit, lo, hi = r.choice(m.products)
            issue, viol, law_key = self.pro_issue(cat, product)
            qty = r.choice([1, 1, 2, 3, 5, 6, 10, 12, 20]) if float(lo) < 60 else 1
            amount = round(price(r, float(lo), min(float(hi), 400.0)) * qty, 2)
            laws, mult, floor = LAWS[law_key]
            claim = max(mult * amount, floor) + (amount if r.random() < 0.4 else 0)
            law = r.choice(laws)
            channel = weighted(r, [("12315平台", 45), ("全国12315平台", 10), ("举报", 25), ("市场监管局窗口", 8),
                                   ("来信", 4), ("网络平台", 8)])
            when = self.stamp(day, channel)
            pdate = day - timedelta(days=r.randint(0, 6))
            text = fill(PRO_TEXTS[r.choice(habits)], r, who=who, d=self.date_words(pdate, when),
                        m=m.name if r.random() < 0.7 else m.sign, p=product, q=str(qty), u=unit, a=money(amount),
                        issue=fill(issue, r), viol=viol, law=law, c=money(claim),
                        rule="退一赔十" if mult == 10 else r.choice(["退一赔三", "假一赔三"]))
            evidence = []
            if r.random() < 0.65:
                evidence = [self.ev.photo(r, when, r.choice(["pack", "bottle"])), self.ev.photo(r, when, "receipt")]
            row = self.row(p, m, when, channel, self.messy_text(text, trad=0.03, fw=0.08, typos=0.03),
                           product=product, unit=unit, qty=qty, amount=amount, pdate=pdate, claim=claim, legal=law,
                           evidence=evidence, name_cell=r.choice(names),
                           phone_cell=self.fmt_phone(alt_phone if r.random() < 0.2 else p.phone, channel),
                           **self.pro_outcome(amount, claim, when))
            if channel == "举报" or r.random() < 0.3:
                row["ctype"] = "举报"
            rows.append(row)
            last = row
        return rows

    def pro_escalation(self, p: Person, last: dict, day: date) -> dict:
        r = self.rng
        m: Merchant = last["merchant"]
        when = self.stamp(day + timedelta(days=r.randint(20, 50)), "行政复议")
        if when > START + timedelta(days=DAYS - 1):
            when = START + timedelta(days=DAYS - 1, hours=10)
        if r.random() < 0.55:
            channel = "行政复议"
            text = (f"申请人{p.name}不服{last['district']}市场监管局对其投诉举报{m.name}一案作出的不予立案决定，"
                    f"请求撤销该决定，责令被申请人重新作出处理，并支持申请人{money(last['claim'])}元的赔偿请求。")
            legal = "《行政复议法》第十一条"
            outcome = r.choice(["受理", "维持", "撤销重作", "驳回复议申请", "审理中"])
        else:
            channel = "法院诉讼"
            text = (f"原告{p.name}诉被告{m.name}买卖合同纠纷：原告在被告处购买{last['product']}，被告销售不符合"
                    f"食品安全标准的食品。请求判令被告退还货款{money(last['amount'])}元并支付赔偿金"
                    f"{money(last['claim'])}元，诉讼费由被告承担。")
            legal = last["legal"]
            outcome = r.choice(["立案", "驳回起诉", "调解结案", "判决支持部分诉请", "撤诉", "审理中"])
        return self.row(p, m, when, channel, text, product=last["product"], unit=last["unit"], qty=last["qty"],
                        amount=last["amount"], pdate=last["pdate"], claim=last["claim"], legal=legal,
                        outcome=outcome, remark="", comp=None, closed=None, id_cell=p.idn, name_cell=p.name,
                        uscc_cell=m.uscc)

    def g_template_ring(self, n: int) -> list[dict]:
        r = self.rng
        script = r.choice(SCRIPTS)
        k = min(n, r.randint(4, 8))
        members = [self.new_person(age=(22, 50)) for _ in range(k)]
        if k >= 3 and r.random() < 0.5:  # two of them live together
            members[1].addr = members[0].addr
        used: set[str] = set()
        merchants = [self.merchant_selling(script["cats"], script["sells"], used) for _ in range(r.randint(3, 7))]
        span = r.randint(14, 42)
        start = self.window(span)
        med = r.choice([1860, 2000, 2680, 3000, 1500, 880])
        laws, mult, floor = LAWS[script["law"]]
        rows: list[dict] = []
        for i, count in enumerate(self.split(n, k)):
            member = members[i]
            prefs = [r.randrange(len(slot)) for slot in script["slots"]]
            swaps = [r.random() < 0.5 for _ in script["movable"]]
            style = {"syn": r.uniform(0.1, 0.5), "typo": r.uniform(0.05, 0.35), "fw": 0.3 if i == 1 else 0.04,
                         "trad": 0.6 if i == 2 else 0.05}
            joiner = r.choice(["，", "，", "。"])
            mine = r.sample(merchants, min(count, len(merchants)))
            for j in range(count):
                m = mine[j % len(mine)]
                channel = weighted(r, [("12315平台", 50), ("全国12315平台", 15), ("网络平台", 15), ("12345热线", 10),
                                       ("消协", 5), ("举报", 5)])
                when = self.stamp(self.day_in(start, span), channel)
                product, unit, lo, hi = r.choice(script["products"])
                amount = price(r, float(lo), float(hi))
                pdate = when.date() - timedelta(days=r.randint(1, 10))
                pieces = [slot[prefs[s] if r.random() < 0.75 else r.randrange(len(slot))]
                          for s, slot in enumerate(script["slots"])]
                for (a, b), flag in zip(script["movable"], swaps, strict=True):
                    if flag ^ (r.random() < 0.15):
                        pieces[a], pieces[b] = pieces[b], pieces[a]
                body = joiner.join(piece for piece in pieces[:-1] if piece) + "。" + pieces[-1]
                claim = max(mult * amount, floor) + med
                text = fill(body, r, d=self.date_words(pdate, when), m=m.sign if r.random() < 0.6 else m.name,
                            p=product, a=money(amount), q="1", u=unit, med=str(med), c=money(claim))
                if channel in HOTLINES:
                    text = self.wrap(text, channel)
                evidence = [self.ev.photo(r, when, r.choice(["screen", "bottle", "plate", "device"]))] \
                    if r.random() < 0.5 else []
                rows.append(self.row(member, m, when, channel, self.paraphrase(text, style), product=product,
                                     unit=unit, qty=1, amount=amount, pdate=pdate, claim=claim,
                                     legal=r.choice(laws) if r.random() < 0.6 else "", evidence=evidence,
                                     **self.settle([("fail", 30), ("reject", 15), ("pending", 15), ("comp", 15),
                                                 ("withdraw", 10), ("unknown", 15)], amount, when)))
        return rows

    def g_low_and_slow_ring(self, n: int) -> list[dict]:
        r = self.rng
        block = self.new_block()
        suffixes = r.sample(range(10000), 60)
        coord = self.new_block() + f"{r.randrange(10000):04d}"
        card, bank = self.bank_card(), r.choice(BANKS)
        holder_name, holder_s = self.new_name(r.random() < 0.5)
        k = max(2, min(n, round(n / r.uniform(1.5, 2.2))))
        span = r.randint(240, 420)
        start = self.window(span)
        used: set[str] = set()
        rows: list[dict] = []
        for i, count in enumerate(self.split(n, k)):
            p = self.new_person(age=(22, 62))
            if r.random() < 0.7:
                p.phone = block + f"{suffixes[i]:04d}"
            for _ in range(count):
                cat = r.choice(["food", "catering", "catering", "cosmetics", "pharmacy"])
                m = self.distinct_merchant([cat], used)
                channel = weighted(r, CHANNELS)
                when = self.stamp(self.day_in(start, span), channel)
                product, unit, qty, amount, pdate = self.purchase(cat, when, m=m)
                c = float(r.randrange(8, 31) * 100)
                demand = fill(r.choice(RING_DEMANDS), r, c=money(c))
                text = self.ordinary_text(cat, m.sign if r.random() < 0.5 else m.name, product, unit, qty, amount,
                                          pdate, when, channel, demand=demand, extra=0.2)
                holder = r.choice([holder_name, holder_s + "**", holder_s + "某", f"{holder_s}先生"])
                mode = weighted(r, [("phone", 45), ("bank", 35), ("both", 20)])
                contact = ""
                if mode in ("phone", "both"):
                    contact += fill(r.choice(RING_PHONE), r, cp=self.fmt_phone_in_text(coord), h=holder)
                if mode in ("bank", "both"):
                    contact += fill(r.choice(RING_BANK), r, card=self.fmt_card(card), bank=bank, h=holder)
                text = self.messy_text(text) + contact
                legal, claim = ("", c)
                if r.random() < 0.3:
                    legal, claim = r.choice(LAWS["food"][0]), max(1000.0, c)
                rows.append(self.row(p, m, when, channel, text, product=product, unit=unit, qty=qty, amount=amount,
                                     pdate=pdate, claim=claim, legal=legal,
                                     evidence=self.some_evidence(cat, when, 0.3),
                                     **self.settle([("comp", 30), ("fail", 20), ("withdraw", 10), ("pending", 15),
                                                 ("refund", 10), ("unknown", 15)], amount, when)))
        return rows

    def g_identity_rotation(self, n: int) -> list[dict]:
        r = self.rng
        base = self.new_person(age=(30, 58))
        k = min(n, r.randint(3, 5))
        people = [base]
        for _ in range(1, k):
            rel = r.choice(["spouse", "parent", "sibling", "friend"])
            if rel == "spouse":
                people.append(self.new_person(male=not base.male, age=(2024 - base.birth.year - 3,
                                                                        2024 - base.birth.year + 3)))
            elif rel == "parent":
                people.append(self.new_person(surname=base.surname, age=(62, 82)))
            elif rel == "sibling":
                people.append(self.new_person(surname=base.surname, age=(2024 - base.birth.year - 6,
                                                                         2024 - base.birth.year + 6)))
            else:
                people.append(self.new_person())
        shared = {f for f, p in (("address", 0.6), ("bank", 0.5), ("picture", 0.5)) if r.random() < p}
        if not shared:
            shared.add(r.choice(["address", "bank", "picture"]))
        if "address" in shared:
            styles = r.sample(range(5), min(k, 5))
            for i, q in enumerate(people):
                q.addr, q.style = base.addr, styles[i % len(styles)]
        card, bank = self.bank_card(), r.choice(BANKS)
        span = r.randint(90, 240)
        start = self.window(span)
        original: tuple[str, int] | None = None
        used_original = False
        if "picture" in shared:
            original = self.ev.original(r, self.stamp(start, ""), r.choice(["receipt", "pack", "bottle"]))
        order = [i for i, c in enumerate(self.split(n, k)) for _ in range(c)]
        r.shuffle(order)
        used: set[str] = set()
        rows: list[dict] = []
        for i in order:
            q = people[i]
            cat = r.choice(["food", "food", "cosmetics", "online", "pharmacy"])
            m = self.distinct_merchant([cat], used)
            channel = weighted(r, [("12315平台", 45), ("全国12315平台", 15), ("举报", 10), ("网络平台", 15),
                                   ("12345热线", 10), ("市场监管局窗口", 5)])
            when = self.stamp(self.day_in(start, span), channel)
            if r.random() < 0.55:
                product, unit, lo, hi = r.choice(m.products)
                issue, viol, law_key = self.pro_issue(cat, product)
                qty = r.choice([1, 2, 3, 5]) if float(lo) < 60 else 1
                amount = round(price(r, float(lo), min(float(hi), 400.0)) * qty, 2)
                pdate = when.date() - timedelta(days=r.randint(0, 8))
                laws, mult, floor = LAWS[law_key]
                claim, legal = max(mult * amount, floor), r.choice(laws)
                text = fill(r.choice(PRO_TEXTS), r, who="本人", d=self.date_words(pdate, when), m=m.name, p=product,
                            q=str(qty), u=unit, a=money(amount), issue=fill(issue, r), viol=viol, law=legal,
                            c=money(claim), rule="退一赔十" if mult == 10 else "退一赔三")
            else:
                product, unit, qty, amount, pdate = self.purchase(cat, when, m=m)
                claim, legal = float(r.randrange(5, 21) * 100), ""
                text = self.ordinary_text(cat, m.name, product, unit, qty, amount, pdate, when, channel,
                                          demand=f"要求退款并赔偿{money(claim)}元。")
            if "bank" in shared and r.random() < 0.7:
                text += fill(r.choice(["退款及赔偿款请转至本人{bank}账户：{card}。", "款项请打到{card}（{bank}）。",
                                       "赔偿请汇入银行卡{card}。"]), r, bank=bank, card=self.fmt_card(card))
            evidence = []
            if original and r.random() < 0.7:
                if not used_original:
                    evidence.append(original[0])
                    used_original = True
                else:
                    evidence.append(self.ev.edited(r, when, original[1], r.choice(["same", "recompress", "resize",
                                                                                    "crop", "same"])))
            if r.random() < 0.4:
                evidence.append(self.ev.photo(r, when, r.choice(["pack", "screen", "bottle"])))
            rows.append(self.row(q, m, when, channel, self.messy_text(text), product=product, unit=unit, qty=qty,
                                 amount=amount, pdate=pdate, claim=claim, legal=legal, evidence=evidence,
                                 **self.pro_outcome(amount, claim, when)))
        return rows

    def g_evidence_reuse(self, n: int) -> list[dict]:
        r = self.rng
        kind, cat, problems, goods = r.choice(REUSE_SCENES)
        span = r.randint(30, 150)
        start = self.window(span)
        k = min(n, r.randint(2, 5))
        people = [self.new_person(age=(20, 55)) for _ in range(k)]
        bases = [self.ev.original(r, self.stamp(start, ""), kind) for _ in range(r.choice([1, 1, 2]))]
        fresh = [True] * len(bases)
        order = [i for i, c in enumerate(self.split(n, k)) for _ in range(c)]
        r.shuffle(order)
        used: set[str] = set()
        rows: list[dict] = []
        for i in order:
            m = self.merchant_selling([cat], goods, used)
            channel = weighted(r, [("12315平台", 40), ("全国12315平台", 15), ("网络平台", 20), ("12345热线", 15),
                                   ("微信公众号", 10)])
            when = self.stamp(self.day_in(start, span), channel)
            fitting = [x for x in m.products if x[0] in goods] or [x for x in CATS[cat]["products"] if x[0] in goods]
            product, unit, qty, amount, pdate = self.purchase(cat, when, r.choice(fitting))
            c = float(r.randrange(5, 31) * 100)
            demand = fill(r.choice(["要求赔偿{c}元。", "要求商家赔偿精神损失费{c}元。", "要求退款并赔偿{c}元。",
                                    "要求商家给个说法，赔偿{c}元。"]), r, c=money(c))
            text = self.ordinary_text(cat, m.sign if r.random() < 0.5 else m.name, product, unit, qty, amount, pdate,
                                      when, channel, problem=r.choice(problems), demand=demand)
            evidence = []
            for b in r.sample(range(len(bases)), r.randint(1, len(bases))):
                if fresh[b]:
                    evidence.append(bases[b][0])
                    fresh[b] = False
                else:
                    evidence.append(self.ev.edited(r, when, bases[b][1], r.choice(REUSE_EDITS)))
            if r.random() < 0.3:
                evidence.append(self.ev.photo(r, when, "receipt"))
            rows.append(self.row(people[i], m, when, channel, self.messy_text(text), product=product, unit=unit,
                                 qty=qty, amount=amount, pdate=pdate, claim=c, evidence=evidence,
                                 **self.settle([("comp", 35), ("refund", 10), ("fail", 20), ("pending", 10),
                                             ("withdraw", 10), ("unknown", 15)], amount, when)))
        return rows

    def g_split_purchase(self, n: int) -> list[dict]:
        r = self.rng
        p = self.new_person(age=(25, 55))
        mate = self.new_person(addr=p.addr) if r.random() < 0.35 else None
        m = self.merchant_selling(["food"], {"进口巧克力"}, set())
        product, unit, lo, hi = r.choice(SPLIT_PRODUCTS)
        issue = r.choice(SPLIT_ISSUES)
        design = ("pack", r.getrandbits(48))
        d0 = self.window(40)
        ticket = r.randint(1000, 8000)
        laws = LAWS["food"][0]
        rows: list[dict] = []
        for i in range(n):
            who = mate if mate and r.random() < 0.35 else p
            pdate = d0 + timedelta(days=min(2, i * 3 // n))
            ticket += r.randint(1, 4)
            qty = 1 if r.random() < 0.9 else 2
            amount = round(price(r, lo, hi) * qty, 2)
            channel = weighted(r, [("12315平台", 60), ("全国12315平台", 15), ("举报", 15), ("市场监管局窗口", 10)])
            when = self.stamp(d0 + timedelta(days=3 + r.randint(0, 20)), channel)
            claim = 1000.0 if r.random() < 0.7 else 1000.0 + amount
            law = r.choice(laws)
            text = fill(r.choice(SPLIT_TEXTS), r, d=self.date_words(pdate, when), m=m.name, p=product, u=unit,
                        a=money(amount), t=f"{pdate:%Y%m%d}{ticket:05d}", issue=issue, law=law, i=str(i + 1))
            evidence = [self.ev.photo(r, when, "receipt")]
            if r.random() < 0.7:
                evidence.append(self.ev.shot(r, when, design))
            rows.append(self.row(who, m, when, channel, self.messy_text(text, typos=0.02), product=product,
                                 unit=unit, qty=qty, amount=amount, pdate=pdate, claim=claim, legal=law,
                                 evidence=evidence, uscc_cell=m.uscc if r.random() < 0.8 else "",
                                 **self.settle([("reject", 25), ("fail", 25), ("pending", 20), ("transfer", 10),
                                             ("comp", 5), ("unknown", 15)], amount, when)))
        return rows

    def g_withdrawal_after_payment(self, n: int) -> list[dict]:
        r = self.rng
        k = min(n, r.randint(2, 4))
        people = [self.new_person(age=(25, 60))]
        for _ in range(1, k):
            people.append(self.new_person(addr=people[0].addr if r.random() < 0.3 else None))
        span = r.randint(120, 300)
        start = self.window(span)
        order = [i for i, c in enumerate(self.split(n, k)) for _ in range(c)]
        r.shuffle(order)
        used: set[str] = set()
        rows: list[dict] = []
        for i in order:
            cat = r.choice(["food", "catering", "catering", "food", "cosmetics"])
            m = self.distinct_merchant([cat], used)
            channel = weighted(r, [("12315平台", 50), ("全国12315平台", 10), ("12345热线", 20), ("网络平台", 10),
                                   ("举报", 10)])
            when = self.stamp(self.day_in(start, span), channel)
            product, unit, qty, amount, pdate = self.purchase(cat, when, m=m)
            c = float(r.randrange(10, 51) * 100)
            text = self.ordinary_text(cat, m.sign if r.random() < 0.5 else m.name, product, unit, qty, amount, pdate,
                                      when, channel, demand=fill(r.choice(WITHDRAW_DEMANDS), r, c=money(c)))
            comp = float(r.randrange(8, 31) * 100) if r.random() < 0.4 else None
            rows.append(self.row(people[i], m, when, channel, self.messy_text(text), product=product, unit=unit,
                                 qty=qty, amount=amount, pdate=pdate, claim=c,
                                 legal=r.choice(LAWS["food"][0]) if cat in ("food", "catering") and r.random() < 0.3
                                 else "", evidence=self.some_evidence(cat, when, 0.35),
                                 outcome=r.choice(["撤回", "消费者撤回", "撤诉", "已撤销", "申请撤回", "withdrawn"]),
                                 remark=r.choice(WITHDRAW_REMARKS), comp=comp,
                                 closed=when + timedelta(days=r.randint(1, 6), hours=r.randint(0, 8))))
        return rows

    # ----- traps -------------------------------------------------------------------------------------------------
    def g_contaminated_batch(self, n: int) -> list[dict]:
        r = self.rng
        product, unit, lo, hi, trade, kind, like = r.choice(BATCH_PRODUCTS)
        maker = self.new_merchant("food")
        z = maker.sign[:2]
        maker.name, maker.sign = f"清水{z}{trade}有限公司", f"{z}{trade}"
        maker.uscc = self.new_uscc("1", r.choice(LOCAL_AREAS))
        brand = f"{z}牌"
        d0 = self.window(20)
        lot = f"{d0 - timedelta(days=r.randint(3, 12)):%Y%m%d}{r.choice('ABC')}{r.randint(1, 4)}"
        notice = f"清市监食召〔{d0.year}〕{r.randint(3, 29)}号"
        design = (kind, r.getrandbits(48))
        retailers = [self.merchant_selling(["food"], {like}, set()) for _ in range(r.randint(3, 6))]
        unified = float(r.choice([100, 200, 200, 300]))
        rows: list[dict] = []
        for _ in range(n):
            p = self.new_person()
            m = maker if r.random() < 0.45 else r.choice(retailers)
            channel = weighted(r, [("12315平台", 40), ("12345热线", 30), ("全国12315平台", 10), ("网络平台", 10),
                                   ("消协", 5), ("微信公众号", 5)])
            when = self.stamp(d0 + timedelta(days=min(r.randint(0, 3), r.randint(0, 6))), channel)
            qty = r.choice([1, 1, 1, 2])
            amount = round(price(r, lo, hi) * qty, 2)
            pdate = when.date() - timedelta(days=r.randint(0, 4))
            shop = m.sign if m is not maker else r.choice(retailers).sign
            bought = self.date_words(pdate, when)
            text = r.choice([f"{bought}在{shop}买了{brand}{product}，批号{lot}，",
                             f"家里买的{brand}{product}（生产批号{lot}），",
                             f"{bought}在{shop}买的{product}，"]) + r.choice(BATCH_PROBLEMS) + "。"
            legal, claim = "", None
            if r.random() < 0.3:
                text += r.choice([f"后来看到市场监管局发布的召回公告（{notice}），说这批次菌落总数超标。",
                                  "新闻上说这一批次的产品已经召回了。", f"根据{notice}召回公告，这个批次有问题。"])
            x = r.random()
            if x < 0.15:
                text += "根据食品安全法要求十倍赔偿。"
                legal, claim = "《食品安全法》第一百四十八条", 1000.0
            elif x < 0.5:
                text += f"{r.choice(['孩子', '老人', '家里人', ''])}去医院花了{r.randint(80, 600)}元，要求赔偿。"
            else:
                text += r.choice(["要求退款并赔偿。", "希望厂家给个说法，退货退款。", "要求退货。"])
            evidence = [self.ev.shot(r, when, design) for _ in range(r.choice([1, 1, 2]))] if r.random() < 0.65 else []
            comp = amount + unified if r.random() < 0.7 else unified
            rows.append(self.row(p, m, when, channel, self.wrap(self.messy_text(text), channel),
                                 product=f"{brand}{product}（批号{lot}）" if r.random() < 0.6 else product, unit=unit,
                                 qty=qty, amount=amount, pdate=pdate, claim=claim, legal=legal, evidence=evidence,
                                 outcome=r.choice(["已赔偿", "调解成功", "已退款", "compensated", "已办结"]),
                                 remark=r.choice([f"厂家统一召回，退款并补偿{money(unified)}元",
                                                  "厂家已召回该批次，退款补偿",
                                                  f"按召回方案处理，补偿{money(unified)}元"]), comp=comp,
                                 closed=when + timedelta(days=r.randint(3, 20))))
        return rows

    def g_household_shared_phone(self, n: int) -> list[dict]:
        r = self.rng
        head = self.new_person(age=(35, 60))
        family = [head, self.new_person(male=not head.male, addr=head.addr,
                                        age=(2024 - head.birth.year - 4, 2024 - head.birth.year + 4))]
        if n >= 3:
            family.append(self.new_person(surname=head.surname, addr=head.addr, age=(18, 30)))
        if n >= 5 and r.random() < 0.6:
            family.append(self.new_person(surname=head.surname, addr=head.addr, age=(66, 85)))
        for q in family:
            q.style = head.style if r.random() < 0.6 else r.randrange(5)
        span = r.randint(300, 700)
        start = self.window(span)
        order = [i for i, c in enumerate(self.split(n, len(family))) for _ in range(c)]
        rows = []
        for i in order:
            channel = weighted(r, CHANNELS)
            when = self.stamp(self.day_in(start, span), channel)
            phone = head.phone if r.random() < 0.85 else family[i].phone
            row = self.ordinary(family[i], when, channel, phone_cell=self.fmt_phone(phone, channel))
            row["text"] += r.choice(FAMILY_NOTE) if channel in HOTLINES else ""
            rows.append(row)
        return rows

    def g_dormitory(self, n: int) -> list[dict]:
        r = self.rng
        factory = r.choice(ZIHAO) + r.choice(ZIHAO) + r.choice(["电子", "纺织", "制衣", "食品", "精密"])
        estate = f"{factory}员工宿舍"
        no = r.randint(10, 200)
        near = [self.new_merchant(c, district="经开区") for c in r.sample(["food", "catering", "telecom",
                                                                         "electronics", "courier"], 3)]
        k = max(1, round(n * r.uniform(0.7, 0.9)))
        span = r.randint(120, 360)
        start = self.window(span)
        rows = []
        for i, count in enumerate(self.split(n, k)):
            room = r.randint(1, 6) * 100 + r.randint(1, 20)
            addr = Address("经开区", "工业大道", no, estate, r.randint(1, 4), 1, room)
            p = self.new_person(age=(18, 32), local=0.2, addr=addr)
            for _ in range(count):
                channel = weighted(r, [("12315平台", 35), ("12345热线", 30), ("网络平台", 15), ("全国12315平台", 10),
                                       ("微信公众号", 10)])
                when = self.stamp(self.day_in(start, span), channel)
                m = r.choice(near) if r.random() < 0.45 else None
                rows.append(self.ordinary(p, when, channel, m=m))
            if i % 3 == 0:
                p.style = r.randrange(5)
        return rows

    def g_power_user(self, n: int) -> list[dict]:
        r = self.rng
        p = self.new_person(age=(24, 45))
        span = r.randint(500, 700)
        start = self.window(span)
        days = sorted(self.day_in(start, span) for _ in range(n))
        rows = []
        for day in days:
            channel = weighted(r, [("12315平台", 40), ("全国12315平台", 20), ("网络平台", 25), ("12345热线", 10),
                                   ("微信公众号", 5)])
            cat = r.choice(["online", "online", "courier", "electronics", "food", "telecom", "services"])
            rows.append(self.ordinary(p, self.stamp(day, channel), channel, cat=cat, legal=0.02))
        return rows

    def g_volunteer_representative(self, n: int) -> list[dict]:
        r = self.rng
        v = self.new_person(age=(55, 68))
        d = v.addr.district
        station = f"{d}{r.choice(HANDLER_TOWNS)}街道消费维权服务站"
        station_addr = f"清水市{d}{r.choice(ROADS)}路{r.randint(1, 200)}号{station[len(d):]}"
        span = r.randint(180, 360)
        start = self.window(span)
        rows = []
        for _ in range(n):
            mem = self.new_person(age=(66, 86), district=d)
            channel = weighted(r, [("12315平台", 40), ("消协", 25), ("市场监管局窗口", 20), ("12345热线", 15)])
            when = self.stamp(self.day_in(start, span), channel)
            cat = r.choice(ELDER_CATS)
            m = self.pick_merchant(cat)
            product, unit, qty, amount, pdate = self.purchase(cat, when, m=m)
            body = self.ordinary_text(cat, m.name, product, unit, qty, amount, pdate, when, "12315平台", extra=0.15)
            body = body.replace("本人", "老人").replace("我", "老人")
            intro = fill(r.choice(VOLUNTEER_INTROS), r, mem=mem.name, age=str(2024 - mem.birth.year),
                         station=station, v=v.name)
            kw: dict = {"product": product, "unit": unit, "qty": qty, "amount": amount, "pdate": pdate,
                            "evidence": self.some_evidence(cat, when, 0.25)}
            if r.random() < 0.2:
                kw["legal"] = r.choice(["《消费者权益保护法》第二十六条", "《老年人权益保障法》",
                                        "《消费者权益保护法》第二十条"])
            if r.random() < 0.7:
                kw.update(name_cell=v.name if r.random() < 0.8 else station, addr_cell=station_addr)
                who = v
            else:
                kw.update(phone_cell=self.fmt_phone(v.phone, channel))
                who = mem
            rows.append(self.row(who, m, when, channel, self.messy_text(intro + body), **kw))
        return rows

    def g_duplicate_two_channels(self, n: int) -> list[dict]:
        r = self.rng
        p = self.new_person()
        cat = self.pick_cat()
        m = self.pick_merchant(cat)
        day = self.window(3)
        first = self.stamp(day, "12315平台")
        product, unit, qty, amount, pdate = self.purchase(cat, first, m=m)
        problem = fill(r.choice(problems_for(cat, product)), r)
        demand = fill(r.choice(DEMANDS), r, a=money(amount))
        rows = []
        channels = ["12315平台", "12345热线"]
        if r.random() < 0.5:
            channels = ["12345热线", r.choice(["12315平台", "网络平台"])]
        for j, channel in enumerate(channels[:n]):
            when = self.stamp(day + timedelta(days=0 if j == 0 else r.randint(0, 2)), channel)
            text = self.ordinary_text(cat, m.sign if j else m.name, product, unit, qty, amount, pdate, when, channel,
                                      problem=problem, demand=demand, extra=0.1)
            kw: dict = {}
            if j and r.random() < 0.5:
                kw = self.settle([("unknown", 1)], amount, when)
                kw["outcome"] = r.choice(["重复件", "合并处理", "重复投诉", "已合并"])
            rows.append(self.row(p, m, when, channel, self.messy_text(text), product=product, unit=unit, qty=qty,
                                 amount=amount, pdate=pdate, evidence=self.some_evidence(cat, when),
                                 phone_cell=p.phone if j else self.fmt_phone(p.phone, ""), **kw))
        return rows

    def g_honest_law_citer(self, n: int) -> list[dict]:
        r = self.rng
        p = self.new_person()
        rows = []
        start = self.window(300)
        for j in range(n):
            channel = weighted(r, CHANNELS)
            when = self.stamp(self.day_in(start, 300), channel)
            row = self.ordinary(p, when, channel, legal=0.0)
            if j == 0:
                cite, basis = r.choice([("根据《消费者权益保护法》第二十四条，要求退货。",
                                         "《消费者权益保护法》第二十四条"),
                                        ("网购商品七天无理由退货是法律规定的。", "《消费者权益保护法》第二十五条"),
                                        ("听说按食品安全法可以要求十倍赔偿，我要求商家赔偿一千元。", "食品安全法"),
                                        ("按照三包规定，七天内出现问题应该可以退货。",
                                         "《部分商品修理更换退货责任规定》")])
                row["text"] += cite
                row["legal"] = basis if r.random() < 0.7 else ""
                if "一千" in cite:
                    row["claim"] = 1000.0
            rows.append(row)
        return rows

    def g_refund_then_withdraw(self, n: int) -> list[dict]:
        r = self.rng
        p = self.new_person()
        start = self.window(400)
        rows = []
        for _ in range(n):
            channel = weighted(r, CHANNELS)
            when = self.stamp(self.day_in(start, 400), channel)
            row = self.ordinary(p, when, channel)
            a = row["amount"] or 0.0
            row.update(outcome=r.choice(["撤回", "消费者撤回", "撤诉", "withdrawn", "已撤销"]),
                       remark=r.choice(["商家已全额退款，消费者撤回投诉", f"已退款{money(a)}元，申请撤诉",
                                        "商家同意退货退款，消费者撤回", "退款已到账，消费者撤回", "商家已退款，撤回"]),
                       comp=a if r.random() < 0.5 else None, closed=when + timedelta(days=r.randint(1, 10)))
            rows.append(row)
        return rows

    def g_hotline_honorific(self, n: int) -> list[dict]:
        r = self.rng
        p = self.new_person()
        start = self.window(360)
        days = sorted(self.day_in(start, 360) for _ in range(n))
        rows = []
        for j, day in enumerate(days):
            channel = "12315平台" if j == 0 or (j == 2 and r.random() < 0.3) else "12345热线"
            when = self.stamp(day, channel)
            kw: dict = {"phone_cell": r.choice([p.phone, f"{p.phone[:3]}-{p.phone[3:7]}-{p.phone[7:]}"])}
            if channel in HOTLINES:
                kw["name_cell"] = p.honorific if r.random() < 0.8 else f"老{p.surname}"
            else:
                kw["name_cell"] = p.name
            rows.append(self.ordinary(p, when, channel, **kw))
        return rows

    def g_similar_product_photos(self, n: int) -> list[dict]:
        r = self.rng
        cat, kind = r.choice([("food", "pack"), ("electronics", "device"), ("food", "bottle"), ("cosmetics", "bottle")])
        m = self.pick_merchant(cat)
        product = r.choice(m.products)
        design = (kind, r.getrandbits(48))
        span = r.randint(60, 300)
        start = self.window(span)
        rows = []
        for _ in range(n):
            p = self.new_person()
            channel = weighted(r, CHANNELS)
            when = self.stamp(self.day_in(start, span), channel)
            name, unit, qty, amount, pdate = self.purchase(cat, when, product)
            text = self.ordinary_text(cat, m.name, name, unit, qty, amount, pdate, when, channel)
            evidence = [self.ev.shot(r, when, design, closeup=r.random() < 0.6) for _ in range(r.choice([1, 1, 2]))]
            rows.append(self.row(p, m, when, channel, self.messy_text(text), product=name, unit=unit, qty=qty,
                                 amount=amount, pdate=pdate, evidence=evidence))
        return rows

    def g_signboard_name(self, n: int) -> list[dict]:
        r = self.rng
        m = self.pick_merchant(r.choice(["catering", "food", "services", "cosmetics"]))
        span = r.randint(120, 400)
        start = self.window(span)
        rows = []
        for _ in range(n):
            p = self.new_person()
            channel = weighted(r, CHANNELS)
            when = self.stamp(self.day_in(start, span), channel)
            if r.random() < 0.45:
                kw = {"merchant_cell": m.sign, "uscc_cell": ""}
            else:
                kw = {"merchant_cell": m.name, "uscc_cell": m.uscc if r.random() < 0.9 else ""}
            rows.append(self.ordinary(p, when, channel, m=m, **kw))
        return rows

    def g_prepaid_card_collapse(self, n: int) -> list[dict]:
        r = self.rng
        cards = {"健身年卡", "私教课", "少儿英语课程", "舞蹈课", "编程课", "美容卡", "美发充值卡"}
        m = self.new_merchant(r.choice(["training", "services", "cosmetics"]))
        while not any(x[0] in cards for x in m.products):
            m = self.new_merchant(r.choice(["training", "services", "cosmetics"]))
        product, unit, lo, hi = r.choice([x for x in m.products if x[0] in cards])
        d0 = self.window(14)
        day_words = f"{d0.month}月{d0.day}日"
        notice = ("notice", r.getrandbits(48))
        rows = []
        for _ in range(n):
            p = self.new_person()
            channel = weighted(r, [("12315平台", 40), ("12345热线", 30), ("信访", 10), ("网络平台", 10),
                                   ("媒体曝光", 5), ("消协", 5)])
            when = self.stamp(d0 + timedelta(days=min(r.randint(0, 12), r.randint(0, 12))), channel)
            amount = price(r, float(lo), float(hi))
            bal = round(amount * r.uniform(0.2, 0.95))
            if r.random() < 0.4:
                text = fill(PREPAID_GROUP, r, name=p.name, m=m.sign, card=f"{r.randint(1, 3999):04d}",
                            bal=str(bal), day=day_words)
            else:
                text = fill(r.choice(PREPAID_OWN), r, m=m.sign if r.random() < 0.7 else m.name, bal=str(bal),
                            p=product, a=money(amount), day=day_words)
                text += r.choice(["要求退还剩余费用。", "希望政府帮忙追回钱款。", "请相关部门尽快介入。", ""])
            evidence = []
            if r.random() < 0.5:
                evidence.append(self.ev.shot(r, when, notice, closeup=r.random() < 0.5))
            if r.random() < 0.4:
                evidence.append(self.ev.photo(r, when, "card"))
            rows.append(self.row(p, m, when, channel, self.wrap(self.messy_text(text), channel), product=product,
                                 unit=unit, qty=1, amount=amount,
                                 pdate=when.date() - timedelta(days=r.randint(30, 300)),
                                 claim=float(bal), evidence=evidence,
                                 outcome=r.choice(["处理中", "已转公安机关", "终止调解", "待处理", "已移交", "挂起"]),
                                 remark=r.choice(["", "经营者失联，无法调解", "涉嫌诈骗，已移送公安", "已登记"]),
                                 comp=None, closed=None))
        return rows

    def g_property_collective(self, n: int) -> list[dict]:
        r = self.rng
        m = self.new_merchant("property")
        base = self.new_address()
        while not base.estate:
            base = self.new_address()
        issue, texts = r.choice(PROPERTY_ISSUES)
        d0 = self.window(25)
        span = r.randint(3, 20)
        scene = ("scene", r.getrandbits(48))
        k = max(1, round(n * 0.85))
        rows = []
        for count in self.split(n, k):
            addr = Address(base.district, base.road, base.no, base.estate, r.randint(1, 18), r.randint(1, 3),
                           r.randint(1, 26) * 100 + r.randint(1, 4))
            p = self.new_person(addr=addr)
            for _ in range(count):
                channel = weighted(r, [("12345热线", 60), ("12315平台", 20), ("市长信箱", 10), ("信访", 10)])
                when = self.stamp(self.day_in(d0, span), channel)
                x1 = r.choice([1.2, 1.5, 1.8])
                text = fill(r.choice(texts), r, e=addr.estate, b=str(addr.bldg), k=str((when.date() - d0).days + 2),
                            x1=money(x1), x2=money(x1 + 0.6))
                text += r.choice(["希望相关部门督促物业尽快解决。", "请政府管一管。", "要求物业给业主一个说法。", ""])
                evidence = [self.ev.shot(r, when, scene, closeup=False)] if r.random() < 0.3 else []
                rows.append(self.row(p, m, when, channel, self.wrap(self.messy_text(text), channel), product="物业服务",
                                     evidence=evidence,
                                     outcome=r.choice(["已答复", "转住建部门", "办结", "处理中", "已转属地街道"]),
                                     remark=r.choice(["", "已督促物业整改", "物业承诺一周内修复", "转房管部门处理"]),
                                     comp=None, closed=when + timedelta(days=r.randint(2, 15))))
        return rows

    # ----- the file ----------------------------------------------------------------------------------------------
    def plan(self) -> list[Group]:
        r = self.rng
        groups = []
        for item in PLAN:
            count = max(1, round(item.per_10k * self.n_rows / 10000))
            for i in range(count):
                groups.append(Group(item.family, item.kind, r.randint(*item.sizes), f"{item.kind}-{i + 1:02d}"))
        return groups

    def write(self) -> dict:
        groups = self.plan()
        total = sum(g.size for g in groups)
        if total > self.n_rows * 0.5:
            raise ValueError(f"--rows {self.n_rows} is too small for the planted groups ({total} complaints)")
        entries = []
        for gi, g in enumerate(groups):
            made = getattr(self, "g_" + g.kind)(g.size)
            assert len(made) == g.size, (g.kind, len(made), g.size)
            for row in made:
                when = min(row["when"], START + timedelta(days=DAYS, seconds=-1))
                row["when"] = when
                desired = (when - START).total_seconds() / 86400 / DAYS * self.n_rows
                entries.append((desired, len(entries), cid_prefix(row["channel"], when),
                                self.serialize(self.cells(row)), gi))
        entries.sort()
        positions, prev = [], -1
        for desired, *_ in entries:
            prev = max(min(int(desired), self.n_rows - 1), prev + 1)
            positions.append(prev)
        upper = self.n_rows
        for i in range(len(positions) - 1, -1, -1):
            upper = positions[i] = min(positions[i], upper - 1)
        special: dict[int, str] = {}
        ids: list[list[str]] = [[] for _ in groups]
        for (_desired, _order, prefix, rest, gi), pos in zip(entries, positions, strict=True):
            cid = prefix + f"{pos + 1:07d}"
            special[pos] = cid + "," + rest
            ids[gi].append(cid)
        del entries
        path = self.out / "complaints.csv"
        with path.open("w", encoding=self.encoding, newline="") as fh:
            fh.write(self.serialize(COLUMNS))
            for pos in range(self.n_rows):
                line = special.pop(pos, None)
                fh.write(line if line is not None else self.background(pos))
                if self.rng.random() < 0.0003:
                    fh.write("\r\n")
        truth = {"generator": "qingshui", "seed": self.seed, "encoding": self.encoding, "rows": self.n_rows,
                 "schemes": {}, "traps": {}}
        for g, cids in zip(groups, ids, strict=True):
            truth[g.family][g.gid] = {"kind": g.kind, "complaint_ids": sorted(cids)}
        (self.out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
        return truth


def generate(out: Path, seed: int, rows: int, pictures: bool = True) -> dict:
    """Write complaints.csv, evidence/ and truth.json into ``out``; returns the truth."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    return Groups(out, seed, rows, pictures).write()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--no-pictures", action="store_true", help="write the CSV and truth only")
    args = parser.parse_args()
    truth = generate(args.out, args.seed, args.rows, pictures=not args.no_pictures)
    planted = {family: sum(len(g["complaint_ids"]) for g in truth[family].values()) for family in ("schemes", "traps")}
    print(f"{args.out}: {args.rows} rows, {planted['schemes']} in schemes, {planted['traps']} in traps "
          f"({truth['encoding']})")


if __name__ == "__main__":
    main()
