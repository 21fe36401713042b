import functools
import ipaddress
import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from .context import client_address

SESSION_STARTED_KEY = "jingqi_session_started"
SESSION_RENEWED_KEY = "jingqi_session_renewed"


@functools.cache
def trusted_proxy_networks(entries: tuple[str, ...]) -> tuple:
    """``JINGQI_TRUSTED_PROXIES`` parsed (an entry that is not an address or network is skipped here and
    reported by the system check ``jingqi.E003``)."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            continue
    return tuple(networks)


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _is_trusted_proxy(address: str) -> bool:
    if not _is_address(address):
        return False
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in trusted_proxy_networks(tuple(settings.JINGQI_TRUSTED_PROXIES)))


def get_client_address(request) -> str:
    """The address sign-in throttling, API rate limits and the audit log count by.

    Behind the reverse proxy REMOTE_ADDR is the proxy's, and it passes the client's in X-Real-IP. The
    header is believed only when the connection really comes from a configured proxy
    (``JINGQI_TRUSTED_PROXIES``): anyone reaching the web server directly could send any value.
    """
    remote = request.META.get("REMOTE_ADDR", "")[:45]
    forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
    if forwarded and _is_trusted_proxy(remote) and _is_address(forwarded):
        return forwarded[:45]
    return remote


def session_started(sender, request, user, **kwargs):
    """On sign-in (``user_logged_in``): the session's start and its first renewal, saved with the sign-in itself,
    so that the pages of its first minute write nothing."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SESSION_STARTED_KEY] = now
        request.session[SESSION_RENEWED_KEY] = now


class SessionLimitsMiddleware:
    """Ends a session 10 hours after sign-in whatever the activity, and renews its idle expiry (the cookie age)
    when it is used, at most once every ``SESSION_RENEW_SECONDS``: saving the session on every request would be a
    database write per page view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            started = session.get(SESSION_STARTED_KEY)
            now = int(time.time())
            if started is None:
                session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(settings.LOGIN_URL)
            if now - session.get(SESSION_RENEWED_KEY, 0) >= settings.SESSION_RENEW_SECONDS:
                session[SESSION_RENEWED_KEY] = now  # modified: saved with a fresh expiry, the cookie too
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


def content_security_policy() -> str:
    """The policy for every answer: everything from this site, no inline script, no eval, no inline style.

    Inline style is refused too (no ``'unsafe-inline'`` even for style attributes): Leaflet, ECharts (SVG
    renderer, plain-text tooltips), Swagger UI and the admin set styles through the DOM, which CSP allows,
    and the browser test (e2e/test_content_security_policy.py) finds no violation on any page type. The
    map tile server, when one is configured, may serve images.
    """
    images = ["'self'", "data:", "blob:"]
    tiles = tile_origin(settings.JINGQI_MAP_TILE_URL)
    if tiles:
        images.append(tiles)
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": images,
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def tile_origin(url_template: str) -> str:
    """``https://{s}.tiles.local/{z}/{x}/{y}.png`` → ``https://*.tiles.local``; empty for none."""
    from urllib.parse import urlsplit

    if not url_template:
        return ""
    parts = urlsplit(url_template.replace("{s}", "*"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}"


class ContentSecurityPolicyMiddleware:
    """Sends the Content-Security-Policy on every answer (a view may set its own first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = content_security_policy()
        return response
