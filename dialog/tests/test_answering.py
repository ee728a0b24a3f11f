"""Residents and staff answer surveys: page by page, validated, stored once and anonymously."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dialog import trygghetsmatning
from dialog.answering import InvitationUsed, SurveyFlow, store_response
from dialog.models import (
    Answer,
    Audience,
    Channel,
    Invitation,
    MatrixItem,
    Option,
    Question,
    QuestionType,
    Response,
    Survey,
    SurveyPage,
)
from dialog.views.answering import DEVICE_COOKIE, answered_cookie_name
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
INSIDE = ("57.990000", "11.550000")  # Skärhamn, inside MAP_BOUNDS


# --- Fixtures and helpers ---------------------------------------------------------


def publish(survey, **fields):
    now = timezone.now()
    survey.is_published = True
    survey.opens_at = fields.pop("opens_at", now - timedelta(days=1))
    survey.closes_at = fields.pop("closes_at", now + timedelta(days=30))
    for name, value in fields.items():
        setattr(survey, name, value)
    survey.save()
    return survey


@pytest.fixture
def template_survey(localities):
    """The Trygghetsmätning, published and open."""
    now = timezone.now()
    survey = trygghetsmatning.create_trygghetsmatning(
        opens_at=now, closes_at=now + timedelta(days=30), round_label="2025"
    )
    return publish(survey)


def make_survey(title="Enkät", audience=Audience.PUBLIC):
    now = timezone.now()
    return Survey.objects.create(
        title=title, audience=audience, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30),
        is_published=True,
    )


def add_question(survey, page, code, type_, options=(), items=(), **fields):
    question = Question.objects.create(
        survey=survey, page=page, order=survey.questions.count(), code=code, type=type_,
        text=fields.pop("text", f"Fråga {code}?"), **fields,
    )
    for order, (option_code, value) in enumerate(options):
        Option.objects.create(question=question, order=order, code=option_code, label=option_code.title(), value=value)
    for order, item_code in enumerate(items):
        MatrixItem.objects.create(question=question, order=order, code=item_code, label=item_code.title())
    return question


@pytest.fixture
def all_types(localities):
    """One page with a question of every type, all optional."""
    survey = make_survey("Alla frågetyper")
    page = SurveyPage.objects.create(survey=survey, order=0, heading="Allt på en sida")
    scale = [("bra", 1), ("daligt", 2), ("vet-ej", None)]
    add_question(survey, page, "single", QuestionType.SINGLE, [("ja", None), ("nej", None)])
    add_question(survey, page, "multiple", QuestionType.MULTIPLE, [("a", None), ("b", None), ("c", None)])
    add_question(survey, page, "scale", QuestionType.SCALE, scale)
    add_question(survey, page, "matrix", QuestionType.MATRIX, scale, items=["gata", "park"])
    add_question(survey, page, "text", QuestionType.TEXT)
    add_question(survey, page, "number", QuestionType.NUMBER, min_value=0, max_value=120)
    add_question(survey, page, "locality", QuestionType.LOCALITY)
    add_question(survey, page, "map", QuestionType.MAP_POINT)
    return survey


def question(survey, code):
    return survey.questions.get(code=code)


def option(survey, code, option_code):
    return Option.objects.get(question__survey=survey, question__code=code, code=option_code).pk


def item(survey, code, item_code):
    return MatrixItem.objects.get(question__survey=survey, question__code=code, code=item_code).pk


def answer_url(survey, page=1, **query):
    params = "&".join([f"sida={page}", *(f"{key}={value}" for key, value in query.items())])
    return f"{reverse('dialog:answer', args=[survey.pk])}?{params}"


def post_page(client, url, data, action="next"):
    return client.post(url, {**data, "action": action}, **EN)


def empty_map(q):
    return {f"q{q.pk}_latitude": "", f"q{q.pk}_longitude": "", f"q{q.pk}_locality": "", f"q{q.pk}_place": ""}


def answer_template(client, survey, localities, url=None, last_action="submit"):
    """Answer the whole Trygghetsmätning; returns the last response."""
    url = url or reverse("dialog:answer", args=[survey.pk])
    safety = question(survey, trygghetsmatning.SAFETY_EVENING)
    pages = [
        {f"q{safety.pk}": option(survey, trygghetsmatning.SAFETY_EVENING, "ganska-otrygg")},
        {},
        {**empty_map(question(survey, trygghetsmatning.UNSAFE_PLACE)),
         f"q{question(survey, trygghetsmatning.UNSAFE_PLACE).pk}_latitude": INSIDE[0],
         f"q{question(survey, trygghetsmatning.UNSAFE_PLACE).pk}_longitude": INSIDE[1]},
        {},
        {f"q{question(survey, trygghetsmatning.LOCALITY).pk}": localities["myggenas"].pk,
         f"q{question(survey, trygghetsmatning.AGE_BAND).pk}": option(survey, trygghetsmatning.AGE_BAND, "25-44"),
         f"q{question(survey, trygghetsmatning.GENDER).pk}": option(survey, trygghetsmatning.GENDER, "kvinna")},
    ]
    response = None
    for number, data in enumerate(pages, start=1):
        action = last_action if number == len(pages) else "next"
        response = post_page(client, f"{url}?sida={number}", data, action)
    return response


# --- The list of surveys and the first page --------------------------------------------


def test_list_shows_only_open_public_surveys(client):
    open_public = make_survey("Öppen enkät")
    both = make_survey("För alla", audience=Audience.BOTH)
    make_survey("Medarbetarenkät", audience=Audience.STAFF)
    draft = make_survey("Utkast")
    draft.is_published = False
    draft.save()
    now = timezone.now()
    publish(make_survey("Stängd"), opens_at=now - timedelta(days=10), closes_at=now - timedelta(days=1))
    page = client.get(reverse("dialog:survey_index"), **EN).content.decode()
    assert reverse("dialog:answer", args=[open_public.pk]) in page
    assert reverse("dialog:answer", args=[both.pk]) in page
    for hidden in ("Medarbetarenkät", "Utkast", "Stängd"):
        assert hidden not in page
    assert "anyone can answer" in page


def test_first_page_shows_progress_and_says_honestly_it_is_an_open_survey(client, template_survey):
    page = client.get(answer_url(template_survey), **EN).content.decode()
    assert "Page 1 of 5" in page
    assert '<progress id="survey-progress" max="5" value="1">' in page
    assert '<label for="survey-progress">' in page
    assert "anyone can answer it" in page
    assert template_survey.pages.first().heading_en in page  # the template ships its English version


def test_every_question_type_is_rendered_accessibly(client, all_types):
    page = client.get(answer_url(all_types), **EN).content.decode()
    matrix = question(all_types, "matrix")
    assert page.count('<fieldset class="survey-matrix__item"') == 2
    assert f'name="q{matrix.pk}_i{item(all_types, "matrix", "gata")}"' in page
    assert '<legend><span lang="sv">Gata</span></legend>' in page  # no English version: Swedish, marked
    map_q = question(all_types, "map")
    assert f'data-latitude-input="id_q{map_q.pk}_latitude"' in page
    assert f'<label class="form-label" for="id_q{map_q.pk}_locality">' in page
    assert 'maxlength="2000"' in page


# --- Every question type: valid and invalid answers -----------------------------------------


def test_valid_answers_of_every_type_are_stored(client, all_types, localities):
    q = {code: question(all_types, code) for code in ("single", "multiple", "scale", "matrix", "text", "number",
                                                       "locality", "map")}
    data = {
        f"q{q['single'].pk}": option(all_types, "single", "ja"),
        f"q{q['multiple'].pk}": [option(all_types, "multiple", "a"), option(all_types, "multiple", "c")],
        f"q{q['scale'].pk}": option(all_types, "scale", "daligt"),
        f"q{q['matrix'].pk}_i{item(all_types, 'matrix', 'gata')}": option(all_types, "matrix", "bra"),
        f"q{q['matrix'].pk}_i{item(all_types, 'matrix', 'park')}": option(all_types, "matrix", "vet-ej"),
        f"q{q['text'].pk}": "Mörkt vid busshållplatsen.",
        f"q{q['number'].pk}": "42,5",
        f"q{q['locality'].pk}": localities["skarhamn"].pk,
        **empty_map(q["map"]),
        f"q{q['map'].pk}_latitude": "57.9900001", f"q{q['map'].pk}_longitude": INSIDE[1],
    }
    response = post_page(client, answer_url(all_types), data, "submit")
    assert response.status_code == 302
    assert response["Location"] == reverse("dialog:thanks", args=[all_types.pk])
    stored = Response.objects.get()
    assert stored.is_complete and stored.channel == Channel.PUBLIC
    assert stored.locality == localities["skarhamn"]  # from the first locality question
    answers = stored.answers.all()
    assert {a.option.code for a in answers.filter(question=q["multiple"])} == {"a", "c"}
    assert answers.get(question=q["single"]).option.code == "ja"
    assert answers.get(question=q["scale"]).option.code == "daligt"
    assert {(a.item.code, a.option.code) for a in answers.filter(question=q["matrix"])} == {
        ("gata", "bra"), ("park", "vet-ej")}
    assert answers.get(question=q["text"]).text == "Mörkt vid busshållplatsen."
    assert answers.get(question=q["number"]).number == Decimal("42.5")
    assert answers.get(question=q["locality"]).locality == localities["skarhamn"]
    point = answers.get(question=q["map"])
    assert (point.latitude, point.longitude) == (Decimal("57.990000"), Decimal("11.550000"))


def test_map_question_without_javascript_stores_locality_and_place_text(client, all_types, localities):
    map_q = question(all_types, "map")
    data = {**empty_map(map_q), f"q{map_q.pk}_locality": localities["myggenas"].pk,
            f"q{map_q.pk}_place": "Gångtunneln under vägen"}
    post_page(client, answer_url(all_types), data, "submit")
    answer = Answer.objects.get(question=map_q)
    assert answer.latitude is None
    assert answer.locality == localities["myggenas"]
    assert answer.text == "Gångtunneln under vägen"


INVALID = [
    ("single", lambda s, q: {f"q{q.pk}": "999999"}, "Choose one of the options given."),
    ("single", lambda s, q: {f"q{q.pk}": "ja"}, "Choose one of the options given."),
    ("scale", lambda s, q: {f"q{q.pk}": option(s, "single", "ja")}, "Choose one of the options given."),
    ("multiple", lambda s, q: {f"q{q.pk}": [option(s, "multiple", "a"), "999999"]}, "Choose one of the options given."),
    ("matrix", lambda s, q: {f"q{q.pk}_i{item(s, 'matrix', 'gata')}": option(s, "scale", "bra")},
     "Choose one of the options given."),
    ("number", lambda s, q: {f"q{q.pk}": "121"}, "less than or equal to 120"),
    ("number", lambda s, q: {f"q{q.pk}": "-1"}, "greater than or equal to 0"),
    ("number", lambda s, q: {f"q{q.pk}": "many"}, "Enter a number."),
    ("text", lambda s, q: {f"q{q.pk}": "x" * 2001}, "at most 2000 characters"),
    ("locality", lambda s, q: {f"q{q.pk}": "999999"}, "Select a valid choice"),
    ("map", lambda s, q: {f"q{q.pk}_latitude": "59.3", f"q{q.pk}_longitude": "18.0"},
     "outside the area the portal covers"),
    ("map", lambda s, q: {f"q{q.pk}_latitude": "91", f"q{q.pk}_longitude": "11.55"},
     "outside the area the portal covers"),
    ("map", lambda s, q: {f"q{q.pk}_latitude": INSIDE[0]}, "Give both latitude and longitude"),
    ("map", lambda s, q: {f"q{q.pk}_place": "Vid kiosken"}, "Choose the locality where the place is."),
    ("map", lambda s, q: {f"q{q.pk}_place": "x" * 301}, "at most 300 characters"),
]


@pytest.mark.parametrize(("code", "make_data", "message"), INVALID)
def test_invalid_answer_gets_a_clear_message_and_nothing_is_stored(client, all_types, code, make_data, message):
    data = make_data(all_types, question(all_types, code))
    response = post_page(client, answer_url(all_types), data, "submit")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please correct the following" in page
    assert message in page
    assert 'aria-invalid="true"' in page or "survey-question--error" in page
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


@pytest.mark.parametrize("code", ["single", "multiple", "scale", "text", "number", "locality"])
def test_required_question_must_be_answered(client, all_types, code):
    Question.objects.filter(pk=question(all_types, code).pk).update(required=True)
    response = post_page(client, answer_url(all_types), {}, "submit")
    assert response.status_code == 200
    assert "This question must be answered." in response.content.decode()
    assert Response.objects.count() == 0


def test_required_matrix_needs_every_row(client, all_types):
    matrix = question(all_types, "matrix")
    Question.objects.filter(pk=matrix.pk).update(required=True)
    data = {f"q{matrix.pk}_i{item(all_types, 'matrix', 'gata')}": option(all_types, "matrix", "bra")}
    response = post_page(client, answer_url(all_types), data, "submit")
    assert "Answer every row of this question." in response.content.decode()
    assert Response.objects.count() == 0


def test_required_map_question_takes_a_point_or_a_locality(client, all_types, localities):
    map_q = question(all_types, "map")
    Question.objects.filter(pk=map_q.pk).update(required=True)
    response = post_page(client, answer_url(all_types), empty_map(map_q), "submit")
    assert "Mark the place on the map or choose a locality." in response.content.decode()
    data = {**empty_map(map_q), f"q{map_q.pk}_locality": localities["skarhamn"].pk}
    assert post_page(client, answer_url(all_types), data, "submit").status_code == 302
    assert Response.objects.count() == 1


# --- Conditional questions ---------------------------------------------------------


def test_follow_up_on_the_same_page_has_a_hint_and_is_ignored_unless_triggered(client, template_survey):
    avstatt, vad = question(template_survey, "avstatt"), question(template_survey, "avstatt-vad")
    safety = question(template_survey, trygghetsmatning.SAFETY_EVENING)
    page = client.get(answer_url(template_survey), **EN).content.decode()
    assert "Answer only if you answered “Yes” to:" in page
    assert f'data-show-if-option="{option(template_survey, "avstatt", "ja")}"' in page
    data = {f"q{safety.pk}": option(template_survey, trygghetsmatning.SAFETY_EVENING, "mycket-trygg"),
            f"q{avstatt.pk}": option(template_survey, "avstatt", "nej"), f"q{vad.pk}": "x" * 3000}
    # Its answer (even an invalid one) is ignored when the trigger was not chosen.
    assert post_page(client, answer_url(template_survey), data).status_code == 302
    assert str(vad.pk) not in client.session[f"dialog-survey:{template_survey.pk}:public"]
    data.update({f"q{avstatt.pk}": option(template_survey, "avstatt", "ja"), f"q{vad.pk}": "Kvällspromenader"})
    post_page(client, answer_url(template_survey), data)
    assert client.session[f"dialog-survey:{template_survey.pk}:public"][str(vad.pk)] == "Kvällspromenader"


@pytest.fixture
def follow_up_survey():
    """Page 1: a yes/no question; page 2: a required follow-up shown only after yes; page 3: a last question."""
    survey = make_survey("Uppföljning")
    first = SurveyPage.objects.create(survey=survey, order=0, heading="Första")
    second = SurveyPage.objects.create(survey=survey, order=1, heading="Andra")
    third = SurveyPage.objects.create(survey=survey, order=2, heading="Tredje")
    trigger = add_question(survey, first, "utsatt", QuestionType.SINGLE, [("ja", None), ("nej", None)], required=True)
    add_question(survey, second, "vad", QuestionType.TEXT, required=True,
                 show_if_option=trigger.options.get(code="ja"), text="Vad hände?")
    add_question(survey, third, "sist", QuestionType.TEXT)
    return survey


def test_follow_up_page_is_skipped_unless_triggered_on_an_earlier_page(client, follow_up_survey):
    trigger = question(follow_up_survey, "utsatt")
    data = {f"q{trigger.pk}": option(follow_up_survey, "utsatt", "nej")}
    response = post_page(client, answer_url(follow_up_survey), data)
    assert response["Location"].endswith("?sida=2")
    page = client.get(response["Location"], **EN).content.decode()
    assert "Tredje" in page and "Vad hände?" not in page and "Page 2 of 2" in page
    assert post_page(client, answer_url(follow_up_survey, 2), {}, "submit").status_code == 302
    assert Response.objects.get().answers.count() == 1


def test_follow_up_on_a_later_page_is_shown_and_required_after_yes(client, follow_up_survey):
    trigger = question(follow_up_survey, "utsatt")
    post_page(client, answer_url(follow_up_survey), {f"q{trigger.pk}": option(follow_up_survey, "utsatt", "ja")})
    page = client.get(answer_url(follow_up_survey, 2), **EN).content.decode()
    assert "Vad hände?" in page and "Page 2 of 3" in page and "Answer only if" not in page
    response = post_page(client, answer_url(follow_up_survey, 2), {})
    assert "This question must be answered." in response.content.decode()


def test_answer_to_a_follow_up_is_dropped_when_the_trigger_is_changed(client, follow_up_survey):
    trigger, vad = question(follow_up_survey, "utsatt"), question(follow_up_survey, "vad")
    post_page(client, answer_url(follow_up_survey), {f"q{trigger.pk}": option(follow_up_survey, "utsatt", "ja")})
    post_page(client, answer_url(follow_up_survey, 2), {f"q{vad.pk}": "Cykelstöld"})
    post_page(client, answer_url(follow_up_survey), {f"q{trigger.pk}": option(follow_up_survey, "utsatt", "nej")})
    post_page(client, answer_url(follow_up_survey, 2), {}, "submit")
    assert not Answer.objects.filter(question=vad).exists()
    assert Response.objects.count() == 1


# --- Page by page, kept in the session --------------------------------------------------


def test_pages_are_answered_in_order_and_nothing_is_stored_before_the_last(client, template_survey, localities):
    safety = question(template_survey, trygghetsmatning.SAFETY_EVENING)
    chosen = option(template_survey, trygghetsmatning.SAFETY_EVENING, "ganska-trygg")
    response = post_page(client, answer_url(template_survey), {f"q{safety.pk}": chosen})
    assert response["Location"] == answer_url(template_survey, 2)
    assert Response.objects.count() == 0
    page = client.get(answer_url(template_survey, 2), **EN).content.decode()
    assert "Page 2 of 5" in page and "Previous" in page
    # Going back shows the earlier answer.
    response = post_page(client, answer_url(template_survey, 2), {}, "previous")
    assert response["Location"] == answer_url(template_survey, 1)
    page = client.get(answer_url(template_survey, 1), **EN).content.decode()
    assert f'value="{chosen}" class="form-check-input" id="id_q{safety.pk}_1" checked' in page
    answer_template(client, template_survey, localities)
    assert Response.objects.count() == 1
    assert f"dialog-survey:{template_survey.pk}:public" not in client.session


def test_last_page_says_send(client, template_survey):
    page = client.get(answer_url(template_survey, 5), **EN).content.decode()
    assert 'value="submit"' in page and 'value="next"' not in page


def test_half_filled_survey_is_not_stored(client, template_survey, localities):
    # Jump straight to the last page and send it without the required first question.
    location = question(template_survey, trygghetsmatning.LOCALITY)
    data = {f"q{location.pk}": localities["skarhamn"].pk}
    response = post_page(client, answer_url(template_survey, 5), data, "submit")
    assert response["Location"] == answer_url(template_survey, 1)
    assert "Some required questions are not answered yet" in client.get(response["Location"], **EN).content.decode()
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


@pytest.mark.parametrize("page", ["0", "6", "abc", "-1"])
def test_unknown_page_number_is_404(client, template_survey, page):
    assert client.get(f"{reverse('dialog:answer', args=[template_survey.pk])}?sida={page}").status_code == 404


def test_background_answers_are_copied_onto_the_response(client, template_survey, localities):
    answer_template(client, template_survey, localities)
    stored = Response.objects.get()
    assert stored.locality == localities["myggenas"]
    assert (stored.age_band, stored.gender) == ("25-44", "kvinna")
    assert stored.answers.get(question__code=trygghetsmatning.UNSAFE_PLACE).latitude == Decimal(INSIDE[0])


def test_locality_comes_from_the_first_locality_question_whatever_its_code(client, localities):
    survey = make_survey()
    page = SurveyPage.objects.create(survey=survey, order=0, heading="Om dig")
    home = add_question(survey, page, "hemort", QuestionType.LOCALITY)
    work = add_question(survey, page, "arbetsort", QuestionType.LOCALITY)
    post_page(client, answer_url(survey), {f"q{home.pk}": localities["skarhamn"].pk,
                                           f"q{work.pk}": localities["myggenas"].pk}, "submit")
    assert Response.objects.get().locality == localities["skarhamn"]


# --- Closed, draft and staff-only surveys ---------------------------------------------------


def test_closed_survey_refuses_with_a_clear_page(client, template_survey):
    publish(template_survey, opens_at=timezone.now() - timedelta(days=10), closes_at=timezone.now() - timedelta(days=1))
    response = client.get(answer_url(template_survey), **EN)
    assert response.status_code == 410
    assert "The survey is closed" in response.content.decode()
    response = client.post(answer_url(template_survey), {"action": "submit"}, **EN)
    assert response.status_code == 410
    assert Response.objects.count() == 0


def test_survey_not_yet_open_says_when_it_opens(client, template_survey):
    publish(template_survey, opens_at=timezone.now() + timedelta(days=2), closes_at=timezone.now() + timedelta(days=9))
    response = client.get(answer_url(template_survey), **EN)
    assert response.status_code == 403
    assert "It opens on" in response.content.decode()


def test_survey_that_closes_before_the_final_submit_stores_nothing(client, template_survey, localities):
    answer_template(client, template_survey, localities, last_action="previous")  # every page filled in, not sent
    Survey.objects.filter(pk=template_survey.pk).update(closes_at=timezone.now())
    response = post_page(client, answer_url(template_survey, 5), {}, "submit")
    assert response.status_code == 410
    assert "The survey is closed" in response.content.decode()
    assert Response.objects.count() == 0


def test_store_response_refuses_a_survey_closed_at_submit_time(template_survey, localities):
    from dialog.answering import SurveyClosed

    flow = SurveyFlow(template_survey)
    safety = question(template_survey, trygghetsmatning.SAFETY_EVENING)
    answers = {str(safety.pk): option(template_survey, trygghetsmatning.SAFETY_EVENING, "mycket-trygg")}
    Survey.objects.filter(pk=template_survey.pk).update(closes_at=timezone.now())
    with pytest.raises(SurveyClosed):
        store_response(flow, answers, channel=Channel.PUBLIC)
    assert Response.objects.count() == 0


def test_draft_is_not_answerable_by_the_public(client, resident, template_survey):
    Survey.objects.filter(pk=template_survey.pk).update(is_published=False)
    assert client.get(answer_url(template_survey)).status_code == 404
    assert client.get(answer_url(template_survey, forhandsvisning=1)).status_code == 404
    client.force_login(resident)
    assert client.get(answer_url(template_survey, forhandsvisning=1)).status_code == 404
    assert client.get(reverse("dialog:thanks", args=[template_survey.pk])).status_code == 404


def test_coordinator_previews_a_draft_and_nothing_is_stored(client, coordinator, template_survey, localities):
    Survey.objects.filter(pk=template_survey.pk).update(is_published=False)
    client.force_login(coordinator)
    page = client.get(answer_url(template_survey, forhandsvisning=1), **EN).content.decode()
    assert "Preview" in page and "Page 1 of 5" in page
    safety = question(template_survey, trygghetsmatning.SAFETY_EVENING)
    data = {f"q{safety.pk}": option(template_survey, trygghetsmatning.SAFETY_EVENING, "mycket-trygg")}
    response = post_page(client, answer_url(template_survey, 1, forhandsvisning=1), data)
    assert response["Location"] == answer_url(template_survey, 2, forhandsvisning=1)
    for number in (2, 3, 4):
        post_page(client, answer_url(template_survey, number, forhandsvisning=1), {})
    response = post_page(client, answer_url(template_survey, 5, forhandsvisning=1), {}, "submit")
    assert response.status_code == 200
    assert "Nothing was stored" in response.content.decode()
    assert Response.objects.count() == 0 and Answer.objects.count() == 0
    assert answered_cookie_name(template_survey) not in response.cookies


def test_staff_survey_has_no_public_link(client):
    survey = make_survey("Medarbetardialog", audience=Audience.STAFF)
    assert client.get(answer_url(survey)).status_code == 404


# --- Staff invitations: single use, anonymous -------------------------------------------


@pytest.fixture
def staff_survey(localities):
    now = timezone.now()
    survey = trygghetsmatning.create_trygghetsmatning(
        opens_at=now, closes_at=now + timedelta(days=30), title="Medarbetardialog", audience=Audience.STAFF
    )
    return publish(survey)


@pytest.fixture
def invitation(staff_survey):
    return Invitation.objects.create(survey=staff_survey, email="anna.andersson@tjorn.se")


def invitation_url(invitation):
    return reverse("dialog:invitation", args=[invitation.token])


def test_staff_member_answers_once_with_the_invitation_link(client, invitation, staff_survey, localities):
    page = client.get(invitation_url(invitation), **EN).content.decode()
    assert "personal invitation" in page and "Page 1 of 5" in page
    response = answer_template(client, staff_survey, localities, url=invitation_url(invitation))
    assert response["Location"] == reverse("dialog:thanks", args=[staff_survey.pk])
    stored = Response.objects.get()
    assert stored.channel == Channel.INVITATION and stored.is_complete
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    # The second use is refused with a clear page.
    response = client.get(invitation_url(invitation), **EN)
    assert response.status_code == 410
    assert "You have already answered" in response.content.decode()
    assert Response.objects.count() == 1


def test_unknown_invitation_token_is_404(client, invitation):
    assert client.get(reverse("dialog:invitation", args=["not-a-real-token"])).status_code == 404


def test_invitation_to_a_closed_survey_gets_a_clear_page(client, invitation, staff_survey):
    publish(staff_survey, opens_at=timezone.now() - timedelta(days=10), closes_at=timezone.now() - timedelta(days=1))
    response = client.get(invitation_url(invitation), **EN)
    assert response.status_code == 410 and "The survey is closed" in response.content.decode()


def test_two_simultaneous_submits_with_one_invitation_store_one_response(invitation, staff_survey, localities):
    first, second = Client(), Client()
    for browser in (first, second):  # both have filled in every page but the last
        answer_template(browser, staff_survey, localities, url=invitation_url(invitation), last_action="previous")
    answer_template(first, staff_survey, localities, url=invitation_url(invitation))
    response = post_page(second, f"{invitation_url(invitation)}?sida=5", {}, "submit")
    assert response.status_code == 410
    assert "You have already answered" in response.content.decode()
    assert Response.objects.count() == 1


def test_a_stale_invitation_cannot_store_a_second_response(invitation, staff_survey):
    """Two requests that both read the invitation as unused: the conditional update lets only one through."""
    flow = SurveyFlow(staff_survey)
    safety = question(staff_survey, trygghetsmatning.SAFETY_EVENING)
    answers = {str(safety.pk): option(staff_survey, trygghetsmatning.SAFETY_EVENING, "mycket-trygg")}
    stale = Invitation.objects.get(pk=invitation.pk)
    store_response(flow, answers, channel=Channel.INVITATION, invitation=invitation)
    assert stale.used_at is None
    with pytest.raises(InvitationUsed):
        store_response(flow, answers, channel=Channel.INVITATION, invitation=stale)
    assert Response.objects.count() == 1 and Answer.objects.count() == 1


def test_invitation_answer_cannot_be_linked_to_the_invitee(client, invitation, staff_survey, localities):
    answer_template(client, staff_survey, localities, url=invitation_url(invitation))
    user_model = get_user_model()
    for model in (Response, Answer):
        for field in model._meta.get_fields():
            assert getattr(field, "related_model", None) not in (Invitation, user_model), (model, field.name)
    stored = Response.objects.get()
    values = [str(value) for value in Response.objects.values_list().get()]
    values += [str(value) for row in Answer.objects.values_list() for value in row]
    assert not any(invitation.email in value or invitation.token in value for value in values)
    # The invitation only records the day it was used, which cannot be matched to the response's time.
    invitation.refresh_from_db()
    assert invitation.used_at != stored.submitted_at
    local = timezone.localtime(invitation.used_at)
    assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)


# --- Repeat limits on public surveys ------------------------------------------------------


def test_browser_that_has_answered_is_told_so_and_that_the_survey_is_open(client, template_survey, localities):
    response = answer_template(client, template_survey, localities)
    assert answered_cookie_name(template_survey) in response.cookies
    page = client.get(answer_url(template_survey), **EN).content.decode()
    assert "You have already answered this survey" in page
    assert "open survey that anyone can answer" in page
    # Another browser can still answer.
    answer_template(Client(), template_survey, localities)
    assert Response.objects.count() == 2


def test_forged_answered_marker_is_ignored(client, template_survey):
    client.cookies[answered_cookie_name(template_survey)] = str(template_survey.pk)
    page = client.get(answer_url(template_survey), **EN).content.decode()
    assert "Page 1 of 5" in page


def test_complete_answers_are_rate_limited_per_client(client, template_survey, localities, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "survey": [(2, 3600)]}
    for _ in range(2):
        assert answer_template(Client(), template_survey, localities).status_code == 302
    response = answer_template(Client(), template_survey, localities)
    assert response.status_code == 429
    assert Response.objects.count() == 2


def test_five_people_behind_one_address_all_answer(template_survey, localities):
    # A household, a school or a mobile operator's shared address: five phones, one address.
    statuses = [answer_template(Client(REMOTE_ADDR="10.1.2.3"), template_survey, localities).status_code for _ in range(5)]
    assert statuses == [302] * 5
    assert Response.objects.count() == 5


def test_address_limits_are_high_and_set_by_environment(settings):
    hourly = dict((seconds, count) for count, seconds in settings.RATE_LIMITS["survey"])
    assert hourly[3600] >= 50
    assert hourly[86400] >= hourly[3600]


def test_survey_rate_limit_has_a_default_without_settings(template_survey, localities, settings):
    settings.RATE_LIMITS = {key: value for key, value in settings.RATE_LIMITS.items() if key != "survey"}
    statuses = [answer_template(Client(), template_survey, localities).status_code for _ in range(5)]
    assert statuses == [302] * 5


def test_opening_a_survey_sets_a_signed_device_cookie(client, template_survey):
    response = client.get(answer_url(template_survey), **EN)
    cookie = response.cookies[DEVICE_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert ":" in cookie.value  # signed
    # It stays the same device on the next page.
    assert DEVICE_COOKIE not in client.get(answer_url(template_survey), **EN).cookies


def test_device_that_already_answered_is_limited_without_its_answered_marker(client, template_survey, localities):
    assert answer_template(client, template_survey, localities).status_code == 302
    del client.cookies[answered_cookie_name(template_survey)]
    response = answer_template(client, template_survey, localities)
    assert response.status_code == 429
    assert Response.objects.count() == 1
    assert int(response["Retry-After"]) > 90 * 60
    assert "send them again later, in about" in response.content.decode()
    assert " hours." in response.content.decode()
    # Another survey is another count.
    other = publish(trygghetsmatning.create_trygghetsmatning(
        opens_at=timezone.now(), closes_at=timezone.now() + timedelta(days=30), round_label="2026"))
    assert answer_template(client, other, localities).status_code == 302


def test_device_is_counted_before_the_address(template_survey, localities, settings):
    # A device that answered is limited even when the address has room; a new device on a full address is not
    # limited by the device count.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "survey": [(1000, 3600)]}
    first = Client()
    answer_template(first, template_survey, localities)
    del first.cookies[answered_cookie_name(template_survey)]
    assert answer_template(first, template_survey, localities).status_code == 429
    assert answer_template(Client(), template_survey, localities).status_code == 302


def test_forged_device_cookie_counts_as_no_device(template_survey, localities, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "survey": [(1, 3600)]}
    first = Client()
    first.cookies[DEVICE_COOKIE] = "forged"
    assert answer_template(first, template_survey, localities).status_code == 302
    second = Client()
    second.cookies[DEVICE_COOKIE] = "forged"
    assert answer_template(second, template_survey, localities).status_code == 429


def test_limited_answer_gets_a_page_that_keeps_the_answers(client, template_survey, localities, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "survey": [(1, 3600)]}
    answer_template(Client(), template_survey, localities)
    response = answer_template(client, template_survey, localities)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    page = response.content.decode()
    assert "Your answers are kept" in page
    assert "send them again later" in page
    assert 'href="' + answer_url(template_survey, 5) + '"' in page
    # The answers are still there: the last page shows them again and sending later stores them.
    last = client.get(answer_url(template_survey, 5), **EN).content.decode()
    assert "checked" in last
    cache.clear()
    assert post_page(client, answer_url(template_survey, 5), {
        f"q{question(template_survey, trygghetsmatning.LOCALITY).pk}": localities["myggenas"].pk,
        f"q{question(template_survey, trygghetsmatning.AGE_BAND).pk}": option(template_survey, trygghetsmatning.AGE_BAND, "25-44"),
        f"q{question(template_survey, trygghetsmatning.GENDER).pk}": option(template_survey, trygghetsmatning.GENDER, "kvinna"),
    }, "submit").status_code == 302
    assert Response.objects.count() == 2


# --- The layer of perceived insecurity --------------------------------------------------------


GEOJSON = "dialog:insecurity_geojson"


def map_answer(survey, latitude, longitude, complete=True):
    response = Response.objects.create(survey=survey, is_complete=complete)
    return Answer.objects.create(
        response=response, question=question(survey, trygghetsmatning.UNSAFE_PLACE),
        latitude=Decimal(latitude), longitude=Decimal(longitude),
    )


@pytest.fixture
def insecurity(template_survey):
    """Three answers in one 250 m cell and one alone elsewhere, in a survey with published results."""
    publish(template_survey, results_published=True)
    for offset in ("0.000100", "0.000200", "0.000300"):
        map_answer(template_survey, Decimal("57.990000") + Decimal(offset), "11.550000")
    map_answer(template_survey, "58.050000", "11.700000")
    map_answer(template_survey, "58.060000", "11.710000", complete=False)
    return template_survey


def features(client, **params):
    response = client.get(reverse(GEOJSON), params)
    assert response.status_code == 200
    return response.json()["features"]


def test_public_layer_shows_grid_cells_with_at_least_three_answers(client, insecurity):
    response = client.get(reverse(GEOJSON))
    assert response["Content-Type"] == "application/geo+json"
    assert response["Cache-Control"] == "public, max-age=60"
    cells = response.json()["features"]
    assert len(cells) == 1
    assert cells[0]["properties"] == {"count": 3, "precision": "grid", "layer": "perceived_insecurity"}
    from incidents.models import snap_to_grid

    latitude, longitude = snap_to_grid("57.990100", "11.550000", 250)
    assert cells[0]["geometry"]["coordinates"] == [float(longitude), float(latitude)]


def test_public_layer_has_only_surveys_with_published_results(client, insecurity):
    Survey.objects.filter(pk=insecurity.pk).update(results_published=False)
    assert features(client) == []


def test_staff_who_see_results_get_every_survey_and_small_cells_privately(client, police, insecurity):
    Survey.objects.filter(pk=insecurity.pk).update(results_published=False)
    client.force_login(police)
    response = client.get(reverse(GEOJSON))
    assert response["Cache-Control"] == "private, max-age=60"
    assert sorted(cell["properties"]["count"] for cell in response.json()["features"]) == [1, 3]


def test_layer_filters_by_survey(client, coordinator, insecurity, localities):
    other = make_survey("Annan")
    client.force_login(coordinator)
    assert len(features(client, enkat=insecurity.pk)) == 2
    assert features(client, enkat=other.pk) == []


def test_layer_never_contains_reports(client, coordinator, make_report, categories):
    from incidents.models import Status

    make_report(status=Status.PUBLISHED)
    client.force_login(coordinator)
    assert features(client) == []


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1.5", "9" * 30])
def test_layer_answers_bad_parameters_with_400_json(client, value):
    response = client.get(reverse(GEOJSON), {"enkat": value}, **EN)
    assert response.status_code == 400
    assert "error" in response.json()


# --- Permissions: every URL of this feature for every role -----------------------------------


ROLES = ["anonymous", "resident", "staff_member", "coordinator", "working_group_member",
         "steering_group_member", "police", "admin_user"]
EVERYONE = {role: 200 for role in ROLES}
PREVIEWERS = {**{role: 404 for role in ROLES}, "coordinator": 200, "admin_user": 200}


@pytest.fixture
def urls(template_survey, localities):
    draft = trygghetsmatning.create_trygghetsmatning(
        opens_at=timezone.now(), closes_at=timezone.now() + timedelta(days=9), title="Utkast"
    )
    staff = publish(trygghetsmatning.create_trygghetsmatning(
        opens_at=timezone.now(), closes_at=timezone.now() + timedelta(days=9), title="Medarbetardialog",
        audience=Audience.STAFF,
    ))
    invitation = Invitation.objects.create(survey=staff, email="bo@tjorn.se")
    return {
        "survey_index": reverse("dialog:survey_index"),
        "answer": answer_url(template_survey),
        "answer_draft": answer_url(draft),
        "preview_draft": answer_url(draft, forhandsvisning=1),
        "thanks": reverse("dialog:thanks", args=[template_survey.pk]),
        "invitation": reverse("dialog:invitation", args=[invitation.token]),
        "insecurity_geojson": reverse(GEOJSON),
    }


EXPECTED = {
    "survey_index": EVERYONE,
    "answer": EVERYONE,
    "answer_draft": {role: 404 for role in ROLES},
    "preview_draft": PREVIEWERS,
    "thanks": EVERYONE,
    "invitation": EVERYONE,
    "insecurity_geojson": EVERYONE,
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_on_every_answering_url(request, client, urls, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    answers = {name: client.get(url).status_code for name, url in urls.items()}
    assert answers == {name: EXPECTED[name][role] for name in urls}


def test_answering_urls_do_not_take_other_methods(client, urls):
    assert client.put(urls["answer"]).status_code == 405
    assert client.post(urls["insecurity_geojson"]).status_code == 405
    assert client.post(urls["survey_index"]).status_code == 405


def test_survey_index_links_to_published_results_only(client, db):
    from django.urls import reverse

    from dialog.models import Survey

    now = timezone.now()
    published = Survey.objects.create(title="Förra året", opens_at=now - timezone.timedelta(days=400),
                                      closes_at=now - timezone.timedelta(days=300), is_published=True,
                                      results_published=True)
    hidden = Survey.objects.create(title="Utkast", opens_at=now - timezone.timedelta(days=400),
                                   closes_at=now - timezone.timedelta(days=300), is_published=True)
    page = client.get(reverse("dialog:survey_index")).content.decode()
    assert reverse("dialog:public_results", args=[published.pk]) in page
    assert reverse("dialog:public_results", args=[hidden.pk]) not in page
