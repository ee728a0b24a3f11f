import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from trygg import roles

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group_with_its_permissions():
    for role, permissions in roles.ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held == set(permissions)


def test_roles_are_restored_after_groups_are_lost():
    Group.objects.all().delete()
    roles.sync_role_permissions()
    assert set(Group.objects.values_list("name", flat=True)) == set(roles.ROLES)


def test_coordinator_may_manage_localities_but_steering_group_may_not(coordinator, steering_group_member):
    assert coordinator.has_perm("incidents.change_locality")
    assert not steering_group_member.has_perm("incidents.change_locality")


@pytest.mark.parametrize(
    "fixture, role",
    [
        ("coordinator", "Samordnare"),
        ("working_group_member", "Arbetsgrupp"),
        ("steering_group_member", "Styrgrupp"),
        ("police", "Polis"),
        ("staff_member", "Personal"),
    ],
)
def test_dashboard_names_the_role_and_what_it_can_do(request, client, fixture, role):
    client.force_login(request.getfixturevalue(fixture))
    page = client.get(reverse("dashboard")).content.decode()
    assert f"<dt>{role}</dt>" in page
    assert reverse("password_change") in page


def test_coordinator_dashboard_links_to_localities(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("admin:incidents_locality_changelist") in page


def test_resident_dashboard_has_no_staff_tasks(client, resident):
    client.force_login(resident)
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("admin:incidents_locality_changelist") not in page
    assert reverse("admin:index") not in page


def test_resident_cannot_open_admin(client, resident):
    client.force_login(resident)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_working_group_start_page_promises_only_what_it_may_do(client, working_group_member):
    from trygg.dashboard import tasks_for

    with translation.override("en"):
        descriptions = {str(task.description) for task in tasks_for(working_group_member)}
    assert "Build, publish and follow up safety surveys." not in descriptions
    assert "Read and answer residents' feedback, questions and proposals." not in descriptions
    assert "Read the safety surveys and their results." in descriptions
    assert "Create measures and report progress on your own; follow all of them, overdue and soon-due first." in (
        descriptions
    )
    client.force_login(working_group_member)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Läs trygghetsenkäterna och deras resultat." in page
    assert "Bygg, publicera och följ upp trygghetsenkäter." not in page


def test_coordinator_start_page_keeps_the_full_descriptions(coordinator):
    from trygg.dashboard import tasks_for

    with translation.override("en"):
        descriptions = {str(task.description) for task in tasks_for(coordinator)}
    assert "Build, publish and follow up safety surveys." in descriptions
