"""Screenshots of the real pages for the user guide (docs/screenshots/), taken with Chromium.

Start Jingqi with the demo data first (`make run`), then:
    .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8000] [--lang zh-hans|en] [--only SET ...]

``--only`` takes only the named sets (e.g. ``--only disputes``), so the others are not rewritten.

Nothing is changed in the demo: forms are filled in but never submitted, and no message is marked read. The one
exception is the phone checklist of the ``inspections`` set: a checklist form exists only for an inspection that has
begun, so the script begins one inspection on the first planned visit of mjh_officer_b's park when none is being
filled in there (on a later run it opens the same one). Its answers are given with the phone offline: they stay on
the phone and are never sent.
"""

import argparse
import re
import shutil
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
PASSWORD = "jingqi-demo-2026"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}


#: The browser's own locale for each interface language (what Chromium's controls and Accept-Language follow).
LOCALES = {"zh-hans": "zh-CN", "en": "en-US"}


def new_page(browser, base, lang, viewport=VIEWPORT):
    """A fresh browser session on the sign-in page in ``lang`` (the language cookie the picker would set), in a
    browser of that language's locale."""
    context = browser.new_context(base_url=base, viewport=viewport, locale=LOCALES[lang])
    context.add_cookies([{"name": "django_language", "value": lang, "url": base}])
    page = context.new_page()
    page.goto("/accounts/login/")
    page.wait_for_load_state()
    return page


def sign_in(page, username):
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url("**/")


def switch_user(page, username):
    """Sign out (the session cookie dropped, the language cookie kept) and sign in as ``username``."""
    language = [c for c in page.context.cookies() if c["name"] == "django_language"]
    page.context.clear_cookies()
    page.context.add_cookies(language)
    page.goto("/accounts/login/")
    sign_in(page, username)


def open_first(page, rows):
    """Click the first link of the first of ``rows`` and wait for the page it opens."""
    rows.first.locator("a").first.click()
    page.wait_for_load_state()


def registry(page, out):
    """The original set, 01–09, as mjh_officer_a."""
    page.screenshot(path=out / "01-login.png")
    sign_in(page, "mjh_officer_a")
    page.screenshot(path=out / "02-home-officer.png")
    page.goto("/registry/enterprises/")
    page.screenshot(path=out / "03-enterprise-list.png")
    page.locator("input[name=key_enterprise]").check()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=out / "04-enterprise-list-key.png")
    page.locator("#enterprise-table tbody a").first.click()
    page.wait_for_load_state()
    page.screenshot(path=out / "05-enterprise-page.png", full_page=True)
    page.goto("/registry/parks/")
    page.screenshot(path=out / "06-parks.png")
    href = page.locator("table.grid tbody a").first.get_attribute("href")
    page.goto(href)
    page.locator("#park-map[data-ready=true]").wait_for()
    page.screenshot(path=out / "07-park-map.png")
    page.goto("/registry/organisation/")
    page.screenshot(path=out / "08-organisation.png", full_page=True)
    page.goto("/registry/people/lookup/")
    page.screenshot(path=out / "09-person-lookup.png")


def directory(page, out):
    """10–11: the public directory, not signed in, and the first item."""
    page.goto("/directory/")
    page.locator("#item-table tbody tr").first.wait_for()
    page.screenshot(path=out / "10-directory.png")
    open_first(page, page.locator("#item-table tbody tr"))
    page.locator("dl.facts").wait_for()
    page.screenshot(path=out / "11-directory-item.png", full_page=True)


def liaison(page, out):
    """12–13 as sz_liaison_a: the portal form with the expected times, and a resolved request to confirm."""
    sign_in(page, "sz_liaison_a")
    page.goto("/requests/new/")
    # The box first shows the default limits (loaded with the page); wait for it, then for the chosen item's.
    page.locator("#expected .expected").wait_for()
    options = page.locator("#id_service_item option").all_inner_texts()
    label = next((o for o in options if o.startswith("KG-01 ")), options[1])
    page.select_option("#id_service_item", label=label)
    page.locator("#expected .expected", has_text=label.split(" ", 1)[1]).wait_for()
    page.fill("#id_title", "新厂区投产前申请联合安全检查")
    page.fill("#id_description", "我司新建的二号厂房计划下月投产，申请警务室牵头组织治安、消防联合检查。")
    page.screenshot(path=out / "12-portal-submit.png", full_page=True)
    page.goto("/requests/?view=all&status=resolved")
    rows = page.locator("#ticket-table tbody tr")
    rows.first.wait_for()
    open_first(page, rows)
    page.locator("ol.timeline").wait_for()
    page.screenshot(path=out / "13-request-liaison.png", full_page=True)


