"""Check the problem picture's rollups against the raw reports, and count them anew when asked.

The trigger keeps the rollups current (governance.rollups); this is the check that it did, for
a scheduler to run now and then (it reads every report: at night). Exits with an error when
they differ, unless --rebuild counts them anew.
"""

from django.core.management.base import BaseCommand, CommandError

from dialog import answer_counts
from governance import rollups
from incidents import map_cells


class Command(BaseCommand):
    help = ("Compare the problem picture's daily rollups and answer aggregates with the raw reports and answers; "
            "--rebuild counts them anew.")

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Count the rollups anew from the reports.")

    def handle(self, *args, rebuild=False, **options):
        if not rollups.available():
            self.stdout.write("No rollups on this database (PostgreSQL only, PICTURE_ROLLUPS): the picture counts "
                              "the reports themselves.")
            return
        if rebuild:
            rollups.rebuild()
            answer_counts.rebuild()
            if map_cells.available():
                map_cells.rebuild()
        differing = rollups.differences()
        if differing:
            raise CommandError(f"The rollups differ from the reports in {len(differing)} groups "
                               "(day × locality × category × …): run check_rollups --rebuild.")
        answers_differing = answer_counts.differences()
        if answers_differing:
            raise CommandError(f"The answer aggregates differ from the answers in {len(answers_differing)} groups: "
                               "run check_rollups --rebuild.")
        if map_cells.available() and map_cells.differences():
            raise CommandError("The map's kept cells differ from the public reports: run check_rollups --rebuild.")
        self.stdout.write(self.style.SUCCESS(
            f"The rollups match the reports and the answer aggregates the answers"
            f"{' (counted anew)' if rebuild else ''}."))
