"""Patrol pages and API actions for the authorization matrix (see core/testing/matrix.py)."""

from jingqi.accounts.choices import Role
from jingqi.core.testing.matrix import Route

from .models import Finding, Patrol, Place, Recognition, Team, Volunteer

# --- teams, volunteers, places, patrols, findings (views/teams.py, places.py, patrols.py) ---


def _enrol_into(user, method):
    """The police enrol into the teams they handle; a liaison proposes staff for their enterprise's teams."""
    if user.role == Role.LIAISON:
        return Team.objects.visible_to(user).filter(enterprise_id=user.enterprise_id)
    return Team.objects.visible_to(user, "change")


def _with_certificate(user, method):
    return Recognition.objects.visible_to(user).exclude(certificate="")


def _with_photo(user, method):
    return Finding.objects.visible_to(user).exclude(photo="")


def _team_routes():
    return [
        Route("patrols:team_detail", Team),
        Route("patrols:team_edit", Team, ("get", "post"), scope="change",
              data=lambda t: {"name": "越权", "description": "", "active": "on", "version": t.version}),
        Route("patrols:volunteer_enrol", Team, ("get", "post"), allowed=_enrol_into,
              data=lambda t: {"full_name": "越权义警"}),
        Route("patrols:volunteer_detail", Volunteer),
        Route("patrols:volunteer_edit", Volunteer, ("get", "post"), scope="change",
              data=lambda v: {"skills": ["fire"], "version": v.version}),
        Route("patrols:availability_edit", Volunteer, ("get", "post"), scope="own", write_scope="own",
              data=lambda v: {"what": "windows", "w0-weekday": "0", "w0-start": "08:00", "w0-end": "12:00"}),
        Route("patrols:recognition_add", Volunteer, ("get", "post"), scope="change",
              data=lambda v: {"kind": "commendation", "title": "越权", "awarded_on": "2026-01-05"}),
        Route("patrols:volunteer_action", Volunteer, ("post",), kwargs=lambda v: {"pk": v.pk, "action": "suspend"},
              data=lambda v: {"suspend-note": "越权", "suspend-version": v.version}),
        Route("patrols:certificate_download", Recognition, allowed=_with_certificate),
    ]


def _place_and_patrol_routes():
    return [
        Route("patrols:place_detail", Place),
        Route("patrols:place_edit", Place, ("get", "post"), scope="change",
              data=lambda p: {"name": "越权", "geometry": '{"type": "Point", "coordinates": [120.8, 29.6]}',
                              "risk_weight": 1, "radius_m": 100, "version": p.version}),
        Route("patrols:patrol_detail", Patrol),
        Route("patrols:patrol_edit", Patrol, ("get", "post"), scope="change",
              data=lambda p: {"title": "越权", "mode": "foot", "starts_at": "2026-01-05T10:00",
                              "ends_at": "2026-01-05T12:00", "version": p.version}),
        # Checking in, reporting a finding, starting, finishing and confirming are the members' (and the police's):
        # the patrols the user sees; the page says so to police who are not on it.
        Route("patrols:patrol_check_in", Patrol, ("get", "post"), write_scope="view", data=lambda p: {"note": "越权"}),
        Route("patrols:patrol_finding", Patrol, ("get", "post"), write_scope="view",
              data=lambda p: {"kind": "other", "description": "越权"}),
        Route("patrols:patrol_action", Patrol, ("post",), write_scope="view",
              kwargs=lambda p: {"pk": p.pk, "action": "start"}),
        Route("patrols:patrol_action", Patrol, ("post",), write_scope="view",
              kwargs=lambda p: {"pk": p.pk, "action": "finish"}),
        Route("patrols:patrol_action", Patrol, ("post",), kwargs=lambda p: {"pk": p.pk, "action": "cancel"},
              data=lambda p: {"cancel-reason": "越权", "cancel-version": p.version}),
        Route("patrols:finding_detail", Finding),
        Route("patrols:finding_open", Finding, ("post",)),
        Route("patrols:finding_photo", Finding, allowed=_with_photo),
    ]


_TEAMS_PLACES_PATROLS = _team_routes() + _place_and_patrol_routes()

# --- guard operations, rosters, the volunteer's own page (views/guard.py, me.py) ---
def _my_shifts(user, method):
    """The volunteer's page acts on the volunteer's own shifts only (an officer's duty is on the operation page)."""
    from .models import GuardShift

    return GuardShift.objects.visible_to(user, "own").filter(person__volunteer__user=user)


def _my_swaps(user, method):
    """Consent, decline, withdraw: a volunteer's swaps, asked by them or of them (the service checks which)."""
    from .models import SwapRequest
    from .querysets import volunteer_of

    return SwapRequest.objects.visible_to(user) if volunteer_of(user) else SwapRequest.objects.none()


