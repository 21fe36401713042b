"""Account actions: sign-in throttling and enabling/disabling accounts."""

from datetime import timedelta

from django.conf import settings
from django.contrib import auth
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from jingqi.core import audit
from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.middleware import get_client_address
from jingqi.core.models import LoginFailure

from .models import User
from .tokens import api_token_count


def recent_failures(username: str, client_address: str) -> int:
    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    return LoginFailure.objects.filter(
        username=username.lower(), client_address=client_address, at__gte=since
    ).count()


def is_throttled(username: str, client_address: str) -> bool:
    """Too many recent failures for this account *from this address*.

    Counting per address means a stranger failing on purpose elsewhere cannot lock an officer out.
    """
    return recent_failures(username, client_address) >= settings.LOGIN_FAILURE_LIMIT


def record_login_failure(username: str, client_address: str) -> None:
    LoginFailure.objects.create(username=username.lower()[:150], client_address=client_address)


def clear_login_failures(username: str, client_address: str) -> None:
    LoginFailure.objects.filter(username=username.lower(), client_address=client_address).delete()


class SignInThrottled(ActionError):
    def __init__(self):
        minutes = max(1, -(-settings.LOGIN_FAILURE_WINDOW_SECONDS // 60))
        super().__init__(ngettext("Too many failed attempts. Wait %(minutes)d minute, or ask your supervisor.",
                                  "Too many failed attempts. Wait %(minutes)d minutes, or ask your supervisor.",
                                  minutes) % {"minutes": minutes}, code="throttled")


def check_sign_in_allowed(username: str, client_address: str) -> None:
    if username and is_throttled(username, client_address):
        raise SignInThrottled()


def authenticate(request, username: str, password: str) -> User | None:
    """Every sign-in with a password goes through here (the sign-in page, the admin's login, and any
    later way in), so that all of them share one throttle per (account, client address).

    A throttled pair is refused before the password is looked at; a wrong password counts.
    """
    address = get_client_address(request)
    check_sign_in_allowed(username, address)
    user = auth.authenticate(request, username=username, password=password)
    if user is None:
        record_login_failure(username, address)
    else:
        clear_login_failures(username, address)
    return user


def end_sessions_of(user: User) -> int:
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def do_set_user_active(actor: User, user: User, active: bool) -> User:
    """Enable or disable an account; disabling ends all of its sessions at once. Either way its API
    tokens end (``User.save``): a re-enabled account gets a new token, never the old one back."""
    if not actor.is_superuser:
        raise PermissionDenied()
    user = User.objects.select_for_update().get(pk=user.pk)
    before = user.is_active
    tokens_before = api_token_count(user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        transaction.on_commit(lambda: end_sessions_of(user))
    audit.record(actor, "user.disable" if not active else "user.enable", user,
                 {"is_active": [before, active], "api_tokens_revoked": tokens_before - api_token_count(user)})
    return user


@transaction.atomic
def do_set_password(actor: User, user: User, password: str) -> User:
    """Set a new password (the person themselves, or an administrator). The account's API tokens end
    with the old password (``User.save``); the audit row says how many."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    if actor.pk != user.pk and not actor.is_superuser:
        raise PermissionDenied()
    user = User.objects.select_for_update().get(pk=user.pk)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ActionError(" ".join(exc.messages), field="password")
    tokens_before = api_token_count(user)
    user.set_password(password)
    user.save(update_fields=["password"])
    record_password_change(actor, user, tokens_before)
    return user


def record_password_change(actor, user: User, tokens_before: int) -> None:
    """The audit row of a password change (the hash itself is never written)."""
    audit.record(actor, "user.password_change", user,
                 {"api_tokens_revoked": tokens_before - api_token_count(user)})


SCOPE_FIELD = {"supervisor": "station", "officer": "office", "auxiliary": "office", "department": "department",
               "liaison": "enterprise"}


@transaction.atomic
def do_create_user(actor, *, username: str, password: str, role: str, full_name: str = "",
                   scope=None, is_superuser: bool = False) -> User:
    """Create an account with its role and the one object that scopes it (see User's docstring)."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from jingqi.core.errors import ActionError

    from .choices import Role

    if actor is not None and not actor.is_superuser:
        raise PermissionDenied()
    if role not in Role.values:
        raise ActionError(_("Unknown role."), field="role")
    if User.objects.filter(username__iexact=username).exists():
        raise ActionError(_("This user name is taken."), field="username")
    field = SCOPE_FIELD.get(role)
    if field and scope is None and not is_superuser:
        raise ActionError(_("This role needs a %(scope)s.") % {"scope": field}, field=field)
    user = User(username=username, full_name=full_name, role=role, is_superuser=is_superuser,
                is_staff=is_superuser)
    if field and scope is not None:
        setattr(user, field, scope)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ActionError(" ".join(exc.messages), field="password")
    user.set_password(password)
    user.save()
    audit.record(actor, "user.create", user, audit.snapshot(user, ["username", "role", "full_name", "is_superuser"]))
    return user


@transaction.atomic
def do_set_reveal_right(actor: User, user: User, granted: bool) -> User:
    """Give or take the right to reveal ID numbers and phones (each reveal is audited on its own)."""
    from django.contrib.auth.models import Permission

    if not actor.is_superuser:
        raise PermissionDenied()
    permission = Permission.objects.get(codename="reveal_personal_data", content_type__app_label="accounts")
    had = user.user_permissions.filter(pk=permission.pk).exists()
    if granted:
        user.user_permissions.add(permission)
    else:
        user.user_permissions.remove(permission)
    audit.record(actor, "user.reveal_right", user, {"reveal_personal_data": [had, granted]})
    return user
