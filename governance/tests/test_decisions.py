import pytest
from django.urls import reverse

from governance.models import ChangeRecord, Decision
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


def test_decision_is_recorded_under_an_agenda_item_with_the_group_as_default(client, coordinator, held_meeting):
    client.force_login(coordinator)
    item = held_meeting.agenda_items.last()
    response = client.get(reverse("governance:decision_create", args=[held_meeting.pk]))
    assert response.context["form"]["decided_by"].initial == held_meeting.group_id
    response = client.post(
        reverse("governance:decision_create", args=[held_meeting.pk]),
        {"agenda_item": item.pk, "text": "Mer belysning", "decided_by": held_meeting.group_id,
         "responsible_organisation": "municipality", "is_public": "on", "incident_filter": "kind=unsafe_place"},
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.agenda_item == item and decision.meeting == held_meeting and decision.is_public
    assert ChangeRecord.for_object(decision).get().actor == coordinator
    assert ChangeRecord.for_object(held_meeting).filter(action="decision recorded").exists()


def test_decision_at_a_planned_meeting_is_refused_with_a_message(client, coordinator, past_meeting):
    client.force_login(coordinator)
    response = client.post(
        reverse("governance:decision_create", args=[past_meeting.pk]),
        {"agenda_item": past_meeting.agenda_items.first().pk, "text": "X", "decided_by": past_meeting.group_id},
    )
    assert response.status_code == 400
    assert "meeting that has been held" in str(response.context["form"].non_field_errors())
    assert not Decision.objects.exists()


def test_decision_under_another_meetings_agenda_item_is_refused(client, coordinator, held_meeting, future_meeting):
    client.force_login(coordinator)
    response = client.post(
        reverse("governance:decision_create", args=[held_meeting.pk]),
        {"agenda_item": future_meeting.agenda_items.first().pk, "text": "X", "decided_by": held_meeting.group_id},
    )
    assert response.status_code == 400 and "agenda_item" in response.context["form"].errors


def test_decision_edit_is_recorded_and_refused_after_approval(client, coordinator, held_meeting):
    decision = make_decision(held_meeting)
    client.force_login(coordinator)
    data = {"agenda_item": decision.agenda_item_id, "text": "Ny text", "decided_by": held_meeting.group_id}
    assert client.post(reverse("governance:decision_edit", args=[decision.pk]), data).status_code == 302
    assert ChangeRecord.for_object(decision).get().changes["text"] == [decision.text, "Ny text"]
    held_meeting.approve_minutes(coordinator)
    client.post(reverse("governance:decision_edit", args=[decision.pk]), {**data, "text": "Efteråt"})
    decision.refresh_from_db()
    assert decision.text == "Ny text"


def test_decision_log_searches_and_filters(client, steering_group_member, held_meeting, working):
    lights = make_decision(held_meeting, text="Belysning i Skärhamn", rationale="Många rapporter om mörker",
                           responsible_organisation="municipality", is_public=True)
    police = make_decision(held_meeting, text="Fler patrullerade kvällar", responsible_organisation="police")
    other_meeting = make_meeting(working, days=-400, status="held", title="Gammalt")
    other_meeting.agenda_items.create(title="Punkt")
    old = make_decision(other_meeting, text="Klotter saneras")
    client.force_login(steering_group_member)
    url = reverse("governance:decision_list")

    def found(**params):
        return set(client.get(url, params).context["page"].object_list)

    assert found() == {lights, police, old}
    assert found(q="mörker") == {lights}, "search covers the rationale"
    assert found(q="patrull") == {police}
    assert found(group=working.pk) == {old}
    assert found(year=other_meeting.starts_at.year) == {old}
    assert found(responsible="police") == {police}
    assert found(public="yes") == {lights}
    assert found(public="no") == {police, old}
    assert found(year="nonsense", group="x") == {lights, police, old}, "invalid filters are ignored"


def test_public_decisions_show_only_public_ones(client, held_meeting):
    make_decision(held_meeting, text="Offentligt beslut", is_public=True, rationale="Öppen motivering")
    make_decision(held_meeting, text="Internt beslut", rationale="Hemlig motivering")
    text = client.get(reverse("governance:public_decisions")).content.decode()
    assert "Offentligt beslut" in text and "Öppen motivering" in text
    assert "Internt beslut" not in text and "Hemlig motivering" not in text


def test_a_measure_is_started_from_a_decision(client, coordinator, held_meeting):
    decision = make_decision(held_meeting)
    client.force_login(coordinator)
    page = client.get(reverse("governance:decision_detail", args=[decision.pk])).content.decode()
    create_url = reverse("governance:measure_create") + f"?beslut={decision.pk}"
    assert create_url in page
    form = client.get(create_url).context["form"]
    assert form.initial["decision"] == decision.pk
