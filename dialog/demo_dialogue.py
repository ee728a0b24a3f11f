"""Demo data for feedback and dialogue activities: about 40 feedback items and 12 activities over the last year.

Some are announced in public: the walks after dark and a citizen dialogue with what
was found and what became of it, and two coming activities (a safety walk with
sign-up, a dialogue meeting with a contact line).

Idempotent: feedback is keyed by a fixed submission id, activities by kind,
title and walk phase, and a concern already turned into a report is left alone.
Needs the localities and categories of incidents.demo (run that first).
"""

import random
import uuid
from datetime import time, timedelta


from dialog import actions
from dialog.models import (
    ActivityKind,
    Concern,
    DialogueActivity,
    Feedback,
    FeedbackStatus,
    FeedbackTopic,
    Participation,
    Theme,
    WalkPhase,
)
from incidents.models import Category, Locality
from trygg.dates import demo_moment

FEEDBACK_COUNT = 40
NAMESPACE = uuid.UUID("8f0b6c1e-2d4a-4c1b-9a57-3e1f00d1a10c")
THEMES = ["Belysning", "Ungdomar", "Trafik", "Nedskräpning", "Hamnen", "Polisens närvaro"]

# topic, text, public version (for public answers), answer, themes
FEEDBACK = [
    (FeedbackTopic.SAFETY, "Det är så mörkt på gångvägen mellan skolan och Kroksdalsvägen. Min dotter Elin vågar inte gå där.",
     "Det är mörkt på gångvägen mellan skolan och Kroksdalsvägen. Kan belysningen bli bättre?",
     "Kommunen har beställt fyra nya belysningsstolpar längs gångvägen. De sätts upp under hösten.", ["Belysning"]),
    (FeedbackTopic.QUESTION, "Varför syns polisen så sällan i Rönnäng på helgerna? /Lars",
     "Varför syns polisen så sällan i Rönnäng på helgerna?",
     "Polisen planerar sin närvaro efter lägesbilden. Under sommaren patrullerar polisen oftare i hamnarna på helgkvällar.",
     ["Polisens närvaro"]),
    (FeedbackTopic.PROPOSAL, "Förslag: öppna fritidsgården på fredagskvällar så att ungdomarna har någonstans att vara.",
     "Kan fritidsgården ha öppet på fredagskvällar?",
     "Fritidsgården i Skärhamn har öppet fredagar 18–23 från och med september.", ["Ungdomar"]),
    (FeedbackTopic.SAFETY, "Mopeder kör fort på cykelvägen vid Myggenäs varje kväll. Det är farligt för barnen.",
     "", "", ["Trafik"]),
    (FeedbackTopic.PARTNERSHIP, "Bra att ni gör trygghetsvandringar! När blir nästa i Kållekärr? Ring mig på 0701-234567.",
     "När blir nästa trygghetsvandring i Kållekärr?",
     "Nästa trygghetsvandring i Kållekärr blir i oktober. Den annonseras här och på kommunens webbplats.", []),
    (FeedbackTopic.SAFETY, "Det ligger mycket skräp och glas vid badplatsen efter helgerna.", "", "", ["Nedskräpning"]),
    (FeedbackTopic.QUESTION, "Vad händer med de rapporter man skickar in? Jag har inte fått något svar.",
     "Vad händer med de rapporter man skickar in?",
     "En samordnare läser varje rapport. Den publiceras efter granskning, och den som lämnat e-post får besked när statusen ändras.",
     []),
    (FeedbackTopic.SAFETY, "Berusade personer i hamnen i Skärhamn sent på kvällarna gör att jag undviker att gå där.",
     "", "", ["Hamnen"]),
    (FeedbackTopic.PROPOSAL, "Sätt upp kameror vid färjeläget.", "", "", []),
    (FeedbackTopic.PARTNERSHIP, "Hur kan föreningar vara med i arbetet för ett tryggare Tjörn?",
     "Hur kan föreningar vara med i arbetet?",
     "Föreningar är välkomna till våra dialogmöten och kan kontakta samordnaren. Nästa möte med föreningarna är i november.",
     []),
]


def seed_themes():
    return {name: Theme.objects.get_or_create(name=name)[0] for name in THEMES}


