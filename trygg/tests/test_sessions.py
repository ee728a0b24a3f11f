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
