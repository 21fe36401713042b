import numpy as np

from jingqi.claims.engine.texts import MinHasher, near_duplicate_clusters

SCRIPT = ("我在{m}买的{p}，吃的时候食品里有塑料，把手指割破了，流了很多血，去医院缝了针，有受伤照片和购物小票。"
          "要求赔偿医药费、误工费、精神损失费共计{a}元")


def test_same_script_with_details_changed_is_one_cluster():
    texts = [SCRIPT.format(m=m, p=p, a=a) for m, p, a in
             [("鲜味超市", "牛肉干", 3000), ("百家便利店", "面包", 4500), ("华联超市", "饼干", 2000)]]
    texts += ["孩子在学校门口小卖部买的辣条吃了肚子疼，已经去医院看过了，希望有关部门查一查这家店的进货渠道。",
              "网上买的茶叶收到以后发现包装破损受潮，联系客服一直推脱，要求退货退款并道歉，已保留聊天记录。"]
    labels = near_duplicate_clusters(MinHasher().signatures(texts), threshold=0.6)
    assert labels[0] == labels[1] == labels[2] >= 0
    assert labels[3] == -1 and labels[4] == -1


def test_short_texts_are_never_near_duplicates():
    labels = near_duplicate_clusters(MinHasher().signatures(["面包发霉了要求退款"] * 5))
    assert (labels == -1).all()


def test_signatures_do_not_depend_on_the_batch():
    hasher = MinHasher()
    texts = [SCRIPT.format(m="店", p="物", a=i) for i in range(5)]
    assert np.array_equal(hasher.signatures(texts)[2], hasher.signatures(texts[2:3])[0])


def test_lsh_scales_without_comparing_all_pairs():
    # 20,000 distinct texts plus one copied script: found, and quickly (no 2x10^8 pairs).
    rng = np.random.default_rng(1)
    alphabet = list("的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会")
    texts = ["".join(rng.choice(alphabet, 40)) for _ in range(20000)]
    texts[5] = texts[19000] = SCRIPT.format(m="甲", p="乙", a=1)
    labels = near_duplicate_clusters(MinHasher().signatures(texts))
    assert labels[5] == labels[19000] >= 0
    assert (labels >= 0).sum() == 2
