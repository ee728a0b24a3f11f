"""Indicators against hand-counted data."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dialog.models import Answer, Option, Question, QuestionType, Response, Survey, SurveyPage
from governance import indicators
from governance.models import Indicator, IndicatorKind, Measure, MeasureStatus
from incidents.models import Locality, Status
from incidents.tests.conftest import SKARHAMN

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)


def at(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=12))


@pytest.fixture
def report_on(make_report, categories, localities):
    def make(day, **fields):
        fields.setdefault("locality", localities["skarhamn"])
        fields.setdefault("status", Status.PUBLISHED)
        report = make_report(category=fields.pop("category", categories["belysning"]), **fields)
        type(report).objects.filter(pk=report.pk).update(created_at=at(day))
        return report

    return make


@pytest.fixture
def measure(localities, categories):
    return Measure.objects.create(
        title="Belysning i Skärhamn", owner_organisation="municipality", locality=localities["skarhamn"],
        category=categories["belysning"], starts_on=date(2025, 7, 1), due_on=date(2025, 12, 31),
        completed_on=date(2025, 10, 1), status=MeasureStatus.DONE,
    )


def test_reports_per_month_in_the_locality_before_and_after(measure, report_on, localities, categories):
    # Baseline window 2025-01-01 – 2025-06-30: six reports → 1.0 a month.
    for day in [date(2025, 1, 15), date(2025, 1, 20), date(2025, 3, 10), date(2025, 3, 11), date(2025, 3, 12),
                date(2025, 6, 30)]:
        report_on(day)
    # Follow-up window 2025-10-01 – 2026-03-31: three reports → 0.5 a month.
    for day in [date(2025, 10, 5), date(2026, 2, 20), date(2026, 2, 21)]:
        report_on(day)
    # Not counted: outside the windows, rejected, withdrawn, merged, other category, other locality.
    report_on(date(2024, 12, 31))
    report_on(date(2025, 7, 1))
    report_on(date(2026, 4, 1))
    report_on(date(2025, 2, 1), status=Status.REJECTED)
    report_on(date(2025, 2, 1), status=Status.WITHDRAWN)
    original = report_on(date(2025, 2, 1))
    report_on(date(2025, 2, 2), merged_into=original)
    report_on(date(2025, 2, 1), category=categories["klotter"])
    report_on(date(2025, 2, 1), locality=localities["myggenas"])
    # The merged-into original counts: seven in the baseline.
    indicator = Indicator.objects.create(measure=measure, kind=IndicatorKind.REPORTS)

    result = indicators.compute(indicator, today=TODAY)

    assert (result.baseline_count, result.follow_up_count) == (7, 3)
    assert (result.baseline, result.follow_up, result.change) == (1.2, 0.5, -0.7)
    assert dict(result.baseline_months)[date(2025, 3, 1)] == 3
    assert dict(result.baseline_months)[date(2025, 2, 1)] == 1
    assert dict(result.follow_up_months)[date(2026, 2, 1)] == 2
    assert result.too_few is False and result.pending is False


def test_indicator_uses_one_query_per_window(measure, report_on, django_assert_num_queries):
    report_on(date(2025, 3, 10))
    indicator = Indicator.objects.create(measure=measure, kind=IndicatorKind.REPORTS)
    indicator = Indicator.objects.select_related("measure", "category", "measure__category").get(pk=indicator.pk)
    with django_assert_num_queries(2):
        indicators.compute(indicator, today=TODAY)


def test_reports_within_the_radius_only(measure, report_on):
    lat, lon = SKARHAMN
    measure.latitude, measure.longitude, measure.radius_metres = lat, lon, 500
    measure.save()
    near = (lat + Decimal("0.002700"), lon)  # about 300 m north
    inside_box_outside_circle = (lat, lon + Decimal("0.011870"))  # about 700 m east
    far = (lat + Decimal("0.020000"), lon)  # about 2.2 km north
    for point, day in [(near, date(2025, 2, 1)), (near, date(2025, 5, 1)), (near, date(2025, 11, 1)),
                       (inside_box_outside_circle, date(2025, 2, 1)), (far, date(2025, 2, 1))]:
        report_on(day, latitude=point[0], longitude=point[1])
    indicator = Indicator.objects.create(measure=measure, kind=IndicatorKind.REPORTS)

    result = indicators.compute(indicator, today=TODAY)

    assert (result.baseline_count, result.follow_up_count) == (2, 1)
    assert result.too_few is True


def test_follow_up_is_pending_before_completion(measure, report_on):
    measure.completed_on = None
    measure.due_on = date(2026, 9, 30)
    measure.status = MeasureStatus.ONGOING
    measure.save()
    indicator = Indicator.objects.create(measure=measure, kind=IndicatorKind.REPORTS)
    result = indicators.compute(indicator, today=TODAY)
    assert result.pending is True and result.follow_up is None and result.change is None


@pytest.fixture
def survey_round(localities):
    def make(label, opens, closes, skarhamn_answers, extra=True, others=()):
        survey = Survey.objects.create(
            title="Trygghetsmätning", series="trygghetsmatning", round_label=label, opens_at=at(opens),
            closes_at=at(closes), is_published=True,
        )
        page = SurveyPage.objects.create(survey=survey, heading="Trygghet")
        question = Question.objects.create(survey=survey, page=page, code="trygg-kvall", type=QuestionType.SCALE,
                                           text="Hur trygg känner du dig ute en sen kväll?")
        options = {code: Option.objects.create(question=question, code=code, label=code, value=n)
                   for n, code in enumerate(["mycket-trygg", "ganska-trygg", "ganska-otrygg", "mycket-otrygg"], 1)}

        def answer(code, locality, complete=True):
            response = Response.objects.create(survey=survey, is_complete=complete, locality=locality)
            Answer.objects.create(response=response, question=question, option=options[code])

        for code in skarhamn_answers:
            answer(code, localities["skarhamn"])
        if extra:
            answer("mycket-otrygg", localities["skarhamn"], complete=False)
            answer("mycket-otrygg", localities["myggenas"])
        for locality, code in others:
            answer(code, locality)
        return survey

    return make


def test_survey_share_compares_the_round_before_with_the_round_after(measure, survey_round):
    survey_round("2023", date(2023, 3, 1), date(2023, 4, 1), ["mycket-otrygg"] * 10)
    # Latest round before the start: 4 of 10 otrygg → 40 %.
    survey_round("2025", date(2025, 3, 1), date(2025, 4, 1),
                 ["ganska-otrygg", "mycket-otrygg", "mycket-otrygg", "ganska-otrygg"] + ["ganska-trygg"] * 6)
    # First round after completion: 2 of 8 → 25 %.
    survey_round("2026", date(2026, 3, 1), date(2026, 4, 1), ["mycket-otrygg", "ganska-otrygg"] + ["mycket-trygg"] * 6)
    survey_round("2027", date(2027, 3, 1), date(2027, 4, 1), ["mycket-otrygg"] * 10)
    indicator = Indicator.objects.create(
        measure=measure, kind=IndicatorKind.SURVEY_SHARE, question_code="trygg-kvall",
        option_codes="ganska-otrygg, mycket-otrygg",
    )

    result = indicators.compute(indicator, today=TODAY)

    assert (result.baseline, result.follow_up, result.change) == (40.0, 25.0, -15.0)
    assert (result.baseline_count, result.follow_up_count) == (10, 8)
    assert result.too_few is False


def test_survey_share_beside_the_rest_of_tjorn_and_the_chosen_control_localities(
    client, coordinator, measure, survey_round, localities
):
    kladesholmen = Locality.objects.create(name="Klädesholmen", slug="kladesholmen", municipality="Tjörns kommun",
                                           latitude=57.945, longitude=11.55, population=400)
    measure.control_locality_near, measure.control_locality_far = localities["myggenas"], kladesholmen
    measure.save()
    myggenas = localities["myggenas"]
    # Skärhamn 4 of 10 → 2 of 8 (−15 points). Myggenäs 3 of 6 → 3 of 6 (±0). Klädesholmen 2 of 4 → 1 of 4 (−25).
    survey_round("2025", date(2025, 3, 1), date(2025, 4, 1), ["mycket-otrygg"] * 4 + ["ganska-trygg"] * 6, extra=False,
                 others=[(myggenas, "ganska-otrygg")] * 3 + [(myggenas, "mycket-trygg")] * 3
                 + [(kladesholmen, "mycket-otrygg")] * 2 + [(kladesholmen, "mycket-trygg")] * 2)
    survey_round("2026", date(2026, 3, 1), date(2026, 4, 1), ["mycket-otrygg"] * 2 + ["ganska-trygg"] * 6, extra=False,
                 others=[(myggenas, "ganska-otrygg")] * 3 + [(myggenas, "mycket-trygg")] * 3
                 + [(kladesholmen, "mycket-otrygg")] + [(kladesholmen, "mycket-trygg")] * 3)
    indicator = Indicator.objects.create(
        measure=measure, kind=IndicatorKind.SURVEY_SHARE, question_code="trygg-kvall",
        option_codes="ganska-otrygg, mycket-otrygg",
    )

    result = indicators.compute(indicator, today=TODAY)

    assert result.change == -15.0
    # The rest of Tjörn: 5 of 10 → 4 of 10 (−10), so the area did 5 points better than the rest.
    assert [(str(c["label"]), c["baseline"], c["follow_up"], c["change"], c["did"], c["too_few"]) for c in result.controls] == [
        ("Övriga Tjörn", 50.0, 40.0, -10.0, -5.0, False),
        ("Myggenäs", 50.0, 50.0, 0.0, -15.0, False),
        ("Klädesholmen", 50.0, 25.0, -25.0, 10.0, True),
    ]
    client.force_login(coordinator)
    page = client.get(reverse("governance:measure_detail", args=[measure.pk])).content.decode()
    assert "Klädesholmen" in page and "Skillnad i skillnader: 10,0 procentenheter" in page


def test_survey_share_with_fewer_than_five_answers_is_too_few(measure, survey_round):
    survey_round("2025", date(2025, 3, 1), date(2025, 4, 1), ["ganska-otrygg"] * 10)
    survey_round("2026", date(2026, 3, 1), date(2026, 4, 1), ["ganska-otrygg", "mycket-trygg", "mycket-trygg"])
    indicator = Indicator.objects.create(
        measure=measure, kind=IndicatorKind.SURVEY_SHARE, question_code="trygg-kvall", option_codes="ganska-otrygg",
    )
    result = indicators.compute(indicator, today=TODAY)
    assert result.follow_up == pytest.approx(33.3) and result.too_few is True


def test_detail_page_warns_when_too_few(client, coordinator, measure, report_on):
    report_on(date(2025, 3, 10))
    Indicator.objects.create(measure=measure, kind=IndicatorKind.REPORTS)
    client.force_login(coordinator)
    html = client.get(f"/styrning/atgarder/{measure.pk}/").content.decode()
    assert "Too few to draw conclusions" in html or "För få för att dra slutsatser" in html
