"""The risk report journey in the browser. Park B's officer computes the last complete half-year's reports of the
park (the progress box follows the run to its end), sends the drafts after the page asks first, and sees enterprise
B waiting for its acknowledgement. Enterprise B's liaison, on a phone, is told in the inbox, opens the report (its
figures beside the previous half-year and the park's median, the recommendations with the figure behind each),
downloads its PDF, and acknowledges it after the page asks first. The officer's page then counts it acknowledged
and no longer lists it.

Elements are found by field names, URLs and classes, not by their text, so the test holds whatever language the
interface speaks."""

import re

import pytest
from django.utils import timezone

from jingqi.e2e.test_phone_layout import overflow
from jingqi.reports.models import RiskReport
from jingqi.reports.risk import Period

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.case_cast]

REPORT = re.compile(r"/reports/\d+/$")


def test_officer_computes_and_sends_the_liaison_acknowledges(world, open_as, shots):
    last = Period.containing(timezone.localdate()).previous()
    officer = open_as("officer_b", accept_dialogs=True)
    officer.goto("/reports/")
    officer.select_option("form.stacked select[name=park]", str(world.park_b.pk))
    officer.select_option("form.stacked select[name=period]", last.label)
    officer.click("form.stacked button[type=submit]")
    # Huey runs the job inline in tests: the run is done when the page comes back, and says so without polling.
    officer.locator(".run progress[value='100']").first.wait_for()
    officer.screenshot(path=str(shots / "report-computed.png"), full_page=True)
    officer.click("form[action$='/reports/push/'] button[type=submit]")
    officer.wait_for_load_state()
    report = RiskReport.objects.get(enterprise=world.enterprise_b, period_start=last.start)
    assert report.status == "pushed"
    assert officer.locator(f"a[href$='/reports/{report.pk}/']").count() == 1

    liaison = open_as("liaison_b", phone=True, accept_dialogs=True)
    liaison.goto("/inbox/")
    liaison.locator(f"a[href$='/reports/{report.pk}/']").first.click()
    liaison.wait_for_url(REPORT)
    assert overflow(liaison) is None, overflow(liaison)
    liaison.screenshot(path=str(shots / "report-liaison-phone.png"), full_page=True)
    # The printed report: the link downloads its PDF (the enterprise's own, with its cover).
    with liaison.expect_download() as download:
        liaison.click(f"a[href$='/reports/{report.pk}/pdf/']")
    saved = download.value.path()
    with open(saved, "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    assert download.value.suggested_filename.endswith(".pdf")
    liaison.click(f"form[action$='/reports/{report.pk}/acknowledge/'] button[type=submit]")
    liaison.wait_for_url(REPORT)
    assert liaison.locator(f"form[action$='/reports/{report.pk}/acknowledge/']").count() == 0
    report.refresh_from_db()
    assert report.status == "acknowledged" and report.acknowledged_by == world.liaison_b

    officer.goto(f"/reports/?park={world.park_b.pk}&period={last.label}")
    assert officer.locator(f"a[href$='/reports/{report.pk}/']").count() == 0
