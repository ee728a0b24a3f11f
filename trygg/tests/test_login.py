import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from conftest import PASSWORD
from trygg.models import User

pytestmark = pytest.mark.django_db


def login(client, email, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address)


def test_staff_member_logs_in_with_email_and_lands_on_dashboard(client, coordinator):
    response = login(client, "Coordinator@Example.org", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_wrong_password_shows_clear_error(client, coordinator):
    response = login(client, coordinator.email, "wrong-password")
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_five_failures_lock_out_the_username_from_that_client(client, coordinator):
    for _attempt in range(5):
        login(client, coordinator.email, "wrong-password")
    response = login(client, coordinator.email, PASSWORD)
    assert response.status_code == 429
    assert "15" in response.content.decode()


def test_lockout_does_not_block_the_same_user_from_another_client(client, coordinator):
    for _attempt in range(5):
        login(client, coordinator.email, "wrong-password", address="10.0.0.66")
    response = login(client, coordinator.email, PASSWORD, address="10.0.0.2")
    assert response.status_code == 302


def test_login_posts_are_rate_limited_per_client(client, settings, coordinator):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": [(3, 60)]}
    for number in range(3):
        assert login(client, f"nobody{number}@example.org", "x").status_code == 200
    response = login(client, "nobody9@example.org", "x")
    assert response.status_code == 429


def test_disabled_account_loses_its_session(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("dashboard")).status_code == 200
    coordinator.is_active = False
    coordinator.save()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_logout_needs_post_and_ends_session(client, resident):
    client.force_login(resident)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("dashboard")).status_code == 302


@pytest.fixture
def register(client, django_capture_on_commit_callbacks):
    def send(email, password="a-long-secret-phrase"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("register"), {"email": email, "password1": password, "password2": password})

    return send


def link_in(mail):
    [link] = re.findall(r"https?://\S+/konto/aktivera/\S+/", mail.body)
    return urlsplit(link).path


def test_resident_registers_and_the_account_opens_with_the_link_in_the_mail(client, register, mailoutbox):
    response = register("New@Example.org")
    assert response.status_code == 302
    assert login(client, "new@example.org", "a-long-secret-phrase").status_code == 200  # not yet
    [mail] = mailoutbox
    assert mail.to == ["new@example.org"]
    response = client.get(link_in(mail))
    assert response["Location"] == reverse("login")
    assert User.objects.get(email="new@example.org").is_active
    assert login(client, "new@example.org", "a-long-secret-phrase").status_code == 302


def test_registration_answers_the_same_for_an_existing_address_and_mails_its_owner(
    client, register, resident, mailoutbox
):
    new = register("someone.new@example.org")
    new_page = client.get(new["Location"]).content.decode()
    mailoutbox.clear()
    existing = register(resident.email.upper(), password="an-attackers-password")
    existing_page = client.get(existing["Location"]).content.decode()
    assert (existing.status_code, existing["Location"]) == (new.status_code, new["Location"])
    strip = lambda page: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)  # noqa: E731
    assert strip(existing_page) == strip(new_page)
    [mail] = mailoutbox
    assert mail.to == [resident.email]
    assert reverse("password_reset") in mail.body and "/konto/aktivera/" not in mail.body
    resident.refresh_from_db()
    assert resident.check_password(PASSWORD) and User.objects.filter(email__iexact=resident.email).count() == 1


def test_a_wrong_activation_link_opens_nothing(client, register, mailoutbox):
    register("new@example.org")
    path = link_in(mailoutbox[0])
    response = client.get(path.rstrip("/")[:-3] + "xyz/")
    assert response.status_code == 200
    assert not User.objects.get(email="new@example.org").is_active


def test_password_reset_sends_mail_with_link(client, resident, mailoutbox):
    client.post(reverse("password_reset"), {"email": resident.email})
    assert len(mailoutbox) == 1
    assert "/konto/aterstall/" in mailoutbox[0].body


def test_admin_login_goes_through_the_portal_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=%2Fadmin%2F"
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def login_via_proxy(client, email, password, forwarded_for):
    """A login through one reverse proxy: REMOTE_ADDR is the proxy, the client is in X-Forwarded-For."""
    return client.post(
        reverse("login"),
        {"username": email, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def trusted(*cidrs):
    from ipaddress import ip_network

    return [ip_network(cidr) for cidr in cidrs]


def test_behind_the_proxy_an_attacker_cannot_lock_staff_out(client, settings, coordinator):
    settings.TRUSTED_PROXIES = trusted("127.0.0.1/32")
    for _attempt in range(6):
        # The attacker even forges the header; the proxy appends the real address.
        login_via_proxy(client, coordinator.email, "wrong-password", forwarded_for="10.0.0.2, 198.51.100.66")
    assert login_via_proxy(client, coordinator.email, PASSWORD, "198.51.100.66").status_code == 429
    response = login_via_proxy(client, coordinator.email, PASSWORD, forwarded_for="10.0.0.2")
    assert response.status_code == 302


def test_behind_the_proxy_rate_limits_count_per_client(client, settings, coordinator):
    settings.TRUSTED_PROXIES = trusted("127.0.0.1/32")
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": [(3, 60)]}
    for number in range(4):
        login_via_proxy(client, f"nobody{number}@example.org", "x", forwarded_for="198.51.100.66")
    assert login_via_proxy(client, "nobody9@example.org", "x", "198.51.100.66").status_code == 429
    assert login_via_proxy(client, coordinator.email, PASSWORD, forwarded_for="10.0.0.2").status_code == 302


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, coordinator):
    for _attempt in range(5):
        client.post(
            reverse("login"), {"username": coordinator.email, "password": "wrong"},
            REMOTE_ADDR="10.0.0.66", HTTP_X_FORWARDED_FOR=f"10.0.1.{_attempt}",
        )
    assert login(client, coordinator.email, PASSWORD, address="10.0.0.66").status_code == 429


# --- Which address is the client's (trygg.ratelimit.client_address) ---


def address_of(settings, remote, forwarded=None, proxies=("10.0.0.0/8",)):
    from django.test import RequestFactory

    from trygg.ratelimit import client_address

    settings.TRUSTED_PROXIES = trusted(*proxies)
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


def test_a_client_reaching_gunicorn_directly_cannot_choose_its_address_with_the_header(settings):
    assert address_of(settings, "203.0.113.9", "198.51.100.1") == "203.0.113.9"


def test_behind_trusted_proxies_the_client_is_the_right_most_untrusted_hop(settings):
    # The client forged 192.0.2.1; nginx (10.0.0.5) appended the real address, the balancer (10.0.0.1) nginx's.
    assert address_of(settings, "10.0.0.1", "192.0.2.1, 198.51.100.66, 10.0.0.5") == "198.51.100.66"


def test_only_trusted_hops_means_the_left_most_is_the_client(settings):
    assert address_of(settings, "10.0.0.1", "10.0.0.7") == "10.0.0.7"
    assert address_of(settings, "10.0.0.1") == "10.0.0.1"


def test_garbage_in_the_header_is_not_an_address(settings):
    assert address_of(settings, "10.0.0.1", "not-an-address") == "10.0.0.1"


def test_ipv6_clients_are_counted_per_64_network(settings):
    one = address_of(settings, "2001:db8:1:2:aaaa::1")
    other = address_of(settings, "2001:db8:1:2:bbbb::9")
    assert one == other == "2001:db8:1:2::"
    assert address_of(settings, "2001:db8:1:3::1") != one
    assert address_of(settings, "10.0.0.1", "2001:db8:1:2:cccc::5") == one
    assert address_of(settings, "::ffff:198.51.100.7") == "198.51.100.7"

