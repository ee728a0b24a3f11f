import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def current_token(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_coordinator_must_set_up_two_factor_when_required(client, coordinator, settings):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(coordinator)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))


@pytest.mark.parametrize("fixture", ["police", "admin_user"])
def test_police_and_admins_must_also_use_two_factor(request, client, settings, fixture):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("dashboard"))["Location"].startswith(reverse("two_factor_setup"))


@pytest.mark.parametrize("fixture", ["resident", "steering_group_member", "staff_member"])
def test_other_roles_are_not_forced_to_use_two_factor(request, client, settings, fixture):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("dashboard")).status_code == 200


def test_two_factor_is_not_enforced_in_local_demo(client, coordinator, settings):
    settings.TWO_FACTOR_REQUIRED = False
    client.force_login(coordinator)
    assert client.get(reverse("dashboard")).status_code == 200


def test_setup_with_right_code_turns_two_factor_on(client, coordinator, settings):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(coordinator)
    page = client.get(reverse("two_factor_setup"))
    assert "data:image/svg+xml;base64," in page.content.decode()
    device = TOTPDevice.objects.get(user=coordinator)
    response = client.post(reverse("two_factor_setup"), {"token": current_token(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("dashboard")).status_code == 200


def test_setup_with_wrong_code_shows_error_and_stays_off(client, coordinator):
    client.force_login(coordinator)
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"token": "000000"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not TOTPDevice.objects.get(user=coordinator).confirmed


def test_user_with_device_gives_code_after_password(client, resident):
    device = TOTPDevice.objects.create(user=resident, name="app", confirmed=True)
    client.force_login(resident)
    response = client.get(reverse("dashboard"))
    assert response["Location"].startswith(reverse("two_factor_verify"))
    response = client.post(reverse("two_factor_verify"), {"token": current_token(device), "next": "/min-sida/"})
    assert response["Location"] == "/min-sida/"
    assert client.get(reverse("dashboard")).status_code == 200


def test_verify_refuses_redirect_to_other_site(client, resident):
    device = TOTPDevice.objects.create(user=resident, name="app", confirmed=True)
    client.force_login(resident)
    response = client.post(
        reverse("two_factor_verify"), {"token": current_token(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("dashboard")


def admin_without_role(**extra):
    from conftest import make_user

    return make_user("dpo@example.org", is_staff=True, **extra)


def test_admin_account_without_a_portal_role_must_use_two_factor(client, settings):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(admin_without_role())
    for url in (reverse("dashboard"), reverse("admin:index")):
        assert client.get(url)["Location"].startswith(reverse("two_factor_setup"))


def test_account_with_direct_permissions_and_no_role_must_use_two_factor(client, settings):
    from django.contrib.auth.models import Permission

    from conftest import make_user

    user = make_user("direct@example.org")
    user.user_permissions.add(Permission.objects.get(codename="view_reporter_contact"))
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(user)
    assert client.get(reverse("dashboard"))["Location"].startswith(reverse("two_factor_setup"))