def officer(page, out):
    """14–15 and 17 as sz_officer: the list with figures, an open request with departments called in, inbox."""
    sign_in(page, "sz_officer")
    page.goto("/requests/")
    page.locator(".figures").wait_for()
    page.screenshot(path=out / "14-request-list.png")
    page.goto("/requests/?view=open")
    rows = page.locator("#ticket-table tbody tr")
    rows.first.wait_for()
    # The last column counts the departments still working on the request; "—" when there are none.
    with_tasks = [i for i in range(rows.count()) if rows.nth(i).locator("td").last.inner_text().strip() != "—"]
    open_first(page, rows.nth(with_tasks[0]) if with_tasks else rows)
    page.locator("ol.timeline").wait_for()
    # Unfold the whistle form (departments, deadline) without sending it.
    page.locator("details:has(form[action$='/whistle/']) > summary").click()
    page.locator("form[action$='/whistle/'] input[name='whistle-departments']").first.wait_for()
    page.screenshot(path=out / "15-request-page.png", full_page=True)
    page.goto("/inbox/")
    page.locator("table.grid tbody tr").first.wait_for()
    page.screenshot(path=out / "17-inbox.png")


def department(page, out):
    """16 as sz_dept_enforcement, whose department has work in hand in the demo."""
    sign_in(page, "sz_dept_enforcement")
    page.goto("/requests/workbench/")
    page.locator("table.grid tbody tr").first.wait_for()
    page.screenshot(path=out / "16-workbench.png")


def claims(page, out):
    """19–22 as sz_officer: the clue list, a clue page with pictures and its graph, imports, a refused import."""
    sign_in(page, "sz_officer")
    page.goto("/claims/")
    page.locator("#clue-table tbody tr").first.wait_for()
    page.screenshot(path=out / "19-claims-clues.png")
    # The first clue whose page has reused pictures: the evidence chain shows all three panels.
    for href in page.locator("#clue-table tbody a").evaluate_all("links => links.map(a => a.href)")[:10]:
        page.goto(href)
        if page.locator(".picture-group img").count():
            break
    page.locator("#identity-graph svg").wait_for()
    # Pictures load lazily as they scroll into view; a full-page shot needs them all.
    page.evaluate("""() => Promise.all([...document.images].map(img => { img.loading = "eager";
        return img.complete ? null : new Promise(done => { img.onload = img.onerror = done; }); }))""")
    page.screenshot(path=out / "20-claims-clue.png", full_page=True)
    page.goto("/claims/imports/")
    page.screenshot(path=out / "21-claims-imports.png", full_page=True)
    page.locator("table.grid tbody tr:has(.batch-rejected) a").first.click()
    page.wait_for_load_state()
    page.screenshot(path=out / "22-claims-import-rejected.png", full_page=True)


def phone(page, out):
    """23–24 as sz_officer on a 390-px phone: a request page (tables as cards) and the menu unfolded."""
    sign_in(page, "sz_officer")
    page.goto("/requests/?view=open")
    rows = page.locator("#ticket-table tbody tr")
    rows.first.wait_for()
    open_first(page, rows)
    page.locator("ol.timeline").wait_for()
    page.screenshot(path=out / "23-phone-request-page.png", full_page=True)
    page.locator(".menu-toggle").click()
    page.screenshot(path=out / "24-phone-menu.png")


