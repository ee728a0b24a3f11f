"""The status-link attack of issue 11, replayed against the portal as it runs in production.

A system sends a report through Open311 with an Idempotency-Key (a case number,
often public). A stranger then takes a CSRF token from the report form and
posts nothing but that token and a submission id derived from the key's number
and the case number: the way the portal used to derive it (uuid5 with a
namespace that was in the source), and the new way but without the portal's
SECRET_KEY. Under gunicorn with DEBUG=0 (trygg/testing/production_portal.py)
the stranger gets no redirect to a receipt, no private status link and none of
the report's text, and the report is not withdrawn.
"""

import uuid
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.test import override_settings

from incidents.open311 import idempotency

pytestmark = pytest.mark.fault

FORM = "/rapportera/ny/"
OLD_NAMESPACE = uuid.UUID("5f2d7c0e-4b1a-4f57-9a43-1c6f1e0d9b21")  # public: it was in the source
PRIVATE_TEXT = "Grannen Olle Berg 070-1234567 på Kyrkvägen 4 lämnar grinden öppen"


def send_through_open311(portal, case_number, marker):
    body = urlencode({
        "api_key": portal.open311_key, "service_code": "belysning", "lat": "57.988123", "long": "11.548456",
        "description": f"{PRIVATE_TEXT}. {marker}",
    }).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", idempotency.HEADER: case_number}
    answer = portal.request("POST", "/open311/v2/requests.json", body=body, headers=headers)
    assert answer.status == 201, answer.text
    return answer


def test_a_stranger_gets_no_token_no_text_and_cannot_withdraw(portal):
    marker = f"attack-{uuid.uuid4().hex}"
    case_number = f"FMG-{uuid.uuid4().hex[:8]}"
    send_through_open311(portal, case_number, marker)
    report_id, key_id, token, stored_id = (
        portal.value(f"SELECT {column} FROM incidents_report WHERE description LIKE %s", f"%{marker}%")
        for column in ("id", "open311_key_id", "token", "submission_id::text")
    )
    key = SimpleNamespace(pk=key_id)
    with override_settings(SECRET_KEY="a-guess-at-the-portal-secret-" + "x" * 30):
        guessed = idempotency.key_submission_id(key, case_number)
    derived = [uuid.uuid5(OLD_NAMESPACE, f"open311:{key_id}:key:{case_number}"), guessed]

    reports_before = portal.value("SELECT count(*) FROM incidents_report")
    page, hidden, headers = portal.form(FORM)
    assert page.status == 200
    for submission_id in [*derived, stored_id]:  # the stored id itself, too, as if it had leaked
        body = urlencode({"csrfmiddlewaretoken": hidden["csrfmiddlewaretoken"], "submission_id": submission_id})
        answer = portal.request(
            "POST", FORM, body=body.encode(), headers={**headers, "Content-Type": "application/x-www-form-urlencoded"}
        )
        assert answer.status == 200, (answer.status, answer.headers.get("location"))
        assert "kvitto" not in answer.headers.get("location", "")
        assert token not in answer.text
        assert PRIVATE_TEXT not in answer.text and "Olle Berg" not in answer.text and marker not in answer.text
    # Nothing the stranger could act on: the report is as it was, not withdrawn, and no new report was made.
    assert portal.value("SELECT status FROM incidents_report WHERE id = %s", report_id) == "new"
    assert portal.value("SELECT count(*) FROM incidents_reportevent WHERE report_id = %s", report_id) == 1
    assert portal.reports(marker) == 1
    assert portal.value("SELECT count(*) FROM incidents_report") == reports_before
    # Without the portal's SECRET_KEY the id cannot be computed at all.
    assert stored_id not in {str(submission_id) for submission_id in derived}
