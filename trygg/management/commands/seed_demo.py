from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from trygg import demo
from trygg.models import User


class Command(BaseCommand):
    help = "Load demo data: localities, one user for each role and the apps' demo content. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--size", type=int, default=1000, help="Number of incident reports to create (later apps scale with it)."
        )
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if the database already has users.")
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (demo users have known passwords)."
        )

    def handle(self, *args, size, if_empty, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo creates users with known passwords: run it with DEBUG=1 or pass --force.")
        if if_empty and User.objects.exists():
            self.stdout.write("The database already has data; demo data not loaded.")
        else:
            with transaction.atomic():
                # Each app seeds its own demo content (``seed_demo`` in its AppConfig), in app order:
                # the portal's users first, then incidents, dialogue and governance, each building on the last.
                for app_config in apps.get_app_configs():
                    seed = getattr(app_config, "seed_demo", None)
                    if seed is not None:
                        seed(size, self.stdout.write)
        self.stdout.write("Demo logins (role, email, password):")
        for line in demo.login_lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
