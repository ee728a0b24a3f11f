"""Staff actions on reporters' personal data leave a record in the audit trail: who, when, what."""

import pytest
from django.urls import reverse

from trygg.models import AuditEntry

pytestmark = pytest.mark.django_db

CONTACT = {"contact_name": "Greta Gatlykta", "contact_email": "greta@example.org", "contact_phone": "0701-234567"}


def test_viewing_a_reporters_contact_details_is_in_the_audit_trail(client, police, make_report):
    report = make_report(**CONTACT)
    client.force_login(police)
    assert client.post(reverse("incidents:contact", args=[report.pk])).status_code == 200
    [entry] = AuditEntry.objects.all()
    assert (entry.action, entry.actor, entry.actor_email) == (AuditEntry.Action.CONTACT_VIEWED, police, police.email)
    assert (entry.object_type, entry.object_id, entry.object_repr) == ("incidents.report", str(report.pk), report.reference)
    assert entry.created_at is not None
    # The trail says which report, never what the contact details were.
    assert not any(value in f"{entry.object_repr} {entry.detail}" for value in CONTACT.values())


@pytest.mark.parametrize("url_name", ["incidents:export_csv", "incidents:export_geojson"])
def test_every_export_is_in_the_audit_trail_with_its_filters(client, coordinator, make_report, url_name):
    make_report()
    client.force_login(coordinator)
    response = client.post(reverse(url_name) + "?status=new")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    [entry] = AuditEntry.objects.all()
    assert (entry.action, entry.actor, entry.object_type) == (AuditEntry.Action.EXPORTED, coordinator, "incidents.report")
    assert "status=new" in entry.detail


def test_an_export_refused_leaves_no_entry(client, working_group_member):
    client.force_login(working_group_member)
    assert client.post(reverse("incidents:export_csv")).status_code == 403
    assert not AuditEntry.objects.exists()


# A link on another site (or in a mail) makes the browser GET with the staff member's session cookie:
# such a GET must neither show the data nor write an entry in their name. Only a POST with the CSRF token does.


def test_a_get_of_the_contact_page_shows_a_button_and_logs_nothing(client, police, make_report):
    report = make_report(**CONTACT)
    client.force_login(police)
    response = client.get(reverse("incidents:contact", args=[report.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert not any(value in page for value in CONTACT.values())
    assert 'method="post"' in page and "csrfmiddlewaretoken" in page
    assert not AuditEntry.objects.exists()
    assert not report.events.filter(action="contact_viewed").exists()


def test_revealing_contact_details_needs_the_csrf_token(police, make_report):
    from django.test import Client

    report = make_report(**CONTACT)
    client = Client(enforce_csrf_checks=True)
    client.force_login(police)
    assert client.post(reverse("incidents:contact", args=[report.pk])).status_code == 403
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("url_name", ["incidents:export_csv", "incidents:export_geojson"])
def test_a_get_of_an_export_exports_nothing_and_logs_nothing(client, coordinator, make_report, url_name):
    make_report(description="Ett unikt ord: Kvarnbäcken")
    client.force_login(coordinator)
    response = client.get(reverse(url_name), {"status": "new"})
    page = response.content.decode()
    assert response.status_code == 200 and "Kvarnbäcken" not in page
    assert 'method="post"' in page and "status=new" in page
    assert not AuditEntry.objects.exists()
