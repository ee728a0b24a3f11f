"""Content staff write has an optional English version; without it English mode shows the Swedish text as lang="sv"."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from dialog import trygghetsmatning
from dialog.models import MatrixItem, Option, Question, Survey
from trygg.localized import localized
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


def render(source, **context):
    return Template("{% load localized %}" + source).render(Context(context))


def test_swedish_mode_always_shows_swedish():
    survey = Survey(title="Trygghet <i>", title_en="Safety")
    with translation.override("sv"):
        assert render('{% localized survey "title" %}', survey=survey) == "Trygghet &lt;i&gt;"
        assert not localized(survey, "title").fell_back


def test_english_mode_shows_the_english_version():
    survey = Survey(title="Trygghet", title_en="Safety & you")
    with translation.override("en"):
        assert render('{% localized survey "title" %}', survey=survey) == "Safety &amp; you"


def test_english_mode_marks_the_swedish_fallback_and_escapes_it():
    survey = Survey(title='Trygghet <script>"x"</script>', title_en="  ")
    with translation.override("en"):
        html = render('{% localized survey "title" %}', survey=survey)
        text = localized(survey, "title")
    assert html == '<span lang="sv">Trygghet &lt;script&gt;&quot;x&quot;&lt;/script&gt;</span>'
    assert text.fell_back and text.lang == "sv"


def test_blocks_put_the_language_on_their_own_element():
    survey = Survey(title="T", introduction="Rad ett\nRad två <b>")
    with translation.override("en"):
        html = render('{% localized survey "introduction" as intro %}<div{{ intro.lang_attr }}>{{ intro.text|linebreaks }}</div>',
                      survey=survey)
    assert html == '<div lang="sv"><p>Rad ett<br>Rad två &lt;b&gt;</p></div>'


def test_plain_text_for_titles_and_attributes():
    survey = Survey(title="Trygghet")
    with translation.override("en"):
        assert render('{{ survey|localized_text:"title" }}', survey=survey) == "Trygghet"


def test_empty_text_is_not_marked():
    survey = Survey(title="T", introduction="")
    with translation.override("en"):
        assert render('{% localized survey "introduction" %}', survey=survey) == ""


def test_models_naming_both_languages_use_the_swedish_field(db):
    from incidents.models import Category

    category = Category(name_sv="Klotter", name_en="")
    with translation.override("en"):
        assert str(localized(category, "name").__html__()) == '<span lang="sv">Klotter</span>'
    category.name_en = "Graffiti"
    with translation.override("en"):
        assert localized(category, "name").text == "Graffiti"
    with translation.override("sv"):
        assert localized(category, "name").text == "Klotter"


def make_template_survey():
    now = timezone.now()
    survey = trygghetsmatning.create_trygghetsmatning(
        opens_at=now - timezone.timedelta(days=1), closes_at=now + timezone.timedelta(days=10), round_label="2026"
    )
    survey.is_published = True
    survey.save()
    return survey


def test_the_template_ships_every_text_in_english():
    survey = make_template_survey()
    assert survey.title_en == "Safety survey" and survey.introduction_en
    assert not survey.pages.filter(heading_en="").exists()
    assert not Question.objects.filter(survey=survey, text_en="").exists()
    assert not Option.objects.filter(question__survey=survey, label_en="").exists()
    assert not MatrixItem.objects.filter(question__survey=survey, label_en="").exists()


def test_a_copy_keeps_the_english_versions():
    survey = make_template_survey()
    copy = survey.copy()
    assert copy.title_en == "Safety survey"
    assert not Option.objects.filter(question__survey=copy, label_en="").exists()
    assert not MatrixItem.objects.filter(question__survey=copy, label_en="").exists()


SWEDISH_WORDS = ["Trygghet i ditt område", "Hur trygg", "Mycket trygg", "Går aldrig ut", "Nedskräpning", "Instämmer",
                 "Vet ej", "Hur gammal", "Kvinna", "Var bor du", "Enkäten"]


def main_of(html):
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_every_page_of_the_template_survey_reads_in_english(client, localities):
    survey = make_template_survey()
    url = reverse("dialog:answer", args=[survey.pk])
    safety = survey.questions.get(code=trygghetsmatning.SAFETY_EVENING)
    first_answer = {f"q{safety.pk}": safety.options.get(code="ganska-trygg").pk}
    pages = []
    for number in range(1, survey.pages.count() + 1):
        html = client.get(f"{url}?sida={number}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert f"Page {number} of 5" in html
        pages.append(main_of(html))
        data = first_answer if number == 1 else {}
        client.post(f"{url}?sida={number}", {**data, "action": "next"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Safety survey 2026" in pages[0]
    assert "How safe or unsafe would you feel" in pages[0] and "Very safe" in pages[0]
    assert "Dark or poorly lit places" in pages[1] and "A fairly big problem" in pages[1]
    assert "What is your gender?" in pages[4] and "Other, or I prefer not to say" in pages[4]
    for html in pages:
        assert 'lang="sv"' not in html
        for word in SWEDISH_WORDS:
            assert word not in html


def test_a_question_without_english_is_shown_in_swedish_marked(client):
    survey = make_template_survey()
    question = survey.questions.get(code=trygghetsmatning.SAFETY_EVENING)
    question.text_en = ""
    question.save()
    option = question.options.get(code="mycket-trygg")
    option.label_en = ""
    option.save()
    html = client.get(reverse("dialog:answer", args=[survey.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span lang="sv">Hur trygg eller otrygg skulle du känna dig' in html
    assert '<span lang="sv">Mycket trygg</span>' in html
    assert "Fairly safe" in html


def test_swedish_mode_shows_the_swedish_survey(client):
    survey = make_template_survey()
    html = client.get(reverse("dialog:answer", args=[survey.pk]), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Trygghetsmätning 2026" in html and "Mycket trygg" in html
    assert "Very safe" not in html


# --- The staff forms ---


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def question_data(page, **extra):
    data = {"page": page.pk, "type": "single", "text": "Känner du dig trygg?", "help_text": "", "options_text": "",
            "items_text": "", "min_value": "", "max_value": "", "show_if_option": "", "code": ""}
    data.update(extra)
    return data


def blank_survey():
    now = timezone.now()
    survey = Survey.objects.create(title="Enkät", opens_at=now, closes_at=now + timezone.timedelta(days=3))
    survey.pages.create(order=0, heading="Frågor")
    return survey


def test_the_question_form_has_english_fields_beside_the_swedish_ones(coordinator_client):
    page = blank_survey().pages.get()
    html = coordinator_client.get(reverse("dialog:question_add", args=[page.pk]), HTTP_ACCEPT_LANGUAGE="sv").text
    assert "Engelsk version av frågan (valfri)" in html
    assert "Engelsk version av svarsalternativen (valfri)" in html
    form = coordinator_client.get(reverse("dialog:question_add", args=[page.pk])).context["form"]
    names = list(form.fields)
    assert names.index("text_en") == names.index("text") + 1
    assert form.fields["text_en"].widget.attrs["lang"] == "en" and form.fields["text"].widget.attrs["lang"] == "sv"
    assert not form.fields["text_en"].required


def test_coordinator_gives_options_and_items_english_labels(coordinator_client):
    page = blank_survey().pages.get()
    response = coordinator_client.post(reverse("dialog:question_add", args=[page.pk]), question_data(
        page, type="matrix", text="Hur stort problem är", text_en="How big a problem is",
        options_text="inget | Inget problem | 0\nstort | Stort problem | 1\nvet-ej | Vet ej",
        options_text_en="inget | No problem\n\nstort | A big problem",
        items_text="klotter | Klotter\nnedskrapning | Nedskräpning", items_text_en="klotter | Graffiti",
    ))
    assert response.status_code == 302, response.context["form"].errors
    question = page.questions.get()
    assert question.text_en == "How big a problem is"
    assert dict(question.options.values_list("code", "label_en")) == {"inget": "No problem", "stort": "A big problem",
                                                                      "vet-ej": ""}
    assert dict(question.items.values_list("code", "label_en")) == {"klotter": "Graffiti", "nedskrapning": ""}
    form = coordinator_client.get(reverse("dialog:question_edit", args=[question.pk])).context["form"]
    assert form.initial["options_text_en"] == "inget | No problem\nstort | A big problem"


@pytest.mark.parametrize("lines", ["okand | Unknown", "ja English without a bar", "ja | Yes\nja | Yes again"])
def test_english_labels_must_name_a_swedish_option_once(coordinator_client, lines):
    page = blank_survey().pages.get()
    response = coordinator_client.post(reverse("dialog:question_add", args=[page.pk]), question_data(
        page, options_text="ja | Ja\nnej | Nej", options_text_en=lines))
    assert response.status_code == 200
    assert response.context["form"].errors["options_text_en"]
    assert not page.questions.exists()


def test_a_locked_survey_still_takes_english_wording(coordinator_client):
    from dialog.models import Response

    survey = make_template_survey()
    Response.objects.create(survey=survey, is_complete=True)
    question = survey.questions.get(code="avstatt")
    url = reverse("dialog:question_edit", args=[question.pk])
    form = coordinator_client.get(url).context["form"]
    response = coordinator_client.post(url, question_data(
        question.page, text=question.text, text_en="Have you avoided anything?", options_text=form.initial["options_text"],
        options_text_en="ja | Yes, I have\nnej | No, I have not"))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text_en == "Have you avoided anything?"
    assert question.options.get(code="ja").label_en == "Yes, I have"


def test_a_survey_from_the_template_gets_the_english_title_unless_renamed(coordinator_client):
    data = {"start": "trygghetsmatning", "title": "", "round_label": "2027", "audience": "public",
            "opens_at": "2026-06-01T08:00", "closes_at": "2026-07-01T08:00"}
    assert coordinator_client.post(reverse("dialog:survey_create"), data).status_code == 302
    assert Survey.objects.get(round_label="2027").title_en == "Safety survey"
    data.update(title="Trygghet i Rönnäng", round_label="2028")
    coordinator_client.post(reverse("dialog:survey_create"), data)
    assert Survey.objects.get(round_label="2028").title_en == ""
    data.update(title="Trygghet i Skärhamn", title_en="Safety in Skärhamn", round_label="2029")
    coordinator_client.post(reverse("dialog:survey_create"), data)
    assert Survey.objects.get(round_label="2029").title_en == "Safety in Skärhamn"


# --- Results: labels in the reader's language, counted by ids ---


def test_results_read_in_english_and_still_count_by_option(client):
    from dialog.models import Answer, Response
    from dialog.results import survey_results

    survey = make_template_survey()
    safety = survey.questions.get(code=trygghetsmatning.SAFETY_EVENING)
    fairly_safe = safety.options.get(code="ganska-trygg")
    for _ in range(6):
        response = Response.objects.create(survey=survey, is_complete=True)
        Answer.objects.create(response=response, question=safety, option=fairly_safe)
    with translation.override("en"):
        english = next(r for r in survey_results(survey).questions if r.question.pk == safety.pk)
    with translation.override("sv"):
        swedish = next(r for r in survey_results(survey).questions if r.question.pk == safety.pk)
    assert [(row.code, row.count) for row in english.rows] == [(row.code, row.count) for row in swedish.rows]
    assert {row.code: str(row.label) for row in english.rows}["ganska-trygg"] == "Fairly safe"
    assert {row.code: str(row.label) for row in swedish.rows}["ganska-trygg"] == "Ganska trygg"
    assert {row.code: row.count for row in english.rows}["ganska-trygg"] == 6


def test_the_public_results_page_reads_in_english(client):
    from dialog.models import Answer, Response

    survey = make_template_survey()
    survey.results_published = True
    survey.public_summary, survey.public_summary_en = "De flesta känner sig trygga.", "Most people feel safe."
    survey.save()
    safety = survey.questions.get(code=trygghetsmatning.SAFETY_EVENING)
    problems = survey.questions.get(code=trygghetsmatning.LOCAL_PROBLEMS)
    litter, small = problems.items.get(code="nedskrapning"), problems.options.get(code="litet-problem")
    for _ in range(6):
        response = Response.objects.create(survey=survey, is_complete=True)
        Answer.objects.create(response=response, question=safety, option=safety.options.get(code="ganska-trygg"))
        Answer.objects.create(response=response, question=problems, item=litter, option=small)
    html = main_of(client.get(reverse("dialog:public_results", args=[survey.pk]), HTTP_ACCEPT_LANGUAGE="en").text)
    assert "Results: Safety survey 2026" in html and "Most people feel safe." in html
    assert "Fairly safe" in html and "Litter" in html and "A small problem" in html
    assert 'lang="sv"' not in html
    for word in ("Ganska trygg", "Nedskräpning", "Litet problem", "De flesta"):
        assert word not in html
    chart = client.get(reverse("dialog:public_results_chart", args=[survey.pk, safety.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Fairly safe" in chart.text and "Ganska trygg" not in chart.text
