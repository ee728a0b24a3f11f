"""Staff search near a place: reports within a radius of a point, a report or a locality, nearest first."""

import math
from decimal import Decimal

import pytest
from django.urls import reverse

from incidents.models import Report, distance_metres
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

CENTRE = (Decimal("57.988000"), Decimal("11.548000"))


def north_of(metres):
    """A point ``metres`` north of the centre (one degree of latitude is about 111.2 km)."""
    return CENTRE[0] + Decimal(metres / 111_195).quantize(Decimal("0.000001")), CENTRE[1]


@pytest.fixture
def reports(make_report):
    made = {}
    for metres in (50, 300, 900, 3000):
        latitude, longitude = north_of(metres)
        made[metres] = make_report(latitude=latitude, longitude=longitude, description=f"{metres} m norr")
    return made


def search(client, **params):
    response = client.get(reverse("incidents:queue"), params)
    assert response.status_code == 200
    return response, list(response.context["page"].object_list)


def test_near_finds_reports_within_the_radius_nearest_first(reports):
    found = list(Report.objects.near(*CENTRE, 1000))
    assert [r.pk for r in found] == [reports[50].pk, reports[300].pk, reports[900].pk]
    for report in found:
        assert report.distance == pytest.approx(
            distance_metres(report.latitude, report.longitude, *CENTRE), abs=1
        )


def test_near_leaves_out_reports_without_a_point(make_report, localities, reports):
    make_report(locality=localities["skarhamn"])
    assert len(Report.objects.near(*CENTRE, 5000)) == 4


def test_queue_searches_around_a_point_and_shows_the_distance(client, coordinator, reports):
    client.force_login(coordinator)
    response, found = search(client, near_latitude=str(CENTRE[0]), near_longitude=str(CENTRE[1]), radius="500")
    assert [r.pk for r in found] == [reports[50].pk, reports[300].pk]
    assert "300 m" in response.content.decode()


def test_police_search_near_a_place(client, police, reports):
    client.force_login(police)
    _response, found = search(client, near_latitude=str(CENTRE[0]), near_longitude=str(CENTRE[1]), radius="5000")
    assert [r.pk for r in found] == [reports[50].pk, reports[300].pk, reports[900].pk, reports[3000].pk]


def test_queue_searches_around_a_report_by_its_reference(client, coordinator, reports):
    client.force_login(coordinator)
    _response, found = search(client, near_place=reports[900].reference, radius="1000")
    assert [r.pk for r in found][:1] == [reports[900].pk]
    assert set(r.pk for r in found) == {reports[50].pk, reports[300].pk, reports[900].pk}


def test_queue_searches_around_a_locality(client, coordinator, reports):
    client.force_login(coordinator)
    _response, found = search(client, near_place="skärhamn", radius="500")
    assert [r.pk for r in found] == [reports[50].pk, reports[300].pk]


def test_other_filters_still_apply_near_a_place(client, coordinator, reports):
    client.force_login(coordinator)
    _response, found = search(client, near_place="Skärhamn", radius="5000", q="900 m")
    assert [r.pk for r in found] == [reports[900].pk]


def test_unknown_place_says_so_and_does_not_filter(client, coordinator, reports):
    client.force_login(coordinator)
    response, found = search(client, near_place="Storgatan 1", radius="500")
    assert len(found) == 4
    assert "Ingen rapport eller ort" in response.content.decode()


@pytest.mark.parametrize("params", [
    {"near_latitude": "91", "near_longitude": "11.5"},
    {"near_latitude": "57.9", "near_longitude": "abc"},
    {"near_latitude": "57.9"},
    {"near_latitude": "57.9", "near_longitude": "11.5", "radius": "999999"},
    {"near_place": "TT-99999999999999"},
    {"near_place": "x" * 500},
])
def test_odd_centres_give_a_list_never_an_error(client, coordinator, reports, params):
    client.force_login(coordinator)
    search(client, **params)


def test_near_narrows_by_a_bounding_box_on_the_indexed_columns_first():
    sql = str(Report.objects.near(*CENTRE, 500).query)
    assert '"incidents_report"."latitude" BETWEEN' in sql and '"incidents_report"."longitude" BETWEEN' in sql


@pytest.mark.parametrize("metres, found", [(990, True), (1010, False)])
def test_near_measures_east_west_as_distance_metres_does(make_report, metres, found):
    per_degree_east = 111_195 * math.cos(math.radians(float(CENTRE[0])))
    report = make_report(latitude=CENTRE[0],
                         longitude=CENTRE[1] + Decimal(metres / per_degree_east).quantize(Decimal("0.000001")))
    assert (report in Report.objects.near(*CENTRE, 1000)) is found


def test_exports_follow_the_search_near_a_place(client, police, reports):
    client.force_login(police)
    query = f"?near_place={reports[300].reference}&radius=500"
    response = client.post(reverse("incidents:export_csv") + query)
    text = b"".join(response.streaming_content).decode("utf-8")
    assert reports[50].reference in text and reports[300].reference in text
    assert reports[900].reference not in text and reports[3000].reference not in text
