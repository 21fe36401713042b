"""API tokens end with the password and with the account's state: none survives, none comes back."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jingqi.accounts import services
from jingqi.core.models import AuditEvent
from jingqi.core.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase-9"  # noqa: S105


@pytest.fixture
def root(world):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def token(world):
    return Token.objects.create(user=world.officer_a).key


def refused(key) -> bool:
    # An unknown token is refused (403 rather than 401: session authentication comes first).
    return api_status(key) in (401, 403)


def api_status(key) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/enterprises/").status_code


def test_the_token_works_until_something_changes(world, token):
    assert api_status(token) == 200


def test_a_password_change_in_services_ends_the_token_and_is_audited(world, root, token):
    services.do_set_password(root, world.officer_a, NEW_PASSWORD)
    assert refused(token) and not Token.objects.filter(user=world.officer_a).exists()
    event = AuditEvent.objects.filter(action="user.password_change").last()
    assert event.changes == {"api_tokens_revoked": 1} and event.actor_id == root.pk


def test_a_password_change_in_the_admin_ends_the_token_and_is_audited(world, root, token, client):
    client.force_login(root)
    response = client.post(reverse("admin:auth_user_password_change", args=[world.officer_a.pk]),
                           {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302
    assert refused(token)
    assert AuditEvent.objects.filter(action="user.password_change", changes={"api_tokens_revoked": 1}).exists()


def test_the_changepassword_command_ends_the_token(world, token, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)
    call_command("changepassword", "officer_a")
    assert refused(token)


def test_a_re_enabled_account_does_not_get_its_old_token_back(world, root, token):
    services.do_set_user_active(root, world.officer_a, False)
    assert refused(token)
    services.do_set_user_active(root, world.officer_a, True)
    assert refused(token) and not Token.objects.filter(user=world.officer_a).exists()
    assert AuditEvent.objects.get(action="user.disable").changes["api_tokens_revoked"] == 1


def test_re_enabling_outside_the_services_does_not_bring_the_token_back(world, root, token):
    officer = type(world.officer_a).objects.get(pk=world.officer_a.pk)
    officer.is_active = False
    officer.save()
    officer.is_active = True
    officer.save()
    assert refused(token)


def test_other_edits_keep_the_token(world, token):
    officer = type(world.officer_a).objects.get(pk=world.officer_a.pk)
    officer.full_name = "新名字"
    officer.save()
    assert api_status(token) == 200


def test_a_person_may_not_set_another_persons_password(world, token):
    from jingqi.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.do_set_password(world.supervisor, world.officer_a, NEW_PASSWORD)
    assert api_status(token) == 200


def test_a_password_rehashed_at_sign_in_keeps_the_token(world, token, settings):
    """Django re-hashes a password at sign-in when the hasher's work factor changes: the same password, so
    the tokens live on (only a real change ends them)."""
    user = world.officer_a
    user.set_password(NEW_PASSWORD)
    user.save()
    token = Token.objects.create(user=user).key
    # The tests hash with MD5 for speed; making PBKDF2 the preferred hasher makes sign-in upgrade the hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher",
                                 "django.contrib.auth.hashers.MD5PasswordHasher"]
    user = type(user).objects.get(pk=user.pk)
    old_hash = user.password
    assert user.check_password(NEW_PASSWORD)
    user.refresh_from_db()
    assert user.password != old_hash and user.password.startswith("pbkdf2_sha256$")  # re-hashed and saved
    assert api_status(token) == 200


def test_a_save_after_a_refresh_compares_with_what_the_refresh_read(world, root):
    """The password is changed through another copy of the account (its tokens end then); this copy is
    refreshed and saved for another field: nothing changed here, so the token issued since lives on."""
    copy = type(world.officer_a).objects.get(pk=world.officer_a.pk)
    services.do_set_password(root, world.officer_a, NEW_PASSWORD)
    new_token = Token.objects.create(user=world.officer_a).key
    copy.refresh_from_db()
    copy.full_name = "改名"
    copy.save(update_fields=["full_name"])
    assert api_status(new_token) == 200
