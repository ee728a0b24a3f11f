import pytest
from playwright.sync_api import expect
from django.core.management import call_command

from browser_tests.conftest import assert_accessible, log_in
from conftest import PASSWORD
from trygg.models import User
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db(transaction=True), fixed_clock("2026-11-18 10:00")]


def test_steering_group_member_sees_where_the_cycle_stands(page, live_server):
    call_command("seed_demo", size=20, force=True)
    member = User.objects.get(email="styrgrupp@trygg.example")
    member.set_password(PASSWORD)
    member.save()
    log_in(page, live_server, member.email)
    page.get_by_role("link", name="Årshjulet").click()
    expect(page.locator("main").get_by_role("heading", level=3)).to_have_count(4)
    expect(page.get_by_text("Klart:").first).to_be_attached()
    missing = page.locator("section[aria-labelledby=missing-heading]")
    expect(missing.get_by_role("heading", name="Det här saknas")).to_be_visible()
    expect(missing.locator("tbody tr").first).to_be_visible()  # each with an owner, a date and a state
    assert_accessible(page)
