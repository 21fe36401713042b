"""Configuration and ledger forms: what was typed, checked for shape only; the services decide (and check again)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jingqi.core.text import LONG_TEXT, SHORT_TEXT, text_field
from jingqi.disputes.forms import date_field

from ..choices import Every, InspectionKind, RiskLevel

#: Empty rows offered below a checklist's items, for new ones.
SPARE_ROWS = 3
MAX_ROWS = 200


class VersionedForm(forms.Form):
    """An edit of a versioned record: the version the page was rendered with goes back with it."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class TypeForm(VersionedForm):
    code = text_field(_("Code"), limit=32, help_text=_("Short and unique in the station, e.g. FIRE."))
    name = text_field(_("Name"), limit=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=InspectionKind.choices)
    department = forms.ModelChoiceField(label=_("Department that owes it"), queryset=None, required=False,
                                        empty_label=_("The police"))
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class ChecklistForm(forms.Form):
    """The next version's items, one row each (section, item, how to check, a failure is major); empty rows are
    left out. The rows' fields are ``item-<n>-text`` and so on."""

    note = text_field(_("What changed"), limit=SHORT_TEXT, required=False)

    def __init__(self, *args, rows: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_count = min(rows, MAX_ROWS)
        for n in range(self.row_count):
            self.fields[f"item-{n}-section"] = text_field(_("Section"), limit=100, required=False)
            self.fields[f"item-{n}-text"] = text_field(_("Item"), limit=SHORT_TEXT, required=False)
            self.fields[f"item-{n}-guidance"] = text_field(_("How to check"), limit=LONG_TEXT, required=False,
                                                           rows=2)
            self.fields[f"item-{n}-major"] = forms.BooleanField(label=_("A failure is a major hazard"),
                                                                required=False)

    def rows(self):
        """Each row's bound fields, for the template."""
        return [{part: self[f"item-{n}-{part}"] for part in ("section", "text", "guidance", "major")}
                for n in range(self.row_count)]

    def clean(self):
        data = super().clean()
        items = []
        for n in range(self.row_count):
            row = {part: data.get(f"item-{n}-{part}") for part in ("section", "text", "guidance", "major")}
            if not (row["section"] or row["text"] or row["guidance"]):
                continue
            if not row["text"]:
                self.add_error(f"item-{n}-text", _("Say what is checked, or empty the row."))
                continue
            items.append({"section": row["section"], "text": row["text"], "guidance": row["guidance"],
                          "major_if_failed": bool(row["major"])})
        if not items and not self.errors:
            raise forms.ValidationError(_("A checklist needs at least one item."))
        data["items"] = items
        return data


class RuleForm(VersionedForm):
    name = text_field(_("Name"), limit=100)
    inspection_type = forms.ModelChoiceField(label=_("Inspection type"), queryset=None)
    every = forms.TypedChoiceField(label=_("How often"), choices=Every.choices, coerce=int, initial=Every.QUARTER)
    key_only = forms.BooleanField(label=_("Key enterprises only"), required=False)
    industry_prefixes = forms.CharField(label=_("Industry codes starting with"), required=False, max_length=200,
                                        help_text=_("GB/T 4754 codes or their beginnings (a section letter, then "
                                                    "up to 4 digits), separated by commas, e.g. C26, C27; empty: "
                                                    "any industry."))
    min_risk = forms.TypedChoiceField(label=_("Risk level at least"), choices=[("", _("Any")), *RiskLevel.choices],
                                      coerce=int, empty_value=None, required=False)
    min_headcount = forms.IntegerField(label=_("Headcount at least"), required=False, min_value=0,
                                       max_value=10_000_000)
    chemicals_only = forms.BooleanField(label=_("Hazardous chemicals only"), required=False)
    at_key_dates = forms.BooleanField(label=_("Also before key dates"), required=False)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection_type"].queryset = types


class KeyDateForm(forms.Form):
    name = text_field(_("Name"), limit=100, help_text=_("The holiday or major event."))
    on = date_field(_("Date"))
    lead_days = forms.IntegerField(label=_("Inspect within (days before)"), min_value=1, max_value=90, initial=14)


class ProfileForm(VersionedForm):
    risk_level = forms.TypedChoiceField(label=_("Risk level"), choices=RiskLevel.choices, coerce=int)
    hazardous_chemicals = forms.BooleanField(label=_("Keeps hazardous chemicals"), required=False)
    monthly_budget = forms.IntegerField(label=_("Visits a month"), required=False, min_value=1, max_value=31,
                                        help_text=_("Inspections, liaison visits and patrol follow-ups together; "
                                                    "empty: the station's default."))
    note = text_field(_("Note"), limit=SHORT_TEXT, required=False)
    assessed_on = date_field(_("Assessed on"), required=False)
