"""What the API shows of inspection records, and the bodies it reads.

Enterprise liaisons never see a visit's internal note or the reason it went beyond the visit budget, nor the
internal timeline events of a hazard (``HazardEvent.visible_to`` leaves those out). The responsible person's phone
is shown masked to everyone (revealing is the registry's audited right, not this API). Inputs only parse here:
choices, texts, dates in the future, who may be named and every other rule are the services' (translated messages,
one place).
"""

from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jingqi.accounts.choices import Role
from jingqi.core.api import VersionRequiredMixin
from jingqi.core.relations import ScopedModelSerializer, ScopedPrimaryKeyRelatedField
from jingqi.registry.models import Enterprise, Park
from jingqi.tickets.models import Ticket

from .. import services
from ..choices import HAZARD_MACHINE, OPEN_REQUIREMENT_STATUSES
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

# Ids of objects without a scope of their own (users, departments): bounded, so a huge number is a 400, not an
# overflow; the service says whether the id names one that may be chosen.
ID = {"min_value": 1, "max_value": 2**63 - 1}
VERSION_HELP = _("The version you read; a stale one is refused.")
# Days the plan and the deadlines can be about (the month and quarter arithmetic stays within the calendar).
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
MAX_PHOTOS = 6


def _version(required: bool = False):
    return serializers.IntegerField(required=required, min_value=0, max_value=2**31 - 1, help_text=VERSION_HELP)


def _day(**kwargs):
    return serializers.DateField(validators=[MinValueValidator(FIRST_DAY), MaxValueValidator(LAST_DAY)], **kwargs)


def _text(required: bool = True, **kwargs):
    if required:
        return serializers.CharField(**kwargs)
    return serializers.CharField(required=False, allow_blank=True, default="", **kwargs)


def _ids(help_text="", max_length=50, **kwargs):
    return serializers.ListField(child=serializers.IntegerField(**ID), max_length=max_length, help_text=help_text,
                                 **kwargs)


def _coordinate(limit: int):
    return serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True,
                                    min_value=-limit, max_value=limit)


def liaison_reader(context) -> bool:
    user = getattr(context.get("request"), "user", None)
    return user is not None and getattr(user, "role", None) == Role.LIAISON and not user.is_superuser


# --- what is shown: configuration ------------------------------------------------------------------------------


