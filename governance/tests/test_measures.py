from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import ChangeRecord, Measure, MeasureProgress, MeasureStatus, Milestone
from incidents.models import Organisation
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


@pytest.fixture
def make_measure(db):
    def make(**fields):
        today = timezone.localdate()
        fields.setdefault("title", "Belysning vid busshållplatsen")
        fields.setdefault("owner_organisation", Organisation.MUNICIPALITY)
        fields.setdefault("starts_on", today - timedelta(days=30))
        fields.setdefault("due_on", today + timedelta(days=60))
        return Measure.objects.create(**fields)

    return make


def form_data(measure, **changes):
    data = {
        "title": measure.title, "description": measure.description, "kind": measure.kind,
        "category": measure.category_id or "", "locality": measure.locality_id or "",
        "latitude": measure.latitude or "", "longitude": measure.longitude or "",
        "radius_metres": measure.radius_metres or "", "when": measure.when,
        "owner_organisation": measure.owner_organisation,
        "responsible_person": measure.responsible_person_id or "",
        "starts_on": measure.starts_on.isoformat(), "due_on": measure.due_on.isoformat(),
        "completed_on": measure.completed_on.isoformat() if measure.completed_on else "",
        "status": measure.status, "decision": "", "evidence": measure.evidence,
        "incident_filter": measure.incident_filter, "evaluation": measure.evaluation, "version": measure.version,
    }
    data.update(changes)
    return data


# --- List ---


def test_list_shows_overdue_first_then_due_soon_then_the_rest(client, coordinator, make_measure):
    today = timezone.localdate()
    make_measure(title="Later", due_on=today + timedelta(days=90))
    make_measure(title="Soon", due_on=today + timedelta(days=5))
    make_measure(title="Late", due_on=today - timedelta(days=3), starts_on=today - timedelta(days=40))
    client.force_login(coordinator)
    html = client.get(reverse("governance:measure_list")).content.decode()
    assert html.index("Late") < html.index("Soon") < html.index("Later")


def test_list_filters_by_owner(client, coordinator, make_measure):
    make_measure(title="Kommunens åtgärd")
    make_measure(title="Polisens åtgärd", owner_organisation=Organisation.POLICE)
    client.force_login(coordinator)
    html = client.get(reverse("governance:measure_list"), {"owner": "police"}).content.decode()
    assert "Polisens åtgärd" in html and "Kommunens åtgärd" not in html


def test_list_queries_do_not_grow_with_the_number_of_measures(client, coordinator, make_measure,
                                                              django_assert_max_num_queries):
    for n in range(10):
        measure = make_measure(title=f"Åtgärd {n}")
        Milestone.objects.create(measure=measure, title="Steg", due_on=measure.due_on)
        MeasureProgress.objects.create(measure=measure, date=measure.starts_on, text="Igång", percent=20)
    client.force_login(coordinator)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("governance:measure_list"))
    assert response.status_code == 200


# --- Create and edit ---


def test_coordinator_creates_a_measure_and_it_is_recorded(client, coordinator, localities):
    client.force_login(coordinator)
    response = client.post(reverse("governance:measure_create"), {
        "title": "Ny belysning", "owner_organisation": "municipality", "status": "planned",
        "starts_on": "2026-03-01", "due_on": "2026-06-30", "locality": localities["skarhamn"].pk, "version": 1,
    })
    measure = Measure.objects.get(title="Ny belysning")
    assert response.status_code == 302
    record = ChangeRecord.for_object(measure).get()
    assert record.action == "created" and record.actor == coordinator
    assert record.changes["locality"] == [None, "Skärhamn"]


def test_due_before_start_is_refused(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("governance:measure_create"), {
        "title": "Baklänges", "owner_organisation": "municipality", "status": "planned",
        "starts_on": "2026-06-01", "due_on": "2026-05-01", "version": 1,
    })
    assert response.status_code == 200
    assert response.context["form"].errors["due_on"] == ["Slutdatumet kan inte vara före startdatumet."]
    assert not Measure.objects.exists()


def test_coordinator_edits_a_municipal_measure_with_field_diffs_in_the_history(client, coordinator, make_measure):
    measure = make_measure()
    client.force_login(coordinator)
    response = client.post(reverse("governance:measure_edit", args=[measure.pk]),
                           form_data(measure, status="ongoing", title="Ny titel"))
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.title, measure.status, measure.version) == ("Ny titel", "ongoing", 2)
    record = ChangeRecord.for_object(measure).get()
    assert record.changes["status"] == ["planned", "ongoing"]
    assert record.changes["title"] == ["Belysning vid busshållplatsen", "Ny titel"]
    assert "due_on" not in record.changes
    page = client.get(reverse("governance:measure_detail", args=[measure.pk])).content.decode()
    assert "Ny titel" in page and "Pågår" in page


def test_stale_save_is_refused_and_shows_what_the_other_editor_changed(client, coordinator, make_measure):
    measure = make_measure()
    client.force_login(coordinator)
    first = form_data(measure, title="Den första ändringen")
    second = form_data(measure, when="Helgnätter")  # started from the same version
    assert client.post(reverse("governance:measure_edit", args=[measure.pk]), first).status_code == 302
    response = client.post(reverse("governance:measure_edit", args=[measure.pk]), second)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Den första ändringen" in html
    assert response.context["form"].non_field_errors()
    measure.refresh_from_db()
    assert measure.title == "Den första ändringen" and measure.when == ""
    # Saving again, knowingly, from the form shown works.
    again = form_data(measure, title="Den första ändringen", when="Helgnätter")
    assert client.post(reverse("governance:measure_edit", args=[measure.pk]), again).status_code == 302
    measure.refresh_from_db()
    assert measure.when == "Helgnätter" and measure.version == 3


