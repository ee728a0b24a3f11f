"""Perceived insecurity on the problem picture: by gender, and the places marked as unsafe per 250 m cell."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dialog import trygghetsmatning
from dialog.models import Answer
from dialog.tests.test_results import make_round, respond
from governance.picture import FEW, compute
from governance.tests.test_picture import MYGGENAS_CELL, OCTOBER, SKARHAMN_CELL, add  # noqa: F401
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-11-26 10:00")]


def answer_all(survey, locality, gender, options):
    for option in options:
        respond(survey, {trygghetsmatning.SAFETY_EVENING: option}, locality=locality, gender=gender)


@pytest.fixture
def rounds(localities):
    """Latest round: women 3 of 6 unsafe, men 1 of 5 ('never goes out' counts). A year earlier: 1 of 5, 0 of 5."""
    # Both open in October (2025, 2026): the October picture shows the 2026 round.
    earlier, latest = make_round("2025", days_ago=365 + 40), make_round("2026", days_ago=40)
    skarhamn = localities["skarhamn"]
    answer_all(latest, skarhamn, "kvinna", ["ganska-otrygg", "ganska-otrygg", "mycket-otrygg"] + ["mycket-trygg"] * 3)
    answer_all(latest, skarhamn, "man", ["gar-aldrig-ut"] + ["ganska-trygg"] * 4)
    answer_all(earlier, skarhamn, "kvinna", ["mycket-otrygg"] + ["ganska-trygg"] * 4)
    answer_all(earlier, skarhamn, "man", ["mycket-trygg"] * 5)
    return latest, earlier


def genders(picture):
    return {row["gender"]: row for row in picture["insecurity"]["by_gender"]}


def test_share_unsafe_in_the_evening_by_gender_with_the_round_before(rounds):
    rows = genders(compute(OCTOBER, today=timezone.localdate()))
    assert (rows["kvinna"]["share"], rows["kvinna"]["share_before"], rows["kvinna"]["respondents"]) == (50.0, 20.0, 6)
    assert (rows["man"]["share"], rows["man"]["share_before"], rows["man"]["respondents"]) == (20.0, 0.0, 5)
    assert list(rows) == ["kvinna", "man"]


def test_a_small_gender_group_and_the_one_that_would_give_it_away_are_hidden(rounds, localities):
    latest, _earlier = rounds
    answer_all(latest, localities["skarhamn"], "annat", ["mycket-otrygg", "mycket-otrygg"])
    rows = genders(compute(OCTOBER, today=timezone.localdate()))
    assert rows["annat"]["too_few"] and rows["annat"]["share"] is None and rows["annat"]["respondents"] is None
    # Two hidden answers could be worked out from the total: the smallest shown group (men, 5) is hidden too.
    assert rows["man"]["too_few"] and rows["man"]["share"] is None
    assert rows["kvinna"]["share"] == 50.0


def test_public_picture_shows_gender_only_from_rounds_with_published_results(client, rounds):
    assert compute(OCTOBER, public=True, today=timezone.localdate())["insecurity"] is None
    latest, _earlier = rounds
    latest.results_published = True
    latest.save()
    rows = genders(compute(OCTOBER, public=True, today=timezone.localdate()))
    assert rows["kvinna"]["share"] == 50.0 and rows["kvinna"]["share_before"] is None
    text = client.get(reverse("governance:public_picture")).content.decode()
    assert 'data-gender="kvinna"' in text


def mark(survey, point, n, locality):
    question = survey.questions.get(code=trygghetsmatning.UNSAFE_PLACE)
    for _ in range(n):
        response = respond(survey, {trygghetsmatning.SAFETY_EVENING: "mycket-trygg"}, locality=locality)
        Answer.objects.create(response=response, question=question, latitude=point[0], longitude=point[1])


@pytest.fixture
def marked(rounds, localities):
    """Latest round: 3 marks in Skärhamn's cell, 1 in Myggenäs's; one more in Myggenäs in the earlier round."""
    latest, earlier = rounds
    near = (SKARHAMN_CELL[0] + Decimal("0.000300"), SKARHAMN_CELL[1])  # inside the same 250 m cell
    mark(latest, SKARHAMN_CELL, 2, localities["skarhamn"])
    mark(latest, near, 1, localities["skarhamn"])
    mark(latest, MYGGENAS_CELL, 1, localities["myggenas"])
    mark(earlier, MYGGENAS_CELL, 1, localities["myggenas"])
    return latest


def test_places_marked_unsafe_are_counted_per_250_m_cell_for_staff(marked):
    places = compute(OCTOBER, today=timezone.localdate())["insecurity"]["unsafe_places"]
    assert places["total"] == 4
    cells = [(cell["count"], cell["latitude"], cell["longitude"]) for cell in places["top"]]
    centre = [(round(float(lat), 5), round(float(lon), 5)) for lat, lon in (SKARHAMN_CELL, MYGGENAS_CELL)]
    assert cells == [(3, *centre[0]), (1, *centre[1])]


def test_public_picture_shows_only_cells_with_at_least_three_marks(marked):
    marked.results_published = True
    marked.save()
    places = compute(OCTOBER, public=True, today=timezone.localdate())["insecurity"]["unsafe_places"]
    assert [cell["count"] for cell in places["top"]] == [3]
    assert places["total"] is None  # 4 marks less the 3 shown would give the hidden cell's 1 away


def test_marked_places_stand_beside_the_reports_in_the_same_square(client, steering_group_member, marked, add):
    add(date(2026, 10, 3))
    add(date(2026, 10, 4))
    marked.results_published = True
    marked.save()
    params = {"period": "month", "date_from": "2026-10-01"}
    client.force_login(steering_group_member)
    staff = client.get(reverse("governance:picture"), params).content.decode()
    # Rank 1: three marks and the two reports of the period in the same square.
    assert '<tr><th scope="row">1</th><td>3</td><td>2</td>' in staff
    client.logout()
    public = client.get(reverse("governance:public_picture"), params).content.decode()
    assert public.count('<tr><th scope="row">1</th><td>3</td><td>') == 1
    assert '<tr><th scope="row">2</th><td>1</td>' not in public
    assert FEW not in public  # shown as words, "fewer than 3"