def disputes(page, out):
    """25–29, 31–34: dispute mediation at Majiahe. As mjh_supervisor: the centre's workbench and the open disputes; as
    mjh_officer_b: the report form (filled in, never sent), a new group dispute with its response clocks and
    actions, the wage-arrears case paid in three instalments (the second late) and its printable agreement
    (masked: this officer has no reveal right, so nothing is audited); as mjh_supervisor again: the figures
    and the map; as mjh_liaison_a: the enterprise's own dispute as a party sees it."""
    sign_in(page, "mjh_supervisor")
    page.goto("/disputes/workbench/")
    page.locator("section.card table.grid").first.wait_for()
    page.screenshot(path=out / "25-disputes-workbench.png", full_page=True)
    page.goto("/disputes/?status=open")
    page.locator("#dispute-table tbody tr").first.wait_for()
    page.screenshot(path=out / "26-disputes-list.png")

    switch_user(page, "mjh_officer_b")
    page.goto("/disputes/new/")
    page.select_option("#id_source", "incident_transfer")
    page.select_option("#id_kind", "labour")
    page.select_option("#id_urgency", "urgent")
    page.fill("#id_title", "12名员工聚集讨要拖欠工资")
    page.fill("#id_description", "警情流转：12名员工聚集在公司办公楼前，称企业拖欠两个月工资约9.6万元，情绪激动。")
    page.fill("#id_amount", "96000")
    page.fill("#id_people_involved", "12")
    page.fill("#id_location", "公司办公楼前")
    page.select_option("#id_party_side", "applicant")
    page.fill("#id_party_full_name", "李建军")
    page.fill("#id_party_headcount", "12")
    page.locator("#id_party_headcount").blur()
    page.screenshot(path=out / "27-dispute-report.png", full_page=True)
    # A group dispute reported and not yet accepted: its clocks run and "Accept" is unfolded.
    page.goto("/disputes/?status=reported&group=1")
    open_first(page, page.locator("#dispute-table tbody tr"))
    page.locator("ol.timeline").wait_for()
    page.screenshot(path=out / "28-dispute-new-group.png", full_page=True)
    # The scripted wage-arrears case: two sessions, three instalments, the second paid late and flagged.
    page.goto("/disputes/?q=三个月拖欠工资")
    open_first(page, page.locator("#dispute-table tbody tr"))
    page.locator("ol.timeline").wait_for()
    page.screenshot(path=out / "29-dispute-page.png", full_page=True)
    page.locator("a[href*='/document/']").first.click()
    page.locator("article.agreement-doc").wait_for()
    page.screenshot(path=out / "31-dispute-agreement.png", full_page=True)

    switch_user(page, "mjh_supervisor")
    page.goto("/disputes/figures/")
    page.locator(".figures").first.wait_for()
    page.screenshot(path=out / "32-disputes-figures.png", full_page=True)
    page.goto("/disputes/map/")
    page.locator("#dispute-map[data-ready=true]").wait_for()
    # The disputes are drawn after the park boundaries: open the last one's popup (reference, title, status).
    page.locator("#dispute-map path.leaflet-interactive").last.click()
    page.locator(".leaflet-popup-content a").wait_for()
    page.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    page.screenshot(path=out / "33-disputes-map.png")

    switch_user(page, "mjh_liaison_a")
    page.goto("/disputes/")
    open_first(page, page.locator("#dispute-table tbody tr"))
    page.locator("ol.timeline").wait_for()
    page.screenshot(path=out / "34-dispute-liaison.png", full_page=True)


def disputes_phone(page, out):
    """30 as mjh_officer_b on a 390-px phone: the session record form used on site, filled in, never sent."""
    sign_in(page, "mjh_officer_b")
    page.goto("/disputes/?status=mediating")
    open_first(page, page.locator("#dispute-table tbody tr"))
    page.locator("a[href*='/sessions/'][href$='/record/']").first.click()
    page.wait_for_load_state()
    for box in page.locator("input[name=attended]").all():
        box.check()
    page.fill("#id_minutes", "双方代表到场。企业同意本周内调整夜间作业时间并加装隔音设施；住户代表要求先试行一周，"
                             "约定下周三到现场查看后再次调解。")
    page.check("input[name=result][value=continue]")
    page.screenshot(path=out / "30-phone-session-record.png", full_page=True)