class SafetyProfileSerializer(ScopedModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    budget = serializers.IntegerField(read_only=True, help_text=_("Visits a month: its own or the station's default."))

    class Meta:
        model = SafetyProfile
        fields = ["id", "enterprise", "enterprise_name", "risk_level", "hazardous_chemicals", "monthly_budget",
                  "budget", "note", "assessed_on", "version"]
        read_only_fields = fields


class InspectionTypeSerializer(ScopedModelSerializer):
    class Meta:
        model = InspectionType
        fields = ["id", "station", "code", "name", "kind", "department", "active", "version"]
        read_only_fields = fields


class ChecklistItemSerializer(ScopedModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "number", "section", "text", "guidance", "major_if_failed"]
        read_only_fields = fields


class ChecklistVersionSerializer(ScopedModelSerializer):
    items = ChecklistItemSerializer(many=True, read_only=True)

    class Meta:
        model = ChecklistVersion
        fields = ["id", "inspection_type", "number", "published_at", "published_by", "note", "items"]
        read_only_fields = fields


class CadenceRuleSerializer(ScopedModelSerializer):
    industry_prefixes = serializers.ListField(child=serializers.CharField(), read_only=True)
    # A number, not a second enum of the risk levels (the profile's ``risk_level`` names them).
    min_risk = serializers.IntegerField(read_only=True, allow_null=True, help_text=_("Risk level at least (1-4)."))

    class Meta:
        model = CadenceRule
        fields = ["id", "station", "name", "inspection_type", "every", "key_only", "industry_prefixes", "min_risk",
                  "min_headcount", "chemicals_only", "at_key_dates", "active", "version"]
        read_only_fields = fields


class KeyDateSerializer(ScopedModelSerializer):
    class Meta:
        model = KeyDate
        fields = ["id", "station", "name", "on", "lead_days", "version"]
        read_only_fields = fields


# --- what is shown: the plan, visits, inspections ----------------------------------------------------------------


class RequirementSerializer(ScopedModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    inspection_type_name = serializers.CharField(source="inspection_type.name", read_only=True)
    overdue = serializers.SerializerMethodField(help_text=_("Not done and past its due date."))

    class Meta:
        model = Requirement
        fields = ["id", "station", "park", "enterprise", "enterprise_name", "inspection_type",
                  "inspection_type_name", "rule", "key_date", "period_start", "due_on", "status", "visit",
                  "waive_reason", "overdue"]
        read_only_fields = fields

    def get_overdue(self, obj) -> bool:
        return obj.status in OPEN_REQUIREMENT_STATUSES and obj.due_on < timezone.localdate()


class InspectionVisitSerializer(ScopedModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    lead_name = serializers.CharField(source="lead.__str__", read_only=True)
    officers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    departments = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    note = serializers.SerializerMethodField(help_text=_("Internal note (blank for the enterprise)."))
    over_budget_reason = serializers.SerializerMethodField(help_text=_(
        "Why the visit goes beyond the enterprise's monthly budget (blank for the enterprise)."))

    class Meta:
        model = InspectionVisit
        fields = ["id", "station", "park", "enterprise", "enterprise_name", "planned_on", "status", "lead",
                  "lead_name", "officers", "departments", "notice", "note", "over_budget", "over_budget_reason",
                  "finished_at", "cancel_reason", "created_by", "version"]
        read_only_fields = fields

    def get_note(self, obj) -> str:
        return "" if liaison_reader(self.context) else obj.note

    def get_over_budget_reason(self, obj) -> str:
        return "" if liaison_reader(self.context) else obj.over_budget_reason


class InspectionAnswerSerializer(ScopedModelSerializer):
    item_number = serializers.IntegerField(source="item.number", read_only=True)
    # Text, not the enum: blank unless the item failed.
    severity = serializers.CharField(read_only=True, help_text=_("general or major; blank unless it failed"))
    has_photo = serializers.SerializerMethodField()
    has_after_photo = serializers.SerializerMethodField()

    class Meta:
        model = InspectionAnswer
        fields = ["id", "inspection", "item", "item_number", "result", "note", "severity", "fixed_on_site",
                  "has_photo", "has_after_photo", "answered_by", "answered_at"]
        read_only_fields = fields

    def get_has_photo(self, obj) -> bool:
        return bool(obj.photo)

    def get_has_after_photo(self, obj) -> bool:
        return bool(obj.after_photo)


class InspectionSerializer(ScopedModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    inspection_type_name = serializers.CharField(source="inspection_type.name", read_only=True)
    checklist_number = serializers.IntegerField(source="checklist.number", read_only=True)
    answers = InspectionAnswerSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "station", "park", "enterprise", "enterprise_name", "visit", "inspection_type",
                  "inspection_type_name", "department", "checklist", "checklist_number", "status", "inspector",
                  "started_at", "submitted_at", "note", "answers", "version"]
        read_only_fields = fields


# --- what is shown: hazards -------------------------------------------------------------------------------------


class HazardSerializer(ScopedModelSerializer):
    park_name = serializers.CharField(source="park.name", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, default=None, allow_null=True)
    handler_name = serializers.CharField(source="handler.__str__", read_only=True, default=None, allow_null=True)
    responsible_phone_masked = serializers.CharField(read_only=True, help_text=_("Masked for everyone."))
    overdue = serializers.SerializerMethodField(help_text=_("Open and past its deadline."))
    # Text, not the enum: blank until it is closed.
    verification = serializers.CharField(read_only=True, help_text=_(
        "reinspection or photo_review; blank until it is closed"))
    actions = serializers.SerializerMethodField(help_text=_("What its state allows next (each role may do some)."))

    class Meta:
        model = Hazard
        fields = ["id", "reference", "station", "park", "park_name", "enterprise", "enterprise_name", "source",
                  "inspection", "answer", "finding", "ticket", "department", "severity", "title", "description",
                  "location", "latitude", "longitude", "status", "reported_by", "reported_at", "handler",
                  "handler_name", "fixed_on_site", "deadline", "due_at", "overdue", "measures", "responsible_name",
                  "responsible_phone_masked", "fix_reported_at", "fix_note", "verification", "verification_note",
                  "closed_at", "closed_by", "void_reason", "sent_back", "escalation_level", "actions", "version"]
        read_only_fields = fields

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue()

    def get_actions(self, obj) -> list[str]:
        return list(HAZARD_MACHINE.actions_from(obj.status))


class HazardEventSerializer(ScopedModelSerializer):
    actor_name = serializers.CharField(source="actor.__str__", read_only=True, default=None, allow_null=True)

    class Meta:
        model = HazardEvent
        fields = ["id", "kind", "at", "actor", "actor_name", "message", "internal", "data"]
        read_only_fields = fields


class HazardPhotoSerializer(ScopedModelSerializer):
    class Meta:
        model = HazardPhoto
        fields = ["id", "kind", "event", "uploaded_by", "uploaded_at"]
        read_only_fields = fields


class InspectionPlanGeneratedSerializer(serializers.Serializer):
    quarter_start = serializers.DateField()
    quarter_end = serializers.DateField()
    added = serializers.IntegerField(help_text=_("Inspections added to the plan (those already there stay)."))


class FiguresSerializer(serializers.Serializer):
    visits = serializers.IntegerField(help_text=_(
        "Joint visits done in the period: one per visit however many departments' checklists it covered (a "
        "department's row: the visits in which it submitted a checklist)."))
    inspections = serializers.IntegerField(help_text=_("Checklists submitted in the period."))
    found = serializers.IntegerField(help_text=_("Hazards found in the period (voided ones left out)."))
    fixed_on_site = serializers.IntegerField()
    closed = serializers.IntegerField()
    open = serializers.IntegerField()
    overdue = serializers.IntegerField(help_text=_("Open ones past their deadline now."))


class SummaryRowSerializer(FiguresSerializer):
    label = serializers.CharField(help_text=_("The park, or the department (the police's own: no department)."))
    office = serializers.CharField(help_text=_("The park's office (blank for a department's row)."))


class SummarySerializer(serializers.Serializer):
    """The quarter's ledger figures (台账), the same as the ledger page and its workbook."""

    quarter = serializers.CharField()
    first = serializers.DateField()
    last = serializers.DateField()
    parks = SummaryRowSerializer(many=True)
    departments = SummaryRowSerializer(many=True)
    total = FiguresSerializer()


class SummaryQuerySerializer(serializers.Serializer):
    quarter = serializers.CharField(required=False, allow_blank=True, default="", max_length=10,
                                    help_text=_("Such as 2026-Q4; the current quarter when left out."))
    park = serializers.IntegerField(required=False, **ID)
    office = serializers.IntegerField(required=False, **ID)
    department = serializers.IntegerField(required=False, **ID)


# --- what is read: configuration ---------------------------------------------------------------------------------


class SafetyProfileFieldsSerializer(serializers.Serializer):
    risk_level = serializers.IntegerField(min_value=1, max_value=4, help_text=_("1 low (blue) … 4 major (red)"))
    hazardous_chemicals = serializers.BooleanField(required=False, default=False)
    monthly_budget = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=31,
                                              help_text=_("Visits a month; the station's default when empty."))
    note = _text(False)
    assessed_on = _day(required=False, allow_null=True)


class SafetyProfileCreateSerializer(SafetyProfileFieldsSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), scope="change")


class SafetyProfileUpdateSerializer(VersionRequiredMixin, SafetyProfileFieldsSerializer):
    """A PATCH: the fields sent replace what was recorded; the version read is required."""

    version = _version(required=True)
    risk_level = serializers.IntegerField(required=False, min_value=1, max_value=4)


class InspectionTypeInputSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField(help_text=_("fire, production, chemicals, public_security or other"))
    department = serializers.IntegerField(required=False, allow_null=True, help_text=_(
        "The department of the station that owes it; the police's own when empty."), **ID)
    active = serializers.BooleanField(required=False, default=True)


class InspectionTypeEditSerializer(VersionRequiredMixin, InspectionTypeInputSerializer):
    """The fields sent replace the type's; those left out keep their value. The version read is required."""

    version = _version(required=True)
    code = serializers.CharField(required=False)
    name = serializers.CharField(required=False)
    kind = serializers.CharField(required=False)
    active = serializers.BooleanField(required=False)


class ChecklistItemInputSerializer(serializers.Serializer):
    section = _text(False)
    text = serializers.CharField()
    guidance = _text(False)
    major_if_failed = serializers.BooleanField(required=False, default=False)


class ChecklistPublishSerializer(serializers.Serializer):
    inspection_type = ScopedPrimaryKeyRelatedField(queryset=InspectionType.objects.all(), scope="configure")
    items = ChecklistItemInputSerializer(many=True, max_length=services.MAX_CHECKLIST_ITEMS,
                                         help_text=_("The whole checklist, in order (numbered from 1)."))
    note = _text(False, help_text=_("What changed."))


class CadenceRuleInputSerializer(serializers.Serializer):
    name = serializers.CharField()
    inspection_type = serializers.IntegerField(help_text=_("An inspection type of the station."), **ID)
    every = serializers.IntegerField(required=False, default=3, min_value=1, max_value=12,
                                     help_text=_("Months: 1, 2, 3, 4, 6 or 12."))
    key_only = serializers.BooleanField(required=False, default=False)
    industry_prefixes = serializers.ListField(child=serializers.CharField(max_length=10), required=False,
                                              default=list, max_length=services.MAX_INDUSTRY_PREFIXES,
                                              help_text=_("GB/T 4754 codes or their beginnings (a section letter, "
                                                          "then up to 4 digits: C, C26, C2661)."))
    min_risk = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=4)
    min_headcount = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=10_000_000)
    chemicals_only = serializers.BooleanField(required=False, default=False)
    at_key_dates = serializers.BooleanField(required=False, default=False)
    active = serializers.BooleanField(required=False, default=True)


