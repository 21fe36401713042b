"""Background-check actions (入职背景审查): the only code that writes ``BackgroundCheck`` rows.

An enterprise liaison asks for a check of a candidate for a named position, with the candidate's signed consent;
an officer of the enterprise's office answers with job-fit advice and a reason category (never the records behind
it) or declines; the liaison who asked may withdraw while it waits. Every step is audited without personal data:
the audit outlives the row, which the periodic purge deletes once its retention has run out.
"""

from datetime import date, timedelta
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from jingqi.accounts.choices import Role
from jingqi.accounts.models import User
from jingqi.core import audit, pii
from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.notify import notify_on_commit
from jingqi.core.numbering import create_numbered
from jingqi.core.parsing import parse_day
from jingqi.core.scoping import access
from jingqi.core.text import SHORT_TEXT, check_text
from jingqi.core.uploads import check_upload
from jingqi.core.versioning import check_version
from jingqi.registry.models import Enterprise
from jingqi.registry.services import check_reveal

from .choices import CHECK_MACHINE, Advice, CheckStatus, ConsentScope, DeclineReason, ReasonCategory
from .models import BackgroundCheck

# Refused when the page or API call read an older version (core.versioning).
STALE_CHECK = _lazy("Someone else changed this check while you were looking at it. Reload the page and try again.")

# A consent signed longer ago than this is too old to rely on: the candidate is asked to sign again.
CONSENT_MAX_AGE_DAYS = 90
# The scanned consent: a PDF or a picture, nothing else (check_upload also lets Office files and videos through).
CONSENT_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif",
                 "image/webp": ".webp"}
NAME_LIMIT = 60
PURGE_BATCH = 500


def retention() -> timedelta:
    return timedelta(days=settings.JINGQI_BACKGROUND_CHECK_RETENTION_DAYS)


# --- reads the services share ---------------------------------------------------------------------------------


def access_check(user, pk, action: str = "view") -> BackgroundCheck:
    """The check ``user`` may ``action`` (view, change, withdraw), or 404: missing and forbidden look the same."""
    return access(BackgroundCheck.objects.select_related("enterprise__park", "station"), user, pk, action)


def _lock(actor, check: BackgroundCheck, action: str) -> BackgroundCheck:
    """The check, locked (its row only: the scope's joins must not queue the whole office), if ``actor`` may."""
    locked = access(BackgroundCheck.objects.select_for_update(of=("self",)), actor, check.pk, action)
    return BackgroundCheck.objects.select_related("enterprise__park").get(pk=locked.pk)


def officers_of(enterprise: Enterprise):
    """Who answers the enterprise's checks: the officers and auxiliaries of its park's office."""
    return User.objects.filter(role__in=[Role.OFFICER, Role.AUXILIARY], office_id=enterprise.park.office_id,
                               is_active=True)


def _url(check: BackgroundCheck) -> str:
    return reverse("cases:check_detail", args=[check.pk])


def _tell(users, verb: str, title: str, check: BackgroundCheck, body: str = "") -> None:
    """A notice without personal data: the reference, the position and the status, never the candidate."""
    notify_on_commit(users, verb, title, body, _url(check), {"reference": check.reference, "status": check.status})


# --- asking ---------------------------------------------------------------------------------------------------


def check_consent_scope(values) -> list[str]:
    chosen = [value for value in ConsentScope.values if value in set(values or ())]
    if not chosen or len(chosen) != len(set(values or ())):
        raise ActionError(_("Tick what the candidate's consent covers (at least one)."), field="consent_scope")
    return chosen


def check_consent_date(value, *, today: date | None = None) -> date:
    day = parse_day(value, field="consent_signed_on")
    today = today or timezone.localdate()
    if day > today:
        raise ActionError(_("The consent cannot be signed in the future."), field="consent_signed_on")
    if day < today - timedelta(days=CONSENT_MAX_AGE_DAYS):
        raise ActionError(_("This consent was signed more than %(days)s days ago: ask the candidate to sign a new "
                            "one.") % {"days": CONSENT_MAX_AGE_DAYS}, field="consent_signed_on")
    return day


def check_consent_file(upload) -> str:
    """The content type of a scanned consent (a PDF or a picture), or a translated error beside the upload."""
    if upload is None:
        raise ActionError(_("Upload the signed consent (a PDF or a picture)."), field="consent")
    try:
        content_type = check_upload(upload)
    except ActionError as exc:
        raise ActionError(exc.message, field="consent")
    if content_type not in CONSENT_TYPES:
        raise ActionError(_("Upload the signed consent as a PDF or a picture (JPEG, PNG, GIF, WebP)."),
                          field="consent")
    return content_type


