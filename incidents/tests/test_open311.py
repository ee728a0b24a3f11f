"""The Open311 GeoReport v2 API: every endpoint in JSON and XML, its errors, privacy and limits."""

import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone
from PIL import Image

from incidents import photos
from incidents.models import Category, Open311Key, Organisation, RejectReason, Report, ReportEvent, ReportPhoto, Status
from incidents.open311 import views
from incidents.tests.conftest import valid_post
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

API = "/open311/v2/"
W3C = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
PRIVATE_TEXT = "Grannen Gunborg Pettersson på Storgatan 3 gör det"
PUBLIC_TEXT = "Mörk gångväg utan belysning."


@pytest.fixture
def api_key(db):
    return Open311Key.create_key("FixaMinGata")


@pytest.fixture
def secret(api_key):
    return api_key[1]


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def get_xml(client, path, expect=200, **params):
    response = client.get(API + path, params)
    assert response.status_code == expect, response.content
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


def get_json(client, path, expect=200, **params):
    response = client.get(API + path, params)
    assert response.status_code == expect, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def xml_items(root, item):
    return [{child.tag: child.text for child in element} for element in root.findall(item)]


def xml_errors(root):
    assert root.tag == "errors"
    return [(int(error.findtext("code")), error.findtext("description")) for error in root.findall("error")]


def public_report(make_report, **fields):
    report = make_report(status=Status.PUBLISHED, public_description=PUBLIC_TEXT, **fields)
    return report


def photo_upload(name="photo.jpg", exif=True):
    image = Image.new("RGB", (40, 30), "navy")
    data = io.BytesIO()
    if exif:
        metadata = Image.Exif()
        metadata[0x010F] = "SecretCam"  # Make
        metadata[0x0131] = "Firmware 1.0"  # Software
        image.save(data, format="JPEG", exif=metadata.tobytes())
    else:
        image.save(data, format="JPEG")
    return SimpleUploadedFile(name, data.getvalue(), content_type="image/jpeg")


def post(client, data, fmt="json", **extra):
    return client.post(f"{API}requests.{fmt}", data, **extra)


# --- Discovery and services ---


def test_discovery_in_both_formats_names_the_endpoint_and_formats(client):
    data = get_json(client, "discovery.json")
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2/")
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    assert "media_url" in data["notes"]
    root = get_xml(client, "discovery.xml")
    assert root.tag == "discovery"
    assert root.findtext("endpoints/endpoint/url").endswith("/open311/v2/")
    assert {f.text for f in root.findall("endpoints/endpoint/formats/format")} == {"text/xml", "application/json"}
    assert root.findtext("changeset")


def test_services_are_the_active_categories_grouped_by_kind(client, categories):
    categories["inbrott"].active = False
    categories["inbrott"].save()
    data = get_json(client, "services.json")
    codes = {service["service_code"] for service in data}
    assert codes == set(Category.objects.active().values_list("code", flat=True))
    assert "inbrott" not in codes
    lighting = next(service for service in data if service["service_code"] == "belysning")
    assert lighting["service_name"] == "Dålig belysning"
    assert lighting["group"] == "Otrygg plats"
    assert lighting["metadata"] is False
    assert lighting["type"] == "realtime"
    root = get_xml(client, "services.xml")
    assert root.tag == "services"
    services = {item["service_code"]: item for item in xml_items(root, "service")}
    assert services["klotter"]["group"] == "Ordningsstörning"
    assert services["klotter"]["metadata"] == "false"


def test_service_names_follow_the_requested_language(client, categories):
    data = client.get(API + "services.json", HTTP_ACCEPT_LANGUAGE="en").json()
    lighting = next(service for service in data if service["service_code"] == "belysning")
    assert lighting["service_name"] == "Poor lighting"
    assert lighting["group"] == "Unsafe place"


