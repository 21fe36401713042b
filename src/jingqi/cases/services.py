"""Case actions: the only code that writes cases, their victims, recoveries and timeline.

A case is recorded by the police (from an enterprise's report, a patrol, a request, a dispute or a false-claim
clue), filed (立案) or not, solved (破案) with its suspects and the regions the investigation reached, and closed
(结案). Recoveries are added as they come, in any region, until and after the close; the case's
``recovered_amount`` is their sum and never exceeds the loss. Each action locks the case row, checks the actor's
right and the state machine (``choices.CASE_MACHINE``), writes, appends to the timeline, audits, and notifies the
victim enterprises' liaisons after commit.

Outreach events and background checks have their own services (``services_outreach``, ``services_checks``).
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from jingqi.accounts.choices import Role
from jingqi.accounts.models import User
from jingqi.core import audit
from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.notify import notify_on_commit
from jingqi.core.numbering import create_numbered
from jingqi.core.parsing import parse_amount, parse_day, parse_int, parse_moment
from jingqi.core.scoping import access
from jingqi.core.scoping import acts_as_police as is_police
from jingqi.core.text import SHORT_TEXT, check_text
from jingqi.core.versioning import check_version
from jingqi.registry.models import Enterprise, Park

from . import events
from .choices import CASE_MACHINE, CaseKind, CaseSource
from .models import TITLE_LIMIT, Case, CaseVictim, Recovery

# Refused when the page or API call read an older version (core.versioning).
STALE_CASE = _lazy("Someone else changed this case while you were looking at it. Reload the page and try again.")

AUDITED = ["status", "filing_number", "kind", "title", "description", "loss_amount", "items_lost", "recovered_amount",
           "suspects", "regions", "officer", "status_note", "filed_at", "solved_at", "closed_at"]
DESCRIBING = ("kind", "title", "description", "loss_amount", "items_lost")
MAX_VICTIMS = 50
MAX_SUSPECTS = 10000


# --- helpers ---------------------------------------------------------------------------------------------------


def check_police(actor) -> None:
    if not is_police(actor):
        raise PermissionDenied(_("Only the police handle cases."))


def access_case(user, pk, action: str = "view") -> Case:
    return access(Case.objects.select_related("station", "park", "officer", "ticket", "dispute", "clue"), user, pk,
                  action)


def _lock(actor, case) -> Case:
    """The case, locked, if ``actor`` may handle it (else 404). Only the case's row is locked."""
    check_police(actor)
    case = access(Case.objects.select_for_update(of=("self",)), actor, case.pk, "change")
    return Case.objects.select_related("station", "park", "officer").get(pk=case.pk)


def _save(case: Case, actor, action: str, before: dict, *fields: str) -> None:
    case.version += 1
    case.save(update_fields=[*fields, "version", "updated_at"])
    audit.record(actor, f"case.{action}", case, audit.diff(before, audit.snapshot(case, AUDITED)))


def _url(case: Case) -> str:
    return reverse("cases:case_detail", args=[case.pk])


def liaisons_of(case: Case):
    return User.objects.filter(role=Role.LIAISON, is_active=True,
                               enterprise__in=case.victims.values("enterprise"))


def _tell_victims(case: Case, verb: str, title: str) -> None:
    notify_on_commit(liaisons_of(case), verb, title, "", _url(case),
                     {"reference": case.reference, "status": case.status, "kind": case.kind})


def _moment(value, *, field: str, not_before: datetime | None = None, label: str = "") -> datetime:
    """A time an officer gives for a step (filed, solved, closed): not in the future (five minutes of clock
    difference allowed), not before ``not_before``; blank means now."""
    return parse_moment(value, field=field, label=label, not_before=not_before, blank_is_now=True,
                        not_after=timezone.now() + timedelta(minutes=5))


def check_case_fields(data: dict) -> dict:
    """The describing fields of a case, cleaned, or a translated error on the first bad one."""
    kind = data.get("kind", "")
    if kind not in CaseKind.values:
        raise ActionError(_("Choose the type of case."), field="kind")
    loss = data.get("loss_amount")
    return {
        "kind": kind,
        "title": check_text(data.get("title"), field="title", limit=TITLE_LIMIT, required=True, label=_("Title"),
                            empty_message=_("Give the case a short title.")),
        "description": check_text(data.get("description"), field="description", required=True,
                                  label=_("Facts of the case"), empty_message=_("Say what happened.")),
        "loss_amount": Decimal("0") if loss in (None, "") else parse_amount(loss, field="loss_amount",
                                                                            allow_zero=True),
        "items_lost": check_text(data.get("items_lost"), field="items_lost", label=_("Items lost")),
    }


