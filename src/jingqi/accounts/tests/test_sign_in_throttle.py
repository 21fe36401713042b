"""One sign-in throttle for every way in: the sign-in page, the admin's login and two-factor codes."""

from unittest import mock

import pytest
from django.contrib.auth.backends import ModelBackend
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from jingqi.core.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = "10.0.0.7"


@pytest.fixture
def root(world):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def password_checks():
    """Counts how often a password is actually evaluated."""
    with mock.patch.object(ModelBackend, "authenticate", autospec=True,
                           side_effect=ModelBackend.authenticate) as spy:
        yield spy


def admin_login(client, password, username="root"):
    return client.post(reverse("admin:login"), {"username": username, "password": password,
                                                "next": reverse("admin:index")}, REMOTE_ADDR=ADDRESS)


def page_login(client, password, username="root"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ADDRESS)


def test_admin_login_stops_evaluating_passwords_after_the_limit(root, client, settings, password_checks):
    statuses = [admin_login(client, "wrong-password").status_code for _ in range(8)]
    # Wrong passwords are answered with the form again; once throttled, with 429 like the sign-in page.
    assert statuses == [200] * settings.LOGIN_FAILURE_LIMIT + [429] * (8 - settings.LOGIN_FAILURE_LIMIT)
    response = admin_login(client, "wrong-password")
    assert password_checks.call_count == settings.LOGIN_FAILURE_LIMIT
    assert response.context["form"].is_throttled()
    # Even the right password is not looked at now.
    admin_login(client, "correct-horse-battery")
    assert password_checks.call_count == settings.LOGIN_FAILURE_LIMIT
    assert "_auth_user_id" not in client.session


def test_admin_login_failures_count_towards_the_sign_in_page(root, client):
    for _ in range(5):
        admin_login(client, "wrong-password")
    assert page_login(client, "correct-horse-battery").status_code == 429


def test_sign_in_page_failures_count_towards_the_admin_login(root, client, password_checks):
    for _ in range(5):
        page_login(client, "wrong-password")
    calls = password_checks.call_count
    admin_login(client, "correct-horse-battery")
    assert password_checks.call_count == calls and "_auth_user_id" not in client.session


def test_admin_login_still_works_with_the_right_password(root, client):
    response = admin_login(client, "correct-horse-battery")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(root.pk)


def test_wrong_two_factor_codes_count_towards_the_sign_in_throttle(world, client, settings):
    from django.test import Client

    settings.JINGQI_TWO_FACTOR = "required"
    device = TOTPDevice.objects.create(user=world.supervisor, name="app", confirmed=True, tolerance=0)
    assert page_login(client, "correct-horse-battery", username="supervisor").status_code == 302
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0,
                                                       throttling_failure_timestamp=None)
        client.post(reverse("two_factor_verify"), {"token": "000000"}, REMOTE_ADDR=ADDRESS)
    # Guessing codes is held like guessing passwords: the account is throttled from this address...
    response = client.post(reverse("two_factor_verify"), {"token": "000000"}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 400
    assert response.context["form"].has_error("token", code="throttled")
    # ... and signing in again with the password does not reset the count.
    assert page_login(Client(), "correct-horse-battery", username="supervisor").status_code == 429


@pytest.mark.parametrize(("seconds", "minutes"), [(15 * 60, 15), (60, 1), (90, 2)])
def test_the_throttle_message_gives_the_configured_wait(root, client, settings, seconds, minutes):
    from django.utils.translation import ngettext

    settings.LOGIN_FAILURE_WINDOW_SECONDS = seconds
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        page_login(client, "wrong-password")
    response = page_login(client, "wrong-password")
    said = ngettext("Too many failed attempts. Wait %(minutes)d minute, or ask your supervisor.",
                    "Too many failed attempts. Wait %(minutes)d minutes, or ask your supervisor.",
                    minutes) % {"minutes": minutes}
    assert response.status_code == 429 and said in response.content.decode()
