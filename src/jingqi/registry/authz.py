"""Registry pages that name an object, for the authorization matrix (see core/testing/matrix.py)."""

from jingqi.core.testing.matrix import Route

from .models import Contact, Enterprise, Park, Person, TeamMember


def police_only(model):
    """Pages for police roles only, on the objects they can see (liaisons see but may not log)."""

    def allowed(user, method):
        qs = model.objects.visible_to(user)
        return qs if user.is_police else qs.none()

    return allowed


def revealers_only(user, method):
    qs = Person.objects.visible_to(user)
    return qs if user.can_reveal else qs.none()


HTML_ROUTES = [
    Route("registry:enterprise_detail", Enterprise),
    Route("registry:enterprise_edit", Enterprise, ("get", "post"), scope="change"),
    Route("registry:contact_add", Enterprise, ("get", "post"), scope="change",
          data=lambda obj: {"full_name": "越权", "role": "other"}),
    Route("registry:team_add", Enterprise, ("get", "post"), scope="change"),
    Route("registry:strategy_edit", Enterprise, ("get", "post"), scope="change",
          data=lambda obj: {"risk_notes": "越权", "version": obj.strategy.version}),
    Route("registry:visit_create", Enterprise, ("get", "post"), allowed=police_only(Enterprise),
          data=lambda obj: {"kind": "routine", "visited_at": "2026-01-05 10:00", "summary": "越权"}),
    Route("registry:contact_remove", Contact, ("post",), scope="change"),
    Route("registry:team_remove", TeamMember, ("post",), scope="change"),
    Route("registry:person_reveal", Person, ("post",), allowed=revealers_only,
          kwargs=lambda obj: {"pk": obj.pk, "field": "id_number"}),
    Route("registry:park_detail", Park),
    Route("registry:park_edit", Park, ("get", "post"), scope="change"),
    Route("registry:park_map", Park),
]

API_ALLOWED = {"person-reveal": revealers_only}
