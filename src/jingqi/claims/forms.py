from django import forms
from django.utils.translation import gettext_lazy as _

from jingqi.core.text import text_field
from jingqi.registry.models import Park, Station


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Complaint export"),
                           help_text=_("CSV (UTF-8 or GBK) or Excel .xlsx with the platform's header row."))
    evidence = forms.FileField(label=_("Evidence pictures (ZIP)"), required=False,
                               help_text=_("The pictures the evidence_files column names, in one ZIP archive."))
    station = forms.ModelChoiceField(label=_("Station"), queryset=Station.objects.none(), required=False)

    def __init__(self, *args, stations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if stations is None:
            del self.fields["station"]
        else:
            self.fields["station"].queryset = stations
            self.fields["station"].required = True


class EmptyForm(forms.Form):
    pass


class FindingsForm(forms.Form):
    findings = text_field(_("What the review established"), rows=3)


class TransferForm(forms.Form):
    case_reference = text_field(_("Case number"), limit=60)
    park = forms.ModelChoiceField(label=_("Park"), queryset=None, required=False,
                                  help_text=_("Needed only when none of the targeted merchants is in the registry."))
    note = text_field(_("Note"), rows=2, required=False)

    def __init__(self, *args, parks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks if parks is not None else Park.objects.none()


class ReasonForm(forms.Form):
    reason = text_field(_("Reason"), rows=2)


class NoteForm(forms.Form):
    text = text_field(_("Note"), rows=2)


class ClueFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    flagged = forms.BooleanField(label=_("Only above the flag line"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=60)

    def __init__(self, *args, **kwargs):
        from .choices import ClueKind, ClueState

        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("Open (not transferred or dismissed)")), ("all", _("Any state")),
                                        *ClueState.choices]
        self.fields["kind"].choices = [("", _("Any kind")), *ClueKind.choices]
