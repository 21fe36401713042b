"""The hazard timeline: one writer per kind of event. Only the services call them."""

from django.utils import timezone

from .choices import HazardEventKind
from .models import Hazard, HazardEvent


def _event(hazard: Hazard, kind: str, actor, message: str = "", *, internal: bool = False, **data) -> HazardEvent:
    return HazardEvent.objects.create(hazard=hazard, kind=kind, actor=actor, at=timezone.now(), message=message,
                                      internal=internal, data=data)


def hazard_reported_event(hazard, actor):
    return _event(hazard, HazardEventKind.REPORTED, actor, hazard.description, source=hazard.source,
                  severity=hazard.severity)


def hazard_fixed_on_site_event(hazard, actor, note):
    return _event(hazard, HazardEventKind.FIXED_ON_SITE, actor, note)


def hazard_assigned_event(hazard, actor):
    return _event(hazard, HazardEventKind.ASSIGNED, actor, hazard.measures, deadline=hazard.deadline.isoformat(),
                  responsible=hazard.responsible_name)


def hazard_fix_reported_event(hazard, actor, note):
    return _event(hazard, HazardEventKind.FIX_REPORTED, actor, note)


def hazard_sent_back_event(hazard, actor, reason):
    return _event(hazard, HazardEventKind.SENT_BACK, actor, reason,
                  deadline=hazard.deadline.isoformat() if hazard.deadline else None)


def hazard_closed_event(hazard, actor, note):
    return _event(hazard, HazardEventKind.CLOSED, actor, note, verification=hazard.verification)


def hazard_voided_event(hazard, actor, reason):
    return _event(hazard, HazardEventKind.VOIDED, actor, reason, internal=True)


def hazard_escalated_event(hazard, level):
    return _event(hazard, HazardEventKind.ESCALATED, None, internal=True, level=level)


def hazard_commented_event(hazard, actor, text, internal):
    return _event(hazard, HazardEventKind.COMMENT, actor, text, internal=internal)
