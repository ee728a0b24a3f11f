import pytest
from playwright.sync_api import expect

from browser_tests.conftest import assert_accessible, assert_only_portal_requests
from conftest import PASSWORD, make_user
from trygg import roles

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_loads_in_swedish(page, live_server, settings):
    page.goto(live_server.url)
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("heading", level=1).inner_text() == "Trygg på Tjörn"
    expect(page.get_by_role("link", name="Hoppa till huvudinnehållet")).to_have_count(1)
    assert_accessible(page)
    assert_only_portal_requests(page, settings)


def test_language_switch_turns_the_portal_english(page, live_server):
    page.goto(live_server.url)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("link", name="Skip to main content")).to_have_count(1)
    assert_accessible(page)
    page.get_by_role("button", name="Svenska").click()
    assert page.locator("html").get_attribute("lang") == "sv"


def test_staff_user_logs_in_and_sees_the_dashboard_of_the_role(page, live_server):
    make_user("cora@example.org", roles.COORDINATOR, is_staff=True)
    page.goto(f"{live_server.url}/konto/logga-in/")
    assert_accessible(page)

    page.get_by_label("E-postadress").fill("cora@example.org")
    page.get_by_label("Lösenord").fill("wrong-password")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("alert")).to_have_count(1)
    assert_accessible(page)

    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/min-sida/")
    expect(page.get_by_role("heading", name="Min sida")).to_have_count(1)
    expect(page.locator("dt", has_text="Samordnare")).to_have_count(1)
    expect(page.get_by_role("link", name="Orter", exact=True)).to_have_count(1)
    assert_accessible(page)


def test_resident_registers_an_account(page, live_server):
    page.goto(f"{live_server.url}/konto/registrera/")
    assert_accessible(page)
    page.get_by_role("button", name="Skapa konto").click()
    expect(page.get_by_role("alert")).to_have_count(1)
    assert_accessible(page)
    page.get_by_label("E-postadress").fill("ny@example.org")
    page.locator("#id_password1").fill("ett-langt-losenord-42")
    page.locator("#id_password2").fill("ett-langt-losenord-42")
    page.get_by_role("button", name="Skapa konto").click()
    page.wait_for_url(f"{live_server.url}/konto/logga-in/")
    assert page.get_by_role("status").inner_text().startswith("Titta i din e-post")
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/tillganglighet/", "/lattlast/", "/personuppgifter/", "/konto/aterstall/"])
def test_information_pages_are_accessible(page, live_server, path):
    page.goto(f"{live_server.url}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page)


def test_layout_works_at_320_pixels_without_horizontal_scrolling(page, live_server):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)


def test_skip_link_moves_focus_to_main_content(page, live_server):
    page.goto(live_server.url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hoppa till huvudinnehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