def patrols(page, out):
    """35–45 at Majiahe. As mjh_supervisor: the patrol overview, the first volunteer team, the volunteer with the most
    hours on the volunteer list, the patrol map, this week's patrols, a finished patrol with far and position-less
    check-ins, the findings, the cable guard's page (rules, roster grid, coverage proof), a hand edit that breaks the
    rules (refused, so nothing is saved) and the printable coverage report; as mjh_officer_b: a route drawn on the
    new-place form of the officer's park (never saved)."""
    sign_in(page, "mjh_supervisor")
    page.goto("/patrols/")
    page.locator(".figures").wait_for()
    page.screenshot(path=out / "35-patrols-overview.png", full_page=True)
    page.goto("/patrols/teams/")
    open_first(page, page.locator("table.grid tbody tr"))
    page.screenshot(path=out / "36-patrols-team.png", full_page=True)
    # The volunteer with the most hours (the demo recognises those with most duty).
    best = (-1.0, None)
    for number in range(1, 6):
        page.goto(f"/patrols/volunteers/?status=vetted&page={number}")
        rows = page.locator("#volunteer-table tbody tr").evaluate_all(
            "rows => rows.map(r => [r.querySelector('a') && r.querySelector('a').href,"
            " (r.querySelectorAll('td.num')[0] || {}).textContent])")
        for href, hours in rows:
            if href and hours and float(hours) > best[0]:
                best = (float(hours), href)
        if not page.locator("a[rel=next], .pagination a", has_text="›").count():
            break
    page.goto(best[1])
    page.locator("dl.facts").first.wait_for()
    page.screenshot(path=out / "37-patrols-volunteer.png", full_page=True)
    page.goto("/patrols/places/map/")
    page.locator("#patrol-map[data-ready=true]").wait_for()
    page.screenshot(path=out / "38-patrols-map.png")
    page.goto("/patrols/calendar/")
    page.locator("ol.week").wait_for()
    page.screenshot(path=out / "40-patrols-calendar.png", full_page=True)
    # A finished patrol of the last weeks with a far check-in and one without a position (else the first with either).
    links = []
    today = date.today()
    for weeks in (1, 2, 3):
        page.goto(f"/patrols/calendar/?week={today - timedelta(weeks=weeks)}")
        links += page.locator(".patrol-card.status-done a").evaluate_all("links => links.map(a => a.href)")
    chosen = None
    for href in links[:40]:
        page.goto(href)
        flagged = page.locator("tr.overdue-row")
        if flagged.count() and chosen is None:
            chosen = href
        far = page.locator("tr.overdue-row .tag", has_text=re.compile(r"\d")).count()  # "Far: N m away"
        if far and flagged.count() > far:  # and one without a position
            chosen = href
            break
    page.goto(chosen or links[0])
    page.screenshot(path=out / "41-patrol-page.png", full_page=True)
    page.goto("/patrols/findings/")
    page.locator("#finding-table").wait_for()
    page.screenshot(path=out / "42-patrols-findings.png", full_page=True)
    page.goto("/patrols/operations/")
    open_first(page, page.locator("table.grid tbody tr"))
    page.locator("#coverage").wait_for()
    operation_url = page.url
    # The rules, the roster grid and the coverage proof (the segments and the long pool list below are left out).
    bottom = page.evaluate("() => document.querySelector('#coverage').getBoundingClientRect().bottom + window.scrollY")
    page.screenshot(path=out / "43-operation-page.png", full_page=True,
                    clip={"x": 0, "y": 0, "width": VIEWPORT["width"], "height": int(bottom) + 16})
    # A shift of the 7th day on the 4th segment (ahead of the demo's now, well before the end) stretched to 12 hours:
    # longer than the longest shift, so the edit is refused with what it breaks and nothing is saved ("save anyway"
    # stays unticked).
    page.locator(".roster-grid tbody tr").nth(3).locator("td").nth(6).locator("a[href$='/edit/']").first.click()
    page.wait_for_load_state()
    start = datetime.fromisoformat(page.input_value("#id_starts_at"))
    page.fill("#id_ends_at", (start + timedelta(hours=12)).strftime("%Y-%m-%dT%H:%M"))
    page.click("form.stacked button[type=submit].primary")
    page.locator(".breaks").wait_for()
    page.screenshot(path=out / "44-shift-edit-breaks.png", full_page=True)
    page.goto(operation_url)
    page.locator("a[href$='/coverage/']").first.click()
    page.locator("article.coverage-doc").wait_for()
    page.set_viewport_size({"width": 1280, "height": 1500})
    page.screenshot(path=out / "45-coverage-report.png")
    page.set_viewport_size(VIEWPORT)

    # A route drawn with four clicks on the new-place form; the GeoJSON field fills as the map is clicked.
    switch_user(page, "mjh_officer_b")
    page.goto("/patrols/places/new/")
    page.locator("#patrol-draw[data-ready=true]").wait_for()
    page.select_option("#id_kind", "route")
    page.fill("#id_name", "仓储区夜间巡逻线")
    box = page.locator("#patrol-draw").bounding_box()
    for fx, fy in ((0.44, 0.64), (0.48, 0.45), (0.53, 0.5), (0.57, 0.3)):
        page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
    page.fill("#id_risk_weight", "4")
    page.check("input[name=cover_periods][value=night]")
    page.check("input[name=cover_periods][value=shift_change]")
    page.wait_for_function("() => document.querySelector('[name=geometry]').value.includes('LineString')")
    page.screenshot(path=out / "39-patrols-place-draw.png", full_page=True)


def at_checkpoint(page):
    """The browser's position set at the first checkpoint the signed-in user can see (± 12 m); returns it."""
    features = page.request.get("/patrols/places/map/features.json").json()["features"]
    checkpoint = next(f for f in features if f["properties"]["kind"] == "checkpoint")
    lon, lat = checkpoint["geometry"]["coordinates"]
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": lat, "longitude": lon, "accuracy": 12})
    return checkpoint


