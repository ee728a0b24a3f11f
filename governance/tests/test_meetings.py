from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import AgendaItem, Attendance, ChangeRecord, Meeting, MeetingStatus, MinutesVersion
from trygg.testing.clock import fixed_clock
from governance.tests.meeting_fixtures import (  # noqa: F401
    agreement,
    english,
    future_meeting,
    held_meeting,
    make_decision,
    make_meeting,
    past_meeting,
    steering,
    working,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english"), fixed_clock("2026-05-19 10:00")]


def form_data(meeting, **changes):
    data = {
        "group": meeting.group_id, "title": meeting.title,
        "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(meeting.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "place": meeting.place, "video_link": meeting.video_link, "version": meeting.version,
    }
    data.update(changes)
    return data


# --- The public agreement page ---


def test_agreement_page_shows_purpose_parties_and_current_chairs_without_emails(client, steering):
    response = client.get(reverse("governance:agreement"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Minska brottsligheten" in text and "Tjörns kommun och Polisen" in text
    assert "Karin Ordförande" in text and "Cora" in text
    assert "Fredrik" not in text, "a former chair is not shown"
    assert "@example.org" not in text


def test_agreement_page_without_agreement_is_friendly(client, db):
    response = client.get(reverse("governance:agreement"))
    assert response.status_code == 200
    assert "No cooperation agreement" in response.content.decode()


# --- Lists and pages ---


def test_meeting_list_shows_upcoming_before_past_and_filters_by_group(client, coordinator, past_meeting, future_meeting, working):
    other = make_meeting(working, days=3, title="Arbetsgruppsmöte")
    client.force_login(coordinator)
    response = client.get(reverse("governance:meeting_list"))
    assert list(response.context["upcoming"]) == [other, future_meeting]
    assert list(response.context["past"]) == [past_meeting]
    response = client.get(reverse("governance:meeting_list"), {"group": working.pk})
    assert list(response.context["upcoming"]) == [other] and list(response.context["past"]) == []
    assert client.get(reverse("governance:meeting_list"), {"group": "nonsense"}).status_code == 200


def test_meeting_page_links_the_incident_filter_to_the_incidents_list(client, police, past_meeting):
    item = past_meeting.agenda_items.first()
    item.incident_filter = "kind=disorder"
    item.save()
    client.force_login(police)
    response = client.get(reverse("governance:meeting_detail", args=[past_meeting.pk]))
    assert f'href="{reverse("incidents:list")}?kind=disorder"' in response.content.decode()


# --- Create and edit, with optimistic locking ---


def test_coordinator_creates_a_meeting_and_it_is_recorded(client, coordinator, steering):
    client.force_login(coordinator)
    data = {"group": steering.pk, "title": "Höstmöte", "starts_at": "2030-10-01T13:00", "ends_at": "2030-10-01T15:00"}
    response = client.post(reverse("governance:meeting_create"), data)
    meeting = Meeting.objects.get(title="Höstmöte")
    assert response.status_code == 302
    record = ChangeRecord.for_object(meeting).get()
    assert record.action == "created" and record.actor == coordinator and record.changes["title"] == [None, "Höstmöte"]


def test_meeting_must_end_after_it_starts(client, coordinator, steering):
    client.force_login(coordinator)
    data = {"group": steering.pk, "title": "Fel", "starts_at": "2030-10-01T13:00", "ends_at": "2030-10-01T12:00"}
    response = client.post(reverse("governance:meeting_create"), data)
    assert response.status_code == 200
    assert "ends_at" in response.context["form"].errors
    assert not Meeting.objects.filter(title="Fel").exists()


def test_edit_records_the_changed_fields(client, coordinator, future_meeting):
    client.force_login(coordinator)
    response = client.post(reverse("governance:meeting_edit", args=[future_meeting.pk]), form_data(future_meeting, place="Rönnäng"))
    assert response.status_code == 302
    future_meeting.refresh_from_db()
    assert future_meeting.place == "Rönnäng" and future_meeting.version == 2
    assert ChangeRecord.for_object(future_meeting).get().changes == {"place": [None, "Rönnäng"]}


def test_meeting_with_approved_minutes_cannot_be_edited(client, coordinator, held_meeting):
    held_meeting.approve_minutes(coordinator)
    client.force_login(coordinator)
    held_meeting.refresh_from_db()
    response = client.post(reverse("governance:meeting_edit", args=[held_meeting.pk]), form_data(held_meeting, title="Nytt"))
    assert response.status_code == 302
    held_meeting.refresh_from_db()
    assert held_meeting.title == "Styrgruppsmöte"


def test_stale_edit_is_refused_without_overwriting(client, coordinator, future_meeting):
    client.force_login(coordinator)
    stale = form_data(future_meeting, title="Min ändring")
    client.post(reverse("governance:meeting_edit", args=[future_meeting.pk]), form_data(future_meeting, title="Din ändring"))
    response = client.post(reverse("governance:meeting_edit", args=[future_meeting.pk]), stale)
    assert response.status_code == 409
    assert "Someone else changed this meeting" in str(response.context["form"].non_field_errors())
    future_meeting.refresh_from_db()
    assert future_meeting.title == "Din ändring"


# --- Agenda ---


def test_agenda_item_with_evidence_is_added_last_and_recorded(client, coordinator, future_meeting):
    client.force_login(coordinator)
    response = client.post(
        reverse("governance:agenda_item_create", args=[future_meeting.pk]),
        {"title": "Otrygga platser", "incident_filter": "?kind=unsafe_place&period=30"},
    )
    assert response.status_code == 302
    item = future_meeting.agenda_items.last()
    assert item.title == "Otrygga platser" and item.order == 2 and item.incident_filter == "kind=unsafe_place&period=30"
    assert ChangeRecord.for_object(future_meeting).filter(action="agenda item added").exists()


@pytest.mark.parametrize("bad_filter", ["colour=red", "period=13", "locality=999999"])
def test_agenda_item_with_invalid_incident_filter_is_refused(client, coordinator, future_meeting, bad_filter):
    client.force_login(coordinator)
    response = client.post(
        reverse("governance:agenda_item_create", args=[future_meeting.pk]), {"title": "X", "incident_filter": bad_filter}
    )
    assert response.status_code == 400
    assert "incident_filter" in response.context["form"].errors


def test_agenda_items_are_reordered(client, coordinator, past_meeting):
    first, second = past_meeting.agenda_items.all()
    client.force_login(coordinator)
    client.post(reverse("governance:agenda_item_move", args=[past_meeting.pk, second.pk]), {"direction": "up"})
    assert list(past_meeting.agenda_items.all()) == [second, first]
    assert ChangeRecord.for_object(past_meeting).filter(action="agenda reordered").exists()


def test_attendance_is_saved_for_group_members(client, coordinator, held_meeting):
    client.force_login(coordinator)
    client.post(reverse("governance:meeting_attendance", args=[held_meeting.pk]), {"present": [coordinator.pk]})
    assert Attendance.objects.get(meeting=held_meeting, user=coordinator).present
    assert Attendance.objects.filter(meeting=held_meeting, present=False).count() == 1, "the chair was absent"
    assert ChangeRecord.for_object(held_meeting).filter(action="attendance").exists()


# --- Lifecycle ---


def test_meeting_lifecycle_held_minutes_approved(client, coordinator, past_meeting):
    client.force_login(coordinator)
    client.post(reverse("governance:meeting_transition", args=[past_meeting.pk, "genomfort"]))
    past_meeting.refresh_from_db()
    assert past_meeting.status == MeetingStatus.HELD
    first = past_meeting.agenda_items.first()
    client.post(reverse("governance:minutes_edit", args=[past_meeting.pk]), {f"item_{first.pk}": "Lägesbilden visades."})
    client.post(reverse("governance:meeting_transition", args=[past_meeting.pk, "justera"]))
    past_meeting.refresh_from_db()
    assert past_meeting.status == MeetingStatus.APPROVED
    version = MinutesVersion.objects.get(meeting=past_meeting)
    assert version.number == 1 and version.approved_by == coordinator
    assert version.content[0]["minutes"] == "Lägesbilden visades."
    actions = list(ChangeRecord.for_object(past_meeting).values_list("action", flat=True))
    assert actions == ["status", "minutes", "status"]


def test_future_meeting_cannot_be_marked_held(client, coordinator, future_meeting):
    client.force_login(coordinator)
    response = client.post(reverse("governance:meeting_transition", args=[future_meeting.pk, "genomfort"]), follow=True)
    future_meeting.refresh_from_db()
    assert future_meeting.status == MeetingStatus.PLANNED
    assert "starts in the future" in response.content.decode()


def test_minutes_for_a_future_meeting_are_refused(client, coordinator, future_meeting):
    client.force_login(coordinator)
    item = future_meeting.agenda_items.first()
    response = client.post(reverse("governance:minutes_edit", args=[future_meeting.pk]), {f"item_{item.pk}": "Påhittat"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.minutes == ""
    with pytest.raises(Meeting.Refused):
        future_meeting.write_minutes(item, "Påhittat", by=coordinator)


def test_unknown_transition_is_404(client, coordinator, past_meeting):
    client.force_login(coordinator)
    assert client.post(reverse("governance:meeting_transition", args=[past_meeting.pk, "radera"])).status_code == 404


def test_approving_minutes_of_a_planned_meeting_is_refused(coordinator, past_meeting):
    with pytest.raises(Meeting.Refused):
        past_meeting.approve_minutes(coordinator)
    assert not MinutesVersion.objects.exists()


def test_approved_minutes_are_read_only(client, coordinator, held_meeting):
    held_meeting.approve_minutes(coordinator)
    item = held_meeting.agenda_items.first()
    client.force_login(coordinator)
    response = client.post(reverse("governance:minutes_edit", args=[held_meeting.pk]), {f"item_{item.pk}": "Ändrat"}, follow=True)
    assert "approved and can no longer be edited" in response.content.decode()
    item.refresh_from_db()
    assert item.minutes == ""
    with pytest.raises(Meeting.Refused):
        held_meeting.write_minutes(item, "Ändrat", by=coordinator)
    assert client.post(reverse("governance:agenda_item_edit", args=[held_meeting.pk, item.pk]), {"title": "Ny"}).status_code == 302
    item.refresh_from_db()
    assert item.title == "Lägesbild"


def test_correction_creates_a_new_version_and_keeps_the_approved_one(client, coordinator, held_meeting):
    item = held_meeting.agenda_items.first()
    held_meeting.write_minutes(item, "Original", by=coordinator)
    held_meeting.approve_minutes(coordinator)
    client.force_login(coordinator)
    second = held_meeting.agenda_items.last()
    response = client.post(
        reverse("governance:minutes_correct", args=[held_meeting.pk]),
        {"reason": "Stavfel", f"item_{item.pk}": "Rättat", f"item_{second.pk}": ""},
    )
    assert response.status_code == 302
    first, corrected = MinutesVersion.objects.filter(meeting=held_meeting)
    assert first.content[0]["minutes"] == "Original"
    assert corrected.number == 2 and corrected.reason == "Stavfel" and corrected.content[0]["minutes"] == "Rättat"
    record = ChangeRecord.for_object(held_meeting).get(action="corrected")
    assert record.changes["minutes: Lägesbild"] == ["Original", "Rättat"]
    minutes = client.get(reverse("governance:minutes", args=[held_meeting.pk])).content.decode()
    assert "Rättat" in minutes and "Stavfel" in minutes


def test_correction_without_reason_or_change_is_refused(client, coordinator, held_meeting):
    held_meeting.approve_minutes(coordinator)
    client.force_login(coordinator)
    item = held_meeting.agenda_items.first()
    response = client.post(reverse("governance:minutes_correct", args=[held_meeting.pk]), {"reason": "", f"item_{item.pk}": "x"})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    response = client.post(reverse("governance:minutes_correct", args=[held_meeting.pk]), {"reason": "Inget"})
    assert "changes nothing" in str(response.context["form"].non_field_errors())
    assert MinutesVersion.objects.filter(meeting=held_meeting).count() == 1


def test_minutes_page_shows_draft_before_approval_and_decisions(client, police, held_meeting):
    make_decision(held_meeting)
    client.force_login(police)
    response = client.get(reverse("governance:minutes", args=[held_meeting.pk]))
    assert response.status_code == 200
    assert "Belysningen vid Hamngatan" in response.content.decode()
    assert response.context["current"] is None


# --- Permissions: every URL × every role ---

VIEW = {"coordinator", "working_group_member", "steering_group_member", "police", "admin_user"}
CHANGE = {"coordinator", "admin_user"}


def urls(meeting, item, decision):
    return [
        ("get", reverse("governance:meeting_list"), VIEW),
        ("get", reverse("governance:meeting_detail", args=[meeting.pk]), VIEW),
        ("get", reverse("governance:minutes", args=[meeting.pk]), VIEW),
        ("get", reverse("governance:meeting_ics", args=[meeting.pk]), VIEW),
        ("get", reverse("governance:group_ics", args=[meeting.group.slug]), VIEW),
        ("get", reverse("governance:meeting_create"), CHANGE),
        ("get", reverse("governance:meeting_edit", args=[meeting.pk]), CHANGE),
        ("get", reverse("governance:agenda_item_create", args=[meeting.pk]), CHANGE),
        ("get", reverse("governance:agenda_item_edit", args=[meeting.pk, item.pk]), CHANGE),
        ("post", reverse("governance:agenda_item_move", args=[meeting.pk, item.pk]), CHANGE),
        ("post", reverse("governance:meeting_attendance", args=[meeting.pk]), CHANGE),
        ("get", reverse("governance:minutes_edit", args=[meeting.pk]), CHANGE),
        ("get", reverse("governance:minutes_correct", args=[meeting.pk]), CHANGE),
        ("post", reverse("governance:meeting_transition", args=[meeting.pk, "justera"]), CHANGE),
        ("post", reverse("governance:meeting_send_agenda", args=[meeting.pk]), CHANGE),
        ("get", reverse("governance:decision_create", args=[meeting.pk]), CHANGE),
        ("get", reverse("governance:decision_list"), VIEW),
        ("get", reverse("governance:decision_detail", args=[decision.pk]), VIEW),
        ("get", reverse("governance:decision_edit", args=[decision.pk]), CHANGE),
    ]


@pytest.mark.parametrize(
    "role",
    [None, "resident", "staff_member", "coordinator", "working_group_member", "steering_group_member", "police", "admin_user"],
)
def test_permissions_of_every_meeting_and_decision_url(client, request, role, held_meeting, mailoutbox):
    decision = make_decision(held_meeting)
    if role:
        client.force_login(request.getfixturevalue(role))
    for method, url, allowed in urls(held_meeting, held_meeting.agenda_items.first(), decision):
        response = getattr(client, method)(url)
        if role is None:
            assert response.status_code == 302 and "/konto/logga-in/" in response["Location"], url
        elif role in allowed:
            assert response.status_code in (200, 302), (role, url, response.status_code)
        else:
            assert response.status_code == 403, (role, url, response.status_code)


@pytest.mark.parametrize("name", ["governance:agreement", "governance:public_decisions"])
def test_public_pages_are_open_to_everyone(any_role_client, name, steering):
    assert any_role_client.get(reverse(name)).status_code == 200


def test_unknown_meeting_is_404(client, coordinator, db):
    client.force_login(coordinator)
    assert client.get(reverse("governance:meeting_detail", args=[999999])).status_code == 404
    assert client.get(reverse("governance:meeting_ics", args=[999999])).status_code == 404


def test_dashboard_lists_meetings_for_staff_with_the_permission(client, steering_group_member, resident):
    from trygg.dashboard import tasks_for

    assert "governance:meeting_list" in [task.url_name for task in tasks_for(steering_group_member)]
    assert "governance:decision_list" in [task.url_name for task in tasks_for(steering_group_member)]
    assert [task for task in tasks_for(resident) if task.url_name.startswith("governance:")] == []
