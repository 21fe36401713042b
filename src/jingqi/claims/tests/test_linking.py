import numpy as np

from jingqi.claims.engine import linking, rules, texts
from jingqi.claims.engine.reading import read_complaints
from jingqi.claims.engine.rules import Config, punitive_rows
from jingqi.core.testing.factories import valid_id_number, valid_mobile

from .conftest import asking_one_sum, complaint


def links_of(path, **kw):
    c = read_complaints(path)
    punitive = None if kw.get("plain") else punitive_rows(c, Config())
    return c, linking.link(c, hub_names=kw.get("hub_names", 30),
                           text_cluster=texts.near_duplicate_clusters(c.text_sig), punitive=punitive)


def test_shared_phone_or_id_number_makes_one_subject_through_a_chain(make_file):
    a = complaint(complainant_phone=valid_mobile(1), complainant_id_number=valid_id_number(1))
    b = complaint(complainant_phone=valid_mobile(1), complainant_id_number=valid_id_number(2))
    c_ = complaint(complainant_phone=valid_mobile(3), complainant_id_number=valid_id_number(2))
    d = complaint()
    c, links = links_of(make_file([a, b, c_, d]))
    assert links.subject[0] == links.subject[1] == links.subject[2] != links.subject[3]


def test_a_masked_phone_is_the_whole_number_given_at_the_same_building(make_file):
    # The hotline wrote the caller's whole number; the live-stream platform exported the same buyer's phone as
    # 138****1234 and her flat cut short. The seven digits and the street number agree: one person.
    flat = "云溪市龙潭县映山红路35号龙潭新村11栋3单元1202"
    whole = complaint(complainant_phone="13800001234", complainant_address=flat)
    masked = complaint(complainant_phone="138****1234", complainant_name="火塘丫丫",
                       complainant_id_number="", complainant_address="云溪市龙潭县映山红路35号龙潭****")
    # The same seven digits at another street, or with the street number cut off, are nobody in particular.
    elsewhere = complaint(complainant_phone="138****1234", complainant_id_number="",
                          complainant_address="云溪市龙潭县茶园路8号2栋101")
    cut = complaint(complainant_phone="138****1234", complainant_id_number="",
                    complainant_address="云溪市龙潭县映山红路3****")
    # Masked right after its number, the unit word (号) says the number is whole.
    closed = complaint(complainant_phone="138****1234", complainant_name="山茶花开", complainant_id_number="",
                       complainant_address="云溪市龙潭县映山红路35号****")
    c, links = links_of(make_file([whole, masked, elsewhere, cut, complaint(), closed]))
    assert links.subject[0] == links.subject[1] == links.subject[5]
    assert len({int(links.subject[i]) for i in (0, 2, 3, 4)}) == 4
    # Not the whole number: each a masked line of its own, under its own name.
    assert len({int(c.cols["phone"][i]) for i in (0, 2, 3)}) == 3


def test_a_masked_phone_is_the_whole_number_given_under_the_same_name(make_file):
    """A platform user (用户6990143) whose whole number the platform once exported and masked it otherwise, at a
    masked address: the same name and the seven digits agree, one person. Another name with those digits, or a
    caller known only as 王女士, is nobody in particular."""
    whole = complaint(complainant_phone="19916196254", complainant_name="用户6990143",
                      complainant_address="云溪市溪口区学府路35号温泉雅居10栋1单元1004")
    masked = complaint(complainant_phone="199****6254", complainant_name="用户6990143", complainant_id_number="",
                       complainant_address="茶山县学府佳****")
    other = complaint(complainant_phone="199****6254", complainant_name="用户2622944", complainant_id_number="",
                      complainant_address="茶山县学府佳****")
    madam = complaint(complainant_phone="199****6254", complainant_name="王女士", complainant_id_number="")
    c, links = links_of(make_file([whole, masked, other, madam, complaint()]))
    assert links.subject[0] == links.subject[1]
    assert len({int(links.subject[i]) for i in (0, 2, 3, 4)}) == 4
    assert c.cols["phone"][2] not in (-1, c.cols["phone"][0]) and c.cols["phone"][3] == -1


