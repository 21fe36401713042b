"""Each rule on a small crafted file: it fires with its reason and evidence, and stays quiet on genuine cases."""

import pytest

from jingqi.claims.engine.rules import Config
from jingqi.claims.engine.scoring import scan
from jingqi.core.testing.factories import valid_id_number, valid_mobile

from .conftest import complaint

SCRIPT = ("本人在{m}购买的食品已过保质期，根据食品安全法第一百四十八条要求退一赔十，不足一千元按一千元计算，"
          "请依法处理，编号{n}")
INJURY = ("我在{m}买的零食，吃的时候食品里有塑料，把手指割破了，流了很多血，去医院缝了针，有受伤照片和购物小票，"
          "要求赔偿医药费误工费精神损失费共计{n}元")


def reasons(result, kind=None):
    out = {}
    for clue in result.clues:
        if kind and clue.kind != kind:
            continue
        for r in clue.reasons:
            out.setdefault(r.rule, []).append((clue, r))
    return out


def one_person(n, **fields):
    person = {"complainant_name": "职业甲", "complainant_id_number": valid_id_number(900),
                  "complainant_phone": valid_mobile(900)}
    return [complaint(**{**person, **{k: (v(i) if callable(v) else v) for k, v in fields.items()}})
            for i in range(n)]


def test_professional_claimant_is_flagged_with_every_reason(make_file):
    rows = one_person(
        12, merchant_name=lambda i: "商家0" if i < 3 else f"商家{i}", product="纯牛奶",
        purchase_date=lambda i: f"2024-03-{1 + i:02d}", received_at=lambda i: f"2024-03-{2 + i:02d}T09:00:00",
        purchase_amount="15", claim_amount="1000", text=lambda i: SCRIPT.format(m=f"商家{i}", n=i),
        outcome=lambda i: "withdrawn" if i % 2 else "pending",
        compensation_amount=lambda i: "1000" if i % 2 else "",
        channel=lambda i: ["12315平台", "举报", "行政复议", "法院诉讼"][i % 4])
    result = scan(make_file(rows))
    top = result.clues[0]
    assert top.kind == "complainant" and top.score >= 0.9
    rules = {r.rule for r in top.reasons}
    assert {"frequency", "breadth", "repeat_purchase", "punitive_script", "fixed_demand", "withdrawn_after_payment",
            "escalation_route", "same_script"} <= rules
    for r in top.reasons:
        assert r.detail and len(r.rows)
    withdrawn = next(r for r in top.reasons if r.rule == "withdrawn_after_payment")
    assert len(withdrawn.rows) == 6 and withdrawn.facts["paid"] == 6000


def test_genuine_consumer_with_a_few_complaints_is_not_flagged(make_file):
    rows = one_person(3, merchant_name=lambda i: f"商家{i}", received_at=lambda i: f"2024-0{i + 1}-10T10:00:00",
                      text=lambda i: ["买的面包发霉了，孩子吃了肚子疼，希望商家给个说法并退款，谢谢处理。",
                                      "超市的牛奶过期了还在卖，听说可以十倍赔偿，希望监管部门管一管这家店。",
                                      "网购的茶叶受潮发霉，客服一直推脱不处理，要求退货退款，有聊天记录为证。"][i])
    result = scan(make_file(rows))
    assert not result.flagged_rows().any()


def test_one_phone_under_several_names_is_reported(make_file):
    rows = [complaint(complainant_phone=valid_mobile(5), complainant_name=name, complainant_id_number="")
            for name in ("张三", "李四")]
    result = scan(make_file(rows), config=Config(report_score=0.1))
    (clue, reason), = reasons(result)["several_identities"]
    assert reason.facts["names"] == 2
    assert not result.flagged_rows().any()  # a family sharing a phone is not fraud on its own


def test_impersonation_of_a_journalist_is_a_reason(make_file):
    rows = one_person(2, text=lambda i: f"我是记者，你们卖的东西有问题，三天内不赔偿就曝光给媒体，第{i}次通知。")
    result = scan(make_file(rows), config=Config(report_score=0.1))
    assert "impersonation" in reasons(result)


