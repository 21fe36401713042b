import numpy as np
import pytest

from jingqi.claims.engine import texts
from jingqi.claims.engine.reading import clean, squeeze
from jingqi.claims.engine.texts import MinHasher, near_duplicate_clusters, normalised

SCRIPT = ("我在{m}买的{p}，吃的时候食品里有塑料，把手指割破了，流了很多血，去医院缝了针，有受伤照片和购物小票。"
          "要求赔偿医药费、误工费、精神损失费共计{a}元")

# One ring's script as its members retype it.
RING = ("本人于2024年3月5日在{m}购买了{p}两盒，实付128元。回家后发现该商品已经过期，商家明知过期仍然销售，"
        "严重损害了消费者的合法权益。与商家协商未果。根据《食品安全法》第一百四十八条，要求商家退款并支付十倍赔偿，"
        "不足一千元的按一千元赔偿。请求监管部门依法查处。")
RETYPED = {
    "synonyms": ("投诉人于2024年3月5日在{m}购入了{p}两盒，共计128元。"
                 "回家后察觉该货品已经过期，店家明明知道过期仍然售卖，"
                 "严重侵害了顾客的合法权益。与卖家沟通无果。"
                 "依据《食品安全法》第一百四十八条，诉求卖家退款并支付十倍赔付，"
                 "低于一千元的按一千元赔付。恳请市场监管部门依法处理。"),
    "clauses moved": ("本人于2024年3月5日在{m}购买了{p}两盒，实付128元。"
                      "回家后发现该商品已经过期，商家明知过期仍然销售，"
                      "严重损害了消费者的合法权益。根据《食品安全法》第一百四十八条，"
                      "要求商家退款并支付十倍赔偿，不足一千元的按一千元赔偿。"
                      "请求监管部门依法查处。与商家协商未果。"),
    "traditional": ("本人於2024年3月5日在{m}購買了{p}兩盒，實付128元。"
                    "回家後發現該商品已經過期，商家明知過期仍然銷售，"
                    "嚴重損害了消費者的合法權益。與商家協商未果。"
                    "根據《食品安全法》第一百四十八條，要求商家退款並支付十倍賠償，"
                    "不足一千元的按一千元賠償。請求監管部門依法查處。"),
    "full-width and other dates": ("本人于３月７号在{m}购买了{p}２盒，实付１５６元。"
                                   "回家后发现该商品已经过期，商家明知过期仍然销售，"
                                   "严重损害了消费者的合法权益。与商家协商未果。"
                                   "根据《食品安全法》第148条，要求商家退款并支付10倍赔偿，"
                                   "不足1000元的按1000元赔偿。请求监管部门依法查处。"),
    "typos": ("本人于2024年3月5日再{m}够买了{p}两盒，实付128元。"
              "回家后发现该商品以经过期，商家明知过期仍然销售，"
              "严重损害了消费者得合法权益。与商家协商未果。"
              "根据《食品安全法》第一百四十八条，要求商家退款并支付十倍陪偿，"
              "不足一千元的按一千元赔偿。请求监管部门依法查处。"),
}
# Genuine complaints about one product at one shop, each in its own words.
GENUINE = [
    "昨天下午在{m}给孩子买了{p}，回家打开一看里面全是碎渣，包装也漏气了，孩子吃了一口说味道发苦，我们没敢再吃，想退货。",
    "{m}卖的{p}价签写的是九块九，结账的时候收了十五块八，我当场指出来店员说系统就是这个价，小票我还留着，希望退差价。",
    "上周六在{m}排队买{p}，店员态度特别差，我问了一句保质期就被骂了，还说不买就走，请管一管这家店的服务态度问题。",
    "{m}的{p}做活动说买二送一，付完钱不给送，说活动昨天就结束了，可门口海报还贴着，感觉被骗了，要求按海报兑现赠品。",
    "在{m}线上下单了{p}，说好两小时送达，等了一个晚上都没送到，客服电话一直打不通，第二天才说缺货给退款，太耽误事了。",
]
NOTICE = ("看到市场监督管理局发布的关于鲜乐牌低温鲜牛奶批号20241001B1的风险提示，提示该批次产品菌落总数超标，"
          "消费者应立即停止食用并联系经营者退货，正是我买的这一批")


