"""Forms of the guard operation pages and the volunteer's own page: validation of what was typed only; the
services decide (and check again)."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jingqi.core.errors import ActionError
from jingqi.core.parsing import loads_json
from jingqi.core.text import SHORT_TEXT, text_field

from .choices import FindingKind

SEGMENT_ROWS = 3  # blank rows offered below the existing segments
WINDOW_ROWS = 4  # blank weekly windows offered below the existing ones
WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")), (4, _("Friday")),
            (5, _("Saturday")), (6, _("Sunday"))]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def datetime_field(label, **kwargs):
    return forms.DateTimeField(label=label, widget=DateTimeInput(),
                               input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"], **kwargs)


def hour_field(label, initial):
    return forms.IntegerField(label=label, min_value=0, max_value=23, initial=initial)


class OperationForm(forms.Form):
    park = forms.ModelChoiceField(label=_("Park"), queryset=None)
    name = text_field(_("Name"), limit=100)
    description = text_field(_("Description"), rows=3, required=False)
    starts_at = datetime_field(_("Starts at (on the hour)"))
    hours = forms.IntegerField(label=_("Length (hours)"), min_value=1, max_value=24 * 62, initial=24 * 14)
    geometry = forms.CharField(label=_("Guarded line or area (GeoJSON)"), required=False, max_length=200_000,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("A LineString (split into segments) or a Polygon."))
    night_start = hour_field(_("Night from (hour)"), 22)
    night_end = hour_field(_("Night until (hour)"), 6)
    min_shift = forms.IntegerField(label=_("Shortest shift (hours)"), min_value=1, max_value=24, initial=2)
    max_shift = forms.IntegerField(label=_("Longest shift (hours)"), min_value=1, max_value=24, initial=8)
    min_rest = forms.IntegerField(label=_("Rest between shifts (hours)"), min_value=1, max_value=72, initial=8)
    max_week_hours = forms.IntegerField(label=_("Most hours a week"), min_value=1, max_value=168, initial=40)
    max_nights_in_row = forms.IntegerField(label=_("Most nights in a row"), min_value=0, max_value=62, initial=3)
    swap_needs_officer = forms.BooleanField(label=_("A swap needs an officer's approval"), required=False,
                                            initial=True)
    time_limit = forms.IntegerField(label=_("Solver time limit (seconds)"), min_value=1, max_value=600, initial=30)

    def __init__(self, *args, parks=None, **kwargs):
        super().__init__(*args, **kwargs)
        if parks is None:
            del self.fields["park"]
        else:
            self.fields["park"].queryset = parks
            only = list(parks[:2])
            if len(only) == 1:
                self.fields["park"].initial = only[0]

    def clean_geometry(self):
        text = self.cleaned_data["geometry"].strip()
        if not text:
            return None
        try:
            return loads_json(text)  # bounded nesting: a deeply nested body is refused, not recursed into
        except ActionError as exc:
            raise forms.ValidationError(exc.message) from None
        except ValueError:
            raise forms.ValidationError(_("Give the line or area as GeoJSON.")) from None


class OperationEditForm(OperationForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class SegmentRowForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20, required=False)
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    need = forms.IntegerField(label=_("People by day"), min_value=0, max_value=20, initial=1, required=False)
    night_need = forms.IntegerField(label=_("People at night"), min_value=0, max_value=20, initial=1,
                                    required=False)
    officer_at_night = forms.BooleanField(label=_("An officer at night"), required=False)

    def entry(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("code"):
            return None
        return {"code": data["code"], "name": data.get("name") or "", "need": data.get("need") or 0,
                "night_need": data["night_need"] if data.get("night_need") is not None else (data.get("need") or 0),
                "officer_at_night": data.get("officer_at_night", False), "geometry": data.get("geometry")}


class SplitForm(forms.Form):
    count = forms.IntegerField(label=_("Number of segments"), min_value=1, max_value=200)
    need = forms.IntegerField(label=_("People by day"), min_value=0, max_value=20, initial=1)
    night_need = forms.IntegerField(label=_("People at night"), min_value=0, max_value=20, initial=1)
    officer_at_night = forms.BooleanField(label=_("An officer at night"), required=False)


class PoolAddForm(forms.Form):
    volunteers = forms.ModelMultipleChoiceField(label=_("Volunteers"), queryset=None, required=False,
                                                widget=forms.CheckboxSelectMultiple)
    officers = forms.ModelMultipleChoiceField(label=_("Officers"), queryset=None, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    segments = forms.CharField(label=_("May stand on (segment codes, comma separated)"), max_length=2000,
                               required=False, help_text=_("Empty: any segment."))

    def __init__(self, *args, volunteers, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteers"].queryset = volunteers
        self.fields["officers"].queryset = officers
        self.fields["volunteers"].label_from_instance = lambda v: f"{v.person.full_name} · {v.team.name}"
        self.fields["officers"].label_from_instance = lambda u: u.full_name or u.username

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("volunteers") and not data.get("officers"):
            raise forms.ValidationError(_("Choose someone to add."))
        return data


def parse_ranges(text: str) -> list[list[int]]:
    """ "0-12, 36-60" → [[0, 12], [36, 60]] (the service checks the bounds and overlaps)."""
    ranges = []
    for part in (text or "").replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        a, sep, b = part.partition("-")
        if not sep or not a.strip().isdigit() or not b.strip().isdigit():
            raise forms.ValidationError(_("Write hour ranges like 0-12, 36-60."))
        ranges.append([int(a), int(b)])
    return ranges


class PoolMemberForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    segments = forms.CharField(label=_("May stand on"), max_length=2000, required=False)
    available = forms.CharField(label=_("Available hours (from the start)"), max_length=20000, required=False,
                                help_text=_("Hour ranges like 0-12, 36-60."))

    def clean_available(self):
        return parse_ranges(self.cleaned_data["available"])


class ShiftForm(forms.Form):
    """A shift on the roster by its clock times, which must fall on whole hours of the operation."""

    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    segment = forms.ModelChoiceField(label=_("Segment"), queryset=None)
    starts_at = datetime_field(pgettext_lazy("time", "From"))
    ends_at = datetime_field(_("Until"))
    confirm = forms.BooleanField(label=_("Save anyway, knowing what it breaks"), required=False)

    def __init__(self, *args, operation, pool, segments, **kwargs):
        super().__init__(*args, **kwargs)
        self.operation = operation
        self.fields["person"].queryset = pool
        self.fields["person"].label_from_instance = lambda p: p.name
        self.fields["segment"].queryset = segments
        self.fields["segment"].label_from_instance = lambda s: f"{s.code} {s.name}".strip()

    def _hour(self, name):
        value = self.cleaned_data.get(name)
        if value is None:
            return None
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        delta = value - self.operation.starts_at
        if delta % timedelta(hours=1):
            self.add_error(name, _("Shifts start and end on the hour."))
            return None
        return int(delta // timedelta(hours=1))

    def clean(self):
        data = super().clean()
        data["start"], data["end"] = self._hour("starts_at"), self._hour("ends_at")
        return data


class ShiftEditForm(ShiftForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Remove anyway, knowing what it breaks"), required=False)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class CloseOperationForm(VersionForm):
    loss = forms.TypedChoiceField(
        label=_("Was anything lost while the operation ran?"), coerce=lambda v: v == "1", widget=forms.RadioSelect,
        choices=[("0", _("No loss")), ("1", _("Yes: a theft, damage or injury"))])
    loss_note = text_field(_("What was lost"), limit=SHORT_TEXT, required=False)

    def clean(self):
        data = super().clean()
        if data.get("loss") and not (data.get("loss_note") or "").strip():
            self.add_error("loss_note", _("Say what was lost."))
        return data


class SwapDecideForm(forms.Form):
    approve = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "1",
                                     choices=[("1", _("Approve")), ("0", _("Decline"))])
    reason = text_field(_("Reason"), limit=SHORT_TEXT, required=False)


# --- the volunteer's page ---------------------------------------------------------------------------


class PositionForm(forms.Form):
    """The phone's position, filled in by static/jingqi/check_in.js when the browser gives one."""

    latitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, min_value=-90, max_value=90,
                                  widget=forms.HiddenInput)
    longitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, min_value=-180, max_value=180,
                                   widget=forms.HiddenInput)
    accuracy = forms.IntegerField(required=False, min_value=0, max_value=100000, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        for name in ("latitude", "longitude"):  # a phone gives more decimals than are kept
            if name in self.errors and self.data.get(name):
                try:
                    data[name] = round(float(self.data[name]), 6)
                    del self.errors[name]
                except (TypeError, ValueError):
                    pass
        return data


class SwapAskForm(forms.Form):
    taker = forms.TypedChoiceField(label=_("Ask"), coerce=int)
    reason = text_field(_("Reason"), limit=SHORT_TEXT, required=False)

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["taker"].choices = [("", _("— Choose a colleague —"))] + [(p.pk, p.name) for p in colleagues]


class ShiftFindingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("— Choose —")), *FindingKind.choices])
    description = text_field(_("What you saw"), rows=4)
    location = text_field(_("Where"), limit=SHORT_TEXT, required=False)
    photo = forms.FileField(label=_("Photo"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}))
    latitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, min_value=-90, max_value=90,
                                  widget=forms.HiddenInput)
    longitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, min_value=-180, max_value=180,
                                   widget=forms.HiddenInput)


class WindowRowForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Day"), coerce=int, required=False,
                                     choices=[("", "—"), *WEEKDAYS])
    start = forms.TimeField(label=pgettext_lazy("time", "From"), required=False,
                            widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end = forms.TimeField(label=_("Until"), required=False, widget=forms.TimeInput(attrs={"type": "time"},
                                                                                  format="%H:%M"))

    def entry(self) -> dict | None:
        data = self.cleaned_data
        if data.get("weekday") in (None, ""):
            return None
        if data.get("start") is None or data.get("end") is None:
            self.add_error("start" if data.get("start") is None else "end", _("Give the window's hours."))
            return None
        return {"weekday": data["weekday"], "start": data["start"], "end": data["end"]}


class ExceptionForm(forms.Form):
    starts_at = datetime_field(pgettext_lazy("time", "From"))
    ends_at = datetime_field(_("Until"))
    available = forms.BooleanField(label=_("Free to serve then (leave unticked when away)"), required=False)
    note = text_field(_("Note"), limit=SHORT_TEXT, required=False)
