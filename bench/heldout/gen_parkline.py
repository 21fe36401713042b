"""Held-out generator "parkline": an industrial park's enterprise-complaint ledger.

An independent source of synthetic consumer-complaint exports for evaluating the false-claim model
(issue 12). It models the ledger a park police office keeps by merging three exports: the 12345
hotline's call records (terse summaries, callers often written only as "王先生"/"李女士", Excel
serial dates where the ledger passed through a spreadsheet), an e-commerce platform's complaint
export (order numbers, masked buyer names, shipping addresses) and the park's own register of
12315, consumer-association, report, petition, review and court files. The merchants are few and
large (factories in the park, supermarket chains, online shops), and heavy users file many rows.

Everything here is made up: names come from surname and given-name lists, ID numbers carry valid
GB 11643 check digits on real-looking area codes, phones use valid mobile prefixes, credit codes
(USCC) valid GB 32100 check characters, bank cards valid Luhn digits.

    generate(out_dir, seed=1, rows=10000, pictures=True) -> truth dict

writes out_dir/complaints.csv, out_dir/evidence/* (when pictures) and out_dir/truth.json. The CSV
is the same whether pictures are written or not. Stdlib, numpy and Pillow only.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

GENERATOR = "gen_parkline"

COLUMNS = [
    "complaint_id",
    "received_at",
    "channel",
    "complainant_name",
    "complainant_id_number",
    "complainant_phone",
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
]
EXTRA_COLUMNS = ["来源", "办理情况"]  # present in the ledger, not part of the documented format

SCHEME_BASE = {  # groups per 10,000 rows
    "professional_claimant": 7,
    "identity_rotation": 5,
    "regional_gang": 5,
    "paraphrased_template_ring": 6,
    "low_and_slow_ring": 6,
    "forged_evidence": 5,
    "media_extortion": 6,
    "withdrawn_after_private_payment": 6,
}
TRAP_BASE = {
    "contaminated_batch": 4,
    "household": 14,
    "dormitory": 5,
    "power_user": 10,
    "volunteer_org": 4,
    "two_channel_duplicate": 14,
    "refund_then_withdraw": 12,
    "hotline_honorific": 12,
    "similar_product_photos": 6,
    "genuine_law_citation": 10,
}

# --------------------------------------------------------------------------------------------
# vocabulary
# --------------------------------------------------------------------------------------------

SURNAMES = (
    "王王王李李李张张张刘刘陈陈杨杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
    "袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷"
    "侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤楼竺裘钱俞"
)
GIVEN_M = (
    "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子"
    "杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮"
    "政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航"
    "弘"
)
GIVEN_F = (
    "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉"
    "琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨"
    "瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"
)
HOMOPHONE = {  # a hotline operator mishears a given-name character
    "晓": "小",
    "小": "晓",
    "丽": "莉",
    "莉": "丽",
    "芳": "方",
    "华": "花",
    "红": "虹",
    "静": "晶",
    "伟": "玮",
    "军": "君",
    "明": "铭",
    "强": "强",
    "英": "瑛",
    "燕": "艳",
    "艳": "燕",
    "霞": "侠",
    "平": "萍",
    "萍": "平",
    "杰": "洁",
    "敏": "民",
    "建": "健",
    "国": "果",
    "文": "雯",
    "辉": "晖",
}

# (area code, province, city, district, streets, communities)
CITIES = {
    "shengzhou": (
        "330683",
        "浙江省",
        "绍兴市",
        "嵊州市",
        ["剡湖街道", "三江街道", "鹿山街道", "浦口街道", "甘霖镇", "长乐镇", "崇仁镇", "黄泽镇"],
        ["城东花园", "锦绣江南", "剡溪花苑", "东圣小区", "江滨新村", "官河新村", "越剧小镇公寓", "罗东新苑"],
    ),
    "yuecheng": (
        "330602",
        "浙江省",
        "绍兴市",
        "越城区",
        ["府山街道", "塔山街道", "北海街道", "城南街道"],
        ["镜湖新城", "金色家园", "迪荡新村", "城南花园"],
    ),
    "keqiao": (
        "330603",
        "浙江省",
        "绍兴市",
        "柯桥区",
        ["柯桥街道", "华舍街道", "齐贤街道"],
        ["轻纺城公寓", "金柯桥花园", "华舍新村"],
    ),
    "xinchang": ("330624", "浙江省", "绍兴市", "新昌县", ["南明街道", "七星街道"], ["大佛城小区", "鼓山花苑"]),
    "tianyuan": (
        "430211",
        "湖南省",
        "株洲市",
        "天元区",
        ["马家河街道", "嵩山路街道", "泰山路街道", "栗雨街道", "群丰镇", "雷打石镇"],
        ["新马小区", "栗雨花园", "湘江名苑", "天台山庄", "马家河安置小区", "湘芸中央", "株洲万达广场公寓", "星港湾"],
    ),
    "lukou": ("430212", "湖南省", "株洲市", "渌口区", ["渌口镇", "南洲镇"], ["渌湘花园", "南洲新村"]),
    "hetang": ("430202", "湖南省", "株洲市", "荷塘区", ["月塘街道", "宋家桥街道"], ["钻石小区", "荷塘月色"]),
    "lusong": ("430203", "湖南省", "株洲市", "芦淞区", ["建宁街道", "贺家土街道"], ["服饰城公寓", "建宁小区"]),
    "liling": ("430281", "湖南省", "株洲市", "醴陵市", ["来龙门街道", "阳三石街道"], ["瓷城花园", "东正街小区"]),
    "xihu": ("330106", "浙江省", "杭州市", "西湖区", ["文新街道", "翠苑街道"], ["文鼎苑", "翠苑一区"]),
    "binjiang": ("330108", "浙江省", "杭州市", "滨江区", ["西兴街道", "长河街道"], ["江南春城", "东方郡"]),
    "yiwu": ("330782", "浙江省", "金华市", "义乌市", ["稠城街道", "北苑街道"], ["宾王小区", "篁园公寓"]),
    "tianhe": ("440106", "广东省", "广州市", "天河区", ["石牌街道", "员村街道"], ["华景新城", "骏景花园"]),
    "nanshan": ("440305", "广东省", "深圳市", "南山区", ["粤海街道", "南头街道"], ["海月花园", "南油公寓"]),
    "puning": (
        "445281",
        "广东省",
        "揭阳市",
        "普宁市",
        ["流沙东街道", "流沙西街道", "池尾街道"],
        ["华南花园", "流沙新城", "南亨里"],
    ),
    "lufeng": ("441581", "广东省", "汕尾市", "陆丰市", ["东海街道", "城东街道"], ["金碣新村", "龙山花园"]),
    "shaodong": ("430582", "湖南省", "邵阳市", "邵东市", ["大禾塘街道", "两市塘街道"], ["宋家塘小区", "金龙小区"]),
    "beihu": ("431002", "湖南省", "郴州市", "北湖区", ["人民路街道", "燕泉街道"], ["五岭小区", "燕泉花园"]),
    "yuelu": ("430104", "湖南省", "长沙市", "岳麓区", ["望月湖街道", "观沙岭街道"], ["望月湖小区", "滨江一号"]),
    "xinyang": ("411502", "河南省", "信阳市", "浉河区", ["老城街道", "民权街道"], ["茶都花园", "浉河新村"]),
    "zhoukou": ("411602", "河南省", "周口市", "川汇区", ["七一路街道", "人和街道"], ["荷花小区", "川汇新城"]),
    "bijie": ("520502", "贵州省", "毕节市", "七星关区", ["市东街道", "洪山街道"], ["七星花园", "洪山小区"]),
    "shunqing": ("511302", "四川省", "南充市", "顺庆区", ["中城街道", "北门街道"], ["滨江花园", "北湖小区"]),
    "hecheng": ("431202", "湖南省", "怀化市", "鹤城区", ["迎丰街道", "红星街道"], ["鹤鸣小区", "迎丰新村"]),
    "wuhou": ("510107", "四川省", "成都市", "武侯区", ["玉林街道", "簇桥街道"], ["玉林小区", "簇锦花园"]),
    "yuzhong": ("500103", "重庆市", "重庆市", "渝中区", ["解放碑街道", "大坪街道"], ["大坪正街小区", "解放碑公寓"]),
    "shushan": ("340104", "安徽省", "合肥市", "蜀山区", ["三里庵街道", "稻香村街道"], ["稻香楼小区", "三里庵新村"]),
    "jinshui": ("410105", "河南省", "郑州市", "金水区", ["经八路街道", "花园路街道"], ["农科小区", "花园新村"]),
    "wuchang": ("420106", "湖北省", "武汉市", "武昌区", ["中南路街道", "徐家棚街道"], ["中南花园", "徐东小区"]),
    "donghu": ("360102", "江西省", "南昌市", "东湖区", ["八一桥街道", "豫章街道"], ["八一花园", "豫章新村"]),
    "laoshan": ("370212", "山东省", "青岛市", "崂山区", ["中韩街道", "沙子口街道"], ["海尔路小区", "沙子口新村"]),
    "qingxiu": ("450103", "广西壮族自治区", "南宁市", "青秀区", ["新竹街道", "津头街道"], ["新竹小区", "津头村"]),
    "jinjiang": ("350582", "福建省", "泉州市", "晋江市", ["青阳街道", "梅岭街道"], ["青阳新城", "梅岭花园"]),
}
PARKS = {
    "shengzhou": {
        "home": "shengzhou",
        "near": ["yuecheng", "keqiao", "xinchang"],
        "park": "嵊州经济开发区",
        "zones": ["城南工业园", "三江工业园", "浦口工业园"],
        "paper": ["《绍兴晚报》", "《钱江晚报》", "绍兴电视台", "《嵊州新闻》"],
    },
    "majiahe": {
        "home": "tianyuan",
        "near": ["lukou", "hetang", "lusong", "liling"],
        "park": "株洲马家河园区",
        "zones": ["新马工业园", "马家河产业园", "栗雨工业园"],
        "paper": ["《株洲日报》", "《潇湘晨报》", "株洲电视台", "湖南经视"],
    },
}
MIGRANT_FROM = [
    "bijie",
    "shunqing",
    "xinyang",
    "zhoukou",
    "hecheng",
    "shaodong",
    "beihu",
    "wuhou",
    "yuzhong",
    "donghu",
    "qingxiu",
]
FAR_CITIES = [
    "xihu",
    "binjiang",
    "yiwu",
    "tianhe",
    "nanshan",
    "yuelu",
    "wuhou",
    "yuzhong",
    "shushan",
    "jinshui",
    "wuchang",
    "donghu",
    "laoshan",
    "qingxiu",
    "jinjiang",
    "beihu",
    "xinyang",
]
GANG_HOMES = ["puning", "lufeng", "shaodong", "zhoukou", "xinyang", "jinjiang"]

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
    "145",
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
VIRTUAL_PREFIXES = ["170", "171"]
CARD_BINS = [
    ("622202", 19, "工商银行"),
    ("621700", 19, "建设银行"),
    ("622848", 19, "农业银行"),
    ("621483", 16, "招商银行"),
    ("621226", 19, "工商银行"),
    ("622700", 19, "建设银行"),
    ("623668", 19, "建设银行"),
    ("621799", 19, "邮储银行"),
]

# product: (category, low price, high price, unit)
PRODUCTS = {
    "纯牛奶": ("food", 45, 72, "箱"),
    "酸奶": ("food", 8, 26, "杯"),
    "火腿肠": ("food", 9, 32, "袋"),
    "月饼礼盒": ("food", 88, 298, "盒"),
    "粽子礼盒": ("food", 58, 168, "盒"),
    "吐司面包": ("food", 7, 18, "袋"),
    "方便面": ("food", 32, 58, "箱"),
    "辣条": ("food", 3, 15, "包"),
    "果汁饮料": ("food", 4, 9, "瓶"),
    "白酒": ("food", 98, 688, "瓶"),
    "茶叶": ("food", 120, 780, "罐"),
    "坚果礼盒": ("food", 59, 199, "盒"),
    "速冻水饺": ("food", 15, 40, "袋"),
    "蜂蜜": ("food", 39, 168, "瓶"),
    "婴儿奶粉": ("food", 168, 398, "罐"),
    "鱼油软胶囊": ("food", 99, 499, "瓶"),
    "即食燕窝": ("food", 199, 999, "盒"),
    "卤味鸭脖": ("food", 18, 45, "盒"),
    "集成灶": ("appliance", 4800, 12800, "台"),
    "燃气热水器": ("appliance", 1500, 4500, "台"),
    "油烟机": ("appliance", 1200, 3800, "台"),
    "电饭煲": ("appliance", 199, 699, "台"),
    "电动自行车": ("vehicle", 1999, 4599, "辆"),
    "净水器": ("appliance", 899, 2999, "台"),
    "真丝领带": ("textile", 88, 398, "条"),
    "羽绒服": ("textile", 299, 1299, "件"),
    "运动鞋": ("textile", 199, 899, "双"),
    "床上四件套": ("textile", 159, 599, "套"),
    "童装套装": ("textile", 69, 199, "套"),
    "羊毛衫": ("textile", 199, 799, "件"),
    "陶瓷餐具套装": ("ceramic", 99, 499, "套"),
    "茶具": ("ceramic", 88, 699, "套"),
    "面霜": ("cosmetic", 79, 499, "瓶"),
    "口红": ("cosmetic", 59, 299, "支"),
    "洗发水": ("cosmetic", 29, 89, "瓶"),
    "面膜": ("cosmetic", 49, 199, "盒"),
    "手机壳": ("digital", 9.9, 39, "个"),
    "蓝牙耳机": ("digital", 59, 399, "副"),
    "充电宝": ("digital", 69, 199, "个"),
    "手机": ("digital", 999, 4999, "台"),
    "健身年卡": ("prepaid", 1200, 4800, "张"),
    "美容储值卡": ("prepaid", 1000, 5000, "张"),
}
MERCHANT_KINDS = {  # kind: (weight, product pool)
    "food_factory": (
        3,
        [
            "纯牛奶",
            "酸奶",
            "火腿肠",
            "月饼礼盒",
            "粽子礼盒",
            "吐司面包",
            "速冻水饺",
            "卤味鸭脖",
            "辣条",
            "果汁饮料",
            "方便面",
        ],
    ),
    "kitchen_factory": (2, ["集成灶", "燃气热水器", "油烟机", "电饭煲", "净水器"]),
    "garment_factory": (2, ["真丝领带", "羽绒服", "羊毛衫", "床上四件套", "童装套装", "运动鞋"]),
    "ceramic_factory": (1, ["陶瓷餐具套装", "茶具"]),
    "supermarket": (
        4,
        [
            "纯牛奶",
            "酸奶",
            "火腿肠",
            "吐司面包",
            "方便面",
            "辣条",
            "果汁饮料",
            "速冻水饺",
            "白酒",
            "坚果礼盒",
            "洗发水",
            "卤味鸭脖",
            "蜂蜜",
            "月饼礼盒",
            "粽子礼盒",
        ],
    ),
    "online_shop": (
        5,
        [
            "面霜",
            "口红",
            "面膜",
            "洗发水",
            "手机壳",
            "蓝牙耳机",
            "充电宝",
            "手机",
            "婴儿奶粉",
            "鱼油软胶囊",
            "即食燕窝",
            "茶叶",
            "坚果礼盒",
            "羽绒服",
            "运动鞋",
            "蜂蜜",
            "电饭煲",
        ],
    ),
    "pharmacy": (1, ["鱼油软胶囊", "蜂蜜", "即食燕窝", "婴儿奶粉"]),
    "service": (1, ["健身年卡", "美容储值卡"]),
    "ev_dealer": (1, ["电动自行车"]),
}
BRAND_A = "华美鑫润康德佳宏兴盛源泰旺丰顺嘉欣达恒瑞越剡凯豪金银新正百家惠万福永利祥和安"
BRAND_B = "丰源达盛泰康乐家美佳润旺鑫兴宝隆信诚邦卓联合意尚品优味香"

DEFECTS = {
    "food": [
        "过期了",
        "发霉了",
        "有异味",
        "胀袋了",
        "里面有头发",
        "吃出塑料片",
        "吃了拉肚子",
        "包装漏了",
        "快过期还当新品卖",
        "净含量不足",
        "有虫子",
        "变质发酸",
        "生产日期看不清",
        "跟宣传的不一样",
        "少发了一箱",
    ],
    "appliance": [
        "点不着火",
        "漏水",
        "噪音特别大",
        "用了一周就坏了",
        "安装师傅乱收费",
        "售后一直不上门",
        "漏气有味道",
        "显示屏不亮",
        "延迟发货二十多天",
        "跳闸",
    ],
    "vehicle": ["电池续航不到一半", "刹车失灵", "是翻新车", "充电器烧了", "车架有裂缝", "上不了牌"],
    "textile": [
        "掉色严重",
        "洗一次就起球",
        "开线了",
        "尺码不对",
        "和图片差别很大",
        "有刺鼻气味",
        "是假货",
        "拉链坏了",
        "色差很大",
    ],
    "ceramic": ["有裂纹", "釉面掉渣", "少了两个碗", "到货就碎了", "有色差"],
    "cosmetic": ["用了过敏", "疑似假货", "是临期货", "没有中文标签", "用着刺痛", "少发了赠品", "瓶子是空的"],
    "digital": ["充不进电", "屏幕有坏点", "是翻新机", "发烫严重", "连不上蓝牙", "用两天就坏", "和描述不符"],
    "prepaid": ["店关门了", "不给退余额", "换了老板不认卡", "强制消费", "办卡时承诺的服务没有"],
}
SVC = [
    "商家不处理",
    "客服一直推脱",
    "联系不上商家",
    "商家只同意换货",
    "商家态度很差",
    "拖了半个月没人管",
    "客服说不在售后范围",
    "商家让找厂家",
    "厂家让找门店",
    "门店说是正常现象",
    "电话打不通",
    "客服已读不回",
    "平台介入也没用",
]
DEMANDS = [
    "退货退款",
    "退款",
    "换新",
    "上门维修",
    "赔偿损失",
    "给个说法",
    "补发",
    "退差价",
    "赔偿医药费",
    "全额退款",
    "换货",
]
DEMANDS_NO_REPAIR = [d for d in DEMANDS if "维修" not in d]
DEMANDS_SHORT = ["退款", "退货", "换货", "维修", "处理"]
OUTCOMES_BG = [
    ("已办结", 14),
    ("调解成功", 10),
    ("已退款", 9),
    ("退货退款", 5),
    ("已调解", 6),
    ("处理中", 7),
    ("待处理", 3),
    ("", 9),
    ("终止调解", 5),
    ("调解不成", 4),
    ("不予受理", 3),
    ("部分赔偿", 3),
    ("已赔偿", 3),
    ("转办", 2),
    ("已回访", 2),
    ("驳回", 1),
    ("撤回", 2),
    ("已撤回", 1),
    ("商家拒绝", 1),
    ("mediated", 1),
    ("pending", 1),
]
CHANNEL_LABELS = {
    "12315平台": ["12315平台", "12315平台", "12315平台", "全国12315平台", "12315"],
    "12345热线": ["12345热线", "12345热线", "12345热线", "12345政务服务热线", "市长热线12345"],
    "消费者协会": ["消费者协会", "消费者协会", "市消保委", "消协"],
    "举报": ["举报", "举报", "来信举报"],
    "信访": ["信访", "信访", "来信来访"],
    "行政复议": ["行政复议"],
    "法院诉讼": ["法院诉讼", "法院诉讼", "民事诉讼"],
    "电话": ["电话", "电话", "来电"],
    "网络": ["网络", "网络", "网络（电商平台）", "电商平台"],
}
BLOCK_OF = {"12345热线": "hotline", "电话": "hotline", "信访": "hotline", "网络": "platform"}
LAW148 = [
    "《食品安全法》第一百四十八条",
    "食品安全法第148条",
    "食品安全法第一百四十八条第二款",
    "《中华人民共和国食品安全法》第148条第2款",
    "食安法148条",
]
LAW55 = [
    "《消费者权益保护法》第五十五条",
    "消费者权益保护法第55条",
    "消法第五十五条第一款",
    "《消费者权益保护法》第55条",
]
FOOD_VIOLATIONS = [
    "标签未标注生产日期",
    "外包装无中文标签",
    "已超过保质期",
    "配料表所列添加剂超出标准允许范围",
    "标注净含量与实际不符",
    "宣称具有降血糖功效",
    "生产许可证编号查询不到",
    "进口商品无检验检疫证明",
    "未标注营养成分表",
    "标签所标生产日期晚于购买日期",
]
FRAUD_CLAIMS = {
    "textile": [("宣传为纯羊毛", "羊毛含量不足三成"), ("标注为真丝", "经检测为涤纶"), ("宣传为纯棉", "吊牌成分为涤纶")],
    "cosmetic": [
        ("宣传可祛斑美白", "无特殊化妆品备案"),
        ("宣称进口原装", "实为国产分装"),
        ("宣传医用级", "无医疗器械注册证"),
    ],
    "digital": [
        ("宣称原装正品", "序列号查询为翻新机"),
        ("宣传快充", "实测不支持快充协议"),
        ("宣传防水", "无任何防水等级"),
    ],
}
TRAD = dict(
    zip(
        "买发现过质问题赔偿贵购货应该请联电话费权护条规经营销无标签产门们这个时间后处协会没给让说认为进还单号长头霉饮检验报纸视频记导体坏损维诉讼证据实际关于与万国书级结转账户银汇钱罚执业师务饭鱼鸡虫丝属异变内医药钢铁块满态严厂层网络车热气灶烟机装楼区县镇乡东阳宁广云样么吗开盖现场还给时间约费处这边让过来话复问题题递寄货运图片",
        "買發現過質問題賠償貴購貨應該請聯電話費權護條規經營銷無標簽產門們這個時間後處協會沒給讓說認為進還單號長頭黴飲檢驗報紙視頻記導體壞損維訴訟證據實際關於與萬國書級結轉賬戶銀匯錢罰執業師務飯魚雞蟲絲屬異變內醫藥鋼鐵塊滿態嚴廠層網絡車熱氣竈煙機裝樓區縣鎮鄉東陽寧廣雲樣麼嗎開蓋現場還給時間約費處這邊讓過來話復問題題遞寄貨運圖片",
        strict=True,
    )
)
TYPOS = [
    ("赔偿", "陪偿"),
    ("已经", "以经"),
    ("质量", "质亮"),
    ("退款", "退欵"),
    ("投诉", "投述"),
    ("要求", "要球"),
    ("保质期", "保值期"),
    ("发霉", "发梅"),
    ("过期", "过其"),
    ("商家", "商加"),
    ("购买", "购卖"),
    ("联系", "连系"),
    ("处理", "处里"),
    ("在", "再"),
    ("的", "得"),
    ("买", "卖"),
    ("账号", "帐号"),
    ("元", "圆"),
]


# --------------------------------------------------------------------------------------------
# identifiers
# --------------------------------------------------------------------------------------------


def id_check_digit(body17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * w for c, w in zip(body17, weights, strict=True)) % 11]


def id_number_valid(s: str) -> bool:
    return len(s) == 18 and s[:17].isdigit() and id_check_digit(s[:17]) == s[17]


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc_valid(s: str) -> bool:
    if len(s) != 18 or any(c not in USCC_CHARS for c in s):
        return False
    return _uscc_check(s[:17]) == s[17]


def _uscc_check(body17: str) -> str:
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(body17, weights, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def _org_code(rng: random.Random) -> str:
    body = "".join(rng.choice("0123456789") for _ in range(8))
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    c = 11 - sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(c, str(c))


def make_uscc(rng: random.Random, area: str, individual: bool = False) -> str:
    body = ("92" if individual else "91") + area + _org_code(rng)
    return body + _uscc_check(body)


def luhn_complete(prefix_body: str) -> str:
    digits = [int(c) for c in prefix_body][::-1]
    total = 0
    for i, d in enumerate(digits):
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return prefix_body + str((10 - total % 10) % 10)


# --------------------------------------------------------------------------------------------
# model objects
# --------------------------------------------------------------------------------------------


@dataclass
class Person:
    name: str
    male: bool
    id_number: str
    phone: str
    address: str
    city: str
    hon: str = ""  # how a hotline operator usually writes this caller: 王先生, 李女士

    @property
    def surname(self) -> str:
        return self.name[0]

    def honorific(self, rng: random.Random) -> str:
        if rng.random() < 0.9:
            return self.hon
        return self.surname + rng.choice(["先生", "师傅"] if self.male else ["女士", "小姐", "阿姨"])


@dataclass
class Merchant:
    reg_name: str
    sign_name: str
    uscc: str
    kind: str
    products: list
    weight: float
    service_phone: str


@dataclass
class Rec:
    recv: datetime
    channel: str
    person: Person
    merchant: Merchant
    product: str
    text: str
    pdate: date | None = None
    qty: int | None = 1
    amount: float | None = None
    claim: float | None = None
    legal: str = ""
    pics: list = field(default_factory=list)
    outcome: str = ""
    comp: float | None = None
    closed: datetime | None = None
    note: str = ""
    group: str | None = None
    # how the identity is written; None means the channel's habit decides
    name: str | None = None
    show_id: bool | None = None
    phone: str | None = None  # override of the person's phone ("" = none given)
    address: str | None = None
    merchant_mode: str | None = None  # "reg" / "sign"
    show_uscc: bool | None = None
    cid: str = ""


@dataclass
class Pic:
    """A picture to draw: kind is scene | product | forged; edits apply in order."""

    name: str
    kind: str
    key: int
    shot: int = 0
    edits: tuple = ()
    fmt: str = "jpg"
    quality: int = 85


# --------------------------------------------------------------------------------------------
# text helpers
# --------------------------------------------------------------------------------------------

FW_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def fullwidth(s: str) -> str:
    return s.translate(FW_DIGITS)


def to_trad(s: str, rng: random.Random, p: float) -> str:
    return "".join(TRAD.get(c, c) if c in TRAD and rng.random() < p else c for c in s)


def add_typos(s: str, rng: random.Random, n: int) -> str:
    for _ in range(n):
        cands = [t for t in TYPOS if t[0] in s]
        if not cands:
            break
        a, b = rng.choice(cands)
        idx = [i for i in range(len(s)) if s.startswith(a, i)]
        i = rng.choice(idx)
        s = s[:i] + b + s[i + len(a) :]
    return s


def noisy(s: str, rng: random.Random, trad=0.0, fw=0.0, typo=0.0, space=0.0) -> str:
    if trad and rng.random() < trad:
        s = to_trad(s, rng, rng.uniform(0.4, 0.95))
    if fw and rng.random() < fw:
        s = fullwidth(s)
    if typo and rng.random() < typo:
        s = add_typos(s, rng, rng.choice([1, 1, 2, 3]))
    if space and rng.random() < space:
        i = rng.randrange(1, max(2, len(s)))
        s = s[:i] + rng.choice([" ", "  ", "　"]) + s[i:]
    return s


def fmt_phone_text(p: str, rng: random.Random) -> str:
    style = rng.randrange(7)
    if style == 0:
        return p
    if style == 1:
        return f"{p[:3]} {p[3:7]} {p[7:]}"
    if style == 2:
        return f"{p[:3]}-{p[3:7]}-{p[7:]}"
    if style == 3:
        return fullwidth(p)
    if style == 4:
        return fullwidth(f"{p[:3]} {p[3:7]} {p[7:]}")
    if style == 5:
        return f"+86 {p}"
    return f"{p[:3]}－{p[3:7]}－{p[7:]}"


def fmt_card_text(c: str, rng: random.Random) -> str:
    style = rng.randrange(5)
    if style == 0:
        return c
    groups = " ".join(c[i : i + 4] for i in range(0, len(c), 4))
    if style == 1:
        return groups
    if style == 2:
        return groups.replace(" ", "-")
    if style == 3:
        return fullwidth(c)
    return fullwidth(groups)


def date_cn(d: date, rng: random.Random) -> str:
    s = rng.randrange(5)
    if s == 0:
        return f"{d.month}月{d.day}日"
    if s == 1:
        return f"{d.year}年{d.month}月{d.day}日"
    if s == 2:
        return f"{d.month}.{d.day}号"
    if s == 3:
        return f"{d.year}-{d.month:02d}-{d.day:02d}"
    return f"{d.month}月{d.day}号"


def money(x: float) -> str:
    return f"{x:.0f}" if abs(x - round(x)) < 1e-9 else f"{x:.2f}"


# --------------------------------------------------------------------------------------------
# the generator
# --------------------------------------------------------------------------------------------


class _Gen:
    def __init__(self, seed: int, rows: int):
        if rows < 60:
            raise ValueError("rows must be at least 60")
        self.seed = seed
        self.rows = rows
        self.r = random.Random(seed * 7919 + 12)
        self.park_key = "shengzhou" if seed % 2 == 0 else "majiahe"
        self.park = PARKS[self.park_key]
        year = 2023 + seed % 3
        self.t0 = datetime(year, 1, 1)
        self.days = 365
        self.used_ids: set[str] = set()
        self.used_phones: set[str] = set()
        self.used_cards: set[str] = set()
        self.pic_names: set[str] = set()
        self.recs: list[Rec] = []
        self.groups: dict[str, dict] = {}
        self.pic_key = 0
        self.scale = rows / 10000
        self.encoding = ["utf-8-sig", "utf-8", "gbk"][seed % 3]
        self.header_style = "title" if seed % 4 == 3 else "snake"

    # ---------------- people ----------------

    def new_phone(self, prefix7: str | None = None) -> str:
        r = self.r
        while True:
            if prefix7:
                p = prefix7 + f"{r.randrange(10000):04d}"
            else:
                p = r.choice(MOBILE_PREFIXES) + f"{r.randrange(100000000):08d}"
            if p not in self.used_phones:
                self.used_phones.add(p)
                return p

    def new_id(self, city: str, male: bool, age: tuple[int, int] = (19, 68)) -> str:
        r = self.r
        area = CITIES[city][0]
        while True:
            y = self.t0.year - r.randint(*age)
            b = date(y, 1, 1) + timedelta(days=r.randrange(365))
            seq = r.randrange(0, 100) * 10 + r.choice([1, 3, 5, 7, 9] if male else [0, 2, 4, 6, 8])
            body = f"{area}{b:%Y%m%d}{seq:03d}"
            idn = body + id_check_digit(body)
            if idn not in self.used_ids:
                self.used_ids.add(idn)
                return idn

    def new_card(self) -> tuple[str, str]:
        r = self.r
        while True:
            bin_, n, bank = r.choice(CARD_BINS)
            body = bin_ + "".join(r.choice("0123456789") for _ in range(n - len(bin_) - 1))
            c = luhn_complete(body)
            if c not in self.used_cards:
                self.used_cards.add(c)
                return c, bank

    def name(self, male: bool, surname: str | None = None) -> str:
        r = self.r
        s = surname or r.choice(SURNAMES)
        pool = GIVEN_M if male else GIVEN_F
        g = r.choice(pool) if r.random() < 0.3 else r.choice(pool) + r.choice(pool)
        return s + g

    def address(self, city: str, coarse: bool = False) -> str:
        r = self.r
        code, prov, cty, dist, streets, comms = CITIES[city]
        st, cm = r.choice(streets), r.choice(comms)
        if coarse:
            return r.choice([f"{dist}{st}", f"{dist}{cm}", f"{cty}{dist}{st}{cm}"])
        bld = r.randint(1, 32)
        unit = r.randint(1, 4)
        room = r.randint(1, 28) * 100 + r.randint(1, 4)
        tail = r.choice([f"{bld}栋{unit}单元{room}室", f"{bld}幢{room}", f"{bld}-{unit}-{room}", f"{bld}号楼{room}室"])
        if r.random() < 0.12:
            return f"{dist}{st}{r.choice('东西南北')}{r.choice(['湾', '山', '塘', '桥'])}村{r.randint(1, 99)}号"
        pre = r.choice([f"{prov}{cty}{dist}", f"{cty}{dist}", f"{dist}", f"{prov}{dist}"])
        if prov == cty:  # 重庆市重庆市
            pre = pre.replace(f"{prov}{cty}", prov)
        return f"{pre}{st}{cm}{tail}"

    def person(
        self,
        city: str | None = None,
        male: bool | None = None,
        surname: str | None = None,
        age=(19, 68),
        phone: str | None = None,
        address: str | None = None,
    ) -> Person:
        r = self.r
        if city is None:
            x = r.random()
            home = self.park["home"]
            city = (
                home
                if x < 0.55
                else r.choice(self.park["near"])
                if x < 0.7
                else r.choice(MIGRANT_FROM)
                if x < 0.9
                else r.choice(FAR_CITIES)
            )
        if male is None:
            male = r.random() < 0.5
        idn = self.new_id(city, male, age)
        live = city if city in (self.park["home"], *self.park["near"]) or r.random() < 0.35 else self.park["home"]
        name = self.name(male, surname)
        hon = name[0] + (r.choice(["先生"] * 9 + ["师傅"]) if male else r.choice(["女士"] * 8 + ["小姐"] * 2))
        return Person(name, male, idn, phone or self.new_phone(), address or self.address(live), live, hon)

    # ---------------- merchants ----------------

    def build_merchants(self):
        r = self.r
        n = max(12, int(20 + self.rows / 140))
        home = self.park["home"]
        kinds = list(MERCHANT_KINDS)
        weights = [MERCHANT_KINDS[k][0] for k in kinds]
        used = set()
        self.merchants: list[Merchant] = []
        for i in range(n):
            kind = r.choices(kinds, weights)[0]
            while True:
                brand = r.choice(BRAND_A) + r.choice(BRAND_B)
                if brand not in used:
                    used.add(brand)
                    break
            city = (
                home
                if kind not in ("online_shop",) or r.random() < 0.3
                else r.choice(["xihu", "binjiang", "yiwu", "tianhe", "nanshan"])
            )
            _, prov, cty, dist, streets, _ = CITIES[city]
            places = [dist, dist[:-1], cty[:-1]] if dist.endswith("市") else [cty[:-1], cty[:-1], cty, prov[:2]]
            place = r.choice(places)
            zone = r.choice(self.park["zones"])
            if kind == "food_factory":
                reg, sign = (
                    f"{place}{brand}食品有限公司",
                    r.choice([f"{brand}食品", f"{brand}食品厂直营店", f"{brand}工厂店"]),
                )
            elif kind == "kitchen_factory":
                reg = f"{place}{brand}{r.choice(['厨具', '电器', '厨房电器'])}有限公司"
                sign = r.choice([f"{brand}集成灶专卖店", f"{brand}电器", f"{brand}厨电({zone}店)"])
            elif kind == "garment_factory":
                reg = f"{place}{brand}{r.choice(['服饰', '领带', '针织', '纺织'])}有限公司"
                sign = r.choice([f"{brand}服饰工厂店", f"{brand}领带", f"{brand}服装厂"])
            elif kind == "ceramic_factory":
                reg, sign = f"{place}{brand}陶瓷有限公司", f"{brand}陶瓷"
            elif kind == "supermarket":
                branch = r.choice(streets).removesuffix("街道").removesuffix("镇")
                reg = f"{place}{brand}{r.choice(['超市连锁有限公司', '商贸有限公司', '超市有限公司'])}{branch}分店"
                sign = r.choice(
                    [f"{brand}超市（{branch}店）", f"{brand}超市", f"{brand}生活超市{branch}店", f"{brand}便利"]
                )
            elif kind == "online_shop":
                reg = f"{cty[:-1]}{brand}{r.choice(['电子商务有限公司', '网络科技有限公司', '贸易有限公司'])}"
                sign = r.choice(
                    [f"{brand}官方旗舰店", f"{brand}专营店", f"{brand}的小店", f"拼多多{brand}好物店", f"{brand}严选店"]
                )
            elif kind == "pharmacy":
                reg, sign = f"{place}{brand}大药房连锁有限公司", f"{brand}大药房"
            elif kind == "service":
                reg = f"{place}{brand}{r.choice(['健身服务有限公司', '美容美体有限公司', '体育文化有限公司'])}"
                sign = r.choice([f"{brand}健身", f"{brand}美容会所", f"{brand}瑜伽馆"])
            else:
                reg, sign = f"{place}{brand}车业有限公司", f"{brand}电动车"
            area = CITIES[city][0]
            pool = MERCHANT_KINDS[kind][1]
            prods = r.sample(pool, min(len(pool), r.randint(3, 8)))
            w = 1.0 / (i + 3) ** 0.9
            sp = (
                "0575-8" + f"{r.randrange(10**6):06d}"[:7]
                if self.park_key == "shengzhou"
                else "0731-2" + f"{r.randrange(10**7):07d}"
            )
            self.merchants.append(
                Merchant(
                    reg,
                    sign,
                    make_uscc(r, area, individual=(kind == "service" and r.random() < 0.5)),
                    kind,
                    prods,
                    w,
                    sp,
                )
            )
        self.m_weights = [m.weight for m in self.merchants]

    def merchant(self, kinds: tuple | None = None) -> Merchant:
        if kinds:
            ms = [m for m in self.merchants if m.kind in kinds]
            if ms:
                return self.r.choices(ms, [m.weight for m in ms])[0]
        return self.r.choices(self.merchants, self.m_weights)[0]

    def merchant_selling(self, category: str, max_price: float = 1e9) -> tuple[Merchant, str]:
        def ok(p):
            return PRODUCTS[p][0] == category and PRODUCTS[p][1] <= max_price

        ms = [m for m in self.merchants if any(ok(p) for p in m.products)]
        m = self.r.choices(ms, [x.weight for x in ms])[0] if ms else self.merchant()
        ps = [p for p in m.products if ok(p)] or m.products
        return m, self.r.choice(ps)

    # ---------------- time ----------------

    def when(self, lo: float = 0.0, hi: float | None = None, hotline=False) -> datetime:
        r = self.r
        hi = self.days if hi is None else hi
        day = self.t0 + timedelta(days=int(r.uniform(lo, hi)))
        h = r.choice(range(8, 21)) if hotline else r.choice(list(range(0, 24)) + list(range(9, 23)) * 2)
        return day + timedelta(hours=h, minutes=r.randrange(60), seconds=r.randrange(60))

    def price(self, product: str) -> float:
        _, lo, hi, _ = PRODUCTS[product]
        x = self.r.uniform(lo, hi)
        if hi < 100:
            return round(x, 1) if self.r.random() < 0.5 else round(x) - 0.1 if x > 1 else round(x, 1)
        return float(int(x) // 10 * 10 + self.r.choice([0, 8, 9]))

    # ---------------- pictures ----------------

    def pic_name(self, t: datetime, fmt: str | None = None) -> tuple[str, str]:
        r = self.r
        fmt = fmt or ("png" if r.random() < 0.18 else "jpg")
        t = t - timedelta(minutes=r.randrange(30, 60 * 24 * 3))
        ms = int(t.timestamp() * 1000) + r.randrange(1000)
        while True:
            s = r.randrange(9)
            if fmt == "png":
                name = r.choice(
                    [
                        f"Screenshot_{t:%Y-%m-%d-%H-%M-%S}-{r.randrange(1000):03d}_com.tencent.mm.png",
                        f"IMG_{t:%Y%m%d}_{r.randrange(10**6):06d}.png",
                        f"{ms}.png",
                        f"截图_{t:%Y%m%d%H%M%S}.png",
                    ]
                )
            elif s < 3:
                name = f"IMG_{t:%Y%m%d_%H%M%S}.jpg"
            elif s < 5:
                name = f"mmexport{ms}.jpg"
            elif s < 7:
                name = f"微信图片_{t:%Y%m%d%H%M%S}.jpg"
            elif s < 8:
                name = f"{ms}.jpg"
            else:
                name = f"retouch_{t:%Y%m%d%H%M%S}{r.randrange(100):02d}.jpg"
            if name not in self.pic_names:
                self.pic_names.add(name)
                return name, fmt
            ms += r.randrange(1, 50)
            t += timedelta(seconds=r.randrange(1, 9))

    def new_key(self) -> int:
        self.pic_key += 1
        return (self.seed * 1_000_003 + self.pic_key * 7907) & 0x7FFFFFFF

    def scene_pic(self, t: datetime) -> Pic:
        name, fmt = self.pic_name(t)
        return Pic(name, "scene", self.new_key(), fmt=fmt, quality=self.r.randint(60, 92))

    def product_pic(self, design_key: int, t: datetime, closeup=False) -> Pic:
        name, fmt = self.pic_name(t)
        edits = (("closeup",),) if closeup else ()
        return Pic(
            name, "product", design_key, shot=self.new_key(), edits=edits, fmt=fmt, quality=self.r.randint(60, 92)
        )

    def edited_copy(self, base_key: int, t: datetime, heavy=True) -> Pic:
        """A forged or planted-object picture re-used with edits (rotation, mirror, frame, crop)."""
        r = self.r
        edits = []
        ops = ["rot", "mirror", "frame", "crop", "scale", "bright"]
        k = r.randint(1, 3) if heavy else r.randint(0, 1)
        for op in r.sample(ops, k):
            if op == "rot":
                edits.append(("rot", r.choice([90, 180, 270])))
            elif op == "mirror":
                edits.append(("mirror",))
            elif op == "frame":
                edits.append(("frame", r.choice(["chat", "status", "album"])))
            elif op == "crop":
                f = r.uniform(0.55, 0.85) if heavy else r.uniform(0.85, 0.95)
                edits.append(("crop", round(f, 3), round(r.random(), 3), round(r.random(), 3)))
            elif op == "scale":
                edits.append(("scale", round(r.uniform(0.6, 1.25), 3)))
            else:
                edits.append(("bright", round(r.uniform(0.8, 1.25), 3)))
        fmt = "png" if any(e[0] == "frame" for e in edits) and r.random() < 0.7 else None
        name, fmt = self.pic_name(t, fmt)
        return Pic(name, "forged", base_key, edits=tuple(edits), fmt=fmt, quality=r.randint(55, 90))

    def resent_copy(self, pic: Pic, t: datetime) -> Pic:
        """The same photo sent again (re-compressed by a chat app, maybe scaled)."""
        r = self.r
        name, _ = self.pic_name(t, "jpg")
        edits = pic.edits + ((("scale", round(r.uniform(0.75, 0.95), 3)),) if r.random() < 0.6 else ())
        return Pic(name, pic.kind, pic.key, shot=pic.shot, edits=edits, fmt="jpg", quality=r.randint(50, 80))

    # ---------------- records ----------------

    def add(self, rec: Rec, group: str | None = None) -> Rec:
        rec.group = group
        self.recs.append(rec)
        return rec

    def new_group(self, prefix: str, kind: str) -> str:
        n = sum(1 for g in self.groups if g.startswith(prefix)) + 1
        gid = f"{prefix}{n:03d}"
        self.groups[gid] = {"kind": kind}
        return gid

    def genuine_text(
        self,
        m: Merchant,
        product: str,
        pdate: date | None,
        channel: str,
        person: Person | None = None,
        defect: str | None = None,
    ) -> str:
        r = self.r
        cat = PRODUCTS[product][0]
        d = defect or r.choice(DEFECTS[cat])
        shop = m.sign_name if r.random() < 0.7 else m.reg_name
        ds = (
            date_cn(pdate, r)
            if pdate and r.random() < 0.6
            else r.choice(["前几天", "上周", "前天", "上个月", "昨天", "月初"])
        )
        svc, dem = r.choice(SVC), r.choice(DEMANDS if cat in ("appliance", "vehicle", "digital") else DEMANDS_NO_REPAIR)
        hot = BLOCK_OF.get(channel) == "hotline"
        if hot:
            t = r.choice(
                [
                    f"来电人反映：{ds}在{shop}购买{product}，{d}，{svc}。诉求：{dem}。",
                    f"市民来电称其在{shop}购买的{product}{d}，与商家协商未果，希望相关部门处理。",
                    f"来电反映{shop}的{product}{d}，要求{dem}。",
                    f"{shop}，{product}{d}，{svc}，来电人要求{dem}。",
                    f"来电人称{ds}在{shop}买的{product}{d}\n诉求：{dem}",
                    f"反映{product}{d}，{svc}，请协调。",
                ]
            )
        elif channel == "网络":
            order = f"{pdate or self.t0.date():%Y%m%d}{r.randrange(10**10):010d}"
            t = r.choice(
                [
                    f"订单号{order}，{product}{d}，{svc}，申请{dem}。",
                    f"收到的{product}{d}，{r.choice(DEMANDS_SHORT[:3] if cat == 'food' else DEMANDS_SHORT)}",
                    f"{product}{d}，{svc}",
                    f"订单{order[-8:]}：{d}，要求{dem}",
                    f"{d}，{svc}，申请平台介入{dem}。",
                ]
            )
        else:
            t = r.choice(
                [
                    f"{product}{d}，要求{dem}。",
                    f"在{shop}买的{product}{d}，{svc}。",
                    f"{ds}买的{product}，{d}，{svc}，要求{dem}",
                    f"{product}{d}",
                    f"商家{svc}，{product}{d}，请帮忙处理",
                    f"{ds}在{shop}购买{product}，{d}。{svc}，希望{r.choice(['尽快处理', '给个说法', '退款'])}。",
                ]
            )
        if cat == "prepaid":
            t = r.choice([f"在{shop}办的{product}，{d}，余额不退。", f"{shop}{d}，{product}里还有钱，要求退款。"])
        if person is not None and r.random() < 0.05:
            t = (
                t.rstrip("。，\n")
                + "，"
                + r.choice(["请尽快联系我", "我的电话", "回电"])
                + fmt_phone_text(person.phone, r)
            )
        elif r.random() < 0.03:
            t = t.rstrip("。，\n") + f"。商家电话{m.service_phone}打不通。"
        return noisy(t, r, trad=0.02, fw=0.04, typo=0.06, space=0.03)

    def bg_outcome(self, rec: Rec):
        r = self.r
        o = r.choices([x[0] for x in OUTCOMES_BG], [x[1] for x in OUTCOMES_BG])[0]
        rec.outcome = o
        if (
            o in ("已退款", "退货退款", "部分赔偿", "已赔偿", "调解成功", "已调解", "mediated")
            and rec.amount
            and r.random() < 0.8
        ):
            if o == "部分赔偿":
                rec.comp = round(rec.amount * r.uniform(0.2, 0.8))
            elif o == "已赔偿" and r.random() < 0.5:
                rec.comp = round(rec.amount * r.choice([1, 1, 2, 3]))
            else:
                rec.comp = rec.amount
        if o not in ("", "处理中", "待处理", "pending", "转办"):
            rec.closed = rec.recv + timedelta(days=r.randint(1, 40), hours=r.randrange(9))

    def ordinary(
        self,
        person: Person,
        t: datetime,
        channel: str,
        group: str | None = None,
        merchant: Merchant | None = None,
        product: str | None = None,
        with_pic: float = 0.18,
    ) -> Rec:
        r = self.r
        m = merchant or self.merchant()
        product = product or r.choice(m.products)
        cat = PRODUCTS[product][0]
        back = r.randint(0, 240) if cat in ("appliance", "prepaid") else r.randint(0, 25)
        pdate = (t - timedelta(days=back)).date() if r.random() < 0.85 else None
        qty = r.choice([1, 1, 1, 1, 2, 2, 3, 6]) if cat in ("food", "cosmetic") else 1
        amount = round(self.price(product) * qty, 1)
        rec = Rec(t, channel, person, m, product, "", pdate, qty, amount)
        rec.text = self.genuine_text(m, product, pdate, channel, person)
        if r.random() < 0.55:
            rec.claim = amount if r.random() < 0.7 else None
        if r.random() < 0.02:
            rec.legal = r.choice(["消费者权益保护法", "《消费者权益保护法》第二十四条", "产品质量法", "七天无理由退货"])
        if r.random() < with_pic:
            rec.pics = [self.scene_pic(t) for _ in range(r.choice([1, 1, 1, 2]))]
        self.bg_outcome(rec)
        return self.add(rec, group)

    def bg_channel(self) -> str:
        chans = ["网络", "12345热线", "12315平台", "电话", "消费者协会", "举报", "信访", "行政复议", "法院诉讼"]
        return self.r.choices(chans, [36, 25, 20, 6, 6, 4, 1.5, 0.7, 0.8])[0]

    # ================= schemes =================

    def s_professional(self, gid: str):
        """A professional claimant: test purchases split into small orders, punitive-damage law on every file."""
        r = self.r
        p = self.person(city=r.choice([self.park["home"], *GANG_HOMES, r.choice(FAR_CITIES)]), age=(24, 55))
        style = r.randrange(4)
        extra_phone = self.new_phone() if r.random() < 0.3 else None
        start = r.uniform(0, self.days - 90)
        n_targets = r.randint(2, 6)
        escal = r.random() < 0.4
        total = 0
        limit = r.randint(6, 24)
        for _ in range(n_targets):
            if total >= limit:
                break
            cat = "food" if style != 3 else r.choice(["textile", "cosmetic", "digital"])
            m, prod = self.merchant_selling(cat, max_price=800)
            cat = PRODUCTS[prod][0]
            if cat not in FRAUD_CLAIMS and style == 3:
                cat = "textile"
            price = self.price(prod)
            viol = r.choice(FOOD_VIOLATIONS)
            fc = r.choice(FRAUD_CLAIMS.get(cat, FRAUD_CLAIMS["textile"]))
            buy_day = self.t0 + timedelta(days=start + r.uniform(0, 80))
            k = r.choice([1, 2, 3, 3, 4, 5, 6])  # split orders
            design = self.new_key()
            shared_pic = self.product_pic(design, buy_day, closeup=True)
            for j in range(k):
                if total >= limit:
                    break
                qty = r.choice([1, 1, 2, 3]) if price < 100 else 1
                amt = round(price * qty, 1)
                pdate = (buy_day + timedelta(days=r.choice([0, 0, 0, 1, 2]) if j else 0)).date()
                t = datetime.combine(pdate, datetime.min.time()) + timedelta(
                    days=r.randint(1, 12), hours=r.randint(8, 22), minutes=r.randrange(60)
                )
                shop = m.reg_name if r.random() < 0.7 else m.sign_name
                ds = date_cn(pdate, r)
                if style == 0:
                    claim = max(1000.0, amt * 10)
                    text = (
                        f"本人于{ds}在{shop}购买{prod}{qty}{PRODUCTS[prod][3]}，共计{money(amt)}元。经查看，该商品{viol}，"
                        f"违反食品安全法相关规定。依据{r.choice(LAW148)}，要求：一、退还货款{money(amt)}元；二、支付价款十倍赔偿金"
                        f"{r.choice(['（不足一千元的按一千元计算）', '，不足1000元按1000元计', ''])}。"
                    )
                    legal = r.choice(LAW148)
                elif style == 1:
                    claim = max(1000.0, amt * 10)
                    text = (
                        f"举报{shop}销售{viol}的{prod}。{ds}购买{qty}{PRODUCTS[prod][3]}，小票及实物照片附后。"
                        f"请求依法查处，责令商家退一赔十{r.choice(['，并给予举报奖励', '', '，依法给予举报人奖励'])}。"
                    )
                    legal = r.choice(LAW148 + [""])
                elif style == 2:
                    claim = max(1000.0, amt * 10)
                    text = (
                        f"{ds}购入{prod}{qty}{PRODUCTS[prod][3]}（{money(amt)}元），发现{viol}。根据食品安全法148条第二款，"
                        f"索赔{money(claim)}元{r.choice(['。', '，请尽快处理。', '，逾期将提起诉讼。'])}"
                    )
                    legal = r.choice(LAW148 + [""])
                else:
                    claim = max(500.0, amt * 3)
                    text = (
                        f"{ds}在{shop}购买{prod}，商家{fc[0]}，实际{fc[1]}，构成欺诈。依据{r.choice(LAW55)}，"
                        f"要求退一赔三，赔偿金{money(claim)}元。"
                    )
                    legal = r.choice(LAW55)
                ch = r.choices(["12315平台", "举报", "网络", "消费者协会"], [6, 3, 2, 1])[0]
                rec = Rec(t, ch, p, m, prod, noisy(text, r, fw=0.1, typo=0.05), pdate, qty, amt, claim, legal)
                rec.show_id = True
                rec.name = p.name
                if extra_phone and r.random() < 0.4:
                    rec.phone = extra_phone
                rec.pics = [shared_pic if r.random() < 0.6 else self.product_pic(design, t, closeup=True)]
                if r.random() < 0.4:
                    rec.pics.append(self.scene_pic(t))  # the receipt
                rec.outcome = r.choice(
                    ["终止调解", "调解不成", "不予受理", "部分赔偿", "已办结", "撤回", "处理中", "", "驳回"]
                )
                if rec.outcome in ("部分赔偿", "撤回"):
                    rec.comp = float(r.choice([500, 800, 1000, 1000, 1500]))
                if rec.outcome not in ("", "处理中"):
                    rec.closed = t + timedelta(days=r.randint(3, 45))
                self.add(rec, gid)
                total += 1
                if escal and j == 0 and r.random() < 0.7:
                    for ch2, lag in (("行政复议", r.randint(30, 60)), ("法院诉讼", r.randint(60, 120))):
                        if r.random() < 0.75:
                            t2 = t + timedelta(days=lag)
                            txt = (
                                f"申请人{p.name}不服市场监管部门对{shop}的不予立案决定，请求撤销并责令重新处理。"
                                if ch2 == "行政复议"
                                else f"原告{p.name}诉被告{m.reg_name}买卖合同纠纷，"
                                f"请求判令被告退还货款{money(amt)}元并支付十倍赔偿{money(claim)}元。"
                            )
                            rec2 = Rec(t2, ch2, p, m, prod, txt, pdate, qty, amt, claim, legal)
                            rec2.show_id, rec2.name = True, p.name
                            rec2.outcome = r.choice(["处理中", "驳回", "调解不成", "已办结"])
                            self.add(rec2, gid)
                            total += 1

    def s_identity_rotation(self, gid: str):
        """One person filing under borrowed identities (relatives' ID numbers), phone or account shared now and then."""
        r = self.r
        home = r.choice([self.park["home"], *self.park["near"], *GANG_HOMES])
        core = self.person(city=home, age=(28, 55))
        n_ids = r.randint(4, 9)
        idents = [core] + [
            self.person(
                city=home if r.random() < 0.7 else r.choice(FAR_CITIES),
                surname=core.surname if r.random() < 0.4 else None,
            )
            for _ in range(n_ids - 1)
        ]
        own_phones = [core.phone, self.new_phone()]
        card, bank = self.new_card()
        alipay = r.choice(
            [
                core.phone,
                f"{''.join(r.choice('abcdefghjkmnpqrstwxyz') for _ in range(4))}{r.randrange(1000, 9999)}@163.com",
            ]
        )
        addr_base = core.address
        hook_cat = r.choice(["food", "food", "cosmetic", "digital"])
        n = r.randint(6, 18)
        start = r.uniform(0, self.days - 150)
        base_pic = self.new_key() if r.random() < 0.6 else None
        for i in range(n):
            ident = idents[i % len(idents)] if i < len(idents) else r.choice(idents)
            t = self.when(start, start + 150)
            m, prod = self.merchant_selling(hook_cat, max_price=150)
            price = self.price(prod)
            qty = r.choice([1, 2, 2, 5])
            amt = round(price * qty, 1)
            d = r.choice(DEFECTS[hook_cat])
            pdate = (t - timedelta(days=r.randint(1, 10))).date()
            ds = date_cn(pdate, r)
            parts = [
                r.choice(
                    [
                        f"{ds}在{m.sign_name}买了{qty}{PRODUCTS[prod][3]}{prod}",
                        f"本人{ds}购买{m.sign_name}的{prod}{qty}{PRODUCTS[prod][3]}",
                    ]
                ),
                r.choice([f"发现{d}", f"结果{d}", f"到手{d}"]),
                r.choice(["要求商家按规定赔偿", "要求退一赔三", "要求十倍赔偿", "要求赔偿损失"]),
            ]
            claim = float(r.choice([500, 1000, 1000, 1500, 2000]))
            if r.random() < 0.55:
                pay = r.choice(
                    [
                        f"赔偿款请转{bank}卡号{fmt_card_text(card, r)}",
                        f"款项打到支付宝{alipay}",
                        f"请汇入{fmt_card_text(card, r)}（{bank}）",
                    ]
                )
                parts.append(pay)
            text = "，".join(parts) + "。"
            rec = Rec(
                t,
                r.choice(["12315平台", "网络", "12345热线", "消费者协会", "举报"]),
                ident,
                m,
                prod,
                noisy(text, r, fw=0.1, typo=0.1),
                pdate,
                qty,
                amt,
                claim,
            )
            rec.name = ident.name
            rec.show_id = r.random() < 0.8
            rec.phone = r.choice(own_phones) if r.random() < 0.45 else ident.phone
            if r.random() < 0.5:
                rec.address = addr_base if r.random() < 0.5 else addr_base.replace("室", "").replace("栋", "幢")
            rec.legal = r.choice(["", "", r.choice(LAW55), r.choice(LAW148)])
            if base_pic and r.random() < 0.6:
                rec.pics = [self.edited_copy(base_pic, t)]
            elif r.random() < 0.3:
                rec.pics = [self.scene_pic(t)]
            rec.outcome = r.choice(["调解成功", "撤回", "终止调解", "", "已办结", "部分赔偿"])
            if rec.outcome in ("调解成功", "撤回", "部分赔偿"):
                rec.comp = float(r.choice([200, 300, 500, 800]))
                rec.closed = t + timedelta(days=r.randint(2, 20))
            self.add(rec, gid)

    GANG_SCRIPTS = [
        ("food", "{d}在{m}买的{p}，回家打开发现里面有{x}，家里小孩吃了以后{y}。商家一直推脱，要求赔偿{a}元"),
        ("food", "本人于{d}在{m}购买{p}，食用时发现{x}，随后出现{y}，已就医。现要求{m}赔偿医疗费、误工费共计{a}元"),
        ("cosmetic", "{d}在{m}买的{p}，用了两天脸上{y}，怀疑是三无产品，要求商家赔偿{a}元，否则继续投诉"),
        ("textile", "{d}从{m}购买{p}，穿后{y}，经查面料{x}，要求退款并赔偿{a}元"),
        ("digital", "{d}在{m}购买{p}，使用中{x}，差点引起火灾，要求赔偿{a}元"),
    ]
    GANG_X = {
        "food": ["一块碎玻璃", "一截钢丝", "一只死虫", "一团黑色絮状物", "塑料碎片"],
        "cosmetic": ["重金属超标"],
        "textile": ["甲醛超标", "成分与标签不符"],
        "digital": ["电池鼓包冒烟", "充电头发烫融化"],
    }
    GANG_Y = {
        "food": ["上吐下泻", "肚子疼了一整夜", "呕吐发烧"],
        "cosmetic": ["红肿起疹", "过敏脱皮"],
        "textile": ["皮肤瘙痒起红疹"],
        "digital": ["烫伤手指"],
    }

    def s_regional_gang(self, gid: str):
        """A gang from one county: phones from one number block, a coordinator's phone or card in the texts, bursts."""
        r = self.r
        home = r.choice(GANG_HOMES)
        block = r.choice(MOBILE_PREFIXES) + f"{r.randrange(10000):04d}"
        coord = self.person(city=home, phone=self.new_phone(block), age=(30, 55))
        card, bank = self.new_card()
        cat, script = r.choice(self.GANG_SCRIPTS)
        n_mem = r.randint(5, 13)
        members = []
        for _ in range(n_mem):
            ph = self.new_phone(block) if r.random() < 0.75 else None
            members.append(self.person(city=home, phone=ph, address=self.address(home) if r.random() < 0.6 else None))
        if r.random() < 0.4:
            members.append(coord)
        amount = float(r.choice([2000, 3000, 5000, 6000, 8800]))
        coord_label = r.choice(["李经理", "联系人", "我表哥", "代理人", "王姐", "对接人"])
        strikes = r.randint(1, 3)
        for _s in range(strikes):
            m, prod = self.merchant_selling(cat)
            day0 = r.uniform(0, self.days - 10)
            x, y = r.choice(self.GANG_X[cat]), r.choice(self.GANG_Y[cat])
            for mem in r.sample(members, max(3, int(len(members) * r.uniform(0.5, 1.0)))):
                t = self.when(day0, day0 + r.uniform(1, 4))
                pdate = (t - timedelta(days=r.randint(0, 3))).date()
                price = self.price(prod)
                text = script.format(
                    d=date_cn(pdate, r),
                    m=m.sign_name if r.random() < 0.6 else m.reg_name,
                    p=prod,
                    x=x,
                    y=y,
                    a=money(amount),
                )
                if r.random() < 0.3:  # members change a few words
                    text = text.replace("要求", r.choice(["要求", "请求", "需要"])).replace(
                        "商家", r.choice(["商家", "店家", "老板"])
                    )
                tail = r.random()
                if tail < 0.45:
                    text += (
                        r.choice(["，有事联系", "，协商请找", "。", "，"])
                        + f"{coord_label}{fmt_phone_text(coord.phone, r)}"
                    )
                elif tail < 0.8:
                    text += r.choice(
                        [
                            f"，赔款打到{bank}{fmt_card_text(card, r)}",
                            f"。赔偿款汇入账号：{fmt_card_text(card, r)}",
                            f"，钱转到这个卡{fmt_card_text(card, r)}户名{coord.name}",
                        ]
                    )
                text = noisy(text, r, fw=0.1, typo=0.08, space=0.05)
                ch = r.choices(["12315平台", "12345热线", "举报", "网络", "电话"], [4, 4, 2, 2, 1])[0]
                rec = Rec(t, ch, mem, m, prod, text, pdate, 1, price, amount)
                if r.random() < 0.3:
                    rec.legal = r.choice(LAW148 if cat == "food" else LAW55)
                if r.random() < 0.5:
                    rec.pics = [self.scene_pic(t)]
                rec.outcome = r.choice(["调解不成", "终止调解", "", "处理中", "部分赔偿", "已办结", "已撤回"])
                if rec.outcome in ("部分赔偿", "已撤回"):
                    rec.comp = float(r.choice([500, 1000, 2000]))
                if rec.outcome not in ("", "处理中"):
                    rec.closed = t + timedelta(days=r.randint(2, 30))
                self.add(rec, gid)

    RING_HOOKS = [
        (
            "food",
            [
                "打开后发现瓶口有黑色絮状物",
                "开盖看到瓶口处有黑色絮状的东西",
                "瓶盖内侧附着黑色絮状异物",
                "瓶口粘着一团黑乎乎的絮状物",
            ],
        ),
        (
            "food",
            ["外箱生产日期被人为涂改过", "箱子上的生产日期明显被改过", "外包装日期有涂改痕迹", "纸箱喷码日期是后改的"],
        ),
        (
            "food",
            [
                "吃到一半发现里面有一截钢丝",
                "吃着吃着咬到一段钢丝",
                "食用时发现内有金属丝一段",
                "里面夹着一根细铁丝，差点吞下去",
            ],
        ),
        (
            "textile",
            [
                "穿了一次就大面积掉色，把皮肤染蓝了",
                "只穿一次严重褪色，皮肤都被染了色",
                "首次穿着即严重掉色，染到皮肤上",
                "穿过一回就掉色，身上都染成蓝的",
            ],
        ),
        (
            "digital",
            ["充电时电池鼓包冒烟", "充着电电池鼓起来还冒烟", "充电过程中电池膨胀并冒出烟雾", "一充电就鼓包，还冒烟"],
        ),
        (
            "appliance",
            ["点火时回火把手烫伤", "打火的时候回火，手被烫伤了", "点火回火导致手部烫伤", "开火瞬间火苗窜出烫伤手背"],
        ),
        (
            "food",
            [
                "喝了以后全家上吐下泻去医院挂水",
                "饮用后家人呕吐腹泻，到医院输液",
                "喝完全家都拉肚子呕吐，去医院吊瓶",
                "饮用后出现呕吐腹泻，全家就医",
            ],
        ),
        (
            "textile",
            [
                "宣传是纯羊毛，送检只有百分之三十",
                "标注纯羊毛实际含量仅三成",
                "说是100%羊毛，检测只有30%",
                "号称纯羊毛，其实羊毛含量才30%左右",
            ],
        ),
        (
            "cosmetic",
            ["面膜用后脸上起红疹", "敷完面膜脸部红肿起疹子", "使用面膜后面部过敏出现红疹", "用了这款面膜满脸红疙瘩"],
        ),
        ("food", ["月饼馅里有头发丝", "月饼馅料中发现毛发", "咬开月饼里面有根头发", "月饼里吃出一根长头发"]),
        (
            "cosmetic",
            [
                "面霜里有细小颗粒和异味",
                "面霜中有颗粒物且气味刺鼻",
                "这瓶面霜有颗粒还发臭",
                "面霜质地有颗粒，闻着有怪味",
            ],
        ),
    ]
    RING_SLOTS = {
        "open": [
            "您好，",
            "本人要投诉，",
            "我要反映一个问题：",
            "你好，我是消费者，",
            "",
            "投诉事项：",
            "情况说明：",
            "我实名投诉，",
        ],
        "buy": [
            "{d}在{m}买了{p}",
            "{d}于{m}处购得{p}",
            "我{d}从{m}购买了{p}",
            "本人在{m}（{d}）下单购买{p}",
            "{d}在{m}消费，购买了{p}",
            "{d}通过{m}买入{p}",
        ],
        "harm": [
            "精神和身体都受到伤害",
            "给我造成很大困扰",
            "对身体造成了损害",
            "身心受到严重影响",
            "导致我误工多日",
            "影响正常工作生活",
        ],
        "nego": [
            "与商家联系多次无果",
            "找商家协商，对方推诿",
            "商家拒绝承担责任",
            "客服只肯退款不肯赔偿",
            "多次沟通对方置之不理",
            "商家态度敷衍了事",
            "协商未果",
        ],
        "demand": [
            "要求赔偿{a}元",
            "请求商家赔付{a}元",
            "索赔{a}元",
            "需赔偿我{a}元整",
            "赔我{a}块钱",
            "赔偿金额{a}元",
            "要对方赔偿人民币{a}元",
        ],
        "close": [
            "否则将继续向上级部门反映",
            "不解决就一直投诉下去",
            "希望尽快处理",
            "请监管部门介入",
            "请给予答复",
            "",
            "望贵部门主持公道",
        ],
    }

    def ring_text(self, tpl: dict, m: Merchant, prod: str, pdate: date) -> str:
        r = self.r
        fill = {"d": date_cn(pdate, r), "m": r.choice([m.sign_name, m.reg_name]), "p": prod, "a": money(tpl["amount"])}
        buy = r.choice(tpl["buy"]).format(**fill)
        mid = [r.choice(tpl["hook"]), r.choice(tpl["harm"]), r.choice(tpl["nego"])]
        if r.random() < 0.4:
            mid = [mid[0], mid[2], mid[1]] if r.random() < 0.5 else [mid[2], mid[0], mid[1]]
        if r.random() < 0.25:
            mid.pop(1)
        demand = r.choice(tpl["demand"]).format(**fill)
        close = r.choice(tpl["close"])
        clauses = [buy] + mid + [demand]
        if r.random() < 0.25:  # demand first
            clauses = [demand, buy] + mid
        seps = [r.choice(["，", "，", "。", "；", "、", ", "]) for _ in clauses]
        body = "".join(c + s for c, s in zip(clauses, seps, strict=True)).rstrip("，、；, ")
        text = r.choice(tpl["open"]) + body + ("，" + close if close else "") + r.choice(["。", "！", "", "。。"])
        return noisy(text, r, trad=0.3, fw=0.35, typo=0.5, space=0.15)

    def ring_template(self) -> dict:
        r = self.r
        cat, hooks = r.choice(self.RING_HOOKS)
        tpl = {k: r.sample(v, min(len(v), r.randint(2, 3))) for k, v in self.RING_SLOTS.items()}
        tpl["hook"] = r.sample(hooks, r.randint(2, 4))
        tpl["amount"] = float(r.choice([1000, 2000, 3000, 3000, 5000, 6666, 8000]))
        tpl["cat"] = cat
        return tpl

    def s_paraphrase_ring(self, gid: str):
        """Members paraphrase one script (synonyms, reordered clauses, traditional characters, typos).

        No numbers are shared: only the script, the targets and the demand tie them."""
        r = self.r
        tpl = self.ring_template()
        n = r.randint(4, 12)
        targets = [self.merchant_selling(tpl["cat"]) for _ in range(r.randint(1, 3))]
        day0 = r.uniform(0, self.days - 45)
        region = r.choice([None, r.choice(GANG_HOMES)])
        for _ in range(n):
            mem = self.person(city=region)
            for _k in range(r.choice([1, 1, 1, 2])):
                m, prod = r.choice(targets)
                t = self.when(day0, day0 + r.uniform(10, 42))
                pdate = (t - timedelta(days=r.randint(0, 6))).date()
                price = self.price(prod)
                rec = Rec(
                    t,
                    r.choices(["12315平台", "12345热线", "网络", "消费者协会", "举报", "电话"], [4, 3, 3, 1, 1, 1])[0],
                    mem,
                    m,
                    prod,
                    self.ring_text(tpl, m, prod, pdate),
                    pdate,
                    1,
                    price,
                    tpl["amount"] if r.random() < 0.8 else None,
                )
                if r.random() < 0.3:
                    rec.pics = [self.scene_pic(t)]
                rec.outcome = r.choice(["终止调解", "调解不成", "", "处理中", "已办结", "不予受理"])
                if rec.outcome not in ("", "处理中"):
                    rec.closed = t + timedelta(days=r.randint(3, 30))
                self.add(rec, gid)

    def s_low_and_slow(self, gid: str):
        """Members in many cities, a complaint or two a quarter each.

        Tied by a coordinator's card, phone or Alipay account written in the texts,
        or by phones from one number block."""
        r = self.r
        tpl = self.ring_template()
        n = r.randint(4, 10)
        links = r.sample(["card", "coord_phone", "block", "alipay"], r.randint(1, 2))
        block = (
            (r.choice(VIRTUAL_PREFIXES + MOBILE_PREFIXES) + f"{r.randrange(10000):04d}") if "block" in links else None
        )
        card, bank = self.new_card()
        coord_phone = self.new_phone()
        alipay = r.choice(
            [coord_phone, f"{r.choice(['zhang', 'li', 'wang', 'chen', 'liu'])}{r.randrange(100, 999)}@qq.com"]
        )
        start = r.uniform(0, self.days * 0.4)
        span = r.uniform(180, min(330, self.days - start - 1))
        for _i in range(n):
            city = r.choice(FAR_CITIES + GANG_HOMES + MIGRANT_FROM)
            mem = self.person(city=city, phone=self.new_phone(block) if block and r.random() < 0.85 else None)
            mem.address = self.address(city)
            mem.city = city
            for _k in range(r.choice([1, 1, 2, 2, 3])):
                t = self.when(start, start + span)
                m, prod = self.merchant_selling(tpl["cat"])
                pdate = (t - timedelta(days=r.randint(0, 9))).date()
                text = self.ring_text(tpl, m, prod, pdate)
                tie = r.random()
                if "card" in links and tie < 0.6:
                    text += r.choice(["赔偿款请打到", "请转账至", "退款账户："]) + f"{bank}{fmt_card_text(card, r)}"
                elif "coord_phone" in links and tie < 0.7:
                    text += r.choice(["有事可联系我的代理人", "协商电话", "联系人电话", "请联系"]) + fmt_phone_text(
                        coord_phone, r
                    )
                elif "alipay" in links and tie < 0.7:
                    text += r.choice(["支付宝：", "支付宝账号", "赔款转支付宝"]) + alipay
                rec = Rec(
                    t,
                    r.choice(["12315平台", "网络", "12345热线", "消费者协会"]),
                    mem,
                    m,
                    prod,
                    text,
                    pdate,
                    1,
                    self.price(prod),
                    tpl["amount"],
                )
                rec.outcome = r.choice(["终止调解", "调解不成", "", "已办结", "部分赔偿"])
                if rec.outcome == "部分赔偿":
                    rec.comp = float(r.choice([300, 500, 800]))
                if rec.outcome:
                    rec.closed = t + timedelta(days=r.randint(3, 30))
                self.add(rec, gid)

    PLANTED = ["一只苍蝇", "一小块玻璃", "一颗螺丝钉", "一根长头发", "一截烟头", "一片指甲", "一条小虫", "一块创可贴"]

    def s_forged_evidence(self, gid: str):
        """Planted-object photos re-used with edits across identities and merchants."""
        r = self.r
        n_id = r.randint(1, 4)
        home = r.choice([self.park["home"], *GANG_HOMES])
        idents = [self.person(city=home) for _ in range(n_id)]
        bases = [self.new_key() for _ in range(r.randint(1, 3))]
        obj = r.choice(self.PLANTED)
        n = r.randint(4, 10)
        start = r.uniform(0, self.days - 120)
        for i in range(n):
            ident = idents[i % n_id]
            t = self.when(start, start + 120)
            m, prod = self.merchant_selling("food")
            price = self.price(prod)
            pdate = (t - timedelta(days=r.randint(0, 3))).date()
            claim = float(r.choice([2000, 3000, 5000, 5000, 10000, 20000]))
            text = r.choice(
                [
                    f"在{m.sign_name}买的{prod}里吃出{obj}，已拍照留证，要求赔偿{money(claim)}元。",
                    f"{date_cn(pdate, r)}购买的{prod}中发现{obj}，照片见附件，商家必须给个说法，赔偿{money(claim)}。",
                    f"{prod}里有{obj}！！孩子差点吃下去，要求{m.sign_name}赔偿精神损失费{money(claim)}元",
                    f"吃{prod}吃到{obj}，恶心得吐了，去医院花了几百，要求赔{money(claim)}元",
                ]
            )
            rec = Rec(
                t,
                r.choice(["12315平台", "12345热线", "网络", "电话", "消费者协会"]),
                ident,
                m,
                prod,
                noisy(text, r, fw=0.1, typo=0.15, trad=0.05),
                pdate,
                1,
                price,
                claim,
            )
            rec.pics = [self.edited_copy(r.choice(bases), t) for _ in range(r.choice([1, 1, 2]))]
            if r.random() < 0.3:
                rec.pics.append(self.scene_pic(t))
            rec.outcome = r.choice(["调解不成", "终止调解", "部分赔偿", "", "已办结", "撤回"])
            if rec.outcome in ("部分赔偿", "撤回"):
                rec.comp = float(r.choice([500, 1000, 2000]))
                rec.closed = t + timedelta(days=r.randint(1, 10))
            self.add(rec, gid)

    def s_media_extortion(self, gid: str):
        """Fixed large demands on small purchases, with threats of the media."""
        r = self.r
        idents = [self.person(age=(22, 50))]
        if r.random() < 0.35:
            idents.append(self.person(city=None, phone=idents[0].phone if r.random() < 0.5 else None))
        amount = float(r.choice([2000, 3000, 5000, 8000, 10000, 20000]))
        paper = r.choice(self.park["paper"])
        threats = r.sample(
            [
                "如果不赔{a}元，我就把视频发到抖音上",
                "三天内不给{a}元，我会联系{paper}曝光",
                "我是自媒体博主，粉丝十几万，不解决就发视频让大家看看",
                "已经联系了{paper}的记者，给{a}元私了就算了",
                "不想上热搜就赔{a}元",
                "不处理我就找媒体曝光你们",
                "给我{a}元这事就算了，不然网上见",
                "我认识{paper}的人，你们自己掂量",
                "视频已经剪好了，{a}元买个平安",
            ],
            3,
        )
        n = r.randint(3, 8)
        start = r.uniform(0, self.days - 100)
        for i in range(n):
            ident = idents[i % len(idents)]
            t = self.when(start, start + 100)
            m = self.merchant(("food_factory", "supermarket", "online_shop", "service", "pharmacy"))
            prod = r.choice(m.products)
            price = self.price(prod)
            if price > 300:
                price = round(r.uniform(10, 80), 1)
            d = r.choice(DEFECTS[PRODUCTS[prod][0]])
            text = (
                f"在{m.sign_name}买的{prod}{d}，"
                + r.choice(threats).format(a=money(amount), paper=paper)
                + r.choice(["。", "！", "！！", ""])
            )
            rec = Rec(
                t,
                r.choice(["12345热线", "12315平台", "网络", "电话"]),
                ident,
                m,
                prod,
                noisy(text, r, fw=0.1, typo=0.1),
                (t - timedelta(days=r.randint(0, 5))).date(),
                1,
                price,
                amount,
            )
            if r.random() < 0.5:
                rec.pics = [self.scene_pic(t)]
            rec.outcome = r.choice(["调解不成", "终止调解", "", "部分赔偿", "已办结", "撤回"])
            if rec.outcome in ("部分赔偿", "撤回"):
                rec.comp = float(r.choice([1000, 2000, amount / 2]))
                rec.closed = t + timedelta(days=r.randint(1, 6))
            self.add(rec, gid)

    def s_withdraw_paid(self, gid: str):
        """Files, takes a private payment far above the price, withdraws; again and again."""
        r = self.r
        p = self.person(age=(25, 60))
        alias = self.person(city=p.city, phone=p.phone) if r.random() < 0.3 else None
        n = r.randint(3, 8)
        start = r.uniform(0, self.days - 160)
        for _i in range(n):
            ident = alias if alias and r.random() < 0.4 else p
            t = self.when(start, start + 160)
            m = self.merchant(("food_factory", "supermarket", "online_shop", "pharmacy", "garment_factory"))
            prod = r.choice(m.products)
            price = self.price(prod)
            qty = r.choice([1, 1, 2])
            amt = round(price * qty, 1)
            cat = PRODUCTS[prod][0]
            claim = float(r.choice([1000, 2000, 3000])) if amt < 300 else round(amt * 3, -1)
            text = r.choice(
                [
                    f"{prod}{r.choice(DEFECTS[cat])}，要求赔偿{money(claim)}元。",
                    f"{date_cn(t.date(), r)}在{m.sign_name}购买{prod}，{r.choice(DEFECTS[cat])}，"
                    "商家必须赔偿，否则追究到底。",
                    f"购买的{prod}存在质量问题（{r.choice(DEFECTS[cat])}），"
                    f"依法要求{r.choice(['退一赔十', '三倍赔偿', '赔偿损失'])}。",
                    f"{m.sign_name}卖的{prod}{r.choice(DEFECTS[cat])}，我要求赔偿{money(claim)}，不赔就一直投诉。",
                ]
            )
            rec = Rec(
                t,
                r.choice(["12315平台", "12345热线", "网络", "消费者协会", "举报"]),
                ident,
                m,
                prod,
                noisy(text, r, fw=0.08, typo=0.08),
                (t - timedelta(days=r.randint(1, 15))).date(),
                qty,
                amt,
                claim,
            )
            if r.random() < 0.75:
                rec.outcome = r.choice(["撤回", "已撤回", "撤诉", "撤销投诉", "消费者撤回", "撤回（双方和解）"])
                rec.comp = (
                    float(r.choice([500, 800, 1000, 1000, 1500, 2000, 2500])) if amt < 300 else round(amt * 2, -1)
                )
                rec.closed = t + timedelta(days=r.randint(1, 6), hours=r.randint(1, 8))
                rec.note = r.choice(
                    ["经协商双方和解，投诉人撤回投诉", "投诉人来电要求撤回", "双方自行协商解决", "已和解"]
                )
            else:
                rec.outcome = r.choice(["调解不成", "处理中", ""])
            self.add(rec, gid)

    # ================= traps =================

    def t_contaminated_batch(self, gid: str):
        """A real bad lot: many strangers, a few days, the public recall notice, close-ups of one lot, compensation."""
        r = self.r
        m, prod = self.merchant_selling("food")
        design = self.new_key()
        size = max(12, int(r.randint(18, 60) * min(1.0, 0.5 + self.scale / 2)))
        day0 = r.uniform(5, self.days - 12)
        made = self.t0 + timedelta(days=day0 - r.randint(8, 60))
        lot = (
            f"{made:%Y%m%d}{r.choice('ABCDK')}{r.randint(1, 9)}"
            if r.random() < 0.7
            else f"{made:%y%m%d}{r.randint(10, 99)}"
        )
        notice = r.choice(
            [
                "市场监管局发布的召回公告",
                "厂家在官网发布的召回通告",
                "新闻里播的召回通知",
                "超市门口贴的召回公告",
                "市市场监督管理局的消费提示",
            ]
        )
        comp_each = float(r.choice([100, 200, 300])) if r.random() < 0.6 else None
        problem = r.choice(["胀袋", "有酸臭味", "菌落总数超标", "喝了拉肚子", "结块发霉"])
        forward = None
        for _i in range(size):
            p = self.person()
            t = self.when(day0, day0 + r.uniform(2, 7), hotline=r.random() < 0.3)
            qty = r.choice([1, 1, 2, 3, 6])
            price = self.price(prod)
            amt = round(price * qty, 1)
            variants = [
                f"看到{notice}，我买的{prod}正好是批号{lot}，{problem}，要求退款赔偿。",
                f"{r.choice(['我家', '我', '老人'])}{r.choice(['上周', '前几天', '月初'])}买的{prod}{problem}，"
                f"{notice}提到的批次{lot}就是这个，请处理。",
                f"{prod}{problem}，生产批号{lot}，已在召回范围内，要求{r.choice(['退款', '退货', '赔偿'])}。",
                f"{prod}批次{lot}{problem}，{notice}里就有这个批次。",
                f"家里买的{prod}{problem}，查了是召回批次（{lot}），要求处理。",
                f"在{m.sign_name}买的{prod}，{problem}，和{notice}说的一样，要求退货。",
                f"{prod}{problem}，批号{lot}",
                f"来电人反映其购买的{prod}（批号{lot}）{problem}，已看到召回公告，要求退款。",
            ]
            text = r.choice(variants)
            if r.random() < 0.08:
                text += r.choice(["根据食品安全法应当十倍赔偿。", "按食品安全法第一百四十八条要求赔偿。"])
            ch = r.choices(["12345热线", "12315平台", "网络", "电话", "消费者协会"], [4, 4, 3, 1, 1])[0]
            rec = Rec(
                t,
                ch,
                p,
                m,
                prod,
                noisy(text, r, fw=0.05, typo=0.08, trad=0.02),
                (t - timedelta(days=r.randint(1, 20))).date(),
                qty,
                amt,
                amt if r.random() < 0.6 else None,
            )
            if r.random() < 0.7:
                if forward and r.random() < 0.12:
                    rec.pics = [self.resent_copy(forward, t)]  # a neighbour's photo forwarded from a group chat
                else:
                    rec.pics = [self.product_pic(design, t, closeup=True)]
                    forward = forward or rec.pics[0]
            if r.random() < 0.75:
                rec.outcome = r.choice(["已赔偿", "赔偿", "已退款", "调解成功", "已办结", "部分赔偿"])
                rec.comp = amt + (comp_each or 0) if r.random() < 0.9 else float(r.choice([1000, 1000, 500]))
                rec.closed = t + timedelta(days=r.randint(2, 15))
                if r.random() < 0.06:
                    rec.outcome, rec.note = "撤回", "厂家已赔付，投诉人撤回"
            else:
                rec.outcome = r.choice(["处理中", "", "转办"])
            self.add(rec, gid)

    def t_household(self, gid: str):
        """A family on one phone or one address; a few ordinary complaints each."""
        r = self.r
        city = r.choice([self.park["home"], *self.park["near"]])
        head = self.person(city=city, male=True, age=(30, 70))
        phone = head.phone
        addr = head.address
        fam = [
            head,
            self.person(city=city, male=False, age=(28, 68), phone=phone if r.random() < 0.7 else None, address=addr),
        ]
        for _ in range(r.randint(0, 2)):
            fam.append(
                self.person(
                    city=city,
                    surname=head.surname,
                    age=(18, 40),
                    phone=phone if r.random() < 0.5 else None,
                    address=addr,
                )
            )
        card, bank = self.new_card()
        for mem in fam:
            for _k in range(r.choice([1, 1, 2, 2, 3])):
                t = self.when(hotline=True)
                ch = self.bg_channel()
                rec = self.ordinary(mem, t, ch, gid)
                if r.random() < 0.6:
                    rec.phone = phone
                if r.random() < 0.15:
                    rec.text += r.choice(["退款退到我老公的卡", "钱退到家里这张卡", "退到我爸卡上"]) + fmt_card_text(
                        card, r
                    )

    def t_dormitory(self, gid: str):
        """Workers in one factory dormitory: one address, sometimes the warden's phone; ordinary purchases."""
        r = self.r
        fact = self.merchant(("food_factory", "kitchen_factory", "garment_factory", "ceramic_factory"))
        zone = r.choice(self.park["zones"])
        code, prov, cty, dist, _, _ = CITIES[self.park["home"]]
        bld = r.choice("ABCDE12345")
        base = f"{dist}{zone}{fact.reg_name}员工宿舍{bld}栋"
        warden = self.new_phone()
        n = r.randint(6, 24)
        for _ in range(n):
            city = r.choice(MIGRANT_FROM + [self.park["home"]])
            w = self.person(
                city=city,
                age=(18, 38),
                address=base + (f"{r.randint(1, 6)}{r.randint(1, 20):02d}室" if r.random() < 0.5 else ""),
            )
            for _k in range(r.choice([1, 1, 1, 2])):
                t = self.when(hotline=True)
                rec = self.ordinary(
                    w,
                    t,
                    r.choice(["网络", "12345热线", "12315平台", "电话"]),
                    gid,
                    merchant=self.merchant(("online_shop", "supermarket", "service", "ev_dealer")),
                )
                if r.random() < 0.25:
                    rec.phone = warden
                rec.address = w.address if r.random() < 0.8 else base

    def t_power_user(self, gid: str):
        """A heavy online shopper: dozens of ordinary complaints a year, varied wording, no scripts."""
        r = self.r
        p = self.person(age=(22, 60))
        n = r.randint(12, 60)
        staples = r.sample(["纯牛奶", "酸奶", "吐司面包", "洗发水", "面膜", "果汁饮料", "方便面"], 2)
        law_k = r.choice([0, 0, 0, 1, 2])
        greeting = r.choice(["", "", "你好，", "您好，", "麻烦处理一下："])
        for i in range(n):
            t = self.when(hotline=True)
            ch = r.choices(["网络", "12315平台", "12345热线", "消费者协会"], [6, 3, 1, 0.5])[0]
            if r.random() < 0.25:
                prod = r.choice(staples)
                ms = [m for m in self.merchants if prod in m.products]
                m = r.choice(ms) if ms else None
                rec = self.ordinary(p, t, ch, gid, merchant=m, product=prod if m else None, with_pic=0.3)
            else:
                rec = self.ordinary(p, t, ch, gid, with_pic=0.3)
            if greeting and r.random() < 0.5:
                rec.text = greeting + rec.text
            if i < law_k and rec.amount:
                what = r.choice(["过期", "无中文标签", "变质"])
                law = r.choice(["食品安全法", "消费者权益保护法"])
                rec.text = f"买到{what}的{rec.product}，根据{law}要求赔偿。"
                rec.claim = 1000.0 if PRODUCTS[rec.product][0] == "food" else max(500.0, round(rec.amount * 3))
                rec.legal = r.choice(LAW148 + LAW55)
            if r.random() < 0.06 and rec.amount:
                rec.outcome, rec.comp = r.choice(["撤回", "已撤回"]), rec.amount
                rec.closed = t + timedelta(days=r.randint(1, 7))
                rec.note = "商家已退款，投诉人申请撤回"

    def t_volunteer_org(self, gid: str):
        """A consumer-rights volunteer association files for its members, and says so."""
        r = self.r
        home = self.park["home"]
        dist = CITIES[home][3]
        org = r.choice(
            [
                f"{dist}消费者权益保护志愿者协会",
                f"{dist}消费维权志愿服务队",
                f"{self.park['park']}职工消费维权服务站",
                f"{dist}老年消费者维权互助会",
            ]
        )
        org_phone = self.new_phone() if r.random() < 0.6 else None
        land = ("0575-8" if self.park_key == "shengzhou" else "0731-2") + f"{r.randrange(10**7):07d}"
        org_addr = self.address(home)
        staff = self.person(city=home, age=(40, 66), phone=org_phone)
        n = r.randint(8, 22)
        for _ in range(n):
            mem = self.person(city=home if r.random() < 0.8 else None, age=(20, 80))
            t = self.when(hotline=True)
            rec = self.ordinary(mem, t, r.choices(["消费者协会", "12315平台", "12345热线"], [6, 3, 1])[0], gid)
            lead = r.choice(
                [
                    f"本会受会员{mem.name}委托代为投诉：",
                    f"{org}代会员{mem.name}反映：",
                    f"（{org}代办）",
                    f"受{mem.name}委托，",
                ]
            )
            rec.text = lead + rec.text
            mode = r.random()
            if mode < 0.5:
                rec.name = mem.name
            elif mode < 0.8:
                rec.name = f"{org}（代{mem.name}）"
            else:
                rec.name = staff.name
            rec.phone = r.choice([x for x in (org_phone, land) if x]) if r.random() < 0.85 else mem.phone
            rec.address = org_addr if r.random() < 0.6 else mem.address
            rec.show_id = r.random() < 0.4
            if r.random() < 0.1 and rec.amount:
                rec.legal = r.choice(LAW55)
                rec.claim = max(500.0, round(rec.amount * 3))

    def t_two_channel(self, gid: str):
        """One complaint filed on the 12315 platform and again by phone to 12345, under the shop's signboard name."""
        r = self.r
        p = self.person()
        t = self.when()
        a = self.ordinary(p, t, r.choice(["12315平台", "网络"]), gid, with_pic=0.0)
        a.name, a.merchant_mode, a.show_uscc = p.name, "reg", True
        a.pics = [self.product_pic(self.new_key(), t)] if r.random() < 0.7 else []
        t2 = t + timedelta(days=r.randint(0, 5), hours=r.randint(1, 9))
        b = Rec(
            t2,
            r.choice(["12345热线", "12345热线", "电话"]),
            p,
            a.merchant,
            a.product,
            f"来电人称{r.choice(['已在12315平台投诉过', '之前在网上投诉了', '前几天投诉过'])}，"
            f"{a.product}{r.choice(['的问题', '质量问题', ''])}至今未解决，"
            f"{r.choice(['要求尽快处理', '要求商家退款', '希望督促商家处理'])}。",
            a.pdate,
            a.qty,
            a.amount,
            a.claim,
        )
        b.merchant_mode, b.show_uscc = "sign", False
        b.name = p.honorific(r) if r.random() < 0.7 else p.name
        if a.pics:
            b.pics = [self.resent_copy(a.pics[0], t2)]
        b.outcome = r.choice(["已办结", "转办", "已回访", "重复件", "并案处理"])
        b.closed = t2 + timedelta(days=r.randint(1, 10)) if b.outcome in ("已办结", "已回访", "并案处理") else None
        self.add(b, gid)

    def t_refund_withdraw(self, gid: str):
        """Ordinary complaints withdrawn once the shop refunded the price."""
        r = self.r
        p = self.person()
        for _ in range(r.choice([2, 2, 3])):
            t = self.when()
            rec = self.ordinary(p, t, r.choice(["网络", "12315平台", "12345热线"]), gid)
            if not rec.amount:
                rec.amount = self.price(rec.product)
            rec.outcome = r.choice(["撤回", "已撤回", "消费者撤回", "撤诉", "撤销"])
            rec.comp = rec.amount + (r.choice([0, 0, 10, 12]) if r.random() < 0.3 else 0)
            rec.closed = t + timedelta(days=r.randint(1, 9))
            rec.note = r.choice(["商家已退款，投诉人申请撤回", "已退货退款，撤回投诉", "问题已解决，撤回"])

    def t_hotline_honorific(self, gid: str):
        """A caller written as "宋女士" (or a misheard name) beside the full name on the platform, one phone."""
        r = self.r
        p = self.person()
        n = r.randint(2, 4)
        for i in range(n):
            t = self.when(hotline=True)
            hot = i % 2 == 1 or r.random() < 0.3
            rec = self.ordinary(p, t, r.choice(["12345热线", "电话"]) if hot else r.choice(["12315平台", "网络"]), gid)
            if hot:
                if r.random() < 0.7:
                    rec.name = p.honorific(r)
                else:
                    given = "".join(HOMOPHONE.get(c, c) if r.random() < 0.7 else c for c in p.name[1:])
                    rec.name = p.name[0] + (given if given != p.name[1:] else given[::-1])
                rec.show_id = False
            else:
                rec.name = p.name

    def t_similar_photos(self, gid: str):
        """Strangers photograph the same product of one merchant; similar pictures, separate people."""
        r = self.r
        m, prod = self.merchant_selling(r.choice(["food", "appliance", "textile", "cosmetic", "digital"]))
        design = self.new_key()
        day0 = r.uniform(0, self.days - 60)
        for _ in range(r.randint(3, 7)):
            p = self.person()
            t = self.when(day0, day0 + r.uniform(7, 56))
            rec = self.ordinary(p, t, self.bg_channel(), gid, merchant=m, product=prod, with_pic=0.0)
            rec.pics = [self.product_pic(design, t, closeup=r.random() < 0.4)]

    def t_genuine_law(self, gid: str):
        """Ordinary people who once met an expired or mislabelled product and quote the law themselves."""
        r = self.r
        p = self.person()
        n = r.randint(2, 5)
        cites = r.choice([1, 2, 2])
        for i in range(n):
            t = self.when()
            rec = self.ordinary(p, t, r.choice(["12315平台", "网络", "12345热线", "消费者协会"]), gid)
            if i < cites:
                if PRODUCTS[rec.product][0] == "food":
                    rec.text = r.choice(
                        [
                            f"买的{rec.product}已经过期了，按食品安全法规定要求十倍赔偿。",
                            f"{rec.product}过期还在卖，依据食品安全法第一百四十八条，要求退一赔十。",
                            f"超市卖过期{rec.product}，我要求按法律规定赔偿，不足一千按一千。",
                        ]
                    )
                    rec.claim = max(1000.0, round((rec.amount or 20) * 10))
                    rec.legal = r.choice(LAW148 + ["", ""])
                else:
                    rec.text = r.choice(
                        [
                            f"{rec.product}{r.choice(DEFECTS[PRODUCTS[rec.product][0]])}，商家隐瞒，按消法五十五条要求退一赔三。",
                            f"商家把{rec.product}的瑕疵瞒着不说，属于欺诈，要求三倍赔偿。",
                        ]
                    )
                    rec.claim = max(500.0, round((rec.amount or 100) * 3))
                    rec.legal = r.choice(LAW55 + [""])
                rec.outcome = r.choice(["调解成功", "已赔偿", "部分赔偿", "终止调解", "已办结"])
                rec.comp = (
                    rec.claim
                    if rec.outcome in ("调解成功", "已赔偿")
                    else (rec.amount if rec.outcome == "部分赔偿" else None)
                )
                rec.closed = t + timedelta(days=r.randint(3, 30))

    # ================= planning and background =================

    def plan(self):
        r = self.r
        makers = {
            "professional_claimant": ("S", self.s_professional),
            "identity_rotation": ("S", self.s_identity_rotation),
            "regional_gang": ("S", self.s_regional_gang),
            "paraphrased_template_ring": ("S", self.s_paraphrase_ring),
            "low_and_slow_ring": ("S", self.s_low_and_slow),
            "forged_evidence": ("S", self.s_forged_evidence),
            "media_extortion": ("S", self.s_media_extortion),
            "withdrawn_after_private_payment": ("S", self.s_withdraw_paid),
            "contaminated_batch": ("T", self.t_contaminated_batch),
            "household": ("T", self.t_household),
            "dormitory": ("T", self.t_dormitory),
            "power_user": ("T", self.t_power_user),
            "volunteer_org": ("T", self.t_volunteer_org),
            "two_channel_duplicate": ("T", self.t_two_channel),
            "refund_then_withdraw": ("T", self.t_refund_withdraw),
            "hotline_honorific": ("T", self.t_hotline_honorific),
            "similar_product_photos": ("T", self.t_similar_photos),
            "genuine_law_citation": ("T", self.t_genuine_law),
        }
        queue = []
        for kind, base in {**SCHEME_BASE, **TRAP_BASE}.items():
            n = max(1, round(base * self.scale))
            queue.extend([kind] * n)
        # first one of every kind (in a seeded order), then the rest interleaved
        kinds = list(makers)
        r.shuffle(kinds)
        rest = list(queue)
        for k in kinds:
            rest.remove(k)
        r.shuffle(rest)
        budget = int(self.rows * 0.45)
        for kind in kinds + rest:
            if len(self.recs) >= budget:
                break
            prefix, fn = makers[kind]
            mark = len(self.recs)
            gid = self.new_group(prefix, kind)
            fn(gid)
            if len(self.recs) > budget and kind in rest:
                del self.recs[mark:]  # the last group does not fit; drop it
                del self.groups[gid]
                break

    def background(self, n: int):
        r = self.r
        pool: list[Person] = []
        for _ in range(n):
            if pool and r.random() < 0.12:
                p = r.choice(pool)
            else:
                p = self.person()
                if r.random() < 0.3:
                    pool.append(p)
            ch = self.bg_channel()
            t = self.when(hotline=BLOCK_OF.get(ch) == "hotline")
            self.ordinary(p, t, ch)

    # ================= rendering =================

    def disclose(self, rec: Rec):
        """Fill in what the channel writes down when the scheme or trap did not decide."""
        r = self.r
        p = rec.person
        blk = BLOCK_OF.get(rec.channel, "register")
        if rec.name is None:
            x = r.random()
            if blk == "hotline":
                rec.name = p.honorific(r) if x < 0.55 else p.name if x < 0.93 else ""
            elif rec.channel == "网络":
                rec.name = p.name if x < 0.86 else p.name[0] + "*" * (len(p.name) - 1) if x < 0.96 else ""
            elif rec.channel == "举报":
                rec.name = "" if x < 0.25 else p.name
            else:
                rec.name = p.name
        if rec.show_id is None:
            rec.show_id = r.random() < {"hotline": 0.08, "platform": 0.25}.get(
                blk, {"12315平台": 0.75, "消费者协会": 0.5, "举报": 0.4}.get(rec.channel, 0.95)
            )
        if rec.phone is None:
            rec.phone = p.phone if r.random() < 0.96 else ""
        if rec.address is None:
            if blk == "hotline":
                rec.address = (
                    p.address if r.random() < 0.35 else self.address(p.city, coarse=True) if r.random() < 0.6 else ""
                )
            else:
                rec.address = p.address if r.random() < 0.9 else ""
        if rec.merchant_mode is None:
            rec.merchant_mode = (
                ("sign" if r.random() < 0.6 else "reg")
                if blk == "hotline"
                else ("sign" if r.random() < 0.35 else "reg")
            )
        if rec.show_uscc is None:
            rec.show_uscc = r.random() < (0.45 if blk == "hotline" else 0.85)

    def fmt_dt(self, dt: datetime | None, blk: str, date_only=False) -> str:
        if dt is None:
            return ""
        r = self.r
        x = r.random()
        serial_p = 0.05 if blk == "hotline" else 0.004
        if x < serial_p:
            s = (dt - datetime(1899, 12, 30)).total_seconds() / 86400
            return f"{int(s)}" if date_only or r.random() < 0.3 else f"{s:.6f}".rstrip("0")
        if date_only:
            return r.choice(
                [
                    f"{dt:%Y-%m-%d}",
                    f"{dt:%Y-%m-%d}",
                    f"{dt.year}/{dt.month}/{dt.day}",
                    f"{dt.year}年{dt.month}月{dt.day}日",
                    f"{dt:%Y.%m.%d}",
                ]
            )
        if blk == "hotline":
            style = r.choices(["slash", "iso", "cn", "dot"], [80, 12, 5, 3])[0]
        elif blk == "platform":
            style = r.choices(["iso", "isot", "slash"], [75, 20, 5])[0]
        else:
            style = r.choices(["iso", "slash", "cn", "nosec"], [55, 20, 10, 15])[0]
        if style == "slash":
            return f"{dt.year}/{dt.month}/{dt.day} {dt.hour}:{dt.minute:02d}"
        if style == "iso":
            return f"{dt:%Y-%m-%d %H:%M:%S}"
        if style == "isot":
            return f"{dt:%Y-%m-%dT%H:%M:%S}"
        if style == "cn":
            return f"{dt.year}年{dt.month}月{dt.day}日 {dt.hour}:{dt.minute:02d}"
        if style == "nosec":
            return f"{dt:%Y-%m-%d %H:%M}"
        return f"{dt:%Y.%m.%d}"

    def fmt_money(self, x: float | None) -> str:
        if x is None:
            return ""
        r = self.r
        s = r.random()
        base = money(x)
        if s < 0.55:
            return base
        if s < 0.65:
            return f"{x:.2f}"
        if s < 0.75:
            return base + "元"
        if s < 0.82:
            return r.choice(["¥", "￥"]) + base
        if s < 0.9 and x >= 1000:
            return f"{x:,.2f}" if r.random() < 0.5 else f"{x:,.0f}元"
        if s < 0.95:
            return fullwidth(base)
        return base + " "

    def fmt_phone_cell(self, p: str, blk: str) -> str:
        if not p:
            return self.r.choice(["", "", "无", "未提供", "/"])
        r = self.r
        if "-" in p and p.startswith("0"):  # landline
            return p
        x = r.random()
        if x < 0.7:
            return p
        if x < 0.77:
            return f"{p[:3]} {p[3:7]} {p[7:]}"
        if x < 0.83:
            return f"+86 {p}" if r.random() < 0.5 else f"+86-{p[:3]}-{p[3:7]}-{p[7:]}"
        if x < 0.87:
            return f"0086{p}" if r.random() < 0.5 else f"0086 {p}"
        if x < 0.91:
            return fullwidth(p)
        if x < 0.94:
            return f"{p[:3]}-{p[3:7]}-{p[7:]}"
        if x < 0.97 and blk == "platform":
            return f"{p[:3]}****{p[7:]}"  # masked by the platform: unreadable
        return p + " "

    def fmt_id_cell(self, idn: str, blk: str) -> str:
        r = self.r
        x = r.random()
        if x < 0.8:
            return idn
        if x < 0.86:
            return f"{idn[:6]} {idn[6:14]} {idn[14:]}"
        if x < 0.9 and idn.endswith("X"):
            return idn[:-1] + "x"
        if x < 0.93:
            return fullwidth(idn)
        if x < 0.96:
            return "'" + idn  # Excel text prefix left in the export
        if x < 0.975 and blk == "hotline":
            return f"{int(idn[:17]) / 10**16:.5f}E+17"  # the ledger's spreadsheet turned it into a number
        return idn + " "

    def fmt_name(self, name: str) -> str:
        r = self.r
        if not name:
            return name
        x = r.random()
        if x < 0.02 and len(name) == 3 and not name.endswith(("先生", "女士", "小姐", "师傅")):
            return name[0] + " " + name[1:]
        if x < 0.03:
            return to_trad(name, r, 1.0)
        if x < 0.04:
            return name + " "
        return name

    def fmt_uscc(self, u: str) -> str:
        r = self.r
        x = r.random()
        if x < 0.9:
            return u
        if x < 0.94:
            return u.lower()
        if x < 0.97:
            return f"{u[:6]} {u[6:]}"
        return fullwidth(u)

    def render(self, rec: Rec) -> dict:
        r = self.r
        self.disclose(rec)
        blk = BLOCK_OF.get(rec.channel, "register")
        p, m = rec.person, rec.merchant
        prod = rec.product
        if r.random() < 0.15:
            unit = PRODUCTS[prod][3]
            prod = r.choice(
                [
                    f"{prod}（{r.choice(['礼盒装', '整' + unit, '500g', '250ml*12', '家庭装'])}）",
                    f"{prod} {r.randint(1, 9)}{unit}装",
                    to_trad(prod, r, 1.0),
                    prod + " ",
                ]
            )
        mname = m.sign_name if rec.merchant_mode == "sign" else m.reg_name
        if r.random() < 0.02:
            mname = to_trad(mname, r, 1.0)
        qty = (
            ""
            if rec.qty is None
            else (
                str(rec.qty)
                if r.random() < 0.9
                else fullwidth(str(rec.qty))
                if r.random() < 0.5
                else f"{rec.qty}{PRODUCTS[rec.product][3]}"
            )
        )
        pics = [x.name for x in rec.pics]
        sep = r.choice([";", ";", "；", ",", "，"])
        cells = {
            "complaint_id": rec.cid,
            "received_at": self.fmt_dt(rec.recv, blk),
            "channel": r.choice(CHANNEL_LABELS[rec.channel]),
            "complainant_name": self.fmt_name(rec.name or ""),
            "complainant_id_number": self.fmt_id_cell(p.id_number, blk) if rec.show_id else "",
            "complainant_phone": self.fmt_phone_cell(rec.phone or "", blk),
            "complainant_address": noisy(rec.address or "", r, fw=0.05, space=0.03),
            "merchant_name": mname,
            "merchant_uscc": self.fmt_uscc(m.uscc) if rec.show_uscc else "",
            "product": prod if r.random() < 0.97 else "",
            "purchase_date": self.fmt_dt(datetime.combine(rec.pdate, datetime.min.time()), blk, date_only=True)
            if rec.pdate
            else "",
            "purchase_quantity": qty,
            "purchase_amount": self.fmt_money(rec.amount),
            "claim_amount": self.fmt_money(rec.claim),
            "legal_basis": rec.legal,
            "text": rec.text,
            "evidence_files": sep.join(pics),
            "outcome": rec.outcome,
            "compensation_amount": self.fmt_money(rec.comp),
            "closed_at": self.fmt_dt(rec.closed, blk) if rec.closed else "",
            "来源": {"hotline": "12345热线台账", "platform": "电商平台导出"}.get(blk, "园区登记"),
            "办理情况": rec.note,
        }
        return cells

    def assign_ids(self):
        counters = {"hotline": 0, "platform": 0, "register": 0}
        order = {"register": 0, "platform": 1, "hotline": 2}
        self.recs.sort(key=lambda x: (order[BLOCK_OF.get(x.channel, "register")], x.recv))
        for rec in self.recs:
            blk = BLOCK_OF.get(rec.channel, "register")
            counters[blk] += 1
            c = counters[blk]
            if blk == "hotline":
                rec.cid = f"RX{rec.recv:%y%m%d}{c:05d}"
            elif blk == "platform":
                rec.cid = f"EC{rec.recv:%Y%m%d}{(c * 7919) % 10**8:08d}"
            else:
                rec.cid = f"YQ-{rec.recv.year}-{c:06d}"

    def build(self):
        self.build_merchants()
        self.plan()
        n_broken = max(1, self.rows // 1500)
        n_bg = self.rows - len(self.recs) - n_broken
        self.background(max(0, n_bg))
        # split rows: a broken line counts as two rows
        self.assign_ids()
        cols = list(COLUMNS)
        r = self.r
        if self.seed % 5 == 4:
            cols.remove("closed_at")
        if self.seed % 7 == 6:
            cols.remove("purchase_quantity")
        cols += EXTRA_COLUMNS
        if self.seed % 3 == 1:  # the hotline ledger's column order
            front = ["complaint_id", "received_at", "channel", "complainant_name", "complainant_phone", "text"]
            cols = front + [c for c in cols if c not in front]
        self.cols = cols
        lines = []
        for rec in self.recs:
            cells = self.render(rec)
            lines.append([cells[c] for c in cols])
        # broken rows: only background rows are damaged or imitated
        bg_idx = [i for i, rec in enumerate(self.recs) if rec.group is None]
        broken = []
        for k in range(n_broken):
            kind = k % 4
            src = list(lines[r.choice(bg_idx)]) if bg_idx else [""] * len(cols)
            if kind == 0:  # cells lost after a stray line break
                cut = r.randint(8, len(cols) - 3)
                row = src[:cut]
            elif kind == 1:
                row = list(src)
                row[0] = ""
            elif kind == 2:
                row = list(src)  # a duplicate complaint number with another filing
                row[cols.index("text")] = row[cols.index("text")] + r.choice(["（补充材料）", "（重复提交）"])
            else:
                row = list(src)
                row[0] = row[0] + "B"
                row[1] = r.choice(["昨天下午", "见附件", "2024-13-45", "不详", "#VALUE!"])
            broken.append(row)
        for row in broken:
            lines.insert(r.randrange(len(lines) + 1), row)
        self.lines = lines
        self.n_rows = len(lines)

    def truth(self) -> dict:
        ids: dict[str, list] = {g: [] for g in self.groups}
        for rec in self.recs:
            if rec.group:
                ids[rec.group].append(rec.cid)
        schemes = {
            g: {"kind": v["kind"], "complaint_ids": sorted(ids[g])}
            for g, v in self.groups.items()
            if g.startswith("S") and ids[g]
        }
        traps = {
            g: {"kind": v["kind"], "complaint_ids": sorted(ids[g])}
            for g, v in self.groups.items()
            if g.startswith("T") and ids[g]
        }
        return {
            "generator": GENERATOR,
            "seed": self.seed,
            "rows": self.n_rows,
            "encoding": self.encoding,
            "park": self.park["park"],
            "schemes": schemes,
            "traps": traps,
        }

    def csv_bytes(self) -> bytes:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        header = [
            c
            if self.header_style == "snake" or c in EXTRA_COLUMNS
            else c.replace("_", " ").title().replace("Uscc", "USCC").replace(" Id", " ID")
            for c in self.cols
        ]
        w.writerow(header)
        blank_at = {len(self.lines) // 3, (2 * len(self.lines)) // 3} if self.seed % 2 else set()
        for i, line in enumerate(self.lines):
            if i in blank_at:
                buf.write("\r\n")
            w.writerow(line)
        text = buf.getvalue()
        if self.encoding == "gbk":
            text = text.replace("¥", "￥")
            try:
                return text.encode("gbk")
            except UnicodeEncodeError:
                self.encoding = "gb18030"
                return text.encode("gb18030")
        return text.encode(self.encoding)


# --------------------------------------------------------------------------------------------
# pictures
# --------------------------------------------------------------------------------------------


def _pictures(out: Path, recs: list[Rec]):
    import numpy as np
    from PIL import Image, ImageDraw, ImageEnhance

    out.mkdir(parents=True, exist_ok=True)
    designs: dict[int, dict] = {}
    forged: dict[int, Image.Image] = {}

    def clip(a):
        return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))

    tile = np.random.default_rng(20240531).standard_normal((336, 336, 3), dtype=np.float32)

    def grain(rng, h, w):  # sensor noise: a window of one large noise tile, cheaper than drawing it each time
        y, x = int(rng.integers(0, 336 - h)), int(rng.integers(0, 336 - w))
        return tile[y : y + h, x : x + w]

    def noise(img, rng, sigma):
        a = np.asarray(img, dtype=np.float32)
        return clip(a + grain(rng, *a.shape[:2]) * np.float32(sigma))

    def light(img, rng):
        a = np.asarray(img, dtype=np.float32)
        h, w = a.shape[:2]
        gx = (np.arange(w, dtype=np.float32) / w - 0.5) * np.float32(rng.uniform(-0.35, 0.35))
        gy = (np.arange(h, dtype=np.float32) / h - 0.5) * np.float32(rng.uniform(-0.35, 0.35))
        return clip(a * (1 + gx[None, :, None] + gy[:, None, None]))

    def scene(key):
        rng = np.random.default_rng(key)
        w, h = int(rng.choice([96, 120, 128])), int(rng.choice([96, 128, 144]))
        base = rng.integers(30, 225, 3).astype(np.float32)
        gx = np.arange(w, dtype=np.float32) * np.float32(rng.uniform(-1, 1) * 90 / max(w, h))
        gy = np.arange(h, dtype=np.float32) * np.float32(rng.uniform(-1, 1) * 90 / max(w, h))
        g = gx[None, :] + gy[:, None]
        img = clip(base[None, None, :] + g[..., None] * rng.uniform(0.2, 1, 3).astype(np.float32))
        d = ImageDraw.Draw(img)
        for _ in range(int(rng.integers(4, 10))):
            c = tuple(int(v) for v in rng.integers(0, 256, 3))
            x0, y0 = int(rng.integers(-10, w)), int(rng.integers(-10, h))
            x1, y1 = x0 + int(rng.integers(8, w)), y0 + int(rng.integers(8, h))
            s = int(rng.integers(3))
            if s == 0:
                d.ellipse([x0, y0, x1, y1], fill=c)
            elif s == 1:
                d.rectangle([x0, y0, x1, y1], fill=c)
            else:
                d.line([x0, y0, x1, y1], fill=c, width=int(rng.integers(1, 6)))
        return noise(img, rng, 6)

    def design(key):
        if key not in designs:
            rng = np.random.default_rng(key)
            designs[key] = {
                "body": tuple(int(v) for v in rng.integers(20, 235, 3)),
                "accent": tuple(int(v) for v in rng.integers(0, 256, 3)),
                "logo": tuple(int(v) for v in rng.integers(0, 256, 3)),
                "stripes": int(rng.integers(1, 4)),
                "aspect": float(rng.uniform(0.55, 0.9)),
                "logo_pos": (float(rng.uniform(0.25, 0.75)), float(rng.uniform(0.2, 0.45))),
                "lines": int(rng.integers(2, 6)),
            }
        return designs[key]

    def package(dz, pw, ph):
        img = Image.new("RGB", (pw, ph), dz["body"])
        d = ImageDraw.Draw(img)
        for i in range(dz["stripes"]):
            y = int(ph * (0.55 + 0.12 * i))
            d.rectangle([0, y, pw, y + max(2, ph // 14)], fill=dz["accent"])
        lx, ly = dz["logo_pos"]
        rr = max(4, pw // 5)
        d.ellipse([int(lx * pw) - rr, int(ly * ph) - rr, int(lx * pw) + rr, int(ly * ph) + rr], fill=dz["logo"])
        for i in range(dz["lines"]):
            y = int(ph * 0.08) + i * max(3, ph // 18)
            d.rectangle([int(pw * 0.1), y, int(pw * (0.5 + 0.08 * i)), y + 1], fill=(20, 20, 20))
        return img

    def product(key, shot, closeup):
        dz = design(key)
        rng = np.random.default_rng(shot)
        w, h = int(rng.choice([96, 112, 128])), int(rng.choice([112, 128, 144]))
        bg = rng.integers(90, 240, 3).astype(np.float32)
        img = clip(np.broadcast_to(bg, (h, w, 3)) + grain(rng, h, w) * 10)
        scale = rng.uniform(0.85, 1.25) if closeup else rng.uniform(0.45, 0.7)
        pw = int(w * scale)
        ph = int(pw / dz["aspect"])
        pkg = package(dz, pw, ph).rotate(float(rng.uniform(-12, 12)), expand=True, fillcolor=tuple(int(v) for v in bg))
        x = int(rng.uniform(-0.15, 0.45) * w) if closeup else int(rng.uniform(0.05, 0.45) * w)
        y = int(rng.uniform(-0.15, 0.35) * h) if closeup else int(rng.uniform(0.05, 0.35) * h)
        img.paste(pkg, (x, y))
        if rng.random() < 0.5:  # the defect the buyer points at
            d = ImageDraw.Draw(img)
            cx, cy = int(rng.integers(0, w)), int(rng.integers(0, h))
            d.ellipse([cx - 5, cy - 4, cx + 6, cy + 5], fill=tuple(int(v) for v in rng.integers(30, 120, 3)))
        return noise(light(img, rng), rng, float(rng.uniform(2, 7)))

    def forged_base(key):
        if key not in forged:
            rng = np.random.default_rng(key)
            w, h = 128, int(rng.choice([128, 144, 160]))
            table = rng.integers(60, 200, 3).astype(np.float32)
            img = clip(np.broadcast_to(table, (h, w, 3)) + grain(rng, h, w) * 12)
            d = ImageDraw.Draw(img)
            plate = tuple(int(v) for v in rng.integers(200, 256, 3))
            d.ellipse([10, 14, w - 10, h - 14], fill=plate)
            for _ in range(int(rng.integers(5, 12))):  # the food
                c = tuple(int(v) for v in rng.integers(80, 230, 3))
                x0, y0 = int(rng.integers(25, w - 40)), int(rng.integers(30, h - 45))
                d.ellipse([x0, y0, x0 + int(rng.integers(10, 34)), y0 + int(rng.integers(8, 28))], fill=c)
            # the planted object: dark, thin, off-centre
            ox, oy = int(rng.integers(35, w - 35)), int(rng.integers(35, h - 35))
            kind = int(rng.integers(3))
            if kind == 0:
                pts = [(ox + int(rng.integers(-25, 25)), oy + int(rng.integers(-25, 25))) for _ in range(4)]
                d.line(pts, fill=(15, 12, 10), width=1)
            elif kind == 1:
                d.rectangle([ox, oy, ox + 9, oy + 4], fill=(120, 125, 130))
            else:
                d.ellipse([ox, oy, ox + 8, oy + 5], fill=(20, 20, 15))
                for k in range(3):
                    d.line([ox + 2 + 2 * k, oy + 4, ox + 2 * k, oy + 8], fill=(20, 20, 15))
            forged[key] = light(img, rng)
        return forged[key]

    def frame(img, style, rng):
        w, h = img.size
        if style == "status":
            out = Image.new("RGB", (w, h + 12), (24, 24, 24))
            out.paste(img, (0, 12))
            d = ImageDraw.Draw(out)
            d.rectangle([4, 4, 20, 8], fill=(240, 240, 240))
            d.rectangle([w - 16, 4, w - 4, 8], fill=(240, 240, 240))
            return out
        bgc = (237, 237, 237) if style == "chat" else (10, 10, 10)
        W, H = 120, 160
        out = Image.new("RGB", (W, H), bgc)
        d = ImageDraw.Draw(out)
        d.rectangle([0, 0, W, 14], fill=(45, 45, 45) if style == "chat" else (0, 0, 0))
        d.rectangle([0, H - 16, W, H], fill=(247, 247, 247) if style == "chat" else (30, 30, 30))
        sc = min((W - 24) / w, (H - 44) / h)
        im2 = img.resize((max(8, int(w * sc)), max(8, int(h * sc))))
        out.paste(im2, ((W - im2.width) // 2 + (8 if style == "chat" else 0), 20))
        return out

    def apply(img, edits, rng):
        for e in edits:
            op = e[0]
            if op == "rot":
                img = img.transpose(
                    {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}[
                        e[1]
                    ]
                )
            elif op == "mirror":
                img = img.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
            elif op == "crop":
                f, fx, fy = e[1], e[2], e[3]
                w, h = img.size
                cw, ch = int(w * f), int(h * f)
                x0, y0 = int((w - cw) * fx), int((h - ch) * fy)
                img = img.crop((x0, y0, x0 + cw, y0 + ch))
            elif op == "scale":
                w, h = img.size
                img = img.resize((max(16, int(w * e[1])), max(16, int(h * e[1]))))
            elif op == "bright":
                img = ImageEnhance.Brightness(img).enhance(e[1])
            elif op == "frame":
                img = frame(img, e[1], rng)
        w, h = img.size
        if max(w, h) > 160:
            s = 160 / max(w, h)
            img = img.resize((max(16, int(w * s)), max(16, int(h * s))))
        w, h = img.size
        if min(w, h) < 64:
            s = 64 / min(w, h)
            img = img.resize((int(w * s), int(h * s)))
        return img

    done = set()
    for rec in recs:
        for pic in rec.pics:
            if pic.name in done:
                continue
            done.add(pic.name)
            rng = np.random.default_rng(zlib.crc32(pic.name.encode()))
            if pic.kind == "scene":
                img = scene(pic.key)
            elif pic.kind == "product":
                img = product(pic.key, pic.shot, ("closeup",) in pic.edits)
                img = apply(img, [e for e in pic.edits if e[0] != "closeup"], rng)
            else:
                img = apply(forged_base(pic.key), pic.edits, rng)
            path = out / pic.name
            if pic.fmt == "png":
                img.save(path, "PNG", compress_level=1)
            else:
                img.save(path, "JPEG", quality=pic.quality)


# --------------------------------------------------------------------------------------------
# entry points
# --------------------------------------------------------------------------------------------


def generate(out_dir: Path, *, seed: int, rows: int, pictures: bool) -> dict:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    g = _Gen(seed, rows)
    g.build()
    data = g.csv_bytes()
    (out_dir / "complaints.csv").write_bytes(data)
    if pictures:
        _pictures(out_dir / "evidence", g.recs)
    truth = g.truth()
    (out_dir / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Write a synthetic park complaint ledger (complaints.csv, evidence/, truth.json)."
    )
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--no-pictures", action="store_true")
    a = ap.parse_args(argv)
    t = generate(a.out_dir, seed=a.seed, rows=a.rows, pictures=not a.no_pictures)
    n_s = sum(len(v["complaint_ids"]) for v in t["schemes"].values())
    n_t = sum(len(v["complaint_ids"]) for v in t["traps"].values())
    print(
        f"{a.out_dir}/complaints.csv: {t['rows']} rows ({t['encoding']}), "
        f"{len(t['schemes'])} schemes / {n_s} complaints, "
        f"{len(t['traps'])} traps / {n_t} complaints"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
