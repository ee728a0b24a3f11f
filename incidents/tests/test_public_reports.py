import json
import re
import random
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.maps import MAX_FEATURES
from incidents.models import PUBLIC_STATUSES, Report, Source, Status, snap_to_grid
from incidents.tests.conftest import SKARHAMN
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

# A point in Skärhamn, away from the locality's centre and from any grid-cell centre.
PLACE = (Decimal("57.991234"), Decimal("11.553321"))
SECRETS = {
    "contact_name": "Hemliga Hanna Xq7",
    "contact_email": "hanna.xq7@example.org",
    "contact_phone": "070-777 31 31",
    "description": "ORIGINALTEXT-XQ7 med namn på grannen",
    "place_description": "Storgatan 7 XQ7, hos Hanna",
}


@pytest.fixture
def publish(make_report):
    def make(**fields):
        fields.setdefault("status", Status.PUBLISHED)
        fields.setdefault("public_description", "Trasig lampa vid gångvägen.")
        return make_report(**fields)

    return make


def geojson(client, **params):
    response = client.get(reverse("incidents:geojson"), params)
    assert response.status_code == 200, response.content
    return response.json()["features"]


def listed_references(client, **params):
    content = client.get(reverse("incidents:list"), params).content.decode()
    return {ref for ref in (f"TT-{pk:06d}" for pk in Report.objects.values_list("pk", flat=True)) if ref in content}


# --- Only published reports are public. ---


def test_list_shows_only_public_reports(client, publish):
    public = [publish(status=status) for status in PUBLIC_STATUSES]
    hidden = [publish(status=status) for status in (Status.NEW, Status.REJECTED, Status.WITHDRAWN)]
    merged = publish()
    merged.merged_into = public[0]
    merged.save()
    shown = listed_references(client)
    assert shown == {report.reference for report in public}
    assert not shown & {report.reference for report in [*hidden, merged]}


@pytest.mark.parametrize("status", [Status.NEW, Status.REJECTED, Status.WITHDRAWN])
def test_detail_of_unpublished_report_is_not_found(client, publish, status):
    report = publish(status=status)
    assert client.get(reverse("incidents:detail", args=[report.pk])).status_code == 404


def test_detail_of_unknown_report_is_not_found(client, db):
    assert client.get(reverse("incidents:detail", args=[999999])).status_code == 404


def test_geojson_carries_only_public_reports(client, publish):
    public = publish(status=Status.IN_PROGRESS)
    publish(status=Status.NEW)
    publish(status=Status.REJECTED)
    publish(status=Status.WITHDRAWN)
    features = geojson(client, zoom=16)
    assert [feature["properties"]["id"] for feature in features] == [public.pk]
    cells = geojson(client, zoom=11)
    assert sum(feature["properties"]["count"] for feature in cells) == 1


# --- Public precision. ---


def point_of(client, report):
    west, south, east, north = 11.5, 57.88, 11.8, 58.1
    (feature,) = [
        feature
        for feature in geojson(client, zoom=17, bbox=f"{west},{south},{east},{north}")
        if feature["properties"]["id"] == report.pk
    ]
    longitude, latitude = feature["geometry"]["coordinates"]
    return Decimal(str(latitude)).quantize(Decimal("0.000001")), Decimal(str(longitude)).quantize(Decimal("0.000001"))


def test_burglary_is_shown_at_the_locality_centre(client, publish, categories):
    burglary = publish(category=categories["inbrott"], latitude=PLACE[0], longitude=PLACE[1])
    assert point_of(client, burglary) == SKARHAMN
    page = client.get(reverse("incidents:detail", args=[burglary.pk])).content.decode()
    assert "991234" not in page and "553321" not in page
    assert "Skärhamn" in page


def test_grid_category_is_snapped_to_its_250_metre_cell(client, publish, categories):
    vandalism = publish(category=categories["skadegorelse"], latitude=PLACE[0], longitude=PLACE[1])
    snapped = snap_to_grid(*PLACE, 250)
    assert snapped != PLACE
    assert point_of(client, vandalism) == snapped
    page = client.get(reverse("incidents:detail", args=[vandalism.pk])).content.decode()
    assert "991234" not in page and "553321" not in page


def test_exact_category_is_shown_at_its_exact_point(client, publish, categories):
    dark_path = publish(category=categories["belysning"], latitude=PLACE[0], longitude=PLACE[1])
    assert point_of(client, dark_path) == PLACE
    page = client.get(reverse("incidents:detail", args=[dark_path.pk])).content.decode()
    # The page names the place; the exact point is on the map, not as numbers in the text.
    assert "Nära Skärhamn" in page
    assert "991234" not in page and "553321" not in page


