import pytest
from django.core.management import call_command

from governance.models import Agreement, CitizenPromise, Decision, Group, Measure, MeasureStatus, Meeting

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_the_agreement_groups_meetings_measures_and_promises():
    call_command("seed_demo", force=True, size=50)
    assert Agreement.objects.count() == 1
    assert set(Group.objects.values_list("name", flat=True)) == {"Styrgrupp", "Arbetsgrupp"}
    assert Group.objects.get(name="Styrgrupp").memberships.exists()
    assert Meeting.objects.filter(minutes_versions__isnull=False).count() >= 10
    assert Decision.objects.exists()
    assert Measure.objects.count() >= 20
    assert set(Measure.objects.values_list("status", flat=True)) == set(MeasureStatus.values)
    assert Measure.objects.overdue().exists()
    assert CitizenPromise.objects.count() == 3
    finished = Measure.objects.filter(status__in=[MeasureStatus.DONE, MeasureStatus.EVALUATED])
    assert finished.exists() and all(measure.progress_percent == 100 for measure in finished)
    assert set(Measure.objects.values_list("progress_mode", flat=True)) == {"percent", "milestones"}
    call_command("seed_demo", force=True, size=50)
    assert Measure.objects.count() == len(set(Measure.objects.values_list("title", flat=True)))


def test_demo_measures_have_a_meaningful_effect_follow_up():
    from governance import effect

    call_command("seed_demo", force=True, size=1000)
    evaluated = Measure.objects.get(title="Ny belysning på gångvägen vid skolan")
    patrol = Measure.objects.get(title="Helgpatrullering i hamnen")
    lighting = effect.follow_up(evaluated)
    # 16 → 6 moved into the area (plus any demo report that already lay there), 5 → 5 in the ring.
    assert lighting.places["area"].before >= 16 and lighting.places["area"].after >= 6
    assert not lighting.pending and lighting.reading != effect.TOO_FEW
    assert lighting.did is not None and lighting.did < 0
    assert lighting.safer == {"yes": 4, "no": 1, "dont_know": 1}
    assert {"near", "far", "ring"} <= set(lighting.places)
    harbour = effect.follow_up(patrol)
    assert harbour.places["ring"].after > harbour.places["ring"].before


# What each demo promise is about, written independently of the demo module: a measure serves a promise when its
# category is one of the promise's and (for a promise about one place) it lies in that place.
PROMISE_SUBJECTS = {
    "Tryggare kvällar i Skärhamns hamn": ({"berusade", "narkotika"}, "Skärhamn"),
    "Mindre buskörning på gång- och cykelvägar": ({"buskorning"}, None),
    "Ljusare skolvägar": ({"belysning"}, None),
}


def test_each_demo_promise_has_only_measures_that_serve_its_subject():
    call_command("seed_demo", force=True, size=50)
    promises = CitizenPromise.objects.prefetch_related("measures__category", "measures__locality")
    assert {promise.title for promise in promises} == set(PROMISE_SUBJECTS)
    for promise in promises:
        codes, place = PROMISE_SUBJECTS[promise.title]
        measures = list(promise.measures.all())
        assert measures, promise.title
        for measure in measures:
            assert measure.category.code in codes, (promise.title, measure.title)
            assert place is None or measure.locality.name == place, (promise.title, measure.title)
    lighting = CitizenPromise.objects.get(title="Ljusare skolvägar")
    assert "Ny belysning på gångvägen vid skolan" in set(lighting.measures.values_list("title", flat=True))
    harbour = CitizenPromise.objects.get(title="Tryggare kvällar i Skärhamns hamn")
    assert "Helgpatrullering i hamnen" in set(harbour.measures.values_list("title", flat=True))


def test_demo_measures_have_a_place_and_say_what_they_answer():
    call_command("seed_demo", force=True, size=200)
    measures = Measure.objects.select_related("locality")
    assert measures.filter(latitude__isnull=False).exists()
    at_locality = measures.filter(latitude__isnull=True, locality__isnull=False)
    assert at_locality.exists() and all(measure.point[2] for measure in at_locality)
    assert measures.filter(reports__isnull=False).exists()
    assert all(
        report.category_id == measure.category_id and report.locality_id == measure.locality_id
        for measure in measures for report in measure.reports.all()
    )
    lighting = measures.filter(category__code="belysning")
    assert all(measure.problems.filter(title="Mörka skolvägar och busshållplatser").exists() for measure in lighting)


def test_demo_has_adjusted_public_minutes_and_minutes_awaiting_the_steering_chair():
    from trygg.models import User

    call_command("seed_demo", force=True, size=50)
    chair = User.objects.get(email="styrgrupp@trygg.example")
    assert Meeting.objects.to_adjust_by(chair).count() == 1
    public = Meeting.objects.with_public_minutes()
    adjusted = [m for m in public if m.adjusted_minutes.adjusted_by()]
    assert len(adjusted) == 1 and {str(u) for u in adjusted[0].adjusted_minutes.adjusted_by()} == {
        str(chair), str(User.objects.get(email="polis@trygg.example"))}
