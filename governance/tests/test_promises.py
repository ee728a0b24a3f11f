from datetime import date

import pytest
from django.urls import reverse

from conftest import make_user
from governance.models import (
    ActionPlan,
    AgendaItem,
    CitizenPromise,
    Decision,
    Group,
    GroupKind,
    Measure,
    Meeting,
    MeetingStatus,
    Milestone,
    PromiseStatus,
)
from trygg import roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def promise(db):
    person = make_user("ansvarig@example.org", roles.POLICE, first_name="Hemlig", last_name="Ansvarig")
    measure = Measure.objects.create(
        title="Fler kvällspatruller i Skärhamn", owner_organisation="police", responsible_person=person,
        starts_on=date(2026, 3, 1), due_on=date(2026, 10, 31), status="ongoing",
        evidence="Intern analys av anmälningar", evaluation="Internt utvärderingsutkast",
    )
    promise = CitizenPromise.objects.create(
        year=2026, title="Tryggare kvällar i hamnen", text="Vi ökar närvaron i hamnen på helgkvällar.",
        starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), status=PromiseStatus.ON_TRACK,
        progress_text="Tolv av tjugo kvällspass är genomförda.", evidence="Trygghetsmätningen 2025 visade otrygghet.",
        activities_promised=20, activities_delivered=12,
    )
    promise.measures.add(measure)
    CitizenPromise.objects.create(
        year=2025, title="Bättre belysning", text="Vi lagar belysningen.", starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31), status=PromiseStatus.KEPT,
    )
    return promise


def test_public_promises_page_shows_promises_with_progress_and_evidence(client, promise):
    html = client.get(reverse("governance:promises")).content.decode()
    for text in ["Tryggare kvällar i hamnen", "Tolv av tjugo kvällspass", "Trygghetsmätningen 2025",
                 "Fler kvällspatruller i Skärhamn", "Bättre belysning"]:
        assert text in html
    assert html.index("Tryggare kvällar") < html.index("Bättre belysning"), "this year first"
    assert "12" in html and "20" in html


def test_public_promises_page_shows_nothing_internal_of_the_measures(client, promise):
    html = client.get(reverse("governance:promises")).content.decode()
    for internal in ["Hemlig", "ansvarig@example.org", "Intern analys", "Internt utvärderingsutkast"]:
        assert internal not in html
    assert reverse("governance:promise_edit", args=[promise.pk]) not in html


def test_coordinator_edits_a_promise(client, coordinator, promise):
    client.force_login(coordinator)
    response = client.post(reverse("governance:promise_edit", args=[promise.pk]), {
        "year": 2026, "title": promise.title, "text": promise.text, "starts_on": "2026-01-01", "ends_on": "2026-12-31",
        "status": "kept", "progress_text": "Alla pass genomförda.", "evidence": promise.evidence,
        "activities_promised": 20, "activities_delivered": 20, "measures": [m.pk for m in promise.measures.all()],
    })
    assert response.status_code == 302
    promise.refresh_from_db()
    assert promise.status == "kept" and promise.activities_delivered == 20


def test_police_create_and_follow_up_a_citizen_promise(client, police):
    client.force_login(police)
    data = {"year": 2026, "title": "Fler fotpatruller", "text": "Polisen och kommunen går tillsammans.",
            "starts_on": "2026-01-01", "ends_on": "2026-12-31", "status": "not_started",
            "activities_promised": 10, "activities_delivered": 0}
    assert client.post(reverse("governance:promise_create"), data).status_code == 302
    promise = CitizenPromise.objects.get(title="Fler fotpatruller")
    data.update(status="on_track", activities_delivered=4)
    assert client.post(reverse("governance:promise_edit", args=[promise.pk]), data).status_code == 302
    promise.refresh_from_db()
    assert promise.activities_delivered == 4


@pytest.mark.parametrize("role", ["working_group_member", "steering_group_member", "staff_member"])
def test_other_roles_cannot_create_citizen_promises(request, client, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("governance:promise_create")).status_code == 403


def test_promise_ending_before_it_starts_is_refused(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("governance:promise_create"), {
        "year": 2026, "title": "Baklänges", "text": "x", "starts_on": "2026-12-31", "ends_on": "2026-01-01",
        "status": "not_started", "activities_promised": 0, "activities_delivered": 0,
    })
    assert response.status_code == 200 and response.context["form"].errors["ends_on"]
    assert not CitizenPromise.objects.filter(title="Baklänges").exists()


