"""The false-claim journey in the browser: an officer imports a complaint export with its pictures, the
model finds the scheme, and the clue is reviewed, confirmed and transferred to a case."""

import pytest

from jingqi.claims.choices import BatchStatus, ClueState
from jingqi.claims.models import Clue, ComplaintBatch
from jingqi.claims.tests.conftest import complaint
from jingqi.claims.tests.platform import csv_upload, scheme_pictures, scheme_rows, zip_upload
from jingqi.core.testing.personas import build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db):
    return build_world()


def _write(tmp_path, upload):
    path = tmp_path / upload.name
    path.write_bytes(upload.read())
    return str(path)


def test_officer_imports_finds_and_transfers_a_scheme(world, page, sign_in, tmp_path):
    sign_in("officer_a")
    page.goto("/claims/imports/")
    # A file with a bad row first: nothing is imported and the row is named.
    page.set_input_files("input[name=file]", _write(tmp_path, csv_upload(
        [complaint(complaint_id="B1"), complaint(complaint_id="B2", received_at="上周")], name="有错.csv")))
    page.click("form[action$='/imports/new/'] button[type=submit]")
    page.wait_for_url("**/claims/imports/*/")
    assert page.locator("table.grid td.num", has_text="3").count() == 1  # row 3 is the bad one
    assert ComplaintBatch.objects.latest("pk").status == BatchStatus.REJECTED

    page.goto("/claims/imports/")
    page.set_input_files("input[name=file]", _write(tmp_path, csv_upload(scheme_rows())))
    page.set_input_files("input[name=evidence]", _write(tmp_path, zip_upload(scheme_pictures())))
    page.click("form[action$='/imports/new/'] button[type=submit]")
    page.wait_for_url("**/claims/imports/*/")
    assert ComplaintBatch.objects.latest("pk").rows_imported == 8

    clue = Clue.objects.exclude(number__startswith="XS-TEST").filter(flagged=True).first()
    page.goto("/claims/")
    page.locator("#clue-table a", has_text=clue.number).click()
    page.wait_for_url(f"**/claims/clues/{clue.pk}/")
    # The evidence chain: the graph is drawn and the reused pictures load through the scope check.
    page.locator("#identity-graph svg").wait_for()
    first_picture = page.locator(".picture-group img").first
    first_picture.wait_for()
    assert first_picture.evaluate("img => img.complete && img.naturalWidth > 0")
    assert "王某甲" not in page.content()

    page.click(f"form[action$='/clues/{clue.pk}/review/'] button")
    page.fill("textarea[name=confirm-findings]", "同一手机号对应四个姓名，伤情照片相同，均私下获赔后撤诉。")
    page.click(f"form[action$='/clues/{clue.pk}/confirm/'] button")
    page.fill("input[name=transfer-case_reference]", "城东公(刑)立字〔2026〕12号")
    page.once("dialog", lambda dialog: dialog.accept())  # a transfer is final: confirm.js asks first
    page.click(f"form[action$='/clues/{clue.pk}/transfer/'] button")
    page.locator("ol.timeline li").nth(3).wait_for()
    clue.refresh_from_db()
    assert clue.state == ClueState.TRANSFERRED and clue.reviewer == world.officer_a
    assert "城东公(刑)立字〔2026〕12号" in page.content()
