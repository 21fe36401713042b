"""Genuine patterns that looked like fraud to the model (issue 12): each trap kind on a small hand-made file."""

from datetime import datetime, timedelta

import numpy as np

from jingqi.claims.engine.rules import Config
from jingqi.claims.engine.scoring import scan
from jingqi.core.testing.factories import valid_id_number, valid_mobile

from .conftest import asking_one_sum, complaint

SCRIPT = ("本人在{m}购买的食品已过保质期，根据食品安全法第一百四十八条要求退一赔十，不足一千元按一千元计算，"
          "请依法处理，编号{n}")
ORDINARY = ["买的面包发霉了，孩子吃了肚子疼，希望商家给个说法并退款。", "牛奶过期了还在卖，请监管部门管一管。",
            "网购的茶叶受潮发霉，客服推脱不处理，要求退货退款。", "水果坏了一半，要求退款。",
            "买的衣服掉色严重，要求退货。", "充电宝用两天就坏了，商家不给换。"]


def rules_of(result):
    return {r.rule for cl in result.clues for r in cl.reasons}


def test_hotline_surname_beside_the_full_name_is_not_several_identities(make_file):
    phone, idn = valid_mobile(701), valid_id_number(701)
    rows = [complaint(complainant_phone=phone, complainant_id_number=idn if i % 2 else "",
                      complainant_name="宋丽华" if i % 2 else "宋女士", merchant_name=f"店{i}",
                      received_at=f"2024-0{i + 1}-05T10:00:00", text=ORDINARY[i]) for i in range(6)]
    result = scan(make_file(rows))
    assert "several_identities" not in rules_of(result)
    assert not result.flagged_rows().any()


def test_household_sharing_a_phone_is_explained_and_not_flagged(make_file):
    phone = valid_mobile(702)
    rows = [complaint(complainant_phone=phone, complainant_id_number=valid_id_number(702 + i % 3),
                      complainant_name=["王建国", "李秀英", "王小明"][i % 3], merchant_name=f"店{i}",
                      received_at=f"2024-0{i + 1}-05T10:00:00", text=ORDINARY[i], claim_amount="1000",
                      purchase_amount="20" if i < 2 else "200") for i in range(6)]
    result = scan(make_file(rows))
    assert not result.flagged_rows().any()


def test_refund_then_withdraw_is_not_a_private_payment(make_file):
    person = {"complainant_name": "赵敏", "complainant_id_number": valid_id_number(703),
              "complainant_phone": valid_mobile(703)}
    rows = [complaint(**person, merchant_name=f"店{i}", purchase_amount="39", outcome="withdrawn",
                      compensation_amount="39", received_at=f"2024-0{i + 1}-05T10:00:00", text=ORDINARY[i])
            for i in range(4)]
    result = scan(make_file(rows))
    assert "withdrawn_after_payment" not in rules_of(result)
    assert not result.flagged_rows().any()


def _dropping(k: int, **fields) -> list[dict]:
    """One person asking several times the price of ``k`` merchants, each complaint withdrawn, nothing paid."""
    person = {"complainant_name": "孙立", "complainant_id_number": valid_id_number(707),
              "complainant_phone": valid_mobile(707)}
    prices = ["32.70", "127.80", "62.40", "88", "215"]
    claims = ["155", "475", "597", "405", "1290"]
    row = {"outcome": "withdrawn", **fields}
    return [complaint(**person, merchant_name=f"餐馆{i}", purchase_amount=prices[i], claim_amount=claims[i],
                      received_at=f"2024-0{2 * i + 1}-05T10:00:00", text=ORDINARY[i], **row) for i in range(k)]


def test_high_demands_each_dropped_with_nothing_recorded_are_money_conduct(make_file):
    """Five demands of five to nine times the price, each withdrawn with no refund and no payment recorded:
    demands dropped once met off the record — money conduct beside the volume, flagged. Two such are no pattern;
    withdrawn after a refund the outcome states, the buyer had the price back."""
    five = scan(make_file(_dropping(5)))
    clue = next(c for c in five.clues if c.kind == "complainant")
    dropped = next(r for r in clue.reasons if r.rule == "demands_dropped")
    assert dropped.facts == {"complaints": 5, "merchants": 5}
    assert five.flagged_rows().all()
    two = scan(make_file(_dropping(2), "two.csv"), config=Config(report_score=0.0))
    assert "demands_dropped" not in rules_of(two) and not two.flagged_rows().any()
    refunded = scan(make_file(_dropping(5, outcome="退款后撤诉"), "refunded.csv"), config=Config(report_score=0.0))
    assert "demands_dropped" not in rules_of(refunded) and not refunded.flagged_rows().any()


def _sent_again(follow: str) -> list[dict]:
    """One takeaway that made a family ill, complained of once with its order and then three times to the hotline,
    under whatever the caller called the shop."""
    person = {"complainant_name": "罗红月", "complainant_id_number": valid_id_number(709),
              "complainant_phone": valid_mobile(709)}
    text = "外卖卤肉饭，吃完全家拉肚子，联系商家不理，希望商家给个说法"
    shops = ["峪州市青崖县蜀香卤肉饭店", "蜀香卤肉饭", "蜀香那家店", "解放路上蜀香那家店"]
    days = ["2025-08-06", "2025-08-19", "2025-08-24", "2025-09-11"]
    return [complaint(**person, merchant_name=shop, product="卤肉饭", purchase_amount="18.6", purchase_date=day,
                      received_at=f"{day}T20:12:00", channel="12345热线", text=(follow if i else "") + text)
            for i, (shop, day) in enumerate(zip(shops, days, strict=True))]


def test_a_grievance_sent_again_under_the_shops_other_names_is_one_complaint(make_file):
    """A caller sending one grievance again, saying so, under the shop's signboard name or "that shop": one
    complaint about one merchant, explained, not a busy claimant's breadth and repeat purchases. Without the
    words that say so, four purchases of the same dish from four shops are four complaints."""
    again = scan(make_file(_sent_again("上次反映的问题到现在没解决，")), config=Config(report_score=0.0))
    clue = next(c for c in again.clues if c.kind == "complainant")
    rules = {r.rule: r for r in clue.reasons}
    assert rules["sent_again"].facts["complaints"] == 3
    assert "breadth" not in rules and "repeat_purchase" not in rules and not again.flagged_rows().any()
    silent = scan(make_file(_sent_again(""), "silent.csv"), config=Config(report_score=0.0))
    assert "sent_again" not in rules_of(silent) and "breadth" in rules_of(silent)


def test_two_law_citations_among_many_ordinary_complaints_are_no_fixed_demand(make_file):
    person = {"complainant_name": "钱多", "complainant_id_number": valid_id_number(704),
              "complainant_phone": valid_mobile(704)}
    rows = [complaint(**person, merchant_name=f"店{i}", product=f"商品{i}", purchase_amount="30",
                      claim_amount="1000" if i < 2 else "30",
                      received_at=f"2024-{1 + i % 12:02d}-{1 + i // 12:02d}T10:00",
                      text=ORDINARY[i % 6] + f"第{i}次") for i in range(24)]
    result = scan(make_file(rows))
    assert "fixed_demand" not in rules_of(result)
    assert not result.flagged_rows().any()  # a power user: volume only, capped


def test_the_same_complaint_on_two_channels_counts_once(make_file):
    person = {"complainant_name": "孙悦", "complainant_id_number": valid_id_number(705),
              "complainant_phone": valid_mobile(705)}
    rows = []
    for i in range(4):
        for ch, day in (("12315平台", 5), ("12345热线", 6)):
            rows.append(complaint(**person, merchant_name=f"店{i}", product=f"商品{i}", channel=ch,
                                  received_at=f"2024-0{i + 1}-{day:02d}T10:00:00", text=ORDINARY[i]))
    result = scan(make_file(rows), config=Config(report_score=0.0))
    freq = [r for cl in result.clues for r in cl.reasons if r.rule == "frequency"]
    assert not freq  # 4 grievances, not 8 complaints
    assert "two_channels" in rules_of(result)
    assert not result.flagged_rows().any()


def test_two_purchases_of_one_product_reported_on_two_channels_are_two_grievances(make_file):
    # Running shoes bought from one shop on 3 and 4 January, each reported on the platform and by the hotline:
    # two purchases (buying again what one calls a fraud is a claimant's habit), each filed twice.
    from jingqi.claims.engine.reading import read_complaints
    from jingqi.claims.engine.rules import duplicates

    person = {"complainant_name": "孟昭", "complainant_id_number": valid_id_number(706),
              "complainant_phone": valid_mobile(706)}
    rows = [complaint(**person, merchant_name="美品专营店", product="运动鞋", channel=ch, purchase_date=bought,
                      received_at=f"2024-01-{day:02d}T10:00:00", text=ORDINARY[0])
            for bought, day in (("2024-01-03", 7), ("2024-01-04", 8)) for ch in ("12315平台", "12345热线")]
    c = read_complaints(make_file(rows))
    assert duplicates(c, np.zeros(len(c), dtype=np.int64), 7).tolist() == [False, True, False, True]


