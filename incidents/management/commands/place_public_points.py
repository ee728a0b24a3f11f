"""Place every report's public point anew at its category's current precision.

Category.save and Locality.save do this by themselves when the portal changes a
precision or a locality's centre. This command is for changes that bypass them
(a data migration, SQL, a new MAP_BOUNDS that moves the 250 m grid): it goes
through the reports in batches, moves only the points that are wrong, can be
run again at any time (idempotent) and empties the map caches at the end.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from incidents.maps import empty_map_caches
from incidents.models import Category, Report


class Command(BaseCommand):
    help = "Place every report's public point anew at its category's precision; idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--category", help="Only the reports of the category with this code.")

    def handle(self, *args, category=None, **options):
        reports = Report.objects.all()
        if category:
            found = Category.objects.filter(code=category).first()
            if found is None:
                raise CommandError(f"No category with the code “{category}”.")
            reports = reports.filter(category=found)
        checked = reports.count()
        with tqdm(total=checked, desc="Reports", unit="report", file=sys.stderr, disable=None) as progress:
            moved = reports.replace_public_points(on_batch=progress.update)
        empty_map_caches()
        self.stdout.write(f"Reports checked: {checked}. Public points moved: {moved}.")
