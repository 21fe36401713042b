"""Who sees the false-claim model's records: the police of the station that imported them.

Complaints carry personal data of complainants and the clues name suspects, so only police roles
see them: supervisors their station's, officers and auxiliaries their office's station's (complaints
concern merchants anywhere in the station's area, not one park). Importing, running the model and
reviewing clues (``action="change"``) is for supervisors and officers: an auxiliary officer helps
read the evidence but takes no decision on a suspect. Departments, enterprises, volunteers and
viewers see nothing here.
"""

from django.db.models import Q

from jingqi.accounts.choices import Role
from jingqi.core.scoping import ScopedQuerySet

READERS = (Role.SUPERVISOR, Role.OFFICER, Role.AUXILIARY)
DECIDERS = (Role.SUPERVISOR, Role.OFFICER)


def station_q(user, action: str, prefix: str = "") -> Q | None:
    roles = READERS if action == "view" else DECIDERS
    if user.role not in roles:
        return None
    if user.role == Role.SUPERVISOR and user.station_id:
        return Q(**{f"{prefix}station_id": user.station_id})
    if user.office_id:
        return Q(**{f"{prefix}station__offices": user.office_id})
    return None


class StationScopedQuerySet(ScopedQuerySet):
    prefix = ""

    def _scope(self, user, action):
        q = station_q(user, action, self.prefix)
        return self.filter(q) if q is not None else self.none()


class ComplaintBatchQuerySet(StationScopedQuerySet):
    pass


class ComplaintQuerySet(StationScopedQuerySet):
    pass


class EvidenceImageQuerySet(StationScopedQuerySet):
    prefix = "batch__"


class ScanRunQuerySet(StationScopedQuerySet):
    pass


class ClueQuerySet(StationScopedQuerySet):
    def current(self):
        """Clues of the latest run, and older ones someone has already worked on."""
        return self.filter(superseded=False)


class ClueEventQuerySet(StationScopedQuerySet):
    prefix = "clue__"

    def _scope(self, user, action):
        return super()._scope(user, "view") if action == "view" else self.none()
