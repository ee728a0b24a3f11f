"""The map's cells kept by the database (incidents.map_cells) against the public reports themselves.

On random reports and random changes (status, merges, moved points, categories, deletions) the
kept cells equal the raw count, and a view that holds every report (the whole service area) gets
the same features from the kept cells as from counting the reports. The kept points
(PublicPointCount) give close views (zoom ≥ 15) exactly the features of counting the reports, in
any box, shown as points or, when there are too many points, as cells.
"""

import random
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from incidents import map_cells
from incidents.filters import ReportFilterForm
from incidents import maps
from incidents.maps import kept_close_features, map_features, rolled_up_cell_features, view_features
from incidents.models import PublicCellCount, PublicFineCellCount, PublicPointCount, Report, Status

pytestmark = pytest.mark.django_db

STATUSES = [s.value for s in Status]


def random_reports(rng, make_report, categories, localities, n=40, spots=1000):
    """n reports; with few `spots` many of them share a point (exact precision too)."""
    for _ in range(n):
        category = rng.choice(list(categories.values()))
        make_report(category=category, status=rng.choice(STATUSES), locality=rng.choice(list(localities.values())),
                    latitude=Decimal("57.95") + Decimal(rng.randrange(spots) * (1000 // spots)) / 10000,
                    longitude=Decimal("11.55") + Decimal(rng.randrange(spots) * (1000 // spots)) / 5000)


def change_something(rng, categories):
    reports = list(Report.objects.order_by("pk"))
    report = rng.choice(reports)
    action = rng.choice(["status", "merge", "move", "category", "delete"])
    if action == "status":
        Report.objects.filter(pk=report.pk).update(status=rng.choice(STATUSES))
    elif action == "merge":
        other = rng.choice(reports)
        if other.pk != report.pk:
            Report.objects.filter(merged_into=report).update(merged_into=None)
            Report.objects.filter(pk=report.pk).update(merged_into=other)
    elif action == "move":
        Report.objects.filter(pk=report.pk).update(public_latitude=Decimal("57.99") + Decimal(rng.randrange(500)) / 10000)
    elif action == "category":
        category = rng.choice(list(categories.values()))
        Report.objects.filter(pk=report.pk).update(category=category, kind=category.kind)
    else:
        Report.objects.filter(merged_into=report).update(merged_into=None)
        report.events.all().delete()
        report.delete()


def whole_area():
    south, west, north, east = settings.MAP_BOUNDS
    return (west, south, east, north)


def random_box(rng):
    """A box inside the area of random_reports, its edges anywhere (on a point now and then)."""
    south = 57.95 + rng.randrange(0, 700) / 10000
    west = 11.55 + rng.randrange(0, 1400) / 5000
    return (west, south, west + rng.randrange(50, 800) / 5000, south + rng.randrange(20, 400) / 10000)


def assert_same_features(kept, counted):
    assert [f["properties"] for f in kept] == [f["properties"] for f in counted]
    for a, b in zip(kept, counted):
        assert a["geometry"]["coordinates"] == pytest.approx(b["geometry"]["coordinates"], abs=2e-6)


def assert_close_views_equal_counting(rng, categories, kinds=(None,)):
    for zoom in (15, 16, 17):
        for bbox in [whole_area()] + [random_box(rng) for _ in range(3)]:
            for kind in kinds:
                reports = Report.objects.public()
                if kind:
                    reports = reports.filter(kind=kind)
                assert_same_features(kept_close_features(bbox, zoom, kind=kind, list_query="kind=x"),
                                     map_features(reports, bbox, zoom, list_query="kind=x"))
            category = rng.choice(list(categories.values()))
            assert_same_features(kept_close_features(bbox, zoom, category=category),
                                 map_features(Report.objects.public().filter(category=category), bbox, zoom))


@pytest.mark.parametrize("seed", [1, 2])
def test_kept_cells_equal_the_public_reports_after_random_changes(seed, make_report, categories, localities):
    rng = random.Random(seed)
    random_reports(rng, make_report, categories, localities)
    assert PublicCellCount.objects.exists() and map_cells.differences() == []
    for _ in range(4):
        for _ in range(5):
            change_something(rng, categories)
        assert map_cells.differences() == []
        for zoom in (10, 11, 12, 14):
            kept = rolled_up_cell_features(whole_area(), zoom)
            counted = map_features(Report.objects.public(), whole_area(), zoom)
            assert [f["properties"] for f in kept] == [f["properties"] for f in counted]
            for a, b in zip(kept, counted):
                assert a["geometry"]["coordinates"] == pytest.approx(b["geometry"]["coordinates"], abs=2e-6)


@pytest.mark.parametrize("seed", [4, 5])
@pytest.mark.parametrize("max_features, point_reports", [(2000, 10), (2000, 2), (6, 2), (40, 2)])
def test_close_views_from_kept_points_equal_counting_after_random_changes(
    seed, max_features, point_reports, monkeypatch, make_report, categories, localities
):
    """Points one by one (groups at shared points, their newest reports) when few; cells when more than MAX_FEATURES."""
    monkeypatch.setattr(maps, "MAX_FEATURES", max_features)
    monkeypatch.setattr(maps, "POINT_REPORTS", point_reports)
    rng = random.Random(seed)
    random_reports(rng, make_report, categories, localities, n=60, spots=4)
    kinds = (None, *sorted({category.kind for category in categories.values()}))
    assert PublicPointCount.objects.exists() and map_cells.point_differences() == []
    assert_close_views_equal_counting(rng, categories, kinds)
    for _ in range(4):
        for _ in range(5):
            change_something(rng, categories)
        assert map_cells.point_differences() == []
        assert_close_views_equal_counting(rng, categories, kinds)


@pytest.mark.parametrize("seed", [7, 8])
def test_close_views_count_the_points_on_their_edges(seed, monkeypatch, make_report, categories, localities):
    """Fine cells wholly inside the box count whole; those on its edges count only their points inside the box."""
    monkeypatch.setattr(maps, "MAX_FEATURES", 50)  # more points than this: cells
    rng = random.Random(seed)
    fine_lat, fine_lon = map_cells.steps(map_cells.FINE_ZOOM)
    west, south = 11.6 + rng.random() * fine_lon, 57.99 + rng.random() * fine_lat
    box = (west, south, west + 6 * fine_lon, south + 6 * fine_lat)
    for _ in range(160):  # in the box and up to one and a half fine cells around it, many in its edge cells
        make_report(category=categories[rng.choice(["belysning", "klotter"])], status=Status.PUBLISHED,
                    locality=localities["skarhamn"],
                    latitude=Decimal(f"{south + (rng.random() * 9 - 1.5) * fine_lat:.6f}"),
                    longitude=Decimal(f"{west + (rng.random() * 9 - 1.5) * fine_lon:.6f}"))
    for zoom in (15, 16, 17, 18):
        for bbox in (box, (box[0] + fine_lon / 3, box[1] - fine_lat / 4, box[2] + fine_lon / 2, box[3] + fine_lat / 5)):
            kept = kept_close_features(bbox, zoom)
            assert kept and all(f["properties"].get("cell") for f in kept)
            assert_same_features(kept, map_features(Report.objects.public(), bbox, zoom))
            assert_same_features(kept_close_features(bbox, zoom, kind="disorder"),
                                 map_features(Report.objects.public().filter(kind="disorder"), bbox, zoom))


def test_rebuild_gives_the_same_points(make_report, categories, localities):
    random_reports(random.Random(6), make_report, categories, localities, n=15)
    fields = ("latitude", "longitude", "category_id", "kind", "reports")
    before = sorted(PublicPointCount.objects.filter(reports__gt=0).values_list(*fields))
    map_cells.rebuild()
    assert sorted(PublicPointCount.objects.values_list(*fields)) == before
    PublicPointCount.objects.update(reports=3)
    assert map_cells.differences() != []
    map_cells.rebuild()
    assert map_cells.differences() == []


def test_check_rollups_finds_and_mends_the_kept_points_and_fine_cells(make_report):
    make_report(status=Status.PUBLISHED)
    for tampered in (PublicPointCount, PublicFineCellCount):
        tampered.objects.update(reports=4)
        with pytest.raises(CommandError, match="map's kept cells differ"):
            call_command("check_rollups", stdout=StringIO())
        call_command("check_rollups", "--rebuild", stdout=StringIO())
        assert tampered.objects.get().reports == 1


def test_close_views_read_the_kept_points(make_report, categories, localities):
    make_report(category=categories["klotter"], status=Status.PUBLISHED)
    make_report(category=categories["belysning"], status=Status.PUBLISHED)
    PublicPointCount.objects.filter(category=categories["klotter"]).update(reports=7)  # tampered: read from here
    # Both at Skärhamn's point: one group.
    assert [f["properties"]["count"] for f in view_features(ReportFilterForm({}), whole_area(), 17)] == [8]
    with override_settings(MAP_ROLLUPS=False):
        assert [f["properties"]["count"] for f in view_features(ReportFilterForm({}), whole_area(), 17)] == [2]


def test_rebuild_gives_the_same_cells(make_report, categories, localities):
    random_reports(random.Random(3), make_report, categories, localities, n=15)
    before = sorted(PublicCellCount.objects.filter(reports__gt=0).values_list(
        "cell_y", "cell_x", "category_id", "kind", "reports", "latitude_sum", "longitude_sum"))
    map_cells.rebuild()
    after = sorted(PublicCellCount.objects.values_list(
        "cell_y", "cell_x", "category_id", "kind", "reports", "latitude_sum", "longitude_sum"))
    assert before == after


def test_kind_and_category_filters_read_the_kept_cells(make_report, categories, localities):
    make_report(category=categories["klotter"], status=Status.PUBLISHED)
    make_report(category=categories["belysning"], status=Status.PUBLISHED)
    PublicCellCount.objects.filter(category=categories["klotter"]).update(reports=7)  # tampered: read from here
    form = ReportFilterForm({"category": categories["klotter"].pk})
    features = view_features(form, whole_area(), 11)
    assert [f["properties"]["count"] for f in features] == [7]
    # Any other filter counts the reports themselves.
    form = ReportFilterForm({"category": categories["klotter"].pk, "locality": localities["skarhamn"].pk})
    assert [f["properties"]["count"] for f in view_features(form, whole_area(), 11)] == [1]
    with override_settings(MAP_ROLLUPS=False):
        assert [f["properties"]["count"] for f in view_features(ReportFilterForm({}), whole_area(), 11)] == [2]


def test_geojson_view_answers_wide_views_from_the_kept_cells(client, make_report, categories, localities):
    make_report(status=Status.PUBLISHED)
    PublicCellCount.objects.update(reports=5)
    west, south, east, north = whole_area()
    response = client.get(reverse("incidents:geojson"), {"bbox": f"{west},{south},{east},{north}", "zoom": 11})
    assert response.status_code == 200
    assert [f["properties"]["count"] for f in response.json()["features"]] == [5]
