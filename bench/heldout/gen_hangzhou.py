"""Held-out complaint export shaped like a Hangzhou market-regulation bureau's 12315 ledger (issue 12).

Written independently of the claims engine and of its own generator, to measure the model on data it
was never tuned on: many small merchants, long complaint texts, many channels, dates mostly written
as 2024年3月5日, GBK files for odd seeds, evidence pictures drawn from scratch. The answer key
(``truth.json``) lists every fraudulent group (scheme) and every genuine group that must not be
flagged (trap); all other rows are ordinary background complaints.

    .venv/bin/python bench/heldout/gen_hangzhou.py OUT_DIR --seed 7 --rows 10000 [--no-pictures]
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import io
import json
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

NAME = "gen_hangzhou"
START = dt.datetime(2024, 1, 1)
END = dt.datetime(2025, 6, 30, 22, 0)
SPAN_DAYS = (END - START).days

COLUMNS = [
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
    "purchase_date",
    "purchase_quantity",
    "purchase_amount",
    "claim_amount",
    "legal_basis",
    "text",
    "evidence_files",
    "outcome",
    "compensation_amount",
    "closed_at",
    # Not read by Jingqi; present because the bureau's export has them.
    "handling_unit",
    "complaint_type",
]

# ----------------------------------------------------------------------------- places

HZ = [  # area code, district, streets, roads
    (
        "330102",
        "上城区",
        ["湖滨", "清波", "小营", "望江", "紫阳", "四季青", "采荷"],
        ["解放路", "庆春路", "延安路", "秋涛路", "凤起东路", "望江东路", "江城路"],
    ),
    (
        "330105",
        "拱墅区",
        ["米市巷", "湖墅", "小河", "大关", "祥符", "上塘"],
        ["莫干山路", "湖墅南路", "大关路", "上塘路", "丽水路", "小河路"],
    ),
    (
        "330106",
        "西湖区",
        ["文新", "翠苑", "古荡", "北山", "西溪", "转塘", "蒋村"],
        ["文三路", "文二西路", "古墩路", "天目山路", "教工路", "学院路", "紫金港路"],
    ),
    ("330108", "滨江区", ["西兴", "长河", "浦沿"], ["江南大道", "滨盛路", "江陵路", "网商路", "长河路"]),
    (
        "330109",
        "萧山区",
        ["城厢", "北干", "新塘", "宁围", "闻堰"],
        ["人民路", "市心中路", "金城路", "通惠中路", "山阴路"],
    ),
    (
        "330110",
        "余杭区",
        ["五常", "仓前", "闲林", "良渚", "余杭"],
        ["文一西路", "五常大道", "良渚大道", "余杭塘路", "荆长路"],
    ),
    ("330111", "富阳区", ["富春", "东洲", "银湖"], ["桂花路", "金桥北路", "江滨西大道"]),
    ("330112", "临安区", ["锦城", "玲珑", "青山湖"], ["钱王大街", "衣锦街", "苕溪北街"]),
    ("330113", "临平区", ["临平", "南苑", "东湖", "乔司"], ["迎宾路", "世纪大道", "藕花洲大街"]),
    (
        "330114",
        "钱塘区",
        ["下沙", "白杨", "河庄", "义蓬"],
        ["学林街", "文泽路", "金沙大道", "6号大街", "11号大街", "江东大道"],
    ),
    ("330122", "桐庐县", ["桐君", "城南"], ["迎春南路", "白云源路"]),
    ("330127", "淳安县", ["千岛湖"], ["新安大街", "环湖北路"]),
    ("330182", "建德市", ["新安江", "洋溪"], ["新安路", "严州大道"]),
]
HZ_W = [12, 12, 16, 9, 11, 14, 5, 3, 7, 7, 2, 1, 1]
HZ_BY_CODE = {h[0]: h for h in HZ}

REGIONS = {  # area code -> province, city, district (outside Hangzhou)
    "330203": ("浙江省", "宁波市", "海曙区"),
    "330212": ("浙江省", "宁波市", "鄞州区"),
    "330302": ("浙江省", "温州市", "鹿城区"),
    "330381": ("浙江省", "温州市", "瑞安市"),
    "330402": ("浙江省", "嘉兴市", "南湖区"),
    "330502": ("浙江省", "湖州市", "吴兴区"),
    "330602": ("浙江省", "绍兴市", "越城区"),
    "330683": ("浙江省", "绍兴市", "嵊州市"),
    "330702": ("浙江省", "金华市", "婺城区"),
    "330782": ("浙江省", "金华市", "义乌市"),
    "330802": ("浙江省", "衢州市", "柯城区"),
    "331002": ("浙江省", "台州市", "椒江区"),
    "331102": ("浙江省", "丽水市", "莲都区"),
    "110105": ("北京市", "北京市", "朝阳区"),
    "310115": ("上海市", "上海市", "浦东新区"),
    "320106": ("江苏省", "南京市", "鼓楼区"),
    "320583": ("江苏省", "苏州市", "昆山市"),
    "340104": ("安徽省", "合肥市", "蜀山区"),
    "341802": ("安徽省", "宣城市", "宣州区"),
    "350203": ("福建省", "厦门市", "思明区"),
    "350583": ("福建省", "泉州市", "南安市"),
    "350582": ("福建省", "泉州市", "晋江市"),
    "350521": ("福建省", "泉州市", "惠安县"),
    "360702": ("江西省", "赣州市", "章贡区"),
    "360703": ("江西省", "赣州市", "南康区"),
    "361002": ("江西省", "抚州市", "临川区"),
    "370102": ("山东省", "济南市", "历下区"),
    "371302": ("山东省", "临沂市", "兰山区"),
    "410105": ("河南省", "郑州市", "金水区"),
    "411302": ("河南省", "南阳市", "宛城区"),
    "411381": ("河南省", "南阳市", "邓州市"),
    "420106": ("湖北省", "武汉市", "武昌区"),
    "421281": ("湖北省", "咸宁市", "赤壁市"),
    "430104": ("湖南省", "长沙市", "岳麓区"),
    "430223": ("湖南省", "株洲市", "攸县"),
    "431002": ("湖南省", "郴州市", "北湖区"),
    "431003": ("湖南省", "郴州市", "苏仙区"),
    "431081": ("湖南省", "郴州市", "资兴市"),
    "440106": ("广东省", "广州市", "天河区"),
    "440304": ("广东省", "深圳市", "福田区"),
    "441302": ("广东省", "惠州市", "惠城区"),
    "450103": ("广西壮族自治区", "南宁市", "青秀区"),
    "500103": ("重庆市", "重庆市", "渝中区"),
    "510107": ("四川省", "成都市", "武侯区"),
    "511902": ("四川省", "巴中市", "巴州区"),
    "511921": ("四川省", "巴中市", "通江县"),
    "511923": ("四川省", "巴中市", "平昌县"),
    "520302": ("贵州省", "遵义市", "红花岗区"),
    "530102": ("云南省", "昆明市", "五华区"),
    "610113": ("陕西省", "西安市", "雁塔区"),
    "620102": ("甘肃省", "兰州市", "城关区"),
    "230102": ("黑龙江省", "哈尔滨市", "道里区"),
    "220104": ("吉林省", "长春市", "朝阳区"),
    "210102": ("辽宁省", "沈阳市", "和平区"),
    "130102": ("河北省", "石家庄市", "长安区"),
    "140105": ("山西省", "太原市", "小店区"),
}
ZJ_OTHER = [c for c in REGIONS if c.startswith("33")]
CN_OTHER = [c for c in REGIONS if not c.startswith("33")]
# Home prefectures of the regional gangs (and of the fellow-villagers in a factory dormitory).
CLUSTERS = [
    ["431002", "431003", "431081"],
    ["411302", "411381"],
    ["360702", "360703"],
    ["350583", "350582", "350521"],
    ["511902", "511921", "511923"],
]

XQ_A = [
    "金色",
    "阳光",
    "翡翠",
    "碧水",
    "和睦",
    "星洲",
    "云栖",
    "紫金",
    "锦绣",
    "春江",
    "滨江",
    "绿园",
    "西溪",
    "桂花",
    "丹枫",
    "青枫",
    "湖畔",
    "东方",
    "望江",
    "朝晖",
    "翠苑",
    "古荡",
    "德胜",
    "三墩",
]
XQ_B = ["花园", "家园", "新村", "公寓", "苑", "府", "名邸", "城", "小区", "嘉园", "一区", "二区", "三区"]
TOWNS = ["城关", "新市", "长乐", "太平", "青山", "石桥", "白沙", "龙潭", "桥头", "马坪", "高亭", "五里"]
VILLAGES = ["新联", "红星", "大田", "枫树", "前进", "和平", "上坪", "下湾", "观音", "石门", "桃源", "杨家"]
ROADS = ["人民路", "解放路", "建设路", "中山路", "新华路", "五一路", "胜利路", "文化路", "东风路", "朝阳路"]
MALLS = ["银泰", "万象汇", "龙湖天街", "印象城", "大悦城", "宝龙广场", "万达广场", "来福士"]

# ----------------------------------------------------------------------------- people

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚"
    "邵万钱严覃武戴莫孔向汤楼俞应裘"
)
SURNAME_W = [max(1.0, 60.0 / (i + 1) ** 0.8) for i in range(len(SURNAMES))]
GIVEN_F = "芳娟敏静丽艳娜霞秀英玲华红梅琳婷雪慧颖倩佳欣怡雅晴萍燕莉洁兰琴丹悦瑶璐蓉素凤月"
GIVEN_M = "伟强磊军勇杰涛明超斌浩鹏辉刚建国平俊峰宇亮波飞凯鑫晨阳坤龙海林东志文荣福根"

MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "134",
    "135",
    "136",
    "137",
    "138",
    "139",
    "147",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "173",
    "175",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "183",
    "184",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "198",
    "199",
]
BANKS = [
    ("工商银行", "622202"),
    ("工商银行", "621226"),
    ("建设银行", "621700"),
    ("农业银行", "622848"),
    ("中国银行", "621661"),
    ("招商银行", "622588"),
    ("邮储银行", "621799"),
    ("杭州银行", "621059"),
    ("浙江农商银行", "623091"),
    ("交通银行", "622262"),
]

# ----------------------------------------------------------------------------- merchants and products

# kind -> (weight, [(registered-name pattern, signboard patterns, products sold or None for all)])
MERCHANT_KINDS = {
    "supermarket": (
        16,
        [
            ("杭州{b}超市有限公司", ["{b}超市", "{b}生鲜超市"], None),
            ("杭州{b}商贸有限公司", ["{b}超市", "{b}便利店"], None),
            ("杭州市{d}{o}便利店（个体工商户）", ["{s}记便利店", "{b}便利店"], None),
            ("浙江{b}连锁超市有限公司{r}店", ["{b}超市", "{b}生活超市"], None),
        ],
    ),
    "catering": (
        20,
        [
            (
                "杭州市{d}{o}小吃店（个体工商户）",
                ["{s}记小吃", "{b}小吃"],
                ["小笼包", "麻辣烫", "卤味拼盘", "外卖套餐"],
            ),
            ("杭州{b}餐饮管理有限公司", ["{b}酸菜鱼", "{b}烤肉", "{b}餐厅"], ["酸菜鱼", "烧烤", "自助餐", "外卖套餐"]),
            ("杭州{b}餐饮有限公司{r}分店", ["{b}茶饮", "{b}烘焙"], ["奶茶", "生日蛋糕"]),
            ("杭州市{d}{b}面馆（个体工商户）", ["{b}面馆", "{s}记面馆"], ["牛肉面", "小笼包", "外卖套餐"]),
        ],
    ),
    "fresh": (
        7,
        [
            ("杭州市{d}{o}水果店（个体工商户）", ["{s}记水果", "{b}鲜果"], ["车厘子", "草莓"]),
            ("杭州{b}农产品有限公司", ["{b}生鲜", "{b}鲜丰"], None),
        ],
    ),
    "pharmacy": (
        6,
        [
            ("杭州{b}大药房有限公司", ["{b}大药房", "{b}药店"], None),
            ("杭州{b}健康科技有限公司", ["{b}养生馆", "{b}健康体验中心"], ["保健品", "艾灸贴", "减肥茶"]),
            ("杭州{b}生物科技有限公司", ["{b}健康体验中心"], ["保健品", "蛋白粉"]),
        ],
    ),
    "clothing": (
        8,
        [
            ("杭州{b}服饰有限公司", ["{b}服饰", "{b}女装"], None),
            ("杭州市{d}{o}鞋店（个体工商户）", ["{b}鞋业", "{s}记鞋店"], ["运动鞋"]),
        ],
    ),
    "digital": (
        7,
        [("杭州{b}电子科技有限公司", ["{b}数码"], None), ("杭州{b}通讯器材有限公司", ["{b}手机店", "{b}通讯"], None)],
    ),
    "prepaid": (
        10,
        [
            ("杭州{b}美容美发有限公司", ["{b}美发", "{b}美容会所"], ["美容美发会员卡"]),
            ("杭州{b}健身管理有限公司", ["{b}健身", "{b}游泳健身"], ["健身年卡", "游泳卡"]),
            ("杭州{b}教育科技有限公司", ["{b}英语", "{b}早教中心"], ["少儿英语课程", "早教课程"]),
            ("杭州市{d}{b}洗车店（个体工商户）", ["{b}洗车", "{b}汽车美容"], ["洗车卡"]),
        ],
    ),
    "home": (
        6,
        [
            ("杭州{b}电器有限公司", ["{b}电器"], ["空调", "热水器", "燃气灶"]),
            ("杭州{b}装饰工程有限公司", ["{b}装饰"], ["全屋装修"]),
            ("杭州{b}家居有限公司", ["{b}全屋定制", "{b}家居"], ["定制衣柜"]),
        ],
    ),
    "auto": (
        4,
        [
            ("杭州{b}汽车销售服务有限公司", ["{b}汽车"], ["二手车", "汽车保养"]),
            ("杭州{b}二手车经纪有限公司", ["{b}二手车"], ["二手车"]),
            ("杭州市{d}{b}汽车维修部（个体工商户）", ["{b}汽修"], ["汽车保养", "汽车维修"]),
        ],
    ),
    "online": (
        16,
        [
            ("杭州{b}电子商务有限公司", ["{b}旗舰店", "{b}官方店"], None),
            ("杭州{b}网络科技有限公司", ["{b}优选", "{b}好物"], None),
            ("杭州{b}文化传媒有限公司", ["{b}直播间"], None),
        ],
    ),
}
BRAND_CH = (
    "鑫源嘉禾百味鲜多悦购优恒达瑞丰木品汇聚隆盛美佳新和顺康宁泰华金玉翠青蓝星辰云溪湖钱潮锦绣乐享尚"
    "易速捷安福喜益民家邻里"
)

# kind -> list of (product, unit, low price, high price, problems, physical?)
PRODUCTS = {
    "supermarket": [
        ("进口曲奇饼干", "盒", 29, 89, ["expired", "no_cn_label", "label_defect", "foreign_object"]),
        ("纯牛奶", "箱", 45, 79, ["expired", "spoiled"]),
        ("酸奶", "杯", 5, 15, ["expired", "spoiled"]),
        ("速冻水饺", "袋", 18, 39, ["expired", "spoiled", "foreign_object"]),
        ("火腿肠", "包", 9, 25, ["expired", "label_defect"]),
        ("进口红酒", "瓶", 68, 398, ["no_cn_label", "label_defect", "counterfeit"]),
        ("土蜂蜜", "瓶", 39, 168, ["label_defect", "counterfeit"]),
        ("坚果礼盒", "盒", 88, 268, ["expired", "spoiled", "short_weight"]),
        ("橄榄油", "瓶", 69, 159, ["no_cn_label", "label_defect"]),
        ("方便面", "箱", 35, 59, ["expired"]),
        ("进口巧克力", "盒", 49, 199, ["no_cn_label", "expired"]),
        ("面包", "个", 6, 18, ["expired", "spoiled", "foreign_object"]),
        ("鸡蛋", "盒", 15, 35, ["spoiled", "price_fraud"]),
        ("东北大米", "袋", 39, 99, ["short_weight", "foreign_object"]),
    ],
    "catering": [
        ("外卖套餐", "份", 18, 58, ["foreign_object", "spoiled", "food_poisoning", "service"]),
        ("小笼包", "笼", 12, 28, ["foreign_object", "spoiled"]),
        ("牛肉面", "碗", 18, 38, ["foreign_object", "service"]),
        ("烧烤", "份", 60, 260, ["food_poisoning", "price_fraud", "service"]),
        ("奶茶", "杯", 12, 28, ["foreign_object", "service"]),
        ("生日蛋糕", "个", 128, 398, ["spoiled", "foreign_object", "service"]),
        ("麻辣烫", "份", 20, 45, ["foreign_object", "food_poisoning"]),
        ("酸菜鱼", "份", 58, 128, ["foreign_object", "price_fraud"]),
        ("自助餐", "位", 98, 198, ["price_fraud", "service", "food_poisoning"]),
        ("卤味拼盘", "份", 35, 88, ["spoiled", "short_weight"]),
    ],
    "fresh": [
        ("车厘子", "斤", 39, 128, ["short_weight", "spoiled"]),
        ("草莓", "盒", 25, 69, ["spoiled", "short_weight"]),
        ("大闸蟹礼券", "张", 298, 998, ["counterfeit", "short_weight", "refuse_return"]),
        ("活虾", "斤", 45, 98, ["short_weight", "spoiled"]),
        ("猪肉", "斤", 15, 32, ["short_weight", "spoiled", "price_fraud"]),
    ],
    "pharmacy": [
        ("保健品", "盒", 198, 2980, ["health_claim", "false_ad"]),
        ("蛋白粉", "罐", 168, 598, ["health_claim", "counterfeit"]),
        ("减肥茶", "盒", 98, 398, ["health_claim", "false_ad"]),
        ("艾灸贴", "盒", 39, 129, ["health_claim", "false_ad"]),
        ("电子血压计", "台", 128, 399, ["quality", "refuse_return"]),
    ],
    "clothing": [
        ("羽绒服", "件", 299, 1599, ["quality", "false_ad", "refuse_return"]),
        ("运动鞋", "双", 199, 899, ["quality", "counterfeit", "refuse_return"]),
        ("连衣裙", "件", 129, 499, ["quality", "refuse_return"]),
        ("羊毛大衣", "件", 499, 2399, ["false_ad", "quality"]),
    ],
    "digital": [
        ("蓝牙耳机", "副", 99, 999, ["quality", "counterfeit", "refuse_return"]),
        ("充电宝", "个", 59, 199, ["quality", "refuse_return"]),
        ("手机", "台", 999, 6999, ["quality", "counterfeit", "false_ad"]),
        ("平板电脑", "台", 1299, 4999, ["quality", "false_ad"]),
        ("扫地机器人", "台", 899, 2999, ["quality", "refuse_return"]),
    ],
    "prepaid": [
        ("美容美发会员卡", "张", 500, 10000, ["prepaid_closed", "prepaid_refund", "service"]),
        ("健身年卡", "张", 1200, 4800, ["prepaid_closed", "prepaid_refund"]),
        ("少儿英语课程", "期", 3800, 16800, ["prepaid_refund", "prepaid_closed"]),
        ("洗车卡", "张", 300, 1000, ["prepaid_closed"]),
        ("游泳卡", "张", 800, 2400, ["prepaid_closed", "prepaid_refund"]),
        ("早教课程", "期", 4800, 12800, ["prepaid_refund", "prepaid_closed"]),
    ],
    "home": [
        ("空调", "台", 2499, 6999, ["quality", "delay"]),
        ("热水器", "台", 999, 3999, ["quality", "delay"]),
        ("定制衣柜", "套", 6800, 32000, ["delay", "quality"]),
        ("全屋装修", "项", 30000, 180000, ["delay", "quality"]),
        ("燃气灶", "台", 699, 2599, ["quality"]),
    ],
    "auto": [
        ("二手车", "辆", 38000, 168000, ["hidden_accident", "false_ad"]),
        ("汽车保养", "次", 380, 2600, ["overcharge_repair"]),
        ("汽车维修", "次", 500, 8800, ["overcharge_repair", "quality"]),
    ],
    "online": [
        ("面膜", "盒", 59, 299, ["counterfeit", "false_ad", "refuse_return"]),
        ("口红", "支", 89, 399, ["counterfeit", "refuse_return"]),
        ("龙井茶叶", "罐", 128, 1280, ["false_ad", "label_defect", "counterfeit"]),
        ("即食燕窝", "盒", 298, 2980, ["false_ad", "counterfeit", "label_defect", "health_claim"]),
        ("儿童玩具", "个", 39, 299, ["quality", "refuse_return", "not_shipped"]),
        ("床上四件套", "套", 199, 899, ["false_ad", "quality", "not_shipped"]),
        ("进口奶粉", "罐", 198, 468, ["no_cn_label", "expired", "counterfeit"]),
    ],
}
FOOD_KINDS = {"supermarket", "catering", "fresh"}
PLATFORMS = ["淘宝", "抖音直播间", "拼多多", "京东", "美团", "饿了么", "微信小程序", "快手直播间", "小红书"]

# Unusual outcome labels are data: the bureau's systems use them.
OUTCOMES_BG = [
    ("调解成功", 15),
    ("已调解", 5),
    ("已赔偿", 6),
    ("部分赔偿", 6),
    ("已办结", 12),
    ("终止调解", 9),
    ("调解不成", 7),
    ("不予受理", 4),
    ("撤回", 3),
    ("已撤回", 2),
    ("处理中", 6),
    ("待处理", 3),
    ("", 8),
    ("转办", 2),
    ("已转执法", 1),
    ("中止调解", 1),
]
CHANNELS_BG = [
    ("12315平台", 44),
    ("12345热线", 20),
    ("电话", 7),
    ("网络", 6),
    ("消费者协会", 7),
    ("举报", 6),
    ("信访", 3),
    ("行政复议", 1),
    ("法院诉讼", 1),
]
CHANNEL_VARIANTS = {
    "12315平台": ["12315平台"] * 9 + ["全国12315平台", "12315 平台", "12315互联网平台"],
    "12345热线": ["12345热线"] * 6 + ["12345政务服务热线", "市长热线12345"],
    "消费者协会": ["消费者协会"] * 4 + ["消保委", "杭州市消保委"],
    "电话": ["电话"] * 3 + ["12315热线电话"],
    "网络": ["网络"] * 3 + ["网络（微信公众号）"],
    "举报": ["举报"] * 5 + ["举报（12315平台）"],
    "信访": ["信访"],
    "行政复议": ["行政复议"],
    "法院诉讼": ["法院诉讼"] * 3 + ["诉讼"],
}
CHANNEL_PREFIX = {
    "12315平台": "TS",
    "12345热线": "RX",
    "电话": "DH",
    "网络": "WL",
    "消费者协会": "XB",
    "举报": "JB",
    "信访": "XF",
    "行政复议": "FY",
    "法院诉讼": "SS",
}
HOTLINE = {"12345热线", "电话"}

# ----------------------------------------------------------------------------- identifiers

_ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_C = "10X98765432"
_USCC_CH = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
_ORG_W = [3, 7, 9, 10, 5, 8, 4, 2]


def id_check(body17: str) -> str:
    return _ID_C[sum(int(a) * b for a, b in zip(body17, _ID_W, strict=True)) % 11]


def uscc_code(r: random.Random, area: str, individual: bool) -> str:
    org8 = "MA" + "".join(r.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(6))
    s = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(org8, _ORG_W, strict=True))
    c9 = 11 - s % 11
    org9 = org8 + ("X" if c9 == 10 else "0" if c9 == 11 else str(c9))
    body = ("92" if individual else "91") + area + org9
    c = 31 - sum(_USCC_CH.index(ch) * w for ch, w in zip(body, _USCC_W, strict=True)) % 31
    return body + _USCC_CH[0 if c == 31 else c]


def luhn_card(r: random.Random, bin6: str, length: int) -> str:
    body = bin6 + "".join(str(r.randrange(10)) for _ in range(length - 7))
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return body + str((10 - total % 10) % 10)


# ----------------------------------------------------------------------------- cell and text noise

FW = str.maketrans(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-",
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ－",
)
FW_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_TRAD_PAIRS = (
    "买買 卖賣 东東 问問 题題 赔賠 偿償 质質 过過 费費 权權 护護 条條 规規 货貨 购購 发發 现現 "
    "产產 这這 个個 们們 说說 时時 后後 还還 为為 对對 没沒 应應 该該 处處 诉訴 请請 贵貴 与與 "
    "钱錢 给給 开開 关關 标標 签簽 国國 际際 务務 经經 营營 销銷 检檢 验驗 监監 电電 话話 联聯 "
    "让讓 实實 态態 极極 车車 门門 长長 单單 张張 号號 网網 络絡 订訂 邮郵 运運 饮飲 录錄 证證 "
    "据據 图圖 频頻 虫蟲 头頭 员員 机機 认認 记記 设設 计計 觉覺 种種 样樣 欢歡 几幾 万萬 两兩 "
    "烧燒 饭飯 馆館 鱼魚 鸡雞 蛋蛋 面麵 干乾 汤湯 杂雜 卫衛 坏壞 厂廠 药藥 医醫 疗療 险險 务務 "
    "绝絕 虚虛 伪偽 传傳 违違 责責 轻輕 严嚴 难難 杭杭 区區 县縣 街街 园園 楼樓 层層 乐樂 华華 "
    "丽麗 红紅 兰蘭 凤鳳 莲蓮 宁寧 庆慶 广廣 汇匯 赵趙 刘劉 陈陳 杨楊 黄黃 吴吳 孙孫 冯馮 邓鄧 "
    "叶葉 苏蘇 吕呂 卢盧 钟鍾 谭譚 陆陸 贾賈 韦韋 邹鄒 龙龍 顾顧 龚龔 钱錢 严嚴 汤湯 协協 调調 "
    "解解 损損 害害 欺欺 骗騙 罚罰 举舉 报報 复復 议議 讼訟 书書 写寫 将將 进進 并並 于於 们們 "
    "从從 饼餅 奶奶 层層 装裝 盒盒 饰飾 鞋鞋 线線 屏屏 换換 维維 修修 带帶 边邊 见見 觉覺 爱愛 "
    "压壓 糖糖 效效 疗療 刚剛 尽盡 补補 满滿 亲親 儿兒 孙孫 优優 惠惠 价價 额額 余餘 剩剩 务務 "
    "会會 员員 课課 师師 级級 馈饋 视視 岁歲"
)
TRAD = str.maketrans({p[0]: p[1] for p in _TRAD_PAIRS.split() if p[0] != p[1]})
TYPOS = [
    ("的", "得"),
    ("在", "再"),
    ("已经", "以经"),
    ("反映", "反应"),
    ("赔偿", "陪偿"),
    ("账户", "帐户"),
    ("部分", "不分"),
    ("保质期", "保值期"),
    ("生产日期", "生产曰期"),
    ("投诉", "投述"),
    ("消费者", "消废者"),
    ("商家", "商加"),
    ("退款", "退欵"),
    ("已", "以"),
    ("做", "作"),
    ("配料", "配科"),
    ("协商", "协调"),
    ("购买", "够买"),
    ("发现", "发觉"),
    ("要求", "邀求"),
]


def to_trad(text: str) -> str:
    return text.translate(TRAD)


def add_typos(r: random.Random, text: str, k: int) -> str:
    for _ in range(k):
        right, wrong = r.choice(TYPOS)
        i = text.find(right, r.randrange(max(1, len(text))))
        if i < 0:
            i = text.find(right)
        if i >= 0:
            text = text[:i] + wrong + text[i + len(right) :]
    return text


def phone_in_text(r: random.Random, phone: str) -> str:
    """A mobile number as people type it inside a complaint."""
    style = r.random()
    if style < 0.3:
        out = phone
    elif style < 0.5:
        out = f"{phone[:3]} {phone[3:7]} {phone[7:]}"
    elif style < 0.65:
        out = f"{phone[:3]}-{phone[3:7]}-{phone[7:]}"
    elif style < 0.75:
        out = f"+86 {phone}"
    elif style < 0.83:
        out = f"{phone[:3]} - {phone[3:7]} - {phone[7:]}"
    else:
        out = f"0086{phone}" if r.random() < 0.5 else f"{phone[:7]} {phone[7:]}"
    if r.random() < 0.3:
        out = out.translate(FW)
    return out


def card_in_text(r: random.Random, card: str) -> str:
    style = r.random()
    if style < 0.35:
        out = card
    elif style < 0.65:
        out = " ".join(card[i : i + 4] for i in range(0, len(card), 4))
    elif style < 0.8:
        out = "-".join(card[i : i + 4] for i in range(0, len(card), 4))
    else:
        out = f"{card[:6]} {card[6:]}"
    if r.random() < 0.3:
        out = out.translate(FW)
    return out


def money(x: float) -> str:
    return f"{x:.0f}" if abs(x - round(x)) < 1e-9 else f"{x:.2f}".rstrip("0").rstrip(".")


def cn_date(d: dt.date, r: random.Random | None = None) -> str:
    if r is not None:
        u = r.random()
        if u < 0.15:
            return f"{d.month}月{d.day}日"
        if u < 0.22:
            return f"{d.year}.{d.month}.{d.day}"
    return f"{d.year}年{d.month}月{d.day}日"


# ----------------------------------------------------------------------------- entities


@dataclass
class Person:
    name: str
    idno: str  # 18 characters, valid check digit; "" when the person never gives one
    phone: str  # 11-digit mobile or a 0571 landline
    address: str
    region: str  # area code of the ID number
    female: bool

    @property
    def title(self) -> str:
        return self.name[0] + ("女士" if self.female else "先生")


@dataclass
class Merchant:
    reg: str
    sign: str
    uscc: str
    kind: str
    district: str
    street: str
    addr: str
    owner_phone: str
    branch: str = ""
    products: list = field(default_factory=list)


@dataclass
class Pic:
    spec: tuple | None  # None: named in the export, missing from the folder
    ext: str
    taken: dt.datetime
    style: str
    quality: int = 85
    name: str = ""


@dataclass
class Row:
    received: dt.datetime
    channel: str
    person: Person
    merchant: Merchant
    product: str
    text: str
    name: str | None = None
    phone: str | None = None
    idno: str | None = None
    address: str | None = None
    mdisp: str | None = None  # reg / sign / sign_branch; None: chosen when the cell is written
    uscc: bool | None = None
    pdate: dt.date | None = None
    qty: int | None = None
    amount: float | None = None
    claim: float | None = None
    law: str = ""
    pics: list = field(default_factory=list)
    outcome: str = ""
    comp: float | None = None
    closed: dt.datetime | None = None
    group: tuple | None = None  # ("schemes" | "traps", group id)
    broken: str = ""
    cid: str = ""
    problem: str = ""


class World:
    """Everything drawn for one seed: people, merchants, rows, pictures."""

    def __init__(self, seed: int, rows: int):
        self.seed = seed
        self.r = random.Random(seed)
        self.rows_target = rows
        self.used_ids: set[str] = set()
        self.used_phones: set[str] = set()
        self.used_brands: set[str] = set()
        self.blocks: dict[str, list[str]] = {}
        self.designs: dict[tuple, int] = {}
        self.rows: list[Row] = []
        self.groups = {"schemes": {}, "traps": {}}
        self.counters: dict[str, int] = {}
        # Seasonal weights of the days: 3·15, 6·18, 11·11 and after the Spring Festival.
        weights = []
        for i in range(SPAN_DAYS + 1):
            d = START.date() + dt.timedelta(days=i)
            w = 1.0
            if (d.month, d.day) >= (11, 11) and (d.month, d.day) <= (11, 25):
                w = 1.8
            elif d.month == 3 and 10 <= d.day <= 20:
                w = 1.5
            elif (
                (d.month == 6 and 16 <= d.day <= 25)
                or dt.date(2024, 2, 17) <= d <= dt.date(2024, 3, 5)
                or dt.date(2025, 2, 5) <= d <= dt.date(2025, 2, 25)
            ):
                w = 1.3
            if d.weekday() >= 5:
                w *= 0.8
            weights.append(w)
        self.day_cum = list(np.cumsum(weights))
        n_merchants = max(80, rows // 5)
        kinds = list(MERCHANT_KINDS)
        kw = [MERCHANT_KINDS[k][0] for k in kinds]  # weights
        self.merchants = [self.merchant(self.r.choices(kinds, kw)[0]) for _ in range(n_merchants)]
        # Zipf-like popularity: a few chains and live-stream shops draw many complaints.
        self.m_cum = list(np.cumsum([1.0 / (i + 3) ** 0.9 for i in range(n_merchants)]))

    # -- small draws
    def gid(self, kind: str) -> str:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return f"{kind}-{self.counters[kind]:02d}"

    def day(self, lo: dt.datetime = START, hi: dt.datetime = END) -> dt.datetime:
        a = max(0, (lo - START).days)
        b = min(SPAN_DAYS, (hi - START).days)
        lo_c = self.day_cum[a - 1] if a else 0.0
        x = lo_c + self.r.random() * (self.day_cum[b] - lo_c)
        i = min(bisect.bisect_left(self.day_cum, x), SPAN_DAYS)
        return START + dt.timedelta(days=i)

    def at(self, day: dt.datetime, hotline: bool = False) -> dt.datetime:
        r = self.r
        if hotline:
            minutes = r.randint(8 * 60 + 30, 21 * 60)
        else:
            hour = r.choices(
                range(24), [1, 1, 0.5, 0.3, 0.3, 0.5, 1, 3, 6, 8, 9, 9, 7, 7, 8, 8, 8, 7, 6, 7, 9, 9, 6, 3]
            )[0]
            minutes = hour * 60 + r.randrange(60)
        return dt.datetime(day.year, day.month, day.day) + dt.timedelta(minutes=minutes, seconds=r.randrange(60))

    def popular_merchant(self, kinds: set[str] | None = None) -> Merchant:
        for _ in range(50):
            x = self.r.random() * self.m_cum[-1]
            m = self.merchants[bisect.bisect_left(self.m_cum, x)]
            if kinds is None or m.kind in kinds:
                return m
        return self.merchant(self.r.choice(sorted(kinds)) if kinds else "supermarket")

    def any_merchant(self, kinds: set[str] | None = None) -> Merchant:
        for _ in range(50):
            m = self.r.choice(self.merchants)
            if kinds is None or m.kind in kinds:
                return m
        return self.merchant(self.r.choice(sorted(kinds)) if kinds else "supermarket")

    def fitting(self, kinds: set[str], problems: set[str], popular: bool = False) -> Merchant:
        """A shop of one of the kinds that sells something with one of the problems."""
        for _ in range(60):
            m = self.popular_merchant(kinds) if popular else self.any_merchant(kinds)
            if any(problems & set(p[4]) for p in m.products or PRODUCTS[m.kind]):
                return m
        return self.merchant(sorted(kinds)[0])

    def product(self, m: Merchant, problems: set[str] | None = None) -> tuple:
        options = m.products or PRODUCTS[m.kind]
        if problems:
            fit = [p for p in options if problems & set(p[4])]
            options = fit or options
        return self.r.choice(options)

    def design(self, m: Merchant, product: str) -> int:
        key = (m.reg, product)
        if key not in self.designs:
            self.designs[key] = self.r.getrandbits(31)
        return self.designs[key]

    # -- people
    def given(self, female: bool) -> str:
        pool = GIVEN_F if female else GIVEN_M
        if self.r.random() < 0.28:
            return self.r.choice(pool)
        return self.r.choice(pool) + self.r.choice(pool if self.r.random() < 0.8 else GIVEN_F + GIVEN_M)

    def surname(self) -> str:
        return self.r.choices(SURNAMES, SURNAME_W)[0]

    def id_number(self, region: str, female: bool, age: tuple[int, int] = (18, 76)) -> str:
        r = self.r
        while True:
            year = END.year - r.randint(*age)
            birth = dt.date(year, 1, 1) + dt.timedelta(days=r.randrange(365))
            seq = f"{r.randrange(100):02d}{r.choice('02468' if female else '13579')}"
            body = f"{region}{birth:%Y%m%d}{seq}"
            idno = body + id_check(body)
            if idno not in self.used_ids:
                self.used_ids.add(idno)
                return idno

    def block(self, region: str) -> str:
        """A 7-digit mobile number block (号段) in use in the region."""
        key = "hz" if region.startswith("3301") else region
        if key not in self.blocks:
            n = 260 if key == "hz" else 14
            self.blocks[key] = [self.r.choice(MOBILE_PREFIXES) + f"{self.r.randrange(10000):04d}" for _ in range(n)]
        return self.r.choice(self.blocks[key])

    def mobile(self, region: str | None = None, block: str | None = None, tail: tuple[int, int] | None = None) -> str:
        for _ in range(200):
            if block is None:
                b = (
                    self.block(region)
                    if region and self.r.random() < 0.75
                    else (self.r.choice(MOBILE_PREFIXES) + f"{self.r.randrange(10000):04d}")
                )
            else:
                b = block
            if tail:
                rest = f"{self.r.randint(*tail):0{11 - len(b)}d}"
            else:
                rest = "".join(str(self.r.randrange(10)) for _ in range(11 - len(b)))
            phone = b + rest
            if phone not in self.used_phones:
                self.used_phones.add(phone)
                return phone
        raise RuntimeError("phone space exhausted")

    def landline(self) -> str:
        while True:
            phone = f"0571-8{self.r.randrange(10**7):07d}"
            if phone not in self.used_phones:
                self.used_phones.add(phone)
                return phone

    def card(self) -> tuple[str, str]:
        bank, bin6 = self.r.choice(BANKS)
        return bank, luhn_card(self.r, bin6, self.r.choice([16, 19, 19]))

    def hz_address(self, code: str | None = None, xq: str | None = None) -> str:
        r = self.r
        h = HZ_BY_CODE[code] if code else r.choices(HZ, HZ_W)[0]
        road = r.choice(h[3])
        if xq is None:
            xq = r.choice(XQ_A) + r.choice(XQ_B)
        style = r.random()
        head = ("浙江省杭州市" if r.random() < 0.3 else "杭州市" if r.random() < 0.8 else "") + h[1]
        if style < 0.45:
            room = f"{r.randint(1, 28)}0{r.randint(1, 4)}"
            return f"{head}{r.choice(h[2])}街道{xq}{r.randint(1, 30)}幢{r.randint(1, 4)}单元{room}室"
        if style < 0.75:
            room = f"{r.randint(1, 28)}0{r.randint(1, 4)}"
            return f"{head}{road}{r.randint(1, 900)}号{xq}{r.randint(1, 30)}-{r.randint(1, 4)}-{room}"
        if style < 0.9:
            return f"{head}{xq}{r.randint(1, 30)}幢{r.randint(101, 2804)}"
        return f"{h[1]}{road}{r.randint(1, 900)}号"

    def far_address(self, code: str) -> str:
        r = self.r
        prov, city, dist = REGIONS[code]
        head = (prov if prov != city else "") + city + dist
        if r.random() < 0.45:
            return f"{head}{r.choice(TOWNS)}镇{r.choice(VILLAGES)}村{r.randint(1, 12)}组{r.randint(1, 99)}号"
        xq = r.choice(XQ_A) + r.choice(XQ_B)
        return f"{head}{r.choice(ROADS)}{r.randint(1, 500)}号{xq}{r.randint(1, 20)}栋{r.randint(101, 2404)}"

    def home_region(self) -> str:
        u = self.r.random()
        if u < 0.62:
            return self.r.choices(HZ, HZ_W)[0][0]
        if u < 0.77:
            return self.r.choice(ZJ_OTHER)
        return self.r.choice(CN_OTHER)

    def person(
        self,
        region: str | None = None,
        home: str | None = None,
        female: bool | None = None,
        surname: str | None = None,
        address: str | None = None,
        phone: str | None = None,
        age: tuple[int, int] = (18, 76),
        block: str | None = None,
        with_id: bool = True,
    ) -> Person:
        r = self.r
        female = r.random() < 0.55 if female is None else female
        home = home or region or self.home_region()
        if region is None:
            # Many people living in Hangzhou were born elsewhere.
            region = (
                home if (not home.startswith("3301") or r.random() < 0.62) else r.choice(ZJ_OTHER + CN_OTHER + CN_OTHER)
            )
        if address is None:
            address = self.hz_address(home) if home.startswith("3301") else self.far_address(home)
        if phone is None:
            phone = (
                self.mobile(block=block) if block else (self.landline() if r.random() < 0.025 else self.mobile(home))
            )
        return Person(
            name=(surname or self.surname()) + self.given(female),
            idno=self.id_number(region, female, age) if with_id else "",
            phone=phone,
            address=address,
            region=region,
            female=female,
        )

    # -- merchants
    def brand(self) -> str:
        while True:
            b = self.r.choice(BRAND_CH) + self.r.choice(BRAND_CH)
            if b[0] != b[1] and b not in self.used_brands:
                self.used_brands.add(b)
                return b

    def merchant(self, kind: str, brand: str | None = None, district: tuple | None = None) -> Merchant:
        r = self.r
        reg_p, signs, sold = r.choice(MERCHANT_KINDS[kind][1])
        h = district or r.choices(HZ, HZ_W)[0]
        b = brand or self.brand()
        owner_sur = self.surname()
        owner = owner_sur + self.given(r.random() < 0.4)
        road = r.choice(h[3])
        reg = reg_p.format(b=b, d=h[1], o=owner, r=road, s=owner_sur)
        sign = r.choice(signs).format(b=b, s=owner_sur)
        individual = "个体工商户" in reg
        if r.random() < 0.25:
            addr = f"杭州市{h[1]}{r.choice(MALLS)}{r.choice(['B1', '1', '2', '3', '4'])}楼"
        else:
            addr = f"杭州市{h[1]}{road}{r.randint(1, 900)}号"
        products = [p for p in PRODUCTS[kind] if sold is None or p[0] in sold]
        return Merchant(
            reg=reg,
            sign=sign,
            uscc=uscc_code(r, h[0], individual),
            kind=kind,
            district=h[1],
            street=r.choice(h[2]),
            addr=addr,
            owner_phone=self.mobile("330106"),
            branch=f"（{road}店）" if r.random() < 0.4 else "",
            products=products,
        )

    # -- pictures
    def pic(self, spec: tuple | None, when: dt.datetime, style: str | None = None, ext: str | None = None) -> Pic:
        r = self.r
        style = style or r.choices(["IMG", "wx", "mm", "shot", "plain", "dsc"], [30, 28, 14, 10, 10, 8])[0]
        if ext is None:
            ext = "png" if style == "shot" or (spec and spec[0] == "chat") or r.random() < 0.08 else "jpg"
        taken = when - dt.timedelta(minutes=r.randint(5, 60 * 24 * 6))
        return Pic(spec=spec, ext=ext, taken=taken, style=style, quality=r.randint(55, 92))

    def photo(self, m: Merchant, product: str, when: dt.datetime) -> Pic:
        return self.pic(("prod", self.design(m, product), self.r.getrandbits(31)), when)

    def add(self, row: Row, group: tuple | None = None) -> Row:
        row.group = group
        self.rows.append(row)
        return row

    def register(self, bucket: str, kind: str) -> tuple:
        gid = self.gid(kind)
        self.groups[bucket][gid] = {"kind": kind, "rows": []}
        return (bucket, gid)


# ----------------------------------------------------------------------------- ordinary complaint texts

MEAT = {"速冻水饺", "火腿肠", "猪肉", "外卖套餐", "卤味拼盘", "小笼包", "牛肉面", "麻辣烫", "酸菜鱼"}
DRINKS = {"奶茶", "纯牛奶", "酸奶"}
WEIGHED = {"车厘子", "草莓", "活虾", "猪肉", "卤味拼盘", "东北大米"}
TEXTILE = {"羽绒服", "连衣裙", "羊毛大衣", "床上四件套"}
DEVICES = {"充电宝", "手机", "平板电脑", "蓝牙耳机", "扫地机器人", "电子血压计"}
SCREENS = {"手机", "平板电脑"}
# key -> (what the complainant found, the hotline's summary, what an ordinary person asks);
# a finding given as (text, products) is said only of those products.
PROBLEMS = {
    "expired": (
        [
            "回家后准备吃的时候发现外包装上标注的保质期到{exp}，买的时候已经过期{n}天了",
            "给孩子吃了两口才发现生产日期是{mfg}，保质期只有{shelf}，早就过期了",
            "打开后有一股哈喇味，仔细看了日期，已经超过保质期{n}天",
            "货架上同一批次的好几盒都是过期的，店员说是促销品但没有任何提示",
        ],
        ["所购商品已过保质期", "商品超过保质期仍在销售", "买到过期食品"],
        ["退还货款{amt}元", "退货退款并赔礼道歉", "退款并把过期商品下架", "给个合理的说法"],
    ),
    "no_cn_label": (
        [
            "该商品是进口的，但包装上没有任何中文标签，配料和保质期都看不懂",
            "外包装只有外文，没有中文标签，也找不到国内经销商的信息",
            "中文标签是后来贴上去的，撕开后下面的日期跟标签上的不一致",
        ],
        ["进口商品无中文标签", "进口食品没有中文标识"],
        ["退货退款", "退还货款{amt}元", "说明商品来源"],
    ),
    "label_defect": (
        [
            "标签上没有标注生产许可证编号，也没有厂家地址",
            "配料表字迹模糊，生产日期是用笔手写上去的",
            "标签上写的净含量和实际称重差了将近{g}克",
        ],
        ["商品标签不规范", "标签信息不全"],
        ["退货退款", "说明情况并退款"],
    ),
    "foreign_object": (
        [
            "吃到一半发现里面有{obj}",
            "打开包装就看到里面夹着{obj}",
            ("喝到最后杯底有{obj}", DRINKS),
            "咬下去的时候硌到了牙，吐出来一看是{obj}",
        ],
        ["食品中发现异物", "吃出{obj}"],
        ["退还餐费并道歉", "退款并赔偿{med}元", "退款，并要求店家整改卫生"],
    ),
    "spoiled": (
        [
            "打开后发现已经发霉，表面有绿色的霉斑",
            "闻起来有明显的酸臭味，明显已经变质",
            ("里面的肉已经发黏有异味", MEAT),
            "包装胀袋，打开后有一股馊味",
        ],
        ["商品变质", "买到变质食品"],
        ["退还货款{amt}元", "退款并道歉", "退货退款"],
    ),
    "short_weight": (
        [
            "回家用电子秤称了一下，少了将近{g}克",
            ("标称{w}斤实际只有{w2}斤", WEIGHED),
            ("商家称重的时候没有去皮，多收了钱", WEIGHED),
        ],
        ["短斤少两", "商品缺斤短两"],
        ["补足差价", "退还多收的钱", "退款并道歉"],
    ),
    "price_fraud": (
        ["结账时实际收费比标价高了{d}元", "价签上写的是促销价，结账却按原价收费", "先涨价再打折，所谓的优惠根本不存在"],
        ["结账价格与标价不符", "价格欺诈"],
        ["退还多收的{d}元", "按标价结算并退还差价"],
    ),
    "quality": (
        [
            "用了不到{n}天就坏了",
            ("第一次洗就严重掉色、起球", TEXTILE),
            ("穿了一周鞋底就开胶了", {"运动鞋"}),
            ("充电的时候发烫很厉害，现在已经完全充不进电", DEVICES),
            ("屏幕出现一条竖线，商家却说是人为损坏", SCREENS),
            "收到后发现有明显的瑕疵，和描述的不一样",
            "没用几次就出了问题，做工很差",
        ],
        ["商品存在质量问题", "商品质量问题，商家不处理"],
        ["退货退款", "免费维修或者换新", "退还货款{amt}元"],
    ),
    "counterfeit": (
        ["怀疑是假货，防伪码查询的结果对不上", "收到的东西做工粗糙，跟直播间展示的完全不一样"],
        ["怀疑购买到假冒商品", "商品疑似假货"],
        ["退货退款", "说明商品来源并退款"],
    ),
    "refuse_return": (
        [
            "在七天无理由退货期内申请退货，商家以已拆封为由拒绝",
            "商品有质量问题，商家只同意换货不同意退款",
            "商家要求我承担来回运费和检测费",
        ],
        ["商家拒绝退换货", "退货遭拒"],
        ["按规定办理退货退款", "退货退款"],
    ),
    "prepaid_closed": (
        [
            "这家店突然关门，门口贴了停业装修的通知，但已经两个月没开门了",
            "店铺换了老板，新老板说之前的卡不认",
            "卡里还剩{rest}元，现在根本预约不上，前台说要补差价才能继续用",
        ],
        ["预付卡商家关门", "预付卡无法正常使用"],
        ["退还卡内余额{rest}元", "退还剩余费用", "按原约定继续提供服务或者退款"],
    ),
    "prepaid_refund": (
        ["我要求退卡，商家说要扣除{pct}%的手续费", "办卡时说可以随时退，现在却说合同里写了不退"],
        ["预付卡退费难", "退卡被收取高额手续费"],
        ["退还剩余费用{rest}元", "按实际消费结算后退还余额"],
    ),
    "service": (
        [
            "服务员态度恶劣，还出言辱骂",
            ("理发效果跟约定的完全不一样，还被强行推销办卡", {"美容美发会员卡"}),
            "约好的时间一拖再拖，拖了{n}天都没有安排",
        ],
        ["服务态度差", "服务与约定不符"],
        ["赔礼道歉", "退还服务费", "给个说法"],
    ),
    "false_ad": (
        [
            ("直播间说是纯羊毛，收到后看洗标成分只有{pct}%的羊毛", TEXTILE),
            "宣传说买一送一，下单后又说赠品已经送完",
            ("页面写的是正品行货，收到的却是翻新机", SCREENS),
            "宣传的效果和实际完全不符",
            "页面标注的规格和收到的实物不一致",
        ],
        ["商家虚假宣传", "实物与宣传不符"],
        ["退货退款", "按宣传兑现", "退还差价"],
    ),
    "health_claim": (
        [
            "店员宣传这款产品能降血压、治糖尿病，老人吃了两个月一点效果都没有",
            "推销时说是药，后来才发现只是普通食品",
            "以免费体验为由把老人拉去听课，然后高价卖给他们",
        ],
        ["夸大宣传保健食品功效", "向老人高价推销保健品"],
        ["退还全部货款{amt}元", "退货退款", "停止向老人推销"],
    ),
    "food_poisoning": (
        ["吃完后当天晚上开始腹泻呕吐，去医院花了{med}元医药费", "全家吃完都拉肚子，孩子还发烧了"],
        ["就餐后身体不适", "疑似食物中毒"],
        ["赔偿医药费{med}元并退还餐费", "承担医药费并道歉"],
    ),
    "delay": (
        [
            ("合同约定{n}天内完工，现在已经超期一个多月", {"全屋装修", "定制衣柜"}),
            ("定制的家具交货时间一拖再拖", {"定制衣柜"}),
            ("约好的安装时间一拖再拖，一直没人上门", {"空调", "热水器"}),
        ],
        ["商家逾期未履行合同", "逾期交货"],
        ["尽快履行合同并按约支付违约金", "解除合同并退款"],
    ),
    "overcharge_repair": (
        ["保养时被换了很多不必要的零件，收费{amt}元", "维修后问题依旧，还多收了检测费"],
        ["维修保养乱收费", "维修收费不合理"],
        ["退还不合理收费", "重新维修并退还多收费用"],
    ),
    "hidden_accident": (
        ["买回来去4S店查了一下，发现这辆车有过重大事故维修记录，商家当时承诺无事故"],
        ["二手车隐瞒事故", "二手车车况与承诺不符"],
        ["退车退款", "按车况差价赔偿"],
    ),
    "not_shipped": (
        ["付款后{n}天一直不发货，客服也不回复", "物流信息一直停在已揽件，商家说缺货让我自己取消"],
        ["付款后商家不发货", "商家拖延发货"],
        ["尽快发货", "退还货款{amt}元"],
    ),
}
OBJECTS = [
    "一根头发",
    "一只小飞虫",
    "一小块塑料片",
    "一段钢丝球的铁丝",
    "一小块碎玻璃",
    "一只蟑螂",
    "一小团纸巾",
    "一根线头",
]
OPENINGS = [
    "本人于{pd}在{mn}购买了{qty}{unit}{prod}，共计支付{amt}元。",
    "{pd}，我在{mn}买了{prod}{qty}{unit}，花了{amt}元，用{pay}付的款。",
    "我是{home}的居民，{pd}在{mn}消费，买了{prod}，金额{amt}元。",
    "{pd}我通过{plat}在“{mn}”下单了{prod}，实付{amt}元，订单号{order}。",
    "{pd}下午带孩子去{mn}，买了{qty}{unit}{prod}，一共{amt}元。",
    "我家老人{pd}在{mn}花了{amt}元买了{prod}。",
    "{pd}在{mn}（{maddr}）买的{prod}，小票还在，金额{amt}元。",
    "您好，我想反映一下{mn}的问题。{pd}我在这家店买了{prod}，付了{amt}元。",
]
HOTLINE_TAILS = [
    "请相关部门核实处理。",
    "来电人要求回复。",
    "请属地市场监管所调查处理。",
    "来电人情绪激动，请尽快处理。",
]
OPENINGS_CARD = [
    "{pd}在{mn}办理了{prod}，当时交了{amt}元。",
    "我于{pd}在{mn}购买了{prod}，合同金额{amt}元。",
    "去年{pdm}月份经朋友介绍在{mn}办了{prod}，充值{amt}元。",
]
CONTACTS = [
    "当天就联系了商家，对方说{resp}。",
    "我拿着小票去店里找店员，对方说{resp}，态度非常敷衍。",
    "在平台上申请售后，客服一直是机器人回复，人工客服说{resp}。",
    "打店里电话好几次都没人接，微信也不回。",
    "跟店长沟通了好几次，对方一直说{resp}。",
    "商家一开始答应处理，后来就一直拖着不给答复。",
    "我去店里协商，老板不在，店员说{resp}。",
    "",
]
RESPONSES = [
    "只能换不能退",
    "让我自己去找厂家",
    "过了七天就不管了",
    "只愿意退一半的钱",
    "是我自己保存不当造成的",
    "没有小票不能证明是他们店买的",
    "要等老板回来再说",
    "可以送一张优惠券作为补偿",
]
FEELINGS = [
    "我觉得商家这种做法很不负责任。",
    "作为消费者真的很气愤。",
    "希望有关部门管一管这种商家。",
    "我年纪大了，来回跑实在跑不动。",
    "",
    "",
    "",
]
FEELINGS_FOOD = ["现在大家都很重视食品安全，商家还这样太让人寒心了。", "孩子还小，万一吃出问题谁负责？"]
CLOSINGS = ["请帮忙协调处理，谢谢！", "望尽快处理。", "麻烦工作人员了。", "希望能尽快得到回复。", "谢谢！", "", ""]
EXTRAS_FOOD = ["另外，店里同一批的商品我也拍了照片，可以作为证据。"]
EXTRAS = [
    "我还保留了聊天记录和付款截图。",
    "事后我在大众点评上看到也有人反映过类似的问题。",
    "当时店里还有其他顾客可以作证。",
    "商家还在电话里说我是故意找茬，我觉得很委屈。",
    "我不是想要多少钱，就是想讨个公道。",
]


def finding(r: random.Random, details: list, product: str) -> str:
    fit = [d if isinstance(d, str) else d[0] for d in details if isinstance(d, str) or product in d[1]]
    return r.choice(fit or [d if isinstance(d, str) else d[0] for d in details])


def slot_values(w: World, row: Row, mname: str, unit: str, problem: str) -> dict:
    r = w.r
    pd = row.pdate or row.received.date()
    amt = row.amount or 0
    exp = pd - dt.timedelta(days=r.randint(1, 40))
    return {
        "pd": cn_date(pd, r),
        "pdm": pd.month,
        "mn": mname,
        "maddr": row.merchant.addr,
        "prod": row.product,
        "qty": row.qty or 1,
        "unit": unit,
        "amt": money(amt),
        "pay": r.choice(["微信", "支付宝", "现金", "银行卡"]),
        "plat": r.choice(PLATFORMS),
        "order": "".join(str(r.randrange(10)) for _ in range(r.choice([12, 16, 18]))),
        "home": r.choice(HZ)[1],
        "exp": cn_date(exp),
        "n": r.randint(2, 40),
        "obj": r.choice(OBJECTS),
        "g": r.randint(30, 300),
        "w": 3,
        "w2": r.choice(["2.5", "2.6", "2.4"]),
        "rest": money(round(amt * r.uniform(0.2, 0.9))),
        "pct": r.choice([20, 30, 40, 50]),
        "med": r.choice([86, 120, 235, 368, 420, 560, 980]),
        "mfg": cn_date(exp - dt.timedelta(days=180)),
        "shelf": r.choice(["6个月", "9个月", "12个月", "180天"]),
        "d": r.randint(3, 60),
    }


def ordinary_text(
    w: World,
    row: Row,
    problem: str,
    unit: str,
    *,
    mname: str | None = None,
    own_phone: bool | None = None,
    extra: str = "",
    law: bool = False,
) -> str:
    """A genuine complaint in the complainant's own words (or the hotline operator's)."""
    r = w.r
    m = row.merchant
    mname = mname or (m.sign if r.random() < 0.45 else m.reg)
    v = slot_values(w, row, mname, unit, problem)
    details, briefs, demands = PROBLEMS[problem]
    if row.channel in HOTLINE:
        caller = r.choice(
            [f"市民{row.person.title}来电", f"来电人{row.person.title}", f"{row.person.title}来电", "来电人"]
        )
        text = (
            f"{caller}反映：其于{v['pd']}在{mname}（{m.addr}）购买{row.product}，"
            f"{r.choice(briefs).format(**v)}，与商家协商未果。诉求：{r.choice(demands).format(**v)}。"
            f"{r.choice(HOTLINE_TAILS)}"
        )
        return text + extra
    opening = r.choice(OPENINGS_CARD if m.kind == "prepaid" else OPENINGS).format(**v)
    detail = finding(r, details, row.product).format(**v)
    food = m.kind in FOOD_KINDS
    parts = [
        opening,
        detail + "。",
        r.choice(CONTACTS).format(resp=r.choice(RESPONSES)),
        r.choice(FEELINGS + FEELINGS_FOOD if food else FEELINGS),
    ]
    if r.random() < 0.25:
        parts.append(r.choice(EXTRAS + EXTRAS_FOOD if food else EXTRAS))
    if law:
        parts.append(
            r.choice(
                [
                    "根据《消费者权益保护法》第五十五条，经营者有欺诈行为的应当增加赔偿，我要求退一赔三。",
                    "我查了《食品安全法》第一百四十八条，经营不符合食品安全标准的食品，消费者可以要求十倍赔偿，所以我要求商家赔偿一千元。",
                    "按照消费者权益保护法第五十五条的规定，商家应当三倍赔偿。",
                ]
            )
        )
    else:
        parts.append("要求商家" + r.choice(demands).format(**v) + "。")
    if extra:
        parts.append(extra)
    if own_phone is None:
        own_phone = r.random() < 0.14
    if own_phone and row.person.phone and not row.person.phone.startswith("0"):
        parts.append(
            r.choice(["联系电话：", "我的电话", "有事请打我电话", "本人手机"])
            + phone_in_text(r, row.person.phone)
            + "。"
        )
    parts.append(r.choice(CLOSINGS))
    if row.channel == "消费者协会" and r.random() < 0.5:
        parts.insert(0, "尊敬的消保委工作人员：您好！")
        parts.append("此致 敬礼！")
    sep = "\n" if r.random() < 0.12 else ""
    return sep.join(p for p in parts if p)


# ----------------------------------------------------------------------------- paraphrase engine

SYN = {
    "购买": ["购买", "购入", "选购", "下单购买", "订购"],
    "实付": ["实付", "实际支付", "付款", "共支付", "支付了"],
    "网店": ["网店", "网上店铺", "线上店铺", "店铺", "网络店铺"],
    "使用": ["使用", "用了", "出现", "含有"],
    "绝对化用语": ["绝对化用语", "极限词", "极限用语", "绝对化宣传用语"],
    "宣称": ["宣称", "宣传", "标注", "写明"],
    "违反": ["违反", "违背", "不符合", "触犯"],
    "的规定": ["的规定", "之规定", "规定", ""],
    "构成": ["构成", "属于", "已经构成", "涉嫌"],
    "虚假宣传": ["虚假宣传", "虚假广告", "引人误解的宣传"],
    "欺骗": ["欺骗", "欺诈", "误导", "蒙骗"],
    "消费者": ["消费者", "顾客", "买家", "购买者"],
    "误导": ["误导", "诱导", "欺骗"],
    "根据": ["根据", "依据", "按照", "依照"],
    "要求": ["要求", "请求", "诉求", "申请"],
    "商家": ["商家", "店家", "卖家", "经营者", "被投诉人", "该店"],
    "退一赔三": ["退一赔三", "退款并三倍赔偿", "退还货款并支付三倍赔偿金", "退货退款并赔偿价款的三倍"],
    "不足": ["不足", "低于", "少于", "不满"],
    "赔偿": ["赔偿", "赔付", "补偿"],
    "请求": ["请求", "恳请", "希望", "请"],
    "依法": ["依法", "依照法律", "按规定", "依规"],
    "查处": ["查处", "处理", "处罚", "调查处理"],
    "处理结果": ["处理结果", "处理情况", "调查结果", "结果"],
    "告知": ["告知", "回复", "反馈", "答复"],
    "发现": ["发现", "察觉", "注意到", "看到"],
    "过期": ["过期", "超过保质期", "超出保质期", "过了保质期"],
    "商品": ["商品", "产品", "货品"],
    "销售": ["销售", "售卖", "出售", "贩卖"],
    "明知": ["明知", "明明知道", "明知道"],
    "十倍": ["十倍", "10倍", "10倍（价款）"],
    "一千元": ["一千元", "1000元", "壹仟元", "1千元"],
    "本人": ["本人", "我", "投诉人"],
    "当天": ["当天", "当日", "当时"],
    "拒绝": ["拒绝", "拒不", "不肯"],
    "协商": ["协商", "沟通", "交涉", "联系"],
    "未果": ["未果", "无果", "没有结果", "不成"],
    "食品": ["食品", "食物", "食品"],
    "严重": ["严重", "极大", "明显"],
    "损害": ["损害", "侵害", "侵犯"],
    "合法权益": ["合法权益", "正当权益", "合法权利"],
    "中文标签": ["中文标签", "中文标识", "中文说明"],
    "进口": ["进口", "境外", "国外进口"],
    "功效": ["功效", "疗效", "治疗作用"],
    "普通食品": ["普通食品", "一般食品", "普通食品（非保健食品）"],
    "立即": ["立即", "马上", "尽快"],
    "随后": ["随后", "之后", "后来", "接着"],
}
_TOKEN = re.compile(r"〔(.+?)〕")


def para(r: random.Random, template: str, fixed: dict | None = None, drift: float = 1.0) -> str:
    """Fill 〔word〕 tokens with synonyms; `fixed` holds a writer's habits, `drift` how often they change."""

    def pick(mt: re.Match) -> str:
        key = mt.group(1)
        if fixed is not None and key in fixed and r.random() >= drift:
            return fixed[key]
        word = r.choice(SYN[key])
        if fixed is not None and key not in fixed:
            fixed[key] = word
        return word

    return _TOKEN.sub(pick, template)


