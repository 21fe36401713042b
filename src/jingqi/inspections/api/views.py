"""Inspections over the API: reads scoped by ``visible_to``, every write through ``inspections.services``.

Each action finds its object in the scope the action needs before it reads the body, so someone who may not act
gets 404 whatever they send: ``change`` for the police's work, ``configure`` for the supervisor's configuration
(types, rules, key dates: edited with an ``edit`` action, as the configuration is not the police's ``change``
scope), ``fill`` for answering a checklist (the police and the department that owes it), ``fix`` for reporting a
hazard's fix (the police and the enterprise's liaison). Refusals answer as everywhere in the API: a state or input
error 400 (a stale ``version`` included), a wrong role 403, an object out of sight 404.
"""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from jingqi.accounts.choices import Role
from jingqi.core.api import IdempotentCreateMixin, read_input
from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.scoping import access
from jingqi.core.viewsets import ScopedViewSet

from .. import services
from ..models import (
    CadenceRule,
    ChecklistItem,
    ChecklistVersion,
    Hazard,
    HazardEvent,
    HazardPhoto,
    Inspection,
    InspectionAnswer,
    InspectionType,
    InspectionVisit,
    KeyDate,
    Requirement,
    SafetyProfile,
)
from ..selectors import ledger as ledgers
from . import filtersets as fs
from . import serializers as s


def _police_only(user) -> None:
    if not services.is_police(user):
        raise PermissionDenied()


def _supervisor_only(user) -> None:
    if not (user.role == Role.SUPERVISOR or user.is_superuser):
        raise PermissionDenied()


def _upload(request, name):
    """A file sent in a multipart body (JSON bodies carry none)."""
    files = getattr(request, "FILES", None)
    return files.get(name) if files else None


def _uploads(request, name) -> list:
    files = getattr(request, "FILES", None)
    return files.getlist(name) if files else []


# --- who may do what (also read by authz_api.py for the authorization matrix) --------------------------------------


def configurable(model, user):
    """The station configuration the supervisor may change (types, rules, key dates)."""
    return model.objects.visible_to(user, "configure")


def visits_to_inspect(user):
    """Visits on which ``user`` may begin an inspection: the police's in their scope; a department's those it takes
    part in (the service then checks that the type is the department's)."""
    if services.is_police(user):
        return InspectionVisit.objects.visible_to(user, "change")
    if user.role == Role.DEPARTMENT:
        return InspectionVisit.objects.visible_to(user)
    return InspectionVisit.objects.none()


def hazards_to_comment(user):
    """The police comment on the hazards they handle, an enterprise's liaison on its own."""
    return Hazard.objects.visible_to(user, "change" if services.is_police(user) else "fix")


class _Shows:
    """``_show(obj)``: the object as the list shows it, read again after the service wrote it."""

    show_serializer = None

    def _fresh(self, pk):
        return self.get_queryset().model.objects.select_related(*self.select).get(pk=pk)

    def _show(self, obj) -> dict:
        return self.show_serializer(self._fresh(obj.pk), context=self.get_serializer_context()).data

    def _object(self, scope: str = "change", queryset=None):
        # The right comes first: someone who may not act gets 404, whatever the body says.
        if queryset is not None:
            return access(queryset, self.request.user, self.kwargs["pk"], "view")
        return access(self.model.objects.all(), self.request.user, self.kwargs["pk"], scope)

    def _created(self, serializer, obj) -> None:
        serializer.instance = obj
        serializer._data = self._show(obj)


# --- configuration ---------------------------------------------------------------------------------------------------


