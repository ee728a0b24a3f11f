"""Issue 14: "is it already reported?", "I have seen this too" and following a report by e-mail."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from incidents.models import (
    Precision,
    Report,
    ReportConfirmation,
    ReportSubscription,
    Status,
)
from incidents.personal_data import FOLLOWERS_OF_CLOSED_REPORTS, UNCONFIRMED_FOLLOWERS, register_extract
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

# A point in Skärhamn; 57.9890 is about 110 m north of it, 58.0000 about 1.3 km.
HERE = (Decimal("57.988000"), Decimal("11.548000"))
CLOSE = (Decimal("57.989000"), Decimal("11.548000"))
FAR = (Decimal("58.000000"), Decimal("11.548000"))


@pytest.fixture
def exact(categories):
    """A category shown at its exact point (a dark path), so that distances are plain."""
    category = categories["belysning"]
    category.public_precision = Precision.EXACT
    category.save()
    return category


@pytest.fixture
def published(make_report, exact):
    return make_report(category=exact, latitude=CLOSE[0], longitude=CLOSE[1], status=Status.PUBLISHED,
                       public_description="Trasig gatlampa vid gångvägen.")


def nearby(client, **params):
    return client.get(reverse("incidents:nearby"), params)


# --- "Is it already reported?" ---------------------------------------------------------------------


def test_nearby_lists_public_reports_near_the_point_with_links_that_open_in_a_new_tab(client, published):
    response = nearby(client, latitude=HERE[0], longitude=HERE[1], fragment=1)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Redan rapporterat i närheten?" in page
    assert f'href="{reverse("incidents:detail", args=[published.pk])}" target="_blank"' in page
    assert "öppnas i ny flik" in page
    assert "<html" not in page  # a fragment for the map's live region


def test_nearby_page_works_without_javascript_by_locality(client, published, localities):
    response = nearby(client, ort=localities["skarhamn"].pk)
    page = response.content.decode()
    assert response.status_code == 200 and "<html" in page
    assert published.reference in page


def test_nearby_never_shows_unpublished_rejected_or_far_reports(client, make_report, exact, published):
    hidden = [
        make_report(category=exact, latitude=CLOSE[0], longitude=CLOSE[1], description="Ny, ej granskad"),
        make_report(category=exact, latitude=CLOSE[0], longitude=CLOSE[1], status=Status.REJECTED),
        make_report(category=exact, latitude=CLOSE[0], longitude=CLOSE[1], status=Status.WITHDRAWN),
    ]
    far = make_report(category=exact, latitude=FAR[0], longitude=FAR[1], status=Status.PUBLISHED)
    merged = make_report(category=exact, latitude=CLOSE[0], longitude=CLOSE[1], status=Status.PUBLISHED)
    Report.objects.filter(pk=merged.pk).update(merged_into=published)
    for params in ({"latitude": HERE[0], "longitude": HERE[1]}, {"ort": published.locality_id}):
        page = nearby(client, **params).content.decode()
        assert published.reference in page
        for report in [*hidden, merged]:
            assert report.reference not in page
    assert far.reference not in nearby(client, latitude=HERE[0], longitude=HERE[1]).content.decode()


def test_nearby_measures_and_shows_only_the_public_point(client, make_report, categories):
    """A grid category's report is found by its 250 m cell, never by (or at) its exact point."""
    grid = categories["skadegorelse"]
    assert grid.public_precision == Precision.GRID
    report = make_report(category=grid, latitude=CLOSE[0], longitude=CLOSE[1], status=Status.PUBLISHED)
    page = nearby(client, latitude=HERE[0], longitude=HERE[1], fragment=1).content.decode()
    assert report.reference in page
    assert f'data-latitude="{report.public_latitude}"' in page
    assert str(report.latitude) not in page and str(report.longitude) not in page


def test_nearby_leaves_out_reports_shown_only_at_their_locality(client, make_report, categories):
    category = categories["inbrott"]
    assert category.public_precision == Precision.LOCALITY
    report = make_report(category=category, latitude=HERE[0], longitude=HERE[1], status=Status.PUBLISHED)
    page = nearby(client, latitude=report.public_latitude, longitude=report.public_longitude).content.decode()
    assert report.reference not in page
    assert "Inga publika rapporter" in page


