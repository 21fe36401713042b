"""Requests over the API: reads scoped by ``visible_to``, every action through the services."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from jingqi.core.api import IdempotentCreateMixin
from jingqi.core.scoping import access
from jingqi.core.viewsets import ScopedViewSet

from .. import selectors, services
from ..choices import Channel
from ..models import Ticket, TicketTask
from . import serializers as s


class TicketViewSet(IdempotentCreateMixin, ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    mixins.CreateModelMixin):
    model = Ticket
    select = ("enterprise", "service_item")
    serializer_class = s.TicketSerializer
    filterset_fields = ["status", "enterprise", "service_item", "channel", "outcome"]
    ordering_fields = ["submitted_at", "resolution_due_at"]
    ordering = ["-submitted_at"]

    def get_serializer_class(self):
        return s.TicketCreateSerializer if self.action == "create" else s.TicketSerializer

    @extend_schema(request=s.TicketCreateSerializer, responses={201: s.TicketSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def check_create(self, user):
        services.check_may_submit_ticket(user)

    def perform_create(self, serializer):
        ticket = services.do_submit_ticket(self.request.user, channel=Channel.API, **serializer.validated_data)
        serializer.instance = ticket
        serializer._data = s.TicketSerializer(ticket).data

    def _act(self, serializer_class, call, scope: str = "view"):
        # The right comes first: someone who may not act gets 404, whatever the body says.
        ticket = access(Ticket.objects.all(), self.request.user, self.kwargs["pk"], scope)
        data = {}
        if serializer_class is not None:
            serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
        call(ticket, data)
        return Response(s.TicketSerializer(Ticket.objects.get(pk=ticket.pk)).data)

    @extend_schema(request=s.VersionSerializer, responses=s.TicketSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._act(s.VersionSerializer, lambda t, d: services.do_accept_ticket(
            request.user, t, expected_version=d.get("version")), "change")

    @extend_schema(request=s.ReasonSerializer, responses=s.TicketSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._act(s.ReasonSerializer, lambda t, d: services.do_reject_ticket(
            request.user, t, reason=d["reason"], expected_version=d.get("version")), "change")

    @extend_schema(request=s.WhistleSerializer, responses=s.TicketSerializer)
    @action(detail=True, methods=["post"])
    def whistle(self, request, pk=None):
        return self._act(s.WhistleSerializer, lambda t, d: services.do_whistle(
            request.user, t, departments=d["departments"], note=d["note"], due_days=d.get("due_days"),
            expected_version=d.get("version")), "change")

    @extend_schema(request=None, responses=s.TicketSerializer)
    @action(detail=True, methods=["post"])
    def arrive(self, request, pk=None):
        return self._act(None, lambda t, d: services.do_record_arrival(request.user, t), "change")

    @extend_schema(request=s.ResolveSerializer, responses=s.TicketSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        return self._act(s.ResolveSerializer, lambda t, d: services.do_resolve_ticket(
            request.user, t, outcome=d["outcome"], note=d["note"], expected_version=d.get("version")), "change")

    @extend_schema(request=None, responses=s.TicketSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._act(None, lambda t, d: services.do_close_ticket(request.user, t))

    @extend_schema(request=s.ReasonSerializer, responses=s.TicketSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._act(s.ReasonSerializer, lambda t, d: services.do_reopen_ticket(request.user, t,
                                                                                     reason=d["reason"]))

    @extend_schema(request=s.RateSerializer, responses=s.TicketSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        return self._act(s.RateSerializer, lambda t, d: services.do_rate_ticket(
            request.user, t, rating=d["rating"], comment=d["comment"]))

    @extend_schema(request=s.CommentSerializer, responses=s.TicketSerializer)
    @action(detail=True, methods=["post"])
    def comment(self, request, pk=None):
        return self._act(s.CommentSerializer, lambda t, d: services.do_comment(
            request.user, t, text=d["text"], internal=d["internal"]))

    # The whole timeline in one list: neither paged nor filtered (and so not documented as such).
    @extend_schema(responses=s.TicketEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def timeline(self, request, pk=None):
        ticket = self.get_object()
        events = selectors.ticket_page(request.user, ticket)["events"]
        return Response(s.TicketEventSerializer(events, many=True).data)


class TicketTaskViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = TicketTask
    select = ("department",)
    serializer_class = s.TicketTaskSerializer
    filterset_fields = ["ticket", "department", "status"]

    def _act(self, call):
        task = access(TicketTask.objects.all(), self.request.user, self.kwargs["pk"], "change")
        call(task)
        return Response(s.TicketTaskSerializer(TicketTask.objects.get(pk=task.pk)).data)

    @extend_schema(request=None, responses=s.TicketTaskSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._act(lambda task: services.do_accept_task(request.user, task))

    @extend_schema(request=None, responses=s.TicketTaskSerializer)
    @action(detail=True, methods=["post"])
    def arrive(self, request, pk=None):
        return self._act(lambda task: services.do_record_arrival(request.user, task.ticket, task=task))

    @extend_schema(request=s.ReplySerializer, responses=s.TicketTaskSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        def call(task):
            serializer = s.ReplySerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            services.do_complete_task(request.user, task, reply=serializer.validated_data["reply"])

        return self._act(call)

    @extend_schema(request=s.ReplySerializer, responses=s.TicketTaskSerializer)
    @action(detail=True, methods=["post"], url_path="record-reply", url_name="record-reply")
    def record_reply(self, request, pk=None):
        """The department answered by phone or in person: the handling police record its reply, labelled as
        recorded on the department's behalf. Only the department itself uses ``complete``."""
        task = access(TicketTask.objects.all(), request.user, pk, "record")
        serializer = s.ReplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.do_record_task_reply(request.user, task, reply=serializer.validated_data["reply"])
        return Response(s.TicketTaskSerializer(TicketTask.objects.get(pk=task.pk)).data)
