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


def test_shared_address_makes_a_ring_not_a_subject(make_file):
    rows = [complaint(complainant_address="浙江省绍兴市 人民路1号"),
            complaint(complainant_address="浙江省绍兴市人民路1号")]
    c, links = links_of(make_file(rows))
    assert links.subject[0] != links.subject[1]
    assert links.ring[0] == links.ring[1]
    assert links.subjects_in_ring[links.ring[0]] == 2


def test_a_hub_identifier_links_nobody(make_file):
    dorm = [complaint(complainant_address="工业园员工宿舍") for _ in range(12)]
    c, links = links_of(make_file(dorm), hub_names=10)
    assert len(set(links.ring.tolist())) == 12
    assert links.hubs["address"] == 1
