"""Minutes adjusted (justerade) in the portal: the secretary sends them, each adjuster approves, then they lock.

And the public minutes of public decisions: only when adjusted and public.
"""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import make_user
from governance.models import ChangeRecord, GroupRole, Meeting, MeetingStatus, Membership, MinutesVersion
from governance.tests.meeting_fixtures import (  # noqa: F401
    agreement,
    english,
    held_meeting,
    make_decision,
    make_meeting,
    past_meeting,
    steering,
)
from trygg import roles
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english"), fixed_clock("2026-05-19 10:00")]


def member(group, email, first_name, last_name, role=roles.STEERING_GROUP):
    user = make_user(email, role, first_name=first_name, last_name=last_name)
    Membership.objects.create(group=group, user=user, organisation="municipality", role=GroupRole.MEMBER,
                              starts_on=date(2023, 1, 1))
    return user


@pytest.fixture
def adjusters(steering):
    return [member(steering, "anna@example.org", "Anna", "Andersson"), member(steering, "bo@example.org", "Bo", "Berg")]


@pytest.fixture
def secretary(steering):
    return member(steering, "sekreterare@example.org", "Sara", "Sekreterare", roles.WORKING_GROUP)


@pytest.fixture
def meeting(held_meeting, secretary, adjusters):
    held_meeting.secretary = secretary
    held_meeting.save()
    held_meeting.adjusters.set(adjusters)
    held_meeting.write_minutes(held_meeting.agenda_items.first(), "Lägesbilden visades.", by=secretary)
    return held_meeting


def send(client, user, meeting):
    client.force_login(user)
    return client.post(reverse("governance:minutes_send_for_adjustment", args=[meeting.pk]))


def adjust(client, user, meeting):
    client.force_login(user)
    return client.post(reverse("governance:minutes_adjust", args=[meeting.pk]))


# --- The secretary sends, the adjusters adjust ---


def test_secretary_sends_the_minutes_and_each_adjuster_sees_them_on_the_start_page(client, meeting, secretary, adjusters):
    assert send(client, secretary, meeting).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ADJUSTING and meeting.minutes_are_locked
    version = MinutesVersion.objects.get(meeting=meeting)
    assert version.adjusted_at is None and version.content[0]["minutes"] == "Lägesbilden visades."
    for adjuster in adjusters:
        client.force_login(adjuster)
        todos = {todo.url: count for todo, count in client.get(reverse("dashboard")).context["todos"]}
        assert todos[reverse("governance:meeting_list") + "#to-adjust"] == 1
        page = client.get(reverse("governance:meeting_detail", args=[meeting.pk])).content.decode()
        assert reverse("governance:minutes_adjust", args=[meeting.pk]) in page


def test_the_adjusters_get_a_mail_with_the_link(client, meeting, secretary, adjusters, mailoutbox,
                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, secretary, meeting)
    assert sorted(mail.to[0] for mail in mailoutbox) == ["anna@example.org", "bo@example.org"]
    assert reverse("governance:meeting_detail", args=[meeting.pk]) in mailoutbox[0].body
    assert "Styrgruppsmöte" in mailoutbox[0].subject


