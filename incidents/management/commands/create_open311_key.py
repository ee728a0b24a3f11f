"""Create an Open311 API key for a system that forwards residents' reports.

The key is printed once, as the last line, and only its hash is stored: hand
it over at once. Keys are listed and revoked in the admin.
"""

from django.core.management.base import BaseCommand, CommandError

from incidents.models import Open311Key

MAX_REQUESTS_PER_HOUR = 1_000_000


class Command(BaseCommand):
    help = "Create an Open311 API key for a system (e.g. FixaMinGata) and print it once."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The system the key is for.")
        parser.add_argument(
            "--requests-per-hour", type=int, default=None, help="The key's hourly limit (default 600)."
        )

    def handle(self, name, requests_per_hour, **options):
        name = name.strip()
        if not name:
            raise CommandError("Give the name of the system the key is for.")
        if len(name) > Open311Key._meta.get_field("name").max_length:
            raise CommandError("The name is too long (at most 200 characters).")
        fields = {}
        if requests_per_hour is not None:
            if not 1 <= requests_per_hour <= MAX_REQUESTS_PER_HOUR:
                raise CommandError(f"--requests-per-hour must be between 1 and {MAX_REQUESTS_PER_HOUR}.")
            fields["requests_per_hour"] = requests_per_hour
        key, secret = Open311Key.create_key(name, **fields)
        self.stdout.write(
            f"Created Open311 API key {key} with {key.requests_per_hour} requests an hour. "
            "It is shown only now; revoke it in the admin."
        )
        self.stdout.write(secret)