def test_a_masked_phone_no_whole_number_fits_is_one_line_under_one_name(make_file):
    """A platform account's records (用户8874884, 133****3908, its address masked) are one person though no record
    gives the whole number; another name with the same seven digits is someone else, and a caller known only as
    王女士 is nobody in particular. The line is shown as masked as it came."""
    account = {"complainant_phone": "133****3908", "complainant_name": "用户8874884", "complainant_id_number": "",
               "complainant_address": "上海市浦东新区****"}
    rows = [complaint(**account), complaint(**account),
            complaint(**{**account, "complainant_name": "用户1200450"}),
            complaint(**{**account, "complainant_name": "王女士"}), complaint()]
    c, links = links_of(make_file(rows))
    assert links.subject[0] == links.subject[1]
    assert len({int(links.subject[i]) for i in (0, 2, 3, 4)}) == 4
    assert c.cols["phone"][3] == -1
    assert c.value("phone", int(c.cols["phone"][0])) == "133****3908"


def test_a_mobile_with_an_extension_is_the_callers_own_only_where_the_file_gives_it_whole(make_file):
    """A delivery platform's record gives 15649125090_8820: the number is the complainant's own where another record
    gives it whole as someone's phone (whatever name is beside it); otherwise it is a relay of the platform's,
    and the strangers whose orders it relayed are not one person."""
    own = complaint(complainant_phone="15649125090", complainant_name="龙悦彤")
    relayed = complaint(complainant_phone="15649125090_8820", complainant_name="阎浩", complainant_id_number="")
    spelled = [complaint(complainant_phone=p, complainant_name="阎浩", complainant_id_number="")
               for p in ("156 4912 5090转8821", "15649125090EXT8822", "15649125090-8823")]
    relay_a = complaint(complainant_phone="17000001111_0001", complainant_id_number="")
    relay_b = complaint(complainant_phone="17000001111x0002", complainant_id_number="")
    c, links = links_of(make_file([own, relayed, *spelled, relay_a, relay_b]))
    assert len({int(s) for s in links.subject[:5]}) == 1
    assert links.subject[5] != links.subject[6]
    assert c.cols["phone"][5] == c.cols["phone"][6] == -1
    assert c.oddities["extension_phones"] == 6 and c.unreadable_phones == 0


def test_an_address_masked_before_its_number_is_no_address(make_file):
    """重庆市渝中区**** is all a platform shows of every buyer in that district: no address to compare. Masked
    after its number, an address keeps what it says."""
    rows = [complaint(complainant_address="重庆市渝中区****"), complaint(complainant_address="重庆市渝中区****"),
            complaint(complainant_address="云溪市龙潭县映山红路35号龙潭****"),
            complaint(complainant_address="云溪市龙潭县映山红路35号龙潭****")]
    c = read_complaints(make_file(rows))
    assert (c.cols["address"][:2] == -1).all()
    assert c.cols["address"][2] == c.cols["address"][3] >= 0


def test_a_masked_phone_two_whole_numbers_fit_at_one_building_is_nobodys(make_file):
    flat = "浙江省绍兴市人民路1号{}室"
    rows = [complaint(complainant_phone="13800001234", complainant_address=flat.format(101)),
            complaint(complainant_phone="13899991234", complainant_address=flat.format(202)),
            complaint(complainant_phone="138****1234", complainant_id_number="",
                      complainant_address="浙江省绍兴市人民路1号****")]
    c, links = links_of(make_file(rows))
    assert len(set(links.subject.tolist())) == 3


def test_shared_address_is_weak_and_makes_neither_a_subject_nor_a_ring(make_file):
    rows = [complaint(complainant_address="浙江省绍兴市 人民路1号"),
            complaint(complainant_address="浙江省绍兴市人民路1号")]
    c, links = links_of(make_file(rows))
    assert links.subject[0] != links.subject[1]
    assert links.ring[0] != links.ring[1]


