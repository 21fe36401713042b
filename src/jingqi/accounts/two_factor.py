"""Two-factor sign-in (TOTP) for police and supervisor roles (security baseline).

After the password, a police account either verifies a code from its enrolled authenticator, or, on
its first sign-in, enrols one: the page shows a QR code and the secret, and the device is confirmed
only once a code from it has been accepted.
"""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from jingqi.core import audit
from jingqi.core.errors import ActionError
from jingqi.core.middleware import get_client_address
from jingqi.core.parsing import is_ascii_digits

from .choices import POLICE_ROLES


def is_required_for(user) -> bool:
    """Police roles and administrators sign in with a second factor."""
    return (settings.JINGQI_TWO_FACTOR == "required" and user.is_authenticated
            and (user.role in POLICE_ROLES or user.is_superuser))


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@transaction.atomic
def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being enrolled (created on first need, reused on reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


def _check(request, device: TOTPDevice, token: str) -> None:
    # A code is guessable like a password: wrong codes count towards the same sign-in throttle (per
    # account and address), on top of django-otp's growing per-device delay.
    from . import services

    username, address = device.user.get_username(), get_client_address(request)
    try:
        services.check_sign_in_allowed(username, address)
    except services.SignInThrottled as exc:
        raise ActionError(exc.message, field="token", code="throttled")
    token = (token or "").strip().replace(" ", "")
    allowed, _data = device.verify_is_allowed()
    if not allowed:
        raise ActionError(_("Too many wrong codes. Wait a moment and try again."), field="token")
    if not (is_ascii_digits(token) and device.verify_token(token)):
        services.record_login_failure(username, address)
        raise ActionError(_("The code is wrong or has expired."), field="token")


def do_confirm_enrolment(request, token: str) -> TOTPDevice:
    user = request.user
    with transaction.atomic():
        if confirmed_device(user) is not None:
            raise ActionError(_("An authenticator is already enrolled for this account."))
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None:
            raise ActionError(_("Start the enrolment again."))
        try:
            _check(request, device, token)
        except ActionError as exc:
            # Raised after the block commits: a wrong code's count (ours and django-otp's) must stay.
            refused = exc
        else:
            refused = None
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            audit.record(user, "user.two_factor_enrol", user, {"device": device.pk})
            otp_login(request, device)
    if refused is not None:
        raise refused
    return device


def do_verify(request, token: str) -> None:
    device = confirmed_device(request.user)
    if device is None:
        raise ActionError(_("No authenticator is enrolled for this account."))
    _check(request, device, token)
    otp_login(request, device)


@transaction.atomic
def do_reset_two_factor(actor, user) -> int:
    """An administrator removes a lost authenticator; the user enrols a new one at next sign-in."""
    from jingqi.core.errors import PermissionDenied

    if not actor.is_superuser:
        raise PermissionDenied()
    removed, _detail = TOTPDevice.objects.filter(user=user).delete()
    audit.record(actor, "user.two_factor_reset", user, {"devices_removed": removed})
    return removed
