from django.shortcuts import redirect
from django.urls import reverse

from . import two_factor

# Paths an account that still owes its second factor may reach.
OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz")


class TwoFactorMiddleware:
    """Sends a police account that has not passed its second factor to the code (or enrolment) page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and two_factor.is_required_for(user) and not user.is_verified()
                and not request.path.startswith(OPEN_PREFIXES)):
            target = "two_factor_verify" if two_factor.confirmed_device(user) else "two_factor_enrol"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
