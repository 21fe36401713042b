"""Background-check reads for the pages: the officers' queue, a liaison's own checks, the statistics (counts only).

Every read starts from ``BackgroundCheck.objects.visible_to`` (see querysets.py for who sees what)."""

from collections import defaultdict
from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.text import format_lazy

from jingqi.accounts.choices import Role

from .choices import Advice, CheckStatus
from .models import BackgroundCheck


def answers_checks(user) -> bool:
    """Officers and auxiliaries answer the checks of their office's enterprises."""
    return user.role in (Role.OFFICER, Role.AUXILIARY) and bool(user.office_id)


def asks_checks(user) -> bool:
    return user.role == Role.LIAISON and bool(user.enterprise_id)


def counts_checks(user) -> bool:
    """Who reads the statistics: the supervisor (their station) and the officers (their office)."""
    return (user.role == Role.SUPERVISOR and bool(user.station_id)) or answers_checks(user)


def queue_for(user):
    """The checks waiting for an answer in the officer's office, oldest first. The station's filter is implied by
    the office's (an office serves its station's parks) and lets the station/status index give the order."""
    station_id = user.office.station_id
    return (BackgroundCheck.objects.visible_to(user, "change")
            .filter(station_id=station_id, status=CheckStatus.REQUESTED)
            .select_related("enterprise").order_by("requested_at", "id"))


def checks_of(user):
    """A liaison's own checks (the ones they asked), newest first, through the enterprise index."""
    return (BackgroundCheck.objects.visible_to(user, "view").filter(enterprise_id=user.enterprise_id)
            .order_by("-requested_at", "-id"))


# The statistics' rows: each status, with "advice given" split by advice.
COLUMNS = [("requested", CheckStatus.REQUESTED.label),
           *((f"advised:{v}", format_lazy("{} · {}", CheckStatus.ADVISED.label, label)) for v, label in Advice.choices),
           ("declined", CheckStatus.DECLINED.label), ("withdrawn", CheckStatus.WITHDRAWN.label)]


def statistics(user) -> dict:
    """Checks asked per month (Shanghai time) by status and advice, counted in the database from
    ``visible_to(user, "count")``: no row, no name, no reference reaches the page. One row per status (advice given
    split by advice) and one column per month, newest first, so that a phone shows each row as a short card."""
    grouped = (BackgroundCheck.objects.visible_to(user, "count")
               .annotate(month=TruncMonth("requested_at", tzinfo=timezone.get_current_timezone()))
               .values("month", "status", "advice").annotate(n=Count("id")).order_by())
    counts: dict[tuple[str, date], int] = defaultdict(int)
    for row in grouped:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        key = f"advised:{row['advice']}" if row["status"] == CheckStatus.ADVISED else row["status"]
        counts[key, month] += row["n"]
    months = sorted({month for _key, month in counts}, reverse=True)
    rows = [{"key": key, "label": label, "cells": [counts[key, month] for month in months],
             "total": sum(counts[key, month] for month in months)} for key, label in COLUMNS]
    totals = [sum(counts[key, month] for key, _label in COLUMNS) for month in months]
    return {"months": months, "rows": rows, "totals": totals, "total": sum(totals)}
