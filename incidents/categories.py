"""The standard report categories and the police event types mapped to them.

Both are created by data migrations and restorable in tests; neither overwrites what coordinators
changed in the admin.
"""

# code, kind, Swedish, English, public precision
DEFAULT_CATEGORIES = [
    ("skadegorelse", "crime", "Skadegörelse", "Vandalism", "grid"),
    ("inbrott", "crime", "Inbrott", "Burglary", "locality"),
    ("stold", "crime", "Stöld", "Theft", "grid"),
    ("narkotika", "crime", "Narkotika", "Drugs", "grid"),
    ("hot-vald", "crime", "Hot eller våld", "Threats or violence", "grid"),
    ("klotter", "disorder", "Klotter", "Graffiti", "exact"),
    ("nedskrapning", "disorder", "Nedskräpning", "Littering", "exact"),
    ("buskorning", "disorder", "Buskörning och trafik", "Reckless driving and traffic", "grid"),
    ("berusade", "disorder", "Berusade personer", "Drunk people", "grid"),
    ("belysning", "unsafe_place", "Dålig belysning", "Poor lighting", "exact"),
    ("igenvuxen", "unsafe_place", "Igenvuxen plats", "Overgrown area", "exact"),
    ("overgiven-byggnad", "unsafe_place", "Övergiven byggnad", "Abandoned building", "exact"),
    ("otrygg-plats", "unsafe_place", "Annan otrygg plats", "Other unsafe place", "exact"),
]


def ensure_default_categories(Category):
    """Create the standard categories that are missing; never overwrite admin edits."""
    for order, (code, kind, name_sv, name_en, precision) in enumerate(DEFAULT_CATEGORIES):
        Category.objects.get_or_create(
            code=code,
            defaults={"kind": kind, "name_sv": name_sv, "name_en": name_en, "public_precision": precision, "order": order},
        )


# The police's event types (the ``type`` of polisen.se/api/events) and the category their events get.
# None: the type is ignored, because its events are no local safety problem (wildlife accidents, missing
# people, traffic checks, fraud mostly by phone or online) or are no incident at all (alarms, summaries
# of other police work). Coordinators change the mapping in the admin; types not listed here arrive
# unmapped and are listed for the coordinator on the police import page.
DEFAULT_POLICE_EVENT_TYPES = {
    "Skadegörelse": "skadegorelse",
    "Brand": "skadegorelse",
    "Mordbrand": "skadegorelse",
    "Inbrott": "inbrott",
    "Inbrott, försök": "inbrott",
    "Stöld/inbrott": "inbrott",
    "Stöld": "stold",
    "Stöld, försök": "stold",
    "Snatteri": "stold",
    "Fordonsstöld": "stold",
    "Häleri": "stold",
    "Narkotikabrott": "narkotika",
    "Misshandel": "hot-vald",
    "Misshandel, grov": "hot-vald",
    "Olaga hot": "hot-vald",
    "Ofredande/förargelse": "hot-vald",
    "Rån": "hot-vald",
    "Rån, försök": "hot-vald",
    "Rån väpnat": "hot-vald",
    "Skottlossning": "hot-vald",
    "Bråk": "hot-vald",
    "Våld/hot mot tjänsteman": "hot-vald",
    "Vapenlagen": "hot-vald",
    "Ordningslagen": "berusade",
    "Fylleri/LOB": "berusade",
    "Sammanfattning natt": "berusade",
    "Sammanfattning kväll och natt": "berusade",
    "Trafikolycka": "buskorning",
    "Trafikolycka, personskada": "buskorning",
    "Trafikolycka, singel": "buskorning",
    "Trafikolycka, smitning från": "buskorning",
    "Trafikbrott": "buskorning",
    "Rattfylleri": "buskorning",
    "Olovlig körning": "buskorning",
    "Vårdslöshet i trafik": "buskorning",
    "Trafikolycka, vilt": None,
    "Trafikkontroll": None,
    "Bedrägeri": None,
    "Försvunnen person": None,
    "Larm inbrott": None,
    "Polisinsats/kommendering": None,
    "Kontroll person/fordon": None,
    "Övrigt": None,
}


def ensure_default_police_event_types(PoliceEventType, Category):
    """Create the default mapping's missing types; never overwrite a coordinator's mapping."""
    categories = {category.code: category for category in Category.objects.all()}
    for name, code in DEFAULT_POLICE_EVENT_TYPES.items():
        PoliceEventType.objects.get_or_create(
            name=name, defaults={"category": categories.get(code), "ignored": code is None}
        )
