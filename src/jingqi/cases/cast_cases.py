"""Cases for the test cast: one in each park (a and b of station S, t of station T). Park a's is a theft against
enterprise a, filed, solved and partly recovered, with an internal note; b's is a fraud against enterprise b, just
reported; t's is an embezzlement at station T, filed."""

from datetime import timedelta

from django.utils import timezone

from jingqi.core.testing.personas import World

from . import services


def build(o: dict) -> None:
    world = World(o)
    now = timezone.now()
    a = services.do_record_case(
        world.officer_a, park=world.park_a, reported_at=now - timedelta(days=3),
        victims=[(world.enterprise_a, "120000")],
        data={"kind": "theft", "title": "数控模板被盗", "description": "车间数控模板夜间被盗。",
              "loss_amount": "120000", "items_lost": "数控模板 12 套"})
    a = services.do_file_case(world.officer_a, a, filing_number="城东公(刑)立字〔2026〕1号",
                              filed_at=now - timedelta(days=3) + timedelta(hours=2))
    a = services.do_solve_case(world.officer_a, a, solved_at=now - timedelta(days=1), suspects=2, regions="宁波、苏州")
    services.do_record_recovery(world.officer_a, a, recovered_on=timezone.localdate(), amount="80000",
                                items="数控模板 8 套", region="苏州")
    services.do_note_case(world.officer_a, a, text="内部：嫌疑人供述另有同伙。", internal=True)
    o["case_a"] = a
    o["case_b"] = services.do_record_case(
        world.officer_b, park=world.park_b, victims=[(world.enterprise_b, None)],
        data={"kind": "fraud", "title": "冒充客户诈骗", "description": "财务人员被冒充客户骗转货款。",
              "loss_amount": "50000"})
    t = services.do_record_case(
        world.supervisor_t, park=world.park_t, victims=[(world.enterprise_t, None)],
        data={"kind": "embezzlement", "title": "仓管员职务侵占", "description": "仓管员倒卖库存。",
              "loss_amount": "30000"})
    o["case_t"] = services.do_file_case(world.supervisor_t, t, filing_number="城西公(刑)立字〔2026〕7号")
