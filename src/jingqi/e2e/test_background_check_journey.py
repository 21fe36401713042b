"""The background-check journey in the browser. Enterprise A's liaison, on a phone, asks for a check of a candidate
for the warehouse keeper's position with the signed consent as a PDF. An officer of park A's office, holding the
reveal right, finds it at the head of the queue, reads the name with the ID number masked, reveals it (a POST,
audited), downloads the consent (decrypted, audited) and advises "suitable, with attention" for a record relevant to
the duties (the page asks first). The liaison reads the advice and its reason category, nothing of the candidate.
The retention runs out and the nightly purge deletes the check: it is gone for both of them, and for the database.

Elements are found by field names, URLs and classes, not by their text, so the test holds whatever language the
interface speaks."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from jingqi.cases import services_checks as services
from jingqi.cases.models import BackgroundCheck
from jingqi.core.models import AuditEvent
from jingqi.core.pii import mask_id_number
from jingqi.core.testing import factories as f
from jingqi.e2e.test_phone_layout import overflow

pytestmark = pytest.mark.django_db(transaction=True)

DETAIL = re.compile(r"/cases/checks/\d+/$")
CANDIDATE = "郑七星"
CANDIDATE_ID = f.valid_id_number(7707, born=1995)
PDF = b"%PDF-1.4\n% synthetic signed consent for the journey\ntrailer << >>\n%%EOF\n"


def fits(page):
    page.wait_for_load_state("load")
    assert overflow(page) is None, (page.url, overflow(page))


def test_liaison_asks_officer_reveals_downloads_and_advises_then_the_purge_leaves_nothing(world, open_as, shots):
    world.officer_a.user_permissions.add(Permission.objects.get(codename="reveal_personal_data"))
    today = timezone.localdate()

    # The liaison asks, on a phone.
    liaison = open_as("liaison_a", phone=True, accept_dialogs=True)
    liaison.goto("/cases/checks/")
    fits(liaison)
    liaison.click("a[href$='/cases/checks/new/']")
    liaison.wait_for_url("**/cases/checks/new/")
    liaison.fill("input[name=position]", "仓库保管员")
    liaison.fill("textarea[name=duties]", "保管锂电池成品和贵重原材料，掌管仓库钥匙和出入库登记。")
    liaison.fill("input[name=candidate_name]", CANDIDATE)
    liaison.fill("input[name=id_number]", CANDIDATE_ID)
    liaison.check("input[name=consent_scope][value=criminal]")
    liaison.check("input[name=consent_scope][value=drugs]")
    liaison.fill("input[name=consent_signed_on]", (today - timedelta(days=2)).isoformat())
    liaison.set_input_files("input[name=consent]", files=[
        {"name": f"{CANDIDATE}-授权书.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    fits(liaison)
    liaison.screenshot(path=str(shots / "check-request.png"), full_page=True)
    liaison.click("button[type=submit].primary")
    liaison.wait_for_url(DETAIL)
    fits(liaison)
    check = BackgroundCheck.objects.get()
    assert check.status == "requested" and check.candidate_id_number == CANDIDATE_ID
    assert liaison.locator(".messages").is_visible() and CANDIDATE not in liaison.content()
    liaison_url = liaison.url

    # The officer finds it at the head of the queue.
    officer = open_as("officer_a", accept_dialogs=True)
    officer.goto("/cases/checks/")
    officer.click(f"a[href$='/cases/checks/{check.pk}/']")
    officer.wait_for_url(DETAIL)
    assert officer.locator(".candidate-name").inner_text() == CANDIDATE
    masked = officer.locator(".candidate-id .masked")
    assert mask_id_number(CANDIDATE_ID) in masked.inner_text() and CANDIDATE_ID not in officer.content()
    assert "no-store" in officer.request.get(officer.url).headers["cache-control"]
    officer.screenshot(path=str(shots / "check-officer-masked.png"), full_page=True)

    # The reveal: a POST, answered in place, recorded.
    with officer.expect_response(re.compile(r"/reveal/$")) as revealed:
        officer.click(".candidate-id button")
    assert revealed.value.request.method == "POST" and CANDIDATE_ID not in revealed.value.request.url
    officer.locator(".candidate-id .revealed").wait_for()
    assert officer.locator(".candidate-id .revealed").inner_text() == CANDIDATE_ID
    assert AuditEvent.objects.filter(action="background_check.reveal_id_number", actor=world.officer_a).count() == 1

    # The consent: decrypted for the download, recorded.
    with officer.expect_download() as download:
        officer.click("a.consent-download")
    assert Path(download.value.path()).read_bytes() == PDF
    assert CANDIDATE not in download.value.suggested_filename
    assert AuditEvent.objects.filter(action="background_check.consent_download").count() == 1

    # The advice: suitable with attention, for a record relevant to the duties (the page asks first).
    asked = []
    officer.on("dialog", lambda dialog: asked.append(dialog.type))
    form = officer.locator("form[action$='/advise/']")
    form.locator("input[name=advise-advice][value=attention]").check()
    form.locator("input[name=advise-reason_category][value=related_offence]").check()
    with officer.expect_navigation(url=DETAIL):
        form.locator("button[type=submit]").click()
    assert asked == ["confirm"]
    officer.locator(".messages").wait_for()
    assert officer.locator("form[action$='/advise/']").count() == 0
    check.refresh_from_db()
    assert (check.status, check.advice, check.reason_category) == ("advised", "attention", "related_offence")

    # The liaison reads the advice and its reason, nothing of the candidate.
    liaison.goto(liaison_url)
    fits(liaison)
    assert liaison.locator(".check-advice").count() == 1 and liaison.locator(".check-reason").count() == 1
    page = liaison.content()
    assert CANDIDATE not in page and CANDIDATE_ID not in page and mask_id_number(CANDIDATE_ID) not in page
    assert liaison.locator("a.consent-download").count() == 0
    liaison.screenshot(path=str(shots / "check-liaison-advice.png"), full_page=True)

    # The officer's pages and the supervisor's counts fit a phone too.
    officer_pages = ["/cases/checks/", f"/cases/checks/{check.pk}/", "/cases/checks/statistics/"]
    for username, paths in (("officer_a", officer_pages), ("supervisor", ["/cases/checks/statistics/"])):
        phone = open_as(username, phone=True)
        for path in paths:
            phone.goto(path)
            fits(phone)
        if username == "supervisor":
            assert check.reference not in phone.content() and CANDIDATE not in phone.content()
            phone.screenshot(path=str(shots / "check-statistics.png"), full_page=True)

    # The retention runs out; the nightly purge deletes the check.
    assert services.do_purge_expired_checks(check.purge_after + timedelta(minutes=1)) == 1
    assert not BackgroundCheck.objects.exists()
    purged = AuditEvent.objects.get(action="background_check.purged")
    assert purged.changes == {"reference": check.reference, "enterprise": world.enterprise_a.pk,
                              "requested_on": timezone.localdate(check.requested_at).isoformat()}
    for who in (liaison, officer):
        response = who.goto(liaison_url)
        assert response.status == 404
        who.goto("/cases/checks/")
        assert check.reference not in who.content()