def test_shared_account_is_a_strong_tie_and_each_member_lists_it(make_file):
    text = "商品有问题，要求赔偿，赔偿款请转支付宝账号：ring7@example.com，第{i}号投诉，其他内容{j}"
    rows = [complaint(text=text.format(i=i, j=i * 7)) for i in range(2)] + [complaint()]
    c, links = links_of(make_file(rows))
    assert links.ring[0] == links.ring[1] != links.ring[2]
    ties = links.member_ties([0, 1])
    assert {kind for tl in ties.values() for kind, _rows in tl} == {"account"}
    assert all(sorted(rows.tolist()) == [0, 1] for tl in ties.values() for _k, rows in tl)


def test_a_text_cluster_of_two_strangers_does_not_make_a_ring_three_do(make_file):
    text = ("本人在目标食品有限公司购买的食品已过保质期，根据食品安全法第一百四十八条要求退一赔十，"
            "不足一千元按一千元计算，请依法处理，编号{n}")
    two = [complaint(text=text.format(n=i)) for i in range(2)]
    c, links = links_of(make_file(two))
    assert links.ring[0] != links.ring[1]
    three = [complaint(text=text.format(n=i)) for i in range(3)]
    c, links = links_of(make_file(three))
    assert len(set(links.ring.tolist())) == 1
    assert set(links.member_ties([0, 1, 2])) == set(links.subject.tolist())


def test_a_hub_identifier_links_nobody(make_file):
    dorm = [complaint(complainant_address="工业园员工宿舍") for _ in range(12)]
    c, links = links_of(make_file(dorm), hub_names=10)
    assert len(set(links.ring.tolist())) == 12
    assert links.hubs["address"] == 1


def _rings(subject, **ties):
    import numpy as np

    return linking.rings(np.asarray(subject), {k: (np.asarray(r), np.asarray(v)) for k, (r, v) in ties.items()})


def test_a_ring_is_its_core_and_the_members_on_a_value_the_core_holds():
    # Rows 0-2 are three subjects bound twice over (wording 0 and picture 0); row 3 carries only wording 0,
    # which the core holds: it is a member.
    ring = _rings([0, 1, 2, 3], text=([0, 1, 2, 3], [0, 0, 0, 0]), evidence=([0, 1, 2], [0, 0, 0]))
    assert len(set(ring.tolist())) == 1


def test_a_sentence_one_core_member_shares_with_strangers_does_not_draw_them_in():
    # Subjects 0-2 are a core (wording 0 and picture 0). Subject 2 also wrote a common sentence (wording 1)
    # that strangers 3, 4 and 5 wrote too: they are not the ring's members, and are judged as a group of
    # their own (joined by the wording they share).
    ring = _rings([0, 1, 2, 3, 4, 5], text=([0, 1, 2, 2, 3, 4, 5], [0, 0, 0, 1, 1, 1, 1]),
                  evidence=([0, 1, 2], [0, 0, 0]))
    assert ring[0] == ring[1] == ring[2]
    assert ring[3] == ring[4] == ring[5] != ring[0]


def _core_and_strangers(strangers: int, claims=None):
    # Subjects 0-2 are a core, each carrying the coordinator's account (rows 0-2) and an ordinary sentence
    # (wording 0, rows 3-5); subjects 3.. wrote the same sentence (one row each).
    subject = [0, 1, 2, 0, 1, 2] + list(range(3, 3 + strangers))
    text_rows = [3, 4, 5] + list(range(6, 6 + strangers))
    claims = np.zeros(len(subject), dtype=bool) if claims is None else np.asarray(claims)
    return linking.rings(np.asarray(subject), {"account": (np.array([0, 1, 2]), np.zeros(3, dtype=np.int64)),
                                               "text": (np.array(text_rows), np.zeros(len(text_rows), dtype=np.int64))},
                         claims)