def fill(template, i=0):
    shops = ["鲜味超市", "百家便利店", "华联超市", "永辉超市", "联华快客"]
    goods = ["牛肉干", "饼干", "酸奶", "火腿肠", "方便面"]
    return template.format(m=shops[i % 5], p=goods[(i * 3) % 5], a=1000 + 500 * i)


def similarity(a: str, b: str) -> float:
    sig = MinHasher().signatures([a, b])
    return texts.estimated_similarity(sig, 0, 1)


def test_same_script_with_details_changed_is_one_cluster():
    scripts = [SCRIPT.format(m=m, p=p, a=a) for m, p, a in
               [("鲜味超市", "牛肉干", 3000), ("百家便利店", "面包", 4500), ("华联超市", "饼干", 2000)]]
    others = ["孩子在学校门口小卖部买的辣条吃了肚子疼，已经去医院看过了，希望有关部门查一查这家店的进货渠道。",
              "网上买的茶叶收到以后发现包装破损受潮，联系客服一直推脱，要求退货退款并道歉，已保留聊天记录。"]
    labels = near_duplicate_clusters(MinHasher().signatures(scripts + others))
    assert labels[0] == labels[1] == labels[2] >= 0
    assert labels[3] == -1 and labels[4] == -1


@pytest.mark.parametrize("how", sorted(RETYPED))
def test_a_retyped_script_is_the_same_script(how):
    original = fill(RING, 0)
    retyped = fill(RETYPED[how], 1)  # another member: another shop and product too
    assert similarity(original, retyped) >= texts.THRESHOLD
    labels = near_duplicate_clusters(MinHasher().signatures([original, retyped] + [fill(g, i) for i, g in
                                                                                   enumerate(GENUINE)]))
    assert labels[0] == labels[1] >= 0


def test_normalisation_folds_characters_numbers_and_synonyms():
    a, b = normalised(["本人於2024年3月5日購買了２盒，實付１２８元，商家拒絕賠償。",
                       "投诉人于3月7号购入了两盒，共计一百五十六元，店家不肯赔付！"])
    assert a == b == "〔我〕于#〔购买〕了#盒〔支付〕#〔商家〕〔拒绝〕〔赔偿〕"


def test_genuine_complaints_about_one_product_are_not_one_script():
    complaints = [fill(g, 0) for g in GENUINE]  # one shop, one product, five people
    masks = [("鲜味超市", "牛肉干")] * len(complaints)
    sig = MinHasher().signatures(complaints, masks)
    assert (near_duplicate_clusters(sig) == -1).all()
    common = texts.common_minima(sig)
    a, b = np.triu_indices(len(complaints), 1)
    assert texts.pair_similarity(sig, common, a, b).max() < texts.THRESHOLD


def test_a_shared_recall_notice_alone_does_not_make_a_script():
    # 120 buyers of one bad lot, each in their own words, all quoting the same public notice; and a ring of
    # five passing one script round in the same file.
    rng = np.random.default_rng(3)
    words = ["孩子", "喝了", "以后", "肚子", "不舒服", "打开", "发现", "胀袋", "酸味", "昨天", "超市", "买的", "两盒",
             "老人", "拉肚子", "医院", "看病", "花了", "不少钱", "颜色", "不对", "结块", "口感", "发苦", "早上", "晚上"]
    buyers = ["".join(rng.choice(words, 14)) + "。" + NOTICE for _ in range(120)]
    ring = [fill(RING, i) for i in range(5)]
    sig = MinHasher().signatures(buyers + ring)
    labels = near_duplicate_clusters(sig)
    assert (labels[:120] == -1).mean() > 0.95
    assert len(set(labels[120:])) == 1 and labels[120] >= 0
    # Nor when the text stage is told who bought what: the buyers hold the notice's minima together and agree
    # on most slots, but they bought one lot (one merchant and product); the ring's members bought different
    # things.
    lot = np.concatenate([np.zeros(120, dtype=np.int64), np.arange(1, 6)])
    labels = near_duplicate_clusters(sig, bought=lot)
    assert (labels[:120] == -1).mean() > 0.95
    assert len(set(labels[120:])) == 1 and labels[120] >= 0
    # Without the document-frequency discount the notice would chain the buyers together.
    nothing_common = np.zeros(sig.shape, dtype=bool)
    a, b = np.triu_indices(120, 1)
    assert (texts.pair_similarity(sig, nothing_common, a, b) >= texts.THRESHOLD).mean() > 0.5


