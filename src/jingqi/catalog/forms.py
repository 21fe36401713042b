from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import RequestKind


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    bundle = forms.ChoiceField(label=_("Bundle"), required=False)
    kind = forms.ChoiceField(label=_("Request kind"), required=False,
                             choices=[("", _("All kinds")), *RequestKind.choices])

    def __init__(self, *args, bundles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bundle"].choices = [("", _("All bundles")), *((b.code, b.name) for b in bundles)]