def _acting_park(actor, park) -> Park:
    if park in (None, ""):
        raise ActionError(_("Choose the park."), field="park")
    pk = getattr(park, "pk", park)
    found = (Park.objects.visible_to(actor).select_related("station").filter(pk=pk).first()
             if isinstance(pk, int) else None)
    if found is None:
        raise ActionError(_("Choose one of your parks."), field="park")
    return found


def _check_victim(actor, enterprise) -> Enterprise:
    found = Enterprise.objects.visible_to(actor).filter(pk=getattr(enterprise, "pk", None)).first()
    if found is None:
        raise ActionError(_("Choose an enterprise you can see."), field="enterprise")
    return found


def _victim_loss(value):
    return None if value in (None, "") else parse_amount(value, field="victim_loss", allow_zero=True)


# --- recording -------------------------------------------------------------------------------------------------


@transaction.atomic
def do_record_case(actor, *, park, data: dict, victims=(), source: str = CaseSource.ENTERPRISE,
                   reported_at=None, ticket=None, dispute=None, clue=None) -> Case:
    """A new case in one of the actor's parks, with its victim enterprises (each with its own loss, if known).

    ``victims`` is a list of ``(enterprise, loss or None)``. A request, dispute or clue it comes from must be one
    the actor handles; each is linked to one case only."""
    check_police(actor)
    park = _acting_park(actor, park)
    if source not in CaseSource.values:
        raise ActionError(_("Choose where the case came from."), field="source")
    clean = check_case_fields(data)
    now = timezone.now()
    reported_at = _moment(reported_at, field="reported_at", label=_("The report time"),
                          not_before=now - timedelta(days=366 * 5))
    victims = list(victims)
    if len(victims) > MAX_VICTIMS:
        raise ActionError(_("A case names at most %(n)s victim enterprises.") % {"n": MAX_VICTIMS}, field="enterprise")
    checked, seen = [], set()
    for enterprise, loss in victims:
        enterprise = _check_victim(actor, enterprise)
        if enterprise.pk in seen:
            raise ActionError(_("%(name)s is named twice.") % {"name": enterprise.name}, field="enterprise")
        seen.add(enterprise.pk)
        checked.append((enterprise, _victim_loss(loss)))
    links = _check_links(actor, ticket=ticket, dispute=dispute, clue=clue)
    prefix = f"{park.station.code}-AJ{timezone.localtime(reported_at):%Y%m%d}"
    case = create_numbered(Case, lambda pk: {"reference": f"{prefix}-{pk:05d}"}, station=park.station, park=park,
                           source=source, reported_by=actor, reported_at=reported_at, **links, **clean)
    CaseVictim.objects.bulk_create([CaseVictim(case=case, enterprise=e, loss_amount=loss) for e, loss in checked])
    events.case_reported_event(case, actor, at=reported_at)
    for enterprise, _loss in checked:
        events.case_victim_event(case, actor, enterprise)
    for what, obj in links.items():
        events.case_linked_event(case, actor, what, getattr(obj, "reference", "") or getattr(obj, "number", ""))
    audit.record(actor, "case.record", case, {
        **audit.snapshot(case, ["reference", "park", "source", "kind", "title", "loss_amount", "reported_at",
                                "ticket", "dispute", "clue"]),
        "victims": sorted(seen)})
    _tell_victims(case, "case.recorded", _("Case %(ref)s recorded: %(title)s") % {
        "ref": case.reference, "title": case.title})
    return case


def _check_links(actor, *, ticket, dispute, clue) -> dict:
    from jingqi.claims.models import Clue
    from jingqi.disputes.models import Dispute
    from jingqi.tickets.models import Ticket

    links = {}
    if ticket is not None:
        links["ticket"] = access(Ticket.objects.all(), actor, ticket.pk, "change")
    if dispute is not None:
        links["dispute"] = access(Dispute.objects.all(), actor, dispute.pk, "change")
    if clue is not None:
        links["clue"] = access(Clue.objects.all(), actor, clue.pk, "change")
        if Case.objects.filter(clue=links["clue"]).exists():
            raise ActionError(_("This clue is already linked to a case."), code="duplicate")
    return links


@transaction.atomic
def do_update_case(actor, case, *, data: dict, expected_version: int | None = None) -> Case:
    case = _lock(actor, case)
    CASE_MACHINE.require(case, "edit")
    check_version(case, expected_version, STALE_CASE)
    clean = check_case_fields(data)
    if clean["loss_amount"] < case.recovered_amount:
        raise ActionError(_("The loss cannot be less than what has been recovered (%(amount)s yuan).") % {
            "amount": case.recovered_amount}, field="loss_amount")
    before = audit.snapshot(case, AUDITED)
    changed = [name for name, value in clean.items() if getattr(case, name) != value]
    if not changed:
        return case
    for name in changed:
        setattr(case, name, clean[name])
    _save(case, actor, "edit", before, *changed)
    events.case_edited_event(case, actor, changed)
    return case


