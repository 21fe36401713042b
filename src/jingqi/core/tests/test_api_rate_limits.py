"""API rate limits: per account (token or session) and per client address, with 429 and Retry-After."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

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
    assert 0 < int(response["Retry-After"]) <= 60
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