@pytest.fixture
def adopted_plan(db):
    group = Group.objects.create(kind=GroupKind.STEERING, name="Styrgruppen", slug="styrgruppen")
    meeting = Meeting.objects.create(group=group, title="Styrgruppsmöte", starts_at="2026-01-20T09:00:00+01:00",
                                     ends_at="2026-01-20T11:00:00+01:00", status=MeetingStatus.HELD)
    item = AgendaItem.objects.create(meeting=meeting, title="Handlingsplan")
    decision = Decision.objects.create(meeting=meeting, agenda_item=item, text="Handlingsplanen antas.",
                                       decided_by=group)
    return ActionPlan.objects.create(year=2026, adopted_by=decision)


def test_action_plan_lists_the_years_measures_and_promises(client, steering_group_member, promise, adopted_plan):
    Measure.objects.create(title="Fjolårets åtgärd", owner_organisation="municipality", starts_on=date(2025, 1, 1),
                           due_on=date(2025, 6, 1))
    Measure.objects.create(title="Över årsskiftet", owner_organisation="municipality", starts_on=date(2025, 9, 1),
                           due_on=date(2026, 3, 1))
    client.force_login(steering_group_member)
    html = client.get(reverse("governance:action_plan", args=[2026])).content.decode()
    assert "Fler kvällspatruller" in html and "Över årsskiftet" in html and "Fjolårets åtgärd" not in html
    assert "Tryggare kvällar i hamnen" in html and "Bättre belysning" not in html
    assert "Styrgruppsmöte" in html


def test_action_plan_for_an_absurd_year_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("governance:action_plan", args=[99999])).status_code == 404


def test_action_plan_without_a_plan_says_not_adopted(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("governance:action_plan", args=[2026]))
    assert response.status_code == 200 and response.context["plan"] is None


def test_dashboard_lists_measures_and_action_plan_for_coordinators(client, coordinator):
    client.force_login(coordinator)
    html = client.get("/min-sida/").content.decode()
    assert reverse("governance:measure_list") in html and reverse("governance:action_plan_current") in html


# --- Permissions: every URL × every role and anonymous ---

VIEWERS = {"coordinator", "working_group_member", "steering_group_member", "police", "admin_user"}
PLAN_VIEWERS = VIEWERS
PROMISE_EDITORS = {"coordinator", "police", "admin_user"}
MEASURE_CREATORS = {"coordinator", "working_group_member", "police", "admin_user"}
EVERYONE = {None, "resident", "staff_member", *VIEWERS}


@pytest.fixture
def objects(promise):
    municipal = Measure.objects.create(title="Kommunal", owner_organisation="municipality",
                                       starts_on=date(2026, 1, 1), due_on=date(2026, 2, 1))
    milestone = Milestone.objects.create(measure=municipal, title="Steg", due_on=date(2026, 1, 15))
    return {"measure": municipal, "police_measure": promise.measures.get(), "milestone": milestone,
            "promise": promise}


# name, method, args (keys of objects), who gets through
URLS = [
    ("measure_list", "get", [], VIEWERS),
    ("measures_geojson", "get", [], VIEWERS),
    ("measure_detail", "get", ["measure"], VIEWERS),
    ("measure_create", "get", [], MEASURE_CREATORS),
    ("measure_edit", "get", ["measure"], {"coordinator", "admin_user"}),
    ("measure_edit", "get", ["police_measure"], {"police", "admin_user"}),
    ("measure_add_progress", "post", ["measure"], {"coordinator", "admin_user"}),
    ("measure_add_progress", "post", ["police_measure"], {"police", "admin_user"}),
    ("measure_add_milestone", "post", ["measure"], {"coordinator", "admin_user"}),
    ("milestone_done", "post", ["measure", "milestone"], {"coordinator", "admin_user"}),
    ("promises", "get", [], EVERYONE),
    ("promise_create", "get", [], PROMISE_EDITORS),
    ("promise_edit", "get", ["promise"], PROMISE_EDITORS),
    ("action_plan_current", "get", [], PLAN_VIEWERS),
    ("action_plan", "get", [2026], PLAN_VIEWERS),
]


@pytest.mark.parametrize("role", [None, "resident", "staff_member", *sorted(VIEWERS)])
@pytest.mark.parametrize("name,method,args,allowed", URLS, ids=[f"{u[0]}-{'-'.join(map(str, u[2]))}" for u in URLS])
def test_permissions(request, client, objects, role, name, method, args, allowed):
    if role:
        client.force_login(request.getfixturevalue(role))
    url = reverse(f"governance:{name}", args=[objects[a].pk if isinstance(a, str) else a for a in args])
    response = getattr(client, method)(url)
    if role in allowed:
        assert response.status_code in (200, 302, 400), response.status_code
        if response.status_code == 302:
            assert "/logga-in/" not in response["Location"]
    elif role is None:
        assert response.status_code == 302 and "/logga-in/" in response["Location"]
    else:
        assert response.status_code == 403
