"""Who sees which figures. Facts name records, so they follow the records' own scopes (police by station or
office, a department its own, a liaison its enterprise's); cells are sums and carry no record, so the city/county
viewer reads them too: over their station if the account has one, else over the installation."""

from django.db.models import Q

from jingqi.accounts.choices import Role
from jingqi.core.scoping import ScopedQuerySet, police_q


def parks_of_office(office_id):
    """An office's parks as a list of ids (a subquery), so that the (…, park, day) indexes serve a read of facts or
    cells: a join through the park to its office would not."""
    from jingqi.registry.models import Park

    return Park._base_manager.filter(office_id=office_id).values("pk")


FIGURE_ROLES = {Role.SUPERVISOR, Role.OFFICER, Role.AUXILIARY, Role.DEPARTMENT, Role.LIAISON, Role.VIEWER}


def may_see_figures(user) -> bool:
    """Every role with figures of its own (a volunteer's hours are on their duty page)."""
    return user.is_superuser or user.role in FIGURE_ROLES


def may_see_records(user) -> bool:
    """Whether the records behind a figure may be listed: not for the city/county viewer, who sees sums only."""
    return user.is_superuser or user.role in FIGURE_ROLES - {Role.VIEWER}


def _common(qs, user, action):
    if action != "view":  # derived rows: only the refresh writes them
        return None, qs.none()
    if user.role in (Role.OFFICER, Role.AUXILIARY) and user.office_id:
        return None, qs.filter(park__in=parks_of_office(user.office_id))
    police = police_q(user)
    if police is not None:
        return None, qs.filter(police)
    if user.role == Role.DEPARTMENT and user.department_id:
        return None, qs.filter(department_id=user.department_id)
    return user.role, None


def _viewer(qs, user):
    """The city/county viewer's sums: their station's, or every station's."""
    return qs.filter(Q(station_id=user.station_id) if user.station_id else Q())


class FactQuerySet(ScopedQuerySet):
    def _scope(self, user, action):
        role, scoped = _common(self, user, action)
        if scoped is not None:
            return scoped
        if role == Role.LIAISON and user.enterprise_id:
            return self.filter(enterprise_id=user.enterprise_id)
        return self.none()

    def counted_for(self, user):
        """Facts to be counted, never listed: the scope of ``user``'s sums (the cells'), so that a figure counted
        from facts (a distinct count) covers what the figures beside it cover — for the city/county viewer, who may
        list no record, too."""
        if user is None or not user.is_authenticated or not user.is_active or user.is_superuser:
            return self.visible_to(user)
        role, scoped = _common(self, user, "view")
        if scoped is not None:
            return scoped
        if role == Role.VIEWER:
            return _viewer(self, user)
        return self._scope(user, "view")


class CellQuerySet(ScopedQuerySet):
    def _scope(self, user, action):
        role, scoped = _common(self, user, action)
        if scoped is not None:
            return scoped
        if role == Role.VIEWER:
            return _viewer(self, user)
        return self.none()
