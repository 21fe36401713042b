"""Deployment safety: development keys fail ``check --deploy``; X-Real-IP is believed only from a proxy."""

import os
import subprocess
import sys

import pytest
from django.test import RequestFactory

from jingqi.core.middleware import get_client_address

PRODUCTION = {
    "SECRET_KEY": "x" * 20 + "production-secret-key-of-enough-length-0123456789",
    "JINGQI_FIELD_KEY": "production-field-key", "SECURE_COOKIES": "1", "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000", "ALLOWED_HOSTS": "jingqi.example.gov.cn", "DEBUG": "0",
}


def deploy_check(tmp_path, **overrides):
    # A deployment never has the browser suite's DJANGO_ALLOW_ASYNC_UNSAFE nor the test key files.
    env = {k: v for k, v in os.environ.items()
           if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY_FILE", "JINGQI_FIELD_KEY_FILE")}
    env.update({"DJANGO_SETTINGS_MODULE": "jingqi.settings", "JINGQI_VAR_DIR": str(tmp_path), **PRODUCTION})
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    result = subprocess.run([sys.executable, "-m", "jingqi.cli", "check", "--deploy"],
                            env=env, capture_output=True, text=True, timeout=120)
    return result.returncode, result.stdout + result.stderr


def test_deploy_check_fails_on_the_development_field_key(tmp_path):
    code, output = deploy_check(tmp_path, JINGQI_FIELD_KEY=None)
    assert code != 0 and "jingqi.E002" in output and "JINGQI_FIELD_KEY" in output


def test_deploy_check_fails_on_the_development_secret_key_as_an_error_not_a_warning(tmp_path):
    # Django's own W009 is only a warning; without --fail-level the check used to pass.
    code, output = deploy_check(tmp_path, SECRET_KEY=None)
    assert code != 0 and "jingqi.E001" in output


def test_deploy_check_fails_on_the_example_files_placeholders(tmp_path):
    code, output = deploy_check(tmp_path, SECRET_KEY="change-me-to-a-long-random-string-of-at-least-50-characters",
                                JINGQI_FIELD_KEY="change-me-and-keep-a-copy-with-the-backups")
    assert code != 0 and "jingqi.E001" in output and "jingqi.E002" in output


def test_deploy_check_passes_with_real_keys(tmp_path):
    code, output = deploy_check(tmp_path)
    assert code == 0, output


def address(settings, *, remote, header=None, behind_proxy=True, proxies=("127.0.0.1", "::1")):
    # What BEHIND_PROXY=1 sets.
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if behind_proxy else None
    settings.JINGQI_TRUSTED_PROXIES = list(proxies) if behind_proxy else []
    extra = {"HTTP_X_REAL_IP": header} if header is not None else {}
    return get_client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_x_real_ip_from_a_direct_connection_is_ignored(settings):
    assert address(settings, remote="203.0.113.9", header="10.1.2.3") == "203.0.113.9"


def test_x_real_ip_from_the_configured_proxy_names_the_client(settings):
    assert address(settings, remote="127.0.0.1", header="10.1.2.3") == "10.1.2.3"
    assert address(settings, remote="10.8.0.5", header="10.1.2.3", proxies=("10.8.0.0/24",)) == "10.1.2.3"


def test_x_real_ip_is_ignored_when_not_behind_a_proxy(settings):
    assert address(settings, remote="127.0.0.1", header="10.1.2.3", behind_proxy=False) == "127.0.0.1"


def test_a_malformed_x_real_ip_falls_back_to_the_connection_address(settings):
    assert address(settings, remote="127.0.0.1", header="not-an-address") == "127.0.0.1"


@pytest.mark.django_db
def test_sign_in_throttle_cannot_be_dodged_with_a_forged_x_real_ip(world, client, settings):
    from django.urls import reverse

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.JINGQI_TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    for attempt in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "officer_a", "password": "wrong"},
                    REMOTE_ADDR="203.0.113.9", HTTP_X_REAL_IP=f"10.0.0.{attempt}")
    response = client.post(reverse("login"), {"username": "officer_a", "password": "correct-horse-battery"},
                           REMOTE_ADDR="203.0.113.9", HTTP_X_REAL_IP="10.0.0.99")
    assert response.status_code == 429


@pytest.mark.django_db
def test_html_pages_carry_a_strict_content_security_policy(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'" and directives["script-src"] == "'self'"
    assert "unsafe" not in policy
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'self'" and directives["form-action"] == "'self'"


@pytest.mark.django_db
def test_the_configured_tile_server_may_serve_map_images(client, settings):
    settings.JINGQI_MAP_TILE_URL = "https://{s}.tiles.station.local/{z}/{x}/{y}.png"
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    assert "img-src 'self' data: blob: https://*.tiles.station.local;" in policy
