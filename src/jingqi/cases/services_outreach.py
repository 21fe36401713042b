"""Outreach actions (宣传活动/讲座): the only code that writes outreach events, their invitations and attendance,
and their material files.

Each action locks the event row, checks the actor's right (``visible_to(actor, "change")``: the police of the
station or of the office's parks) and the state machine (``choices.OUTREACH_MACHINE``), checks the input, writes,
audits, and tells the invited enterprises' liaisons after commit. ``outside_hours`` of each invitation is worked
out here, whenever the event's time or its invitations change, from the enterprise's production hours on the
official working calendar; ``attendance_total`` is kept as the sum of the recorded attendance.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from jingqi.accounts.choices import Role
from jingqi.accounts.models import User
from jingqi.core import audit
from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.notify import notify_on_commit
from jingqi.core.parsing import parse_int, parse_moment
from jingqi.core.scoping import access
from jingqi.core.scoping import acts_as_police as is_police
from jingqi.core.text import SHORT_TEXT, check_text
from jingqi.core.uploads import check_upload
from jingqi.core.versioning import check_version
from jingqi.core.workcalendar import WorkCalendar
from jingqi.registry.choices import EnterpriseStatus
from jingqi.registry.models import Enterprise, Park
from jingqi.registry.querysets import park_q

from .choices import OUTREACH_MACHINE, OutreachStatus, OutreachTopic
from .models import TITLE_LIMIT, OutreachAttendance, OutreachEvent, OutreachMaterial

# Refused when the page or API call read an older version (core.versioning).
STALE_EVENT = _lazy("Someone else changed this event while you were looking at it. Reload the page and try again.")

AUDITED = ["park", "topic", "title", "starts_at", "ends_at", "place", "speaker", "materials", "summary", "status",
           "attendance_total"]
DESCRIBING = ("topic", "title", "starts_at", "ends_at", "place", "speaker", "materials")
# An event is a talk or a drill, not a campaign season: a longer one is almost certainly a typing mistake.
MAX_EVENT_HOURS = 24
MAX_ATTENDEES = 100000


# --- who, and where -----------------------------------------------------------------------------------------


def parks_for(actor):
    """The parks where ``actor`` may hold outreach events: the station's (supervisor) or the office's (officer,
    auxiliary)."""
    if not is_police(actor):
        return Park.objects.none()
    q = park_q(actor, "view")
    return Park.objects.filter(q).select_related("station") if q is not None else Park.objects.none()


def invitable(actor, park):
    """The enterprises of ``park`` that ``actor`` may invite: operating, and visible to the actor."""
    return (Enterprise.objects.visible_to(actor).filter(park=park, status=EnterpriseStatus.ACTIVE)
            .order_by("name", "pk"))


def access_outreach(user, pk, action: str = "view") -> OutreachEvent:
    return access(OutreachEvent.objects.select_related("station", "park", "organiser"), user, pk, action)


def _lock(actor, event, action: str = "change") -> OutreachEvent:
    """The event, locked, if ``actor`` may act on it (else 404). Only the event's row is locked."""
    event = access(OutreachEvent.objects.select_for_update(of=("self",)), actor, event.pk, action)
    return OutreachEvent.objects.select_related("station", "park").get(pk=event.pk)


def _save(event, actor, verb: str, before: dict, *fields: str, extra: dict | None = None) -> None:
    event.version += 1
    event.save(update_fields=[*fields, "version", "updated_at"])
    changes = audit.diff(before, audit.snapshot(event, AUDITED))
    audit.record(actor, f"outreach.{verb}", event, {**changes, **(extra or {})})


def _url(event) -> str:
    return reverse("cases:outreach_detail", args=[event.pk])


def liaisons_of(enterprise_ids: Iterable[int]):
    return User.objects.filter(role=Role.LIAISON, enterprise_id__in=list(enterprise_ids), is_active=True)


def _when(event) -> str:
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    same_day = start.date() == end.date()
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}" if same_day else f"{start:%Y-%m-%d %H:%M}–{end:%Y-%m-%d %H:%M}"


def _tell(enterprise_ids, verb: str, title: str, event) -> None:
    """The liaisons of these enterprises, after commit: what, when and where; no one's personal data."""
    users = list(liaisons_of(enterprise_ids))
    if users:
        notify_on_commit(users, verb, title, _("%(when)s, %(place)s") % {"when": _when(event), "place": event.place},
                         _url(event), {"event": event.pk, "topic": event.topic, "status": event.status,
                                       "starts_at": event.starts_at.isoformat()})


