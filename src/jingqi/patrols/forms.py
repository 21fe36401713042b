"""Patrol page forms: validation of what was typed only; the services decide (and check again)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jingqi.core.text import LONG_TEXT, SHORT_TEXT, text_field
from jingqi.disputes.forms import date_field, datetime_field

from .choices import CoverPeriod, FindingKind, Mode, PlaceKind, RecognitionKind, Skill

WINDOW_ROWS = 7
WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")), (4, _("Friday")),
            (5, _("Saturday")), (6, _("Sunday"))]


class VersionedForm(forms.Form):
    """An edit of a versioned record: the version the page was rendered with goes back with it."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class EmptyForm(forms.Form):
    pass


# --- teams and volunteers ----------------------------------------------------------------------------------------


class TeamForm(forms.Form):
    park = forms.ModelChoiceField(label=_("Park"), queryset=None)
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None, required=False,
                                        help_text=_("Leave empty for a team of the whole park."))
    name = text_field(_("Name"), limit=100)
    description = text_field(_("Description"), limit=LONG_TEXT, rows=3, required=False)

    def __init__(self, *args, parks, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks
        self.fields["enterprise"].queryset = enterprises


class TeamEditForm(VersionedForm):
    name = text_field(_("Name"), limit=100)
    description = text_field(_("Description"), limit=LONG_TEXT, rows=3, required=False)
    active = forms.BooleanField(label=_("Active"), required=False)


def skills_field(**kwargs):
    return forms.MultipleChoiceField(label=_("Skills"), choices=Skill.choices, required=False,
                                     widget=forms.CheckboxSelectMultiple, **kwargs)


class EnrolForm(forms.Form):
    full_name = text_field(_("Full name"), limit=60)
    id_number = forms.CharField(label=_("ID number"), max_length=18, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    skills = skills_field()
    user = forms.ModelChoiceField(label=_("Sign-in account (volunteer role)"), queryset=None, required=False)

    def __init__(self, *args, accounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if accounts is None:  # a liaison proposes their staff; accounts are linked by the police
            del self.fields["user"]
        else:
            self.fields["user"].queryset = accounts


class VolunteerEditForm(VersionedForm):
    skills = skills_field()
    is_leader = forms.BooleanField(label=_("Team leader"), required=False)
    user = forms.ModelChoiceField(label=_("Sign-in account (volunteer role)"), queryset=None, required=False,
                                  help_text=_("Link an account so the volunteer can use their own page."))

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = accounts


class StatusForm(forms.Form):
    note = text_field(_("Reason or note"), limit=SHORT_TEXT, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class WindowRowForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=[("", "—"), *WEEKDAYS], coerce=int,
                                     required=False, empty_value=None)
    start = forms.TimeField(label=_("From"), required=False, widget=forms.TimeInput(attrs={"type": "time"},
                                                                                     format="%H:%M"))
    end = forms.TimeField(label=_("Until"), required=False, widget=forms.TimeInput(attrs={"type": "time"},
                                                                                   format="%H:%M"))

    def clean(self):
        data = super().clean()
        given = [data.get(k) is not None for k in ("weekday", "start", "end")]
        if any(given) and not all(given):
            raise forms.ValidationError(_("Give the weekday, the start and the end, or leave the row empty."))
        return data

    def entry(self) -> dict | None:
        data = self.cleaned_data
        if data.get("weekday") is None:
            return None
        return {"weekday": data["weekday"], "start": data["start"].strftime("%H:%M"),
                "end": data["end"].strftime("%H:%M")}


class ExceptionForm(forms.Form):
    starts_at = datetime_field(_("From"))
    ends_at = datetime_field(_("Until"))
    available = forms.BooleanField(label=_("Available in this time (unticked: away)"), required=False)
    note = text_field(_("Note"), limit=SHORT_TEXT, required=False)


class RecognitionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RecognitionKind.choices)
    title = text_field(_("Title"), limit=SHORT_TEXT)
    awarded_on = date_field(_("Awarded on"))
    note = text_field(_("Note"), limit=LONG_TEXT, rows=3, required=False)
    certificate = forms.FileField(label=_("Certificate (picture or PDF)"), required=False)


# --- places ------------------------------------------------------------------------------------------------------


class PlaceFields(forms.Form):
    name = text_field(_("Name"), limit=100)
    geometry = forms.CharField(
        label=_("Shape (GeoJSON)"), widget=forms.Textarea(attrs={"rows": 3, "class": "mono geometry-input"}),
        max_length=400_000,
        help_text=_("Click on the map to draw it, or paste GeoJSON: a point for a checkpoint, a line for a route, "
                    "an area for a patrol area."))
    risk_weight = forms.IntegerField(label=_("Risk weight (1–5)"), min_value=1, max_value=5, initial=1)
    cover_periods = forms.MultipleChoiceField(label=_("Periods that need cover"), choices=CoverPeriod.choices,
                                              required=False, widget=forms.CheckboxSelectMultiple)
    radius_m = forms.IntegerField(label=_("Check-in radius (m)"), min_value=10, max_value=5000, initial=100)
    route = forms.ModelChoiceField(label=_("On route"), queryset=None, required=False,
                                   help_text=_("For a checkpoint: the route it lies on."))
    description = text_field(_("Description"), limit=LONG_TEXT, rows=3, required=False)

    def __init__(self, *args, routes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["route"].queryset = routes


class PlaceForm(PlaceFields):
    park = forms.ModelChoiceField(label=_("Park"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=PlaceKind.choices)
    field_order = ["park", "kind", "name", "geometry"]

    def __init__(self, *args, parks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks
        only = list(parks[:2])
        if len(only) == 1:
            self.fields["park"].initial = only[0]


class PlaceEditForm(PlaceFields):
    active = forms.BooleanField(label=_("Active"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


# --- patrols, check-ins, findings ----------------------------------------------------------------------------------


class PatrolFields(forms.Form):
    title = text_field(_("Title"), limit=100)
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices, initial=Mode.FOOT)
    starts_at = datetime_field(_("Starts at"))
    ends_at = datetime_field(_("Ends at"))
    route = forms.ModelChoiceField(label=_("Route or area"), queryset=None, required=False)
    requires_officer = forms.BooleanField(label=_("Joint patrol: at least one officer"), required=False,
                                          initial=True)
    officers = forms.ModelMultipleChoiceField(label=_("Officers"), queryset=None, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    volunteers = forms.ModelMultipleChoiceField(label=_("Volunteers"), queryset=None, required=False,
                                                widget=forms.CheckboxSelectMultiple)
    note = text_field(_("Note"), limit=LONG_TEXT, rows=3, required=False)

    def __init__(self, *args, routes, officers, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["route"].queryset = routes
        self.fields["officers"].queryset = officers
        self.fields["volunteers"].queryset = volunteers
        self.fields["officers"].label_from_instance = lambda u: f"{u.full_name or u.username} · {u.get_role_display()}"
        self.fields["volunteers"].label_from_instance = lambda v: f"{v.person.full_name} · {v.team.name}"


class PatrolForm(PatrolFields):
    park = forms.ModelChoiceField(label=_("Park"), queryset=None)
    repeat_weeks = forms.IntegerField(label=_("Repeat weekly for more weeks"), min_value=0, max_value=26,
                                      initial=0, required=False)
    field_order = ["park", "title", "mode", "starts_at", "ends_at"]

    def __init__(self, *args, parks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks
        only = list(parks[:2])
        if len(only) == 1:
            self.fields["park"].initial = only[0]


class PatrolEditForm(PatrolFields):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class CancelForm(forms.Form):
    reason = text_field(_("Reason"), limit=SHORT_TEXT)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class CheckInForm(forms.Form):
    """Latitude, longitude and accuracy are filled by check_in.js from the phone's location; without it (or
    when the person refuses) the check-in is recorded as having no position."""

    checkpoint = forms.ModelChoiceField(label=_("Checkpoint"), queryset=None, required=False, empty_label=_("— None —"))
    note = text_field(_("Note"), limit=SHORT_TEXT, required=False)
    latitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, min_value=-90, max_value=90,
                                  widget=forms.HiddenInput)
    longitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, min_value=-180,
                                   max_value=180, widget=forms.HiddenInput)
    accuracy = forms.IntegerField(required=False, min_value=0, max_value=100000, widget=forms.HiddenInput)

    def __init__(self, *args, checkpoints, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checkpoint"].queryset = checkpoints


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FindingKind.choices, widget=forms.RadioSelect)
    description = text_field(_("What was seen"), limit=LONG_TEXT, rows=4)
    enterprise = forms.ModelChoiceField(label=_("Enterprise concerned"), queryset=None, required=False,
                                        help_text=_("Needed to open a request."))
    location = text_field(_("Location"), limit=SHORT_TEXT, required=False)
    photo = forms.FileField(label=_("Photo"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}))
    latitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, min_value=-90, max_value=90,
                                  widget=forms.HiddenInput)
    longitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, min_value=-180,
                                   max_value=180, widget=forms.HiddenInput)

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class OpenFindingForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Enterprise concerned"), queryset=None, required=False,
                                        help_text=_("Needed to open a request."))

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises

