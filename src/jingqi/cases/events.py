"""Case timeline writers: one function per kind of event. Only the services call them."""

from django.utils import timezone

from .choices import CaseEventKind
from .models import Case, CaseEvent


def _event(case: Case, kind: str, actor, message: str = "", *, internal: bool = False, at=None,
           **data) -> CaseEvent:
    """One timeline entry, dated ``at`` when the step happened at a time the officer gave (else now)."""
    return CaseEvent.objects.create(case=case, kind=kind, actor=actor, at=at or timezone.now(), message=message,
                                    internal=internal, data=data)


def case_reported_event(case, actor, *, at):
    return _event(case, CaseEventKind.REPORTED, actor, at=at, source=case.source)


def _step(case, kind, actor, note, *, at=None, **data):
    """A step the victims see happen; the officer's note on it is the police's own (an internal note beside it)."""
    event = _event(case, kind, actor, at=at, **data)
    if note:
        _event(case, CaseEventKind.NOTE, actor, note, at=at, internal=True)
    return event


def case_filed_event(case, actor, note, *, at):
    return _step(case, CaseEventKind.FILED, actor, note, at=at, officer=str(case.officer or ""))


def case_declined_event(case, actor, reason):
    return _event(case, CaseEventKind.DECLINED, actor, reason)


def case_solved_event(case, actor, note, *, at):
    return _step(case, CaseEventKind.SOLVED, actor, note, at=at, suspects=case.suspects, regions=case.regions)


def case_closed_event(case, actor, note):
    return _step(case, CaseEventKind.CLOSED, actor, note)


def case_recovered_event(case, actor, recovery):
    return _event(case, CaseEventKind.RECOVERY, actor, recovery.items, amount=str(recovery.amount),
                  region=recovery.region, recovered_on=recovery.recovered_on.isoformat())


def case_edited_event(case, actor, fields):
    return _event(case, CaseEventKind.EDITED, actor, internal=True, fields=sorted(fields))


def case_victim_event(case, actor, enterprise):
    # For the police: a victim's liaison is not told which other enterprises the case concerns.
    return _event(case, CaseEventKind.VICTIM, actor, enterprise.name, internal=True, enterprise=enterprise.pk)


def case_linked_event(case, actor, what: str, reference: str):
    return _event(case, CaseEventKind.LINKED, actor, reference, internal=True, what=what)


def case_noted_event(case, actor, text, *, internal):
    return _event(case, CaseEventKind.NOTE, actor, text, internal=internal)