# --- production hours ---------------------------------------------------------------------------------------------


def production_hours(enterprise):
    """When ``enterprise`` works on a working day, as intervals of local time: its own production hours when the
    registry has them, else its station's business hours. The one place that decides which hours count."""
    return enterprise.production_intervals


def is_outside_hours(starts_at: datetime, ends_at: datetime, hours, calendar: WorkCalendar | None = None) -> bool:
    """Whether an event from ``starts_at`` to ``ends_at`` leaves production alone: it overlaps none of ``hours``
    on a working day of the official calendar (a weekend or holiday is outside; a make-up working day is a
    working day). Touching an interval's edge (ending at opening time, starting at closing time) is outside."""
    return (calendar or WorkCalendar()).working_time_between(starts_at, ends_at, hours) == timedelta(0)


def _flag_hours(event, rows: Iterable[OutreachAttendance] | None = None, calendar: WorkCalendar | None = None):
    """Work ``outside_hours`` out again for ``rows`` (default: all the event's invitations) and save what
    changed. Returns the rows."""
    calendar = calendar or WorkCalendar()
    if rows is None:
        rows = list(event.attendance.select_related("enterprise__park__station"))
    changed = []
    for row in rows:
        outside = is_outside_hours(event.starts_at, event.ends_at, production_hours(row.enterprise), calendar)
        if outside != row.outside_hours or row.pk is None:
            row.outside_hours = outside
            changed.append(row)
    OutreachAttendance.objects.bulk_update([r for r in changed if r.pk], ["outside_hours"])
    return rows


def _keep_total(event) -> None:
    event.attendance_total = event.attendance.aggregate(total=Sum("attendees"))["total"] or 0


# --- checking what was typed ----------------------------------------------------------------------------------


def _moment(value, *, field: str, label: str) -> datetime:
    return parse_moment(value, field=field, label=label)


def check_event_fields(data: dict) -> dict:
    """The describing fields of an event, cleaned, or a translated error on the first bad one."""
    topic = data.get("topic", "")
    if topic not in OutreachTopic.values:
        raise ActionError(_("Choose the topic."), field="topic")
    starts_at = _moment(data.get("starts_at"), field="starts_at", label=_("Starts at"))
    ends_at = _moment(data.get("ends_at"), field="ends_at", label=_("Ends at"))
    if ends_at <= starts_at:
        raise ActionError(_("The event must end after it starts."), field="ends_at")
    if ends_at - starts_at > timedelta(hours=MAX_EVENT_HOURS):
        raise ActionError(_("An event lasts at most %(hours)s hours: check the end.") % {"hours": MAX_EVENT_HOURS},
                          field="ends_at")
    return {
        "topic": topic, "starts_at": starts_at, "ends_at": ends_at,
        "title": check_text(data.get("title"), field="title", limit=TITLE_LIMIT, required=True, label=_("Title"),
                            empty_message=_("Give the event a title.")),
        "place": check_text(data.get("place"), field="place", limit=SHORT_TEXT, required=True, label=_("Place"),
                            empty_message=_("Say where the event takes place.")),
        "speaker": check_text(data.get("speaker"), field="speaker", limit=SHORT_TEXT, label=_("Speaker")),
        "materials": check_text(data.get("materials"), field="materials", label=_("Materials handed out")),
    }


def _choose_park(actor, park) -> Park:
    if not is_police(actor):
        raise PermissionDenied(_("Only the police hold outreach events."))
    if park is None:
        raise ActionError(_("Choose the park."), field="park")
    found = parks_for(actor).filter(pk=getattr(park, "pk", park)).first()
    if found is None:
        raise ActionError(_("Choose one of your parks."), field="park")
    return found


