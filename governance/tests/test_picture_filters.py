"""Every section of the problem picture follows the filters (period, locality, kind) or says what it covers."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from dialog import trygghetsmatning
from dialog.models import Answer
from dialog.tests.test_results import make_round, respond
from governance.models import CitizenPromise
from governance.picture import MONTH, YEAR, Period, compute
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-11-26 10:00")]

TODAY = date(2026, 11, 26)
NOVEMBER = Period.containing(MONTH, TODAY)
SKARHAMN = (Decimal("57.988"), Decimal("11.548"))
MYGGENAS = (Decimal("58.070"), Decimal("11.755"))


def answer(survey, locality, options, place=None):
    question = survey.questions.get(code=trygghetsmatning.UNSAFE_PLACE)
    for option in options:
        response = respond(survey, {trygghetsmatning.SAFETY_EVENING: option}, locality=locality)
        if place:
            Answer.objects.create(response=response, question=question, latitude=place[0], longitude=place[1])


@pytest.fixture
def rounds(localities):
    """2025 round (opened November 2025) and 2026 round (opened November 2026), answers in two localities."""
    earlier, latest = make_round("2025", days_ago=365), make_round("2026")
    skarhamn, myggenas = localities["skarhamn"], localities["myggenas"]
    answer(latest, skarhamn, ["mycket-otrygg"] * 3 + ["mycket-trygg"] * 3, place=SKARHAMN)
    answer(latest, myggenas, ["mycket-otrygg"] + ["mycket-trygg"] * 4, place=MYGGENAS)
    answer(earlier, skarhamn, ["mycket-otrygg"] + ["mycket-trygg"] * 4, place=SKARHAMN)
    return latest, earlier


def test_perception_of_year_2025_does_not_show_the_2026_round(rounds):
    insecurity = compute(Period.containing(YEAR, date(2025, 6, 1)), today=TODAY)["insecurity"]
    assert insecurity["round"].endswith("2025")
    assert insecurity["previous_round"] == ""
    assert [row["locality"] for row in insecurity["unsafe"]] == ["Skärhamn"]


def test_perception_before_any_round_says_so(rounds):
    assert compute(Period.containing(YEAR, date(2024, 6, 1)), today=TODAY)["insecurity"] is None


def test_perception_with_a_locality_shows_only_that_locality(rounds, localities):
    insecurity = compute(NOVEMBER, locality=localities["myggenas"], today=TODAY)["insecurity"]
    assert insecurity["locality"] == "Myggenäs"
    assert [row["locality"] for row in insecurity["unsafe"]] == ["Myggenäs"]
    assert insecurity["unsafe_total"] == 20.0  # 1 of 5 in Myggenäs, not 4 of 11 in the municipality
    assert insecurity["unsafe_places"]["total"] == 5
    assert {cell["locality"] for cell in insecurity["unsafe_places"]["top"]} == {"Myggenäs"}


def test_unsafe_places_with_a_locality_are_the_places_in_it_whoever_marked_them(rounds, localities):
    latest, _earlier = rounds
    answer(latest, localities["skarhamn"], ["mycket-trygg"], place=MYGGENAS)  # a Skärhamn resident marks Myggenäs
    places = compute(NOVEMBER, locality=localities["myggenas"], today=TODAY)["insecurity"]["unsafe_places"]
    assert places["total"] == 6


def test_perception_page_says_which_round_and_locality_it_covers(client, steering_group_member, rounds):
    client.force_login(steering_group_member)
    page = client.get(reverse("governance:picture"),
                      {"period": "month", "date_from": "2026-11-01", "locality": "myggenas", "kind": "crime"})
    section = page.content.decode().split('id="insecurity-heading"')[1].split("</section>")[0]
    assert 'data-scope="locality"' in section
    assert 'data-scope="kind"' in section  # the survey is not divided by kind of report: said plainly


def test_sections_that_do_not_follow_a_filter_say_so(client, steering_group_member, localities):
    CitizenPromise.objects.create(year=2026, title="Löfte", text="Vi lovar.", starts_on=date(2026, 1, 1),
                                  ends_on=date(2026, 12, 31), activities_promised=4, activities_delivered=1)
    picture = compute(NOVEMBER, locality=localities["myggenas"], kind="crime", today=TODAY)
    assert picture["scope"]["promises"] == {"period": "year", "locality": False, "kind": False}
    assert picture["scope"]["dialogue"] == {"period": "period", "locality": True, "kind": False}
    assert picture["scope"]["measures"] == {"period": "now", "locality": True, "kind": True}
    assert picture["scope"]["insecurity"] == {"period": "round", "locality": True, "kind": False}
    client.force_login(steering_group_member)
    page = client.get(reverse("governance:picture"),
                      {"period": "month", "date_from": "2026-11-01", "locality": "myggenas", "kind": "crime"})
    text = page.content.decode()
    dialogue = text.split('id="dialogue-heading"')[1].split("</section>")[0]
    assert 'data-scope="kind"' in dialogue
    key_figures = text.split('id="key-heading"')[1].split("</section>")[0]
    assert 'data-scope="promises"' in key_figures


def test_perception_says_when_there_is_no_earlier_round(localities):
    latest = make_round("2026")
    answer(latest, localities["skarhamn"], ["mycket-trygg"] * 5)
    insecurity = compute(NOVEMBER, today=TODAY)["insecurity"]
    assert insecurity["previous_round"] == "" and insecurity["round_note"] == "no_previous"


def test_perception_says_when_a_round_is_missing_between_the_two_compared(localities):
    older, latest = make_round("2024", days_ago=2 * 365), make_round("2026")
    for survey in (older, latest):
        answer(survey, localities["skarhamn"], ["mycket-trygg"] * 5)
    insecurity = compute(NOVEMBER, today=TODAY)["insecurity"]
    assert insecurity["previous_round"].endswith("2024") and insecurity["round_note"] == "gap"


def test_perception_of_yearly_rounds_has_no_note(rounds):
    assert compute(NOVEMBER, today=TODAY)["insecurity"]["round_note"] == ""