def test_police_liaison_edits_a_police_measure(client, police, make_measure):
    measure = make_measure(owner_organisation=Organisation.POLICE)
    client.force_login(police)
    response = client.post(reverse("governance:measure_edit", args=[measure.pk]), form_data(measure, when="Fredagar"))
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.when == "Fredagar"


def test_police_liaison_cannot_edit_a_municipal_measure(client, police, make_measure):
    measure = make_measure()
    client.force_login(police)
    assert client.get(reverse("governance:measure_edit", args=[measure.pk])).status_code == 403
    assert client.post(reverse("governance:measure_edit", args=[measure.pk]), form_data(measure)).status_code == 403


def test_coordinator_cannot_edit_a_police_measure(client, coordinator, make_measure):
    measure = make_measure(owner_organisation=Organisation.POLICE)
    client.force_login(coordinator)
    assert client.get(reverse("governance:measure_edit", args=[measure.pk])).status_code == 403
    assert client.post(reverse("governance:measure_add_progress", args=[measure.pk]),
                       {"progress-date": "2026-01-01", "progress-text": "x"}).status_code == 403


def test_police_liaison_cannot_hand_a_police_measure_to_the_municipality(client, police, make_measure):
    measure = make_measure(owner_organisation=Organisation.POLICE)
    client.force_login(police)
    response = client.post(reverse("governance:measure_edit", args=[measure.pk]),
                           form_data(measure, owner_organisation="municipality"))
    assert response.status_code == 200 and response.context["form"].errors["owner_organisation"]


@pytest.mark.parametrize("owner,role,allowed", [
    ("municipality", "coordinator", True),
    ("other", "coordinator", True),
    ("police", "coordinator", False),
    ("police", "police", True),
    ("municipality", "police", False),
    ("other", "police", False),
    ("police", "admin_user", True),
    ("municipality", "steering_group_member", False),
    ("municipality", "working_group_member", False),
])
def test_who_may_edit_which_measure(request, make_measure, owner, role, allowed):
    measure = make_measure(owner_organisation=owner)
    assert measure.can_edit(request.getfixturevalue(role)) is allowed


# --- Progress ---


def test_coordinator_reports_progress_with_a_percent(client, coordinator, make_measure):
    measure = make_measure()
    client.force_login(coordinator)
    response = client.post(reverse("governance:measure_add_progress", args=[measure.pk]), {
        "progress-date": "2026-02-01", "progress-text": "Lamporna är beställda.", "progress-percent": "40",
    })
    assert response.status_code == 302
    assert measure.progress_percent == 40
    assert ChangeRecord.for_object(measure).get().action == "progress_reported"


def test_progress_over_100_percent_is_refused(client, coordinator, make_measure):
    measure = make_measure()
    client.force_login(coordinator)
    response = client.post(reverse("governance:measure_add_progress", args=[measure.pk]), {
        "progress-date": "2026-02-01", "progress-text": "För mycket", "progress-percent": "140",
    })
    assert response.status_code == 400
    assert not measure.progress_reports.exists()


def test_progress_comes_from_milestones_rather_than_the_typed_percent(client, coordinator, make_measure):
    measure = make_measure(progress_mode="milestones")
    MeasureProgress.objects.create(measure=measure, date=date(2026, 1, 1), text="Nästan klart", percent=90)
    client.force_login(coordinator)
    for title in ("Beställa", "Montera", "Utvärdera", "Informera"):
        client.post(reverse("governance:measure_add_milestone", args=[measure.pk]),
                    {"milestone-title": title, "milestone-due_on": "2026-04-01"})
    assert measure.milestones.count() == 4
    first = measure.milestones.first()
    assert client.post(reverse("governance:milestone_done", args=[measure.pk, first.pk])).status_code == 302
    assert Measure.objects.get(pk=measure.pk).progress_percent == 25
    actions = list(ChangeRecord.for_object(measure).values_list("action", flat=True))
    assert actions.count("milestone_added") == 4 and actions[-1] == "milestone_done"


def test_marking_a_milestone_of_another_measure_is_404(client, coordinator, make_measure):
    measure, other = make_measure(), make_measure()
    milestone = Milestone.objects.create(measure=other, title="Steg", due_on=other.due_on)
    client.force_login(coordinator)
    assert client.post(reverse("governance:milestone_done", args=[measure.pk, milestone.pk])).status_code == 404


def test_measures_geojson_has_only_measures_with_a_place(client, coordinator, make_measure):
    make_measure(title="Med plats", latitude="57.988000", longitude="11.548000", radius_metres=300)
    make_measure(title="Utan plats")
    client.force_login(coordinator)
    data = client.get(reverse("governance:measures_geojson")).json()
    assert [f["properties"]["title"] for f in data["features"]] == ["Med plats"]
    assert data["features"][0]["geometry"]["coordinates"] == [11.548, 57.988]


def test_detail_shows_process_and_effect_separately(client, steering_group_member, make_measure):
    measure = make_measure(status=MeasureStatus.ONGOING, evaluation="Fungerade bra.")
    client.force_login(steering_group_member)
    html = client.get(reverse("governance:measure_detail", args=[measure.pk])).content.decode()
    assert 'id="process"' in html and 'id="effect"' in html and "Fungerade bra." in html
    assert reverse("governance:measure_edit", args=[measure.pk]) not in html
