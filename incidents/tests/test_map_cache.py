"""The public map's GeoJSON for one view, and the public list's total, are reused for as long as browsers may keep them."""

import pytest
from django.urls import reverse

from incidents.models import Status

pytestmark = pytest.mark.django_db

VIEW = {"bbox": "11.50,57.88,11.80,58.10", "zoom": "11"}


def count(client, params):
    response = client.get(reverse("incidents:geojson"), params)
    assert response.status_code == 200
    return sum(feature["properties"].get("count", 1) for feature in response.json()["features"]), response


def test_the_same_view_is_answered_from_the_cache_until_it_expires(client, make_report, settings):
    make_report(status=Status.PUBLISHED)
    first, response = count(client, VIEW)
    make_report(status=Status.PUBLISHED)
    again, _response = count(client, VIEW)
    assert first == again == 1
    assert response["Cache-Control"] == f"public, max-age={settings.PUBLIC_CACHE_SECONDS}"


def test_another_view_or_filter_is_counted_for_itself(client, make_report):
    make_report(status=Status.PUBLISHED)
    count(client, VIEW)
    make_report(status=Status.PUBLISHED)
    assert count(client, {**VIEW, "zoom": "12"})[0] == 2
    assert count(client, {**VIEW, "kind": "crime"})[0] == 0


def test_without_a_cache_time_every_request_counts_afresh(client, make_report, settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    make_report(status=Status.PUBLISHED)
    count(client, VIEW)
    make_report(status=Status.PUBLISHED)
    assert count(client, VIEW)[0] == 2


def test_the_public_list_counts_its_total_once_per_filter_until_it_expires(client, make_report):
    def total(params=None):
        return client.get(reverse("incidents:list"), params or {}).context["page"].paginator.count

    make_report(status=Status.PUBLISHED)
    assert total() == 1
    make_report(status=Status.PUBLISHED)
    assert total() == 1  # the cached total
    assert total({"kind": "unsafe_place"}) == 2  # another filter is counted for itself
