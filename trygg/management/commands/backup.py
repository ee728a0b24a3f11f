from django.core.management.base import BaseCommand, CommandError

from trygg import backup


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database (pg_dump, custom format) and MEDIA_ROOT into a new directory "
        "under DESTINATION, with a manifest of row counts and checksums. See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", help="Folder in which the backup directory trygg-<time> is created.")

    def handle(self, *args, destination, **options):
        try:
            target = backup.backup(destination)
        except (backup.BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        manifest = backup.read_manifest(target)
        self.stdout.write(f"Backup written to {target}: {backup.summary(manifest)}")
