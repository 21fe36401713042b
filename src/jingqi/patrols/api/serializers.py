"""What the API shows of teams, volunteers, places, patrols and guard operations, and the bodies it reads.

Personal data: the police see a volunteer's ID number and phone masked (revealing is the registry's audited right,
not this API); volunteers and enterprise liaisons see other people by name only — no ID, phone, account or
status note. Inputs only parse here: choices, texts, shapes and rules are checked by the services (translated
messages, one place).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jingqi.core.api import VersionRequiredMixin
from jingqi.core.relations import MomentField, ScopedModelSerializer, ScopedPrimaryKeyRelatedField
from jingqi.core.text import SHORT_TEXT
from jingqi.registry.models import Enterprise, Park

from .. import services
from ..choices import CoverPeriod, Mode, Skill
from ..models import (
    AvailabilityWindow,
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

# Ids of objects without a scope of their own (user accounts): bounded, so a huge number is a 400, not an overflow.
ID = {"min_value": 1, "max_value": 2**63 - 1}
VERSION_HELP = _("The version you read; a stale one is refused.")


def police_reader(context) -> bool:
    user = getattr(context.get("request"), "user", None)
    return user is not None and user.is_authenticated and services.is_police(user)


def _coordinate(limit: int, **kwargs):
    return serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True,
                                    min_value=-limit, max_value=limit, **kwargs)


def _version(required: bool = False):
    return serializers.IntegerField(required=required, min_value=0, max_value=2**31 - 1, help_text=VERSION_HELP)


# --- what is shown -----------------------------------------------------------------------------------------


class TeamSerializer(ScopedModelSerializer):
    park_name = serializers.CharField(source="park.name", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, default=None,
                                            allow_null=True)

    class Meta:
        model = Team
        fields = ["id", "station", "park", "park_name", "enterprise", "enterprise_name", "name", "description",
                  "active", "version"]
        read_only_fields = fields


class VolunteerSerializer(ScopedModelSerializer):
    team_name = serializers.CharField(source="team.name", read_only=True)
    full_name = serializers.CharField(source="person.full_name", read_only=True)
    id_number_masked = serializers.SerializerMethodField(help_text=_("Masked; blank for volunteers and liaisons."))
    phone_masked = serializers.SerializerMethodField(help_text=_("Masked; blank for volunteers and liaisons."))
    status_note = serializers.SerializerMethodField(help_text=_("Blank for volunteers and liaisons."))
    user = serializers.SerializerMethodField(help_text=_("The linked account (police only; null for others)."))
    has_account = serializers.SerializerMethodField()
    service_hours = serializers.FloatField(read_only=True)
    skills = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Volunteer
        fields = ["id", "team", "team_name", "full_name", "id_number_masked", "phone_masked", "status",
                  "status_note", "vetted_at", "skills", "is_leader", "joined_on", "user", "has_account",
                  "service_minutes", "service_hours", "points", "version"]
        read_only_fields = fields

    def get_id_number_masked(self, obj) -> str:
        return obj.person.id_number_masked if police_reader(self.context) else ""

    def get_phone_masked(self, obj) -> str:
        return obj.person.phone_masked if police_reader(self.context) else ""

    def get_status_note(self, obj) -> str:
        return obj.status_note if police_reader(self.context) else ""

    def get_user(self, obj) -> int | None:
        return obj.user_id if police_reader(self.context) else None

    def get_has_account(self, obj) -> bool:
        return obj.user_id is not None


class AvailabilityWindowSerializer(ScopedModelSerializer):
    start = serializers.SerializerMethodField(help_text=_("HH:MM"))
    end = serializers.SerializerMethodField(help_text=_("HH:MM; before the start, the window runs past midnight."))

    class Meta:
        model = AvailabilityWindow
        fields = ["weekday", "start", "end"]

    def get_start(self, obj) -> str:
        return obj.start.strftime("%H:%M")

    def get_end(self, obj) -> str:
        return obj.end.strftime("%H:%M")


class RecognitionSerializer(ScopedModelSerializer):
    kind = serializers.CharField(read_only=True, help_text=_("commendation, certificate or star"))
    has_certificate = serializers.SerializerMethodField()

    class Meta:
        model = Recognition
        fields = ["id", "volunteer", "kind", "title", "awarded_on", "note", "has_certificate"]
        read_only_fields = fields

    def get_has_certificate(self, obj) -> bool:
        return bool(obj.certificate)


class PlaceSerializer(ScopedModelSerializer):
    kind = serializers.CharField(read_only=True, help_text=_("area, route or checkpoint"))
    geometry = serializers.JSONField(read_only=True, help_text=_("A GeoJSON geometry: Point, LineString or "
                                                                 "Polygon, [longitude, latitude]."))
    cover_periods = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Place
        fields = ["id", "park", "kind", "name", "geometry", "risk_weight", "cover_periods", "route", "radius_m",
                  "description", "active", "version"]
        read_only_fields = fields


class PatrolMemberSerializer(ScopedModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = PatrolMember
        fields = ["id", "role", "user", "volunteer", "name", "confirmed_at", "credited_minutes"]
        read_only_fields = fields


class PatrolSerializer(ScopedModelSerializer):
    members = PatrolMemberSerializer(many=True, read_only=True)
    route_name = serializers.CharField(source="route.name", read_only=True, default=None, allow_null=True)
    mode = serializers.CharField(read_only=True, help_text=_("foot or car"))

    class Meta:
        model = Patrol
        fields = ["id", "station", "park", "title", "mode", "route", "route_name", "starts_at", "ends_at",
                  "requires_officer", "status", "note", "series", "started_at", "finished_at", "members", "version"]
        read_only_fields = fields


class CheckInSerializer(ScopedModelSerializer):
    name = serializers.SerializerMethodField(help_text=_("Who checked in."))

    class Meta:
        model = CheckIn
        fields = ["id", "patrol", "shift", "checkpoint", "volunteer", "name", "at", "latitude", "longitude",
                  "accuracy_m", "distance_m", "far", "no_position", "note"]
        read_only_fields = fields

    def get_name(self, obj) -> str:
        if obj.volunteer_id:
            return obj.volunteer.person.full_name
        return obj.user.full_name or obj.user.username


class FindingSerializer(ScopedModelSerializer):
    reported_by_name = serializers.CharField(source="reported_by.__str__", read_only=True)
    has_photo = serializers.SerializerMethodField()
    kind = serializers.CharField(read_only=True, help_text=_("hazard, request, dispute or other"))

    class Meta:
        model = Finding
        fields = ["id", "station", "park", "patrol", "shift", "enterprise", "kind", "status", "description",
                  "location", "latitude", "longitude", "has_photo", "reported_by", "reported_by_name", "reported_at",
                  "ticket", "dispute", "target"]
        read_only_fields = fields

    def get_has_photo(self, obj) -> bool:
        return bool(obj.photo)


class GuardOperationSerializer(ScopedModelSerializer):
    geometry = serializers.JSONField(read_only=True, allow_null=True)
    uncovered = serializers.JSONField(read_only=True, help_text=_(
        "The slots the last solve could not cover: segment, hour, missing, reason."))
    ends_at = MomentField(read_only=True)

    class Meta:
        model = GuardOperation
        fields = ["id", "station", "park", "name", "description", "geometry", "starts_at", "ends_at", "hours",
                  "night_start", "night_end", "min_shift", "max_shift", "min_rest", "max_week_hours",
                  "max_nights_in_row", "swap_needs_officer", "time_limit", "status", "solve_status",
                  "solve_progress", "solve_message", "solve_started_at", "solved_at", "solve_seconds", "objective",
                  "bound", "uncovered", "closed_at", "loss", "loss_note", "version"]
        read_only_fields = fields


class GuardSegmentSerializer(ScopedModelSerializer):
    geometry = serializers.JSONField(read_only=True, allow_null=True)

    class Meta:
        model = GuardSegment
        fields = ["id", "operation", "code", "name", "need", "night_need", "officer_at_night", "geometry", "order"]
        read_only_fields = fields


class GuardPersonSerializer(ScopedModelSerializer):
    name = serializers.CharField(read_only=True)
    code = serializers.CharField(read_only=True, help_text=_("The person's id in the roster instance."))
    segments = serializers.SerializerMethodField(help_text=_("Codes of the segments they may stand on (all when "
                                                             "empty)."))
    available = serializers.JSONField(read_only=True, allow_null=True, help_text=_(
        "Half-open [from, until) hour ranges. For the police only: null for anyone else."))
    preferences = serializers.JSONField(read_only=True, allow_null=True, help_text=_(
        "Segments preferred, nights avoided. For the police only: null for anyone else."))

    POLICE_ONLY = ("available", "preferences")

    class Meta:
        model = GuardPerson
        fields = ["id", "operation", "code", "name", "is_officer", "volunteer", "user", "segments", "available",
                  "preferences"]
        read_only_fields = fields

    def get_segments(self, obj) -> list[str]:
        return [s.code for s in obj.segments.all()]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not police_reader(self.context):  # a colleague's hours and wishes are theirs and the roster's
            for name in self.POLICE_ONLY:
                data[name] = None
        return data


class GuardShiftSerializer(ScopedModelSerializer):
    name = serializers.CharField(source="person.name", read_only=True)
    segment_code = serializers.CharField(source="segment.code", read_only=True)
    starts_at = MomentField(read_only=True)
    ends_at = MomentField(read_only=True)

    class Meta:
        model = GuardShift
        fields = ["id", "operation", "person", "name", "segment", "segment_code", "start", "end", "starts_at",
                  "ends_at", "source", "confirmed_at", "checked_in_at", "checked_out_at", "credited_minutes",
                  "version"]
        read_only_fields = fields


class SwapRequestSerializer(ScopedModelSerializer):
    requester_name = serializers.CharField(source="requester.name", read_only=True)
    taker_name = serializers.CharField(source="taker.name", read_only=True)
    problems = serializers.ListField(child=serializers.CharField(), read_only=True,
                                     help_text=_("What the swap would break (when the rules refused it)."))

    class Meta:
        model = SwapRequest
        fields = ["id", "shift", "requester", "requester_name", "taker", "taker_name", "status", "reason",
                  "problems", "decided_at", "created_at"]
        read_only_fields = fields


class ViolationSerializer(serializers.Serializer):
    rule = serializers.CharField()
    person = serializers.CharField(allow_null=True)
    segment = serializers.CharField(allow_null=True)
    hours = serializers.ListField(child=serializers.IntegerField(), help_text=_("[from, until), half-open."))
    message = serializers.CharField()


class CoverageRowSerializer(serializers.Serializer):
    segment = serializers.CharField()
    hour = serializers.IntegerField()
    required = serializers.IntegerField()
    assigned = serializers.IntegerField()
    officers = serializers.IntegerField()
    officer_required = serializers.BooleanField()
    missing = serializers.IntegerField()


class CoverageSerializer(serializers.Serializer):
    """The independent check of the roster as it stands: every rule broken, every gap, every hour's cover."""

    ok = serializers.BooleanField()
    violations = ViolationSerializer(many=True)
    gaps = CoverageRowSerializer(many=True)
    coverage = CoverageRowSerializer(many=True)
    people = serializers.DictField(child=serializers.CharField(), help_text=_("Roster id (P12) → name."))


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField()


