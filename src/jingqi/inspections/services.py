"""The only writers of inspection records: configuration, the quarter's plan, joint visits, checklists answered,
hazards tracked to closure and the overdue sweep. Each ``do_*`` is atomic, checks who may act, is audited, and
tells people (their inbox in the transaction, email and webhooks once it commits).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _

from jingqi.accounts.choices import POLICE_ROLES, Role
from jingqi.accounts.models import User
from jingqi.core import audit, escalation
from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.notify import notify_on_commit
from jingqi.core.numbering import create_numbered
from jingqi.core.parsing import parse_coordinate, parse_day, parse_int
from jingqi.core.pii import normalize_phone
from jingqi.core.scoping import access
from jingqi.core.scoping import acts_as_police as is_police
from jingqi.core.text import LONG_TEXT, SHORT_TEXT, check_text
from jingqi.core.versioning import bump, check_version
from jingqi.core.workcalendar import DEFAULT_HOURS, WorkCalendar, parse_business_hours
from jingqi.registry.choices import EnterpriseStatus
from jingqi.registry.models import Department, Enterprise, Park, Station
from jingqi.registry.querysets import station_id_for

from . import events
from .choices import (
    EVERY_MONTHS,
    Answer,
    HazardSource,
    HazardStatus,
    InspectionKind,
    InspectionStatus,
    PhotoKind,
    RequirementStatus,
    RiskLevel,
    Severity,
    Verification,
    VisitStatus,
)
from .models import (
    CadenceRule,
    ChecklistItem,
    ChecklistVersion,
    Hazard,
    HazardPhoto,
    Inspection,
    InspectionAnswer,
    InspectionType,
    InspectionVisit,
    KeyDate,
    Requirement,
    SafetyProfile,
)

MAX_CHECKLIST_ITEMS = 200
MAX_INDUSTRY_PREFIXES = 20
#: A rule's industry condition: a GB/T 4754 code or its beginning (section letter, then up to four digits).
INDUSTRY_PREFIX = re.compile(r"[A-T]\d{0,4}")


# --- who is who ----------------------------------------------------------------------------------------


def _require_police(actor) -> None:
    if not is_police(actor):
        raise PermissionDenied()


def _require_supervisor(actor) -> None:
    if not (actor.role == Role.SUPERVISOR or actor.is_superuser):
        raise PermissionDenied()


def supervisors_of(station) -> list[User]:
    return list(User.objects.filter(role=Role.SUPERVISOR, station_id=getattr(station, "pk", station),
                                    is_active=True))


def officers_of(park) -> list[User]:
    return list(User.objects.filter(role__in=[Role.OFFICER, Role.AUXILIARY], office_id=park.office_id,
                                    is_active=True))


def liaisons_of(enterprise) -> list[User]:
    if enterprise is None:
        return []
    return list(User.objects.filter(role=Role.LIAISON, enterprise=enterprise, is_active=True))


def handlers_of(departments) -> list[User]:
    pks = [d.pk for d in departments if d is not None]
    return list(User.objects.filter(role=Role.DEPARTMENT, department_id__in=pks, is_active=True)) if pks else []


def _url(name: str, pk: int):
    # Lazy: the notice is written after commit, and the pages may be served by another module's routes.
    return reverse_lazy(f"inspections:{name}", args=[pk])


def _station_of(actor) -> Station:
    """The station a supervisor configures (the configuration is theirs alone)."""
    _require_supervisor(actor)
    if actor.station_id is None:
        raise PermissionDenied()
    return actor.station


def _flag(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "on", "yes")
    return bool(value)


def _check_photo(upload, field: str) -> None:
    from jingqi.core.uploads import check_upload

    try:
        mime = check_upload(upload)
    except ActionError as error:
        raise ActionError(error.message, field=field) from None
    if not mime.startswith("image/"):
        raise ActionError(_("Send a photo (JPEG, PNG, GIF or WebP)."), field=field)


def _future_day(value, *, field: str, today: date | None = None) -> date:
    day = parse_day(value, field=field)
    if day < (today or timezone.localdate()):
        raise ActionError(_("The date is in the past."), field=field)
    return day


def end_of_business(day: date) -> datetime:
    """The moment a deadline day ends: the close of the working calendar's business hours."""
    hours = parse_business_hours(DEFAULT_HOURS)
    return timezone.make_aware(datetime.combine(day, hours[-1][1]))


def default_deadline(now: datetime | None = None) -> date:
    """The deadline a hazard gets when none is named: a number of working days on the working calendar."""
    hours = parse_business_hours(DEFAULT_HOURS)
    deadline = WorkCalendar().add_working_days(now or timezone.now(), settings.HAZARD_DEFAULT_WORKING_DAYS, hours)
    return timezone.localtime(deadline.at).date()


# --- configuration: safety profiles, types, checklists, rules, key dates -------------------------------------


@transaction.atomic
def do_save_profile(actor, enterprise, *, risk_level, hazardous_chemicals=False, monthly_budget=None, note="",
                    assessed_on=None, expected_version=None) -> SafetyProfile:
    """The police record an enterprise's risk level, chemicals and visit budget (what the rules read)."""
    _require_police(actor)
    enterprise = access(Enterprise.objects.all(), actor, getattr(enterprise, "pk", enterprise), "change")
    level = parse_int(risk_level, field="risk_level", min=RiskLevel.LOW, max=RiskLevel.MAJOR)
    budget = None if monthly_budget in (None, "") else parse_int(monthly_budget, field="monthly_budget", min=1, max=31)
    note = check_text(note, field="note", limit=SHORT_TEXT, label=_("Note"))
    assessed = None if assessed_on in (None, "") else parse_day(assessed_on, field="assessed_on")
    profile, created = SafetyProfile.objects.select_for_update().get_or_create(enterprise=enterprise,
                                                                               defaults={"version": 0})
    if not created:
        check_version(profile, expected_version)  # a new profile is version 1 once saved below
    before = audit.snapshot(profile, ["risk_level", "hazardous_chemicals", "monthly_budget", "note", "assessed_on"])
    profile.risk_level, profile.hazardous_chemicals = level, _flag(hazardous_chemicals)
    profile.monthly_budget, profile.note, profile.assessed_on = budget, note, assessed
    bump(profile, "risk_level", "hazardous_chemicals", "monthly_budget", "note", "assessed_on")
    audit.record(actor, "inspection.profile.save", enterprise, audit.diff(before, audit.snapshot(
        profile, ["risk_level", "hazardous_chemicals", "monthly_budget", "note", "assessed_on"])))
    return profile


def _department_of(station, value, field="department") -> Department | None:
    if value in (None, ""):
        return None
    department = Department.objects.filter(pk=getattr(value, "pk", value), station=station).first()
    if department is None:
        raise ActionError(_("Choose a department of the station."), field=field)
    return department