def habits(r: random.Random) -> dict:
    return {k: r.choice(v) for k, v in SYN.items()}


def roughen(r: random.Random, text: str, trad: float, fw: float, typo: float) -> str:
    if r.random() < fw:
        text = text.translate(FW_DIGITS)
    if r.random() < typo:
        text = add_typos(r, text, r.randint(1, 3))
    if r.random() < trad:
        text = to_trad(text)
    return text


# Claim scripts that rings pass round. Each clause has alternatives; "*" marks clauses that may move.
RING_TEMPLATES = {
    "extreme_words": [
        [
            "{pd}，〔本人〕在{mn}的〔网店〕〔购买〕了{prod}，〔实付〕{amt}元。",
            "〔本人〕于{pd}通过网络在{mn}〔购买〕{prod}一件，〔实付〕{amt}元。",
        ],
        [
            "该〔商品〕详情页〔使用〕了“{ext}”“{ext2}”等〔绝对化用语〕，",
            "〔商品〕页面〔宣称〕“{ext}”，还写着“{ext2}”，属于〔绝对化用语〕，",
        ],
        [
            "〔违反〕了《广告法》第九条〔的规定〕，〔构成〕〔虚假宣传〕，〔欺骗〕〔消费者〕。",
            "这种宣传明显〔违反〕《中华人民共和国广告法》第九条，〔误导〕〔消费者〕〔购买〕。",
        ],
        [
            "*〔根据〕《消费者权益保护法》第五十五条，〔要求〕〔商家〕〔退一赔三〕，〔不足〕五百元的按五百元〔赔偿〕。",
            "*〔要求〕〔商家〕〔依法〕〔退一赔三〕，〔赔偿〕金额〔不足〕500元的按500元计算（消法第五十五条）。",
        ],
        [
            "*同时〔请求〕市场监管部门〔依法〕〔查处〕，并将〔处理结果〕〔告知〕〔本人〕。",
            "*〔请求〕贵局〔依法〕对该〔商家〕立案〔查处〕，〔处理结果〕请书面〔告知〕。",
        ],
    ],
    "expired_food": [
        [
            "〔本人〕{pd}在{mn}〔购买〕{prod}{qty}{unit}，〔实付〕{amt}元。",
            "{pd}，〔本人〕到{mn}〔购买〕了{qty}{unit}{prod}，共计{amt}元。",
        ],
        [
            "回家后〔发现〕该〔商品〕已〔过期〕{n}天。",
            "〔随后〕〔发现〕所购〔商品〕早就〔过期〕了。",
            "〔当天〕〔发现〕生产日期为{mfg}，已经〔过期〕。",
        ],
        [
            "〔商家〕〔明知〕〔商品〕〔过期〕仍然〔销售〕，〔严重〕〔损害〕了〔消费者〕的〔合法权益〕。",
            "〔销售〕〔过期〕〔食品〕，〔严重〕〔损害〕〔消费者〕〔合法权益〕。",
        ],
        ["*〔本人〕与〔商家〕〔协商〕〔未果〕。", "*经〔协商〕，〔商家〕〔拒绝〕〔赔偿〕。"],
        [
            "*〔根据〕《食品安全法》第一百四十八条，〔要求〕〔商家〕支付〔十倍〕〔赔偿〕，〔不足〕〔一千元〕的按〔一千元〕〔赔偿〕。",
            "*〔要求〕〔依法〕〔赔偿〕〔一千元〕（《食品安全法》第148条，〔不足〕〔一千元〕的为〔一千元〕）。",
        ],
    ],
    "no_label": [
        [
            "{pd}〔本人〕在{mn}〔购买〕〔进口〕{prod}{qty}{unit}，〔实付〕{amt}元。",
            "〔本人〕于{pd}从{mn}〔购买〕了{qty}{unit}〔进口〕{prod}（{amt}元）。",
        ],
        [
            "该〔商品〕无〔中文标签〕，",
            "〔商品〕外包装没有任何〔中文标签〕，",
            "〔发现〕该〔进口〕〔食品〕没有〔中文标签〕，",
        ],
        [
            "〔违反〕《食品安全法》第九十七条〔的规定〕，属于不符合〔食品〕安全标准的〔食品〕。",
            "不符合《食品安全法》第九十七条，依法不得〔销售〕。",
        ],
        [
            "*〔要求〕〔商家〕退还货款并〔赔偿〕〔一千元〕。",
            "*〔根据〕《食品安全法》第一百四十八条〔要求〕〔十倍〕〔赔偿〕，〔不足〕〔一千元〕按〔一千元〕计。",
        ],
        ["*〔请求〕〔依法〕〔查处〕。", "*〔请求〕监管部门〔立即〕〔查处〕并〔告知〕〔处理结果〕。", "*"],
    ],
    "health_claim": [
        [
            "〔本人〕{pd}在{mn}〔购买〕{prod}{qty}{unit}，〔实付〕{amt}元。",
            "{pd}，〔本人〕在{mn}〔购买〕了{prod}，共{amt}元。",
        ],
        [
            "该〔商品〕为〔普通食品〕，但宣传页〔宣称〕具有“{effect}”〔功效〕，",
            "〔商家〕〔宣称〕该〔普通食品〕能够{effect}，",
        ],
        [
            "〔违反〕《食品安全法》第七十一条、第七十三条，〔构成〕〔欺骗〕〔消费者〕。",
            "〔构成〕〔虚假宣传〕，〔误导〕〔消费者〕。",
        ],
        [
            "*〔要求〕〔商家〕退款并〔赔偿〕〔十倍〕。",
            "*〔根据〕《食品安全法》第一百四十八条，〔要求〕〔十倍〕〔赔偿〕{claim}元。",
        ],
    ],
}
RING_FIT = {  # script -> shops and problems it is used against
    "extreme_words": ({"online"}, {"false_ad", "counterfeit", "quality"}),
    "expired_food": ({"supermarket"}, {"expired"}),
    "no_label": ({"supermarket", "online"}, {"no_cn_label"}),
    "health_claim": ({"pharmacy", "online"}, {"health_claim"}),
}
EXTREME = ["全网第一", "最好", "顶级", "100%纯天然", "国家级", "史上最低价", "独一无二", "全国销量第一", "最佳", "首选"]
EFFECTS = ["降血压", "降血糖", "抗癌", "治疗失眠", "消除结节", "根治痛风", "调理三高"]


def ring_text(
    w: World, template: str, v: dict, hab: dict | None = None, drift: float = 1.0, order_seed: int | None = None
) -> str:
    """One member's rendering of a ring's script: synonyms swapped, movable clauses reordered."""
    r = w.r
    clauses = []
    for alts in RING_TEMPLATES[template]:
        clauses.append(r.choice(alts))
    fixed = [c for c in clauses if not c.startswith("*")]
    movable = [c[1:] for c in clauses if c.startswith("*")]
    rr = random.Random(order_seed) if order_seed is not None else r
    rr.shuffle(movable)
    if movable and r.random() < 0.5:
        at = r.randint(max(1, len(fixed) - 1), len(fixed))
        out = fixed[:at] + movable + fixed[at:]
    else:
        out = fixed + movable
    if template == "no_label":
        v = v | {"prod": v["prod"].removeprefix("进口")}
    return para(r, "".join(out), hab, drift).format(**v)


# ----------------------------------------------------------------------------- shared row helpers

LAW148 = [
    "《中华人民共和国食品安全法》第一百四十八条",
    "食品安全法第148条",
    "《食品安全法》第一百四十八条第二款",
    "食安法148条",
    "《食品安全法》第148条",
]
LAW55 = [
    "《中华人民共和国消费者权益保护法》第五十五条",
    "消费者权益保护法第五十五条",
    "《消法》第55条",
    "消保法55条",
    "《消费者权益保护法》第55条第一款",
]
WITHDRAWN = ["撤回", "已撤回", "撤诉", "撤销", "消费者撤回"]
PENDING = {"", "处理中", "待处理"}


