"""Forms: field validation only. The normalisers are shared with the services, which check again."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingqi.accounts.models import User
from jingqi.core.errors import ActionError
from jingqi.core.pii import normalize_id_number, normalize_phone
from jingqi.core.text import TextLimitsMixin, text_field

from . import geo, selectors
from .choices import CollectedItem, ContactRole, StationingMode, TeamRole, VisitKind
from .industry import normalize_industry_code, section_choices
from .models import Enterprise, Park, Strategy
from .querysets import park_q
from .validation import normalize_production_hours, normalize_uscc


def _field_check(normalizer, value):
    try:
        return normalizer(value)
    except ActionError as exc:
        raise forms.ValidationError(exc.message)


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or credit code"), required=False)
    park = forms.ModelChoiceField(label=_("Park"), queryset=Park.objects.none(), required=False,
                                  empty_label=_("All parks"))
    section = forms.ChoiceField(label=_("Industry"), required=False)
    above_designated_size = forms.BooleanField(label=_("Above designated size"), required=False)
    listed = forms.BooleanField(label=_("Listed"), required=False)
    key_enterprise = forms.BooleanField(label=_("Key enterprise"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = Park.objects.visible_to(user)
        self.fields["section"].choices = [("", _("All industries")), *section_choices()]


class EnterpriseForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Enterprise
        fields = ["name", "uscc", "park", "industry_code", "above_designated_size", "listed", "key_enterprise",
                  "headcount", "address", "latitude", "longitude", "status", "production_hours"]
        help_texts = {
            "uscc": _("18 characters, check character included."),
            "industry_code": _("GB/T 4754 code, e.g. C3841 (lithium-ion batteries)."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        q = park_q(user, "change")
        self.fields["park"].queryset = Park.objects.filter(q) if q is not None else Park.objects.none()
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_uscc(self):
        return _field_check(normalize_uscc, self.cleaned_data["uscc"])

    def clean_industry_code(self):
        return _field_check(normalize_industry_code, self.cleaned_data["industry_code"])

    def clean_production_hours(self):
        return _field_check(normalize_production_hours, self.cleaned_data["production_hours"])

    def validate_unique(self):
        # Uniqueness is the service's to say, without hinting whose record holds the code.
        pass


class ContactForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=60)
    role = forms.ChoiceField(label=_("Role"), choices=ContactRole.choices)
    title = forms.CharField(label=_("Job title"), max_length=60, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=30, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip()
        return _field_check(normalize_id_number, value) if value else ""

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        return _field_check(normalize_phone, value) if value else ""


class TeamMemberForm(forms.Form):
    role = forms.ChoiceField(label=_("Team role"), choices=TeamRole.choices)
    user = forms.ModelChoiceField(label=_("Staff member"), queryset=User.objects.none(), required=False)
    contact = forms.ModelChoiceField(label=_("Enterprise contact"), queryset=None, required=False)

    def __init__(self, *args, enterprise: Enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        station_id = enterprise.park.station_id
        self.fields["user"].queryset = selectors.staff_of_station(station_id)
        self.fields["contact"].queryset = enterprise.contacts.select_related("person")

    def clean(self):
        data = super().clean()
        if bool(data.get("user")) == bool(data.get("contact")):
            raise forms.ValidationError(_("Choose either a staff member or one of the enterprise's contacts."))
        return data


class StrategyForm(TextLimitsMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Strategy
        fields = ["risk_notes", "service_package", "measures", "review_date"]
        widgets = {"review_date": forms.DateInput(attrs={"type": "date"})}


class VisitForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=VisitKind.choices)
    visited_at = forms.DateTimeField(
        label=_("Visited at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    collected = forms.MultipleChoiceField(label=_("Collected"), choices=CollectedItem.choices, required=False,
                                          widget=forms.CheckboxSelectMultiple)
    summary = text_field(_("Summary"), rows=4)
    follow_up = text_field(_("Follow-up needed"), rows=2, required=False)

    def clean_visited_at(self):
        value = self.cleaned_data["visited_at"]
        if value > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("A visit cannot be logged in the future."))
        return value


class ParkForm(TextLimitsMixin, forms.ModelForm):
    text_exempt = ("boundary",)  # GeoJSON, checked by geo.normalize_boundary
    boundary = forms.CharField(label=_("Boundary (GeoJSON)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
                               help_text=_("A GeoJSON Polygon or MultiPolygon in longitude, latitude (WGS 84)."))

    class Meta:
        model = Park
        fields = ["code", "name", "kind", "office", "boundary", "description"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Office

        self.fields["office"].queryset = Office.objects.visible_to(user, "change")
        if self.instance.pk and self.instance.boundary:
            import json

            self.initial["boundary"] = json.dumps(self.instance.boundary, ensure_ascii=False)

    def clean_boundary(self):
        return _field_check(geo.normalize_boundary, self.cleaned_data["boundary"])


class PersonLookupForm(forms.Form):
    id_number = forms.CharField(label=_("ID number"), max_length=30)

    def clean_id_number(self):
        return _field_check(normalize_id_number, self.cleaned_data["id_number"])


class StationingForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=None)
    office = forms.ModelChoiceField(label=_("Police office"), queryset=None)
    mode = forms.ChoiceField(label=_("Mode"), choices=StationingMode.choices)
    schedule = forms.CharField(label=_("Schedule"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Department, Office

        self.fields["department"].queryset = Department.objects.visible_to(user, "change")
        self.fields["office"].queryset = Office.objects.visible_to(user, "change")
