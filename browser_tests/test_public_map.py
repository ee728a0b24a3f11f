from decimal import Decimal

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import assert_accessible, assert_only_portal_requests
from incidents.categories import ensure_default_categories
from incidents.models import Category, Locality, Report, Status

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published_reports(db):
    ensure_default_categories(Category)
    Locality.objects.create(
        name="Skärhamn", slug="skarhamn", municipality="Tjörns kommun",
        latitude=Decimal("57.988000"), longitude=Decimal("11.548000"),
    )
    dark_path = Category.objects.get(code="belysning")
    reports = []
    for index in range(5):
        report = Report(
            kind=dark_path.kind, category=dark_path, description="Mörk väg",
            public_description=f"Mörk gångväg nummer {index}",
            latitude=Decimal("57.990000") + Decimal(index) / 1000, longitude=Decimal("11.550000"),
        )
        report.status = Status.PUBLISHED
        report.save()
        reports.append(report)
    return reports


def watch_console(page):
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))


def test_map_shows_grouped_reports_and_is_accessible(page, live_server, settings, published_reports):
    watch_console(page)
    page.goto(f"{live_server.url}/karta/")
    region = page.locator('#report-map[role="region"]')
    region.wait_for()
    assert region.get_attribute("aria-label")
    page.wait_for_selector("#report-map[data-loaded]")
    cells = page.locator(".report-cell")
    expect(cells.first).to_be_attached()
    assert "5" in " ".join(cells.all_inner_texts())
    assert page.locator(".map-alternative a").get_attribute("href") == "/rapporter/"
    assert_accessible(page)
    assert_only_portal_requests(page, settings)
    assert [error for error in page.console_errors if "Content Security Policy" in error] == []


def test_keyboard_user_zooms_in_to_single_reports_that_link_to_their_page(page, live_server, published_reports):
    page.goto(f"{live_server.url}/karta/")
    page.wait_for_selector("#report-map[data-loaded]")
    for _ in range(4):  # Enter on a cell zooms in two levels
        cell = page.locator(".report-cell").first
        if not cell.count():
            break
        cell.focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(800)
    marker = page.locator(".leaflet-marker-icon:not(.report-cell)").first
    marker.wait_for()
    marker.click()
    link = page.locator(".leaflet-popup-content a")
    link.wait_for()
    assert "/rapporter/" in link.get_attribute("href")
    page.wait_for_timeout(500)  # the popup fades in
    assert_accessible(page)


def test_list_of_reports_is_accessible(page, live_server, published_reports):
    page.goto(f"{live_server.url}/rapporter/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.locator(".report-list__item")).to_have_count(5)
    assert_accessible(page)
    page.goto(f"{live_server.url}/rapporter/{published_reports[0].pk}/")
    assert_accessible(page)


def test_map_page_without_javascript_offers_the_list(browser, live_server, published_reports):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    page.goto(f"{live_server.url}/karta/")
    assert page.locator("#report-map").is_hidden()
    expect(page.locator("[data-map-without-js]")).to_contain_text("listan")
    expect(page.locator("[data-map-instructions]")).to_be_hidden()
    assert "cirkel" not in page.locator("main").inner_text()
    page.locator(".map-alternative a").click()
    page.wait_for_url(f"{live_server.url}/rapporter/")
    expect(page.locator(".report-list__item")).to_have_count(5)
    context.close()


def test_leaflet_controls_speak_the_page_language(page, live_server, published_reports):
    page.goto(f"{live_server.url}/karta/")
    page.wait_for_selector("#report-map[data-loaded]")
    expect(page.locator("[data-map-instructions]")).to_contain_text("cirkel")
    expect(page.locator("[data-map-without-js]")).to_be_hidden()
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("title", "Zooma in")
    expect(page.locator(".leaflet-control-zoom-out")).to_have_attribute("title", "Zooma ut")
    expect(page.locator(".leaflet-control-attribution a[href='https://leafletjs.com']")).to_have_attribute(
        "title", "Ett JavaScript-bibliotek för interaktiva kartor"
    )
