"""Five people behind one address (a household, a school, a mobile operator) answer a survey in a row, on phones."""

import re

import pytest

from browser_tests.conftest import assert_accessible, without_javascript
from browser_tests.test_survey_answering import PHONE, next_page, survey  # noqa: F401
from dialog.models import Response
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db(transaction=True), fixed_clock("2026-11-18 10:00")]


def phone(browser, settings, javascript):
    context = browser.new_context(locale="sv-SE", viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.route(f"{settings.MAP_TILES_ORIGIN}/**", lambda route: route.abort())
    if not javascript:
        without_javascript(page)
    return context, page


def to_the_last_page(page):
    """Only the required answers on pages 1 to 4."""
    page.get_by_label("Mycket trygg").check()
    next_page(page)
    for number in (2, 3, 4):
        page.wait_for_url(re.compile(rf"sida={number}"))
        next_page(page)
    page.wait_for_url(re.compile(r"sida=5"))


def answer(page, live_server, survey, check=False):  # noqa: F811
    """Answer the Trygghetsmätning with only the required answers; the page after sending is left open."""
    page.goto(f"{live_server.url}/enkater/{survey.pk}/")
    if check:
        assert_accessible(page)
    to_the_last_page(page)
    page.get_by_label("Var bor du?").select_option(label="Skärhamn")
    if check:
        assert_accessible(page)
    page.locator("button[name=action][value=submit]").click()
    page.wait_for_load_state("load")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_five_people_behind_one_address_all_answer(browser, live_server, settings, survey, javascript):  # noqa: F811
    for person in range(5):
        context, page = phone(browser, settings, javascript)
        answer(page, live_server, survey, check=person == 0)
        assert re.search(r"/tack/", page.url), page.content()
        if person == 0:
            assert_accessible(page)
        context.close()
    assert Response.objects.filter(survey=survey, is_complete=True).count() == 5


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_limited_answer_is_kept_and_sent_later(browser, live_server, settings, survey, javascript):  # noqa: F811
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "survey": [(1, 3600)]}
    context, page = phone(browser, settings, javascript)
    answer(page, live_server, survey)
    context.close()

    context, page = phone(browser, settings, javascript)
    answer(page, live_server, survey)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Dina svar är sparade")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Later: the answers are still there and are sent.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "survey": [(1000, 3600)]}
    page.get_by_role("link", name="Tillbaka till dina svar").click()
    page.wait_for_url(re.compile(r"sida=5"))
    assert page.get_by_label("Var bor du?").evaluate("select => select.selectedOptions[0].text") == "Skärhamn"
    page.locator("button[name=action][value=submit]").click()
    page.wait_for_url(re.compile(r"/tack/"))
    context.close()
    assert Response.objects.filter(survey=survey, is_complete=True).count() == 2


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_representative_round_is_answered_with_the_code_from_the_letter(
    browser, live_server, settings, survey, javascript  # noqa: F811
):
    from dialog.invitations import create_codes

    survey.invitation_only = True
    survey.save()
    code = create_codes(survey, 1)[0].token
    context, page = phone(browser, settings, javascript)
    page.goto(f"{live_server.url}/enkater/{survey.pk}/")
    page.get_by_label("Inbjudningskod").fill("fel kod")
    page.get_by_role("button", name="Börja enkäten").click()
    page.wait_for_load_state("load")
    assert "Det finns ingen sådan inbjudningskod" in page.content()
    assert_accessible(page)
    page.get_by_label("Inbjudningskod").fill(f"{code[:4].lower()} {code[4:]}")
    page.get_by_role("button", name="Börja enkäten").click()
    page.wait_for_url(re.compile(r"/enkat/inbjudan/"))
    to_the_last_page(page)
    page.locator("button[name=action][value=submit]").click()
    page.wait_for_url(re.compile(r"/tack/"))
    context.close()
    assert Response.objects.filter(survey=survey, channel="invitation").count() == 1
