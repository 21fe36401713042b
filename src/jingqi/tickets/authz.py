"""Request pages for the authorization matrix (see core/testing/matrix.py)."""

from jingqi.core.testing.matrix import Route

from .models import Attachment, Ticket, TicketTask

HTML_ROUTES = [
    Route("tickets:ticket_detail", Ticket),
    Route("tickets:ticket_action", Ticket, ("post",), kwargs=lambda t: {"pk": t.pk, "action": "accept"}),
    Route("tickets:ticket_action", Ticket, ("post",), write_scope="view",
          kwargs=lambda t: {"pk": t.pk, "action": "comment"}, data=lambda t: {"comment-text": "越权留言"}),
    Route("tickets:attachment_upload", Ticket, ("post",), write_scope="view"),
    Route("tickets:attachment_download", Attachment),
    Route("tickets:task_action", TicketTask, ("post",), kwargs=lambda t: {"pk": t.pk, "action": "complete"},
          data=lambda t: {"reply-reply": "越权答复"}),
    Route("tickets:task_action", TicketTask, ("post",), kwargs=lambda t: {"pk": t.pk, "action": "accept"}),
    Route("tickets:task_record_reply", TicketTask, ("post",), allowed=lambda user, method: _tasks_handled(user),
          data=lambda t: {"record-reply": "越权代录"}),
]


def _tasks_handled(user):
    """A department's reply given by phone is recorded by the police who may handle the request."""
    return TicketTask.objects.visible_to(user, "record")


def _seen(user, method):
    return Ticket.objects.visible_to(user)


# The enterprise's own actions (close, reopen, rate, comment) and the read-only timeline need sight of
# the request, not the right to handle it; the services refuse the rest with 403 or a state error.
API_ALLOWED = {"ticket-close": _seen, "ticket-reopen": _seen, "ticket-rate": _seen, "ticket-comment": _seen,
               "ticket-timeline": _seen,
               "ticket-task-record-reply": lambda user, method: _tasks_handled(user)}

# Open311 is not signed into: an integration's api_key, bound to one station, is the right. Those rules
# (missing, revoked, other station's key → 403; another station's request → 404) are in test_open311.py.
EXEMPT = {
    "open311:service_definition": "public directory", "open311:request_detail": "api_key",
    "open311:request_detail_singular": "api_key", "open311:token_detail": "api_key",
}
