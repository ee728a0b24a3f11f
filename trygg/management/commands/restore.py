from django.core.management.base import BaseCommand, CommandError

from trygg import backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into the empty database of DATABASE_URL and an empty MEDIA_ROOT, "
        "then check every table's row count and every media checksum against the manifest. See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="The backup directory (trygg-<time>) holding manifest.json.")
        parser.add_argument("--media-root", help="Restore the media here instead of MEDIA_ROOT.")

    def handle(self, *args, source, media_root, **options):
        try:
            manifest = backup.restore(source, media_root=media_root)
        except (backup.BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored and verified {source}: {backup.summary(manifest)}")
