"""Quarter plan and visit forms: what was typed is checked here, the services decide (and check again)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jingqi.core.text import LONG_TEXT, SHORT_TEXT, text_field
from jingqi.disputes.forms import date_field


class WaiveForm(forms.Form):
    reason = text_field(_("Why waive it"), limit=SHORT_TEXT)


class CancelVisitForm(forms.Form):
    reason = text_field(_("Why cancel the visit"), limit=SHORT_TEXT)


class StartInspectionForm(forms.Form):
    inspection_type = forms.TypedChoiceField(label=_("Inspection"), coerce=int, choices=())

    def __init__(self, *args, types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection_type"].choices = [(t.pk, t.name) for t in types]


def reason_field():
    return text_field(_("Why beyond the budget"), limit=SHORT_TEXT, required=False,
                      help_text=_("The enterprise has used its visits for the month: the supervisor sees why one "
                                  "more is needed."))


class VisitForm(forms.Form):
    """Planning a joint visit, or changing one: the inspections it does, its date and its team."""

    planned_on = date_field(_("Date"))
    requirements = forms.TypedMultipleChoiceField(label=_("Inspections on this visit"), coerce=int, choices=(),
                                                  widget=forms.CheckboxSelectMultiple)
    lead = forms.ModelChoiceField(label=_("Team leader"), queryset=None, required=False,
                                  help_text=_("Empty: you lead the visit."))
    officers = forms.ModelMultipleChoiceField(label=_("Officers"), queryset=None, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("The departments that owe an inspection chosen come along in any case."))
    notice = text_field(_("Notice to the enterprise"), limit=LONG_TEXT, rows=3, required=False,
                        help_text=_("What to have ready and who should be there: the enterprise sees it."))
    note = text_field(_("Internal note"), limit=LONG_TEXT, rows=3, required=False,
                      help_text=_("Never shown to the enterprise."))
    over_budget_reason = reason_field()

    def __init__(self, *args, requirements, police, departments, show_reason=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirements"].choices = [(r.pk, requirement_label(r)) for r in requirements]
        self.fields["lead"].queryset = police
        self.fields["officers"].queryset = police
        self.fields["departments"].queryset = departments
        if not show_reason:
            del self.fields["over_budget_reason"]

    def show_reason(self):
        """Adds the reason field after the service said the visit is beyond the budget."""
        if "over_budget_reason" not in self.fields:
            self.fields["over_budget_reason"] = reason_field()


class VisitEditForm(VisitForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def requirement_label(requirement) -> str:
    label = _("%(type)s, %(start)s to %(due)s") % {
        "type": requirement.inspection_type.name, "start": f"{requirement.period_start:%Y-%m-%d}",
        "due": f"{requirement.due_on:%Y-%m-%d}"}
    if requirement.key_date_id:
        label = f"{label} ({requirement.key_date.name})"
    return label
