"""Held-out complaint generator "gen_yunxi": 云溪市, a south-western mountain city.

The market-regulation bureau of the (invented) 云溪市 merges four exports into one sheet:

* the 12345 government hotline's work orders (operator-typed, third person: "来电人反映……"),
* a livestream platform's after-sales disputes kept by the e-commerce office (nicknames, masked phones,
  直播间/主播/售后类型/平台判定 in the remark column),
* the consumer association's (消协) mediation ledger, whose dates are written day first (DD/MM/YYYY),
  which the ledger states in its remark column on every row,
* the 云雾山 scenic area's tourist-complaint register (景区, 导游, 旅行社, 团号).

Fraudulent groups ("schemes") and genuine look-alike groups ("traps") are mixed into ordinary background
complaints; ``truth.json`` names them.  Pictures are specified while rows are made and drawn afterwards
from their own seeds, so the CSV and truth.json do not depend on ``pictures``.

    python bench/heldout/gen_yunxi.py OUT_DIR --seed N --rows N [--no-pictures]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import math
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
    "liveroom_mushroom_batch",
    "tour_group_forced_shopping",
    "landslide_homestay_cancel",
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

# group counts at 10,000 rows and (min, max) group sizes at full scale
SCHEME_PLAN = {
    "professional_claimant": (5, (20, 36)),
    "identity_rotation": (4, (12, 18)),
    "template_ring": (5, (12, 22)),
    "evidence_extortion": (4, (7, 11)),
    "private_payment_withdrawal": (5, (6, 9)),
    "low_and_slow_ring": (4, (10, 16)),
    "split_purchase": (5, (14, 26)),
}
TRAP_PLAN = {
    "contaminated_batch": (5, (30, 50)),
    "household_shared_phone": (10, (3, 5)),
    "dormitory": (5, (15, 25)),
    "power_user": (5, (14, 22)),
    "volunteer_representative": (3, (14, 22)),
    "elderly_by_child": (7, (3, 5)),
    "lawyer_one_client": (5, (3, 6)),
    "duplicate_two_channels": (20, (2, 2)),
    "hotline_honorific": (12, (2, 4)),
    "honest_law_citer": (20, (1, 2)),
    "refund_then_withdraw": (20, (1, 2)),
    "similar_product_photos": (6, (7, 12)),
    "signboard_name": (10, (2, 3)),
    "liveroom_mushroom_batch": (2, (130, 190)),
    "tour_group_forced_shopping": (3, (26, 40)),
    "landslide_homestay_cancel": (2, (16, 26)),
}

START = dt.datetime(2025, 1, 1)
END = dt.datetime(2026, 10, 31)

# ----------------------------------------------------------------------------------------------------------
# identifiers (own helpers)

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def id_check_digit(body17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=True)) % 11]


def id_valid(number: str) -> bool:
    n = number.strip().upper()
    if len(n) == 15:
        return n.isdigit()
    if len(n) != 18 or not n[:17].isdigit():
        return False
    try:
        dt.date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        return False
    return id_check_digit(n[:17]) == n[17]


def make_id(region: str, birth: dt.date, seq: int) -> str:
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + id_check_digit(body)


def org_code(body8: str) -> str:
    s = sum(int(c, 36) * w for c, w in zip(body8, ORG_WEIGHTS, strict=True))
    c = 11 - s % 11
    return body8 + ("X" if c == 10 else "0" if c == 11 else str(c))


def uscc_check(body17: str) -> str:
    s = sum(USCC_CHARS.index(c) * w for c, w in zip(body17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - s % 31) % 31]


def uscc_valid(code: str) -> bool:
    c = code.strip().upper()
    if len(c) != 18 or any(ch not in USCC_CHARS for ch in c):
        return False
    return uscc_check(c[:17]) == c[17]


def make_uscc(rng: random.Random, region: str, kind: str = "1") -> str:
    body = "9" + kind + region + org_code("".join(rng.choice("0123456789") for _ in range(8)))
    return body + uscc_check(body)


def luhn_ok(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def make_card(rng: random.Random) -> str:
    bin_ = rng.choice(("622848", "621700", "622202", "623668", "621799", "622908", "625826", "622568"))
    length = rng.choice((16, 19, 19))
    body = bin_ + "".join(rng.choice("0123456789") for _ in range(length - len(bin_) - 1))
    for d in "0123456789":
        if luhn_ok(body + d):
            return body + d
    raise AssertionError("unreachable")


# ----------------------------------------------------------------------------------------------------------
# vocabulary

LOCAL_REGIONS = ("532101", "532102", "532122", "532123", "532124", "532126", "532128")
DISTRICTS = {
    "532101": "翠屏区",
    "532102": "溪口区",
    "532122": "茶山县",
    "532123": "龙潭县",
    "532124": "汤池县",
    "532126": "白岩县",
    "532128": "雾岭县",
}
OUTSIDE = (
    ("530102", "云南省昆明市五华区"),
    ("530111", "云南省昆明市官渡区"),
    ("520102", "贵州省贵阳市南明区"),
    ("510107", "四川省成都市武侯区"),
    ("500103", "重庆市渝中区"),
    ("440106", "广东省广州市天河区"),
    ("440304", "广东省深圳市福田区"),
    ("430104", "湖南省长沙市岳麓区"),
    ("310115", "上海市浦东新区"),
    ("513401", "四川省凉山彝族自治州西昌市"),
    ("532801", "云南省西双版纳傣族自治州景洪市"),
    ("532901", "云南省大理白族自治州大理市"),
    ("330106", "浙江省杭州市西湖区"),
    ("110105", "北京市朝阳区"),
    ("420106", "湖北省武汉市武昌区"),
    ("610113", "陕西省西安市雁塔区"),
)
ROADS = (
    "茶园路",
    "溪口大道",
    "云雾路",
    "汤池街",
    "龙潭西路",
    "翠屏北路",
    "白岩巷",
    "古镇东街",
    "茶马大道",
    "凤鸣路",
    "清泉巷",
    "新华街",
    "学府路",
    "菌香街",
    "火塘路",
    "映山红路",
)
COMMUNITIES = (
    "茶香苑",
    "云溪花园",
    "翠屏小区",
    "溪畔人家",
    "温泉雅居",
    "金茶湾",
    "龙潭新村",
    "学府佳苑",
    "山水城",
    "锦绣华庭",
    "滨河小区",
    "鹤溪里",
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈段普李"
GIVEN_M = (
    "伟",
    "强",
    "磊",
    "军",
    "勇",
    "杰",
    "涛",
    "斌",
    "超",
    "明",
    "刚",
    "平",
    "辉",
    "鹏",
    "华",
    "飞",
    "鑫",
    "波",
    "宇",
    "浩",
    "建国",
    "志强",
    "建华",
    "文彬",
    "海涛",
    "俊杰",
    "子轩",
    "天佑",
    "永福",
    "国华",
    "绍林",
    "正荣",
)
GIVEN_F = (
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "艳",
    "娟",
    "霞",
    "燕",
    "玲",
    "桂英",
    "秀兰",
    "丽华",
    "晓燕",
    "雪梅",
    "婷婷",
    "欣怡",
    "梓涵",
    "春花",
    "美玲",
    "玉梅",
    "金凤",
    "雨萱",
    "思琪",
    "红梅",
    "丽萍",
)
YI_NAMES = (
    "沙马阿果",
    "吉克曲布",
    "阿苏拉则",
    "阿牛木呷",
    "海来阿木",
    "吉克·阿依",
    "阿鲁·木呷",
    "曲比·阿果",
    "沙马·拉哈",
    "俄木日哈",
    "阿说以莫",
)
DAI_NAMES = ("岩温", "玉罕", "岩罕", "玉香", "依香", "岩应", "玉腊", "刀·岩叫", "玉香·岩温", "岩罕·康朗")
BAI_NAMES = ("段金凤", "杨丽仙", "赵银花", "李四龙", "段银祥", "杨文菊", "尹金华", "和秀英")
NICK_A = (
    "山茶",
    "阿妹",
    "小鹿",
    "云朵",
    "糯米",
    "菌菌",
    "火塘",
    "雾里",
    "茶小白",
    "溪边",
    "吃货",
    "幸福",
    "快乐",
    "小太阳",
    "老街坊",
    "橘子",
    "南山",
    "月亮",
    "蘑菇",
    "松果",
)
NICK_B = (
    "花开",
    "爱吃菌",
    "乱撞",
    "团子",
    "的猫",
    "看花",
    "大叔",
    "妈妈",
    "宝贝",
    "小栈",
    "不吃香菜",
    "一生",
    "在路上",
    "本人",
    "酱",
    "呀",
    "丫丫",
    "阿姨",
)
PHONE_PREFIX = (
    "139",
    "138",
    "137",
    "136",
    "135",
    "150",
    "151",
    "152",
    "157",
    "158",
    "159",
    "182",
    "187",
    "188",
    "133",
    "153",
    "180",
    "181",
    "189",
    "177",
    "173",
    "199",
    "198",
    "166",
    "130",
    "131",
    "132",
    "155",
    "156",
    "185",
    "186",
    "176",
    "175",
    "183",
    "184",
    "147",
)
AREA_CODE = "0879"

SECTORS = {
    "tea": {
        "shops": ("茶行", "茶庄", "茶叶店", "茶业有限公司", "茶厂"),
        "prefix": ("云雾", "老班", "古树", "茶山", "翠峰", "香溪", "易武", "雾岭", "滇韵", "马帮"),
        "products": (
            ("古树普洱生茶饼357g", 180, 1280),
            ("云雾绿茶250g", 60, 260),
            ("滇红金芽礼盒", 128, 598),
            ("白茶饼200g", 88, 388),
            ("荒野老树红茶", 99, 420),
            ("散装熟普1斤", 45, 160),
        ),
        "problems": (
            "包装上写的是古树茶，喝起来就是台地茶，以次充好",
            "茶饼掰开里面有霉点",
            "标注净含量357克，实际称重只有320克左右",
            "礼盒里的生产日期跟外包装对不上",
            "说好七天无理由退货，现在拒绝退",
            "茶叶里有头发和碎石子",
            "冲泡后有明显的烟焦味，与宣传的头春茶不符",
        ),
        "demand": ("退货退款", "退一赔三", "更换正品", "退还差价"),
        "source": "hotline",
    },
    "mushroom": {
        "shops": ("菌业", "山珍店", "野生菌批发部", "干货行", "食品商行"),
        "prefix": ("菌香", "山野", "林下", "雾岭", "彩云", "老林", "溪谷", "松林"),
        "products": (
            ("干巴菌250g", 98, 460),
            ("野生松茸礼盒", 199, 880),
            ("鸡枞油2瓶", 58, 128),
            ("牛肝菌干片500g", 68, 260),
            ("羊肚菌干货100g", 88, 320),
            ("野生菌火锅料", 39, 99),
        ),
        "problems": (
            "收到时菌子已经发黑变质",
            "吃了以后上吐下泻，去医院看了急诊",
            "干货里掺了大量泥沙和碎木屑",
            "标称野生，实际是人工大棚种的",
            "分量明显不够",
            "包装里发现活的小虫",
        ),
        "demand": ("退款", "退款并赔偿医药费", "退货退款", "赔偿损失"),
        "source": "platform",
    },
    "cured_meat": {
        "shops": ("腊味坊", "肉食店", "火腿店", "食品厂", "土特产店"),
        "prefix": ("老火塘", "山里", "云岭", "彝家", "农家", "古寨", "溪口"),
        "products": (
            ("老腊肉2斤", 76, 168),
            ("火腿切片500g", 58, 198),
            ("腊肠礼盒", 88, 238),
            ("风干牛肉干", 45, 128),
            ("烟熏排骨", 60, 150),
        ),
        "problems": (
            "腊肉表面有一层白毛霉斑",
            "切开里面有小虫子",
            "包装上没有生产日期也没有厂名",
            "有很重的哈喇味",
            "真空包装漏气胀袋",
        ),
        "demand": ("退款", "退货退款", "十倍赔偿", "赔偿"),
        "source": "platform",
    },
    "honey": {
        "shops": ("蜂业", "蜂场", "土特产店", "蜂蜜专卖"),
        "prefix": ("岩蜂", "百花", "山里", "甜蜜", "高山", "蜂巢"),
        "products": (("土蜂蜜1kg", 68, 198), ("百花蜜500g", 39, 99), ("野生岩蜂蜜", 128, 398), ("蜂巢蜜礼盒", 98, 268)),
        "problems": (
            "怀疑掺了糖浆，放了一周就分层",
            "瓶盖没封好漏了一箱子",
            "和直播间说的野生岩蜜完全不是一回事",
            "有股发酵的酸味",
        ),
        "demand": ("退款", "退货退款", "赔偿"),
        "source": "platform",
    },
    "hotspring": {
        "shops": ("温泉度假酒店", "温泉山庄", "汤泉会馆", "温泉公园"),
        "prefix": ("汤池", "云溪", "龙泉", "暖玉", "碧水", "森林"),
        "products": (
            ("温泉双人票", 198, 458),
            ("温泉酒店套餐一晚", 488, 1280),
            ("汤泉SPA套餐", 268, 680),
            ("温泉年卡", 980, 2680),
        ),
        "problems": (
            "池水浑浊有异味，泡完身上起红疹",
            "储物柜里的手机丢了，酒店推说不负责",
            "网上团购价跟现场价不一样，现场又加收费用",
            "预约好了到门口说满员不让进，也不退钱",
            "办了年卡后店家说改制不能用了",
        ),
        "demand": ("退款", "赔偿损失", "退还年卡余额", "道歉并退款"),
        "source": "hotline",
    },
    "homestay": {
        "shops": ("客栈", "民宿", "精品酒店", "山居"),
        "prefix": ("鹤溪", "云栖", "听雨", "半山", "茶舍", "溪云", "望山", "柴门"),
        "products": (
            ("民宿大床房2晚", 360, 980),
            ("家庭套房1晚", 420, 880),
            ("观景房2晚", 520, 1360),
            ("整院包栋", 1800, 4600),
        ),
        "problems": (
            "床单上有污渍和头发，卫生间有霉",
            "房间与平台图片严重不符",
            "提前三天取消预订，不退定金",
            "热水器坏了洗不了澡，老板不管",
            "到店后被告知超售，让我们去别家",
        ),
        "demand": ("退款", "退还定金", "赔偿损失", "部分退款"),
        "source": "scenic",
    },
    "travel": {
        "shops": ("国际旅行社", "旅行社", "旅游服务有限公司", "旅游集散中心"),
        "prefix": ("溪山", "山水", "彩云", "青旅", "雾岭", "马帮"),
        "products": (
            ("云雾山一日游", 99, 298),
            ("古镇+温泉两日游", 299, 699),
            ("老年康养五日游", 680, 1980),
            ("研学两日营", 399, 899),
        ),
        "problems": (
            "导游带去玉石店，不买东西就不让上车",
            "行程中擅自取消了两个景点",
            "团餐十人一桌只有五个菜",
            "额外收取自费项目费用，合同里没有",
            "导游态度恶劣，当众辱骂游客",
        ),
        "demand": ("退还团费差价", "赔偿", "处理导游", "退款"),
        "source": "scenic",
    },
    "restaurant": {
        "shops": ("农家乐", "饭店", "野生菌火锅店", "餐馆", "烧烤城"),
        "prefix": ("山里人家", "老寨子", "菌香楼", "溪边", "火塘", "阿妈", "云雾山庄"),
        "products": (("野生菌火锅", 168, 680), ("农家乐团餐", 300, 1200), ("烤全羊", 880, 1680), ("菌子宴", 268, 980)),
        "problems": (
            "菜单上没有价格，结账时高价宰客",
            "野生菌按斤称重存在缺斤短两",
            "收取高额包间费和开瓶费",
            "吃完后几个人都肚子疼",
            "菜里吃出钢丝球丝",
        ),
        "demand": ("退还多收的钱", "赔偿医药费", "退款", "道歉"),
        "source": "scenic",
    },
    "electrical": {
        "shops": ("电器商行", "家电城", "手机店", "电动车行", "五金电器"),
        "prefix": ("龙潭", "金鑫", "顺达", "宏发", "华强", "新时代", "诚信"),
        "products": (
            ("格力空调1.5匹", 2599, 3899),
            ("海尔冰箱", 1899, 3999),
            ("电动车", 1680, 3580),
            ("智能手机", 899, 3299),
            ("电热水器", 899, 1899),
            ("电饭煲", 159, 499),
        ),
        "problems": (
            "空调装好后不制冷",
            "怀疑是翻新机，序列号查不到",
            "保修期内坏了，店家拒绝保修",
            "电瓶车续航连宣传的一半都没有",
            "安装工乱收费，材料费比市场价高几倍",
            "用了三天就烧了保险丝",
        ),
        "demand": ("退货", "换货", "免费维修", "退还多收安装费"),
        "source": "hotline",
    },
    "training": {
        "shops": ("驾校", "职业培训学校", "教育咨询有限公司", "考证培训中心"),
        "prefix": ("溪口", "职通", "学府", "金钥匙", "启航"),
        "products": (
            ("C1驾照报名费", 2800, 4200),
            ("电工证培训", 980, 1800),
            ("专升本辅导班", 3680, 6800),
            ("健身年卡", 988, 1888),
        ),
        "problems": ("报名后一直不安排练车，要求退学不退费", "承诺包过，没考过也不退", "机构突然关门，老板联系不上"),
        "demand": ("退还培训费", "退款", "按比例退费"),
        "source": "hotline",
    },
    "supermarket": {
        "shops": ("超市", "便利店", "副食店", "购物中心", "生鲜超市"),
        "prefix": ("惠民", "家家乐", "云溪百货", "红旗", "万家福", "学府", "溪口"),
        "products": (
            ("纯牛奶一箱", 39, 78),
            ("面包", 6, 18),
            ("进口饼干", 19, 58),
            ("方便面一箱", 36, 59),
            ("饮料", 3, 12),
            ("速冻水饺", 15, 32),
            ("食用油5L", 59, 129),
        ),
        "problems": (
            "买回家才发现已经过期三天",
            "进口食品没有中文标签",
            "价签写的和收银结算的价格不一样",
            "酸奶胀包",
            "散装称重的东西缺斤少两",
        ),
        "demand": ("退款", "退一赔十", "退还差价", "赔偿"),
        "source": "hotline",
    },
}
BACKGROUND_SECTORS = (
    ("tea", 12),
    ("mushroom", 11),
    ("cured_meat", 7),
    ("honey", 5),
    ("hotspring", 7),
    ("homestay", 9),
    ("travel", 8),
    ("restaurant", 8),
    ("electrical", 11),
    ("training", 4),
    ("supermarket", 18),
)
FOOD_SECTORS = ("tea", "mushroom", "cured_meat", "honey", "supermarket")

CHANNELS = {
    "hotline": (("电话", 70), ("12345网站", 10), ("微信公众号", 9), ("12345APP", 6), ("12315平台转办", 5)),
    "platform": (("直播间订单", 62), ("短视频橱窗", 18), ("商城", 14), ("客服转人工", 6)),
    "assoc": (("来访", 45), ("来电", 30), ("信函", 8), ("网上投诉", 17)),
    "scenic": (("现场", 45), ("游客服务中心", 20), ("旅游投诉电话", 25), ("微信小程序", 10)),
}
SOURCE_NAME = {
    "hotline": "12345热线工单",
    "platform": "直播平台售后",
    "assoc": "市消协调解台账",
    "scenic": "云雾山景区游客投诉登记",
}
EMPTY = {
    "hotline": ("", "/", "", "无"),
    "platform": ("NULL", "NULL", ""),
    "assoc": ("无", "无", "/"),
    "scenic": ("-", "-", "", "无"),
}
ANCHORS = ("阿香姐", "菌哥", "茶山小妹", "老火塘阿强", "云溪阿布", "岩罕哥", "蜂蜜姑娘小玉", "山货老李", "雾岭小七")
GUIDES = ("杨导", "李燕", "罗小兵", "赵导游", "阿依", "普文华", "段红", "周海")

TRAD = str.maketrans(
    {
        "买": "買",
        "货": "貨",
        "卖": "賣",
        "价": "價",
        "质": "質",
        "问": "問",
        "题": "題",
        "饭": "飯",
        "叶": "葉",
        "发": "發",
        "现": "現",
        "过": "過",
        "还": "還",
        "没": "沒",
        "东": "東",
        "说": "說",
        "请": "請",
        "处": "處",
        "钱": "錢",
        "赔": "賠",
        "偿": "償",
        "对": "對",
        "这": "這",
        "个": "個",
        "们": "們",
        "时": "時",
        "间": "間",
        "后": "後",
        "经": "經",
        "实": "實",
        "虫": "蟲",
        "变": "變",
        "坏": "壞",
        "导": "導",
        "购": "購",
        "费": "費",
        "单": "單",
        "订": "訂",
        "号": "號",
        "称": "稱",
        "应": "應",
        "该": "該",
        "为": "為",
        "与": "與",
        "规": "規",
        "务": "務",
        "电": "電",
        "话": "話",
        "门": "門",
        "头": "頭",
        "见": "見",
        "让": "讓",
        "给": "給",
        "图": "圖",
        "证": "證",
        "据": "據",
        "关": "關",
        "决": "決",
        "机": "機",
        "开": "開",
        "点": "點",
        "报": "報",
        "举": "舉",
        "诉": "訴",
        "讼": "訟",
        "师": "師",
        "记": "記",
        "网": "網",
        "络": "絡",
        "标": "標",
        "签": "簽",
        "产": "產",
        "品": "品",
        "店": "店",
        "严": "嚴",
        "重": "重",
        "长": "長",
        "无": "無",
        "认": "認",
        "识": "識",
        "态": "態",
        "度": "度",
        "样": "樣",
        "当": "當",
        "种": "種",
        "进": "進",
        "条": "條",
        "准": "準",
    }
)
FULL = str.maketrans(
    {**{str(i): chr(0xFF10 + i) for i in range(10)}, **{chr(65 + i): chr(0xFF21 + i) for i in range(26)}}
)
TYPOS = (
    ("已经", "以经"),
    ("赔偿", "陪偿"),
    ("投诉", "投述"),
    ("购买", "够买"),
    ("消费者", "消费着"),
    ("账户", "帐户"),
    ("质量", "质两"),
    ("商家", "商加"),
    ("的", "得"),
    ("再", "在"),
    ("退款", "推款"),
    ("霉变", "没变"),
)
SYNONYMS = (
    ("购买", ("买了", "购入", "下单购买", "网购")),
    ("发现", ("发觉", "看到", "检查发现", "才发现")),
    ("霉变", ("发霉", "长霉", "霉斑")),
    ("要求", ("请求", "诉求", "强烈要求", "恳请")),
    ("商家", ("店家", "卖家", "商户", "经营者")),
    ("赔偿", ("赔付", "补偿", "赔钱")),
    ("标签", ("标识", "包装标签", "外包装标注")),
    ("严重", ("非常", "十分", "极其")),
    ("立即", ("马上", "尽快", "即刻")),
    ("产品", ("商品", "东西", "货品")),
    ("依法", ("按照法律", "依照法律")),
    ("处理", ("处置", "查处", "解决")),
    ("欺诈", ("欺骗", "坑骗", "忽悠消费者")),
)
CN_DIG = "零壹贰叁肆伍陆柒捌玖"


def cn_upper(n: int) -> str:
    if n == 0:
        return "零元"
    parts = []
    wan, rest = divmod(n, 10000)

    def four(x: int) -> str:
        out, zero = "", False
        for unit, base in (("仟", 1000), ("佰", 100), ("拾", 10), ("", 1)):
            d = x // base % 10
            if d:
                if zero and out:
                    out += "零"
                out += CN_DIG[d] + unit
                zero = False
            else:
                zero = True
        return out

    if wan:
        parts.append(four(wan) + "万")
        if rest and rest < 1000:
            parts.append("零")
    if rest:
        parts.append(four(rest))
    return "".join(parts) + "元"


# ----------------------------------------------------------------------------------------------------------
# world


class Person:
    __slots__ = ("name", "gender", "birth", "id18", "id15", "phone", "address", "region", "nick", "landline", "card")

    def __init__(self, **kw):
        self.id15 = None
        self.card = None
        self.landline = None
        for k, v in kw.items():
            setattr(self, k, v)

    @property
    def id_number(self) -> str:
        return self.id15 or self.id18

    @property
    def surname(self) -> str:
        return self.name[0]


class Merchant:
    __slots__ = ("name", "signboard", "uscc", "sector", "products", "region", "anchor", "room")

    def __init__(self, **kw):
        self.anchor = None
        self.room = None
        for k, v in kw.items():
            setattr(self, k, v)


class Gen:
    def __init__(self, seed: int, rows: int):
        self.seed = seed
        self.rows = rows
        self.rng = random.Random(seed)
        self.scale = min(1.0, max(0.35, rows / 10000))
        self.used_ids: set[str] = set()
        self.used_phones: set[str] = set()
        self.cases: list[dict] = []
        self.groups: list[tuple[str, str, str, list[dict]]] = []  # (group id, "scheme"/"trap", kind, cases)
        self.pic_counter = 0
        self.order_counter = self.rng.randrange(10**6, 9 * 10**6)
        self.merchants: dict[str, list[Merchant]] = {}
        for sector, _w in BACKGROUND_SECTORS:
            self.merchants[sector] = [self.new_merchant(sector) for _ in range(max(6, int(rows / 10000 * 60)))]

    # -- people -------------------------------------------------------------------------------------------
    def wpick(self, pairs):
        total = sum(w for _, w in pairs)
        r = self.rng.uniform(0, total)
        for v, w in pairs:
            r -= w
            if r <= 0:
                return v
        return pairs[-1][0]

    def new_phone(self, prefix7: str | None = None) -> str:
        while True:
            p = (
                prefix7 + f"{self.rng.randrange(10000):04d}"
                if prefix7
                else (self.rng.choice(PHONE_PREFIX) + f"{self.rng.randrange(10**8):08d}")
            )
            if p not in self.used_phones:
                self.used_phones.add(p)
                return p

    def new_name(self, gender: str, region: str) -> str:
        r = self.rng.random()
        if region == "513401" or (region in LOCAL_REGIONS and r < 0.05):
            return self.rng.choice(YI_NAMES)
        if region == "532801" or (region in LOCAL_REGIONS and r < 0.08):
            return self.rng.choice(DAI_NAMES)
        if region == "532901" or (region in LOCAL_REGIONS and r < 0.11):
            return self.rng.choice(BAI_NAMES)
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN_M if gender == "M" else GIVEN_F)

    def new_id(self, region: str, birth: dt.date, gender: str) -> str:
        while True:
            seq = self.rng.randrange(0, 500) * 2 + (1 if gender == "M" else 0)
            n = make_id(region, birth, seq)
            if n not in self.used_ids:
                self.used_ids.add(n)
                return n

    def local_address(self, region: str | None = None) -> str:
        region = region or self.rng.choice(LOCAL_REGIONS)
        r = self.rng.random()
        d = DISTRICTS[region]
        if r < 0.55:
            return (
                f"云溪市{d}{self.rng.choice(ROADS)}{self.rng.randrange(1, 300)}号{self.rng.choice(COMMUNITIES)}"
                f"{self.rng.randrange(1, 20)}栋{self.rng.randrange(1, 5)}单元"
                f"{self.rng.randrange(1, 19)}0{self.rng.randrange(1, 5)}"
            )
        if r < 0.85:
            return f"云溪市{d}{self.rng.choice(ROADS)}{self.rng.randrange(1, 400)}号"
        village = self.rng.choice(("茶山", "白岩", "龙潭", "雾岭", "松林", "大坪"))
        return f"{d}{village}村{self.rng.choice('一二三四五六')}组"

    def new_person(
        self,
        local: float = 0.75,
        region: str | None = None,
        birth_range=(1955, 2004),
        gender: str | None = None,
        surname: str | None = None,
        address: str | None = None,
    ) -> Person:
        rng = self.rng
        gender = gender or rng.choice("MF")
        if region is None:
            if rng.random() < local:
                region = rng.choice(LOCAL_REGIONS)
                addr = self.local_address(region)
            else:
                region, place = rng.choice(OUTSIDE)
                addr = f"{place}{rng.choice(ROADS)}{rng.randrange(1, 500)}号"
        else:
            addr = (
                self.local_address(region)
                if region in LOCAL_REGIONS
                else (dict(OUTSIDE).get(region, "云南省") + f"{rng.choice(ROADS)}{rng.randrange(1, 500)}号")
            )
        birth = dt.date(rng.randint(*birth_range), rng.randint(1, 12), rng.randint(1, 28))
        name = self.new_name(gender, region)
        if surname and "·" not in name:
            name = surname + name[1:]
        p = Person(
            name=name,
            gender=gender,
            birth=birth,
            id18=self.new_id(region, birth, gender),
            phone=self.new_phone(),
            address=address or addr,
            region=region,
            nick=self.new_nick(),
        )
        if birth.year < 1975 and rng.random() < 0.12:
            p.id15 = p.id18[:6] + p.id18[8:17]
        return p

    def new_nick(self) -> str:
        r = self.rng.random()
        if r < 0.2:
            return f"用户{self.rng.randrange(10**6, 10**7)}"
        if r < 0.3:
            return f"yx_{self.rng.choice(('tea', 'momo', 'lucky', 'star', 'ayi'))}{self.rng.randrange(100, 9999)}"
        return self.rng.choice(NICK_A) + self.rng.choice(NICK_B) + (str(self.rng.randrange(10, 99)) if r > 0.8 else "")

    def new_merchant(self, sector: str, region: str | None = None) -> Merchant:
        rng = self.rng
        s = SECTORS[sector]
        region = region or rng.choice(LOCAL_REGIONS)
        pre = rng.choice(s["prefix"])
        shop = rng.choice(s["shops"])
        owner = rng.choice(SURNAMES)
        individual = (
            shop not in ("茶业有限公司", "旅游服务有限公司", "教育咨询有限公司", "国际旅行社") and rng.random() < 0.5
        )
        if individual:
            name = (
                f"{DISTRICTS[region]}{pre}{shop}"
                if rng.random() < 0.5
                else f"云溪市{DISTRICTS[region]}{owner}记{pre}{shop}"
            )
            kind = "2"
        else:
            name = (
                f"云溪{pre}{rng.choice(('商贸', '实业', '食品', '农业开发', '文化旅游'))}有限公司"
                if rng.random() < 0.6
                else f"云溪市{pre}{shop}" + ("有限公司" if not shop.endswith("公司") else "")
            )
            kind = "1"
        signboard = rng.choice(
            (f"{owner}记{pre}", f"老{owner}家{shop[:2]}", f"{pre}{shop[:2]}", f"阿{owner}{shop[:2]}")
        )
        m = Merchant(
            name=name,
            signboard=signboard,
            uscc=make_uscc(rng, region, kind),
            sector=sector,
            products=s["products"],
            region=region,
        )
        if sector in ("mushroom", "tea", "cured_meat", "honey"):
            m.anchor = rng.choice(ANCHORS)
            m.room = f"{pre}{rng.choice(('源头好货', '山货铺', '助农专场', '官方旗舰店', '工厂店'))}"
        return m

    def merchant(self, sector: str | None = None) -> Merchant:
        sector = sector or self.wpick(BACKGROUND_SECTORS)
        return self.rng.choice(self.merchants[sector])

    def when(self, lo: dt.datetime = START, hi: dt.datetime = END) -> dt.datetime:
        span = (hi - lo).total_seconds()
        t = lo + dt.timedelta(seconds=self.rng.uniform(0, span))
        # complaints come in during working hours mostly
        hour = self.rng.choice((8, 9, 9, 10, 10, 11, 14, 15, 15, 16, 17, 19, 20, 21, 22, 7, 12, 13))
        return t.replace(hour=hour, minute=self.rng.randrange(60), second=self.rng.randrange(60), microsecond=0)

    def order_no(self, source: str) -> str:
        self.order_counter += self.rng.randrange(1, 5000)
        if source == "platform":
            return f"{self.rng.choice(('69', '48', '71'))}{self.order_counter:09d}{self.rng.randrange(10**7):07d}"
        return f"{self.order_counter:08d}"

    # -- pictures -----------------------------------------------------------------------------------------
    def pic(self, kind: str, when: dt.datetime, seed: int | None = None, **params) -> dict:
        self.pic_counter += 1
        k = self.pic_counter
        style = self.rng.random()
        if style < 0.35:
            name = f"IMG_{when:%Y%m%d}_{when:%H%M%S}{k:05d}.jpg"
        elif style < 0.6:
            name = f"mmexport{int(when.timestamp() * 1000) + k}.jpg"
        elif style < 0.8:
            name = f"wx_camera_{int(when.timestamp())}{k:05d}.jpg"
        else:
            name = f"附件{k:05d}_{kind}.jpg"
        return dict(file=name, kind=kind, seed=self.rng.randrange(2**31) if seed is None else seed, **params)

    # -- cases --------------------------------------------------------------------------------------------
    def case(self, source: str, received: dt.datetime, person: Person, merchant: Merchant | None, **kw) -> dict:
        c = {
            "source": source,
            "received": received,
            "person": person,
            "merchant": merchant,
            "product": None,
            "order_no": None,
            "purchase": None,
            "qty": 1,
            "amount": None,
            "claim": None,
            "basis": "",
            "text": "",
            "evidence": [],
            "handler": None,
            "outcome": None,
            "comp": None,
            "closed": None,
            "remark": "",
            "channel": None,
            "show_name": None,
            "show_phone": None,
            "show_id": None,
            "show_addr": None,
            "show_merchant": None,
            "show_uscc": None,
            "nick": None,
        }
        c.update(kw)
        if merchant is not None and (c["product"] is None or c["amount"] is None):
            prod, lo, hi = self.rng.choice(merchant.products)
            for p2, lo2, hi2 in merchant.products:
                if p2 == c["product"]:
                    prod, lo, hi = p2, lo2, hi2
            c["product"] = c["product"] or prod
            if c["amount"] is None:
                c["amount"] = round(self.rng.uniform(lo, hi) / 1, 0 if hi > 200 else 1)
        if c["purchase"] is None:
            c["purchase"] = received - dt.timedelta(days=self.rng.randint(0, 40), hours=self.rng.randint(0, 12))
        if c["channel"] is None:
            c["channel"] = self.wpick(CHANNELS[source])
        self.cases.append(c)
        return c

    def group(self, cls: str, kind: str, cases: list[dict]) -> None:
        gid = f"{'S' if cls == 'scheme' else 'T'}{len(self.groups) + 1:03d}"
        self.groups.append((gid, cls, kind, cases))
        for c in cases:
            c["group"] = gid

    def sizes(self, plan, kind):
        n10k, (lo, hi) = plan[kind]
        n = max(1, round(n10k * self.rows / 10000))
        lo2 = max(2 if lo > 1 else 1, round(lo * self.scale)) if lo > 2 else lo
        hi2 = max(lo2, round(hi * self.scale)) if lo > 2 else hi
        return [self.rng.randint(lo2, hi2) for _ in range(n)]


# ----------------------------------------------------------------------------------------------------------
# text helpers


def subj(source: str) -> str:
    return {"hotline": "其", "platform": "我", "assoc": "投诉人", "scenic": "该游客"}[source]


def wrap(g: Gen, source: str, body: str, person: Person | None = None, tail: bool = True) -> str:
    rng = g.rng
    if source == "hotline":
        head = rng.choice(("来电人反映：", "市民来电反映，", "来电人称：", "市民反映：", "来电反映："))
        end = (
            rng.choice(("请相关部门核实处理。", "请职能部门调查处理。", "望尽快处理。", "来电人要求回复。", ""))
            if tail
            else ""
        )
        if body and body[-1] not in "。.！!？?）)":
            body += "。"
        return head + body + end
    if source == "assoc":
        nm = person.name if person else "投诉人"
        head = rng.choice((f"投诉人{nm}诉称：", "投诉人称：", f"{nm}来访称，", "经登记，投诉人反映："))
        return head + body
    if source == "scenic":
        head = rng.choice(("游客反映：", "游客来电反映，", "游客现场投诉：", ""))
        return head + body
    return body


HEADS = (
    "来电人反映：",
    "市民来电反映，",
    "来电人称：",
    "市民反映：",
    "来电反映：",
    "投诉人称：",
    "经登记，投诉人反映：",
    "游客反映：",
    "游客来电反映，",
    "游客现场投诉：",
)


def strip_head(text: str) -> str:
    for h in HEADS:
        if text.startswith(h):
            return text[len(h) :]
    for marker in ("诉称：", "来访称，"):
        i = text.find(marker)
        if 0 <= i < 16:
            return text[i + len(marker) :]
    return text


def person_voice(source: str, text: str) -> str:
    """Turn a first-person narrative ("我……") into the source's voice."""
    s = subj(source)
    if s == "我":
        return text
    return text.replace("我们", s + "一行" if source == "scenic" else s + "等人").replace("我", s)


def paraphrase(rng: random.Random, clauses: list[str], level: float) -> str:
    cl = list(clauses)
    if len(cl) > 3 and rng.random() < level:
        mid = cl[1:-1]
        rng.shuffle(mid)
        cl = [cl[0], *mid, cl[-1]]
    text = "，".join(cl) + "。"
    for word, alts in SYNONYMS:
        if word in text and rng.random() < level:
            text = text.replace(word, rng.choice(alts), 1)
    for a, b in TYPOS:
        if a in text and rng.random() < level * 0.25:
            text = text.replace(a, b, 1)
    if rng.random() < level * 0.35:
        text = text.translate(TRAD)
    if rng.random() < level * 0.4:
        text = text.translate(FULL)
    if rng.random() < 0.3:
        text = text.replace("，", ",").replace("。", ".")
    return text


def fmt_card(rng: random.Random, card: str) -> str:
    r = rng.random()
    if r < 0.3:
        return " ".join(card[i : i + 4] for i in range(0, len(card), 4))
    if r < 0.5:
        return "-".join(card[i : i + 4] for i in range(0, len(card), 4))
    if r < 0.7:
        return card.translate(FULL)
    if r < 0.8:
        return card[:6] + " " + card[6:]
    return card


def fmt_mobile(rng: random.Random, p: str, masked_ok: bool = False) -> str:
    r = rng.random()
    if r < 0.5:
        return p
    if r < 0.65:
        return f"{p[:3]} {p[3:7]} {p[7:]}"
    if r < 0.75:
        return f"{p[:3]}-{p[3:7]}-{p[7:]}"
    if r < 0.85:
        return rng.choice(("+86 ", "+86-", "86")) + p
    if r < 0.93:
        return p.translate(FULL)
    if masked_ok:
        return p[:3] + "****" + p[7:]
    return p