def patrols_phone(page, out):
    """46–47 on a 390-px phone: My duty of mjh_volunteer_1 (the cable guard's shifts, the swap accepted and the one
    refused by the rules), then volunteer_a's check-in page for their next patrol with the phone's position found
    at one of the park's checkpoints (never submitted)."""
    sign_in(page, "mjh_volunteer_1")
    at_checkpoint(page)
    page.goto("/patrols/me/")
    page.locator(".duty-card [data-position-status]", has_text="12").first.wait_for()
    page.locator(".my-figures").wait_for()
    page.screenshot(path=out / "46-phone-my-duty.png", full_page=True)
    switch_user(page, "volunteer_a")
    checkpoint = at_checkpoint(page)
    page.goto("/patrols/me/")
    patrol = page.locator(".duty-card a[href*='/patrols/patrols/']").first.get_attribute("href")
    page.goto(patrol + "check-in/")
    names = page.locator("#id_checkpoint option").all_inner_texts()
    if checkpoint["properties"]["name"] in names:
        page.select_option("#id_checkpoint", label=checkpoint["properties"]["name"])
    page.fill("#id_note", "门窗完好，无异常")
    page.wait_for_function("() => document.querySelector('input[name=latitude]').value !== ''")
    page.screenshot(path=out / "47-phone-patrol-check-in.png", full_page=True)


def as_officer_of(page, href):
    """Signs in as the Majiahe officer whose park ``href`` is in (the one who may open it) and opens it."""
    for officer in ("mjh_officer_a", "mjh_officer_b", "mjh_officer_c"):
        switch_user(page, officer)
        if page.goto(href).ok:
            return True
    return False


def load_images(page):
    """Pictures load lazily as they scroll into view; a full-page shot needs them all."""
    page.evaluate("""() => Promise.all([...document.images].map(img => { img.loading = "eager";
        return img.complete ? null : new Promise(done => { img.onload = img.onerror = done; }); }))""")


def months_from(today: date, count: int, step: int = 1) -> list[str]:
    """``count`` months as ``YYYY-MM``, from today's going forward (``step`` 1) or back (-1)."""
    first, out = today.replace(day=1), []
    for _i in range(count):
        out.append(f"{first:%Y-%m}")
        first = (first + timedelta(days=32)).replace(day=1) if step > 0 else (first - timedelta(days=1)).replace(day=1)
    return out


def inspections(page, out):
    """48–49, 51–53 at Majiahe. As mjh_officer_b: the quarter plan of the officer's park. As mjh_supervisor: the
    hazard board and the latest joint visit done (three inspections, three inspectors, one date). Then, each as the
    officer of its park (no reveal right: the responsible person's phone is masked): the closed hazard with the fullest
    timeline (escalations included), and the first fix reported by an enterprise with "Verify and close" unfolded and
    filled in (never sent; left out when no fix waits to be verified)."""
    sign_in(page, "mjh_officer_b")
    page.goto("/inspections/")
    page.locator("#plan-table tbody tr").first.wait_for()
    page.screenshot(path=out / "48-inspection-plan.png", full_page=True)

    switch_user(page, "mjh_supervisor")
    page.goto("/inspections/hazards/")
    page.locator("#hazard-map[data-ready=true]").wait_for()
    page.screenshot(path=out / "51-hazard-board.png", full_page=True)
    to_verify = page.locator(".column-fix_reported .hazard-card a").evaluate_all("links => links.map(a => a.href)")
    # The closed hazard with escalations on its timeline and the most events (one that ran late, then was fixed).
    best = (-1, -1, None)
    for href in page.locator(".column-closed .hazard-card a").evaluate_all("links => links.map(a => a.href)")[:12]:
        page.goto(href)
        score = (page.locator("ol.timeline > li.internal").count() > 0, page.locator("ol.timeline > li").count())
        if score > best[:2]:
            best = (*score, href)
    for month in months_from(date.today(), 6, step=-1):
        page.goto(f"/inspections/visits/?status=done&month={month}")
        visits = page.locator("#visit-calendar a[href*='/visits/']")
        if visits.count():
            visits.last.click()
            break
    page.locator("#visit-inspections").wait_for()
    page.screenshot(path=out / "49-inspection-visit.png", full_page=True)

    as_officer_of(page, best[2])
    load_images(page)
    page.screenshot(path=out / "52-hazard-page.png", full_page=True)
    if to_verify and as_officer_of(page, to_verify[0]):
        page.locator("details:has(form[action$='/close/']) > summary").click()
        page.select_option("#id_close-verification", "photo_review")
        page.fill("#id_close-note", "整改照片和说明核实无误，已整改到位。")
        load_images(page)
        page.screenshot(path=out / "53-hazard-verify.png", full_page=True)
    else:
        print("53-hazard-verify.png not taken: no fix waits to be verified in the demo")


