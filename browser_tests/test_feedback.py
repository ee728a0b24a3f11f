"""Feedback and dialogue activities in a real browser, with and without JavaScript, checked with axe-core."""

import re
from datetime import date

import pytest
from django.utils.translation import gettext, override
from playwright.sync_api import expect

from browser_tests.conftest import assert_accessible, log_in, without_javascript
from conftest import make_user
from dialog.models import ActivityKind, Concern, DialogueActivity, Feedback, FeedbackStatus, FeedbackTopic
from incidents.categories import ensure_default_categories
from incidents.demo import seed_localities
from incidents.models import Category, Locality, Source
from trygg import roles

pytestmark = pytest.mark.django_db(transaction=True)


def sv(text):
    """The text as the portal shows it in Swedish (the English msgid until it is translated)."""
    with override("sv"):
        return gettext(text)


def expect_form_errors(page):
    page.wait_for_load_state()
    expect(page.locator("[data-error-summary]")).to_be_visible()


@pytest.fixture
def setup(settings):
    seed_localities()
    ensure_default_categories(Category)
    settings.REPORT_MIN_FILL_SECONDS = 0


def send_feedback(page, live_server):
    page.goto(f"{live_server.url}/tyck-till/")
    assert_accessible(page)
    page.get_by_role("button", name=sv("Send"), exact=True).click()
    expect_form_errors(page)
    assert_accessible(page)

    page.get_by_label(str(FeedbackTopic.QUESTION.label)).check()
    page.locator("#id_text").fill("Varför är det så mörkt vid busstationen? Jag heter Kalle Svensson.")
    page.locator("#id_locality").select_option(label="Rönnäng")
    page.locator("#id_contact_email").fill("kalle@example.org")
    page.get_by_role("button", name=sv("Send"), exact=True).click()
    expect(page.locator("#id_consent_given.is-invalid")).to_be_visible()  # contact details need consent
    page.locator("#id_consent_given").check()
    page.get_by_role("button", name=sv("Send"), exact=True).click()
    page.wait_for_url(re.compile(r"/tyck-till/tack/"))
    assert page.get_by_role("heading", level=1).inner_text() == sv("Thank you for your message")
    assert_accessible(page)
    feedback = Feedback.objects.get()
    assert feedback.locality.name == "Rönnäng" and feedback.contact_email == "kalle@example.org"


def test_resident_sends_feedback(page, live_server, setup):
    send_feedback(page, live_server)


def test_resident_sends_feedback_without_javascript(page, live_server, setup):
    without_javascript(page)
    send_feedback(page, live_server)


def test_coordinator_answers_feedback_publicly_and_it_shows_in_the_public_list(page, live_server, setup):
    feedback = Feedback.objects.create(
        topic=FeedbackTopic.QUESTION, text="Varför är det så mörkt vid hamnen? /Kalle Svensson",
        locality=Locality.objects.get(name="Skärhamn"), contact_email="kalle@example.org", consent_given=True,
    )
    make_user("cora@example.org", roles.COORDINATOR, is_staff=True)
    log_in(page, live_server, "cora@example.org")
    page.goto(f"{live_server.url}/samordning/synpunkter/")
    assert_accessible(page)
    page.locator(f"a[href='/samordning/synpunkter/{feedback.pk}/']").click()
    expect(page.get_by_text("kalle@example.org")).to_have_count(0)  # shown only on a logged request
    assert_accessible(page)
    page.get_by_role("button", name=sv("Show contact details")).click()
    expect(page.get_by_text("kalle@example.org").first).to_be_attached()
    assert_accessible(page)
    page.goto(f"{live_server.url}/samordning/synpunkter/{feedback.pk}/")

    page.locator("#id_public-public_question").fill("")
    page.get_by_role("button", name=sv("Publish the answer")).click()
    expect_form_errors(page)
    assert_accessible(page)

    page.locator("#id_public-public_question").fill("Varför är det så mörkt vid hamnen?")
    page.locator("#id_public-answer").fill("Kommunen byter belysningen i hamnen under våren.")
    page.get_by_role("button", name=sv("Publish the answer")).click()
    page.get_by_role("status").wait_for()
    assert_accessible(page)
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.ANSWERED_PUBLICLY

    page.goto(f"{live_server.url}/tyck-till/svar/")
    text = page.locator("main").inner_text()
    assert "Kommunen byter belysningen i hamnen under våren." in text
    assert "Kalle Svensson" not in text and "kalle@example.org" not in text
    assert_accessible(page)


