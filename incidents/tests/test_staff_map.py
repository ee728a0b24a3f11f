"""The staff map: every report, unpublished included, at its exact point; for coordinators and police only."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from incidents.models import Status
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

CENTRE = (Decimal("57.988000"), Decimal("11.548000"))
FAR = (Decimal("58.070000"), Decimal("11.755000"))


@pytest.fixture
def reports(make_report):
    return {
        "new": make_report(latitude=CENTRE[0], longitude=CENTRE[1], description="Ny rapport, hemlig text",
                           contact_name="Anna Anmälare", contact_email="anna@example.org", consent_given=True),
        "published": make_report(latitude=FAR[0], longitude=FAR[1], status=Status.PUBLISHED),
    }


def features(client, **params):
    response = client.get(reverse("incidents:staff_geojson"), params)
    assert response.status_code == 200
    return response, json.loads(response.content)["features"]


def test_staff_map_shows_unpublished_reports_at_their_exact_point(client, coordinator, reports):
    client.force_login(coordinator)
    _response, found = features(client)
    by_reference = {f["properties"]["reference"]: f for f in found}
    assert set(by_reference) == {reports["new"].reference, reports["published"].reference}
    assert by_reference[reports["new"].reference]["geometry"]["coordinates"] == [11.548, 57.988]
    assert by_reference[reports["new"].reference]["properties"]["url"] == reverse(
        "incidents:moderate", args=[reports["new"].pk])


def test_staff_geojson_is_private_never_in_a_shared_cache(client, police, reports):
    client.force_login(police)
    response, _found = features(client)
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "public" not in cache_control


def test_staff_map_shows_no_contact_details_nor_the_reporters_text(client, coordinator, reports):
    client.force_login(coordinator)
    for name in ("incidents:staff_map", "incidents:staff_geojson"):
        text = client.get(reverse(name)).content.decode()
        for secret in ("Anna Anmälare", "anna@example.org", "hemlig text"):
            assert secret not in text


def test_staff_map_uses_the_queue_filters_and_the_radius_search(client, police, reports):
    client.force_login(police)
    _response, found = features(client, status="published")
    assert [f["properties"]["reference"] for f in found] == [reports["published"].reference]
    _response, found = features(client, near_latitude=str(CENTRE[0]), near_longitude=str(CENTRE[1]), radius="1000")
    assert [f["properties"]["reference"] for f in found] == [reports["new"].reference]
    assert found[0]["properties"]["distance"] == "0 m"


def test_staff_map_page_lists_the_reports_for_use_without_javascript(client, coordinator, reports):
    client.force_login(coordinator)
    response = client.get(reverse("incidents:staff_map"), {"near_place": "Storgatan 1"})
    text = response.content.decode()
    assert response.status_code == 200
    assert reports["new"].reference in text and reports["published"].reference in text
    assert "Adresser kan inte slås upp" in text
    assert "<script>" not in text and "data-geojson-url" in text


@pytest.mark.parametrize("name", ["incidents:staff_map", "incidents:staff_geojson"])
def test_working_group_and_residents_may_not_see_the_staff_map(client, working_group_member, resident, name,
                                                               reports):
    for user in (working_group_member, resident):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", ["incidents:staff_map", "incidents:staff_geojson"])
def test_anonymous_is_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