def check_request_fields(data: dict) -> dict:
    """The request's fields, cleaned, or a translated error on the first bad one (the ID number normalised)."""
    clean = {
        "position": check_text(data.get("position"), field="position", limit=SHORT_TEXT, required=True,
                               label=_("Job position"),
                               empty_message=_("Name the position the candidate applies for.")),
        "duties": check_text(data.get("duties"), field="duties", required=True, label=_("Duties"),
                             empty_message=_("Say why the position's duties call for a check.")),
        "candidate_name": check_text(data.get("candidate_name"), field="candidate_name", limit=NAME_LIMIT,
                                     required=True, label=_("Candidate's name"),
                                     empty_message=_("Give the candidate's name as on the ID card.")),
    }
    try:
        clean["candidate_id_number"] = pii.normalize_id_number(data.get("id_number") or "")
    except ActionError as exc:
        raise ActionError(exc.message, field="id_number")
    clean["consent_scope"] = check_consent_scope(data.get("consent_scope"))
    clean["consent_signed_on"] = check_consent_date(data.get("consent_signed_on"))
    return clean


@transaction.atomic
def do_request_check(actor, *, data: dict, consent) -> BackgroundCheck:
    """A liaison asks for a check of a candidate for their own enterprise; the officers of its office are told
    (the reference and the position, never the candidate)."""
    if actor.role != Role.LIAISON or not actor.enterprise_id:
        raise PermissionDenied(_("Only an enterprise's liaison asks for a background check."))
    enterprise = Enterprise.objects.select_related("park__station").filter(pk=actor.enterprise_id).first()
    if enterprise is None:
        raise PermissionDenied(_("Your account is not linked to an enterprise."))
    clean = check_request_fields(data)
    content_type = check_consent_file(consent)
    consent.seek(0)
    sealed = pii.encrypt_bytes(consent.read())
    now = timezone.now()
    suffix = CONSENT_TYPES[content_type]
    prefix = f"{enterprise.park.station.code}-BC{timezone.localtime(now):%Y%m%d}"

    def numbered(pk):  # the uploaded file's own name may carry the candidate's: the stored one is the reference's
        return {"reference": f"{prefix}-{pk:05d}", "consent_name": f"{prefix}-{pk:05d}-consent{suffix}"}

    check = create_numbered(
        BackgroundCheck, numbered,
        station=enterprise.park.station, enterprise=enterprise,
        requested_by=actor, requested_at=now, purge_after=now + retention(),
        consent_document=sealed, consent_content_type=content_type, consent_size=consent.size, **clean)
    audit.record(actor, "background_check.request", check, {
        "enterprise": enterprise.pk, "consent_scope": clean["consent_scope"],
        "consent_content_type": content_type, "consent_size": consent.size,
        "candidate_name": audit.REDACTED, "candidate_id_number": audit.REDACTED})
    _tell(officers_of(enterprise), "background_check.requested",
          _("Background check %(ref)s asked by %(enterprise)s") % {"ref": check.reference,
                                                                   "enterprise": enterprise.name},
          check, _("Position: %(position)s") % {"position": check.position})
    return check


# --- answering --------------------------------------------------------------------------------------------------


def check_advice(advice: str, reason_category: str) -> tuple[str, str]:
    """Advice and its reason category: "suitable" goes with "no relevant record" only, the others with a reason."""
    if advice not in Advice.values:
        raise ActionError(_("Choose the advice."), field="advice")
    if reason_category not in ReasonCategory.values:
        raise ActionError(_("Choose the reason category."), field="reason_category")
    if advice == Advice.SUITABLE and reason_category != ReasonCategory.NONE:
        raise ActionError(_("When the candidate is suitable, the reason category is: no relevant record."),
                          field="reason_category")
    if advice != Advice.SUITABLE and reason_category == ReasonCategory.NONE:
        raise ActionError(_("Advice other than suitable needs a reason category other than no relevant record."),
                          field="reason_category")
    return advice, reason_category


def _end(actor, check: BackgroundCheck, action: str, before: str, **fields) -> BackgroundCheck:
    now = timezone.now()
    check.ended_at, check.handled_by, check.purge_after = now, actor, now + retention()
    for name, value in fields.items():
        setattr(check, name, value)
    check.version += 1
    check.save(update_fields=["status", "ended_at", "handled_by", "purge_after", "version", "updated_at", *fields])
    # The status only: the advice and its reason stay with the row, which the purge deletes.
    audit.record(actor, f"background_check.{action}", check, {"status": [before, check.status],
                                                               "purge_after": check.purge_after.isoformat()})
    return check


