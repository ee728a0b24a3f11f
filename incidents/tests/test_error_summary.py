"""The error summary above a public form names only what a person can correct."""

import time

import pytest
from django.conf import settings
from django.core import signing
from django.urls import reverse

from incidents.forms import FORM_STARTED_SALT
from incidents.models import Report
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_error_summary_shows_the_hidden_timing_field_message_without_its_field_name(client, form_data, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    form_data["form_started"] = signing.dumps(time.time(), salt=FORM_STARTED_SALT)
    page = client.post(reverse("incidents:report_new"), form_data).content.decode()
    summary = page.split("error-summary", 1)[1].split("</div>", 1)[0]
    assert "Form started" not in summary and "form_started" not in summary
    assert ("för snabbt" if language == "sv" else "too quickly") in summary
    assert 'href="#id_form_started"' not in summary
    assert not Report.objects.exists()