def test_service_definition_in_both_formats(client, categories):
    assert get_json(client, "services/klotter.json") == {"service_code": "klotter", "attributes": []}
    root = get_xml(client, "services/klotter.xml")
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "klotter"


def test_unknown_or_inactive_service_is_404_in_both_formats(client, categories):
    categories["inbrott"].active = False
    categories["inbrott"].save()
    data = get_json(client, "services/no-such-service.json", expect=404)
    assert data == [{"code": 404, "description": data[0]["description"]}]
    assert data[0]["description"]
    assert xml_errors(get_xml(client, "services/inbrott.xml", expect=404))[0][0] == 404


def test_unknown_path_and_format_are_404_error_lists(client):
    assert get_json(client, "nothing-here.json", expect=404)[0]["code"] == 404
    assert xml_errors(get_xml(client, "services.html", expect=404))[0][0] == 404
    assert xml_errors(get_xml(client, "", expect=404))[0][0] == 404


def test_a_nul_character_in_the_address_is_a_400_error_list(client):
    assert get_json(client, "tokens/abc%00.json", expect=400)[0]["code"] == 400
    assert xml_errors(get_xml(client, "requests/1%00.xml", expect=400))[0][0] == 400


def test_wrong_method_is_refused_with_an_error_list(client):
    response = client.post(API + "services.json")
    assert response.status_code == 405
    assert response.json()[0]["code"] == 405
    assert "GET" in response["Allow"]
    response = client.delete(API + "requests.xml")
    assert response.status_code == 405
    assert xml_errors(ET.fromstring(response.content))[0][0] == 405


# --- Reading service requests ---


def test_public_report_in_both_formats_with_public_fields_only(client, make_report, localities):
    report = public_report(
        make_report,
        description=PRIVATE_TEXT,
        contact_name="Anna Svensson",
        contact_email="anna@example.org",
        contact_phone="0709999999",
        public_response="Kommunen byter lampan.",
        responsible_organisation=Organisation.MUNICIPALITY,
    )
    (item,) = get_json(client, f"requests/{report.pk}.json")
    assert item["service_request_id"] == str(report.pk)
    assert item["status"] == "open"
    assert item["status_notes"] == "Kommunen byter lampan."
    assert item["service_code"] == "belysning"
    assert item["description"] == PUBLIC_TEXT
    assert item["agency_responsible"] is None  # not on the public page
    assert item["address"] == "Skärhamn"
    assert item["lat"] == float(report.public_latitude)
    assert item["long"] == float(report.public_longitude)
    assert item["media_url"] is None
    assert W3C.match(item["requested_datetime"])
    assert W3C.match(item["updated_datetime"])
    root = get_xml(client, f"requests/{report.pk}.xml")
    assert root.tag == "service_requests"
    (xml_item,) = xml_items(root, "request")
    assert xml_item["service_request_id"] == str(report.pk)
    assert xml_item["description"] == PUBLIC_TEXT
    assert xml_item["status"] == "open"
    assert W3C.match(xml_item["requested_datetime"])
    assert float(xml_item["lat"]) == float(report.public_latitude)


def test_public_point_not_the_exact_point_is_shown(client, make_report, categories):
    report = public_report(
        make_report, category=categories["stold"], latitude=Decimal("57.988123"), longitude=Decimal("11.548456")
    )
    (item,) = get_json(client, f"requests/{report.pk}.json")
    assert report.public_latitude != report.latitude
    assert item["lat"] == float(report.public_latitude)


def test_closed_statuses_are_closed_without_the_reason_written_to_the_reporter(client, make_report):
    for status in [Status.RESOLVED, Status.CLOSED]:
        report = make_report(status=status, status_reason="Lampan är lagad.")
        (item,) = get_json(client, f"requests/{report.pk}.json")
        assert item["status"] == "closed"
        assert item["status_notes"] is None


