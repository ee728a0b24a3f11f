"""Browser tests: Playwright driving Debian's Chromium against live_server.

Playwright's sync API runs an event loop; Django's async guard must be relaxed
for these tests only.
"""

import os
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    """A fresh page that records every request to another origin than the portal's."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    portal = urlparse(live_server.url).netloc
    page.foreign_requests = []

    def record(request):
        host = urlparse(request.url).netloc
        if request.url.startswith(("http://", "https://")) and host != portal:
            page.foreign_requests.append(request.url)

    # Map tiles are the one allowed other origin; block them so tests stay offline.
    page.route(f"{settings.MAP_TILES_ORIGIN}/**", lambda route: route.abort())
    page.on("request", record)
    yield page
    context.close()


def without_javascript(page):
    """Block every page script: the state of a browser with JavaScript off.

    axe-core is injected by Playwright itself, so it still runs; a context with
    java_script_enabled=False would leave it hanging.
    """
    page.route("**/*.js", lambda route: route.abort())


def assert_accessible(page):
    """axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on the page as it is now."""
    page.wait_for_load_state("load")  # stylesheets applied, or contrast is judged on unstyled controls
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, results.generate_report()


def assert_only_portal_requests(page, settings):
    foreign = [url for url in page.foreign_requests if not url.startswith(settings.MAP_TILES_ORIGIN)]
    assert foreign == [], foreign


def log_in(page, live_server, email, password=None):
    """Log in through the portal's login form (in Swedish) and land on "Min sida"."""
    from conftest import PASSWORD

    page.goto(f"{live_server.url}/konto/logga-in/")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password or PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/min-sida/")
