"""Dispute pages and API actions for the authorization matrix (see core/testing/matrix.py)."""

from jingqi.core.testing.matrix import Route  # noqa: F401

from .models import Dispute  # noqa: F401

# --- HTML pages (the pages' owner adds them here) ---
HTML_ROUTES = []

# --- API actions that need sight of the dispute rather than the right to handle it ---
API_ALLOWED = {}
