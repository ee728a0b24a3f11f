"""A submission id sent by a browser finds only what that browser sent: never another's receipt.

A stranger who posts someone else's submission id (the id of an Open311
request, which used to be derivable from the key's id and a public case
number, or the id of another browser's form) gets a fresh, empty form back:
no redirect to the receipt, no private status link, no text of the report.
"""

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from incidents.models import Open311Key, Report, Status
from incidents.open311 import idempotency
from incidents.tests.conftest import valid_post
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

FORM = "/rapportera/ny/"
HIDDEN = re.compile(r'name="(csrfmiddlewaretoken|submission_id|form_started)" value="([^"]*)"')
PRIVATE_TEXT = "Grannen Olle Berg 070-1234567 på Kyrkvägen 4 lämnar grinden öppen."
CASE_NUMBER = "FMG-2026-4711"
# The namespace the portal used to derive Open311 submission ids with; it is public (it was in the source).
OLD_NAMESPACE = uuid.UUID("5f2d7c0e-4b1a-4f57-9a43-1c6f1e0d9b21")


def browser():
    """A browser of its own, with its own cookies, that sends the CSRF token as a real one must."""
    return Client(enforce_csrf_checks=True)


def hidden_fields(client):
    page = client.get(FORM)
    assert page.status_code == 200
    return dict(HIDDEN.findall(page.content.decode()))


@pytest.fixture
def open311_report(categories, localities):
    """A report sent by a system through Open311 with an Idempotency-Key (a case number that is often public)."""
    key, secret = Open311Key.create_key("FixaMinGata")
    response = Client().post(
        "/open311/v2/requests.json",
        valid_post(secret, description=PRIVATE_TEXT),
        headers={idempotency.HEADER: CASE_NUMBER},
    )
    assert response.status_code == 201, response.content
    return key, Report.objects.get(pk=response.json()[0]["service_request_id"])


def assert_no_receipt(response, report):
    page = response.content.decode()
    assert response.status_code == 200, response.get("Location")
    assert "kvitto" not in response.get("Location", "")
    assert report.token not in page
    assert PRIVATE_TEXT not in page
    assert "Olle Berg" not in page


def test_replayed_open311_submission_id_from_another_session_gets_no_token(open311_report):
    key, report = open311_report
    stranger = browser()
    hidden = hidden_fields(stranger)
    candidates = [
        uuid.uuid5(OLD_NAMESPACE, f"open311:{key.pk}:key:{CASE_NUMBER}"),  # the old derivation, from the source
        idempotency.key_submission_id(key, CASE_NUMBER),  # the new one, with this test's SECRET_KEY
        report.submission_id,  # even the stored id itself
    ]
    for submission_id in candidates:
        response = stranger.post(
            FORM, {"csrfmiddlewaretoken": hidden["csrfmiddlewaretoken"], "submission_id": str(submission_id)}
        )
        assert_no_receipt(response, report)
    report.refresh_from_db()
    assert report.status == Status.NEW
    assert Report.objects.count() == 1


def filled_form(hidden, form_data):
    """The form filled in, with the page's CSRF token and submission id (and form_data's older start time)."""
    return {**form_data, "csrfmiddlewaretoken": hidden["csrfmiddlewaretoken"], "submission_id": hidden["submission_id"]}


def test_same_browser_double_submit_still_answers_with_its_own_receipt(form_data):
    resident = browser()
    data = filled_form(hidden_fields(resident), form_data)
    first = resident.post(FORM, data)
    second = resident.post(FORM, data)
    report = Report.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("incidents:receipt", args=[report.token])


def test_another_browser_replaying_a_form_submission_id_gets_no_receipt(form_data):
    resident = browser()
    hidden = hidden_fields(resident)
    resident.post(FORM, filled_form(hidden, form_data))
    report = Report.objects.get()

    stranger = browser()
    stranger_hidden = hidden_fields(stranger)
    for submission_id in (hidden["submission_id"], report.submission_id):
        replay = {"csrfmiddlewaretoken": stranger_hidden["csrfmiddlewaretoken"], "submission_id": str(submission_id)}
        assert_no_receipt(stranger.post(FORM, replay), report)
    # A whole form sent again with the other browser's id is a new report of the stranger's own.
    sent_again = stranger.post(FORM, filled_form({**stranger_hidden, "submission_id": hidden["submission_id"]}, form_data))
    assert sent_again.status_code == 302
    assert sent_again["Location"] != reverse("incidents:receipt", args=[report.token])
    assert Report.objects.count() == 2
