import io
import json
import logging

import pytest
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from trygg.logs import JsonFormatter, request_id_var


@login_not_required
def boom(request):
    raise RuntimeError("secret detail for coordinator@example.org")


urlpatterns = [path("boom/", boom, name="boom"), path("", include("trygg.urls"))]
handler500 = "trygg.errors.server_error"


@pytest.fixture
def log_lines():
    """The JSON lines the portal's loggers write while the test runs."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger(name) for name in ("trygg.requests", "django.request", "trygg.test")]
    for logger in loggers:
        logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger in loggers:
        logger.removeHandler(handler)


def test_log_line_is_one_json_object_with_time_level_logger_and_request_id(log_lines):
    token = request_id_var.set("abc12345")
    try:
        logging.getLogger("trygg.test").warning("imported %s events", 3, extra={"new": 2})
    finally:
        request_id_var.reset(token)
    (line,) = log_lines()
    assert line["level"] == "WARNING"
    assert line["logger"] == "trygg.test"
    assert line["request_id"] == "abc12345"
    assert line["message"] == "imported 3 events"
    assert line["new"] == 2
    assert line["time"].endswith("+00:00")


def test_personal_data_in_a_log_message_is_masked(log_lines):
    logging.getLogger("trygg.test").warning(
        "mail to Anna.Berg@example.org from 192.168.10.20 and 2001:db8::1:2, phone 0304-60 10 00 or +46 70 123 45 67"
        " at 16:46:19 for report 2026-123 and TT-00012345"
    )
    message = log_lines()[0]["message"]
    for personal in ("Anna.Berg", "example.org", "192.168", "2001:db8", "60 10 00", "123 45 67"):
        assert personal not in message
    assert message.count("[email]") == 1 and message.count("[phone]") == 2 and message.count("[address]") == 2
    assert message.endswith("at 16:46:19 for report 2026-123 and TT-00012345")


@pytest.mark.django_db
def test_every_request_writes_one_access_line_with_its_route_and_id(client, log_lines):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-req-0001")
    assert response["X-Request-ID"] == "proxy-req-0001"
    (line,) = [line for line in log_lines() if line["logger"] == "trygg.requests"]
    assert line["request_id"] == "proxy-req-0001"
    assert (line["method"], line["route"], line["view"], line["status"]) == ("GET", "/healthz", "healthz", 200)
    assert line["duration_ms"] >= 0


@pytest.mark.django_db
def test_access_line_names_the_pattern_not_the_private_token(client, log_lines):
    client.get("/rapport/a-secret-token-value/", REMOTE_ADDR="203.0.113.9", HTTP_X_REQUEST_ID="<script>")
    text = json.dumps(log_lines())
    assert "a-secret-token-value" not in text
    assert "203.0.113.9" not in text
    request_line = [line for line in log_lines() if line["logger"] == "trygg.requests"][0]
    assert request_line["request_id"] != "<script>" and len(request_line["request_id"]) == 32


@pytest.mark.django_db
@pytest.mark.urls("trygg.tests.test_logging")
def test_server_error_shows_the_friendly_page_and_logs_the_traceback(client, settings, log_lines):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Traceback" not in page and "secret detail" not in page and "RuntimeError" not in page
    assert "Något gick fel" in page and 'href="/"' in page  # the portal's own error page, in its layout
    errors = [line for line in log_lines() if line["logger"] == "django.request"]
    assert len(errors) == 1
    assert "RuntimeError: secret detail for [email]" in errors[0]["exception"]
    assert errors[0]["request_id"] == response["X-Request-ID"]
