"""How the problem picture compares periods: numbers on small bases, coverage notes, no doubled year column."""

from datetime import date

import pytest
from django.urls import reverse

from governance.comparison import SMALL_BASE, comparison
from governance.picture import MONTH, YEAR, Period, compute
from incidents.models import Source, Status
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-11-26 10:00")]

OCTOBER = Period.containing(MONTH, date(2026, 10, 15))
NOVEMBER = Period.containing(MONTH, date(2026, 11, 15))
TODAY = date(2026, 11, 26)


@pytest.fixture
def add(make_report, categories):
    def add_report(day, code="klotter", status=Status.PUBLISHED, **fields):
        return make_report(occurred_on=day, category=categories[code], status=status, **fields)

    return add_report


def test_small_base_is_a_stated_constant():
    assert SMALL_BASE == 20


def test_change_from_a_small_base_is_a_number_not_a_percentage():
    row = comparison(14, 1, 0)
    assert row["change"] is None and row["difference"] == 13
    assert row["change_year"] is None and row["difference_year"] == 14


def test_change_from_a_base_of_at_least_the_small_base_is_a_percentage():
    row = comparison(30, SMALL_BASE, 40)
    assert row["change"] == 50.0 and row["difference"] is None
    assert row["change_year"] == -25.0 and row["difference_year"] is None


def test_change_on_a_small_base_is_shown_as_plus_thirteen_on_the_page(client, steering_group_member, add):
    for _ in range(14):
        add(date(2026, 10, 3), "skadegorelse")
    add(date(2026, 9, 3), "skadegorelse")
    client.force_login(steering_group_member)
    page = client.get(reverse("governance:picture"), {"period": "month", "date_from": "2026-10-01"}).content.decode()
    assert "+13<" in page
    assert "1300" not in page and "1 300" not in page


def test_year_view_does_not_compare_with_the_same_year_twice(add):
    add(date(2026, 3, 3))
    add(date(2025, 3, 3))
    picture = compute(Period.containing(YEAR, date(2026, 5, 1)), today=TODAY)
    assert picture["previous"] == {"start": "2025-01-01", "end": "2025-12-31", "kind": "year"}
    assert picture["year_before"] is None
    assert picture["incidents"]["total"]["year_ago"] is None
    assert picture["incidents"]["total"]["difference_year"] is None


def test_year_page_has_no_year_earlier_column(client, steering_group_member, add):
    add(date(2025, 3, 3))
    client.force_login(steering_group_member)
    page = client.get(reverse("governance:picture"), {"period": "year", "date_from": "2025-05-01"}).content.decode()
    incidents = page.split('id="incidents-heading"')[1].split("<h3>")[0]
    assert "A year earlier" not in incidents and "Ett år tidigare" not in incidents


def test_a_custom_period_over_a_year_has_no_overlapping_year_comparison():
    picture = compute(Period(date(2024, 11, 1), date(2026, 10, 31)), today=TODAY)
    assert picture["previous"]["end"] == "2024-10-31"
    assert picture["year_before"] is None


def test_police_events_imported_within_the_previous_period_give_a_coverage_note(add):
    add(date(2026, 1, 5))  # residents have reported since January
    add(date(2026, 10, 20), source=Source.POLICE)  # the first imported police event
    add(date(2026, 11, 3), source=Source.POLICE)
    notes = [{k: v for k, v in note.items() if k != "label"} for note in compute(NOVEMBER, today=TODAY)["coverage"]]
    assert notes == [
        {"source": "police", "since": "2026-10-20", "compared": "previous", "missing": False},
        # November 2025: before any report at all
        {"source": "", "since": "2026-01-05", "compared": "year_before", "missing": True},
    ]


def test_previous_period_without_any_data_is_said(client, steering_group_member, add):
    add(date(2026, 10, 3))
    notes = compute(OCTOBER, today=TODAY)["coverage"]
    assert {"source": "", "label": "", "since": "2026-10-03", "compared": "previous", "missing": True} in notes
    client.force_login(steering_group_member)
    page = client.get(reverse("governance:picture"), {"period": "month", "date_from": "2026-10-01"}).content.decode()
    assert "data-coverage=\"previous\"" in page
