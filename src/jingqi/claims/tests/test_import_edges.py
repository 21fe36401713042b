"""Imports at the edges: workbooks, archives written by different tools, pictures that are not what they
say, empty files, stuck batches, and clues replaced by a later run."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jingqi.claims import importing, services
from jingqi.claims.choices import BatchStatus, ClueState
from jingqi.claims.engine.reading import COLUMNS
from jingqi.claims.messages import say
from jingqi.claims.models import Clue, Complaint, ComplaintBatch, EvidenceImage
from jingqi.core.errors import ActionError
from jingqi.core.models import AuditEvent

from .conftest import complaint
from .platform import JPEG, csv_upload, scheme_pictures, scheme_rows, zip_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(world, django_capture_on_commit_callbacks):
    def go(upload, evidence=None, actor=None):
        with django_capture_on_commit_callbacks(execute=True):
            batch = services.do_upload_batch(actor or world.officer_a, upload=upload, evidence=evidence)
        batch.refresh_from_db()
        return batch

    return go


def test_excel_workbook_imports(imported):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    ws.append([complaint(complaint_id="X1")[c] for c in COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    batch = imported(SimpleUploadedFile("导出.xlsx", out.getvalue()))
    assert batch.status == BatchStatus.IMPORTED, batch.errors
    assert Complaint.objects.filter(complaint_id="X1").exists()


def test_header_only_file_is_refused(imported):
    batch = imported(SimpleUploadedFile("空.csv", (",".join(COLUMNS) + "\n").encode()))
    assert batch.status == BatchStatus.REJECTED and "no complaints" in say(batch.errors[0])


def test_empty_upload_is_refused_at_once(world):
    with pytest.raises(ActionError):
        services.do_upload_batch(world.officer_a, upload=SimpleUploadedFile("空.csv", b""))


def test_a_row_with_several_errors_lists_them_all_with_the_repeated_id(imported):
    rows = [complaint(complaint_id="D1"), complaint(complaint_id="D1", received_at="不详")]
    batch = imported(csv_upload(rows))
    reasons = [say(e) for e in batch.errors if e["row"] == 3]
    assert len(reasons) == 2 and any("row 2" in r for r in reasons)


def _zip_with_raw_names(entries: dict[bytes, bytes]) -> SimpleUploadedFile:
    """An archive whose member names are raw bytes without the UTF-8 flag, as Windows and Linux tools write."""
    class RawName(zipfile.ZipInfo):
        def _encodeFilenameFlags(self):  # noqa: N802 — zipfile's own hook: write the bytes as they are
            return self.filename.encode("cp437"), self.flag_bits & ~0x800

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for raw, data in entries.items():
            zf.writestr(RawName(raw.decode("cp437")), data)
    return SimpleUploadedFile("证据.zip", out.getvalue())


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_chinese_picture_names_are_found_whatever_the_archiver(imported, encoding):
    archive = _zip_with_raw_names({"证据\\伤口照片.jpg".encode(encoding): JPEG})
    batch = imported(csv_upload([complaint(complaint_id="Z1", evidence_files="伤口照片.jpg")]), archive)
    assert batch.status == BatchStatus.IMPORTED and batch.images_imported == 1, batch.warnings


def test_a_picture_in_another_folder_is_not_taken_for_the_one_named(imported):
    archive = zip_upload({"乙/x.jpg": JPEG})
    batch = imported(csv_upload([complaint(complaint_id="F1", evidence_files="甲/x.jpg")]), archive)
    assert batch.images_imported == 0 and "甲/x.jpg" in say(batch.warnings[0])


def test_a_same_named_picture_in_two_folders_is_not_guessed(imported):
    archive = zip_upload({"甲/x.jpg": JPEG, "乙/x.jpg": JPEG})
    batch = imported(csv_upload([complaint(complaint_id="F2", evidence_files="x.jpg")]), archive)
    assert batch.images_imported == 0


def test_a_picture_too_large_to_decode_is_left_out_with_a_warning(imported):
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, "PNG")  # small file, 144 megapixels
    archive = zip_upload({"bomb.png": out.getvalue(), "ok.jpg": JPEG})
    batch = imported(csv_upload([complaint(complaint_id="P1", evidence_files="bomb.png;ok.jpg")]), archive)
    assert batch.status == BatchStatus.IMPORTED and batch.images_imported == 1
    assert any("12000" in say(w) for w in batch.warnings)


def test_a_file_that_is_not_a_picture_is_left_out(imported):
    archive = zip_upload({"x.jpg": b"MZ\x90\x00 not a picture at all"})
    batch = imported(csv_upload([complaint(complaint_id="P2", evidence_files="x.jpg")]), archive)
    assert batch.images_imported == 0 and "not a picture" in say(batch.warnings[0])


def test_archive_with_too_many_files_refuses_the_batch(imported, settings):
    settings.JINGQI_CLAIMS_EVIDENCE_MAX_FILES = 2
    archive = zip_upload({f"{i}.jpg": JPEG for i in range(3)})
    batch = imported(csv_upload([complaint(complaint_id="M1")]), archive)
    assert batch.status == BatchStatus.REJECTED and "more than 2 files" in say(batch.errors[0])
    assert not Complaint.objects.filter(complaint_id="M1").exists()


def test_names_from_the_export_never_reach_the_file_system(world, imported):
    """A complaint naming another batch's picture by path gets nothing: only pictures kept for its own batch
    are compared."""
    first = imported(csv_upload(scheme_rows()), zip_upload(scheme_pictures()))
    other = EvidenceImage.objects.filter(batch=first).first()
    sneaky = complaint(complaint_id="N1", evidence_files=f"../{other.file.name}")
    batch = imported(csv_upload([sneaky]), zip_upload({"unrelated.jpg": JPEG}))
    assert batch.status == BatchStatus.IMPORTED
    assert Complaint.objects.get(complaint_id="N1").evidence_files[0]["image"] is None


def test_a_stuck_batch_is_given_up_and_its_rows_removed(world):
    from jingqi.core.testing import factories as f

    batch = f.ComplaintBatchFactory(station=world.station, uploaded_by=world.officer_a, status="writing")
    f.ComplaintFactory(batch=batch, complaint_id="STUCK1")
    ComplaintBatch.objects.filter(pk=batch.pk).update(updated_at=timezone.now() - timedelta(hours=7))
    assert services.give_up_stale() == 1
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and not Complaint.objects.filter(complaint_id="STUCK1").exists()
    assert AuditEvent.objects.filter(action="claims.batch_give_up", object_id=str(batch.pk)).exists()


def test_a_batch_still_writing_is_not_seen_by_the_model(world):
    from jingqi.core.testing import factories as f

    batch = f.ComplaintBatchFactory(station=world.station, uploaded_by=world.officer_a, status="writing")
    f.ComplaintFactory(batch=batch, complaint_id="HALF1")
    assert not services.imported_complaints(world.station).filter(complaint_id="HALF1").exists()


def test_a_replaced_clue_cannot_be_worked_on(world, imported, django_capture_on_commit_callbacks):
    imported(csv_upload(scheme_rows()), zip_upload(scheme_pictures()))
    old = Clue.objects.exclude(number__startswith="XS-TEST").filter(flagged=True).first()
    with django_capture_on_commit_callbacks(execute=True):
        services.do_start_run(world.supervisor)
    old.refresh_from_db()
    assert old.superseded and old.version == 2 and old.events.filter(kind="superseded").exists()
    with pytest.raises(ActionError) as exc:
        services.do_review_clue(world.officer_a, old)
    assert exc.value.code == "superseded"
    old.refresh_from_db()
    assert old.state == ClueState.NEW


def test_workbook_that_unpacks_huge_is_refused(world, settings):
    settings.JINGQI_CLAIMS_IMPORT_MAX_BYTES = 1000
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/sharedStrings.xml", "x" * 20000)
    with pytest.raises(ActionError) as exc:
        services.do_upload_batch(world.officer_a, upload=SimpleUploadedFile("a.xlsx", out.getvalue()))
    assert "unpacks" in exc.value.message


def test_importing_reports_rows_by_their_number_in_the_file():
    assert importing.Problem(7, "x").as_dict() == {"row": 7, "reason": "x"}