def seed_feedback(rng, now, localities, themes):
    created = 0
    for number in range(FEEDBACK_COUNT):
        submission_id = uuid.uuid5(NAMESPACE, f"feedback-{number}")
        if Feedback.objects.filter(submission_id=submission_id).exists():
            continue
        topic, text, public_question, answer, theme_names = FEEDBACK[number % len(FEEDBACK)]
        received = now - timedelta(days=rng.randint(0, 360), hours=rng.randint(0, 23))
        feedback = Feedback(
            submission_id=submission_id, topic=topic, text=text,
            locality=rng.choice(localities) if rng.random() < 0.8 else None,
        )
        if rng.random() < 0.4:
            feedback.contact_name = rng.choice(["Anna Nilsson", "Erik Olsson", "Maria Karlsson", "Johan Persson"])
            feedback.contact_email = f"{feedback.contact_name.split()[0].lower()}{number}@example.org"
            feedback.consent_given = True
        age_days = (now - received).days
        if age_days > 14 and public_question:
            feedback.status = FeedbackStatus.ANSWERED_PUBLICLY
            feedback.public_question, feedback.answer = public_question, answer
        elif age_days > 14 and feedback.contact_email:
            feedback.status = FeedbackStatus.ANSWERED_PRIVATELY
            feedback.answer = "Tack för din synpunkt. Vi har tagit upp den i arbetsgruppen."
        elif age_days > 60:
            feedback.status = FeedbackStatus.CLOSED
        if feedback.status in (FeedbackStatus.ANSWERED_PUBLICLY, FeedbackStatus.ANSWERED_PRIVATELY):
            feedback.answered_at = received + timedelta(days=rng.randint(1, 10))
        feedback.flagged_for_working_group = topic == FeedbackTopic.PROPOSAL
        feedback.save()
        # created_at has a database default; set the received time afterwards.
        Feedback.objects.filter(pk=feedback.pk).update(created_at=received)
        feedback.themes.set([themes[name] for name in theme_names])
        created += 1
    return created


# kind, title, days ago, locality, place, organisers, participants by group, notes, concerns (text, category code)
ACTIVITIES = [
    (ActivityKind.CITIZEN_DIALOGUE, "Medborgardialog om tryggheten i Skärhamn", 320, "Skärhamn", "Kommunhuset",
     "Tjörns kommun och Polisen", {"residents": 38, "elected": 4, "police": 2, "municipal_staff": 3},
     "Många tog upp belysning och mopedåkning.",
     [("Mopeder på gång- och cykelvägar", "buskorning"), ("Mörka gångvägar", "belysning")]),
    (ActivityKind.STAFF_DIALOGUE, "Medarbetardialog med fritidsledare", 280, "Skärhamn", "Fritidsgården",
     "Tjörns kommun", {"municipal_staff": 12}, "Fritidsledarna ser fler yngre ungdomar ute sent.",
     [("Yngre ungdomar ute sent på helgerna", None)]),
    (ActivityKind.BUSINESS_MEETING, "Möte med handlarna i Kållekärr", 240, "Kållekärr", "Köpcentret",
     "Polisen och Tjörns kommun", {"businesses": 9, "police": 1}, "Butikerna vill ha bättre belysning på parkeringen.",
     [("Snatteri och stölder i butikerna", "stold"), ("Mörk parkering", "belysning")]),
    (ActivityKind.ASSOCIATION_MEETING, "Möte med föreningarna i Rönnäng", 200, "Rönnäng", "Föreningshuset",
     "Tjörns kommun", {"associations": 11, "residents": 6}, "Föreningarna erbjuder nattvandring på helgerna.",
     [("Nedskräpning vid badplatsen", "nedskrapning")]),
    (ActivityKind.CITIZEN_DIALOGUE, "Medborgardialog i Myggenäs", 150, "Myggenäs", "Bygdegården",
     "Tjörns kommun och Polisen", {"residents": 24, "young_people": 5, "police": 2}, "",
     [("Buskörning vid Myggenäs torg", "buskorning")]),
    (ActivityKind.STAFF_DIALOGUE, "Medarbetardialog med hemtjänsten", 90, "Höviksnäs", "",
     "Tjörns kommun", {"municipal_staff": 15}, "Personalen känner sig otrygg vid nattliga besök i vissa områden.",
     [("Otrygga promenader till nattliga besök", "otrygg-plats")]),
]

