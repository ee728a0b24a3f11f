from datetime import timedelta

import pytest
from playwright.sync_api import expect
from django.utils import timezone

from browser_tests.conftest import assert_accessible, log_in, without_javascript
from conftest import make_user
from incidents.categories import ensure_default_categories
from incidents.demo import seed_localities
from incidents.models import Category, Locality, Report, Status, TimeOfDay
from trygg import roles
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db(transaction=True), fixed_clock("2026-11-18 10:00")]


@pytest.fixture
def last_month_reports():
    seed_localities()
    ensure_default_categories(Category)
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    skarhamn = Locality.objects.get(name="Skärhamn")
    for n, code in enumerate(["klotter", "klotter", "klotter", "belysning", "skadegorelse"]):
        category = Category.objects.get(code=code)
        report = Report(kind=category.kind, category=category, description="Klotter på busskuren.",
                        public_description="Klotter på busskuren.", latitude="57.988500", longitude="11.548500",
                        locality=skarhamn, occurred_on=last_month.replace(day=1 + n),
                        time_of_day=TimeOfDay.EVENING)
        report.status = Status.PUBLISHED
        report.save()


def test_steering_group_member_changes_the_period_and_prints_the_picture(page, live_server, last_month_reports):
    make_user("styr@example.org", roles.STEERING_GROUP)
    log_in(page, live_server, "styr@example.org")
    page.goto(f"{live_server.url}/styrning/problembild/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.locator("img.picture-chart")).to_have_count(2)  # the monthly trend and the hotspot grid
    assert_accessible(page)

    page.locator("select[name=period]").select_option("quarter")
    page.locator(".picture-filter button[type=submit]").click()
    page.wait_for_url("**period=quarter**")
    assert page.locator("main table").count() >= 6
    for chart in page.locator("img.picture-chart").all():
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0")

    page.emulate_media(media="print")
    assert page.locator(".site-nav").is_hidden()
    assert page.locator(".picture-filter").is_hidden()
    assert page.locator("main table").first.is_visible()


def test_public_picture_works_without_javascript_and_is_accessible(page, live_server, last_month_reports):
    without_javascript(page)
    page.goto(f"{live_server.url}/problembild/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert "Klotter på busskuren" not in page.locator("main").inner_text()
    assert_accessible(page)


def test_hotspots_are_numbered_on_the_map_as_in_the_table(page, live_server, last_month_reports):
    make_user("styr@example.org", roles.STEERING_GROUP)
    log_in(page, live_server, "styr@example.org")
    page.goto(f"{live_server.url}/styrning/problembild/")
    expect(page.locator("#hotspot-map")).to_be_visible()
    expect(page.locator("#hotspot-map")).to_have_attribute("data-loaded", "true")
    marker = page.locator("#hotspot-map .hotspot-number")
    expect(marker).to_have_count(1)
    expect(marker).to_have_text("1")
    expect(marker).to_have_attribute("title", "1. Skärhamn: 5 rapporter")
    expect(page.locator(".picture-hotspot-chart")).to_be_hidden()
    assert_accessible(page)
