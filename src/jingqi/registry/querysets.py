"""Who may see what in the registry. Everything scopes through the park an enterprise belongs to.

- supervisor: the parks of their station;
- police officer / auxiliary: the parks of their office;
- enterprise liaison: their own enterprise (and what hangs off it), no park pages;
- department handler, volunteer, viewer: no registry records (they get their work from later apps).

``action="change"`` narrows this to those who may edit: supervisors and officers (not auxiliaries,
not liaisons).
"""

from django.db.models import Q

from jingqi.accounts.choices import Role
from jingqi.core.scoping import ScopedQuerySet

EDITOR_ROLES = {Role.SUPERVISOR, Role.OFFICER}
POLICE_ROLES = {Role.SUPERVISOR, Role.OFFICER, Role.AUXILIARY}


def park_q(user, action: str, prefix: str = "") -> Q | None:
    """The parks ``user`` may see (or change), as a filter on ``prefix`` + park; None for no park."""
    if user.is_superuser:
        return Q()
    if action != "view" and user.role not in EDITOR_ROLES:
        return None
    if user.role == Role.SUPERVISOR and user.station_id:
        return Q(**{f"{prefix}station_id": user.station_id})
    if user.role in (Role.OFFICER, Role.AUXILIARY) and user.office_id:
        return Q(**{f"{prefix}office_id": user.office_id})
    return None


def station_id_for(user) -> int | None:
    """The station whose organisation (offices, departments) ``user`` may look at."""
    if user.role == Role.SUPERVISOR:
        return user.station_id
    if user.role in (Role.OFFICER, Role.AUXILIARY) and user.office_id:
        return user.office.station_id
    return None


class StationQuerySet(ScopedQuerySet):
    def _scope(self, user, action):
        station_id = station_id_for(user)
        if station_id is None or (action != "view" and user.role != Role.SUPERVISOR):
            return self.none()
        return self.filter(pk=station_id)


class StationOwnedQuerySet(ScopedQuerySet):
    """Offices and departments: visible across the station, changed by its supervisor."""

    station_path = "station_id"

    def _scope(self, user, action):
        station_id = station_id_for(user)
        if station_id is None or (action != "view" and user.role != Role.SUPERVISOR):
            return self.none()
        return self.filter(**{self.station_path: station_id})


class StationingQuerySet(StationOwnedQuerySet):
    station_path = "department__station_id"


class ParkQuerySet(ScopedQuerySet):
    def _scope(self, user, action):
        if action != "view" and user.role != Role.SUPERVISOR:
            return self.none()
        q = park_q(user, "view")
        return self.filter(q) if q is not None else self.none()


class EnterpriseQuerySet(ScopedQuerySet):
    def _scope(self, user, action):
        if user.role == Role.LIAISON and action == "view":
            return self.filter(pk=user.enterprise_id)
        q = park_q(user, action, "park__")
        return self.filter(q) if q is not None else self.none()

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(uscc__iexact=text.upper()))


class EnterpriseOwnedQuerySet(ScopedQuerySet):
    """Records that hang off one enterprise: visible where the enterprise is.

    ``liaison_sees`` says whether the enterprise's own liaison may read them.
    """

    liaison_sees = True

    def _scope(self, user, action):
        if user.role == Role.LIAISON:
            if action == "view" and self.liaison_sees:
                return self.filter(enterprise_id=user.enterprise_id)
            return self.none()
        q = park_q(user, action, "enterprise__park__")
        return self.filter(q) if q is not None else self.none()


class VisitQuerySet(EnterpriseOwnedQuerySet):
    # Visits hold what the police collected; the enterprise sees its own requests elsewhere.
    liaison_sees = False


class PersonQuerySet(ScopedQuerySet):
    def _scope(self, user, action):
        from .models import Enterprise

        enterprises = Enterprise.objects.visible_to(user, action)
        return self.filter(contacts__enterprise__in=enterprises.values("pk")).distinct()
