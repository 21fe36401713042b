"""Demo of the false-claim model at the Shengzhou station, acted out through the services.

The community officer uploads the complaint platform's export as it came (with its broken rows) and
the evidence pictures: the import refuses the batch and lists the rows. She removes those rows and
uploads again; the batch imports and the model runs. Then the clues are worked as they would be: the
strongest is confirmed and transferred to a case by the supervisor, the next is under review, and a
weak clue below the flag line, checked and found to be a genuine consumer, is dismissed with its reason.
"""

import csv
import io
import zipfile
from datetime import datetime, time, timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from jingqi.accounts.models import User
from jingqi.core.exports import data_csv_writer
from jingqi.core.replay import replayed_time
from jingqi.registry.models import Station

from . import importing, services
from .choices import BatchStatus
from .models import Clue, ComplaintBatch

DATA = Path(__file__).resolve().parent / "data"
STATION = "SZ-YX"
OFFICER, SUPERVISOR = "sz_officer", "sz_supervisor"
CLUE_DAYS_AGO = 40


def _evidence_zip() -> SimpleUploadedFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as zf:
        for picture in sorted((DATA / "demo_evidence").iterdir()):
            zf.write(picture, f"证据图片/{picture.name}")
    return SimpleUploadedFile("证据图片.zip", out.getvalue(), content_type="application/zip")


def _corrected(source: Path) -> bytes:
    """The export without the rows the import refused, as the officer would send it the second time."""
    bad = set()
    for number, cells, _why in importing.iter_rows(source):
        if cells is None or importing.parse_row(number, cells)[1]:
            bad.add(number)
    out = io.StringIO()
    writer = data_csv_writer(out)  # read back by the import, not by a person: the cells stay as they were
    with source.open(encoding="utf-8-sig", newline="") as fh:
        for number, row in enumerate(csv.reader(fh), start=1):
            if number not in bad:
                writer.writerow(row)
    return out.getvalue().encode("utf-8")


def load(loader, *, seed: int, scale: float) -> None:
    station = Station.objects.filter(code=STATION).first()
    officer = User.objects.filter(username=OFFICER).first()
    supervisor = User.objects.filter(username=SUPERVISOR).first()
    if not (station and officer and supervisor):
        return
    # Acted out forty days ago, so that the case it led to has had its investigation since (cases/demo.py).
    day = timezone.localdate() - timedelta(days=CLUE_DAYS_AGO)
    with replayed_time() as clock:
        clock.at = _local(day, 9, 30)
        _import_and_work(station, officer, supervisor, clock, day)


def _local(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def _import_and_work(station, officer, supervisor, clock, day) -> None:
    source = DATA / "demo_complaints.csv"
    first = services.do_upload_batch(officer, upload=SimpleUploadedFile("12315投诉导出-2024.csv", source.read_bytes()),
                                     evidence=_evidence_zip())
    services.run_import(first.pk)
    clock.at = _local(day, 10, 40)
    second = services.do_upload_batch(officer, upload=SimpleUploadedFile("12315投诉导出-2024-修正.csv",
                                                                         _corrected(source)),
                                      evidence=_evidence_zip())
    second = services.run_import(second.pk)
    if second.status != BatchStatus.IMPORTED:
        return
    run = station.claim_runs.order_by("-pk").first()
    if run is not None and run.is_active:
        services.run_model(run.pk)
    clues = list(Clue.objects.filter(station=station, superseded=False, flagged=True).order_by("-score", "number"))
    tomorrow = day + timedelta(days=1)
    if clues:
        # The forged evidence is established the next morning: within 24 hours of the complaints reaching the
        # station, as the published model did.
        clock.at = _local(tomorrow, 8, 30)
        top = services.do_review_clue(officer, clues[0])
        clock.at = _local(tomorrow, 10, 5)
        top = services.do_confirm_clue(officer, top, findings=_(
            "The complainants are one person: the same phone and the same injury pictures under several names. "
            "The merchants confirm private payments."))
        clock.at = _local(tomorrow, 10, 25)
        # The case goes to the park of the merchants it targeted, or (none in the registry) the station's first.
        park = None if top.complaints.exclude(enterprise=None).exists() else station.parks.order_by("code").first()
        services.do_transfer_clue(supervisor, top, case_reference="嵊公（刑）立字〔2026〕第0417号", park=park,
                                  note=_("Transferred to the criminal investigation team as suspected extortion."))
    clock.at = _local(tomorrow, 17, 0)
    if len(clues) > 1:
        services.do_review_clue(officer, clues[1])
    below = Clue.objects.filter(station=station, superseded=False, state="new", flagged=False).order_by("score")
    if below.exists():
        services.do_dismiss_clue(officer, below.first(), reason=_(
            "Checked with the merchant and the complainant: a consumer who cited the food-safety law for a real "
            "expired product; no sign of a scheme."))


def summary() -> list[str]:
    lines = []
    for station in Station.objects.order_by("code"):
        batches = ComplaintBatch.objects.filter(station=station)
        if not batches.exists():
            continue
        clues = Clue.objects.filter(station=station, superseded=False)
        lines.append(_("%(station)s — complaint imports: %(imported)d imported, %(rejected)d refused; clues: "
                       "%(clues)d, of which %(flagged)d above the flag line, %(transferred)d transferred to a case.")
                     % {"station": station.name, "imported": batches.filter(status="imported").count(),
                        "rejected": batches.filter(status="rejected").count(), "clues": clues.count(),
                        "flagged": clues.filter(flagged=True).count(),
                        "transferred": clues.filter(state="transferred").count()})
    return lines
