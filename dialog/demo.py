"""Demo data for the dialog app: two rounds of the Trygghetsmätning with realistic answers.

Respondents are spread over the localities by population. Feeling unsafe
differs by locality (higher in Skärhamn, lower on the small islands), by
gender and by age, and is a little lower in the latest round; local problems
follow the same pattern. The number of responses is max(200, size // 10), so
``seed_demo --size 1000000`` gives 100,000 responses, bulk-inserted in batches.
Idempotent: once the series has responses, nothing more is added.

Answers (about twenty per response) are written with multi-row INSERTs
instead of model instances: building two million Answer objects would take
the ORM ten minutes, this takes about one.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from dialog import trygghetsmatning as tm
from dialog.models import Answer, QuestionType, Response, Survey, Theme
from incidents.models import Locality
from trygg.dates import demo_moment

MIN_RESPONSES = 200
BATCH = 2000
ROWS_PER_INSERT = 500
ANSWER_FIELDS = ["response", "question", "item", "option", "number", "text", "locality", "latitude", "longitude"]
LATEST_SHARE = 0.55  # of the responses, in this year's round
# Chance of feeling unsafe in the evening, before gender, age and round adjust it.
UNSAFE_BY_LOCALITY = {
    "skarhamn": 0.22, "kallekarr": 0.15, "ronnang": 0.14, "myggenas": 0.13, "hoviksnas": 0.13,
    "hakenaset": 0.11, "klovedal": 0.08, "valla": 0.09,
}
UNSAFE_DEFAULT = 0.07
GENDERS = [("kvinna", 49, 1.6), ("man", 48, 0.55), ("annat", 3, 1.3)]
AGES = [("16-24", 12, 1.3), ("25-44", 28, 1.0), ("45-64", 32, 0.9), ("65-79", 21, 1.0), ("80-", 7, 1.2)]
# How often each local problem is called big, before locality and round adjust it.
PROBLEM_BASE = {
    "nedskrapning": 0.22, "klotter": 0.10, "skadegorelse": 0.14, "morka-platser": 0.26, "igenvaxta-buskage": 0.15,
    "bilar-fort": 0.34, "mopeder": 0.28, "berusade": 0.10, "narkotikaforsaljning": 0.07, "ungdomar-stor": 0.12,
    "brak": 0.05, "bostadsinbrott": 0.14, "cykelstolder": 0.09, "stolder-ur-bilar": 0.10,
}
DONT_KNOW = {"narkotikaforsaljning": 0.35, "bostadsinbrott": 0.12, "cykelstolder": 0.15, "stolder-ur-bilar": 0.12}
PROBLEM_BY_LOCALITY = {"skarhamn": 1.4, "kallekarr": 1.15, "myggenas": 1.1, "hoviksnas": 1.1, "ronnang": 1.1}
PROBLEM_DEFAULT = 0.75
AVOIDED = [
    "Promenader på kvällen när det är mörkt.",
    "Att gå till bussen efter jobbet.",
    "Att gå ut och springa i motionsspåret.",
    "Att gå till hamnen på kvällar under sommaren.",
    "Att cykla hem från träningen.",
]
OTHER_TEXT = [
    "Det behövs bättre belysning på gång- och cykelvägen till skolan.",
    "Mopeder kör fort på cykelvägen, någon kommer att bli skadad.",
    "Jag känner mig trygg här, bra att polisen syns ibland.",
    "Mycket skräp vid badplatsen efter helgerna.",
    "Buskarna vid busshållplatsen borde klippas, det är mörkt och otäckt.",
    "Fler vuxna ute på kvällarna skulle göra skillnad.",
    "Bilar kör alldeles för fort genom byn.",
    "Det vore bra med fler aktiviteter för ungdomar på helgerna.",
]
THEMES = {"Belysning": ["belysning", "mörkt"], "Trafik": ["fort", "mopeder"], "Nedskräpning": ["skräp"],
          "Ungdomar": ["ungdomar"], "Polisens närvaro": ["polisen"], "Buskage": ["buskarna"]}
CRIMES = [("stold", 40), ("skadegorelse", 25), ("bedrageri", 20), ("hot", 10), ("vald", 5), ("annat", 8)]


def seed(size, out):
    """Two rounds of the Trygghetsmätning; responses only if the series has none yet."""
    if not Locality.objects.exists():
        from incidents.demo import seed_localities

        seed_localities()
    existing = Response.objects.filter(survey__series=tm.SERIES).count()
    if existing:
        out(f"Trygghetsmätning: {existing} responses (0 new)")
        return 0
    now = demo_moment()
    total = max(MIN_RESPONSES, size // 10)
    latest = round(total * LATEST_SHARE)
    with transaction.atomic():
        last_year, this_year = ensure_rounds(now)
        themes = {name: Theme.objects.get_or_create(name=name)[0] for name in THEMES}
        created = seed_responses(last_year, total - latest, latest=False, now=now, themes=themes)
        created += seed_responses(this_year, latest, latest=True, now=now, themes=themes)
    out(f"Trygghetsmätning: 2 rounds, {created} responses")
    return created


def ensure_rounds(now):
    """Last year's round (closed, results public) and this year's (open), created if missing."""
    rounds = []
    for opens_at, closes_at, results_published in [
        (now - timedelta(days=400), now - timedelta(days=360), True),
        (now - timedelta(days=20), now + timedelta(days=25), False),
    ]:
        label = str(timezone.localdate(opens_at).year)
        survey = Survey.objects.filter(series=tm.SERIES, round_label=label).first()
        if survey is None:
            survey = tm.create_trygghetsmatning(opens_at=opens_at, closes_at=closes_at, round_label=label)
            survey.is_published = True
            survey.results_published = results_published
            if results_published:
                survey.public_summary = (
                    "Åtta av tio känner sig trygga när de går ut ensamma sent på kvällen, men otryggheten är "
                    "större i Skärhamn och bland kvinnor. Störst problem tycker man att bilar som kör för fort, "
                    "mopeder på cykelvägarna och mörka platser är. Polisen och kommunen har därför lovat fler "
                    "kvällspass i Skärhamn och bättre belysning längs gång- och cykelvägarna."
                )
                survey.public_summary_en = (
                    "Eight in ten feel safe when they go out alone late in the evening, but more people feel unsafe "
                    "in Skärhamn and among women. The biggest problems are thought to be cars driving too fast, "
                    "mopeds on the cycle paths and dark places. The police and the municipality have therefore "
                    "promised more evening patrols in Skärhamn and better lighting along the footpaths and cycle paths."
                )
            survey.save()
        rounds.append(survey)
    return rounds


class Round:
    """The survey's question, option and item ids by code, for building answer rows quickly."""

    def __init__(self, survey):
        self.survey = survey
        questions = list(survey.questions.prefetch_related("options", "items"))
        self.questions = {q.code: q.pk for q in questions}
        self.options = {(q.code, option.code): option.pk for q in questions for option in q.options.all()}
        problems = next(q for q in questions if q.code == tm.LOCAL_PROBLEMS)
        self.items = [(item.pk, item.code) for item in problems.items.all()]

    def answer(self, response, code, option=None, *, item=None, number=None, text="", locality=None,
               latitude=None, longitude=None):
        """One row of ANSWER_FIELDS."""
        return (response, self.questions[code], item, self.options[(code, option)] if option else None, number, text,
                locality, latitude, longitude)