class CadenceRuleEditSerializer(VersionRequiredMixin, CadenceRuleInputSerializer):
    """The fields sent replace the rule's; those left out keep their value. The version read is required."""

    version = _version(required=True)
    name = serializers.CharField(required=False)
    inspection_type = serializers.IntegerField(required=False, **ID)
    every = serializers.IntegerField(required=False, min_value=1, max_value=12)
    key_only = serializers.BooleanField(required=False)
    industry_prefixes = serializers.ListField(child=serializers.CharField(max_length=10), required=False,
                                              max_length=services.MAX_INDUSTRY_PREFIXES)
    chemicals_only = serializers.BooleanField(required=False)
    at_key_dates = serializers.BooleanField(required=False)
    active = serializers.BooleanField(required=False)


class KeyDateInputSerializer(serializers.Serializer):
    name = serializers.CharField()
    on = _day()
    lead_days = serializers.IntegerField(required=False, default=14, min_value=1, max_value=90,
                                         help_text=_("Inspect within this many days before."))


class KeyDateEditSerializer(VersionRequiredMixin, KeyDateInputSerializer):
    """The fields sent replace the key date's; those left out keep their value. The version read is required."""

    version = _version(required=True)
    name = serializers.CharField(required=False)
    on = _day(required=False)
    lead_days = serializers.IntegerField(required=False, min_value=1, max_value=90)


