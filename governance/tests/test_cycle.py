import pytest
from django.urls import reverse
from django.utils import timezone, translation

from governance.cycle import year_cycle
from governance.models import ActionPlan, CitizenPromise
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


def items(steps):
    with translation.override("en"):
        return {str(item.text): item.done for step in steps for item in step.items}


def test_nothing_is_ticked_without_data():
    steps = year_cycle()
    assert not any(items(steps).values())
    assert not any(step.done for step in steps)


def test_items_tick_themselves_from_the_data():
    year = timezone.localdate().year
    plan = ActionPlan.objects.create(year=year)
    assert not items(year_cycle())["The action plan is adopted by the steering group"]
    CitizenPromise.objects.create(year=year, title="Ljus", text="Ljusare skolvägar", starts_on=f"{year}-01-01",
                                  ends_on=f"{year}-12-31", progress_text="Tre platser klara.")
    ticked = items(year_cycle())
    assert ticked["Citizen promises made for the year"]
    assert ticked["The citizen promises are followed up in public"]
    assert plan.pk


def test_demo_data_completes_part_of_the_cycle():
    from django.core.management import call_command

    call_command("seed_demo", force=True, size=50)
    ticked = items(year_cycle())
    assert ticked["The action plan is adopted by the steering group"]
    assert ticked["Measures decided for the year"]


@pytest.mark.parametrize(
    "fixture, status",
    [(None, 302), ("resident", 403), ("staff_member", 403), ("coordinator", 200), ("working_group_member", 200),
     ("steering_group_member", 200), ("police", 200), ("admin_user", 200)],
)
def test_cycle_page_is_for_the_partnership_only(request, client, fixture, status):
    if fixture:
        client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("governance:cycle")).status_code == status
