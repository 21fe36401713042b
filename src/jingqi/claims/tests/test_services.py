"""The platform's false-claim actions: import all-or-nothing, model runs, clue review, scoping and audit."""

import pytest

from jingqi.claims import services
from jingqi.claims.choices import BatchStatus, ClueState, RunStatus
from jingqi.claims.messages import say
from jingqi.claims.models import Clue, ClueEvent, Complaint, ComplaintBatch, EvidenceImage, ScanRun
from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.models import AuditEvent
from jingqi.core.pii import blind_index

from .conftest import complaint
from .platform import csv_upload, scheme_pictures, scheme_rows, zip_upload

pytestmark = pytest.mark.django_db


def found():
    """Clues the model found in these tests (the shared world brings a hand-made one per station)."""
    return Clue.objects.exclude(number__startswith="XS-TEST")


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    def go(actor, rows, evidence=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            batch = services.do_upload_batch(actor, upload=csv_upload(rows), evidence=evidence, **kwargs)
        batch.refresh_from_db()
        return batch

    return go


@pytest.fixture
def scanned(world, upload):
    batch = upload(world.officer_a, scheme_rows(), zip_upload(scheme_pictures()))
    assert batch.status == BatchStatus.IMPORTED, batch.errors
    return batch


def test_import_stores_complaints_encrypted_with_blind_indexes(world, scanned):
    c = Complaint.objects.get(complaint_id="S000")
    assert c.station == world.station and c.phone == "+8613900001234"
    assert c.phone_index == blind_index("phone", "+8613900001234")
    assert c.outcome == "withdrawn" and str(c.claim_amount) == "1000.00"
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("select complainant_name, phone, text from claims_complaint where id = %s", [c.pk])
        stored = cur.fetchone()
    assert "王某" not in stored[0] and "1390000" not in stored[1] and "塑料" not in stored[2]


def test_import_keeps_pictures_and_deletes_the_upload(scanned):
    assert scanned.rows_imported == 8 and scanned.images_imported == 5
    assert EvidenceImage.objects.filter(batch=scanned).count() == 5
    assert not scanned.source_file and not scanned.evidence_file
    assert Complaint.objects.get(complaint_id="S001").evidence_files[0]["image"] is not None


def test_import_runs_the_model_and_finds_the_scheme(scanned):
    run = ScanRun.objects.latest("pk")
    assert run.status == RunStatus.DONE and run.complaints == 10  # with the world's two
    clue = found().filter(flagged=True).first()
    assert clue is not None and clue.score >= 0.5
    ids = set(clue.complaints.values_list("complaint_id", flat=True))
    assert ids >= {"S000", "S001", "S002", "S003", "S004"}
    assert not ids & {"SG0", "SG1", "SG2"}
    rules = {r["rule"] for r in clue.reasons}
    assert "reused_evidence" in rules or "shared_evidence" in rules
    assert all(set(r["complaints"]) <= set(clue.complaints.values_list("pk", flat=True)) for r in clue.reasons)
    assert ClueEvent.objects.filter(clue=clue, kind="found").exists()


def test_clue_stores_only_masked_identifiers(scanned):
    clue = found().filter(flagged=True).first()
    blob = str(clue.complainant_keys) + str(clue.graph) + str(clue.reasons)
    assert "13900001234" not in blob and "王某甲" not in blob
    people = [n for n in clue.graph["nodes"] if n["category"] == "person"]
    assert len(people) == 4
    assert any(n["category"] == "phone" for n in clue.graph["nodes"])


def test_one_bad_row_refuses_the_whole_batch(world, upload):
    rows = [complaint(complaint_id="A1"), complaint(complaint_id="A2", received_at="昨天"),
            complaint(complaint_id="A3", claim_amount="很多"), complaint(complaint_id="A1")]
    runs = ScanRun.objects.count()
    batch = upload(world.officer_a, rows)
    assert batch.status == BatchStatus.REJECTED and batch.error_count == 3
    assert {e["row"] for e in batch.errors} == {3, 4, 5}
    assert "A1" in say(batch.errors[-1]) and "row 2" in say(batch.errors[-1])
    assert not Complaint.objects.filter(complaint_id__startswith="A").exists()
    assert ScanRun.objects.count() == runs
    assert not batch.source_file
    assert AuditEvent.objects.filter(action="claims.batch_reject").exists()


def test_complaints_imported_before_are_refused(world, upload, scanned):
    batch = upload(world.officer_a, [complaint(complaint_id="S000")])
    assert batch.status == BatchStatus.REJECTED and "imported before" in say(batch.errors[0])
    assert Complaint.objects.filter(complaint_id__startswith="S").count() == 8


def test_doubtful_phone_and_id_number_are_warnings_not_errors(world, upload):
    rows = [complaint(complaint_id="W1", complainant_phone="12345", complainant_id_number="330683199001011234")]
    batch = upload(world.officer_a, rows)
    assert batch.status == BatchStatus.IMPORTED and len(batch.warnings) == 2
    c = Complaint.objects.get(complaint_id="W1")
    assert c.phone == "12345" and c.phone_index == "" and c.id_number_index == ""


def test_outcome_labels_are_kept_as_exported_and_an_unknown_one_is_a_warning(world, upload):
    rows = [complaint(complaint_id="O1", outcome="调解不成"), complaint(complaint_id="O2", outcome="退款后撤回"),
            complaint(complaint_id="O3", outcome="其它情形"), complaint(complaint_id="O4", outcome="withdrawn")]
    batch = upload(world.officer_a, rows)
    assert batch.status == BatchStatus.IMPORTED, batch.errors
    assert [say(w) for w in batch.warnings] == [
        "The outcome “其它情形” is not one the model knows: kept as exported and read as “other”."]
    assert batch.warnings[0]["row"] == 4
    stored = dict(Complaint.objects.filter(complaint_id__startswith="O").values_list("complaint_id", "outcome"))
    assert stored == {"O1": "closed", "O2": "withdrawn", "O3": "other", "O4": "withdrawn"}
    assert Complaint.objects.get(complaint_id="O2").outcome_label == "退款后撤回"


def test_the_model_reads_the_facts_an_outcome_label_states(world, upload):
    """A withdrawal after a refund is not a withdrawal after a private payment: the engine is given the label
    as exported, not only its meaning."""
    from jingqi.claims.engine.reading import OUTCOME_REFUND, WITHDRAWN, read_complaints

    batch = upload(world.officer_a, [complaint(complaint_id="F1", outcome="退款后撤回"),
                                     complaint(complaint_id="F2", outcome="withdrawn")])
    assert batch.status == BatchStatus.IMPORTED, batch.errors
    read = read_complaints(list(services._rows_for_engine(batch.station, {})))
    row = {number: i for i, number in enumerate(read.complaint_ids)}  # the engine's numbers are the pks
    f1, f2 = (row[str(Complaint.objects.get(complaint_id=cid).pk)] for cid in ("F1", "F2"))
    assert read.cols["outcome"][f1] == read.cols["outcome"][f2] == WITHDRAWN
    assert read.cols["outcome_facts"][f1] == OUTCOME_REFUND and read.cols["outcome_facts"][f2] == 0


def test_pictures_named_but_not_uploaded_are_a_warning(world, upload):
    batch = upload(world.officer_a, [complaint(complaint_id="P1", evidence_files="a.jpg;b.jpg")])
    assert batch.status == BatchStatus.IMPORTED
    assert "no archive" in say(batch.warnings[0])


def test_a_file_that_is_not_an_export_is_refused_at_upload(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    batches = ComplaintBatch.objects.count()
    with pytest.raises(ActionError):
        services.do_upload_batch(world.officer_a, upload=SimpleUploadedFile("x.csv", b"\x89PNG\r\n\x1a\n\x00\x00"))
    with pytest.raises(ActionError):
        services.do_upload_batch(world.officer_a, upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4 hello"))
    with pytest.raises(ActionError):
        services.do_upload_batch(world.officer_a, upload=csv_upload([complaint()]),
                                 evidence=SimpleUploadedFile("x.zip", b"not a zip"))
    assert ComplaintBatch.objects.count() == batches


def test_a_header_without_required_columns_refuses_the_batch(world, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        upload = SimpleUploadedFile("x.csv", "编号,内容\n1,2\n".encode())
        batch = services.do_upload_batch(world.officer_a, upload=upload)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.REJECTED and "complaint_id" in say(batch.errors[0])


def test_gbk_export_imports(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.do_upload_batch(world.officer_a, upload=csv_upload([complaint(complaint_id="G1")],
                                                                            encoding="gbk"))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.IMPORTED
    assert "测试" in Complaint.objects.get(complaint_id="G1").complainant_name


@pytest.mark.parametrize("persona", ["auxiliary_a", "liaison_a", "dept_transport", "volunteer_a", "viewer"])
def test_only_supervisors_and_officers_import(world, persona):
    batches = ComplaintBatch.objects.count()
    with pytest.raises(PermissionDenied):
        services.do_upload_batch(world.personas[persona], upload=csv_upload([complaint()]))
    assert ComplaintBatch.objects.count() == batches


def test_superuser_must_name_the_station(world, admin_user):
    with pytest.raises(ActionError):
        services.do_upload_batch(admin_user, upload=csv_upload([complaint()]))
    batch = services.do_upload_batch(admin_user, upload=csv_upload([complaint()]), station=world.station_t)
    assert batch.station == world.station_t


def test_officer_cannot_import_into_another_station(world):
    with pytest.raises(PermissionDenied):
        services.do_upload_batch(world.officer_a, upload=csv_upload([complaint()]), station=world.station_t)


def test_a_second_run_waits_for_the_first(world, scanned):
    ScanRun.objects.create(station=world.station, started_by=world.supervisor)
    runs = ScanRun.objects.count()
    with pytest.raises(ActionError) as exc:
        services.do_start_run(world.supervisor)
    assert exc.value.code == "busy" and ScanRun.objects.count() == runs


def test_start_run_needs_complaints(world):
    from jingqi.core.testing import factories as f

    supervisor = f.UserFactory(role="supervisor", station=f.StationFactory(code="N", name="新站"))
    with pytest.raises(ActionError):
        services.do_start_run(supervisor)
    assert not ScanRun.objects.filter(station=supervisor.station).exists()


def test_rerun_replaces_untouched_clues_and_keeps_reviewed_ones(world, scanned, django_capture_on_commit_callbacks):
    first = list(found().order_by("pk"))
    reviewed = services.do_review_clue(world.officer_a, first[0])
    with django_capture_on_commit_callbacks(execute=True):
        services.do_start_run(world.officer_b)
    reviewed.refresh_from_db()
    assert not reviewed.superseded and reviewed.state == ClueState.REVIEWING
    for clue in first[1:]:
        clue.refresh_from_db()
        assert clue.superseded
    # The reviewed finding is not raised a second time.
    current = Clue.objects.current()
    sets = [frozenset(c.complaints.values_list("pk", flat=True)) for c in current]
    assert len(sets) == len(set(sets))


def test_a_rerun_says_what_it_changed_in_the_list(world, scanned, django_capture_on_commit_callbacks):
    first = list(found().filter(superseded=False).order_by("pk"))
    services.do_review_clue(world.officer_a, first[0])
    with django_capture_on_commit_callbacks(execute=True):
        run = services.do_start_run(world.officer_b)
    run.refresh_from_db()
    # The same complaints again: nothing new for the list, and the clue under review stays as it is.
    assert run.summary["clue_changes"] == {"new": 0, "changed": 0, "again": len(first) - 1, "dropped": 0,
                                           "kept": 1, "in_review": 1}
    assert run.clues_found == len(first) - 1


def test_a_first_run_counts_its_clues_as_new(world, scanned):
    run = ScanRun.objects.filter(station=world.station, status=RunStatus.DONE).latest("pk")
    changes = run.summary["clue_changes"]
    assert changes["new"] == run.clues_found > 0 and changes["again"] == changes["changed"] == 0
    assert changes["dropped"] == 1  # the shared world's hand-made clue for the station is not found again


# --- review ----------------------------------------------------------------------------------------


@pytest.fixture
def clue(scanned):
    return found().filter(flagged=True).first()


def test_review_confirm_transfer(world, clue):
    clue = services.do_review_clue(world.officer_a, clue)
    assert clue.state == ClueState.REVIEWING and clue.reviewer == world.officer_a
    clue = services.do_confirm_clue(world.officer_a, clue, findings="同一人冒用四个姓名，图片为网络图片")
    assert clue.state == ClueState.CONFIRMED and clue.decided_at
    clue = services.do_transfer_clue(world.supervisor, clue, case_reference="嵊公(刑)立字〔2026〕101号",
                                     park=world.park_b)
    assert clue.state == ClueState.TRANSFERRED and clue.case_reference.startswith("嵊公")
    # A real case now stands behind the number: extortion, filed under it, linked to the clue.
    case = clue.case
    assert (case.kind, case.status, case.source, case.filing_number, case.park) == (
        "extortion", "filed", "clue", clue.case_reference, world.park_b)
    assert clue.events.get(kind="transfer").data["case"] == case.pk
    kinds = list(clue.events.values_list("kind", flat=True))
    assert kinds == ["found", "review", "confirm", "transfer"]
    actions = set(AuditEvent.objects.filter(object_id=str(clue.pk)).values_list("action", flat=True))
    assert {"clue.review", "clue.confirm", "clue.transfer"} <= actions


def test_dismiss_needs_a_reason_and_reopen_brings_it_back(world, clue):
    with pytest.raises(ActionError):
        services.do_dismiss_clue(world.officer_a, clue, reason="  ")
    clue.refresh_from_db()
    assert clue.state == ClueState.NEW
    clue = services.do_dismiss_clue(world.officer_a, clue, reason="经核实为同一批次真实质量问题")
    assert clue.state == ClueState.DISMISSED
    clue = services.do_reopen_clue(world.supervisor, clue, reason="发现新的图片证据")
    assert clue.state == ClueState.REVIEWING and clue.dismiss_reason == ""


def test_transfer_needs_a_case_number(world, clue):
    clue = services.do_confirm_clue(world.officer_a, services.do_review_clue(world.officer_a, clue), findings="x")
    with pytest.raises(ActionError):
        services.do_transfer_clue(world.officer_a, clue, case_reference="")
    clue.refresh_from_db()
    assert clue.state == ClueState.CONFIRMED


@pytest.mark.parametrize("action", ["confirm", "transfer", "reopen"])
def test_illegal_transitions_are_refused(world, clue, action):
    call = {"confirm": lambda: services.do_confirm_clue(world.officer_a, clue, findings="x"),
            "transfer": lambda: services.do_transfer_clue(world.officer_a, clue, case_reference="A1"),
            "reopen": lambda: services.do_reopen_clue(world.officer_a, clue, reason="x")}[action]
    with pytest.raises(ActionError) as exc:
        call()
    assert exc.value.code == "illegal_transition"
    clue.refresh_from_db()
    assert clue.state == ClueState.NEW and clue.version == 1


def test_a_stale_form_does_not_overwrite(world, clue):
    services.do_review_clue(world.officer_a, clue, expected_version=1)
    with pytest.raises(ActionError) as exc:
        services.do_dismiss_clue(world.officer_b, clue, reason="x", expected_version=1)
    assert exc.value.code == "stale"
    clue.refresh_from_db()
    assert clue.state == ClueState.REVIEWING


@pytest.mark.parametrize("persona", ["auxiliary_a", "liaison_a", "dept_transport", "volunteer_a", "viewer",
                                     "supervisor_t"])
def test_others_cannot_review(world, clue, persona):
    from django.http import Http404

    before = AuditEvent.objects.count()
    with pytest.raises(Http404):
        services.do_review_clue(world.personas[persona], clue)
    clue.refresh_from_db()
    assert clue.state == ClueState.NEW and AuditEvent.objects.count() == before


def test_reveal_needs_the_right_and_is_audited(world, clue):
    with pytest.raises(PermissionDenied):
        services.do_reveal_clue(world.officer_a, clue)
    services.do_reveal_clue(world.supervisor, clue)
    assert AuditEvent.objects.filter(action="clue.reveal", actor=world.supervisor).count() == 1


def test_note_is_kept_on_the_timeline(world, clue):
    services.do_note_clue(world.officer_b, clue, text="已调取商家监控")
    assert clue.events.filter(kind="note", message="已调取商家监控").exists()


def test_demo_shows_a_refused_import_a_good_one_and_clues_in_review(migrated_db, settings):
    from jingqi.registry import demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo.load_demo(scale=0.1)
    batches = ComplaintBatch.objects.filter(station__code="SZ-YX").order_by("pk")
    assert [b.status for b in batches] == ["rejected", "imported"]
    assert batches[0].error_count > 0 and batches[1].rows_imported == batches[1].rows_total > 250
    assert batches[1].images_imported > 50
    states = set(Clue.objects.filter(station__code="SZ-YX", superseded=False).values_list("state", flat=True))
    assert {"transferred", "reviewing", "new", "dismissed"} <= states
    lines = " ".join(demo.demo_summary())
    assert "complaint imports: 1 imported, 1 refused" in lines


def test_a_run_whose_worker_died_does_not_block_the_station(world, scanned, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    stuck = ScanRun.objects.create(station=world.station, started_by=world.supervisor, status="running")
    ScanRun.objects.filter(pk=stuck.pk).update(updated_at=timezone.now() - timedelta(hours=7))
    with django_capture_on_commit_callbacks(execute=True):
        run = services.do_start_run(world.supervisor)
    stuck.refresh_from_db()
    run.refresh_from_db()
    assert stuck.status == RunStatus.FAILED and "6 hours" in stuck.failure
    assert run.status == RunStatus.DONE


def test_complaints_written_meanwhile_by_another_batch_refuse_this_one(world, django_capture_on_commit_callbacks):
    from jingqi.core.testing import factories as f

    batch = services.do_upload_batch(world.officer_a, upload=csv_upload([complaint(complaint_id="C1")]))
    # Between this batch's upload and its check-and-write, another batch writes C1 ... after the check.
    original = services._check_rows

    def check_then_race(*args):
        result = original(*args)
        f.ComplaintFactory(batch=f.ComplaintBatchFactory(station=world.station, uploaded_by=world.officer_b),
                           complaint_id="C1")
        return result

    services._check_rows = check_then_race
    try:
        services.run_import(batch.pk)
    finally:
        services._check_rows = original
    batch.refresh_from_db()
    assert batch.status == BatchStatus.REJECTED and "same time" in say(batch.errors[0])
    assert Complaint.objects.filter(complaint_id="C1").count() == 1


def test_a_remark_is_kept_and_the_model_reads_the_settlement_it_states(world, upload):
    """Exports put the end of a complaint in a remark (双方私下协商解决, 已全额退款): the remark is stored and
    the engine is given it, so a private settlement and a refund read as such."""
    from jingqi.claims.engine.reading import OUTCOME_REFUND, OUTCOME_SETTLED, read_complaints

    batch = upload(world.officer_a, [complaint(complaint_id="R1", outcome="撤诉", remark="双方私下协商解决"),
                                     complaint(complaint_id="R2", outcome="撤诉", remark="已全额退款"),
                                     complaint(complaint_id="R3", outcome="撤诉")])
    assert batch.status == BatchStatus.IMPORTED, batch.errors
    assert Complaint.objects.get(complaint_id="R1").remark == "双方私下协商解决"
    read = read_complaints(list(services._rows_for_engine(batch.station, {})))
    row = {number: i for i, number in enumerate(read.complaint_ids)}
    facts = [int(read.cols["outcome_facts"][row[str(Complaint.objects.get(complaint_id=cid).pk)]])
             for cid in ("R1", "R2", "R3")]
    assert facts == [0, 0, 0]  # the label 撤诉 states nothing; the remarks do
    remark_facts = [int(read.cols["remark_facts"][row[str(Complaint.objects.get(complaint_id=cid).pk)]])
                    for cid in ("R1", "R2", "R3")]
    assert remark_facts == [OUTCOME_SETTLED, OUTCOME_REFUND, 0]


def test_an_order_number_is_kept_and_the_model_is_given_it(world, upload):
    """Two complaints naming different orders are two purchases: the number is stored, shown beside the product,
    and reaches the engine; an overlong one is cut to its field."""
    from jingqi.claims.engine.reading import read_complaints

    batch = upload(world.officer_a, [complaint(complaint_id="O1", order_no="330988249"),
                                     complaint(complaint_id="O2", order_no="330988256"),
                                     complaint(complaint_id="O3", order_no="9" * 80)])
    assert batch.status == BatchStatus.IMPORTED, batch.errors
    assert Complaint.objects.get(complaint_id="O1").order_no == "330988249"
    assert Complaint.objects.get(complaint_id="O3").order_no == "9" * 64
    read = read_complaints(list(services._rows_for_engine(batch.station, {})))
    row = {number: i for i, number in enumerate(read.complaint_ids)}
    orders = [int(read.cols["order"][row[str(Complaint.objects.get(complaint_id=cid).pk)]])
              for cid in ("O1", "O2", "O3")]
    assert len(set(orders)) == 3 and min(orders) >= 0


def test_an_overlong_remark_is_cut_to_its_field_not_a_reason_to_refuse_the_file(world, upload):
    batch = upload(world.officer_a, [complaint(complaint_id="L1", remark="备注" * 400)])
    assert batch.status == BatchStatus.IMPORTED, batch.errors
    assert Complaint.objects.get(complaint_id="L1").remark == "备注" * 150