def price(r: random.Random, lo: float, hi: float) -> float:
    x = r.uniform(lo, hi)
    if hi <= 100:
        return round(int(x) + r.choice([0.0, 0.5, 0.9, 0.8]), 2)
    if hi <= 2000:
        return float(int(x) - int(x) % 10 + r.choice([0, 8, 9, 5]))
    return float(int(x) - int(x) % 100)


def new_row(
    w: World,
    person: Person,
    m: Merchant,
    prod: tuple,
    received: dt.datetime,
    channel: str,
    pdate: dt.date | None = None,
    qty: int | None = None,
    text: str = "",
) -> Row:
    r = w.r
    qty = qty or (1 if prod[3] > 300 or r.random() < 0.6 else r.randint(2, 4))
    if pdate is None:
        back = (
            r.randint(60, 400) if m.kind == "prepaid" else (r.randint(0, 3) if r.random() < 0.5 else r.randint(1, 45))
        )
        pdate = (received - dt.timedelta(days=back)).date()
    amount = round(price(r, prod[2], prod[3]) * qty, 2)
    return Row(
        received=received,
        channel=channel,
        person=person,
        merchant=m,
        product=prod[0],
        text=text,
        pdate=pdate,
        qty=qty,
        amount=amount,
    )


def settle(w: World, row: Row, outcome: str, comp: float | None = None, days: tuple[int, int] = (2, 45)) -> None:
    row.outcome = outcome
    row.comp = comp
    if outcome not in PENDING:
        row.closed = row.received + dt.timedelta(days=w.r.randint(*days), minutes=w.r.randrange(600))


def settle_ordinary(w: World, row: Row) -> None:
    r = w.r
    outcome = r.choices([o for o, _ in OUTCOMES_BG], [k for _, k in OUTCOMES_BG])[0]
    amt = row.amount or 0
    comp = None
    if outcome in ("调解成功", "已调解", "已赔偿"):
        comp = amt if r.random() < 0.65 else round(amt * r.uniform(1.0, 1.5), 0) if r.random() < 0.6 else None
    elif outcome == "部分赔偿":
        comp = round(amt * r.uniform(0.3, 0.8), 0)
    elif outcome == "已办结" and r.random() < 0.4:
        comp = amt
    settle(w, row, outcome, comp)


def pick_channel(w: World, table=CHANNELS_BG) -> str:
    return w.r.choices([c for c, _ in table], [k for _, k in table])[0]


def hotline_identity(w: World, row: Row) -> None:
    """Hotline operators type a title, seldom take an ID number."""
    if row.channel in HOTLINE:
        if w.r.random() < 0.55:
            row.name = row.person.title
        if w.r.random() < 0.93:
            row.idno = ""


def ordinary_pics(w: World, row: Row, problem: str, rate: float = 0.3) -> None:
    r = w.r
    if r.random() >= rate:
        return
    for _ in range(r.choices([1, 2, 3], [70, 22, 8])[0]):
        u = r.random()
        if problem == "foreign_object" and u < 0.6:
            row.pics.append(w.pic(("planted", ("food", r.getrandbits(31)), r.getrandbits(31)), row.received))
        elif row.merchant.kind != "prepaid" and u < 0.55:
            row.pics.append(w.photo(row.merchant, row.product, row.received))
        elif u < 0.75:
            row.pics.append(w.pic(("receipt", r.getrandbits(31)), row.received))
        elif u < 0.93:
            row.pics.append(w.pic(("chat", r.getrandbits(31)), row.received))
        else:
            row.pics.append(w.pic(("scene", r.getrandbits(31)), row.received))


def genuine_row(
    w: World,
    person: Person,
    m: Merchant | None,
    received: dt.datetime,
    channel: str | None = None,
    prod: tuple | None = None,
    problem: str | None = None,
    law: bool = False,
    own_phone: bool | None = None,
    extra: str = "",
    pic_rate: float = 0.3,
    mname: str | None = None,
) -> Row:
    r = w.r
    channel = channel or pick_channel(w)
    m = m or w.popular_merchant()
    prod = prod or w.product(m)
    problem = problem or r.choice(prod[4])
    row = new_row(w, person, m, prod, w.at(received, channel in HOTLINE), channel)
    row.text = ordinary_text(w, row, problem, prod[1], mname=mname, own_phone=own_phone, extra=extra, law=law)
    row.problem = problem
    if law:
        row.law = r.choice(LAW55 + LAW148) if r.random() < 0.6 else ""
        row.claim = max(500.0, round((row.amount or 0) * 3, 2))
    elif r.random() < 0.35:
        row.claim = row.amount
    hotline_identity(w, row)
    ordinary_pics(w, row, problem, pic_rate)
    settle_ordinary(w, row)
    return row


def spaced_sizes(r: random.Random, n: int, lo: int, hi: int) -> list[int]:
    if n <= 1:
        return [r.randint(lo, hi)]
    return [max(lo, min(hi, round(lo + (hi - lo) * i / (n - 1)) + r.randint(-1, 1))) for i in range(n)]


# ----------------------------------------------------------------------------- schemes (fraud)

VIOLATIONS = {
    "expired": "经查看，该〔商品〕生产日期为{mfg}，保质期{shelf}，〔销售〕时已超过保质期，"
    "属于《中华人民共和国食品安全法》第三十四条第（十）项规定禁止经营的〔食品〕。",
    "no_cn_label": "该〔商品〕为〔进口〕预包装〔食品〕，无〔中文标签〕，"
    "〔违反〕《中华人民共和国食品安全法》第九十七条〔的规定〕。",
    "label_defect": "该〔商品〕标签未标注{missing}，"
    "不符合《食品安全国家标准 预包装食品标签通则》（GB 7718-2011）的要求。",
    "health_claim": "该〔商品〕为〔普通食品〕，但标签及宣传资料中声称具有{effect}〔功效〕，"
    "〔违反〕《中华人民共和国食品安全法》第七十一条、第七十三条。",
    "false_ad": "该〔商品〕详情页使用了“{ext}”等〔绝对化用语〕，"
    "〔违反〕《中华人民共和国广告法》第九条第（三）项，〔构成〕〔虚假宣传〕。",
    "counterfeit": "经比对，该〔商品〕与品牌方公示的防伪信息不符，系假冒〔商品〕，〔构成〕欺诈。",
}
DEFECT_SHORT = {
    "expired": "这个〔商品〕已经〔过期〕了",
    "no_cn_label": "〔进口〕〔食品〕没有〔中文标签〕",
    "label_defect": "标签不合格，没有生产许可证编号",
    "health_claim": "〔普通食品〕却〔宣称〕能{effect}",
    "false_ad": "页面上有“{ext}”这种〔绝对化用语〕",
    "counterfeit": "是假货",
    "foreign_object": "里面有{obj}",
    "spoiled": "已经变质发霉",
}
LAW_QUOTES = {
    148: [
        "根据《中华人民共和国食品安全法》第一百四十八条第二款规定：“生产不符合食品安全标准的食品或者经营明知是不符合食品安全标准的食品，"
        "消费者除要求赔偿损失外，还可以向生产者或者经营者要求支付价款十倍或者损失三倍的赔偿金；增加赔偿的金额不足一千元的，为一千元。”",
        "〔根据〕《食品安全法》第一百四十八条，经营〔明知〕是不符合食品安全标准的〔食品〕，〔消费者〕可以〔要求〕支付价款〔十倍〕的赔偿金，增加赔偿的金额〔不足〕〔一千元〕的，为〔一千元〕。",
    ],
    55: [
        "依据《中华人民共和国消费者权益保护法》第五十五条第一款，经营者提供商品或者服务有欺诈行为的，应当按照消费者的要求增加赔偿其受到的损失，"
        "增加赔偿的金额为消费者购买商品的价款或者接受服务的费用的三倍；增加赔偿的金额不足五百元的，为五百元。",
        "〔根据〕《消费者权益保护法》第五十五条，经营者有欺诈行为的，应当〔退一赔三〕，增加〔赔偿〕〔不足〕五百元的为五百元。",
    ],
}
PRO_DEMANDS = {
    "complaint": [
        "投诉人诉求如下：一、退还购物款{amt}元；二、支付赔偿金{claim}元；三、请贵局依法对被投诉人的违法行为立案查处，并书面告知处理结果。",
        "现〔要求〕：1.退还货款{amt}元；2.〔依法〕〔赔偿〕{claim}元；3.对〔商家〕〔依法〕〔查处〕。",
        "为此〔要求〕被投诉人退还货款{amt}元并支付赔偿金{claim}元。",
    ],
    "report": [
        "举报人请求：〔依法〕对被举报人立案〔查处〕，并依照《市场监督管理领域重大违法行为举报奖励暂行办法》给予举报奖励，将〔处理结果〕书面〔告知〕举报人。",
        "请〔依法〕立案〔查处〕并按规定给予举报奖励，〔处理结果〕请书面〔告知〕。",
    ],
    "review": [
        "申请人对{agency}作出的不予立案决定不服，请求撤销该决定，责令被申请人〔依法〕对{reg}的违法行为立案调查并作出处理。"
    ],
    "lawsuit": ["原告诉讼请求：1.判令被告退还货款{amt}元；2.判令被告支付赔偿金{claim}元；3.本案诉讼费用由被告承担。"],
}
PRO_CLOSINGS = [
    "以上情况属实，投诉人保留追究的权利。",
    "请贵局在法定期限内受理并答复。",
    "如调解不成，投诉人将依法提起诉讼。",
    "本人不同意调解，请直接立案〔查处〕。",
    "",
]
MISSING = ["生产许可证编号", "生产者地址", "贮存条件", "净含量", "生产日期"]
STAGE_CHANNEL = {"report": "举报", "review": "行政复议", "lawsuit": "法院诉讼"}


def scheme_defect(r: random.Random, prod: tuple) -> str:
    options = [d for d in prod[4] if d in VIOLATIONS]
    return r.choice(options) if options else "label_defect"


def pro_claim(r: random.Random, amount: float, law: int) -> float:
    if law == 148:
        return max(1000.0, round(amount * 10, 2))
    return max(500.0, round(amount * 3, 2))


def pro_text(w: World, st: dict, row: Row, defect: str, law: int, stage: str) -> str:
    r = w.r
    m = row.merchant
    v = {
        "pd": cn_date(row.pdate, r),
        "prod": row.product,
        "qty": row.qty,
        "unit": st["unit"],
        "price": money((row.amount or 0) / (row.qty or 1)),
        "amt": money(row.amount or 0),
        "claim": money(row.claim or 0),
        "mfg": cn_date(row.pdate - dt.timedelta(days=r.randint(200, 400))),
        "shelf": r.choice(["6个月", "9个月", "12个月"]),
        "missing": r.choice(MISSING),
        "effect": r.choice(EFFECTS),
        "ext": r.choice(EXTREME),
        "agency": f"杭州市{m.district}市场监督管理局",
        "reg": m.reg,
        "name": row.person.name,
        "id": row.person.idno,
        "phone": row.person.phone,
        "uscc": m.uscc,
        "maddr": m.addr,
    }
    parts = []
    if st["header"] and stage != "lawsuit":
        parts.append(
            "投诉人：{name}，身份证号：{id}，联系电话：{phone}。"
            if r.random() < 0.7
            else "投诉人：{name}，电话{phone}。"
        )
    if st["party"]:
        parts.append("被投诉人：{reg}，统一社会信用代码：{uscc}，地址：{maddr}。")
    parts.append(st["facts"])
    parts.append(VIOLATIONS[defect])
    parts.append(st["law"][law])
    parts.append(st["demand"][stage] if stage == "complaint" else r.choice(PRO_DEMANDS[stage]))
    parts.append(st["closing"])
    if stage == "lawsuit":
        parts.insert(0, "事实与理由：")
    text = para(r, "".join(parts), st["hab"], 0.12).format(**v)
    return roughen(r, text, 0.02, 0.05, 0.08)