def test_an_ordinary_sentence_a_core_shares_with_many_strangers_draws_none_of_them_in():
    # The core is 3 of the sentence's 23 writers (13 %): a sentence of ordinary complaint language, not the
    # ring's. The strangers are not members, nor a group of their own.
    ring = _core_and_strangers(20)
    assert len(set(ring[:6].tolist())) == 1
    assert not set(ring[6:].tolist()) & {ring[0]}
    assert len(set(ring[6:].tolist())) == 20


def test_a_wording_the_core_holds_a_fifth_of_or_a_claim_script_draws_its_writers_in():
    # 3 of 12 writers (25 %): the core's own wording.
    ring = _core_and_strangers(9)
    assert len(set(ring.tolist())) == 1
    # 3 of 23, but the sentence is a punitive-damages script in most complaints: passed round the ring.
    claims = np.zeros(26, dtype=bool)
    claims[3:20] = True
    ring = _core_and_strangers(20, claims)
    assert len(set(ring.tolist())) == 1
    # Without being told which complaints demand punitive damages, the rings are as they always were.
    ring = linking.rings(np.asarray([0, 1, 2, 0, 1, 2] + list(range(3, 23))),
                         {"account": (np.array([0, 1, 2]), np.zeros(3, dtype=np.int64)),
                          "text": (np.arange(3, 26), np.zeros(23, dtype=np.int64))})
    assert len(set(ring.tolist())) == 1


def test_a_claim_script_in_a_refund_request_draws_nobody_in():
    """The ring's script of a defect is also how an ordinary buyer describes it: a stranger whose complaint in
    the script's words asks only the price back is not drawn in; one who claims with it is."""
    subject = np.asarray([0, 1, 2, 0, 1, 2] + list(range(3, 23)))
    ties = {"account": (np.array([0, 1, 2]), np.zeros(3, dtype=np.int64)),
            "text": (np.arange(3, 26), np.zeros(23, dtype=np.int64))}
    claims = np.zeros(26, dtype=bool)
    claims[3:20] = True  # the wording is a punitive-damages script
    asking = claims.copy()
    asking[20] = True  # row 20 (subject 17) asks tenfold in its own words; rows 21-25 ask a refund
    ring = linking.rings(subject, ties, claims, asking=asking)
    assert ring[20] == ring[0] and ring[3] == ring[0]
    assert not {ring[0]} & set(ring[21:].tolist())
    # Without ``asking`` (as before) every writer of the script is drawn in.
    assert len(set(linking.rings(subject, ties, claims).tolist())) == 1


def test_the_cores_own_wording_in_a_refund_request_draws_nobody_in():
    """Not a claim script (nobody demands punitive damages in set phrases), but the core's own wording (3 of 12
    writers): a hotline's record of another buyer's refund in the same words is not drawn in; a writer who asks
    a sum of their own with it is."""
    subject = np.asarray([0, 1, 2, 0, 1, 2] + list(range(3, 12)))
    ties = {"account": (np.array([0, 1, 2]), np.zeros(3, dtype=np.int64)),
            "text": (np.arange(3, 15), np.zeros(12, dtype=np.int64))}
    claims = np.zeros(15, dtype=bool)
    asking = np.zeros(15, dtype=bool)
    asking[[3, 4, 5, 6]] = True  # the core's three complaints in the wording, and row 6 (subject 3)
    ring = linking.rings(subject, ties, claims, asking=asking)
    assert ring[6] == ring[0] == ring[3]
    assert not {ring[0]} & set(ring[7:].tolist())
    # Without ``asking`` (as before) every writer of the core's wording is drawn in.
    assert len(set(linking.rings(subject, ties, claims).tolist())) == 1


