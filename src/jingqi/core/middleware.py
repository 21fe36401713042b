import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from .context import client_address

SESSION_STARTED_KEY = "jingqi_session_started"


def get_client_address(request) -> str:
    # Behind the reverse proxy the address is the proxy's; it passes the client's in X-Real-IP.
    if settings.SECURE_PROXY_SSL_HEADER and request.META.get("HTTP_X_REAL_IP"):
        return request.META["HTTP_X_REAL_IP"][:45]
    return request.META.get("REMOTE_ADDR", "")[:45]


class SessionLimitsMiddleware:
    """Ends a session 10 hours after sign-in whatever the activity (idle expiry is the cookie age)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = int(time.time())
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class RequestContextMiddleware:
    """Publishes the client address to services (for audit) and keeps answers out of caches."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = client_address.set(get_client_address(request))
        try:
            response = self.get_response(request)
        finally:
            client_address.reset(token)
        # Any page or API answer may carry personal data: never store one in a shared or browser cache.
        # (Static files are served before this middleware and keep their long cache lifetime.)
        add_never_cache_headers(response)
        response["Cache-Control"] = "no-store, private"
        return response