@transaction.atomic
def do_save_inspection_type(actor, *, data: dict, inspection_type=None, expected_version=None) -> InspectionType:
    station = _station_of(actor)
    code = check_text(data.get("code"), field="code", limit=32, required=True, label=_("Code"),
                      empty_message=_("Give the type a short code."))
    clean = {
        "code": code,
        "name": check_text(data.get("name"), field="name", limit=100, required=True, label=_("Name"),
                           empty_message=_("Give the type a name.")),
        "kind": data.get("kind"),
        "department": _department_of(station, data.get("department")),
        "active": _flag(data.get("active", True)),
    }
    if clean["kind"] not in InspectionKind.values:
        raise ActionError(_("Choose what kind of inspection this is."), field="kind")
    others = InspectionType.objects.filter(station=station, code=code)
    if inspection_type is not None:
        inspection_type = access(InspectionType.objects.select_for_update(), actor, inspection_type.pk, "configure")
        check_version(inspection_type, expected_version)
        others = others.exclude(pk=inspection_type.pk)
    if others.exists():
        raise ActionError(_("Another type of the station has this code."), field="code")
    if inspection_type is None:
        inspection_type = InspectionType.objects.create(station=station, **clean)
        audit.record(actor, "inspection.type.create", inspection_type, {k: str(v) for k, v in clean.items()})
        return inspection_type
    before = audit.snapshot(inspection_type, list(clean))
    for key, value in clean.items():
        setattr(inspection_type, key, value)
    bump(inspection_type, *clean)
    audit.record(actor, "inspection.type.update", inspection_type, audit.diff(before, audit.snapshot(
        inspection_type, list(clean))))
    return inspection_type


@transaction.atomic
def do_publish_checklist(actor, inspection_type, *, items: list[dict], note: str = "") -> ChecklistVersion:
    """Publishes the type's next checklist version. Versions never change once published: inspections under way
    keep answering the version they started on."""
    inspection_type = access(InspectionType.objects.select_for_update(), actor, inspection_type.pk, "configure")
    if not isinstance(items, list) or not items:
        raise ActionError(_("A checklist needs at least one item."), field="items")
    if len(items) > MAX_CHECKLIST_ITEMS:
        raise ActionError(_("A checklist has at most %(n)d items.") % {"n": MAX_CHECKLIST_ITEMS}, field="items")
    clean = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ActionError(_("Item %(n)d is not understood.") % {"n": number}, field="items")
        clean.append(ChecklistItem(
            number=number,
            section=check_text(item.get("section"), field="items", limit=100, label=_("Section")),
            text=check_text(item.get("text"), field="items", limit=SHORT_TEXT, required=True,
                            label=_("Item %(n)d") % {"n": number},
                            empty_message=_("Item %(n)d says nothing.") % {"n": number}),
            guidance=check_text(item.get("guidance"), field="items", limit=LONG_TEXT, label=_("How to check")),
            major_if_failed=_flag(item.get("major_if_failed", False))))
    note = check_text(note, field="note", limit=SHORT_TEXT, label=_("What changed"))
    last = inspection_type.checklists.order_by("-number").values_list("number", flat=True).first() or 0
    version = ChecklistVersion.objects.create(inspection_type=inspection_type, number=last + 1,
                                              published_at=timezone.now(), published_by=actor, note=note)
    for item in clean:
        item.version = version
    ChecklistItem.objects.bulk_create(clean)
    audit.record(actor, "inspection.checklist.publish", version, {"type": inspection_type.pk, "items": len(clean)})
    return version


def current_checklist(inspection_type) -> ChecklistVersion | None:
    return (ChecklistVersion.objects.filter(inspection_type=inspection_type, published_at__isnull=False)
            .order_by("-number").first())


def _rule_fields(station, data: dict) -> dict:
    inspection_type = InspectionType.objects.filter(pk=_pk(data.get("inspection_type")), station=station).first()
    if inspection_type is None:
        raise ActionError(_("Choose an inspection type of the station."), field="inspection_type")
    every = parse_int(data.get("every", 3), field="every")
    if every not in EVERY_MONTHS:
        raise ActionError(_("Choose how often."), field="every")
    prefixes = data.get("industry_prefixes") or []
    if isinstance(prefixes, str):
        prefixes = [p for p in prefixes.replace("，", ",").replace(" ", ",").split(",") if p]
    if not isinstance(prefixes, list) or len(prefixes) > MAX_INDUSTRY_PREFIXES or not all(
            isinstance(p, str) and INDUSTRY_PREFIX.fullmatch(p.strip().upper()) for p in prefixes):
        raise ActionError(_("Industry codes are GB/T 4754 codes or their beginnings (a section letter, then up to 4 "
                            "digits: C, C26, C2661), separated by commas."), field="industry_prefixes")
    prefixes = [p.strip().upper() for p in prefixes]
    min_risk = data.get("min_risk")
    return {
        "name": check_text(data.get("name"), field="name", limit=100, required=True, label=_("Name"),
                           empty_message=_("Give the rule a name.")),
        "inspection_type": inspection_type,
        "every": every,
        "key_only": _flag(data.get("key_only", False)),
        "industry_prefixes": sorted(set(prefixes)),
        "min_risk": None if min_risk in (None, "") else parse_int(min_risk, field="min_risk", min=RiskLevel.LOW,
                                                                   max=RiskLevel.MAJOR),
        "min_headcount": None if data.get("min_headcount") in (None, "") else parse_int(
            data.get("min_headcount"), field="min_headcount", min=0, max=10_000_000),
        "chemicals_only": _flag(data.get("chemicals_only", False)),
        "at_key_dates": _flag(data.get("at_key_dates", False)),
        "active": _flag(data.get("active", True)),
    }


def _pk(value):
    value = getattr(value, "pk", value)
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@transaction.atomic
def do_save_rule(actor, *, data: dict, rule=None, expected_version=None) -> CadenceRule:
    station = _station_of(actor)
    clean = _rule_fields(station, data)
    if rule is None:
        rule = CadenceRule.objects.create(station=station, **clean)
        audit.record(actor, "inspection.rule.create", rule, {k: str(v) for k, v in clean.items()})
        return rule
    rule = access(CadenceRule.objects.select_for_update(), actor, rule.pk, "configure")
    check_version(rule, expected_version)
    before = audit.snapshot(rule, list(clean))
    for key, value in clean.items():
        setattr(rule, key, value)
    bump(rule, *clean)
    audit.record(actor, "inspection.rule.update", rule, audit.diff(before, audit.snapshot(rule, list(clean))))
    return rule


@transaction.atomic
def do_save_key_date(actor, *, data: dict, key_date=None, expected_version=None) -> KeyDate:
    station = _station_of(actor)
    clean = {
        "name": check_text(data.get("name"), field="name", limit=100, required=True, label=_("Name"),
                           empty_message=_("Name the holiday or event.")),
        "on": parse_day(data.get("on"), field="on"),
        "lead_days": parse_int(data.get("lead_days", 14), field="lead_days", min=1, max=90),
    }
    if key_date is None:
        key_date = KeyDate.objects.create(station=station, **clean)
        audit.record(actor, "inspection.key_date.create", key_date, {k: str(v) for k, v in clean.items()})
        return key_date
    key_date = access(KeyDate.objects.select_for_update(), actor, key_date.pk, "configure")
    check_version(key_date, expected_version)
    if key_date.requirements.exists() and clean["on"] != key_date.on:
        raise ActionError(_("Inspections are already planned for this date: add a new key date instead."),
                          field="on")
    before = audit.snapshot(key_date, list(clean))
    for key, value in clean.items():
        setattr(key_date, key, value)
    bump(key_date, *clean)
    audit.record(actor, "inspection.key_date.update", key_date, audit.diff(before, audit.snapshot(key_date,
                                                                                               list(clean))))
    return key_date


# --- the quarter's plan -----------------------------------------------------------------------------------