def scheme_pro(w: World, size: int) -> None:
    r = w.r
    g = w.register("schemes", "pro_claimant")
    home = r.choice(CN_OTHER + ZJ_OTHER) if r.random() < 0.6 else r.choices(HZ, HZ_W)[0][0]
    p = w.person(home=home, age=(24, 58))
    phone2 = w.mobile(home) if r.random() < 0.5 else None
    st = {
        "header": r.random() < 0.5,
        "party": r.random() < 0.4,
        "hab": habits(r),
        "facts": r.choice(
            [
                "{pd}，投诉人在被投诉人处〔购买〕了{prod}{qty}{unit}，单价{price}元，合计{amt}元（有购物小票及付款记录为证）。",
                "投诉人于{pd}在被投诉人经营场所〔购买〕{prod}{qty}{unit}，〔实付〕{amt}元。",
                "{pd}〔本人〕在{reg}〔购买〕{prod}共{qty}{unit}，支付{amt}元，小票及支付记录附后。",
            ]
        ),
        "law": {k: r.choice(v) for k, v in LAW_QUOTES.items()},
        "demand": {"complaint": r.choice(PRO_DEMANDS["complaint"])},
        "closing": r.choice(PRO_CLOSINGS),
    }
    start = w.day(START, END - dt.timedelta(days=120))
    span = r.randint(60, 260)
    kinds = {"supermarket", "pharmacy", "online", "fresh"}
    n = 0
    while n < size:
        m = w.fitting(kinds, set(VIOLATIONS), popular=r.random() < 0.3)
        prod = w.product(m, set(VIOLATIONS))
        defect = scheme_defect(r, prod)
        law = 55 if defect in ("false_ad", "counterfeit") else 148
        visit = start + dt.timedelta(days=r.randint(0, span))
        if visit > END - dt.timedelta(days=12):
            visit = END - dt.timedelta(days=r.randint(12, 60))
        splits = min(size - n, r.choices([1, 2, 3, 4, 5], [35, 20, 20, 15, 10])[0])
        photo = None
        for _ in range(splits):
            pdate = (visit + dt.timedelta(days=0 if r.random() < 0.7 else 1)).date()
            got = w.at(visit + dt.timedelta(days=r.randint(1, 9)))
            row = new_row(
                w,
                p,
                m,
                prod,
                got,
                r.choices(["12315平台", "网络", "消费者协会"], [80, 12, 8])[0],
                pdate=pdate,
                qty=r.randint(1, 3) if prod[3] < 100 else 1,
            )
            row.claim = pro_claim(r, row.amount, law)
            row.law = r.choice(LAW148 if law == 148 else LAW55) if r.random() < 0.85 else ""
            if phone2 and r.random() < 0.35:
                row.phone = phone2
            row.text = pro_text(w, st | {"unit": prod[1]}, row, defect, law, "complaint")
            row.pics.append(w.pic(("receipt", r.getrandbits(31)), got))
            if photo is None or r.random() < 0.5:
                photo = ("prod", w.design(m, prod[0]), r.getrandbits(31))
            row.pics.append(w.pic(photo, got))
            outcome = r.choices(
                ["调解不成", "终止调解", "不予受理", "撤回", "部分赔偿", "已办结", "已赔偿", "处理中", ""],
                [24, 15, 10, 10, 8, 13, 5, 8, 7],
            )[0]
            comp = {"撤回": row.claim, "部分赔偿": round(row.claim * r.uniform(0.2, 0.6)), "已赔偿": row.claim}.get(
                outcome
            )
            settle(w, row, outcome, comp)
            w.add(row, g)
            n += 1
            # Escalation of the same purchase: report, administrative review, lawsuit.
            prev = row
            for stage, p_next in (("report", 0.3), ("review", 0.35), ("lawsuit", 0.35)):
                if n >= size or r.random() >= p_next:
                    break
                later = prev.received + dt.timedelta(days=r.randint(15, 60))
                if later > END:
                    break
                esc = Row(
                    received=w.at(later),
                    channel=STAGE_CHANNEL[stage],
                    person=p,
                    merchant=m,
                    product=prod[0],
                    text="",
                    pdate=row.pdate,
                    qty=row.qty,
                    amount=row.amount,
                    claim=row.claim,
                    law=row.law or r.choice(LAW148 if law == 148 else LAW55),
                )
                esc.text = pro_text(w, st | {"unit": prod[1]}, esc, defect, law, stage)
                esc.pics = [w.pic(row.pics[0].spec, later)]  # the same receipt, attached again
                settle(
                    w,
                    esc,
                    r.choice(
                        {
                            "report": ["不予立案", "已办结", "处理中"],
                            "review": ["驳回", "维持原决定", "终止"],
                            "lawsuit": ["撤诉", "驳回", "调解", "判决支持"],
                        }[stage]
                    ),
                )
                w.add(esc, g)
                n += 1
                prev = esc


def account_sentence(r: random.Random, holder: str, bank: str, card: str, phone: str | None = None) -> str:
    options = [
        f"赔偿款请直接转到{bank}卡号{card_in_text(r, card)}（户名{holder}）。",
        f"收款账户：{bank} {card_in_text(r, card)}，{holder}。",
        f"请将款项汇入{holder}的{bank}账户{card_in_text(r, card)}。",
    ]
    if phone:
        options.append(f"赔偿款打到支付宝{phone_in_text(r, phone)}（{holder}）即可。")
    return r.choice(options)


def scheme_multi(w: World, size: int) -> None:
    """One person filing under several identities: names and ID numbers rotate, phones and an account repeat."""
    r = w.r
    g = w.register("schemes", "multi_identity")
    k = max(2, min(size, r.randint(3, 8)))
    home = r.choices(HZ, HZ_W)[0][0] if r.random() < 0.5 else r.choice(ZJ_OTHER + CN_OTHER)
    operator = w.person(home=home, age=(28, 55))
    phones = [operator.phone] + [w.mobile(home) for _ in range(r.randint(0, 2))]
    addr_base = operator.address
    idents = []
    for _ in range(k):
        region = r.choice([home] + ZJ_OTHER + CN_OTHER) if home.startswith("33") else r.choice([home] + CN_OTHER)
        phone = r.choice(phones) if r.random() < 0.65 else None
        address = addr_base if r.random() < 0.5 else None
        if address and r.random() < 0.5:
            address = address.replace("幢", "栋").replace("单元", "-").replace("杭州市", "")
        idents.append(
            w.person(
                region=region,
                home=home,
                surname=operator.name[0] if r.random() < 0.4 else None,
                phone=phone,
                address=address,
                age=(20, 70),
            )
        )
    holder = r.choice([operator.name, idents[0].name, w.surname() + w.given(r.random() < 0.5)])
    bank, card = w.card()
    pay_phone = r.choice(phones)
    account_rate = r.choice([0.0, 0.4, 0.7]) if k > 2 else 0.6
    hab = habits(r)
    template = (
        "{pd}〔本人〕在{mn}〔购买〕了{prod}，〔发现〕{defect}。这是明显的违法行为，〔商家〕必须〔根据〕{lawname}〔赔偿〕{claim}元，"
        "否则〔本人〕会一直投诉到底。"
    )
    alt = (
        "〔本人〕{pd}从{mn}〔购买〕{prod}{qty}{unit}，〔实付〕{amt}元，回家〔发现〕{defect}。"
        "〔要求〕〔商家〕〔赔偿〕{claim}元（{lawname}）。"
    )
    start = w.day(START, END - dt.timedelta(days=90))
    span = r.randint(40, 200)
    fixed_claim = r.choice([None, 1000.0, 2000.0, 500.0])
    receipt = ("receipt", r.getrandbits(31)) if r.random() < 0.5 else None
    n = 0
    while n < size:
        m = w.fitting({"supermarket", "online", "pharmacy", "catering", "fresh"}, set(DEFECT_SHORT))
        prod = w.product(m, set(DEFECT_SHORT))
        defect = r.choice([d for d in prod[4] if d in DEFECT_SHORT] or ["expired"])
        visit = start + dt.timedelta(days=r.randint(0, span))
        # Sometimes one purchase is filed again under a second identity.
        twins = 2 if r.random() < 0.3 and size - n >= 2 else 1
        who = r.sample(idents, min(twins, len(idents)))
        for ident in who:
            got = w.at(min(END, visit + dt.timedelta(days=r.randint(1, 12))))
            channel = r.choices(["12315平台", "网络", "消费者协会", "12345热线"], [70, 12, 8, 10])[0]
            row = new_row(w, ident, m, prod, got, channel, pdate=visit.date(), qty=r.randint(1, 2))
            law = 55 if defect in ("false_ad", "counterfeit") else 148
            row.claim = fixed_claim or pro_claim(r, row.amount, law)
            row.law = r.choice(LAW148 if law == 148 else LAW55) if r.random() < 0.6 else ""
            v = {
                "pd": cn_date(row.pdate, r),
                "mn": m.sign if r.random() < 0.5 else m.reg,
                "prod": prod[0],
                "qty": row.qty,
                "unit": prod[1],
                "amt": money(row.amount),
                "claim": money(row.claim),
                "lawname": r.choice(
                    ["《食品安全法》第148条", "食品安全法一百四十八条"]
                    if law == 148
                    else ["消法第55条", "《消费者权益保护法》第五十五条"]
                ),
                "defect": para(r, DEFECT_SHORT[defect], hab, 0.3).format(
                    obj=r.choice(OBJECTS), effect=r.choice(EFFECTS), ext=r.choice(EXTREME)
                ),
            }
            text = para(r, template if r.random() < 0.6 else alt, hab, 0.3).format(**v)
            if r.random() < account_rate:
                text += account_sentence(r, holder, bank, card, pay_phone)
            row.text = roughen(r, text, 0.03, 0.08, 0.15)
            hotline_identity(w, row)
            if receipt and r.random() < 0.5:
                row.pics.append(w.pic(("edit", receipt, edit_ops(r, mild=True)), got))
            else:
                row.pics.append(w.pic(("receipt", r.getrandbits(31)), got))
            if r.random() < 0.5:
                row.pics.append(w.photo(m, prod[0], got))
            outcome = r.choices(
                ["调解不成", "终止调解", "撤回", "已撤回", "部分赔偿", "已办结", "处理中", "不予受理"],
                [20, 15, 12, 6, 10, 15, 12, 10],
            )[0]
            settle(
                w,
                row,
                outcome,
                row.claim
                if outcome in ("撤回", "已撤回") and r.random() < 0.6
                else round(row.claim * 0.5)
                if outcome == "部分赔偿"
                else None,
            )
            w.add(row, g)
            n += 1


def edit_ops(r: random.Random, mild: bool = False) -> tuple:
    """Edits a forger makes before re-sending a picture."""
    ops = []
    if mild:
        pool = ["crop", "bright", "scale"]
        count = r.randint(1, 2)
    else:
        pool = ["rot", "flip", "crop", "frame", "bright", "scale", "tint", "crop"]
        count = r.randint(1, 3)
    for op in r.sample(pool, count):
        if op == "rot":
            ops.append(("rot", r.choice([1, 2, 3])))
        elif op == "flip":
            ops.append(("flip",))
        elif op == "crop":
            a = r.uniform(0.0, 0.25 if not mild else 0.1)
            b = r.uniform(0.0, 0.25 if not mild else 0.1)
            ops.append(("crop", round(a, 3), round(b, 3), round(r.uniform(0.7, 0.95), 3)))
        elif op == "frame":
            ops.append(("frame", r.getrandbits(16)))
        elif op == "bright":
            ops.append(("bright", round(r.uniform(0.75, 1.3), 2)))
        elif op == "scale":
            ops.append(("scale", round(r.uniform(0.6, 1.4), 2)))
        elif op == "tint":
            ops.append(("tint", r.randint(-25, 25), r.randint(-25, 25), r.randint(-25, 25)))
    return tuple(ops)


COORD_LINES = [
    "如需协商请联系{cname}，电话{cphone}。",
    "有事请联系我{rel}{cname}（{cphone}），他全权代表我处理。",
    "调解请打{cphone}，我本人不方便接电话。",
    "本次投诉已委托{cname}处理，联系电话：{cphone}。",
]
ACCOUNT_LINES = [
    "赔偿款请转至{bank}账户{card}，户名{cname}。",
    "收款账号：{card}（{bank}，{cname}）。",
    "调解款项请汇入{card}（{bank}），收款人{cname}。",
]


def coordinator_line(r: random.Random, coord: Person, bank: str, card: str, prefer: str) -> str:
    v = {
        "cname": r.choice([coord.name, coord.title, coord.name]),
        "rel": r.choice(["表哥", "老乡", "朋友", "代理人"]),
        "cphone": phone_in_text(r, coord.phone),
        "bank": bank,
        "card": card_in_text(r, card),
    }
    lines = COORD_LINES if (prefer == "phone") == (r.random() < 0.8) else ACCOUNT_LINES
    return r.choice(lines).format(**v)


