"""The measure list explains each filter and says in a sentence what the current filter shows."""

import pytest
from django.urls import reverse

from governance.forms.measures import MeasureFilterForm
from governance.tests.test_measures import make_measure  # noqa: F401 (fixture)
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


def test_every_measure_filter_is_explained():
    form = MeasureFilterForm(user=None)
    assert all(field.help_text for field in form.fields.values())


def test_list_says_it_shows_all_measures_without_filter(client, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("governance:measure_list"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Visar alla åtgärder." in html


def test_list_says_in_words_what_the_filter_shows(client, coordinator, localities, make_measure):
    client.force_login(coordinator)
    skarhamn = localities["skarhamn"]
    response = client.get(reverse("governance:measure_list"), {
        "status": "ongoing", "owner": "police", "locality": skarhamn.pk, "editable": "on",
    }, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.context["filter_summary"] == (
        f"Visar åtgärder med status ”Pågår”, som ägs av Polisen, i {skarhamn.name}, som du kan ändra."
    )
    assert response.context["filter_summary"] in response.content.decode()


def test_an_invalid_filter_value_is_left_out_of_the_sentence(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("governance:measure_list"), {"status": "nonsense"}, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 200
    assert response.context["filter_summary"] == "Visar alla åtgärder."
