"""What the API shows of a dispute, and the bodies it reads.

Personal data: the police and mediators see ID numbers and phones masked (revealing is the registry's audited
right, not this API). An enterprise liaison sees a person of the other side by family name only, with no ID
number, phone or representative, and a person of their own side no more than masked; internal notes (facts
found, session minutes, payment proofs) are blank for them, and the timeline leaves out internal events.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jingqi.accounts.choices import Role
from jingqi.core.api import VersionRequiredMixin
from jingqi.core.relations import MomentField, ScopedModelSerializer, ScopedPrimaryKeyRelatedField
from jingqi.registry.models import Enterprise, Park

from ..models import (
    Agreement,
    Dispute,
    DisputeEvent,
    DisputeParty,
    Instalment,
    MediationSession,
    Payment,
    SessionMediator,
)

MONEY = {"max_digits": 14, "decimal_places": 2}


def liaison_of(context):
    """The requesting user when they are an enterprise liaison (who sees the parties' view), else None."""
    user = getattr(context.get("request"), "user", None)
    if user is not None and getattr(user, "role", None) == Role.LIAISON and not user.is_superuser:
        return user
    return None


# --- what is shown -----------------------------------------------------------------------------------------


class DisputeSerializer(ScopedModelSerializer):
    park_name = serializers.CharField(source="park.name", read_only=True)
    mediator_name = serializers.CharField(source="mediator.__str__", read_only=True, default=None, allow_null=True)
    facts = serializers.SerializerMethodField(help_text=_("Facts found (internal: blank for the parties)."))

    class Meta:
        model = Dispute
        fields = ["id", "reference", "station", "park", "park_name", "source", "kind", "urgency", "title",
                  "description", "amount", "people_involved", "blocking", "is_group", "location", "latitude",
                  "longitude", "ticket", "status", "outcome", "level", "status_note", "facts", "mediator",
                  "mediator_name", "reported_by", "reported_at", "accepted_at", "contacted_at", "onsite_at",
                  "ended_at", "followed_up_at", "archived_at", "contact_due_at", "onsite_due_at",
                  "deadline_estimated", "escalation_level", "transfer_body", "transfer_receiver", "transferred_on",
                  "follow_up_note", "follow_up_satisfied", "needs_mediator", "version"]

    def get_facts(self, obj) -> str:
        return "" if liaison_of(self.context) else obj.facts


class DisputePartySerializer(ScopedModelSerializer):
    kind = serializers.SerializerMethodField(help_text=_("enterprise, person or organisation"))
    name = serializers.SerializerMethodField()
    id_number_masked = serializers.SerializerMethodField()
    phone_masked = serializers.SerializerMethodField()
    representative = serializers.SerializerMethodField()

    class Meta:
        model = DisputeParty
        fields = ["id", "dispute", "side", "kind", "name", "enterprise", "organisation", "headcount",
                  "representative", "id_number_masked", "phone_masked"]

    def _own_sides(self) -> set | None:
        """For a liaison: the (dispute, side) pairs where their enterprise is a party (one query per answer)."""
        liaison = liaison_of(self.context)
        if liaison is None:
            return None
        if "_own_sides" not in self.context:
            self.context["_own_sides"] = set(DisputeParty.objects.filter(enterprise_id=liaison.enterprise_id)
                                             .values_list("dispute_id", "side"))
        return self.context["_own_sides"]

    def _other_side(self, obj) -> bool:
        own = self._own_sides()
        return own is not None and (obj.dispute_id, obj.side) not in own

    def get_kind(self, obj) -> str:
        return "enterprise" if obj.enterprise_id else "person" if obj.person_id else "organisation"

    def get_name(self, obj) -> str:
        return obj.masked_name if self._own_sides() is not None else obj.name

    def get_id_number_masked(self, obj) -> str:
        return "" if not obj.person_id or self._other_side(obj) else obj.person.id_number_masked

    def get_phone_masked(self, obj) -> str:
        return "" if not obj.person_id or self._other_side(obj) else obj.person.phone_masked

    def get_representative(self, obj) -> str:
        return "" if self._other_side(obj) else obj.representative


class SessionMediatorSerializer(ScopedModelSerializer):
    class Meta:
        model = SessionMediator
        fields = ["role", "user", "name", "organisation"]


class MediationSessionSerializer(ScopedModelSerializer):
    mediators = SessionMediatorSerializer(many=True, read_only=True)
    attended = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    minutes = serializers.SerializerMethodField(help_text=_("Minutes (internal: blank for the parties)."))

    class Meta:
        model = MediationSession
        fields = ["id", "dispute", "number", "planned_at", "place", "mediators", "held_at", "attended", "minutes",
                  "result", "recorded_by"]

    def get_minutes(self, obj) -> str:
        return "" if liaison_of(self.context) else obj.minutes


class InstalmentSerializer(ScopedModelSerializer):
    outstanding = serializers.DecimalField(read_only=True, **MONEY)
    paid_late = serializers.BooleanField(read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Instalment
        fields = ["id", "agreement", "number", "due_on", "amount", "paid_amount", "outstanding", "paid_on",
                  "paid_late", "overdue", "defaulted_at"]

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue()


class AgreementSerializer(ScopedModelSerializer):
    instalments = InstalmentSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = ["id", "dispute", "signed_on", "facts", "terms", "total_amount", "status", "fulfilled_on", "signed_by",
                  "instalments", "version"]


class PaymentSerializer(ScopedModelSerializer):
    proof = serializers.SerializerMethodField(help_text=_("The proof document (internal: null for the parties)."))

    class Meta:
        model = Payment
        fields = ["id", "agreement", "instalment", "amount", "paid_on", "reference", "proof", "recorded_by",
                  "recorded_at"]

    def get_proof(self, obj) -> int | None:
        return None if liaison_of(self.context) else obj.proof_id


class DisputeEventSerializer(ScopedModelSerializer):
    actor_name = serializers.CharField(source="actor.__str__", read_only=True, default=None, allow_null=True)

    class Meta:
        model = DisputeEvent
        fields = ["id", "kind", "at", "actor", "actor_name", "message", "data", "internal"]


# --- what is read ------------------------------------------------------------------------------------------
# Choices and texts are checked by the services (translated messages, one place); fields here only parse.


class DisputeFieldsSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=_("labour, contract, construction, neighbour, traffic, consumer or other"))
    urgency = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text=_("routine (the default), urgent or emergency"))
    title = serializers.CharField()
    description = serializers.CharField()
    amount = serializers.DecimalField(required=False, allow_null=True, min_value=Decimal("0"), **MONEY)
    people_involved = serializers.IntegerField(required=False, min_value=1, max_value=100000, default=1)
    blocking = serializers.BooleanField(required=False, default=False,
                                        help_text=_("A gate, road or site is blocked."))
    location = serializers.CharField(required=False, allow_blank=True, default="")
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True,
                                        min_value=-90, max_value=90)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True,
                                         min_value=-180, max_value=180)


