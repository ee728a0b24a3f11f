"""A resident on a phone marks a place in Marstrand, which is Kungälv's: the portal says whom to contact.

Marstrand lay inside the old rectangular service area; the municipality's outline refuses it, with
JavaScript (the map's point, here typed into the coordinates as a keyboard user does) and without.
"""

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import assert_accessible, without_javascript
from browser_tests.test_reporting import fill_what, report_setup  # noqa: F401 - the fixture
from incidents.models import Report

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 740}
MARSTRAND = ("57.887000", "11.585000")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_point_in_marstrand_is_refused_with_the_municipality_to_contact(
    page, live_server, report_setup, javascript  # noqa: F811
):
    if not javascript:
        without_javascript(page)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/rapportera/ny/")
    fill_what(page)
    page.locator("#id_latitude").fill(MARSTRAND[0])
    page.locator("#id_longitude").fill(MARSTRAND[1])
    page.get_by_role("button", name="Skicka rapport").click()

    alert = page.get_by_role("alert").first
    expect(alert).to_be_attached()
    main = page.locator("main")
    expect(main).to_contain_text("Kungälvs kommun")
    expect(main).to_contain_text("114 14")
    assert not Report.objects.exists()
    # What the resident wrote is still there to send again, to Kungälv or from another place.
    assert "Mörk gångväg" in page.locator("#id_description").input_value()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
