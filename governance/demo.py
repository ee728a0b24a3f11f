"""Demo data for governance: the agreement, both groups, a year of meetings, decisions, measures, promises."""

import math
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from governance.models import (
    ActionPlan,
    AgendaItem,
    Agreement,
    Attendance,
    CitizenPromise,
    Decision,
    Group,
    GroupKind,
    GroupRole,
    Measure,
    MeasureProgress,
    MeasureStatus,
    Meeting,
    MeetingStatus,
    Membership,
    MinutesApproval,
    MinutesVersion,
    Milestone,
    ProgressMode,
    PromiseStatus,
)
from incidents.models import (
    METRES_PER_DEGREE_LATITUDE, Category, Locality, Organisation, Report, SafetyFollowUp, Source, Status,
)
from trygg.dates import add_months, demo_moment
from trygg.models import User

AGREEMENT_PURPOSE = (
    "Syftet med samverkansöverenskommelsen är att fördjupa och utveckla samarbetet mellan myndigheterna, "
    "för att på så sätt öka tryggheten och minska brottsligheten inom Tjörns kommun. Samverkan ska grunda sig "
    "på en gemensam problembild baserad på lokal kartläggning gällande brott, ordningsstörningar och av "
    "medborgaren upplevd otrygghet."
)

# title, category code, locality, owner, when
MEASURES = [
    ("Ny belysning på gångvägen vid skolan", "belysning", "Skärhamn", Organisation.MUNICIPALITY, "Kvällar"),
    ("Röjning av sly längs cykelvägen", "igenvuxen", "Kållekärr", Organisation.MUNICIPALITY, ""),
    ("Helgpatrullering i hamnen", "berusade", "Skärhamn", Organisation.POLICE, "Helgnätter"),
    ("Trafikkontroller mot buskörning", "buskorning", "Myggenäs", Organisation.POLICE, "Fredagskvällar"),
    ("Klottersanering inom 24 timmar", "klotter", "Skärhamn", Organisation.MUNICIPALITY, ""),
    ("Fler papperskorgar vid badplatsen", "nedskrapning", "Rönnäng", Organisation.MUNICIPALITY, "Sommar"),
    ("Grannsamverkan mot inbrott", "inbrott", "Höviksnäs", Organisation.POLICE, ""),
    ("Kameraövervakning vid färjeläget", "skadegorelse", "Rönnäng", Organisation.MUNICIPALITY, ""),
    ("Fältassistenter på fredagskvällar", "berusade", "Kållekärr", Organisation.MUNICIPALITY, "Fredagskvällar"),
    ("Rivning av övergiven lada", "overgiven-byggnad", "Valla", Organisation.OTHER, ""),
    ("Cykelmärkning i skolorna", "stold", "Skärhamn", Organisation.POLICE, "Vår"),
    ("Belysning vid busshållplatsen", "belysning", "Kållekärr", Organisation.MUNICIPALITY, "Kvällar"),
    ("Dialog med ungdomar på fritidsgården", "berusade", "Myggenäs", Organisation.MUNICIPALITY, ""),
    ("Narkotikaspaning vid parkeringen", "narkotika", "Skärhamn", Organisation.POLICE, "Kvällar"),
    ("Trygghetsvandring i Klädesholmen", "otrygg-plats", "Klädesholmen", Organisation.MUNICIPALITY, ""),
    ("Fartdämpande åtgärder vid skolan", "buskorning", "Rönnäng", Organisation.MUNICIPALITY, ""),
    ("Båtmotorstölder: märkning och information", "stold", "Åstol", Organisation.POLICE, "Sommar"),
    ("Sommarvärdar i hamnarna", "nedskrapning", "Klädesholmen", Organisation.OTHER, "Sommar"),
    ("Beskärning av buskage i parken", "igenvuxen", "Skärhamn", Organisation.MUNICIPALITY, ""),
    ("Skadegörelse på skolor: samverkan med fastighetsbolaget", "skadegorelse", "Höviksnäs", Organisation.OTHER, ""),
    ("Information om bedrägerier till äldre", "stold", "Almö", Organisation.POLICE, ""),
    ("Ny belysning i gångtunneln", "belysning", "Myggenäs", Organisation.MUNICIPALITY, "Kvällar"),
    ("Uppföljning av otrygga platser efter vandring", "otrygg-plats", "Kyrkesund", Organisation.MUNICIPALITY, ""),
    ("Ökad närvaro vid skolavslutningen", "hot-vald", "Skärhamn", Organisation.POLICE, "Juni"),
]
# The English versions of the demo texts (the *_en fields), by the Swedish title.
MEASURE_TITLES_EN = {
    "Ny belysning på gångvägen vid skolan": "New lighting on the footpath by the school",
    "Röjning av sly längs cykelvägen": "Clearing scrub along the cycle path",
    "Helgpatrullering i hamnen": "Weekend patrols in the harbour",
    "Trafikkontroller mot buskörning": "Traffic checks against reckless driving",
    "Klottersanering inom 24 timmar": "Graffiti removed within 24 hours",
    "Fler papperskorgar vid badplatsen": "More litter bins at the bathing place",
    "Grannsamverkan mot inbrott": "Neighbourhood watch against burglary",
    "Kameraövervakning vid färjeläget": "Camera surveillance at the ferry terminal",
    "Fältassistenter på fredagskvällar": "Youth outreach workers on Friday evenings",
    "Rivning av övergiven lada": "Demolition of an abandoned barn",
    "Cykelmärkning i skolorna": "Bicycle marking in the schools",
    "Belysning vid busshållplatsen": "Lighting at the bus stop",
    "Dialog med ungdomar på fritidsgården": "Dialogue with young people at the youth centre",
    "Narkotikaspaning vid parkeringen": "Drug surveillance at the car park",
    "Trygghetsvandring i Klädesholmen": "Safety walk in Klädesholmen",
    "Fartdämpande åtgärder vid skolan": "Traffic calming by the school",
    "Båtmotorstölder: märkning och information": "Theft of boat engines: marking and information",
    "Sommarvärdar i hamnarna": "Summer hosts in the harbours",
    "Beskärning av buskage i parken": "Pruning the bushes in the park",
    "Skadegörelse på skolor: samverkan med fastighetsbolaget": "Vandalism at schools: working with the property company",
    "Information om bedrägerier till äldre": "Information about fraud for older people",
    "Ny belysning i gångtunneln": "New lighting in the pedestrian tunnel",
    "Uppföljning av otrygga platser efter vandring": "Follow-up of unsafe places after the safety walk",
    "Ökad närvaro vid skolavslutningen": "More police presence at the end of the school year",
}
# title, text, evidence, progress
PROMISES_EN = {
    "Tryggare kvällar i Skärhamns hamn": (
        "Safer evenings in Skärhamn harbour",
        "The police and the municipality promise to be visible in the harbour on weekend evenings from May to "
        "September and to improve the lighting in three places.",
        "The safety survey showed that one in four residents of Skärhamn feels unsafe in the harbour late in the "
        "evening.",
    ),
    "Mindre buskörning på gång- och cykelvägar": (
        "Less reckless driving on footpaths and cycle paths",
        "The police carry out at least ten targeted checks and the municipality puts up speed bumps on exposed "
        "stretches.",
        "Mopeds on footpaths and cycle paths were the local problem most people pointed out in the safety survey.",
    ),
    "Ljusare skolvägar": (
        "Brighter routes to school",
        "The municipality fixes every reported dark place on routes to school within four weeks.",
        "Many reports in the portal were about poor lighting along routes to school.",
    ),
}
PROGRESS_EN = {
    "Arbetet pågår enligt plan.": "The work is going according to plan.",
    "Kontrollerna har kommit igång senare än planerat.": "The checks started later than planned.",
}

