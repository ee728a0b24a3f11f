"""The standard report categories, created by a data migration and restorable in tests."""

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
