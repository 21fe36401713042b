"""API tokens (DRF authtoken): ended whenever the password or the account's state changes."""

from rest_framework.authtoken.models import Token


def api_token_count(user) -> int:
    return Token.objects.filter(user=user).count()


def revoke_api_tokens(user) -> int:
    """Delete the user's tokens; a client must be given a new one (admin, or ``drf_create_token``)."""
    deleted, _detail = Token.objects.filter(user=user).delete()
    return deleted