@pytest.mark.parametrize("params", [
    {"latitude": "abc", "longitude": "11.5"}, {"latitude": "1e999", "longitude": "NaN"}, {"ort": "x"},
    {"latitude": "91", "longitude": "11"}, {"ort": "999999"},
])
def test_nearby_with_bad_input_answers_without_an_error(client, params):
    assert nearby(client, **params).status_code == 200


def test_report_form_that_comes_back_lists_the_reports_near_its_point(client, form_data, published):
    form_data["description"] = ""  # the send fails: the form comes back
    form_data["latitude"], form_data["longitude"] = str(HERE[0]), str(HERE[1])
    page = client.post(reverse("incidents:report_new"), form_data).content.decode()
    assert "Redan rapporterat i närheten?" in page
    assert published.reference in page


def test_report_form_links_to_the_page_of_nearby_reports(client, categories, localities):
    page = client.get(reverse("incidents:report_new")).content.decode()
    assert f'href="{reverse("incidents:nearby")}" target="_blank"' in page
    assert "aria-live" in page


# --- "I have seen this too" ------------------------------------------------------------------------------


def seen_too(client, report):
    return client.post(reverse("incidents:seen_too", args=[report.pk]))


def test_seen_too_is_counted_once_per_browser_and_shown(client, published):
    assert seen_too(client, published)["Location"] == reverse("incidents:detail", args=[published.pk])
    seen_too(client, published)
    assert published.confirmations.count() == 1
    seen_too(Client(), published)
    assert published.confirmations.count() == 2
    page = client.get(reverse("incidents:detail", args=[published.pk])).content.decode()
    assert "2 personer har också sett detta" in page
    assert "Du har sagt att du också har sett detta" in page


def test_a_forged_seen_cookie_counts_as_none(client, published):
    client.cookies["sett"] = f"{published.pk}"
    seen_too(client, published)
    assert published.confirmations.count() == 1


def test_seen_too_only_on_public_reports_and_only_by_post(client, make_report, published):
    new = make_report()
    assert seen_too(client, new).status_code == 404
    assert client.get(reverse("incidents:seen_too", args=[published.pk])).status_code == 405
    assert not ReportConfirmation.objects.exists()


def test_seen_too_is_rate_limited_per_address(client, settings, make_report, exact):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "seen_too": [(2, 3600)]}
    reports = [make_report(category=exact, status=Status.PUBLISHED) for _ in range(3)]
    answers = [seen_too(Client(), report).status_code for report in reports]
    assert answers == [302, 302, 429]
    assert ReportConfirmation.objects.count() == 2


def test_seen_too_needs_a_csrf_token(published):
    client = Client(enforce_csrf_checks=True)
    assert seen_too(client, published).status_code == 403
    assert not ReportConfirmation.objects.exists()


def test_staff_see_the_count_in_the_queue_and_on_the_report(client, coordinator, published):
    published.confirm_seen()
    published.confirm_seen()
    ReportSubscription.objects.create(report=published, email="a@example.org", confirmed_at=timezone.now())
    client.force_login(coordinator)
    queue = client.get(reverse("incidents:queue")).content.decode()
    assert "Sett även av 2" in queue
    page = client.get(reverse("incidents:moderate", args=[published.pk])).content.decode()
    assert "2 personer (”Jag har också sett detta”)" in page
    assert "1 följare" in page
    assert "a@example.org" not in page


def test_steering_picture_counts_confirmations_per_category(client, steering_group_member, published):
    with time_machine.travel(timezone.now() - timedelta(days=30), tick=False):
        published.confirm_seen()
    client.force_login(steering_group_member)
    page = client.get(reverse("governance:picture")).content.decode()  # the last full month: April
    assert "Sedd av fler" in page
    assert re.search(r"Dålig belysning</th><td[^>]*>1</td>", page)
    public = client.get(reverse("governance:public_picture")).content.decode()
    assert "Sedd av fler" not in public


# --- Following by e-mail -----------------------------------------------------------------------------------


def follow(client, report, email="folke@example.org"):
    return client.post(reverse("incidents:follow", args=[report.pk]), {"email": email})


def links_in(message):
    return re.findall(r"https?://\S+", message.body)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def confirm(client, django_capture_on_commit_callbacks, report, email="folke@example.org"):
    with django_capture_on_commit_callbacks(execute=True):
        follow(client, report, email)
    confirm_url = next(url for url in links_in(mail.outbox[-1]) if "/folj/bekrafta/" in url)
    client.post(path_of(confirm_url))
    return ReportSubscription.objects.get(email=email)


