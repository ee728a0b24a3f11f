"""The ready-made template "Trygghetsmätning".

It mirrors the local safety survey that Swedish police and municipalities run.
Question, option and item codes are the survey's stable identity: every round
built from this template uses the same codes, so results stay comparable over
the years and the problem picture can find its indicators by code.
"""

from django.db import transaction

from dialog.models import Audience, MatrixItem, Option, Question, QuestionType, Survey, SurveyPage

SERIES = "trygghetsmatning"

# Codes the results and the problem picture rely on.
SAFETY_EVENING = "trygg-kvall"  # feeling safe outdoors alone late in the evening
UNSAFE_OPTIONS = ("ganska-otrygg", "mycket-otrygg")  # shares "unsafe"
NEVER_OUT_OPTION = "gar-aldrig-ut"
LOCAL_PROBLEMS = "problem"  # matrix of local problems
BIG_PROBLEM_OPTIONS = ("ganska-stort-problem", "mycket-stort-problem")
POLICE_CARE = "polisen-bryr-sig"
UNSAFE_PLACE = "otrygg-plats"  # map point: a place where you feel unsafe
LOCALITY = "ort"
AGE_BAND = "alder"
GENDER = "kon"
# Background questions copied onto each response for breakdowns.
BACKGROUND = {"locality": LOCALITY, "age_band": AGE_BAND, "gender": GENDER}

# Every text in both languages: (code, Swedish, English[, value]). A survey built from the template is
# complete in English (the *_en fields); staff may still change the wording of either language.
YES_NO = [("ja", "Ja", "Yes", None), ("nej", "Nej", "No", None)]
AGREE = [
    ("instammer-helt", "Instämmer helt", "Agree completely", 1),
    ("instammer-delvis", "Instämmer delvis", "Partly agree", 2),
    ("instammer-knappast", "Instämmer knappast", "Hardly agree", 3),
    ("instammer-inte-alls", "Instämmer inte alls", "Do not agree at all", 4),
    ("vet-ej", "Vet ej", "Don't know", None),
]
PROBLEM_SCALE = [
    ("inget-problem", "Inget problem", "No problem", 0),
    ("litet-problem", "Litet problem", "A small problem", 1),
    ("ganska-stort-problem", "Ganska stort problem", "A fairly big problem", 2),
    ("mycket-stort-problem", "Mycket stort problem", "A very big problem", 3),
    ("vet-ej", "Vet ej", "Don't know", None),
]
PROBLEM_ITEMS = [
    ("nedskrapning", "Nedskräpning", "Litter"),
    ("klotter", "Klotter", "Graffiti"),
    ("skadegorelse", "Skadegörelse", "Vandalism"),
    ("morka-platser", "Mörka eller dåligt upplysta platser", "Dark or poorly lit places"),
    ("igenvaxta-buskage", "Igenväxta buskage", "Overgrown bushes"),
    ("bilar-fort", "Bilar som kör för fort eller körs störande", "Cars driven too fast or in a disturbing way"),
    ("mopeder", "Mopeder på gång- och cykelvägar, buskörning",
     "Mopeds on footpaths and cycle paths, reckless driving"),
    ("berusade", "Berusade eller narkotikapåverkade personer utomhus", "People drunk or on drugs outdoors"),
    ("narkotikaforsaljning", "Narkotikaförsäljning", "Drug dealing"),
    ("ungdomar-stor", "Ungdomar som stör ordningen", "Young people disturbing the peace"),
    ("brak", "Bråk eller slagsmål utomhus", "Quarrels or fights outdoors"),
    ("bostadsinbrott", "Bostadsinbrott", "Burglary of homes"),
    ("cykelstolder", "Cykelstölder", "Bicycle theft"),
    ("stolder-ur-bilar", "Stölder ur bilar", "Theft from cars"),
]

