import pytest
from django.core.management import CommandError, call_command

from incidents.models import Locality
from trygg import roles
from trygg.models import User
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


def test_seed_demo_creates_localities_and_a_user_for_each_role(capsys):
    call_command("seed_demo", force=True)
    assert Locality.objects.filter(name="Skärhamn", municipality="Tjörns kommun").exists()
    assert Locality.objects.count() >= 15
    for role in roles.ROLES:
        assert User.objects.filter(groups__name=role).exists()
    assert User.objects.filter(is_superuser=True).exists()
    output = capsys.readouterr().out
    assert "samordnare@trygg.example" in output
    assert "Demo data ready." in output


def test_seed_demo_is_idempotent():
    call_command("seed_demo", force=True)
    counts = (Locality.objects.count(), User.objects.count())
    call_command("seed_demo", force=True)
    assert (Locality.objects.count(), User.objects.count()) == counts


def test_seed_demo_if_empty_leaves_existing_data_alone(resident):
    call_command("seed_demo", force=True, if_empty=True)
    assert not Locality.objects.exists()


def test_seed_demo_refuses_production_without_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_demo_localities_lie_inside_the_map_bounds(settings):
    call_command("seed_demo", force=True)
    south, west, north, east = settings.MAP_BOUNDS
    for locality in Locality.objects.all():
        assert south <= locality.latitude <= north and west <= locality.longitude <= east, locality.name


def test_seed_demo_size_tops_up_reports_spread_over_localities_and_two_years():
    from django.db.models import Max, Min
    from django.utils import timezone

    from incidents.models import Report

    call_command("seed_demo", force=True, size=300)
    # 300 demo reports, plus the few that safety-walk concerns turned into.
    reports = Report.objects.count()
    assert 300 <= reports < 320
    assert Report.objects.values("locality").distinct().count() >= 8
    span = Report.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
    assert (timezone.now() - span["first"]).days > 300
    assert not Report.objects.filter(public_latitude__isnull=True).exists()
    call_command("seed_demo", force=True, size=300)
    assert Report.objects.count() == reports