# ----------------------------------------------------------------------------------------------------------
# background

OUTCOMES = {
    "hotline": (
        ("已办结，商家已退款", 20),
        ("已转翠屏市场监管所办理", 10),
        ("经调解双方达成一致", 18),
        ("商家拒绝调解，已告知诉讼途径", 9),
        ("已回访，来电人满意", 10),
        ("已回访，来电人不满意", 6),
        ("不属于受理范围，已解释", 5),
        ("办理中", 7),
        ("证据不足，终止办理", 5),
        ("已换货", 6),
        ("已维修", 4),
    ),
    "platform": (
        ("支持买家", 35),
        ("驳回申请", 15),
        ("协商完成", 20),
        ("买家撤销申请", 8),
        ("商家已退款", 17),
        ("平台介入中", 5),
    ),
    "assoc": (
        ("调解成功", 40),
        ("调解不成，终止调解", 15),
        ("投诉人撤回", 8),
        ("商家同意退货退款", 17),
        ("转行政部门处理", 8),
        ("不予受理", 5),
        ("调解成功，赔偿到位", 7),
    ),
    "scenic": (
        ("已协调退还部分费用", 30),
        ("已责令旅行社整改", 12),
        ("已向游客道歉并赔偿", 18),
        ("移交文旅局处理", 10),
        ("游客满意", 15),
        ("无法联系游客，结案", 5),
        ("核查不属实", 10),
    ),
}


def background_case(g: Gen, person: Person, received: dt.datetime, force: str | None = None) -> dict:
    rng = g.rng
    sector = g.wpick(BACKGROUND_SECTORS)
    s = SECTORS[sector]
    source = s["source"] if rng.random() < 0.55 else rng.choice(("hotline", "hotline", "platform", "assoc", "scenic"))
    if source == "platform" and sector not in ("tea", "mushroom", "cured_meat", "honey", "supermarket", "electrical"):
        source = "hotline"
    if source == "scenic" and sector not in ("homestay", "travel", "restaurant", "hotspring", "tea"):
        source = "hotline"
    source = force or source
    m = g.merchant(sector)
    c = g.case(source, received, person, m)
    problem = rng.choice(s["problems"])
    demand = rng.choice(s["demand"])
    c["text"] = ordinary_text(g, source, c, problem, demand)
    c["pd"] = (problem, demand)
    c["outcome"] = g.wpick(OUTCOMES[source])
    settle(g, c)
    c["evidence"] = ordinary_evidence(g, c, sector, problem)
    if rng.random() < 0.04:
        c["basis"] = rng.choice(("消费者权益保护法第24条", "《消法》第二十四条", "七天无理由退货规定"))
    if demand in ("退一赔三",) or "十倍" in demand or "赔十" in demand:
        c["basis"] = "消费者权益保护法第55条" if "三" in demand else "食品安全法第148条"
        c["claim"] = max(500 if "三" in demand else 1000, c["amount"] * (3 if "三" in demand else 10))
    elif "赔偿" in demand and rng.random() < 0.5:
        c["claim"] = round(c["amount"] * rng.uniform(1.2, 3), -1)
    elif rng.random() < 0.4:
        c["claim"] = c["amount"]
    return c


CLOSERS = (
    "特此投诉，盼复。",
    "望贵单位依法严肃处理为盼！！",
    "请依法依规处理，谢谢！！！",
    "恳请领导重视。",
    "不解决就找媒体曝光。",
    "我已经咨询过律师了。",
    "希望尽快给个答复。",
    "以上情况属实。",
    "谢谢！",
)


def ordinary_text(g: Gen, source: str, c: dict, problem: str, demand: str) -> str:
    rng = g.rng
    m: Merchant = c["merchant"]
    d = c["purchase"]
    when = rng.choice((f"{d.month}月{d.day}日", f"{d:%Y年%m月%d日}", "前几天", "上周", f"{d.month}月初", "本月"))
    where = rng.choice((m.name, m.signboard, m.name, f"{m.room}直播间" if m.room else m.name))
    prod = c["product"]
    amt = int(c["amount"]) if c["amount"] else ""
    if source == "platform":
        opts = (
            f"{problem}，{demand}",
            f"收到货{problem}，商家不理人，申请{demand}",
            f"在{m.room or m.signboard}买的{prod}，{problem}。要求{demand}",
            f"{problem}!!!客服一直踢皮球",
            f"{prod}{problem}，拍了照片，{demand}",
        )
        return rng.choice(opts)
    body = rng.choice(
        (
            f"我于{when}在{where}购买{prod}，花费{amt}元，{problem}，要求{demand}。",
            f"我{when}在{where}买了{prod}（{amt}元），{problem}，与商家协商未果，要求{demand}。",
            f"{when}，我在{where}消费{amt}元购买{prod}。{problem}。现要求{demand}。",
            f"我在{where}买的{prod}{problem}，多次找商家无果，希望帮忙协调{demand}。",
            f"我在{where}购买{prod}，{problem}，商家涉嫌欺诈，要求{demand}。",
        )
    )
    if rng.random() < 0.12:
        body += rng.choice(CLOSERS)
    p: Person = c["person"]
    r = rng.random()
    if r < 0.02:  # genuine consumers give their own card for the refund
        if p.card is None:
            p.card = make_card(rng)
        body += rng.choice(("退款请打到我的银行卡{x}。", "本人卡号{x}，请退到此卡。", "退款账户：{x}")).format(
            x=fmt_card(rng, p.card)
        )
    elif r < 0.05:
        body += rng.choice(("联系电话{x}。", "有事打{x}。", "我的电话：{x}")).format(x=fmt_mobile(rng, p.phone))
    body = person_voice(source, body)
    r = rng.random()
    if r < 0.025:
        body = body.translate(TRAD)
    elif r < 0.05:
        body = body.translate(FULL)
    elif r < 0.09:
        a, b = rng.choice(TYPOS)
        body = body.replace(a, b, 1)
    return wrap(g, source, body, c["person"])


def settle(g: Gen, c: dict, refund_only: bool = False) -> None:
    rng = g.rng
    o = c["outcome"] or ""
    amt = c["amount"] or 0
    if any(k in o for k in ("退款", "支持买家", "退货", "赔偿", "成功", "一致", "退还", "协商完成")):
        r = rng.random()
        c["comp"] = amt
        if r < 0.2:
            c["comp"] = round(amt * rng.uniform(0.3, 0.9), 0)
        elif r < 0.28 and not refund_only:
            c["comp"] = round(amt * rng.uniform(1.1, 1.6), 0)
    if "办理中" not in o and "介入中" not in o:
        c["closed"] = c["received"] + dt.timedelta(
            days=rng.choice((0, 1, 2, 3, 5, 7, 10, 15, 20, 30, 45)), hours=rng.randint(0, 8)
        )


def ordinary_evidence(g: Gen, c: dict, sector: str, problem: str) -> list[dict]:
    rng = g.rng
    if rng.random() > 0.38:
        return []
    when = c["received"]
    kinds = {
        "tea": ("tea_package", "order_screenshot", "chat"),
        "mushroom": ("mushroom_box", "order_screenshot", "chat", "mould"),
        "cured_meat": ("mould", "insect", "order_screenshot"),
        "honey": ("product", "order_screenshot", "chat"),
        "hotspring": ("receipt", "hotel_room", "chat"),
        "homestay": ("hotel_room", "chat", "order_screenshot"),
        "travel": ("receipt", "chat", "tour_receipt"),
        "restaurant": ("receipt", "food_bill"),
        "electrical": ("receipt", "product", "chat"),
        "training": ("receipt", "chat", "bank_transfer"),
        "supermarket": ("product", "receipt"),
    }[sector]
    out = []
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
        k = rng.choice(kinds)
        if "医院" in problem or "上吐下泻" in problem:
            k = rng.choice((k, "hospital_bill"))
        if "虫" in problem and rng.random() < 0.6:
            k = "insect"
        if "霉" in problem and rng.random() < 0.6:
            k = "mould"
        out.append(g.pic(k, when, text=rng.random() < 0.7, product=c["product"]))
    return out


