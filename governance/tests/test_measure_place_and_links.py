"""A measure tells where it is (a point, else its locality) and what it answers (reports, priority problems)."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import ChangeRecord, Measure, PriorityProblem, Rhythm, SituationReport
from incidents.models import Organisation
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


@pytest.fixture
def make_measure(db):
    def make(**fields):
        today = timezone.localdate()
        fields.setdefault("title", "Belysning vid busshållplatsen")
        fields.setdefault("owner_organisation", Organisation.MUNICIPALITY)
        fields.setdefault("starts_on", today - timedelta(days=30))
        fields.setdefault("due_on", today + timedelta(days=60))
        return Measure.objects.create(**fields)

    return make


@pytest.fixture
def problem(db):
    report = SituationReport.objects.create(
        rhythm=Rhythm.MONTHLY, period_start="2026-04-01", period_end="2026-04-30", figures={}, analysis="Analys."
    )
    return PriorityProblem.objects.create(report=report, title="Buskörning i hamnen")


def new_measure_data(**changes):
    data = {
        "title": "Ny belysning", "owner_organisation": "municipality", "starts_on": "2026-06-01",
        "due_on": "2026-09-30", "status": "planned", "version": 1,
    }
    data.update(changes)
    return data


# --- Place ---


def test_a_measure_with_only_a_locality_is_placed_at_the_locality(make_measure, localities):
    skarhamn = localities["skarhamn"]
    measure = make_measure(locality=skarhamn)
    assert measure.point == (skarhamn.latitude, skarhamn.longitude, True)
    assert make_measure(title="Ingenstans").point is None


def test_a_measure_with_a_point_keeps_its_point(make_measure, localities):
    measure = make_measure(locality=localities["skarhamn"], latitude="57.990000", longitude="11.550000")
    latitude, longitude, at_locality = measure.point
    assert (str(latitude), str(longitude), at_locality) == ("57.990000", "11.550000", False)


def test_geojson_shows_measures_at_their_point_or_locality(client, coordinator, make_measure, localities):
    skarhamn = localities["skarhamn"]
    at_point = make_measure(title="Punkt", latitude="57.990000", longitude="11.550000", radius_metres=200)
    at_locality = make_measure(title="Ort", locality=skarhamn)
    make_measure(title="Ingenstans")
    client.force_login(coordinator)
    features = json.loads(client.get(reverse("governance:measures_geojson")).content)["features"]
    by_id = {feature["properties"]["id"]: feature for feature in features}
    assert set(by_id) == {at_point.pk, at_locality.pk}
    assert by_id[at_point.pk]["geometry"]["coordinates"] == [11.55, 57.99]
    assert by_id[at_point.pk]["properties"]["at_locality"] is False
    assert by_id[at_locality.pk]["geometry"]["coordinates"] == [float(skarhamn.longitude), float(skarhamn.latitude)]
    assert by_id[at_locality.pk]["properties"]["at_locality"] is True
    assert by_id[at_locality.pk]["properties"]["radius_metres"] is None


def test_geojson_can_show_one_measure(client, coordinator, make_measure, localities):
    one = make_measure(locality=localities["skarhamn"])
    make_measure(locality=localities["myggenas"])
    client.force_login(coordinator)
    url = reverse("governance:measures_geojson")
    features = json.loads(client.get(url, {"atgard": one.pk}).content)["features"]
    assert [feature["properties"]["id"] for feature in features] == [one.pk]
    for bad in ("x'", "²", "9" * 30):
        assert json.loads(client.get(url, {"atgard": bad}).content)["features"] == []
    assert client.get(reverse("governance:measure_create"), {"beslut": "²", "rapport": "x" * 500}).status_code == 200


def test_form_has_the_shared_location_picker_and_the_locality_fallback(client, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("governance:measure_create")).content.decode()
    assert 'data-location-picker' in html and 'data-latitude-input="id_latitude"' in html
    assert 'id="place-without-map"' in html and 'id="id_locality"' in html
    assert "js/location_picker.js" in html


def test_measure_page_names_the_place_and_maps_it(client, coordinator, make_measure, localities):
    measure = make_measure(locality=localities["skarhamn"])
    client.force_login(coordinator)
    html = client.get(reverse("governance:measure_detail", args=[measure.pk])).content.decode()
    assert "Skärhamn (hela orten; ingen plats är markerad)" in html
    assert f'data-geojson-url="/styrning/atgarder/karta.geojson?atgard={measure.pk}"' in html
    nowhere = make_measure(title="Ingenstans")
    html = client.get(reverse("governance:measure_detail", args=[nowhere.pk])).content.decode()
    assert 'id="measure-map"' not in html


# --- Links to what it answers ---


def test_coordinator_links_reports_and_problems_by_reference(client, coordinator, make_report, problem):
    first, second = make_report(), make_report()
    client.force_login(coordinator)
    response = client.post(reverse("governance:measure_create"), new_measure_data(
        report_references=f"{first.reference}, {second.pk} {first.reference}", problems=[problem.pk],
    ))
    assert response.status_code == 302
    measure = Measure.objects.get()
    assert set(measure.reports.all()) == {first, second}
    assert list(measure.problems.all()) == [problem]
    created = ChangeRecord.for_object(measure).get(action="created")
    assert created.changes["reports"] == [None, f"{first.reference}, {second.reference}"]
    assert created.changes["problems"] == [None, "Buskörning i hamnen"]


@pytest.mark.parametrize("references, error", [
    ("TT-999999", "Det finns ingen rapport med referensen TT-999999."),
    ("hamnen", "Inte en rapportreferens: hamnen."),
])
def test_unknown_or_malformed_references_are_refused(client, coordinator, references, error):
    client.force_login(coordinator)
    response = client.post(reverse("governance:measure_create"), new_measure_data(report_references=references))
    assert response.status_code == 200
    assert error in response.context["form"].errors["report_references"][0]
    assert not Measure.objects.exists()


def test_editing_changes_the_links_and_records_them(client, coordinator, make_measure, make_report, problem):
    report = make_report()
    measure = make_measure()
    measure.reports.add(report)
    client.force_login(coordinator)
    form = client.get(reverse("governance:measure_edit", args=[measure.pk])).context["form"]
    assert form.initial["report_references"] == report.reference
    data = new_measure_data(title=measure.title, starts_on=measure.starts_on.isoformat(),
                            due_on=measure.due_on.isoformat(), report_references="", problems=[problem.pk])
    assert client.post(reverse("governance:measure_edit", args=[measure.pk]), data).status_code == 302
    assert not measure.reports.exists() and list(measure.problems.all()) == [problem]
    changed = ChangeRecord.for_object(measure).get(action="changed")
    assert changed.changes["reports"] == [report.reference, None]


def test_measure_page_lists_the_reports_and_problems_it_answers(client, coordinator, steering_group_member,
                                                                make_measure, make_report, problem):
    report = make_report()
    measure = make_measure()
    measure.reports.add(report)
    measure.problems.add(problem)
    client.force_login(coordinator)
    html = client.get(reverse("governance:measure_detail", args=[measure.pk])).content.decode()
    assert f'href="{reverse("incidents:moderate", args=[report.pk])}"' in html
    assert "Buskörning i hamnen" in html
    # The steering group may not open reports: the reference without a link, and never the description.
    client.force_login(steering_group_member)
    html = client.get(reverse("governance:measure_detail", args=[measure.pk])).content.decode()
    assert report.reference in html and reverse("incidents:moderate", args=[report.pk]) not in html
    assert report.description not in html


def test_report_staff_page_shows_the_measures_that_answer_it(client, coordinator, make_measure, make_report):
    report = make_report()
    measure = make_measure(title="Ny belysning vid skolan")
    measure.reports.add(report)
    client.force_login(coordinator)
    html = client.get(reverse("incidents:moderate", args=[report.pk])).content.decode()
    assert "Åtgärder som svarar på rapporten" in html
    assert f'href="{reverse("governance:measure_detail", args=[measure.pk])}"' in html
    other = make_report()
    html = client.get(reverse("incidents:moderate", args=[other.pk])).content.decode()
    assert "Ingen åtgärd svarar på rapporten ännu." in html
    assert f"?rapport={other.reference}" in html


def test_a_new_measure_from_a_report_starts_with_its_reference(client, coordinator, make_report):
    report = make_report()
    client.force_login(coordinator)
    form = client.get(reverse("governance:measure_create"), {"rapport": report.reference}).context["form"]
    assert form.initial["report_references"] == report.reference


# --- Writes in model methods ---


def test_progress_and_milestones_are_saved_with_their_history(make_measure, coordinator):
    from governance.models import MeasureProgress, Milestone

    measure = make_measure()
    measure.report_progress(MeasureProgress(date=timezone.localdate(), text="Påbörjad", percent=10), by=coordinator)
    milestone = Milestone(title="Upphandling", due_on=timezone.localdate())
    measure.add_milestone(milestone, by=coordinator)
    assert measure.mark_milestone_done(milestone, by=coordinator)
    assert not measure.mark_milestone_done(milestone, by=coordinator)
    actions = list(ChangeRecord.for_object(measure).values_list("action", flat=True))
    assert actions == ["progress_reported", "milestone_added", "milestone_done"]
    assert measure.progress_reports.get().author == coordinator
