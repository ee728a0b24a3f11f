"""Check the problem picture's rollups against the raw reports, and count them anew when asked.

The trigger keeps the rollups current (governance.rollups); this is the check that it did, for
a scheduler to run now and then (it reads every report: at night). Exits with an error when
they differ, unless --rebuild counts them anew.
"""

from django.core.management.base import BaseCommand, CommandError

from governance import rollups


class Command(BaseCommand):
    help = "Compare the problem picture's daily rollups with the raw reports; --rebuild counts them anew."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Count the rollups anew from the reports.")

    def handle(self, *args, rebuild=False, **options):
        if not rollups.available():
            self.stdout.write("No rollups on this database (PostgreSQL only, PICTURE_ROLLUPS): the picture counts "
                              "the reports themselves.")
            return
        if rebuild:
            rollups.rebuild()
        differing = rollups.differences()
        if differing:
            raise CommandError(f"The rollups differ from the reports in {len(differing)} groups "
                               "(day × locality × category × …): run check_rollups --rebuild.")
        self.stdout.write(self.style.SUCCESS(
            f"The rollups match the reports{' (counted anew)' if rebuild else ''}."))
