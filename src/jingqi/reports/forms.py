from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .risk import Period


def half_years(count: int = 4) -> list[tuple[str, str]]:
    """The current half-year and the ones before it, as choices ("2026H2")."""
    period, choices = Period.containing(timezone.localdate()), []
    for _n in range(count):
        choices.append((period.label, period.label))
        period = period.previous()
    return choices


def period_of(label: str) -> Period:
    year, half = int(label[:4]), int(label[-1])
    return Period.half_year(year, half)


class RunForm(forms.Form):
    park = forms.ModelChoiceField(label=_("Park"), queryset=None)
    period = forms.ChoiceField(label=_("Half-year"), choices=())
    enterprise = forms.CharField(
        label=_("Only one enterprise (credit code)"), required=False, max_length=30,
        help_text=_("Leave empty for the whole park. With a credit code, only that enterprise's report is computed "
                    "(one registered after the park's run, or one to compute again)."))

    def __init__(self, *args, parks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks
        self.fields["period"].choices = half_years()


class PushForm(forms.Form):
    park = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    period = forms.ChoiceField(choices=(), widget=forms.HiddenInput)

    def __init__(self, *args, parks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks
        self.fields["period"].choices = half_years()