def quarter_of(day: date) -> tuple[date, date]:
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return first, _month_after(first, 3) - timedelta(days=1)


def _month_after(first: date, months: int) -> date:
    month = first.month - 1 + months
    return date(first.year + month // 12, month % 12 + 1, 1)


def periods(every: int, start: date, end: date) -> list[tuple[date, date]]:
    """The rule's periods (aligned to the calendar year) that overlap ``start``..``end``, as (first, last) days."""
    out = []
    for year in range(start.year, end.year + 1):
        for k in range(12 // every):
            first = date(year, k * every + 1, 1)
            last = _month_after(first, every) - timedelta(days=1)
            if first <= end and last >= start:
                out.append((first, last))
    return out


def matching_enterprises(rule: CadenceRule):
    """The operating enterprises of the rule's station that meet every condition it sets."""
    rows = Enterprise.objects.filter(park__station_id=rule.station_id, status=EnterpriseStatus.ACTIVE)
    if rule.key_only:
        rows = rows.filter(key_enterprise=True)
    if rule.industry_prefixes:
        industry = Q()
        for prefix in rule.industry_prefixes:
            industry |= Q(industry_code__startswith=prefix)
        rows = rows.filter(industry)
    if rule.min_risk:
        rows = rows.filter(safety_profile__risk_level__gte=rule.min_risk)
    if rule.min_headcount:
        rows = rows.filter(headcount__gte=rule.min_headcount)
    if rule.chemicals_only:
        rows = rows.filter(safety_profile__hazardous_chemicals=True)
    return rows


def plan_rows(station_pk: int, start: date, end: date) -> list[Requirement]:
    """What the active rules ask of the station's enterprises in ``start``..``end`` (not saved)."""
    rows = []
    # A key date belongs to the plan whose days its inspection window (the days before it) falls in.
    key_dates = [k for k in KeyDate.objects.filter(station_id=station_pk, on__gt=start, on__lte=end + timedelta(90))
                 if k.on - timedelta(days=k.lead_days) <= end]
    for rule in CadenceRule.objects.filter(station_id=station_pk, active=True, inspection_type__active=True):
        enterprises = list(matching_enterprises(rule).values_list("pk", "park_id"))
        windows = [(first, last, None) for first, last in periods(rule.every, start, end)]
        if rule.at_key_dates:
            windows += [(k.on - timedelta(days=k.lead_days), k.on - timedelta(days=1), k) for k in key_dates]
        for enterprise_pk, park_pk in enterprises:
            for first, last, key_date in windows:
                rows.append(Requirement(station_id=station_pk, park_id=park_pk, enterprise_id=enterprise_pk,
                                        inspection_type_id=rule.inspection_type_id, rule=rule, key_date=key_date,
                                        period_start=first, due_on=last))
    return rows


@transaction.atomic
def do_generate_plan(actor, *, station=None, quarter_start=None) -> int:
    """Writes the quarter's requirements from the rules (the police ask for it; the quarterly task runs it with no
    actor). Running it again adds only what is missing: a rule added mid-quarter, a newly key enterprise."""
    if actor is not None:
        _require_police(actor)
        station_pk = station_id_for(actor) or (getattr(station, "pk", station) if actor.is_superuser else None)
        if station_pk is None:
            raise PermissionDenied()
    else:
        station_pk = getattr(station, "pk", station)
    start, end = quarter_of(quarter_start or timezone.localdate())
    rows = plan_rows(station_pk, start, end)
    before = Requirement.objects.filter(station_id=station_pk).count()
    Requirement.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    added = Requirement.objects.filter(station_id=station_pk).count() - before
    audit.record(actor, "inspection.plan.generate", Station.objects.get(pk=station_pk),
                 {"quarter": start.isoformat(), "rows": len(rows), "added": added})
    return added


@transaction.atomic
def do_waive_requirement(actor, requirement, *, reason: str) -> Requirement:
    """The supervisor takes an inspection off the plan (the enterprise closed for the period, ...), with a reason."""
    _require_supervisor(actor)
    requirement = access(Requirement.objects.select_for_update(), actor, requirement.pk, "change")
    if requirement.status != RequirementStatus.DUE:
        raise ActionError(_("Only an inspection that is not planned yet can be waived."))
    requirement.waive_reason = check_text(reason, field="reason", limit=SHORT_TEXT, required=True,
                                          label=_("Reason"), empty_message=_("Give the reason."))
    requirement.status = RequirementStatus.WAIVED
    requirement.save(update_fields=["status", "waive_reason", "updated_at"])
    audit.record(actor, "inspection.requirement.waive", requirement, {"reason": requirement.waive_reason})
    return requirement


# --- the visit budget (不叫不扰) ---------------------------------------------------------------------------


def month_bounds(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    return first, _month_after(first, 1) - timedelta(days=1)


def _month_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day.replace(day=1), datetime.min.time()))


def visits_by_month(enterprise_ids, first: date, last: date, *,
                    exclude_visit=None) -> dict[tuple[int, int, int], int]:
    """How often each enterprise is visited in each month from ``first``'s to ``last``'s, keyed by (enterprise,
    year, month): inspection visits (not cancelled), liaison visits (走访) and patrol findings concerning it. Three
    queries, whatever the number of enterprises and months."""
    from django.db.models.functions import TruncMonth

    from jingqi.patrols.models import Finding
    from jingqi.registry.models import Visit

    start, stop = month_bounds(first)[0], month_bounds(last)[1]
    since, until = _month_start(start), _month_start(stop + timedelta(days=1))
    tz = timezone.get_current_timezone()
    visits = InspectionVisit.objects.filter(enterprise_id__in=enterprise_ids, planned_on__range=(start, stop)).exclude(
        status=VisitStatus.CANCELLED)
    if exclude_visit is not None:
        visits = visits.exclude(pk=exclude_visit.pk)
    counts: dict[tuple[int, int, int], int] = {}
    for rows in (visits.annotate(month=TruncMonth("planned_on")),
                 Visit.objects.filter(enterprise_id__in=enterprise_ids, visited_at__gte=since, visited_at__lt=until)
                 .annotate(month=TruncMonth("visited_at", tzinfo=tz)),
                 Finding.objects.filter(enterprise_id__in=enterprise_ids, reported_at__gte=since,
                                        reported_at__lt=until).annotate(month=TruncMonth("reported_at", tzinfo=tz))):
        for enterprise_id, month, n in rows.order_by().values_list("enterprise_id", "month").annotate(n=Count("pk")):
            key = (enterprise_id, month.year, month.month)
            counts[key] = counts.get(key, 0) + n
    return counts


def visits_in_month(enterprise, day: date, *, exclude_visit=None) -> int:
    """How often the enterprise is visited in ``day``'s month (see :func:`visits_by_month`)."""
    pk = getattr(enterprise, "pk", enterprise)
    return visits_by_month([pk], day, day, exclude_visit=exclude_visit).get((pk, day.year, day.month), 0)


def budgets_of(enterprise_ids) -> dict[int, int]:
    """Each enterprise's visits a month: its safety profile's, else the station's default. One query."""
    own = dict(SafetyProfile.objects.filter(enterprise_id__in=enterprise_ids, monthly_budget__isnull=False)
               .values_list("enterprise_id", "monthly_budget"))
    return {pk: own.get(pk) or settings.INSPECTION_MONTHLY_BUDGET for pk in enterprise_ids}


def budget_of(enterprise) -> int:
    pk = getattr(enterprise, "pk", enterprise)
    return budgets_of([pk])[pk]


def _check_budget(enterprise, day: date, reason: str, *, exclude_visit=None) -> tuple[bool, str]:
    """(over the budget?, the reason kept). Beyond the budget a reason is required."""
    used, budget = visits_in_month(enterprise, day, exclude_visit=exclude_visit), budget_of(enterprise)
    reason = check_text(reason, field="over_budget_reason", limit=SHORT_TEXT, label=_("Why beyond the budget"))
    if used + 1 <= budget:
        return False, ""
    if not reason:
        raise ActionError(_("%(enterprise)s is already visited %(used)d times in %(month)s (its budget is "
                            "%(budget)d a month). Merge this visit with another, choose another month, or give "
                            "the reason for one more.") % {
            "enterprise": enterprise.name, "used": used, "budget": budget, "month": f"{day:%Y-%m}"},
            field="over_budget_reason", code="over_budget")
    return True, reason


# --- joint visits (综合查一次) ------------------------------------------------------------------------------


def _requirements_for(actor, enterprise, requirement_pks, *, day: date, visit=None) -> list[Requirement]:
    pks = {_pk(pk) for pk in requirement_pks or []}
    if not pks or None in pks:
        raise ActionError(_("Choose the inspections this visit does."), field="requirements")
    rows = list(Requirement.objects.visible_to(actor, "change").select_for_update(of=("self",))
                .filter(pk__in=pks).select_related("inspection_type"))
    if len(rows) != len(pks):
        raise ActionError(_("Some of the inspections chosen are not yours to plan."), field="requirements")
    for row in rows:
        if row.enterprise_id != enterprise.pk:
            raise ActionError(_("Every inspection of a visit is for the visit's enterprise."), field="requirements")
        if row.status != RequirementStatus.DUE and not (visit is not None and row.visit_id == visit.pk):
            raise ActionError(_("%(type)s due %(due)s is already planned or done.") % {
                "type": row.inspection_type.name, "due": f"{row.due_on:%Y-%m-%d}"}, field="requirements")
    early = [row for row in rows if row.period_start > day]
    if early:
        raise ActionError(_("%(type)s is due from %(start)s: the visit is before its period.") % {
            "type": early[0].inspection_type.name, "start": f"{early[0].period_start:%Y-%m-%d}"}, field="planned_on")
    if len({row.inspection_type_id for row in rows}) != len(rows):
        raise ActionError(_("A visit does each inspection type once: choose one of the duplicates."),
                          field="requirements")
    return rows


def _people_of(actor, park, lead, officers) -> tuple[User, list[User]]:
    police = User.objects.filter(role__in=POLICE_ROLES, is_active=True).filter(
        Q(station_id=park.station_id) | Q(office__station_id=park.station_id))
    lead = actor if lead in (None, "") else police.filter(pk=_pk(lead)).first()
    if lead is None:
        raise ActionError(_("Choose a police officer of the station to lead the visit."), field="lead")
    chosen = {_pk(o) for o in officers or []}
    team = list(police.filter(pk__in=chosen)) if chosen else []
    if len(team) != len(chosen):
        raise ActionError(_("Choose officers of the station."), field="officers")
    return lead, team


@transaction.atomic
def do_plan_visit(actor, enterprise, *, planned_on, requirements, lead=None, officers=(), departments=(),
                  notice: str = "", note: str = "", over_budget_reason: str = "") -> InspectionVisit:
    """One visit doing every inspection chosen (each department's that falls in the window), on one date, by one
    team. A visit beyond the enterprise's monthly budget needs a reason; the supervisor is told of it."""
    _require_police(actor)
    enterprise = access(Enterprise.objects.select_related("park__station").select_for_update(of=("self",)),
                        actor, getattr(enterprise, "pk", enterprise), "change")
    day = _future_day(planned_on, field="planned_on")
    rows = _requirements_for(actor, enterprise, requirements, day=day)
    lead, team = _people_of(actor, enterprise.park, lead, officers)
    owed = {row.inspection_type.department for row in rows if row.inspection_type.department_id}
    extra = {_department_of(enterprise.park.station, d, "departments") for d in departments or []}
    over, reason = _check_budget(enterprise, day, over_budget_reason)
    visit = InspectionVisit.objects.create(
        station=enterprise.park.station, park=enterprise.park, enterprise=enterprise, planned_on=day, lead=lead,
        notice=check_text(notice, field="notice", limit=LONG_TEXT, label=_("Notice to the enterprise")),
        note=check_text(note, field="note", limit=LONG_TEXT, label=_("Internal note")),
        over_budget=over, over_budget_reason=reason, created_by=actor)
    visit.officers.set(team)
    visit.departments.set(owed | extra)
    Requirement.objects.filter(pk__in=[row.pk for row in rows]).update(
        visit=visit, status=RequirementStatus.PLANNED, updated_at=timezone.now())
    audit.record(actor, "inspection.visit.plan", visit, {
        "planned_on": day.isoformat(), "requirements": sorted(row.pk for row in rows), "lead": lead.pk,
        "officers": sorted(u.pk for u in team), "departments": sorted(d.pk for d in owed | extra),
        "over_budget": over, "reason": reason})
    _tell_visit_planned(actor, visit, owed | extra)
    return visit


def _tell_visit_planned(actor, visit, departments) -> None:
    title = _("Inspection visit on %(day)s: %(enterprise)s") % {"day": f"{visit.planned_on:%Y-%m-%d}",
                                                               "enterprise": visit.enterprise.name}
    url = _url("visit_detail", visit.pk)
    notify_on_commit(liaisons_of(visit.enterprise), "inspection.visit.planned", title, body=visit.notice, url=url)
    notify_on_commit(handlers_of(departments), "inspection.visit.planned", title, url=url)
    notify_on_commit([u for u in [visit.lead, *visit.officers.all()] if u.pk != actor.pk], "inspection.visit.planned",
                     title, url=url)
    if visit.over_budget:
        notify_on_commit(supervisors_of(visit.station_id), "inspection.visit.over_budget",
                         _("Visit beyond the budget: %(enterprise)s on %(day)s") % {
                             "enterprise": visit.enterprise.name, "day": f"{visit.planned_on:%Y-%m-%d}"},
                         body=visit.over_budget_reason, url=url)


def _lock_visit(actor, visit, action="change") -> InspectionVisit:
    _require_police(actor)
    visit = access(InspectionVisit.objects.select_for_update(of=("self",)), actor, getattr(visit, "pk", visit),
                   "change")
    visit = InspectionVisit.objects.select_related("enterprise", "park__station", "station").get(pk=visit.pk)
    visit.machine.require(visit, action)
    return visit


@transaction.atomic
def do_change_visit(actor, visit, *, planned_on=None, requirements=None, lead=None, officers=None,
                    departments=None, notice=None, note=None, over_budget_reason: str = "",
                    expected_version=None) -> InspectionVisit:
    """Moves or re-plans a visit that has not happened yet. Inspections taken off it are due again; a new month is
    checked against the budget again; the enterprise and the departments are told of a new date."""
    visit = _lock_visit(actor, visit)
    check_version(visit, expected_version)
    before = audit.snapshot(visit, ["planned_on", "lead", "notice", "note", "over_budget", "over_budget_reason"])
    old_day = visit.planned_on
    if planned_on not in (None, ""):
        visit.planned_on = _future_day(planned_on, field="planned_on")
    if requirements is None and planned_on not in (None, ""):
        requirements = list(visit.requirements.values_list("pk", flat=True))  # checked against the new date
    if requirements is not None:
        rows = _requirements_for(actor, visit.enterprise, requirements, day=visit.planned_on, visit=visit)
        if visit.inspections.exclude(inspection_type__in=[row.inspection_type_id for row in rows]).exists():
            raise ActionError(_("An inspection of this visit has begun: its type stays on the visit."),
                              field="requirements")
        keep = {row.pk for row in rows}
        visit.requirements.exclude(pk__in=keep).update(visit=None, status=RequirementStatus.DUE,
                                                       updated_at=timezone.now())
        Requirement.objects.filter(pk__in=keep).update(visit=visit, status=RequirementStatus.PLANNED,
                                                       updated_at=timezone.now())
    if lead is not None or officers is not None:
        new_lead, team = _people_of(actor, visit.park, lead if lead not in (None, "") else visit.lead,
                                    officers if officers is not None else visit.officers.all())
        visit.lead = new_lead
        visit.officers.set(team)
    owed = {r.inspection_type.department for r in visit.requirements.select_related("inspection_type__department")
            if r.inspection_type.department_id}
    if departments is not None or requirements is not None:
        extra = {_department_of(visit.station, d, "departments") for d in departments or []}
        visit.departments.set(owed | extra)
    if notice is not None:
        visit.notice = check_text(notice, field="notice", limit=LONG_TEXT, label=_("Notice to the enterprise"))
    if note is not None:
        visit.note = check_text(note, field="note", limit=LONG_TEXT, label=_("Internal note"))
    if month_bounds(visit.planned_on) != month_bounds(old_day) or over_budget_reason:
        visit.over_budget, visit.over_budget_reason = _check_budget(visit.enterprise, visit.planned_on,
                                                                    over_budget_reason or visit.over_budget_reason,
                                                                    exclude_visit=visit)
    bump(visit, "planned_on", "lead", "notice", "note", "over_budget", "over_budget_reason")
    audit.record(actor, "inspection.visit.change", visit, audit.diff(before, audit.snapshot(
        visit, ["planned_on", "lead", "notice", "note", "over_budget", "over_budget_reason"])))
    if visit.planned_on != old_day:
        _tell_visit_planned(actor, visit, set(visit.departments.all()))
    return visit


@transaction.atomic
def do_cancel_visit(actor, visit, *, reason: str) -> InspectionVisit:
    visit = _lock_visit(actor, visit, "cancel")
    if visit.inspections.exists():
        raise ActionError(_("An inspection of this visit has begun: finish the visit instead."))
    visit.cancel_reason = check_text(reason, field="reason", limit=SHORT_TEXT, required=True, label=_("Reason"),
                                     empty_message=_("Give the reason."))
    visit.machine.move(visit, "cancel")
    freed = list(visit.requirements.values_list("pk", flat=True))
    visit.requirements.update(visit=None, status=RequirementStatus.DUE, updated_at=timezone.now())
    bump(visit, "status", "cancel_reason")
    audit.record(actor, "inspection.visit.cancel", visit, {"reason": visit.cancel_reason, "freed": freed})
    title = _("Inspection visit cancelled: %(enterprise)s on %(day)s") % {
        "enterprise": visit.enterprise.name, "day": f"{visit.planned_on:%Y-%m-%d}"}
    notify_on_commit(liaisons_of(visit.enterprise) + handlers_of(visit.departments.all()),
                     "inspection.visit.cancelled", title, url=_url("visit_detail", visit.pk))
    return visit


@transaction.atomic
def do_finish_visit(actor, visit) -> InspectionVisit:
    """Closes a visit once every inspection begun on it is submitted. Inspections planned but not done go back on
    the plan (due again)."""
    visit = _lock_visit(actor, visit, "finish")
    return _finish(actor, visit)


def _finish(actor, visit) -> InspectionVisit:
    if visit.inspections.filter(status=InspectionStatus.DRAFT).exists():
        raise ActionError(_("An inspection of this visit is still being filled in: submit it first."))
    if not visit.inspections.exists():
        raise ActionError(_("No inspection was done on this visit: cancel it instead."))
    visit.machine.move(visit, "finish")
    visit.finished_at = timezone.now()
    undone = list(visit.requirements.exclude(status=RequirementStatus.DONE).values_list("pk", flat=True))
    Requirement.objects.filter(pk__in=undone).update(visit=None, status=RequirementStatus.DUE,
                                                     updated_at=timezone.now())
    bump(visit, "status", "finished_at")
    audit.record(actor, "inspection.visit.finish", visit, {"not_done": undone})
    return visit


# --- inspections and their checklists ---------------------------------------------------------------------


def _may_fill(actor, inspection_type) -> bool:
    if is_police(actor):
        return True
    return actor.role == Role.DEPARTMENT and inspection_type.department_id == actor.department_id


@transaction.atomic
def do_start_inspection(actor, visit, inspection_type) -> Inspection:
    """Begins one type's checklist on a visit (the police, or the department that owes the type) on the type's
    current checklist version."""
    visit = access(InspectionVisit.objects.select_for_update(of=("self",)), actor, getattr(visit, "pk", visit))
    visit = InspectionVisit.objects.select_related("enterprise", "park", "station").get(pk=visit.pk)
    inspection_type = InspectionType.objects.filter(pk=_pk(inspection_type), station_id=visit.station_id,
                                                    active=True).first()
    if inspection_type is None:
        raise ActionError(_("Choose an inspection type of the station."), field="inspection_type")
    if not _may_fill(actor, inspection_type) or (not is_police(actor) and not visit.requirements.filter(
            inspection_type=inspection_type).exists()):
        # A department does the inspections planned on the visit; the police may add one of their own on the spot.
        raise PermissionDenied()
    visit.machine.require(visit, "inspect")
    if visit.inspections.filter(inspection_type=inspection_type).exists():
        raise ActionError(_("This visit's %(type)s inspection has already begun.") % {"type": inspection_type.name},
                          field="inspection_type")
    checklist = current_checklist(inspection_type)
    if checklist is None:
        raise ActionError(_("%(type)s has no published checklist yet.") % {"type": inspection_type.name},
                          field="inspection_type")
    inspection = Inspection.objects.create(
        station=visit.station, park=visit.park, enterprise=visit.enterprise, visit=visit,
        inspection_type=inspection_type, department=inspection_type.department, checklist=checklist, inspector=actor,
        started_at=timezone.now())  # read at call time: the demo's replayed clock, not the field default's
    audit.record(actor, "inspection.start", inspection, {"visit": visit.pk, "checklist": checklist.pk})
    return inspection


def _lock_inspection(actor, inspection) -> Inspection:
    inspection = access(Inspection.objects.select_for_update(of=("self",)), actor,
                        getattr(inspection, "pk", inspection), "fill")
    inspection = Inspection.objects.select_related("visit", "inspection_type", "checklist", "enterprise",
                                                   "park__station").get(pk=inspection.pk)
    if inspection.status != InspectionStatus.DRAFT:
        raise ActionError(_("This inspection has been submitted: its answers no longer change."))
    return inspection


@transaction.atomic
def do_save_answer(actor, inspection, *, item, result: str, note: str = "", photo=None, severity: str = "",
                   fixed_on_site=False, after_photo=None) -> InspectionAnswer:
    """Saves one item's answer (again and again while the form is open: the phone sends each one as it is given,
    so a dropped connection loses nothing already sent)."""
    inspection = _lock_inspection(actor, inspection)
    item = ChecklistItem.objects.filter(pk=_pk(item), version_id=inspection.checklist_id).first()
    if item is None:
        raise ActionError(_("This item is not on the checklist version this inspection answers."), field="item")
    if result not in Answer.values:
        raise ActionError(_("Answer pass, fail or not applicable."), field="result")
    note = check_text(note, field="note", limit=SHORT_TEXT, label=_("Note"))
    failed = result == Answer.FAIL
    if failed:
        severity = severity or (Severity.MAJOR if item.major_if_failed else Severity.GENERAL)
        if severity not in Severity.values:
            raise ActionError(_("Say whether the hazard is general or major."), field="severity")
        if not note:
            raise ActionError(_("Say what is wrong."), field="note")
    fixed = failed and _flag(fixed_on_site)
    if photo:
        _check_photo(photo, "photo")
    if after_photo:
        _check_photo(after_photo, "after_photo")
    answer = InspectionAnswer.objects.filter(inspection=inspection, item=item).first() or InspectionAnswer(
        inspection=inspection, item=item)
    answer.result, answer.note = result, note
    answer.severity = severity if failed else ""
    answer.fixed_on_site = fixed
    answer.answered_by, answer.answered_at = actor, timezone.now()
    if photo:
        answer.photo = photo
    if after_photo:
        answer.after_photo = after_photo
    if not failed:
        answer.photo = ""  # a photo of what was wrong does not belong to an item that passed
    if not fixed:
        answer.after_photo = ""
    # The inspection's version is left alone: a second phone answering other items must not make the first
    # one's submit stale (an answer is per item, and the submit checks that every item is answered).
    answer.save()
    return answer


@transaction.atomic
def do_submit_inspection(actor, inspection, *, note: str = "", expected_version=None) -> Inspection:
    """Submits a completed checklist. Each failed item becomes a hazard (closed at once when it was fixed on site,
    with its after-photo); the visit's requirement for the type is done; the visit finishes with its last one."""
    inspection = _lock_inspection(actor, inspection)
    check_version(inspection, expected_version)
    answers = {a.item_id: a for a in inspection.answers.select_related("item")}
    missing = list(inspection.checklist.items.exclude(pk__in=list(answers)).values_list("number", flat=True))
    if missing:
        raise ActionError(_("Answer every item first: %(items)s.") % {"items": ", ".join(map(str, missing))},
                          code="incomplete")
    for answer in answers.values():
        if answer.fixed_on_site and not answer.after_photo:
            raise ActionError(_("Item %(n)d was fixed on site: add the photo after the fix.") % {
                "n": answer.item.number}, field="after_photo")
    inspection.note = check_text(note, field="note", limit=LONG_TEXT, label=_("Note"))
    inspection.status = InspectionStatus.SUBMITTED
    inspection.submitted_at = timezone.now()
    bump(inspection, "note", "status", "submitted_at")
    hazards = [_hazard_from_answer(actor, inspection, a) for a in sorted(answers.values(), key=lambda a: a.item.number)
               if a.result == Answer.FAIL]
    inspection.visit.requirements.filter(inspection_type=inspection.inspection_type).update(
        status=RequirementStatus.DONE, updated_at=timezone.now())
    audit.record(actor, "inspection.submit", inspection, {
        "answers": len(answers), "failed": len(hazards), "hazards": [h.pk for h in hazards]})
    visit = InspectionVisit.objects.select_for_update(of=("self",)).get(pk=inspection.visit_id)
    if not visit.requirements.exclude(status=RequirementStatus.DONE).exists() and not visit.inspections.filter(
            status=InspectionStatus.DRAFT).exists() and visit.can("finish"):
        _finish(actor, InspectionVisit.objects.select_related("enterprise", "park", "station").get(pk=visit.pk))
    return inspection


# --- hazards -------------------------------------------------------------------------------------------


def _add_photo(hazard, kind, file, uploaded_by, event=None) -> HazardPhoto:
    # The time is read when the photo is added (the demo replays its clock; a field default would not see it).
    return HazardPhoto.objects.create(hazard=hazard, kind=kind, file=file, event=event, uploaded_by=uploaded_by,
                                      uploaded_at=timezone.now())


def _new_hazard(actor, *, park, enterprise, source, title, description="", severity=Severity.GENERAL,
                location="", latitude=None, longitude=None, department=None, photo=None, **links) -> Hazard:
    now = timezone.now()
    prefix = f"{park.station.code}-YH{timezone.localtime(now):%Y%m%d}"
    hazard = create_numbered(
        Hazard, lambda pk: {"reference": f"{prefix}-{pk:05d}"}, station=park.station, park=park, enterprise=enterprise,
        source=source, title=title, description=description, severity=severity, location=location,
        latitude=latitude, longitude=longitude, department=department, reported_by=actor, reported_at=now,
        handler=actor if actor is not None and is_police(actor) else None, **links)
    if photo:
        _add_photo(hazard, PhotoKind.BEFORE, photo, actor)
    events.hazard_reported_event(hazard, actor)
    audit.record(actor, "hazard.report", hazard, {"reference": hazard.reference, "source": source,
                                                  "severity": severity, **{k: v.pk for k, v in links.items()}})
    if severity == Severity.MAJOR:
        title_text = _("Major hazard at %(where)s: %(title)s") % {
            "where": enterprise.name if enterprise else park.name, "title": title}
        notify_on_commit(supervisors_of(park.station) + handlers_of([department]), "hazard.major", title_text,
                         body=description, url=_url("hazard_detail", hazard.pk))
    return hazard


def _hazard_from_answer(actor, inspection, answer) -> Hazard:
    enterprise = inspection.enterprise
    # found on the enterprise's premises: placed on the maps where the enterprise is, when the registry knows
    hazard = _new_hazard(actor, park=inspection.park, enterprise=enterprise, source=HazardSource.INSPECTION,
                         title=answer.item.text, description=answer.note, severity=answer.severity,
                         latitude=enterprise.latitude if enterprise else None,
                         longitude=enterprise.longitude if enterprise else None,
                         department=inspection.department, inspection=inspection, answer=answer)
    if answer.photo:
        _add_photo(hazard, PhotoKind.BEFORE, answer.photo.name, actor)
    if answer.fixed_on_site:
        _close_on_site(actor, hazard, after_photo=answer.after_photo.name, note=answer.note)
    return hazard


def _hazard_fields(data: dict, station) -> dict:
    severity = data.get("severity") or Severity.GENERAL
    if severity not in Severity.values:
        raise ActionError(_("Say whether the hazard is general or major."), field="severity")
    return {
        "title": check_text(data.get("title"), field="title", limit=SHORT_TEXT, required=True, label=_("Hazard"),
                            empty_message=_("Say what the hazard is.")),
        "description": check_text(data.get("description"), field="description", limit=LONG_TEXT,
                                  label=_("Description")),
        "severity": severity,
        "location": check_text(data.get("location"), field="location", limit=SHORT_TEXT, label=_("Location")),
        "latitude": None if data.get("latitude") in (None, "") else parse_coordinate(data["latitude"],
                                                                                      field="latitude"),
        "longitude": None if data.get("longitude") in (None, "") else parse_coordinate(data["longitude"],
                                                                                        field="longitude"),
        "department": _department_of(station, data.get("department")),
    }


@transaction.atomic
def do_report_hazard(actor, *, park, data: dict, enterprise=None, photo=None, ticket=None) -> Hazard:
    """A hazard the police found or were told of outside an inspection (a report, an enterprise's request)."""
    _require_police(actor)
    park = access(Park.objects.select_related("station"), actor, getattr(park, "pk", park), "view")
    if enterprise not in (None, ""):
        enterprise = Enterprise.objects.filter(pk=_pk(enterprise), park=park).first()
        if enterprise is None:
            raise ActionError(_("Choose an enterprise of the park."), field="enterprise")
    else:
        enterprise = None
    clean = _hazard_fields(data, park.station)
    if photo:
        _check_photo(photo, "photo")
    links = {}
    source = HazardSource.REPORT
    if ticket is not None:
        from jingqi.tickets.models import Ticket

        ticket = access(Ticket.objects.all(), actor, getattr(ticket, "pk", ticket), "view")
        if enterprise is None:
            enterprise = ticket.enterprise if ticket.enterprise.park_id == park.pk else None
        links, source = {"ticket": ticket}, HazardSource.REQUEST
    return _new_hazard(actor, park=park, enterprise=enterprise, source=source, photo=photo, **clean, **links)


def open_hazard_from_finding(actor, finding) -> Hazard:
    """The patrols app's handler for a hazard finding: the hazard ledger takes it over (runs inside the patrol
    service's transaction)."""
    photo = finding.photo.name if finding.photo else None
    hazard = _new_hazard(actor, park=finding.park, enterprise=finding.enterprise, source=HazardSource.PATROL,
                         title=finding.description[:SHORT_TEXT], description=finding.description,
                         location=finding.location, latitude=finding.latitude, longitude=finding.longitude,
                         finding=finding)
    if photo:
        _add_photo(hazard, PhotoKind.BEFORE, photo, finding.reported_by)
    return hazard


def _lock_hazard(actor, hazard, action: str, scope: str = "change") -> Hazard:
    hazard = access(Hazard.objects.select_for_update(of=("self",)), actor, getattr(hazard, "pk", hazard), scope)
    hazard = Hazard.objects.select_related("park__station", "enterprise", "handler", "department").get(pk=hazard.pk)
    hazard.machine.require(hazard, action)
    return hazard


def _close_on_site(actor, hazard, *, after_photo, note) -> None:
    hazard.machine.move(hazard, "fix_on_site")
    hazard.fixed_on_site = True
    hazard.closed_at, hazard.closed_by = timezone.now(), actor
    hazard.verification = Verification.REINSPECTION
    hazard.verification_note = note[:SHORT_TEXT]
    bump(hazard, "status", "fixed_on_site", "closed_at", "closed_by", "verification", "verification_note")
    event = events.hazard_fixed_on_site_event(hazard, actor, note)
    _add_photo(hazard, PhotoKind.AFTER, after_photo, actor, event=event)
    audit.record(actor, "hazard.fix_on_site", hazard, {"status": hazard.status})


@transaction.atomic
def do_fix_hazard_on_site(actor, hazard, *, after_photo, note: str = "", expected_version=None) -> Hazard:
    """Put right there and then, in the officer's sight: closed at once, with the photo after the fix."""
    _require_police(actor)
    hazard = _lock_hazard(actor, hazard, "fix_on_site")
    check_version(hazard, expected_version)
    if not after_photo:
        raise ActionError(_("Add the photo after the fix."), field="after_photo")
    _check_photo(after_photo, "after_photo")
    note = check_text(note, field="note", limit=SHORT_TEXT, label=_("What was done"))
    _close_on_site(actor, hazard, after_photo=after_photo, note=note)
    return hazard


@transaction.atomic
def do_assign_hazard(actor, hazard, *, deadline=None, responsible_name: str, responsible_phone: str = "",
                     measures: str, handler=None, expected_version=None) -> Hazard:
    """Gives the enterprise a deadline and a responsible person (or sets a new one while it is being fixed)."""
    _require_police(actor)
    hazard = _lock_hazard(actor, hazard, "assign")
    check_version(hazard, expected_version)
    day = default_deadline() if deadline in (None, "") else _future_day(deadline, field="deadline")
    hazard.responsible_name = check_text(responsible_name, field="responsible_name", limit=60, required=True,
                                         label=_("Responsible person"),
                                         empty_message=_("Name the person at the enterprise who answers for the fix."))
    try:
        hazard.responsible_phone = normalize_phone(responsible_phone) if responsible_phone else ""
    except ActionError as error:
        raise ActionError(error.message, field="responsible_phone") from None
    hazard.measures = check_text(measures, field="measures", limit=LONG_TEXT, required=True,
                                 label=_("What must be done"), empty_message=_("Say what must be done."))
    if handler not in (None, ""):
        hazard.handler = _people_of(actor, hazard.park, handler, ())[0]
    elif hazard.handler_id is None:
        hazard.handler = actor
    hazard.machine.move(hazard, "assign")
    hazard.deadline, hazard.due_at, hazard.escalation_level = day, end_of_business(day), 0
    bump(hazard, "status", "deadline", "due_at", "escalation_level", "responsible_name", "responsible_phone",
         "measures", "handler")
    events.hazard_assigned_event(hazard, actor)
    audit.record(actor, "hazard.assign", hazard, {"deadline": day.isoformat(), "handler": hazard.handler_id,
                                                  "responsible_phone": audit.REDACTED if responsible_phone else ""})
    notify_on_commit(liaisons_of(hazard.enterprise), "hazard.assigned",
                     _("Hazard %(ref)s to fix by %(day)s") % {"ref": hazard.reference, "day": f"{day:%Y-%m-%d}"},
                     body=hazard.measures, url=_url("hazard_detail", hazard.pk))
    return hazard


@transaction.atomic
def do_report_hazard_fix(actor, hazard, *, note: str, photos, expected_version=None) -> Hazard:
    """The enterprise (or the police for it) reports the fix, with photos; an officer then verifies it."""
    hazard = _lock_hazard(actor, hazard, "report_fix", scope="fix")
    check_version(hazard, expected_version)
    photos = [p for p in (photos or []) if p]
    if not photos:
        raise ActionError(_("Add at least one photo of the fix."), field="photos")
    if len(photos) > 6:
        raise ActionError(_("At most six photos."), field="photos")
    for photo in photos:
        _check_photo(photo, "photos")
    hazard.fix_note = check_text(note, field="note", limit=LONG_TEXT, required=True, label=_("What was done"),
                                 empty_message=_("Say what was done."))
    hazard.machine.move(hazard, "report_fix")
    hazard.fix_reported_at = timezone.now()
    bump(hazard, "status", "fix_note", "fix_reported_at")
    event = events.hazard_fix_reported_event(hazard, actor, hazard.fix_note)
    for photo in photos:
        _add_photo(hazard, PhotoKind.AFTER, photo, actor, event=event)
    audit.record(actor, "hazard.report_fix", hazard, {"photos": len(photos)})
    notify_on_commit([hazard.handler] if hazard.handler_id else officers_of(hazard.park), "hazard.fix_reported",
                     _("Fix reported, to verify: %(ref)s") % {"ref": hazard.reference},
                     url=_url("hazard_detail", hazard.pk))
    return hazard


@transaction.atomic
def do_close_hazard(actor, hazard, *, verification: str, note: str, photos=(), expected_version=None) -> Hazard:
    """An officer verifies the reported fix (re-inspection on site or photo review) and closes the hazard (销号).
    Two officers closing at once: the second finds it closed and is refused."""
    _require_police(actor)
    hazard = _lock_hazard(actor, hazard, "close")
    check_version(hazard, expected_version)
    if verification not in Verification.values:
        raise ActionError(_("Say how the fix was verified."), field="verification")
    note = check_text(note, field="note", limit=SHORT_TEXT, required=True, label=_("Verification note"),
                      empty_message=_("Say what you checked."))
    photos = [p for p in (photos or []) if p]
    if verification == Verification.REINSPECTION and not photos:
        raise ActionError(_("A re-inspection on site adds a photo of what was seen."), field="photos")
    for photo in photos:
        _check_photo(photo, "photos")
    hazard.machine.move(hazard, "close")
    hazard.verification, hazard.verification_note = verification, note
    hazard.closed_at, hazard.closed_by = timezone.now(), actor
    bump(hazard, "status", "verification", "verification_note", "closed_at", "closed_by")
    event = events.hazard_closed_event(hazard, actor, note)
    for photo in photos:
        _add_photo(hazard, PhotoKind.AFTER, photo, actor, event=event)
    audit.record(actor, "hazard.close", hazard, {"verification": verification})
    notify_on_commit(liaisons_of(hazard.enterprise), "hazard.closed",
                     _("Hazard %(ref)s closed") % {"ref": hazard.reference}, url=_url("hazard_detail", hazard.pk))
    return hazard


@transaction.atomic
def do_send_back_hazard(actor, hazard, *, reason: str, deadline=None, expected_version=None) -> Hazard:
    """The fix is not good enough: back to the enterprise, with the reason (and a new deadline if one is named)."""
    _require_police(actor)
    hazard = _lock_hazard(actor, hazard, "send_back")
    check_version(hazard, expected_version)
    reason = check_text(reason, field="reason", limit=SHORT_TEXT, required=True, label=_("Reason"),
                        empty_message=_("Say what is still wrong."))
    if deadline not in (None, ""):
        hazard.deadline = _future_day(deadline, field="deadline")
        hazard.due_at, hazard.escalation_level = end_of_business(hazard.deadline), 0
    hazard.machine.move(hazard, "send_back")
    hazard.sent_back += 1
    bump(hazard, "status", "deadline", "due_at", "escalation_level", "sent_back")
    events.hazard_sent_back_event(hazard, actor, reason)
    audit.record(actor, "hazard.send_back", hazard, {"reason": reason, "deadline": str(hazard.deadline)})
    notify_on_commit(liaisons_of(hazard.enterprise), "hazard.sent_back",
                     _("Hazard %(ref)s: the fix was not accepted") % {"ref": hazard.reference}, body=reason,
                     url=_url("hazard_detail", hazard.pk))
    return hazard


@transaction.atomic
def do_void_hazard(actor, hazard, *, reason: str) -> Hazard:
    """The supervisor voids a hazard recorded in error: it is kept, marked void with the reason, and the ledger no
    longer counts it."""
    _require_supervisor(actor)
    hazard = _lock_hazard(actor, hazard, "void")
    hazard.void_reason = check_text(reason, field="reason", limit=SHORT_TEXT, required=True, label=_("Reason"),
                                    empty_message=_("Give the reason."))
    hazard.machine.move(hazard, "void")
    bump(hazard, "status", "void_reason")
    events.hazard_voided_event(hazard, actor, hazard.void_reason)
    audit.record(actor, "hazard.void", hazard, {"reason": hazard.void_reason})
    return hazard


@transaction.atomic
def do_comment_hazard(actor, hazard, *, text: str, internal: bool = True):
    """A note on the timeline; the enterprise's notes are never internal, the police's are unless they say so."""
    scope = "change" if is_police(actor) else "fix"
    hazard = _lock_hazard(actor, hazard, "comment", scope=scope)
    text = check_text(text, field="text", limit=LONG_TEXT, required=True, label=_("Message"),
                      empty_message=_("Write something first."))
    internal = _flag(internal) and is_police(actor)
    event = events.hazard_commented_event(hazard, actor, text, internal)
    audit.record(actor, "hazard.comment", hazard, {"internal": internal})
    if not internal:
        others = liaisons_of(hazard.enterprise) if is_police(actor) else (
            [hazard.handler] if hazard.handler_id else officers_of(hazard.park))
        notify_on_commit([u for u in others if u.pk != actor.pk], "hazard.comment",
                         _("Message on hazard %(ref)s") % {"ref": hazard.reference}, body=text[:200],
                         url=_url("hazard_detail", hazard.pk))
    return event


# --- overdue hazards ---------------------------------------------------------------------------------------


def _hazards_escalated(hazards, level) -> None:
    for hazard in hazards:
        events.hazard_escalated_event(hazard, level)
        audit.record(None, "hazard.escalate", hazard, {"escalation_level": [hazard.escalation_level, level]})
        url = _url("hazard_detail", hazard.pk)
        if level == escalation.OVERDUE or hazard.escalation_level < escalation.OVERDUE:
            title = _("Hazard %(ref)s is past its deadline (%(day)s)") % {
                "ref": hazard.reference, "day": f"{hazard.deadline:%Y-%m-%d}"}
            notify_on_commit(([hazard.handler] if hazard.handler_id else officers_of(hazard.park))
                             + liaisons_of(hazard.enterprise), "hazard.overdue", title, url=url)
        if level == escalation.PAST_GRACE:
            notify_on_commit(supervisors_of(hazard.station_id), "hazard.overdue.supervisor",
                             _("Hazard %(ref)s is still not fixed, %(day)s was its deadline") % {
                                 "ref": hazard.reference, "day": f"{hazard.deadline:%Y-%m-%d}"}, url=url)


def escalate_overdue_hazards(now: datetime | None = None) -> int:
    """A hazard being fixed past its deadline goes to its officer and the enterprise, then to the supervisor.
    Deadlines are working days on the working calendar (``do_assign_hazard``); the sweep is set-based."""
    grace = timedelta(hours=settings.HAZARD_ESCALATE_TO_SUPERVISOR_AFTER_HOURS)
    rows = Hazard.objects.filter(status=HazardStatus.RECTIFYING).select_related("park", "enterprise", "handler")
    return escalation.sweep(rows, due="due_at", grace=grace, now=now or timezone.now(),
                            on_escalate=_hazards_escalated, update={"updated_at": timezone.now()})


def plan_next_quarter(today: date | None = None) -> int:
    """The quarterly task: every station's plan for the quarter that ``today`` is in."""
    today = today or timezone.localdate()
    return sum(do_generate_plan(None, station=pk, quarter_start=today)
               for pk in CadenceRule.objects.filter(active=True).values_list("station_id", flat=True).distinct())


def count_by_status(queryset) -> dict[str, int]:
    return dict(queryset.order_by().values_list("status").annotate(n=Count("pk")))
