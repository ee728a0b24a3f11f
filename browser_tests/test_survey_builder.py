"""A coordinator builds a survey from the Trygghetsmätning template in the browser.

Labels are looked up through gettext, so the test reads the same words as the
page whether or not the builder's Swedish strings are in the catalogue yet.
"""

import re

import pytest
from playwright.sync_api import expect
from django.utils import translation
from django.utils.translation import gettext as _

from browser_tests.conftest import assert_accessible, log_in
from conftest import make_user
from dialog.models import Survey
from incidents.demo import seed_localities
from trygg import roles

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


def test_coordinator_builds_a_trygghetsmatning_from_the_template_and_previews_it(page, live_server):
    seed_localities()
    make_user("cora@example.org", roles.COORDINATOR, is_staff=True)
    log_in(page, live_server, "cora@example.org")
    page.locator("main").get_by_role("link", name=_("Surveys")).click()
    page.wait_for_url(f"{live_server.url}/samordning/enkater/")
    assert_accessible(page)

    page.get_by_role("link", name=_("New survey")).click()
    assert page.locator("input[name=start][value=trygghetsmatning]").is_checked()
    page.locator("#id_round_label").fill("2026")
    page.get_by_role("button", name=_("Create the draft")).click()
    page.wait_for_url(re.compile(r"/samordning/enkater/\d+/$"))  # the draft is saved before its page answers
    survey = Survey.objects.get()
    assert page.url == f"{live_server.url}/samordning/enkater/{survey.pk}/"
    assert page.get_by_role("heading", level=1).inner_text() == "Trygghetsmätning 2026"
    expect(page.get_by_role("status")).to_have_count(1)
    assert_accessible(page)

    page.get_by_role("link", name=re.compile(f"^{_('Add a question')}.*Om dig$")).click()
    page.get_by_role("button", name=_("Save the question")).click()
    expect(page.get_by_role("alert")).to_have_count(1)
    assert_accessible(page)

    page.locator("input[name=type][value=single]").check()
    page.locator("#id_text").fill("Hur länge har du bott på Tjörn?")
    page.locator("#id_options_text").fill("Mindre än 5 år\nmer-an-5 | 5 år eller mer")
    page.get_by_role("button", name=_("Save the question")).click()
    page.wait_for_url(f"{live_server.url}/samordning/enkater/{survey.pk}/")
    question = survey.questions.get(text="Hur länge har du bott på Tjörn?")
    assert list(question.options.values_list("code", flat=True)) == ["mindre-an-5-ar", "mer-an-5"]
    expect(page.get_by_text("Hur länge har du bott på Tjörn?", exact=True)).to_have_count(1)

    page.get_by_role("link", name=_("Preview")).click()
    page.wait_for_url(f"{live_server.url}/samordning/enkater/{survey.pk}/forhandsvisning/")
    assert page.get_by_role("heading", level=1).inner_text() == "Trygghetsmätning"
    assert page.get_by_role("group", name="Hur länge har du bott på Tjörn?").is_visible()
    assert page.get_by_label("5 år eller mer").is_disabled()
    assert_accessible(page)

    page.goto(f"{live_server.url}/samordning/enkater/")
    expect(page.get_by_role("cell", name="0", exact=True)).to_have_count(1)
    assert_accessible(page)