def test_a_threat_to_go_to_the_media_is_how_angry_consumers_talk_not_impersonation(make_file):
    rows = one_person(2, text=lambda i: f"买的茶叶发霉了，商家不理，要求退款。不解决就找媒体曝光，第{i}次反映。")
    result = scan(make_file(rows), config=Config(report_score=0.0))
    assert result.complaints.cols["impersonation"].tolist() == [0, 0]
    assert "impersonation" not in reasons(result)


def test_ring_with_one_script_in_a_burst_is_flagged(make_file):
    rows = [complaint(complainant_id_number=valid_id_number(300 + i), complainant_phone=valid_mobile(300 + i),
                      merchant_name="目标食品有限公司", received_at=f"2024-06-0{1 + i % 2}T1{i}:00:00",
                      text=SCRIPT.format(m="目标食品有限公司", n=i % 2), claim_amount="1000", purchase_amount="9")
            for i in range(6)]
    rows += [complaint() for _ in range(4)]  # unrelated background
    result = scan(make_file(rows))
    ring = next(c for c in result.clues if c.kind == "ring")
    assert ring.score >= 0.5 and len(ring.rows) == 6 and len(ring.subjects) == 6
    assert {"shared_text", "burst", "punitive_script"} <= {r.rule for r in ring.reasons}
    assert result.flagged_rows().sum() == 6


def test_shared_payment_account_links_different_people(make_file):
    rows = [complaint(text=f"商品有问题，要求赔偿，赔偿款请转支付宝账号：payme{i // 9}@example.com，尽快处理第{i}号")
            for i in range(2)]
    result = scan(make_file(rows), config=Config(report_score=0.1))
    ring = next(c for c in result.clues if c.kind == "ring")
    assert "shared_account" in {r.rule for r in ring.reasons}


def test_reused_picture_across_merchants_with_a_second_family_flags_one_person(make_file, tmp_path):
    from jingqi.claims.engine.generator import _image

    folder = tmp_path / "evidence"
    folder.mkdir()
    base = _image(3, size=(200, 150))
    base.save(folder / "a.jpg", "JPEG", quality=90)
    base.resize((150, 112)).save(folder / "b.jpg", "JPEG", quality=50)
    # One picture match alone is one coincidence (a photo re-sent under the shop's signboard name): capped.
    rows = one_person(2, merchant_name=lambda i: f"食品厂{i}", evidence_files=lambda i: "ab"[i] + ".jpg")
    result = scan(make_file(rows), evidence_dir=folder)
    top = result.clues[0]
    assert top.score < 0.5 and not result.flagged_rows().any()
    assert top.reasons[-1].rule == "one_family" and top.reasons[-1].facts["families"] == ["evidence"]
    # With the fixed 1,000-yuan demand on a few yuan (another family) it flags.
    rows = one_person(2, merchant_name=lambda i: f"食品厂{i}", evidence_files=lambda i: "ab"[i] + ".jpg",
                      purchase_amount="8", claim_amount="1000")
    result = scan(make_file(rows), evidence_dir=folder)
    top = result.clues[0]
    assert top.score >= 0.5
    reason = next(r for r in top.reasons if r.rule == "reused_evidence")
    assert reason.facts["merchants"] == 2 and reason.facts["files"] == ["a.jpg", "b.jpg"]