def test_masks_cut_the_shop_out_of_the_text():
    shop = ("杭州市西湖区文三路128号金色阳光大药房连锁有限公司", "保健品")
    a = f"来电人反映其于3月5日在{shop[0]}购买{shop[1]}，宣传能治病，与商家协商未果，要求退款。"
    b = f"来电人反映其于4月9日在{shop[0]}购买{shop[1]}，宣传能治病，与商家协商未果，要求退款。"
    hasher = MinHasher()
    assert hasher.signatures([a, b], [shop, shop]).shape == (2, texts.NUM_PERM)
    assert normalised([texts._without(a, shop)])[0].startswith("来电人〔投诉〕其于#在〔购买〕")


def test_raw_and_cleaned_text_sign_the_same():
    raw = fill(RETYPED["traditional"], 2) + " ＡＢＣ　１２３"
    hasher = MinHasher()
    assert np.array_equal(hasher.signatures([raw]), hasher.signatures([squeeze(clean(raw))]))


def test_short_texts_are_never_near_duplicates():
    labels = near_duplicate_clusters(MinHasher().signatures(["面包发霉了要求退款"] * 5))
    assert (labels == -1).all()


def test_signatures_do_not_depend_on_the_batch():
    hasher = MinHasher()
    batch = [SCRIPT.format(m="店", p="物", a=i) for i in range(5)]
    assert np.array_equal(hasher.signatures(batch)[2], hasher.signatures(batch[2:3])[0])


def test_estimate_follows_the_shared_share_of_the_text():
    rng = np.random.default_rng(5)
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    for shared in (10, 40, 80):
        core = "".join(rng.choice(alphabet, shared))
        a = core + "".join(rng.choice(alphabet, 100 - shared))
        b = core + "".join(rng.choice(alphabet, 100 - shared))
        ga = {a[i:i + 2] for i in range(len(a) - 1)}
        gb = {b[i:i + 2] for i in range(len(b) - 1)}
        exact = len(ga & gb) / len(ga | gb)
        assert abs(similarity(a, b) - exact) < 0.25


def test_lsh_scales_without_comparing_all_pairs():
    # 20,000 distinct texts plus one copied script: found, and quickly (no 2x10^8 pairs).
    rng = np.random.default_rng(1)
    alphabet = list("的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会")
    batch = ["".join(rng.choice(alphabet, 40)) for _ in range(20000)]
    batch[5] = batch[19000] = SCRIPT.format(m="甲", p="乙", a=1)
    labels = near_duplicate_clusters(MinHasher().signatures(batch))
    assert labels[5] == labels[19000] >= 0
    assert (labels >= 0).sum() == 2


