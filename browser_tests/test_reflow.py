"""No public page scrolls sideways on a 320 px screen (WCAG 1.4.10 Reflow; axe-core does not check it).

The pages are filled with the demo data, as a resident would meet them, and found the way a resident
finds them: by following the links from the home page.
"""

from urllib.parse import urljoin, urlparse

import pytest
from django.core.management import call_command

from browser_tests.conftest import without_javascript
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db(transaction=True), fixed_clock("2026-11-18 10:00")]

NARROWEST = {"width": 320, "height": 800}
NOT_PAGES = ("/static/", "/media/", "/admin/", "/konto/logga-ut/")
FILES = (".ics", ".csv", ".json", ".svg", ".pdf", ".png", ".xml", ".geojson")
MOST_PAGES = 60


def public_pages(page, base):
    """Every page reachable from the home page by links, without query strings beyond the first one per path."""
    seen, queue, widths = set(), ["/"], {}
    while queue and len(seen) < MOST_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(base + path)
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        widths[path] = page.evaluate("document.documentElement.scrollWidth")
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            url = urlparse(urljoin(base + path, href))
            if url.netloc != urlparse(base).netloc or url.path.startswith(NOT_PAGES) or url.path.endswith(FILES):
                continue
            if url.path not in seen and url.path not in queue:
                queue.append(url.path)
    return widths


@pytest.fixture
def demo(live_server):
    call_command("seed_demo", size=300, force=True, verbosity=0)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_no_public_page_is_wider_than_a_320_px_screen(page, live_server, demo, javascript):
    if not javascript:
        without_javascript(page)
    page.set_viewport_size(NARROWEST)
    widths = public_pages(page, live_server.url)
    assert len(widths) > 15, sorted(widths)  # the crawl reached the public side, not only the home page
    assert {"/problembild/", "/samverkan/", "/beslut/", "/dialog/"} <= set(widths)
    too_wide = {path: width for path, width in widths.items() if width > NARROWEST["width"]}
    assert too_wide == {}
