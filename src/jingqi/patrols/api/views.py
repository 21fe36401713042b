"""Patrols over the API: reads scoped by ``visible_to``, every write through ``patrols.services``.

Each action finds its object in the scope the action needs before it reads the body, so someone who may not act
gets 404 whatever they send: the police's ``change`` scope for managing, ``view`` for what a patrol's members do
(the service then checks membership), ``own`` for a volunteer's own availability and shifts. Refusals answer as
everywhere in the API: a state or input error 400 (a stale ``version`` included), a wrong role 403, an object out
of sight 404.
"""

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from jingqi.accounts.choices import Role
from jingqi.accounts.models import User
from jingqi.core.api import IdempotentCreateMixin, read_input
from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.scoping import access
from jingqi.core.viewsets import ScopedViewSet

from .. import services
from ..filtersets import (
    CheckInFilterSet,
    FindingFilterSet,
    GuardOperationFilterSet,
    GuardShiftFilterSet,
    PatrolFilterSet,
    PlaceFilterSet,
    SwapRequestFilterSet,
    TeamFilterSet,
    VolunteerFilterSet,
)
from ..models import (
    CheckIn,
    Finding,
    GuardOperation,
    GuardPerson,
    GuardSegment,
    GuardShift,
    Patrol,
    PatrolMember,
    Place,
    Recognition,
    SwapRequest,
    Team,
    Volunteer,
)
from ..roster.instance import InstanceError
from ..rostering import check_operation, instance_for
from . import serializers as s


def _police_only(user) -> None:
    if not services.is_police(user):
        raise PermissionDenied()


def _volunteer_account(pk) -> User:
    """A volunteer-role account named by id; any other id (missing, or another role) gets the same answer."""
    user = User.objects.filter(pk=pk, is_active=True, role=Role.VOLUNTEER).first()
    if user is None:
        raise ActionError(_("Choose an account of the volunteer role."), field="user")
    return user


def _flag(value) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


class _Shows:
    """``_show(obj)``: the object as the list shows it, read again after the service wrote it."""

    show_serializer = None

    def _fresh(self, pk):
        return self.model.objects.select_related(*self.select).get(pk=pk)

    def _show(self, obj) -> dict:
        return self.show_serializer(self._fresh(obj.pk), context=self.get_serializer_context()).data

    def _object(self, scope: str = "change"):
        # The right comes first: someone who may not act gets 404, whatever the body says.
        return access(self.model.objects.all(), self.request.user, self.kwargs["pk"], scope)


# --- teams and volunteers ----------------------------------------------------------------------------------


