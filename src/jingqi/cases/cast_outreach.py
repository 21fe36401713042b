"""Outreach events for the test cast, through the services: in park A a planned evening anti-fraud talk for
enterprise A (with its slides), in park B a fire-safety talk held three days ago that enterprise B attended, in park
T (the other station) a planned traffic-safety talk with a leaflet."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from jingqi.core.testing import factories as f

from . import services_outreach as services


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def build(o: dict) -> None:
    today = timezone.localdate()
    ahead, past = today + timedelta(days=10), today - timedelta(days=3)
    o["outreach_a"] = services.do_plan_outreach(
        o["officer_a"], park=o["park_a"], enterprises=[o["enterprise_a"]],
        data={"topic": "anti_fraud", "title": "A园防范电信诈骗讲座", "starts_at": _at(ahead, 19),
              "ends_at": _at(ahead, 20, 30), "place": "A园职工之家", "speaker": "反诈民警",
              "materials": "宣传折页 200 份"})
    o["outreach_material_a"] = services.do_attach_outreach_material(o["officer_a"], o["outreach_a"],
                                                                     upload=f.png_upload("反诈课件.png"))
    o["outreach_b"] = b = services.do_plan_outreach(
        o["officer_b"], park=o["park_b"], enterprises=[o["enterprise_b"]],
        data={"topic": "fire", "title": "B园消防安全培训", "starts_at": _at(past, 14), "ends_at": _at(past, 15),
              "place": "B园会议室", "speaker": "消防站教官"})
    services.do_hold_outreach(o["officer_b"], b, attendance={o["enterprise_b"].pk: 35}, summary="演示灭火器使用。")
    o["outreach_t"] = services.do_plan_outreach(
        o["supervisor_t"], park=o["park_t"], enterprises=[o["enterprise_t"]],
        data={"topic": "traffic", "title": "T园交通安全宣传", "starts_at": _at(ahead, 12),
              "ends_at": _at(ahead, 13), "place": "T园食堂"})
    o["outreach_material_t"] = services.do_attach_outreach_material(o["supervisor_t"], o["outreach_t"],
                                                                     upload=f.png_upload("交通安全.png"))
    for key in ("outreach_a", "outreach_b", "outreach_t"):
        o[key].refresh_from_db()
