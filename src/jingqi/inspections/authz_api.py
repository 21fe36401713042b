"""API actions with narrower rules than their viewset's scope (api/), for the authorization matrix: who may act
on which objects. The viewsets use the same functions, so the matrix checks what the API does."""

from jingqi.accounts.choices import Role

from .models import CadenceRule, Hazard, Inspection, InspectionType, KeyDate, Requirement


def _configurable(model):
    def allowed(user, method):
        from .api.views import configurable

        return configurable(model, user)

    return allowed


def _supervisors(model, scope="change"):
    def allowed(user, method):
        rows = model.objects.visible_to(user, scope)
        return rows if user.role == Role.SUPERVISOR or user.is_superuser else rows.none()

    return allowed


def _in_scope(model, scope):
    def allowed(user, method):
        return model.objects.visible_to(user, scope)

    return allowed


def _hazards_to_comment(user, method):
    from .api.views import hazards_to_comment

    return hazards_to_comment(user)


API_ALLOWED = {
    # The station's configuration is the supervisor's ("configure"), not the police's "change".
    "inspection-type-edit": _configurable(InspectionType),
    "cadence-rule-edit": _configurable(CadenceRule),
    "key-date-edit": _configurable(KeyDate),
    "inspection-requirement-waive": _supervisors(Requirement),
    # Answering a checklist: the police and the department that owes the type.
    "inspection-answer": _in_scope(Inspection, "fill"),
    "inspection-submit": _in_scope(Inspection, "fill"),
    # Reporting a fix: the police and the enterprise's liaison; comments likewise.
    "hazard-report-fix": _in_scope(Hazard, "fix"),
    "hazard-comment": _hazards_to_comment,
    "hazard-void": _supervisors(Hazard),
}
