"""Fixtures for the meetings, decisions and calendar tests (imported by those test files)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from conftest import make_user
from governance.models import AgendaItem, Agreement, Decision, Group, GroupKind, GroupRole, Meeting, MeetingStatus, Membership


@pytest.fixture
def agreement(db):
    return Agreement.objects.create(
        title="Samverkansöverenskommelse Trygg på Tjörn", parties="Tjörns kommun och Polisen",
        signed_on=date(2023, 3, 1), valid_from=date(2023, 3, 1), valid_until=date(2026, 12, 31),
        purpose="Minska brottsligheten och öka tryggheten.",
    )


@pytest.fixture
def steering(agreement, coordinator):
    group = Group.objects.create(agreement=agreement, kind=GroupKind.STEERING, name="Styrgruppen", slug="styrgruppen")
    chair = make_user("chair@example.org", first_name="Karin", last_name="Ordförande")
    Membership.objects.create(group=group, user=chair, organisation="municipality", role=GroupRole.CHAIR,
                              starts_on=date(2023, 1, 1))
    Membership.objects.create(group=group, user=coordinator, organisation="municipality", role=GroupRole.COORDINATOR,
                              starts_on=date(2023, 1, 1))
    former = make_user("former@example.org", first_name="Fredrik", last_name="Före")
    Membership.objects.create(group=group, user=former, organisation="police", role=GroupRole.CHAIR,
                              starts_on=date(2023, 1, 1), ends_on=date(2024, 1, 1))
    return group


@pytest.fixture
def working(agreement):
    return Group.objects.create(agreement=agreement, kind=GroupKind.WORKING, name="Arbetsgruppen", slug="arbetsgruppen")


def make_meeting(group, days=-1, status=MeetingStatus.PLANNED, title="Styrgruppsmöte", **extra):
    starts = timezone.now().replace(second=0, microsecond=0) + timedelta(days=days)
    return Meeting.objects.create(
        group=group, title=title, starts_at=starts, ends_at=starts + timedelta(hours=2), status=status, **extra
    )


@pytest.fixture
def past_meeting(steering):
    meeting = make_meeting(steering, days=-1, place="Kommunhuset, Skärhamn")
    AgendaItem.objects.create(meeting=meeting, order=1, title="Lägesbild", presenter="Cora")
    AgendaItem.objects.create(meeting=meeting, order=2, title="Åtgärder i Skärhamn")
    return meeting


@pytest.fixture
def future_meeting(steering):
    meeting = make_meeting(steering, days=7, title="Nästa möte")
    AgendaItem.objects.create(meeting=meeting, order=1, title="Uppföljning")
    return meeting


@pytest.fixture
def held_meeting(past_meeting):
    past_meeting.status = MeetingStatus.HELD
    past_meeting.save()
    return past_meeting


def make_decision(meeting, text="Belysningen vid Hamngatan ska förbättras.", **extra):
    extra.setdefault("decided_by", meeting.group)
    return Decision.objects.create(meeting=meeting, agenda_item=meeting.agenda_items.first(), text=text, **extra)


@pytest.fixture(autouse=False)
def english(client, settings):
    """Messages are checked in English, the msgid language, whatever the catalogue holds."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
