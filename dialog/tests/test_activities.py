"""Dialogue activities: logging meetings and safety walks, and turning a walk's concerns into reports."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override

from dialog.models import ActivityKind, Concern, DialogueActivity, Participation, WalkPhase
from incidents.models import Kind, Report, ReportEvent, Source, Status, TimeOfDay

pytestmark = pytest.mark.django_db


def sv(text):
    with override("sv"):
        return gettext(text)


def management(prefix="concerns", total=3, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000",
    }


@pytest.fixture
def activity_data(localities):
    data = {
        "kind": ActivityKind.SAFETY_WALK,
        "walk_phase": WalkPhase.DARK,
        "part_of": "",
        "title": "Trygghetsvandring i Skärhamn",
        "date": "2026-03-12",
        "locality": localities["skarhamn"].pk,
        "place": "Från busstationen till hamnen",
        "latitude": "",
        "longitude": "",
        "organisers": "Tjörns kommun och Polisen",
        "notes": "Kallt men bra uppslutning.",
        "participants-residents": "14",
        "participants-young_people": "3",
        "participants-police": "2",
        **management(),
    }
    for index in range(3):
        data.update({f"concerns-{index}-text": "", f"concerns-{index}-category": "",
                     f"concerns-{index}-latitude": "", f"concerns-{index}-longitude": ""})
    return data


@pytest.fixture
def walk(localities, categories):
    activity = DialogueActivity.objects.create(
        kind=ActivityKind.SAFETY_WALK, walk_phase=WalkPhase.DARK, title="Trygghetsvandring i Skärhamn",
        date=date(2026, 3, 12), locality=localities["skarhamn"], place="Hamnen", organisers="Tjörns kommun",
    )
    Participation.objects.create(activity=activity, group="residents", count=12)
    return activity


def test_coordinator_logs_a_safety_walk_with_participants_and_concerns(client, coordinator, activity_data, categories):
    activity_data.update({
        "concerns-0-text": "Trasig belysning på gångvägen bakom skolan.",
        "concerns-0-category": categories["belysning"].pk,
        "concerns-0-latitude": "57.989100", "concerns-0-longitude": "11.549200",
        "concerns-1-text": "Buskar skymmer sikten vid övergångsstället.",
    })
    client.force_login(coordinator)
    response = client.post(reverse("dialog:activity_create"), activity_data)
    activity = DialogueActivity.objects.get()
    assert response["Location"] == reverse("dialog:activity_detail", args=[activity.pk])
    assert activity.created_by == coordinator and activity.walk_phase == WalkPhase.DARK
    assert {p.group: p.count for p in activity.participants.all()} == {"residents": 14, "young_people": 3, "police": 2}
    assert activity.participant_count == 19
    concerns = list(activity.concerns.all())
    assert [c.text[:7] for c in concerns] == ["Trasig ", "Buskar "]
    assert concerns[0].latitude == Decimal("57.989100") and concerns[1].latitude is None
    page = client.get(response["Location"]).content.decode()
    assert "Trasig belysning" in page and ">19<" in page


@pytest.mark.parametrize(
    "latitude, longitude", [("59.3293", "18.0686"), ("91", "11.6"), ("abc", "11.6"), ("57.99", ""), ("NaN", "11.6")]
)
def test_concern_with_bad_coordinates_gets_a_form_error(client, coordinator, activity_data, latitude, longitude):
    activity_data.update({"concerns-0-text": "Mörkt", "concerns-0-latitude": latitude, "concerns-0-longitude": longitude})
    client.force_login(coordinator)
    response = client.post(reverse("dialog:activity_create"), activity_data)
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not DialogueActivity.objects.exists()


def test_activity_with_a_point_outside_the_area_gets_a_form_error(client, coordinator, activity_data):
    activity_data.update(latitude="59.3293", longitude="18.0686")
    client.force_login(coordinator)
    assert "error-summary" in client.post(reverse("dialog:activity_create"), activity_data).content.decode()
    assert not DialogueActivity.objects.exists()


def test_negative_participant_count_is_refused(client, coordinator, activity_data):
    activity_data["participants-residents"] = "-4"
    client.force_login(coordinator)
    assert "error-summary" in client.post(reverse("dialog:activity_create"), activity_data).content.decode()
    assert not DialogueActivity.objects.exists()


def test_only_safety_walks_have_phases(client, coordinator, activity_data):
    activity_data["kind"] = ActivityKind.CITIZEN_DIALOGUE
    client.force_login(coordinator)
    response = client.post(reverse("dialog:activity_create"), activity_data)
    assert "error-summary" in response.content.decode()
    activity_data["walk_phase"] = ""
    assert client.post(reverse("dialog:activity_create"), activity_data).status_code == 302


def test_phases_of_a_walk_are_linked_and_listed(client, coordinator, walk, activity_data):
    walk.walk_phase = WalkPhase.INTRODUCTION
    walk.save()
    client.force_login(coordinator)
    form = client.get(reverse("dialog:activity_create"), {"del_av": walk.pk}).content.decode()
    assert f'<option value="{walk.pk}" selected>' in form
    activity_data.update(part_of=walk.pk, walk_phase=WalkPhase.DAYLIGHT, date="2026-03-19")
    client.post(reverse("dialog:activity_create"), activity_data)
    phase = DialogueActivity.objects.get(part_of=walk)
    page = client.get(reverse("dialog:activity_detail", args=[walk.pk])).content.decode()
    assert reverse("dialog:activity_detail", args=[phase.pk]) in page


def test_coordinator_edits_participants_and_removes_a_concern(client, coordinator, walk, activity_data):
    concern = Concern.objects.create(activity=walk, text="Klotter på elskåpet")
    activity_data.update(management(total=4, initial=1))
    activity_data.update({
        "concerns-0-id": concern.pk, "concerns-0-activity": walk.pk, "concerns-0-text": concern.text,
        "concerns-0-DELETE": "on", "concerns-3-text": "", "participants-residents": "",
    })
    client.force_login(coordinator)
    response = client.post(reverse("dialog:activity_edit", args=[walk.pk]), activity_data)
    assert response.status_code == 302
    assert not Concern.objects.exists()
    assert {p.group for p in walk.participants.all()} == {"young_people", "police"}


def test_list_filters_by_kind_locality_and_year(client, police, walk, localities):
    DialogueActivity.objects.create(
        kind=ActivityKind.BUSINESS_MEETING, title="Möte med handlarna", date=date(2025, 5, 2),
        locality=localities["myggenas"], organisers="Kommunen",
    )
    client.force_login(police)
    url = reverse("dialog:activity_list")
    page = client.get(url).content.decode()
    assert "Möte med handlarna" in page and walk.title in page
    for query in ({"kind": "business_meeting"}, {"locality": localities["myggenas"].pk}, {"year": 2025}):
        page = client.get(url, query).content.decode()
        assert "Möte med handlarna" in page and walk.title not in page, query
    assert client.get(url, {"year": "x", "kind": "?"}).status_code == 200


def test_concern_with_a_point_becomes_a_safety_walk_report_once(client, coordinator, walk, categories):
    concern = Concern.objects.create(
        activity=walk, text="Trasig belysning bakom skolan.", category=categories["belysning"],
        latitude=Decimal("57.989100"), longitude=Decimal("11.549200"),
    )
    client.force_login(coordinator)
    response = client.post(reverse("dialog:concern_to_report", args=[concern.pk]))
    assert response["Location"] == reverse("dialog:activity_detail", args=[walk.pk])
    concern.refresh_from_db()
    report = concern.report
    assert report.source == Source.SAFETY_WALK and report.status == Status.NEW
    assert report.kind == Kind.UNSAFE_PLACE and report.category.code == "belysning"
    assert (report.latitude, report.longitude) == (concern.latitude, concern.longitude)
    assert report.locality.name == "Skärhamn" and report.occurred_on == walk.date
    assert report.time_of_day == TimeOfDay.EVENING
    assert report.events.filter(action=ReportEvent.Action.NOTE, actor=coordinator).exists()
    page = client.get(response["Location"]).content.decode()
    assert reverse("incidents:moderate", args=[report.pk]) in page

    response = client.post(reverse("dialog:concern_to_report", args=[concern.pk]), follow=True)
    assert Report.objects.count() == 1
    assert sv("This concern has already been turned into a report.") in response.content.decode()


def test_concern_without_point_or_category_becomes_a_report_at_the_locality(client, coordinator, localities, categories):
    meeting = DialogueActivity.objects.create(
        kind=ActivityKind.CITIZEN_DIALOGUE, title="Medborgardialog", date=date(2026, 2, 1),
        locality=localities["myggenas"], place="Bygdegården", organisers="Kommunen",
    )
    concern = Concern.objects.create(activity=meeting, text="Otryggt vid färjeläget på kvällen.")
    client.force_login(coordinator)
    client.post(reverse("dialog:concern_to_report", args=[concern.pk]))
    report = Concern.objects.get().report
    assert report.source == Source.STAFF and report.category.code == "otrygg-plats"
    assert report.latitude is None and report.locality == localities["myggenas"]
    assert report.place_description == "Bygdegården"
    assert report.public_latitude == localities["myggenas"].latitude


def test_concern_to_report_takes_only_post_and_an_existing_concern(client, coordinator):
    client.force_login(coordinator)
    assert client.post(reverse("dialog:concern_to_report", args=[999])).status_code == 404
    assert client.get(reverse("dialog:concern_to_report", args=[999])).status_code == 405


def test_police_see_the_walk_but_cannot_turn_concerns_into_reports(client, police, walk):
    concern = Concern.objects.create(activity=walk, text="Mörkt vid hamnen.")
    client.force_login(police)
    page = client.get(reverse("dialog:activity_detail", args=[walk.pk])).content.decode()
    assert "Mörkt vid hamnen." in page
    assert reverse("dialog:concern_to_report", args=[concern.pk]) not in page
    assert client.post(reverse("dialog:concern_to_report", args=[concern.pk])).status_code == 403
    assert not Report.objects.exists()
