"""False-claim model actions: the only code that writes complaints, runs and clues.

- An upload becomes a batch; a background task checks every row and imports the batch whole, or
  refuses it whole with the row-by-row report (:func:`run_import`).
- A model run reads all of a station's complaints (decrypted in memory, never written to disk), runs
  the engine and saves the clues with their evidence chain (:func:`run_model`). Clues nobody has
  touched give way to the next run's; clues under review or decided stay as they are.
- Review moves a clue new → reviewing → confirmed → transferred to a case, or dismissed with a reason
  (and back to review when a dismissal was wrong). Every action locks the clue, checks the actor and
  the state, writes the timeline and the audit log.
"""

from __future__ import annotations

import hashlib
import io
import logging
import threading
import warnings
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path, PurePosixPath

import numpy as np
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop

from jingqi.accounts.choices import Role
from jingqi.accounts.models import User
from jingqi.core import audit
from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.notify import notify_on_commit
from jingqi.core.pii import blind_index
from jingqi.core.scoping import access
from jingqi.core.text import LONG_TEXT, check_text
from jingqi.core.versioning import check_version
from jingqi.registry.models import Enterprise, Station
from jingqi.registry.querysets import station_id_for

from . import events, importing
from .choices import BATCH_RUNNING, MACHINE, RUN_ACTIVE, BatchStatus, ClueState, EventKind, RunStatus
from .messages import Message, msg
from .models import Clue, ClueEvent, Complaint, ComplaintBatch, EvidenceImage, ScanRun
from .querysets import DECIDERS

# Refused when the page or API call read an older version (core.versioning).
STALE_CLUE = _lazy("Someone else changed this clue while you were looking at it. Reload the page and try again.")

log = logging.getLogger(__name__)

AUDITED = ["state", "reviewer", "findings", "case_reference", "dismiss_reason"]
EVIDENCE_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
                  "image/bmp": ".bmp"}
PROGRESS_EVERY = 500
CREATE_CHUNK = 1000


# --- who may work here -------------------------------------------------------------------------------


def check_can_work(actor, station: Station | None) -> Station:
    """The station the actor imports into and runs the model for; superusers name it."""
    if actor.is_superuser:
        if station is None:
            raise ActionError(_("Choose the station."), field="station")
        return station
    station_id = station_id_for(actor)
    own = Station.objects.filter(pk=station_id).first() if station_id else None
    if actor.role not in DECIDERS or own is None:
        raise PermissionDenied(_("Only supervisors and police officers import complaints and run the model."))
    if station is not None and station.pk != own.pk:
        raise PermissionDenied(_("You can only work on your own station's complaints."))
    return own


# --- import --------------------------------------------------------------------------------------------