def test_a_frequent_buyers_one_complaint_in_a_rings_words_ties_him_to_nothing():
    """Subjects 0-2 share an account and a wording; subject 3 wrote that wording in one of his 10 complaints
    (rows 6-15) and subject 4 in both of hers (rows 16-17). She is drawn in; he is not, unless the rule is off.
    An account ties whatever share of the complaints carry it."""
    subject = np.asarray([0, 1, 2, 0, 1, 2] + [3] * 10 + [4, 4])
    ties = {"account": (np.array([0, 1, 2]), np.zeros(3, dtype=np.int64)),
            "text": (np.array([3, 4, 5, 6, 16, 17]), np.zeros(6, dtype=np.int64))}
    ring = linking.rings(subject, ties, incidental=(6, 0.2))
    assert ring[16] == ring[0] != ring[6]
    assert linking.rings(subject, ties)[6] == ring[0]
    ties["account"] = (np.array([0, 1, 2, 7]), np.zeros(4, dtype=np.int64))
    assert linking.rings(subject, ties, incidental=(6, 0.2))[6] == ring[0]


def test_a_stranger_on_one_core_members_photo_stands_alone():
    ring = _rings([0, 1, 2, 3], text=([0, 1, 2], [0, 0, 0]), evidence=([0, 1, 2, 3], [0, 0, 1, 1]))
    assert ring[0] == ring[1] == ring[2]
    assert len({ring[3], ring[0]}) == 2


def test_an_account_or_a_contact_phone_joins_whoever_carries_it():
    # Subject 3 shares only the coordinator's account with one core member: money to one place is not a
    # coincidence, so it is a member.
    for kind in ("account", "contact"):
        ring = _rings([0, 1, 2, 3], text=([0, 1, 2], [0, 0, 0]), evidence=([0, 1, 2], [0, 0, 0]),
                      **{kind: ([2, 3], [0, 0])})
        assert len(set(ring.tolist())) == 1, kind


def test_a_ring_without_a_core_is_judged_whole():
    # A template passed round single complainants: nobody is bound twice, the ring stays as it is.
    ring = _rings([0, 1, 2, 3, 4], text=([0, 1, 2, 3], [0, 0, 0, 0]))
    assert ring[0] == ring[1] == ring[2] == ring[3] != ring[4]


def test_rows_of_one_subject_stay_in_one_ring():
    ring = _rings([0, 0, 1, 2, 2], text=([1, 3], [0, 0]))
    # subjects 0 (rows 0, 1) and 2 (rows 3, 4) share a wording with only two subjects: no core, judged whole
    assert ring[0] == ring[1] == ring[3] == ring[4] != ring[2]


PUNITIVE = "本人在{m}购买的食品已过保质期，根据食品安全法第一百四十八条要求退一赔十，共计1000元，编号{n}"


def _person(k, n, address, punitive=True):
    who = {"complainant_name": f"同址{k}", "complainant_id_number": valid_id_number(700 + k),
           "complainant_phone": valid_mobile(700 + k), "complainant_address": address}
    return [complaint(**who, merchant_name=f"商家{k}{i}", purchase_amount="15", claim_amount="1000",
                      text=PUNITIVE.format(m=f"商家{k}{i}", n=f"{k}{i}")) if punitive else complaint(**who)
            for i in range(n)]


def test_punitive_claimants_at_one_address_are_tied_however_the_address_is_written(make_file):
    """Two identities run from one flat, each demanding tenfold from several shops, are one ring, and a third
    identity that sent one such demand from the flat is theirs; an ordinary neighbour at the same flat is not drawn
    in, nor two people elsewhere who each sent one."""
    rows = (_person(1, 2, "凌港市钢城区汽配大道193号1单元204") + _person(2, 2, "汽配大道193-1-204")
            + _person(3, 1, "钢城区汽配大道１９３号１单元２０４室") + _person(4, 2, "汽配大道193-1-204", punitive=False)
            + _person(5, 1, "海昌路5号") + _person(6, 1, "海昌路5号"))
    c, links = links_of(make_file(rows))
    ring = links.ring
    assert ring[0] == ring[2] == ring[4] != ring[5]  # the two claimants, and the third identity's one demand
    assert ring[7] != ring[8]  # one demand each, no claimant among them
    ties = links.member_ties(np.flatnonzero(ring == ring[0]))
    assert {kind for tl in ties.values() for kind, _rows in tl} == {"claimant_address"}