STATUSES = [MeasureStatus.PLANNED, MeasureStatus.ONGOING, MeasureStatus.DONE, MeasureStatus.EVALUATED,
            MeasureStatus.CANCELLED]

# title, text, evidence, activities promised, subject: the measures that serve a promise are those of its
# categories (and of its locality, for a promise about one place); see serves().
PROMISES = [
    ("Tryggare kvällar i Skärhamns hamn",
     "Polisen och kommunen lovar att vara synliga i hamnen under helgkvällar från maj till september och att "
     "förbättra belysningen på tre platser.",
     "Trygghetsmätningen visade att var fjärde boende i Skärhamn känner sig otrygg i hamnen sent på kvällen.", 20,
     {"categories": {"berusade", "narkotika"}, "locality": "Skärhamn"}),
    ("Mindre buskörning på gång- och cykelvägar",
     "Polisen genomför minst tio riktade kontroller och kommunen sätter upp fartdämpande hinder på utsatta "
     "sträckor.",
     "Mopeder på gång- och cykelvägar var det lokala problem flest pekade ut i trygghetsmätningen.", 10,
     {"categories": {"buskorning"}, "locality": None}),
    ("Ljusare skolvägar",
     "Kommunen åtgärdar alla anmälda mörka platser på skolvägar inom fyra veckor.",
     "Många rapporter i portalen gällde dålig belysning längs skolvägar.", 15,
     {"categories": {"belysning"}, "locality": None}),
]


