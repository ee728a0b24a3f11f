"""Reports that share one public point open as a group on the map: their number, the newest, and a link to all."""

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from incidents.filters import StaffReportFilterForm
from incidents.maps import POINT_REPORTS
from incidents.models import Report, Status
from incidents.tests.conftest import SKARHAMN
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

# Around Skärhamn, close enough for single points.
CLOSE = {"zoom": 16, "bbox": "11.53,57.98,11.57,58.00"}


@pytest.fixture
def burglaries(make_report, categories):
    """Twelve burglaries in Skärhamn: shown only at the locality's centre, so all on one public point."""
    return [
        make_report(
            category=categories["inbrott"], status=Status.PUBLISHED,
            latitude=Decimal("57.990000") + Decimal(n) / 10000, longitude=Decimal("11.550000"),
        )
        for n in range(12)
    ]


def features(client, **params):
    response = client.get(reverse("incidents:geojson"), {**CLOSE, **params})
    assert response.status_code == 200
    return response.json()["features"]


def test_reports_on_one_point_are_one_group_with_their_number_and_the_newest(client, burglaries):
    (group,) = features(client)
    properties = group["properties"]
    assert properties["group"] is True and properties["count"] == 12
    assert group["geometry"]["coordinates"] == [float(SKARHAMN[1]), float(SKARHAMN[0])]
    newest = sorted(burglaries, key=lambda report: (report.created_at, report.pk), reverse=True)[:POINT_REPORTS]
    assert [report["id"] for report in properties["reports"]] == [report.pk for report in newest]
    assert set(properties["reports"][0]) == {"id", "reference", "category", "kind", "status", "url"}
    assert properties["list_url"].startswith(reverse("incidents:list") + "?")


def test_a_report_alone_at_its_point_stays_a_single_report(client, burglaries, make_report, categories):
    dark_path = make_report(
        category=categories["belysning"], status=Status.PUBLISHED, latitude=Decimal("57.985000"),
        longitude=Decimal("11.540000"),
    )
    singles = [feature for feature in features(client) if "id" in feature["properties"]]
    assert [feature["properties"]["id"] for feature in singles] == [dark_path.pk]


def test_the_group_links_to_the_list_of_all_its_reports_with_the_maps_filters(client, burglaries, make_report):
    make_report(status=Status.PUBLISHED)  # a dark path elsewhere in Skärhamn, not at the centre
    (group,) = [feature for feature in features(client, kind="crime") if feature["properties"].get("group")]
    url = group["properties"]["list_url"]
    assert parse_qs(urlsplit(url).query) == {"kind": ["crime"], "point": ["57.988000,11.548000"]}
    page = client.get(url)
    assert page.context["page"].paginator.count == 12
    assert {report.pk for report in page.context["page"].object_list} == {report.pk for report in burglaries}
    content = page.content.decode()
    assert "Bara rapporterna som delar en plats på kartan visas." in content
    assert f'href="{reverse("incidents:list")}?kind=crime"' in content  # the way back to every place
    assert 'name="point" value="57.988000,11.548000"' in content  # the filters keep the place


def test_many_reports_on_one_point_are_paginated_in_the_list(client, make_report, categories):
    for _ in range(30):
        make_report(category=categories["inbrott"], status=Status.PUBLISHED)
    (group,) = features(client)
    assert group["properties"]["count"] == 30 and len(group["properties"]["reports"]) == POINT_REPORTS
    page = client.get(group["properties"]["list_url"]).context["page"]
    assert page.paginator.count == 30 and len(page.object_list) == 25


def test_only_public_reports_are_in_a_group(client, burglaries):
    burglaries[0].set_status(Status.REJECTED, by=None)
    Report.objects.filter(pk=burglaries[1].pk).update(status=Status.NEW)
    (group,) = features(client)
    ids = {report["id"] for report in group["properties"]["reports"]}
    assert group["properties"]["count"] == 10
    assert burglaries[0].pk not in ids and burglaries[1].pk not in ids


@pytest.mark.parametrize(
    "point", ["x", "57.9", "57.9,11.5,3", "nan,11.5", "91,11.5", "57.9,inf", "1e999999,11", "", ",", "57.988,"]
)
def test_a_bad_point_is_ignored_not_an_error(client, burglaries, point):
    response = client.get(reverse("incidents:list"), {"point": point})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 12
    assert not response.context["at_point"]


def test_the_point_is_matched_to_six_decimals(client, burglaries):
    response = client.get(reverse("incidents:list"), {"point": "57.988,11.548"})
    assert response.context["page"].paginator.count == 12
    assert client.get(reverse("incidents:list"), {"point": "57.988001,11.548"}).context["page"].paginator.count == 0


def test_the_staff_filters_have_no_public_point():
    assert "point" not in StaffReportFilterForm().fields