# --- what is read: the plan, visits, inspections ------------------------------------------------------------------


class InspectionPlanGenerateSerializer(serializers.Serializer):
    quarter_start = _day(required=False, allow_null=True,
                         help_text=_("Any day of the quarter to plan; today's quarter when left out."))


class InspectionReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class InspectionEmptySerializer(serializers.Serializer):
    pass


class InspectionVisitFieldsSerializer(serializers.Serializer):
    planned_on = _day()
    requirements = _ids(help_text=_("The inspections due (plan rows) this visit does, all for its enterprise."))
    lead = serializers.IntegerField(required=False, allow_null=True, help_text=_(
        "The police officer of the station who leads; yourself when left out."), **ID)
    officers = _ids(help_text=_("Police officers of the station on the team."), max_length=30, required=False,
                    default=list)
    departments = _ids(help_text=_("Departments joining beyond those that owe an inspection."), max_length=30,
                       required=False, default=list)
    notice = _text(False, help_text=_("What the enterprise is told in advance."))
    note = _text(False, help_text=_("Internal note (never shown to the enterprise)."))
    over_budget_reason = _text(False, help_text=_(
        "Why one more visit beyond the enterprise's monthly budget (needed only then)."))


class InspectionVisitPlanSerializer(InspectionVisitFieldsSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), scope="change")


class InspectionVisitChangeSerializer(VersionRequiredMixin, serializers.Serializer):
    """A PATCH: only the fields sent change; the version read is required."""

    version = _version(required=True)
    planned_on = _day(required=False)
    requirements = _ids(required=False)
    lead = serializers.IntegerField(required=False, **ID)
    officers = _ids(max_length=30, required=False)
    departments = _ids(max_length=30, required=False)
    notice = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)
    over_budget_reason = serializers.CharField(required=False, allow_blank=True)