@transaction.atomic
def do_add_victim(actor, case, *, enterprise, loss_amount=None) -> CaseVictim:
    case = _lock(actor, case)
    CASE_MACHINE.require(case, "edit")
    enterprise = _check_victim(actor, enterprise)
    if case.victims.filter(enterprise=enterprise).exists():
        raise ActionError(_("%(name)s is already a victim of this case.") % {"name": enterprise.name},
                          field="enterprise")
    if case.victims.count() >= MAX_VICTIMS:
        raise ActionError(_("A case names at most %(n)s victim enterprises.") % {"n": MAX_VICTIMS}, field="enterprise")
    victim = CaseVictim.objects.create(case=case, enterprise=enterprise, loss_amount=_victim_loss(loss_amount))
    events.case_victim_event(case, actor, enterprise)
    audit.record(actor, "case.add_victim", case, {"enterprise": enterprise.pk,
                                                  "loss_amount": str(victim.loss_amount or "")})
    notify_on_commit(User.objects.filter(role=Role.LIAISON, is_active=True, enterprise=enterprise), "case.recorded",
                     _("Case %(ref)s recorded: %(title)s") % {"ref": case.reference, "title": case.title}, "",
                     _url(case), {"reference": case.reference, "status": case.status, "kind": case.kind})
    return victim


# --- the steps -------------------------------------------------------------------------------------------------


def _officer(actor, case: Case, officer) -> User | None:
    """The lead officer: an active officer or auxiliary of the case's park's office (or its supervisor)."""
    if officer in (None, ""):
        return case.officer or (actor if actor.role in (Role.OFFICER, Role.AUXILIARY) else None)
    found = (User.objects.filter(pk=getattr(officer, "pk", officer), is_active=True)
             .filter(role__in=[Role.OFFICER, Role.AUXILIARY], office_id=case.park.office_id).first()
             or User.objects.filter(pk=getattr(officer, "pk", officer), is_active=True, role=Role.SUPERVISOR,
                                    station_id=case.station_id).first())
    if found is None:
        raise ActionError(_("Choose an officer of this park's office."), field="officer")
    return found


@transaction.atomic
def do_file_case(actor, case, *, filing_number: str = "", filed_at=None, officer=None, note: str = "",
                 expected_version: int | None = None) -> Case:
    """Filed for investigation (立案), with the number of the filing decision and the lead officer."""
    case = _lock(actor, case)
    check_version(case, expected_version, STALE_CASE)
    before = audit.snapshot(case, AUDITED)
    CASE_MACHINE.move(case, "file")
    case.filing_number = check_text(filing_number, field="filing_number", limit=60, label=_("Case number"))
    case.filed_at = _moment(filed_at, field="filed_at", label=_("The filing time"), not_before=case.reported_at)
    case.officer = _officer(actor, case, officer)
    note = check_text(note, field="note", label=_("Note"))
    _save(case, actor, "file", before, "status", "filing_number", "filed_at", "officer")
    events.case_filed_event(case, actor, note, at=case.filed_at)
    _tell_victims(case, "case.filed", _("Case %(ref)s filed for investigation") % {"ref": case.reference})
    return case


@transaction.atomic
def do_decline_case(actor, case, *, reason: str, expected_version: int | None = None) -> Case:
    """Not filed: the reason is kept and told to the victim enterprises."""
    case = _lock(actor, case)
    check_version(case, expected_version, STALE_CASE)
    reason = check_text(reason, field="reason", required=True, label=_("Reason"),
                        empty_message=_("Say why the case is not filed."))
    before = audit.snapshot(case, AUDITED)
    CASE_MACHINE.move(case, "decline")
    case.status_note = reason
    case.closed_at = timezone.now()
    _save(case, actor, "decline", before, "status", "status_note", "closed_at")
    events.case_declined_event(case, actor, reason)
    _tell_victims(case, "case.declined", _("Case %(ref)s not filed") % {"ref": case.reference})
    return case


@transaction.atomic
def do_solve_case(actor, case, *, solved_at=None, suspects=0, regions: str = "", note: str = "",
                  expected_version: int | None = None) -> Case:
    """Solved (破案): when, how many suspects, which regions the investigation reached."""
    case = _lock(actor, case)
    check_version(case, expected_version, STALE_CASE)
    before = audit.snapshot(case, AUDITED)
    CASE_MACHINE.move(case, "solve")
    case.solved_at = _moment(solved_at, field="solved_at", label=_("The time solved"),
                             not_before=case.filed_at or case.reported_at)
    case.suspects = parse_int(suspects if suspects not in (None, "") else 0, field="suspects", min=0,
                              max=MAX_SUSPECTS)
    case.regions = check_text(regions, field="regions", limit=SHORT_TEXT, label=_("Regions reached"))
    note = check_text(note, field="note", label=_("Note"))
    _save(case, actor, "solve", before, "status", "solved_at", "suspects", "regions")
    events.case_solved_event(case, actor, note, at=case.solved_at)
    _tell_victims(case, "case.solved", _("Case %(ref)s solved") % {"ref": case.reference})
    return case


