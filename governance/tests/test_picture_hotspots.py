"""Hotspots people recognise: a minimum size, named by locality, numbered on a Leaflet map with the table as fallback."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from governance.picture import HOTSPOT_MINIMUM, MONTH, Period, compute
from incidents.models import Status
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-11-26 10:00")]

OCTOBER = Period.containing(MONTH, date(2026, 10, 15))
TODAY = date(2026, 11, 26)
SKARHAMN = (Decimal("57.988000"), Decimal("11.548000"))
MYGGENAS = (Decimal("58.070000"), Decimal("11.755000"))
PARAMS = {"period": "month", "date_from": "2026-10-01"}


@pytest.fixture
def reports(make_report, categories, localities):
    def add(n, at, locality):
        for _ in range(n):
            make_report(occurred_on=date(2026, 10, 3), category=categories["klotter"], status=Status.PUBLISHED,
                        latitude=at[0], longitude=at[1], locality=locality)

    add(4, SKARHAMN, localities["skarhamn"])
    add(HOTSPOT_MINIMUM - 1, MYGGENAS, localities["myggenas"])
    add(1, (Decimal("57.900"), Decimal("11.600")), None)


def test_a_cell_needs_a_minimum_of_reports_to_be_a_hotspot(reports):
    hotspots = compute(OCTOBER, today=TODAY)["hotspots"]
    assert [(cell["locality"], cell["count"]) for cell in hotspots["top"]] == [("Skärhamn", 4)]
    assert hotspots["minimum"] == HOTSPOT_MINIMUM
    assert len(hotspots["cells"]) == 3  # the smaller cells still count beside the unsafe places


def hotspot_table(page):
    return page.split('id="hotspots-heading"')[1].split("</table>")[0]


def test_hotspot_table_names_the_locality_not_coordinates(client, steering_group_member, reports):
    client.force_login(steering_group_member)
    table = hotspot_table(client.get(reverse("governance:picture"), PARAMS).content.decode())
    rows = re.findall(r"<tr data-hotspot.*?</tr>", table, re.S)
    assert len(rows) == 1 and "Skärhamn" in rows[0]
    assert not re.search(r">\s*57\.\d+, 11\.\d+\s*<", table)


def test_a_cell_without_a_report_locality_is_named_by_the_nearest_locality(make_report, categories, localities):
    near_myggenas = (Decimal("58.060"), Decimal("11.750"))
    for _ in range(HOTSPOT_MINIMUM):
        make_report(occurred_on=date(2026, 10, 3), category=categories["klotter"], latitude=near_myggenas[0],
                    longitude=near_myggenas[1], locality=None)
    assert compute(OCTOBER, today=TODAY)["hotspots"]["top"][0]["locality"] == "Myggenäs"


@pytest.mark.parametrize("url", ["governance:picture", "governance:public_picture"])
def test_hotspots_are_numbered_on_a_leaflet_map_fed_by_the_table(client, steering_group_member, reports, url):
    client.force_login(steering_group_member)
    page = client.get(reverse(url), PARAMS).content.decode()
    assert 'id="hotspot-map"' in page and "data-tiles-url=" in page and "data-bounds=" in page
    assert re.search(r'<tr data-hotspot data-rank="1" data-latitude="57\.98\d+" data-longitude="11\.54\d+"', page)
    assert "js/hotspot_map.js" in page and "leaflet" in page
    # No inline script: every script element loads a file (or holds JSON data).
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert " style=" not in page


def test_static_hotspot_map_names_localities_outlines_the_area_and_numbers_the_hotspots(
    client, steering_group_member, reports
):
    client.force_login(steering_group_member)
    svg = client.get(reverse("governance:picture_hotspots_svg"), PARAMS).content.decode()
    assert "data-outline" in svg  # the service area
    assert re.search(r'<text[^>]*data-locality="Skärhamn"[^>]*>Skärhamn</text>', svg)
    assert re.search(r'<text[^>]*data-locality="Myggenäs"', svg)
    assert re.search(r'<g data-rank="1"><circle[^>]*/><text[^>]*>1</text></g>', svg)
    assert svg.count("data-rank=") == 1  # only hotspots are numbered


def test_static_hotspot_map_is_well_formed_xml(client, steering_group_member, reports):
    from xml.dom import minidom

    client.force_login(steering_group_member)
    minidom.parseString(client.get(reverse("governance:picture_hotspots_svg"), PARAMS).content)


@pytest.mark.parametrize("period", [OCTOBER, Period(date(2026, 10, 2), date(2026, 10, 20))],
                         ids=["whole month (rollups)", "days (reports)"])
def test_a_tie_names_the_first_category_by_name_and_the_first_locality(period, make_report, categories, localities):
    from incidents.models import Category

    first, second = sorted(Category.objects.filter(code__in=["klotter", "skadegorelse"]), key=lambda c: c.name_sv)
    older, newer = sorted([localities["skarhamn"], localities["myggenas"]], key=lambda locality: locality.pk)
    for category, locality in ((second, newer), (first, older), (second, older), (first, newer)):
        make_report(occurred_on=date(2026, 10, 3), category=category, status=Status.PUBLISHED,
                    latitude=SKARHAMN[0], longitude=SKARHAMN[1], locality=locality)
    cell = compute(period, today=TODAY)["hotspots"]["top"][0]
    assert (cell["count"], cell["category"], cell["locality"]) == (4, first.name_sv, older.name)
