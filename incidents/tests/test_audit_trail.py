"""Staff actions on reporters' personal data leave a record in the audit trail: who, when, what."""

import pytest
from django.urls import reverse

from trygg.models import AuditEntry

pytestmark = pytest.mark.django_db

CONTACT = {"contact_name": "Greta Gatlykta", "contact_email": "greta@example.org", "contact_phone": "0701-234567"}


def test_viewing_a_reporters_contact_details_is_in_the_audit_trail(client, police, make_report):
    report = make_report(**CONTACT)
    client.force_login(police)
    assert client.get(reverse("incidents:contact", args=[report.pk])).status_code == 200
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
    response = client.get(reverse(url_name), {"status": "new"})
    assert response.status_code == 200
    b"".join(response.streaming_content)
    [entry] = AuditEntry.objects.all()
    assert (entry.action, entry.actor, entry.object_type) == (AuditEntry.Action.EXPORTED, coordinator, "incidents.report")
    assert "status=new" in entry.detail


def test_an_export_refused_leaves_no_entry(client, working_group_member):
    client.force_login(working_group_member)
    assert client.get(reverse("incidents:export_csv")).status_code == 403
    assert not AuditEntry.objects.exists()