class SafetyProfileViewSet(_Shows, IdempotentCreateMixin, ScopedViewSet, mixins.ListModelMixin,
                           mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Enterprises' safety profiles (what the cadence rules read). POST records the first one of an enterprise
    (police); PATCH changes it, with the version read."""

    model = SafetyProfile
    select = ("enterprise",)
    serializer_class = show_serializer = s.SafetyProfileSerializer
    filterset_class = fs.SafetyProfileFilterSet
    ordering_fields = ["risk_level"]
    ordering = ["pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        return s.SafetyProfileCreateSerializer if self.action == "create" else s.SafetyProfileSerializer

    def check_create(self, user):
        _police_only(user)

    @extend_schema(request=s.SafetyProfileCreateSerializer, responses={201: s.SafetyProfileSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        enterprise = data.pop("enterprise")
        if SafetyProfile.objects.filter(enterprise=enterprise).exists():
            # The service would overwrite it without a version: a second profile is a change, made with PATCH.
            raise ActionError(_("This enterprise has a safety profile already: change it instead."),
                              field="enterprise")
        profile = services.do_save_profile(self.request.user, enterprise, **data)
        self._created(serializer, profile)

    @extend_schema(request=s.SafetyProfileUpdateSerializer, responses=s.SafetyProfileSerializer)
    def partial_update(self, request, pk=None):
        profile = self._object()
        data = read_input(s.SafetyProfileUpdateSerializer, request, self.get_serializer_context(), partial=True)
        version = data.pop("version")
        current = {name: getattr(profile, name) for name in ("risk_level", "hazardous_chemicals", "monthly_budget",
                                                              "note", "assessed_on")}
        profile = services.do_save_profile(request.user, profile.enterprise_id, **{**current, **data},
                                           expected_version=version)
        return Response(self._show(profile))


class _Configured(_Shows, IdempotentCreateMixin, ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                  mixins.CreateModelMixin):
    """Station configuration: the supervisor creates (POST) and edits (``edit``); everyone working with the station
    reads it."""

    http_method_names = ["get", "post", "head", "options"]

    def check_create(self, user):
        _supervisor_only(user)

    def _edit(self, serializer_class, current, call):
        """``current(obj)``: the object's fields as the service reads them; those sent replace them."""
        obj = self._object("configure")
        data = read_input(serializer_class, self.request, self.get_serializer_context())
        version = data.pop("version", None)
        obj = call(obj, {**current(obj), **data}, version)
        return Response(self._show(obj))


class InspectionTypeViewSet(_Configured):
    """Inspection types (fire, production safety, ...) and the department that owes each. POST creates one
    (supervisor); ``edit`` changes it, with the version read. A checklist is published with
    ``POST /api/checklist-versions/``."""

    model = InspectionType
    select = ()
    serializer_class = show_serializer = s.InspectionTypeSerializer
    filterset_class = fs.InspectionTypeFilterSet
    ordering_fields = ["code", "name"]
    ordering = ["station", "code"]

    def get_serializer_class(self):
        return s.InspectionTypeInputSerializer if self.action == "create" else s.InspectionTypeSerializer

    @extend_schema(request=s.InspectionTypeInputSerializer, responses={201: s.InspectionTypeSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        self._created(serializer, services.do_save_inspection_type(self.request.user,
                                                                   data=dict(serializer.validated_data)))

    @extend_schema(request=s.InspectionTypeEditSerializer, responses=s.InspectionTypeSerializer)
    @action(detail=True, methods=["post"])
    def edit(self, request, pk=None):
        return self._edit(s.InspectionTypeEditSerializer,
                          lambda t: {"code": t.code, "name": t.name, "kind": t.kind, "department": t.department_id,
                                     "active": t.active},
                          lambda obj, data, version: services.do_save_inspection_type(
                              request.user, inspection_type=obj, data=data, expected_version=version))


class ChecklistVersionViewSet(_Shows, IdempotentCreateMixin, ScopedViewSet, mixins.ListModelMixin,
                              mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Checklist versions with their items. POST publishes a type's next version (supervisor); a published
    version never changes, and inspections under way keep answering the one they started on."""

    model = ChecklistVersion
    select = ("inspection_type",)
    serializer_class = show_serializer = s.ChecklistVersionSerializer
    filterset_class = fs.ChecklistVersionFilterSet
    ordering_fields = ["number"]
    ordering = ["inspection_type", "-number"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related(Prefetch("items", queryset=ChecklistItem.objects.all()))

    def _fresh(self, pk):
        return ChecklistVersion.objects.prefetch_related("items").get(pk=pk)

    def get_serializer_class(self):
        return s.ChecklistPublishSerializer if self.action == "create" else s.ChecklistVersionSerializer

    def check_create(self, user):
        _supervisor_only(user)

    @extend_schema(request=s.ChecklistPublishSerializer, responses={201: s.ChecklistVersionSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        version = services.do_publish_checklist(self.request.user, data["inspection_type"],
                                                items=[dict(item) for item in data["items"]], note=data["note"])
        self._created(serializer, version)


class CadenceRuleViewSet(_Configured):
    """Cadence rules: which enterprises need which inspection how often. POST creates one (supervisor); ``edit``
    changes it, with the version read."""

    model = CadenceRule
    select = ()
    serializer_class = show_serializer = s.CadenceRuleSerializer
    filterset_class = fs.CadenceRuleFilterSet
    ordering_fields = ["name"]
    ordering = ["station", "name"]
    FIELDS = ("name", "every", "key_only", "industry_prefixes", "min_risk", "min_headcount", "chemicals_only",
              "at_key_dates", "active")

    def get_serializer_class(self):
        return s.CadenceRuleInputSerializer if self.action == "create" else s.CadenceRuleSerializer

    @extend_schema(request=s.CadenceRuleInputSerializer, responses={201: s.CadenceRuleSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        self._created(serializer, services.do_save_rule(self.request.user, data=dict(serializer.validated_data)))

    @extend_schema(request=s.CadenceRuleEditSerializer, responses=s.CadenceRuleSerializer)
    @action(detail=True, methods=["post"])
    def edit(self, request, pk=None):
        return self._edit(s.CadenceRuleEditSerializer,
                          lambda r: {**{name: getattr(r, name) for name in self.FIELDS},
                                     "inspection_type": r.inspection_type_id},
                          lambda obj, data, version: services.do_save_rule(request.user, rule=obj, data=data,
                                                                           expected_version=version))


class KeyDateViewSet(_Configured):
    """Key dates (holidays, major events) before which the rules marked for them ask for one more inspection.
    POST adds one (supervisor); ``edit`` changes it (a date with inspections planned for it stays)."""

    model = KeyDate
    select = ()
    serializer_class = show_serializer = s.KeyDateSerializer
    filterset_class = fs.KeyDateFilterSet
    ordering_fields = ["on"]
    ordering = ["station", "on"]

    def get_serializer_class(self):
        return s.KeyDateInputSerializer if self.action == "create" else s.KeyDateSerializer

    @extend_schema(request=s.KeyDateInputSerializer, responses={201: s.KeyDateSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        self._created(serializer, services.do_save_key_date(self.request.user,
                                                            data=dict(serializer.validated_data)))

    @extend_schema(request=s.KeyDateEditSerializer, responses=s.KeyDateSerializer)
    @action(detail=True, methods=["post"])
    def edit(self, request, pk=None):
        return self._edit(s.KeyDateEditSerializer, lambda k: {"name": k.name, "on": k.on, "lead_days": k.lead_days},
                          lambda obj, data, version: services.do_save_key_date(request.user, key_date=obj,
                                                                               data=data, expected_version=version))


# --- the quarter's plan -------------------------------------------------------------------------------------------


class RequirementViewSet(_Shows, ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """The quarter plan's rows: one inspection a rule asks of one enterprise in one period (due, planned, done or
    waived). ``generate`` writes the quarter's rows from the rules (police; again adds only what is missing);
    ``waive`` takes one off the plan (supervisor)."""

    model = Requirement
    select = ("enterprise", "inspection_type")
    serializer_class = show_serializer = s.RequirementSerializer
    filterset_class = fs.RequirementFilterSet
    ordering_fields = ["due_on"]
    ordering = ["due_on", "enterprise", "inspection_type", "pk"]

    @extend_schema(request=s.InspectionPlanGenerateSerializer, responses=s.InspectionPlanGeneratedSerializer)
    @action(detail=False, methods=["post"], pagination_class=None, filter_backends=[])
    def generate(self, request):
        _police_only(request.user)
        data = read_input(s.InspectionPlanGenerateSerializer, request, self.get_serializer_context())
        day = data.get("quarter_start") or timezone.localdate()
        added = services.do_generate_plan(request.user, quarter_start=day)
        first, last = services.quarter_of(day)
        return Response({"quarter_start": first, "quarter_end": last, "added": added})

    @extend_schema(request=s.InspectionReasonSerializer, responses=s.RequirementSerializer)
    @action(detail=True, methods=["post"])
    def waive(self, request, pk=None):
        _supervisor_only(request.user)
        requirement = self._object()
        data = read_input(s.InspectionReasonSerializer, request, self.get_serializer_context())
        requirement = services.do_waive_requirement(request.user, requirement, reason=data["reason"])
        return Response(self._show(requirement))


# --- joint visits and inspections ------------------------------------------------------------------------------------


class InspectionVisitViewSet(_Shows, IdempotentCreateMixin, ScopedViewSet, mixins.ListModelMixin,
                             mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Joint visits (综合查一次): one date, one team, every inspection owed there. POST plans one (police; beyond
    the enterprise's monthly budget it needs ``over_budget_reason``); PATCH moves or re-plans it, with the version
    read; ``cancel`` and ``finish`` end it. Inspections begin with ``POST /api/inspections/``."""

    model = InspectionVisit
    select = ("enterprise", "lead")
    serializer_class = show_serializer = s.InspectionVisitSerializer
    filterset_class = fs.InspectionVisitFilterSet
    ordering_fields = ["planned_on"]
    ordering = ["planned_on", "pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("officers", "departments")

    def _fresh(self, pk):
        return InspectionVisit.objects.select_related(*self.select).prefetch_related("officers", "departments").get(
            pk=pk)

    def get_serializer_class(self):
        return s.InspectionVisitPlanSerializer if self.action == "create" else s.InspectionVisitSerializer

    def check_create(self, user):
        _police_only(user)

    @extend_schema(request=s.InspectionVisitPlanSerializer, responses={201: s.InspectionVisitSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        visit = services.do_plan_visit(self.request.user, data.pop("enterprise"), **data)
        self._created(serializer, visit)

    @extend_schema(request=s.InspectionVisitChangeSerializer, responses=s.InspectionVisitSerializer)
    def partial_update(self, request, pk=None):
        visit = self._object()
        data = read_input(s.InspectionVisitChangeSerializer, request, self.get_serializer_context(), partial=True)
        version = data.pop("version")
        visit = services.do_change_visit(request.user, visit, expected_version=version, **data)
        return Response(self._show(visit))

    @extend_schema(request=s.InspectionReasonSerializer, responses=s.InspectionVisitSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        visit = self._object()
        data = read_input(s.InspectionReasonSerializer, request, self.get_serializer_context())
        return Response(self._show(services.do_cancel_visit(request.user, visit, reason=data["reason"])))

    @extend_schema(request=s.InspectionEmptySerializer, responses=s.InspectionVisitSerializer)
    @action(detail=True, methods=["post"])
    def finish(self, request, pk=None):
        visit = self._object()
        read_input(s.InspectionEmptySerializer, request, self.get_serializer_context())
        return Response(self._show(services.do_finish_visit(request.user, visit)))


def _answers_prefetch():
    return Prefetch("answers", queryset=InspectionAnswer.objects.select_related("item").order_by("item__number"))


class InspectionViewSet(_Shows, IdempotentCreateMixin, ScopedViewSet, mixins.ListModelMixin,
                        mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Inspections: one type's checklist answered on a visit. POST begins one on the type's current checklist
    version (the police, or the department that owes the type and takes part in the visit); ``answer`` saves one
    item (again and again while it is being filled in; multipart with ``photo`` and ``after_photo``); ``submit``
    ends it: each failed item becomes a hazard."""

    model = Inspection
    select = ("enterprise", "inspection_type", "checklist")
    serializer_class = show_serializer = s.InspectionSerializer
    filterset_class = fs.InspectionFilterSet
    ordering_fields = ["started_at"]
    ordering = ["-started_at", "-pk"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related(_answers_prefetch())

    def _fresh(self, pk):
        return Inspection.objects.select_related(*self.select).prefetch_related(_answers_prefetch()).get(pk=pk)

    def get_serializer_class(self):
        return s.InspectionStartSerializer if self.action == "create" else s.InspectionSerializer

    def check_create(self, user):
        if user.role != Role.DEPARTMENT:
            _police_only(user)

    @extend_schema(request=s.InspectionStartSerializer, responses={201: s.InspectionSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        if not visits_to_inspect(self.request.user).filter(pk=data["visit"].pk).exists():
            raise PermissionDenied()
        inspection = services.do_start_inspection(self.request.user, data["visit"], data["inspection_type"])
        self._created(serializer, inspection)

    @extend_schema(parameters=[s.SummaryQuerySerializer], responses={
        200: s.SummarySerializer,
        400: OpenApiResponse(OpenApiTypes.OBJECT, description="A quarter, park, office or department not understood, "
                                                              "or not one of the caller's: the field's messages.")})
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def summary(self, request):
        """The quarter's figures per park and per department, as the ledger page counts them (the police's, in
        their scope): joint visits, checklists submitted, hazards found, fixed on site, closed, open and overdue."""
        _police_only(request.user)
        query = s.SummaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        first, last = ledgers.parse_quarter(data["quarter"])
        chosen = {}
        for name, rows in (("park", ledgers.parks_for), ("office", ledgers.offices_for),
                           ("department", ledgers.departments_for)):
            if data.get(name) is not None:
                chosen[name] = rows(request.user).filter(pk=data[name]).first()
                if chosen[name] is None:  # out of scope or missing: the same answer
                    raise ActionError(_("Choose one of the list."), field=name)
        result = ledgers.ledger(request.user, ledgers.Scope(first, last, **chosen))

        def row(entry):
            return {"label": entry.label, "office": entry.office, **vars(entry.figures)}

        return Response({"quarter": ledgers.quarter_label(first), "first": first, "last": last,
                         "parks": [row(r) for r in result.parks], "departments": [row(r) for r in result.departments],
                         "total": vars(result.total)})

    @extend_schema(request={"application/json": s.InspectionAnswerInputSerializer,
                            "multipart/form-data": s.InspectionAnswerUploadSerializer},
                   responses=s.InspectionAnswerSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        inspection = self._object("fill")
        data = read_input(s.InspectionAnswerUploadSerializer, request, self.get_serializer_context())
        answer = services.do_save_answer(request.user, inspection, **data)
        answer = InspectionAnswer.objects.select_related("item").get(pk=answer.pk)
        return Response(s.InspectionAnswerSerializer(answer, context=self.get_serializer_context()).data)

    @extend_schema(request=s.InspectionSubmitSerializer, responses=s.InspectionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        inspection = self._object("fill")
        data = read_input(s.InspectionSubmitSerializer, request, self.get_serializer_context())
        inspection = services.do_submit_inspection(request.user, inspection, note=data["note"],
                                                   expected_version=data.get("version"))
        return Response(self._show(inspection))


# --- hazards -----------------------------------------------------------------------------------------------------


class HazardViewSet(_Shows, IdempotentCreateMixin, ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    mixins.CreateModelMixin):
    """Hazards (隐患), tracked until verified and closed (销号). POST reports one (police; multipart with a
    ``photo``). The police ``fix-on-site`` (with ``after_photo``), ``assign`` a deadline and a responsible person,
    ``close`` a reported fix after verifying it or ``send-back`` it; the enterprise's liaison (or the police)
    ``report-fix`` with photos; the supervisor ``void``s one recorded in error; ``comment`` adds to the
    ``timeline``; ``photos`` lists the photos as found and of the fix."""

    model = Hazard
    select = ("park", "enterprise", "handler")
    serializer_class = show_serializer = s.HazardSerializer
    filterset_class = fs.HazardFilterSet
    ordering_fields = ["reported_at", "due_at"]
    ordering = ["-reported_at", "-pk"]
    http_method_names = ["get", "post", "head", "options"]

    def get_serializer_class(self):
        return s.HazardReportUploadSerializer if self.action == "create" else s.HazardSerializer

    def check_create(self, user):
        _police_only(user)

    @extend_schema(request={"application/json": s.HazardReportSerializer,
                            "multipart/form-data": s.HazardReportUploadSerializer},
                   responses={201: s.HazardSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        park, enterprise, ticket, photo = (data.pop(k, None) for k in ("park", "enterprise", "ticket", "photo"))
        hazard = services.do_report_hazard(self.request.user, park=park, enterprise=getattr(enterprise, "pk", None),
                                           data=data, photo=photo, ticket=ticket)
        self._created(serializer, hazard)

    def _act(self, serializer_class, call, scope="change", queryset=None):
        hazard = self._object(scope, queryset)
        data = read_input(serializer_class, self.request, self.get_serializer_context())
        return Response(self._show(call(hazard, data)))

    @extend_schema(request={"application/json": s.HazardNoteSerializer,
                            "multipart/form-data": s.HazardFixOnSiteUploadSerializer},
                   responses=s.HazardSerializer)
    @action(detail=True, methods=["post"], url_path="fix-on-site", url_name="fix-on-site")
    def fix_on_site(self, request, pk=None):
        return self._act(s.HazardNoteSerializer, lambda h, data: services.do_fix_hazard_on_site(
            request.user, h, after_photo=_upload(request, "after_photo"), note=data["note"],
            expected_version=data.get("version")))

    @extend_schema(request=s.HazardAssignSerializer, responses=s.HazardSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        def call(hazard, data):
            return services.do_assign_hazard(request.user, hazard, expected_version=data.pop("version", None), **data)

        return self._act(s.HazardAssignSerializer, call)

    @extend_schema(request={"application/json": s.HazardFixReportSerializer,
                            "multipart/form-data": s.HazardFixReportUploadSerializer},
                   responses=s.HazardSerializer)
    @action(detail=True, methods=["post"], url_path="report-fix", url_name="report-fix")
    def report_fix(self, request, pk=None):
        return self._act(s.HazardFixReportSerializer, lambda h, data: services.do_report_hazard_fix(
            request.user, h, note=data["note"], photos=_uploads(request, "photos"),
            expected_version=data.get("version")), scope="fix")

    @extend_schema(request={"application/json": s.HazardCloseSerializer,
                            "multipart/form-data": s.HazardCloseUploadSerializer},
                   responses=s.HazardSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._act(s.HazardCloseSerializer, lambda h, data: services.do_close_hazard(
            request.user, h, verification=data["verification"], note=data["note"],
            photos=_uploads(request, "photos"), expected_version=data.get("version")))

    @extend_schema(request=s.HazardSendBackSerializer, responses=s.HazardSerializer)
    @action(detail=True, methods=["post"], url_path="send-back", url_name="send-back")
    def send_back(self, request, pk=None):
        return self._act(s.HazardSendBackSerializer, lambda h, data: services.do_send_back_hazard(
            request.user, h, reason=data["reason"], deadline=data.get("deadline"),
            expected_version=data.get("version")))

    @extend_schema(request=s.InspectionReasonSerializer, responses=s.HazardSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        _supervisor_only(request.user)
        return self._act(s.InspectionReasonSerializer, lambda h, data: services.do_void_hazard(request.user, h,
                                                                                    reason=data["reason"]))

    @extend_schema(request=s.HazardCommentSerializer, responses={201: s.HazardEventSerializer})
    @action(detail=True, methods=["post"])
    def comment(self, request, pk=None):
        hazard = self._object(queryset=hazards_to_comment(request.user))
        data = read_input(s.HazardCommentSerializer, request, self.get_serializer_context())
        event = services.do_comment_hazard(request.user, hazard, text=data["text"], internal=data["internal"])
        event = HazardEvent.objects.select_related("actor").get(pk=event.pk)
        return Response(s.HazardEventSerializer(event, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    # The whole timeline in one list: neither paged nor filtered. Internal events are left out for the enterprise
    # by ``HazardEvent.visible_to``.
    @extend_schema(responses=s.HazardEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def timeline(self, request, pk=None):
        hazard = self._object("view")
        events = HazardEvent.objects.visible_to(request.user).filter(hazard=hazard).select_related("actor")
        return Response(s.HazardEventSerializer(events, many=True, context=self.get_serializer_context()).data)

    @extend_schema(responses=s.HazardPhotoSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def photos(self, request, pk=None):
        hazard = self._object("view")
        rows = HazardPhoto.objects.visible_to(request.user).filter(hazard=hazard).order_by("uploaded_at", "pk")
        return Response(s.HazardPhotoSerializer(rows, many=True, context=self.get_serializer_context()).data)