def test_unpublished_request_is_unknown(client, make_report):
    report = make_report(description=PRIVATE_TEXT)
    assert get_json(client, f"requests/{report.pk}.json", expect=404)[0]["code"] == 404
    assert xml_errors(get_xml(client, f"requests/{report.pk}.xml", expect=404))[0][0] == 404


def test_rejected_or_withdrawn_report_is_unknown(client, make_report):
    rejected = make_report(description=PRIVATE_TEXT)
    rejected.status, rejected.reject_reason = Status.REJECTED, RejectReason.SPAM
    rejected.save()
    withdrawn = make_report(description=PRIVATE_TEXT)
    withdrawn.withdraw()
    for report in (rejected, withdrawn):
        assert get_json(client, f"requests/{report.pk}.json", expect=404)[0]["code"] == 404


def test_unknown_request_and_token_are_404(client, make_report):
    make_report()
    assert get_json(client, "requests/999999.json", expect=404)[0]["code"] == 404
    assert xml_errors(get_xml(client, "requests/999999.xml", expect=404))[0][0] == 404
    assert get_json(client, "requests/99999999999999999999999.json", expect=404)[0]["code"] == 404
    assert get_json(client, "requests/abc.json", expect=404)[0]["code"] == 404
    assert get_json(client, "tokens/not-a-token.json", expect=404)[0]["code"] == 404


def test_token_gives_the_request_id_in_both_formats(client, make_report):
    report = make_report()
    assert get_json(client, f"tokens/{report.token}.json")[0]["service_request_id"] == str(report.pk)
    root = get_xml(client, f"tokens/{report.token}.xml")
    assert root.tag == "service_requests"
    assert root.findtext("request/service_request_id") == str(report.pk)


def test_request_list_shows_public_reports_of_the_last_90_days_newest_first(client, make_report):
    older = public_report(make_report)
    newer = public_report(make_report)
    unpublished = make_report()
    too_old = public_report(make_report)
    Report.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=2))
    Report.objects.filter(pk=too_old.pk).update(created_at=timezone.now() - timedelta(days=91))
    ids = [item["service_request_id"] for item in get_json(client, "requests.json")]
    assert ids == [str(newer.pk), str(older.pk)]
    assert str(unpublished.pk) not in ids
    root = get_xml(client, "requests.xml")
    assert [item["service_request_id"] for item in xml_items(root, "request")] == ids


def test_request_list_is_capped(client, make_report, monkeypatch):
    for _ in range(3):
        public_report(make_report)
    monkeypatch.setattr(views, "MAX_RESULTS", 2)
    assert len(get_json(client, "requests.json")) == 2


def test_request_list_filters_by_dates_code_and_status(client, make_report, categories):
    lighting = public_report(make_report)
    graffiti = public_report(make_report, category=categories["klotter"])
    resolved = make_report(status=Status.RESOLVED)
    old = public_report(make_report)
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=200))

    def ids(**params):
        return {int(item["service_request_id"]) for item in get_json(client, "requests.json", **params)}

    assert ids(service_code="klotter") == {graffiti.pk}
    assert ids(service_code="klotter,belysning") == {graffiti.pk, lighting.pk, resolved.pk}
    assert ids(status="closed") == {resolved.pk}
    assert ids(status="open") == {lighting.pk, graffiti.pk}
    assert ids(status="open,closed") == {lighting.pk, graffiti.pk, resolved.pk}
    start = (timezone.now() - timedelta(days=365)).isoformat(timespec="seconds")
    end = (timezone.now() - timedelta(days=100)).isoformat(timespec="seconds")
    assert ids(start_date=start, end_date=end) == {old.pk}
    assert ids(start_date=start) == {old.pk, lighting.pk, graffiti.pk, resolved.pk}
    assert ids(start_date=timezone.localdate().isoformat()) == {lighting.pk, graffiti.pk, resolved.pk}


