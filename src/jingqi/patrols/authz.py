"""Patrol pages and API actions for the authorization matrix (see core/testing/matrix.py)."""

from jingqi.core.testing.matrix import Route  # noqa: F401 — used by the lists below as they are filled

# --- teams, volunteers, places, patrols, findings (views/teams.py, places.py, patrols.py) ---
_TEAMS_PLACES_PATROLS = []

# --- guard operations, rosters, the volunteer's own page (views/guard.py, me.py) ---
_GUARD_AND_ME = []

HTML_ROUTES = _TEAMS_PLACES_PATROLS + _GUARD_AND_ME

# --- API actions with narrower rules than their viewset's scope (api/) ---
API_ALLOWED = {}
