from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .definitions import BY_KEY, default_period, period_error


def _date(label):
    # the browser's date picker reads and writes ISO dates, whatever the language
    return forms.DateField(label=label, required=False,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def _period(form, data, default=default_period):
    """A period's ends, each defaulting to ``default``'s (this year so far), and what is wrong with them beside their
    field."""
    if "start" in form.errors or "end" in form.errors:
        return data
    first, last = default(data.get("end") or timezone.localdate())
    start, end = data.get("start") or first, data.get("end") or last
    error = period_error(start, end)
    if error:
        form.add_error(*error)
    data["start"], data["end"] = start, end
    return data


class FiguresForm(forms.Form):
    """The period (both days included) and what to narrow the figures to, among what the user may choose."""

    start = _date(_("From"))
    end = _date(_("Until (included)"))
    station = forms.ModelChoiceField(label=_("Station"), queryset=None, required=False)
    office = forms.ModelChoiceField(label=_("Police office"), queryset=None, required=False)
    park = forms.ModelChoiceField(label=_("Park"), queryset=None, required=False)
    department = forms.ModelChoiceField(label=_("Department"), queryset=None, required=False)

    def __init__(self, *args, choices: dict, default=default_period, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_period = default  # the period's ends where none is given
        for name in ("station", "office", "park", "department"):
            # only the names the options show: a park's boundary polygon is no part of its option
            queryset = choices[name].order_by("name").only("name")
            count = queryset.count()
            if not count:
                del self.fields[name]
                continue
            self.fields[name].queryset = queryset
            if count == 1:  # nothing to choose between: not shown (still checked, if asked for)
                self.fields[name].widget = forms.HiddenInput()

    def clean(self):
        return _period(self, super().clean(), self.default_period)

    def scope_ids(self) -> dict:
        return {name: (self.cleaned_data.get(name).pk if self.cleaned_data.get(name) else None)
                for name in ("station", "office", "park", "department")}


class RecordsForm(FiguresForm):
    figure = forms.ChoiceField(label=_("Figure"), choices=[(k, d.label) for k, d in BY_KEY.items()])


def presets(today):
    """Common periods, as (label, start, end)."""
    quarter_start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    return [(_("This year"), *default_period(today)),
            (_("This quarter"), quarter_start, today),
            (_("Last 30 days"), *recent_period(today)),
            (_("Last 12 months"), (today.replace(day=1) - timedelta(days=335)).replace(day=1), today)]


def recent_period(today):
    """The period of the situation map and of the figures by type and by officer when none is given: the last 30
    days, the situation now (a year of a station's records is one blob on a map and, read from the facts at city
    scale, the slowest page of the figures)."""
    return today - timedelta(days=29), today


class MapForm(forms.Form):
    """The situation map's period (both days included; the last 30 days by default) and park, among the parks the
    user may see."""

    start = _date(_("From"))
    end = _date(_("Until (included)"))
    park = forms.ModelChoiceField(label=_("Park"), queryset=None, required=False, empty_label=_("All my parks"))

    def __init__(self, *args, parks, **kwargs):
        super().__init__(*args, **kwargs)
        # only the names the options show: a park's boundary polygon is no part of its option
        self.fields["park"].queryset = parks.order_by("name").only("name")

    def clean(self):
        return _period(self, super().clean(), recent_period)
