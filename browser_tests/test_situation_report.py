import pytest
from playwright.sync_api import expect
from django.utils import timezone

from browser_tests.conftest import assert_accessible, log_in
from conftest import make_user
from governance.models import Rhythm
from governance.situation import freeze
from trygg import roles
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db(transaction=True), fixed_clock("2026-11-18 10:00")]


def test_steering_group_opens_a_situation_report_and_prints_it(page, live_server):
    cora = make_user("cora@example.org", roles.COORDINATOR, is_staff=True)
    make_user("stina@example.org", roles.STEERING_GROUP)
    report = freeze(rhythm=Rhythm.MONTHLY, day=timezone.localdate(), analysis="Buskörningen har ökat i Myggenäs.",
                    priorities=[("Buskörning", "Rapporter och trygghetsmätningen")], by=cora)
    log_in(page, live_server, "stina@example.org")
    page.goto(f"{live_server.url}/styrning/lagesbilder/")
    assert_accessible(page)
    page.locator(f"main a[href='/styrning/lagesbilder/{report.pk}/']").click()
    assert "Buskörningen har ökat i Myggenäs." in page.locator("main").inner_text()
    assert_accessible(page)
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()


def test_coordinator_form_with_errors_is_accessible(page, live_server):
    make_user("cora@example.org", roles.COORDINATOR, is_staff=True)
    log_in(page, live_server, "cora@example.org")
    page.goto(f"{live_server.url}/styrning/lagesbilder/ny/")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[data-error-summary]")).to_have_count(1)
    assert_accessible(page)
