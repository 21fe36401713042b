"""Case, outreach and background-check pages for the authorization matrix (see core/testing/matrix.py): each
area declares its own routes in ``authz_<area>.py``."""

from .authz_cases import API_ALLOWED
from .authz_cases import HTML_ROUTES as CASE_ROUTES
from .authz_checks import HTML_ROUTES as CHECK_ROUTES
from .authz_outreach import HTML_ROUTES as OUTREACH_ROUTES

HTML_ROUTES = [*CASE_ROUTES, *OUTREACH_ROUTES, *CHECK_ROUTES]

__all__ = ["API_ALLOWED", "HTML_ROUTES"]
