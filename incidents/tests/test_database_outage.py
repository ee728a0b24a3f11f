"""Reports sent while the database fails: a clear "try again", and nothing half-saved."""

import json
import xml.etree.ElementTree as ET
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from incidents.models import Report, ReportEvent, ReportPhoto
from incidents.tests.conftest import valid_post
from incidents.tests.images import jpeg_with_gps
from trygg.errors import RETRY_AFTER_SECONDS
from trygg.testing.outage import database_down

pytestmark = pytest.mark.django_db

API = "/open311/v2/"
LOST = OperationalError("terminating connection due to administrator command")


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def stored_files(settings):
    return [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()] if settings.MEDIA_ROOT.exists() else []


def test_report_form_sent_while_the_database_is_down_answers_503(client, form_data):
    with database_down():
        response = client.post(reverse("incidents:report_new"), form_data)
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "Det du skickade har inte sparats." in response.content.decode()
    assert not Report.objects.exists()


def test_report_that_fails_after_its_photos_were_written_leaves_no_files(client, form_data, settings):
    form_data["photos"] = [jpeg_with_gps("a.jpg"), jpeg_with_gps("b.jpg")]
    with mock.patch.object(Report, "record", side_effect=LOST):
        response = client.post(reverse("incidents:report_new"), form_data)
    assert response.status_code == 503
    assert not Report.objects.exists() and not ReportPhoto.objects.exists()
    assert stored_files(settings) == []


def test_the_same_form_sent_again_after_a_503_stores_one_report(client, form_data):
    client.get(reverse("incidents:report_new"))  # the browser's CSRF cookie, which a repeat is recognised by
    with mock.patch.object(Report, "record", side_effect=LOST):
        assert client.post(reverse("incidents:report_new"), form_data).status_code == 503
    first = client.post(reverse("incidents:report_new"), form_data)
    again = client.post(reverse("incidents:report_new"), form_data)
    report = Report.objects.get()
    assert first["Location"] == again["Location"] == reverse("incidents:receipt", args=[report.token])
    assert report.events.get().action == ReportEvent.Action.CREATED


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_answers_503_in_its_error_format_while_the_database_is_down(client, secret, fmt):
    with database_down():
        responses = [client.get(f"{API}services.{fmt}"), client.post(f"{API}requests.{fmt}", valid_post(secret))]
    for response in responses:
        assert response.status_code == 503
        assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
        if fmt == "json":
            assert response["Content-Type"] == "application/json; charset=utf-8"
            ((code, description),) = [(error["code"], error["description"]) for error in json.loads(response.content)]
        else:
            assert response["Content-Type"] == "text/xml; charset=utf-8"
            root = ET.fromstring(response.content)
            assert root.tag == "errors"
            code, description = int(root.findtext("error/code")), root.findtext("error/description")
        assert code == 503
        assert "försök igen" in description.lower()
    assert not Report.objects.exists()


def test_open311_request_that_fails_after_its_photos_were_written_leaves_no_files(
    client, secret, categories, localities, settings
):
    data = valid_post(secret, media=[jpeg_with_gps("a.jpg")])
    with mock.patch.object(Report, "record", side_effect=LOST):
        response = client.post(f"{API}requests.json", data)
    assert response.status_code == 503
    assert response.json()[0]["code"] == 503
    assert not Report.objects.exists()
    assert stored_files(settings) == []


def test_open311_outage_outside_the_views_still_answers_in_its_format(client, secret, categories):
    """A lost connection before the API's own code runs (here: reading the session) is still an Open311 error."""
    with mock.patch("django.contrib.sessions.middleware.SessionMiddleware.process_request", side_effect=LOST):
        response = client.get(f"{API}services.xml")
    assert response.status_code == 503
    assert ET.fromstring(response.content).tag == "errors"
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
