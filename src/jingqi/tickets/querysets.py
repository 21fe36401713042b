"""Who sees which request.

- supervisor: the requests of their station; officer/auxiliary: of enterprises in their office's parks;
- enterprise liaison: their own enterprise's requests (internal notes hidden, see events);
- department handler: the requests whistled to their department, and within them their own tasks;
- volunteer, viewer: none.
``action="change"`` (handle: accept, whistle, resolve, ...) is for supervisors and officers/auxiliaries.
A department task's ``change`` (accept, arrive, reply) is for that department's handlers only.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from jingqi.accounts.choices import Role
from jingqi.core.scoping import ScopedQuerySet, police_q

from .choices import OPEN_STATUSES, Status, TaskStatus


def _police_q(user, prefix=""):
    q = police_q(user, prefix, park="enterprise__park")
    if q is not None and user.role in (Role.OFFICER, Role.AUXILIARY):
        # The office's station too (the same rows: an office's parks are its station's): the database then walks
        # the station's requests newest first (``ticket_station_submitted_idx``) and stops at the page, instead of
        # gathering and sorting every request of the office's parks. The station as a value, not a subquery, so
        # that PostgreSQL estimates "mine" (handler or recorder) from the statistics of the station's requests
        # (``ticket_station_people_stats``) rather than from the whole table's.
        from jingqi.registry.querysets import station_id_for

        q &= Q(**{f"{prefix}station_id": station_id_for(user)})
    return q


class TicketQuerySet(ScopedQuerySet):
    def _scope(self, user, action):
        police = _police_q(user)
        if police is not None:
            return self.filter(police)
        if action != "view":
            return self.none()
        if user.role == Role.LIAISON:
            return self.filter(enterprise_id=user.enterprise_id)
        if user.role == Role.DEPARTMENT and user.department_id:
            from .models import TicketTask

            return self.filter(Exists(TicketTask.objects.filter(ticket=OuterRef("pk"),
                                                                department_id=user.department_id)))
        return self.none()

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now=None):
        now = now or timezone.now()
        return self.open().filter(Q(resolution_due_at__lt=now)
                                  | Q(status=Status.SUBMITTED, response_due_at__lt=now))

    def awaiting_rating(self):
        return self.filter(status=Status.CLOSED, rating__isnull=True)


class TicketTaskQuerySet(ScopedQuerySet):
    def _scope(self, user, action):
        # Only the department acts on its task ("change"); the police see it and, when the department
        # answers by phone, record its reply as such ("record": the tasks of requests they may handle).
        if action == "record":
            from .models import Ticket

            return self.filter(ticket__in=Ticket.objects.visible_to(user, "change").values("pk"))
        police = _police_q(user, "ticket__")
        if police is not None:
            return self.filter(police) if action == "view" else self.none()
        if user.role == Role.DEPARTMENT and user.department_id:
            return self.filter(department_id=user.department_id)
        if user.role == Role.LIAISON and action == "view":
            return self.filter(ticket__enterprise_id=user.enterprise_id)
        return self.none()

    def open(self):
        return self.exclude(status=TaskStatus.DONE)

    def overdue(self, now=None):
        return self.open().filter(due_at__lt=now or timezone.now())


class TicketEventQuerySet(ScopedQuerySet):
    def _scope(self, user, action):
        from .models import Ticket

        tickets = Ticket.objects.visible_to(user)
        events = self.filter(ticket__in=tickets.values("pk"))
        if user.role == Role.LIAISON:
            events = events.filter(internal=False)
        return events if action == "view" else self.none()


class AttachmentQuerySet(TicketEventQuerySet):
    pass
