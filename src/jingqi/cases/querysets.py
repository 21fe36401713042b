"""Who sees which case, outreach event and background check.

- Cases: the police of the station (supervisor) or of the office's parks (officer, auxiliary) see and handle
  them; a victim enterprise's liaison reads its cases (internal timeline entries hidden). No one else.
- Outreach events: the police as above; a liaison reads the events its enterprise was invited to.
- Background checks: only the officers of the enterprise's office (who answer them) and the liaison who asked
  (who reads the advice and may withdraw). Supervisors count them (``action="count"``) and never read one.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from jingqi.accounts.choices import Role
from jingqi.core.scoping import ScopedQuerySet, police_q

from .choices import OPEN_CASE_STATUSES


class CaseQuerySet(ScopedQuerySet):
    def _scope(self, user, action):
        police = police_q(user)
        if police is not None:
            return self.filter(police)
        if action == "view" and user.role == Role.LIAISON and user.enterprise_id:
            from .models import CaseVictim

            return self.filter(Exists(CaseVictim.objects.filter(case=OuterRef("pk"),
                                                                enterprise_id=user.enterprise_id)))
        return self.none()

    def open(self):
        return self.filter(status__in=OPEN_CASE_STATUSES)


class CaseChildQuerySet(ScopedQuerySet):
    """Victims and recoveries are seen with their case."""

    def _scope(self, user, action):
        from .models import Case

        return self.filter(case__in=Case.objects.visible_to(user, action).values("pk"))


class CaseVictimQuerySet(CaseChildQuerySet):
    """A victim enterprise's liaison reads its own row: the other victims of the case are not its business."""

    def _scope(self, user, action):
        rows = super()._scope(user, action)
        return rows.filter(enterprise_id=user.enterprise_id) if user.role == Role.LIAISON else rows


class CaseEventQuerySet(CaseChildQuerySet):
    def _scope(self, user, action):
        rows = super()._scope(user, action)
        if user.role == Role.LIAISON:
            rows = rows.filter(internal=False)
        return rows if action == "view" else self.none()


class OutreachQuerySet(ScopedQuerySet):
    def _scope(self, user, action):
        police = police_q(user)
        if police is not None:
            return self.filter(police)
        if action == "view" and user.role == Role.LIAISON and user.enterprise_id:
            from .models import OutreachAttendance

            return self.filter(Exists(OutreachAttendance.objects.filter(event=OuterRef("pk"),
                                                                        enterprise_id=user.enterprise_id)))
        return self.none()


class OutreachChildQuerySet(ScopedQuerySet):
    def _scope(self, user, action):
        from .models import OutreachEvent

        return self.filter(event__in=OutreachEvent.objects.visible_to(user, action).values("pk"))


class AttendanceQuerySet(OutreachChildQuerySet):
    """A liaison reads its own enterprise's row of an event, not the other enterprises' attendance."""

    def _scope(self, user, action):
        rows = super()._scope(user, action)
        if user.role == Role.LIAISON:
            rows = rows.filter(enterprise_id=user.enterprise_id)
        return rows


class BackgroundCheckQuerySet(ScopedQuerySet):
    """``view`` reads one; ``change`` answers it (officers); ``withdraw`` takes it back (the liaison who asked);
    ``count`` is for statistics only (supervisors and officers: the station's or office's checks).

    No exception for superusers: an installation's administrator is not one of the people a candidate consented
    to, so the administrator's account sees no check (the rows are kept out of the admin too)."""

    def visible_to(self, user, action: str = "view"):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self._scope(user, action)

    def _scope(self, user, action):
        if user.role in (Role.OFFICER, Role.AUXILIARY) and user.office_id:
            if action in ("view", "change", "count"):
                return self.filter(enterprise__park__office_id=user.office_id)
            return self.none()
        if user.role == Role.SUPERVISOR and user.station_id and action == "count":
            return self.filter(station_id=user.station_id)
        if user.role == Role.LIAISON and user.enterprise_id and action in ("view", "withdraw"):
            return self.filter(Q(enterprise_id=user.enterprise_id) & Q(requested_by=user))
        return self.none()


class BackgroundCheckManager(models.Manager.from_queryset(BackgroundCheckQuerySet)):
    """The consent scan (up to the upload limit) is left out of every read unless asked for by name: lists, pages
    and actions never load it; only the officer's download does (``services_checks.do_open_consent``)."""

    def get_queryset(self):
        return super().get_queryset().defer("consent_document")
