"""Write a situation report (lägesbild) as a PDF/A document for the diary: situation_report_pdf <id> -o file.pdf."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from governance.models import SituationReport
from governance.situation_pdf import filename, render_pdf


class Command(BaseCommand):
    help = "Write the situation report with the given number as a PDF/A document."

    def add_arguments(self, parser):
        parser.add_argument("report_id", type=int, help="The number of the situation report.")
        parser.add_argument("-o", "--output", help="The file to write (default: a name from the period and version).")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE,
                            choices=[code for code, _name in settings.LANGUAGES], help="The document's language.")

    def handle(self, *args, report_id, output=None, language, **options):
        report = SituationReport.objects.select_related("created_by").filter(pk=report_id).first()
        if report is None:
            raise CommandError(f"There is no situation report number {report_id}.")
        with translation.override(language):
            pdf = render_pdf(report)
            path = Path(output or filename(report))
        try:
            path.write_bytes(pdf)
        except OSError as error:
            raise CommandError(f"Could not write {path}: {error.strerror}.") from error
        self.stdout.write(self.style.SUCCESS(f"Wrote situation report {report} to {path} ({len(pdf) // 1024} kB)."))
