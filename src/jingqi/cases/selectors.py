"""Case reads for the pages and the API: every one starts from ``visible_to``."""

from django.db.models import Q

from jingqi.registry.models import Enterprise, Park

from .choices import CASE_MACHINE, OPEN_CASE_STATUSES
from .models import Case, CaseEvent, CaseVictim, Recovery
from .services import is_police


def cases_for(user, *, status: str = "", kind: str = "", park=None, enterprise=None, q: str = ""):
    qs = Case.objects.visible_to(user).select_related("park", "officer")
    if status == "open":
        qs = qs.filter(status__in=OPEN_CASE_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if park is not None:
        qs = qs.filter(park=park)
    if enterprise is not None:
        qs = qs.filter(pk__in=CaseVictim.objects.filter(enterprise=enterprise).values("case"))
    if q:
        qs = qs.filter(Q(reference__icontains=q) | Q(title__icontains=q) | Q(filing_number__icontains=q))
    return qs.order_by("-reported_at", "-pk")


def parks_for(user):
    """The parks a filter or a new case may name: those the police user handles."""
    if not is_police(user):
        return Park.objects.none()
    return Park.objects.visible_to(user).order_by("code")


def enterprises_for(user):
    """The enterprises a police user may name as victims."""
    if not is_police(user):
        return Enterprise.objects.none()
    return Enterprise.objects.visible_to(user).select_related("park").order_by("park__code", "name")


def case_page(user, case: Case) -> dict:
    police = is_police(user)
    return {
        "victims": list(CaseVictim.objects.visible_to(user).filter(case=case).select_related("enterprise__park")),
        "recoveries": list(Recovery.objects.visible_to(user).filter(case=case).select_related("recorded_by")),
        "timeline": list(CaseEvent.objects.visible_to(user).filter(case=case).select_related("actor")),
        "actions": CASE_MACHINE.actions_from(case.status) if police and Case.objects.visible_to(
            user, "change").filter(pk=case.pk).exists() else [],
        "is_police": police,
    }


def enterprise_cases(user, enterprise, limit: int = 10):
    """An enterprise's cases as a victim, for its page (the newest first)."""
    return list(cases_for(user, enterprise=enterprise)[:limit])
