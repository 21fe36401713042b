"""Case pages for the authorization matrix (see core/testing/matrix.py)."""

from jingqi.core.testing.matrix import Route

from .models import Case

_EDIT = {"kind": "theft", "title": "越权", "description": "越权", "loss_amount": "1"}

HTML_ROUTES = [
    Route("cases:case_detail", Case),
    Route("cases:case_edit", Case, ("get", "post"), scope="change", data=lambda c: {**_EDIT, "version": c.version}),
    Route("cases:case_action", Case, ("post",), kwargs=lambda c: {"pk": c.pk, "action": "file"},
          data=lambda c: {"file-filing_number": "越权", "version": c.version}),
    Route("cases:case_action", Case, ("post",), kwargs=lambda c: {"pk": c.pk, "action": "decline"},
          data=lambda c: {"decline-reason": "越权", "version": c.version}),
    Route("cases:case_action", Case, ("post",), kwargs=lambda c: {"pk": c.pk, "action": "recover"},
          data=lambda c: {"recover-recovered_on": "2026-01-05", "recover-amount": "1"}),
    Route("cases:case_action", Case, ("post",), kwargs=lambda c: {"pk": c.pk, "action": "note"},
          data=lambda c: {"note-text": "越权", "note-shared": "on"}),
]
API_ALLOWED = {}