def _guard_routes():
    from .models import GuardOperation, GuardShift, SwapRequest

    op_data = lambda o: {"name": "越权", "starts_at": "2026-03-01T00:00", "hours": 24, "version": o.version}  # noqa: E731
    return [
        Route("patrols:operation_detail", GuardOperation),
        Route("patrols:operation_progress", GuardOperation),
        Route("patrols:coverage_report", GuardOperation),
        Route("patrols:coverage_pdf", GuardOperation),
        Route("patrols:operation_edit", GuardOperation, ("get", "post"), scope="change", data=op_data),
        Route("patrols:segment_edit", GuardOperation, ("get", "post"), scope="change",
              data=lambda o: {"s0-code": "X1", "s0-need": 1, "s0-night_need": 1}),
        Route("patrols:pool_edit", GuardOperation, ("get", "post"), scope="change",
              data=lambda o: {"action": "remove", "person": o.people.values_list("pk", flat=True).first()}),
        Route("patrols:operation_solve", GuardOperation, ("post",), data=lambda o: {"version": o.version}),
        Route("patrols:operation_close", GuardOperation, ("post",),
              data=lambda o: {"version": o.version, "loss": "0"}),
        Route("patrols:shift_add", GuardOperation, ("get", "post"), scope="change",
              data=lambda o: {"person": o.people.values_list("pk", flat=True).first(),
                              "segment": o.segments.values_list("pk", flat=True).first(),
                              "starts_at": "2030-01-01T00:00", "ends_at": "2030-01-01T02:00", "confirm": "on"}),
        Route("patrols:shift_edit", GuardShift, ("get", "post"), scope="change",
              data=lambda s: {"person": s.person_id, "segment": s.segment_id, "starts_at": "2030-01-01T00:00",
                              "ends_at": "2030-01-01T02:00", "confirm": "on", "version": s.version}),
        Route("patrols:shift_remove", GuardShift, ("get", "post"), scope="change", data=lambda s: {"confirm": "on"}),
        Route("patrols:shift_confirm", GuardShift, ("post",), allowed=_my_shifts),
        Route("patrols:shift_check_in", GuardShift, ("post",), allowed=_my_shifts),
        Route("patrols:shift_check_out", GuardShift, ("post",), allowed=_my_shifts),
        Route("patrols:shift_finding", GuardShift, ("get", "post"), allowed=_my_shifts,
              data=lambda s: {"kind": "other", "description": "越权"}),
        Route("patrols:swap_ask", GuardShift, ("get", "post"), allowed=_my_shifts,
              data=lambda s: {"taker": s.operation.people.exclude(pk=s.person_id).values_list("pk", flat=True)
                              .first()}),
        Route("patrols:swap_decide", SwapRequest, ("post",), data=lambda w: {"approve": "1"}),
        Route("patrols:swap_action", SwapRequest, ("post",), allowed=_my_swaps,
              kwargs=lambda w: {"pk": w.pk, "action": "withdraw"}),
        Route("patrols:swap_action", SwapRequest, ("post",), allowed=_my_swaps,
              kwargs=lambda w: {"pk": w.pk, "action": "consent"}),
    ]


_GUARD_AND_ME = _guard_routes()

HTML_ROUTES = _TEAMS_PLACES_PATROLS + _GUARD_AND_ME

# --- API actions with narrower rules than their viewset's scope (api/) ---
def _patrols_seen(user, method):
    """What a patrol's members do (confirm, start, check in, report, finish): the police in their scope and the
    volunteers on it — exactly those who see the patrol (the service then checks membership)."""
    from .models import Patrol

    return Patrol.objects.visible_to(user)


def _own_volunteer(user, method):
    """A volunteer's weekly availability: their own, or the police's for volunteers of their parks."""
    from .models import Volunteer

    return Volunteer.objects.visible_to(user, "own")


def _own_shifts(user, method):
    """A guard shift's confirm, check-in/out and swap: the volunteer standing it (the police in their scope)."""
    from .models import GuardShift

    return GuardShift.objects.visible_to(user, "own")


def _swaps_asked_of(user, method):
    from .api.views import swaps_asked_of

    return swaps_asked_of(user)


def _swaps_asked_by(user, method):
    from .api.views import swaps_asked_by

    return swaps_asked_by(user)


def _police_operations(user, method):
    """The roster instance holds everyone's hours and wishes: the police's, in their scope."""
    from .models import GuardOperation
    from .services import is_police

    return GuardOperation.objects.visible_to(user) if is_police(user) else GuardOperation.objects.none()


API_ALLOWED = {
    **{f"patrol-{name}": _patrols_seen for name in ("start", "finish", "confirm", "check-in", "findings")},
    "volunteer-availability": _own_volunteer,
    **{f"guard-shift-{name}": _own_shifts for name in ("confirm", "check-in", "check-out", "swap")},
    "shift-swap-answer": _swaps_asked_of,
    "shift-swap-withdraw": _swaps_asked_by,
    "guard-operation-instance": _police_operations,
}