class DisputeReportSerializer(DisputeFieldsSerializer):
    source = serializers.CharField(help_text=_("portal for an enterprise liaison; patrol, walk_in, phone or "
                                               "incident_transfer for the police"))
    park = ScopedPrimaryKeyRelatedField(queryset=Park.objects.all(), required=False, allow_null=True,
                                        help_text=_("The park (police only; a liaison reports for their own "
                                                    "enterprise's park)."))
    own_side = serializers.CharField(required=False, default="applicant",
                                     help_text=_("A liaison's enterprise: applicant or respondent."))


class DisputeUpdateSerializer(VersionRequiredMixin, DisputeFieldsSerializer):
    """A PATCH: the fields sent replace what was reported; the version read is required."""

    version = serializers.IntegerField(help_text=_("The version you read; a stale one is refused."))


class DisputeVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text=_("The version you read; a stale one is refused."))


class DisputeAcceptSerializer(DisputeVersionSerializer):
    mediator = serializers.IntegerField(required=False, allow_null=True,
                                        help_text=_("The lead mediator (a police user of the park); "
                                                    "yourself when left out."))


class DisputeReasonSerializer(DisputeVersionSerializer):
    reason = serializers.CharField()


class DisputeNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DisputeFactsSerializer(DisputeVersionSerializer):
    facts = serializers.CharField()


class DisputeSettleSerializer(DisputeVersionSerializer):
    note = serializers.CharField()
    level = serializers.CharField(help_text=_("enterprise, park, station or beyond"))


