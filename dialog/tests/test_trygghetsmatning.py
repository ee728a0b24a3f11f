import pytest
from django.utils import timezone

from dialog import trygghetsmatning
from dialog.models import QuestionType
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


def make_round(label):
    now = timezone.now()
    return trygghetsmatning.create_trygghetsmatning(
        opens_at=now, closes_at=now + timezone.timedelta(days=30), round_label=label
    )


def test_template_has_the_standard_questions_as_a_draft():
    survey = make_round("2025")
    assert not survey.is_published
    codes = set(survey.questions.values_list("code", flat=True))
    assert {trygghetsmatning.SAFETY_EVENING, trygghetsmatning.LOCAL_PROBLEMS, trygghetsmatning.POLICE_CARE,
            trygghetsmatning.UNSAFE_PLACE, trygghetsmatning.LOCALITY, trygghetsmatning.AGE_BAND,
            trygghetsmatning.GENDER} <= codes
    problems = survey.questions.get(code=trygghetsmatning.LOCAL_PROBLEMS)
    assert problems.type == QuestionType.MATRIX
    assert problems.items.count() == 14
    assert list(problems.options.values_list("code", flat=True))[-1] == "vet-ej"


def test_follow_up_question_is_shown_only_after_yes():
    survey = make_round("2025")
    where = survey.questions.get(code="utsatt-plats")
    assert (where.show_if_option.question.code, where.show_if_option.code) == ("utsatt", "ja")


def test_rounds_share_series_and_codes_so_results_compare():
    first, second = make_round("2024"), make_round("2025")
    assert first.series == second.series == trygghetsmatning.SERIES
    assert set(first.questions.values_list("code", flat=True)) == set(second.questions.values_list("code", flat=True))
