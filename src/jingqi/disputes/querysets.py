"""Who sees which dispute.

- supervisor: the disputes of their station; officer/auxiliary: those in their office's parks;
- enterprise liaison: only disputes where their enterprise is a party (internal notes and documents hidden,
  the other side's personal data never shown: see selectors.party_rows);
- department handler, volunteer: the disputes they sat on as mediators;
- viewer: none (figures only, from analytics).
``action="change"`` (every handling action) is for supervisors and officers/auxiliaries.
"""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from jingqi.accounts.choices import Role
from jingqi.core.scoping import ScopedQuerySet, police_q

from .choices import OPEN_STATUSES


class DisputeQuerySet(ScopedQuerySet):
    def _scope(self, user, action):
        police = police_q(user)
        if police is not None:
            return self.filter(police)
        if action != "view":
            return self.none()
        if user.role == Role.LIAISON and user.enterprise_id:
            from .models import DisputeParty

            return self.filter(Exists(DisputeParty.objects.filter(dispute=OuterRef("pk"),
                                                                  enterprise_id=user.enterprise_id)))
        if user.role in (Role.DEPARTMENT, Role.VOLUNTEER):
            from .models import SessionMediator

            return self.filter(Exists(SessionMediator.objects.filter(session__dispute=OuterRef("pk"), user=user)))
        return self.none()

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def contact_overdue(self, now=None):
        return self.open().filter(contacted_at__isnull=True, contact_due_at__lt=now or timezone.now())

    def onsite_overdue(self, now=None):
        return self.open().filter(onsite_at__isnull=True, onsite_due_at__lt=now or timezone.now())


class DisputeChildQuerySet(ScopedQuerySet):
    """Rows that belong to a dispute (through the model's ``dispute_path``) are seen with it."""

    def _path(self) -> str:
        return getattr(self.model, "dispute_path", "dispute")

    def _scope(self, user, action):
        from .models import Dispute

        return self.filter(**{f"{self._path()}__in": Dispute.objects.visible_to(user, action).values("pk")})


class PartyQuerySet(DisputeChildQuerySet):
    pass


class AgreementQuerySet(DisputeChildQuerySet):
    pass


class DisputeEventQuerySet(DisputeChildQuerySet):
    """Timeline and documents: internal ones are for the police and mediators, never the parties."""

    def _scope(self, user, action):
        rows = super()._scope(user, action)
        if user.role == Role.LIAISON:
            rows = rows.filter(internal=False)
        return rows if action == "view" else self.none()