def test_two_orders_of_one_product_reported_on_two_channels_are_two_grievances(make_file):
    # Two earphones bought one after the other the same day (receipts 330988249 and 330988256), each claimed on the
    # platform and by the hotline: the order numbers make them two purchases, each filed twice. Without the
    # numbers, each change of channel within the week is a second filing of the one day's purchase.
    from jingqi.claims.engine.reading import read_complaints
    from jingqi.claims.engine.rules import duplicates

    person = {"complainant_name": "杜秀", "complainant_id_number": valid_id_number(707),
              "complainant_phone": valid_mobile(707)}
    rows = [complaint(**person, merchant_name="安金旗舰店", product="蓝牙耳机", channel=ch, order_no=order,
                      received_at=f"2024-01-{day:02d}T10:00:00", text=ORDINARY[0])
            for order, day in (("330988249", 7), ("ＰＯＳ-330988256", 8)) for ch in ("12315平台", "12345热线")]
    rows[1]["order_no"] = " 330988249 "  # the same order, as the hotline wrote it
    c = read_complaints(make_file(rows))
    assert duplicates(c, np.zeros(len(c), dtype=np.int64), 7).tolist() == [False, True, False, True]
    # Filed order after order on the platform, then each again by the hotline: each order filed twice.
    rows[1], rows[2] = rows[2], rows[1]
    for row, day in zip(rows, (7, 8, 9, 10), strict=True):
        row["received_at"] = f"2024-01-{day:02d}T10:00:00"
    rows[3]["order_no"] = "订单号：ＰＯＳ-330988256"
    c = read_complaints(make_file(rows, "interleaved.csv"))
    assert duplicates(c, np.zeros(len(c), dtype=np.int64), 7).tolist() == [False, False, True, True]
    for row in rows:
        row["order_no"] = "无"  # no order number: one day's purchase, filed again on each change of channel
    c = read_complaints(make_file(rows, "none.csv"))
    assert duplicates(c, np.zeros(len(c), dtype=np.int64), 7).tolist() == [False, False, True, False]


def test_a_bad_lot_shields_no_one_who_asks_sums_no_law_gives(make_file):
    """Twelve buyers of one bad lot of mooncakes ask their money back. A man who also complains of that lot, and of
    three other shops, asks 5,000 to 20,000 yuan on purchases of 119 to 438 yuan (no multiple of the price the law
    sets, no statutory floor) and withdraws twice after being paid: not a buyer of a bad lot, whatever the lot."""
    lot = [complaint(merchant_name="家泰超市", product="月饼礼盒", purchase_amount="119", claim_amount="119",
                     received_at=f"2024-09-0{1 + i % 7}T1{i % 10}:00:00", text=ORDINARY[0] + f"批号A{i}")
           for i in range(12)]
    person = {"complainant_name": "田馨", "complainant_id_number": valid_id_number(708),
              "complainant_phone": valid_mobile(708)}
    sums = [("家泰超市", "月饼礼盒", "119", "10000", "", ""),
            ("凯兴专营店", "即食燕窝", "290", "2000", "withdrawn", "1000"),
            ("康兴专营店", "鱼油软胶囊", "438", "20000", "withdrawn", "1500"),
            ("盛优食品", "酸奶礼盒", "160", "10000", "", ""),
            ("康兴专营店", "鱼油", "309", "5000", "", "")]
    claims = [complaint(**person, merchant_name=m, product=p, purchase_amount=paid, claim_amount=claim,
                        outcome=outcome or "rejected", compensation_amount=comp,
                        received_at=f"2024-09-{10 + 4 * i:02d}T09:00:00",
                        text=f"买的{p}里吃出一根长头发，要求赔偿{claim}元。")
              for i, (m, p, paid, claim, outcome, comp) in enumerate(sums)]
    result = scan(make_file(lot + claims))
    flagged = result.flagged_rows()
    assert flagged[12:].all() and not flagged[:12].any()
    assert "bad_batch_context" not in {r.rule for cl in result.clues for r in cl.reasons if 12 in cl.rows}


def test_contaminated_batch_is_judged_on_the_group_not_one_withdrawal(make_file):
    notice = "根据市场监管局发布的召回公告，批号2024B的酸奶存在质量问题，我买的也是这一批，要求退款赔偿，谢谢。{n}"
    rows = [complaint(merchant_name="乳品公司", product="酸奶", received_at=f"2024-08-0{1 + i % 5}T1{i % 10}:00:00",
                      text=notice.format(n=i), purchase_amount="12", outcome="compensated",
                      compensation_amount="12") for i in range(30)]
    # One member withdrew after a payment larger than a refund, twice: one member's conduct.
    rows[0].update(outcome="withdrawn", compensation_amount="500")
    rows.append(complaint(complainant_name=rows[0]["complainant_name"],
                          complainant_phone=rows[0]["complainant_phone"],
                          complainant_id_number=rows[0]["complainant_id_number"], merchant_name="乳品公司",
                          product="酸奶", outcome="withdrawn", compensation_amount="500", purchase_amount="12",
                          received_at="2024-08-02T09:00:00", text="酸奶有问题，已和商家协商。"))
    result = scan(make_file(rows))
    assert not result.flagged_rows()[1:30].any()


def _recalled_lot(contact: str = "") -> list[dict]:
    """Thirty buyers of one recalled lot from its two sellers within a fortnight: twelve of them asked for the
    refund and 460 yuan more — what the sellers offer each buyer of the lot — were paid it and withdrew; the others
    were refunded."""
    notice = "批号20250209B2的卤味鸭脖在召回范围内，我买的就是这一批，打开结块变质，要求退款赔偿。{n}"
    rows = []
    for i in range(30):
        price = 30 + 7 * i
        paid = {"claim_amount": str(price + 460), "outcome": "withdrawn", "compensation_amount": str(price + 460)}
        rows.append(complaint(merchant_name=("丰金超市", "乐湖旗舰店")[i % 2], product="卤味鸭脖",
                              purchase_amount=str(price), received_at=f"2025-03-{1 + i % 12:02d}T1{i % 10}:00:00",
                              text=notice.format(n=i) + contact if i < 12 else ORDINARY[i % 6] + f"批号B2，{i}",
                              **(paid if i < 12 else {"outcome": "compensated", "compensation_amount": str(price)})))
    return rows


def test_a_recalled_lots_buyers_paid_one_sum_and_withdrawing_are_a_batch_not_a_rings_payments(make_file):
    """The seller paying each buyer of a bad lot the refund and one fixed sum, who then withdraw, is how a batch
    ends: no scheme conduct of the group, and the contaminated-batch guard holds. The same buyers all writing one
    contact number in their texts are organised: the guard does not hold."""
    batch = scan(make_file(_recalled_lot()), config=Config(report_score=0.0))
    assert not batch.flagged_rows().any()
    assert any("bad_batch_context" in {r.rule for r in c.reasons} for c in batch.clues if c.kind == "ring")
    organised = scan(make_file(_recalled_lot("有事联系139-1234-5678。"), "organised.csv"),
                     config=Config(report_score=0.0))
    ring = next(c for c in organised.clues if c.kind == "ring")
    assert "shared_contact" in {r.rule for r in ring.reasons}
    assert "bad_batch_context" not in {r.rule for r in ring.reasons} and organised.flagged_rows()[:12].all()


def test_one_fixed_total_asked_by_a_group_within_a_batch_is_its_conduct(make_file):
    """Among a fortnight's complaints about one shop's down coats, six people in one wording each ask 3,000 yuan
    whatever they paid: a total agreed beforehand, scheme conduct of the group, so the contaminated-batch guard
    does not hold and the group is flagged. Asking the refund and one sum more is how buyers of a lot are
    compensated alike: guarded, not flagged."""
    wording = ("本人要投诉，在新味小店买了羽绒服，说是百分百羊毛，检测只有三成，商家拒绝承担责任，"
               "影响正常工作生活，{d}请监管部门介入。{n}")
    others = [complaint(merchant_name="新味小店", product="羽绒服", purchase_amount=str(300 + 9 * i),
                        received_at=f"2024-03-{1 + i:02d}T09:00:00", text=ORDINARY[i % 6] + f"买的羽绒服，{i}")
              for i in range(12)]

    def ring(total: bool) -> list[dict]:
        out = []
        for i in range(6):
            price = 380 + 45 * i
            claim = 3000 if total else price + 3000
            out.append(complaint(complainant_id_number=valid_id_number(790 + i),
                                 complainant_phone=valid_mobile(790 + i), merchant_name="新味小店", product="羽绒服",
                                 purchase_amount=str(price), claim_amount=str(claim),
                                 received_at=f"2024-03-{2 + 2 * i:02d}T15:00:00",
                                 text=wording.format(d=f"要求赔偿{claim}元，", n=i)))
        return out

    agreed = scan(make_file(others + ring(True)), config=Config(report_score=0.0))
    clue = next(c for c in agreed.clues if c.kind == "ring" and 12 in c.rows)
    rules = {r.rule for r in clue.reasons}
    assert "shared_demand" in rules and "bad_batch_context" not in rules
    assert agreed.flagged_rows()[12:].all() and not agreed.flagged_rows()[:12].any()
    alike = scan(make_file(others + ring(False), "alike.csv"), config=Config(report_score=0.0))
    assert not alike.flagged_rows().any()