# The priority problems of the demo's situation report, and the categories of the measures that answer them.
PRIORITIES = [
    ("Otrygghet kvällstid i Skärhamns hamn",
     "Flest rapporter om berusade och narkotika kvällstid; var fjärde boende känner sig otrygg i hamnen.",
     {"berusade", "narkotika"}),
    ("Buskörning på gång- och cykelvägar", "Mopeder och EPA-traktorer är det problem flest pekar ut.", {"buskorning"}),
    ("Mörka skolvägar och busshållplatser", "Många rapporter om trasig eller saknad belysning.", {"belysning"}),
]
# Every third measure has no point of its own: it is shown at its locality (Measure.point).
STORY_MEASURES = {0, 2}


def serves(measure, subject):
    """Whether a demo measure works towards a promise's subject (its category, and its place if it has one)."""
    if measure.category is None or measure.category.code not in subject["categories"]:
        return False
    place = subject["locality"]
    return place is None or (measure.locality is not None and measure.locality.name == place)


# Two measures whose effect follow-up tells a story: demo reports of their category are moved into their area
# and the ring around it, in the windows before and after (the number of reports stays the same).
# place: (reports in the area, in the ring), before and after; answers: "Känns platsen tryggare nu?"
EFFECT_STORIES = [
    {"measure": 0, "status": MeasureStatus.EVALUATED, "near": "Kållekärr", "far": "Rönnäng",
     "area": (16, 6), "ring": (5, 5), "answers": ["yes", "yes", "yes", "yes", "no", "dont_know"],
     "evaluation": "Färre rapporter om mörka platser vid skolan efteråt, medan resten av Tjörn låg still. "
                   "De flesta som svarat tycker att platsen känns tryggare."},
    {"measure": 2, "status": MeasureStatus.DONE, "near": "Klädesholmen", "far": "Myggenäs",
     "area": (10, 6), "ring": (4, 9), "answers": ["yes", "no", "no", "dont_know"], "evaluation": ""},
]
STORY_STARTS_DAYS_AGO, STORY_COMPLETED_DAYS_AGO = 300, 200


def _point_at(rng, locality, low, high):
    """A point between low and high metres from the locality's centre, in a random direction."""
    distance, bearing = rng.uniform(low, high), rng.uniform(0, 2 * math.pi)
    lat = float(locality.latitude) + distance * math.cos(bearing) / METRES_PER_DEGREE_LATITUDE
    lon = float(locality.longitude) + distance * math.sin(bearing) / (
        METRES_PER_DEGREE_LATITUDE * math.cos(math.radians(float(locality.latitude))))
    return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")


def tell_effect_story(measure, story, localities, today, rng):
    """Date the measure so its follow-up is over, and move demo reports into its area and ring."""
    measure.starts_on = today - timedelta(days=STORY_STARTS_DAYS_AGO)
    measure.due_on = measure.completed_on = today - timedelta(days=STORY_COMPLETED_DAYS_AGO)
    measure.status = story["status"]
    measure.control_locality_near = localities.get(story["near"])
    measure.control_locality_far = localities.get(story["far"])
    measure.evaluation = story["evaluation"]
    measure.save()
    if measure.progress_percent < 100:  # a carried-out measure is done to 100 %
        measure.milestones.filter(done_on__isnull=True).update(done_on=measure.completed_on)
        if measure.progress_mode == ProgressMode.PERCENT:
            MeasureProgress.objects.create(measure=measure, date=measure.completed_on, percent=100, text="Klart.")
    if not (measure.category and measure.locality):
        return
    windows = [
        (measure.starts_on - timedelta(days=175), measure.starts_on - timedelta(days=5)),
        (measure.completed_on + timedelta(days=5), measure.completed_on + timedelta(days=140)),
    ]
    radius = measure.radius_metres or 500
    wanted = []  # (window, low, high metres from the centre)
    for place, (low, high) in (("area", (0, 0.8 * radius)), ("ring", (1.2 * radius, 1.8 * radius))):
        for window, n in zip(windows, story[place], strict=True):
            wanted += [(window, low, high, place)] * n
    reports = list(
        Report.objects.filter(category=measure.category, source=Source.RESIDENT, follow_up__isnull=True)
        .select_related("category", "locality").order_by("pk")[: len(wanted)]
    )
    answers = list(story["answers"])
    for report, ((first, last), low, high, place) in zip(reports, wanted, strict=False):
        day = first + timedelta(days=rng.randint(0, (last - first).days))
        report.created_at = timezone.make_aware(datetime.combine(day, time(rng.randint(8, 22))))
        report.occurred_on = day
        report.locality = measure.locality
        report.latitude, report.longitude = _point_at(rng, measure.locality, low, high)
        report.status = Status.RESOLVED
        report.published_at = report.created_at + timedelta(hours=6)
        report.resolved_at = report.created_at + timedelta(days=5)
        report.save()  # places the public point again
        if place == "area" and first > measure.starts_on and answers:
            SafetyFollowUp.objects.create(report=report, answer=answers.pop(0),
                                          answered_at=report.resolved_at + timedelta(days=28))
    even_out(measure.category, windows, {report.pk for report in reports}, rng)