@transaction.atomic
def do_close_case(actor, case, *, note: str = "", expected_version: int | None = None) -> Case:
    """Closed (结案). Recoveries may still be added afterwards."""
    case = _lock(actor, case)
    check_version(case, expected_version, STALE_CASE)
    before = audit.snapshot(case, AUDITED)
    CASE_MACHINE.move(case, "close")
    note = check_text(note, field="note", label=_("Note"))
    case.closed_at = timezone.now()
    if note:
        case.status_note = note
    _save(case, actor, "close", before, "status", "closed_at", "status_note")
    events.case_closed_event(case, actor, note)
    _tell_victims(case, "case.closed", _("Case %(ref)s closed") % {"ref": case.reference})
    return case


@transaction.atomic
def do_record_recovery(actor, case, *, recovered_on, amount, items: str = "", region: str = "") -> Recovery:
    """Money or goods recovered for the case. The total never exceeds the loss: correct the loss first."""
    case = _lock(actor, case)
    CASE_MACHINE.require(case, "recover")
    day = parse_day(recovered_on, field="recovered_on")
    if day > timezone.localdate():
        raise ActionError(_("%(what)s cannot be in the future.") % {"what": _("The recovery date")},
                          field="recovered_on")
    if day < timezone.localtime(case.reported_at).date():
        raise ActionError(_("The recovery date cannot be before the case was reported."), field="recovered_on")
    amount = parse_amount(amount, field="amount")
    items = check_text(items, field="items", limit=SHORT_TEXT, label=_("Items"))
    region = check_text(region, field="region", limit=SHORT_TEXT, label=_("Where"))
    if case.recovered_amount + amount > case.loss_amount:
        raise ActionError(_("This would recover %(total)s yuan of a %(loss)s yuan loss. Correct the loss first if "
                            "it was larger.") % {"total": case.recovered_amount + amount, "loss": case.loss_amount},
                          field="amount")
    recovery = Recovery.objects.create(case=case, recovered_on=day, amount=amount, items=items, region=region,
                                       recorded_by=actor)
    Case.objects.filter(pk=case.pk).update(recovered_amount=F("recovered_amount") + amount,
                                           version=F("version") + 1, updated_at=timezone.now())
    case.refresh_from_db(fields=["recovered_amount", "version"])
    events.case_recovered_event(case, actor, recovery)
    audit.record(actor, "case.recover", case, {"amount": str(amount), "recovered_on": day.isoformat(),
                                               "region": region, "recovered_amount": str(case.recovered_amount)})
    _tell_victims(case, "case.recovered", _("Case %(ref)s: %(amount)s yuan recovered") % {
        "ref": case.reference, "amount": amount})
    return recovery


@transaction.atomic
def do_note_case(actor, case, *, text: str, internal: bool = True):
    """A note on the timeline: internal (police only) or one the victim enterprises read."""
    case = _lock(actor, case)
    CASE_MACHINE.require(case, "note")
    text = check_text(text, field="text", required=True, label=_("Note"), empty_message=_("Write something."))
    event = events.case_noted_event(case, actor, text, internal=internal)
    audit.record(actor, "case.note", case, {"internal": internal})
    if not internal:
        _tell_victims(case, "case.note", _("Case %(ref)s: a message from the police") % {"ref": case.reference})
    return event


# --- from a false-claim clue -----------------------------------------------------------------------------------


def do_case_from_clue(actor, clue, *, filing_number: str, park=None) -> Case:
    """The extortion case a confirmed false-claim clue is transferred to, filed under ``filing_number``: the
    victims are the registry's enterprises its complaints targeted (those the actor handles), the park theirs
    (the one most of them are in) unless ``park`` names one. Called by ``claims.services.do_transfer_clue``,
    inside its transaction."""
    from collections import Counter

    targeted = list(Enterprise.objects.visible_to(actor)
                    .filter(pk__in=clue.complaints.exclude(enterprise=None).values("enterprise"))
                    .select_related("park").order_by("pk"))
    if park in (None, "") and targeted:
        park_pk = Counter(e.park_id for e in targeted).most_common(1)[0][0]
        park = next(e.park for e in targeted if e.park_id == park_pk)
    case = do_record_case(actor, park=park, source=CaseSource.CLUE, clue=clue, victims=[(e, None) for e in targeted],
                          data={"kind": CaseKind.EXTORTION,
                                "title": _("False-claim extortion: clue %(number)s") % {"number": clue.number},
                                "description": clue.findings or clue.number})
    return do_file_case(actor, case, filing_number=filing_number, expected_version=case.version)