# ----------------------------------------------------------------------------------------------------------
# schemes

LABEL_DEFECTS = (
    "未标注食品生产许可证编号",
    "进口食品无中文标签",
    "普通食品宣称具有降血糖、降血压功效",
    "配料表未标注所含食品添加剂",
    "超过保质期仍在销售",
    "标签未标注生产日期",
    "标注的执行标准已废止",
    "宣称“纯天然无添加”但配料表含防腐剂",
)
CHEAP = (
    ("压缩饼干", 6, 19),
    ("进口巧克力", 12, 39),
    ("苦荞茶", 9.9, 29),
    ("降糖代餐粉", 19, 69),
    ("小包装普洱茶", 9.9, 39),
    ("蜂蜜柚子茶", 15, 35),
    ("风干牛肉粒", 12, 35),
    ("螺蛳粉", 8, 18),
    ("野生菌酱", 12, 28),
    ("保健酒", 38, 88),
)


def scheme_professional(g: Gen, size: int, hard: float) -> list[dict]:
    rng = g.rng
    p = g.new_person(local=0.6, birth_range=(1972, 1995))
    phones = [p.phone, g.new_phone()] if hard > 0.5 else [p.phone]
    start = g.when(START, END - dt.timedelta(days=240))
    span = rng.randint(90, 300)
    cases: list[dict] = []
    n_merch = max(3, int(size * rng.uniform(0.5, 0.75)))
    merchants = [
        g.new_merchant(rng.choice(FOOD_SECTORS)) if rng.random() < 0.4 else g.merchant(rng.choice(FOOD_SECTORS))
        for _ in range(n_merch)
    ]
    stages = []
    for m in merchants:
        stages.append([m, 0])
    extra = size - n_merch
    while extra > 0:
        st = rng.choice(stages)
        if st[1] < 3:
            st[1] += 1
            extra -= 1
        elif all(s[1] >= 3 for s in stages):
            break
    t = start
    for m, depth in stages:
        prod, lo, hi = rng.choice(CHEAP)
        price = round(rng.uniform(lo, hi), 1)
        qty = rng.choice((1, 1, 2, 3, 5, 10, 10, 20))
        defect = rng.choice(LABEL_DEFECTS)
        law148 = rng.random() < 0.7
        claim = max(1000.0, price * qty * 10) if law148 else max(500.0, price * qty * 3)
        basis = (
            rng.choice(("《食品安全法》第一百四十八条第二款", "食品安全法第148条", "食安法148条"))
            if law148
            else rng.choice(("消费者权益保护法第55条", "《消法》第五十五条"))
        )
        t0 = t + dt.timedelta(days=rng.uniform(0, span / max(1, len(stages))))
        t = t0
        purchase = t0 - dt.timedelta(days=rng.randint(1, 12))
        order = g.order_no("hotline")
        for stage in range(depth + 1):
            when = g.when(
                t0 + dt.timedelta(days=stage * rng.randint(20, 50)),
                t0 + dt.timedelta(days=stage * rng.randint(20, 50) + 3),
            )
            source = rng.choice(("hotline", "hotline", "assoc", "platform")) if stage == 0 else "hotline"
            if stage == 0:
                body = rng.choice(
                    (
                        f"本人于{purchase:%Y年%m月%d日}在{m.name}购买{prod}共{qty}件，单价{price}元，经查看该产品{defect}，"
                        f"属于不符合食品安全标准的食品。依据{basis}，要求经营者退还货款并支付价款十倍赔偿金，不足一千元的按一千元计算。",
                        f"{purchase:%Y-%m-%d}在{m.name}购得{prod}{qty}份，发现{defect}。经营者明知而销售，依法要求"
                        f"{'十倍' if law148 else '三倍'}赔偿{int(claim)}元，并请求依法查处、书面答复。",
                        f"本人在{m.signboard}处购买{prod}{qty}件，{defect}，违反食品安全法第三十四条、第六十七条规定，"
                        f"要求赔偿{int(claim)}元，同时举报该经营者，申请举报奖励。",
                    )
                )
                if not law148:
                    body = body.replace(
                        "十倍赔偿金，不足一千元的按一千元计算", "三倍赔偿，增加赔偿金额不足五百元的为五百元"
                    )
            elif stage == 1:
                body = (
                    f"本人曾于{t0:%m月%d日}就{m.name}销售{prod}{defect}一事投诉，商家拒绝赔偿，现实名举报，请求对该经营者立案调查，"
                    f"并依法给予举报奖励，书面告知处理结果。"
                )
            elif stage == 2:
                body = (
                    f"对{DISTRICTS[m.region]}市场监督管理局作出的不予立案决定不服，已依法申请行政复议，"
                    f"请求撤销原决定，责令重新处理本人对{m.name}的举报。"
                )
            else:
                body = (
                    f"本人已就{m.name}销售不符合食品安全标准的{prod}一事向{DISTRICTS[m.region]}人民法院提起诉讼，"
                    f"请求判令被告赔偿{int(claim)}元，特此告知并申请调取执法卷宗。"
                )
            text = (
                wrap(g, source, person_voice(source, body.replace("本人", "我")), p) if source != "platform" else body
            )
            c = g.case(
                source,
                when,
                p,
                m,
                product=prod,
                amount=round(price * qty, 1),
                qty=qty,
                claim=claim,
                basis=basis,
                text=text,
                purchase=purchase,
                order_no=order if rng.random() < 0.6 else None,
                outcome=rng.choice(
                    (
                        "商家拒绝赔偿，已告知诉讼途径",
                        "不予立案",
                        "调解不成，终止调解",
                        "已转执法大队核查",
                        "商家同意退一赔十",
                        "办理中",
                        "不予支持",
                    )
                ),
            )
            if "同意" in c["outcome"]:
                c["comp"] = claim
            settle(g, c) if c["comp"] is None else None
            c["show_phone"] = rng.choice(phones)
            if hard > 0.6 and rng.random() < 0.3:
                c["show_name"] = p.name[0] + ("先生" if p.gender == "M" else "女士")
            if hard > 0.4 and rng.random() < 0.3:
                c["show_id"] = ""
            if rng.random() < 0.5:
                c["evidence"] = [g.pic(rng.choice(("product", "receipt", "label")), when, text=True, product=prod)]
            cases.append(c)
    return cases


def scheme_identity_rotation(g: Gen, size: int, hard: float) -> list[dict]:
    rng = g.rng
    op = g.new_person(local=0.9, birth_range=(1975, 1992))
    base_addr = op.address
    n_ids = rng.randint(4, 7)
    idents = [op]
    for i in range(1, n_ids):
        if i <= 2 and rng.random() < 0.7:  # relatives: same surname/region, same home
            rel = g.new_person(
                region=op.region,
                surname=op.surname if rng.random() < 0.7 else None,
                birth_range=(1950, 2003),
                address=base_addr,
            )
        else:  # bought identities
            rel = g.new_person(local=0.2, birth_range=(1965, 2002))
        idents.append(rel)
    sector = rng.choice(("mushroom", "tea", "honey", "cured_meat", "supermarket", "electrical"))
    quirk = rng.choice(
        (
            "望贵单位依法严肃处理为盼！！",
            "特此投诉，盼复。",
            "请依法依规处理，谢谢！！！",
            "恳请领导重视。",
            "以上情况属实，本人愿承担法律责任。",
        )
    )
    start = g.when(START, END - dt.timedelta(days=200))
    cases = []
    for i in range(size):
        who = idents[i % len(idents)] if i < len(idents) else rng.choice(idents)
        m = g.merchant(sector if rng.random() < 0.75 else rng.choice(FOOD_SECTORS))
        when = g.when(start + dt.timedelta(days=i * rng.uniform(6, 18)), start + dt.timedelta(days=i * 18 + 10))
        source = rng.choice(("hotline", "hotline", "platform", "assoc"))
        problem = rng.choice(SECTORS[m.sector]["problems"])
        claim_mult = rng.choice((3, 10))
        c = g.case(source, when, who, m)
        c["claim"] = max(1000 if claim_mult == 10 else 500, c["amount"] * claim_mult)
        c["basis"] = "食品安全法第148条" if claim_mult == 10 else "消费者权益保护法第55条"
        body = (
            f"我于{c['purchase']:%m月%d日}在{m.name}购买{c['product']}，{problem}，商家涉嫌欺诈，"
            f"要求{'十' if claim_mult == 10 else '三'}倍赔偿{int(c['claim'])}元。{quirk}"
        )
        c["text"] = wrap(g, source, person_voice(source, body), who) if source != "platform" else body
        if hard < 0.5:
            c["show_addr"] = variant_address(rng, base_addr)
        elif rng.random() < 0.5:
            c["show_addr"] = (
                f"{DISTRICTS.get(op.region, '翠屏区')}{rng.choice(COMMUNITIES)}菜鸟驿站代收"
                if rng.random() < 0.5
                else variant_address(rng, base_addr)
            )
        if who is not op and rng.random() < 0.35 * (1 - hard):
            c["show_phone"] = op.phone
        c["outcome"] = rng.choice(
            ("调解不成，终止调解", "商家退款，赔偿未支持", "办理中", "商家拒绝赔偿", "不予受理", "驳回申请")
        )
        settle(g, c, refund_only=True)
        if rng.random() < 0.45:
            c["evidence"] = [g.pic(rng.choice(("receipt", "label", "chat")), when, text=rng.random() < 0.6)]
        cases.append(c)
    return cases


def variant_address(rng: random.Random, addr: str) -> str:
    out = addr
    if rng.random() < 0.5:
        out = out.replace("栋", rng.choice(("幢", "号楼", "-")))
    if rng.random() < 0.4:
        out = out.replace("单元", rng.choice(("-", "单元", "单")))
    if rng.random() < 0.4:
        out = out.replace("云溪市", "")
    if rng.random() < 0.3:
        out = out.translate(FULL)
    if rng.random() < 0.3:
        out = out + rng.choice(("室", "（快递放门口）", " 本人收"))
    return out


RING_TEMPLATES = (
    (
        "我在{room}直播间购买了{prod}",
        "主播在直播中宣称是野生高山产品、零添加",
        "收到后发现标签标注为人工种植且含有添加剂",
        "商家的行为属于虚假宣传和欺诈",
        "依据消费者权益保护法第五十五条要求退一赔三",
        "请监管部门依法严肃处理",
    ),
    (
        "本人于{date}在{shop}购买{prod}",
        "该产品外包装标签没有标注生产许可证编号",
        "属于不符合食品安全标准的食品",
        "商家明知仍然销售",
        "要求退还货款并按价款十倍赔偿，不足一千元按一千元计",
        "请依法处理并回复",
    ),
    (
        "我在{room}下单{prod}",
        "直播间宣称“假一赔十、源头直供”",
        "实际收到的产品产地与宣传不符",
        "包装上的净含量也不足",
        "要求商家兑现假一赔十承诺",
        "否则将继续向有关部门举报",
    ),
    (
        "{date}我在{shop}买了{prod}",
        "产品宣称具有降三高、抗癌功效",
        "普通食品不得宣称疾病预防治疗功能",
        "商家涉嫌虚假宣传",
        "要求退一赔十",
        "同时要求市场监管部门立案查处",
    ),
)


def scheme_template_ring(g: Gen, size: int, hard: float) -> list[dict]:
    rng = g.rng
    members = [g.new_person(local=rng.choice((0.3, 0.7)), birth_range=(1970, 2002)) for _ in range(rng.randint(4, 8))]
    sector = rng.choice(("mushroom", "tea", "honey", "cured_meat"))
    merchants = [g.merchant(sector) for _ in range(rng.randint(1, 3))]
    tpl = rng.choice(RING_TEMPLATES)
    level = 0.25 + 0.7 * hard
    start = g.when(START, END - dt.timedelta(days=60))
    stock = g.rng.randrange(2**31) if rng.random() < 0.6 else None
    stock_kind = rng.choice(("label", "product", "order_screenshot"))
    cases = []
    for i in range(size):
        who = members[i % len(members)]
        m = rng.choice(merchants)
        when = g.when(start, start + dt.timedelta(days=rng.randint(10, 45)))
        source = rng.choice(("hotline", "platform", "platform", "assoc"))
        c = g.case(source, when, who, m)
        law10 = "十" in "".join(tpl)
        c["claim"] = max(1000 if law10 else 500, c["amount"] * (10 if law10 else 3))
        c["basis"] = (
            rng.choice(("食品安全法第148条", "消法55条", "/", ""))
            if hard > 0.5
            else ("食品安全法第148条" if law10 else "消费者权益保护法第55条")
        )
        clauses = [
            cl.format(room=m.room or m.signboard, prod=c["product"], shop=m.name, date=f"{c['purchase']:%Y年%m月%d日}")
            for cl in tpl
        ]
        text = paraphrase(rng, clauses, level)
        c["text"] = wrap(g, source, person_voice(source, text), who, tail=False) if source != "platform" else text
        c["outcome"] = rng.choice(
            ("驳回申请", "商家已退款", "调解不成，终止调解", "办理中", "支持买家", "已转执法大队")
        )
        settle(g, c, refund_only=True)
        if stock is not None and rng.random() < 0.75:
            c["evidence"] = [
                g.pic(stock_kind, when, seed=stock, text=True, product=c["product"], quality=rng.choice((60, 70, 85)))
            ]
        elif rng.random() < 0.4:
            c["evidence"] = [g.pic("order_screenshot", when, text=True, product=c["product"])]
        cases.append(c)
    return cases


def scheme_evidence_extortion(g: Gen, size: int, hard: float) -> list[dict]:
    rng = g.rng
    main = g.new_person(local=0.7, birth_range=(1978, 1998))
    partner = g.new_person(local=0.7, birth_range=(1978, 1998)) if rng.random() < 0.5 else main
    obj = rng.choice(("hair", "insect", "glass", "screw", "cut"))
    base_seed = rng.randrange(2**31)
    what = {
        "hair": "一根长头发",
        "insect": "一只虫子",
        "glass": "玻璃碎片",
        "screw": "一颗螺丝钉",
        "cut": "异物，嘴被划破出血",
    }[obj]
    start = g.when(START, END - dt.timedelta(days=150))
    cases = []
    for i in range(size):
        who = main if i % 3 or partner is main else partner
        sector = rng.choice(("restaurant", "supermarket", "mushroom", "cured_meat", "restaurant"))
        m = g.merchant(sector)
        when = g.when(start + dt.timedelta(days=i * rng.uniform(5, 20)), start + dt.timedelta(days=i * 20 + 5))
        source = rng.choice(("hotline", "assoc", "scenic" if sector == "restaurant" else "platform", "hotline"))
        c = g.case(source, when, who, m)
        claim = rng.choice((3000, 5000, 8000, 10000, 20000, 30000, 15000))
        threat = rng.choice(
            (
                "如果今天不给个说法，我就把视频发到抖音、微博上曝光",
                "我已经联系了律师，也找了电视台的记者",
                "不赔钱就天天来店门口拉横幅",
                "已经有媒体朋友在关注这件事",
                "私了的话拿{n}元，不然法院见",
            )
        ).format(n=claim)
        body = (
            f"我在{m.signboard if rng.random() < 0.5 else m.name}购买的{c['product']}中吃出{what}，"
            f"{rng.choice(('身体不适去医院检查', '当时就恶心呕吐', '精神受到严重惊吓', '孩子吓得哭了一晚'))}，"
            f"要求商家赔偿医疗费、精神损失费共计{claim}元。{threat}。"
        )
        c["claim"] = claim
        c["basis"] = rng.choice(("食品安全法第148条", "", "消费者权益保护法第49条", "民法典"))
        c["text"] = wrap(g, source, person_voice(source, body), who) if source != "platform" else body
        c["outcome"] = rng.choice(
            ("商家同意赔偿，调解成功", "商家拒绝，建议诉讼", "证据不足，终止调解", "调解成功", "办理中")
        )
        if "成功" in c["outcome"]:
            c["comp"] = rng.choice((500, 800, 1000, 2000, 3000))
        settle(g, c) if c["comp"] is None else None
        if c["comp"] is not None and "成功" not in c["outcome"]:
            c["comp"] = None
        edit = {
            "rot": rng.choice((0, 90, 180, 270)),
            "mirror": rng.random() < 0.4,
            "crop": [
                round(rng.uniform(0, 0.18), 3),
                round(rng.uniform(0, 0.18), 3),
                round(rng.uniform(0.82, 1), 3),
                round(rng.uniform(0.82, 1), 3),
            ],
            "frame": rng.random() < 0.35,
            "bright": round(rng.uniform(0.7, 1.35), 2),
        }
        if hard < 0.4:
            edit = {
                "rot": 0,
                "mirror": False,
                "crop": [0, 0, 1, 1],
                "frame": rng.random() < 0.3,
                "bright": round(rng.uniform(0.9, 1.1), 2),
            }
        ev = [g.pic("foreign_object", when, base=base_seed, obj=obj, edit=edit)]
        if rng.random() < 0.4:
            ev.append(g.pic("hospital_bill", when, text=True))
        c["evidence"] = ev
        cases.append(c)
    return cases


