"""A group calendar that Outlook subscribes to without logging in: a secret, revocable address per user."""

import icalendar
import pytest
from django.urls import reverse

from governance.models import CalendarFeed
from trygg.mail import absolute_url
from governance.tests.meeting_fixtures import (  # noqa: F401
    agreement,
    english,
    future_meeting,
    make_meeting,
    past_meeting,
    steering,
    working,
)
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english"), fixed_clock("2026-05-19 10:00")]


def make_link(client, user, group):
    client.force_login(user)
    response = client.post(reverse("governance:calendar_feed", args=[group.slug]), {"action": "new"})
    assert response.status_code == 302
    client.logout()
    return CalendarFeed.objects.get(user=user, group=group)


def feed_url(feed):
    return reverse("governance:calendar_feed_ics", args=[feed.token])


def test_the_feed_holds_the_groups_meetings_without_logging_in(client, police, steering, past_meeting, future_meeting,
                                                               working):
    make_meeting(working, days=3, title="Arbetsgruppsmöte")
    feed = make_link(client, police, steering)
    response = client.get(feed_url(feed))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in response.content
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert sorted(str(event["UID"]) for event in events) == sorted([past_meeting.uid, future_meeting.uid])


def test_the_meetings_page_shows_the_link_as_webcal_and_https(client, police, steering):
    feed = make_link(client, police, steering)
    client.force_login(police)
    page = client.get(reverse("governance:meeting_list")).content.decode()
    https = absolute_url(feed_url(feed))
    assert https in page
    assert "webcal://" + https.split("://", 1)[1] in page


def test_a_new_link_revokes_the_old_one(client, police, steering, future_meeting):
    old = make_link(client, police, steering).token
    new = make_link(client, police, steering)
    assert new.token != old
    assert client.get(reverse("governance:calendar_feed_ics", args=[old])).status_code == 404
    assert client.get(feed_url(new)).status_code == 200


def test_a_revoked_link_is_404(client, police, steering, future_meeting):
    feed = make_link(client, police, steering)
    client.force_login(police)
    client.post(reverse("governance:calendar_feed", args=[steering.slug]), {"action": "revoke"})
    client.logout()
    assert client.get(feed_url(feed)).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_a_wrong_token_is_404(client, police, steering):
    make_link(client, police, steering)
    assert client.get(reverse("governance:calendar_feed_ics", args=["gissat-" + "x" * 30])).status_code == 404


def test_the_link_dies_when_the_owner_loses_the_role(client, police, steering, future_meeting):
    feed = make_link(client, police, steering)
    police.groups.clear()
    assert client.get(feed_url(feed)).status_code == 404


def test_the_link_dies_with_a_deactivated_account(client, police, steering, future_meeting):
    feed = make_link(client, police, steering)
    police.is_active = False
    police.save()
    assert client.get(feed_url(feed)).status_code == 404


def test_links_are_per_user(client, police, coordinator, steering):
    mine, theirs = make_link(client, police, steering), make_link(client, coordinator, steering)
    assert mine.token != theirs.token
    client.force_login(police)
    client.post(reverse("governance:calendar_feed", args=[steering.slug]), {"action": "revoke"})
    assert CalendarFeed.objects.get() == theirs


@pytest.mark.parametrize("role", ["resident", "staff_member"])
def test_those_who_may_not_see_meetings_get_no_link(client, request, role, steering):
    client.force_login(request.getfixturevalue(role))
    assert client.post(reverse("governance:calendar_feed", args=[steering.slug]), {"action": "new"}).status_code == 403
    assert not CalendarFeed.objects.exists()