class RosterEditSerializer(serializers.Serializer):
    """A roster edit's answer: the shift as it now stands and what the independent check says of the roster."""

    shift = GuardShiftSerializer(allow_null=True)
    ok = serializers.BooleanField()
    problems = ViolationSerializer(many=True, help_text=_("Rule breaches of the whole roster."))
    gaps = serializers.IntegerField(help_text=_("Uncovered segment-hours."))


# --- what is read ------------------------------------------------------------------------------------------


class TeamCreateSerializer(serializers.Serializer):
    park = ScopedPrimaryKeyRelatedField(queryset=Park.objects.all())
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False, allow_null=True,
                                              help_text=_("The enterprise whose team it is; a park team if empty."))
    name = serializers.CharField()
    description = serializers.CharField(required=False, allow_blank=True, default="")


class TeamUpdateSerializer(VersionRequiredMixin, serializers.Serializer):
    version = _version(required=True)
    name = serializers.CharField(required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    active = serializers.BooleanField(required=False)


class VolunteerEnrolSerializer(serializers.Serializer):
    team = ScopedPrimaryKeyRelatedField(queryset=Team.objects.all())
    full_name = serializers.CharField()
    id_number = serializers.CharField(required=False, allow_blank=True, default="",
                                      help_text=_("Kept encrypted; shown masked."))
    phone = serializers.CharField(required=False, allow_blank=True, default="")
    skills = serializers.ListField(child=serializers.ChoiceField(choices=Skill.choices), required=False,
                                   default=list, max_length=len(Skill.choices))
    user = serializers.IntegerField(required=False, allow_null=True, help_text=_(
        "A volunteer account to link (police only)."), **ID)


class VolunteerUpdateSerializer(VersionRequiredMixin, serializers.Serializer):
    version = _version(required=True)
    skills = serializers.ListField(child=serializers.ChoiceField(choices=Skill.choices), required=False,
                                   max_length=len(Skill.choices))
    is_leader = serializers.BooleanField(required=False)
    user = serializers.IntegerField(required=False, help_text=_("Link a volunteer account."), **ID)


class VolunteerStatusSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="",
                                 help_text=_("The reason (needed to suspend or to mark as left)."))
    version = _version()


class WindowInputSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(min_value=0, max_value=6, help_text=_("0 is Monday."))
    start = serializers.CharField(max_length=8, help_text=_("HH:MM"))
    end = serializers.CharField(max_length=8, help_text=_("HH:MM; before the start runs past midnight."))


class AvailabilitySerializer(serializers.Serializer):
    windows = WindowInputSerializer(many=True, max_length=100)


class RecognitionCreateSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=_("commendation, certificate or star"))
    title = serializers.CharField()
    awarded_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RecognitionUploadSerializer(RecognitionCreateSerializer):
    certificate = serializers.FileField(required=False, allow_null=True)


class PlaceFieldsSerializer(serializers.Serializer):
    name = serializers.CharField()
    geometry = serializers.JSONField(help_text=_("A GeoJSON geometry or Feature (object or text): a Point for a "
                                                 "checkpoint, a LineString for a route, a Polygon for an area."))
    risk_weight = serializers.IntegerField(required=False, min_value=1, max_value=5, default=1)
    cover_periods = serializers.ListField(child=serializers.ChoiceField(choices=CoverPeriod.choices), required=False,
                                          default=list, max_length=len(CoverPeriod.choices))
    radius_m = serializers.IntegerField(required=False, min_value=10, max_value=5000, default=100,
                                        help_text=_("Check-in radius of a checkpoint, in metres."))
    description = serializers.CharField(required=False, allow_blank=True, default="")
    route = ScopedPrimaryKeyRelatedField(queryset=Place.objects.all(), required=False, allow_null=True,
                                         help_text=_("A checkpoint's route."))