def test_one_persons_slips_of_one_template_are_not_reused_evidence_a_recoloured_copy_is(make_file, tmp_path):
    """Two payment slips of one app, different only in their fine print (one frequent buyer's two purchases),
    are not one picture sent twice; the same slip sent again recoloured is, though it ties no one else."""
    from PIL import Image

    from .test_images import _slip

    folder = tmp_path / "evidence"
    folder.mkdir()
    first = _slip("-128.50", "2025-03-01 14:05", "LIU**")
    first.save(folder / "a.png")
    _slip("-96.00", "2025-04-17 09:41", "LIU**").save(folder / "b.png")
    Image.eval(first, lambda v: max(0, v - 40)).save(folder / "c.png")

    def flagged_by_pictures(files):
        rows = one_person(2, merchant_name=lambda i: f"食品厂{i}", evidence_files=lambda i: files[i],
                          purchase_amount="8", claim_amount="1000")
        result = scan(make_file(rows), evidence_dir=folder)
        return "reused_evidence" in {r.rule for clue in result.clues for r in clue.reasons if r.weight}

    assert not flagged_by_pictures(["a.png", "b.png"])
    assert flagged_by_pictures(["a.png", "c.png"])


def test_a_busy_buyers_lookalike_pictures_at_two_merchants_are_not_confirmed_by_volume(make_file, tmp_path):
    """A frequent buyer photographs every fault: two of the pictures, for two shops, are alike but no copy of one
    (recoloured here). Volume does not confirm them (capped, not flagged, the reason says why); a copy of one
    picture at two shops (mirrored here) is reuse, and volume then makes the second family."""
    import dataclasses

    from PIL import Image

    from jingqi.claims.engine.generator import _image
    from jingqi.claims.engine.report import reason_zh

    folder = tmp_path / "evidence"
    folder.mkdir()
    base = _image(3, size=(200, 150))
    base.save(folder / "a.jpg", "JPEG", quality=90)
    Image.eval(base, lambda v: max(0, v - 40)).save(folder / "alike.jpg", "JPEG", quality=90)
    base.transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(folder / "copy.jpg", "JPEG", quality=90)

    def scanned(second):
        files = {0: "a.jpg", 1: second}
        rows = one_person(6, merchant_name=lambda i: f"食品厂{i}", evidence_files=lambda i: files.get(i, ""),
                          received_at=lambda i: f"2024-0{1 + i}-10T10:00:00")
        return scan(make_file(rows), evidence_dir=folder)

    result = scanned("alike.jpg")
    top = result.clues[0]
    assert not result.flagged_rows().any() and top.score == pytest.approx(0.45)
    rules = {r.rule: r.weight for r in top.reasons}
    assert rules["reused_evidence"] > 0 and rules["lookalike_pictures"] < 0 and "one_family" not in rules
    cap = next(r for r in top.reasons if r.rule == "lookalike_pictures")
    assert reason_zh(dataclasses.asdict(cap))[1].startswith("针对不足 3 个商家的图片只是相似")
    result = scanned("copy.jpg")
    assert result.flagged_rows().all()
    assert "lookalike_pictures" not in {r.rule for r in result.clues[0].reasons}


def test_genuine_bad_batch_is_not_treated_as_fraud(make_file):
    """Forty unrelated people complain about one bad batch within two days: a product problem, no clue."""
    import numpy as np

    rng = np.random.default_rng(5)
    pieces = ["喝了以后肚子疼", "打开发现结块", "味道发酸", "包装鼓起来了", "孩子喝完吐了", "颜色发黄", "有很重的异味",
              "生产日期看不清", "第二天才发现", "去医院花了不少钱", "希望退款", "要求赔偿", "请监管部门查一查",
              "听说可以十倍赔偿", "商家态度还可以"]
    rows = []
    for i in range(40):
        text = "，".join(rng.choice(pieces, 5, replace=False)) + f"，我买的是批号2024A的纯牛奶，共{i % 5 + 1}盒"
        rows.append(complaint(merchant_name="乳业公司", product="纯牛奶",
                              received_at=f"2024-07-0{1 + i % 2}T10:{i:02d}:00",
                              text=text, outcome="compensated", compensation_amount="50"))
    # Two of them are a couple sharing a phone and an address.
    rows[1]["complainant_phone"] = rows[0]["complainant_phone"]
    rows[1]["complainant_address"] = rows[0]["complainant_address"]
    result = scan(make_file(rows))
    assert not result.flagged_rows().any()


