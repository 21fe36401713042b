"""API rate limits: per account (session or token) and per client address, anonymous readers included.

The rates are ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` ("user" and "address", from
``JINGQI_API_RATE_USER`` / ``JINGQI_API_RATE_ADDRESS``). Counts live in the cache: with several web
processes, set ``REDIS_URL`` so that they share one count. The client address is the one
``get_client_address`` trusts (X-Real-IP only from a configured proxy), never a client's own
X-Forwarded-For, which DRF's default ``get_ident`` would believe.

DRF views get the classes through ``DEFAULT_THROTTLE_CLASSES``; plain Django endpoints for machines
(Open311) wrap their views in ``rate_limited``, which runs the same classes.

Requests are counted per window of the rate's period (a minute for "600/min"), and a request is let through while
the *sliding* estimate — this window's count plus the previous window's, weighted by how much of it still lies
within one period back — stays within the rate: no burst of twice the rate across a window's edge, as a plain
fixed window would allow. Each count is a number in the cache, raised with ``incr`` (atomic on Redis, so that
several web processes never lose one another's counts), so a request costs a few small cache operations whatever
the rate; DRF's own throttles keep a list of every request's time within the period and write it back whole on
each request, which at a rate of 1,200 a minute meant a list of 1,200 times read and written per request.
"""

import contextlib
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


def seconds_until_allowed(limit: int, period: float, into: float, current: int, previous: int) -> float:
    """How long until one more request fits under ``limit`` per ``period``, for a sliding estimate made ``into``
    seconds into a window that counts ``current`` requests, after one that counted ``previous``."""
    # Within this window the estimate falls as the previous window's weight does: previous × (1 − t / period).
    room = limit - current - 1
    if previous and room >= 0:
        return max(0.0, period * (1 - room / previous) - into)
    # Otherwise in the next one, where this window's count is the one that fades.
    room = limit - 1
    later = period * (1 - room / current) if current else 0.0
    return (period - into) + max(0.0, later)


class _SlidingCount:
    """The counting of the module's docstring, in place of DRF's list of times (same rates, same cache keys'
    prefixes, ``allow_request`` and ``wait`` as DRF calls them)."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        now = self.timer()
        window, into = divmod(now, self.duration)
        current_key, previous_key = f"{key}:{int(window)}", f"{key}:{int(window) - 1}"
        # Counted first, decided on the count that comes back: requests arriving together each see the others
        # (a read, a decision and then a write would let them all through at the limit's edge).
        current = self._count(current_key)
        previous = self.cache.get(previous_key, 0)
        if previous * (1 - into / self.duration) + current <= self.num_requests:
            return True
        with contextlib.suppress(ValueError):  # ValueError: expired meanwhile
            self.cache.decr(current_key)  # a refused request is not counted
        self._wait = seconds_until_allowed(self.num_requests, self.duration, into, current - 1, previous)
        return False

    def _count(self, key) -> int:
        """This request counted in ``key``; the count with it. Kept for two periods: the next window still weighs
        this one."""
        timeout = 2 * self.duration + 1
        if self.cache.add(key, 1, timeout=timeout):
            return 1
        try:
            return self.cache.incr(key)
        except ValueError:  # expired between the two calls
            return 1 if self.cache.add(key, 1, timeout=timeout) else self.cache.incr(key)

    def wait(self):
        return getattr(self, "_wait", None)


class UserRateThrottle(_SlidingCount, _SettingsRate, throttling.UserRateThrottle):
    """Per signed-in account, whichever way it authenticated (session or token); per address when anonymous."""

    scope = "user"


class AddressRateThrottle(_SlidingCount, _SettingsRate, throttling.SimpleRateThrottle):
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
