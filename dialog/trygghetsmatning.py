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

YES_NO = [("ja", "Ja", None), ("nej", "Nej", None)]
AGREE = [
    ("instammer-helt", "Instämmer helt", 1),
    ("instammer-delvis", "Instämmer delvis", 2),
    ("instammer-knappast", "Instämmer knappast", 3),
    ("instammer-inte-alls", "Instämmer inte alls", 4),
    ("vet-ej", "Vet ej", None),
]
PROBLEM_SCALE = [
    ("inget-problem", "Inget problem", 0),
    ("litet-problem", "Litet problem", 1),
    ("ganska-stort-problem", "Ganska stort problem", 2),
    ("mycket-stort-problem", "Mycket stort problem", 3),
    ("vet-ej", "Vet ej", None),
]
PROBLEM_ITEMS = [
    ("nedskrapning", "Nedskräpning"),
    ("klotter", "Klotter"),
    ("skadegorelse", "Skadegörelse"),
    ("morka-platser", "Mörka eller dåligt upplysta platser"),
    ("igenvaxta-buskage", "Igenväxta buskage"),
    ("bilar-fort", "Bilar som kör för fort eller körs störande"),
    ("mopeder", "Mopeder på gång- och cykelvägar, buskörning"),
    ("berusade", "Berusade eller narkotikapåverkade personer utomhus"),
    ("narkotikaforsaljning", "Narkotikaförsäljning"),
    ("ungdomar-stor", "Ungdomar som stör ordningen"),
    ("brak", "Bråk eller slagsmål utomhus"),
    ("bostadsinbrott", "Bostadsinbrott"),
    ("cykelstolder", "Cykelstölder"),
    ("stolder-ur-bilar", "Stölder ur bilar"),
]

# page heading, [(code, type, text, required, options, show_if (code, option code), extra)]
PAGES = [
    ("Trygghet i ditt område", [
        (SAFETY_EVENING, QuestionType.SCALE,
         "Hur trygg eller otrygg skulle du känna dig om du gick ut ensam sent en kväll i ditt bostadsområde?", True,
         [("mycket-trygg", "Mycket trygg", 1), ("ganska-trygg", "Ganska trygg", 2),
          ("ganska-otrygg", "Ganska otrygg", 3), ("mycket-otrygg", "Mycket otrygg", 4),
          (NEVER_OUT_OPTION, "Går aldrig ut ensam", None)], None),
        ("oro-brott", QuestionType.SCALE, "Hur ofta känner du dig orolig för att utsättas för brott?", False,
         [("aldrig", "Aldrig", 1), ("sallan", "Sällan", 2), ("ibland", "Ibland", 3), ("ofta", "Ofta", 4)], None),
        ("avstatt", QuestionType.SINGLE,
         "Har du under de senaste 12 månaderna avstått från någon aktivitet för att du känt dig otrygg?", False,
         YES_NO, None),
        ("avstatt-vad", QuestionType.TEXT, "Vad avstod du från?", False, [], ("avstatt", "ja")),
    ]),
    ("Problem i ditt område", [
        (LOCAL_PROBLEMS, QuestionType.MATRIX,
         "Hur stort problem tycker du att följande är i ditt bostadsområde?", False, PROBLEM_SCALE, None),
    ]),
    ("Utsatthet för brott", [
        ("utsatt", QuestionType.SINGLE, "Har du själv utsatts för brott under de senaste 12 månaderna?", False,
         YES_NO, None),
        ("utsatt-typ", QuestionType.MULTIPLE, "Vilket eller vilka brott?", False,
         [("stold", "Stöld", None), ("skadegorelse", "Skadegörelse", None), ("hot", "Hot", None),
          ("vald", "Våld", None), ("bedrageri", "Bedrägeri", None), ("annat", "Annat", None)],
         ("utsatt", "ja")),
        ("utsatt-plats", QuestionType.MAP_POINT, "Var hände det?", False, [], ("utsatt", "ja")),
        (UNSAFE_PLACE, QuestionType.MAP_POINT, "Markera en plats där du känner dig otrygg", False, [], None),
    ]),
    ("Polisen i ditt område", [
        (POLICE_CARE, QuestionType.SCALE, "Polisen bryr sig om lokala problem.", False, AGREE, None),
    ]),
    ("Om dig", [
        (LOCALITY, QuestionType.LOCALITY, "Var bor du?", False, [], None),
        (AGE_BAND, QuestionType.SINGLE, "Hur gammal är du?", False,
         [("16-24", "16–24 år", None), ("25-44", "25–44 år", None), ("45-64", "45–64 år", None),
          ("65-79", "65–79 år", None), ("80-", "80 år eller äldre", None)], None),
        (GENDER, QuestionType.SINGLE, "Vilket kön har du?", False,
         [("kvinna", "Kvinna", None), ("man", "Man", None), ("annat", "Annat eller vill inte svara", None)], None),
        ("ovrigt", QuestionType.TEXT, "Har du något mer du vill berätta om tryggheten där du bor?", False, [], None),
    ]),
]


@transaction.atomic
def create_trygghetsmatning(*, opens_at, closes_at, round_label="", title="Trygghetsmätning", created_by=None,
                            audience=Audience.PUBLIC):
    """A new round of the Trygghetsmätning, as an unpublished draft."""
    survey = Survey.objects.create(
        title=title,
        introduction=(
            "Polisen och kommunen vill veta hur trygg du känner dig där du bor och vilka problem du ser. "
            "Enkäten är anonym och tar cirka fem minuter."
        ),
        audience=audience,
        opens_at=opens_at,
        closes_at=closes_at,
        series=SERIES,
        round_label=round_label,
        created_by=created_by,
    )
    options_by_code = {}
    for page_order, (heading, questions) in enumerate(PAGES):
        page = SurveyPage.objects.create(survey=survey, order=page_order, heading=heading)
        for order, (code, type_, text, required, options, show_if) in enumerate(questions):
            question = Question.objects.create(
                survey=survey, page=page, order=order, code=code, type=type_, text=text, required=required,
                show_if_option=options_by_code[show_if] if show_if else None,
            )
            for option_order, (option_code, label, value) in enumerate(options):
                option = Option.objects.create(
                    question=question, order=option_order, code=option_code, label=label, value=value
                )
                options_by_code[(code, option_code)] = option
            if type_ == QuestionType.MATRIX:
                MatrixItem.objects.bulk_create(
                    MatrixItem(question=question, order=i, code=item_code, label=label)
                    for i, (item_code, label) in enumerate(PROBLEM_ITEMS)
                )
    return survey
