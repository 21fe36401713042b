"""Inspection-form and hazard pages for the authorization matrix (core/testing/matrix.py): views/inspect.py and
views/hazards.py. POST bodies are valid enough to reach the service, so a denial is the scope's, not the form's."""

from jingqi.accounts.choices import Role
from jingqi.core.testing.matrix import Route

from .models import Hazard, HazardPhoto, Inspection, InspectionAnswer


def _police(user):
    return user.role in (Role.SUPERVISOR, Role.OFFICER, Role.AUXILIARY) or user.is_superuser


def _answers_with(field):
    def allowed(user, method):
        return InspectionAnswer.objects.visible_to(user).exclude(**{field: ""})
    return allowed


def _tickets_for_police(user, method):
    """A hazard from a request is the police's: the requests they see."""
    from jingqi.tickets.models import Ticket

    return Ticket.objects.visible_to(user) if _police(user) else Ticket.objects.none()


def _supervisor_change(user, method):
    if user.role == Role.SUPERVISOR or user.is_superuser:
        return Hazard.objects.visible_to(user, "change")
    return Hazard.objects.none()


def _first_item(inspection):
    return inspection.checklist.items.order_by("number").values_list("pk", flat=True).first()


def _answer_data(inspection):
    item = _first_item(inspection)
    return {f"i{item}-item": item, f"i{item}-result": "pass"}


def _hazard(action, data=lambda h: {}, **kwargs):
    return Route("inspections:hazard_action", Hazard, ("post",), kwargs=lambda h: {"pk": h.pk, "action": action},
                 data=data, **kwargs)


def _ticket_model():
    from jingqi.tickets.models import Ticket

    return Ticket


HTML_ROUTES = [
    # views/inspect.py
    Route("inspections:inspection_detail", Inspection),
    Route("inspections:inspection_fill", Inspection, scope="fill"),
    Route("inspections:inspection_answer", Inspection, ("post",), write_scope="fill", data=_answer_data),
    Route("inspections:inspection_submit", Inspection, ("post",), write_scope="fill",
          data=lambda i: {"submit-version": i.version, "submit-note": "越权"}),
    Route("inspections:answer_photo", InspectionAnswer, allowed=_answers_with("photo"),
          kwargs=lambda a: {"pk": a.pk, "which": "before"}),
    Route("inspections:answer_photo", InspectionAnswer, allowed=_answers_with("after_photo"),
          kwargs=lambda a: {"pk": a.pk, "which": "after"}),
    # views/hazards.py
    Route("inspections:hazard_from_ticket", _ticket_model(), ("get", "post"), allowed=_tickets_for_police,
          data=lambda t: {"park": t.enterprise.park_id, "title": "越权", "severity": "general"}),
    Route("inspections:hazard_detail", Hazard),
    _hazard("fix_on_site", lambda h: {"fix_on_site-version": h.version, "fix_on_site-note": "越权"}),
    _hazard("assign", lambda h: {"assign-version": h.version, "assign-responsible_name": "越权",
                                 "assign-measures": "越权"}),
    _hazard("report_fix", lambda h: {"report_fix-version": h.version, "report_fix-note": "越权"}, write_scope="fix"),
    _hazard("close", lambda h: {"close-version": h.version, "close-verification": "photo_review",
                                "close-note": "越权"}),
    _hazard("send_back", lambda h: {"send_back-version": h.version, "send_back-reason": "越权"}),
    _hazard("void", lambda h: {"void-reason": "越权"}, allowed=_supervisor_change),
    _hazard("comment", lambda h: {"comment-text": "越权"}, write_scope="fix"),
    Route("inspections:hazard_photo", HazardPhoto),
]