def _chosen_enterprises(actor, park, enterprises, all_enterprises: bool) -> list[Enterprise]:
    """The enterprises to invite: every operating one of the park the actor can see, or those picked, each of
    which must be one of them (an enterprise out of sight is refused like one of another park)."""
    pool = invitable(actor, park).select_related("park__station")
    if all_enterprises:
        return list(pool)
    wanted = {getattr(e, "pk", e) for e in enterprises or ()}
    found = list(pool.filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise ActionError(_("Choose operating enterprises of this event's park that you can see."),
                          field="enterprises")
    return found


def _invite(event, actor, chosen: list[Enterprise], calendar: WorkCalendar) -> list[OutreachAttendance]:
    have = set(event.attendance.values_list("enterprise_id", flat=True))
    rows = [OutreachAttendance(event=event, enterprise=e) for e in chosen if e.pk not in have]
    _flag_hours(event, rows, calendar)
    OutreachAttendance.objects.bulk_create(rows)
    return rows


# --- the actions ----------------------------------------------------------------------------------------------


@transaction.atomic
def do_plan_outreach(actor, *, park, data: dict, enterprises: Iterable = (), all_enterprises: bool = False,
                     ) -> OutreachEvent:
    """A new event in one of the actor's parks, with the enterprises invited (their liaisons are told)."""
    park = _choose_park(actor, park)
    clean = check_event_fields(data)
    chosen = _chosen_enterprises(actor, park, enterprises, bool(all_enterprises))
    event = OutreachEvent.objects.create(station=park.station, park=park, organiser=actor, **clean)
    rows = _invite(event, actor, chosen, WorkCalendar())
    audit.record(actor, "outreach.plan", event, {
        **audit.snapshot(event, ["park", *DESCRIBING]),
        "invited": [r.enterprise_id for r in rows],
        "outside_hours": [r.enterprise_id for r in rows if r.outside_hours]})
    _tell([r.enterprise_id for r in rows], "outreach.invited",
          _("Your enterprise is invited: %(title)s") % {"title": event.title}, event)
    # The actor must still see what they made (a park moved to another office meanwhile would not).
    access(OutreachEvent.objects.all(), actor, event.pk, "change")
    return event


@transaction.atomic
def do_update_outreach(actor, event, *, data: dict, expected_version: int | None = None) -> OutreachEvent:
    """Change a planned event; a new time flags each invitation afresh against its enterprise's hours."""
    event = _lock(actor, event)
    check_version(event, expected_version, STALE_EVENT)
    OUTREACH_MACHINE.require(event, "edit")
    clean = check_event_fields(data)
    before = audit.snapshot(event, AUDITED)
    moved = (clean["starts_at"], clean["ends_at"]) != (event.starts_at, event.ends_at)
    for name, value in clean.items():
        setattr(event, name, value)
    if moved:
        _flag_hours(event)
    _save(event, actor, "update", before, *clean)
    if moved:
        _tell(event.attendance.values_list("enterprise_id", flat=True), "outreach.moved",
              _("New time for %(title)s") % {"title": event.title}, event)
    return event


@transaction.atomic
def do_invite_enterprises(actor, event, *, enterprises: Iterable = (), all_enterprises: bool = False,
                          expected_version: int | None = None) -> list[OutreachAttendance]:
    """More enterprises for a planned event (those invited already are left as they are)."""
    event = _lock(actor, event)
    check_version(event, expected_version, STALE_EVENT)
    OUTREACH_MACHINE.require(event, "invite")
    chosen = _chosen_enterprises(actor, event.park, enterprises, bool(all_enterprises))
    if not chosen:
        raise ActionError(_("Choose at least one enterprise."), field="enterprises")
    rows = _invite(event, actor, chosen, WorkCalendar())
    if not rows:
        raise ActionError(_("These enterprises are invited already."), field="enterprises")
    before = audit.snapshot(event, AUDITED)
    _save(event, actor, "invite", before, extra={"invited": [r.enterprise_id for r in rows],
                                                 "outside_hours": [r.enterprise_id for r in rows if r.outside_hours]})
    _tell([r.enterprise_id for r in rows], "outreach.invited",
          _("Your enterprise is invited: %(title)s") % {"title": event.title}, event)
    return rows


def _check_attendance(event, attendance: dict) -> dict[int, int]:
    """A number of staff (0 or more) for every invited enterprise, by the enterprise's key."""
    invited = list(event.attendance.order_by("pk").values_list("enterprise_id", flat=True))
    if not invited:
        raise ActionError(_("No enterprise was invited to this event."), field="attendance")
    try:
        given = {int(getattr(k, "pk", k)): v for k, v in (attendance or {}).items()}
    except (TypeError, ValueError):
        raise ActionError(_("Attendance can only be given for the enterprises invited."), field="attendance")
    unknown = set(given) - set(invited)
    if unknown:
        raise ActionError(_("Attendance can only be given for the enterprises invited."), field="attendance")
    clean = {}
    for enterprise_id in invited:
        value = given.get(enterprise_id)
        if value is None or value == "":
            raise ActionError(_("Give the number of staff who came for every enterprise invited (0 if none)."),
                              field=f"att_{enterprise_id}")
        clean[enterprise_id] = parse_int(value, field=f"att_{enterprise_id}", min=0, max=MAX_ATTENDEES)
    return clean


def _write_attendance(event, numbers: dict[int, int]) -> dict:
    rows = list(event.attendance.all())
    changes = {}
    for row in rows:
        if row.attendees != numbers[row.enterprise_id]:
            changes[str(row.enterprise_id)] = [row.attendees, numbers[row.enterprise_id]]
            row.attendees = numbers[row.enterprise_id]
    OutreachAttendance.objects.bulk_update(rows, ["attendees"])
    _keep_total(event)
    return changes


@transaction.atomic
def do_hold_outreach(actor, event, *, attendance: dict, summary: str = "",
                     expected_version: int | None = None) -> OutreachEvent:
    """The event took place: how many staff of each invited enterprise came, and what was covered."""
    event = _lock(actor, event)
    check_version(event, expected_version, STALE_EVENT)
    OUTREACH_MACHINE.require(event, "hold")
    if event.starts_at > timezone.now():
        raise ActionError(_("This event has not started yet: record it once it has taken place."),
                          code="not_yet")
    numbers = _check_attendance(event, attendance)
    summary = check_text(summary, field="summary", label=_("Summary"))
    before = audit.snapshot(event, AUDITED)
    changes = _write_attendance(event, numbers)
    event.summary = summary
    OUTREACH_MACHINE.move(event, "hold")
    _save(event, actor, "hold", before, "status", "summary", "attendance_total", extra={"attendees": changes})
    return event


@transaction.atomic
def do_record_attendance(actor, event, *, attendance: dict, summary: str | None = None,
                         expected_version: int | None = None) -> OutreachEvent:
    """Correct a held event's attendance (from the sign-in sheets) and, if given, its summary."""
    event = _lock(actor, event)
    check_version(event, expected_version, STALE_EVENT)
    OUTREACH_MACHINE.require(event, "attendance")
    numbers = _check_attendance(event, attendance)
    fields = ["attendance_total"]
    before = audit.snapshot(event, AUDITED)
    if summary is not None:
        event.summary, fields = check_text(summary, field="summary", label=_("Summary")), [*fields, "summary"]
    changes = _write_attendance(event, numbers)
    _save(event, actor, "attendance", before, *fields, extra={"attendees": changes})
    return event


@transaction.atomic
def do_cancel_outreach(actor, event, *, reason: str, expected_version: int | None = None) -> OutreachEvent:
    """Call a planned event off; the invited enterprises' liaisons are told."""
    event = _lock(actor, event)
    check_version(event, expected_version, STALE_EVENT)
    OUTREACH_MACHINE.require(event, "cancel")
    reason = check_text(reason, field="reason", limit=SHORT_TEXT, required=True, label=_("Reason"),
                        empty_message=_("Say why the event is cancelled."))
    before = audit.snapshot(event, AUDITED)
    OUTREACH_MACHINE.move(event, "cancel")
    _save(event, actor, "cancel", before, "status", extra={"reason": reason})
    _tell(event.attendance.values_list("enterprise_id", flat=True), "outreach.cancelled",
          _("Cancelled: %(title)s") % {"title": event.title}, event)
    return event


@transaction.atomic
def do_attach_outreach_material(actor, event, *, upload) -> OutreachMaterial:
    """Slides, a leaflet or a poster (the invited enterprises' liaisons may download it): the type sniffed from the
    content, the size capped."""
    event = _lock(actor, event)
    if event.status == OutreachStatus.CANCELLED:
        raise ActionError(_("This event is cancelled: no files can be added."), field="file",
                          code="illegal_transition")
    if upload is None:
        raise ActionError(_("Choose a file."), field="file")
    content_type = check_upload(upload)
    material = OutreachMaterial.objects.create(event=event, file=upload, original_name=upload.name[:200],
                                               content_type=content_type, size=upload.size, uploaded_by=actor)
    audit.record(actor, "outreach.attach", event, {"file": material.pk, "name": material.original_name,
                                                   "size": material.size})
    return material
