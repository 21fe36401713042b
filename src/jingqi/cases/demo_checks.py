"""Demo background checks (入职背景审查), replayed through the services.

Each station's two demo liaisons ask for a handful of checks over the last three weeks, for positions whose duties
call for one (warehouse keeper, cashier, driver of hazardous goods, gate guard); an officer of the enterprise's
office answers most of them a day or two later: "suitable", "suitable, with attention" for a record relevant to
the duties, one declined because the consent did not cover the check; one was withdrawn by the enterprise and one
still waits. All inside the retention period, so none has been purged yet.

The candidates are synthetic, drawn by the registry demo's planner (valid-looking names and ID numbers that belong
to nobody); the signed consent is a one-page synthetic PDF that says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jingqi.accounts.choices import Role
from jingqi.accounts.models import User
from jingqi.core.replay import replayed_time
from jingqi.registry.demo import Planner as PeoplePlanner
from jingqi.registry.models import Station

from . import services_checks as services
from .choices import CheckStatus
from .models import BackgroundCheck


@dataclass(frozen=True)
class Story:
    liaison: str  # which of the setting's liaisons asks ("a" or "b")
    position: str
    duties: str
    scope: tuple[str, ...]
    asked_days_ago: int
    outcome: str  # "advise:<advice>:<reason>", "decline:<reason>", "withdraw" or "" (still waiting)
    answered_after_days: int = 1


STORIES = (
    Story("a", "仓库保管员", "保管成品和贵重原材料，掌管仓库钥匙和出入库登记。", ("criminal", "drugs"), 20,
          "advise:suitable:none", 2),
    Story("a", "财务出纳", "经手公司现金、网银和票据。", ("criminal", "wanted"), 11,
          "advise:attention:related_offence"),
    Story("a", "危险化学品运输驾驶员", "驾驶危化品运输车辆，进出厂区和城区道路。", ("criminal", "drugs", "admin"), 2,
          ""),
    Story("b", "门卫", "夜间值守厂区大门，管理外来人员和车辆出入。", ("criminal",), 15, "decline:consent"),
    Story("b", "仓库叉车司机", "在成品仓库驾驶叉车，接触高价值库存。", ("criminal", "drugs"), 6, "withdraw"),
)


def consent_pdf(reference_hint: str) -> SimpleUploadedFile:
    """A one-page PDF that says it is a synthetic consent (valid PDF, no real signature)."""
    text = "Synthetic consent form - demo data, not a real person"
    stream = f"BT /F1 12 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return SimpleUploadedFile(f"consent-{reference_hint}.pdf", body, content_type="application/pdf")


def _at(today, days_ago: int, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(today - timedelta(days=days_ago), time(hour, 0)))


def load(loader, *, seed: int, scale: float) -> list[BackgroundCheck]:
    """Ask and answer the stories' checks in time order, after the registry demo (same transaction)."""
    people = PeoplePlanner(f"{seed}:checks", 1.0)
    today = timezone.localdate()
    steps = []  # (when, order, action)
    for setting in loader.plan.settings:
        spec = setting.spec
        liaisons = {name.rsplit("_", 1)[-1]: loader.users.get(name) for name, _park, _kind in spec.liaisons}
        for number, story in enumerate(STORIES):
            liaison = liaisons.get(story.liaison)
            if liaison is None:
                continue
            candidate = people.person(spec, "other", "")
            asked = _at(today, story.asked_days_ago, 9 + number % 3)
            steps.append((asked, len(steps), ("ask", liaison, story, candidate)))
            if story.outcome:
                steps.append((asked + timedelta(days=story.answered_after_days, hours=2), len(steps),
                              ("answer", liaison, story, candidate)))
    loader.bar.total += len(steps)
    loader.bar.refresh()
    made: dict[tuple, BackgroundCheck] = {}
    with replayed_time() as clock:
        for at, _order, (kind, liaison, story, candidate) in sorted(steps, key=lambda step: (step[0], step[1])):
            clock.at = at
            key = (liaison.pk, story.position)
            if kind == "ask":
                made[key] = services.do_request_check(liaison, data={
                    "position": story.position, "duties": story.duties, "candidate_name": candidate.full_name,
                    "id_number": candidate.id_number, "consent_scope": list(story.scope),
                    "consent_signed_on": (timezone.localdate(at) - timedelta(days=1)).isoformat()},
                    consent=consent_pdf(f"{liaison.enterprise_id}-{len(made) + 1}"))
            else:
                _answer(made[key], liaison, story)
            loader.bar.update()
    checks = list(made.values())
    # The notices are written when the demo's transaction commits; this runs after them.
    transaction.on_commit(lambda: settle_inbox(checks))
    return checks


def settle_inbox(checks) -> int:
    """Mark read what the demo's people had seen (``core.notify.settle_replayed_inbox``): a request for a check
    that has since been answered or withdrawn (the office saw it taken care of). The answer itself, and requests
    still waiting, stay unread. Returns how many notices were marked read."""
    from jingqi.core.notify import settle_replayed_inbox

    ended = {reverse("cases:check_detail", args=[check.pk]): check.ended_at for check in BackgroundCheck.objects.filter(
        pk__in=[check.pk for check in checks], ended_at__isnull=False)}
    return settle_replayed_inbox({url: url for url in ended}, [], lambda notice, url: (
        ended[url] if notice.created_at < ended[url] else None))


def _answer(check: BackgroundCheck, liaison, story: Story) -> None:
    action, *args = story.outcome.split(":")
    if action == "withdraw":
        services.do_withdraw_check(liaison, check)
        return
    officer = (User.objects.filter(role__in=[Role.OFFICER, Role.AUXILIARY], office_id=check.enterprise.park.office_id,
                                   is_active=True).order_by("-role", "pk").first())  # an officer before an auxiliary
    if action == "advise":
        services.do_advise_check(officer, check, advice=args[0], reason_category=args[1])
    else:
        services.do_decline_check(officer, check, reason=args[0])


def summary() -> list[str]:
    """Per station: its background checks by status (counts only)."""
    lines = []
    for station in Station.objects.order_by("code"):
        checks = BackgroundCheck.objects.filter(station=station)
        total = checks.count()
        if not total:
            continue
        counts = {status: checks.filter(status=status).count() for status in CheckStatus.values}
        lines.append(_("%(station)s — background checks: %(total)s (waiting %(waiting)s, advice given %(advised)s, "
                       "declined %(declined)s, withdrawn %(withdrawn)s).")
                     % {"station": station.name, "total": total, "waiting": counts[CheckStatus.REQUESTED],
                        "advised": counts[CheckStatus.ADVISED], "declined": counts[CheckStatus.DECLINED],
                        "withdrawn": counts[CheckStatus.WITHDRAWN]})
    return lines
