"""Apply the retention decision (gallring). Run daily by a scheduler; safe to run again."""

from django.conf import settings
from django.core.management.base import BaseCommand

from trygg.retention import retention_classes


class Command(BaseCommand):
    help = "Thin personal data under the municipality's retention decision (gallringsbeslut)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Show what would be thinned; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        reference = settings.RETENTION_DECISION_REFERENCE
        total = 0
        for retention_class in retention_classes():
            count = retention_class.apply(dry_run=dry_run)
            total += count
            prefix = "Would be: " if dry_run else ""
            self.stdout.write(f"{prefix}{retention_class.label}: {count} ({reference})")
        if dry_run:
            self.stdout.write(f"Dry run: {total} objects are due for retention; nothing was changed.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Retention applied: {total} objects thinned under {reference}."))
