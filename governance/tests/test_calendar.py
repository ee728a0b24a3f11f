from datetime import UTC

import icalendar
import pytest
from django.urls import reverse

from governance.calendar import escape, fold
from governance.models import AgendaItem
from trygg.testing.clock import fixed_clock
from governance.tests.meeting_fixtures import (  # noqa: F401
    agreement,
    english,
    future_meeting,
    make_meeting,
    past_meeting,
    steering,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english"), fixed_clock("2026-05-19 10:00")]


def test_escape_and_fold_follow_rfc_5545():
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = fold("DESCRIPTION:" + "å" * 100)
    assert all(len(line.encode()) <= 75 for line in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + "å" * 100


def test_meeting_ics_parses_back(client, police, future_meeting):
    future_meeting.place = "Kommunhuset, Skärhamn; sal 1"
    future_meeting.save()
    AgendaItem.objects.create(meeting=future_meeting, order=2, title="Långt ämne " * 10)
    client.force_login(police)
    response = client.get(reverse("governance:meeting_ics", args=[future_meeting.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content
    assert b"\r\n" in body and all(len(line) <= 75 for line in body.split(b"\r\n"))
    event = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(event["UID"]) == future_meeting.uid
    assert event.decoded("DTSTART") == future_meeting.starts_at.astimezone(UTC)
    assert event.decoded("DTEND") == future_meeting.ends_at.astimezone(UTC)
    assert str(event["LOCATION"]) == "Kommunhuset, Skärhamn; sal 1"
    assert "Uppföljning" in str(event["DESCRIPTION"]) and "Långt ämne" in str(event["DESCRIPTION"])
    assert str(event["URL"]).endswith(reverse("governance:meeting_detail", args=[future_meeting.pk]))
    assert "DTSTAMP" in event
    assert body.decode().count("DTSTART:") == 1 and "Z\r\n" in body.decode()


def test_uid_is_stable(client, police, future_meeting):
    client.force_login(police)
    url = reverse("governance:meeting_ics", args=[future_meeting.pk])
    first = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")[0]["UID"]
    assert icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")[0]["UID"] == first


def test_group_ics_lists_the_groups_meetings(client, working_group_member, past_meeting, future_meeting):
    client.force_login(working_group_member)
    response = client.get(reverse("governance:group_ics", args=[past_meeting.group.slug]))
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [past_meeting.uid, future_meeting.uid]


def test_unknown_group_ics_is_404(client, police, db):
    client.force_login(police)
    assert client.get(reverse("governance:group_ics", args=["nope"])).status_code == 404


def test_agenda_is_mailed_to_current_members_with_calendar(client, coordinator, future_meeting, mailoutbox):
    client.force_login(coordinator)
    response = client.post(reverse("governance:meeting_send_agenda", args=[future_meeting.pk]))
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mailoutbox) == ["chair@example.org", "coordinator@example.org"]
    message = mailoutbox[0]
    assert "Uppföljning" in message.body and "Uppföljning" in message.alternatives[0][0]
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype == "text/calendar"
    assert icalendar.Calendar.from_ical(content).walk("VEVENT")[0]["UID"] == future_meeting.uid


def test_agenda_mail_is_refused_to_others(client, police, future_meeting, mailoutbox):
    client.force_login(police)
    assert client.post(reverse("governance:meeting_send_agenda", args=[future_meeting.pk])).status_code == 403
    assert mailoutbox == []
