"""Platform behaviour: health, language, headers, sessions, sign-in throttling, idempotent POSTs."""

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from jingqi.accounts import services as account_services
from jingqi.core.middleware import SESSION_RENEWED_KEY, SESSION_STARTED_KEY
from jingqi.registry.models import Enterprise

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"]["ok"] and body["queue"]["ok"]


def test_healthz_reports_a_broken_database(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise RuntimeError("down")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"]["ok"] is False


def test_interface_is_chinese_by_default_and_english_on_request(world, client_for):
    client = client_for(world.officer_a)
    assert "企业" in client.get(reverse("registry:enterprise_list")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Enterprises" in client.get(reverse("registry:enterprise_list")).content.decode()


def test_pages_are_never_cached(world, client_for):
    response = client_for(world.officer_a).get(reverse("registry:enterprise_detail", args=[world.enterprise_a.pk]))
    assert "no-store" in response["Cache-Control"]


def test_session_ends_after_ten_hours_whatever_the_activity(world, client_for):
    client = client_for(world.officer_a)
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - 10 * 3600 - 1
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302  # signed out for good


def test_idle_timeout_is_thirty_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_RENEW_SECONDS <= 60


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_activity_renews_the_idle_expiry_at_most_once_a_minute(world, client_for):
    client = client_for(world.officer_a)
    client.get(reverse("home"))
    renewed = _expiry(client)
    assert renewed > timezone.now() + timedelta(minutes=29)
    client.get(reverse("home"))
    assert _expiry(client) == renewed  # within the minute: no write
    session = client.session
    session[SESSION_RENEWED_KEY] = int(time.time()) - 61  # as if its last renewal had been over a minute ago
    session.save()
    Session.objects.filter(session_key=session.session_key).update(expire_date=timezone.now() + timedelta(minutes=1))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert _expiry(client) > timezone.now() + timedelta(minutes=29)
    assert response.cookies["sessionid"]["max-age"] == 30 * 60


def test_a_session_idle_past_its_expiry_is_signed_out(world, client_for):
    client = client_for(world.officer_a)
    client.get(reverse("home"))
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("home")).status_code == 302


def test_disabling_an_account_ends_its_sessions(world, client_for):
    from jingqi.core.testing.factories import UserFactory

    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = client_for(world.officer_a)
    assert client.get(reverse("home")).status_code == 200
    account_services.do_set_user_active(admin, world.officer_a, False)
    assert client.get(reverse("home")).status_code == 302


class TestSignIn:
    def sign_in(self, client, password, address="10.0.0.1"):
        return client.post(reverse("login"), {"username": "officer_a", "password": password},
                           REMOTE_ADDR=address)

    def test_sign_in_with_right_password(self, world, client):
        response = self.sign_in(client, "correct-horse-battery")
        assert response.status_code == 302 and response["Location"] == reverse("home")

    def test_wrong_password_gives_a_translated_error(self, world, client):
        response = self.sign_in(client, "wrong")
        assert response.status_code == 200 and "用户名或密码错误" in response.content.decode()

    def test_repeated_failures_throttle_that_address_only(self, world, client):
        for _ in range(5):
            self.sign_in(client, "wrong")
        assert self.sign_in(client, "correct-horse-battery").status_code == 429
        # The officer, at their own desk, is not locked out by someone failing elsewhere.
        assert self.sign_in(client, "correct-horse-battery", address="10.0.0.2").status_code == 302


class TestIdempotency:
    def payload(self, world):
        from jingqi.core.testing.factories import valid_uscc

        return {"park": world.park_a.pk, "name": "幂等测试有限公司", "uscc": valid_uscc(777001),
                "industry_code": "C3854"}

    def test_same_key_creates_once_and_replays_the_answer(self, world, client_for):
        client = client_for(world.officer_a)
        first = client.post("/api/enterprises/", self.payload(world), content_type="application/json",
                            HTTP_IDEMPOTENCY_KEY="abc-1")
        second = client.post("/api/enterprises/", self.payload(world), content_type="application/json",
                             HTTP_IDEMPOTENCY_KEY="abc-1")
        assert first.status_code == second.status_code == 201
        assert first.json()["id"] == second.json()["id"] and second["Idempotent-Replayed"] == "true"
        assert Enterprise.objects.filter(name="幂等测试有限公司").count() == 1

    def test_same_key_with_another_body_is_refused(self, world, client_for):
        client = client_for(world.officer_a)
        client.post("/api/enterprises/", self.payload(world), content_type="application/json",
                    HTTP_IDEMPOTENCY_KEY="abc-2")
        other = {**self.payload(world), "name": "另一家有限公司"}
        response = client.post("/api/enterprises/", other, content_type="application/json",
                               HTTP_IDEMPOTENCY_KEY="abc-2")
        assert response.status_code == 422
        assert not Enterprise.objects.filter(name="另一家有限公司").exists()


def test_static_files_collect_with_the_production_storage(settings, tmp_path):
    # `make run` serves with hashed, compressed static files: every reference inside them must resolve.
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    call_command("collectstatic", "--noinput", verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/leaflet/leaflet.*.js"))


def test_inbox_shows_only_own_messages_and_marks_them_read(world, client_for):
    from jingqi.core.models import Notification
    from jingqi.core.notify import notify

    notify([world.officer_a], "test", "给A的消息")
    notify([world.officer_b], "test", "给B的消息")
    client = client_for(world.officer_a)
    content = client.get(reverse("inbox")).content.decode()
    assert "给A的消息" in content and "给B的消息" not in content
    other = Notification.objects.get(user=world.officer_b, title="给B的消息")
    client.post(reverse("inbox_read"), {"id": other.pk})
    assert Notification.objects.get(pk=other.pk).read_at is None  # never someone else's
    client.post(reverse("inbox_read"))
    assert not Notification.objects.filter(user=world.officer_a, read_at__isnull=True).exists()


def test_webhook_delivers_a_signed_post_to_a_local_receiver(world):
    from jingqi.core.models import Webhook
    from jingqi.core.notify import notify
    from jingqi.core.testing.webhooks import local_receiver, signed

    with local_receiver() as (url, received):
        Webhook.objects.create(name="integration", url=url, secret="s3cret")
        notify([world.officer_a], "ticket.submitted", "x", payload={"reference": "S-1"})
    (signature, body), = received
    assert b"S-1" in body
    assert signature == signed("s3cret", body)


def test_webhook_refuses_non_http_schemes():
    from jingqi.core.tasks import post_webhook

    with pytest.raises(ValueError):
        post_webhook.call_local("file:///etc/passwd", "s", "{}")


def test_openapi_schema_is_valid_and_warning_free(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    schema = (tmp_path / "schema.yml").read_text(encoding="utf-8")
    assert "/api/tickets/{id}/whistle/" in schema and "/api/enterprises/" in schema