def test_config_loads_from_toml_and_refuses_unknown_keys(tmp_path):
    import pytest

    from jingqi.core.errors import ActionError

    (tmp_path / "c.toml").write_text("flag_score = 0.6\nburst_min = 5\n", encoding="utf-8")
    cfg = Config.load(tmp_path / "c.toml")
    assert cfg.flag_score == 0.6 and cfg.burst_min == 5 and isinstance(cfg.burst_min, int)
    (tmp_path / "bad.json").write_text('{"nope": 1}', encoding="utf-8")
    with pytest.raises(ActionError, match="nope"):
        Config.load(tmp_path / "bad.json")


def test_score_steps_rebuild_every_score_from_its_reasons(make_file, tmp_path):
    """The clue page says how the score is made (1 − Π(1 − w), then the reductions): true for every clue."""
    from jingqi.claims.engine import report
    from jingqi.claims.engine.generator import generate
    from jingqi.claims.engine.scoring import score_steps

    generate(3000, 11, tmp_path / "gen.csv")
    # And one busy but well-behaved complainant: ten shops, ten products, months apart — volume only, capped.
    busy = {"complainant_name": "忙碌", "complainant_id_number": valid_id_number(91),
            "complainant_phone": valid_mobile(91)}
    rows = [complaint(**busy, merchant_name=f"商店{i}", product=f"商品{i}", received_at=f"2024-{i + 1:02d}-03T10:00:00",
                      purchase_date=f"2024-{i + 1:02d}-01") for i in range(10)]
    results = [scan(tmp_path / "gen.csv"), scan(make_file(rows))]
    capped = 0
    for result in results:
        for clue in result.clues:
            steps = score_steps(report.clue_dict(result, clue, False)["reasons"])
            assert abs(steps[-1]["score_after"] - clue.score) < 1e-3, clue.reasons
            assert abs(sum(s["adds"] for s in steps) - clue.score) < 1e-3
            capped += steps[-1]["rule"] == "volume_only"
    assert capped  # the cap was exercised too


def test_score_steps_apply_the_bad_batch_factor_after_the_evidence():
    from jingqi.claims.engine.scoring import score_steps

    steps = score_steps([{"rule": "bad_batch_context", "weight": -0.6, "facts": {"factor": 0.4}},
                         {"rule": "shared_text", "weight": 0.3}, {"rule": "burst", "weight": 0.4}])
    assert [s["rule"] for s in steps] == ["burst", "shared_text", "bad_batch_context"]
    assert [round(s["adds"], 4) for s in steps] == [0.4, 0.18, -0.348]  # 0.58 × 0.4 = 0.232


def test_punitive_claimants_at_one_flat_are_flagged_as_a_ring_a_household_is_not(make_file):
    """Two identities at one flat, each sending tenfold demands to three shops: the wording and the shared
    identity agree (two families). A couple at one flat with ordinary complaints (the price back) is no clue at
    all; asking the 1,000-yuan floor on each cheap purchase, the couple are claimants of sums together."""
    def person(k, address, text, claim="1000"):
        who = {"complainant_name": f"同址{k}", "complainant_id_number": valid_id_number(800 + k),
               "complainant_phone": valid_mobile(800 + k), "complainant_address": address}
        return [complaint(**who, merchant_name=f"商家{k}{i}", purchase_amount="15", claim_amount=claim,
                          received_at=f"2024-0{k}-{10 + i}T10:00:00", text=text(k, i)) for i in range(3)]

    claims = person(1, "凌港市钢城区汽配大道193号1单元204", lambda k, i: SCRIPT.format(m=f"商家{k}{i}", n=i)) + person(
        2, "汽配大道193-1-204", lambda k, i: SCRIPT.format(m=f"商家{k}{i}", n=i))
    result = scan(make_file(claims))
    ring = next(cl for cl in result.clues if cl.kind == "ring")
    assert ring.score >= result.config.flag_score and len(ring.rows) == 6
    together = next(r for r in ring.reasons if r.rule == "claimants_together")
    assert together.facts["complainants"] == 2 and len(together.rows) == 6

    ordinary = ["买的面包发霉了，孩子吃了肚子疼，希望商家给个说法并退款，谢谢处理。",
                "网购的茶叶受潮发霉，客服一直推脱不处理，要求退货退款，有聊天记录为证。",
                "超市的酸奶胀袋了，要求退款，请监管部门督促商家下架。"]
    household = (person(3, "海昌路5号2单元301", lambda k, i: ordinary[i], claim="15")
                 + person(4, "海昌路5-2-301", lambda k, i: ordinary[i], claim="15"))
    assert not scan(make_file(household)).flagged_rows().any()
    # The same two asking 1,000 yuan on every 15-yuan purchase, in words of their own: claimants of sums at one
    # flat (identity) beside the floor demanded again and again (conduct).
    claiming = (person(3, "海昌路5号2单元301", lambda k, i: ordinary[i])
                + person(4, "海昌路5-2-301", lambda k, i: ordinary[i]))
    ring = next(cl for cl in scan(make_file(claiming, "claiming.csv")).clues if cl.kind == "ring")
    assert {"claimants_together", "fixed_demand"} <= {r.rule for r in ring.reasons if r.weight > 0}
    assert ring.score >= 0.5


