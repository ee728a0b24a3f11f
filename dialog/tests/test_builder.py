"""The coordinators' survey builder: surveys, pages, questions, preview, publishing, locking, copies, invitations."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dialog import trygghetsmatning
from dialog.forms.builder import parse_lines
from dialog.models import Audience, Invitation, Option, Question, QuestionType, Response, Survey, SurveyPage
from trygg.testing.clock import at, fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

DAY = timezone.timedelta(days=1)


def make_survey(title="Medarbetarenkät", audience=Audience.PUBLIC, **extra):
    now = timezone.now()
    survey = Survey.objects.create(title=title, audience=audience, opens_at=now - DAY, closes_at=now + 30 * DAY, **extra)
    SurveyPage.objects.create(survey=survey, order=0, heading="Frågor")
    return survey


def add_question(survey, code, type_=QuestionType.SINGLE, options=(("ja", "Ja"), ("nej", "Nej")), page=None, **extra):
    page = page or survey.pages.first()
    order = page.questions.count()
    question = Question.objects.create(
        survey=survey, page=page, order=order, code=code, type=type_, text=f"Fråga {code}?", **extra
    )
    for i, (option_code, label) in enumerate(options):
        Option.objects.create(question=question, order=i, code=option_code, label=label, value=i + 1)
    return question


def make_template(**extra):
    now = timezone.now()
    return trygghetsmatning.create_trygghetsmatning(opens_at=now - DAY, closes_at=now + 30 * DAY, round_label="2025",
                                                    **extra)


def answer(survey):
    return Response.objects.create(survey=survey, is_complete=True)


def question_data(page, **extra):
    data = {"page": page.pk, "type": "single", "text": "Känner du dig trygg?", "help_text": "", "options_text": "",
            "items_text": "", "min_value": "", "max_value": "", "show_if_option": "", "code": ""}
    data.update(extra)
    return {key: value for key, value in data.items() if value is not None}


def survey_data(survey, **extra):
    fmt = "%Y-%m-%dT%H:%M"
    data = {"title": survey.title, "round_label": survey.round_label, "introduction": survey.introduction,
            "audience": survey.audience, "opens_at": timezone.localtime(survey.opens_at).strftime(fmt),
            "closes_at": timezone.localtime(survey.closes_at).strftime(fmt), "is_anonymous": "on",
            "series": survey.series}
    data.update(extra)
    return data


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


# --- Creating surveys ---


def test_coordinator_creates_a_blank_survey_as_a_draft_with_a_first_page(coordinator_client, coordinator):
    response = coordinator_client.post(reverse("dialog:survey_create"), {
        "start": "blank", "title": "Medarbetardialog", "round_label": "2025", "audience": "staff",
        "opens_at": "2025-05-01T08:00", "closes_at": "2025-05-31T17:00",
    })
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("dialog:survey_edit", args=[survey.pk])
    assert (survey.title, survey.audience, survey.is_published, survey.created_by) == (
        "Medarbetardialog", Audience.STAFF, False, coordinator)
    assert survey.pages.count() == 1 and not survey.questions.exists()


def test_coordinator_creates_a_survey_from_the_trygghetsmatning_template(coordinator_client):
    response = coordinator_client.post(reverse("dialog:survey_create"), {
        "start": "trygghetsmatning", "title": "", "round_label": "2026", "audience": "public",
        "opens_at": "2026-03-01T08:00", "closes_at": "2026-04-01T08:00",
    })
    assert response.status_code == 302
    survey = Survey.objects.get()
    assert survey.title == "Trygghetsmätning" and survey.series == trygghetsmatning.SERIES
    assert survey.questions.filter(code=trygghetsmatning.SAFETY_EVENING).exists()
    assert not survey.is_published


def test_blank_survey_needs_a_title(coordinator_client):
    response = coordinator_client.post(reverse("dialog:survey_create"), {
        "start": "blank", "title": "", "audience": "public",
        "opens_at": "2026-03-01T08:00", "closes_at": "2026-04-01T08:00",
    })
    assert response.status_code == 200 and "title" in response.context["form"].errors
    assert not Survey.objects.exists()


@pytest.mark.parametrize("closes_at", ["2026-03-01T08:00", "2026-02-01T08:00"])
def test_survey_must_close_after_it_opens_a_form_error_not_a_crash(coordinator_client, closes_at):
    response = coordinator_client.post(reverse("dialog:survey_create"), {
        "start": "blank", "title": "X", "audience": "public", "opens_at": "2026-03-01T08:00", "closes_at": closes_at,
    })
    assert response.status_code == 200
    assert response.context["form"].errors["closes_at"] == [_("The survey must close after it opens.")]
    survey = make_survey()
    response = coordinator_client.post(reverse("dialog:survey_edit", args=[survey.pk]),
                                       survey_data(survey, opens_at="2026-03-01T08:00", closes_at=closes_at))
    assert response.status_code == 200 and "closes_at" in response.context["form"].errors


def test_coordinator_edits_the_settings(coordinator_client):
    survey = make_survey()
    response = coordinator_client.post(reverse("dialog:survey_edit", args=[survey.pk]),
                                       survey_data(survey, title="Ny titel", introduction="Välkommen"))
    assert response.status_code == 302
    survey.refresh_from_db()
    assert (survey.title, survey.introduction) == ("Ny titel", "Välkommen")


def test_coordinator_makes_a_round_invitation_only(coordinator_client):
    survey = make_survey()
    page = coordinator_client.get(reverse("dialog:survey_edit", args=[survey.pk])).content.decode()
    assert 'name="invitation_only"' in page
    response = coordinator_client.post(reverse("dialog:survey_edit", args=[survey.pk]),
                                       survey_data(survey, invitation_only="on"))
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.invitation_only


def test_survey_list_shows_status_and_counts_responses_in_one_query(coordinator_client):
    draft = make_survey("Utkastet")
    published = make_survey("Den öppna", is_published=True)
    answer(published), answer(published), Response.objects.create(survey=published, is_complete=False)
    url = reverse("dialog:survey_list")
    coordinator_client.get(url)  # warm-up: the first request after login writes the session
    with CaptureQueriesContext(connection) as two_surveys:
        response = coordinator_client.get(url)
    rows = {survey.title: survey for survey in response.context["surveys"]}
    assert rows["Den öppna"].response_count == 2 and rows["Utkastet"].response_count == 0
    assert rows["Den öppna"].status == Survey.Status.OPEN and rows["Utkastet"].status == Survey.Status.DRAFT
    assert str(Survey.Status.DRAFT.label) in response.text and str(Survey.Status.OPEN.label) in response.text
    make_survey("En till"), make_survey("Och en till")
    with CaptureQueriesContext(connection) as four_surveys:
        coordinator_client.get(url)
    assert len(four_surveys) == len(two_surveys)
    assert draft.pk in {survey.pk for survey in response.context["surveys"]}


# --- Questions ---

VALID = {
    "single": ("ja | Ja\nnej | Nej", ""),
    "multiple": ("Stöld\nSkadegörelse\nannat | Annat", ""),
    "scale": ("mycket-trygg | Mycket trygg | 1\nganska-trygg | Ganska trygg | 2\nvet-ej | Vet ej", ""),
    "matrix": ("inget | Inget problem | 0\nstort | Stort problem | 1\nvet-ej | Vet ej", "klotter | Klotter\nNedskräpning"),
    "text": ("", ""),
    "number": ("", ""),
    "locality": ("", ""),
    "map_point": ("", ""),
}
NO_OPTIONS = "This type of question has no answer options."
INVALID = {  # options, items, the field with the error, the error as (msgid, values)
    "single": ("ja | Ja\nja | Ja igen", "", "options_text",
               ("Line %(line)d: the code “%(code)s” is used twice.", {"line": 2, "code": "ja"})),
    "multiple": ("Bara ett alternativ", "", "options_text", ("Give at least two answer options.", None)),
    "scale": ("bra | Bra | mycket\ndalig | Dålig | 2", "", "options_text",
              ("Line %(line)d: the value must be a whole number or empty.", {"line": 1})),
    "matrix": ("inget problem | Inget | 0\nstort | Stort | 1", "klotter | Klotter", "options_text",
               ("Line %(line)d: the code “%(code)s” may have at most 50 letters a–z, digits, hyphens and underscores.",
                {"line": 1, "code": "inget problem"})),
    "text": ("ja | Ja\nnej | Nej", "", "options_text", (NO_OPTIONS, None)),
    "number": ("", "rad | Rad", "items_text", ("Only matrix questions have items.", None)),
    "locality": ("Skärhamn\nRönnäng", "", "options_text", (NO_OPTIONS, None)),
    "map_point": ("x | Y | 1 | 2", "", "options_text", ("Line %(line)d has too many parts.", {"line": 1})),
}


@pytest.mark.parametrize("type_", list(QuestionType.values))
def test_coordinator_adds_each_type_of_question(coordinator_client, type_):
    survey = make_survey()
    page = survey.pages.get()
    options, items = VALID[type_]
    response = coordinator_client.post(reverse("dialog:question_add", args=[page.pk]),
                                       question_data(page, type=type_, options_text=options, items_text=items))
    assert response.status_code == 302, response.context["form"].errors
    question = survey.questions.get()
    assert question.type == type_ and question.code == "kanner-du-dig-trygg"
    expected_options = len(parse_lines(options, with_value=True))
    assert question.options.count() == expected_options
    assert question.items.count() == (2 if type_ == "matrix" else 0)


@pytest.mark.parametrize("type_", list(QuestionType.values))
def test_question_with_bad_options_is_refused_with_a_clear_message(coordinator_client, type_):
    survey = make_survey()
    page = survey.pages.get()
    options, items, field, (msgid, values) = INVALID[type_]
    message = _(msgid) % values if values else _(msgid)
    response = coordinator_client.post(reverse("dialog:question_add", args=[page.pk]),
                                       question_data(page, type=type_, options_text=options, items_text=items))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert not survey.questions.exists()


def test_option_codes_values_and_order_are_kept_as_written(coordinator_client):
    survey = make_survey()
    page = survey.pages.get()
    coordinator_client.post(reverse("dialog:question_add", args=[page.pk]), question_data(
        page, type="scale", code="trygg-kvall",
        options_text="mycket-trygg | Mycket trygg | 1\n\nganska-otrygg | Ganska otrygg | 3\ngar-aldrig-ut | Går aldrig ut"))
    question = survey.questions.get(code="trygg-kvall")
    assert list(question.options.values_list("code", "label", "value", "order")) == [
        ("mycket-trygg", "Mycket trygg", 1, 0), ("ganska-otrygg", "Ganska otrygg", 3, 1),
        ("gar-aldrig-ut", "Går aldrig ut", None, 2)]


def test_matrix_needs_items_and_scale_needs_values(coordinator_client):
    survey = make_survey()
    page = survey.pages.get()
    url = reverse("dialog:question_add", args=[page.pk])
    errors = coordinator_client.post(url, question_data(page, type="matrix", options_text="a | A | 1\nb | B | 2")
                                     ).context["form"].errors
    assert errors["items_text"] == [_("Give at least one item to rate.")]
    errors = coordinator_client.post(url, question_data(page, type="scale", options_text="Bra\nDålig")).context["form"].errors
    assert errors["options_text"] == [_("A scale needs at least two options with a value.")]


def test_number_question_lowest_must_not_exceed_highest(coordinator_client):
    survey = make_survey()
    page = survey.pages.get()
    response = coordinator_client.post(reverse("dialog:question_add", args=[page.pk]),
                                       question_data(page, type="number", min_value="10", max_value="5"))
    assert "max_value" in response.context["form"].errors
    coordinator_client.post(reverse("dialog:question_add", args=[page.pk]),
                            question_data(page, type="number", min_value="0", max_value="120"))
    assert survey.questions.get().max_value == 120


def test_question_codes_are_unique_in_the_survey(coordinator_client):
    survey = make_survey()
    add_question(survey, "avstatt")
    page = survey.pages.get()
    response = coordinator_client.post(reverse("dialog:question_add", args=[page.pk]),
                                       question_data(page, code="avstatt", options_text="Ja\nNej"))
    assert "code" in response.context["form"].errors
    response = coordinator_client.post(reverse("dialog:question_add", args=[page.pk]),
                                       question_data(page, code="Inte en kod!", options_text="Ja\nNej"))
    assert "code" in response.context["form"].errors


def test_coordinator_edits_a_question_keeping_option_identity(coordinator_client):
    survey = make_survey()
    question = add_question(survey, "avstatt")
    yes = question.options.get(code="ja")
    follow_up = add_question(survey, "vad", QuestionType.TEXT, options=(), show_if_option=yes)
    response = coordinator_client.post(reverse("dialog:question_edit", args=[question.pk]), question_data(
        question.page, text="Har du avstått?", code="avstatt", options_text="ja | Ja, det har jag\nnej | Nej\nvet-ej | Vet ej"))
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.show_if_option_id == yes.pk
    assert list(question.options.values_list("label", flat=True)) == ["Ja, det har jag", "Nej", "Vet ej"]


def test_removing_an_option_that_another_question_depends_on_is_refused(coordinator_client):
    survey = make_survey()
    question = add_question(survey, "avstatt")
    add_question(survey, "vad", QuestionType.TEXT, options=(), show_if_option=question.options.get(code="ja"))
    response = coordinator_client.post(reverse("dialog:question_edit", args=[question.pk]), question_data(
        question.page, code="avstatt", options_text="nej | Nej\nkanske | Kanske"))
    assert response.status_code == 200 and "options_text" in response.context["form"].errors
    assert question.options.filter(code="ja").exists()


# --- Conditions (show_if) ---


def test_show_if_offers_only_answers_to_earlier_questions(coordinator_client):
    survey = make_survey()
    first = add_question(survey, "utsatt")
    second = add_question(survey, "senare")
    add_question(survey, "fritext", QuestionType.TEXT, options=())
    page = survey.pages.get()
    form = coordinator_client.get(reverse("dialog:question_edit", args=[second.pk])).context["form"]
    offered = set(form.fields["show_if_option"].queryset)
    assert offered == set(first.options.all())
    form = coordinator_client.get(reverse("dialog:question_add", args=[page.pk])).context["form"]
    assert set(form.fields["show_if_option"].queryset) == set(Option.objects.filter(question__in=[first, second]))

    later_option = second.options.get(code="ja")
    response = coordinator_client.post(reverse("dialog:question_edit", args=[first.pk]), question_data(
        page, code="utsatt", options_text="ja | Ja\nnej | Nej", show_if_option=later_option.pk))
    assert response.status_code == 200 and "show_if_option" in response.context["form"].errors
    first.refresh_from_db()
    assert first.show_if_option is None


def test_follow_up_question_shown_only_after_yes(coordinator_client):
    survey = make_survey()
    first = add_question(survey, "utsatt")
    page = survey.pages.get()
    yes = first.options.get(code="ja")
    response = coordinator_client.post(reverse("dialog:question_add", args=[page.pk]), question_data(
        page, type="map_point", text="Var hände det?", show_if_option=yes.pk))
    assert response.status_code == 302
    assert survey.questions.get(code="var-hande-det").show_if_option == yes


def test_show_if_cannot_use_an_option_of_another_survey(coordinator_client):
    survey, other = make_survey(), make_survey("Annan")
    foreign = add_question(other, "utsatt").options.first()
    page = survey.pages.get()
    response = coordinator_client.post(reverse("dialog:question_add", args=[page.pk]),
                                       question_data(page, type="text", show_if_option=foreign.pk))
    assert "show_if_option" in response.context["form"].errors


def test_a_question_cannot_move_above_the_answer_it_depends_on(coordinator_client):
    survey = make_survey()
    first = add_question(survey, "utsatt")
    second = add_question(survey, "vad", QuestionType.TEXT, options=(), show_if_option=first.options.first())
    third = add_question(survey, "annat", QuestionType.TEXT, options=())
    response = coordinator_client.post(reverse("dialog:question_move", args=[second.pk, "upp"]), follow=True)
    assert _("“%(question)s” depends on the answer to “%(other)s” and must come after it.") % {
        "question": second.text, "other": first.text} in messages_of(response)
    coordinator_client.post(reverse("dialog:question_move", args=[third.pk, "upp"]))
    assert list(survey.questions.values_list("code", flat=True)) == ["utsatt", "annat", "vad"]
    assert coordinator_client.post(reverse("dialog:question_move", args=[third.pk, "sidled"])).status_code == 404


def test_coordinator_adds_edits_and_deletes_pages(coordinator_client):
    survey = make_survey()
    coordinator_client.post(reverse("dialog:page_add", args=[survey.pk]), {"heading": "Om dig"})
    page = survey.pages.get(heading="Om dig")
    assert page.order == 1
    coordinator_client.post(reverse("dialog:page_edit", args=[page.pk]), {"heading": "Bakgrund"})
    page.refresh_from_db()
    assert page.heading == "Bakgrund"
    add_question(survey, "alder", page=page)
    coordinator_client.post(reverse("dialog:page_delete", args=[page.pk]))
    assert not survey.pages.filter(pk=page.pk).exists() and not survey.questions.exists()


def test_coordinator_deletes_a_question(coordinator_client):
    survey = make_survey()
    question = add_question(survey, "utsatt")
    assert coordinator_client.get(reverse("dialog:question_delete", args=[question.pk])).status_code == 200
    coordinator_client.post(reverse("dialog:question_delete", args=[question.pk]))
    assert not survey.questions.exists()


# --- Preview ---


def test_coordinator_previews_a_draft_with_every_question_type(coordinator_client, localities):
    survey = make_template()
    response = coordinator_client.get(reverse("dialog:survey_preview", args=[survey.pk]))
    assert response.status_code == 200 and not survey.is_published
    text = response.text
    assert "Hur stort problem tycker du att följande är i ditt bostadsområde?" in text
    assert "Nedskräpning" in text and "Markera en plats där du känner dig otrygg" in text
    assert "<option>Skärhamn</option>" in text and "<option>Myggenäs</option>" in text
    assert _("Shown only after the answer “%(answer)s” to “%(question)s”.") % {
        "answer": "Ja", "question": "Har du själv utsatts för brott under de senaste 12 månaderna?"} in text
    assert 'type="submit"' not in text.split('<main')[1].split("</main>")[0]


def test_steering_group_cannot_preview_or_build(client, steering_group_member):
    survey = make_survey()
    client.force_login(steering_group_member)
    assert client.get(reverse("dialog:survey_preview", args=[survey.pk])).status_code == 403
    assert client.post(reverse("dialog:survey_publish", args=[survey.pk])).status_code == 403
    page = survey.pages.get()
    assert client.post(reverse("dialog:question_add", args=[page.pk]), question_data(page, type="text")).status_code == 403
    survey.refresh_from_db()
    assert not survey.is_published and not survey.questions.exists()


def test_anonymous_is_sent_to_login_from_the_preview(client):
    survey = make_survey()
    response = client.get(reverse("dialog:survey_preview", args=[survey.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- Publishing ---


def test_survey_without_questions_cannot_be_published(coordinator_client):
    survey = make_survey()
    response = coordinator_client.post(reverse("dialog:survey_publish", args=[survey.pk]), follow=True)
    assert _("Add at least one question before publishing.") in messages_of(response)
    survey.refresh_from_db()
    assert not survey.is_published


def test_choice_question_without_options_blocks_publishing(coordinator_client):
    survey = make_survey()
    add_question(survey, "utsatt", options=(("ja", "Ja"),))
    coordinator_client.post(reverse("dialog:survey_publish", args=[survey.pk]))
    survey.refresh_from_db()
    assert not survey.is_published


def test_survey_closing_before_it_opens_cannot_be_published():
    survey = make_survey()
    add_question(survey, "utsatt")
    survey.closes_at = survey.opens_at
    with pytest.raises(ValidationError) as error:
        survey.publish()
    assert _("The survey must close after it opens.") in error.value.messages


def test_coordinator_publishes_a_survey_with_questions(coordinator_client):
    survey = make_template()
    response = coordinator_client.post(reverse("dialog:survey_publish", args=[survey.pk]), follow=True)
    survey.refresh_from_db()
    assert survey.is_published and survey.status == Survey.Status.OPEN
    assert _("The survey is published.") in messages_of(response)


# --- Locking once there are answers ---


@pytest.fixture
def locked_survey():
    survey = make_template()
    survey.is_published = True
    survey.save()
    answer(survey)
    return survey


def test_survey_with_complete_responses_is_locked_but_incomplete_ones_do_not_lock():
    survey = make_survey()
    Response.objects.create(survey=survey, is_complete=False)
    assert not survey.is_locked
    answer(survey)
    assert survey.is_locked
    with pytest.raises(ValidationError):
        survey.check_structure_editable()


def test_locked_survey_refuses_new_deleted_and_moved_questions_and_pages(coordinator_client, locked_survey):
    survey = locked_survey
    page = survey.pages.first()
    question = survey.questions.get(code="avstatt")
    before = list(survey.questions.values_list("code", "order"))
    attempts = [
        ("get", reverse("dialog:question_add", args=[page.pk]), {}),
        ("post", reverse("dialog:question_add", args=[page.pk]), question_data(page, type="text", text="Ny fråga")),
        ("post", reverse("dialog:question_delete", args=[question.pk]), {}),
        ("post", reverse("dialog:question_move", args=[question.pk, "upp"]), {}),
        ("post", reverse("dialog:page_add", args=[survey.pk]), {"heading": "Ny sida"}),
        ("post", reverse("dialog:page_delete", args=[page.pk]), {}),
    ]
    for method, url, data in attempts:
        response = getattr(coordinator_client, method)(url, data, follow=True)
        assert str(Survey.LOCKED_MESSAGE) in messages_of(response), url
        assert _("Copy as a new draft") in response.text
    assert list(survey.questions.values_list("code", "order")) == before
    assert survey.pages.count() == 5
    with pytest.raises(ValidationError):
        survey.move_question(question, "up")


def test_locked_question_keeps_type_code_condition_and_option_codes(coordinator_client, locked_survey):
    question = locked_survey.questions.get(code="utsatt-plats")
    other_option = locked_survey.questions.get(code="avstatt").options.get(code="nej")
    url = reverse("dialog:question_edit", args=[question.pk])
    response = coordinator_client.post(url, question_data(
        question.page, type="text", code="ny-kod", text="Var hände det senast?", help_text="Ungefär räcker.",
        show_if_option=other_option.pk, required="on"))
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.type, question.code, question.show_if_option.code, question.required) == (
        "map_point", "utsatt-plats", "ja", False)
    assert (question.text, question.help_text) == ("Var hände det senast?", "Ungefär räcker.")

    scale = locked_survey.questions.get(code=trygghetsmatning.SAFETY_EVENING)
    url = reverse("dialog:question_edit", args=[scale.pk])
    lines = coordinator_client.get(url).context["form"].initial["options_text"].splitlines()
    changed_code = "\n".join([lines[0].replace("mycket-trygg", "trygg"), *lines[1:]])
    response = coordinator_client.post(url, question_data(scale.page, text=scale.text, options_text=changed_code))
    assert response.context["form"].errors["options_text"] == [str(Survey.LOCKED_MESSAGE)]
    dropped = "\n".join(lines[:-1])
    response = coordinator_client.post(url, question_data(scale.page, text=scale.text, options_text=dropped))
    assert "options_text" in response.context["form"].errors
    reworded = "\n".join([lines[0].replace("Mycket trygg", "Väldigt trygg"), *lines[1:]])
    response = coordinator_client.post(url, question_data(scale.page, text=scale.text, options_text=reworded))
    assert response.status_code == 302
    assert scale.options.get(code="mycket-trygg").label == "Väldigt trygg"
    assert scale.options.count() == 5


def test_locked_matrix_keeps_its_items_but_labels_can_be_fixed(coordinator_client, locked_survey):
    matrix = locked_survey.questions.get(code=trygghetsmatning.LOCAL_PROBLEMS)
    url = reverse("dialog:question_edit", args=[matrix.pk])
    initial = coordinator_client.get(url).context["form"].initial
    items = initial["items_text"].splitlines()
    data = question_data(matrix.page, text=matrix.text, options_text=initial["options_text"],
                         items_text="\n".join(items[1:]))
    assert coordinator_client.post(url, data).context["form"].errors["items_text"] == [str(Survey.LOCKED_MESSAGE)]
    data["items_text"] = "\n".join([items[0].replace("Nedskräpning", "Skräp"), *items[1:]])
    assert coordinator_client.post(url, data).status_code == 302
    assert matrix.items.get(code="nedskrapning").label == "Skräp"


def test_locked_survey_settings_allow_wording_and_closing_date_only(coordinator_client, locked_survey):
    survey = locked_survey
    opens_at, new_close = survey.opens_at, timezone.localtime(survey.closes_at + 7 * DAY)
    response = coordinator_client.post(reverse("dialog:survey_edit", args=[survey.pk]), survey_data(
        survey, title="Trygghetsmätning Tjörn", audience="staff", opens_at="2020-01-01T00:00", series="annan",
        closes_at=new_close.strftime("%Y-%m-%dT%H:%M"), is_anonymous=""))
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.title == "Trygghetsmätning Tjörn" and survey.closes_at == new_close.replace(second=0, microsecond=0)
    assert (survey.audience, survey.opens_at, survey.series, survey.is_anonymous) == (
        Audience.PUBLIC, opens_at, trygghetsmatning.SERIES, True)


# --- Copies ---


def test_copy_keeps_codes_structure_and_conditions_as_a_new_draft(coordinator_client, coordinator, locked_survey):
    original = locked_survey
    response = coordinator_client.post(reverse("dialog:survey_copy", args=[original.pk]))
    copy = Survey.objects.exclude(pk=original.pk).get()
    assert response["Location"] == reverse("dialog:survey_edit", args=[copy.pk])
    assert not copy.is_published and not copy.is_locked and copy.created_by == coordinator
    assert (copy.title, copy.series) == (original.title, original.series)
    assert copy.opens_at.year == original.opens_at.year + 1

    def structure(survey):
        return [
            (q.page.heading, q.page.order, q.order, q.code, q.type, q.text, q.required,
             list(q.options.values_list("code", "label", "value", "order")),
             list(q.items.values_list("code", "label", "order")),
             (q.show_if_option.question.code, q.show_if_option.code) if q.show_if_option else None)
            for q in survey.questions.select_related("page", "show_if_option__question")
        ]

    assert structure(copy) == structure(original)
    follow_up = copy.questions.get(code="utsatt-plats")
    assert follow_up.show_if_option.question.survey == copy


def test_copy_with_given_title_and_round():
    original = make_template()
    copy = original.copy(title="Trygghetsmätning Skärhamn", round_label="2026")
    assert (copy.title, copy.round_label) == ("Trygghetsmätning Skärhamn", "2026")
    assert copy.previous_round() == original


# --- Invitations ---


@pytest.fixture
def staff_survey():
    survey = make_survey(audience=Audience.STAFF, is_published=True)
    add_question(survey, "trivsel")
    return survey


SENT = "Invitations sent: %(sent)d. Already invited, skipped: %(skipped)d."


def invite(client, survey, emails="", **extra):
    return client.post(reverse("dialog:invitations", args=[survey.pk]), {"emails": emails, **extra}, follow=True)


def test_coordinator_invites_staff_one_invitation_per_address(
    coordinator_client, staff_survey, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(coordinator_client, staff_survey, "anna@tjorn.se, bo@tjorn.se\nANNA@tjorn.se; <cia@tjorn.se>")
    invitations = {invitation.email: invitation for invitation in staff_survey.invitations.all()}
    assert set(invitations) == {"anna@tjorn.se", "bo@tjorn.se", "cia@tjorn.se"}
    assert _(SENT) % {"sent": 3, "skipped": 0} in messages_of(response)
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(invitations)
    for mail in mailoutbox:
        token = invitations[mail.to[0]].token
        assert f"/enkat/inbjudan/{token}/" in mail.body
        assert f"/enkat/inbjudan/{token}/" in mail.alternatives[0][0]
        assert staff_survey.title in mail.subject
    assert all(invitation.sent_at for invitation in staff_survey.invitations.all())


def test_already_invited_addresses_are_skipped(coordinator_client, staff_survey, mailoutbox,
                                               django_capture_on_commit_callbacks):
    Invitation.objects.create(survey=staff_survey, email="anna@tjorn.se")
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(coordinator_client, staff_survey, "anna@tjorn.se bo@tjorn.se")
    assert _(SENT) % {"sent": 1, "skipped": 1} in messages_of(response)
    assert [mail.to for mail in mailoutbox] == [["bo@tjorn.se"]]
    assert staff_survey.invitations.count() == 2


def test_coordinator_invites_every_user_in_the_staff_role(
    coordinator_client, staff_survey, staff_member, resident, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(coordinator_client, staff_survey, all_staff="on")
    assert list(staff_survey.invitations.values_list("email", flat=True)) == [staff_member.email]
    assert len(mailoutbox) == 1


def test_resend_goes_only_to_those_who_have_not_answered(
    coordinator_client, staff_survey, mailoutbox, django_capture_on_commit_callbacks
):
    used = Invitation.objects.create(survey=staff_survey, email="anna@tjorn.se", used_at=timezone.now())
    unused = Invitation.objects.create(survey=staff_survey, email="bo@tjorn.se")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(reverse("dialog:invitations", args=[staff_survey.pk]),
                                           {"action": "resend"}, follow=True)
    assert [mail.to for mail in mailoutbox] == [["bo@tjorn.se"]]
    assert f"/enkat/inbjudan/{unused.token}/" in mailoutbox[0].body
    assert used.token not in mailoutbox[0].body
    assert _("The link is sent again to those who have not answered: %(count)d.") % {"count": 1} in messages_of(
        response)


@pytest.mark.parametrize("emails, msgid, values", [
    ("anna@tjorn.se, inte-en-adress", "These are not email addresses: %(addresses)s", {"addresses": "inte-en-adress"}),
    ("", "Give at least one email address or choose the role Personal.", None),
])
def test_bad_invitation_input_is_a_form_error(coordinator_client, staff_survey, emails, msgid, values):
    error = _(msgid) % values if values else _(msgid)
    response = invite(coordinator_client, staff_survey, emails)
    assert response.status_code == 200
    assert error in str(response.context["form"].errors)
    assert not staff_survey.invitations.exists()


@pytest.mark.parametrize("change, msgid", [
    ({"audience": Audience.PUBLIC}, "Invitations are only for surveys to staff."),
    ({"is_published": False}, "Publish the survey before sending invitations."),
    ({"opens_at": at("2026-05-09 10:00"), "closes_at": at("2026-05-18 10:00")}, "The survey is closed."),
])
def test_invitations_only_for_open_published_staff_surveys(coordinator_client, staff_survey, mailoutbox, change,
                                                           msgid):
    refusal = _(msgid)
    Survey.objects.filter(pk=staff_survey.pk).update(**change)
    response = invite(coordinator_client, staff_survey, "anna@tjorn.se")
    assert refusal in response.text
    response = coordinator_client.post(reverse("dialog:invitations", args=[staff_survey.pk]), {"action": "resend"},
                                       follow=True)
    assert refusal in messages_of(response)
    assert not staff_survey.invitations.exists() and mailoutbox == []


def test_invitation_link_resolves_to_the_answering_url(staff_survey):
    invitation = Invitation.objects.create(survey=staff_survey, email="anna@tjorn.se")
    assert re.fullmatch(r"/enkat/inbjudan/[^/]+/", reverse("dialog:invitation", args=[invitation.token]))


# --- Dashboard ---


def test_coordinator_sees_the_surveys_task_on_the_dashboard(coordinator_client):
    response = coordinator_client.get(reverse("dashboard"))
    assert reverse("dialog:survey_list") in response.text


def test_resident_has_no_surveys_task(client, resident):
    client.force_login(resident)
    assert reverse("dialog:survey_list") not in client.get(reverse("dashboard")).text


# --- Permissions: every builder URL for every role ---

ROLES = ["anonymous", "resident", "staff_member", "coordinator", "working_group_member",
         "steering_group_member", "police", "admin_user"]
BUILD = {"anonymous": 302, "resident": 403, "staff_member": 403, "coordinator": 200, "working_group_member": 403,
         "steering_group_member": 403, "police": 403, "admin_user": 200}
BUILD_POST_ONLY = {**BUILD, "coordinator": 405, "admin_user": 405}
VIEW_SURVEYS = {**BUILD, "working_group_member": 200, "steering_group_member": 200, "police": 200}

#            url name          expected GET status per role
EXPECTED = {
    "survey_list": VIEW_SURVEYS,
    "survey_create": BUILD,
    "survey_edit": BUILD,
    "survey_copy": BUILD_POST_ONLY,
    "survey_preview": BUILD,
    "survey_publish": BUILD_POST_ONLY,
    "invitations": BUILD,
    "page_add": BUILD,
    "page_edit": BUILD,
    "page_delete": BUILD,
    "question_add": BUILD,
    "question_edit": BUILD,
    "question_delete": BUILD,
    "question_move": BUILD_POST_ONLY,
}


def builder_url_names():
    import dialog.urls

    return {pattern.name for pattern in dialog.urls.urlpatterns if pattern.callback.__module__ == "dialog.views.builder"}


def test_every_builder_url_is_in_the_table():
    assert builder_url_names() == set(EXPECTED)


@pytest.fixture
def builder_urls():
    survey = make_survey(audience=Audience.STAFF, is_published=True)
    question = add_question(survey, "trivsel")
    page = survey.pages.get()
    args = {
        "survey_edit": [survey.pk], "survey_copy": [survey.pk], "survey_preview": [survey.pk],
        "survey_publish": [survey.pk], "invitations": [survey.pk], "page_add": [survey.pk],
        "page_edit": [page.pk], "page_delete": [page.pk], "question_add": [page.pk], "question_edit": [question.pk],
        "question_delete": [question.pk], "question_move": [question.pk, "ned"],
    }
    return {name: reverse(f"dialog:{name}", args=args.get(name, [])) for name in EXPECTED}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_on_every_builder_url(request, client, builder_urls, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    answers = {name: client.get(url).status_code for name, url in builder_urls.items()}
    assert answers == {name: EXPECTED[name][role] for name in builder_urls}


@pytest.mark.parametrize("role", ["resident", "staff_member", "working_group_member", "steering_group_member", "police"])
def test_roles_without_change_survey_cannot_post_to_any_builder_url(request, client, builder_urls, role):
    client.force_login(request.getfixturevalue(role))
    answers = {name: client.post(url, {"heading": "x", "emails": "a@b.se"}).status_code
               for name, url in builder_urls.items() if name != "survey_list"}
    assert set(answers.values()) == {403}
    assert Survey.objects.count() == 1 and SurveyPage.objects.count() == 1 and Question.objects.count() == 1
    assert not Invitation.objects.exists()


def test_anonymous_post_to_builder_urls_is_sent_to_login(client, builder_urls):
    for name, url in builder_urls.items():
        response = client.post(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name
    assert Survey.objects.count() == 1


@fixed_clock("2027-10-31 02:30")  # the night the clocks go back: 02:30 happens twice
def test_the_proposed_opening_time_is_accepted_when_sent_back_on_the_night_the_clocks_go_back(coordinator_client):
    from dialog.forms.builder import SurveyCreateForm

    form = SurveyCreateForm()
    proposed = {name: timezone.localtime(form.initial[name]) for name in ("opens_at", "closes_at")}
    response = coordinator_client.post(reverse("dialog:survey_create"), {
        "start": "trygghetsmatning", "title": "", "round_label": "2027", "audience": "public",
        # As the form shows them: local wall-clock times without an offset.
        **{name: value.strftime("%Y-%m-%dT%H:%M") for name, value in proposed.items()},
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert timezone.localtime(Survey.objects.get().opens_at).strftime("%H:%M") == "03:00"