def test_coordinator_logs_a_safety_walk_concern_and_turns_it_into_a_report(page, live_server, setup):
    make_user("cora@example.org", roles.COORDINATOR, is_staff=True)
    walk = DialogueActivity.objects.create(
        kind=ActivityKind.SAFETY_WALK, walk_phase="introduction", title="Trygghetsvandring i Skärhamn",
        date=date(2026, 3, 5), locality=Locality.objects.get(name="Skärhamn"), organisers="Kommunen och Polisen",
    )
    log_in(page, live_server, "cora@example.org")
    page.goto(f"{live_server.url}/samordning/dialog/")
    assert_accessible(page)
    page.get_by_role("link", name=sv("Log a safety walk")).click()
    assert_accessible(page)

    page.locator("#id_walk_phase").select_option("dark")
    page.locator("#id_part_of").select_option(str(walk.pk))
    page.locator("#id_title").fill("Trygghetsvandring i Skärhamn")
    page.locator("#id_date").fill("2026-03-12")
    page.locator("#id_locality").select_option(label="Skärhamn")
    page.locator("#id_organisers").fill("Kommunen och Polisen")
    page.locator("#id_participants-residents").fill("14")
    page.locator("#id_participants-police").fill("2")
    page.locator("#id_concerns-0-text").fill("Trasig belysning på gångvägen bakom skolan.")
    page.locator("#id_concerns-0-category").select_option(label="Dålig belysning")
    page.locator("#id_concerns-0-latitude").fill("59.3293")
    page.locator("#id_concerns-0-longitude").fill("18.0686")
    page.get_by_role("button", name=sv("Save the activity")).click()
    expect(page.locator("#id_concerns-0-latitude.is-invalid")).to_be_visible()  # outside the municipality
    assert_accessible(page)

    page.locator("#id_concerns-0-latitude").fill("57.989100")
    page.locator("#id_concerns-0-longitude").fill("11.549200")
    page.get_by_role("button", name=sv("Save the activity")).click()
    page.wait_for_url(re.compile(r"/samordning/dialog/\d+/$"))
    expect(page.get_by_role("link", name=re.compile(walk.get_walk_phase_display()))).to_have_count(1)
    assert_accessible(page)

    page.get_by_role("button", name=re.compile(sv("Make a report"))).click()
    page.get_by_role("link", name=re.compile(r"^TT-\d+$")).wait_for()
    concern = Concern.objects.get()
    assert concern.report.source == Source.SAFETY_WALK
    expect(page.get_by_role("link", name=concern.report.reference)).to_have_count(1)
    assert_accessible(page)


def test_answers_on_a_phone_without_javascript_are_paged_and_filtered_by_topic(page, live_server, setup):
    for number in range(12):
        Feedback.objects.create(
            topic=FeedbackTopic.SAFETY if number % 2 else FeedbackTopic.PROPOSAL, text="Originaltext",
            public_question=f"Fråga nummer {number}", answer="Ett svar.", status=FeedbackStatus.ANSWERED_PUBLICLY,
        )
    without_javascript(page)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/tyck-till/svar/")
    expect(page.locator("article")).to_have_count(10)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    page.get_by_label(sv("Topic")).select_option(label=str(FeedbackTopic.PROPOSAL.label))
    page.get_by_role("button", name=sv("Show"), exact=True).click()
    page.wait_for_url(re.compile(r"amne=proposal"))
    expect(page.locator("article")).to_have_count(6)
    assert_accessible(page)
