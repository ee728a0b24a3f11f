"""Survey results: arithmetic against hand-computed numbers, suppression, trend, index, pages and permissions."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from conftest import make_user
from dialog import demo, trygghetsmatning
from dialog.models import Answer, Question, QuestionType, Response, Survey, Theme
from dialog.results import suppressed_groups, survey_results
from incidents.models import Locality
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


def too_few_text():
    return sv("too few answers")


def sv(text):
    with translation.override("sv"):
        return gettext(text)


# --- Building surveys and answers ---


def make_round(label, days_ago=0, **fields):
    opens = timezone.now() - timedelta(days=days_ago + 10)
    survey = trygghetsmatning.create_trygghetsmatning(
        opens_at=opens, closes_at=opens + timedelta(days=30), round_label=label
    )
    page = survey.pages.first()
    Question.objects.create(survey=survey, page=page, order=20, code="antal", type=QuestionType.NUMBER,
                            text="Hur många kvällar i veckan är du ute?")
    Survey.objects.filter(pk=survey.pk).update(is_published=True, **fields)
    survey.refresh_from_db()
    return survey


def respond(survey, answers=None, *, locality=None, age_band="", gender="", complete=True):
    """One response. answers: code → option code, [option codes], {item: option}, number or text."""
    response = Response.objects.create(survey=survey, is_complete=complete, locality=locality,
                                       age_band=age_band, gender=gender)
    questions = {q.code: q for q in survey.questions.all()}
    answers = dict(answers or {})
    if locality:
        answers[trygghetsmatning.LOCALITY] = locality
    if age_band:
        answers[trygghetsmatning.AGE_BAND] = age_band
    if gender:
        answers[trygghetsmatning.GENDER] = gender
    for code, value in answers.items():
        question = questions[code]
        if question.type == QuestionType.MATRIX:
            for item_code, option_code in value.items():
                Answer.objects.create(response=response, question=question,
                                      item=question.items.get(code=item_code),
                                      option=question.options.get(code=option_code))
        elif question.type == QuestionType.LOCALITY:
            Answer.objects.create(response=response, question=question, locality=value)
        elif question.type == QuestionType.NUMBER:
            Answer.objects.create(response=response, question=question, number=value)
        elif question.type == QuestionType.TEXT:
            Answer.objects.create(response=response, question=question, text=value)
        else:
            for option_code in value if isinstance(value, list) else [value]:
                Answer.objects.create(response=response, question=question,
                                      option=question.options.get(code=option_code))
    return response


def shares(result):
    return {row.code: row.share for row in result.rows}


@pytest.fixture
def places(localities):
    more = {
        slug: Locality.objects.create(name=name, slug=slug, municipality="Tjörns kommun",
                                      latitude="57.92", longitude="11.59", population=200)
        for slug, name in [("astol", "Åstol"), ("dyron", "Dyrön")]
    }
    return {**localities, **more}


@pytest.fixture
def survey(places):
    """Six complete responses (and one incomplete) with hand-countable answers."""
    survey = make_round("2025")
    skarhamn = places["skarhamn"]
    rows = [
        ({"trygg-kvall": "mycket-trygg", "utsatt": "ja", "utsatt-typ": ["stold", "hot"],
          "polisen-bryr-sig": "instammer-helt", "problem": {"klotter": "inget-problem", "nedskrapning": "inget-problem"},
          "antal": 1, "ovrigt": "=HYPERLINK(\"http://evil.example\") Mörkt vid Anna Svenssons hus"}, "kvinna"),
        ({"trygg-kvall": "mycket-trygg", "utsatt": "ja", "utsatt-typ": ["stold"],
          "polisen-bryr-sig": "instammer-helt", "problem": {"klotter": "litet-problem", "nedskrapning": "inget-problem"},
          "antal": 2}, "kvinna"),
        ({"trygg-kvall": "ganska-trygg", "utsatt": "ja", "utsatt-typ": ["hot", "vald"],
          "polisen-bryr-sig": "instammer-delvis",
          "problem": {"klotter": "ganska-stort-problem", "nedskrapning": "inget-problem"}, "antal": 3}, "man"),
        ({"trygg-kvall": "ganska-otrygg", "utsatt": "ja", "utsatt-typ": ["stold"],
          "polisen-bryr-sig": "instammer-inte-alls",
          "problem": {"klotter": "ganska-stort-problem", "nedskrapning": "inget-problem"}, "antal": 10}, "man"),
        ({"trygg-kvall": "mycket-otrygg", "utsatt": "ja", "utsatt-typ": ["bedrageri"], "polisen-bryr-sig": "vet-ej",
          "problem": {"klotter": "mycket-stort-problem", "nedskrapning": "ganska-stort-problem"}, "antal": 4},
         "kvinna"),
        ({"trygg-kvall": "gar-aldrig-ut", "utsatt": "nej", "polisen-bryr-sig": "vet-ej",
          "problem": {"klotter": "vet-ej"}, "antal": 7}, "man"),
    ]
    for answers, gender in rows:
        respond(survey, answers, locality=skarhamn, gender=gender, age_band="45-64")
    respond(survey, {"trygg-kvall": "mycket-otrygg", "utsatt-typ": ["vald"], "antal": 100}, complete=False)
    return survey


def result_of(results, code):
    return results.question(code)


# --- Arithmetic ---


def test_single_choice_shares_are_of_those_who_answered_and_skip_incomplete_responses(survey):
    results = survey_results(survey)
    assert results.respondents == 6
    safety = result_of(results, "trygg-kvall")
    assert safety.respondents == 6
    assert shares(safety) == pytest.approx({
        "mycket-trygg": 100 * 2 / 6, "ganska-trygg": 100 / 6, "ganska-otrygg": 100 / 6,
        "mycket-otrygg": 100 / 6, "gar-aldrig-ut": 100 / 6,
    })
    assert [row.count for row in safety.rows] == [2, 1, 1, 1, 1]


def test_multiple_choice_is_counted_per_option_not_per_combination(survey):
    crimes = result_of(survey_results(survey), "utsatt-typ")
    assert crimes.respondents == 5
    assert {row.code: row.count for row in crimes.rows} == {
        "stold": 3, "skadegorelse": 0, "hot": 2, "vald": 1, "bedrageri": 1, "annat": 0,
    }
    assert shares(crimes)["stold"] == pytest.approx(60)
    assert shares(crimes)["hot"] == pytest.approx(40)
    assert sum(shares(crimes).values()) == pytest.approx(140)


def test_scale_counts_dont_know_as_its_own_row_and_leaves_it_out_of_the_mean(survey):
    police = result_of(survey_results(survey), "polisen-bryr-sig")
    assert police.respondents == 6
    assert shares(police) == pytest.approx({
        "instammer-helt": 100 * 2 / 6, "instammer-delvis": 100 / 6, "instammer-knappast": 0,
        "instammer-inte-alls": 100 / 6, "vet-ej": 100 * 2 / 6,
    })
    assert police.mean == pytest.approx((1 + 1 + 2 + 4) / 4)


def test_matrix_shares_are_per_item(survey):
    problems = result_of(survey_results(survey), "problem")
    items = {item.code: item for item in problems.items}
    klotter = items["klotter"]
    assert klotter.respondents == 6
    assert {row.code: row.share for row in klotter.rows} == pytest.approx({
        "inget-problem": 100 / 6, "litet-problem": 100 / 6, "ganska-stort-problem": 100 * 2 / 6,
        "mycket-stort-problem": 100 / 6, "vet-ej": 100 / 6,
    })
    assert klotter.mean == pytest.approx((0 + 1 + 2 + 2 + 3) / 5)
    assert items["nedskrapning"].respondents == 5
    assert {row.code: row.share for row in items["nedskrapning"].rows}["ganska-stort-problem"] == pytest.approx(20)
    assert items["brak"].respondents == 0 and items["brak"].too_few


def test_number_question_has_mean_median_lowest_and_highest(survey):
    number = result_of(survey_results(survey), "antal")
    assert number.respondents == 6
    assert number.mean == pytest.approx(27 / 6)
    assert number.median == pytest.approx(3.5)
    assert (number.minimum, number.maximum) == (1, 10)


def test_public_results_never_show_the_lowest_and_highest_number(client, survey, places):
    """The extremes are single answers ("10 break-ins" identifies a household); mean and median are not."""
    respond(survey, {"antal": 37}, locality=places["skarhamn"])
    number = result_of(survey_results(survey, public=True), "antal")
    assert (number.minimum, number.maximum) == (None, None)
    assert number.mean is not None and number.median is not None
    survey.results_published = True
    survey.save()
    html = client.get(reverse("dialog:public_results", args=[survey.pk])).content.decode()
    assert sv("Lowest") not in html and sv("Highest") not in html and ">37<" not in html
    assert sv("Median") in html


def test_median_of_an_odd_number_of_answers_is_the_middle_one(survey, places):
    respond(survey, {"antal": 50}, locality=places["skarhamn"])
    assert result_of(survey_results(survey), "antal").median == pytest.approx(4)


def test_question_answered_by_fewer_than_five_shows_no_shares(survey):
    results = survey_results(survey)
    assert result_of(results, "avstatt").respondents == 0
    assert result_of(results, "avstatt").too_few
    assert not result_of(results, "avstatt").has_chart


# --- Trend ---


def test_trend_matches_the_previous_round_by_question_and_option_codes(survey, places):
    earlier = make_round("2024", days_ago=365)
    for option in ["mycket-trygg", "ganska-trygg", "ganska-otrygg", "ganska-otrygg", "ganska-otrygg"]:
        respond(earlier, {"trygg-kvall": option, "problem": {"klotter": "mycket-stort-problem"}},
                locality=places["skarhamn"])
    results = survey_results(survey)
    assert results.previous == earlier
    assert results.previous_respondents == 5
    rows = {row.code: row for row in result_of(results, "trygg-kvall").rows}
    assert rows["ganska-otrygg"].previous_share == pytest.approx(60)
    assert rows["ganska-otrygg"].change == pytest.approx(100 / 6 - 60)
    assert rows["mycket-otrygg"].previous_share == pytest.approx(0)
    klotter = {item.code: item for item in result_of(results, "problem").items}["klotter"]
    assert {row.code: row.previous_share for row in klotter.rows}["mycket-stort-problem"] == pytest.approx(100)
    # A question the previous round had too few answers to: no comparison.
    assert all(row.previous_share is None for row in result_of(results, "utsatt-typ").rows)


def test_the_public_page_compares_only_with_a_previous_round_whose_results_are_public(survey, places):
    earlier = make_round("2024", days_ago=365)
    for _ in range(5):
        respond(earlier, {"trygg-kvall": "ganska-otrygg"}, locality=places["skarhamn"])
    assert survey_results(survey, public=True).previous is None
    earlier.results_published = True
    earlier.save()
    assert survey_results(survey, public=True).previous == earlier


def test_without_a_previous_round_there_is_no_trend(survey):
    results = survey_results(survey)
    assert results.previous is None
    assert all(row.previous_share is None for row in result_of(results, "trygg-kvall").rows)


# --- Trygghetsindex ---


@pytest.fixture
def index_survey(places):
    survey = make_round("2025")
    skarhamn = [
        ("ganska-otrygg", "mycket-stort-problem", "inget-problem"),
        ("mycket-trygg", "inget-problem", "inget-problem"),
        ("mycket-trygg", "litet-problem", "inget-problem"),
        ("gar-aldrig-ut", "vet-ej", "inget-problem"),
        ("ganska-trygg", "ganska-stort-problem", "inget-problem"),
    ]
    for safety, klotter, litter in skarhamn:
        respond(survey, {"trygg-kvall": safety, "problem": {"klotter": klotter, "nedskrapning": litter}},
                locality=places["skarhamn"])
    for _ in range(5):
        respond(survey, {"trygg-kvall": "mycket-trygg",
                         "problem": {"klotter": "inget-problem", "nedskrapning": "ganska-stort-problem"}},
                locality=places["myggenas"])
    return survey


def test_trygghetsindex_per_locality_follows_the_formula(index_survey):
    index = survey_results(index_survey).index
    rows = {row.label: row for row in index.rows}
    # Skärhamn: U = 2/5 unsafe (ganska otrygg, går aldrig ut); P = mean(klotter 2/4 big, nedskräpning 0/5) = 25 %.
    assert rows["Skärhamn"].unsafe_share == pytest.approx(40)
    assert rows["Skärhamn"].problem_share == pytest.approx(25)
    assert rows["Skärhamn"].index == pytest.approx(100 - (40 + 25) / 2)
    # Myggenäs: U = 0, P = mean(0, 100) = 50.
    assert rows["Myggenäs"].index == pytest.approx(75)
    # The municipality: U = 2/10; P = mean(klotter 2/9, nedskräpning 5/10).
    assert index.total.unsafe_share == pytest.approx(20)
    assert index.total.problem_share == pytest.approx((200 / 9 + 50) / 2)
    assert index.total.index == pytest.approx(100 - (20 + (200 / 9 + 50) / 2) / 2)


def test_trygghetsindex_hides_localities_with_fewer_than_five_answers(index_survey, places):
    respond(index_survey, {"trygg-kvall": "mycket-trygg"}, locality=places["skarhamn"])  # 6 in Skärhamn, 5 in Myggenäs
    respond(index_survey, {"trygg-kvall": "mycket-otrygg"}, locality=places["astol"])
    index = survey_results(index_survey).index
    rows = {row.label: row for row in index.rows}
    assert rows["Åstol"].too_few and rows["Åstol"].index is None
    # Åstol alone could be worked out from the total, so the smallest other locality is hidden too.
    assert rows["Myggenäs"].too_few
    assert not rows["Skärhamn"].too_few
    for _ in range(4):
        respond(index_survey, {"trygg-kvall": "mycket-trygg"}, locality=places["dyron"])
    rows = {row.label: row for row in survey_results(index_survey).index.rows}
    assert rows["Åstol"].too_few and rows["Dyrön"].too_few
    assert not rows["Myggenäs"].too_few


def test_trygghetsindex_compares_with_the_previous_round(index_survey, places):
    earlier = make_round("2024", days_ago=365)
    for _ in range(5):
        respond(earlier, {"trygg-kvall": "ganska-otrygg", "problem": {"klotter": "inget-problem"}},
                locality=places["skarhamn"])
    index = survey_results(index_survey).index
    skarhamn = {row.label: row for row in index.rows}["Skärhamn"]
    assert skarhamn.previous_index == pytest.approx(50)
    assert skarhamn.change == pytest.approx(67.5 - 50)


def test_results_page_shows_the_index_formula(client, coordinator, index_survey):
    client.force_login(coordinator)
    response = client.get(reverse("dialog:results", args=[index_survey.pk]))
    assert "100 × (1 − (U + P) / 2)" in response.content.decode()
    assert "67,5" in response.content.decode()


# --- Small groups ---


@pytest.mark.parametrize(
    "sizes, hidden",
    [
        ({"a": 10, "b": 8}, set()),
        ({"a": 10, "b": 8, "c": 3}, {"b", "c"}),
        ({"a": 10, "b": 2, "c": 3}, {"b", "c"}),
        ({"a": 10, "b": 4}, {"a", "b"}),
        ({"a": 5, "b": 0}, set()),
    ],
)
def test_small_groups_and_the_group_that_would_give_them_away_are_hidden(sizes, hidden):
    assert suppressed_groups(sizes) == hidden


@pytest.fixture
def gender_survey(places):
    """Kvinna 6, man 5, annat 2 and 3 without gender: the last two groups are too small."""
    survey = make_round("2025")
    for gender, count, safety in [("kvinna", 6, "mycket-trygg"), ("man", 5, "ganska-trygg"),
                                  ("annat", 2, "mycket-otrygg"), ("", 3, "ganska-otrygg")]:
        for _ in range(count):
            respond(survey, {"trygg-kvall": safety}, locality=places["skarhamn"], gender=gender)
    for _ in range(2):
        respond(survey, {"trygg-kvall": "mycket-otrygg"}, locality=places["astol"], gender="kvinna")
    return survey


def test_breakdown_never_shows_a_group_with_fewer_than_five_answers(gender_survey):
    safety = result_of(survey_results(gender_survey), "trygg-kvall")
    by_gender = next(b for b in safety.breakdowns if b.dimension == "gender")
    rows = {row.label: row for row in by_gender.rows}
    assert rows["Kvinna"].shares[0] == pytest.approx(75)  # 6 of 8 women "mycket trygg"
    assert rows["Man"].shares[1] == pytest.approx(100)
    assert rows["Annat eller vill inte svara"].too_few
    assert [row for row in by_gender.rows if row.too_few and row.label != "Annat eller vill inte svara"][0]
    by_locality = next(b for b in safety.breakdowns if b.dimension == "locality")
    localities = {row.label: row for row in by_locality.rows}
    assert localities["Åstol"].too_few
    # Åstol (2) alone would follow from the total: Skärhamn, the only other locality, is hidden too.
    assert localities["Skärhamn"].too_few


def test_results_page_reads_too_few_answers_instead_of_small_groups(client, coordinator, gender_survey):
    client.force_login(coordinator)
    html = client.get(reverse("dialog:results", args=[gender_survey.pk])).content.decode()
    row = re.search(r'<th scope="row">Annat eller vill inte svara</th>\s*(.*?)</tr>', html, re.S).group(1)
    assert too_few_text() in row and "%" not in row


def test_svg_of_the_index_hides_small_localities(client, coordinator, index_survey, places):
    respond(index_survey, {"trygg-kvall": "mycket-otrygg"}, locality=places["astol"])
    client.force_login(coordinator)
    response = client.get(reverse("dialog:results_index_chart", args=[index_survey.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    after_astol = svg.split(">Åstol</text>")[1].split("</text>")[0]
    assert too_few_text() in after_astol
    assert 'width="0.0"' in svg.split(">Åstol</text>")[1].split("<text")[0]


def test_svg_of_a_question_with_too_few_answers_draws_no_bars(client, coordinator, survey, places):
    other = make_round("2026")
    for _ in range(4):
        respond(other, {"trygg-kvall": "mycket-otrygg"}, locality=places["skarhamn"])
    client.force_login(coordinator)
    question = other.questions.get(code="trygg-kvall")
    svg = client.get(reverse("dialog:results_chart", args=[other.pk, question.pk])).content.decode()
    assert too_few_text() in svg
    assert "Mycket otrygg" not in svg


def test_csv_hides_background_answers_of_small_groups(client, coordinator, gender_survey):
    client.force_login(coordinator)
    rows = read_csv(client.post(reverse("dialog:results_csv", args=[gender_survey.pk])))
    genders = [row["kon"] for row in rows]
    assert genders.count("Kvinna") == 8 and genders.count("") == 3
    # "Annat" (2) is hidden, and "Man" (5) too, so the two cannot be told apart from the others.
    assert "Annat eller vill inte svara" not in genders and "Man" not in genders
    assert genders.count(too_few_text()) == 7
    places = [row["ort"] for row in rows]
    assert "Åstol" not in places and places.count(too_few_text()) == len(rows)


# --- Charts ---


def test_chart_is_svg_with_escaped_labels(client, coordinator, survey):
    option = survey.questions.get(code="trygg-kvall").options.get(code="mycket-trygg")
    option.label = '<script>alert("x")</script> & trygg'
    option.save()
    client.force_login(coordinator)
    question = survey.questions.get(code="trygg-kvall")
    response = client.get(reverse("dialog:results_chart", args=[survey.pk, question.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg and "&amp; trygg" in svg
    assert "33 %" in svg  # 2 of 6


def test_matrix_chart_has_a_stacked_bar_per_item(client, coordinator, survey):
    client.force_login(coordinator)
    question = survey.questions.get(code="problem")
    svg = client.get(reverse("dialog:results_chart", args=[survey.pk, question.pk])).content.decode()
    assert "Klotter" in svg and "Nedskräpning" in svg
    assert "80 %" in svg  # nedskräpning: 4 of 5 "inget problem"


def test_free_text_and_map_questions_have_no_chart(client, coordinator, survey):
    client.force_login(coordinator)
    for code in ("ovrigt", "otrygg-plats"):
        question = survey.questions.get(code=code)
        assert client.get(reverse("dialog:results_chart", args=[survey.pk, question.pk])).status_code == 404


def test_chart_of_a_question_of_another_survey_is_not_found(client, coordinator, survey):
    other = make_round("2026")
    client.force_login(coordinator)
    question = other.questions.get(code="trygg-kvall")
    assert client.get(reverse("dialog:results_chart", args=[survey.pk, question.pk])).status_code == 404


def test_results_page_embeds_charts_beside_tables(client, coordinator, survey):
    client.force_login(coordinator)
    html = client.get(reverse("dialog:results", args=[survey.pk])).content.decode()
    question = survey.questions.get(code="trygg-kvall")
    assert reverse("dialog:results_chart", args=[survey.pk, question.pk]) in html
    assert "<caption>" in html and '<th scope="row">Mycket trygg</th>' in html
    assert "33,3 %" in html


# --- Free text ---


def test_coordinator_reads_free_text(client, coordinator, survey):
    client.force_login(coordinator)
    response = client.get(reverse("dialog:free_text", args=[survey.pk]))
    assert response.status_code == 200
    assert "Anna Svenssons hus" in response.content.decode()


@pytest.mark.parametrize("role", ["working_group_member", "steering_group_member", "police", "resident"])
def test_others_may_not_read_free_text(client, request, role, survey):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("dialog:free_text", args=[survey.pk])).status_code == 403


def test_free_text_is_not_on_the_staff_results_of_others(client, police, survey):
    client.force_login(police)
    html = client.get(reverse("dialog:results", args=[survey.pk])).content.decode()
    assert "Anna Svenssons hus" not in html
    assert reverse("dialog:free_text", args=[survey.pk]) not in html


def free_text_answer(survey):
    return Answer.objects.get(question__survey=survey, question__code="ovrigt")


def test_coordinator_tags_an_answer_with_existing_and_new_themes(client, coordinator, survey):
    lighting = Theme.objects.create(name="Belysning")
    answer = free_text_answer(survey)
    client.force_login(coordinator)
    url = reverse("dialog:free_text", args=[survey.pk])
    prefix = f"answer-{answer.pk}"
    response = client.post(url, {"answer": answer.pk, f"{prefix}-themes": [lighting.pk],
                                 f"{prefix}-new_themes": "Trafik, trafik , belysning"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#answer-{answer.pk}")
    assert sorted(answer.themes.values_list("name", flat=True)) == ["Belysning", "Trafik"]
    assert Theme.objects.count() == 2

    response = client.post(url, {"answer": answer.pk})
    assert response.status_code == 302 and answer.themes.count() == 0


def test_tagging_filters_answers_by_theme(client, coordinator, survey):
    theme = Theme.objects.create(name="Belysning")
    client.force_login(coordinator)
    url = reverse("dialog:free_text", args=[survey.pk])
    assert "Anna Svenssons hus" not in client.get(url, {"tema": theme.pk}).content.decode()
    free_text_answer(survey).themes.add(theme)
    assert "Anna Svenssons hus" in client.get(url, {"tema": theme.pk}).content.decode()
    assert client.get(url, {"tema": "999999"}).status_code == 404
    assert client.get(url, {"fraga": "abc"}).status_code == 404


def test_tagging_answers_bad_input_clearly(client, coordinator, survey):
    client.force_login(coordinator)
    url = reverse("dialog:free_text", args=[survey.pk])
    assert client.post(url, {"answer": "x"}).status_code == 400
    assert client.post(url, {"answer": "999999"}).status_code == 404
    other = make_round("2026")
    foreign = respond(other, {"ovrigt": "Annan enkät"})
    assert client.post(url, {"answer": foreign.answers.get().pk}).status_code == 404
    answer = free_text_answer(survey)
    response = client.post(url, {"answer": answer.pk, f"answer-{answer.pk}-new_themes": "x" * 101})
    assert response.status_code == 400
    assert Theme.objects.count() == 0


def test_incomplete_responses_free_text_is_not_listed(client, coordinator, survey):
    respond(survey, {"ovrigt": "Halvfärdigt svar"}, complete=False)
    client.force_login(coordinator)
    assert "Halvfärdigt svar" not in client.get(reverse("dialog:free_text", args=[survey.pk])).content.decode()


@pytest.mark.parametrize("role", ["police", "working_group_member"])
def test_others_may_not_tag(client, request, role, survey):
    answer = free_text_answer(survey)
    client.force_login(request.getfixturevalue(role))
    response = client.post(reverse("dialog:free_text", args=[survey.pk]),
                           {"answer": answer.pk, f"answer-{answer.pk}-new_themes": "Trafik"})
    assert response.status_code == 403
    assert not Theme.objects.exists()


# --- CSV ---


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(content[1:]), delimiter=";"))


def test_csv_has_one_row_per_complete_response_with_a_column_per_question(client, coordinator, survey):
    client.force_login(coordinator)
    rows = read_csv(client.post(reverse("dialog:results_csv", args=[survey.pk])))
    assert len(rows) == 6
    first = rows[0]
    assert first["trygg-kvall"] == "Mycket trygg"
    assert first["utsatt-typ"] == "Stöld|Hot"
    assert first["problem:klotter"] == "Inget problem"
    assert first["problem:brak"] == ""
    assert rows[3]["antal"] == "10,00"
    assert "otrygg-plats:lat" in first
    assert first["ovrigt"].startswith("'=HYPERLINK")


def test_csv_header_neutralises_a_question_code_a_spreadsheet_would_run(client, coordinator, survey):
    survey.questions.filter(code="antal").update(code="-cmd")
    client.force_login(coordinator)
    rows = read_csv(client.post(reverse("dialog:results_csv", args=[survey.pk])))
    assert "'-cmd" in rows[0] and "-cmd" not in rows[0]
    assert rows[3]["'-cmd"] == "10,00"


def test_csv_leaves_out_free_text_for_those_who_may_not_read_it(client, survey):
    user = make_user("exporter@example.org")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["export_responses", "view_results"]))
    client.force_login(user)
    rows = read_csv(client.post(reverse("dialog:results_csv", args=[survey.pk])))
    assert "ovrigt" not in rows[0] and "avstatt-vad" not in rows[0]
    assert rows[0]["trygg-kvall"] == "Mycket trygg"


# --- Publishing and the public page ---


def test_public_results_are_not_found_until_published(client, survey):
    question = survey.questions.get(code="trygg-kvall")
    assert client.get(reverse("dialog:public_results", args=[survey.pk])).status_code == 404
    assert client.get(reverse("dialog:public_results_chart", args=[survey.pk, question.pk])).status_code == 404
    assert client.get(reverse("dialog:public_results_index_chart", args=[survey.pk])).status_code == 404


def test_coordinator_publishes_a_summary_and_anyone_sees_results_without_free_text(client, coordinator, survey):
    client.force_login(coordinator)
    url = reverse("dialog:results_publish", args=[survey.pk])
    response = client.post(url, {"results_published": "on", "public_summary": "De flesta känner sig trygga."})
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.results_published and survey.public_summary == "De flesta känner sig trygga."

    client.logout()
    response = client.get(reverse("dialog:public_results", args=[survey.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "De flesta känner sig trygga." in html
    assert "33,3 %" in html
    assert "Anna Svenssons hus" not in html
    assert "Har du något mer du vill berätta" not in html  # the free-text question itself
    assert reverse("dialog:free_text", args=[survey.pk]) not in html
    safety = survey.questions.get(code="trygg-kvall")
    chart = client.get(reverse("dialog:public_results_chart", args=[survey.pk, safety.pk]))
    assert chart.status_code == 200 and chart["Content-Type"] == "image/svg+xml"
    text_question = survey.questions.get(code="ovrigt")
    assert client.get(reverse("dialog:public_results_chart", args=[survey.pk, text_question.pk])).status_code == 404


def test_publishing_needs_a_summary(client, coordinator, survey):
    client.force_login(coordinator)
    response = client.post(reverse("dialog:results_publish", args=[survey.pk]), {"results_published": "on"})
    assert response.status_code == 400
    survey.refresh_from_db()
    assert not survey.results_published


def test_coordinator_unpublishes_results(client, coordinator, survey):
    survey.results_published = True
    survey.public_summary = "Sammanfattning"
    survey.save()
    client.force_login(coordinator)
    client.post(reverse("dialog:results_publish", args=[survey.pk]), {"public_summary": "Sammanfattning"})
    survey.refresh_from_db()
    assert not survey.results_published
    client.logout()
    assert client.get(reverse("dialog:public_results", args=[survey.pk])).status_code == 404


@pytest.mark.parametrize("role", ["working_group_member", "steering_group_member", "police", "resident"])
def test_only_coordinators_publish_results(client, request, role, survey):
    client.force_login(request.getfixturevalue(role))
    response = client.post(reverse("dialog:results_publish", args=[survey.pk]),
                           {"results_published": "on", "public_summary": "x"})
    assert response.status_code == 403
    survey.refresh_from_db()
    assert not survey.results_published


# --- Permissions: every results URL × every role ---

ROLES = ["anonymous", "resident", "staff_member", "coordinator", "working_group_member",
         "steering_group_member", "police", "admin_user"]
RESULTS = {"anonymous": 302, "resident": 403, "staff_member": 403, "coordinator": 200,
           "working_group_member": 200, "steering_group_member": 200, "police": 200, "admin_user": 200}
COORDINATORS = {**RESULTS, "working_group_member": 403, "steering_group_member": 403, "police": 403}
PUBLISH = {**COORDINATORS, "coordinator": 405, "admin_user": 405}
PUBLIC = {role: 200 for role in ROLES}

EXPECTED = {
    "results": RESULTS,
    "results_chart": RESULTS,
    "results_index_chart": RESULTS,
    "free_text": COORDINATORS,
    "results_csv": COORDINATORS,
    "results_publish": PUBLISH,
    "public_results": PUBLIC,
    "public_results_chart": PUBLIC,
    "public_results_index_chart": PUBLIC,
}


def url_of(name, survey):
    if name.endswith("results_chart"):
        return reverse(f"dialog:{name}", args=[survey.pk, survey.questions.get(code="trygg-kvall").pk])
    return reverse(f"dialog:{name}", args=[survey.pk])


@pytest.mark.parametrize("name", EXPECTED)
@pytest.mark.parametrize("role", ROLES)
def test_results_urls_answer_each_role(client, request, survey, name, role):
    survey.results_published = True
    survey.save()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    assert client.get(url_of(name, survey)).status_code == EXPECTED[name][role]


def test_unknown_survey_is_not_found(client, coordinator):
    client.force_login(coordinator)
    for name in ["results", "results_index_chart", "free_text", "results_csv", "public_results"]:
        assert client.get(reverse(f"dialog:{name}", args=[999999])).status_code == 404


# --- Queries ---


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_the_number_of_answers(client, coordinator, index_survey, places,
                                                         django_assert_max_num_queries):
    earlier = make_round("2024", days_ago=365)
    respond(earlier, {"trygg-kvall": "mycket-trygg"}, locality=places["skarhamn"])
    respond(index_survey, {"utsatt-typ": ["stold"], "antal": 3, "ovrigt": "Text"}, locality=places["skarhamn"],
            gender="man", age_band="25-44")
    client.force_login(coordinator)
    url = reverse("dialog:results", args=[index_survey.pk])
    before = count_queries(client, url)
    for index in range(40):
        respond(index_survey, {"trygg-kvall": "ganska-trygg", "utsatt-typ": ["stold", "hot"], "antal": index,
                               "problem": {"klotter": "litet-problem", "brak": "vet-ej"}},
                locality=[places["astol"], places["dyron"]][index % 2], gender=["kvinna", "man"][index % 2],
                age_band="25-44")
        respond(earlier, {"trygg-kvall": "ganska-otrygg"}, locality=places["myggenas"])
    with django_assert_max_num_queries(before):
        client.get(url)


# --- Demo data ---


def test_demo_seed_creates_two_rounds_with_answers_and_is_idempotent(places):
    lines = []
    assert demo.seed(500, lines.append) == 200
    rounds = list(Survey.objects.filter(series=trygghetsmatning.SERIES).order_by("opens_at"))
    assert len(rounds) == 2
    last_year, this_year = rounds
    assert last_year.results_published and last_year.public_summary
    assert this_year.is_published and this_year.previous_round() == last_year
    assert last_year.responses.filter(is_complete=True).exists()
    assert this_year.responses.filter(is_complete=True).count() == 110
    assert Answer.objects.filter(question__code="utsatt-typ").exists()
    assert Answer.objects.filter(question__code=trygghetsmatning.LOCAL_PROBLEMS, item__isnull=False).exists()

    assert demo.seed(500, lines.append) == 0
    assert Response.objects.count() == 200
    assert Survey.objects.filter(series=trygghetsmatning.SERIES).count() == 2


def test_demo_results_show_trend_and_index(places):
    demo.seed(0, lambda line: None)
    this_year = Survey.objects.filter(series=trygghetsmatning.SERIES).order_by("opens_at").last()
    results = survey_results(this_year)
    assert results.previous is not None
    assert results.index.total.index is not None
    assert any(row.previous_share is not None for row in result_of(results, "trygg-kvall").rows)


def test_demo_size_scales_the_number_of_responses(places):
    assert demo.seed(2500, lambda line: None) == 250
    assert Response.objects.filter(is_complete=True).count() == 250


# --- Surveys of other shapes ---


def test_results_of_a_survey_without_answers(client, coordinator):
    survey = make_round("2025")
    client.force_login(coordinator)
    response = client.get(reverse("dialog:results", args=[survey.pk]))
    assert response.status_code == 200
    assert survey_results(survey).index.total.too_few
    question = survey.questions.get(code="problem")
    assert client.get(reverse("dialog:results_chart", args=[survey.pk, question.pk])).status_code == 200


def test_a_survey_without_background_questions_has_no_breakdown_or_index(client, coordinator):
    now = timezone.now()
    survey = Survey.objects.create(title="Personalenkät", opens_at=now, closes_at=now + timedelta(days=7))
    page = survey.pages.create(heading="Frågor")
    question = Question.objects.create(survey=survey, page=page, code="trivs", type=QuestionType.SINGLE,
                                       text="Trivs du?")
    yes = question.options.create(code="ja", label="Ja")
    question.options.create(code="nej", label="Nej")
    for _ in range(5):
        Answer.objects.create(response=Response.objects.create(survey=survey, is_complete=True),
                              question=question, option=yes)
    results = survey_results(survey)
    assert results.index is None
    assert results.question("trivs").breakdowns == []
    assert shares(results.question("trivs")) == {"ja": 100, "nej": 0}
    client.force_login(coordinator)
    html = client.get(reverse("dialog:results", args=[survey.pk])).content.decode()
    assert "Trygghetsindex" not in html and "100,0 %" in html
