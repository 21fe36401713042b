import pytest
from django.urls import reverse

from jingqi.core.models import AuditEvent
from jingqi.core.testing.factories import UserFactory
from jingqi.registry.models import Park

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(world, client_for):
    return client_for(UserFactory(username="root", is_superuser=True, is_staff=True))


def test_admin_edit_is_audited_with_a_diff(world, admin_client):
    station = world.station
    response = admin_client.post(reverse("admin:registry_station_change", args=[station.pk]),
                                 {"code": "S", "name": "城东派出所（新）", "region": "", "address": "",
                                  "business_hours": "08:30-12:00,13:30-17:30"})
    assert response.status_code == 302
    event = AuditEvent.objects.last()
    assert event.action == "admin.station.update" and event.changes["name"] == ["城东派出所", "城东派出所（新）"]


def test_admin_park_boundary_is_validated_and_area_recomputed(world, admin_client):
    park = world.park_a
    data = {"station": park.station_id, "office": park.office_id, "code": park.code, "name": park.name,
            "kind": park.kind, "description": ""}
    bad = admin_client.post(reverse("admin:registry_park_change", args=[park.pk]),
                            {**data, "boundary": '{"type": "Point", "coordinates": [113, 27]}'})
    assert bad.status_code == 200 and Park.objects.get(pk=park.pk).boundary == park.boundary
    square = '{"type": "Polygon", "coordinates": [[[113,27.8],[113.01,27.8],[113.01,27.81],[113,27.81],[113,27.8]]]}'
    assert admin_client.post(reverse("admin:registry_park_change", args=[park.pk]),
                             {**data, "boundary": square}).status_code == 302
    assert 1.0 < float(Park.objects.get(pk=park.pk).area_km2) < 1.2


def test_audit_log_is_read_only_in_the_admin(world, admin_client):
    from jingqi.core import audit

    event = audit.record(world.supervisor, "test.write", world.station, {})
    assert admin_client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    delete_url = reverse("admin:core_auditevent_delete", args=[event.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_police_cannot_open_the_admin(world, client_for):
    response = client_for(world.supervisor).get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response["Location"]


def _deploy_check(env_overrides: dict, drop=()):
    import os
    import subprocess
    import sys

    # The browser suite's DJANGO_ALLOW_ASYNC_UNSAFE may be set in this process; a deployment never has it.
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", *drop)}
    env.update({"DJANGO_SETTINGS_MODULE": "jingqi.settings", **env_overrides})
    return subprocess.run([sys.executable, "-m", "jingqi.cli", "check", "--deploy", "--fail-level", "WARNING"],
                          env=env, capture_output=True, text=True, timeout=120)


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = _deploy_check({"SECRET_KEY": "x" * 20 + "production-secret-key-of-enough-length-0123456789",
           "JINGQI_FIELD_KEY": "production-field-key", "SECURE_COOKIES": "1", "SECURE_SSL_REDIRECT": "1",
           "SECURE_HSTS_SECONDS": "31536000", "ALLOWED_HOSTS": "jingqi.example.gov.cn", "DEBUG": "0",
           "JINGQI_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_flags_the_development_key(tmp_path):
    result = _deploy_check({"SECURE_COOKIES": "1", "SECURE_SSL_REDIRECT": "1", "SECURE_HSTS_SECONDS": "31536000",
                            "JINGQI_VAR_DIR": str(tmp_path)}, drop=("SECRET_KEY", "SECRET_KEY_FILE"))
    assert result.returncode != 0 and "SECRET_KEY" in result.stdout + result.stderr


def test_account_edits_in_the_admin_are_audited_without_the_password_hash(world, admin_client):
    officer = world.officer_a
    response = admin_client.post(reverse("admin:accounts_user_change", args=[officer.pk]), {
        "username": officer.username, "full_name": "新名字", "role": "officer", "office": officer.office_id,
        "is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.filter(action="admin.user.update").last()
    assert event.changes["full_name"] == [officer.full_name, "新名字"]
    assert "password" not in event.changes


def test_stationing_rows_edited_inline_are_audited(world, admin_client):
    department = world.dept_transport_unit
    stationing = world.stationing_a
    prefix = "stationings"
    data = {"station": department.station_id, "code": department.code, "name": department.name, "duty_phone": "",
            f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "1", f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000", f"{prefix}-0-id": stationing.pk, f"{prefix}-0-department": department.pk,
            f"{prefix}-0-office": stationing.office_id, f"{prefix}-0-mode": "rotating", f"{prefix}-0-schedule": "周二"}
    response = admin_client.post(reverse("admin:registry_department_change", args=[department.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.filter(action="admin.stationing.update").last()
    assert event.changes["mode"] == ["on_call", "rotating"]


def test_webhook_secret_is_never_written_to_the_audit_log(world, admin_client):
    response = admin_client.post(reverse("admin:core_webhook_add"), {
        "name": "热线平台", "url": "https://hotline.local/hook", "secret": "top-secret-value", "events": "*",
        "active": "on"})
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="admin.webhook.create").last()
    assert "top-secret-value" not in str(event.changes)


def test_open311_keys_are_revoked_from_the_admin(world, admin_client):
    from jingqi.tickets import services
    from jingqi.tickets.models import Open311Key

    key, _raw = services.do_create_open311_key(None, name="hotline", station=world.station)
    admin_client.post(reverse("admin:tickets_open311key_changelist"),
                      {"action": "revoke", "_selected_action": [key.pk]})
    assert Open311Key.objects.get(pk=key.pk).revoked_at is not None
