from django import forms
from django.utils.translation import gettext_lazy as _

from jingqi.catalog.choices import RequestKind
from jingqi.catalog.models import ServiceItem
from jingqi.core.text import SHORT_TEXT, text_field
from jingqi.registry.models import Department, Enterprise

from .choices import Outcome
from .models import DESCRIPTION_LIMIT, TITLE_LIMIT


class SubmitForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Enterprise.objects.none())
    channel = forms.ChoiceField(label=_("Channel"))
    service_item = forms.ModelChoiceField(label=_("Service item"), queryset=ServiceItem.objects.none(), required=False,
                                          help_text=_("Choose the item from the directory; it sets the time limits."))
    kind = forms.ChoiceField(label=_("Request kind"), choices=[("", "—"), *RequestKind.choices], required=False,
                             help_text=_("Only when no item fits."))
    title = text_field(_("Title"), limit=TITLE_LIMIT)
    description = text_field(_("Description"), limit=DESCRIPTION_LIMIT, rows=6)
    address = text_field(_("Address or place"), limit=SHORT_TEXT, required=False)
    confirm_duplicate = forms.BooleanField(label=_("Submit anyway"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, enterprises, channels, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["channel"].choices = channels
        self.fields["service_item"].queryset = items
        if enterprises.count() == 1:
            self.fields["enterprise"].initial = enterprises.first()
            self.fields["enterprise"].widget = forms.HiddenInput()
        if len(channels) == 1:
            self.fields["channel"].initial = channels[0][0]
            self.fields["channel"].widget = forms.HiddenInput()


class ReasonForm(forms.Form):
    reason = text_field(_("Reason"), rows=2)


class WhistleForm(forms.Form):
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"), queryset=Department.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one department to call in.")})
    due_days = forms.IntegerField(label=_("Deadline (working days)"), min_value=1, max_value=60)
    note = text_field(_("Instructions"), rows=2, required=False)

    def __init__(self, *args, station, exclude=(), **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        # Departments already called in are not offered again.
        self.fields["departments"].queryset = Department.objects.filter(station=station).exclude(pk__in=exclude)
        self.fields["due_days"].initial = settings.TICKET_DEFAULT_TASK_DAYS


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    # Required for every outcome: it is what the enterprise reads when told its request is resolved.
    note = text_field(_("Explanation to the enterprise"), rows=2)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Your rating"), coerce=int, widget=forms.RadioSelect,
                                    choices=[(n, str(n)) for n in range(5, 0, -1)])
    comment = text_field(_("Comment"), rows=2, required=False)


class CommentForm(forms.Form):
    text = text_field(_("Message"), rows=3)
    internal = forms.BooleanField(label=_("Internal note (hidden from the enterprise)"), required=False)


class ReplyForm(forms.Form):
    reply = text_field(_("Department's reply"), rows=3)


class RecordReplyForm(forms.Form):
    """The police typing in a reply the department gave by phone or in person (shown as recorded for it)."""

    reply = text_field(_("Reply the department gave (by phone or in person)"), rows=3)


class EmptyForm(forms.Form):
    pass


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    internal = forms.BooleanField(label=_("Internal (hidden from the enterprise)"), required=False)