def test_police_event_is_shown_at_its_locality_even_in_an_exact_category(client, publish, categories):
    event = publish(category=categories["klotter"], source=Source.POLICE, latitude=PLACE[0], longitude=PLACE[1])
    assert point_of(client, event) == SKARHAMN
    page = client.get(reverse("incidents:detail", args=[event.pk])).content.decode()
    assert "991234" not in page


# --- Personal data never appears in public. ---


def test_no_contact_details_original_text_or_place_text_in_any_public_output(client, publish, categories):
    report = publish(category=categories["belysning"], **SECRETS)
    publish(category=categories["inbrott"], **SECRETS)
    outputs = [
        client.get(reverse("incidents:list")),
        client.get(reverse("incidents:detail", args=[report.pk])),
        client.get(reverse("incidents:map")),
        client.get(reverse("incidents:geojson"), {"zoom": 11}),
        client.get(reverse("incidents:geojson"), {"zoom": 18}),
    ]
    for response in outputs:
        assert response.status_code == 200
        content = response.content.decode()
        for secret in SECRETS.values():
            assert secret not in content
        assert "Xq7" not in content and "XQ7" not in content


def test_detail_shows_public_text_response_and_public_status_history(client, make_report, coordinator):
    report = make_report(public_description="Lampan vid skolan är trasig.")
    report.publish(by=coordinator)
    report.set_status(Status.IN_PROGRESS, by=coordinator, reason="INTERN-ANLEDNING-7")
    report.respond("Kommunen byter lampan i vecka 12.", by=coordinator)
    report.add_note("INTERN-ANTECKNING-7", by=coordinator)
    page = client.get(reverse("incidents:detail", args=[report.pk])).content.decode()
    assert "Lampan vid skolan är trasig." in page
    assert "Kommunen byter lampan i vecka 12." in page
    assert "<caption>" in page
    assert "Publicerad" in page and "Åtgärd pågår" in page
    assert "INTERN-ANLEDNING-7" not in page
    assert "INTERN-ANTECKNING-7" not in page
    assert coordinator.email not in page and "Cora" not in page


@pytest.mark.parametrize("status", [Status.RESOLVED, Status.CLOSED])
def test_finished_report_shows_its_public_response_never_the_private_reason(client, make_report, coordinator, status):
    report = make_report(status=Status.PUBLISHED, public_description="Trasig lampa.")
    report.respond("Lampan är utbytt.", by=coordinator)
    report.set_status(status, by=coordinator, reason="INTERN-ANLEDNING-9")
    for url in (reverse("incidents:detail", args=[report.pk]), reverse("incidents:list")):
        page = client.get(url).content.decode()
        assert "Lampan är utbytt." in page
        assert "INTERN-ANLEDNING-9" not in page
        assert "utan offentlig kommentar" not in page


@pytest.mark.parametrize("status", [Status.RESOLVED, Status.CLOSED])
def test_finished_report_without_a_public_response_says_so_plainly(client, make_report, coordinator, status):
    report = make_report(status=Status.PUBLISHED, public_description="Trasig lampa.")
    report.set_status(status, by=coordinator, reason="INTERN-ANLEDNING-9")
    for url in (reverse("incidents:detail", args=[report.pk]), reverse("incidents:list")):
        page = client.get(url).content.decode()
        assert "Ärendet är avslutat utan offentlig kommentar." in page
        assert "INTERN-ANLEDNING-9" not in page


def test_open_report_without_a_response_says_nothing_about_closing(client, publish):
    report = publish()
    for url in (reverse("incidents:detail", args=[report.pk]), reverse("incidents:list")):
        assert "utan offentlig kommentar" not in client.get(url).content.decode()


# --- The list and its filters work without JavaScript. ---


def test_list_filters_by_kind_category_locality_and_period(client, publish, categories, localities):
    dark = publish(category=categories["belysning"])
    graffiti = publish(category=categories["klotter"], locality=localities["myggenas"])
    burglary = publish(category=categories["inbrott"])
    old = publish(category=categories["belysning"])
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(days=100))

    assert listed_references(client, kind="unsafe_place") == {dark.reference, old.reference}
    assert listed_references(client, category=categories["inbrott"].pk) == {burglary.reference}
    assert listed_references(client, locality=localities["myggenas"].pk) == {graffiti.reference}
    assert listed_references(client, kind="unsafe_place", period="30") == {dark.reference}


