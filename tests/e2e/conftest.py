"""Browser harness: a live server on a migrated, seeded database, Debian's Chromium through Playwright, and axe.

Later issues add their own journeys here. Screenshots go to build/screenshots, or to DHR_SCREENSHOT_DIR
(`make screenshots` points it at docs/screenshots).
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import select
from werkzeug.serving import make_server

from dhr.extensions import db
from dhr.partnerships.models import Partnership
from dhr.reviews.queries import review_of_victim
from dhr.seed import seed_demo
from tests.conftest import IN_CI, _throwaway_sqlite, make_test_app

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = Path(os.environ.get("DHR_SCREENSHOT_DIR") or ROOT / "build" / "screenshots")


def _unavailable(message: str):
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def demo_app():
    """The app over its own SQLite database, migrated and seeded with the demo partnership."""
    if not (ROOT / "dhr" / "static" / "govuk" / "app.css").exists():
        _unavailable("GOV.UK assets are not built: run `make setup` first")
    with _throwaway_sqlite() as url:
        app = make_test_app(url)
        with app.app_context():
            upgrade()
            seed_demo()
            db.session.commit()
        try:
            yield app
        finally:
            with app.app_context():
                db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(demo_app):
    """The demo app served on a free localhost port."""
    server = make_server("127.0.0.1", 0, demo_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def demo_reference(demo_app):
    """demo_reference("Adult Q"): the reference the demo gave a review, found by its victim's pseudonym.

    The demo dates its reviews from today and a reference follows the notification year, so a reference written
    into a test would hold only on some days."""

    def _reference(victim: str) -> str:
        with demo_app.app_context():
            partnership_id = db.session.scalar(select(Partnership.id).where(Partnership.reference_prefix == "SWP"))
            return review_of_victim(partnership_id, victim).reference

    return _reference


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright without downloading a browser of its own."""
    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        _unavailable("Chromium is not installed (apt-get install chromium); the browser leg is skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def _open_page(browser, live_server):
    """A fresh browser context (no cookies) whose page collects console errors and failed asset loads."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []

    def on_console(message):
        # A page served with 403/404 on purpose logs its own status; broken assets are caught below instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            page.console_errors.append(message.text)

    def on_response(response):
        if response.request.resource_type != "document" and response.status >= 400:
            page.console_errors.append(f"{response.status} for {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    return context, page


@pytest.fixture
def page(browser, live_server):
    """One signed-out browser page."""
    context, page = _open_page(browser, live_server)
    yield page
    context.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open more pages, each its own browser (for journeys with two people)."""
    contexts = []

    def _new():
        context, page = _open_page(browser, live_server)
        contexts.append(context)
        return page

    yield _new
    for context in contexts:
        context.close()


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.2 A/AA violations on the current page. evaluate() is not subject to the page's CSP."""
    if not AXE.exists():
        _unavailable("axe-core is not installed: run `make setup` (npm ci)")
    page.evaluate(AXE.read_text())
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return result["violations"]


def assert_accessible(page, name: str) -> None:
    """0 axe violations and no console errors (a CSP block shows up there); then save a screenshot."""
    violations = axe_violations(page)
    summary = [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in violations]
    assert not summary, f"{name}: {summary}"
    assert not page.console_errors, f"{name}: console errors {page.console_errors}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def sign_in(page, email: str, password: str) -> None:
    """Use the real sign-in form."""
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    # The form posts and the next page loads (the dashboard, or the form again with errors) before the test reads
    # it: an assertion that does not wait, such as is_visible(), would otherwise race the navigation.
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def title_starts(page, prefix: str) -> None:
    """Wait for the page's title to start with prefix: a title read at once after a click can be the old page's,
    or empty while the next one loads."""
    import re

    from playwright.sync_api import expect

    expect(page).to_have_title(re.compile("^" + re.escape(prefix)))
