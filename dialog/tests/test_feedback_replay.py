"""A feedback submission id sent by another browser never leads to the sender's thank-you page."""

import re
import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from dialog.models import Feedback, FeedbackTopic
from incidents.forms import FORM_STARTED_SALT
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

HIDDEN = re.compile(r'name="(csrfmiddlewaretoken|submission_id|form_started)" value="([^"]*)"')
TEXT = "Grannen Olle Berg på Kyrkvägen 4 kör för fort, ring mig på 070-1234567."


def browser():
    return Client(enforce_csrf_checks=True)


def hidden_fields(client):
    page = client.get(reverse("dialog:feedback"))
    assert page.status_code == 200
    return dict(HIDDEN.findall(page.content.decode()))


@pytest.fixture
def filled(localities):
    def fill(hidden):
        return {
            "topic": FeedbackTopic.SAFETY, "text": TEXT, "locality": localities["skarhamn"].pk, "website": "",
            "form_started": signing.dumps(time.time() - 60, salt=FORM_STARTED_SALT),
            "csrfmiddlewaretoken": hidden["csrfmiddlewaretoken"], "submission_id": hidden["submission_id"],
        }

    return fill


def test_same_browser_double_submit_shows_its_own_thank_you_page(filled):
    writer = browser()
    data = filled(hidden_fields(writer))
    first, second = writer.post(reverse("dialog:feedback"), data), writer.post(reverse("dialog:feedback"), data)
    feedback = Feedback.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("dialog:feedback_thanks", args=[feedback.submission_id])


def test_replayed_feedback_submission_id_from_another_session_gets_nothing_of_it(filled):
    writer = browser()
    hidden = hidden_fields(writer)
    writer.post(reverse("dialog:feedback"), filled(hidden))
    feedback = Feedback.objects.get()

    stranger = browser()
    token = hidden_fields(stranger)["csrfmiddlewaretoken"]
    for submission_id in (hidden["submission_id"], feedback.submission_id):
        response = stranger.post(
            reverse("dialog:feedback"), {"csrfmiddlewaretoken": token, "submission_id": str(submission_id)}
        )
        assert response.status_code == 200, response.get("Location")
        assert reverse("dialog:feedback_thanks", args=[feedback.submission_id]) not in response.content.decode()
        assert TEXT not in response.content.decode()
    assert Feedback.objects.count() == 1