# (Swedish heading, English heading), [(code, type, (Swedish text, English text), required, options, show_if)]
PAGES = [
    (("Trygghet i ditt område", "Safety in your area"), [
        (SAFETY_EVENING, QuestionType.SCALE,
         ("Hur trygg eller otrygg skulle du känna dig om du gick ut ensam sent en kväll i ditt bostadsområde?",
          "How safe or unsafe would you feel if you went out alone late one evening in your neighbourhood?"), True,
         [("mycket-trygg", "Mycket trygg", "Very safe", 1), ("ganska-trygg", "Ganska trygg", "Fairly safe", 2),
          ("ganska-otrygg", "Ganska otrygg", "Fairly unsafe", 3), ("mycket-otrygg", "Mycket otrygg", "Very unsafe", 4),
          (NEVER_OUT_OPTION, "Går aldrig ut ensam", "I never go out alone", None)], None),
        ("oro-brott", QuestionType.SCALE,
         ("Hur ofta känner du dig orolig för att utsättas för brott?",
          "How often do you worry about becoming a victim of crime?"), False,
         [("aldrig", "Aldrig", "Never", 1), ("sallan", "Sällan", "Rarely", 2), ("ibland", "Ibland", "Sometimes", 3),
          ("ofta", "Ofta", "Often", 4)], None),
        ("avstatt", QuestionType.SINGLE,
         ("Har du under de senaste 12 månaderna avstått från någon aktivitet för att du känt dig otrygg?",
          "In the last 12 months, have you stayed away from any activity because you felt unsafe?"), False,
         YES_NO, None),
        ("avstatt-vad", QuestionType.TEXT, ("Vad avstod du från?", "What did you stay away from?"), False, [],
         ("avstatt", "ja")),
    ]),
    (("Problem i ditt område", "Problems in your area"), [
        (LOCAL_PROBLEMS, QuestionType.MATRIX,
         ("Hur stort problem tycker du att följande är i ditt bostadsområde?",
          "How big a problem do you think each of the following is in your neighbourhood?"), False,
         PROBLEM_SCALE, None),
    ]),
    (("Utsatthet för brott", "Experience of crime"), [
        ("utsatt", QuestionType.SINGLE,
         ("Har du själv utsatts för brott under de senaste 12 månaderna?",
          "Have you yourself been a victim of crime in the last 12 months?"), False, YES_NO, None),
        ("utsatt-typ", QuestionType.MULTIPLE, ("Vilket eller vilka brott?", "Which crime or crimes?"), False,
         [("stold", "Stöld", "Theft", None), ("skadegorelse", "Skadegörelse", "Vandalism", None),
          ("hot", "Hot", "Threats", None), ("vald", "Våld", "Violence", None),
          ("bedrageri", "Bedrägeri", "Fraud", None), ("annat", "Annat", "Something else", None)],
         ("utsatt", "ja")),
        ("utsatt-plats", QuestionType.MAP_POINT, ("Var hände det?", "Where did it happen?"), False, [],
         ("utsatt", "ja")),
        (UNSAFE_PLACE, QuestionType.MAP_POINT,
         ("Markera en plats där du känner dig otrygg", "Mark a place where you feel unsafe"), False, [], None),
    ]),
    (("Polisen i ditt område", "The police in your area"), [
        (POLICE_CARE, QuestionType.SCALE,
         ("Polisen bryr sig om lokala problem.", "The police care about local problems."), False, AGREE, None),
    ]),
    (("Om dig", "About you"), [
        (LOCALITY, QuestionType.LOCALITY, ("Var bor du?", "Where do you live?"), False, [], None),
        (AGE_BAND, QuestionType.SINGLE, ("Hur gammal är du?", "How old are you?"), False,
         [("16-24", "16–24 år", "16–24 years", None), ("25-44", "25–44 år", "25–44 years", None),
          ("45-64", "45–64 år", "45–64 years", None), ("65-79", "65–79 år", "65–79 years", None),
          ("80-", "80 år eller äldre", "80 years or older", None)], None),
        (GENDER, QuestionType.SINGLE, ("Vilket kön har du?", "What is your gender?"), False,
         [("kvinna", "Kvinna", "Woman", None), ("man", "Man", "Man", None),
          ("annat", "Annat eller vill inte svara", "Other, or I prefer not to say", None)], None),
        ("ovrigt", QuestionType.TEXT,
         ("Har du något mer du vill berätta om tryggheten där du bor?",
          "Is there anything else you would like to tell us about safety where you live?"), False, [], None),
    ]),
]

TITLE = ("Trygghetsmätning", "Safety survey")
INTRODUCTION = (
    "Polisen och kommunen vill veta hur trygg du känner dig där du bor och vilka problem du ser. "
    "Enkäten är anonym och tar cirka fem minuter.",
    "The police and the municipality want to know how safe you feel where you live and which problems you see. "
    "The survey is anonymous and takes about five minutes.",
)


@transaction.atomic
def create_trygghetsmatning(*, opens_at, closes_at, round_label="", title=TITLE[0], created_by=None,
                            audience=Audience.PUBLIC, title_en=None):
    """A new round of the Trygghetsmätning, as an unpublished draft, in Swedish and English.

    The English title is the template's unless the Swedish title was changed (then it is left for staff to write).
    """
    if title_en is None:
        title_en = TITLE[1] if title == TITLE[0] else ""
    survey = Survey.objects.create(
        title=title,
        title_en=title_en,
        introduction=INTRODUCTION[0],
        introduction_en=INTRODUCTION[1],
        audience=audience,
        opens_at=opens_at,
        closes_at=closes_at,
        series=SERIES,
        round_label=round_label,
        created_by=created_by,
    )
    options_by_code = {}
    for page_order, ((heading, heading_en), questions) in enumerate(PAGES):
        page = SurveyPage.objects.create(survey=survey, order=page_order, heading=heading, heading_en=heading_en)
        for order, (code, type_, (text, text_en), required, options, show_if) in enumerate(questions):
            question = Question.objects.create(
                survey=survey, page=page, order=order, code=code, type=type_, text=text, text_en=text_en,
                required=required, show_if_option=options_by_code[show_if] if show_if else None,
            )
            for option_order, (option_code, label, label_en, value) in enumerate(options):
                option = Option.objects.create(
                    question=question, order=option_order, code=option_code, label=label, label_en=label_en,
                    value=value,
                )
                options_by_code[(code, option_code)] = option
            if type_ == QuestionType.MATRIX:
                MatrixItem.objects.bulk_create(
                    MatrixItem(question=question, order=i, code=item_code, label=label, label_en=label_en)
                    for i, (item_code, label, label_en) in enumerate(PROBLEM_ITEMS)
                )
    return survey
