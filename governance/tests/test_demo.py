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
