"""Who sees which risk report and generation run.

- The police of the station (supervisor) or of the office's parks (officer, auxiliary) see and handle the reports
  of their parks, park reports included.
- An enterprise liaison reads its own enterprise's reports once they are sent (never drafts, never the park
  report, which compares the park's enterprises) and acknowledges them.
- Everyone else sees none.
"""

from jingqi.accounts.choices import Role
from jingqi.core.scoping import ScopedQuerySet, police_q

from .choices import ReportKind, ReportStatus


class RiskReportQuerySet(ScopedQuerySet):
    def _scope(self, user, action):
        police = police_q(user)
        if police is not None:
            return self.filter(police) if action in ("view", "change") else self.none()
        if user.role == Role.LIAISON and user.enterprise_id and action in ("view", "acknowledge"):
            return self.filter(kind=ReportKind.ENTERPRISE, enterprise_id=user.enterprise_id,
                               status__in=[ReportStatus.PUSHED, ReportStatus.ACKNOWLEDGED])
        return self.none()


class ReportRunQuerySet(ScopedQuerySet):
    def _scope(self, user, action):
        police = police_q(user)
        return self.filter(police) if police is not None else self.none()
