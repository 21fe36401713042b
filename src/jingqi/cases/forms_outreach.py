"""Outreach forms: validation of what was typed only; the services decide (and check again)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jingqi.core.text import LONG_TEXT, SHORT_TEXT, text_field
from jingqi.disputes.forms import datetime_field

from .choices import OutreachTopic
from .models import TITLE_LIMIT
from .services_outreach import MAX_ATTENDEES


class EnterpriseChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ParkEnterpriseChoices(EnterpriseChoices):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.park.name}）"


def _enterprises_field(required=False, kind=EnterpriseChoices):
    return kind(label=_("Enterprises invited"), queryset=None, required=required,
                             widget=forms.CheckboxSelectMultiple)


def _all_field():
    return forms.BooleanField(label=_("Invite every operating enterprise of the park"), required=False)


class OutreachForm(forms.Form):
    """What the event is, when and where: shared by planning and editing."""

    topic = forms.ChoiceField(label=_("Topic"), choices=[("", _("— Choose —")), *OutreachTopic.choices])
    title = text_field(_("Title"), limit=TITLE_LIMIT)
    starts_at = datetime_field(_("Starts at"))
    ends_at = datetime_field(_("Ends at"))
    place = text_field(_("Place"), limit=SHORT_TEXT)
    speaker = text_field(_("Speaker"), limit=SHORT_TEXT, required=False)
    materials = text_field(_("Materials handed out"), limit=LONG_TEXT, rows=3, required=False,
                           help_text=_("Leaflets, posters, booklets: what and how many."))


class PlanForm(OutreachForm):
    """A new event: its park and the enterprises invited (of that park; all of them in one go)."""

    park = forms.ModelChoiceField(label=_("Park"), queryset=None)
    all_enterprises = _all_field()
    enterprises = _enterprises_field(kind=ParkEnterpriseChoices)

    field_order = ["park", "topic", "title", "starts_at", "ends_at", "place", "speaker", "materials",
                   "all_enterprises", "enterprises"]

    def __init__(self, *args, parks, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks
        only = list(parks[:2])
        if len(only) == 1:
            self.fields["park"].initial = only[0]
        self.fields["enterprises"].queryset = enterprises
        self.fields["enterprises"].help_text = _("Or tick the box above to invite them all.")


class EditForm(OutreachForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class InviteForm(forms.Form):
    all_enterprises = _all_field()
    enterprises = _enterprises_field()
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprises"].queryset = enterprises


class AttendanceForm(forms.Form):
    """One number per invited enterprise (a phone's number pad), then the summary."""

    summary = text_field(_("Summary"), limit=LONG_TEXT, rows=4, required=False,
                         help_text=_("What was covered, questions asked, follow-up promised."))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_names = []
        for row in rows:
            name = f"att_{row.enterprise_id}"
            self.fields[name] = forms.IntegerField(
                label=row.enterprise.name, min_value=0, max_value=MAX_ATTENDEES, required=True,
                initial=row.attendees, widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}))
            self.row_names.append(name)
        self.order_fields([*self.row_names, "summary"])

    def attendance(self) -> dict[int, int]:
        return {int(name.removeprefix("att_")): self.cleaned_data[name] for name in self.row_names}


class CancelForm(forms.Form):
    reason = text_field(_("Why is it cancelled"), limit=SHORT_TEXT)


class MaterialForm(forms.Form):
    # Every invited enterprise's liaison may download the files: slides and leaflets, not sign-in sheets with
    # other enterprises' staff on them.
    file = forms.FileField(label=_("File"), help_text=_("Slides, a leaflet or a poster: a picture, a PDF or an "
                                                        "Office document. The invited enterprises can download it."))
