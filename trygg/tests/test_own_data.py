"""Registered residents see, download and delete what the portal holds about them — only theirs."""

import json

import pytest
from django.urls import reverse

from conftest import PASSWORD, ROLE_FIXTURES, make_user
from incidents.models import Report, ReportEvent, Status
from incidents.tests.conftest import categories, localities, make_report  # noqa: F401
from trygg.models import User

pytestmark = pytest.mark.django_db

STAFF_FIXTURES = [name for name in ROLE_FIXTURES if name != "resident"]
OTHER_MARKER = "OTHER-PERSON-MARKER"


@pytest.fixture
def reports(resident, make_report):
    """The resident's two reports and one by someone else, marked."""
    other = make_user("other@example.org", first_name=OTHER_MARKER)
    return {
        "new": make_report(reporter=resident, description="Trasig lampa vid bussen.", contact_name="Rut Resident",
                           contact_email="rut@example.org", contact_phone="070-111", consent_given=True),
        "published": make_report(reporter=resident, status=Status.PUBLISHED, description="Mörk väg.",
                                 contact_email="rut@example.org", published_at="2025-01-01T10:00:00Z"),
        "other": make_report(reporter=other, description=OTHER_MARKER, contact_name=OTHER_MARKER,
                             contact_email="other-marker@example.org"),
    }


# --- The page ---------------------------------------------------------------------