class PlaceCreateSerializer(PlaceFieldsSerializer):
    park = ScopedPrimaryKeyRelatedField(queryset=Park.objects.all())
    kind = serializers.CharField(help_text=_("area, route or checkpoint"))


class PlaceUpdateSerializer(VersionRequiredMixin, PlaceFieldsSerializer):
    version = _version(required=True)
    active = serializers.BooleanField(required=False)


class PatrolFieldsSerializer(serializers.Serializer):
    title = serializers.CharField()
    mode = serializers.CharField(required=False, default=Mode.FOOT, help_text=_("foot (the default) or car"))
    starts_at = MomentField()
    ends_at = MomentField()
    requires_officer = serializers.BooleanField(required=False, default=True,
                                                help_text=_("A joint patrol: at least one officer."))
    note = serializers.CharField(required=False, allow_blank=True, default="")
    officers = serializers.ListField(child=serializers.IntegerField(**ID), required=False, max_length=30,
                                     help_text=_("Officers or auxiliaries of the park's office (user ids)."))
    volunteers = ScopedPrimaryKeyRelatedField(queryset=Volunteer.objects.all(), many=True, required=False)
    route = ScopedPrimaryKeyRelatedField(queryset=Place.objects.all(), required=False, allow_null=True,
                                         help_text=_("A route or area of the park."))