def test_a_script_that_many_retype_is_no_boilerplate_when_they_bought_different_things():
    # Forty members retyping one script (the five ways above, each about another shop and product) among 200
    # ordinary complaints: the script's minima are held by more texts than the boilerplate limit (30 here), so
    # alone they count as common language and the members are not linked. Their holders agree on most other
    # slots and bought different things: one script, not a file's language.
    rng = np.random.default_rng(5)
    words = ["孩子", "昨天", "超市", "买的", "发现", "包装", "漏气", "味道", "不对", "客服", "电话", "打不通", "退货",
             "快递", "三天", "没到", "价签", "多收", "店员", "态度", "很差", "活动", "赠品", "不给", "过敏", "医院",
             "收据", "丢了", "换货", "拒绝", "质量", "问题", "颜色", "掉色", "尺码", "偏小", "外卖", "洒了", "凉了"]
    ordinary = ["".join(rng.choice(words, 22)) for _ in range(200)]
    variants = [RING, *RETYPED.values()]
    shops = [f"第{i}号便民超市" for i in range(40)]
    goods = ["牛肉干", "饼干", "酸奶", "火腿肠", "方便面", "果冻", "薯片", "蜂蜜"]
    ring = [variants[i % len(variants)].format(m=shops[i], p=goods[i % len(goods)]) for i in range(40)]
    hasher = MinHasher()
    sig = hasher.signatures(ordinary + ring, [()] * 200 + [(shops[i], goods[i % len(goods)]) for i in range(40)])
    assert texts.common_minima(sig)[200:].mean() > 0.5
    alone = near_duplicate_clusters(sig)
    assert (alone[200:] == -1).mean() > 0.5
    bought = np.arange(240)
    told = near_duplicate_clusters(sig, bought=bought)
    assert len(set(told[200:].tolist())) == 1 and told[200] >= 0
    assert not set(told[:200].tolist()) & set(told[200:].tolist())


def test_a_reworded_claim_script_is_no_boilerplate_when_nearly_all_who_use_it_demand_punitive_damages():
    # Sixty members put the one claim paragraph under stories of their own: their texts agree on too few slots
    # for one script (SCRIPT_AGREE), and the paragraph is held by more texts than the boilerplate line (30
    # here), so they are not linked. Told which complaints demand punitive damages: all sixty do, about
    # different purchases, so the paragraph is a claim script. The same paragraph in refund requests, or held
    # by more than SCRIPT_CLAIMS_HELD times the line (the language of a whole file), stays boilerplate.
    rng = np.random.default_rng(5)
    words = ["孩子", "昨天", "超市", "买的", "发现", "包装", "漏气", "味道", "不对", "客服", "电话", "打不通", "退货",
             "快递", "三天", "没到", "价签", "多收", "店员", "态度", "很差", "活动", "赠品", "不给", "过敏", "医院",
             "收据", "丢了", "换货", "拒绝", "质量", "问题", "颜色", "掉色", "尺码", "偏小", "外卖", "洒了", "凉了"]
    claim = ("该进口食品外包装无中文标签，违反食品安全法第九十七条，"
             "依据第一百四十八条要求退还货款并支付价款十倍赔偿金，不足一千元按一千元赔偿")

    def file(members: int):
        ordinary = ["".join(rng.choice(words, 22)) for _ in range(1000)]
        ring = ["".join(rng.choice(words, 10)) + "。" + claim for _ in range(members)]
        return MinHasher().signatures(ordinary + ring), np.arange(1000 + members)

    sig, bought = file(60)
    x = sig[1000:1000 + texts.SCRIPT_SAMPLE]
    k = len(x)
    assert ((x[:, None, :] == x[None, :, :]).mean(axis=2).sum() - k) / (k * (k - 1)) < texts.SCRIPT_AGREE
    punitive = np.arange(1060) >= 1000
    assert (near_duplicate_clusters(sig, bought=bought)[1000:] == -1).all()
    told = near_duplicate_clusters(sig, bought=bought, claims=punitive)
    assert len(set(told[1000:].tolist())) == 1 and told[1000] >= 0
    assert not set(told[:1000].tolist()) & set(told[1000:].tolist())
    assert (near_duplicate_clusters(sig, bought=bought, claims=np.zeros(1060, dtype=bool))[1000:] == -1).all()
    sig, bought = file(200)
    assert texts.SCRIPT_CLAIMS_HELD * texts.COMMON_MIN < 200
    everyone = near_duplicate_clusters(sig, bought=bought, claims=np.arange(1200) >= 1000)
    assert (everyone[1000:] == -1).mean() > 0.9
