import re
import time

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


def send_code(client, mailoutbox, capture):
    """Ask for the enrolment code; return the code from the mail."""
    mailoutbox.clear()
    with capture(execute=True):
        client.post(reverse("two_factor_setup"), {"send_code": "1"})
    [mail] = mailoutbox
    return re.search(r"^(\d{8})$", mail.body, re.MULTILINE).group(1)


@pytest.fixture
def enrol(client, mailoutbox, django_capture_on_commit_callbacks):
    """The steps before the QR code: the code by mail, typed back."""

    def steps():
        code = send_code(client, mailoutbox, django_capture_on_commit_callbacks)
        assert client.post(reverse("two_factor_setup"), {"code": code}).status_code == 302

    return steps


def test_setup_with_right_code_turns_two_factor_on(client, coordinator, settings, enrol):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(coordinator)
    enrol()
    page = client.get(reverse("two_factor_setup"))
    assert "data:image/svg+xml;base64," in page.content.decode()
    device = TOTPDevice.objects.get(user=coordinator)
    response = client.post(reverse("two_factor_setup"), {"token": current_token(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("dashboard")).status_code == 200


def test_setup_with_wrong_code_shows_error_and_stays_off(client, coordinator, enrol):
    client.force_login(coordinator)
    enrol()
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


# --- Not trust on first use: pairing starts with a code by mail ---


def test_someone_with_only_the_password_never_sees_the_secret(client, coordinator, settings):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(coordinator)
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "data:image/svg+xml" not in page and "totp-secret" not in page
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    # Guessing at the app code or the mail code without a mail pairs nothing.
    client.post(reverse("two_factor_setup"), {"token": "123456"})
    client.post(reverse("two_factor_setup"), {"code": "12345678"})
    assert "totp-secret" not in client.get(reverse("two_factor_setup")).content.decode()
    assert not TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()


def test_the_code_goes_to_the_accounts_own_address(client, coordinator, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    send_code(client, mailoutbox, django_capture_on_commit_callbacks)
    assert mailoutbox[0].to == [coordinator.email]


def test_a_wrong_mail_code_shows_the_secret_to_nobody(
    client, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    code = send_code(client, mailoutbox, django_capture_on_commit_callbacks)
    wrong = f"{(int(code) + 1) % 10**8:08d}"
    response = client.post(reverse("two_factor_setup"), {"code": wrong})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert "totp-secret" not in response.content.decode()


def test_five_wrong_mail_codes_void_the_code(client, coordinator, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    code = send_code(client, mailoutbox, django_capture_on_commit_callbacks)
    wrong = f"{(int(code) + 1) % 10**8:08d}"
    for _attempt in range(5):
        client.post(reverse("two_factor_setup"), {"code": wrong})
    client.post(reverse("two_factor_setup"), {"code": code})
    assert "totp-secret" not in client.get(reverse("two_factor_setup")).content.decode()


def test_the_mailed_code_expires(client, coordinator, mailoutbox, django_capture_on_commit_callbacks):
    from trygg.two_factor import SESSION_KEY

    client.force_login(coordinator)
    code = send_code(client, mailoutbox, django_capture_on_commit_callbacks)
    session = client.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "expires": time.time() - 1}
    session.save()
    client.post(reverse("two_factor_setup"), {"code": code})
    assert "totp-secret" not in client.get(reverse("two_factor_setup")).content.decode()


def test_a_pending_secret_expires(client, coordinator, settings, enrol):
    from datetime import timedelta

    client.force_login(coordinator)
    enrol()
    client.get(reverse("two_factor_setup"))
    old = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    TOTPDevice.objects.filter(pk=old.pk).update(
        created_at=old.created_at - timedelta(seconds=settings.TWO_FACTOR_ENROLMENT_SECONDS + 60)
    )
    client.post(reverse("two_factor_setup"), {"token": current_token(old)})
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert not TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()
