"""Dispute pages and API actions for the authorization matrix (see core/testing/matrix.py)."""

from jingqi.core.testing.matrix import Route
from jingqi.tickets.models import Ticket

from .models import Agreement, Dispute, DisputeDocument, Instalment, MediationSession


def _tickets_to_open(user, method):
    """A request is opened as a dispute by the police who may handle it."""
    return Ticket.objects.visible_to(user, "change") if user.is_police else Ticket.objects.none()


# --- HTML pages (the pages' owner adds them here) ---
HTML_ROUTES = [
    Route("disputes:dispute_detail", Dispute),
    Route("disputes:dispute_edit", Dispute, ("get", "post"), scope="change",
          data=lambda d: {"kind": "other", "title": "越权", "description": "越权", "people_involved": 1,
                          "urgency": "routine", "version": d.version}),
    Route("disputes:party_add", Dispute, ("get", "post"), scope="change",
          data=lambda d: {"side": "applicant", "organisation": "越权", "headcount": 1}),
    Route("disputes:session_plan", Dispute, ("get", "post"), scope="change",
          data=lambda d: {"planned_at": "2026-01-05T10:00", "place": "越权", "m0-role": "lawyer", "m0-name": "越权"}),
    Route("disputes:agreement_sign", Dispute, ("get", "post"), scope="change",
          data=lambda d: {"signed_on": "2026-01-05", "terms": "越权", "total_amount": "0", "level": "park"}),
    Route("disputes:document_upload", Dispute, ("post",), scope="change"),
    Route("disputes:dispute_action", Dispute, ("post",), kwargs=lambda d: {"pk": d.pk, "action": "accept"}),
    Route("disputes:dispute_action", Dispute, ("post",), kwargs=lambda d: {"pk": d.pk, "action": "archive"}),
    Route("disputes:dispute_action", Dispute, ("post",), write_scope="view",
          kwargs=lambda d: {"pk": d.pk, "action": "comment"}, data=lambda d: {"comment-text": "越权留言"}),
    Route("disputes:session_record", MediationSession, ("get", "post"), scope="change",
          data=lambda s: {"minutes": "越权", "result": "continue"}),
    Route("disputes:agreement_edit", Agreement, ("get", "post"), scope="change",
          data=lambda a: {"terms": "越权", "version": a.version}),
    Route("disputes:agreement_document", Agreement),
    Route("disputes:agreement_pdf", Agreement),
    Route("disputes:payment_record", Instalment, ("get", "post"), scope="change",
          data=lambda i: {"amount": "1", "paid_on": "2026-01-05", "reference": "越权"}),
    Route("disputes:document_download", DisputeDocument),
    Route("disputes:dispute_from_ticket", Ticket, ("get", "post"), allowed=_tickets_to_open,
          data=lambda t: {"kind": "labour", "title": "越权", "description": "越权", "people_involved": 1,
                          "urgency": "routine"}),
]

# --- API actions that need sight of the dispute rather than the right to handle it ---
def _seen(user, method):
    return Dispute.objects.visible_to(user)


# A comment and the timeline need sight of the dispute, not the right to handle it: the parties comment too
# (the service refuses the roles that may not write, with 403, or an ended dispute, with a state error).
API_ALLOWED = {"dispute-comment": _seen, "dispute-timeline": _seen}
