"""The portal's permission backend reads a user's own and their groups' permissions in one query
and answers exactly as Django's ModelBackend does."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_user
from trygg.auth_backends import PortalBackend

pytestmark = pytest.mark.django_db


def fresh(user):
    return type(user).objects.get(pk=user.pk)  # no permission caches


def answers(backend, user):
    user = fresh(user)
    return (backend.get_all_permissions(user), backend.get_user_permissions(user),
            backend.get_group_permissions(user))


@pytest.mark.parametrize("role", ["Samordnare", "Styrgrupp", "Polis", None])
def test_permissions_are_the_same_as_django_gives_for_own_group_and_both(role):
    user = make_user(f"{role or 'ingen'}@example.org", role)
    user.user_permissions.add(Permission.objects.get(codename="change_locality"),
                              Permission.objects.get(codename="view_meeting"))
    assert answers(PortalBackend(), user) == answers(ModelBackend(), user)
    assert "incidents.change_locality" in PortalBackend().get_user_permissions(fresh(user))


def test_a_superuser_has_every_permission_and_an_inactive_user_none():
    boss = make_user("admin@example.org", is_superuser=True)
    assert answers(PortalBackend(), boss) == answers(ModelBackend(), boss)
    assert len(PortalBackend().get_all_permissions(fresh(boss))) == Permission.objects.count()
    gone = make_user("borta@example.org", "Samordnare", is_active=False)
    assert PortalBackend().get_all_permissions(fresh(gone)) == set()


def test_a_staff_users_permissions_are_read_in_one_query(coordinator):
    user = fresh(coordinator)
    with CaptureQueriesContext(connection) as queries:
        assert user.has_perm("incidents.change_locality")
        assert not user.has_perm("trygg.no_such_permission")
        user.get_user_permissions(), user.get_group_permissions()
    assert len(queries) == 1


def test_a_permission_of_ones_own_makes_staff_who_need_two_factor_and_costs_no_second_query():
    resident = make_user("invanare@example.org")
    officer = make_user("dataskydd@example.org")
    officer.user_permissions.add(Permission.objects.get(codename="view_meeting"))
    assert not fresh(resident).is_portal_staff
    officer = fresh(officer)
    with CaptureQueriesContext(connection) as queries:
        assert officer.is_portal_staff and officer.requires_two_factor
        assert officer.has_perm("governance.view_meeting")
    assert len(queries) == 2  # the groups (roles), the permissions