# Two complete safety walks: introduction, daylight walk, walk after dark, feedback meeting.
WALKS = [
    ("Trygghetsvandring i Skärhamn", 300, "Skärhamn", "Från busstationen till hamnen", [
        ("Trasig belysning på gångvägen bakom skolan", "belysning", "57.989100", "11.549200"),
        ("Igenvuxna buskar vid övergångsstället", "igenvuxen", "57.987400", "11.546300"),
        ("Tomt hus vid hamnen där ungdomar tar sig in", "overgiven-byggnad", "57.986200", "11.551800"),
    ]),
    ("Trygghetsvandring i Kållekärr", 120, "Kållekärr", "Runt skolan och idrottsplatsen", [
        ("Mörk tunnel under vägen", "otrygg-plats", "57.995300", "11.636200"),
        ("Ingen belysning vid busshållplatsen", "belysning", "57.996800", "11.638900"),
        ("Klotter på elskåpet vid skolan", "klotter", None, None),
    ]),
]
PHASES = [
    (WalkPhase.INTRODUCTION, 0, {"residents": 12, "police": 2, "municipal_staff": 3}),
    (WalkPhase.DAYLIGHT, 7, {"residents": 15, "young_people": 4, "police": 2, "municipal_staff": 2}),
    (WalkPhase.DARK, 8, {"residents": 18, "young_people": 6, "police": 2, "municipal_staff": 2, "elected": 1}),
    (WalkPhase.FEEDBACK, 60, {"residents": 10, "police": 1, "municipal_staff": 3}),
]


# kind, title, days ahead, locality, place, organisers, start, end, public fields
COMING = [
    (ActivityKind.SAFETY_WALK, "Ny trygghetsvandring i Kållekärr", 21, "Kållekärr", "Samling vid skolans entré",
     "Tjörns kommun, Polisen och boende", time(19, 0), time(21, 0), {
         "walk_phase": WalkPhase.DARK,
         "public_description": "Vi går tillsammans runt skolan och idrottsplatsen när det är mörkt och noterar "
                               "platser som känns otrygga. Alla som bor eller rör sig i Kållekärr är välkomna.",
         "public_description_en": "Together we walk around the school and the sports ground after dark and note "
                                  "places that feel unsafe. Everyone who lives in or spends time in Kållekärr is "
                                  "welcome.",
         "accessibility": "Slingan är cirka 2 km på asfalt utan trappor. Rullstol och rullator går bra. "
                          "Ta med reflexväst, vi har lånevästar.",
         "signup_limit": 40,
         "contact": "trygg@tjorn.example",
     }),
    (ActivityKind.CITIZEN_DIALOGUE, "Dialogmöte om tryggheten i Rönnäng", 35, "Rönnäng", "Föreningshuset",
     "Tjörns kommun och Polisen", time(18, 0), time(20, 0), {
         "public_description": "Berätta vad som känns tryggt och otryggt i Rönnäng. Kommunen och polisen "
                               "berättar vad som har gjorts sedan förra året. Kaffe finns.",
         "public_description_en": "Tell us what feels safe and unsafe in Rönnäng. The municipality and the police "
                                  "tell you what has been done since last year. There will be coffee.",
         "accessibility": "Entré utan trappsteg och hörslinga i stora salen. Tolk kan ordnas om du hör av dig "
                          "en vecka före.",
         "contact": "Ingen anmälan behövs. Frågor: trygg@tjorn.example",
     }),
]

# The English titles of the demo activities (the title_en field).
TITLES_EN = {
    "Medborgardialog om tryggheten i Skärhamn": "Citizen dialogue on safety in Skärhamn",
    "Medarbetardialog med fritidsledare": "Staff dialogue with youth leaders",
    "Möte med handlarna i Kållekärr": "Meeting with the shopkeepers in Kållekärr",
    "Möte med föreningarna i Rönnäng": "Meeting with the associations in Rönnäng",
    "Medborgardialog i Myggenäs": "Citizen dialogue in Myggenäs",
    "Medarbetardialog med hemtjänsten": "Staff dialogue with the home care service",
    "Trygghetsvandring i Skärhamn": "Safety walk in Skärhamn",
    "Trygghetsvandring i Kållekärr": "Safety walk in Kållekärr",
    "Ny trygghetsvandring i Kållekärr": "New safety walk in Kållekärr",
    "Dialogmöte om tryggheten i Rönnäng": "Dialogue meeting on safety in Rönnäng",
}