def test_anonymous_is_sent_to_login_from_every_own_data_url(client):
    for name in ("account_data", "account_data_download", "account_delete"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_data_page_shows_the_account_and_its_reports_with_contact_details(client, resident, reports):
    client.force_login(resident)
    response = client.get(reverse("account_data"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "resident@example.org" in content
    for key in ("new", "published"):
        assert reports[key].reference in content
    assert "Rut Resident" in content and "070-111" in content
    assert reverse("account_data_download") in content
    assert reverse("account_delete") in content


def test_data_page_never_shows_other_peoples_data(client, resident, reports):
    client.force_login(resident)
    content = client.get(reverse("account_data")).content.decode()
    assert OTHER_MARKER not in content
    assert "other-marker@example.org" not in content
    assert reports["other"].reference not in content


def test_my_data_is_a_task_on_everyones_dashboard(client, resident):
    client.force_login(resident)
    assert reverse("account_data") in client.get(reverse("dashboard")).content.decode()


# --- The download ------------------------------------------------------------------


def test_download_is_an_attachment_with_the_account_and_exactly_its_reports(client, resident, reports):
    client.force_login(resident)
    response = client.get(reverse("account_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "resident@example.org"
    assert sorted(r["reference"] for r in data["reports"]) == sorted(
        [reports["new"].reference, reports["published"].reference]
    )
    new = next(r for r in data["reports"] if r["reference"] == reports["new"].reference)
    assert new["description"] == "Trasig lampa vid bussen."
    contact = (new["contact_name"], new["contact_email"], new["contact_phone"])
    assert contact == ("Rut Resident", "rut@example.org", "070-111")
    assert new["status"] == Status.NEW
    assert new["received"]


def test_download_never_contains_other_peoples_data(client, resident, reports):
    client.force_login(resident)
    content = client.get(reverse("account_data_download")).content.decode()
    assert OTHER_MARKER not in content
    assert "other-marker@example.org" not in content
    assert "other@example.org" not in content


def test_download_holds_the_accounts_login_records_and_no_one_elses(client, resident):
    from axes.models import AccessFailureLog, AccessLog

    AccessLog.objects.create(username="resident@example.org", ip_address="192.0.2.10", user_agent="Min telefon")
    AccessFailureLog.objects.create(username="Resident@example.org", ip_address="192.0.2.11", user_agent="Okänd")
    AccessLog.objects.create(username="other@example.org", ip_address="198.51.100.99", user_agent="Någon annan")
    client.force_login(resident)
    data = json.loads(client.get(reverse("account_data_download")).content)
    # The test client's own login is recorded too.
    assert ("192.0.2.10", "Min telefon") in [(login["ip_address"], login["user_agent"]) for login in data["logins"]]
    assert [(f["ip_address"], f["user_agent"]) for f in data["failed_logins"]] == [("192.0.2.11", "Okänd")]
    assert "198.51.100.99" not in str(data)


def test_download_rejects_post(client, resident):
    client.force_login(resident)
    assert client.post(reverse("account_data_download")).status_code == 405


# --- Deleting the account ----------------------------------------------------------


def test_delete_page_asks_for_the_password(client, resident):
    client.force_login(resident)
    response = client.get(reverse("account_delete"))
    assert response.status_code == 200
    assert 'type="password"' in response.content.decode()


def test_wrong_password_deletes_nothing(client, resident):
    client.force_login(resident)
    response = client.post(reverse("account_delete"), {"password": "not-the-password"})
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert User.objects.filter(pk=resident.pk).exists()


def test_missing_password_deletes_nothing(client, resident):
    client.force_login(resident)
    response = client.post(reverse("account_delete"), {})
    assert response.status_code == 200
    assert User.objects.filter(pk=resident.pk).exists()


def test_right_password_deletes_the_account_and_logs_out(client, resident):
    client.force_login(resident)
    response = client.post(reverse("account_delete"), {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert not User.objects.filter(pk=resident.pk).exists()
    assert not response.context["user"].is_authenticated
    assert len(list(response.context["messages"])) == 1


def test_deleting_keeps_the_reports_as_records_without_the_link(client, resident, reports):
    client.force_login(resident)
    client.post(reverse("account_delete"), {"password": PASSWORD})
    for key in ("new", "published"):
        reports[key].refresh_from_db()
        assert reports[key].reporter is None
    assert reports["new"].description == "Trasig lampa vid bussen."


def test_deleting_removes_contact_details_on_all_its_reports_and_no_one_elses(client, resident, reports):
    client.force_login(resident)
    client.post(reverse("account_delete"), {"password": PASSWORD})
    for report in reports.values():
        report.refresh_from_db()
    assert (reports["new"].contact_name, reports["new"].contact_email, reports["new"].consent_given) == ("", "", False)
    assert reports["new"].events.filter(action=ReportEvent.Action.CONTACT_REMOVED).count() == 1
    # Published reports too: the record stays, the way to reach its reporter does not (finding 6).
    assert reports["published"].contact_email == ""
    assert reports["other"].contact_name == OTHER_MARKER
    assert Report.objects.count() == 3


@pytest.mark.parametrize("role", STAFF_FIXTURES)
def test_staff_cannot_delete_their_own_account_here(client, role, request):
    user = request.getfixturevalue(role)
    client.force_login(user)
    page = client.get(reverse("account_delete"))
    assert page.status_code == 200
    assert "form" not in page.context
    response = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert response.status_code == 200
    assert User.objects.filter(pk=user.pk).exists()


# --- The privacy page ---------------------------------------------------------------


@pytest.mark.parametrize(("language", "months", "days"), [("sv", "månader", "dagar"), ("en", "months", "days")])
def test_privacy_page_states_the_configured_periods_and_the_decision(client, settings, language, months, days):
    settings.RETENTION = {
        "report_contact_months": 7,
        "survey_free_text_months": 19,
        "inactive_account_months": 41,
        "unconfirmed_account_days": 23,
        "login_record_months": 5,
    }
    settings.RETENTION_DECISION_REFERENCE = "Gallringsbeslut PRIV 2030/9"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    content = client.get(reverse("privacy")).content.decode()
    for period in (f"7 {months}", f"19 {months}", f"41 {months}", f"23 {days}", f"5 {months}"):
        assert period in content
    assert "Gallringsbeslut PRIV 2030/9" in content
    assert reverse("account_data") in content
    assert reverse("account_delete") in content
