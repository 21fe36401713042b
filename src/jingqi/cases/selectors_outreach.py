"""Outreach reads for pages, the ledger and the enterprise page: everything starts from ``visible_to``."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from jingqi.accounts.choices import Role
from jingqi.core.figures import Figure
from jingqi.registry.choices import EnterpriseStatus
from jingqi.registry.models import Enterprise

from .choices import OUTREACH_MACHINE, OutreachStatus, OutreachTopic
from .models import OutreachAttendance, OutreachEvent, OutreachMaterial
from .services_outreach import is_police, parks_for


def can_see_outreach(user) -> bool:
    return is_police(user) or (user.role == Role.LIAISON and bool(user.enterprise_id))


@dataclass(frozen=True)
class Filters:
    topic: str = ""
    park: object = None
    status: str = ""
    start: date | None = None
    end: date | None = None  # included


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(0)))


def _period(rows, filters: Filters, prefix: str = ""):
    if filters.start:
        rows = rows.filter(**{f"{prefix}starts_at__gte": _local_midnight(filters.start)})
    if filters.end:
        rows = rows.filter(**{f"{prefix}starts_at__lt": _local_midnight(filters.end + timedelta(days=1))})
    return rows


def events_for(user, filters: Filters = Filters()):
    """The events ``user`` may see, newest first: the order every list index (station, park, topic) serves."""
    rows = OutreachEvent.objects.visible_to(user)
    if filters.topic:
        rows = rows.filter(topic=filters.topic)
    if filters.park is not None:
        rows = rows.filter(park=filters.park)
    if filters.status:
        rows = rows.filter(status=filters.status)
    return _period(rows, filters).select_related("park").order_by("-starts_at", "-id")


def invitable_anywhere(user):
    """The enterprises ``user`` may invite to an event in any of their parks (the form; the service checks the
    event's park)."""
    return (Enterprise.objects.visible_to(user).filter(park__in=parks_for(user), status=EnterpriseStatus.ACTIVE)
            .select_related("park").order_by("park__name", "name", "pk"))


def list_rows(user, page_rows) -> list:
    """The events of one page, each with how many enterprises were invited and how many of them would have been
    at work (one query for the page: the counts are per event, never per row read in Python)."""
    events = list(page_rows)
    if not events:
        return events
    counts = {row["event"]: row for row in OutreachAttendance.objects.visible_to(user)
              .filter(event__in=[e.pk for e in events]).values("event")
              .annotate(invited=Count("pk"), inside=Count("pk", filter=Q(outside_hours=False)))}
    for event in events:
        row = counts.get(event.pk, {})
        event.invited_count = row.get("invited", 0)
        event.inside_count = row.get("inside", 0)
    return events


def actions_for(user, event) -> list[str]:
    """What ``user`` may do to ``event`` now."""
    if not OutreachEvent.objects.visible_to(user, "change").filter(pk=event.pk).exists():
        return []
    actions = OUTREACH_MACHINE.actions_from(event.status)
    if event.starts_at > timezone.now():  # recorded once it has taken place (the service says so too)
        actions = [a for a in actions if a != "hold"]
    if event.status != OutreachStatus.CANCELLED:
        actions.append("attach")
    return actions


def event_page(user, event) -> dict:
    rows = (OutreachAttendance.objects.visible_to(user).filter(event=event).select_related("enterprise")
            .order_by("enterprise__name", "pk"))
    files = OutreachMaterial.objects.visible_to(user).filter(event=event).select_related("uploaded_by")
    return {"rows": list(rows), "files": list(files), "actions": actions_for(user, event)}


# --- figures ------------------------------------------------------------------------------------------------


def outreach_figures(user, filters: Filters = Filters()) -> dict:
    """The station's or office's outreach in a period, counted by the database: events per topic (planned, held,
    cancelled), enterprises reached (distinct, with staff attending a held event), total attendance of held events,
    and the share of held anti-fraud events that fell outside every invited enterprise's production hours (each
    figure with the number it is out of)."""
    events = _period(OutreachEvent.objects.visible_to(user), filters)
    if filters.park is not None:
        events = events.filter(park=filters.park)
    held = Q(status=OutreachStatus.HELD)
    by_topic = {row["topic"]: row for row in events.values("topic").annotate(
        total=Count("pk"), held=Count("pk", filter=held),
        planned=Count("pk", filter=Q(status=OutreachStatus.PLANNED)),
        cancelled=Count("pk", filter=Q(status=OutreachStatus.CANCELLED)),
        attendance=Sum("attendance_total", filter=held)).order_by()}
    topics = [{"topic": value, "label": label, "total": by_topic.get(value, {}).get("total", 0),
               "held": by_topic.get(value, {}).get("held", 0), "planned": by_topic.get(value, {}).get("planned", 0),
               "cancelled": by_topic.get(value, {}).get("cancelled", 0),
               "attendance": by_topic.get(value, {}).get("attendance") or 0}
              for value, label in OutreachTopic.choices]
    held_events = events.filter(held)
    reached = (OutreachAttendance.objects.filter(event__in=held_events.values("pk"), attendees__gt=0)
               .aggregate(enterprises=Count("enterprise", distinct=True), invitations=Count("pk")))
    inside = OutreachAttendance.objects.filter(event=OuterRef("pk"), outside_hours=False)
    fraud = (held_events.filter(topic=OutreachTopic.ANTI_FRAUD).annotate(inside=Exists(inside))
             .aggregate(total=Count("pk"), outside=Count("pk", filter=Q(inside=False))))
    totals = held_events.aggregate(events=Count("pk"), attendance=Sum("attendance_total"))
    return {
        "topics": topics,
        "events": sum(t["total"] for t in topics),
        "held": totals["events"],
        "attendance": totals["attendance"] or 0,
        "enterprises_reached": reached["enterprises"],
        "invitations_attended": reached["invitations"],
        "anti_fraud_outside": Figure(fraud["total"], fraud["outside"] / fraud["total"] if fraud["total"] else None),
        "anti_fraud_held": fraud["total"], "anti_fraud_outside_count": fraud["outside"],
    }


# --- the ledger (台账) ------------------------------------------------------------------------------------------


def ledger_rows(user, filters: Filters = Filters()):
    """One row per event, oldest first, with its invitations counted by the database."""
    return (events_for(user, filters).order_by("starts_at", "id")
            .annotate(invited=Count("attendance", distinct=True),
                      attended=Count("attendance", filter=Q(attendance__attendees__gt=0), distinct=True),
                      inside=Count("attendance", filter=Q(attendance__outside_hours=False), distinct=True))
            .select_related("park", "organiser"))


# --- the enterprise page -------------------------------------------------------------------------------------------


def attended_by(user, enterprise, limit: int = 20) -> list:
    """The held events ``enterprise``'s staff attended, newest first, as far as ``user`` may see the events and
    that enterprise's attendance."""
    return list(OutreachAttendance.objects.visible_to(user)
                .filter(enterprise=enterprise, attendees__gt=0, event__status=OutreachStatus.HELD)
                .select_related("event").order_by("-event__starts_at", "-event_id")[:limit])


__all__ = ["Filters", "actions_for", "attended_by", "can_see_outreach", "event_page", "events_for",
           "invitable_anywhere", "is_police", "ledger_rows", "list_rows", "outreach_figures", "parks_for"]
