from jingqi.claims.engine import linking, texts
from jingqi.claims.engine.reading import read_complaints
from jingqi.core.testing.factories import valid_id_number, valid_mobile

from .conftest import complaint


def links_of(path, **kw):
    c = read_complaints(path)
    return c, linking.link(c, hub_names=kw.get("hub_names", 30),
                           text_cluster=texts.near_duplicate_clusters(c.text_sig))


def test_shared_phone_or_id_number_makes_one_subject_through_a_chain(make_file):
    a = complaint(complainant_phone=valid_mobile(1), complainant_id_number=valid_id_number(1))
    b = complaint(complainant_phone=valid_mobile(1), complainant_id_number=valid_id_number(2))
    c_ = complaint(complainant_phone=valid_mobile(3), complainant_id_number=valid_id_number(2))
    d = complaint()
    c, links = links_of(make_file([a, b, c_, d]))
    assert links.subject[0] == links.subject[1] == links.subject[2] != links.subject[3]


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