def inspections_phone(page, out):
    """50 on a 390-px phone, as the first Majiahe officer (b, a, c) with a visit planned in this month or the next
    three: the checklist of their first such visit, the officer's own public-security inspection (begun if none is
    being filled in, see the module's docstring), three items answered with the phone offline: kept on the phone, the
    banner counting them, nothing sent."""
    visit = None
    for n, officer in enumerate(("mjh_officer_b", "mjh_officer_a", "mjh_officer_c")):
        if n == 0:
            sign_in(page, officer)
        else:
            switch_user(page, officer)
        for month in months_from(date.today(), 4):
            page.goto(f"/inspections/visits/?status=planned&month={month}")
            cards = page.locator("#visit-calendar a[href*='/visits/']")
            if cards.count():
                visit = cards.first.get_attribute("href")
                break
        if visit:
            break
    if visit is None:
        print("50-phone-checklist.png not taken: no visit planned in the demo's next months")
        return
    page.goto(visit)
    page.locator("#visit-inspections").wait_for()
    fill = page.locator("#visit-inspections a[href$='/fill/']")
    if fill.count():
        fill.first.click()
    else:
        options = page.locator("#id_inspection_type option").evaluate_all(
            "options => options.map(o => [o.value, o.textContent])")
        police_type = next((value for value, label in options if "治安" in label or "ublic" in label), options[-1][0])
        page.select_option("#id_inspection_type", police_type)
        page.click("form[action$='/inspect/'] button[type=submit]")
    page.locator("#checklist form.answer-form").first.wait_for()
    page.context.set_offline(True)
    forms = page.locator("#checklist form.answer-form")
    for n in (0, 1):
        forms.nth(n).locator("input[type=radio][value=pass]").check()
    forms.nth(2).locator("input[type=radio][value=fail]").check()
    forms.nth(2).locator("textarea[name$='-note']").fill("财务室东侧窗户防盗栅栏锈断一根，报警器未接通。")
    forms.nth(2).locator("button[type=submit]").click()
    page.locator("#offline-banner:not([hidden])").wait_for()
    page.wait_for_function("() => document.querySelectorAll('#checklist .save-state.warn').length >= 3")
    page.evaluate("() => window.scrollTo(0, 0)")  # the banner sticks to the top of the screen: keep it above the list
    page.screenshot(path=out / "50-phone-checklist.png", full_page=True)
    # The session ends offline: back online, the page would send what it kept.


def inspections_liaison(page, out):
    """54 as mjh_liaison_a: the enterprise's first hazard to fix as it sees it (the measures, its timeline without the
    police's internal events, the fix form filled in, never sent); without one, its first other hazard; without any,
    the enterprise's own page (its hazards and visits)."""
    sign_in(page, "mjh_liaison_a")
    page.goto("/inspections/my/")
    to_fix = page.locator(".hazard-card a")
    others = page.locator("table a[href*='/hazards/']")
    if to_fix.count():
        to_fix.first.click()
        page.locator("form[action$='/report_fix/']").wait_for()
        page.fill("#id_report_fix-note", "已按整改要求整改到位，附整改后照片。")
    elif others.count():
        others.first.click()
        page.locator("ol.timeline").wait_for()
    load_images(page)
    page.screenshot(path=out / "54-hazard-liaison.png", full_page=True)


def ledger(page, out):
    """55 as mjh_supervisor: the ledger of the last complete quarter (the one before today's), every park and
    department."""
    sign_in(page, "mjh_supervisor")
    page.goto("/inspections/ledger/")
    page.select_option("#ledger-quarter", index=1)
    page.click("form.filters button[type=submit]")
    page.locator("#ledger-parks").wait_for()
    page.screenshot(path=out / "55-inspection-ledger.png", full_page=True)


def cases(page, out):
    """56–58 as mjh_supervisor: the case list, the CNC template theft's page (times, recoveries in three regions,
    timeline), the case figures of the current half-year."""
    sign_in(page, "mjh_supervisor")
    page.goto("/cases/")
    page.screenshot(path=out / "56-cases-list.png", full_page=True)
    open_first(page, page.locator("#case-table tbody tr", has_text="1180000"))
    page.locator("ol.timeline").wait_for()
    page.screenshot(path=out / "57-case-page.png", full_page=True)
    page.goto("/cases/figures/")
    page.screenshot(path=out / "58-case-figures.png", full_page=True)


