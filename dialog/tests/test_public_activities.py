"""The public page of dialogue activities, sign-up and the calendar feed (issue 14)."""

from datetime import date, time

import icalendar
import pytest
from django.urls import reverse

from dialog.models import ActivityKind, DialogueActivity, SignUp, WalkPhase
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


@pytest.fixture
def coming_walk(localities):
    return DialogueActivity.objects.create(
        kind=ActivityKind.SAFETY_WALK, walk_phase=WalkPhase.DARK, title="Trygghetsvandring i Kållekärr",
        date=date(2026, 6, 2), starts_at=time(19, 0), ends_at=time(21, 0), locality=localities["skarhamn"],
        place="Samling vid skolan", organisers="Tjörns kommun och Polisen", is_public=True,
        accessibility="Slingan är 2 km utan trappor.", public_description="Vi går tillsammans och ser på belysningen.",
        signup_limit=2, notes="Intern anteckning: ring Anna på 0701-234567.",
    )


@pytest.fixture
def past_walk(localities):
    return DialogueActivity.objects.create(
        kind=ActivityKind.SAFETY_WALK, walk_phase=WalkPhase.DARK, title="Trygghetsvandring i Skärhamn",
        date=date(2026, 3, 12), locality=localities["skarhamn"], place="Hamnen", organisers="Tjörns kommun",
        is_public=True, public_summary="Trasig belysning på tre platser.",
        public_follow_up="Belysningen lagades i april.", contact="trygg@tjorn.se",
    )


@pytest.fixture
def internal_meeting(localities):
    return DialogueActivity.objects.create(
        kind=ActivityKind.STAFF_DIALOGUE, title="Personaldialog om skolan", date=date(2026, 6, 5),
        locality=localities["skarhamn"], organisers="Kommunen",
    )


def test_public_page_lists_coming_and_past_public_activities_only(client, coming_walk, past_walk, internal_meeting):
    page = client.get(reverse("dialog:public_activities")).content.decode()
    assert coming_walk.title in page and past_walk.title in page
    assert internal_meeting.title not in page
    assert page.index(coming_walk.title) < page.index(past_walk.title)
    assert "Slingan är 2 km utan trappor." in page and "19:00" in page
    assert "Trasig belysning på tre platser." in page and "Belysningen lagades i april." in page
    assert "0701-234567" not in page and "Anna" not in page
    assert reverse("dialog:activities_calendar") in page


def test_public_activity_page_hides_internal_notes_and_participants(client, coming_walk, internal_meeting):
    page = client.get(reverse("dialog:public_activity", args=[coming_walk.pk])).content.decode()
    assert "Vi går tillsammans" in page and "0701-234567" not in page
    assert client.get(reverse("dialog:public_activity", args=[internal_meeting.pk])).status_code == 404


def test_resident_signs_up_with_consent_and_places_are_counted(client, coming_walk):
    url = reverse("dialog:public_activity", args=[coming_walk.pk])
    response = client.post(url, {"name": "Eva", "email": "eva@example.se", "consent": "on"})
    assert response.status_code == 302
    assert SignUp.objects.get().email == "eva@example.se"
    page = client.get(url).content.decode()
    assert "Places left: 1" in page or "Platser kvar: 1" in page


