"""Dispute page forms: validation of what was typed only; the services decide (and check again)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingqi.core.text import SHORT_TEXT, text_field

from .choices import POLICE_SOURCES, Kind, Level, MediatorRole, SessionResult, Side, Source, TransferBody, Urgency
from .models import TITLE_LIMIT

MEDIATOR_ROWS = 4
SCHEDULE_ROWS = 6


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def date_field(label, **kwargs):
    return forms.DateField(label=label, widget=DateInput(), input_formats=["%Y-%m-%d"], **kwargs)


def datetime_field(label, **kwargs):
    return forms.DateTimeField(label=label, widget=DateTimeInput(),
                               input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"], **kwargs)


def amount_field(label, **kwargs):
    """Money as typed ("12500", "12500.50"): the services parse it (core.parsing.parse_amount)."""
    return forms.CharField(label=label, max_length=20, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                           **kwargs)


class DisputeForm(forms.Form):
    """What the dispute is about: shared by the report, the request's conversion and the edit."""

    kind = forms.ChoiceField(label=_("Type"), choices=[("", _("— Choose —")), *Kind.choices])
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.ROUTINE)
    title = text_field(_("Title"), limit=TITLE_LIMIT)
    description = text_field(_("What happened"), rows=5)
    amount = amount_field(_("Amount in dispute (yuan)"), required=False)
    people_involved = forms.IntegerField(label=_("People involved"), min_value=1, max_value=100000, initial=1)
    blocking = forms.BooleanField(label=_("A gate, road or site is blocked"), required=False)
    location = text_field(_("Location"), limit=SHORT_TEXT, required=False)
    latitude = forms.DecimalField(label=_("Latitude"), required=False, max_digits=9, decimal_places=6,
                                  min_value=-90, max_value=90)
    longitude = forms.DecimalField(label=_("Longitude"), required=False, max_digits=9, decimal_places=6,
                                   min_value=-180, max_value=180)


class PoliceReportForm(DisputeForm):
    """A report taken by the police: the channel, the park and, if known already, the first party."""

    source = forms.ChoiceField(label=_("Reported through"))
    park = forms.ModelChoiceField(label=_("Park"), queryset=None)
    party_side = forms.ChoiceField(label=_("First party: side"), choices=Side.choices, required=False)
    party_enterprise = forms.ModelChoiceField(label=_("First party: enterprise"), queryset=None, required=False)
    party_full_name = text_field(_("First party: person's name"), limit=60, required=False)
    party_id_number = forms.CharField(label=_("First party: ID number"), max_length=18, required=False)
    party_phone = forms.CharField(label=_("First party: phone"), max_length=20, required=False)
    party_organisation = text_field(_("First party: organisation"), limit=SHORT_TEXT, required=False)
    party_headcount = forms.IntegerField(label=_("First party: people in this party"), min_value=1,
                                         max_value=100000, required=False)

    field_order = ["source", "park", "kind", "urgency", "title", "description"]

    def __init__(self, *args, parks, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(v, label) for v, label in Source.choices
                                         if v in POLICE_SOURCES and v != Source.REQUEST]
        self.fields["park"].queryset = parks
        only = list(parks[:2])
        if len(only) == 1:
            self.fields["park"].initial = only[0]
        self.fields["party_enterprise"].queryset = enterprises

    def party(self) -> dict | None:
        data = self.cleaned_data
        given = {name: data.get(f"party_{name}") for name in ("enterprise", "full_name", "id_number", "phone",
                                                               "organisation")}
        if not any(given.values()):
            return None
        return {**{k: v or ("" if k != "enterprise" else None) for k, v in given.items()},
                "side": data.get("party_side") or Side.APPLICANT, "headcount": data.get("party_headcount") or 1}


class LiaisonReportForm(DisputeForm):
    """A report through the portal: the liaison's enterprise is a party on the side they choose."""

    own_side = forms.ChoiceField(label=_("Your enterprise is"), choices=Side.choices, widget=forms.RadioSelect,
                                 initial=Side.APPLICANT)
    field_order = ["own_side", "kind", "urgency", "title", "description"]