def cases_liaison(page, out):
    """59 as mjh_liaison_b: the theft against its enterprise, as the victim reads it (no internal notes, no
    actions)."""
    sign_in(page, "mjh_liaison_b")
    page.goto("/cases/")
    open_first(page, page.locator("#case-table tbody tr"))
    page.locator("ol.timeline").wait_for()
    page.screenshot(path=out / "59-case-liaison.png", full_page=True)


def cases_phone(page, out):
    """60 as mjh_officer_b on a 390-px-wide phone screen: the CNC template theft's page (tables as cards)."""
    sign_in(page, "mjh_officer_b")
    page.goto("/cases/?q=数控模板")
    open_first(page, page.locator("#case-table tbody tr"))
    page.locator("ol.timeline").wait_for()
    page.screenshot(path=out / "60-phone-case-page.png", full_page=True)


def outreach(page, out):
    """61–62 as mjh_supervisor: the outreach events with their figures, the first event held (enterprises invited,
    attendance, the outside-production-hours flags)."""
    sign_in(page, "mjh_supervisor")
    page.goto("/cases/outreach/")
    page.screenshot(path=out / "61-outreach-list.png", full_page=True)
    page.goto("/cases/outreach/?status=held")
    open_first(page, page.locator("#outreach-table tbody tr"))
    page.screenshot(path=out / "62-outreach-event.png", full_page=True)


# The status of an answered check, as the list shows it in each language.
ADVICE_GIVEN = {"zh-hans": "已给出建议", "en": "Advice given"}


def checks(page, out):
    """63 as sz_officer: the first check waiting in the office's queue (the candidate's ID number masked, the advice
    form unfolded, nothing sent); 64 as sz_liaison_a: the first of its checks that has an answer."""
    sign_in(page, "sz_officer")
    page.goto("/cases/checks/")
    open_first(page, page.locator("table.check-queue tbody tr"))
    page.screenshot(path=out / "63-check-officer.png", full_page=True)
    switch_user(page, "sz_liaison_a")
    page.goto("/cases/checks/")
    answered = page.locator("table.check-list tbody tr", has_text=ADVICE_GIVEN[out.name])
    open_first(page, answered if answered.count() else page.locator("table.check-list tbody tr"))
    page.screenshot(path=out / "64-check-liaison.png", full_page=True)


def last_half_year() -> str:
    """The label of the last complete half-year (2026H1): the one the demo's reports were sent for."""
    today = date.today()
    return f"{today.year - 1}H2" if today.month <= 6 else f"{today.year}H1"


def pdf_pages(content: bytes, path: Path, pages: int = 3) -> None:
    """The first ``pages`` pages of a PDF side by side, as one picture for the guide."""
    import pypdfium2 as pdfium
    from PIL import Image

    document = pdfium.PdfDocument(content)
    try:
        images = [document[i].render(scale=1.1).to_pil() for i in range(min(pages, len(document)))]
    finally:
        document.close()
    gap = 16
    sheet = Image.new("RGB", (sum(i.width for i in images) + gap * (len(images) + 1),
                              max(i.height for i in images) + 2 * gap), (210, 210, 210))
    x = gap
    for image in images:
        sheet.paste(image, (x, gap))
        x += image.width + gap
    sheet.save(path)


def reports(page, out):
    """65 as mjh_officer_a: the risk report page of the officer's park for the last complete half-year (who has
    and has not acknowledged); 66 as mjh_liaison_a: its report (a theft and an embezzlement in the half-year),
    with the acknowledge button (never pressed); 67: the first pages of that report's PDF."""
    sign_in(page, "mjh_officer_a")
    page.goto(f"/reports/?period={last_half_year()}")
    page.screenshot(path=out / "65-reports-station.png", full_page=True)
    switch_user(page, "mjh_liaison_a")
    page.goto("/reports/")
    open_first(page, page.locator("table.grid tbody tr"))
    page.screenshot(path=out / "66-report-liaison.png", full_page=True)
    link = page.locator("a[href$='/pdf/']").first.get_attribute("href")
    response = page.request.get(link)
    assert response.ok and response.headers["content-type"] == "application/pdf", response.status
    pdf_pages(response.body(), out / "67-report-pdf.png")