def scheme_private_payment(g: Gen, size: int, hard: float) -> list[dict]:
    rng = g.rng
    who = g.new_person(local=0.8, birth_range=(1975, 2000))
    alias = g.new_person(region=who.region, address=who.address) if rng.random() < 0.4 else who
    start = g.when(START, END - dt.timedelta(days=200))
    cases = []
    for i in range(size):
        p = who if i % 2 == 0 or alias is who else alias
        m = g.merchant(
            rng.choice(("restaurant", "supermarket", "mushroom", "tea", "cured_meat", "homestay", "hotspring"))
        )
        when = g.when(start + dt.timedelta(days=i * rng.uniform(10, 30)), start + dt.timedelta(days=i * 30 + 8))
        source = rng.choice(
            ("hotline", "hotline", "assoc", "scenic" if m.sector in ("homestay", "hotspring") else "hotline")
        )
        c = g.case(source, when, p, m)
        price = c["amount"]
        paid = round(max(price * rng.uniform(15, 60), rng.uniform(1500, 6000)), -2)
        problem = rng.choice(SECTORS[m.sector]["problems"])
        c["claim"] = rng.choice((max(1000, price * 10), paid, round(paid * 1.5, -2)))
        body = (
            f"我于{c['purchase']:%m月%d日}在{m.name}消费{int(price)}元购买{c['product']}，{problem}，"
            f"要求商家赔偿{int(c['claim'])}元，否则将向媒体反映并申请执法部门查处。"
        )
        c["text"] = wrap(g, source, person_voice(source, body), p)
        c["outcome"] = rng.choice(("投诉人撤回", "撤诉", "投诉人申请撤销投诉", "已撤回，结案"))
        c["closed"] = when + dt.timedelta(days=rng.choice((0, 1, 1, 2, 3)), hours=rng.randint(1, 9))
        note = rng.choice(
            (
                f"投诉人来电称已与商家私下协商一致，商家微信转账{int(paid)}元，申请撤回",
                "投诉人称已私了，要求撤回",
                f"双方自行和解（商家支付{int(paid)}元），投诉人撤回",
                "投诉人来电撤诉，未说明原因",
            )
        )
        if hard > 0.6 and rng.random() < 0.6:
            note = rng.choice(("投诉人称已私了，要求撤回", "投诉人来电撤诉，未说明原因", "已自行协商解决"))
        else:
            c["comp"] = paid if rng.random() < 0.6 else None
        c["remark_extra"] = note
        if rng.random() < 0.35:
            c["evidence"] = [g.pic("bank_transfer", c["closed"], text=True, amount=paid)]
        cases.append(c)
    return cases


def scheme_low_and_slow(g: Gen, size: int, hard: float) -> list[dict]:
    rng = g.rng
    mode = rng.choice(("card", "phone", "block"))
    card = make_card(rng)
    coord_phone = g.new_phone()
    block = rng.choice(PHONE_PREFIX) + f"{rng.randrange(10**4):04d}"
    n_members = max(4, int(size * rng.uniform(0.6, 0.9)))
    members = []
    for _ in range(n_members):
        p = g.new_person(local=0.35, birth_range=(1965, 2003))
        if mode == "block":
            p.phone = g.new_phone(block)
        members.append(p)
    start = g.when(START, START + dt.timedelta(days=120))
    cases = []
    for i in range(size):
        who = members[i % len(members)]
        sector = rng.choice(("tea", "mushroom", "honey", "cured_meat", "supermarket", "homestay", "electrical"))
        m = g.merchant(sector)
        when = g.when(start + dt.timedelta(days=rng.randint(0, 520)), END)
        source = rng.choice(("hotline", "platform", "assoc", "hotline"))
        c = g.case(source, when, who, m)
        problem = rng.choice(SECTORS[sector]["problems"])
        c["claim"] = rng.choice((max(1000, c["amount"] * 10), max(500, c["amount"] * 3), round(c["amount"] * 5, -1)))
        c["basis"] = rng.choice(("食品安全法第148条", "消法第55条", "", ""))
        if mode == "card":
            tie = rng.choice(("赔偿款请转入{x}", "退款打到这个卡：{x}（户名 {n}）", "请将款项汇至{x}", "收款账户{x}"))
            tie = tie.format(x=fmt_card(rng, card), n=rng.choice(("刘", "陈", "杨")) + "某")
        elif mode == "phone":
            tie = rng.choice(
                ("有事请联系代理人{x}", "本人不方便接电话，请联系{x}", "联系电话：{x}（代办）", "回复请打{x}")
            )
            tie = tie.format(x=fmt_mobile(rng, coord_phone))
        else:
            tie = ""
        body = (
            f"我于{c['purchase']:%Y年%m月}在{m.name}购买{c['product']}，{problem}，要求赔偿{int(c['claim'])}元。{tie}"
        )
        c["text"] = wrap(g, source, person_voice(source, body), who) if source != "platform" else body
        c["outcome"] = g.wpick(OUTCOMES[source])
        settle(g, c)
        if rng.random() < 0.3:
            c["evidence"] = [g.pic(rng.choice(("receipt", "product", "chat")), when, text=rng.random() < 0.5)]
        cases.append(c)
    return cases


def scheme_split_purchase(g: Gen, size: int, hard: float) -> list[dict]:
    rng = g.rng
    p = g.new_person(local=0.6, birth_range=(1975, 1998))
    accounts = [p]
    if hard > 0.5:
        for _ in range(rng.randint(1, 2)):
            a = g.new_person(region=p.region, address=p.address if rng.random() < 0.6 else None)
            accounts.append(a)
    sector = rng.choice(("tea", "honey", "mushroom", "cured_meat", "supermarket"))
    m = g.merchant(sector) if rng.random() < 0.5 else g.new_merchant(sector)
    prod, lo, hi = rng.choice(CHEAP)
    price = round(rng.uniform(lo, min(hi, 60)), 1)
    day = g.when(START, END - dt.timedelta(days=60))
    defect = rng.choice(LABEL_DEFECTS)
    base_order = int(g.order_no("platform")[:12])
    cases = []
    for i in range(size):
        who = accounts[i % len(accounts)]
        purchase = day + dt.timedelta(minutes=i * rng.randint(1, 9))
        when = g.when(day + dt.timedelta(days=rng.randint(3, 10)), day + dt.timedelta(days=rng.randint(11, 40)))
        source = "platform" if rng.random() < 0.6 else rng.choice(("hotline", "assoc"))
        order = f"{base_order + i * rng.randint(1, 40)}{rng.randrange(10**6):06d}"
        c = g.case(
            source,
            when,
            who,
            m,
            product=prod + rng.choice(("", "（单件装）", " 1件")),
            amount=price,
            qty=1,
            purchase=purchase,
            order_no=order,
            claim=1000.0,
            basis=rng.choice(("食品安全法第148条", "《食品安全法》第一百四十八条", "食安法148")),
        )
        body = rng.choice(
            (
                f"订单号{order}，购买{prod}1件，实付{price}元，该产品{defect}，依法要求赔偿1000元。",
                f"我在{m.room or m.name}购买的{prod}（订单{order}）{defect}，"
                "按规定价款十倍不足一千元的按一千元赔偿，要求赔偿1000元。",
                f"{prod}{defect}，要求按食品安全法第148条最低标准赔偿壹仟元。订单：{order}",
            )
        )
        c["text"] = wrap(g, source, person_voice(source, body), who) if source != "platform" else body
        c["outcome"] = rng.choice(("驳回申请", "商家已退款", "平台介入中", "调解不成，终止调解", "办理中", "支持买家"))
        settle(g, c, refund_only=True)
        if rng.random() < 0.5:
            c["evidence"] = [g.pic("order_screenshot", when, text=True, product=prod, order=order)]
        cases.append(c)
    return cases


# ----------------------------------------------------------------------------------------------------------
# traps


def trap_contaminated(g: Gen, size: int) -> list[dict]:
    rng = g.rng
    sector = rng.choice(("supermarket", "cured_meat", "honey", "tea"))
    m = g.new_merchant(sector)
    prod, problem = rng.choice(
        (
            ("袋装鲜牛奶", "喝了以后拉肚子"),
            ("瓶装山泉水", "里面有絮状沉淀"),
            ("腊肠", "打开有一股酸臭味"),
            ("蜂蜜柚子茶", "胀袋变质"),
            ("袋泡红茶", "泡出来有霉味"),
            ("速冻汤圆", "吃了以后孩子呕吐"),
            ("酸奶", "喝了以后拉肚子"),
        )
    )
    lot = f"{rng.choice(('YX', 'B', 'L'))}{rng.randint(2025, 2026)}{rng.randint(1, 12):02d}"
    lot += f"{rng.randint(1, 28):02d}{rng.choice('ABC')}"
    day = g.when(START, END - dt.timedelta(days=30))
    notice = f"云市监召〔{day.year}〕{rng.randint(3, 30)}号"
    cases = []
    for _i in range(size):
        p = g.new_person(local=0.9)
        when = g.when(day, day + dt.timedelta(days=rng.randint(2, 9)))
        source = rng.choice(("hotline", "hotline", "platform", "assoc"))
        amount = round(rng.uniform(5, 60), 1)
        c = g.case(source, when, p, m, product=prod, amount=amount, qty=rng.randint(1, 6))
        bits = [
            f"我在{rng.choice((m.name, m.signboard, '附近超市'))}买的{prod}",
            f"批号{lot}" if rng.random() < 0.6 else "",
            problem if rng.random() < 0.7 else rng.choice(("味道不对", "有异味", "家里人吃了不舒服")),
            f"看到市场监管局发布的召回公告（{notice}）" if rng.random() < 0.35 else "",
            rng.choice(("要求退款", "要求退货并赔偿医药费", "希望商家给个说法", "要求赔偿", "要求退一赔十")),
        ]
        body = "，".join(b for b in bits if b) + "。"
        c["text"] = wrap(g, source, person_voice(source, body), p) if source != "platform" else body
        if "赔十" in body:
            c["basis"] = "食品安全法第148条"
            c["claim"] = 1000.0
        elif rng.random() < 0.4:
            c["claim"] = amount
        c["outcome"] = rng.choice(
            ("商家已退款并赔偿", "已按召回方案退款", "调解成功", "支持买家", "已办结，商家已退款", "办理中")
        )
        settle(g, c)
        if rng.random() < 0.7:
            c["evidence"] = [g.pic("lot_label", when, lot=lot, product=prod)]
        if rng.random() < 0.2:
            c["evidence"].append(g.pic("hospital_bill", when, text=True))
        cases.append(c)
    return cases


def trap_household(g: Gen, size: int) -> list[dict]:
    rng = g.rng
    head = g.new_person(local=1.0, birth_range=(1965, 1985))
    fam = [head]
    for _ in range(size - 1):
        fam.append(
            g.new_person(
                region=head.region,
                surname=head.surname if rng.random() < 0.6 else None,
                birth_range=rng.choice(((1940, 1960), (1966, 1985), (1995, 2006))),
                address=head.address,
            )
        )
    cases = []
    for p in fam:
        c = background_case(g, p, g.when())
        c["show_phone"] = head.phone
        c["show_addr"] = head.address
        cases.append(c)
    return cases


def trap_dormitory(g: Gen, size: int) -> list[dict]:
    rng = g.rng
    dorm = rng.choice(
        (
            "云溪市溪口区工业园区云溪茶叶加工厂职工宿舍{b}栋",
            "云溪市翠屏区学府路云溪职业技术学院{b}号学生公寓",
            "云溪市溪口区电子产业园富联厂员工宿舍{b}栋",
            "汤池县汤池镇温泉度假区员工宿舍{b}号楼",
        )
    ).format(b=rng.randint(1, 9))
    college = "职业技术学院" in dorm
    cases = []
    for _ in range(size):
        p = g.new_person(local=0.5, birth_range=(2002, 2007) if college else (1975, 2003))
        p.address = f"{dorm}{rng.randint(1, 6)}{rng.randint(1, 30):02d}室"
        c = background_case(g, p, g.when())
        c["show_addr"] = p.address if rng.random() < 0.8 else variant_address(rng, p.address)
        cases.append(c)
    return cases


def trap_power_user(g: Gen, size: int) -> list[dict]:
    p = g.new_person(local=0.9, birth_range=(1970, 1995))
    return [background_case(g, p, g.when()) for _ in range(size)]


def trap_volunteer(g: Gen, size: int) -> list[dict]:
    rng = g.rng
    station = rng.choice(
        (
            "汤池镇消费维权服务站",
            "茶山县老年协会消费维权志愿服务站",
            "翠屏区溪畔社区消费维权联络点",
            "龙潭县家电城消费维权服务站",
        )
    )
    rep = g.new_person(local=1.0, birth_range=(1955, 1980))
    station_phone = f"{AREA_CODE}-{rng.randint(6100000, 6899999)}"
    cases = []
    for _ in range(size):
        member = g.new_person(local=1.0, birth_range=(1940, 1995))
        c = background_case(g, member, g.when(), force="assoc")
        c["channel"] = rng.choice(("来访", "信函", "维权站转送"))
        body = strip_head(c["text"]).replace("投诉人", "委托人")
        c["text"] = (
            f"{station}受{member.name}委托，代为投诉：" + body
            if rng.random() < 0.5
            else f"{rep.name}（{station}志愿者）代{member.name}投诉，" + body
        )
        c["show_phone"] = station_phone if rng.random() < 0.6 else rep.phone
        c["remark_extra"] = rng.choice((f"委托人：{member.name}；代理：{station}", "附委托书", f"经办志愿者{rep.name}"))
        c["outcome"] = g.wpick(OUTCOMES["assoc"])
        cases.append(c)
    return cases


