"""A category's precision change moves the public points of its old reports too (issue 11, finding 4).

The map's GeoJSON (cached per view) and Open311 must show the new public
point at once, never the exact point a category no longer allows.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from incidents.models import PUBLIC_GRID_METRES, Category, Precision, Report, Source, Status, snap_to_grid
from incidents.tests.conftest import SKARHAMN
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

EXACT = (Decimal("57.990123"), Decimal("11.551234"))
CLOSE_VIEW = {"bbox": "11.50,57.95,11.60,58.02", "zoom": "18"}


def map_points(client):
    response = client.get(reverse("incidents:geojson"), CLOSE_VIEW)
    assert response.status_code == 200
    return [tuple(feature["geometry"]["coordinates"]) for feature in response.json()["features"]]


def open311_point(client, report):
    (item,) = client.get(f"/open311/v2/requests/{report.pk}.json").json()
    return item["lat"], item["long"]


def exact_report(make_report, category, **fields):
    return make_report(
        category=category, latitude=EXACT[0], longitude=EXACT[1], status=Status.PUBLISHED, **fields
    )


def test_changing_exact_to_locality_only_moves_old_points_on_the_map_and_in_open311(
    client, make_report, categories, django_capture_on_commit_callbacks
):
    klotter = categories["klotter"]
    assert klotter.public_precision == Precision.EXACT
    report = exact_report(make_report, klotter)
    assert map_points(client) == [(float(EXACT[1]), float(EXACT[0]))]
    assert open311_point(client, report) == (float(EXACT[0]), float(EXACT[1]))

    klotter.public_precision = Precision.LOCALITY
    with django_capture_on_commit_callbacks(execute=True):
        klotter.save()

    locality_point = (float(SKARHAMN[1]), float(SKARHAMN[0]))
    assert map_points(client) == [locality_point]  # the same view again: not the cached exact point
    assert open311_point(client, report) == (float(SKARHAMN[0]), float(SKARHAMN[1]))
    report.refresh_from_db()
    assert (report.public_latitude, report.public_longitude) == SKARHAMN


def test_changing_the_precision_in_the_admin_moves_old_points(
    client, admin_user, make_report, categories, django_capture_on_commit_callbacks
):
    klotter = categories["klotter"]
    report = exact_report(make_report, klotter)
    map_points(client)
    client.force_login(admin_user)
    data = {
        "kind": klotter.kind, "code": klotter.code, "name_sv": klotter.name_sv, "name_en": klotter.name_en,
        "description_sv": "", "description_en": "", "public_precision": Precision.GRID, "active": "on",
        "order": klotter.order,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:incidents_category_change", args=[klotter.pk]), data)
    assert response.status_code == 302
    report.refresh_from_db()
    grid_point = snap_to_grid(EXACT[0], EXACT[1], PUBLIC_GRID_METRES)
    assert (report.public_latitude, report.public_longitude) == grid_point
    client.logout()
    assert map_points(client) == [(float(grid_point[1]), float(grid_point[0]))]


def test_moving_back_to_exact_restores_exact_points_but_police_events_stay_at_their_locality(
    make_report, categories, localities
):
    inbrott = categories["inbrott"]
    assert inbrott.public_precision == Precision.LOCALITY
    resident = exact_report(make_report, inbrott)
    police = exact_report(make_report, inbrott, source=Source.POLICE, external_id="4711")
    inbrott.public_precision = Precision.EXACT
    inbrott.save()
    resident.refresh_from_db()
    police.refresh_from_db()
    assert (resident.public_latitude, resident.public_longitude) == EXACT
    assert (police.public_latitude, police.public_longitude) == SKARHAMN


def test_reports_of_other_categories_and_saves_without_a_precision_change_move_nothing(
    make_report, categories, django_assert_max_num_queries
):
    klotter, belysning = categories["klotter"], categories["belysning"]
    other = exact_report(make_report, belysning)
    exact_report(make_report, klotter)
    klotter.name_en = "Graffiti and tags"
    with django_assert_max_num_queries(4) as queries:
        klotter.save()
    assert not any("incidents_report" in query["sql"] for query in queries.captured_queries)
    klotter.public_precision = Precision.LOCALITY
    klotter.save()
    other.refresh_from_db()
    assert (other.public_latitude, other.public_longitude) == EXACT


def test_replacing_public_points_goes_in_bounded_batches(make_report, categories, django_assert_max_num_queries):
    klotter = categories["klotter"]
    reports = [exact_report(make_report, klotter) for _ in range(5)]
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(public_latitude=None, public_longitude=None)
    # Three batches of two: one read and one write each, and an empty read to end.
    with django_assert_max_num_queries(7):
        moved = Report.objects.filter(category=klotter).replace_public_points(batch_size=2)
    assert moved == 5
    assert set(Report.objects.values_list("public_latitude", "public_longitude")) == {EXACT}
    assert Report.objects.filter(category=klotter).replace_public_points(batch_size=2) == 0  # idempotent


def test_moving_a_localitys_centre_moves_the_points_shown_at_it(
    client, make_report, categories, localities, django_capture_on_commit_callbacks
):
    burglary = exact_report(make_report, categories["inbrott"])
    lighting = exact_report(make_report, categories["belysning"])
    map_points(client)
    skarhamn = localities["skarhamn"]
    skarhamn.latitude, skarhamn.longitude = Decimal("57.989000"), Decimal("11.549000")
    with django_capture_on_commit_callbacks(execute=True):
        skarhamn.save()
    burglary.refresh_from_db()
    lighting.refresh_from_db()
    assert (burglary.public_latitude, burglary.public_longitude) == (Decimal("57.989000"), Decimal("11.549000"))
    assert (lighting.public_latitude, lighting.public_longitude) == EXACT
    assert (11.549, 57.989) in map_points(client)


@pytest.mark.parametrize("precision", [Precision.EXACT, Precision.GRID, Precision.LOCALITY])
def test_the_database_places_points_as_the_per_report_rule_does(make_report, categories, localities, precision):
    klotter = categories["klotter"]
    for index in range(40):
        make_report(
            category=klotter, status=Status.PUBLISHED,
            latitude=Decimal("57.95") + Decimal(index * 2731 % 10007) / 100000,
            longitude=Decimal("11.50") + Decimal(index * 7919 % 10009) / 50000,
            **({"source": Source.POLICE, "external_id": str(index)} if index % 7 == 0 else {}),
        )
    make_report(category=klotter, locality=localities["myggenas"], status=Status.PUBLISHED)  # no point at all
    Category.objects.filter(pk=klotter.pk).update(public_precision=precision)
    Report.objects.filter(category=klotter).place_at_precision(precision)
    placed = {report.pk: (report.public_latitude, report.public_longitude) for report in Report.objects.all()}
    assert Report.objects.filter(category=klotter).replace_public_points() == 0  # the per-report rule agrees
    assert placed == {report.pk: (report.public_latitude, report.public_longitude) for report in Report.objects.all()}


def test_a_precision_change_is_a_few_statements_however_many_reports(
    make_report, categories, django_assert_max_num_queries
):
    klotter = categories["klotter"]
    for _ in range(30):
        exact_report(make_report, klotter)
    klotter.public_precision = Precision.GRID
    with django_assert_max_num_queries(6):
        klotter.save()
    assert Report.objects.filter(category=klotter).replace_public_points() == 0


def test_a_report_saved_with_its_category_loaded_before_the_change_still_gets_the_new_precision(
    make_report, categories, coordinator
):
    klotter = categories["klotter"]
    report = exact_report(make_report, klotter)
    loaded = Report.objects.select_related("category").get(pk=report.pk)  # a moderation request in progress
    klotter.public_precision = Precision.LOCALITY
    klotter.save()  # meanwhile, in the admin
    loaded.set_status(Status.IN_PROGRESS, by=coordinator)
    loaded.refresh_from_db()
    assert (loaded.public_latitude, loaded.public_longitude) == SKARHAMN