def test_punitive_claimants_under_one_phone_are_flagged_though_they_share_it(make_file):
    """Four people by their own names and ID numbers under one phone, a complaint or two each: a household, so their
    number of complaints and merchants is no evidence. When two of them each ask tenfold in most of their complaints,
    they are claimants under one line (identity) beside the set phrases (wording), as they would be at one flat;
    when only one does, the set phrases are all there is."""
    phone = valid_mobile(860)
    ordinary = "买的面包发霉了，孩子吃了肚子疼，希望商家给个说法并退款，谢谢处理。"
    # Each in words of their own: one script sent by all would be copied wording besides.
    scripts = (SCRIPT,
               "我于近日在{m}选购的罐头已经胀罐变质，依据食品安全法第148条，我要求商家退一赔十，请市场监管局立案查处，单号{n}",
               "在{m}买的奶粉过期了，按食品安全法一百四十八条应当十倍赔偿，望贵局督促商家处理，编号{n}",
               "{m}卖的腊肉已经变质发臭，我要求依照食品安全法第一百四十八条赔偿价款十倍，谢谢，编号{n}")

    def person(k, claims, n):
        who = {"complainant_name": ("张丽华", "李建国", "王秀英", "赵志强")[k - 1],
               "complainant_id_number": valid_id_number(860 + k), "complainant_phone": phone}
        price = [150 + 83 * i + 7 * k for i in range(n)]
        return [complaint(**who, merchant_name=f"商家{k}{i}", product=f"食品{k}{i}", purchase_amount=str(price[i]),
                          claim_amount=str(10 * price[i] if claims else price[i]),
                          received_at=f"2024-0{k}-{10 + 9 * i}T10:00:00",
                          text=scripts[k - 1].format(m=f"商家{k}{i}", n=i) if claims else ordinary)
                for i in range(n)]

    def family(first, second, config=None):
        rows = person(1, first, 2) + person(2, second, 2) + person(3, True, 1) + person(4, True, 1)
        return scan(make_file(rows, f"{first}{second}{config is None}.csv"), config=config)

    both = family(True, True)
    clue = next(cl for cl in both.clues if cl.kind == "complainant")
    line = next(r for r in clue.reasons if r.rule == "claimants_one_line")
    assert line.facts == {"complainants": 2, "complaints": 4} and len(line.rows) == 4
    assert clue.score >= both.config.flag_score and both.flagged_rows().all()
    # Without the rule, the set phrases are all there is: one family in a household, capped.
    assert not family(True, True, Config(w_claimants_together=0.0)).flagged_rows().any()
    one = family(True, False)
    assert not one.flagged_rows().any()
    assert "claimants_one_line" not in {r.rule for cl in one.clues for r in cl.reasons}