def trap_elderly(g: Gen, size: int) -> list[dict]:
    rng = g.rng
    child = g.new_person(local=0.8, birth_range=(1972, 1992))
    parents = [
        g.new_person(
            region=child.region,
            birth_range=(1938, 1958),
            gender=s,
            surname=child.surname if s == "M" else None,
            address=child.address if rng.random() < 0.3 else None,
        )
        for s in ("M", "F")
    ]
    cases = []
    for i in range(size):
        par = parents[i % 2]
        sector = rng.choice(("travel", "electrical", "supermarket", "hotspring"))
        m = g.merchant(sector)
        source = rng.choice(("hotline", "hotline", "assoc"))
        when = g.when()
        prod = rng.choice(("保健品", "磁疗床垫", "老年康养旅游团", "净水器", "理疗仪")) if rng.random() < 0.6 else None
        c = g.case(source, when, par, m, product=prod, amount=round(rng.uniform(980, 6800), 0) if prod else None)
        rel = "父亲" if par.gender == "M" else "母亲"
        body = (
            f"我{rel}{par.name}今年{when.year - par.birth.year}岁，{c['purchase'].month}月在{m.name}"
            f"被推销购买了{c['product']}，花了{int(c['amount'])}元，"
            f"{rng.choice(('老人根本用不上', '推销时说能治病', '没有发票', '说好能退现在不退'))}，"
            f"我作为子女代为反映，要求退款。"
        )
        if source == "hotline":
            c["text"] = wrap(g, source, person_voice(source, body))
        else:
            kin = "子" if child.gender == "M" else "女"
            c["text"] = f"{child.name}（系{par.name}之{kin}）来访称：" + body.replace("我", "其")
        c["show_phone"] = child.phone
        if rng.random() < 0.4:
            c["remark_extra"] = f"子女{child.name}代为投诉，联系电话为子女电话"
        c["outcome"] = g.wpick(OUTCOMES[source])
        settle(g, c)
        cases.append(c)
    return cases


def trap_lawyer(g: Gen, size: int) -> list[dict]:
    rng = g.rng
    client = g.new_person(local=0.8)
    firm = rng.choice(("云南云溪律师事务所", "云溪茶城律师事务所", "溪口正言律师事务所"))
    lawyer = g.new_person(local=1.0, birth_range=(1975, 1992))
    tel = f"{AREA_CODE}-{rng.randint(6100000, 6899999)}"
    sector = rng.choice(("electrical", "training", "homestay", "hotspring"))
    start = g.when(START, END - dt.timedelta(days=100))
    cases = []
    for _ in range(size):
        m = g.merchant(sector) if rng.random() < 0.7 else g.merchant()
        when = g.when(start, start + dt.timedelta(days=rng.randint(5, 90)))
        source = rng.choice(("assoc", "hotline"))
        c = g.case(source, when, client, m)
        problem = rng.choice(SECTORS[m.sector]["problems"])
        c["text"] = (
            f"{firm}{lawyer.name}律师受{client.name}委托，就其在{m.name}购买{c['product']}一事代为投诉："
            f"{problem}。请求依法调解，退还款项{int(c['amount'])}元。"
        )
        c["show_phone"] = tel if rng.random() < 0.7 else lawyer.phone
        c["remark_extra"] = f"代理人：{lawyer.name}律师（{firm}），已提交授权委托书"
        c["outcome"] = g.wpick(OUTCOMES[source])
        settle(g, c)
        c["claim"] = c["amount"]
        cases.append(c)
    return cases


def trap_duplicate(g: Gen, size: int) -> list[dict]:
    rng = g.rng
    p = g.new_person()
    c1 = background_case(g, p, g.when())
    src2 = rng.choice([s for s in ("hotline", "platform", "assoc") if s != c1["source"]])
    c2 = g.case(
        src2,
        c1["received"] + dt.timedelta(days=rng.randint(0, 4), hours=rng.randint(1, 9)),
        p,
        c1["merchant"],
        product=c1["product"],
        amount=c1["amount"],
        purchase=c1["purchase"],
        order_no=c1["order_no"],
        claim=c1["claim"],
        basis=c1["basis"],
    )
    c2["text"] = ordinary_text(g, src2, c2, *c1["pd"]) + rng.choice(("（已在其他渠道反映）", "", ""))
    c2["outcome"] = rng.choice(("与工单重复，并案处理", "重复投诉，已合并", g.wpick(OUTCOMES[src2])))
    settle(g, c2)
    c2["evidence"] = [g.pic(e["kind"], c2["received"], text=e.get("text", False)) for e in c1["evidence"]]
    return [c1, c2]


def trap_honorific(g: Gen, size: int) -> list[dict]:
    p = g.new_person(local=0.9)
    cases = []
    for i in range(size):
        c = background_case(g, p, g.when(), force="hotline")
        if i % 2 == 0:
            c["show_name"] = (
                p.name[0] + ("先生" if p.gender == "M" else "女士") if "·" not in p.name else p.name + "（女士）"
            )
            c["show_id"] = ""
        cases.append(c)
    return cases


def trap_honest_citer(g: Gen, size: int) -> list[dict]:
    rng = g.rng
    p = g.new_person()
    cases = []
    for i in range(size):
        c = background_case(g, p, g.when())
        if i == 0:
            m = g.merchant(rng.choice(FOOD_SECTORS))
            c = g.case(c["source"], c["received"], p, m)
            g.cases.remove(g.cases[-2])
            problem = rng.choice(SECTORS[m.sector]["problems"])
            body = (
                f"我在{m.name}买的{c['product']}{problem}，听朋友说按照食品安全法第148条可以要求赔偿，"
                f"{rng.choice(('我也不懂法，就想要个说法', '希望商家给退款并赔偿', '要求按规定赔偿'))}。"
            )
            c["text"] = wrap(g, c["source"], person_voice(c["source"], body), p) if c["source"] != "platform" else body
            c["basis"] = rng.choice(("食品安全法第148条", "食品安全法第一百四十八条", ""))
            c["claim"] = rng.choice((1000.0, max(1000.0, c["amount"] * 10), c["amount"]))
            c["outcome"] = g.wpick(OUTCOMES[c["source"]])
            settle(g, c)
            c["evidence"] = ordinary_evidence(g, c, m.sector, problem)
        cases.append(c)
    return cases


def trap_refund_withdraw(g: Gen, size: int) -> list[dict]:
    rng = g.rng
    p = g.new_person()
    cases = []
    for _ in range(size):
        c = background_case(g, p, g.when())
        c["outcome"] = rng.choice(("投诉人撤回", "已撤回", "投诉人申请撤销投诉"))
        c["comp"] = c["amount"] if rng.random() < 0.8 else round(c["amount"] * 0.9, 0)
        c["closed"] = c["received"] + dt.timedelta(days=rng.randint(1, 6))
        c["remark_extra"] = rng.choice(
            ("商家已退还货款，投诉人撤回", "已退款，消费者撤诉", "商家退款后投诉人来电撤回", "退款到账，撤回")
        )
        cases.append(c)
    return cases


def trap_similar_photos(g: Gen, size: int) -> list[dict]:
    rng = g.rng
    sector = rng.choice(("tea", "mushroom", "honey", "electrical"))
    m = g.merchant(sector)
    prod, lo, hi = rng.choice(m.products)
    color = rng.randrange(2**31)
    cases = []
    for _ in range(size):
        p = g.new_person()
        c = background_case(g, p, g.when())
        g.cases.remove(c)
        c2 = g.case(c["source"], c["received"], p, m, product=prod)
        problem = rng.choice(SECTORS[sector]["problems"])
        c2["text"] = ordinary_text(g, c2["source"], c2, problem, rng.choice(SECTORS[sector]["demand"]))
        c2["outcome"] = g.wpick(OUTCOMES[c2["source"]])
        settle(g, c2)
        c2["evidence"] = [g.pic("product", c2["received"], text=True, product=prod, color=color)]
        cases.append(c2)
    return cases


def trap_signboard(g: Gen, size: int) -> list[dict]:
    rng = g.rng
    p = g.new_person(local=1.0)
    c1 = background_case(g, p, g.when())
    cases = [c1]
    m = c1["merchant"]
    for i in range(1, size):
        c = g.case(
            "hotline",
            c1["received"] + dt.timedelta(days=rng.randint(3, 25) * i),
            p,
            m,
            product=c1["product"],
            amount=c1["amount"],
            purchase=c1["purchase"],
            channel=rng.choice(("电话", "12345网站")),
        )
        sign = rng.choice((m.signboard, f"{m.signboard}（{rng.choice(ROADS)}那家）", m.signboard + "店"))
        c["text"] = wrap(
            g,
            "hotline",
            f"其此前反映的问题至今未解决：在{sign}购买的{c1['product']}有质量问题，商家不处理，再次来电要求处理。",
        )
        c["show_merchant"] = sign
        c["show_uscc"] = ""
        c["outcome"] = rng.choice(("已转属地市场监管所", "重复来电，已督办", g.wpick(OUTCOMES["hotline"])))
        settle(g, c)
        cases.append(c)
    return cases


def trap_liveroom_mushroom(g: Gen, size: int) -> list[dict]:
    rng = g.rng
    m = g.new_merchant("mushroom")
    prod = rng.choice(("干巴菌500g", "牛肝菌干片250g", "野生鸡枞菌干", "混合野生菌干货礼包"))
    day = g.when(dt.datetime(2025, 7, 1), dt.datetime(2026, 9, 1))
    cases = []
    for _ in range(size):
        p = g.new_person(local=0.25)
        when = g.when(day + dt.timedelta(days=2), day + dt.timedelta(days=rng.randint(5, 16)))
        source = "platform" if rng.random() < 0.85 else "hotline"
        amount = rng.choice((59.9, 69.9, 89, 99, 128, 139.8, 198))
        c = g.case(
            source,
            when,
            p,
            m,
            product=prod,
            amount=amount,
            qty=rng.choice((1, 1, 1, 2, 3)),
            purchase=day + dt.timedelta(hours=rng.uniform(19, 23)),
        )
        body = rng.choice(
            (
                "收到就发霉了，一股霉味",
                "打开全是白毛，长霉了",
                f"{m.anchor}直播间买的菌子发霉，退钱",
                "菌子受潮发霉结块，没法吃",
                "发霉了!!!还有虫眼",
                "霉变，申请仅退款",
                f"在{m.room}买的{prod}，到手全部霉变，要求退款",
                "和直播间展示的完全不一样，都霉了",
                "包装破了，里面发霉",
                "收到有霉点，家里老人差点吃了",
                "霉的，退款",
                "货不对板，有霉味",
            )
        )
        c["text"] = (
            wrap(g, source, person_voice(source, f"我在{m.room}直播间买的{prod}，" + body + "。"), p)
            if source != "platform"
            else body
        )
        c["outcome"] = rng.choice(("支持买家", "支持买家", "商家已退款", "协商完成", "平台介入中"))
        c["remark_extra"] = rng.choice(("售后类型:仅退款", "售后类型:退货退款", "售后类型:仅退款"))
        settle(g, c, refund_only=True)
        if rng.random() < 0.55:
            c["evidence"] = [g.pic("mould", when, text=False, product=prod)]
        cases.append(c)
    return cases


def trap_tour_group(g: Gen, size: int) -> list[dict]:
    rng = g.rng
    agency = g.new_merchant("travel")
    shop = rng.choice(("云溪玉石文化展销中心", "鹤溪民族银器坊", "云雾山茶文化体验馆", "汤池翡翠珠宝城"))
    guide = rng.choice(GUIDES)
    tour = f"YX{rng.randint(2025, 2026)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}-{rng.randint(1, 40):02d}"
    day = g.when(START, END - dt.timedelta(days=10))
    origin, place = rng.choice(OUTSIDE)
    cases = []
    for _ in range(size):
        p = g.new_person(region=origin, birth_range=(1948, 1975))
        when = g.when(day, day + dt.timedelta(days=rng.choice((0, 0, 1, 2))))
        c = g.case(
            "scenic",
            when,
            p,
            agency,
            product=rng.choice(("云雾山三日游", "古镇温泉三日游")),
            amount=rng.choice((399, 499, 599)),
            purchase=day - dt.timedelta(days=rng.randint(3, 20)),
        )
        bit = rng.choice(
            (
                f"导游{guide}把全团带到{shop}，关门待了两个多小时，不买不让走",
                f"{guide}在车上说不购物就是不给面子",
                f"在{shop}被强迫购物，导游{guide}一直催",
                f"导游{guide}带我们进{shop}，买了{rng.randint(1, 12)}千多的镯子，回来发现是假货",
            )
        )
        c["text"] = wrap(g, "scenic", f"团号{tour}，" + person_voice("scenic", bit) + "，要求退货退款并处理导游。")
        c["remark_extra"] = f"团号:{tour} 导游:{guide} 购物点:{shop}"
        c["claim"] = rng.choice((None, round(rng.uniform(1000, 12000), -2)))
        c["outcome"] = rng.choice(("已协调购物店退货", "已责令旅行社整改", "移交文旅局处理", "已协调退还部分费用"))
        settle(g, c)
        if rng.random() < 0.4:
            c["evidence"] = [g.pic("tour_receipt", when, text=True)]
        cases.append(c)
    return cases


def trap_landslide(g: Gen, size: int) -> list[dict]:
    rng = g.rng
    m = g.new_merchant("homestay")
    day = (
        g.when(dt.datetime(2025, 6, 1), dt.datetime(2025, 9, 15))
        if rng.random() < 0.5
        else g.when(dt.datetime(2026, 6, 1), dt.datetime(2026, 9, 15))
    )
    road = rng.choice(("云雾山S228线", "鹤溪古镇进镇公路", "雾岭县X012县道"))
    cases = []
    for _ in range(size):
        p = g.new_person(local=0.3)
        when = g.when(day, day + dt.timedelta(days=rng.randint(1, 8)))
        source = rng.choice(("scenic", "scenic", "hotline", "platform"))
        c = g.case(source, when, p, m, purchase=day - dt.timedelta(days=rng.randint(5, 40)))
        body = (
            f"我预订了{m.name}{rng.choice(('7月', '暑假', '国庆前'))}的房间，因{road}塌方封路无法到达，"
            f"{rng.choice(('民宿只同意改期不退定金', '联系老板说定金不退', '平台说要民宿同意才能退', '民宿不退'))}，"
            f"要求全额退还{int(c['amount'])}元。"
        )
        c["text"] = wrap(g, source, person_voice(source, body), p) if source != "platform" else body
        c["claim"] = c["amount"]
        c["outcome"] = rng.choice(("经协调已全额退款", "已协调退还定金", "民宿同意改期", "办理中"))
        settle(g, c, refund_only=True)
        if rng.random() < 0.3:
            c["evidence"] = [g.pic("chat", when, text=rng.random() < 0.5)]
        cases.append(c)
    return cases


SCHEME_FUNCS = {
    "professional_claimant": scheme_professional,
    "identity_rotation": scheme_identity_rotation,
    "template_ring": scheme_template_ring,
    "evidence_extortion": scheme_evidence_extortion,
    "private_payment_withdrawal": scheme_private_payment,
    "low_and_slow_ring": scheme_low_and_slow,
    "split_purchase": scheme_split_purchase,
}
TRAP_FUNCS = {
    "contaminated_batch": trap_contaminated,
    "household_shared_phone": trap_household,
    "dormitory": trap_dormitory,
    "power_user": trap_power_user,
    "volunteer_representative": trap_volunteer,
    "elderly_by_child": trap_elderly,
    "lawyer_one_client": trap_lawyer,
    "duplicate_two_channels": trap_duplicate,
    "hotline_honorific": trap_honorific,
    "honest_law_citer": trap_honest_citer,
    "refund_then_withdraw": trap_refund_withdraw,
    "similar_product_photos": trap_similar_photos,
    "signboard_name": trap_signboard,
    "liveroom_mushroom_batch": trap_liveroom_mushroom,
    "tour_group_forced_shopping": trap_tour_group,
    "landslide_homestay_cancel": trap_landslide,
}


# ----------------------------------------------------------------------------------------------------------
# rendering of cells

EXCEL_EPOCH = dt.date(1899, 12, 30)


