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
    call_command("seed_demo", force=True, size=50)
    assert Measure.objects.count() == len(set(Measure.objects.values_list("title", flat=True)))
