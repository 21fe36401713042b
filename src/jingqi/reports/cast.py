"""Risk reports for the test cast (built with ``case_cast``): park a's half-year computed and sent (enterprise a's
report waits for its acknowledgement), park b's computed and still drafts, park t's (station T) computed and
sent."""

from jingqi.core.testing.personas import World

from . import services
from .risk import Period


def build(o: dict) -> None:
    from django.utils import timezone

    world = World(o)
    period = Period.containing(timezone.localdate())
    for key, actor, push in (("a", world.officer_a, True), ("b", world.officer_b, False),
                             ("t", world.supervisor_t, True)):
        run = services.do_request_reports(actor, park=o[f"park_{key}"], period=period)
        o[f"report_run_{key}"] = services.run_generation(run.pk)
        if push:
            services.do_push_reports(actor, park=o[f"park_{key}"], period=period)
        o[f"report_{key}"] = o[f"enterprise_{key}"].risk_reports.get(period_start=period.start)
