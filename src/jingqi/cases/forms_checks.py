"""Background-check forms: validation of what was typed only; the services decide (and check again)."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from jingqi.core.text import SHORT_TEXT, text_field
from jingqi.disputes.forms import date_field

from .choices import Advice, ConsentScope, DeclineReason, ReasonCategory
from .services_checks import CONSENT_MAX_AGE_DAYS, NAME_LIMIT


class CheckRequestForm(forms.Form):
    position = text_field(_("Job position"), limit=SHORT_TEXT)
    duties = text_field(_("Duties that call for the check"), rows=4,
                        help_text=_("Why this position needs a check: money, goods, dangerous materials, security."))
    candidate_name = text_field(_("Candidate's name"), limit=NAME_LIMIT,
                                widget=forms.TextInput(attrs={"autocomplete": "off"}))
    id_number = forms.CharField(label=_("Candidate's resident ID number"), max_length=30,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    consent_scope = forms.MultipleChoiceField(
        label=_("What the consent covers"), choices=ConsentScope.choices, widget=forms.CheckboxSelectMultiple,
        required=False, help_text=_("Tick only what the signed consent names."))
    consent_signed_on = date_field(_("Consent signed on"), help_text=format_lazy(
        _("No more than {days} days ago."), days=CONSENT_MAX_AGE_DAYS))
    consent = forms.FileField(label=_("Signed consent (PDF or picture)"), required=False,
                              widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}))


class AdviseForm(forms.Form):
    advice = forms.ChoiceField(label=_("Advice"), choices=Advice.choices, widget=forms.RadioSelect)
    reason_category = forms.ChoiceField(
        label=_("Reason category"), choices=ReasonCategory.choices, widget=forms.RadioSelect,
        help_text=_("The enterprise reads this category only, never the record behind it."))


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why the check is declined"), choices=DeclineReason.choices,
                               widget=forms.RadioSelect)