def test_a_script_that_members_use_again_and_again_is_conduct_one_quote_each_is_not(make_file):
    """Five strangers share one wording: when two of them use it against several shops each, the script is
    worked (a second family beside the wording); when each quotes it once, it is one coincidence, capped."""
    script = ("我在{m}买的进口红酒没有中文标签，实为国内灌装，构成欺诈，要求返还货款并三倍赔偿，同时要求商家书面道歉，"
              "请贵局依法处理，谢谢，编号{n}")

    def ring(worked):
        rows = []
        for k in range(5):
            who = {"complainant_id_number": valid_id_number(830 + k), "complainant_phone": valid_mobile(830 + k)}
            for i in range(2 if worked and k < 2 else 1):
                rows.append(complaint(**who, merchant_name=f"酒行{k}{i}", product=f"红酒{i}", purchase_amount="300",
                                      claim_amount="900",
                                      received_at=f"2024-0{1 + k}-1{i}T10:00:00",
                                      text=script.format(m=f"酒行{k}{i}", n=f"{k}{i}")))
        return scan(make_file(rows))

    worked = next(cl for cl in ring(True).clues if cl.kind == "ring")
    reused = next(r for r in worked.reasons if r.rule == "script_reused")
    assert worked.score >= 0.5 and reused.facts == {"complainants": 2, "complaints": 4}
    quoted = next(cl for cl in ring(False).clues if cl.kind == "ring")
    assert quoted.score < 0.5 and "script_reused" not in {r.rule for r in quoted.reasons}


def test_withdrawals_a_remark_calls_private_settlements_are_paid_withdrawals_refunds_are_not(make_file):
    """No amount recorded, but the remark says the parties settled between themselves: a private payment.
    The same withdrawals after a refund of the price are honest ends."""
    def person(remark):
        return one_person(4, merchant_name=lambda i: f"商家{i}", received_at=lambda i: f"2024-0{i + 1}-10T10:00:00",
                          outcome="撤诉", remark=remark, text=lambda i: f"买的东西有质量问题，要求赔偿，第{i}次")

    settled = scan(make_file(person("双方私下协商解决")))
    paid = reasons(settled)["withdrawn_after_payment"][0][1]
    assert paid.facts["complaints"] == 4 and paid.facts["paid"] == 0
    refunded = scan(make_file(person("商家已退款，消费者撤回")))
    assert "withdrawn_after_payment" not in reasons(refunded)
    # A handler's advice, or an outcome label alone, says no settlement happened.
    advised = scan(make_file(person("已告知双方可自行协商解决，消费者撤回")))
    assert "withdrawn_after_payment" not in reasons(advised)
    rows = person("")
    for row in rows:
        row["outcome"] = "双方协商后撤回"
    assert "withdrawn_after_payment" not in reasons(scan(make_file(rows)))


def test_one_grievance_sent_again_under_the_shops_other_name_is_no_worked_script(make_file):
    """A hotline's formula for a repeat caller ("……有质量问题，商家不处理，再次来电要求处理") shared by many
    callers, each sending one grievance again about the same product under the shop's signboard name."""
    formula = "来电人反映：其在{m}购买的{p}有质量问题，商家不处理，再次来电要求处理，请相关部门核实处理，编号{n}"
    rows = []
    for k in range(5):
        who = {"complainant_id_number": valid_id_number(860 + k), "complainant_phone": valid_mobile(860 + k)}
        for i, shop in enumerate((f"云溪{k}号山珍有限公司", f"老{k}家山珍")):
            rows.append(complaint(**who, merchant_name=shop, product=f"干货{k}",
                                  received_at=f"2024-0{1 + k}-1{i}T10:00",
                                  text=formula.format(m=shop, p=f"干货{k}", n=f"{k}{i}")))
    result = scan(make_file(rows))
    assert "script_reused" not in reasons(result) and not result.flagged_rows().any()
    for row in rows:  # a hotline's export often names no product: still no second product
        row["product"] = ""
    result = scan(make_file(rows))
    assert "script_reused" not in reasons(result) and not result.flagged_rows().any()
