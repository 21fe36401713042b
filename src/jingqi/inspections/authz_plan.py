"""The quarter plan's and the visits' pages for the authorization matrix (views/plan.py, views/visits.py)."""

from jingqi.accounts.choices import Role
from jingqi.core.testing.matrix import Route

from .models import InspectionVisit, Requirement


def _supervisor_waives(user, method):
    """Waiving takes an inspection off the plan: the supervisor's, within the station."""
    if user.role != Role.SUPERVISOR:
        return Requirement.objects.none()
    return Requirement.objects.visible_to(user, "change")


def _may_begin(user, method):
    """The police begin inspections on the visits they handle; a department on the visits it takes part in."""
    if user.role == Role.DEPARTMENT:
        return InspectionVisit.objects.visible_to(user)
    return InspectionVisit.objects.visible_to(user, "change")


def _visit_data(visit):
    return {"planned_on": "2030-01-07", "requirements": list(visit.requirements.values_list("pk", flat=True)),
            "notice": "越权", "note": "越权", "version": visit.version}


def _first_type(visit):
    return {"inspection_type": visit.requirements.values_list("inspection_type_id", flat=True).first()}


HTML_ROUTES = [
    Route("inspections:requirement_waive", Requirement, ("post",), allowed=_supervisor_waives,
          data=lambda r: {"reason": "越权"}),
    Route("inspections:visit_detail", InspectionVisit),
    Route("inspections:visit_edit", InspectionVisit, ("get", "post"), scope="change", data=_visit_data),
    Route("inspections:visit_cancel", InspectionVisit, ("post",), data=lambda v: {"cancel-reason": "越权"}),
    Route("inspections:visit_finish", InspectionVisit, ("post",)),
    Route("inspections:inspection_start", InspectionVisit, ("post",), allowed=_may_begin, data=_first_type),
]