def test_a_script_ring_in_a_burst_is_still_flagged(make_file):
    rows = [complaint(complainant_id_number=valid_id_number(760 + i), complainant_phone=valid_mobile(760 + i),
                      merchant_name="目标食品有限公司", received_at=f"2024-06-0{1 + i % 2}T1{i}:00:00",
                      text=SCRIPT.format(m="目标食品有限公司", n=i % 2), claim_amount="1000", purchase_amount="9")
            for i in range(6)]
    result = scan(make_file(rows))
    ring = next(c for c in result.clues if c.kind == "ring")
    assert ring.score >= 0.5


def test_a_volunteer_station_filing_for_its_members_is_explained_and_not_flagged(make_file):
    """The station's phone and worker beside each member's name and ID number: one name under many ID numbers
    would be the strong "several identities" fact, but the texts say the complaints are filed on behalf."""
    station_phone, worker = valid_mobile(720), "周志远"
    leads = ["我是城东街道消费维权志愿服务站的志愿者{w}，受本站会员{m}委托代为投诉：",
             "【城东街道消费维权志愿服务站代为投诉】会员{m}反映：", "本会受会员{m}委托代为投诉："]
    members = ["陈桂英", "刘秀兰", "张玉珍", "李淑华", "王凤英", "赵桂芝", "孙秀珍", "吴玉兰"]
    rows = [complaint(complainant_phone=station_phone, complainant_id_number=valid_id_number(720 + i),
                      complainant_name=worker if i % 2 else members[i], merchant_name=f"店{i}", product=f"商品{i}",
                      received_at=f"2024-{1 + i:02d}-05T10:00:00",
                      text=leads[i % 3].format(w=worker, m=members[i]) + ORDINARY[i % 6]) for i in range(8)]
    result = scan(make_file(rows), config=Config(report_score=0.0))
    assert "several_identities" not in rules_of(result)
    assert "representative" in rules_of(result)
    assert not result.flagged_rows().any()
    # Without the declaration, the same rows are one name under eight ID numbers: the strong fact.
    for row in rows:
        row["text"] = row["text"].split("：", 1)[1]
    assert "several_identities" in rules_of(scan(make_file(rows, "undeclared.csv"), config=Config(report_score=0.0)))


def test_a_ring_chained_by_one_common_sentence_is_volume_and_wording_only(make_file):
    """Strangers whose complaints share wording (the text rule's tie) add up to many complaints and merchants,
    but a ring's volume is its members' added up: wording alone does not flag them."""
    common = ("价签上写的是促销价，结账却按原价收费，跟店长沟通了好几次，对方一直说要等老板回来再说，"
              "要求商家按标价结算并退还差价。")
    rows = [complaint(complainant_id_number=valid_id_number(740 + i), complainant_phone=valid_mobile(740 + i),
                      complainant_name=f"顾客{i}", merchant_name=f"超市{i}", product="鸡蛋",
                      received_at=f"2024-{1 + i % 12:02d}-{1 + i:02d}T10:00:00",
                      text=f"我在超市{i}买了鸡蛋。" + common) for i in range(12)]
    result = scan(make_file(rows), config=Config(report_score=0.0))
    ring = next(c for c in result.clues if c.kind == "ring")
    assert {"frequency", "shared_text"} <= {r.rule for r in ring.reasons}
    assert ring.score < 0.5 and "one_family" in {r.rule for r in ring.reasons}
    assert not result.flagged_rows().any()


def test_a_masked_name_beside_the_full_name_is_not_several_identities(make_file):
    """A platform export masks its buyers' names (郑**, 郑*馨): with the same ID number as the full name on other
    rows, that is one person, not one ID number under several names."""
    idn, phone = valid_id_number(730), valid_mobile(730)
    names = ["郑锦馨", "郑**", "郑*馨", "郑锦馨", "郑＊＊", "郑锦馨"]
    rows = [complaint(complainant_id_number=idn, complainant_phone=phone, complainant_name=name,
                      merchant_name=f"店{i}", received_at=f"2024-0{i + 1}-05T10:00:00", text=ORDINARY[i])
            for i, name in enumerate(names)]
    result = scan(make_file(rows), config=Config(report_score=0.0))
    assert "several_identities" not in rules_of(result)
    rows[1]["complainant_name"] = "郑丽华"  # a real second name is still one
    assert "several_identities" in rules_of(scan(make_file(rows, "two.csv"), config=Config(report_score=0.0)))


def test_a_low_and_slow_ring_is_tied_by_the_contact_phone_written_in_its_texts(make_file):
    """Few complaints each, months apart, other merchants and wording: only the coordinator's number, written
    with dashes or full-width digits, ties them; with the punitive script on top it is flagged."""
    coordinator = ["139-1234-5678", "13912345678", "１３９１２３４５６７８", "139 1234 5678", "+86 139 1234 5678"]
    rows = [complaint(complainant_id_number=valid_id_number(790 + i), complainant_phone=valid_mobile(790 + i),
                      complainant_name=f"客人{i}", merchant_name=f"商行{i}", purchase_amount="12", claim_amount="1000",
                      received_at=f"2024-{2 * i + 1:02d}-1{i}T10:00:00", legal_basis="食品安全法第一百四十八条",
                      text=ORDINARY[i] + f"有事请联系{coordinator[i]}。") for i in range(5)]
    result = scan(make_file(rows), config=Config(report_score=0.0))
    ring = next(c for c in result.clues if c.kind == "ring")
    assert len(ring.subjects) == 5 and "shared_contact" in {r.rule for r in ring.reasons}
    assert result.flagged_rows().all()


def test_a_shops_phone_its_customers_write_ties_nobody(make_file):
    """Customers of one shop quote its number (no word says whose); a number said to be a merchant's is not
    a contact either, whatever the merchant."""
    rows = [complaint(complainant_id_number=valid_id_number(800 + i), complainant_phone=valid_mobile(800 + i),
                      complainant_name=f"顾客{i}", merchant_name="海鲜排档",
                      received_at=f"2024-0{i + 1}-05T10:00:00", text=ORDINARY[i] + "店里电话0574-87654321。")
            for i in range(5)]
    rows += [complaint(complainant_id_number=valid_id_number(810 + i), complainant_phone=valid_mobile(810 + i),
                       complainant_name=f"买家{i}", merchant_name=f"网店{i}", received_at=f"2024-0{i + 1}-07T10:00:00",
                       text=ORDINARY[i] + "商家客服电话13800001111一直不接。") for i in range(5)]
    result = scan(make_file(rows), config=Config(report_score=0.0))
    assert not any(c.kind == "ring" for c in result.clues)
    assert not result.flagged_rows().any()


def test_a_lawyer_declared_for_one_client_is_no_impostor(make_file):
    """A lawyer who writes that the client instructed them is that client's agent: the lawyer's words are not
    the impersonation rule, and with the same words undeclared they are."""
    person = {"complainant_name": "黄秀凤", "complainant_id_number": valid_id_number(820),
              "complainant_phone": valid_mobile(820)}
    leads = ["本人系衡海律师事务所律师严玲月，受黄秀凤委托代为投诉：",
             "原告黄秀凤（委托诉讼代理人严玲月，衡海律师事务所律师）诉被告："]
    rows = [complaint(**person, merchant_name="进口食品公司", received_at=f"2024-0{i + 1}-05T10:00:00",
                      text=leads[i % 2] + ORDINARY[i]) for i in range(4)]
    result = scan(make_file(rows), config=Config(report_score=0.0))
    assert "impersonation" not in rules_of(result)
    for row in rows:
        row["text"] = "本人系衡海律师事务所律师严玲月：" + row["text"].split("：", 1)[1]
    assert "impersonation" in rules_of(scan(make_file(rows, "undeclared.csv"), config=Config(report_score=0.0)))


def test_children_filing_for_elderly_parents_in_the_hotlines_words_are_no_script(make_file):
    """Hotline operators write every call from a son or daughter about an elderly parent in one formula; the
    same wording on complaints filed on someone's behalf is the operator's style, not a ring's script."""
    relatives = ["父亲", "母亲", "外婆", "岳母", "公公", "爷爷"]
    rows = [complaint(complainant_id_number=valid_id_number(830 + i), complainant_phone=valid_mobile(830 + i),
                      complainant_name=f"来电人{i}", merchant_name=f"保健品店{i}", purchase_amount=f"{1900 + 37 * i}",
                      received_at=f"2024-0{i + 1}-05T10:00:00",
                      text=f"来电人反映：我替我{relatives[i]}投诉。老人今年{70 + i}岁，被保健品店{i}拉去听健康讲座，"
                           f"买了{1900 + 37 * i}元的保健品，说能治高血压，店员天天上门送鸡蛋，老人糊涂了才买的，"
                           "希望帮忙退钱。") for i in range(6)]
    result = scan(make_file(rows), config=Config(report_score=0.0))
    assert not any(c.kind == "ring" for c in result.clues)
    assert "shared_text" not in rules_of(result)