def test_single_demands_join_claimants_only_at_a_dwelling_where_enough_of_them_live(make_file):
    """One claimant's flat is where a buyer who cited the law once may live too (or a rotated identity gave it
    once): nobody is tied there. Two more identities that each sent one demand from it make it a flat of claims.
    Two claimants at a village group's address (no building or room number: a village's households all give it)
    are tied, but a villager's one demand does not join them."""
    rows = (_person(1, 3, "海晏区潮音里23幢602室") + _person(2, 1, "潮音里23-602")
            + _person(3, 2, "龙潭县大坪村一组") + _person(4, 2, "龙潭县大坪村一组") + _person(5, 1, "龙潭县大坪村一组"))
    c, links = links_of(make_file(rows))
    ring = links.ring
    assert ring[0] != ring[3]  # one claimant at the flat: the other's one demand is a coincidence
    assert ring[4] == ring[6] != ring[8]  # the village's two claimants; a villager's one demand stays apart
    c, links = links_of(make_file(rows + _person(6, 1, "海晏区潮音里23幢602室"), "three.csv"))
    ring = links.ring
    assert ring[0] == ring[3] == ring[9] != ring[4]  # one claimant and two identities with one demand each
    # Filed by a volunteer station on two members' behalf, the two demands are the members' own, one each.
    station = rows + _person(6, 1, "海晏区潮音里23幢602室")
    for i in (3, 9):
        station[i] = {**station[i], "text": "四方街消费维权志愿服务站受委托代为投诉：" + station[i]["text"]}
    c, links = links_of(make_file(station, "station.csv"))
    assert c.cols["representative"][[3, 9]].all()
    assert links.ring[0] != links.ring[3] and links.ring[0] != links.ring[9]


def test_one_demand_from_a_flat_where_no_claimant_lives_ties_nobody(make_file):
    """Two neighbours each sent one tenfold demand from the same flat, and a third lives there with ordinary
    complaints: no one there is a claimant, so the address stays weak."""
    rows = (_person(1, 1, "汽配大道193-1-204") + _person(2, 1, "汽配大道193号1单元204")
            + _person(3, 2, "汽配大道193-1-204", punitive=False))
    c, links = links_of(make_file(rows))
    assert len(set(links.ring.tolist())) == 3 and not len(links.ties["claimant_address"][0])


def test_claimants_of_sums_tie_at_one_flat_but_not_to_a_buyer_who_cites_the_law(make_file):
    """Two identities at one flat, each asking the refund and 500 yuan of three takeaway shops in words of their
    own: claimants of sums, tied there. A buyer at the same flat who cites the law and asks tenfold is a claimant
    in set phrases, a kind apart: not tied to them (the sums are theirs, the tenfold the law's)."""
    rows = [complaint(complainant_name=f"同住{k}", complainant_id_number=valid_id_number(720 + k),
                      complainant_phone=valid_mobile(720 + k), complainant_address=address,
                      merchant_name=f"外卖店{k}{i}", purchase_amount=str(20 + i), claim_amount=str(520 + i),
                      text="点的外卖里面有头发，吃了一半才发现，要求退款并赔偿500元。")
            for k, address in ((1, "凌港市钢城区汽配大道77号2单元501"), (2, "汽配大道77-2-501")) for i in range(3)]
    rows += [complaint(complainant_name="邻居", complainant_id_number=valid_id_number(723),
                       complainant_phone=valid_mobile(723), complainant_address="汽配大道77号2单元501",
                       merchant_name=f"超市{i}", purchase_amount=str(300 + i), claim_amount=str(3000 + 10 * i),
                       text=f"买的进口食品没有中文标签，根据食品安全法第一百四十八条要求十倍赔偿，第{i}次。")
             for i in range(2)]
    c = read_complaints(make_file(rows))
    punitive, claims = punitive_rows(c, Config()), rules.punitive_claims(c, Config())
    own_sums = rules.sum_claims(c, Config())
    assert claims.all() and punitive.tolist() == [False] * 6 + [True] * 2
    assert own_sums.tolist() == [True] * 6 + [False] * 2
    links = linking.link(c, hub_names=30, text_cluster=np.full(len(c), -1), punitive=punitive, claims=claims,
                         sum_claims=own_sums)
    assert links.ring[0] == links.ring[3] and links.ring[6] != links.ring[0]
    alone = linking.link(c, hub_names=30, text_cluster=np.full(len(c), -1), punitive=punitive, claims=claims)
    assert alone.ring[0] != alone.ring[3]  # without claimants of sums, sums tie nobody at a flat


