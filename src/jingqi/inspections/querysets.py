"""Who sees which inspection record.

- supervisor: the station's; officer/auxiliary: those in their office's parks (a station's inspection types, rules,
  key dates and checklists: their station's). ``action="change"`` is the police's; the station's configuration
  (types, checklists, rules, key dates) is the supervisor's alone (``"configure"``).
- department handler: the inspection types their department owes, the requirements and visits they take part in,
  their department's inspections (``"fill"``: they answer them) and the hazards they are answerable for.
- enterprise liaison: their own enterprise's safety profile, visit calendar, submitted inspections and hazards
  (``"fix"``: they report the fix); never the internal notes or internal timeline events.
- volunteer, viewer: none (a volunteer's hazard finding is theirs in patrols; figures come from analytics).
"""

from django.db.models import Q

from jingqi.accounts.choices import Role
from jingqi.core.scoping import ScopedQuerySet, police_q

from .choices import OPEN_HAZARD_STATUSES, OPEN_REQUIREMENT_STATUSES, InspectionStatus, RequirementStatus

POLICE = (Role.SUPERVISOR, Role.OFFICER, Role.AUXILIARY)


def station_q(user, prefix=""):
    """The station ``user`` works for or with, as a filter on ``<prefix>station``; None when there is none."""
    if user.role == Role.SUPERVISOR and user.station_id:
        return Q(**{f"{prefix}station_id": user.station_id})
    if user.role in (Role.OFFICER, Role.AUXILIARY) and user.office_id:
        return Q(**{f"{prefix}station__offices": user.office_id})
    if user.role == Role.DEPARTMENT and user.department_id:
        return Q(**{f"{prefix}station__departments": user.department_id})
    if user.role == Role.LIAISON and user.enterprise_id:
        return Q(**{f"{prefix}station__parks__enterprises": user.enterprise_id})
    return None


class StationConfigQuerySet(ScopedQuerySet):
    """Types, rules and key dates: seen by everyone working with the station, configured by its supervisor."""

    prefix = ""

    def _scope(self, user, action):
        if action == "configure":
            if user.role == Role.SUPERVISOR and user.station_id:
                return self.filter(**{f"{self.prefix}station_id": user.station_id})
            return self.none()
        if action != "view":
            return self.none()
        q = station_q(user, self.prefix)
        return self.filter(q).distinct() if q is not None else self.none()


class ChecklistQuerySet(StationConfigQuerySet):
    def _scope(self, user, action):
        self.prefix = getattr(self.model, "checklist_path", "") + "inspection_type__"
        return super()._scope(user, action)


class ProfileQuerySet(ScopedQuerySet):
    def _scope(self, user, action):
        if user.role == Role.SUPERVISOR and user.station_id:
            return self.filter(enterprise__park__station_id=user.station_id)
        if user.role in (Role.OFFICER, Role.AUXILIARY) and user.office_id:
            return self.filter(enterprise__park__office_id=user.office_id)
        if action == "view" and user.role == Role.LIAISON and user.enterprise_id:
            return self.filter(enterprise_id=user.enterprise_id)
        return self.none()


class RequirementQuerySet(ScopedQuerySet):
    def _scope(self, user, action):
        police = police_q(user)
        if police is not None:
            return self.filter(police)
        if action == "view" and user.role == Role.DEPARTMENT and user.department_id:
            return self.filter(inspection_type__department_id=user.department_id)
        return self.none()

    def open(self):
        return self.filter(status__in=OPEN_REQUIREMENT_STATUSES)

    def overdue(self, today):
        return self.open().filter(due_on__lt=today)

    def unplanned(self):
        return self.filter(status=RequirementStatus.DUE)


class VisitQuerySet(ScopedQuerySet):
    def _scope(self, user, action):
        police = police_q(user)
        if police is not None:
            return self.filter(police)
        if action != "view":
            return self.none()
        if user.role == Role.LIAISON and user.enterprise_id:
            return self.filter(enterprise_id=user.enterprise_id)
        if user.role == Role.DEPARTMENT and user.department_id:
            from .models import InspectionVisit

            return self.filter(pk__in=InspectionVisit.departments.through.objects.filter(
                department_id=user.department_id).values("inspectionvisit_id"))
        return self.none()


class InspectionQuerySet(ScopedQuerySet):
    def _scope(self, user, action):
        police = police_q(user)
        if police is not None:
            return self.filter(police)
        if user.role == Role.DEPARTMENT and user.department_id and action in ("view", "fill"):
            return self.filter(department_id=user.department_id)
        if action == "view" and user.role == Role.LIAISON and user.enterprise_id:
            return self.filter(enterprise_id=user.enterprise_id, status=InspectionStatus.SUBMITTED)
        return self.none()


class InspectionChildQuerySet(ScopedQuerySet):
    def _scope(self, user, action):
        from .models import Inspection

        return self.filter(inspection__in=Inspection.objects.visible_to(user, action).values("pk"))


class HazardQuerySet(ScopedQuerySet):
    def _scope(self, user, action):
        police = police_q(user)
        if police is not None:
            return self.filter(police)
        if user.role == Role.LIAISON and user.enterprise_id and action in ("view", "fix"):
            return self.filter(enterprise_id=user.enterprise_id)
        if action == "view" and user.role == Role.DEPARTMENT and user.department_id:
            return self.filter(department_id=user.department_id)
        return self.none()

    def open(self):
        return self.filter(status__in=OPEN_HAZARD_STATUSES)

    def overdue(self, now):
        return self.open().filter(due_at__lt=now)


class HazardChildQuerySet(ScopedQuerySet):
    """Timeline events and photos are seen with their hazard; internal events never by the enterprise."""

    def _scope(self, user, action):
        from .models import Hazard, HazardEvent

        rows = self.filter(hazard__in=Hazard.objects.visible_to(user, action).values("pk"))
        if user.role == Role.LIAISON:
            if self.model is HazardEvent:
                rows = rows.filter(internal=False)
            else:
                rows = rows.filter(Q(event__isnull=True) | Q(event__internal=False))
        return rows
