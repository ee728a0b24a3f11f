"""When the database cannot be reached: 503 with Retry-After and a page that says to try again."""

from unittest import mock

import psycopg2
import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse

from trygg import errors
from trygg.models import User
from trygg.testing.outage import database_down

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    """A test client that returns the error page instead of raising the view's exception."""
    return Client(raise_request_exception=False)


def failing_home(error):
    return mock.patch("trygg.views.render", side_effect=error)


def assert_try_again_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert '<html lang="sv">' in page and '<section lang="en"' in page
    assert "Traceback" not in page and "OperationalError" not in page
    return page


def test_database_error_in_a_view_answers_503_in_swedish_and_english(client):
    with failing_home(OperationalError("server closed the connection unexpectedly")):
        response = client.get(reverse("home"))
    page = assert_try_again_page(response)
    assert "Portalen är tillfälligt otillgänglig" in page
    assert "The portal is temporarily unavailable" in page
    assert "Det du skickade har inte sparats." in page
    assert "Nothing you sent was saved." in page
    assert "Försök igen om 30 sekunder" in page and "Please try again in 30 seconds" in page
    assert "112" in page and "114 14" in page


def test_the_page_has_one_main_heading_and_marks_each_language(client):
    with failing_home(OperationalError("the database system is shutting down")):
        page = assert_try_again_page(client.get(reverse("home")))
    assert page.count("<h1") == 1
    assert '<main id="main"' in page
    assert '<section lang="sv"' in page
    assert 'class="skip-link" href="#main"' in page


@pytest.mark.parametrize(
    "error",
    [
        InterfaceError("connection already closed"),
        psycopg2.OperationalError("could not connect to server: Connection refused"),
        psycopg2.InterfaceError("connection already closed"),
    ],
    ids=["django-interface-error", "psycopg2-operational-error", "psycopg2-interface-error"],
)
def test_every_kind_of_lost_connection_answers_503(client, error):
    with failing_home(error):
        assert_try_again_page(client.get(reverse("home")))


def test_an_error_raised_while_the_database_was_failing_answers_503(client):
    try:
        raise OperationalError("terminating connection due to administrator command")
    except OperationalError as cause:
        error = RuntimeError("could not finish")
        error.__cause__ = cause
    with failing_home(error):
        assert_try_again_page(client.get(reverse("home")))


def test_other_errors_stay_500(client):
    with failing_home(ValueError("a bug")):
        response = client.get(reverse("home"))
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Något gick fel" in response.content.decode()


def test_a_signed_in_user_gets_the_page_although_the_session_cannot_be_read(client, resident):
    client.force_login(resident)
    with database_down():
        response = client.get(reverse("dashboard"))
    assert_try_again_page(response)


def test_a_form_sent_while_the_database_is_down_answers_503_and_stores_nothing(client):
    with database_down():
        response = client.post(
            reverse("register"),
            {"email": "ny@example.org", "password1": "a-long-passphrase-1", "password2": "a-long-passphrase-1"},
        )
    assert_try_again_page(response)
    assert not User.objects.filter(email="ny@example.org").exists()


def test_the_portal_answers_normally_again_once_the_database_is_back(client):
    with failing_home(OperationalError("server closed the connection unexpectedly")):
        assert client.get(reverse("home")).status_code == 503
    assert client.get(reverse("home")).status_code == 200


# --- Apps with their own error format (AppConfig.error_response) -------------------------------


def test_open311_answers_a_bad_request_in_its_own_format_and_the_portal_in_html(client):
    as_json = client.get("/open311/v2/tokens/abc%00.json")
    assert (as_json.status_code, as_json["Content-Type"]) == (400, "application/json; charset=utf-8")
    assert as_json.json()[0]["code"] == 400
    as_xml = client.get("/open311/v2/tokens/abc%00.xml")
    assert as_xml["Content-Type"] == "text/xml; charset=utf-8"
    assert b"<errors><error><code>400</code>" in as_xml.content
    page = client.get("/rapport/%00/")
    assert (page.status_code, page["Content-Type"]) == (400, "text/html; charset=utf-8")


def test_no_app_claims_an_error_outside_its_own_prefix():
    assert errors.app_error_response(RequestFactory().get("/rapport/x/"), 400) is None
    assert errors.app_error_response(RequestFactory().get("/rapport/x/"), 503) is None
