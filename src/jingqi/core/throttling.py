"""API rate limits: per account (session or token) and per client address, anonymous readers included.

The rates are ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` ("user" and "address", from
``JINGQI_API_RATE_USER`` / ``JINGQI_API_RATE_ADDRESS``). Counts live in the cache: with several web
processes, set ``REDIS_URL`` so that they share one count. The client address is the one
``get_client_address`` trusts (X-Real-IP only from a configured proxy), never a client's own
X-Forwarded-For, which DRF's default ``get_ident`` would believe.

DRF views get the classes through ``DEFAULT_THROTTLE_CLASSES``; plain Django endpoints for machines
(Open311) wrap their views in ``rate_limited``, which runs the same classes.
"""

import functools
import math

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import throttling
from rest_framework.settings import api_settings

from .middleware import get_client_address


def throttled_message(wait: float | None) -> str:
    if wait is None:
        return _("Too many requests. Try again later.")
    seconds = max(1, math.ceil(wait))
    return _("Too many requests. Try again in %(seconds)d seconds.") % {"seconds": seconds}


class _SettingsRate:
    """Reads the rate when the throttle is made, not when the class is imported (DRF's default), so that a
    changed setting (a test, a reload) takes effect."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return get_client_address(request)


class UserRateThrottle(_SettingsRate, throttling.UserRateThrottle):
    """Per signed-in account, whichever way it authenticated (session or token); per address when anonymous."""

    scope = "user"


class AddressRateThrottle(_SettingsRate, throttling.SimpleRateThrottle):
    """Per client address for everyone: many tokens or accounts from one machine share its limit."""

    scope = "address"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def _refuse_as_json(request, wait, message, **kwargs):
    return JsonResponse({"detail": message}, status=429)


def rate_limited(view, refuse=_refuse_as_json):
    """Runs the API's throttle classes in front of a plain Django view; over the limit, answers with
    ``refuse(request, wait, message, **view_kwargs)`` (429) and a Retry-After header."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        waits = []
        for throttle_class in api_settings.DEFAULT_THROTTLE_CLASSES:
            throttle = throttle_class()
            if not throttle.allow_request(request, None):
                waits.append(throttle.wait())
        if waits:
            wait = max((w for w in waits if w is not None), default=None)
            response = refuse(request, wait, throttled_message(wait), **kwargs)
            response.status_code = 429
            if wait is not None:
                response["Retry-After"] = str(max(1, math.ceil(wait)))
            return response
        return view(request, *args, **kwargs)

    return wrapper