def excel_serial(d: dt.datetime, with_time: bool = False) -> str:
    days = (d.date() - EXCEL_EPOCH).days
    if with_time:
        frac = (d.hour * 3600 + d.minute * 60 + d.second) / 86400
        return f"{days + frac:.5f}".rstrip("0")
    return str(days)


def fmt_dt(rng: random.Random, source: str, d: dt.datetime | None, field: str, empty: str) -> str:
    if d is None:
        return empty
    if source == "assoc":  # the ledger writes day first, stated in its remark column
        if field == "received" and rng.random() < 0.6:
            return f"{d:%d/%m/%Y %H:%M}"
        return f"{d:%d/%m/%Y}"
    if source == "scenic":
        if field == "received":
            return f"{d.year}年{d.month}月{d.day}日{d.hour}时" if rng.random() < 0.8 else f"{d:%Y-%m-%d %H:%M}"
        return f"{d.year}年{d.month}月{d.day}日" if rng.random() < 0.7 else f"{d:%Y.%m.%d}"
    if source == "platform":
        if field == "purchase":
            r = rng.random()
            if r < 0.4:
                return f"{d:%Y%m%d}"
            if r < 0.55:
                return excel_serial(d, with_time=rng.random() < 0.5)
            return f"{d:%Y-%m-%d %H:%M:%S}"
        return f"{d:%Y-%m-%d %H:%M:%S}"
    # hotline
    r = rng.random()
    if field == "received":
        if r < 0.6:
            return f"{d.year}/{d.month}/{d.day} {d.hour}:{d.minute:02d}"
        if r < 0.9:
            return f"{d:%Y-%m-%d %H:%M:%S}"
        if r < 0.95:
            return f"{d.month}/{d.day}/{d.year} {d.hour}:{d.minute:02d}"
        return f"{d.year}年{d.month}月{d.day}日{d.hour}时"
    if r < 0.35:
        return f"{d:%Y-%m-%d}"
    if r < 0.55:
        return f"{d:%Y%m%d}"
    if r < 0.7:
        return f"{d.year}年{d.month}月{d.day}日"
    if r < 0.8:
        return excel_serial(d)
    if r < 0.88:
        return f"{d.month}/{d.day}/{d.year}"
    return f"{d.year}/{d.month}/{d.day}"


def num_str(x: float) -> str:
    return str(int(x)) if abs(x - round(x)) < 1e-9 else f"{x:.2f}".rstrip("0").rstrip(".")


def fmt_amount(rng: random.Random, source: str, x: float | None, empty: str, negative: bool = False) -> str:
    if x is None:
        return empty
    x = round(float(x), 2)
    r = rng.random()
    if source == "platform":
        s = f"{x:.2f}"
        if negative:
            return "-" + s
        if r < 0.3:
            return "￥ " + num_str(x)
        if r < 0.4:
            return "¥" + s
        return s
    if r < 0.08 and x == int(x) and 100 <= x < 100000:
        return cn_upper(int(x))
    if r < 0.13 and x >= 5000:
        w = x / 10000
        return f"{w:.1f}".rstrip("0").rstrip(".") + rng.choice(("w", "万", "W"))
    if r < 0.2 and x >= 100:
        return f"约{int(round(x, -1))}" + rng.choice(("", "元"))
    if r < 0.4 and x >= 1000:
        return f"{x:,.0f}元" if x == int(x) else f"{x:,.2f}"
    if r < 0.45:
        return num_str(x).translate(FULL) + "元"
    if r < 0.55 and source == "scenic":
        return "￥ " + num_str(x)
    if r < 0.75:
        return num_str(x) + "元"
    return num_str(x)


def show_name(rng: random.Random, c: dict, source: str) -> str:
    p: Person = c["person"]
    if c.get("nick"):
        return c["nick"]
    if source == "platform":
        r = rng.random()
        if r < 0.85:
            return p.nick
        return p.name[0] + "*" * (len(p.name) - 1)
    name = c["show_name"] or p.name
    if "·" in name and rng.random() < 0.5:
        name = name.replace("·", rng.choice(("•", "・", "", ".")))
    if source == "hotline" and c["show_name"] is None and rng.random() < 0.1 and "·" not in name:
        name = name[0] + ("先生" if p.gender == "M" else "女士")
    return name