def insert_answers(rows):
    """Insert answer rows (tuples in ANSWER_FIELDS order), many per statement."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(Answer._meta.get_field(name).column) for name in ANSWER_FIELDS)
    one = "(" + ", ".join(["%s"] * len(ANSWER_FIELDS)) + ")"
    with connection.cursor() as wrapper:
        # The backend's own cursor: with DEBUG on, Django's would also log (and quote) every value.
        cursor = wrapper.cursor
        for start in range(0, len(rows), ROWS_PER_INSERT):
            chunk = rows[start: start + ROWS_PER_INSERT]
            cursor.execute(
                f"INSERT INTO {quote(Answer._meta.db_table)} ({columns}) VALUES {', '.join([one] * len(chunk))}",
                [value for row in chunk for value in row],
            )


def seed_responses(survey, count, *, latest, now, themes):
    rng = random.Random(2026 + survey.pk)
    data = Round(survey)
    localities = list(Locality.objects.all())
    weights = [max(locality.population or 100, 100) for locality in localities]
    end = min(survey.closes_at, now)
    seconds = int((end - survey.opens_at).total_seconds())
    with tqdm(total=count, desc=f"Svar {survey.round_label}", unit="svar", disable=count < 20000) as progress:
        for start in range(0, count, BATCH):
            people = []
            for _ in range(min(BATCH, count - start)):
                locality = rng.choices(localities, weights)[0]
                gender = rng.choices(GENDERS, [g[1] for g in GENDERS])[0]
                age = rng.choices(AGES, [a[1] for a in AGES])[0]
                response = Response(
                    survey=survey, is_complete=True, locality=locality,
                    submitted_at=survey.opens_at + timedelta(seconds=rng.randint(0, seconds)),
                    age_band=age[0] if rng.random() > 0.04 else "",
                    gender=gender[0] if rng.random() > 0.04 else "",
                )
                people.append((response, locality, gender, age))
            Response.objects.bulk_create([p[0] for p in people], batch_size=BATCH)
            rows = []
            for response, locality, gender, age in people:
                rows.extend(respondent_answers(rng, data, response, locality, gender, age, latest))
            insert_answers(rows)
            progress.update(len(people))
    tag_free_text(rng, survey, themes, share=0.3 if latest else 0.8)
    return count


def tag_free_text(rng, survey, themes, share):
    """Tag a share of the free-text answers, as coordinators would have done."""
    through = Answer.themes.through
    links = [
        through(answer_id=pk, theme_id=themes[name].pk)
        for pk, text in Answer.objects.filter(question__survey=survey, question__type=QuestionType.TEXT)
        .values_list("pk", "text").iterator()
        if rng.random() < share
        for name, words in THEMES.items() if any(word in text.lower() for word in words)
    ]
    through.objects.bulk_create(links, batch_size=5000)


def respondent_answers(rng, data, response, locality, gender, age, latest):
    """The answer rows of one respondent, consistent with each other."""
    answers = []
    add = answers.append
    rid = response.pk
    unsafe_chance = UNSAFE_BY_LOCALITY.get(locality.slug, UNSAFE_DEFAULT) * gender[2] * age[2] * (
        0.85 if latest else 1.0
    )
    never_out = rng.random() < (0.12 if age[0] == "80-" else 0.02)
    unsafe = never_out or rng.random() < unsafe_chance
    if never_out:
        add(data.answer(rid, tm.SAFETY_EVENING, tm.NEVER_OUT_OPTION))
    elif unsafe:
        add(data.answer(rid, tm.SAFETY_EVENING, rng.choices(tm.UNSAFE_OPTIONS, [70, 30])[0]))
    else:
        add(data.answer(rid, tm.SAFETY_EVENING, rng.choices(["mycket-trygg", "ganska-trygg"], [55, 45])[0]))
    if rng.random() < 0.95:
        worry = [10, 35, 40, 15] if unsafe else [35, 45, 17, 3]
        add(data.answer(rid, "oro-brott", rng.choices(["aldrig", "sallan", "ibland", "ofta"], worry)[0]))
    if rng.random() < 0.9:
        avoided = rng.random() < (0.45 if unsafe else 0.07)
        add(data.answer(rid, "avstatt", "ja" if avoided else "nej"))
        if avoided and rng.random() < 0.4:
            add(data.answer(rid, "avstatt-vad", text=rng.choice(AVOIDED)))
    if rng.random() < 0.88:
        factor = PROBLEM_BY_LOCALITY.get(locality.slug, PROBLEM_DEFAULT) * (1.4 if unsafe else 1.0) * (
            0.9 if latest else 1.0
        )
        for item, code in data.items:
            if rng.random() < 0.04:
                continue
            if rng.random() < DONT_KNOW.get(code, 0.07):
                level = "vet-ej"
            elif rng.random() < min(PROBLEM_BASE[code] * factor, 0.85):
                level = rng.choices(tm.BIG_PROBLEM_OPTIONS, [70, 30])[0]
            else:
                level = rng.choices(["inget-problem", "litet-problem"], [55, 45])[0]
            add(data.answer(rid, tm.LOCAL_PROBLEMS, level, item=item))
    victim = rng.random() < (0.16 if unsafe else 0.09)
    add(data.answer(rid, "utsatt", "ja" if victim else "nej"))
    if victim:
        for crime in {rng.choices(CRIMES, [c[1] for c in CRIMES])[0][0] for _ in range(rng.choice([1, 1, 1, 2]))}:
            add(data.answer(rid, "utsatt-typ", crime))
        if rng.random() < 0.4:
            add(point(rng, data, rid, "utsatt-plats", locality))
    if rng.random() < (0.3 if unsafe else 0.06):
        add(point(rng, data, rid, tm.UNSAFE_PLACE, locality))
    if rng.random() < 0.92:
        trust = [20, 40, 20, 8, 12] if latest else [17, 40, 22, 9, 12]
        agree = ["instammer-helt", "instammer-delvis", "instammer-knappast", "instammer-inte-alls", "vet-ej"]
        add(data.answer(rid, tm.POLICE_CARE, rng.choices(agree, trust)[0]))
    add(data.answer(rid, tm.LOCALITY, locality=locality.pk))
    if response.age_band:
        add(data.answer(rid, tm.AGE_BAND, response.age_band))
    if response.gender:
        add(data.answer(rid, tm.GENDER, response.gender))
    if rng.random() < 0.1:
        add(data.answer(rid, "ovrigt", text=rng.choice(OTHER_TEXT)))
    return answers


def point(rng, data, response, code, locality):
    latitude = min(max(float(locality.latitude) + rng.gauss(0, 0.003), 57.881), 58.099)
    longitude = min(max(float(locality.longitude) + rng.gauss(0, 0.005), 11.501), 11.799)
    return data.answer(response, code, latitude=Decimal(f"{latitude:.6f}"), longitude=Decimal(f"{longitude:.6f}"))
