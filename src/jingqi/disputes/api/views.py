"""Disputes over the API: reads scoped by ``visible_to``, every action through the services.

Each action finds its object in the scope the action needs before it reads the body, so someone who may not
act gets 404 whatever they send. Refusals of the services answer as everywhere in the API: a state or input
error 400 (a stale ``version`` included), a wrong role 403, an object out of sight 404.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from jingqi.accounts.choices import POLICE_ROLES, Role
from jingqi.accounts.models import User
from jingqi.core.api import IdempotentCreateMixin, read_input
from jingqi.core.errors import ActionError
from jingqi.core.scoping import access
from jingqi.core.viewsets import ScopedViewSet
from jingqi.registry.selectors import staff_of_station

from .. import services
from ..models import Agreement, Dispute, DisputeEvent, DisputeParty, Instalment, MediationSession, Payment
from . import serializers as s

# The describing fields a PATCH may send; those left out keep their value.
DISPUTE_FIELDS = ["kind", "urgency", "title", "description", "amount", "people_involved", "blocking", "location",
                  "latitude", "longitude"]


class DisputeViewSet(IdempotentCreateMixin, ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     mixins.CreateModelMixin):
    """Disputes. POST reports one (police: a source and the park; a liaison: ``portal``, for their own
    enterprise, on the side it names); PATCH corrects what was reported, with the version read."""

    model = Dispute
    select = ("park", "mediator")
    serializer_class = s.DisputeSerializer
    filterset_fields = ["status", "kind", "park", "is_group", "needs_mediator"]
    ordering_fields = ["reported_at", "contact_due_at"]
    ordering = ["-reported_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        return s.DisputeReportSerializer if self.action == "create" else s.DisputeSerializer

    def check_create(self, user):
        if user.role != Role.LIAISON or user.is_superuser:
            services.check_police(user)

    @extend_schema(request=s.DisputeReportSerializer, responses={201: s.DisputeSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        source, park, own_side = data.pop("source"), data.pop("park", None), data.pop("own_side")
        dispute = services.do_report_dispute(self.request.user, source=source, park=park, own_side=own_side,
                                             data=data)
        serializer.instance = dispute
        serializer._data = self._show(dispute)

    @extend_schema(request=s.DisputeUpdateSerializer, responses=s.DisputeSerializer)
    def partial_update(self, request, pk=None):
        # The right to change comes first: anyone else gets 404, whatever the body says.
        dispute = access(Dispute.objects.all(), request.user, pk, "change")
        data = read_input(s.DisputeUpdateSerializer, request, self.get_serializer_context(), partial=True)
        version = data.pop("version")
        current = {name: getattr(dispute, name) for name in DISPUTE_FIELDS}
        dispute = services.do_update_dispute(request.user, dispute, data={**current, **data},
                                             expected_version=version)
        return Response(self._show(dispute))

    def _show(self, dispute) -> dict:
        fresh = Dispute.objects.select_related(*self.select).get(pk=dispute.pk)
        return s.DisputeSerializer(fresh, context=self.get_serializer_context()).data

    def _act(self, serializer_class, call, scope: str = "change"):
        # The right comes first: someone who may not act gets 404, whatever the body says.
        dispute = access(Dispute.objects.all(), self.request.user, self.kwargs["pk"], scope)
        data = read_input(serializer_class, self.request, self.get_serializer_context())
        call(dispute, data)
        return Response(self._show(dispute))

    @extend_schema(request=s.DisputeAcceptSerializer, responses=s.DisputeSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        def call(dispute, data):
            mediator = None
            if data.get("mediator") is not None:
                # Named among the station's police (the service checks the park): any other id is "not one".
                mediator = staff_of_station(dispute.station_id).filter(
                    pk=data["mediator"], role__in=POLICE_ROLES).first()
                if mediator is None:
                    raise ActionError(_("The mediator must be an officer of this park."), field="mediator")
            services.do_accept_dispute(request.user, dispute, mediator=mediator, expected_version=data.get("version"))

        return self._act(s.DisputeAcceptSerializer, call)

    @extend_schema(request=s.DisputeReasonSerializer, responses=s.DisputeSerializer)
    @action(detail=True, methods=["post"])
    def refer(self, request, pk=None):
        return self._act(s.DisputeReasonSerializer, lambda d, data: services.do_refer_dispute(
            request.user, d, reason=data["reason"], expected_version=data.get("version")))

    @extend_schema(request=s.DisputeNoteSerializer, responses=s.DisputeSerializer)
    @action(detail=True, methods=["post"])
    def contact(self, request, pk=None):
        return self._act(s.DisputeNoteSerializer, lambda d, data: services.do_record_contact(
            request.user, d, note=data["note"]))

    @extend_schema(request=s.DisputeNoteSerializer, responses=s.DisputeSerializer)
    @action(detail=True, methods=["post"])
    def arrive(self, request, pk=None):
        return self._act(s.DisputeNoteSerializer, lambda d, data: services.do_record_arrival(
            request.user, d, note=data["note"]))

    @extend_schema(request=s.DisputeFactsSerializer, responses=s.DisputeSerializer)
    @action(detail=True, methods=["post"])
    def investigate(self, request, pk=None):
        return self._act(s.DisputeFactsSerializer, lambda d, data: services.do_record_facts(
            request.user, d, facts=data["facts"], expected_version=data.get("version")))

    @extend_schema(request=s.DisputeSettleSerializer, responses=s.DisputeSerializer)
    @action(detail=True, methods=["post"])
    def settle(self, request, pk=None):
        return self._act(s.DisputeSettleSerializer, lambda d, data: services.do_settle_dispute(
            request.user, d, note=data["note"], level=data["level"], expected_version=data.get("version")))

    @extend_schema(request=s.DisputeReasonSerializer, responses=s.DisputeSerializer)
    @action(detail=True, methods=["post"])
    def fail(self, request, pk=None):
        return self._act(s.DisputeReasonSerializer, lambda d, data: services.do_fail_dispute(
            request.user, d, reason=data["reason"], expected_version=data.get("version")))

    @extend_schema(request=s.DisputeTransferSerializer, responses=s.DisputeSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        return self._act(s.DisputeTransferSerializer, lambda d, data: services.do_transfer_dispute(
            request.user, d, body=data["body"], receiver=data["receiver"], on=data["on"],
            expected_version=data.get("version")))

    @extend_schema(request=s.DisputeReasonSerializer, responses=s.DisputeSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._act(s.DisputeReasonSerializer, lambda d, data: services.do_withdraw_dispute(
            request.user, d, reason=data["reason"], expected_version=data.get("version")))

    @extend_schema(request=s.DisputeFollowUpSerializer, responses=s.DisputeSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up", url_name="follow-up")
    def follow_up(self, request, pk=None):
        return self._act(s.DisputeFollowUpSerializer, lambda d, data: services.do_follow_up(
            request.user, d, note=data["note"], satisfied=data["satisfied"], expected_version=data.get("version")))

    @extend_schema(request=s.DisputeVersionSerializer, responses=s.DisputeSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        return self._act(s.DisputeVersionSerializer, lambda d, data: services.do_archive_dispute(
            request.user, d, expected_version=data.get("version")))

    @extend_schema(request=s.DisputeCommentSerializer, responses=s.DisputeSerializer)
    @action(detail=True, methods=["post"])
    def comment(self, request, pk=None):
        # The parties comment too: sight of the dispute is enough here, the service says who may write.
        return self._act(s.DisputeCommentSerializer, lambda d, data: services.do_comment(
            request.user, d, text=data["text"], internal=data["internal"]), scope="view")

    @extend_schema(request=s.PartyAddSerializer, responses={201: s.DisputePartySerializer})
    @action(detail=True, methods=["post"])
    def parties(self, request, pk=None):
        dispute = access(Dispute.objects.all(), request.user, pk, "change")
        data = read_input(s.PartyAddSerializer, request, self.get_serializer_context())
        party = services.do_add_party(request.user, dispute, **data)
        party = DisputeParty.objects.select_related("person", "enterprise").get(pk=party.pk)
        return Response(s.DisputePartySerializer(party, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    # The whole timeline in one list: neither paged nor filtered (and so not documented as such). Internal
    # events are left out for the parties by ``DisputeEvent.visible_to``.
    @extend_schema(responses=s.DisputeEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def timeline(self, request, pk=None):
        dispute = self.get_object()
        events = DisputeEvent.objects.visible_to(request.user).filter(dispute=dispute).select_related("actor")
        return Response(s.DisputeEventSerializer(events, many=True, context=self.get_serializer_context()).data)


class DisputePartyViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """The parties; add one with ``POST /api/disputes/{id}/parties/``."""

    model = DisputeParty
    select = ("person", "enterprise")
    serializer_class = s.DisputePartySerializer
    filterset_fields = ["dispute", "side"]


class MediationSessionViewSet(IdempotentCreateMixin, ScopedViewSet, mixins.ListModelMixin,
                              mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Mediation sessions. POST plans one; ``record`` says what happened at it."""

    model = MediationSession
    serializer_class = s.MediationSessionSerializer
    filterset_fields = ["dispute", "result"]
    ordering_fields = ["planned_at"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("mediators", "attended")

    def get_serializer_class(self):
        return s.SessionPlanSerializer if self.action == "create" else s.MediationSessionSerializer

    def check_create(self, user):
        services.check_police(user)

    @extend_schema(request=s.SessionPlanSerializer, responses={201: s.MediationSessionSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        dispute = data["dispute"]
        session = services.do_plan_session(self.request.user, dispute, planned_at=data["planned_at"],
                                           place=data["place"], mediators=self._mediators(dispute, data["mediators"]))
        serializer.instance = session
        serializer._data = self._show(session)

    @staticmethod
    def _mediators(dispute, entries) -> list[dict]:
        """Users are named by id among those who may sit at this station (its staff, and volunteers)."""
        ids = {entry["user"] for entry in entries if entry.get("user") is not None}
        eligible = (staff_of_station(dispute.station_id) | User.objects.filter(is_active=True, role=Role.VOLUNTEER))
        users = {user.pk: user for user in eligible.filter(pk__in=ids).select_related("office")}
        if ids - set(users):
            raise ActionError(_("A mediator from another station cannot sit on this dispute."), field="mediators")
        return [{**entry, "user": users.get(entry.get("user"))} for entry in entries]

    def _show(self, session) -> dict:
        fresh = MediationSession.objects.prefetch_related("mediators", "attended").get(pk=session.pk)
        return s.MediationSessionSerializer(fresh, context=self.get_serializer_context()).data

    @extend_schema(request=s.SessionRecordSerializer, responses=s.MediationSessionSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        # The right first: someone who may not record gets 404, whatever the body says.
        session = access(MediationSession.objects.all(), request.user, pk, "change")
        data = read_input(s.SessionRecordSerializer, request, self.get_serializer_context())
        session = services.do_record_session(request.user, session, **data)
        return Response(self._show(session))


class AgreementViewSet(IdempotentCreateMixin, ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       mixins.CreateModelMixin):
    """Mediation agreements. POST signs one for a dispute, with its instalments; PATCH changes the terms or
    reschedules what is still unpaid, with the version read."""

    model = Agreement
    serializer_class = s.AgreementSerializer
    filterset_fields = ["dispute", "status"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related(Prefetch("instalments", queryset=Instalment.objects.all()))

    def get_serializer_class(self):
        return s.AgreementSignSerializer if self.action == "create" else s.AgreementSerializer

    def check_create(self, user):
        services.check_police(user)

    @extend_schema(request=s.AgreementSignSerializer, responses={201: s.AgreementSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        agreement = services.do_sign_agreement(
            self.request.user, data["dispute"], signed_on=data["signed_on"], terms=data["terms"],
            facts=data.get("facts", ""),
            total_amount=data["total_amount"], level=data["level"], instalments=data["instalments"],
            expected_version=data.get("version"))
        serializer.instance = agreement
        serializer._data = self._show(agreement)

    @extend_schema(request=s.AgreementUpdateSerializer, responses=s.AgreementSerializer)
    def partial_update(self, request, pk=None):
        # The right to change comes first: anyone else gets 404, whatever the body says.
        agreement = access(Agreement.objects.all(), request.user, pk, "change")
        data = read_input(s.AgreementUpdateSerializer, request, self.get_serializer_context(), partial=True)
        agreement = services.do_update_agreement(request.user, agreement, terms=data.get("terms"),
                                                 instalments=data.get("instalments"),
                                                 expected_version=data["version"])
        return Response(self._show(agreement))

    def _show(self, agreement) -> dict:
        fresh = Agreement.objects.prefetch_related("instalments").get(pk=agreement.pk)
        return s.AgreementSerializer(fresh, context=self.get_serializer_context()).data


class InstalmentViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = Instalment
    serializer_class = s.InstalmentSerializer
    filterset_fields = ["agreement"]
    ordering_fields = ["due_on"]


class PaymentViewSet(IdempotentCreateMixin, ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     mixins.CreateModelMixin):
    """Payments. POST records one towards an instalment (JSON, or multipart with a ``proof`` file); the same
    reference twice on one agreement, more than is due, or a date before the agreement is refused."""

    model = Payment
    serializer_class = s.PaymentSerializer
    filterset_fields = ["agreement", "instalment"]
    ordering_fields = ["paid_on", "recorded_at"]

    def get_serializer_class(self):
        return s.PaymentUploadSerializer if self.action == "create" else s.PaymentSerializer

    def check_create(self, user):
        services.check_police(user)

    @extend_schema(request={"application/json": s.PaymentCreateSerializer,
                            "multipart/form-data": s.PaymentUploadSerializer},
                   responses={201: s.PaymentSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        payment = services.do_record_payment(self.request.user, data["instalment"], amount=data["amount"],
                                             paid_on=data["paid_on"], reference=data["reference"],
                                             proof=data.get("proof"))
        serializer.instance = payment
        serializer._data = s.PaymentSerializer(payment, context=self.get_serializer_context()).data
