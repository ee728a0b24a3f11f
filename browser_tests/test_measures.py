import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from django.utils import timezone

from browser_tests.conftest import assert_accessible, log_in, without_javascript
from conftest import make_user
from governance.models import ActionPlan, CitizenPromise, Measure, PromiseStatus
from trygg import roles
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db(transaction=True), fixed_clock("2026-11-18 10:00")]


@pytest.fixture
def measure():
    today = timezone.localdate()
    return Measure.objects.create(
        title="Belysning vid busshållplatsen", owner_organisation="municipality", latitude="57.988000",
        longitude="11.548000", starts_on=today - timedelta(days=30), due_on=today + timedelta(days=10),
        status="ongoing",
    )


def test_coordinator_reports_progress_on_a_measure(page, live_server, measure):
    make_user("cora@example.org", roles.COORDINATOR, is_staff=True)
    log_in(page, live_server, "cora@example.org")
    page.goto(f"{live_server.url}/styrning/atgarder/")
    page.wait_for_selector("#measure-map[data-loaded]")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
    assert_accessible(page)
    page.get_by_role("link", name=measure.title).first.click()
    assert_accessible(page)

    page.locator("#id_progress-text").fill("Lamporna är beställda.")
    page.locator("#id_progress-percent").fill("40")
    page.locator("form[action$='/lagesrapport/'] button[type=submit]").click()
    page.wait_for_url(f"**/styrning/atgarder/{measure.pk}/#process")
    assert "Lamporna är beställda." in page.locator("main").inner_text()
    assert measure.progress_reports.get().percent == 40
    assert_accessible(page)


def test_measure_form_with_errors_is_accessible(page, live_server, measure):
    make_user("cora@example.org", roles.COORDINATOR, is_staff=True)
    log_in(page, live_server, "cora@example.org")
    without_javascript(page)
    page.goto(f"{live_server.url}/styrning/atgarder/{measure.pk}/andra/")
    page.locator("#id_due_on").fill("2000-01-01")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[data-error-summary]")).to_have_count(1)
    assert_accessible(page)
    measure.refresh_from_db()
    assert measure.due_on != date(2000, 1, 1)


def test_public_promises_page_shows_a_promise_with_its_progress(page, live_server, measure):
    promise = CitizenPromise.objects.create(
        year=timezone.localdate().year, title="Tryggare kvällar i hamnen", text="Vi ökar närvaron i hamnen.",
        starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), status=PromiseStatus.ON_TRACK,
        progress_text="Tolv av tjugo kvällspass är genomförda.", activities_promised=20, activities_delivered=12,
    )
    promise.measures.add(measure)
    page.goto(f"{live_server.url}/medborgarloften/")
    text = page.locator("main").inner_text()
    assert "Tryggare kvällar i hamnen" in text and "Tolv av tjugo kvällspass" in text
    assert measure.title in text
    assert_accessible(page)


def test_action_plan_is_accessible(page, live_server, measure):
    make_user("stina@example.org", roles.STEERING_GROUP)
    ActionPlan.objects.create(year=timezone.localdate().year, introduction="Årets plan.")
    log_in(page, live_server, "stina@example.org")
    page.goto(f"{live_server.url}/styrning/handlingsplan/")
    assert measure.title in page.locator("main").inner_text()
    assert_accessible(page)


def test_coordinator_places_a_measure_on_the_map_and_links_the_report_it_answers(page, live_server):
    from incidents.categories import ensure_default_categories
    from incidents.demo import seed_localities
    from incidents.models import Category, Locality, Report

    seed_localities()
    ensure_default_categories(Category)
    category = Category.objects.get(code="belysning")
    report = Report.objects.create(kind=category.kind, category=category, description="Mörkt vid skolan.",
                                   latitude="57.988500", longitude="11.548500")
    make_user("cora@example.org", roles.COORDINATOR, is_staff=True)
    log_in(page, live_server, "cora@example.org")
    page.goto(f"{live_server.url}/samordning/rapporter/{report.pk}/")
    page.get_by_role("link", name="Starta en åtgärd som svarar på rapporten").click()
    expect(page.locator("#id_report_references")).to_have_value(report.reference)
    page.locator("#id_title").fill("Ny belysning vid skolan")
    page.locator("#id_starts_on").fill("2026-12-01")
    page.locator("#id_due_on").fill("2027-03-31")
    page.locator("#id_owner_organisation").select_option("municipality")
    page.locator("#location-map").click()
    expect(page.locator("#id_latitude")).not_to_have_value("")
    assert_accessible(page)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/styrning/atgarder/*/")
    measure = Measure.objects.get()
    assert measure.has_place and list(measure.reports.all()) == [report]
    expect(page.locator("#measure-map[data-loaded=true]")).to_be_attached()
    expect(page.locator("#answers").get_by_role("link", name=report.reference)).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/samordning/rapporter/{report.pk}/")
    expect(page.get_by_role("link", name="Ny belysning vid skolan")).to_be_visible()
    assert_accessible(page)


def test_without_javascript_a_measure_is_placed_at_its_locality(page, live_server):
    from incidents.demo import seed_localities
    from incidents.models import Locality

    seed_localities()
    make_user("cora@example.org", roles.COORDINATOR, is_staff=True)
    log_in(page, live_server, "cora@example.org")
    without_javascript(page)
    page.goto(f"{live_server.url}/styrning/atgarder/ny/")
    assert page.locator("[data-location-picker]").is_hidden()
    page.get_by_role("link", name="Kan du inte använda kartan?").click()
    page.locator("#id_title").fill("Trygghetsvandring i Rönnäng")
    page.locator("#id_starts_on").fill("2026-12-01")
    page.locator("#id_due_on").fill("2027-03-31")
    page.locator("#id_owner_organisation").select_option("municipality")
    page.locator("#id_locality").select_option(label="Rönnäng")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/styrning/atgarder/\d+/"))
    measure = Measure.objects.get()
    assert measure.locality == Locality.objects.get(name="Rönnäng") and not measure.has_place
    expect(page.get_by_text("Rönnäng (hela orten; ingen plats är markerad)")).to_be_visible()
    assert_accessible(page)


def test_measure_and_cycle_pages_fit_a_320_px_screen(page, live_server):
    """Staff pages with the demo's links, map and effect tables: wide tables scroll in their own region."""
    from django.core.management import call_command

    call_command("seed_demo", size=200, force=True, verbosity=0)
    make_user("cora@example.org", roles.COORDINATOR, is_staff=True)
    log_in(page, live_server, "cora@example.org")
    page.set_viewport_size({"width": 320, "height": 800})
    measure = Measure.objects.filter(reports__isnull=False, latitude__isnull=True).first()
    pages = ["/styrning/arshjul/", f"/styrning/atgarder/{measure.pk}/", f"/styrning/atgarder/{measure.pk}/andra/",
             f"/samordning/rapporter/{measure.reports.first().pk}/"]
    widths = {}
    for path in pages:
        page.goto(live_server.url + path)
        widths[path] = page.evaluate("document.documentElement.scrollWidth")
        assert_accessible(page)
    assert {path: width for path, width in widths.items() if width > 320} == {}
