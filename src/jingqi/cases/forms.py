"""Case forms: validation of the shape only; the services check the rest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jingqi.core.errors import ActionError
from jingqi.core.parsing import check_plausible_day
from jingqi.core.text import SHORT_TEXT, text_field

from .choices import CaseKind, CaseSource
from .models import TITLE_LIMIT

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}
LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=CaseKind.choices)
    title = text_field(_("Title"), limit=TITLE_LIMIT)
    description = text_field(_("Facts of the case"), rows=4)
    loss_amount = forms.DecimalField(label=_("Loss (yuan)"), required=False, **MONEY)
    items_lost = text_field(_("Items lost"), rows=2, required=False)


class EditForm(CaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RecordForm(CaseForm):
    park = forms.ModelChoiceField(label=_("Park"), queryset=None)
    source = forms.ChoiceField(label=_("Source"), choices=[c for c in CaseSource.choices if c[0] != CaseSource.CLUE])
    reported_at = forms.DateTimeField(label=_("Reported at"), required=False, widget=LOCAL_DATETIME,
                                      help_text=_("Leave empty for now."))
    enterprise = forms.ModelChoiceField(label=_("Victim enterprise"), queryset=None, required=False)
    victim_loss = forms.DecimalField(label=_("Its loss (yuan)"), required=False, **MONEY)

    field_order = ["park", "source", "kind", "title", "description", "reported_at", "enterprise", "victim_loss",
                   "loss_amount", "items_lost"]

    def __init__(self, *args, parks, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks
        self.fields["enterprise"].queryset = enterprises
        self.fields["enterprise"].label_from_instance = lambda e: f"{e.name}（{e.park.name}）"


class FileForm(forms.Form):
    filing_number = text_field(_("Case number"), limit=60, required=False)
    filed_at = forms.DateTimeField(label=_("Filed at"), required=False, widget=LOCAL_DATETIME,
                                   help_text=_("Leave empty for now."))
    officer = forms.ModelChoiceField(label=_("Lead officer"), queryset=None, required=False)
    note = text_field(_("Note"), rows=2, required=False)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers


class DeclineForm(forms.Form):
    reason = text_field(_("Reason"), rows=2)


class SolveForm(forms.Form):
    solved_at = forms.DateTimeField(label=_("Solved at"), required=False, widget=LOCAL_DATETIME,
                                    help_text=_("Leave empty for now."))
    suspects = forms.IntegerField(label=_("Suspects"), min_value=0, max_value=10000, initial=0)
    regions = text_field(_("Regions reached"), limit=SHORT_TEXT, required=False,
                         help_text=_("Cities or provinces the investigation reached, separated by commas."))
    note = text_field(_("Note"), rows=2, required=False)


class CloseForm(forms.Form):
    note = text_field(_("Note"), rows=2, required=False)


class RecoveryForm(forms.Form):
    recovered_on = forms.DateField(label=_("Recovered on"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField(label=_("Value (yuan)"), **MONEY)
    items = text_field(_("Items"), limit=SHORT_TEXT, required=False)
    region = text_field(_("Where"), limit=SHORT_TEXT, required=False)


class VictimForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Victim enterprise"), queryset=None)
    loss_amount = forms.DecimalField(label=_("Its loss (yuan)"), required=False, **MONEY)

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["enterprise"].label_from_instance = lambda e: f"{e.name}（{e.park.name}）"


class NoteForm(forms.Form):
    text = text_field(_("Note"), rows=2)
    shared = forms.BooleanField(label=_("Let the victim enterprises read it"), required=False)


def _plausible(day):
    try:
        check_plausible_day(day, field="")
    except ActionError as exc:
        raise forms.ValidationError(exc.message)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                            validators=[_plausible])
    end = forms.DateField(label=_("Until (not included)"), required=False, validators=[_plausible],
                          widget=forms.DateInput(attrs={"type": "date"}))