def even_out(category, windows, moved, rng):
    """Spread the category's other reports in the two windows evenly over both.

    Demo reports grow towards today, which would make every control area rise;
    the story needs a flat control, as a real municipality's would roughly be.
    """
    (before_first, before_last), (after_first, after_last) = windows
    in_windows = Report.objects.filter(category=category).exclude(pk__in=moved).filter(
        Q(created_at__date__gte=before_first, created_at__date__lte=before_last)
        | Q(created_at__date__gte=after_first, created_at__date__lte=after_last)
    ).order_by("pk")
    now = demo_moment()
    changed = []
    for number, report in enumerate(in_windows):
        first, last = windows[number % 2]
        day = first + timedelta(days=rng.randint(0, (last - first).days))
        shift = timezone.make_aware(datetime.combine(day, time(rng.randint(8, 22)))) - report.created_at
        report.created_at += shift
        report.occurred_on = report.created_at.date()
        if report.published_at:
            report.published_at = min(report.published_at + shift, now)
        if report.resolved_at:
            report.resolved_at = min(report.resolved_at + shift, now)
        changed.append(report)
    Report.objects.bulk_update(changed, ["created_at", "occurred_on", "published_at", "resolved_at"])


def link_answers(measures, today):
    """Each measure answers up to three reports of its category in its locality, and the priority problems of
    a situation report frozen before the measures (a tertial of the last year) that concern its category."""
    from governance.models import Rhythm
    from governance.situation import freeze

    situation_report = freeze(
        rhythm=Rhythm.TERTIAL, day=today - timedelta(days=240),
        analysis="Tre problem står ut i tertialets problembild och ges företräde i handlingsplanen.",
        priorities=[(title, evidence) for title, evidence, _codes in PRIORITIES],
        by=_user("samordnare@trygg.example"),
    )
    problems = list(situation_report.priorities.order_by("order"))
    for measure in measures:
        if measure.category is None:
            continue
        if measure.locality is not None:
            measure.reports.set(Report.objects.filter(
                category=measure.category, locality=measure.locality, merged_into__isnull=True
            ).order_by("pk")[:3])
        measure.problems.set(
            problem for problem, (_title, _evidence, codes) in zip(problems, PRIORITIES)
            if measure.category.code in codes
        )


def _user(email):
    return User.objects.filter(email=email).first()


def adjust_steering_minutes(steering, today):
    """The steering group's minutes as a municipality runs them: the coordinator is secretary, the chair and
    the police adjust. The latest held meeting awaits the chair's adjustment (the police have adjusted);
    the one before is adjusted, and its public decision makes its minutes public."""
    secretary, chair, police = (_user(email) for email in (
        "samordnare@trygg.example", "styrgrupp@trygg.example", "polis@trygg.example"))
    if not (secretary and chair and police):
        return
    held = [m for m in steering.meetings.order_by("-starts_at") if m.starts_at.date() < today][:2]
    for meeting in held:
        meeting.minutes_versions.all().delete()
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD, secretary=secretary)
        meeting.refresh_from_db()
        meeting.adjusters.set([chair, police])
        meeting.send_for_adjustment(secretary)
        meeting.adjust_minutes(police)
    if len(held) == 2:
        earlier = held[1]
        version = earlier.adjust_minutes(chair)
        adjusted_at = earlier.starts_at + timedelta(days=6)
        MinutesApproval.objects.filter(version=version).update(approved_at=adjusted_at)
        MinutesVersion.objects.filter(pk=version.pk).update(approved_at=earlier.starts_at + timedelta(days=2),
                                                             adjusted_at=adjusted_at)


