import urllib.request

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import assert_accessible, log_in
from conftest import make_user
from dialog import demo, trygghetsmatning
from dialog.models import Survey
from incidents.demo import seed_localities
from trygg import roles

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def rounds():
    seed_localities()
    demo.seed(0, lambda line: None)
    return list(Survey.objects.filter(series=trygghetsmatning.SERIES).order_by("opens_at"))


def charts_one_at_a_time(page):
    """Fetch the charts one after the other.

    live_server shares one in-memory SQLite database between its threads, and
    every staff request saves the session: charts loaded in parallel would
    lock it. The blocking fetch holds Playwright's loop, so they come in turn.
    """

    def fetch(route):
        request = urllib.request.Request(route.request.url, headers=route.request.all_headers())
        with urllib.request.urlopen(request) as response:
            route.fulfill(status=response.status, headers=dict(response.headers), body=response.read())

    page.route("**/*.svg", fetch)


def assert_charts_load(page, live_server):
    images = page.locator("main img")
    assert images.count() >= 5
    for index in range(images.count()):
        image = images.nth(index)
        assert image.get_attribute("alt")
        response = page.request.get(live_server.url + image.get_attribute("src"))
        assert response.status == 200
        assert response.headers["content-type"] == "image/svg+xml"
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")


def test_coordinator_sees_charts_tables_and_free_text(page, live_server, rounds):
    _last_year, this_year = rounds
    make_user("cora@example.org", roles.COORDINATOR, is_staff=True)
    log_in(page, live_server, "cora@example.org")
    charts_one_at_a_time(page)
    page.goto(f"{live_server.url}/samordning/enkater/{this_year.pk}/resultat/")
    assert page.get_by_role("heading", level=1).inner_text().endswith(str(this_year))
    assert page.locator("table caption").count() >= 5
    expect(page.get_by_role("heading", name="Trygghetsindex")).to_have_count(1)
    assert_charts_load(page, live_server)
    assert_accessible(page)

    page.locator("summary").first.click()
    assert_accessible(page)

    page.goto(f"{live_server.url}/samordning/enkater/{this_year.pk}/resultat/fritext/")
    expect(page.locator("article").first).to_be_attached()
    assert_accessible(page)


def test_public_results_are_accessible(page, live_server, rounds):
    last_year, _this_year = rounds
    charts_one_at_a_time(page)
    page.goto(f"{live_server.url}/enkater/{last_year.pk}/resultat/")
    assert last_year.public_summary[:40] in page.locator("main").inner_text()
    assert_charts_load(page, live_server)
    assert_accessible(page)
