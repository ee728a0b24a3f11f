"""Saved reply templates (issue 12): texts the coordinators write once in the admin and pick on the
moderation page for the public response and the private message to the reporter."""

import pytest
from django.urls import reverse

from incidents.models import ReplyTemplate, ReportEvent
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

LAMP = "Tack för din rapport! Gatuenheten byter lampan inom två veckor."


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def lamp_template(categories):
    return ReplyTemplate.objects.create(title="Lampa byts", text=LAMP, category=categories["belysning"])


def moderate_url(report):
    return reverse("incidents:moderate", args=[report.pk])


def action_url(report, action):
    return reverse("incidents:moderate_action", args=[report.pk, action])


def test_templates_offered_are_general_or_for_the_reports_category_and_kind(categories, make_report, lamp_template):
    general = ReplyTemplate.objects.create(title="Tack", text="Tack för din rapport.")
    other_category = next(c for key, c in categories.items() if c != categories["belysning"])
    ReplyTemplate.objects.create(title="Annat", text="Annat.", category=other_category)
    report = make_report()
    assert set(ReplyTemplate.objects.for_report(report)) == {general, lamp_template}


def test_moderation_page_offers_templates_for_response_and_message(coordinator_client, make_report, lamp_template):
    report = make_report()
    page = coordinator_client.get(moderate_url(report)).content.decode()
    assert page.count("Lampa byts") == 2
    assert 'for="response-template"' in page and 'for="message-template"' in page
    assert "reply_templates.js" in page


@pytest.mark.parametrize("action", ["message", "response"])
def test_use_template_without_js_fills_the_text_and_saves_nothing(coordinator_client, make_report, lamp_template, action):
    report = make_report()
    response = coordinator_client.post(
        action_url(report, action), {f"{action}-text": "", f"{action}-template": lamp_template.pk, "use_template": "1"}
    )
    assert response.status_code == 200
    assert LAMP in response.content.decode()
    assert not report.events.exclude(action=ReportEvent.Action.CREATED).exists()
    report.refresh_from_db()
    assert report.public_response == ""


def test_use_template_with_no_or_unknown_template_says_so(coordinator_client, make_report):
    report = make_report()
    response = coordinator_client.post(
        action_url(report, "message"), {"message-text": "", "message-template": "999", "use_template": "1"}
    )
    assert response.status_code == 200
    assert "Välj en svarsmall." in response.content.decode()


def test_police_cannot_use_templates(client, police, make_report, lamp_template):
    client.force_login(police)
    report = make_report()
    response = client.post(
        action_url(report, "message"), {"message-template": lamp_template.pk, "use_template": "1"}
    )
    assert response.status_code == 403


def test_coordinator_edits_templates_in_the_admin(coordinator_client):
    response = coordinator_client.post(
        reverse("admin:incidents_replytemplate_add"), {"title": "Tack", "text": "Tack för din rapport.", "kind": ""}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ReplyTemplate.objects.filter(title="Tack").exists()


def test_demo_data_brings_a_few_reply_templates_once(categories):
    from incidents.demo import seed_reply_templates

    assert seed_reply_templates() > 0
    count = ReplyTemplate.objects.count()
    assert seed_reply_templates() == 0
    assert ReplyTemplate.objects.count() == count