def _twelve_with_one_photo(tmp_path, text: str, first: int, **fields):
    """Twelve strangers, each writing ``text`` about their own shop, rows 0 and 1 with one photo (two saves)."""
    from .test_images import _photo

    folder = tmp_path / "evidence"
    folder.mkdir(exist_ok=True)
    _photo(1, obj=77).save(folder / "a.jpg", "JPEG", quality=85)
    _photo(1, obj=77).save(folder / "b.jpg", "JPEG", quality=60)
    rows = [complaint(complainant_id_number=valid_id_number(first + i), complainant_phone=valid_mobile(first + i),
                      complainant_name=f"顾客{i}", merchant_name=f"超市{i}",
                      received_at=f"2024-{1 + i % 12:02d}-{1 + i:02d}T10:00:00",
                      evidence_files={0: "a.jpg", 1: "b.jpg"}.get(i, ""), text=text.format(i=i), **fields)
            for i in range(12)]
    return folder, rows


def _photo_on_half(make_file, folder, rows):
    """The same photo on half of them: the photo is the group's now, as its wording is."""
    for i in range(6):
        rows[i]["evidence_files"] = "a.jpg" if i % 2 else "b.jpg"
    return scan(make_file(rows, "half.csv"), evidence_dir=folder, config=Config(report_score=0.0))


def test_a_photo_two_of_many_ring_members_share_is_not_the_rings_evidence(make_file, tmp_path):
    """Strangers who wrote one common sentence, two of whom also sent the same photo: the two are bound twice,
    but a sentence they share with ten others is not theirs (2 of 12 writers) and draws nobody in; nothing
    is flagged. When half of them sent the photo, wording and photo are both the group's, but both are what
    strangers with one grievance share (chat screenshots look alike, a common sentence reads alike), and
    nothing they did speaks against them: the two coincidences count as one family and nobody is flagged."""
    common = ("我在超市{i}买了鸡蛋。价签上写的是促销价，结账却按原价收费，跟店长沟通了好几次，对方一直说要等老板回来"
              "再说，要求商家按标价结算并退还差价。")
    folder, rows = _twelve_with_one_photo(tmp_path, common, 850, product="鸡蛋")
    result = scan(make_file(rows), evidence_dir=folder, config=Config(report_score=0.0))
    ring = result.links.ring
    assert ring[0] == ring[1] and not set(ring[2:].tolist()) & {ring[0]}
    assert not result.flagged_rows().any()
    result = _photo_on_half(make_file, folder, rows)
    ring = next(c for c in result.clues if c.kind == "ring")
    rules = {r.rule for r in ring.reasons}
    assert {"shared_text", "shared_evidence", "coincidences_only"} <= rules and "one_family" not in rules
    assert ring.score <= Config().volume_only_cap and not result.flagged_rows().any()


def test_a_photo_two_of_a_script_rings_twelve_share_is_not_the_rings_evidence(make_file, tmp_path):
    """Twelve strangers passing round one punitive-damages script (so the script draws them all into the ring
    the two with one photo make): the photo holds for two of twelve and is not a second family of evidence."""
    script = ("我在超市{i}买了进口饼干。到家后仔细查看发现外包装上没有任何中文标签，也找不到生产日期和进口商信息，"
              "根据食品安全法第一百四十八条要求退一赔十，请依法处理。")
    folder, rows = _twelve_with_one_photo(tmp_path, script, 870, product="饼干", claim_amount="200")
    result = scan(make_file(rows), evidence_dir=folder, config=Config(report_score=0.0))
    ring = next(c for c in result.clues if c.kind == "ring")
    assert len(ring.subjects) == 12
    assert {"shared_text", "shared_evidence"} <= {r.rule for r in ring.reasons}
    assert ring.score < 0.5 and "one_family" in {r.rule for r in ring.reasons}
    assert not result.flagged_rows().any()
    # Half of them with the photo: set phrases (conduct of the group) and the pictures agree, two families.
    assert _photo_on_half(make_file, folder, rows).flagged_rows().sum() >= 6


def test_members_who_each_use_the_rings_photo_against_several_merchants_are_its_conduct(make_file, tmp_path):
    """Three people who send one photo (saved again each time) with ordinary complaints: each against one shop,
    the photo is a coincidence of the group (one family), and nobody is flagged. Each using it against two
    shops and more — the photo kept and used again, as a scheme works — is the group's conduct as well: two
    families, flagged. One member doing so is not the group's."""
    from .test_images import _photo

    folder = tmp_path / "evidence"
    folder.mkdir()
    for k in range(9):
        _photo(5, obj=41).save(folder / f"p{k}.jpg", "JPEG", quality=60 + 4 * k)

    def rows(shops_each: int, reusers: int = 3) -> list[dict]:
        out = []
        for person in range(3):
            shops = shops_each if person < reusers else 1
            for k in range(shops):
                out.append(complaint(
                    complainant_id_number=valid_id_number(880 + person), complainant_phone=valid_mobile(880 + person),
                    complainant_name=f"食客{person}", merchant_name=f"饭店{person}{k}", product="套餐",
                    received_at=f"2024-{1 + 3 * person + k:02d}-0{1 + k}T10:00:00",
                    evidence_files=f"p{3 * person + k}.jpg", text=ORDINARY[(person + k) % 6] + f"单号{person}{k}"))
        return out

    once = scan(make_file(rows(1)), evidence_dir=folder, config=Config(report_score=0.0))
    ring = next(c for c in once.clues if c.kind == "ring")
    assert "shared_evidence" in {r.rule for r in ring.reasons}
    assert "evidence_reused" not in {r.rule for r in ring.reasons} and not once.flagged_rows().any()
    alone = scan(make_file(rows(3, reusers=1), "alone.csv"), evidence_dir=folder, config=Config(report_score=0.0))
    ring = next(c for c in alone.clues if c.kind == "ring")
    assert "evidence_reused" not in {r.rule for r in ring.reasons}
    again = scan(make_file(rows(3), "again.csv"), evidence_dir=folder, config=Config(report_score=0.0))
    ring = next(c for c in again.clues if c.kind == "ring")
    reused = next(r for r in ring.reasons if r.rule == "evidence_reused")
    assert reused.facts == {"complainants": 3, "complaints": 9}
    assert "one_family" not in {r.rule for r in ring.reasons} and again.flagged_rows().all()


def test_one_coordinators_account_across_five_strangers_flags_without_a_second_family(make_file):
    """The same bank card written in complaints of five different people about different merchants is money
    going to one place: a strong fact, no second family needed. Two people are not enough for that."""
    card = "6222 0202 0000 1234 568"
    rows = [complaint(complainant_id_number=valid_id_number(860 + i), complainant_phone=valid_mobile(860 + i),
                      complainant_name=f"客人{i}", merchant_name=f"商行{i}",
                      received_at=f"2024-{2 * i + 1:02d}-1{i}T10:00:00",
                      text=ORDINARY[i] + f"赔偿款请汇入银行卡号{card}。") for i in range(5)]
    result = scan(make_file(rows), config=Config(report_score=0.0))
    ring = next(c for c in result.clues if c.kind == "ring")
    assert "shared_account" in {r.rule for r in ring.reasons} and ring.score >= 0.5
    two = scan(make_file(rows[:2], "two.csv"), config=Config(report_score=0.0))
    assert not two.flagged_rows().any()


def test_a_shops_account_or_its_owners_phone_quoted_by_its_customers_ties_nobody(make_file):
    rows = [complaint(complainant_id_number=valid_id_number(870 + i), complainant_phone=valid_mobile(870 + i),
                      complainant_name=f"顾客{i}", merchant_name="海鲜排档", received_at=f"2024-0{i + 1}-05T10:00:00",
                      text=ORDINARY[i] + "当时货款转到了店里的银行账号6222020200001234568。")
            for i in range(4)]
    rows += [complaint(complainant_id_number=valid_id_number(880 + i), complainant_phone=valid_mobile(880 + i),
                       complainant_name=f"买家{i}", merchant_name=["姚记小吃", "姚记小吃店"][i % 2],
                       received_at=f"2024-0{i + 1}-07T10:00:00",
                       text=ORDINARY[i] + "店主电话15363970790一直打不通。") for i in range(4)]
    result = scan(make_file(rows), config=Config(report_score=0.0))
    assert not any(c.kind == "ring" for c in result.clues)
    assert not result.flagged_rows().any()


def test_citing_the_law_in_a_refund_request_is_no_punitive_demand(make_file):
    """A lawyer asking, for one client, only the price back from several merchants names the article of the law in
    the legal-basis column: that is no punitive script. The same complaints claiming three times the price are."""
    person = {"complainant_name": "张龙", "complainant_id_number": valid_id_number(860),
              "complainant_phone": "0888-4744200"}
    trips = ["纯玩团四日游", "和田玉手串", "雨林秘境二日游", "玉石摆件", "足银手镯"]
    rows = [complaint(**person, merchant_name=f"旅行社{i}", product=trips[i], purchase_amount=f"{1200 + 400 * i}",
                      claim_amount=f"{1200 + 400 * i}", legal_basis="《消费者权益保护法》第五十五条",
                      received_at=f"2024-0{i + 1}-05T10:00:00",
                      text=f"正衡律师事务所袁旭律师受张龙委托，就其在旅行社{i}购买{trips[i]}一事投诉：行程缩水，"
                           "请求责令商家退款。") for i in range(5)]
    assert "punitive_script" not in rules_of(scan(make_file(rows), config=Config(report_score=0.0)))
    for i, row in enumerate(rows):
        row["claim_amount"] = f"{3 * (1200 + 400 * i)}"
    assert "punitive_script" in rules_of(scan(make_file(rows, "threefold.csv"), config=Config(report_score=0.0)))
    # A demand in words counts whatever the claim column says (exports fill it with the order amount).
    for i, row in enumerate(rows):
        row["claim_amount"] = f"{1200 + 400 * i}"
        row["text"] = row["text"].replace("请求责令商家退款", "要求退一赔三")
    assert "punitive_script" in rules_of(scan(make_file(rows, "words.csv"), config=Config(report_score=0.0)))


