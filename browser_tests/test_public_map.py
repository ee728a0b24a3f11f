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


PHONE = {"width": 375, "height": 740}


def zoom_in_until(page, selector, tries=5):
    """Enter on the first cell (two zoom levels each) until a marker matching the selector is drawn."""
    for _ in range(tries):
        if page.locator(selector).count():
            return
        cell = page.locator(".report-cell").first
        loads = page.locator("#report-map").get_attribute("data-loads")
        cell.focus()
        page.keyboard.press("Enter")
        page.wait_for_function(
            "loads => document.querySelector('#report-map').dataset.loads !== loads", arg=loads
        )
    page.locator(selector).first.wait_for()


@pytest.fixture
def burglaries_in_skarhamn(published_reports):
    """Twelve published burglaries: shown only at Skärhamn's centre, all on one public point."""
    burglary = Category.objects.get(code="inbrott")
    for index in range(12):
        report = Report(
            kind=burglary.kind, category=burglary, description="Inbrott", public_description=f"Inbrott {index}",
            latitude=Decimal("57.991000") + Decimal(index) / 10000, longitude=Decimal("11.546000"),
        )
        report.status = Status.PUBLISHED
        report.save()


def test_reports_sharing_one_point_open_as_a_list_on_a_phone(page, live_server, burglaries_in_skarhamn):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/karta/")
    page.wait_for_selector("#report-map[data-loaded]")
    page.locator("#report-map").scroll_into_view_if_needed()
    zoom_in_until(page, ".report-group")
    group = page.locator(".report-group")
    expect(group).to_have_count(1)
    expect(group).to_contain_text("12")
    group.focus()
    page.keyboard.press("Enter")  # a keyboard opens the group as a mouse does
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("12 rapporter på den här platsen")
    expect(popup.locator("li a")).to_have_count(10)
    page.wait_for_timeout(500)  # the popup fades in
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    popup.get_by_role("link", name="Visa alla 12 i listan").click()
    page.wait_for_url("**/rapporter/?point=*")
    expect(page.locator(".report-list__item")).to_have_count(12)
    expect(page.locator(".report-list__at-point")).to_contain_text("delar en plats")
    assert_accessible(page)


def test_a_popup_opened_near_the_edge_stays_open_after_its_pan_reloads_the_map(page, live_server, published_reports):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/karta/")
    page.wait_for_selector("#report-map[data-loaded]")
    map_element = page.locator("#report-map")
    map_element.scroll_into_view_if_needed()
    single = ".leaflet-marker-icon:not(.report-cell):not(.report-group)"
    zoom_in_until(page, single)
    # Drag the map until a report's marker sits just below the map's top edge: its popup cannot open there.
    area = map_element.bounding_box()
    marker = page.locator(single).first.bounding_box()
    x, y = area["x"] + area["width"] / 2, marker["y"] + marker["height"] / 2
    loads = map_element.get_attribute("data-loads")
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y - 10, steps=2)
    page.mouse.move(x, area["y"] + 40, steps=10)
    page.wait_for_timeout(200)  # held still before letting go: Leaflet throws no inertia after the drag
    page.mouse.up()
    page.wait_for_function("loads => document.querySelector('#report-map').dataset.loads !== loads", arg=loads)
    page.wait_for_selector(single)
    near_edge = min(page.locator(single).all(), key=lambda element: element.bounding_box()["y"])
    assert near_edge.bounding_box()["y"] < area["y"] + 60
    loads = map_element.get_attribute("data-loads")
    near_edge.click()
    page.locator(".leaflet-popup-content a").wait_for()
    # The popup pans the map into view; the pan reloads the reports in the view and redraws them.
    page.wait_for_function("loads => document.querySelector('#report-map').dataset.loads !== loads", arg=loads)
    page.wait_for_timeout(800)
    expect(page.locator(".leaflet-popup-content a")).to_have_count(1)
    expect(page.locator(".leaflet-popup-content a")).to_be_visible()
    assert "/rapporter/" in page.locator(".leaflet-popup-content a").get_attribute("href")
