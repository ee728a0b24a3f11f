"""Demo data for the incidents app: the municipality's localities."""

from decimal import Decimal

from django.utils.text import slugify

from incidents.models import Locality

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


def seed(size, out):
    created = seed_localities()
    out(f"Localities: {len(LOCALITIES)} ({created} new)")
