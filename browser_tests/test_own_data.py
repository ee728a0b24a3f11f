"""A resident sees their own data and deletes their account, in a real browser, checked with axe-core."""

import pytest
from playwright.sync_api import expect
from django.utils.translation import gettext, override

from browser_tests.conftest import assert_accessible
from conftest import PASSWORD, make_user
from incidents.models import Report
from incidents.tests.conftest import categories, localities, make_report  # noqa: F401
from trygg.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def sv(text):
    """The text as the portal shows it in Swedish (the English msgid until it is translated)."""
    with override("sv"):
        return gettext(text)


def test_resident_opens_their_data_and_deletes_the_account(page, live_server, make_report):
    resident = make_user("rut@example.org", first_name="Rut")
    report = make_report(reporter=resident, contact_name="Rut Resident", contact_email="rut@example.org")

    page.goto(f"{live_server.url}/konto/logga-in/")
    page.get_by_label("E-postadress").fill("rut@example.org")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/min-sida/")

    page.get_by_role("link", name=sv("My data")).click()
    page.wait_for_url(f"{live_server.url}/konto/mina-uppgifter/")
    assert page.get_by_role("heading", level=1).inner_text() == sv("My data")
    expect(page.get_by_role("rowheader", name=report.reference)).to_have_count(1)
    expect(page.get_by_role("cell", name="Rut Resident")).to_have_count(1)
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name=sv("Download"), exact=True).click()
    assert download_info.value.suggested_filename == "mina-uppgifter.json"

    page.get_by_role("link", name=sv("Delete my account")).click()
    page.wait_for_url(f"{live_server.url}/konto/radera/")
    page.get_by_label(sv("Your password")).fill("not-my-password")
    page.get_by_role("button", name=sv("Delete my account")).click()
    expect(page.get_by_role("alert")).to_have_count(1)
    assert User.objects.filter(email="rut@example.org").exists()
    assert_accessible(page)

    page.get_by_label(sv("Your password")).fill(PASSWORD)
    page.get_by_role("button", name=sv("Delete my account")).click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("status").inner_text().strip() == sv("Your account has been deleted.")
    assert not User.objects.filter(email="rut@example.org").exists()
    report = Report.objects.get(pk=report.pk)
    assert report.reporter is None
    assert report.contact_email == ""


def test_privacy_page_is_accessible_and_links_to_own_data(page, live_server):
    page.goto(f"{live_server.url}/personuppgifter/")
    expect(page.get_by_role("link", name="se och ladda ner dina uppgifter")).to_have_count(1)
    expect(page.get_by_role("link", name="radera ditt konto")).to_have_count(1)
    assert_accessible(page)
