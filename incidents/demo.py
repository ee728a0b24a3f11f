"""Demo data for the incidents app: localities and realistic reports over two years."""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils.text import slugify
from tqdm import tqdm

from incidents.categories import ensure_default_categories
from incidents.models import (
    Category,
    Locality,
    Organisation,
    ReplyTemplate,
    Report,
    ReportConfirmation,
    ReportSubscription,
    Source,
    Status,
    TimeOfDay,
    in_service_area,
)
from trygg.dates import demo_moment

MUNICIPALITY = "Tjörns kommun"

# name, latitude, longitude, approximate population
LOCALITIES = [
    ("Skärhamn", "57.988000", "11.548000", 3400),
    ("Kållekärr", "57.996000", "11.637000", 1100),
    ("Rönnäng", "57.931800", "11.586000", 900),
    ("Klädesholmen", "57.945000", "11.553000", 400),
    ("Myggenäs", "58.070000", "11.755000", 1000),
    ("Höviksnäs", "58.038000", "11.756000", 1100),
    ("Kyrkesund", "58.033000", "11.538000", 150),
    ("Bleket", "57.948900", "11.567700", 250),
    ("Åstol", "57.922300", "11.592500", 200),
    ("Dyrön", "57.908500", "11.607000", 180),
    ("Hakenäset", "58.056000", "11.735000", 600),
    ("Valla", "58.029000", "11.659000", 400),
    ("Klövedal", "58.065000", "11.652000", 300),
    ("Almö", "58.080000", "11.772000", 450),
    ("Stocken", "58.054000", "11.546000", 250),
    ("Tjörnekalv", "57.995000", "11.580000", 150),
    ("Sibbarp", "58.015000", "11.618000", 250),
    ("Häggvall", "58.043000", "11.620000", 200),
]

DESCRIPTIONS = {
    "skadegorelse": ["Krossad ruta i busskuret.", "Sönderslagna lampor vid gångtunneln.", "Papperskorgar sparkade sönder."],
    "inbrott": ["Inbrott i förråd under natten.", "Någon har brutit sig in i sjöbod.", "Försök till inbrott i villa."],
    "stold": ["Cykel stulen vid busshållplatsen.", "Båtmotor stulen från bryggan.", "Stöld ur bil på parkeringen."],
    "narkotika": ["Misstänkt narkotikaförsäljning vid parkeringen på kvällarna.", "Hittade sprutor i buskaget."],
    "hot-vald": ["Bråk mellan ungdomar utanför pizzerian.", "Hotfull person vid hamnen sent på kvällen."],
    "klotter": ["Klotter på väggen vid idrottshallen.", "Nytt klotter på elskåpet.", "Klotter på skolans gavel."],
    "nedskrapning": ["Mycket skräp och flaskor vid badplatsen.", "Nedskräpning efter helgen vid utsiktsplatsen."],
    "buskorning": ["Mopeder kör fort på gång- och cykelvägen.", "Bilar spelar hög musik och kör runt på torget nattetid."],
    "berusade": ["Berusade personer samlas vid hamnen på helgerna.", "Högljudda berusade personer utanför butiken."],
    "belysning": ["Gångvägen är helt mörk, flera lampor trasiga.", "Ingen belysning vid busshållplatsen.", "Mörkt parti längs cykelvägen."],
    "igenvuxen": ["Igenvuxna buskar gör gångvägen otrygg.", "Högt sly skymmer sikten vid övergångsstället."],
    "overgiven-byggnad": ["Övergiven lokal med trasiga fönster, ungdomar tar sig in.", "Tomt hus som används som tillhåll."],
    "otrygg-plats": ["Tunneln under vägen känns otrygg på kvällen.", "Parkeringen vid färjeläget är ödslig och mörk."],
}
CATEGORY_WEIGHTS = {
    "skadegorelse": 14, "inbrott": 5, "stold": 9, "narkotika": 3, "hot-vald": 3, "klotter": 10,
    "nedskrapning": 12, "buskorning": 12, "berusade": 6, "belysning": 12, "igenvuxen": 6,
    "overgiven-byggnad": 3, "otrygg-plats": 5,
}
FIRST_NAMES = ["Anna", "Erik", "Maria", "Johan", "Sara", "Lars", "Emma", "Karl", "Elin", "Nils"]
LAST_NAMES = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson"]


