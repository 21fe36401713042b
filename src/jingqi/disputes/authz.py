"""Dispute pages and API actions for the authorization matrix (see core/testing/matrix.py)."""

from jingqi.core.testing.matrix import Route  # noqa: F401

from .models import Dispute

# --- HTML pages (the pages' owner adds them here) ---
HTML_ROUTES = []

# --- API actions that need sight of the dispute rather than the right to handle it ---
def _seen(user, method):
    return Dispute.objects.visible_to(user)


# A comment and the timeline need sight of the dispute, not the right to handle it: the parties comment too
# (the service refuses the roles that may not write, with 403, or an ended dispute, with a state error).
API_ALLOWED = {"dispute-comment": _seen, "dispute-timeline": _seen}
