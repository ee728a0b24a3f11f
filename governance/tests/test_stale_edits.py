"""One optimistic-locking style: Meeting.save_edit and Measure.save_edit both raise StaleEdit, the views show a
form error with status 409, and nothing of the stale edit is saved."""

import pytest
from django.urls import reverse

from governance.models import ChangeRecord, Measure, Meeting, StaleEdit
from governance.tests.meeting_fixtures import agreement, future_meeting, steering  # noqa: F401
from governance.tests.test_measures import form_data, make_measure  # noqa: F401 (fixture)
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


def test_meetings_and_measures_raise_the_same_stale_edit():
    assert Meeting.StaleEdit is Measure.StaleEdit is StaleEdit


def test_measure_save_edit_from_an_old_version_raises_and_saves_nothing(coordinator, make_measure):
    measure = make_measure()
    mine, theirs = Measure.objects.get(pk=measure.pk), Measure.objects.get(pk=measure.pk)
    before = theirs.snapshot()
    theirs.title = "Deras titel"
    theirs.save_edit(coordinator, 1, before)
    mine.title = "Min titel"
    with pytest.raises(StaleEdit) as error:
        mine.save_edit(coordinator, 1, before)
    assert "åtgärden" in str(error.value)
    measure.refresh_from_db()
    assert (measure.title, measure.version) == ("Deras titel", 2)
    assert ChangeRecord.for_object(measure).count() == 1


def test_meeting_save_edit_from_an_old_version_raises_and_saves_nothing(coordinator, future_meeting):
    mine, theirs = Meeting.objects.get(pk=future_meeting.pk), Meeting.objects.get(pk=future_meeting.pk)
    version = future_meeting.version
    theirs.title = "Deras möte"
    theirs.save_edit(coordinator, version, {"title": ["Nästa möte", "Deras möte"]})
    mine.title = "Mitt möte"
    with pytest.raises(StaleEdit):
        mine.save_edit(coordinator, version, {"title": ["Nästa möte", "Mitt möte"]})
    future_meeting.refresh_from_db()
    assert future_meeting.title == "Deras möte" and future_meeting.version == version + 1


def test_stale_measure_edit_is_a_409_with_a_form_error(client, coordinator, make_measure):
    measure = make_measure()
    client.force_login(coordinator)
    client.post(reverse("governance:measure_edit", args=[measure.pk]), form_data(measure, title="Först"))
    response = client.post(reverse("governance:measure_edit", args=[measure.pk]), form_data(measure, when="Sen"))
    assert response.status_code == 409
    assert response.context["form"].non_field_errors()