def seed_localities():
    created = 0
    for name, latitude, longitude, population in LOCALITIES:
        _locality, was_created = Locality.objects.update_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "municipality": MUNICIPALITY,
                "latitude": Decimal(latitude),
                "longitude": Decimal(longitude),
                "population": population,
            },
        )
        created += was_created
    return created


def _time_of_day(rng, kind):
    if kind == "disorder":
        return rng.choices(list(TimeOfDay), weights=[30, 5, 15, 45, 5])[0]
    return rng.choices(list(TimeOfDay), weights=[20, 15, 20, 30, 15])[0]


def _status(rng, age_days, source):
    if source == Source.POLICE:
        return Status.PUBLISHED
    if age_days < 3:
        return rng.choices([Status.NEW, Status.PUBLISHED], weights=[80, 20])[0]
    if age_days < 30:
        return rng.choices(
            [Status.NEW, Status.PUBLISHED, Status.IN_PROGRESS, Status.RESOLVED, Status.REJECTED],
            weights=[10, 35, 30, 20, 5],
        )[0]
    return rng.choices(
        [Status.PUBLISHED, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED, Status.REJECTED],
        weights=[15, 10, 60, 10, 5],
    )[0]


def build_report(rng, now, categories, localities, weights):
    """One unsaved, realistic Report with its public point and timestamps set."""
    category = rng.choices(categories, weights=[CATEGORY_WEIGHTS.get(c.code, 3) for c in categories])[0]
    locality = rng.choices(localities, weights=weights)[0]
    source = rng.choices([Source.RESIDENT, Source.POLICE, Source.SAFETY_WALK, Source.STAFF], weights=[72, 18, 5, 5])[0]
    # Summer evenings and weekends are busier; reports spread over two years.
    age_days = min(int(rng.expovariate(1 / 250)), 729)
    created = now - timedelta(days=age_days, hours=rng.randint(0, 23), minutes=rng.randint(0, 59))
    if rng.random() < 0.25:
        summer = created.replace(month=rng.choice([6, 7, 8]), day=min(created.day, 28))
        if summer <= now:
            created = summer
    while True:
        lat = float(locality.latitude) + rng.gauss(0, 0.004)
        lon = float(locality.longitude) + rng.gauss(0, 0.007)
        if in_service_area(lat, lon):
            break
    status = _status(rng, (now - created).days, source)
    description = rng.choice(DESCRIPTIONS.get(category.code, ["Otrygg plats."]))
    report = Report(
        kind=category.kind,
        category=category,
        description=description,
        public_description=description if status != Status.NEW else "",
        latitude=Decimal(f"{lat:.6f}"),
        longitude=Decimal(f"{lon:.6f}"),
        locality=locality,
        occurred_on=(created - timedelta(days=rng.choice([0, 0, 0, 1, 2]))).date(),
        time_of_day=_time_of_day(rng, category.kind),
        is_ongoing=category.kind == "unsafe_place" and rng.random() < 0.5,
        status=status,
        source=source,
        created_at=created,
        responsible_organisation=rng.choice(
            [Organisation.MUNICIPALITY, Organisation.MUNICIPALITY, Organisation.POLICE, ""]
        )
        if status != Status.NEW
        else "",
    )
    if source == Source.RESIDENT and rng.random() < 0.4:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        report.contact_name = f"{first} {last}"
        report.contact_email = f"{first}.{last}{rng.randint(1, 999)}@example.org".lower()
        report.consent_given = True
    if status != Status.NEW:
        report.published_at = created + timedelta(hours=rng.randint(2, 72))
    if status in (Status.RESOLVED, Status.CLOSED):
        report.resolved_at = created + timedelta(days=rng.randint(3, 60))
        if report.resolved_at > now:
            report.resolved_at = now
    if status == Status.CLOSED:
        report.status_reason = "Privat mark – fastighetsägaren är informerad."
    if source == Source.POLICE:
        report.occurred_at = datetime.combine(report.occurred_on, time(rng.randint(0, 23)), created.tzinfo)
    report.place_public_point()
    return report


