"""On a phone, with JavaScript on and off: a report found before sending and followed by e-mail (issue 14).

The resident places a point (JavaScript) or picks a locality (without), sees the
public report already made there, opens it, says they have seen it too, follows
it by e-mail and confirms with the link from the mail. A coordinator changes the
status: the mail arrives, and its unsubscribe link stops the mails.
"""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import assert_accessible
from conftest import make_user
from incidents.models import Category, Report, ReportEvent, ReportSubscription, Status
from trygg import roles

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 740}
POINT = (Decimal("57.931900"), Decimal("11.586200"))  # in Rönnäng


@pytest.fixture
def setup(settings):
    from incidents.categories import ensure_default_categories
    from incidents.demo import seed_localities

    seed_localities()
    ensure_default_categories(Category)
    settings.REPORT_MIN_FILL_SECONDS = 0
    coordinator = make_user("samordnare@example.org", roles.COORDINATOR, is_staff=True)
    category = Category.objects.get(code="belysning")
    report = Report.objects.create(
        kind=category.kind, category=category, description="Lampan vid färjeläget är trasig, säger Tekla.",
        latitude=POINT[0], longitude=POINT[1], public_description="Trasig gatlampa vid färjeläget.",
    )
    report.record(ReportEvent.Action.CREATED)
    report.publish(by=coordinator)
    # Not yet reviewed, in the same place: never shown to the public.
    Report.objects.create(kind=category.kind, category=category, description="Ny, ogranskad",
                          latitude=POINT[0], longitude=POINT[1])
    return report, coordinator


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def link_in(message, part):
    return path_of(next(url for url in re.findall(r"https?://\S+", message.body) if part in url))


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_resident_finds_a_report_nearby_follows_it_and_unsubscribes(page, live_server, setup, mailoutbox, javascript):
    report, coordinator = setup
    unreviewed = Report.objects.exclude(pk=report.pk).get()
    context = page.context
    if not javascript:
        context.route("**/*.js", lambda route: route.abort())  # every tab of this browser
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/rapportera/ny/")
    page.locator("#id_description").fill("Mörkt vid färjeläget.")

    if javascript:
        # The point, typed into the coordinates the map fills in (as the arrow buttons and a tap do).
        page.get_by_label("Latitud", exact=True).fill(str(POINT[0]))
        page.get_by_label("Longitud", exact=True).fill(str(POINT[1]))
        page.get_by_label("Longitud", exact=True).press("Tab")
        found = page.locator("[data-nearby-list]")
        expect(found).to_contain_text("Redan rapporterat i närheten?")
        expect(found).to_have_attribute("aria-live", "polite")
        expect(found.get_by_role("link", name=re.compile(report.reference))).to_be_visible()
        expect(found).not_to_contain_text(unreviewed.reference)
        expect(page.locator(".location-picker__map path.leaflet-interactive")).to_have_count(1)  # its marker
        assert_accessible(page)
        with context.expect_page() as opened:
            found.get_by_role("link", name=re.compile(report.reference)).click()
    else:
        with context.expect_page() as opened:
            page.get_by_role("link", name=re.compile("Redan rapporterat")).click()
        nearby = opened.value
        nearby.set_viewport_size(PHONE)
        nearby.get_by_label("Ort", exact=True).select_option(label="Rönnäng")
        nearby.get_by_role("button", name="Visa rapporter").click()
        expect(nearby.get_by_role("heading", name="Redan rapporterat i närheten?")).to_be_visible()
        expect(nearby.locator("main")).not_to_contain_text(unreviewed.reference)
        assert_accessible(nearby)
        with context.expect_page() as opened:
            nearby.get_by_role("link", name=re.compile(report.reference)).click()
    # The form the resident started is still there in its own tab.
    expect(page.locator("#id_description")).to_have_value("Mörkt vid färjeläget.")

    detail = opened.value
    detail.set_viewport_size(PHONE)
    detail.wait_for_load_state()
    expect(detail.get_by_role("heading", level=1)).to_contain_text(report.reference)
    expect(detail.locator("#seen-count")).to_have_text("0 personer har också sett detta.")
    assert_accessible(detail)
    detail.get_by_role("button", name="Jag har också sett detta").click()
    expect(detail.locator("#seen-count")).to_have_text("1 person har också sett detta.")
    expect(detail.get_by_role("button", name="Jag har också sett detta")).to_have_count(0)

    detail.get_by_label("Din e-postadress").fill("folke@example.org")
    detail.get_by_role("button", name="Följ rapporten").click()
    expect(detail.get_by_role("status")).to_contain_text("Titta i din e-post")
    assert_accessible(detail)
    assert [message.to for message in mailoutbox] == [["folke@example.org"]]

    detail.goto(live_server.url + link_in(mailoutbox[0], "/folj/bekrafta/"))
    assert_accessible(detail)
    detail.get_by_role("button", name="Ja, följ rapporten").click()
    expect(detail.get_by_role("heading", level=1)).to_have_text("Du följer rapporten")
    assert ReportSubscription.objects.get().is_confirmed

    report.set_status(Status.IN_PROGRESS, by=coordinator)
    assert len(mailoutbox) == 2
    update = mailoutbox[1]
    assert "Åtgärd pågår" in update.subject and "Tekla" not in update.body
    unsubscribe = link_in(update, "/folj/avsluta/")
    assert path_of(update.extra_headers["List-Unsubscribe"].strip("<>")) == unsubscribe

    detail.goto(live_server.url + unsubscribe)
    assert_accessible(detail)
    detail.get_by_role("button", name="Sluta följa").click()
    expect(detail.get_by_role("heading", level=1)).to_have_text("Du följer inte längre rapporten")
    assert_accessible(detail)
    report.set_status(Status.RESOLVED, by=coordinator)
    assert len(mailoutbox) == 2
    assert not ReportSubscription.objects.exists()
