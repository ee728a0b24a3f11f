"""The history of meetings, decisions and measures reads as sentences, in Swedish and English."""

import pytest
from django.urls import reverse

from governance.history import history_of
from governance.tests.meeting_fixtures import (  # noqa: F401
    agreement,
    english,
    future_meeting,
    held_meeting,
    make_decision,
    past_meeting,
    steering,
)
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


def edit_times(client, meeting):
    data = {
        "group": meeting.group_id, "title": meeting.title, "starts_at": "2026-05-12T10:00",
        "ends_at": "2026-05-12T12:00", "place": "", "video_link": "", "version": meeting.version,
    }
    client.post(reverse("governance:meeting_edit", args=[meeting.pk]), data)
    data.update(starts_at="2026-05-12T13:00", ends_at="2026-05-12T15:00", version=meeting.version + 1)
    assert client.post(reverse("governance:meeting_edit", args=[meeting.pk]), data).status_code == 302


def history_text(client, meeting):
    page = client.get(reverse("governance:meeting_detail", args=[meeting.pk])).content.decode()
    return page[page.index('id="history-heading"'):]


def test_a_changed_start_time_reads_as_a_sentence_in_swedish(client, coordinator, future_meeting):
    client.force_login(coordinator)
    edit_times(client, future_meeting)
    client.cookies["django_language"] = "sv"
    text = history_text(client, future_meeting)
    assert "Starttid ändrad från 12 maj 10:00 till 12 maj 13:00" in text
    assert "starts_at" not in text


def test_a_changed_start_time_reads_as_a_sentence_in_english(client, coordinator, future_meeting, english):
    client.force_login(coordinator)
    edit_times(client, future_meeting)
    text = history_text(client, future_meeting)
    assert "Start time changed from 12 May 10:00 to 12 May 13:00" in text


def test_an_added_agenda_item_and_a_status_change_read_plainly(client, coordinator, past_meeting):
    client.force_login(coordinator)
    client.post(reverse("governance:agenda_item_create", args=[past_meeting.pk]), {"title": "Otrygga platser"})
    client.post(reverse("governance:meeting_transition", args=[past_meeting.pk, "genomfort"]))
    client.cookies["django_language"] = "sv"
    text = history_text(client, past_meeting)
    assert "Punkt på dagordningen tillagd: Otrygga platser" in text
    assert "Status ändrad från Planerat till Genomfört" in text
    assert "agenda item added" not in text and "planned" not in text


def test_older_agenda_records_still_read(coordinator, past_meeting):
    from governance.models import ChangeRecord

    from django.utils import translation

    ChangeRecord.record(past_meeting, coordinator, "agenda item changed", {"Lägesbild: presenter": [None, "Cora"]})
    with translation.override("en"):
        entry = history_of(past_meeting)[-1]
    assert entry.headline == "Agenda item changed: Lägesbild"
    assert entry.lines == ["Presenter set to Cora"]


def test_decision_history_reads_plainly(client, coordinator, held_meeting, english):
    decision = make_decision(held_meeting)
    client.force_login(coordinator)
    data = {"agenda_item": decision.agenda_item_id, "text": decision.text, "decided_by": decision.decided_by_id,
            "is_public": "on"}
    client.post(reverse("governance:decision_edit", args=[decision.pk]), data)
    page = client.get(reverse("governance:decision_detail", args=[decision.pk])).content.decode()
    assert "Public changed from no to yes" in page


def test_measure_history_uses_the_same_words(client, coordinator, db, english):
    from datetime import date

    from governance.models import Measure

    measure = Measure.objects.create(title="Belysning", owner_organisation="municipality",
                                     starts_on=date(2026, 5, 1), due_on=date(2026, 6, 30))
    client.force_login(coordinator)
    data = {"title": "Belysning", "owner_organisation": "municipality", "starts_on": "2026-05-01",
            "due_on": "2026-07-31", "status": "planned", "progress_mode": "percent", "version": 1}
    client.post(reverse("governance:measure_edit", args=[measure.pk]), data)
    page = client.get(reverse("governance:measure_detail", args=[measure.pk])).content.decode()
    assert "Due changed from 30 June 2026 to 31 July 2026" in page