XLSX_MIMES = {"application/zip", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _sniff_export(upload) -> None:
    import filetype

    suffix = PurePosixPath(upload.name or "").suffix.lower()
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if suffix == ".xlsx" and kind and kind.mime in XLSX_MIMES:
        _check_workbook(upload)
        return
    if suffix == ".csv" and kind is None and b"\x00" not in head:
        return
    raise ActionError(_("Send the complaint export as a CSV file (UTF-8 or GBK) or an Excel .xlsx workbook."),
                      field="file")


def _check_workbook(upload) -> None:
    """A workbook is a ZIP: one that unpacks to far more than its size would exhaust memory when read."""
    import zipfile

    try:
        with zipfile.ZipFile(upload) as zf:
            unpacked = sum(m.file_size for m in zf.infolist())
    except zipfile.BadZipFile:
        raise ActionError(_("The workbook cannot be read."), field="file")
    finally:
        upload.seek(0)
    if unpacked > 10 * settings.JINGQI_CLAIMS_IMPORT_MAX_BYTES:
        raise ActionError(_("The workbook unpacks to more than %(mb)d MB.")
                          % {"mb": 10 * settings.JINGQI_CLAIMS_IMPORT_MAX_BYTES // (1024 * 1024)}, field="file")


def _sniff_zip(upload) -> None:
    import filetype

    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    if PurePosixPath(upload.name or "").suffix.lower() != ".zip" or not kind or kind.mime != "application/zip":
        raise ActionError(_("Send the evidence pictures as one ZIP archive."), field="evidence")


def check_upload_batch(actor, station: Station | None, upload, evidence=None) -> Station:
    station = check_can_work(actor, station)
    limit = settings.JINGQI_CLAIMS_IMPORT_MAX_BYTES
    if upload is None or upload.size == 0:
        raise ActionError(_("The file is empty."), field="file")
    if upload.size > limit:
        raise ActionError(_("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}, field="file")
    _sniff_export(upload)
    if evidence is not None:
        if evidence.size > settings.JINGQI_CLAIMS_EVIDENCE_MAX_BYTES:
            raise ActionError(_("The evidence archive is larger than %(mb)d MB.")
                              % {"mb": settings.JINGQI_CLAIMS_EVIDENCE_MAX_BYTES // (1024 * 1024)},
                              field="evidence")
        _sniff_zip(evidence)
    return station


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def do_upload_batch(actor, *, upload, evidence=None, station: Station | None = None) -> ComplaintBatch:
    """Store the upload and queue its import; the batch page follows the progress."""
    station = check_upload_batch(actor, station, upload, evidence)
    sha = _sha256(upload)
    batch = ComplaintBatch(station=station, source_name=PurePosixPath(upload.name).name[:200], source_sha256=sha,
                           uploaded_by=actor, evidence_name=PurePosixPath(evidence.name).name[:200] if evidence else "")
    try:
        batch.source_file.save(f"{sha[:16]}{PurePosixPath(upload.name).suffix.lower()}", upload, save=False)
        if evidence is not None:
            batch.evidence_file.save(f"{sha[:16]}-evidence.zip", evidence, save=False)
        batch.save()
        audit.record(actor, "claims.batch_upload", batch, {"file": batch.source_name, "sha256": sha,
                                                          "evidence": batch.evidence_name})
    except BaseException:
        # Files are not part of the transaction: personal data must not stay behind a rolled-back batch.
        for f in (batch.source_file, batch.evidence_file):
            if f:
                f.delete(save=False)
        raise
    transaction.on_commit(lambda: _queue_import(batch.pk))
    return batch


def _queue_import(batch_pk: int) -> None:
    from . import tasks

    tasks.import_batch(batch_pk)


class Superseded(Exception):  # noqa: N818 — a state, not a fault
    """This attempt lost its claim on the batch or run (the sweep took it for dead and queued it again, or
    gave it up): it stops and writes nothing more."""


BATCH_STARTED = {BatchStatus.CHECKING, BatchStatus.WRITING}


def _owned(model, obj, statuses=None):
    """The row, as long as this attempt still owns it: only the current attempt of a started import or run
    may write (see :func:`recover_stale`, which queues a dead one again)."""
    if statuses is None:
        statuses = BATCH_STARTED if model is ComplaintBatch else {RunStatus.RUNNING}
    return model.objects.filter(pk=obj.pk, attempts=obj.attempts, status__in=statuses)


def _close(batch: ComplaintBatch, status: str, action: str, changes: dict, *, discard: bool = False,
           statuses=BATCH_STARTED, stale_before=None, **fields) -> ComplaintBatch:
    """Record how the batch ended, with its audit row, in one transaction; the upload goes after commit
    (it carries personal data in the clear: once read, only its hash stays). ``discard`` first removes
    what the batch had written. Raises :class:`Superseded` when this attempt no longer owns the batch (or,
    with ``stale_before``, when it has made progress since then)."""
    with transaction.atomic():
        owned = _owned(ComplaintBatch, batch, statuses)
        if stale_before is not None:
            owned = owned.filter(updated_at__lt=stale_before)
        if not owned.select_for_update().exists():
            raise Superseded
        if discard:
            _discard(batch)
        batch.status, batch.finished_at = status, timezone.now()
        for name, value in fields.items():
            setattr(batch, name, value)
        uploads = [f.name for f in (batch.source_file, batch.evidence_file) if f]
        batch.source_file, batch.evidence_file = "", ""
        batch.save()
        audit.record(batch.uploaded_by, action, batch, changes)
        transaction.on_commit(lambda: [default_storage.delete(name) for name in uploads])
    _tell_uploader(batch)
    return batch


def _refuse(batch, errors: list, warnings: list, *, discard: bool = False) -> ComplaintBatch:
    return _close(batch, BatchStatus.REJECTED, "claims.batch_reject", {"rows_with_errors": len(errors)},
                  discard=discard,
                  error_count=len(errors), errors=[e.as_dict() for e in errors[:importing.MAX_ERRORS_KEPT]],
                  warnings=[w.as_dict() for w in warnings[:importing.MAX_WARNINGS_KEPT]])


def _discard(batch) -> None:
    """Remove what a batch that did not finish has written: its complaints and its pictures."""
    Complaint.objects.filter(batch=batch).delete()
    for image in EvidenceImage.objects.filter(batch=batch):
        image.file.delete(save=False)
        image.delete()


def _progress(batch, **fields) -> None:
    """Progress (committed at once, outside any transaction, so that the batch page can show it) and a sign
    of life; raises :class:`Superseded` when this attempt has lost the batch."""
    now = timezone.now()
    if not _owned(ComplaintBatch, batch).update(updated_at=now, heartbeat_at=now, **fields):
        raise Superseded
    for name, value in fields.items():
        setattr(batch, name, value)


def _claim(model, pk: int, queued: str, running: str) -> bool:
    """Start an attempt: one conditional UPDATE, so that a task delivered twice (or resumed while a first
    delivery still runs) works on the row once."""
    now = timezone.now()
    return bool(model.objects.filter(pk=pk, status=queued).update(
        status=running, attempts=F("attempts") + 1, heartbeat_at=now, updated_at=now))


class _Heartbeat(threading.Thread):
    """Beats for the attempt its task claimed: the first beat notes the row's attempt number (the claim is the
    task's first step, long before the first beat), and later beats touch the row only while that attempt
    still owns it — a worker the sweep took for dead and queued again must not make the new attempt look
    alive, or its own look alive after it lost the row."""

    def __init__(self, model, pk: int, interval: float):
        super().__init__(name=f"heartbeat-{model.__name__}-{pk}", daemon=True)
        self.model, self.pk, self.interval = model, pk, interval
        self.done = threading.Event()
        self.attempt = None

    def beat(self) -> bool:
        """One sign of life; False once this attempt no longer owns the row."""
        running = BATCH_STARTED if self.model is ComplaintBatch else {RunStatus.RUNNING}
        if self.attempt is None:
            self.attempt = self.model.objects.filter(pk=self.pk).values_list("attempts", flat=True).first()
        return bool(self.model.objects.filter(pk=self.pk, status__in=running, attempts=self.attempt).update(
            heartbeat_at=timezone.now()))

    def run(self):
        try:
            while not self.done.wait(self.interval):
                try:
                    self.beat()
                except DatabaseError:  # a busy database: the next beat tries again
                    log.warning("heartbeat of %s %s not recorded", self.model.__name__, self.pk, exc_info=True)
        finally:
            connection.close()  # this thread's own connection


@contextmanager
def heartbeat(model, pk: int):
    """While the worker's task runs, a thread says every JINGQI_CLAIMS_HEARTBEAT_SECONDS that it is alive —
    also during long steps that report no progress (comparing pictures, saving clues) — so that the sweep
    tells a dead worker from a slow one within minutes. Tasks run in the caller's process when the queue
    is immediate (tests, demo): no worker can die apart from it, and no thread is started."""
    from huey.contrib.djhuey import HUEY

    interval = settings.JINGQI_CLAIMS_HEARTBEAT_SECONDS
    if HUEY.immediate or interval <= 0:
        yield
        return
    beat = _Heartbeat(model, pk, interval)
    beat.start()
    try:
        yield
    finally:
        beat.done.set()
        beat.join(timeout=interval + 5)


def run_import(batch_pk: int) -> ComplaintBatch:
    """Check every row; import all of them, or none (the task's body).

    The rows are written in chunks, each committed on its own, so that a large import does not hold the
    embedded database's write lock for long; until the batch is marked imported, the model and the
    pages ignore them, and a batch that fails midway has them removed again.
    """
    claimed = _claim(ComplaintBatch, batch_pk, BatchStatus.QUEUED, BatchStatus.CHECKING)
    batch = ComplaintBatch.objects.select_related("station", "uploaded_by").get(pk=batch_pk)
    if not claimed:
        return batch  # delivered twice, or already done: the attempt that holds the claim does the work
    archive = None
    try:
        path = Path(batch.source_file.path)
        _progress(batch, rows_total=importing.count_rows(path))
        if batch.evidence_file:
            archive = importing.EvidenceArchive(Path(batch.evidence_file.path))
        errors, warnings = _check_rows(batch, path, archive)
        if not errors and batch.rows_total == 0:
            errors = [importing.Problem(1, msg(gettext_noop("The file holds no complaints.")))]
        if errors:
            return _refuse(batch, errors, warnings)
        _progress(batch, status=BatchStatus.WRITING, rows_imported=0)
        images = _write_batch(batch, path, archive, warnings)
        _close(batch, BatchStatus.IMPORTED, "claims.batch_import",
               {"complaints": batch.rows_total, "pictures": images, "warnings": len(warnings)},
               rows_imported=batch.rows_total, images_imported=images,
               warnings=[w.as_dict() for w in warnings[:importing.MAX_WARNINGS_KEPT]])
    except Superseded:
        log.warning("import of complaint batch %s: attempt %s lost its claim and stopped", batch_pk, batch.attempts)
        batch.refresh_from_db()
        return batch
    except Exception as exc:  # noqa: BLE001 — the batch must not stay "checking" forever
        return _end_failed_import(batch, exc)
    finally:
        if archive is not None:
            archive.close()
    queue_run(batch.uploaded_by, batch.station)
    return batch


def _end_failed_import(batch, exc: Exception) -> ComplaintBatch:
    """Refuse or fail the batch and remove what it wrote, unless this attempt has lost it meanwhile."""
    try:
        if isinstance(exc, IntegrityError):
            # Another batch wrote some of the same complaint numbers between this one's check and its write.
            return _refuse(batch, [importing.Problem(1, msg(gettext_noop(
                "Some of these complaints were imported by another batch at the same time; nothing of this file "
                "was imported. Upload it again to see which rows.")))], [], discard=True)
        if isinstance(exc, ActionError):
            return _refuse(batch, [importing.Problem(1, exc.message)], [], discard=True)
        log.error("import of complaint batch %s failed", batch.pk, exc_info=exc)
        return _close(batch, BatchStatus.FAILED, "claims.batch_fail", {"error": type(exc).__name__}, discard=True,
                      failure=f"{type(exc).__name__}: {exc}"[:2000], rows_imported=0)
    except Superseded:
        batch.refresh_from_db()
        return batch


def _check_rows(batch, path, archive):
    errors: list[importing.Problem] = []
    warnings: list[importing.Problem] = []
    taken = set(Complaint.objects.filter(station=batch.station).values_list("complaint_id", flat=True))
    seen: dict[str, int] = {}
    missing_pictures = 0
    for n, (number, cells, why) in enumerate(importing.iter_rows(path), start=1):
        if n % PROGRESS_EVERY == 0:
            _progress(batch, rows_checked=n)
        if cells is None:
            errors.append(importing.Problem(number, why))
            continue
        parsed, row_errors, row_warnings = importing.parse_row(number, cells)
        cid = importing.clean(cells.get("complaint_id", ""))
        if cid in seen:
            row_errors.append(msg(gettext_noop("The complaint ID %(id)s is also in row %(row)d."), id=cid,
                                  row=seen[cid]))
        elif cid in taken:
            row_errors.append(msg(gettext_noop("Complaint %(id)s was imported before."), id=cid))
        if cid:
            seen.setdefault(cid, number)
        errors.extend(importing.Problem(number, e) for e in row_errors)
        warnings.extend(importing.Problem(number, w) for w in row_warnings)
        if parsed and parsed.evidence:
            absent = [name for name in parsed.evidence if archive is None or archive.find(name) is None]
            if absent and archive is not None:
                warnings.append(importing.Problem(number, msg(
                    gettext_noop("Evidence pictures not in the archive: %(names)s."), names="、".join(absent[:5]))))
            missing_pictures += len(absent)
    _progress(batch, rows_checked=batch.rows_total)
    if archive is None and missing_pictures:
        warnings.append(importing.Problem(1, msg(gettext_noop(
            "The complaints name %(n)d evidence pictures, but no archive was uploaded: pictures are not compared."),
            n=missing_pictures)))
    return errors, warnings


def _picture_problem(info, data: bytes) -> Message | None:
    """Why a picture from the archive cannot be kept, or None."""
    import filetype
    from PIL import Image

    kind = filetype.guess(data[:8192])
    if not kind or kind.mime not in EVIDENCE_TYPES:
        return msg(gettext_noop("not a picture (JPEG, PNG, GIF, WebP or BMP)"))
    try:
        with warnings.catch_warnings():
            # Pillow warns before it refuses; the size is judged here, below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                width, height = img.size
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return msg(gettext_noop("the picture cannot be read"))
    if width * height > Image.MAX_IMAGE_PIXELS:
        return msg(gettext_noop("the picture is %(w)d × %(h)d pixels, too large to compare"), w=width, h=height)
    return None


def _store_picture(batch, archive, name: str, stored: dict, written: list, warnings: list,
                   number: int) -> EvidenceImage | None:
    info = archive.find(name)
    if info is None:
        return None
    if info.filename in stored:
        return stored[info.filename]
    stored[info.filename] = None
    # The size is checked before the member is read: the archive says how large it unpacks.
    if info.file_size > settings.JINGQI_UPLOAD_MAX_BYTES:
        problem = msg(gettext_noop("larger than %(mb)s MB"), mb=settings.JINGQI_UPLOAD_MAX_BYTES // (1024 * 1024))
    else:
        data = archive.read(info)
        problem = _picture_problem(info, data)
    if problem:
        warnings.append(importing.Problem(number, msg(gettext_noop("Evidence picture %(name)s not kept: %(why)s."),
                                                      name=name, why=problem)))
        return None
    import filetype

    mime = filetype.guess(data[:8192]).mime
    image = EvidenceImage(batch=batch, name=name[:255], content_type=mime, size=len(data))
    image.file.save(f"{len(stored):06d}{EVIDENCE_TYPES[mime]}", ContentFile(data), save=False)
    written.append(image.file.name)
    with transaction.atomic():
        _progress(batch)  # only while this attempt owns the batch
        image.save()
    stored[info.filename] = image
    return image


def _write_batch(batch, path, archive, warnings: list) -> int:
    enterprises = dict(Enterprise.objects.filter(park__station=batch.station).values_list("uscc", "pk"))
    stored: dict[str, EvidenceImage | None] = {}
    written: list[str] = []
    chunk: list[Complaint] = []
    done = 0

    def flush():
        nonlocal done
        with transaction.atomic():
            # The claim is checked in the transaction that writes the rows: an attempt that lost it writes none.
            _progress(batch, rows_imported=done + len(chunk))
            Complaint.objects.bulk_create(chunk)
        done += len(chunk)
        chunk.clear()

    try:
        for number, cells, _why in importing.iter_rows(path):
            parsed, _errors, _warnings = importing.parse_row(number, cells)
            v = parsed.values
            names = []
            for name in parsed.evidence:
                image = _store_picture(batch, archive, name, stored, written, warnings, number) if archive else None
                names.append({"name": name, "image": image.pk if image else None})
            chunk.append(Complaint(
                batch=batch, station=batch.station, row_number=number, evidence_files=names,
                enterprise_id=enterprises.get(v["merchant_uscc"]),
                id_number_index=blind_index("id", v["id_number"]) if parsed.id_number_ok else "",
                phone_index=blind_index("phone", v["phone"]) if parsed.phone_ok else "", **v))
            if len(chunk) >= CREATE_CHUNK:
                flush()
        flush()
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    return sum(1 for image in stored.values() if image is not None)


def _tell_uploader(batch: ComplaintBatch) -> None:
    title = {
        BatchStatus.IMPORTED: _("Complaint import %(name)s: %(n)d complaints imported"),
        BatchStatus.REJECTED: _("Complaint import %(name)s refused: %(n)d rows with errors"),
        BatchStatus.FAILED: _("Complaint import %(name)s failed"),
    }[batch.status] % {"name": batch.source_name, "n": batch.rows_imported or batch.error_count}
    url = reverse("claims:batch_detail", args=[batch.pk])
    notify_on_commit([batch.uploaded_by], "claims.batch", title, "", url, {"batch": batch.pk, "status": batch.status})


# --- model runs --------------------------------------------------------------------------------------


def give_up_stale(station: Station | None = None) -> int:
    """Batches and runs that have shown no progress for JINGQI_CLAIMS_RUN_HOURS: their worker hangs, or
    their task was lost before it started (a worker that died is noticed sooner: :func:`recover_stale`).

    Each is marked failed (a run would otherwise block its station for good), what a batch had written
    is removed, and each is audited. Called before every new run and by the periodic sweep.
    """
    hours = settings.JINGQI_CLAIMS_RUN_HOURS
    limit = timezone.now() - timedelta(hours=hours)
    reason = _("Given up: no progress for %(hours)d hours (the background worker stopped?).") % {"hours": hours}
    given_up = 0
    runs = ScanRun.objects.filter(status__in=RUN_ACTIVE, updated_at__lt=limit).select_related("started_by")
    batches = ComplaintBatch.objects.filter(status__in=BATCH_RUNNING, updated_at__lt=limit).select_related(
        "uploaded_by")
    if station is not None:
        runs, batches = runs.filter(station=station), batches.filter(station=station)
    for run in runs:
        with transaction.atomic():
            # Still without progress now (the select above may be old news): else it moved meanwhile.
            if ScanRun.objects.filter(pk=run.pk, status__in=RUN_ACTIVE, updated_at__lt=limit).update(
                    status=RunStatus.FAILED, finished_at=timezone.now(), failure=reason):
                audit.record(run.started_by, "claims.run_give_up", run, {"hours": hours})
                given_up += 1
    for batch in batches:
        try:
            _close(batch, BatchStatus.FAILED, "claims.batch_give_up", {"hours": hours}, discard=True,
                   statuses=BATCH_RUNNING, stale_before=limit, failure=reason, rows_imported=0)
        except Superseded:
            continue  # it moved meanwhile
        given_up += 1
    return given_up


def recover_stale() -> dict[str, int]:
    """Imports and runs whose worker died: started, but no sign of life (heartbeat) for
    JINGQI_CLAIMS_STALE_MINUTES. Each is queued again — a batch after what it had written is removed; a
    run writes its clues in one transaction at the end, so a dead one left none — or, once it has been
    started JINGQI_CLAIMS_MAX_ATTEMPTS times, failed with the reason. Called every minute by a periodic task.
    """
    minutes, most = settings.JINGQI_CLAIMS_STALE_MINUTES, settings.JINGQI_CLAIMS_MAX_ATTEMPTS
    now = timezone.now()
    limit = now - timedelta(minutes=minutes)
    stale = Q(heartbeat_at__lt=limit) | Q(heartbeat_at__isnull=True, updated_at__lt=limit)
    reason = _("Given up: the background worker stopped %(n)d times while working on it (no sign of life for "
               "%(minutes)d minutes each time).")
    done = {"resumed": 0, "failed": 0}
    for pk in ComplaintBatch.objects.filter(stale, status__in=BATCH_STARTED).values_list("pk", flat=True):
        with transaction.atomic():
            batch = ComplaintBatch.objects.select_for_update().filter(stale, pk=pk, status__in=BATCH_STARTED).first()
            if batch is None:
                continue  # it moved meanwhile
            if batch.attempts >= most:
                _close(batch, BatchStatus.FAILED, "claims.batch_give_up", {"attempts": batch.attempts},
                       discard=True, failure=reason % {"n": batch.attempts, "minutes": minutes}, rows_imported=0)
                done["failed"] += 1
                continue
            _discard(batch)
            ComplaintBatch.objects.filter(pk=pk).update(status=BatchStatus.QUEUED, rows_checked=0, rows_imported=0,
                                                        heartbeat_at=None, updated_at=now)
            audit.record(batch.uploaded_by, "claims.batch_resume", batch,
                         {"attempts": batch.attempts, "minutes": minutes})
            transaction.on_commit(lambda pk=pk: _queue_import(pk))
            done["resumed"] += 1
    for pk in ScanRun.objects.filter(stale, status=RunStatus.RUNNING).values_list("pk", flat=True):
        with transaction.atomic():
            run = ScanRun.objects.select_for_update().filter(stale, pk=pk, status=RunStatus.RUNNING).first()
            if run is None:
                continue
            if run.attempts >= most:
                ScanRun.objects.filter(pk=pk).update(
                    status=RunStatus.FAILED, finished_at=now, updated_at=now,
                    failure=reason % {"n": run.attempts, "minutes": minutes})
                audit.record(run.started_by, "claims.run_give_up", run, {"attempts": run.attempts})
                done["failed"] += 1
                continue
            ScanRun.objects.filter(pk=pk).update(status=RunStatus.QUEUED, stage="", heartbeat_at=None, updated_at=now)
            audit.record(run.started_by, "claims.run_resume", run, {"attempts": run.attempts, "minutes": minutes})
            transaction.on_commit(lambda pk=pk: _queue_model(pk))
            done["resumed"] += 1
    return done


def queue_run(actor, station: Station) -> ScanRun | None:
    """Start a run unless one is already going (that one picks up new complaints when it ends)."""
    give_up_stale(station)
    try:
        with transaction.atomic():
            run = ScanRun.objects.create(station=station, started_by=actor)
            audit.record(actor, "claims.run_queue", run, {"station": station.code})
    except IntegrityError:
        return None
    transaction.on_commit(lambda: _queue_model(run.pk))
    return run


def _queue_model(run_pk: int) -> None:
    from . import tasks

    tasks.run_model(run_pk)


def imported_complaints(station: Station):
    """Complaints of finished imports: a batch still writing (or one that failed midway) is not seen."""
    return Complaint.objects.filter(station=station, batch__status=BatchStatus.IMPORTED)


@transaction.atomic
def do_start_run(actor, station: Station | None = None) -> ScanRun:
    station = check_can_work(actor, station)
    if not imported_complaints(station).exists():
        raise ActionError(_("There are no complaints to scan yet: import a complaint export first."))
    run = queue_run(actor, station)
    if run is None:
        raise ActionError(_("The model is already running for this station; its results will appear shortly."),
                          code="busy")
    return run


EVIDENCE_ROOT = "claims/evidence/"


def _rows_for_engine(station: Station, images: dict[int, str]):
    """The station's complaints as the engine's rows; each complaint's pk stands in for its number, and
    each evidence picture for its stored path, so results map straight back. A picture that was not
    kept is left out: names from the export never reach the file system."""
    from .engine.reading import COLUMNS, OPTIONAL

    yield [*COLUMNS, *OPTIONAL]
    fields = ["pk", "received_at", "channel", "complainant_name", "id_number", "phone", "address", "merchant_name",
              "merchant_uscc", "product", "purchase_date", "purchase_quantity", "purchase_amount", "claim_amount",
              "legal_basis", "text", "evidence_files", "outcome", "compensation_amount", "closed_at", "remark",
              "order_no", "outcome_label"]

    def text(value):
        if value is None:
            return ""
        return value.isoformat() if hasattr(value, "isoformat") else str(value)

    for values in imported_complaints(station).order_by("pk").values_list(*fields).iterator(2000):
        *values, label = values
        row = [text(v) for v in values]
        row[16] = ";".join(images[e["image"]] for e in values[16] or [] if e.get("image") in images)
        row[17] = label or row[17]  # the label as exported: the facts it states (a refund, a settlement) count
        yield row


def run_model(run_pk: int) -> ScanRun:
    """Run the engine over the station's complaints and save its clues (the task's body)."""
    from .engine.rules import Config
    from .engine.scoring import scan

    started = timezone.now()
    claimed = _claim(ScanRun, run_pk, RunStatus.QUEUED, RunStatus.RUNNING)
    run = ScanRun.objects.select_related("station", "started_by").get(pk=run_pk)
    if not claimed:
        return run  # delivered twice, or already done: the attempt that holds the claim does the work

    def stage(name: str):
        # Progress (see give_up_stale) and a sign of life (see recover_stale); stops an attempt that lost the run.
        now = timezone.now()
        if not _owned(ScanRun, run).update(stage=name, updated_at=now, heartbeat_at=now):
            raise Superseded

    try:
        stage("loading")
        images = {pk: name.removeprefix(EVIDENCE_ROOT) for pk, name in EvidenceImage.objects.filter(
            batch__station=run.station, batch__status=BatchStatus.IMPORTED).values_list("pk", "file")}
        image_of_path = {name: pk for pk, name in images.items()}
        cfg = Config.load(settings.JINGQI_CLAIMS_CONFIG or None)
        # The reasons are kept in English and their facts; the clue page says them in the reader's language.
        with translation.override("en"):
            result = scan(_rows_for_engine(run.station, images),
                          evidence_dir=Path(settings.MEDIA_ROOT) / EVIDENCE_ROOT, config=cfg, stage=stage)
        stage("saving")
        _save_clues(run, result, image_of_path)
    except Superseded:
        log.warning("claims model run %s: attempt %s lost its claim and stopped", run_pk, run.attempts)
        run.refresh_from_db()
        return run
    except Exception as exc:  # noqa: BLE001 — a failed run says so on its page instead of spinning forever
        log.exception("claims model run %s failed", run_pk)
        with transaction.atomic():
            if _owned(ScanRun, run).update(status=RunStatus.FAILED, failure=f"{type(exc).__name__}: {exc}"[:2000],
                                           finished_at=timezone.now(), updated_at=timezone.now()):
                audit.record(run.started_by, "claims.run_fail", run, {"error": type(exc).__name__})
        run.refresh_from_db()
        return run
    # Complaints imported while this run read the old ones get a run of their own.
    if ComplaintBatch.objects.filter(station=run.station, status=BatchStatus.IMPORTED,
                                     finished_at__gte=started).exists():
        queue_run(run.started_by, run.station)
    run.refresh_from_db()
    return run


class _Changes:
    """What a run did to the clue list, in the list's terms: clues new to it, clues found again on exactly
    the same complaints (they replace the previous run's, under a new number), clues that changed (they
    share complaints with a replaced one), replaced clues no longer found, and clues under review or
    decided that stayed as they were (``in_review``: findings of this run left to those)."""

    def __init__(self, replaced: list[Clue], kept: int):
        old_sets: dict[int, set[int]] = {}
        for clue_id, complaint_id in Clue.complaints.through.objects.filter(
                clue__in=replaced).values_list("clue_id", "complaint_id"):
            old_sets.setdefault(clue_id, set()).add(complaint_id)
        self.same = {frozenset(v): k for k, v in old_sets.items()}
        self.old_of: dict[int, set[int]] = {}
        for clue_id, pks in old_sets.items():
            for pk in pks:
                self.old_of.setdefault(pk, set()).add(clue_id)
        self.replaced, self.followed = len(replaced), set()
        self.counts = {"new": 0, "changed": 0, "again": 0, "dropped": 0, "kept": kept, "in_review": 0}

    def add(self, pks: list[int]) -> None:
        old = self.same.get(frozenset(pks))
        if old is not None:
            self.counts["again"] += 1
            self.followed.add(old)
            return
        touched = set().union(*(self.old_of.get(pk, ()) for pk in pks))
        self.counts["changed" if touched else "new"] += 1
        self.followed |= touched

    def result(self) -> dict[str, int]:
        return {**self.counts, "dropped": self.replaced - len(self.followed)}


def _save_clues(run: ScanRun, result, image_of_path: dict[str, int]) -> None:
    from . import chain
    from .engine import report

    c = result.complaints
    pk_of_row = np.array([int(x) for x in c.complaint_ids], dtype=np.int64)
    evidence_names = c.interners["evidence"].values
    image_of_code = {code: image_of_path[name] for code, name in enumerate(evidence_names) if name in image_of_path}
    flag = result.config.flag_score
    with transaction.atomic():
        if not _owned(ScanRun, run).select_for_update().exists():
            raise Superseded  # given up or queued again meanwhile: this attempt saves nothing
        run = ScanRun.objects.get(pk=run.pk)
        # Locked first, so that a review committed while this run saves cannot slip between the two steps.
        live = Clue.objects.filter(station=run.station, superseded=False)
        list(live.select_for_update().values_list("pk", flat=True))
        # Sets of complaints someone is already working on: the same finding is not raised twice.
        worked = {frozenset(clue.complaints.values_list("pk", flat=True))
                  for clue in live.exclude(state=ClueState.NEW)}
        replaced = list(live.filter(state=ClueState.NEW))
        changes = _Changes(replaced, kept=len(worked))
        live.filter(state=ClueState.NEW).update(superseded=True, version=F("version") + 1, updated_at=timezone.now())
        ClueEvent.objects.bulk_create([ClueEvent(clue=old, kind=EventKind.SUPERSEDED, at=timezone.now(),
                                                 data={"run": run.pk}) for old in replaced])
        created = 0
        for clue in result.clues:
            pks = [int(pk_of_row[r]) for r in clue.rows.tolist()]
            if frozenset(pks) in worked:
                changes.counts["in_review"] += 1
                continue
            changes.add(pks)
            data = chain.payload(result, clue, pk_of_row, image_of_code)
            created += 1
            obj = Clue.objects.create(
                station=run.station, run=run, number=f"XS{run.pk:05d}-{created:04d}", kind=clue.kind,
                score=min(max(clue.score, 0.0), 1.0), flagged=clue.score >= flag, **data)
            obj.complaints.set(pks)
            events.clue_found_event(obj)
        summary = report.summary(result)
        summary.pop("row_errors", None)
        summary["clue_changes"] = changes.result()
        run.status, run.stage, run.finished_at = RunStatus.DONE, "", timezone.now()
        run.complaints, run.clues_found, run.summary = len(c), created, summary
        run.save()
        audit.record(run.started_by, "claims.run_done", run,
                     {"complaints": len(c), "clues": created, "replaced": [old.number for old in replaced]})
        flagged = Clue.objects.filter(run=run, flagged=True).count()
        if flagged:
            url = reverse("claims:clue_list")
            title = _("The false-claim model found %(n)d clues above the flag line") % {"n": flagged}
            people = list(User.objects.filter(is_active=True, role=Role.SUPERVISOR, station=run.station))
            notify_on_commit(people, "claims.run", title, "", url, {"run": run.pk})


# --- clue review -----------------------------------------------------------------------------------------


def _lock(actor, clue: Clue) -> Clue:
    return access(Clue.objects.select_for_update(), actor, clue.pk, "change")


def _text(value: str, field: str, message: str, limit: int = LONG_TEXT, *, label) -> str:
    """A required free text of a review action, held to the platform's limit (core.text)."""
    return check_text(value, field=field, limit=limit, required=True, label=label, empty_message=message)


def _move(actor, clue: Clue, action: str, expected_version: int | None, **changes) -> tuple[Clue, dict]:
    clue = _lock(actor, clue)
    check_version(clue, expected_version, STALE_CLUE)
    if clue.superseded:
        raise ActionError(_("A later model run replaced this clue: work on the current one."), code="superseded")
    before = audit.snapshot(clue, AUDITED)
    MACHINE.move(clue, action)
    for name, value in changes.items():
        setattr(clue, name, value)
    clue.version += 1
    clue.save()
    audit.record(actor, f"clue.{action}", clue, audit.diff(before, audit.snapshot(clue, AUDITED)))
    return clue, before


@transaction.atomic
def do_review_clue(actor, clue: Clue, *, expected_version: int | None = None) -> Clue:
    clue, _before = _move(actor, clue, "review", expected_version, reviewer=actor)
    events.clue_reviewed_event(clue, actor)
    return clue


@transaction.atomic
def do_confirm_clue(actor, clue: Clue, *, findings: str, expected_version: int | None = None) -> Clue:
    findings = _text(findings, "findings", _("Say what the review established."),
                     label=_("What the review established"))
    clue, _before = _move(actor, clue, "confirm", expected_version, findings=findings, decided_at=timezone.now())
    events.clue_confirmed_event(clue, actor, findings)
    return clue


@transaction.atomic
def do_transfer_clue(actor, clue: Clue, *, case_reference: str, note: str = "", park=None,
                     expected_version: int | None = None) -> Clue:
    """Transferred to a case: an extortion case is opened and filed under ``case_reference`` (the filing
    decision's number), linked to the clue, with the targeted enterprises as victims (see
    ``cases.services.do_case_from_clue``; ``park`` is needed only when no targeted merchant is in the registry)."""
    from jingqi.cases.services import do_case_from_clue

    case_reference = _text(case_reference, "case_reference", _("Give the number of the case it goes to."), 60,
                           label=_("Case number"))
    note = check_text(note, field="note", label=_("Note"))
    clue, _before = _move(actor, clue, "transfer", expected_version, case_reference=case_reference,
                          decided_at=timezone.now())
    case = do_case_from_clue(actor, clue, filing_number=case_reference, park=park)
    events.clue_transferred_event(clue, actor, case_reference, note, case=case)
    return clue


@transaction.atomic
def do_dismiss_clue(actor, clue: Clue, *, reason: str, expected_version: int | None = None) -> Clue:
    reason = _text(reason, "reason", _("Say why the clue is dismissed."), label=_("Reason"))
    clue, _before = _move(actor, clue, "dismiss", expected_version, dismiss_reason=reason, decided_at=timezone.now())
    events.clue_dismissed_event(clue, actor, reason)
    return clue


@transaction.atomic
def do_reopen_clue(actor, clue: Clue, *, reason: str, expected_version: int | None = None) -> Clue:
    reason = _text(reason, "reason", _("Say why the clue is reopened."), label=_("Reason"))
    clue, _before = _move(actor, clue, "reopen", expected_version, dismiss_reason="", decided_at=None,
                          reviewer=actor)
    events.clue_reopened_event(clue, actor, reason)
    return clue


@transaction.atomic
def do_note_clue(actor, clue: Clue, *, text: str) -> Clue:
    text = _text(text, "text", _("Write the note."), label=_("Note"))
    clue = _lock(actor, clue)
    events.clue_noted_event(clue, actor, text)
    audit.record(actor, "clue.note", clue, {"length": len(text)})
    return clue


@transaction.atomic
def do_reveal_clue(actor, clue: Clue) -> Clue:
    """Show the clue's complainants in full: needs the reveal right, and is audited."""
    clue = access(Clue.objects.all(), actor, clue.pk)
    if not actor.can_reveal:
        raise PermissionDenied(_("You do not have the right to reveal personal data."))
    audit.record(actor, "clue.reveal", clue, {"complaints": clue.complaint_count})
    events.clue_revealed_event(clue, actor)
    return clue
