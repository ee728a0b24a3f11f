"""The admin and staff audit trail: role changes and admin deletions are recorded and can be read."""

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.models import Group

from conftest import make_user
from trygg import roles
from trygg.models import AuditEntry, User

pytestmark = pytest.mark.django_db


def change_user(client, user, groups, **fields):
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "groups": [Group.objects.get(name=name).pk for name in groups],
        **{name: "on" for name in ("is_active", "is_staff", "is_superuser") if fields.get(name, getattr(user, name))},
    }
    return client.post(f"/admin/trygg/user/{user.pk}/change/", data)


def test_changing_roles_in_the_admin_records_who_gave_and_took_which_role(client, admin_user):
    person = make_user("person@example.org", roles.POLICE)
    client.force_login(admin_user)
    response = change_user(client, person, [roles.COORDINATOR], is_staff=True)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(pk=person.pk).role_names == [roles.COORDINATOR]
    [entry] = AuditEntry.objects.all()
    assert (entry.action, entry.actor, entry.object_id) == (AuditEntry.Action.ROLES_CHANGED, admin_user, str(person.pk))
    assert entry.detail == f"+{roles.COORDINATOR}, -{roles.POLICE}, is_staff: False → True"


def test_saving_a_user_without_changing_access_adds_no_role_entry(client, admin_user):
    person = make_user("person@example.org", roles.POLICE, first_name="Per")
    client.force_login(admin_user)
    assert change_user(client, person, [roles.POLICE]).status_code == 302
    assert not AuditEntry.objects.exists()
    assert LogEntry.objects.get().object_repr == "Per"  # the admin's own log still has the change


def test_deleting_in_the_admin_is_logged_and_shown_in_the_admin_actions(client, admin_user):
    people = [make_user(f"person{number}@example.org") for number in range(3)]
    client.force_login(admin_user)
    response = client.post(f"/admin/trygg/user/{people[0].pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    response = client.post(
        "/admin/trygg/user/",
        {"action": "delete_selected", "_selected_action": [p.pk for p in people[1:]], "post": "yes"},
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk__in=[p.pk for p in people]).exists()
    deletions = LogEntry.objects.filter(action_flag=DELETION, user=admin_user)
    assert sorted(deletions.values_list("object_id", flat=True)) == sorted(str(p.pk) for p in people)
    page = client.get("/admin/admin/logentry/").content.decode()
    assert page.count("person") >= 3


def test_admin_reads_the_audit_trail_and_cannot_change_it(client, admin_user, coordinator):
    entry = AuditEntry.record(coordinator, AuditEntry.Action.EXPORTED, model=User, detail="CSV status=new")
    client.force_login(admin_user)
    page = client.get("/admin/trygg/auditentry/").content.decode()
    assert coordinator.email in page and "CSV status=new" in page
    assert client.post(f"/admin/trygg/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/trygg/auditentry/add/").status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_audited_cannot_read_the_trail(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/admin/trygg/auditentry/").status_code == 403
    assert client.get("/admin/admin/logentry/").status_code == 403


def test_the_trail_keeps_who_it_was_after_the_account_is_closed(coordinator):
    AuditEntry.record(coordinator, AuditEntry.Action.EXPORTED, model=User)
    coordinator.delete()
    entry = AuditEntry.objects.get()
    assert entry.actor is None and entry.actor_email == "coordinator@example.org"
