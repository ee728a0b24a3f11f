"""Staff actions on personal data in the dialog app leave a record in the audit trail."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dialog import trygghetsmatning
from dialog.models import Feedback, FeedbackTopic
from trygg.models import AuditEntry
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


def make_feedback(**contact):
    return Feedback.objects.create(
        topic=FeedbackTopic.QUESTION, text="Varför är det mörkt?", submission_id="6d1c3a54-3f0e-4a8e-9d5e-0a4d2b0c9f11",
        **contact,
    )


def test_handler_seeing_a_senders_contact_details_is_in_the_audit_trail(client, coordinator):
    feedback = make_feedback(contact_email="kalle@example.org", consent_given=True)
    client.force_login(coordinator)
    assert "kalle@example.org" in client.post(reverse("dialog:feedback_contact", args=[feedback.pk])).content.decode()
    [entry] = AuditEntry.objects.all()
    assert (entry.action, entry.actor, entry.object_type, entry.object_id) == (
        AuditEntry.Action.CONTACT_VIEWED, coordinator, "dialog.feedback", str(feedback.pk)
    )
    assert "kalle" not in entry.object_repr + entry.detail


def test_reading_feedback_without_contact_details_or_without_seeing_them_logs_nothing(
    client, coordinator, working_group_member
):
    anonymous_feedback = make_feedback()
    client.force_login(coordinator)
    assert client.get(reverse("dialog:feedback_detail", args=[anonymous_feedback.pk])).status_code == 200
    with_contact = Feedback.objects.create(
        topic=FeedbackTopic.QUESTION, text="Hej", submission_id="7d1c3a54-3f0e-4a8e-9d5e-0a4d2b0c9f12",
        contact_email="kalle@example.org", consent_given=True,
    )
    client.force_login(working_group_member)  # reads feedback, never the contact details
    page = client.get(reverse("dialog:feedback_detail", args=[with_contact.pk])).content.decode()
    assert "kalle@example.org" not in page
    assert not AuditEntry.objects.exists()


def test_exporting_survey_answers_is_in_the_audit_trail(client, coordinator):
    opens = timezone.now() - timedelta(days=10)
    survey = trygghetsmatning.create_trygghetsmatning(
        opens_at=opens, closes_at=opens + timedelta(days=30), round_label="2026"
    )
    client.force_login(coordinator)
    response = client.post(reverse("dialog:results_csv", args=[survey.pk]))
    assert response.status_code == 200
    [entry] = AuditEntry.objects.all()
    assert (entry.action, entry.actor, entry.object_type, entry.object_id) == (
        AuditEntry.Action.EXPORTED, coordinator, "dialog.survey", str(survey.pk)
    )
    assert entry.detail == "CSV with free text"


def test_a_get_of_the_answers_export_exports_nothing_and_logs_nothing(client, coordinator):
    opens = timezone.now() - timedelta(days=10)
    survey = trygghetsmatning.create_trygghetsmatning(
        opens_at=opens, closes_at=opens + timedelta(days=30), round_label="2026"
    )
    client.force_login(coordinator)
    response = client.get(reverse("dialog:results_csv", args=[survey.pk]))
    assert response.status_code == 200 and 'method="post"' in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_a_get_of_the_feedback_page_shows_no_contact_details_and_logs_nothing(client, coordinator):
    """A link from another site opens the page in the coordinator's name: nothing revealed, nothing logged."""
    feedback = make_feedback(contact_email="kalle@example.org", consent_given=True)
    client.force_login(coordinator)
    page = client.get(reverse("dialog:feedback_detail", args=[feedback.pk])).content.decode()
    assert "kalle@example.org" not in page
    assert reverse("dialog:feedback_contact", args=[feedback.pk]) in page
    assert not AuditEntry.objects.exists()
