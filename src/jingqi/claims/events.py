"""Clue timeline writers: one function per kind of event. Only the services call them."""

from django.utils import timezone

from .choices import EventKind
from .models import Clue, ClueEvent


def _event(clue: Clue, kind: str, actor, message: str = "", **data) -> ClueEvent:
    return ClueEvent.objects.create(clue=clue, kind=kind, actor=actor, at=timezone.now(), message=message, data=data)


def clue_found_event(clue):
    return _event(clue, EventKind.FOUND, None, score=clue.score, run=clue.run_id)


def clue_reviewed_event(clue, actor):
    return _event(clue, EventKind.REVIEW, actor)


def clue_confirmed_event(clue, actor, findings):
    return _event(clue, EventKind.CONFIRM, actor, findings)


def clue_transferred_event(clue, actor, case_reference, note, *, case):
    return _event(clue, EventKind.TRANSFER, actor, note, case_reference=case_reference, case=case.pk,
                  case_ref=case.reference)


def clue_dismissed_event(clue, actor, reason):
    return _event(clue, EventKind.DISMISS, actor, reason)


def clue_reopened_event(clue, actor, reason):
    return _event(clue, EventKind.REOPEN, actor, reason)


def clue_noted_event(clue, actor, text):
    return _event(clue, EventKind.NOTE, actor, text)


def clue_revealed_event(clue, actor):
    return _event(clue, EventKind.REVEAL, actor)