def test_invalid_filters_are_ignored_not_an_error(client, publish):
    report = publish()
    response = client.get(reverse("incidents:list"), {"kind": "nonsense", "category": "x", "page": "abc"})
    assert response.status_code == 200
    assert report.reference in response.content.decode()


def test_list_is_paginated_by_25_and_announces_the_count(client, publish):
    for _ in range(30):
        publish()
    first = client.get(reverse("incidents:list")).content.decode()
    assert re.search(r'class="result-count" role="status">[^<]*\b30<', first)
    assert len(client.get(reverse("incidents:list")).context["page"].object_list) == 25
    second = client.get(reverse("incidents:list"), {"page": 2})
    assert len(second.context["page"].object_list) == 5
    assert client.get(reverse("incidents:list"), {"page": 99}).status_code == 200


def test_list_item_shows_reference_category_kind_locality_status_and_text(client, publish, categories):
    report = publish(category=categories["klotter"], public_description="Klotter på busskuren.")
    page = client.get(reverse("incidents:list")).content.decode()
    for text in [report.reference, "Klotter", "Ordningsstörning", "Skärhamn", "Publicerad", "Klotter på busskuren."]:
        assert text in page


def test_pages_keep_the_filters_in_links(client, publish, categories):
    publish()
    page = client.get(reverse("incidents:list"), {"kind": "crime"}).content.decode()
    assert reverse("incidents:map") + "?kind=crime" in page
    page = client.get(reverse("incidents:map"), {"kind": "crime"}).content.decode()
    assert reverse("incidents:list") + "?kind=crime" in page
    assert 'data-geojson-url="' + reverse("incidents:geojson") + '?kind=crime"' in page


def test_map_page_has_a_named_map_region_and_the_list_link_beside_it(client, publish):
    page = client.get(reverse("incidents:map")).content.decode()
    assert 'role="region"' in page and "aria-label=" in page
    assert 'id="report-map"' in page
    assert page.index('href="' + reverse("incidents:list") + '"') < page.index('id="report-map"')
    assert "leaflet/leaflet" in page and "js/report_map.js" in page
    assert "<script>" not in page  # no inline script (CSP)
    assert page.count("<h1>") == 1


@pytest.mark.parametrize("name", ["list", "map", "geojson"])
def test_public_pages_are_open_to_anonymous_visitors(client, db, name):
    assert client.get(reverse(f"incidents:{name}")).status_code == 200


# --- The GeoJSON endpoint. ---


def test_geojson_filters_like_the_list(client, publish, categories):
    dark = publish(category=categories["belysning"])
    publish(category=categories["klotter"])
    features = geojson(client, zoom=16, category=categories["belysning"].pk)
    assert [feature["properties"]["id"] for feature in features] == [dark.pk]
    assert sum(f["properties"]["count"] for f in geojson(client, zoom=10, kind="disorder")) == 1


def test_geojson_report_features_carry_public_fields_only(client, publish):
    report = publish(**SECRETS)
    (feature,) = geojson(client, zoom=16)
    assert set(feature["properties"]) == {"id", "reference", "category", "kind", "status", "url"}
    assert feature["properties"]["url"] == reverse("incidents:detail", args=[report.pk])


def test_geojson_is_cacheable_and_compact(client, publish):
    publish()
    response = client.get(reverse("incidents:geojson"))
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["Content-Type"].startswith("application/geo+json")
    assert b", " not in response.content and b": " not in response.content


def test_geojson_leaves_out_reports_outside_the_view(client, publish, localities):
    publish()  # Skärhamn
    far = publish(latitude=Decimal("58.070000"), longitude=Decimal("11.755000"))
    features = geojson(client, zoom=16, bbox="11.70,58.05,11.80,58.10")
    assert [feature["properties"]["id"] for feature in features] == [far.pk]


@pytest.mark.parametrize(
    "params",
    [
        {"bbox": "a,b,c,d"},
        {"bbox": "11.5,57.9,11.8"},
        {"bbox": "11.5,57.9,11.8,58.1,3"},
        {"bbox": "11.8,57.9,11.5,58.1"},
        {"bbox": "11.5,58.1,11.8,57.9"},
        {"bbox": "0,0,200,10"},
        {"bbox": "0,-100,10,10"},
        {"bbox": "nan,57.9,11.8,58.1"},
        {"bbox": "-inf,57.9,inf,58.1"},
        {"zoom": "x"},
        {"zoom": "21"},
        {"zoom": "-1"},
        {"zoom": "1.5"},
    ],
)
def test_bad_view_parameters_give_a_400_json_error(client, db, params):
    response = client.get(reverse("incidents:geojson"), params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]