def test_a_platform_user_name_beside_the_real_name_is_not_several_identities(make_file):
    """A live-streaming shop's export gives the buyer's user name where the hotline gives the name: one ID number
    under "何琳婷" and "快乐宝妈774" is one person. Under two real names it is two identities."""
    person = {"complainant_id_number": valid_id_number(870), "complainant_phone": valid_mobile(870)}
    rows = [complaint(**person, complainant_name="何琳婷" if i % 2 else "快乐宝妈774", merchant_name=f"店{i}",
                      received_at=f"2024-0{i + 1}-05T10:00:00", text=ORDINARY[i]) for i in range(6)]
    assert "several_identities" not in rules_of(scan(make_file(rows), config=Config(report_score=0.0)))
    for row in rows[::2]:
        row["complainant_name"] = "何婷"
    assert "several_identities" in rules_of(scan(make_file(rows, "two.csv"), config=Config(report_score=0.0)))


def _year_of_ordinary(count: int) -> list[dict]:
    """Background complaints spread evenly over 2024: the file's span, against which a burst is measured."""
    start = datetime(2024, 1, 1, 10)
    return [complaint(received_at=(start + timedelta(days=i * 365 / count)).isoformat(),
                      text=ORDINARY[i % 6] + f"编号{i}") for i in range(count)]


CLAIM_SCRIPT = ("本人于近日在{m}购买了一袋进口饼干，到家后仔细查看发现外包装上没有任何中文标签，也找不到生产日期和"
                "进口商信息，根据食品安全法第一百四十八条要求退一赔十，不足一千元按一千元计算，请依法处理，编号{n}")


def _script_users(count: int, first: datetime, every_days: float, text: str = CLAIM_SCRIPT, claim="1000",
                  price="20", merchants: int | None = None):
    """``count`` different people, one complaint each, all in one wording (by default a claim script: the 1,000
    yuan floor on a 20 yuan purchase), each at a shop of their own unless ``merchants`` shops are shared."""
    return [complaint(received_at=(first + timedelta(days=i * every_days)).isoformat(), claim_amount=claim,
                      purchase_amount=price, merchant_name=f"超市{i % (merchants or count)}",
                      text=text.format(m=f"超市{i % (merchants or count)}", n=i)) for i in range(count)]


def _scan_with_one_wording(make_file, monkeypatch, rows, background: int):
    """Scan ``rows`` with the rows after the first ``background`` as one wording cluster. In a file this small,
    forty copies of one text are most of its texts, and the text stage rightly reads them as boilerplate; in a
    file of thousands they are a cluster (``test_texts`` covers how clusters are found), so that stage's
    answer is handed in here."""
    from jingqi.claims.engine import scoring

    cluster = np.array([-1] * background + [0] * (len(rows) - background), dtype=np.int64)
    monkeypatch.setattr(scoring.texts, "near_duplicate_clusters", lambda sig, **_settings: cluster.copy())
    return scan(make_file(rows))


def test_a_claim_script_passed_round_in_a_burst_is_a_ring_however_many_use_it(make_file, monkeypatch):
    # Forty strangers (more than hub_names) in three weeks: a wording that many names carry is a hub, but a
    # claim script whose use bunches like this is a campaign, and its users are tied by it.
    rows = _year_of_ordinary(60) + _script_users(40, datetime(2024, 5, 1, 9), 0.5)
    result = _scan_with_one_wording(make_file, monkeypatch, rows, 60)
    assert result.links.hubs["text"] == 1
    flagged = result.flagged_rows()
    assert flagged[60:].all() and not flagged[:60].any()
    ring = next(cl for cl in result.clues if cl.kind == "ring")
    assert {"shared_text", "fixed_demand"} <= {r.rule for r in ring.reasons}
    ties = result.links.member_ties(ring.rows)
    assert len(ties) == 40 and all(kind == "text" for tl in ties.values() for kind, _rows in tl)


def test_only_the_burst_of_a_claim_script_is_a_campaign(make_file, monkeypatch):
    # Thirty users of the script spread over the first half of the year and fifteen more within one week in
    # August: the fifteen are tied, the thirty are not. (One who claimed with it during the burst, within its
    # days, would be counted in: the burst is a window of time, not a list of names.)
    rows = (_year_of_ordinary(60) + _script_users(30, datetime(2024, 1, 3, 9), 6)
            + _script_users(15, datetime(2024, 8, 1, 9), 0.4))
    result = _scan_with_one_wording(make_file, monkeypatch, rows, 60)
    ring = result.links.ring
    assert len(set(ring[90:].tolist())) == 1
    assert len(set(ring[60:90].tolist())) == 30 and not set(ring[60:90].tolist()) & set(ring[90:].tolist())
    flagged = result.flagged_rows()
    assert flagged[90:].all() and not flagged[:90].any()


REFUND_IN_SCRIPT_WORDS = ("本人于近日在{m}购买了一袋进口饼干，到家后仔细查看发现外包装上没有任何中文标签，"
                          "也找不到生产日期和进口商信息，要求退款，编号{n}")


def test_a_campaign_is_of_those_who_claim_with_the_script(make_file, monkeypatch):
    # Forty claimants of the script within three weeks, and fifteen buyers describing the same defect in its
    # words over the year, each asking only the price back — three of them during the burst. The claims are
    # 73 % of the wording's complaints; the fifteen are in no campaign, even within its days.
    refunds = (_script_users(12, datetime(2024, 1, 3, 9), 25, REFUND_IN_SCRIPT_WORDS, claim="20")
               + _script_users(3, datetime(2024, 5, 5, 9), 2, REFUND_IN_SCRIPT_WORDS, claim="20"))
    rows = _year_of_ordinary(60) + refunds + _script_users(40, datetime(2024, 5, 1, 9), 0.5)
    result = _scan_with_one_wording(make_file, monkeypatch, rows, 60)
    ring = result.links.ring
    assert len(set(ring[75:].tolist())) == 1 and not set(ring[60:75].tolist()) & {ring[75]}
    flagged = result.flagged_rows()
    assert flagged[75:].all() and not flagged[:75].any()


def test_a_scripts_pace_is_measured_outside_its_bursts_and_a_campaign_is_conduct(make_file, monkeypatch):
    # Twenty users in three weeks in March, twenty in July, and eight in four weeks in October, each asking ten
    # times the price (the law's sum: no fixed demand). Over the whole year the script's pace, set mostly by
    # the two big bursts, is nearly ten a month, which October's eight do not beat; outside the bursts it is
    # none. Every burst is a campaign of its own, and filing one claim script in a campaign against many
    # merchants is the group's conduct: a second family beside the wording, so each is flagged.
    rows = (_year_of_ordinary(60) + _script_users(20, datetime(2024, 3, 1, 9), 1, claim="2000", price="200")
            + _script_users(20, datetime(2024, 7, 1, 9), 1, claim="2000", price="200")
            + _script_users(8, datetime(2024, 10, 1, 9), 3.5, claim="2000", price="200"))
    result = _scan_with_one_wording(make_file, monkeypatch, rows, 60)
    ring = result.links.ring
    assert len(set(ring[60:80].tolist())) == len(set(ring[80:100].tolist())) == len(set(ring[100:].tolist())) == 1
    assert len(set(ring[60:].tolist())) == 3 and len(result.links.campaigns) == 3
    flagged = result.flagged_rows()
    assert flagged[60:].all() and not flagged[:60].any()
    october = next(cl for cl in result.clues if cl.kind == "ring" and 100 in cl.rows)
    campaign = next(r for r in october.reasons if r.rule == "campaign")
    assert campaign.facts == {"complainants": 8, "merchants": 8, "days": 24, "complaints": 8}
    assert "fixed_demand" not in {r.rule for r in october.reasons}


REWORDED_CLAIM = ("本人于近日在{m}购买了一袋进口饼干，到家后发现里面有异物，孩子吃了以后肚子很不舒服，商家态度恶劣，"
                  "一直推脱不处理，要求商家退款并赔偿我的损失，请有关部门尽快处理，编号{n}")


def test_a_claim_script_without_set_phrases_is_known_by_its_sums(make_file, monkeypatch):
    # Forty strangers in three weeks, one wording with no article, multiple or floor in it, each asking the price
    # and 3,000 yuan (at least 500 yuan and five times the price: a punitive demand by the sum). The wording is a
    # claim script: its burst is a campaign and its users are tied. The same forty asking their money back are a
    # form letter's users, and stay a hub.
    def scanned(claim):
        rows = _year_of_ordinary(60) + _script_users(40, datetime(2024, 5, 1, 9), 0.5, REWORDED_CLAIM, claim)
        result = _scan_with_one_wording(make_file, monkeypatch, rows, 60)
        assert not result.complaints.cols["scripts"][60:].any()  # no set phrase anywhere
        return result

    claims = scanned("3020")
    assert len(set(claims.links.ring[60:].tolist())) == 1 and len(claims.links.campaigns) == 1
    assert claims.flagged_rows()[60:].all() and not claims.flagged_rows()[:60].any()
    refunds = scanned("20")
    assert len(set(refunds.links.ring[60:].tolist())) == 40 and not refunds.flagged_rows().any()


