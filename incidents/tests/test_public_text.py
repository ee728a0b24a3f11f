"""The public text is written by a coordinator, never copied from the reporter (issue 11, finding 2).

Publishing without a public text publishes category, place and status only;
texts that look like they hold personal data need a deliberate confirmation.
"""

import pytest
from django.urls import reverse

from incidents.models import ReportEvent, Status
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

NEIGHBOUR = "Grannen Olle Berg (070-123 45 67) på Kyrkvägen 4 kastar skräp i diket."
SECRETS = ["Olle Berg", "070-123 45 67", "Kyrkvägen 4", "kastar skräp"]


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def action_url(report, action):
    return reverse("incidents:moderate_action", args=[report.pk, action])


def public_outputs(client, report):
    """Everything the public sees of a report: its page, the list, the map and Open311."""
    client.logout()
    pages = [
        client.get(reverse("incidents:detail", args=[report.pk])),
        client.get(reverse("incidents:list")),
        client.get(reverse("incidents:geojson"), {"zoom": "18"}),
        client.get(f"/open311/v2/requests/{report.pk}.json"),
        client.get("/open311/v2/requests.json"),
    ]
    for page in pages:
        assert page.status_code == 200
    return "\n".join(page.content.decode() for page in pages)


def test_publishing_without_a_public_text_does_not_copy_the_reporters_words(
    coordinator_client, client, make_report
):
    report = make_report(description=NEIGHBOUR)
    response = coordinator_client.post(action_url(report, "publish"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED
    assert report.public_description == ""
    html = public_outputs(client, report)
    for secret in SECRETS:
        assert secret not in html


def test_publishing_through_the_status_form_does_not_copy_either(coordinator_client, make_report):
    report = make_report(description=NEIGHBOUR)
    coordinator_client.post(action_url(report, "status"), {"status-status": Status.PUBLISHED})
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED
    assert report.public_description == ""


def test_bulk_publish_publishes_category_place_and_status_only(coordinator_client, client, make_report, localities):
    reports = [make_report(description=NEIGHBOUR), make_report(description=NEIGHBOUR)]
    response = coordinator_client.post(
        reverse("incidents:bulk"), {"reports": [r.pk for r in reports], "action": "publish"}
    )
    assert response.status_code == 302
    for report in reports:
        report.refresh_from_db()
        assert report.status == Status.PUBLISHED
        assert report.public_description == ""
    page = client.get(reverse("incidents:detail", args=[reports[0].pk])).content.decode()
    assert reports[0].category.name in page
    assert "Skärhamn" in page
    assert str(Status.PUBLISHED.label) in page
    html = public_outputs(client, reports[0])
    for secret in SECRETS:
        assert secret not in html


def test_the_public_text_form_starts_empty_not_with_the_reporters_words(coordinator_client, make_report):
    report = make_report(description=NEIGHBOUR)
    response = coordinator_client.get(reverse("incidents:moderate", args=[report.pk]))
    form = response.context["forms"]["text"]
    assert not form.initial.get("public_description")
    assert "confirm_personal_data" not in form.fields
    assert "Ingen publik text är skriven ännu" in response.content.decode()


def test_a_public_text_with_personal_data_is_not_saved_without_a_deliberate_confirmation(
    coordinator_client, coordinator, make_report
):
    report = make_report(description=NEIGHBOUR)
    response = coordinator_client.post(action_url(report, "text"), {"text-public_description": NEIGHBOUR})
    assert response.status_code == 200
    form = response.context["forms"]["text"]
    error = " ".join(form.errors["confirm_personal_data"])
    for found in ["Olle Berg", "070-123 45 67", "Kyrkvägen 4"]:
        assert found in error
    html = response.content.decode()
    assert "error-summary" in html
    assert 'id="id_text-confirm_personal_data"' in html
    assert 'for="id_text-confirm_personal_data"' in html
    report.refresh_from_db()
    assert report.public_description == ""
    assert not report.events.filter(action=ReportEvent.Action.EDITED).exists()

    response = coordinator_client.post(
        action_url(report, "text"), {"text-public_description": NEIGHBOUR, "text-confirm_personal_data": "on"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.public_description == NEIGHBOUR
    event = report.events.get(action=ReportEvent.Action.EDITED)
    assert event.actor == coordinator
    assert event.changes["personal_data_confirmed"] == ["name", "phone", "address"]
    history = coordinator_client.get(reverse("incidents:moderate", args=[report.pk])).context["history"]
    assert [entry["changes"] for entry in history if entry["event"] == event] == [
        "publicerad fast den ser ut att innehålla personuppgifter: namn, telefonnummer, gatuadress"
    ]


def test_a_public_text_without_personal_data_is_saved_at_once(coordinator_client, make_report):
    report = make_report(description=NEIGHBOUR)
    response = coordinator_client.post(
        action_url(report, "text"), {"text-public_description": "Nedskräpning i diket vid vägen."}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.public_description == "Nedskräpning i diket vid vägen."
    assert "personal_data_confirmed" not in report.events.get(action=ReportEvent.Action.EDITED).changes


def test_a_public_response_with_personal_data_needs_the_same_confirmation(coordinator_client, make_report):
    report = make_report(status=Status.PUBLISHED, public_description="Skräp i diket.")
    text = "Vi har pratat med fru Andersson, ring henne på 0304-123 45."
    response = coordinator_client.post(action_url(report, "response"), {"response-text": text})
    assert response.status_code == 200
    error = " ".join(response.context["forms"]["response"].errors["confirm_personal_data"])
    assert "Andersson" in error and "0304-123 45" in error
    report.refresh_from_db()
    assert report.public_response == ""

    coordinator_client.post(action_url(report, "response"), {"response-text": text, "response-confirm_personal_data": "on"})
    report.refresh_from_db()
    assert report.public_response == text
    event = report.events.get(action=ReportEvent.Action.RESPONDED)
    assert event.changes["personal_data_confirmed"] == ["name", "phone"]
