"""Inspection pages and API actions for the authorization matrix (see core/testing/matrix.py): each area declares
its own routes in ``authz_<area>.py``."""

from .authz_api import API_ALLOWED
from .authz_config import HTML_ROUTES as CONFIG_ROUTES
from .authz_hazards import HTML_ROUTES as HAZARD_ROUTES
from .authz_plan import HTML_ROUTES as PLAN_ROUTES

HTML_ROUTES = [*PLAN_ROUTES, *HAZARD_ROUTES, *CONFIG_ROUTES]

__all__ = ["API_ALLOWED", "HTML_ROUTES"]