def test_unencoded_plus_in_a_date_is_understood(client, make_report):
    report = public_report(make_report)
    start = (timezone.localtime() - timedelta(hours=1)).isoformat(timespec="seconds")
    response = client.get(f"{API}requests.json?start_date={start}")  # "+01:00" arrives as " 01:00"
    assert response.status_code == 200, response.content
    assert [item["service_request_id"] for item in response.json()] == [str(report.pk)]


def test_request_list_by_ids_ignores_other_parameters_and_leaves_out_unpublished(client, make_report):
    published = public_report(make_report)
    unpublished = make_report(description=PRIVATE_TEXT)
    Report.objects.filter(pk=published.pk).update(created_at=timezone.now() - timedelta(days=400))
    data = get_json(client, "requests.json", service_request_id=f"{published.pk}, {unpublished.pk},999999",
                    status="closed", start_date="nonsense")
    assert [item["service_request_id"] for item in data] == [str(published.pk)]
    assert data[0]["description"] == PUBLIC_TEXT


def test_empty_optional_parameters_behave_as_absent(client, make_report):
    report = public_report(make_report)
    data = get_json(
        client, "requests.json", service_request_id="", service_code="", start_date="", end_date="", status="",
        api_key="",
    )
    assert [item["service_request_id"] for item in data] == [str(report.pk)]
    assert len(xml_items(get_xml(client, "requests.xml", status="", start_date=""), "request")) == 1


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "yesterday"},
        {"end_date": "2026-13-45T10:00:00+01:00"},
        {"start_date": "2026-05-02T00:00:00+02:00", "end_date": "2026-05-01T00:00:00+02:00"},
        {"start_date": "9999-12-31T23:59:59-14:00"},
        {"end_date": "0001-01-02"},
        {"start_date": "x" * 41},
        {"status": "pending"},
        {"service_request_id": "12,abc"},
        {"service_request_id": "-3"},
    ],
)
def test_bad_search_parameters_are_400_error_lists(client, params):
    data = get_json(client, "requests.json", expect=400, **params)
    assert data and all(error["code"] == 400 and error["description"] for error in data)
    assert xml_errors(get_xml(client, "requests.xml", expect=400, **params))[0][0] == 400


def test_no_contact_details_or_original_text_in_any_answer(client, make_report, coordinator):
    report = make_report(
        description=PRIVATE_TEXT,
        contact_name="Gunborg Pettersson",
        contact_email="gunborg@example.org",
        contact_phone="0709999999",
        consent_given=True,
    )
    report.edit_public_text(PUBLIC_TEXT, by=coordinator)
    report.publish(by=coordinator)
    report.respond("Vi tittar på det.", by=coordinator)
    hidden = make_report(description=PRIVATE_TEXT, contact_email="gunborg@example.org")
    paths = [
        "requests",
        f"requests/{report.pk}",
        f"requests/{hidden.pk}",
        f"tokens/{report.token}",
        "servicerequestupdates",
        "services",
        "discovery",
    ]
    for path in paths:
        for fmt in ("json", "xml"):
            content = client.get(f"{API}{path}.{fmt}").content.decode()
            for secret_value in [PRIVATE_TEXT, "Gunborg", "gunborg@example.org", "0709999999", str(report.latitude)]:
                assert secret_value not in content, (path, fmt, secret_value)
    assert PUBLIC_TEXT in client.get(f"{API}requests/{report.pk}.xml").content.decode()


def test_control_characters_never_break_the_xml(client, make_report):
    report = public_report(make_report)
    Report.objects.filter(pk=report.pk).update(public_description="Trasig\x01 lampa\x0b")
    root = get_xml(client, f"requests/{report.pk}.xml")
    assert root.findtext("request/description") == "Trasig lampa"


# --- The updates extension ---