class InspectionStartSerializer(serializers.Serializer):
    visit = ScopedPrimaryKeyRelatedField(queryset=InspectionVisit.objects.all())
    inspection_type = serializers.IntegerField(help_text=_("An active inspection type of the station."), **ID)


class InspectionAnswerInputSerializer(serializers.Serializer):
    item = serializers.IntegerField(help_text=_("An item of the checklist version the inspection answers."), **ID)
    result = serializers.CharField(help_text=_("pass, fail or na"))
    note = _text(False, help_text=_("What is wrong (needed for a failure)."))
    severity = _text(False, help_text=_("general or major (a failure; the item's default when blank)."))
    fixed_on_site = serializers.BooleanField(required=False, default=False)


class InspectionAnswerUploadSerializer(InspectionAnswerInputSerializer):
    photo = serializers.FileField(required=False, allow_null=True)
    after_photo = serializers.FileField(required=False, allow_null=True, help_text=_("After a fix on site."))


class InspectionSubmitSerializer(serializers.Serializer):
    note = _text(False)
    version = _version()


# --- what is read: hazards -----------------------------------------------------------------------------------------


class HazardReportSerializer(serializers.Serializer):
    park = ScopedPrimaryKeyRelatedField(queryset=Park.objects.all())
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False, allow_null=True,
                                              help_text=_("An enterprise of the park, if the hazard is one's."))
    ticket = ScopedPrimaryKeyRelatedField(queryset=Ticket.objects.all(), required=False, allow_null=True,
                                          help_text=_("The enterprise request that told of it."))
    title = serializers.CharField()
    description = _text(False)
    severity = _text(False, help_text=_("general (the default) or major"))
    location = _text(False)
    latitude = _coordinate(90)
    longitude = _coordinate(180)
    department = serializers.IntegerField(required=False, allow_null=True, help_text=_(
        "The department answerable for it (told at once of a major hazard)."), **ID)


class HazardReportUploadSerializer(HazardReportSerializer):
    photo = serializers.FileField(required=False, allow_null=True)


class HazardNoteSerializer(serializers.Serializer):
    note = _text(False, help_text=_("What was done."))
    version = _version()


class HazardFixOnSiteUploadSerializer(HazardNoteSerializer):
    after_photo = serializers.FileField(help_text=_("The photo after the fix."))


class HazardAssignSerializer(serializers.Serializer):
    deadline = _day(required=False, allow_null=True, help_text=_(
        "Fix by (not in the past); a number of working days from now when left out."))
    responsible_name = serializers.CharField(help_text=_("The person at the enterprise who answers for the fix."))
    responsible_phone = _text(False)
    measures = serializers.CharField(help_text=_("What must be done."))
    handler = serializers.IntegerField(required=False, allow_null=True, help_text=_(
        "The officer who follows it up; unchanged (or yourself) when left out."), **ID)
    version = _version()


class HazardFixReportSerializer(serializers.Serializer):
    note = serializers.CharField(help_text=_("What was done."))
    version = _version()


class HazardFixReportUploadSerializer(HazardFixReportSerializer):
    photos = serializers.ListField(child=serializers.FileField(), max_length=MAX_PHOTOS,
                                   help_text=_("One to six photos of the fix."))


class HazardCloseSerializer(serializers.Serializer):
    verification = serializers.CharField(help_text=_("reinspection (with a photo) or photo_review"))
    note = serializers.CharField(help_text=_("What was checked."))
    version = _version()


class HazardCloseUploadSerializer(HazardCloseSerializer):
    photos = serializers.ListField(child=serializers.FileField(), max_length=MAX_PHOTOS, required=False,
                                   default=list, help_text=_("What the re-inspection saw."))


class HazardSendBackSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=_("What is still wrong."))
    deadline = _day(required=False, allow_null=True, help_text=_("A new deadline; the old one stays when empty."))
    version = _version()


class HazardCommentSerializer(serializers.Serializer):
    text = serializers.CharField()
    internal = serializers.BooleanField(required=False, default=True, help_text=_(
        "An internal note (police only; the enterprise's notes are never internal)."))
