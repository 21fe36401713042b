"""API rate limits: per account (token or session) and per client address, with 429 and Retry-After."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jingqi.core.throttling import AddressRateThrottle, seconds_until_allowed

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    def set_rates(user="3/min", address="1000/min"):
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                                   "DEFAULT_THROTTLE_RATES": {"user": user, "address": address}}
        cache.clear()

    yield set_rates
    cache.clear()


def token_client(user, address="10.0.0.1"):
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_a_token_over_its_rate_is_refused_with_429_and_retry_after(world, rates):
    rates(user="3/min")
    client = token_client(world.officer_a)
    answers = [client.get("/api/enterprises/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    response = client.get("/api/enterprises/")
    # The sliding estimate may ask for up to two periods when the previous window's requests came at its start.
    assert 0 < int(response["Retry-After"]) <= 120
    assert response.json()["detail"]


def test_the_account_limit_is_not_shared_with_another_account(world, rates):
    rates(user="3/min")
    officer = token_client(world.officer_a)
    for _ in range(3):
        officer.get("/api/enterprises/")
    assert officer.get("/api/enterprises/").status_code == 429
    assert token_client(world.supervisor).get("/api/enterprises/").status_code == 200


def test_one_address_is_limited_across_accounts(world, rates):
    rates(user="1000/min", address="3/min")
    answers = [token_client(user, address="10.0.0.9").get("/api/enterprises/").status_code
               for user in (world.officer_a, world.supervisor, world.viewer, world.officer_b)]
    assert answers == [200, 200, 200, 429]
    assert token_client(world.officer_b, address="10.0.0.10").get("/api/enterprises/").status_code == 200


def test_anonymous_open311_readers_are_limited_per_address(world, rates):
    rates(user="2/min", address="1000/min")
    client = APIClient(REMOTE_ADDR="10.0.0.20")
    answers = [client.get("/open311/v2/services.json").status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    response = client.get("/open311/v2/services.json")
    assert response["Retry-After"] and response.json()[0]["code"] == 429
    assert APIClient(REMOTE_ADDR="10.0.0.21").get("/open311/v2/services.json").status_code == 200


def test_a_forged_x_forwarded_for_does_not_escape_the_address_limit(world, rates):
    rates(user="2/min", address="1000/min")
    client = APIClient(REMOTE_ADDR="10.0.0.30")
    answers = [client.get("/open311/v2/services.json", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}").status_code
               for i in range(3)]
    assert answers == [200, 200, 429]


@pytest.mark.parametrize(("into", "current", "previous", "expected"), [
    (10, 3, 0, 70),     # this window is full: 20 s into the next one, 3 × (1 − 20/60) + 1 = 3
    (30, 1, 3, 10),     # the previous window's weight falls: at 40 s, 3 × (1 − 40/60) + 1 + 1 = 3
    (59, 0, 6, 0),      # nearly a period on, 6 × (1/60) + 1 fits: no wait
    (10, 2, 3, 50),     # no room this window (3 − 2 − 1 = 0): only once the previous window's weight is gone
    (10, 5, 0, 86),     # more than the rate counted (a lower rate set meanwhile): 50 s, then 36 s of the next
])
def test_seconds_until_allowed(into, current, previous, expected):
    assert seconds_until_allowed(3, 60, into, current, previous) == pytest.approx(expected, abs=1e-9)


def test_seconds_until_allowed_at_a_rate_of_one():
    assert seconds_until_allowed(1, 60, 10, 1, 0) == pytest.approx(110)  # the next window, once this one's gone
    assert seconds_until_allowed(1, 60, 10, 0, 1) == pytest.approx(50)   # the previous one's request fades


def test_requests_arriving_together_are_counted_before_they_are_let_through(rates, rf):
    """Each request counts itself before deciding: with the count raised by others between, it is refused, and a
    refused request leaves the count as it was."""
    rates(address="3/min")
    clock = 60 * 3000 + 1.0
    request = rf.get("/open311/v2/services.json", REMOTE_ADDR="10.0.0.41")
    throttles = [AddressRateThrottle() for _ in range(4)]
    for throttle in throttles:
        throttle.timer = lambda: clock
    assert [t.allow_request(request, None) for t in throttles] == [True, True, True, False]
    key = f"{throttles[0].get_cache_key(request, None)}:3000"
    assert cache.get(key) == 3


def test_a_refused_client_is_let_through_once_it_waits_as_told(rates, rf):
    """A burst at the start of a window, the next request refused; just before the wait it is still refused, at
    the wait's end it passes — and a burst across a window's edge gets no more than the rate."""
    rates(address="3/min")
    clock = [60 * 1000 + 1.0]

    def ask():
        throttle = AddressRateThrottle()
        throttle.timer = lambda: clock[0]
        request = rf.get("/open311/v2/services.json", REMOTE_ADDR="10.0.0.40")
        return throttle.allow_request(request, None), throttle.wait()

    assert [ask()[0] for _ in range(3)] == [True, True, True]
    allowed, wait = ask()
    assert not allowed and wait == pytest.approx(79.0)
    start = clock[0]
    clock[0] = start + wait - 0.5
    assert not ask()[0]
    clock[0] = start + wait
    assert ask()[0]
    # Across the edge: three at the end of a window, then the next window refuses until their weight has gone.
    cache.clear()
    clock[0] = 60 * 2000 + 59.0
    assert [ask()[0] for _ in range(3)] == [True, True, True]
    clock[0] = 60 * 2001 + 1.0
    assert not ask()[0]