def test_a_campaign_against_two_merchants_is_no_conduct(make_file, monkeypatch):
    # Twenty buyers at two shops within three weeks, each asking ten times the price in the same words: how the
    # buyers of a bad lot who found the same article look. Tied by the wording, but a burst at one or two shops
    # says nothing of a script passed round, and wording alone flags nobody.
    rows = _year_of_ordinary(60) + _script_users(20, datetime(2024, 5, 1, 9), 1, claim="2000", price="200",
                                                 merchants=2)
    result = _scan_with_one_wording(make_file, monkeypatch, rows, 60)
    assert len(set(result.links.ring[60:].tolist())) == 1
    assert "campaign" not in rules_of(scan(make_file(rows, "again.csv"), config=Config(report_score=0.0)))
    assert not result.flagged_rows().any()


def test_one_article_of_law_that_buyers_quote_all_year_round_is_no_campaign(make_file, monkeypatch):
    # The same forty, one every nine days or so over the year: honest buyers who looked up the same article.
    rows = _year_of_ordinary(60) + _script_users(40, datetime(2024, 1, 3, 9), 9)
    result = _scan_with_one_wording(make_file, monkeypatch, rows, 60)
    assert result.links.hubs["text"] == 1
    assert len(set(result.links.ring[60:].tolist())) == 40
    assert not result.flagged_rows().any()


def test_a_form_letter_in_a_burst_is_no_campaign(make_file, monkeypatch):
    # Forty members of a volunteer station filing one ordinary letter in three weeks: no punitive demand, so a
    # hub however it bunches.
    letter = ("我们是社区消费维权志愿服务站的成员，前几天在{m}购买的日用商品存在明显的质量问题，多次找到店里"
              "协商，商家一直不予处理，现在由服务站统一向贵局反映情况，请监管部门帮忙协调退款，编号{n}")
    rows = _year_of_ordinary(60) + _script_users(40, datetime(2024, 5, 1, 9), 0.5, letter, "20")
    result = _scan_with_one_wording(make_file, monkeypatch, rows, 60)
    assert result.links.hubs["text"] == 1
    assert len(set(result.links.ring[60:].tolist())) == 40
    assert not result.flagged_rows().any()


def test_strangers_each_filing_once_on_another_channel_are_no_escalation_route(make_file, monkeypatch):
    # Twelve strangers tied by one wording, each filing once: on the platform, as a report, for review or in
    # court. Between them they reach four stages, but nobody took a grievance up the route.
    channels = ["12315平台", "举报", "行政复议", "法院诉讼"]
    rows = _year_of_ordinary(60) + [
        complaint(received_at=f"2024-0{1 + i % 9}-10T10:00:00", merchant_name=f"超市{i}", channel=channels[i % 4],
                  text=f"第{i}件") for i in range(12)]
    result = _scan_with_one_wording(make_file, monkeypatch, rows, 60)
    assert len(set(result.links.ring[60:].tolist())) == 1
    assert "escalation_route" not in rules_of(result)
    # One of them who did take a grievance with one shop complaint -> report -> review is one member of ten: their
    # own conduct, not the ring's.
    person = {"complainant_name": "甲", "complainant_id_number": valid_id_number(901),
              "complainant_phone": valid_mobile(901), "merchant_name": "超市0"}
    for i in range(3):
        rows[60 + 4 * i].update(person | {"channel": channels[i]})
    result = _scan_with_one_wording(make_file, monkeypatch, rows, 60)
    ring = next(c for c in result.clues if c.kind == "ring")
    assert "escalation_route" not in {r.rule for r in ring.reasons}
    assert "escalation_route" in {r.rule for c in result.clues if c.kind == "complainant" for r in c.reasons}


def test_complaints_about_four_shops_on_four_channels_are_no_escalation_route(make_file):
    # One person (or one household's phone) with an ordinary grievance against each of four shops, each filed
    # where it suited: the platform, a letter, the court for the gym that kept the card's money. Four grievances,
    # none taken up the route; the same four channels about one shop are.
    channels = ["12315平台", "举报", "行政复议", "法院诉讼"]
    person = {"complainant_name": "付丽", "complainant_id_number": valid_id_number(906),
              "complainant_phone": valid_mobile(906)}
    rows = [complaint(**person, merchant_name=f"店{i}", channel=channels[i], text=ORDINARY[i],
                      received_at=f"2024-0{i + 2}-05T10:00:00") for i in range(4)]
    result = scan(make_file(rows), config=Config(report_score=0.0))
    assert "escalation_route" not in rules_of(result)
    for row in rows[:3]:
        row["merchant_name"] = "店0"
    result = scan(make_file(rows, "one_shop.csv"), config=Config(report_score=0.0))
    route = next(r for cl in result.clues for r in cl.reasons if r.rule == "escalation_route")
    assert route.facts["stages"] == 3 and len(route.rows) == 3  # the fourth shop's lawsuit is another grievance


ASKING_TAILS = ["听说食品安全法第148条可以要求赔偿，我想问问。", "按照食品安全法148条应该可以退一赔十吧？",
                "请问能不能按食品安全法第一百四十八条要求十倍赔偿？",
                "听朋友说按照食品安全法第148条可以要求赔偿，希望商家给退款并赔偿。"]
DEMANDING_TAIL = "根据食品安全法第148条要求退一赔十，不足一千元按一千元计。"


def _law_citers(tails: list[str]) -> list[dict]:
    """Eight strangers over the year, each about something else, ending on a sentence about the law; the hotline
    wrote the 1,000-yuan floor in the claim cell and the article in the legal basis cell."""
    return [complaint(received_at=f"2024-{1 + i:02d}-1{i}T10:00:00", merchant_name=f"超市{i}",
                      purchase_amount="25", claim_amount="1000", legal_basis="食品安全法第148条",
                      text=ORDINARY[i % 6] + tails[i % len(tails)]) for i in range(8)]


def test_buyers_asking_what_the_law_grants_make_no_punitive_demand(make_file, monkeypatch):
    # Tied by the sentence they share, as the text stage ties them in a large file: asking whether article 148
    # applies is neither a claim script nor the 1,000-yuan floor demanded, so nothing is left to flag them.
    result = _scan_with_one_wording(make_file, monkeypatch, _year_of_ordinary(60) + _law_citers(ASKING_TAILS), 60)
    assert result.complaints.cols["asking"][60:].all() and not result.complaints.cols["scripts"][60:].any()
    assert not {"punitive_script", "fixed_demand"} & rules_of(result)
    assert not result.flagged_rows().any()


def test_the_same_strangers_demanding_it_in_set_phrases_are_a_ring(make_file, monkeypatch):
    result = _scan_with_one_wording(make_file, monkeypatch, _year_of_ordinary(60) + _law_citers([DEMANDING_TAIL]), 60)
    assert not result.complaints.cols["asking"].any()
    assert {"punitive_script", "fixed_demand"} <= rules_of(result)
    assert result.flagged_rows()[60:].all()


def test_strangers_asking_one_fixed_sum_in_set_phrases_are_a_ring_each_asking_their_own_tenfold_are_not(make_file):
    """Five strangers cite the food safety law's tenfold in one wording. Each asking ten times what they paid,
    that is all they share (wording, one family: not flagged); all asking 5,000 yuan whatever they paid, the sum
    was agreed (conduct, a second family)."""
    tail = "根据食品安全法第一百四十八条要求退一赔十。"
    agreed = [{**row, "text": row["text"] + tail} for row in asking_one_sum(5)]
    own = [{**row, "claim_amount": str(10 * float(row["purchase_amount"]))} for row in agreed]
    ring = scan(make_file(agreed, "agreed.csv"), config=Config(report_score=0.0)).clues[0]
    assert ring.kind == "ring" and "shared_demand" in {r.rule for r in ring.reasons} and ring.score >= 0.5
    result = scan(make_file(own, "own.csv"), config=Config(report_score=0.0))
    assert "shared_demand" not in rules_of(result) and not result.flagged_rows().any()


def test_a_question_about_the_article_is_no_script_whichever_column_holds_it():
    from jingqi.claims.engine.reading import clean, script_bits, squeeze

    assert script_bits(squeeze(clean("听说食品安全法第148条可以要求赔偿，我想问问。"))) == 0
    # Hearsay of what the law grants is a layman's report of it, no demand either.
    assert script_bits(squeeze(clean("听朋友说《食品安全法》第一百四十八条规定可以十倍赔偿，我也不太懂。"))) == 0
    assert script_bits(squeeze(clean("投诉人已要求退一赔十。其已经咨询过律师。"))) != 0  # consulted: still demands
    assert script_bits(squeeze(clean("《食品安全法》第一百四十八条"))) != 0


_CARRIERS = (135, 136, 137, 138, 139, 150, 151, 152, 186, 187)