def render(g: Gen, c: dict, cid: str) -> dict:
    rng = g.rng
    src = c["source"]
    empties = EMPTY[src]

    def e() -> str:
        return rng.choice(empties)

    p: Person = c["person"]
    m: Merchant | None = c["merchant"]
    row = dict.fromkeys(COLUMNS, "")
    row["source_system"] = SOURCE_NAME[src]
    row["complaint_id"] = cid
    row["channel"] = c["channel"]
    row["received_at"] = fmt_dt(rng, src, c["received"], "received", e())
    row["complainant_name"] = show_name(rng, c, src)
    phone = c["show_phone"] or p.phone
    if phone.startswith(AREA_CODE):
        row["complainant_phone"] = phone if rng.random() < 0.7 else f"({AREA_CODE}){phone[5:]}"
    elif src == "platform":
        row["complainant_phone"] = phone[:3] + "****" + phone[7:] if rng.random() < 0.8 else phone
    else:
        row["complainant_phone"] = fmt_mobile(rng, phone, masked_ok=src == "scenic")
    idn = p.id_number if c["show_id"] is None else c["show_id"]
    present = {"hotline": 0.45, "platform": 0.0, "assoc": 0.88, "scenic": 0.4}[src]
    if idn and rng.random() < present:
        row["complainant_id_number"] = idn.lower() if idn.endswith("X") and rng.random() < 0.5 else idn
    else:
        row["complainant_id_number"] = e()
    addr = c["show_addr"] or p.address
    if src == "platform":
        row["complainant_address"] = addr[: max(6, len(addr) // 2)] + "****" if rng.random() < 0.6 else addr
    elif rng.random() < {"hotline": 0.6, "assoc": 0.9, "scenic": 0.55}[src] or c["show_addr"]:
        row["complainant_address"] = addr
    else:
        row["complainant_address"] = e()
    if m is not None:
        row["merchant_name"] = c["show_merchant"] or (
            m.signboard if src == "hotline" and rng.random() < 0.07 else m.name
        )
        if c["show_uscc"] == "":
            row["merchant_uscc"] = e()
        else:
            row["merchant_uscc"] = (
                m.uscc if rng.random() < {"hotline": 0.5, "platform": 0.55, "assoc": 0.85, "scenic": 0.6}[src] else e()
            )
            if row["merchant_uscc"] == m.uscc and rng.random() < 0.05:
                row["merchant_uscc"] = m.uscc.lower()
    else:
        row["merchant_name"] = e()
        row["merchant_uscc"] = e()
    row["product"] = c["product"] or e()
    order = c["order_no"]
    if order is None and (src == "platform" or rng.random() < 0.2):
        order = g.order_no(src)
        c["order_no"] = order
    row["order_no"] = order or e()
    row["purchase_date"] = fmt_dt(rng, src, c["purchase"], "purchase", e()) if rng.random() < 0.9 else e()
    q = c["qty"]
    row["purchase_quantity"] = (
        rng.choice((str(q), str(q), f"{q}件", str(q).translate(FULL), f"{q}份")) if rng.random() < 0.92 else e()
    )
    row["purchase_amount"] = fmt_amount(rng, src, c["amount"], e())
    row["claim_amount"] = fmt_amount(rng, src, c["claim"], e())
    row["legal_basis"] = c["basis"] or e()
    row["text"] = c["text"]
    sep = {"hotline": ";", "platform": ",", "assoc": "；", "scenic": "，"}[src]
    files = [ev["file"] for ev in c["evidence"]]
    row["evidence_files"] = sep.join(files) if files else ("" if rng.random() < 0.7 else e())
    row["handler"] = c["handler"] or handler(rng, src, m)
    row["outcome"] = c["outcome"] or e()
    comp = c["comp"]
    row["compensation_amount"] = fmt_amount(rng, src, comp, e(), negative=src == "platform" and rng.random() < 0.5)
    row["closed_at"] = fmt_dt(rng, src, c["closed"], "closed", e())
    row["remark"] = remark(rng, c, src, m)
    return row


def handler(rng: random.Random, src: str, m: Merchant | None) -> str:
    region = DISTRICTS[m.region] if m else "翠屏区"
    if src == "hotline":
        return rng.choice(
            (
                f"话务员{rng.randint(1, 80):03d}",
                f"{region}市场监管局",
                f"{region}市场监管局{rng.choice(('城关', '溪口', '汤池', '茶山'))}所",
                f"市12345中心/{region}",
            )
        )
    if src == "platform":
        return rng.choice(("电商办-" + rng.choice(("王敏", "杨帆", "李清")), "平台小二", "系统自动判定"))
    if src == "assoc":
        return "调解员" + rng.choice(("赵志平", "段丽", "普国荣", "李晓梅", "和建新"))
    return "游客服务中心" + rng.choice(("/小杨", "/罗主任", "/值班员", ""))


def verdict(outcome: str | None) -> str:
    o = outcome or ""
    if any(k in o for k in ("驳回", "不予", "拒绝", "不成", "终止", "不支持", "未支持")):
        return "驳回申请"
    if any(k in o for k in ("撤", "撤销")):
        return "买家撤销申请"
    if any(k in o for k in ("退款", "支持买家", "成功", "同意", "协商完成", "赔")):
        return "支持买家"
    if o in ("", "办理中", "平台介入中") or "转" in o:
        return "平台介入中"
    return "协商中"


def remark(rng: random.Random, c: dict, src: str, m: Merchant | None) -> str:
    extra = c.get("remark_extra") or ""
    parts = []
    if src == "platform":
        room = (m.room if m and m.room else "店铺橱窗") if m else "NULL"
        anchor = (m.anchor if m and m.anchor else "无") if m else "无"
        kind = "仅退款" if rng.random() < 0.6 else "退货退款"
        if "售后类型" in extra:
            kind, extra = extra.split(":", 1)[1], ""
        parts = [f"直播间:{room}", f"主播:{anchor}", f"售后类型:{kind}", f"平台判定:{verdict(c['outcome'])}"]
        sep = rng.choice(("|", "｜", "; "))
        return sep.join(parts + ([extra] if extra else []))
    if src == "assoc":
        parts.append(rng.choice(("日期格式:日/月/年", "注:本台账日期均为日/月/年(DD/MM/YYYY)", "日期按日/月/年登记")))
        if extra:
            parts.append(extra)
        elif rng.random() < 0.3:
            parts.append(rng.choice(("双方签字确认", "商家未到场", "电话调解", "已送达调解书")))
        return "；".join(parts)
    if src == "scenic":
        if extra:
            return extra
        if m is not None and m.sector == "travel" and rng.random() < 0.8:
            d = c["purchase"] + dt.timedelta(days=rng.randint(1, 5))
            return rng.choice(("团号:{t} 导游:{g}", "团号：{t}；导游：{g}", "{t}团 导游{g}")).format(
                t=f"YX{d:%Y%m%d}-{rng.randint(1, 40):02d}", g=rng.choice(GUIDES)
            )
        return rng.choice(("", "", "-", "景区:云雾山", "景区:鹤溪古镇", "景区:汤池温泉", "已电话回访"))
    if extra:
        return extra
    return rng.choice(("", "", "", "/", "已回访", "重复来电", "来电人情绪激动", "要求保密", "转办:市场监管"))


# ----------------------------------------------------------------------------------------------------------
# pictures (drawn afterwards from each picture's own seed)

FONT_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)
_FONTS: dict = {}


def font(size: int):
    from PIL import ImageFont

    if size not in _FONTS:
        f = None
        for path in FONT_PATHS:
            if Path(path).exists():
                try:
                    f = ImageFont.truetype(path, size)
                    break
                except OSError:
                    continue
        _FONTS[size] = f
    return _FONTS[size]


def draw_text(d, xy, text, fill, size=11, rng=None):
    f = font(size)
    if f is not None:
        d.text(xy, text, fill=fill, font=f)
    else:  # no CJK font: grey bars of the text's length
        x, y = xy
        d.rectangle([x, y + 2, x + size * 0.9 * len(text), y + size - 1], fill=fill)


SHOT_LINES = {
    "order_screenshot": ("订单详情", "交易成功", "实付款 ¥{a}", "订单编号 {o}", "下单时间 {t}", "{p}", "申请售后"),
    "chat": (
        "在吗",
        "东西收到了有问题",
        "亲，麻烦拍个照片",
        "已发送图片",
        "这个我们不负责哦",
        "那我去投诉了",
        "亲别急",
    ),
    "bank_transfer": ("转账成功", "¥{a}", "收款方 {n}", "转账时间 {t}", "交易单号 {o}", "备注：私了"),
    "receipt": ("销售小票", "{p}  x1", "合计 {a}", "{t}", "谢谢惠顾", "收银员 03"),
    "hospital_bill": ("云溪市人民医院", "门诊收费票据", "急诊诊查费 15.00", "西药费 {a}", "合计 {a}", "{t}"),
    "tour_receipt": ("云溪旅游购物凭证", "团号 {o}", "商品 玉镯", "金额 {a}", "{t}", "导游签字"),
    "food_bill": ("点菜单", "菌子火锅 1份 {a}", "包间费 200", "茶位费 10/位", "合计 {a}", "{t}"),
    "label": (
        "产品名称：{p}",
        "配料：",
        "净含量：",
        "生产日期：见封口",
        "保质期：12个月",
        "执行标准：",
        "贮存条件：阴凉干燥",
    ),
    "lot_label": ("{p}", "批号：{l}", "生产日期：{l}", "保质期：见包装", "云溪市××食品厂"),
}


CHAT_OPEN = ("在吗", "老板在吗", "你好", "亲", "客服在不在", "？？？")
CHAT_LINES = (
    "东西收到了有问题",
    "亲，麻烦拍个照片",
    "已发送图片",
    "这个我们不负责哦",
    "那我去投诉了",
    "亲别急",
    "给你退一半可以吗",
    "全部都发霉了",
    "路上运输的问题",
    "我要退款",
    "不退就12315见",
    "好的亲，已经申请了",
    "房间根本没法住",
    "定金不退的哦",
    "导游说必须进店",
    "转你200算了",
    "你们直播间说是野生的",
    "仓库发错货了",
    "已经三天了没人回",
    "老人不会用手机",
)


def _base_photo(rng: random.Random, w: int, h: int, palette):
    from PIL import Image, ImageDraw

    bg = tuple(max(0, min(255, c + rng.randint(-20, 20))) for c in palette[0])
    img = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(img)
    for _ in range(rng.randint(3, 8)):
        x0, y0 = rng.randint(-20, w), rng.randint(-20, h)
        x1, y1 = x0 + rng.randint(20, w // 2 + 30), y0 + rng.randint(20, h // 2 + 30)
        col = tuple(max(0, min(255, c + rng.randint(-30, 30))) for c in rng.choice(palette[1:]))
        (d.ellipse if rng.random() < 0.5 else d.rectangle)([x0, y0, x1, y1], fill=col)
    return img, d


def _noise(img, rng: random.Random, amount: float = 0.12):
    from PIL import Image

    n = Image.effect_noise(img.size, rng.uniform(20, 50)).convert("RGB")
    return Image.blend(img, n, amount)


def draw_picture(spec: dict):
    from PIL import Image, ImageDraw, ImageEnhance, ImageOps

    kind = spec["kind"]
    rng = random.Random(spec["seed"] if kind != "foreign_object" else spec["base"])
    if kind in SHOT_LINES:
        w, h = (
            (rng.choice((144, 160, 180)), 256)
            if kind in ("order_screenshot", "chat", "bank_transfer")
            else (rng.choice((200, 240, 256)), rng.choice((150, 180, 200)))
        )
        bgc = (245, 245, 245) if kind != "chat" else (237, 237, 237)
        img = Image.new("RGB", (w, h), bgc)
        d = ImageDraw.Draw(img)
        bar = {"bank_transfer": (30, 150, 90), "order_screenshot": (255, 80, 40), "chat": (40, 40, 40)}.get(kind)
        if bar:
            d.rectangle([0, 0, w, 22], fill=bar)
        y = 28 if bar else 8
        fill_vals = {
            "a": f"{spec.get('amount', rng.randint(20, 900))}",
            "o": str(spec.get("order", rng.randrange(10**11, 10**12))),
            "t": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "p": str(spec.get("product", "商品"))[:10],
            "n": rng.choice(("王*", "李*华", "云溪**商行")),
            "l": spec.get("lot", "YX2025"),
        }
        show = spec.get("text", True)
        lines = list(SHOT_LINES[kind])
        if kind == "chat":
            lines = [rng.choice(CHAT_OPEN)] + rng.sample(CHAT_LINES, rng.randint(4, 7))
        for i, line in enumerate(lines):
            txt = line.format(**fill_vals)
            if kind == "chat":
                right = i % 2 == 1
                bw = min(w - 30, 14 + 11 * len(txt))
                x = w - bw - 8 if right else 8
                d.rounded_rectangle([x, y, x + bw, y + 20], 4, fill=(150, 230, 110) if right else (255, 255, 255))
                if show:
                    draw_text(d, (x + 5, y + 3), txt, (20, 20, 20), 11)
                y += 28
            else:
                if show or i == 0:
                    draw_text(d, (8, y), txt, (30, 30, 30) if i else (0, 0, 0), 12 if i == 0 else 11)
                else:
                    d.rectangle([8, y + 3, 8 + rng.randint(40, w - 20), y + 10], fill=(200, 200, 200))
                y += rng.choice((17, 19, 22))
            if y > h - 16:
                break
        if kind in ("receipt", "hospital_bill", "tour_receipt", "food_bill", "label", "lot_label"):
            img = img.rotate(rng.uniform(-8, 8), expand=True, fillcolor=(rng.randint(60, 140),) * 3)
            img = _noise(img, rng, 0.08)
    elif kind == "foreign_object":
        img = _foreign_object(rng, spec["obj"])
        img = _edit(img, spec["edit"])
    else:
        palettes = {
            "tea_package": ((120, 90, 60), (200, 40, 40), (220, 190, 120), (60, 110, 60)),
            "mushroom_box": ((200, 190, 170), (110, 80, 50), (150, 120, 80), (60, 50, 40)),
            "mould": ((90, 70, 50), (230, 230, 220), (160, 170, 150), (120, 100, 70)),
            "insect": ((200, 180, 150), (40, 30, 20), (180, 150, 110)),
            "product": ((230, 225, 215), (200, 150, 40), (180, 40, 40), (60, 120, 180)),
            "hotel_room": ((210, 200, 185), (245, 245, 240), (140, 110, 80), (90, 90, 100)),
        }
        pal = palettes.get(kind, palettes["product"])
        if kind == "product" and "color" in spec:
            prng = random.Random(spec["color"])
            pal = (
                (prng.randint(150, 240),) * 3,
                tuple(prng.randint(30, 220) for _ in range(3)),
                tuple(prng.randint(30, 220) for _ in range(3)),
            )
        w, h = rng.choice(((256, 192), (192, 256), (240, 180), (256, 256)))
        img, d = _base_photo(rng, w, h, pal)
        if kind == "mould":
            for _ in range(rng.randint(15, 60)):
                x, y, r = rng.randint(0, w), rng.randint(0, h), rng.randint(2, 9)
                d.ellipse(
                    [x - r, y - r, x + r, y + r],
                    fill=(rng.randint(200, 245), rng.randint(210, 250), rng.randint(190, 230)),
                )
        elif kind == "insect":
            for _ in range(rng.randint(1, 4)):
                x, y = rng.randint(30, w - 30), rng.randint(30, h - 30)
                d.ellipse([x - 7, y - 4, x + 7, y + 4], fill=(30, 20, 10))
                for k in (-1, 1):
                    for j in (-4, 0, 4):
                        d.line([x + j, y, x + j + 4 * k, y + 8 * k], fill=(30, 20, 10))
        elif kind == "tea_package":  # a wrapped tea cake seen from above
            cx, cy, r = w // 2 + rng.randint(-20, 20), h // 2 + rng.randint(-15, 15), rng.randint(60, 85)
            d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(235, 225, 200), outline=(120, 90, 60))
            d.ellipse([cx - 8, cy - 8, cx + 8, cy + 8], fill=(200, 185, 150))
            d.rectangle([cx - r // 2, cy - r // 2 - 10, cx + r // 2, cy - r // 2 + 14], fill=(190, 30, 30))
            if spec.get("text"):
                draw_text(
                    d,
                    (cx - r // 2 + 4, cy - r // 2 - 8),
                    rng.choice(("古树普洱", "云雾山茶", "易武正山")),
                    (250, 240, 200),
                    12,
                )
        elif kind == "mushroom_box":  # dried mushrooms in an open carton
            d.rectangle([30, 40, w - 30, h - 30], fill=(190, 160, 110), outline=(110, 80, 40), width=3)
            for _ in range(rng.randint(12, 30)):
                x, y = rng.randint(45, w - 45), rng.randint(55, h - 45)
                d.ellipse(
                    [x - 10, y - 6, x + 10, y + 6],
                    fill=(rng.randint(80, 130), rng.randint(55, 90), rng.randint(30, 50)),
                )
                d.line([x, y, x + rng.randint(-3, 3), y + 12], fill=(200, 180, 140), width=3)
        elif kind == "hotel_room":  # bed, pillows, window; stains now and then
            d.rectangle([0, int(h * 0.62), w, h], fill=(150, 120, 90))
            d.rectangle([int(w * 0.62), 15, w - 15, int(h * 0.45)], fill=(180, 210, 235), outline=(90, 80, 70), width=3)
            d.rectangle([20, int(h * 0.45), int(w * 0.7), int(h * 0.85)], fill=(245, 245, 240), outline=(170, 170, 165))
            d.rounded_rectangle([30, int(h * 0.38), 90, int(h * 0.5)], 6, fill=(250, 250, 250))
            d.rounded_rectangle([100, int(h * 0.38), 160, int(h * 0.5)], 6, fill=(250, 250, 250))
            for _ in range(rng.choice((0, 0, 2, 5))):
                x, y = rng.randint(40, int(w * 0.6)), rng.randint(int(h * 0.55), int(h * 0.8))
                d.ellipse([x, y, x + rng.randint(5, 18), y + rng.randint(4, 12)], fill=(160, 140, 90))
        elif kind == "product":
            x0, y0 = rng.randint(20, 60), rng.randint(20, 50)
            d.rectangle(
                [x0, y0, x0 + rng.randint(90, 150), y0 + rng.randint(90, 140)], fill=pal[1], outline=(20, 20, 20)
            )
            if spec.get("text") and spec.get("product"):
                draw_text(d, (x0 + 6, y0 + 8), str(spec["product"])[:8], (250, 250, 250), 12)
        img = _noise(img, rng, 0.1)
    img.thumbnail((256, 256))
    return img, spec.get("quality", 80), ImageOps, ImageEnhance


def _foreign_object(rng: random.Random, obj: str):
    from PIL import Image, ImageDraw

    w, h = 256, 208
    img = Image.new("RGB", (w, h), (rng.randint(90, 140), rng.randint(70, 100), rng.randint(50, 80)))
    d = ImageDraw.Draw(img)
    d.ellipse([20, 10, w - 20, h - 10], fill=(240, 240, 235))
    d.ellipse([45, 30, w - 45, h - 30], fill=(rng.randint(170, 220), rng.randint(120, 170), rng.randint(60, 110)))
    for _ in range(25):
        x, y = rng.randint(60, w - 60), rng.randint(45, h - 45)
        d.ellipse([x - 6, y - 4, x + 6, y + 4], fill=(rng.randint(120, 200), rng.randint(80, 140), rng.randint(40, 90)))
    cx, cy = rng.randint(100, 150), rng.randint(80, 120)
    if obj == "hair":
        pts = [(cx + 40 * math.cos(t / 3) + t * 2 - 30, cy + 25 * math.sin(t / 2)) for t in range(0, 30)]
        d.line(pts, fill=(15, 10, 8), width=2)
    elif obj == "insect":
        d.ellipse([cx - 12, cy - 6, cx + 12, cy + 6], fill=(25, 20, 10))
        for k in (-1, 1):
            for j in (-7, 0, 7):
                d.line([cx + j, cy, cx + j + 6 * k, cy + 12 * k], fill=(25, 20, 10), width=2)
    elif obj == "glass":
        d.polygon(
            [(cx, cy - 14), (cx + 16, cy + 4), (cx + 2, cy + 16), (cx - 12, cy + 2)],
            fill=(200, 230, 235),
            outline=(120, 160, 170),
        )
    elif obj == "screw":
        d.rectangle([cx - 3, cy - 18, cx + 3, cy + 18], fill=(150, 150, 155))
        d.rectangle([cx - 8, cy - 22, cx + 8, cy - 16], fill=(120, 120, 125))
        for j in range(-14, 18, 5):
            d.line([cx - 4, cy + j, cx + 4, cy + j + 2], fill=(90, 90, 95))
    else:
        d.rounded_rectangle([cx - 50, cy - 14, cx + 50, cy + 14], 12, fill=(225, 180, 150))
        d.line([cx - 20, cy - 3, cx + 15, cy + 4], fill=(180, 20, 20), width=3)
    return _noise(img, random.Random(rng.random()), 0.06)


def _edit(img, edit: dict):
    from PIL import Image, ImageDraw, ImageEnhance, ImageOps

    w, h = img.size
    x0, y0, x1, y1 = edit["crop"]
    img = img.crop((int(x0 * w), int(y0 * h), int(x1 * w), int(y1 * h)))
    if edit["mirror"]:
        img = ImageOps.mirror(img)
    if edit["rot"]:
        img = img.rotate(edit["rot"], expand=True)
    if edit["bright"] != 1:
        img = ImageEnhance.Brightness(img).enhance(edit["bright"])
    if edit["frame"]:
        img.thumbnail((150, 150))
        frame = Image.new("RGB", (170, 256), (237, 237, 237))
        d = ImageDraw.Draw(frame)
        d.rectangle([0, 0, 170, 18], fill=(20, 20, 20))
        d.text((4, 4), "12:0" + str(edit["rot"] // 90), fill=(255, 255, 255))
        frame.paste(img, (10, 40))
        d.rounded_rectangle([10, 40 + img.size[1] + 8, 150, 40 + img.size[1] + 28], 4, fill=(255, 255, 255))
        img = frame
    return img


def save_picture(spec: dict, folder: Path) -> None:
    img, quality, _, _ = draw_picture(spec)
    img.save(folder / spec["file"], "JPEG", quality=quality)


# ----------------------------------------------------------------------------------------------------------
# assembly


def _trim(g: Gen, limit: int) -> None:
    total = sum(len(cs) for _, _, _, cs in g.groups)
    if total <= limit:
        return
    factor = limit / total
    for _gid, _cls, kind, cs in g.groups:
        keep = max(2 if kind == "duplicate_two_channels" else 1, int(len(cs) * factor))
        for c in cs[keep:]:
            g.cases.remove(c)
        del cs[keep:]


def build(seed: int, rows: int) -> tuple[list[dict], dict, list[dict], str]:
    if rows < 1:
        raise ValueError("rows must be positive")
    g = Gen(seed, rows)
    for kind in SCHEMES:
        for size in g.sizes(SCHEME_PLAN, kind):
            hard = g.rng.random()
            g.group("scheme", kind, SCHEME_FUNCS[kind](g, size, hard))
    for kind in TRAPS:
        for size in g.sizes(TRAP_PLAN, kind):
            g.group("trap", kind, TRAP_FUNCS[kind](g, size))
    _trim(g, int(rows * 0.6))
    while len(g.cases) > rows:  # only for tiny exports: drop whole groups from the end
        _gid, _cls, _kind, cs = g.groups.pop()
        for c in cs:
            g.cases.remove(c)
    # background: most people complain once, some come back
    pool: list[Person] = []
    while len(g.cases) < rows:
        if pool and g.rng.random() < 0.1:
            p = g.rng.choice(pool)
        else:
            p = g.new_person()
            pool.append(p)
        c = background_case(g, p, g.when())
        c["group"] = None
    # ids: per source, in order of arrival
    g.cases.sort(key=lambda c: (c["received"], c["source"]))
    counters = {s: g.rng.randrange(100, 900) for s in SOURCE_NAME}
    used: set[str] = set()
    for c in g.cases:
        s = c["source"]
        counters[s] += g.rng.randint(1, 3)
        n = counters[s]
        d = c["received"]
        if s == "hotline":
            cid = f"GD{d:%Y%m%d}{n:06d}"
        elif s == "platform":
            cid = f"SH{d:%y%m%d}{g.rng.randrange(10**5):05d}{n:05d}"
        elif s == "assoc":
            cid = f"云消调〔{d.year}〕{n:05d}号"
        else:
            cid = f"YWS-TS-{d:%Y%m}-{n:05d}"
        assert cid not in used
        used.add(cid)
        c["cid"] = cid
    # output order: one block per source (as merged by hand), roughly chronological inside
    order = list(SOURCE_NAME)
    g.rng.shuffle(order)
    out_cases = []
    for s in order:
        block = [c for c in g.cases if c["source"] == s]
        for i in range(0, len(block) - 1, 7):
            if g.rng.random() < 0.3:
                block[i], block[i + 1] = block[i + 1], block[i]
        out_cases.extend(block)
    table = [render(g, c, c["cid"]) for c in out_cases]
    truth = {"generator": "gen_yunxi", "seed": seed, "rows": rows, "encoding": "", "schemes": {}, "traps": {}}
    for gid, cls, kind, cs in g.groups:
        if cs:
            truth["schemes" if cls == "scheme" else "traps"][gid] = {
                "kind": kind,
                "complaint_ids": [c["cid"] for c in cs],
            }
    pics = [ev for c in out_cases for ev in c["evidence"]]
    encoding = random.Random(seed * 7919 + 17).choice(("utf-8", "utf-8-sig", "gb18030"))
    truth["encoding"] = encoding
    return table, truth, pics, encoding


def _pic_worker(args):
    specs, folder = args
    for s in specs:
        save_picture(s, Path(folder))
    return len(specs)


def generate(out_dir: Path, seed: int, rows: int, pictures: bool = True) -> dict:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    table, truth, pics, encoding = build(seed, rows)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\r\n")
    w.writeheader()
    w.writerows(table)
    (out_dir / "complaints.csv").write_bytes(buf.getvalue().encode(encoding))
    (out_dir / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    if pictures:
        folder = out_dir / "evidence"
        folder.mkdir(exist_ok=True)
        for s in pics:
            save_picture(s, folder)
    return truth


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="云溪市 held-out complaint export generator")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--no-pictures", action="store_true")
    a = ap.parse_args(argv)
    truth = generate(a.out_dir, a.seed, a.rows, pictures=not a.no_pictures)
    n_s = sum(len(v["complaint_ids"]) for v in truth["schemes"].values())
    n_t = sum(len(v["complaint_ids"]) for v in truth["traps"].values())
    print(
        f"{a.rows} rows, {len(truth['schemes'])} scheme groups ({n_s} rows), {len(truth['traps'])} trap groups "
        f"({n_t} rows), encoding {truth['encoding']} -> {a.out_dir}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
