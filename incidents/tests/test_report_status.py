from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from incidents.models import ReportEvent, SafetyFollowUp, Status
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


def test_status_page_needs_the_exact_token(client, make_report):
    report = make_report()
    assert client.get(reverse("incidents:status", args=[report.token])).status_code == 200
    wrong = report.token[:-1] + ("a" if report.token[-1] != "a" else "b")
    assert client.get(reverse("incidents:status", args=[wrong])).status_code == 404


def test_reporter_withdraws_an_unpublished_report(client, make_report):
    report = make_report()
    client.post(reverse("incidents:withdraw", args=[report.token]), {"confirm": "on"})
    report.refresh_from_db()
    assert report.status == Status.WITHDRAWN
    assert report.events.filter(action=ReportEvent.Action.WITHDRAWN).exists()


def test_published_report_can_no_longer_be_withdrawn(client, make_report):
    report = make_report(status=Status.PUBLISHED)
    client.post(reverse("incidents:withdraw", args=[report.token]), {"confirm": "on"})
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED


def test_reporter_removes_contact_details_before_publication(client, make_report):
    report = make_report(contact_name="Anna", contact_email="anna@example.org", contact_phone="0701", consent_given=True)
    response = client.post(reverse("incidents:remove_contact", args=[report.token]), {"confirm": "yes"})
    assert response["Location"] == reverse("incidents:status", args=[report.token])
    report.refresh_from_db()
    assert (report.contact_name, report.contact_email, report.contact_phone) == ("", "", "")


def test_removing_contact_details_asks_for_confirmation_first(client, make_report):
    report = make_report(contact_name="Anna", contact_email="anna@example.org", contact_phone="0701", consent_given=True)
    url = reverse("incidents:remove_contact", args=[report.token])
    response = client.post(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ta bort dina kontaktuppgifter?" in page
    # A plain form that sends the confirmation, and a way back: no JavaScript needed.
    assert f'action="{url}"' in page and 'name="confirm" value="yes"' in page
    assert reverse("incidents:status", args=[report.token]) in page
    assert "<script>" not in page
    report.refresh_from_db()
    assert (report.contact_name, report.contact_email) == ("Anna", "anna@example.org")
    assert not report.events.filter(action=ReportEvent.Action.CONTACT_REMOVED).exists()


def test_reporter_says_resolved_problem_is_back_and_it_reopens(client, make_report):
    report = make_report(status=Status.RESOLVED)
    client.post(reverse("incidents:reopen", args=[report.token]), {"text": "Lampan är trasig igen"})
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS
    assert report.reopened_count == 1
    assert report.events.filter(action=ReportEvent.Action.REOPENED, text="Lampan är trasig igen").exists()


def test_unresolved_report_cannot_be_reopened(client, make_report):
    report = make_report(status=Status.PUBLISHED)
    client.post(reverse("incidents:reopen", args=[report.token]))
    report.refresh_from_db()
    assert report.reopened_count == 0


def test_withdraw_needs_post(client, make_report):
    report = make_report()
    assert client.get(reverse("incidents:withdraw", args=[report.token])).status_code == 405


def test_follow_up_is_sent_once_four_weeks_after_resolution(make_report, mailoutbox, django_capture_on_commit_callbacks):
    report = make_report(status=Status.RESOLVED, contact_email="anna@example.org", consent_given=True)
    report.resolved_at = timezone.now() - timezone.timedelta(days=29)
    report.save()
    recent = make_report(status=Status.RESOLVED, contact_email="bo@example.org", consent_given=True)
    recent.resolved_at = timezone.now() - timezone.timedelta(days=3)
    recent.save()
    make_report(status=Status.RESOLVED)  # no email: never asked
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_follow_ups")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_follow_ups")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["anna@example.org"]
    assert SafetyFollowUp.objects.count() == 1


def test_follow_up_answer_is_stored_with_the_report(client, make_report):
    report = make_report(status=Status.RESOLVED)
    follow_up = SafetyFollowUp.objects.create(report=report)
    client.post(reverse("incidents:follow_up", args=[follow_up.token]), {"answer": "yes", "comment": "Bättre ljus"})
    follow_up.refresh_from_db()
    assert follow_up.answer == "yes" and follow_up.answered_at
    assert report.events.filter(action=ReportEvent.Action.FOLLOWED_UP).exists()
    # A second answer does not overwrite the first.
    client.post(reverse("incidents:follow_up", args=[follow_up.token]), {"answer": "no"})
    follow_up.refresh_from_db()
    assert follow_up.answer == "yes"


def test_follow_up_without_answer_shows_error(client, make_report):
    follow_up = SafetyFollowUp.objects.create(report=make_report(status=Status.RESOLVED))
    response = client.post(reverse("incidents:follow_up", args=[follow_up.token]), {"answer": "maybe"})
    assert "error-summary" in response.content.decode()


def test_follow_up_run_finishes_when_the_mail_server_is_down(make_report, settings, django_capture_on_commit_callbacks):
    from trygg.testing.mail import SMTP_DOWN

    for email in ("anna@example.org", "bo@example.org"):
        report = make_report(status=Status.RESOLVED, contact_email=email, consent_given=True)
        report.resolved_at = timezone.now() - timezone.timedelta(days=29)
        report.save()
    settings.EMAIL_BACKEND = SMTP_DOWN
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_follow_ups")
    assert SafetyFollowUp.objects.count() == 2


# A point near Myggenäs, nearer to it than to Skärhamn.
NEAR_MYGGENAS = (Decimal("58.003060"), Decimal("11.753497"))


@pytest.mark.parametrize("page", ["status", "receipt"])
def test_reporter_pages_name_the_nearest_locality_not_coordinates(client, make_report, page):
    report = make_report(latitude=NEAR_MYGGENAS[0], longitude=NEAR_MYGGENAS[1], place_description="Vid busshållplatsen")
    body = client.get(reverse(f"incidents:{page}", args=[report.token])).content.decode()
    assert "Myggenäs" in body
    for number in ("003060", "753497", "58,00", "58.00"):
        assert number not in body
    if page == "status":
        assert "Vid busshållplatsen" in body
