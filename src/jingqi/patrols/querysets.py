"""Who sees which team, volunteer, place, patrol and guard operation.

- supervisor: the station's; officer/auxiliary: those in their office's parks. ``action="change"`` is theirs only.
- volunteer: their own team and its members, the places of their team's park, the patrols they are on, the guard
  operations they are in the pool of (the roster grid, with names, so that a swap can be asked of a colleague), and
  their own check-ins, findings and swap requests. ``action="own"`` is what a volunteer may act on: their own
  membership, patrol places, shifts and swaps (police keep their own scope for it).
- enterprise liaison: view only — their enterprise's teams and volunteers, the places of its park, and the guard
  operations where their staff stand.
- department handler, viewer: none (figures only, from analytics).
"""

from django.db.models import Exists, OuterRef, Q

from jingqi.accounts.choices import Role
from jingqi.core.scoping import ScopedQuerySet


def police_q(user, prefix="", *, own_station=False):
    """The police scope as a filter on ``<prefix>park``, or None when ``user`` is not police. ``own_station``: the
    rows carry their park's station themselves (set from the park when created; a park never changes station), so
    a supervisor's scope reads the row's own column and its station indexes serve the lists' order."""
    if user.role == Role.SUPERVISOR and user.station_id:
        return Q(**{f"{prefix}station_id" if own_station else f"{prefix}park__station_id": user.station_id})
    if user.role in (Role.OFFICER, Role.AUXILIARY) and user.office_id:
        return Q(**{f"{prefix}park__office_id": user.office_id})
    return None


def volunteer_of(user):
    """The volunteer membership behind a volunteer account (cached on the user object), or None."""
    if user.role != Role.VOLUNTEER:
        return None
    if not hasattr(user, "_patrol_volunteer"):
        from .models import Volunteer

        user._patrol_volunteer = Volunteer.objects.select_related("team").filter(user=user).first()
    return user._patrol_volunteer


class _PoliceFirst(ScopedQuerySet):
    prefix = ""
    own_station = False  # see police_q

    def _scope(self, user, action):
        police = police_q(user, self.prefix, own_station=self.own_station)
        if police is not None:
            return self.filter(police)
        if action == "change":
            return self.none()
        if user.role == Role.VOLUNTEER:
            return self._volunteer(user, action)
        if user.role == Role.LIAISON and user.enterprise_id and action == "view":
            return self._liaison(user)
        return self.none()

    def _volunteer(self, user, action):
        return self.none()

    def _liaison(self, user):
        return self.none()


class TeamQuerySet(_PoliceFirst):
    own_station = True

    def _volunteer(self, user, action):
        member = volunteer_of(user)
        return self.filter(pk=member.team_id) if member and action == "view" else self.none()

    def _liaison(self, user):
        return self.filter(enterprise_id=user.enterprise_id)


class VolunteerQuerySet(_PoliceFirst):
    prefix = "team__"

    def _volunteer(self, user, action):
        member = volunteer_of(user)
        if member is None:
            return self.none()
        if action == "own":
            return self.filter(pk=member.pk)
        return self.filter(team_id=member.team_id)

    def _liaison(self, user):
        return self.filter(team__enterprise_id=user.enterprise_id)

    def active(self):
        from .choices import VolunteerStatus

        return self.filter(status=VolunteerStatus.VETTED)


class VolunteerChildQuerySet(_PoliceFirst):
    """Availability and recognitions: seen with the volunteer; a volunteer sees (and keeps) only their own."""

    prefix = "volunteer__team__"

    def _volunteer(self, user, action):
        return self.filter(volunteer__user=user)

    def _liaison(self, user):
        return self.filter(volunteer__team__enterprise_id=user.enterprise_id)


class PlaceQuerySet(_PoliceFirst):
    def _volunteer(self, user, action):
        member = volunteer_of(user)
        return self.filter(park_id=member.team.park_id) if member else self.none()

    def _liaison(self, user):
        return self.filter(park__enterprises=user.enterprise_id)


class PatrolQuerySet(_PoliceFirst):
    own_station = True

    def _volunteer(self, user, action):
        from .models import PatrolMember

        return self.filter(Exists(PatrolMember.objects.filter(patrol=OuterRef("pk"), volunteer__user=user)))


class PatrolChildQuerySet(_PoliceFirst):
    prefix = "patrol__"

    def _volunteer(self, user, action):
        from .models import PatrolMember

        mine = PatrolMember.objects.filter(volunteer__user=user)
        if action == "own":
            return self.filter(volunteer__user=user)
        return self.filter(patrol__in=mine.values("patrol"))


class CheckInQuerySet(ScopedQuerySet):
    def _scope(self, user, action):
        patrol = police_q(user, "patrol__")
        if patrol is not None:
            return self.filter(patrol | police_q(user, "shift__operation__"))
        if user.role == Role.VOLUNTEER and action != "change":
            return self.filter(user=user)
        return self.none()


class FindingQuerySet(_PoliceFirst):
    own_station = True

    def _volunteer(self, user, action):
        return self.filter(reported_by=user)


class GuardOperationQuerySet(_PoliceFirst):
    own_station = True

    def _volunteer(self, user, action):
        from .models import GuardPerson

        return self.filter(Exists(GuardPerson.objects.filter(operation=OuterRef("pk"), volunteer__user=user)))

    def _liaison(self, user):
        from .models import GuardPerson

        return self.filter(Exists(GuardPerson.objects.filter(
            operation=OuterRef("pk"), volunteer__team__enterprise_id=user.enterprise_id)))


class GuardChildQuerySet(_PoliceFirst):
    """Segments and the pool: seen with the operation."""

    prefix = "operation__"

    def _volunteer(self, user, action):
        from .models import GuardPerson

        if action == "own":
            return self.filter(volunteer__user=user) if self.model is GuardPerson else self.none()
        mine = GuardPerson.objects.filter(volunteer__user=user).values("operation")
        return self.filter(operation__in=mine)

    def _liaison(self, user):
        from .models import GuardPerson

        theirs = GuardPerson.objects.filter(volunteer__team__enterprise_id=user.enterprise_id).values("operation")
        return self.filter(operation__in=theirs)


class GuardShiftQuerySet(GuardChildQuerySet):
    def _volunteer(self, user, action):
        if action == "own":
            return self.filter(person__volunteer__user=user)
        return super()._volunteer(user, "view")


class SwapQuerySet(_PoliceFirst):
    prefix = "shift__operation__"

    def _volunteer(self, user, action):
        return self.filter(Q(requester__volunteer__user=user) | Q(taker__volunteer__user=user))
