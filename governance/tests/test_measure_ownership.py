"""Who creates, edits and reports progress on which measure: by owner and responsibility (trygg.roles)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from governance.models import Group, GroupKind, Measure, MeasureProgress, Membership
from incidents.models import Organisation
from trygg import roles
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


@pytest.fixture
def working_group():
    return Group.objects.create(kind=GroupKind.WORKING, name="Arbetsgruppen", slug="arbetsgruppen")


def member_of(group, user, organisation):
    Membership.objects.create(group=group, user=user, organisation=organisation, starts_on=date(2025, 1, 1))
    return user


@pytest.fixture
def municipal_worker(working_group):
    """A working-group member from the municipality."""
    return member_of(working_group, make_user("kommunal@example.org", roles.WORKING_GROUP), Organisation.MUNICIPALITY)


@pytest.fixture
def housing_worker(working_group):
    """A working-group member from another actor (a housing company)."""
    return member_of(working_group, make_user("bostad@example.org", roles.WORKING_GROUP), Organisation.OTHER)


def measure(owner=Organisation.MUNICIPALITY, responsible=None, title="Belysning vid busshållplatsen"):
    today = timezone.localdate()
    return Measure.objects.create(
        title=title, owner_organisation=owner, responsible_person=responsible,
        starts_on=today - timedelta(days=30), due_on=today + timedelta(days=60),
    )


def new_measure_data(**changes):
    data = {"title": "Grannsamverkan i Skärhamn", "owner_organisation": "municipality", "responsible_person": "",
            "starts_on": "2026-06-01", "due_on": "2026-09-30", "status": "planned", "version": 1}
    data.update(changes)
    return data


def progress(client, m):
    return client.post(reverse("governance:measure_add_progress", args=[m.pk]),
                       {"progress-date": "2026-05-19", "progress-text": "Första träffen hölls."})


# --- the table ---


@pytest.mark.parametrize("owner, who, allowed", [
    ("municipality", "municipal_worker", True),
    ("police", "municipal_worker", False),
    ("other", "municipal_worker", False),
    ("other", "housing_worker", True),
    ("municipality", "housing_worker", False),
    ("police", "police", True),
    ("municipality", "police", False),
    ("municipality", "steering_group_member", False),
    ("municipality", "working_group_member", False),  # no membership: only what they are responsible for
])
def test_who_edits_which_measure_by_owner(request, owner, who, allowed):
    m = measure(owner)
    user = request.getfixturevalue(who)
    assert m.can_edit(user) is allowed
    assert (m in Measure.objects.editable_by(user)) is allowed


@pytest.mark.parametrize("who", ["working_group_member", "police", "coordinator"])
def test_the_responsible_person_edits_a_measure_of_another_organisation(request, who):
    user = request.getfixturevalue(who)
    m = measure(Organisation.POLICE if who == "coordinator" else Organisation.OTHER, responsible=user)
    assert m.can_edit(user)
    assert list(Measure.objects.editable_by(user)) == [m]


def test_steering_group_member_edits_no_measure_even_when_responsible(steering_group_member):
    m = measure(responsible=steering_group_member)
    assert not m.can_edit(steering_group_member)
    assert not Measure.objects.editable_by(steering_group_member).exists()


def test_a_membership_that_has_ended_gives_no_organisation(working_group):
    user = make_user("f.d@example.org", roles.WORKING_GROUP)
    Membership.objects.create(group=working_group, user=user, organisation="municipality",
                              starts_on=date(2024, 1, 1), ends_on=date(2025, 12, 31))
    assert not measure().can_edit(user)


# --- through the portal ---


def test_working_group_member_creates_a_measure_of_their_organisation(client, municipal_worker):
    client.force_login(municipal_worker)
    form = client.get(reverse("governance:measure_create")).context["form"]
    assert form["owner_organisation"].value() == "municipality"
    assert form["responsible_person"].value() == municipal_worker.pk
    response = client.post(reverse("governance:measure_create"), new_measure_data())
    assert response.status_code == 302
    assert Measure.objects.get().owner_organisation == "municipality"


def test_working_group_member_cannot_create_a_police_measure_they_are_not_responsible_for(client, municipal_worker):
    client.force_login(municipal_worker)
    response = client.post(reverse("governance:measure_create"), new_measure_data(owner_organisation="police"))
    assert response.status_code == 200 and response.context["form"].errors["owner_organisation"]
    assert not Measure.objects.exists()


def test_working_group_member_reports_progress_on_their_organisations_measure(client, municipal_worker):
    m = measure()
    client.force_login(municipal_worker)
    assert client.get(reverse("governance:measure_edit", args=[m.pk])).status_code == 200
    assert progress(client, m).status_code == 302
    assert MeasureProgress.objects.filter(measure=m, author=municipal_worker).exists()


def test_working_group_member_reports_progress_where_they_are_responsible(client, working_group_member):
    m = measure(Organisation.POLICE, responsible=working_group_member)
    client.force_login(working_group_member)
    assert progress(client, m).status_code == 302


def test_working_group_member_cannot_touch_another_organisations_measure(client, municipal_worker):
    m = measure(Organisation.POLICE)
    client.force_login(municipal_worker)
    assert client.get(reverse("governance:measure_edit", args=[m.pk])).status_code == 403
    assert progress(client, m).status_code == 403
    assert client.post(reverse("governance:measure_add_milestone", args=[m.pk]),
                       {"milestone-title": "x", "milestone-due_on": "2026-06-01"}).status_code == 403
    assert not m.progress_reports.exists() and not m.milestones.exists()
    page = client.get(reverse("governance:measure_detail", args=[m.pk])).content.decode()
    assert reverse("governance:measure_edit", args=[m.pk]) not in page


def test_police_creates_a_police_measure(client, police):
    client.force_login(police)
    response = client.post(reverse("governance:measure_create"), new_measure_data(owner_organisation="police"))
    assert response.status_code == 302
    assert Measure.objects.get().owner_organisation == "police"


def test_police_cannot_report_progress_on_a_municipal_measure(client, police):
    m = measure()
    client.force_login(police)
    assert progress(client, m).status_code == 403
    assert not m.progress_reports.exists()


def test_the_list_filters_the_measures_i_can_edit(client, municipal_worker):
    mine = measure(title="Kommunens åtgärd")
    measure(Organisation.POLICE, title="Polisens åtgärd")
    client.force_login(municipal_worker)
    response = client.get(reverse("governance:measure_list"), {"editable": "on"})
    shown = [m for _id, _heading, measures in response.context["sections"] for m in measures]
    assert shown == [mine]