def test_updates_list_status_changes_and_responses_of_public_reports(client, make_report, coordinator):
    report = make_report()
    report.publish(by=coordinator)
    report.respond("Lampan byts nästa vecka.", by=coordinator)
    report.add_note("Intern anteckning", by=coordinator)
    report.set_status(Status.RESOLVED, by=coordinator, reason="Lampan är bytt.")
    hidden = make_report()
    hidden.reject(RejectReason.SPAM, by=coordinator)
    data = get_json(client, "servicerequestupdates.json")
    # A status change is described by the status's name, never by the reason written to the reporter.
    assert [(item["status"], item["description"]) for item in data] == [
        ("open", str(Status.PUBLISHED.label)),
        ("open", "Lampan byts nästa vecka."),
        ("closed", str(Status.RESOLVED.label)),
    ]
    assert {item["service_request_id"] for item in data} == {str(report.pk)}
    assert all(W3C.match(item["updated_datetime"]) and item["update_id"] for item in data)
    assert all(item["media_url"] is None for item in data)
    root = get_xml(client, "servicerequestupdates.xml")
    assert root.tag == "service_request_updates"
    items = xml_items(root, "request_update")
    assert [item["update_id"] for item in items] == [item["update_id"] for item in data]
    assert items[2]["status"] == "closed"
    assert items[1]["description"] == "Lampan byts nästa vecka."


def test_updates_are_filtered_by_the_window(client, make_report, coordinator):
    report = make_report()
    report.publish(by=coordinator)
    report.respond("Svar", by=coordinator)
    ReportEvent.objects.filter(action=ReportEvent.Action.STATUS_CHANGED).update(
        created_at=F("created_at") - timedelta(days=10)
    )
    start = (timezone.now() - timedelta(days=1)).isoformat(timespec="seconds")
    data = get_json(client, "servicerequestupdates.json", start_date=start, end_date="")
    assert [(item["status"], item["description"]) for item in data] == [("open", "Svar")]
    end = (timezone.now() - timedelta(days=5)).isoformat(timespec="seconds")
    data = get_json(client, "servicerequestupdates.json", end_date=end)
    assert [item["description"] for item in data] == [str(Status.PUBLISHED.label)]
    assert get_json(client, "servicerequestupdates.json", start_date="not a date", expect=400)[0]["code"] == 400


# --- Sending a service request ---


def test_post_creates_a_new_report_awaiting_moderation(client, secret, api_key, categories, localities):
    response = post(client, valid_post(secret), HTTP_USER_AGENT="FixaMinGata/2.0", REMOTE_ADDR="203.0.113.77")
    assert response.status_code == 201, response.content
    (item,) = response.json()
    report = Report.objects.get(pk=int(item["service_request_id"]))
    assert item["service_notice"]
    assert report.status == Status.NEW
    assert report.source == "resident"
    assert report.open311_key == api_key[0]
    assert report.category == categories["belysning"]
    assert report.kind == "unsafe_place"
    assert str(report.latitude) == "57.988123" and str(report.longitude) == "11.548456"
    assert report.locality == localities["skarhamn"]
    assert report.description == "Lampan vid busshållplatsen är trasig."
    assert report.public_description == ""
    assert (report.contact_name, report.contact_email, report.contact_phone) == (
        "Anna Svensson", "boende@example.org", "0701234567"
    )
    assert list(report.events.values_list("action", flat=True)) == [ReportEvent.Action.CREATED]
    stored = json.dumps(list(Report.objects.values()), default=str) + json.dumps(
        list(ReportEvent.objects.values()), default=str
    )
    assert "203.0.113.77" not in stored and "FixaMinGata/2.0" not in stored
    get_json(client, f"requests/{report.pk}.json", expect=404)  # not shown until it is published


def test_post_answers_in_xml(client, secret, categories, localities):
    response = post(client, valid_post(secret), fmt="xml")
    assert response.status_code == 201
    root = ET.fromstring(response.content)
    assert root.tag == "service_requests"
    report_id = root.findtext("request/service_request_id")
    assert Report.objects.filter(pk=report_id, status=Status.NEW).exists()