class VolunteerTeamViewSet(_Shows, IdempotentCreateMixin, ScopedViewSet, mixins.ListModelMixin,
                           mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Volunteer police teams (义警队). POST creates one (police); PATCH renames, describes or deactivates it, with
    the version read."""

    model = Team
    select = ("park", "enterprise")
    serializer_class = show_serializer = s.TeamSerializer
    filterset_class = TeamFilterSet
    ordering_fields = ["name"]
    ordering = ["park", "name", "pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        return s.TeamCreateSerializer if self.action == "create" else s.TeamSerializer

    def check_create(self, user):
        _police_only(user)

    @extend_schema(request=s.TeamCreateSerializer, responses={201: s.TeamSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        team = services.do_create_team(self.request.user, park=data["park"], enterprise=data.get("enterprise"),
                                       data={"name": data["name"], "description": data["description"]})
        serializer.instance = team
        serializer._data = self._show(team)

    @extend_schema(request=s.TeamUpdateSerializer, responses=s.TeamSerializer)
    def partial_update(self, request, pk=None):
        team = self._object()
        data = read_input(s.TeamUpdateSerializer, request, self.get_serializer_context(), partial=True)
        version = data.pop("version")
        team = services.do_update_team(request.user, team, data=data, expected_version=version)
        return Response(self._show(team))


class VolunteerViewSet(_Shows, IdempotentCreateMixin, ScopedViewSet, mixins.ListModelMixin,
                       mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Volunteers. POST enrols one (status "applied"): the police in any team of their parks, an enterprise liaison
    their own staff in their enterprise's team. PATCH changes skills and the leader flag or links an account.
    Vetting moves through ``vet``, ``suspend``, ``leave`` and ``rejoin``; ``availability`` is the weekly pattern
    (the volunteer's own, or set by the police); ``recognitions`` lists and awards commendations."""

    model = Volunteer
    select = ("team", "person")
    serializer_class = show_serializer = s.VolunteerSerializer
    filterset_class = VolunteerFilterSet
    ordering_fields = ["joined_on"]
    ordering = ["team", "pk"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_serializer_class(self):
        return s.VolunteerEnrolSerializer if self.action == "create" else s.VolunteerSerializer

    def check_create(self, user):
        if not (user.role == Role.LIAISON and user.enterprise_id and not user.is_superuser):
            _police_only(user)

    @extend_schema(request=s.VolunteerEnrolSerializer, responses={201: s.VolunteerSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        user = _volunteer_account(data["user"]) if data.get("user") is not None else None
        volunteer = services.do_enrol_volunteer(self.request.user, data["team"], full_name=data["full_name"],
                                                id_number=data["id_number"], phone=data["phone"],
                                                skills=data["skills"], user=user)
        serializer.instance = volunteer
        serializer._data = self._show(volunteer)

    @extend_schema(request=s.VolunteerUpdateSerializer, responses=s.VolunteerSerializer)
    def partial_update(self, request, pk=None):
        volunteer = self._object()
        data = read_input(s.VolunteerUpdateSerializer, request, self.get_serializer_context(), partial=True)
        with transaction.atomic():
            volunteer = services.do_update_volunteer(request.user, volunteer, skills=data.get("skills"),
                                                     is_leader=data.get("is_leader"),
                                                     expected_version=data["version"])
            if data.get("user") is not None:
                volunteer = services.do_link_account(request.user, volunteer, user=_volunteer_account(data["user"]))
        return Response(self._show(volunteer))

    def _status(self, action_name):
        volunteer = self._object()
        data = read_input(s.VolunteerStatusSerializer, self.request, self.get_serializer_context())
        volunteer = services.do_change_volunteer_status(self.request.user, volunteer, action=action_name,
                                                        note=data["note"], expected_version=data.get("version"))
        return Response(self._show(volunteer))

    @extend_schema(request=s.VolunteerStatusSerializer, responses=s.VolunteerSerializer)
    @action(detail=True, methods=["post"])
    def vet(self, request, pk=None):
        return self._status("vet")

    @extend_schema(request=s.VolunteerStatusSerializer, responses=s.VolunteerSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        return self._status("suspend")

    @extend_schema(request=s.VolunteerStatusSerializer, responses=s.VolunteerSerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        return self._status("leave")

    @extend_schema(request=s.VolunteerStatusSerializer, responses=s.VolunteerSerializer)
    @action(detail=True, methods=["post"])
    def rejoin(self, request, pk=None):
        return self._status("rejoin")

    @extend_schema(methods=["GET"], responses=s.AvailabilityWindowSerializer(many=True))
    @extend_schema(methods=["PUT"], request=s.AvailabilitySerializer,
                   responses=s.AvailabilityWindowSerializer(many=True))
    @action(detail=True, methods=["get", "put"], pagination_class=None, filter_backends=[])
    def availability(self, request, pk=None):
        """The weekly windows (weekday 0 = Monday, HH:MM); PUT replaces them all. The volunteer's own, or the
        police's for a volunteer of their parks."""
        volunteer = self._object("own")
        if request.method == "PUT":
            data = read_input(s.AvailabilitySerializer, request, self.get_serializer_context())
            services.do_set_availability(request.user, volunteer, windows=data["windows"])
        windows = volunteer.windows.order_by("weekday", "start")
        return Response(s.AvailabilityWindowSerializer(windows, many=True).data)

    @extend_schema(methods=["GET"], responses=s.RecognitionSerializer(many=True))
    @extend_schema(methods=["POST"], request={"application/json": s.RecognitionCreateSerializer,
                                              "multipart/form-data": s.RecognitionUploadSerializer},
                   responses={201: s.RecognitionSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def recognitions(self, request, pk=None):
        """Commendations and certificates; POST awards one (police; multipart with a ``certificate`` file)."""
        if request.method == "POST":
            volunteer = self._object()
            data = read_input(s.RecognitionUploadSerializer, request, self.get_serializer_context())
            recognition = services.do_recognise(request.user, volunteer, kind=data["kind"], title=data["title"],
                                                awarded_on=data["awarded_on"], note=data["note"],
                                                certificate=data.get("certificate"))
            return Response(s.RecognitionSerializer(recognition).data, status=status.HTTP_201_CREATED)
        volunteer = self._object("view")
        rows = Recognition.objects.visible_to(request.user).filter(volunteer=volunteer)
        return Response(s.RecognitionSerializer(rows, many=True).data)


# --- places --------------------------------------------------------------------------------------------------


PLACE_FIELDS = ("name", "geometry", "risk_weight", "cover_periods", "radius_m", "description")


class PatrolPlaceViewSet(_Shows, IdempotentCreateMixin, ScopedViewSet, mixins.ListModelMixin,
                         mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Patrol areas (Polygon), routes (LineString) and checkpoints (Point), as GeoJSON geometries in and out.
    POST draws one (police); PATCH redraws or changes it, with the version read."""

    model = Place
    serializer_class = show_serializer = s.PlaceSerializer
    filterset_class = PlaceFilterSet
    ordering_fields = ["name", "risk_weight"]
    ordering = ["park", "kind", "name"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        return s.PlaceCreateSerializer if self.action == "create" else s.PlaceSerializer

    def check_create(self, user):
        _police_only(user)

    @extend_schema(request=s.PlaceCreateSerializer, responses={201: s.PlaceSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        fields = {k: data[k] for k in PLACE_FIELDS if k in data}
        fields["route"] = getattr(data.get("route"), "pk", None)
        place = services.do_create_place(self.request.user, park=data["park"], kind=data["kind"], data=fields)
        serializer.instance = place
        serializer._data = self._show(place)

    @extend_schema(request=s.PlaceUpdateSerializer, responses=s.PlaceSerializer)
    def partial_update(self, request, pk=None):
        place = self._object()
        data = read_input(s.PlaceUpdateSerializer, request, self.get_serializer_context(), partial=True)
        version = data.pop("version")
        if "route" in data:
            data["route"] = getattr(data["route"], "pk", None)
        place = services.do_update_place(request.user, place, data=data, expected_version=version)
        return Response(self._show(place))


# --- patrols, check-ins, findings ----------------------------------------------------------------------------


PATROL_FIELDS = ("title", "mode", "starts_at", "ends_at", "requires_officer", "note")


def _members_prefetch():
    return Prefetch("members", queryset=PatrolMember.objects.select_related("user", "volunteer__person"))


def _finding_kwargs(data: dict) -> dict:
    return {"kind": data["kind"], "description": data["description"], "enterprise": data.get("enterprise"),
            "location": data.get("location", ""), "latitude": data.get("latitude"),
            "longitude": data.get("longitude"), "photo": data.get("photo")}


class _PlanPatrols:
    """POST plans a patrol and its weekly repeats, and answers with them all (a list, not one object)."""

    def create(self, request, *args, **kwargs):
        data = read_input(s.PatrolPlanSerializer, request, self.get_serializer_context())
        patrols = services.do_plan_patrol(
            request.user, park=data["park"], data={k: data[k] for k in PATROL_FIELDS if k in data},
            officers=data.get("officers", []), volunteers=data.get("volunteers", []), route=data.get("route"),
            repeat_weeks=data["repeat_weeks"])
        return Response([self._show(p) for p in patrols], status=status.HTTP_201_CREATED)


class PatrolViewSet(_Shows, IdempotentCreateMixin, ScopedViewSet, _PlanPatrols, mixins.ListModelMixin,
                    mixins.RetrieveModelMixin):
    """Patrols. POST plans one (police: officers, volunteers, a route, and ``repeat_weeks`` more on the same
    weekday) and answers with every patrol planned; PATCH changes a planned one, with the version read. Its members
    ``confirm``, ``start``, ``check-in`` at checkpoints, report ``findings`` and ``finish`` it (hours are credited
    from the check-ins); the police ``cancel`` it."""

    model = Patrol
    select = ("route",)
    serializer_class = show_serializer = s.PatrolSerializer
    filterset_class = PatrolFilterSet
    ordering_fields = ["starts_at"]
    ordering = ["starts_at", "pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related(_members_prefetch())

    def _fresh(self, pk):
        return Patrol.objects.select_related("route").prefetch_related(_members_prefetch()).get(pk=pk)

    def get_serializer_class(self):
        return s.PatrolPlanSerializer if self.action == "create" else s.PatrolSerializer

    def check_create(self, user):
        _police_only(user)

    @extend_schema(request=s.PatrolPlanSerializer, responses={201: s.PatrolSerializer(many=True)})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)


    @extend_schema(request=s.PatrolUpdateSerializer, responses=s.PatrolSerializer)
    def partial_update(self, request, pk=None):
        patrol = self._object()
        data = read_input(s.PatrolUpdateSerializer, request, self.get_serializer_context(), partial=True)
        patrol = services.do_update_patrol(
            request.user, patrol, data={k: data[k] for k in PATROL_FIELDS if k in data},
            expected_version=data["version"], officers=data.get("officers"), volunteers=data.get("volunteers"),
            route=data.get("route", "keep"))
        return Response(self._show(patrol))

    def _act(self, serializer_class, call, scope="view"):
        patrol = self._object(scope)
        data = read_input(serializer_class, self.request, self.get_serializer_context())
        call(patrol, data)
        return Response(self._show(patrol))

    @extend_schema(request=s.EmptySerializer, responses=s.PatrolSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._act(s.EmptySerializer, lambda p, data: services.do_start_patrol(request.user, p))

    @extend_schema(request=s.EmptySerializer, responses=s.PatrolSerializer)
    @action(detail=True, methods=["post"])
    def finish(self, request, pk=None):
        return self._act(s.EmptySerializer, lambda p, data: services.do_finish_patrol(request.user, p))

    @extend_schema(request=s.EmptySerializer, responses=s.PatrolSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._act(s.EmptySerializer, lambda p, data: services.do_confirm_patrol(request.user, p))

    @extend_schema(request=s.PatrolReasonSerializer, responses=s.PatrolSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._act(s.PatrolReasonSerializer, lambda p, data: services.do_cancel_patrol(
            request.user, p, reason=data["reason"], expected_version=data.get("version")), scope="change")

    @extend_schema(request=s.CheckInInputSerializer, responses={201: s.CheckInSerializer})
    @action(detail=True, methods=["post"], url_path="check-in", url_name="check-in")
    def check_in(self, request, pk=None):
        patrol = self._object("view")
        data = read_input(s.CheckInInputSerializer, request, self.get_serializer_context())
        check_in = services.do_check_in(request.user, patrol, checkpoint=data.get("checkpoint"),
                                        latitude=data.get("latitude"), longitude=data.get("longitude"),
                                        accuracy=data.get("accuracy"), note=data["note"])
        check_in = CheckIn.objects.select_related("user", "volunteer__person").get(pk=check_in.pk)
        return Response(s.CheckInSerializer(check_in).data, status=status.HTTP_201_CREATED)

    @extend_schema(request={"application/json": s.FindingFieldsSerializer,
                            "multipart/form-data": s.FindingUploadSerializer},
                   responses={201: s.FindingSerializer})
    @action(detail=True, methods=["post"])
    def findings(self, request, pk=None):
        """Report what was seen on the patrol (multipart with a ``photo``). The police's open at once in their app;
        a volunteer's wait for an officer to open them."""
        patrol = self._object("view")
        data = read_input(s.FindingUploadSerializer, request, self.get_serializer_context())
        finding = services.do_report_finding(request.user, patrol=patrol, **_finding_kwargs(data))
        finding = Finding.objects.select_related("reported_by").get(pk=finding.pk)
        return Response(s.FindingSerializer(finding).data, status=status.HTTP_201_CREATED)


class PatrolCheckInViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Check-ins on patrols and guard shifts (made with ``POST /api/patrols/{id}/check-in/`` and
    ``POST /api/guard-shifts/{id}/check-in/``), with the distance from the checkpoint and far/no-position flags."""

    model = CheckIn
    select = ("user", "volunteer__person")
    serializer_class = s.CheckInSerializer
    filterset_class = CheckInFilterSet
    ordering_fields = ["at"]
    ordering = ["at", "pk"]


class PatrolFindingViewSet(_Shows, IdempotentCreateMixin, ScopedViewSet, mixins.ListModelMixin,
                           mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Findings on patrols and guard shifts. POST reports one on a patrol or a shift (its members, or the police);
    ``open`` opens a volunteer's finding in its app (a request, a dispute; hazards wait for the hazard ledger)."""

    model = Finding
    select = ("reported_by",)
    serializer_class = show_serializer = s.FindingSerializer
    filterset_class = FindingFilterSet
    ordering_fields = ["reported_at"]
    ordering = ["-reported_at", "-pk"]

    def get_serializer_class(self):
        return s.FindingCreateUploadSerializer if self.action == "create" else s.FindingSerializer

    def check_create(self, user):
        if services.me(user) is None:
            _police_only(user)

    @extend_schema(request={"application/json": s.FindingCreateSerializer,
                            "multipart/form-data": s.FindingCreateUploadSerializer},
                   responses={201: s.FindingSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        finding = services.do_report_finding(self.request.user, patrol=data.get("patrol"), shift=data.get("shift"),
                                             **_finding_kwargs(data))
        serializer.instance = finding
        serializer._data = self._show(finding)

    @extend_schema(request=s.FindingOpenSerializer, responses=s.FindingSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        finding = self._object()
        data = read_input(s.FindingOpenSerializer, request, self.get_serializer_context())
        finding = services.do_open_finding(request.user, finding, enterprise=data.get("enterprise"))
        return Response(self._show(finding))


# --- guard operations ----------------------------------------------------------------------------------------


def _pool(operation):
    return (GuardPerson.objects.filter(operation=operation).select_related("volunteer__person", "user")
            .prefetch_related("segments").order_by("-is_officer", "pk"))


class GuardOperationViewSet(_Shows, IdempotentCreateMixin, ScopedViewSet, mixins.ListModelMixin,
                            mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Guard operations (专项守护). POST creates one (police); PATCH changes its period or rules, with the version
    read. ``segments`` (PUT replaces them) and ``split`` cut the line; ``pool`` lists and adds people; ``solve``
    queues the roster solver (progress in ``solve_progress``); ``coverage`` is the independent check of the roster
    as it stands; ``instance`` is the roster instance as ``jingqi roster solve`` reads it; ``close`` ends it."""

    model = GuardOperation
    serializer_class = show_serializer = s.GuardOperationSerializer
    filterset_class = GuardOperationFilterSet
    ordering_fields = ["starts_at"]
    ordering = ["-starts_at", "-pk"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_serializer_class(self):
        return s.OperationCreateSerializer if self.action == "create" else s.GuardOperationSerializer

    def check_create(self, user):
        _police_only(user)

    @extend_schema(request=s.OperationCreateSerializer, responses={201: s.GuardOperationSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        park = data.pop("park")
        operation = services.do_create_operation(self.request.user, park=park, data=data)
        serializer.instance = operation
        serializer._data = self._show(operation)

    @extend_schema(request=s.OperationUpdateSerializer, responses=s.GuardOperationSerializer)
    def partial_update(self, request, pk=None):
        operation = self._object()
        data = read_input(s.OperationUpdateSerializer, request, self.get_serializer_context(), partial=True)
        version = data.pop("version")
        operation = services.do_update_operation(request.user, operation, data=data, expected_version=version)
        return Response(self._show(operation))

    @extend_schema(methods=["GET"], responses=s.GuardSegmentSerializer(many=True))
    @extend_schema(methods=["PUT"], request=s.SegmentsSerializer, responses=s.GuardSegmentSerializer(many=True))
    @action(detail=True, methods=["get", "put"], pagination_class=None, filter_backends=[])
    def segments(self, request, pk=None):
        """The segments in order; PUT replaces them (codes kept keep their shifts)."""
        if request.method == "PUT":
            operation = self._object()
            data = read_input(s.SegmentsSerializer, request, self.get_serializer_context())
            services.do_set_segments(request.user, operation, segments=data["segments"])
        else:
            operation = self._object("view")
        rows = GuardSegment.objects.filter(operation=operation).order_by("order", "code")
        return Response(s.GuardSegmentSerializer(rows, many=True).data)

    @extend_schema(request=s.SplitSerializer, responses=s.GuardSegmentSerializer(many=True))
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def split(self, request, pk=None):
        """Cut the guarded line into ``count`` segments of equal length (S01, S02, ...)."""
        operation = self._object()
        data = read_input(s.SplitSerializer, request, self.get_serializer_context())
        segments = services.do_split_operation(request.user, operation, **data)
        return Response(s.GuardSegmentSerializer(segments, many=True).data)

    @extend_schema(methods=["GET"], responses=s.GuardPersonSerializer(many=True))
    @extend_schema(methods=["POST"], request=s.PoolAddSerializer, responses={201: s.GuardPersonSerializer(many=True)})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def pool(self, request, pk=None):
        """The people who may stand guard; POST adds volunteers (their hours from their weekly pattern) and
        officers, answering with those added."""
        if request.method == "POST":
            operation = self._object()
            data = read_input(s.PoolAddSerializer, request, self.get_serializer_context())
            added = services.do_add_to_pool(request.user, operation, volunteers=data.get("volunteers", []),
                                            officers=data.get("officers", []), segments=data.get("segments"))
            rows = _pool(operation).filter(pk__in=[p.pk for p in added])
            return Response(s.GuardPersonSerializer(rows, many=True, context=self.get_serializer_context()).data,
                            status=status.HTTP_201_CREATED)
        operation = self._object("view")
        return Response(s.GuardPersonSerializer(_pool(operation), many=True,
                                                context=self.get_serializer_context()).data)

    @extend_schema(request=s.PatrolVersionSerializer, responses=s.GuardOperationSerializer)
    @action(detail=True, methods=["post"])
    def solve(self, request, pk=None):
        operation = self._object()
        data = read_input(s.PatrolVersionSerializer, request, self.get_serializer_context())
        operation = services.do_request_solve(request.user, operation, expected_version=data.get("version"))
        return Response(self._show(operation))

    @extend_schema(request=s.CloseOperationSerializer, responses=s.GuardOperationSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        operation = self._object()
        data = read_input(s.CloseOperationSerializer, request, self.get_serializer_context())
        operation = services.do_close_operation(request.user, operation, loss=data["loss"],
                                                loss_note=data.get("loss_note", ""),
                                                expected_version=data.get("version"))
        return Response(self._show(operation))

    @extend_schema(responses={200: s.CoverageSerializer, 400: s.RefusalSerializer})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def coverage(self, request, pk=None):
        """The roster checked independently of the solver: every rule broken, every gap, and each segment's cover
        hour by hour. 400 when the operation cannot be checked yet (no segments, say)."""
        operation = self._object("view")
        try:
            report = check_operation(operation)
        except InstanceError as error:
            raise ActionError(str(error)) from None
        return Response({**report.report.to_json(coverage=True), "people": report.names})

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def instance(self, request, pk=None):
        """The roster instance, the JSON ``jingqi roster solve`` reads (people as P<pool id>). For the police only
        (it holds everyone's hours and wishes): 404 for anyone else."""
        if not services.is_police(request.user):
            raise Http404
        operation = self._object("view")
        return Response(instance_for(operation))


def _edit_answer(check, shift, context) -> dict:
    shift_data = None
    if shift is not None:
        shift = GuardShift.objects.select_related("operation", "segment", "person__volunteer__person",
                                                  "person__user").get(pk=shift.pk)
        shift_data = s.GuardShiftSerializer(shift, context=context).data
    return {"shift": shift_data, "ok": check.ok, "problems": [v.to_json() for v in check.problems],
            "gaps": check.gap_count}


class GuardShiftViewSet(_Shows, IdempotentCreateMixin, ScopedViewSet, mixins.ListModelMixin,
                        mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Roster shifts. The police add (POST), change (PATCH, with the version read) and remove (DELETE) them: each
    edit reruns the independent check and is refused with what it breaks (400 on ``confirm``) unless ``confirm``
    says to save it anyway. The volunteer standing a shift may ``confirm`` it, ``check-in`` and ``check-out`` (hours
    credited) and ask a colleague to ``swap``."""

    model = GuardShift
    select = ("operation", "segment", "person__volunteer__person", "person__user")
    serializer_class = show_serializer = s.GuardShiftSerializer
    filterset_class = GuardShiftFilterSet
    ordering_fields = ["start"]
    ordering = ["operation", "start", "pk"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        return s.ShiftAddSerializer if self.action == "create" else s.GuardShiftSerializer

    def check_create(self, user):
        _police_only(user)

    @extend_schema(request=s.ShiftAddSerializer, responses={201: s.RosterEditSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        operation = data["operation"]
        check = services.do_add_shift(self.request.user, operation, person=data["person"], segment=data["segment"],
                                      start=data["start"], end=data["end"], confirm=data["confirm"])
        shift = (GuardShift.objects.filter(operation=operation, person=data["person"], segment=data["segment"],
                                           start=data["start"], end=data["end"]).order_by("-pk").first())
        serializer.instance = shift
        serializer._data = _edit_answer(check, shift, self.get_serializer_context())

    @extend_schema(request=s.ShiftChangeSerializer, responses=s.RosterEditSerializer)
    def partial_update(self, request, pk=None):
        shift = self._object()
        data = read_input(s.ShiftChangeSerializer, request, self.get_serializer_context(), partial=True)
        check = services.do_change_shift(
            request.user, shift, person=data.get("person", shift.person_id),
            segment=data.get("segment", shift.segment_id), start=data.get("start", shift.start),
            end=data.get("end", shift.end), expected_version=data["version"], confirm=data.get("confirm", False))
        return Response(_edit_answer(check, shift, self.get_serializer_context()))

    @extend_schema(parameters=[OpenApiParameter("confirm", OpenApiTypes.BOOL, description=_(
        "Remove it even if that opens a gap."))], responses={
        200: s.RosterEditSerializer,
        400: OpenApiResponse(OpenApiTypes.OBJECT, description=_(
            "Refused: what the removal breaks (on `confirm`), or `detail` (the roster is not in force)."))})
    def destroy(self, request, pk=None):
        shift = self._object()
        check = services.do_remove_shift(request.user, shift, confirm=_flag(request.query_params.get("confirm")))
        return Response(_edit_answer(check, None, self.get_serializer_context()))

    @extend_schema(request=s.EmptySerializer, responses=s.GuardShiftSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        shift = self._object("own")
        read_input(s.EmptySerializer, request, self.get_serializer_context())
        shift = services.do_confirm_shift(request.user, shift)
        return Response(self._show(shift))

    @extend_schema(request=s.ShiftCheckInSerializer, responses={201: s.CheckInSerializer})
    @action(detail=True, methods=["post"], url_path="check-in", url_name="check-in")
    def check_in(self, request, pk=None):
        shift = self._object("own")
        data = read_input(s.ShiftCheckInSerializer, request, self.get_serializer_context())
        check_in = services.do_shift_check_in(request.user, shift, latitude=data.get("latitude"),
                                              longitude=data.get("longitude"), accuracy=data.get("accuracy"),
                                              checkpoint=data.get("checkpoint"))
        check_in = CheckIn.objects.select_related("user", "volunteer__person").get(pk=check_in.pk)
        return Response(s.CheckInSerializer(check_in).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PositionSerializer, responses=s.GuardShiftSerializer)
    @action(detail=True, methods=["post"], url_path="check-out", url_name="check-out")
    def check_out(self, request, pk=None):
        shift = self._object("own")
        data = read_input(s.PositionSerializer, request, self.get_serializer_context())
        shift = services.do_shift_check_out(request.user, shift, latitude=data.get("latitude"),
                                            longitude=data.get("longitude"), accuracy=data.get("accuracy"))
        return Response(self._show(shift))

    @extend_schema(request=s.SwapAskSerializer, responses={201: s.SwapRequestSerializer})
    @action(detail=True, methods=["post"])
    def swap(self, request, pk=None):
        """Ask a colleague in the pool to take the shift. The rules are checked at once: a swap they refuse is
        recorded as ``refused`` with ``problems`` and goes no further."""
        shift = self._object("own")
        data = read_input(s.SwapAskSerializer, request, self.get_serializer_context())
        swap = services.do_ask_swap(request.user, shift, taker=data["taker"], reason=data["reason"])
        return Response(ShiftSwapViewSet.show(swap, self.get_serializer_context()), status=status.HTTP_201_CREATED)


SWAP_SELECT = ("requester__volunteer__person", "requester__user", "taker__volunteer__person", "taker__user")


def swaps_asked_of(user, method=None):
    """Swaps the user was asked to take (they answer them)."""
    return SwapRequest.objects.visible_to(user).filter(taker__volunteer__user=user)


def swaps_asked_by(user, method=None):
    """Swaps the user asked for (they may withdraw them)."""
    return SwapRequest.objects.visible_to(user).filter(requester__volunteer__user=user)


class ShiftSwapViewSet(_Shows, ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Shift swaps (asked with ``POST /api/guard-shifts/{id}/swap/``). The colleague asked ``answer``s (consent
    re-checks the rules); where the operation says so an officer then ``decide``s; the asker may ``withdraw``."""

    model = SwapRequest
    select = SWAP_SELECT
    serializer_class = show_serializer = s.SwapRequestSerializer
    filterset_class = SwapRequestFilterSet
    ordering_fields = ["created_at"]
    ordering = ["-pk"]

    @staticmethod
    def show(swap, context) -> dict:
        return s.SwapRequestSerializer(SwapRequest.objects.select_related(*SWAP_SELECT).get(pk=swap.pk),
                                       context=context).data

    def _in(self, queryset):
        return access(queryset, self.request.user, self.kwargs["pk"])

    @extend_schema(request=s.SwapAnswerSerializer, responses=s.SwapRequestSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        swap = self._in(swaps_asked_of(request.user))
        data = read_input(s.SwapAnswerSerializer, request, self.get_serializer_context())
        swap = services.do_answer_swap(request.user, swap, consent=data["consent"])
        return Response(self._show(swap))

    @extend_schema(request=s.SwapDecideSerializer, responses=s.SwapRequestSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        swap = self._object()
        data = read_input(s.SwapDecideSerializer, request, self.get_serializer_context())
        swap = services.do_decide_swap(request.user, swap, approve=data["approve"], reason=data["reason"])
        return Response(self._show(swap))

    @extend_schema(request=s.EmptySerializer, responses=s.SwapRequestSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        swap = self._in(swaps_asked_by(request.user))
        read_input(s.EmptySerializer, request, self.get_serializer_context())
        swap = services.do_withdraw_swap(request.user, swap)
        return Response(self._show(swap))
