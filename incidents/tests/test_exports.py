import csv
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from incidents.models import Organisation, Report, Source, Status

pytestmark = pytest.mark.django_db

EXPORTS = ["incidents:export_csv", "incidents:export_geojson"]
CONTACT = {
    "contact_name": "Kontakt Karin Zv9",
    "contact_email": "karin.zv9@example.org",
    "contact_phone": "070-999 00 99",
}


def export(client, name, params=None):
    """An export is a POST; its filters are in the query string, as the queue's export buttons send them."""
    return client.post(reverse(name) + ("?" + urlencode(params, doseq=True) if params else ""))


def content_of(response):
    return b"".join(response.streaming_content)


def csv_rows(response):
    text = content_of(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_anonymous_visitor_is_sent_to_log_in(client, db):
    for name in EXPORTS:
        response = export(client, name)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["resident", "steering_group_member", "working_group_member", "staff_member"])
def test_roles_without_export_permission_are_refused(client, request, role):
    client.force_login(request.getfixturevalue(role))
    for name in EXPORTS:
        assert export(client, name).status_code == 403


@pytest.mark.parametrize("role", ["coordinator", "police"])
def test_coordinator_and_police_may_export(client, request, role, make_report):
    make_report()
    client.force_login(request.getfixturevalue(role))
    for name in EXPORTS:
        response = export(client, name)
        assert response.status_code == 200
        assert response.streaming
        assert "attachment" in response["Content-Disposition"]


def test_csv_is_utf8_with_bom_and_semicolons_for_swedish_excel(client, coordinator, make_report, categories):
    make_report(category=categories["skadegorelse"], description="Sönderslagen ruta på Åstol")
    client.force_login(coordinator)
    response = export(client, "incidents:export_csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = content_of(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    header, row = csv_rows(export(client, "incidents:export_csv"))
    assert len(header) == 15
    assert header[1:7] == ["Mottagen", "Typ", "Kategori", "Ort", "Status", "Källa"]
    assert "Skadegörelse" in row and "Sönderslagen ruta på Åstol" in row
    assert raw.count(b";") >= 28


def test_csv_row_holds_every_column(client, coordinator, make_report, categories):
    report = make_report(
        category=categories["inbrott"],
        description="Originaltext från invånaren",
        public_description="Inbrott i förråd.",
        latitude=Decimal("57.991234"),
        longitude=Decimal("11.553321"),
        status=Status.PUBLISHED,
        source=Source.RESIDENT,
        responsible_organisation=Organisation.POLICE,
        time_of_day="evening",
        occurred_on=date(2024, 6, 1),
        public_response="Polisen har fått ärendet.",
    )
    Report.objects.filter(pk=report.pk).update(created_at=datetime(2024, 6, 1, 10, 30, tzinfo=UTC))
    client.force_login(coordinator)
    _header, row = csv_rows(export(client, "incidents:export_csv"))
    assert row == [
        report.reference,
        "2024-06-01 12:30",  # Europe/Stockholm, summer time
        "Brott",
        "Inbrott",
        "Skärhamn",
        "Publicerad",
        "Invånare",
        "Polisen",
        "Inbrott i förråd.",
        "Originaltext från invånaren",
        "57,991234",
        "11,553321",
        "Kväll (18–24)",
        "2024-06-01",
        "Polisen har fått ärendet.",
    ]


def test_exports_never_contain_contact_details(client, coordinator, make_report):
    make_report(**CONTACT, status=Status.NEW)
    make_report(**CONTACT, status=Status.PUBLISHED)
    client.force_login(coordinator)
    for name in EXPORTS:
        content = content_of(export(client, name)).decode("utf-8")
        for value in CONTACT.values():
            assert value not in content
        assert "Zv9" not in content


@pytest.mark.parametrize(
    "dangerous", ["=HYPERLINK(\"http://evil.example\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]
)
def test_csv_formula_injection_is_neutralised(client, coordinator, make_report, dangerous):
    make_report(description=dangerous, public_description=dangerous, status=Status.PUBLISHED)
    client.force_login(coordinator)
    _header, row = csv_rows(export(client, "incidents:export_csv"))
    assert row[8] == "'" + dangerous
    assert row[9] == "'" + dangerous
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_exports_follow_the_staff_filters(client, coordinator, make_report, categories):
    new = make_report(status=Status.NEW)
    published = make_report(status=Status.PUBLISHED, category=categories["klotter"])
    police = make_report(status=Status.PUBLISHED, source=Source.POLICE)
    client.force_login(coordinator)

    def references(**params):
        rows = csv_rows(export(client, "incidents:export_csv", params))[1:]
        return {row[0] for row in rows}

    assert references() == {new.reference, published.reference, police.reference}
    assert references(status="new") == {new.reference}
    assert references(source="police") == {police.reference}
    assert references(category=categories["klotter"].pk) == {published.reference}
    assert references(status="nonsense") == {new.reference, published.reference, police.reference}

    data = json.loads(content_of(export(client, "incidents:export_geojson", {"status": "new"})))
    assert [feature["properties"]["reference"] for feature in data["features"]] == [new.reference]


def test_staff_geojson_has_exact_points_and_original_text(client, police, make_report, categories):
    report = make_report(
        category=categories["inbrott"],
        latitude=Decimal("57.991234"),
        longitude=Decimal("11.553321"),
        description="Originaltext från invånaren",
    )
    client.force_login(police)
    response = export(client, "incidents:export_geojson")
    assert response["Content-Type"].startswith("application/geo+json")
    data = json.loads(content_of(response))
    assert data["type"] == "FeatureCollection"
    (feature,) = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [11.553321, 57.991234]}
    assert feature["properties"]["reference"] == report.reference
    assert feature["properties"]["description"] == "Originaltext från invånaren"


def test_report_without_coordinates_is_exported_at_its_locality(client, coordinator, make_report, localities):
    make_report(locality=localities["myggenas"])
    client.force_login(coordinator)
    data = json.loads(content_of(export(client, "incidents:export_geojson")))
    (feature,) = data["features"]
    assert feature["geometry"]["coordinates"] == [11.755, 58.07]
    assert feature["properties"]["exact_point"] is False
    _header, row = csv_rows(export(client, "incidents:export_csv"))
    assert row[10] == row[11] == ""


def test_empty_export_is_a_header_and_an_empty_collection(client, coordinator):
    client.force_login(coordinator)
    assert len(csv_rows(export(client, "incidents:export_csv"))) == 1
    assert json.loads(content_of(export(client, "incidents:export_geojson")))["features"] == []


def test_export_rejects_other_methods(client, coordinator):
    client.force_login(coordinator)
    assert client.put(reverse("incidents:export_csv")).status_code == 405