def figures(page, out):
    """68–69, 74 and 78 as sz_supervisor: the figures of this year beside the period before, the requests solved
    behind one figure, the figures of the published year and the same year by type and by officer; 71 as
    city_viewer: the same page over every station, without the records."""
    sign_in(page, "sz_supervisor")
    page.goto("/figures/")
    page.locator("#figures-trend-chart canvas").wait_for()
    page.screenshot(path=out / "68-figures.png", full_page=True)
    page.goto(f"/figures/records/?figure=requests.solved&start={date.today().year}-01-01&end={date.today().isoformat()}")
    page.screenshot(path=out / "69-figure-records.png", full_page=True)
    first, last = published_year()
    page.goto(f"/figures/?start={first.isoformat()}&end={last.isoformat()}")
    page.locator("#figures-trend-chart canvas").wait_for()
    page.screenshot(path=out / "74-figures-published.png", full_page=True)
    page.goto(f"/figures/by/?start={first.isoformat()}&end={last.isoformat()}")
    page.screenshot(path=out / "78-figures-by.png", full_page=True)
    switch_user(page, "city_viewer")
    page.goto("/figures/")
    page.locator("#figures-trend-chart canvas").wait_for()
    page.screenshot(path=out / "71-figures-viewer.png", full_page=True)


def published_year() -> tuple[date, date]:
    """Shengzhou's published year in the demo loaded today (``registry.demo.published_year``)."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jingqi.settings")
    django.setup()
    from jingqi.registry.demo import published_year as year

    return year(date.today())


def home(page, out):
    """72 as sz_supervisor, 73 as city_viewer: the home pages as dashboards (overdue and due today, this year's
    figures)."""
    sign_in(page, "sz_supervisor")
    page.screenshot(path=out / "72-home-supervisor.png", full_page=True)
    switch_user(page, "city_viewer")
    page.screenshot(path=out / "73-home-viewer.png", full_page=True)


def figures_phone(page, out):
    """70 as mjh_officer_b on a phone: the figures of their office's parks, tables as cards."""
    sign_in(page, "mjh_officer_b")
    page.goto("/figures/")
    page.screenshot(path=out / "70-figures-phone.png", full_page=True)


def maps(page, out):
    """75–76 as sz_supervisor: the situation map of this year (requests, disputes, hazards, patrol places), then
    the heat of the requests alone."""
    sign_in(page, "sz_supervisor")
    page.goto("/figures/map/")
    page.locator("#situation-map[data-ready=true]").wait_for()
    page.screenshot(path=out / "75-situation-map.png", full_page=True)
    page.locator(".leaflet-control-layers").hover()
    boxes = page.locator(".leaflet-control-layers-overlays input")
    for index in (1, 2, 3):  # the dots of requests, disputes and hazards off; the heat of the requests on
        boxes.nth(index).uncheck()
    boxes.nth(4).check()
    page.mouse.move(5, 5)
    page.wait_for_timeout(500)
    page.screenshot(path=out / "76-situation-map-heat.png", full_page=True)


def maps_phone(page, out):
    """77 as mjh_officer_b on a phone: the situation map of their office's parks."""
    sign_in(page, "mjh_officer_b")
    page.goto("/figures/map/")
    page.locator("#situation-map[data-ready=true]").wait_for()
    page.screenshot(path=out / "77-situation-map-phone.png", full_page=True)


SETS = {"registry": (registry,), "directory": (directory,), "liaison": (liaison,), "officer": (officer,),
        "department": (department,), "claims": (claims,), "phone": (phone,),
        "disputes": (disputes, disputes_phone), "patrols": (patrols, patrols_phone),
        "inspections": (inspections, inspections_phone, inspections_liaison), "ledger": (ledger,),
        "cases": (cases, cases_liaison, cases_phone), "outreach": (outreach,), "checks": (checks,),
        "reports": (reports,), "figures": (figures, figures_phone), "home": (home,),
        "maps": (maps, maps_phone)}
ON_PHONE = {phone, disputes_phone, patrols_phone, inspections_phone, cases_phone, figures_phone, maps_phone}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--lang", default="zh-hans", choices=["zh-hans", "en"])
    parser.add_argument("--only", nargs="+", choices=list(SETS), metavar="SET",
                        help=f"take only these sets: {', '.join(SETS)}")
    args = parser.parse_args()
    out = OUT / args.lang
    out.mkdir(parents=True, exist_ok=True)
    started = time.time()
    steps = [step for name in (args.only or SETS) for step in SETS[name]]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        for step in steps:
            page = new_page(browser, args.base, args.lang, PHONE if step in ON_PHONE else VIEWPORT)
            step(page, out)
            page.context.close()
        browser.close()
    written = sorted(p for p in out.glob("*.png") if p.stat().st_mtime >= started - 1)
    print("\n".join(str(p.relative_to(OUT.parent.parent)) for p in written))


if __name__ == "__main__":
    main()