def seed_reports(size, out, seed=2026):
    """Top up the database to `size` reports, in batches (a million takes a few minutes)."""
    missing = size - Report.objects.count()
    if missing <= 0:
        return 0
    rng = random.Random(seed + Report.objects.count())
    now = demo_moment()
    categories = list(Category.objects.active())
    localities = list(Locality.objects.all())
    weights = [max(loc.population or 100, 100) for loc in localities]
    batch_size = 5000
    with tqdm(total=missing, desc="Reports", unit="report", disable=missing < 20000) as progress:
        for start in range(0, missing, batch_size):
            batch = [
                build_report(rng, now, categories, localities, weights)
                for _ in range(min(batch_size, missing - start))
            ]
            Report.objects.bulk_create(batch, batch_size=batch_size)
            progress.update(len(batch))
    return missing


# (title, text, category code or None): saved replies the coordinators can adapt in the admin.
REPLY_TEMPLATES = [
    ("Tack – vi tittar på det", "Tack för din rapport! Vi har tagit emot den och återkommer när vi vet mer.", None),
    ("Skickad till ansvarig", "Tack för din rapport. Vi har lämnat den vidare till den som ansvarar för platsen.", None),
    ("Belysning – lampan byts", "Tack för din rapport! Gatuenheten byter lampan inom två veckor.", "belysning"),
    ("Akut – ring 112", "Pågår något just nu eller är någon i fara? Ring 112. För annat till polisen: ring 114 14.",
     None),
]


def seed_reply_templates():
    """A few reply templates, once (by title); returns how many were created."""
    created = 0
    for title, text, code in REPLY_TEMPLATES:
        category = Category.objects.filter(code=code).first() if code else None
        _template, was_created = ReplyTemplate.objects.get_or_create(
            title=title, defaults={"text": text, "category": category}
        )
        created += was_created
    return created


DEMO_FOLLOWER = "foljare@example.org"


def seed_following():
    """"I have seen this too" on a few open public reports and one confirmed follower, once.

    Returns (confirmations made, followers made); nothing when the demo already has them.
    """
    if ReportConfirmation.objects.exists() or ReportSubscription.objects.exists():
        return 0, 0
    reports = list(Report.objects.public().filter(status__in=[Status.PUBLISHED, Status.IN_PROGRESS])
                   .exclude(latitude__isnull=True).order_by("-created_at", "-pk")[:3])
    now = demo_moment()
    confirmations = [
        ReportConfirmation(report=report, created_at=now - timedelta(days=day))
        for report, count in zip(reports, (3, 2, 1))
        for day in range(count)
    ]
    ReportConfirmation.objects.bulk_create(confirmations)
    followers = 0
    if reports:
        ReportSubscription.objects.create(report=reports[0], email=DEMO_FOLLOWER, confirmed_at=now)
        followers = 1
    return len(confirmations), followers


def seed(size, out):
    created = seed_localities()
    out(f"Localities: {len(LOCALITIES)} ({created} new)")
    ensure_default_categories(Category)
    created = seed_reply_templates()
    out(f"Reply templates: {ReplyTemplate.objects.count()} ({created} new)")
    created = seed_reports(size, out)
    out(f"Reports: {Report.objects.count()} ({created} new)")
    confirmations, followers = seed_following()
    out(f"“Seen too” and followers: {ReportConfirmation.objects.count()} and {ReportSubscription.objects.count()} "
        f"({confirmations} and {followers} new)")