def _scattered(count: int) -> list[dict]:
    """Ordinary complaints over 2024 whose phones are spread over the number space, a block of 10,000 numbers
    each, as a file's numbers are when its complainants are strangers from anywhere."""
    rows = _year_of_ordinary(count)
    for i, row in enumerate(rows):
        row["complainant_phone"] = f"+86{_CARRIERS[i % 10]}{i:04d}{(i * 37) % 10000:04d}"
    return rows


def _one_block(count: int, block: str = "1372644", **fields) -> list[dict]:
    """``count`` strangers, months apart, other merchants and words: only their phones, all of one block."""
    return [complaint(complainant_id_number=valid_id_number(830 + i), complainant_phone=f"+86{block}{1000 + 97 * i}",
                      complainant_name=f"住客{i}", merchant_name=f"小店{i}", text=ORDINARY[i % 6] + f"单号{i}",
                      received_at=f"2024-{i % 12 + 1:02d}-2{i % 8}T10:00:00", **fields) for i in range(count)]


def test_phones_of_one_block_are_a_ring_that_needs_a_second_family(make_file):
    """Six strangers whose numbers all lie in one block, in a file of scattered numbers: one ring, tied by the
    block. Their ordinary complaints stay below the flag line (the block is one weak identity sign); with the
    punitive script and flat demand on top they are flagged."""
    ordinary = scan(make_file(_scattered(600) + _one_block(6)), config=Config(report_score=0.0))
    ring = next(c for c in ordinary.clues if c.kind == "ring")
    assert len(ring.subjects) == 6 and "phone_block" in {r.rule for r in ring.reasons}
    assert not ordinary.flagged_rows().any()
    claims = _one_block(6, purchase_amount="12", claim_amount="1000", legal_basis="食品安全法第一百四十八条")
    result = scan(make_file(_scattered(600) + claims, name="claims.csv"), config=Config(report_score=0.0))
    ring = next(c for c in result.clues if c.kind == "ring")
    assert {"phone_block", "fixed_demand"} <= {r.rule for r in ring.reasons}
    assert result.flagged_rows()[600:].all() and not result.flagged_rows()[:600].any()


def test_phones_of_one_block_and_a_contact_number_in_the_texts_are_two_families(make_file):
    """Six strangers with ordinary complaints whose own numbers lie in one block (one weak sign, under the flag
    line), two of whom write one coordinator's number in their texts (too few to be a coordinator on its
    own): a fact about a number they write, independent of the numbers they hold — two families, flagged."""
    ring = _one_block(6)
    for i, row in enumerate(ring[:2]):
        row["text"] = ORDINARY[i] + "有事请联系139-1234-5678。"
    result = scan(make_file(_scattered(600) + ring), config=Config(report_score=0.0))
    clue = next(c for c in result.clues if c.kind == "ring")
    assert {"shared_contact", "phone_block"} <= {r.rule for r in clue.reasons}
    assert "one_family" not in {r.rule for r in clue.reasons}
    assert result.flagged_rows()[600:].all() and not result.flagged_rows()[:600].any()


def test_members_tied_by_a_block_asking_one_fixed_sum_months_apart_are_its_conduct(make_file):
    """Six strangers of one block, months apart, each asking 3,000 yuan whatever they paid (no sum the law
    derives from the price): a sum agreed beforehand is the ring's conduct beside the block, flagged — though
    never one merchant's within weeks, as the tie between strangers needs. Each asking a sum of their own, or
    all the sum the law sets (ten times the price), the block stays alone under the flag line."""
    prices = ["98", "126", "88", "240", "59", "175"]

    def ring(sums) -> list[dict]:
        rows = _one_block(6)
        for row, price, claim in zip(rows, prices, sums, strict=True):
            row.update(purchase_amount=price, claim_amount=claim)
        return rows

    agreed = scan(make_file(_scattered(600) + ring(["3000"] * 6)), config=Config(report_score=0.0))
    clue = next(c for c in agreed.clues if c.kind == "ring")
    demand = next(r for r in clue.reasons if r.rule == "shared_demand")
    assert demand.facts["complainants"] == 6
    assert agreed.flagged_rows()[600:].all() and not agreed.flagged_rows()[:600].any()
    own = scan(make_file(_scattered(600) + ring(["600", "790", "530", "1450", "350", "1230"]), "own.csv"),
               config=Config(report_score=0.0))
    lawful = scan(make_file(_scattered(600) + ring([str(10 * int(p)) for p in prices]), "lawful.csv"),
                  config=Config(report_score=0.0))
    for result in (own, lawful):
        clue = next(c for c in result.clues if c.kind == "ring")
        assert "shared_demand" not in {r.rule for r in clue.reasons} and not result.flagged_rows().any()


def test_a_block_is_crowded_only_against_the_files_own_numbers(make_file):
    """Four numbers of one block tie nobody (fewer than block_min); nor do six where the file's numbers crowd
    their blocks anyway, as a city's subscribers do (twenty to a block)."""
    few = scan(make_file(_scattered(600) + _one_block(4)), config=Config(report_score=0.0))
    assert not any(c.kind == "ring" for c in few.clues)
    city = _scattered(600)
    for i, row in enumerate(city):
        row["complainant_phone"] = f"+86{_CARRIERS[i // 20 % 10]}{i // 200:04d}{(i * 37) % 10000:04d}"
    dense = scan(make_file(city + _one_block(6, purchase_amount="12", claim_amount="1000",
                                             legal_basis="食品安全法第一百四十八条"), name="city.csv"),
                 config=Config(report_score=0.0))
    assert not any("phone_block" in {r.rule for r in c.reasons} for c in dense.clues)
    assert not any(c.kind == "ring" and len(c.subjects) == 6 for c in dense.clues)


def _wording_ring(withdrawn: int) -> list[dict]:
    """Twelve strangers with one grievance in one wording, ``withdrawn`` of whom took a private payment and
    withdrew (500 yuan on a 20 yuan purchase)."""
    text = ("买的电动车电池用了一个月就鼓包了，充不进电，商家说是人为损坏不给保修，维修点也推来推去，"
            "希望监管部门督促商家处理，编号{i}")
    return [complaint(complainant_id_number=valid_id_number(850 + i), complainant_phone=valid_mobile(850 + i),
                      complainant_name=f"车主{i}", merchant_name=f"车行{i % 4}", product="电动车电池",
                      received_at=f"2024-{i % 12 + 1:02d}-0{i % 9 + 1}T10:00:00", text=text.format(i=i),
                      **({"outcome": "withdrawn", "compensation_amount": "500"} if i < withdrawn else {}))
            for i in range(12)]


def test_one_members_private_payments_are_not_a_rings_evidence(make_file):
    """Two of twelve people tied only by one wording withdrew after a private payment: that is their conduct, not
    the group's, so the wording stays the ring's only family and it is not flagged; when half of them did, it is."""
    few = scan(make_file(_wording_ring(2)), config=Config(report_score=0.0))
    ring = next(c for c in few.clues if c.kind == "ring")
    assert {"shared_text", "withdrawn_after_payment"} <= {r.rule for r in ring.reasons}
    assert ring.score < Config().flag_score and not few.flagged_rows().any()
    half = scan(make_file(_wording_ring(6), name="half.csv"), config=Config(report_score=0.0))
    ring = next(c for c in half.clues if c.kind == "ring")
    assert ring.score >= Config().flag_score


