"""A service request sent again (a retry after a timeout or a 503) stores one report."""

import uuid

import pytest
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from incidents.models import Open311Key, Report, ReportPhoto
from incidents.open311 import idempotency
from incidents.tests.conftest import valid_post
from incidents.tests.images import jpeg_with_gps

pytestmark = pytest.mark.django_db

API = "/open311/v2/"


def post(client, data, fmt="json", key=None):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(f"{API}requests.{fmt}", data, headers=headers)


def request_id(response):
    assert response.status_code == 201, response.content
    return response.json()[0]["service_request_id"]


def test_same_idempotency_key_answers_with_the_first_report(client, secret, categories, localities):
    first = post(client, valid_post(secret), key="fixamingata-4711")
    again = post(client, valid_post(secret), key="fixamingata-4711")
    assert request_id(first) == request_id(again)
    assert first.content == again.content
    assert Report.objects.count() == 1


def test_same_idempotency_key_with_a_different_request_is_refused_with_422(client, secret, categories, localities):
    first = post(client, valid_post(secret), key="4711")
    again = post(client, valid_post(secret, description="Ändrad text."), key="4711")
    assert first.status_code == 201 and again.status_code == 422
    assert "Idempotency-Key" in again.json()[0]["description"] and again.json()[0]["code"] == 422
    assert Report.objects.get().description == "Lampan vid busshållplatsen är trasig."
    assert post(client, valid_post(secret), key="4711").status_code == 201  # the real retry still works


def test_different_idempotency_keys_store_different_reports(client, secret, categories, localities):
    assert request_id(post(client, valid_post(secret), key="1")) != request_id(
        post(client, valid_post(secret), key="2")
    )
    assert Report.objects.count() == 2


def test_idempotency_keys_belong_to_one_api_key(client, secret, categories, localities):
    other = Open311Key.create_key("Annan app")[1]
    post(client, valid_post(secret), key="shared")
    post(client, valid_post(other), key="shared")
    assert Report.objects.count() == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "med mellanslag", "åäö"])
def test_a_malformed_idempotency_key_is_a_clear_400(client, secret, categories, localities, key):
    response = post(client, valid_post(secret), key=key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()[0]["description"]
    assert not Report.objects.exists()


def test_an_identical_request_without_key_stores_one_report(client, secret, categories, localities):
    first = post(client, valid_post(secret))
    again = post(client, valid_post(secret), fmt="xml")
    assert again.status_code == 201
    assert f"<service_request_id>{request_id(first)}</service_request_id>" in again.content.decode()
    assert Report.objects.count() == 1


def test_an_identical_request_with_the_same_photo_stores_one_report(client, secret, categories, localities):
    post(client, valid_post(secret, media=jpeg_with_gps()))
    post(client, valid_post(secret, media=jpeg_with_gps()))
    assert Report.objects.count() == 1
    assert ReportPhoto.objects.count() == 1


def test_requests_that_differ_in_anything_store_separate_reports(client, secret, categories, localities):
    post(client, valid_post(secret))
    post(client, valid_post(secret, description="Lampan vid skolan är trasig."))
    post(client, valid_post(secret, media=jpeg_with_gps(size=(64, 48))))
    post(client, valid_post(secret, media=jpeg_with_gps(size=(48, 64))))
    assert Report.objects.count() == 4


def test_an_identical_request_after_the_window_is_a_new_report(client, secret, categories, localities, monkeypatch):
    now = 1_800_000_000.0
    monkeypatch.setattr(idempotency.time, "time", lambda: now)
    first = request_id(post(client, valid_post(secret)))
    now += idempotency.IDENTICAL_REQUEST_WINDOW  # still recognised in the next window
    assert request_id(post(client, valid_post(secret))) == first
    now += 2 * idempotency.IDENTICAL_REQUEST_WINDOW
    assert request_id(post(client, valid_post(secret))) != first
    assert Report.objects.count() == 2


def test_a_retry_after_a_rejected_request_is_validated_again(client, secret, categories, localities):
    assert post(client, valid_post(secret, service_code="finns-inte"), key="k").status_code == 400
    assert post(client, valid_post(secret), key="k").status_code == 201
    assert Report.objects.count() == 1


def test_discovery_tells_systems_how_to_send_again(client):
    notes = client.get(f"{API}discovery.json", headers={"Accept-Language": "en"}).json()["notes"]
    assert "Idempotency-Key" in notes and "10 minutes" in notes and "Retry-After" in notes


OLD_NAMESPACE = uuid.UUID("5f2d7c0e-4b1a-4f57-9a43-1c6f1e0d9b21")  # public: it was in the source


def test_submission_ids_cannot_be_computed_without_the_secret_key(settings):
    key, _secret = Open311Key.create_key("FixaMinGata")
    keyed = idempotency.key_submission_id(key, "4711")
    identical = idempotency.identical_request_ids(key, QueryDict("service_code=belysning"), MultiValueDict(), now=0)
    assert keyed != uuid.uuid5(OLD_NAMESPACE, f"open311:{key.pk}:key:4711")
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert idempotency.key_submission_id(key, "4711") != keyed
    assert idempotency.identical_request_ids(key, QueryDict("service_code=belysning"), MultiValueDict(), now=0) != identical


def test_the_stored_submission_id_is_not_the_public_derivation(client, secret, categories, localities):
    post(client, valid_post(secret), key="4711")
    report = Report.objects.get()
    assert report.submission_id != uuid.uuid5(OLD_NAMESPACE, f"open311:{report.open311_key_id}:key:4711")
