"""Case pages and API actions for the authorization matrix."""

HTML_ROUTES = []
API_ALLOWED = {}
