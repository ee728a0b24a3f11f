"""A private message from the coordinator to the reporter, sent now (issue 12, "the coordinator's day").

Besides the public reply, which goes out only with the next status change, the
coordinator can write to the reporter directly: by mail when the reporter left
an e-mail address and consent, always on the reporter's private status page,
and logged in the report's history as its own action.
"""

import pytest
from django.urls import reverse

from incidents.models import ReportEvent, Status
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

MESSAGE = "Hej! Vi har pratat med gatuenheten, lampan byts på torsdag."


def message_url(report):
    return reverse("incidents:moderate_action", args=[report.pk, "message"])


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_message_to_reporter_is_mailed_now_and_logged_in_history(
    coordinator, make_report, mailoutbox, django_capture_on_commit_callbacks
):
    report = make_report(status=Status.PUBLISHED, contact_email="greta@example.org", consent_given=True)
    with django_capture_on_commit_callbacks(execute=True):
        report.message_reporter(MESSAGE, by=coordinator)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["greta@example.org"]
    assert report.reference in mailoutbox[0].subject
    assert MESSAGE in mailoutbox[0].body
    assert reverse("incidents:status", args=[report.token]) in mailoutbox[0].body
    event = report.events.get(action=ReportEvent.Action.MESSAGED)
    assert event.text == MESSAGE
    assert event.actor == coordinator
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED  # no status change needed


def test_message_is_not_mailed_without_consent_or_address(
    coordinator, make_report, mailoutbox, django_capture_on_commit_callbacks
):
    without_consent = make_report(contact_email="greta@example.org", consent_given=False)
    without_address = make_report()
    with django_capture_on_commit_callbacks(execute=True):
        without_consent.message_reporter(MESSAGE, by=coordinator)
        without_address.message_reporter(MESSAGE, by=coordinator)
    assert mailoutbox == []
    assert without_address.events.filter(action=ReportEvent.Action.MESSAGED).count() == 1


def test_mail_server_down_does_not_undo_the_message(
    coordinator, make_report, monkeypatch, django_capture_on_commit_callbacks
):
    from incidents import notifications

    def broken(report, text):
        raise ConnectionRefusedError

    monkeypatch.setattr(notifications, "send_message", broken)
    report = make_report(contact_email="greta@example.org", consent_given=True)
    with django_capture_on_commit_callbacks(execute=True):
        report.message_reporter(MESSAGE, by=coordinator)
    assert report.events.filter(action=ReportEvent.Action.MESSAGED).exists()


def test_coordinator_sends_a_message_from_the_moderation_page(
    coordinator_client, make_report, mailoutbox, django_capture_on_commit_callbacks
):
    report = make_report(contact_email="greta@example.org", consent_given=True)
    page = coordinator_client.get(reverse("incidents:moderate", args=[report.pk])).content.decode()
    assert 'action="%s"' % message_url(report) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(message_url(report), {"message-text": MESSAGE}, follow=True)
    assert "Meddelandet är skickat till rapportören." in response.content.decode()
    assert len(mailoutbox) == 1
    assert report.events.filter(action=ReportEvent.Action.MESSAGED, text=MESSAGE).exists()


def test_empty_message_is_refused_with_a_message(coordinator_client, make_report):
    report = make_report()
    response = coordinator_client.post(message_url(report), {"message-text": "  "})
    assert response.status_code == 200
    assert "message-text" in response.content.decode()
    assert not report.events.filter(action=ReportEvent.Action.MESSAGED).exists()


def test_form_says_when_the_reporter_cannot_be_mailed(coordinator_client, make_report):
    mailed = make_report(contact_email="greta@example.org", consent_given=True)
    not_mailed = make_report()
    with_mail = coordinator_client.get(reverse("incidents:moderate", args=[mailed.pk])).content.decode()
    without_mail = coordinator_client.get(reverse("incidents:moderate", args=[not_mailed.pk])).content.decode()
    hint = "Rapportören har inte lämnat någon e-postadress"
    assert hint not in with_mail
    assert hint in without_mail


def test_police_may_not_message_the_reporter(client, police, make_report):
    client.force_login(police)
    report = make_report(contact_email="greta@example.org", consent_given=True)
    assert client.post(message_url(report), {"message-text": MESSAGE}).status_code == 403
    assert not report.events.filter(action=ReportEvent.Action.MESSAGED).exists()
    page = client.get(reverse("incidents:moderate", args=[report.pk])).content.decode()
    assert message_url(report) not in page


def test_reporter_sees_the_message_on_the_status_page(client, coordinator, make_report):
    report = make_report()
    report.message_reporter(MESSAGE, by=coordinator)
    page = client.get(reverse("incidents:status", args=[report.token])).content.decode()
    assert MESSAGE in page
    # Internal notes stay internal.
    report.add_note("Intern anteckning om grannen", by=coordinator)
    assert "Intern anteckning" not in client.get(reverse("incidents:status", args=[report.token])).content.decode()


def test_police_events_have_no_reporter_to_message(coordinator_client, coordinator, make_report):
    from incidents.models import Source

    report = make_report(source=Source.POLICE)
    page = coordinator_client.get(reverse("incidents:moderate", args=[report.pk])).content.decode()
    assert message_url(report) not in page
    with pytest.raises(ValueError):
        report.message_reporter(MESSAGE, by=coordinator)
    coordinator_client.post(message_url(report), {"message-text": MESSAGE})
    assert not report.events.filter(action=ReportEvent.Action.MESSAGED).exists()


def test_message_is_never_on_the_public_report_page(client, coordinator, make_report):
    report = make_report(status=Status.PUBLISHED)
    report.message_reporter(MESSAGE, by=coordinator)
    page = client.get(reverse("incidents:detail", args=[report.pk]))
    assert page.status_code == 200
    assert MESSAGE not in page.content.decode()
