"""Per-round answer aggregates (dialog.answer_counts) against the raw answers: property-style.

Random responses and answers, then random changes — answers added, changed and deleted,
responses completed and made incomplete, moved to another locality or gender, deleted — and
after every batch the aggregates equal the raw answers, and the perception section computed
from them equals the one computed from the raw answers. Fixed seeds replay a failure.
"""

import random
from datetime import date
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from dialog import answer_counts, trygghetsmatning
from dialog.insecurity import perception
from dialog.models import Answer, Response
from dialog.tests.test_results import make_round, respond
from incidents.models import Locality
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-11-26 10:00")]

SAFETY = ["mycket-trygg", "ganska-trygg", "ganska-otrygg", "mycket-otrygg", "gar-aldrig-ut"]
PROBLEMS = ["inget-problem", "litet-problem", "ganska-stort-problem", "mycket-stort-problem", "vet-ej"]
GENDERS = ["kvinna", "man", "annat", ""]


def random_response(rng, survey, localities):
    answers = {trygghetsmatning.SAFETY_EVENING: rng.choice(SAFETY),
               "problem": {item: rng.choice(PROBLEMS) for item in rng.sample(["klotter", "nedskrapning", "mopeder"], 2)}}
    response = respond(survey, answers, locality=rng.choice([None, *localities]), gender=rng.choice(GENDERS),
                       complete=rng.random() < 0.85)
    if rng.random() < 0.5:
        Answer.objects.create(response=response, question=survey.questions.get(code=trygghetsmatning.UNSAFE_PLACE),
                              latitude=Decimal("57.98") + Decimal(rng.randrange(40)) / 1000,
                              longitude=Decimal("11.55") + Decimal(rng.randrange(40)) / 1000)
    return response


def change_something(rng, localities):
    response = rng.choice(list(Response.objects.order_by("pk")))
    action = rng.choice(["complete", "locality", "gender", "option", "delete_answer", "delete_response", "move"])
    if action == "complete":
        Response.objects.filter(pk=response.pk).update(is_complete=not response.is_complete)
    elif action == "locality":
        response.locality = rng.choice([None, *localities])
        response.save()
    elif action == "gender":
        Response.objects.filter(pk=response.pk).update(gender=rng.choice(GENDERS))
    elif action == "option":
        answer = response.answers.filter(option__isnull=False).first()
        if answer:
            answer.option = answer.question.options.order_by("?").first()
            answer.save()
    elif action == "delete_answer":
        answer = response.answers.order_by("?").first()
        if answer:
            answer.delete()
    elif action == "delete_response":
        response.delete()
    else:
        Answer.objects.filter(response=response, latitude__isnull=False).update(latitude=Decimal("58.05"))


def both_ways(localities):
    today = timezone.localdate()
    results = []
    for flag in (True, False):
        with override_settings(PICTURE_ROLLUPS=flag):
            results.append([
                perception(public=public, localities=localities, until=today, today=today, locality=locality)
                for public in (False,) for locality in (None, localities[0])
            ])
    return results


@pytest.mark.parametrize("seed", [1, 2])
def test_answer_aggregates_equal_the_raw_answers_after_random_changes(seed, localities):
    rng = random.Random(seed)
    everywhere = list(Locality.objects.order_by("name"))
    earlier, latest = make_round("2025", days_ago=365), make_round("2026")
    for survey in (earlier, latest):
        for _ in range(25):
            random_response(rng, survey, everywhere)
    assert answer_counts.differences() == []
    from_counts, from_raw = both_ways(everywhere)
    assert from_counts == from_raw
    for _ in range(3):
        for _ in range(8):
            change_something(rng, everywhere)
        assert answer_counts.differences() == []
        from_counts, from_raw = both_ways(everywhere)
        assert from_counts == from_raw


def test_rebuild_counts_the_same(localities):
    rng = random.Random(5)
    survey = make_round("2026")
    for _ in range(10):
        random_response(rng, survey, list(localities.values()))
    answer_counts.rebuild()
    assert answer_counts.differences() == []


def test_perception_reads_the_aggregates(localities):
    survey = make_round("2026")
    for _ in range(5):
        respond(survey, {trygghetsmatning.SAFETY_EVENING: "mycket-trygg"}, locality=localities["skarhamn"])
    from dialog.models import AnswerCount

    AnswerCount.objects.filter(option__code="mycket-trygg").update(option=survey.questions.get(
        code=trygghetsmatning.SAFETY_EVENING).options.get(code="mycket-otrygg"))  # tampered
    today = timezone.localdate()
    with override_settings(PICTURE_ROLLUPS=True):
        shown = perception(public=False, localities=list(localities.values()), until=today, today=today)
    assert shown["unsafe_total"] == 100.0
