"""Progress told truthfully: a reported percentage or milestones, chosen per measure; status follows progress."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from governance.models import Measure, MeasureProgress, MeasureStatus, Milestone, ProgressMode
from governance.tests.test_measures import form_data, make_measure  # noqa: F401 (fixture)
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


def milestones(measure, done, total):
    for number in range(total):
        Milestone.objects.create(
            measure=measure, title=f"Steg {number + 1}", due_on=measure.due_on,
            done_on=measure.starts_on if number < done else None,
        )


def test_a_new_measure_reports_progress_as_a_percentage(make_measure):
    assert make_measure().progress_mode == ProgressMode.PERCENT


def test_milestone_mode_derives_progress_from_milestones_and_says_so(make_measure):
    measure = make_measure(progress_mode=ProgressMode.MILESTONES)
    milestones(measure, done=3, total=4)
    MeasureProgress.objects.create(measure=measure, date=date(2026, 5, 1), text="Nästan", percent=10)
    assert measure.progress_percent == 75
    with translation.override("sv"):
        assert measure.progress_summary == "3 av 4 delmål klara (75 %)"


def test_percent_mode_shows_the_reported_percentage_even_with_milestones(make_measure):
    measure = make_measure(progress_mode=ProgressMode.PERCENT)
    milestones(measure, done=1, total=4)
    MeasureProgress.objects.create(measure=measure, date=date(2026, 5, 1), text="På gång", percent=40)
    assert measure.progress_percent == 40
    with translation.override("sv"):
        assert measure.progress_summary == "Rapporterat: 40 %"


def test_milestone_mode_without_milestones_is_zero(make_measure):
    measure = make_measure(progress_mode=ProgressMode.MILESTONES)
    assert measure.progress_percent == 0


@pytest.mark.parametrize("status", [MeasureStatus.DONE, MeasureStatus.EVALUATED])
def test_a_measure_cannot_be_done_or_evaluated_below_100_percent(make_measure, status):
    measure = make_measure(progress_mode=ProgressMode.MILESTONES)
    milestones(measure, done=1, total=4)
    measure.status = status
    with pytest.raises(ValidationError) as error:
        measure.full_clean()
    assert "status" in error.value.message_dict


def test_a_measure_at_100_percent_can_be_evaluated(make_measure):
    measure = make_measure()
    MeasureProgress.objects.create(measure=measure, date=date(2026, 5, 1), text="Klart", percent=100)
    measure.status = MeasureStatus.EVALUATED
    measure.completed_on = date(2026, 5, 1)
    measure.full_clean()


def test_the_edit_form_refuses_evaluated_at_25_percent_with_a_clear_message(client, coordinator, make_measure):
    measure = make_measure(progress_mode=ProgressMode.MILESTONES)
    milestones(measure, done=1, total=4)
    client.force_login(coordinator)
    with translation.override("sv"):
        response = client.post(reverse("governance:measure_edit", args=[measure.pk]),
                               form_data(measure, status="evaluated", progress_mode="milestones"),
                               HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 200
    errors = response.context["form"].errors["status"]
    assert "25 %" in errors[0]
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.PLANNED


def test_the_edit_form_accepts_done_when_all_milestones_are_done(client, coordinator, make_measure):
    measure = make_measure(progress_mode=ProgressMode.MILESTONES)
    milestones(measure, done=2, total=2)
    client.force_login(coordinator)
    response = client.post(reverse("governance:measure_edit", args=[measure.pk]),
                           form_data(measure, status="done", progress_mode="milestones"))
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.DONE


def test_detail_shows_how_progress_is_measured(client, steering_group_member, make_measure):
    measure = make_measure(progress_mode=ProgressMode.MILESTONES)
    milestones(measure, done=3, total=4)
    client.force_login(steering_group_member)
    html = client.get(reverse("governance:measure_detail", args=[measure.pk]), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "3 av 4 delmål klara (75 %)" in html


def test_list_shows_how_progress_is_measured(client, coordinator, make_measure):
    measure = make_measure(progress_mode=ProgressMode.PERCENT)
    MeasureProgress.objects.create(measure=measure, date=date(2026, 5, 1), text="På gång", percent=40)
    client.force_login(coordinator)
    html = client.get(reverse("governance:measure_list"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Rapporterat: 40 %" in html


def test_a_lower_percentage_cannot_be_reported_on_a_carried_out_measure(client, coordinator, make_measure):
    measure = make_measure(status=MeasureStatus.DONE, completed_on=date(2026, 5, 1))
    MeasureProgress.objects.create(measure=measure, date=date(2026, 5, 1), text="Klart", percent=100)
    client.force_login(coordinator)
    response = client.post(reverse("governance:measure_add_progress", args=[measure.pk]), {
        "progress-date": "2026-05-10", "progress-text": "Backade", "progress-percent": "50",
    })
    assert response.status_code == 400
    assert measure.progress_reports.count() == 1


def test_milestone_mode_measure_asks_no_percentage_in_progress_reports(client, coordinator, make_measure):
    measure = make_measure(progress_mode=ProgressMode.MILESTONES)
    client.force_login(coordinator)
    response = client.get(reverse("governance:measure_detail", args=[measure.pk]))
    assert "percent" not in response.context["progress_form"].fields


def test_data_migration_gives_measures_with_milestones_the_milestone_mode(make_measure):
    from importlib import import_module

    from django.apps import apps

    with_steps, without = make_measure(title="Med delmål"), make_measure(title="Utan delmål")
    milestones(with_steps, done=0, total=2)
    import_module("governance.migrations.0007_measure_progress_mode").choose_modes(apps, None)
    modes = dict(Measure.objects.values_list("title", "progress_mode"))
    assert modes == {"Med delmål": "milestones", "Utan delmål": "percent"}


def test_a_milestone_cannot_be_added_to_a_carried_out_measure(client, coordinator, make_measure):
    measure = make_measure(progress_mode=ProgressMode.MILESTONES, status=MeasureStatus.DONE, completed_on=date(2026, 5, 1))
    milestones(measure, done=2, total=2)
    client.force_login(coordinator)
    response = client.post(reverse("governance:measure_add_milestone", args=[measure.pk]),
                           {"milestone-title": "Ett steg till", "milestone-due_on": "2026-06-01"})
    assert response.status_code == 400
    assert response.context["milestone_form"].non_field_errors()
    assert measure.milestones.count() == 2 and measure.progress_percent == 100