def test_post_with_empty_optional_fields_and_an_address(client, secret, localities, categories):
    data = valid_post(
        secret, lat="", long="", address_string="Storgatan 1, 471 31 skärhamn", email="", first_name="",
        last_name="", phone="", media_url="",
    )
    response = post(client, data)
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    assert report.latitude is None
    assert report.locality == localities["skarhamn"]
    assert report.place_description == "Storgatan 1, 471 31 skärhamn"
    assert report.public_latitude == localities["skarhamn"].latitude
    assert (report.contact_name, report.contact_email, report.contact_phone) == ("", "", "")


def test_media_url_is_kept_for_staff_but_never_published(client, secret, categories, localities, coordinator):
    response = post(client, valid_post(secret, media_url="https://fixamingata.se/photo/1.jpeg"))
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    assert report.events.get().text == "media_url: https://fixamingata.se/photo/1.jpeg"
    report.publish(by=coordinator)
    for fmt in ("json", "xml"):
        assert "fixamingata.se" not in client.get(f"{API}requests/{report.pk}.{fmt}").content.decode()
        assert "fixamingata.se" not in client.get(f"{API}servicerequestupdates.{fmt}").content.decode()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_without_key_is_403(client, secret, categories, localities, fmt):
    response = post(client, valid_post(secret, api_key=None), fmt=fmt)
    assert response.status_code == 403
    if fmt == "json":
        assert response.json()[0]["code"] == 403
    else:
        assert xml_errors(ET.fromstring(response.content))[0][0] == 403
    assert not Report.objects.exists()


def test_post_with_bad_or_revoked_key_is_403(client, api_key, categories, localities):
    key, secret = api_key
    assert post(client, valid_post("wrong-key")).status_code == 403
    assert post(client, valid_post("")).status_code == 403
    key.revoke()
    response = post(client, valid_post(secret))
    assert response.status_code == 403
    assert response.json()[0]["description"]
    assert not Report.objects.exists()


def test_reading_with_a_bad_key_is_403(client, api_key):
    key, secret = api_key
    assert get_json(client, "services.json", api_key=secret) is not None
    key.revoke()
    assert get_json(client, "services.json", expect=403, api_key=secret)[0]["code"] == 403


@pytest.mark.parametrize(
    "overrides",
    [
        {"lat": "abc"},
        {"long": "11,5"},
        {"lat": "NaN"},
        {"lat": "91", "long": "11.5"},
        {"long": "-181"},
        {"lat": "59.33", "long": "18.07"},  # Stockholm: outside the service area
        {"long": ""},  # half a point
        {"lat": "", "long": ""},  # no place at all
        {"lat": "", "long": "", "address_string": "Drottninggatan 1, Stockholm"},
        {"address_string": "x" * 301},
        {"description": ""},
        {"description": None},
        {"description": "x" * 4001},
        {"service_code": ""},
        {"service_code": "no-such-service"},
        {"email": "not-an-email"},
        {"phone": "0" * 41},
        {"first_name": "x" * 101},
        {"media_url": "javascript:alert(1)"},
    ],
)
def test_bad_post_is_400_with_clear_errors_and_nothing_saved(client, secret, categories, localities, overrides):
    response = post(client, valid_post(secret, **overrides))
    assert response.status_code == 400, response.content
    errors = response.json()
    assert errors and all(error["code"] == 400 and len(error["description"]) > 10 for error in errors)
    assert not Report.objects.exists()
    assert not ReportEvent.objects.exists()


def test_inactive_service_cannot_be_posted_to(client, secret, categories, localities):
    categories["belysning"].active = False
    categories["belysning"].save()
    response = post(client, valid_post(secret), fmt="xml")
    assert response.status_code == 400
    assert "service_code" in xml_errors(ET.fromstring(response.content))[0][1]