class DisputeTransferSerializer(DisputeVersionSerializer):
    body = serializers.CharField(help_text=_("labour_arbitration, court, labour_inspection, petition_office or "
                                             "other"))
    receiver = serializers.CharField(help_text=_("The receiving body."))
    on = serializers.DateField(help_text=_("The day it was transferred."))


class DisputeFollowUpSerializer(DisputeVersionSerializer):
    note = serializers.CharField()
    satisfied = serializers.BooleanField(required=False, allow_null=True, default=None)


class DisputeCommentSerializer(serializers.Serializer):
    text = serializers.CharField()
    internal = serializers.BooleanField(required=False, default=False,
                                        help_text=_("An internal note (police only), hidden from the parties."))


class PartyAddSerializer(serializers.Serializer):
    """One party: an enterprise, a person (ID number and phone kept encrypted), or an organisation."""

    side = serializers.CharField(help_text=_("applicant or respondent"))
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False, allow_null=True)
    full_name = serializers.CharField(required=False, allow_blank=True, default="")
    id_number = serializers.CharField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(required=False, allow_blank=True, default="")
    organisation = serializers.CharField(required=False, allow_blank=True, default="")
    headcount = serializers.IntegerField(required=False, min_value=1, max_value=100000, default=1)
    representative = serializers.CharField(required=False, allow_blank=True, default="")


class MediatorInputSerializer(serializers.Serializer):
    role = serializers.CharField(help_text=_("officer, auxiliary, volunteer, department, peoples_mediator, lawyer "
                                             "or judge"))
    user = serializers.IntegerField(required=False, allow_null=True,
                                    help_text=_("A user of the station, or leave out and give the name."))
    name = serializers.CharField(required=False, allow_blank=True, default="")
    organisation = serializers.CharField(required=False, allow_blank=True, default="")


class SessionPlanSerializer(serializers.Serializer):
    dispute = ScopedPrimaryKeyRelatedField(queryset=Dispute.objects.all())
    planned_at = MomentField()
    place = serializers.CharField()
    mediators = MediatorInputSerializer(many=True)


class SessionRecordSerializer(serializers.Serializer):
    held_at = MomentField(required=False, allow_null=True, help_text=_("Now when left out."))
    attended = ScopedPrimaryKeyRelatedField(queryset=DisputeParty.objects.all(), many=True,
                                            help_text=_("The parties present."))
    minutes = serializers.CharField()
    result = serializers.CharField(help_text=_("continue, agreed or failed"))


class InstalmentInputSerializer(serializers.Serializer):
    due_on = serializers.DateField()
    amount = serializers.DecimalField(min_value=Decimal("0"), **MONEY)


class AgreementSignSerializer(DisputeVersionSerializer):
    dispute = ScopedPrimaryKeyRelatedField(queryset=Dispute.objects.all())
    signed_on = serializers.DateField()
    facts = serializers.CharField(required=False, allow_blank=True, default="", help_text=_(
        "The facts both sides sign; the report's account when left out."))
    terms = serializers.CharField()
    total_amount = serializers.DecimalField(min_value=Decimal("0"), **MONEY)
    level = serializers.CharField(help_text=_("enterprise, park, station or beyond"))
    instalments = InstalmentInputSerializer(many=True, required=False, default=list,
                                            help_text=_("The payment schedule, in the order the dates fall due."))


class AgreementUpdateSerializer(VersionRequiredMixin, serializers.Serializer):
    """A PATCH: new terms, or a new schedule for what is still unpaid (paid instalments stay)."""

    version = serializers.IntegerField(help_text=_("The version you read; a stale one is refused."))
    terms = serializers.CharField(required=False)
    instalments = InstalmentInputSerializer(many=True, required=False)


class PaymentCreateSerializer(serializers.Serializer):
    instalment = ScopedPrimaryKeyRelatedField(queryset=Instalment.objects.all())
    amount = serializers.DecimalField(min_value=Decimal("0"), **MONEY)
    paid_on = serializers.DateField()
    reference = serializers.CharField(help_text=_("The bank slip or receipt number: once per agreement."))


class PaymentUploadSerializer(PaymentCreateSerializer):
    proof = serializers.FileField(required=False, allow_null=True, help_text=_("A scan or photo of the slip."))
