"""Open311 tells no more than the public report page: no notes meant for the reporter, no hidden reports.

The public page of a report (incidents/views/public.py, report_detail.html)
shows its kind, category, locality, status, the day it came in, its public
point, the public text, the public response and the dates of its public
statuses. Open311 answers are built from those alone: the reason a coordinator
gave for a status (it goes to the reporter), rejection notes and the
responsible actor never appear, and a report that is not public answers
exactly as an id that does not exist.
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from incidents.models import Organisation, RejectReason, ReportEvent, Status
from incidents.open311.documents import w3c
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

API = "/open311/v2/"
PUBLIC_TEXT = "Mörk gångväg utan belysning."
REASON = "Anna, ring mig på 070-1112233 så berättar jag om grannen Olle Berg."
REJECTION = "Skräp från grannen Olle Berg på Kyrkvägen 4."
OTHER_ACTOR = "Fastighetsägare Olle Berg"


def answers(client, path, **params):
    """The answer in both formats, as text."""
    return {fmt: client.get(f"{API}{path}.{fmt}", params) for fmt in ("json", "xml")}


def text_of(responses):
    return " ".join(response.content.decode() for response in responses.values())


@pytest.fixture
def published(make_report, coordinator):
    report = make_report(public_description=PUBLIC_TEXT)
    report.publish(by=coordinator)
    return report


def test_status_notes_are_the_public_response_never_the_private_reason(client, published, coordinator):
    published.respond("Kommunen byter lampan.", by=coordinator)
    published.set_status(Status.RESOLVED, by=coordinator, reason=REASON)
    (item,) = client.get(f"{API}requests/{published.pk}.json").json()
    assert item["status"] == "closed"
    assert item["status_notes"] == "Kommunen byter lampan."
    for path in (f"requests/{published.pk}", "requests", "servicerequestupdates"):
        content = text_of(answers(client, path))
        assert "070-1112233" not in content and "Olle Berg" not in content, path


def test_rejection_notes_of_a_report_later_published_are_never_shown(client, make_report, coordinator):
    report = make_report(public_description=PUBLIC_TEXT)
    report.reject(RejectReason.SPAM, by=coordinator, note=REJECTION)
    report.set_status(Status.NEW, by=coordinator, reason="Felaktigt avvisad.")
    report.publish(by=coordinator)
    for path in (f"requests/{report.pk}", "requests", "servicerequestupdates"):
        content = text_of(answers(client, path))
        assert "Olle Berg" not in content and "Felaktigt avvisad" not in content, path
    updates = client.get(f"{API}servicerequestupdates.json").json()
    # Only the move to a public status is an update; the rejection and the way back are not.
    assert [item["status"] for item in updates] == ["open"]
    assert {item["description"] for item in updates} == {str(Status.PUBLISHED.label)}


def test_the_responsible_actor_is_not_published(client, published, coordinator):
    published.assign(Organisation.OTHER, by=coordinator, other=OTHER_ACTOR)
    (item,) = client.get(f"{API}requests/{published.pk}.json").json()
    assert item["agency_responsible"] is None
    assert "Olle Berg" not in text_of(answers(client, "requests"))


def test_updated_datetime_is_the_last_public_change_not_an_internal_one(client, published, coordinator):
    changed = published.events.get(action=ReportEvent.Action.STATUS_CHANGED).created_at
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        published.assign(Organisation.POLICE, by=coordinator)
        published.add_note("Intern anteckning", by=coordinator)
    (item,) = client.get(f"{API}requests/{published.pk}.json").json()
    assert item["updated_datetime"] == w3c(changed)


def test_only_the_current_public_response_is_an_update(client, published, coordinator):
    published.respond("Grannen Olle Berg har klagat, vi tittar på det.", by=coordinator)
    published.respond("Vi tittar på det.", by=coordinator)
    updates = client.get(f"{API}servicerequestupdates.json").json()
    assert [item["description"] for item in updates] == [str(Status.PUBLISHED.label), "Vi tittar på det."]
    assert "Olle Berg" not in text_of(answers(client, "servicerequestupdates"))


@pytest.fixture
def hidden_reports(make_report, coordinator):
    """Reports that are not public: new, rejected, withdrawn and merged into another."""
    new = make_report(description="Ny anmälan")
    rejected = make_report()
    rejected.reject(RejectReason.OUT_OF_SCOPE, by=coordinator, note=REJECTION)
    withdrawn = make_report()
    withdrawn.withdraw()
    original = make_report()
    original.publish(by=coordinator)
    merged = make_report()
    merged.merge_into(original, by=coordinator)
    return [new, rejected, withdrawn, merged]


def test_a_report_that_is_not_public_answers_exactly_like_an_unknown_id(client, hidden_reports):
    unknown = answers(client, "requests/999999")
    for report in hidden_reports:
        for fmt, response in answers(client, f"requests/{report.pk}").items():
            assert (response.status_code, response.content) == (unknown[fmt].status_code, unknown[fmt].content)
            assert response.status_code == 404


def test_asking_for_ids_of_reports_that_are_not_public_is_like_asking_for_ids_that_do_not_exist(
    client, published, hidden_reports
):
    ids = ",".join(str(report.pk) for report in [published, *hidden_reports])
    asked = answers(client, "requests", service_request_id=f"{ids},999999")
    only_public = answers(client, "requests", service_request_id=f"{published.pk},999999")
    for fmt in ("json", "xml"):
        assert asked[fmt].content == only_public[fmt].content
    assert [item["service_request_id"] for item in asked["json"].json()] == [str(published.pk)]
