"""Registry API. Reads start from ``visible_to``; writes go through the services."""

from django.db.models import Count
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from jingqi.core.api import IdempotentCreateMixin
from jingqi.core.scoping import access
from jingqi.core.viewsets import ScopedViewSet

from .. import services
from ..filtersets import EnterpriseFilterSet, VisitFilterSet
from ..models import (
    Contact,
    Department,
    Enterprise,
    Office,
    Park,
    Person,
    Station,
    Stationing,
    Strategy,
    TeamMember,
    Visit,
)
from . import serializers as s


class StationViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = Station
    serializer_class = s.StationSerializer


class OfficeViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = Office
    serializer_class = s.OfficeSerializer
    filterset_fields = ["station"]


class DepartmentViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = Department
    serializer_class = s.DepartmentSerializer
    filterset_fields = ["station"]


class StationingViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = Stationing
    serializer_class = s.StationingSerializer
    filterset_fields = ["department", "office", "mode"]


class ParkViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = Park
    serializer_class = s.ParkSerializer
    filterset_fields = ["station", "office", "kind"]

    def get_queryset(self):
        return super().get_queryset().annotate(enterprise_count=Count("enterprises"))


class EnterpriseViewSet(IdempotentCreateMixin, ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        mixins.CreateModelMixin):
    model = Enterprise
    select = ("park",)
    serializer_class = s.EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    ordering_fields = ["name", "headcount", "created_at"]
    ordering = ["name"]

    def check_create(self, user):
        services.check_registry_editor(user)

    def perform_create(self, serializer):
        serializer.instance = services.do_create_enterprise(self.request.user, dict(serializer.validated_data))

    @extend_schema(request=s.EnterpriseUpdateSerializer, responses=s.EnterpriseSerializer)
    def partial_update(self, request, pk=None):
        # The right to change comes first: anyone else gets 404, whatever the body says.
        enterprise = access(Enterprise.objects.all(), request.user, pk, "change")
        serializer = s.EnterpriseUpdateSerializer(data=request.data, partial=True,
                                                  context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")  # required by the serializer, even in a PATCH
        enterprise = services.do_update_enterprise(request.user, enterprise, data, expected_version=version)
        return Response(s.EnterpriseSerializer(enterprise).data)


class ContactViewSet(IdempotentCreateMixin, ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     mixins.CreateModelMixin, mixins.DestroyModelMixin):
    model = Contact
    select = ("person",)
    serializer_class = s.ContactSerializer
    filterset_fields = ["enterprise", "role"]

    def get_serializer_class(self):
        return s.ContactCreateSerializer if self.action == "create" else s.ContactSerializer

    @extend_schema(request=s.ContactCreateSerializer, responses={201: s.ContactSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def check_create(self, user):
        services.check_registry_editor(user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        contact = services.do_add_contact(self.request.user, data.pop("enterprise"), **data)
        serializer.instance = contact
        serializer._data = s.ContactSerializer(contact).data

    def perform_destroy(self, instance):
        services.do_remove_contact(self.request.user, instance)


class TeamMemberViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = TeamMember
    select = ("user", "contact__person")
    serializer_class = s.TeamMemberSerializer
    filterset_fields = ["enterprise", "role"]


class StrategyViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin):
    model = Strategy
    serializer_class = s.StrategySerializer
    filterset_fields = ["enterprise"]
    http_method_names = ["get", "patch", "head", "options"]

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version")  # required by the serializer, even in a PATCH
        serializer.instance = services.do_update_strategy(
            self.request.user, serializer.instance.enterprise, data, expected_version=version
        )


class VisitViewSet(IdempotentCreateMixin, ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                   mixins.CreateModelMixin):
    model = Visit
    select = ("officer",)
    serializer_class = s.VisitSerializer
    filterset_class = VisitFilterSet

    def check_create(self, user):
        services.check_log_visit(user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        enterprise = data.pop("enterprise")
        serializer.instance = services.do_log_visit(self.request.user, enterprise, **data)


class PersonViewSet(viewsets.GenericViewSet):
    """People are reached through contacts; here only the audited look-up and reveal actions."""

    model = Person
    serializer_class = s.PersonLookupSerializer

    def get_queryset(self):
        return Person.objects.visible_to(self.request.user)

    @extend_schema(request=s.PersonLookupSerializer, responses={200: s.ContactSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def lookup(self, request):
        """Find a person by resident ID number (in the body, never in the URL); returns their roles."""
        services.check_find_person(request.user)  # the right first, whatever the body says
        serializer = s.PersonLookupSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = services.find_person_by_id_number(request.user, serializer.validated_data["id_number"])
        if person is None:
            return Response([], status=status.HTTP_200_OK)
        contacts = Contact.objects.visible_to(request.user).filter(person=person).select_related("person")
        return Response(s.ContactSerializer(contacts, many=True).data)

    @extend_schema(request=s.RevealSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        # The right first, whatever the body says: a person out of sight is 404, no reveal right 403.
        person = access(Person.objects.all(), request.user, pk)
        services.check_reveal(request.user)
        serializer = s.RevealSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        field = serializer.validated_data["field"]
        return Response({field: services.do_reveal_person(request.user, person, field)})
