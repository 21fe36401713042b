"""Forms of the inspection form and the hazard pages: validation of what was typed only; the services decide (and
check again). Photos pass through untouched: the services sniff them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jingqi.core.text import LONG_TEXT, SHORT_TEXT, text_field
from jingqi.disputes.forms import date_field

from ..choices import Answer, Severity, Verification

PHOTO_ACCEPT = "image/jpeg,image/png,image/gif,image/webp"


def photo_field(label, *, required=False, capture=True, **kwargs):
    attrs = {"accept": PHOTO_ACCEPT}
    if capture:
        attrs["capture"] = "environment"  # a phone opens its camera
    return forms.FileField(label=label, required=required, widget=forms.ClearableFileInput(attrs=attrs), **kwargs)


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos in one field (the services count and sniff them)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": PHOTO_ACCEPT, "multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultiplePhotoField, self).clean(d, initial) for d in data if d]
        return [data] if data else []


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


# --- the checklist -------------------------------------------------------------------------------------------------


class AnswerForm(forms.Form):
    """One item's answer: what the phone sends (with script, as JSON's twin; without, as a plain form)."""

    item = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.ChoiceField(label=_("Answer"), choices=Answer.choices, widget=forms.RadioSelect,
                               error_messages={"required": _("Answer pass, fail or not applicable.")})
    note = text_field(_("Note"), limit=SHORT_TEXT, required=False, rows=2,
                      help_text=_("For a failure, say what is wrong."))
    photo = photo_field(_("Photo"))
    severity = forms.ChoiceField(label=_("Severity"), required=False,
                                 choices=[("", _("As the checklist says"))] + list(Severity.choices))
    fixed_on_site = forms.BooleanField(label=_("Fixed on site"), required=False)
    after_photo = photo_field(_("Photo after the fix"))


class SubmitInspectionForm(VersionedForm):
    note = text_field(_("Note on the inspection"), limit=LONG_TEXT, required=False, rows=3)


# --- hazards -------------------------------------------------------------------------------------------------------


class HazardReportForm(forms.Form):
    park = forms.ModelChoiceField(label=_("Park"), queryset=None)
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None, required=False,
                                        help_text=_("Leave empty for a hazard in the park's public space."))
    title = text_field(_("Hazard"), limit=SHORT_TEXT)
    description = text_field(_("Description"), limit=LONG_TEXT, required=False, rows=4)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial=Severity.GENERAL)
    location = text_field(_("Location"), limit=SHORT_TEXT, required=False)
    latitude = forms.CharField(label=_("Latitude"), max_length=20, required=False,
                               widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    longitude = forms.CharField(label=_("Longitude"), max_length=20, required=False,
                                widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    department = forms.ModelChoiceField(label=_("Responsible department"), queryset=None, required=False,
                                        help_text=_("Told at once of a major hazard."))
    photo = photo_field(_("Photo"))

    def __init__(self, *args, parks, enterprises, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks
        self.fields["enterprise"].queryset = enterprises
        self.fields["enterprise"].label_from_instance = lambda e: f"{e.name} · {e.park.name}"
        self.fields["department"].queryset = departments


class FixOnSiteForm(VersionedForm):
    after_photo = photo_field(_("Photo after the fix"))
    note = text_field(_("What was done"), limit=LONG_TEXT, required=False, rows=2)


class AssignForm(VersionedForm):
    deadline = date_field(_("Fix by"), required=False,
                          help_text=_("Leave empty for the station's default number of working days."))
    responsible_name = text_field(_("Responsible person at the enterprise"), limit=60)
    responsible_phone = forms.CharField(label=_("Their phone"), max_length=20, required=False,
                                        widget=forms.TextInput(attrs={"inputmode": "tel"}))
    measures = text_field(_("What must be done"), limit=LONG_TEXT, rows=3)


class ReportFixForm(VersionedForm):
    note = text_field(_("What was done"), limit=LONG_TEXT, rows=3)
    photos = MultiplePhotoField(label=_("Photos of the fix"), required=False,
                                help_text=_("One to six photos."))


class CloseForm(VersionedForm):
    verification = forms.ChoiceField(label=_("Verified by"), choices=[("", "—")] + list(Verification.choices),
                                     required=False)
    note = text_field(_("What you checked"), limit=SHORT_TEXT)
    photos = MultiplePhotoField(label=_("Photos of what was seen"), required=False,
                                help_text=_("Needed for a re-inspection on site."))


class SendBackForm(VersionedForm):
    reason = text_field(_("What is still wrong"), limit=SHORT_TEXT)
    deadline = date_field(_("New deadline"), required=False, help_text=_("Leave empty to keep the deadline."))


class VoidForm(forms.Form):
    reason = text_field(_("Why it is void"), limit=SHORT_TEXT)


class CommentForm(forms.Form):
    text = text_field(_("Message"), limit=LONG_TEXT, rows=3)
    internal = forms.BooleanField(label=_("Internal (not shown to the enterprise)"), required=False, initial=True)


ACTION_FORMS = {"fix_on_site": FixOnSiteForm, "assign": AssignForm, "report_fix": ReportFixForm,
                "close": CloseForm, "send_back": SendBackForm, "void": VoidForm, "comment": CommentForm}