class PatrolPlanSerializer(PatrolFieldsSerializer):
    park = ScopedPrimaryKeyRelatedField(queryset=Park.objects.all())
    repeat_weeks = serializers.IntegerField(required=False, min_value=0, max_value=services.MAX_REPEAT, default=0,
                                            help_text=_("The same patrol on the same weekday this many more weeks."))


class PatrolUpdateSerializer(VersionRequiredMixin, PatrolFieldsSerializer):
    """A PATCH: the fields sent replace what was planned; members or route only when sent."""

    version = _version(required=True)


class PatrolReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()
    version = _version()


class PatrolVersionSerializer(serializers.Serializer):
    version = _version()


class CloseOperationSerializer(serializers.Serializer):
    version = _version()
    loss = serializers.BooleanField(help_text=_("Whether anything was lost (theft, damage, injury) while the "
                                                "operation ran."))
    loss_note = serializers.CharField(max_length=SHORT_TEXT, required=False, allow_blank=True,
                                      help_text=_("What was lost: required when there was a loss."))


class EmptySerializer(serializers.Serializer):
    pass


class CheckInInputSerializer(serializers.Serializer):
    checkpoint = ScopedPrimaryKeyRelatedField(queryset=Place.objects.all(), required=False, allow_null=True)
    latitude = _coordinate(90)
    longitude = _coordinate(180)
    accuracy = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100000,
                                        help_text=_("The phone's stated accuracy, in metres."))
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PositionSerializer(serializers.Serializer):
    latitude = _coordinate(90)
    longitude = _coordinate(180)
    accuracy = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100000)


class ShiftCheckInSerializer(PositionSerializer):
    checkpoint = ScopedPrimaryKeyRelatedField(queryset=Place.objects.all(), required=False, allow_null=True)


class FindingFieldsSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=_("hazard, request, dispute or other"))
    description = serializers.CharField()
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False, allow_null=True,
                                              help_text=_("The enterprise concerned (needed to open a request)."))
    location = serializers.CharField(required=False, allow_blank=True, default="")
    latitude = _coordinate(90)
    longitude = _coordinate(180)


class FindingUploadSerializer(FindingFieldsSerializer):
    photo = serializers.FileField(required=False, allow_null=True)


class FindingCreateSerializer(FindingFieldsSerializer):
    """A finding on a patrol or on a guard shift (one of the two)."""

    patrol = ScopedPrimaryKeyRelatedField(queryset=Patrol.objects.all(), required=False, allow_null=True)
    shift = ScopedPrimaryKeyRelatedField(queryset=GuardShift.objects.all(), required=False, allow_null=True)


class FindingCreateUploadSerializer(FindingCreateSerializer):
    photo = serializers.FileField(required=False, allow_null=True)


class FindingOpenSerializer(serializers.Serializer):
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False, allow_null=True,
                                              help_text=_("The enterprise a request is for."))


class OperationFieldsSerializer(serializers.Serializer):
    name = serializers.CharField()
    description = serializers.CharField(required=False, allow_blank=True, default="")
    geometry = serializers.JSONField(required=False, allow_null=True,
                                     help_text=_("The guarded line (LineString) or area (Polygon), GeoJSON."))
    starts_at = MomentField(help_text=_("On the hour."))
    hours = serializers.IntegerField(min_value=1, max_value=24 * 62)
    night_start = serializers.IntegerField(required=False, min_value=0, max_value=23, default=22)
    night_end = serializers.IntegerField(required=False, min_value=0, max_value=23, default=6)
    min_shift = serializers.IntegerField(required=False, min_value=1, max_value=24, default=2)
    max_shift = serializers.IntegerField(required=False, min_value=1, max_value=24, default=8)
    min_rest = serializers.IntegerField(required=False, min_value=1, max_value=72, default=8)
    max_week_hours = serializers.IntegerField(required=False, min_value=1, max_value=168, default=40)
    max_nights_in_row = serializers.IntegerField(required=False, min_value=0, max_value=62, default=3)
    swap_needs_officer = serializers.BooleanField(required=False, default=True)
    time_limit = serializers.IntegerField(required=False, min_value=1, max_value=600, default=30,
                                          help_text=_("The solver's time limit, in seconds."))


