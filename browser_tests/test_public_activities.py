"""Safety walks and dialogue meetings in public, on a 375 px phone with and without JavaScript (issue 14).

A resident finds the page from the home page, signs up for a coming walk, reads what a past
walk found, and the calendar feed the page links to is read by an iCalendar parser.
"""

from datetime import date, time

import icalendar
import pytest
from django.utils.translation import gettext, override
from playwright.sync_api import expect

from browser_tests.conftest import assert_accessible, assert_only_portal_requests, without_javascript
from dialog.models import ActivityKind, DialogueActivity, SignUp, WalkPhase
from incidents.demo import seed_localities
from incidents.models import Locality
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db(transaction=True), fixed_clock("2026-05-19 10:00")]

PHONE = {"width": 375, "height": 800}


def sv(text):
    with override("sv"):
        return gettext(text)


@pytest.fixture
def activities():
    seed_localities()
    locality = Locality.objects.get(name="Skärhamn")
    coming = DialogueActivity.objects.create(
        kind=ActivityKind.SAFETY_WALK, walk_phase=WalkPhase.DARK, title="Trygghetsvandring i Skärhamn",
        date=date(2026, 6, 2), starts_at=time(19, 0), ends_at=time(21, 0), locality=locality,
        place="Samling vid busstationen", organisers="Tjörns kommun och Polisen", is_public=True,
        accessibility="Slingan är 2 km utan trappor.", signup_limit=20,
    )
    past = DialogueActivity.objects.create(
        kind=ActivityKind.SAFETY_WALK, walk_phase=WalkPhase.DARK, title="Trygghetsvandring i Kållekärr",
        date=date(2026, 3, 12), locality=locality, organisers="Tjörns kommun", is_public=True,
        public_summary="Mörk tunnel under vägen.", public_follow_up="Tunneln har fått belysning.",
    )
    return coming, past


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_resident_finds_signs_up_and_subscribes_on_a_phone(page, live_server, activities, settings, javascript):
    coming, past = activities
    if not javascript:
        without_javascript(page)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=sv("Safety walks and dialogue meetings"), exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Safety walks and dialogue meetings"))
    expect(page.get_by_text("Tunneln har fått belysning.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)

    feed_url = page.get_by_role("link", name=sv("Subscribe to the calendar (iCalendar)")).get_attribute("href")
    feed = page.request.get(live_server.url + feed_url)
    assert feed.headers["content-type"].startswith("text/calendar")
    events = {str(e["SUMMARY"]): e for e in icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")}
    assert set(events) == {coming.title, past.title}
    assert events[coming.title].decoded("DTSTART").hour == 19

    page.get_by_role("link", name=coming.title, exact=True).click()
    page.get_by_role("button", name=sv("Sign up")).click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_name").fill("Eva")
    page.get_by_role("textbox", name=sv("E-mail")).fill("eva@example.se")
    page.locator("#id_consent").check()
    page.get_by_role("button", name=sv("Sign up")).click()
    expect(page.get_by_text(sv("Places left: %(left)s") % {"left": 19})).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert SignUp.objects.get().name == "Eva"
    assert_only_portal_requests(page, settings)
