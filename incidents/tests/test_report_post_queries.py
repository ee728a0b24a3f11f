"""What a report sent through the form costs the database, and the cached category and locality lists it is checked against.

The numbers are pinned: a change that adds a query to every report sent fails here first.
The caches are each process's memory in these tests (Redis in production), so only the
database's own queries are counted; the first send of a process reads the lists.
"""

import uuid

import pytest
from django.core.cache import caches
from django.urls import reverse

from incidents import choice_lists
from incidents.models import Category, Locality, Report
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

MEMORY_CACHES = {
    alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"queries-{alias}"}
    for alias in ("default", "aggregates", "template_fragments")
}


@pytest.fixture(autouse=True)
def caches_in_memory(settings):
    settings.CACHES = MEMORY_CACHES
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def client(client):
    """A browser that has opened the form: it holds a CSRF cookie, so its sends are checked for replays."""
    client.get(reverse("incidents:report_new"))
    return client


def send(client, form_data, **changes):
    data = {**form_data, "submission_id": str(uuid.uuid4()), **changes}
    return client.post(reverse("incidents:report_new"), data)


@pytest.fixture
def by_locality(form_data, localities):
    """A report placed by its locality (no map point), as the benchmark sends them."""
    return {**form_data, "latitude": "", "longitude": "", "locality": localities["myggenas"].pk}


def test_a_report_placed_by_locality_costs_six_queries(client, by_locality, django_assert_max_num_queries):
    assert send(client, by_locality).status_code == 302  # the process reads the lists once
    # The replay lookup, the category's precision as it is now, the report, its history entry, and the
    # savepoint around them (BEGIN and COMMIT outside tests). Category and locality come from the cached
    # lists: 8 before.
    with django_assert_max_num_queries(6):
        response = send(client, by_locality)
    assert response.status_code == 302
    assert Report.objects.count() == 2


def test_a_report_with_a_map_point_costs_seven_queries(client, form_data, django_assert_max_num_queries):
    assert send(client, form_data).status_code == 302
    # As above, and the search for published reports nearby; the nearest locality comes from the cached
    # list too: 9 before.
    with django_assert_max_num_queries(7):
        response = send(client, form_data, latitude="57.991000")
    assert response.status_code == 302
    assert Report.objects.latest("pk").locality.name == "Skärhamn"


def test_a_double_click_still_answers_with_the_first_receipt(client, form_data, django_assert_max_num_queries):
    data = {**form_data, "submission_id": str(uuid.uuid4())}
    first = client.post(reverse("incidents:report_new"), data)
    with django_assert_max_num_queries(1):  # found before validating: no second report, no rate-limit count
        second = client.post(reverse("incidents:report_new"), data)
    assert first["Location"] == second["Location"]
    assert Report.objects.count() == 1


def test_a_category_switched_off_in_the_admin_is_refused_at_once(client, form_data, categories):
    assert send(client, form_data).status_code == 302
    category = categories["belysning"]
    category.active = False
    category.save()
    response = send(client, form_data)
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert Report.objects.count() == 1


def test_a_locality_added_in_the_admin_is_accepted_and_found_nearest_at_once(client, form_data, by_locality):
    assert send(client, by_locality).status_code == 302
    lysekil = Locality.objects.create(
        name="Kållekärr", slug="kallekarr", municipality="Tjörns kommun", latitude="57.991000", longitude="11.551000",
    )
    assert send(client, by_locality, locality=lysekil.pk).status_code == 302
    assert Report.objects.latest("pk").locality == lysekil
    assert send(client, form_data, latitude="57.990500", longitude="11.550500").status_code == 302
    assert Report.objects.latest("pk").locality == lysekil


def test_a_change_that_sends_no_signal_is_read_after_the_lists_expire(client, form_data, categories, monkeypatch):
    assert send(client, form_data).status_code == 302
    Category.objects.filter(pk=categories["belysning"].pk).update(active=False)  # no save(), no signal
    monkeypatch.setattr(choice_lists, "LIST_SECONDS", 0)
    assert send(client, form_data).status_code == 200
    assert Report.objects.count() == 1


def test_a_cached_category_is_handed_out_as_a_copy(client, form_data, categories):
    assert send(client, form_data).status_code == 302
    queryset = Category.objects.active()
    first = choice_lists.cached_object("active_categories", queryset, categories["belysning"].pk)
    first.public_precision = "changed"
    again = choice_lists.cached_object("active_categories", queryset, categories["belysning"].pk)
    assert again.public_precision != "changed"


def test_an_unknown_or_malformed_category_is_refused_without_an_error_page(client, form_data):
    for value in ("999999", "abc", "1.5", "99999999999999999999"):
        response = send(client, form_data, category=value)
        assert response.status_code == 200
        assert "error-summary" in response.content.decode()
    assert not Report.objects.exists()
