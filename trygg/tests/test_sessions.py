import time

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_session_expires_after_idle_timeout(client, coordinator, settings):
    client.force_login(coordinator)
    client.get(reverse("dashboard"))
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_IDLE_SECONDS == 1800


def test_staff_session_ends_after_maximum_age(client, coordinator, settings):
    client.force_login(coordinator)
    session = client.session
    session["logged_in_at"] = int(time.time()) - settings.STAFF_SESSION_MAX_SECONDS - 1
    session.save()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302


def test_resident_session_is_not_cut_short(client, resident, settings):
    client.force_login(resident)
    client.get(reverse("dashboard"))
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_admin_account_without_a_portal_role_gets_the_staff_idle_timeout(client, settings):
    from conftest import make_user

    client.force_login(make_user("dpo@example.org", is_staff=True))
    client.get(reverse("dashboard"))
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_IDLE_SECONDS


def test_admin_account_without_a_portal_role_session_ends_after_maximum_age(client, settings):
    from conftest import make_user

    client.force_login(make_user("dpo@example.org", is_staff=True))
    session = client.session
    session["logged_in_at"] = int(time.time()) - settings.STAFF_SESSION_MAX_SECONDS - 1
    session.save()
    assert client.get(reverse("admin:index")).status_code == 302
    assert not client.get(reverse("dashboard")).wsgi_request.user.is_authenticated