def test_following_asks_for_confirmation_first(client, published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = follow(client, published, "Folke@Example.org ")
    assert response["Location"] == reverse("incidents:detail", args=[published.pk])
    subscription = ReportSubscription.objects.get()
    assert subscription.email == "folke@example.org" and not subscription.is_confirmed
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["folke@example.org"]
    assert published.reference in message.subject
    confirm_url = next(url for url in links_in(message) if "/folj/bekrafta/" in url)

    # A link checker's GET changes nothing: the page has one button.
    page = client.get(path_of(confirm_url)).content.decode()
    assert "Ja, följ rapporten" in page
    subscription.refresh_from_db()
    assert not subscription.is_confirmed
    client.post(path_of(confirm_url))
    subscription.refresh_from_db()
    assert subscription.is_confirmed


def test_nothing_but_the_confirmation_is_sent_before_it_is_used(client, published, coordinator,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        follow(client, published)
        published.set_status(Status.IN_PROGRESS, by=coordinator)
    assert len(mail.outbox) == 1


def test_followers_get_public_status_changes_and_responses_with_one_click_unsubscribe(
    client, published, coordinator, django_capture_on_commit_callbacks
):
    published.description = "Grannen Tekla syns där varje kväll"
    published.save()
    confirm(client, django_capture_on_commit_callbacks, published)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        published.set_status(Status.IN_PROGRESS, by=coordinator, reason="Internt: ring Tekla")
    with django_capture_on_commit_callbacks(execute=True):
        published.respond("Lampan byts nästa vecka.", by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        published.set_status(Status.RESOLVED, by=coordinator)
    assert [m.to for m in mail.outbox] == [["folke@example.org"]] * 3
    status_mail, response_mail, resolved_mail = mail.outbox
    assert "Åtgärd pågår" in status_mail.subject
    assert "Lampan byts nästa vecka." in response_mail.body
    assert "Åtgärdad" in resolved_mail.subject
    for message in mail.outbox:
        assert "Tekla" not in message.body  # neither the reporter's words nor the internal reason
        assert "Tekla" not in message.alternatives[0][0]
        unsubscribe = next(url for url in links_in(message) if "/folj/avsluta/" in url)
        assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # RFC 8058: the mail program POSTs without a CSRF token or cookie.
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(path_of(unsubscribe), "List-Unsubscribe=One-Click",
                                 content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not ReportSubscription.objects.exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        published.set_status(Status.IN_PROGRESS, by=coordinator)
    assert mail.outbox == []
    # The link again: the mails have already stopped.
    assert "Du följer inte längre rapporten" in client.get(path_of(unsubscribe)).content.decode()


def test_unsubscribe_page_asks_first(client, published, django_capture_on_commit_callbacks):
    subscription = confirm(client, django_capture_on_commit_callbacks, published)
    url = reverse("incidents:unfollow", args=[subscription.unsubscribe_token])
    page = client.get(url).content.decode()
    assert "Sluta följa" in page
    assert ReportSubscription.objects.exists()
    assert "folke@example.org" not in page
    client.post(url)
    assert not ReportSubscription.objects.exists()


def test_status_changes_out_of_public_view_send_nothing_to_followers(
    client, published, coordinator, django_capture_on_commit_callbacks
):
    confirm(client, django_capture_on_commit_callbacks, published)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        published.set_status(Status.REJECTED, by=coordinator)
    assert mail.outbox == []


@pytest.mark.parametrize("name, salt", [("incidents:follow_confirm", ReportSubscription.CONFIRM_SALT),
                                        ("incidents:unfollow", ReportSubscription.UNSUBSCRIBE_SALT)])
def test_tampered_or_foreign_tokens_get_a_clear_message(client, published, name, salt):
    subscription = ReportSubscription.objects.create(report=published, email="folke@example.org")
    token = subscription.confirm_token if salt == ReportSubscription.CONFIRM_SALT else subscription.unsubscribe_token
    other = subscription.unsubscribe_token if salt == ReportSubscription.CONFIRM_SALT else subscription.confirm_token
    for bad in (token[:-2] + "xx", token + "a", "x", "1:abc:def", other):
        for method in (client.get, client.post):
            response = method(reverse(name, args=[bad]))
            assert response.status_code == 400
            assert "Länken fungerar inte" in response.content.decode()
    assert ReportSubscription.objects.filter(confirmed_at__isnull=True).count() == 1


def test_confirmation_link_expires(client, published):
    subscription = ReportSubscription.objects.create(report=published, email="folke@example.org")
    url = reverse("incidents:follow_confirm", args=[subscription.confirm_token])
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        assert client.post(url).status_code == 400
    subscription.refresh_from_db()
    assert not subscription.is_confirmed


def test_following_again_does_not_tell_whether_the_address_already_follows(
    client, published, django_capture_on_commit_callbacks
):
    confirm(client, django_capture_on_commit_callbacks, published)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(reverse("incidents:follow", args=[published.pk]), {"email": "folke@example.org"},
                                 follow=True)
    assert "Titta i din e-post" in response.content.decode()
    assert mail.outbox == []  # and no mail to the follower either
    assert ReportSubscription.objects.get().is_confirmed


def test_following_needs_a_valid_address_and_a_public_report(client, published, make_report):
    response = follow(client, published, "inte-en-adress")
    assert response.status_code == 200
    assert "Fyll i en giltig e-postadress" in response.content.decode()
    assert follow(client, make_report(), "folke@example.org").status_code == 404
    assert client.get(reverse("incidents:follow", args=[published.pk])).status_code == 405
    assert not ReportSubscription.objects.exists()


def test_following_is_rate_limited_per_client_and_per_address(client, settings, published):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "follow": [(2, 3600)]}
    assert [follow(Client(), published, f"p{i}@example.org").status_code for i in range(3)] == [302, 302, 429]
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "follow": [(100, 3600)]}
    answers = [follow(Client(), published, "samma@example.org").status_code for _ in range(4)]
    assert answers == [302, 302, 302, 429]  # three confirmation mails a day to one address at most


def test_the_public_page_never_shows_a_followers_address(client, published):
    ReportSubscription.objects.create(report=published, email="hemlig@example.org", confirmed_at=timezone.now())
    page = client.get(reverse("incidents:detail", args=[published.pk])).content.decode()
    assert "hemlig@example.org" not in page
    assert "Följ rapporten via e-post" in page


# --- Personal data -----------------------------------------------------------------------------------------


def test_retention_deletes_expired_requests_and_followers_of_long_closed_reports(
    published, coordinator, retention_settings
):
    waiting = ReportSubscription.objects.create(report=published, email="vantar@example.org")
    following = ReportSubscription.objects.create(report=published, email="foljer@example.org",
                                                  confirmed_at=timezone.now())
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        assert UNCONFIRMED_FOLLOWERS.apply() == 1
        assert FOLLOWERS_OF_CLOSED_REPORTS.apply() == 0
    assert not ReportSubscription.objects.filter(pk=waiting.pk).exists()
    published.set_status(Status.RESOLVED, by=coordinator)
    with time_machine.travel(timezone.now() + timedelta(days=300), tick=False):
        assert FOLLOWERS_OF_CLOSED_REPORTS.apply() == 0
    with time_machine.travel(timezone.now() + timedelta(days=370), tick=False):
        assert FOLLOWERS_OF_CLOSED_REPORTS.apply() == 1
    assert not ReportSubscription.objects.filter(pk=following.pk).exists()


def test_register_extract_lists_the_reports_the_accounts_address_follows(published):
    user = make_user("folke@example.org")
    ReportSubscription.objects.create(report=published, email="Folke@example.org", confirmed_at=timezone.now())
    ReportSubscription.objects.create(report=published, email="annan@example.org")
    followed = register_extract(user)["followed_reports"]
    assert [entry["reference"] for entry in followed] == [published.reference]
    user.delete_account()
    assert list(ReportSubscription.objects.values_list("email", flat=True)) == ["annan@example.org"]


def test_my_data_page_lists_the_reports_the_accounts_address_follows(client, published):
    user = make_user("folke@example.org")
    subscription = ReportSubscription.objects.create(report=published, email="folke@example.org",
                                                     confirmed_at=timezone.now())
    ReportSubscription.objects.create(report=published, email="annan@example.org", confirmed_at=timezone.now())
    client.force_login(user)
    page = client.get(reverse("account_data")).content.decode()
    assert "Rapporter du följer via e-post" in page
    assert reverse("incidents:unfollow", args=[subscription.unsubscribe_token]) in page
    assert "annan@example.org" not in page
