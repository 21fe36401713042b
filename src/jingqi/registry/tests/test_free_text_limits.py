"""Every free-text input of the registry services is held to the one limit of core.text, shown in the forms."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from jingqi.core.errors import ActionError
from jingqi.core.models import AuditEvent
from jingqi.core.text import LONG_TEXT, SHORT_TEXT
from jingqi.registry import services
from jingqi.registry.models import Contact, Enterprise, Office, Park, Person, Stationing, Strategy, Visit

pytestmark = pytest.mark.django_db


def _strategy(w, field, value):
    return services.do_update_strategy(w.officer_a, w.enterprise_a, {field: value},
                                       expected_version=w.enterprise_a.strategy.version)


# (name, the field the error names, its limit, the action with a text)
INPUTS = [
    ("enterprise name", "name", 150,
     lambda w, v: services.do_update_enterprise(w.officer_a, w.enterprise_a, {"name": v},
                                                expected_version=w.enterprise_a.version)),
    ("enterprise address", "address", SHORT_TEXT,
     lambda w, v: services.do_update_enterprise(w.officer_a, w.enterprise_a, {"address": v},
                                                expected_version=w.enterprise_a.version)),
    ("contact name", "full_name", 60,
     lambda w, v: services.do_add_contact(w.officer_a, w.enterprise_a, full_name=v, role="security_head")),
    ("contact job title", "title", 60,
     lambda w, v: services.do_add_contact(w.officer_a, w.enterprise_a, full_name="王强", role="security_head",
                                          title=v)),
    ("strategy risks", "risk_notes", LONG_TEXT, lambda w, v: _strategy(w, "risk_notes", v)),
    ("strategy service package", "service_package", LONG_TEXT, lambda w, v: _strategy(w, "service_package", v)),
    ("strategy measures", "measures", LONG_TEXT, lambda w, v: _strategy(w, "measures", v)),
    ("visit summary", "summary", LONG_TEXT,
     lambda w, v: services.do_log_visit(w.officer_a, w.enterprise_a, kind="routine", visited_at=timezone.now(),
                                        summary=v)),
    ("visit follow-up", "follow_up", LONG_TEXT,
     lambda w, v: services.do_log_visit(w.officer_a, w.enterprise_a, kind="routine", visited_at=timezone.now(),
                                        summary="走访", follow_up=v)),
    ("stationing schedule", "schedule", SHORT_TEXT,
     lambda w, v: services.do_set_stationing(w.supervisor, department=w.dept_transport_unit, office=w.office_a,
                                             mode="on_call", schedule=v)),
    ("park description", "description", LONG_TEXT,
     lambda w, v: services.do_save_park(w.supervisor, {"description": v}, w.park_a)),
    ("office name", "name", 100,
     lambda w, v: services.do_create_office(w.supervisor, station=w.station, code="OX", name=v)),
]


def _state():
    return (AuditEvent.objects.count(), Person.objects.count(), Contact.objects.count(), Visit.objects.count(),
            Office.objects.count(),
            list(Enterprise.objects.order_by("pk").values_list("name", "address", "version")),
            list(Strategy.objects.order_by("pk").values_list("risk_notes", "service_package", "measures", "version")),
            list(Stationing.objects.order_by("pk").values_list("schedule")),
            list(Park.objects.order_by("pk").values_list("description")))


@pytest.mark.parametrize(("name", "field", "limit", "act"), INPUTS, ids=[i[0] for i in INPUTS])
def test_every_free_text_input_of_the_registry_services_refuses_text_over_its_limit(world, name, field, limit, act):
    before = _state()
    with pytest.raises(ActionError) as exc:
        act(world, "长" * (limit + 1))
    assert exc.value.field == field and exc.value.code == "too_long"
    assert str(limit) in exc.value.message
    assert _state() == before


@pytest.mark.parametrize(("url", "names"), [("registry:strategy_edit", ("risk_notes", "service_package", "measures")),
                                             ("registry:visit_create", ("summary", "follow_up"))])
def test_registry_forms_show_the_limit(world, client_for, url, names):
    content = client_for(world.officer_a).get(reverse(url, args=[world.enterprise_a.pk])).content.decode()
    for name in names:
        tag = re.search(rf'<textarea[^>]*name="{name}"[^>]*>', content)
        assert tag and f'maxlength="{LONG_TEXT}"' in tag.group(0), name
    assert str(LONG_TEXT) in re.sub(r"<[^>]+>", "", content)
