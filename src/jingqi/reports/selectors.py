"""Risk report reads for the pages: every one starts from ``visible_to``."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from jingqi.registry.models import Park

from .choices import ReportKind, ReportStatus
from .models import ReportRun, RiskReport
from .risk import FIGURES
from .services import is_police

# The page lists the first of the enterprises that have not acknowledged (the longest waiting), and counts the rest.
WAITING_SHOWN = 20


def parks_for(user):
    return Park.objects.visible_to(user).order_by("code") if is_police(user) else Park.objects.none()


def runs_for(user, limit: int = 10):
    return list(ReportRun.objects.visible_to(user).select_related("park", "enterprise", "requested_by")[:limit])


def park_overview(user, park, period_start) -> dict:
    """The half-year's reports of a park: how many drafts, sent, acknowledged; who has not acknowledged."""
    reports = RiskReport.objects.visible_to(user).filter(park=park, period_start=period_start)
    counts = reports.filter(kind=ReportKind.ENTERPRISE).aggregate(
        total=Count("pk"), drafts=Count("pk", filter=Q(status=ReportStatus.DRAFT)),
        pushed=Count("pk", filter=Q(status=ReportStatus.PUSHED)),
        acknowledged=Count("pk", filter=Q(status=ReportStatus.ACKNOWLEDGED)))
    waiting = list(reports.filter(kind=ReportKind.ENTERPRISE, status=ReportStatus.PUSHED)
                   .select_related("enterprise").order_by("pushed_at", "pk")[:WAITING_SHOWN])
    return {"counts": counts, "waiting": waiting,
            "park_report": reports.filter(kind=ReportKind.PARK).first()}


def enterprise_by_credit_code(user, park, code: str):
    """The enterprise of ``park`` with the credit code given (as ``user`` may see it), None for a blank code (the
    whole park); a translated error on the ``enterprise`` field when the code is malformed or not of the park."""
    from jingqi.core.errors import ActionError
    from jingqi.registry.models import Enterprise
    from jingqi.registry.validation import normalize_uscc

    code = (code or "").strip()
    if not code:
        return None
    try:
        code = normalize_uscc(code)
    except ActionError as exc:
        raise ActionError(exc.message, field="enterprise") from None
    enterprise = Enterprise.objects.visible_to(user).filter(uscc=code, park=park).first()
    if enterprise is None:
        raise ActionError(_("No enterprise of this park has this credit code."), field="enterprise")
    return enterprise


def can_recompute(user, report: RiskReport) -> bool:
    """A draft enterprise report of a half-year still offered on the run form, for the police."""
    from .forms import half_years

    return (report.kind == ReportKind.ENTERPRISE and report.can("regenerate") and is_police(user)
            and report.label in dict(half_years()))


def reports_of_enterprise(user):
    """A liaison's own enterprise's reports, the newest half-year first."""
    return list(RiskReport.objects.visible_to(user).order_by("-period_start"))


def recommendation_rows(report: RiskReport) -> list[dict]:
    """The recommendations, each with the label of the figure that triggered it."""
    from .risk import RULES

    texts = {rule.code: rule.text for rule in RULES}
    return [{**r, "figure_label": FIGURES.get(r.get("figure"), r.get("figure", "")), "rule_text": texts.get(r["code"])}
            for r in report.recommendations]


def figure_rows(report: RiskReport) -> list[dict]:
    """Each figure with the previous half-year's, the park's median and the change beside it (the report's table),
    written as the PDF writes them."""
    from .documents import change_text, figure_text

    rows = []
    for name, label in FIGURES.items():
        if name not in report.figures:
            continue
        value, previous = report.figures.get(name), report.previous.get(name)
        rows.append({"name": name, "label": label, "value": figure_text(name, value),
                     "previous": figure_text(name, previous),
                     "median": figure_text(name, report.park_median.get(name)),
                     "change": change_text(name, value, previous)})
    return rows
