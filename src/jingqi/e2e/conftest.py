"""End-to-end journeys in a real browser: Playwright driving Debian's Chromium.

``make test`` sets JINGQI_CHROMIUM when Chromium is installed; without it these tests are skipped
(and ``JINGQI_REQUIRE_BROWSER=1`` turns that into a failure before the suite starts).
"""

import os
import shutil
import threading
from pathlib import Path

import pytest

from jingqi.core.testing.personas import fresh_world

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make to set up
# data are still ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("JINGQI_CHROMIUM") or shutil.which("chromium") or ""
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM:
                item.add_marker(pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)"))


class _OneRequestAtATime:
    """Mixed into the live server when it shares the test's SQLite connection with its request threads.

    An in-memory SQLite test database lives on one connection, which the live server hands to every request
    thread. A page that loads several pictures at once then runs their requests on that one connection together,
    and their transactions' savepoints cross ("no such savepoint"). Requests still arrive on threads (a browser
    keeps connections open), but the application answers them one at a time.
    """

    def set_app(self, application):
        if not self.connections_override:
            return super().set_app(application)
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                return application(environ, start_response)

        return super().set_app(one_at_a_time)


@pytest.fixture(scope="session", autouse=True)
def _serialized_live_server():
    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.test.testcases import LiveServerThread

    server_class = type("OneRequestAtATimeWSGIServer", (_OneRequestAtATime, ThreadedWSGIServer), {})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LiveServerThread, "server_class", server_class)
        yield


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def sign_in(page):
    def do(username, password="correct-horse-battery"):  # noqa: S107 — the factories' test password
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit].primary")
        page.wait_for_url("**/")

    return do


@pytest.fixture
def world(transactional_db, request):
    """The shared cast, committed: the live server answers from another thread and must see it.

    The patrol cast asks for its guard rosters' solves and stores a roster of its own. Committed at once, the ask
    would run the real solver inline (huey is immediate in tests) for a minute and store that roster instead, so
    no solve job runs while the cast is built."""
    from unittest import mock

    with mock.patch("jingqi.patrols.tasks.solve_operation"):
        return fresh_world(disputes=request.node.get_closest_marker("dispute_cast") is not None,
                           patrols=request.node.get_closest_marker("patrol_cast") is not None,
                           inspections=request.node.get_closest_marker("inspection_cast") is not None,
                           cases=request.node.get_closest_marker("case_cast") is not None)


@pytest.fixture
def shots(request, tmp_path):
    """Where a journey saves its screenshots: JINGQI_SCREENSHOT_DIR, or the test's own tmp folder."""
    folder = Path(os.environ.get("JINGQI_SCREENSHOT_DIR") or tmp_path / request.module.__name__.rsplit(".", 1)[-1])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


PHONE = {"width": 390, "height": 844}


@pytest.fixture
def open_as(browser, live_server):
    """Opens a browser of its own for ``username`` (signed in; anonymous when None).

    ``phone`` gives a 390-px touch screen; ``accept_dialogs`` answers yes to the questions final actions
    ask first (confirm.js).
    """
    contexts = []

    def open_page(username=None, *, phone=False, accept_dialogs=False):
        options = {"viewport": PHONE, "device_scale_factor": 1, "is_mobile": True, "has_touch": True} if phone else {}
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        if accept_dialogs:
            page.on("dialog", lambda dialog: dialog.accept())
        if username:
            page.goto("/accounts/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", "correct-horse-battery")
            page.click("button[type=submit].primary")
            page.wait_for_url("**/")
        return page

    yield open_page
    for context in contexts:
        context.close()
