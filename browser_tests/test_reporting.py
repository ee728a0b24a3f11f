import re

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import assert_accessible, without_javascript
from incidents.models import Category, Report, Status

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def report_setup(settings):
    from incidents.categories import ensure_default_categories
    from incidents.demo import seed_localities

    seed_localities()
    ensure_default_categories(Category)
    settings.REPORT_MIN_FILL_SECONDS = 0


def fill_what(page):
    page.get_by_label("Otrygg plats").check()
    page.get_by_label("Kategori").select_option(label="Dålig belysning")
    page.locator("#id_description").fill("Mörk gångväg bakom skolan, flera lampor är trasiga.")


def test_resident_reports_with_the_map(page, live_server, report_setup):
    page.goto(f"{live_server.url}/rapportera/")
    assert_accessible(page)
    page.get_by_label("Nej, det har hänt eller det är en plats som känns otrygg").check()
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_url(f"{live_server.url}/rapportera/ny/")
    assert_accessible(page)

    fill_what(page)
    page.locator("#location-map").click()
    assert page.locator("#id_latitude").input_value() != ""
    before = float(page.locator("#id_latitude").input_value())
    page.get_by_role("button", name="↑ Flytta punkten norrut").click()
    assert float(page.locator("#id_latitude").input_value()) > before
    assert "Punkten är placerad på" in page.locator(".location-picker__status").inner_text()
    assert_accessible(page)

    page.get_by_role("button", name="Skicka rapport").click()
    page.wait_for_url(re.compile(r"/kvitto/"))
    report = Report.objects.get()
    assert report.latitude is not None and report.status == Status.NEW
    expect(page.get_by_text(report.reference).first).to_be_attached()
    assert_accessible(page)


def test_resident_reports_without_javascript(page, live_server, report_setup):
    without_javascript(page)
    page.goto(f"{live_server.url}/rapportera/ny/")
    assert page.locator("[data-location-picker]").is_hidden()
    page.get_by_role("link", name="Kan du inte använda kartan?").click()

    page.get_by_role("button", name="Skicka rapport").click()
    expect(page.get_by_role("alert").first).to_be_attached()
    assert_accessible(page)

    fill_what(page)
    page.get_by_label("Ort", exact=True).select_option(label="Rönnäng")
    page.get_by_label("Beskriv platsen").fill("Gångvägen mellan skolan och busshållplatsen")
    page.get_by_role("button", name="Skicka rapport").click()
    page.wait_for_url(re.compile(r"/kvitto/"))
    report = Report.objects.get()
    assert report.locality.name == "Rönnäng" and report.latitude is None
    assert_accessible(page)
    status_link = page.locator(".status-link a").get_attribute("href")
    page.goto(status_link)
    assert page.get_by_role("heading", level=1).inner_text() == f"Rapport {report.reference}"
    assert_accessible(page)


def test_arrow_buttons_are_disabled_until_a_point_is_placed(page, live_server, report_setup):
    page.goto(f"{live_server.url}/rapportera/ny/")
    north = page.get_by_role("button", name="↑ Flytta punkten norrut")
    expect(north).to_be_disabled()
    note = page.locator("#" + north.get_attribute("aria-describedby"))
    expect(note).to_have_text("Placera först en punkt på kartan, sedan kan du flytta den med pilknapparna.")

    page.locator("#location-map").click()
    expect(north).to_be_enabled()
    assert north.get_attribute("aria-describedby") is None
    expect(note).to_be_hidden()
