"""Request pages for the authorization matrix (see core/testing/matrix.py)."""

from jingqi.core.testing.matrix import Route

from .models import Ticket, TicketTask

HTML_ROUTES = [
    Route("tickets:ticket_detail", Ticket),
    Route("tickets:ticket_action", Ticket, ("post",), kwargs=lambda t: {"pk": t.pk, "action": "accept"}),
    Route("tickets:ticket_action", Ticket, ("post",), write_scope="view",
          kwargs=lambda t: {"pk": t.pk, "action": "comment"}, data=lambda t: {"comment-text": "越权留言"}),
    Route("tickets:task_action", TicketTask, ("post",), kwargs=lambda t: {"pk": t.pk, "action": "complete"},
          data=lambda t: {"reply-reply": "越权答复"}),
]
