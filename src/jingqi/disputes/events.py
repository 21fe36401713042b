"""Timeline writers: one function per kind of event. Only the services call them."""

from django.utils import timezone

from .choices import EventKind
from .models import Dispute, DisputeEvent


def _event(dispute: Dispute, kind: str, actor, message: str = "", *, internal: bool = False, **data) -> DisputeEvent:
    return DisputeEvent.objects.create(dispute=dispute, kind=kind, actor=actor, at=timezone.now(), message=message,
                                       internal=internal, data=data)


def dispute_reported_event(dispute, actor):
    return _event(dispute, EventKind.REPORTED, actor, source=dispute.source)


def dispute_group_event(dispute, actor, reasons):
    return _event(dispute, EventKind.GROUP, actor, internal=True, reasons=reasons)


def dispute_accepted_event(dispute, actor):
    return _event(dispute, EventKind.ACCEPTED, actor, mediator=str(dispute.mediator or ""))


def dispute_referred_event(dispute, actor, reason):
    return _event(dispute, EventKind.REFERRED, actor, reason)


def dispute_contacted_event(dispute, actor, note):
    return _event(dispute, EventKind.CONTACTED, actor, note)


def dispute_arrived_event(dispute, actor, note):
    return _event(dispute, EventKind.ARRIVED, actor, note)


def dispute_investigated_event(dispute, actor, facts):
    return _event(dispute, EventKind.INVESTIGATED, actor, facts, internal=True)


def dispute_party_added_event(dispute, actor, party):
    return _event(dispute, EventKind.PARTY, actor, side=party.side, party=party.pk)


def session_planned_event(dispute, actor, session):
    return _event(dispute, EventKind.SESSION_PLANNED, actor, session.place, session=session.number,
                  planned_at=session.planned_at.isoformat())


def session_held_event(dispute, actor, session):
    return _event(dispute, EventKind.SESSION_HELD, actor, session.minutes, internal=True, session=session.number,
                  result=session.result)


def agreement_signed_event(dispute, actor, agreement):
    return _event(dispute, EventKind.AGREEMENT, actor, total=str(agreement.total_amount),
                  instalments=agreement.instalments.count(), level=dispute.level)


def agreement_changed_event(dispute, actor, changes):
    return _event(dispute, EventKind.AGREEMENT_CHANGED, actor, internal=True, changes=changes)


def payment_recorded_event(dispute, actor, payment):
    return _event(dispute, EventKind.PAYMENT, actor, instalment=payment.instalment.number,
                  amount=str(payment.amount), paid_on=payment.paid_on.isoformat(), late=payment.paid_on
                  > payment.instalment.due_on)


def instalment_reminder_event(dispute, instalment):
    return _event(dispute, EventKind.REMINDER, None, internal=True, instalment=instalment.number,
                  due_on=instalment.due_on.isoformat())


def instalment_default_event(dispute, instalment):
    return _event(dispute, EventKind.DEFAULT, None, instalment=instalment.number,
                  due_on=instalment.due_on.isoformat(), outstanding=str(instalment.outstanding))


def agreement_fulfilled_event(dispute, actor):
    return _event(dispute, EventKind.FULFILLED, actor)


def dispute_settled_event(dispute, actor, note):
    return _event(dispute, EventKind.SETTLED, actor, note, level=dispute.level)


def dispute_failed_event(dispute, actor, reason):
    return _event(dispute, EventKind.FAILED, actor, reason)


def dispute_transferred_event(dispute, actor):
    return _event(dispute, EventKind.TRANSFERRED, actor, dispute.transfer_receiver, body=dispute.transfer_body,
                  on=dispute.transferred_on.isoformat())


def dispute_withdrawn_event(dispute, actor, reason):
    return _event(dispute, EventKind.WITHDRAWN, actor, reason)


def dispute_followed_up_event(dispute, actor):
    return _event(dispute, EventKind.FOLLOWED_UP, actor, dispute.follow_up_note,
                  satisfied=dispute.follow_up_satisfied)


def dispute_archived_event(dispute, actor):
    return _event(dispute, EventKind.ARCHIVED, actor)


def dispute_commented_event(dispute, actor, text, *, internal):
    return _event(dispute, EventKind.NOTE if internal else EventKind.COMMENT, actor, text, internal=internal)


def dispute_escalated_event(dispute, level, target):
    return _event(dispute, EventKind.ESCALATED, None, internal=True, level=level, target=target)


def dispute_document_event(dispute, actor, name, *, internal):
    return _event(dispute, EventKind.DOCUMENT, actor, name, internal=internal)