def _shared_phone(people: int, each: int, seed: int) -> list[dict]:
    """``people`` people with their own names and ID numbers under one phone and one flat, ``each`` complaints
    apiece, every one at another merchant; half of them demand punitive damages in set phrases."""
    phone, names = valid_mobile(seed), ["何超", "何婷婷", "何桂英", "何四龙", "何小军"]
    demands = ["根据食品安全法要求退一赔十，不足一千元按一千元计算。", "根据消费者权益保护法第五十五条要求退一赔三。"]
    start = datetime(2025, 1, 6, 10)
    rows = []
    for k in range(people * each):
        i = k % people
        punitive = k % 2 == 0
        rows.append(complaint(
            complainant_phone=phone, complainant_id_number=valid_id_number(seed + i), complainant_name=names[i],
            complainant_address="云溪市茶山县茶园路186号翠屏小区14栋4单元601", merchant_name=f"茶山商行{seed}-{k}",
            received_at=(start + timedelta(days=23 * k)).isoformat(),
            text=ORDINARY[k % len(ORDINARY)] + (demands[k // 2 % 2] if punitive else ""),
            product=["食用油", "茶饼", "一日游", "套房", "蜂蜜"][k % 5], purchase_amount="60",
            claim_amount=("1000" if k // 2 % 2 == 0 else "500") if punitive else "60"))
    return rows


def test_a_household_filing_once_each_is_not_a_busy_claimant(make_file):
    """Four people under one phone filing once each at four merchants, two demanding punitive damages: four
    complaints, not one claimant's volume; explained, and not flagged. Counted as one claimant (no household
    limit) the same file is flagged."""
    rows = _shared_phone(4, 1, 820)
    as_one = scan(make_file(rows), config=Config(household_per_person=0))
    assert as_one.flagged_rows().all()
    result = scan(make_file(rows, name="household.csv"))
    assert not result.flagged_rows().any()
    clue = next(c for c in result.clues if c.kind == "complainant")
    household = next(r for r in clue.reasons if r.rule == "household")
    assert household.weight == 0 and household.facts == {"per_person": 1.5}


def test_names_rotated_on_one_phone_with_many_complaints_each_are_still_volume(make_file):
    """Four names under one phone with four complaints apiece are no household: the volume counts."""
    result = scan(make_file(_shared_phone(4, 4, 840)))
    assert result.flagged_rows().all()
    clue = next(c for c in result.clues if c.kind == "complainant")
    assert not any("per_person" in r.facts for r in clue.reasons)


def _flat_of_two(merchants: tuple[str, str], paid: tuple[bool, bool]) -> list[dict]:
    """Two people of one flat, each with an ID number and phone of their own, two complaints each; the first
    complaint of each withdrawn after ``merchants[k]`` paid 800 yuan on a 30-yuan meal where ``paid[k]``."""
    rows = []
    for k in range(2):
        person = {"complainant_name": f"同住{k}", "complainant_id_number": valid_id_number(900 + k),
                  "complainant_phone": valid_mobile(900 + k), "complainant_address": "澜江市江南区龙泉巷167号"}
        rows.append(complaint(**person, merchant_name=merchants[k], purchase_amount="30", claim_amount="200",
                              received_at=f"2024-0{3 + k}-10T10:00:00", text=ORDINARY[k],
                              **({"outcome": "withdrawn", "compensation_amount": "800"} if paid[k] else {})))
        rows.append(complaint(**person, merchant_name=f"另一家店{k}", received_at=f"2024-0{5 + k}-10T10:00:00",
                              text=ORDINARY[k + 2]))
    return rows


def test_two_people_of_one_flat_each_paid_privately_by_different_merchants_are_a_ring(make_file):
    # Each alone has one withdrawal after a private payment: no habit. Two identities run from one flat, each
    # collecting from a different merchant, are one ring, and its payments are the group's.
    result = scan(make_file(_flat_of_two(("江边饭店", "古城小吃店"), (True, True))))
    ring = next(cl for cl in result.clues if cl.kind == "ring")
    assert {"paid_together", "withdrawn_after_payment"} <= {r.rule for r in ring.reasons}
    assert result.flagged_rows().all()
    ties = result.links.member_ties(ring.rows)
    assert {kind for tl in ties.values() for kind, _rows in tl} == {"paid_address"}


def test_one_familys_settlement_with_one_restaurant_or_one_payee_at_a_flat_ties_nobody(make_file):
    # Both ate at the restaurant that settled with them: one merchant's payment. Or only one of them was paid.
    for case, (merchants, paid) in {"one restaurant": (("江边饭店", "江边饭店"), (True, True)),
                                    "one payee": (("江边饭店", "古城小吃店"), (True, False))}.items():
        result = scan(make_file(_flat_of_two(merchants, paid), f"{len(case)}.csv"))
        assert not len(result.links.ties["paid_address"][0]), case
        assert len(set(result.links.ring.tolist())) == 2 and not result.flagged_rows().any(), case


THREATS = ["不想上热搜就赔20000元！", "三天内不给20000元，我会联系湖南经视曝光！", "视频已经剪好了，20000元买个平安！",
           "我认识《绍兴晚报》的人，你们自己掂量！", "给我20000元这事就算了，不然网上见！！",
           "我是自媒体博主，粉丝十几万，不解决就发视频让大家看看！"]
ANGRY = ["不解决就找媒体曝光。", "要求赔偿500元，否则找媒体曝光。", "商家不处理，我已经拍了视频，要求赔偿1000元。",
         "如果商家还不处理，我会向电视台反映。"]


def test_a_price_for_keeping_quiet_or_intimidation_is_a_threat_anger_is_not(make_file):
    from jingqi.claims.engine.reading import read_complaints

    rows = [complaint(text="在超市买的白酒有虫子，" + t) for t in THREATS + ANGRY]
    c = read_complaints(make_file(rows))
    assert c.cols["threat"].tolist() == [1] * len(THREATS) + [0] * len(ANGRY)


def _extortionist(texts: list[str], claims=("20000", "20000", "20000")) -> list[dict]:
    person = {"complainant_name": "杨生", "complainant_id_number": valid_id_number(910),
              "complainant_phone": valid_mobile(910)}
    prices = ("59.90", "61.90", "299")
    goods = ("在超市0买的洗发水是临期货，", "超市1卖的洗发水开封发现是空瓶，", "网购的鱼油软胶囊净含量不足，")
    return [complaint(**person, merchant_name=f"超市{i}", purchase_amount=prices[i], claim_amount=claims[i],
                      product=("洗发水", "沐浴露", "鱼油软胶囊")[i], purchase_date=f"2024-0{i + 3}-10",
                      received_at=f"2024-0{i + 3}-12T10:00:00", text=goods[i] + texts[i]) for i in range(3)]


def test_one_sum_asked_of_three_merchants_with_threats_is_extortion(make_file):
    # 20,000 yuan for shampoo at 59.90, at 61.90 and for fish oil at 299: a sum fixed beforehand (conduct), with a
    # price for keeping quiet (the words of extortion): two families, flagged.
    result = scan(make_file(_extortionist(THREATS[:3])))
    assert result.flagged_rows().all()
    clue = result.clues[0]
    own = next(r for r in clue.reasons if r.rule == "own_sum")
    assert own.facts == {"sums": [20000], "merchants": 3, "complaints": 3}
    assert "threat" in {r.rule for r in clue.reasons}


def test_one_threat_or_one_sum_alone_or_sums_that_follow_the_price_flag_nobody(make_file):
    cases = {"the sum without threats": _extortionist(["要求赔偿。", "希望商家给个说法。", "请监管部门处理。"]),
             "threats with sums that follow the price": _extortionist(THREATS[:3], claims=("2000", "1800", "9000")),
             "angry words and one sum": _extortionist(ANGRY[:3])}
    for case, rows in cases.items():
        result = scan(make_file(rows, f"{len(case)}.csv"), config=Config(report_score=0.0))
        assert not result.flagged_rows().any(), case
    assert "own_sum" not in rules_of(scan(make_file(cases["threats with sums that follow the price"], "x.csv"),
                                          config=Config(report_score=0.0)))


def _three_on_one_phone(seed: int, addresses: tuple[str, str, str]) -> list[dict]:
    """Three people with their own names and ID numbers under one phone, one complaint each; the first two each
    claim the 1,000-yuan floor on a purchase of a few yuan in the set phrases, the third asks a refund."""
    phone, names = valid_mobile(seed), ["杨宇", "杨先生", "黄强"]
    rows = []
    for i in range(3):
        punitive = i < 2
        rows.append(complaint(
            complainant_phone=phone, complainant_id_number=valid_id_number(seed + i), complainant_name=names[i],
            complainant_address=addresses[i], merchant_name=f"副食店{seed}-{i}",
            received_at=f"2025-0{2 + 3 * i}-10T10:00",
            purchase_amount="13" if punitive else "3443", claim_amount="1000" if punitive else "3443",
            text=SCRIPT.format(m=f"副食店{seed}-{i}", n=i) if punitive else ORDINARY[i]))
    return rows


def test_two_members_of_a_household_each_claiming_once_are_not_one_claimant_claiming_twice(make_file):
    """One flat, one phone: each member's own conduct is judged alone. Two members who each claimed the floor once
    are two single claims, which flag nobody; three strangers at three addresses behind one phone are judged
    together, as before."""
    flat = "云溪市汤池县翠屏北路191号龙潭新村5栋"
    result = scan(make_file(_three_on_one_phone(960, (flat, flat, flat))))
    assert not result.flagged_rows().any()
    clue = next(c for c in result.clues if c.kind == "complainant")
    assert "fixed_demand" not in {r.rule for r in clue.reasons if r.weight > 0}
    apart = ("北川市河东区人民大街60栋6单元1504室", "北川市钢城区工人村60栋5单元801室", "北川市钢城区炼铁街25栋")
    assert scan(make_file(_three_on_one_phone(970, apart), name="apart.csv")).flagged_rows()[:2].all()


def test_a_volunteer_stations_members_are_judged_one_by_one(make_file):
    """A volunteer station files for four members under its own phone; two of them each claim the floor once on a
    small purchase, in the set phrases. Each member's claim is that member's: nobody is flagged, and the station's
    volume (four merchants) is its members' added up, no family of evidence."""
    station, rows = valid_mobile(980), []
    for i, name in enumerate(["曹波", "何志强", "周刚", "阿牛木呷"]):
        punitive = i % 2 == 0
        head = f"龙潭县消费维权服务站受{name}委托，代为投诉："
        rows.append(complaint(
            complainant_phone=station, complainant_id_number=valid_id_number(980 + i), complainant_name=name,
            complainant_address=f"云溪市白岩县菌香街{200 + i}号", merchant_name=f"生鲜超市{i}",
            received_at=f"2026-0{1 + 2 * i}-10T10:00", purchase_amount="50" if punitive else "497",
            claim_amount="1000" if punitive else "497",
            text=head + (SCRIPT.format(m=f"生鲜超市{i}", n=i) if punitive else ORDINARY[i])))
    result = scan(make_file(rows))
    assert result.complaints.cols["representative"].all()
    assert not result.flagged_rows().any()
    clue = next(c for c in result.clues if c.kind == "complainant")
    assert "fixed_demand" not in {r.rule for r in clue.reasons if r.weight > 0}
