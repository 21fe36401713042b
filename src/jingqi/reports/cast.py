"""Risk reports for the test cast (built with ``case_cast``): park a's last complete half-year computed and sent
(enterprise a's report waits for its acknowledgement), park b's current half-year computed as drafts (it has not
ended: nothing is sent), park t's (station T) last complete half-year computed and sent."""

from jingqi.core.testing.personas import World

from . import services
from .risk import Period


def build(o: dict) -> None:
    from django.utils import timezone

    world = World(o)
    current = Period.containing(timezone.localdate())
    for key, actor, push in (("a", world.officer_a, True), ("b", world.officer_b, False),
                             ("t", world.supervisor_t, True)):
        period = current.previous() if push else current
        run = services.do_request_reports(actor, park=o[f"park_{key}"], period=period)
        o[f"report_run_{key}"] = services.run_generation(run.pk)
        if push:
            services.do_push_reports(actor, park=o[f"park_{key}"], period=period)
        o[f"report_{key}"] = o[f"enterprise_{key}"].risk_reports.get(period_start=period.start)