@transaction.atomic
def seed(size, out, seed=2026):
    if Agreement.objects.exists():
        out("Governance: already loaded.")
        return
    rng = random.Random(seed)
    today = demo_moment().date()
    agreement = Agreement.objects.create(
        title="Samverkansöverenskommelse för att förebygga brott och upprätthålla tryggheten i Tjörns kommun",
        parties="Tjörns kommun och Polisen", signed_on=date(2023, 10, 20), valid_from=date(2023, 10, 20),
        valid_until=date(2027, 12, 31), purpose=AGREEMENT_PURPOSE,
    )
    steering = Group.objects.create(
        agreement=agreement, kind=GroupKind.STEERING, name="Styrgrupp", slug="styrgrupp",
        description="Beslutar om prioriteringar och åtgärder utifrån den gemensamma problembilden.",
    )
    working = Group.objects.create(
        agreement=agreement, kind=GroupKind.WORKING, name="Arbetsgrupp", slug="arbetsgrupp",
        description="Bereder ärenden och genomför åtgärderna, med samordnare.",
    )
    start = date(2023, 10, 20)
    members = [
        (steering, "styrgrupp@trygg.example", Organisation.MUNICIPALITY, GroupRole.CHAIR),
        (steering, "polis@trygg.example", Organisation.POLICE, GroupRole.MEMBER),
        (steering, "samordnare@trygg.example", Organisation.MUNICIPALITY, GroupRole.COORDINATOR),
        (working, "samordnare@trygg.example", Organisation.MUNICIPALITY, GroupRole.COORDINATOR),
        (working, "arbetsgrupp@trygg.example", Organisation.MUNICIPALITY, GroupRole.MEMBER),
        (working, "polis@trygg.example", Organisation.POLICE, GroupRole.MEMBER),
    ]
    for group, email, organisation, role in members:
        user = _user(email)
        if user:
            Membership.objects.create(group=group, user=user, organisation=organisation, role=role, starts_on=start)

    # A year of meetings: the working group monthly, the steering group every quarter.
    decisions = []
    # Earlier months' minutes are approved; this month's meeting, once held, awaits approval.
    for months_ago in range(12, -2, -1):
        day = add_months(today.replace(day=12), -months_ago)
        for group in [working] + ([steering] if months_ago % 3 == 0 else []):
            starts = timezone.make_aware(datetime.combine(day, time(13 if group is working else 9)))
            held = starts.date() < today
            status = MeetingStatus.PLANNED
            if held:
                status = MeetingStatus.APPROVED if months_ago > 0 else MeetingStatus.HELD
            meeting = Meeting.objects.create(
                group=group, title=f"{group.name} {day:%Y-%m}", starts_at=starts, ends_at=starts + timedelta(hours=2),
                place="Kommunhuset, Kroksdalsvägen 1, Skärhamn", status=status,
            )
            items = [
                AgendaItem.objects.create(meeting=meeting, order=0, title="Lägesbild", presenter="Samordnaren",
                                          duration_minutes=30, incident_filter="period=30",
                                          minutes="Lägesbilden gicks igenom." if held else ""),
                AgendaItem.objects.create(meeting=meeting, order=1, title="Åtgärder – uppföljning",
                                          duration_minutes=45, minutes="Åtgärdslistan följdes upp." if held else ""),
            ]
            if held:
                for membership in group.memberships.all():
                    Attendance.objects.create(meeting=meeting, user=membership.user, present=rng.random() < 0.9)
                if group is steering:
                    decisions.append(Decision.objects.create(
                        meeting=meeting, agenda_item=items[1], decided_by=group,
                        text="Styrgruppen beslutar att prioritera belysning och närvaro i hamnen.",
                        text_en="The steering group decides to give priority to lighting and presence in the harbour.",
                        rationale="Lägesbilden visar flest rapporter om otrygghet kvällstid i hamnen.",
                        rationale_en="The problem picture shows the most reports of feeling unsafe in the harbour "
                                     "in the evening.",
                        responsible_organisation=Organisation.MUNICIPALITY, is_public=True,
                    ))
                if meeting.status == MeetingStatus.APPROVED:
                    MinutesVersion.objects.create(
                        meeting=meeting, number=1,
                        content=[{"pk": item.pk, "order": item.order, "title": item.title, "presenter": item.presenter,
                                  "minutes": item.minutes} for item in items],
                        approved_by=_user("samordnare@trygg.example"), adjusted_at=starts + timedelta(days=7),
                    )
    adjust_steering_minutes(steering, today)

    categories = {c.code: c for c in Category.objects.all()}
    localities = {loc.name: loc for loc in Locality.objects.all()}
    responsible = [u for u in (_user("samordnare@trygg.example"), _user("polis@trygg.example")) if u]
    measures = []
    for index, (title, code, place, owner, when) in enumerate(MEASURES):
        status = STATUSES[index % len(STATUSES)]
        starts = today - timedelta(days=rng.randint(30, 330))
        due = starts + timedelta(days=rng.randint(30, 180))
        if status in (MeasureStatus.PLANNED, MeasureStatus.ONGOING) and index % 4 == 1:
            due = today - timedelta(days=rng.randint(1, 20))  # some are overdue
        locality = localities.get(place)
        at_locality_only = index % 3 == 1 and index not in STORY_MEASURES
        measure = Measure.objects.create(
            title=title, description=f"{title}. Beslutad utifrån lägesbilden.", title_en=MEASURE_TITLES_EN.get(title, ""),
            description_en=f"{MEASURE_TITLES_EN[title]}. Decided from the problem picture."
            if title in MEASURE_TITLES_EN else "",
            category=categories.get(code),
            kind=categories[code].kind if code in categories else "", locality=locality,
            latitude=locality.latitude if locality and not at_locality_only else None,
            longitude=locality.longitude if locality and not at_locality_only else None,
            radius_metres=500 if locality and not at_locality_only else None, when=when, owner_organisation=owner,
            responsible_person=responsible[index % len(responsible)] if responsible else None,
            starts_on=starts, due_on=due, status=status,
            completed_on=due if status in (MeasureStatus.DONE, MeasureStatus.EVALUATED) else None,
            decision=decisions[index % len(decisions)] if decisions else None,
            evidence="Rapporter i portalen och trygghetsmätningen.",
            evaluation="Färre rapporter efteråt och boende upplever platsen som tryggare."
            if status == MeasureStatus.EVALUATED else "",
        )
        # Progress follows the status: none when planned, part of the way when ongoing, all of it when carried out.
        steps_done = {MeasureStatus.PLANNED: 0, MeasureStatus.ONGOING: 2, MeasureStatus.CANCELLED: 1}.get(status, 3)
        if index % 2:
            measure.progress_mode = ProgressMode.MILESTONES
            measure.save(update_fields=["progress_mode"])
            for step in range(3):
                Milestone.objects.create(
                    measure=measure, title=f"Steg {step + 1}", due_on=starts + timedelta(days=20 * (step + 1)),
                    done_on=starts + timedelta(days=20 * (step + 1)) if step < steps_done else None,
                )
        else:
            for step, percent in enumerate((25, 50, 100)[:steps_done]):
                MeasureProgress.objects.create(
                    measure=measure, date=starts + timedelta(days=15 * (step + 1)), percent=percent,
                    text="Arbetet går enligt plan.", author=responsible[0] if responsible else None,
                )
        measures.append(measure)

    for story in EFFECT_STORIES:
        tell_effect_story(measures[story["measure"]], story, localities, today, rng)
    link_answers(measures, today)

    for number, (title, text, evidence, promised, subject) in enumerate(PROMISES):
        title_en, text_en, evidence_en = PROMISES_EN.get(title, ("", "", ""))
        progress = "Arbetet pågår enligt plan." if number != 1 else "Kontrollerna har kommit igång senare än planerat."
        promise = CitizenPromise.objects.create(
            year=today.year, title=title, text=text, evidence=evidence,
            title_en=title_en, text_en=text_en, evidence_en=evidence_en,
            starts_on=date(today.year, 1, 1), ends_on=date(today.year, 12, 31),
            status=[PromiseStatus.ON_TRACK, PromiseStatus.DELAYED, PromiseStatus.ON_TRACK][number],
            progress_text=progress, progress_text_en=PROGRESS_EN.get(progress, ""),
            activities_promised=promised, activities_delivered=rng.randint(promised // 3, promised),
        )
        promise.measures.set([measure for measure in measures if serves(measure, subject)])
    ActionPlan.objects.create(
        year=today.year, introduction="Årets handlingsplan bygger på den gemensamma problembilden.",
        adopted_by=decisions[0] if decisions else None,
    )
    out(f"Governance: agreement, 2 groups, {Meeting.objects.count()} meetings, {Decision.objects.count()} decisions, "
        f"{Measure.objects.count()} measures, {CitizenPromise.objects.count()} citizen promises")
