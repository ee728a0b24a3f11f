"""A public answer to feedback is written by the coordinator and checked for personal data (issue 11, finding 2)."""

import pytest
from django.urls import reverse

from dialog.models import Feedback, FeedbackStatus, FeedbackTopic
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

WRITTEN = "Grannen Olle Berg (070-123 45 67) på Kyrkvägen 4 kör mopeds på gångvägen. Vad gör kommunen?"


@pytest.fixture
def feedback(localities):
    return Feedback.objects.create(topic=FeedbackTopic.QUESTION, text=WRITTEN, locality=localities["skarhamn"])


def answer(client, feedback, data):
    return client.post(reverse("dialog:feedback_action", args=[feedback.pk, "answer-publicly"]), data)


def test_the_public_question_does_not_start_as_the_writers_words(client, coordinator, feedback):
    client.force_login(coordinator)
    response = client.get(reverse("dialog:feedback_detail", args=[feedback.pk]))
    assert not response.context["forms"]["public"].initial.get("public_question")


def test_a_public_answer_with_personal_data_needs_a_deliberate_confirmation(client, coordinator, feedback):
    client.force_login(coordinator)
    data = {"public-public_question": WRITTEN, "public-answer": "Vi pratar med Olle, 0304-123 45."}
    response = answer(client, feedback, data)
    assert response.status_code == 200
    error = " ".join(response.context["forms"]["public"].errors["confirm_personal_data"])
    for found in ["Olle Berg", "070-123 45 67", "Kyrkvägen 4", "0304-123 45"]:
        assert found in error
    assert "error-summary" in response.content.decode()
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.NEW and feedback.public_question == ""

    response = answer(client, feedback, {**data, "public-confirm_personal_data": "on"})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.ANSWERED_PUBLICLY


def test_a_public_answer_without_personal_data_is_published_at_once(client, coordinator, feedback):
    client.force_login(coordinator)
    response = answer(client, feedback, {
        "public-public_question": "Vad gör kommunen åt mopeder på gångvägen?",
        "public-answer": "Vi sätter upp bommar i vår.",
    })
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.ANSWERED_PUBLICLY