# --- Server-side aggregation keeps every view small. ---


@pytest.fixture
def many_reports(localities, categories):
    """3,000 published reports spread over the service area (bulk rows: public point set by hand)."""
    rng = random.Random(7)
    category = categories["belysning"]
    reports = []
    for _ in range(3000):
        latitude = Decimal(f"{rng.uniform(57.88, 58.10):.6f}")
        longitude = Decimal(f"{rng.uniform(11.50, 11.80):.6f}")
        reports.append(
            Report(
                kind=category.kind,
                category=category,
                description="x",
                public_description="Mörk väg.",
                latitude=latitude,
                longitude=longitude,
                public_latitude=latitude,
                public_longitude=longitude,
                locality=localities["skarhamn"],
                status=Status.PUBLISHED,
            )
        )
    Report.objects.bulk_create(reports, batch_size=500)
    return 3000


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"zoom": 9},
        {"zoom": 13},
        {"zoom": 18},  # close zoom, but the view holds more than 2,000 reports
        {"zoom": 20, "bbox": "-180,-90,180,90"},
        {"zoom": 0, "bbox": "-180,-90,180,90"},
    ],
)
def test_aggregated_counts_add_up_and_stay_under_the_cap(client, many_reports, params):
    features = geojson(client, **params)
    assert 0 < len(features) <= MAX_FEATURES
    assert all(feature["properties"]["cell"] for feature in features)
    assert sum(feature["properties"]["count"] for feature in features) == many_reports


def test_close_zoom_with_few_reports_returns_single_reports(client, many_reports):
    features = geojson(client, zoom=16, bbox="11.60,57.95,11.62,57.96")
    assert 0 < len(features) < 100
    assert all("id" in feature["properties"] and "count" not in feature["properties"] for feature in features)
    in_view = Report.objects.public().filter(
        public_latitude__range=(57.95, 57.96), public_longitude__range=(11.60, 11.62)
    )
    assert len(features) == in_view.count()


def test_cell_position_is_the_mean_of_its_reports(client, publish, categories):
    publish(latitude=Decimal("57.990000"), longitude=Decimal("11.550000"))
    publish(latitude=Decimal("57.990100"), longitude=Decimal("11.550100"))
    (cell,) = geojson(client, zoom=11)
    assert cell["properties"] == {"count": 2, "cell": True}
    assert cell["geometry"]["coordinates"] == [11.55005, 57.99005]


def test_geojson_is_valid_json_feature_collection(client, publish):
    publish()
    data = json.loads(client.get(reverse("incidents:geojson")).content)
    assert data["type"] == "FeatureCollection"
    assert data["features"][0]["geometry"]["type"] == "Point"


@pytest.mark.parametrize("language, zoom_in, zoom_out, leaflet_title", [
    ("sv", "Zooma in", "Zooma ut", "Ett JavaScript-bibliotek för interaktiva kartor"),
    ("en", "Zoom in", "Zoom out", "A JavaScript library for interactive maps"),
])
def test_map_pages_give_leaflet_its_control_labels_in_the_page_language(client, language, zoom_in, zoom_out, leaflet_title):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    for url in (reverse("incidents:map"), reverse("incidents:report_new")):
        html = client.get(url).content.decode()
        assert 'src="/static/js/leaflet_labels.js"' in html
        assert f'data-zoom-in="{zoom_in}"' in html and f'data-zoom-out="{zoom_out}"' in html
        assert f'data-leaflet-title="{leaflet_title}"' in html


def test_map_page_without_javascript_describes_the_list_not_circles_and_zooming(client):
    html = client.get(reverse("incidents:map")).content.decode()
    without_js = re.search(r'<p class="prose" data-map-without-js>(.*?)</p>', html, re.S)
    assert without_js and "listan" in without_js.group(1)
    instructions = re.search(r'<p class="prose" data-map-instructions hidden>(.*?)</p>', html, re.S)
    assert instructions and "cirkel" in instructions.group(1) and "zooma" in instructions.group(1)
    shown_without_js = re.sub(r"<[^>]*>", " ", html.replace(instructions.group(0), "")).lower()
    assert "cirkel" not in shown_without_js, shown_without_js[shown_without_js.find("cirkel") - 300:][:400]
    assert "zooma" not in shown_without_js
