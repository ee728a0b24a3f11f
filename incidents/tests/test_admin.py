"""The admin's report pages: read-mostly, and without the reporter's identity."""

import pytest

from conftest import make_user

pytestmark = pytest.mark.django_db


def test_report_admin_shows_neither_contact_details_nor_reporter_nor_status_link(client, coordinator, make_report):
    reporter = make_user("rapportor@example.net")
    report = make_report(contact_name="Rut Rapportör", contact_email="rut@example.net", contact_phone="070-123 45 67",
                         reporter=reporter, description="Jag heter Rut och bor på Hamngatan 3.")
    client.force_login(coordinator)
    page = client.get(f"/admin/incidents/report/{report.pk}/change/").content.decode()
    for private in ["Rut Rapportör", "rut@example.net", "070-123 45 67", "rapportor@example.net",
                    "Hamngatan 3", report.token]:
        assert private not in page