@transaction.atomic
def do_advise_check(actor, check: BackgroundCheck, *, advice: str, reason_category: str,
                    expected_version: int | None = None) -> BackgroundCheck:
    """An officer of the enterprise's office gives job-fit advice and its reason category; the liaison is told."""
    check = _lock(actor, check, "change")
    before = check.status
    CHECK_MACHINE.require(check, "advise")
    advice, reason_category = check_advice(advice, reason_category)
    check_version(check, expected_version, STALE_CHECK)
    CHECK_MACHINE.move(check, "advise")
    _end(actor, check, "advise", before, advice=advice, reason_category=reason_category)
    _tell([check.requested_by], "background_check.advised",
          _("Background check %(ref)s answered") % {"ref": check.reference}, check,
          _("Position: %(position)s") % {"position": check.position})
    return check


@transaction.atomic
def do_decline_check(actor, check: BackgroundCheck, *, reason: str,
                     expected_version: int | None = None) -> BackgroundCheck:
    """An officer declines to check (no valid consent, a position that does not justify it, an unconfirmed
    identity); the liaison is told why, in those words."""
    check = _lock(actor, check, "change")
    before = check.status
    CHECK_MACHINE.require(check, "decline")
    if reason not in DeclineReason.values:
        raise ActionError(_("Choose why the check is declined."), field="reason")
    check_version(check, expected_version, STALE_CHECK)
    CHECK_MACHINE.move(check, "decline")
    _end(actor, check, "decline", before, decline_reason=reason)
    _tell([check.requested_by], "background_check.declined",
          _("Background check %(ref)s declined") % {"ref": check.reference}, check,
          _("Position: %(position)s") % {"position": check.position})
    return check


@transaction.atomic
def do_withdraw_check(actor, check: BackgroundCheck, *, expected_version: int | None = None) -> BackgroundCheck:
    """The liaison who asked takes the request back while it waits; the office's officers are told."""
    check = _lock(actor, check, "withdraw")
    before = check.status
    CHECK_MACHINE.require(check, "withdraw")
    check_version(check, expected_version, STALE_CHECK)
    CHECK_MACHINE.move(check, "withdraw")
    _end(actor, check, "withdraw", before)
    _tell(officers_of(check.enterprise), "background_check.withdrawn",
          _("Background check %(ref)s withdrawn") % {"ref": check.reference}, check)
    return check


# --- personal data, on purpose and audited --------------------------------------------------------------------


def _require_open(check: BackgroundCheck) -> None:
    """The candidate's data is for answering the check: once answered, declined or withdrawn, it stays sealed
    until the purge."""
    if check.status != CheckStatus.REQUESTED:
        raise ActionError(_("This check has been answered: the candidate's data is no longer shown."),
                          code="illegal_transition")


def do_reveal_candidate_id(actor, check: BackgroundCheck) -> str:
    """The candidate's ID number in full, for an officer who answers the check and holds the reveal right (the
    registry's right: ``check_reveal``); audited."""
    check = access(BackgroundCheck.objects.all(), actor, check.pk, "change")
    _require_open(check)
    check_reveal(actor)
    with transaction.atomic():
        audit.record(actor, "background_check.reveal_id_number", check, {"field": "candidate_id_number"})
    return check.candidate_id_number


def do_open_consent(actor, check: BackgroundCheck) -> tuple[bytes, str, str]:
    """The signed consent, decrypted, for an officer who answers the check: (content, type, file name); audited."""
    check = access(BackgroundCheck.objects.all(), actor, check.pk, "change")
    _require_open(check)
    sealed = BackgroundCheck.objects.filter(pk=check.pk).values_list("consent_document", flat=True).get()
    content = pii.decrypt_bytes(sealed)
    with transaction.atomic():
        audit.record(actor, "background_check.consent_download", check, {
            "consent_content_type": check.consent_content_type, "consent_size": check.consent_size})
    return content, check.consent_content_type, PurePath(check.consent_name).name


# --- retention --------------------------------------------------------------------------------------------------


def do_purge_expired_checks(now=None, *, batch_size: int = PURGE_BATCH, progress=None) -> int:
    """Delete every check whose retention has run out (``purge_after`` passed), a batch per transaction, found
    through the ``purge_after`` index. Each leaves one audit event that says only that a check happened: its
    reference, the enterprise and the day it was asked. Returns how many were deleted; ``progress(n)`` is told
    after each batch."""
    now = now or timezone.now()
    total = 0
    while True:
        with transaction.atomic():
            rows = list(BackgroundCheck.objects.select_for_update(of=("self",)).filter(purge_after__lte=now)
                        .order_by("purge_after", "pk").values("pk", "reference", "enterprise_id", "requested_at")
                        [:batch_size])
            if not rows:
                return total
            audit.record_many(None, "background_check.purged", [
                (audit.Ref(BackgroundCheck, row["pk"], row["reference"]),
                 {"reference": row["reference"], "enterprise": row["enterprise_id"],
                  "requested_on": timezone.localdate(row["requested_at"]).isoformat()})
                for row in rows])
            BackgroundCheck.objects.filter(pk__in=[row["pk"] for row in rows]).delete()
        total += len(rows)
        if progress is not None:
            progress(len(rows))
