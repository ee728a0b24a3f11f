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


# --- Owners, due dates and what is missing ---


def test_every_item_has_an_owner_and_a_due_date_from_the_steps():
    from governance.models import CycleStep

    assert CycleStep.objects.count() == 12  # the data migration's defaults
    with translation.override("en"):
        by_text = {str(item.text): item for step in year_cycle() for item in step.items}
    plan = by_text["The action plan is adopted by the steering group"]
    assert plan.owner == "Styrgrupp" and plan.due_on.isoformat() == "2026-02-28"
    assert plan.overdue  # 19 May: past 28 February and not done
    evaluated = by_text["Every finished measure has an evaluation"]
    assert evaluated.due_on.isoformat() == "2026-12-15" and not evaluated.overdue


def test_steps_are_the_partnerships_own(coordinator):
    from governance.models import CycleCheck, CycleStep

    step = CycleStep.objects.get(done_when=CycleCheck.ACTION_PLAN)
    step.owner_role, step.owner_person, step.due_month, step.due_day = None, coordinator, 6, 31
    step.save()
    CycleStep.objects.filter(done_when=CycleCheck.STAFF_DIALOGUE).delete()
    with translation.override("en"):
        by_text = {str(item.text): item for step in year_cycle() for item in step.items}
    assert "Staff dialogue held this year" not in by_text
    plan = by_text["The action plan is adopted by the steering group"]
    assert plan.due_on.isoformat() == "2026-06-30" and not plan.overdue  # June has 30 days
    assert plan.owner == (coordinator.get_full_name() or coordinator.email)


def test_without_steps_the_defaults_are_used():
    from governance.models import CycleStep

    CycleStep.objects.all().delete()
    assert sum(len(step.items) for step in year_cycle()) == 12


def test_page_lists_what_is_missing_with_links_for_those_who_may_do_it(client, coordinator, steering_group_member):
    client.force_login(coordinator)
    html = client.get(reverse("governance:cycle")).content.decode()
    assert "Det här saknas" in html and "Försenad" in html
    assert f'href="{reverse("governance:promise_create")}"' in html
    assert f'href="{reverse("governance:situation_report_create")}"' in html
    client.force_login(steering_group_member)
    html = client.get(reverse("governance:cycle")).content.decode()
    assert f'href="{reverse("governance:promise_create")}"' not in html  # not theirs to give
    assert f'href="{reverse("governance:situation_report_create")}"' in html


def test_a_done_item_is_neither_missing_nor_linked(client, coordinator):
    year = timezone.localdate().year
    CitizenPromise.objects.create(year=year, title="Ljus", text="Ljusare skolvägar", starts_on=f"{year}-01-01",
                                  ends_on=f"{year}-12-31")
    client.force_login(coordinator)
    response = client.get(reverse("governance:cycle"))
    with translation.override("en"):
        missing = {str(item.text) for item in response.context["missing"]}
    assert "Citizen promises made for the year" not in missing
    assert "The action plan is adopted by the steering group" in missing
    assert f'href="{reverse("governance:promise_create")}"' not in response.content.decode()


def test_coordinator_dashboard_counts_the_overdue_items(client, coordinator, working_group_member):
    from trygg.dashboard import todos_for

    counts = {str(todo.url_name): count for todo, count in todos_for(coordinator)}
    assert counts["governance:cycle"] >= 1  # on 19 May, at least the action plan (28 February) is overdue
    assert "governance:cycle" not in {todo.url_name for todo, _count in todos_for(working_group_member)}
