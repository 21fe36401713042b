"""The forms count a text's length as the services do (core.text): line breaks that a browser posts as
CR LF count once, as the page's ``maxlength`` counted them while the user typed."""

import pytest
from django import forms

from jingqi.core.text import LONG_TEXT, check_text, text_field
from jingqi.registry.forms import StrategyForm

# Exactly the limit as the page and the services count it; one character more for the browser's CR LF.
AT_THE_LIMIT = "甲" * 1999 + "\r\n" + "乙" * 2000
OVER_THE_LIMIT = "甲" * 2000 + "\r\n" + "乙" * 2000


class NoteForm(forms.Form):
    note = text_field("note", rows=3)


def test_a_text_area_at_the_limit_with_a_line_break_is_accepted_by_its_form_and_its_service():
    assert len(AT_THE_LIMIT) == LONG_TEXT + 1
    form = NoteForm({"note": AT_THE_LIMIT})
    assert form.is_valid(), form.errors
    assert len(check_text(form.cleaned_data["note"], field="note")) == LONG_TEXT


def test_a_text_area_over_the_limit_is_refused_by_its_form_counted_as_the_service_counts():
    form = NoteForm({"note": OVER_THE_LIMIT})
    assert not form.is_valid()
    assert str(LONG_TEXT + 1) in form.errors["note"][0]
    assert 'maxlength="4000"' in str(form["note"])


@pytest.mark.django_db
def test_a_model_form_held_to_the_limit_counts_line_breaks_once_too():
    form = StrategyForm({"risk_notes": AT_THE_LIMIT, "service_package": "", "measures": "", "version": 1})
    assert "risk_notes" not in form.errors
    form = StrategyForm({"risk_notes": OVER_THE_LIMIT, "service_package": "", "measures": "", "version": 1})
    assert "risk_notes" in form.errors
