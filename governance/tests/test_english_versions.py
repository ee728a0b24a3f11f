"""Promises, decisions, measures and public activities in English: the English version, or Swedish marked lang="sv"."""

from datetime import date, time

import icalendar
import pytest
from django.urls import reverse

from dialog.models import ActivityKind, DialogueActivity
from governance.models import CitizenPromise, PromiseStatus
from governance.tests.meeting_fixtures import (  # noqa: F401
    agreement,
    held_meeting,
    make_decision,
    past_meeting,
    steering,
)
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
SV = {"HTTP_ACCEPT_LANGUAGE": "sv"}


@pytest.fixture
def promises():
    translated = CitizenPromise.objects.create(
        year=2026, title="Tryggare kvällar i hamnen", title_en="Safer evenings in the harbour",
        text="Vi är i hamnen på helgkvällar.", text_en="We are in the harbour on weekend evenings.",
        progress_text="Tolv pass är gjorda.", progress_text_en="Twelve patrols are done.",
        starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), status=PromiseStatus.ON_TRACK,
    )
    untranslated = CitizenPromise.objects.create(
        year=2026, title="Ljusare skolvägar <b>", text="Kommunen lagar mörka platser.",
        starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), status=PromiseStatus.DELAYED,
    )
    return translated, untranslated


def test_promises_in_english_show_english_versions_and_mark_swedish_fallbacks(client, promises):
    html = client.get(reverse("governance:promises"), **EN).content.decode()
    assert "Safer evenings in the harbour" in html and "We are in the harbour on weekend evenings." in html
    assert "Twelve patrols are done." in html
    assert "Tryggare kvällar i hamnen" not in html and "Tolv pass" not in html
    assert '<span lang="sv">Ljusare skolvägar &lt;b&gt;</span>' in html
    assert '<p lang="sv">Kommunen lagar mörka platser.</p>' in html


def test_promises_in_swedish_are_always_swedish(client, promises):
    html = client.get(reverse("governance:promises"), **SV).content.decode()
    assert "Tryggare kvällar i hamnen" in html and "Safer evenings" not in html
    assert 'lang="sv">Ljusare' not in html


def test_public_decisions_in_english(client, held_meeting):
    make_decision(held_meeting, text="Belysningen ska bli bättre.", text_en="The lighting is to be improved.",
                  rationale="Många rapporter.", is_public=True)
    html = client.get(reverse("governance:public_decisions"), **EN).content.decode()
    assert "The lighting is to be improved." in html and "Belysningen ska" not in html
    assert '<span lang="sv">Många rapporter.</span>' in html


@pytest.fixture
def activity(localities):
    return DialogueActivity.objects.create(
        kind=ActivityKind.SAFETY_WALK, title="Trygghetsvandring i Kållekärr", title_en="Safety walk in Kållekärr",
        date=date(2026, 6, 2), starts_at=time(19, 0), locality=localities["skarhamn"], organisers="Kommunen",
        is_public=True, public_description="Vi går tillsammans.",
    )


def test_public_activities_in_english(client, activity):
    html = client.get(reverse("dialog:public_activities"), **EN).content.decode()
    assert "Safety walk in Kållekärr" in html and "Trygghetsvandring i Kållekärr" not in html
    assert '<div lang="sv"><p>Vi går tillsammans.</p></div>' in html
    page = client.get(reverse("dialog:public_activity", args=[activity.pk]), **EN).content.decode()
    assert "<title>Safety walk in Kållekärr" in page and "<h1>Safety walk in Kållekärr</h1>" in page


def test_calendar_feed_follows_the_language(client, activity):
    def summaries(headers):
        calendar = icalendar.Calendar.from_ical(client.get(reverse("dialog:activities_calendar"), **headers).content)
        return [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]

    assert summaries(EN) == ["Safety walk in Kållekärr"]
    assert summaries(SV) == ["Trygghetsvandring i Kållekärr"]


def test_the_promise_form_offers_optional_english_versions(client, coordinator):
    client.force_login(coordinator)
    form = client.get(reverse("governance:promise_create")).context["form"]
    for name in ("title_en", "text_en", "progress_text_en", "evidence_en"):
        assert not form.fields[name].required
        assert form.fields[name].widget.attrs["lang"] == "en"
    response = client.post(reverse("governance:promise_create"), {
        "year": 2026, "title": "Löfte", "title_en": "Promise", "text": "Text", "starts_on": "2026-01-01",
        "ends_on": "2026-12-31", "status": "not_started", "activities_promised": 0, "activities_delivered": 0,
    })
    assert response.status_code == 302
    assert CitizenPromise.objects.get(title="Löfte").title_en == "Promise"
