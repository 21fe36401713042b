"""Screenshots of the real pages for the user guide (docs/screenshots/), taken with Chromium.

Start Jingqi with the demo data first (`make run`), then:
    .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8000] [--lang zh-hans|en]
"""

import argparse
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
PASSWORD = "jingqi-demo-2026"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--lang", default="zh-hans", choices=["zh-hans", "en"])
    args = parser.parse_args()
    out = OUT / args.lang
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        page = browser.new_page(base_url=args.base, viewport={"width": 1280, "height": 860})
        page.goto("/accounts/login/")
        page.select_option("select[name=language]", args.lang)
        page.wait_for_load_state()
        page.screenshot(path=out / "01-login.png")
        page.fill("input[name=username]", "mjh_officer_a")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_url("**/")
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
        browser.close()
    print("\n".join(sorted(str(p.relative_to(OUT.parent.parent)) for p in out.glob("*.png"))))



if __name__ == "__main__":
    main()