def test_a_grievance_filed_again_is_no_second_complaint_of_a_punitive_claimant(make_file):
    """Two claimants at one flat are tied only when each has two grievances: one demand filed on a second
    channel, saying so, is one."""
    once = _person(1, 2, "海晏区潮音里23幢602室")
    once[1].update(merchant_name=once[0]["merchant_name"], channel="12345热线",
                   text=once[0]["text"] + "（已在其他渠道反映）")
    neighbour = _person(2, 2, "海晏区潮音里23幢602室")
    c = read_complaints(make_file(once + neighbour))
    links = linking.link(c, hub_names=30, text_cluster=np.full(len(c), -1), punitive=punitive_rows(c, Config()),
                         repeats=(7, 60))
    assert links.ring[0] != links.ring[2]
    twice = _person(1, 2, "海晏区潮音里23幢602室") + neighbour
    c = read_complaints(make_file(twice, "twice.csv"))
    links = linking.link(c, hub_names=30, text_cluster=np.full(len(c), -1), punitive=punitive_rows(c, Config()),
                         repeats=(7, 60))
    assert links.ring[0] == links.ring[2] == links.ring[3]


def test_one_street_and_number_in_two_places_are_two_addresses(make_file):
    """人民路54号 of two cities, 云雾路299号 of two counties of one city, are different addresses; an address that
    names no place is the one of its street and number whose place the file names, when it names one only."""
    addresses = ["汀城市人民路54号", "溪州市人民路54号", "云溪市白岩县云雾路299号", "云溪市茶山县云雾路299号",
                 "澜江市古城区映山路251号", "映山路251号", "古城区映山路251号", "人民路54号"]
    c = read_complaints(make_file([complaint(complainant_address=a) for a in addresses]))
    code = c.cols["address"].tolist()
    assert len({code[0], code[1], code[7]}) == 3 and code[2] != code[3]
    assert code[4] == code[5] == code[6] >= 0


def _demand_links(path):
    c = read_complaints(path)
    cfg = Config()
    return c, linking.link(c, hub_names=30, text_cluster=texts.near_duplicate_clusters(c.text_sig),
                           punitive=punitive_rows(c, cfg),
                           demand=(cfg.shared_demand_days, cfg.shared_demand_factor, cfg.shared_demand_subjects))


def test_one_fixed_sum_strangers_ask_of_one_merchant_ties_them(make_file):
    """Four strangers who paid different prices each ask one merchant for the same 5,000 yuan within weeks, in
    their own words: a sum agreed beforehand ties them, and each member lists it."""
    c, links = _demand_links(make_file(asking_one_sum(4)))
    assert len(set(links.ring.tolist())) == 1
    ties = links.member_ties(np.arange(len(c)))
    assert {kind for tl in ties.values() for kind, _rows in tl} == {"demand"}


def test_a_sum_the_law_sets_from_the_price_ties_nobody(make_file):
    """Ten times the price, three times it, the refund with either, the 500 and 1,000 yuan floors: each buyer's
    own sum by law, however many ask it. 1,200 yuan is ten times 120, three times 400, the refund and three
    times 300, the refund and ten times 109.09."""
    for claim, prices in (("1200", (120, 400, 300, 109.09)), ("1000", (20, 30, 40, 50)), ("500", (60, 70, 80, 90))):
        _c, links = _demand_links(make_file(asking_one_sum(4, claim=claim, prices=prices)))
        assert not len(links.ties["demand"][0]), (claim, prices)


