"""Demo risk reports: the last complete half-year's reports of every park, computed and sent by each park's officer
a week after the half-year ended, acknowledged by two demo liaisons' enterprises (``sz_liaison_a``,
``mjh_liaison_b``), and chased by the daily job for the others — all through the services on a replayed clock.
The current half-year is computed too, as drafts to look at (it has not ended: nothing of it is sent).
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jingqi.accounts.choices import Role
from jingqi.accounts.models import User
from jingqi.core.replay import replayed_time
from jingqi.registry.models import Park, Station

from . import services
from .choices import ReportKind, ReportStatus
from .models import RiskReport
from .risk import Period

ACKNOWLEDGING = ("sz_liaison_a", "mjh_liaison_b")


def _at(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def load(loader, *, seed: int, scale: float) -> None:
    current = Period.containing(timezone.localdate())
    parks = list(Park.objects.order_by("code"))
    officers = {park.pk: User.objects.filter(role__in=[Role.OFFICER, Role.AUXILIARY], office=park.office_id,
                                             is_active=True).order_by("role", "username").first() for park in parks}
    loader.bar.total += 2 * len(parks)
    loader.bar.refresh()
    _send_last_half_year(loader, current.previous(), parks, officers)
    for park in parks:
        if officers[park.pk] is not None:
            run = services.do_request_reports(officers[park.pk], park=park, period=current)
            services.run_generation(run.pk)
        loader.bar.update()


def _send_last_half_year(loader, period: Period, parks, officers) -> None:
    sent_on = period.end + timedelta(days=7)
    now = timezone.now()  # the real one: inside the replay, timezone.now() is the replay's clock
    if _at(sent_on, 10) > now:  # the half-year ended less than a week ago: its reports are not sent yet
        loader.bar.update(len(parks))
        return
    with replayed_time() as clock:
        for park in parks:
            officer = officers[park.pk]
            if officer is None:
                continue
            clock.at = _at(sent_on, 10)
            run = services.do_request_reports(officer, park=park, period=period)
            services.run_generation(run.pk)
            clock.at = _at(sent_on, 11)
            services.do_push_reports(officer, park=park, period=period)
            loader.bar.update()
        for username in ACKNOWLEDGING:
            liaison = User.objects.filter(username=username, is_active=True).first()
            report = RiskReport.objects.filter(enterprise=getattr(liaison, "enterprise", None),
                                               period_start=period.start).first()
            if liaison is not None and report is not None:
                clock.at = _at(sent_on + timedelta(days=2), 15)
                services.do_acknowledge_report(liaison, report)
        # The daily job, each morning until today: the first reminder a week after sending, then weekly.
        day = sent_on + timedelta(days=1)
        while _at(day, 9) < now and day <= sent_on + timedelta(days=settings.REPORT_ACKNOWLEDGE_DAYS * 4):
            clock.at = _at(day, 9)
            services.chase_unacknowledged(clock.at)
            day += timedelta(days=1)


def summary() -> list[str]:
    lines = []
    for station in Station.objects.order_by("code"):
        counts = RiskReport.objects.filter(station=station, kind=ReportKind.ENTERPRISE).aggregate(
            total=Count("pk", filter=~Q(status=ReportStatus.DRAFT)),
            acknowledged=Count("pk", filter=Q(status=ReportStatus.ACKNOWLEDGED)),
            chased=Count("pk", filter=Q(chase_count__gt=0)), drafts=Count("pk", filter=Q(status=ReportStatus.DRAFT)))
        if counts["total"]:
            lines.append(_("%(station)s — risk reports: %(total)d sent, %(acknowledged)d acknowledged, %(chased)d "
                           "reminded.") % {"station": station.name, **counts})
        if counts["drafts"]:
            lines.append(_("%(station)s — risk reports of the current half-year: %(drafts)d drafts to look at.") % {
                "station": station.name, **counts})
    return lines