class EditForm(DisputeForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class PartyForm(forms.Form):
    side = forms.ChoiceField(label=_("Side"), choices=Side.choices, widget=forms.RadioSelect)
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None, required=False,
                                        help_text=_("An enterprise of the registry, or a person, or an organisation."))
    full_name = text_field(_("Person's name"), limit=60, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=18, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    organisation = text_field(_("Organisation"), limit=SHORT_TEXT, required=False)
    headcount = forms.IntegerField(label=_("People in this party"), min_value=1, max_value=100000, initial=1)
    representative = text_field(_("Represented by"), limit=SHORT_TEXT, required=False)

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


# --- handling actions on the dispute page (prefixed with the action's name) ------------------------------


class EmptyForm(forms.Form):
    pass


class AcceptForm(forms.Form):
    mediator = forms.ModelChoiceField(label=_("Lead mediator"), queryset=None, required=False,
                                      help_text=_("Leave empty to mediate yourself."))

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = officers


class ReasonForm(forms.Form):
    reason = text_field(_("Reason"), rows=2)


class NoteForm(forms.Form):
    note = text_field(_("Note"), rows=2, required=False)


class FactsForm(forms.Form):
    facts = text_field(_("Facts found"), rows=5)


class SettleForm(forms.Form):
    note = text_field(_("How it was settled"), rows=2)
    level = forms.ChoiceField(label=_("Settled at"), choices=Level.choices)


class TransferForm(forms.Form):
    body = forms.ChoiceField(label=_("Transferred to"), choices=TransferBody.choices)
    receiver = text_field(_("Receiving body"), limit=SHORT_TEXT)
    on = date_field(_("Transferred on"))


class FollowUpForm(forms.Form):
    note = text_field(_("Follow-up visit"), rows=3)
    satisfied = forms.TypedChoiceField(
        label=_("Are the parties satisfied?"), required=False, empty_value=None,
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        choices=[("", _("Not said")), ("yes", _("Yes")), ("no", _("No"))])


class CommentForm(forms.Form):
    text = text_field(_("Message"), rows=3)
    internal = forms.BooleanField(label=_("Internal note (hidden from the parties)"), required=False)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    internal = forms.BooleanField(label=_("Internal (hidden from the parties)"), required=False, initial=True)


# --- sessions ------------------------------------------------------------------------------------------


class SessionPlanForm(forms.Form):
    planned_at = datetime_field(_("Date and time"))
    place = text_field(_("Place"), limit=SHORT_TEXT)


class MediatorRowForm(forms.Form):
    """One mediator: one of the station's people, or a name and organisation (people's mediator, lawyer,
    judge). A blank row is ignored."""

    role = forms.ChoiceField(label=_("Role"), choices=[("", _("— Choose —")), *MediatorRole.choices],
                             required=False)
    user = forms.ModelChoiceField(label=_("From the station"), queryset=None, required=False)
    name = text_field(_("Or name"), limit=60, required=False)
    organisation = text_field(_("Organisation"), limit=SHORT_TEXT, required=False)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff
        self.fields["user"].label_from_instance = lambda u: f"{u} · {u.get_role_display()}"

    def entry(self) -> dict | None:
        data = self.cleaned_data
        if not any(data.get(k) for k in ("role", "user", "name", "organisation")):
            return None
        entry = {"role": data.get("role") or "", "organisation": data.get("organisation") or ""}
        if data.get("user") is not None:
            entry["user"] = data["user"]
        else:
            entry["name"] = data.get("name") or ""
        return entry


class SessionRecordForm(forms.Form):
    """Typed on a phone at the site: when, who came, the minutes and where it leaves the dispute."""

    held_at = datetime_field(_("Held at"), required=False)
    attended = forms.ModelMultipleChoiceField(label=_("Parties present"), queryset=None, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    minutes = text_field(_("Minutes"), rows=8)
    result = forms.ChoiceField(label=_("Result"), choices=SessionResult.choices, widget=forms.RadioSelect)

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = parties
        self.fields["attended"].label_from_instance = lambda p: f"{p.name} ({p.get_side_display()})"
        if not self.is_bound:
            self.initial.setdefault("held_at", timezone.localtime().replace(second=0, microsecond=0))


# --- agreements and payments ---------------------------------------------------------------------------------


class AgreementForm(forms.Form):
    signed_on = date_field(_("Signed on"))
    facts = text_field(_("Facts as agreed"), rows=4, required=False,
                       help_text=_("What both sides sign as the facts; the report's account when left blank. "
                                   "The investigation's internal findings are not printed."))
    terms = text_field(_("Terms"), rows=6)
    total_amount = amount_field(_("Amount agreed (yuan)"))
    level = forms.ChoiceField(label=_("Settled at"), choices=Level.choices)


class AgreementEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    terms = text_field(_("Terms"), rows=6)
    reschedule = forms.BooleanField(
        label=_("Reschedule the unpaid part"), required=False,
        help_text=_("The rows below replace the instalments not yet paid; the total stays what was agreed."))


class InstalmentRowForm(forms.Form):
    """One due amount of the schedule; a blank row is ignored."""

    due_on = date_field(_("Due on"), required=False)
    amount = amount_field(_("Amount (yuan)"), required=False)

    def entry(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("due_on") and not data.get("amount"):
            return None
        return {"due_on": data.get("due_on") or "", "amount": data.get("amount") or ""}


class PaymentForm(forms.Form):
    amount = amount_field(_("Amount (yuan)"))
    paid_on = date_field(_("Paid on"))
    reference = text_field(_("Payment reference"), limit=60,
                           help_text=_("Bank slip or receipt number: the same one cannot be recorded twice."))
    proof = forms.FileField(label=_("Proof (optional)"), required=False)
