import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from incidents import police


class Command(BaseCommand):
    help = (
        "Import events from the Swedish Police's open events API (a URL) or a JSON file in its format. "
        "Keeps the portal's area only; idempotent by event id; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "source",
            nargs="?",
            default=settings.POLICE_EVENTS_URL,
            metavar="PATH_OR_URL",
            help="A JSON file or an http(s) URL; defaults to the POLICE_EVENTS_URL setting.",
        )

    def handle(self, *args, source, **options):
        def with_progress(events):
            return tqdm(events, desc="Police events", unit="event", file=sys.stderr, disable=None)

        run, result = police.run_import(source, events=with_progress)
        if result is None:
            raise CommandError(run.error)
        if result.unmapped:
            self.stderr.write(
                "Police event types without a category were not imported: "
                + ", ".join(sorted(result.unmapped))
                + ". Map them (or mark them ignored) under Police event types in the admin.",
                style_func=self.style.WARNING,
            )
        self.stdout.write(self.style.SUCCESS(result.line()))
