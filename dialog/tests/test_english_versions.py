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