def scheme_gang(w: World, size: int) -> None:
    """A regional gang: members from one prefecture, SIM cards from one number block, a coordinator in the texts."""
    r = w.r
    g = w.register("schemes", "regional_gang")
    cluster = r.choice(CLUSTERS)
    block = w.block(cluster[0])
    base = r.randint(0, 9000)
    coord = w.person(region=cluster[0], home=cluster[0], female=False, age=(30, 55), block=block)
    bank, card = w.card()
    prefer = r.choice(["phone", "account"])
    members = []
    for _ in range(max(3, min(14, size // 3))):
        region = r.choice(cluster)
        in_block = r.random() < 0.75
        phone = w.mobile(block=block, tail=(base, base + 120)) if in_block else w.mobile(region)
        rental = r.random() < 0.25
        members.append(
            w.person(
                region=region,
                home=region,
                phone=phone,
                age=(19, 60),
                address=w.hz_address("330109") if rental else None,
            )
        )
    if r.random() < 0.5:
        members.append(coord)
    template = r.choice(["expired_food", "no_label"])
    hab = habits(r)
    order_seed = r.getrandbits(31)
    coord_rate = r.uniform(0.45, 0.85)
    n = 0
    sweep_start = w.day(START, END - dt.timedelta(days=60))
    while n < size:
        window = r.randint(3, 15)
        targets = [w.fitting({"supermarket"}, RING_FIT[template][1], popular=True) for _ in range(r.randint(2, 5))]
        for m in targets:
            hitters = r.sample(members, min(len(members), r.randint(1, 4)))
            prod = w.product(m, RING_FIT[template][1])
            for member in hitters:
                if n >= size:
                    break
                day = sweep_start + dt.timedelta(days=r.randint(0, window))
                got = w.at(min(END, day + dt.timedelta(days=r.randint(1, 5))))
                row = new_row(
                    w,
                    member,
                    m,
                    prod,
                    got,
                    r.choices(["12315平台", "网络", "12345热线"], [80, 10, 10])[0],
                    pdate=day.date(),
                    qty=r.randint(1, 3) if prod[3] < 100 else 1,
                )
                row.claim = 1000.0 if r.random() < 0.8 else pro_claim(r, row.amount, 148)
                row.law = r.choice(LAW148) if r.random() < 0.7 else ""
                v = {
                    "pd": cn_date(row.pdate, r),
                    "mn": m.reg if r.random() < 0.6 else m.sign + m.branch,
                    "prod": prod[0],
                    "qty": row.qty,
                    "unit": prod[1],
                    "amt": money(row.amount),
                    "n": r.randint(3, 90),
                    "mfg": cn_date(row.pdate - dt.timedelta(days=r.randint(200, 500))),
                }
                text = ring_text(w, template, v, hab, 0.5, order_seed)
                if member is not coord and r.random() < coord_rate:
                    text += coordinator_line(r, coord, bank, card, prefer)
                row.text = roughen(r, text, 0.03, 0.1, 0.2)
                hotline_identity(w, row)
                if r.random() < 0.6:
                    row.pics.append(w.photo(m, prod[0], got))
                if r.random() < 0.5:
                    row.pics.append(w.pic(("receipt", r.getrandbits(31)), got))
                outcome = r.choices(
                    ["调解不成", "终止调解", "撤回", "已撤回", "已办结", "处理中", "不予受理", "部分赔偿"],
                    [22, 14, 14, 5, 15, 12, 8, 10],
                )[0]
                settle(
                    w,
                    row,
                    outcome,
                    1000.0
                    if outcome in ("撤回", "已撤回") and r.random() < 0.6
                    else round(row.claim * 0.4)
                    if outcome == "部分赔偿"
                    else None,
                    (1, 20),
                )
                w.add(row, g)
                n += 1
        sweep_start = min(END - dt.timedelta(days=20), sweep_start + dt.timedelta(days=r.randint(20, 80)))


def scheme_paraphrase(w: World, size: int) -> None:
    """Strangers filing one script, each retyped: synonyms, clause order, traditional characters, typos."""
    r = w.r
    g = w.register("schemes", "paraphrase_ring")
    template = r.choice(list(RING_TEMPLATES))
    kinds, problems = RING_FIT[template]
    law = 55 if template == "extreme_words" else 148
    start = w.day(START, END - dt.timedelta(days=100))
    window = r.randint(20, 90)
    members = [w.person(age=(20, 60)) for _ in range(max(2, round(size * r.uniform(0.7, 0.95))))]
    n = 0
    while n < size:
        for member in members:
            if n >= size:
                break
            if n >= len(members) and r.random() < 0.5:
                continue
            m = w.fitting(kinds, problems)
            prod = w.product(m, problems)
            got = w.at(start + dt.timedelta(days=r.randint(0, window)))
            row = new_row(
                w,
                member,
                m,
                prod,
                got,
                r.choices(["12315平台", "网络", "消费者协会", "举报"], [70, 12, 8, 10])[0],
                qty=1 if prod[3] > 100 else r.randint(1, 2),
            )
            row.pdate = (got - dt.timedelta(days=r.randint(1, 15))).date()
            row.claim = pro_claim(r, row.amount, law)
            row.law = r.choice(LAW55 if law == 55 else LAW148) if r.random() < 0.55 else ""
            v = {
                "pd": cn_date(row.pdate, r),
                "mn": m.sign if r.random() < 0.5 else m.reg,
                "prod": prod[0],
                "qty": row.qty,
                "unit": prod[1],
                "amt": money(row.amount),
                "ext": r.choice(EXTREME),
                "ext2": r.choice(EXTREME),
                "n": r.randint(2, 60),
                "mfg": cn_date(row.pdate - dt.timedelta(days=r.randint(200, 500))),
                "effect": r.choice(EFFECTS),
                "claim": money(row.claim),
            }
            row.text = roughen(r, ring_text(w, template, v), 0.25, 0.35, 0.45)
            if r.random() < 0.25:
                row.pics.append(w.pic(("chat", r.getrandbits(31)), got, style="shot"))
            outcome = r.choices(
                ["调解不成", "终止调解", "不予受理", "已办结", "处理中", "撤回", ""], [25, 18, 12, 15, 12, 8, 10]
            )[0]
            settle(w, row, outcome, row.claim if outcome == "撤回" and r.random() < 0.5 else None)
            w.add(row, g)
            n += 1


def scheme_low_slow(w: World, size: int) -> None:
    """Few complaints a month over a year, from several cities; the coordinator's phone or account is in the texts."""
    r = w.r
    g = w.register("schemes", "low_slow_ring")
    coord = w.person(age=(30, 55))
    bank, card = w.card()
    prefer = r.choice(["phone", "account"])
    block = w.block(r.choice(CN_OTHER)) if r.random() < 0.5 else None
    regions = r.sample(ZJ_OTHER + CN_OTHER, 8)
    k = max(3, min(10, round(size / r.uniform(1.4, 2.2))))
    members = [
        w.person(
            region=regions[i % len(regions)],
            home=regions[i % len(regions)],
            age=(22, 62),
            block=block if block and r.random() < 0.8 else None,
        )
        for i in range(k)
    ]
    template = r.choice(list(RING_TEMPLATES))
    kinds, problems = RING_FIT[template]
    hab = habits(r)
    start = w.day(START, END - dt.timedelta(days=300))
    months = r.randint(6, 15)
    coord_rate = r.uniform(0.65, 0.95)
    for i in range(size):
        member = members[i % k]
        day = start + dt.timedelta(days=r.randint(0, months * 30))
        day = min(day, END - dt.timedelta(days=2))
        m = w.fitting(kinds, problems)
        prod = w.product(m, problems)
        row = new_row(
            w,
            member,
            m,
            prod,
            w.at(day),
            r.choices(["12315平台", "网络", "消费者协会", "12345热线"], [70, 10, 10, 10])[0],
            qty=1 if prod[3] > 100 else r.randint(1, 3),
        )
        law = 55 if template == "extreme_words" else 148
        row.claim = pro_claim(r, row.amount, law)
        row.law = r.choice(LAW55 if law == 55 else LAW148) if r.random() < 0.4 else ""
        v = {
            "pd": cn_date(row.pdate, r),
            "mn": m.sign if r.random() < 0.5 else m.reg,
            "prod": prod[0],
            "qty": row.qty,
            "unit": prod[1],
            "amt": money(row.amount),
            "ext": r.choice(EXTREME),
            "ext2": r.choice(EXTREME),
            "n": r.randint(2, 60),
            "mfg": cn_date(row.pdate - dt.timedelta(days=r.randint(200, 500))),
            "effect": r.choice(EFFECTS),
            "claim": money(row.claim),
        }
        text = ring_text(w, template, v, hab, 0.6)
        if r.random() < coord_rate:
            text += coordinator_line(r, coord, bank, card, prefer)
        row.text = roughen(r, text, 0.05, 0.2, 0.3)
        hotline_identity(w, row)
        if r.random() < 0.4:
            row.pics.append(w.photo(m, prod[0], row.received))
        outcome = r.choices(
            ["调解不成", "终止调解", "撤回", "已办结", "处理中", "部分赔偿", "调解成功"], [20, 15, 15, 20, 10, 10, 10]
        )[0]
        settle(
            w,
            row,
            outcome,
            row.claim
            if outcome in ("撤回", "调解成功") and r.random() < 0.6
            else round(row.claim * 0.5)
            if outcome == "部分赔偿"
            else None,
        )
        w.add(row, g)


FORGED_LINES = [
    "{pd}在{mn}点了{prod}，吃到一半〔发现〕里面有{obj}（见附图），当时就吐了。",
    "{pd}〔本人〕在{mn}〔购买〕的{prod}里吃出了{obj}，照片已上传。",
    "〔本人〕于{pd}在{mn}消费{prod}，〔发现〕{obj}，有图为证。",
]
FORGED_TAILS = [
    "〔商家〕一开始不承认，后来说最多退餐费。这是〔严重〕的〔食品〕安全问题，〔要求〕〔赔偿〕{claim}元。",
    "〔商家〕态度恶劣，〔拒绝〕〔赔偿〕。〔要求〕〔赔偿〕{claim}元，否则〔本人〕会向媒体反映。",
    "〔要求〕〔商家〕〔赔偿〕精神损失和医疗费共计{claim}元。",
]


def scheme_forged(w: World, size: int) -> None:
    """A planted-object photo re-sent by several identities against different shops, each time edited."""
    r = w.r
    g = w.register("schemes", "forged_evidence")
    bases = [("planted", ("food", r.getrandbits(31)), r.getrandbits(31)) for _ in range(r.choice([1, 1, 2]))]
    objs = [r.choice(["一只虫子", "一只蟑螂", "一根头发", "一小块碎玻璃", "一段铁丝"]) for _ in bases]
    k = max(2, min(size, r.randint(3, 7)))
    idents = [w.person(age=(20, 60)) for _ in range(k)]
    if r.random() < 0.4:  # two of them share a phone
        idents[1].phone = idents[0].phone
    hab = habits(r)
    start = w.day(START, END - dt.timedelta(days=150))
    span = r.randint(30, 150)
    claim = r.choice([1000.0, 2000.0, 3000.0, 5000.0])
    for i in range(size):
        ident = idents[i % k] if i < k else r.choice(idents)
        m = w.fitting({"catering", "supermarket"}, {"foreign_object"})
        prod = w.product(m, {"foreign_object"})
        got = w.at(start + dt.timedelta(days=r.randint(0, span)))
        row = new_row(
            w, ident, m, prod, got, r.choices(["12315平台", "12345热线", "网络", "消费者协会"], [60, 20, 10, 10])[0]
        )
        row.pdate = (got - dt.timedelta(days=r.randint(0, 3))).date()
        b = r.randrange(len(bases))
        row.claim = claim if r.random() < 0.7 else r.choice([1000.0, 2000.0, 5000.0])
        v = {
            "pd": cn_date(row.pdate, r),
            "mn": m.sign if r.random() < 0.6 else m.reg,
            "prod": prod[0],
            "obj": objs[b],
            "claim": money(row.claim),
        }
        row.text = roughen(
            r, para(r, r.choice(FORGED_LINES) + r.choice(FORGED_TAILS), hab, 0.5).format(**v), 0.03, 0.1, 0.2
        )
        if row.channel in HOTLINE:
            row.text = f"来电人{ident.title}反映：" + row.text
        hotline_identity(w, row)
        if r.random() < 0.85:
            row.pics.append(w.pic(("edit", bases[b], edit_ops(r)), got))
        if r.random() < 0.4:
            row.pics.append(w.pic(("receipt", r.getrandbits(31)), got))
        outcome = r.choices(["调解不成", "终止调解", "撤回", "已办结", "处理中", "部分赔偿"], [25, 20, 15, 15, 10, 15])[
            0
        ]
        settle(
            w,
            row,
            outcome,
            row.claim
            if outcome == "撤回" and r.random() < 0.6
            else round(row.claim * 0.3)
            if outcome == "部分赔偿"
            else None,
        )
        w.add(row, g)


MEDIA_ROLES = [
    "自媒体博主（全网粉丝{k}万）",
    "《{paper}》记者",
    "{firm}律师事务所的律师",
    "某短视频平台的美食探店博主",
    "消费维权博主",
]
PAPERS = ["钱江消费导报", "浙东晨报", "民生观察", "城市快讯"]
TV = ["电视台的新闻栏目", "《1818黄金眼》栏目", "《钱江热线》", "本地新闻媒体", "各大短视频平台"]
MEDIA_LINES = [
    "我是{role}。{pd}在你们店消费了{prod}，{defect}。我已经拍了视频和照片，如果三天内不〔赔偿〕{X}元，我会把视频发到抖音、小红书，并联系{tv}进行曝光。",
    "〔本人〕系{role}，{pd}在{mn}〔购买〕{prod}，{defect}。限{mn}在48小时内〔赔偿〕{X}元，逾期我将联系{tv}，后果自负。",
    "{pd}在{mn}〔购买〕{prod}，{defect}。作为{role}，我有义务曝光这种商家。给你们一个机会，{X}元私了，否则我们媒体上见。",
]


def scheme_media(w: World, size: int) -> None:
    """Posing as journalist, blogger or lawyer; the same fixed sum demanded of every shop."""
    r = w.r
    g = w.register("schemes", "media_extortion")
    people = [w.person(age=(22, 50)) for _ in range(r.choice([1, 1, 2]))]
    role = r.choice(MEDIA_ROLES).format(
        k=r.randint(3, 80), paper=r.choice(PAPERS), firm=w.surname() + r.choice(["正", "信", "衡", "达"])
    )
    X = r.choice([2000.0, 3000.0, 5000.0, 8000.0, 10000.0])
    hab = habits(r)
    start = w.day(START, END - dt.timedelta(days=120))
    span = r.randint(30, 180)
    shot = ("chat", r.getrandbits(31)) if r.random() < 0.5 else None
    for i in range(size):
        p = people[i % len(people)]
        m = w.any_merchant({"catering", "prepaid", "clothing", "home", "supermarket", "digital"})
        prod = w.product(m)
        got = w.at(start + dt.timedelta(days=r.randint(0, span)))
        row = new_row(
            w, p, m, prod, got, r.choices(["12315平台", "12345热线", "消费者协会", "网络"], [55, 20, 15, 10])[0]
        )
        row.claim = X if r.random() < 0.85 else r.choice([X * 2, X / 2])
        problem = r.choice(prod[4])
        v = {
            "role": role,
            "pd": cn_date(row.pdate, r),
            "prod": prod[0],
            "mn": m.sign,
            "X": money(row.claim),
            "tv": r.choice(TV),
            "defect": finding(r, PROBLEMS[problem][0], prod[0]).format(**slot_values(w, row, m.sign, prod[1], problem)),
        }
        row.text = roughen(r, para(r, r.choice(MEDIA_LINES), hab, 0.4).format(**v), 0.02, 0.08, 0.1)
        hotline_identity(w, row)
        if shot and r.random() < 0.6:
            row.pics.append(w.pic(("edit", shot, edit_ops(r, mild=True)), got))
        elif r.random() < 0.5:
            row.pics.append(w.photo(m, prod[0], got))
        outcome = r.choices(
            ["调解不成", "终止调解", "撤回", "已撤回", "不予受理", "已办结", "处理中"], [25, 20, 15, 5, 10, 15, 10]
        )[0]
        settle(w, row, outcome, row.claim if outcome in ("撤回", "已撤回") and r.random() < 0.6 else None, (1, 10))
        w.add(row, g)


def scheme_withdraw(w: World, size: int) -> None:
    """Complain, take a private payment, withdraw; then the next shop."""
    r = w.r
    g = w.register("schemes", "withdraw_after_payment")
    people = [w.person(age=(25, 55)) for _ in range(r.choice([1, 1, 2]))]
    if len(people) == 2 and r.random() < 0.5:
        people[1].address = people[0].address
    start = w.day(START, END - dt.timedelta(days=120))
    span = r.randint(40, 200)
    st = {
        "header": r.random() < 0.3,
        "party": False,
        "hab": habits(r),
        "facts": "{pd}，〔本人〕在{reg}〔购买〕{prod}{qty}{unit}，〔实付〕{amt}元。",
        "law": {k: r.choice(v) for k, v in LAW_QUOTES.items()},
        "demand": {"complaint": r.choice(PRO_DEMANDS["complaint"])},
        "closing": r.choice(PRO_CLOSINGS),
    }
    for i in range(size):
        p = people[i % len(people)]
        m = w.fitting({"supermarket", "catering", "online", "pharmacy"}, set(VIOLATIONS))
        prod = w.product(m, set(VIOLATIONS))
        defect = scheme_defect(r, prod)
        law = 55 if defect in ("false_ad", "counterfeit") else 148
        got = w.at(start + dt.timedelta(days=r.randint(0, span)))
        row = new_row(
            w, p, m, prod, got, r.choices(["12315平台", "12345热线", "网络"], [75, 15, 10])[0], qty=r.randint(1, 3)
        )
        row.claim = pro_claim(r, row.amount, law) if r.random() < 0.6 else r.choice([1000.0, 2000.0, 3000.0])
        row.law = r.choice(LAW148 if law == 148 else LAW55) if r.random() < 0.6 else ""
        if r.random() < 0.5:
            row.text = pro_text(w, st | {"unit": prod[1]}, row, defect, law, "complaint")
        else:
            row.text = ordinary_text(w, row, r.choice(prod[4]), prod[1], law=True)
        if r.random() < 0.3:
            row.text += (
                r.choice(
                    [
                        "如〔商家〕愿意私下协商，〔本人〕可撤回投诉。",
                        "私下解决的话可以联系我，解决后我会撤诉。",
                        "双方如能协商一致，本人将主动撤回。",
                    ]
                )
                .replace("〔商家〕", "商家")
                .replace("〔本人〕", "本人")
            )
        hotline_identity(w, row)
        row.pics.append(w.pic(("receipt", r.getrandbits(31)), got))
        if r.random() < 0.8:
            comp = r.choice([row.claim, 800.0, 1000.0, 1500.0, 2000.0]) if r.random() < 0.7 else None
            settle(w, row, r.choice(WITHDRAWN), comp, (1, 6))
        else:
            settle(w, row, r.choice(["调解不成", "已办结", "处理中"]))
        w.add(row, g)


# ----------------------------------------------------------------------------- traps (genuine groups)

BATCH_ITEMS = [
    ("低温鲜牛奶", "盒", 12, 25),
    ("风味酸奶", "杯", 6, 12),
    ("速冻汤圆", "袋", 15, 28),
    ("儿童奶酪棒", "袋", 25, 49),
    ("鲜肉月饼", "盒", 38, 88),
    ("卤味鸭脖", "袋", 19, 39),
    ("冷冻水饺", "袋", 18, 36),
    ("婴儿米粉", "罐", 68, 128),
]
SYMPTOMS = [
    "孩子喝了以后上吐下泻",
    "打开后发现胀袋，闻着有酸味",
    "吃了以后肚子疼了一整晚",
    "里面结块变质，颜色也不对",
    "家里老人吃完拉肚子",
    "口感发苦，吃了两口就不敢吃了",
    "有一股很重的异味",
]


def trap_batch(w: World, size: int) -> None:
    """A real bad lot: many buyers within days, quoting the public notice, similar close-ups, compensated."""
    r = w.r
    g = w.register("traps", "contaminated_batch")
    item, unit, lo, hi = r.choice(BATCH_ITEMS)
    pbrand = w.brand()
    pname = f"{pbrand}牌{item}"
    notice_day = w.day(START + dt.timedelta(days=20), END - dt.timedelta(days=15))
    lot = f"{notice_day - dt.timedelta(days=r.randint(10, 30)):%Y%m%d}{r.choice('ABCDE')}{r.randint(1, 3)}"
    chain = w.brand()
    shops = [w.merchant("supermarket", brand=chain) for _ in range(r.randint(1, 4))]
    if r.random() < 0.5:
        shops.append(w.merchant("online"))
    notice = r.choice(
        [
            f"杭州市市场监督管理局发布的《关于{pname}（批号{lot}）的风险提示》",
            f"厂家在官方公众号发布的召回公告（批号{lot}）",
            f"浙江省市场监管局食品安全抽检信息通告（{notice_day.year}年第{r.randint(3, 40)}期）",
            f"新闻里报道的{pbrand}{item}召回通知",
        ]
    )
    design = r.getrandbits(31)
    prod = (pname, unit, lo, hi, ["spoiled"])
    n = 0
    last: Person | None = None
    while n < size:
        if last is not None and r.random() < 0.08:  # a second person of the same household
            p = w.person(home="330106", phone=last.phone, address=last.address, surname=last.name[0])
        else:
            p = w.person(home=r.choices(HZ, HZ_W)[0][0] if r.random() < 0.88 else None)
        last = p
        for _ in range(2 if r.random() < 0.08 and size - n >= 2 else 1):
            m = r.choice(shops)
            got = w.at(notice_day + dt.timedelta(days=r.randint(-2, 8)))
            channel = r.choices(["12315平台", "12345热线", "消费者协会", "电话", "网络"], [55, 20, 10, 5, 10])[0]
            row = new_row(w, p, m, prod, got, channel, qty=r.randint(1, 6))
            row.pdate = (notice_day - dt.timedelta(days=r.randint(0, 12))).date()
            if row.pdate >= got.date():
                row.pdate = (got - dt.timedelta(days=1)).date()
            med = r.choice([0, 0, 0, 86, 158, 320, 460])
            law = r.random() < 0.12
            v = {
                "pd": cn_date(row.pdate, r),
                "mn": m.sign + m.branch if r.random() < 0.5 else m.reg,
                "prod": pname,
                "qty": row.qty,
                "unit": unit,
                "amt": money(row.amount),
                "lot": lot,
                "sym": r.choice(SYMPTOMS),
                "notice": notice,
                "med": med,
            }
            if channel in HOTLINE:
                row.text = (
                    f"{r.choice(['来电人', '市民'])}{p.title}反映："
                    f"{v['pd']}在{v['mn']}购买{pname}（批号{lot}），{v['sym']}。"
                    f"{'看到' + notice + '，' if r.random() < 0.6 else ''}要求商家退款"
                    + (f"并承担医药费{med}元" if med else "")
                    + "。"
                )
            else:
                parts = [
                    r.choice(
                        [
                            "{pd}在{mn}买了{qty}{unit}{prod}，花了{amt}元。",
                            "我于{pd}在{mn}购买{prod}{qty}{unit}，批号{lot}。",
                            "{pd}通过{mn}买的{prod}，一共{amt}元。",
                        ]
                    ),
                    r.choice(["{sym}。", "回家后{sym}。", "打开以后{sym}。"]),
                    r.choice(
                        [
                            "后来看到{notice}，正是我买的这一批。",
                            "{notice}里提到的批号就是{lot}，和我买的一样。",
                            "今天看到{notice}，才知道是这批货有问题。",
                            "",
                        ]
                    ),
                    r.choice(
                        ["去医院看了，花了医药费{med}元。" if med else "", "我们不是为了钱，就是希望商家能负责。", ""]
                    ),
                    (
                        "〔根据〕《食品安全法》第一百四十八条，〔要求〕〔十倍〕〔赔偿〕。"
                        if law
                        else r.choice(
                            [
                                "要求退货退款。",
                                "要求商家退款并承担医药费。",
                                "希望商家尽快处理，把同批次的都下架。",
                                "要求赔偿损失。",
                            ]
                        )
                    ),
                ]
                row.text = para(r, "".join(parts)).format(**v)
            row.claim = 1000.0 if law else (row.amount + med if r.random() < 0.6 else None)
            row.law = r.choice(LAW148) if law and r.random() < 0.6 else ""
            hotline_identity(w, row)
            if r.random() < 0.65:
                row.pics.append(w.pic(("prod", design, r.getrandbits(31), 1), got))
            if r.random() < 0.25:
                row.pics.append(w.pic(("receipt", r.getrandbits(31)), got))
            outcome = r.choices(
                ["已赔偿", "调解成功", "部分赔偿", "已办结", "撤回", "处理中", "终止调解"], [35, 25, 10, 10, 8, 7, 5]
            )[0]
            comp = (
                round(row.amount + med, 2)
                if outcome in ("已赔偿", "调解成功", "撤回")
                else (round(row.amount, 2) if outcome in ("部分赔偿", "已办结") else None)
            )
            settle(w, row, outcome, comp, (2, 20))
            w.add(row, g)
            n += 1


def trap_household(w: World, size: int) -> None:
    """A family on one phone or one address; each member complains now and then, about ordinary things."""
    r = w.r
    g = w.register("traps", "household")
    home = r.choices(HZ, HZ_W)[0][0]
    head = w.person(home=home, age=(32, 60))
    share_phone = r.random() < 0.7
    sur = head.name[0]
    members = [head]
    for i in range(r.randint(1, 3)):
        female = i == 0 or r.random() < 0.5
        members.append(
            w.person(
                home=home,
                female=female,
                surname=None if i == 0 else sur,
                age=(18, 80),
                phone=head.phone if share_phone else None,
                address=head.address,
            )
        )
    common = w.any_merchant({"prepaid", "supermarket", "catering"}) if r.random() < 0.3 else None
    for i in range(size):
        p = members[i % len(members)]
        m = common if common and r.random() < 0.4 else None
        got = w.day()
        w.add(genuine_row(w, p, m, got), g)


def trap_dormitory(w: World, size: int) -> None:
    """Factory workers at one dormitory address, several from one home county; ordinary claims."""
    r = w.r
    g = w.register("traps", "dormitory")
    company = f"杭州{w.brand()}{r.choice(['电子', '纺织', '机械', '食品', '服饰', '汽配'])}有限公司"
    h = HZ_BY_CODE[r.choice(["330114", "330109", "330113", "330110"])]
    base = f"杭州市{h[1]}{r.choice(h[3])}{r.randint(1, 600)}号{company}"
    hometown = r.choice(CLUSTERS)
    gate_shop = w.merchant(r.choice(["supermarket", "digital", "catering"]), district=h)
    block = w.block("330114") if r.random() < 0.3 else None
    workers = []
    for _ in range(max(3, round(size / 1.4))):
        region = r.choice(hometown) if r.random() < 0.5 else r.choice(CN_OTHER)
        b = r.randint(1, 4)
        address = r.choice(
            [f"{base}员工宿舍{b}号楼{r.randint(1, 6)}{r.randint(1, 30):02d}室", f"{base}宿舍", f"{base}员工宿舍{b}幢"]
        )
        workers.append(
            w.person(
                region=region,
                home="330114",
                address=address,
                age=(18, 45),
                block=block if block and r.random() < 0.3 else None,
            )
        )
    start = w.day(START, END - dt.timedelta(days=200))
    for i in range(size):
        p = workers[i % len(workers)]
        m = gate_shop if r.random() < 0.3 else None
        w.add(genuine_row(w, p, m, start + dt.timedelta(days=r.randint(0, 190))), g)


def trap_power(w: World, size: int) -> None:
    """A frequent online shopper: many genuine complaints in everyday words, no script."""
    r = w.r
    g = w.register("traps", "power_user")
    p = w.person(home=r.choices(HZ, HZ_W)[0][0], age=(24, 48))
    regulars = [w.any_merchant({"online", "supermarket"}) for _ in range(r.randint(1, 2))]
    regular_prod = {m.reg: w.product(m) for m in regulars}
    start = w.day(START, END - dt.timedelta(days=330))
    span = r.randint(300, 520)
    law_once = r.random() < 0.3
    for i in range(size):
        got = min(END, start + dt.timedelta(days=r.randint(0, span)))
        if r.random() < 0.2:
            m = r.choice(regulars)
            row = genuine_row(
                w, p, m, got, channel=r.choice(["12315平台", "网络"]), prod=regular_prod[m.reg], pic_rate=0.45
            )
        else:
            m = w.any_merchant({"online"}) if r.random() < 0.6 else w.any_merchant()
            row = genuine_row(
                w,
                p,
                m,
                got,
                channel=r.choices(["12315平台", "网络", "12345热线", "消费者协会"], [65, 20, 10, 5])[0],
                law=law_once and i == size // 2,
                pic_rate=0.45,
            )
        w.add(row, g)


def trap_volunteer(w: World, size: int) -> None:
    """A consumer-rights volunteer station filing for its members, and saying so."""
    r = w.r
    g = w.register("traps", "volunteer_org")
    h = r.choices(HZ, HZ_W)[0]
    street = r.choice(h[2])
    org = r.choice(
        [
            f"{h[1]}{street}街道消费维权志愿服务站",
            f"杭州市{w.brand()}老年消费维权互助会",
            f"{r.choice(XQ_A)}社区消费维权联络点",
        ]
    )
    volunteer = w.person(home=h[0], age=(45, 70))
    org_phone = volunteer.phone if r.random() < 0.6 else w.landline()
    org_addr = f"杭州市{h[1]}{r.choice(h[3])}{r.randint(1, 600)}号{street}社区服务中心"
    members = [w.person(home=h[0], age=(55, 88)) for _ in range(max(3, size - r.randint(0, 4)))]
    start = w.day(START, END - dt.timedelta(days=200))
    for i in range(size):
        member = members[i % len(members)]
        got = start + dt.timedelta(days=r.randint(0, 190))
        row = genuine_row(
            w, member, None, got, channel=r.choices(["12315平台", "消费者协会", "网络"], [55, 35, 10])[0], pic_rate=0.35
        )
        lead = r.choice(
            [
                f"我是{org}的志愿者{volunteer.name}，受本站会员{member.name}委托代为投诉：",
                f"【{org}代为投诉】会员{member.name}（{member.address}）反映：",
                f"{org}受{member.name}委托，代其反映以下情况：",
            ]
        )
        tail = r.choice(["如需核实请联系会员本人或本站。", f"本站联系电话{org_phone}。", ""])
        row.text = lead + row.text + tail
        if r.random() < 0.4:
            row.name = volunteer.name
        if r.random() < 0.8:
            row.phone = org_phone
        if r.random() < 0.5:
            row.idno = ""
        if r.random() < 0.5:
            row.address = org_addr
        w.add(row, g)


def trap_two_channels(w: World, size: int) -> None:
    """One complaint filed honestly twice: on the platform and again on the hotline (signboard name, photo re-sent)."""
    r = w.r
    g = w.register("traps", "two_channel_duplicate")
    p = w.person()
    m = w.popular_merchant()
    got = w.day()
    first = genuine_row(w, p, m, got, channel=r.choice(["12315平台", "12315平台", "网络"]), pic_rate=0.0, mname=m.reg)
    first.mdisp, first.uscc = "reg", True
    if r.random() < 0.75:
        first.pics.append(w.photo(m, first.product, first.received))
    w.add(first, g)
    second_ch = r.choice(["12345热线", "12345热线", "消费者协会", "电话"])
    again = w.at(got + dt.timedelta(days=r.randint(0, 9)), second_ch in HOTLINE)
    prod = next(pr for pr in (m.products or PRODUCTS[m.kind]) if pr[0] == first.product)
    second = Row(
        received=again,
        channel=second_ch,
        person=p,
        merchant=m,
        product=first.product,
        text="",
        pdate=first.pdate,
        qty=first.qty,
        amount=first.amount,
        claim=first.claim,
        mdisp="sign",
        uscc=False,
    )
    if second_ch in HOTLINE:
        second.text = ordinary_text(w, second, first.problem, prod[1], mname=m.sign)
        if r.random() < 0.4:
            second.text += "（来电人称已在12315平台反映过，要求尽快处理）"
    else:  # the same letter, pasted again with a line in front
        second.text = r.choice(
            ["我已经在12315平台投诉过，一直没有结果，再向贵会反映一次：", "此前已在网上投诉。", ""]
        ) + roughen(r, first.text.replace(m.reg, m.sign), 0.0, 0.1, 0.3)
    hotline_identity(w, second)
    for pic in first.pics:
        second.pics.append(w.pic(("edit", pic.spec, (("scale", round(r.uniform(0.7, 0.95), 2)),)), again, style="wx"))
    settle(w, second, r.choice(["并案处理", "已办结", "转办", "调解成功"]), None)
    w.add(second, g)


def trap_refund_withdraw(w: World, size: int) -> None:
    """An ordinary refund, then an honest withdrawal."""
    r = w.r
    g = w.register("traps", "refund_then_withdraw")
    p = w.person()
    for i in range(size):
        row = genuine_row(w, p, None, w.day())
        if i == 0:
            settle(w, row, r.choice(WITHDRAWN), row.amount if r.random() < 0.8 else None, (1, 8))
            if r.random() < 0.2:
                row.text += "（商家已同意退款）"
        w.add(row, g)


def trap_hotline_title(w: World, size: int) -> None:
    """Hotline records name 宋女士 beside the full name on the same phone."""
    r = w.r
    g = w.register("traps", "hotline_surname")
    forced = w.counters.get("hotline_surname", 0) == 1
    p = w.person(surname="宋" if forced else None, female=True if forced else None)
    for i in range(size):
        channel = "12315平台" if i == 0 else r.choice(["12345热线", "12345热线", "电话"])
        row = genuine_row(w, p, None, w.day(), channel=channel)
        if channel in HOTLINE:
            row.name = p.title if r.random() < 0.7 else p.name
            row.idno = ""
        w.add(row, g)


def trap_similar_photos(w: World, size: int) -> None:
    """Strangers photographing the same product of one shop over weeks: similar pictures, separate complaints."""
    r = w.r
    g = w.register("traps", "similar_photos")
    m = w.popular_merchant({"catering", "online", "fresh", "supermarket"})
    prod = r.choice(m.products or PRODUCTS[m.kind])
    start = w.day(START, END - dt.timedelta(days=100))
    for _ in range(size):
        row = genuine_row(
            w, w.person(), m, start + dt.timedelta(days=r.randint(0, r.randint(20, 90))), prod=prod, pic_rate=0.0
        )
        row.pics.append(w.photo(m, prod[0], row.received))
        w.add(row, g)


def trap_law(w: World, size: int) -> None:
    """An ordinary consumer who has read the law once."""
    g = w.register("traps", "law_citing_genuine")
    p = w.person()
    for i in range(size):
        w.add(genuine_row(w, p, None, w.day(), law=i == 0), g)


def trap_shop_phone(w: World, size: int) -> None:
    """Strangers complaining about one shop all write the owner's mobile in the text."""
    r = w.r
    g = w.register("traps", "merchant_phone_in_text")
    m = w.any_merchant({"catering", "fresh", "prepaid", "home"})
    start = w.day(START, END - dt.timedelta(days=150))
    for _ in range(size):
        extra = r.choice(
            [
                "店主电话{p}一直打不通。",
                "老板的手机{p}，打了很多次都不接。",
                "我打过商家电话（{p}），对方直接挂断。",
                "附商家联系方式：{p}。",
            ]
        ).format(p=phone_in_text(r, m.owner_phone))
        row = genuine_row(w, w.person(), m, start + dt.timedelta(days=r.randint(0, 140)), extra=extra)
        w.add(row, g)


# kind -> (builder, instances per 10,000 rows, smallest and largest group)
SCHEMES = {
    "pro_claimant": (scheme_pro, 5, (12, 45)),
    "multi_identity": (scheme_multi, 5, (8, 24)),
    "regional_gang": (scheme_gang, 4, (12, 40)),
    "paraphrase_ring": (scheme_paraphrase, 5, (6, 18)),
    "low_slow_ring": (scheme_low_slow, 5, (6, 16)),
    "forged_evidence": (scheme_forged, 5, (6, 16)),
    "media_extortion": (scheme_media, 5, (5, 12)),
    "withdraw_after_payment": (scheme_withdraw, 5, (5, 12)),
}
TRAPS = {
    "contaminated_batch": (trap_batch, 3, (20, 70)),
    "household": (trap_household, 14, (2, 7)),
    "dormitory": (trap_dormitory, 4, (6, 18)),
    "power_user": (trap_power, 7, (8, 28)),
    "volunteer_org": (trap_volunteer, 3, (10, 25)),
    "two_channel_duplicate": (trap_two_channels, 18, (2, 2)),
    "refund_then_withdraw": (trap_refund_withdraw, 20, (1, 2)),
    "hotline_surname": (trap_hotline_title, 10, (2, 4)),
    "similar_photos": (trap_similar_photos, 6, (4, 8)),
    "law_citing_genuine": (trap_law, 10, (1, 2)),
    "merchant_phone_in_text": (trap_shop_phone, 4, (4, 8)),
}


# ----------------------------------------------------------------------------- background and plan


def background(w: World, n: int) -> None:
    r = w.r
    pool: list[list] = []
    made = 0
    while made < n:
        if pool and r.random() < 0.1:
            entry = r.choice(pool)
            p = entry[0]
            entry[1] += 1
            if entry[1] >= 3:
                pool.remove(entry)
        else:
            p = w.person()
            pool.append([p, 1])
            if len(pool) > 400:
                pool.pop(0)
        m = w.popular_merchant() if r.random() < 0.7 else w.any_merchant()
        extra = ""
        if r.random() < 0.02:
            extra = f"商家电话{phone_in_text(r, m.owner_phone)}。"
        row = genuine_row(w, p, m, w.day(), law=r.random() < 0.012, extra=extra)
        w.add(row)
        made += 1
        if made < n and r.random() < 0.012 and row.received < END - dt.timedelta(days=40):
            # A genuine complainant unhappy with the answer writes again through another door.
            later = Row(
                received=w.at(row.received + dt.timedelta(days=r.randint(20, 40))),
                channel=r.choice(["信访", "行政复议", "12345热线"]),
                person=p,
                merchant=m,
                product=row.product,
                text="",
                pdate=row.pdate,
                qty=row.qty,
                amount=row.amount,
            )
            later.text = (
                r.choice(["本人此前已通过12315平台投诉，", "此前投诉后一直没有结果，", "对上次的处理结果不满意，"])
                + r.choice(["商家至今没有退款。", "监管所只打了一个电话就办结了。", "调解时商家根本没来。"])
                + r.choice(["请求上级部门督办。", "请重新调查处理。", "希望给个说法。"])
            )
            hotline_identity(w, later)
            settle_ordinary(w, later)
            w.add(later)
            made += 1


def plan(w: World) -> None:
    r = w.r
    rows = w.rows_target
    scale = rows / 10000
    wanted = []
    for table in (SCHEMES, TRAPS):
        for builder, per10k, (lo, hi) in table.values():
            count = round(per10k * scale)
            if rows >= 1000:
                count = max(1, count)
            for size in spaced_sizes(r, count, lo, hi) if count else []:
                wanted.append((builder, size))
    budget = int(rows * 0.45)
    expected = sum(size for _, size in wanted)
    if expected > budget:  # small files: fewer and smaller groups
        factor = budget / expected
        wanted = [(b, max(1 if b in (trap_refund_withdraw, trap_law) else 2, int(s * factor))) for b, s in wanted]
    r.shuffle(wanted)
    for builder, size in wanted:
        builder(w, size)
        if len(w.rows) >= budget:
            break
    background(w, max(0, rows - len(w.rows)))
    del w.rows[rows:]


# ----------------------------------------------------------------------------- writing cells


def excel_serial(t: dt.datetime | dt.date, with_time: bool) -> str:
    if isinstance(t, dt.datetime):
        days = (t - dt.datetime(1899, 12, 30)).total_seconds() / 86400
    else:
        days = (t - dt.date(1899, 12, 30)).days
    return f"{days:.5f}" if with_time and isinstance(t, dt.datetime) else str(int(days))


def fmt_received(rc: random.Random, t: dt.datetime, channel: str) -> str:
    u = rc.random()
    if u < 0.012:
        return excel_serial(t, True)
    if u < 0.022:
        return f"{t.year}年{t.month}月{t.day}日".translate(FW_DIGITS)
    if u < 0.05:
        return t.strftime("%Y-%m-%dT%H:%M:%S")
    v = rc.random()
    if channel in ("12315平台", "网络", "举报"):
        if v < 0.7:
            return t.strftime("%Y-%m-%d %H:%M:%S")
        if v < 0.8:
            return f"{t.year}/{t.month}/{t.day} {t:%H:%M}"
        return f"{t.year}年{t.month}月{t.day}日"
    if channel in HOTLINE:
        if v < 0.7:
            return f"{t.year}/{t.month}/{t.day} {t:%H:%M}"
        if v < 0.85:
            return t.strftime("%Y-%m-%d %H:%M")
        return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"
    if v < 0.6:
        return f"{t.year}年{t.month}月{t.day}日"
    if v < 0.8:
        return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"
    return f"{t.year}.{t.month}.{t.day}"


def fmt_date(rc: random.Random, d: dt.date | None) -> str:
    if d is None or rc.random() < 0.04:
        return ""
    u = rc.random()
    if u < 0.55:
        return f"{d.year}年{d.month}月{d.day}日"
    if u < 0.75:
        return d.isoformat()
    if u < 0.86:
        return f"{d.year}/{d.month}/{d.day}"
    if u < 0.92:
        return f"{d.year}.{d.month}.{d.day}"
    if u < 0.97:
        return excel_serial(d, False)
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


def fmt_closed(rc: random.Random, t: dt.datetime | None) -> str:
    if t is None:
        return ""
    u = rc.random()
    if u < 0.5:
        return t.strftime("%Y-%m-%d %H:%M:%S")
    if u < 0.8:
        return f"{t.year}年{t.month}月{t.day}日"
    if u < 0.97:
        return f"{t.year}/{t.month}/{t.day}"
    return excel_serial(t, True)


def fmt_amount(rc: random.Random, x: float | None) -> str:
    if x is None:
        return ""
    s = money(x)
    u = rc.random()
    if u < 0.45:
        return s
    if u < 0.6:
        return f"{x:.2f}"
    if u < 0.72:
        return s + "元"
    if u < 0.8:
        return f"¥{x:,.2f}"
    if u < 0.86:
        return f"￥{money(x)}"
    if u < 0.92:
        return f"{x:,.0f}元" if x >= 1000 else s + " 元"
    if u < 0.95:
        return s.translate(FW_DIGITS) + "元"
    if u < 0.98:
        return f" {s} "
    return "约" + s + "元"  # not readable as an amount: counts as empty


def fmt_phone(rc: random.Random, phone: str) -> str:
    if not phone:
        return ""
    if phone.startswith("0"):
        return phone if rc.random() < 0.7 else phone.replace("-", "")
    u = rc.random()
    if u < 0.68:
        return phone
    if u < 0.76:
        return f"{phone[:3]} {phone[3:7]} {phone[7:]}"
    if u < 0.81:
        return f"{phone[:3]}-{phone[3:7]}-{phone[7:]}"
    if u < 0.85:
        return f"+86 {phone}"
    if u < 0.87:
        return f"+86 {phone[:3]}-{phone[3:7]}-{phone[7:]}"
    if u < 0.89:
        return f"0086{phone}"
    if u < 0.92:
        return phone.translate(FW_DIGITS)
    if u < 0.95:
        return f" {phone} "
    if u < 0.97:
        return f"{phone}（本人）"
    if u < 0.985:
        return phone[:-2]  # a digit short: unreadable
    return f"86-{phone}"


def fmt_id(rc: random.Random, idno: str) -> str:
    if not idno:
        return ""
    u = rc.random()
    if u < 0.8:
        out = idno
    elif u < 0.86:
        out = f"{idno[:6]} {idno[6:14]} {idno[14:]}"
    elif u < 0.9:
        out = idno.translate(FW)
    elif u < 0.93:
        out = f"{idno[:6]}-{idno[6:14]}-{idno[14:]}"
    elif u < 0.994:
        out = idno + " "
    else:  # one digit mistyped: the check digit no longer holds
        i = rc.randrange(6, 16)
        out = idno[:i] + str((int(idno[i]) + rc.randint(1, 8)) % 10) + idno[i + 1 :]
    if out.endswith("X") and rc.random() < 0.5:
        out = out[:-1] + "x"
    return out


def fmt_name(rc: random.Random, name: str) -> str:
    u = rc.random()
    if u < 0.94:
        return name
    if u < 0.96 and len(name) == 2:
        return f"{name[0]} {name[1]}"
    if u < 0.98:
        return name + " "
    return to_trad(name)


def fmt_merchant(rc: random.Random, row: Row) -> tuple[str, str]:
    m = row.merchant
    mode = row.mdisp or rc.choices(["reg", "sign", "sign_branch", "reg_var"], [62, 20, 10, 8])[0]
    if mode == "reg":
        name = m.reg
    elif mode == "sign":
        name = m.sign
    elif mode == "sign_branch":
        name = m.sign + (m.branch or "")
    else:
        name = (
            m.reg.replace("（个体工商户）", "(个体工商户)").replace("有限公司", " 有限公司")
            if rc.random() < 0.6
            else m.reg + " "
        )
    with_uscc = row.uscc if row.uscc is not None else rc.random() < (0.78 if mode in ("reg", "reg_var") else 0.25)
    code = m.uscc if with_uscc else ""
    if code:
        u = rc.random()
        if u < 0.01:
            code = code.lower()
        elif u < 0.02:
            code = f"{code[:8]} {code[8:]}"
        elif u < 0.025:
            code = code.translate(FW)
    return name, code


def fmt_text(rc: random.Random, text: str) -> str:
    u = rc.random()
    if u < 0.03:
        text = text.translate(FW_DIGITS)
    elif u < 0.07:
        text = add_typos(rc, text, rc.randint(1, 2))
    elif u < 0.085:
        text = to_trad(text)
    if rc.random() < 0.03:
        text = "  " + text + " "
    if rc.random() < 0.003:
        text = "-" + text
    return text


SEPARATORS = {"12315平台": ";", "网络": ";", "举报": ";", "12345热线": "，", "电话": "，"}


def render_row(rc: random.Random, row: Row) -> list[str]:
    p = row.person
    merchant, uscc = fmt_merchant(rc, row)
    channel = rc.choice(CHANNEL_VARIANTS[row.channel])
    sep = SEPARATORS.get(row.channel) or rc.choice([";", "；", ",", "，"])
    product = row.product
    if rc.random() < 0.02:
        product = to_trad(product)
    qty = (
        ""
        if row.qty is None or rc.random() < 0.08
        else str(row.qty)
        if rc.random() < 0.95
        else str(row.qty).translate(FW_DIGITS)
    )
    m = row.merchant
    unit = (
        f"{m.district}市场监管局{m.street}所"
        if row.channel not in HOTLINE or rc.random() < 0.5
        else f"12345转{m.district}市场监管局"
    )
    ctype = "举报" if row.channel == "举报" else ("投诉" if rc.random() < 0.95 else "咨询")
    address = row.address if row.address is not None else p.address
    if rc.random() < 0.03:
        address = address.replace("杭州市", "杭州市 ")
    return [
        row.cid,
        channel,
        fmt_received(rc, row.received, row.channel),
        fmt_name(rc, row.name if row.name is not None else p.name),
        fmt_phone(rc, row.phone if row.phone is not None else p.phone),
        fmt_id(rc, row.idno if row.idno is not None else p.idno),
        address,
        merchant,
        uscc,
        product,
        fmt_date(rc, row.pdate),
        qty,
        fmt_amount(rc, row.amount),
        fmt_amount(rc, row.claim),
        row.law,
        fmt_text(rc, row.text),
        sep.join(pic.name for pic in row.pics),
        row.outcome + (" " if rc.random() < 0.01 else ""),
        fmt_amount(rc, row.comp),
        fmt_closed(rc, row.closed),
        unit,
        ctype,
    ]


def assign_ids(w: World) -> None:
    w.rows.sort(key=lambda row: row.received)
    for seq, row in enumerate(w.rows, start=1):
        row.cid = f"{CHANNEL_PREFIX[row.channel]}3301{row.received:%Y%m%d}{seq:06d}"


def name_pictures(w: World, rc: random.Random) -> None:
    used: set[str] = set()
    for row in w.rows:
        for k, pic in enumerate(row.pics, start=1):
            if row.group is None and pic.spec is not None:
                u = rc.random()
                if u < 0.006:
                    pic.spec = None  # listed in the export, never uploaded
                elif u < 0.008:
                    pic.spec = ("broken",)  # a truncated upload
            t = pic.taken
            stem = {
                "IMG": f"IMG_{t:%Y%m%d_%H%M%S}",
                "wx": f"微信图片_{t:%Y%m%d%H%M%S}",
                "mm": f"mmexport{int(t.timestamp() * 1000) + rc.randrange(1000)}",
                "shot": f"Screenshot_{t:%Y-%m-%d-%H-%M-%S}",
                "plain": f"{row.cid}_{k}",
                "dsc": f"DSC{rc.randrange(100000):05d}",
            }[pic.style]
            name = f"{stem}.{pic.ext}"
            i = 1
            while name in used:
                name = f"{stem}({i}).{pic.ext}"
                i += 1
            used.add(name)
            pic.name = name


def mark_broken(w: World, rc: random.Random) -> list[tuple[Row, str]]:
    rows = w.rows_target
    count = max(5, rows // 400) if rows >= 400 else 1
    candidates = [row for row in w.rows if row.group is None]
    picked = rc.sample(candidates, min(count, len(candidates)))
    kinds = ["short", "empty_id", "bad_date", "dup_id", "extra_cells"]
    out = []
    for i, row in enumerate(picked):
        row.broken = kinds[i % len(kinds)]
        out.append((row, row.broken))
    return out


def gbk_safe(text: str) -> str:
    try:
        text.encode("gbk")
        return text
    except UnicodeEncodeError:
        out = []
        for ch in text.replace("¥", "￥"):
            try:
                ch.encode("gbk")
                out.append(ch)
            except UnicodeEncodeError:
                out.append("?")
        return "".join(out)


# ----------------------------------------------------------------------------- pictures (drawn from scratch)

SURFACES = [
    (150, 111, 74),
    (222, 219, 210),
    (120, 120, 124),
    (236, 232, 220),
    (92, 64, 46),
    (200, 205, 210),
    (60, 60, 66),
]


def _gradient(rng: np.random.Generator, h: int, w: int, c1, c2) -> np.ndarray:
    vertical = rng.random() < 0.5
    t = np.linspace(0, 1, h if vertical else w, dtype=np.float32)
    t = t[:, None, None] if vertical else t[None, :, None]
    c1 = np.array(c1, np.float32)
    c2 = np.array(c2, np.float32)
    return np.broadcast_to(c1 + (c2 - c1) * t, (h, w, 3))


# Sensor noise, cut from one fixed sheet at a random place (drawing fresh noise per picture is the slow part).
_NOISE = np.random.default_rng(12315).standard_normal((256, 256, 3), dtype=np.float32)


def _finish(rng: np.random.Generator, arr: np.ndarray, noise: float) -> Image.Image:
    h, w = arr.shape[:2]
    xs = (np.arange(w, dtype=np.float32) - np.float32(rng.uniform(0, w))) / w
    ys = (np.arange(h, dtype=np.float32) - np.float32(rng.uniform(0, h))) / h
    light = 1.12 - 0.35 * np.sqrt(ys[:, None] ** 2 + xs[None, :] ** 2)
    out = arr * light[..., None]
    y0, x0 = rng.integers(0, 96), rng.integers(0, 96)
    out += _NOISE[y0 : y0 + h, x0 : x0 + w] * np.float32(noise)
    np.clip(out, 0, 255, out=out)
    return Image.fromarray(out.astype(np.uint8))


def _product(design: int, shot: int, closeup: bool) -> Image.Image:
    d = random.Random(design)
    s = random.Random(shot)
    rng = np.random.default_rng(shot)
    W, H = s.randint(96, 160), s.randint(96, 160)
    surface = s.choice(SURFACES)
    c2 = tuple(max(0, min(255, c + s.randint(-30, 30))) for c in surface)
    img = Image.fromarray(_gradient(rng, H, W, surface, c2).astype(np.uint8))
    layer = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    dr = ImageDraw.Draw(layer)
    body = tuple(d.randint(20, 235) for _ in range(3))
    band = tuple(d.randint(20, 235) for _ in range(3))
    accent = tuple(d.randint(0, 255) for _ in range(3))
    shape = d.choice(["box", "bottle", "bag", "cup", "jar"])
    if shape == "box":
        dr.polygon([(22, 18), (78, 18), (86, 10), (30, 10)], fill=tuple(min(255, c + 40) for c in body))
        dr.rectangle([22, 18, 78, 92], fill=body)
    elif shape == "bottle":
        dr.rectangle([42, 4, 58, 20], fill=accent)
        dr.rounded_rectangle([30, 18, 70, 94], radius=12, fill=body)
    elif shape == "bag":
        dr.polygon([(20, 12), (80, 12), (86, 94), (14, 94)], fill=body)
        dr.line([(20, 16), (80, 16)], fill=accent, width=3)
    elif shape == "cup":
        dr.polygon([(26, 14), (74, 14), (66, 94), (34, 94)], fill=body)
        dr.rectangle([22, 8, 78, 14], fill=accent)
    else:
        dr.rectangle([30, 8, 70, 18], fill=accent)
        dr.rounded_rectangle([24, 18, 76, 92], radius=6, fill=body)
    y0 = d.randint(36, 56)
    dr.rectangle([20, y0, 80, y0 + d.randint(14, 24)], fill=band)
    for i in range(d.randint(2, 5)):
        y = y0 + 3 + i * 4
        dr.line([(26, y), (26 + d.randint(14, 48), y)], fill=accent, width=2)
    cx, cy, rad = d.randint(36, 64), d.randint(22, 34), d.randint(5, 10)
    dr.ellipse([cx - rad, cy - rad, cx + rad, cy + rad], fill=accent, outline=band)
    dr.rectangle([52, 78, 76, 88], fill=(245, 245, 240))  # lot-number sticker
    for i in range(4):
        dr.line([(54, 80 + i * 2), (54 + d.randint(8, 20), 80 + i * 2)], fill=(30, 30, 30), width=1)
    scale = s.uniform(0.85, 1.25) if closeup else s.uniform(0.5, 0.92)
    size = max(24, int(min(W, H) * scale))
    layer = layer.resize((size, size), Image.BILINEAR).rotate(s.uniform(-14, 14), resample=Image.BILINEAR, expand=True)
    x = s.randint(-size // 6, max(-size // 6, W - layer.width + size // 6))
    y = s.randint(-size // 6, max(-size // 6, H - layer.height + size // 6))
    img.paste(layer, (x, y), layer)
    return _finish(rng, np.asarray(img, np.float32), s.uniform(2, 8))


def _food(seed: int) -> Image.Image:
    s = random.Random(seed)
    rng = np.random.default_rng(seed)
    W, H = s.randint(100, 160), s.randint(100, 160)
    img = Image.fromarray(_gradient(rng, H, W, s.choice(SURFACES), s.choice(SURFACES)).astype(np.uint8))
    dr = ImageDraw.Draw(img)
    pad = s.randint(4, 16)
    plate = s.choice([(245, 245, 240), (235, 240, 245), (250, 236, 210), (40, 40, 40)])
    dr.ellipse([pad, pad, W - pad, H - pad], fill=plate, outline=(200, 200, 200))
    palette = [(160, 90, 40), (200, 50, 30), (80, 140, 60), (230, 190, 80), (120, 70, 50), (240, 220, 180)]
    for _ in range(s.randint(6, 14)):
        c = s.choice(palette)
        x, y = s.randint(pad + 10, W - pad - 20), s.randint(pad + 10, H - pad - 20)
        dr.ellipse([x, y, x + s.randint(8, 30), y + s.randint(6, 22)], fill=c)
    return _finish(rng, np.asarray(img, np.float32), s.uniform(2, 6))


def _plant(img: Image.Image, seed: int) -> None:
    s = random.Random(seed)
    dr = ImageDraw.Draw(img)
    W, H = img.size
    x, y = s.randint(W // 4, 3 * W // 4), s.randint(H // 4, 3 * H // 4)
    kind = s.choice(["hair", "insect", "glass", "wire", "insect"])
    if kind == "hair":
        pts = [(x, y)]
        for _ in range(10):
            x += s.randint(-8, 8)
            y += s.randint(-3, 8)
            pts.append((x, y))
        dr.line(pts, fill=(20, 15, 10), width=1)
    elif kind == "insect":
        r0 = s.randint(4, 8)
        for i in range(3):
            dr.line([(x - r0 - 4, y - 4 + i * 4), (x + r0 + 4, y + 4 - i * 4)], fill=(25, 20, 15), width=1)
        dr.ellipse([x - r0, y - r0 // 2, x + r0, y + r0 // 2], fill=(45, 30, 20))
        dr.ellipse([x + r0 - 2, y - 3, x + r0 + 4, y + 3], fill=(20, 15, 10))
    elif kind == "glass":
        dr.polygon(
            [(x, y), (x + s.randint(6, 14), y + 3), (x + 5, y + s.randint(8, 14))],
            fill=(200, 225, 230),
            outline=(255, 255, 255),
        )
    else:
        pts = [(x + i * 3, y + (4 if i % 2 else -4)) for i in range(8)]
        dr.line(pts, fill=(150, 150, 155), width=1)


def _receipt(seed: int) -> Image.Image:
    s = random.Random(seed)
    rng = np.random.default_rng(seed)
    W, H = s.randint(80, 120), s.randint(120, 160)
    img = Image.fromarray(_gradient(rng, H, W, s.choice(SURFACES), s.choice(SURFACES)).astype(np.uint8))
    paper = Image.new("RGBA", (W - 16, H - 12), (250, 248, 238, 255))
    dr = ImageDraw.Draw(paper)
    y = 6
    dr.rectangle([10, y, paper.width - 10, y + 5], fill=(60, 60, 60))
    y += 12
    while y < paper.height - 30:
        dr.line([(6, y), (6 + s.randint(20, paper.width - 30), y)], fill=(110, 110, 110), width=1)
        dr.line([(paper.width - 20, y), (paper.width - 8, y)], fill=(90, 90, 90), width=1)
        y += s.randint(4, 7)
    dr.line([(6, y), (paper.width - 6, y)], fill=(40, 40, 40), width=2)
    for i in range(6, paper.width - 6, 2):
        if s.random() < 0.6:
            dr.line([(i, paper.height - 18), (i, paper.height - 6)], fill=(20, 20, 20), width=1)
    paper = paper.rotate(s.uniform(-8, 8), resample=Image.BILINEAR, expand=True)
    img.paste(paper, ((W - paper.width) // 2, (H - paper.height) // 2), paper)
    return _finish(rng, np.asarray(img, np.float32), s.uniform(2, 5))


def _chat(seed: int) -> Image.Image:
    s = random.Random(seed)
    W, H = s.randint(72, 96), s.randint(140, 160)
    img = Image.new("RGB", (W, H), (237, 237, 237))
    dr = ImageDraw.Draw(img)
    dr.rectangle([0, 0, W, 10], fill=(30, 30, 30) if s.random() < 0.5 else (246, 246, 246))
    dr.rectangle([0, 10, W, 22], fill=(246, 246, 246))
    y = 28
    while y < H - 24:
        right = s.random() < 0.5
        bw, bh = s.randint(20, W - 24), s.randint(8, 20)
        x0 = W - 8 - bw if right else 8
        dr.rounded_rectangle([x0, y, x0 + bw, y + bh], radius=3, fill=(149, 236, 105) if right else (255, 255, 255))
        for ly in range(y + 3, y + bh - 2, 4):
            dr.line([(x0 + 3, ly), (x0 + 3 + s.randint(4, max(5, bw - 6)), ly)], fill=(80, 80, 80))
        y += bh + s.randint(4, 10)
    dr.rectangle([0, H - 18, W, H], fill=(246, 246, 246))
    return img


def _scene(seed: int) -> Image.Image:
    s = random.Random(seed)
    rng = np.random.default_rng(seed)
    W, H = s.randint(110, 160), s.randint(90, 130)
    img = Image.fromarray(_gradient(rng, H, W, (170, 200, 230), (220, 225, 230)).astype(np.uint8))
    dr = ImageDraw.Draw(img)
    dr.rectangle([6, 18, W - 6, H - 8], fill=tuple(s.randint(120, 220) for _ in range(3)))
    dr.rectangle([10, 22, W - 10, 38], fill=tuple(s.randint(0, 255) for _ in range(3)))
    dr.rectangle([W // 3, 48, 2 * W // 3, H - 8], fill=(60, 70, 80))
    if s.random() < 0.7:  # a notice pasted on the shutter
        dr.rectangle([W // 3 + 6, 56, W // 3 + 22, 76], fill=(250, 250, 250))
    return _finish(rng, np.asarray(img, np.float32), s.uniform(2, 6))


def _frame(img: Image.Image, seed: int) -> Image.Image:
    """The picture inside a phone screenshot: status bar, chat header, input bar."""
    s = random.Random(seed)
    W = img.width
    inner = img.resize((W - 8, max(16, int(img.height * (W - 8) / img.width))), Image.BILINEAR)
    H = inner.height + s.randint(40, 70)
    dark = s.random() < 0.4
    out = Image.new("RGB", (W, H), (20, 20, 20) if dark else (237, 237, 237))
    dr = ImageDraw.Draw(out)
    dr.rectangle([0, 0, W, 9], fill=(0, 0, 0) if dark else (250, 250, 250))
    dr.rectangle([0, 9, W, 20], fill=(40, 40, 40) if dark else (246, 246, 246))
    top = 20 + s.randint(2, 12)
    out.paste(inner, (4, top))
    dr.rectangle([0, H - 14, W, H], fill=(40, 40, 40) if dark else (246, 246, 246))
    return out


def _edit(img: Image.Image, ops: tuple) -> Image.Image:
    for op in ops:
        if op[0] == "rot":
            img = img.transpose(
                {1: Image.Transpose.ROTATE_90, 2: Image.Transpose.ROTATE_180, 3: Image.Transpose.ROTATE_270}[op[1]]
            )
        elif op[0] == "flip":
            img = img.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        elif op[0] == "crop":
            _, a, b, frac = op
            W, H = img.size
            w2, h2 = max(16, int(W * frac)), max(16, int(H * frac))
            x0, y0 = min(int(a * W), W - w2), min(int(b * H), H - h2)
            img = img.crop((x0, y0, x0 + w2, y0 + h2))
        elif op[0] == "frame":
            img = _frame(img, op[1])
        elif op[0] == "bright":
            img = ImageEnhance.Brightness(img).enhance(op[1])
        elif op[0] == "scale":
            img = img.resize((max(16, int(img.width * op[1])), max(16, int(img.height * op[1]))), Image.BILINEAR)
        elif op[0] == "tint":
            arr = np.asarray(img, np.int16) + np.array(op[1:], np.int16)
            img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
        elif op[0] == "blur":
            img = img.filter(ImageFilter.GaussianBlur(op[1]))
    return img


@lru_cache(maxsize=256)
def render(spec: tuple) -> Image.Image:
    """The picture a spec describes. Cached: a forger's base picture is drawn once and edited many times."""
    kind = spec[0]
    if kind == "prod":
        img = _product(spec[1], spec[2], len(spec) > 3)
    elif kind == "food":
        img = _food(spec[1])
    elif kind == "planted":
        img = render(spec[1]).copy()
        _plant(img, spec[2])
    elif kind == "receipt":
        img = _receipt(spec[1])
    elif kind == "chat":
        img = _chat(spec[1])
    elif kind == "scene":
        img = _scene(spec[1])
    elif kind == "edit":
        img = _edit(render(spec[1]), spec[2])
    else:
        raise ValueError(kind)
    if max(img.size) > 160:
        img = img.copy()
        img.thumbnail((160, 160), Image.BILINEAR)
    return img


def write_pictures(w: World, folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for row in w.rows:
        for pic in row.pics:
            if pic.spec is None:
                continue
            path = folder / pic.name
            if pic.spec[0] == "broken":
                path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(40))
            else:
                img = render(pic.spec).convert("RGB")
                if pic.ext == "png":
                    img.save(path, format="PNG")
                else:
                    img.save(path, format="JPEG", quality=pic.quality)
            written += 1
    return written


# ----------------------------------------------------------------------------- the file


def encoding_for(seed: int) -> str:
    if seed % 2:
        return "gbk"
    return "utf-8-sig" if seed % 4 == 2 else "utf-8"


def generate(out_dir: Path, *, seed: int, rows: int, pictures: bool) -> dict:
    """Write complaints.csv, evidence/ (when pictures) and truth.json into out_dir; return the truth."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    render.cache_clear()
    w = World(seed, rows)
    plan(w)
    assign_ids(w)
    rc = random.Random(seed * 7919 + 17)
    name_pictures(w, rc)
    broken = mark_broken(w, rc)
    encoding = encoding_for(seed)

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    blank_at = {rc.randrange(max(1, len(w.rows))) for _ in range(3 if rows >= 100 else 1)}
    last_plain: Row | None = None
    broken_log = []
    line = 1
    for i, row in enumerate(w.rows):
        if i in blank_at:
            writer.writerow([])
        cells = render_row(rc, row)
        if not cells[-1] and not cells[-2] and rc.random() < 0.3:
            cells = cells[:-2]  # trailing empty cells left out, as some exports do
        if row.broken == "short":
            cells = cells[: rc.randint(10, 16)]
        elif row.broken == "empty_id":
            cells[0] = ""
        elif row.broken == "bad_date":
            cells[2] = rc.choice(["昨天下午", "待补录", "2024-13-45", "#N/A", "0000-00-00", "见附件"])
        elif row.broken == "dup_id" and last_plain is not None:
            cells[0] = last_plain.cid
        elif row.broken == "extra_cells":
            cells = cells[:15] + cells[15].split("，", 1) + cells[16:]
            if len(cells) == len(COLUMNS):
                cells.append("（续）")
        line += 1
        if row.broken:
            broken_log.append({"row": line, "kind": row.broken, "complaint_id": cells[0] if cells else ""})
        elif row.group is None:
            last_plain = row
        if encoding == "gbk":
            cells = [gbk_safe(c) for c in cells]
        writer.writerow(cells)
    (out_dir / "complaints.csv").write_bytes(buf.getvalue().encode(encoding))

    truth = {
        "generator": NAME,
        "seed": seed,
        "rows": len(w.rows),
        "encoding": encoding,
        "schemes": {},
        "traps": {},
        "broken_rows": broken_log,
        "notes": "row numbers count the header as row 1 and do not count blank lines; "
        "complaint_id of a dup_id row repeats an earlier background row's",
    }
    broken_ids = {id(row) for row, _ in broken}
    for row in w.rows:
        if row.group and id(row) not in broken_ids:
            w.groups[row.group[0]][row.group[1]]["rows"].append(row.cid)
    for bucket in ("schemes", "traps"):
        for gid, info in w.groups[bucket].items():
            if info["rows"]:
                truth[bucket][gid] = {"kind": info["kind"], "complaint_ids": info["rows"]}
    n_pics = 0
    if pictures:
        n_pics = write_pictures(w, out_dir / "evidence")
    truth["pictures"] = n_pics
    (out_dir / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a synthetic 12315 complaint export with its answer key (issue 12).")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--no-pictures", action="store_true")
    args = ap.parse_args(argv)
    truth = generate(args.out_dir, seed=args.seed, rows=args.rows, pictures=not args.no_pictures)
    planted = sum(len(g["complaint_ids"]) for g in truth["schemes"].values())
    trapped = sum(len(g["complaint_ids"]) for g in truth["traps"].values())
    print(
        f"{truth['rows']} rows ({truth['encoding']}), {len(truth['schemes'])} schemes / {planted} complaints, "
        f"{len(truth['traps'])} traps / {trapped} complaints, {truth['pictures']} pictures -> {args.out_dir}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
