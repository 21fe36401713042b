"""The false-claim journey in the browser: an officer imports a complaint export with its pictures, the
model finds the scheme, and the clue is reviewed, confirmed and transferred to a case."""


import pytest

from jingqi.claims import services
from jingqi.claims.choices import BatchStatus, ClueState, RunStatus
from jingqi.claims.models import Clue, ComplaintBatch, ScanRun
from jingqi.claims.tests.conftest import complaint
from jingqi.claims.tests.platform import csv_upload, scheme_pictures, scheme_rows, zip_upload

pytestmark = pytest.mark.django_db(transaction=True)


# Every label of the identity graph inside the graph's box, clear of every other label and of every node.
GRAPH_LABELS = """box => {
  const frame = box.getBoundingClientRect();
  const chart = echarts.getInstanceByDom(box);
  const data = chart.getModel().getSeriesByIndex(0).getData();
  const nodes = [];
  for (let i = 0; i < data.count(); i++) {
    const [x, y] = data.getItemLayout(i), s = data.getItemVisual(i, "symbolSize");
    nodes.push({left: frame.left + x - s / 2, right: frame.left + x + s / 2, top: frame.top + y - s / 2,
                bottom: frame.top + y + s / 2});
  }
  const labels = [...box.querySelectorAll("svg text")].map(t => t.getBoundingClientRect())
    .filter(r => r.width > 0);
  const cross = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const out = labels.filter(r => r.left < frame.left || r.right > frame.right + 0.5 || r.top < frame.top
                                 || r.bottom > frame.bottom + 0.5).length;
  let overLabels = 0, overNodes = 0;
  labels.forEach((a, i) => {
    labels.slice(i + 1).forEach(b => { overLabels += cross(a, b); });
    nodes.forEach(n => { overNodes += cross(a, n); });
  });
  return {labels: labels.length, nodes: nodes.length, out, overLabels, overNodes};
}"""


def assert_graph_labels_fit(page):
    page.locator("#identity-graph svg text").first.wait_for()
    fit = page.locator("#identity-graph").evaluate(GRAPH_LABELS)
    assert fit["labels"] >= fit["nodes"] > 0
    assert (fit["out"], fit["overLabels"], fit["overNodes"]) == (0, 0, 0), fit


def _write(tmp_path, upload):
    path = tmp_path / upload.name
    path.write_bytes(upload.read())
    return str(path)


def test_officer_imports_finds_and_transfers_a_scheme(world, page, sign_in, tmp_path, shots):
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
    assert_graph_labels_fit(page)
    page.screenshot(path=str(shots / "clue.png"), full_page=True)
    # The summary counts the identities the graph draws, and the score's shares add up to the score.
    people = sum(1 for n in clue.graph["nodes"] if n["category"] == "person")
    assert f"{people} " in page.locator("p.identities").inner_text()
    shares = [float(t) for t in page.locator("ol.reasons .adds").all_inner_texts()]
    assert round(sum(shares), 2) == round(clue.score, 2)
    first_picture = page.locator(".picture-group img").first
    first_picture.wait_for()
    assert first_picture.evaluate("img => img.complete && img.naturalWidth > 0")
    assert "王某甲" not in page.content()

    page.click(f"form[action$='/clues/{clue.pk}/review/'] button")
    page.fill("textarea[name=confirm-findings]", "同一手机号对应四个姓名，伤情照片相同，均私下获赔后撤诉。")
    page.click(f"form[action$='/clues/{clue.pk}/confirm/'] button")
    page.fill("input[name=transfer-case_reference]", "城东公(刑)立字〔2026〕12号")
    # The merchants of these complaints are not in the registry: the case's park is chosen by hand.
    page.select_option("select[name=transfer-park]", str(world.park_a.pk))
    page.once("dialog", lambda dialog: dialog.accept())  # a transfer is final: confirm.js asks first
    page.click(f"form[action$='/clues/{clue.pk}/transfer/'] button")
    page.locator("ol.timeline li").nth(3).wait_for()
    clue.refresh_from_db()
    assert clue.state == ClueState.TRANSFERRED and clue.reviewer == world.officer_a
    assert "城东公(刑)立字〔2026〕12号" in page.content()
    # The clue's page links the extortion case it opened, filed under that number.
    assert clue.case.filing_number == "城东公(刑)立字〔2026〕12号" and clue.case.reference in page.content()


def test_the_run_box_follows_a_run_to_its_end_and_the_list_reloads(world, page, sign_in, shots):
    services.do_upload_batch(world.officer_a, upload=csv_upload(scheme_rows()), evidence=zip_upload(scheme_pictures()))
    first = ScanRun.objects.filter(station=world.station, status=RunStatus.DONE).latest("pk")
    sign_in("officer_a")
    # "Run the model now": the run ends within the request here (the queue runs inline in tests); the page the
    # officer comes back to says what it changed, and no notice says it is still running.
    page.goto("/claims/")
    # The page is already at /claims/, so waiting for that address would return at once: wait for the
    # navigation the form starts (its POST, then the redirect back), and read the page it lands on.
    with page.expect_navigation(url="**/claims/"):
        page.click("form[action$='/claims/runs/new/'] button")
    page.wait_for_load_state()
    assert page.locator(".messages").count() == 0 and page.locator("#run-status progress").count() == 0
    again = ScanRun.objects.filter(station=world.station).latest("pk")
    changes = page.locator("#run-status .clue-changes")
    assert changes.get_attribute("data-new") == "0" and changes.get_attribute("data-again") == str(first.clues_found)

    # A run the worker has not finished yet: the box polls, then stops and the list reloads when it ends.
    run = ScanRun.objects.create(station=world.station, started_by=world.officer_a)
    page.goto("/claims/")
    page.locator("#run-status progress").wait_for()
    page.screenshot(path=str(shots / "run-running.png"), full_page=True)
    assert page.locator("#clue-table a", has_text=f"XS{again.pk:05d}-").count() == again.clues_found
    services.run_model(run.pk)
    page.locator("#run-status .clue-changes").wait_for()
    page.locator("#clue-table a", has_text=f"XS{run.pk:05d}-").first.wait_for()
    page.screenshot(path=str(shots / "run-ended.png"), full_page=True)
    assert page.locator("#run-status progress").count() == 0
    assert page.locator("#run-status [hx-trigger]").count() == 0  # polling stopped
    run.refresh_from_db()
    assert page.locator("#clue-table a", has_text=f"XS{run.pk:05d}-").count() == run.clues_found
    assert page.locator("#clue-table a", has_text=f"XS{again.pk:05d}-").count() == 0
    assert page.locator("#run-status .clue-changes").get_attribute("data-again") == str(run.clues_found)