def test_sign_up_without_consent_or_with_bad_email_is_refused_with_a_message(client, coming_walk):
    url = reverse("dialog:public_activity", args=[coming_walk.pk])
    response = client.post(url, {"name": "Eva", "email": "inte-en-adress"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not SignUp.objects.exists()


def test_sign_up_is_refused_when_the_activity_is_full(client, coming_walk):
    url = reverse("dialog:public_activity", args=[coming_walk.pk])
    for name in ("Eva", "Olle"):
        client.post(url, {"name": name, "email": f"{name}@example.se", "consent": "on"})
    response = client.post(url, {"name": "Kim", "email": "kim@example.se", "consent": "on"})
    assert response.status_code == 200
    assert SignUp.objects.count() == 2
    assert 'name="email"' not in client.get(url).content.decode()


def test_past_activity_takes_no_sign_up(client, past_walk):
    past_walk.signup_limit = 10
    past_walk.save()
    url = reverse("dialog:public_activity", args=[past_walk.pk])
    response = client.post(url, {"name": "Eva", "email": "eva@example.se", "consent": "on"})
    assert response.status_code == 200 and not SignUp.objects.exists()
    assert "trygg@tjorn.se" in client.get(url).content.decode()


def test_calendar_feed_has_the_public_activities_as_events(client, coming_walk, past_walk, internal_meeting):
    response = client.get(reverse("dialog:activities_calendar"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {coming_walk.title, past_walk.title}
    walk = events[coming_walk.title]
    assert walk.decoded("DTSTART").hour == 19 and walk.decoded("DTEND").hour == 21
    assert walk.decoded("DTSTART").date() == date(2026, 6, 2)
    assert "Samling vid skolan" in str(walk["LOCATION"])
    assert "0701-234567" not in response.content.decode()
    assert events[past_walk.title].decoded("DTSTART") == date(2026, 3, 12)
    assert len({str(event["UID"]) for event in events.values()}) == 2


def test_qa_page_links_to_the_public_activities(client):
    page = client.get(reverse("dialog:answered")).content.decode()
    assert reverse("dialog:public_activities") in page


def test_coordinator_marks_an_activity_public_with_time_and_accessibility(client, coordinator, localities):
    from dialog.tests.test_activities import management

    data = {
        "kind": ActivityKind.CITIZEN_DIALOGUE, "walk_phase": "", "part_of": "", "title": "Dialogmöte i Myggenäs",
        "date": "2026-06-10", "starts_at": "18:30", "ends_at": "20:00", "locality": localities["myggenas"].pk,
        "place": "Bygdegården", "latitude": "", "longitude": "", "organisers": "Kommunen", "notes": "",
        "is_public": "on", "accessibility": "Hörslinga finns.", "public_description": "", "contact": "",
        "signup_limit": "30", "public_summary": "", "public_follow_up": "", **management(),
    }
    client.force_login(coordinator)
    response = client.post(reverse("dialog:activity_create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    activity = DialogueActivity.objects.get()
    assert activity.is_public and activity.starts_at == time(18, 30) and activity.signup_limit == 30
    data.update(starts_at="20:00", ends_at="18:00")
    response = client.post(reverse("dialog:activity_edit", args=[activity.pk]), data)
    assert "error-summary" in response.content.decode()


def test_sign_ups_are_deleted_a_month_after_the_activity(past_walk, coming_walk):
    from dialog.personal_data import delete_activity_signups
    from trygg.models import RetentionAction

    SignUp.objects.create(activity=past_walk, name="Eva", email="eva@example.se")
    SignUp.objects.create(activity=coming_walk, name="Olle", email="olle@example.se")
    past_walk.date = date(2026, 4, 19)
    past_walk.save()
    assert delete_activity_signups() == 0
    past_walk.date = date(2026, 4, 18)
    past_walk.save()
    assert delete_activity_signups() == 1
    assert list(SignUp.objects.values_list("name", flat=True)) == ["Olle"]
    assert RetentionAction.objects.get().retention_class == "activity_signups"


def test_staff_see_the_number_of_sign_ups_but_the_public_page_shows_no_names(client, coordinator, coming_walk):
    SignUp.objects.create(activity=coming_walk, name="Eva Svensson", email="eva@example.se")
    assert "Eva Svensson" not in client.get(reverse("dialog:public_activity", args=[coming_walk.pk])).content.decode()
    client.force_login(coordinator)
    page = client.get(reverse("dialog:activity_detail", args=[coming_walk.pk])).content.decode()
    assert "Eva Svensson" in page and "eva@example.se" in page
    assert reverse("dialog:public_activity", args=[coming_walk.pk]) in page


def test_home_page_links_to_the_public_activities(client):
    assert reverse("dialog:public_activities") in client.get(reverse("home")).content.decode()


def test_past_walk_shows_the_public_reports_its_concerns_became_and_not_the_others(client, past_walk, make_report):
    from dialog.models import Concern
    from incidents.models import Status

    published = make_report(status=Status.RESOLVED)
    waiting = make_report(status=Status.NEW)
    Concern.objects.create(activity=past_walk, text="Mörkt vid hamnen, sa Anna.", report=published)
    Concern.objects.create(activity=past_walk, text="Klotter", report=waiting)
    page = client.get(reverse("dialog:public_activity", args=[past_walk.pk])).content.decode()
    assert reverse("incidents:detail", args=[published.pk]) in page
    assert reverse("incidents:detail", args=[waiting.pk]) not in page
    assert "sa Anna" not in page


def test_staff_list_marks_public_activities(client, police, coming_walk, internal_meeting):
    client.force_login(police)
    page = client.get(reverse("dialog:activity_list")).content.decode()
    assert page.count('class="badge text-bg-secondary"') == 1
