"""Background-check pages for the authorization matrix (see core/testing/matrix.py). Every page with a check in
its URL: the officers of the enterprise's office read and answer it, the liaison who asked reads and withdraws
it, nobody else (supervisors count checks on the statistics page, which names none)."""

from jingqi.core.testing.matrix import Route

from .choices import CheckStatus
from .models import BackgroundCheck


def _revealers(user, method):
    """The full ID number: an officer who answers the check and holds the registry's reveal right, while the check
    waits for its answer (afterwards the candidate's data is sealed)."""
    rows = _answerers(user, method)
    return rows if user.can_reveal else rows.none()


def _answerers(user, method):
    """The consent: an officer who answers the check, while it waits for its answer."""
    return BackgroundCheck.objects.visible_to(user, "change").filter(status=CheckStatus.REQUESTED)


HTML_ROUTES = [
    Route("cases:check_detail", BackgroundCheck),
    Route("cases:check_reveal", BackgroundCheck, ("post",), allowed=_revealers),
    Route("cases:check_consent", BackgroundCheck, allowed=_answerers),
    Route("cases:check_advise", BackgroundCheck, ("post",), scope="change",
          data=lambda c: {"advise-advice": "suitable", "advise-reason_category": "none", "version": c.version}),
    Route("cases:check_decline", BackgroundCheck, ("post",), scope="change",
          data=lambda c: {"decline-reason": "consent", "version": c.version}),
    Route("cases:check_withdraw", BackgroundCheck, ("post",), write_scope="withdraw",
          data=lambda c: {"version": c.version}),
]