def test_when_all_adjusters_have_approved_the_minutes_are_adjusted_and_locked(client, meeting, secretary, adjusters):
    send(client, secretary, meeting)
    first, second = adjusters
    adjust(client, first, meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ADJUSTING, "one of two adjusters is not enough"
    client.force_login(first)
    todos = {todo.url for todo, _count in client.get(reverse("dashboard")).context["todos"]}
    assert reverse("governance:meeting_list") + "#to-adjust" not in todos, "done: no longer on the start page"
    adjust(client, second, meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED
    version = meeting.adjusted_minutes
    assert version.adjusted_at is not None
    assert [approval.adjuster for approval in version.approvals.all()] == [first, second]
    minutes = client.get(reverse("governance:minutes", args=[meeting.pk])).content.decode()
    assert "Adjusted 2026-05-19 by Anna Andersson and Bo Berg" in minutes
    actions = list(ChangeRecord.for_object(meeting).values_list("action", flat=True))
    assert actions[-5:] == ["status", "sent for adjustment", "adjuster approved", "adjuster approved", "status"]


def test_adjusted_minutes_show_in_swedish(client, meeting, secretary, adjusters):
    send(client, secretary, meeting)
    for adjuster in adjusters:
        adjust(client, adjuster, meeting)
    client.cookies["django_language"] = "sv"
    minutes = client.get(reverse("governance:minutes", args=[meeting.pk])).content.decode()
    assert "Justerat 2026-05-19 av Anna Andersson och Bo Berg" in minutes


def test_only_adjusters_adjust(client, meeting, secretary, coordinator, steering_group_member):
    send(client, secretary, meeting)
    for outsider in (secretary, coordinator, steering_group_member):
        assert adjust(client, outsider, meeting).status_code == 403
    assert not meeting.minutes_versions.get().approvals.exists()
    with pytest.raises(Meeting.Refused):
        meeting.adjust_minutes(coordinator)


def test_an_adjuster_adjusts_once(client, meeting, secretary, adjusters):
    send(client, secretary, meeting)
    adjust(client, adjusters[0], meeting)
    response = adjust(client, adjusters[0], meeting)
    assert response.status_code == 302
    assert meeting.minutes_versions.get().approvals.count() == 1


def test_adjusting_minutes_that_are_not_sent_is_refused(client, meeting, adjusters):
    response = adjust(client, adjusters[0], meeting)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and not MinutesVersion.objects.exists()


def test_only_the_secretary_or_a_coordinator_sends_for_adjustment(client, meeting, adjusters, working_group_member,
                                                                  steering_group_member, police):
    for outsider in (adjusters[0], working_group_member, steering_group_member, police):
        assert send(client, outsider, meeting).status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


def test_the_secretary_writes_the_minutes_and_finds_them_to_send_on_the_start_page(client, meeting, secretary,
                                                                                  steering_group_member):
    client.force_login(secretary)
    todos = {todo.url: count for todo, count in client.get(reverse("dashboard")).context["todos"]}
    assert todos[reverse("governance:meeting_list") + "#to-send"] == 1
    item = meeting.agenda_items.first()
    url = reverse("governance:minutes_edit", args=[meeting.pk])
    assert client.post(url, {f"item_{item.pk}": "Skrivet av sekreteraren."}).status_code == 302
    item.refresh_from_db()
    assert item.minutes == "Skrivet av sekreteraren."
    send(client, secretary, meeting)
    todos = {todo.url for todo, _count in client.get(reverse("dashboard")).context["todos"]}
    assert reverse("governance:meeting_list") + "#to-send" not in todos
    client.force_login(steering_group_member)
    assert client.get(url).status_code == 403, "members who are not the secretary do not write the minutes"


def test_coordinator_may_send_for_the_secretary(client, meeting, coordinator):
    assert send(client, coordinator, meeting).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ADJUSTING


def test_sending_without_adjusters_or_before_the_meeting_is_held_is_refused(client, held_meeting, past_meeting,
                                                                         coordinator):
    response = send(client, coordinator, held_meeting)
    assert response.status_code == 302
    held_meeting.refresh_from_db()
    assert held_meeting.status == MeetingStatus.HELD
    with pytest.raises(Meeting.Refused):
        held_meeting.send_for_adjustment(coordinator)


def test_minutes_with_the_adjusters_cannot_be_edited_or_approved_directly(client, meeting, secretary, coordinator):
    send(client, secretary, meeting)
    meeting.refresh_from_db()
    with pytest.raises(Meeting.Refused, match="with the adjusters"):
        meeting.write_minutes(meeting.agenda_items.first(), "Ändrat", by=coordinator)
    with pytest.raises(Meeting.Refused):
        meeting.approve_minutes(coordinator)


def test_a_meeting_with_adjusters_is_not_approved_directly(held_meeting, coordinator, adjusters):
    held_meeting.adjusters.set(adjusters)
    with translation.override("en"), pytest.raises(Meeting.Refused, match="send the minutes for adjustment"):
        held_meeting.approve_minutes(coordinator)


def test_secretary_takes_the_minutes_back_to_fix_them(client, meeting, secretary, adjusters):
    send(client, secretary, meeting)
    adjust(client, adjusters[0], meeting)
    client.force_login(secretary)
    response = client.post(reverse("governance:minutes_withdraw", args=[meeting.pk]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and not MinutesVersion.objects.exists()
    meeting.write_minutes(meeting.agenda_items.first(), "Rättat före justering.", by=secretary)
    send(client, secretary, meeting)
    assert meeting.minutes_versions.get().content[0]["minutes"] == "Rättat före justering."
    assert not meeting.minutes_versions.get().approvals.exists(), "the adjusters adjust the new text afresh"


def test_only_the_secretary_or_a_coordinator_takes_the_minutes_back(client, meeting, secretary, adjusters, police):
    send(client, secretary, meeting)
    for outsider in (adjusters[0], police):
        client.force_login(outsider)
        assert client.post(reverse("governance:minutes_withdraw", args=[meeting.pk])).status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ADJUSTING


def test_no_decision_is_added_to_adjusted_minutes(client, meeting, secretary, adjusters, coordinator):
    send(client, secretary, meeting)
    client.force_login(coordinator)
    data = {"agenda_item": meeting.agenda_items.first().pk, "text": "Sent tillagt.", "decided_by": meeting.group_id,
            "is_public": "on"}
    response = client.post(reverse("governance:decision_create", args=[meeting.pk]), data)
    assert response.status_code == 302 and not meeting.decisions.exists()


def test_correction_after_adjustment_needs_a_new_adjustment(client, meeting, secretary, adjusters, coordinator):
    send(client, secretary, meeting)
    for adjuster in adjusters:
        adjust(client, adjuster, meeting)
    meeting.refresh_from_db()
    item = meeting.agenda_items.first()
    meeting.correct_minutes(coordinator, "Stavfel", {item.pk: "Lägesbilden visades i sin helhet."})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ADJUSTING
    assert meeting.adjusted_minutes.number == 1, "the adjusted version counts until the correction is adjusted"
    assert meeting.pending_minutes.number == 2
    for adjuster in adjusters:
        adjust(client, adjuster, meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED and meeting.adjusted_minutes.number == 2


def test_meeting_form_sets_secretary_and_adjusters_from_the_group(client, coordinator, steering, secretary, adjusters):
    meeting = make_meeting(steering, days=5, title="Höstmöte")
    client.force_login(coordinator)
    url = reverse("governance:meeting_edit", args=[meeting.pk])
    data = {"group": steering.pk, "title": "Höstmöte", "starts_at": "2026-05-24T10:00", "ends_at": "2026-05-24T12:00",
            "version": meeting.version, "secretary": secretary.pk, "adjusters": [a.pk for a in adjusters]}
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.secretary == secretary and set(meeting.adjusters.all()) == set(adjusters)
    record = ChangeRecord.for_object(meeting).get()
    assert record.changes["adjusters"] == [None, ["Anna Andersson", "Bo Berg"]]


@pytest.mark.parametrize("problem", ["three", "outsider", "secretary"])
def test_meeting_form_refuses_wrong_adjusters(client, coordinator, steering, secretary, adjusters, problem,
                                              working_group_member):
    meeting = make_meeting(steering, days=5, title="Höstmöte")
    chosen = {
        "three": [*adjusters, secretary], "outsider": [working_group_member], "secretary": [secretary],
    }[problem]
    client.force_login(coordinator)
    data = {"group": steering.pk, "title": "Höstmöte", "starts_at": "2026-05-24T10:00", "ends_at": "2026-05-24T12:00",
            "version": meeting.version, "secretary": secretary.pk, "adjusters": [a.pk for a in chosen]}
    response = client.post(reverse("governance:meeting_edit", args=[meeting.pk]), data)
    assert response.status_code == 200 and "adjusters" in response.context["form"].errors
    assert not meeting.adjusters.exists()


# --- Public minutes ---


def adjusted(client, meeting, secretary, adjusters):
    send(client, secretary, meeting)
    for adjuster in adjusters:
        adjust(client, adjuster, meeting)
    client.logout()
    client.cookies["django_language"] = "en"  # logging out forgets the cookies


def test_public_minutes_show_the_public_decisions_and_the_adjustment(client, meeting, secretary, adjusters):
    make_decision(meeting, text="Belysningen vid Hamngatan ska förbättras.", is_public=True)
    make_decision(meeting, text="Intern fråga om personal.", is_public=False)
    adjusted(client, meeting, secretary, adjusters)
    url = reverse("governance:public_minutes", args=[meeting.pk])
    assert url in client.get(reverse("governance:public_decisions")).content.decode()
    page = client.get(url).content.decode()
    assert "Belysningen vid Hamngatan" in page and "Styrgruppen" in page
    assert "§ 1 Lägesbild" in page, "numbered as in the full minutes"
    assert "Adjusted 2026-05-19 by Anna Andersson and Bo Berg" in page
    assert "Intern fråga" not in page
    assert "Lägesbilden visades" not in page, "the minutes' own text is not published"
    assert "Karin" not in page and "Sara" not in page, "no attendees or secretary"


def test_minutes_not_yet_adjusted_are_not_public(client, meeting, secretary, adjusters):
    make_decision(meeting, is_public=True)
    url = reverse("governance:public_minutes", args=[meeting.pk])
    assert client.get(url).status_code == 404
    send(client, secretary, meeting)
    adjust(client, adjusters[0], meeting)
    client.logout()
    assert client.get(url).status_code == 404


def test_minutes_without_public_decisions_are_not_public(client, meeting, secretary, adjusters):
    make_decision(meeting, is_public=False)
    adjusted(client, meeting, secretary, adjusters)
    assert client.get(reverse("governance:public_minutes", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("governance:public_minutes", args=[999999])).status_code == 404


def test_directly_approved_minutes_with_public_decisions_are_public(client, held_meeting, coordinator):
    make_decision(held_meeting, is_public=True)
    held_meeting.approve_minutes(coordinator)
    page = client.get(reverse("governance:public_minutes", args=[held_meeting.pk])).content.decode()
    assert "Approved 2026-05-19" in page
