"""The clue review's free texts (findings, case number, notes, reasons) use the platform's one text limit."""

import re

import pytest
from django.urls import reverse

from jingqi.claims import services
from jingqi.claims.models import Clue, ClueEvent
from jingqi.core.errors import ActionError
from jingqi.core.models import AuditEvent
from jingqi.core.text import LONG_TEXT

pytestmark = pytest.mark.django_db


def _new(w):
    return w.clue_s


def _reviewing(w):
    return services.do_review_clue(w.officer_a, w.clue_s)


def _confirmed(w):
    return services.do_confirm_clue(w.officer_a, _reviewing(w), findings="同一人冒用多个姓名")


def _dismissed(w):
    return services.do_dismiss_clue(w.officer_a, w.clue_s, reason="真实质量问题")


INPUTS = [
    ("review findings", "findings", LONG_TEXT, _reviewing,
     lambda w, c, v: services.do_confirm_clue(w.officer_a, c, findings=v)),
    ("case number", "case_reference", 60, _confirmed,
     lambda w, c, v: services.do_transfer_clue(w.supervisor, c, case_reference=v)),
    ("transfer note", "note", LONG_TEXT, _confirmed,
     lambda w, c, v: services.do_transfer_clue(w.supervisor, c, case_reference="嵊公立字〔2026〕1号", note=v)),
    ("dismissal reason", "reason", LONG_TEXT, _new,
     lambda w, c, v: services.do_dismiss_clue(w.officer_a, c, reason=v)),
    ("reopening reason", "reason", LONG_TEXT, _dismissed,
     lambda w, c, v: services.do_reopen_clue(w.supervisor, c, reason=v)),
    ("note", "text", LONG_TEXT, _new, lambda w, c, v: services.do_note_clue(w.officer_a, c, text=v)),
]


def _state():
    return (AuditEvent.objects.count(), ClueEvent.objects.count(),
            list(Clue.objects.order_by("pk").values_list("state", "findings", "case_reference", "dismiss_reason")))


@pytest.mark.parametrize(("name", "field", "limit", "setup", "act"), INPUTS, ids=[i[0] for i in INPUTS])
def test_every_free_text_input_of_the_clue_review_refuses_text_over_its_limit(world, name, field, limit, setup,
                                                                              act):
    clue = setup(world)
    before = _state()
    with pytest.raises(ActionError) as exc:
        act(world, clue, "长" * (limit + 1))
    assert exc.value.field == field and exc.value.code == "too_long"
    assert str(limit) in exc.value.message and str(limit + 1) in exc.value.message
    assert _state() == before


def test_the_review_forms_show_the_limit(world, client_for):
    content = client_for(world.officer_a).get(reverse("claims:clue_detail", args=[world.clue_s.pk])).content.decode()
    tags = re.findall(r"<textarea[^>]*>", content)
    assert tags and all(f'maxlength="{LONG_TEXT}"' in tag for tag in tags), tags