def test_one_lot_at_one_price_asking_one_sum_ties_nobody(make_file):
    """Buyers of one bad lot, all at 99 yuan, each asking 5,000: one price, so the same sum may be a rumour of
    what is owed, not an agreement."""
    _c, links = _demand_links(make_file(asking_one_sum(5, prices=(99,))))
    assert not len(links.ties["demand"][0])


def test_the_same_sum_months_apart_two_askers_or_a_lawyers_clients_tie_nobody(make_file):
    cases = {
        "months apart": asking_one_sum(4, every=45),
        "two askers": asking_one_sum(2),
        "a lawyer's clients": [{**row, "text": "本人系某律师事务所律师，受委托代为投诉：" + row["text"]}
                               for row in asking_one_sum(4)],
    }
    for case, rows in cases.items():
        _c, links = _demand_links(make_file(rows))
        assert not len(links.ties["demand"][0]), case


def test_one_sum_asked_about_one_product_ties_strangers_at_different_merchants(make_file):
    """Four strangers at four shops each ask 8,000 yuan about a down coat that cost them 339 to 780."""
    asked = asking_one_sum(4, product="羽绒服", claim="8000", prices=(339, 780, 608, 588))
    rows = [{**row, "merchant_name": f"羽绒服店{i}"} for i, row in enumerate(asked)]
    _c, links = _demand_links(make_file(rows))
    assert len(set(links.ring.tolist())) == 1


def test_the_refund_plus_one_fixed_sum_ties_strangers_who_paid_different_prices(make_file):
    """Four strangers at one guesthouse ask for their room's price and 3,000 yuan more: 3,510 on a 510-yuan
    room, 3,960 on a 960-yuan one. The refund and the law's 1,000-yuan floor, or the refund and three times
    the price, ties nobody."""
    def asking(extra):
        return [{**row, "claim_amount": str(extra(price))}
                for row, price in zip(asking_one_sum(4, merchant="花间民宿", product="江景大床房",
                                                     prices=(510, 630, 760, 960)), (510, 630, 760, 960), strict=True)]

    _c, links = _demand_links(make_file(asking(lambda p: p + 3000)))
    assert len(set(links.ring.tolist())) == 1 and set(links.ties["demand"][0].tolist()) == {0, 1, 2, 3}
    for name, extra in (("floor", lambda p: p + 1000), ("triple", lambda p: 4 * p)):
        _c, links = _demand_links(make_file(asking(extra), f"{name}.csv"))
        assert not len(links.ties["demand"][0]), name


def test_a_sum_of_ones_own_is_claiming_whatever_the_price_and_a_refund_is_not(make_file):
    """What ``rules.claiming_rows`` counts as claiming with a wording: more than the price back, a fixed sum below
    it (1,000 yuan of compensation on a 2,518-yuan heater), a sum written only in the text when the claim cell is
    empty, or the law's multiples in set phrases; not the price back, nor a sum-less "要求赔偿"."""
    from jingqi.claims.engine.rules import claiming_rows

    rows = [complaint(purchase_amount="111", claim_amount="220"),
            complaint(purchase_amount="2518", claim_amount="1000"),
            complaint(purchase_amount="1298", claim_amount="", text="热水器回火把手烫伤，请求商家賠付１０００元。"),
            complaint(purchase_amount="50", claim_amount="", text="买到过期食品，依据食品安全法第148条要求十倍赔偿。"),
            complaint(purchase_amount="60.5", claim_amount="60.5", text="有股发酵的酸味，要求退款。"),
            complaint(purchase_amount="60.5", claim_amount="", text="有股发酵的酸味，要求赔偿。"),
            complaint(purchase_amount="60.5", claim_amount="", text="有股发酵的酸味，要求退款60元。")]
    c = read_complaints(make_file(rows))
    assert claiming_rows(c, Config()).tolist() == [True, True, True, True, False, False, False]