# What the public pages say afterwards: (title, walk phase) -> fields
PUBLIC_PAST = {
    ("Trygghetsvandring i Skärhamn", WalkPhase.DARK): {
        "public_summary": "Deltagarna noterade trasig belysning på gångvägen bakom skolan, buskar som skymmer "
                          "sikten vid ett övergångsställe och ett tomt hus vid hamnen.",
        "public_follow_up": "Belysningen är lagad och buskarna är klippta. Fastighetsägaren till huset vid hamnen "
                            "har låst och satt upp belysning. Två av iakttagelserna blev rapporter som följs på kartan.",
        "accessibility": "Slingan var cirka 1,5 km med en brant backe vid hamnen.",
    },
    ("Trygghetsvandring i Kållekärr", WalkPhase.DARK): {
        "public_summary": "En mörk tunnel under vägen, ingen belysning vid busshållplatsen och klotter på ett "
                          "elskåp vid skolan.",
        "public_follow_up": "Trafikverket har fått en begäran om belysning i tunneln. Busshållplatsen har fått "
                            "belysning och klottret är sanerat.",
    },
    ("Medborgardialog i Myggenäs", ""): {
        "public_summary": "Buskörning vid Myggenäs torg var det som flest tog upp.",
        "public_follow_up": "Polisen har haft riktade kontroller vid torget på helgkvällar.",
    },
}


def seed_public(today, localities_by_name):
    """The coming public activities and the public texts of past ones; returns how many were created."""
    created = 0
    for kind, title, days_ahead, locality, place, organisers, starts, ends, fields in COMING:
        fields = dict(fields)
        walk_phase = fields.pop("walk_phase", "")
        _, was_created = DialogueActivity.objects.get_or_create(
            kind=kind, title=title, walk_phase=walk_phase, date__gte=today,
            defaults={"date": today + timedelta(days=days_ahead), "locality": localities_by_name[locality],
                      "place": place, "organisers": organisers, "starts_at": starts, "ends_at": ends,
                      "is_public": True, **fields},
        )
        created += was_created
    for (title, walk_phase), fields in PUBLIC_PAST.items():
        DialogueActivity.objects.filter(title=title, walk_phase=walk_phase, date__lt=today).update(
            is_public=True, **fields
        )
    for title, title_en in TITLES_EN.items():
        DialogueActivity.objects.filter(title=title, title_en="").update(title_en=title_en)
    return created


def _activity(kind, title, day, locality, place, organisers, participants, notes="", walk_phase="", part_of=None):
    activity, created = DialogueActivity.objects.get_or_create(
        kind=kind, title=title, walk_phase=walk_phase,
        defaults={"date": day, "locality": locality, "place": place, "organisers": organisers, "notes": notes,
                  "part_of": part_of},
    )
    if created:
        for group, count in participants.items():
            Participation.objects.create(activity=activity, group=group, count=count)
    return activity, created


def _concerns(activity, concerns, categories):
    if activity.concerns.exists():
        return
    for order, (text, code, *point) in enumerate(concerns):
        latitude, longitude = point if point else (None, None)
        Concern.objects.create(
            activity=activity, order=order, text=text, category=categories.get(code),
            latitude=latitude, longitude=longitude,
        )


def seed_activities(today, localities_by_name, categories):
    created = 0
    for kind, title, days_ago, locality, place, organisers, participants, notes, concerns in ACTIVITIES:
        activity, was_created = _activity(
            kind, title, today - timedelta(days=days_ago), localities_by_name[locality], place, organisers,
            participants, notes,
        )
        _concerns(activity, concerns, categories)
        created += was_created
    for title, days_ago, locality, place, concerns in WALKS:
        head = None
        for phase, offset, participants in PHASES:
            activity, was_created = _activity(
                ActivityKind.SAFETY_WALK, title, today - timedelta(days=days_ago - offset),
                localities_by_name[locality], place, "Tjörns kommun, Polisen och boende", participants,
                walk_phase=phase, part_of=head,
            )
            created += was_created
            head = head or activity
            if phase == WalkPhase.DARK:
                _concerns(activity, concerns, categories)
                # The first two concerns of each walk have become reports.
                for concern in activity.concerns.filter(report__isnull=True, order__lt=2):
                    actions.concern_to_report(concern, by=None)
    return created


def seed(size, out):
    """Demo feedback and activities; their number does not depend on size (the reports' count)."""
    rng = random.Random(2026)
    now = demo_moment()
    localities = list(Locality.objects.all())
    if not localities:
        out("Dialogue: no localities; load incidents' demo data first.")
        return
    themes = seed_themes()
    created = seed_feedback(rng, now, localities, themes)
    out(f"Feedback: {Feedback.objects.count()} ({created} new)")
    categories = {category.code: category for category in Category.objects.all()}
    by_name = {loc.name: loc for loc in localities}
    names = {a[3] for a in ACTIVITIES} | {w[2] for w in WALKS} | {c[3] for c in COMING}
    by_name = {name: by_name.get(name, localities[0]) for name in names}
    created = seed_activities(now.date(), by_name, categories)
    created += seed_public(now.date(), by_name)
    out(f"Dialogue activities: {DialogueActivity.objects.count()} ({created} new)")