def test_multipart_media_is_stored_without_exif(client, secret, categories, localities, media_root):
    response = post(client, valid_post(secret, media=photo_upload()))
    assert response.status_code == 201, response.content
    photo = ReportPhoto.objects.get()
    assert photo.report_id == int(response.json()[0]["service_request_id"])
    with Image.open(photo.image.path) as stored:
        assert not stored.getexif()
        assert stored.format == "JPEG"
    assert b"SecretCam" not in photo.image.read()
    photo.report.publish(by=None)
    assert get_json(client, f"requests/{photo.report_id}.json")[0]["media_url"] is None


def test_several_photos_are_accepted_up_to_the_form_limit(client, secret, categories, localities, media_root):
    too_many = [photo_upload(f"{n}.jpg") for n in range(photos.MAX_PHOTOS + 1)]
    response = post(client, valid_post(secret, media=too_many))
    assert response.status_code == 400
    assert response.json()[0]["description"].startswith("media: ")
    assert not Report.objects.exists()
    uploads = [photo_upload(f"{n}.jpg") for n in range(photos.MAX_PHOTOS)]
    response = post(client, valid_post(secret, media=uploads))
    assert response.status_code == 201
    assert ReportPhoto.objects.count() == photos.MAX_PHOTOS


def test_fake_image_file_is_400_and_nothing_saved(client, secret, categories, localities, media_root):
    fake = SimpleUploadedFile("photo.jpg", b"<?php echo 'not a photo'; ?>", content_type="image/jpeg")
    response = post(client, valid_post(secret, media=fake), fmt="xml")
    assert response.status_code == 400
    assert xml_errors(ET.fromstring(response.content))[0][1].startswith("media: ")
    assert not Report.objects.exists()
    assert not list(media_root.rglob("*.jpg"))


def test_oversized_photo_is_400_and_nothing_saved(client, secret, categories, localities, media_root, monkeypatch):
    monkeypatch.setattr(photos, "MAX_PHOTO_BYTES", 100)
    response = post(client, valid_post(secret, media=photo_upload()))
    assert response.status_code == 400
    assert "10 MB" in response.json()[0]["description"]
    assert not Report.objects.exists()


def test_oversized_body_is_a_clear_400(client, secret, categories, localities, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200
    response = client.post(
        API + "requests.json",
        "&".join(f"{name}={value}" for name, value in valid_post(secret, description="x" * 500).items()),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert response.json()[0]["code"] == 400
    assert not Report.objects.exists()


def test_broken_multipart_body_is_a_clear_400(client, secret):
    response = client.post(
        API + "requests.xml", b"--xyz\r\nbroken", content_type="multipart/form-data", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert xml_errors(ET.fromstring(response.content)) == [(400, "The request body could not be read.")]


# --- Limits ---


def test_keyed_requests_have_their_own_hourly_limit(client, api_key, categories, localities):
    key, secret = api_key
    key.requests_per_hour = 2
    key.save()
    other, other_secret = Open311Key.create_key("Annan app")
    assert post(client, valid_post(secret)).status_code == 201
    assert get_json(client, "services.json", api_key=secret)
    response = post(client, valid_post(secret))
    assert response.status_code == 429
    assert response.json()[0]["code"] == 429
    assert Report.objects.count() == 1
    assert post(client, valid_post(other_secret)).status_code == 201


def test_keyed_reports_are_not_held_to_the_anonymous_report_limit(client, secret, categories, localities, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report": [(1, 3600)], "open311": [(1, 3600)]}
    for number in range(3):
        assert post(client, valid_post(secret, description=f"Lampa {number} är trasig.")).status_code == 201
    assert Report.objects.count() == 3


def test_requests_without_key_have_a_per_client_limit(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "open311": [(2, 3600)]}
    assert client.get(API + "services.json").status_code == 200
    assert client.get(API + "services.json").status_code == 200
    response = client.get(API + "services.xml")
    assert response.status_code == 429
    assert xml_errors(ET.fromstring(response.content))[0][0] == 429
