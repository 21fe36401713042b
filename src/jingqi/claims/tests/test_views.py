"""False-claim pages: the clue list and page with the evidence chain, review by form, imports with their report."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jingqi.cases.models import Case
from jingqi.claims import services
from jingqi.claims.choices import BatchStatus, ClueState
from jingqi.claims.models import Clue, ComplaintBatch
from jingqi.core.models import AuditEvent
from jingqi.core.testing import factories as f

from .conftest import complaint
from .platform import csv_upload, scheme_pictures, scheme_rows, zip_upload

pytestmark = pytest.mark.django_db


def get(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return len(ctx), response.content.decode()


@pytest.fixture
def scheme(world, client_for, django_capture_on_commit_callbacks):
    """The scheme uploaded through the import page, as an officer would."""
    client = client_for(world.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("claims:batch_upload"),
                               {"file": csv_upload(scheme_rows()), "evidence": zip_upload(scheme_pictures())})
    assert response.status_code == 302
    batch = ComplaintBatch.objects.latest("pk")
    assert batch.status == BatchStatus.IMPORTED
    return Clue.objects.exclude(number__startswith="XS-TEST").filter(flagged=True).first()


def test_clue_list_query_count_is_flat(world, client_for):
    client = client_for(world.supervisor)
    few, content = get(client, reverse("claims:clue_list"))
    assert world.clue_s.number in content and world.clue_t.number not in content
    for _ in range(6):
        clue = f.ClueFactory(run=world.clue_s.run, station=world.station)
        clue.complaints.set(world.clue_s.complaints.all())
    many, _ = get(client, reverse("claims:clue_list"))
    assert many == few


def test_clue_page_shows_the_evidence_chain_masked(world, client_for, scheme):
    _, content = get(client_for(world.officer_a), reverse("claims:clue_detail", args=[scheme.pk]))
    assert "Evidence pictures reused" in content or "Same pictures from different people" in content
    assert "S000" in content and "王**" in content and "王某甲" not in content
    assert "13900001234" not in content and "139****1234" in content
    assert 'id="clue-graph"' in content and "echarts.min.js" in content
    assert reverse("claims:evidence_image", args=[scheme.image_clusters and int(next(iter(scheme.image_clusters)))])\
        in content
    assert "Take up for review" in content


def test_auxiliary_reads_the_clue_but_has_no_decisions(world, client_for, scheme):
    _, content = get(client_for(world.auxiliary_a), reverse("claims:clue_detail", args=[scheme.pk]))
    assert scheme.number in content and "Take up for review" not in content


def test_reveal_shows_the_names_and_is_audited(world, client_for, scheme):
    response = client_for(world.supervisor).post(reverse("claims:clue_reveal", args=[scheme.pk]))
    content = response.content.decode()
    assert response.status_code == 200 and "王某甲" in content and "+8613900001234" in content
    assert AuditEvent.objects.filter(action="clue.reveal", object_id=str(scheme.pk)).exists()


def test_reveal_without_the_right_shows_nothing(world, client_for, scheme):
    response = client_for(world.officer_a).post(reverse("claims:clue_reveal", args=[scheme.pk]), follow=True)
    assert "王某甲" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="clue.reveal").exists()


def test_review_by_form_through_to_transfer(world, client_for, scheme):
    client = client_for(world.officer_a)
    url = lambda action: reverse("claims:clue_action", args=[scheme.pk, action])  # noqa: E731
    client.post(url("review"), {"version": 1})
    client.post(url("confirm"), {"version": 2, "confirm-findings": "四个姓名同一手机号，图片相同"})
    response = client.post(url("transfer"), {"version": 3, "transfer-case_reference": "嵊公刑字〔2026〕88号",
                                             "transfer-park": world.park_a.pk}, follow=True)
    scheme.refresh_from_db()
    assert scheme.state == ClueState.TRANSFERRED and "嵊公刑字〔2026〕88号" in response.content.decode()
    # The clue's page links the case it went to.
    assert scheme.case.reference in response.content.decode()


def test_transfer_without_a_park_when_no_merchant_is_in_the_registry_is_refused(world, client_for, scheme):
    client = client_for(world.officer_a)
    url = lambda action: reverse("claims:clue_action", args=[scheme.pk, action])  # noqa: E731
    client.post(url("review"), {"version": 1})
    client.post(url("confirm"), {"version": 2, "confirm-findings": "四个姓名同一手机号，图片相同"})
    response = client.post(url("transfer"), {"version": 3, "transfer-case_reference": "嵊公刑字〔2026〕88号"},
                           follow=True)
    scheme.refresh_from_db()
    assert scheme.state == ClueState.CONFIRMED and scheme.case_reference == ""
    assert not Case.objects.filter(clue=scheme).exists() and "Choose the park." in response.content.decode()


def test_dismiss_without_reason_is_refused_with_a_message(world, client_for, scheme):
    response = client_for(world.officer_a).post(reverse("claims:clue_action", args=[scheme.pk, "dismiss"]),
                                                {"version": 1, "dismiss-reason": ""}, follow=True)
    scheme.refresh_from_db()
    assert scheme.state == ClueState.NEW and "This field is required" in response.content.decode()


def test_unknown_action_is_404(world, client_for, scheme):
    response = client_for(world.officer_a).post(reverse("claims:clue_action", args=[scheme.pk, "delete"]))
    assert response.status_code == 404


def test_rejected_import_shows_every_row_and_downloads_the_report(world, client_for,
                                                                  django_capture_on_commit_callbacks):
    client = client_for(world.officer_a)
    rows = [complaint(complaint_id="R1", received_at="不详"), complaint(complaint_id="R2"),
            complaint(complaint_id="R3", purchase_amount="十几元")]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("claims:batch_upload"), {"file": csv_upload(rows)})
    batch = ComplaintBatch.objects.latest("pk")
    _, content = get(client, response["Location"])
    assert "Nothing was imported: 2 rows have errors" in content
    assert "不详" in content and "purchase_amount" in content
    report = client.get(reverse("claims:batch_errors", args=[batch.pk]))
    text = report.content.decode("utf-8-sig")
    assert report["Content-Type"].startswith("text/csv") and "2,Error" in text and "4,Error" in text


def test_row_report_download_writes_formula_like_reasons_as_text(world, client_for):
    """Older reports kept the reason as plain text, cell values included: none may open as a formula."""
    import csv
    import io

    batch = f.ComplaintBatchFactory(station=world.station, uploaded_by=world.officer_a, status="rejected",
                                    errors=[{"row": 2, "reason": "=HYPERLINK(\"http://x\",\"y\")"},
                                            {"row": 3, "reason": "@SUM(A1)"}],
                                    warnings=[{"row": 4, "reason": "-2+3"}])
    response = client_for(world.officer_a).get(reverse("claims:batch_errors", args=[batch.pk]))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[1:] == [["2", "Error", "'=HYPERLINK(\"http://x\",\"y\")"], ["3", "Error", "'@SUM(A1)"],
                        ["4", "Warning", "'-2+3"]]


def test_upload_of_a_wrong_file_shows_the_error_on_the_form(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(world.officer_a).post(reverse("claims:batch_upload"),
                                                {"file": SimpleUploadedFile("a.png", f.PNG_BYTES)})
    assert response.status_code == 400 and "CSV file" in response.content.decode()


def test_import_page_is_not_offered_to_auxiliaries(world, client_for):
    _, content = get(client_for(world.auxiliary_a), reverse("claims:batch_list"))
    assert "Upload and check" not in content
    response = client_for(world.auxiliary_a).post(reverse("claims:batch_upload"), {"file": csv_upload([complaint()])})
    assert response.status_code == 400 and ComplaintBatch.objects.filter(uploaded_by=world.auxiliary_a).count() == 0


@pytest.mark.parametrize("persona", ["liaison_a", "dept_transport", "volunteer_a", "viewer"])
def test_non_police_have_no_claims_pages(world, client_for, persona):
    client = client_for(world.personas[persona])
    for name in ("claims:clue_list", "claims:batch_list", "claims:run_status"):
        assert client.get(reverse(name)).status_code == 404
    assert "False claims" not in client.get(reverse("home")).content.decode()


def test_batch_page_polls_while_running(world, client_for):
    batch = f.ComplaintBatchFactory(station=world.station, uploaded_by=world.officer_a, status="checking",
                                    rows_total=1000, rows_checked=250)
    _, content = get(client_for(world.officer_a), reverse("claims:batch_detail", args=[batch.pk]))
    assert 'hx-trigger="every 2s"' in content and 'value="12"' in content and "250 of 1000 rows checked" in content
    batch.status, batch.rows_imported = "writing", 500
    batch.save()
    _, content = get(client_for(world.officer_a), reverse("claims:batch_detail", args=[batch.pk]))
    assert 'value="75"' in content and "500 of 1000 complaints written" in content


def test_run_status_polls_while_the_model_runs(world, client_for):
    f.ScanRunFactory(station=world.station, started_by=world.supervisor, status="running", stage="texts")
    _, content = get(client_for(world.supervisor), reverse("claims:run_status"))
    assert 'hx-trigger="every 2s"' in content and "Comparing texts" in content and "Run the model now" not in content


def test_start_run_from_the_page_shows_no_running_notice_once_it_ended(world, client_for,
                                                                       django_capture_on_commit_callbacks):
    client = client_for(world.supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("claims:run_start"))
    run = world.station.claim_runs.latest("pk")
    assert run.status == "done" and run.complaints == 2
    _, content = get(client, response["Location"])  # the list the officer is sent back to, after the run
    assert "The model is running" not in content and "Last run" in content


def test_the_poll_that_finds_the_run_ended_stops_polling_and_reloads_the_list(world, client_for):
    run = f.ScanRunFactory(station=world.station, started_by=world.supervisor, status="running", stage="texts")
    client = client_for(world.supervisor)
    polling = client.get(reverse("claims:run_status"), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in polling.content.decode() and "HX-Trigger" not in polling
    run.status, run.summary = "done", {"clue_changes": {"new": 1, "changed": 0, "again": 2, "dropped": 0,
                                                        "kept": 1, "in_review": 0}}
    run.save()
    ended = client.get(reverse("claims:run_status"), headers={"HX-Request": "true"})
    content = ended.content.decode()
    assert ended["HX-Trigger"] == "claims-run-finished"  # the list (hx-trigger on #clue-table) reloads
    assert "every 2s" not in content and "The model is running" not in content
    assert 'id="clue-figures" hx-swap-oob="true"' in content
    assert "1 new, 0 changed, 2 found again" in content
    _, page = get(client, reverse("claims:clue_list"))
    assert 'hx-trigger="claims-run-finished from:body"' in page


def test_clue_page_says_how_the_score_is_made_and_the_shares_add_up(world, client_for, scheme):
    response = client_for(world.officer_a).get(reverse("claims:clue_detail", args=[scheme.pk]))
    content = response.content.decode()
    reasons = response.context["reasons"]
    assert round(sum(r["adds_shown"] for r in reasons), 2) == round(scheme.score, 2)
    assert "1 − (1 − w₁) × (1 − w₂)" in content and response.context["score_formula"] in content
    assert response.context["score_formula"].endswith(f"= {scheme.score:.2f}")
    assert response.context["score_rebuilt"] and "these figures add up to the score" in content


def test_a_clue_whose_reasons_do_not_rebuild_its_score_does_not_claim_they_add_up(world, client_for):
    response = client_for(world.officer_a).get(reverse("claims:clue_detail", args=[world.clue_s.pk]))
    content = response.content.decode()
    assert not response.context["score_rebuilt"]  # the hand-made clue: one reason of 0.30, a score of 0.80
    assert "do not rebuild its score" in content and "these figures add up to the score" not in content


def test_clue_page_counts_the_identities_the_graph_draws(world, client_for, scheme):
    response = client_for(world.officer_a).get(reverse("claims:clue_detail", args=[scheme.pk]))
    drawn = [n for n in scheme.graph["nodes"] if n["category"] == "person"]
    assert response.context["identities"] == len(drawn) == 4  # 王某甲 … 王某丁: one man under four names
    assert scheme.complainant_count == 1
    assert "4 identities" in response.content.decode() and "to 1 complainant." in response.content.decode()


def test_evidence_picture_is_served_inline_through_the_scope_check(world, client_for):
    response = client_for(world.officer_b).get(reverse("claims:evidence_image", args=[world.evidence_s.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_notes_by_form_land_on_the_timeline(world, client_for):
    client_for(world.officer_b).post(reverse("claims:clue_action", args=[world.clue_s.pk, "note"]),
                                     {"note-text": "已约谈商家"})
    assert world.clue_s.events.filter(kind="note", message="已约谈商家").exists()


def test_stale_form_says_so(world, client_for, scheme):
    services.do_review_clue(world.officer_b, scheme)
    response = client_for(world.officer_a).post(reverse("claims:clue_action", args=[scheme.pk, "dismiss"]),
                                                {"version": 1, "dismiss-reason": "重复"}, follow=True)
    assert "Someone else changed this clue" in response.content.decode()
    scheme.refresh_from_db()
    assert scheme.state == ClueState.REVIEWING


def test_import_list_query_count_is_flat(world, client_for):
    client = client_for(world.officer_a)
    few, _ = get(client, reverse("claims:batch_list"))
    for _ in range(5):
        f.ComplaintBatchFactory(station=world.station, uploaded_by=world.officer_b)
    many, content = get(client, reverse("claims:batch_list"))
    assert many == few and content.count("batch-imported") == 6


def test_reasons_are_said_in_the_readers_language(world, client_for, scheme):
    url = reverse("claims:clue_detail", args=[scheme.pk])
    _, english = get(client_for(world.officer_a), url)
    chinese_client = client_for(world.officer_a)
    chinese_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    _, chinese = get(chinese_client, url)
    assert "5 complaints withdrawn after the merchant paid privately, 5000 yuan in all." in english
    assert "5 件投诉在商家私下赔付后撤回，累计获赔 5,000 元" in chinese


def test_the_row_report_is_said_in_the_readers_language(world, client_for, django_capture_on_commit_callbacks):
    from django.utils import translation

    client = client_for(world.officer_a)
    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        # The worker writes the report in Chinese (its default language) ...
        client.post(reverse("claims:batch_upload"), {"file": csv_upload([complaint(received_at="不详")])})
    batch = ComplaintBatch.objects.latest("pk")
    # ... and an English reader reads it in English, a Chinese one in Chinese.
    _, english = get(client, reverse("claims:batch_detail", args=[batch.pk]))
    assert "The time received is not a date: “不详”." in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    _, chinese = get(client, reverse("claims:batch_detail", args=[batch.pk]))
    with translation.override("zh-hans"):
        expected = translation.gettext("The time received is not a date: “%(value)s”.") % {"value": "不详"}
    assert expected != "The time received is not a date: “不详”." and expected in chinese


def test_a_ring_page_lists_its_members_with_the_ties_that_brought_them_in(world, client_for,
                                                                          django_capture_on_commit_callbacks):
    script = ("本人在{m}购买的食品已过保质期，根据食品安全法第一百四十八条要求退一赔十，不足一千元按一千元计算，"
              "请将赔款转入银行卡6222 0212 3456 7890 128，编号{n}")
    rows = [complaint(complaint_id=f"R{i}", complainant_name=f"路人{i // 2}",
                      complainant_id_number=f.valid_id_number(780 + i // 2),
                      complainant_phone=f.valid_mobile(780 + i // 2), merchant_name=f"食品店{i}",
                      received_at=f"2024-06-{1 + i:02d}T10:00:00", claim_amount="1000", purchase_amount="9",
                      text=script.format(m=f"食品店{i}", n=i)) for i in range(6)]
    with django_capture_on_commit_callbacks(execute=True):
        services.do_upload_batch(world.officer_a, upload=csv_upload(rows))
    ring = Clue.objects.get(kind="ring", complaints__complaint_id="R0")
    assert len(ring.members) == 3 and all(m["ties"] for m in ring.members)
    _, content = get(client_for(world.officer_a), reverse("claims:clue_detail", args=[ring.pk]))
    assert "Ring members and what ties them in" in content
    assert "Same payment account" in content and "Same script" in content
    assert "路人" not in content  # the members are named by their masked keys only


def test_every_kind_of_ring_tie_has_a_title_on_the_clue_page():
    from jingqi.claims.choices import TIE_KINDS
    from jingqi.claims.engine.linking import STRONG_TIES

    assert set(TIE_KINDS) == set(STRONG_TIES)
