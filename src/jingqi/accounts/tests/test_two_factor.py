import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from jingqi.accounts import two_factor
from jingqi.core.models import AuditEvent
from jingqi.core.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def required(settings):
    settings.JINGQI_TWO_FACTOR = "required"


def code(device, drift=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def sign_in(client, username):
    return client.post(reverse("login"), {"username": username, "password": "correct-horse-battery"})


def test_police_account_must_enrol_before_reaching_any_page(world, client):
    sign_in(client, "officer_a")
    response = client.get(reverse("registry:enterprise_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_enrol"))


def test_enrolment_confirms_with_a_code_and_is_audited(world, client):
    sign_in(client, "officer_a")
    page = client.get(reverse("two_factor_enrol"))
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=world.officer_a, confirmed=False)
    response = client.post(reverse("two_factor_enrol"), {"token": code(device), "next": "/registry/enterprises/"})
    assert response.status_code == 302 and response["Location"] == "/registry/enterprises/"
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert AuditEvent.objects.filter(action="user.two_factor_enrol", actor=world.officer_a).exists()
    assert client.get(reverse("registry:enterprise_list")).status_code == 200


def test_wrong_code_does_not_enrol(world, client):
    sign_in(client, "officer_a")
    client.get(reverse("two_factor_enrol"))
    device = TOTPDevice.objects.get(user=world.officer_a)
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("two_factor_enrol"), {"token": wrong})
    assert response.status_code == 400 and "验证码错误" in response.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(reverse("home")).status_code == 302


def test_enrolled_account_verifies_at_each_sign_in(world, client):
    device = TOTPDevice.objects.create(user=world.supervisor, name="app", confirmed=True)
    sign_in(client, "supervisor")
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_verify"))
    assert client.post(reverse("two_factor_verify"), {"token": "000000"}).status_code == 400
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    assert client.post(reverse("two_factor_verify"), {"token": code(device)}).status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_repeated_wrong_codes_are_throttled(world, client):
    device = TOTPDevice.objects.create(user=world.supervisor, name="app", confirmed=True)
    sign_in(client, "supervisor")
    client.post(reverse("two_factor_verify"), {"token": "000000"})
    response = client.post(reverse("two_factor_verify"), {"token": code(device)})
    assert response.status_code == 400  # the throttle holds even a right code for a moment


@pytest.mark.parametrize("persona", ["liaison_a", "dept_transport", "volunteer_a", "viewer"])
def test_other_roles_are_not_asked_for_a_second_factor(world, client, persona):
    sign_in(client, persona)
    assert client.get(reverse("home")).status_code == 200


def test_off_switch_lets_police_in_with_the_password(world, client, settings):
    settings.JINGQI_TWO_FACTOR = "off"
    sign_in(client, "officer_a")
    assert client.get(reverse("home")).status_code == 200


def test_open_redirect_is_refused(world, client):
    device = TOTPDevice.objects.create(user=world.supervisor, name="app", confirmed=True)
    sign_in(client, "supervisor")
    response = client.post(reverse("two_factor_verify"), {"token": code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_administrator_resets_a_lost_authenticator(world):
    TOTPDevice.objects.create(user=world.officer_a, name="app", confirmed=True)
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert two_factor.do_reset_two_factor(admin, world.officer_a) == 1
    assert not TOTPDevice.objects.filter(user=world.officer_a).exists()
    assert AuditEvent.objects.filter(action="user.two_factor_reset").exists()


def test_administrators_need_a_second_factor_too(world, client):
    UserFactory(username="root", is_superuser=True, is_staff=True)
    client.post(reverse("login"), {"username": "root", "password": "correct-horse-battery"})
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_enrol"))