class OperationCreateSerializer(OperationFieldsSerializer):
    park = ScopedPrimaryKeyRelatedField(queryset=Park.objects.all())


class OperationUpdateSerializer(VersionRequiredMixin, OperationFieldsSerializer):
    version = _version(required=True)


class SegmentInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    name = serializers.CharField(required=False, allow_blank=True, default="")
    need = serializers.IntegerField(required=False, min_value=0, max_value=20, default=1)
    night_need = serializers.IntegerField(required=False, min_value=0, max_value=20)
    officer_at_night = serializers.BooleanField(required=False, default=False)
    geometry = serializers.JSONField(required=False, allow_null=True, help_text=_("A LineString, GeoJSON."))


class SegmentsSerializer(serializers.Serializer):
    segments = SegmentInputSerializer(many=True, max_length=services.MAX_SEGMENTS)


class SplitSerializer(serializers.Serializer):
    count = serializers.IntegerField(min_value=1, max_value=services.MAX_SEGMENTS)
    need = serializers.IntegerField(required=False, min_value=0, max_value=20, default=1)
    night_need = serializers.IntegerField(required=False, min_value=0, max_value=20, default=1)
    officer_at_night = serializers.BooleanField(required=False, default=False)


class PoolAddSerializer(serializers.Serializer):
    volunteers = ScopedPrimaryKeyRelatedField(queryset=Volunteer.objects.all(), many=True, required=False)
    officers = serializers.ListField(child=serializers.IntegerField(**ID), required=False, max_length=services.MAX_POOL,
                                     help_text=_("Officers or auxiliaries of the station (user ids)."))
    segments = serializers.ListField(child=serializers.CharField(max_length=20), required=False, allow_null=True,
                                     max_length=services.MAX_SEGMENTS,
                                     help_text=_("Codes of the segments they may stand on (all when left out)."))


class ShiftInputSerializer(serializers.Serializer):
    person = ScopedPrimaryKeyRelatedField(queryset=GuardPerson.objects.all(), help_text=_("A pool member."))
    segment = ScopedPrimaryKeyRelatedField(queryset=GuardSegment.objects.all())
    start = serializers.IntegerField(min_value=0, max_value=24 * 62, help_text=_("Hour from the operation's start."))
    end = serializers.IntegerField(min_value=1, max_value=24 * 62, help_text=_("Hour it ends (exclusive)."))
    confirm = serializers.BooleanField(required=False, default=False,
                                       help_text=_("Save even if the edit breaks a rule or opens a gap."))


class ShiftAddSerializer(ShiftInputSerializer):
    operation = ScopedPrimaryKeyRelatedField(queryset=GuardOperation.objects.all())


class ShiftChangeSerializer(VersionRequiredMixin, ShiftInputSerializer):
    """A PATCH: the fields left out keep their value."""

    version = _version(required=True)


class SwapAskSerializer(serializers.Serializer):
    taker = ScopedPrimaryKeyRelatedField(queryset=GuardPerson.objects.all(),
                                         help_text=_("The colleague in the pool asked to take the shift: a "
                                                     "volunteer (only a volunteer can answer)."))
    reason = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_taker(self, taker):
        if taker.is_officer or taker.volunteer_id is None:
            raise serializers.ValidationError(_("Ask a volunteer in the pool: only a volunteer can answer a swap."))
        return taker


class SwapAnswerSerializer(serializers.Serializer):
    consent = serializers.BooleanField()


class SwapDecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")
