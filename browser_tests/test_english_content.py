"""In English, content staff write reads in English; where no English version exists the Swedish text is marked lang="sv"."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from browser_tests.conftest import assert_accessible
from dialog import trygghetsmatning
from governance.models import CitizenPromise, PromiseStatus
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db(transaction=True), fixed_clock("2026-11-18 10:00")]

PHONE = {"width": 375, "height": 740}


def switch_to_english(page, url):
    page.goto(url)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"


@pytest.fixture
def survey():
    from incidents.demo import seed_localities

    seed_localities()
    now = timezone.now()
    survey = trygghetsmatning.create_trygghetsmatning(
        opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=30), round_label="2026"
    )
    survey.is_published = True
    survey.save()
    # One option staff have not translated yet.
    survey.questions.get(code=trygghetsmatning.SAFETY_EVENING).options.filter(code="mycket-trygg").update(label_en="")
    return survey


def test_survey_answering_in_english(page, live_server, survey):
    page.set_viewport_size(PHONE)
    switch_to_english(page, f"{live_server.url}/enkater/")
    page.get_by_role("link", name="Safety survey 2026").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safety survey 2026")
    expect(page.get_by_role("heading", name="Safety in your area")).to_be_visible()
    expect(page.get_by_text("How safe or unsafe would you feel")).to_be_visible()
    # The untranslated option: Swedish, in an element screen readers read in Swedish.
    swedish = page.locator('.survey-choices [lang="sv"]')
    expect(swedish).to_have_count(1)
    expect(swedish).to_have_text("Mycket trygg")
    assert_accessible(page)

    page.get_by_label("Fairly unsafe").check()
    page.locator("button[name=action][value=next]").click()
    page.wait_for_url("**sida=2**")
    expect(page.get_by_role("heading", name="Problems in your area")).to_be_visible()
    expect(page.get_by_role("group", name="Dark or poorly lit places")).to_be_visible()
    assert page.locator('main [lang="sv"]').count() == 0
    assert_accessible(page)


def test_promises_page_in_english(page, live_server):
    CitizenPromise.objects.create(
        year=2026, title="Tryggare kvällar i hamnen", title_en="Safer evenings in the harbour",
        text="Vi ökar närvaron i hamnen på helgkvällar.", text_en="We will be present in the harbour on weekend evenings.",
        starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), status=PromiseStatus.ON_TRACK,
    )
    CitizenPromise.objects.create(
        year=2026, title="Ljusare skolvägar", text="Kommunen lagar mörka platser inom fyra veckor.",
        starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), status=PromiseStatus.DELAYED,
    )
    page.set_viewport_size(PHONE)
    switch_to_english(page, f"{live_server.url}/medborgarloften/")
    expect(page.get_by_role("heading", name="Safer evenings in the harbour")).to_be_visible()
    expect(page.get_by_text("We will be present in the harbour on weekend evenings.")).to_be_visible()
    untranslated = page.get_by_role("heading", name="Ljusare skolvägar")
    expect(untranslated.locator('[lang="sv"]')).to_have_text("Ljusare skolvägar")
    expect(page.locator('p[lang="sv"]')).to_have_text("Kommunen lagar mörka platser inom fyra veckor.")
    assert page.locator("text=Tryggare kvällar i hamnen").count() == 0
    assert_accessible(page)
