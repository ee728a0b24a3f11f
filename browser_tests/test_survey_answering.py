"""A resident answers the Trygghetsmätning on a phone, with and without JavaScript."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from django.utils import timezone

from browser_tests.conftest import assert_accessible, without_javascript
from dialog import trygghetsmatning
from dialog.models import Answer, Response
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db(transaction=True), fixed_clock("2026-11-18 10:00")]

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def survey():
    from incidents.demo import seed_localities

    seed_localities()
    now = timezone.now()
    survey = trygghetsmatning.create_trygghetsmatning(
        opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=30), round_label="2025"
    )
    survey.is_published = True
    survey.save()
    return survey


def question_id(survey, code):
    return survey.questions.get(code=code).pk


def next_page(page):
    page.locator("button[name=action][value=next]").click()


def progress(page):
    bar = page.locator("progress#survey-progress")
    return bar.get_attribute("value"), bar.get_attribute("max")


def test_resident_answers_on_a_phone_with_javascript(page, live_server, survey):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/enkater/")
    assert_accessible(page)
    page.get_by_role("link", name="Trygghetsmätning 2025").click()
    assert progress(page) == ("1", "5")
    assert_accessible(page)

    # The required question left empty: an error summary, itself accessible.
    next_page(page)
    expect(page.get_by_role("alert").first).to_be_attached()
    assert progress(page) == ("1", "5")
    assert_accessible(page)

    page.get_by_label("Ganska otrygg").check()
    follow_up = page.locator(f"#question-{question_id(survey, 'avstatt-vad')}")
    assert follow_up.is_hidden()
    page.get_by_label("Ja", exact=True).check()
    assert follow_up.is_visible()
    follow_up.locator("textarea").fill("Promenader på kvällen")
    next_page(page)
    page.wait_for_url(re.compile(r"sida=2"))
    assert progress(page) == ("2", "5")
    assert_accessible(page)
    page.locator("fieldset.survey-matrix__item").first.get_by_label("Litet problem").check()
    next_page(page)

    page.wait_for_url(re.compile(r"sida=3"))
    unsafe = question_id(survey, trygghetsmatning.UNSAFE_PLACE)
    page.locator(f"#map-{unsafe}").scroll_into_view_if_needed()
    page.locator(f"#map-{unsafe}").click()
    assert page.locator(f"#id_q{unsafe}_latitude").input_value() != ""
    assert_accessible(page)
    next_page(page)

    page.wait_for_url(re.compile(r"sida=4"))
    assert_accessible(page)
    next_page(page)

    page.wait_for_url(re.compile(r"sida=5"))
    page.get_by_label("Var bor du?").select_option(label="Skärhamn")
    page.get_by_label("45–64 år").check()
    assert_accessible(page)
    page.locator("button[name=action][value=submit]").click()

    page.wait_for_url(re.compile(r"/tack/"))
    assert_accessible(page)
    response = Response.objects.get()
    assert response.is_complete and response.locality.name == "Skärhamn" and response.age_band == "45-64"
    point = Answer.objects.get(question__code=trygghetsmatning.UNSAFE_PLACE)
    south, west, north, east = (Decimal(str(v)) for v in (57.88, 11.50, 58.10, 11.80))
    assert south <= point.latitude <= north and west <= point.longitude <= east
    assert Answer.objects.get(question__code="avstatt-vad").text == "Promenader på kvällen"


def test_resident_answers_on_a_phone_without_javascript(page, live_server, survey):
    without_javascript(page)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/enkater/{survey.pk}/")
    assert_accessible(page)
    # Without JavaScript the follow-up is shown with a hint instead of being hidden.
    assert page.locator(f"#question-{question_id(survey, 'avstatt-vad')}").is_visible()
    page.get_by_label("Mycket trygg").check()
    next_page(page)
    page.wait_for_url(re.compile(r"sida=2"))
    assert_accessible(page)
    next_page(page)

    page.wait_for_url(re.compile(r"sida=3"))
    unsafe = question_id(survey, trygghetsmatning.UNSAFE_PLACE)
    assert page.locator("[data-location-picker]").first.is_hidden()
    # An invalid fallback: a place text without its locality.
    page.locator(f"#id_q{unsafe}_place").fill("Gångtunneln vid skolan")
    next_page(page)
    expect(page.get_by_role("alert").first).to_be_attached()
    assert_accessible(page)
    page.locator(f"#id_q{unsafe}_locality").select_option(label="Rönnäng")
    next_page(page)

    page.wait_for_url(re.compile(r"sida=4"))
    assert_accessible(page)
    next_page(page)
    page.wait_for_url(re.compile(r"sida=5"))
    assert_accessible(page)
    page.locator("button[name=action][value=submit]").click()

    page.wait_for_url(re.compile(r"/tack/"))
    assert_accessible(page)
    point = Answer.objects.get(question__code=trygghetsmatning.UNSAFE_PLACE)
    assert point.latitude is None
    assert point.locality.name == "Rönnäng" and point.text == "Gångtunneln vid skolan"
    assert Response.objects.get().is_complete
